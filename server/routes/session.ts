/**
 * Routes: the session (`/session`: read, sign in, sign out; `/session/extend`;
 * `/session/second-factor`) and `/onboarding/complete`.
 */
import {deleteCookie} from 'hono/cookie';
import {
  completeOnboarding,
  currentSession,
  extendSession,
  signIn,
  signOut,
  verifySignInCode,
} from '../services/session.js';
import {caller, CSRF_HEADER, json, SESSION_COOKIE, type App, type RouteKit} from './http.js';
import type {SignInRequest} from '../../src/adapters/adapter.js';
import type {BodyAs, RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function sessionRoutes(app: App, kit: RouteKit): void {
  const s = kit.services;
  app.get('/session', async (c) => {
    const call = caller(c);
    const current = await currentSession(s, call);
    const bearer = call.bearer === true;
    if (!current && call.sessionToken && !bearer) deleteCookie(c, SESSION_COOKIE, {path: '/'});
    if (current && !bearer) c.header(CSRF_HEADER, current.csrf);
    return c.json({session: current?.session ?? null} satisfies ResponseBody<'getSession'>);
  });
  app.post('/session', async (c) => {
    const {result, started} = await signIn(s, json<BodyAs<'signIn', SignInRequest>>(c), kit.startOptions(c));
    const answer = started ? {...result, session: kit.answerSession(c, started)} : result;
    return c.json(answer satisfies ResponseBody<'signIn'>);
  });
  app.delete('/session', async (c) => {
    await signOut(s, caller(c));
    if (kit.auth !== 'bearer') deleteCookie(c, SESSION_COOKIE, {path: '/'});
    return c.body(null, 204);
  });
  app.post('/session/extend', async (c) => {
    const session = await extendSession(s, caller(c));
    const {sessionToken, bearer} = caller(c);
    // A bearer client gets its (unchanged) token back, as from every answer that returns a session.
    const answer = bearer && sessionToken ? {...session, accessToken: sessionToken} : session;
    return c.json(answer satisfies ResponseBody<'extendSession'>);
  });
  app.post('/session/second-factor', async (c) => {
    const {challengeId, code} = json<RequestBody<'verifySignInCode'>>(c);
    const session = kit.answerSession(c, await verifySignInCode(s, challengeId, code, kit.startOptions(c)));
    return c.json(session satisfies ResponseBody<'verifySignInCode'>);
  });
  app.post('/onboarding/complete', async (c) => {
    await completeOnboarding(s, caller(c));
    return c.body(null, 204);
  });
}
