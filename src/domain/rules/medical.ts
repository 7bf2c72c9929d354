/**
 * Medical information the patient keeps up to date (issue #17, item 4), once: her allergies,
 * current medications, conditions and emergency contacts — four lists she can add to, correct and
 * remove from. What each entry holds, what is accepted (every text at most
 * {@link MEDICAL_TEXT_MAX} characters, at most {@link MAX_MEDICAL_ENTRIES} entries a list, an
 * emergency contact's phone in E.164), and what an entry becomes when the patient writes it: marked
 * "reported by you" and not reviewed until the clinic reviews it. The memory adapter and the
 * reference server both call these, so they never disagree on what is stored.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {looksLikeE164} from '../phone.js';
import {toInstantString} from '../time.js';
import type {E164, Instant} from '../types.js';

/** The four lists, in the order the patient sees them. */
export const MEDICAL_LISTS = ['allergies', 'medications', 'conditions', 'emergencyContacts'] as const;
export type MedicalList = (typeof MEDICAL_LISTS)[number];

/** How bad a reaction is, as the patient tells it. */
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

/** The longest text of any field, in characters (code points). */
export const MEDICAL_TEXT_MAX = 200;
/** At most this many entries in one list: bounds what one account can store. */
export const MAX_MEDICAL_ENTRIES = 50;

export interface AllergyFields {
  /** What she is allergic to ("Penicillin"). */
  readonly substance: string;
  /** What happens ("Hives"). */
  readonly reaction?: string;
  readonly severity?: AllergySeverity;
}

export interface MedicationFields {
  readonly name: string;
  /** How much ("50 µg"). */
  readonly dose?: string;
  /** How often ("Once a day, before breakfast"). */
  readonly frequency?: string;
}

export interface ConditionFields {
  readonly name: string;
  /** Since when, in her words ("2018", "childhood"). */
  readonly since?: string;
}

export interface EmergencyContactFields {
  readonly name: string;
  /** Who the contact is to her ("Mother"). */
  readonly relationship: string;
  readonly phone: E164;
}

/** What the patient writes for an entry of each list. */
export interface MedicalFields {
  readonly allergies: AllergyFields;
  readonly medications: MedicationFields;
  readonly conditions: ConditionFields;
  readonly emergencyContacts: EmergencyContactFields;
}

/** Who wrote an entry last, whether the clinic has reviewed it, and when it last changed. */
export interface MedicalEntryMeta {
  readonly id: string;
  /** `patient`: "reported by you" (she added or corrected it); `clinic`: the clinic's own record. */
  readonly reportedBy: 'patient' | 'clinic';
  /** The clinic reviewed it; false for anything the patient added or changed since. */
  readonly reviewed: boolean;
  readonly updatedAt: Instant;
}

export type MedicalEntry<L extends MedicalList = MedicalList> = MedicalEntryMeta & MedicalFields[L];
export type Allergy = MedicalEntry<'allergies'>;
export type Medication = MedicalEntry<'medications'>;
export type Condition = MedicalEntry<'conditions'>;
export type EmergencyContact = MedicalEntry<'emergencyContacts'>;

/** The patient's medical information: every list, oldest entry first. */
export type MedicalInfo = {readonly [L in MedicalList]: readonly MedicalEntry<L>[]};

/** Each list's fields: name → required. */
const FIELDS: {readonly [L in MedicalList]: Readonly<Record<keyof MedicalFields[L], boolean>>} = {
  allergies: {substance: true, reaction: false, severity: false},
  medications: {name: true, dose: false, frequency: false},
  conditions: {name: true, since: false},
  emergencyContacts: {name: true, relationship: true, phone: true},
};

/** Whether `list` names one of the four lists. */
export function isMedicalList(list: unknown): list is MedicalList {
  return typeof list === 'string' && (MEDICAL_LISTS as readonly string[]).includes(list);
}

/** Control characters (NUL included) and lone surrogates are refused in every text. */
const BAD_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(value: string): FieldErrorCode | undefined {
  // Measured without scanning a 10,000-character paste in full: too many UTF-16 units already says it.
  if (value.length > MEDICAL_TEXT_MAX * 2 || [...value].length > MEDICAL_TEXT_MAX) return 'too-long';
  if (BAD_TEXT.test(value)) return 'invalid';
  return undefined;
}

/**
 * What is wrong with an entry of `list` as the patient sent it: field → code (`required`,
 * `too-long`, `invalid`, `invalid-phone`), `{list: 'invalid'}` for an unknown list. Unknown
 * fields are `invalid`. Empty: nothing wrong.
 */
export function medicalEntryProblems(list: unknown, input: unknown): Record<string, FieldErrorCode> {
  if (!isMedicalList(list)) return {list: 'invalid'};
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {entry: 'invalid'};
  const fields: Record<string, FieldErrorCode> = {};
  const spec = FIELDS[list] as Readonly<Record<string, boolean>>;
  const given = input as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(given)) if (!Object.hasOwn(spec, k)) fields[k] = 'invalid';
  for (const [k, required] of Object.entries(spec)) {
    const v = given[k];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) fields[k] = 'required';
      continue;
    }
    if (typeof v !== 'string') {
      fields[k] = 'invalid';
      continue;
    }
    const problem = textProblem(v);
    if (problem) fields[k] = problem;
    else if (k === 'severity' && !(ALLERGY_SEVERITIES as readonly string[]).includes(v))
      fields[k] = 'invalid';
    else if (k === 'phone' && !looksLikeE164(v.trim())) fields[k] = 'invalid-phone';
  }
  return fields;
}

/**
 * The entry's fields as stored: checked ({@link medicalEntryProblems}; `ValidationError` with the
 * field codes otherwise, so nothing is stored), trimmed, empty optional fields left out.
 */
export function checkMedicalEntry<L extends MedicalList>(list: L, input: unknown): MedicalFields[L];
export function checkMedicalEntry(list: unknown, input: unknown): MedicalFields[MedicalList];
export function checkMedicalEntry(list: unknown, input: unknown): MedicalFields[MedicalList] {
  const problems = medicalEntryProblems(list, input);
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  const out: Record<string, string> = {};
  for (const k of Object.keys(FIELDS[list as MedicalList])) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  }
  return out as unknown as MedicalFields[MedicalList];
}

/** Refuses one more entry in a list that already has {@link MAX_MEDICAL_ENTRIES}. */
export function checkCanAddMedicalEntry(list: MedicalList, count: number): void {
  if (count >= MAX_MEDICAL_ENTRIES) throw new ValidationError({[list]: 'too-many'});
}

/**
 * The entry the patient wrote (added or corrected): "reported by you", not reviewed, changed now
 * — whoever wrote it before, even the clinic.
 */
export function patientReported<L extends MedicalList>(
  id: string,
  fields: MedicalFields[L],
  nowMs: number,
): MedicalEntry<L> {
  const meta: MedicalEntryMeta = {
    id,
    reportedBy: 'patient',
    reviewed: false,
    updatedAt: toInstantString(nowMs),
  };
  return {...fields, ...meta} as MedicalEntry<L>;
}

/**
 * The clinic's review (#17 item 4): the entries of hers it has not reviewed yet, each marked
 * reviewed — who reported it and when it last changed stay as they are (a correction she makes
 * afterwards is "reported by you" and not reviewed again, {@link patientReported}).
 */
export function clinicReviewed<E extends MedicalEntry>(entries: readonly E[]): E[] {
  return entries.filter((e) => !e.reviewed).map((e) => ({...e, reviewed: true}));
}

/** A stored entry: its list, what it says and its meta, in the order it was first added (`seq`). */
export interface MedicalRecord {
  readonly list: MedicalList;
  readonly entry: MedicalEntry;
  readonly seq: number;
}

/** The patient's lists from her stored entries: each list oldest first. */
export function medicalInfoOf(records: readonly MedicalRecord[]): MedicalInfo {
  const info: Record<MedicalList, MedicalEntry[]> = {
    allergies: [],
    medications: [],
    conditions: [],
    emergencyContacts: [],
  };
  for (const r of [...records].sort((x, y) => x.seq - y.seq)) info[r.list].push(r.entry);
  return info as unknown as MedicalInfo;
}

const ENTRY_ID_RE = /^med_[A-Za-z0-9_-]{1,60}$/;

/** Whether `id` has the shape of an entry's id (anything else is simply not found). */
export function isMedicalEntryId(id: unknown): id is string {
  return typeof id === 'string' && ENTRY_ID_RE.test(id);
}

/** An entry a backend seeds: what it says, and whether the clinic reported and reviewed it. */
export interface SeedMedicalEntry<L extends MedicalList = MedicalList> {
  readonly list: L;
  readonly fields: MedicalFields[L];
  readonly reportedBy: 'patient' | 'clinic';
  readonly reviewed: boolean;
}

/** A seeded patient's medical information (by the seed's patient key). */
export interface SeedMedical {
  readonly patientKey: string;
  readonly entries: readonly SeedMedicalEntry[];
}
