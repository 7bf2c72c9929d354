/**
 * Availability: the free slots for a query (the domain's `readAvailabilityQuery` and `slotsFor`
 * over what the database says keeps providers busy), and the check every booking, hold and
 * reschedule makes inside its transaction, under the provider's calendar lock: is this slot still
 * free (the domain's `freeSlot`).
 */
import {createHash} from 'node:crypto';
import {promisify} from 'node:util';
import * as zlib from 'node:zlib';
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
  return JSON.parse(
    new TextDecoder().decode((await availabilityAnswer(s, query, call)).bytes),
  ) as Availability;
}

/** The compressed forms an answer is kept in (besides its plain JSON). */
export type AnswerEncoding = 'br' | 'gzip';

/**
 * An availability answer as sent: its JSON in UTF-8 and its entity tag (a hash of those bytes), and
 * the bytes compressed — each encoding made once, the first time a client accepts it, and kept with
 * the answer, so twenty readers after a change cost one compression, not twenty.
 */
export interface AvailabilityAnswer {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The plain JSON's entity tag. */
  readonly etag: string;
  /** The entity tag of the answer in an encoding: each representation has its own (RFC 9110 8.8.3). */
  etagOf(encoding: AnswerEncoding | 'identity'): string;
  /** The bytes in an encoding (compressed off the event loop, in libuv's thread pool). */
  encoded(encoding: AnswerEncoding): Promise<Uint8Array>;
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** The answer for these JSON bytes: their hash now, their compressed forms when first asked. */
export function keptAnswer(bytes: Uint8Array<ArrayBuffer>): AvailabilityAnswer {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 32);
  const made = new Map<AnswerEncoding, Promise<Uint8Array>>();
  return {
    bytes,
    etag: `"${hash}"`,
    etagOf: (encoding) => (encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding}"`),
    encoded(encoding) {
      let out = made.get(encoding);
      if (!out) {
        out =
          encoding === 'gzip'
            ? gzip(bytes, {level: 6})
            : brotli(bytes, {
                params: {
                  // Quality 5: about gzip's time and a third smaller; 11 (the default) is ~50× slower.
                  [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
                  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
                },
              });
        made.set(encoding, out);
        // A failed compression is not kept (the caller sends the plain bytes).
        const failed = out;
        failed.catch(() => {
          if (made.get(encoding) === failed) made.delete(encoding);
        });
      }
      return out;
    },
  };
}

interface CachedAnswer {
  /** The calendars' versions it was computed under (`busyWithVersions`), once read. */
  versions?: string;
  /**
   * Whether its read of the busy times and versions has gone to the database. Until then an asker
   * may share it: the read will see everything committed before she asked.
   */
  sent: boolean;
  /** The minute of the clock it was computed in ("too soon to book" moves with the clock). */
  readonly minute: number;
  /** When a hold it counted expires. */
  changesAt: number;
  answer: Promise<AvailabilityAnswer>;
}

/** Answers kept per server (most recently used last); a query's key is its checked form. */
const CACHE_SIZE = 256;
const caches = new WeakMap<PortalContext, Map<string, CachedAnswer>>();

/** Queries checked (`readAvailabilityQuery`, a pure function of the clinic and the query), kept per clinic. */
const CHECKED_SIZE = 256;
const checkedQueries = new WeakMap<object, Map<string, CheckedAvailabilityQuery>>();

/** `readAvailabilityQuery`, worked out once per query asked (a refused one is checked each time). */
function checkedQuery(data: PortalContext['data'], query: AvailabilityQuery): CheckedAvailabilityQuery {
  let kept = checkedQueries.get(data);
  if (!kept) checkedQueries.set(data, (kept = new Map()));
  const key = JSON.stringify([query.serviceIds, query.providerId, query.locationId, query.from, query.to]);
  let checked = kept.get(key);
  if (!checked) {
    checked = readAvailabilityQuery(data, query);
    kept.set(key, checked);
    if (kept.size > CHECKED_SIZE) kept.delete(kept.keys().next().value as string);
  }
  return checked;
}

/** The next turn of the event loop (after the I/O callbacks of this one: requests that came together). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Each server's versions reads per providers: the one sent and not yet answered, and the next one,
 * which askers join until it is sent.
 */
interface VersionsReads {
  inFlight?: Promise<unknown>;
  next?: Promise<string>;
}
const versionsReads = new WeakMap<PortalContext, Map<string, VersionsReads>>();

/**
 * The calendars' versions, from a read sent after the call (never one already sent: it may have
 * missed a booking committed just before this asker came). Askers share reads: the next read is
 * sent once the one in flight is answered (or, when none is, in the next turn of the event loop,
 * after the requests that came together), and everyone who asked meanwhile gets its answer — one
 * read in flight per providers however many ask, each asker waiting at most for two.
 */
function versionsNow(s: PortalContext, providerIds: readonly string[]): Promise<string> {
  let all = versionsReads.get(s);
  if (!all) versionsReads.set(s, (all = new Map()));
  const key = providerIds.join('+');
  let reads = all.get(key);
  if (!reads) all.set(key, (reads = {}));
  if (reads.next) return reads.next;
  const state = reads;
  const map = all;
  const after = state.inFlight ?? nextTurn();
  const next = after
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      state.next = undefined;
      const sent = calendarVersions(s.db, providerIds);
      state.inFlight = sent;
      const done = () => {
        if (state.inFlight !== sent) return;
        state.inFlight = undefined;
        if (!state.next) map.delete(key);
      };
      sent.then(done, done);
      return sent;
    });
  state.next = next;
  return next;
}

/**
 * Free slots for a query, as sent. A caller (`call`: an HTTP request) pays for it in its address's
 * budget, one unit per week read (a 120-day read costs 18): a flood of long reads from one address
 * gets 429 instead of slowing everyone's sign-in.
 *
 * Computed answers are kept: one is given again while the calendars' versions it was computed under
 * stand (every change to an appointment or hold moves its provider's version on, in the database:
 * migration 023, whichever server process made it), within the same minute and before a hold it
 * counted expires. Never stale: every answer given comes from a database read that began after the
 * asker came, or is equal to one (the same versions). Checking costs one small read, shared by the
 * askers who arrive together (`versionsNow`); askers of one query who arrive before its
 * computation's read is sent share that computation, and later ones share it when the versions they
 * read are the ones it read.
 */
export async function availabilityAnswer(
  s: PortalContext,
  query: AvailabilityQuery,
  call?: CallContext,
): Promise<AvailabilityAnswer> {
  const checked = checkedQuery(s.data, query);
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
    // Its read not sent yet: it will see all this asker must see.
    if (!kept.sent) return kept.answer;
    const current = await versionsNow(s, checked.providerIds);
    // (Still being computed: its versions once read; a failed one is not used.)
    const keptVersions =
      kept.versions ??
      (await kept.answer.then(
        () => kept.versions,
        () => undefined,
      ));
    if (keptVersions === current && usable(kept)) {
      if (cache.get(key) === kept) {
        cache.delete(key);
        cache.set(key, kept);
      }
      return kept.answer;
    }
    // Another asker started a new computation after this one came (twenty readers after one change
    // compute it once): its read is as fresh as this one needs.
    const fresh = cache.get(key);
    if (usable(fresh) && fresh !== kept) return fresh.answer;
  }
  const entry: CachedAnswer = {
    minute,
    sent: false,
    changesAt: Infinity,
    answer: Promise.resolve(keptAnswer(new Uint8Array(0))),
  };
  entry.answer = (async () => {
    // Askers of the same query in this turn share the computation (they find it not yet sent).
    await nextTurn();
    entry.sent = true;
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
    return keptAnswer(answerBytes(s, checked, now, read.busy));
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

/** Parts kept per clinic (most recently used last), and how many bytes of keys and JSON at most. */
const PARTS_MAX = 20_000;
const PARTS_MAX_BYTES = 32 * 2 ** 20;
interface PartCache {
  readonly map: Map<string, Buffer>;
  bytes: number;
}
const partCaches = new WeakMap<object, PartCache>();

const COMMA = Buffer.from(',');
const OPEN = Buffer.from('{"slots":[');

/**
 * The answer's JSON in UTF-8, `{"slots":[…],"timeZone":…}`, made of parts of a day each. A part's
 * slots depend only on the clinic (its schedules and rules), the query without its range, the
 * part's bookable range (`bookableRange`: the clock matters only where it cuts a part) and the busy
 * times within reach of it (`busyReach`) — all in the part's key, so a kept part is right whatever
 * changed elsewhere. After a booking only the parts within reach of it (a day or two) are computed
 * again, with `slotsFor` on that part's range; the others are the same bytes as before, copied.
 */
function answerBytes(
  s: PortalContext,
  checked: CheckedAvailabilityQuery,
  now: number,
  rows: readonly BusyRow[],
): Uint8Array<ArrayBuffer> {
  const data = s.data;
  let cache = partCaches.get(data);
  if (!cache) partCaches.set(data, (cache = {map: new Map(), bytes: 0}));
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
  const pieces: Buffer[] = [OPEN];
  // Busy times are in start order: those within reach of a part are among those from `first`
  // (none starting before the part's reach less the longest busy time can end within it) up to
  // the first that starts past the part's reach. The parts go forward, so `first` does too.
  const longestBusy = busy.reduce((most, b) => Math.max(most, b.end - b.start), 0);
  let first = 0;
  for (let from = lo, to: number; from < hi; from = to) {
    to = Math.min(hi, (Math.floor(from / PART_MS) + 1) * PART_MS);
    while (first < busy.length && busy[first].start + longestBusy <= from - reach) first++;
    const near: typeof busy = [];
    for (let i = first; i < busy.length && busy[i].start < to + reach; i++)
      if (busy[i].end > from - reach) near.push(busy[i]);
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
      part = Buffer.from(JSON.stringify(slots).slice(1, -1));
      cache.bytes += key.length + part.length;
    } else cache.map.delete(key);
    cache.map.set(key, part);
    if (part.length > 0) {
      if (pieces.length > 1) pieces.push(COMMA);
      pieces.push(part);
    }
  }
  while (cache.map.size > PARTS_MAX || cache.bytes > PARTS_MAX_BYTES) {
    const [oldKey, oldPart] = cache.map.entries().next().value as [string, Buffer];
    cache.map.delete(oldKey);
    cache.bytes -= oldKey.length + oldPart.length;
  }
  pieces.push(Buffer.from(`],"timeZone":${JSON.stringify(data.clinic.timeZone)}}`));
  const out = Buffer.concat(pieces);
  return new Uint8Array(out.buffer, out.byteOffset, out.length) as Uint8Array<ArrayBuffer>;
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
