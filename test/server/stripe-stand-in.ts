/**
 * A local stand-in for api.stripe.com on 127.0.0.1, for the server's Stripe provider (as
 * `twilio.test.ts` has one for Twilio). It records every request (method, path, headers, the form
 * body with repeated parameters noted) and answers the calls the portal makes as Stripe documents
 * them:
 *
 * - `POST /v1/payment_intents` (form-encoded, `Authorization: Bearer sk_…`): a PaymentIntent
 *   (`pi_…`, `status: requires_payment_method`, a `client_secret`), kept; under an `Idempotency-Key`
 *   already used with the same parameters, the same PaymentIntent again; with other parameters,
 *   400 `idempotency_error` (Stripe's rule).
 * - `GET /v1/payment_intents/{id}`: the PaymentIntent as it is now; unknown: 404 `resource_missing`.
 * - `POST /v1/payment_intents/{id}/cancel`: `status: canceled`.
 * - `POST /v1/customers`: a Customer (`cus_…`, metadata kept).
 * - `POST /v1/setup_intents` (a Customer's, `usage`, `automatic_payment_methods`): a SetupIntent
 *   (`seti_…`, `requires_payment_method`, a client secret); `GET /v1/setup_intents/{id}`.
 * - `GET /v1/payment_methods/{id}`; `POST /v1/payment_methods/{id}/detach` (`customer` becomes
 *   null; one not attached: 400 `invalid_request_error`).
 * - `POST /v1/payment_intents` with `customer`, `payment_method`, `off_session=true` and
 *   `confirm=true`: charged at once (`succeeded`), or refused as Stripe refuses a saved card — 402
 *   `card_error` with `code: card_declined` (test card 4000 0000 0000 0341) or
 *   `authentication_required` (4000 0027 6000 3184), the PaymentIntent left in the error.
 * - `POST /v1/refunds` (`payment_intent`): a Refund (`re_…`, `succeeded`) of a succeeded
 *   PaymentIntent's whole amount; one already refunded in full: 400 `charge_already_refunded`.
 * - Every POST under an `Idempotency-Key`: a key used again with the same parameters answers the
 *   first answer again (errors included); with other parameters, 400 `idempotency_error`.
 * - Without the secret key: 401 `invalid_request_error`.
 *
 * Tests script failures (`replies`: an error document, or `hang` for a request never answered),
 * settle a PaymentIntent or a SetupIntent as the browser's confirmation in Stripe's field would
 * (`settle`, `completeSetup` with one of Stripe's test card numbers), and build the events Stripe
 * would deliver to the webhook, signed as Stripe signs them (`event`, `signed`).
 */
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {randomBytes} from 'node:crypto';
import {signStripePayload} from '../../server/stripe.js';

export interface StripeRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly idempotencyKey: string | undefined;
  readonly contentType: string;
  readonly form: Record<string, string>;
  readonly duplicates: string[];
}

export interface StandInIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  automatic_payment_methods: {enabled: boolean; allow_redirects: string};
  livemode: false;
  customer?: string;
  payment_method?: string;
}

export interface StandInSetupIntent {
  id: string;
  object: 'setup_intent';
  customer: string;
  status: string;
  usage: string;
  client_secret: string;
  payment_method: string | null;
  metadata: Record<string, string>;
  automatic_payment_methods: {enabled: boolean; allow_redirects: string};
  livemode: false;
}

export interface StandInPaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: {brand: string; last4: string; exp_month: number; exp_year: number; country: string};
  customer: string | null;
  livemode: false;
}

export interface StandInRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  metadata: Record<string, string>;
}

/** Stripe's test card numbers the stand-in knows, and what a later off-session charge does. */
export const TEST_SETUP_CARDS: Readonly<
  Record<string, {brand: string; last4: string; charges: 'succeed' | 'decline' | 'authenticate'}>
> = {
  '4242424242424242': {brand: 'visa', last4: '4242', charges: 'succeed'},
  '5555555555554444': {brand: 'mastercard', last4: '4444', charges: 'succeed'},
  '378282246310005': {brand: 'amex', last4: '0005', charges: 'succeed'},
  '4000000000000341': {brand: 'visa', last4: '0341', charges: 'decline'},
  '4000002760003184': {brand: 'visa', last4: '3184', charges: 'authenticate'},
};

export type StandInReply = {status: number; body: unknown} | 'hang';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export class StripeStandIn {
  readonly requests: StripeRequest[] = [];
  /** What the next requests are answered (before anything is done), in order. */
  readonly replies: StandInReply[] = [];
  readonly intents = new Map<string, StandInIntent>();
  readonly customers = new Map<string, {id: string; object: 'customer'; metadata: Record<string, string>}>();
  readonly setupIntents = new Map<string, StandInSetupIntent>();
  readonly paymentMethods = new Map<string, StandInPaymentMethod>();
  readonly refunds = new Map<string, StandInRefund>();
  /** What a PaymentMethod's later charges do (by its test card). */
  private readonly charges = new Map<string, 'succeed' | 'decline' | 'authenticate'>();
  private readonly keys = new Map<string, {params: string; status: number; body: unknown}>();
  private server?: Server;
  url = '';

  constructor(readonly secretKey: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void read(req).then((raw) => this.answer(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  clear(): void {
    this.requests.length = 0;
    this.replies.length = 0;
  }

  /** The requests to one path prefix (`/v1/setup_intents`…), in order. */
  to(prefix: string): StripeRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  private answer(req: IncomingMessage, raw: string, res: import('node:http').ServerResponse): void {
    const form: Record<string, string> = {};
    const duplicates: string[] = [];
    for (const [k, v] of new URLSearchParams(raw)) {
      if (k in form) duplicates.push(k);
      form[k] = v;
    }
    const key = req.headers['idempotency-key'];
    this.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization ?? '',
      idempotencyKey: typeof key === 'string' ? key : undefined,
      contentType: req.headers['content-type'] ?? '',
      form,
      duplicates,
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {'Content-Type': 'application/json', 'Request-Id': id('req')});
      res.end(JSON.stringify(body));
    };
    const scripted = this.replies.shift();
    if (scripted === 'hang') return;
    if (scripted) return send(scripted.status, scripted.body);
    if (req.headers.authorization !== `Bearer ${this.secretKey}`)
      return send(401, {error: {type: 'invalid_request_error', message: 'Invalid API Key provided'}});
    const path = req.url ?? '';
    // Stripe's idempotency: the first answer again for the same key and parameters.
    const params = new URLSearchParams(Object.entries(form).sort()).toString();
    const idempotent = req.method === 'POST' && typeof key === 'string' ? `${path}\u0000${key}` : undefined;
    if (idempotent && this.keys.has(idempotent)) {
      const known = this.keys.get(idempotent)!;
      if (known.params !== params)
        return send(400, {
          error: {
            type: 'idempotency_error',
            message: 'Keys for idempotent requests can only be used with the same parameters.',
          },
        });
      return send(known.status, known.body);
    }
    const [status, body] = this.route(req.method ?? '', path, form);
    if (idempotent && status !== 500) this.keys.set(idempotent, {params, status, body});
    send(status, body);
  }

  private route(method: string, path: string, form: Record<string, string>): [number, unknown] {
    const missing = (param: string): [number, unknown] => [
      404,
      {error: {type: 'invalid_request_error', code: 'resource_missing', param}},
    ];
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m) metadata[m[1]] = v;
    }
    if (method === 'POST' && path === '/v1/customers') {
      const customer = {id: id('cus'), object: 'customer' as const, metadata};
      this.customers.set(customer.id, customer);
      return [200, customer];
    }
    if (method === 'POST' && path === '/v1/setup_intents') {
      if (!this.customers.has(form.customer ?? '')) return missing('customer');
      const seti: StandInSetupIntent = {
        id: id('seti'),
        object: 'setup_intent',
        customer: form.customer,
        status: 'requires_payment_method',
        usage: form.usage ?? 'off_session',
        client_secret: '',
        payment_method: null,
        metadata,
        automatic_payment_methods: {
          enabled: form['automatic_payment_methods[enabled]'] === 'true',
          allow_redirects: form['automatic_payment_methods[allow_redirects]'] ?? 'always',
        },
        livemode: false,
      };
      seti.client_secret = `${seti.id}_secret_${randomBytes(12).toString('hex')}`;
      this.setupIntents.set(seti.id, seti);
      return [200, seti];
    }
    const seti = /^\/v1\/setup_intents\/([^/]+)$/.exec(path);
    if (seti && method === 'GET') {
      const found = this.setupIntents.get(decodeURIComponent(seti[1]));
      return found ? [200, found] : missing('intent');
    }
    const pm = /^\/v1\/payment_methods\/([^/]+)(\/detach)?$/.exec(path);
    if (pm) {
      const found = this.paymentMethods.get(decodeURIComponent(pm[1]));
      if (!found) return missing('payment_method');
      if (method === 'GET' && !pm[2]) return [200, found];
      if (method === 'POST' && pm[2]) {
        if (!found.customer)
          return [
            400,
            {
              error: {
                type: 'invalid_request_error',
                message:
                  'The payment method you provided is not attached to a customer so detachment is impossible.',
              },
            },
          ];
        found.customer = null;
        return [200, found];
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = this.intents.get(form.payment_intent ?? '');
      if (!pi) return missing('payment_intent');
      const refunded = [...this.refunds.values()]
        .filter((r) => r.payment_intent === pi.id)
        .reduce((sum, r) => sum + r.amount, 0);
      if (pi.status !== 'succeeded' || refunded >= pi.amount_received)
        return [400, {error: {type: 'invalid_request_error', code: 'charge_already_refunded'}}];
      const refund: StandInRefund = {
        id: id('re'),
        object: 'refund',
        amount: pi.amount_received - refunded,
        currency: pi.currency,
        payment_intent: pi.id,
        status: 'succeeded',
        metadata,
      };
      this.refunds.set(refund.id, refund);
      return [200, refund];
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const amount = Number(form.amount);
      if (!/^[1-9]\d{0,7}$/.test(form.amount ?? '') || !/^[a-z]{3}$/.test(form.currency ?? ''))
        return [400, {error: {type: 'invalid_request_error', code: 'parameter_invalid_integer'}}];
      const pi: StandInIntent = {
        id: id('pi'),
        object: 'payment_intent',
        amount,
        amount_received: 0,
        currency: form.currency,
        status: 'requires_payment_method',
        client_secret: '',
        metadata,
        automatic_payment_methods: {
          enabled: form['automatic_payment_methods[enabled]'] === 'true',
          allow_redirects: form['automatic_payment_methods[allow_redirects]'] ?? 'always',
        },
        livemode: false,
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(12).toString('hex')}`;
      if (form.confirm === 'true') {
        // A saved card charged without the patient: it must be the Customer's.
        const method = this.paymentMethods.get(form.payment_method ?? '');
        if (!method || !form.customer || method.customer !== form.customer) return missing('payment_method');
        pi.customer = form.customer;
        pi.payment_method = method.id;
        const behaviour = this.charges.get(method.id) ?? 'succeed';
        if (behaviour !== 'succeed') {
          this.intents.set(pi.id, pi);
          const code = behaviour === 'decline' ? 'card_declined' : 'authentication_required';
          return [
            402,
            {
              error: {
                type: 'card_error',
                code,
                ...(behaviour === 'decline' ? {decline_code: 'generic_decline'} : {}),
                message: behaviour === 'decline' ? 'Your card was declined.' : 'Authentication required.',
                payment_intent: pi,
              },
            },
          ];
        }
        pi.status = 'succeeded';
        pi.amount_received = amount;
      }
      this.intents.set(pi.id, pi);
      return [200, pi];
    }
    const one = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
    const pi = one ? this.intents.get(decodeURIComponent(one[1])) : undefined;
    if (one && !pi) return missing('intent');
    if (pi && method === 'GET' && !one![2]) return [200, pi];
    if (pi && method === 'POST' && one![2]) {
      pi.status = 'canceled';
      return [200, pi];
    }
    return [404, {error: {type: 'invalid_request_error', message: 'Unrecognized request URL'}}];
  }

  /**
   * The patient's confirmation in Stripe's field of a SetupIntent with one of Stripe's test cards:
   * a PaymentMethod made and attached to the SetupIntent's Customer, the SetupIntent `succeeded`.
   */
  completeSetup(setupId: string, cardNumber = '4242424242424242'): StandInSetupIntent {
    const seti = this.setupIntents.get(setupId);
    const test = TEST_SETUP_CARDS[cardNumber];
    if (!seti || !test) throw new Error(`no SetupIntent ${setupId} or test card`);
    const method: StandInPaymentMethod = {
      id: id('pm'),
      object: 'payment_method',
      type: 'card',
      card: {brand: test.brand, last4: test.last4, exp_month: 12, exp_year: 2034, country: 'US'},
      customer: seti.customer,
      livemode: false,
    };
    this.paymentMethods.set(method.id, method);
    this.charges.set(method.id, test.charges);
    seti.status = 'succeeded';
    seti.payment_method = method.id;
    return seti;
  }

  /** The browser's confirmation in Stripe's field: the PaymentIntent succeeds (or fails). */
  settle(intentId: string, outcome: 'succeeded' | 'requires_payment_method' = 'succeeded'): StandInIntent {
    const pi = this.intents.get(intentId);
    if (!pi) throw new Error(`no PaymentIntent ${intentId}`);
    pi.status = outcome;
    pi.amount_received = outcome === 'succeeded' ? pi.amount : 0;
    return pi;
  }

  /** A Stripe event about an object (a PaymentIntent, SetupIntent…), as Stripe delivers it to a webhook endpoint (JSON text). */
  event(type: string, intent: object, eventId = id('evt')): string {
    return JSON.stringify(
      {
        id: eventId,
        object: 'event',
        api_version: '2025-01-27.acacia',
        created: Math.floor(Date.now() / 1000),
        data: {object: intent},
        livemode: false,
        pending_webhooks: 1,
        request: {id: null, idempotency_key: null},
        type,
      },
      null,
      2,
    );
  }
}

/** The headers Stripe sends with an event, signed with the endpoint's secret at `atSeconds`. */
export function signed(payload: string, secret: string, atSeconds: number): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'Stripe-Signature': signStripePayload(payload, secret, atSeconds),
  };
}
