-- <patient-forms> (issue #18): questionnaire answers (drafts, then the submitted response) and
-- consent signatures, one row per visit item. The item's own state (to do / done) stays in
-- appointments.items; these rows hold what the patient gave. A consent signature records the exact
-- version signed, the name as typed and the time.
CREATE TABLE form_responses (
  item_id text PRIMARY KEY,
  appointment_id text NOT NULL REFERENCES appointments (id),
  patient_id text NOT NULL,
  questionnaire_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('in-progress', 'completed')),
  response jsonb NOT NULL,
  updated_ms bigint NOT NULL
);
CREATE INDEX form_responses_patient ON form_responses (patient_id);

CREATE TABLE consent_signatures (
  item_id text PRIMARY KEY,
  appointment_id text NOT NULL REFERENCES appointments (id),
  patient_id text NOT NULL,
  consent_id text NOT NULL,
  version text NOT NULL,
  typed_name text NOT NULL,
  signed_ms bigint NOT NULL
);
CREATE INDEX consent_signatures_patient ON consent_signatures (patient_id);
