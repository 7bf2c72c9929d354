/** The memory adapter's public constants: link fragments and the demo payment step's test cards. */

/** Fragment keys of the links the backend sends: `…#portal-invitation=TOKEN`. Never a query string. */
export const FRAGMENT_INVITATION = 'portal-invitation';
export const FRAGMENT_VERIFY = 'portal-verify';
export const FRAGMENT_RESET = 'portal-reset';
export const FRAGMENT_REMINDER = 'portal-reminder';
export const FRAGMENT_KEYS = {
  invitation: FRAGMENT_INVITATION,
  verify: FRAGMENT_VERIFY,
  reset: FRAGMENT_RESET,
  reminder: FRAGMENT_REMINDER,
} as const;

/** The demo payment step's test cards (like a payment provider's test mode). */
export const DEMO_CARD_SUCCESS = '4242424242424242';
export const DEMO_CARD_DECLINED = '4000000000000002';

/** Link base used outside a browser. */
export const DEFAULT_LINK_BASE = 'https://demo.clinic.example/portal';
