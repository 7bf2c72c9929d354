import {describe, expect, it} from 'vitest';
import {NotFoundError, NotSupportedError, ValidationError} from '../../../src/adapters/adapter.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MemoryAdapter,
  createDemoAdapter,
  createDemoClinicData,
} from '../../../src/adapters/memory/index.js';

const NOW = Date.parse('2026-12-05T18:00:00Z');

describe('memory adapter: medical information (#17)', () => {
  it('seeds the demo patient: penicillin (clinic, reviewed), levothyroxine, her mother', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    expect((await adapter.getCapabilities()).medical).toBe(true);
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const info = await adapter.getMedicalInfo();
    expect(info.allergies).toMatchObject([{substance: 'Penicilina', reportedBy: 'clinic', reviewed: true}]);
    expect(info.medications).toMatchObject([{name: 'Levotiroxina', reportedBy: 'patient', reviewed: false}]);
    expect(info.emergencyContacts).toMatchObject([{relationship: 'Madre', phone: '+525587654321'}]);
    expect(info.conditions).toEqual([]);
    expect(info.allergies[0]!.updatedAt).toBe('2026-12-05T18:00:00Z');
  });

  it('stores nothing for a 10,000-character allergy', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const before = await adapter.getMedicalInfo();
    const e = await adapter
      .addMedicalEntry('allergies', {substance: 'x'.repeat(10_000)})
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).fields).toEqual({substance: 'too-long'});
    expect(await adapter.getMedicalInfo()).toEqual(before);
  });

  it('seeds nothing for another clinic, and refuses when the capability is off', async () => {
    const data = {...createDemoClinicData(), clinic: {...createDemoClinicData().clinic, id: 'other'}};
    const other = new MemoryAdapter({data, clock: () => NOW, seed: 't'});
    await other.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const info = await other.getMedicalInfo();
    expect(Object.values(info).flat()).toEqual([]);
    const off = createDemoAdapter({clock: () => NOW, capabilities: {medical: false}});
    await off.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    await expect(off.getMedicalInfo()).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('the clinic’s review (staff side): her unreviewed entries marked, kept as reported; a later correction awaits review again', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    const signed = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (signed.status !== 'signed-in') throw new Error('not signed in');
    const patientId = signed.session.patient.id;
    const added = await adapter.addMedicalEntry('conditions', {name: 'Asma'});
    const before = await adapter.getMedicalInfo();
    await expect(adapter.reviewMedicalEntries('pat_nobody')).rejects.toBeInstanceOf(NotFoundError);
    expect(await adapter.getMedicalInfo()).toEqual(before);
    // Levothyroxine, her mother and the condition she added.
    expect(await adapter.reviewMedicalEntries(patientId)).toBe(3);
    const after = await adapter.getMedicalInfo();
    const all = (i: typeof after) => Object.values(i).flat() as {reviewed: boolean}[];
    expect(all(after)).toEqual(all(before).map((e) => ({...e, reviewed: true})));
    expect(after.conditions).toMatchObject([{name: 'Asma', reportedBy: 'patient', reviewed: true}]);
    expect(await adapter.reviewMedicalEntries(patientId)).toBe(0);
    await adapter.updateMedicalEntry('conditions', added.id, {name: 'Asma leve'});
    expect((await adapter.getMedicalInfo()).conditions).toMatchObject([{name: 'Asma leve', reviewed: false}]);
  });
});
