-- The patient's insurance cards (issue #17, item 5): insurer, plan, member number, checked by the
-- domain's rules (`src/domain/rules/insurance.ts`: at most 5 cards, exactly one primary whenever
-- she has any). `seq` keeps the order cards were added in (the oldest left becomes primary when
-- the primary is removed); the partial unique index makes a second primary impossible.
CREATE TABLE insurance_cards (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  patient_id text NOT NULL REFERENCES patients (id),
  insurer text NOT NULL,
  plan text,
  member_number text NOT NULL,
  is_primary boolean NOT NULL DEFAULT false,
  updated_ms bigint NOT NULL
);
CREATE INDEX insurance_cards_patient ON insurance_cards (patient_id, seq);
CREATE UNIQUE INDEX insurance_cards_one_primary ON insurance_cards (patient_id) WHERE is_primary;

-- Changes are audited with the card's id (never what it says).
ALTER TABLE audit_log ADD COLUMN insurance_card_id text;
