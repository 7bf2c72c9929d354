import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  SlotTakenError,
  ValidationError,
  type FieldErrorCode,
  type Hold,
} from '../../adapters/adapter.js';
import type {
  Appointment,
  Catalog,
  E164,
  Instant,
  Language,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  PlainDate,
  Provider,
  Service,
  Slot,
} from '../../domain/types.js';
import {summarizeAppointment} from '../../domain/types.js';
import {PortalAppointmentEvent, PortalBeforeEvent, PortalErrorEvent} from '../../events.js';
import {ClinicSetupController} from '../../controllers/clinic-setup.js';
import {OnlineController} from '../../controllers/online.js';
import {errorMessage} from '../../localization/error-messages.js';
import {formatDuration, formatMoney, pickText} from '../../localization/format.js';
import {currentLanguage} from '../../localization/localization.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {styles} from './booking-widget.styles.js';
import type {BookingSetup as Setup, BookingView, DetailsForm, Step} from './booking-view.js';

type LaterSteps = typeof import('./booking-later-steps.js');

/** The slot picker's selection event (its element is defined in its own module). */
interface SlotSelectedEventLike extends Event {
  readonly slot: Slot;
}

const MAX_NAME = 100;
const MAX_EMAIL = 254;
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

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
 * @csspart button - Every button.
 * @csspart primary-button - The button that moves forward.
 * @csspart error-summary - The list of problems after a failed submit.
 * @csspart confirmation - The booked appointment.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons and selections.
 * @cssprop --portal-color-surface - Background.
 * @cssprop --portal-color-text - Text colour.
 * @cssprop --portal-radius - Corner radius.
 * @fires portal-before-book - Cancelable, before the booking is sent (detail: slot, service and provider ids).
 * @fires portal-booked - After the backend confirms the booking (detail: an appointment summary without patient data).
 * @fires portal-error - When an operation fails (detail: error code and operation).
 * @tagname booking-widget
 */
export class BookingWidget extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  @query('[data-step-heading]') private stepHeading!: HTMLElement | null;
  @query('.error-summary') private errorSummary!: HTMLElement | null;

  @state() private step: Step = 'services';
  @state() private categoryId?: string;
  @state() private cart: string[] = [];
  @state() private chosenProvider?: string;
  @state() private chosenSlot?: Slot;
  @state() private conflictNear?: Instant;
  @state() private hold?: Hold;
  @state() private form: DetailsForm = {
    givenName: '',
    familyName: '',
    email: '',
    phone: '',
    dateOfBirth: '',
    privacyConsent: false,
  };
  @state() private fieldErrors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private challenge?: PhoneChallenge;
  @state() private code = '';
  @state() private verificationToken?: string;
  @state() private verifiedPhone?: string;
  @state() private policyAccepted = false;
  @state() private intent?: PaymentIntent | null;
  @state() private paid = false;
  @state() private busy = false;
  @state() private stepError?: unknown;
  @state() private appointment?: Appointment;
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
  /** One key per booking intent: every retry of the same booking sends it again. */
  private idempotencyKey?: string;
  private tickTimer?: unknown;
  private readonly clinicSetup = new ClinicSetupController(this, {
    adapter: () => this.readyAdapter,
    more: async (adapter, signal) => ({catalog: await adapter.getCatalog({signal})}),
    onReady: (setup) => {
      this.applyPreselection(setup.catalog);
      if (!this.steps.includes(this.step)) this.step = this.steps[0] ?? 'provider';
      this.loadPartsFor(this.step);
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

  protected override sessionChanged(previous: SessionSnapshot): void {
    if (previous.status === 'signed-in' && this.sessionState.status === 'signed-out') {
      // Sign-out: drop everything about the patient from the DOM (QUALITY 12).
      this.form = {
        givenName: '',
        familyName: '',
        email: '',
        phone: '',
        dateOfBirth: '',
        privacyConsent: false,
      };
      this.verificationToken = undefined;
      this.verifiedPhone = undefined;
      this.challenge = undefined;
      if (this.step === 'done' || this.step === 'review') this.restart();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('prefill') && this.prefill) {
      // Only fills what the patient hasn't typed yet.
      const f = this.form;
      const p = this.prefill;
      this.form = {
        ...f,
        givenName: f.givenName || p.givenName || '',
        familyName: f.familyName || p.familyName || '',
        email: f.email || p.email || '',
        phone: f.phone || p.phone || '',
        dateOfBirth: f.dateOfBirth || p.dateOfBirth || '',
      };
    }
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
    const wanted = this.step === 'policy' && !!this.intent;
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
    this.categoryId =
      service?.categoryId ??
      catalog.categories.find((c) => c.id === this.category)?.id ??
      this.categoryId ??
      catalog.categories[0]?.id;
    if (service && !this.cart.includes(service.id)) this.cart = [service.id];
    if (this.provider) this.chosenProvider = this.provider;
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
    const all = this.setup?.catalog.services ?? [];
    return serviceIds.map((id) => all.find((s) => s.id === id)).filter((s): s is Service => !!s);
  }

  /** Providers who perform every service in the visit. */
  private providersFor(serviceIds: readonly string[]): Provider[] {
    const services = this.servicesIn(serviceIds);
    return (this.setup?.catalog.providers ?? []).filter((p) =>
      services.every((s) => s.providerIds.includes(p.id)),
    );
  }

  private visitTerms(providerId: string | undefined, serviceIds: readonly string[]) {
    let minutes = 0;
    let price = 0;
    let currency = this.setup?.clinic.currency ?? 'MXN';
    let priced = true;
    for (const s of this.servicesIn(serviceIds)) {
      const terms = providerId ? s.providerTerms?.[providerId] : undefined;
      minutes += terms?.durationMinutes ?? s.durationMinutes;
      const p = terms?.price ?? s.price;
      if (p) {
        price += p.amountMinor;
        currency = p.currency;
      } else priced = false;
    }
    return {minutes, price: priced ? {amountMinor: price, currency} : undefined};
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
    return !!s.clinic.deposit?.defaultDeposit || this.servicesIn(this.cart).some((x) => x.deposit);
  }

  private get needsPhoneCode(): boolean {
    const s = this.setup;
    if (!s || !s.caps.smsCodes || !s.clinic.booking.phoneVerification) return false;
    if (this.sessionState.status === 'signed-in') return false;
    return !(this.verificationToken && this.verifiedPhone === this.form.phone);
  }

  private get steps(): Step[] {
    const steps: Step[] = [];
    if (!(this.singleService && this.service)) steps.push('services');
    steps.push('provider', 'time', 'details');
    const s = this.setup;
    if (
      s &&
      s.caps.smsCodes &&
      s.clinic.booking.phoneVerification &&
      this.sessionState.status !== 'signed-in'
    ) {
      steps.push('verify');
    }
    steps.push('policy', 'review');
    return steps;
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
    if (step === 'time' || step === 'details') void this.loadLater();
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
    this.stepError = undefined;
    this.fieldErrors = {};
    this.step = step;
    if (step === 'verify' && !this.challenge) void this.sendCode();
    if (step === 'policy' && this.intent === undefined) void this.loadDeposit();
    await this.updateComplete;
    if (options.focus !== false) {
      // If the step's chunk is still loading, focus its heading as soon as it renders.
      if (this.stepHeading) this.stepHeading.focus();
      else this.pendingFocus = true;
    }
  }

  private next() {
    if (this.step === 'services') this.loadPartsFor('provider');
    const steps = this.steps;
    const i = steps.indexOf(this.step);
    // A phone already verified (e.g. before a slot conflict sent the patient back for another
    // time) is not asked for a new code: its verification token is still good.
    const skip = steps[i + 1] === 'verify' && !this.needsPhoneCode ? 1 : 0;
    const after = steps[i + 1 + skip];
    if (after) void this.go(after);
  }

  private back() {
    const steps = this.steps;
    const i = steps.indexOf(this.step);
    const skip = steps[i - 1] === 'verify' && !this.needsPhoneCode ? 1 : 0;
    const before = steps[i - 1 - skip];
    if (before) void this.go(before);
  }

  private restart() {
    this.cart = this.singleService && this.service ? [this.service] : [];
    this.chosenSlot = undefined;
    this.hold = undefined;
    this.intent = undefined;
    this.paid = false;
    this.policyAccepted = false;
    this.idempotencyKey = undefined;
    this.conflictNear = undefined;
    this.appointment = undefined;
    void this.go(this.steps[0] ?? 'services');
  }

  // ------------------------------------------------------------------------------------------
  // Step actions

  private toggleService(s: Service) {
    if (this.cart.includes(s.id)) {
      this.cart = this.cart.filter((id) => id !== s.id);
    } else {
      this.cart = [...this.cart, s.id];
    }
    this.chosenProvider = this.provider ?? undefined;
    this.invalidateSlot();
  }

  private canAdd(s: Service): boolean {
    if (this.cart.length === 0 || this.cart.includes(s.id)) return true;
    if (this.servicesIn(this.cart).some((c) => c.mode !== s.mode)) return false;
    return this.providersFor([...this.cart, s.id]).length > 0;
  }

  private chooseProvider(id: string) {
    this.chosenProvider = id;
    this.invalidateSlot();
  }

  private invalidateSlot() {
    if (this.hold) void this.resolvedAdapter?.releaseHold(this.hold.id).catch(() => undefined);
    this.chosenSlot = undefined;
    this.hold = undefined;
    this.intent = undefined;
    this.paid = false;
    this.idempotencyKey = undefined;
  }

  private onSlotSelected(e: SlotSelectedEventLike) {
    e.stopPropagation();
    if (this.chosenSlot?.id !== e.slot.id) {
      if (this.hold) void this.resolvedAdapter?.releaseHold(this.hold.id).catch(() => undefined);
      this.hold = undefined;
      this.intent = undefined;
      this.paid = false;
      this.idempotencyKey = undefined;
    }
    this.chosenSlot = e.slot;
    this.conflictNear = undefined;
  }

  /** Leaving the time step: hold the slot where the backend can, so details can be typed calmly. */
  private async confirmTime() {
    const adapter = this.resolvedAdapter;
    const slot = this.chosenSlot;
    if (!adapter || !slot) return;
    this.idempotencyKey ??= newKey();
    if (this.setup?.caps.holds && !this.hold) {
      this.busy = true;
      try {
        this.hold = await adapter.holdSlot(slot, this.cart);
        this.startTicking();
      } catch (e) {
        this.busy = false;
        if (e instanceof SlotTakenError) return this.slotTaken(slot);
        this.stepError = e;
        this.fail(e, 'holdSlot');
        return;
      }
      this.busy = false;
    }
    this.next();
  }

  private slotTaken(slot: Slot) {
    this.chosenSlot = undefined;
    this.hold = undefined;
    this.idempotencyKey = undefined;
    this.intent = undefined;
    this.paid = false;
    this.conflictNear = slot.start;
    this.announce(errorMessage(new SlotTakenError(slot.id)), 'assertive');
    this.dispatchEvent(new PortalErrorEvent('slot-taken', 'book'));
    void this.go('time');
  }

  private updateField(name: keyof DetailsForm, value: string | boolean) {
    this.form = {...this.form, [name]: value};
    if (this.fieldErrors[name]) {
      const rest = {...this.fieldErrors};
      delete rest[name];
      this.fieldErrors = rest;
    }
  }

  private validateDetails(): Record<string, FieldErrorCode> {
    const f = this.form;
    const errors: Record<string, FieldErrorCode> = {};
    if (this.sessionState.status === 'signed-in') return errors;
    const name = (v: string, key: string) => {
      if (!v.trim()) errors[key] = 'required';
      else if ([...v].length > MAX_NAME) errors[key] = 'too-long';
    };
    name(f.givenName, 'givenName');
    name(f.familyName, 'familyName');
    if (!f.email.trim()) errors['email'] = 'required';
    else if (f.email.length > MAX_EMAIL || !EMAIL_RE.test(f.email.trim())) errors['email'] = 'invalid-email';
    const phone = this.renderRoot.querySelector<HTMLElement & {value: string; checkValidity(): boolean}>(
      'portal-phone-input',
    );
    // An input whose chunk hasn't arrived yet is judged by the value it reported (none yet).
    const valid = (el: (HTMLElement & {checkValidity(): boolean}) | null) =>
      !el || typeof el.checkValidity !== 'function' || el.checkValidity();
    if (!valid(phone)) errors['phone'] = f.phone ? 'invalid-phone' : 'required';
    else if (!f.phone) errors['phone'] = 'required';
    const dob = this.renderRoot.querySelector<HTMLElement & {value: string; checkValidity(): boolean}>(
      'portal-date-input',
    );
    if (!valid(dob)) errors['dateOfBirth'] = f.dateOfBirth ? 'invalid-date' : 'required';
    else if (!f.dateOfBirth) errors['dateOfBirth'] = 'required';
    if (this.setup?.clinic.privacy.explicitConsent && !f.privacyConsent)
      errors['privacyConsent'] = 'consent-required';
    return errors;
  }

  private async submitDetails(e: Event) {
    e.preventDefault();
    const errors = this.validateDetails();
    this.fieldErrors = errors;
    if (Object.keys(errors).length > 0) {
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    this.next();
  }

  private async sendCode() {
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    this.stepController?.abort();
    const controller = new AbortController();
    this.stepController = controller;
    this.busy = true;
    this.stepError = undefined;
    try {
      this.challenge = await adapter.sendPhoneCode(
        {phone: this.form.phone, language: this.language},
        {signal: controller.signal},
      );
      this.code = '';
      this.startTicking();
      this.announce(msg('We sent you a text message with a 6-digit code.', {id: 'booking-code-sent'}));
    } catch (e) {
      if (!isAbortError(e)) {
        this.stepError = e;
        this.fail(e, 'sendPhoneCode');
      }
    } finally {
      this.busy = false;
    }
  }

  private async submitCode(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    const challenge = this.challenge;
    if (!adapter || !challenge || this.busy) return;
    if (!/^\d{6}$/.test(this.code)) {
      this.fieldErrors = {code: 'code-invalid'};
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    this.busy = true;
    try {
      this.verificationToken = await adapter.verifyPhoneCode(challenge.id, this.code);
      this.verifiedPhone = this.form.phone;
      this.busy = false;
      this.next();
    } catch (err) {
      this.busy = false;
      if (err instanceof ValidationError) {
        this.fieldErrors = {code: err.fields['code'] ?? 'code-invalid'};
        await this.updateComplete;
        this.errorSummary?.focus();
      } else {
        this.stepError = err;
        this.fail(err, 'verifyPhoneCode');
      }
    }
  }

  private async loadDeposit() {
    const adapter = this.resolvedAdapter;
    const slot = this.chosenSlot;
    if (!adapter || !slot || !this.setup?.caps.payments) {
      this.intent = null;
      return;
    }
    this.idempotencyKey ??= newKey();
    try {
      this.intent = await adapter.createDepositIntent(slot, this.cart, this.idempotencyKey);
    } catch (e) {
      if (!isAbortError(e)) {
        this.stepError = e;
        this.fail(e, 'createDepositIntent');
      }
    }
  }

  private async submitPolicy(e: Event) {
    e.preventDefault();
    const errors: Record<string, FieldErrorCode> = {};
    if (this.setup?.clinic.cancellation.acceptanceRequired && !this.policyAccepted) {
      errors['policyAccepted'] = 'policy-required';
    }
    this.fieldErrors = errors;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.errorSummary?.focus();
      return;
    }
    if (this.intent && !this.paid) {
      this.stepError = undefined;
      this.announce(msg('Please pay the deposit to continue.', {id: 'booking-pay-first'}), 'assertive');
      return;
    }
    this.next();
  }

  private async book() {
    const adapter = this.resolvedAdapter;
    const slot = this.chosenSlot;
    if (!adapter || !slot || this.busy || this.offline) return;
    const before = new PortalBeforeEvent('portal-before-book', {
      slotId: slot.id,
      start: slot.start,
      end: slot.end,
      serviceIds: [...this.cart],
      providerId: slot.providerId,
    });
    if (!this.dispatchEvent(before)) return;
    this.idempotencyKey ??= newKey();
    this.busy = true;
    this.stepError = undefined;
    const signedIn = this.sessionState.status === 'signed-in';
    try {
      const appointment = await adapter.book({
        slot,
        serviceIds: this.cart,
        idempotencyKey: this.idempotencyKey,
        holdId: this.hold?.id,
        patient: signedIn ? undefined : this.patientDetails(),
        phoneVerificationToken: this.verificationToken,
        privacyConsent: this.form.privacyConsent || signedIn,
        policyAccepted: this.policyAccepted,
        paymentIntentId: this.intent?.id,
        language: this.language,
      });
      this.appointment = appointment;
      this.idempotencyKey = undefined;
      this.hold = undefined;
      this.busy = false;
      this.step = 'done';
      this.dispatchEvent(new PortalAppointmentEvent('portal-booked', summarizeAppointment(appointment)));
      this.announce(msg('Your appointment is booked.', {id: 'booking-booked-announce'}));
      await this.updateComplete;
      this.stepHeading?.focus();
    } catch (e) {
      this.busy = false;
      if (e instanceof SlotTakenError) return this.slotTaken(slot);
      if (e instanceof ValidationError) {
        this.fieldErrors = e.fields;
        this.stepError = e;
      } else this.stepError = e;
      this.fail(e, 'book');
      await this.updateComplete;
      this.errorSummary?.focus();
    }
  }

  private patientDetails(): PatientDetails {
    const f = this.form;
    return {
      givenName: f.givenName.trim(),
      familyName: f.familyName.trim(),
      email: f.email.trim(),
      phone: f.phone as E164,
      dateOfBirth: f.dateOfBirth as PlainDate,
      language: this.language,
    };
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
    if (this.step === 'review' && this.chosenSlot) void this.recheckSlot(this.chosenSlot);
  }

  private async recheckSlot(slot: Slot) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.hold) return;
    try {
      const {slots} = await adapter.getAvailability({
        serviceIds: this.cart,
        providerId: slot.providerId,
        from: slot.start,
        to: slot.end,
      });
      if (!slots.some((s) => s.start === slot.start && s.providerId === slot.providerId))
        this.slotTaken(slot);
    } catch {
      // Booking will tell if the slot is gone.
    }
  }

  private startTicking() {
    this.clock.clearTimeout(this.tickTimer);
    const loop = () => {
      this.tick++;
      const active =
        (this.hold && Date.parse(this.hold.expiresAt) > this.serverNow) ||
        (this.challenge && Date.parse(this.challenge.resendAt) > this.serverNow);
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
    const current = steps.indexOf(this.step);
    return html`<div class="header" part="header">
        <h2>${msg('Book an appointment', {id: 'booking-title'})}</h2>
        ${this.renderDemoMarker()}
      </div>
      ${
        steps.length && this.step !== 'done'
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
    const i = steps.indexOf(this.step);
    const of = i >= 0 ? msg(str`Step ${i + 1} of ${steps.length}`, {id: 'booking-step-of'}) : '';
    return html`<h3 tabindex="-1" data-step-heading>
      ${of ? html`<span class="visually-hidden">${of}: </span>` : nothing}${text}
    </h3>`;
  }

  private renderStep(): TemplateResult {
    switch (this.step) {
      case 'services':
        return this.renderServices();
      case 'provider':
        return this.renderProviders();
      case 'time':
        return this.renderTime();
      default: {
        // Later steps are rendered by a chunk loaded one step ahead (see loadPartsFor).
        const later = this.later;
        if (!later) {
          void this.loadLater();
          return html`<p class="notice" role="status">${msg('Loading…', {id: 'booking-loading-step'})}</p>`;
        }
        const view = this as unknown as BookingView;
        switch (this.step) {
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
    const first = this.steps.indexOf(this.step) <= 0;
    return html`<div class="nav">
      ${
        options.back !== false && !first
          ? html`<button type="button" part="button" @click=${() => this.back()}>
              ${msg('Back', {id: 'booking-back'})}
            </button>`
          : html`<span class="spacer"></span>`
      }
      ${forward}
    </div>`;
  }

  private renderStepError() {
    if (!this.stepError || this.stepError instanceof ValidationError) return nothing;
    return html`<div class="notice error" role="alert">${errorMessage(this.stepError)}</div>`;
  }

  private renderServices() {
    const s = this.setup!;
    const loc = this.locale;
    const services = s.catalog.services.filter((x) => x.categoryId === this.categoryId);
    const cart = this.servicesIn(this.cart);
    const terms = this.visitTerms(undefined, this.cart);
    return html`
      ${this.stepTitle(msg('Choose a service', {id: 'booking-choose-service'}))}
      <div class="categories" role="group" aria-label=${msg('Categories', {id: 'booking-categories'})}>
        ${s.catalog.categories.map(
          (c) =>
            html`<button
              type="button"
              part="button"
              aria-pressed=${c.id === this.categoryId ? 'true' : 'false'}
              @click=${() => (this.categoryId = c.id)}
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
    const selected = this.cart.includes(svc.id);
    const addable = this.canAdd(svc);
    const price = this.priceLabel(svc);
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
          ?disabled=${!addable}
          @click=${() => this.toggleService(svc)}
        >
          ${selected ? msg('Added ✓', {id: 'booking-added'}) : msg('Book now', {id: 'booking-book-now'})}<span
            class="visually-hidden"
            >: ${name}</span
          >
        </button>
      </div>
    </li>`;
  }

  private renderProviders() {
    const s = this.setup!;
    const loc = this.locale;
    const providers = this.providersFor(this.cart);
    const languages = new Intl.DisplayNames([loc], {type: 'language'});
    const choice = (id: string, title: string, detail: TemplateResult | string, photo?: string) =>
      html`<label class="choice" part="provider-choice">
        <input
          type="radio"
          name="provider"
          .checked=${this.chosenProvider === id}
          @change=${() => this.chooseProvider(id)}
        />
        ${photo ? html`<img class="photo" part="provider-photo" src=${photo} alt="" width="48" height="48" />` : nothing}
        <span><strong>${title}</strong><br /><span class="meta">${detail}</span></span>
      </label>`;
    return html`
      ${this.stepTitle(msg('Choose a provider', {id: 'booking-choose-provider'}))}
      <fieldset>
        <legend class="visually-hidden">${msg('Provider', {id: 'booking-step-provider'})}</legend>
        ${
          s.clinic.booking.allowAnyProvider && providers.length > 1
            ? choice(
                'any',
                msg('First available', {id: 'booking-first-available'}),
                msg('The earliest time with any of our providers.', {id: 'booking-first-available-detail'}),
              )
            : nothing
        }
        ${providers.map((p) => {
          const t = this.visitTerms(p.id, this.cart);
          const spoken = p.languages.map((l) => languages.of(l) ?? l).join(', ');
          return choice(
            p.id,
            p.name,
            html`${pickText(p.title, loc, s.clinic.languages)} ·
            ${formatDuration(t.minutes, loc)}${t.price ? html` · ${formatMoney(t.price, loc)}` : nothing} ·
            ${msg(str`Speaks ${spoken}`, {id: 'booking-speaks'})}`,
            httpsOnly(p.photoUrl),
          );
        })}
      </fieldset>
      ${this.renderNav(
        html`<button
          type="button"
          class="primary"
          part="button primary-button"
          ?disabled=${!this.chosenProvider}
          @click=${() => this.next()}
        >
          ${msg('Continue', {id: 'booking-continue'})}
        </button>`,
      )}
    `;
  }

  private renderTime() {
    const s = this.setup!;
    return html`
      ${this.stepTitle(msg('Choose a day and time', {id: 'booking-choose-time'}))}
      ${
        this.conflictNear
          ? html`<p class="notice warning">${errorMessage(new SlotTakenError())}</p>`
          : nothing
      }
      <portal-slot-picker
        .adapter=${this.resolvedAdapter}
        .serviceIds=${this.cart}
        .providerId=${this.chosenProvider ?? 'any'}
        .timeZone=${s.clinic.timeZone}
        .serverNow=${this.serverNow}
        .startDate=${this.startDate}
        .selected=${this.chosenSlot}
        .highlightNear=${this.conflictNear}
        ?compact=${this.compact}
        @portal-slot-selected=${(e: SlotSelectedEventLike) => this.onSlotSelected(e)}
      ></portal-slot-picker>
      ${this.renderStepError()}
      ${this.renderNav(
        html`<button
          type="button"
          class="primary"
          part="button primary-button"
          ?disabled=${!this.chosenSlot || this.busy}
          @click=${() => void this.confirmTime()}
        >
          ${msg('Continue', {id: 'booking-continue'})}
        </button>`,
      )}
    `;
  }
}

/** A photo URL from the backend, used only if it is https (anything else is not loaded). */
function httpsOnly(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh idempotency key for one booking intent. */
function newKey(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'booking-widget': BookingWidget;
  }
}
