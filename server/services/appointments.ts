/**
 * The signed-in patient's appointments: listing (signed cursors), reading, confirming, the
 * cancellation quote, cancelling and rescheduling. What the patient may do and what a cancellation
 * costs are the domain's rules (`canChange`, `cancellationQuote`, `checkCancelReason`,
 * `patientCancellation`); changes are versioned updates, a reschedule holds the provider's
 * calendar lock like a booking.
 */
import {
  ForbiddenError,
  NotFoundError,
  PortalError,
  SlotTakenError,
  ValidationError,
} from '../../src/domain/errors.js';
import {
  canChange,
  cancellationQuote as quoteFor,
  checkCancelReason,
  isUpcoming,
  patientCancellation,
  chargeFee,
  lateCancellationFee,
  noShowFee,
  type FeeCharge,
} from '../../src/domain/rules/index.js';
import {feeChargeVars} from '../../src/domain/message-texts.js';
import {patientCards} from '../repositories/cards.js';
import {decodeSlot} from '../../src/domain/rules/index.js';
import {servicesIn} from '../../src/domain/rules/index.js';
import {
  checkRescheduleSlot,
  readAppointmentQuery,
  rescheduleFingerprint,
} from '../../src/domain/rules/index.js';
import {parseInstant} from '../../src/domain/time.js';
import {hiddenFromProxy} from '../../src/domain/rules/proxy.js';
import {keptOwn} from './proxy.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  Page,
} from '../../src/domain/types.js';
import type {AppointmentQuery, CancelRequest, RescheduleRequest} from '../../src/adapters/adapter.js';
import {isUniqueViolation, type Queryable} from '../db.js';
import {
  appointmentFacts,
  findAppointment,
  findPatientAppointment,
  listPatientAppointments,
  moveAppointment,
  updateAppointmentStatus,
  type AppointmentRow,
} from '../repositories/appointments.js';
import {lockCalendar} from '../repositories/calendars.js';
import {insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {findPatient, type PatientRow} from '../repositories/patients.js';
import {forgetReminders} from '../repositories/reminders.js';
import {hmac} from '../tokens.js';
import {replayAppointment, skipPastReminders, view} from './appointment-records.js';
import {slotStillFree} from './availability.js';
import {instant, languageOf, num, type CallContext, type PortalContext} from './context.js';
import {auditCall} from './audit.js';
import {appointmentVars, audit, send} from './notify.js';
import {requirePatient, type LiveSession} from './session.js';
import {offerFreedTime} from './waitlist.js';
import {chargeFeeThroughProvider, refundDepositThroughProvider} from './stripe-charges.js';

/**
 * While a holder acts for a dependent (family members, #21): which of the dependent's visits are
 * kept from her — a teenager's confidential care, where the clinic's rules say so
 * (`rules/proxy.ts`). Answered as not found, like another patient's.
 */
export function proxyHides(s: PortalContext, live: LiveSession): (row: AppointmentRow) => boolean {
  if (!live.proxy) return () => false;
  const keep = keptOwn(s, live.patient);
  return (row) => hiddenFromProxy({serviceIds: row.service_ids}, s.data.catalog.services, keep);
}

/** The signed-in patient's appointment with this id (404 when it is not theirs). */
export async function ownAppointment(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<{live: LiveSession; row: AppointmentRow}> {
  const live = await requirePatient(s, call);
  const found = await findPatientAppointment(s.db, id, live.patient.id);
  const row = found && !proxyHides(s, live)(found) ? found : undefined;
  if (!row) {
    // Another patient's id (or none): denied, and audited with the id asked for.
    await auditCall(s, s.db, call, {
      actor: live.patient.id,
      action: 'appointment.denied',
      appointmentId: id.slice(0, 100),
      sessionId: live.row.id,
    });
    throw new NotFoundError();
  }
  return {live, row};
}

/** Whether the patient may still change it now (domain rule). */
export const changeable = (s: PortalContext, row: AppointmentRow): boolean =>
  canChange(appointmentFacts(row), s.clock());

const cursorCheck = (s: PortalContext, patientId: string, offset: number): string =>
  hmac(s.secret, `cursor\u0000${patientId}\u0000${offset}`).slice(0, 10);

export async function listAppointments(
  s: PortalContext,
  call: CallContext,
  query: AppointmentQuery,
): Promise<Page<Appointment>> {
  const live = await requirePatient(s, call);
  const {patient} = live;
  const hides = proxyHides(s, live);
  const {fields, from, to, limit} = readAppointmentQuery(query);
  let offset = 0;
  if (query.cursor !== undefined) {
    const m = /^c([0-9a-z]+)\.([0-9A-Za-z_-]+)$/.exec(query.cursor);
    offset = m ? parseInt(m[1], 36) : NaN;
    if (!m || !Number.isSafeInteger(offset) || m[2] !== cursorCheck(s, patient.id, offset))
      fields.cursor = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const now = s.clock();
  const statuses = query.statuses ? new Set(query.statuses) : undefined;
  const all = (await listPatientAppointments(s.db, patient.id)).filter((a) => {
    if (hides(a)) return false;
    const upcoming = isUpcoming(appointmentFacts(a), now);
    if (query.when === 'upcoming' && !upcoming) return false;
    if (query.when === 'past' && upcoming) return false;
    if (statuses && !statuses.has(a.status)) return false;
    return num(a.start_ms) >= from && num(a.start_ms) < to;
  });
  const dir = query.when === 'past' ? -1 : 1;
  all.sort((a, b) => dir * (num(a.start_ms) - num(b.start_ms)) || (a.id < b.id ? -1 : 1));
  const items = all.slice(offset, offset + limit).map((a) => view(s, a));
  await audit(s, s.db, patient.id, 'appointment.list', patient.id);
  const next = offset + limit;
  return next < all.length
    ? {items, total: all.length, nextCursor: `c${next.toString(36)}.${cursorCheck(s, patient.id, next)}`}
    : {items, total: all.length};
}

export async function getAppointment(s: PortalContext, call: CallContext, id: string): Promise<Appointment> {
  const {live, row} = await ownAppointment(s, call, id);
  await audit(s, s.db, live.patient.id, 'appointment.read', live.patient.id, row.id);
  return view(s, row);
}

/** Applies a change to one appointment if its version is still the one read. */
export async function updateAppointment(
  q: Queryable,
  row: AppointmentRow,
  set: {
    status?: AppointmentStatus;
    cancellation?: CancellationInfo;
    ownerVerified?: true;
    feeCharge?: FeeCharge;
  },
): Promise<AppointmentRow> {
  const updated = await updateAppointmentStatus(q, row.id, row.version, set);
  if (!updated) throw new PortalError('server', 'changed concurrently');
  return updated;
}

export async function confirmAppointment(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<Appointment> {
  const {live, row} = await ownAppointment(s, call, id);
  if (!changeable(s, row)) throw new ForbiddenError();
  const updated =
    row.status === 'confirmed' ? row : await updateAppointment(s.db, row, {status: 'confirmed'});
  await audit(s, s.db, live.patient.id, 'appointment.confirm', live.patient.id, row.id);
  return view(s, updated);
}

export async function cancellationQuote(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<CancellationQuote> {
  const {live, row} = await ownAppointment(s, call, id);
  if (!changeable(s, row)) throw new ForbiddenError();
  await auditCall(s, s.db, call, {
    actor: live.patient.id,
    action: 'appointment.quote-read',
    patientId: live.patient.id,
    appointmentId: row.id,
    sessionId: live.row.id,
  });
  return quoteFor(s.data.clinic, num(row.start_ms), s.clock());
}

export async function cancelAppointment(
  s: PortalContext,
  call: CallContext,
  request: CancelRequest,
): Promise<Appointment> {
  const {live, row} = await ownAppointment(s, call, request.appointmentId);
  if (row.status === 'cancelled') return view(s, row);
  if (!changeable(s, row)) throw new ForbiddenError();
  checkCancelReason(s.data.cancellationReasons, request.reasonId, request.note);
  try {
    const updated = await s.db.transaction((q) =>
      cancelIn(s, q, row, live.patient, request.reasonId, request.note, live.patient.id),
    );
    return view(s, updated);
  } catch (e) {
    // A concurrent cancellation won the versioned update (and charged any fee, once): this one
    // answers with the appointment as it now is.
    const now = await findPatientAppointment(s.db, row.id, live.patient.id);
    if (now?.status === 'cancelled' && e instanceof PortalError && e.code === 'server') return view(s, now);
    throw e;
  }
}

/**
 * The patient's cancellation inside a transaction (reason already checked): the cancellation
 * record (with the late fee when late), the email, the audit entry. Used by the reminder links too.
 */
export async function cancelIn(
  s: PortalContext,
  q: Queryable,
  row: AppointmentRow,
  patient: PatientRow,
  reasonId: string,
  note: string | undefined,
  actor: string,
): Promise<AppointmentRow> {
  const cancellation = patientCancellation(
    s.data.clinic,
    {start: num(row.start_ms), ownerVerified: row.owner_verified},
    s.clock(),
    reasonId,
    note,
  );
  // The late fee is charged to the card on file in the same versioned update (#20 item 4): of two
  // concurrent cancellations only one writes, so the fee is charged once.
  const fee = lateCancellationFee(appointmentFacts(row), cancellation);
  const cards = fee && row.card_authorization ? await patientCards(q, patient.id) : [];
  const chosen =
    fee && row.card_authorization
      ? chargeFee('late-cancellation', fee, row.card_authorization, cards, s.clock(), cancellation.at)
      : undefined;
  // Through the payment provider (Stripe: charged off-session; a refused card is recorded).
  const feeCharge =
    chosen && row.card_authorization
      ? await chargeFeeThroughProvider(s, q, row, chosen, row.card_authorization, cards, s.clock())
      : undefined;
  const u = await updateAppointment(q, row, {status: 'cancelled', cancellation, feeCharge});
  // A deposit the rules refund, paid through Stripe: refunded there (in this transaction).
  await refundDepositThroughProvider(s, q, u);
  const language = languageOf(patient);
  await send(s, q, {
    language,
    channel: 'email',
    to: patient.email,
    kind: 'cancellation',
    vars: appointmentVars(s, u, language, patient),
    links: {portal: s.linkBase},
  });
  if (feeCharge) await sendFeeCharged(s, q, u, patient, feeCharge);
  await audit(s, q, actor, 'appointment.cancel', patient.id, row.id);
  // The time it frees goes to the waitlist (#21), first joined first.
  await offerFreedTime(s, q, u);
  return u;
}

/** The email of a fee charged (or due, when the card declined), in the patient's language. */
export async function sendFeeCharged(
  s: PortalContext,
  q: Queryable,
  row: AppointmentRow,
  patient: PatientRow,
  charge: FeeCharge,
): Promise<void> {
  const language = languageOf(patient);
  await send(s, q, {
    language,
    channel: 'email',
    to: patient.email,
    kind: 'fee-charged',
    vars: {...appointmentVars(s, row, language, patient), ...feeChargeVars(charge, language)},
    links: {portal: s.linkBase},
  });
}

/**
 * Moves an appointment to another slot of the same services: validate (key, ownership, may
 * change, same services, slot) → lock (key, the new provider's calendar) → check (the slot is free
 * but for this very appointment) → write (move it, reminders anew) → notify.
 */
export async function rescheduleAppointment(
  s: PortalContext,
  call: CallContext,
  request: RescheduleRequest,
): Promise<Appointment> {
  const key = request.idempotencyKey;
  if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
  const {live, row} = await ownAppointment(s, call, request.appointmentId);
  const print = rescheduleFingerprint(row.id, request.slot);
  const replay = await replayAppointment(s, 'reschedule', key, print);
  if (replay) return replay;
  if (!changeable(s, row)) throw new ForbiddenError();
  const services = servicesIn(s.data, row.service_ids);
  checkRescheduleSlot(request.slot, row.service_ids);
  const at = decodeSlot(s.data, request.slot, services);
  try {
    const moved = await s.db.transaction(async (q) => {
      await insertIdempotencyKey(q, {scope: 'reschedule', key, fingerprint: print, resultId: row.id});
      // Both calendars (the appointment's trigger moves the old one's version on too), in one
      // order for every transaction: two moves in opposite directions never wait on each other.
      for (const providerId of [...new Set([row.provider_id, at.providerId])].sort())
        await lockCalendar(q, providerId);
      const free = await slotStillFree(
        s,
        q,
        services,
        {...at, slotId: request.slot.id},
        {appointmentId: row.id},
      );
      const updated = await moveAppointment(q, row.id, row.version, {
        start: parseInstant(free.start),
        end: parseInstant(free.end),
        providerId: free.providerId,
        locationId: free.locationId ?? null,
      });
      if (!updated) throw new SlotTakenError(request.slot.id);
      await forgetReminders(q, row.id);
      await skipPastReminders(s, q, row.id, num(updated.start_ms));
      const language = languageOf(live.patient);
      await send(s, q, {
        language,
        channel: 'email',
        to: live.patient.email,
        kind: 'reschedule',
        vars: appointmentVars(s, updated, language, live.patient),
        links: {portal: s.linkBase},
      });
      await audit(s, q, live.patient.id, 'appointment.reschedule', live.patient.id, row.id);
      return updated;
    });
    return view(s, moved);
  } catch (e) {
    if (isUniqueViolation(e)) {
      const again = await replayAppointment(s, 'reschedule', key, print);
      if (again) return again;
      throw new SlotTakenError(request.slot.id);
    }
    throw e;
  }
}

/**
 * The clinic marks a visit a no-show (`npm run server:no-show`, the dev tools): the status, and the
 * clinic's no-show fee charged to the card the patient authorized when she booked it (never for a
 * visit she did not book herself: `noShowFee`), with its email and invoice line. Marking it again
 * changes nothing and charges nothing; a visit not started or not active is
 * `ValidationError({appointment: 'invalid'})`, an unknown id `NotFoundError`.
 */
export async function markNoShow(s: PortalContext, id: unknown): Promise<Appointment> {
  if (typeof id !== 'string' || id.length > 100) throw new NotFoundError();
  const first = await findAppointment(s.db, id);
  if (!first) throw new NotFoundError();
  if (first.status === 'no-show') return view(s, first);
  try {
    return await s.db.transaction(async (q) => {
      const row = (await findAppointment(q, id)) as AppointmentRow;
      if (row.status === 'no-show') return view(s, row);
      const now = s.clock();
      const fee = noShowFee(s.data.clinic, appointmentFacts(row), now);
      const cards = fee && row.card_authorization ? await patientCards(q, row.patient_id) : [];
      const chosen =
        fee && row.card_authorization
          ? chargeFee('no-show', fee, row.card_authorization, cards, now, instant(s, now))
          : undefined;
      const feeCharge =
        chosen && row.card_authorization
          ? await chargeFeeThroughProvider(s, q, row, chosen, row.card_authorization, cards, now)
          : undefined;
      const u = await updateAppointment(q, row, {status: 'no-show', feeCharge});
      const patient = await findPatient(q, row.patient_id);
      if (feeCharge && patient) await sendFeeCharged(s, q, u, patient, feeCharge);
      await audit(s, q, 'clinic', 'appointment.no-show', row.patient_id, row.id);
      return view(s, u);
    });
  } catch (e) {
    // Marked concurrently: that mark charged the fee, once.
    const again = await findAppointment(s.db, id);
    if (again?.status === 'no-show' && e instanceof PortalError && e.code === 'server') return view(s, again);
    throw e;
  }
}
