-- Cards on file (issue #20, item 3): what the payment provider reports about a saved card (brand,
-- last four, expiry — never its number) and which one is the patient's default (at most one, kept
-- by the database across servers). `seq` orders cards saved in the same millisecond.
-- `declines_charges`: the demo provider's test card 4000 … 0341 (saved; later charges declined).
CREATE TABLE saved_cards (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  patient_id text NOT NULL REFERENCES patients (id),
  provider text NOT NULL,
  brand text NOT NULL,
  last4 text NOT NULL,
  exp_month integer NOT NULL,
  exp_year integer NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  declines_charges boolean NOT NULL DEFAULT false,
  added_ms bigint NOT NULL
);
CREATE INDEX saved_cards_patient ON saved_cards (patient_id);
CREATE UNIQUE INDEX saved_cards_one_default ON saved_cards (patient_id) WHERE is_default;

-- A card setup (the demo provider's SetupIntent): the patient it is for and the card it saved.
CREATE TABLE card_setups (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id),
  provider text NOT NULL,
  created_ms bigint NOT NULL,
  card_id text REFERENCES saved_cards (id) ON DELETE SET NULL,
  saved boolean NOT NULL DEFAULT false
);

-- Card changes are audited with the card's id (never card data).
ALTER TABLE audit_log ADD COLUMN card_id text;
