/** Contract cases: booking new and known patients, idempotency, races, validation, phone proof, deposits. */
import {beforeEach, describe, expect} from 'vitest';
import {
  isPortalError,
  type Capabilities,
  type PortalAdapter,
  type FieldErrorCode,
  type PortalError,
} from '../../src/adapters/adapter.js';
import type {
  Clinic,
  E164,
  PatientDetails,
  PaymentIntent,
  PlainDate,
  Service,
  Slot,
} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {
  HOUR,
  MINUTE,
  ms,
  expectCode,
  expectFields,
  expectNotSupported,
  newDetails,
  slotKey,
  tokenOf,
} from './helpers.js';

export function bookingContract(c: ContractContext): void {
  const {
    it,
    hasOutbox,
    needClock,
    serverNow,
    advanceTo,
    clinicToday,
    outboxSince,
    outboxSize,
    signIn,
    needsPhoneToken,
    pickSlots,
    bookingRequest,
    listAll,
    stillFree,
  } = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  beforeEach(() => {
    ({h, a, caps, clinic} = c.state());
  });

  // =========================================================================================
  describe('booking', () => {
    it('books a new patient and sends a confirmation', async () => {
      const {services, slots} = await pickSlots(1);
      const request = await bookingRequest(slots[0], services);
      const before = await outboxSize();
      const appointment = await a.book(request);
      expect(appointment.id).toBeTruthy();
      expect(['booked', 'pending', 'confirmed']).toContain(appointment.status);
      expect(ms(appointment.start)).toBe(ms(slots[0].start));
      expect(ms(appointment.end)).toBe(ms(slots[0].end));
      expect(appointment.providerId).toBe(slots[0].providerId);
      expect(appointment.providerName).toBeTruthy();
      expect(appointment.services.map((s) => s.id)).toEqual(services.map((s) => s.id));
      expect(appointment.mode).toBe(services[0].mode);
      expect(appointment.actions.addToCalendar).toBe(true);
      expect(JSON.stringify(appointment)).not.toContain(request.patient?.email ?? '@@');
      expect(JSON.stringify(appointment)).not.toContain(request.patient?.phone ?? '@@');
      const mail = (await outboxSince(before)).filter(
        (m) =>
          m.kind === 'booking-confirmation' && m.to.toLowerCase() === request.patient?.email.toLowerCase(),
      );
      if (hasOutbox()) expect(mail.length).toBe(1);
      expect(await stillFree(services, slots[0])).toBe(false);
    });

    it('books a known email without revealing it: same response shape, and not into that account (QUALITY 34)', async () => {
      const {services, slots} = await pickSlots(2);
      const fresh = await a.book(await bookingRequest(slots[0], services));
      const before = await outboxSize();
      const known = await a.book(
        await bookingRequest(slots[1], services, {
          patient: newDetails({email: h.knownPatient.email, dateOfBirth: h.knownPatient.dateOfBirth}),
        }),
      );
      expect(Object.keys(known).sort()).toEqual(Object.keys(fresh).sort());
      expect(known.status).toBe(fresh.status);
      expect(known.actions).toEqual(fresh.actions);
      // The address's owner is told, with the links that make it theirs or cancel it.
      const mail = (await outboxSince(before)).filter(
        (m) => m.kind === 'booking-confirmation' && m.to.toLowerCase() === h.knownPatient.email.toLowerCase(),
      );
      if (hasOutbox()) expect(mail.length).toBe(1);
      // Without proof of owning the address the booking is not in the account.
      await signIn();
      const mine = await listAll({when: 'upcoming'});
      expect(mine.map((x) => x.id)).not.toContain(known.id);
      expect(mine.map((x) => x.id)).not.toContain(fresh.id);
      await expectCode(a.getAppointment(known.id), 'not-found');
      if (!caps.reminderLinks || !caps.confirm) return;
      // The emailed confirm link is that proof: the booking joins the account, confirmed.
      expect(mail[0].links.confirm).toBeTruthy();
      await a.signOut();
      const token = tokenOf(mail[0].links.confirm);
      expect((await a.resolveReminderToken(token)).appointment.id).toBe(known.id);
      expect((await a.applyReminderAction({token})).status).toBe('confirmed');
      await signIn();
      expect((await listAll({when: 'upcoming'})).map((x) => x.id)).toContain(known.id);
      expect((await a.getAppointment(known.id)).status).toBe('confirmed');
    });

    it('charges a late fee only for a guest booking the address’s owner confirmed (QUALITY 34)', async (ctx) => {
      if (!caps.cancel || !caps.confirm || !caps.reminderLinks || !clinic.cancellation.lateFee) return;
      needClock(ctx);
      const window = clinic.cancellation.windowHours * HOUR;
      const {services, slots} = await pickSlots(2, {after: (await serverNow()) + window + 2 * HOUR});
      const [first, second] = [...slots].sort((x, y) => ms(x.start) - ms(y.start));
      const guest = newDetails({email: h.knownPatient.email, dateOfBirth: h.knownPatient.dateOfBirth});
      const links = async (slot: Slot) => {
        const before = await outboxSize();
        const appointment = await a.book(await bookingRequest(slot, services, {patient: guest}));
        const mail = (await outboxSince(before)).find(
          (m) => m.kind === 'booking-confirmation' && m.to.toLowerCase() === guest.email.toLowerCase(),
        );
        return {
          appointment,
          confirm: tokenOf(mail?.links.confirm ?? ''),
          cancel: tokenOf(mail?.links.cancel ?? ''),
        };
      };
      const unclaimed = await links(first);
      const claimed = await links(second);
      await a.applyReminderAction({token: claimed.confirm});
      const reasonId = (await a.getCancellationReasons()).find((r) => !r.needsText)?.id ?? 'other';
      // Inside the window, cancelled from the link: never confirmed by the owner, so no fee.
      await advanceTo(ms(first.start) - window + MINUTE);
      const free = await a.applyReminderAction({token: unclaimed.cancel, reasonId, note: 'x'});
      expect(free.status).toBe('cancelled');
      expect(free.cancellation?.fee).toBeUndefined();
      // The one the owner confirmed is theirs: the late fee applies.
      await advanceTo(ms(second.start) - window + MINUTE);
      await signIn();
      expect((await a.getCancellationQuote(claimed.appointment.id)).fee).toEqual(clinic.cancellation.lateFee);
      const paid = await a.cancelAppointment({appointmentId: claimed.appointment.id, reasonId, note: 'x'});
      expect(paid.cancellation?.fee).toEqual(clinic.cancellation.lateFee);
    });

    it('returns the same appointment for the same idempotency key', async () => {
      const {services, slots} = await pickSlots(1);
      await signIn();
      const request = await bookingRequest(slots[0], services, {signedIn: true});
      const first = await a.book(request);
      const second = await a.book(request);
      expect(second.id).toBe(first.id);
      const list = await listAll({when: 'upcoming'});
      expect(list.filter((x) => x.id === first.id).length).toBe(1);
      expect(
        list.filter((x) => ms(x.start) === ms(slots[0].start) && x.providerId === slots[0].providerId).length,
      ).toBe(1);
    });

    it('books once for five parallel calls with one key (QUALITY 20)', async () => {
      const {services, slots} = await pickSlots(1);
      await signIn();
      const request = await bookingRequest(slots[0], services, {signedIn: true});
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => a.book(request)));
      const ids = new Set(
        results.map((r) => (r.status === 'fulfilled' ? r.value.id : `rejected:${String(r.reason)}`)),
      );
      expect(ids.size).toBe(1);
      expect([...ids][0]).not.toMatch(/^rejected/);
      const list = await listAll({when: 'upcoming'});
      expect(list.filter((x) => slotKey(x) === slotKey(slots[0])).length).toBe(1);
    });

    it('lets exactly one of two racing bookings have the slot (QUALITY 21)', async () => {
      const {services, slots} = await pickSlots(1);
      const [r1, r2] = [await bookingRequest(slots[0], services), await bookingRequest(slots[0], services)];
      const results = await Promise.allSettled([a.book(r1), a.book(r2)]);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
      const failed = results.find((r) => r.status === 'rejected');
      expect(isPortalError(failed?.reason)).toBe(true);
      expect((failed?.reason as PortalError).code).toBe('slot-taken');
      expect((failed?.reason as PortalError).retryable).toBe(false);
    });

    it('refuses the same key with a different request', async () => {
      const {services, slots} = await pickSlots(2);
      await signIn();
      const request = await bookingRequest(slots[0], services, {signedIn: true});
      await a.book(request);
      await expectFields(a.book({...request, slot: slots[1]}), {idempotencyKey: 'invalid'});
    });

    it('validates patient details, consent and policy with field names', async () => {
      const {services, slots} = await pickSlots(1);
      const request = await bookingRequest(slots[0], services);
      const fields = await expectFields(
        a.book({
          ...request,
          patient: {
            ...(request.patient as PatientDetails),
            email: 'ana@',
            phone: '+52 55' as `+${string}`,
            dateOfBirth: '2999-12-31',
            givenName: '',
          },
          privacyConsent: false,
          policyAccepted: false,
        }),
        {
          'patient.email': 'invalid-email',
          'patient.phone': 'invalid-phone',
          'patient.dateOfBirth': 'date-in-future',
          'patient.givenName': 'required',
        },
      );
      if (clinic.privacy.explicitConsent) expect(fields.privacyConsent).toBe('consent-required');
      if (clinic.cancellation.acceptanceRequired) expect(fields.policyAccepted).toBe('policy-required');
      const {patient: _omit, ...noPatient} = request;
      await expectCode(a.book(noPatient), 'validation', 'not-signed-in');
      expect(await stillFree(services, slots[0])).toBe(true);
    });

    it('requires a verified phone from a patient who is not signed in, when the clinic does', async () => {
      const {services, slots} = await pickSlots(1);
      const request = await bookingRequest(slots[0], services);
      const {phoneVerificationToken: token, ...without} = request;
      if (!needsPhoneToken()) {
        expect(token).toBeUndefined();
        return;
      }
      await expectFields(a.book(without), {phoneVerificationToken: true});
      await expectFields(a.book({...without, phoneVerificationToken: 'forged-token-0000000000'}), {
        phoneVerificationToken: true,
      });
      // A token for another phone does not count.
      await expectFields(
        a.book({...request, patient: {...(request.patient as PatientDetails), phone: '+525500000001'}}),
        {phoneVerificationToken: true},
      );
      expect((await a.book(request)).id).toBeTruthy();
    });

    it('creates a deposit intent when one is due, and requires it to book', async (ctx) => {
      const {services, slots} = await pickSlots(1);
      if (caps.payments === false) {
        await expectNotSupported(
          a.createDepositIntent(
            slots[0],
            services.map((s) => s.id),
            'k1',
          ),
        );
        return;
      }
      expect(
        await a.createDepositIntent(
          slots[0],
          services.map((s) => s.id),
          'no-deposit-key',
        ),
      ).toBeNull();
      let withDeposit: {services: Service[]; slots: Slot[]};
      try {
        withDeposit = await pickSlots(1, {deposit: true});
      } catch {
        return ctx.skip('no service with a deposit');
      }
      const ids = withDeposit.services.map((s) => s.id);
      const intent = await a.createDepositIntent(withDeposit.slots[0], ids, 'deposit-key');
      expect(intent).not.toBeNull();
      expect(intent?.amount.amountMinor).toBeGreaterThan(0);
      expect(intent?.amount.currency).toBe(clinic.currency);
      expect(intent?.provider).toBe(caps.payments);
      expect((await a.createDepositIntent(withDeposit.slots[0], ids, 'deposit-key'))?.id).toBe(intent?.id);
      const request = await bookingRequest(withDeposit.slots[0], withDeposit.services);
      await expectFields(a.book(request), {paymentIntentId: 'required'});
      if (!h.payDeposit) return ctx.skip('the harness cannot pay a deposit');
      await expectCode(a.book({...request, paymentIntentId: intent?.id}), 'payment-failed');
      await h.payDeposit(intent as PaymentIntent);
      const appointment = await a.book({...request, paymentIntentId: intent?.id});
      expect(appointment.depositPaid).toEqual(intent?.amount);
    });

    it('books as the signed-in patient without details', async () => {
      const {services, slots} = await pickSlots(1);
      const session = await signIn();
      const appointment = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
      expect((await a.getAppointment(appointment.id)).id).toBe(appointment.id);
      expect((await a.getSession())?.patient.id).toBe(session.patient.id);
    });

    it('states the patient’s own time beside the clinic’s in the booking’s messages, and its links carry the language (#23)', async (ctx) => {
      const {services, slots} = await pickSlots(4);
      const [first, second, third, fourth] = [...slots].sort((x, y) => ms(x.start) - ms(y.start));
      const inTokyo = (start: string, language: string) =>
        new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'es-MX', {
          dateStyle: 'full',
          timeStyle: 'short',
          timeZone: 'Asia/Tokyo',
        }).format(ms(start));
      const ownLine = (m: {text: string; language: string}, start: string) =>
        m.text.includes(`${m.language === 'en' ? 'our time' : 'u hora'}: ${inTokyo(start, m.language)}, `) &&
        /Japan Standard Time|hora estándar de Japón/.test(m.text);

      // An unknown zone is refused, nothing booked or sent.
      const refused = await bookingRequest(first, services);
      const size = await outboxSize();
      await expectFields(a.book({...refused, patientTimeZone: 'Mars/Olympus_Mons'}), {
        patientTimeZone: 'invalid',
      });
      expect(await outboxSize()).toBe(size);
      expect(await stillFree(services, first)).toBe(true);
      if (!h.outbox) return ctx.skip('the backend sends no messages of its own (the records system does)');

      // A guest in Tokyo, in English: the confirmation says both times; every link says `lang=en`.
      const guest = await bookingRequest(first, services, {patient: newDetails({language: 'en'})});
      let before = await outboxSize();
      await a.book({...guest, language: 'en', patientTimeZone: 'Asia/Tokyo'});
      const confirmation = (await outboxSince(before)).find(
        (m) => m.kind === 'booking-confirmation' && m.channel === 'email',
      );
      expect(confirmation?.language).toBe('en');
      expect(ownLine(confirmation!, first.start), confirmation?.text).toBe(true);
      const links = Object.values(confirmation?.links ?? {});
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(new URLSearchParams(new URL(link).hash.slice(1)).get('lang'), link).toBe('en');
        expect(confirmation?.text).toContain(link);
      }

      // The same zone as the clinic's: no second time.
      before = await outboxSize();
      await a.book({...(await bookingRequest(second, services)), patientTimeZone: clinic.timeZone});
      const plain = (await outboxSince(before)).find(
        (m) => m.kind === 'booking-confirmation' && m.channel === 'email',
      );
      expect(plain?.text).toBeTruthy();
      expect(plain?.text).not.toMatch(/[Ss]u hora:|[Yy]our time:/);

      // A signed-in patient's reschedule and cancellation keep saying it.
      if (!caps.reschedule && !caps.cancel) return;
      await signIn();
      const mine = await a.book({
        ...(await bookingRequest(third, services, {signedIn: true})),
        patientTimeZone: 'Asia/Tokyo',
      });
      let moved = mine;
      if (caps.reschedule) {
        before = await outboxSize();
        moved = await a.rescheduleAppointment({
          appointmentId: mine.id,
          slot: fourth,
          idempotencyKey: `tz-${Math.random().toString(36).slice(2)}`,
        });
        const rescheduled = (await outboxSince(before)).find(
          (m) => m.kind === 'reschedule' && m.channel === 'email',
        );
        expect(ownLine(rescheduled!, fourth.start), rescheduled?.text).toBe(true);
      }
      if (caps.cancel) {
        before = await outboxSize();
        const reasonId = (await a.getCancellationReasons()).find((r) => !r.needsText)?.id ?? 'other';
        await a.cancelAppointment({appointmentId: moved.id, reasonId, note: 'time zone check'});
        const cancelled = (await outboxSince(before)).find(
          (m) => m.kind === 'cancellation' && m.channel === 'email',
        );
        expect(ownLine(cancelled!, moved.start), cancelled?.text).toBe(true);
      }
    });
    // -- rules both backends take from src/domain/rules/validation.ts

    it('refuses the details the shared rules refuse: long names, bad email or phone, births in the future or over 130 years ago', async () => {
      const {services, slots} = await pickSlots(1);
      const request = await bookingRequest(slots[0], services);
      const patient = request.patient as PatientDetails;
      const today = await clinicToday();
      const [y, m, d] = today.split('-').map(Number);
      const date = (year: number, month: number, day: number) => {
        const t = new Date(0);
        t.setUTCFullYear(year, month - 1, day);
        return t.toISOString().slice(0, 10) as PlainDate;
      };
      const oldest = date(y - 130, m, d);
      const refused: [Partial<PatientDetails>, string, FieldErrorCode][] = [
        [{givenName: 'ñ'.repeat(101)}, 'patient.givenName', 'too-long'],
        [{familyName: '🦊'.repeat(101)}, 'patient.familyName', 'too-long'],
        [{email: 'ana@example'}, 'patient.email', 'invalid-email'],
        [{email: 'ana maría@example.com'}, 'patient.email', 'invalid-email'],
        [{phone: '5512345678' as E164}, 'patient.phone', 'invalid-phone'],
        [{phone: '+52 55 1234 5678' as E164}, 'patient.phone', 'invalid-phone'],
        [{dateOfBirth: date(y, m, d + 1)}, 'patient.dateOfBirth', 'date-in-future'],
        [{dateOfBirth: date(y - 130, m, d - 1)}, 'patient.dateOfBirth', 'date-too-old'],
        [{dateOfBirth: '1990-02-31'}, 'patient.dateOfBirth', 'invalid-date'],
      ];
      for (const [change, field, code] of refused)
        await expectFields(a.book({...request, patient: {...patient, ...change}}), {[field]: code});
      expect(await stillFree(services, slots[0])).toBe(true);
      // The edges themselves are accepted: a 100-character name, born exactly 130 years ago.
      const booked = await a.book({
        ...request,
        patient: {...patient, givenName: 'ñ'.repeat(100), familyName: '🦊'.repeat(100), dateOfBirth: oldest},
      });
      expect(slotKey(booked)).toBe(slotKey(slots[0]));
      if (caps.selfRegistration) {
        // Born today (the clinic's date) is accepted too.
        const registered = await a.register({
          patient: newDetails({dateOfBirth: today}),
          password: 'Un paseo por Chapultepec 2026',
          privacyConsent: true,
        });
        expect(registered).toBeUndefined();
      }
    });
  });
}
