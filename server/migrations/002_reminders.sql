-- Reminders sent (or skipped because their time had passed when the appointment was made): one
-- row per appointment and offset, so each reminder goes out once, even across restarts and with
-- more than one scheduler running.
CREATE TABLE reminders_sent (
  appointment_id text NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  hours integer NOT NULL,
  at_ms bigint NOT NULL,
  skipped boolean NOT NULL DEFAULT false,
  PRIMARY KEY (appointment_id, hours)
);
