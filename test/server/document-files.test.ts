/**
 * Documents outside the database, encrypted at rest (#19): with `documentFiles` (the folder and
 * key of `PORTAL_DOCUMENTS_DIR`/`PORTAL_DOCUMENTS_KEY`) every document's bytes are a file named by a
 * random id, AES-256-GCM under the key — on disk never the plaintext; served (to the owner's
 * session only, audited) as they were uploaded; a changed file is a clean error (a problem
 * document — 503 `document-unreadable` —, no stack, a log line without patient data, audited);
 * another key is refused at start; the variables go together. The key's rotation (old keys still
 * read, `rotateDocumentKey` re-seals in place, twice is harmless, then the old key alone is
 * refused) and rows from before the folder moved into it (`moveDocumentsToFiles`). Over HTTP, on
 * PGlite and PostgreSQL.
 */
import {createCipheriv, randomBytes} from 'node:crypto';
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
import {documentsKeyId, openDocumentFiles, parseDocumentsKey} from '../../server/document-files.js';
import {moveDocumentsToFiles, rotateDocumentKey} from '../../server/document-storage.js';
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
      expect(onDisk.subarray(0, 4).toString()).toBe('PPD2');
      // The key's id (not the key) follows the magic.
      expect(onDisk.subarray(4, 12).equals(documentsKeyId(parseDocumentsKey(KEY)))).toBe(true);
      expect(onDisk.includes(parseDocumentsKey(KEY))).toBe(false);
    }
    const onDisk = readFileSync(join(dir, row.stored_file!));
    expect(onDisk.length).toBe(PDF.length + 40);
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
    expect(second.subarray(12, 24).equals(onDisk.subarray(12, 24))).toBe(false);
    // Not without the owner's session.
    auth = {};
    expect((await send('GET', `/documents/${doc.id}/content`)).status).toBe(401);
  });

  it('a changed file is a clean error: 503 document-unreadable without a stack, a log without patient data, audited', async () => {
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
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.headers.get('retry-after')).toBeNull();
    expect(r.headers.get('content-disposition')).toBeNull();
    const text = await r.text();
    expect(JSON.parse(text)).toMatchObject({
      type: 'urn:portal:problem:document-unreadable',
      status: 503,
      code: 'document-unreadable',
      title: expect.stringMatching(/cannot be read/),
    });
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
    const missingLines: string[] = [];
    const restoreAgain = captureLog((line) => missingLines.push(line));
    let gone: Response;
    try {
      gone = await send('GET', `/documents/${doc.id}/content`);
    } finally {
      restoreAgain();
    }
    expect(gone.status).toBe(503);
    expect(await gone.json()).toMatchObject({code: 'document-unreadable'});
    expect(missingLines.some((l) => /"reason":"missing"/.test(l))).toBe(true);
    // Both reads audited as unreadable.
    const before = (
      await server.db.query<{n: number}>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'documents.unreadable'",
      )
    )[0]!.n;
    expect(before).toBe(2);
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
          expect(r.status).toBe(503);
          expect(await r.json()).toMatchObject({code: 'document-unreadable'});
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

  it('moves documents stored in the database before the folder into files: file first, then the row; twice is harmless', async () => {
    // A server without the folder (as before it was configured) keeps an upload in its row.
    const plain = await createPortalServer({db: server.db, clock: () => T0, data: createDemoClinicData()});
    let id: string;
    let gone: string;
    try {
      const plainApp = createApp(plain.portal).app;
      const upload = async (fileName: string) => {
        const r = await plainApp.request('/documents', {
          method: 'POST',
          headers: {'Content-Type': 'application/json', ...auth},
          body: JSON.stringify({fileName, category: 'results', content: PDF.toString('base64')}),
        });
        expect(r.status).toBe(201);
        return ((await r.json()) as {id: string}).id;
      };
      await signIn();
      id = await upload('antes.pdf');
      gone = await upload('borrada.pdf');
    } finally {
      await plain.close();
    }
    expect((await rowOf(id)).stored_file).toBeNull();
    expect(Buffer.from((await rowOf(id)).content!).equals(PDF)).toBe(true);

    const folder = await openDocumentFiles({dir, key: KEY});
    // The patient deletes one while its file is being written: the row is not switched, the file goes.
    const racing = {
      ...folder,
      async put(bytes: Uint8Array) {
        const file = await folder.put(bytes);
        await server.db.query('DELETE FROM documents WHERE id = $1', [gone]);
        return file;
      },
    };
    const before = files().length;
    const first = await moveDocumentsToFiles(server.db, racing);
    expect(first).toEqual({moved: 1, skipped: 1});
    expect(files().length).toBe(before + 1);
    const row = await rowOf(id);
    expect(row.content).toBeNull();
    expect(files()).toContain(row.stored_file);
    expect(readFileSync(join(dir, row.stored_file!)).includes(Buffer.from(MARKER))).toBe(false);
    const r = await send('GET', `/documents/${id}/content`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(PDF)).toBe(true);
    // Again: nothing left to move, nothing written.
    expect(await moveDocumentsToFiles(server.db, folder)).toEqual({moved: 0, skipped: 0});
    expect(files().length).toBe(before + 1);
    const [{n}] = await server.db.query<{n: number}>(
      'SELECT count(*)::int AS n FROM documents WHERE content IS NOT NULL',
    );
    expect(n).toBe(0);
  });

  it('rotates the key: old keys still read (older files too), the command re-seals in place, resumes, then the old key alone is refused', async () => {
    const NEW_KEY = 'b4'.repeat(32);
    await signIn();
    const upload = async (a: typeof app, fileName: string, bytes: Buffer) => {
      const r = await a.request('/documents', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', ...auth},
        body: JSON.stringify({fileName, category: 'results', content: bytes.toString('base64')}),
      });
      expect(r.status).toBe(201);
      return ((await r.json()) as {id: string}).id;
    };
    const read = async (a: typeof app, id: string) => {
      const r = await a.request(`/documents/${id}/content`, {headers: auth});
      return {status: r.status, bytes: Buffer.from(await r.arrayBuffer())};
    };
    const pdfA = Buffer.from('%PDF-1.4\n% A\n%%EOF\n');
    const pdfB = Buffer.from('%PDF-1.4\n% B legacy\n%%EOF\n');
    const a = await upload(app, 'a.pdf', pdfA);
    // A file from before key ids (`PPD1`: IV, tag, ciphertext under the key, its id as additional data).
    const b = await upload(app, 'b.pdf', pdfB);
    const legacyId = randomBytes(18).toString('base64url');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', parseDocumentsKey(KEY), iv);
    cipher.setAAD(Buffer.from(legacyId));
    const body = Buffer.concat([cipher.update(pdfB), cipher.final()]);
    writeFileSync(join(dir, legacyId), Buffer.concat([Buffer.from('PPD1'), iv, cipher.getAuthTag(), body]));
    rmSync(join(dir, (await rowOf(b)).stored_file!));
    await server.db.query('UPDATE documents SET stored_file = $2 WHERE id = $1', [b, legacyId]);
    expect((await read(app, b)).bytes.equals(pdfB)).toBe(true);

    // The server restarted with the new key and the old one beside it.
    const rotating = {dir, key: NEW_KEY, oldKeys: [KEY]};
    const next = await createPortalServer({
      db: server.db,
      clock: () => T0,
      data: createDemoClinicData(),
      documentFiles: rotating,
    });
    try {
      const nextApp = createApp(next.portal).app;
      expect((await read(nextApp, a)).bytes.equals(pdfA)).toBe(true);
      expect((await read(nextApp, b)).bytes.equals(pdfB)).toBe(true);
      const pdfC = Buffer.from('%PDF-1.4\n% C\n%%EOF\n');
      const c = await upload(nextApp, 'c.pdf', pdfC);
      const newId = documentsKeyId(parseDocumentsKey(NEW_KEY));
      expect(
        readFileSync(join(dir, (await rowOf(c)).stored_file!))
          .subarray(4, 12)
          .equals(newId),
      ).toBe(true);

      // The command: every readable file re-sealed under the new key, under the same name; the
      // broken ones (the earlier test's) counted and left, so the key check stays on the old key.
      const folder = await openDocumentFiles(rotating);
      const restore = captureLog(() => undefined);
      let first;
      try {
        first = await rotateDocumentKey(server.db, folder);
      } finally {
        restore();
      }
      const stored = await server.db.query<{id: string; stored_file: string}>(
        'SELECT id, stored_file FROM documents WHERE stored_file IS NOT NULL',
      );
      const broken = stored.filter((r) => !files().includes(r.stored_file));
      expect(broken).toHaveLength(1);
      expect(first).toEqual({
        rotated: stored.length - 2,
        current: 1,
        unreadable: 1,
        keyCheckSealed: false,
      });
      for (const r of stored.filter((r) => files().includes(r.stored_file))) {
        const onDisk = readFileSync(join(dir, r.stored_file));
        expect(onDisk.subarray(0, 4).toString()).toBe('PPD2');
        expect(onDisk.subarray(4, 12).equals(newId)).toBe(true);
      }
      expect(files().some((f) => f.endsWith('.tmp'))).toBe(false);
      expect((await read(nextApp, a)).bytes.equals(pdfA)).toBe(true);
      expect((await read(nextApp, b)).bytes.equals(pdfB)).toBe(true);
      expect((await read(nextApp, c)).bytes.equals(pdfC)).toBe(true);
      // The old key alone still opens the folder (its key check), not the re-sealed files.
      await (
        await createPortalServer({
          db: server.db,
          data: createDemoClinicData(),
          documentFiles: {dir, key: KEY},
        })
      ).close();

      // The broken document dealt with, the command again: nothing re-sealed, the key check moves.
      await server.db.query('DELETE FROM documents WHERE id = $1', [broken[0]!.id]);
      const again = await rotateDocumentKey(server.db, folder);
      expect(again).toEqual({rotated: 0, current: stored.length - 1, unreadable: 0, keyCheckSealed: true});
      await expect(
        createPortalServer({db: server.db, data: createDemoClinicData(), documentFiles: {dir, key: KEY}}),
      ).rejects.toThrow(/PORTAL_DOCUMENTS_KEY does not open the documents/);
      // The new key alone serves everything.
      const after = await createPortalServer({
        db: server.db,
        clock: () => T0,
        data: createDemoClinicData(),
        documentFiles: {dir, key: NEW_KEY},
      });
      try {
        const afterApp = createApp(after.portal).app;
        for (const [id, bytes] of [
          [a, pdfA],
          [b, pdfB],
          [c, pdfC],
        ] as const)
          expect((await read(afterApp, id)).bytes.equals(bytes)).toBe(true);
      } finally {
        await after.close();
      }
    } finally {
      await next.close();
    }
    expect(
      documentFilesFromEnv({
        PORTAL_DOCUMENTS_DIR: dir,
        PORTAL_DOCUMENTS_KEY: NEW_KEY,
        PORTAL_DOCUMENTS_OLD_KEYS: `${KEY}, ${OTHER_KEY}`,
      }),
    ).toEqual({dir, key: NEW_KEY, oldKeys: [KEY, OTHER_KEY]});
    expect(() =>
      documentFilesFromEnv({
        PORTAL_DOCUMENTS_DIR: dir,
        PORTAL_DOCUMENTS_KEY: NEW_KEY,
        PORTAL_DOCUMENTS_OLD_KEYS: 'x',
      }),
    ).toThrow(/OLD_KEYS: key 1/);
    expect(() => documentFilesFromEnv({PORTAL_DOCUMENTS_OLD_KEYS: KEY})).toThrow(/go together/);
  });
});
