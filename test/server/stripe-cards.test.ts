/**
 * Cards on file through Stripe (`PORTAL_PAYMENTS=stripe`, issue #20), against the local stand-in
 * for api.stripe.com on 127.0.0.1 (`stripe-stand-in.ts`): the contract is the demo provider's (a
 * setup, the list, the default, removal), Stripe underneath — a Customer per patient (our id only),
 * a SetupIntent per setup confirmed in Stripe's field, the card kept from Stripe's PaymentMethod
 * when the signed `setup_intent.succeeded` comes (or when the cards are read and Stripe says so
 * first), detached at Stripe on removal, removed here on `payment_method.detached`. Stripe failing
 * is 502 with nothing stored or changed; nothing unsigned is believed.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {isPortalError, type PortalError} from '../../src/adapters/adapter.js';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import {captureLog} from '../../server/log.js';
import {providerIdempotencyKey} from '../../server/payment-provider.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, type CheckedFetch} from './helpers.js';
import {StripeStandIn, signed} from './stripe-stand-in.js';

vi.setConfig({testTimeout: 60_000});

const SECRET_KEY = 'sk_test_portalStandIn0123456789';
const PUBLISHABLE_KEY = 'pk_test_portalStandIn0123456789';
const WEBHOOK_SECRET = 'whsec_portalStandInSecret0123456789';
const T0 = Date.parse('2026-03-10T16:00:00Z');
const NOW_S = T0 / 1000;

const stripe = new StripeStandIn(SECRET_KEY);
const database = testDatabase('stripe_cards');
let server: RunningServer;
const lines: string[] = [];
let restoreLog: () => void;

beforeAll(async () => {
  await stripe.start();
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
  await stripe.stop();
});

beforeEach(async () => {
  await server.reset();
  stripe.clear();
  lines.length = 0;
  restoreLog = captureLog((line) => lines.push(line));
});

afterEach(() => {
  restoreLog();
  for (const line of lines)
    for (const secret of [DEMO_PATIENT_EMAIL, 'Ana', SECRET_KEY, WEBHOOK_SECRET, '_secret_', '4242'])
      expect(line).not.toContain(secret);
});

async function signedIn(): Promise<{adapter: RestAdapter; checked: CheckedFetch}> {
  const checked = checkedFetch(server.url);
  const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10, retries: 0});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(result.status).toBe('signed-in');
  return {adapter, checked};
}

async function rejection(promise: Promise<unknown>): Promise<PortalError> {
  try {
    await promise;
  } catch (e) {
    expect(isPortalError(e), `expected a PortalError, got ${String(e)}`).toBe(true);
    return e as PortalError;
  }
  throw new Error('expected the call to reject, but it resolved');
}

const deliver = (payload: string, headers: Record<string, string>) =>
  fetch(`${server.url}/webhooks/stripe`, {method: 'POST', headers, body: payload});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await server.db.query<{n: string | number}>(sql, params))[0]!.n);

/** Stripe's SetupIntent behind one of our setups. */
const setupRef = async (id: string) =>
  (
    await server.db.query<{provider_ref: string}>('SELECT provider_ref FROM card_setups WHERE id = $1', [id])
  )[0]!.provider_ref;

const outcomes = () =>
  lines
    .map((l) => JSON.parse(l) as {msg: string; outcome?: string})
    .filter((l) => l.msg === 'stripe webhook')
    .map((l) => l.outcome);

describe('cards on file through Stripe', () => {
  it('sets a card up through a Customer and a SetupIntent, one each per key, ids only sent', async () => {
    const {adapter: a, checked} = await signedIn();
    expect((await a.getCapabilities()).cards).toBe(true);
    // No demo card is seeded with Stripe (it could never be charged there).
    expect(await a.listCards()).toEqual([]);
    stripe.clear();
    const setup = await a.startCardSetup('add-card-1');
    const patientId = (await server.db.query<{patient_id: string}>('SELECT patient_id FROM card_setups'))[0]!
      .patient_id;
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/customers',
      'POST /v1/setup_intents',
    ]);
    const [customer, setupIntent] = stripe.requests;
    expect(customer.form).toEqual({'metadata[portal_patient]': patientId});
    expect(customer.idempotencyKey).toBe(providerIdempotencyKey('customer', patientId, 'customer'));
    const cus = [...stripe.customers.keys()][0];
    expect(setupIntent.form).toEqual({
      customer: cus,
      usage: 'off_session',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[portal_kind]': 'card-setup',
    });
    expect(setupIntent.idempotencyKey).toBe(providerIdempotencyKey('card-setup', patientId, 'add-card-1'));
    const seti = [...stripe.setupIntents.values()][0];
    expect(setup).toEqual({
      id: setup.id,
      amount: {amountMinor: 0, currency: 'MXN'},
      provider: 'stripe',
      mode: 'setup',
      clientSecret: seti.client_secret,
      publishableKey: PUBLISHABLE_KEY,
    });
    expect(setup.id).toMatch(/^seti_stripe_/);
    expect(await setupRef(setup.id)).toBe(seti.id);
    // The client secret is never stored.
    expect(JSON.stringify(await server.db.query('SELECT * FROM card_setups'))).not.toContain('_secret_');

    // The same key: the same setup, its secret asked of Stripe again.
    stripe.clear();
    expect(await a.startCardSetup('add-card-1')).toEqual(setup);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/setup_intents/${seti.id}`]);
    // Five concurrent clicks under a new key: one more SetupIntent, one setup; the Customer kept.
    stripe.clear();
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => a.startCardSetup('add-card-2')));
    expect(new Set(five.map((x) => x.id)).size).toBe(1);
    expect(stripe.to('/v1/customers')).toEqual([]);
    expect(
      new Set(
        stripe
          .to('/v1/setup_intents')
          .filter((r) => r.method === 'POST')
          .map((r) => r.idempotencyKey),
      ).size,
    ).toBe(1);
    expect(stripe.setupIntents.size).toBe(2);
    expect(await count('SELECT count(*) AS n FROM card_setups')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM stripe_customers')).toBe(1);
    // The demo provider's confirmation step does not exist with Stripe.
    expect((await rejection(a.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES.succeeds))).code).toBe(
      'not-supported',
    );
    expect(checked.violations).toEqual([]);
  });

  it('keeps the card from the signed setup_intent.succeeded once (concurrent twins and a replay), brand, last four and expiry only', async () => {
    const {adapter: a, checked} = await signedIn();
    const setup = await a.startCardSetup('webhook-card');
    const seti = stripe.completeSetup(await setupRef(setup.id), '4242424242424242');
    const payload = stripe.event('setup_intent.succeeded', seti);
    const headers = signed(payload, WEBHOOK_SECRET, NOW_S);
    const answers = await Promise.all([deliver(payload, headers), deliver(payload, headers)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(outcomes().sort()).toEqual(['card-saved', 'duplicate']);
    expect(stripe.to('/v1/payment_methods').map((r) => r.method)).toContain('GET');
    const cards = await a.listCards();
    expect(cards).toEqual([
      {id: cards[0].id, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034, isDefault: true},
    ]);
    const stored = await server.db.query<Record<string, unknown>>('SELECT * FROM saved_cards');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({provider: 'stripe', provider_ref: seti.payment_method});
    // A replay later changes nothing; an unsigned one is refused.
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, NOW_S + 30))).status).toBe(200);
    expect((await deliver(payload, {'Content-Type': 'application/json'})).status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM saved_cards')).toBe(1);
    // Audited with ids only.
    const audit = await server.db.query<Record<string, unknown>>(
      "SELECT actor, action, card_id FROM audit_log WHERE action LIKE 'cards.%'",
    );
    expect(audit).toEqual([{actor: 'stripe', action: 'cards.add', card_id: cards[0].id}]);
    // A SetupIntent not ours, or an event for a PaymentMethod we never kept: acknowledged, ignored.
    const strange = stripe.event('setup_intent.succeeded', {...seti, id: 'seti_notOurs'});
    expect((await deliver(strange, signed(strange, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect(await count('SELECT count(*) AS n FROM saved_cards')).toBe(1);
    expect(checked.violations).toEqual([]);
  });

  it('shows a card Stripe set up before its webhook came, asking Stripe when the cards are read', async () => {
    const {adapter: a} = await signedIn();
    const setup = await a.startCardSetup('before-webhook');
    // Not confirmed yet: nothing.
    expect(await a.listCards()).toEqual([]);
    const seti = stripe.completeSetup(await setupRef(setup.id), '5555555555554444');
    const cards = await a.listCards();
    expect(cards.map((c) => [c.brand, c.last4, c.isDefault])).toEqual([['mastercard', '4444', true]]);
    // The webhook then changes nothing.
    const payload = stripe.event('setup_intent.succeeded', seti);
    expect((await deliver(payload, signed(payload, WEBHOOK_SECRET, NOW_S))).status).toBe(200);
    expect(await a.listCards()).toEqual(cards);
    // Stripe unreachable while the cards are read: the list still answers.
    const second = await a.startCardSetup('before-webhook-2');
    stripe.completeSetup(await setupRef(second.id), '4242424242424242');
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    expect(await a.listCards()).toEqual(cards);
    expect((await a.listCards()).map((c) => c.last4)).toEqual(['4444', '4242']);
  });

  it('makes a card the default, detaches a removed card at Stripe, and removes one detached at Stripe', async () => {
    const {adapter: a, checked} = await signedIn();
    for (const [key, number] of [
      ['one', '4242424242424242'],
      ['two', '5555555555554444'],
      ['three', '378282246310005'],
    ]) {
      const setup = await a.startCardSetup(key);
      stripe.completeSetup(await setupRef(setup.id), number);
    }
    const cards = await a.listCards();
    expect(cards.map((c) => [c.brand, c.last4, c.isDefault])).toEqual([
      ['visa', '4242', true],
      ['amex', '0005', false],
      ['mastercard', '4444', false],
    ]);
    const refOf = async (cardId: string) =>
      (
        await server.db.query<{provider_ref: string}>('SELECT provider_ref FROM saved_cards WHERE id = $1', [
          cardId,
        ])
      )[0]!.provider_ref;
    const [visa, amex, master] = cards;
    expect((await a.setDefaultCard(master.id)).map((c) => c.last4)).toEqual(['4444', '0005', '4242']);

    // Removing: detached at Stripe first. Stripe failing: 502, the card kept.
    const visaPm = await refOf(visa.id);
    stripe.clear();
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    const failed = await rejection(a.removeCard(visa.id));
    expect(failed.code).toBe('server');
    expect((await a.listCards()).map((c) => c.last4)).toEqual(['4444', '0005', '4242']);
    expect(stripe.paymentMethods.get(visaPm)!.customer).not.toBeNull();
    stripe.clear();
    expect((await a.removeCard(visa.id)).map((c) => c.last4)).toEqual(['4444', '0005']);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/payment_methods/${visaPm}/detach`,
    ]);
    expect(stripe.paymentMethods.get(visaPm)!.customer).toBeNull();
    // Its payment_method.detached then finds nothing to remove.
    const own = stripe.event('payment_method.detached', stripe.paymentMethods.get(visaPm)!);
    expect((await deliver(own, signed(own, WEBHOOK_SECRET, NOW_S))).status).toBe(200);

    // The default card detached in Stripe's dashboard: removed here, the newest left is the default.
    const masterPm = await refOf(master.id);
    stripe.paymentMethods.get(masterPm)!.customer = null;
    const detached = stripe.event('payment_method.detached', stripe.paymentMethods.get(masterPm)!);
    const answers = await Promise.all([
      deliver(detached, signed(detached, WEBHOOK_SECRET, NOW_S)),
      deliver(detached, signed(detached, WEBHOOK_SECRET, NOW_S)),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(
      outcomes()
        .filter((o) => o !== 'ignored')
        .sort(),
    ).toEqual(['card-removed', 'duplicate']);
    expect((await a.listCards()).map((c) => [c.last4, c.isDefault])).toEqual([[amex.last4, true]]);
    // A card already detached at Stripe is still removed here.
    stripe.paymentMethods.get(await refOf(amex.id))!.customer = null;
    expect(await a.removeCard(amex.id)).toEqual([]);
    expect(checked.violations).toEqual([]);
  });

  it('stores nothing when Stripe refuses or does not answer a setup (502, retryable with the same key)', async () => {
    const {adapter: a} = await signedIn();
    stripe.replies.push({status: 500, body: {error: {type: 'api_error'}}});
    expect((await rejection(a.startCardSetup('fails-first'))).code).toBe('server');
    expect(await count('SELECT count(*) AS n FROM stripe_customers')).toBe(0);
    // A Customer made, then Stripe's SetupIntent refused: nothing stored either.
    stripe.replies.push({status: 200, body: {}});
    expect((await rejection(a.startCardSetup('fails-first'))).code).toBe('server');
    expect(await count('SELECT count(*) AS n FROM card_setups')).toBe(0);
    expect(await count("SELECT count(*) AS n FROM idempotency_keys WHERE scope LIKE 'card-setup:%'")).toBe(0);
    // Again with the same key once Stripe answers: one setup.
    const setup = await a.startCardSetup('fails-first');
    expect(setup.provider).toBe('stripe');
    expect(await count('SELECT count(*) AS n FROM card_setups')).toBe(1);
  });
});
