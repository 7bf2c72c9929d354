/**
 * Account rules every backend applies alike: how long links and codes live, how many guesses are
 * allowed, how an email is compared and shown masked. What a password must be: `passwords.ts`.
 */

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

/** How emails are compared: trimmed, case-insensitive. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** `a•••@example.com`: enough for the patient to recognise the address, not to learn it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${[...local][0] ?? ''}•••@${domain ?? ''}`;
}
