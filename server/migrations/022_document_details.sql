-- Lab results and prescriptions (issue #19 item 4): a document's structured detail as the clinic's
-- system gives it (JSON in the domain's shape: `LabResults`, a prescription without its pending
-- refill), and the patient's refill requests. A refill request is a message in her conversations
-- (019_messages): the row only ties the prescription to that conversation; it is pending until the
-- clinic writes in it. (Numbered 022: the forms branch holds 021; renumber at merge if needed.)
ALTER TABLE documents ADD COLUMN results jsonb;
ALTER TABLE documents ADD COLUMN prescription jsonb;

CREATE TABLE refill_requests (
  id text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  patient_id text NOT NULL REFERENCES patients (id),
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  requested_ms bigint NOT NULL
);
CREATE INDEX refill_requests_document ON refill_requests (document_id, requested_ms DESC);
