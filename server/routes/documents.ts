/**
 * Routes: the signed-in patient's documents (`/documents`, `/documents/{id}/content`, a
 * prescription's `/documents/{id}/refill-requests`). HTTP only;
 * the services check who may. A download answers the bytes with `Content-Disposition` (inline or
 * attachment, the cleaned original name), `Cache-Control: no-store` and `nosniff`.
 */
import type {DocumentFolder} from '../../src/domain/documents.js';
import {contentDisposition} from '../../src/domain/rules/documents.js';
import {
  deleteDocument,
  downloadDocument,
  listDocuments,
  requestRefill,
  uploadDocument,
} from '../services/documents.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

export function documentRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/documents', async (c) =>
    c.json(
      (await listDocuments(s, caller(c), {
        folder: c.req.query('folder') as DocumentFolder | undefined,
      })) satisfies ResponseBody<'listDocuments'>,
    ),
  );
  app.post('/documents', async (c) =>
    c.json(
      (await uploadDocument(s, caller(c), json<unknown>(c))) satisfies ResponseBody<'uploadDocument'>,
      201,
    ),
  );
  app.delete('/documents/:documentId', async (c) => {
    await deleteDocument(s, caller(c), c.req.param('documentId'));
    return c.body(null, 204);
  });
  app.post('/documents/:documentId/refill-requests', async (c) => {
    const got = await requestRefill(s, caller(c), c.req.param('documentId'), json<unknown>(c));
    return c.json(got satisfies ResponseBody<'requestRefill'>, got.alreadyRequested ? 200 : 201);
  });
  app.get('/documents/:documentId/content', async (c) => {
    const doc = await downloadDocument(s, caller(c), c.req.param('documentId'));
    const body = doc.content.buffer.slice(
      doc.content.byteOffset,
      doc.content.byteOffset + doc.content.byteLength,
    ) as ArrayBuffer;
    return c.body(body, 200, {
      'Content-Type': doc.contentType,
      'Content-Length': String(doc.content.byteLength),
      'Content-Disposition': contentDisposition(doc.fileName, c.req.query('disposition') === 'inline'),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
