/** The `waitlist_entries` and `waitlist_offers` tables (the waitlist, #21): SQL only. */
import type {PartOfDay, WaitlistEntryFacts} from '../../src/domain/rules/waitlist.js';
import type {PlainDate, Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

interface EntryRow {
  seq: string | number;
  id: string;
  patient_id: string;
  service_ids: string[];
  provider_id: string | null;
  from_date: string;
  to_date: string;
  parts: PartOfDay[];
  joined_ms: string | number;
  ended: 'booked' | 'left' | null;
}

export interface WaitlistEntryRecord extends WaitlistEntryFacts {
  readonly patientId: string;
}

const toRecord = (r: EntryRow): WaitlistEntryRecord => ({
  id: r.id,
  seq: Number(r.seq),
  patientId: r.patient_id,
  serviceIds: r.service_ids,
  ...(r.provider_id !== null ? {providerId: r.provider_id} : {}),
  from: r.from_date as PlainDate,
  to: r.to_date as PlainDate,
  partsOfDay: r.parts,
  joined: Number(r.joined_ms),
});

const COLUMNS = 'seq, id, patient_id, service_ids, provider_id, from_date, to_date, parts, joined_ms, ended';

/**
 * Locks the patient's waitlist for the rest of the transaction (her `patients` row): joins wait for
 * each other, so the count of waiting entries taken after it sees every committed one.
 */
export async function lockPatientWaitlist(q: Queryable, patientId: string): Promise<void> {
  await q.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [patientId]);
}

/** The patient's entries still waiting (not booked, not left; the caller drops past ones). */
export async function waitingEntriesOf(q: Queryable, patientId: string): Promise<WaitlistEntryRecord[]> {
  const rows = await q.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries WHERE patient_id = $1 AND ended IS NULL ORDER BY joined_ms, seq`,
    [patientId],
  );
  return rows.map(toRecord);
}

/** Every entry still waiting whose range reaches `date` (YYYY-MM-DD) or later. */
export async function waitingEntriesUntil(q: Queryable, date: PlainDate): Promise<WaitlistEntryRecord[]> {
  const rows = await q.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries WHERE ended IS NULL AND to_date >= $1 ORDER BY joined_ms, seq`,
    [date],
  );
  return rows.map(toRecord);
}

export async function insertWaitlistEntry(
  q: Queryable,
  e: Omit<WaitlistEntryRecord, 'seq'>,
): Promise<WaitlistEntryRecord> {
  const [row] = await q.query<EntryRow>(
    `INSERT INTO waitlist_entries (id, patient_id, service_ids, provider_id, from_date, to_date, parts, joined_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      e.id,
      e.patientId,
      JSON.stringify(e.serviceIds),
      e.providerId ?? null,
      e.from,
      e.to,
      JSON.stringify(e.partsOfDay),
      e.joined,
    ],
  );
  return toRecord(row);
}

/** Ends a waiting entry of this patient; false when she has no such entry waiting. */
export async function endWaitlistEntry(
  q: Queryable,
  id: string,
  ended: 'booked' | 'left',
  patientId?: string,
): Promise<boolean> {
  const rows = await q.query<{id: string}>(
    `UPDATE waitlist_entries SET ended = $2 WHERE id = $1 AND ended IS NULL${patientId ? ' AND patient_id = $3' : ''} RETURNING id`,
    patientId ? [id, ended, patientId] : [id, ended],
  );
  return rows.length > 0;
}

export interface WaitlistOfferRow {
  token_hash: string;
  entry_id: string;
  patient_id: string;
  hold_id: string;
  slot: Slot;
  expires_ms: string | number;
  appointment_id: string | null;
}

export async function insertWaitlistOffer(
  q: Queryable,
  o: {tokenHash: string; entryId: string; patientId: string; holdId: string; slot: Slot; expires: number},
): Promise<void> {
  await q.query(
    `INSERT INTO waitlist_offers (token_hash, entry_id, patient_id, hold_id, slot, expires_ms)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [o.tokenHash, o.entryId, o.patientId, o.holdId, JSON.stringify(o.slot), o.expires],
  );
}

export async function findWaitlistOffer(
  q: Queryable,
  tokenHash: string,
): Promise<WaitlistOfferRow | undefined> {
  const [row] = await q.query<WaitlistOfferRow>('SELECT * FROM waitlist_offers WHERE token_hash = $1', [
    tokenHash,
  ]);
  return row;
}

/** Whether any offer of this freed time (its shared hold) has booked it. */
export async function holdBooked(q: Queryable, holdId: string): Promise<boolean> {
  const rows = await q.query<{n: number}>(
    'SELECT 1 AS n FROM waitlist_offers WHERE hold_id = $1 AND appointment_id IS NOT NULL LIMIT 1',
    [holdId],
  );
  return rows.length > 0;
}

/** Marks the offer as the one that booked the time; false when it already had. */
export async function offerBooked(q: Queryable, tokenHash: string, appointmentId: string): Promise<boolean> {
  const rows = await q.query<{token_hash: string}>(
    'UPDATE waitlist_offers SET appointment_id = $2 WHERE token_hash = $1 AND appointment_id IS NULL RETURNING token_hash',
    [tokenHash, appointmentId],
  );
  return rows.length > 0;
}
