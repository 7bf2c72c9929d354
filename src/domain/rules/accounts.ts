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

/**
 * A patient's details as a backend stores them: names, email and phone without surrounding spaces
 * (the date of birth and language are checked, not changed). Everything else is kept as typed.
 */
export function storedDetails<
  D extends {givenName: string; familyName: string; email: string; phone?: string},
>(d: D): D {
  return {
    ...d,
    givenName: d.givenName.trim(),
    familyName: d.familyName.trim(),
    email: d.email.trim(),
    ...(typeof d.phone === 'string' ? {phone: d.phone.trim()} : {}),
  };
}
