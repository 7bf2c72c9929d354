-- Family members (proxy access, #21): the clinic's grants that let an account holder act for a
-- dependent (a child under the age of majority, or an adult who granted access). Scope as in
-- `src/domain/rules/proxy.ts` ('full' or 'appointments'). A revoked grant keeps its row (revoked_ms)
-- and stops the holder's very next request for that person: every request with the acting header
-- reads the grant here. At most one live grant per holder and dependent.
CREATE TABLE proxy_grants (
  id text PRIMARY KEY,
  holder_id text NOT NULL REFERENCES patients (id),
  dependent_id text NOT NULL REFERENCES patients (id),
  relationship text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('full', 'appointments')),
  granted_by text NOT NULL,
  granted_ms bigint NOT NULL,
  revoked_ms bigint,
  CHECK (holder_id <> dependent_id)
);
CREATE UNIQUE INDEX proxy_grants_live ON proxy_grants (holder_id, dependent_id) WHERE revoked_ms IS NULL;

-- Who acted for the patient of an audit row: the holder's id when she acted for a dependent
-- (`actor` is then the holder too, `patient_id` the dependent).
ALTER TABLE audit_log ADD COLUMN proxy_holder_id text;
