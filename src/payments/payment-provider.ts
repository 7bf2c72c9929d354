/**
 * The pluggable payment step of a deposit.
 *
 * A {@link PaymentProvider} puts the payment provider's own field (Stripe's Payment Element, the
 * demo clinic's test-card choice) into a container the element gives it, and confirms the payment
 * when the patient presses "Pay deposit". Card data never passes through our code or our DOM
 * (QUALITY 18): the provider's hosted field collects it, in its own iframe.
 *
 * The container is a **light-DOM** node (`<portal-payment-step>` slots it into its shadow tree):
 * Stripe refuses to mount inside a shadow root, so whoever hosts a payment step must keep the
 * container reachable from the document (see `stripe-provider.ts`).
 *
 * Implementations are chunks: {@link paymentProviderFor} imports one only when a deposit of that
 * kind is due, so a page without deposits never loads the payment SDK.
 */
import {NotSupportedError} from '../adapters/adapter.js';
import type {PaymentIntent} from '../domain/types.js';

export type {
  PaymentFailureCode,
  PaymentMountOptions,
  PaymentProvider,
  PaymentResult,
} from './payment-types.js';
export {localeForPayments} from './payment-types.js';
import type {PaymentProvider} from './payment-types.js';

export type PaymentProviderLoader = () => Promise<PaymentProvider>;

const loaders = new Map<string, PaymentProviderLoader>([
  ['demo', () => import('./demo-provider.js').then((m) => new m.DemoPaymentProvider())],
  ['stripe', () => import('./stripe-provider.js').then((m) => new m.StripePaymentProvider())],
]);

/**
 * Adds (or replaces) the payment step for intents whose `provider` is `id` — e.g. another payment
 * company's hosted field. The loader should `import()` the implementation so it stays a chunk.
 */
export function registerPaymentProvider(id: string, loader: PaymentProviderLoader): void {
  loaders.set(id, loader);
}

/**
 * A fresh provider for this intent's `provider`, loaded on first use. Rejects with
 * `NotSupportedError('payments:<id>')` for an unknown provider.
 */
export function paymentProviderFor(
  provider: PaymentIntent['provider'] | (string & {}),
): Promise<PaymentProvider> {
  const loader = loaders.get(provider);
  if (!loader) return Promise.reject(new NotSupportedError(`payments:${provider}`));
  return loader();
}
