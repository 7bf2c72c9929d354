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
  NetworkError,
  NotSignedInError,
  NotSupportedError,
  PortalError,
  type AdapterEvents,
  type AppointmentQuery,
  type Availability,
  type AvailabilityQuery,
  type BookingRequest,
  type CancelRequest,
  type Capabilities,
  type Hold,
  type InvitationInfo,
  type PasswordResetRequest,
  type PhoneCodeRequest,
  type PortalAdapter,
  type RegistrationRequest,
  type ReminderActionRequest,
  type RequestOptions,
  type RescheduleRequest,
  type ServerTime,
  type SignInRequest,
  type SignInResult,
} from '../adapter.js';
import type {
  SeedAppointment,
  SeedPatient,
  SeededClinicData,
  VisitForms,
} from '../../domain/rules/clinic-data.js';
import {toZonedInstantString} from '../../domain/time.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Money,
  OutboxMessage,
  Page,
  Patient,
  PaymentIntent,
  PhoneChallenge,
  ReminderChannel,
  ReminderPreferences,
  ReminderTokenInfo,
  Service,
  Session,
  Slot,
  VideoJoin,
  VisitItem,
  VisitItemState,
} from '../../domain/types.js';
import {
  HOUR,
  MINUTE,
  emailKey,
  type AppointmentRecord,
  type ChallengeRecord,
  type HoldRecord,
  type IntentRecord,
  type LinkRecord,
  type NewPatient,
  type PatientRecord,
  type ReminderTokenRecord,
  type SessionRecord,
} from './internals.js';

// ---------------------------------------------------------------------------------------------
// Public constants

/** Fragment keys of the links the backend sends: `…#portal-invitation=TOKEN`. Never a query string. */
export const FRAGMENT_INVITATION = 'portal-invitation';
export const FRAGMENT_VERIFY = 'portal-verify';
export const FRAGMENT_RESET = 'portal-reset';
export const FRAGMENT_REMINDER = 'portal-reminder';
export const FRAGMENT_KEYS = {
  invitation: FRAGMENT_INVITATION,
  verify: FRAGMENT_VERIFY,
  reset: FRAGMENT_RESET,
  reminder: FRAGMENT_REMINDER,
} as const;

/** The demo payment step's test cards (like a payment provider's test mode). */
export const DEMO_CARD_SUCCESS = '4242424242424242';
export const DEMO_CARD_DECLINED = '4000000000000002';

/** Link base used outside a browser. */
export const DEFAULT_LINK_BASE = 'https://demo.clinic.example/portal';

// ---------------------------------------------------------------------------------------------
// Hashing: a compact synchronous SHA-256 (FIPS 180-4) and HMAC (RFC 2104), so tokens can be derived
// while the adapter is constructed, identically in browsers and Node.

function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

const frac32 = (x: number): number => ((x - Math.floor(x)) * 0x100000000) >>> 0;
const SHA_K = Uint32Array.from(primes(64), (p) => frac32(Math.cbrt(p)));
const SHA_H0 = Uint32Array.from(primes(8), (p) => frac32(Math.sqrt(p)));

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  const h = SHA_H0.slice();
  const padded = new Uint8Array(((data.length + 72) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA_K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
  return out;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** HMAC-SHA-256 of `message` under `key`. */
export function hmacSha256(key: string, message: string): Uint8Array {
  let k = utf8(key);
  if (k.length > 64) k = sha256(k);
  const block = new Uint8Array(64);
  block.set(k);
  const inner = new Uint8Array(64 + utf8(message).length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  inner.set(utf8(message), 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64URL[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * An opaque, unguessable-looking token (43 url-safe characters, 256 bits) derived from the
 * adapter's seed, a purpose and a key. It carries no patient data: the same seed, purpose and key
 * always give the same token, which is how the demo's seeded links survive a page reload.
 */
export function deriveToken(seed: string, purpose: string, key: string | number): string {
  return base64url(hmacSha256(seed, `${purpose}\u0000${key}`));
}

function randomSeed(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return hex(bytes);
}

// ---------------------------------------------------------------------------------------------
// Seed data

/** Forms attached to a service's appointments (the domain's {@link VisitForms}). */
export type MemoryVisitForms = VisitForms;
export type MemorySeedPatient = SeedPatient;
export type MemorySeedAppointment = SeedAppointment;

/** Everything a {@link MemoryAdapter} serves: a clinic and its seed (the demo clinic is one of these). */
export type MemoryClinicData = SeededClinicData;

// ---------------------------------------------------------------------------------------------
// Outbox

export type OutboxKind = OutboxMessage['kind'];
export type OutboxChannel = OutboxMessage['channel'];

export interface OutboxFilter {
  readonly kind?: OutboxKind;
  readonly channel?: OutboxChannel;
  /** Recipient (email compared case-insensitively, or an E.164 number). */
  readonly to?: string;
}

/** Hears every message sent: the whole outbox (oldest first) and the new message. */
export type OutboxListener = (messages: readonly OutboxMessage[], latest: OutboxMessage) => void;

/** What the memory backend "sent". Messages are frozen: readers cannot change them. */
/**
 * What the memory backend "sent". Messages are frozen: readers cannot change them.
 *
 * The messages its adapter sent when it was built (the seeded invitation and reminders) arrive
 * once the adapter's message texts are loaded: reading the outbox starts that, listeners hear
 * them like any other message, and `await adapter.ready` waits for them.
 */
export class Outbox {
  private readonly items: OutboxMessage[] = [];
  private readonly listeners = new Set<OutboxListener>();

  /** @param onRead Called on every read (the adapter starts sending its seeded messages). */
  constructor(private readonly onRead: () => void = () => undefined) {}

  /** Every message, oldest first. */
  get messages(): readonly OutboxMessage[] {
    this.onRead();
    return [...this.items];
  }

  get size(): number {
    this.onRead();
    return this.items.length;
  }

  list(filter: OutboxFilter = {}): OutboxMessage[] {
    this.onRead();
    return this.items.filter((m) => matches(m, filter));
  }

  /** The newest message matching the filter. */
  latest(filter: OutboxFilter = {}): OutboxMessage | undefined {
    this.onRead();
    for (let i = this.items.length - 1; i >= 0; i--) if (matches(this.items[i], filter)) return this.items[i];
    return undefined;
  }

  /** Calls `listener` for every message sent from now on; returns the unsubscribe function. */
  subscribe(listener: OutboxListener): () => void {
    this.onRead();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  clear(): void {
    this.items.length = 0;
  }

  /** @internal Used by the adapter. */
  push(message: OutboxMessage): void {
    const frozen = Object.freeze({...message, links: Object.freeze({...message.links})});
    this.items.push(frozen);
    const all = [...this.items];
    for (const l of [...this.listeners]) l(all, frozen);
  }
}

function matches(m: OutboxMessage, f: OutboxFilter): boolean {
  return (
    (f.kind === undefined || m.kind === f.kind) &&
    (f.channel === undefined || m.channel === f.channel) &&
    (f.to === undefined || m.to.toLowerCase() === f.to.trim().toLowerCase())
  );
}

// ---------------------------------------------------------------------------------------------
// Failure injection

export type MemoryOperation = Exclude<keyof PortalAdapter, 'kind' | 'demo'> | 'confirmDemoPayment';

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

function defaultLinkBase(): string {
  const loc = (globalThis as {location?: {href?: string}}).location;
  return typeof loc?.href === 'string' && /^https?:/.test(loc.href)
    ? loc.href.split('#')[0]
    : DEFAULT_LINK_BASE;
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

const booking = lazy(() => import('./booking.js'));
const reminders = lazy(() => import('./reminders.js'));
const accounts = lazy(() => import('./accounts.js'));
const appointments = lazy(() => import('./appointments.js'));

// ---------------------------------------------------------------------------------------------
// The adapter

export class MemoryAdapter implements PortalAdapter {
  readonly kind = 'memory';
  readonly demo: boolean;
  /** What this backend "sent" (reading it starts sending the seeded messages: see {@link ready}). */
  readonly outbox = new Outbox(() => void this.ready.catch(() => undefined));
  /** Makes the next calls fail (tests, the demo page's "simulate a problem" switches). */
  readonly failures: FailureInjector;
  /** Milliseconds every operation waits before answering. */
  latencyMs: number;
  /** The demo clinic's documented credentials (demo adapters only). */
  readonly demoInfo?: MemoryDemoInfo;

  // The members marked @internal are the adapter's state and helpers that its parts loaded on first
  // use (booking.ts, accounts.ts, appointments.ts, reminders.ts, messages.ts) share: not its API.

  /** @internal */
  readonly data: MemoryClinicData;
  /** @internal The server's clock (pinned to the build time while the seeded messages go out). */
  clock: () => number;
  /** @internal */
  readonly seed: string;
  /** @internal */
  readonly caps: Capabilities;
  /** @internal */
  readonly fixedCode?: string;
  /** @internal */
  readonly events?: AdapterEvents;
  /** @internal The count behind runtime tokens and keys. */
  seq = 0;
  /** @internal */
  messageSeq = 0;
  /** @internal */
  session: SessionRecord | null = null;
  /** @internal */
  readonly patients = new Map<string, PatientRecord>();
  /** @internal */
  readonly signInFailures = new Map<string, number[]>();
  /** @internal */
  readonly links = new Map<string, LinkRecord>();
  /** @internal */
  readonly signInChallenges = new Map<string, ChallengeRecord & {patientId: string}>();
  /** @internal */
  readonly phoneChallenges = new Map<string, ChallengeRecord>();
  /** @internal */
  readonly phoneTokens = new Map<string, {phone: string; expires: number; used: boolean}>();
  /** @internal */
  readonly appointments = new Map<string, AppointmentRecord>();
  /** @internal */
  readonly holds = new Map<string, HoldRecord>();
  /** @internal */
  readonly intents = new Map<string, IntentRecord>();
  /** @internal */
  readonly intentKeys = new Map<string, string>();
  /** @internal */
  readonly bookings = new Map<string, {fingerprint: string; appointmentId: string}>();
  /** @internal */
  readonly reschedules = new Map<string, {fingerprint: string; appointmentId: string}>();
  /** @internal */
  readonly reminderTokens = new Map<string, ReminderTokenRecord>();
  /** @internal */
  readonly testReminderAt = new Map<string, number>();

  private linkBaseOption?: string;
  private readonly idleMs: number;
  private readonly patientsByEmail = new Map<string, string>();
  /** When the adapter was built, and its link base then: the seeded messages' time and links. */
  private readonly bornAt: number;
  private readonly bornLinkBase: string;
  /** Seeded patients whose invitation goes out with the seeded messages. */
  private readonly invited: {key: string; patient: PatientRecord}[] = [];
  private seeding?: Promise<void>;

  constructor(options: MemoryAdapterOptions) {
    this.data = options.data;
    this.clock = options.clock ?? Date.now;
    this.latencyMs = options.latencyMs ?? 0;
    this.failures = new FailureInjector(options.failures);
    this.demo = options.demo ?? false;
    this.demoInfo = this.demo && options.demoInfo ? {...options.demoInfo} : undefined;
    this.seed = options.seed ?? randomSeed();
    this.linkBaseOption = options.linkBase;
    this.fixedCode = options.fixedCode;
    this.idleMs = (options.sessionIdleMinutes ?? 15) * MINUTE;
    this.events = options.events;
    const clinic = this.data.clinic;
    this.caps = {
      signIn: {kind: 'password'},
      selfRegistration: true,
      invitations: true,
      passwordReset: true,
      secondFactor: false,
      smsCodes: true,
      payments: 'demo',
      holds: true,
      confirm: true,
      cancel: true,
      reschedule: true,
      telehealth: clinic.telehealth !== undefined,
      reminderChannels: [...clinic.reminders.channels],
      testReminder: true,
      reminderLinks: true,
      ...options.capabilities,
    };
    this.bornAt = this.clock();
    this.bornLinkBase = this.linkBase();
    this.seedData();
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
    return this.clock();
  }

  /**
   * The demo payment step: "pays" a deposit intent with a test card. {@link DEMO_CARD_SUCCESS}
   * succeeds, {@link DEMO_CARD_DECLINED} is declined (`PaymentFailedError`), anything else is not
   * a test card (`ValidationError({cardNumber: 'invalid'})`).
   */
  confirmDemoPayment(intentId: string, cardNumber: string, options?: RequestOptions): Promise<void> {
    return this.runIn(booking, 'confirmDemoPayment', options, (part) =>
      part.confirmDemoPayment(this, intentId, cardNumber),
    );
  }

  /**
   * Sends the reminders that are due now (72/24/1 h before, as each patient chose), once each:
   * an email with confirm and cancel links, and SMS or voice messages without them. When several
   * are due at once only the nearest goes out. Resolves to how many messages were sent.
   */
  async sendDueReminders(): Promise<number> {
    const part = await this.afterSeeding(reminders)();
    return part.sendDueReminders(this);
  }

  // -------------------------------------------------------------------------------------------
  // Clinic and time

  getCapabilities(options?: RequestOptions): Promise<Capabilities> {
    return this.run('getCapabilities', options, () => structuredClone(this.caps));
  }

  getClinic(options?: RequestOptions): Promise<Clinic> {
    return this.run('getClinic', options, () => structuredClone(this.data.clinic));
  }

  getServerTime(options?: RequestOptions): Promise<ServerTime> {
    return this.run('getServerTime', options, () => ({now: this.instant(this.clock())}));
  }

  // -------------------------------------------------------------------------------------------
  // Session

  getSession(options?: RequestOptions): Promise<Session | null> {
    return this.run('getSession', options, () => {
      const s = this.liveSession();
      return s ? this.toSession(s) : null;
    });
  }

  signIn(request: SignInRequest, options?: RequestOptions): Promise<SignInResult> {
    return this.runIn(this.afterSeeding(accounts), 'signIn', options, (part) => part.signIn(this, request));
  }

  verifySignInCode(challengeId: string, code: string, options?: RequestOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accounts), 'verifySignInCode', options, (part) =>
      part.verifySignInCode(this, challengeId, code),
    );
  }

  extendSession(options?: RequestOptions): Promise<Session> {
    return this.run('extendSession', options, () => {
      this.requirePatient();
      return this.toSession(this.session as SessionRecord);
    });
  }

  signOut(options?: RequestOptions): Promise<void> {
    return this.run('signOut', options, () => {
      this.session = null;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Accounts

  getInvitation(token: string, options?: RequestOptions): Promise<InvitationInfo> {
    return this.runIn(this.afterSeeding(accounts), 'getInvitation', options, (part) =>
      part.getInvitation(this, token),
    );
  }

  acceptInvitation(token: string, password: string, options?: RequestOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accounts), 'acceptInvitation', options, (part) =>
      part.acceptInvitation(this, token, password),
    );
  }

  register(request: RegistrationRequest, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(accounts), 'register', options, (part) =>
      part.register(this, request),
    );
  }

  verifyEmail(token: string, options?: RequestOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accounts), 'verifyEmail', options, (part) =>
      part.verifyEmail(this, token),
    );
  }

  requestPasswordReset(request: PasswordResetRequest, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(accounts), 'requestPasswordReset', options, (part) =>
      part.requestPasswordReset(this, request),
    );
  }

  checkPasswordReset(token: string, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(accounts), 'checkPasswordReset', options, (part) =>
      part.checkPasswordReset(this, token),
    );
  }

  resetPassword(token: string, password: string, options?: RequestOptions): Promise<Session> {
    return this.runIn(this.afterSeeding(accounts), 'resetPassword', options, (part) =>
      part.resetPassword(this, token, password),
    );
  }

  completeOnboarding(options?: RequestOptions): Promise<void> {
    return this.run('completeOnboarding', options, () => {
      this.requirePatient().onboardingDone = true;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Phone codes

  sendPhoneCode(request: PhoneCodeRequest, options?: RequestOptions): Promise<PhoneChallenge> {
    return this.runIn(this.afterSeeding(booking), 'sendPhoneCode', options, (part) =>
      part.sendPhoneCode(this, request),
    );
  }

  verifyPhoneCode(challengeId: string, code: string, options?: RequestOptions): Promise<string> {
    return this.runIn(booking, 'verifyPhoneCode', options, (part) =>
      part.verifyPhoneCode(this, challengeId, code),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Catalog and availability

  getCatalog(options?: RequestOptions): Promise<Catalog> {
    return this.run('getCatalog', options, () => structuredClone(this.data.catalog));
  }

  getCancellationReasons(options?: RequestOptions): Promise<readonly CancellationReason[]> {
    return this.run('getCancellationReasons', options, () => structuredClone(this.data.cancellationReasons));
  }

  getAvailability(query: AvailabilityQuery, options?: RequestOptions): Promise<Availability> {
    return this.runIn(booking, 'getAvailability', options, (part) => part.getAvailability(this, query));
  }

  // -------------------------------------------------------------------------------------------
  // Booking

  holdSlot(slot: Slot, serviceIds: readonly string[], options?: RequestOptions): Promise<Hold> {
    return this.runIn(booking, 'holdSlot', options, (part) => part.holdSlot(this, slot, serviceIds));
  }

  releaseHold(holdId: string, options?: RequestOptions): Promise<void> {
    return this.runIn(booking, 'releaseHold', options, (part) => part.releaseHold(this, holdId));
  }

  createDepositIntent(
    slot: Slot,
    serviceIds: readonly string[],
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<PaymentIntent | null> {
    return this.runIn(booking, 'createDepositIntent', options, (part) =>
      part.createDepositIntent(this, slot, serviceIds, idempotencyKey),
    );
  }

  book(request: BookingRequest, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(booking), 'book', options, (part) => part.book(this, request));
  }

  // -------------------------------------------------------------------------------------------
  // Appointments

  listAppointments(query: AppointmentQuery, options?: RequestOptions): Promise<Page<Appointment>> {
    return this.runIn(this.afterSeeding(appointments), 'listAppointments', options, (part) =>
      part.listAppointments(this, query),
    );
  }

  getAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'getAppointment', options, (part) =>
      part.getAppointment(this, id),
    );
  }

  confirmAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'confirmAppointment', options, (part) =>
      part.confirmAppointment(this, id),
    );
  }

  getCancellationQuote(id: string, options?: RequestOptions): Promise<CancellationQuote> {
    return this.runIn(this.afterSeeding(appointments), 'getCancellationQuote', options, (part) =>
      part.getCancellationQuote(this, id),
    );
  }

  cancelAppointment(request: CancelRequest, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'cancelAppointment', options, (part) =>
      part.cancelAppointment(this, request),
    );
  }

  rescheduleAppointment(request: RescheduleRequest, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'rescheduleAppointment', options, (part) =>
      part.rescheduleAppointment(this, request),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reminder links

  resolveReminderToken(token: string, options?: RequestOptions): Promise<ReminderTokenInfo> {
    return this.runIn(this.afterSeeding(appointments), 'resolveReminderToken', options, (part) =>
      part.resolveReminderToken(this, token),
    );
  }

  applyReminderAction(request: ReminderActionRequest, options?: RequestOptions): Promise<Appointment> {
    return this.runIn(this.afterSeeding(appointments), 'applyReminderAction', options, (part) =>
      part.applyReminderAction(this, request),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reminder preferences

  getReminderPreferences(options?: RequestOptions): Promise<ReminderPreferences> {
    return this.runIn(this.afterSeeding(reminders), 'getReminderPreferences', options, (part) =>
      part.getReminderPreferences(this),
    );
  }

  saveReminderPreferences(
    preferences: ReminderPreferences,
    options?: RequestOptions,
  ): Promise<ReminderPreferences> {
    return this.runIn(this.afterSeeding(reminders), 'saveReminderPreferences', options, (part) =>
      part.saveReminderPreferences(this, preferences),
    );
  }

  sendTestReminder(channel: ReminderChannel, options?: RequestOptions): Promise<void> {
    return this.runIn(this.afterSeeding(reminders), 'sendTestReminder', options, (part) =>
      part.sendTestReminder(this, channel),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Telehealth

  getVideoJoin(appointmentId: string, options?: RequestOptions): Promise<VideoJoin> {
    return this.runIn(this.afterSeeding(appointments), 'getVideoJoin', options, (part) =>
      part.getVideoJoin(this, appointmentId),
    );
  }

  async checkConnection(options?: RequestOptions): Promise<number> {
    const started = performance.now();
    await this.run('checkConnection', options, () => undefined);
    return Math.max(1, Math.round(performance.now() - started));
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

  private async sendSeededMessages(): Promise<void> {
    let part: Awaited<ReturnType<typeof reminders>>;
    try {
      part = await reminders();
    } catch (e) {
      this.seeding = undefined;
      throw e;
    }
    // As when the adapter was built: the same times and links whenever the texts arrive.
    const {clock, linkBaseOption} = this;
    this.clock = () => this.bornAt;
    this.linkBaseOption = this.bornLinkBase;
    try {
      part.sendSeededMessages(this, this.invited.splice(0));
    } finally {
      this.clock = clock;
      this.linkBaseOption = linkBaseOption;
    }
  }

  /** @internal A reminder channel besides email that both the clinic and this backend offer. */
  channelOn(channel: ReminderChannel): boolean {
    return (
      this.caps.reminderChannels.includes(channel) && this.data.clinic.reminders.channels.includes(channel)
    );
  }

  /** @internal */
  need(ok: boolean, capability: string): void {
    if (!ok) throw new NotSupportedError(capability);
  }

  /** @internal */
  instant(ms: number): string {
    return toZonedInstantString(ms, this.data.clinic.timeZone);
  }

  /** @internal */
  nextToken(purpose: string): string {
    return deriveToken(this.seed, purpose, ++this.seq);
  }

  /** @internal */
  hashPassword(salt: string, password: string): string {
    return hex(sha256(utf8(`${salt}\u0000${password}`)));
  }

  /** @internal */
  linkBase(): string {
    return this.linkBaseOption ?? defaultLinkBase();
  }

  /** @internal */
  link(fragmentKey: string, token: string): string {
    return `${this.linkBase()}#${fragmentKey}=${token}`;
  }

  /** @internal */
  service(id: string): Service | undefined {
    return this.data.catalog.services.find((s) => s.id === id);
  }

  /** @internal */
  patientByEmail(email: string): PatientRecord | undefined {
    const id = this.patientsByEmail.get(emailKey(email));
    return id === undefined ? undefined : this.patients.get(id);
  }

  /** @internal */
  createPatient(details: NewPatient, key = `n${++this.seq}`): PatientRecord {
    const id = `pat_${deriveToken(this.seed, 'patient', key).slice(0, 20)}`;
    const record: PatientRecord = {
      id,
      givenName: details.givenName.trim(),
      familyName: details.familyName.trim(),
      email: details.email.trim(),
      phone: details.phone ? (details.phone.trim() as E164) : undefined,
      dateOfBirth: details.dateOfBirth,
      language: details.language,
      onboardingDone: false,
      salt: deriveToken(this.seed, 'salt', key),
      emailVerified: false,
    };
    this.patients.set(id, record);
    this.patientsByEmail.set(emailKey(record.email), id);
    return record;
  }

  /** @internal */
  liveSession(): SessionRecord | null {
    const s = this.session;
    if (s && this.clock() - s.lastUsed >= this.idleMs) {
      this.session = null;
      return null;
    }
    return s;
  }

  /** @internal The signed-in patient (sliding the session), or NotSignedInError. */
  requirePatient(): PatientRecord {
    const had = this.session !== null;
    const s = this.liveSession();
    const patient = s ? this.patients.get(s.patientId) : undefined;
    if (!s || !patient) {
      const reason = had ? 'session-expired' : 'not-signed-in';
      if (had) this.events?.onSessionLost?.(reason);
      throw new NotSignedInError(reason);
    }
    s.lastUsed = this.clock();
    return patient;
  }

  /** @internal */
  startSession(patient: PatientRecord, method: Session['method']): Session {
    this.session = {
      id: `ses_${this.nextToken('session').slice(0, 24)}`,
      patientId: patient.id,
      method,
      lastUsed: this.clock(),
    };
    return this.toSession(this.session);
  }

  private toSession(s: SessionRecord): Session {
    return {
      id: s.id,
      patient: this.toPatient(this.patients.get(s.patientId) as PatientRecord),
      expiresAt: this.instant(s.lastUsed + this.idleMs),
      method: s.method,
    };
  }

  private toPatient(p: PatientRecord): Patient {
    const patient: Patient = {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      email: p.email,
      dateOfBirth: p.dateOfBirth,
      language: p.language,
      onboardingDone: p.onboardingDone,
    };
    return p.phone ? {...patient, phone: p.phone} : patient;
  }

  /** @internal */
  durationWith(services: readonly Service[], providerId: string): number {
    return services.reduce(
      (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
      0,
    );
  }

  /** @internal */
  createAppointment(seed: {
    key: string;
    patientId: string;
    serviceIds: readonly string[];
    providerId: string;
    start: number;
    status: AppointmentStatus;
    locationId?: string;
    forms?: MemorySeedAppointment['forms'];
    depositPaid?: Money;
    cancellation?: CancellationInfo;
  }): AppointmentRecord {
    const services = seed.serviceIds
      .map((id) => this.service(id))
      .filter((s): s is Service => s !== undefined);
    const id = `apt_${deriveToken(this.seed, 'appointment', seed.key).slice(0, 20)}`;
    const mode = services[0]?.mode ?? 'in-person';
    const items: VisitItem[] = [];
    const forms = this.data.visitForms ?? {};
    const questionnaire: VisitItemState = seed.forms?.questionnaire ?? 'to-do';
    const consent: VisitItemState = seed.forms?.consent ?? 'to-do';
    for (const s of services) {
      const f = forms[s.id];
      if (f?.questionnaire)
        items.push({
          id: `${id}-${s.id}-q`,
          kind: 'questionnaire',
          phase: 'before',
          title: f.questionnaire,
          state: questionnaire,
        });
      if (f?.consent)
        items.push({
          id: `${id}-${s.id}-c`,
          kind: 'consent',
          phase: 'before',
          title: f.consent,
          state: consent,
        });
      if (s.preVisitInstructions) {
        items.push({
          id: `${id}-${s.id}-pre`,
          kind: 'instructions',
          phase: 'before',
          title: s.name,
          state: 'info',
          body: s.preVisitInstructions,
        });
      }
      if (s.postVisitInstructions) {
        items.push({
          id: `${id}-${s.id}-post`,
          kind: 'instructions',
          phase: 'after',
          title: s.name,
          state: 'info',
          body: s.postVisitInstructions,
        });
      }
    }
    const apt: AppointmentRecord = {
      id,
      patientId: seed.patientId,
      status: seed.status,
      start: seed.start,
      end: seed.start + this.durationWith(services, seed.providerId) * MINUTE,
      serviceIds: [...seed.serviceIds],
      providerId: seed.providerId,
      mode,
      locationId: mode === 'video' ? undefined : seed.locationId,
      items,
      cancellation: seed.cancellation,
      depositPaid: seed.depositPaid,
      confirmToken: deriveToken(this.seed, 'reminder-confirm', seed.key),
      cancelToken: deriveToken(this.seed, 'reminder-cancel', seed.key),
      room: `ClinicaDemo-${deriveToken(this.seed, 'room', seed.key).slice(0, 20).replace(/[-_]/g, 'x')}`,
      remindersSent: new Set(),
    };
    this.appointments.set(id, apt);
    this.reminderTokens.set(apt.confirmToken, {appointmentId: id, action: 'confirm', used: false});
    this.reminderTokens.set(apt.cancelToken, {appointmentId: id, action: 'cancel', used: false});
    this.skipPastReminders(apt);
    return apt;
  }

  /** @internal A reminder whose time passed before the appointment existed is never sent. */
  skipPastReminders(apt: AppointmentRecord): void {
    const now = this.clock();
    for (const h of this.data.clinic.reminders.offeredHours)
      if (apt.start - h * HOUR < now) apt.remindersSent.add(h);
  }

  // -------------------------------------------------------------------------------------------
  // Seeding

  /**
   * The seeded patients and appointments, as of the build time (availability needs them at once).
   * What they are sent goes out later, as of that time too: see {@link ready}.
   */
  private seedData(): void {
    const now = this.bornAt;
    const byKey = new Map<string, PatientRecord>();
    for (const p of this.data.patients ?? []) {
      const record = this.createPatient(p, `seed:${p.key}`);
      record.onboardingDone = p.onboardingDone ?? false;
      if (p.password !== undefined) {
        record.passwordHash = this.hashPassword(record.salt, p.password);
        record.emailVerified = true;
      }
      if (p.reminderPreferences)
        record.prefs = {email: record.email, ...structuredClone(p.reminderPreferences)};
      byKey.set(p.key, record);
      if (p.invite) this.invited.push({key: p.key, patient: record});
    }
    for (const a of this.data.appointments?.(now) ?? []) {
      const patient = byKey.get(a.patientKey);
      if (!patient) continue;
      const apt = this.createAppointment({
        key: `seed:${a.key}`,
        patientId: patient.id,
        serviceIds: a.serviceIds,
        providerId: a.providerId,
        start: a.start,
        status: a.status,
        locationId: a.locationId,
        forms: a.forms,
        depositPaid: a.depositPaid,
        cancellation: a.cancellation
          ? {
              reasonId: a.cancellation.reasonId,
              at: this.instant(a.cancellation.at),
              by: a.cancellation.by,
              ...(a.cancellation.note ? {note: a.cancellation.note} : {}),
              ...(a.cancellation.fee ? {fee: a.cancellation.fee} : {}),
            }
          : undefined,
      });
      // Seeded appointments start with no reminder sent: the nearest due one goes out with the
      // seeded messages.
      apt.remindersSent.clear();
    }
  }

  /** The seeded reminder token of a seeded appointment (tests, the demo page). */
  seededReminderToken(appointmentKey: string, action: 'confirm' | 'cancel'): string {
    return deriveToken(
      this.seed,
      action === 'confirm' ? 'reminder-confirm' : 'reminder-cancel',
      `seed:${appointmentKey}`,
    );
  }

  /** The id of a seeded appointment. */
  seededAppointmentId(appointmentKey: string): string {
    return `apt_${deriveToken(this.seed, 'appointment', `seed:${appointmentKey}`).slice(0, 20)}`;
  }
}
