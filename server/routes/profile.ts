/**
 * Routes: the patient's profile (`/profile`: read, change details), the email change
 * (`/profile/email-change`, and `/profile/email-change/confirm` with the token from the new
 * address's link), the password (`/profile/password`), the security question
 * (`/profile/security-question`, `/profile/security-question/removal`) and the sessions (`/profile/sessions`,
 * `/profile/sessions/sign-out-others`).
 */
import type {
  EmailChangeRequest,
  PasswordChangeRequest,
  ProfileUpdate,
  SecurityAnswerRemoval,
  SecurityAnswerRequest,
} from '../../src/adapters/adapter.js';
import type {BodyAs, RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';
import {
  changePassword,
  confirmEmailChange,
  getProfile,
  listSessions,
  removeSecurityAnswer,
  requestEmailChange,
  setSecurityAnswer,
  signOutOtherSessions,
  updateProfile,
} from '../services/profile.js';
import {caller, json, type App, type RouteKit} from './http.js';

export function profileRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/profile', async (c) =>
    c.json((await getProfile(s, caller(c))) satisfies ResponseBody<'getProfile'>),
  );
  app.put('/profile', async (c) => {
    // The document takes any strings here (field-level 422 from the profile rules, not a schema error).
    const profile = await updateProfile(s, caller(c), json<ProfileUpdate>(c));
    return c.json(profile satisfies ResponseBody<'updateProfile'>);
  });
  app.post('/profile/email-change', async (c) => {
    await requestEmailChange(s, caller(c), json<BodyAs<'requestEmailChange', EmailChangeRequest>>(c));
    return c.body(null, 202);
  });
  app.post('/profile/email-change/confirm', async (c) => {
    await confirmEmailChange(s, json<RequestBody<'confirmEmailChange'>>(c).token);
    return c.body(null, 204);
  });
  app.post('/profile/password', async (c) => {
    await changePassword(s, caller(c), json<BodyAs<'changePassword', PasswordChangeRequest>>(c));
    return c.body(null, 204);
  });
  app.put('/profile/security-question', async (c) => {
    const body = json<BodyAs<'setSecurityAnswer', SecurityAnswerRequest>>(c);
    return c.json((await setSecurityAnswer(s, caller(c), body)) satisfies ResponseBody<'setSecurityAnswer'>);
  });
  app.post('/profile/security-question/removal', async (c) => {
    const body = json<BodyAs<'removeSecurityAnswer', SecurityAnswerRemoval>>(c);
    return c.json(
      (await removeSecurityAnswer(s, caller(c), body)) satisfies ResponseBody<'removeSecurityAnswer'>,
    );
  });
  app.get('/profile/sessions', async (c) =>
    c.json({sessions: await listSessions(s, caller(c))} satisfies ResponseBody<'listSessions'>),
  );
  app.post('/profile/sessions/sign-out-others', async (c) =>
    c.json({ended: await signOutOtherSessions(s, caller(c))} satisfies ResponseBody<'signOutOtherSessions'>),
  );
}
