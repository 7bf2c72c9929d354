/** The `payment_intents` table (deposits): SQL only. */
import type {Money, PaymentIntent} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import type {PaidCard} from '../../src/domain/rules/billing.js';

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
  /** The provider's own id for it (Stripe's `pi_…`; null for the demo provider). */
  provider_ref?: string | null;
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
    providerRef?: string;
  },
): Promise<PaymentIntentRow> {
  const [inserted] = await q.query<PaymentIntentRow>(
    `INSERT INTO payment_intents (id, provider, fingerprint, amount, created_ms, holder, provider_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      row.id,
      row.provider,
      row.fingerprint,
      JSON.stringify(row.amount),
      row.created,
      row.holder,
      row.providerRef ?? null,
    ],
  );
  return inserted;
}

export async function markPaymentFailed(q: Queryable, id: string): Promise<void> {
  await q.query("UPDATE payment_intents SET state = 'failed' WHERE id = $1", [id]);
}

export async function markPaymentSucceeded(
  q: Queryable,
  id: string,
  at: number,
  card?: PaidCard,
): Promise<void> {
  await q.query("UPDATE payment_intents SET state = 'succeeded', paid_ms = $2, card = $3 WHERE id = $1", [
    id,
    at,
    card ? JSON.stringify({brand: card.brand, last4: card.last4}) : null,
  ]);
}

/** The cards the deposits used by these appointments were paid with, where recorded (appointment id → card). */
export async function depositCards(
  q: Queryable,
  appointmentIds: readonly string[],
): Promise<Map<string, PaidCard>> {
  if (appointmentIds.length === 0) return new Map();
  const rows = await q.query<{appointment_id: string; card: PaidCard}>(
    `SELECT appointment_id, card FROM payment_intents
      WHERE appointment_id = ANY($1) AND state = 'succeeded' AND card IS NOT NULL`,
    [appointmentIds],
  );
  return new Map(rows.map((r) => [r.appointment_id, r.card]));
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
): Promise<{id: string; invoice_for: string; amount: Money; paid_ms: number; card: PaidCard | null}[]> {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return q.query(
    `SELECT id, invoice_for, amount, paid_ms::float8 AS paid_ms, card FROM payment_intents
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
    providerRef?: string;
  },
): Promise<PaymentIntentRow | undefined> {
  const [inserted] = await q.query<PaymentIntentRow>(
    `INSERT INTO payment_intents (id, provider, fingerprint, amount, created_ms, holder, invoice_for, provider_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
      row.providerRef ?? null,
    ],
  );
  return inserted;
}

/** The intent the provider knows by this id (Stripe's `pi_…`), locked for the change when asked. */
export async function findByProviderRef(
  q: Queryable,
  provider: PaymentIntentRow['provider'],
  ref: string,
  lock = false,
): Promise<PaymentIntentRow | undefined> {
  const [row] = await q.query<PaymentIntentRow>(
    `SELECT * FROM payment_intents WHERE provider = $1 AND provider_ref = $2${lock ? ' FOR UPDATE' : ''}`,
    [provider, ref],
  );
  return row;
}

/** Marks an unpaid intent paid; false when it already was (nothing changed). */
export async function markPaidOnce(q: Queryable, id: string, at: number): Promise<boolean> {
  const rows = await q.query(
    `UPDATE payment_intents SET state = 'succeeded', paid_ms = $2
      WHERE id = $1 AND state <> 'succeeded' RETURNING id`,
    [id, at],
  );
  return rows.length === 1;
}

/**
 * Remembers a Stripe webhook event by its id; false when it was already handled (or is being
 * handled by a concurrent delivery, which this one then waited for).
 */
export async function rememberStripeEvent(
  q: Queryable,
  event: {id: string; type: string; intentId: string | null; at: number},
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO stripe_events (id, type, intent_id, received_ms) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [event.id, event.type, event.intentId, event.at],
  );
  return rows.length === 1;
}

/** The unpaid intents of these appointments' invoices with this provider, created since `sinceMs`. */
export function openProviderInvoiceIntents(
  q: Queryable,
  appointmentIds: readonly string[],
  provider: PaymentIntentRow['provider'],
  sinceMs: number,
): Promise<PaymentIntentRow[]> {
  if (appointmentIds.length === 0) return Promise.resolve([]);
  return q.query<PaymentIntentRow>(
    `SELECT * FROM payment_intents
      WHERE invoice_for = ANY($1) AND provider = $2 AND state <> 'succeeded'
        AND provider_ref IS NOT NULL AND created_ms >= $3`,
    [appointmentIds, provider, sinceMs],
  );
}

/** The paid deposit of an appointment with this provider (its intent), if there is one. */
export async function paidDepositIntent(
  q: Queryable,
  appointmentId: string,
  provider: PaymentIntentRow['provider'],
): Promise<PaymentIntentRow | undefined> {
  const [row] = await q.query<PaymentIntentRow>(
    `SELECT * FROM payment_intents
      WHERE appointment_id = $1 AND provider = $2 AND state = 'succeeded' AND invoice_for IS NULL`,
    [appointmentId, provider],
  );
  return row;
}
