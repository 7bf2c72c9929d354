/**
 * The appointment rules: what the patient sees of an appointment and may do with it now, what a
 * cancellation costs under the clinic's policy, and which reasons and notes a cancellation accepts.
 */
import {ValidationError} from '../errors.js';
import {toZonedInstantString} from '../time.js';
import type {
  Appointment,
  AppointmentActions,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  CancellationReason,
  Clinic,
  Money,
  VideoJoin,
  VideoVisitState,
  VisitItem,
  VisitMode,
} from '../types.js';
import {lateFrom} from './cancellation-window.js';
import type {CardAuthorization, FeeCharge} from './cards.js';
import {servicesIn} from './catalog.js';
import type {ClinicData} from './clinic-data.js';
import {codePoints, fingerprint} from './validation.js';

const MINUTE = 60_000;

/** Statuses of an appointment that still holds its time. */
export const ACTIVE: ReadonlySet<AppointmentStatus> = new Set(['pending', 'booked', 'confirmed']);

/** The longest cancellation note accepted, in code points. */
export const NOTE_MAX = 1000;

/** An appointment as a backend stores it (times in epoch ms). */
export interface AppointmentFacts {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: number;
  readonly end: number;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  readonly mode: VisitMode;
  readonly locationId?: string;
  readonly items: readonly VisitItem[];
  readonly cancellation?: CancellationInfo;
  readonly depositPaid?: Money;
  /**
   * Whether the account's owner stands behind it (see {@link ownedByAccount}); a backend that
   * does not record it treats every appointment as the owner's.
   */
  readonly ownerVerified?: boolean;
  /** The card the patient authorized when booking, if the policy needed one (`card-fees.ts`). */
  readonly cardAuthorization?: CardAuthorization;
  /** A late-cancellation or no-show fee charged under that authorization. */
  readonly feeCharge?: FeeCharge;
}

/**
 * Whether an appointment belongs to its patient's account (QUALITY 34): the owner made it signed
 * in, or confirmed it from a link emailed to the account's address. A booking made without
 * signing in names an email nobody proved to own, so until that link is followed it is not in the
 * account (never listed, read or changed with the account's session) and cancelling it late costs
 * no fee. Every guest booking starts so, whether or not the address has an account: the caller
 * gets the same answer either way.
 */
export function ownedByAccount(a: Pick<AppointmentFacts, 'ownerVerified'>): boolean {
  return a.ownerVerified !== false;
}

/** Whether a booking made now is its account's from the start: only when made signed in. */
export function bookedByOwner(signedIn: boolean): boolean {
  return signedIn;
}

/** Which of the contract's appointment actions this backend offers at all. */
export interface AppointmentCapabilities {
  readonly confirm: boolean;
  readonly cancel: boolean;
  readonly reschedule: boolean;
  readonly telehealth: boolean;
}

/** Whether the patient may still confirm, cancel or reschedule it: active and not yet started. */
export function canChange(a: Pick<AppointmentFacts, 'status' | 'start'>, now: number): boolean {
  return ACTIVE.has(a.status) && now < a.start;
}

/** Upcoming (as opposed to past): active and not yet over. */
export function isUpcoming(a: Pick<AppointmentFacts, 'status' | 'end'>, now: number): boolean {
  return ACTIVE.has(a.status) && a.end > now;
}

/** When a video visit's room opens (its start when the clinic has no telehealth settings). */
export function videoOpensAt(clinic: Clinic, start: number): number {
  return clinic.telehealth ? start - clinic.telehealth.opensMinutesBefore * MINUTE : start;
}

/**
 * What the patient sees of an appointment at `now`: the actions open to them, the visit items so
 * far (after-visit items once it has started), location, video room, cancellation and deposit.
 * Nested values are copies: the caller's records cannot be changed through the result.
 */
export function toAppointment(
  a: AppointmentFacts,
  context: {readonly data: ClinicData; readonly caps: AppointmentCapabilities; readonly now: number},
): Appointment {
  const {data, caps, now} = context;
  const clinic = data.clinic;
  const tz = clinic.timeZone;
  const services = servicesIn(data, a.serviceIds);
  const provider = data.catalog.providers.find((p) => p.id === a.providerId);
  const active = ACTIVE.has(a.status);
  const before = active && now < a.start;
  const tele = clinic.telehealth;
  const opensAt = videoOpensAt(clinic, a.start);
  const actions: AppointmentActions = {
    confirm: caps.confirm && before && a.status !== 'confirmed',
    cancel: caps.cancel && before,
    reschedule: caps.reschedule && before,
    join: caps.telehealth && a.mode === 'video' && active && now >= opensAt && now < a.end,
    addToCalendar: active && now < a.end,
  };
  const started = now >= a.start && (a.status === 'fulfilled' || active);
  const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
  return {
    id: a.id,
    status: a.status,
    start: toZonedInstantString(a.start, tz),
    end: toZonedInstantString(a.end, tz),
    services: services.map((s) => ({id: s.id, name: structuredClone(s.name)})),
    providerId: a.providerId,
    providerName: provider?.name ?? '',
    mode: a.mode,
    actions,
    items: structuredClone(visibleItems(a, started)),
    ...(location ? {location: structuredClone(location)} : {}),
    ...(a.mode === 'video' && tele
      ? {video: {provider: tele.provider, opensAt: toZonedInstantString(opensAt, tz)}}
      : {}),
    ...(a.cancellation ? {cancellation: structuredClone(a.cancellation)} : {}),
    ...(a.depositPaid ? {depositPaid: {...a.depositPaid}} : {}),
    ...(a.cardAuthorization
      ? {cardOnFile: {brand: a.cardAuthorization.brand, last4: a.cardAuthorization.last4}}
      : {}),
    ...(a.feeCharge
      ? {
          feeCharged: {
            kind: a.feeCharge.kind,
            amount: {...a.feeCharge.amount},
            ...(a.feeCharge.card
              ? {card: {brand: a.feeCharge.card.brand, last4: a.feeCharge.card.last4}}
              : {}),
          },
        }
      : {}),
  };
}

/**
 * The visit items the patient sees: after-visit ones only once the visit has started; for a
 * cancelled visit only what the patient already completed (a questionnaire to read again), never a
 * form still "to do" or instructions to follow for a visit that will not happen.
 */
function visibleItems(a: AppointmentFacts, started: boolean): VisitItem[] {
  if (a.status === 'cancelled') return a.items.filter((i) => i.state === 'done');
  return a.items.filter((i) => i.phase === 'before' || started);
}

/**
 * What cancelling now costs: late once inside the clinic's window before the start, with the
 * clinic's late fee when it has one.
 */
export function cancellationQuote(clinic: Clinic, start: number, now: number): CancellationQuote {
  const policy = clinic.cancellation;
  const windowStart = lateFrom(policy, start);
  const late = now >= windowStart;
  const at = toZonedInstantString(windowStart, clinic.timeZone);
  return late && policy.lateFee ? {late, fee: {...policy.lateFee}, windowStart: at} : {late, windowStart: at};
}

/**
 * A cancellation's reason and note checked: a known reason, a note of at most {@link NOTE_MAX}
 * code points, required for a reason that needs text; else `ValidationError`.
 */
export function checkCancelReason(
  reasons: readonly CancellationReason[],
  reasonId: string | undefined,
  note: string | undefined,
): CancellationReason {
  if (!reasonId) throw new ValidationError({reasonId: 'required'});
  const reason = reasons.find((r) => r.id === reasonId);
  if (!reason) throw new ValidationError({reasonId: 'invalid'});
  if (typeof note === 'string' && codePoints(note) > NOTE_MAX) throw new ValidationError({note: 'too-long'});
  if (reason.needsText && (typeof note !== 'string' || note.trim() === ''))
    throw new ValidationError({note: 'required'});
  return reason;
}

/**
 * The record of a patient's cancellation now: reason, time, their note if any, the fee if late —
 * only for an appointment the account's owner made or confirmed ({@link ownedByAccount}).
 */
export function patientCancellation(
  clinic: Clinic,
  a: Pick<AppointmentFacts, 'start' | 'ownerVerified'>,
  now: number,
  reasonId: string,
  note: string | undefined,
): CancellationInfo {
  const quote = ownedByAccount(a) ? cancellationQuote(clinic, a.start, now) : {fee: undefined};
  return {
    reasonId,
    at: toZonedInstantString(now, clinic.timeZone),
    by: 'patient',
    ...(note !== undefined && note.trim() !== '' ? {note} : {}),
    ...(quote.fee ? {fee: quote.fee} : {}),
  };
}

/**
 * A video visit as the patient may join it at `now`: its state (not open yet, open from the clinic's
 * minutes before, in progress, ended, cancelled), when it opens and ends, and the room's links
 * (the video app and the browser's simplified view) only while it is open or in progress. The room
 * is on the clinic's `videoRoomBase` (default Jitsi Meet).
 */
export function videoJoin(
  a: Pick<AppointmentFacts, 'status' | 'start' | 'end'>,
  data: Pick<ClinicData, 'clinic' | 'videoRoomBase'>,
  room: string,
  now: number,
): VideoJoin {
  const clinic = data.clinic;
  const tele = clinic.telehealth;
  const opens = videoOpensAt(clinic, a.start);
  const state: VideoVisitState =
    a.status === 'cancelled'
      ? 'cancelled'
      : now < opens
        ? 'not-open'
        : now < a.start
          ? 'open'
          : now < a.end && ACTIVE.has(a.status)
            ? 'in-progress'
            : 'ended';
  const join: VideoJoin = {
    state,
    provider: tele?.provider ?? 'jitsi',
    opensAt: toZonedInstantString(opens, clinic.timeZone),
    endsAt: toZonedInstantString(a.end, clinic.timeZone),
  };
  if (state !== 'open' && state !== 'in-progress') return join;
  const base = data.videoRoomBase ?? 'https://meet.jit.si/';
  const url = `${base.endsWith('/') ? base : `${base}/`}${room}`;
  return {...join, appUrl: url, webUrl: `${url}#config.disableDeepLinking=true`};
}

/** What makes a retried reschedule (same idempotency key) the same move: the visit and the slot. */
export const rescheduleFingerprint = (
  appointmentId: string,
  slot: {readonly id?: unknown} | undefined,
): string => fingerprint({appointmentId, slot: slot?.id});

/**
 * A reschedule moves the visit, never changes it: the new slot must be offered for exactly the
 * visit's services, in the same order (`ValidationError({slot: 'invalid'})` otherwise).
 */
export function checkRescheduleSlot<S extends {readonly serviceIds?: readonly string[]}>(
  slot: S | undefined,
  serviceIds: readonly string[],
): asserts slot is S {
  const ids = slot?.serviceIds;
  if (
    !slot ||
    !Array.isArray(ids) ||
    ids.length !== serviceIds.length ||
    !ids.every((x, i) => x === serviceIds[i])
  )
    throw new ValidationError({slot: 'invalid'});
}
