/**
 * The `invoices` table: SQL only. An invoice's number, given once per appointment from one
 * clinic-wide sequence, and a payment in full recorded at the visit. Everything else on an invoice
 * is derived from the appointment (`services/billing.ts`).
 */
import type {Queryable} from '../db.js';

export interface InvoiceRow {
  appointment_id: string;
  number: string;
  paid_in_full_ms: number | null;
}

/** The invoice rows of these appointments. */
export function invoiceRows(q: Queryable, appointmentIds: readonly string[]): Promise<InvoiceRow[]> {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return q.query<InvoiceRow>(
    'SELECT appointment_id, number, paid_in_full_ms::float8 AS paid_in_full_ms FROM invoices WHERE appointment_id = ANY($1)',
    [appointmentIds],
  );
}

/**
 * Gives the appointment's invoice its number (`prefix` — the clinic's prefix and the year — and
 * the next value of the clinic's sequence, 4 digits at least), once: a later call, from this server
 * or another, keeps the first number (a value is drawn only when the row is missing; two servers
 * numbering the same visit at the same instant may leave one number unused). Returns the row.
 */
export async function numberInvoice(
  q: Queryable,
  appointmentId: string,
  prefix: string,
  paidInFullMs: number | null = null,
): Promise<InvoiceRow> {
  await q.query(
    `INSERT INTO invoices (appointment_id, number, paid_in_full_ms)
     SELECT $1, $2 || lpad(nextval('invoice_number_seq')::text, 4, '0'), $3::bigint
     WHERE NOT EXISTS (SELECT 1 FROM invoices WHERE appointment_id = $1)
     ON CONFLICT (appointment_id) DO NOTHING`,
    [appointmentId, prefix, paidInFullMs],
  );
  const [row] = await invoiceRows(q, [appointmentId]);
  return row as InvoiceRow;
}
