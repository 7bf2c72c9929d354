/**
 * Messages with the clinic over HTTP (issue #21), beyond the contract suite: the demo seed's
 * answered question (one unread), the per-patient post limit (429, nothing stored), the audit
 * trail (ids only, never words), another patient's id audited as denied, the staff side through
 * the development tools (loopback, CSRF header) with the patient's email in her language and
 * without the answer, and `npm run server:reply`'s command.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import type {ChatMessage, ConversationList} from '../../src/adapters/adapter.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/limits.js';
import {createApp} from '../../server/app.js';
import {DEV_TOOLS_PATH} from '../../server/dev-tools.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('conversations');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => T0, devTools: true, ...database.options});
  app = createApp(server.portal).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

let auth: Record<string, string> = {};
const send = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {'Content-Type': 'application/json', ...auth},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });
const count = async (table: string) =>
  (await server.db.query<{n: number}>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

async function signIn() {
  auth = {'X-CSRF-Token': 'none'};
  const r = await send('POST', '/session', {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

describe('messages over HTTP', () => {
  it("seeds the demo patient's question with the clinic's unread answer", async () => {
    await server.reset();
    await signIn();
    const list = (await (await send('GET', '/conversations')).json()) as ConversationList;
    expect(list.unread).toBe(1);
    expect(list.settings).toMatchObject({emergencyNumber: '911', replyWorkingDays: 2});
    expect(list.conversations).toEqual([
      expect.objectContaining({topic: 'results', unread: 1, lastRole: 'clinic'}),
    ]);
  });

  it('limits how many messages a patient posts, stores nothing over it, and audits ids only', async () => {
    await server.reset();
    await signIn();
    const start = await send('POST', '/conversations', {topic: 'general', body: 'PALABRA-PRIVADA uno'});
    expect(start.status).toBe(201);
    const {id} = (await start.json()) as {id: string};
    for (let i = 1; i < ABUSE_LIMITS.messagesPerPatientHour.max; i++)
      expect((await send('POST', `/conversations/${id}/messages`, {body: `n.º ${i}`})).status).toBe(201);
    const messages = await count('conversation_messages');
    const over = await send('POST', `/conversations/${id}/messages`, {body: 'una más'});
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    expect((await send('POST', '/conversations', {topic: 'general', body: 'otra'})).status).toBe(429);
    expect(await count('conversation_messages')).toBe(messages);
    const audit = await server.db.query<{action: string; conversation_id: string | null}>(
      "SELECT action, conversation_id FROM audit_log WHERE action LIKE 'messages.%' ORDER BY seq",
    );
    expect(audit[0]).toEqual({action: 'messages.start', conversation_id: id});
    expect(audit.filter((a) => a.action === 'messages.reply')).toHaveLength(
      ABUSE_LIMITS.messagesPerPatientHour.max - 1,
    );
    const all = JSON.stringify(await server.db.query('SELECT * FROM audit_log'));
    expect(all).not.toContain('PALABRA-PRIVADA');
    // Another id is 404 and audited as denied.
    expect((await send('GET', '/conversations/cnv_someone_else')).status).toBe(404);
    expect((await send('POST', '/conversations/cnv_someone_else/read')).status).toBe(404);
    const denied = await server.db.query<{conversation_id: string}>(
      "SELECT conversation_id FROM audit_log WHERE action = 'messages.denied'",
    );
    expect(denied.map((d) => d.conversation_id)).toEqual(['cnv_someone_else', 'cnv_someone_else']);
  });

  it('refuses a malformed body with 4xx and stores nothing', async () => {
    await server.reset();
    await signIn();
    const before = await count('conversations');
    expect((await send('POST', '/conversations', 'not json')).status).toBeGreaterThanOrEqual(400);
    const r = await send('POST', '/conversations', {topic: 'general', body: 'x'.repeat(2001)});
    expect(r.status).toBe(422);
    expect(((await r.json()) as {errors: unknown}).errors).toEqual({body: 'too-long'});
    expect(await count('conversations')).toBe(before);
  });

  it("answers as the clinic through the development tools; the email, in the patient's language, has no words of it", async () => {
    await server.reset();
    await signIn();
    const {id} = (await (
      await send('POST', '/conversations', {topic: 'billing', body: '¿Factura?'})
    ).json()) as {
      id: string;
    };
    const origin = new URL(server.url).origin;
    const url = `${origin}${DEV_TOOLS_PATH}/conversations/${id}/reply`;
    const body = JSON.stringify({
      body: 'Su factura RESPUESTA-OCULTA está lista',
      name: 'Caja',
      title: 'Facturación',
    });
    const headers = {'Content-Type': 'application/json'};
    expect((await fetch(url, {method: 'POST', headers, body})).status).toBe(403);
    const before = (await server.portal.outbox()).length;
    const r = await fetch(url, {method: 'POST', headers: {...headers, 'X-CSRF-Token': 'x'}, body});
    expect(r.status).toBe(201);
    const message = (await r.json()) as ChatMessage;
    expect(message).toMatchObject({author: {name: 'Caja', role: 'clinic', title: 'Facturación'}, own: false});
    const mail = (await server.portal.outbox()).slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      kind: 'message-reply',
      channel: 'email',
      to: DEMO_PATIENT_EMAIL,
      language: 'es',
    });
    expect(mail[0]!.subject).toContain('tiene un mensaje nuevo');
    expect(`${mail[0]!.subject}${mail[0]!.text}`).not.toContain('RESPUESTA-OCULTA');
    const unknown = await fetch(`${origin}${DEV_TOOLS_PATH}/conversations/cnv_nope/reply`, {
      method: 'POST',
      headers: {...headers, 'X-CSRF-Token': 'x'},
      body,
    });
    expect(unknown.status).toBe(404);
    const empty = await fetch(url, {
      method: 'POST',
      headers: {...headers, 'X-CSRF-Token': 'x'},
      body: JSON.stringify({body: ' '}),
    });
    expect(empty.status).toBe(422);
    // With a file (base64, checked as a patient's): the patient gets its bytes; a program refused.
    const pdf = Buffer.from('%PDF-1.4\n% orden\n%%EOF\n');
    const withFile = await fetch(url, {
      method: 'POST',
      headers: {...headers, 'X-CSRF-Token': 'x'},
      body: JSON.stringify({
        body: 'Su orden',
        attachments: [{fileName: 'orden.pdf', content: pdf.toString('base64')}],
      }),
    });
    expect(withFile.status).toBe(201);
    const [file] = ((await withFile.json()) as ChatMessage).attachments!;
    expect(file).toMatchObject({fileName: 'orden.pdf', contentType: 'application/pdf', size: pdf.length});
    const got = await send('GET', `/message-attachments/${file!.id}/content`);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
    const program = await fetch(url, {
      method: 'POST',
      headers: {...headers, 'X-CSRF-Token': 'x'},
      body: JSON.stringify({
        body: 'x',
        attachments: [{fileName: 'orden.pdf', content: Buffer.from('MZ\x90').toString('base64')}],
      }),
    });
    expect(program.status).toBe(422);
    const list = (await (await send('GET', '/conversations')).json()) as ConversationList;
    expect(list.conversations.find((c) => c.id === id)?.unread).toBe(2);
  });
});

// The command on a PGlite folder (its own database): once, in the PGlite run of the suites (the
// PostgreSQL run would repeat the same thing; it spawns two processes, ~20 s on a quiet machine).
describe.skipIf(Boolean(process.env.PORTAL_TEST_DATABASE_URL))('npm run server:reply', () => {
  it('answers a conversation from the command line, and refuses an unknown one', async () => {
    const dir = `/tmp/portal-reply-${process.pid}-${Date.now()}`;
    const run = (args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'server/cli.ts', ...args], {
        env: {...process.env, PORTAL_DATA_DIR: dir, DATABASE_URL: ''},
      });
    const {Portal} = await import('../../server/portal.js');
    const {openDb} = await import('../../server/db.js');
    const {mkdirSync} = await import('node:fs');
    mkdirSync(dir, {recursive: true});
    const db = await openDb({dataDir: dir});
    const portal = new Portal({db, data: createDemoClinicData()});
    await portal.seed();
    const [row] = await db.query<{id: string}>('SELECT id FROM conversations');
    await db.close();
    const {writeFileSync} = await import('node:fs');
    writeFileSync(`${dir}/orden lab.pdf`, '%PDF-1.4\n% orden\n%%EOF\n');
    const out = await run([
      'reply',
      '--conversation',
      row!.id,
      '--name',
      'Dra. Ramírez',
      '--body',
      'Listo.',
      '--file',
      `${dir}/orden lab.pdf`,
    ]);
    expect(out.stdout).toMatch(/^replied: message msg_/);
    await expect(
      run(['reply', '--conversation', 'cnv_nope', '--name', 'X', '--body', 'y']),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('refused: not-found'),
    });
    const again = await openDb({dataDir: dir});
    const rows = await again.query<{role: string; author: string}>(
      'SELECT role, author FROM conversation_messages ORDER BY seq',
    );
    const files = await again.query<{file_name: string; size: number}>(
      'SELECT file_name, size FROM message_attachments',
    );
    await again.close();
    expect(rows.at(-1)).toEqual({role: 'clinic', author: 'Dra. Ramírez'});
    // The file, named as on disk (its folder not kept).
    expect(files).toEqual([{file_name: 'orden lab.pdf', size: 23}]);
  }, 240_000);
});
