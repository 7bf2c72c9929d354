-- <patient-messages> (issue #21): the patient's conversations with the clinic. Every read is by
-- (id, patient_id): a conversation is never served to anyone but its patient. `seq` orders the
-- messages of a thread (two in the same millisecond keep the order they were written in).
CREATE TABLE conversations (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients (id),
  topic text NOT NULL CHECK (topic IN ('appointments', 'billing', 'results', 'general')),
  started_ms bigint NOT NULL,
  last_ms bigint NOT NULL,
  -- When the patient last marked it read: the clinic's messages after it are unread.
  read_ms bigint
);
CREATE INDEX conversations_patient ON conversations (patient_id, last_ms DESC);

CREATE TABLE conversation_messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('patient', 'clinic')),
  author text NOT NULL,
  title text,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  sent_ms bigint NOT NULL
);
CREATE INDEX conversation_messages_thread ON conversation_messages (conversation_id, seq);

-- Each conversation started, reply, clinic answer and refused id is audited with the conversation's id.
ALTER TABLE audit_log ADD COLUMN conversation_id text;
