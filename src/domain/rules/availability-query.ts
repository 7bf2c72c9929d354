/**
 * The availability rules around the slot computation (`../availability.ts`): what a query may ask
 * (services one visit may combine, a provider who performs them or "first available" where the
 * clinic allows it, a range of at most {@link MAX_RANGE_DAYS} days), the slots offered for it, what
 * a slot's id says, and whether a slot asked for is still free. A backend supplies only what keeps
 * providers busy (appointments and holds, from wherever it stores them).
 */
import {providerStarts} from '../availability.js';
import {SlotTakenError, ValidationError, type FieldErrorCode} from '../errors.js';
import type {BusyInterval} from '../schedule.js';
import {parseInstant, toZonedInstantString} from '../time.js';
import type {Instant, Service, Slot} from '../types.js';
import {durationWith, longestVisitMinutes} from './catalog.js';
import type {ClinicData} from './clinic-data.js';
import {eligibleProviders, resolveServices} from './visit-choice.js';

const DAY_MS = 24 * 60 * 60_000;

/** The longest range one availability query may cover. */
export const MAX_RANGE_DAYS = 120;

/** An availability query as the contract sends it (`AvailabilityQuery`). */
export interface AvailabilityQueryInput {
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  readonly locationId?: string;
  readonly from: Instant;
  readonly to: Instant;
}

export interface CheckedAvailabilityQuery {
  readonly services: Service[];
  /** The providers to search: the one asked for, or every eligible one (catalog order). */
  readonly providerIds: string[];
  readonly from: number;
  readonly to: number;
  /** "First available": one slot per start, from the first provider free then. */
  readonly firstAvailable: boolean;
  /** Only slots at this location (absent: any). */
  readonly locationId?: string;
}

/** Checks an availability query, or throws `ValidationError` naming each field that is wrong. */
/** The earliest and (exclusive) latest instants a query may name: 1900-01-01 and 2200-01-01, UTC. */
export const INSTANT_MIN = Date.UTC(1900, 0, 1);
export const INSTANT_MAX = Date.UTC(2200, 0, 1);

export function readAvailabilityQuery(
  data: ClinicData,
  query: AvailabilityQueryInput,
): CheckedAvailabilityQuery {
  const services = resolveServices(data, query?.serviceIds, 'serviceIds');
  const fields: Record<string, FieldErrorCode> = {};
  let from = NaN;
  let to = NaN;
  try {
    from = parseInstant(query.from);
  } catch {
    fields.from = 'invalid';
  }
  try {
    to = parseInstant(query.to);
  } catch {
    fields.to = 'invalid';
  }
  // Years 1900–2199 only: the calendar arithmetic (and a database) has no business with year 0.
  if (!fields.from && !(from >= INSTANT_MIN && from < INSTANT_MAX)) fields.from = 'invalid';
  if (!fields.to && !(to >= INSTANT_MIN && to < INSTANT_MAX)) fields.to = 'invalid';
  if (!fields.from && !fields.to && !(to > from)) fields.to = 'invalid';
  if (!fields.from && !fields.to && to - from > MAX_RANGE_DAYS * DAY_MS) fields.to = 'invalid';
  // A location narrows the visit to an in-person one offered there, with providers who work there.
  const locationId = query.locationId;
  const at = (providerId: string) =>
    locationId === undefined ||
    !!data.catalog.providers.find((p) => p.id === providerId)?.locationIds.includes(locationId);
  if (
    locationId !== undefined &&
    !(
      typeof locationId === 'string' &&
      data.clinic.locations.some((l) => l.id === locationId) &&
      services.every((s) => s.mode === 'in-person' && s.locationIds.includes(locationId))
    )
  )
    fields.locationId = 'invalid';
  const eligible = eligibleProviders(data, services).filter(at);
  const firstAvailable = query.providerId === 'any';
  if (firstAvailable) {
    if (!data.clinic.booking.allowAnyProvider) fields.providerId = 'invalid';
  } else if (!eligible.includes(query.providerId)) fields.providerId = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const checked = {
    services,
    providerIds: firstAvailable ? eligible : [query.providerId],
    from,
    to,
    firstAvailable,
  };
  return locationId === undefined ? checked : {...checked, locationId};
}

/** A slot's id: provider, start (epoch ms) and services, so a backend can read a slot back. */
export function slotId(providerId: string, start: number, serviceIds: readonly string[]): string {
  return `${providerId}~${start}~${serviceIds.join('+')}`;
}

export interface SlotsRequest {
  readonly services: readonly Service[];
  readonly providerIds: readonly string[];
  readonly from: number;
  readonly to: number;
  /** The backend's clock, epoch ms. */
  readonly now: number;
  /** Active appointments and unexpired holds of these providers (others are ignored). */
  readonly busy: readonly BusyInterval[];
  readonly firstAvailable?: boolean;
  /** Only slots at this location (`readAvailabilityQuery` checked it). */
  readonly locationId?: string;
}

/**
 * The slots offered for a visit of these services with these providers in [from, to): the shared
 * slot computation with the clinic's notice, horizon, step, buffer and closures, in-person slots
 * only at locations offering every service (at the one asked for, if any), and for "first
 * available" one slot per start from the first provider (in the order given) free then.
 */
export function slotsFor(data: ClinicData, request: SlotsRequest): Slot[] {
  const {clinic} = data;
  const {services, providerIds} = request;
  const tz = clinic.timeZone;
  const mode = services[0].mode;
  const providers = providerIds.flatMap((id) => {
    const schedule = data.schedules.find((s) => s.providerId === id);
    return schedule ? [{schedule, durationMinutes: durationWith(services, id)}] : [];
  });
  const serviceIds = services.map((s) => s.id);
  const runs = providerStarts({
    timeZone: tz,
    from: toZonedInstantString(request.from, tz),
    to: toZonedInstantString(request.to, tz),
    now: toZonedInstantString(request.now, tz),
    minNoticeMinutes: clinic.booking.minNoticeMinutes,
    horizonDays: clinic.booking.horizonDays,
    stepMinutes: data.stepMinutes,
    bufferMinutes: data.bufferMinutes ?? 0,
    closures: data.closures,
    providers,
    busy: request.busy,
    serviceIds,
    mode,
  });
  // Numbers until the end: only the slots offered are formatted (in the clinic's zone, the costly
  // part), never the candidates "first available" leaves out. `runs` follow `providerIds`' order.
  const wanted = request.locationId;
  const offered = (location: string | undefined): boolean =>
    wanted !== undefined
      ? location === wanted
      : mode !== 'in-person' ||
        location === undefined ||
        services.every((s) => s.locationIds.includes(location));
  let chosen: {run: (typeof runs)[number]; start: number; location: string | undefined}[] = [];
  if (request.firstAvailable) {
    // One slot per start, from the first provider (in the order given) free then: a start is
    // looked at only until a provider takes it.
    const byStart = new Map<number, (typeof chosen)[number]>();
    for (const run of runs)
      run.starts.forEach((start, k) => {
        if (!byStart.has(start) && offered(run.locations[k]))
          byStart.set(start, {run, start, location: run.locations[k]});
      });
    chosen = [...byStart.values()];
  } else
    for (const run of runs)
      run.starts.forEach((start, k) => {
        if (offered(run.locations[k])) chosen.push({run, start, location: run.locations[k]});
      });
  // By start, then provider id.
  chosen.sort((a, b) => a.start - b.start || (a.run.providerId < b.run.providerId ? -1 : 1));
  return chosen.map(({run, start, location}) => {
    const slot: Slot = {
      id: slotId(run.providerId, start, serviceIds),
      start: toZonedInstantString(start, tz),
      end: toZonedInstantString(start + run.durationMs, tz),
      providerId: run.providerId,
      serviceIds: [...serviceIds],
      mode,
    };
    return mode === 'in-person' && location !== undefined ? {...slot, locationId: location} : slot;
  });
}

/**
 * The instants a slot may start in at `now` — from the clinic's minimum notice to the end of its
 * booking horizon — as `slotsFor` applies them: `slotsFor` over [from, to) offers exactly its
 * slots over [max(from, earliest), min(to, latest)), whatever `now` is otherwise. A backend that
 * keeps answers for parts of a range (the reference server) keys them by that range, not the clock.
 */
export function bookableRange(
  data: Pick<ClinicData, 'clinic'>,
  now: number,
): {readonly earliest: number; readonly latest: number} {
  const {minNoticeMinutes, horizonDays} = data.clinic.booking;
  return {earliest: now + minNoticeMinutes * 60_000, latest: now + horizonDays * DAY_MS};
}

/**
 * How far from a start a busy time can still forbid it (the clinic's longest visit plus its
 * buffer, ms): for starts in [from, to), only busy times ending after from − reach and starting
 * before to + reach matter.
 */
export function busyReach(data: Pick<ClinicData, 'catalog' | 'bufferMinutes'>): number {
  return (longestVisitMinutes(data) + (data.bufferMinutes ?? 0)) * 60_000;
}

/**
 * Reads the provider and start out of a slot the patient sends back, checking that its id, start,
 * provider and services agree and that the provider performs them; else `ValidationError({slot})`.
 */
export function decodeSlot(
  data: ClinicData,
  slot: Slot,
  services: readonly Service[],
): {providerId: string; start: number} {
  const parts = typeof slot?.id === 'string' ? slot.id.split('~') : [];
  const start = Number(parts[1]);
  let sameStart = false;
  try {
    sameStart = parseInstant(slot.start) === start;
  } catch {
    sameStart = false;
  }
  if (
    parts.length !== 3 ||
    !Number.isSafeInteger(start) ||
    parts[0] !== slot.providerId ||
    !sameStart ||
    parts[2] !== services.map((s) => s.id).join('+') ||
    !eligibleProviders(data, services).includes(parts[0])
  ) {
    throw new ValidationError({slot: 'invalid'});
  }
  return {providerId: parts[0], start};
}

/**
 * The slot at `start` with this provider as offered now, given what keeps the provider busy;
 * `SlotTakenError` when it would be offered but someone has it, `ValidationError({slot:
 * 'unavailable'})` when it is not offered at all (past, closed, outside the schedule).
 */
export function freeSlot(
  data: ClinicData,
  services: readonly Service[],
  at: {readonly providerId: string; readonly start: number; readonly slotId: string},
  now: number,
  busy: readonly BusyInterval[],
): Slot {
  const request = {services, providerIds: [at.providerId], from: at.start, to: at.start + 1, now};
  const free = slotsFor(data, {...request, busy});
  if (free.length > 0) return free[0];
  if (slotsFor(data, {...request, busy: []}).length > 0) throw new SlotTakenError(at.slotId);
  throw new ValidationError({slot: 'unavailable'});
}
