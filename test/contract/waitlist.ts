/**
 * Contract cases: the waitlist (issue #21). A patient joins for a visit within a range of dates
 * and parts of the day (bad input refused field by field, nothing stored; at most three waiting),
 * lists and leaves her entries (another patient's id is not found); when a matching appointment is
 * cancelled, the time is offered to the waiting patients first joined first by an emailed link
 * that holds it; the first to accept books it, the other is told it's gone.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter, WaitlistRequest} from '../../src/adapters/adapter.js';
import type {OutboxMessage, PatientDetails, PlainDate, Slot} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {
  DAY,
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
  const {it, signIn, hasOutbox, outboxSince, outboxSize, clinicToday} = c;
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

  /** A new patient, registered and signed in (the email's verify link). */
  async function newPatient(): Promise<PatientDetails> {
    const details = newDetails();
    const sent = await outboxSize();
    await a.register({patient: details, password: STRONG, privacyConsent: true});
    const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
    await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
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
      const first = await newPatient();
      await o.join(request);
      await a.signOut();
      const second = await newPatient();
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
  });
}
