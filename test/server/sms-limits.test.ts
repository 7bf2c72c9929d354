/**
 * SMS bombing and pumping (issue #14 item 6): per-number limits that wrong tries cannot reset,
 * per-address caps, only the allowed countries, and a server-wide hourly SMS budget that logs an
 * error when used up.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {captureLog} from '../../server/log.js';
import {Portal} from '../../server/portal.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('sms_limits');
let server: RunningServer;
let now = T0;
let app: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => now, ...database.options});
  app = createApp(server.portal, {trustProxy: 1}).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  now = T0;
  await server.reset();
});

const post = (a: typeof app, path: string, body: unknown, from: string) =>
  a.request(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none', 'X-Forwarded-For': from},
    body: JSON.stringify(body),
  });
const sendCode = (phone: string, from = '203.0.113.5', a = app) =>
  post(a, '/phone-codes', {phone, language: 'es'}, from);

describe('SMS codes: per number', () => {
  it('wrong tries do not re-arm the resend wait', async () => {
    const first = await sendCode('+525512345678');
    expect(first.status).toBe(201);
    const {id} = (await first.json()) as {id: string};
    // Five wrong codes end the challenge...
    for (let i = 0; i < 5; i++)
      expect(
        (await post(app, '/phone-codes/verify', {challengeId: id, code: '999999'}, '203.0.113.5')).status,
      ).toBe(422);
    // ...but not the wait before another SMS to that number.
    const again = await sendCode('+525512345678');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('sends at most a few an hour to one number, however far apart and from wherever', async () => {
    const max = ABUSE_LIMITS.smsPerNumberHour.max;
    for (let i = 0; i < max; i++) {
      expect((await sendCode('+525512340000', `198.51.100.${i}`)).status).toBe(201);
      now += 61_000;
    }
    expect((await sendCode('+525512340000', '198.51.100.200')).status).toBe(429);
  });
});

describe('SMS codes: per address, countries, budget', () => {
  it('caps the codes one address asks for, to whatever numbers', async () => {
    const max = ABUSE_LIMITS.smsPerAddressHour.max;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await sendCode(`+5255123450${String(i).padStart(2, '0')}`)).status);
    expect(statuses.slice(0, max).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(max).every((s) => s === 429)).toBe(true);
    // Another address is served.
    expect((await sendCode('+525512349999', '198.51.100.77')).status).toBe(201);
  });

  it('sends only to the clinic’s country and its neighbours unless the operator allows more', async () => {
    const uk = '+447400123456';
    const refused = await sendCode(uk);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as {errors: Record<string, string>}).errors.phone).toBe('invalid-phone');
    expect((await sendCode('+12025550143', '198.51.100.3')).status).toBe(201); // United States: a neighbour of Mexico
    expect((await server.portal.outbox()).some((m) => m.to === uk)).toBe(false);
    const wider = new Portal({
      db: server.db,
      data: server.portal.data,
      clock: () => now,
      smsCountries: ['MX', 'GB'],
    });
    expect((await sendCode(uk, '198.51.100.4', createApp(wider, {trustProxy: 1}).app)).status).toBe(201);
  });

  it('keeps to the hourly SMS budget and logs an error when it is used up', async () => {
    const lines: string[] = [];
    const restore = captureLog((l) => lines.push(l));
    try {
      const budgeted = new Portal({
        db: server.db,
        data: server.portal.data,
        clock: () => now,
        smsHourlyBudget: 3,
      });
      const b = createApp(budgeted, {trustProxy: 1}).app;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await sendCode(`+5255987654${i}0`, `198.51.100.${i + 20}`, b)).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const alerts = lines.filter((l) => /SMS budget/.test(l));
      expect(alerts).toHaveLength(1);
      expect(JSON.parse(alerts[0]) as {level: string}).toMatchObject({level: 'error'});
      expect(alerts[0]).not.toContain('+52');
    } finally {
      restore();
    }
  });
});
