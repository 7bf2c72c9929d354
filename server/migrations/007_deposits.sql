-- Deposits: one payment intent per deposit due at booking. It is created under the caller's
-- idempotency key (a row in idempotency_keys, scope 'deposit', result_id = the intent's id), paid
-- through the payment provider's confirmation step (the demo provider's test cards for now), and
-- used by at most one appointment, which records the amount in appointments.deposit_paid.
CREATE TABLE payment_intents (
  id text PRIMARY KEY,
  provider text NOT NULL,
  -- The slot and services it was created for (the booking must be for the same).
  fingerprint text NOT NULL,
  amount jsonb NOT NULL,
  -- requires-payment | succeeded | failed (declined; may be paid again with another card)
  state text NOT NULL DEFAULT 'requires-payment',
  created_ms bigint NOT NULL,
  paid_ms bigint,
  appointment_id text UNIQUE REFERENCES appointments (id) ON DELETE SET NULL
);
