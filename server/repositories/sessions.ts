/** The `sessions` table (only each token's hash is stored): SQL only. */
import type {Session} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface SessionRow {
  token_hash: string;
  id: string;
  csrf_token: string;
  patient_id: string;
  method: Session['method'];
  last_used: number;
  /** When the session started (it ends `SESSION_LIMITS.absoluteMs` later however much it is used). */
  started_at: number;
  /** A bearer session (its token travels in the Authorization header, not in the cookie). */
  bearer?: boolean;
}

export async function findSession(q: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await q.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
  return row;
}

export async function insertSession(q: Queryable, row: SessionRow): Promise<void> {
  await q.query(
    'INSERT INTO sessions (token_hash, id, csrf_token, patient_id, method, last_used, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [row.token_hash, row.id, row.csrf_token, row.patient_id, row.method, row.last_used, row.started_at],
  );
}

export async function touchSession(q: Queryable, tokenHash: string, at: number): Promise<void> {
  await q.query('UPDATE sessions SET last_used = $2 WHERE token_hash = $1', [tokenHash, at]);
}

/**
 * Gives the session a new token (only its hash is stored): the old one is dead from this statement
 * on. False when the old one was no longer there (signed out, or rotated by a concurrent request).
 */
export async function rotateSessionToken(
  q: Queryable,
  oldHash: string,
  newHash: string,
  at: number,
): Promise<boolean> {
  const rows = await q.query(
    'UPDATE sessions SET token_hash = $2, last_used = $3 WHERE token_hash = $1 RETURNING id',
    [oldHash, newHash, at],
  );
  return rows.length === 1;
}

export async function makeBearer(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('UPDATE sessions SET bearer = true WHERE token_hash = $1', [tokenHash]);
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deletePatientSessions(q: Queryable, patientId: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE patient_id = $1', [patientId]);
}
