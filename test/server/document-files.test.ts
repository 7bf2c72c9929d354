/**
 * Documents outside the database, encrypted at rest (#19): with `documentFiles` (the folder and
 * key of `PORTAL_DOCUMENTS_DIR`/`PORTAL_DOCUMENTS_KEY`) every document's bytes are a file named by a
 * random id, AES-256-GCM under the key — on disk never the plaintext; served (to the owner's
 * session only, audited) as they were uploaded; a changed file is a clean error (a problem
 * document, no stack, a log line without patient data, audited); another key is refused at start;
 * the variables go together. Over HTTP, on PGlite and PostgreSQL.
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
import {createApp} from '../../server/app.js';
import {parseDocumentsKey} from '../../server/document-files.js';
import {documentFilesFromEnv} from '../../server/env.js';
import {createPortalServer, startServer, type RunningServer} from '../../server/index.js';
import {captureLog} from '../../server/log.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const KEY = 'a3'.repeat(32);
const OTHER_KEY = Buffer.alloc(32, 7).toString('base64');
const database = testDatabase('document_files');
const dir = mkdtempSync(join(tmpdir(), 'portal-document-files-'));
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

const MARKER = 'PLAINTEXT-MARKER-7731';
const PDF = Buffer.from(`%PDF-1.4\n% ${MARKER} resultado de Ana\n%%EOF\n`);
let auth: Record<string, string> = {};
const send = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {'Content-Type': 'application/json', ...auth},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });

async function signIn() {
  auth = {};
  const r = await app.request('/session', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
    body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
  });
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

const files = () => readdirSync(dir).filter((f) => f !== 'key-check');
const rowOf = async (id: string) =>
  (
    await server.db.query<{content: Uint8Array | null; stored_file: string | null}>(
      'SELECT content, stored_file FROM documents WHERE id = $1',
      [id],
    )
  )[0]!;

describe(`documents in encrypted files (${database.label})`, () => {
  it('keeps every document as a file named by a random id, never the plaintext, and serves it back whole', async () => {
    const seeded = await server.db.query<{
      id: string;
      content: Uint8Array | null;
      stored_file: string | null;
    }>('SELECT id, content, stored_file FROM documents');
    expect(seeded.length).toBeGreaterThan(0);
    for (const r of seeded) {
      expect(r.content).toBeNull();
      expect(r.stored_file).toMatch(/^[A-Za-z0-9_-]{24}$/);
    }
    await signIn();
    const up = await send('POST', '/documents', {
      fileName: 'resultado-ana.pdf',
      category: 'results',
      content: PDF.toString('base64'),
    });
    expect(up.status).toBe(201);
    const doc = (await up.json()) as {id: string};
    const row = await rowOf(doc.id);
    expect(row.content).toBeNull();
    const [patient] = await server.db.query<{id: string}>('SELECT id FROM patients WHERE email_key = $1', [
      DEMO_PATIENT_EMAIL.toLowerCase(),
    ]);
    for (const name of files()) {
      expect(name).toMatch(/^[A-Za-z0-9_-]{24}$/);
      for (const id of [doc.id, patient!.id, 'resultado', 'ana']) expect(name).not.toContain(id);
      const onDisk = readFileSync(join(dir, name));
      expect(onDisk.includes(Buffer.from(MARKER))).toBe(false);
      expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);
      expect(onDisk.subarray(0, 4).toString()).toBe('PPD1');
    }
    const onDisk = readFileSync(join(dir, row.stored_file!));
    expect(onDisk.length).toBe(PDF.length + 32);
    const r = await send('GET', `/documents/${doc.id}/content`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(PDF)).toBe(true);
    // The same bytes twice give two different files (a fresh IV each).
    const again = (await (
      await send('POST', '/documents', {
        fileName: 'b.pdf',
        category: 'results',
        content: PDF.toString('base64'),
      })
    ).json()) as {id: string};
    const second = readFileSync(join(dir, (await rowOf(again.id)).stored_file!));
    expect(second.subarray(4, 16).equals(onDisk.subarray(4, 16))).toBe(false);
    // Not without the owner's session.
    auth = {};
    expect((await send('GET', `/documents/${doc.id}/content`)).status).toBe(401);
  });

  it('a changed file is a clean error: a problem document without a stack, a log without patient data, audited', async () => {
    await signIn();
    const doc = (await (
      await send('POST', '/documents', {
        fileName: 'informe-ana.pdf',
        category: 'reports',
        content: PDF.toString('base64'),
      })
    ).json()) as {id: string};
    const file = join(dir, (await rowOf(doc.id)).stored_file!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0x01;
    writeFileSync(file, bytes);
    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    let r: Response;
    try {
      r = await send('GET', `/documents/${doc.id}/content`);
    } finally {
      restore();
    }
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const text = await r.text();
    expect(JSON.parse(text)).toMatchObject({code: 'server'});
    expect(text).not.toMatch(/at \w|\.ts:|Error:|informe|aes|tag/i);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => /document file unreadable/.test(l) && /"reason":"integrity"/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /"error":"DocumentFileError"/.test(l))).toBe(true);
    const [patient] = await server.db.query<{id: string}>('SELECT id FROM patients WHERE email_key = $1', [
      DEMO_PATIENT_EMAIL.toLowerCase(),
    ]);
    for (const l of lines) {
      for (const secret of [doc.id, patient!.id, 'informe', DEMO_PATIENT_EMAIL, MARKER])
        expect(l).not.toContain(secret);
      expect(l).not.toMatch(/\n\s+at /);
    }
    const [audit] = await server.db.query<{action: string; document_id: string}>(
      "SELECT action, document_id FROM audit_log WHERE action LIKE 'documents.%' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit).toEqual({action: 'documents.unreadable', document_id: doc.id});
    // A missing file: the same clean error.
    rmSync(file);
    const gone = await send('GET', `/documents/${doc.id}/content`);
    expect(gone.status).toBe(500);
    expect(await gone.json()).toMatchObject({code: 'server'});
  });

  it('deleting an upload removes its file', async () => {
    await signIn();
    const doc = (await (
      await send('POST', '/documents', {
        fileName: 'borrar.pdf',
        category: 'other',
        content: PDF.toString('base64'),
      })
    ).json()) as {id: string};
    const name = (await rowOf(doc.id)).stored_file!;
    expect(files()).toContain(name);
    expect((await send('DELETE', `/documents/${doc.id}`)).status).toBe(204);
    expect(files()).not.toContain(name);
  });

  it('refuses to start with another key, and the variables go together', async () => {
    await expect(
      createPortalServer({db: server.db, data: createDemoClinicData(), documentFiles: {dir, key: OTHER_KEY}}),
    ).rejects.toThrow(/PORTAL_DOCUMENTS_KEY does not open the documents/);
    // The right key opens the folder again (a restart).
    const again = await createPortalServer({
      db: server.db,
      data: createDemoClinicData(),
      documentFiles: {dir, key: KEY.toUpperCase()},
    });
    await again.close();
    expect(() => documentFilesFromEnv({PORTAL_DOCUMENTS_DIR: dir})).toThrow(/go together/);
    expect(() => documentFilesFromEnv({PORTAL_DOCUMENTS_KEY: KEY})).toThrow(/go together/);
    expect(() => documentFilesFromEnv({PORTAL_DOCUMENTS_DIR: dir, PORTAL_DOCUMENTS_KEY: 'short'})).toThrow(
      /32 random bytes/,
    );
    expect(documentFilesFromEnv({})).toBeUndefined();
    expect(documentFilesFromEnv({PORTAL_DOCUMENTS_DIR: dir, PORTAL_DOCUMENTS_KEY: OTHER_KEY})).toEqual({
      dir,
      key: OTHER_KEY,
    });
    expect(parseDocumentsKey(KEY)).toHaveLength(32);
  });

  it('a file read with another key (a folder moved under another server) does not open', async () => {
    await signIn();
    const doc = (await (
      await send('POST', '/documents', {
        fileName: 'c.pdf',
        category: 'results',
        content: PDF.toString('base64'),
      })
    ).json()) as {id: string};
    const name = (await rowOf(doc.id)).stored_file!;
    // Another folder with another key, holding this file: the tag does not check.
    const otherDir = mkdtempSync(join(tmpdir(), 'portal-document-files-other-'));
    try {
      writeFileSync(join(otherDir, name), readFileSync(join(dir, name)));
      const other = await createPortalServer({
        db: server.db,
        clock: () => T0,
        data: createDemoClinicData(),
        documentFiles: {dir: otherDir, key: OTHER_KEY},
      });
      try {
        const otherApp = createApp(other.portal).app;
        const restore = captureLog(() => undefined);
        try {
          const r = await otherApp.request(`/documents/${doc.id}/content`, {headers: auth});
          expect(r.status).toBe(500);
          expect(await r.json()).toMatchObject({code: 'server'});
        } finally {
          restore();
        }
      } finally {
        await other.close();
      }
    } finally {
      rmSync(otherDir, {recursive: true, force: true});
    }
  });
});
