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
