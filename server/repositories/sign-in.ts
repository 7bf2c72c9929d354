/**
 * Sign-in's table: the second factor's challenges (`sign_in_challenges`, codes stored as keyed
 * hashes). SQL only. (Failed sign-ins are counted in `rate_limits`: `server/limits.ts`.)
 */
import type {Queryable} from '../db.js';

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

/** The patient a challenge was opened for (no lock). */
export async function challengeOwner(q: Queryable, id: string): Promise<string | undefined> {
  const [row] = await q.query<{patient_id: string}>(
    'SELECT patient_id FROM sign_in_challenges WHERE id = $1',
    [id],
  );
  return row?.patient_id;
}
