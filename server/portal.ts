/**
 * The reference server's rules: every operation of the contract that this slice serves, over SQL.
 *
 * The in-memory adapter (`src/adapters/memory`) is the behavioural spec; this is the same contract
 * with the state in PostgreSQL (PGlite by default). Availability comes from the shared domain
 * function `computeAvailability`. Bookings of one provider serialise on the provider's calendar row
 * (`SELECT … FOR UPDATE`, then a versioned update), a partial unique index refuses two active
 * appointments at one start, and idempotency keys are rows with a primary key: whatever the
 * interleaving, one slot gets one appointment and one key gets one result.
 *
 * Nothing here logs patient data; the audit trail records ids only.
 */
import {createHash, createHmac, randomBytes, randomInt, timingSafeEqual} from 'node:crypto';
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
  type RegistrationRequest,
  type ReminderActionRequest,
  type RescheduleRequest,
  type SignInRequest,
  type SignInResult,
} from '../src/adapters/adapter.js';
import {
  ACTIVE,
  E164_RE,
  EMAIL_RE,
  codePoints,
  fingerprint,
  patientDetailsProblems,
  readAppointmentQuery,
  validPlainDate,
} from '../src/adapters/memory/checks.js';
import {maskEmail, passwordProblem} from '../src/adapters/memory/accounts.js';
import {computeAvailability} from '../src/domain/availability.js';
import {countryOfE164} from '../src/domain/phone.js';
import type {BusyInterval} from '../src/domain/schedule.js';
import {instantToPlainDate, parseInstant, toZonedInstantString} from '../src/domain/time.js';
import type {
  Appointment,
  AppointmentActions,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Language,
  Money,
  OutboxMessage,
  Page,
  Patient,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  ReminderPreferences,
  ReminderTokenInfo,
  Service,
  Session,
  Slot,
  VideoJoin,
  VideoVisitState,
  VisitItem,
  VisitItemState,
} from '../src/domain/types.js';
import {storeClinicConfig, toClinicConfig, type ServerClinicData} from './clinic-config.js';
import {isUniqueViolation, type Db, type Queryable} from './db.js';
import {composeMessage, type MessageKind} from './messages.js';
import {hashPassword, verifyPassword} from './passwords.js';
import {createContext, type PortalContext, type PortalOptions} from './services/context.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const SIGN_IN_WINDOW = 15 * MINUTE;
const SIGN_IN_MAX_FAILURES = 5;
const CODE_TTL = 10 * MINUTE;
const CODE_RESEND = 30_000;
const CODE_MAX_TRIES = 5;
const PHONE_TOKEN_TTL = 30 * MINUTE;
const NOTE_MAX = 1000;
const INVITATION_TTL = 30 * 24 * HOUR;
const VERIFY_LINK_TTL = 48 * HOUR;
const RESET_LINK_TTL = 60 * MINUTE;
const TEST_REMINDER_INTERVAL = 30_000;

/**
 * The demo payment provider's test cards, as the wire names them (`POST
 * /deposit-intents/{id}/demo-payment`): the one that succeeds (4242 4242 4242 4242) and the one
 * that is declined (4000 0000 0000 0002). No card number travels, not even a test one.
 */
export type DemoTestCard = 'succeeds' | 'declined';

/** What this server offers. What it lacks answers 501 `not-supported`. */
export const SERVER_CAPABILITIES: Capabilities = {
  signIn: {kind: 'password'},
  selfRegistration: true,
  invitations: true,
  passwordReset: true,
  secondFactor: false,
  smsCodes: true,
  /** `demo` when the clinic has a deposit policy and payments are not turned off (see {@link Portal.capabilities}). */
  payments: false,
  holds: true,
  confirm: true,
  cancel: true,
  reschedule: true,
  /** True when the clinic has telehealth settings (see {@link Portal.capabilities}). */
  telehealth: true,
  reminderChannels: ['sms', 'voice'],
  testReminder: true,
  reminderLinks: true,
};

export type {PortalOptions};

/** Who is calling: the session's token (from the cookie, or the `Authorization: Bearer` header), if any. */
export interface CallContext {
  readonly sessionToken?: string;
  /** The token came as a bearer token (it must name a bearer session, never a cookie one). */
  readonly bearer?: boolean;
}

interface PatientRow {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  phone: string | null;
  date_of_birth: string;
  language: string;
  onboarding_done: boolean;
  password_hash: string | null;
  email_verified: boolean;
  prefs: ReminderPreferences | null;
}

interface SessionRow {
  token_hash: string;
  id: string;
  csrf_token: string;
  patient_id: string;
  method: Session['method'];
  last_used: number;
  /** A bearer session (its token travels in the Authorization header, not in the cookie). */
  bearer?: boolean;
}

interface AppointmentRow {
  id: string;
  /** The video room's name (video visits). */
  room?: string;
  patient_id: string;
  status: AppointmentStatus;
  start_ms: number;
  end_ms: number;
  service_ids: string[];
  provider_id: string;
  mode: Service['mode'];
  location_id: string | null;
  items: VisitItem[];
  cancellation: CancellationInfo | null;
  deposit_paid: Appointment['depositPaid'] | null;
  version: number;
}

interface PaymentIntentRow {
  id: string;
  provider: PaymentIntent['provider'];
  fingerprint: string;
  amount: Money;
  state: 'requires-payment' | 'succeeded' | 'failed';
  appointment_id: string | null;
}

export interface LiveSession {
  readonly row: SessionRow;
  readonly patient: PatientRow;
}

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64url');
const token = (bytes = 32): string => randomBytes(bytes).toString('base64url');
const emailKey = (email: string): string => email.trim().toLowerCase();
const num = (v: unknown): number => Number(v);

export class Portal {
  readonly db: Db;
  readonly data: ServerClinicData;
  /** What the layered services (`server/services/`) work with; the routes moved so far use it. */
  readonly context: PortalContext;
  private readonly idleMs: number;
  private readonly linkBase: string;
  private readonly secondFactor: false | 'email' | 'sms';
  private readonly paymentsOption: false | 'demo';
  private readonly holds: boolean;

  constructor(options: PortalOptions) {
    this.db = options.db;
    this.data = options.data;
    this.context = createContext(options);
    this.idleMs = (options.sessionIdleMinutes ?? 15) * MINUTE;
    this.linkBase = options.linkBase ?? 'https://demo.clinic.example/portal';
    this.secondFactor = options.secondFactor ?? false;
    this.paymentsOption = options.payments ?? 'demo';
    this.holds = options.holds ?? true;
  }

  /** The server's clock, epoch ms; assignable (tests move it; the services follow). */
  get clock(): () => number {
    return this.context.clock;
  }

  set clock(clock: () => number) {
    this.context.clock = clock;
  }

  private get secret(): string {
    return this.context.secret;
  }

  get clinic(): Clinic {
    return this.data.clinic;
  }

  instant(ms: number): string {
    return toZonedInstantString(ms, this.clinic.timeZone);
  }

  // -------------------------------------------------------------------------------------------
  // Seeding

  /** Loads the clinic and its seeded patients and appointments (as of the server's clock now), and sends the reminders already due. */
  async seed(): Promise<void> {
    const now = this.clock();
    await this.db.transaction(async (q) => {
      await storeClinicConfig(q, toClinicConfig(this.data));
      for (const p of this.data.catalog.providers) {
        await q.query('INSERT INTO provider_calendars (provider_id) VALUES ($1) ON CONFLICT DO NOTHING', [
          p.id,
        ]);
      }
      const ids = new Map<string, string>();
      const invited: {id: string; email: string; givenName: string; language: Language}[] = [];
      for (const p of this.data.patients ?? []) {
        const id = `pat_${token(12)}`;
        ids.set(p.key, id);
        if (p.invite) invited.push({id, email: p.email, givenName: p.givenName, language: p.language});
        const prefs = p.reminderPreferences ? {email: p.email, ...p.reminderPreferences} : null;
        await q.query(
          `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language,
             onboarding_done, password_hash, email_verified, prefs)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            emailKey(p.email),
            p.email,
            p.givenName,
            p.familyName,
            p.phone ?? null,
            p.dateOfBirth,
            p.language,
            p.onboardingDone ?? false,
            p.password !== undefined ? await hashPassword(p.password) : null,
            p.password !== undefined,
            prefs ? JSON.stringify(prefs) : null,
          ],
        );
      }
      for (const a of this.data.appointments?.(now) ?? []) {
        const patientId = ids.get(a.patientKey);
        if (!patientId) continue;
        const services = a.serviceIds.map((id) => this.service(id)).filter((s): s is Service => !!s);
        await this.insertAppointment(q, {
          patientId,
          services,
          providerId: a.providerId,
          start: a.start,
          status: a.status,
          locationId: a.locationId,
          forms: a.forms,
          depositPaid: a.depositPaid,
          seeded: true,
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
      }
      for (const inv of invited) {
        const t = token();
        await q.query(
          'INSERT INTO links (token_hash, purpose, patient_id, expires_ms) VALUES ($1, $2, $3, $4)',
          [sha(t), 'invitation', inv.id, now + INVITATION_TTL],
        );
        await this.send(
          q,
          inv.language,
          'email',
          inv.email,
          'invitation',
          {name: inv.givenName},
          {
            'create-account': `${this.linkBase}#portal-invitation=${t}`,
          },
        );
      }
    });
    // The reminders already due for the seeded appointments go out with the seed, as the demo's do.
    await this.sendDueReminders();
  }

  // -------------------------------------------------------------------------------------------
  // Clinic

  capabilities(): Capabilities {
    return {
      ...structuredClone(SERVER_CAPABILITIES),
      payments: this.payments,
      holds: this.holds,
      telehealth: this.clinic.telehealth !== undefined,
      secondFactor: this.secondFactor,
      reminderChannels: SERVER_CAPABILITIES.reminderChannels.filter((c) =>
        this.clinic.reminders.channels.includes(c),
      ),
    };
  }

  /**
   * Which payment step takes deposits: the demo provider's when the clinic has a deposit policy
   * (the clinic's `deposit` settings or a service with a deposit), unless payments are turned off.
   */
  get payments(): false | 'demo' {
    if (this.paymentsOption === false) return false;
    const policy =
      this.clinic.deposit !== undefined || this.data.catalog.services.some((s) => s.deposit !== undefined);
    return policy ? this.paymentsOption : false;
  }

  catalog(): Catalog {
    return this.data.catalog;
  }

  cancellationReasons(): readonly CancellationReason[] {
    return this.data.cancellationReasons;
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /** The live session for a cookie token (sliding it when `touch`), or null. */
  async liveSession(ctx: CallContext, touch = false): Promise<LiveSession | null> {
    if (!ctx.sessionToken) return null;
    const [row] = await this.db.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [
      sha(ctx.sessionToken),
    ]);
    if (!row) return null;
    // A cookie's value is not a bearer token, and a bearer token is not a cookie.
    if (Boolean(row.bearer) !== Boolean(ctx.bearer)) return null;
    const now = this.clock();
    if (now - num(row.last_used) >= this.idleMs) {
      await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [row.token_hash]);
      return null;
    }
    const [patient] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [
      row.patient_id,
    ]);
    if (!patient) return null;
    if (touch) {
      await this.db.query('UPDATE sessions SET last_used = $2 WHERE token_hash = $1', [row.token_hash, now]);
      row.last_used = now;
    }
    return {row, patient};
  }

  /** The signed-in patient, or 401 (`session-expired` when a cookie came with no live session). */
  async requirePatient(ctx: CallContext): Promise<LiveSession> {
    const live = await this.liveSession(ctx, true);
    if (!live) throw new NotSignedInError(ctx.sessionToken ? 'session-expired' : 'not-signed-in');
    return live;
  }

  toSession(live: LiveSession): Session {
    return {
      id: live.row.id,
      patient: this.toPatient(live.patient),
      expiresAt: this.instant(num(live.row.last_used) + this.idleMs),
      method: live.row.method,
    };
  }

  private toPatient(p: PatientRow): Patient {
    const patient: Patient = {
      id: p.id,
      givenName: p.given_name,
      familyName: p.family_name,
      email: p.email,
      dateOfBirth: p.date_of_birth as Patient['dateOfBirth'],
      language: p.language === 'en' ? 'en' : 'es',
      onboardingDone: p.onboarding_done,
    };
    return p.phone ? {...patient, phone: p.phone as E164} : patient;
  }

  /** Starts a session: the cookie token (only its hash is stored) and the session's CSRF token. */
  private async startSession(
    patient: PatientRow,
    method: Session['method'],
  ): Promise<{cookie: string; csrf: string; session: Session}> {
    const cookie = token();
    const row: SessionRow = {
      token_hash: sha(cookie),
      id: `ses_${token(12)}`,
      csrf_token: token(24),
      patient_id: patient.id,
      method,
      last_used: this.clock(),
    };
    await this.db.query(
      'INSERT INTO sessions (token_hash, id, csrf_token, patient_id, method, last_used) VALUES ($1, $2, $3, $4, $5, $6)',
      [row.token_hash, row.id, row.csrf_token, row.patient_id, row.method, row.last_used],
    );
    await this.audit(this.db, patient.id, 'session.start', patient.id);
    return {cookie, csrf: row.csrf_token, session: this.toSession({row, patient})};
  }

  async signIn(request: SignInRequest): Promise<{result: SignInResult; cookie?: string; csrf?: string}> {
    const fields: Record<string, FieldErrorCode> = {};
    if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
    if (typeof request.password !== 'string' || request.password === '') fields.password = 'required';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const key = emailKey(request.email);
    const now = this.clock();
    const recent = (
      await this.db.query<{at_ms: number}>(
        'SELECT at_ms FROM sign_in_failures WHERE email_key = $1 AND at_ms > $2 ORDER BY at_ms',
        [key, now - SIGN_IN_WINDOW],
      )
    ).map((r) => num(r.at_ms));
    if (recent.length >= SIGN_IN_MAX_FAILURES) {
      throw new RateLimitedError(Math.max(1, Math.ceil((recent[0] + SIGN_IN_WINDOW - now) / 1000)));
    }
    const [patient] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE email_key = $1', [key]);
    // The same memory-hard work whether or not the email is known.
    const ok = await verifyPassword(request.password, patient?.password_hash ?? null);
    if (!patient || !patient.email_verified || !ok) {
      await this.db.query('INSERT INTO sign_in_failures (email_key, at_ms) VALUES ($1, $2)', [key, now]);
      throw new ValidationError({credentials: 'invalid'});
    }
    await this.db.query('DELETE FROM sign_in_failures WHERE email_key = $1', [key]);
    if (this.secondFactor) {
      const channel = this.secondFactor === 'sms' && patient.phone ? 'sms' : 'email';
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = `chl_${token(18)}`;
      await this.db.transaction(async (q) => {
        await q.query('UPDATE sign_in_challenges SET dead = true WHERE patient_id = $1', [patient.id]);
        await q.query(
          'INSERT INTO sign_in_challenges (id, patient_id, code_hash, expires_ms) VALUES ($1, $2, $3, $4)',
          [id, patient.id, this.codeHash(id, code), now + CODE_TTL],
        );
        const lang = patient.language === 'en' ? 'en' : 'es';
        const to = channel === 'sms' ? (patient.phone as string) : patient.email;
        await this.send(q, lang, channel, to, 'sign-in-code', {code}, {}, code);
      });
      return {result: {status: 'second-factor', challengeId: id, channel}};
    }
    const started = await this.startSession(patient, 'password');
    return {
      result: {status: 'signed-in', session: started.session},
      cookie: started.cookie,
      csrf: started.csrf,
    };
  }

  /** The second factor's code: a wrong one counts a try (the 5th kills it), the right one signs in. */
  async verifySignInCode(
    challengeId: string,
    code: string,
  ): Promise<{cookie: string; csrf: string; session: Session}> {
    if (!this.secondFactor) throw new NotSupportedError('secondFactor');
    const now = this.clock();
    const result = await this.db.transaction(async (q) => {
      const [c] = await q.query<{patient_id: string; code_hash: string; expires_ms: number; dead: boolean}>(
        'SELECT * FROM sign_in_challenges WHERE id = $1 FOR UPDATE',
        [typeof challengeId === 'string' ? challengeId : ''],
      );
      if (!c || c.dead || num(c.expires_ms) <= now) return {error: 'code-expired' as const};
      const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
      if (!safeEqual(this.codeHash(challengeId, typed), c.code_hash)) {
        await q.query(
          'UPDATE sign_in_challenges SET tries = tries + 1, dead = (tries + 1 >= $2) WHERE id = $1',
          [challengeId, CODE_MAX_TRIES],
        );
        return {error: 'code-invalid' as const};
      }
      await q.query('UPDATE sign_in_challenges SET dead = true WHERE id = $1', [challengeId]);
      const [patient] = await q.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [c.patient_id]);
      return {patient};
    });
    if (!('patient' in result) || !result.patient)
      throw new ValidationError({code: 'error' in result ? result.error : 'code-expired'});
    return this.startSession(result.patient, 'password');
  }

  /**
   * Makes a session just started a bearer session: its token is then accepted only in the
   * `Authorization: Bearer` header (never as the cookie) and needs no CSRF header.
   */
  async useAsBearer(sessionToken: string): Promise<void> {
    await this.db.query('UPDATE sessions SET bearer = true WHERE token_hash = $1', [sha(sessionToken)]);
  }

  async signOut(ctx: CallContext): Promise<void> {
    if (ctx.sessionToken)
      await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [sha(ctx.sessionToken)]);
  }

  async completeOnboarding(ctx: CallContext): Promise<void> {
    const {patient} = await this.requirePatient(ctx);
    await this.db.query('UPDATE patients SET onboarding_done = true WHERE id = $1', [patient.id]);
    await this.audit(this.db, patient.id, 'patient.onboarding', patient.id);
  }

  // -------------------------------------------------------------------------------------------
  // Accounts: invitations, registration with email verification, password reset

  /** The patient a valid (known, unused, unexpired) link of this purpose stands for. */
  private async linkPatient(
    q: Queryable,
    tokenValue: string,
    purpose: 'invitation' | 'verify' | 'reset',
    lock = false,
  ): Promise<{patient: PatientRow; hash: string; passwordHash: string | null}> {
    const hash = sha(typeof tokenValue === 'string' ? tokenValue : '');
    const [link] = await q.query<{
      patient_id: string;
      purpose: string;
      expires_ms: number;
      used: boolean;
      password_hash: string | null;
    }>(`SELECT * FROM links WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`, [hash]);
    const [patient] = link
      ? await q.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [link.patient_id])
      : [];
    if (!link || !patient || link.purpose !== purpose || link.used || num(link.expires_ms) <= this.clock())
      throw new InvalidLinkError();
    return {patient, hash, passwordHash: link.password_hash};
  }

  private checkPassword(password: unknown): void {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationError({password: problem});
  }

  /** Uses a link up and sets the patient's password; returns the patient as changed. */
  private async useLink(
    purpose: 'invitation' | 'verify' | 'reset',
    tokenValue: string,
    password: string | undefined,
  ): Promise<PatientRow> {
    if (password !== undefined) this.checkPassword(password);
    const newHash = password !== undefined ? await hashPassword(password) : undefined;
    return this.db.transaction(async (q) => {
      const {patient, hash, passwordHash} = await this.linkPatient(q, tokenValue, purpose, true);
      await q.query('UPDATE links SET used = true WHERE token_hash = $1', [hash]);
      const [updated] = await q.query<PatientRow>(
        'UPDATE patients SET password_hash = $2, email_verified = true WHERE id = $1 RETURNING *',
        [patient.id, newHash ?? passwordHash],
      );
      await q.query('DELETE FROM sign_in_failures WHERE email_key = $1', [emailKey(patient.email)]);
      await this.audit(q, patient.id, `account.${purpose}`, patient.id);
      return updated;
    });
  }

  /**
   * Invites a patient (the clinic's invitation command): creates the patient if needed and sends
   * the invitation email with a single-use link (30 days). Refused for an address that already
   * has an account. Resolves to the patient's id.
   */
  async invite(details: Omit<PatientDetails, 'phone'> & {phone?: E164}): Promise<string> {
    const fields = this.validateDetails({...details, phone: details.phone ?? ('+10000000000' as E164)}, '');
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    return this.db.transaction(async (q) => {
      const key = emailKey(details.email);
      let [patient] = await q.query<PatientRow>('SELECT * FROM patients WHERE email_key = $1 FOR UPDATE', [
        key,
      ]);
      if (patient?.password_hash) throw new ValidationError({email: 'duplicate'});
      if (!patient) {
        [patient] = await q.query<PatientRow>(
          `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [
            `pat_${token(12)}`,
            key,
            details.email.trim(),
            details.givenName.trim(),
            details.familyName.trim(),
            details.phone ?? null,
            details.dateOfBirth,
            details.language,
          ],
        );
      }
      await q.query("UPDATE links SET used = true WHERE patient_id = $1 AND purpose = 'invitation'", [
        patient.id,
      ]);
      const t = token();
      await q.query(
        'INSERT INTO links (token_hash, purpose, patient_id, expires_ms) VALUES ($1, $2, $3, $4)',
        [sha(t), 'invitation', patient.id, this.clock() + INVITATION_TTL],
      );
      const lang: Language = details.language === 'en' ? 'en' : 'es';
      await this.send(
        q,
        lang,
        'email',
        patient.email,
        'invitation',
        {name: patient.given_name},
        {
          'create-account': `${this.linkBase}#portal-invitation=${t}`,
        },
      );
      await this.audit(q, 'clinic', 'patient.invite', patient.id);
      return patient.id;
    });
  }

  async getInvitation(tokenValue: string): Promise<InvitationInfo> {
    const {patient} = await this.linkPatient(this.db, tokenValue, 'invitation');
    return {givenName: patient.given_name, maskedEmail: maskEmail(patient.email)};
  }

  async acceptInvitation(
    tokenValue: string,
    password: string,
  ): Promise<{cookie: string; csrf: string; session: Session}> {
    await this.linkPatient(this.db, tokenValue, 'invitation');
    const patient = await this.useLink('invitation', tokenValue, password);
    return this.startSession(patient, 'invitation');
  }

  /** Answers the same whether or not the email has an account; the owner of one is told instead. */
  async register(request: RegistrationRequest): Promise<void> {
    const fields = this.validateDetails(request.patient, 'patient.');
    const pw = passwordProblem(request.password);
    if (pw) fields.password = pw;
    if (this.clinic.privacy.explicitConsent && request.privacyConsent !== true)
      fields.privacyConsent = 'consent-required';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const d = request.patient;
    const passwordHash = await hashPassword(request.password);
    await this.db.transaction(async (q) => {
      const [existing] = await q.query<PatientRow>('SELECT * FROM patients WHERE email_key = $1 FOR UPDATE', [
        emailKey(d.email),
      ]);
      if (existing && existing.password_hash !== null) {
        await this.send(
          q,
          existing.language === 'en' ? 'en' : 'es',
          'email',
          existing.email,
          'account-notice',
          {name: existing.given_name},
          {
            'sign-in': this.linkBase,
            'forgot-password': this.linkBase,
          },
        );
        return;
      }
      let patient = existing;
      if (!patient) {
        [patient] = await q.query<PatientRow>(
          `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [
            `pat_${token(12)}`,
            emailKey(d.email),
            d.email.trim(),
            d.givenName.trim(),
            d.familyName.trim(),
            d.phone.trim(),
            d.dateOfBirth,
            d.language,
          ],
        );
      }
      const t = token();
      await q.query(
        'INSERT INTO links (token_hash, purpose, patient_id, expires_ms, password_hash) VALUES ($1, $2, $3, $4, $5)',
        [sha(t), 'verify', patient.id, this.clock() + VERIFY_LINK_TTL, passwordHash],
      );
      await this.send(
        q,
        d.language === 'en' ? 'en' : 'es',
        'email',
        patient.email,
        'verification',
        {name: patient.given_name},
        {
          verify: `${this.linkBase}#portal-verify=${t}`,
        },
      );
    });
  }

  async verifyEmail(tokenValue: string): Promise<{cookie: string; csrf: string; session: Session}> {
    const patient = await this.useLink('verify', tokenValue, undefined);
    return this.startSession(patient, 'verification');
  }

  /** Answers the same whatever the email and date of birth; a link goes out only when both match. */
  async requestPasswordReset(request: PasswordResetRequest): Promise<void> {
    const fields: Record<string, FieldErrorCode> = {};
    if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
    else if (!EMAIL_RE.test(request.email.trim())) fields.email = 'invalid-email';
    const dob: string = request.dateOfBirth;
    if (typeof dob !== 'string' || dob === '') fields.dateOfBirth = 'required';
    else if (!validPlainDate(dob)) fields.dateOfBirth = 'invalid-date';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    await this.db.transaction(async (q) => {
      const [patient] = await q.query<PatientRow>('SELECT * FROM patients WHERE email_key = $1', [
        emailKey(request.email),
      ]);
      if (!patient || patient.date_of_birth !== request.dateOfBirth) return;
      // A new link replaces any earlier one.
      await q.query("UPDATE links SET used = true WHERE patient_id = $1 AND purpose = 'reset'", [patient.id]);
      const t = token();
      await q.query(
        'INSERT INTO links (token_hash, purpose, patient_id, expires_ms) VALUES ($1, $2, $3, $4)',
        [sha(t), 'reset', patient.id, this.clock() + RESET_LINK_TTL],
      );
      const lang: Language =
        request.language === 'en' || request.language === 'es'
          ? request.language
          : patient.language === 'en'
            ? 'en'
            : 'es';
      await this.send(
        q,
        lang,
        'email',
        patient.email,
        'password-reset',
        {name: patient.given_name},
        {
          reset: `${this.linkBase}#portal-reset=${t}`,
        },
      );
    });
  }

  async checkPasswordReset(tokenValue: string): Promise<void> {
    await this.linkPatient(this.db, tokenValue, 'reset');
  }

  async resetPassword(
    tokenValue: string,
    password: string,
  ): Promise<{cookie: string; csrf: string; session: Session}> {
    await this.linkPatient(this.db, tokenValue, 'reset');
    const patient = await this.useLink('reset', tokenValue, password);
    await this.db.query('DELETE FROM sessions WHERE patient_id = $1', [patient.id]);
    return this.startSession(patient, 'reset');
  }

  // -------------------------------------------------------------------------------------------
  // Phone codes

  async sendPhoneCode(request: PhoneCodeRequest): Promise<PhoneChallenge> {
    const phone = typeof request.phone === 'string' ? request.phone.trim() : '';
    if (!E164_RE.test(phone)) throw new ValidationError({phone: phone === '' ? 'required' : 'invalid-phone'});
    const now = this.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = `chl_${token(18)}`;
    await this.db.transaction(async (q) => {
      const open = await q.query<{id: string; resend_ms: number}>(
        'SELECT id, resend_ms FROM phone_challenges WHERE phone = $1 AND NOT dead FOR UPDATE',
        [phone],
      );
      const waiting = open.find((c) => num(c.resend_ms) > now);
      if (waiting) throw new RateLimitedError(Math.ceil((num(waiting.resend_ms) - now) / 1000));
      await q.query('UPDATE phone_challenges SET dead = true WHERE phone = $1', [phone]);
      await q.query(
        'INSERT INTO phone_challenges (id, phone, code_hash, expires_ms, resend_ms) VALUES ($1, $2, $3, $4, $5)',
        [id, phone, this.codeHash(id, code), now + CODE_TTL, now + CODE_RESEND],
      );
      await this.send(
        q,
        request.language === 'en' ? 'en' : 'es',
        'sms',
        phone,
        'phone-code',
        {code},
        {},
        code,
      );
    });
    return {
      id,
      length: 6,
      expiresAt: this.instant(now + CODE_TTL),
      resendAt: this.instant(now + CODE_RESEND),
    };
  }

  async verifyPhoneCode(challengeId: string, code: string): Promise<string> {
    const now = this.clock();
    const verified = await this.db.transaction(async (q) => {
      const [c] = await q.query<{
        phone: string;
        code_hash: string;
        expires_ms: number;
        tries: number;
        dead: boolean;
      }>('SELECT * FROM phone_challenges WHERE id = $1 FOR UPDATE', [
        typeof challengeId === 'string' ? challengeId : '',
      ]);
      if (!c || c.dead || num(c.expires_ms) <= now) return {error: 'code-expired' as const, token: ''};
      const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
      if (!safeEqual(this.codeHash(challengeId, typed), c.code_hash)) {
        await q.query(
          'UPDATE phone_challenges SET tries = tries + 1, dead = (tries + 1 >= $2) WHERE id = $1',
          [challengeId, CODE_MAX_TRIES],
        );
        return {error: 'code-invalid' as const, token: ''};
      }
      await q.query('UPDATE phone_challenges SET dead = true WHERE id = $1', [challengeId]);
      const t = token();
      await q.query('INSERT INTO phone_tokens (token_hash, phone, expires_ms) VALUES ($1, $2, $3)', [
        sha(t),
        c.phone,
        now + PHONE_TOKEN_TTL,
      ]);
      return {error: undefined, token: t};
    });
    if (verified.error !== undefined) throw new ValidationError({code: verified.error});
    return verified.token;
  }

  private codeHash(challengeId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${challengeId}\u0000${code}`).digest('base64url');
  }

  // -------------------------------------------------------------------------------------------
  // Availability

  service(id: string): Service | undefined {
    return this.data.catalog.services.find((s) => s.id === id);
  }

  private durationWith(services: readonly Service[], providerId: string): number {
    return services.reduce(
      (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
      0,
    );
  }

  private eligibleProviders(services: readonly Service[]): string[] {
    return this.data.catalog.providers
      .map((p) => p.id)
      .filter(
        (id) =>
          services.every((s) => s.providerIds.includes(id)) &&
          this.data.schedules.some((s) => s.providerId === id),
      );
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

  /** Active appointments and unexpired holds of these providers around [from, to). */
  private async busy(
    q: Queryable,
    providerIds: readonly string[],
    from: number,
    to: number,
    exclude: {holdId?: string; appointmentId?: string},
  ): Promise<BusyInterval[]> {
    const margin = 24 * HOUR;
    const now = this.clock();
    const rows = await q.query<{provider_id: string; start_ms: number; end_ms: number}>(
      `SELECT provider_id, start_ms, end_ms FROM appointments
        WHERE provider_id = ANY($1) AND status IN ('pending', 'booked', 'confirmed')
          AND end_ms > $2 AND start_ms < $3 AND id <> $4
       UNION ALL
       SELECT provider_id, start_ms, end_ms FROM holds
        WHERE provider_id = ANY($1) AND expires_ms > $5 AND end_ms > $2 AND start_ms < $3 AND id <> $6`,
      [[...providerIds], from - margin, to + margin, exclude.appointmentId ?? '', now, exclude.holdId ?? ''],
    );
    return rows.map((r) => ({
      providerId: r.provider_id,
      start: this.instant(num(r.start_ms)),
      end: this.instant(num(r.end_ms)),
    }));
  }

  private compute(
    services: readonly Service[],
    providerIds: readonly string[],
    from: number,
    to: number,
    busy: readonly BusyInterval[],
    /** "First available": one slot per start, from the first provider (catalog order) free then. */
    firstAvailable = false,
  ): Slot[] {
    const clinic = this.clinic;
    const mode = services[0].mode;
    const providers = providerIds.flatMap((id) => {
      const schedule = this.data.schedules.find((s) => s.providerId === id);
      return schedule ? [{schedule, durationMinutes: this.durationWith(services, id)}] : [];
    });
    const serviceIds = services.map((s) => s.id);
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
      busy,
      serviceIds,
      mode,
    });
    const usable = computed.filter(
      (c) =>
        mode !== 'in-person' ||
        c.locationId === undefined ||
        services.every((s) => s.locationIds.includes(c.locationId as string)),
    );
    let chosen = usable.map((c) => ({c, start: parseInstant(c.start)}));
    if (firstAvailable) {
      // Deduplicate before formatting: formatting instants in the clinic's zone is the costly part.
      const order = new Map(providerIds.map((id, i) => [id, i]));
      const byStart = new Map<number, (typeof chosen)[number]>();
      for (const x of chosen) {
        const seen = byStart.get(x.start);
        if (!seen || (order.get(x.c.providerId) ?? 0) < (order.get(seen.c.providerId) ?? 0))
          byStart.set(x.start, x);
      }
      chosen = [...byStart.values()].sort((a, b) => a.start - b.start);
    }
    const slots: Slot[] = [];
    for (const {c, start} of chosen) {
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

  async availability(query: AvailabilityQuery): Promise<Availability> {
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
    if (!fields.from && !fields.to && to - from > 120 * 24 * HOUR) fields.to = 'invalid';
    const eligible = this.eligibleProviders(services);
    if (query.providerId === 'any') {
      if (!this.clinic.booking.allowAnyProvider) fields.providerId = 'invalid';
    } else if (!eligible.includes(query.providerId)) fields.providerId = 'invalid';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const providers = query.providerId === 'any' ? eligible : [query.providerId];
    const slots = this.compute(
      services,
      providers,
      from,
      to,
      await this.busy(this.db, providers, from, to, {}),
      query.providerId === 'any',
    );
    return {slots, timeZone: this.clinic.timeZone};
  }

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

  /** The slot as free now inside `q`, or SlotTakenError / ValidationError({slot: 'unavailable'}). */
  private async checkSlot(
    q: Queryable,
    slot: Slot,
    services: readonly Service[],
    exclude: {holdId?: string; appointmentId?: string},
  ): Promise<Slot> {
    const {providerId, start} = this.decodeSlot(slot, services);
    const busy = await this.busy(q, [providerId], start, start + 1, exclude);
    const free = this.compute(services, [providerId], start, start + 1, busy);
    if (free.length > 0) return free[0];
    if (this.compute(services, [providerId], start, start + 1, []).length > 0)
      throw new SlotTakenError(slot.id);
    throw new ValidationError({slot: 'unavailable'});
  }

  /** Locks a provider's calendar for the rest of the transaction; returns its version. */
  private async lockCalendar(q: Queryable, providerId: string): Promise<number> {
    await q.query('INSERT INTO provider_calendars (provider_id) VALUES ($1) ON CONFLICT DO NOTHING', [
      providerId,
    ]);
    const [row] = await q.query<{version: number}>(
      'SELECT version FROM provider_calendars WHERE provider_id = $1 FOR UPDATE',
      [providerId],
    );
    return num(row.version);
  }

  /** Records a change to a provider's calendar; a stale version means someone else changed it. */
  private async bumpCalendar(q: Queryable, providerId: string, version: number): Promise<void> {
    const rows = await q.query(
      'UPDATE provider_calendars SET version = version + 1 WHERE provider_id = $1 AND version = $2 RETURNING version',
      [providerId, version],
    );
    if (rows.length !== 1) throw new SlotTakenError();
  }

  // -------------------------------------------------------------------------------------------
  // Holds

  async holdSlot(slot: Slot, serviceIds: readonly string[]): Promise<Hold> {
    if (!this.holds) throw new NotSupportedError('holds');
    const services = this.resolveServices(serviceIds, 'serviceIds');
    const {providerId} = this.decodeSlot(slot, services);
    const id = `hold_${token(18)}`;
    const expires = this.clock() + this.clinic.booking.holdMinutes * MINUTE;
    const free = await this.db.transaction(async (q) => {
      const version = await this.lockCalendar(q, providerId);
      const s = await this.checkSlot(q, slot, services, {});
      await q.query(
        'INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, providerId, parseInstant(s.start), parseInstant(s.end), JSON.stringify(s), expires],
      );
      await this.bumpCalendar(q, providerId, version);
      return s;
    });
    return {id, slot: free, expiresAt: this.instant(expires)};
  }

  async releaseHold(holdId: string): Promise<void> {
    if (!this.holds) throw new NotSupportedError('holds');
    await this.db.query('DELETE FROM holds WHERE id = $1', [holdId]);
  }

  // -------------------------------------------------------------------------------------------
  // Deposits

  /** The deposit these services need (each its own, else the clinic's default), or null. */
  private depositFor(services: readonly Service[]): Money | null {
    if (this.payments === false) return null;
    const fallback = this.clinic.deposit?.defaultDeposit;
    let total = 0;
    for (const s of services) total += (s.deposit ?? fallback)?.amountMinor ?? 0;
    return total > 0 ? {amountMinor: total, currency: this.clinic.currency} : null;
  }

  private toPaymentIntent(row: PaymentIntentRow): PaymentIntent {
    return {id: row.id, amount: row.amount, provider: row.provider};
  }

  /**
   * The deposit's payment intent for this slot and these services, or null when none is due. The
   * same key and slot give the same intent; the same key for another slot or services gives 422
   * `idempotencyKey: invalid`.
   */
  async createDepositIntent(
    slot: Slot,
    serviceIds: readonly string[],
    idempotencyKey: string,
  ): Promise<PaymentIntent | null> {
    const provider = this.payments;
    if (provider === false) throw new NotSupportedError('payments');
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
      throw new ValidationError({idempotencyKey: 'required'});
    const services = this.resolveServices(serviceIds, 'serviceIds');
    this.decodeSlot(slot, services);
    const amount = this.depositFor(services);
    if (!amount) return null;
    const print = fingerprint({slot: slot.id, serviceIds});
    const id = `pi_${provider}_${token(18)}`;
    const earlier = async (): Promise<PaymentIntent> => {
      const [known] = await this.db.query<{fingerprint: string; result_id: string}>(
        'SELECT fingerprint, result_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
        ['deposit', idempotencyKey],
      );
      if (!known || known.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
      const [row] = await this.db.query<PaymentIntentRow>('SELECT * FROM payment_intents WHERE id = $1', [
        known.result_id,
      ]);
      if (!row) throw new ValidationError({idempotencyKey: 'invalid'});
      return this.toPaymentIntent(row);
    };
    const [seen] = await this.db.query('SELECT 1 FROM idempotency_keys WHERE scope = $1 AND key = $2', [
      'deposit',
      idempotencyKey,
    ]);
    if (seen) return earlier();
    try {
      return await this.db.transaction(async (q) => {
        // The key first: a concurrent twin with the same key waits here, then fails on the primary key.
        await q.query(
          'INSERT INTO idempotency_keys (scope, key, fingerprint, result_id) VALUES ($1, $2, $3, $4)',
          ['deposit', idempotencyKey, print, id],
        );
        const [row] = await q.query<PaymentIntentRow>(
          `INSERT INTO payment_intents (id, provider, fingerprint, amount, created_ms)
           VALUES ($1, $2, $3, $4, $5) RETURNING *`,
          [id, provider, print, JSON.stringify(amount), this.clock()],
        );
        return this.toPaymentIntent(row);
      });
    } catch (e) {
      if (isUniqueViolation(e)) return earlier();
      throw e;
    }
  }

  /**
   * The demo payment provider's confirmation step: "pays" a deposit intent with one of its two
   * test cards. `succeeds` pays it (again: nothing changes); `declined` leaves it unpaid and
   * answers 402 `payment-failed` (the patient may try again). Only when payments are `demo`.
   */
  async confirmDemoPayment(intentId: string, card: DemoTestCard): Promise<void> {
    if (this.payments !== 'demo') throw new NotSupportedError('payments');
    if (card !== 'succeeds' && card !== 'declined') throw new ValidationError({card: 'invalid'});
    const outcome = await this.db.transaction(async (q) => {
      const [row] = await q.query<PaymentIntentRow>(
        'SELECT * FROM payment_intents WHERE id = $1 FOR UPDATE',
        [typeof intentId === 'string' ? intentId : ''],
      );
      if (!row || row.provider !== 'demo') return 'not-found' as const;
      if (row.state === 'succeeded') return 'paid' as const;
      if (card === 'declined') {
        await q.query("UPDATE payment_intents SET state = 'failed' WHERE id = $1", [row.id]);
        return 'declined' as const;
      }
      await q.query("UPDATE payment_intents SET state = 'succeeded', paid_ms = $2 WHERE id = $1", [
        row.id,
        this.clock(),
      ]);
      return 'paid' as const;
    });
    if (outcome === 'not-found') throw new NotFoundError();
    if (outcome === 'declined') throw new PaymentFailedError();
  }

  // -------------------------------------------------------------------------------------------
  // Booking

  private validateDetails(
    details: PatientDetails | undefined,
    prefix: string,
  ): Record<string, FieldErrorCode> {
    return patientDetailsProblems(details, prefix, instantToPlainDate(this.clock(), this.clinic.timeZone));
  }

  /**
   * Books a slot. `replayed` is true when the idempotency key had already booked it (the same
   * appointment again). Exactly one of any number of concurrent bookings of one slot succeeds.
   */
  async book(
    ctx: CallContext,
    request: BookingRequest,
  ): Promise<{appointment: Appointment; replayed: boolean}> {
    const clinic = this.clinic;
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
    const live = await this.liveSession(ctx, true);
    if (!live && ctx.sessionToken && !request.patient) throw new NotSignedInError('session-expired');
    const signedIn = live?.patient;
    const details = signedIn ? undefined : request.patient;
    if (!signedIn && !details) throw new ValidationError({patient: 'required'});
    const print = fingerprint({
      slot: request.slot?.id,
      serviceIds: request.serviceIds,
      patient: signedIn ? signedIn.id : details,
    });
    const replay = await this.replay('book', key, print);
    if (replay) return {appointment: replay, replayed: true};

    const fields: Record<string, FieldErrorCode> = details ? this.validateDetails(details, 'patient.') : {};
    if (details && clinic.privacy.explicitConsent && request.privacyConsent !== true)
      fields.privacyConsent = 'consent-required';
    if (clinic.cancellation.acceptanceRequired && request.policyAccepted !== true)
      fields.policyAccepted = 'policy-required';
    const now = this.clock();
    let phoneTokenHash: string | undefined;
    if (details && clinic.booking.phoneVerification && SERVER_CAPABILITIES.smsCodes) {
      if (!request.phoneVerificationToken) fields.phoneVerificationToken = 'required';
      else {
        phoneTokenHash = sha(request.phoneVerificationToken);
        const [t] = await this.db.query<{phone: string; expires_ms: number; used: boolean}>(
          'SELECT * FROM phone_tokens WHERE token_hash = $1',
          [phoneTokenHash],
        );
        if (!t || t.used || num(t.expires_ms) <= now || t.phone !== details.phone?.trim())
          fields.phoneVerificationToken = 'invalid';
      }
    }
    let services: Service[] = [];
    let providerId = '';
    try {
      services = this.resolveServices(request.serviceIds, 'serviceIds');
      providerId = this.decodeSlot(request.slot, services).providerId;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      Object.assign(fields, e.fields);
    }
    // A deposit due: a paid intent for this very slot and these services, not used by another booking.
    const deposit = services.length > 0 ? this.depositFor(services) : null;
    let intent: PaymentIntentRow | undefined;
    if (deposit) {
      if (!request.paymentIntentId) fields.paymentIntentId = 'required';
      else {
        [intent] = await this.db.query<PaymentIntentRow>('SELECT * FROM payment_intents WHERE id = $1', [
          request.paymentIntentId,
        ]);
        if (
          !intent ||
          intent.appointment_id !== null ||
          intent.fingerprint !== fingerprint({slot: request.slot?.id, serviceIds: request.serviceIds}) ||
          intent.amount.amountMinor !== deposit.amountMinor ||
          intent.amount.currency !== deposit.currency
        )
          fields.paymentIntentId = 'invalid';
      }
    }
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    if (intent && intent.state !== 'succeeded') throw new PaymentFailedError();

    const appointmentId = `apt_${token(15)}`;
    try {
      const row = await this.db.transaction(async (q) => {
        // The key first: a concurrent twin with the same key waits here, then fails on the primary key.
        await q.query(
          'INSERT INTO idempotency_keys (scope, key, fingerprint, result_id) VALUES ($1, $2, $3, $4)',
          ['book', key, print, appointmentId],
        );
        const version = await this.lockCalendar(q, providerId);
        let ownHold: string | undefined;
        if (request.holdId) {
          const [hold] = await q.query<{id: string; slot: Slot; expires_ms: number}>(
            'SELECT id, slot, expires_ms FROM holds WHERE id = $1',
            [request.holdId],
          );
          if (hold && num(hold.expires_ms) > now && hold.slot.id === request.slot.id) ownHold = hold.id;
        }
        let free: Slot;
        try {
          free = await this.checkSlot(q, request.slot, services, {holdId: ownHold});
        } catch (e) {
          if (e instanceof SlotTakenError && request.holdId && !ownHold) throw new HoldExpiredError();
          throw e;
        }
        let patient = signedIn;
        if (!patient) {
          const d = details as PatientDetails;
          await q.query(
            `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email_key) DO NOTHING`,
            [
              `pat_${token(12)}`,
              emailKey(d.email),
              d.email.trim(),
              d.givenName.trim(),
              d.familyName.trim(),
              d.phone.trim(),
              d.dateOfBirth,
              d.language,
            ],
          );
          [patient] = await q.query<PatientRow>('SELECT * FROM patients WHERE email_key = $1', [
            emailKey(d.email),
          ]);
        }
        if (phoneTokenHash) {
          const used = await q.query(
            'UPDATE phone_tokens SET used = true WHERE token_hash = $1 AND NOT used RETURNING phone',
            [phoneTokenHash],
          );
          if (used.length !== 1) throw new ValidationError({phoneVerificationToken: 'invalid'});
        }
        if (ownHold) await q.query('DELETE FROM holds WHERE id = $1', [ownHold]);
        const apt = await this.insertAppointment(q, {
          id: appointmentId,
          patientId: patient.id,
          services,
          providerId: free.providerId,
          start: parseInstant(free.start),
          status: 'booked',
          locationId: free.locationId,
          depositPaid: intent?.amount,
        });
        if (intent) {
          // Used once: a concurrent booking with the same intent finds it taken and rolls back.
          const used = await q.query(
            `UPDATE payment_intents SET appointment_id = $1
              WHERE id = $2 AND appointment_id IS NULL AND state = 'succeeded' RETURNING id`,
            [apt.id, intent.id],
          );
          if (used.length !== 1) throw new ValidationError({paymentIntentId: 'invalid'});
        }
        await this.bumpCalendar(q, providerId, version);
        const language: Language =
          request.language === 'en' || request.language === 'es'
            ? request.language
            : (patient.language as Language);
        await this.send(
          q,
          language,
          'email',
          patient.email,
          'booking-confirmation',
          this.appointmentVars(apt, language, patient),
          {
            portal: this.linkBase,
          },
        );
        const phone = details?.phone?.trim() ?? patient.phone;
        if (phone && E164_RE.test(phone) && this.channelOn('sms'))
          await this.send(
            q,
            language,
            'sms',
            phone,
            'booking-confirmation',
            this.appointmentVars(apt, language, patient),
            {},
          );
        await this.audit(q, signedIn ? patient.id : 'anonymous', 'appointment.book', patient.id, apt.id);
        return apt;
      });
      return {appointment: this.toAppointment(row), replayed: false};
    } catch (e) {
      if (isUniqueViolation(e)) {
        // Either the key was used by a concurrent twin (replay it), or the unique index caught a
        // double booking the calendar lock should already have prevented.
        const again = await this.replay('book', key, print);
        if (again) return {appointment: again, replayed: true};
        throw new SlotTakenError(request.slot.id);
      }
      throw e;
    }
  }

  private async replay(scope: string, key: string, print: string): Promise<Appointment | null> {
    const [earlier] = await this.db.query<{fingerprint: string; result_id: string}>(
      'SELECT fingerprint, result_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (!earlier) return null;
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    const [row] = await this.db.query<AppointmentRow>('SELECT * FROM appointments WHERE id = $1', [
      earlier.result_id,
    ]);
    if (!row) throw new ValidationError({idempotencyKey: 'invalid'});
    return this.toAppointment(row);
  }

  private async insertAppointment(
    q: Queryable,
    a: {
      id?: string;
      patientId: string;
      services: readonly Service[];
      providerId: string;
      start: number;
      status: AppointmentStatus;
      locationId?: string;
      forms?: {questionnaire?: VisitItemState; consent?: VisitItemState};
      cancellation?: CancellationInfo;
      /** The deposit paid when it was booked. */
      depositPaid?: Money;
      /** Seeded appointments start with no reminder sent: the nearest due one goes out first. */
      seeded?: boolean;
    },
  ): Promise<AppointmentRow> {
    const id = a.id ?? `apt_${token(15)}`;
    const mode = a.services[0]?.mode ?? 'in-person';
    const row: AppointmentRow = {
      id,
      patient_id: a.patientId,
      status: a.status,
      start_ms: a.start,
      end_ms: a.start + this.durationWith(a.services, a.providerId) * MINUTE,
      service_ids: a.services.map((s) => s.id),
      provider_id: a.providerId,
      mode,
      location_id: mode === 'video' ? null : (a.locationId ?? null),
      items: this.visitItems(id, a.services, a.forms),
      cancellation: a.cancellation ?? null,
      deposit_paid: a.depositPaid ?? null,
      version: 1,
    };
    await q.query(
      `INSERT INTO appointments (id, patient_id, status, start_ms, end_ms, service_ids, provider_id, mode, location_id,
         items, cancellation, room, deposit_paid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        row.id,
        row.patient_id,
        row.status,
        row.start_ms,
        row.end_ms,
        JSON.stringify(row.service_ids),
        row.provider_id,
        row.mode,
        row.location_id,
        JSON.stringify(row.items),
        row.cancellation ? JSON.stringify(row.cancellation) : null,
        `portal-${randomBytes(10).toString('hex')}`,
        row.deposit_paid ? JSON.stringify(row.deposit_paid) : null,
      ],
    );
    if (!a.seeded) await this.skipPastReminders(q, row.id, row.start_ms);
    return row;
  }

  /** A reminder whose time passed before the appointment was made (or moved) is never sent. */
  private async skipPastReminders(q: Queryable, appointmentId: string, start: number): Promise<void> {
    const now = this.clock();
    for (const h of this.clinic.reminders.offeredHours) {
      if (start - h * HOUR < now)
        await q.query(
          'INSERT INTO reminders_sent (appointment_id, hours, at_ms, skipped) VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING',
          [appointmentId, h, now],
        );
    }
  }

  private visitItems(
    id: string,
    services: readonly Service[],
    forms: {questionnaire?: VisitItemState; consent?: VisitItemState} = {},
  ): VisitItem[] {
    const items: VisitItem[] = [];
    const attached = this.data.visitForms ?? {};
    for (const s of services) {
      const f = attached[s.id];
      if (f?.questionnaire)
        items.push({
          id: `${id}-${s.id}-q`,
          kind: 'questionnaire',
          phase: 'before',
          title: f.questionnaire,
          state: forms.questionnaire ?? 'to-do',
        });
      if (f?.consent)
        items.push({
          id: `${id}-${s.id}-c`,
          kind: 'consent',
          phase: 'before',
          title: f.consent,
          state: forms.consent ?? 'to-do',
        });
      if (s.preVisitInstructions)
        items.push({
          id: `${id}-${s.id}-pre`,
          kind: 'instructions',
          phase: 'before',
          title: s.name,
          state: 'info',
          body: s.preVisitInstructions,
        });
      if (s.postVisitInstructions)
        items.push({
          id: `${id}-${s.id}-post`,
          kind: 'instructions',
          phase: 'after',
          title: s.name,
          state: 'info',
          body: s.postVisitInstructions,
        });
    }
    return items;
  }

  toAppointment(a: AppointmentRow): Appointment {
    const now = this.clock();
    const start = num(a.start_ms);
    const end = num(a.end_ms);
    const clinic = this.clinic;
    const caps = this.capabilities();
    const services = a.service_ids.map((id) => this.service(id)).filter((s): s is Service => s !== undefined);
    const provider = this.data.catalog.providers.find((p) => p.id === a.provider_id);
    const active = ACTIVE.has(a.status);
    const before = active && now < start;
    const tele = clinic.telehealth;
    const opensAt = tele ? start - tele.opensMinutesBefore * MINUTE : start;
    const actions: AppointmentActions = {
      confirm: caps.confirm && before && a.status !== 'confirmed',
      cancel: caps.cancel && before,
      reschedule: caps.reschedule && before,
      join: caps.telehealth && a.mode === 'video' && active && now >= opensAt && now < end,
      addToCalendar: active && now < end,
    };
    const started = now >= start && (a.status === 'fulfilled' || active);
    const location = a.location_id ? clinic.locations.find((l) => l.id === a.location_id) : undefined;
    return {
      id: a.id,
      status: a.status,
      start: this.instant(start),
      end: this.instant(end),
      services: services.map((s) => ({id: s.id, name: s.name})),
      providerId: a.provider_id,
      providerName: provider?.name ?? '',
      mode: a.mode,
      actions,
      items: a.items.filter((i) => i.phase === 'before' || started),
      ...(location ? {location} : {}),
      ...(a.mode === 'video' && tele
        ? {video: {provider: tele.provider, opensAt: this.instant(opensAt)}}
        : {}),
      ...(a.cancellation ? {cancellation: a.cancellation} : {}),
      ...(a.deposit_paid ? {depositPaid: a.deposit_paid} : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Appointments

  private async ownAppointment(
    ctx: CallContext,
    id: string,
  ): Promise<{live: LiveSession; row: AppointmentRow}> {
    const live = await this.requirePatient(ctx);
    const [row] = await this.db.query<AppointmentRow>(
      'SELECT * FROM appointments WHERE id = $1 AND patient_id = $2',
      [id, live.patient.id],
    );
    if (!row) throw new NotFoundError();
    return {live, row};
  }

  private canChange(a: AppointmentRow): boolean {
    return ACTIVE.has(a.status) && this.clock() < num(a.start_ms);
  }

  async listAppointments(ctx: CallContext, query: AppointmentQuery): Promise<Page<Appointment>> {
    const {patient} = await this.requirePatient(ctx);
    const {fields, from, to, limit} = readAppointmentQuery(query);
    let offset = 0;
    if (query.cursor !== undefined) {
      const m = /^c([0-9a-z]+)\.([0-9A-Za-z_-]+)$/.exec(query.cursor);
      offset = m ? parseInt(m[1], 36) : NaN;
      if (!m || !Number.isSafeInteger(offset) || m[2] !== this.cursorCheck(patient.id, offset))
        fields.cursor = 'invalid';
    }
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const now = this.clock();
    const statuses = query.statuses ? new Set(query.statuses) : undefined;
    const rows = await this.db.query<AppointmentRow>('SELECT * FROM appointments WHERE patient_id = $1', [
      patient.id,
    ]);
    const all = rows.filter((a) => {
      const upcoming = ACTIVE.has(a.status) && num(a.end_ms) > now;
      if (query.when === 'upcoming' && !upcoming) return false;
      if (query.when === 'past' && upcoming) return false;
      if (statuses && !statuses.has(a.status)) return false;
      return num(a.start_ms) >= from && num(a.start_ms) < to;
    });
    const dir = query.when === 'past' ? -1 : 1;
    all.sort((a, b) => dir * (num(a.start_ms) - num(b.start_ms)) || (a.id < b.id ? -1 : 1));
    const items = all.slice(offset, offset + limit).map((a) => this.toAppointment(a));
    await this.audit(this.db, patient.id, 'appointment.list', patient.id);
    const next = offset + limit;
    return next < all.length
      ? {items, total: all.length, nextCursor: `c${next.toString(36)}.${this.cursorCheck(patient.id, next)}`}
      : {items, total: all.length};
  }

  private cursorCheck(patientId: string, offset: number): string {
    return createHmac('sha256', this.secret)
      .update(`cursor\u0000${patientId}\u0000${offset}`)
      .digest('base64url')
      .slice(0, 10);
  }

  async getAppointment(ctx: CallContext, id: string): Promise<Appointment> {
    const {live, row} = await this.ownAppointment(ctx, id);
    await this.audit(this.db, live.patient.id, 'appointment.read', live.patient.id, row.id);
    return this.toAppointment(row);
  }

  /** Applies a change to one appointment if its version is still the one read. */
  private async update(
    q: Queryable,
    row: AppointmentRow,
    set: {status?: AppointmentStatus; cancellation?: CancellationInfo},
  ): Promise<AppointmentRow> {
    const [updated] = await q.query<AppointmentRow>(
      `UPDATE appointments SET status = COALESCE($3, status), cancellation = COALESCE($4, cancellation), version = version + 1
        WHERE id = $1 AND version = $2 RETURNING *`,
      [row.id, row.version, set.status ?? null, set.cancellation ? JSON.stringify(set.cancellation) : null],
    );
    if (!updated) throw new PortalError('server', 'changed concurrently');
    return updated;
  }

  async confirmAppointment(ctx: CallContext, id: string): Promise<Appointment> {
    const {live, row} = await this.ownAppointment(ctx, id);
    if (!this.canChange(row)) throw new ForbiddenError();
    const updated = row.status === 'confirmed' ? row : await this.update(this.db, row, {status: 'confirmed'});
    await this.audit(this.db, live.patient.id, 'appointment.confirm', live.patient.id, row.id);
    return this.toAppointment(updated);
  }

  private quote(a: AppointmentRow): CancellationQuote {
    const policy = this.clinic.cancellation;
    const windowStart = num(a.start_ms) - policy.windowHours * HOUR;
    const late = this.clock() >= windowStart;
    return late && policy.lateFee
      ? {late, fee: {...policy.lateFee}, windowStart: this.instant(windowStart)}
      : {late, windowStart: this.instant(windowStart)};
  }

  async cancellationQuote(ctx: CallContext, id: string): Promise<CancellationQuote> {
    const {row} = await this.ownAppointment(ctx, id);
    if (!this.canChange(row)) throw new ForbiddenError();
    return this.quote(row);
  }

  async cancelAppointment(ctx: CallContext, request: CancelRequest): Promise<Appointment> {
    const {live, row} = await this.ownAppointment(ctx, request.appointmentId);
    if (row.status === 'cancelled') return this.toAppointment(row);
    if (!this.canChange(row)) throw new ForbiddenError();
    this.checkReason(request.reasonId, request.note);
    const updated = await this.db.transaction((tx) =>
      this.cancelIn(tx, row, live.patient, request.reasonId, request.note, live.patient.id),
    );
    return this.toAppointment(updated);
  }

  private checkReason(reasonId: string | undefined, note: string | undefined): void {
    if (!reasonId) throw new ValidationError({reasonId: 'required'});
    const reason = this.data.cancellationReasons.find((r) => r.id === reasonId);
    if (!reason) throw new ValidationError({reasonId: 'invalid'});
    if (typeof note === 'string' && codePoints(note) > NOTE_MAX)
      throw new ValidationError({note: 'too-long'});
    if (reason.needsText && (typeof note !== 'string' || note.trim() === ''))
      throw new ValidationError({note: 'required'});
  }

  private async cancelIn(
    tx: Queryable,
    row: AppointmentRow,
    patient: PatientRow,
    reasonId: string,
    note: string | undefined,
    actor: string,
  ): Promise<AppointmentRow> {
    const q = this.quote(row);
    const cancellation: CancellationInfo = {
      reasonId,
      at: this.instant(this.clock()),
      by: 'patient',
      ...(note !== undefined && note.trim() !== '' ? {note} : {}),
      ...(q.fee ? {fee: q.fee} : {}),
    };
    const u = await this.update(tx, row, {status: 'cancelled', cancellation});
    const lang = patient.language === 'en' ? 'en' : 'es';
    await this.send(
      tx,
      lang,
      'email',
      patient.email,
      'cancellation',
      this.appointmentVars(u, lang, patient),
      {
        portal: this.linkBase,
      },
    );
    await this.audit(tx, actor, 'appointment.cancel', patient.id, row.id);
    return u;
  }

  // -------------------------------------------------------------------------------------------
  // Reminders and reminder links

  /**
   * Sends the reminders due now (72/24/1 h before, as each patient chose), once each: an email
   * with confirm and cancel links (single-use tokens in the URL fragment). When several are due at
   * once only one goes out. Resolves to how many were sent.
   */
  async sendDueReminders(): Promise<number> {
    const now = this.clock();
    const rules = this.clinic.reminders;
    const rows = await this.db.query<AppointmentRow>(
      `SELECT * FROM appointments WHERE status IN ('pending', 'booked', 'confirmed') AND start_ms > $1
        AND start_ms <= $2 ORDER BY start_ms`,
      [now, now + Math.max(...rules.offeredHours) * HOUR],
    );
    let sent = 0;
    for (const apt of rows) {
      const [patient] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [
        apt.patient_id,
      ]);
      if (!patient) continue;
      const hours = rules.patientChoosesTimes ? this.prefsOf(patient).hours : rules.offeredHours;
      const due = hours.filter((h) => now >= num(apt.start_ms) - h * HOUR);
      if (due.length === 0) continue;
      const done = await this.db.transaction(async (q) => {
        let claimed = 0;
        for (const h of due) {
          const r = await q.query(
            'INSERT INTO reminders_sent (appointment_id, hours, at_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING hours',
            [apt.id, h, now],
          );
          claimed += r.length;
        }
        if (claimed === 0) return false;
        const links: Record<string, string> = {};
        for (const action of ['confirm', 'cancel'] as const) {
          if (action === 'confirm' && (!SERVER_CAPABILITIES.confirm || apt.status === 'confirmed')) continue;
          if (action === 'cancel' && !SERVER_CAPABILITIES.cancel) continue;
          const t = token();
          await q.query(
            'INSERT INTO reminder_tokens (token_hash, appointment_id, action) VALUES ($1, $2, $3)',
            [sha(t), apt.id, action],
          );
          links[action] = `${this.linkBase}#portal-reminder=${t}`;
        }
        const lang = patient.language === 'en' ? 'en' : 'es';
        const vars = this.appointmentVars(apt, lang, patient);
        await this.send(q, lang, 'email', patient.email, 'reminder', vars, links);
        // SMS and voice reminders carry no links: they cannot confirm or cancel.
        for (const phone of this.prefsOf(patient).phones) {
          if (phone.sms && this.channelOn('sms'))
            await this.send(q, lang, 'sms', phone.number, 'reminder', vars, {});
          if (phone.voice && this.channelOn('voice'))
            await this.send(q, lang, 'voice', phone.number, 'reminder', vars, {});
        }
        return true;
      });
      if (done) sent++;
    }
    return sent;
  }

  private async reminderTarget(
    q: Queryable,
    tokenValue: string,
  ): Promise<{action: 'confirm' | 'cancel'; hash: string; row: AppointmentRow; patient: PatientRow}> {
    const hash = sha(typeof tokenValue === 'string' ? tokenValue : '');
    const [record] = await q.query<{appointment_id: string; action: 'confirm' | 'cancel'; used: boolean}>(
      'SELECT * FROM reminder_tokens WHERE token_hash = $1',
      [hash],
    );
    const [row] = record
      ? await q.query<AppointmentRow>('SELECT * FROM appointments WHERE id = $1', [record.appointment_id])
      : [];
    if (!record || !row || record.used || !this.canChange(row)) throw new InvalidLinkError();
    const [patient] = await q.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [row.patient_id]);
    if (!patient) throw new InvalidLinkError();
    return {action: record.action, hash, row, patient};
  }

  async resolveReminderToken(tokenValue: string): Promise<ReminderTokenInfo> {
    const {action, row} = await this.reminderTarget(this.db, tokenValue);
    return {action, appointment: this.toAppointment(row), withoutSignIn: true};
  }

  async applyReminderAction(request: ReminderActionRequest): Promise<Appointment> {
    const updated = await this.db.transaction(async (q) => {
      const {action, hash, row, patient} = await this.reminderTarget(q, request.token);
      if (action === 'cancel') this.checkReason(request.reasonId, request.note);
      // Claim the token first: of two concurrent uses, one wins.
      const claimed = await q.query(
        'UPDATE reminder_tokens SET used = true WHERE token_hash = $1 AND NOT used RETURNING token_hash',
        [hash],
      );
      if (claimed.length !== 1) throw new InvalidLinkError();
      if (action === 'confirm') {
        const u = row.status === 'confirmed' ? row : await this.update(q, row, {status: 'confirmed'});
        await this.audit(q, 'reminder-link', 'appointment.confirm', patient.id, row.id);
        return u;
      }
      return this.cancelIn(q, row, patient, request.reasonId as string, request.note, 'reminder-link');
    });
    return this.toAppointment(updated);
  }

  async rescheduleAppointment(ctx: CallContext, request: RescheduleRequest): Promise<Appointment> {
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
    const {live, row} = await this.ownAppointment(ctx, request.appointmentId);
    const print = fingerprint({appointmentId: row.id, slot: request.slot?.id});
    const replay = await this.replay('reschedule', key, print);
    if (replay) return replay;
    if (!this.canChange(row)) throw new ForbiddenError();
    const services = row.service_ids.map((id) => this.service(id) as Service);
    const sameServices =
      Array.isArray(request.slot?.serviceIds) &&
      request.slot.serviceIds.length === row.service_ids.length &&
      request.slot.serviceIds.every((s, i) => s === row.service_ids[i]);
    if (!request.slot || !sameServices) throw new ValidationError({slot: 'invalid'});
    const {providerId} = this.decodeSlot(request.slot, services);
    try {
      const moved = await this.db.transaction(async (q) => {
        await q.query(
          'INSERT INTO idempotency_keys (scope, key, fingerprint, result_id) VALUES ($1, $2, $3, $4)',
          ['reschedule', key, print, row.id],
        );
        const version = await this.lockCalendar(q, providerId);
        const free = await this.checkSlot(q, request.slot, services, {appointmentId: row.id});
        const [updated] = await q.query<AppointmentRow>(
          `UPDATE appointments SET start_ms = $3, end_ms = $4, provider_id = $5, location_id = $6, status = 'booked',
             version = version + 1
            WHERE id = $1 AND version = $2 RETURNING *`,
          [
            row.id,
            row.version,
            parseInstant(free.start),
            parseInstant(free.end),
            free.providerId,
            free.locationId ?? null,
          ],
        );
        if (!updated) throw new SlotTakenError(request.slot.id);
        await this.bumpCalendar(q, providerId, version);
        await q.query('DELETE FROM reminders_sent WHERE appointment_id = $1', [row.id]);
        await this.skipPastReminders(q, row.id, num(updated.start_ms));
        const lang = live.patient.language === 'en' ? 'en' : 'es';
        await this.send(
          q,
          lang,
          'email',
          live.patient.email,
          'reschedule',
          this.appointmentVars(updated, lang, live.patient),
          {portal: this.linkBase},
        );
        await this.audit(q, live.patient.id, 'appointment.reschedule', live.patient.id, row.id);
        return updated;
      });
      return this.toAppointment(moved);
    } catch (e) {
      if (isUniqueViolation(e)) {
        const again = await this.replay('reschedule', key, print);
        if (again) return again;
        throw new SlotTakenError(request.slot.id);
      }
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reminder preferences

  /** The saved preferences (with only the channels this server offers), or the clinic's default. */
  private prefsOf(p: PatientRow): ReminderPreferences {
    if (p.prefs && emailKey(p.prefs.email) === emailKey(p.email)) {
      return {
        ...p.prefs,
        phones: p.prefs.phones.map((ph) => ({
          ...ph,
          sms: ph.sms && this.channelOn('sms'),
          voice: ph.voice && this.channelOn('voice'),
        })),
      };
    }
    const phones = p.phone
      ? [
          {
            number: p.phone as E164,
            country: countryOfE164(p.phone, this.clinic.country) ?? this.clinic.country,
            sms: this.channelOn('sms'),
            voice: false,
          },
        ]
      : [];
    return {email: p.email, phones, hours: [...this.clinic.reminders.offeredHours]};
  }

  private channelOn(channel: 'sms' | 'voice'): boolean {
    return (
      SERVER_CAPABILITIES.reminderChannels.includes(channel) &&
      this.clinic.reminders.channels.includes(channel)
    );
  }

  async getReminderPreferences(ctx: CallContext): Promise<ReminderPreferences> {
    const {patient} = await this.requirePatient(ctx);
    await this.audit(this.db, patient.id, 'preferences.read', patient.id);
    return this.prefsOf(patient);
  }

  async saveReminderPreferences(
    ctx: CallContext,
    preferences: ReminderPreferences,
  ): Promise<ReminderPreferences> {
    const {patient} = await this.requirePatient(ctx);
    const rules = this.clinic.reminders;
    const fields: Record<string, FieldErrorCode> = {};
    if (emailKey(preferences.email ?? '') !== emailKey(patient.email)) fields.email = 'invalid';
    const phones = Array.isArray(preferences.phones) ? preferences.phones : [];
    if (phones.length > rules.maxPhones) fields.phones = 'too-many';
    const seen = new Set<string>();
    phones.forEach((p, i) => {
      const number = typeof p?.number === 'string' ? p.number.trim() : '';
      if (!E164_RE.test(number)) fields[`phones.${i}`] = number === '' ? 'required' : 'invalid-phone';
      else if (seen.has(number)) fields[`phones.${i}`] = 'duplicate';
      else if ((p.sms && !this.channelOn('sms')) || (p.voice && !this.channelOn('voice')))
        fields[`phones.${i}`] = 'invalid';
      seen.add(number);
    });
    const hours = Array.isArray(preferences.hours) ? preferences.hours : [];
    if (!hours.every((h) => rules.offeredHours.includes(h)) || new Set(hours).size !== hours.length)
      fields.hours = 'invalid';
    else if (!rules.patientChoosesTimes && hours.length !== rules.offeredHours.length)
      fields.hours = 'invalid';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const saved: ReminderPreferences = {
      email: patient.email,
      phones: phones.map((p) => ({
        number: p.number.trim() as E164,
        country: /^[A-Z]{2}$/.test(p.country ?? '')
          ? p.country
          : (countryOfE164(p.number, this.clinic.country) ?? this.clinic.country),
        sms: p.sms === true,
        voice: p.voice === true,
      })),
      hours: [...hours].sort((a, b) => b - a),
    };
    await this.db.query('UPDATE patients SET prefs = $2 WHERE id = $1', [patient.id, JSON.stringify(saved)]);
    await this.audit(this.db, patient.id, 'preferences.write', patient.id);
    return saved;
  }

  /** A test reminder on one channel, to the address or the phones that have it (one every 30 s). */
  async sendTestReminder(ctx: CallContext, channel: 'email' | 'sms' | 'voice'): Promise<void> {
    if (channel !== 'email' && !this.channelOn(channel))
      throw new NotSupportedError(`reminderChannels.${channel}`);
    const {patient} = await this.requirePatient(ctx);
    const prefs = this.prefsOf(patient);
    const targets =
      channel === 'email'
        ? [patient.email]
        : prefs.phones.filter((p) => (channel === 'sms' ? p.sms : p.voice)).map((p) => p.number);
    if (targets.length === 0) throw new ValidationError({phones: 'required'});
    const now = this.clock();
    await this.db.transaction(async (q) => {
      const [last] = await q.query<{at_ms: number}>(
        'SELECT at_ms FROM test_reminders WHERE patient_id = $1 AND channel = $2 FOR UPDATE',
        [patient.id, channel],
      );
      if (last && now - num(last.at_ms) < TEST_REMINDER_INTERVAL)
        throw new RateLimitedError(Math.ceil((num(last.at_ms) + TEST_REMINDER_INTERVAL - now) / 1000));
      await q.query(
        `INSERT INTO test_reminders (patient_id, channel, at_ms) VALUES ($1, $2, $3)
         ON CONFLICT (patient_id, channel) DO UPDATE SET at_ms = EXCLUDED.at_ms`,
        [patient.id, channel, now],
      );
      const lang = patient.language === 'en' ? 'en' : 'es';
      for (const to of targets)
        await this.send(q, lang, channel, to, 'test-reminder', {name: patient.given_name}, {});
      await this.audit(q, patient.id, 'preferences.test', patient.id);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Telehealth

  /** The video visit's state; the room's links only while it is open (from `opensMinutesBefore` to the end). */
  async getVideoJoin(ctx: CallContext, appointmentId: string): Promise<VideoJoin> {
    const tele = this.clinic.telehealth;
    if (!tele) throw new NotSupportedError('telehealth');
    const {live, row} = await this.ownAppointment(ctx, appointmentId);
    if (row.mode !== 'video') throw new NotFoundError();
    const now = this.clock();
    const start = num(row.start_ms);
    const end = num(row.end_ms);
    const opens = start - tele.opensMinutesBefore * MINUTE;
    const state: VideoVisitState =
      row.status === 'cancelled'
        ? 'cancelled'
        : now < opens
          ? 'not-open'
          : now < start
            ? 'open'
            : now < end && ACTIVE.has(row.status)
              ? 'in-progress'
              : 'ended';
    const join: VideoJoin = {
      state,
      provider: tele.provider,
      opensAt: this.instant(opens),
      endsAt: this.instant(end),
    };
    await this.audit(this.db, live.patient.id, 'appointment.video', live.patient.id, row.id);
    if (state !== 'open' && state !== 'in-progress') return join;
    const base = this.data.videoRoomBase ?? 'https://meet.jit.si/';
    const room = `${base.endsWith('/') ? base : `${base}/`}${row.room ?? row.id}`;
    return {...join, appUrl: room, webUrl: `${room}#config.disableDeepLinking=true`};
  }

  // -------------------------------------------------------------------------------------------
  // Messages and audit

  /** An appointment's placeholders (`server/messages.ts` MESSAGE_PLACEHOLDERS), for its patient. */
  private appointmentVars(
    a: AppointmentRow,
    lang: Language,
    patient: Pick<PatientRow, 'given_name'>,
  ): Record<string, string> {
    const services = a.service_ids.map((id) => this.service(id)?.name[lang] ?? id).join(', ');
    const provider = this.data.catalog.providers.find((p) => p.id === a.provider_id)?.name ?? '';
    const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: this.clinic.timeZone,
    }).format(num(a.start_ms));
    return {
      name: patient.given_name,
      services,
      provider,
      when,
      zone: this.data.timeZoneLabel?.[lang] ?? this.clinic.timeZone,
    };
  }

  private async send(
    q: Queryable,
    language: Language,
    channel: OutboxMessage['channel'],
    to: string,
    kind: MessageKind,
    vars: Record<string, string>,
    links: Record<string, string>,
    code?: string,
  ): Promise<void> {
    const {subject, text} = composeMessage(
      kind,
      language,
      {clinic: this.clinic.name, phone: this.clinic.phone, ...vars},
      links,
      {channel, templates: this.data.messages},
    );
    await q.query(
      `INSERT INTO outbox (id, channel, recipient, at, language, kind, subject, body, links, code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        `msg_${token(12)}`,
        channel,
        to,
        this.instant(this.clock()),
        language,
        kind,
        subject,
        text,
        JSON.stringify(links),
        code ?? null,
      ],
    );
  }

  /** Everything sent so far, oldest first (the development outbox; tests read it). */
  async outbox(): Promise<OutboxMessage[]> {
    const rows = await this.db.query<{
      id: string;
      channel: OutboxMessage['channel'];
      recipient: string;
      at: string;
      language: Language;
      kind: OutboxMessage['kind'];
      subject: string;
      body: string;
      links: Record<string, string>;
      code: string | null;
    }>('SELECT * FROM outbox ORDER BY seq');
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      to: r.recipient,
      at: r.at,
      language: r.language,
      kind: r.kind,
      subject: r.subject,
      text: r.body,
      links: r.links,
      ...(r.code ? {code: r.code} : {}),
    }));
  }

  private async audit(
    q: Queryable,
    actor: string,
    action: string,
    patientId?: string,
    appointmentId?: string,
  ): Promise<void> {
    await q.query(
      'INSERT INTO audit_log (at_ms, actor, action, patient_id, appointment_id) VALUES ($1, $2, $3, $4, $5)',
      [this.clock(), actor, action, patientId ?? null, appointmentId ?? null],
    );
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
