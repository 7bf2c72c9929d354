/**
 * Contract cases: the patient's insurance cards (issue #17, item 5). Several cards, exactly one
 * primary whenever she has any: her first card, the one she makes primary, and after the primary
 * is removed the oldest one left. Bad input (a member number with other characters, a 10,000-character
 * insurer) is refused field by field with nothing stored; at most 5 cards;
 * another patient's card is not found, as an unknown one; signed out is refused; a backend without
 * insurance cards says so.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {
  Capabilities,
  InsuranceCard,
  InsuranceCardFields,
  PortalAdapter,
} from '../../src/adapters/adapter.js';
import {MAX_INSURANCE_CARDS} from '../../src/domain/rules/insurance.js';
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

const primaries = (cards: readonly InsuranceCard[]) => cards.filter((c) => c.primary).map((c) => c.id);

export function insuranceContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  const ops = () => ({
    list: a.listInsuranceCards!.bind(a),
    add: a.addInsuranceCard!.bind(a),
    update: a.updateInsuranceCard!.bind(a),
    primary: a.setPrimaryInsuranceCard!.bind(a),
    remove: a.removeInsuranceCard!.bind(a),
  });
  const card = (memberNumber: string): InsuranceCardFields => ({insurer: 'Aseguradora Ñandú', memberNumber});

  describe('insurance cards', () => {
    it('says whether it keeps insurance cards, and refuses them when it does not', async () => {
      if (caps.insurance) {
        for (const op of [
          'listInsuranceCards',
          'addInsuranceCard',
          'updateInsuranceCard',
          'setPrimaryInsuranceCard',
          'removeInsuranceCard',
        ] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.listInsuranceCards) await expectNotSupported(a.listInsuranceCards());
      if (a.addInsuranceCard) await expectNotSupported(a.addInsuranceCard(card('A1')));
      if (a.removeInsuranceCard) await expectNotSupported(a.removeInsuranceCard('ins_x'));
    });

    it('adds, corrects, makes primary and removes cards, with exactly one primary while any is left', async (ctx) => {
      if (!caps.insurance) ctx.skip('no insurance cards');
      const o = ops();
      await expectNotSignedIn(o.list());
      await expectNotSignedIn(o.add(card('A1')));
      await signIn();
      // Start from none (the demo patient has one).
      for (const existing of await o.list()) await o.remove(existing.id);
      expect(await o.list()).toEqual([]);

      const first = await o.add({
        insurer: ' Seguros Monterrey ',
        plan: ' Plata ',
        memberNumber: ' GMM  4471-09/2.3 ',
      });
      expect(first).toMatchObject({
        insurer: 'Seguros Monterrey',
        plan: 'Plata',
        memberNumber: 'GMM 4471-09/2.3',
        primary: true,
      });
      expect(first.id).toMatch(/^ins_/);
      expect(Number.isNaN(Date.parse(first.updatedAt))).toBe(false);
      const second = await o.add(card('B-2'));
      expect(second.primary).toBe(false);
      expect(second).not.toHaveProperty('plan');
      const third = await o.add(card('C3'));
      expect((await o.list()).map((x) => x.id)).toEqual([first.id, second.id, third.id]);

      // Making another primary: it comes first, the old one is not primary any more.
      const after = await o.primary(third.id);
      expect(after.map((x) => x.id)).toEqual([third.id, first.id, second.id]);
      expect(primaries(after)).toEqual([third.id]);
      expect(await o.list()).toEqual(after);

      // A correction keeps whether it is primary.
      const fixed = await o.update(third.id, {insurer: 'GNP', memberNumber: 'C3-X'});
      expect(fixed).toMatchObject({id: third.id, insurer: 'GNP', memberNumber: 'C3-X', primary: true});

      // Bad input: refused by field, nothing stored.
      const stored = await o.list();
      await expectFields(o.add({insurer: 'x'.repeat(10_000), memberNumber: 'A1'}), {insurer: 'too-long'});
      await expectFields(o.add({insurer: 'GNP', memberNumber: '<script>'}), {memberNumber: 'invalid'});
      await expectFields(o.add({insurer: 'GNP', memberNumber: '1'.repeat(41)}), {memberNumber: 'too-long'});
      await expectFields(o.add({insurer: '', memberNumber: ''}), {
        insurer: 'required',
        memberNumber: 'required',
      });
      await expectFields(o.update(second.id, {insurer: 'GNP', memberNumber: 'ñ'}), {memberNumber: 'invalid'});
      await expect(o.list()).resolves.toEqual(stored);

      // Unknown ids: not found.
      await expectCode(o.update('ins_no_such_card', card('A1')), 'not-found');
      await expectCode(o.primary('../../etc/passwd'), 'not-found');
      await expectCode(o.remove('ins_no_such_card'), 'not-found');

      // Removing the primary: the oldest card left becomes primary.
      const left = await o.remove(third.id);
      expect(left.map((x) => x.id)).toEqual([first.id, second.id]);
      expect(primaries(left)).toEqual([first.id]);
      // Removing another: the primary stays.
      await o.primary(second.id);
      expect(primaries(await o.remove(first.id))).toEqual([second.id]);
      await expectCode(o.remove(first.id), 'not-found');

      // At most 5.
      for (let i = (await o.list()).length; i < MAX_INSURANCE_CARDS; i++) await o.add(card(`N${i}`));
      await expectFields(o.add(card('ONE-TOO-MANY')), {cards: 'too-many'});
      expect(await o.list()).toHaveLength(MAX_INSURANCE_CARDS);
      for (const x of await o.list()) await o.remove(x.id);
      expect(await o.list()).toEqual([]);
    });

    it('keeps a patient’s cards hers: another patient’s card is not found', async (ctx) => {
      if (!caps.insurance) ctx.skip('no insurance cards');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      await signIn();
      const mine = await o.add(card('MINE-1'));
      await a.signOut();
      await expectNotSignedIn(o.remove(mine.id));
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      expect(await o.list()).toEqual([]);
      await expectCode(o.update(mine.id, card('THEIRS')), 'not-found');
      await expectCode(o.primary(mine.id), 'not-found');
      await expectCode(o.remove(mine.id), 'not-found');
      // Her own first card is primary, whatever the other patient has.
      expect((await o.add(card('HERS-1'))).primary).toBe(true);
      await a.signOut();
      await signIn();
      expect((await o.list()).find((x) => x.id === mine.id)).toMatchObject({memberNumber: 'MINE-1'});
      await o.remove(mine.id);
    });
  });
}
