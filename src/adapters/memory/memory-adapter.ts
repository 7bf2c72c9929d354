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
 * No Node-only imports: this file is loaded in browsers as a lazy chunk.
 */
import {
  ForbiddenError,
  HoldExpiredError,
  InvalidLinkError,
  NotFoundError,
  NotSignedInError,
  NotSupportedError,
  PaymentFailedError,
  PortalError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
  type AdapterEvents,
  type AppointmentQuery,
  type Availability,
  type AvailabilityQuery,
  type BookingRequest,
  type CancelRequest,
  type Capabilities,
  type FieldErrorCode,
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
import {computeAvailability} from '../../domain/availability.js';
import type {BusyInterval, ProviderSchedule} from '../../domain/schedule.js';
import {
  instantToPlainDate,
  parseInstant,
  plainDateToEpochDay,
  toZonedInstantString,
} from '../../domain/time.js';
import type {
  Appointment,
  AppointmentActions,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  CountryCode,
  E164,
  Language,
  LocalizedText,
  Money,
  OutboxMessage,
  Page,
  Patient,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  PlainDate,
  ReminderChannel,
  ReminderPhone,
  ReminderPreferences,
  ReminderTokenInfo,
  Service,
  Session,
  Slot,
  VideoJoin,
  VideoVisitState,
  VisitItem,
  VisitItemState,
} from '../../domain/types.js';

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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SIGN_IN_WINDOW = 15 * MINUTE;
const SIGN_IN_MAX_FAILURES = 5;
const RESET_LINK_TTL = 60 * MINUTE;
const VERIFY_LINK_TTL = 2 * DAY;
const INVITATION_TTL = 30 * DAY;
const CODE_TTL = 10 * MINUTE;
const CODE_RESEND = 30_000;
const CODE_MAX_TRIES = 5;
const PHONE_TOKEN_TTL = 30 * MINUTE;
const TEST_REMINDER_INTERVAL = 30_000;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const NOTE_MAX = 1000;
const NAME_MAX = 100;

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

/** Forms attached to a service's appointments (shown as visit items). */
export interface MemoryVisitForms {
  readonly questionnaire?: LocalizedText;
  readonly consent?: LocalizedText;
}

export interface MemorySeedPatient {
  /** Stable key within the seed data (never shown; ids and tokens are derived from it). */
  readonly key: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone?: E164;
  readonly dateOfBirth: PlainDate;
  readonly language: Language;
  readonly onboardingDone?: boolean;
  /** Hashed when the adapter is built; the plain text is not kept. Absent: no account yet. */
  readonly password?: string;
  /** A pending invitation is created (token derived from the key) and its email "sent". */
  readonly invite?: boolean;
  readonly reminderPreferences?: Omit<ReminderPreferences, 'email'>;
}

export interface MemorySeedAppointment {
  /** Stable key within the seed data: the appointment's id and reminder tokens derive from it. */
  readonly key: string;
  readonly patientKey: string;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  /** Start, epoch milliseconds. The end follows from the provider's durations. */
  readonly start: number;
  readonly status: AppointmentStatus;
  readonly locationId?: string;
  readonly cancellation?: {
    readonly reasonId: string;
    readonly note?: string;
    readonly at: number;
    readonly by: 'patient' | 'clinic';
    readonly fee?: Money;
  };
  /** State of the appointment's questionnaires and consents (default: to do). */
  readonly forms?: {readonly questionnaire?: VisitItemState; readonly consent?: VisitItemState};
  readonly depositPaid?: Money;
}

/** Everything a {@link MemoryAdapter} serves (the demo clinic is one of these). */
export interface MemoryClinicData {
  readonly clinic: Clinic;
  readonly catalog: Catalog;
  readonly schedules: readonly ProviderSchedule[];
  /** Clinic-wide closures (holidays). */
  readonly closures?: readonly PlainDate[];
  readonly stepMinutes: number;
  readonly bufferMinutes?: number;
  readonly cancellationReasons: readonly CancellationReason[];
  /** Service id → forms attached to its appointments. */
  readonly visitForms?: Readonly<Record<string, MemoryVisitForms>>;
  /** How messages name the clinic's zone, e.g. "Mexico City time" (default: the zone's city). */
  readonly timeZoneLabel?: LocalizedText;
  /** Base of video rooms, on a host in `clinic.telehealth.allowedHosts` (default Jitsi Meet). */
  readonly videoRoomBase?: string;
  readonly patients?: readonly MemorySeedPatient[];
  /** Seeded appointments, generated from the adapter's clock when it is built. */
  readonly appointments?: (nowMs: number) => readonly MemorySeedAppointment[];
}

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
export class Outbox {
  private readonly items: OutboxMessage[] = [];
  private readonly listeners = new Set<OutboxListener>();

  /** Every message, oldest first. */
  get messages(): readonly OutboxMessage[] {
    return [...this.items];
  }

  get size(): number {
    return this.items.length;
  }

  list(filter: OutboxFilter = {}): OutboxMessage[] {
    return this.items.filter((m) => matches(m, filter));
  }

  /** The newest message matching the filter. */
  latest(filter: OutboxFilter = {}): OutboxMessage | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (matches(this.items[i], filter)) return this.items[i];
    return undefined;
  }

  /** Calls `listener` for every message sent from now on; returns the unsubscribe function. */
  subscribe(listener: OutboxListener): () => void {
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
    const all = this.messages;
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
// Internal records

interface PatientRecord {
  readonly id: string;
  givenName: string;
  familyName: string;
  email: string;
  phone?: E164;
  dateOfBirth: PlainDate;
  language: Language;
  onboardingDone: boolean;
  salt: string;
  passwordHash?: string;
  emailVerified: boolean;
  prefs?: ReminderPreferences;
}

interface SessionRecord {
  readonly id: string;
  readonly patientId: string;
  readonly method: Session['method'];
  lastUsed: number;
}

type LinkPurpose = 'invitation' | 'verify' | 'reset';

interface LinkRecord {
  readonly purpose: LinkPurpose;
  readonly patientId: string;
  readonly expires: number;
  used: boolean;
  /** For a verification link: the password chosen at registration. */
  readonly passwordHash?: string;
}

interface AppointmentRecord {
  readonly id: string;
  readonly patientId: string;
  status: AppointmentStatus;
  start: number;
  end: number;
  readonly serviceIds: readonly string[];
  providerId: string;
  readonly mode: Service['mode'];
  locationId?: string;
  readonly items: VisitItem[];
  cancellation?: CancellationInfo;
  depositPaid?: Money;
  readonly confirmToken: string;
  readonly cancelToken: string;
  readonly room: string;
  /** Reminder offsets (hours) already sent or skipped. */
  readonly remindersSent: Set<number>;
}

interface HoldRecord {
  readonly id: string;
  readonly slot: Slot;
  readonly providerId: string;
  readonly start: number;
  readonly end: number;
  readonly expires: number;
}

interface ChallengeRecord {
  readonly id: string;
  /** The phone (SMS code) or the patient (sign-in code). */
  readonly target: string;
  readonly code: string;
  readonly expires: number;
  readonly resendAt: number;
  tries: number;
  dead: boolean;
}

interface IntentRecord {
  readonly intent: PaymentIntent;
  readonly fingerprint: string;
  state: 'requires-payment' | 'succeeded' | 'failed';
  usedBy?: string;
}

interface ReminderTokenRecord {
  readonly appointmentId: string;
  readonly action: 'confirm' | 'cancel';
  used: boolean;
}

type NewPatient = Omit<PatientDetails, 'phone'> & {readonly phone?: E164};

const ACTIVE: ReadonlySet<AppointmentStatus> = new Set(['pending', 'booked', 'confirmed']);
const ALL_STATUSES: ReadonlySet<string> = new Set([
  'pending',
  'booked',
  'confirmed',
  'cancelled',
  'fulfilled',
  'no-show',
]);

const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  'qwerty123',
  'qwertyuiop',
  'iloveyou',
  'abc12345',
  'abcd1234',
  'letmein1',
  'welcome1',
  'admin123',
  'contraseña',
  'contrasena',
  'contraseña1',
  'contraseña123',
  'micontraseña',
  'bienvenido',
  'tequiero1',
]);

const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const E164_RE = /^\+[1-9]\d{7,14}$/;

const emailKey = (email: string): string => email.trim().toLowerCase();
const codePoints = (s: string): number => [...s].length;

/** Countries of the calling codes the demo's patients use (display only). */
function countryOfPhone(phone: string, fallback: CountryCode): CountryCode {
  if (phone.startsWith('+52')) return 'MX';
  if (phone.startsWith('+34')) return 'ES';
  if (phone.startsWith('+1')) return fallback === 'CA' ? 'CA' : 'US';
  return fallback;
}

function validPlainDate(s: string): boolean {
  try {
    plainDateToEpochDay(s);
    return true;
  } catch {
    return false;
  }
}

function passwordProblem(password: unknown): FieldErrorCode | undefined {
  if (typeof password !== 'string' || password.length === 0) return 'required';
  const n = codePoints(password);
  if (n < 8) return 'password-too-short';
  if (n > 1024) return 'too-long';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password-too-common';
  return undefined;
}

function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${[...local][0] ?? ''}•••@${domain ?? ''}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

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

function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function defaultLinkBase(): string {
  const loc = (globalThis as {location?: {href?: string}}).location;
  return typeof loc?.href === 'string' && /^https?:/.test(loc.href)
    ? loc.href.split('#')[0]
    : DEFAULT_LINK_BASE;
}

// ---------------------------------------------------------------------------------------------
// The adapter

export class MemoryAdapter implements PortalAdapter {
  readonly kind = 'memory';
  readonly demo: boolean;
  /** What this backend "sent". */
  readonly outbox = new Outbox();
  /** Makes the next calls fail (tests, the demo page's "simulate a problem" switches). */
  readonly failures: FailureInjector;
  /** Milliseconds every operation waits before answering. */
  latencyMs: number;
  /** The demo clinic's documented credentials (demo adapters only). */
  readonly demoInfo?: MemoryDemoInfo;

  private readonly data: MemoryClinicData;
  private readonly clock: () => number;
  private readonly seed: string;
  private readonly linkBaseOption?: string;
  private readonly caps: Capabilities;
  private readonly fixedCode?: string;
  private readonly idleMs: number;
  private readonly events?: AdapterEvents;
  private seq = 0;
  private messageSeq = 0;

  private readonly patients = new Map<string, PatientRecord>();
  private readonly patientsByEmail = new Map<string, string>();
  private session: SessionRecord | null = null;
  private readonly signInFailures = new Map<string, number[]>();
  private readonly links = new Map<string, LinkRecord>();
  private readonly phoneChallenges = new Map<string, ChallengeRecord>();
  private readonly signInChallenges = new Map<string, ChallengeRecord & {patientId: string}>();
  private readonly phoneTokens = new Map<string, {phone: string; expires: number; used: boolean}>();
  private readonly appointments = new Map<string, AppointmentRecord>();
  private readonly holds = new Map<string, HoldRecord>();
  private readonly intents = new Map<string, IntentRecord>();
  private readonly intentKeys = new Map<string, string>();
  private readonly bookings = new Map<string, {fingerprint: string; appointmentId: string}>();
  private readonly reschedules = new Map<string, {fingerprint: string; appointmentId: string}>();
  private readonly reminderTokens = new Map<string, ReminderTokenRecord>();
  private readonly testReminderAt = new Map<string, number>();

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
    this.seedData();
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
    return this.run('confirmDemoPayment', options, () => {
      this.need(this.caps.payments !== false, 'payments');
      const record = this.intents.get(intentId);
      if (!record) throw new NotFoundError();
      if (record.state === 'succeeded') return;
      const digits = cardNumber.replace(/[\s-]/g, '');
      if (digits === DEMO_CARD_SUCCESS) {
        record.state = 'succeeded';
        return;
      }
      if (digits === DEMO_CARD_DECLINED) {
        record.state = 'failed';
        throw new PaymentFailedError();
      }
      throw new ValidationError({cardNumber: 'invalid'});
    });
  }

  /**
   * Sends the reminders that are due now (72/24/1 h before, as each patient chose), once each:
   * an email with confirm and cancel links, and SMS or voice messages without them. When several
   * are due at once only the nearest goes out. Returns how many messages were sent.
   */
  sendDueReminders(): number {
    const now = this.clock();
    let sent = 0;
    const sorted = [...this.appointments.values()].sort((a, b) => a.start - b.start);
    for (const apt of sorted) {
      if (!ACTIVE.has(apt.status) || apt.start <= now) continue;
      const patient = this.patients.get(apt.patientId);
      if (!patient) continue;
      const prefs = this.prefsOf(patient);
      const hours = this.data.clinic.reminders.patientChoosesTimes
        ? prefs.hours
        : this.data.clinic.reminders.offeredHours;
      const due = hours.filter((h) => now >= apt.start - h * HOUR && !apt.remindersSent.has(h));
      if (due.length === 0) continue;
      for (const h of due) apt.remindersSent.add(h);
      sent += this.sendReminder(apt, patient, prefs);
    }
    return sent;
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
    return this.run('signIn', options, () => {
      const fields: Record<string, FieldErrorCode> = {};
      if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
      if (typeof request.password !== 'string' || request.password === '') fields.password = 'required';
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const key = emailKey(request.email);
      const now = this.clock();
      const recent = (this.signInFailures.get(key) ?? []).filter((t) => t > now - SIGN_IN_WINDOW);
      this.signInFailures.set(key, recent);
      if (recent.length >= SIGN_IN_MAX_FAILURES) {
        throw new RateLimitedError(Math.max(1, Math.ceil((recent[0] + SIGN_IN_WINDOW - now) / 1000)));
      }
      const patient = this.patientByEmail(request.email);
      // The hash is computed whether or not the email is known: the same work either way.
      const hash = this.hashPassword(patient?.salt ?? deriveToken(this.seed, 'salt', key), request.password);
      if (
        !patient ||
        !patient.emailVerified ||
        patient.passwordHash === undefined ||
        patient.passwordHash !== hash
      ) {
        recent.push(now);
        throw new ValidationError({credentials: 'invalid'});
      }
      this.signInFailures.delete(key);
      const second = this.caps.secondFactor;
      if (second) {
        const channel = second === 'sms' && patient.phone ? 'sms' : 'email';
        const challenge = this.newChallenge(patient.id);
        this.signInChallenges.set(challenge.id, {...challenge, patientId: patient.id});
        this.send(patient.language, {
          channel,
          to: channel === 'sms' && patient.phone ? patient.phone : patient.email,
          kind: 'sign-in-code',
          vars: {code: challenge.code},
          code: challenge.code,
        });
        return {status: 'second-factor', challengeId: challenge.id, channel};
      }
      return {status: 'signed-in', session: this.startSession(patient, 'password')};
    });
  }

  verifySignInCode(challengeId: string, code: string, options?: RequestOptions): Promise<Session> {
    return this.run('verifySignInCode', options, () => {
      this.need(this.caps.secondFactor !== false, 'secondFactor');
      const challenge = this.signInChallenges.get(challengeId);
      this.checkCode(challenge, code);
      const patient = challenge && this.patients.get(challenge.patientId);
      if (!patient) throw new ValidationError({code: 'code-expired'});
      return this.startSession(patient, 'password');
    });
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
    return this.run('getInvitation', options, () => {
      this.need(this.caps.invitations, 'invitations');
      const patient = this.linkPatient(token, 'invitation');
      return {givenName: patient.givenName, maskedEmail: maskEmail(patient.email)};
    });
  }

  acceptInvitation(token: string, password: string, options?: RequestOptions): Promise<Session> {
    return this.run('acceptInvitation', options, () => {
      this.need(this.caps.invitations, 'invitations');
      const patient = this.linkPatient(token, 'invitation');
      this.checkPassword(password);
      (this.links.get(token) as LinkRecord).used = true;
      patient.passwordHash = this.hashPassword(patient.salt, password);
      patient.emailVerified = true;
      this.signInFailures.delete(emailKey(patient.email));
      return this.startSession(patient, 'invitation');
    });
  }

  register(request: RegistrationRequest, options?: RequestOptions): Promise<void> {
    return this.run('register', options, () => {
      this.need(this.caps.selfRegistration, 'selfRegistration');
      const fields = this.validateDetails(request.patient, 'patient.');
      const pw = passwordProblem(request.password);
      if (pw) fields.password = pw;
      if (this.data.clinic.privacy.explicitConsent && request.privacyConsent !== true) {
        fields.privacyConsent = 'consent-required';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const existing = this.patientByEmail(request.patient.email);
      if (existing && existing.passwordHash !== undefined) {
        // Someone (perhaps the patient) tried to register an address that has an account: tell
        // the owner, reveal nothing to the caller.
        this.send(existing.language, {
          channel: 'email',
          to: existing.email,
          kind: 'account-notice',
          template: 'account-exists',
          vars: {name: existing.givenName},
          links: {'sign-in': this.linkBase(), 'forgot-password': this.linkBase()},
        });
        return;
      }
      const patient = existing ?? this.createPatient(request.patient);
      const token = this.nextToken('verify');
      this.links.set(token, {
        purpose: 'verify',
        patientId: patient.id,
        expires: this.clock() + VERIFY_LINK_TTL,
        used: false,
        passwordHash: this.hashPassword(patient.salt, request.password),
      });
      this.send(request.patient.language, {
        channel: 'email',
        to: patient.email,
        kind: 'verification',
        vars: {name: patient.givenName},
        links: {verify: this.link(FRAGMENT_VERIFY, token)},
      });
    });
  }

  verifyEmail(token: string, options?: RequestOptions): Promise<Session> {
    return this.run('verifyEmail', options, () => {
      this.need(this.caps.selfRegistration, 'selfRegistration');
      const patient = this.linkPatient(token, 'verify');
      const link = this.links.get(token) as LinkRecord;
      link.used = true;
      patient.passwordHash = link.passwordHash;
      patient.emailVerified = true;
      return this.startSession(patient, 'verification');
    });
  }

  requestPasswordReset(request: PasswordResetRequest, options?: RequestOptions): Promise<void> {
    return this.run('requestPasswordReset', options, () => {
      this.need(this.caps.passwordReset, 'passwordReset');
      const fields: Record<string, FieldErrorCode> = {};
      if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
      else if (!EMAIL_RE.test(request.email.trim())) fields.email = 'invalid-email';
      const dob: string = request.dateOfBirth;
      if (typeof dob !== 'string' || dob === '') fields.dateOfBirth = 'required';
      else if (!validPlainDate(dob)) fields.dateOfBirth = 'invalid-date';
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const patient = this.patientByEmail(request.email);
      if (!patient || patient.dateOfBirth !== request.dateOfBirth) return;
      // A new link replaces any earlier one.
      for (const link of this.links.values()) {
        if (link.purpose === 'reset' && link.patientId === patient.id) link.used = true;
      }
      const token = this.nextToken('reset');
      this.links.set(token, {
        purpose: 'reset',
        patientId: patient.id,
        expires: this.clock() + RESET_LINK_TTL,
        used: false,
      });
      this.send(
        request.language === 'en' || request.language === 'es' ? request.language : patient.language,
        {
          channel: 'email',
          to: patient.email,
          kind: 'password-reset',
          vars: {name: patient.givenName},
          links: {reset: this.link(FRAGMENT_RESET, token)},
        },
      );
    });
  }

  checkPasswordReset(token: string, options?: RequestOptions): Promise<void> {
    return this.run('checkPasswordReset', options, () => {
      this.need(this.caps.passwordReset, 'passwordReset');
      this.linkPatient(token, 'reset');
    });
  }

  resetPassword(token: string, password: string, options?: RequestOptions): Promise<Session> {
    return this.run('resetPassword', options, () => {
      this.need(this.caps.passwordReset, 'passwordReset');
      const patient = this.linkPatient(token, 'reset');
      this.checkPassword(password);
      (this.links.get(token) as LinkRecord).used = true;
      patient.passwordHash = this.hashPassword(patient.salt, password);
      patient.emailVerified = true;
      this.signInFailures.delete(emailKey(patient.email));
      return this.startSession(patient, 'reset');
    });
  }

  completeOnboarding(options?: RequestOptions): Promise<void> {
    return this.run('completeOnboarding', options, () => {
      this.requirePatient().onboardingDone = true;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Phone codes

  sendPhoneCode(request: PhoneCodeRequest, options?: RequestOptions): Promise<PhoneChallenge> {
    return this.run('sendPhoneCode', options, () => {
      this.need(this.caps.smsCodes, 'smsCodes');
      const phone = typeof request.phone === 'string' ? request.phone.trim() : '';
      if (!E164_RE.test(phone))
        throw new ValidationError({phone: phone === '' ? 'required' : 'invalid-phone'});
      const now = this.clock();
      for (const c of this.phoneChallenges.values()) {
        if (c.target !== phone || c.dead) continue;
        if (c.resendAt > now) throw new RateLimitedError(Math.ceil((c.resendAt - now) / 1000));
        c.dead = true;
      }
      const challenge = this.newChallenge(phone);
      this.phoneChallenges.set(challenge.id, challenge);
      this.send(request.language === 'en' ? 'en' : 'es', {
        channel: 'sms',
        to: phone,
        kind: 'phone-code',
        vars: {code: challenge.code},
        code: challenge.code,
      });
      return {
        id: challenge.id,
        length: challenge.code.length,
        expiresAt: this.instant(challenge.expires),
        resendAt: this.instant(challenge.resendAt),
      };
    });
  }

  verifyPhoneCode(challengeId: string, code: string, options?: RequestOptions): Promise<string> {
    return this.run('verifyPhoneCode', options, () => {
      this.need(this.caps.smsCodes, 'smsCodes');
      const challenge = this.phoneChallenges.get(challengeId);
      this.checkCode(challenge, code);
      const token = this.nextToken('phone-verified');
      this.phoneTokens.set(token, {
        phone: (challenge as ChallengeRecord).target,
        expires: this.clock() + PHONE_TOKEN_TTL,
        used: false,
      });
      return token;
    });
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
    return this.run('getAvailability', options, () => {
      const services = this.resolveServices(query.serviceIds, 'serviceIds');
      const fields: Record<string, FieldErrorCode> = {};
      let from = NaN;
      let to = NaN;
      try {
        from = parseInstant(query.from);
      } catch {
        fields.from = 'invalid';
      }
      try {
        to = parseInstant(query.to);
      } catch {
        fields.to = 'invalid';
      }
      if (!fields.from && !fields.to && !(to > from)) fields.to = 'invalid';
      const eligible = this.eligibleProviders(services);
      if (query.providerId === 'any') {
        if (!this.data.clinic.booking.allowAnyProvider) fields.providerId = 'invalid';
      } else if (!eligible.includes(query.providerId)) {
        fields.providerId = 'invalid';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const providers = query.providerId === 'any' ? eligible : [query.providerId];
      let slots = this.computeSlots(services, providers, from, to, {});
      if (query.providerId === 'any') {
        // First available: one slot per start time, from the first provider (catalog order) free then.
        const order = new Map(eligible.map((id, i) => [id, i]));
        const byStart = new Map<string, Slot>();
        for (const s of slots) {
          const seen = byStart.get(s.start);
          if (!seen || (order.get(s.providerId) ?? 0) < (order.get(seen.providerId) ?? 0))
            byStart.set(s.start, s);
        }
        slots = [...byStart.values()].sort((a, b) => parseInstant(a.start) - parseInstant(b.start));
      }
      return {slots, timeZone: this.data.clinic.timeZone};
    });
  }

  // -------------------------------------------------------------------------------------------
  // Booking

  holdSlot(slot: Slot, serviceIds: readonly string[], options?: RequestOptions): Promise<Hold> {
    return this.run('holdSlot', options, () => {
      this.need(this.caps.holds, 'holds');
      const services = this.resolveServices(serviceIds, 'serviceIds');
      const free = this.checkSlot(slot, services, {});
      const id = `hold_${this.nextToken('hold').slice(0, 24)}`;
      const expires = this.clock() + this.data.clinic.booking.holdMinutes * MINUTE;
      this.holds.set(id, {
        id,
        slot: free,
        providerId: free.providerId,
        start: parseInstant(free.start),
        end: parseInstant(free.end),
        expires,
      });
      return {id, slot: structuredClone(free), expiresAt: this.instant(expires)};
    });
  }

  releaseHold(holdId: string, options?: RequestOptions): Promise<void> {
    return this.run('releaseHold', options, () => {
      this.need(this.caps.holds, 'holds');
      this.holds.delete(holdId);
    });
  }

  createDepositIntent(
    slot: Slot,
    serviceIds: readonly string[],
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<PaymentIntent | null> {
    return this.run('createDepositIntent', options, () => {
      this.need(this.caps.payments !== false, 'payments');
      if (typeof idempotencyKey !== 'string' || idempotencyKey === '') {
        throw new ValidationError({idempotencyKey: 'required'});
      }
      const services = this.resolveServices(serviceIds, 'serviceIds');
      this.decodeSlot(slot, services);
      const amount = this.depositFor(services);
      if (!amount) return null;
      const print = fingerprint({slot: slot.id, serviceIds});
      const known = this.intentKeys.get(idempotencyKey);
      if (known) {
        const record = this.intents.get(known) as IntentRecord;
        if (record.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
        return structuredClone(record.intent);
      }
      const id = `pi_demo_${this.nextToken('intent').slice(0, 24)}`;
      const intent: PaymentIntent = {
        id,
        amount,
        provider: 'demo',
        clientSecret: `${id}_secret_${this.nextToken('secret').slice(0, 16)}`,
      };
      this.intents.set(id, {intent, fingerprint: print, state: 'requires-payment'});
      this.intentKeys.set(idempotencyKey, id);
      return structuredClone(intent);
    });
  }

  book(request: BookingRequest, options?: RequestOptions): Promise<Appointment> {
    return this.run('book', options, () => {
      const clinic = this.data.clinic;
      if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '') {
        throw new ValidationError({idempotencyKey: 'required'});
      }
      const hadSession = this.session !== null;
      const session = this.liveSession();
      if (!session && hadSession) {
        this.events?.onSessionLost?.('session-expired');
        throw new NotSignedInError('session-expired');
      }
      if (session) session.lastUsed = this.clock();
      const signedIn = session ? (this.patients.get(session.patientId) as PatientRecord) : undefined;
      const details = signedIn ? undefined : request.patient;
      if (!signedIn && !details) throw new ValidationError({patient: 'required'});

      const print = fingerprint({
        slot: request.slot?.id,
        serviceIds: request.serviceIds,
        patient: signedIn ? signedIn.id : details,
      });
      const earlier = this.bookings.get(request.idempotencyKey);
      if (earlier) {
        if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
        return this.toAppointment(this.appointments.get(earlier.appointmentId) as AppointmentRecord);
      }

      const fields: Record<string, FieldErrorCode> = details ? this.validateDetails(details, 'patient.') : {};
      if (details && clinic.privacy.explicitConsent && request.privacyConsent !== true) {
        fields.privacyConsent = 'consent-required';
      }
      if (clinic.cancellation.acceptanceRequired && request.policyAccepted !== true) {
        fields.policyAccepted = 'policy-required';
      }
      let phoneToken: {phone: string; expires: number; used: boolean} | undefined;
      if (details && clinic.booking.phoneVerification && this.caps.smsCodes) {
        phoneToken = request.phoneVerificationToken
          ? this.phoneTokens.get(request.phoneVerificationToken)
          : undefined;
        if (!request.phoneVerificationToken) fields.phoneVerificationToken = 'required';
        else if (
          !phoneToken ||
          phoneToken.used ||
          phoneToken.expires <= this.clock() ||
          phoneToken.phone !== details.phone?.trim()
        ) {
          fields.phoneVerificationToken = 'invalid';
        }
      }
      let services: Service[] = [];
      try {
        services = this.resolveServices(request.serviceIds, 'serviceIds');
        this.decodeSlot(request.slot, services);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        Object.assign(fields, e.fields);
      }
      const deposit = services.length > 0 ? this.depositFor(services) : null;
      let intent: IntentRecord | undefined;
      if (deposit) {
        intent = request.paymentIntentId ? this.intents.get(request.paymentIntentId) : undefined;
        if (!request.paymentIntentId) fields.paymentIntentId = 'required';
        else if (
          !intent ||
          intent.usedBy !== undefined ||
          intent.intent.amount.amountMinor !== deposit.amountMinor
        ) {
          fields.paymentIntentId = 'invalid';
        }
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      if (intent && intent.state !== 'succeeded') throw new PaymentFailedError();

      const hold = request.holdId ? this.holds.get(request.holdId) : undefined;
      const ownHold =
        hold && hold.expires > this.clock() && hold.slot.id === request.slot.id ? hold : undefined;
      let free: Slot;
      try {
        free = this.checkSlot(request.slot, services, {holdId: ownHold?.id});
      } catch (e) {
        if (e instanceof SlotTakenError && request.holdId && !ownHold) throw new HoldExpiredError();
        throw e;
      }

      // Commit.
      const patient =
        signedIn ??
        this.patientByEmail((details as PatientDetails).email) ??
        this.createPatient(details as PatientDetails);
      if (ownHold) this.holds.delete(ownHold.id);
      if (phoneToken) phoneToken.used = true;
      const apt = this.createAppointment({
        key: `n${++this.seq}`,
        patientId: patient.id,
        serviceIds: services.map((s) => s.id),
        providerId: free.providerId,
        start: parseInstant(free.start),
        status: 'booked',
        locationId: free.locationId,
        depositPaid: intent ? intent.intent.amount : undefined,
      });
      if (intent) intent.usedBy = apt.id;
      this.bookings.set(request.idempotencyKey, {fingerprint: print, appointmentId: apt.id});
      const language =
        request.language === 'en' || request.language === 'es' ? request.language : patient.language;
      this.send(language, {
        channel: 'email',
        to: patient.email,
        kind: 'booking-confirmation',
        vars: this.appointmentVars(apt, language),
        links: {portal: this.linkBase()},
      });
      const phone = details?.phone ?? patient.phone;
      if (phone && E164_RE.test(phone) && this.channelOn('sms')) {
        this.send(language, {
          channel: 'sms',
          to: phone,
          kind: 'booking-confirmation',
          vars: this.appointmentVars(apt, language),
        });
      }
      return this.toAppointment(apt);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Appointments

  listAppointments(query: AppointmentQuery, options?: RequestOptions): Promise<Page<Appointment>> {
    return this.run('listAppointments', options, () => {
      const patient = this.requirePatient();
      const fields: Record<string, FieldErrorCode> = {};
      if (!['upcoming', 'past', 'all'].includes(query.when)) fields.when = 'invalid';
      if (query.statuses && !query.statuses.every((s) => ALL_STATUSES.has(s))) fields.statuses = 'invalid';
      let from = -Infinity;
      let to = Infinity;
      try {
        if (query.from !== undefined) from = parseInstant(query.from);
      } catch {
        fields.from = 'invalid';
      }
      try {
        if (query.to !== undefined) to = parseInstant(query.to);
      } catch {
        fields.to = 'invalid';
      }
      const limitIn = query.limit ?? DEFAULT_LIMIT;
      if (!Number.isInteger(limitIn) || limitIn < 1) fields.limit = 'invalid';
      const limit = Math.min(limitIn, MAX_LIMIT);
      let offset = 0;
      if (query.cursor !== undefined) {
        const m = /^c([0-9a-z]+)\.([0-9a-z]+)$/.exec(query.cursor);
        offset = m ? parseInt(m[1], 36) : NaN;
        if (!m || !Number.isSafeInteger(offset) || m[2] !== this.cursorCheck(offset))
          fields.cursor = 'invalid';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      const now = this.clock();
      const statuses = query.statuses ? new Set(query.statuses) : undefined;
      const all = [...this.appointments.values()].filter((a) => {
        if (a.patientId !== patient.id) return false;
        const upcoming = this.isUpcoming(a, now);
        if (query.when === 'upcoming' && !upcoming) return false;
        if (query.when === 'past' && upcoming) return false;
        if (statuses && !statuses.has(a.status)) return false;
        return a.start >= from && a.start < to;
      });
      const dir = query.when === 'past' ? -1 : 1;
      all.sort((a, b) => dir * (a.start - b.start) || (a.id < b.id ? -1 : 1));
      const items = all.slice(offset, offset + limit).map((a) => this.toAppointment(a));
      const next = offset + limit;
      return next < all.length
        ? {items, total: all.length, nextCursor: `c${next.toString(36)}.${this.cursorCheck(next)}`}
        : {items, total: all.length};
    });
  }

  getAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.run('getAppointment', options, () => this.toAppointment(this.ownAppointment(id)));
  }

  confirmAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.run('confirmAppointment', options, () => {
      this.need(this.caps.confirm, 'confirm');
      const apt = this.ownAppointment(id);
      this.confirm(apt, () => new ForbiddenError());
      return this.toAppointment(apt);
    });
  }

  getCancellationQuote(id: string, options?: RequestOptions): Promise<CancellationQuote> {
    return this.run('getCancellationQuote', options, () => {
      this.need(this.caps.cancel, 'cancel');
      const apt = this.ownAppointment(id);
      if (!this.canChange(apt)) throw new ForbiddenError();
      return this.quote(apt);
    });
  }

  cancelAppointment(request: CancelRequest, options?: RequestOptions): Promise<Appointment> {
    return this.run('cancelAppointment', options, () => {
      this.need(this.caps.cancel, 'cancel');
      const apt = this.ownAppointment(request.appointmentId);
      if (apt.status === 'cancelled') return this.toAppointment(apt);
      if (!this.canChange(apt)) throw new ForbiddenError();
      this.checkReason(request.reasonId, request.note);
      this.cancel(apt, request.reasonId, request.note);
      return this.toAppointment(apt);
    });
  }

  rescheduleAppointment(request: RescheduleRequest, options?: RequestOptions): Promise<Appointment> {
    return this.run('rescheduleAppointment', options, () => {
      this.need(this.caps.reschedule, 'reschedule');
      if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '') {
        throw new ValidationError({idempotencyKey: 'required'});
      }
      const apt = this.ownAppointment(request.appointmentId);
      const print = fingerprint({appointmentId: apt.id, slot: request.slot?.id});
      const earlier = this.reschedules.get(request.idempotencyKey);
      if (earlier) {
        if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
        return this.toAppointment(apt);
      }
      if (!this.canChange(apt)) throw new ForbiddenError();
      const services = apt.serviceIds.map((id) => this.service(id) as Service);
      if (!request.slot || !sameList(request.slot.serviceIds ?? [], apt.serviceIds)) {
        throw new ValidationError({slot: 'invalid'});
      }
      const free = this.checkSlot(request.slot, services, {appointmentId: apt.id});
      apt.start = parseInstant(free.start);
      apt.end = parseInstant(free.end);
      apt.providerId = free.providerId;
      apt.locationId = free.locationId;
      apt.status = 'booked';
      apt.remindersSent.clear();
      this.skipPastReminders(apt);
      this.reschedules.set(request.idempotencyKey, {fingerprint: print, appointmentId: apt.id});
      const patient = this.patients.get(apt.patientId) as PatientRecord;
      this.send(patient.language, {
        channel: 'email',
        to: patient.email,
        kind: 'reschedule',
        vars: this.appointmentVars(apt, patient.language),
        links: {portal: this.linkBase()},
      });
      return this.toAppointment(apt);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reminder links

  resolveReminderToken(token: string, options?: RequestOptions): Promise<ReminderTokenInfo> {
    return this.run('resolveReminderToken', options, () => {
      this.need(this.caps.reminderLinks, 'reminderLinks');
      const {record, apt} = this.reminderTarget(token);
      return {action: record.action, appointment: this.toAppointment(apt), withoutSignIn: true};
    });
  }

  applyReminderAction(request: ReminderActionRequest, options?: RequestOptions): Promise<Appointment> {
    return this.run('applyReminderAction', options, () => {
      this.need(this.caps.reminderLinks, 'reminderLinks');
      const {record, apt} = this.reminderTarget(request.token);
      if (record.action === 'confirm') {
        this.confirm(apt, () => new InvalidLinkError());
      } else {
        if (!request.reasonId) throw new ValidationError({reasonId: 'required'});
        this.checkReason(request.reasonId, request.note);
        this.cancel(apt, request.reasonId, request.note);
      }
      record.used = true;
      return this.toAppointment(apt);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reminder preferences

  getReminderPreferences(options?: RequestOptions): Promise<ReminderPreferences> {
    return this.run('getReminderPreferences', options, () =>
      structuredClone(this.prefsOf(this.requirePatient())),
    );
  }

  saveReminderPreferences(
    preferences: ReminderPreferences,
    options?: RequestOptions,
  ): Promise<ReminderPreferences> {
    return this.run('saveReminderPreferences', options, () => {
      const patient = this.requirePatient();
      const rules = this.data.clinic.reminders;
      const fields: Record<string, FieldErrorCode> = {};
      if (emailKey(preferences.email ?? '') !== emailKey(patient.email)) fields.email = 'invalid';
      const phones = Array.isArray(preferences.phones) ? preferences.phones : [];
      if (phones.length > rules.maxPhones) fields.phones = 'too-many';
      const seen = new Set<string>();
      phones.forEach((p, i) => {
        const number = typeof p?.number === 'string' ? p.number.trim() : '';
        if (!E164_RE.test(number)) fields[`phones.${i}`] = number === '' ? 'required' : 'invalid-phone';
        else if (seen.has(number)) fields[`phones.${i}`] = 'duplicate';
        else if ((p.sms && !this.channelOn('sms')) || (p.voice && !this.channelOn('voice'))) {
          fields[`phones.${i}`] = 'invalid';
        }
        seen.add(number);
      });
      const hours = Array.isArray(preferences.hours) ? preferences.hours : [];
      if (!hours.every((h) => rules.offeredHours.includes(h)) || new Set(hours).size !== hours.length) {
        fields.hours = 'invalid';
      } else if (!rules.patientChoosesTimes && hours.length !== rules.offeredHours.length) {
        fields.hours = 'invalid';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const saved: ReminderPreferences = {
        email: patient.email,
        phones: phones.map((p) => ({
          number: p.number.trim() as E164,
          country: /^[A-Z]{2}$/.test(p.country ?? '')
            ? p.country
            : countryOfPhone(p.number, this.data.clinic.country),
          sms: p.sms === true,
          voice: p.voice === true,
        })),
        hours: [...hours].sort((a, b) => b - a),
      };
      patient.prefs = saved;
      return structuredClone(saved);
    });
  }

  sendTestReminder(channel: ReminderChannel, options?: RequestOptions): Promise<void> {
    return this.run('sendTestReminder', options, () => {
      this.need(this.caps.testReminder, 'testReminder');
      if (channel !== 'email' && !this.channelOn(channel)) {
        throw new NotSupportedError(`reminderChannels.${channel}`);
      }
      const patient = this.requirePatient();
      const now = this.clock();
      const last = this.testReminderAt.get(`${patient.id}:${channel}`);
      if (last !== undefined && now - last < TEST_REMINDER_INTERVAL) {
        throw new RateLimitedError(Math.ceil((last + TEST_REMINDER_INTERVAL - now) / 1000));
      }
      const prefs = this.prefsOf(patient);
      const targets =
        channel === 'email'
          ? [patient.email]
          : prefs.phones.filter((p) => (channel === 'sms' ? p.sms : p.voice)).map((p) => p.number);
      if (targets.length === 0) throw new ValidationError({phones: 'required'});
      this.testReminderAt.set(`${patient.id}:${channel}`, now);
      for (const to of targets) {
        this.send(patient.language, {channel, to, kind: 'test-reminder', vars: {name: patient.givenName}});
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // Telehealth

  getVideoJoin(appointmentId: string, options?: RequestOptions): Promise<VideoJoin> {
    return this.run('getVideoJoin', options, () => {
      this.need(this.caps.telehealth, 'telehealth');
      const tele = this.data.clinic.telehealth;
      const apt = this.ownAppointment(appointmentId);
      if (apt.mode !== 'video' || !tele) throw new NotFoundError();
      const now = this.clock();
      const opens = apt.start - tele.opensMinutesBefore * MINUTE;
      const state: VideoVisitState =
        apt.status === 'cancelled'
          ? 'cancelled'
          : now < opens
            ? 'not-open'
            : now < apt.start
              ? 'open'
              : now < apt.end && ACTIVE.has(apt.status)
                ? 'in-progress'
                : 'ended';
      const join: VideoJoin = {
        state,
        provider: tele.provider,
        opensAt: this.instant(opens),
        endsAt: this.instant(apt.end),
      };
      if (state !== 'open' && state !== 'in-progress') return join;
      const base = this.data.videoRoomBase ?? 'https://meet.jit.si/';
      const room = `${base.endsWith('/') ? base : `${base}/`}${apt.room}`;
      return {...join, appUrl: room, webUrl: `${room}#config.disableDeepLinking=true`};
    });
  }

  async checkConnection(options?: RequestOptions): Promise<number> {
    const started = performance.now();
    await this.run('checkConnection', options, () => undefined);
    return Math.max(1, Math.round(performance.now() - started));
  }

  // -------------------------------------------------------------------------------------------
  // Machinery

  private async run<T>(op: MemoryOperation, options: RequestOptions | undefined, body: () => T): Promise<T> {
    const signal = options?.signal;
    throwIfAborted(signal);
    await delay(this.latencyMs, signal);
    if (this.latencyMs <= 0) await Promise.resolve();
    throwIfAborted(signal);
    const rule = this.failures.take(op);
    if (rule && !rule.afterCommit) throw makeError(rule);
    // The body runs synchronously: nothing else interleaves, so each write is atomic.
    const result = body();
    if (rule) throw makeError(rule);
    return result;
  }

  /** A reminder channel besides email that both the clinic and this backend offer. */
  private channelOn(channel: ReminderChannel): boolean {
    return (
      this.caps.reminderChannels.includes(channel) && this.data.clinic.reminders.channels.includes(channel)
    );
  }

  private need(ok: boolean, capability: string): void {
    if (!ok) throw new NotSupportedError(capability);
  }

  private instant(ms: number): string {
    return toZonedInstantString(ms, this.data.clinic.timeZone);
  }

  private nextToken(purpose: string): string {
    return deriveToken(this.seed, purpose, ++this.seq);
  }

  private cursorCheck(offset: number): string {
    return deriveToken(this.seed, 'cursor', offset)
      .slice(0, 8)
      .toLowerCase()
      .replace(/[^0-9a-z]/g, '0');
  }

  private hashPassword(salt: string, password: string): string {
    return hex(sha256(utf8(`${salt}\u0000${password}`)));
  }

  private linkBase(): string {
    return this.linkBaseOption ?? defaultLinkBase();
  }

  private link(fragmentKey: string, token: string): string {
    return `${this.linkBase()}#${fragmentKey}=${token}`;
  }

  private service(id: string): Service | undefined {
    return this.data.catalog.services.find((s) => s.id === id);
  }

  private patientByEmail(email: string): PatientRecord | undefined {
    const id = this.patientsByEmail.get(emailKey(email));
    return id === undefined ? undefined : this.patients.get(id);
  }

  private createPatient(details: NewPatient, key = `n${++this.seq}`): PatientRecord {
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

  private liveSession(): SessionRecord | null {
    const s = this.session;
    if (s && this.clock() - s.lastUsed >= this.idleMs) {
      this.session = null;
      return null;
    }
    return s;
  }

  /** The signed-in patient (sliding the session), or NotSignedInError. */
  private requirePatient(): PatientRecord {
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

  private startSession(patient: PatientRecord, method: Session['method']): Session {
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

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationError({password: problem});
  }

  /** The patient a valid (known, unused, unexpired) link of this purpose stands for. */
  private linkPatient(token: string, purpose: LinkPurpose): PatientRecord {
    const link = typeof token === 'string' ? this.links.get(token) : undefined;
    const patient = link && this.patients.get(link.patientId);
    if (!link || !patient || link.purpose !== purpose || link.used || link.expires <= this.clock()) {
      throw new InvalidLinkError();
    }
    return patient;
  }

  private newChallenge(target: string): ChallengeRecord {
    const id = `chl_${this.nextToken('challenge').slice(0, 24)}`;
    const derived = hmacSha256(this.seed, `code\u0000${this.seq}`);
    const code =
      this.fixedCode ?? String(new DataView(derived.buffer).getUint32(0) % 1_000_000).padStart(6, '0');
    const now = this.clock();
    return {id, target, code, expires: now + CODE_TTL, resendAt: now + CODE_RESEND, tries: 0, dead: false};
  }

  private checkCode(challenge: ChallengeRecord | undefined, code: string): void {
    if (!challenge || challenge.dead || challenge.expires <= this.clock()) {
      throw new ValidationError({code: 'code-expired'});
    }
    const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
    if (typed !== challenge.code) {
      challenge.tries++;
      if (challenge.tries >= CODE_MAX_TRIES) challenge.dead = true;
      throw new ValidationError({code: 'code-invalid'});
    }
    challenge.dead = true;
  }

  private validateDetails(
    details: PatientDetails | undefined,
    prefix: string,
  ): Record<string, FieldErrorCode> {
    const fields: Record<string, FieldErrorCode> = {};
    if (!details || typeof details !== 'object') {
      fields[prefix.replace(/\.$/, '')] = 'required';
      return fields;
    }
    for (const name of ['givenName', 'familyName'] as const) {
      const v = details[name];
      if (typeof v !== 'string' || v.trim() === '') fields[prefix + name] = 'required';
      else if (codePoints(v) > NAME_MAX) fields[prefix + name] = 'too-long';
    }
    const email = typeof details.email === 'string' ? details.email.trim() : '';
    if (email === '') fields[`${prefix}email`] = 'required';
    else if (email.length > 254 || !EMAIL_RE.test(email)) fields[`${prefix}email`] = 'invalid-email';
    const phone = typeof details.phone === 'string' ? details.phone.trim() : '';
    if (phone === '') fields[`${prefix}phone`] = 'required';
    else if (!E164_RE.test(phone)) fields[`${prefix}phone`] = 'invalid-phone';
    const dob = details.dateOfBirth as string | undefined;
    if (typeof dob !== 'string' || dob === '') fields[`${prefix}dateOfBirth`] = 'required';
    else if (!validPlainDate(dob)) fields[`${prefix}dateOfBirth`] = 'invalid-date';
    else {
      const today = instantToPlainDate(this.clock(), this.data.clinic.timeZone);
      const oldest = `${String(Number(today.slice(0, 4)) - 130).padStart(4, '0')}${today.slice(4)}`;
      if (dob > today) fields[`${prefix}dateOfBirth`] = 'date-in-future';
      else if (dob < oldest) fields[`${prefix}dateOfBirth`] = 'date-too-old';
    }
    if (details.language !== 'en' && details.language !== 'es') fields[`${prefix}language`] = 'invalid';
    return fields;
  }

  private resolveServices(ids: readonly string[] | undefined, field: string): Service[] {
    if (!Array.isArray(ids) || ids.length === 0) throw new ValidationError({[field]: 'required'});
    const services = ids.map((id) => this.service(id));
    if (services.some((s) => !s) || new Set(ids).size !== ids.length)
      throw new ValidationError({[field]: 'invalid'});
    const list = services as Service[];
    if (list.some((s) => s.mode !== list[0].mode)) throw new ValidationError({[field]: 'invalid'});
    if (this.eligibleProviders(list).length === 0) throw new ValidationError({[field]: 'invalid'});
    return list;
  }

  /** Providers (catalog order) who perform every one of the services and have a schedule. */
  private eligibleProviders(services: readonly Service[]): string[] {
    return this.data.catalog.providers
      .map((p) => p.id)
      .filter(
        (id) =>
          services.every((s) => s.providerIds.includes(id)) &&
          this.data.schedules.some((s) => s.providerId === id),
      );
  }

  private durationWith(services: readonly Service[], providerId: string): number {
    return services.reduce(
      (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
      0,
    );
  }

  private depositFor(services: readonly Service[]): Money | null {
    if (this.caps.payments === false) return null;
    const fallback = this.data.clinic.deposit?.defaultDeposit;
    let total = 0;
    for (const s of services) total += (s.deposit ?? fallback)?.amountMinor ?? 0;
    return total > 0 ? {amountMinor: total, currency: this.data.clinic.currency} : null;
  }

  private busy(exclude: {holdId?: string; appointmentId?: string}): BusyInterval[] {
    const now = this.clock();
    const busy: BusyInterval[] = [];
    for (const a of this.appointments.values()) {
      if (ACTIVE.has(a.status) && a.id !== exclude.appointmentId) {
        busy.push({providerId: a.providerId, start: this.instant(a.start), end: this.instant(a.end)});
      }
    }
    for (const h of this.holds.values()) {
      if (h.expires <= now) this.holds.delete(h.id);
      else if (h.id !== exclude.holdId)
        busy.push({providerId: h.providerId, start: this.instant(h.start), end: this.instant(h.end)});
    }
    return busy;
  }

  private computeSlots(
    services: readonly Service[],
    providerIds: readonly string[],
    from: number,
    to: number,
    exclude: {holdId?: string; appointmentId?: string; ignoreBusy?: boolean},
  ): Slot[] {
    const clinic = this.data.clinic;
    const mode = services[0].mode;
    const providers = providerIds.flatMap((id) => {
      const schedule = this.data.schedules.find((s) => s.providerId === id);
      return schedule ? [{schedule, durationMinutes: this.durationWith(services, id)}] : [];
    });
    const computed = computeAvailability({
      timeZone: clinic.timeZone,
      from: this.instant(from),
      to: this.instant(to),
      now: this.instant(this.clock()),
      minNoticeMinutes: clinic.booking.minNoticeMinutes,
      horizonDays: clinic.booking.horizonDays,
      stepMinutes: this.data.stepMinutes,
      bufferMinutes: this.data.bufferMinutes ?? 0,
      closures: this.data.closures,
      providers,
      busy: exclude.ignoreBusy ? [] : this.busy(exclude),
      serviceIds: services.map((s) => s.id),
      mode,
    });
    const serviceIds = services.map((s) => s.id);
    const slots: Slot[] = [];
    for (const c of computed) {
      if (
        mode === 'in-person' &&
        c.locationId !== undefined &&
        !services.every((s) => s.locationIds.includes(c.locationId as string))
      ) {
        continue;
      }
      const start = parseInstant(c.start);
      const slot: Slot = {
        id: `${c.providerId}~${start}~${serviceIds.join('+')}`,
        start: this.instant(start),
        end: this.instant(parseInstant(c.end)),
        providerId: c.providerId,
        serviceIds: [...serviceIds],
        mode,
      };
      slots.push(
        mode === 'in-person' && c.locationId !== undefined ? {...slot, locationId: c.locationId} : slot,
      );
    }
    return slots;
  }

  /** Reads the provider and start out of a slot id, checking it matches the slot and services. */
  private decodeSlot(slot: Slot, services: readonly Service[]): {providerId: string; start: number} {
    const parts = typeof slot?.id === 'string' ? slot.id.split('~') : [];
    const start = Number(parts[1]);
    let sameStart = false;
    try {
      sameStart = parseInstant(slot.start) === start;
    } catch {
      sameStart = false;
    }
    if (
      parts.length !== 3 ||
      !Number.isSafeInteger(start) ||
      parts[0] !== slot.providerId ||
      !sameStart ||
      parts[2] !== services.map((s) => s.id).join('+') ||
      !this.eligibleProviders(services).includes(parts[0])
    ) {
      throw new ValidationError({slot: 'invalid'});
    }
    return {providerId: parts[0], start};
  }

  /** The slot as free now, or SlotTakenError (someone has it) / ValidationError (not offered). */
  private checkSlot(
    slot: Slot,
    services: readonly Service[],
    exclude: {holdId?: string; appointmentId?: string},
  ): Slot {
    const {providerId, start} = this.decodeSlot(slot, services);
    const free = this.computeSlots(services, [providerId], start, start + 1, exclude);
    if (free.length > 0) return free[0];
    const ignoring = this.computeSlots(services, [providerId], start, start + 1, {
      ...exclude,
      ignoreBusy: true,
    });
    if (ignoring.length > 0) throw new SlotTakenError(slot.id);
    throw new ValidationError({slot: 'unavailable'});
  }

  private createAppointment(seed: {
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

  /** A reminder whose time passed before the appointment existed is never sent. */
  private skipPastReminders(apt: AppointmentRecord): void {
    const now = this.clock();
    for (const h of this.data.clinic.reminders.offeredHours)
      if (apt.start - h * HOUR < now) apt.remindersSent.add(h);
  }

  private ownAppointment(id: string): AppointmentRecord {
    const patient = this.requirePatient();
    const apt = this.appointments.get(id);
    if (!apt || apt.patientId !== patient.id) throw new NotFoundError();
    return apt;
  }

  private isUpcoming(a: AppointmentRecord, now: number): boolean {
    return ACTIVE.has(a.status) && a.end > now;
  }

  private canChange(a: AppointmentRecord): boolean {
    return ACTIVE.has(a.status) && this.clock() < a.start;
  }

  private confirm(apt: AppointmentRecord, closed: () => PortalError): void {
    if (!this.canChange(apt)) throw closed();
    if (apt.status !== 'confirmed') apt.status = 'confirmed';
  }

  private quote(apt: AppointmentRecord): CancellationQuote {
    const policy = this.data.clinic.cancellation;
    const windowStart = apt.start - policy.windowHours * HOUR;
    const late = this.clock() >= windowStart;
    return late && policy.lateFee
      ? {late, fee: {...policy.lateFee}, windowStart: this.instant(windowStart)}
      : {late, windowStart: this.instant(windowStart)};
  }

  private checkReason(reasonId: string, note: string | undefined): void {
    if (!reasonId) throw new ValidationError({reasonId: 'required'});
    const reason = this.data.cancellationReasons.find((r) => r.id === reasonId);
    if (!reason) throw new ValidationError({reasonId: 'invalid'});
    if (note !== undefined && typeof note === 'string' && codePoints(note) > NOTE_MAX) {
      throw new ValidationError({note: 'too-long'});
    }
    if (reason.needsText && (typeof note !== 'string' || note.trim() === ''))
      throw new ValidationError({note: 'required'});
  }

  private cancel(apt: AppointmentRecord, reasonId: string, note: string | undefined): void {
    if (!this.canChange(apt)) throw new InvalidLinkError();
    const q = this.quote(apt);
    const info: CancellationInfo = {reasonId, at: this.instant(this.clock()), by: 'patient'};
    apt.cancellation = {
      ...info,
      ...(note !== undefined && note.trim() !== '' ? {note} : {}),
      ...(q.fee ? {fee: q.fee} : {}),
    };
    apt.status = 'cancelled';
    const patient = this.patients.get(apt.patientId) as PatientRecord;
    this.send(patient.language, {
      channel: 'email',
      to: patient.email,
      kind: 'cancellation',
      vars: {
        ...this.appointmentVars(apt, patient.language),
        fee: q.fee ? this.money(q.fee, patient.language) : '',
      },
      links: {portal: this.linkBase()},
    });
  }

  private reminderTarget(token: string): {record: ReminderTokenRecord; apt: AppointmentRecord} {
    const record = typeof token === 'string' ? this.reminderTokens.get(token) : undefined;
    const apt = record && this.appointments.get(record.appointmentId);
    if (!record || !apt || record.used || !this.canChange(apt)) throw new InvalidLinkError();
    if (record.action === 'confirm' && !this.caps.confirm) throw new InvalidLinkError();
    if (record.action === 'cancel' && !this.caps.cancel) throw new InvalidLinkError();
    return {record, apt};
  }

  private prefsOf(patient: PatientRecord): ReminderPreferences {
    if (patient.prefs && emailKey(patient.prefs.email) === emailKey(patient.email)) return patient.prefs;
    const rules = this.data.clinic.reminders;
    const phones: ReminderPhone[] = patient.phone
      ? [
          {
            number: patient.phone,
            country: countryOfPhone(patient.phone, this.data.clinic.country),
            sms: this.channelOn('sms'),
            voice: false,
          },
        ]
      : [];
    return {email: patient.email, phones, hours: [...rules.offeredHours]};
  }

  private sendReminder(apt: AppointmentRecord, patient: PatientRecord, prefs: ReminderPreferences): number {
    const lang = patient.language;
    const vars = this.appointmentVars(apt, lang);
    const links: Record<string, string> = {};
    if (this.caps.reminderLinks && this.caps.confirm && apt.status !== 'confirmed') {
      links.confirm = this.link(FRAGMENT_REMINDER, apt.confirmToken);
    }
    if (this.caps.reminderLinks && this.caps.cancel)
      links.cancel = this.link(FRAGMENT_REMINDER, apt.cancelToken);
    this.send(lang, {channel: 'email', to: patient.email, kind: 'reminder', vars, links});
    let sent = 1;
    for (const p of prefs.phones) {
      if (p.sms && this.channelOn('sms')) {
        this.send(lang, {channel: 'sms', to: p.number, kind: 'reminder', vars});
        sent++;
      }
      if (p.voice && this.channelOn('voice')) {
        this.send(lang, {channel: 'voice', to: p.number, kind: 'reminder', vars});
        sent++;
      }
    }
    return sent;
  }

  private toAppointment(a: AppointmentRecord): Appointment {
    const now = this.clock();
    const clinic = this.data.clinic;
    const services = a.serviceIds.map((id) => this.service(id)).filter((s): s is Service => s !== undefined);
    const provider = this.data.catalog.providers.find((p) => p.id === a.providerId);
    const active = ACTIVE.has(a.status);
    const before = active && now < a.start;
    const tele = clinic.telehealth;
    const opensAt = tele ? a.start - tele.opensMinutesBefore * MINUTE : a.start;
    const actions: AppointmentActions = {
      confirm: this.caps.confirm && before && a.status !== 'confirmed',
      cancel: this.caps.cancel && before,
      reschedule: this.caps.reschedule && before,
      join: this.caps.telehealth && a.mode === 'video' && active && now >= opensAt && now < a.end,
      addToCalendar: active && now < a.end,
    };
    const started = now >= a.start && (a.status === 'fulfilled' || active);
    const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
    const appointment: Appointment = {
      id: a.id,
      status: a.status,
      start: this.instant(a.start),
      end: this.instant(a.end),
      services: services.map((s) => ({id: s.id, name: structuredClone(s.name)})),
      providerId: a.providerId,
      providerName: provider?.name ?? '',
      mode: a.mode,
      actions,
      items: structuredClone(a.items.filter((i) => i.phase === 'before' || started)),
      ...(location ? {location: structuredClone(location)} : {}),
      ...(a.mode === 'video' && tele
        ? {video: {provider: tele.provider, opensAt: this.instant(opensAt)}}
        : {}),
      ...(a.cancellation ? {cancellation: structuredClone(a.cancellation)} : {}),
      ...(a.depositPaid ? {depositPaid: {...a.depositPaid}} : {}),
    };
    return appointment;
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  private send(
    language: Language,
    m: {
      channel: OutboxChannel;
      to: string;
      kind: OutboxKind;
      template?: TemplateName;
      vars: Readonly<Record<string, string>>;
      links?: Readonly<Record<string, string>>;
      code?: string;
    },
  ): void {
    const lang: Language = language === 'en' ? 'en' : 'es';
    const template = m.template ?? m.kind;
    const vars = {clinic: this.data.clinic.name, phone: this.data.clinic.phone, ...m.vars};
    const [subject, text] = compose(
      template,
      m.channel,
      lang,
      vars,
      m.links ?? {},
      this.data.clinic.reminders.voiceCallerNote,
    );
    this.outbox.push({
      id: `msg_${(++this.messageSeq).toString().padStart(4, '0')}`,
      channel: m.channel,
      to: m.to,
      at: this.instant(this.clock()),
      language: lang,
      kind: m.kind,
      subject,
      text,
      links: {...(m.links ?? {})},
      ...(m.code !== undefined ? {code: m.code} : {}),
    });
  }

  private appointmentVars(a: AppointmentRecord, lang: Language): Record<string, string> {
    const clinic = this.data.clinic;
    const locale = lang === 'es' ? 'es-MX' : 'en-US';
    const when = new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: clinic.timeZone,
    }).format(a.start);
    const zone =
      this.data.timeZoneLabel?.[lang] ??
      (clinic.timeZone.split('/').pop() ?? clinic.timeZone).replace(/_/g, ' ');
    const services = a.serviceIds
      .map((id) => {
        const name = this.service(id)?.name;
        return name?.[lang] ?? name?.[Object.keys(name)[0]] ?? id;
      })
      .join(' + ');
    const provider = this.data.catalog.providers.find((p) => p.id === a.providerId)?.name ?? '';
    const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
    const where =
      a.mode === 'video'
        ? lang === 'es'
          ? 'Consulta por video: el enlace aparece en el portal 15 minutos antes.'
          : 'Video visit: the link appears in the portal 15 minutes before.'
        : location
          ? `${location.name[lang] ?? location.name[Object.keys(location.name)[0]]}, ${location.address}`
          : '';
    const name = this.patients.get(a.patientId)?.givenName ?? '';
    return {name, when: `${when} (${zone})`, services, provider, where};
  }

  private money(m: Money, lang: Language): string {
    const fmt = new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', {
      style: 'currency',
      currency: m.currency,
    });
    const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
    return fmt.format(m.amountMinor / 10 ** digits);
  }

  // -------------------------------------------------------------------------------------------
  // Seeding

  private seedData(): void {
    const now = this.clock();
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
      if (p.invite) {
        const token = deriveToken(this.seed, 'invitation', p.key);
        this.links.set(token, {
          purpose: 'invitation',
          patientId: record.id,
          expires: now + INVITATION_TTL,
          used: false,
        });
        this.send(record.language, {
          channel: 'email',
          to: record.email,
          kind: 'invitation',
          vars: {name: record.givenName},
          links: {'create-account': this.link(FRAGMENT_INVITATION, token)},
        });
      }
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
      // Seeded appointments start with no reminder sent, so the nearest due one goes out now.
      apt.remindersSent.clear();
    }
    this.sendDueReminders();
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

// ---------------------------------------------------------------------------------------------
// Message texts (server-side data, in the patient's language)

type TemplateName = OutboxKind | 'account-exists';

function compose(
  template: TemplateName,
  channel: OutboxChannel,
  lang: Language,
  v: Readonly<Record<string, string>>,
  links: Readonly<Record<string, string>>,
  voiceNote: LocalizedText | undefined,
): [string, string] {
  const es = lang === 'es';
  const hello = v.name ? (es ? `Hola, ${v.name}:` : `Hello ${v.name},`) : es ? 'Hola:' : 'Hello,';
  const bye = es ? `Atentamente,\n${v.clinic}\n${v.phone}` : `Kind regards,\n${v.clinic}\n${v.phone}`;
  const body = (...lines: string[]) => [hello, '', ...lines, '', bye].join('\n');
  const detail = () =>
    [
      `${es ? 'Fecha y hora' : 'Date and time'}: ${v.when}`,
      `${es ? 'Servicio' : 'Service'}: ${v.services}`,
      `${es ? 'Profesional' : 'Provider'}: ${v.provider}`,
      v.where ? `${es ? 'Lugar' : 'Where'}: ${v.where}` : '',
    ].filter(Boolean);
  const short = `${v.services}, ${v.when}`;
  switch (template) {
    case 'invitation':
      return [
        es
          ? `${v.clinic}: crea tu cuenta del portal del paciente`
          : `${v.clinic}: create your patient portal account`,
        body(
          es
            ? `${v.clinic} te invita a su portal del paciente: tus citas, recordatorios y consultas por video en un solo lugar.`
            : `${v.clinic} invites you to its patient portal: your appointments, reminders and video visits in one place.`,
          '',
          `${es ? 'Crear mi cuenta' : 'Create my account'}: ${links['create-account']}`,
          '',
          es
            ? 'El enlace sirve una sola vez y vence en 30 días.'
            : 'The link works once and expires in 30 days.',
        ),
      ];
    case 'verification':
      return [
        es ? `${v.clinic}: confirma tu correo electrónico` : `${v.clinic}: confirm your email address`,
        body(
          es
            ? 'Para activar tu cuenta del portal, confirma tu correo:'
            : 'To activate your portal account, confirm your email:',
          links.verify ?? '',
          '',
          es
            ? 'Si no creaste una cuenta, ignora este mensaje.'
            : 'If you did not create an account, you can ignore this message.',
        ),
      ];
    case 'account-notice':
    case 'account-exists':
      return [
        es ? `${v.clinic}: ya tienes una cuenta` : `${v.clinic}: you already have an account`,
        body(
          es
            ? 'Alguien intentó crear una cuenta del portal con este correo, pero ya tienes una.'
            : 'Someone tried to create a portal account with this email address, but you already have one.',
          `${es ? 'Iniciar sesión' : 'Sign in'}: ${links['sign-in']}`,
          es
            ? '¿Olvidaste tu contraseña? Usa «Ayuda, no puedo iniciar sesión» en la misma página.'
            : 'Forgot your password? Use "Help, I can\'t sign in" on the same page.',
          '',
          es ? 'Si no fuiste tú, ignora este mensaje.' : 'If this was not you, you can ignore this message.',
        ),
      ];
    case 'password-reset':
      return [
        es ? `${v.clinic}: restablece tu contraseña` : `${v.clinic}: reset your password`,
        body(
          es
            ? 'Recibimos una solicitud para restablecer tu contraseña.'
            : 'We received a request to reset your password.',
          `${es ? 'Crear una nueva contraseña' : 'Create a new password'}: ${links.reset}`,
          '',
          es
            ? 'El enlace sirve una sola vez y vence en 60 minutos. Si no lo pediste, ignora este mensaje.'
            : 'The link works once and expires in 60 minutes. If you did not ask for it, ignore this message.',
        ),
      ];
    case 'phone-code':
    case 'sign-in-code': {
      const text = es
        ? `${v.code} es tu código de ${v.clinic}. Vence en 10 minutos. No lo compartas con nadie.`
        : `${v.code} is your ${v.clinic} code. It expires in 10 minutes. Do not share it with anyone.`;
      return [es ? `Tu código de ${v.clinic}` : `Your ${v.clinic} code`, text];
    }
    case 'booking-confirmation':
      if (channel !== 'email') {
        return [
          es ? 'Cita reservada' : 'Appointment booked',
          es
            ? `${v.clinic}: tu cita quedó reservada: ${short}.`
            : `${v.clinic}: your appointment is booked: ${short}.`,
        ];
      }
      return [
        es ? `${v.clinic}: tu cita quedó reservada` : `${v.clinic}: your appointment is booked`,
        body(
          es ? 'Tu cita quedó reservada:' : 'Your appointment is booked:',
          ...detail(),
          '',
          `${es ? 'Ver o cambiar tu cita en el portal' : 'See or change it in the portal'}: ${links.portal ?? ''}`,
        ),
      ];
    case 'cancellation':
      return [
        es ? `${v.clinic}: tu cita fue cancelada` : `${v.clinic}: your appointment was cancelled`,
        body(
          es ? 'Cancelamos tu cita:' : 'We cancelled your appointment:',
          ...detail(),
          ...(v.fee
            ? ['', es ? `Cargo por cancelación tardía: ${v.fee}` : `Late cancellation fee: ${v.fee}`]
            : []),
          '',
          `${es ? 'Reservar otra cita' : 'Book another appointment'}: ${links.portal ?? ''}`,
        ),
      ];
    case 'reschedule':
      return [
        es ? `${v.clinic}: tu cita cambió de horario` : `${v.clinic}: your appointment was rescheduled`,
        body(es ? 'Tu cita ahora es:' : 'Your appointment is now:', ...detail()),
      ];
    case 'reminder': {
      if (channel === 'email') {
        return [
          es ? `${v.clinic}: recordatorio de tu cita` : `${v.clinic}: appointment reminder`,
          body(
            es ? 'Te recordamos tu cita:' : 'This is a reminder of your appointment:',
            ...detail(),
            '',
            ...(links.confirm
              ? [`${es ? 'Confirmar asistencia' : 'Confirm attendance'}: ${links.confirm}`]
              : []),
            ...(links.cancel
              ? [`${es ? 'Cancelar la cita' : 'Cancel the appointment'}: ${links.cancel}`]
              : []),
          ),
        ];
      }
      const noActions = es
        ? 'Este mensaje no permite confirmar ni cancelar: usa el enlace del correo o el portal.'
        : 'This message cannot confirm or cancel: use the link in the email or the portal.';
      const note = channel === 'voice' && voiceNote ? ` ${voiceNote[lang] ?? ''}` : '';
      return [
        es ? 'Recordatorio de cita' : 'Appointment reminder',
        `${v.clinic}: ${es ? 'recordatorio de tu cita' : 'reminder of your appointment'}: ${short}. ${noActions}${note}`,
      ];
    }
    case 'test-reminder': {
      const text = es
        ? `Este es un recordatorio de prueba de ${v.clinic}. Así recibirás tus recordatorios de citas.`
        : `This is a test reminder from ${v.clinic}. This is how your appointment reminders will arrive.`;
      const note = channel === 'voice' && voiceNote ? ` ${voiceNote[lang] ?? ''}` : '';
      return [
        es ? 'Recordatorio de prueba' : 'Test reminder',
        channel === 'email' ? body(text) : `${text}${note}`,
      ];
    }
  }
}
