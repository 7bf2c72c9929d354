/**
 * Account rules every backend applies alike: how an email is compared and shown masked. How long
 * links and codes live and how many guesses are allowed: `limits.ts`; what a password must be:
 * `passwords.ts`.
 */

/** How emails are compared: trimmed, case-insensitive. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** `a•••@example.com`: enough for the patient to recognise the address, not to learn it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${[...local][0] ?? ''}•••@${domain ?? ''}`;
}
