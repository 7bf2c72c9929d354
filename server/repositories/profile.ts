/**
 * The profile's SQL: the patient's editable details, email changes waiting for confirmation
 * (`email_changes`, by token hash), the password, and the patient's sessions. SQL only; every
 * function takes the transaction handle.
 */
import type {PostalAddress} from '../../src/domain/rules/address.js';
import type {Queryable} from '../db.js';
import type {PatientRow} from './patients.js';
import type {SessionRow} from './sessions.js';

export interface EmailChangeRow {
  token_hash: string;
  patient_id: string;
  new_email: string;
  expires_ms: number | string;
  used: boolean;
}

/** Sets the given details (names, date of birth, language, phone); the row after. */
export async function updatePatientDetails(
  q: Queryable,
  id: string,
  d: {
    givenName?: string;
    familyName?: string;
    dateOfBirth?: string;
    language?: string;
    phone?: string;
    /** `null` removes it; absent leaves it. */
    preferredName?: string | null;
    address?: PostalAddress | null;
  },
): Promise<PatientRow> {
  const [row] = await q.query<PatientRow>(
    `UPDATE patients SET
       given_name = COALESCE($2, given_name),
       family_name = COALESCE($3, family_name),
       date_of_birth = COALESCE($4, date_of_birth),
       language = COALESCE($5, language),
       phone = COALESCE($6, phone),
       preferred_name = CASE WHEN $7::boolean THEN $8::text ELSE preferred_name END,
       address = CASE WHEN $9::boolean THEN $10::jsonb ELSE address END
     WHERE id = $1 RETURNING *`,
    [
      id,
      d.givenName ?? null,
      d.familyName ?? null,
      d.dateOfBirth ?? null,
      d.language ?? null,
      d.phone ?? null,
      d.preferredName !== undefined,
      d.preferredName ?? null,
      d.address !== undefined,
      d.address ? JSON.stringify(d.address) : null,
    ],
  );
  return row;
}

/** The patient's live (unused, unexpired) email change, if any. */
export async function pendingEmailChange(
  q: Queryable,
  patientId: string,
  now: number,
): Promise<EmailChangeRow | undefined> {
  const [row] = await q.query<EmailChangeRow>(
    'SELECT * FROM email_changes WHERE patient_id = $1 AND NOT used AND expires_ms > $2 ORDER BY expires_ms DESC LIMIT 1',
    [patientId, now],
  );
  return row;
}

/** Retires the patient's earlier email changes and records a new one. */
export async function replaceEmailChange(
  q: Queryable,
  change: {tokenHash: string; patientId: string; newEmail: string; expires: number},
): Promise<void> {
  await q.query('UPDATE email_changes SET used = true WHERE patient_id = $1 AND NOT used', [
    change.patientId,
  ]);
  await q.query(
    'INSERT INTO email_changes (token_hash, patient_id, new_email, expires_ms) VALUES ($1, $2, $3, $4)',
    [change.tokenHash, change.patientId, change.newEmail, change.expires],
  );
}

/** Retires every pending email change of the patient (e.g. when the password changes). */
export async function retireEmailChanges(q: Queryable, patientId: string): Promise<void> {
  await q.query('UPDATE email_changes SET used = true WHERE patient_id = $1 AND NOT used', [patientId]);
}

/** Uses the change up, locked: the row as it was, or undefined when unknown or already used. */
export async function takeEmailChange(q: Queryable, tokenHash: string): Promise<EmailChangeRow | undefined> {
  const [row] = await q.query<EmailChangeRow>(
    'UPDATE email_changes SET used = true WHERE token_hash = $1 AND NOT used RETURNING *',
    [tokenHash],
  );
  return row;
}

/** Gives the patient a new address (the email key is unique: a race with another account fails here). */
export async function setPatientEmail(
  q: Queryable,
  id: string,
  email: string,
  emailKey: string,
): Promise<PatientRow | undefined> {
  const [row] = await q.query<PatientRow>(
    `UPDATE patients SET email = $2, email_key = $3, email_verified = true
     WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM patients o WHERE o.email_key = $3 AND o.id <> $1)
     RETURNING *`,
    [id, email, emailKey],
  );
  return row;
}

export async function setPasswordHash(q: Queryable, id: string, passwordHash: string): Promise<void> {
  await q.query('UPDATE patients SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

/** Her security question and the hash of its normalized answer (both at once). */
export async function setSecurityAnswer(
  q: Queryable,
  id: string,
  question: string,
  answerHash: string,
): Promise<void> {
  await q.query('UPDATE patients SET security_question = $2, security_answer_hash = $3 WHERE id = $1', [
    id,
    question,
    answerHash,
  ]);
}

/** Removes her security question and its answer's hash (both at once). */
export async function clearSecurityAnswer(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE patients SET security_question = NULL, security_answer_hash = NULL WHERE id = $1', [
    id,
  ]);
}

export async function patientSessions(q: Queryable, patientId: string): Promise<SessionRow[]> {
  return q.query<SessionRow>(
    'SELECT * FROM sessions WHERE patient_id = $1 ORDER BY last_used DESC LIMIT 50',
    [patientId],
  );
}

/** Ends every session of the patient but one; how many ended. */
export async function deleteOtherSessions(
  q: Queryable,
  patientId: string,
  keepHash: string,
): Promise<number> {
  const rows = await q.query('DELETE FROM sessions WHERE patient_id = $1 AND token_hash <> $2 RETURNING id', [
    patientId,
    keepHash,
  ]);
  return rows.length;
}
