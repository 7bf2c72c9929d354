/**
 * The memory adapter's appointment management: the signed-in patient's list, confirming,
 * cancelling (with the late-cancellation fee) and rescheduling; the emailed reminder links that
 * confirm or cancel without signing in; and joining a video visit. Loaded on first use, in its
 * own chunk. Each function is an operation's body: the adapter runs it after its latency and abort
 * checks.
 */
import {
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  ValidationError,
  type AppointmentQuery,
  type CancelRequest,
  type PortalError,
  type ReminderActionRequest,
  type RescheduleRequest,
} from '../adapter.js';
import {parseInstant} from '../../domain/time.js';
import type {
  Appointment,
  CancellationQuote,
  Money,
  Page,
  ReminderTokenInfo,
  Service,
  VideoJoin,
} from '../../domain/types.js';
import {checkSlot, toAppointment} from './booking.js';
import {
  canChange as canChangeRule,
  cancellationQuote,
  checkCancelReason,
  checkRescheduleSlot,
  isUpcoming,
  ownedByAccount,
  patientCancellation,
  readAppointmentQuery,
  rescheduleFingerprint,
  videoJoin,
} from '../../domain/rules/index.js';
import {chargeFee, lateCancellationFee, noShowFee, type FeeKind} from '../../domain/rules/card-fees.js';
import {feeChargeVars} from '../../domain/message-texts.js';
import {type AppointmentRecord, type PatientRecord, type ReminderTokenRecord} from './internals.js';
import {deriveToken} from './crypto.js';
import type {MemoryState} from './state.js';
import {appointmentVars, send} from './messages.js';
import {offerFreedTime} from './waitlist.js';

function cursorCheck(memory: MemoryState, offset: number): string {
  return deriveToken(memory.seed, 'cursor', offset)
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^0-9a-z]/g, '0');
}

function ownAppointment(memory: MemoryState, id: string): AppointmentRecord {
  const patient = memory.requirePatient();
  const apt = memory.appointments.get(id);
  if (!apt || apt.patientId !== patient.id || !ownedByAccount(apt) || memory.keptFromProxy?.(apt))
    throw new NotFoundError();
  return apt;
}

function canChange(memory: MemoryState, a: AppointmentRecord): boolean {
  return canChangeRule(a, memory.clock());
}

function confirm(memory: MemoryState, apt: AppointmentRecord, closed: () => PortalError): void {
  if (!canChange(memory, apt)) throw closed();
  if (apt.status !== 'confirmed') apt.status = 'confirmed';
}

function cancel(
  memory: MemoryState,
  apt: AppointmentRecord,
  reasonId: string,
  note: string | undefined,
): void {
  if (!canChange(memory, apt)) throw new InvalidLinkError();
  const cancellation = patientCancellation(memory.data.clinic, apt, memory.clock(), reasonId, note);
  // The late fee charged to the card on file, once (#20 item 4).
  const fee = lateCancellationFee(apt, cancellation);
  apt.cancellation = cancellation;
  apt.status = 'cancelled';
  if (fee && apt.cardAuthorization) charge(memory, apt, 'late-cancellation', fee, cancellation.at);
  const patient = memory.patients.get(apt.patientId) as PatientRecord;
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'cancellation',
    vars: appointmentVars(memory, apt, patient.language),
    links: {portal: memory.linkBase()},
  });
  // The time it frees goes to the waitlist (#21), first joined first.
  offerFreedTime(memory, apt);
  if (apt.feeCharge) feeEmail(memory, apt);
}

/** Charges a fee to the card the booking authorized (or the default; due when none takes it). */
function charge(memory: MemoryState, apt: AppointmentRecord, kind: FeeKind, fee: Money, at: string): void {
  apt.feeCharge = chargeFee(
    kind,
    fee,
    apt.cardAuthorization!,
    memory.cardsOf?.(apt.patientId) ?? [],
    memory.clock(),
    at,
  );
}

function feeEmail(memory: MemoryState, apt: AppointmentRecord): void {
  const patient = memory.patients.get(apt.patientId) as PatientRecord;
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'fee-charged',
    vars: {
      ...appointmentVars(memory, apt, patient.language),
      ...feeChargeVars(apt.feeCharge!, patient.language),
    },
    links: {portal: memory.linkBase()},
  });
}

/**
 * The clinic marks a visit a no-show (the demo's and tests' staff side, as the reference server's
 * `npm run server:no-show`): the no-show fee charged to the card on file the same way as a late
 * cancellation's. Marking it again changes nothing.
 */
export function markNoShow(memory: MemoryState, id: string): Appointment {
  const apt = typeof id === 'string' ? memory.appointments.get(id) : undefined;
  if (!apt) throw new NotFoundError();
  if (apt.status !== 'no-show') {
    const now = memory.clock();
    const fee = noShowFee(memory.data.clinic, apt, now);
    apt.status = 'no-show';
    if (fee && apt.cardAuthorization) {
      charge(memory, apt, 'no-show', fee, memory.instant(now));
      feeEmail(memory, apt);
    }
  }
  return toAppointment(memory, apt);
}

function reminderTarget(
  memory: MemoryState,
  token: string,
): {record: ReminderTokenRecord; apt: AppointmentRecord} {
  const record = typeof token === 'string' ? memory.reminderTokens.get(token) : undefined;
  const apt = record && memory.appointments.get(record.appointmentId);
  if (!record || !apt || record.used || !canChange(memory, apt)) throw new InvalidLinkError();
  if (record.action === 'confirm' && !memory.caps.confirm) throw new InvalidLinkError();
  if (record.action === 'cancel' && !memory.caps.cancel) throw new InvalidLinkError();
  return {record, apt};
}

// ---------------------------------------------------------------------------------------------
// Operations

export function listAppointments(memory: MemoryState, query: AppointmentQuery): Page<Appointment> {
  const patient = memory.requirePatient();
  const {fields, from, to, limit} = readAppointmentQuery(query);
  let offset = 0;
  if (query.cursor !== undefined) {
    const m = /^c([0-9a-z]+)\.([0-9a-z]+)$/.exec(query.cursor);
    offset = m ? parseInt(m[1], 36) : NaN;
    if (!m || !Number.isSafeInteger(offset) || m[2] !== cursorCheck(memory, offset))
      fields.cursor = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  const now = memory.clock();
  const statuses = query.statuses ? new Set(query.statuses) : undefined;
  const all = [...memory.appointments.values()].filter((a) => {
    if (a.patientId !== patient.id || !ownedByAccount(a) || memory.keptFromProxy?.(a)) return false;
    const upcoming = isUpcoming(a, now);
    if (query.when === 'upcoming' && !upcoming) return false;
    if (query.when === 'past' && upcoming) return false;
    if (statuses && !statuses.has(a.status)) return false;
    return a.start >= from && a.start < to;
  });
  const dir = query.when === 'past' ? -1 : 1;
  all.sort((a, b) => dir * (a.start - b.start) || (a.id < b.id ? -1 : 1));
  const items = all.slice(offset, offset + limit).map((a) => toAppointment(memory, a));
  const next = offset + limit;
  return next < all.length
    ? {items, total: all.length, nextCursor: `c${next.toString(36)}.${cursorCheck(memory, next)}`}
    : {items, total: all.length};
}

export function getAppointment(memory: MemoryState, id: string): Appointment {
  return toAppointment(memory, ownAppointment(memory, id));
}

export function confirmAppointment(memory: MemoryState, id: string): Appointment {
  memory.need(memory.caps.confirm, 'confirm');
  const apt = ownAppointment(memory, id);
  confirm(memory, apt, () => new ForbiddenError());
  return toAppointment(memory, apt);
}

export function getCancellationQuote(memory: MemoryState, id: string): CancellationQuote {
  memory.need(memory.caps.cancel, 'cancel');
  const apt = ownAppointment(memory, id);
  if (!canChange(memory, apt)) throw new ForbiddenError();
  return cancellationQuote(memory.data.clinic, apt.start, memory.clock());
}

export function cancelAppointment(memory: MemoryState, request: CancelRequest): Appointment {
  memory.need(memory.caps.cancel, 'cancel');
  const apt = ownAppointment(memory, request.appointmentId);
  if (apt.status === 'cancelled') return toAppointment(memory, apt);
  if (!canChange(memory, apt)) throw new ForbiddenError();
  checkCancelReason(memory.data.cancellationReasons, request.reasonId, request.note);
  cancel(memory, apt, request.reasonId, request.note);
  return toAppointment(memory, apt);
}

export function rescheduleAppointment(memory: MemoryState, request: RescheduleRequest): Appointment {
  memory.need(memory.caps.reschedule, 'reschedule');
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '') {
    throw new ValidationError({idempotencyKey: 'required'});
  }
  const apt = ownAppointment(memory, request.appointmentId);
  const print = rescheduleFingerprint(apt.id, request.slot);
  const earlier = memory.reschedules.get(request.idempotencyKey);
  if (earlier) {
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return toAppointment(memory, apt);
  }
  if (!canChange(memory, apt)) throw new ForbiddenError();
  const services = apt.serviceIds.map((id) => memory.service(id) as Service);
  checkRescheduleSlot(request.slot, apt.serviceIds);
  const free = checkSlot(memory, request.slot, services, {appointmentId: apt.id});
  apt.start = parseInstant(free.start);
  apt.end = parseInstant(free.end);
  apt.providerId = free.providerId;
  apt.locationId = free.locationId;
  apt.status = 'booked';
  apt.remindersSent.clear();
  memory.skipPastReminders(apt);
  memory.reschedules.set(request.idempotencyKey, {fingerprint: print, appointmentId: apt.id});
  const patient = memory.patients.get(apt.patientId) as PatientRecord;
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'reschedule',
    vars: appointmentVars(memory, apt, patient.language),
    links: {portal: memory.linkBase()},
  });
  return toAppointment(memory, apt);
}

export function resolveReminderToken(memory: MemoryState, token: string): ReminderTokenInfo {
  memory.need(memory.caps.reminderLinks, 'reminderLinks');
  const {record, apt} = reminderTarget(memory, token);
  return {action: record.action, appointment: toAppointment(memory, apt), withoutSignIn: true};
}

export function applyReminderAction(memory: MemoryState, request: ReminderActionRequest): Appointment {
  memory.need(memory.caps.reminderLinks, 'reminderLinks');
  const {record, apt} = reminderTarget(memory, request.token);
  if (record.action === 'confirm') {
    confirm(memory, apt, () => new InvalidLinkError());
    // Following the link emailed to the account's address proves owning it.
    apt.ownerVerified = true;
  } else {
    if (!request.reasonId) throw new ValidationError({reasonId: 'required'});
    checkCancelReason(memory.data.cancellationReasons, request.reasonId, request.note);
    cancel(memory, apt, request.reasonId, request.note);
  }
  record.used = true;
  return toAppointment(memory, apt);
}

export function getVideoJoin(memory: MemoryState, appointmentId: string): VideoJoin {
  memory.need(memory.caps.telehealth, 'telehealth');
  const tele = memory.data.clinic.telehealth;
  const apt = ownAppointment(memory, appointmentId);
  if (apt.mode !== 'video' || !tele) throw new NotFoundError();
  return videoJoin(apt, memory.data, apt.room, memory.clock());
}
