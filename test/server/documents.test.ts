/**
 * The documents routes over HTTP (issue #19), beyond the contract suite: a download's headers
 * (disposition, cleaned name, no-store, nosniff), the upload route's own body limit (the clinic's
 * file limit in base64; other routes keep theirs), a non-JSON upload is 415, a bad folder or bad
 * base64 is 422, another patient's id is 404 and audited, and nothing is stored on a refusal.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {MAX_BODY_BYTES, createApp, uploadBodyBytes} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {connect} from 'node:net';
import {captureLog} from '../../server/log.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const LIMIT = 4096;
const database = testDatabase('documents');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({
    clock: () => T0,
    data: {...createDemoClinicData(), maxUploadBytes: LIMIT},
    ...database.options,
  });
  app = createApp(server.portal).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
let auth: Record<string, string> = {};
const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: {'Content-Type': 'application/json', ...auth, ...headers},
    ...(body === undefined ? {} : {body: typeof body === 'string' ? body : JSON.stringify(body)}),
  });
const count = async () =>
  (await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM documents'))[0].n;

async function signIn() {
  auth = {};
  const r = await send(
    'POST',
    '/session',
    {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD},
    {
      'X-CSRF-Token': 'none',
    },
  );
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

describe('documents over HTTP', () => {
  it('serves the seeded documents with safe download headers, and marks them opened', async () => {
    await server.reset();
    await signIn();
    const list = (await (await send('GET', '/documents')).json()) as {
      documents: {id: string; fileName: string; isNew: boolean; folder: string}[];
      maxUploadBytes: number;
    };
    expect(list.maxUploadBytes).toBe(LIMIT);
    const lab = list.documents.find((d) => d.folder === 'results');
    expect(lab).toMatchObject({fileName: 'biometria-hematica.pdf', isNew: true});
    const r = await send('GET', `/documents/${lab!.id}/content?disposition=inline`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(
      `inline; filename="biometria-hematica.pdf"; filename*=UTF-8''biometria-hematica.pdf`,
    );
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const saved = await send('GET', `/documents/${lab!.id}/content`);
    expect(saved.headers.get('content-disposition')?.startsWith('attachment;')).toBe(true);
    const again = (await (await send('GET', '/documents?folder=results')).json()) as typeof list;
    expect(again.documents.find((d) => d.id === lab!.id)?.isNew).toBe(false);
    const audit = await server.db.query<{action: string; document_id: string}>(
      "SELECT action, document_id FROM audit_log WHERE action LIKE 'documents.%' ORDER BY seq",
    );
    expect(audit).toEqual([
      {action: 'documents.download', document_id: lab!.id},
      {action: 'documents.download', document_id: lab!.id},
    ]);
  });

  it('answers 404 for an id that is not the patient’s, and audits it', async () => {
    await server.reset();
    const [other] = await server.db.query<{id: string}>(
      'SELECT id FROM patients WHERE email_key <> $1 LIMIT 1',
      [DEMO_PATIENT_EMAIL.toLowerCase()],
    );
    await server.db.query(
      `INSERT INTO documents (id, patient_id, folder, file_name, content_type, size, created_ms, content)
       VALUES ('doc_not_hers', $1, 'results', 'x.pdf', 'application/pdf', $2, $3, $4)`,
      [other.id, PDF.length, T0, PDF],
    );
    await signIn();
    expect((await send('GET', '/documents/doc_not_hers/content')).status).toBe(404);
    const listed = (await (await send('GET', '/documents')).json()) as {documents: {id: string}[]};
    expect(listed.documents.map((d) => d.id)).not.toContain('doc_not_hers');
    expect(
      await server.db.query("SELECT document_id FROM audit_log WHERE action = 'documents.denied'"),
    ).toEqual([{document_id: 'doc_not_hers'}]);
    // Deleting it: 404, still there, audited as denied; her own upload: 204, gone, audited.
    expect((await send('DELETE', '/documents/doc_not_hers')).status).toBe(404);
    expect(await server.db.query("SELECT id FROM documents WHERE id = 'doc_not_hers'")).toHaveLength(1);
    const up = await send('POST', '/documents', {
      fileName: 'mio.pdf',
      category: 'results',
      content: PDF.toString('base64'),
    });
    const mine = ((await up.json()) as {id: string}).id;
    expect((await send('DELETE', `/documents/${mine}`)).status).toBe(204);
    expect(await server.db.query('SELECT id FROM documents WHERE id = $1', [mine])).toHaveLength(0);
    expect(
      await server.db.query(
        "SELECT action, document_id FROM audit_log WHERE action IN ('documents.delete', 'documents.denied') ORDER BY seq",
      ),
    ).toEqual([
      {action: 'documents.denied', document_id: 'doc_not_hers'},
      {action: 'documents.denied', document_id: 'doc_not_hers'},
      {action: 'documents.delete', document_id: mine},
    ]);
    auth = {};
    expect((await send('GET', '/documents')).status).toBe(401);
  });

  it('refuses bad input with 4xx and stores nothing', async () => {
    await server.reset();
    await signIn();
    const before = await count();
    const upload = (over: Record<string, unknown>) =>
      send('POST', '/documents', {
        fileName: 'a.pdf',
        category: 'results',
        content: PDF.toString('base64'),
        ...over,
      });
    // The clinic's limit: one byte over is refused by the rule; a body beyond the route's limit unread.
    const over = Buffer.alloc(LIMIT + 1);
    PDF.copy(over);
    const tooBig = await upload({content: over.toString('base64')});
    expect(tooBig.status).toBe(422);
    expect(((await tooBig.json()) as {errors: object}).errors).toEqual({file: 'file-too-large'});
    const huge = await upload({content: 'A'.repeat(uploadBodyBytes(LIMIT) + 10)});
    expect(huge.status).toBe(422);
    expect(((await huge.json()) as {errors: object}).errors).toEqual({body: 'too-long'});
    expect((await upload({content: 'not base64!'})).status).toBe(422);
    expect((await upload({content: Buffer.from('MZ\x90\x00').toString('base64')})).status).toBe(422);
    expect((await upload({category: 'bills'})).status).toBe(422);
    expect((await upload({fileName: 5})).status).toBe(422);
    expect((await send('POST', '/documents', 'fileName=a.pdf', {'Content-Type': 'text/plain'})).status).toBe(
      415,
    );
    expect((await send('GET', '/documents?folder=bills')).status).toBe(422);
    expect((await send('POST', '/documents', '{"fileName":')).status).toBe(422);
    expect(await count()).toBe(before);
    // Other routes keep the small limit.
    const big = await send('POST', '/session', {email: 'x'.repeat(MAX_BODY_BYTES), password: 'y'});
    expect(big.status).toBe(422);
    const ok = await upload({fileName: '..\\..\\Mi receta <b>.pdf', note: 'hola'});
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({fileName: 'Mi receta b.pdf', folder: 'uploads', note: 'hola'});
    expect(await count()).toBe(before + 1);
  });

  it('emails "a new document is available" when the clinic adds one: her language, no name, a link to the documents section', async () => {
    await server.reset();
    const [me] = await server.db.query<{id: string; language: string}>(
      'SELECT id, language FROM patients WHERE email_key = $1',
      [DEMO_PATIENT_EMAIL.toLowerCase()],
    );
    const [other] = await server.db.query<{id: string; email: string}>(
      'SELECT id, email FROM patients WHERE email_key <> $1 LIMIT 1',
      [DEMO_PATIENT_EMAIL.toLowerCase()],
    );
    // The other patient reads English, the demo patient Spanish: each gets her own language.
    await server.db.query(`UPDATE patients SET language = 'en' WHERE id = $1`, [other.id]);
    const mine = await server.portal.addClinicDocument(me.id, {
      folder: 'results',
      fileName: 'VIH-resultado-CONFIDENCIAL.pdf',
      content: PDF,
      author: 'Laboratorio Central',
    });
    const theirs = await server.portal.addClinicDocument(other.id, {
      folder: 'images',
      fileName: 'rx-torax-CONFIDENTIAL.pdf',
      content: PDF,
    });
    const mails = await server.db.query<{
      recipient: string;
      language: string;
      subject: string;
      body: string;
      links: Record<string, string>;
    }>(
      "SELECT recipient, language, subject, body, links FROM outbox WHERE kind = 'document-new' ORDER BY seq",
    );
    expect(mails.map((m) => [m.recipient.toLowerCase(), m.language])).toEqual([
      [DEMO_PATIENT_EMAIL.toLowerCase(), me.language],
      [other.email.toLowerCase(), 'en'],
    ]);
    const [es, en] = mails;
    expect(me.language).toBe('es');
    expect(es!.subject).toContain('tiene un documento nuevo en el portal');
    expect(en!.subject).toContain('a new document is available in your portal');
    for (const m of mails) {
      for (const text of [m.subject, m.body, JSON.stringify(m.links)]) {
        expect(text).not.toMatch(/CONFIDENCIAL|CONFIDENTIAL|VIH|rx-torax|Laboratorio|results|images/);
        expect(text).not.toContain(mine);
        expect(text).not.toContain(theirs);
        expect(text).not.toContain(me.id);
        expect(text).not.toContain(other.id);
      }
      expect(m.links.portal).toBe(`https://demo.clinic.example/portal#portal/documents&lang=${m.language}`);
      expect(m.body).toContain(m.links.portal);
    }
    // Audited with ids only; listed "New" for her over HTTP, in its folder.
    const audit = await server.db.query<{action: string; actor: string; document_id: string}>(
      "SELECT action, actor, document_id FROM audit_log WHERE action = 'documents.clinic-add' ORDER BY seq",
    );
    expect(audit).toEqual([
      {action: 'documents.clinic-add', actor: 'clinic', document_id: mine},
      {action: 'documents.clinic-add', actor: 'clinic', document_id: theirs},
    ]);
    await signIn();
    const list = (await (await send('GET', '/documents?folder=results')).json()) as {
      documents: {id: string; isNew: boolean; author?: string}[];
    };
    expect(list.documents[0]).toMatchObject({id: mine, isNew: true, author: 'Laboratorio Central'});
    expect((await send('GET', `/documents/${theirs}/content`)).status).toBe(404);
    // Refused: nothing stored, nothing sent.
    const before = await count();
    await expect(
      server.portal.addClinicDocument(me.id, {folder: 'uploads', fileName: 'a.pdf', content: PDF}),
    ).rejects.toMatchObject({code: 'validation', fields: {folder: 'invalid'}});
    await expect(
      server.portal.addClinicDocument(me.id, {
        folder: 'reports',
        fileName: 'a.exe',
        content: Buffer.from('MZ\x90'),
      }),
    ).rejects.toMatchObject({code: 'validation', fields: {file: 'file-type'}});
    await expect(
      server.portal.addClinicDocument('pat_nobody', {folder: 'reports', fileName: 'a.pdf', content: PDF}),
    ).rejects.toMatchObject({code: 'not-found'});
    expect(await count()).toBe(before);
    expect(
      (
        await server.db.query<{n: number}>(
          "SELECT count(*)::int AS n FROM outbox WHERE kind = 'document-new'",
        )
      )[0].n,
    ).toBe(2);
  });

  it('stores nothing and logs no failure when the client cuts an upload mid-body (a cancelled upload)', async () => {
    await server.reset();
    await signIn();
    const before = await count();
    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    try {
      const url = new URL(`${server.url}/documents`);
      const body = JSON.stringify({fileName: 'corte.pdf', category: 'results', content: 'A'.repeat(3000)});
      const socket = connect(Number(url.port), url.hostname);
      await new Promise((ok) => socket.once('connect', ok));
      socket.write(
        [
          `POST ${url.pathname} HTTP/1.1`,
          `Host: ${url.host}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
          `Cookie: ${auth.Cookie}`,
          `X-CSRF-Token: ${auth['X-CSRF-Token']}`,
          '',
          body.slice(0, 1000),
        ].join('\r\n'),
      );
      await new Promise((ok) => setTimeout(ok, 300));
      socket.destroy();
      await new Promise((ok) => setTimeout(ok, 700));
    } finally {
      restore();
    }
    expect(await count()).toBe(before);
    expect(lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
    // The server goes on serving.
    expect((await send('GET', '/documents')).status).toBe(200);
  });
});
