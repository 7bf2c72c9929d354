/** The `stripe_fee_charges` and `stripe_refunds` tables (fees and refunds through Stripe, #20): SQL only. */
import type {Money} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

/** What came of charging a fee to a saved card at Stripe (the last attempt). */
export async function recordFeeCharge(
  q: Queryable,
  row: {
    appointmentId: string;
    kind: string;
    patientId: string;
    cardId: string | null;
    amount: Money;
    paymentIntent: string | null;
    outcome: 'succeeded' | 'declined' | 'authentication-required';
    declineCode: string | null;
    at: number;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO stripe_fee_charges
       (appointment_id, kind, patient_id, card_id, amount, payment_intent, outcome, decline_code, at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (appointment_id, kind) DO UPDATE SET card_id = $4, payment_intent = $6, outcome = $7,
       decline_code = $8, at_ms = $9`,
    [
      row.appointmentId,
      row.kind,
      row.patientId,
      row.cardId,
      JSON.stringify(row.amount),
      row.paymentIntent,
      row.outcome,
      row.declineCode,
      row.at,
    ],
  );
}

/** The appointment's version, its row locked (a fee is charged by one transaction at a time). */
export async function lockAppointmentVersion(q: Queryable, id: string): Promise<number | undefined> {
  const [row] = await q.query<{version: number | string}>(
    'SELECT version FROM appointments WHERE id = $1 FOR UPDATE',
    [id],
  );
  return row === undefined ? undefined : Number(row.version);
}

/** A deposit's refund made at Stripe (kept once per payment intent of ours). */
export async function recordRefund(
  q: Queryable,
  row: {intentId: string; refundId: string; amount: Money; at: number},
): Promise<void> {
  await q.query(
    `INSERT INTO stripe_refunds (intent_id, refund_id, amount, created_ms) VALUES ($1, $2, $3, $4)
     ON CONFLICT (intent_id) DO NOTHING`,
    [row.intentId, row.refundId, JSON.stringify(row.amount), row.at],
  );
}

/** Marks the refund of our payment intent whose Stripe PaymentIntent is `ref` confirmed; false when none waits. */
export async function confirmRefundOf(q: Queryable, ref: string, at: number): Promise<boolean> {
  const rows = await q.query(
    `UPDATE stripe_refunds SET confirmed_ms = $2
      WHERE confirmed_ms IS NULL
        AND intent_id = (SELECT id FROM payment_intents WHERE provider = 'stripe' AND provider_ref = $1)
      RETURNING intent_id`,
    [ref, at],
  );
  return rows.length === 1;
}
