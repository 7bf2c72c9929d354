/**
 * Files sent with messages (#21) over HTTP, beyond the contract suite: with the documents' folder
 * and key (`PORTAL_DOCUMENTS_DIR`/`PORTAL_DOCUMENTS_KEY`) each file is an encrypted file named by a
 * random id — on disk never the plaintext — served back to the owner's session only with the
 * documents' headers (`Content-Disposition` with the cleaned name, `no-store`, `nosniff`), every
 * download audited with ids only; no CSRF header: refused, nothing stored; a refused message leaves
 * no file behind; a changed file is 503 `document-unreadable`, audited; the key's rotation and the
 * move into files cover messages' files too. On PGlite and PostgreSQL.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import type {ChatMessage, Conversation} from '../../src/adapters/adapter.js';
import {createApp} from '../../server/app.js';
import {documentsKeyId, openDocumentFiles, parseDocumentsKey} from '../../server/document-files.js';
import {moveDocumentsToFiles, rotateDocumentKey} from '../../server/document-storage.js';
import {createPortalServer, startServer, type RunningServer} from '../../server/index.js';
import {captureLog} from '../../server/log.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const KEY = 'c5'.repeat(32);
const database = testDatabase('message_attachments');
const dir = mkdtempSync(join(tmpdir(), 'portal-message-files-'));
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({
    clock: () => T0,
    data: createDemoClinicData(),
    documentFiles: {dir, key: KEY},
    ...database.options,
  });
  app = createApp(server.portal).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
  rmSync(dir, {recursive: true, force: true});
});

const MARKER = 'PLAINTEXT-MARKER-4412';
const PDF = Buffer.from(`%PDF-1.4\n% ${MARKER} receta de Ana\n%%EOF\n`);
let auth: Record<string, string> = {};
const send = (method: string, path: string, body?: unknown, a = app) =>
  a.request(path, {
    method,
    headers: {'Content-Type': 'application/json', ...auth},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });

async function signIn() {
  const r = await app.request('/session', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
    body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
  });
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

const files = () => readdirSync(dir).filter((f) => f !== 'key-check');
const rowOf = async (id: string) =>
  (
    await server.db.query<{content: Uint8Array | null; stored_file: string | null}>(
      'SELECT content, stored_file FROM message_attachments WHERE id = $1',
      [id],
    )
  )[0]!;
const count = async (table: string) =>
  (await server.db.query<{n: number}>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const file = (fileName: string, bytes: Buffer) => ({fileName, content: bytes.toString('base64')});

describe(`messages' files (${database.label})`, () => {
  it('keeps each file encrypted under a random name and serves it to the owner only, audited', async () => {
    await signIn();
    const r = await send('POST', '/conversations', {
      topic: 'general',
      body: 'Le envío la receta.',
      attachments: [file('C:\\fotos\\<b>receta ana</b>.pdf', PDF)],
    });
    expect(r.status).toBe(201);
    const started = (await r.json()) as Conversation;
    const att = started.messages[0]!.attachments![0]!;
    expect(att).toMatchObject({contentType: 'application/pdf', size: PDF.length});
    expect(att.fileName).not.toMatch(/[\\/<>]/);
    const row = await rowOf(att.id);
    expect(row.content).toBeNull();
    expect(row.stored_file).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(row.stored_file).not.toContain(att.id);
    const onDisk = readFileSync(join(dir, row.stored_file!));
    expect(onDisk.includes(Buffer.from(MARKER))).toBe(false);
    expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);

    const got = await send('GET', `/message-attachments/${att.id}/content?disposition=inline`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="/);
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    const saved = await send('GET', `/message-attachments/${att.id}/content`);
    expect(saved.headers.get('content-disposition')).toMatch(/^attachment; /);
    const audit = await server.db.query<{action: string; document_id: string; conversation_id: string}>(
      "SELECT action, document_id, conversation_id FROM audit_log WHERE action LIKE 'messages.attachment%' ORDER BY seq",
    );
    expect(audit).toEqual([
      {action: 'messages.attachment-download', document_id: att.id, conversation_id: started.id},
      {action: 'messages.attachment-download', document_id: att.id, conversation_id: started.id},
    ]);
    // No session: not signed in; an unknown id: not found, audited as denied.
    const cookie = auth;
    auth = {};
    expect((await send('GET', `/message-attachments/${att.id}/content`)).status).toBe(401);
    auth = cookie;
    expect((await send('GET', '/message-attachments/att_nope/content')).status).toBe(404);
    const [denied] = await server.db.query<{action: string; document_id: string}>(
      "SELECT action, document_id FROM audit_log WHERE action = 'messages.attachment-denied'",
    );
    expect(denied).toEqual({action: 'messages.attachment-denied', document_id: 'att_nope'});
  });

  it('stores nothing for a refused message: without the CSRF header, or one bad file among good ones', async () => {
    await signIn();
    const before = {files: files().length, rows: await count('message_attachments')};
    const messages = await count('conversation_messages');
    const noCsrf = await app.request('/conversations', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Cookie: auth.Cookie!},
      body: JSON.stringify({topic: 'general', body: 'x', attachments: [file('a.pdf', PDF)]}),
    });
    expect(noCsrf.status).toBe(403);
    const mixed = await send('POST', '/conversations', {
      topic: 'general',
      body: 'x',
      attachments: [file('a.pdf', PDF), file('programa.pdf', Buffer.from('MZ\x90\x00 not a pdf'))],
    });
    expect(mixed.status).toBe(422);
    expect(await mixed.json()).toMatchObject({errors: {'attachments.1': 'file-type'}});
    const notBase64 = await send('POST', '/conversations', {
      topic: 'general',
      body: 'x',
      attachments: [{fileName: 'a.pdf', content: '%%%'}],
    });
    expect(notBase64.status).toBe(422);
    expect(await notBase64.json()).toMatchObject({errors: {'attachments.0': 'required'}});
    expect({files: files().length, rows: await count('message_attachments')}).toEqual(before);
    expect(await count('conversation_messages')).toBe(messages);
  });

  it('a changed file is 503 document-unreadable, audited, with no patient data in the log', async () => {
    await signIn();
    const r = await send('POST', '/conversations', {
      topic: 'general',
      body: 'Otra.',
      attachments: [file('otra.pdf', PDF)],
    });
    const att = ((await r.json()) as Conversation).messages[0]!.attachments![0]!;
    const path = join(dir, (await rowOf(att.id)).stored_file!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 2] ^= 0x01;
    writeFileSync(path, bytes);
    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    let got: Response;
    try {
      got = await send('GET', `/message-attachments/${att.id}/content`);
    } finally {
      restore();
    }
    expect(got.status).toBe(503);
    expect(await got.json()).toMatchObject({code: 'document-unreadable'});
    for (const l of lines) for (const secret of [att.id, 'otra', MARKER]) expect(l).not.toContain(secret);
    const [audit] = await server.db.query<{action: string}>(
      "SELECT action FROM audit_log WHERE action LIKE 'messages.attachment%' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit!.action).toBe('messages.attachment-unreadable');
    // Put back for the rotation below.
    bytes[bytes.length - 2] ^= 0x01;
    writeFileSync(path, bytes);
  });

  it("the key's rotation and the move into files cover messages' files", async () => {
    await signIn();
    // A file from before the folder: its bytes in the row.
    const {id: conversationId} = (await (
      await send('POST', '/conversations', {topic: 'general', body: 'En la base.'})
    ).json()) as Conversation;
    const reply = (await (
      await send('POST', `/conversations/${conversationId}/messages`, {
        body: 'con archivo',
        attachments: [file('vieja.pdf', PDF)],
      })
    ).json()) as ChatMessage;
    const old = reply.attachments![0]!;
    const stored = (await rowOf(old.id)).stored_file!;
    await server.db.query('UPDATE message_attachments SET content = $2, stored_file = NULL WHERE id = $1', [
      old.id,
      PDF,
    ]);
    rmSync(join(dir, stored));
    const moved = await moveDocumentsToFiles(server.db, await openDocumentFiles({dir, key: KEY}));
    expect(moved.moved).toBeGreaterThanOrEqual(1);
    expect((await rowOf(old.id)).content).toBeNull();

    const NEW_KEY = 'd6'.repeat(32);
    const rotating = {dir, key: NEW_KEY, oldKeys: [KEY]};
    const summary = await rotateDocumentKey(server.db, await openDocumentFiles(rotating));
    expect(summary.unreadable).toBe(0);
    const rows = await server.db.query<{stored_file: string}>(
      'SELECT stored_file FROM message_attachments WHERE stored_file IS NOT NULL',
    );
    const newId = documentsKeyId(parseDocumentsKey(NEW_KEY));
    for (const r of rows)
      expect(readFileSync(join(dir, r.stored_file)).subarray(4, 12).equals(newId)).toBe(true);
    // A server with the new key alone serves them.
    const next = await createPortalServer({
      db: server.db,
      clock: () => T0,
      data: createDemoClinicData(),
      documentFiles: {dir, key: NEW_KEY},
    });
    try {
      const got = await send(
        'GET',
        `/message-attachments/${old.id}/content`,
        undefined,
        createApp(next.portal).app,
      );
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    } finally {
      await next.close?.();
    }
  });
});
