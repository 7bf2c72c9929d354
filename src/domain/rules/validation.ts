/**
 * Validation rules every backend applies alike: patient details (names, email, phone, date of
 * birth, language), appointment-list queries, and the fingerprint that tells whether a request
 * repeated under one idempotency key is the same request.
 */
import type {FieldErrorCode} from '../errors.js';
import {isTimeZoneName, parseInstant, plainDateToEpochDay} from '../time.js';
import type {AppointmentStatus, Clinic, Instant, PatientDetails, PlainDate} from '../types.js';

/** An appointment list query as the contract sends it (`AppointmentQuery`). */
export interface AppointmentQueryInput {
  readonly when: string;
  readonly statuses?: readonly AppointmentStatus[];
  readonly from?: Instant;
  readonly to?: Instant;
  readonly limit?: number;
}

/**
 * An email address as a mailer reads it: a local part of letters, digits (any script) and the
 * "atext" symbols of RFC 5322 in dot-separated runs, `@`, and a domain of two or more labels of
 * letters, digits and hyphens (IDN allowed). No quotes, spaces, `<>()[]\\,;:`: those make a mailer
 * read a display name and another address (`x<attacker@evil.example` is mailed to the attacker).
 */
export const EMAIL_RE =
  /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@[\p{L}\p{M}\p{N}-]+(\.[\p{L}\p{M}\p{N}-]+)+$/u;
export const E164_RE = /^\+[1-9]\d{7,14}$/;

export const codePoints = (s: string): number => [...s].length;

export function validPlainDate(s: string): boolean {
  try {
    plainDateToEpochDay(s);
    return true;
  } catch {
    return false;
  }
}

export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The longest given or family name accepted, in code points. */
export const NAME_MAX = 100;

/**
 * What is wrong with a patient's details as sent to book or register: field (`prefix` + name) →
 * code. `today` is the clinic's date (dates of birth in the future or over 130 years ago are
 * refused).
 */
export function patientDetailsProblems(
  details: PatientDetails | undefined,
  prefix: string,
  today: PlainDate,
): Record<string, FieldErrorCode> {
  const fields: Record<string, FieldErrorCode> = {};
  if (!details || typeof details !== 'object') {
    fields[prefix.replace(/\.$/, '')] = 'required';
    return fields;
  }
  for (const name of ['givenName', 'familyName'] as const) {
    const v = details[name];
    if (typeof v !== 'string' || v.trim() === '') fields[prefix + name] = 'required';
    else if (codePoints(v) > NAME_MAX) fields[prefix + name] = 'too-long';
  }
  const email = typeof details.email === 'string' ? details.email.trim() : '';
  if (email === '') fields[`${prefix}email`] = 'required';
  else if (email.length > 254 || !EMAIL_RE.test(email)) fields[`${prefix}email`] = 'invalid-email';
  const phone = typeof details.phone === 'string' ? details.phone.trim() : '';
  if (phone === '') fields[`${prefix}phone`] = 'required';
  else if (!E164_RE.test(phone)) fields[`${prefix}phone`] = 'invalid-phone';
  const dob = details.dateOfBirth as string | undefined;
  if (typeof dob !== 'string' || dob === '') fields[`${prefix}dateOfBirth`] = 'required';
  else if (!validPlainDate(dob)) fields[`${prefix}dateOfBirth`] = 'invalid-date';
  else {
    const oldest = `${String(Number(today.slice(0, 4)) - 130).padStart(4, '0')}${today.slice(4)}`;
    if (dob > today) fields[`${prefix}dateOfBirth`] = 'date-in-future';
    else if (dob < oldest) fields[`${prefix}dateOfBirth`] = 'date-too-old';
  }
  if (details.language !== 'en' && details.language !== 'es') fields[`${prefix}language`] = 'invalid';
  return fields;
}

const APPOINTMENT_STATUSES: ReadonlySet<string> = new Set([
  'pending',
  'booked',
  'confirmed',
  'cancelled',
  'fulfilled',
  'no-show',
]);

/**
 * An appointment list query checked (everything but its cursor, which each backend signs its own
 * way): the problems by field, and the range (ms) and page size to use.
 */
export function readAppointmentQuery(query: AppointmentQueryInput): {
  fields: Record<string, FieldErrorCode>;
  from: number;
  to: number;
  limit: number;
} {
  const fields: Record<string, FieldErrorCode> = {};
  if (!['upcoming', 'past', 'all'].includes(query.when)) fields.when = 'invalid';
  if (query.statuses && !query.statuses.every((s) => APPOINTMENT_STATUSES.has(s)))
    fields.statuses = 'invalid';
  let from = -Infinity;
  let to = Infinity;
  try {
    if (query.from !== undefined) from = parseInstant(query.from);
  } catch {
    fields.from = 'invalid';
  }
  try {
    if (query.to !== undefined) to = parseInstant(query.to);
  } catch {
    fields.to = 'invalid';
  }
  const limitIn = query.limit ?? 20;
  if (!Number.isInteger(limitIn) || limitIn < 1) fields.limit = 'invalid';
  return {fields, from, to, limit: Math.min(limitIn, 100)};
}

/** What is wrong with "Help, I can't sign in" (email + date of birth), field → code. */
export function resetRequestProblems(request: {
  readonly email?: unknown;
  readonly dateOfBirth?: unknown;
}): Record<string, FieldErrorCode> {
  const fields: Record<string, FieldErrorCode> = {};
  const email = request?.email;
  if (typeof email !== 'string' || email.trim() === '') fields.email = 'required';
  else if (!EMAIL_RE.test(email.trim())) fields.email = 'invalid-email';
  const dob = request?.dateOfBirth;
  if (typeof dob !== 'string' || dob === '') fields.dateOfBirth = 'required';
  else if (!validPlainDate(dob)) fields.dateOfBirth = 'invalid-date';
  return fields;
}

/**
 * What makes two bookings under one idempotency key the same booking: the slot, the services and
 * who books (the signed-in patient's id, else the details typed).
 */
export function bookingFingerprint(
  request: {readonly slot?: {readonly id?: string}; readonly serviceIds?: readonly string[]},
  patient: string | PatientDetails | undefined,
): string {
  return fingerprint({slot: request.slot?.id, serviceIds: request.serviceIds, patient});
}

/**
 * The booking's own terms every backend checks alike, beside the patient's details: a guest's
 * privacy consent where the clinic asks for it explicitly, the cancellation policy where the
 * clinic wants it accepted, and the patient's time zone (an IANA name) when one is sent.
 */
export function bookingTermsProblems(
  clinic: Pick<Clinic, 'privacy' | 'cancellation'>,
  request: {
    readonly privacyConsent?: boolean;
    readonly policyAccepted?: boolean;
    readonly patientTimeZone?: string;
  },
  guest: boolean,
): Record<string, FieldErrorCode> {
  const fields: Record<string, FieldErrorCode> = {};
  if (guest && clinic.privacy.explicitConsent && request.privacyConsent !== true)
    fields.privacyConsent = 'consent-required';
  if (clinic.cancellation.acceptanceRequired && request.policyAccepted !== true)
    fields.policyAccepted = 'policy-required';
  if (request.patientTimeZone !== undefined && !isTimeZoneName(request.patientTimeZone))
    fields.patientTimeZone = 'invalid';
  return fields;
}
