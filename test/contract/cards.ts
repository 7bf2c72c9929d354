/**
 * Contract cases: cards on file (issue #20, item 3). A card is saved through a card setup (amount 0,
 * `mode: 'setup'`) confirmed by the demo payment step; the declined test card saves nothing; the
 * first card is the default; "make default" moves it; removing the default makes the newest card
 * left the default; the list never holds a number; another patient's card is not found, as an
 * unknown one; a backend without cards says so.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import type {ContractContext} from './context.js';
import {
  STRONG,
  expectCode,
  expectFields,
  expectNotSupported,
  linkWithToken,
  newDetails,
  tokenOf,
} from './helpers.js';

export function cardsContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  const ops = () => ({
    listCards: a.listCards!.bind(a),
    startCardSetup: a.startCardSetup!.bind(a),
    confirm: a.confirmDemoCardSetup!.bind(a),
    setDefaultCard: a.setDefaultCard!.bind(a),
    removeCard: a.removeCard!.bind(a),
  });

  /** Saves one demo test card; answers the list after. */
  async function save(key: string, card: string) {
    const o = ops();
    const setup = await o.startCardSetup(key);
    await o.confirm(setup.id, card);
    return o.listCards();
  }

  describe('cards on file', () => {
    it('says whether it keeps cards on file, and refuses them when it does not', async () => {
      if (caps.cards) {
        for (const op of ['listCards', 'startCardSetup', 'setDefaultCard', 'removeCard'] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.listCards) await expectNotSupported(a.listCards());
      if (a.startCardSetup) await expectNotSupported(a.startCardSetup('k'));
      if (a.setDefaultCard) await expectNotSupported(a.setDefaultCard('card_x'));
      if (a.removeCard) await expectNotSupported(a.removeCard('card_x'));
    });

    it('saves a card without a charge: declined saves nothing, the first is the default, make default, remove', async (ctx) => {
      if (!caps.cards) ctx.skip('no cards on file');
      if (caps.payments !== 'demo' || !a.confirmDemoCardSetup) ctx.skip('no demo payment step');
      const o = ops();
      await expectCode(o.listCards(), 'not-signed-in');
      await expectCode(o.startCardSetup('k-signed-out'), 'not-signed-in');
      await signIn();
      const before = await o.listCards();
      for (const card of before) await o.removeCard(card.id);
      expect(await o.listCards()).toEqual([]);
      await expectFields(o.startCardSetup(''), {idempotencyKey: 'required'});

      // A setup charges nothing; the same key gives the same setup.
      const setup = await o.startCardSetup('cards-1');
      expect(setup).toMatchObject({mode: 'setup', provider: 'demo', amount: {amountMinor: 0}});
      expect((await o.startCardSetup('cards-1')).id).toBe(setup.id);
      // The declined test card: refused, nothing saved; then a good one is.
      await expectCode(o.confirm(setup.id, DEMO_CARD_CHOICES.declined), 'payment-failed');
      expect(await o.listCards()).toEqual([]);
      await expectFields(o.confirm(setup.id, '4111111111111111'), {cardNumber: 'invalid'});
      await o.confirm(setup.id, DEMO_CARD_CHOICES.succeeds);
      await o.confirm(setup.id, DEMO_CARD_CHOICES.succeeds); // again: still one card
      const [visa, ...none] = await o.listCards();
      expect(none).toEqual([]);
      expect(visa).toMatchObject({brand: 'visa', last4: '4242', expMonth: 12, isDefault: true});
      expect(visa.expYear).toBeGreaterThanOrEqual(new Date().getUTCFullYear());
      expect(JSON.stringify(visa)).not.toMatch(/4242424242424242/);

      // A second card is not the default until made so.
      const two = await save('cards-2', DEMO_CARD_CHOICES.mastercard);
      expect(two.map((x) => [x.brand, x.isDefault])).toEqual([
        ['visa', true],
        ['mastercard', false],
      ]);
      const master = two[1];
      const swapped = await o.setDefaultCard(master.id);
      expect(swapped.map((x) => [x.id, x.isDefault])).toEqual([
        [master.id, true],
        [visa.id, false],
      ]);
      expect(await o.listCards()).toEqual(swapped);
      // Removing the default: the newest left becomes it.
      const third = await save('cards-3', DEMO_CARD_CHOICES['charge-declines']);
      expect(third.map((x) => x.last4)).toEqual(['4444', '0341', '4242']);
      const left = await o.removeCard(master.id);
      expect(left.map((x) => [x.last4, x.isDefault])).toEqual([
        ['0341', true],
        ['4242', false],
      ]);
      await expectCode(o.removeCard(master.id), 'not-found');
      await expectCode(o.setDefaultCard('card_no_such_card'), 'not-found');
      await expectCode(o.setDefaultCard('../../etc/passwd'), 'not-found');
      for (const card of left) await o.removeCard(card.id);
      expect(await o.listCards()).toEqual([]);
    });

    it('keeps a patient’s cards hers: another patient’s card and setup are not found', async (ctx) => {
      if (!caps.cards) ctx.skip('no cards on file');
      if (caps.payments !== 'demo' || !a.confirmDemoCardSetup) ctx.skip('no demo payment step');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      await signIn();
      const [mine] = await save('owner-1', DEMO_CARD_CHOICES.succeeds);
      const open = await o.startCardSetup('owner-2');
      await a.signOut();
      await expectCode(o.setDefaultCard(mine.id), 'not-signed-in');
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      expect(await o.listCards()).toEqual([]);
      await expectCode(o.setDefaultCard(mine.id), 'not-found');
      await expectCode(o.removeCard(mine.id), 'not-found');
      await expectCode(o.confirm(open.id, DEMO_CARD_CHOICES.succeeds), 'not-found');
      // Her own key is her own: the first patient's key gives her a new setup.
      expect((await o.startCardSetup('owner-2')).id).not.toBe(open.id);
      await a.signOut();
      await signIn();
      expect((await o.listCards()).map((x) => x.id)).toContain(mine.id);
      await o.removeCard(mine.id);
    });
  });
}
