/**
 * The server's payment providers behind one interface: the demo provider (test cards, no money
 * moves; paid through its own confirmation step) and Stripe (`stripe.ts`: a PaymentIntent per
 * deposit or balance payment, paid in Stripe's Payment Element, confirmed by Stripe's signed webhook).
 * The services (`services/deposits.ts`, `services/billing.ts`) call the provider *before* they store
 * anything, so a provider's failure leaves nothing behind, and answer with what the browser's payment
 * step needs (`provider`, and for Stripe its `clientSecret` and `publishableKey`).
 */
import {createHash} from 'node:crypto';
import {PortalError} from '../src/domain/errors.js';
import type {Money} from '../src/domain/types.js';
import {log} from './log.js';
import {StripeClient, StripeError, type StripeOptions} from './stripe.js';

/** What the provider made of a payment: its own id and what the browser's payment step needs. */
export interface ProviderPayment {
  /** The provider's id for it (Stripe's `pi_…`); none for the demo provider. */
  readonly ref?: string;
  readonly clientSecret?: string;
  readonly publishableKey?: string;
}

/** Our ids for a payment (the provider's metadata: never patient data). */
export interface PaymentIds {
  readonly kind: 'deposit' | 'invoice';
  /** The invoice whose balance it pays (its id: `inv_…`). */
  readonly invoiceId?: string;
}

export interface ServerPaymentProvider {
  readonly id: 'demo' | 'stripe';
  /** Starts a payment of this amount with the provider; the same key gives the provider's same one. */
  start(amount: Money, ids: PaymentIds, idempotencyKey: string): Promise<ProviderPayment>;
  /** What the browser needs again for a payment started earlier (a replayed request). */
  resume(ref: string | null): Promise<ProviderPayment>;
  /**
   * Whether the provider says the payment succeeded with this amount received (for a booking or a
   * bill read before the provider's webhook came).
   */
  succeeded(ref: string | null, amount: Money): Promise<boolean>;
  /** Best effort: a payment started but not kept (another request's is used) is cancelled. */
  abandon(ref: string | undefined): Promise<void>;
}

/**
 * The payment provider failed or could not be reached: 502 to the client (code `server`, retryable:
 * the same `Idempotency-Key` again is safe), nothing stored.
 */
export class PaymentProviderError extends PortalError {
  override readonly name = 'PaymentProviderError';
  constructor(options?: {cause?: unknown}) {
    super('server', 'payment provider failed', options);
  }
}

/**
 * The provider's idempotency key for one of ours: the scope, then a hash of what the request was for
 * and the client's key — the same request with the same key gives the provider's same payment, and a
 * key reused for another request can never collide with the first at the provider.
 */
export function providerIdempotencyKey(scope: string, requestFingerprint: string, key: string): string {
  const hash = createHash('sha256').update(requestFingerprint).update('\0').update(key).digest('hex');
  return `portal-${scope}-${hash}`;
}

/** The demo provider: nothing to start with anyone; paid only through its confirmation step. */
export const demoPaymentProvider: ServerPaymentProvider = {
  id: 'demo',
  start: () => Promise.resolve({}),
  resume: () => Promise.resolve({}),
  succeeded: () => Promise.resolve(false),
  abandon: () => Promise.resolve(),
};

/** A Stripe error as a client's 502, logged with Stripe's status, type and code only. */
function failed(e: unknown): never {
  if (e instanceof StripeError) {
    log('warn', 'payment provider failed', {
      provider: 'stripe',
      status: e.status ?? 'unreachable',
      type: e.type,
      code: e.stripeCode,
    });
    throw new PaymentProviderError({cause: e});
  }
  throw e;
}

export class StripePaymentProvider implements ServerPaymentProvider {
  readonly id = 'stripe';
  readonly client: StripeClient;

  constructor(readonly options: StripeOptions) {
    this.client = new StripeClient(options);
  }

  get webhookSecret(): string {
    return this.options.webhookSecret;
  }

  async start(amount: Money, ids: PaymentIds, idempotencyKey: string): Promise<ProviderPayment> {
    const intent = await this.client
      .createPaymentIntent(
        amount,
        {portal_kind: ids.kind, ...(ids.invoiceId ? {portal_invoice: ids.invoiceId} : {})},
        idempotencyKey,
      )
      .catch(failed);
    return {ref: intent.id, clientSecret: intent.clientSecret, publishableKey: this.client.publishableKey};
  }

  async resume(ref: string | null): Promise<ProviderPayment> {
    if (!ref) throw new PaymentProviderError();
    const intent = await this.client.retrievePaymentIntent(ref).catch(failed);
    return {ref: intent.id, clientSecret: intent.clientSecret, publishableKey: this.client.publishableKey};
  }

  async succeeded(ref: string | null, amount: Money): Promise<boolean> {
    if (!ref) return false;
    const intent = await this.client.retrievePaymentIntent(ref).catch(failed);
    return (
      intent.status === 'succeeded' &&
      intent.amountReceived === amount.amountMinor &&
      intent.currency === amount.currency.toLowerCase()
    );
  }

  async abandon(ref: string | undefined): Promise<void> {
    if (!ref) return;
    await this.client.cancelPaymentIntent(ref).catch((e: unknown) => {
      // Never confirmed by anyone, so never charged: a failed cancel only leaves it open at Stripe.
      if (e instanceof StripeError)
        log('warn', 'payment provider cancel failed', {
          provider: 'stripe',
          status: e.status ?? 'unreachable',
        });
      else throw e;
    });
  }
}

/** The provider for a server's `payments` option. */
export function paymentProviderFor(
  payments: false | 'demo' | 'stripe',
  stripe: StripeOptions | undefined,
): ServerPaymentProvider | undefined {
  if (payments === false) return undefined;
  if (payments === 'demo') return demoPaymentProvider;
  if (!stripe) throw new Error('payments: stripe needs the Stripe settings (STRIPE_SECRET_KEY and the rest)');
  return new StripePaymentProvider(stripe);
}
