/** What a password must be, the same for every backend (QUALITY 15). */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {codePoints} from './validation.js';

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
 * How guessable a password is, 0 (a top-list password) to 4 (very hard), zxcvbn's scale: a
 * backend loads one with {@link loadPasswordScorer} and passes it to {@link passwordProblem}.
 * `words` are the patient's own and the clinic's (names, email), which make a password weak.
 */
export type PasswordScorer = (password: string, words: readonly string[]) => number;

export const PASSWORD_RULES = {
  /** The lowest score accepted: 2 means at least about a million guesses (`Summer2026` scores 1). */
  minScore: 2,
  /**
   * Only the first this many code points are scored: the estimator's time grows fast with length
   * (hundreds of ms past 16 on this project's machines), and a longer password is judged by its
   * start, so `passwordpassword123` is still refused and a passphrase still accepted.
   */
  scoredLength: 16,
  /** Personal words shorter than this are left to the scorer (`Ana` would refuse `mañana`). */
  minWordLength: 4,
} as const;

/** What a backend knows when a password is chosen: who chooses it, and a scorer if it has one. */
export interface PasswordContext {
  /** The patient's names and email, and the clinic's name: see {@link personalWords}. */
  readonly words?: readonly string[];
  readonly scorer?: PasswordScorer;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Words no one should build a password on: the patient's names, the email's user part, the clinic's name. */
export function personalWords(
  patient: {readonly givenName?: string; readonly familyName?: string; readonly email?: string},
  clinicName?: string,
): string[] {
  const email = typeof patient.email === 'string' ? patient.email.split('@')[0] : '';
  return [patient.givenName, patient.familyName, email, clinicName]
    .flatMap((x) => (typeof x === 'string' ? fold(x).split(/[^\p{L}\p{N}]+/u) : []))
    .filter((w) => [...w].length >= PASSWORD_RULES.minWordLength && !/^\d+$/.test(w));
}

/**
 * The password rules (QUALITY 15: 8 to 1,024 code points, any characters, not a common password;
 * issue 14 item 10: not built on the patient's or clinic's name, not guessable by a scorer when the
 * backend has one): the reason a password is refused, if any. Nothing is trimmed or changed.
 */
export function passwordProblem(
  password: unknown,
  context: PasswordContext = {},
): FieldErrorCode | undefined {
  if (typeof password !== 'string' || password.length === 0) return 'required';
  const n = codePoints(password);
  if (n < 8) return 'password-too-short';
  if (n > 1024) return 'too-long';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password-too-common';
  const folded = fold(password);
  const words = context.words ?? [];
  if (words.some((w) => folded.includes(w))) return 'password-personal';
  const scored = [...password].slice(0, PASSWORD_RULES.scoredLength).join('');
  if (context.scorer && context.scorer(scored, words) < PASSWORD_RULES.minScore) return 'password-too-common';
  return undefined;
}

/** Throws `ValidationError({password})` for a password {@link passwordProblem} refuses. */
export function checkPassword(password: unknown, context?: PasswordContext): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new ValidationError({password: problem});
}
