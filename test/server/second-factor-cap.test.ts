/**
 * The second factor's wrong codes are capped per account across challenges (issue #14 item 5):
 * each sign-in opens a fresh challenge with 5 tries, but after 10 wrong codes in an hour the
 * account's codes are refused — the right one too — until the window ends or the owner uses the
 * emailed reset link.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {scryptCost, setScryptCost} from '../../server/passwords.js';

/** The cost the suites hash at (test/server/setup.ts), put back after this file's cheaper one. */
const suiteCost = scryptCost();
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('second_factor_cap');
let server: RunningServer;
let now = T0;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  setScryptCost({N: 2 ** 10, r: 8, p: 1});
  server = await startServer({clock: () => now, secondFactor: 'email', ...database.options});
  app = createApp(server.portal, {trustProxy: 1}).app;
}, 120_000);

afterAll(async () => {
  setScryptCost(suiteCost);
  if (server) await database.drop(server.db);
  await server?.close();
});

const post = (path: string, body: unknown, from: string) =>
  app.request(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none', 'X-Forwarded-For': from},
    body: JSON.stringify(body),
  });

/** Signs in with the password (from a fresh address each time): the challenge id. */
async function challenge(i: number): Promise<string> {
  const r = await post(
    '/session',
    {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD},
    `10.9.0.${i}`,
  );
  expect(r.status).toBe(200);
  const body = (await r.json()) as {status: string; challengeId: string};
  expect(body.status).toBe('second-factor');
  return body.challengeId;
}

const lastCode = async (): Promise<string> => {
  const mail = (await server.portal.outbox()).filter((m) => m.kind === 'sign-in-code').at(-1);
  return mail?.code ?? '';
};

describe('second factor: wrong codes capped per account', () => {
  it('refuses even the right code after 10 wrong ones spread over several challenges', async () => {
    await server.reset();
    const max = ABUSE_LIMITS.secondFactorFailuresPerAccount.max;
    let wrong = 0;
    for (let round = 0; wrong < max; round++) {
      const id = await challenge(round);
      // At most 4 per challenge: never the 5th that ends a challenge on its own.
      for (let t = 0; t < 4 && wrong < max; t++, wrong++) {
        const r = await post('/session/second-factor', {challengeId: id, code: '000000'}, `10.9.0.${round}`);
        expect(r.status).toBe(422);
      }
    }
    // A new challenge is not even opened (no code sent), and one opened before is refused.
    const refused = await post(
      '/session',
      {email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD},
      '10.9.1.1',
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    // An hour later the owner signs in with the right code.
    now += 61 * 60_000;
    const id = await challenge(200);
    const ok = await post('/session/second-factor', {challengeId: id, code: await lastCode()}, '10.9.0.200');
    expect(ok.status).toBe(200);
  });
});
