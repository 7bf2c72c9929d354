-- Codes of the second sign-in factor (by email or SMS), when the clinic turns it on.
CREATE TABLE sign_in_challenges (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  expires_ms bigint NOT NULL,
  tries integer NOT NULL DEFAULT 0,
  dead boolean NOT NULL DEFAULT false
);
