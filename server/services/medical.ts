/**
 * Medical information the patient keeps up to date (#17, item 4): her allergies, current
 * medications, conditions and emergency contacts. What is accepted (field by field, at most 50
 * entries a list) and what an entry becomes when she writes it ("reported by you", not reviewed)
 * are the domain's (`rules/medical.ts`), as in the memory adapter. Only the signed-in owner:
 * another patient's entry is 404, like an unknown one. Every change is audited with the entry's id
 * only (never what it says); bad input stores nothing.
 */
import {NotFoundError} from '../../src/domain/errors.js';
import {
  checkCanAddMedicalEntry,
  checkMedicalEntry,
  clinicReviewed,
  isMedicalEntryId,
  isMedicalList,
  medicalInfoOf,
  patientReported,
  type MedicalEntry,
  type MedicalInfo,
  type SeedMedicalEntry,
} from '../../src/domain/rules/medical.js';
import type {Queryable} from '../db.js';
import {
  deleteMedicalEntry,
  findMedicalEntry,
  insertMedicalEntry,
  lockPatientMedical,
  patientMedicalEntries,
  updateMedicalEntry as updateRow,
} from '../repositories/medical.js';
import {token} from '../tokens.js';
import {auditCall} from './audit.js';
import {audit} from './notify.js';
import type {CallContext, PortalContext} from './context.js';
import {requirePatient} from './session.js';

const newId = () => `med_${token(18)}`;

export async function getMedicalInfo(s: PortalContext, call: CallContext): Promise<MedicalInfo> {
  const {patient} = await requirePatient(s, call);
  return medicalInfoOf(await patientMedicalEntries(s.db, patient.id));
}

/** Adds an entry to one of the patient's lists (an unknown list: 422 `list: invalid`, as in memory). */
export async function addMedicalEntry(
  s: PortalContext,
  call: CallContext,
  list: string,
  input: unknown,
): Promise<MedicalEntry> {
  const live = await requirePatient(s, call);
  const fields = checkMedicalEntry(list, input);
  if (!isMedicalList(list)) throw new NotFoundError(); // (checked above: narrows the type)
  const patientId = live.patient.id;
  return s.db.transaction(async (q) => {
    // Locked first, counted after: two adds at once cannot pass the limit together.
    await lockPatientMedical(q, patientId);
    checkCanAddMedicalEntry(list, (await patientMedicalEntries(q, patientId, {list})).length);
    const now = s.clock();
    const entry = patientReported(newId(), fields, now);
    await insertMedicalEntry(q, {patientId, list, entry, updatedMs: now});
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'medical.add',
      patientId,
      medicalEntryId: entry.id,
      sessionId: live.row.id,
    });
    return entry;
  });
}

/** Corrects or removes one of the patient's entries; another's, another list's or an unknown id: 404, audited. */
async function changeEntry(
  s: PortalContext,
  call: CallContext,
  list: string,
  id: string,
  input: unknown,
  action: 'update' | 'remove',
): Promise<MedicalEntry | undefined> {
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const fields = action === 'update' && isMedicalList(list) ? checkMedicalEntry(list, input) : undefined;
  const result = await s.db.transaction(async (q) => {
    const found =
      isMedicalList(list) && isMedicalEntryId(id)
        ? await findMedicalEntry(q, patientId, list, id)
        : undefined;
    await auditCall(s, q, call, {
      actor: patientId,
      action: found ? `medical.${action}` : 'medical.denied',
      patientId,
      medicalEntryId: String(id).slice(0, 100),
      sessionId: live.row.id,
    });
    if (!found) return 'not-found' as const;
    if (action === 'remove') {
      await deleteMedicalEntry(q, patientId, found.entry.id);
      return undefined;
    }
    const now = s.clock();
    const entry = patientReported(found.entry.id, fields!, now);
    await updateRow(q, {patientId, entry, updatedMs: now});
    return entry;
  });
  if (result === 'not-found') throw new NotFoundError();
  return result;
}

export async function updateMedicalEntry(
  s: PortalContext,
  call: CallContext,
  list: string,
  id: string,
  input: unknown,
): Promise<MedicalEntry> {
  return (await changeEntry(s, call, list, id, input, 'update'))!;
}

export async function removeMedicalEntry(
  s: PortalContext,
  call: CallContext,
  list: string,
  id: string,
): Promise<void> {
  await changeEntry(s, call, list, id, undefined, 'remove');
}

/** Seeding: a seeded patient's entries, as the demo clinic in memory has them. */
export async function seedMedical(
  s: PortalContext,
  q: Queryable,
  patientId: string,
  entries: readonly SeedMedicalEntry[],
): Promise<void> {
  const now = s.clock();
  for (const e of entries) {
    const fields = checkMedicalEntry(e.list, e.fields);
    const entry = {
      ...patientReported(newId(), fields, now),
      reportedBy: e.reportedBy,
      reviewed: e.reviewed,
    } as MedicalEntry;
    await insertMedicalEntry(q, {patientId, list: e.list, entry, updatedMs: now});
  }
}

/**
 * The clinic marks a patient's medical entries reviewed (the staff's `npm run server:review-medical`):
 * those not reviewed yet (`rules/medical.ts`' {@link clinicReviewed}), audited as the clinic's
 * `medical.reviewed` with the patient's id only. An unknown patient: `NotFoundError`. Answers how
 * many entries it marked.
 */
export async function reviewMedicalEntries(s: PortalContext, patientId: string): Promise<number> {
  return s.db.transaction(async (q) => {
    const [patient] = await q.query<{id: string}>('SELECT id FROM patients WHERE id = $1', [patientId]);
    if (!patient) throw new NotFoundError();
    await lockPatientMedical(q, patientId);
    const reviewed = clinicReviewed((await patientMedicalEntries(q, patientId)).map((r) => r.entry));
    for (const entry of reviewed)
      await updateRow(q, {patientId, entry, updatedMs: Date.parse(entry.updatedAt)});
    await audit(s, q, 'clinic', 'medical.reviewed', patientId);
    return reviewed.length;
  });
}
