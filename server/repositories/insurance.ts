/** The `insurance_cards` table (the patient's insurance cards, #17): SQL only. */
import type {InsuranceCard, InsuranceRecord} from '../../src/domain/rules/insurance.js';
import {toInstantString} from '../../src/domain/time.js';
import type {Queryable} from '../db.js';

interface InsuranceRow {
  id: string;
  seq: string | number;
  insurer: string;
  plan: string | null;
  member_number: string;
  is_primary: boolean;
  updated_ms: string | number;
}

const toRecord = (r: InsuranceRow): InsuranceRecord => ({
  seq: Number(r.seq),
  card: {
    id: r.id,
    insurer: r.insurer,
    ...(r.plan ? {plan: r.plan} : {}),
    memberNumber: r.member_number,
    primary: r.is_primary,
    updatedAt: toInstantString(Number(r.updated_ms)),
  },
});

const COLUMNS = 'id, seq, insurer, plan, member_number, is_primary, updated_ms';

/**
 * Locks the patient's cards for the rest of the transaction (her `patients` row): adds, primary
 * changes and removals wait for each other, so counts and the primary are taken after every
 * committed change.
 */
export async function lockPatientInsurance(q: Queryable, patientId: string): Promise<void> {
  await q.query('SELECT id FROM patients WHERE id = $1 FOR UPDATE', [patientId]);
}

/** The patient's cards, oldest first. */
export async function patientInsuranceCards(q: Queryable, patientId: string): Promise<InsuranceRecord[]> {
  const rows = await q.query<InsuranceRow>(
    `SELECT ${COLUMNS} FROM insurance_cards WHERE patient_id = $1 ORDER BY seq`,
    [patientId],
  );
  return rows.map(toRecord);
}

export async function insertInsuranceCard(
  q: Queryable,
  row: {patientId: string; card: InsuranceCard; updatedMs: number},
): Promise<void> {
  await q.query(
    `INSERT INTO insurance_cards (id, patient_id, insurer, plan, member_number, is_primary, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.card.id,
      row.patientId,
      row.card.insurer,
      row.card.plan ?? null,
      row.card.memberNumber,
      row.card.primary,
      row.updatedMs,
    ],
  );
}

/** Replaces what the card says (a correction; whether it is primary stays). */
export async function updateInsuranceCardRow(
  q: Queryable,
  row: {patientId: string; card: InsuranceCard; updatedMs: number},
): Promise<void> {
  await q.query(
    `UPDATE insurance_cards SET insurer = $3, plan = $4, member_number = $5, updated_ms = $6
     WHERE id = $1 AND patient_id = $2`,
    [
      row.card.id,
      row.patientId,
      row.card.insurer,
      row.card.plan ?? null,
      row.card.memberNumber,
      row.updatedMs,
    ],
  );
}

/** Makes `id` the patient's only primary card (none when undefined). */
export async function setPrimaryInsuranceCardRow(
  q: Queryable,
  patientId: string,
  id: string | undefined,
): Promise<void> {
  // Off first, then on: the one-primary index never sees two.
  await q.query(
    'UPDATE insurance_cards SET is_primary = false WHERE patient_id = $1 AND is_primary AND id <> $2',
    [patientId, id ?? ''],
  );
  if (id)
    await q.query('UPDATE insurance_cards SET is_primary = true WHERE id = $1 AND patient_id = $2', [
      id,
      patientId,
    ]);
}

export async function deleteInsuranceCard(q: Queryable, patientId: string, id: string): Promise<void> {
  await q.query('DELETE FROM insurance_cards WHERE id = $1 AND patient_id = $2', [id, patientId]);
}
