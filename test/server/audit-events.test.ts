/**
 * Audit events with the client's address and the session's id (issue #14 item 11, in part):
 * failed sign-ins, reset requests, denied reads of another patient's appointment, cancellation-quote
 * reads and sign-out. Ids only: never an email, a password or a token.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../src/adapters/memory/index.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('audit_events');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
  app = createApp(server.portal, {trustProxy: 1}).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const FROM = '203.0.113.33';
const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method,
    headers: {
      'Content-Type': 'application/json',
      'X-CSRF-Token': 'none',
      'X-Forwarded-For': FROM,
      ...headers,
    },
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });

type Row = {
  action: string;
  actor: string;
  address: string | null;
  session_id: string | null;
  patient_id: string | null;
};
const audited = async (action: string): Promise<Row[]> =>
  server.db.query<Row>('SELECT * FROM audit_log WHERE action = $1 ORDER BY seq', [action]);

describe('audit events', () => {
  it('records failed sign-ins, reset requests, denied ids, quote reads and sign-out with address and session', async () => {
    await server.reset();
    expect(
      (await send('POST', '/session', {email: DEMO_PATIENT_EMAIL, password: 'wrong-password-1'})).status,
    ).toBe(422);
    const [failed] = await audited('session.sign-in-failed');
    expect(failed).toMatchObject({actor: 'anonymous', address: FROM});
    expect(failed.patient_id).toBeTruthy();

    const reset = await send('POST', '/password-resets', {
      email: DEMO_PATIENT_EMAIL,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
      language: 'en',
    });
    expect(reset.status).toBe(202);
    expect(await audited('account.reset-requested')).toMatchObject([{address: FROM}]);

    const signIn = await send('POST', '/session', {
      email: DEMO_PATIENT_EMAIL,
      password: DEMO_PATIENT_PASSWORD,
    });
    expect(signIn.status).toBe(200);
    const session = ((await signIn.json()) as {session: {id: string}}).session;
    const auth = {
      Cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0],
      'X-CSRF-Token': signIn.headers.get('x-csrf-token') ?? '',
    };
    expect((await send('GET', '/appointments/apt_someone_else', undefined, auth)).status).toBe(404);
    expect(await audited('appointment.denied')).toMatchObject([
      {address: FROM, session_id: session.id, actor: failed.patient_id},
    ]);

    const list = (await (await send('GET', '/appointments?when=upcoming', undefined, auth)).json()) as {
      items: {id: string}[];
    };
    const own = list.items.at(-1)?.id ?? '';
    expect((await send('GET', `/appointments/${own}/cancellation-quote`, undefined, auth)).status).toBe(200);
    expect(await audited('appointment.quote-read')).toMatchObject([
      {address: FROM, session_id: session.id, appointment_id: own},
    ]);

    expect((await send('DELETE', '/session', undefined, auth)).status).toBe(204);
    expect(await audited('session.end')).toMatchObject([{address: FROM, session_id: session.id}]);

    const text = JSON.stringify(await server.db.query('SELECT * FROM audit_log'));
    expect(text).not.toContain(DEMO_PATIENT_EMAIL);
    expect(text).not.toContain(DEMO_PATIENT_PASSWORD);
  });
});
