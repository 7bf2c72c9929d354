/** The `audit_log` table: who did what to which patient's record, by id only (no patient data). */
import type {Queryable} from '../db.js';

export async function insertAudit(
  q: Queryable,
  entry: {at: number; actor: string; action: string; patientId?: string; appointmentId?: string},
): Promise<void> {
  await q.query(
    'INSERT INTO audit_log (at_ms, actor, action, patient_id, appointment_id) VALUES ($1, $2, $3, $4, $5)',
    [entry.at, entry.actor, entry.action, entry.patientId ?? null, entry.appointmentId ?? null],
  );
}
