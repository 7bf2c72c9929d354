/**
 * The server's secrets in small: random tokens (only their SHA-256 is stored), keyed hashes of
 * one-time codes and cursors, and a constant-time comparison.
 */
import {createHash, createHmac, randomBytes, randomInt, timingSafeEqual} from 'node:crypto';

/** SHA-256, base64url: what is stored of a token. */
export const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64url');

/** A random token, base64url. */
export const token = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** A random hex string (video room names). */
export const hexToken = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A random six-digit code. */
export const sixDigits = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** HMAC-SHA-256 of `text` with the server's secret, base64url. */
export const hmac = (secret: string, text: string): string =>
  createHmac('sha256', secret).update(text).digest('base64url');

/** What is stored of a one-time code: keyed by the server's secret and the challenge's id. */
export const codeHash = (secret: string, challengeId: string, code: string): string =>
  hmac(secret, `${challengeId}\u0000${code}`);

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
