import {visitTerms} from '../../domain/rules/visit-terms.js';
import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {SlotTakenError, ValidationError, type FieldErrorCode} from '../../adapters/adapter.js';
import type {Catalog, Language, PatientDetails, PlainDate, Service, Slot} from '../../domain/types.js';
import {PortalErrorEvent} from '../../events.js';
import {ClinicSetupController} from '../base/portal-element.js';
import {OnlineController} from '../base/portal-element.js';
import {errorMessage} from '../../localization/error-messages.js';
import {formatDuration, formatMoney, pickText} from '../../localization/format.js';
import {currentLanguage} from '../../localization/localization.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {styles} from './booking-widget.styles.js';
import * as flow from './booking-flow.js';
import type {BookingFlow, BookingSetup as Setup, BookingState, Step} from './booking-flow.js';

type LaterSteps = typeof import('./booking-later-steps.js');

/** The slot picker's selection event (its element is defined in its own module). */
interface SlotSelectedEventLike extends Event {
  readonly slot: Slot;
}

/**
 * Online booking, from choosing a service to a confirmed appointment: services (one or more, same
 * provider) → provider or first available → day and time in the clinic's zone → details (prefilled
 * when signed in) → phone code when the backend asks → cancellation policy and deposit → review →
 * booked, with "add to calendar". A slot taken meanwhile brings the patient back to fresh times
 * with the nearest alternatives, keeping every detail typed.
 *
 * @summary Book an appointment online.
 * @csspart header - The title bar with the step list.
 * @csspart steps - The list of steps.
 * @csspart service-card - A service in the list.
 * @csspart provider-choice - A provider (or "first available") choice.
 * @csspart location-select - The list of locations ("any location" first), where several offer the visit.
 * @csspart provider-bio - "About …", the disclosure with a provider's bio.
 * @csspart button - Every button.
 * @csspart primary-button - The button that moves forward.
 * @csspart error-summary - The list of problems after a failed submit.
 * @csspart confirmation - The booked appointment.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons and selections.
 * @cssprop --portal-color-surface - Background.
 * @cssprop --portal-color-text - Text colour.
 * @cssprop --portal-radius - Corner radius.
 * @fires {PortalSlotSelectedEvent} portal-slot-selected - The patient picked a time (from the time step's picker; `slot`).
 * @fires {PortalPaymentEvent} portal-payment-succeeded - The deposit was paid (`intentId`).
 * @fires {PortalPaymentEvent} portal-payment-failed - A deposit payment did not go through (`intentId`).
 * @fires {PortalBeforeEvent} portal-before-book - Cancelable, before the booking is sent (detail: slot, service and provider ids).
 * @fires {PortalAppointmentEvent} portal-booked - After the backend confirms the booking (detail: an appointment summary without patient data).
 * @fires {PortalErrorEvent} portal-error - When an operation fails (detail: error code and operation).
 * @tagname booking-widget
 */
export class BookingWidget extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  @query('[data-step-heading]') private stepHeading!: HTMLElement | null;
  @query('.error-summary') private errorSummary!: HTMLElement | null;

  /** The booking flow's state: one immutable object, changed through booking-flow's transitions. */
  @state() private booking: BookingState = flow.initialBooking();
  @state() private tick = 0;

  /** Category to open on (its id). */
  @property({attribute: 'category'}) category?: string;
  /** Service to preselect (its id); with `single-service`, the only service offered. */
  @property({attribute: 'service'}) service?: string;
  /** Provider to preselect (its id), or `any` for first available. */
  @property({attribute: 'provider'}) provider?: string;
  /** Offer only the preselected service: a "Book this treatment" button on a treatment page. */
  @property({type: Boolean, attribute: 'single-service'}) singleService = false;
  /** Day the calendar opens on (YYYY-MM-DD). */
  @property({attribute: 'start-date'}) startDate?: PlainDate;
  /** A narrower layout for sidebars. */
  @property({type: Boolean, reflect: true}) compact = false;
  /** Details the host page already knows (prefilled; the patient can still change them). */
  @property({attribute: false}) prefill?: Partial<Omit<PatientDetails, 'language'>>;

  @state() private later?: LaterSteps;
  private laterLoading?: Promise<void>;
  private pendingFocus = false;
  private stepController?: AbortController;
  private tickTimer?: unknown;
  private readonly clinicSetup = new ClinicSetupController(this, {
    adapter: () => this.readyAdapter,
    more: async (adapter, signal) => ({catalog: await adapter.getCatalog({signal})}),
    onReady: (setup) => {
      this.applyPreselection(setup.catalog);
      if (!this.steps.includes(this.booking.step)) this.set({step: this.steps[0] ?? 'provider'});
      this.loadPartsFor(this.booking.step);
    },
    onError: (e) => this.reportError(e, 'load', true),
  });
  private readonly network = new OnlineController(this, (online) => this.connectivityChanged(online));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stepController?.abort();
    this.clock.clearTimeout(this.tickTimer);
  }

  private get setup(): Setup | undefined {
    return this.clinicSetup.value;
  }

  private get offline(): boolean {
    return !this.network.online;
  }

  /** Applies a change to the booking state: a patch, or a transition of the current state. */
  private set(patch: Partial<BookingState> | ((current: BookingState) => BookingState)) {
    this.booking = {...this.booking, ...(typeof patch === 'function' ? patch(this.booking) : patch)};
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    if (previous.status === 'signed-in' && this.sessionState.status === 'signed-out') {
      // Sign-out: drop everything about the patient from the DOM (QUALITY 12).
      this.booking = flow.signedOut(this.booking);
      if (this.booking.step === 'done' || this.booking.step === 'review') this.restart();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('prefill') && this.prefill)
      this.set({form: flow.prefillForm(this.booking.form, this.prefill)});
    if ((changed.has('service') || changed.has('category') || changed.has('provider')) && this.setup) {
      this.applyPreselection(this.setup.catalog);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.syncPaymentField();
  }

  /**
   * A payment provider's hosted field (Stripe's) cannot live in a shadow root, so while a deposit
   * is due the widget lends it a light-DOM child, forwarded through slots into the payment step.
   */
  private syncPaymentField() {
    const wanted = this.booking.step === 'policy' && !!this.booking.intent;
    let field = this.querySelector<HTMLElement>(':scope > [slot="payment-field"]');
    if (wanted && !field) {
      field = document.createElement('div');
      field.slot = 'payment-field';
      this.append(field);
    } else if (!wanted && field) {
      field.remove();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Loading

  private applyPreselection(catalog: Catalog) {
    const service = this.service ? catalog.services.find((s) => s.id === this.service) : undefined;
    const b = this.booking;
    this.set({
      categoryId:
        service?.categoryId ??
        catalog.categories.find((c) => c.id === this.category)?.id ??
        b.categoryId ??
        catalog.categories[0]?.id,
      cart: service && !b.cart.includes(service.id) ? [service.id] : b.cart,
      chosenProvider: this.provider || b.chosenProvider,
    });
  }

  private get serverNow(): number {
    void this.tick;
    return this.clinicSetup.serverNow;
  }

  private get language(): Language {
    return currentLanguage();
  }

  // ------------------------------------------------------------------------------------------
  // Derived data

  private servicesIn(serviceIds: readonly string[]): Service[] {
    return flow.servicesIn(this.setup?.catalog, serviceIds);
  }

  /** The visit's length and price with a provider (the clinic's rule, as every backend applies it). */
  private visitTerms(providerId: string | undefined, serviceIds: readonly string[]) {
    return visitTerms(this.servicesIn(serviceIds), providerId, this.setup?.clinic.currency ?? 'MXN');
  }

  /** Price shown on a service card: one price, or "from" the lowest across its providers. */
  private priceLabel(s: Service): string | undefined {
    const prices = [s.price, ...Object.values(s.providerTerms ?? {}).map((t) => t.price)].filter(
      (p): p is NonNullable<typeof p> => !!p,
    );
    if (prices.length === 0) return undefined;
    const min = prices.reduce((a, b) => (b.amountMinor < a.amountMinor ? b : a));
    const same = prices.every((p) => p.amountMinor === min.amountMinor);
    const amount = formatMoney(min, this.locale);
    return same ? amount : msg(str`from ${amount}`, {id: 'booking-price-from'});
  }

  /** Whether the visit is likely to need a deposit (the backend decides at the policy step). */
  private get depositLikely(): boolean {
    const s = this.setup;
    if (!s || !s.caps.payments) return false;
    return !!s.clinic.deposit?.defaultDeposit || this.servicesIn(this.booking.cart).some((x) => x.deposit);
  }

  private get phoneCheck(): boolean {
    return flow.phoneCheckWanted(this.setup, this.sessionState.status === 'signed-in');
  }

  private get steps(): Step[] {
    return flow.stepsFor({singleService: this.singleOnly, phoneCheck: this.phoneCheck});
  }

  /** Offers the preselected service only. */
  private get singleOnly(): boolean {
    return this.singleService && !!this.service;
  }

  private stepLabel(step: Step): string {
    switch (step) {
      case 'services':
        return msg('Service', {id: 'booking-step-services'});
      case 'provider':
        return msg('Provider', {id: 'booking-step-provider'});
      case 'time':
        return msg('Day and time', {id: 'booking-step-time'});
      case 'details':
        return msg('Your details', {id: 'booking-step-details'});
      case 'verify':
        return msg('Phone check', {id: 'booking-step-verify'});
      case 'policy':
        return this.depositLikely
          ? msg('Policy and deposit', {id: 'booking-step-policy'})
          : msg('Policy', {id: 'booking-step-policy-only'});
      case 'review':
        return msg('Review', {id: 'booking-step-review'});
      case 'done':
        return msg('Booked', {id: 'booking-step-done'});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Navigation

  /**
   * The later steps' parts are chunks loaded on the way there (one step ahead), so a page with
   * the widget loads only what its first step needs.
   */
  private loadLater(): Promise<void> {
    this.laterLoading ??= import('./booking-later-steps.js').then(async (m) => {
      this.later = m;
      await this.updateComplete;
      if (this.pendingFocus) {
        this.pendingFocus = false;
        this.stepHeading?.focus();
      }
    });
    return this.laterLoading;
  }

  private loadPartsFor(step: Step) {
    if (step === 'provider' || step === 'time' || step === 'details') void this.loadLater();
    const steps = this.steps;
    const ahead = steps[steps.indexOf(step) + 1];
    for (const s of [step, ahead]) {
      if (s === 'time') void import('../../define/portal-slot-picker.js');
      if (s === 'details') {
        void import('../../define/portal-phone-input.js');
        void import('../../define/portal-date-input.js');
      }
      if (s === 'policy') void import('../../define/portal-payment-step.js');
      if (s === 'review' || s === 'done') void import('../../define/portal-add-to-calendar.js');
    }
  }

  private async go(step: Step, options: {focus?: boolean} = {}) {
    this.loadPartsFor(step);
    this.stepController?.abort();
    this.booking = flow.enterStep(this.booking, step);
    // Entering these steps asks the backend (the later steps' chunk is loaded by then).
    if (step === 'verify' && !this.booking.challenge) void this.later?.sendCode(this.flowView);
    if (step === 'policy' && this.booking.intent === undefined) void this.later?.loadDeposit(this.flowView);
    // The card kept on file (#20 item 4), if the policy step did not get it before she moved on.
    if (step === 'review' && !this.booking.cards) void this.later?.loadCards(this.flowView, true);
    await this.updateComplete;
    if (options.focus !== false) {
      // If the step's chunk is still loading, focus its heading as soon as it renders.
      if (this.stepHeading) this.stepHeading.focus();
      else this.pendingFocus = true;
    }
  }

  /** The step after (1) or before (-1) this one. */
  private move(by: 1 | -1) {
    if (this.booking.step === 'services') this.loadPartsFor('provider');
    const to = flow.stepBeside(
      this.steps,
      this.booking.step,
      by,
      flow.needsPhoneCode(this.booking, this.phoneCheck),
    );
    if (to) void this.go(to);
  }

  private next() {
    this.move(1);
  }

  private restart() {
    this.booking = flow.restart(this.booking, this.singleOnly ? [this.service!] : []);
    void this.go(this.steps[0] ?? 'services');
  }

  /** A fresh signal for this step's request (the last one is aborted; so is this on disconnect). */
  private stepSignal(): AbortSignal {
    this.stepController?.abort();
    return (this.stepController = new AbortController()).signal;
  }

  // ------------------------------------------------------------------------------------------
  // Step actions

  /** Lets a hold go before its slot is forgotten (best effort: it expires anyway). */
  private releaseHold() {
    const hold = this.booking.hold;
    if (hold)
      void this.resolvedAdapter?.releaseHold(hold.id, {signal: this.connectedSignal}).catch(() => undefined);
  }

  private toggleService(s: Service) {
    this.releaseHold();
    this.booking = flow.toggleService(this.booking, s.id, this.provider);
    void this.loadLater(); // the provider step is in that chunk
  }

  private onSlotSelected(e: SlotSelectedEventLike) {
    e.stopPropagation();
    if (this.booking.chosenSlot?.id !== e.slot.id) this.releaseHold();
    this.booking = flow.selectSlot(this.booking, e.slot);
  }

  /** Leaving the time step: hold the slot where the backend can, so details can be typed calmly. */
  private async confirmTime() {
    if (!this.resolvedAdapter || !this.booking.chosenSlot) return;
    this.set({idempotencyKey: this.booking.idempotencyKey ?? flow.newKey()});
    await this.loadLater();
    if (await this.later!.holdChosen(this.flowView)) this.next();
  }

  private slotTaken(slot: Slot) {
    this.booking = flow.slotTaken(this.booking, slot);
    this.announce(errorMessage(new SlotTakenError(slot.id)), 'assertive');
    const event = new PortalErrorEvent('slot-taken', 'book'); // not inline: see reportError
    this.dispatchEvent(event);
    void this.go('time');
  }

  /** Moves focus to the list of problems after a refused submit (QUALITY 2). */
  private async showFieldErrors(fieldErrors: Record<string, FieldErrorCode>) {
    this.set({fieldErrors});
    await this.updateComplete;
    this.errorSummary?.focus();
  }

  private fail(e: unknown, operation: string) {
    this.reportError(e, operation, true);
  }

  private connectivityChanged(online: boolean) {
    if (!online) {
      this.announce(errorMessage(new Error('offline')), 'assertive');
      return;
    }
    // Back online: fresh slots before anything is submitted (QUALITY 25).
    const picker = this.renderRoot.querySelector<HTMLElement & {refresh?: () => void}>('portal-slot-picker');
    picker?.refresh?.();
    const slot = this.booking.chosenSlot;
    if (this.booking.step === 'review' && slot) void this.recheckSlot(slot);
  }

  private async recheckSlot(slot: Slot) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.booking.hold) return;
    try {
      const {slots} = await adapter.getAvailability(
        {serviceIds: this.booking.cart, providerId: slot.providerId, from: slot.start, to: slot.end},
        {signal: this.connectedSignal},
      );
      if (!slots.some((s) => s.start === slot.start && s.providerId === slot.providerId))
        this.slotTaken(slot);
    } catch {
      // Booking will tell if the slot is gone.
    }
  }

  /** What the later steps render from and call: typed, so the compiler checks both sides. */
  private get flowView(): BookingFlow {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the view's live `state` getter
    const widget = this;
    return {
      get state() {
        return widget.booking;
      },
      setup: this.setup!,
      locale: this.locale,
      language: this.language,
      serverNow: this.serverNow,
      session: this.sessionState.session,
      person: this.portal?.person,
      adapter: this.resolvedAdapter,
      offline: this.offline,
      singleService: this.singleOnly,
      host: this,
      set: (patch) => this.set(patch),
      releaseHold: () => this.releaseHold(),
      go: (step) => this.go(step),
      next: () => this.next(),
      restart: () => this.restart(),
      stepSignal: () => this.stepSignal(),
      showFieldErrors: (errors) => this.showFieldErrors(errors),
      focus: async (what) => {
        await this.updateComplete;
        (what === 'heading' ? this.stepHeading : this.errorSummary)?.focus();
      },
      inputProblem: (tag) => {
        // A part whose chunk hasn't arrived yet is judged by the value it reported (none yet).
        const el = this.renderRoot.querySelector<
          HTMLElement & {checkValidity?(): boolean; validity?: ValidityState}
        >(tag);
        if (!el?.checkValidity || el.checkValidity() || !el.validity) return undefined;
        const v = el.validity;
        if (v.valueMissing) return 'required';
        if (v.tooLong) return 'too-long';
        if (v.rangeOverflow) return 'date-in-future';
        if (v.rangeUnderflow) return 'date-too-old';
        return tag === 'portal-phone-input' ? 'invalid-phone' : 'invalid-date';
      },
      slotTaken: (slot) => this.slotTaken(slot),
      fail: (e, operation) => this.fail(e, operation),
      announce: (message, politeness) => this.announce(message, politeness),
      startTicking: () => this.startTicking(),
      stepLabel: (step) => this.stepLabel(step),
      stepTitle: (text) => this.stepTitle(text),
      renderNav: (forward, options) => this.renderNav(forward, options),
      renderStepError: () => this.renderStepError(),
    };
  }

  private startTicking() {
    this.clock.clearTimeout(this.tickTimer);
    const loop = () => {
      this.tick++;
      const active =
        (this.booking.hold && Date.parse(this.booking.hold.expiresAt) > this.serverNow) ||
        (this.booking.challenge && Date.parse(this.booking.challenge.resendAt) > this.serverNow);
      if (active && this.isConnected) this.tickTimer = this.clock.setTimeout(loop, 1000);
    };
    this.tickTimer = this.clock.setTimeout(loop, 1000);
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  override render() {
    const state = this.backendState.status;
    if (state === 'unavailable') return html`${this.renderHeader()}${this.renderUnavailable()}`;
    if (state === 'none') {
      return html`${this.renderHeader()}
        <p class="notice">
          ${msg('Online booking isn’t set up on this page.', {id: 'booking-no-backend'})}
        </p>`;
    }
    if (this.clinicSetup.error) {
      return html`${this.renderHeader()}
        <div class="notice error" role="alert">
          <p>${errorMessage(this.clinicSetup.error)}</p>
          <button part="button" @click=${() => this.clinicSetup.retry()}>
            ${msg('Try again', {id: 'booking-retry'})}
          </button>
        </div>`;
    }
    if (!this.setup) {
      return html`${this.renderHeader()}
        <p class="notice" role="status">
          ${msg('Loading the clinic’s services…', {id: 'booking-loading'})}
        </p>`;
    }
    return html`
      ${this.renderHeader()} ${this.renderSessionWarning()}
      ${
        this.offline
          ? html`<p class="notice warning offline" role="status">
              ${msg('You’re offline. Nothing you typed is lost; booking resumes when you reconnect.', {
                id: 'booking-offline',
              })}
            </p>`
          : nothing
      }
      ${this.renderStep()}
    `;
  }

  private renderHeader() {
    const steps = this.setup ? this.steps : [];
    const current = steps.indexOf(this.booking.step);
    return html`<div class="header" part="header">
        <h2>${msg('Book an appointment', {id: 'booking-title'})}</h2>
        ${this.renderDemoMarker()}
      </div>
      ${
        steps.length && this.booking.step !== 'done'
          ? html`<ol
              class="steps"
              part="steps"
              aria-label=${msg('Booking steps', {id: 'booking-steps-label'})}
            >
              ${steps.map(
                (s, i) =>
                  html`<li
                    aria-current=${i === current ? 'step' : 'false'}
                    class=${i < current ? 'done' : ''}
                  >
                    ${this.stepLabel(s)}
                  </li>`,
              )}
            </ol>`
          : nothing
      }`;
  }

  private stepTitle(text: string) {
    const steps = this.steps;
    const i = steps.indexOf(this.booking.step);
    const of = i >= 0 ? msg(str`Step ${i + 1} of ${steps.length}`, {id: 'booking-step-of'}) : '';
    return html`<h3 tabindex="-1" data-step-heading>
      ${of ? html`<span class="visually-hidden">${of}: </span>` : nothing}${text}
    </h3>`;
  }

  private renderStep(): TemplateResult {
    switch (this.booking.step) {
      case 'services':
        return this.renderServices();
      case 'time':
        return this.renderTime();
      default: {
        // Later steps are rendered by a chunk loaded one step ahead (see loadPartsFor).
        const later = this.later;
        if (!later) {
          void this.loadLater();
          return html`<p class="notice" role="status">${msg('Loading…', {id: 'booking-loading-step'})}</p>`;
        }
        const view = this.flowView;
        switch (this.booking.step) {
          case 'provider':
            return later.renderProviders(view);
          case 'details':
            return later.renderDetails(view);
          case 'verify':
            return later.renderVerify(view);
          case 'policy':
            return later.renderPolicy(view);
          case 'review':
            return later.renderReview(view);
          default:
            return later.renderDone(view);
        }
      }
    }
  }

  private renderNav(forward: TemplateResult | typeof nothing, options: {back?: boolean} = {}) {
    const first = this.steps.indexOf(this.booking.step) <= 0;
    return html`<div class="nav">
      ${
        options.back !== false && !first
          ? html`<button type="button" part="button" @click=${() => this.move(-1)}>
              ${msg('Back', {id: 'booking-back'})}
            </button>`
          : html`<span class="spacer"></span>`
      }
      ${forward}
    </div>`;
  }

  private renderStepError() {
    if (!this.booking.stepError || this.booking.stepError instanceof ValidationError) return nothing;
    return html`<div class="notice error" role="alert">${errorMessage(this.booking.stepError)}</div>`;
  }

  private renderServices() {
    const s = this.setup!;
    const loc = this.locale;
    const services = s.catalog.services.filter((x) => x.categoryId === this.booking.categoryId);
    const cart = this.servicesIn(this.booking.cart);
    const terms = this.visitTerms(undefined, this.booking.cart);
    return html`
      ${this.stepTitle(msg('Choose a service', {id: 'booking-choose-service'}))}
      <div class="categories" role="group" aria-label=${msg('Categories', {id: 'booking-categories'})}>
        ${s.catalog.categories.map(
          (c) =>
            html`<button
              type="button"
              part="button"
              aria-pressed=${c.id === this.booking.categoryId ? 'true' : 'false'}
              @click=${() => this.set({categoryId: c.id})}
            >
              ${pickText(c.name, loc, s.clinic.languages)}
            </button>`,
        )}
      </div>
      <ul class="cards">
        ${services.map((svc) => this.renderServiceCard(svc))}
      </ul>
      ${
        cart.length
          ? html`<section class="visit" aria-labelledby="visit-title">
              <strong id="visit-title">${msg('Your visit', {id: 'booking-your-visit'})}</strong>
              <ul>
                ${cart.map(
                  (c) =>
                    html`<li>
                      <span>${pickText(c.name, loc, s.clinic.languages)}</span>
                      <button
                        type="button"
                        class="link-button"
                        part="button"
                        @click=${() => this.toggleService(c)}
                        aria-label=${msg(str`Remove ${pickText(c.name, loc, s.clinic.languages)}`, {
                          id: 'booking-remove-service',
                        })}
                      >
                        ${msg('Remove', {id: 'booking-remove'})}
                      </button>
                    </li>`,
                )}
              </ul>
              <span
                >${msg(str`About ${formatDuration(terms.minutes, loc)}`, {id: 'booking-visit-length'})}</span
              >
            </section>`
          : nothing
      }
      ${this.renderNav(
        html`<button
          type="button"
          class="primary"
          part="button primary-button"
          ?disabled=${cart.length === 0}
          @click=${() => this.next()}
        >
          ${msg('Continue', {id: 'booking-continue'})}
        </button>`,
      )}
    `;
  }

  private renderServiceCard(svc: Service) {
    const s = this.setup!;
    const loc = this.locale;
    const name = pickText(svc.name, loc, s.clinic.languages);
    const selected = this.booking.cart.includes(svc.id);
    const addable = flow.canAdd(s.catalog, this.booking.cart, svc);
    const price = this.priceLabel(svc);
    // The name says the action and the service, never the check mark or a space before ":".
    const action = selected ? msg('Added', {id: 'booking-added'}) : msg('Book now', {id: 'booking-book-now'});
    return html`<li class="card ${selected ? 'selected' : ''}" part="service-card">
      <span class="title">${name}</span>
      ${svc.description ? html`<span>${pickText(svc.description, loc, s.clinic.languages)}</span>` : nothing}
      <span class="meta">
        <span>${formatDuration(svc.durationMinutes, loc)}</span>
        ${price ? html`<span>${price}</span>` : nothing}
        <span
          >${
            svc.mode === 'video'
              ? msg('Video visit', {id: 'booking-mode-video'})
              : msg('In person', {id: 'booking-mode-in-person'})
          }</span
        >
        ${
          svc.deposit
            ? html`<span
                >${msg(str`Deposit ${formatMoney(svc.deposit, loc)}`, {id: 'booking-deposit-badge'})}</span
              >`
            : nothing
        }
      </span>
      ${
        svc.preVisitInstructions
          ? html`<details>
              <summary>${msg('Before your visit', {id: 'booking-pre-visit'})}</summary>
              <p>${pickText(svc.preVisitInstructions, loc, s.clinic.languages)}</p>
            </details>`
          : nothing
      }
      <div class="actions">
        ${
          !addable
            ? html`<span class="meta"
                >${msg('Book this one separately: it can’t share a visit with your choice.', {
                  id: 'booking-cannot-combine',
                })}</span
              >`
            : html`<span></span>`
        }
        <button
          type="button"
          part="button"
          class=${selected ? '' : 'primary'}
          aria-pressed=${selected ? 'true' : 'false'}
          aria-label=${`${action}: ${name}`}
          ?disabled=${!addable}
          @click=${() => this.toggleService(svc)}
        >
          ${action}${selected ? html` <span aria-hidden="true">✓</span>` : nothing}
        </button>
      </div>
    </li>`;
  }

  private renderTime() {
    const s = this.setup!;
    return html`
      ${this.stepTitle(msg('Choose a day and time', {id: 'booking-choose-time'}))}
      ${
        this.booking.conflictNear
          ? html`<p class="notice warning">${errorMessage(new SlotTakenError())}</p>`
          : nothing
      }
      <portal-slot-picker
        .adapter=${this.resolvedAdapter}
        .serviceIds=${this.booking.cart}
        .providerId=${this.booking.chosenProvider ?? 'any'}
        .locationId=${this.booking.chosenLocation}
        .timeZone=${s.clinic.timeZone}
        .serverNow=${this.serverNow}
        .startDate=${this.startDate}
        .selected=${this.booking.chosenSlot}
        .highlightNear=${this.booking.conflictNear}
        ?compact=${this.compact}
        @portal-slot-selected=${(e: SlotSelectedEventLike) => this.onSlotSelected(e)}
      ></portal-slot-picker>
      ${this.renderStepError()}
      ${this.renderNav(
        html`<button
          type="button"
          class="primary"
          part="button primary-button"
          ?disabled=${!this.booking.chosenSlot || this.booking.busy}
          @click=${() => void this.confirmTime()}
        >
          ${msg('Continue', {id: 'booking-continue'})}
        </button>`,
      )}
      ${// After Continue: the times' keyboard path is unchanged (#21's waitlist, later-steps chunk).
      this.later?.renderWaitlist(this.flowView)}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booking-widget': BookingWidget;
  }
}
