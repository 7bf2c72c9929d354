/**
 * Lab results and prescriptions (#19 item 4), once: how a lab value is flagged against its
 * reference range ({@link labFlag}), whether a prescription can be refilled now ({@link refillStatus},
 * {@link canRequestRefill}), the patient's optional note with a refill request, and the message the
 * clinic receives. The memory adapter and the reference server both call {@link refillStatus} and
 * {@link checkRefillNote} before they write anything; the element calls {@link labFlag} and
 * {@link refillStatus} to show the flag and the "Request a refill" button.
 */
import {ValidationError} from '../errors.js';
import type {LabFlag, LabValue, PrescriptionDetails} from '../documents.js';
import type {Language, PlainDate, TimeZoneName} from '../types.js';
import {addDays, instantToPlainDate} from '../time.js';
import type {SeedDocument} from './clinic-data.js';

/**
 * A value's flag: the clinic's own interpretation when it gives one; otherwise a number above the
 * range's `high` is `high`, below its `low` is `low`, within it `normal` (bounds inclusive, either
 * bound may be open). `undefined` when nothing can be said (a text value without the clinic's
 * interpretation, no numeric range).
 */
export function labFlag(
  v: Pick<LabValue, 'value' | 'referenceRange' | 'interpretation'>,
): LabFlag | undefined {
  if (v.interpretation) return v.interpretation;
  const {low, high} = v.referenceRange ?? {};
  if (typeof v.value !== 'number' || !Number.isFinite(v.value)) return undefined;
  if (typeof high === 'number' && v.value > high) return 'high';
  if (typeof low === 'number' && v.value < low) return 'low';
  return typeof low === 'number' || typeof high === 'number' ? 'normal' : undefined;
}

/** Whether a value is outside what is expected (`high`, `low` or `abnormal`). */
export function isFlagged(flag: LabFlag | undefined): boolean {
  return flag === 'high' || flag === 'low' || flag === 'abnormal';
}

/**
 * Whether a refill can be asked for now, and if not why: `available`; `pending` (one asked for
 * and not answered yet); `not-offered` (the clinic does not take refill requests, or the prescriber
 * allows none); `none-left`; `expired` (after `expiresOn`, `today` being the clinic's date).
 */
export type RefillStatus = 'available' | 'pending' | 'not-offered' | 'none-left' | 'expired';

export function refillStatus(
  p: Pick<PrescriptionDetails, 'refillsAllowed' | 'refillsLeft' | 'expiresOn' | 'pendingRefill'>,
  clinicAllows: boolean,
  today: PlainDate | string,
): RefillStatus {
  if (!clinicAllows || !p.refillsAllowed) return 'not-offered';
  if (p.pendingRefill) return 'pending';
  if (!(p.refillsLeft > 0)) return 'none-left';
  if (p.expiresOn && today > p.expiresOn) return 'expired';
  return 'available';
}

/** The rule in one word: the clinic allows it, refills are left, it has not expired. */
export function canRequestRefill(
  p: Pick<PrescriptionDetails, 'refillsAllowed' | 'refillsLeft' | 'expiresOn'>,
  clinicAllows: boolean,
  today: PlainDate | string,
): boolean {
  return refillStatus({...p, pendingRefill: undefined}, clinicAllows, today) === 'available';
}

/** The optional note with a refill request (characters). */
export const REFILL_NOTE_MAX_LENGTH = 500;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Cs}]/u;

/**
 * Checks the patient's note from an untrusted caller: absent, or text of at most
 * {@link REFILL_NOTE_MAX_LENGTH} characters without control characters (line breaks allowed).
 * `ValidationError` on `note` otherwise (nothing is stored); the trimmed note, or `undefined`.
 */
export function checkRefillNote(note: unknown): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note !== 'string' || CONTROL.test(note)) throw new ValidationError({note: 'invalid'});
  const text = note.trim().replace(/\r\n?/g, '\n');
  if ([...text].length > REFILL_NOTE_MAX_LENGTH) throw new ValidationError({note: 'too-long'});
  return text || undefined;
}

/**
 * The message the clinic receives in the patient's conversations (topic `general`), in the
 * patient's language: the medication, its dose, the prescription's date and file, then her note.
 */
export function refillMessage(
  p: Pick<PrescriptionDetails, 'medication' | 'dose' | 'date'>,
  fileName: string,
  note: string | undefined,
  language: Language,
): string {
  const es = language === 'es';
  const lines = [
    es ? 'Solicitud de resurtido de receta' : 'Prescription refill request',
    `${p.medication} — ${p.dose}`,
    `${es ? 'Receta del' : 'Prescribed on'} ${p.date} (${fileName})`,
  ];
  if (note) lines.push('', `${es ? 'Nota' : 'Note'}: ${note}`);
  return lines.join('\n');
}

/** A prescription as a backend stores it (its pending refill is the backend's to find). */
export type StoredPrescription = Omit<PrescriptionDetails, 'pendingRefill'>;

/**
 * A seeded document's prescription as stored: dated the day it was added (`createdMs`, in the
 * clinic's zone), expiring `expiresInDays` later when set. Every backend seeds it with this.
 */
export function seededPrescription(
  d: Pick<SeedDocument, 'prescription'>,
  createdMs: number,
  timeZone: TimeZoneName,
): StoredPrescription | undefined {
  if (!d.prescription) return undefined;
  const {expiresInDays, ...rest} = d.prescription;
  const date = instantToPlainDate(createdMs, timeZone);
  return {...rest, date, ...(expiresInDays !== undefined ? {expiresOn: addDays(date, expiresInDays)} : {})};
}
