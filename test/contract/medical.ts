/**
 * Contract cases: medical information the patient keeps up to date (issue #17, item 4). Four lists
 * (allergies, medications, conditions, emergency contacts) she adds to, corrects and removes from;
 * what she writes is "reported by you" (`reportedBy: 'patient'`, not reviewed), a correction of the
 * clinic's own entry too; bad input (a 10,000-character allergy, a bad phone) is refused field by
 * field with nothing stored; another patient's entry is not found, as an unknown one; signed out is
 * refused; a backend without medical information says so.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, MedicalInfo, PortalAdapter} from '../../src/adapters/adapter.js';
import type {ContractContext} from './context.js';
import {
  STRONG,
  expectCode,
  expectFields,
  expectNotSignedIn,
  expectNotSupported,
  linkWithToken,
  newDetails,
  tokenOf,
} from './helpers.js';

const count = (info: MedicalInfo) =>
  info.allergies.length + info.medications.length + info.conditions.length + info.emergencyContacts.length;

export function medicalContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  const ops = () => ({
    get: a.getMedicalInfo!.bind(a),
    add: a.addMedicalEntry!.bind(a),
    update: a.updateMedicalEntry!.bind(a),
    remove: a.removeMedicalEntry!.bind(a),
  });

  describe('medical information', () => {
    it('says whether it keeps medical information, and refuses it when it does not', async () => {
      if (caps.medical) {
        for (const op of [
          'getMedicalInfo',
          'addMedicalEntry',
          'updateMedicalEntry',
          'removeMedicalEntry',
        ] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.getMedicalInfo) await expectNotSupported(a.getMedicalInfo());
      if (a.addMedicalEntry) await expectNotSupported(a.addMedicalEntry('allergies', {substance: 'Látex'}));
      if (a.removeMedicalEntry) await expectNotSupported(a.removeMedicalEntry('allergies', 'med_x'));
    });

    it('adds, corrects and removes entries, each reported by the patient until the clinic reviews it', async (ctx) => {
      if (!caps.medical) ctx.skip('no medical information');
      const o = ops();
      await expectNotSignedIn(o.get());
      await expectNotSignedIn(o.add('allergies', {substance: 'Látex'}));
      await signIn();
      const before = await o.get();
      expect(Object.keys(before).sort()).toEqual([
        'allergies',
        'conditions',
        'emergencyContacts',
        'medications',
      ]);

      const latex = await o.add('allergies', {substance: ' Látex ', reaction: 'Ronchas', severity: 'severe'});
      expect(latex).toMatchObject({
        substance: 'Látex',
        reaction: 'Ronchas',
        severity: 'severe',
        reportedBy: 'patient',
        reviewed: false,
      });
      expect(latex.id).toMatch(/^med_/);
      expect(Number.isNaN(Date.parse(latex.updatedAt))).toBe(false);
      const contact = await o.add('emergencyContacts', {
        name: 'María José Ñúñez-O’Connor',
        relationship: 'Hermana',
        phone: '+34612345678',
      });
      const asthma = await o.add('conditions', {name: 'Asma', since: '2010'});
      await o.add('medications', {name: 'Salbutamol'});
      const after = await o.get();
      expect(after.allergies.at(-1)).toEqual(latex);
      expect(after.emergencyContacts.at(-1)).toEqual(contact);
      expect(after.emergencyContacts.at(-1)?.name).toBe('María José Ñúñez-O’Connor');
      expect(after.conditions.at(-1)).toEqual(asthma);
      expect(after.medications.at(-1)).toMatchObject({name: 'Salbutamol', reportedBy: 'patient'});
      expect(count(after)).toBe(count(before) + 4);

      // A correction replaces what it says (an optional field left out is gone).
      const fixed = await o.update('conditions', asthma.id, {name: 'Asma leve'});
      expect(fixed).toMatchObject({id: asthma.id, name: 'Asma leve', reportedBy: 'patient', reviewed: false});
      expect(fixed).not.toHaveProperty('since');
      expect((await o.get()).conditions.find((x) => x.id === asthma.id)).toEqual(fixed);

      // A clinic-reviewed entry (the demo clinic's) corrected by the patient is hers, unreviewed.
      const reviewed = before.allergies.find((x) => x.reviewed);
      if (reviewed) {
        expect(reviewed.reportedBy).toBe('clinic');
        const mine = await o.update('allergies', reviewed.id, {
          substance: reviewed.substance,
          severity: 'severe',
        });
        expect(mine).toMatchObject({reportedBy: 'patient', reviewed: false, severity: 'severe'});
      }

      // Bad input: refused by field, nothing stored.
      const stored = await o.get();
      await expectFields(o.add('allergies', {substance: 'x'.repeat(10_000)}), {substance: 'too-long'});
      await expectFields(o.add('allergies', {substance: ''}), {substance: 'required'});
      await expectFields(
        o.add('emergencyContacts', {name: 'Luis', relationship: 'Padre', phone: '55 1234' as `+${string}`}),
        {
          phone: 'invalid-phone',
        },
      );
      await expectFields(o.update('conditions', asthma.id, {name: 'y'.repeat(201)}), {name: 'too-long'});
      await expect(o.get()).resolves.toEqual(stored);

      // Unknown ids, and an id given with another list: not found.
      await expectCode(o.update('allergies', asthma.id, {substance: 'Polen'}), 'not-found');
      await expectCode(o.remove('allergies', 'med_no_such_entry'), 'not-found');
      await expectCode(o.remove('conditions', '../../etc/passwd'), 'not-found');

      await o.remove('allergies', latex.id);
      await o.remove('emergencyContacts', contact.id);
      await expectCode(o.remove('allergies', latex.id), 'not-found');
      const left = await o.get();
      expect(left.allergies.map((x) => x.id)).not.toContain(latex.id);
      expect(count(left)).toBe(count(before) + 2);
    });

    it('keeps a patient’s medical information hers: another patient’s entry is not found', async (ctx) => {
      if (!caps.medical) ctx.skip('no medical information');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      await signIn();
      const mine = await o.add('medications', {name: 'Metformina', dose: '850 mg'});
      await a.signOut();
      await expectNotSignedIn(o.remove('medications', mine.id));
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      const hers = await o.get();
      expect(count(hers)).toBe(0);
      await expectCode(o.update('medications', mine.id, {name: 'Otra'}), 'not-found');
      await expectCode(o.remove('medications', mine.id), 'not-found');
      await a.signOut();
      await signIn();
      const back = await o.get();
      expect(back.medications.find((x) => x.id === mine.id)).toMatchObject({
        name: 'Metformina',
        dose: '850 mg',
      });
      await o.remove('medications', mine.id);
    });
  });
}
