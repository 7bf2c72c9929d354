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
 * - Without the secret key: 401 `invalid_request_error`.
 *
 * Tests script failures (`replies`: an error document, or `hang` for a request never answered),
 * settle a PaymentIntent as the browser's confirmation would (`settle`), and build the events Stripe
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
}

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
  private readonly keys = new Map<string, {params: string; intentId: string}>();
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
    if (req.method === 'POST' && path === '/v1/payment_intents') {
      const params = new URLSearchParams(Object.entries(form).sort()).toString();
      if (typeof key === 'string' && this.keys.has(key)) {
        const known = this.keys.get(key)!;
        if (known.params !== params)
          return send(400, {
            error: {
              type: 'idempotency_error',
              message: 'Keys for idempotent requests can only be used with the same parameters.',
            },
          });
        return send(200, this.intents.get(known.intentId));
      }
      const amount = Number(form.amount);
      if (!/^[1-9]\d{0,7}$/.test(form.amount ?? '') || !/^[a-z]{3}$/.test(form.currency ?? ''))
        return send(400, {error: {type: 'invalid_request_error', code: 'parameter_invalid_integer'}});
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(form)) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m) metadata[m[1]] = v;
      }
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
      this.intents.set(pi.id, pi);
      if (typeof key === 'string') this.keys.set(key, {params, intentId: pi.id});
      return send(200, pi);
    }
    const one = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
    const pi = one ? this.intents.get(decodeURIComponent(one[1])) : undefined;
    if (one && !pi)
      return send(404, {error: {type: 'invalid_request_error', code: 'resource_missing', param: 'intent'}});
    if (pi && req.method === 'GET' && !one![2]) return send(200, pi);
    if (pi && req.method === 'POST' && one![2]) {
      pi.status = 'canceled';
      return send(200, pi);
    }
    send(404, {error: {type: 'invalid_request_error', message: 'Unrecognized request URL'}});
  }

  /** The browser's confirmation in Stripe's field: the PaymentIntent succeeds (or fails). */
  settle(intentId: string, outcome: 'succeeded' | 'requires_payment_method' = 'succeeded'): StandInIntent {
    const pi = this.intents.get(intentId);
    if (!pi) throw new Error(`no PaymentIntent ${intentId}`);
    pi.status = outcome;
    pi.amount_received = outcome === 'succeeded' ? pi.amount : 0;
    return pi;
  }

  /** A Stripe event about a PaymentIntent, as Stripe delivers it to a webhook endpoint (JSON text). */
  event(type: string, intent: StandInIntent, eventId = id('evt')): string {
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
