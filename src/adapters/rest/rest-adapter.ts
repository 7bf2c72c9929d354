/**
 * The REST adapter: the PortalAdapter contract over HTTP, as `server/openapi.yaml` describes it
 * (the tests check every request it sends against that document).
 *
 * - Base URL from the `backend` attribute (`https://…`, loopback `http://…`, or a path such as
 *   `/portal-api` resolved against the page).
 * - Cookie credentials (`credentials: 'include'`, the default): the session is the backend's
 *   httpOnly cookie; every unsafe request carries the `X-CSRF-Token` header with the token the
 *   server last gave. Nothing is put in Web Storage.
 * - Or a bearer token (`auth: 'bearer'`, or a `backend` value prefixed `bearer:`), for a page on
 *   another site than the API: the `accessToken` of the session-starting answers is kept in memory
 *   only (an ES private field: never in Web Storage, URLs, events or logs), sent as
 *   `Authorization: Bearer …` with `credentials: 'omit'` and no CSRF header, and dropped on sign-out
 *   and on any 401.
 * - A timeout per attempt; retries only for reads and for writes with an idempotency key, on
 *   network errors, timeouts, 5xx and 429, at most 3, with exponential backoff and jitter, waiting
 *   what `Retry-After` says when it says it.
 * - HTTP problems become the typed errors of `adapter.ts`; an aborted signal rejects with its reason
 *   and stops any retry.
 */
import {
  BILLING_OPERATIONS,
  MEDICAL_OPERATIONS,
  MESSAGE_OPERATIONS,
  WAITLIST_OPERATIONS,
  PROXY_INVITATION_OPERATIONS,
  FORM_OPERATIONS,
  DOCUMENT_OPERATIONS,
  ForbiddenError,
  HoldExpiredError,
  InvalidLinkError,
  NetworkError,
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
  type PasswordResetCheck,
  type ResetPasswordOptions,
  type AcceptInvitationOptions,
  type RegistrationRequest,
  type ReminderActionRequest,
  type HoldOptions,
  type RequestOptions,
  type RescheduleRequest,
  type ServerTime,
  type SignInRequest,
  type SignInResult,
} from '../adapter.js';
import type {PortalPerson} from '../../domain/rules/proxy.js';
import type {
  Appointment,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  Page,
  PaymentIntent,
  PhoneChallenge,
  ReminderChannel,
  ReminderPreferences,
  ReminderTokenInfo,
  Session,
  Slot,
  VideoJoin,
} from '../../domain/types.js';
import type {Call, Fits, Json, Named, OperationId, QueryName, ResponseBody} from './wire.js';

/** The profile's operations (`profile.ts`), installed from the medical chunk as its own are. */
const PROFILE_OPERATIONS = [
  'getProfile',
  'updateProfile',
  'requestEmailChange',
  'confirmEmailChange',
  'changePassword',
  'listSessions',
  'signOutOtherSessions',
] as const;

/**
 * The lazily loaded parts (forms, documents, billing with cards, messages, medical information,
 * the waitlist), each a chunk of its own, and the operations each installs on the prototype; a
 * failed load is a network error.
 */
const PARTS: readonly (readonly [() => Promise<object>, readonly string[]])[] = [
  [() => import('./forms.js'), FORM_OPERATIONS],
  [() => import('./documents.js'), DOCUMENT_OPERATIONS],
  // (The cards-on-file operations are in the billing chunk too: `cards.ts`.)
  [() => import('./billing.js'), BILLING_OPERATIONS],
  [() => import('./conversations.js'), MESSAGE_OPERATIONS],
  [() => import('./medical.js'), MEDICAL_OPERATIONS],
  // The profile's own operations, in the same chunk (`profile.ts`): only `<patient-profile>` uses them.
  [() => import('./medical.js'), PROFILE_OPERATIONS],
  [() => import('./waitlist.js'), WAITLIST_OPERATIONS],
  [() => import('./proxy-invitations.js'), PROXY_INVITATION_OPERATIONS],
];

/** The header naming the dependent a call acts for (family members, `rules/proxy.ts`). */
export const ACTING_FOR_HEADER = 'Portal-Acting-For'; // = ACTING_FOR_HEADER of rules/proxy.ts (a unit test checks)
/** The request header that carries the CSRF token on every unsafe request. */
export const CSRF_HEADER = 'X-CSRF-Token';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The demo payment provider's test cards (as the in-memory demo clinic's): one pays, one is declined. */
const DEMO_TEST_CARDS = {succeeds: '4242424242424242', declined: '4000000000000002'} as const;
/** Sent on unsafe requests before the server has given a token (no session yet). */
const NO_SESSION_CSRF = 'no-session';
/** A `backend` value's prefix choosing bearer tokens, e.g. `bearer:https://api.example.com/portal-api`. */
export const BEARER_BACKEND_PREFIX = 'bearer:';

/**
 * How the session travels: `cookie` (the backend's httpOnly cookie plus the CSRF header; the
 * default) or `bearer` (an access token in memory, sent as `Authorization: Bearer …`; for a page on
 * another site than the API, with the server in `PORTAL_AUTH=bearer` or `both`).
 */
export type RestAuthMode = 'cookie' | 'bearer';

export interface RestAdapterOptions {
  /** The API's base URL (absolute, or a path resolved against the page's URL). */
  readonly baseUrl: string;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Milliseconds before one attempt gives up (default 15 000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, for reads and keyed writes (default 3, at most 3). */
  readonly retries?: number;
  /** Base of the exponential backoff in ms (default 300). */
  readonly retryBaseMs?: number;
  /** A Retry-After longer than this (seconds) is not waited for: the error goes to the element (default 10). */
  readonly maxRetryAfterSeconds?: number;
  readonly events?: AdapterEvents;
  /** How the session travels (default `cookie`); see {@link RestAuthMode}. */
  readonly auth?: RestAuthMode;
}

/** A session as the server sends it: in bearer mode with the session's access token. */
type WireSession = Json<Session> & {readonly accessToken?: unknown};

interface Problem {
  readonly code?: string;
  readonly errors?: Record<string, FieldErrorCode>;
  readonly retryAfter?: number;
  readonly slotId?: string;
  readonly capability?: string;
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

function resolveBase(value: string): string {
  const loc = (globalThis as {location?: {href?: string}}).location;
  const base = new URL(value, typeof loc?.href === 'string' ? loc.href : undefined);
  return base.href.replace(/\/+$/, '');
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), if any. */
function retryAfterOf(response: Response, problem: Problem | undefined): number | undefined {
  const header = response.headers.get('Retry-After');
  if (header !== null) {
    if (/^\d+$/.test(header.trim())) return Number(header.trim());
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  return typeof problem?.retryAfter === 'number' ? problem.retryAfter : undefined;
}

class CsrfRejected extends Error {}

export class RestAdapter implements PortalAdapter {
  readonly kind = 'rest';
  readonly demo = false;
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfter: number;
  private readonly events?: AdapterEvents;
  /** `cookie` or `bearer` (how the session travels). */
  readonly auth: RestAuthMode;
  /** The session's CSRF token, in memory only. */
  private csrf: string | undefined;
  /** Bearer mode: the session's access token, in memory only (an ES private field, not enumerable). */
  #accessToken: string | undefined;

  constructor(options: RestAdapterOptions) {
    this.baseUrl = resolveBase(options.baseUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = Math.max(0, Math.min(3, options.retries ?? 3));
    this.retryBaseMs = options.retryBaseMs ?? 300;
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 10;
    this.events = options.events;
    this.auth = options.auth === 'bearer' ? 'bearer' : 'cookie';
  }

  private get bearer(): boolean {
    return this.auth === 'bearer';
  }

  /** A session from the server, without its access token (kept, in bearer mode, in memory). */
  private session(wire: WireSession): Session {
    const {accessToken, ...session} = wire;
    if (this.bearer && typeof accessToken === 'string' && accessToken !== '') this.#accessToken = accessToken;
    return session as Session;
  }

  // -------------------------------------------------------------------------------------------
  // Transport

  private url<K extends OperationId>(call: Call<K>): string {
    const query = new URLSearchParams();
    for (const [k, v] of call.query ?? []) query.append(k, v);
    const qs = query.toString();
    return `${this.baseUrl}${call.path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * One call of operation `K` (its `operationId`, a type argument only: nothing of it reaches the
   * bundle), with the retry policy. Resolves to the parsed JSON body (undefined for 202 and 204):
   * the document's success answer, or the domain type `D` when that answer is `D` as JSON carries
   * it. JSON has no template-literal types (`E164`, `PlainDate`); their patterns are the document's,
   * checked by the server and, in the tests, by validating every answer against the document.
   */
  private async call<K extends OperationId = never, D = ResponseBody<K>>(
    call: Call<K> & Fits<ResponseBody<K>, D> & Named<K>,
    options?: RequestOptions,
  ): Promise<D> {
    const signal = options?.signal;
    const retryable = call.method === 'GET' || call.idempotencyKey !== undefined;
    let csrfRetried = false;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        return await this.attempt<D, K>(call, signal);
      } catch (e) {
        if (signal?.aborted) throw abortReason(signal);
        if (e instanceof CsrfRejected) {
          if (csrfRetried || this.bearer) throw new ForbiddenError();
          csrfRetried = true;
          await this.refreshCsrf(signal);
          attempt--;
          continue;
        }
        if (!(e instanceof PortalError) || !e.retryable || !retryable || attempt >= this.retries) throw e;
        const after = (e as {retryAfterSeconds?: number}).retryAfterSeconds;
        if (after !== undefined && after > this.maxRetryAfter) throw e;
        const backoff = this.retryBaseMs * 2 ** attempt;
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        await sleep(after !== undefined ? Math.max(after * 1000, jittered) : jittered, signal);
      }
    }
  }

  private async attempt<T, K extends OperationId>(
    call: Call<K>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, call.timeoutMs ?? this.timeoutMs);
    const onAbort = () => controller.abort(abortReason(signal as AbortSignal));
    signal?.addEventListener('abort', onAbort, {once: true});
    const headers: Record<string, string> = {Accept: 'application/json, application/problem+json'};
    if (this.bearer) {
      if (this.#accessToken !== undefined) headers.Authorization = `Bearer ${this.#accessToken}`;
    } else if (call.method !== 'GET') headers[CSRF_HEADER] = this.csrf ?? NO_SESSION_CSRF;
    if (call.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = call.idempotencyKey;
    if (call.acting !== undefined) headers[ACTING_FOR_HEADER] = call.acting;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      let response: Response;
      try {
        response = await (call.send ?? this.fetchImpl)(this.url(call), {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          credentials: this.bearer ? 'omit' : 'include',
          cache: call.revalidate ? 'no-cache' : 'no-store',
          redirect: 'error',
          signal: controller.signal,
        });
      } catch (cause) {
        if (signal?.aborted) throw abortReason(signal);
        throw new NetworkError(timedOut ? 'timeout' : 'network', undefined, {cause});
      }
      const token = this.bearer ? null : response.headers.get(CSRF_HEADER);
      if (token) this.csrf = token;
      if (call.raw && response.ok) return response as T;
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        if (signal?.aborted) throw abortReason(signal);
        throw new NetworkError(timedOut ? 'timeout' : 'network', undefined, {cause});
      }
      let body: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch (cause) {
          throw new NetworkError('server', undefined, {cause});
        }
      }
      if (response.ok) {
        // 202 and 204 carry no body; any other success must be a JSON object (else: malformed).
        const empty = (response.status === 202 || response.status === 204) && body === undefined;
        if (!empty && (body === undefined || body === null || typeof body !== 'object')) {
          throw new NetworkError('server');
        }
        return body as T;
      }
      throw this.error(response, body && typeof body === 'object' ? (body as Problem) : undefined);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private error(response: Response, problem: Problem | undefined): Error {
    const status = response.status;
    const code = problem?.code;
    switch (status) {
      case 401: {
        const reason = code === 'session-expired' ? 'session-expired' : 'not-signed-in';
        this.csrf = undefined;
        this.#accessToken = undefined;
        this.events?.onSessionLost?.(reason);
        return new NotSignedInError(reason);
      }
      case 402:
        return new PaymentFailedError();
      case 403:
        return code === 'csrf' ? new CsrfRejected() : new ForbiddenError();
      case 404:
        return new NotFoundError();
      case 409:
        return code === 'hold-expired' ? new HoldExpiredError() : new SlotTakenError(problem?.slotId);
      case 410:
        return new InvalidLinkError();
      case 422:
        return new ValidationError(problem?.errors ?? {});
      case 429:
        return new RateLimitedError(retryAfterOf(response, problem) ?? 1);
      case 501:
        return new NotSupportedError(problem?.capability ?? 'unknown');
      default:
        // 503 `document-unreadable` (a stored document's file the server cannot read back): a server
        // error to the elements, but not retried — asking again does not mend the file, and the
        // server logs and audits each try.
        return code === 'document-unreadable'
          ? Object.defineProperty(
              new NetworkError('server', undefined, {problem: 'document-unreadable'}),
              'retryable',
              {value: false},
            )
          : new NetworkError('server', status >= 500 ? retryAfterOf(response, problem) : undefined);
    }
  }

  private async refreshCsrf(signal: AbortSignal | undefined): Promise<void> {
    this.csrf = undefined;
    await this.attempt<ResponseBody<'getSession'>, 'getSession'>({method: 'GET', path: '/session'}, signal);
  }

  // -------------------------------------------------------------------------------------------
  // Clinic and time

  getCapabilities(options?: RequestOptions): Promise<Capabilities> {
    return this.call<'getCapabilities'>({method: 'GET', path: '/capabilities'}, options);
  }

  getClinic(options?: RequestOptions): Promise<Clinic> {
    return this.call<'getClinic', Clinic>({method: 'GET', path: '/clinic'}, options);
  }

  getServerTime(options?: RequestOptions): Promise<ServerTime> {
    return this.call<'getServerTime'>({method: 'GET', path: '/time'}, options);
  }

  // -------------------------------------------------------------------------------------------
  // Session

  async getSession(options?: RequestOptions): Promise<Session | null> {
    const {session} = await this.call<'getSession'>({method: 'GET', path: '/session'}, options);
    return session ? this.session(session) : null;
  }

  async signIn(request: SignInRequest, options?: RequestOptions): Promise<SignInResult> {
    const result = await this.call<'signIn'>(
      {method: 'POST', path: '/session', body: {email: request.email, password: request.password}},
      options,
    );
    return result.status === 'signed-in' ? {...result, session: this.session(result.session)} : result;
  }

  async verifySignInCode(challengeId: string, code: string, options?: RequestOptions): Promise<Session> {
    return this.session(
      await this.call<'verifySignInCode'>(
        {method: 'POST', path: '/session/second-factor', body: {challengeId, code}},
        options,
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Family members (`capabilities.proxy`)

  listPeople(options?: RequestOptions): Promise<readonly PortalPerson[]> {
    return this.call<'listPeople', readonly PortalPerson[]>({method: 'GET', path: '/people'}, options);
  }

  /**
   * This adapter acting for a dependent: every request of the one answered carries
   * `Portal-Acting-For` (the server checks her grant on each), through this adapter's own transport
   * and session. Sign out with this adapter, not that one.
   */
  actingFor(personId: string): RestAdapter {
    const send = this.call.bind(this) as (c: Call, options?: RequestOptions) => Promise<unknown>;
    const call = (c: Call, options?: RequestOptions) => send({...c, acting: String(personId)}, options);
    return Object.create(this, {call: {value: call}}) as RestAdapter;
  }

  async extendSession(options?: RequestOptions): Promise<Session> {
    return this.session(await this.call<'extendSession'>({method: 'POST', path: '/session/extend'}, options));
  }

  async signOut(options?: RequestOptions): Promise<void> {
    try {
      await this.call<'signOut'>({method: 'DELETE', path: '/session'}, options);
    } finally {
      // Signing out forgets the session here even when the server could not be told.
      this.csrf = undefined;
      this.#accessToken = undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Accounts (tokens from emailed links travel in bodies, never in URLs)

  getInvitation(token: string, options?: RequestOptions): Promise<InvitationInfo> {
    return this.call<'getInvitation'>({method: 'POST', path: '/invitations/lookup', body: {token}}, options);
  }

  async acceptInvitation(
    token: string,
    password: string,
    options?: AcceptInvitationOptions,
  ): Promise<Session> {
    // What first access asks besides the password, in the body only (absent ones left out).
    const o = options ?? {};
    const body = {
      token,
      password,
      phone: o.phone,
      phoneVerificationToken: o.phoneVerificationToken,
      securityQuestion: o.securityQuestion,
      securityAnswer: o.securityAnswer,
    };
    return this.session(
      await this.call<'acceptInvitation'>({method: 'POST', path: '/invitations/accept', body}, options),
    );
  }

  async register(request: RegistrationRequest, options?: RequestOptions): Promise<void> {
    await this.call<'register'>(
      {
        method: 'POST',
        path: '/registrations',
        body: {patient: request.patient, password: request.password, privacyConsent: request.privacyConsent},
      },
      options,
    );
  }

  async verifyEmail(token: string, password: string, options?: RequestOptions): Promise<Session> {
    return this.session(
      await this.call<'verifyEmail'>(
        {method: 'POST', path: '/email-verifications', body: {token, password}},
        options,
      ),
    );
  }

  async requestPasswordReset(request: PasswordResetRequest, options?: RequestOptions): Promise<void> {
    await this.call<'requestPasswordReset'>(
      {
        method: 'POST',
        path: '/password-resets',
        body: {email: request.email, dateOfBirth: request.dateOfBirth, language: request.language},
      },
      options,
    );
  }

  checkPasswordReset(token: string, options?: RequestOptions): Promise<PasswordResetCheck> {
    return this.call<'checkPasswordReset'>(
      {method: 'POST', path: '/password-resets/check', body: {token}},
      options,
    );
  }

  async resetPassword(token: string, password: string, options?: ResetPasswordOptions): Promise<Session> {
    // (An absent answer is left out of the JSON.)
    const body = {token, password, securityAnswer: options?.securityAnswer};
    return this.session(
      await this.call<'resetPassword'>({method: 'POST', path: '/password-resets/complete', body}, options),
    );
  }

  async completeOnboarding(options?: RequestOptions): Promise<void> {
    await this.call<'completeOnboarding'>({method: 'POST', path: '/onboarding/complete'}, options);
  }

  // -------------------------------------------------------------------------------------------
  // Phone codes

  sendPhoneCode(request: PhoneCodeRequest, options?: RequestOptions): Promise<PhoneChallenge> {
    return this.call<'sendPhoneCode'>(
      {method: 'POST', path: '/phone-codes', body: {phone: request.phone, language: request.language}},
      options,
    );
  }

  async verifyPhoneCode(challengeId: string, code: string, options?: RequestOptions): Promise<string> {
    return (
      await this.call<'verifyPhoneCode'>(
        {method: 'POST', path: '/phone-codes/verify', body: {challengeId, code}},
        options,
      )
    ).token;
  }

  // -------------------------------------------------------------------------------------------
  // Catalog and availability

  getCatalog(options?: RequestOptions): Promise<Catalog> {
    return this.call<'getCatalog'>({method: 'GET', path: '/catalog'}, options);
  }

  async getCancellationReasons(options?: RequestOptions): Promise<readonly CancellationReason[]> {
    return (
      await this.call<'getCancellationReasons'>({method: 'GET', path: '/cancellation-reasons'}, options)
    ).reasons;
  }

  getAvailability(query: AvailabilityQuery, options?: RequestOptions): Promise<Availability> {
    return this.call<'getAvailability'>(
      {
        method: 'GET',
        path: '/availability',
        revalidate: true,
        query: [
          ...query.serviceIds.map((id) => ['serviceId', id] as const),
          ['providerId', query.providerId],
          ...(query.locationId === undefined ? [] : [['locationId', query.locationId] as const]),
          ['from', query.from],
          ['to', query.to],
        ],
      },
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Booking

  holdSlot(slot: Slot, serviceIds: readonly string[], options?: HoldOptions): Promise<Hold> {
    const token = options?.phoneVerificationToken;
    const body = {slot, serviceIds, ...(token ? {phoneVerificationToken: token} : {})};
    return this.call<'holdSlot'>({method: 'POST', path: '/holds', body}, options);
  }

  async releaseHold(holdId: string, options?: RequestOptions): Promise<void> {
    await this.call<'releaseHold'>({method: 'DELETE', path: `/holds/${encodeURIComponent(holdId)}`}, options);
  }

  async createDepositIntent(
    slot: Slot,
    serviceIds: readonly string[],
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<PaymentIntent | null> {
    return (
      await this.call<'createDepositIntent'>(
        {method: 'POST', path: '/deposit-intents', body: {slot, serviceIds}, idempotencyKey},
        options,
      )
    ).intent;
  }

  /**
   * The demo payment provider's confirmation step (`src/payments/demo-provider.ts`), for a server
   * whose `payments` capability is `demo`: pays `intentId` with one of the two documented test
   * cards. Only which test card was chosen goes over the wire, never a number; anything but the two
   * test numbers is refused here (`ValidationError({cardNumber: 'invalid'})`) without a request.
   * A declined card rejects with `PaymentFailedError`.
   */
  async confirmDemoPayment(intentId: string, cardNumber: string, options?: RequestOptions): Promise<void> {
    const digits = typeof cardNumber === 'string' ? cardNumber.replace(/[\s-]/g, '') : '';
    const card =
      digits === DEMO_TEST_CARDS.succeeds
        ? 'succeeds'
        : digits === DEMO_TEST_CARDS.declined
          ? 'declined'
          : null;
    if (card === null) throw new ValidationError({cardNumber: 'invalid'});
    await this.call<'confirmDemoPayment'>(
      {
        method: 'POST',
        path: `/deposit-intents/${encodeURIComponent(intentId)}/demo-payment`,
        body: {card},
      },
      options,
    );
  }

  book(request: BookingRequest, options?: RequestOptions): Promise<Appointment> {
    const {idempotencyKey, ...body} = request;
    return this.call<'book', Appointment>(
      {method: 'POST', path: '/appointments', body, idempotencyKey},
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Appointments

  listAppointments(query: AppointmentQuery, options?: RequestOptions): Promise<Page<Appointment>> {
    const params: [QueryName<'listAppointments'>, string][] = [['when', query.when]];
    for (const s of query.statuses ?? []) params.push(['status', s]);
    if (query.from !== undefined) params.push(['from', query.from]);
    if (query.to !== undefined) params.push(['to', query.to]);
    if (query.cursor !== undefined) params.push(['cursor', query.cursor]);
    if (query.limit !== undefined) params.push(['limit', String(query.limit)]);
    return this.call<'listAppointments', Page<Appointment>>(
      {method: 'GET', path: '/appointments', query: params},
      options,
    );
  }

  getAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.call<'getAppointment', Appointment>(
      {method: 'GET', path: `/appointments/${encodeURIComponent(id)}`},
      options,
    );
  }

  confirmAppointment(id: string, options?: RequestOptions): Promise<Appointment> {
    return this.call<'confirmAppointment', Appointment>(
      {method: 'POST', path: `/appointments/${encodeURIComponent(id)}/confirm`},
      options,
    );
  }

  getCancellationQuote(id: string, options?: RequestOptions): Promise<CancellationQuote> {
    return this.call<'getCancellationQuote'>(
      {method: 'GET', path: `/appointments/${encodeURIComponent(id)}/cancellation-quote`},
      options,
    );
  }

  cancelAppointment(request: CancelRequest, options?: RequestOptions): Promise<Appointment> {
    return this.call<'cancelAppointment', Appointment>(
      {
        method: 'POST',
        path: `/appointments/${encodeURIComponent(request.appointmentId)}/cancel`,
        body: {reasonId: request.reasonId, ...(request.note !== undefined ? {note: request.note} : {})},
      },
      options,
    );
  }

  rescheduleAppointment(request: RescheduleRequest, options?: RequestOptions): Promise<Appointment> {
    return this.call<'rescheduleAppointment', Appointment>(
      {
        method: 'POST',
        path: `/appointments/${encodeURIComponent(request.appointmentId)}/reschedule`,
        body: {slot: request.slot},
        idempotencyKey: request.idempotencyKey,
      },
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reminder links

  resolveReminderToken(token: string, options?: RequestOptions): Promise<ReminderTokenInfo> {
    return this.call<'resolveReminderToken', ReminderTokenInfo>(
      {method: 'POST', path: '/reminder-links/resolve', body: {token}},
      options,
    );
  }

  applyReminderAction(request: ReminderActionRequest, options?: RequestOptions): Promise<Appointment> {
    return this.call<'applyReminderAction', Appointment>(
      {
        method: 'POST',
        path: '/reminder-links/apply',
        body: {
          token: request.token,
          ...(request.reasonId !== undefined ? {reasonId: request.reasonId} : {}),
          ...(request.note !== undefined ? {note: request.note} : {}),
        },
      },
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reminder preferences

  getReminderPreferences(options?: RequestOptions): Promise<ReminderPreferences> {
    return this.call<'getReminderPreferences', ReminderPreferences>(
      {method: 'GET', path: '/reminder-preferences'},
      options,
    );
  }

  saveReminderPreferences(
    preferences: ReminderPreferences,
    options?: RequestOptions,
  ): Promise<ReminderPreferences> {
    return this.call<'saveReminderPreferences', ReminderPreferences>(
      {
        method: 'PUT',
        path: '/reminder-preferences',
        body: {email: preferences.email, phones: preferences.phones, hours: preferences.hours},
      },
      options,
    );
  }

  async sendTestReminder(channel: ReminderChannel, options?: RequestOptions): Promise<void> {
    await this.call<'sendTestReminder'>(
      {method: 'POST', path: '/reminder-preferences/test', body: {channel}},
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Profile (`profile.ts`, in the medical-information chunk, loaded on the first call): installed
  // from PROFILE_OPERATIONS.

  declare getProfile: PortalAdapter['getProfile'];
  declare updateProfile: PortalAdapter['updateProfile'];
  declare requestEmailChange: PortalAdapter['requestEmailChange'];
  declare confirmEmailChange: PortalAdapter['confirmEmailChange'];
  declare changePassword: PortalAdapter['changePassword'];
  declare listSessions: PortalAdapter['listSessions'];
  declare signOutOtherSessions: PortalAdapter['signOutOtherSessions'];

  // -------------------------------------------------------------------------------------------
  // Telehealth

  getVideoJoin(appointmentId: string, options?: RequestOptions): Promise<VideoJoin> {
    return this.call<'getVideoJoin'>(
      {method: 'GET', path: `/appointments/${encodeURIComponent(appointmentId)}/video`},
      options,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Forms (`forms.ts`, loaded on the first call): installed from FORM_OPERATIONS.

  declare listForms: PortalAdapter['listForms'];
  declare getQuestionnaireForm: PortalAdapter['getQuestionnaireForm'];
  declare saveQuestionnaireDraft: PortalAdapter['saveQuestionnaireDraft'];
  declare submitQuestionnaire: PortalAdapter['submitQuestionnaire'];
  declare getConsentForm: PortalAdapter['getConsentForm'];
  declare signConsent: PortalAdapter['signConsent'];
  declare getConsentPdf: NonNullable<PortalAdapter['getConsentPdf']>;
  declare withdrawConsent: NonNullable<PortalAdapter['withdrawConsent']>;

  // -------------------------------------------------------------------------------------------
  // Documents (`documents.ts`, loaded on the first call): installed from DOCUMENT_OPERATIONS.

  declare listDocuments: PortalAdapter['listDocuments'];
  declare downloadDocument: PortalAdapter['downloadDocument'];
  declare uploadDocument: PortalAdapter['uploadDocument'];
  declare deleteDocument: PortalAdapter['deleteDocument'];
  declare requestRefill: NonNullable<PortalAdapter['requestRefill']>;

  // -------------------------------------------------------------------------------------------
  // Billing (`billing.ts`, loaded on the first call): installed from BILLING_OPERATIONS; the
  // server says whether it has them (`capabilities.billing`, 501 otherwise).

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

  // -------------------------------------------------------------------------------------------
  // Messages (`conversations.ts`, loaded on the first call): installed from MESSAGE_OPERATIONS;
  // the server says whether it has them (`capabilities.messages`, 501 otherwise).

  declare listConversations: NonNullable<PortalAdapter['listConversations']>;
  declare getConversation: NonNullable<PortalAdapter['getConversation']>;
  declare startConversation: NonNullable<PortalAdapter['startConversation']>;
  declare replyToConversation: NonNullable<PortalAdapter['replyToConversation']>;
  declare markConversationRead: NonNullable<PortalAdapter['markConversationRead']>;
  declare downloadAttachment: NonNullable<PortalAdapter['downloadAttachment']>;

  // -------------------------------------------------------------------------------------------
  // Medical information (`medical.ts`, loaded on the first call): installed from
  // MEDICAL_OPERATIONS; the server says whether it has them (`capabilities.medical`).

  declare getMedicalInfo: NonNullable<PortalAdapter['getMedicalInfo']>;
  declare addMedicalEntry: NonNullable<PortalAdapter['addMedicalEntry']>;
  declare updateMedicalEntry: NonNullable<PortalAdapter['updateMedicalEntry']>;
  declare removeMedicalEntry: NonNullable<PortalAdapter['removeMedicalEntry']>;
  // Insurance cards (`insurance.ts`, in the same chunk), from MEDICAL_OPERATIONS too.
  declare listInsuranceCards: NonNullable<PortalAdapter['listInsuranceCards']>;
  declare addInsuranceCard: NonNullable<PortalAdapter['addInsuranceCard']>;
  declare updateInsuranceCard: NonNullable<PortalAdapter['updateInsuranceCard']>;
  declare setPrimaryInsuranceCard: NonNullable<PortalAdapter['setPrimaryInsuranceCard']>;
  declare removeInsuranceCard: NonNullable<PortalAdapter['removeInsuranceCard']>;
  // The profile photo (`photo.ts`, in the same chunk), from MEDICAL_OPERATIONS too.
  declare getProfilePhoto: NonNullable<PortalAdapter['getProfilePhoto']>;
  declare uploadProfilePhoto: NonNullable<PortalAdapter['uploadProfilePhoto']>;
  declare removeProfilePhoto: NonNullable<PortalAdapter['removeProfilePhoto']>;
  // The security question (`photo.ts`, in the same chunk), from MEDICAL_OPERATIONS too.
  declare setSecurityAnswer: NonNullable<PortalAdapter['setSecurityAnswer']>;
  declare removeSecurityAnswer: NonNullable<PortalAdapter['removeSecurityAnswer']>;
  // An insurance card's photos (`photo.ts`, in the same chunk), from MEDICAL_OPERATIONS too.
  declare getInsuranceCardPhoto: NonNullable<PortalAdapter['getInsuranceCardPhoto']>;
  declare uploadInsuranceCardPhoto: NonNullable<PortalAdapter['uploadInsuranceCardPhoto']>;
  declare removeInsuranceCardPhoto: NonNullable<PortalAdapter['removeInsuranceCardPhoto']>;

  // -------------------------------------------------------------------------------------------
  // The waitlist (`waitlist.ts`, loaded on the first call): installed from WAITLIST_OPERATIONS;
  // the server says whether it has it (`capabilities.waitlist`).

  declare listWaitlist: NonNullable<PortalAdapter['listWaitlist']>;
  declare joinWaitlist: NonNullable<PortalAdapter['joinWaitlist']>;
  declare leaveWaitlist: NonNullable<PortalAdapter['leaveWaitlist']>;
  declare resolveWaitlistOffer: NonNullable<PortalAdapter['resolveWaitlistOffer']>;
  declare acceptWaitlistOffer: NonNullable<PortalAdapter['acceptWaitlistOffer']>;

  // The adult's own invitation (`proxy-invitations.ts`, loaded on the first call), from
  // PROXY_INVITATION_OPERATIONS; the server says whether it has it (`capabilities.proxyInvitations`).
  declare inviteProxy: NonNullable<PortalAdapter['inviteProxy']>;
  declare listProxyAccess: NonNullable<PortalAdapter['listProxyAccess']>;
  declare revokeProxyAccess: NonNullable<PortalAdapter['revokeProxyAccess']>;
  declare getProxyInvitation: NonNullable<PortalAdapter['getProxyInvitation']>;
  declare answerProxyInvitation: NonNullable<PortalAdapter['answerProxyInvitation']>;

  static {
    // Every lazily loaded part's operations (`PARTS`), one installer: each loads its chunk on the
    // first call and runs the operation as a method of the adapter.
    for (const [load, ops] of PARTS)
      for (const op of ops)
        (this.prototype as unknown as Record<string, unknown>)[op] = function (
          this: RestAdapter,
          ...args: unknown[]
        ) {
          return load().then(
            (part) => (part as Record<string, (...a: unknown[]) => unknown>)[op]!.apply(this, args),
            (cause: unknown) => {
              throw new NetworkError('network', undefined, {cause});
            },
          );
        };
  }

  async checkConnection(options?: RequestOptions): Promise<number> {
    const started = performance.now();
    await this.call<'getServerTime'>({method: 'GET', path: '/time'}, options);
    return Math.max(1, Math.round(performance.now() - started));
  }
}

/**
 * The REST adapter for a `backend` attribute value: `bearer:<url>` chooses bearer tokens
 * (`auth: 'bearer'`), any other value cookie credentials unless `options.auth` says otherwise.
 */
export function createRestAdapter(
  backend: string,
  options: Omit<RestAdapterOptions, 'baseUrl'> = {},
): RestAdapter {
  const value = backend.trim();
  if (value.startsWith(BEARER_BACKEND_PREFIX))
    return new RestAdapter({
      ...options,
      auth: 'bearer',
      baseUrl: value.slice(BEARER_BACKEND_PREFIX.length).trim(),
    });
  return new RestAdapter({...options, baseUrl: value});
}
