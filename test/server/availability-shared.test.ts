/**
 * Availability served by two servers on one database (issue #22, server items 2 and 4), over HTTP:
 * each server keeps its own answers (and parts of answers), so a booking made through server A
 * must show in server B's next answer — B learns it from the calendar's version in the database,
 * not from A; the entity tag is the answer's hash, so both servers give the same tag for the same
 * calendar and an unchanged one costs a 304 on either; and the per-address budget of availability
 * reads, kept in the database, refuses one address (429 with Retry-After) on both servers while
 * another address is served. PGlite: two servers in one process on one PGlite; PostgreSQL
 * (`node scripts/test-server-postgres.mjs`): two servers each with its own connections.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Availability} from '../../src/adapters/adapter.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const database = testDatabase('availability_shared');
let now = T0;
let a: RunningServer;
let b: RunningServer;

const query = (days: number) =>
  new URLSearchParams({
    serviceId: 'svc-general',
    providerId: 'any',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + (1 + days) * DAY).toISOString(),
  });

const get = (server: RunningServer, headers: Record<string, string> = {}, days = 14) =>
  fetch(`${server.url}/availability?${query(days)}`, {headers});
const read = async (server: RunningServer, headers: Record<string, string> = {}) => {
  const r = await get(server, headers);
  expect(r.status).toBe(200);
  return {etag: r.headers.get('etag') as string, body: (await r.json()) as Availability};
};
const starts = (x: Availability) => x.slots.map((s) => `${s.start} ${s.providerId}`);

async function signedIn(server: RunningServer): Promise<RestAdapter> {
  const patient = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
  await patient.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return patient;
}

beforeAll(async () => {
  const options = {clock: () => now, writesPerMinute: 0, trustProxy: 1, ...database.options};
  a = await startServer(options);
  // PostgreSQL: the same database and schema through connections of its own; PGlite (one
  // process's): the same open database. Either way B's kept answers are its own.
  b = await startServer(database.options.databaseUrl ? options : {...options, db: a.db});
}, 120_000);

afterAll(async () => {
  await b?.close();
  if (a) await database.drop(a.db);
  await a?.close();
});

beforeEach(async () => {
  now = T0;
  await a.reset();
});

describe('availability on two servers sharing one database', () => {
  it("a booking through server A is gone from server B's next answer, which B had kept", async () => {
    const before = await read(b);
    // B answers again from what it kept: the same tag, a 304 when asked with it.
    expect((await get(b, {'If-None-Match': before.etag})).status).toBe(304);
    const slot = before.body.slots[4];
    const patient = await signedIn(a);
    await patient.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'shared-book-1',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    const after = await get(b, {'If-None-Match': before.etag});
    expect(after.status).toBe(200);
    const body = (await after.json()) as Availability;
    expect(starts(body)).not.toContain(`${slot.start} ${slot.providerId}`);
    const etag = after.headers.get('etag') as string;
    expect(etag).not.toBe(before.etag);
    // What is far from the booked time is offered as before (the booking changed only its day).
    const far = before.body.slots.filter((s) => Math.abs(Date.parse(s.start) - Date.parse(slot.start)) > DAY);
    expect(far.length).toBeGreaterThan(50);
    expect(starts(body)).toEqual(expect.arrayContaining(starts({...before.body, slots: far})));
    // A, asked for the first time, gives the same answer and the same tag.
    const fromA = await read(a);
    expect(fromA.etag).toBe(etag);
    expect(fromA.body).toEqual(body);
    expect((await get(a, {'If-None-Match': etag})).status).toBe(304);
    expect((await get(b, {'If-None-Match': etag})).status).toBe(304);
  });

  it("a cancellation through server B frees the time again in server A's answer", async () => {
    const patient = await signedIn(b);
    const slot = (await read(a)).body.slots[0];
    const booked = await patient.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'shared-book-2',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    const taken = await read(a);
    expect(taken.body.slots.some((s) => s.start === slot.start && s.providerId === slot.providerId)).toBe(
      false,
    );
    const reasonId = (await patient.getCancellationReasons())[0]!.id;
    await patient.cancelAppointment({appointmentId: booked.id, reasonId});
    const freed = await get(a, {'If-None-Match': taken.etag});
    expect(freed.status).toBe(200);
    expect(starts((await freed.json()) as Availability)).toContain(`${slot.start} ${slot.providerId}`);
  });

  it('refuses one address over its budget on both servers (429, Retry-After) and serves another', async () => {
    // 120-day reads: each costs 18 weeks of the address's budget.
    const long = (server: RunningServer, address: string) => get(server, {'X-Forwarded-For': address}, 120);
    const allowed = Math.floor(ABUSE_LIMITS.availabilityWeeksPerAddress.max / Math.ceil(120 / 7));
    for (let i = 0; i < allowed; i++) {
      const r = await long(i % 2 ? a : b, '203.0.113.77');
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    }
    for (const server of [a, b]) {
      const refused = await long(server, '203.0.113.77');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('Retry-After'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await refused.json()) as {code: string}).code).toBe('rate-limited');
    }
    // Another address, on either server, while the first is refused.
    for (const server of [a, b]) expect((await long(server, '198.51.100.20')).status).toBe(200);
    // The budget is per minute: the next window serves the first address again.
    now += 60_000;
    expect((await long(a, '203.0.113.77')).status).toBe(200);
  });
});
