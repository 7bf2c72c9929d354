/** The `medical_entries` table (medical information the patient keeps up to date, #17): SQL only. */
import type {MedicalEntry, MedicalList, MedicalRecord} from '../../src/domain/rules/medical.js';
import {toInstantString} from '../../src/domain/time.js';
import type {Queryable} from '../db.js';

interface MedicalRow {
  id: string;
  seq: string | number;
  list: MedicalList;
  fields: Record<string, string> | string;
  reported_by: 'patient' | 'clinic';
  reviewed: boolean;
  updated_ms: string | number;
}

const toRecord = (r: MedicalRow): MedicalRecord => ({
  list: r.list,
  seq: Number(r.seq),
  entry: {
    ...(typeof r.fields === 'string' ? (JSON.parse(r.fields) as Record<string, string>) : r.fields),
    id: r.id,
    reportedBy: r.reported_by,
    reviewed: r.reviewed,
    updatedAt: toInstantString(Number(r.updated_ms)),
  } as MedicalEntry,
});

/**
 * Locks the patient's medical information for the rest of the transaction (her `patients` row):
 * adds wait for each other, so a count taken after it sees every committed entry (row locks on the
 * entries alone would not stop two adds from inserting past the limit).
 */
export async function lockPatientMedical(q: Queryable, patientId: string): Promise<void> {
  await q.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [patientId]);
}

/** The patient's entries (of one list when given). */
export async function patientMedicalEntries(
  q: Queryable,
  patientId: string,
  options: {list?: MedicalList} = {},
): Promise<MedicalRecord[]> {
  const rows = await q.query<MedicalRow>(
    `SELECT id, seq, list, fields, reported_by, reviewed, updated_ms FROM medical_entries
     WHERE patient_id = $1${options.list ? ' AND list = $2' : ''} ORDER BY seq`,
    options.list ? [patientId, options.list] : [patientId],
  );
  return rows.map(toRecord);
}

/** The patient's entry `id` in `list`, locked for update; undefined for anyone else's or none. */
export async function findMedicalEntry(
  q: Queryable,
  patientId: string,
  list: MedicalList,
  id: string,
): Promise<MedicalRecord | undefined> {
  const [row] = await q.query<MedicalRow>(
    `SELECT id, seq, list, fields, reported_by, reviewed, updated_ms FROM medical_entries
     WHERE id = $1 AND patient_id = $2 AND list = $3 FOR UPDATE`,
    [id, patientId, list],
  );
  return row && toRecord(row);
}

/** Splits a stored entry into its meta and what it says. */
function fieldsOf(entry: MedicalEntry): Record<string, string> {
  const {id: _id, reportedBy: _by, reviewed: _reviewed, updatedAt: _at, ...fields} = entry;
  return fields as Record<string, string>;
}

export async function insertMedicalEntry(
  q: Queryable,
  row: {patientId: string; list: MedicalList; entry: MedicalEntry; updatedMs: number},
): Promise<void> {
  await q.query(
    `INSERT INTO medical_entries (id, patient_id, list, fields, reported_by, reviewed, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.entry.id,
      row.patientId,
      row.list,
      JSON.stringify(fieldsOf(row.entry)),
      row.entry.reportedBy,
      row.entry.reviewed,
      row.updatedMs,
    ],
  );
}

/** Replaces what the entry says and its meta (a correction). */
export async function updateMedicalEntry(
  q: Queryable,
  row: {patientId: string; entry: MedicalEntry; updatedMs: number},
): Promise<void> {
  await q.query(
    `UPDATE medical_entries SET fields = $3, reported_by = $4, reviewed = $5, updated_ms = $6
     WHERE id = $1 AND patient_id = $2`,
    [
      row.entry.id,
      row.patientId,
      JSON.stringify(fieldsOf(row.entry)),
      row.entry.reportedBy,
      row.entry.reviewed,
      row.updatedMs,
    ],
  );
}

export async function deleteMedicalEntry(q: Queryable, patientId: string, id: string): Promise<void> {
  await q.query('DELETE FROM medical_entries WHERE id = $1 AND patient_id = $2', [id, patientId]);
}
