-- Documents outside the database (#19): with PORTAL_DOCUMENTS_DIR (and PORTAL_DOCUMENTS_KEY) set,
-- a document's bytes are a file in that folder, encrypted with AES-256-GCM under the server's key
-- (server/document-files.ts); the row names the file by its random id and keeps no bytes. Without
-- the folder (the default), and for every row from before, the bytes stay in `content`. A row
-- has its bytes in exactly one of the two.
ALTER TABLE documents ALTER COLUMN content DROP NOT NULL;
ALTER TABLE documents ADD COLUMN stored_file text;
ALTER TABLE documents ADD CONSTRAINT documents_bytes_in_one_place
  CHECK ((content IS NULL) <> (stored_file IS NULL));
