/**
 * Contract cases: the waitlist (issue #21). A patient joins for a visit within a range of dates
 * and parts of the day (bad input refused field by field, nothing stored; at most three waiting),
 * lists and leaves her entries (another patient's id is not found); when a matching appointment is
 * cancelled, the time is offered to the waiting patients first joined first by an emailed link
 * that holds it; the first to accept books it, the other is told it's gone. Where the clinic keeps
 * a card on file for its fees, accepting authorizes her default card as a booking does: none saved
 * or a declined card books nothing and the offer stays held for her; a late cancellation of the
 * visit then charges the fee.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter, WaitlistRequest} from '../../src/adapters/adapter.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import type {Money, OutboxMessage, PatientDetails, PlainDate, Slot} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {
  DAY,
  HOUR,
  MINUTE,
  STRONG,
  expectCode,
  expectFields,
  expectNotSignedIn,
  expectNotSupported,
  linkWithToken,
  ms,
  newDetails,
  slotKey,
  tokenOf,
} from './helpers.js';

export function waitlistContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize, clinicToday, needClock, advanceTo, serverNow} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  const ops = () => ({
    list: a.listWaitlist!.bind(a),
    join: a.joinWaitlist!.bind(a),
    leave: a.leaveWaitlist!.bind(a),
    resolve: a.resolveWaitlistOffer!.bind(a),
    accept: a.acceptWaitlistOffer!.bind(a),
  });

  /** The clinic-zone date of an instant. */
  const dateOf = (instant: string): PlainDate => {
    const {clinic} = c.state();
    const parts = new Intl.DateTimeFormat('en', {
      timeZone: clinic.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(ms(instant));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}` as PlainDate;
  };

  /**
   * A new patient, registered and signed in (the email's verify link); with `card`, a good test card
   * saved where the backend keeps cards (a clinic with fees asks for one to book an offer).
   */
  async function newPatient(options: {card?: boolean} = {}): Promise<PatientDetails> {
    const details = newDetails();
    const sent = await outboxSize();
    await a.register({patient: details, password: STRONG, privacyConsent: true});
    const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
    await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
    if (options.card && caps.cards && caps.payments === 'demo' && a.confirmDemoCardSetup) {
      const setup = await a.startCardSetup!(`wl-${details.email}`);
      await a.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES.succeeds);
    }
    return details;
  }

  const offerTo = (messages: OutboxMessage[], email: string) =>
    messages.find(
      (m) =>
        m.kind === 'waitlist-offer' && m.channel === 'email' && m.to.toLowerCase() === email.toLowerCase(),
    );

  describe('waitlist', () => {
    it('says whether it has a waitlist, and refuses it when it does not', async () => {
      if (caps.waitlist) {
        for (const op of [
          'listWaitlist',
          'joinWaitlist',
          'leaveWaitlist',
          'resolveWaitlistOffer',
          'acceptWaitlistOffer',
        ] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.listWaitlist) await expectNotSupported(a.listWaitlist());
      if (a.joinWaitlist)
        await expectNotSupported(
          a.joinWaitlist({serviceIds: ['x'], from: '2030-01-01', to: '2030-01-02', partsOfDay: ['morning']}),
        );
      if (a.acceptWaitlistOffer) await expectNotSupported(a.acceptWaitlistOffer('nope'));
    });

    it('joins, lists and leaves; refuses bad requests field by field and more than three entries, nothing stored', async (ctx) => {
      if (!caps.waitlist) ctx.skip('no waitlist');
      const o = ops();
      const {catalog} = c.state();
      const {services} = await c.pickSlots(1);
      const today = await clinicToday();
      const request: WaitlistRequest = {
        serviceIds: services.map((s) => s.id),
        from: today,
        to: dateOf(new Date(ms(`${today}T12:00:00Z`) + 6 * DAY).toISOString()),
        partsOfDay: ['evening', 'morning'],
      };
      await expectNotSignedIn(o.list());
      await expectNotSignedIn(o.join(request));
      await signIn();
      const before = await o.list();
      for (const e of before) await o.leave(e.id);

      await expectFields(
        o.join({serviceIds: [], from: 'someday' as PlainDate, to: today, partsOfDay: ['night' as 'morning']}),
        {serviceIds: 'required', from: 'invalid-date', partsOfDay: 'invalid'},
      );
      await expectFields(o.join({...request, from: '2000-01-01', to: '1999-12-31'}), {
        from: 'invalid',
        to: 'invalid',
      });
      await expectFields(
        o.join({...request, to: dateOf(new Date(ms(`${today}T12:00:00Z`) + 120 * DAY).toISOString())}),
        {
          to: 'too-long',
        },
      );
      await expectFields(o.join({...request, partsOfDay: []}), {partsOfDay: 'required'});
      const stranger = catalog.providers.find((p) => !services.every((s) => s.providerIds.includes(p.id)));
      if (stranger)
        await expectFields(o.join({...request, providerId: stranger.id}), {providerId: 'invalid'});
      expect(await o.list()).toEqual([]);

      const entry = await o.join(request);
      expect(entry).toMatchObject({
        serviceIds: request.serviceIds,
        from: request.from,
        to: request.to,
        // In the day's order, once each.
        partsOfDay: ['morning', 'evening'],
      });
      expect(entry.id).toMatch(/^wl_/);
      expect(entry.providerId).toBeUndefined();
      await o.join(request);
      await o.join(request);
      await expectFields(o.join(request), {waitlist: 'too-many'});
      const listed = await o.list();
      expect(listed.map((e) => e.id)[0]).toBe(entry.id);
      expect(listed).toHaveLength(3);

      await o.leave(entry.id);
      expect((await o.list()).map((e) => e.id)).not.toContain(entry.id);
      await expectCode(o.leave(entry.id), 'not-found');
      await expectCode(o.leave('wl_unknown'), 'not-found');
      for (const e of await o.list()) await o.leave(e.id);
    });

    it('keeps entries to their patient: another patient’s entry is not found', async (ctx) => {
      if (!caps.waitlist) ctx.skip('no waitlist');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      const {services} = await c.pickSlots(1);
      const today = await clinicToday();
      await signIn();
      const mine = await o.join({
        serviceIds: services.map((s) => s.id),
        from: today,
        to: today,
        partsOfDay: ['morning'],
      });
      await a.signOut();
      await newPatient();
      expect(await o.list()).toEqual([]);
      await expectCode(o.leave(mine.id), 'not-found');
      await a.signOut();
      await signIn();
      expect((await o.list()).map((e) => e.id)).toContain(mine.id);
      await o.leave(mine.id);
    });

    it('offers a cancelled time to the waiting patients first joined first; the first to accept books it, the other is told it’s gone', async (ctx) => {
      if (!caps.waitlist || !caps.cancel) ctx.skip('no waitlist');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const o = ops();
      const {services, slot, appointment} = await c.bookedAppointment();
      await a.signOut();
      const request: WaitlistRequest = {
        serviceIds: services.map((s) => s.id),
        providerId: slot.providerId,
        from: await clinicToday(),
        to: dateOf(slot.start),
        partsOfDay: ['morning', 'afternoon', 'evening'],
      };
      const first = await newPatient({card: true});
      await o.join(request);
      await a.signOut();
      const second = await newPatient({card: true});
      await o.join(request);
      await a.signOut();

      await signIn();
      const sent = await outboxSize();
      const reasons = await a.getCancellationReasons();
      const plain = reasons.find((r) => !r.needsText) ?? reasons[0];
      await a.cancelAppointment({appointmentId: appointment.id, reasonId: plain.id, note: 'Otra cita'});
      await a.signOut();
      const messages = await outboxSince(sent);
      const toFirst = offerTo(messages, first.email);
      const toSecond = offerTo(messages, second.email);
      expect(toFirst, 'the first to join gets an offer').toBeTruthy();
      expect(toSecond, 'the second to join gets one too').toBeTruthy();
      // First joined first.
      expect(messages.indexOf(toFirst!)).toBeLessThan(messages.indexOf(toSecond!));
      // No clinical details: the time and the provider, never the visit's services.
      for (const s of services)
        for (const name of Object.values(s.name)) expect(toFirst!.text).not.toContain(name);
      const firstToken = tokenOf(linkWithToken(toFirst!)!);
      const secondToken = tokenOf(linkWithToken(toSecond!)!);

      // Held for them: not offered to anyone else meanwhile.
      expect(await c.stillFree(services, slot as Slot)).toBe(false);
      const offered = await o.resolve(firstToken);
      expect(offered).toMatchObject({
        state: 'open',
        providerId: slot.providerId,
        serviceIds: request.serviceIds,
      });
      expect(ms(offered.start)).toBe(ms(slot.start));
      await expectCode(o.resolve('not-a-token'), 'invalid-link');

      // The second accepts first: hers.
      const booked = await o.accept(secondToken);
      expect(booked.status).toBe('booked');
      expect(ms(booked.start)).toBe(ms(slot.start));
      expect(slotKey(booked)).toBe(slotKey(slot));
      // Accepting again is the same appointment.
      expect((await o.accept(secondToken)).id).toBe(booked.id);
      expect((await o.resolve(secondToken)).state).toBe('booked');
      // The first is told it's gone.
      expect((await o.resolve(firstToken)).state).toBe('gone');
      await expectCode(o.accept(firstToken), 'slot-taken');

      // The second's entry ended with the booking; the appointment is in her list.
      await signIn({email: second.email, password: STRONG});
      expect(await o.list()).toEqual([]);
      const page = await a.listAppointments({when: 'upcoming'});
      expect(page.items.map((x) => x.id)).toContain(booked.id);
      await a.signOut();
      // The first still waits.
      await signIn({email: first.email, password: STRONG});
      expect(await o.list()).toHaveLength(1);
    });
    it('keeps a card on file when an offer is booked where the clinic charges fees: none saved or declined books nothing and the offer stays held; a late cancellation then charges the fee', async (ctx) => {
      if (!caps.waitlist || !caps.cancel) ctx.skip('no waitlist');
      if (!caps.selfRegistration || !hasOutbox()) ctx.skip('cannot make a second patient');
      const {clinic} = c.state();
      const fees = [clinic.cancellation.lateFee, clinic.cancellation.noShowFee].filter(
        (f): f is Money => !!f && f.amountMinor > 0,
      );
      if (!caps.cards || caps.payments !== 'demo' || !a.confirmDemoCardSetup || fees.length === 0)
        ctx.skip('no card on file for fees');
      const o = ops();
      const {services, slot, appointment} = await c.bookedAppointment({
        after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
      });
      await a.signOut();
      const waiting = await newPatient();
      await o.join({
        serviceIds: services.map((s) => s.id),
        providerId: slot.providerId,
        from: await clinicToday(),
        to: dateOf(slot.start),
        partsOfDay: ['morning', 'afternoon', 'evening'],
      });
      await a.signOut();
      await signIn();
      const sent = await outboxSize();
      const reasonId = (await a.getCancellationReasons())[0].id;
      await a.cancelAppointment({appointmentId: appointment.id, reasonId});
      await a.signOut();
      const offer = offerTo(await outboxSince(sent), waiting.email);
      expect(offer, 'the waiting patient gets the offer').toBeTruthy();
      const t = tokenOf(linkWithToken(offer!)!);

      // No card saved: a card is asked for; nothing booked, the time still held for her.
      await expectFields(o.accept(t), {cardId: 'required'});
      expect((await o.resolve(t)).state).toBe('open');
      expect(await c.stillFree(services, slot as Slot)).toBe(false);
      // A card that declines (her default, the only one): payment failed, nothing booked.
      await signIn({email: waiting.email, password: STRONG});
      const declines = await a.startCardSetup!('offer-declines');
      await a.confirmDemoCardSetup!(declines.id, DEMO_CARD_CHOICES['charge-declines']);
      await a.signOut();
      await expectCode(o.accept(t), 'payment-failed');
      expect((await o.resolve(t)).state).toBe('open');
      await signIn({email: waiting.email, password: STRONG});
      expect((await a.listAppointments({when: 'upcoming'})).total).toBe(0);
      // A good card made the default: the offer books, keeping it on file.
      const good = await a.startCardSetup!('offer-good');
      await a.confirmDemoCardSetup!(good.id, DEMO_CARD_CHOICES.succeeds);
      const card = (await a.listCards!()).find((x) => x.last4 === '4242')!;
      await a.setDefaultCard!(card.id);
      await a.signOut();
      const booked = await o.accept(t);
      expect(booked.status).toBe('booked');
      expect(ms(booked.start)).toBe(ms(slot.start));
      expect(booked.cardOnFile).toEqual({brand: card.brand, last4: card.last4});

      // Cancelled late by her: the fee is charged to that card, like any visit booked with one.
      const fee = clinic.cancellation.lateFee;
      if (!fee || fee.amountMinor <= 0) return;
      needClock(ctx);
      await advanceTo(ms(booked.start) - clinic.cancellation.windowHours * HOUR + MINUTE);
      await signIn({email: waiting.email, password: STRONG});
      const cancelled = await a.cancelAppointment({appointmentId: booked.id, reasonId});
      expect(cancelled.feeCharged).toEqual({
        kind: 'late-cancellation',
        amount: fee,
        card: {brand: card.brand, last4: card.last4},
      });
    });
  });
}
