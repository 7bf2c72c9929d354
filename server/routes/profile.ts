/**
 * Routes: the patient's profile (`/profile`: read, change details), the email change
 * (`/profile/email-change`, and `/profile/email-change/confirm` with the token from the new
 * address's link), the password (`/profile/password`) and the sessions (`/profile/sessions`,
 * `/profile/sessions/sign-out-others`).
 */
import type {EmailChangeRequest, PasswordChangeRequest, ProfileUpdate} from '../../src/adapters/adapter.js';
import {
  changePassword,
  confirmEmailChange,
  getProfile,
  listSessions,
  requestEmailChange,
  signOutOtherSessions,
  updateProfile,
} from '../services/profile.js';
import {caller, json, type App, type RouteKit} from './http.js';

export function profileRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/profile', async (c) => c.json(await getProfile(s, caller(c))));
  app.put('/profile', async (c) => c.json(await updateProfile(s, caller(c), json<ProfileUpdate>(c))));
  app.post('/profile/email-change', async (c) => {
    await requestEmailChange(s, caller(c), json<EmailChangeRequest>(c));
    return c.body(null, 202);
  });
  app.post('/profile/email-change/confirm', async (c) => {
    await confirmEmailChange(s, json<{token: string}>(c).token);
    return c.body(null, 204);
  });
  app.post('/profile/password', async (c) => {
    await changePassword(s, caller(c), json<PasswordChangeRequest>(c));
    return c.body(null, 204);
  });
  app.get('/profile/sessions', async (c) => c.json({sessions: await listSessions(s, caller(c))}));
  app.post('/profile/sessions/sign-out-others', async (c) =>
    c.json({ended: await signOutOtherSessions(s, caller(c))}),
  );
}
