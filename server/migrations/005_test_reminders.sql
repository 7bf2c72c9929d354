-- When a patient last asked for a test reminder on a channel (one every 30 seconds).
CREATE TABLE test_reminders (
  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  channel text NOT NULL,
  at_ms bigint NOT NULL,
  PRIMARY KEY (patient_id, channel)
);
