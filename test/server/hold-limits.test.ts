/**
 * Slot squatting (issue #14 item 7, in part): a holder — the signed-in patient, else the caller's
 * address — keeps at most 2 live holds, and only the holder releases a hold.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import type {Slot} from '../../src/domain/types.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const database = testDatabase('hold_limits');
let server: RunningServer;
let app: ReturnType<typeof createApp>['app'];
let free: Slot[];

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
  app = createApp(server.portal, {trustProxy: 1}).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
  const {slots} = await server.portal.availability({
    serviceIds: ['svc-general'],
    providerId: 'prov-ramirez',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + 8 * DAY).toISOString(),
  });
  free = slots.filter((_, i) => i % 4 === 0).slice(0, 6);
  expect(free).toHaveLength(6);
});

const hold = (slot: Slot, from: string, cookie?: string) =>
  app.request('/holds', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-CSRF-Token': 'none',
      'X-Forwarded-For': from,
      ...(cookie ? {Cookie: cookie} : {}),
    },
    body: JSON.stringify({slot, serviceIds: ['svc-general']}),
  });

describe('holds per holder', () => {
  it('gives one address at most 2 live holds; another address still holds', async () => {
    expect(ABUSE_LIMITS.liveHoldsPerHolder).toBe(2);
    expect((await hold(free[0], '203.0.113.40')).status).toBe(201);
    expect((await hold(free[1], '203.0.113.40')).status).toBe(201);
    const third = await hold(free[2], '203.0.113.40');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await hold(free[2], '198.51.100.40')).status).toBe(201);
  });

  it('counts a signed-in patient’s holds whatever address they come from', async () => {
    const signIn = await app.request('/session', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': 'none',
        'X-Forwarded-For': '198.51.100.41',
      },
      body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const csrf = signIn.headers.get('x-csrf-token') ?? '';
    const held = (slot: Slot, from: string) =>
      app.request('/holds', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': csrf,
          'X-Forwarded-For': from,
          Cookie: cookie,
        },
        body: JSON.stringify({slot, serviceIds: ['svc-general']}),
      });
    expect((await held(free[3], '198.51.100.41')).status).toBe(201);
    expect((await held(free[4], '198.51.100.42')).status).toBe(201);
    expect((await held(free[5], '198.51.100.43')).status).toBe(429);
  });

  it('releases a hold only for its holder', async () => {
    const mine = await hold(free[0], '203.0.113.50');
    expect(mine.status).toBe(201);
    const {id} = (await mine.json()) as {id: string};
    // Someone else's DELETE answers alike and releases nothing: the slot stays held.
    const theirs = await app.request(`/holds/${id}`, {
      method: 'DELETE',
      headers: {'X-CSRF-Token': 'none', 'X-Forwarded-For': '198.51.100.50'},
    });
    expect(theirs.status).toBe(204);
    expect((await hold(free[0], '198.51.100.51')).status).toBe(409);
    // The holder's DELETE releases it.
    const own = await app.request(`/holds/${id}`, {
      method: 'DELETE',
      headers: {'X-CSRF-Token': 'none', 'X-Forwarded-For': '203.0.113.50'},
    });
    expect(own.status).toBe(204);
    expect((await hold(free[0], '198.51.100.51')).status).toBe(201);
  });
});
