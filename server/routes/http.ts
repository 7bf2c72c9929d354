/**
 * What the route modules share: the request's context as the middleware in `app.ts` leaves it
 * (the checked JSON body, who is calling), the session cookie and headers, and how an answer that
 * starts a session hands it over (the cookie and CSRF header, or a bearer token in the body).
 */
import type {Context, Hono} from 'hono';
import {setCookie} from 'hono/cookie';
import type {Session} from '../../src/domain/types.js';
import type {MatchedOperation} from '../openapi.js';
import type {CallContext, PortalContext} from '../services/context.js';
import type {StartedSession, StartOptions} from '../services/session.js';

export const SESSION_COOKIE = 'portal_session';
export const CSRF_HEADER = 'X-CSRF-Token';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * How sessions travel: `cookie` (the httpOnly `portal_session` cookie plus the CSRF header on
 * writes; the default), `bearer` (an access token in the JSON body of every answer that starts a
 * session, sent back as `Authorization: Bearer …`; no cookie, no CSRF header), or `both` (a request
 * without the CSRF header and without the cookie is a bearer client; with the header, a cookie one).
 */
export type AuthMode = 'cookie' | 'bearer' | 'both';

export type Env = {
  Variables: {
    matched: MatchedOperation;
    body: unknown;
    ctx: CallContext;
    csrf?: string;
    /** This request's id (server-made, never the client's): `X-Request-Id`, problem documents, logs. */
    requestId: string;
    /** The contract's path template the request matched (`/appointments/{id}`), for logs. */
    route?: string;
  };
};

export type App = Hono<Env>;

/** The request's JSON body, already checked against the contract. */
export const json = <T>(c: Context<Env>): T => c.get('body') as T;

/** Who is calling (the session's token, if any). */
export const caller = (c: Context<Env>): CallContext => c.get('ctx');

/** The `Idempotency-Key` header (empty when absent). */
export const idempotencyKey = (c: Context<Env>): string => c.req.header(IDEMPOTENCY_HEADER) ?? '';

/** What every route module gets: the services' context and how sessions travel. */
export interface RouteKit {
  readonly services: PortalContext;
  readonly auth: AuthMode;
  /** How a session this request starts is started: bearer or not, replacing the caller's. */
  startOptions(c: Context<Env>): StartOptions;
  /** The answer for a session just started: the cookie and CSRF header, or the bearer token. */
  answerSession(c: Context<Env>, started: StartedSession): Session & {accessToken?: string};
}

export function routeKit(
  services: PortalContext,
  options: {auth?: AuthMode; secureCookies?: boolean; sameSite?: 'Lax' | 'Strict' | 'None'},
): RouteKit {
  const auth: AuthMode = options.auth ?? 'cookie';
  /** Whether a session started by this request is a bearer one (see {@link AuthMode}). */
  const wantsBearer = (c: Context<Env>): boolean =>
    auth === 'bearer' || (auth === 'both' && (caller(c).bearer === true || !c.req.header(CSRF_HEADER)));
  return {
    services,
    auth,
    startOptions: (c) => ({bearer: wantsBearer(c), replacing: caller(c)}),
    answerSession(c, started) {
      if (wantsBearer(c)) return {...started.session, accessToken: started.cookie};
      setCookie(c, SESSION_COOKIE, started.cookie, {
        httpOnly: true,
        secure: options.secureCookies ?? new URL(c.req.url).protocol === 'https:',
        sameSite: options.sameSite ?? 'Lax',
        path: '/',
      });
      c.header(CSRF_HEADER, started.csrf);
      return started.session;
    },
  };
}
