/** The `audit_log` table: who did what to which patient's record, by id only (no patient data). */
import type {Queryable} from '../db.js';

export interface AuditEntry {
  readonly at: number;
  /** A patient's id, `anonymous`, `clinic` or `system`. */
  readonly actor: string;
  readonly action: string;
  readonly patientId?: string;
  readonly appointmentId?: string;
  /** The document read or written (`documents.*`). */
  readonly documentId?: string;
  /** The invoice read (`billing.*`). */
  readonly invoiceId?: string;
  /** The conversation read or written (`messages.*`). */
  readonly conversationId?: string;
  /** The saved card changed (`cards.*`): its id only, never card data. */
  readonly cardId?: string;
  /** The medical-information entry changed (`medical.*`): its id only, never what it says. */
  readonly medicalEntryId?: string;
  /** The insurance card changed (`insurance.*`): its id only, never what it says. */
  readonly insuranceCardId?: string;
  /** The caller's address, when a request did it. */
  readonly address?: string;
  /** The session's id (`ses_…`, never its token), when one was used. */
  readonly sessionId?: string;
  /** The account holder who acted for `patientId` (family members, #21); `actor` is she too. */
  readonly proxyHolderId?: string;
}

export async function insertAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at_ms, actor, action, patient_id, appointment_id, address, session_id, document_id, invoice_id, conversation_id, card_id, medical_entry_id, insurance_card_id, proxy_holder_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.patientId ?? null,
      entry.appointmentId ?? null,
      entry.address ?? null,
      entry.sessionId ?? null,
      entry.documentId ?? null,
      entry.invoiceId ?? null,
      entry.conversationId ?? null,
      entry.cardId ?? null,
      entry.medicalEntryId ?? null,
      entry.insuranceCardId ?? null,
      entry.proxyHolderId ?? null,
    ],
  );
}
