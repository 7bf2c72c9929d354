-- Withdrawn consent signatures (issue #18): where the clinic's consent document allows it
-- (`withdrawal` in its configuration), the patient may withdraw a signature from the portal. The
-- signature moves here from consent_signatures in the same transaction that puts the visit item
-- back to "to do", so the item can be signed again and the clinic keeps what was signed and when
-- it stopped counting. Never deleted.
CREATE TABLE consent_withdrawals (
  seq bigserial PRIMARY KEY,
  item_id text NOT NULL,
  appointment_id text NOT NULL REFERENCES appointments (id),
  patient_id text NOT NULL,
  consent_id text NOT NULL,
  version text NOT NULL,
  typed_name text NOT NULL,
  signed_ms bigint NOT NULL,
  signature_png bytea,
  withdrawn_ms bigint NOT NULL
);
CREATE INDEX consent_withdrawals_item ON consent_withdrawals (item_id, withdrawn_ms DESC);
