/**
 * Deposits on the reference server, over HTTP through the RestAdapter (every request and response
 * checked against `server/openapi.yaml`): `payments: demo` when the clinic has a deposit policy,
 * payment intents idempotent by key, the demo payment provider's confirmation step (test cards that
 * succeed or are declined), bookings refused without a paid intent for that very slot, the deposit
 * recorded on the appointment; and a server with payments turned off, or a clinic without a policy.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {
  NotSupportedError,
  PaymentFailedError,
  ValidationError,
  isPortalError,
  type BookingRequest,
  type PortalError,
} from '../../src/adapters/adapter.js';
import {
  DEMO_CARD_DECLINED,
  DEMO_CARD_SUCCESS,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Slot} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, type CheckedFetch} from './helpers.js';

// Every sign-in hashes with scrypt (memory-hard, on purpose): slow on a busy two-core machine.
vi.setConfig({testTimeout: 30_000});

/** Tuesday 10 March 2026, 10:00 in Mexico City. */
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const PEEL = ['svc-peel'];
const DERM = ['svc-derm'];
const CHEN = 'prov-chen';
const PEEL_DEPOSIT = {amountMinor: 50_000, currency: 'MXN'};

async function rejection(promise: Promise<unknown>): Promise<PortalError> {
  try {
    await promise;
  } catch (e) {
    expect(isPortalError(e), `expected a PortalError, got ${String(e)}`).toBe(true);
    return e as PortalError;
  }
  throw new Error('expected the call to reject, but it resolved');
}

interface Client {
  readonly adapter: RestAdapter;
  readonly checked: CheckedFetch;
}

function client(server: RunningServer): Client {
  const checked = checkedFetch(server.url);
  return {checked, adapter: new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10})};
}

async function signedIn(server: RunningServer): Promise<Client> {
  const c = client(server);
  const result = await c.adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(result.status).toBe('signed-in');
  return c;
}

async function freeSlots(adapter: RestAdapter, serviceIds: string[], count: number): Promise<Slot[]> {
  const {slots} = await adapter.getAvailability({
    serviceIds,
    providerId: CHEN,
    from: new Date(T0 + 3 * DAY).toISOString(),
    to: new Date(T0 + 20 * DAY).toISOString(),
  });
  expect(slots.length).toBeGreaterThanOrEqual(count);
  // Far enough apart that booking one never makes another unavailable.
  const picked: Slot[] = [];
  for (const s of slots) {
    if (picked.every((p) => Math.abs(Date.parse(p.start) - Date.parse(s.start)) >= 3 * 3_600_000))
      picked.push(s);
    if (picked.length === count) break;
  }
  expect(picked.length).toBe(count);
  return picked;
}

let keySeq = 0;
const newKey = () => `deposit-test-${++keySeq}-${Math.random().toString(36).slice(2)}`;

function bookingOf(slot: Slot, serviceIds: string[], paymentIntentId?: string): BookingRequest {
  return {
    slot,
    serviceIds,
    idempotencyKey: newKey(),
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
    ...(paymentIntentId ? {paymentIntentId} : {}),
  };
}

function expectConformant(c: Client) {
  expect(c.checked.violations, 'requests and responses match server/openapi.yaml').toEqual([]);
}

describe('deposits with the demo payment provider (demo clinic: the chemical peel needs MXN 500)', () => {
  const database = testDatabase('deposits');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({clock: () => T0, writesPerMinute: 0, ...database.options});
  }, 120_000);

  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  beforeEach(async () => {
    await server.reset();
  });

  it('says payments: demo, and asks for a deposit only where one is due', async () => {
    const c = client(server);
    expect((await c.adapter.getCapabilities()).payments).toBe('demo');
    const [derm] = await freeSlots(c.adapter, DERM, 1);
    expect(await c.adapter.createDepositIntent(derm, DERM, newKey())).toBeNull();
    const [peel] = await freeSlots(c.adapter, PEEL, 1);
    const intent = await c.adapter.createDepositIntent(peel, PEEL, newKey());
    expect(intent).toMatchObject({provider: 'demo', amount: PEEL_DEPOSIT});
    expect(intent?.id).toMatch(/^pi_demo_/);
    // Nothing stored for the visit without a deposit; one intent for the peel.
    const rows = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM payment_intents');
    expect(Number(rows[0].n)).toBe(1);
    expectConformant(c);
  });

  it('gives one intent per idempotency key, even to concurrent twins; another slot with that key is refused', async () => {
    const c = client(server);
    const [a, b] = await freeSlots(c.adapter, PEEL, 2);
    const key = newKey();
    const twins = await Promise.all(
      Array.from({length: 5}, () => c.adapter.createDepositIntent(a, PEEL, key)),
    );
    const ids = new Set(twins.map((t) => t?.id));
    expect(ids.size).toBe(1);
    expect((await c.adapter.createDepositIntent(a, PEEL, key))?.id).toBe(twins[0]?.id);
    const other = await rejection(c.adapter.createDepositIntent(b, PEEL, key));
    expect(other).toBeInstanceOf(ValidationError);
    expect((other as ValidationError).fields).toEqual({idempotencyKey: 'invalid'});
    expect((await c.adapter.createDepositIntent(a, PEEL, newKey()))?.id).not.toBe(twins[0]?.id);
    const rows = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM payment_intents');
    expect(Number(rows[0].n)).toBe(2);
    expectConformant(c);
  });

  it('refuses the booking until the deposit is paid; a declined card pays nothing; then the deposit is on the appointment', async () => {
    const c = await signedIn(server);
    const [slot] = await freeSlots(c.adapter, PEEL, 1);
    const intent = await c.adapter.createDepositIntent(slot, PEEL, newKey());
    expect(intent).not.toBeNull();
    const id = intent?.id as string;

    const none = await rejection(c.adapter.book(bookingOf(slot, PEEL)));
    expect((none as ValidationError).fields).toEqual({paymentIntentId: 'required'});
    expect(await rejection(c.adapter.book(bookingOf(slot, PEEL, id)))).toBeInstanceOf(PaymentFailedError);

    expect(await rejection(c.adapter.confirmDemoPayment(id, DEMO_CARD_DECLINED))).toBeInstanceOf(
      PaymentFailedError,
    );
    expect(await rejection(c.adapter.book(bookingOf(slot, PEEL, id)))).toBeInstanceOf(PaymentFailedError);
    const [declined] = await server.db.query<{state: string}>(
      'SELECT state FROM payment_intents WHERE id = $1',
      [id],
    );
    expect(declined.state).toBe('failed');

    // Another card after a decline, as the payment step allows; paying twice changes nothing.
    await c.adapter.confirmDemoPayment(id, '4242 4242 4242 4242');
    await c.adapter.confirmDemoPayment(id, DEMO_CARD_SUCCESS);
    const request = bookingOf(slot, PEEL, id);
    const appointment = await c.adapter.book(request);
    expect(appointment.depositPaid).toEqual(PEEL_DEPOSIT);
    expect((await c.adapter.getAppointment(appointment.id)).depositPaid).toEqual(PEEL_DEPOSIT);
    const upcoming = await c.adapter.listAppointments({when: 'upcoming'});
    expect(upcoming.items.find((x) => x.id === appointment.id)?.depositPaid).toEqual(PEEL_DEPOSIT);
    // The same booking again (a lost response): the same appointment, the intent still used once.
    expect((await c.adapter.book(request)).id).toBe(appointment.id);
    const [used] = await server.db.query<{appointment_id: string; state: string}>(
      'SELECT appointment_id, state FROM payment_intents WHERE id = $1',
      [id],
    );
    expect(used).toEqual({appointment_id: appointment.id, state: 'succeeded'});
    await c.adapter.confirmDemoPayment(id, DEMO_CARD_SUCCESS);

    // Moving the visit keeps the deposit paid with it.
    const [later] = (await freeSlots(c.adapter, PEEL, 3)).filter((s) => s.id !== slot.id);
    const moved = await c.adapter.rescheduleAppointment({
      appointmentId: appointment.id,
      slot: later,
      idempotencyKey: newKey(),
    });
    expect(moved.start).toBe(later.start);
    expect(moved.depositPaid).toEqual(PEEL_DEPOSIT);
    expectConformant(c);
  });

  it('takes an intent only for the slot and services it was made for, and for one appointment', async () => {
    const c = await signedIn(server);
    const [a, b] = await freeSlots(c.adapter, PEEL, 2);
    const forA = await c.adapter.createDepositIntent(a, PEEL, newKey());
    await c.adapter.confirmDemoPayment(forA?.id as string, DEMO_CARD_SUCCESS);

    const elsewhere = await rejection(c.adapter.book(bookingOf(b, PEEL, forA?.id)));
    expect((elsewhere as ValidationError).fields).toEqual({paymentIntentId: 'invalid'});
    const unknown = await rejection(c.adapter.book(bookingOf(a, PEEL, 'pi_demo_unknown')));
    expect((unknown as ValidationError).fields).toEqual({paymentIntentId: 'invalid'});

    const first = await c.adapter.book(bookingOf(a, PEEL, forA?.id));
    expect(first.depositPaid).toEqual(PEEL_DEPOSIT);
    // Cancelled, the slot is free again, but its paid intent is spent.
    const [reason] = await c.adapter.getCancellationReasons();
    await c.adapter.cancelAppointment({appointmentId: first.id, reasonId: reason.id, note: 'x'});
    const again = await rejection(c.adapter.book(bookingOf(a, PEEL, forA?.id)));
    expect((again as ValidationError).fields).toEqual({paymentIntentId: 'invalid'});
    expectConformant(c);
  });

  it('lets concurrent bookings with one paid intent book once', async () => {
    const c = await signedIn(server);
    const [slot] = await freeSlots(c.adapter, PEEL, 1);
    const intent = await c.adapter.createDepositIntent(slot, PEEL, newKey());
    await c.adapter.confirmDemoPayment(intent?.id as string, DEMO_CARD_SUCCESS);
    const results = await Promise.allSettled(
      Array.from({length: 4}, () => c.adapter.book(bookingOf(slot, PEEL, intent?.id))),
    );
    const booked = results.filter((r) => r.status === 'fulfilled');
    expect(booked).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect(['slot-taken', 'validation']).toContain((r.reason as PortalError).code);
    const [{n}] = await server.db.query<{n: number}>(
      "SELECT count(*)::int AS n FROM appointments WHERE status = 'booked' AND start_ms = $1",
      [Date.parse(slot.start)],
    );
    expect(Number(n)).toBe(1);
  });

  it('has a demo confirmation step that knows only its two test cards and its own intents', async () => {
    const c = client(server);
    const [slot] = await freeSlots(c.adapter, PEEL, 1);
    const intent = await c.adapter.createDepositIntent(slot, PEEL, newKey());
    const id = intent?.id as string;

    // A number that is not a test card never leaves the adapter.
    const before = c.checked.urls.length;
    const local = await rejection(c.adapter.confirmDemoPayment(id, '5555 5555 5555 4444'));
    expect((local as ValidationError).fields).toEqual({cardNumber: 'invalid'});
    expect(c.checked.urls.length).toBe(before);

    expect((await rejection(c.adapter.confirmDemoPayment('pi_demo_nope', DEMO_CARD_SUCCESS))).code).toBe(
      'not-found',
    );
    // On the wire only the choice travels; a card number in its place is refused by the contract.
    const raw = (card: unknown, csrf = 'no-session') =>
      fetch(`${server.url}/deposit-intents/${encodeURIComponent(id)}/demo-payment`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
        body: JSON.stringify({card}),
      });
    const number = await raw(DEMO_CARD_SUCCESS);
    expect(number.status).toBe(422);
    expect(await number.json()).toMatchObject({code: 'validation', errors: {card: 'invalid'}});
    const noCsrf = await fetch(`${server.url}/deposit-intents/${encodeURIComponent(id)}/demo-payment`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({card: 'succeeds'}),
    });
    expect(noCsrf.status).toBe(403);
    const [row] = await server.db.query<{state: string}>('SELECT state FROM payment_intents WHERE id = $1', [
      id,
    ]);
    expect(row.state).toBe('requires-payment');
    expect((await raw('succeeds')).status).toBe(204);
    const [paid] = await server.db.query<{state: string}>('SELECT state FROM payment_intents WHERE id = $1', [
      id,
    ]);
    expect(paid.state).toBe('succeeded');
    expectConformant(c);
  });

  it('seeds the demo patient’s past chemical peel with its deposit paid, as the in-memory clinic does', async () => {
    const c = await signedIn(server);
    const past = await c.adapter.listAppointments({when: 'past', limit: 50});
    const peel = past.items.find((a) => a.services.some((s) => s.id === 'svc-peel'));
    expect(peel?.depositPaid).toEqual(PEEL_DEPOSIT);
    expect(past.items.filter((a) => a.depositPaid)).toHaveLength(1);
    expectConformant(c);
  });
});

describe('no deposits: payments turned off, or a clinic without a deposit policy', () => {
  const database = testDatabase('deposits_off');
  let off: RunningServer;
  let noPolicy: RunningServer;

  beforeAll(async () => {
    const data = createDemoClinicData();
    const clinic = {...data.clinic};
    delete (clinic as {deposit?: unknown}).deposit;
    const catalog = {
      ...data.catalog,
      services: data.catalog.services.map(({deposit: _deposit, ...s}) => s),
    };
    off = await startServer({clock: () => T0, payments: false, ...database.options});
    noPolicy = await startServer({
      clock: () => T0,
      db: off.db,
      data: {...data, clinic, catalog},
    });
  }, 120_000);

  afterAll(async () => {
    await noPolicy?.close();
    if (off) await database.drop(off.db);
    await off?.close();
  });

  for (const which of ['payments off', 'no deposit policy'] as const) {
    it(`${which}: payments false, 501 for deposits, and the peel booked without one`, async () => {
      const server = which === 'payments off' ? off : noPolicy;
      await server.reset();
      const c = await signedIn(server);
      expect((await c.adapter.getCapabilities()).payments).toBe(false);
      const [slot] = await freeSlots(c.adapter, PEEL, 1);
      const refused = await rejection(c.adapter.createDepositIntent(slot, PEEL, newKey()));
      expect(refused).toBeInstanceOf(NotSupportedError);
      expect((refused as NotSupportedError).capability).toBe('payments');
      const step = await rejection(c.adapter.confirmDemoPayment('pi_demo_x', DEMO_CARD_SUCCESS));
      expect(step).toBeInstanceOf(NotSupportedError);
      const appointment = await c.adapter.book(bookingOf(slot, PEEL));
      expect(appointment.depositPaid).toBeUndefined();
      expectConformant(c);
    });
  }
});
