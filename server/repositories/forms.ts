/**
 * The `form_responses` and `consent_signatures` tables, and the visit item's state in
 * `appointments.items`: SQL only. Every function takes the queryable first.
 */
import type {QuestionnaireResponse} from '../../src/domain/forms.js';
import type {VisitItem} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface FormResponseRow {
  item_id: string;
  appointment_id: string;
  patient_id: string;
  questionnaire_id: string;
  status: 'in-progress' | 'completed';
  response: QuestionnaireResponse;
  updated_ms: number;
}

export interface ConsentSignatureRow {
  item_id: string;
  appointment_id: string;
  patient_id: string;
  consent_id: string;
  version: string;
  typed_name: string;
  signed_ms: number;
  /** The drawn signature's PNG (migration 021), if the patient drew one. */
  signature_png?: Uint8Array | null;
}

export async function findFormResponse(
  q: Queryable,
  itemId: string,
  patientId: string,
): Promise<FormResponseRow | undefined> {
  const [row] = await q.query<FormResponseRow>(
    'SELECT * FROM form_responses WHERE item_id = $1 AND patient_id = $2',
    [itemId, patientId],
  );
  return row;
}

/** Stores the draft or the submitted response, unless one was already submitted (false then). */
export async function saveFormResponse(q: Queryable, row: FormResponseRow): Promise<boolean> {
  const done = await q.query<{item_id: string}>(
    `INSERT INTO form_responses (item_id, appointment_id, patient_id, questionnaire_id, status, response, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (item_id) DO UPDATE SET status = EXCLUDED.status, response = EXCLUDED.response,
       updated_ms = EXCLUDED.updated_ms
     WHERE form_responses.status = 'in-progress' AND form_responses.patient_id = EXCLUDED.patient_id
     RETURNING item_id`,
    [
      row.item_id,
      row.appointment_id,
      row.patient_id,
      row.questionnaire_id,
      row.status,
      JSON.stringify(row.response),
      row.updated_ms,
    ],
  );
  return done.length === 1;
}

export async function findConsentSignature(
  q: Queryable,
  itemId: string,
  patientId: string,
): Promise<ConsentSignatureRow | undefined> {
  const [row] = await q.query<ConsentSignatureRow>(
    'SELECT * FROM consent_signatures WHERE item_id = $1 AND patient_id = $2',
    [itemId, patientId],
  );
  return row;
}

/** Records a signature, unless the item is already signed (false then). */
export async function insertConsentSignature(q: Queryable, row: ConsentSignatureRow): Promise<boolean> {
  const done = await q.query<{item_id: string}>(
    `INSERT INTO consent_signatures
       (item_id, appointment_id, patient_id, consent_id, version, typed_name, signed_ms, signature_png)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (item_id) DO NOTHING RETURNING item_id`,
    [
      row.item_id,
      row.appointment_id,
      row.patient_id,
      row.consent_id,
      row.version,
      row.typed_name,
      row.signed_ms,
      row.signature_png ?? null,
    ],
  );
  return done.length === 1;
}

/** Locks the appointment's row for the rest of the transaction (one answer or signature at a time). */
export async function lockAppointmentItems(
  q: Queryable,
  appointmentId: string,
): Promise<VisitItem[] | undefined> {
  const [row] = await q.query<{items: VisitItem[]}>(
    'SELECT items FROM appointments WHERE id = $1 FOR UPDATE',
    [appointmentId],
  );
  return row?.items;
}

export async function setAppointmentItems(
  q: Queryable,
  appointmentId: string,
  items: VisitItem[],
): Promise<void> {
  await q.query('UPDATE appointments SET items = $2, version = version + 1 WHERE id = $1', [
    appointmentId,
    JSON.stringify(items),
  ]);
}

export interface ConsentWithdrawalRow extends ConsentSignatureRow {
  withdrawn_ms: number;
}

/**
 * Moves the item's signature to `consent_withdrawals` with the time, in one statement (the caller
 * holds the appointment's row lock); the moved row, or undefined when it was not signed.
 */
export async function withdrawConsentSignature(
  q: Queryable,
  itemId: string,
  patientId: string,
  withdrawnMs: number,
): Promise<ConsentWithdrawalRow | undefined> {
  const [row] = await q.query<ConsentWithdrawalRow>(
    `WITH gone AS (
       DELETE FROM consent_signatures WHERE item_id = $1 AND patient_id = $2 RETURNING *
     )
     INSERT INTO consent_withdrawals
       (item_id, appointment_id, patient_id, consent_id, version, typed_name, signed_ms, signature_png, withdrawn_ms)
     SELECT item_id, appointment_id, patient_id, consent_id, version, typed_name, signed_ms, signature_png, $3
       FROM gone
     RETURNING item_id, appointment_id, patient_id, consent_id, version, typed_name, signed_ms, signature_png,
               withdrawn_ms`,
    [itemId, patientId, withdrawnMs],
  );
  return row;
}

/** The item's withdrawn signatures, latest first, at most `limit`. */
export async function listConsentWithdrawals(
  q: Queryable,
  itemId: string,
  patientId: string,
  limit: number,
): Promise<ConsentWithdrawalRow[]> {
  return q.query<ConsentWithdrawalRow>(
    `SELECT item_id, appointment_id, patient_id, consent_id, version, typed_name, signed_ms, signature_png,
            withdrawn_ms
       FROM consent_withdrawals WHERE item_id = $1 AND patient_id = $2
      ORDER BY withdrawn_ms DESC, seq DESC LIMIT $3`,
    [itemId, patientId, limit],
  );
}
