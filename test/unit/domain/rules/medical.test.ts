import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  MAX_MEDICAL_ENTRIES,
  MEDICAL_TEXT_MAX,
  checkCanAddMedicalEntry,
  checkMedicalEntry,
  isMedicalEntryId,
  medicalEntryProblems,
  medicalInfoOf,
  patientReported,
  type MedicalRecord,
} from '../../../../src/domain/rules/medical.js';

function fieldsOf(f: () => unknown): Record<string, string> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return {...(e as ValidationError).fields};
  }
  throw new Error('expected a ValidationError');
}

describe('medical information rules', () => {
  it('accepts each list’s entry, trimmed, with empty optional fields left out', () => {
    expect(
      checkMedicalEntry('allergies', {substance: ' Penicilina ', reaction: '', severity: 'severe'}),
    ).toEqual({
      substance: 'Penicilina',
      severity: 'severe',
    });
    expect(
      checkMedicalEntry('medications', {name: 'Levotiroxina', dose: '50 µg', frequency: 'diario'}),
    ).toEqual({
      name: 'Levotiroxina',
      dose: '50 µg',
      frequency: 'diario',
    });
    expect(checkMedicalEntry('conditions', {name: 'Hipotiroidismo', since: '2018'})).toEqual({
      name: 'Hipotiroidismo',
      since: '2018',
    });
    expect(
      checkMedicalEntry('emergencyContacts', {name: 'María', relationship: 'Madre', phone: '+525587654321'}),
    ).toEqual({name: 'María', relationship: 'Madre', phone: '+525587654321'});
  });

  it('refuses a 10,000-character allergy with too-long, and a text one character over the limit', () => {
    expect(fieldsOf(() => checkMedicalEntry('allergies', {substance: 'x'.repeat(10_000)}))).toEqual({
      substance: 'too-long',
    });
    expect(medicalEntryProblems('medications', {name: 'ñ'.repeat(MEDICAL_TEXT_MAX + 1)})).toEqual({
      name: 'too-long',
    });
    // Counted in characters: 200 emoji (400 UTF-16 units) are fine.
    expect(medicalEntryProblems('medications', {name: '💊'.repeat(MEDICAL_TEXT_MAX)})).toEqual({});
  });

  it('names each wrong field: required, invalid, invalid-phone, unknown fields, unknown list', () => {
    expect(medicalEntryProblems('allergies', {reaction: 'Hives'})).toEqual({substance: 'required'});
    expect(medicalEntryProblems('allergies', {substance: 'Látex', severity: 'deadly'})).toEqual({
      severity: 'invalid',
    });
    expect(
      medicalEntryProblems('emergencyContacts', {name: ' ', relationship: 'Hermano', phone: '5512'}),
    ).toEqual({
      name: 'required',
      phone: 'invalid-phone',
    });
    expect(medicalEntryProblems('conditions', {name: 'Asma', id: 'med_x', reviewed: true})).toEqual({
      id: 'invalid',
      reviewed: 'invalid',
    });
    expect(medicalEntryProblems('conditions', {name: 42})).toEqual({name: 'invalid'});
    expect(medicalEntryProblems('conditions', {name: 'a\u0000b'})).toEqual({name: 'invalid'});
    expect(medicalEntryProblems('conditions', {name: 'a\ud800b'})).toEqual({name: 'invalid'});
    expect(medicalEntryProblems('surgeries', {name: 'x'})).toEqual({list: 'invalid'});
    expect(medicalEntryProblems('conditions', null)).toEqual({entry: 'invalid'});
    expect(medicalEntryProblems('conditions', ['x'])).toEqual({entry: 'invalid'});
  });

  it('keeps at most 50 entries a list', () => {
    expect(() => checkCanAddMedicalEntry('allergies', MAX_MEDICAL_ENTRIES - 1)).not.toThrow();
    expect(fieldsOf(() => checkCanAddMedicalEntry('allergies', MAX_MEDICAL_ENTRIES))).toEqual({
      allergies: 'too-many',
    });
  });

  it('marks what the patient writes as reported by her and not reviewed, with when', () => {
    const at = Date.UTC(2026, 11, 6, 17, 0);
    expect(patientReported('med_1', {substance: 'Látex'}, at)).toEqual({
      id: 'med_1',
      substance: 'Látex',
      reportedBy: 'patient',
      reviewed: false,
      updatedAt: '2026-12-06T17:00:00Z',
    });
  });

  it('groups stored entries into the four lists, oldest first', () => {
    const rec = (list: MedicalRecord['list'], id: string, seq: number): MedicalRecord => ({
      list,
      seq,
      entry: {...patientReported(id, {name: id}, 0)} as MedicalRecord['entry'],
    });
    const info = medicalInfoOf([
      rec('conditions', 'b', 3),
      rec('medications', 'm', 2),
      rec('conditions', 'a', 1),
    ]);
    expect(info.conditions.map((e) => e.id)).toEqual(['a', 'b']);
    expect(info.medications.map((e) => e.id)).toEqual(['m']);
    expect(info.allergies).toEqual([]);
    expect(info.emergencyContacts).toEqual([]);
  });

  it('knows an entry id by its shape', () => {
    expect(isMedicalEntryId('med_abc-1')).toBe(true);
    expect(isMedicalEntryId('../../etc/passwd')).toBe(false);
    expect(isMedicalEntryId(7)).toBe(false);
  });
});
