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
  CancellationInfo,
  CancellationQuote,
  Page,
  ReminderTokenInfo,
  Service,
  VideoJoin,
  VideoVisitState,
} from '../../domain/types.js';
import {checkSlot, toAppointment} from './booking.js';
import {ACTIVE, codePoints, fingerprint, readAppointmentQuery} from './checks.js';
import {
  HOUR,
  MINUTE,
  type AppointmentRecord,
  type PatientRecord,
  type ReminderTokenRecord,
} from './internals.js';
import {deriveToken, type MemoryAdapter} from './memory-adapter.js';
import {appointmentVars, money, send} from './messages.js';

const NOTE_MAX = 1000;
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function cursorCheck(memory: MemoryAdapter, offset: number): string {
  return deriveToken(memory.seed, 'cursor', offset)
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^0-9a-z]/g, '0');
}

function ownAppointment(memory: MemoryAdapter, id: string): AppointmentRecord {
  const patient = memory.requirePatient();
  const apt = memory.appointments.get(id);
  if (!apt || apt.patientId !== patient.id) throw new NotFoundError();
  return apt;
}

function isUpcoming(a: AppointmentRecord, now: number): boolean {
  return ACTIVE.has(a.status) && a.end > now;
}

function canChange(memory: MemoryAdapter, a: AppointmentRecord): boolean {
  return ACTIVE.has(a.status) && memory.clock() < a.start;
}

function confirm(memory: MemoryAdapter, apt: AppointmentRecord, closed: () => PortalError): void {
  if (!canChange(memory, apt)) throw closed();
  if (apt.status !== 'confirmed') apt.status = 'confirmed';
}

function quote(memory: MemoryAdapter, apt: AppointmentRecord): CancellationQuote {
  const policy = memory.data.clinic.cancellation;
  const windowStart = apt.start - policy.windowHours * HOUR;
  const late = memory.clock() >= windowStart;
  return late && policy.lateFee
    ? {late, fee: {...policy.lateFee}, windowStart: memory.instant(windowStart)}
    : {late, windowStart: memory.instant(windowStart)};
}

function checkReason(memory: MemoryAdapter, reasonId: string, note: string | undefined): void {
  if (!reasonId) throw new ValidationError({reasonId: 'required'});
  const reason = memory.data.cancellationReasons.find((r) => r.id === reasonId);
  if (!reason) throw new ValidationError({reasonId: 'invalid'});
  if (note !== undefined && typeof note === 'string' && codePoints(note) > NOTE_MAX) {
    throw new ValidationError({note: 'too-long'});
  }
  if (reason.needsText && (typeof note !== 'string' || note.trim() === ''))
    throw new ValidationError({note: 'required'});
}

function cancel(
  memory: MemoryAdapter,
  apt: AppointmentRecord,
  reasonId: string,
  note: string | undefined,
): void {
  if (!canChange(memory, apt)) throw new InvalidLinkError();
  const q = quote(memory, apt);
  const info: CancellationInfo = {reasonId, at: memory.instant(memory.clock()), by: 'patient'};
  apt.cancellation = {
    ...info,
    ...(note !== undefined && note.trim() !== '' ? {note} : {}),
    ...(q.fee ? {fee: q.fee} : {}),
  };
  apt.status = 'cancelled';
  const patient = memory.patients.get(apt.patientId) as PatientRecord;
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'cancellation',
    vars: {
      ...appointmentVars(memory, apt, patient.language),
      fee: q.fee ? money(q.fee, patient.language) : '',
    },
    links: {portal: memory.linkBase()},
  });
}

function reminderTarget(
  memory: MemoryAdapter,
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

export function listAppointments(memory: MemoryAdapter, query: AppointmentQuery): Page<Appointment> {
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
    if (a.patientId !== patient.id) return false;
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

export function getAppointment(memory: MemoryAdapter, id: string): Appointment {
  return toAppointment(memory, ownAppointment(memory, id));
}

export function confirmAppointment(memory: MemoryAdapter, id: string): Appointment {
  memory.need(memory.caps.confirm, 'confirm');
  const apt = ownAppointment(memory, id);
  confirm(memory, apt, () => new ForbiddenError());
  return toAppointment(memory, apt);
}

export function getCancellationQuote(memory: MemoryAdapter, id: string): CancellationQuote {
  memory.need(memory.caps.cancel, 'cancel');
  const apt = ownAppointment(memory, id);
  if (!canChange(memory, apt)) throw new ForbiddenError();
  return quote(memory, apt);
}

export function cancelAppointment(memory: MemoryAdapter, request: CancelRequest): Appointment {
  memory.need(memory.caps.cancel, 'cancel');
  const apt = ownAppointment(memory, request.appointmentId);
  if (apt.status === 'cancelled') return toAppointment(memory, apt);
  if (!canChange(memory, apt)) throw new ForbiddenError();
  checkReason(memory, request.reasonId, request.note);
  cancel(memory, apt, request.reasonId, request.note);
  return toAppointment(memory, apt);
}

export function rescheduleAppointment(memory: MemoryAdapter, request: RescheduleRequest): Appointment {
  memory.need(memory.caps.reschedule, 'reschedule');
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '') {
    throw new ValidationError({idempotencyKey: 'required'});
  }
  const apt = ownAppointment(memory, request.appointmentId);
  const print = fingerprint({appointmentId: apt.id, slot: request.slot?.id});
  const earlier = memory.reschedules.get(request.idempotencyKey);
  if (earlier) {
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return toAppointment(memory, apt);
  }
  if (!canChange(memory, apt)) throw new ForbiddenError();
  const services = apt.serviceIds.map((id) => memory.service(id) as Service);
  if (!request.slot || !sameList(request.slot.serviceIds ?? [], apt.serviceIds)) {
    throw new ValidationError({slot: 'invalid'});
  }
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

export function resolveReminderToken(memory: MemoryAdapter, token: string): ReminderTokenInfo {
  memory.need(memory.caps.reminderLinks, 'reminderLinks');
  const {record, apt} = reminderTarget(memory, token);
  return {action: record.action, appointment: toAppointment(memory, apt), withoutSignIn: true};
}

export function applyReminderAction(memory: MemoryAdapter, request: ReminderActionRequest): Appointment {
  memory.need(memory.caps.reminderLinks, 'reminderLinks');
  const {record, apt} = reminderTarget(memory, request.token);
  if (record.action === 'confirm') {
    confirm(memory, apt, () => new InvalidLinkError());
  } else {
    if (!request.reasonId) throw new ValidationError({reasonId: 'required'});
    checkReason(memory, request.reasonId, request.note);
    cancel(memory, apt, request.reasonId, request.note);
  }
  record.used = true;
  return toAppointment(memory, apt);
}

export function getVideoJoin(memory: MemoryAdapter, appointmentId: string): VideoJoin {
  memory.need(memory.caps.telehealth, 'telehealth');
  const tele = memory.data.clinic.telehealth;
  const apt = ownAppointment(memory, appointmentId);
  if (apt.mode !== 'video' || !tele) throw new NotFoundError();
  const now = memory.clock();
  const opens = apt.start - tele.opensMinutesBefore * MINUTE;
  const state: VideoVisitState =
    apt.status === 'cancelled'
      ? 'cancelled'
      : now < opens
        ? 'not-open'
        : now < apt.start
          ? 'open'
          : now < apt.end && ACTIVE.has(apt.status)
            ? 'in-progress'
            : 'ended';
  const join: VideoJoin = {
    state,
    provider: tele.provider,
    opensAt: memory.instant(opens),
    endsAt: memory.instant(apt.end),
  };
  if (state !== 'open' && state !== 'in-progress') return join;
  const base = memory.data.videoRoomBase ?? 'https://meet.jit.si/';
  const room = `${base.endsWith('/') ? base : `${base}/`}${apt.room}`;
  return {...join, appUrl: room, webUrl: `${room}#config.disableDeepLinking=true`};
}
