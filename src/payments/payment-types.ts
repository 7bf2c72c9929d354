/**
 * What a payment step is (the interface every payment provider implements) and the locale helper
 * they share: a module of its own, so the providers (chunks loaded by `payment-provider.ts`) import
 * nothing from the module that loads them.
 */
import type {PortalAdapter} from '../adapters/adapter.js';
import type {PaymentIntent} from '../domain/types.js';

export interface PaymentMountOptions {
  /** The full locale tag (`es-MX`); the provider's field follows its language. */
  readonly locale: string;
  /** The backend the intent came from (the demo provider confirms through it). */
  readonly adapter?: PortalAdapter;
  /**
   * Saving a card (an intent with `mode: 'setup'`): the texts the host gives (so they load with the
   * host, not with every payment step), read at each render so they follow the page's language.
   */
  readonly setupTexts?: () => SetupTexts | undefined;
}

/** The texts of a payment step that saves a card (`mode: 'setup'`), in the page's language. */
export interface SetupTexts {
  /** Above the field: "Save a card with the clinic. Nothing is charged now." */
  readonly due: string;
  readonly button: string;
  readonly busy: string;
  readonly done: string;
  /** The demo provider's: its field's legend and its two extra test cards. */
  readonly legend: string;
  readonly mastercard: string;
  readonly chargeDeclines: string;
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

/** The language (`es` or `en`, the catalogs we have) and region of a locale tag, for a provider's field. */
export function localeForPayments(locale: string): {language: 'en' | 'es'; region?: string} {
  const [language = 'en', region] = locale.replace(/_/g, '-').split('-');
  return {language: language.toLowerCase() === 'es' ? 'es' : 'en', region: region?.toUpperCase()};
}
