/**
 * Kept availability answers (issue #22, server item 2): an unchanged calendar is answered again
 * from the server's cache and, with `If-None-Match`, as a 304; every change to what keeps a
 * provider busy — a booking over HTTP, a cancellation or a hold written by another process straight
 * in the database, a hold expiring, the clock moving on — gives the new answer at once.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Availability} from '../../src/adapters/adapter.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const database = testDatabase('availability_cache');
let now = T0;
let server: RunningServer;

const query = new URLSearchParams({
  serviceId: 'svc-general',
  providerId: 'prov-ramirez',
  from: new Date(T0 + DAY).toISOString(),
  to: new Date(T0 + 8 * DAY).toISOString(),
});

const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/availability?${query}`, {headers});
const read = async (headers: Record<string, string> = {}) => {
  const r = await get(headers);
  expect(r.status).toBe(200);
  return {etag: r.headers.get('etag') as string, body: (await r.json()) as Availability};
};
const starts = (a: Availability) => a.slots.map((s) => s.start);

beforeAll(async () => {
  server = await startServer({clock: () => now, writesPerMinute: 0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  now = T0;
  await server.reset();
});

describe('kept availability answers', () => {
  it('answers an unchanged calendar with the same entity tag, and a 304 without a body when asked with it', async () => {
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    const body = await first.text();
    const again = await get();
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);
    const unchanged = await get({'If-None-Match': etag as string});
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await unchanged.text()).toBe('');
    expect((await get({'If-None-Match': '"something-else"'})).status).toBe(200);
  });

  it('drops a slot booked over HTTP from the next answer, and a 304 is not given for the old tag', async () => {
    const before = await read();
    const slot = before.body.slots[3];
    const patient = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    await patient.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    await patient.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'cache-book-1',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    const after = await get({'If-None-Match': before.etag});
    expect(after.status).toBe(200);
    const body = (await after.json()) as Availability;
    expect(starts(body)).not.toContain(slot.start);
    expect(after.headers.get('etag')).not.toBe(before.etag);
  });

  it('sees a cancellation and a hold written straight in the database (another server process, a clinic tool)', async () => {
    // A booked appointment of the provider inside the range, cancelled by SQL: its time is free again.
    const before = await read();
    const slot = before.body.slots[0];
    const patient = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    await patient.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const booked = await patient.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'cache-book-2',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    expect(starts((await read()).body)).not.toContain(slot.start);
    await server.db.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [booked.id]);
    expect(starts((await read()).body)).toContain(slot.start);

    // A hold inserted by SQL for 5 minutes: gone from the answer, back once it expires (no write).
    const held = (await read()).body.slots[5];
    await server.db.query(
      `INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms, holder)
       VALUES ('hold_sql', $1, $2, $3, $4, $5, 'address:203.0.113.9')`,
      [held.providerId, Date.parse(held.start), Date.parse(held.end), JSON.stringify(held), now + 5 * 60_000],
    );
    expect(starts((await read()).body)).not.toContain(held.start);
    now += 5 * 60_000 + 1;
    expect(starts((await read()).body)).toContain(held.start);
  });

  it('moves on with the clock: a time that became too soon to book leaves the answer', async () => {
    const before = await read();
    const first = before.body.slots[0];
    // Just before the first slot: past the clinic's minimum notice, it is no longer offered.
    now = Date.parse(first.start) - 60_000;
    const later = await read();
    expect(starts(later.body)).not.toContain(first.start);
    expect(later.etag).not.toBe(before.etag);
  });

  it('gives concurrent askers the same answer', async () => {
    const answers = await Promise.all(Array.from({length: 10}, () => read()));
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
    expect(answers[0].body.slots.length).toBeGreaterThan(10);
  });

  it('starts afresh after a reset of the data (TRUNCATE fires no trigger: the versions move on)', async () => {
    const patient = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    await patient.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const slot = (await read()).body.slots[2];
    await patient.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'cache-book-3',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    expect(starts((await read()).body)).not.toContain(slot.start);
    await server.reset();
    expect(starts((await read()).body)).toContain(slot.start);
  });
});
