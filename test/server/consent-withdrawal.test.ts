/**
 * Withdrawing a signed consent over HTTP (#18 item 3), beyond the contract suite: five withdrawals
 * of one signature at the same moment move it once (one 200, four 422) and leave one row in
 * `consent_withdrawals`; a second server process sees the same; each withdrawal is audited with ids
 * only, never the typed name; a body-less DELETE without the CSRF token is refused and changes
 * nothing.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import type {ConsentForm, FormTask} from '../../src/domain/forms.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('consent-withdrawal');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => T0, writesPerMinute: 0, rateLimits: false, ...database.options});
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
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  });

async function signIn() {
  auth = {};
  const r = await send(
    'POST',
    '/session',
    {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD},
    {'X-CSRF-Token': 'none'},
  );
  expect(r.status).toBe(200);
  auth = {
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    'X-CSRF-Token': r.headers.get('x-csrf-token') ?? '',
  };
}

const count = async (sql: string) => (await server.db.query<{n: number}>(sql))[0].n;

/** A consent the demo patient has signed for a visit still ahead, that the clinic lets her withdraw. */
async function withdrawableConsent(): Promise<{path: string; form: ConsentForm}> {
  const tasks = (await (await send('GET', '/forms')).json()) as FormTask[];
  for (const t of tasks.filter((x) => x.item.kind === 'consent' && Date.parse(x.appointmentStart) > T0)) {
    const path = `/appointments/${t.appointmentId}/forms/${t.item.id}`;
    let form = (await (await send('GET', `${path}/consent`)).json()) as ConsentForm;
    if (form.document.withdrawal !== 'before-visit') continue;
    if (!form.signature) {
      const signed = await send('POST', `${path}/signature`, {
        version: form.document.version,
        typedName: 'Ana Secreta López',
        agreed: true,
      });
      expect(signed.status).toBe(201);
      form = (await (await send('GET', `${path}/consent`)).json()) as ConsentForm;
    }
    if (form.withdrawable) return {path, form};
  }
  throw new Error('the demo patient has no withdrawable consent for a visit ahead');
}

describe('withdrawing a consent over HTTP', () => {
  it('five withdrawals at once move the signature once; audited with ids only', async () => {
    await server.reset();
    await signIn();
    const {path} = await withdrawableConsent();
    const before = await count('SELECT count(*)::int AS n FROM consent_withdrawals');
    const answers = await Promise.all(Array.from({length: 5}, () => send('DELETE', `${path}/signature`)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422, 422, 422, 422]);
    const refused = (await answers.find((r) => r.status === 422)!.json()) as {
      errors?: Record<string, string>;
    };
    expect(refused.errors).toEqual({item: 'unavailable'});
    expect(await count('SELECT count(*)::int AS n FROM consent_withdrawals')).toBe(before + 1);
    const now = (await (await send('GET', `${path}/consent`)).json()) as ConsentForm;
    expect(now.signature).toBeUndefined();
    expect(now.withdrawn).toHaveLength(1);
    expect(now.task.item.state).toBe('to-do');
    const audit = await server.db.query<{action: string}>(
      `SELECT action FROM audit_log WHERE action = 'forms.consent.withdraw'`,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(await server.db.query('SELECT * FROM audit_log'))).not.toContain('Secreta');
  });

  it('a second server process sees the withdrawal, and signing again works there', async () => {
    await server.reset();
    await signIn();
    const {path, form} = await withdrawableConsent();
    expect((await send('DELETE', `${path}/signature`)).status).toBe(200);
    const other = createApp(server.portal).app;
    const seen = (await (await send('GET', `${path}/consent`, undefined, {}, other)).json()) as ConsentForm;
    expect(seen.signature).toBeUndefined();
    expect(seen.withdrawn?.[0].version).toBe(form.document.version);
    const again = await send(
      'POST',
      `${path}/signature`,
      {version: form.document.version, typedName: 'Ana López', agreed: true},
      {},
      other,
    );
    expect(again.status).toBe(201);
    const after = (await (await send('GET', `${path}/consent`)).json()) as ConsentForm;
    expect(after.signature?.typedName).toBe('Ana López');
    expect(after.withdrawn).toHaveLength(1);
  });

  it('refuses a withdrawal without the CSRF token, or signed out, and changes nothing', async () => {
    await server.reset();
    await signIn();
    const {path} = await withdrawableConsent();
    const before = await count('SELECT count(*)::int AS n FROM consent_withdrawals');
    const noCsrf = await send('DELETE', `${path}/signature`, undefined, {'X-CSRF-Token': 'wrong'});
    expect(noCsrf.status).toBe(403);
    const cookieOnly = {Cookie: auth.Cookie};
    auth = {};
    // Signed out: refused (the CSRF check answers first, 403, or the session check, 401).
    expect([401, 403]).toContain((await send('DELETE', `${path}/signature`)).status);
    auth = cookieOnly;
    expect((await send('DELETE', `${path}/signature`)).status).toBe(403);
    expect(await count('SELECT count(*)::int AS n FROM consent_withdrawals')).toBe(before);
    await signIn();
    expect(((await (await send('GET', `${path}/consent`)).json()) as ConsentForm).signature).toBeDefined();
  });
});
