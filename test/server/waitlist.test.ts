/**
 * The waitlist over HTTP (issue #21), beyond the contract suite: two offered patients accepting at
 * once — exactly one booking, the other told it's gone (409, then `gone`); a double click on one
 * link books once; the freed time is held from everyone else while offered; bad input is a clear
 * 4xx with nothing stored; another patient's entry is 404 and audited as denied; the audit rows
 * and the offers' links carry ids and tokens only, never patient data. With the clinic's fees
 * (card on file, #20 item 4): a declined card or none books nothing — no appointment, the offer and
 * its hold kept — while another offered patient's good card books it; a late cancellation of that
 * visit (the server clock moved) charges the fee to the card.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {WaitlistRequest} from '../../src/adapters/adapter.js';
import {DEMO_CARD_CHOICES, type DemoCardChoiceName} from '../../src/domain/rules/cards.js';
import type {OutboxMessage, PatientDetails, PlainDate, Slot} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 90_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const STRONG = 'Un paseo por Chapultepec 2026';
const database = testDatabase('waitlist');
let server: RunningServer;
let n = 0;
let now = T0;

beforeAll(async () => {
  server = await startServer({clock: () => now, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const adapter = () => {
  const checked = checkedFetch(server.url);
  return {
    a: new RestAdapter({baseUrl: server.url, fetch: checked.fetch}),
    violations: () => checked.violations,
  };
};

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('portal-offer') ?? '';

/**
 * A new patient, registered and signed in on her own adapter, with a demo test card saved (the
 * clinic keeps a card on file for its fees), or none.
 */
async function newPatient(
  card: DemoCardChoiceName | null = 'succeeds',
): Promise<{a: RestAdapter; details: PatientDetails}> {
  const {a} = adapter();
  const details: PatientDetails = {
    givenName: 'Lucía',
    familyName: `Espera ${++n}`,
    email: `espera-${n}-${Date.now()}@example.com`,
    phone: `+5255555${String(10000 + n).padStart(5, '0')}`,
    dateOfBirth: '1990-05-04',
    language: 'es',
  };
  const before = (await server.portal.outbox()).length;
  await a.register({patient: details, password: STRONG, privacyConsent: true});
  const mail = (await server.portal.outbox()).slice(before).find((m) => m.to === details.email);
  const link = Object.values(mail!.links).find((l) => l.includes('#'))!;
  await a.verifyEmail([...new URLSearchParams(new URL(link).hash.slice(1)).values()][0]!, STRONG);
  if (card) {
    const setup = await a.startCardSetup(`wl-${n}`);
    await a.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES[card]);
  }
  return {a, details};
}

const clinicDate = (ms: number): PlainDate =>
  new Date(ms - 6 * 3_600_000).toISOString().slice(0, 10) as PlainDate; // Mexico City, UTC-6 in March

/** The demo patient books the first general consultation slot; two new patients wait for it. */
async function scene(
  cards: [DemoCardChoiceName | null, DemoCardChoiceName | null] = ['succeeds', 'succeeds'],
) {
  now = T0;
  await server.reset();
  const {a: ana} = adapter();
  await ana.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  const {slots} = await ana.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'any',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + 8 * DAY).toISOString(),
  });
  const slot = slots[0] as Slot;
  const appointment = await ana.book({
    slot,
    serviceIds: ['svc-general'],
    idempotencyKey: `k-${++n}`,
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
  });
  const request: WaitlistRequest = {
    serviceIds: ['svc-general'],
    providerId: slot.providerId,
    from: clinicDate(T0),
    to: clinicDate(Date.parse(slot.start)),
    partsOfDay: ['morning', 'afternoon', 'evening'],
  };
  const first = await newPatient(cards[0]);
  const firstEntry = await first.a.joinWaitlist(request);
  const second = await newPatient(cards[1]);
  await second.a.joinWaitlist(request);
  const before = (await server.portal.outbox()).length;
  await ana.cancelAppointment({appointmentId: appointment.id, reasonId: 'schedule'}).catch(async () => {
    const reasons = await ana.getCancellationReasons();
    const plain = reasons.find((r) => !r.needsText) ?? reasons[0]!;
    await ana.cancelAppointment({appointmentId: appointment.id, reasonId: plain.id, note: 'Otra cita'});
  });
  const sent = (await server.portal.outbox()).slice(before);
  const offer = (email: string) =>
    sent.find((m) => m.kind === 'waitlist-offer' && m.channel === 'email' && m.to === email) as OutboxMessage;
  return {ana, slot, appointment, first, second, firstEntry, sent, offer};
}

const activeAt = async (providerId: string, start: string) =>
  server.db.query<{id: string; patient_id: string}>(
    "SELECT id, patient_id FROM appointments WHERE provider_id = $1 AND start_ms = $2 AND status NOT IN ('cancelled')",
    [providerId, Date.parse(start)],
  );

describe('the waitlist over HTTP', () => {
  it('two offered patients accept at once: exactly one books it, the other is told it is gone', async () => {
    const {slot, first, second, offer, sent} = await scene();
    const toFirst = offer(first.details.email);
    const toSecond = offer(second.details.email);
    expect(toFirst && toSecond).toBeTruthy();
    // First joined first.
    expect(sent.indexOf(toFirst)).toBeLessThan(sent.indexOf(toSecond));
    // The link carries a token in its fragment and nothing of the patient.
    for (const m of [toFirst, toSecond]) {
      const link = m.links.offer!;
      expect(new URL(link).search).toBe('');
      expect(link).not.toContain(encodeURIComponent(m.to));
      expect(link).not.toContain('Lucía');
    }
    // Held for them: not offered to anyone else, and a booking of it by someone else fails.
    const {a: stranger} = adapter();
    const {slots} = await stranger.getAvailability({
      serviceIds: ['svc-general'],
      providerId: slot.providerId,
      from: slot.start,
      to: slot.end,
    });
    expect(slots.map((s) => s.id)).not.toContain(slot.id);

    const [x, y] = [adapter().a, adapter().a];
    const results = await Promise.allSettled([
      x.acceptWaitlistOffer(tokenOf(toFirst.links.offer!)),
      y.acceptWaitlistOffer(tokenOf(toSecond.links.offer!)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({code: 'slot-taken'});
    const rows = await activeAt(slot.providerId, slot.start);
    expect(rows).toHaveLength(1);
    // The other is told it's gone when she opens her link.
    const loserToken = tokenOf((results[0]!.status === 'rejected' ? toFirst : toSecond).links.offer!);
    expect((await adapter().a.resolveWaitlistOffer(loserToken)).state).toBe('gone');
    await expect(adapter().a.acceptWaitlistOffer(loserToken)).rejects.toMatchObject({code: 'slot-taken'});
    expect(await activeAt(slot.providerId, slot.start)).toHaveLength(1);
  });

  it('a double click on one link books once', async () => {
    const {slot, first, offer} = await scene();
    const t = tokenOf(offer(first.details.email).links.offer!);
    const [p, q] = await Promise.all([
      adapter().a.acceptWaitlistOffer(t),
      adapter().a.acceptWaitlistOffer(t),
    ]);
    expect(p.id).toBe(q.id);
    expect(await activeAt(slot.providerId, slot.start)).toHaveLength(1);
    // Her entry ended with the booking.
    expect(await first.a.listWaitlist()).toEqual([]);
  });

  it('with the clinic’s fees, a declined card or none books nothing and keeps the offer held; a good card books it, and a late cancellation charges the fee', async () => {
    const {slot, first, second, offer} = await scene(['charge-declines', null]);
    const [t1, t2] = [first, second].map((p) => tokenOf(offer(p.details.email).links.offer!));
    const results = await Promise.allSettled([
      adapter().a.acceptWaitlistOffer(t1!),
      adapter().a.acceptWaitlistOffer(t2!),
    ]);
    expect(results.map((r) => r.status === 'rejected' && (r.reason as {code: string}).code)).toEqual([
      'payment-failed',
      'validation',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({fields: {cardId: 'required'}});
    // Nothing written: no appointment, no offer marked, the hold still there, no acceptance audited.
    expect(await activeAt(slot.providerId, slot.start)).toHaveLength(0);
    const offers = await server.db.query<{appointment_id: string | null; hold_id: string}>(
      'SELECT appointment_id, hold_id FROM waitlist_offers',
    );
    expect(offers.map((o) => o.appointment_id)).toEqual([null, null]);
    expect(await server.db.query('SELECT id FROM holds WHERE id = $1', [offers[0]!.hold_id])).toHaveLength(1);
    expect(await server.db.query("SELECT 1 FROM audit_log WHERE action = 'waitlist.accept'")).toHaveLength(0);
    for (const t of [t1!, t2!]) expect((await adapter().a.resolveWaitlistOffer(t)).state).toBe('open');

    // The second saves a good card: her offer books, keeping it on file; the first's is gone.
    const setup = await second.a.startCardSetup('wl-good');
    await second.a.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES.succeeds);
    const booked = await adapter().a.acceptWaitlistOffer(t2!);
    expect(booked.cardOnFile).toEqual({brand: 'visa', last4: '4242'});
    expect((await adapter().a.resolveWaitlistOffer(t1!)).state).toBe('gone');

    // Cancelled by her inside the 24-hour window: the late fee, charged to that card.
    now = Date.parse(booked.start) - 24 * 3_600_000 + 60_000;
    const late = adapter().a;
    await late.signIn({email: second.details.email, password: STRONG});
    const reasons = await late.getCancellationReasons();
    const plain = reasons.find((r) => !r.needsText) ?? reasons[0]!;
    const cancelled = await late.cancelAppointment({appointmentId: booked.id, reasonId: plain.id, note: 'x'});
    expect(cancelled.feeCharged).toMatchObject({kind: 'late-cancellation', card: {last4: '4242'}});
    expect(cancelled.feeCharged?.amount.amountMinor).toBeGreaterThan(0);
    now = T0;
  });

  it('refuses bad input with a clear 4xx and stores nothing; another patient’s entry is 404, audited; ids only in the audit', async () => {
    const {first, second, firstEntry, ana} = await scene();
    const count = async () =>
      Number((await server.db.query<{n: number}>('SELECT count(*) AS n FROM waitlist_entries'))[0]!.n);
    const before = await count();
    const bad: unknown[] = [
      {serviceIds: ['svc-general'], from: 'x'.repeat(10_000), to: '2026-03-12', partsOfDay: ['morning']},
      {serviceIds: ['svc-general'], from: '2026-03-11\u0000', to: '2026-03-12', partsOfDay: ['morning']},
      {serviceIds: ['svc-general'], from: '2026-03-11', to: '2026-03-12', partsOfDay: ['morning'], extra: 1},
      {serviceIds: ['svc-peel'], from: '2026-03-11', to: '2026-03-12', partsOfDay: ['morning']},
      {serviceIds: 'svc-general', from: '2026-03-11', to: '2026-03-12', partsOfDay: ['morning']},
    ];
    // Raw requests (the adapter sends only the fields it knows), with the patient's cookie and CSRF token.
    const r = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
      body: JSON.stringify({email: first.details.email, password: STRONG}),
    });
    expect(r.status).toBe(200);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = r.headers.get('X-CSRF-Token') ?? '';
    for (const body of bad) {
      const answer = await fetch(`${server.url}/waitlist`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie},
        body: JSON.stringify(body),
      });
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
    const noCsrf = await fetch(`${server.url}/waitlist`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Cookie: cookie},
      body: JSON.stringify({
        serviceIds: ['svc-general'],
        from: '2026-03-11',
        to: '2026-03-12',
        partsOfDay: ['morning'],
      }),
    });
    expect(noCsrf.status).toBe(403);
    await expect(
      adapter().a.joinWaitlist({
        serviceIds: ['svc-general'],
        from: '2026-03-11',
        to: '2026-03-12',
        partsOfDay: ['morning'],
      }),
    ).rejects.toMatchObject({code: 'not-signed-in'});
    await expect(adapter().a.acceptWaitlistOffer('x'.repeat(400))).rejects.toMatchObject({
      code: 'invalid-link',
    });
    expect(await count()).toBe(before);

    await expect(second.a.leaveWaitlist(firstEntry.id)).rejects.toMatchObject({code: 'not-found'});
    expect((await first.a.listWaitlist()).map((e) => e.id)).toContain(firstEntry.id);
    await first.a.leaveWaitlist(firstEntry.id);
    expect(await first.a.listWaitlist()).toEqual([]);
    void ana;

    const audit = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action LIKE 'waitlist.%' ORDER BY seq",
    );
    const actions = audit.map((r) => r.action);
    for (const a of ['waitlist.join', 'waitlist.offer', 'waitlist.denied', 'waitlist.leave'])
      expect(actions).toContain(a);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(first.details.email);
    expect(text).not.toContain('Lucía');
  });
});
