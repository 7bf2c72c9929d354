/**
 * Routes: family members (`/people`, #21), and the adult's own invitation (`/proxy-invitations`,
 * `/proxy-invitations/lookup` and `/proxy-invitations/answer` with the token from the link,
 * `/proxy-access`, `/proxy-access/{id}`). HTTP only; acting for someone is checked in `app.ts`.
 */
import type {ProxyInvitationRequest} from '../../src/adapters/adapter.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';
import {listPeople} from '../services/proxy.js';
import {
  answerProxyInvitation,
  getProxyInvitation,
  inviteProxy,
  listProxyAccess,
  revokeProxyAccess,
} from '../services/proxy-invitations.js';
import {caller, json, type App, type RouteKit} from './http.js';

export function peopleRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/people', async (c) =>
    c.json((await listPeople(s, caller(c))) satisfies ResponseBody<'listPeople'>),
  );
  app.post('/proxy-invitations', async (c) => {
    // The email, scope and relationship are checked field by field by the domain's rule.
    await inviteProxy(s, caller(c), json<RequestBody<'inviteProxy'>>(c) as ProxyInvitationRequest);
    return c.body(null, 202);
  });
  app.post('/proxy-invitations/lookup', async (c) =>
    c.json(
      (await getProxyInvitation(
        s,
        caller(c),
        json<RequestBody<'getProxyInvitation'>>(c).token,
      )) satisfies ResponseBody<'getProxyInvitation'>,
    ),
  );
  app.post('/proxy-invitations/answer', async (c) => {
    const body = json<RequestBody<'answerProxyInvitation'>>(c);
    await answerProxyInvitation(s, caller(c), body.token, body.answer);
    return c.body(null, 204);
  });
  app.get('/proxy-access', async (c) =>
    c.json((await listProxyAccess(s, caller(c))) satisfies ResponseBody<'listProxyAccess'>),
  );
  app.delete('/proxy-access/:id', async (c) => {
    await revokeProxyAccess(s, caller(c), c.req.param('id'));
    return c.body(null, 204);
  });
}
