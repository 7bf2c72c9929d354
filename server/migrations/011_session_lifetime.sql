-- Issue #14 item 13: a session ends SESSION_LIMITS.absoluteMs after it started (12 h) however much
-- it is used, beside the idle timeout. Sessions started before this migration count from their
-- last use.
ALTER TABLE sessions ADD COLUMN started_at bigint;
UPDATE sessions SET started_at = last_used;
ALTER TABLE sessions ALTER COLUMN started_at SET NOT NULL;
CREATE INDEX sessions_patient ON sessions (patient_id);
-- Issue #14 item 13: a deposit intent is used (paid, booked with, replayed) only by the holder
-- that created it: `patient:<id>` when signed in, else `address:<client address>`.
ALTER TABLE payment_intents ADD COLUMN holder text NOT NULL DEFAULT '';
