/** The `patients` table: SQL only (and the row's shape as the contract's `Patient`). */
import type {PostalAddress} from '../../src/domain/rules/address.js';
import {nameToGreet} from '../../src/domain/rules/profile.js';
import type {E164, Patient, PatientDetails, ReminderPreferences} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface PatientRow {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  phone: string | null;
  date_of_birth: string;
  language: string;
  onboarding_done: boolean;
  password_hash: string | null;
  /** Her security question and its answer's hash (migration 035). */
  security_question?: string | null;
  security_answer_hash?: string | null;
  /** Her preferred name and postal address (migration 041). */
  preferred_name?: string | null;
  address?: PostalAddress | null;
  email_verified: boolean;
  prefs: ReminderPreferences | null;
}

/** The name her messages greet her by (`nameToGreet`): her preferred name, else her given name. */
export const greetingName = (p: {given_name: string; preferred_name?: string | null}): string =>
  nameToGreet({givenName: p.given_name, preferredName: p.preferred_name});

export function toPatient(p: PatientRow): Patient {
  const patient: Patient = {
    id: p.id,
    givenName: p.given_name,
    familyName: p.family_name,
    email: p.email,
    dateOfBirth: p.date_of_birth as Patient['dateOfBirth'],
    language: p.language === 'en' ? 'en' : 'es',
    onboardingDone: p.onboarding_done,
    ...(p.preferred_name ? {preferredName: p.preferred_name} : {}),
  };
  return p.phone ? {...patient, phone: p.phone as E164} : patient;
}

export async function findPatient(q: Queryable, id: string): Promise<PatientRow | undefined> {
  const [row] = await q.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [id]);
  return row;
}

/** These patients, by id (one read). */
export async function findPatients(q: Queryable, ids: readonly string[]): Promise<Map<string, PatientRow>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<PatientRow>('SELECT * FROM patients WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The patient with this email key (`emailKey`), locked for the transaction when `lock`. */
export async function findPatientByEmail(
  q: Queryable,
  emailKey: string,
  lock = false,
): Promise<PatientRow | undefined> {
  const [row] = await q.query<PatientRow>(
    `SELECT * FROM patients WHERE email_key = $1${lock ? ' FOR UPDATE' : ''}`,
    [emailKey],
  );
  return row;
}

export async function countPatients(q: Queryable): Promise<number> {
  const [{n}] = await q.query<{n: number}>('SELECT count(*)::int AS n FROM patients');
  return Number(n);
}

export interface NewPatient {
  readonly id: string;
  readonly emailKey: string;
  /** Details as given (the caller trims what is stored trimmed). */
  readonly details: Omit<PatientDetails, 'phone'> & {readonly phone?: string | null};
}

const NEW_PATIENT = `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

const newPatientParams = ({id, emailKey, details: d}: NewPatient): unknown[] => [
  id,
  emailKey,
  d.email,
  d.givenName,
  d.familyName,
  d.phone ?? null,
  d.dateOfBirth,
  d.language,
];

export async function insertPatient(q: Queryable, p: NewPatient): Promise<PatientRow> {
  const [row] = await q.query<PatientRow>(`${NEW_PATIENT} RETURNING *`, newPatientParams(p));
  return row;
}

/** Inserts the patient unless the email key is taken. */
export async function insertPatientIfNew(q: Queryable, p: NewPatient): Promise<void> {
  await q.query(`${NEW_PATIENT} ON CONFLICT (email_key) DO NOTHING`, newPatientParams(p));
}

/** A seeded patient, with everything the seed knows. */
export async function insertSeedPatient(
  q: Queryable,
  p: NewPatient & {
    onboardingDone: boolean;
    passwordHash: string | null;
    prefs: ReminderPreferences | null;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language,
       onboarding_done, password_hash, email_verified, prefs)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      ...newPatientParams(p),
      p.onboardingDone,
      p.passwordHash,
      p.passwordHash !== null,
      p.prefs ? JSON.stringify(p.prefs) : null,
    ],
  );
}

export async function setOnboardingDone(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE patients SET onboarding_done = true WHERE id = $1', [id]);
}

/** Sets the password (a hash) and marks the email verified; the row after. */
export async function setPasswordVerified(
  q: Queryable,
  id: string,
  passwordHash: string | null,
): Promise<PatientRow> {
  const [row] = await q.query<PatientRow>(
    'UPDATE patients SET password_hash = $2, email_verified = true WHERE id = $1 RETURNING *',
    [id, passwordHash],
  );
  return row;
}

export async function setPreferences(q: Queryable, id: string, prefs: ReminderPreferences): Promise<void> {
  await q.query('UPDATE patients SET prefs = $2 WHERE id = $1', [id, JSON.stringify(prefs)]);
}
