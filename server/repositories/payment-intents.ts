/** The `payment_intents` table (deposits): SQL only. */
import type {Money, PaymentIntent} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface PaymentIntentRow {
  id: string;
  provider: PaymentIntent['provider'];
  fingerprint: string;
  amount: Money;
  state: 'requires-payment' | 'succeeded' | 'failed';
  appointment_id: string | null;
  /** Who created it (`patient:<id>` or `address:<address>`): only they may pay or book with it. */
  holder: string;
  /** The appointment whose invoice's balance it pays (null for a deposit). */
  invoice_for?: string | null;
}

export async function findPaymentIntent(
  q: Queryable,
  id: string,
  lock = false,
): Promise<PaymentIntentRow | undefined> {
  const [row] = await q.query<PaymentIntentRow>(
    `SELECT * FROM payment_intents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export async function insertPaymentIntent(
  q: Queryable,
  row: {
    id: string;
    provider: PaymentIntent['provider'];
    fingerprint: string;
    amount: Money;
    created: number;
    holder: string;
  },
): Promise<PaymentIntentRow> {
  const [inserted] = await q.query<PaymentIntentRow>(
    `INSERT INTO payment_intents (id, provider, fingerprint, amount, created_ms, holder)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [row.id, row.provider, row.fingerprint, JSON.stringify(row.amount), row.created, row.holder],
  );
  return inserted;
}

export async function markPaymentFailed(q: Queryable, id: string): Promise<void> {
  await q.query("UPDATE payment_intents SET state = 'failed' WHERE id = $1", [id]);
}

export async function markPaymentSucceeded(q: Queryable, id: string, at: number): Promise<void> {
  await q.query("UPDATE payment_intents SET state = 'succeeded', paid_ms = $2 WHERE id = $1", [id, at]);
}

/** Ties a paid, unused intent to an appointment; false when it is not (or no longer) that. */
export async function useIntentFor(q: Queryable, intentId: string, appointmentId: string): Promise<boolean> {
  const used = await q.query(
    `UPDATE payment_intents SET appointment_id = $1
      WHERE id = $2 AND appointment_id IS NULL AND state = 'succeeded' RETURNING id`,
    [appointmentId, intentId],
  );
  return used.length === 1;
}

/** The paid balance payments of these appointments' invoices (id, amount, when paid). */
export function paidInvoicePayments(
  q: Queryable,
  appointmentIds: readonly string[],
): Promise<{id: string; invoice_for: string; amount: Money; paid_ms: number}[]> {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return q.query(
    `SELECT id, invoice_for, amount, paid_ms::float8 AS paid_ms FROM payment_intents
      WHERE invoice_for = ANY($1) AND state = 'succeeded' ORDER BY paid_ms, id`,
    [appointmentIds],
  );
}

/** The invoice's unpaid intent, if one is open. */
export async function openInvoiceIntent(
  q: Queryable,
  appointmentId: string,
): Promise<PaymentIntentRow | undefined> {
  const [row] = await q.query<PaymentIntentRow>(
    "SELECT * FROM payment_intents WHERE invoice_for = $1 AND state <> 'succeeded'",
    [appointmentId],
  );
  return row;
}

/** A new intent for an invoice's balance; undefined when another request opened one first. */
export async function insertInvoiceIntent(
  q: Queryable,
  row: {
    id: string;
    provider: PaymentIntent['provider'];
    fingerprint: string;
    amount: Money;
    created: number;
    holder: string;
    invoiceFor: string;
  },
): Promise<PaymentIntentRow | undefined> {
  const [inserted] = await q.query<PaymentIntentRow>(
    `INSERT INTO payment_intents (id, provider, fingerprint, amount, created_ms, holder, invoice_for)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (invoice_for) WHERE invoice_for IS NOT NULL AND state <> 'succeeded' DO NOTHING
     RETURNING *`,
    [
      row.id,
      row.provider,
      row.fingerprint,
      JSON.stringify(row.amount),
      row.created,
      row.holder,
      row.invoiceFor,
    ],
  );
  return inserted;
}
