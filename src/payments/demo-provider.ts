/**
 * The demo clinic's payment step: no card field at all. The patient picks one of the two
 * documented test cards (one succeeds, one is declined) and the demo backend "charges" it — so the
 * whole deposit flow can be tried, and tested, without a payment company and without any card
 * number ever being typed into our DOM (QUALITY 18).
 *
 * It works with a backend that offers the demo confirmation step, `confirmDemoPayment`: the
 * in-memory demo clinic, or the REST adapter of a server whose `payments` capability is `demo` (the
 * reference server with a deposit policy). Found by a structural check, so this chunk never imports
 * an adapter; a backend issues a `demo` intent only when its payments are the demo's.
 */
import {adoptStyles, css, html, nothing, render} from 'lit';
import {msg, str} from '@lit/localize';
import {
  NotSupportedError,
  isPortalError,
  type DemoPaymentBackend as DemoPayments,
  type PortalAdapter,
} from '../adapters/adapter.js';
import type {PaymentIntent} from '../domain/types.js';
import {formatMoney} from '../localization/format.js';
import type {PaymentMountOptions, PaymentProvider, PaymentResult} from './payment-types.js';

/** What the demo provider needs from a backend: the contract's optional demo payment step. */
type DemoPaymentBackend = PortalAdapter & DemoPayments;

/** Whether `adapter` can "charge" a test card (the in-memory demo clinic, or REST to a demo-payments server). */
export function isDemoPaymentBackend(adapter: PortalAdapter | undefined): adapter is DemoPaymentBackend {
  return (
    adapter !== undefined && typeof (adapter as Partial<DemoPaymentBackend>).confirmDemoPayment === 'function'
  );
}

/** The documented test cards (README, demo clinic): Stripe's well-known test numbers. */
const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  // Saving a card (a setup): two more of Stripe's test numbers.
  mastercard: '5555555555554444',
  'charge-declines': '4000000000000341',
} as const;
export type DemoCardChoice = keyof typeof TEST_CARDS;

const styles = css`
  :host {
    display: block;
  }
  fieldset {
    margin: 0;
    padding: 0.5rem 1rem 0.75rem;
    border: 2px dashed var(--_demo, #6b2fa3);
    border-radius: var(--_radius, 0.5rem);
    min-inline-size: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .hint {
    margin: 0 0 0.25rem;
    color: var(--_muted, #4f5965);
  }
  label {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 2.75rem;
    cursor: pointer;
  }
  input {
    flex: none;
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_accent, #0b5cad);
  }
  input:focus-visible {
    outline: 3px solid var(--_focus, #0b5cad);
    outline-offset: 2px;
  }
`;

let instances = 0;

export class DemoPaymentProvider implements PaymentProvider {
  readonly id = 'demo';
  /** Which test card is chosen (the one that succeeds, at first). */
  choice: DemoCardChoice = 'succeeds';

  private readonly name = `portal-demo-card-${++instances}`;
  private host?: HTMLElement;
  private root?: ShadowRoot;
  private intent?: PaymentIntent;
  private backend?: DemoPaymentBackend;
  private locale = 'en-US';
  private setupTexts?: PaymentMountOptions['setupTexts'];

  async mount(container: HTMLElement, intent: PaymentIntent, options: PaymentMountOptions): Promise<void> {
    if (!isDemoPaymentBackend(options.adapter)) throw new NotSupportedError('payments:demo');
    this.unmount();
    this.intent = intent;
    this.backend = options.adapter;
    this.locale = options.locale;
    this.setupTexts = options.setupTexts;
    // Its own shadow root, so its look comes from our tokens (inherited through the slot), not the page.
    this.host = document.createElement('div');
    this.host.className = 'portal-demo-payment';
    this.root = this.host.attachShadow({mode: 'open'});
    adoptStyles(this.root, [styles]);
    container.append(this.host);
    this.render();
  }

  setLocale(locale: string): void {
    this.locale = locale;
    this.render();
  }

  async confirm(): Promise<PaymentResult> {
    const backend = this.backend;
    const intent = this.intent;
    if (!backend || !intent) return {status: 'failed', code: 'payment-failed'};
    const card = this.cardNumber(backend);
    try {
      if (intent.mode === 'setup') {
        if (!backend.confirmDemoCardSetup) throw new NotSupportedError('cards');
        await backend.confirmDemoCardSetup(intent.id, card);
      } else await backend.confirmDemoPayment(intent.id, card);
      return {status: 'succeeded'};
    } catch (error) {
      if (!isPortalError(error)) return {status: 'failed', code: 'network', error};
      switch (error.code) {
        case 'payment-failed':
          return {status: 'failed', code: 'payment-failed', error};
        case 'validation':
          return {status: 'failed', code: 'incomplete', error};
        case 'network':
        case 'timeout':
        case 'server':
          return {status: 'failed', code: 'network', error};
        default:
          return {status: 'failed', code: 'payment-failed', error};
      }
    }
  }

  unmount(): void {
    if (this.root) render(nothing, this.root);
    this.host?.remove();
    this.host = undefined;
    this.root = undefined;
  }

  private cardNumber(backend: DemoPaymentBackend): string {
    const info = backend.demoInfo;
    if (this.choice === 'declined') return info?.cardDeclined ?? TEST_CARDS.declined;
    if (this.choice !== 'succeeds') return TEST_CARDS[this.choice];
    return info?.cardSuccess ?? TEST_CARDS.succeeds;
  }

  private choose(choice: DemoCardChoice) {
    this.choice = choice;
    this.render();
  }

  private render() {
    if (!this.root || !this.intent) return;
    const amount = formatMoney(this.intent.amount, this.locale);
    const option = (choice: DemoCardChoice, label: string) =>
      html`<label
        ><input
          type="radio"
          name=${this.name}
          value=${choice}
          .checked=${this.choice === choice}
          @change=${() => this.choose(choice)}
        /><span>${label}</span></label
      >`;
    // Saving a card: the host's texts (legend, the two extra test cards).
    const setup = this.intent.mode === 'setup' ? this.setupTexts?.() : undefined;
    render(
      html`<fieldset>
        <legend>
          ${setup ? setup.legend : msg(str`Test payment of ${amount}`, {id: 'payment-demo-legend'})}
        </legend>
        <p class="hint">
          ${msg('Demo clinic: choose a test card. No real money is charged.', {id: 'payment-demo-hint'})}
        </p>
        ${option('succeeds', msg('Test card that succeeds (4242\u00a0…\u00a04242)', {id: 'payment-demo-card-success'}))}
        ${setup ? html`${option('mastercard', setup.mastercard)}${option('charge-declines', setup.chargeDeclines)}` : nothing}
        ${option('declined', msg('Test card that is declined (4000\u00a0…\u00a00002)', {id: 'payment-demo-card-declined'}))}
      </fieldset>`,
      this.root,
    );
  }
}
