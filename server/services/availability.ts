/**
 * Availability: the free slots for a query (the domain's `readAvailabilityQuery` and `slotsFor`
 * over what the database says keeps providers busy), and the check every booking, hold and
 * reschedule makes inside its transaction, under the provider's calendar lock: is this slot still
 * free (the domain's `freeSlot`).
 */
import {ABUSE_LIMITS, freeSlot, readAvailabilityQuery, slotsFor} from '../../src/domain/rules/index.js';
import type {BusyInterval} from '../../src/domain/schedule.js';
import type {Availability, AvailabilityQuery} from '../../src/adapters/adapter.js';
import type {Service, Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {busyBetween} from '../repositories/calendars.js';
import {instant, num, type CallContext, type PortalContext} from './context.js';

/** How far around a range busy times are read (a visit may start before it and run into it). */
const MARGIN = 24 * 3_600_000;

/** Active appointments and unexpired holds of these providers around [from, to). */
export async function busyAround(
  s: PortalContext,
  q: Queryable,
  providerIds: readonly string[],
  from: number,
  to: number,
  exclude: {holdId?: string; appointmentId?: string} = {},
): Promise<BusyInterval[]> {
  const rows = await busyBetween(q, providerIds, from - MARGIN, to + MARGIN, s.clock(), exclude);
  return rows.map((r) => ({
    providerId: r.provider_id,
    start: instant(s, num(r.start_ms)),
    end: instant(s, num(r.end_ms)),
  }));
}

const WEEK = 7 * 24 * 3_600_000;

/**
 * Free slots for a query. A caller (`call`: an HTTP request) pays for it in its address's budget,
 * one unit per week read (a 120-day read costs 18): a flood of long reads from one address gets
 * 429 instead of slowing everyone's sign-in.
 */
export async function availability(
  s: PortalContext,
  query: AvailabilityQuery,
  call?: CallContext,
): Promise<Availability> {
  const checked = readAvailabilityQuery(s.data, query);
  if (call)
    await s.limits.take(
      `availability:address:${call.address ?? 'unknown'}`,
      ABUSE_LIMITS.availabilityWeeksPerAddress,
      Math.max(1, Math.ceil((checked.to - checked.from) / WEEK)),
    );
  const busy = await busyAround(s, s.db, checked.providerIds, checked.from, checked.to);
  const slots = slotsFor(s.data, {...checked, now: s.clock(), busy});
  return {slots, timeZone: s.data.clinic.timeZone};
}

/**
 * The slot at `at` as free now inside `q` (call it holding the provider's calendar lock), else
 * `SlotTakenError` / `ValidationError({slot: 'unavailable'})`.
 */
export async function slotStillFree(
  s: PortalContext,
  q: Queryable,
  services: readonly Service[],
  at: {providerId: string; start: number; slotId: string},
  exclude: {holdId?: string; appointmentId?: string},
): Promise<Slot> {
  const busy = await busyAround(s, q, [at.providerId], at.start, at.start + 1, exclude);
  return freeSlot(s.data, services, at, s.clock(), busy);
}
