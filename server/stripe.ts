/**
 * Payments through Stripe's REST API with `fetch` — no SDK (as `twilio.ts` does for SMS):
 *
 * - `POST /v1/payment_intents`, form-encoded: `amount` (a positive integer in the currency's
 *   smallest unit: our `amountMinor`), `currency` (ISO 4217, lowercase), `automatic_payment_methods
 *   [enabled]=true` with `[allow_redirects]=never` (the Payment Element confirms in place, so a
 *   redirect-based method would lose the booking in progress), and `metadata[…]` with our ids only —
 *   never a name, email or phone. Sent with an `Idempotency-Key` header made from our own
 *   idempotency key, so a retried or concurrent twin gets Stripe's same PaymentIntent.
 * - `GET /v1/payment_intents/{id}`: its `client_secret` again (the secret is never stored) and its
 *   `status` (the booking checks it when the webhook has not come yet).
 *
 * Requests authenticate with the secret key as a bearer token. A non-2xx answer, a network error or a
 * timeout throws a {@link StripeError} naming Stripe's status, error type and code only (never the
 * request's values). Webhook events are trusted only with a valid `Stripe-Signature`
 * ({@link verifyStripeSignature}). Configured from the environment by {@link stripeFromEnv}.
 */
import {createHmac, timingSafeEqual} from 'node:crypto';
import type {Money} from '../src/domain/types.js';

export const STRIPE_API_BASE = 'https://api.stripe.com';

/** How old (or how far in the future) a signed webhook's timestamp may be: 5 minutes. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeOptions {
  /** `sk_…` or a restricted `rk_…` key: the server's only. */
  readonly secretKey: string;
  /** `pk_…`: given to the browser with each intent, for Stripe.js. */
  readonly publishableKey: string;
  /** `whsec_…`: the webhook endpoint's signing secret. */
  readonly webhookSecret: string;
  /** Default {@link STRIPE_API_BASE}; tests point it at a local stand-in. */
  readonly apiBase?: string;
  readonly fetch?: typeof fetch;
  /** Milliseconds before a request gives up (default 10 000). */
  readonly timeoutMs?: number;
}

/**
 * Thrown when Stripe refuses or cannot be reached: its status, error type and code, nothing else.
 * `status` is undefined when no answer came (network error, timeout).
 */
export class StripeError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly type: string | undefined,
    readonly stripeCode: string | undefined,
  ) {
    super(
      status === undefined
        ? 'Stripe could not be reached'
        : `Stripe answered ${status}${type ? ` (${type}${stripeCode ? `: ${stripeCode}` : ''})` : ''}`,
    );
    this.name = 'StripeError';
  }

  /** The PaymentIntent a refused charge left at Stripe (its `pi_…`), when Stripe's error names one. */
  paymentIntent?: string;

  /** Stripe's answer for an object that does not exist (or no longer does). */
  get missing(): boolean {
    return this.status === 404 || this.stripeCode === 'resource_missing';
  }
}

/** What the portal keeps of a Stripe PaymentIntent (or SetupIntent). */
export interface StripeIntent {
  readonly id: string;
  readonly status: string;
  readonly clientSecret: string;
  readonly amount?: number;
  /** What was paid (PaymentIntents). */
  readonly amountReceived?: number;
  readonly currency?: string;
}

const safeWord = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[a-z0-9_.-]{1,80}$/i.test(v) ? v : undefined;

/** Stripe's REST API with a secret key: the calls the portal makes, nothing more. */
export class StripeClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(readonly options: StripeOptions) {
    this.base = (options.apiBase ?? STRIPE_API_BASE).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get publishableKey(): string {
    return this.options.publishableKey;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>,
    idempotencyKey?: string,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.options.secretKey}`,
          Accept: 'application/json',
          ...(form ? {'Content-Type': 'application/x-www-form-urlencoded'} : {}),
          ...(idempotencyKey ? {'Idempotency-Key': idempotencyKey} : {}),
        },
        ...(form ? {body: new URLSearchParams(form).toString()} : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new StripeError(undefined, undefined, undefined);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = (
        body as {error?: {type?: unknown; code?: unknown; payment_intent?: {id?: unknown}}} | undefined
      )?.error;
      const e = new StripeError(response.status, safeWord(error?.type), safeWord(error?.code));
      // A declined off-session charge names the PaymentIntent it left (its id only).
      const pi = error?.payment_intent?.id;
      if (typeof pi === 'string' && /^pi_[A-Za-z0-9_]{1,200}$/.test(pi)) e.paymentIntent = pi;
      throw e;
    }
    if (typeof body !== 'object' || body === null)
      throw new StripeError(response.status, 'invalid_body', undefined);
    return body as Record<string, unknown>;
  }

  private static intentOf(body: Record<string, unknown>, status: number): StripeIntent {
    const {id, status: state, client_secret: secret, amount, amount_received: received, currency} = body;
    if (typeof id !== 'string' || typeof state !== 'string' || typeof secret !== 'string')
      throw new StripeError(status, 'invalid_body', undefined);
    return {
      id,
      status: state,
      clientSecret: secret,
      ...(typeof amount === 'number' ? {amount} : {}),
      ...(typeof received === 'number' ? {amountReceived: received} : {}),
      ...(typeof currency === 'string' ? {currency} : {}),
    };
  }

  /**
   * A PaymentIntent for this amount, confirmed by the patient in Stripe's Payment Element. `metadata`
   * holds our ids only. The same `idempotencyKey` gives Stripe's same PaymentIntent.
   */
  async createPaymentIntent(
    amount: Money,
    metadata: Readonly<Record<string, string>>,
    idempotencyKey: string,
  ): Promise<StripeIntent> {
    const form: Record<string, string> = {
      amount: String(amount.amountMinor),
      currency: amount.currency.toLowerCase(),
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
    };
    for (const [k, v] of Object.entries(metadata)) form[`metadata[${k}]`] = v;
    return StripeClient.intentOf(
      await this.request('POST', '/v1/payment_intents', form, idempotencyKey),
      200,
    );
  }

  /** Cancels a PaymentIntent nobody will pay (`POST /v1/payment_intents/{id}/cancel`). */
  async cancelPaymentIntent(id: string): Promise<void> {
    await this.request('POST', `/v1/payment_intents/${encodeURIComponent(id)}/cancel`, {});
  }

  /**
   * The Stripe Customer of one patient (`POST /v1/customers`, `metadata[portal_patient]` our id only:
   * no name, no email). The idempotency key is the patient's, so two first card setups at once make one.
   */
  async createCustomer(patientId: string, idempotencyKey: string): Promise<string> {
    const body = await this.request(
      'POST',
      '/v1/customers',
      {'metadata[portal_patient]': patientId},
      idempotencyKey,
    );
    if (typeof body.id !== 'string' || !/^cus_[A-Za-z0-9_]{1,200}$/.test(body.id))
      throw new StripeError(200, 'invalid_body', undefined);
    return body.id;
  }

  /**
   * A SetupIntent saving a card on the Customer for later charges made without the patient
   * (`usage=off_session`), confirmed by the patient in the Payment Element; redirect-based methods
   * off, as for payments. `metadata` holds our ids only.
   */
  async createSetupIntent(
    customer: string,
    metadata: Readonly<Record<string, string>>,
    idempotencyKey: string,
  ): Promise<StripeIntent> {
    const form: Record<string, string> = {
      customer,
      usage: 'off_session',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
    };
    for (const [k, v] of Object.entries(metadata)) form[`metadata[${k}]`] = v;
    return StripeClient.intentOf(await this.request('POST', '/v1/setup_intents', form, idempotencyKey), 200);
  }

  /** A SetupIntent as Stripe has it now, with its PaymentMethod's id once it succeeded. */
  async retrieveSetupIntent(id: string): Promise<StripeIntent & {paymentMethod?: string}> {
    const body = await this.request('GET', `/v1/setup_intents/${encodeURIComponent(id)}`);
    const pm = body.payment_method;
    const paymentMethod =
      typeof pm === 'string'
        ? pm
        : typeof (pm as {id?: unknown} | null)?.id === 'string'
          ? (pm as {id: string}).id
          : undefined;
    return {...StripeClient.intentOf(body, 200), ...(paymentMethod ? {paymentMethod} : {})};
  }

  /** A saved card's public facts (`GET /v1/payment_methods/{id}`). */
  async retrievePaymentMethod(id: string): Promise<StripeCard> {
    const card = cardOfPaymentMethod(
      await this.request('GET', `/v1/payment_methods/${encodeURIComponent(id)}`),
    );
    if (!card) throw new StripeError(200, 'invalid_body', undefined);
    return card;
  }

  /** Detaches a saved card from its Customer (`POST /v1/payment_methods/{id}/detach`): it can never be charged again. */
  async detachPaymentMethod(id: string): Promise<void> {
    await this.request('POST', `/v1/payment_methods/${encodeURIComponent(id)}/detach`, {});
  }

  /**
   * Charges a saved card without the patient (`off_session=true`, `confirm=true`), under an
   * idempotency key of its own: the same fee never charges twice. A decline, or a bank asking for
   * the patient (`authentication_required`), is an answer, not an error; Stripe failing or not
   * answering throws {@link StripeError}.
   */
  async chargeOffSession(
    amount: Money,
    customer: string,
    paymentMethod: string,
    metadata: Readonly<Record<string, string>>,
    idempotencyKey: string,
  ): Promise<OffSessionCharge> {
    const form: Record<string, string> = {
      amount: String(amount.amountMinor),
      currency: amount.currency.toLowerCase(),
      customer,
      payment_method: paymentMethod,
      off_session: 'true',
      confirm: 'true',
    };
    for (const [k, v] of Object.entries(metadata)) form[`metadata[${k}]`] = v;
    let intent: StripeIntent;
    try {
      intent = StripeClient.intentOf(
        await this.request('POST', '/v1/payment_intents', form, idempotencyKey),
        200,
      );
    } catch (e) {
      // Stripe answers a refused card with 402 and `type: card_error`.
      if (e instanceof StripeError && e.status === 402 && e.type === 'card_error')
        return {
          status: e.stripeCode === 'authentication_required' ? 'authentication-required' : 'declined',
          ...(e.paymentIntent ? {id: e.paymentIntent} : {}),
          ...(e.stripeCode ? {code: e.stripeCode} : {}),
        };
      throw e;
    }
    if (intent.status === 'succeeded') return {status: 'succeeded', id: intent.id};
    return {
      status: intent.status === 'requires_action' ? 'authentication-required' : 'declined',
      id: intent.id,
    };
  }

  /**
   * Refunds a PaymentIntent in full (`POST /v1/refunds`, `payment_intent`), under an idempotency
   * key of its own: the same refund is never made twice.
   */
  async createRefund(
    paymentIntent: string,
    metadata: Readonly<Record<string, string>>,
    idempotencyKey: string,
  ): Promise<StripeRefund> {
    const form: Record<string, string> = {payment_intent: paymentIntent};
    for (const [k, v] of Object.entries(metadata)) form[`metadata[${k}]`] = v;
    const body = await this.request('POST', '/v1/refunds', form, idempotencyKey);
    const {id, status, amount} = body;
    if (typeof id !== 'string' || typeof status !== 'string' || typeof amount !== 'number')
      throw new StripeError(200, 'invalid_body', undefined);
    return {id, status, amount};
  }

  /** A PaymentIntent as Stripe has it now (its status, and its client secret for the browser). */
  async retrievePaymentIntent(id: string): Promise<StripeIntent> {
    return StripeClient.intentOf(
      await this.request('GET', `/v1/payment_intents/${encodeURIComponent(id)}`),
      200,
    );
  }
}

/** What the portal keeps of a card Stripe saved (a PaymentMethod of type `card`): never its number. */
export interface StripeCard {
  /** Stripe's `pm_…`. */
  readonly id: string;
  /** Stripe's brand word (`visa`, `mastercard`, `amex`, …). */
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  /** The Customer it is attached to (null once detached). */
  readonly customer: string | null;
}

/** A Stripe PaymentMethod object's card facts, or undefined when it is not a card. */
export function cardOfPaymentMethod(body: unknown): StripeCard | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const {id, card, customer} = body as {id?: unknown; card?: unknown; customer?: unknown};
  if (typeof id !== 'string' || !/^pm_[A-Za-z0-9_]{1,200}$/.test(id)) return undefined;
  if (typeof card !== 'object' || card === null) return undefined;
  const {brand, last4, exp_month: month, exp_year: year} = card as Record<string, unknown>;
  if (typeof brand !== 'string' || typeof last4 !== 'string' || !/^\d{4}$/.test(last4)) return undefined;
  if (!Number.isInteger(month) || (month as number) < 1 || (month as number) > 12) return undefined;
  if (!Number.isInteger(year) || (year as number) < 2000 || (year as number) > 2200) return undefined;
  return {
    id,
    brand: brand.slice(0, 40),
    last4,
    expMonth: month as number,
    expYear: year as number,
    customer: typeof customer === 'string' ? customer : null,
  };
}

/** What an off-session charge came to: Stripe's PaymentIntent, or its refusal (declined, needs the patient). */
export type OffSessionCharge =
  | {readonly status: 'succeeded'; readonly id: string}
  | {
      readonly status: 'declined' | 'authentication-required';
      /** The PaymentIntent Stripe left (`requires_payment_method`/`requires_action`), when it says. */
      readonly id?: string;
      /** Stripe's error code (`card_declined`, `authentication_required`…). */
      readonly code?: string;
    };

/** What the portal keeps of a Stripe Refund. */
export interface StripeRefund {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
}

/** Why a webhook was refused (answered 400, nothing read from it). */
export type SignatureProblem = 'missing' | 'malformed' | 'too-old' | 'mismatch';

/**
 * Checks a webhook's `Stripe-Signature` header (`t=<unix seconds>,v1=<hex>[,v1=…][,v0=…]`): one of
 * its `v1` signatures must be the HMAC-SHA256, keyed with the endpoint's secret, of
 * `<t>.<the raw body>`, compared in constant time; and `t` within {@link
 * STRIPE_SIGNATURE_TOLERANCE_SECONDS} of `nowMs`. Returns null when it holds, else why not.
 */
export function verifyStripeSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secret: string,
  nowMs: number,
  toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): SignatureProblem | null {
  if (!header) return 'missing';
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return 'too-old';
  const expected = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();
  let match = false;
  // Every candidate is compared (no early exit), each in constant time.
  for (const s of signatures) if (s.length === expected.length && timingSafeEqual(s, expected)) match = true;
  return match ? null : 'mismatch';
}

/** A `Stripe-Signature` header for a body, as Stripe signs it (tests and the stand-in use it). */
export function signStripePayload(
  payload: string | Uint8Array,
  secret: string,
  timestampSeconds: number,
): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.`, 'utf8')
    .update(payload)
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Stripe's settings from the environment, for `PORTAL_PAYMENTS=stripe`: `STRIPE_SECRET_KEY`
 * (`sk_…` or `rk_…`), `STRIPE_PUBLISHABLE_KEY` (`pk_…`), `STRIPE_WEBHOOK_SECRET` (`whsec_…`) and
 * `STRIPE_API_BASE` (https, or http on the loopback interface for a local stand-in). Throws on a
 * missing or unsafe setting, naming the variable, never its value.
 */
export function stripeFromEnv(env: Env, fetchImpl?: typeof fetch): StripeOptions {
  const secretKey = env.STRIPE_SECRET_KEY?.trim() ?? '';
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY?.trim() ?? '';
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() ?? '';
  if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(secretKey))
    throw new Error('PORTAL_PAYMENTS=stripe needs STRIPE_SECRET_KEY (sk_test_… or sk_live_…)');
  if (!/^pk_(test|live)_[A-Za-z0-9]+$/.test(publishableKey))
    throw new Error('PORTAL_PAYMENTS=stripe needs STRIPE_PUBLISHABLE_KEY (pk_test_… or pk_live_…)');
  if (!/^whsec_[A-Za-z0-9+/=]+$/.test(webhookSecret))
    throw new Error('PORTAL_PAYMENTS=stripe needs STRIPE_WEBHOOK_SECRET (whsec_…)');
  if (secretKey.split('_')[1] !== publishableKey.split('_')[1])
    throw new Error('STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must both be test keys or both live keys');
  const apiBase = env.STRIPE_API_BASE?.trim() || STRIPE_API_BASE;
  let base: URL;
  try {
    base = new URL(apiBase);
  } catch {
    throw new Error('STRIPE_API_BASE must be a URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(base.hostname);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback))
    throw new Error(
      'STRIPE_API_BASE must be https (or http on the loopback interface, for a local stand-in)',
    );
  return {secretKey, publishableKey, webhookSecret, apiBase, ...(fetchImpl ? {fetch: fetchImpl} : {})};
}
