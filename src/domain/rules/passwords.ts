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
