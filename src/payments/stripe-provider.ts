/**
 * Deposits through Stripe's Payment Element: the card (or wallet) field is Stripe's own iframe, so
 * card data never touches our code or our DOM (QUALITY 18). This module is a chunk, imported by
 * `paymentProviderFor('stripe')` only when a Stripe deposit is due; it loads Stripe.js itself
 * from `https://js.stripe.com` (Stripe requires that: it must not be bundled or self-hosted).
 *
 * ## Shadow DOM: the field needs a light-DOM container
 *
 * Stripe Elements cannot be mounted inside a shadow root. Since October 2024 Stripe.js rejects
 * it outright ("IntegrationError: Elements cannot be mounted in a ShadowRoot. Please mount in the
 * Light DOM."; before that, `confirmPayment` failed with "Element didn't mount normally"), because
 * Stripe's frames must be reachable from the document. Stripe's maintainers call it a known
 * limitation and point to the slot workaround (stripe/stripe-js#399, #143, #662).
 *
 * So `mount(container)` takes a container the caller owns and requires it to be in the document's
 * own tree (`container.getRootNode() === document`). `<portal-payment-step>` creates that node in
 * its light DOM (`<div slot="payment-field">`) and shows it through `<slot name="payment-field">`.
 * A host that puts the payment step inside its own shadow root (a booking widget) must forward
 * the slot: put `<div slot="payment-field">` in its own light DOM and a
 * `<slot name="payment-field" slot="payment-field">` inside the payment step — the step follows
 * the forwarded slot to that node. Otherwise mounting fails with a clear error.
 *
 * ## Content Security Policy (QUALITY 10)
 *
 * On top of the project's policy, a clinic taking Stripe deposits allows exactly what Stripe's
 * security guide (docs.stripe.com/security/guide, "Content Security Policy") lists for Stripe.js:
 *
 * - `script-src https://js.stripe.com https://*.js.stripe.com`
 * - `frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com`
 * - `connect-src https://api.stripe.com`
 *
 * Stripe's guide adds `https://maps.googleapis.com` to `script-src` and `connect-src` only for the
 * Address Element's autocomplete, which we do not use. No `style-src` or `img-src` source is needed:
 * the Payment Element draws inside its own frames (the `img-src https://*.stripe.com` in Stripe's
 * list is for Checkout pages). With Trusted Types (`require-trusted-types-for 'script'`) the script
 * URL must be a TrustedScriptURL: this module creates a policy named `patient-portal-stripe` that
 * accepts only Stripe.js's own URL, so the clinic adds that name:
 * `trusted-types lit-html patient-portal-stripe`. Stripe's own guide instead suggests a `default`
 * policy; ours is narrower. (Whether Stripe.js itself needs more under Trusted Types must be
 * checked against the live script; it cannot be tested offline.)
 *
 * ## Saving a card
 *
 * An intent with `mode: 'setup'` carries a SetupIntent's client secret (cards on file, nothing
 * charged): the same Payment Element collects the card, and `confirm` calls `confirmSetup` instead
 * of `confirmPayment`. The backend saves the card from Stripe's own record of it (its webhook), so
 * nothing about the card passes through here either.
 *
 * ## Redirects
 *
 * `confirmPayment` is called with `redirect: 'if_required'`, so cards and wallets complete in
 * place. The backend should create the PaymentIntent with
 * `automatic_payment_methods: {enabled: true, allow_redirects: 'never'}`: a redirect-based method
 * would leave the page and lose the booking in progress.
 */
import {loadStripe} from '@stripe/stripe-js/pure';
import type {
  Appearance,
  PaymentIntentResult,
  SetupIntentResult,
  Stripe,
  StripeElementLocale,
  StripeElements,
  StripePaymentElement,
} from '@stripe/stripe-js';
import type {PaymentIntent} from '../domain/types.js';
import {
  localeForPayments,
  type PaymentMountOptions,
  type PaymentProvider,
  type PaymentResult,
} from './payment-types.js';

/**
 * Stripe.js's URL for the release train that the pinned `@stripe/stripe-js` expects (10.x:
 * `endive`). Keep in step with `RELEASE_TRAIN` in node_modules/@stripe/stripe-js/dist/pure.mjs
 * (a browser test checks it).
 */
export const STRIPE_JS_URL = 'https://js.stripe.com/endive/stripe.js';
/** The Trusted Types policy name a clinic allows in `trusted-types` for Stripe deposits. */
export const TRUSTED_TYPES_POLICY = 'patient-portal-stripe';

/** The part of the Trusted Types API we use (not yet in TypeScript's DOM library). */
interface TrustedTypesFactory {
  createPolicy(
    name: string,
    rules: {createScriptURL(input: string): string},
  ): {
    createScriptURL(input: string): unknown;
  };
}

let scriptPolicy: ReturnType<TrustedTypesFactory['createPolicy']> | undefined;

/**
 * Adds Stripe.js's `<script>` itself when Trusted Types are enforced, with a URL from our own
 * narrow policy; `loadStripe` then finds that script and waits for it. Without Trusted Types (or
 * when Stripe.js is already on the page) it does nothing and `loadStripe` adds the script.
 */
function addStripeScript(): void {
  const w = window as unknown as {Stripe?: unknown; trustedTypes?: TrustedTypesFactory};
  if (w.Stripe || !w.trustedTypes) return;
  if (document.querySelector('script[src^="https://js.stripe.com/"]')) return;
  try {
    scriptPolicy ??= w.trustedTypes.createPolicy(TRUSTED_TYPES_POLICY, {
      createScriptURL: (input) => {
        if (input !== STRIPE_JS_URL) throw new TypeError('Only Stripe.js may be loaded by this policy.');
        return input;
      },
    });
  } catch {
    // The page does not allow our policy name: leave it to loadStripe (a `default` policy may exist).
    return;
  }
  const script = document.createElement('script');
  // A TrustedScriptURL, assigned where the DOM accepts one (typed as string in TypeScript's DOM lib).
  (script as unknown as {src: unknown}).src = scriptPolicy.createScriptURL(STRIPE_JS_URL);
  (document.head ?? document.body).append(script);
}

/** Stripe's locale for the Payment Element: Spain's Spanish, Latin American Spanish, or English. */
export function stripeLocale(locale: string): StripeElementLocale {
  const {language, region} = localeForPayments(locale);
  if (language === 'es') return region === undefined || region === 'ES' ? 'es' : 'es-419';
  return 'en';
}

/** Our tokens (inherited through the slot into the light-DOM container) as Stripe's appearance. */
function appearanceFor(container: HTMLElement): Appearance {
  const style = getComputedStyle(container);
  const token = (name: string) => style.getPropertyValue(name).trim() || undefined;
  const dark = style.colorScheme.includes('dark');
  return {
    theme: dark ? 'night' : 'stripe',
    variables: {
      colorPrimary: token('--_accent'),
      colorBackground: token('--_surface'),
      colorText: style.color || undefined,
      colorDanger: token('--_danger'),
      fontFamily: style.fontFamily || undefined,
      borderRadius: token('--_radius'),
    },
  };
}

export class StripePaymentProvider implements PaymentProvider {
  readonly id = 'stripe';
  private stripe?: Stripe;
  private elements?: StripeElements;
  private element?: StripePaymentElement;
  private setup = false;

  async mount(container: HTMLElement, intent: PaymentIntent, options: PaymentMountOptions): Promise<void> {
    if (!intent.clientSecret || !intent.publishableKey) {
      throw new TypeError('A Stripe payment intent needs its client secret and publishable key.');
    }
    if (container.getRootNode() !== document) {
      throw new TypeError(
        'Stripe cannot mount inside a shadow root: pass a container in the document’s light DOM (see stripe-provider.ts).',
      );
    }
    this.unmount();
    this.setup = intent.mode === 'setup';
    addStripeScript();
    const stripe = await loadStripe(intent.publishableKey);
    if (!stripe) throw new TypeError('Stripe.js is not available here.');
    this.stripe = stripe;
    this.elements = stripe.elements({
      clientSecret: intent.clientSecret,
      locale: stripeLocale(options.locale),
      appearance: appearanceFor(container),
    });
    this.element = this.elements.create('payment');
    this.element.mount(container);
  }

  setLocale(locale: string): void {
    void this.elements?.update({locale: stripeLocale(locale)});
  }

  async confirm(): Promise<PaymentResult> {
    const {stripe, elements} = this;
    if (!stripe || !elements) return {status: 'failed', code: 'payment-failed'};
    let result: PaymentIntentResult | SetupIntentResult;
    try {
      result = this.setup
        ? await stripe.confirmSetup({elements, redirect: 'if_required'})
        : await stripe.confirmPayment({elements, redirect: 'if_required'});
    } catch (error) {
      return {status: 'failed', code: 'network', error};
    }
    if (result.error) {
      // Stripe's own field shows the detail (declined, incomplete number…); we say it in our words.
      const type = result.error.type;
      const code =
        type === 'validation_error'
          ? 'incomplete'
          : type === 'api_connection_error'
            ? 'network'
            : 'payment-failed';
      return {status: 'failed', code};
    }
    const status = 'setupIntent' in result ? result.setupIntent?.status : result.paymentIntent?.status;
    // `processing` (some methods settle later) and `requires_capture` (authorised, captured at the
    // visit) both mean the patient paid; the backend checks the intent again when booking. A
    // SetupIntent `succeeded` (or `processing`): the card is saved once Stripe tells the backend.
    if (status === 'succeeded' || status === 'processing' || status === 'requires_capture') {
      return {status: 'succeeded'};
    }
    return {status: 'failed', code: 'payment-failed'};
  }

  unmount(): void {
    this.element?.destroy();
    this.element = undefined;
    this.elements = undefined;
    this.stripe = undefined;
  }
}
