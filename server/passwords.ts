/**
 * Password hashing with scrypt (memory-hard; Node's built-in `crypto.scrypt`, nothing to compile).
 * Stored as `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later and old hashes
 * still verify. Passwords are hashed exactly as typed (UTF-8, no trimming or normalisation).
 */
import {randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions} from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** N = 2^15, r = 8, p = 1: 32 MiB of memory per hash (OWASP's scrypt minimum is N = 2^17 with p = 1 or 2^15 with more rounds; raise with `setScryptCost`). */
export const DEFAULT_SCRYPT_COST: Readonly<{N: number; r: number; p: number}> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
});
let cost = {...DEFAULT_SCRYPT_COST};
const KEYLEN = 32;

/** The cost new hashes are made with now. */
export function scryptCost(): Readonly<{N: number; r: number; p: number}> {
  return {...cost};
}

/** Changes the cost of new hashes (existing hashes keep their own). */
export function setScryptCost(next: {N: number; r: number; p: number}): void {
  cost = {...next};
}

const maxmem = (N: number, r: number): number => 128 * N * r * 2;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, {...cost, maxmem: maxmem(cost.N, cost.r)});
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A dummy hash checked when there is none, so an unknown email costs the same time. */
let dummy: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const hash = stored ?? (await (dummy ??= hashPassword('no account here: dummy password')));
  const [scheme, n, r, p, salt, expected] = hash.split('$');
  if (scheme !== 'scrypt') return false;
  const N = Number(n);
  const R = Number(r);
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), KEYLEN, {
    N,
    r: R,
    p: Number(p),
    maxmem: maxmem(N, R),
  });
  const ok = timingSafeEqual(key, Buffer.from(expected, 'base64url'));
  return ok && stored !== null;
}
