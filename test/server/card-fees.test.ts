/**
 * Booking with a card on file over HTTP (issue #20, item 4), beyond the contract suite: five
 * concurrent late cancellations charge the fee once (one row, one email, no 5xx); a visit the
 * patient did not book herself (the clinic's seeded one) is never charged; a card that declines at
 * booking stores nothing (no appointment, no idempotency key); the no-show mark of the development
 * tools charges once and answers clear 4xx for an unknown or not started visit.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import type {BookingRequest} from '../../src/adapters/adapter.js';
import type {Slot} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {DEV_TOOLS_PATH} from '../../server/dev-tools.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DERM = ['svc-derm'];
const CHEN = 'prov-chen';
const database = testDatabase('card_fees');
let server: RunningServer;
let now = T0;

beforeAll(async () => {
  server = await startServer({clock: () => now, devTools: true, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

async function signedIn() {
  const checked = checkedFetch(server.url);
  const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10});
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return {adapter, violations: () => checked.violations};
}

async function freeSlot(a: RestAdapter): Promise<Slot> {
  const {slots} = await a.getAvailability({
    serviceIds: DERM,
    providerId: CHEN,
    from: new Date(now + 3 * DAY).toISOString(),
    to: new Date(now + 20 * DAY).toISOString(),
  });
  expect(slots.length).toBeGreaterThan(0);
  return slots[0]!;
}

let seq = 0;
const request = (slot: Slot, extra: Partial<BookingRequest> = {}): BookingRequest => ({
  slot,
  serviceIds: DERM,
  idempotencyKey: `card-fees-${++seq}-${Math.random().toString(36).slice(2)}`,
  privacyConsent: true,
  policyAccepted: true,
  language: 'es',
  ...extra,
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await server.db.query<{n: string | number}>(sql, params))[0]!.n);

describe('booking with a card on file over HTTP', () => {
  it('charges a late cancellation once under five concurrent cancellations: one charge, one email, no 5xx', async () => {
    now = T0;
    await server.reset();
    const first = await signedIn();
    let a = first.adapter;
    const violations = first.violations;
    const booked = await a.book(request(await freeSlot(a)));
    expect(booked.cardOnFile).toEqual({brand: 'visa', last4: '4242'});
    const row = (
      await server.db.query<{card_authorization: unknown}>(
        'SELECT card_authorization FROM appointments WHERE id = $1',
        [booked.id],
      )
    )[0]!;
    expect(row.card_authorization).toMatchObject({
      last4: '4242',
      amount: {amountMinor: 30000},
      provider: 'demo',
    });
    expect(JSON.stringify(row.card_authorization)).not.toMatch(/4242424242424242/);
    now = Date.parse(booked.start) - 23 * HOUR;
    ({adapter: a} = await signedIn()); // days later: a new session
    const reasonId = (await a.getCancellationReasons())[0]!.id;
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map(() => a.cancelAppointment({appointmentId: booked.id, reasonId})),
    );
    for (const r of results) {
      expect(r.status === 'rejected' ? String(r.reason) : r.status).toBe('fulfilled');
      if (r.status === 'fulfilled')
        expect(r.value.feeCharged).toMatchObject({kind: 'late-cancellation', card: {last4: '4242'}});
    }
    expect(
      await count("SELECT count(*) AS n FROM outbox WHERE kind = 'fee-charged' AND recipient = $1", [
        DEMO_PATIENT_EMAIL,
      ]),
    ).toBe(1);
    const [mail] = await server.db.query<{subject: string; body: string; language: string}>(
      "SELECT subject, body, language FROM outbox WHERE kind = 'fee-charged'",
    );
    expect(mail!.body).toContain('Visa terminada en 4242');
    expect(mail!.subject).toContain('Cargo por cancelación tardía');
    const invoice = (await a.listInvoices()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
    expect(invoice).toMatchObject({status: 'paid', totalMinor: 30000, balanceDueMinor: 0});
    expect(violations()).toEqual([]);
  });

  it('never charges a visit the patient did not book herself (the clinic’s seeded one)', async () => {
    now = T0;
    await server.reset();
    const {adapter: a} = await signedIn();
    const upcoming = (await a.listAppointments({when: 'upcoming'})).items.filter((x) => x.actions.cancel);
    expect(upcoming.length).toBeGreaterThan(0);
    const seeded = upcoming[0]!;
    expect(seeded.cardOnFile).toBeUndefined();
    now = Math.max(now, Date.parse(seeded.start) - 2 * HOUR);
    const cancelled = await a.cancelAppointment({
      appointmentId: seeded.id,
      reasonId: (await a.getCancellationReasons())[0]!.id,
    });
    expect(cancelled.feeCharged).toBeUndefined();
    expect(await count("SELECT count(*) AS n FROM outbox WHERE kind = 'fee-charged'")).toBe(0);
    expect(await count('SELECT count(*) AS n FROM appointments WHERE fee_charge IS NOT NULL')).toBe(0);
  });

  it('stores nothing when the card declines at booking', async () => {
    now = T0;
    await server.reset();
    const {adapter: a} = await signedIn();
    const setup = await a.startCardSetup('declines');
    await a.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES['charge-declines']);
    const declining = (await a.listCards()).find((c) => c.last4 === '0341')!;
    const appointments = await count('SELECT count(*) AS n FROM appointments');
    const keys = await count('SELECT count(*) AS n FROM idempotency_keys');
    const slot = await freeSlot(a);
    await expect(a.book(request(slot, {cardId: declining.id}))).rejects.toMatchObject({
      code: 'payment-failed',
    });
    await expect(a.book(request(slot, {cardId: 'card_nobody'}))).rejects.toMatchObject({
      code: 'validation',
      fields: {cardId: 'invalid'},
    });
    expect(await count('SELECT count(*) AS n FROM appointments')).toBe(appointments);
    expect(await count('SELECT count(*) AS n FROM idempotency_keys')).toBe(keys);
    // The slot is still free: the default card books it.
    expect((await a.book(request(slot))).cardOnFile?.last4).toBe('4242');
  });

  it('marks a no-show through the development tools: the fee once, clear 4xx otherwise', async () => {
    now = T0;
    await server.reset();
    const {adapter: a} = await signedIn();
    const booked = await a.book(request(await freeSlot(a)));
    const mark = (id: string) =>
      fetch(`${new URL(server.url).origin}${DEV_TOOLS_PATH}/appointments/${id}/no-show`, {
        method: 'POST',
        headers: {'X-CSRF-Token': 'x'},
      });
    expect((await mark(booked.id)).status).toBe(422); // not started yet
    expect((await mark('apt_nobody')).status).toBe(404);
    now = Date.parse(booked.start) + 10 * 60_000;
    const responses = await Promise.all([1, 2, 3].map(() => mark(booked.id)));
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({
        status: 'no-show',
        feeCharged: {kind: 'no-show', card: {last4: '4242'}},
      });
    }
    expect(await count("SELECT count(*) AS n FROM outbox WHERE kind = 'fee-charged'")).toBe(1);
  });
});
