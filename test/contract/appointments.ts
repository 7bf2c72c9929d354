/** Contract cases: the patient's appointments (listing, confirming, cancelling, rescheduling). */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Appointment, Catalog, Clinic, Slot} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {MINUTE, HOUR, ms, expectCode, expectFields, expectNotSupported, slotKey} from './helpers.js';

export function appointmentsContract(c: ContractContext): void {
  const {
    it,
    hasOutbox,
    needClock,
    serverNow,
    advanceTo,
    clockAt,
    depositDue,
    availability,
    outboxSince,
    outboxSize,
    signIn,
    pickSlots,
    bookingRequest,
    listAll,
    stillFree,
    bookedAppointment,
  } = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;
  beforeEach(() => {
    ({a, caps, clinic, catalog} = c.state());
  });

  // =========================================================================================
  describe('appointments', () => {
    it('pages through upcoming (ascending) and past (descending) appointments', async () => {
      const {services, slots} = await pickSlots(3);
      await signIn();
      for (const slot of slots) await a.book(await bookingRequest(slot, services, {signedIn: true}));
      const all = await listAll({when: 'upcoming'});
      expect(all.length).toBeGreaterThanOrEqual(3);
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await a.listAppointments({when: 'upcoming', limit: 2, ...(cursor ? {cursor} : {})});
        expect(page.items.length).toBeLessThanOrEqual(2);
        if (page.total !== undefined) expect(page.total).toBe(all.length);
        paged.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(paged).toEqual(all.map((x) => x.id));
      const now = await serverNow();
      for (let i = 1; i < all.length; i++)
        expect(ms(all[i].start)).toBeGreaterThanOrEqual(ms(all[i - 1].start));
      for (const x of all) {
        expect(['pending', 'booked', 'confirmed']).toContain(x.status);
        expect(ms(x.end)).toBeGreaterThan(now);
      }
      const past = await listAll({when: 'past'});
      for (let i = 1; i < past.length; i++)
        expect(ms(past[i].start)).toBeLessThanOrEqual(ms(past[i - 1].start));
      for (const x of past) {
        expect(x.actions.confirm).toBe(false);
        expect(x.actions.cancel).toBe(false);
        expect(x.actions.reschedule).toBe(false);
      }
      const everything = await listAll({when: 'all'});
      expect(everything.length).toBe(all.length + past.length);
    });

    it('filters by status and time range, and caps the page size', async () => {
      const {appointment} = await bookedAppointment();
      const booked = await listAll({when: 'all', statuses: [appointment.status]});
      for (const x of booked) expect(x.status).toBe(appointment.status);
      expect(booked.map((x) => x.id)).toContain(appointment.id);
      const start = ms(appointment.start);
      const ranged = await listAll({
        when: 'all',
        from: new Date(start).toISOString(),
        to: new Date(start + 1000).toISOString(),
      });
      expect(ranged.map((x) => x.id)).toContain(appointment.id);
      for (const x of ranged) expect(ms(x.start)).toBe(start);
      const big = await a.listAppointments({when: 'all', limit: 1000});
      expect(big.items.length).toBeLessThanOrEqual(100);
    });

    it('shows an appointment only to its patient', async () => {
      const {services, slots} = await pickSlots(1);
      const other = await a.book(await bookingRequest(slots[0], services));
      await signIn();
      await expectCode(a.getAppointment(other.id), 'not-found', 'forbidden');
      await expectCode(a.getAppointment('no-such-appointment'), 'not-found');
      expect((await listAll({when: 'all'})).map((x) => x.id)).not.toContain(other.id);
    });

    it('confirms a booked appointment', async () => {
      const {appointment} = await bookedAppointment();
      if (!caps.confirm) {
        expect(appointment.actions.confirm).toBe(false);
        await expectNotSupported(a.confirmAppointment(appointment.id));
        return;
      }
      expect(appointment.status).toBe('booked');
      expect(appointment.actions.confirm).toBe(true);
      const confirmed = await a.confirmAppointment(appointment.id);
      expect(confirmed.status).toBe('confirmed');
      expect(confirmed.actions.confirm).toBe(false);
      expect((await a.getAppointment(appointment.id)).status).toBe('confirmed');
    });

    it('quotes a cancellation: free outside the window, the late fee inside it', async (ctx) => {
      const {appointment} = await bookedAppointment({
        after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
      });
      if (!caps.cancel) {
        await expectNotSupported(a.getCancellationQuote(appointment.id));
        return;
      }
      const windowStart = ms(appointment.start) - clinic.cancellation.windowHours * HOUR;
      const early = await a.getCancellationQuote(appointment.id);
      expect(early.late).toBe(false);
      expect(early.fee).toBeUndefined();
      expect(ms(early.windowStart)).toBe(windowStart);
      needClock(ctx);
      await advanceTo(windowStart + MINUTE);
      await signIn();
      const late = await a.getCancellationQuote(appointment.id);
      expect(late.late).toBe(true);
      expect(late.fee).toEqual(clinic.cancellation.lateFee);
      const cancelled = await a.cancelAppointment({
        appointmentId: appointment.id,
        reasonId: (await a.getCancellationReasons())[0].id,
        note: 'x',
      });
      expect(cancelled.cancellation?.fee).toEqual(clinic.cancellation.lateFee);
    });

    it('cancels with a reason: the appointment moves to past and frees the slot', async () => {
      const {appointment, services, slot} = await bookedAppointment();
      if (!caps.cancel) {
        expect(appointment.actions.cancel).toBe(false);
        await expectNotSupported(
          a.cancelAppointment({appointmentId: appointment.id, reasonId: 'other', note: 'x'}),
        );
        return;
      }
      expect(appointment.actions.cancel).toBe(true);
      const reasons = await a.getCancellationReasons();
      const withText = reasons.find((r) => r.needsText);
      const plain = reasons.find((r) => !r.needsText) ?? reasons[0];
      await expectFields(a.cancelAppointment({appointmentId: appointment.id, reasonId: 'no-such-reason'}), {
        reasonId: true,
      });
      if (withText) {
        await expectFields(a.cancelAppointment({appointmentId: appointment.id, reasonId: withText.id}), {
          note: 'required',
        });
        await expectFields(
          a.cancelAppointment({appointmentId: appointment.id, reasonId: withText.id, note: '   '}),
          {
            note: 'required',
          },
        );
      }
      expect((await a.getAppointment(appointment.id)).status).toBe(appointment.status);
      const before = await outboxSize();
      const cancelled = await a.cancelAppointment({appointmentId: appointment.id, reasonId: plain.id});
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancellation?.reasonId).toBe(plain.id);
      expect(cancelled.cancellation?.by).toBe('patient');
      expect(cancelled.actions).toMatchObject({
        confirm: false,
        cancel: false,
        reschedule: false,
        join: false,
      });
      expect((await listAll({when: 'upcoming'})).map((x) => x.id)).not.toContain(appointment.id);
      expect((await listAll({when: 'past'})).map((x) => x.id)).toContain(appointment.id);
      expect(await stillFree(services, slot)).toBe(true);
      if (hasOutbox()) expect((await outboxSince(before)).some((m) => m.kind === 'cancellation')).toBe(true);
      if (withText) {
        const second = await bookedAppointment();
        const other = await a.cancelAppointment({
          appointmentId: second.appointment.id,
          reasonId: withText.id,
          note: 'Me cambié de ciudad',
        });
        expect(other.cancellation?.note).toBe('Me cambié de ciudad');
      }
    });

    it('reschedules in one step, and leaves the appointment untouched when the new slot is taken', async () => {
      const {services, slots} = await pickSlots(3);
      await signIn();
      const appointment = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
      if (!caps.reschedule) {
        expect(appointment.actions.reschedule).toBe(false);
        await expectNotSupported(
          a.rescheduleAppointment({appointmentId: appointment.id, slot: slots[1], idempotencyKey: 'r1'}),
        );
        return;
      }
      expect(appointment.actions.reschedule).toBe(true);
      const moved = await a.rescheduleAppointment({
        appointmentId: appointment.id,
        slot: slots[1],
        idempotencyKey: 'r1',
      });
      expect(ms(moved.start)).toBe(ms(slots[1].start));
      expect(moved.providerId).toBe(slots[1].providerId);
      expect(['booked', 'pending', 'confirmed']).toContain(moved.status);
      // Same key again: same result, no second move.
      expect(
        (
          await a.rescheduleAppointment({
            appointmentId: appointment.id,
            slot: slots[1],
            idempotencyKey: 'r1',
          })
        ).id,
      ).toBe(moved.id);
      const upcoming = await listAll({when: 'upcoming'});
      expect(upcoming.filter((x) => slotKey(x) === slotKey(slots[0])).length).toBe(0);
      expect(upcoming.filter((x) => slotKey(x) === slotKey(slots[1])).length).toBe(1);
      expect(await stillFree(services, slots[0])).toBe(true);
      expect(await stillFree(services, slots[1])).toBe(false);
      // Someone takes slots[2]; moving there fails and changes nothing.
      await a.signOut();
      await a.book(await bookingRequest(slots[2], services));
      await signIn();
      await expectCode(
        a.rescheduleAppointment({appointmentId: moved.id, slot: slots[2], idempotencyKey: 'r2'}),
        'slot-taken',
      );
      const unchanged = await a.getAppointment(moved.id);
      expect(ms(unchanged.start)).toBe(ms(slots[1].start));
      expect(unchanged.status).toBe(moved.status);
      expect(await stillFree(services, slots[1])).toBe(false);
    });

    // -- rules both backends take from src/domain/rules/appointments.ts

    it('quotes a cancellation at the window’s edge: free a second before, late with the fee from its first moment', async (ctx) => {
      if (!caps.cancel) return;
      needClock(ctx);
      const windowHours = clinic.cancellation.windowHours;
      const {services, slots} = await pickSlots(2, {after: (await serverNow()) + (windowHours + 3) * HOUR});
      await signIn();
      const first = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
      const second = await a.book(await bookingRequest(slots[1], services, {signedIn: true}));
      const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
      const windowOf = (x: {start: string}) => ms(x.start) - windowHours * HOUR;
      expect(windowOf(second)).toBeGreaterThanOrEqual(windowOf(first));

      await clockAt(windowOf(first) - 1000);
      await signIn();
      const early = await a.getCancellationQuote(first.id);
      expect(early.late).toBe(false);
      expect(early.fee).toBeUndefined();
      expect(ms(early.windowStart)).toBe(windowOf(first));
      const free = await a.cancelAppointment({
        appointmentId: first.id,
        reasonId: reason?.id ?? 'other',
        note: 'x',
      });
      expect(free.cancellation?.fee, 'no fee a second before the window').toBeUndefined();

      await clockAt(windowOf(second));
      await signIn();
      const late = await a.getCancellationQuote(second.id);
      expect(late.late).toBe(true);
      expect(late.fee).toEqual(clinic.cancellation.lateFee);
      expect(ms(late.windowStart)).toBe(windowOf(second));
      const paid = await a.cancelAppointment({
        appointmentId: second.id,
        reasonId: reason?.id ?? 'other',
        note: 'x',
      });
      expect(paid.cancellation?.fee, 'the fee from the window’s first moment').toEqual(
        clinic.cancellation.lateFee,
      );
    });

    it('checks the cancellation reason and note: required, known, at most 1,000 characters, kept verbatim', async () => {
      if (!caps.cancel) return;
      const {appointment} = await bookedAppointment();
      const id = appointment.id;
      const reasons = await a.getCancellationReasons();
      const plain = reasons.find((r) => !r.needsText) ?? reasons[0];
      const withText = reasons.find((r) => r.needsText);
      await expectFields(a.cancelAppointment({appointmentId: id, reasonId: ''}), {reasonId: 'required'});
      await expectFields(a.cancelAppointment({appointmentId: id, reasonId: 'no-such-reason'}), {
        reasonId: 'invalid',
      });
      // 1,000 characters (code points): 2,000 UTF-16 units of emoji still fit; one more does not.
      const longest = '🦊'.repeat(1000);
      await expectFields(a.cancelAppointment({appointmentId: id, reasonId: plain.id, note: `${longest}!`}), {
        note: 'too-long',
      });
      if (withText) {
        await expectFields(a.cancelAppointment({appointmentId: id, reasonId: withText.id, note: '\n \t'}), {
          note: 'required',
        });
      }
      expect((await a.getAppointment(id)).status, 'a refused cancellation changes nothing').toBe(
        appointment.status,
      );
      const cancelled = await a.cancelAppointment({
        appointmentId: id,
        reasonId: (withText ?? plain).id,
        note: longest,
      });
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancellation?.note).toBe(longest);
    });

    it('offers the actions that fit the time: before the start, during the visit, after it', async (ctx) => {
      needClock(ctx);
      const {appointment, services, slot} = await bookedAppointment({
        mode: 'in-person',
        after: (await serverNow()) + 3 * HOUR,
      });
      const id = appointment.id;
      const start = ms(appointment.start);
      const end = ms(appointment.end);
      const elsewhere = (await availability(services, slot.providerId)).find(
        (s) => ms(s.start) >= end + HOUR,
      );

      await clockAt(start - 1000);
      await signIn();
      const before = await a.getAppointment(id);
      expect(before.actions).toEqual({
        confirm: caps.confirm && before.status !== 'confirmed',
        cancel: caps.cancel,
        reschedule: caps.reschedule,
        join: false,
        addToCalendar: true,
      });

      await clockAt(start);
      await signIn();
      const during = await a.getAppointment(id);
      expect(during.actions, 'from the start: no more changes').toEqual({
        confirm: false,
        cancel: false,
        reschedule: false,
        join: false,
        addToCalendar: true,
      });
      if (caps.confirm) await expectCode(a.confirmAppointment(id), 'forbidden');
      if (caps.cancel) {
        await expectCode(a.getCancellationQuote(id), 'forbidden');
        const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
        await expectCode(
          a.cancelAppointment({appointmentId: id, reasonId: reason?.id ?? 'other', note: 'x'}),
          'forbidden',
        );
      }
      if (caps.reschedule && elsewhere) {
        await expectCode(
          a.rescheduleAppointment({appointmentId: id, slot: elsewhere, idempotencyKey: `late-${id}`}),
          'forbidden',
        );
      }
      expect((await a.getAppointment(id)).status).toBe(before.status);
      expect(
        (await listAll({when: 'upcoming'})).map((x) => x.id),
        'upcoming until it ends',
      ).toContain(id);

      await clockAt(end);
      await signIn();
      const after = await a.getAppointment(id);
      expect(after.actions).toEqual({
        confirm: false,
        cancel: false,
        reschedule: false,
        join: false,
        addToCalendar: false,
      });
      expect((await listAll({when: 'upcoming'})).map((x) => x.id)).not.toContain(id);
      expect((await listAll({when: 'past'})).map((x) => x.id)).toContain(id);
    });

    it('shows after-visit items only once the visit has started', async (ctx) => {
      needClock(ctx);
      const service = catalog.services.find(
        (s) => s.postVisitInstructions && !depositDue([s]) && s.providerIds.length > 0,
      );
      if (!service) return ctx.skip('no service with after-visit instructions');
      await signIn();
      const now = await serverNow();
      const slot = (await availability([service])).find((s) => ms(s.start) >= now + 3 * HOUR);
      expect(slot, `a slot for ${service.id}`).toBeTruthy();
      const appointment = await a.book(await bookingRequest(slot as Slot, [service], {signedIn: true}));
      const afterItems = (x: Appointment) => x.items.filter((i) => i.phase === 'after');
      expect(afterItems(appointment)).toEqual([]);
      expect(appointment.items.some((i) => i.phase === 'before')).toBe(true);

      await clockAt(ms(appointment.start) - 1000);
      await signIn();
      expect(afterItems(await a.getAppointment(appointment.id)), 'a second before the start').toEqual([]);

      await clockAt(ms(appointment.start));
      await signIn();
      const started = await a.getAppointment(appointment.id);
      const shown = afterItems(started);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.find((i) => i.kind === 'instructions')?.body).toEqual(service.postVisitInstructions);
      const listed = (await listAll({when: 'all'})).find((x) => x.id === appointment.id);
      expect(listed && afterItems(listed)).toEqual(shown);
    });
  });
}
