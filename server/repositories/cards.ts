/** The `saved_cards` and `card_setups` tables (cards on file, #20): SQL only. */
import type {CardBrand, CardRecord} from '../../src/domain/rules/cards.js';
import type {Queryable} from '../db.js';

interface CardRow {
  id: string;
  seq: string | number;
  patient_id: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: boolean;
  declines_charges: boolean;
  added_ms: string | number;
  provider: string;
  provider_ref: string | null;
}

export interface StoredCard extends CardRecord {
  readonly declinesCharges: boolean;
  /** `demo` or `stripe`. */
  readonly provider: string;
  /** The provider's id for it (Stripe's `pm_…`); null for the demo provider. */
  readonly providerRef: string | null;
}

const toRecord = (r: CardRow): StoredCard => ({
  card: {
    id: r.id,
    brand: r.brand,
    last4: r.last4,
    expMonth: r.exp_month,
    expYear: r.exp_year,
    isDefault: r.is_default,
  },
  addedMs: Number(r.added_ms),
  seq: Number(r.seq),
  declinesCharges: r.declines_charges,
  provider: r.provider,
  providerRef: r.provider_ref ?? null,
});

/** The patient's cards (locked for update when `lock`: a change of default or a removal). */
export async function patientCards(q: Queryable, patientId: string, lock = false): Promise<StoredCard[]> {
  const rows = await q.query<CardRow>(
    `SELECT * FROM saved_cards WHERE patient_id = $1 ORDER BY seq${lock ? ' FOR UPDATE' : ''}`,
    [patientId],
  );
  return rows.map(toRecord);
}

export async function insertCard(
  q: Queryable,
  row: {
    id: string;
    patientId: string;
    provider: string;
    card: Omit<StoredCard['card'], 'id'>;
    declinesCharges: boolean;
    addedMs: number;
    providerRef?: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO saved_cards (id, patient_id, provider, brand, last4, exp_month, exp_year, is_default, declines_charges, added_ms, provider_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      row.id,
      row.patientId,
      row.provider,
      row.card.brand,
      row.card.last4,
      row.card.expMonth,
      row.card.expYear,
      row.card.isDefault,
      row.declinesCharges,
      row.addedMs,
      row.providerRef ?? null,
    ],
  );
}

/** Makes `cardId` the patient's only default (none when undefined). */
export async function setDefault(q: Queryable, patientId: string, cardId: string | undefined): Promise<void> {
  // Two statements so the partial unique index never sees two defaults at once.
  await q.query('UPDATE saved_cards SET is_default = false WHERE patient_id = $1 AND is_default', [
    patientId,
  ]);
  if (cardId)
    await q.query('UPDATE saved_cards SET is_default = true WHERE patient_id = $1 AND id = $2', [
      patientId,
      cardId,
    ]);
}

export async function deleteCard(q: Queryable, patientId: string, cardId: string): Promise<void> {
  await q.query('DELETE FROM saved_cards WHERE patient_id = $1 AND id = $2', [patientId, cardId]);
}

export interface SetupRow {
  id: string;
  patient_id: string;
  provider: string;
  saved: boolean;
  /** The provider's id for it (Stripe's `seti_…`); null for the demo provider. */
  provider_ref: string | null;
}

const SETUP_COLUMNS = 'id, patient_id, provider, saved, provider_ref';

export async function findSetup(q: Queryable, id: string, lock = false): Promise<SetupRow | undefined> {
  const [row] = await q.query<SetupRow>(
    `SELECT ${SETUP_COLUMNS} FROM card_setups WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

/** The setup the provider knows by this id (Stripe's `seti_…`), locked when asked. */
export async function findSetupByRef(
  q: Queryable,
  provider: string,
  ref: string,
  lock = false,
): Promise<SetupRow | undefined> {
  const [row] = await q.query<SetupRow>(
    `SELECT ${SETUP_COLUMNS} FROM card_setups WHERE provider = $1 AND provider_ref = $2${lock ? ' FOR UPDATE' : ''}`,
    [provider, ref],
  );
  return row;
}

/** The patient's setups with this provider not saved yet, created since `sinceMs`. */
export function openSetups(
  q: Queryable,
  patientId: string,
  provider: string,
  sinceMs: number,
): Promise<SetupRow[]> {
  return q.query<SetupRow>(
    `SELECT ${SETUP_COLUMNS} FROM card_setups
      WHERE patient_id = $1 AND provider = $2 AND NOT saved AND provider_ref IS NOT NULL AND created_ms >= $3
      ORDER BY created_ms`,
    [patientId, provider, sinceMs],
  );
}

export async function insertSetup(
  q: Queryable,
  row: {id: string; patientId: string; provider: string; createdMs: number; providerRef?: string},
): Promise<void> {
  await q.query(
    'INSERT INTO card_setups (id, patient_id, provider, created_ms, provider_ref) VALUES ($1, $2, $3, $4, $5)',
    [row.id, row.patientId, row.provider, row.createdMs, row.providerRef ?? null],
  );
}

/** The saved card the provider knows by this id (Stripe's `pm_…`). */
export async function findCardByRef(
  q: Queryable,
  provider: string,
  ref: string,
): Promise<{id: string; patient_id: string} | undefined> {
  const [row] = await q.query<{id: string; patient_id: string}>(
    'SELECT id, patient_id FROM saved_cards WHERE provider = $1 AND provider_ref = $2',
    [provider, ref],
  );
  return row;
}

/** The patient's Stripe Customer (`cus_…`), if one was made. */
export async function findStripeCustomer(q: Queryable, patientId: string): Promise<string | undefined> {
  const [row] = await q.query<{customer_id: string}>(
    'SELECT customer_id FROM stripe_customers WHERE patient_id = $1',
    [patientId],
  );
  return row?.customer_id;
}

/** Keeps the patient's Stripe Customer (a concurrent twin's, the same one by Stripe's idempotency, wins). */
export async function insertStripeCustomer(
  q: Queryable,
  patientId: string,
  customerId: string,
  at: number,
): Promise<void> {
  await q.query(
    `INSERT INTO stripe_customers (patient_id, customer_id, created_ms) VALUES ($1, $2, $3)
     ON CONFLICT (patient_id) DO NOTHING`,
    [patientId, customerId, at],
  );
}

export async function markSetupSaved(q: Queryable, id: string, cardId: string): Promise<void> {
  await q.query('UPDATE card_setups SET saved = true, card_id = $2 WHERE id = $1', [id, cardId]);
}
