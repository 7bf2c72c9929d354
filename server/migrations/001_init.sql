-- The reference server's schema. One dialect (PostgreSQL) for PGlite and PostgreSQL alike.
-- Times the clinic's rules depend on are epoch milliseconds (bigint) from the server's clock.

CREATE TABLE clinic_config (
  id integer PRIMARY KEY CHECK (id = 1),
  data jsonb NOT NULL
);

CREATE TABLE patients (
  id text PRIMARY KEY,
  email_key text NOT NULL UNIQUE,
  email text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  phone text,
  date_of_birth text NOT NULL,
  language text NOT NULL,
  onboarding_done boolean NOT NULL DEFAULT false,
  password_hash text,
  email_verified boolean NOT NULL DEFAULT false,
  prefs jsonb
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  method text NOT NULL,
  last_used bigint NOT NULL
);

-- One row per provider: bookings of a provider serialise on it (SELECT … FOR UPDATE), and its
-- version counts the changes to the provider's calendar.
CREATE TABLE provider_calendars (
  provider_id text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);

CREATE TABLE appointments (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id),
  status text NOT NULL,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL,
  service_ids jsonb NOT NULL,
  provider_id text NOT NULL,
  mode text NOT NULL,
  location_id text,
  items jsonb NOT NULL,
  cancellation jsonb,
  deposit_paid jsonb,
  room text NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX appointments_patient ON appointments (patient_id, start_ms);
CREATE INDEX appointments_provider ON appointments (provider_id, start_ms);
-- The last line of defence against a double booking: one active appointment per provider and start.
CREATE UNIQUE INDEX appointments_one_active_per_start ON appointments (provider_id, start_ms)
  WHERE status IN ('pending', 'booked', 'confirmed');

CREATE TABLE holds (
  id text PRIMARY KEY,
  provider_id text NOT NULL,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL,
  slot jsonb NOT NULL,
  expires_ms bigint NOT NULL
);

-- Idempotency keys of writes (scope: book, reschedule, deposit).
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  result_id text NOT NULL,
  PRIMARY KEY (scope, key)
);

CREATE TABLE reminder_tokens (
  token_hash text PRIMARY KEY,
  appointment_id text NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  action text NOT NULL,
  used boolean NOT NULL DEFAULT false
);

CREATE TABLE phone_challenges (
  id text PRIMARY KEY,
  phone text NOT NULL,
  code_hash text NOT NULL,
  expires_ms bigint NOT NULL,
  resend_ms bigint NOT NULL,
  tries integer NOT NULL DEFAULT 0,
  dead boolean NOT NULL DEFAULT false
);
CREATE INDEX phone_challenges_phone ON phone_challenges (phone);

CREATE TABLE phone_tokens (
  token_hash text PRIMARY KEY,
  phone text NOT NULL,
  expires_ms bigint NOT NULL,
  used boolean NOT NULL DEFAULT false
);

CREATE TABLE sign_in_failures (
  email_key text NOT NULL,
  at_ms bigint NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, at_ms);

-- What the server sent (the development outbox; real delivery comes later with the mailer).
CREATE TABLE outbox (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  channel text NOT NULL,
  recipient text NOT NULL,
  at text NOT NULL,
  language text NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  links jsonb NOT NULL DEFAULT '{}'::jsonb,
  code text
);

-- Who read or changed which patient's records (HIPAA audit trail). No patient data in it: ids only.
CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  at_ms bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  patient_id text,
  appointment_id text
);
