-- Bearer sessions (PORTAL_AUTH=bearer or both): the session's token travels in the Authorization
-- header instead of the httpOnly cookie. Only its hash is stored, as for cookies; a bearer token is
-- not accepted as a cookie, nor a cookie's value as a bearer token.
ALTER TABLE sessions ADD COLUMN bearer boolean NOT NULL DEFAULT false;
