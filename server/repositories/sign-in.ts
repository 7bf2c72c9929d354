/**
 * Sign-in's tables: failed attempts per email (`sign_in_failures`, for the rate limit) and the
 * second factor's challenges (`sign_in_challenges`, codes stored as keyed hashes). SQL only.
 */
import type {Queryable} from '../db.js';

/** Times (epoch ms) of failures for this email key after `since`, oldest first. */
export async function failuresSince(q: Queryable, emailKey: string, since: number): Promise<number[]> {
  const rows = await q.query<{at_ms: number}>(
    'SELECT at_ms FROM sign_in_failures WHERE email_key = $1 AND at_ms > $2 ORDER BY at_ms',
    [emailKey, since],
  );
  return rows.map((r) => Number(r.at_ms));
}

export async function recordFailure(q: Queryable, emailKey: string, at: number): Promise<void> {
  await q.query('INSERT INTO sign_in_failures (email_key, at_ms) VALUES ($1, $2)', [emailKey, at]);
}

export async function clearFailures(q: Queryable, emailKey: string): Promise<void> {
  await q.query('DELETE FROM sign_in_failures WHERE email_key = $1', [emailKey]);
}

export interface ChallengeRow {
  patient_id: string;
  code_hash: string;
  expires_ms: number;
  dead: boolean;
}

/** Ends the patient's open challenges, then opens a new one. */
export async function replaceChallenge(
  q: Queryable,
  c: {id: string; patientId: string; codeHash: string; expires: number},
): Promise<void> {
  await q.query('UPDATE sign_in_challenges SET dead = true WHERE patient_id = $1', [c.patientId]);
  await q.query(
    'INSERT INTO sign_in_challenges (id, patient_id, code_hash, expires_ms) VALUES ($1, $2, $3, $4)',
    [c.id, c.patientId, c.codeHash, c.expires],
  );
}

export async function lockChallenge(q: Queryable, id: string): Promise<ChallengeRow | undefined> {
  const [row] = await q.query<ChallengeRow>('SELECT * FROM sign_in_challenges WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return row;
}

/** Counts a wrong code; the `maxTries`-th ends the challenge. */
export async function countChallengeTry(q: Queryable, id: string, maxTries: number): Promise<void> {
  await q.query('UPDATE sign_in_challenges SET tries = tries + 1, dead = (tries + 1 >= $2) WHERE id = $1', [
    id,
    maxTries,
  ]);
}

export async function endChallenge(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE sign_in_challenges SET dead = true WHERE id = $1', [id]);
}
