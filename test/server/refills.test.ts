/**
 * Prescription refill requests over HTTP (#19 item 4), beyond the contract suite: 201 when sent,
 * 200 with the pending one after; two requests at the same moment send one message; a body that is
 * not JSON is 415 and an unknown field 422, nothing sent; each request audited with ids only; a
 * clinic that turns refills off says so (`capabilities.refills: false`, 501).
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('refills');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => T0, data: createDemoClinicData(), ...database.options});
  app = createApp(server.portal).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

let auth: Record<string, string> = {};
const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, to = app) =>
  to.request(path, {
    method,
    headers: {'Content-Type': 'application/json', ...auth, ...headers},
    ...(body === undefined ? {} : {body: typeof body === 'string' ? body : JSON.stringify(body)}),
  });
const conversations = async () =>
  (await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM conversations'))[0].n;

async function signIn(to = app) {
  auth = {};
  const r = await send(
    'POST',
    '/session',
    {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD},
    {'X-CSRF-Token': 'none'},
    to,
  );
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

async function prescriptionId(to = app): Promise<string> {
  const list = (await (await send('GET', '/documents?folder=prescriptions', undefined, {}, to)).json()) as {
    documents: {id: string; prescription?: unknown}[];
  };
  return list.documents.find((d) => d.prescription)!.id;
}

describe('refill requests over HTTP', () => {
  it('answers 201 when sent and 200 with the same request while it waits; audited with ids only', async () => {
    await server.reset();
    await signIn();
    const id = await prescriptionId();
    const before = await conversations();
    const first = await send('POST', `/documents/${id}/refill-requests`, {note: 'Farmacia Roma'});
    expect(first.status).toBe(201);
    const sent = (await first.json()) as {conversationId: string; alreadyRequested: boolean};
    expect(sent.alreadyRequested).toBe(false);
    const again = await send('POST', `/documents/${id}/refill-requests`, {});
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({...sent, alreadyRequested: true});
    expect(await conversations()).toBe(before + 1);
    const audit = await server.db.query<{action: string; document_id: string | null}>(
      `SELECT action, document_id FROM audit_log WHERE action IN ('documents.refill', 'messages.start')`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['documents.refill', 'messages.start']);
    expect(audit.find((a) => a.action === 'documents.refill')!.document_id).toBe(id);
    const rows = JSON.stringify(await server.db.query('SELECT * FROM audit_log'));
    expect(rows).not.toContain('Farmacia Roma');
  });

  it('two requests at the same moment send one message', async () => {
    await server.reset();
    await signIn();
    const id = await prescriptionId();
    const before = await conversations();
    const answers = await Promise.all([
      send('POST', `/documents/${id}/refill-requests`, {}),
      send('POST', `/documents/${id}/refill-requests`, {}),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const [a, b] = (await Promise.all(answers.map((r) => r.json()))) as {conversationId: string}[];
    expect(a!.conversationId).toBe(b!.conversationId);
    expect(await conversations()).toBe(before + 1);
  });

  it('refuses a body that is not JSON (415) and an unknown field (422); nothing sent', async () => {
    await server.reset();
    await signIn();
    const id = await prescriptionId();
    const before = await conversations();
    expect(
      (await send('POST', `/documents/${id}/refill-requests`, 'note=x', {'Content-Type': 'text/plain'}))
        .status,
    ).toBe(415);
    expect((await send('POST', `/documents/${id}/refill-requests`, {note: 'x', extra: 1})).status).toBe(422);
    expect((await send('POST', `/documents/${id}/refill-requests`, {note: 42})).status).toBe(422);
    expect(await conversations()).toBe(before);
  });

  it('a clinic that turns refills off says so and refuses them (501)', async () => {
    const offDatabase = testDatabase('refills-off');
    const off = await startServer({
      clock: () => T0,
      data: {...createDemoClinicData(), refills: false},
      ...offDatabase.options,
    });
    try {
      const offApp = createApp(off.portal).app;
      const caps = (await (await offApp.request('/capabilities')).json()) as {refills?: boolean};
      expect(caps.refills).toBe(false);
      await signIn(offApp);
      const id = await prescriptionId(offApp);
      expect((await send('POST', `/documents/${id}/refill-requests`, {}, {}, offApp)).status).toBe(501);
    } finally {
      await offDatabase.drop(off.db);
      await off.close();
    }
  });
});
