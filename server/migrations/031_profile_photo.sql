-- The patient's profile photo (issue #17, item 3): one per patient, its bytes kept here (a
-- first slice, as the documents' are: a photo is at most 5 MB by the domain's rule,
-- `src/domain/rules/profile-image.ts`, and the element sends a 512 px square of a few tens of KB).
-- `content_type` is the type sniffed from the bytes when they were stored, never a declared one.
CREATE TABLE profile_photos (
  patient_id text PRIMARY KEY REFERENCES patients (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  content bytea NOT NULL CHECK (octet_length(content) <= 5242880),
  width integer NOT NULL,
  height integer NOT NULL,
  updated_ms bigint NOT NULL
);
