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
}

export interface StoredCard extends CardRecord {
  readonly declinesCharges: boolean;
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
  },
): Promise<void> {
  await q.query(
    `INSERT INTO saved_cards (id, patient_id, provider, brand, last4, exp_month, exp_year, is_default, declines_charges, added_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
}

export async function findSetup(q: Queryable, id: string, lock = false): Promise<SetupRow | undefined> {
  const [row] = await q.query<SetupRow>(
    `SELECT id, patient_id, provider, saved FROM card_setups WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export async function insertSetup(
  q: Queryable,
  row: {id: string; patientId: string; provider: string; createdMs: number},
): Promise<void> {
  await q.query('INSERT INTO card_setups (id, patient_id, provider, created_ms) VALUES ($1, $2, $3, $4)', [
    row.id,
    row.patientId,
    row.provider,
    row.createdMs,
  ]);
}

export async function markSetupSaved(q: Queryable, id: string, cardId: string): Promise<void> {
  await q.query('UPDATE card_setups SET saved = true, card_id = $2 WHERE id = $1', [id, cardId]);
}
