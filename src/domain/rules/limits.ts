/** How long links and codes live and how many guesses are allowed, the same for every backend. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Time limits and guess limits of sign-in, links and codes. */
export const ACCOUNT_LIMITS = {
  /** Failed sign-ins for one email within {@link signInWindowMs} before it is rate limited. */
  signInMaxFailures: 5,
  signInWindowMs: 15 * MINUTE,
  /** An SMS or sign-in code: how long it is valid, when another may be sent, how many tries. */
  codeTtlMs: 10 * MINUTE,
  codeResendMs: 30_000,
  codeMaxTries: 5,
  /** How long a verified phone's proof may be used to book. */
  phoneTokenTtlMs: 30 * MINUTE,
  invitationTtlMs: 30 * 24 * HOUR,
  verifyLinkTtlMs: 48 * HOUR,
  resetLinkTtlMs: 60 * MINUTE,
} as const;

/** A limit: at most `max` (weighted) events per fixed window of `windowMs`. */
export interface RateRule {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Abuse limits of a shared backend (the reference server keeps them in its database, so every
 * process on it applies them together). Keyed by the caller's address, an account, a phone number
 * or the whole server; a caller over one gets 429 with `Retry-After`.
 */
export const ABUSE_LIMITS = {
  /** Failed sign-ins of one account from one address: then that pair waits (the owner elsewhere does not). */
  signInFailuresPerAccountAndAddress: {
    max: ACCOUNT_LIMITS.signInMaxFailures,
    windowMs: ACCOUNT_LIMITS.signInWindowMs,
  },
  /**
   * Failed sign-ins of one account from all addresses together (a distributed guess): then the
   * account signs in only through the emailed reset link until the window ends.
   */
  signInFailuresPerAccount: {max: 50, windowMs: HOUR},
  /** Failed sign-ins from one address, whatever the account (password spraying). */
  signInFailuresPerAddress: {max: 20, windowMs: 15 * MINUTE},
  /** Sign-in attempts from one address (each costs a memory-hard password hash). */
  signInAttemptsPerAddress: {max: 60, windowMs: MINUTE},
  /** Wrong second-factor codes of one account, across its challenges (each sign-in opens one). */
  secondFactorFailuresPerAccount: {max: 10, windowMs: HOUR},
  /** Availability reads from one address, weighted by the weeks each reads (a 120-day read costs 18). */
  availabilityWeeksPerAddress: {max: 600, windowMs: MINUTE},
  /** SMS codes to one number: one per resend wait, a few an hour and a day (wrong tries do not reset it). */
  smsPerNumberResend: {max: 1, windowMs: ACCOUNT_LIMITS.codeResendMs},
  smsPerNumberHour: {max: 5, windowMs: HOUR},
  smsPerNumberDay: {max: 10, windowMs: 24 * HOUR},
  /** SMS codes asked for from one address (to any numbers) per hour and per day. */
  smsPerAddressHour: {max: 10, windowMs: HOUR},
  smsPerAddressDay: {max: 30, windowMs: 24 * HOUR},
  /** Every SMS the server sends in an hour (the default budget; a clinic may set its own). */
  smsPerHour: {max: 500, windowMs: HOUR},
  /** Live holds one holder (a patient, or an anonymous address) may have at once. */
  liveHoldsPerHolder: 2,
  /** Holds one holder may take per hour (releasing and holding again is not a way round the cap). */
  holdsPerHolderHour: {max: 30, windowMs: HOUR},
  /** Messages one patient may post (new conversations and replies) per hour and per day (#21). */
  messagesPerPatientHour: {max: 30, windowMs: HOUR},
  messagesPerPatientDay: {max: 100, windowMs: 24 * HOUR},
  /** Unsafe requests (writes) from one address per minute. */
  writesPerAddressMinute: {max: 600, windowMs: MINUTE},
} as const satisfies Record<string, RateRule | number>;
