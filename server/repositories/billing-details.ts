/** The `billing_details` table (whom the patient's invoices are made out to, #20): SQL only. */
import type {BillingDetails, TaxRegime} from '../../src/domain/rules/billing-details.js';
import type {Queryable} from '../db.js';

interface BillingDetailsRow {
  legal_name: string;
  tax_id: string | null;
  postal_code: string | null;
  tax_regime: string | null;
}

/** The patient's billing details, or null when she gave none. */
export async function patientBillingDetails(q: Queryable, patientId: string): Promise<BillingDetails | null> {
  const rows = await q.query<BillingDetailsRow>(
    'SELECT legal_name, tax_id, postal_code, tax_regime FROM billing_details WHERE patient_id = $1',
    [patientId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    legalName: r.legal_name,
    ...(r.tax_id ? {taxId: r.tax_id} : {}),
    ...(r.postal_code ? {postalCode: r.postal_code} : {}),
    ...(r.tax_regime ? {taxRegime: r.tax_regime as TaxRegime} : {}),
  };
}

/** Deletes her details (none kept): whether there were any. */
export async function deleteBillingDetails(q: Queryable, patientId: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM billing_details WHERE patient_id = $1 RETURNING patient_id', [
    patientId,
  ]);
  return rows.length > 0;
}

/** Writes her details (already checked), replacing what was there. */
export async function upsertBillingDetails(
  q: Queryable,
  patientId: string,
  d: BillingDetails,
  nowMs: number,
): Promise<void> {
  await q.query(
    `INSERT INTO billing_details (patient_id, legal_name, tax_id, postal_code, tax_regime, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (patient_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, tax_id = EXCLUDED.tax_id,
       postal_code = EXCLUDED.postal_code, tax_regime = EXCLUDED.tax_regime, updated_ms = EXCLUDED.updated_ms`,
    [patientId, d.legalName, d.taxId ?? null, d.postalCode ?? null, d.taxRegime ?? null, nowMs],
  );
}
