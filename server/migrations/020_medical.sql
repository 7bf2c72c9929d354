-- Medical information the patient keeps up to date (issue #17, item 4): her allergies, current
-- medications, conditions and emergency contacts, one row per entry. `fields` holds what the entry
-- says (checked by the domain's rules, `src/domain/rules/medical.ts`: texts of at most 200
-- characters); `reported_by` is `patient` once she added or corrected it (not `reviewed` until the
-- clinic reviews it) or `clinic`. `seq` keeps each list in the order entries were added.
CREATE TABLE medical_entries (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  patient_id text NOT NULL REFERENCES patients (id),
  list text NOT NULL CHECK (list IN ('allergies', 'medications', 'conditions', 'emergencyContacts')),
  fields jsonb NOT NULL,
  reported_by text NOT NULL CHECK (reported_by IN ('patient', 'clinic')),
  reviewed boolean NOT NULL DEFAULT false,
  updated_ms bigint NOT NULL
);
CREATE INDEX medical_entries_patient ON medical_entries (patient_id, list);

-- Changes are audited with the entry's id and list (never what it says).
ALTER TABLE audit_log ADD COLUMN medical_entry_id text;
