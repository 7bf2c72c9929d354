-- Family members (#21): the adult's own invitation. An adult patient invites someone by email to act
-- for her; the emailed link's token is kept as its hash only. The signed-in account with that address
-- (email_key, as `emailKey`) accepts it — the grant is then a row of proxy_grants, granted_by
-- 'invitation' — or declines it. A withdrawn, answered or expired invitation's link stops working.
CREATE TABLE proxy_invitations (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  inviter_id text NOT NULL REFERENCES patients (id),
  email text NOT NULL,
  email_key text NOT NULL,
  relationship text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('full', 'appointments')),
  sent_ms bigint NOT NULL,
  expires_ms bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn')),
  answered_ms bigint
);
CREATE INDEX proxy_invitations_inviter ON proxy_invitations (inviter_id, sent_ms);
