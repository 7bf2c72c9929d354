/**
 * Phone verification's tables: SMS code challenges (`phone_challenges`, codes stored as keyed
 * hashes) and the proofs a verified phone gets (`phone_tokens`, by hash). SQL only.
 */
import type {Queryable} from '../db.js';

/** This phone's open challenges, locked for the transaction. */
export function lockOpenPhoneChallenges(
  q: Queryable,
  phone: string,
): Promise<{id: string; resend_ms: number}[]> {
  return q.query<{id: string; resend_ms: number}>(
    'SELECT id, resend_ms FROM phone_challenges WHERE phone = $1 AND NOT dead FOR UPDATE',
    [phone],
  );
}

/** Ends the phone's challenges, then opens a new one. */
export async function replacePhoneChallenge(
  q: Queryable,
  c: {id: string; phone: string; codeHash: string; expires: number; resend: number},
): Promise<void> {
  await q.query('UPDATE phone_challenges SET dead = true WHERE phone = $1', [c.phone]);
  await q.query(
    'INSERT INTO phone_challenges (id, phone, code_hash, expires_ms, resend_ms) VALUES ($1, $2, $3, $4, $5)',
    [c.id, c.phone, c.codeHash, c.expires, c.resend],
  );
}

export interface PhoneChallengeRow {
  phone: string;
  code_hash: string;
  expires_ms: number;
  tries: number;
  dead: boolean;
}

export async function lockPhoneChallenge(q: Queryable, id: string): Promise<PhoneChallengeRow | undefined> {
  const [row] = await q.query<PhoneChallengeRow>('SELECT * FROM phone_challenges WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return row;
}

/** Counts a wrong code; the `maxTries`-th ends the challenge. */
export async function countPhoneChallengeTry(q: Queryable, id: string, maxTries: number): Promise<void> {
  await q.query('UPDATE phone_challenges SET tries = tries + 1, dead = (tries + 1 >= $2) WHERE id = $1', [
    id,
    maxTries,
  ]);
}

export async function endPhoneChallenge(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE phone_challenges SET dead = true WHERE id = $1', [id]);
}

export async function insertPhoneToken(
  q: Queryable,
  tokenHash: string,
  phone: string,
  expires: number,
): Promise<void> {
  await q.query('INSERT INTO phone_tokens (token_hash, phone, expires_ms) VALUES ($1, $2, $3)', [
    tokenHash,
    phone,
    expires,
  ]);
}

export async function findPhoneToken(
  q: Queryable,
  tokenHash: string,
): Promise<{phone: string; expires_ms: number; used: boolean} | undefined> {
  const [row] = await q.query<{phone: string; expires_ms: number; used: boolean}>(
    'SELECT * FROM phone_tokens WHERE token_hash = $1',
    [tokenHash],
  );
  return row;
}

/** Uses the proof up; false when it was already used. */
export async function usePhoneToken(q: Queryable, tokenHash: string): Promise<boolean> {
  const used = await q.query(
    'UPDATE phone_tokens SET used = true WHERE token_hash = $1 AND NOT used RETURNING phone',
    [tokenHash],
  );
  return used.length === 1;
}
