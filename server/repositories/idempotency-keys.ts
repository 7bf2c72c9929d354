/**
 * The `idempotency_keys` table: SQL only. A key is a row with a primary key (scope, key), so of
 * two concurrent requests with one key, the second waits on the first's insert, then fails on it.
 */
import type {Queryable} from '../db.js';

export interface IdempotencyRow {
  fingerprint: string;
  result_id: string;
}

export async function findIdempotencyKey(
  q: Queryable,
  scope: string,
  key: string,
): Promise<IdempotencyRow | undefined> {
  const [row] = await q.query<IdempotencyRow>(
    'SELECT fingerprint, result_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [scope, key],
  );
  return row;
}

/** Claims the key (a unique violation when it is taken). */
export async function insertIdempotencyKey(
  q: Queryable,
  row: {scope: string; key: string; fingerprint: string; resultId: string},
): Promise<void> {
  await q.query('INSERT INTO idempotency_keys (scope, key, fingerprint, result_id) VALUES ($1, $2, $3, $4)', [
    row.scope,
    row.key,
    row.fingerprint,
    row.resultId,
  ]);
}
