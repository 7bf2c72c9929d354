/**
 * The booking flow as data: its state (one immutable object), the pure transitions between
 * states, and {@link BookingFlow} — the typed view the widget hands its lazily loaded later steps
 * (`booking-later-steps.ts`): the state, the clinic setup and the actions they may call.
 *
 * Nothing here touches the DOM or an adapter, so the transitions are unit-tested in node
 * (test/unit/elements/booking-flow.test.ts); the widget performs the requests and applies these.
 */
import type {SavedCard} from '../../domain/rules/cards.js';
import type {nothing, TemplateResult} from 'lit';
import type {
  FieldErrorCode,
  Capabilities,
  Hold,
  PortalAdapter,
  PortalPerson,
} from '../../adapters/adapter.js';
import type {
  Appointment,
  Catalog,
  Clinic,
  Instant,
  Language,
  PaymentIntent,
  PhoneChallenge,
  Service,
  Session,
  Slot,
} from '../../domain/types.js';

export type Step = 'services' | 'provider' | 'time' | 'details' | 'verify' | 'policy' | 'review' | 'done';

export interface DetailsForm {
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: string;
  readonly dateOfBirth: string;
  readonly privacyConsent: boolean;
}

export interface BookingSetup {
  readonly clinic: Clinic;
  readonly catalog: Catalog;
  readonly caps: Capabilities;
  readonly serverOffset: number;
}

export type FieldErrors = Readonly<Record<string, FieldErrorCode>>;

/** Everything the patient chose and typed, and where the flow stands. */
export interface BookingState {
  readonly step: Step;
  readonly categoryId?: string;
  /** Service ids in the visit (one provider does them all). */
  readonly cart: readonly string[];
  /** A provider's id, or `any` for first available. */
  readonly chosenProvider?: string;
  /** The clinic location chosen where the visit is offered at several (absent: any). */
  readonly chosenLocation?: string;
  readonly chosenSlot?: Slot;
  /** After a slot conflict: the taken slot's start, to show the nearest alternatives. */
  readonly conflictNear?: Instant;
  readonly hold?: Hold;
  readonly form: DetailsForm;
  readonly fieldErrors: FieldErrors;
  readonly challenge?: PhoneChallenge;
  readonly code: string;
  readonly verificationToken?: string;
  /** The phone the token proves (a changed phone needs a new code). */
  readonly verifiedPhone?: string;
  readonly policyAccepted: boolean;
  /** The deposit due: undefined while unknown, null when none. */
  readonly intent?: PaymentIntent | null;
  readonly paid: boolean;
  /**
   * The patient's saved cards when the clinic's policy keeps one on file for its fees (#20 item
   * 4): undefined when no card is needed (or not known yet), empty when she has none.
   */
  readonly cards?: readonly SavedCard[];
  /** The saved card to keep on file (the default unless she chose another). */
  readonly cardId?: string;
  /** "Add a card" in the review: the card setup the payment step confirms (nothing charged). */
  readonly addingCard?: PaymentIntent;
  /** One key per card being added until it is saved: clicks while it starts are the same setup. */
  readonly cardKey?: string;
  /** One key per booking intent: every retry of the same booking sends it again. */
  readonly idempotencyKey?: string;
  readonly busy: boolean;
  readonly stepError?: unknown;
  readonly appointment?: Appointment;
}

export const EMPTY_FORM: DetailsForm = {
  givenName: '',
  familyName: '',
  email: '',
  phone: '',
  dateOfBirth: '',
  privacyConsent: false,
};

export function initialBooking(cart: readonly string[] = []): BookingState {
  return {
    step: 'services',
    cart,
    form: EMPTY_FORM,
    fieldErrors: {},
    code: '',
    policyAccepted: false,
    paid: false,
    busy: false,
  };
}

// -----------------------------------------------------------------------------------------------
// Catalog questions

/** The services with these ids, in that order (unknown ids skipped). */
export function servicesIn(catalog: Catalog | undefined, serviceIds: readonly string[]): Service[] {
  const all = catalog?.services ?? [];
  return serviceIds.map((id) => all.find((s) => s.id === id)).filter((s): s is Service => !!s);
}

/** Providers who perform every service in the visit. */
export function providersFor(catalog: Catalog | undefined, serviceIds: readonly string[]) {
  const services = servicesIn(catalog, serviceIds);
  return (catalog?.providers ?? []).filter((p) => services.every((s) => s.providerIds.includes(p.id)));
}

/**
 * The clinic locations the patient may choose between for this visit: where every service is
 * offered in person (none for a video visit). The widget offers a choice only when there are two
 * or more.
 */
export function locationsFor(setup: BookingSetup, serviceIds: readonly string[]) {
  const services = servicesIn(setup.catalog, serviceIds);
  return setup.clinic.locations.filter(
    (l) =>
      services.length > 0 && services.every((s) => s.mode === 'in-person' && s.locationIds.includes(l.id)),
  );
}

/** Whether `service` can join the visit: same kind of visit, and some provider does them all. */
export function canAdd(catalog: Catalog | undefined, cart: readonly string[], service: Service): boolean {
  if (cart.length === 0 || cart.includes(service.id)) return true;
  if (servicesIn(catalog, cart).some((c) => c.mode !== service.mode)) return false;
  return providersFor(catalog, [...cart, service.id]).length > 0;
}

// -----------------------------------------------------------------------------------------------
// Steps

/**
 * The steps shown: services (unless the widget offers one service only), provider, time, details,
 * the phone check when the backend and clinic ask for one from a guest, policy, review.
 */
export function stepsFor(options: {readonly singleService: boolean; readonly phoneCheck: boolean}): Step[] {
  const steps: Step[] = options.singleService ? [] : ['services'];
  steps.push('provider', 'time', 'details');
  if (options.phoneCheck) steps.push('verify');
  steps.push('policy', 'review');
  return steps;
}

/** Whether the clinic asks a guest for an SMS code (and this backend can send one). */
export function phoneCheckWanted(setup: BookingSetup | undefined, signedIn: boolean): boolean {
  return !!setup && setup.caps.smsCodes && setup.clinic.booking.phoneVerification && !signedIn;
}

/** Whether the phone still needs a code: wanted, and not already verified for this number. */
export function needsPhoneCode(state: BookingState, phoneCheck: boolean): boolean {
  return phoneCheck && !(state.verificationToken && state.verifiedPhone === state.form.phone);
}

/**
 * The step after (`by` 1) or before (`by` -1) the current one. A phone already verified (e.g.
 * before a slot conflict sent the patient back for another time) skips the phone check: its
 * token is still good.
 */
export function stepBeside(
  steps: readonly Step[],
  step: Step,
  by: 1 | -1,
  needsCode: boolean,
): Step | undefined {
  const i = steps.indexOf(step);
  const skip = steps[i + by] === 'verify' && !needsCode ? by : 0;
  return steps[i + by + skip];
}

/** Entering a step: its errors go. */
export function enterStep(state: BookingState, step: Step): BookingState {
  return {...state, step, stepError: undefined, fieldErrors: {}};
}

// -----------------------------------------------------------------------------------------------
// Choices

/** Anything tied to the chosen time goes: slot, hold, deposit, booking key. */
export function forgetSlot(state: BookingState): BookingState {
  return {
    ...state,
    chosenSlot: undefined,
    hold: undefined,
    intent: undefined,
    paid: false,
    cards: undefined,
    cardId: undefined,
    addingCard: undefined,
    idempotencyKey: undefined,
  };
}

/** Adds or removes a service; the provider goes back to the preselected one (if any). */
export function toggleService(state: BookingState, serviceId: string, preselectedProvider?: string) {
  const cart = state.cart.includes(serviceId)
    ? state.cart.filter((id) => id !== serviceId)
    : [...state.cart, serviceId];
  return forgetSlot({...state, cart, chosenProvider: preselectedProvider, chosenLocation: undefined});
}

/**
 * A location chosen (undefined: any): the time goes, and so does a provider who doesn't work there.
 */
export function chooseLocation(state: BookingState, locationId: string | undefined, catalog: Catalog) {
  const provider = catalog.providers.find((p) => p.id === state.chosenProvider);
  const away = !!locationId && !!provider && !provider.locationIds.includes(locationId);
  return forgetSlot({
    ...state,
    chosenLocation: locationId,
    chosenProvider: away ? undefined : state.chosenProvider,
  });
}

export function chooseProvider(state: BookingState, providerId: string): BookingState {
  return forgetSlot({...state, chosenProvider: providerId});
}

/** A slot picked in the calendar: another slot than before drops the old one's hold and deposit. */
export function selectSlot(state: BookingState, slot: Slot): BookingState {
  const next = state.chosenSlot?.id === slot.id ? state : forgetSlot(state);
  return {...next, chosenSlot: slot, conflictNear: undefined};
}

/** Someone else booked the slot: back to the times, near it, keeping everything typed. */
export function slotTaken(state: BookingState, slot: Slot): BookingState {
  return {...forgetSlot(state), conflictNear: slot.start, busy: false};
}

/** "Book another appointment": the choices go, the patient's details stay. */
export function restart(state: BookingState, cart: readonly string[]): BookingState {
  return {
    ...forgetSlot(state),
    cart,
    chosenLocation: undefined,
    policyAccepted: false,
    conflictNear: undefined,
    appointment: undefined,
  };
}

/** Sign-out: nothing about the patient stays (QUALITY 12). */
export function signedOut(state: BookingState): BookingState {
  return {
    ...state,
    form: EMPTY_FORM,
    verificationToken: undefined,
    verifiedPhone: undefined,
    challenge: undefined,
  };
}

/** A field typed: its value, and its error gone. */
export function updateField(
  state: BookingState,
  name: keyof DetailsForm,
  value: string | boolean,
): BookingState {
  const {[name]: _gone, ...fieldErrors} = state.fieldErrors;
  return {...state, form: {...state.form, [name]: value}, fieldErrors};
}

/** Details the host page already knows fill only what the patient hasn't typed. */
export function prefillForm(form: DetailsForm, prefill: Partial<DetailsForm>): DetailsForm {
  return {
    ...form,
    givenName: form.givenName || prefill.givenName || '',
    familyName: form.familyName || prefill.familyName || '',
    email: form.email || prefill.email || '',
    phone: form.phone || prefill.phone || '',
    dateOfBirth: form.dateOfBirth || prefill.dateOfBirth || '',
  };
}

/** A fresh idempotency key for one booking intent. */
export function newKey(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

// -----------------------------------------------------------------------------------------------
// Checks before moving on

export const MAX_NAME = 100;
export const MAX_EMAIL = 254;
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The details step's problems. `phoneProblem` / `dateProblem`: what the phone and date inputs say
 * of what the patient typed (their own parsing: a typed but invalid number is `invalid-phone`, not
 * `required`), `undefined` when they accept it; a signed-in patient books with the account's details.
 */
export function detailsErrors(
  form: DetailsForm,
  options: {
    readonly signedIn: boolean;
    readonly explicitConsent: boolean;
    readonly phoneProblem?: FieldErrorCode;
    readonly dateProblem?: FieldErrorCode;
  },
): Record<string, FieldErrorCode> {
  const errors: Record<string, FieldErrorCode> = {};
  if (options.signedIn) return errors;
  const name = (v: string, key: string) => {
    if (!v.trim()) errors[key] = 'required';
    else if ([...v].length > MAX_NAME) errors[key] = 'too-long';
  };
  name(form.givenName, 'givenName');
  name(form.familyName, 'familyName');
  if (!form.email.trim()) errors['email'] = 'required';
  else if (form.email.length > MAX_EMAIL || !EMAIL_RE.test(form.email.trim()))
    errors['email'] = 'invalid-email';
  const phone = options.phoneProblem ?? (form.phone ? undefined : 'required');
  if (phone) errors['phone'] = phone;
  const date = options.dateProblem ?? (form.dateOfBirth ? undefined : 'required');
  if (date) errors['dateOfBirth'] = date;
  if (options.explicitConsent && !form.privacyConsent) errors['privacyConsent'] = 'consent-required';
  return errors;
}

// -----------------------------------------------------------------------------------------------
// What the later steps get

/**
 * The typed view the later steps (a chunk of their own) render from and act through: the state,
 * the clinic setup, and the widget's primitives. Their own actions (details, code, deposit, policy,
 * booking) live in that chunk, so a page loads them only once a patient gets that far.
 */
export interface BookingFlow {
  /**
   * The booking state now, read when it is used (not when the view was made): a handler of the
   * last render can run before the next one (renders wait while a Spanish catalog piece loads),
   * and must see a box checked a moment ago.
   */
  readonly state: BookingState;
  readonly setup: BookingSetup;
  readonly locale: string;
  readonly language: Language;
  /** Server clock now (ms), for holds and code countdowns. */
  readonly serverNow: number;
  readonly session: Session | null;
  /** The family member she books for (acting for her inside `<patient-portal>`), if any. */
  readonly person?: PortalPerson;
  readonly adapter?: PortalAdapter;
  readonly offline: boolean;
  /** Offers one preselected service only (no "Change" for services). */
  readonly singleService: boolean;
  /** The widget, for `portal-*` events. */
  readonly host: HTMLElement;
  // -- primitives
  /**
   * Changes the state: a patch, or a transition of the current state.
   */
  set(patch: Partial<BookingState> | ((current: BookingState) => BookingState)): void;
  /** Lets the held slot go (best effort) before a choice forgets it. */
  releaseHold(): void;
  go(step: Step): Promise<void>;
  /** The next step (skipping the phone check for a phone already verified). */
  next(): void;
  restart(): void;
  /** A signal for this step's request: aborts the step's last one; aborted on leaving the step or page. */
  stepSignal(): AbortSignal;
  /** Shows field problems and moves focus to their summary (QUALITY 2). */
  showFieldErrors(errors: Record<string, FieldErrorCode>): Promise<void>;
  /** Focuses the step's heading (after the booking) or, failing that, the error summary. */
  focus(what: 'heading' | 'errors'): Promise<void>;
  /** What the part `tag` (phone or date input) says is wrong with what was typed in it, if anything. */
  inputProblem(tag: 'portal-phone-input' | 'portal-date-input'): FieldErrorCode | undefined;
  /** The slot was taken: back to the times, near it. */
  slotTaken(slot: Slot): void;
  /** The elements' one error path (portal-error, session loss, announced message). */
  fail(error: unknown, operation: string): void;
  announce(message: string, politeness?: 'polite' | 'assertive'): void;
  startTicking(): void;
  // -- the widget's chrome
  stepLabel(step: Step): string;
  stepTitle(text: string): TemplateResult;
  renderNav(forward: TemplateResult | typeof nothing, options?: {back?: boolean}): TemplateResult;
  renderStepError(): TemplateResult | typeof nothing;
}
