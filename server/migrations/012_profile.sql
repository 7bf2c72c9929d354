-- The patient's profile: email changes waiting for the new address to confirm them. Only the
-- link's token hash is stored; a row is used once, and a newer request retires the older ones.
CREATE TABLE email_changes (
  token_hash text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  new_email text NOT NULL,
  expires_ms bigint NOT NULL,
  used boolean NOT NULL DEFAULT false
);
CREATE INDEX email_changes_patient ON email_changes (patient_id) WHERE NOT used;
