/**
 * Contract cases: booking with a card on file (issue #20, item 4). Where the clinic charges a
 * late-cancellation or no-show fee and the visit takes no deposit, a signed-in booking authorizes
 * a saved card (the default, or the one named); a card that declines books nothing; a late
 * cancellation charges the fee to it once (however many cancellations, at once or one after the
 * other), emails the patient and bills it as a paid fee line; cancelling in time charges nothing;
 * a guest booking authorizes nothing; the clinic's no-show mark charges the no-show fee the same
 * way.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import type {Appointment, Clinic, Money} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {HOUR, MINUTE, expectCode, expectFields, ms} from './helpers.js';
import {drawnText} from './billing.js';

export function cardFeesContract(c: ContractContext): void {
  const {
    it,
    needClock,
    serverNow,
    advanceTo,
    signIn,
    pickSlots,
    bookingRequest,
    hasOutbox,
    outboxSince,
    outboxSize,
  } = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  beforeEach(() => {
    ({h, a, caps, clinic} = c.state());
  });

  /** The fee a card on file is authorized for: the larger of the two fees. */
  const authorized = (): Money | undefined => {
    const fees = [clinic.cancellation.lateFee, clinic.cancellation.noShowFee].filter(
      (f): f is Money => !!f && f.amountMinor > 0,
    );
    return fees.sort((x, y) => y.amountMinor - x.amountMinor)[0];
  };

  /** Signed in, with exactly the default test card saved; answers the card. */
  async function withDefaultCard() {
    await signIn();
    for (const card of await a.listCards!()) await a.removeCard!(card.id);
    const setup = await a.startCardSetup!(`fees-${Date.now()}-${Math.random()}`);
    await a.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES.succeeds);
    const [card] = await a.listCards!();
    return card!;
  }

  /** A visit without a deposit, booked signed in, starting after the late window opens later. */
  async function bookNoDeposit(extra: {cardId?: string} = {}): Promise<Appointment> {
    const {services, slots} = await pickSlots(1, {
      deposit: false,
      after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
    });
    return a.book({...(await bookingRequest(slots[0], services, {signedIn: true})), ...extra});
  }

  const needsCards = (ctx: {skip(note?: string): never}) => {
    if (!caps.cards || caps.payments !== 'demo' || !a.confirmDemoCardSetup) ctx.skip('no cards on file');
    if (!authorized()) ctx.skip('the clinic charges no late-cancellation or no-show fee');
  };

  describe('booking with a card on file', () => {
    it('keeps the default card on file when booking; another saved card when named; an unknown card is refused', async (ctx) => {
      needsCards(ctx);
      const card = await withDefaultCard();
      const booked = await bookNoDeposit();
      expect(booked.cardOnFile).toEqual({brand: card.brand, last4: card.last4});
      expect(booked.feeCharged).toBeUndefined();
      // A second card, named: it is the one kept.
      const setup = await a.startCardSetup!('fees-second');
      await a.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES.mastercard);
      const second = (await a.listCards!()).find((x) => x.id !== card.id)!;
      const other = await bookNoDeposit({cardId: second.id});
      expect(other.cardOnFile).toEqual({brand: 'mastercard', last4: second.last4});
      await expectFields(bookNoDeposit({cardId: 'card_not_mine'}), {cardId: 'invalid'});
    });

    it('refuses a booking when the card declines, and stores nothing; with no card saved, asks for one', async (ctx) => {
      needsCards(ctx);
      await withDefaultCard();
      const setup = await a.startCardSetup!('fees-declines');
      await a.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES['charge-declines']);
      const declining = (await a.listCards!()).find((x) => x.last4 === '0341')!;
      const before = (await a.listAppointments({when: 'upcoming'})).total;
      const {services, slots} = await pickSlots(1, {
        deposit: false,
        after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
      });
      const request = {...(await bookingRequest(slots[0], services, {signedIn: true})), cardId: declining.id};
      await expectCode(a.book(request), 'payment-failed');
      expect((await a.listAppointments({when: 'upcoming'})).total).toBe(before);
      // Nothing was stored: the slot is still free, and the same key books with a good card.
      const booked = await a.book({...request, cardId: undefined});
      expect(booked.cardOnFile?.last4).toBe('4242');
      for (const card of await a.listCards!()) await a.removeCard!(card.id);
      await expectFields(bookNoDeposit(), {cardId: 'required'});
    });

    it('charges the late-cancellation fee to the card once, emails the patient, and bills it paid', async (ctx) => {
      needsCards(ctx);
      if (!caps.cancel || !clinic.cancellation.lateFee) ctx.skip('no late cancellation fee');
      const card = await withDefaultCard();
      const booked = await bookNoDeposit();
      needClock(ctx);
      await advanceTo(ms(booked.start) - clinic.cancellation.windowHours * HOUR + MINUTE);
      await signIn();
      const mark = await outboxSize();
      const reasonId = (await a.getCancellationReasons())[0].id;
      // Two at once, then once more: one charge.
      const results = await Promise.all([
        a.cancelAppointment({appointmentId: booked.id, reasonId}),
        a.cancelAppointment({appointmentId: booked.id, reasonId}),
      ]);
      const again = await a.cancelAppointment({appointmentId: booked.id, reasonId});
      const fee = clinic.cancellation.lateFee!;
      for (const r of [...results, again])
        expect(r.feeCharged).toEqual({
          kind: 'late-cancellation',
          amount: fee,
          card: {brand: card.brand, last4: card.last4},
        });
      const invoice = (await a.listInvoices!()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
      expect(invoice).toMatchObject({totalMinor: fee.amountMinor, balanceDueMinor: 0, status: 'paid'});
      expect(invoice.lines).toEqual([expect.objectContaining({kind: 'fee', amountMinor: fee.amountMinor})]);
      expect(invoice.payments).toEqual([
        expect.objectContaining({kind: 'fee', amount: fee, card: {brand: card.brand, last4: card.last4}}),
      ]);
      const history = (await a.listPayments!()).filter((p) => p.appointmentId === booked.id);
      expect(history.map((p) => p.kind)).toEqual(['fee']);
      // Its receipt names the card the fee was charged to (#20 item 1).
      if (a.getReceiptPdf) {
        const receipt = await a.getReceiptPdf(history[0]!.id, {language: 'en', locale: 'en-US'});
        const text = drawnText(new Uint8Array(await receipt.arrayBuffer()));
        const brand = {visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express'}[
          card.brand as string
        ];
        if (brand) expect(text).toContain(`Method: ${brand} ending ${card.last4}`);
      }
      if (hasOutbox()) {
        const sent = (await outboxSince(mark)).filter((m) => m.kind === 'fee-charged');
        expect(sent).toHaveLength(1);
        expect(sent[0]!.to).toBe(h.knownPatient.email);
        expect(sent[0]!.text).toContain(card.last4);
      }
    });

    it('charges nothing for a cancellation in time, nor for a visit booked without signing in', async (ctx) => {
      needsCards(ctx);
      await withDefaultCard();
      const booked = await bookNoDeposit();
      const reasonId = (await a.getCancellationReasons())[0].id;
      const cancelled = await a.cancelAppointment({appointmentId: booked.id, reasonId});
      expect(cancelled.feeCharged).toBeUndefined();
      expect(cancelled.cancellation?.fee).toBeUndefined();
      // A guest booking keeps no card (and is never charged: it is not the account's).
      await a.signOut();
      const {services, slots} = await pickSlots(1, {deposit: false});
      const guest = await a.book(await bookingRequest(slots[0], services, {signedIn: false}));
      expect(guest.cardOnFile).toBeUndefined();
    });

    it('charges the no-show fee when the clinic marks a visit booked with a card a no-show, once', async (ctx) => {
      needsCards(ctx);
      if (!h.markNoShow) ctx.skip('no staff side for no-shows in this harness');
      const fee = clinic.cancellation.noShowFee;
      if (!fee) ctx.skip('no no-show fee');
      const card = await withDefaultCard();
      const booked = await bookNoDeposit();
      await expectCode(h.markNoShow!(booked.id), 'validation'); // not started yet
      needClock(ctx);
      await advanceTo(ms(booked.start) + 5 * MINUTE);
      await signIn();
      const mark = await outboxSize();
      const [first, second] = await Promise.all([h.markNoShow!(booked.id), h.markNoShow!(booked.id)]);
      const third = await h.markNoShow!(booked.id);
      for (const r of [first, second, third]) {
        expect(r.status).toBe('no-show');
        expect(r.feeCharged).toEqual({
          kind: 'no-show',
          amount: fee,
          card: {brand: card.brand, last4: card.last4},
        });
      }
      const invoice = (await a.listInvoices!()).invoices.find((i) => i.visit?.appointmentId === booked.id)!;
      expect(invoice).toMatchObject({totalMinor: fee!.amountMinor, status: 'paid'});
      expect(invoice.lines.map((l) => [l.kind, l.description.en])).toEqual([['fee', 'No-show fee']]);
      if (hasOutbox())
        expect((await outboxSince(mark)).filter((m) => m.kind === 'fee-charged')).toHaveLength(1);
    });
  });
}
