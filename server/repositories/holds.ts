/** The `holds` table (a slot held while the patient types their details): SQL only. */
import type {Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface HoldRow {
  id: string;
  slot: Slot;
  expires_ms: number;
}

export async function insertHold(
  q: Queryable,
  hold: {
    id: string;
    providerId: string;
    start: number;
    end: number;
    slot: Slot;
    expires: number;
    holder: string;
  },
): Promise<void> {
  await q.query(
    'INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms, holder) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [hold.id, hold.providerId, hold.start, hold.end, JSON.stringify(hold.slot), hold.expires, hold.holder],
  );
}

/** When each of a holder's live holds expires, soonest first. */
export async function liveHoldsOf(q: Queryable, holder: string, now: number): Promise<number[]> {
  const rows = await q.query<{expires_ms: number}>(
    'SELECT expires_ms FROM holds WHERE holder = $1 AND expires_ms > $2 ORDER BY expires_ms',
    [holder, now],
  );
  return rows.map((r) => Number(r.expires_ms));
}

/** Deletes a hold if one of `holders` holds it (anyone else's request deletes nothing). */
export async function deleteHoldOf(q: Queryable, id: string, holders: readonly string[]): Promise<void> {
  await q.query('DELETE FROM holds WHERE id = $1 AND holder = ANY($2::text[])', [id, [...holders]]);
}

export async function findHold(q: Queryable, id: string): Promise<HoldRow | undefined> {
  const [row] = await q.query<HoldRow>('SELECT id, slot, expires_ms FROM holds WHERE id = $1', [id]);
  return row;
}

export async function deleteHold(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM holds WHERE id = $1', [id]);
}
