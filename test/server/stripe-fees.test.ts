/**
 * Late-cancellation and no-show fees charged through Stripe (`PORTAL_PAYMENTS=stripe`, #20 item 4),
 * against the local stand-in for api.stripe.com on 127.0.0.1: the fee goes to the card the domain
 * chooses, off-session (`off_session=true`, `confirm=true`, the patient's Customer and the card's
 * PaymentMethod) under an idempotency key per fee — five concurrent cancellations charge once; a
 * card Stripe declines or whose bank asks for the patient is recorded and the default card is tried,
 * else the fee is due on the invoice and the email says so; Stripe failing is 502 with nothing
 * cancelled, and the cancellation made again charges once. A deposit paid through Stripe that the
 * rules refund is refunded there (`POST /v1/refunds`, once under concurrent cancellations), and
 * Stripe's signed `charge.refunded` confirms it.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import type {BookingRequest} from '../../src/adapters/adapter.js';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {SavedCard} from '../../src/domain/rules/cards.js';
import type {Slot} from '../../src/domain/types.js';
import {DEV_TOOLS_PATH} from '../../server/dev-tools.js';
import {captureLog} from '../../server/log.js';
import {providerIdempotencyKey} from '../../server/payment-provider.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, type CheckedFetch} from './helpers.js';
import {StripeStandIn, signed} from './stripe-stand-in.js';

vi.setConfig({testTimeout: 60_000});

const SECRET_KEY = 'sk_test_portalStandIn0123456789';
const T0 = Date.parse('2026-03-10T16:00:00Z');
const HOUR = 3_600_000;
const PEEL = ['svc-peel'];
const WEBHOOK_SECRET = 'whsec_portalStandInSecret0123456789';
const DAY = 24 * HOUR;
const DERM = ['svc-derm'];
const CHEN = 'prov-chen';

const stripe = new StripeStandIn(SECRET_KEY);
const database = testDatabase('stripe_fees');
let server: RunningServer;
let now = T0;
const lines: string[] = [];
let restoreLog: () => void;

beforeAll(async () => {
  await stripe.start();
  server = await startServer({
    clock: () => now,
    devTools: true,
    writesPerMinute: 0,
    payments: 'stripe',
    stripe: {
      secretKey: SECRET_KEY,
      publishableKey: 'pk_test_portalStandIn0123456789',
      webhookSecret: WEBHOOK_SECRET,
      apiBase: stripe.url,
      timeoutMs: 500,
    },
    ...database.options,
  });
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
  await stripe.stop();
});

beforeEach(async () => {
  now = T0;
  await server.reset();
  stripe.clear();
  lines.length = 0;
  restoreLog = captureLog((line) => lines.push(line));
});

afterEach(() => {
  restoreLog();
  for (const line of lines)
    for (const secret of [DEMO_PATIENT_EMAIL, 'Ana', SECRET_KEY, '_secret_'])
      expect(line).not.toContain(secret);
});

async function signedIn(): Promise<{adapter: RestAdapter; checked: CheckedFetch}> {
  const checked = checkedFetch(server.url);
  const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10, retries: 0});
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return {adapter, checked};
}

/** A card saved through Stripe with one of Stripe's test numbers. */
async function addCard(a: RestAdapter, number: string): Promise<SavedCard> {
  const setup = await a.startCardSetup(`card-${number}-${Math.random()}`);
  const [{provider_ref: ref}] = await server.db.query<{provider_ref: string}>(
    'SELECT provider_ref FROM card_setups WHERE id = $1',
    [setup.id],
  );
  stripe.completeSetup(ref, number);
  return (await a.listCards()).find((c) => c.last4 === number.slice(-4))!;
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
  idempotencyKey: `stripe-fees-${++seq}-${Math.random().toString(36).slice(2)}`,
  privacyConsent: true,
  policyAccepted: true,
  language: 'es',
  ...extra,
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await server.db.query<{n: string | number}>(sql, params))[0]!.n);

const feeRows = () =>
  server.db.query<{
    card_id: string | null;
    outcome: string;
    decline_code: string | null;
    payment_intent: string;
  }>('SELECT card_id, outcome, decline_code, payment_intent FROM stripe_fee_charges');

/** The off-session charges the stand-in was asked for. */
const charges = () => stripe.requests.filter((r) => r.path === '/v1/payment_intents' && r.form.off_session);

describe('fees charged through Stripe', () => {
  it('charges a late cancellation off-session once under five concurrent cancellations: one PaymentIntent, one email', async () => {
    let {adapter: a, checked} = await signedIn();
    const visa = await addCard(a, '4242424242424242');
    const booked = await a.book(request(await freeSlot(a)));
    expect(booked.cardOnFile).toEqual({brand: 'visa', last4: '4242'});
    const [{card_authorization: authorization}] = await server.db.query<{card_authorization: unknown}>(
      'SELECT card_authorization FROM appointments WHERE id = $1',
      [booked.id],
    );
    expect(authorization).toMatchObject({cardId: visa.id, last4: '4242', provider: 'stripe'});
    now = Date.parse(booked.start) - 23 * HOUR;
    ({adapter: a, checked} = await signedIn());
    stripe.clear();
    const reasonId = (await a.getCancellationReasons())[0]!.id;
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map(() => a.cancelAppointment({appointmentId: booked.id, reasonId})),
    );
    for (const r of results) {
      expect(r.status === 'rejected' ? String(r.reason) : r.status).toBe('fulfilled');
      if (r.status === 'fulfilled')
        expect(r.value.feeCharged).toMatchObject({kind: 'late-cancellation', card: {last4: '4242'}});
    }
    const sent = charges();
    expect(sent.length).toBe(1);
    const [{patient_id: patientId}] = await server.db.query<{patient_id: string}>(
      'SELECT patient_id FROM appointments WHERE id = $1',
      [booked.id],
    );
    const [{customer_id: customer}] = await server.db.query<{customer_id: string}>(
      'SELECT customer_id FROM stripe_customers WHERE patient_id = $1',
      [patientId],
    );
    const [{provider_ref: pm}] = await server.db.query<{provider_ref: string}>(
      'SELECT provider_ref FROM saved_cards WHERE id = $1',
      [visa.id],
    );
    expect(sent[0]!.form).toEqual({
      amount: '30000',
      currency: 'mxn',
      customer,
      payment_method: pm,
      off_session: 'true',
      confirm: 'true',
      'metadata[portal_kind]': 'fee',
      'metadata[portal_fee]': 'late-cancellation',
      'metadata[portal_appointment]': booked.id,
    });
    expect(sent[0]!.idempotencyKey).toBe(
      providerIdempotencyKey('fee', `${booked.id}\u0000late-cancellation`, visa.id),
    );
    const [pi] = [...stripe.intents.values()].filter((p) => p.status === 'succeeded');
    expect(pi).toMatchObject({amount: 30000, amount_received: 30000});
    expect(await feeRows()).toEqual([
      {card_id: visa.id, outcome: 'succeeded', decline_code: null, payment_intent: pi!.id},
    ]);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE kind = 'fee-charged'")).toBe(1);
    const [mail] = await server.db.query<{body: string}>(
      "SELECT body FROM outbox WHERE kind = 'fee-charged'",
    );
    expect(mail!.body).toContain('Visa terminada en 4242');
    const invoice = (await a.listInvoices()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
    expect(invoice).toMatchObject({status: 'paid', totalMinor: 30000, balanceDueMinor: 0});
    expect(checked.violations).toEqual([]);
  });

  it('records a declined card and charges the default card instead', async () => {
    let {adapter: a} = await signedIn();
    const visa = await addCard(a, '4242424242424242');
    const declining = await addCard(a, '4000000000000341');
    expect(visa.isDefault).toBe(true);
    const booked = await a.book(request(await freeSlot(a), {cardId: declining.id}));
    expect(booked.cardOnFile?.last4).toBe('0341');
    now = Date.parse(booked.start) - 2 * HOUR;
    ({adapter: a} = await signedIn());
    stripe.clear();
    const cancelled = await a.cancelAppointment({
      appointmentId: booked.id,
      reasonId: (await a.getCancellationReasons())[0]!.id,
    });
    expect(cancelled.feeCharged).toMatchObject({card: {last4: '4242'}});
    expect(charges().map((r) => r.form.payment_method)).toHaveLength(2);
    expect(await feeRows()).toMatchObject([{card_id: visa.id, outcome: 'succeeded', decline_code: null}]);
    const log = lines.map((l) => JSON.parse(l) as {msg: string; outcome?: string; code?: string});
    expect(log.filter((l) => l.msg === 'stripe fee').map((l) => [l.outcome, l.code])).toEqual([
      ['declined', 'card_declined'],
      ['succeeded', undefined],
    ]);
  });

  it('records a card whose bank asks for the patient, and makes the no-show fee due on the invoice with its email', async () => {
    let {adapter: a} = await signedIn();
    const card = await addCard(a, '4000002760003184');
    const booked = await a.book(request(await freeSlot(a)));
    expect(booked.cardOnFile?.last4).toBe('3184');
    now = Date.parse(booked.start) + 10 * 60_000;
    stripe.clear();
    const mark = () =>
      fetch(`${new URL(server.url).origin}${DEV_TOOLS_PATH}/appointments/${booked.id}/no-show`, {
        method: 'POST',
        headers: {'X-CSRF-Token': 'x'},
      });
    const answers = await Promise.all([mark(), mark()]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const marked = (await answers[0]!.json()) as {feeCharged?: {card?: unknown; kind: string}};
    expect(marked.feeCharged).toMatchObject({kind: 'no-show'});
    expect(marked.feeCharged!.card).toBeUndefined();
    expect(charges()).toHaveLength(1);
    const [row] = await feeRows();
    expect(row).toMatchObject({card_id: card.id, outcome: 'authentication-required'});
    expect(row!.decline_code).toBe('authentication_required');
    expect(row!.payment_intent).toMatch(/^pi_/);
    expect(await count("SELECT count(*) AS n FROM outbox WHERE kind = 'fee-charged'")).toBe(1);
    ({adapter: a} = await signedIn());
    const invoice = (await a.listInvoices()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
    expect(invoice.balanceDueMinor).toBeGreaterThan(0);
  });

  it('cancels nothing when Stripe fails (502); the cancellation made again charges once', async () => {
    let {adapter: a} = await signedIn();
    await addCard(a, '4242424242424242');
    const booked = await a.book(request(await freeSlot(a)));
    now = Date.parse(booked.start) - 2 * HOUR;
    ({adapter: a} = await signedIn());
    const reasonId = (await a.getCancellationReasons())[0]!.id;
    stripe.clear();
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    await expect(a.cancelAppointment({appointmentId: booked.id, reasonId})).rejects.toMatchObject({
      code: 'server',
    });
    expect((await a.getAppointment(booked.id)).status).not.toBe('cancelled');
    expect(
      await count("SELECT count(*) AS n FROM outbox WHERE kind IN ('fee-charged', 'cancellation')"),
    ).toBe(0);
    expect(await feeRows()).toEqual([]);
    stripe.replies.push('hang');
    await expect(a.cancelAppointment({appointmentId: booked.id, reasonId})).rejects.toMatchObject({
      code: 'server',
    });
    // Stripe may have charged the unanswered one: the same key gets its same PaymentIntent.
    const cancelled = await a.cancelAppointment({appointmentId: booked.id, reasonId});
    expect(cancelled.feeCharged).toMatchObject({card: {last4: '4242'}});
    expect(new Set(charges().map((r) => r.idempotencyKey)).size).toBe(1);
    expect(
      [...stripe.intents.values()].filter(
        (p) => p.status === 'succeeded' && p.metadata.portal_appointment === booked.id,
      ),
    ).toHaveLength(1);
  });
});

describe('deposit refunds through Stripe', () => {
  /** A visit of the peel (a deposit of MXN 500) booked with its deposit paid through Stripe. */
  async function bookedWithDeposit(a: RestAdapter) {
    const {slots} = await a.getAvailability({
      serviceIds: PEEL,
      providerId: CHEN,
      from: new Date(now + 3 * DAY).toISOString(),
      to: new Date(now + 20 * DAY).toISOString(),
    });
    const intent = (await a.createDepositIntent(slots[0]!, PEEL, `deposit-${Math.random()}`))!;
    const [{provider_ref: ref}] = await server.db.query<{provider_ref: string}>(
      'SELECT provider_ref FROM payment_intents WHERE id = $1',
      [intent.id],
    );
    stripe.settle(ref);
    const booked = await a.book({...request(slots[0]!), serviceIds: PEEL, paymentIntentId: intent.id});
    expect(booked.depositPaid).toEqual({amountMinor: 50_000, currency: 'MXN'});
    return {booked, ref, intentId: intent.id};
  }

  const refunds = () =>
    server.db.query<{intent_id: string; refund_id: string; confirmed_ms: string | null}>(
      'SELECT intent_id, refund_id, confirmed_ms FROM stripe_refunds',
    );

  it('refunds a deposit cancelled in time once (concurrent cancellations), confirmed by charge.refunded', async () => {
    const {adapter: a, checked} = await signedIn();
    const {booked, ref, intentId} = await bookedWithDeposit(a);
    stripe.clear();
    const reasonId = (await a.getCancellationReasons())[0]!.id;
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => a.cancelAppointment({appointmentId: booked.id, reasonId})),
    );
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const sent = stripe.to('/v1/refunds');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.form).toEqual({
      payment_intent: ref,
      'metadata[portal_kind]': 'deposit-refund',
      'metadata[portal_appointment]': booked.id,
    });
    expect(sent[0]!.idempotencyKey).toBe(providerIdempotencyKey('refund', intentId, 'deposit'));
    const [refund] = [...stripe.refunds.values()].filter((r) => r.payment_intent === ref);
    expect(refund).toMatchObject({amount: 50_000, status: 'succeeded'});
    expect(await refunds()).toEqual([{intent_id: intentId, refund_id: refund!.id, confirmed_ms: null}]);
    // The invoice shows the refund (the domain's rule, as before).
    const invoice = (await a.listInvoices()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
    expect(invoice.status).toBe('refunded');

    // Stripe's charge.refunded confirms it, once (a replay changes nothing).
    const charge = {
      id: 'ch_standIn123',
      object: 'charge',
      amount: 50_000,
      amount_refunded: 50_000,
      refunded: true,
      currency: 'mxn',
      payment_intent: ref,
    };
    const payload = stripe.event('charge.refunded', charge);
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, now / 1000))).status).toBe(200);
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, now / 1000))).status).toBe(200);
    const [kept] = await refunds();
    expect(Number(kept!.confirmed_ms)).toBe(now);
    const outcomes = lines
      .map((l) => JSON.parse(l) as {msg: string; outcome?: string})
      .filter((l) => l.msg === 'stripe webhook')
      .map((l) => l.outcome);
    expect(outcomes).toEqual(['refunded', 'duplicate']);
    expect(checked.violations).toEqual([]);
  });

  it('refunds nothing for a late cancellation; Stripe failing to refund cancels nothing (502)', async () => {
    let {adapter: a} = await signedIn();
    const first = await bookedWithDeposit(a);
    const second = await bookedWithDeposit(a);
    const reasonId = (await a.getCancellationReasons())[0]!.id;
    // Stripe failing: the cancellation is not made; made again, it refunds once.
    stripe.clear();
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    await expect(a.cancelAppointment({appointmentId: second.booked.id, reasonId})).rejects.toMatchObject({
      code: 'server',
    });
    expect((await a.getAppointment(second.booked.id)).status).not.toBe('cancelled');
    expect(await refunds()).toEqual([]);
    await a.cancelAppointment({appointmentId: second.booked.id, reasonId});
    expect((await refunds()).map((r) => r.intent_id)).toEqual([second.intentId]);
    // Inside the late window the deposit is kept: no refund asked of Stripe.
    now = Date.parse(first.booked.start) - 2 * HOUR;
    ({adapter: a} = await signedIn());
    stripe.clear();
    await a.cancelAppointment({appointmentId: first.booked.id, reasonId});
    expect(stripe.to('/v1/refunds')).toEqual([]);
    expect(await refunds()).toHaveLength(1);
  });
});

const deliver = (payload: string, headers: Record<string, string>) =>
  fetch(`${server.url}/webhooks/stripe`, {method: 'POST', headers, body: payload});
