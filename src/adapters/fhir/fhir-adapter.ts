/**
 * The FHIR R4 adapter (`backend="fhir:<base url>"`): the clinic, its catalog and its availability
 * read from a FHIR server's Organization, Location, HealthcareService, PractitionerRole, Schedule
 * and Slot resources; booking as Slot updates with `If-Match` (two patients never get one slot) and
 * an Appointment created conditionally on the booking intent's identifier (a retried request
 * yields one appointment); the patient's appointments listed, confirmed (their participant status
 * `accepted`), rescheduled (the same Appointment moved with `If-Match`, the new Slots taken first,
 * the old ones freed) and cancelled (`cancelationReason`, slots freed). Every clinic rule comes from
 * `domain/rules/`; this folder only maps FHIR.
 *
 * What a FHIR server does not offer is declared off in {@link FhirAdapter.getCapabilities} and
 * rejects with `NotSupportedError`: password sign-in and accounts (patients sign in with SMART on
 * FHIR), SMS codes, payments, holds, reminder links
 * and test reminders.
 *
 * Sessions: SMART on FHIR standalone patient launch (authorization code + PKCE, in a popup:
 * {@link FhirAdapter.startExternalSignIn}; `smart.ts`); the access token, refresh token and Patient
 * id live in memory only ({@link FhirAdapter.useToken}), the access token refreshed before it
 * expires.
 */
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  NotSignedInError,
  NotSupportedError,
  SlotTakenError,
  ValidationError,
  type AdapterEvents,
  type AppointmentQuery,
  type Availability,
  type AvailabilityQuery,
  type BookingRequest,
  type CancelRequest,
  type Capabilities,
  type FormRef,
  type InvoicePdfFormat,
  type FieldErrorCode,
  type Hold,
  type HoldOptions,
  type PortalAdapter,
  type RequestOptions,
  type RescheduleRequest,
  type ServerTime,
  type UploadOptions,
} from '../adapter.js';
import type {DocumentQuery, DocumentUpload} from '../../domain/documents.js';
import {
  bookingFingerprint,
  canChange,
  cancellationQuote,
  checkCancelReason,
  checkReminderPreferences,
  checkRescheduleSlot,
  decodeSlot,
  durationWith,
  isUpcoming,
  patientCancellation,
  patientDetailsProblems,
  bookingTermsProblems,
  readAppointmentQuery,
  readAvailabilityQuery,
  reminderPreferencesOf,
  rescheduleFingerprint,
  resolveServices,
  servicesIn,
  slotsFor,
  toAppointment,
  videoJoin,
  visitItems,
  type AppointmentFacts,
  type ClinicData,
} from '../../domain/rules/index.js';
import {sessionLive} from '../../domain/rules/session.js';
import {instantToPlainDate, toInstantString} from '../../domain/time.js';
import type {ConsentSignRequest, QuestionnaireResponse} from '../../domain/forms.js';
import {orderPeople, proxyAllows, type PortalPerson, type ProxyScope} from '../../domain/rules/proxy.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Page,
  PatientDetails,
  ReminderPreferences,
  Session,
  Slot,
  VideoJoin,
} from '../../domain/types.js';
import {loadClinic, type FhirClinic} from './clinic.js';
import {FhirHttp} from './http.js';
import {
  EXT,
  SYSTEM,
  ext,
  moneyFromFhir,
  moneyToFhir,
  type Extension,
  type Reference,
  type Resource,
} from './profile.js';
import {readSlot, withFreeTime, type FhirSlot} from './slots.js';
import type {SmartConfig} from './smart.js';

/** SMART on FHIR (discovery, PKCE, the popup, tokens): a chunk of its own, loaded at sign-in. */
const smart = () => import('./smart.js');

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface FhirAdapterOptions {
  /** The FHIR R4 base, e.g. `https://ehr.example/fhir/R4`. */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  readonly events?: AdapterEvents;
  /** The server's clock (epoch ms). Default: this device's clock. */
  readonly clock?: () => number;
  /** The name on "Sign in with …" (default: the clinic's name). */
  readonly ehrName?: string;
  readonly timeoutMs?: number;
  readonly retryBaseMs?: number;
  /** The session ends after this many idle minutes (default 15), as every backend's does. */
  readonly idleMinutes?: number;
  /** SMART client id registered with the clinic's authorization server (default `patient-portal-elements`). */
  readonly clientId?: string;
  /**
   * Where the authorization server returns the patient: a page of this page's origin (default:
   * this page's address without query or fragment). Read by this page from the popup, then closed.
   */
  readonly redirectUri?: string;
  /** The SMART scopes asked for (default `DEFAULT_SCOPE` of `smart.ts`). */
  readonly scope?: string;
}

/** What a SMART token response gives the adapter (RFC 6749 + SMART's `patient`). */
export interface SmartToken {
  readonly access_token: string;
  /** The signed-in patient's Patient id (SMART launch context). */
  readonly patient: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  /** Where `refresh_token` is spent (from discovery). */
  readonly token_endpoint?: string;
}

interface SessionState {
  readonly id: string;
  token: string;
  readonly patientId: string;
  expiresAt?: number;
  refreshToken?: string;
  tokenEndpoint?: string;
  /** Sign-in: the session ends `SESSION_LIMITS.absoluteMs` after it, refreshed tokens or not. */
  readonly startedAt: number;
  lastUsed: number;
  session: Session;
}

export class FhirAdapter implements PortalAdapter {
  readonly kind = 'fhir';
  readonly demo = false;
  private readonly http: FhirHttp;
  private readonly clock: () => number;
  private clinicPromise?: Promise<FhirClinic>;
  private state: SessionState | null = null;

  constructor(private readonly options: FhirAdapterOptions) {
    this.clock = options.clock ?? Date.now;
    this.http = new FhirHttp({
      baseUrl: options.baseUrl,
      ...(options.fetch ? {fetch: options.fetch} : {}),
      ...(options.timeoutMs ? {timeoutMs: options.timeoutMs} : {}),
      ...(options.retryBaseMs !== undefined ? {retryBaseMs: options.retryBaseMs} : {}),
      token: () => this.state?.token,
      prepare: (signal) => this.refreshIfDue(signal),
      onUnauthorized: () => this.lose('session-expired'),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // SMART on FHIR sign-in (smart.ts)

  private smartConfig?: Promise<SmartConfig>;
  private refreshing?: Promise<void>;

  private config(signal?: AbortSignal): Promise<SmartConfig> {
    if (!this.smartConfig) {
      this.smartConfig = smart().then((m) =>
        m.discover(this.http.base, this.options.fetch ?? fetch.bind(globalThis), signal),
      );
      this.smartConfig.catch(() => (this.smartConfig = undefined));
    }
    return this.smartConfig;
  }

  /**
   * Starts a SMART authorization: the URL to send the patient to, and `complete` for the URL the
   * server sends them back to (the code is exchanged, the session starts). For hosts and tests that
   * drive the redirect themselves; {@link startExternalSignIn} runs it in a popup.
   */
  async beginSignIn(
    redirectUri = this.defaultRedirect(),
    options: RequestOptions = {},
  ): Promise<{url: string; complete(returnedTo: string, options?: RequestOptions): Promise<Session>}> {
    const config = await this.config(options.signal);
    const m = await smart();
    const auth = await m.authorization({
      base: this.http.base,
      config,
      clientId: this.options.clientId ?? 'patient-portal-elements',
      redirectUri,
      scope: this.options.scope ?? m.DEFAULT_SCOPE,
      fetcher: this.options.fetch ?? fetch.bind(globalThis),
    });
    return {
      url: auth.url,
      complete: async (returnedTo, o: RequestOptions = {}) => {
        const token = await auth.finish(returnedTo, o.signal);
        return this.useToken({...token, token_endpoint: config.token_endpoint}, o);
      },
    };
  }

  private defaultRedirect(): string {
    const here = new URL(globalThis.location?.href ?? this.http.base);
    return `${here.origin}${here.pathname}`;
  }

  /**
   * "Sign in with …" (`<patient-login>` calls it from the click): the SMART authorization in a
   * popup window; resolves with the session, or `null` if the patient closed the popup.
   */
  async startExternalSignIn(options: RequestOptions = {}): Promise<Session | null> {
    // Opened now, inside the patient's click, so the browser does not block it.
    const popup = globalThis.open?.('', 'portal-smart-sign-in', 'popup,width=520,height=720');
    if (!popup) throw new NotSupportedError('sign-in-popup');
    try {
      const begun = await this.beginSignIn(this.defaultRedirect(), options);
      const returnedTo = await (
        await smart()
      ).runInPopup(popup, {url: begun.url, redirectUri: this.defaultRedirect()}, options.signal);
      return returnedTo === null ? null : await begun.complete(returnedTo, options);
    } finally {
      if (!popup.closed) popup.close();
    }
  }

  /** A new access token shortly before the current one expires (when the server gave a refresh token). */
  private refreshIfDue(signal?: AbortSignal): Promise<void> {
    const s = this.state;
    if (!s?.refreshToken || !s.tokenEndpoint || s.expiresAt === undefined) return Promise.resolve();
    if (s.expiresAt - this.clock() > 60_000) return Promise.resolve();
    const refreshToken = s.refreshToken;
    const endpoint = s.tokenEndpoint;
    this.refreshing ??= smart()
      .then((m) =>
        m.tokenRequest(
          endpoint,
          {
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
            client_id: this.options.clientId ?? 'patient-portal-elements',
          },
          this.options.fetch ?? fetch.bind(globalThis),
          signal,
        ),
      )
      .then(
        (t) => {
          if (this.state !== s) return;
          s.token = t.access_token;
          s.expiresAt = t.expires_in ? this.clock() + t.expires_in * 1000 : undefined;
          if (t.refresh_token) s.refreshToken = t.refresh_token;
        },
        (e: unknown) => {
          if (e instanceof ValidationError && this.state === s) throw this.lose('session-expired');
          throw e;
        },
      )
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  // ---------------------------------------------------------------------------------------------
  // Clinic and time

  private async clinic(signal?: AbortSignal): Promise<FhirClinic> {
    signal?.throwIfAborted();
    if (!this.clinicPromise) {
      this.clinicPromise = loadClinic(this.http);
      this.clinicPromise.catch(() => (this.clinicPromise = undefined));
    }
    return abortable(this.clinicPromise, signal);
  }

  private async data(signal?: AbortSignal): Promise<ClinicData> {
    return (await this.clinic(signal)).data;
  }

  async getCapabilities(options: RequestOptions = {}): Promise<Capabilities> {
    const clinic = await this.clinic(options.signal);
    return this.caps(clinic.data.clinic, clinic.operations);
  }

  private caps(clinic: Clinic, operations: ReadonlySet<string> = new Set()): Capabilities {
    return {
      signIn: {kind: 'external', name: this.options.ehrName ?? clinic.name},
      selfRegistration: false,
      invitations: false,
      passwordReset: false,
      secondFactor: false,
      smsCodes: false,
      payments: false,
      // Where the server offers `Appointment/$hold` (IHE/Argonaut scheduling).
      holds: operations.has('hold'),
      confirm: true,
      cancel: true,
      reschedule: true,
      // Video visits booked here get a room (extension `video-room`); those the EHR books itself
      // without one are its own telehealth's.
      telehealth: clinic.telehealth !== undefined,
      // Standing CommunicationRequests per channel for the EHR's own reminders (reminders.ts).
      // Confirmations and reminders are the EHR's to send (its CommunicationRequests): none from here.
      emails: false,
      reminderChannels: clinic.reminders.channels.filter((c) => c === 'sms' || c === 'voice'),
      testReminder: false,
      reminderLinks: false,
      // The patient's own details, email, password and sessions live in the EHR's own portal.
      profile: false,
      // Questionnaire → QuestionnaireResponse, DocumentReference → Consent (forms.ts).
      forms: true,
      // DocumentReference + Binary (documents.ts); DiagnosticReport, MedicationRequest not mapped yet.
      documents: true,
      billing: false,
      // Family members: RelatedPerson + Patient.link (proxy.ts).
      proxy: true,
    };
  }

  async getClinic(options: RequestOptions = {}): Promise<Clinic> {
    return structuredClone((await this.data(options.signal)).clinic);
  }

  async getServerTime(options: RequestOptions = {}): Promise<ServerTime> {
    options.signal?.throwIfAborted();
    return {now: toInstantString(this.clock())};
  }

  async getCatalog(options: RequestOptions = {}): Promise<Catalog> {
    return structuredClone((await this.data(options.signal)).catalog);
  }

  async getCancellationReasons(options: RequestOptions = {}): Promise<readonly CancellationReason[]> {
    return structuredClone((await this.data(options.signal)).cancellationReasons);
  }

  // Questionnaires (Questionnaire → QuestionnaireResponse) and consents (DocumentReference →
  // Consent): forms.ts, a chunk of its own loaded on the first forms call.
  private formsHost?: import('./forms.js').FormsHost;
  private async forms() {
    const forms = await import('./forms.js');
    this.formsHost ??= {
      http: this.http,
      visitItemSystem: SYSTEM.visitItem,
      ext: {
        consentVersion: EXT.consentVersion,
        consentWithdrawal: EXT.consentWithdrawal,
        typedName: EXT.typedName,
        drawnSignature: EXT.drawnSignature,
      },
      clinic: async (signal) => (await this.data(signal)).clinic,
      nowInstant: () => toInstantString(this.clock()),
      patientId: () => this.patientOf(this.need()),
      appointments: async (signal) => {
        const s = this.need();
        const data = await this.data(signal);
        const [list] = await Promise.all([
          this.appointmentsOf(s, signal),
          this.refreshAnswered(s, data, signal),
        ]);
        return list.filter((r) => r.status !== 'entered-in-error').map((r) => this.view(r, data));
      },
      appointment: async (id, signal) => {
        const data = await this.data(signal);
        const {r, s} = await this.own(id, signal);
        await this.refreshAnswered(s, data, signal);
        return this.view(r, data);
      },
      answered: (itemId) => this.answered.add(itemId),
      reopened: (itemId) => this.answered.delete(itemId),
      now: () => this.clock(),
    };
    return {forms, host: this.formsHost};
  }
  async listForms(options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.listForms(host, options);
  }
  async getQuestionnaireForm(ref: FormRef, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.getQuestionnaireForm(host, ref, options);
  }
  async saveQuestionnaireDraft(ref: FormRef, response: QuestionnaireResponse, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.answer(host, ref, response, false, options);
  }
  async submitQuestionnaire(ref: FormRef, response: QuestionnaireResponse, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.answer(host, ref, response, true, options);
  }
  async getConsentForm(ref: FormRef, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.getConsentForm(host, ref, options);
  }
  async signConsent(ref: FormRef, request: ConsentSignRequest, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.signConsent(host, ref, request, options);
  }
  async getConsentPdf(ref: FormRef, format: InvoicePdfFormat, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.getConsentPdf(host, ref, format, options);
  }
  async withdrawConsent(ref: FormRef, options: RequestOptions = {}) {
    const {forms, host} = await this.forms();
    return forms.withdrawConsent(host, ref, options);
  }
  // Documents (DocumentReference + Binary): documents.ts, a chunk of its own.
  private async documents() {
    const documents = await import('./documents.js');
    const host: import('./documents.js').DocumentsHost = {
      http: this.http,
      urls: {folder: SYSTEM.documentFolder, category: SYSTEM.uploadCategory, firstOpened: EXT.firstOpened},
      patientId: () => this.patientOf(this.need()),
      nowInstant: () => toInstantString(this.clock()),
    };
    return {documents, host};
  }
  async listDocuments(query?: DocumentQuery, options: RequestOptions = {}) {
    const {documents, host} = await this.documents();
    return documents.listDocuments(host, query, options);
  }
  async downloadDocument(id: string, options: RequestOptions = {}) {
    const {documents, host} = await this.documents();
    return documents.downloadDocument(host, id, options);
  }
  async uploadDocument(upload: DocumentUpload, options: UploadOptions = {}) {
    const {documents, host} = await this.documents();
    return documents.uploadDocument(host, upload, options);
  }
  async deleteDocument(id: string, options: RequestOptions = {}) {
    const {documents, host} = await this.documents();
    return documents.deleteDocument(host, id, options);
  }

  async checkConnection(options: RequestOptions = {}): Promise<number> {
    const t0 = performance.now();
    await this.http.request('GET', 'metadata', {signal: options.signal});
    return Math.max(0, performance.now() - t0);
  }

  // ---------------------------------------------------------------------------------------------
  // Session: a SMART access token and its patient, in memory only.

  async getSession(options: RequestOptions = {}): Promise<Session | null> {
    options.signal?.throwIfAborted();
    const s = this.live();
    return s ? structuredClone(s.session) : null;
  }

  /**
   * Signs the patient in with a SMART token response: reads their Patient with the token and keeps
   * both in memory (never in Web Storage).
   */
  async useToken(token: SmartToken, options: RequestOptions = {}): Promise<Session> {
    options.signal?.throwIfAborted();
    if (!token?.access_token || !/^[A-Za-z0-9\-.]{1,64}$/.test(token.patient ?? ''))
      throw new ValidationError({token: 'invalid'});
    const previous = this.state;
    if (previous?.patientId !== token.patient) this.answered = new Set();
    const expiresAt = token.expires_in ? this.clock() + token.expires_in * 1000 : undefined;
    this.state = {
      id: `fhir-${Math.random().toString(36).slice(2)}`,
      token: token.access_token,
      patientId: token.patient,
      ...(expiresAt ? {expiresAt} : {}),
      ...(token.refresh_token && token.token_endpoint
        ? {refreshToken: token.refresh_token, tokenEndpoint: token.token_endpoint}
        : {}),
      startedAt: this.clock(),
      lastUsed: this.clock(),
      session: undefined as unknown as Session,
    };
    try {
      const patient = (await this.http.request('GET', `Patient/${token.patient}`, {signal: options.signal}))
        .body;
      this.state.session = this.sessionOf(this.state, patient);
      return structuredClone(this.state.session);
    } catch (e) {
      this.state = previous;
      throw e;
    }
  }

  private sessionOf(s: Omit<SessionState, 'session' | 'lastUsed' | 'startedAt'>, patient: Resource): Session {
    const name = (patient.name as {given?: string[]; family?: string}[] | undefined)?.[0];
    const tel = (patient.telecom as {system?: string; value?: string}[] | undefined) ?? [];
    const phone = tel.find((t) => t.system === 'sms' || t.system === 'phone')?.value;
    const lang = (patient.communication as {language?: {coding?: {code?: string}[]}}[] | undefined)?.[0]
      ?.language?.coding?.[0]?.code;
    return {
      id: s.id,
      method: 'external',
      ...(s.expiresAt && !s.refreshToken ? {expiresAt: toInstantString(s.expiresAt)} : {}),
      patient: {
        id: s.patientId,
        givenName: (name?.given ?? []).join(' '),
        familyName: name?.family ?? '',
        email: tel.find((t) => t.system === 'email')?.value ?? '',
        ...(phone ? {phone: phone as E164} : {}),
        dateOfBirth: (patient.birthDate ?? '1900-01-01') as Session['patient']['dateOfBirth'],
        language: lang?.startsWith('en') ? 'en' : 'es',
        onboardingDone: true,
      },
    };
  }

  private live(): SessionState | null {
    const now = this.clock();
    const idle = (this.options.idleMinutes ?? 15) * MINUTE;
    const s = this.state;
    // An expired access token ends the session unless it can be refreshed (refreshIfDue).
    const expired = s?.expiresAt !== undefined && s.expiresAt <= now && !s.refreshToken;
    if (s && (expired || !sessionLive(s, idle, now))) {
      this.lose('session-expired');
      return null;
    }
    return s;
  }

  /** The live session, used now (its idle time starts again); else `NotSignedInError`. */
  private need(): SessionState {
    const hadSession = this.state !== null;
    const s = this.live();
    if (!s) throw new NotSignedInError(hadSession ? 'session-expired' : 'not-signed-in');
    s.lastUsed = this.clock();
    return s;
  }

  private lose(reason: 'not-signed-in' | 'session-expired'): NotSignedInError {
    const had = this.state !== null;
    this.state = null;
    this.answered = new Set();
    if (had) this.options.events?.onSessionLost?.(reason);
    return new NotSignedInError(reason);
  }

  // ---------------------------------------------------------------------------------------------
  // Family members (proxy.ts, a chunk of its own): RelatedPerson + Patient.link.

  /** The dependent this adapter's calls are for ({@link actingFor}); absent: the signed-in patient. */
  private acting?: string;
  /** The scope of the grant checked for the call running now (while acting). */
  private actingScope?: ProxyScope;

  /** The Patient every operation reads and writes: the dependent while acting, else hers. */
  private patientOf(s: SessionState): string {
    return this.acting ?? s.patientId;
  }

  private proxyHost(): import('./proxy.js').ProxyHost {
    return {
      http: this.http,
      holderId: () => this.need().patientId,
      now: () => this.clock(),
      scopeUrl: EXT.proxyScope,
      rules: {allows: proxyAllows, order: orderPeople},
    };
  }

  async listPeople(options: RequestOptions = {}): Promise<readonly PortalPerson[]> {
    const part = await import('./proxy.js');
    return part.listPeople(this.proxyHost(), this.need().session.patient, options.signal);
  }

  /**
   * This adapter acting for a dependent: the same session and server, and every call first reads
   * her grant again (her Patient's links, the RelatedPerson) and checks its scope for the
   * operation (`rules/proxy.ts`) — else `NotFoundError` — then runs for the dependent's Patient.
   */
  actingFor(personId: string): PortalAdapter {
    const acting = Object.create(this, {
      acting: {value: String(personId)},
      actingScope: {value: undefined, writable: true},
      state: {get: () => this.state, set: (v: SessionState | null) => (this.state = v)},
      answered: {value: new Set<string>(), writable: true},
      formsHost: {value: undefined, writable: true},
    }) as FhirAdapter;
    return new Proxy(acting, {
      get: (target, name) => {
        const value: unknown = Reflect.get(target, name);
        if (typeof value !== 'function' || name === 'constructor') return value;
        if (name === 'actingFor') return value.bind(this);
        return async (...args: unknown[]) => {
          const signal = (args.at(-1) as RequestOptions | undefined)?.signal;
          const part = await import('./proxy.js');
          acting.actingScope = await part.checkActing(
            this.proxyHost(),
            String(personId),
            String(name),
            signal,
          );
          return (value as (...a: unknown[]) => unknown).apply(acting, args);
        };
      },
    });
  }

  async extendSession(options: RequestOptions = {}): Promise<Session> {
    options.signal?.throwIfAborted();
    return structuredClone(this.need().session);
  }

  async signOut(options: RequestOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    this.state = null;
    this.answered = new Set();
  }

  // -- what FHIR servers do not offer: declared off in the capabilities

  private unsupported(what: string, options: RequestOptions = {}): Promise<never> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    return Promise.reject(new NotSupportedError(what));
  }

  signIn(_r: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('password-sign-in', options);
  }
  verifySignInCode(_c: string, _d: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('second-factor', options);
  }
  getInvitation(_t: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('invitations', options);
  }
  acceptInvitation(_t: string, _p: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('invitations', options);
  }
  register(_r: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('self-registration', options);
  }
  verifyEmail(_t: string, _p: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('self-registration', options);
  }
  requestPasswordReset(_r: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('password-reset', options);
  }
  checkPasswordReset(_t: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('password-reset', options);
  }
  resetPassword(_t: string, _p: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('password-reset', options);
  }
  async completeOnboarding(options: RequestOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    this.need();
  }
  sendPhoneCode(_r: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('sms-codes', options);
  }
  verifyPhoneCode(_c: string, _d: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('sms-codes', options);
  }
  createDepositIntent(
    _s: Slot,
    _ids: readonly string[],
    _k: string,
    options?: RequestOptions,
  ): Promise<never> {
    return this.unsupported('payments', options);
  }
  resolveReminderToken(_t: string, options?: RequestOptions): Promise<never> {
    return this.unsupported('reminder-links', options);
  }
  applyReminderAction(_r: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('reminder-links', options);
  }
  sendTestReminder(_c: unknown, options?: RequestOptions): Promise<never> {
    return this.unsupported('test-reminder', options);
  }

  // ---------------------------------------------------------------------------------------------
  // Availability: Schedules by provider, then their free Slots, through the shared rules.

  private owners(clinic: FhirClinic): Map<string, {providerId: string; locationId?: string}> {
    const owners = new Map<string, {providerId: string; locationId?: string}>();
    for (const [providerId, list] of clinic.schedules)
      for (const s of list)
        owners.set(s.id, {providerId, ...(s.locationId ? {locationId: s.locationId} : {})});
    return owners;
  }

  /** The providers' Slots with `start` in [from, to) (free ones only unless `anyStatus`). */
  private async slots(
    clinic: FhirClinic,
    providerIds: readonly string[],
    from: number,
    to: number,
    anyStatus: boolean,
    signal?: AbortSignal,
  ): Promise<FhirSlot[]> {
    const owners = this.owners(clinic);
    const schedules = providerIds.flatMap((p) =>
      (clinic.schedules.get(p) ?? []).map((s) => `Schedule/${s.id}`),
    );
    if (schedules.length === 0 || !(to > from)) return [];
    const resources = await this.http.searchAll(
      'Slot',
      {
        schedule: schedules.join(','),
        ...(anyStatus ? {} : {status: 'free'}),
        start: [`ge${toInstantString(from)}`, `lt${toInstantString(to)}`],
        _sort: 'start',
      },
      signal,
    );
    return resources
      .map((r) => readSlot(r, owners))
      .filter((s): s is FhirSlot => s !== undefined && s.start >= from && s.start < to)
      .filter((s) => anyStatus || s.status === 'free');
  }

  /**
   * Free time from the server's `Appointment/$find` (IHE ITI-115): each proposed Appointment is a
   * run of its practitioner's free time at its location, handed to the same rules as free Slots.
   */
  private async found(
    clinic: FhirClinic,
    providerIds: readonly string[],
    services: readonly {id: string}[],
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<FhirSlot[]> {
    const out: FhirSlot[] = [];
    const known = new Set(clinic.schedules.keys());
    await Promise.all(
      providerIds
        .filter((p) => known.has(p))
        .map(async (providerId) => {
          const params = new URLSearchParams({
            start: toInstantString(from),
            end: toInstantString(to),
            practitioner: `Practitioner/${providerId}`,
          });
          for (const s of services) params.append('service-type', `${SYSTEM.service}|${s.id}`);
          let next: string | undefined = `Appointment/$find?${params.toString()}`;
          for (let pages = 0; next && pages < 50; pages++) {
            const page: Resource = (await this.http.request('GET', next, {signal})).body;
            if (page?.resourceType !== 'Bundle') throw new NetworkError('server');
            for (const e of (page.entry as {resource?: Resource}[] | undefined) ?? []) {
              const r = e?.resource;
              if (r?.resourceType !== 'Appointment' || r.status !== 'proposed') continue;
              const refs = ((r.participant as {actor?: Reference}[] | undefined) ?? []).map(
                (x) => x.actor?.reference ?? '',
              );
              if (!refs.includes(`Practitioner/${providerId}`)) continue;
              const start = Date.parse(String(r.start));
              const end = Date.parse(String(r.end));
              if (!(end > start)) continue;
              const locationId = refs.find((x) => x.startsWith('Location/'))?.slice('Location/'.length);
              out.push({
                id: '',
                providerId,
                ...(locationId ? {locationId} : {}),
                start,
                end,
                status: 'free',
                resource: r,
              });
            }
            next = (page.link as {relation?: string; url?: string}[] | undefined)?.find(
              (l) => l?.relation === 'next',
            )?.url;
          }
        }),
    );
    return out.filter((s) => s.start < to && s.end > from);
  }

  async getAvailability(query: AvailabilityQuery, options: RequestOptions = {}): Promise<Availability> {
    const clinic = await this.clinic(options.signal);
    const data = clinic.data;
    const q = readAvailabilityQuery(data, query);
    const now = this.clock();
    const lo = Math.max(q.from, now + data.clinic.booking.minNoticeMinutes * MINUTE);
    const hi = Math.min(q.to, now + data.clinic.booking.horizonDays * DAY);
    const tz = data.clinic.timeZone;
    if (!(hi > lo)) return {slots: [], timeZone: tz};
    const longest = Math.max(...q.providerIds.map((p) => durationWith(q.services, p)));
    const free = clinic.operations.has('find')
      ? await this.found(clinic, q.providerIds, q.services, lo, hi + longest * MINUTE, options.signal)
      : await this.slots(clinic, q.providerIds, lo, hi + longest * MINUTE, false, options.signal);
    const withFree = withFreeTime(
      data,
      free,
      q.providerIds,
      instantToPlainDate(lo, tz),
      instantToPlainDate(hi + longest * MINUTE, tz),
    );
    const slots = slotsFor(withFree, {
      services: q.services,
      providerIds: q.providerIds,
      from: q.from,
      to: q.to,
      now,
      busy: [],
      firstAvailable: q.firstAvailable,
      locationId: q.locationId,
    });
    return {slots, timeZone: tz};
  }

  // ---------------------------------------------------------------------------------------------
  // Booking

  private async byKey(key: string, signal?: AbortSignal): Promise<Resource | undefined> {
    const found = await this.http.searchAll(
      'Appointment',
      {identifier: `${SYSTEM.bookingKey}|${key}`},
      signal,
    );
    return found[0];
  }

  async book(request: BookingRequest, options: RequestOptions = {}): Promise<Appointment> {
    const signal = options.signal;
    signal?.throwIfAborted();
    const clinic = await this.clinic(signal);
    const data = clinic.data;
    if (typeof request?.idempotencyKey !== 'string' || request.idempotencyKey === '')
      throw new ValidationError({idempotencyKey: 'required'});
    if (request.idempotencyKey.length > 200) throw new ValidationError({idempotencyKey: 'too-long'});
    const hadSession = this.state !== null;
    const session = this.live();
    if (!session && hadSession) throw new NotSignedInError('session-expired');
    if (session) session.lastUsed = this.clock();
    const details = session ? undefined : request.patient;
    if (!session && !details) throw new ValidationError({patient: 'required'});
    const key = request.idempotencyKey;
    const print = bookingFingerprint(request, session ? this.patientOf(session) : details);

    const earlier = await this.byKey(key, signal);
    if (earlier) return this.repeated(earlier, print, data, signal);

    const now = this.clock();
    const fields: Record<string, FieldErrorCode> = {
      ...(details
        ? patientDetailsProblems(details, 'patient.', instantToPlainDate(now, data.clinic.timeZone))
        : {}),
      ...bookingTermsProblems(data.clinic, request, details !== undefined),
    };
    let services: ReturnType<typeof resolveServices> = [];
    let at: {providerId: string; start: number} | undefined;
    try {
      services = resolveServices(data, request.serviceIds, 'serviceIds');
      at = decodeSlot(data, request.slot, services);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      Object.assign(fields, e.fields);
    }
    if (Object.keys(fields).length > 0 || !at) throw new ValidationError(fields);

    const end = at.start + durationWith(services, at.providerId) * MINUTE;
    const holdId = typeof request.holdId === 'string' && request.holdId !== '' ? request.holdId : undefined;
    const covering = await this.takeable(clinic, services, at, end, key, now, signal, undefined, holdId);
    // Nothing is written before this point: an aborted request leaves nothing behind.
    signal?.throwIfAborted();
    // The Appointment to store, for the patient (a guest gets a Patient of her own first).
    const visit = async () =>
      appointmentBody({
        key,
        print,
        patientRef: session
          ? `Patient/${this.patientOf(session)}`
          : await this.guestPatient(details as PatientDetails, key),
        providerId: at.providerId,
        locationId: covering[0]?.locationId,
        services: services.map((s) => s.id),
        start: at.start,
        end,
        slots: covering.map((s) => s.id),
        now,
        ...(services[0]?.mode === 'video' && data.clinic.telehealth ? {room: newRoom()} : {}),
      });
    if (clinic.operations.has('book')) {
      // The server's `Appointment/$book` takes the Slots and stores the Appointment in one step.
      const booked = await this.operation('book', {
        ...(await visit()),
        status: 'pending',
        ...(holdId ? {id: holdId} : {}),
      });
      return this.view(booked, data);
    }
    await this.take(covering, key);
    let appointment: Resource;
    try {
      appointment = await this.createAppointment(await visit(), key);
    } catch (e) {
      await this.release(covering, key);
      throw e;
    }
    return this.view(appointment, data);
  }

  /** The same key again: the same appointment if it is the same booking, else a refusal. */
  private async repeated(
    earlier: Resource,
    print: string,
    data: ClinicData,
    signal?: AbortSignal,
  ): Promise<Appointment> {
    if (ext(earlier, EXT.bookingFingerprint)?.valueString !== print)
      throw new ValidationError({idempotencyKey: 'invalid'});
    signal?.throwIfAborted();
    return this.view(earlier, data);
  }

  /**
   * The FHIR Slots that make up the visit, checked against the shared rules: offered now (free,
   * or already taken by this very booking intent) → the slots; offered but someone else has a
   * slot → `SlotTakenError`; not offered at all → `ValidationError({slot: 'unavailable'})`.
   */
  private async takeable(
    clinic: FhirClinic,
    services: ReturnType<typeof resolveServices>,
    at: {providerId: string; start: number},
    end: number,
    key: string,
    now: number,
    signal?: AbortSignal,
    alsoMine?: string,
    holdId?: string,
  ): Promise<FhirSlot[]> {
    const data = clinic.data;
    const tz = data.clinic.timeZone;
    const all = await this.slots(clinic, [at.providerId], at.start, end, true, signal);
    const offered = (slots: FhirSlot[]) =>
      slotsFor(
        withFreeTime(
          data,
          slots,
          [at.providerId],
          instantToPlainDate(at.start, tz),
          instantToPlainDate(end, tz),
        ),
        {services, providerIds: [at.providerId], from: at.start, to: at.start + 1, now, busy: []},
      ).length > 0;
    // Free, or taken by this very intent (a retry) or by the visit being moved (`alsoMine`), or
    // held by the patient's own hold (`$hold`).
    const ours = all.filter(
      (s) =>
        s.status === 'free' ||
        (s.status === 'busy' &&
          (s.bookingKey === key || (alsoMine !== undefined && s.bookingKey === alsoMine))) ||
        (s.status === 'busy-tentative' && holdId !== undefined && s.heldBy === holdId),
    );
    // One location's consecutive slots: those of the location the run starts at.
    const first = ours.find((s) => s.start === at.start);
    const covering = ours.filter((s) => s.locationId === first?.locationId);
    if (first && offered(covering)) return covering;
    const asIfFree = all.filter((s) => s.status !== 'entered-in-error').map((s) => ({...s, status: 'free'}));
    if (offered(asIfFree)) throw new SlotTakenError(undefined);
    throw new ValidationError({slot: 'unavailable'});
  }

  /** Marks the slots busy for this booking intent, each with `If-Match`; all or none. */
  private async take(slots: readonly FhirSlot[], key: string): Promise<void> {
    const taken: FhirSlot[] = [];
    for (const s of slots) {
      if (s.status === 'busy' && s.bookingKey === key) continue;
      const body = {
        ...s.resource,
        status: 'busy',
        extension: [
          ...(s.resource.extension ?? []).filter((e) => e.url !== EXT.bookingKey),
          {url: EXT.bookingKey, valueString: key},
        ],
      };
      const res = await this.http.request('PUT', `Slot/${s.id}`, {
        body,
        headers: s.version ? {'If-Match': `W/"${s.version}"`} : {},
        allowConflict: true,
      });
      if (res.status === 409 || res.status === 412) {
        // Someone changed it first: ours (a parallel call with this key) or someone else's.
        const now = (await this.http.request('GET', `Slot/${s.id}`)).body;
        if (now.status === 'busy' && ext(now, EXT.bookingKey)?.valueString === key) continue;
        await this.release(taken, key);
        throw new SlotTakenError(undefined);
      }
      taken.push({...s, version: res.version ?? res.body.meta?.versionId, resource: res.body});
    }
  }

  /** Frees the slots this booking intent holds (after a failed booking or a cancellation). */
  private async release(slots: readonly {id: string}[], key: string | undefined): Promise<void> {
    for (const {id} of slots) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await this.http.request('GET', `Slot/${id}`, {allow404: true});
        if (current.status === 404 || current.body.status !== 'busy') break;
        if (key !== undefined && ext(current.body, EXT.bookingKey)?.valueString !== key) break;
        const body = {
          ...current.body,
          status: 'free',
          extension: (current.body.extension ?? []).filter((e) => e.url !== EXT.bookingKey),
        };
        if (body.extension.length === 0) delete (body as Partial<Resource>).extension;
        const res = await this.http.request('PUT', `Slot/${id}`, {
          body,
          headers: current.version ? {'If-Match': `W/"${current.version}"`} : {},
          allowConflict: true,
        });
        if (res.status < 300) break;
      }
    }
  }

  /**
   * A Patient for a booking made without signing in: one per booking intent (conditional create
   * on its identifier), never matched to an existing record by email (QUALITY 34).
   */
  private async guestPatient(d: PatientDetails, key: string): Promise<string> {
    const res = await this.http.request('POST', 'Patient', {
      headers: {'If-None-Exist': `identifier=${SYSTEM.guest}|${encodeURIComponent(key)}`},
      body: {
        resourceType: 'Patient',
        identifier: [{system: SYSTEM.guest, value: key}],
        name: [{given: [d.givenName.trim()], family: d.familyName.trim()}],
        telecom: [
          {system: 'email', value: d.email.trim()},
          {system: 'sms', value: d.phone.trim(), use: 'mobile', rank: 1},
        ],
        birthDate: d.dateOfBirth,
        communication: [
          {language: {coding: [{system: 'urn:ietf:bcp:47', code: d.language}]}, preferred: true},
        ],
      },
    });
    return `Patient/${res.body.id}`;
  }

  /** Creates the Appointment once per booking key (conditional create on its identifier). */
  private async createAppointment(body: Resource, key: string): Promise<Resource> {
    const res = await this.http.request('POST', 'Appointment', {
      headers: {'If-None-Exist': `identifier=${SYSTEM.bookingKey}|${encodeURIComponent(key)}`},
      body,
    });
    return res.body;
  }

  /**
   * `Appointment/$hold` or `$book` with the Appointment as `appointment-resource`; the Appointment
   * the server answers with (in its Bundle, or alone). A conflict (409/412, or a hold the server
   * turned down as `cancelled`) is the slot taken.
   */
  private async operation(name: 'hold' | 'book', appointment: Resource): Promise<Resource> {
    const res = await this.http.request<Resource>('POST', `Appointment/$${name}`, {
      body: {
        resourceType: 'Parameters',
        parameter: [{name: 'appointment-resource', resource: appointment}],
      },
      allowConflict: true,
    });
    if (res.status === 409 || res.status === 412) throw new SlotTakenError(undefined);
    const body = res.body;
    const found =
      body.resourceType === 'Appointment'
        ? body
        : ((body.entry as {resource?: Resource}[] | undefined) ?? [])
            .map((e) => e.resource)
            .find((r): r is Resource => r?.resourceType === 'Appointment');
    if (!found) throw new NetworkError('server');
    if (found.status === 'cancelled') throw new SlotTakenError(undefined);
    return found;
  }

  // ---------------------------------------------------------------------------------------------
  // Holds: where the server offers `Appointment/$hold` (its CapabilityStatement says so).

  async holdSlot(slot: Slot, serviceIds: readonly string[], options: HoldOptions = {}): Promise<Hold> {
    const signal = options.signal;
    signal?.throwIfAborted();
    const clinic = await this.clinic(signal);
    if (!clinic.operations.has('hold')) throw new NotSupportedError('holds');
    const data = clinic.data;
    const hadSession = this.state !== null;
    const session = this.live();
    if (!session) {
      if (hadSession) throw new NotSignedInError('session-expired');
      // Phones are not verified through FHIR: only a signed-in patient holds.
      throw new ValidationError({
        phoneVerificationToken: options.phoneVerificationToken ? 'invalid' : 'required',
      });
    }
    session.lastUsed = this.clock();
    const services = resolveServices(data, serviceIds, 'serviceIds');
    const at = decodeSlot(data, slot, services);
    const end = at.start + durationWith(services, at.providerId) * MINUTE;
    const now = this.clock();
    const covering = await this.takeable(
      clinic,
      services,
      at,
      end,
      `hold:${this.patientOf(session)}`,
      now,
      signal,
    );
    signal?.throwIfAborted();
    const body = appointmentBody({
      patientRef: `Patient/${this.patientOf(session)}`,
      providerId: at.providerId,
      locationId: covering[0]?.locationId,
      services: services.map((s) => s.id),
      start: at.start,
      end,
      slots: covering.map((s) => s.id),
      now,
    });
    const held = await this.operation('hold', {...body, status: 'proposed'});
    const expires = ext(held, EXT.holdExpires)?.valueInstant;
    return {
      id: held.id as string,
      slot: structuredClone(slot),
      expiresAt:
        typeof expires === 'string'
          ? expires
          : toInstantString(now + data.clinic.booking.holdMinutes * MINUTE),
    };
  }

  /** Lets the patient's hold go: its pending Appointment cancelled (the server frees its Slots). */
  async releaseHold(holdId: string, options: RequestOptions = {}): Promise<void> {
    const signal = options.signal;
    const clinic = await this.clinic(signal);
    if (!clinic.operations.has('hold')) throw new NotSupportedError('holds');
    const session = this.need();
    if (typeof holdId !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(holdId)) return;
    const res = await this.http.request('GET', `Appointment/${holdId}`, {allow404: true, signal});
    if (res.status === 404) return;
    const held = res.body;
    const mine = ((held.participant as {actor?: Reference}[] | undefined) ?? []).some(
      (p) => p.actor?.reference === `Patient/${this.patientOf(session)}`,
    );
    if (!mine || held.status !== 'pending') return;
    await this.http.request('PUT', `Appointment/${holdId}`, {
      body: {...held, status: 'cancelled'},
      headers: res.version ? {'If-Match': `W/"${res.version}"`} : {},
      allowConflict: true,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The patient's appointments

  /** An Appointment as the rules see it. */
  private facts(r: Resource, data: ClinicData): AppointmentFacts {
    const participants = (r.participant as {actor?: Reference; status?: string}[] | undefined) ?? [];
    const ref = (type: string) =>
      participants
        .map((p) => /(?:^|\/)([A-Za-z]+)\/([^/]+)$/.exec(p.actor?.reference ?? ''))
        .find((m) => m?.[1] === type)?.[2];
    const patient = participants.find((p) => /(?:^|\/)Patient\//.test(p.actor?.reference ?? ''));
    const serviceIds = ((r.serviceType as {coding?: {system?: string; code?: string}[]}[] | undefined) ?? [])
      .flatMap((c) => c.coding ?? [])
      .filter((c) => c.system === SYSTEM.service && c.code)
      .map((c) => c.code as string);
    const services = servicesIn(data, serviceIds);
    const start = Date.parse(String(r.start));
    const end = Date.parse(String(r.end));
    const status = statusOf(String(r.status), patient?.status);
    const id = r.id as string;
    const locationId = ref('Location');
    return {
      id,
      status,
      start,
      end,
      serviceIds,
      providerId: ref('Practitioner') ?? '',
      mode: services[0]?.mode ?? 'in-person',
      ...(locationId ? {locationId} : {}),
      items: visitItems(data, id, services, {done: this.answered}),
      ...(status === 'cancelled' ? {cancellation: cancellationOf(r)} : {}),
    };
  }

  private view(r: Resource, data: ClinicData): Appointment {
    return toAppointment(this.facts(r, data), {data, caps: this.caps(data.clinic), now: this.clock()});
  }

  /** The visit items the signed-in patient has answered for good (their completed responses). */
  private answered = new Set<string>();

  /**
   * Reads which questionnaires the patient has sent and which consents she has signed (a search
   * each, none for what the clinic does not ask).
   */
  private async refreshAnswered(s: SessionState, data: ClinicData, signal?: AbortSignal): Promise<void> {
    // An appointments-only grant does not reach the dependent's forms (their items show as to do).
    if (this.actingScope === 'appointments') return;
    const forms = Object.values(data.visitForms ?? {});
    type Done = Resource & {
      identifier?: {system?: string; value?: string} | {system?: string; value?: string}[];
    };
    const search = (type: string, params: Record<string, string>, wanted: boolean): Promise<Done[]> =>
      wanted ? this.http.searchAll<Done>(type, params, signal) : Promise.resolve([]);
    const [responses, consents] = await Promise.all([
      search(
        'QuestionnaireResponse',
        {subject: `Patient/${this.patientOf(s)}`, status: 'completed'},
        forms.some((f) => f.questionnaireId),
      ),
      search(
        'Consent',
        {patient: `Patient/${this.patientOf(s)}`, status: 'active'},
        forms.some((f) => f.consentId),
      ),
    ]);
    const done = new Set<string>();
    for (const r of [...responses, ...consents])
      for (const i of [r.identifier ?? []].flat())
        if (
          i.system === SYSTEM.visitItem &&
          typeof i.value === 'string' &&
          (r.status === 'completed' || r.status === 'active')
        )
          done.add(i.value);
    if (this.state === s) this.answered = done;
  }

  private async appointmentsOf(s: SessionState, signal?: AbortSignal): Promise<Resource[]> {
    return this.http.searchAll('Appointment', {patient: `Patient/${this.patientOf(s)}`}, signal);
  }

  /** The session patient's own appointment (another's is "not found"). */
  private async own(
    id: string,
    signal?: AbortSignal,
  ): Promise<{r: Resource; version?: string; s: SessionState}> {
    const s = this.need();
    if (typeof id !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw new NotFoundError();
    const res = await this.http.request('GET', `Appointment/${id}`, {signal});
    const mine = ((res.body.participant as {actor?: Reference}[] | undefined) ?? []).some(
      (p) => p.actor?.reference === `Patient/${this.patientOf(s)}`,
    );
    if (!mine) throw new NotFoundError();
    return {r: res.body, ...(res.version ? {version: res.version} : {}), s};
  }

  async listAppointments(query: AppointmentQuery, options: RequestOptions = {}): Promise<Page<Appointment>> {
    const s = this.need();
    const data = await this.data(options.signal);
    const {fields, from, to, limit} = readAppointmentQuery(query);
    let offset = 0;
    if (query.cursor !== undefined) {
      const m = /^o([0-9]{1,6})$/.exec(query.cursor);
      if (m) offset = Number(m[1]);
      else fields.cursor = 'invalid';
    }
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const now = this.clock();
    const statuses = query.statuses ? new Set(query.statuses) : undefined;
    const [found] = await Promise.all([
      this.appointmentsOf(s, options.signal),
      this.refreshAnswered(s, data, options.signal),
    ]);
    const all = found
      .filter((r) => r.status !== 'entered-in-error')
      .map((r) => this.facts(r, data))
      .filter((a) => {
        const upcoming = isUpcoming(a, now);
        if (query.when === 'upcoming' && !upcoming) return false;
        if (query.when === 'past' && upcoming) return false;
        if (statuses && !statuses.has(a.status)) return false;
        return a.start >= from && a.start < to;
      });
    const dir = query.when === 'past' ? -1 : 1;
    all.sort((a, b) => dir * (a.start - b.start) || (a.id < b.id ? -1 : 1));
    const caps = this.caps(data.clinic);
    const items = all.slice(offset, offset + limit).map((a) => toAppointment(a, {data, caps, now}));
    const next = offset + limit;
    return next < all.length
      ? {items, total: all.length, nextCursor: `o${next}`}
      : {items, total: all.length};
  }

  async getAppointment(id: string, options: RequestOptions = {}): Promise<Appointment> {
    const data = await this.data(options.signal);
    const {r, s} = await this.own(id, options.signal);
    await this.refreshAnswered(s, data, options.signal);
    return this.view(r, data);
  }

  async confirmAppointment(id: string, options: RequestOptions = {}): Promise<Appointment> {
    const data = await this.data(options.signal);
    const {r, version, s} = await this.own(id, options.signal);
    const facts = this.facts(r, data);
    if (!canChange(facts, this.clock())) throw new ForbiddenError();
    if (facts.status === 'confirmed') return this.view(r, data);
    options.signal?.throwIfAborted();
    const participant = ((r.participant as {actor?: Reference; status?: string}[]) ?? []).map((p) =>
      p.actor?.reference === `Patient/${this.patientOf(s)}` ? {...p, status: 'accepted'} : p,
    );
    const res = await this.http.request('PUT', `Appointment/${id}`, {
      body: {...r, participant},
      headers: version ? {'If-Match': `W/"${version}"`} : {},
    });
    return this.view(res.body, data);
  }

  async getCancellationQuote(id: string, options: RequestOptions = {}): Promise<CancellationQuote> {
    const data = await this.data(options.signal);
    const {r} = await this.own(id, options.signal);
    const facts = this.facts(r, data);
    const now = this.clock();
    if (!canChange(facts, now)) throw new ForbiddenError();
    return cancellationQuote(data.clinic, facts.start, now);
  }

  async cancelAppointment(request: CancelRequest, options: RequestOptions = {}): Promise<Appointment> {
    const data = await this.data(options.signal);
    const {r, version} = await this.own(request?.appointmentId, options.signal);
    const facts = this.facts(r, data);
    const now = this.clock();
    if (!canChange(facts, now)) throw new ForbiddenError();
    checkCancelReason(data.cancellationReasons, request.reasonId, request.note);
    const info = patientCancellation(data.clinic, facts, now, request.reasonId, request.note);
    options.signal?.throwIfAborted();
    const reason = data.cancellationReasons.find((x) => x.id === info.reasonId);
    const extension: Extension[] = [
      ...(r.extension ?? []).filter(
        (e) => e.url !== EXT.cancellationNote && e.url !== EXT.cancellationFee && e.url !== EXT.cancelledAt,
      ),
      {url: EXT.cancelledAt, valueInstant: toInstantString(now)},
      ...(info.note !== undefined ? [{url: EXT.cancellationNote, valueString: info.note}] : []),
      ...(info.fee ? [{url: EXT.cancellationFee, valueMoney: moneyToFhir(info.fee)}] : []),
    ];
    const res = await this.http.request('PUT', `Appointment/${r.id}`, {
      body: {
        ...r,
        status: 'cancelled',
        cancelationReason: {
          coding: [
            {
              system: SYSTEM.hl7CancelReason,
              code: 'pat-cpp',
              display: 'Patient: Canceled via Patient Portal',
            },
            {
              system: SYSTEM.cancelReason,
              code: info.reasonId,
              ...(reason ? {display: reason.label[data.clinic.languages[0] ?? 'es']} : {}),
            },
          ],
        },
        extension,
      },
      headers: version ? {'If-Match': `W/"${version}"`} : {},
    });
    await this.release(
      slotIdsOf(r).map((id) => ({id})),
      slotKeyOf(r),
    );
    return this.view(res.body, data);
  }

  /**
   * The video visit's state now and, while its room is open, the room's links: the domain's
   * `videoJoin` rule over the Appointment, with the room this adapter gave it at booking. Another
   * patient's visit, an in-person one, or one without a room of ours: not found.
   */
  async getVideoJoin(appointmentId: string, options: RequestOptions = {}): Promise<VideoJoin> {
    const data = await this.data(options.signal);
    if (!data.clinic.telehealth) throw new NotSupportedError('telehealth');
    const {r} = await this.own(appointmentId, options.signal);
    const facts = this.facts(r, data);
    const room = ext(r, EXT.videoRoom)?.valueString;
    if (facts.mode !== 'video' || !room) throw new NotFoundError();
    return videoJoin(facts, data, room, this.clock());
  }

  /**
   * Moves the visit to another slot for the same services, in place (the same Appointment, a
   * versioned update): the new Slots are taken under the request's key first (someone else's →
   * `SlotTakenError`, and the visit is left as it was), then the Appointment is updated with
   * `If-Match`, then the Slots it no longer uses are freed. The patient's participation goes back
   * to needs-action (a moved visit is confirmed again). A retry with the same key answers the same.
   */
  async rescheduleAppointment(
    request: RescheduleRequest,
    options: RequestOptions = {},
  ): Promise<Appointment> {
    const signal = options.signal;
    const key = request?.idempotencyKey;
    if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
    if (key.length > 200) throw new ValidationError({idempotencyKey: 'too-long'});
    const clinic = await this.clinic(signal);
    const data = clinic.data;
    const {r, version, s} = await this.own(request.appointmentId, signal);
    const print = rescheduleFingerprint(r.id as string, request.slot);
    const earlier = reschedulesOf(r).find((x) => x.key === key);
    if (earlier) {
      if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
      return this.view(r, data);
    }
    const facts = this.facts(r, data);
    const now = this.clock();
    if (!canChange(facts, now)) throw new ForbiddenError();
    checkRescheduleSlot(request.slot, facts.serviceIds);
    const services = resolveServices(data, facts.serviceIds, 'slot');
    const at = decodeSlot(data, request.slot, services);
    const end = at.start + durationWith(services, at.providerId) * MINUTE;
    const before = slotKeyOf(r);
    const covering = await this.takeable(clinic, services, at, end, key, now, signal, before);
    signal?.throwIfAborted();
    await this.take(covering, key);
    const oldSlots = slotIdsOf(r);
    const kept = new Set(covering.map((x) => x.id));
    const participant = ((r.participant as {actor?: Reference; status?: string}[] | undefined) ?? [])
      .filter((p) => !/(?:^|\/)(Practitioner|Location)\//.test(p.actor?.reference ?? ''))
      .map((p) =>
        p.actor?.reference === `Patient/${this.patientOf(s)}` ? {...p, status: 'needs-action'} : p,
      );
    const locationId = covering[0]?.locationId;
    let res;
    try {
      res = await this.http.request('PUT', `Appointment/${r.id}`, {
        body: {
          ...r,
          status: 'booked',
          start: toInstantString(at.start),
          end: toInstantString(end),
          minutesDuration: Math.round((end - at.start) / MINUTE),
          slot: covering.map((x) => ({reference: `Slot/${x.id}`})),
          participant: [
            ...participant,
            {actor: {reference: `Practitioner/${at.providerId}`}, required: 'required', status: 'accepted'},
            ...(locationId
              ? [{actor: {reference: `Location/${locationId}`}, required: 'required', status: 'accepted'}]
              : []),
          ],
          extension: [
            ...(r.extension ?? []),
            {
              url: EXT.reschedule,
              extension: [
                {url: 'key', valueString: key},
                {url: 'fingerprint', valueString: print},
              ],
            },
          ],
        },
        headers: version ? {'If-Match': `W/"${version}"`} : {},
        allowConflict: true,
      });
    } catch (e) {
      // Free only what this request took; the visit's own Slots stay with it.
      await this.release(
        covering.filter((x) => !oldSlots.includes(x.id)),
        key,
      );
      throw e;
    }
    if (res.status === 409 || res.status === 412) {
      // Changed meanwhile (cancelled or moved elsewhere): nothing of this request stays.
      await this.release(
        covering.filter((x) => !oldSlots.includes(x.id)),
        key,
      );
      throw new SlotTakenError(request.slot.id);
    }
    await this.release(
      oldSlots.filter((id) => !kept.has(id)).map((id) => ({id})),
      before,
    );
    return this.view(res.body, data);
  }

  // ---------------------------------------------------------------------------------------------
  // Reminder preferences: the email on file (Patient.telecom) and one standing
  // CommunicationRequest per channel (reminders.ts, a chunk of its own).

  private async reminders() {
    const reminders = await import('./reminders.js');
    const host: import('./reminders.js').RemindersHost = {
      http: this.http,
      clinic: async (signal) => (await this.data(signal)).clinic,
      channelOn: (clinic) => {
        const on = new Set(this.caps(clinic).reminderChannels);
        return (c) => on.has(c);
      },
      patientId: () => this.patientOf(this.need()),
      nowInstant: () => toInstantString(this.clock()),
      rules: {of: reminderPreferencesOf, check: checkReminderPreferences},
      urls: {
        hour: EXT.reminderHour,
        phone: EXT.reminderPhone,
        legacy: EXT.reminderPreferences,
        channel: SYSTEM.reminderChannel,
      },
    };
    return {reminders, host};
  }

  async getReminderPreferences(options: RequestOptions = {}): Promise<ReminderPreferences> {
    const {reminders, host} = await this.reminders();
    return reminders.getReminderPreferences(host, options);
  }

  async saveReminderPreferences(
    preferences: ReminderPreferences,
    options: RequestOptions = {},
  ): Promise<ReminderPreferences> {
    const {reminders, host} = await this.reminders();
    return reminders.saveReminderPreferences(host, preferences, options);
  }
}

/** FHIR Appointment.status (+ the patient's participant status) → the domain's status. */
function statusOf(status: string, patientStatus: string | undefined): AppointmentStatus {
  switch (status) {
    case 'proposed':
    case 'pending':
    case 'waitlist':
      return 'pending';
    case 'booked':
      return patientStatus === 'accepted' ? 'confirmed' : 'booked';
    case 'arrived':
    case 'checked-in':
      return 'confirmed';
    case 'fulfilled':
      return 'fulfilled';
    case 'noshow':
      return 'no-show';
    default:
      return 'cancelled';
  }
}

function cancellationOf(r: Resource): CancellationInfo {
  const coding =
    (r.cancelationReason as {coding?: {system?: string; code?: string}[]} | undefined)?.coding ?? [];
  const reasonId = coding.find((c) => c.system === SYSTEM.cancelReason)?.code ?? 'other';
  const byPatient = coding.some((c) => c.system === SYSTEM.hl7CancelReason && c.code?.startsWith('pat'));
  const note = ext(r, EXT.cancellationNote)?.valueString;
  const fee = ext(r, EXT.cancellationFee)?.valueMoney;
  const at =
    ext(r, EXT.cancelledAt)?.valueInstant ?? (r.meta?.lastUpdated as string | undefined) ?? String(r.start);
  return {
    reasonId,
    at: toInstantString(Date.parse(at)),
    by: byPatient ? 'patient' : 'clinic',
    ...(note !== undefined ? {note} : {}),
    ...(fee ? {fee: moneyFromFhir(fee)} : {}),
  };
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, {once: true});
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The Slot ids an Appointment references. */
function slotIdsOf(r: Resource): string[] {
  return ((r.slot as Reference[] | undefined) ?? [])
    .map((x) => /(?:^|\/)Slot\/([^/]+)$/.exec(x.reference ?? '')?.[1])
    .filter((x): x is string => !!x);
}

/** The reschedules an Appointment went through, oldest first (see `EXT.reschedule`). */
function reschedulesOf(r: Resource): {key: string; fingerprint: string}[] {
  return (r.extension ?? [])
    .filter((e) => e.url === EXT.reschedule)
    .map((e) => ({
      key: e.extension?.find((x) => x.url === 'key')?.valueString ?? '',
      fingerprint: e.extension?.find((x) => x.url === 'fingerprint')?.valueString ?? '',
    }));
}

/** The key the visit's busy Slots carry: the last reschedule's, else the booking's. */
function slotKeyOf(r: Resource): string | undefined {
  return (
    reschedulesOf(r).at(-1)?.key ??
    (r.identifier as {system?: string; value?: string}[] | undefined)?.find(
      (i) => i.system === SYSTEM.bookingKey,
    )?.value
  );
}

/** A video room name nobody can guess (128 random bits), given to a video visit at booking. */
function newRoom(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The Appointment a booking stores (status `booked`; `$hold`/`$book` send it `proposed`/`pending`):
 * the booking key as identifier (conditional create makes a retry one appointment), services,
 * start/end, the Slots, participants patient/practitioner/location, and our extensions.
 */
function appointmentBody(a: {
  key?: string;
  print?: string;
  patientRef: string;
  providerId: string;
  locationId: string | undefined;
  services: readonly string[];
  start: number;
  end: number;
  slots: readonly string[];
  now: number;
  room?: string;
}): Resource {
  const extension = [
    ...(a.print ? [{url: EXT.bookingFingerprint, valueString: a.print}] : []),
    ...(a.room ? [{url: EXT.videoRoom, valueString: a.room}] : []),
  ];
  return {
    resourceType: 'Appointment',
    status: 'booked',
    ...(a.key ? {identifier: [{system: SYSTEM.bookingKey, value: a.key}]} : {}),
    serviceType: a.services.map((id) => ({coding: [{system: SYSTEM.service, code: id}]})),
    start: toInstantString(a.start),
    end: toInstantString(a.end),
    minutesDuration: Math.round((a.end - a.start) / MINUTE),
    slot: a.slots.map((id) => ({reference: `Slot/${id}`})),
    created: toInstantString(a.now),
    participant: [
      {actor: {reference: a.patientRef}, required: 'required', status: 'needs-action'},
      {actor: {reference: `Practitioner/${a.providerId}`}, required: 'required', status: 'accepted'},
      ...(a.locationId
        ? [{actor: {reference: `Location/${a.locationId}`}, required: 'required', status: 'accepted'}]
        : []),
    ],
    ...(extension.length > 0 ? {extension} : {}),
  };
}
