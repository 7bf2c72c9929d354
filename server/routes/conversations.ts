/**
 * Routes: the signed-in patient's messages with the clinic (`/conversations`,
 * `/conversations/{id}`, `/conversations/{id}/messages`, `/conversations/{id}/read`) and a
 * message's file (`/message-attachments/{id}/content`, answered as a document's download). HTTP
 * only; the services check who may.
 */
import {contentDisposition} from '../../src/domain/rules/documents.js';
import {
  downloadAttachment,
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
  app.get('/message-attachments/:attachmentId/content', async (c) => {
    const file = await downloadAttachment(s, caller(c), c.req.param('attachmentId'));
    const body = file.content.buffer.slice(
      file.content.byteOffset,
      file.content.byteOffset + file.content.byteLength,
    ) as ArrayBuffer;
    return c.body(body, 200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.content.byteLength),
      'Content-Disposition': contentDisposition(file.fileName, c.req.query('disposition') === 'inline'),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
