-- Issue 14 item 11: an outbox message's contents (recipient, subject, text, links with tokens,
-- code) are wiped once delivered (unless the development outbox keeps them) and at the latest 7
-- days after it was written. `created_ms` is when it was written (the server's clock), `wiped`
-- whether its contents are gone.
ALTER TABLE outbox ADD COLUMN created_ms bigint;
UPDATE outbox SET created_ms = (extract(epoch FROM at::timestamptz) * 1000)::bigint;
ALTER TABLE outbox ALTER COLUMN created_ms SET NOT NULL;
ALTER TABLE outbox ADD COLUMN wiped boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_unwiped_by_age ON outbox (created_ms) WHERE NOT wiped;
