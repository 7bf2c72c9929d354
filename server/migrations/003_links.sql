-- Single-use, expiring links sent by email: invitations, email verification, password reset.
-- Only the token's hash is stored; a verification link carries the password chosen at
-- registration (hashed) until it is used.
CREATE TABLE links (
  token_hash text PRIMARY KEY,
  purpose text NOT NULL,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  expires_ms bigint NOT NULL,
  used boolean NOT NULL DEFAULT false,
  password_hash text
);
CREATE INDEX links_patient ON links (patient_id, purpose);
