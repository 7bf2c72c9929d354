/**
 * The `links` table: single-use emailed links (invitation, email verification, password reset),
 * stored by their token's hash. SQL only.
 */
import type {Queryable} from '../db.js';

export type LinkPurpose = 'invitation' | 'verify' | 'reset';

export interface LinkRow {
  patient_id: string;
  purpose: string;
  expires_ms: number;
  used: boolean;
  /** The password chosen at registration, set when the email is verified. */
  password_hash: string | null;
}

export async function findLink(q: Queryable, tokenHash: string, lock = false): Promise<LinkRow | undefined> {
  const [row] = await q.query<LinkRow>(
    `SELECT * FROM links WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  return row;
}

export async function insertLink(
  q: Queryable,
  link: {tokenHash: string; purpose: LinkPurpose; patientId: string; expires: number; passwordHash?: string},
): Promise<void> {
  if (link.passwordHash === undefined)
    await q.query('INSERT INTO links (token_hash, purpose, patient_id, expires_ms) VALUES ($1, $2, $3, $4)', [
      link.tokenHash,
      link.purpose,
      link.patientId,
      link.expires,
    ]);
  else
    await q.query(
      'INSERT INTO links (token_hash, purpose, patient_id, expires_ms, password_hash) VALUES ($1, $2, $3, $4, $5)',
      [link.tokenHash, link.purpose, link.patientId, link.expires, link.passwordHash],
    );
}

export async function useLink(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('UPDATE links SET used = true WHERE token_hash = $1', [tokenHash]);
}

/** Uses up every link of this purpose the patient has (a new one replaces them). */
export async function retireLinks(q: Queryable, patientId: string, purpose: LinkPurpose): Promise<void> {
  await q.query('UPDATE links SET used = true WHERE patient_id = $1 AND purpose = $2', [patientId, purpose]);
}
