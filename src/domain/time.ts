/**
 * Time helpers for clinic schedules: calendar dates, wall-clock times in a clinic's IANA zone, and
 * instants (milliseconds since the epoch, RFC 3339 on the wire).
 *
 * Nothing here reads the process's (or the browser's) time zone:
 *
 * - A {@link PlainDate} is handled as an "epoch day" (days since 1970-01-01) with UTC calendar
 *   fields, so date arithmetic gives the same answer in Los Angeles and on Kiritimati.
 * - Zone offsets come from `tzOffset` of `@date-fns/tz`, which asks `Intl.DateTimeFormat` for the
 *   offset of an explicit zone at an explicit instant.
 *
 * Wall time → instant is resolved here rather than with `new TZDate(y, m, d, h, min, zone)`: for a
 * nonexistent wall time (spring forward) `TZDate` silently moves forward an hour, and for a repeated
 * one (fall back) the occurrence it picks depends on the process's own zone (checked with TZDate
 * 1.5.0: Europe/Madrid 2026-10-25 02:30 gives +02:00 with TZ=Europe/Madrid but +01:00 with TZ=UTC).
 * So both cases are handled explicitly: {@link wallTimeToInstants} lists every instant a wall time
 * names (none, one or two), {@link wallTimeToInstant} picks the earlier one or gives `null`.
 */
import {tzOffset} from '@date-fns/tz/tzOffset';
import type {IsoWeekday} from './schedule.js';
import type {Instant, PlainDate, TimeZoneName, WallTime} from './types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Calendar dates (epoch days)

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;
}

/** UTC milliseconds of the given fields; unlike `Date.UTC`, years 0–99 are not shifted to 19xx. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (year >= 100) return t;
  const d = new Date(t);
  d.setUTCFullYear(year);
  return d.getTime();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

const PLAIN_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. Throws a RangeError for anything else (e.g. 2026-02-30). */
export function plainDateToEpochDay(date: PlainDate | string): number {
  const m = PLAIN_DATE_RE.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return Math.round(utcMs(year, month, day) / DAY_MS);
    }
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

/** The `YYYY-MM-DD` date of an epoch day. */
export function epochDayToPlainDate(epochDay: number): PlainDate {
  const d = new Date(epochDay * DAY_MS);
  const year = d.getUTCFullYear();
  if (!Number.isInteger(epochDay) || !(year >= 0 && year <= 9999)) {
    throw new RangeError(`Epoch day out of range: ${epochDay}`);
  }
  return `${pad4(year)}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` as PlainDate;
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function epochDayWeekday(epochDay: number): IsoWeekday {
  return ((((epochDay % 7) + 10) % 7) + 1) as IsoWeekday;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: PlainDate): IsoWeekday {
  return epochDayWeekday(plainDateToEpochDay(date));
}

/** The calendar date `n` days after (or, negative, before) `date`. */
export function addDays(date: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return epochDayToPlainDate(plainDateToEpochDay(date) + n);
}

/**
 * Minutes after midnight of an `HH:mm` wall time (00:00–23:59; `24:00`, the end of the day, is
 * accepted too). Throws a RangeError for anything else.
 */
export function wallTimeToMinutes(time: WallTime | string): number {
  if (typeof time === 'string' && time.length === 5 && time.charCodeAt(2) === 58) {
    const h1 = time.charCodeAt(0) - 48;
    const h2 = time.charCodeAt(1) - 48;
    const m1 = time.charCodeAt(3) - 48;
    const m2 = time.charCodeAt(4) - 48;
    if (h1 >= 0 && h1 <= 2 && h2 >= 0 && h2 <= 9 && m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9) {
      const minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
      if (minutes <= 24 * 60) return minutes;
    }
  }
  throw new RangeError(`Not a wall time (HH:mm): ${JSON.stringify(time)}`);
}

// ---------------------------------------------------------------------------------------------
// Zone offsets

/** Offsets are cached per block of 4 UTC days (aligned on the epoch). */
const BLOCK_MS = 4 * DAY_MS;

/** One block's offsets: `before` until the instant `at`, `after` from it (`at` = ∞: no change). */
interface OffsetBlock {
  readonly before: number;
  readonly after: number;
  readonly at: number;
}

/**
 * The offsets of one IANA zone. Every `tzOffset` call costs an `Intl.DateTimeFormat` format, so
 * the offset is read once per 4-day block edge and, in the rare blocks whose two edges differ, the
 * change is found once by bisection (to the second); everything else is arithmetic on cached
 * values. Assumes at most one offset change per block: in the time zone data of Node 20 (ICU,
 * tzdata 2025c) no zone changes offset twice within 7 days anywhere in 1970–2037 (a daily scan of
 * all 418 zones; the closest pair, Brazil in October 2000, is exactly 7 days apart).
 *
 * Obtain one with {@link zoneClock}; instances are shared and live for the process.
 */
export class ZoneClock {
  readonly timeZone: TimeZoneName;
  private readonly edges = new Map<number, number>();
  private readonly blocks = new Map<number, OffsetBlock>();

  constructor(timeZone: TimeZoneName) {
    this.timeZone = timeZone;
    if (Number.isNaN(this.edge(0))) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  }

  private rawOffset(ms: number): number {
    return tzOffset(this.timeZone, new Date(ms));
  }

  /** Offset (minutes east of UTC) at the start of block `i`. */
  private edge(i: number): number {
    let offset = this.edges.get(i);
    if (offset === undefined) {
      offset = this.rawOffset(i * BLOCK_MS);
      this.edges.set(i, offset);
    }
    return offset;
  }

  private block(i: number): OffsetBlock {
    let block = this.blocks.get(i);
    if (block === undefined) {
      // Bounded memory for long-running servers: the cache is refilled on demand.
      if (this.blocks.size > 20_000) {
        this.blocks.clear();
        this.edges.clear();
      }
      const before = this.edge(i);
      const after = this.edge(i + 1);
      let at = Infinity;
      if (after !== before) {
        let lo = i * BLOCK_MS; // offset === before
        let hi = lo + BLOCK_MS; // offset !== before
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.rawOffset(mid) === before) lo = mid;
          else hi = mid;
        }
        at = hi;
      }
      block = {before, after, at};
      this.blocks.set(i, block);
    }
    return block;
  }

  /** The zone's offset from UTC, in minutes (east positive), at instant `ms`. */
  offsetAt(ms: number): number {
    const block = this.block(Math.floor(ms / BLOCK_MS));
    return ms < block.at ? block.before : block.after;
  }

  /** The first offset change in [fromMs, toMs], if any. */
  private changeBetween(fromMs: number, toMs: number): number | undefined {
    for (let i = Math.floor(fromMs / BLOCK_MS); i <= Math.floor(toMs / BLOCK_MS); i++) {
      const at = this.block(i).at;
      if (at >= fromMs && at <= toMs) return at;
    }
    return undefined;
  }

  /**
   * The offset every wall time of the zone's calendar day `epochDay` has, or NaN when the offset
   * changes near that day (then use {@link resolveWall}). A day's wall times fall within 14 h of
   * its UTC day, so one offset over the surrounding UTC days means one offset for all of them.
   */
  uniformOffset(epochDay: number): number {
    const lo = (epochDay - 1) * DAY_MS;
    const hi = (epochDay + 2) * DAY_MS;
    const first = this.block(Math.floor(lo / BLOCK_MS));
    if (first.at >= lo && first.at <= hi) return Number.NaN;
    const offset = first.at < lo ? first.after : first.before;
    const j = Math.floor(hi / BLOCK_MS);
    if (j * BLOCK_MS <= lo) return offset;
    // The 3-day window reaches into the next block (never further: blocks are 4 days).
    const next = this.block(j);
    return next.at > hi && next.before === offset ? offset : Number.NaN;
  }

  /** Epoch day of the zone's calendar date at instant `ms`. */
  epochDayAt(ms: number): number {
    return Math.floor((ms + Math.round(this.offsetAt(ms) * MINUTE_MS)) / DAY_MS);
  }

  /**
   * Every instant whose wall clock in this zone reads `localMs` (a wall date-time written as if it
   * were UTC): none in a spring-forward gap, two in a fall-back overlap (earlier first), else one.
   */
  wallInstants(localMs: number): number[] {
    const before = this.offsetAt(localMs - DAY_MS);
    const after = this.offsetAt(localMs + DAY_MS);
    const result: number[] = [];
    const t1 = localMs - Math.round(before * MINUTE_MS);
    if (this.offsetAt(t1) === before) result.push(t1);
    if (after !== before) {
      const t2 = localMs - Math.round(after * MINUTE_MS);
      if (this.offsetAt(t2) === after) {
        if (result.length > 0 && t2 < t1) result.unshift(t2);
        else if (t2 !== t1) result.push(t2);
      }
    }
    return result;
  }

  /**
   * One instant for wall date-time `localMs`, always: in an overlap the `earlier` or `later`
   * occurrence; in a gap the instant at which the clock jumped over it (the first instant whose
   * wall time is after `localMs`), so [start, end) wall ranges map to the instants they cover.
   */
  resolveWall(localMs: number, prefer: 'earlier' | 'later'): number {
    const before = this.offsetAt(localMs - DAY_MS);
    const after = this.offsetAt(localMs + DAY_MS);
    const t1 = localMs - Math.round(before * MINUTE_MS);
    const ok1 = this.offsetAt(t1) === before;
    if (after === before && ok1) return t1;
    const t2 = localMs - Math.round(after * MINUTE_MS);
    const ok2 = after !== before && this.offsetAt(t2) === after;
    if (ok1 && ok2) return prefer === 'earlier' ? Math.min(t1, t2) : Math.max(t1, t2);
    if (ok1) return t1;
    if (ok2) return t2;
    // A gap: the clock jumped from before localMs to after it somewhere between t1 and t2.
    return this.changeBetween(Math.min(t1, t2), Math.max(t1, t2)) ?? Math.max(t1, t2);
  }
}

const clocks = new Map<TimeZoneName, ZoneClock>();

/** The shared {@link ZoneClock} of an IANA zone. Throws a RangeError for an unknown zone. */
export function zoneClock(timeZone: TimeZoneName): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

// ---------------------------------------------------------------------------------------------
// Wall time ↔ instant

function localMsOf(date: PlainDate, time: WallTime): number {
  return plainDateToEpochDay(date) * DAY_MS + wallTimeToMinutes(time) * MINUTE_MS;
}

/**
 * Every instant (ms) at which the clock in `timeZone` reads `time` on `date`: `[]` when that wall
 * time does not exist that day (spring forward), two instants (earlier first) when it happens
 * twice (fall back), otherwise one.
 */
export function wallTimeToInstants(date: PlainDate, time: WallTime, timeZone: TimeZoneName): number[] {
  return zoneClock(timeZone).wallInstants(localMsOf(date, time));
}

/**
 * The instant (ms) at which the clock in `timeZone` reads `time` on `date`; the earlier one when
 * that wall time happens twice (fall back); `null` when it does not exist that day (spring forward).
 */
export function wallTimeToInstant(date: PlainDate, time: WallTime, timeZone: TimeZoneName): number | null {
  const instants = wallTimeToInstants(date, time, timeZone);
  return instants.length > 0 ? instants[0] : null;
}

/** Offset from UTC in minutes (east positive) of `timeZone` at instant `ms`. */
export function offsetMinutesAt(ms: number, timeZone: TimeZoneName): number {
  return zoneClock(timeZone).offsetAt(ms);
}

/** The calendar date in `timeZone` at instant `ms`. */
export function instantToPlainDate(ms: number, timeZone: TimeZoneName): PlainDate {
  return epochDayToPlainDate(zoneClock(timeZone).epochDayAt(ms));
}

/** What a clock in a zone shows at an instant. */
export interface ZonedWallTime {
  readonly date: PlainDate;
  /** `HH:mm`. */
  readonly time: WallTime;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC, e.g. -240 for `-04:00`. */
  readonly offsetMinutes: number;
}

/** The date, wall time and offset of instant `ms` in `timeZone`. */
export function instantToZoned(ms: number, timeZone: TimeZoneName): ZonedWallTime {
  assertFinite(ms);
  const offsetMinutes = zoneClock(timeZone).offsetAt(ms);
  const local = ms + Math.round(offsetMinutes * MINUTE_MS);
  const epochDay = Math.floor(local / DAY_MS);
  const inDay = local - epochDay * DAY_MS;
  const minutes = Math.floor(inDay / MINUTE_MS);
  return {
    date: epochDayToPlainDate(epochDay),
    time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}` as WallTime,
    second: Math.floor((inDay % MINUTE_MS) / 1000),
    millisecond: inDay % 1000,
    offsetMinutes,
  };
}

/**
 * The clinic-zone calendar dates that overlap the instant range [fromMs, toMs), in order
 * (empty when `toMs <= fromMs`).
 */
export function plainDatesBetween(fromMs: number, toMs: number, timeZone: TimeZoneName): PlainDate[] {
  assertFinite(fromMs);
  assertFinite(toMs);
  if (!(toMs > fromMs)) return [];
  const clock = zoneClock(timeZone);
  const first = clock.epochDayAt(fromMs);
  const last = clock.epochDayAt(toMs - 1);
  const dates: PlainDate[] = [];
  for (let day = first; day <= last; day++) dates.push(epochDayToPlainDate(day));
  return dates;
}

// ---------------------------------------------------------------------------------------------
// RFC 3339

function assertFinite(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${ms}`);
}

const MIN_INSTANT = utcMs(0, 1, 1);
const MAX_INSTANT = utcMs(9999, 12, 31, 23, 59, 59, 999);

/** `±HH:mm` for an offset in minutes (`+00:00` for UTC); seconds of historical offsets are dropped. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(Math.trunc(offsetMinutes));
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

// Slot lists format hundreds of whole-minute instants of the same few days: keep the last day's
// `YYYY-MM-DDT` and each minute's `HH:mm:00Z`, so most instants cost one concatenation.
let memoDay = Number.NaN;
let memoPrefix = '';
const minuteTexts: (string | undefined)[] = new Array<string | undefined>(1440).fill(undefined);

/** `YYYY-MM-DDTHH:mm:ss[.sss]` of the UTC fields of `ms` (no zone designator). */
function formatUtcFields(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== memoDay) {
    memoPrefix = `${epochDayToPlainDate(day)}T`;
    memoDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const minute = Math.floor(inDay / MINUTE_MS);
  const second = Math.floor((inDay % MINUTE_MS) / 1000);
  const milli = inDay % 1000;
  const time = `${memoPrefix}${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:${pad2(second)}`;
  return milli === 0 ? time : `${time}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}

/** RFC 3339 in UTC: `2026-03-08T14:00:00Z` (milliseconds only when there are some: `…00.250Z`). */
export function toInstantString(ms: number): Instant {
  const day = Math.floor(ms / DAY_MS);
  const inDay = ms - day * DAY_MS;
  // Fast path: a whole minute of the day formatted last (so ms is known to be in range).
  if (day === memoDay && inDay % MINUTE_MS === 0) {
    const minute = inDay / MINUTE_MS;
    return memoPrefix + (minuteTexts[minute] ?? (minuteTexts[minute] = `${formatUtcFields(ms).slice(11)}Z`));
  }
  if (!(ms >= MIN_INSTANT && ms <= MAX_INSTANT && Number.isInteger(ms))) {
    throw new RangeError(`Not a whole-millisecond instant in years 0000–9999: ${ms}`);
  }
  return `${formatUtcFields(ms)}Z`;
}

/**
 * RFC 3339 with the offset `timeZone` has at that instant, e.g. `2026-11-01T01:30:00-04:00` and
 * `2026-11-01T01:30:00-05:00` for the two 1:30s of a fall-back night in New York.
 */
export function toZonedInstantString(ms: number, timeZone: TimeZoneName): Instant {
  toInstantString(ms); // range check
  const offsetMinutes = Math.trunc(zoneClock(timeZone).offsetAt(ms));
  return `${formatUtcFields(ms + offsetMinutes * MINUTE_MS)}${formatOffset(offsetMinutes)}`;
}

// RFC 3339 with seconds and an offset. Field ranges are left to `Date.parse`, which must refuse
// month 13, minute 60 and the like (it returns NaN), except for what is checked here.
// The fast form is also the ECMAScript date-time format: upper-case T and Z, hours 00–23 (not 24),
// a fraction of exactly three digits if any; the other RFC 3339 spellings are rewritten into it.
const INSTANT_FAST_RE = /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):\d\d:\d\d(?:\.\d{3})?(?:Z|[+-]\d\d:\d\d)$/;
const INSTANT_RE = /^\d{4}-\d\d-\d\d[Tt](?:[01]\d|2[0-3]):\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:\d\d)$/;

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
}

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp with seconds and an offset (`Z`, `+05:30`…).
 * Fractions beyond milliseconds are truncated. Throws a RangeError for anything else: a missing
 * offset, an impossible date (2026-02-30), 24:00, a leap second.
 */
export function parseInstant(s: Instant | string): number {
  // `Date.parse` does the arithmetic: it is the fastest parser there is, cold or warm, and it reads
  // the ECMAScript date-time format the same in every engine whatever the process's zone, since
  // the offset is always there. V8 rolls 30 February over to March, so days 29–31 are checked.
  let text: string;
  if (typeof s === 'string' && INSTANT_FAST_RE.test(s)) text = s;
  else if (typeof s === 'string' && INSTANT_RE.test(s)) text = canonicalInstant(s);
  else return invalidInstant(s);
  const d = text.charCodeAt(8);
  if ((d === 51 || (d === 50 && text.charCodeAt(9) === 57)) && !validDay(text)) return invalidInstant(s);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? invalidInstant(s) : ms;
}

function validDay(s: string): boolean {
  return twoDigits(s, 8) <= daysInMonth(twoDigits(s, 0) * 100 + twoDigits(s, 2), twoDigits(s, 5));
}

function canonicalInstant(s: string): string {
  let text = s.toUpperCase();
  if (text.charCodeAt(19) === 46) {
    let end = 20;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    text = `${text.slice(0, 20)}${text.slice(20, end).slice(0, 3).padEnd(3, '0')}${text.slice(end)}`;
  }
  return text;
}

function invalidInstant(s: unknown): never {
  throw new RangeError(`Not an RFC 3339 timestamp with an offset: ${JSON.stringify(s)}`);
}

/** The longest IANA zone name accepted from a booking (the longest real one has 32 characters). */
const MAX_ZONE_LENGTH = 64;

/** Whether `zone` is an IANA time zone `Intl` knows (a patient's zone sent with a booking). */
export function isTimeZoneName(zone: unknown): zone is TimeZoneName {
  if (typeof zone !== 'string' || zone === '' || zone.length > MAX_ZONE_LENGTH) return false;
  try {
    new Intl.DateTimeFormat('en', {timeZone: zone});
    return true;
  } catch {
    return false;
  }
}
