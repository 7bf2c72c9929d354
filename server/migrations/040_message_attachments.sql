-- Files sent with messages (#21): a patient's (or the clinic's) PDF, JPEG or PNG attached to a
-- message, checked with the documents' upload rule. The bytes are kept as a document's are: in
-- `content`, or — with PORTAL_DOCUMENTS_DIR — in an encrypted file of that folder named by
-- `stored_file` (server/document-files.ts); exactly one of the two. Every patient read goes through
-- the conversation's patient_id; a download is audited with the file's id in `document_id`.
CREATE TABLE message_attachments (
  id text PRIMARY KEY,
  message_id text NOT NULL REFERENCES conversation_messages (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  file_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size > 0),
  content bytea,
  stored_file text,
  CONSTRAINT message_attachments_bytes_in_one_place CHECK ((content IS NULL) <> (stored_file IS NULL)),
  UNIQUE (message_id, position)
);
