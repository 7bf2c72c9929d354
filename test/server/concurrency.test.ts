/**
 * Racing bookings against the real reference server (QUALITY 20, 21, 23): whatever the
 * interleaving, one slot ends with exactly one appointment; one idempotency key with one result.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {SlotTakenError, isPortalError} from '../../src/adapters/adapter.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Slot} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

const database = testDatabase('concurrency');

const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;

// Every sign-in hashes with scrypt (memory-hard, on purpose): slow on a busy two-core machine.
vi.setConfig({testTimeout: 30_000});

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, writesPerMinute: 0, rateLimits: false, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

let phoneSeq = 0;
const nextPhone = () => `+52558${String(++phoneSeq).padStart(7, '0')}`;

/** A patient who is not signed in, with a verified phone, ready to book. */
async function newBooker() {
  const checked = checkedFetch(server.url);
  const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10});
  const phone = nextPhone();
  const challenge = await adapter.sendPhoneCode({phone, language: 'es'});
  const code = (await server.portal.outbox()).filter((m) => m.to === phone).pop()?.code ?? '';
  const phoneVerificationToken = await adapter.verifyPhoneCode(challenge.id, code);
  const patient = {
    givenName: 'Prueba',
    familyName: `Concurrencia ${phoneSeq}`,
    email: `race.${phoneSeq}@example.com`,
    phone: phone as `+${string}`,
    dateOfBirth: '1990-01-01' as const,
    language: 'es' as const,
  };
  return {adapter, checked, patient, phoneVerificationToken};
}

async function slots(count: number): Promise<Slot[]> {
  const adapter = new RestAdapter({baseUrl: server.url});
  const {slots} = await adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'prov-ramirez',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + 15 * DAY).toISOString(),
  });
  expect(slots.length).toBeGreaterThanOrEqual(count);
  // Far enough apart not to overlap one another.
  return slots.filter((_, i) => i % 4 === 0).slice(0, count);
}

async function activeAt(slot: Slot): Promise<number> {
  const rows = await server.db.query<{n: number}>(
    `SELECT count(*)::int AS n FROM appointments
      WHERE provider_id = $1 AND start_ms = $2 AND status IN ('pending', 'booked', 'confirmed')`,
    [slot.providerId, Date.parse(slot.start)],
  );
  return Number(rows[0].n);
}

async function race(slot: Slot, n: number) {
  const bookers = await Promise.all(Array.from({length: n}, () => newBooker()));
  const results = await Promise.allSettled(
    bookers.map((b, i) =>
      b.adapter.book({
        slot,
        serviceIds: slot.serviceIds,
        idempotencyKey: `race-${slot.id}-${i}`,
        patient: b.patient,
        phoneVerificationToken: b.phoneVerificationToken,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es',
      }),
    ),
  );
  for (const b of bookers) expect(b.checked.violations).toEqual([]);
  return results;
}

describe(`concurrent bookings of one slot (real server, ${database.label})`, () => {
  it('two bookers at the same moment, 10 runs: exactly one booked each time, the other slot-taken', async () => {
    for (const slot of await slots(10)) {
      const results = await race(slot, 2);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
      const failed = results.find((r) => r.status === 'rejected');
      expect(failed?.status === 'rejected' && failed.reason).toBeInstanceOf(SlotTakenError);
      expect(await activeAt(slot)).toBe(1);
    }
  }, 120_000);

  it('twenty bookers at the same moment: one 201, nineteen 409 slot-taken', async () => {
    const [slot] = await slots(1);
    const statuses: number[] = [];
    const bookers = await Promise.all(Array.from({length: 20}, () => newBooker()));
    await Promise.all(
      bookers.map(async (b, i) => {
        const {idempotencyKey: _k, ...body} = {
          slot,
          serviceIds: slot.serviceIds,
          idempotencyKey: '',
          patient: b.patient,
          phoneVerificationToken: b.phoneVerificationToken,
          privacyConsent: true,
          policyAccepted: true,
          language: 'es',
        };
        const response = await b.checked.fetch(`${server.url}/appointments`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-CSRF-Token': 'no-session',
            'Idempotency-Key': `twenty-${i}`,
          },
          body: JSON.stringify(body),
        });
        statuses.push(response.status);
        if (response.status === 409) {
          const problem = (await response.json()) as {code: string};
          expect(problem.code).toBe('slot-taken');
        }
      }),
    );
    for (const b of bookers) expect(b.checked.violations).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBe(1);
    expect(statuses.filter((s) => s === 409).length).toBe(19);
    expect(await activeAt(slot)).toBe(1);
  }, 120_000);

  it('twenty bookers through the RestAdapter: one appointment, nineteen SlotTakenError (not retried)', async () => {
    const [, slot] = await slots(2);
    const results = await race(slot, 20);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(reasons.length).toBe(19);
    for (const e of reasons) {
      expect(isPortalError(e) && e.code).toBe('slot-taken');
      expect(isPortalError(e) && e.retryable).toBe(false);
    }
    expect(await activeAt(slot)).toBe(1);
  }, 120_000);

  it('a response lost after the commit: the retry with the same key gives the same appointment, once (QUALITY 23)', async () => {
    const [slot] = await slots(1);
    const b = await newBooker();
    const request = {
      slot,
      serviceIds: slot.serviceIds,
      idempotencyKey: 'lost-response-key',
      patient: b.patient,
      phoneVerificationToken: b.phoneVerificationToken,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es' as const,
    };
    // The first answer is "lost": the server committed, the client saw a network error and retries.
    let first = true;
    const lossy: typeof fetch = async (input, init) => {
      const response = await b.checked.fetch(input, init);
      if (first && init?.method === 'POST' && String(input).endsWith('/appointments')) {
        first = false;
        throw new TypeError('connection reset after the server committed');
      }
      return response;
    };
    const adapter = new RestAdapter({baseUrl: server.url, fetch: lossy, retryBaseMs: 10});
    const appointment = await adapter.book(request);
    expect(first).toBe(false);
    expect(await activeAt(slot)).toBe(1);
    const again = await adapter.book(request);
    expect(again.id).toBe(appointment.id);
    expect(await activeAt(slot)).toBe(1);
    expect(b.checked.violations).toEqual([]);
  }, 60_000);
});
