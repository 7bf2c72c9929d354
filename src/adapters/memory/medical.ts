/**
 * The memory adapter's medical information (#17, item 4): the signed-in patient's allergies,
 * medications, conditions and emergency contacts. What is accepted and what an entry becomes when
 * she writes it are the domain's (`domain/rules/medical.ts`). Loaded on first use with the profile's part
 * (`profile.ts` re-exports it), with the demo patient's seed (`demo-medical.ts`).
 */
import {NotFoundError} from '../adapter.js';
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
  type MedicalList,
  type MedicalRecord,
} from '../../domain/rules/medical.js';
import {toInstantString} from '../../domain/time.js';
import {DEMO_CLINIC_ID, demoMedical} from './demo-medical.js';
import type {MemoryState} from './state.js';

interface StoredEntry extends MedicalRecord {
  entry: MedicalEntry;
  readonly patientId: string;
}

interface MedicalState {
  readonly entries: Map<string, StoredEntry>;
  seq: number;
}

const records = new WeakMap<MemoryState, MedicalState>();

/** The medical state, with the seeded patients' entries (the clinic's, or the demo clinic's), once. */
export async function ready(memory: MemoryState): Promise<void> {
  if (records.has(memory)) return;
  const s: MedicalState = {entries: new Map(), seq: 0};
  records.set(memory, s);
  const data = memory.data;
  const seeds = data.medical ?? (data.clinic.id === DEMO_CLINIC_ID ? demoMedical() : []);
  for (const {patientKey, entries} of seeds) {
    const email = data.patients?.find((p) => p.key === patientKey)?.email;
    const patient = [...memory.patients.values()].find((p) => p.email === email);
    if (!patient) continue;
    for (const e of entries) {
      const id = `med_${memory.nextToken('medical').slice(0, 24)}`;
      const fields = checkMedicalEntry(e.list, e.fields);
      s.entries.set(id, {
        list: e.list,
        entry: {
          id,
          ...fields,
          reportedBy: e.reportedBy,
          reviewed: e.reviewed,
          updatedAt: toInstantString(memory.clock()),
        },
        seq: ++s.seq,
        patientId: patient.id,
      });
    }
  }
}

function stateOf(memory: MemoryState): MedicalState {
  memory.need(memory.caps.medical === true, 'medical');
  return records.get(memory)!;
}

function own(s: MedicalState, patientId: string, list?: MedicalList): StoredEntry[] {
  return [...s.entries.values()].filter((e) => e.patientId === patientId && (!list || e.list === list));
}

export function getMedicalInfo(memory: MemoryState): MedicalInfo {
  const s = stateOf(memory);
  return structuredClone(medicalInfoOf(own(s, memory.requirePatient().id)));
}

export function addMedicalEntry(memory: MemoryState, list: MedicalList, input: unknown): MedicalEntry {
  const s = stateOf(memory);
  const patient = memory.requirePatient();
  const fields = checkMedicalEntry(list, input);
  checkCanAddMedicalEntry(list, own(s, patient.id, list).length);
  const id = `med_${memory.nextToken('medical').slice(0, 24)}`;
  const entry = patientReported(id, fields, memory.clock());
  s.entries.set(id, {list, entry, seq: ++s.seq, patientId: patient.id});
  return structuredClone(entry);
}

/** One of the patient's entries in `list`; another's, another list's or an unknown id: not found. */
function ownEntry(memory: MemoryState, s: MedicalState, list: unknown, id: unknown): StoredEntry {
  const patient = memory.requirePatient();
  const stored = isMedicalEntryId(id) ? s.entries.get(id) : undefined;
  if (!isMedicalList(list) || !stored || stored.patientId !== patient.id || stored.list !== list)
    throw new NotFoundError();
  return stored;
}

export function updateMedicalEntry(
  memory: MemoryState,
  list: MedicalList,
  id: string,
  input: unknown,
): MedicalEntry {
  const s = stateOf(memory);
  const stored = ownEntry(memory, s, list, id);
  const fields = checkMedicalEntry(list, input);
  stored.entry = patientReported(stored.entry.id, fields, memory.clock());
  return structuredClone(stored.entry);
}

export function removeMedicalEntry(memory: MemoryState, list: MedicalList, id: string): void {
  const s = stateOf(memory);
  s.entries.delete(ownEntry(memory, s, list, id).entry.id);
}

/**
 * The clinic has reviewed the patient's entries (the demo's and tests' staff side, no session, as
 * the reference server's `npm run server:review-medical`): those not reviewed yet are marked
 * (`rules/medical.ts`' `clinicReviewed`); how many. An unknown patient: not found.
 */
export function reviewMedicalEntries(memory: MemoryState, patientId: string): number {
  const s = stateOf(memory);
  if (!memory.patients.has(patientId)) throw new NotFoundError();
  const mine = own(s, patientId);
  const reviewed = new Map(clinicReviewed(mine.map((e) => e.entry)).map((e) => [e.id, e]));
  for (const stored of mine) stored.entry = reviewed.get(stored.entry.id) ?? stored.entry;
  return reviewed.size;
}
