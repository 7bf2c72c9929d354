-- Cards on file, fees and refunds through Stripe (issue #20). Only Stripe's ids, never card data:
-- - the Stripe Customer of each patient who saved a card (one per patient, by Stripe's `cus_…`);
-- - a card setup's SetupIntent (`seti_…`) and a saved card's PaymentMethod (`pm_…`), by which the
--   webhooks (setup_intent.succeeded, payment_method.detached) find them;
-- - each fee charged off-session (one per appointment and kind: the key of its Stripe charge), with
--   Stripe's PaymentIntent and what came of it (succeeded, declined, authentication-required);
-- - a deposit's refund at Stripe (`re_…`) and whether Stripe's charge.refunded has confirmed it.
CREATE TABLE stripe_customers (
  patient_id text PRIMARY KEY REFERENCES patients (id),
  customer_id text NOT NULL UNIQUE,
  created_ms bigint NOT NULL
);

ALTER TABLE card_setups ADD COLUMN provider_ref text;
CREATE UNIQUE INDEX card_setups_provider_ref ON card_setups (provider_ref) WHERE provider_ref IS NOT NULL;

ALTER TABLE saved_cards ADD COLUMN provider_ref text;
CREATE UNIQUE INDEX saved_cards_provider_ref ON saved_cards (provider, provider_ref)
  WHERE provider_ref IS NOT NULL;

CREATE TABLE stripe_fee_charges (
  appointment_id text NOT NULL,
  kind text NOT NULL,
  patient_id text NOT NULL,
  card_id text,
  amount jsonb NOT NULL,
  payment_intent text,
  outcome text NOT NULL,
  decline_code text,
  at_ms bigint NOT NULL,
  PRIMARY KEY (appointment_id, kind)
);

CREATE TABLE stripe_refunds (
  intent_id text PRIMARY KEY,
  refund_id text NOT NULL UNIQUE,
  amount jsonb NOT NULL,
  confirmed_ms bigint,
  created_ms bigint NOT NULL
);
