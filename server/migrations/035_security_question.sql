-- The patient's own security question and its answer (issue #17 item 2, seed 002), where the clinic
-- asks for one (`securityQuestion` in the clinic's configuration). The answer is never stored: only
-- a scrypt hash (as passwords, `server/passwords.ts`) of its normalized form
-- (`src/domain/rules/security-answer.ts`); both or neither.
ALTER TABLE patients ADD COLUMN security_question text CHECK (char_length(security_question) <= 200);
ALTER TABLE patients ADD COLUMN security_answer_hash text;
ALTER TABLE patients ADD CONSTRAINT patients_security_answer_pair
  CHECK ((security_question IS NULL) = (security_answer_hash IS NULL));
