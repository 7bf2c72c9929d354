/**
 * Booking a slot, the one operation with the most steps, in this order: validate (the request
 * against the domain's rules: patient details, consent, policy, phone proof, services, slot,
 * deposit) → lock (the idempotency key, then the provider's calendar, whose version moves on in the
 * same statement) → check (the slot is still free, the hold is the caller's) → write (patient if
 * new, proofs used up, then the appointment) → notify (confirmation email and SMS, audit). The
 * writes nothing reads back go to the database as one statement at the end, so the calendar lock
 * is held for few round trips. Exactly one of any number of concurrent bookings of one slot
 * succeeds, and one key books once.
 */
import {
  HoldExpiredError,
  NotSignedInError,
  PaymentFailedError,
  SlotTakenError,
  ValidationError,
  type FieldErrorCode,
} from '../../src/domain/errors.js';
import {
  authorizationFor,
  bookedByOwner,
  bookingTermsProblems,
  cardAuthorizationAmount,
  cardToAuthorize,
  type CardAuthorization,
  emailKey,
  bookingFingerprint,
  storedDetails,
} from '../../src/domain/rules/index.js';
import {decodeSlot} from '../../src/domain/rules/index.js';
import {depositFor, resolveServices} from '../../src/domain/rules/index.js';
import {E164_RE, fingerprint, phoneProofLive} from '../../src/domain/rules/index.js';
import {parseInstant} from '../../src/domain/time.js';
import type {Appointment, Language, PatientDetails, Service, Slot} from '../../src/domain/types.js';
import type {BookingRequest} from '../../src/adapters/adapter.js';
import {isUniqueViolation, WriteBatch} from '../db.js';
import {lockCalendar} from '../repositories/calendars.js';
import {deleteHold, findHold} from '../repositories/holds.js';
import {insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {
  findPaymentIntent,
  markPaidOnce,
  useIntentFor,
  type PaymentIntentRow,
} from '../repositories/payment-intents.js';
import {findPatientByEmail, insertPatientIfNew, type PatientRow} from '../repositories/patients.js';
import {findPhoneToken, usePhoneToken} from '../repositories/phone-codes.js';
import {sha, token} from '../tokens.js';
import {patientCards} from '../repositories/cards.js';
import {cardProvider, cardsOn} from './cards.js';
import {createAppointment, replayAppointment, view} from './appointment-records.js';
import {slotStillFree} from './availability.js';
import {channelOn, detailsProblems, payments, SERVER_CAPABILITIES} from './clinic.js';
import {instant, num, type CallContext, type PortalContext} from './context.js';
import {appointmentVars, audit, send} from './notify.js';
import {actionLinks} from './reminders.js';
import {holdersOf} from './holds.js';
import {liveSession} from './session.js';

/**
 * Books a slot. `replayed` is true when the idempotency key had already booked it (the same
 * appointment again).
 */
export async function book(
  s: PortalContext,
  call: CallContext,
  request: BookingRequest,
): Promise<{appointment: Appointment; replayed: boolean}> {
  const clinic = s.data.clinic;
  const key = request.idempotencyKey;
  if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
  const live = await liveSession(s, call, true);
  if (!live && call.sessionToken && !request.patient) throw new NotSignedInError('session-expired');
  const signedIn = live?.patient;
  // Who the caller is to holds and deposit intents: only their own count for this booking.
  const holders = await holdersOf(s, call);
  const details = signedIn ? undefined : request.patient;
  if (!signedIn && !details) throw new ValidationError({patient: 'required'});
  const print = bookingFingerprint(request, signedIn ? signedIn.id : details);
  const replay = await replayAppointment(s, 'book', key, print);
  if (replay) return {appointment: replay, replayed: true};

  // Validate: every field's problem at once.
  const fields: Record<string, FieldErrorCode> = {
    ...(details ? detailsProblems(s, details, 'patient.') : {}),
    ...bookingTermsProblems(clinic, request, details !== undefined),
  };
  const now = s.clock();
  let phoneTokenHash: string | undefined;
  if (details && clinic.booking.phoneVerification && SERVER_CAPABILITIES.smsCodes) {
    if (!request.phoneVerificationToken) fields.phoneVerificationToken = 'required';
    else {
      phoneTokenHash = sha(request.phoneVerificationToken);
      const t = await findPhoneToken(s.db, phoneTokenHash);
      const proof = t && {used: t.used, expires: num(t.expires_ms)};
      if (!t || !phoneProofLive(proof, now) || t.phone !== details.phone?.trim())
        fields.phoneVerificationToken = 'invalid';
    }
  }
  let services: Service[] = [];
  let at = {providerId: '', start: 0};
  try {
    services = resolveServices(s.data, request.serviceIds, 'serviceIds');
    at = decodeSlot(s.data, request.slot, services);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(fields, e.fields);
  }
  // A deposit due: a paid intent for this very slot and these services, not used by another booking.
  const deposit = services.length > 0 ? depositFor(s.data, services, payments(s) !== false) : null;
  let intent: PaymentIntentRow | undefined;
  if (deposit) {
    if (!request.paymentIntentId) fields.paymentIntentId = 'required';
    else {
      intent = await findPaymentIntent(s.db, request.paymentIntentId);
      if (
        !intent ||
        // Only its creator books with it (issue #14 item 13).
        !holders.includes(intent.holder) ||
        intent.appointment_id !== null ||
        intent.fingerprint !== fingerprint({slot: request.slot?.id, serviceIds: request.serviceIds}) ||
        intent.amount.amountMinor !== deposit.amountMinor ||
        intent.amount.currency !== deposit.currency
      )
        fields.paymentIntentId = 'invalid';
    }
  }
  // A card on file where the policy charges fees and the visit takes no deposit (#20 item 4): the
  // request's card or the default, authorized before anything is written (a declined card books
  // nothing).
  let authorization: CardAuthorization | undefined;
  const toAuthorize =
    services.length > 0 && cardsOn(s)
      ? cardAuthorizationAmount(clinic, deposit, signedIn !== undefined)
      : null;
  if (toAuthorize && signedIn) {
    try {
      const card = cardToAuthorize(await patientCards(s.db, signedIn.id), request.cardId, now);
      authorization = authorizationFor(card, toAuthorize, cardProvider(s), instant(s, now));
    } catch (e) {
      if (!(e instanceof ValidationError) || Object.keys(fields).length === 0) throw e;
      Object.assign(fields, e.fields);
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  if (intent && intent.state !== 'succeeded') {
    // Stripe's webhook may come after the browser's confirmation: ask Stripe, and record it paid.
    if (
      intent.provider === 'stripe' &&
      (await s.paymentProvider?.succeeded(intent.provider_ref ?? null, intent.amount))
    )
      await markPaidOnce(s.db, intent.id, now);
    else throw new PaymentFailedError();
  }

  const appointmentId = `apt_${token(15)}`;
  try {
    const row = await s.db.transaction(async (q) => {
      // Lock: the key first (a concurrent twin with the same key waits here, then fails on the
      // primary key), then the provider's calendar.
      await insertIdempotencyKey(q, {scope: 'book', key, fingerprint: print, resultId: appointmentId});
      await lockCalendar(q, at.providerId);
      // Check: the caller's own hold does not count against it; someone else's taking it after
      // the caller's hold expired is told as such.
      let ownHold: string | undefined;
      if (request.holdId) {
        const hold = await findHold(q, request.holdId);
        if (
          hold &&
          num(hold.expires_ms) > now &&
          hold.slot.id === request.slot.id &&
          holders.includes(hold.holder)
        )
          ownHold = hold.id;
      }
      let free: Slot;
      try {
        free = await slotStillFree(s, q, services, {...at, slotId: request.slot.id}, {holdId: ownHold});
      } catch (e) {
        if (e instanceof SlotTakenError && request.holdId && !ownHold) throw new HoldExpiredError();
        throw e;
      }
      // Write.
      let patient = signedIn;
      if (!patient) {
        const d = details as PatientDetails;
        await insertPatientIfNew(q, {
          id: `pat_${token(12)}`,
          emailKey: emailKey(d.email),
          details: storedDetails(d),
        });
        patient = (await findPatientByEmail(q, emailKey(d.email))) as PatientRow;
      }
      if (phoneTokenHash && !(await usePhoneToken(q, phoneTokenHash)))
        throw new ValidationError({phoneVerificationToken: 'invalid'});
      // The writes nothing reads back go in one statement at the end (`WriteBatch`).
      const writes = new WriteBatch();
      if (ownHold) await deleteHold(writes, ownHold);
      const apt = await createAppointment(s, writes, {
        id: appointmentId,
        patientId: patient.id,
        services,
        providerId: free.providerId,
        start: parseInstant(free.start),
        status: 'booked',
        locationId: free.locationId,
        depositPaid: intent?.amount,
        cardAuthorization: authorization,
        // A guest booking is not the account's until the emailed confirm link is followed, whether
        // or not the address has an account: the same steps and the same answer either way.
        ownerVerified: bookedByOwner(signedIn !== undefined),
        patientTimeZone: request.patientTimeZone,
      });
      // Used once: a concurrent booking with the same intent finds it taken and rolls back (it
      // names the appointment: that goes in first).
      if (intent) {
        await writes.run(q);
        if (!(await useIntentFor(q, intent.id, apt.id)))
          throw new ValidationError({paymentIntentId: 'invalid'});
      }
      // Notify.
      const language: Language =
        request.language === 'en' || request.language === 'es'
          ? request.language
          : (patient.language as Language);
      const vars = appointmentVars(s, apt, language, patient);
      const links = apt.owner_verified ? {} : await actionLinks(s, writes, apt);
      await send(s, writes, {
        language,
        channel: 'email',
        to: patient.email,
        kind: 'booking-confirmation',
        vars,
        links: {...links, portal: s.linkBase},
      });
      const phone = details?.phone?.trim() ?? patient.phone;
      if (phone && E164_RE.test(phone) && channelOn(s, 'sms'))
        await send(s, writes, {language, channel: 'sms', to: phone, kind: 'booking-confirmation', vars});
      await audit(s, writes, signedIn ? patient.id : 'anonymous', 'appointment.book', patient.id, apt.id);
      await writes.run(q);
      return apt;
    });
    return {appointment: view(s, row), replayed: false};
  } catch (e) {
    if (isUniqueViolation(e)) {
      // Either the key was used by a concurrent twin (replay it), or the unique index caught a
      // double booking the calendar lock should already have prevented.
      const again = await replayAppointment(s, 'book', key, print);
      if (again) return {appointment: again, replayed: true};
      throw new SlotTakenError(request.slot.id);
    }
    throw e;
  }
}
