-- The outbox is transactional: a message is written in the same transaction as the change it
-- reports, and delivered afterwards by the dispatcher, which claims each row once.
ALTER TABLE outbox ADD COLUMN delivered_at bigint;
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_until bigint;
CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;
