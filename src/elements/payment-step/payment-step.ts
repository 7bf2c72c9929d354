import {css, html, nothing, type PropertyValues} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {NetworkError, PaymentFailedError, isPortalError, type PortalAdapter} from '../../adapters/adapter.js';
import type {PaymentIntent} from '../../domain/types.js';
import {errorMessage} from '../../localization/error-messages.js';
import {formatMoney} from '../../localization/format.js';
import {
  paymentProviderFor,
  type PaymentProvider,
  type PaymentResult,
} from '../../payments/payment-provider.js';
import type {SetupTexts} from '../../payments/payment-types.js';
import {cardSetupTexts} from './setup-texts.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';

/** The deposit was paid, or the payment failed. Carries the payment intent's id only — never card data. */
export class PortalPaymentEvent extends Event {
  constructor(
    type: 'portal-payment-succeeded' | 'portal-payment-failed',
    readonly intentId: string,
  ) {
    super(type, {bubbles: true, composed: true});
  }
}

type Phase =
  | {readonly kind: 'idle'}
  | {readonly kind: 'loading'}
  | {readonly kind: 'ready'}
  | {readonly kind: 'confirming'}
  | {readonly kind: 'succeeded'}
  | {readonly kind: 'failed'; readonly result: PaymentFailure}
  | {readonly kind: 'unavailable'; readonly error: unknown};

type PaymentFailure = Extract<PaymentResult, {status: 'failed'}>;

const FIELD_SLOT = 'payment-field';

/**
 * The deposit step of a booking: says what is due, shows the payment provider's own field (the
 * demo clinic's test cards, or Stripe's Payment Element), and pays it with "Pay deposit".
 *
 * Card data never passes through this element: the provider's field lives in a light-DOM
 * container this element creates as its child (`<div slot="payment-field">`) and shows through
 * `<slot name="payment-field">` — Stripe cannot mount inside a shadow root. A host that renders
 * the step inside its own shadow root forwards the slot (see `src/payments/stripe-provider.ts`).
 *
 * "Pay deposit" confirms once however often it is pressed; while the payment is confirmed it is
 * `aria-disabled` (it keeps focus, unlike `disabled`). Success and failure are each announced
 * once; a failure keeps the field so the patient can choose another card and try again.
 *
 * @summary The deposit payment step (pluggable provider: demo test cards or Stripe).
 * @slot payment-field - The provider's field. Created by the element; a host may forward its own light-DOM node.
 * @csspart base - The step's box.
 * @csspart amount - "A deposit of … is due to book this visit."
 * @csspart field - The box around the provider's field.
 * @csspart loading - "Loading the secure payment form…".
 * @csspart button - The step's buttons.
 * @csspart pay-button - The "Pay deposit" button.
 * @csspart retry-button - "Try again" after the field could not be loaded.
 * @csspart error - The failure message.
 * @csspart success - The "deposit paid" message.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Colour of the pay button (also passed to Stripe's field).
 * @fires {PortalPaymentEvent} portal-payment-succeeded - The deposit (or balance) was paid (`intentId`).
 * @fires {PortalPaymentEvent} portal-payment-failed - The payment did not go through (`intentId`); the patient may try again.
 * @tagname portal-payment-step
 */
export class PaymentStep extends PortalElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      .step {
        display: grid;
        gap: 0.75rem;
      }
      .step[hidden] {
        display: none;
      }
      .amount {
        margin: 0;
        font-weight: 600;
      }
      .field[hidden] {
        display: none;
      }
      .loading {
        margin: 0;
        color: var(--_muted);
      }
      ::slotted([slot='payment-field']) {
        display: block;
      }
      .notice {
        margin: 0;
      }
      .notice:focus {
        outline: 3px solid var(--_focus);
        outline-offset: 2px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      button[aria-disabled='true'] {
        cursor: not-allowed;
      }
      button.primary[aria-disabled='true'] {
        background: var(--_muted);
        border-color: var(--_muted);
      }
      .demo-marker {
        justify-self: start;
      }
    `,
  ];

  @query('button.pay') private payButton?: HTMLButtonElement;
  @query('.notice.success') private successMessage?: HTMLElement;

  @state() private phase: Phase = {kind: 'idle'};
  /** "Continue" was pressed before paying: say so at the field. */
  @state() private required = false;

  /** The deposit to pay, from the backend (`createDepositIntent`), or an invoice's balance (`createInvoicePaymentIntent`). */
  @property({attribute: false}) intent?: PaymentIntent;

  /** What is paid: a booking's `deposit` (default) or an invoice's `balance` (the texts say which). */
  @property() purpose: 'deposit' | 'balance' = 'deposit';

  /**
   * Saving a card (an intent with `mode: 'setup'`, nothing charged): the step's texts, when the host
   * wants its own (default: "Save a card with the clinic. Nothing is charged now.", "Save card"…).
   */
  @property({attribute: false}) setupTexts?: SetupTexts;

  /** The texts of a card setup (an intent with `mode: 'setup'`), in the page's language. */
  private texts(): SetupTexts | undefined {
    return this.intent?.mode === 'setup' ? (this.setupTexts ?? cardSetupTexts()) : undefined;
  }

  private provider?: PaymentProvider;
  private providerLocale = '';
  /** What the mounted field was set up for; a change of intent or adapter sets it up again. */
  private mountedFor?: {intent: PaymentIntent; adapter: PortalAdapter | undefined};
  private setupSeq = 0;
  private confirming = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.fieldContainer();
    // Moved in the page: the field was removed on disconnect, so set it up again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.setupSeq++;
    this.tearDown();
    // A paid deposit stays paid; anything else is set up again if the element comes back.
    if (this.phase.kind !== 'succeeded') {
      this.mountedFor = undefined;
      this.phase = {kind: 'idle'};
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const intent = this.intent;
    const adapter = this.resolvedAdapter;
    if (this.mountedFor?.intent !== intent || this.mountedFor?.adapter !== adapter) {
      this.mountedFor = intent ? {intent, adapter} : undefined;
      void this.setUp();
    } else if (this.provider && (this.providerLocale !== this.locale || changed.has('setupTexts'))) {
      this.providerLocale = this.locale;
      this.provider.setLocale?.(this.locale);
    }
  }

  /**
   * The light-DOM node the provider's field goes in: a child with `slot="payment-field"` (created
   * if missing), or, when that child is a forwarded `<slot>`, the node assigned to it.
   */
  private fieldContainer(): HTMLElement {
    const own = [...this.children].filter((c) => c.getAttribute('slot') === FIELD_SLOT);
    for (const child of own) {
      if (child instanceof HTMLSlotElement) {
        const assigned = child.assignedElements({flatten: true})[0];
        if (assigned instanceof HTMLElement) return assigned;
      } else if (child instanceof HTMLElement) {
        return child;
      }
    }
    const div = document.createElement('div');
    div.slot = FIELD_SLOT;
    div.className = 'portal-payment-field';
    this.append(div);
    return div;
  }

  private async setUp() {
    const seq = ++this.setupSeq;
    this.tearDown();
    this.confirming = false;
    const intent = this.intent;
    if (!intent) {
      this.phase = {kind: 'idle'};
      return;
    }
    this.phase = {kind: 'loading'};
    // A `backend` attribute still resolving: wait for its adapter (the demo field confirms through it).
    if (this.backendState.status === 'loading') return;
    try {
      const provider = await paymentProviderFor(intent.provider);
      if (seq !== this.setupSeq) return;
      await provider.mount(this.fieldContainer(), intent, {
        locale: this.locale,
        adapter: this.resolvedAdapter,
        setupTexts: () => this.texts(),
      });
      if (seq !== this.setupSeq) {
        provider.unmount();
        return;
      }
      this.provider = provider;
      this.providerLocale = this.locale;
      this.phase = {kind: 'ready'};
    } catch (e) {
      if (seq !== this.setupSeq) return;
      const error = isPortalError(e) ? e : new NetworkError('network', undefined, {cause: e});
      this.phase = {kind: 'unavailable', error};
      this.announce(errorMessage(error), 'assertive');
    }
  }

  private tearDown() {
    this.provider?.unmount();
    this.provider = undefined;
  }

  /**
   * Says "Pay the deposit to continue" at the field and moves focus to its button, which the
   * message describes (said once, by the focus); announced aloud when there is no button to focus.
   */
  async requirePayment(): Promise<void> {
    this.required = true;
    await this.updateComplete;
    const button = this.renderRoot.querySelector('button');
    if (button) button.focus();
    else this.announce(this.requiredMessage(), 'assertive');
  }

  private requiredMessage() {
    return msg('Please pay the deposit to continue.', {id: 'payment-pay-first'});
  }

  private retry() {
    this.mountedFor = undefined;
    this.requestUpdate();
  }

  /** Worked out at each render, so the message follows a change of language. */
  private failureMessage(result: PaymentFailure): string {
    switch (result.code) {
      case 'incomplete':
        return msg('Please complete the payment details above.', {id: 'payment-incomplete'});
      case 'network':
        return errorMessage(isPortalError(result.error) ? result.error : new NetworkError('network'));
      case 'payment-failed':
        return errorMessage(isPortalError(result.error) ? result.error : new PaymentFailedError());
    }
  }

  private async pay() {
    const provider = this.provider;
    const intent = this.intent;
    if (this.confirming || !provider || !intent) return;
    if (this.phase.kind !== 'ready' && this.phase.kind !== 'failed') return;
    this.confirming = true;
    this.phase = {kind: 'confirming'};
    const result = await provider.confirm();
    this.confirming = false;
    if (provider !== this.provider) return; // the step was reset meanwhile
    if (result.status === 'succeeded') {
      const hadFocus = this.payButton !== undefined && this.shadowRoot?.activeElement === this.payButton;
      this.tearDown();
      this.phase = {kind: 'succeeded'};
      this.dispatchEvent(new PortalPaymentEvent('portal-payment-succeeded', intent.id));
      await this.updateComplete;
      // Said once: by moving focus to the message when the button that had it is gone, else aloud.
      if (hadFocus && this.successMessage) this.successMessage.focus();
      else this.announce(this.successMessage?.textContent?.trim() ?? '');
      return;
    }
    this.phase = {kind: 'failed', result};
    this.announce(this.failureMessage(result), 'assertive');
    this.dispatchEvent(new PortalPaymentEvent('portal-payment-failed', intent.id));
  }

  private renderActions(error: string) {
    const phase = this.phase;
    const setup = this.texts();
    if (phase.kind === 'succeeded' || phase.kind === 'idle') return nothing;
    if (phase.kind === 'unavailable') {
      // Only a problem that may pass (connection, busy server) gets a retry: never a dead button.
      if (!isPortalError(phase.error) || !phase.error.retryable) return nothing;
      return html`<div class="actions">
        <button
          type="button"
          class="retry"
          part="button retry-button"
          aria-describedby="error"
          @click=${this.retry}
        >
          ${msg('Try again', {id: 'payment-retry'})}
        </button>
      </div>`;
    }
    const busy = phase.kind === 'confirming' || phase.kind === 'loading';
    return html`<div class="actions">
      <button
        type="button"
        class="primary pay"
        part="button pay-button"
        aria-disabled=${busy ? 'true' : 'false'}
        aria-describedby=${error ? 'error' : nothing}
        @click=${() => void this.pay()}
      >
        ${
          setup
            ? phase.kind === 'confirming'
              ? setup.busy
              : setup.button
            : phase.kind === 'confirming'
              ? msg('Processing payment…', {id: 'payment-processing'})
              : this.purpose === 'balance'
                ? msg('Pay balance', {id: 'payment-pay-balance'})
                : msg('Pay deposit', {id: 'payment-pay'})
        }
      </button>
    </div>`;
  }

  override render() {
    const intent = this.intent;
    const setup = this.texts();
    const amount = intent ? formatMoney(intent.amount, this.locale) : '';
    const phase = this.phase;
    const fieldHidden = phase.kind === 'succeeded' || phase.kind === 'unavailable' || phase.kind === 'idle';
    const error =
      phase.kind === 'failed'
        ? this.failureMessage(phase.result)
        : phase.kind === 'unavailable'
          ? errorMessage(phase.error)
          : this.required && phase.kind !== 'succeeded'
            ? this.requiredMessage()
            : '';
    return html`<div class="step" part="base" ?hidden=${!intent}>
      ${this.renderDemoMarker()}
      ${
        intent
          ? html`<p class="amount" part="amount">
              ${
                setup
                  ? setup.due
                  : this.purpose === 'balance'
                    ? msg(str`The balance due on this invoice is ${amount}.`, {id: 'payment-balance-due'})
                    : msg(str`A deposit of ${amount} is due to book this visit.`, {id: 'payment-deposit-due'})
              }
            </p>`
          : nothing
      }
      <div
        class="field"
        part="field"
        ?hidden=${fieldHidden}
        aria-busy=${phase.kind === 'loading' ? 'true' : 'false'}
      >
        ${
          phase.kind === 'loading'
            ? html`<p class="loading" part="loading">
                ${msg('Loading the secure payment form…', {id: 'payment-loading'})}
              </p>`
            : nothing
        }
        <slot name="payment-field"></slot>
      </div>
      ${error ? html`<p class="notice error" part="error" id="error">${error}</p>` : nothing}
      ${
        phase.kind === 'succeeded'
          ? html`<p class="notice success" part="success" tabindex="-1">
              ${
                setup
                  ? setup.done
                  : this.purpose === 'balance'
                    ? msg(str`Your payment of ${amount} has been received.`, {id: 'payment-balance-paid'})
                    : msg(str`Your deposit of ${amount} has been paid.`, {id: 'payment-succeeded'})
              }
            </p>`
          : nothing
      }
      ${this.renderActions(error)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-payment-step': PaymentStep;
  }
  interface HTMLElementEventMap {
    'portal-payment-succeeded': PortalPaymentEvent;
    'portal-payment-failed': PortalPaymentEvent;
  }
}
