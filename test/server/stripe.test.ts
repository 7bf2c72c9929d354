/**
 * Stripe on the reference server (`PORTAL_PAYMENTS=stripe`), against a local stand-in for
 * api.stripe.com on 127.0.0.1 (`stripe-stand-in.ts`, as Twilio's in `twilio.test.ts`): deposits and
 * balance payments create Stripe PaymentIntents (amount in minor units, lowercase currency, ids only
 * in metadata, an Idempotency-Key made from ours) and answer the browser's Payment Element what it
 * needs; Stripe's signed webhook marks them paid exactly once (replays and concurrent deliveries
 * included), records failures, and refuses anything unsigned, tampered with or too old with 400 and
 * nothing changed; Stripe's errors reach the client as 502 with nothing stored. The adapter's
 * requests and the server's answers are checked against `server/openapi.yaml`.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {
  NetworkError,
  PaymentFailedError,
  isPortalError,
  type BookingRequest,
  type PortalError,
} from '../../src/adapters/adapter.js';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {fingerprint} from '../../src/domain/rules/index.js';
import type {PaymentIntent, Slot} from '../../src/domain/types.js';
import {paymentsFromEnv, serverOptionsFromEnv} from '../../server/env.js';
import {captureLog} from '../../server/log.js';
import {providerIdempotencyKey} from '../../server/payment-provider.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {
  STRIPE_API_BASE,
  signStripePayload,
  stripeFromEnv,
  verifyStripeSignature,
} from '../../server/stripe.js';
import {checkedFetch, testDatabase, type CheckedFetch} from './helpers.js';
import {StripeStandIn, signed, type StandInIntent} from './stripe-stand-in.js';

vi.setConfig({testTimeout: 60_000});

const SECRET_KEY = 'sk_test_portalStandIn0123456789';
const PUBLISHABLE_KEY = 'pk_test_portalStandIn0123456789';
const WEBHOOK_SECRET = 'whsec_portalStandInSecret0123456789';
/** Tuesday 10 March 2026, 10:00 in Mexico City. */
const T0 = Date.parse('2026-03-10T16:00:00Z');
const NOW_S = T0 / 1000;
const DAY = 86_400_000;
const PEEL = ['svc-peel'];
const CHEN = 'prov-chen';

const stripe = new StripeStandIn(SECRET_KEY);

beforeAll(() => stripe.start());
afterAll(() => stripe.stop());
beforeEach(() => stripe.clear());

describe('the Stripe pieces', () => {
  const body = new TextEncoder().encode('{"id":"evt_1","type":"payment_intent.succeeded"}');

  it('verifies Stripe-Signature: HMAC-SHA256 of "t.body", any v1 of several, within 5 minutes', () => {
    const header = signStripePayload(body, WEBHOOK_SECRET, NOW_S);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyStripeSignature(body, header, WEBHOOK_SECRET, T0)).toBeNull();
    // Stripe sends several v1 while a secret is rolled, and a v0 (ignored): one match is enough.
    const [, v1] = header.split(',');
    expect(
      verifyStripeSignature(body, `t=${NOW_S},v1=${'0'.repeat(64)},${v1},v0=abc`, WEBHOOK_SECRET, T0),
    ).toBeNull();
    expect(verifyStripeSignature(body, header, WEBHOOK_SECRET, T0 + 300_000)).toBeNull();
    expect(verifyStripeSignature(body, header, WEBHOOK_SECRET, T0 + 301_000)).toBe('too-old');
    expect(verifyStripeSignature(body, header, WEBHOOK_SECRET, T0 - 301_000)).toBe('too-old');
    expect(verifyStripeSignature(body, header, 'whsec_other', T0)).toBe('mismatch');
    const tampered = new TextEncoder().encode('{"id":"evt_1","type":"payment_intent.succeedeD"}');
    expect(verifyStripeSignature(tampered, header, WEBHOOK_SECRET, T0)).toBe('mismatch');
    // The timestamp is signed too: moving it breaks the signature.
    expect(
      verifyStripeSignature(body, header.replace(`t=${NOW_S}`, `t=${NOW_S + 1}`), WEBHOOK_SECRET, T0),
    ).toBe('mismatch');
    expect(verifyStripeSignature(body, undefined, WEBHOOK_SECRET, T0)).toBe('missing');
    for (const bad of [
      '',
      'v1=abc',
      `t=${NOW_S}`,
      `t=x,${v1}`,
      `t=${NOW_S},v1=zz`,
      `t=${NOW_S},v0=${'a'.repeat(64)}`,
    ])
      expect(verifyStripeSignature(body, bad, WEBHOOK_SECRET, T0), bad).toBe(
        bad === '' ? 'missing' : 'malformed',
      );
  });

  it('is configured from the environment, refusing incomplete or unsafe settings', () => {
    expect(paymentsFromEnv({PORTAL_PAYMENTS: 'stripe'})).toBe('stripe');
    expect(() => paymentsFromEnv({PORTAL_PAYMENTS: 'paypal'})).toThrow(/"demo", "stripe" or "off"/);
    const env = {
      PORTAL_PAYMENTS: 'stripe',
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    expect(stripeFromEnv(env)).toEqual({
      secretKey: SECRET_KEY,
      publishableKey: PUBLISHABLE_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiBase: STRIPE_API_BASE,
    });
    const options = serverOptionsFromEnv(env);
    expect(options.payments).toBe('stripe');
    expect(options.stripe?.secretKey).toBe(SECRET_KEY);
    expect(serverOptionsFromEnv({}).stripe).toBeUndefined();
    const bad: [Record<string, string>, RegExp][] = [
      [{...env, STRIPE_SECRET_KEY: ''}, /STRIPE_SECRET_KEY/],
      [{...env, STRIPE_SECRET_KEY: PUBLISHABLE_KEY}, /STRIPE_SECRET_KEY/],
      [{...env, STRIPE_PUBLISHABLE_KEY: SECRET_KEY}, /STRIPE_PUBLISHABLE_KEY/],
      [{...env, STRIPE_WEBHOOK_SECRET: 'secret'}, /STRIPE_WEBHOOK_SECRET/],
      [{...env, STRIPE_SECRET_KEY: 'sk_live_abc'}, /must both be test keys or both live keys/],
      [{...env, STRIPE_API_BASE: 'http://stripe.example'}, /https/],
      [{...env, STRIPE_API_BASE: 'not a url'}, /URL/],
    ];
    for (const [e, error] of bad) {
      expect(() => serverOptionsFromEnv(e), JSON.stringify(e)).toThrow(error);
      // The message names the variable, never a key's value.
      try {
        serverOptionsFromEnv(e);
      } catch (x) {
        for (const secret of [SECRET_KEY, PUBLISHABLE_KEY, WEBHOOK_SECRET, 'sk_live_abc'])
          expect(String((x as Error).message)).not.toContain(secret);
      }
    }
    expect(stripeFromEnv({...env, STRIPE_API_BASE: 'http://127.0.0.1:9'}).apiBase).toBe('http://127.0.0.1:9');
  });
});

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
  /** The status of every answer the adapter got. */
  readonly statuses: number[];
}

function client(server: RunningServer, retries = 3): Client {
  const checked = checkedFetch(server.url);
  const statuses: number[] = [];
  const recording: typeof fetch = async (input, init) => {
    const r = await checked.fetch(input, init);
    statuses.push(r.status);
    return r;
  };
  return {
    checked,
    statuses,
    adapter: new RestAdapter({baseUrl: server.url, fetch: recording, retryBaseMs: 10, retries}),
  };
}

async function signedIn(server: RunningServer, retries = 3): Promise<Client> {
  const c = client(server, retries);
  const result = await c.adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(result.status).toBe('signed-in');
  return c;
}

async function peelSlots(adapter: RestAdapter, count: number): Promise<Slot[]> {
  const {slots} = await adapter.getAvailability({
    serviceIds: PEEL,
    providerId: CHEN,
    from: new Date(T0 + 3 * DAY).toISOString(),
    to: new Date(T0 + 20 * DAY).toISOString(),
  });
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
const newKey = () => `stripe-test-${++keySeq}-${Math.random().toString(36).slice(2)}`;

function bookingOf(slot: Slot, paymentIntentId: string): BookingRequest {
  return {
    slot,
    serviceIds: PEEL,
    idempotencyKey: newKey(),
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
    paymentIntentId,
  };
}

describe('deposits and balance payments through Stripe', () => {
  const database = testDatabase('stripe');
  let server: RunningServer;
  const lines: string[] = [];
  let restoreLog: () => void;

  beforeAll(async () => {
    server = await startServer({
      clock: () => T0,
      writesPerMinute: 0,
      payments: 'stripe',
      stripe: {
        secretKey: SECRET_KEY,
        publishableKey: PUBLISHABLE_KEY,
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
  });

  beforeEach(async () => {
    await server.reset();
    stripe.clear();
    lines.length = 0;
    restoreLog = captureLog((line) => lines.push(line));
  });

  afterEach(() => {
    restoreLog();
    // Nothing of the patient's, and no secret, in any log line.
    for (const line of lines)
      for (const secret of [DEMO_PATIENT_EMAIL, 'Ana', SECRET_KEY, WEBHOOK_SECRET, '_secret_'])
        expect(line).not.toContain(secret);
  });

  const deliver = (payload: string, headers: Record<string, string>) =>
    fetch(`${server.url}/webhooks/stripe`, {method: 'POST', headers, body: payload});

  const row = async (id: string) =>
    (
      await server.db.query<{state: string; paid_ms: string | null; provider_ref: string | null}>(
        'SELECT state, paid_ms, provider_ref FROM payment_intents WHERE id = $1',
        [id],
      )
    )[0];

  const events = async () =>
    (await server.db.query<{id: string; type: string}>('SELECT id, type FROM stripe_events ORDER BY id')).map(
      (e) => `${e.type} ${e.id}`,
    );

  it('creates the deposit’s PaymentIntent at Stripe: amount in minor units, currency, ids only, our key', async () => {
    const c = client(server);
    expect((await c.adapter.getCapabilities()).payments).toBe('stripe');
    // Cards on file through Stripe too (stripe-cards.test.ts).
    expect((await c.adapter.getCapabilities()).cards).toBe(true);
    const [slot] = await peelSlots(c.adapter, 1);
    const key = newKey();
    const intent = (await c.adapter.createDepositIntent(slot, PEEL, key)) as PaymentIntent;
    expect(stripe.requests).toHaveLength(1);
    const [sent] = stripe.requests;
    expect(sent).toEqual({
      method: 'POST',
      path: '/v1/payment_intents',
      authorization: `Bearer ${SECRET_KEY}`,
      idempotencyKey: providerIdempotencyKey('deposit', fingerprint({slot: slot.id, serviceIds: PEEL}), key),
      contentType: 'application/x-www-form-urlencoded',
      form: {
        amount: '50000',
        currency: 'mxn',
        'automatic_payment_methods[enabled]': 'true',
        'automatic_payment_methods[allow_redirects]': 'never',
        'metadata[portal_kind]': 'deposit',
      },
      duplicates: [],
    });
    // The client's key is not sent as is, and the key differs per key.
    expect(sent.idempotencyKey).not.toContain(key);
    const pi = [...stripe.intents.values()].at(-1) as StandInIntent;
    expect(intent).toEqual({
      id: intent.id,
      amount: {amountMinor: 50_000, currency: 'MXN'},
      provider: 'stripe',
      clientSecret: pi.client_secret,
      publishableKey: PUBLISHABLE_KEY,
    });
    expect(intent.id).toMatch(/^pi_stripe_/);
    expect((await row(intent.id)).provider_ref).toBe(pi.id);
    // The client secret is never stored.
    const dump = JSON.stringify(await server.db.query('SELECT * FROM payment_intents'));
    expect(dump).not.toContain(pi.client_secret);

    // The same key again: the same intent, its secret asked of Stripe again (no second PaymentIntent).
    const again = await c.adapter.createDepositIntent(slot, PEEL, key);
    expect(again).toEqual(intent);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/payment_intents',
      `GET /v1/payment_intents/${pi.id}`,
    ]);
    // Concurrent twins under a new key: one PaymentIntent at Stripe, one intent here.
    const twinKey = newKey();
    const twins = await Promise.all(
      Array.from({length: 3}, () => c.adapter.createDepositIntent(slot, PEEL, twinKey)),
    );
    expect(new Set(twins.map((t) => t?.id)).size).toBe(1);
    expect(new Set(twins.map((t) => t?.clientSecret)).size).toBe(1);
    const [{n}] = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM payment_intents');
    expect(Number(n)).toBe(2);
    expect(c.checked.violations).toEqual([]);
  });

  it('marks the deposit paid once from the signed webhook — two concurrent deliveries and a replay — and then books', async () => {
    const c = await signedIn(server);
    const [slot] = await peelSlots(c.adapter, 1);
    const intent = (await c.adapter.createDepositIntent(slot, PEEL, newKey())) as PaymentIntent;
    const ref = (await row(intent.id)).provider_ref as string;
    // Not paid yet (Stripe says so too): the booking is refused.
    expect(await rejection(c.adapter.book(bookingOf(slot, intent.id)))).toBeInstanceOf(PaymentFailedError);

    const payload = stripe.event('payment_intent.succeeded', stripe.settle(ref));
    const headers = signed(payload, WEBHOOK_SECRET, NOW_S);
    const answers = await Promise.all([deliver(payload, headers), deliver(payload, headers)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await answers[0].json()).toEqual({received: true});
    const paid = await row(intent.id);
    expect(paid.state).toBe('succeeded');
    expect(Number(paid.paid_ms)).toBe(T0);
    expect(await events()).toEqual([`payment_intent.succeeded ${JSON.parse(payload).id}`]);
    const outcomes = lines
      .map((l) => JSON.parse(l) as {msg: string; outcome?: string})
      .filter((l) => l.msg === 'stripe webhook')
      .map((l) => l.outcome)
      .sort();
    expect(outcomes).toEqual(['duplicate', 'paid']);

    // Replayed later (Stripe retries): nothing changes.
    server.portal.clock = () => T0 + 60_000;
    try {
      const replay = await deliver(payload, signed(payload, WEBHOOK_SECRET, NOW_S + 60));
      expect(replay.status).toBe(200);
      expect(Number((await row(intent.id)).paid_ms)).toBe(T0);
    } finally {
      server.portal.clock = () => T0;
    }
    expect(await events()).toHaveLength(1);

    const appointment = await c.adapter.book(bookingOf(slot, intent.id));
    expect(appointment.depositPaid).toEqual({amountMinor: 50_000, currency: 'MXN'});
    expect(c.checked.violations).toEqual([]);
  });

  it('books when Stripe says paid before its webhook came, recording it paid', async () => {
    const c = await signedIn(server);
    const [slot] = await peelSlots(c.adapter, 1);
    const intent = (await c.adapter.createDepositIntent(slot, PEEL, newKey())) as PaymentIntent;
    const ref = (await row(intent.id)).provider_ref as string;
    // Stripe says succeeded but with another amount received: not paid here.
    stripe.settle(ref).amount_received = 100;
    expect(await rejection(c.adapter.book(bookingOf(slot, intent.id)))).toBeInstanceOf(PaymentFailedError);
    expect((await row(intent.id)).state).toBe('requires-payment');
    stripe.settle(ref);
    const appointment = await c.adapter.book(bookingOf(slot, intent.id));
    expect(appointment.depositPaid).toEqual({amountMinor: 50_000, currency: 'MXN'});
    expect((await row(intent.id)).state).toBe('succeeded');
    expect(stripe.requests.at(-1)).toMatchObject({method: 'GET', path: `/v1/payment_intents/${ref}`});
    // The webhook then changes nothing.
    const payload = stripe.event('payment_intent.succeeded', stripe.intents.get(ref)!);
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect(Number((await row(intent.id)).paid_ms)).toBe(T0);
  });

  it('refuses unsigned, wrongly signed, old or tampered webhooks with 400, changing nothing', async () => {
    const c = client(server);
    const [slot] = await peelSlots(c.adapter, 1);
    const intent = (await c.adapter.createDepositIntent(slot, PEEL, newKey())) as PaymentIntent;
    const ref = (await row(intent.id)).provider_ref as string;
    const payload = stripe.event('payment_intent.succeeded', stripe.settle(ref));
    const good = signed(payload, WEBHOOK_SECRET, NOW_S);
    const cases: [string, string, Record<string, string>][] = [
      ['no signature', payload, {'Content-Type': 'application/json'}],
      ['another secret', payload, signed(payload, 'whsec_notOurs', NOW_S)],
      ['signed 6 minutes ago', payload, signed(payload, WEBHOOK_SECRET, NOW_S - 360)],
      ['signed 6 minutes ahead', payload, signed(payload, WEBHOOK_SECRET, NOW_S + 360)],
      ['tampered body', payload.replace('"amount": 50000', '"amount": 1'), good],
      ['garbage signature', payload, {...good, 'Stripe-Signature': 'v1=nope'}],
    ];
    for (const [what, body, headers] of cases) {
      const r = await deliver(body, headers);
      expect(r.status, what).toBe(400);
      const problem = (await r.json()) as {code: string; errors: Record<string, string>};
      expect(problem.code, what).toBe('validation');
      expect(Object.keys(problem.errors), what).toEqual(['Stripe-Signature']);
    }
    // Signed, but not an event.
    const notEvent = '{"hello": "world"}';
    expect((await deliver(notEvent, signed(notEvent, WEBHOOK_SECRET, NOW_S))).status).toBe(400);
    expect((await row(intent.id)).state).toBe('requires-payment');
    expect(await events()).toEqual([]);
    // Too big a body: refused before it is read, like every route's.
    const huge = `{"id":"evt_x","pad":"${'x'.repeat(300 * 1024)}"}`;
    const tooBig = await deliver(huge, signed(huge, WEBHOOK_SECRET, NOW_S));
    expect(tooBig.status).toBe(422);
    // The good one still works, without a CSRF header or a cookie.
    expect((await deliver(payload, good)).status).toBe(200);
    expect((await row(intent.id)).state).toBe('succeeded');
    const refusals = lines.filter((l) => l.includes('stripe webhook refused'));
    expect(refusals.length).toBe(cases.length + 1);
  });

  it('records a failed payment, ignores other events and PaymentIntents not ours, and never pays a wrong amount', async () => {
    const c = await signedIn(server);
    const [a, b] = await peelSlots(c.adapter, 2);
    const intent = (await c.adapter.createDepositIntent(a, PEEL, newKey())) as PaymentIntent;
    const ref = (await row(intent.id)).provider_ref as string;
    const failed = stripe.event(
      'payment_intent.payment_failed',
      stripe.settle(ref, 'requires_payment_method'),
    );
    expect((await deliver(failed, signed(failed, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect((await row(intent.id)).state).toBe('failed');
    // Another type, and a PaymentIntent of someone else's integration: acknowledged, nothing kept.
    const other = stripe.event('charge.refunded', stripe.intents.get(ref)!);
    expect((await deliver(other, signed(other, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    const stranger = stripe.event('payment_intent.succeeded', {
      ...stripe.intents.get(ref)!,
      id: 'pi_notOurs',
      status: 'succeeded',
    });
    expect((await deliver(stranger, signed(stranger, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect(await events()).toEqual([`payment_intent.payment_failed ${JSON.parse(failed).id}`]);
    // Paid after the failure, with another card: paid.
    const paid = stripe.event('payment_intent.succeeded', stripe.settle(ref));
    expect((await deliver(paid, signed(paid, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect((await row(intent.id)).state).toBe('succeeded');
    // A late failure event for a paid one changes nothing.
    const late = stripe.event('payment_intent.payment_failed', stripe.intents.get(ref)!);
    expect((await deliver(late, signed(late, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect((await row(intent.id)).state).toBe('succeeded');

    // Stripe's amount is not the one asked for: not paid, and an error is logged.
    const second = (await c.adapter.createDepositIntent(b, PEEL, newKey())) as PaymentIntent;
    const ref2 = (await row(second.id)).provider_ref as string;
    const wrong = stripe.event('payment_intent.succeeded', {...stripe.settle(ref2), amount_received: 100});
    expect((await deliver(wrong, signed(wrong, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect((await row(second.id)).state).toBe('requires-payment');
    expect(lines.some((l) => l.includes('"outcome":"mismatch"') && l.includes('"level":"error"'))).toBe(true);
  });

  it('answers Stripe’s errors and silence with 502, storing nothing; the same key then works', async () => {
    const c = client(server, 0);
    const [slot] = await peelSlots(c.adapter, 1);
    const key = newKey();
    stripe.replies.push({
      status: 400,
      body: {error: {type: 'invalid_request_error', code: 'amount_too_small', message: 'Amount must be …'}},
    });
    const refused = await rejection(c.adapter.createDepositIntent(slot, PEEL, key));
    expect(refused).toBeInstanceOf(NetworkError);
    expect(refused.code).toBe('server');
    expect(c.statuses.at(-1)).toBe(502);
    stripe.replies.push('hang');
    expect((await rejection(c.adapter.createDepositIntent(slot, PEEL, key))).code).toBe('server');
    expect(c.statuses.at(-1)).toBe(502);
    stripe.replies.push({status: 401, body: {error: {type: 'invalid_request_error'}}});
    await rejection(c.adapter.createDepositIntent(slot, PEEL, key));
    expect(c.statuses.at(-1)).toBe(502);
    for (const table of ['payment_intents', 'idempotency_keys']) {
      const [{n}] = await server.db.query<{n: number}>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(Number(n), table).toBe(0);
    }
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.filter((l) => l.msg === 'payment provider failed')).toEqual([
      expect.objectContaining({
        provider: 'stripe',
        status: 400,
        type: 'invalid_request_error',
        code: 'amount_too_small',
      }),
      expect.objectContaining({provider: 'stripe', status: 'unreachable'}),
      expect.objectContaining({provider: 'stripe', status: 401, type: 'invalid_request_error'}),
    ]);
    const intent = await c.adapter.createDepositIntent(slot, PEEL, key);
    expect(intent?.provider).toBe('stripe');
    expect(c.checked.violations).toEqual([]);
  });

  it('pays an invoice’s balance through Stripe: one PaymentIntent per invoice, paid by the webhook', async () => {
    const c = await signedIn(server);
    const unpaid = (await c.adapter.listInvoices!()).invoices.find((i) => i.status === 'unpaid')!;
    const key = newKey();
    const intent = (await c.adapter.createInvoicePaymentIntent!(unpaid.id, key)) as PaymentIntent;
    expect(intent).toMatchObject({
      provider: 'stripe',
      amount: {amountMinor: unpaid.balanceDueMinor, currency: 'MXN'},
      publishableKey: PUBLISHABLE_KEY,
    });
    const [sent] = stripe.requests;
    expect(sent.form).toEqual({
      amount: String(unpaid.balanceDueMinor),
      currency: 'mxn',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[portal_kind]': 'invoice',
      'metadata[portal_invoice]': unpaid.id,
    });
    expect(sent.idempotencyKey).toMatch(/^portal-invoice-payment-[0-9a-f]{64}$/);
    // Another tab, another key: the open intent again, no second PaymentIntent.
    const other = await c.adapter.createInvoicePaymentIntent!(unpaid.id, newKey());
    expect(other?.id).toBe(intent.id);
    expect(other?.clientSecret).toBe(intent.clientSecret);
    expect(stripe.requests.filter((r) => r.path === '/v1/payment_intents')).toHaveLength(1);

    const ref = (await row(intent.id)).provider_ref as string;
    const payload = stripe.event('payment_intent.succeeded', stripe.settle(ref));
    const headers = signed(payload, WEBHOOK_SECRET, NOW_S);
    await Promise.all([deliver(payload, headers), deliver(payload, headers)]);
    // Paid by the webhook itself (before any read of the bills could ask Stripe), once.
    expect((await row(intent.id)).state).toBe('succeeded');
    expect(await events()).toEqual([`payment_intent.succeeded ${JSON.parse(payload).id}`]);
    const after = (await c.adapter.listInvoices!()).invoices.find((i) => i.id === unpaid.id)!;
    expect(after.status).toBe('paid');
    expect(after.balanceDueMinor).toBe(0);
    expect(after.payments.filter((p) => p.amount.amountMinor === unpaid.balanceDueMinor)).toHaveLength(1);
    // Paid: the same key has nothing more to pay.
    expect(await c.adapter.createInvoicePaymentIntent!(unpaid.id, key)).toBeNull();
    expect(c.checked.violations).toEqual([]);
  });

  it('shows a balance paid in Stripe’s field before its webhook came, asking Stripe when the bills are read', async () => {
    const c = await signedIn(server);
    const unpaid = (await c.adapter.listInvoices!()).invoices.find((i) => i.status === 'unpaid')!;
    const intent = (await c.adapter.createInvoicePaymentIntent!(unpaid.id, newKey())) as PaymentIntent;
    const ref = (await row(intent.id)).provider_ref as string;
    // Not paid yet at Stripe, then Stripe unreachable: the bills are read all the same, unpaid.
    expect((await c.adapter.listInvoices!()).invoices.find((i) => i.id === unpaid.id)?.status).toBe('unpaid');
    stripe.settle(ref);
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    expect((await c.adapter.listInvoices!()).invoices.find((i) => i.id === unpaid.id)?.status).toBe('unpaid');
    // The patient's payment step reloads the bills once Stripe's field confirms: paid.
    const after = (await c.adapter.listInvoices!()).invoices.find((i) => i.id === unpaid.id)!;
    expect(after.status).toBe('paid');
    expect((await row(intent.id)).state).toBe('succeeded');
    // The webhook then changes nothing.
    const payload = stripe.event('payment_intent.succeeded', stripe.intents.get(ref)!);
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect(
      (await c.adapter.listPayments!()).filter((p) => p.amount.amountMinor === unpaid.balanceDueMinor),
    ).toHaveLength(1);
    expect(c.checked.violations).toEqual([]);
  });

  it('a server with demo payments has no Stripe webhook (501)', async () => {
    const db = testDatabase('stripe-demo');
    const demo = await startServer({clock: () => T0, ...db.options});
    try {
      const payload = '{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{}}}';
      const r = await fetch(`${demo.url}/webhooks/stripe`, {
        method: 'POST',
        headers: signed(payload, WEBHOOK_SECRET, NOW_S),
        body: payload,
      });
      expect(r.status).toBe(501);
    } finally {
      await db.drop(demo.db);
      await demo.close();
    }
  });
});
