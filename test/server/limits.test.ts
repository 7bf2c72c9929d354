/**
 * Rate limits and lockouts in the database (issue #14 item 9): failed sign-ins lock an account
 * only from the address that failed (its owner elsewhere still signs in), one address spraying
 * many accounts gets 429, long availability reads are paid for per address — and all of it is
 * shared by two `Portal`s on one database (as two server processes would be).
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../src/adapters/memory/index.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {scryptCost, setScryptCost} from '../../server/passwords.js';

/** The cost the suites hash at (test/server/setup.ts), put back after this file's cheaper one. */
const suiteCost = scryptCost();
import {Portal} from '../../server/portal.js';
import {testDatabase} from './helpers.js';

// Every sign-in attempt costs a memory-hard hash: cheaper ones here (what is tested is the counting).
vi.setConfig({testTimeout: 60_000});

const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('limits');
let server: RunningServer;
/** Two apps on one database, as two server processes behind one proxy would be. */
let one: ReturnType<typeof createApp>['app'];
let two: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  setScryptCost({N: 2 ** 10, r: 8, p: 1});
  server = await startServer({clock: () => T0, ...database.options});
  one = createApp(server.portal, {trustProxy: 1}).app;
  const other = new Portal({db: server.db, data: server.portal.data, clock: () => T0});
  two = createApp(other, {trustProxy: 1}).app;
}, 120_000);

afterAll(async () => {
  setScryptCost(suiteCost);
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

const signIn = (app: typeof one, from: string, email: string, password: string) =>
  app.request('/session', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none', 'X-Forwarded-For': from},
    body: JSON.stringify({email, password}),
  });

describe('sign-in lockouts and throttles', () => {
  it('locks an account only from the address that failed: its owner elsewhere signs in', async () => {
    const max = ABUSE_LIMITS.signInFailuresPerAccountAndAddress.max;
    for (let i = 0; i < max; i++)
      expect((await signIn(i % 2 ? one : two, '203.0.113.66', DEMO_PATIENT_EMAIL, `wrong-${i}`)).status).toBe(
        422,
      );
    // The attacker's address is locked out of this account on both processes, even with the password.
    const locked = await signIn(one, '203.0.113.66', DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await signIn(two, '203.0.113.66', DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD)).status).toBe(429);
    // The owner, from their own address, is not.
    const owner = await signIn(two, '198.51.100.7', DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD);
    expect(owner.status).toBe(200);
    expect(((await owner.json()) as {status: string}).status).toBe('signed-in');
  });

  it('gives 429 to one address spraying many accounts, across both processes', async () => {
    const max = ABUSE_LIMITS.signInFailuresPerAddress.max;
    let first429 = -1;
    for (let i = 0; i < 30 && first429 < 0; i++) {
      const r = await signIn(i % 2 ? one : two, '203.0.113.77', `victim${i}@example.org`, 'Summer2026');
      if (r.status === 429) first429 = i;
      else expect(r.status).toBe(422);
    }
    expect(first429).toBe(max);
    // Another address is not affected.
    expect((await signIn(one, '198.51.100.8', 'someone@example.org', 'Summer2026')).status).toBe(422);
  });

  it('locks an account tried from many addresses until its owner uses the emailed link', async () => {
    const max = ABUSE_LIMITS.signInFailuresPerAccount.max;
    for (let i = 0; i < max; i++) {
      const from = `10.1.${Math.floor(i / 4)}.${i % 4}`;
      expect((await signIn(one, from, DEMO_PATIENT_EMAIL, `wrong-${i}`)).status).toBe(422);
    }
    expect((await signIn(two, '198.51.100.9', DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD)).status).toBe(429);
    // The emailed reset link is the owner's way in, and ends the lockout.
    const asked = await one.request('/password-resets', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': 'none',
        'X-Forwarded-For': '198.51.100.9',
      },
      body: JSON.stringify({
        email: DEMO_PATIENT_EMAIL,
        dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
        language: 'en',
      }),
    });
    expect(asked.status, await asked.clone().text()).toBeLessThan(300);
    const mail = (await server.portal.outbox()).filter((m) => m.kind === 'password-reset').at(-1);
    const resetToken = /#portal-reset=([^&]+)/.exec(mail?.links?.reset ?? '')?.[1];
    expect(resetToken).toBeTruthy();
    const reset = await two.request('/password-resets/complete', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': 'none',
        'X-Forwarded-For': '198.51.100.9',
      },
      body: JSON.stringify({token: resetToken, password: 'a fresh long passphrase 91'}),
    });
    expect(reset.status, await reset.clone().text()).toBeLessThan(300);
    expect((await signIn(one, '198.51.100.9', DEMO_PATIENT_EMAIL, 'a fresh long passphrase 91')).status).toBe(
      200,
    );
  });
});

describe('availability reads', () => {
  const read = (app: typeof one, from: string) =>
    app.request(
      '/availability?serviceId=svc-general&providerId=any&from=2026-03-11T00:00:00Z&to=2026-07-09T00:00:00Z',
      {headers: {'X-Forwarded-For': from}},
    );

  it('pays for long reads per address: a flood gets 429, another address is served', async () => {
    const weeks = Math.ceil(120 / 7);
    const allowed = Math.floor(ABUSE_LIMITS.availabilityWeeksPerAddress.max / weeks);
    for (let i = 0; i < allowed; i++)
      expect((await read(i % 2 ? one : two, '203.0.113.88')).status).toBe(200);
    const over = await read(one, '203.0.113.88');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await read(two, '198.51.100.10')).status).toBe(200);
  });
});
