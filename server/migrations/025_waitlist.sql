-- The waitlist (issue #21): "tell me if an earlier time opens". An entry asks for one visit
-- (services, optionally a provider) within a range of dates and parts of the day in the clinic's
-- time zone; `seq` orders entries of the same millisecond (first joined first). `ended` is null
-- while the entry waits, 'booked' once an offer booked it, 'left' when the patient left.
CREATE TABLE waitlist_entries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  service_ids jsonb NOT NULL,
  provider_id text,
  from_date text NOT NULL,
  to_date text NOT NULL,
  parts jsonb NOT NULL,
  joined_ms bigint NOT NULL,
  ended text CHECK (ended IN ('booked', 'left'))
);
CREATE INDEX waitlist_entries_waiting ON waitlist_entries (to_date) WHERE ended IS NULL;
CREATE INDEX waitlist_entries_patient ON waitlist_entries (patient_id) WHERE ended IS NULL;

-- An offer of a freed time to one waiting entry: the emailed link's token (its hash only), the
-- hold every offer of that freed time shares (`hold_id`, a row of `holds` until it expires or is
-- booked), the slot offered to this entry's visit, and the appointment once this offer booked it.
CREATE TABLE waitlist_offers (
  token_hash text PRIMARY KEY,
  entry_id text NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  hold_id text NOT NULL,
  slot jsonb NOT NULL,
  expires_ms bigint NOT NULL,
  appointment_id text
);
CREATE INDEX waitlist_offers_hold ON waitlist_offers (hold_id);
