/**
 * The waitlist (#21): "tell me if an earlier time opens". A patient asks for one visit (services,
 * optionally a provider) within a range of dates and parts of the day; when a matching slot frees
 * up (a cancellation), the backend offers it to the waiting patients, first joined first, by a
 * link that holds the slot for {@link WAITLIST_LIMITS.offerMinutes}; the first to confirm books
 * it, the others are told it's gone. These are the rules, once, for the memory adapter and the
 * reference server alike: what a request may ask, when an entry has ended, which entries a freed
 * slot matches and in which order they are offered it.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {instantToZoned, plainDateToEpochDay} from '../time.js';
import type {Instant, PlainDate, Service, TimeZoneName} from '../types.js';
import type {ClinicData} from './clinic-data.js';
import {eligibleProviders, resolveServices} from './visit-choice.js';

/** Parts of the day in the clinic's time zone: before 12:00, 12:00–16:59, from 17:00. */
export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];

export const WAITLIST_LIMITS = {
  /** Entries one patient may have waiting at once. */
  activeEntries: 3,
  /** The longest range of dates one entry may ask for (days, both ends included). */
  rangeDays: 90,
  /** How long an offer's link holds the freed slot (minutes). */
  offerMinutes: 15,
  /** How many waiting patients one freed slot is offered to at once (first joined first). */
  offersPerSlot: 5,
} as const;

/** What a patient asks to be told about. */
export interface WaitlistRequest {
  readonly serviceIds: readonly string[];
  /** One provider, or absent for anyone who performs the services. */
  readonly providerId?: string;
  /** First and last date (clinic's time zone), both included. */
  readonly from: PlainDate;
  readonly to: PlainDate;
  readonly partsOfDay: readonly PartOfDay[];
}

/** One of the patient's waiting entries. */
export interface WaitlistEntry extends WaitlistRequest {
  readonly id: string;
  readonly joinedAt: Instant;
}

/** What an offer's link shows: the slot offered, and whether it can still be booked. */
export interface WaitlistOffer {
  /** `open`: it can be booked now; `gone`: someone else booked it, or the offer expired. */
  readonly state: 'open' | 'gone' | 'booked';
  readonly start: Instant;
  readonly end: Instant;
  readonly providerId: string;
  readonly serviceIds: readonly string[];
  readonly locationId?: string;
  /** Until when the slot is held for the waiting patients. */
  readonly expiresAt: Instant;
}

/** An entry as a backend keeps it (what the rules read). */
export interface WaitlistEntryFacts {
  readonly id: string;
  readonly serviceIds: readonly string[];
  readonly providerId?: string;
  readonly from: PlainDate;
  readonly to: PlainDate;
  readonly partsOfDay: readonly PartOfDay[];
  /** When the patient joined (ms): the offer order. */
  readonly joined: number;
  /** The backend's order of joining (for entries of one millisecond). */
  readonly seq: number;
}

/** The part of the day an instant falls in, in the clinic's time zone. */
export function partOfDay(ms: number, timeZone: TimeZoneName): PartOfDay {
  const hour = Number(instantToZoned(ms, timeZone).time.slice(0, 2));
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

const today = (now: number, timeZone: TimeZoneName): PlainDate => instantToZoned(now, timeZone).date;

/** Whether an entry's range has passed (its last date is before today in the clinic's zone). */
export function waitlistEntryEnded(
  entry: Pick<WaitlistEntryFacts, 'to'>,
  now: number,
  timeZone: TimeZoneName,
): boolean {
  return entry.to < today(now, timeZone);
}

const epochDay = (d: unknown): number | null => {
  if (typeof d !== 'string') return null;
  try {
    return plainDateToEpochDay(d);
  } catch {
    return null;
  }
};

/**
 * A request checked against the clinic and the patient's waiting entries, normalized (parts of the
 * day in order, once each); otherwise `ValidationError` with every field's problem: `serviceIds`
 * (`required`/`invalid`, `unavailable` when the visit needs a deposit, which an offer's link cannot
 * take), `providerId` (`invalid`: not one who performs them), `from`/`to` (`invalid-date`,
 * `invalid` when `from` is before today or `to` before `from`, `too-long` past
 * {@link WAITLIST_LIMITS.rangeDays}), `partsOfDay` (`required`/`invalid`), and `{waitlist:
 * 'too-many'}` when the patient already has {@link WAITLIST_LIMITS.activeEntries} waiting.
 */
export function checkWaitlistRequest(
  data: Pick<ClinicData, 'catalog' | 'schedules' | 'clinic'>,
  request: WaitlistRequest,
  now: number,
  activeEntries: number,
): WaitlistRequest {
  const fields: Record<string, FieldErrorCode> = {};
  let services: Service[] = [];
  try {
    services = resolveServices(data, request?.serviceIds, 'serviceIds');
    const fallback = data.clinic.deposit?.defaultDeposit;
    if (services.some((s) => (s.deposit ?? fallback)?.amountMinor)) fields.serviceIds = 'unavailable';
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(fields, e.fields);
  }
  const providerId = request?.providerId;
  if (providerId !== undefined && providerId !== null) {
    if (
      typeof providerId !== 'string' ||
      (services.length > 0 && !eligibleProviders(data, services).includes(providerId))
    )
      fields.providerId = 'invalid';
  }
  const from = epochDay(request?.from);
  const to = epochDay(request?.to);
  const first = epochDay(today(now, data.clinic.timeZone)) as number;
  if (from === null) fields.from = 'invalid-date';
  else if (from < first) fields.from = 'invalid';
  if (to === null) fields.to = 'invalid-date';
  else if (from !== null && to < from) fields.to = 'invalid';
  else if (from !== null && to - from + 1 > WAITLIST_LIMITS.rangeDays) fields.to = 'too-long';
  const parts = request?.partsOfDay;
  if (!Array.isArray(parts) || parts.length === 0) fields.partsOfDay = 'required';
  else if (parts.some((p) => !(PARTS_OF_DAY as readonly unknown[]).includes(p)))
    fields.partsOfDay = 'invalid';
  if (Object.keys(fields).length === 0 && activeEntries >= WAITLIST_LIMITS.activeEntries)
    fields.waitlist = 'too-many';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    serviceIds: services.map((s) => s.id),
    ...(typeof providerId === 'string' ? {providerId} : {}),
    from: request.from,
    to: request.to,
    partsOfDay: PARTS_OF_DAY.filter((p) => parts.includes(p)),
  };
}

/**
 * Whether a freed time (a provider at a start) is one this entry waits for: the provider is the
 * one asked for (or any who performs the services), the date is in the range and the part of the
 * day is one chosen, in the clinic's time zone, and the entry has not ended. Whether the visit
 * actually fits there is the availability check's to say (a backend runs it before offering).
 */
export function waitlistMatches(
  data: Pick<ClinicData, 'catalog' | 'schedules' | 'clinic'>,
  entry: WaitlistEntryFacts,
  freed: {readonly providerId: string; readonly start: number},
  now: number,
): boolean {
  const tz = data.clinic.timeZone;
  if (freed.start <= now || waitlistEntryEnded(entry, now, tz)) return false;
  if (entry.providerId !== undefined && entry.providerId !== freed.providerId) return false;
  const services = entry.serviceIds.map((id) => data.catalog.services.find((s) => s.id === id));
  if (services.some((s) => !s)) return false;
  if (!eligibleProviders(data, services as Service[]).includes(freed.providerId)) return false;
  const date = instantToZoned(freed.start, tz).date;
  if (date < entry.from || date > entry.to) return false;
  return entry.partsOfDay.includes(partOfDay(freed.start, tz));
}

/** Offer order: first joined first (within one millisecond, in the backend's order of joining). */
export function waitlistOrder<E extends Pick<WaitlistEntryFacts, 'joined' | 'seq'>>(
  entries: readonly E[],
): E[] {
  return [...entries].sort((a, b) => a.joined - b.joined || a.seq - b.seq);
}

/**
 * The entries a freed time is offered to, in order: those that match, one per patient (her
 * earliest), at most {@link WAITLIST_LIMITS.offersPerSlot}. `fits` says whether the entry's visit
 * is free to book there (the backend's availability check, given the freed time's hold).
 */
export function waitlistCandidates<E extends WaitlistEntryFacts & {readonly patientId: string}>(
  data: Pick<ClinicData, 'catalog' | 'schedules' | 'clinic'>,
  entries: readonly E[],
  freed: {readonly providerId: string; readonly start: number; readonly patientId?: string},
  now: number,
  fits: (entry: E) => boolean,
): E[] {
  const out: E[] = [];
  const patients = new Set<string>();
  for (const e of waitlistOrder(entries)) {
    if (out.length >= WAITLIST_LIMITS.offersPerSlot) break;
    // The patient who just cancelled it is not offered her own time back.
    if (patients.has(e.patientId) || e.patientId === freed.patientId) continue;
    if (!waitlistMatches(data, e, freed, now) || !fits(e)) continue;
    patients.add(e.patientId);
    out.push(e);
  }
  return out;
}
