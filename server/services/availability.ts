/**
 * Availability: the free slots for a query (the domain's `readAvailabilityQuery` and `slotsFor`
 * over what the database says keeps providers busy), and the check every booking, hold and
 * reschedule makes inside its transaction, under the provider's calendar lock: is this slot still
 * free (the domain's `freeSlot`).
 */
import {createHash} from 'node:crypto';
import {
  ABUSE_LIMITS,
  bookableRange,
  busyReach,
  freeSlot,
  longestVisitMinutes,
  readAvailabilityQuery,
  slotsFor,
  type CheckedAvailabilityQuery,
} from '../../src/domain/rules/index.js';
import type {BusyInterval} from '../../src/domain/schedule.js';
import type {Availability, AvailabilityQuery} from '../../src/adapters/adapter.js';
import type {Service, Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {busyBetween, busyWithVersions, calendarVersions, type BusyRow} from '../repositories/calendars.js';
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
  const rows = await busyBetween(
    q,
    providerIds,
    from - MARGIN,
    to + MARGIN,
    s.clock(),
    exclude,
    longestVisit(s),
  );
  return rows.map((r) => ({
    providerId: r.provider_id,
    start: instant(s, num(r.start_ms)),
    end: instant(s, num(r.end_ms)),
  }));
}

const WEEK = 7 * 24 * 3_600_000;

const longest = new WeakMap<object, number>();
/** The clinic's longest visit in ms (a bound for the busy-time reads), worked out once per catalog. */
function longestVisit(s: PortalContext): number {
  let ms = longest.get(s.data.catalog);
  if (ms === undefined) longest.set(s.data.catalog, (ms = longestVisitMinutes(s.data) * 60_000));
  return ms;
}

/** Free slots for a query: `availabilityAnswer`'s answer, read. */
export async function availability(
  s: PortalContext,
  query: AvailabilityQuery,
  call?: CallContext,
): Promise<Availability> {
  return JSON.parse((await availabilityAnswer(s, query, call)).json) as Availability;
}

/** An availability answer as sent: its JSON (and in UTF-8) and its entity tag (a hash of the JSON). */
export interface AvailabilityAnswer {
  readonly json: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

interface CachedAnswer {
  /** The calendars' versions it was computed under (`busyWithVersions`). */
  versions?: string;
  /** The minute of the clock it was computed in ("too soon to book" moves with the clock). */
  readonly minute: number;
  /** When a hold it counted expires. */
  changesAt: number;
  answer: Promise<AvailabilityAnswer>;
}

/** Answers kept per server (most recently used last); a query's key is its checked form. */
const CACHE_SIZE = 256;
const caches = new WeakMap<PortalContext, Map<string, CachedAnswer>>();

/**
 * Free slots for a query, as sent. A caller (`call`: an HTTP request) pays for it in its address's
 * budget, one unit per week read (a 120-day read costs 18): a flood of long reads from one address
 * gets 429 instead of slowing everyone's sign-in.
 *
 * Computed answers are kept: one is given again while the calendars' versions it was computed under
 * stand (every change to an appointment or hold moves its provider's version on, in the database:
 * migration 023, whichever server process made it), within the same minute and before a hold it
 * counted expires. Checking costs one small read; concurrent askers of one query in one minute share
 * one computation.
 */
export async function availabilityAnswer(
  s: PortalContext,
  query: AvailabilityQuery,
  call?: CallContext,
): Promise<AvailabilityAnswer> {
  const checked = readAvailabilityQuery(s.data, query);
  if (call)
    await s.limits.take(
      `availability:address:${call.address ?? 'unknown'}`,
      ABUSE_LIMITS.availabilityWeeksPerAddress,
      Math.max(1, Math.ceil((checked.to - checked.from) / WEEK)),
    );
  const now = s.clock();
  const minute = Math.floor(now / 60_000);
  const key = [
    checked.services.map((x) => x.id).join('+'),
    checked.providerIds.join('+'),
    checked.from,
    checked.to,
    checked.firstAvailable,
    checked.locationId ?? '',
  ].join('|');
  let cache = caches.get(s);
  if (!cache) caches.set(s, (cache = new Map()));
  const usable = (e: CachedAnswer | undefined): e is CachedAnswer =>
    e !== undefined && e.minute === minute && now < e.changesAt;
  const kept = cache.get(key);
  if (usable(kept)) {
    // Still being computed (`versions` unknown): share it. Else: valid while no calendar moved.
    if (kept.versions === undefined) return kept.answer;
    const current = await calendarVersions(s.db, checked.providerIds);
    if (kept.versions === current) {
      cache.delete(key);
      cache.set(key, kept);
      return kept.answer;
    }
    // Another asker may have started the new computation while this one checked: share it rather
    // than compute the same answer again (twenty readers after one change compute it once).
    const fresh = cache.get(key);
    if (usable(fresh) && fresh !== kept && (fresh.versions === undefined || fresh.versions === current))
      return fresh.answer;
  }
  const entry: CachedAnswer = {
    minute,
    changesAt: Infinity,
    answer: Promise.resolve({json: '', bytes: new Uint8Array(0), etag: ''}),
  };
  entry.answer = (async () => {
    const read = await busyWithVersions(
      s.db,
      checked.providerIds,
      checked.from - MARGIN,
      checked.to + MARGIN,
      now,
      longestVisit(s),
    );
    entry.versions = read.versions;
    entry.changesAt = read.changesAt;
    const json = answerJson(s, checked, now, read.busy);
    const bytes = new TextEncoder().encode(json);
    return {json, bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`};
  })();
  cache.delete(key);
  cache.set(key, entry);
  // A failed computation is not kept.
  entry.answer.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return entry.answer;
}

/** A day: the parts a range is computed in (UTC midnights, so ranges that overlap share parts). */
const PART_MS = 24 * 3_600_000;

/** Parts kept per clinic (most recently used last), and how many characters of JSON at most. */
const PARTS_MAX = 20_000;
const PARTS_MAX_CHARS = 32 * 2 ** 20;
interface PartCache {
  readonly map: Map<string, string>;
  chars: number;
}
const partCaches = new WeakMap<object, PartCache>();

/**
 * The answer's JSON, `{"slots":[…],"timeZone":…}`, made of parts of a day each. A part's slots
 * depend only on the clinic (its schedules and rules), the query without its range, the part's
 * bookable range (`bookableRange`: the clock matters only where it cuts a part) and the busy times
 * within reach of it (`busyReach`) — all in the part's key, so a kept part is right whatever
 * changed elsewhere. After a booking only the parts within reach of it (a day or two) are computed
 * again, with `slotsFor` on that part's range; the others are the same text as before.
 */
function answerJson(
  s: PortalContext,
  checked: CheckedAvailabilityQuery,
  now: number,
  rows: readonly BusyRow[],
): string {
  const data = s.data;
  let cache = partCaches.get(data);
  if (!cache) partCaches.set(data, (cache = {map: new Map(), chars: 0}));
  const {earliest, latest} = bookableRange(data, now);
  const lo = Math.max(checked.from, earliest);
  const hi = Math.min(checked.to, latest);
  const reach = busyReach(data);
  const busy = rows
    .map((r) => ({providerId: r.provider_id, start: num(r.start_ms), end: num(r.end_ms)}))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.providerId < b.providerId ? -1 : 1));
  const query = [
    checked.services.map((x) => x.id).join('+'),
    checked.providerIds.join('+'),
    checked.firstAvailable,
    checked.locationId ?? '',
  ].join('|');
  const parts: string[] = [];
  for (let from = lo, to: number; from < hi; from = to) {
    to = Math.min(hi, (Math.floor(from / PART_MS) + 1) * PART_MS);
    const near = busy.filter((b) => b.end > from - reach && b.start < to + reach);
    const key = `${query}|${from}|${to}|${near.map((b) => `${b.providerId}:${b.start}:${b.end}`).join(',')}`;
    let part = cache.map.get(key);
    if (part === undefined) {
      const slots = slotsFor(data, {
        ...checked,
        from,
        to,
        now,
        busy: near.map((b) => ({
          providerId: b.providerId,
          start: instant(s, b.start),
          end: instant(s, b.end),
        })),
      });
      part = JSON.stringify(slots).slice(1, -1);
      cache.chars += key.length + part.length;
    } else cache.map.delete(key);
    cache.map.set(key, part);
    if (part !== '') parts.push(part);
  }
  while (cache.map.size > PARTS_MAX || cache.chars > PARTS_MAX_CHARS) {
    const [oldKey, oldPart] = cache.map.entries().next().value as [string, string];
    cache.map.delete(oldKey);
    cache.chars -= oldKey.length + oldPart.length;
  }
  return `{"slots":[${parts.join(',')}],"timeZone":${JSON.stringify(data.clinic.timeZone)}}`;
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
