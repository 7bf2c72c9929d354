/**
 * The reference server's HTTP layer (Hono): middleware (CORS, body limit, write limits, CSRF), every
 * request checked against `server/openapi.yaml` before it reaches a route, every failure a problem
 * document (RFC 9457); then it mounts the routes of `server/routes/` (one module per area, each
 * calling one service of `server/services/`). Sessions are httpOnly cookies, whose unsafe requests need the CSRF header,
 * or — with `auth: 'bearer'` or `'both'` — bearer tokens: the session-starting answers carry an
 * `accessToken` and requests send `Authorization: Bearer …` (no cookie, so no CSRF header).
 *
 * No request bodies, query strings or patient data are logged.
 */
import {randomUUID} from 'node:crypto';
import {getConnInfo} from '@hono/node-server/conninfo';
import {Hono, type Context} from 'hono';
import {getCookie} from 'hono/cookie';
import {bodyLimit} from 'hono/body-limit';
import {cors} from 'hono/cors';
import {
  NotSupportedError,
  PortalError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
  type FieldErrorCode,
} from '../src/domain/errors.js';
import {ABUSE_LIMITS, type RateRule} from '../src/domain/rules/index.js';
import {DatabaseUnavailableError} from './db.js';
import {DocumentFileError} from './document-files.js';
import {log, type LogLevel} from './log.js';
import {portalContract} from './openapi.js';
import type {Portal} from './portal.js';
import {accountRoutes} from './routes/accounts.js';
import {appointmentRoutes} from './routes/appointments.js';
import {bookingRoutes} from './routes/booking.js';
import {clinicRoutes} from './routes/clinic.js';
import {depositRoutes} from './routes/deposits.js';
import {healthRoutes} from './routes/health.js';
import {
  CSRF_HEADER,
  IDEMPOTENCY_HEADER,
  routeKit,
  SESSION_COOKIE,
  type AuthMode,
  type Env,
} from './routes/http.js';
import {phoneCodeRoutes} from './routes/phone-codes.js';
import {profileRoutes} from './routes/profile.js';
import {reminderRoutes} from './routes/reminders.js';
import {formRoutes} from './routes/forms.js';
import {documentRoutes} from './routes/documents.js';
import {billingRoutes} from './routes/billing.js';
import {conversationRoutes} from './routes/conversations.js';
import {cardRoutes} from './routes/cards.js';
import {medicalRoutes} from './routes/medical.js';
import {insuranceRoutes} from './routes/insurance.js';
import {photoRoutes} from './routes/photos.js';
import {PHOTO_MAX_BYTES} from '../src/domain/rules/profile-image.js';
import {waitlistRoutes} from './routes/waitlist.js';
import {peopleRoutes} from './routes/people.js';
import {sessionRoutes} from './routes/session.js';
import {STRIPE_WEBHOOK_PATH, webhookRoutes} from './routes/webhooks.js';
import {PaymentProviderError} from './payment-provider.js';
import {WebhookRejectedError} from './services/stripe-webhook.js';
import type {CallContext} from './services/context.js';
import {liveSession, oneRequest, requirePatient} from './services/session.js';
import {actingCall, auditCall} from './services/audit.js';
import {keptOwn} from './services/proxy.js';
import {ACTING_FOR_HEADER, proxyAllows} from '../src/domain/rules/proxy.js';
import {uploadLimit} from './services/documents.js';
import {MESSAGE_MAX_ATTACHMENTS} from '../src/domain/rules/messages.js';

export {CSRF_HEADER, IDEMPOTENCY_HEADER, SESSION_COOKIE, type AuthMode} from './routes/http.js';
/** Largest request body accepted (bytes), but for an upload. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Largest upload body: a file of `maxBytes` in base64, with room for its name, category and note. */
export const uploadBodyBytes = (maxBytes: number): number => Math.ceil(maxBytes / 3) * 4 + 16 * 1024;

/** How long a refused body's rest is read and dropped before the 422 (see `tooLong`). */
const LINGER_MS = 30_000;

/** Reads and drops a request body; whether it ended within `ms` (else it is cancelled). */
async function dropRest(body: ReadableStream<Uint8Array> | null, ms: number): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    reader.cancel().catch(() => undefined);
  }, ms);
  try {
    for (;;) if ((await reader.read()).done) return !late;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface AppOptions {
  /** How sessions travel (default `cookie`); see {@link AuthMode}. */
  readonly auth?: AuthMode;
  /** Origins allowed to call with credentials (CORS). Same-origin callers need none. */
  readonly allowedOrigins?: readonly string[];
  /** `Secure` on the session cookie (default: true unless the request came over plain http). */
  readonly secureCookies?: boolean;
  /** `SameSite` of the session cookie: `Lax` (the API on the clinic's own site) or `None` (another site). */
  readonly sameSite?: 'Lax' | 'Strict' | 'None';
  /** Unsafe requests per client address per minute (0: no limit). */
  readonly writesPerMinute?: number;
  /** Path the API is served under, e.g. `/portal-api` (default: the root). */
  readonly basePath?: string;
  /**
   * Behind reverse proxies: how many (`true`: one). The client's address is then the one the
   * outermost trusted proxy appended to `X-Forwarded-For` — counted from the right, since anything
   * to the left of it was written by the client. Without it: the socket's address.
   */
  readonly trustProxy?: boolean | number;
}

const STATUS: Record<string, number> = {
  'slot-taken': 409,
  'hold-expired': 409,
  validation: 422,
  'not-signed-in': 401,
  'session-expired': 401,
  forbidden: 403,
  csrf: 403,
  'rate-limited': 429,
  'not-supported': 501,
  'not-found': 404,
  'invalid-link': 410,
  'payment-failed': 402,
  server: 500,
  network: 502,
  timeout: 504,
};

const TITLES: Record<string, string> = {
  'slot-taken': 'The slot was taken',
  'hold-expired': 'The hold expired and the slot was taken',
  validation: 'Some fields are not valid',
  'not-signed-in': 'Sign-in required',
  'session-expired': 'The session ended',
  forbidden: 'Not allowed',
  csrf: 'Missing or wrong CSRF token',
  'rate-limited': 'Too many requests',
  'not-supported': 'Not supported by this backend',
  'not-found': 'Not found',
  'invalid-link': 'The link is unknown, used or expired',
  'payment-failed': 'The payment failed',
  server: 'Server error',
};

/** The answer while the database cannot be reached: 503, come back after `Retry-After`. */
function unavailable(e: DatabaseUnavailableError, requestId: string | undefined): Response {
  return new Response(
    JSON.stringify({
      type: 'urn:portal:problem:server',
      title: 'Service unavailable',
      status: 503,
      code: 'server',
      retryAfter: e.retryAfterSeconds,
      ...(requestId ? {requestId} : {}),
    }),
    {
      status: 503,
      headers: {
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
        'Retry-After': String(e.retryAfterSeconds),
      },
    },
  );
}

class CsrfError extends PortalError {
  constructor() {
    super('forbidden', 'csrf');
  }
}

/**
 * A request body that is not declared JSON (`Content-Type: application/json`): a form post or a
 * `text/plain` body — what a cross-site form or a no-preflight fetch can send — is never read.
 * 415, a problem document with `code: validation` and `errors: {Content-Type: invalid}`.
 */
class UnsupportedMediaTypeError extends ValidationError {
  constructor() {
    super({'Content-Type': 'invalid'});
  }
}

/** `application/json`, with or without parameters (`; charset=utf-8`). */
const isJsonType = (header: string | undefined): boolean =>
  /^application\/json\s*(;|$)/i.test(header?.trim() ?? '');

/**
 * A stored document whose file cannot be read back (changed, cut, missing, another key): 503 with
 * its own code, no `Retry-After` (the clinic restores the file; nothing the patient can do).
 */
function documentUnreadable(requestId: string | undefined): Response {
  return new Response(
    JSON.stringify({
      type: 'urn:portal:problem:document-unreadable',
      title: "This document's file cannot be read: the clinic has been told and must restore it",
      status: 503,
      code: 'document-unreadable',
      ...(requestId ? {requestId} : {}),
    }),
    {status: 503, headers: {'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store'}},
  );
}

function problem(c: Context<Env>, e: unknown): Response {
  const requestId = c.get('requestId');
  if (e instanceof DatabaseUnavailableError) return unavailable(e, requestId);
  if (e instanceof DocumentFileError) return documentUnreadable(requestId);
  let code = 'server';
  const body: Record<string, unknown> = {};
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
  };
  if (e instanceof CsrfError) code = 'csrf';
  else if (e instanceof PortalError) {
    code = e.code;
    if (e instanceof ValidationError) body.errors = e.fields;
    if (e instanceof RateLimitedError) {
      body.retryAfter = e.retryAfterSeconds;
      headers['Retry-After'] = String(e.retryAfterSeconds);
    }
    if (e instanceof SlotTakenError && e.slotId) body.slotId = e.slotId;
    if (e instanceof NotSupportedError) body.capability = e.capability;
  }
  const status =
    e instanceof UnsupportedMediaTypeError
      ? 415
      : e instanceof WebhookRejectedError
        ? 400
        : e instanceof PaymentProviderError
          ? 502
          : (STATUS[code] ?? 500);
  if (status >= 500 && code !== 'not-supported') code = 'server';
  return new Response(
    JSON.stringify({
      type: `urn:portal:problem:${code}`,
      title:
        status === 415
          ? 'The body must be JSON (Content-Type: application/json)'
          : status === 400
            ? 'The webhook is not signed by Stripe, too old, or not an event'
            : status === 502
              ? 'The payment provider failed or could not be reached: try again with the same Idempotency-Key'
              : (TITLES[code] ?? 'Error'),
      status,
      code,
      ...body,
      ...(requestId ? {requestId} : {}),
    }),
    {status, headers},
  );
}

/** A short, safe name for what went wrong: a class name, a `PortalError` code, an SQLSTATE. */
function errorCode(e: unknown): string | undefined {
  if (e instanceof PortalError) return e.code;
  const code = typeof e === 'object' && e !== null ? (e as {code?: unknown}).code : undefined;
  // SQLSTATEs (`23505`) and Node's codes (`ECONNRESET`) only: never free text.
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/**
 * The answer to an error thrown while handling a request, and — for every 5xx — one log line:
 * the request id, method, route pattern (never the URL: it may hold ids), status and the error's
 * class and code. Never the message (a database's may quote a value), the body or a header.
 */
function failed(c: Context<Env>, e: unknown): Response {
  const response = problem(c, e);
  if (response.status >= 500) {
    const level: LogLevel =
      response.status === 501 ? 'info' : e instanceof DatabaseUnavailableError ? 'warn' : 'error';
    log(level, response.status === 501 ? 'not supported' : 'request failed', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.get('route') ?? 'unmatched',
      status: response.status,
      error: e instanceof Error ? e.constructor.name : typeof e,
      code: errorCode(e),
    });
  }
  return response;
}

export interface PortalApp {
  readonly app: Hono<Env>;
}

/** A NUL (PostgreSQL's text cannot hold it) or a lone UTF-16 surrogate (no character at all). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path (`patient.givenName`) of the first string in a JSON value that has bad text, if any. */
function badTextIn(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = path === '' ? k : `${path}.${k}`;
    if (BAD_TEXT.test(k)) return at;
    const found = badTextIn(v, at);
    if (found) return found;
  }
  return undefined;
}

/** Headers on every answer: no sniffing, no referrer, never framed. */
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Never framed. (No CSP here: a host such as `npm start`'s demo site sets its own on every answer.)
  'X-Frame-Options': 'DENY',
};

/**
 * The client's address in `X-Forwarded-For` behind `hops` trusted proxies: each proxy appends the
 * address it received the request from, so the client is the `hops`-th entry from the right; the
 * entries left of it are the client's own words. `undefined` when the header has fewer entries.
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  const entries = (header ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.length >= hops ? entries[entries.length - hops] : undefined;
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it is. */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer +([\x21-\x7e]{1,500})$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

export function createApp(portal: Portal, options: AppOptions = {}): PortalApp {
  const contract = portalContract();
  const writes: RateRule = {
    ...ABUSE_LIMITS.writesPerAddressMinute,
    max: options.writesPerMinute ?? ABUSE_LIMITS.writesPerAddressMinute.max,
  };
  const app = new Hono<Env>().basePath(options.basePath ?? '/');
  const auth: AuthMode = options.auth ?? 'cookie';

  // First of all: every request gets an id of the server's own (a client's `X-Request-Id` is
  // ignored: it could forge or collide with another's), answered in `X-Request-Id`.
  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
  });

  if (options.allowedOrigins && options.allowedOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...options.allowedOrigins],
        credentials: auth !== 'bearer',
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        allowHeaders: [
          'Content-Type',
          CSRF_HEADER,
          IDEMPOTENCY_HEADER,
          ACTING_FOR_HEADER,
          ...(auth !== 'cookie' ? ['Authorization'] : []),
        ],
        exposeHeaders: [CSRF_HEADER, 'Retry-After', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }

  /** The caller's address for rate limits: the socket's, or the proxy's word when it is trusted. */
  function clientAddress(c: Context<Env>): string {
    const hops = options.trustProxy === true ? 1 : Number(options.trustProxy || 0);
    const forwarded = hops > 0 ? forwardedClient(c.req.header('x-forwarded-for'), hops) : undefined;
    if (forwarded) return forwarded;
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  app.onError((e, c) => failed(c, e));

  // Outermost: every answer (successes, problems, 404s, the body limit's 413/422) gets these.
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  });

  // No request of the contract needs more than this; a bigger body is refused before it is read.
  // Two routes take more: an upload (`POST /documents`), the clinic's file limit in base64, and
  // the profile photo (`PUT /profile/photo`) and an insurance card's, the photo rule's 5 MB in base64.
  const tooLong = async (c: Context<Env>) => {
    const response = problem(c, new ValidationError({body: 'too-long'}));
    // Refused by its declared length, nothing of it read: the rest is read and dropped before the
    // answer (for at most LINGER_MS, as nginx's lingering close does), so the client, still
    // sending, reads the 422 instead of a reset — a patient's too-large photo says "too large",
    // not "connection problem". Past that time, or a body already partly read, the connection
    // is closed.
    const drained =
      c.req.header('content-length') !== undefined && !c.req.raw.bodyUsed
        ? await dropRest(c.req.raw.body, LINGER_MS)
        : false;
    if (!drained) response.headers.set('Connection', 'close');
    return response;
  };
  const smallBodies = bodyLimit({maxSize: MAX_BODY_BYTES, onError: tooLong});
  const uploads = bodyLimit({
    maxSize: uploadBodyBytes(uploadLimit(portal.context)),
    onError: tooLong,
  });
  const photos = bodyLimit({maxSize: uploadBodyBytes(PHOTO_MAX_BYTES), onError: tooLong});
  // A message with files: as many as a message may carry, each up to the upload limit (the rule
  // refuses one too many or too large with its own reason when the body fits).
  const messageFiles = bodyLimit({
    maxSize: uploadBodyBytes(uploadLimit(portal.context) * MESSAGE_MAX_ATTACHMENTS),
    onError: tooLong,
  });
  const uploadPath = `${options.basePath ?? ''}/documents`;
  const photoPath = `${options.basePath ?? ''}/profile/photo`;
  const basePattern = (options.basePath ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const messagePath = new RegExp(`^${basePattern}/conversations(/[^/]+/messages)?$`);
  // An insurance card's photo (`PUT /insurance-cards/{cardId}/photos/{side}`): the same rule's.
  const cardPhotoPath = new RegExp(`^${basePattern}/insurance-cards/[^/]+/photos/[^/]+$`);
  app.use('*', (c, next) => {
    // GET and HEAD have no body here (Hono's request gives them none): nothing to limit, and
    // asking for it would build a whole fetch Request per read.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const path = new URL(c.req.url).pathname;
    return (
      c.req.method === 'POST' && path === uploadPath
        ? uploads
        : c.req.method === 'PUT' && (path === photoPath || cardPhotoPath.test(path))
          ? photos
          : c.req.method === 'POST' && messagePath.test(path)
            ? messageFiles
            : smallBodies
    )(c, next);
  });
  app.notFound((c) => problem(c, new PortalError('not-found')));

  // Contract check, CSRF and write limits before any route.
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const url = new URL(c.req.url);
    const base = options.basePath ?? '';
    if (!url.pathname.startsWith(base)) throw new PortalError('not-found');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      throw new PortalError('not-found');
    }
    if (BAD_TEXT.test(path)) throw new PortalError('not-found');
    // HEAD is GET without the body (Hono runs the GET route and drops it).
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const matched = contract.match(method, url.pathname.slice(base.length) || '/');
    if (!matched) throw new PortalError('not-found');
    c.set('route', matched.operation.template);
    // Stripe's webhook: its raw body is the route's to read and its signature to check (no CSRF:
    // nothing a browser sends with a cookie is trusted there).
    const raw = matched.operation.template === STRIPE_WEBHOOK_PATH;
    for (const [name, value] of url.searchParams)
      if (BAD_TEXT.test(name) || BAD_TEXT.test(value)) throw new ValidationError({[name]: 'invalid'});
    const unsafe = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const bearerToken = auth !== 'cookie' ? bearerOf(c.req.header('authorization')) : undefined;
    const cookieToken = auth !== 'bearer' ? getCookie(c, SESSION_COOKIE) : undefined;
    const address = clientAddress(c);
    // Acting for a dependent (family members, #21): a patient id, checked below with its grant.
    const actingHeader = c.req.header(ACTING_FOR_HEADER);
    if (actingHeader !== undefined && !/^[\x21-\x7e]{1,100}$/.test(actingHeader))
      throw new PortalError('not-found');
    const acting = actingHeader !== undefined ? {actingFor: actingHeader} : {};
    const ctx: CallContext = oneRequest(
      bearerToken
        ? {sessionToken: bearerToken, bearer: true, address, ...acting}
        : cookieToken
          ? {sessionToken: cookieToken, address, ...acting}
          : {address, ...acting},
    );
    c.set('ctx', ctx);
    if (unsafe) {
      // In the database: every server process on it counts the same writes.
      if (writes.max > 0) await portal.context.limits.take(`writes:${address}`, writes);
      // Only a request the browser may have sent with the cookie needs the CSRF header: never a
      // bearer request, and in bearer or both modes not a request without the cookie either.
      const needsCsrf = !raw && !ctx.bearer && (auth === 'cookie' || cookieToken !== undefined);
      if (needsCsrf) {
        const sent = c.req.header(CSRF_HEADER);
        if (!sent) throw new CsrfError();
        const live = await liveSession(portal.context, ctx);
        if (live && sent !== live.row.csrf_token) throw new CsrfError();
      }
    }
    if (raw) {
      c.set('ctx', oneRequest({address}));
      await next();
      return;
    }
    let body: unknown;
    let text = '';
    try {
      if (unsafe) text = await c.req.text();
    } catch {
      // The client went away mid-body (a cancelled upload, a dropped line): a 4xx nobody reads,
      // nothing stored, no 5xx logged as the server's failure.
      throw new ValidationError({body: 'invalid'});
    }
    if (text !== '') {
      // JSON only, declared as such (cookie and bearer modes alike): never a form or text body.
      if (!isJsonType(c.req.header('content-type'))) throw new UnsupportedMediaTypeError();
      try {
        body = JSON.parse(text);
      } catch {
        throw new ValidationError({body: 'invalid'});
      }
      const bad = badTextIn(body);
      if (bad) throw new ValidationError({[bad]: 'invalid'});
    }
    const issues = contract.validateRequest(matched, {
      query: url.searchParams,
      headers: {get: (name) => c.req.header(name) ?? null},
      body,
    });
    if (issues.some((i) => i.where === `header:${CSRF_HEADER}`)) throw new CsrfError();
    if (issues.length > 0) {
      const fields: Record<string, FieldErrorCode> = {};
      for (const i of issues) {
        const name =
          i.where === `header:${IDEMPOTENCY_HEADER}` ? 'idempotencyKey' : i.where.replace(/^header:/, '');
        fields[name] ??= i.missing ? 'required' : 'invalid';
      }
      throw new ValidationError(fields);
    }
    if (ctx.actingFor !== undefined) {
      // Family members (#21): the signed-in holder's live grant for that person, read from the
      // database on this very request (a revoked one stops at once), and an operation its scope
      // allows (`rules/proxy.ts`); otherwise not found, revealing nothing. Audited with both ids.
      const live = await requirePatient(portal.context, ctx);
      const operation = matched.operation.operationId;
      if (
        !live.proxy ||
        !proxyAllows(live.proxy.grant.scope, operation, keptOwn(portal.context, live.patient))
      )
        throw new PortalError('not-found');
      actingCall(ctx, live.proxy.holder.id);
      await auditCall(portal.context, portal.context.db, ctx, {
        actor: live.patient.id,
        action: `proxy.${operation}`,
        sessionId: live.row.id,
      });
    }
    c.set('matched', matched);
    c.set('body', body);
    await next();
    // Whoever has a live session learns its CSRF token with every answer.
    if (!c.res.headers.has(CSRF_HEADER) && ctx.sessionToken && !ctx.bearer && c.res.status < 400) {
      // Best effort: an answer already made (e.g. `/health` while the database is down) stands.
      const live = await liveSession(portal.context, ctx).catch(() => null);
      if (live) c.res.headers.set(CSRF_HEADER, live.row.csrf_token);
    }
  });

  const kit = routeKit(portal.context, options);
  for (const routes of [
    healthRoutes,
    clinicRoutes,
    sessionRoutes,
    accountRoutes,
    phoneCodeRoutes,
    bookingRoutes,
    depositRoutes,
    appointmentRoutes,
    reminderRoutes,
    profileRoutes,
    formRoutes,
    documentRoutes,
    billingRoutes,
    conversationRoutes,
    cardRoutes,
    medicalRoutes,
    insuranceRoutes,
    photoRoutes,
    waitlistRoutes,
    peopleRoutes,
    webhookRoutes,
  ])
    routes(app, kit);

  return {app};
}
