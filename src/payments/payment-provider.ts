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
import {NotSupportedError, type PortalAdapter} from '../adapters/adapter.js';
import type {PaymentIntent} from '../domain/types.js';

export interface PaymentMountOptions {
  /** The full locale tag (`es-MX`); the provider's field follows its language. */
  readonly locale: string;
  /** The backend the intent came from (the demo provider confirms through it). */
  readonly adapter?: PortalAdapter;
}

/** Why a payment did not go through, in terms the element can explain to the patient. */
export type PaymentFailureCode =
  /** The card or method was declined: "no charge was made; please try another card". */
  | 'payment-failed'
  /** The provider or the backend could not be reached. */
  | 'network'
  /** The patient has not finished the payment details (the provider's field shows which). */
  | 'incomplete';

export type PaymentResult =
  | {readonly status: 'succeeded'}
  | {readonly status: 'failed'; readonly code: PaymentFailureCode; readonly error?: unknown};

export interface PaymentProvider {
  /** `demo`, `stripe`, or the id a host registered with {@link registerPaymentProvider}. */
  readonly id: string;
  /**
   * Renders the provider's field into `container` (a light-DOM node the caller owns) for `intent`.
   * Rejects when the provider cannot be used (script blocked, wrong backend, intent without keys).
   */
  mount(container: HTMLElement, intent: PaymentIntent, options: PaymentMountOptions): Promise<void>;
  /** Confirms the payment with what the patient entered in the field. Never throws. */
  confirm(): Promise<PaymentResult>;
  /** Follows a change of the page's language while mounted. */
  setLocale?(locale: string): void;
  /** Removes the field and everything it added to the container. */
  unmount(): void;
}

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

/** The language (`es` or `en`, the catalogs we have) and region of a locale tag, for a provider's field. */
export function localeForPayments(locale: string): {language: 'en' | 'es'; region?: string} {
  const [language = 'en', region] = locale.replace(/_/g, '-').split('-');
  return {language: language.toLowerCase() === 'es' ? 'es' : 'en', region: region?.toUpperCase()};
}
