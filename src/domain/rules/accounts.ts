/**
 * Account rules every backend applies alike: what a password must be, how long links and codes
 * live, how many guesses are allowed, how an email is compared and shown masked.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {codePoints} from './validation.js';

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

const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '00000000',
  'qwerty123',
  'qwertyuiop',
  'iloveyou',
  'abc12345',
  'abcd1234',
  'letmein1',
  'welcome1',
  'admin123',
  'contraseña',
  'contrasena',
  'contraseña1',
  'contraseña123',
  'micontraseña',
  'bienvenido',
  'tequiero1',
]);

/**
 * The password rules (QUALITY 15: 8 to 1,024 code points, any characters, not a common password):
 * the reason a password is refused, if any. Nothing is trimmed or changed.
 */
export function passwordProblem(password: unknown): FieldErrorCode | undefined {
  if (typeof password !== 'string' || password.length === 0) return 'required';
  const n = codePoints(password);
  if (n < 8) return 'password-too-short';
  if (n > 1024) return 'too-long';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password-too-common';
  return undefined;
}

/** Throws `ValidationError({password})` for a password {@link passwordProblem} refuses. */
export function checkPassword(password: unknown): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError({password: problem});
}

/** How emails are compared: trimmed, case-insensitive. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** `a•••@example.com`: enough for the patient to recognise the address, not to learn it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${[...local][0] ?? ''}•••@${domain ?? ''}`;
}
