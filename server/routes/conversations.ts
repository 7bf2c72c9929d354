/**
 * Routes: the signed-in patient's messages with the clinic (`/conversations`,
 * `/conversations/{id}`, `/conversations/{id}/messages`, `/conversations/{id}/read`). HTTP only;
 * the services check who may.
 */
import {
  getConversation,
  listConversations,
  markConversationRead,
  replyToConversation,
  startConversation,
} from '../services/conversations.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

export function conversationRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/conversations', async (c) =>
    c.json((await listConversations(s, caller(c))) satisfies ResponseBody<'listConversations'>),
  );
  app.post('/conversations', async (c) =>
    c.json(
      (await startConversation(s, caller(c), json<unknown>(c))) satisfies ResponseBody<'startConversation'>,
      201,
    ),
  );
  app.get('/conversations/:conversationId', async (c) =>
    c.json(
      (await getConversation(
        s,
        caller(c),
        c.req.param('conversationId'),
      )) satisfies ResponseBody<'getConversation'>,
    ),
  );
  app.post('/conversations/:conversationId/messages', async (c) =>
    c.json(
      (await replyToConversation(
        s,
        caller(c),
        c.req.param('conversationId'),
        json<unknown>(c),
      )) satisfies ResponseBody<'replyToConversation'>,
      201,
    ),
  );
  app.post('/conversations/:conversationId/read', async (c) => {
    await markConversationRead(s, caller(c), c.req.param('conversationId'));
    return c.body(null, 204);
  });
}
