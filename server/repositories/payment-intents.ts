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
