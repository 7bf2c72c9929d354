-- Stripe (issue #20): a payment intent's own id at the payment provider (Stripe's `pi_…`; null for
-- the demo provider), by which Stripe's webhook finds it; and the webhook events already handled,
-- by Stripe's event id, so a replayed or concurrently delivered event changes nothing the second
-- time (the insert and the change it makes are one transaction: the twin waits on the primary key).
-- Only ids, the event's type and when it came: no payload, no patient data.
ALTER TABLE payment_intents ADD COLUMN provider_ref text;
CREATE UNIQUE INDEX payment_intents_provider_ref ON payment_intents (provider_ref)
  WHERE provider_ref IS NOT NULL;

CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  -- The payment intent it changed, if any (our id).
  intent_id text,
  received_ms bigint NOT NULL
);
