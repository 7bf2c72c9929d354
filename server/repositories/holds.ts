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
  hold: {id: string; providerId: string; start: number; end: number; slot: Slot; expires: number},
): Promise<void> {
  await q.query(
    'INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)',
    [hold.id, hold.providerId, hold.start, hold.end, JSON.stringify(hold.slot), hold.expires],
  );
}

export async function findHold(q: Queryable, id: string): Promise<HoldRow | undefined> {
  const [row] = await q.query<HoldRow>('SELECT id, slot, expires_ms FROM holds WHERE id = $1', [id]);
  return row;
}

export async function deleteHold(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM holds WHERE id = $1', [id]);
}
