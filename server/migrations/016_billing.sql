-- <patient-billing> (issue #20): invoices are derived from the appointments (their services, the
-- deposit, a late-cancellation fee; `src/domain/rules/billing.ts`); what this table keeps is what
-- cannot be derived: the invoice number, given once per visit from one clinic-wide sequence (two
-- servers on one database never give the same number twice), and a payment in full recorded at
-- the visit.
CREATE SEQUENCE invoice_number_seq;
CREATE TABLE invoices (
  appointment_id text PRIMARY KEY REFERENCES appointments (id),
  number text NOT NULL UNIQUE,
  paid_in_full_ms bigint
);

-- Each PDF served (and each refused invoice id) is audited with the invoice's id.
ALTER TABLE audit_log ADD COLUMN invoice_id text;
