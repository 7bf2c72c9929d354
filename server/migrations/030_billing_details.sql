-- The patient's billing details (issue #20, item 1): whom her invoices are made out to — legal
-- name, and where the clinic's country needs them, tax id (RFC/NIF) and, in Mexico (CFDI 4.0),
-- the postal code of her fiscal address and her régimen fiscal. Checked by the domain's rule
-- (`src/domain/rules/billing-details.ts`) before they are written; one row per patient, replaced.
-- Saving is audited (`billing.details`) without the values.
CREATE TABLE billing_details (
  patient_id text PRIMARY KEY REFERENCES patients (id),
  legal_name text NOT NULL,
  tax_id text,
  postal_code text,
  tax_regime text,
  updated_ms bigint NOT NULL
);
