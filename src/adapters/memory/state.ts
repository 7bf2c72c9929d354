/**
 * The memory adapter's state: the clinic it serves, its records (patients, sessions, links,
 * appointments, holds, intents, idempotency keys, reminder tokens), its clock and seed, and the
 * helpers every part uses (tokens, sessions, creating patients and appointments). The adapter
 * (`memory-adapter.ts`) owns one and hands it to the parts it loads on first use (`booking.ts`,
 * `accounts.ts`, `appointments.ts`, `reminders.ts`, `messages.ts`), which import nothing from the
 * adapter itself. The clinic's rules come from `domain/rules/`.
 */
import type {CardAuthorization, ChargeableCard} from '../../domain/rules/card-fees.js';
import {NotSignedInError, NotSupportedError, type AdapterEvents, type Capabilities} from '../adapter.js';
// Only what the adapter's core chunk needs, module by module: the rest of the rules load with the parts.
import {emailKey, storedDetails} from '../../domain/rules/accounts.js';
import {durationWith, findService, servicesIn, visitItems} from '../../domain/rules/catalog.js';
import {seededCancellation} from '../../domain/rules/seed.js';
import {sessionEndsAt, sessionLive} from '../../domain/rules/session.js';
import type {SeedAppointment, SeededClinicData} from '../../domain/rules/clinic-data.js';
import {toZonedInstantString} from '../../domain/time.js';
import type {
  AppointmentStatus,
  CancellationInfo,
  Money,
  Patient,
  ReminderChannel,
  Service,
  Session,
} from '../../domain/types.js';
import {DEFAULT_LINK_BASE} from './constants.js';
import {deriveToken, hex, sha256, utf8} from './crypto.js';
import {
  HOUR,
  MINUTE,
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
import {Outbox} from './outbox.js';

export interface MemoryStateOptions {
  readonly data: SeededClinicData;
  readonly clock: () => number;
  readonly seed: string;
  readonly caps: Capabilities;
  readonly fixedCode?: string;
  readonly events?: AdapterEvents;
  readonly linkBase?: string;
  readonly idleMs: number;
  /** Called on every read of the outbox (the adapter starts sending its seeded messages). */
  readonly onOutboxRead: () => void;
}

function defaultLinkBase(): string {
  const loc = (globalThis as {location?: {href?: string}}).location;
  return typeof loc?.href === 'string' && /^https?:/.test(loc.href)
    ? loc.href.split('#')[0]
    : DEFAULT_LINK_BASE;
}

export class MemoryState {
  /** The clinic it serves (replaced once, with the seed merged in, when a lazy seed arrives). */
  data: SeededClinicData;
  /** The server's clock (pinned to the build time while the seeded messages go out). */
  clock: () => number;
  readonly seed: string;
  readonly caps: Capabilities;
  readonly fixedCode?: string;
  readonly events?: AdapterEvents;
  readonly outbox: Outbox;
  /** Base URL of emailed links (absent: the page's URL; pinned while the seeded messages go out). */
  linkBaseOption?: string;
  readonly idleMs: number;
  /**
   * A patient's saved cards with whether the demo declines charges to them: set by the cards part
   * (`cards.ts`) once loaded; booking with a card on file and charging a fee read them here.
   */
  cardsOf?: (patientId: string) => ChargeableCard[];
  /** The count behind runtime tokens and keys. */
  seq = 0;
  messageSeq = 0;
  session: SessionRecord | null = null;
  /**
   * The dependent the running call acts for (`MemoryAdapter.actingFor`): set around one call's
   * synchronous body only, after {@link checkActing} found the grant; `requirePatient` answers her.
   */
  acting: string | null = null;
  /**
   * The dependent a holder acts for, her grant checked (set by the family part, `proxy.ts`, which
   * is loaded before any call made for a dependent).
   */
  dependentOf?: (holder: PatientRecord, dependentId: string) => PatientRecord;
  /**
   * While a call acts for a dependent: whether this visit of hers is kept from the holder (a
   * teenager's confidential care, `rules/proxy.ts`); set by the family part with `dependentOf`.
   */
  keptFromProxy?: (visit: {readonly serviceIds: readonly string[]}) => boolean;
  readonly patients = new Map<string, PatientRecord>();
  readonly signInFailures = new Map<string, number[]>();
  readonly links = new Map<string, LinkRecord>();
  readonly signInChallenges = new Map<string, ChallengeRecord & {patientId: string}>();
  readonly phoneChallenges = new Map<string, ChallengeRecord>();
  readonly phoneTokens = new Map<string, {phone: string; expires: number; used: boolean}>();
  readonly appointments = new Map<string, AppointmentRecord>();
  readonly holds = new Map<string, HoldRecord>();
  readonly intents = new Map<string, IntentRecord>();
  readonly intentKeys = new Map<string, string>();
  readonly bookings = new Map<string, {fingerprint: string; appointmentId: string}>();
  readonly reschedules = new Map<string, {fingerprint: string; appointmentId: string}>();
  readonly reminderTokens = new Map<string, ReminderTokenRecord>();
  readonly testReminderAt = new Map<string, number>();
  private readonly patientsByEmail = new Map<string, string>();

  constructor(options: MemoryStateOptions) {
    this.data = options.data;
    this.clock = options.clock;
    this.seed = options.seed;
    this.caps = options.caps;
    this.fixedCode = options.fixedCode;
    this.events = options.events;
    this.linkBaseOption = options.linkBase;
    this.idleMs = options.idleMs;
    this.outbox = new Outbox(options.onOutboxRead);
  }

  /** A reminder channel besides email that both the clinic and this backend offer. */
  channelOn(channel: ReminderChannel): boolean {
    return (
      this.caps.reminderChannels.includes(channel) && this.data.clinic.reminders.channels.includes(channel)
    );
  }

  need(ok: boolean, capability: string): void {
    if (!ok) throw new NotSupportedError(capability);
  }

  instant(ms: number): string {
    return toZonedInstantString(ms, this.data.clinic.timeZone);
  }

  nextToken(purpose: string): string {
    return deriveToken(this.seed, purpose, ++this.seq);
  }

  hashPassword(salt: string, password: string): string {
    return hex(sha256(utf8(`${salt}\u0000${password}`)));
  }

  linkBase(): string {
    return this.linkBaseOption ?? defaultLinkBase();
  }

  link(fragmentKey: string, token: string): string {
    return `${this.linkBase()}#${fragmentKey}=${token}`;
  }

  service(id: string): Service | undefined {
    return findService(this.data, id);
  }

  patientByEmail(email: string): PatientRecord | undefined {
    const id = this.patientsByEmail.get(emailKey(email));
    return id === undefined ? undefined : this.patients.get(id);
  }

  /** A patient's id from her key (a seeded one's: `seed:<key>`; a dependent shares an email). */
  patientIdOf(key: string): string {
    return `pat_${deriveToken(this.seed, 'patient', key).slice(0, 20)}`;
  }

  createPatient(details: NewPatient, key = `n${++this.seq}`, dependent = false): PatientRecord {
    const id = this.patientIdOf(key);
    const d = storedDetails(details);
    const record: PatientRecord = {
      id,
      givenName: d.givenName,
      familyName: d.familyName,
      email: d.email,
      phone: d.phone || undefined,
      dateOfBirth: d.dateOfBirth,
      language: d.language,
      onboardingDone: false,
      salt: deriveToken(this.seed, 'salt', key),
      emailVerified: false,
    };
    this.patients.set(id, record);
    // A dependent without her own account (a child) has the guardian's contact: never signs in.
    if (!dependent) this.patientsByEmail.set(emailKey(record.email), id);
    return record;
  }

  /** Gives the patient a new email address (the profile's confirmed email change). */
  changeEmail(patient: PatientRecord, email: string): void {
    this.patientsByEmail.delete(emailKey(patient.email));
    patient.email = email.trim();
    this.patientsByEmail.set(emailKey(patient.email), patient.id);
  }

  liveSession(): SessionRecord | null {
    const s = this.session;
    if (s && !sessionLive(s, this.idleMs, this.clock())) {
      this.session = null;
      return null;
    }
    return s;
  }

  /** The signed-in patient (sliding the session), or NotSignedInError. */
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
    return this.acting === null ? patient : this.dependentOf!(patient, this.acting);
  }

  startSession(patient: PatientRecord, method: Session['method']): Session {
    this.session = {
      id: `ses_${this.nextToken('session').slice(0, 24)}`,
      patientId: patient.id,
      method,
      startedAt: this.clock(),
      lastUsed: this.clock(),
    };
    return this.toSession(this.session);
  }

  toSession(s: SessionRecord): Session {
    return {
      id: s.id,
      patient: this.toPatient(this.patients.get(s.patientId) as PatientRecord),
      expiresAt: this.instant(sessionEndsAt(s, this.idleMs)),
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
      ...(p.preferredName ? {preferredName: p.preferredName} : {}),
    };
    return p.phone ? {...patient, phone: p.phone} : patient;
  }

  createAppointment(seed: {
    key: string;
    patientId: string;
    serviceIds: readonly string[];
    providerId: string;
    start: number;
    status: AppointmentStatus;
    locationId?: string;
    forms?: SeedAppointment['forms'];
    depositPaid?: Money;
    cancellation?: CancellationInfo;
    /** Made by the account's owner (default); false for a guest booking (`ownedByAccount`). */
    ownerVerified?: boolean;
    patientTimeZone?: string;
    cardAuthorization?: CardAuthorization;
  }): AppointmentRecord {
    const services = servicesIn(this.data, seed.serviceIds);
    const id = `apt_${deriveToken(this.seed, 'appointment', seed.key).slice(0, 20)}`;
    const mode = services[0]?.mode ?? 'in-person';
    const items = visitItems(this.data, id, services, seed.forms);
    const apt: AppointmentRecord = {
      id,
      patientId: seed.patientId,
      status: seed.status,
      start: seed.start,
      end: seed.start + durationWith(services, seed.providerId) * MINUTE,
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
      ownerVerified: seed.ownerVerified ?? true,
      ...(seed.patientTimeZone ? {patientTimeZone: seed.patientTimeZone} : {}),
      ...(seed.cardAuthorization ? {cardAuthorization: seed.cardAuthorization} : {}),
    };
    this.appointments.set(id, apt);
    this.reminderTokens.set(apt.confirmToken, {appointmentId: id, action: 'confirm', used: false});
    this.reminderTokens.set(apt.cancelToken, {appointmentId: id, action: 'cancel', used: false});
    this.skipPastReminders(apt);
    return apt;
  }

  /** A reminder whose time passed before the appointment existed is never sent. */
  skipPastReminders(apt: AppointmentRecord): void {
    const now = this.clock();
    for (const h of this.data.clinic.reminders.offeredHours)
      if (apt.start - h * HOUR < now) apt.remindersSent.add(h);
  }

  // -------------------------------------------------------------------------------------------
  // Seeding

  /**
   * The seeded patients and appointments, as of the build time (availability needs them at once).
   * What they are sent goes out later, as of that time too (see `MemoryAdapter.ready`): the
   * patients to invite then are returned.
   */
  seedData(now: number): {key: string; patient: PatientRecord}[] {
    const invited: {key: string; patient: PatientRecord}[] = [];
    const byKey = new Map<string, PatientRecord>();
    for (const p of this.data.patients ?? []) {
      const record = this.createPatient(p, `seed:${p.key}`, p.dependentOf !== undefined);
      record.onboardingDone = p.onboardingDone ?? false;
      if (p.password !== undefined) {
        record.passwordHash = this.hashPassword(record.salt, p.password);
        record.emailVerified = true;
      }
      if (p.reminderPreferences)
        record.prefs = {email: record.email, ...structuredClone(p.reminderPreferences)};
      byKey.set(p.key, record);
      if (p.invite) invited.push({key: p.key, patient: record});
    }
    for (const a of this.data.appointments?.(now) ?? []) {
      const patient = byKey.get(a.patientKey);
      if (!patient) continue;
      const apt = this.createAppointment({
        ...a,
        key: `seed:${a.key}`,
        patientId: patient.id,
        cancellation: seededCancellation(a.cancellation, this.data.clinic.timeZone),
      });
      // Seeded appointments start with no reminder sent: the nearest due one goes out with the
      // seeded messages.
      apt.remindersSent.clear();
    }
    return invited;
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
