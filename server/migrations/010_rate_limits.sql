-- Rate limits and lockouts shared by every server process on this database (issue #14 item 9):
-- one row per bucket (what is counted, e.g. failed sign-ins of one account from one address) and
-- fixed window; the counter is raised with one atomic upsert, so two processes never both slip
-- under a limit. Rows are deleted once their window is over.
CREATE TABLE rate_limits (
  bucket text NOT NULL,
  window_start bigint NOT NULL,
  hits integer NOT NULL,
  expires_ms bigint NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_expires ON rate_limits (expires_ms);
-- Failed sign-ins per email are now counted there (per account and address, per account, per address).
DROP TABLE sign_in_failures;

-- Who holds a slot (issue #14 item 7): `patient:<id>` for a signed-in patient, `address:<client
-- address>` otherwise. Only the holder may release it; a holder keeps at most a few live holds.
ALTER TABLE holds ADD COLUMN holder text NOT NULL DEFAULT '';
CREATE INDEX holds_holder ON holds (holder, expires_ms);

-- The audit log says from which address and in which session (its id, never its token) a thing
-- was done or tried (issue #14 item 11).
ALTER TABLE audit_log ADD COLUMN address text;
ALTER TABLE audit_log ADD COLUMN session_id text;
