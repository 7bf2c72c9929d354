-- A booking made without signing in names an email nobody proved to own (QUALITY 34): it stays out
-- of that account — not listed, read or changed with the account's session, no late fee — until the
-- confirm link emailed to the address is followed. Appointments from before this migration were
-- shown as the account's, and stay so.
ALTER TABLE appointments ADD COLUMN owner_verified boolean NOT NULL DEFAULT true;
