/**
 * The FHIR R4 adapter (`backend="fhir:<base url>"`): the clinic, its catalog and its availability
 * read from a FHIR server's Organization, Location, HealthcareService, PractitionerRole, Schedule
 * and Slot resources; booking as Slot updates with `If-Match` (two patients never get one slot) and
 * an Appointment created conditionally on the booking intent's identifier (a retried request
 * yields one appointment); the patient's appointments listed, confirmed (their participant status
 * `accepted`), rescheduled (the same Appointment moved with `If-Match`, the new Slots taken first,
 * the old ones freed) and cancelled (`cancelationReason`, slots freed) — those in `booking.ts` and
 * `appointments.ts`, chunks of their own loaded on first use; likewise forms, documents, messages
 * with the clinic (`Communication` threads, `messages.ts`), family members and reminder
 * preferences. Every clinic rule comes from `domain/rules/`; this folder only maps FHIR.
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
  NetworkError,
  NotSignedInError,
  NotSupportedError,
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
  type Hold,
  type HoldOptions,
  type PortalAdapter,
  type RequestOptions,
  type RescheduleRequest,
  type ServerTime,
  type UploadOptions,
} from '../adapter.js';
import type {DocumentQuery, DocumentUpload} from '../../domain/documents.js';
import {durationWith, readAvailabilityQuery, slotsFor, type ClinicData} from '../../domain/rules/index.js';
import {sessionLive} from '../../domain/rules/session.js';
import {instantToPlainDate, toInstantString} from '../../domain/time.js';
import type {ConsentSignRequest, QuestionnaireResponse} from '../../domain/forms.js';
import type {PortalPerson, ProxyScope} from '../../domain/rules/proxy.js';
import type {
  Appointment,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Page,
  ReminderPreferences,
  Session,
  Slot,
  VideoJoin,
} from '../../domain/types.js';
import type {AppointmentsHost} from './appointments.js';
import {loadClinic, type FhirClinic} from './clinic.js';
import {FhirHttp} from './http.js';
import {EXT, SYSTEM, type Reference, type Resource} from './profile.js';
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
      // Conversations with the clinic: Communication threads, files as Binary (messages.ts).
      messages: true,
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
        const {m, h} = await this.appointments();
        return m.allViews(h, signal);
      },
      appointment: async (id, signal) => {
        const {m, h} = await this.appointments();
        return m.getAppointment(h, id, {signal});
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

  // Messages with the clinic (Communication threads, files as Binary): messages.ts, a chunk of its
  // own; the operations are installed from their names below, each calling its namesake there.
  declare listConversations: NonNullable<PortalAdapter['listConversations']>;
  declare getConversation: NonNullable<PortalAdapter['getConversation']>;
  declare startConversation: NonNullable<PortalAdapter['startConversation']>;
  declare replyToConversation: NonNullable<PortalAdapter['replyToConversation']>;
  declare markConversationRead: NonNullable<PortalAdapter['markConversationRead']>;
  declare downloadAttachment: NonNullable<PortalAdapter['downloadAttachment']>;
  static {
    for (const op of [
      'listConversations',
      'getConversation',
      'startConversation',
      'replyToConversation',
      'markConversationRead',
      'downloadAttachment',
    ])
      Object.defineProperty(FhirAdapter.prototype, op, {
        async value(this: FhirAdapter, ...args: unknown[]) {
          const m = (await import('./messages.js')) as unknown as Record<
            string,
            (h: import('./messages.js').MessagesHost, ...a: unknown[]) => Promise<unknown>
          >;
          return m[op]!(
            {
              http: this.http,
              patientId: () => this.patientOf(this.need()),
              clinic: (signal) => this.data(signal),
              now: () => this.clock(),
            },
            ...args,
          );
        },
      });
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
  /** Whether a visit of these services is kept from her (a teenager's confidential care), while acting. */
  private actingHides?: (serviceIds: readonly string[]) => boolean;

  /** The Patient every operation reads and writes: the dependent while acting, else hers. */
  private patientOf(s: SessionState): string {
    return this.acting ?? s.patientId;
  }

  private proxyHost(): import('./proxy.js').ProxyHost {
    return {
      http: this.http,
      holderId: () => this.need().patientId,
      now: () => this.clock(),
      clinic: (signal) => this.data(signal),
      scopeUrl: EXT.proxyScope,
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
      actingHides: {value: undefined, writable: true},
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
          [acting.actingScope, acting.actingHides] = await part.checkActing(
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
  // The patient's appointments (appointments.ts) and booking, holds and rescheduling (booking.ts):
  // chunks of their own, loaded on first use — a booking widget's first steps need neither.

  /** The visit items the signed-in patient has answered for good (their completed responses). */
  private answered = new Set<string>();

  /** What the appointments and booking parts use of this adapter: its session and Slot search. */
  private host(): AppointmentsHost {
    return {
      http: this.http,
      now: () => this.clock(),
      clinic: (signal) => this.clinic(signal),
      need: () => this.need(),
      live: () => this.live(),
      hadSession: () => this.state !== null,
      patientOf: (s) => this.patientOf(s as SessionState),
      caps: (clinic) => this.caps(clinic),
      answered: () => this.answered,
      setAnswered: (s, done) => {
        if (this.state === s) this.answered = done;
      },
      actingScope: () => this.actingScope,
      hides: (serviceIds) => this.actingHides?.(serviceIds) === true,
      slots: (...a) => this.slots(...a),
    };
  }
  private async appointments() {
    return {m: await import('./appointments.js'), h: this.host()};
  }
  private async booking() {
    return {m: await import('./booking.js'), h: this.host()};
  }

  async listAppointments(query: AppointmentQuery, options?: RequestOptions): Promise<Page<Appointment>> {
    const {m, h} = await this.appointments();
    return m.listAppointments(h, query, options);
  }
  async getAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    const {m, h} = await this.appointments();
    return m.getAppointment(h, id, options);
  }
  async confirmAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    const {m, h} = await this.appointments();
    return m.confirmAppointment(h, id, options);
  }
  async getCancellationQuote(id: string, options?: RequestOptions): Promise<CancellationQuote> {
    const {m, h} = await this.appointments();
    return m.getCancellationQuote(h, id, options);
  }
  async cancelAppointment(request: CancelRequest, options?: RequestOptions): Promise<Appointment> {
    const {m, h} = await this.appointments();
    return m.cancelAppointment(h, request, options);
  }
  /** The video visit's state now and, while its room is open, the room's links (appointments.ts). */
  async getVideoJoin(appointmentId: string, options?: RequestOptions): Promise<VideoJoin> {
    const {m, h} = await this.appointments();
    return m.getVideoJoin(h, appointmentId, options);
  }
  async book(request: BookingRequest, options?: RequestOptions): Promise<Appointment> {
    const {m, h} = await this.booking();
    return m.book(h, request, options);
  }
  /** Where the server offers `Appointment/$hold` (its CapabilityStatement says so). */
  async holdSlot(slot: Slot, serviceIds: readonly string[], options?: HoldOptions): Promise<Hold> {
    const {m, h} = await this.booking();
    return m.holdSlot(h, slot, serviceIds, options);
  }
  async releaseHold(holdId: string, options?: RequestOptions): Promise<void> {
    const {m, h} = await this.booking();
    return m.releaseHold(h, holdId, options);
  }
  /** The same Appointment moved with `If-Match`, the new Slots taken first (booking.ts). */
  async rescheduleAppointment(request: RescheduleRequest, options?: RequestOptions): Promise<Appointment> {
    const {m, h} = await this.booking();
    return m.rescheduleAppointment(h, request, options);
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
