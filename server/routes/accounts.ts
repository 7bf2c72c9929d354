/**
 * Routes: accounts (`/invitations/*`, `/registrations`, `/email-verifications`,
 * `/password-resets/*`). Tokens from emailed links travel in bodies, never in URLs.
 */
import {
  acceptInvitation,
  checkPasswordReset,
  getInvitation,
  register,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from '../services/accounts.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function accountRoutes(app: App, kit: RouteKit): void {
  const s = kit.services;
  app.post('/invitations/lookup', async (c) =>
    c.json(
      (await getInvitation(
        s,
        json<RequestBody<'getInvitation'>>(c).token,
      )) satisfies ResponseBody<'getInvitation'>,
    ),
  );
  app.post('/invitations/accept', async (c) => {
    const {token, password, ...details} = json<RequestBody<'acceptInvitation'>>(c);
    const started = await acceptInvitation(s, token, password, kit.startOptions(c), details);
    const session = kit.answerSession(c, started);
    return c.json(session satisfies ResponseBody<'acceptInvitation'>);
  });
  app.post('/registrations', async (c) => {
    await register(s, json(c));
    return c.body(null, 202);
  });
  app.post('/email-verifications', async (c) => {
    const body = json<RequestBody<'verifyEmail'>>(c);
    const session = await verifyEmail(s, body.token, body.password, kit.startOptions(c));
    return c.json(kit.answerSession(c, session) satisfies ResponseBody<'verifyEmail'>);
  });
  app.post('/password-resets', async (c) => {
    await requestPasswordReset(s, json(c), caller(c));
    return c.body(null, 202);
  });
  app.post('/password-resets/check', async (c) =>
    c.json(
      (await checkPasswordReset(
        s,
        json<RequestBody<'checkPasswordReset'>>(c).token,
      )) satisfies ResponseBody<'checkPasswordReset'>,
    ),
  );
  app.post('/password-resets/complete', async (c) => {
    const {token, password, securityAnswer} = json<RequestBody<'resetPassword'>>(c);
    const started = await resetPassword(s, token, password, kit.startOptions(c), securityAnswer);
    const session = kit.answerSession(c, started);
    return c.json(session satisfies ResponseBody<'resetPassword'>);
  });
}
