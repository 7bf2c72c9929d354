/**
 * The in-memory backend: a whole clinic that lives in one object. It serves the built-in demo
 * clinic (`backend="demo"`) and the unit tests, and it keeps the same rules a real backend keeps, so
 * an element that works against it works against the REST and FHIR adapters too:
 *
 * - passwords stored only as salted hashes; sign-in, registration and reset never reveal whether an
 *   email is known; 5 failed sign-ins for one email in 15 minutes → rate limited;
 * - a sliding 15-minute session by the server's clock (the injectable `clock`);
 * - opaque tokens derived from a seed, so a fresh adapter with the same seed regenerates the same
 *   seeded invitation and reminder links (the demo's links survive a page reload);
 * - everything it "sends" (emails, SMS, voice calls) lands in {@link Outbox}, in the patient's
 *   language, with links whose token is in the URL fragment (never the query);
 * - availability from the shared `computeAvailability`; holds, idempotent bookings, deposits paid
 *   through a demo payment step, cancellation fees, one-step reschedules, reminder links;
 * - latency and failure injection for tests and the demo page; every operation honours its
 *   `AbortSignal` and never applies a write after an abort.
 *
 * No Node-only imports: this file is loaded in browsers as a lazy chunk. It holds what a booking
 * page needs before the patient does anything (the clinic, catalog, capabilities, server time and
 * session), the seeded patients and appointments, and the machinery (latency, aborts, failures,
 * the outbox). The rest is loaded on first use, each part its own chunk: `booking.ts`
 * (availability, holds, deposits, phone codes, booking), `accounts.ts` (sign-in, invitations,
 * registration, reset, second factor), `appointments.ts` (managing appointments, reminder links,
 * video visits), `reminders.ts` (reminder preferences and sending) and `messages.ts` (the texts of
 * everything sent). The messages sent when the adapter is built wait for those texts: see
 * {@link MemoryAdapter.ready}.
 */
import {
  BILLING_OPERATIONS,
  MEDICAL_OPERATIONS,
  MESSAGE_OPERATIONS,
  WAITLIST_OPERATIONS,
  DOCUMENT_OPERATIONS,
  FORM_OPERATIONS,
  NetworkError,
  PortalError,
  type AdapterEvents,
  type PasswordChangeRequest,
  type ResetPasswordOptions,
  type AcceptInvitationOptions,
  type BookingRequest,
  type Capabilities,
  type ChatMessage,
  type Hold,
  type PortalAdapter,
  type RegistrationRequest,
  type HoldOptions,
  type RequestOptions,
  type ServerTime,
} from '../adapter.js';
import type {
  SeedAppointment,
  SeedPatient,
  SeededClinicData,
  VisitForms,
} from '../../domain/rules/clinic-data.js';
import type {Appointment, CancellationReason, Catalog, Clinic, Session, Slot} from '../../domain/types.js';
import {MINUTE, type PatientRecord, type SessionRecord} from './internals.js';

import {randomSeed} from './crypto.js';
import {Outbox} from './outbox.js';
import {MemoryState} from './state.js';
import {fullCapabilities} from '../../domain/rules/seed.js';
import type {PasswordScorer} from '../../domain/rules/passwords.js';
import type {PatientDocument} from '../../domain/documents.js';

// ---------------------------------------------------------------------------------------------
// Seed data

/** Forms attached to a service's appointments (the domain's {@link VisitForms}). */
export type MemoryVisitForms = VisitForms;
export type MemorySeedPatient = SeedPatient;
export type MemorySeedAppointment = SeedAppointment;

/** Everything a {@link MemoryAdapter} serves: a clinic and its seed (the demo clinic is one of these). */
export type MemoryClinicData = SeededClinicData;

// ---------------------------------------------------------------------------------------------
// Failure injection

export type MemoryOperation =
  | Exclude<keyof PortalAdapter, 'kind' | 'demo'>
  | 'confirmDemoPayment'
  | 'replyAsClinic'
  | 'markNoShow'
  | 'addClinicDocument'
  | 'reviewMedicalEntries';

export interface FailureRule {
  /** The error to throw (a factory gives a fresh instance each time). */
  readonly error: PortalError | (() => PortalError);
  /** Which operations fail (absent: any). */
  readonly operation?: MemoryOperation | readonly MemoryOperation[];
  /** How many calls fail (default 1; `Infinity` for every call). */
  readonly times?: number;
  /**
   * Fail after the write was applied ("the response was lost after the server committed"), so a
   * retry with the same idempotency key can be tested. Default: fail before doing anything.
   */
  readonly afterCommit?: boolean;
}

/** Makes the next calls fail: `adapter.failures.failNext(new NetworkError('server'), {operation: 'book'})`. */
export class FailureInjector {
  private readonly rules: {rule: FailureRule; remaining: number}[] = [];

  constructor(rules: readonly FailureRule[] = []) {
    for (const r of rules) this.add(r);
  }

  add(rule: FailureRule): void {
    this.rules.push({rule, remaining: rule.times ?? 1});
  }

  failNext(
    error: FailureRule['error'],
    options: {operation?: FailureRule['operation']; times?: number; afterCommit?: boolean} = {},
  ): void {
    this.add({error, ...options});
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Rules still armed. */
  get pending(): number {
    return this.rules.length;
  }

  /** @internal The rule that applies to this call, consumed. */
  take(op: MemoryOperation): FailureRule | undefined {
    const i = this.rules.findIndex(({rule}) => {
      const ops = rule.operation;
      return ops === undefined || (typeof ops === 'string' ? ops === op : ops.includes(op));
    });
    if (i < 0) return undefined;
    const entry = this.rules[i];
    entry.remaining--;
    if (entry.remaining <= 0) this.rules.splice(i, 1);
    return entry.rule;
  }
}

const makeError = (rule: FailureRule): PortalError =>
  typeof rule.error === 'function' ? rule.error() : rule.error;

// ---------------------------------------------------------------------------------------------
// Options

/** What the demo page shows about a demo clinic: its documented credentials and codes. */
export interface MemoryDemoInfo {
  readonly patientEmail: string;
  readonly patientPassword: string;
  readonly patientDateOfBirth: string;
  readonly smsCode: string;
  readonly invitedEmail?: string;
  readonly invitationToken?: string;
  readonly cardSuccess: string;
  readonly cardDeclined: string;
}

export interface MemoryAdapterOptions {
  readonly data: MemoryClinicData;
  /** The server's clock (epoch ms). Default `Date.now`. */
  readonly clock?: () => number;
  /** Every operation waits this long (abortably) before answering. */
  readonly latencyMs?: number;
  readonly failures?: readonly FailureRule[];
  /** Shows the "demo" marker in elements. */
  readonly demo?: boolean;
  /** Seed of every token and id (default: random). Same seed + same clock → same tokens. */
  readonly seed?: string;
  /** Base URL of emailed links (default: the page's URL without its fragment in a browser). */
  readonly linkBase?: string;
  /** Turns capabilities off (or on) for tests of how elements adapt. */
  readonly capabilities?: Partial<Capabilities>;
  /** A fixed SMS / sign-in code (the demo clinic's is documented); default: a derived code. */
  readonly fixedCode?: string;
  /** Idle minutes before the session ends (default 15). */
  readonly sessionIdleMinutes?: number;
  readonly events?: AdapterEvents;
  /** The demo clinic's documented credentials, for the demo page (only with `demo`). */
  readonly demoInfo?: MemoryDemoInfo;
}

// ---------------------------------------------------------------------------------------------
// Machinery

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

/** A part of the adapter in its own chunk, imported on first use (and again after a failed try). */
function lazy<P>(load: () => Promise<P>): () => Promise<P> {
  let loading: Promise<P> | undefined;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new NetworkError('network', undefined, {cause});
    }));
}

/**
 * What a page shows before anyone does anything: these never wait for a lazily loaded seed (no
 * session can exist before it is in, since signing in waits for it).
 */
const SEED_FREE: ReadonlySet<MemoryOperation> = new Set([
  'getCapabilities',
  'getClinic',
  'getCatalog',
  'getCancellationReasons',
  'getServerTime',
  'getSession',
]);

const booking = lazy(() => import('./booking.js'));
const cards = lazy(() => import('./cards.js'));
/** The operations of `appointments.ts` (each waits for the seeded messages, then takes one argument). */
const APPOINTMENT_OPERATIONS = [
  'listAppointments',
  'getAppointment',
  'confirmAppointment',
  'getCancellationQuote',
  'cancelAppointment',
  'rescheduleAppointment',
  'resolveReminderToken',
  'applyReminderAction',
  'getVideoJoin',
] as const satisfies readonly MemoryOperation[];
const reminders = lazy(() => import('./reminders.js'));
const accounts = lazy(() => import('./accounts.js'));
const appointments = lazy(() => import('./appointments.js'));
const profile = lazy(() => import('./profile.js'));
/**
 * A part with the password scorer beside it (its word lists are chunks of their own; the part's
 * chunk, not this one, holds the loader).
 */
const scored = <P extends {loadPasswordScorer(): Promise<PasswordScorer>}>(part: () => Promise<P>) =>
  lazy(async () => {
    const loaded = await part();
    return {part: loaded, scorer: await loaded.loadPasswordScorer()};
  });
const accountsScored = scored(accounts);
const profileScored = scored(profile);
const forms = lazy(() => import('./forms.js'));
const documents = lazy(() => import('./documents.js'));

const billing = lazy(() => import('./billing.js'));
const conversations = lazy(() => import('./conversations.js'));
const waitlist = lazy(() => import('./waitlist.js'));
const proxy = lazy(() => import('./proxy.js'));
const proxyInvitations = lazy(() => import('./proxy-invitations.js'));

/**
 * Operations that run their part's function of the same name with the memory state and their
 * arguments before the options: [operation, part, how many arguments, waits for the demo seed].
 */
const PLAIN_OPERATIONS = [
  ['signIn', accounts, 1, 1],
  ['verifySignInCode', accounts, 2, 1],
  ['getInvitation', accounts, 1, 1],
  ['verifyEmail', accounts, 2, 1],
  ['requestPasswordReset', accounts, 1, 1],
  ['checkPasswordReset', accounts, 1, 1],
  ['sendPhoneCode', booking, 1, 1],
  ['verifyPhoneCode', booking, 2, 0],
  ['getAvailability', booking, 1, 0],
  ['releaseHold', booking, 1, 0],
  ['createDepositIntent', booking, 3, 0],
  ['confirmDemoPayment', booking, 2, 0],
  ['getReminderPreferences', reminders, 0, 1],
  ['saveReminderPreferences', reminders, 1, 1],
  ['sendTestReminder', reminders, 1, 1],
  ['getProfile', profile, 0, 0],
  ['updateProfile', profile, 1, 0],
  ['listSessions', profile, 0, 0],
  ['signOutOtherSessions', profile, 0, 0],
  ['requestEmailChange', profile, 1, 1],
  ['confirmEmailChange', profile, 1, 1],
  ['listPeople', proxy, 0, 0],
  ['inviteProxy', proxyInvitations, 1, 1],
  ['listProxyAccess', proxyInvitations, 0, 0],
  ['revokeProxyAccess', proxyInvitations, 1, 0],
  ['getProxyInvitation', proxyInvitations, 1, 0],
  ['answerProxyInvitation', proxyInvitations, 2, 1],
] as const satisfies readonly (readonly [MemoryOperation, () => Promise<unknown>, number, 0 | 1])[];

// ---------------------------------------------------------------------------------------------
// The adapter

export class MemoryAdapter implements PortalAdapter {
  readonly kind = 'memory';
  readonly demo: boolean;
  /** Makes the next calls fail (tests, the demo page's "simulate a problem" switches). */
  readonly failures: FailureInjector;
  /** Milliseconds every operation waits before answering. */
  latencyMs: number;
  /** The demo clinic's documented credentials (demo adapters only). */
  readonly demoInfo?: MemoryDemoInfo;
  /**
   * @internal The records and helpers the adapter's parts share (`state.ts`): not its API. Each
   * part takes it as an argument and imports nothing from this file.
   */
  readonly state: MemoryState;

  /** When the adapter was built, and its link base then: the seeded messages' time and links. */
  private readonly bornAt: number;
  private readonly bornLinkBase: string;
  /** Seeded patients whose invitation goes out with the seeded messages. */
  private readonly invited: {key: string; patient: PatientRecord}[];
  private seeding?: Promise<void>;
  /** The seed still to load (`SeededClinicData.loadSeed`), and its loading. */
  private unseeded?: SeededClinicData['loadSeed'];
  private seedLoading?: Promise<void>;

  constructor(options: MemoryAdapterOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.failures = new FailureInjector(options.failures);
    this.demo = options.demo ?? false;
    this.demoInfo = this.demo && options.demoInfo ? {...options.demoInfo} : undefined;
    const clinic = options.data.clinic;
    this.state = new MemoryState({
      data: options.data,
      clock: options.clock ?? Date.now,
      seed: options.seed ?? randomSeed(),
      linkBase: options.linkBase,
      fixedCode: options.fixedCode,
      idleMs: (options.sessionIdleMinutes ?? 15) * MINUTE,
      events: options.events,
      onOutboxRead: () => void this.ready.catch(() => undefined),
      caps: {
        ...fullCapabilities(clinic),
        payments: 'demo',
        profile: true,
        billing: true,
        messages: true,
        cards: true,
        medical: true,
        insurance: true,
        photo: true,
        waitlist: true,
        proxy: true,
        proxyInvitations: true,
        // Refill requests travel as messages: a harness without messages turns them off too.
        refills: options.data.refills !== false,
        ...options.capabilities,
      },
    });
    this.bornAt = this.state.clock();
    this.bornLinkBase = this.state.linkBase();
    this.unseeded = options.data.loadSeed;
    this.invited = this.unseeded ? [] : this.state.seedData(this.bornAt);
  }

  /** What this backend "sent" (reading it starts sending the seeded messages: see {@link ready}). */
  get outbox(): Outbox {
    return this.state.outbox;
  }

  /**
   * Resolves once the messages the adapter sent when it was built (the seeded invitations, then
   * the reminders due) are in {@link outbox}: first, with the time and links of when it was built.
   * Their texts are loaded on first use, which reading the outbox starts, and so does every
   * operation that sends a message or deals with accounts, appointments or reminders (those wait
   * for it); reading the clinic, catalog or availability and holding a slot do not. Await it before
   * reading the outbox directly; listeners hear these messages like any other.
   */
  get ready(): Promise<void> {
    return (this.seeding ??= this.sendSeededMessages());
  }

  // -------------------------------------------------------------------------------------------
  // Extras beyond the contract

  /** The server's clock now (epoch ms). */
  now(): number {
    return this.state.clock();
  }

  /**
   * The clinic marks a visit a no-show (the demo's and tests' staff side, as the reference
   * server's `npm run server:no-show`): where the patient booked it herself with a card on file,
   * the clinic's no-show fee is charged to that card once, emailed and billed (#20 item 4).
   */
  markNoShow(appointmentId: string): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'markNoShow', undefined, (part) =>
      part.markNoShow(this.state, appointmentId),
    );
  }

  /**
   * Sends the reminders that are due now (72/24/1 h before, as each patient chose), once each:
   * an email with confirm and cancel links, and SMS or voice messages without them. When several
   * are due at once only the nearest goes out. Resolves to how many messages were sent.
   */
  async sendDueReminders(): Promise<number> {
    const part = await this.afterSeeding(reminders)();
    return part.sendDueReminders(this.state);
  }

  // -------------------------------------------------------------------------------------------
  // Family members (`rules/proxy.ts`)

  /** This backend acting for a dependent: same state and session, the person on every call. */
  actingFor(personId: string): MemoryAdapter {
    // Every call of the adapter answered runs through the family part (`proxy.ts`): the grant and
    // the scope checked right before the call's body, which then serves the dependent.
    const runIn = (...call: unknown[]) =>
      proxy().then((part) => part.runActing(this.state, String(personId), this.runIn.bind(this), call));
    return Object.create(this, {runIn: {value: runIn}}) as MemoryAdapter;
  }

  // -------------------------------------------------------------------------------------------
  // Clinic and time

  getCapabilities(options?: RequestOptions): Promise<Capabilities> {
    return this.run('getCapabilities', options, () => structuredClone(this.state.caps));
  }

  getClinic(options?: RequestOptions): Promise<Clinic> {
    return this.run('getClinic', options, () => structuredClone(this.state.data.clinic));
  }

  getServerTime(options?: RequestOptions): Promise<ServerTime> {
    return this.run('getServerTime', options, () => ({now: this.state.instant(this.state.clock())}));
  }

  // -------------------------------------------------------------------------------------------
  // Session

  getSession(options?: RequestOptions): Promise<Session | null> {
    return this.run('getSession', options, () => {
      const s = this.state.liveSession();
      return s ? this.state.toSession(s) : null;
    });
  }

  extendSession(options?: RequestOptions): Promise<Session> {
    return this.run('extendSession', options, () => {
      this.state.requirePatient();
      return this.state.toSession(this.state.session as SessionRecord);
    });
  }

  signOut(options?: RequestOptions): Promise<void> {
    return this.run('signOut', options, () => {
      this.state.session = null;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Accounts

  acceptInvitation(token: string, password: string, options?: AcceptInvitationOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accountsScored), 'acceptInvitation', options, ({part, scorer}) =>
      part.acceptInvitation(this.state, token, password, scorer, options),
    );
  }

  register(request: RegistrationRequest, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(accountsScored), 'register', options, ({part, scorer}) =>
      part.register(this.state, request, scorer),
    );
  }

  resetPassword(token: string, password: string, options?: ResetPasswordOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accountsScored), 'resetPassword', options, ({part, scorer}) =>
      part.resetPassword(this.state, token, password, scorer, options),
    );
  }

  completeOnboarding(options?: RequestOptions): Promise<void> {
    return this.run('completeOnboarding', options, () => {
      this.state.requirePatient().onboardingDone = true;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Phone codes

  // -------------------------------------------------------------------------------------------
  // Catalog and availability

  getCatalog(options?: RequestOptions): Promise<Catalog> {
    return this.run('getCatalog', options, () => structuredClone(this.state.data.catalog));
  }

  getCancellationReasons(options?: RequestOptions): Promise<readonly CancellationReason[]> {
    return this.run('getCancellationReasons', options, () =>
      structuredClone(this.state.data.cancellationReasons),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Booking

  holdSlot(slot: Slot, serviceIds: readonly string[], options?: HoldOptions): Promise<Hold> {
    return this.runIn(booking, 'holdSlot', options, (part) =>
      part.holdSlot(this.state, slot, serviceIds, options?.phoneVerificationToken),
    );
  }

  book(request: BookingRequest, options?: RequestOptions): Promise<Appointment> {
    // A booking may keep a card on file for the clinic's fees (#20 item 4): with cards on, the
    // cards part (its own chunk) is loaded first, so the booking can read the patient's cards.
    const part = async () => {
      if (this.state.caps.cards && !this.state.cardsOf) await (await cards()).ready(this.state);
      return booking();
    };
    return this.runIn(this.afterSeeding(part), 'book', options, (part) => part.book(this.state, request));
  }

  // -------------------------------------------------------------------------------------------
  // Appointments, reminder links and video visits (`appointments.ts`): installed from
  // APPOINTMENT_OPERATIONS below, one argument before the options each (one function for the
  // nine keeps the chunk every demo page loads small).

  declare listAppointments: PortalAdapter['listAppointments'];
  declare getAppointment: PortalAdapter['getAppointment'];
  declare confirmAppointment: PortalAdapter['confirmAppointment'];
  declare getCancellationQuote: PortalAdapter['getCancellationQuote'];
  declare cancelAppointment: PortalAdapter['cancelAppointment'];
  declare rescheduleAppointment: PortalAdapter['rescheduleAppointment'];
  declare resolveReminderToken: PortalAdapter['resolveReminderToken'];
  declare applyReminderAction: PortalAdapter['applyReminderAction'];
  declare getVideoJoin: PortalAdapter['getVideoJoin'];

  // Accounts, phone codes, availability, holds, deposits, reminder preferences, the profile and
  // the list of people: installed from PLAIN_OPERATIONS, each running its part's function of the
  // same name with the arguments before the options.

  declare signIn: PortalAdapter['signIn'];
  declare verifySignInCode: PortalAdapter['verifySignInCode'];
  declare getInvitation: PortalAdapter['getInvitation'];
  declare verifyEmail: PortalAdapter['verifyEmail'];
  declare requestPasswordReset: PortalAdapter['requestPasswordReset'];
  declare checkPasswordReset: PortalAdapter['checkPasswordReset'];
  declare sendPhoneCode: PortalAdapter['sendPhoneCode'];
  declare verifyPhoneCode: PortalAdapter['verifyPhoneCode'];
  declare getAvailability: PortalAdapter['getAvailability'];
  declare releaseHold: PortalAdapter['releaseHold'];
  declare createDepositIntent: PortalAdapter['createDepositIntent'];
  /**
   * The demo payment step: "pays" a deposit intent with a test card. {@link DEMO_CARD_SUCCESS}
   * succeeds, {@link DEMO_CARD_DECLINED} is declined (`PaymentFailedError`), anything else is not
   * a test card (`ValidationError({cardNumber: 'invalid'})`).
   */
  declare confirmDemoPayment: (
    intentId: string,
    cardNumber: string,
    options?: RequestOptions,
  ) => Promise<void>;
  declare getReminderPreferences: PortalAdapter['getReminderPreferences'];
  declare saveReminderPreferences: PortalAdapter['saveReminderPreferences'];
  declare sendTestReminder: PortalAdapter['sendTestReminder'];
  declare getProfile: NonNullable<PortalAdapter['getProfile']>;
  declare updateProfile: NonNullable<PortalAdapter['updateProfile']>;
  declare listSessions: NonNullable<PortalAdapter['listSessions']>;
  declare signOutOtherSessions: NonNullable<PortalAdapter['signOutOtherSessions']>;
  declare requestEmailChange: NonNullable<PortalAdapter['requestEmailChange']>;
  declare confirmEmailChange: NonNullable<PortalAdapter['confirmEmailChange']>;
  declare listPeople: NonNullable<PortalAdapter['listPeople']>;
  declare inviteProxy: NonNullable<PortalAdapter['inviteProxy']>;
  declare listProxyAccess: NonNullable<PortalAdapter['listProxyAccess']>;
  declare revokeProxyAccess: NonNullable<PortalAdapter['revokeProxyAccess']>;
  declare getProxyInvitation: NonNullable<PortalAdapter['getProxyInvitation']>;
  declare answerProxyInvitation: NonNullable<PortalAdapter['answerProxyInvitation']>;

  static {
    for (const [op, load, n, seeded] of [
      ...APPOINTMENT_OPERATIONS.map((op) => [op, appointments, 1, 1] as const),
      ...PLAIN_OPERATIONS,
    ])
      (this.prototype as unknown as Record<string, unknown>)[op] = function (
        this: MemoryAdapter,
        ...args: unknown[]
      ) {
        const part = load as () => Promise<Record<string, (...a: unknown[]) => unknown>>;
        return this.runIn(
          seeded ? this.afterSeeding(part) : part,
          op,
          args[n] as RequestOptions | undefined,
          (p) => p[op]!(this.state, ...args.slice(0, n)),
        );
      };
  }

  // -------------------------------------------------------------------------------------------
  // Reminder preferences

  // -------------------------------------------------------------------------------------------
  // Forms: installed on the prototype from FORM_OPERATIONS (one function for the six, so the
  // chunk every demo page loads stays small); each runs its part in `forms.ts`.

  declare listForms: PortalAdapter['listForms'];
  declare getQuestionnaireForm: PortalAdapter['getQuestionnaireForm'];
  declare saveQuestionnaireDraft: PortalAdapter['saveQuestionnaireDraft'];
  declare submitQuestionnaire: PortalAdapter['submitQuestionnaire'];
  declare getConsentForm: PortalAdapter['getConsentForm'];
  declare signConsent: PortalAdapter['signConsent'];
  declare getConsentPdf: NonNullable<PortalAdapter['getConsentPdf']>;
  declare withdrawConsent: NonNullable<PortalAdapter['withdrawConsent']>;
  declare listDocuments: PortalAdapter['listDocuments'];
  declare downloadDocument: PortalAdapter['downloadDocument'];
  declare uploadDocument: PortalAdapter['uploadDocument'];
  declare deleteDocument: PortalAdapter['deleteDocument'];
  declare requestRefill: NonNullable<PortalAdapter['requestRefill']>;

  // -------------------------------------------------------------------------------------------
  // Billing (`billing.ts`, its own chunk), installed with the forms operations.

  declare listInvoices: NonNullable<PortalAdapter['listInvoices']>;
  declare getInvoice: NonNullable<PortalAdapter['getInvoice']>;
  declare getInvoicePdf: NonNullable<PortalAdapter['getInvoicePdf']>;
  declare listPayments: NonNullable<PortalAdapter['listPayments']>;
  declare createInvoicePaymentIntent: NonNullable<PortalAdapter['createInvoicePaymentIntent']>;
  declare getBillingDetails: NonNullable<PortalAdapter['getBillingDetails']>;
  declare saveBillingDetails: NonNullable<PortalAdapter['saveBillingDetails']>;
  declare removeBillingDetails: NonNullable<PortalAdapter['removeBillingDetails']>;
  declare getReceiptPdf: NonNullable<PortalAdapter['getReceiptPdf']>;
  declare listCards: NonNullable<PortalAdapter['listCards']>;
  declare startCardSetup: NonNullable<PortalAdapter['startCardSetup']>;
  declare confirmDemoCardSetup: NonNullable<PortalAdapter['confirmDemoCardSetup']>;
  declare setDefaultCard: NonNullable<PortalAdapter['setDefaultCard']>;
  declare removeCard: NonNullable<PortalAdapter['removeCard']>;

  // Messages with the clinic (`conversations.ts`, its own chunk), installed from MESSAGE_OPERATIONS.

  declare listConversations: NonNullable<PortalAdapter['listConversations']>;
  declare getConversation: NonNullable<PortalAdapter['getConversation']>;
  declare startConversation: NonNullable<PortalAdapter['startConversation']>;
  declare replyToConversation: NonNullable<PortalAdapter['replyToConversation']>;
  declare markConversationRead: NonNullable<PortalAdapter['markConversationRead']>;
  declare downloadAttachment: NonNullable<PortalAdapter['downloadAttachment']>;

  // Medical information (`medical.ts`, with the demo seed, in the profile's chunk: `profile.ts`
  // re-exports it, as `billing.ts` does the cards), installed from MEDICAL_OPERATIONS.

  declare getMedicalInfo: NonNullable<PortalAdapter['getMedicalInfo']>;
  declare addMedicalEntry: NonNullable<PortalAdapter['addMedicalEntry']>;
  declare updateMedicalEntry: NonNullable<PortalAdapter['updateMedicalEntry']>;
  declare removeMedicalEntry: NonNullable<PortalAdapter['removeMedicalEntry']>;
  /**
   * The clinic has reviewed the patient's medical entries (the demo's and tests' staff side; no
   * session needed), as the reference server's `npm run server:review-medical`: those "reported by
   * you" and not reviewed are marked reviewed; answers how many.
   */
  declare reviewMedicalEntries: (patientId: string) => Promise<number>;
  // Insurance cards (`insurance.ts`, with the demo card, in the same chunk), installed from
  // MEDICAL_OPERATIONS too.
  declare listInsuranceCards: NonNullable<PortalAdapter['listInsuranceCards']>;
  declare addInsuranceCard: NonNullable<PortalAdapter['addInsuranceCard']>;
  declare updateInsuranceCard: NonNullable<PortalAdapter['updateInsuranceCard']>;
  declare setPrimaryInsuranceCard: NonNullable<PortalAdapter['setPrimaryInsuranceCard']>;
  declare removeInsuranceCard: NonNullable<PortalAdapter['removeInsuranceCard']>;
  // The profile photo (`photo.ts`, with the demo patient's, in the same chunk), from
  // MEDICAL_OPERATIONS too.
  declare getProfilePhoto: NonNullable<PortalAdapter['getProfilePhoto']>;
  declare uploadProfilePhoto: NonNullable<PortalAdapter['uploadProfilePhoto']>;
  declare removeProfilePhoto: NonNullable<PortalAdapter['removeProfilePhoto']>;
  // The security question (`profile.ts`), from MEDICAL_OPERATIONS too.
  declare setSecurityAnswer: NonNullable<PortalAdapter['setSecurityAnswer']>;
  declare removeSecurityAnswer: NonNullable<PortalAdapter['removeSecurityAnswer']>;
  // An insurance card's photos (`insurance.ts`), from MEDICAL_OPERATIONS too.
  declare getInsuranceCardPhoto: NonNullable<PortalAdapter['getInsuranceCardPhoto']>;
  declare uploadInsuranceCardPhoto: NonNullable<PortalAdapter['uploadInsuranceCardPhoto']>;
  declare removeInsuranceCardPhoto: NonNullable<PortalAdapter['removeInsuranceCardPhoto']>;

  // The waitlist (`waitlist.ts`, loaded with the appointment operations too), installed from
  // WAITLIST_OPERATIONS.

  declare listWaitlist: NonNullable<PortalAdapter['listWaitlist']>;
  declare joinWaitlist: NonNullable<PortalAdapter['joinWaitlist']>;
  declare leaveWaitlist: NonNullable<PortalAdapter['leaveWaitlist']>;
  declare resolveWaitlistOffer: NonNullable<PortalAdapter['resolveWaitlistOffer']>;
  declare acceptWaitlistOffer: NonNullable<PortalAdapter['acceptWaitlistOffer']>;

  /**
   * The clinic answers a conversation (the demo's and tests' staff side; no patient session
   * needed): the patient sees it on her next poll and gets an email saying an answer is waiting.
   * `staff` defaults to "Clínica"; `attachments` (name and bytes) are checked as the patient's.
   * Installed with the message operations (its code is in their chunk).
   */
  declare replyAsClinic: (
    conversationId: string,
    body: string,
    staff?: {name: string; title?: string; attachments?: readonly {fileName: string; content: Uint8Array}[]},
  ) => Promise<ChatMessage>;

  /**
   * The clinic adds a document for a patient (the demo's and tests' staff side; no session
   * needed): stored "New" in its folder, the patient emailed that a document is waiting (never its
   * name or content). Installed with the document operations (its code is in their chunk).
   */
  declare addClinicDocument: (
    patientId: string,
    doc: {folder: string; fileName: string; content: Uint8Array; author?: string},
  ) => Promise<PatientDocument>;

  static {
    // Documents (`documents.ts`): one argument before the options each (a refill request, two:
    // installed below, over this one).
    for (const op of DOCUMENT_OPERATIONS)
      (this.prototype as unknown as Record<string, unknown>)[op] = function (
        this: MemoryAdapter,
        arg: unknown,
        options?: RequestOptions,
      ) {
        const part = () => documents().then(async (p) => (await p.ready(this.state), p));
        // The options too: an upload reports its progress in steps and can be cancelled between them.
        return this.runIn(this.afterSeeding(part), op, options, (part) =>
          (part[op] as (...a: unknown[]) => unknown)(this.state, arg, options, this.latencyMs),
        );
      };
    // Arguments the rule below does not fit: `replyAsClinic` (conversation id, body and staff, no
    // options), starting a conversation or marking one read (one), a refill request (id and
    // note), reading her medical lists (none), correcting an entry (list, id, entry) or a card.
    const counts: Record<string, number> = {
      startConversation: 1,
      markConversationRead: 1,
      downloadAttachment: 1,
      // The waitlist's: joining (the request), leaving (the id), an offer's link (the token).
      joinWaitlist: 1,
      leaveWaitlist: 1,
      resolveWaitlistOffer: 1,
      acceptWaitlistOffer: 1,
      replyAsClinic: 3,
      requestRefill: 2,
      withdrawConsent: 1,
      addClinicDocument: 2,
      reviewMedicalEntries: 1,
      getMedicalInfo: 0,
      updateMedicalEntry: 3,
      updateInsuranceCard: 2,
      // Billing details: reading or removing them (none), saving them (the details).
      getBillingDetails: 0,
      saveBillingDetails: 1,
      removeBillingDetails: 0,
      // The photo's: reading or removing it (none), storing one (the bytes).
      getProfilePhoto: 0,
      uploadProfilePhoto: 1,
      removeProfilePhoto: 0,
      // An insurance card's photo: the card and the side (and the bytes to store one).
      getInsuranceCardPhoto: 2,
      uploadInsuranceCardPhoto: 3,
    };
    const ops = [
      ...FORM_OPERATIONS.map((op) => [op, forms] as const),
      ...BILLING_OPERATIONS.map((op) => [op, billing] as const),
      ...MEDICAL_OPERATIONS.map((op) => [op, profile] as const),
      ...[...MESSAGE_OPERATIONS, 'replyAsClinic' as const].map((op) => [op, conversations] as const),
      ['requestRefill', documents] as const,
      ['addClinicDocument', documents] as const,
      ['reviewMedicalEntries', profile] as const,
      ...WAITLIST_OPERATIONS.map((op) => [op, waitlist] as const),
    ];
    for (const [op, load] of ops) {
      // Arguments before the options: `counts` says for those above; otherwise none for a list,
      // the id (or key) for a read, the card operations (an insurance card's too) and the security
      // answer (the request), id and body (or the PDF's format, the demo card, a reply) for the rest.
      const n =
        counts[op] ??
        (op[0] === 'l'
          ? 0
          : (op[0] === 'g' && !op.endsWith('Pdf')) || (/(Card(Setup)?|Answer)$/.test(op) && op[0] !== 'c')
            ? 1
            : 2);
      // (createInvoicePaymentIntent: the id and the key.)
      (this.prototype as unknown as Record<string, unknown>)[op] = function (
        this: MemoryAdapter,
        ...args: unknown[]
      ) {
        const part = () =>
          (load as () => Promise<{ready(m: MemoryState): Promise<void>}>)().then(
            async (p) => (
              await p.ready(this.state),
              p as unknown as Record<string, (...a: unknown[]) => unknown>
            ),
          );
        return this.runIn(this.afterSeeding(part), op, args[n] as RequestOptions | undefined, (part) =>
          part[op]!(this.state, ...args.slice(0, n)),
        );
      };
    }
  }

  async checkConnection(options?: RequestOptions): Promise<number> {
    const started = performance.now();
    await this.run('checkConnection', options, () => undefined);
    return Math.max(1, Math.round(performance.now() - started));
  }

  // -------------------------------------------------------------------------------------------
  // Profile (`profile.ts`)

  changePassword(request: PasswordChangeRequest, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(profileScored), 'changePassword', options, ({part, scorer}) =>
      part.changePassword(this.state, request, scorer),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Machinery

  private run<T>(op: MemoryOperation, options: RequestOptions | undefined, body: () => T): Promise<T> {
    return this.runIn(undefined, op, options, body);
  }

  /**
   * One operation: waits the latency (abortably), loads the part of the adapter it needs (if it is
   * not in this chunk), then throws an injected failure or runs the body. The body runs
   * synchronously after the last abort check: nothing else interleaves, so each write is atomic
   * and none follows an abort.
   */
  private async runIn<P, T>(
    part: (() => Promise<P>) | undefined,
    op: MemoryOperation,
    options: RequestOptions | undefined,
    body: (part: P) => T,
  ): Promise<T> {
    const signal = options?.signal;
    throwIfAborted(signal);
    await delay(this.latencyMs, signal);
    if (this.latencyMs <= 0) await Promise.resolve();
    if (!SEED_FREE.has(op)) await this.seeded();
    const loaded = part ? await part() : (undefined as P);
    throwIfAborted(signal);
    const rule = this.failures.take(op);
    if (rule && !rule.afterCommit) throw makeError(rule);
    const result = body(loaded);
    if (rule) throw makeError(rule);
    return result;
  }

  /**
   * A part for operations that send messages or use what the seeded messages set up (the seeded
   * invitations, the reminders already sent): loaded once those are out, so they keep the first
   * places in the outbox.
   */
  private afterSeeding<P>(part: () => Promise<P>): () => Promise<P> {
    return async () => {
      await this.ready;
      return part();
    };
  }

  /**
   * Resolves once the seed is in (at once when it came with the data): its patients and
   * appointments created as of the build time, its invitations queued for the seeded messages.
   */
  private seeded(): Promise<void> {
    const load = this.unseeded;
    if (!load) return Promise.resolve();
    return (this.seedLoading ??= load().then(
      (seed) => {
        this.unseeded = undefined;
        this.state.data = {...this.state.data, ...seed};
        const {clock} = this.state;
        this.state.clock = () => this.bornAt;
        try {
          this.invited.push(...this.state.seedData(this.bornAt));
        } finally {
          this.state.clock = clock;
        }
      },
      (cause: unknown) => {
        this.seedLoading = undefined;
        throw new NetworkError('network', undefined, {cause});
      },
    ));
  }

  private async sendSeededMessages(): Promise<void> {
    let part: Awaited<ReturnType<typeof reminders>>;
    try {
      await this.seeded();
      part = await reminders();
    } catch (e) {
      this.seeding = undefined;
      throw e;
    }
    // As when the adapter was built: the same times and links whenever the texts arrive.
    const {clock, linkBaseOption} = this.state;
    this.state.clock = () => this.bornAt;
    this.state.linkBaseOption = this.bornLinkBase;
    try {
      part.sendSeededMessages(this.state, this.invited.splice(0));
    } finally {
      this.state.clock = clock;
      this.state.linkBaseOption = linkBaseOption;
    }
  }

  /** An emailed link with this fragment key and token, as this adapter builds it (tests). */
  link(fragmentKey: string, token: string): string {
    return this.state.link(fragmentKey, token);
  }

  /** The seeded reminder token of a seeded appointment (tests, the demo page). */
  seededReminderToken(appointmentKey: string, action: 'confirm' | 'cancel'): string {
    return this.state.seededReminderToken(appointmentKey, action);
  }

  /** The id of a seeded appointment. */
  seededAppointmentId(appointmentKey: string): string {
    return this.state.seededAppointmentId(appointmentKey);
  }
}
