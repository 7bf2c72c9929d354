-- <patient-documents> (issue #19): the clinic's documents for a patient and the patient's own
-- uploads. The bytes are kept here as bytea for now (a first slice: fine for a clinic's PDFs and
-- photos up to the upload limit; storage outside the database is left for later). Every read is by
-- (id, patient_id): a document is never served to anyone but its patient.
CREATE TABLE documents (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id),
  folder text NOT NULL CHECK (folder IN ('results', 'prescriptions', 'reports', 'images', 'uploads')),
  category text CHECK (category IN ('results', 'prescriptions', 'reports', 'images', 'other')),
  file_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size > 0),
  author text,
  note text,
  created_ms bigint NOT NULL,
  opened_ms bigint,
  content bytea NOT NULL
);
CREATE INDEX documents_patient ON documents (patient_id, created_ms DESC);

-- Each download (and each refused id) is audited with the document's id.
ALTER TABLE audit_log ADD COLUMN document_id text;
