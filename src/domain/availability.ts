/**
 * Free slots from schedules and busy times: a pure function shared by the demo clinic and the
 * reference server, so both offer exactly the same slots.
 *
 * Semantics, for each provider and each clinic-zone date that overlaps the searched range:
 *
 * 1. That date's working intervals: the exception for the date if there is one, else the weekly
 *    intervals of its weekday; none on a clinic closure.
 * 2. Each interval's start and end wall times become instants in the clinic's zone. A wall time
 *    that happens twice (fall back) takes its earlier occurrence as a start and its later one as an
 *    end; one that does not exist (spring forward) becomes the instant the clock jumped over it.
 * 3. Candidate starts step `stepMinutes` in absolute time from the interval's start, so a
 *    spring-forward night yields no slot in the skipped hour and a fall-back night yields both
 *    occurrences of the repeated hour (same wall time, different offsets).
 * 4. A candidate is kept when it ends (start + duration) by the interval's end; when it keeps
 *    `bufferMinutes` clear of every busy interval of its provider on both sides (busy end + buffer
 *    ≤ start, and start + duration + buffer ≤ busy start); when `now + minNoticeMinutes` ≤ start
 *    < `now + horizonDays × 24 h`; and when `from` ≤ start < `to`.
 *
 * Overlapping working intervals offer a start once, with the location of the interval that starts
 * first (then of the one listed first). Output is sorted by start, then by provider id (UTF-16
 * code unit order, never locale order).
 * `now` is an input, never the device's clock. Malformed input (an unknown zone, a timestamp without
 * offset, `24:30`, a non-positive step or duration) throws a RangeError.
 *
 * Speed: only interval boundaries are converted between wall time and instants, with zone offsets
 * cached per 4-day block (see ZoneClock), and on the days without an offset change that is one
 * subtraction; busy intervals are parsed once, turned into merged "forbidden start" ranges per
 * provider and swept with an index alongside the candidates; nothing reads the device clock.
 */
import type {AvailabilityInput, ComputedSlot, IsoWeekday, WorkingInterval} from './schedule.js';
import type {PlainDate} from './types.js';
import {
  DAY_MS,
  MINUTE_MS,
  epochDayWeekday,
  parseInstant,
  plainDateToEpochDay,
  toInstantString,
  wallTimeToMinutes,
  zoneClock,
} from './time.js';

interface ParsedInterval {
  /** Minutes after midnight (wall time). */
  readonly start: number;
  readonly end: number;
  readonly locationId: string | undefined;
}

function parseIntervals(intervals: readonly WorkingInterval[]): ParsedInterval[] {
  const parsed = intervals.map((iv) => {
    const start = wallTimeToMinutes(iv.start);
    const end = wallTimeToMinutes(iv.end);
    if (!(end > start)) {
      throw new RangeError(`Working interval ends before it starts: ${iv.start}–${iv.end}`);
    }
    return {start, end, locationId: iv.locationId};
  });
  // Stable: of overlapping intervals, the one starting first (then the one listed first) gives a
  // shared start its location.
  return parsed.sort((a, b) => a.start - b.start);
}

function requireNumber(name: string, value: number, min: number, inclusive: boolean): number {
  if (!Number.isFinite(value) || (inclusive ? value < min : value <= min)) {
    throw new RangeError(`${name} must be a number ${inclusive ? '≥' : '>'} ${min}: ${value}`);
  }
  return value;
}

/** Ranges of forbidden slot starts, open at both ends, sorted and disjoint. */
interface Forbidden {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly length: number;
}

const NO_BUSY: Forbidden = {lo: new Float64Array(0), hi: new Float64Array(0), length: 0};

/**
 * A start s clashes with busy [bs, be) when s + duration + buffer > bs and s < be + buffer: it lies
 * in the open range (bs − buffer − duration, be + buffer). The union of those ranges is found by
 * sorting their lower and upper ends separately (native numeric sort) and sweeping both; at equal
 * values an upper end goes first, so ranges that only touch stay apart and the touching start is
 * allowed.
 */
function forbiddenStarts(busy: number[] | undefined, durationMs: number, bufferMs: number): Forbidden {
  if (!busy || busy.length === 0) return NO_BUSY;
  const pairs = busy.length / 2;
  const lows = new Float64Array(pairs);
  const highs = new Float64Array(pairs);
  let n = 0;
  for (let i = 0; i < pairs; i++) {
    const l = busy[2 * i] - bufferMs - durationMs;
    const h = busy[2 * i + 1] + bufferMs;
    if (h > l) {
      lows[n] = l;
      highs[n] = h;
      n++;
    }
  }
  const starts = lows.subarray(0, n).sort();
  const ends = highs.subarray(0, n).sort();
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  let count = 0;
  let depth = 0;
  let open = 0;
  let j = 0;
  for (let i = 0; i < n;) {
    if (starts[i] < ends[j]) {
      if (depth === 0) open = starts[i];
      depth++;
      i++;
    } else {
      depth--;
      if (depth === 0) {
        lo[count] = open;
        hi[count] = ends[j];
        count++;
      }
      j++;
    }
  }
  if (depth > 0) {
    lo[count] = open;
    hi[count] = ends[n - 1];
    count++;
  }
  return {lo, hi, length: count};
}

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** One provider's free starts, as numbers (what `computeAvailability` formats). */
export interface ProviderSlots {
  readonly providerId: string;
  readonly durationMs: number;
  /** Slot starts, ascending. */
  readonly starts: number[];
  readonly locations: (string | undefined)[];
}

/** Busy instants per provider, parsed once: [start, end, start, end, …]. */
function parseBusy(busy: AvailabilityInput['busy']): Map<string, number[]> {
  const byProvider = new Map<string, number[]>();
  let lastId: string | undefined;
  let list: number[] = [];
  for (const b of busy) {
    const start = parseInstant(b.start);
    const end = parseInstant(b.end);
    if (b.providerId !== lastId) {
      lastId = b.providerId;
      let found = byProvider.get(lastId);
      if (!found) {
        found = [];
        byProvider.set(lastId, found);
      }
      list = found;
    }
    list.push(start, end);
  }
  return byProvider;
}

/** Computes the free slots described in this module's documentation. */
export function computeAvailability(input: AvailabilityInput): ComputedSlot[] {
  return toSlots(providerStarts(input));
}

/**
 * The free slots as numbers, one list per provider in the input's order: for callers that pick and
 * format only some of them (`slotsFor`), rather than format all and parse them back.
 */
export function providerStarts(input: AvailabilityInput): ProviderSlots[] {
  const stepMs = requireNumber('stepMinutes', input.stepMinutes, 0, false) * MINUTE_MS;
  const bufferMs = requireNumber('bufferMinutes', input.bufferMinutes, 0, true) * MINUTE_MS;
  const noticeMs = requireNumber('minNoticeMinutes', input.minNoticeMinutes, -Infinity, false) * MINUTE_MS;
  const horizonMs = requireNumber('horizonDays', input.horizonDays, -Infinity, false) * DAY_MS;
  const now = parseInstant(input.now);
  const lo = Math.max(parseInstant(input.from), now + noticeMs);
  const hi = Math.min(parseInstant(input.to), now + horizonMs);
  const clock = zoneClock(input.timeZone);
  if (!(hi > lo) || input.providers.length === 0) return [];

  const firstDay = clock.epochDayAt(lo);
  const lastDay = clock.epochDayAt(hi - 1);
  const closed = new Set<number>();
  for (const date of input.closures ?? []) closed.add(plainDateToEpochDay(date));

  const busyByProvider = parseBusy(input.busy);

  const results: ProviderSlots[] = [];
  for (const {schedule, durationMinutes} of input.providers) {
    const durationMs = requireNumber('durationMinutes', durationMinutes, 0, false) * MINUTE_MS;
    const weekly: (ParsedInterval[] | undefined)[] = [];
    for (const wd of WEEKDAYS) {
      const intervals = schedule.weekly[wd];
      weekly[wd] = intervals && intervals.length > 0 ? parseIntervals(intervals) : undefined;
    }
    const exceptions = new Map<number, ParsedInterval[]>();
    if (schedule.exceptions) {
      for (const [date, intervals] of Object.entries(schedule.exceptions) as [
        PlainDate,
        WorkingInterval[],
      ][]) {
        exceptions.set(plainDateToEpochDay(date), parseIntervals(intervals));
      }
    }
    const forbidden = forbiddenStarts(busyByProvider.get(schedule.providerId), durationMs, bufferMs);
    const fLo = forbidden.lo;
    const fHi = forbidden.hi;
    const fLen = forbidden.length;

    const starts: number[] = [];
    const locations: (string | undefined)[] = [];
    let last = -Infinity;
    let ordered = true;
    for (let day = firstDay; day <= lastDay; day++) {
      if (closed.has(day)) continue;
      const intervals = exceptions.get(day) ?? weekly[epochDayWeekday(day)];
      if (!intervals) continue;
      const dayMs = day * DAY_MS;
      // Interval boundaries are the only wall times converted; most days have a single offset.
      const offsetMs = Math.round(clock.uniformOffset(day) * MINUTE_MS);
      for (const iv of intervals) {
        const startLocal = dayMs + iv.start * MINUTE_MS;
        const endLocal = dayMs + iv.end * MINUTE_MS;
        const ivStart = Number.isNaN(offsetMs)
          ? clock.resolveWall(startLocal, 'earlier')
          : startLocal - offsetMs;
        const ivEnd = Number.isNaN(offsetMs) ? clock.resolveWall(endLocal, 'later') : endLocal - offsetMs;
        const latest = ivEnd - durationMs; // the last start that still ends in time
        let c = ivStart < lo ? ivStart + Math.ceil((lo - ivStart) / stepMs) * stepMs : ivStart;
        if (c > latest || c >= hi) continue;
        // First forbidden range that ends after c (ranges are disjoint, so ends ascend).
        let a = 0;
        let z = fLen;
        while (a < z) {
          const mid = (a + z) >>> 1;
          if (fHi[mid] <= c) a = mid + 1;
          else z = mid;
        }
        let j = a;
        while (c <= latest && c < hi) {
          while (j < fLen && fHi[j] <= c) j++;
          if (j < fLen && fLo[j] < c) {
            // Inside a forbidden range: jump to the first step at or after its end.
            c += Math.ceil((fHi[j] - c) / stepMs) * stepMs;
            continue;
          }
          if (c <= last) ordered = false;
          last = c;
          starts.push(c);
          locations.push(iv.locationId);
          c += stepMs;
        }
      }
    }
    if (!ordered) dedupeInPlace(starts, locations);
    results.push({providerId: schedule.providerId, durationMs, starts, locations});
  }
  return results;
}

/** Sorts starts ascending and drops repeated starts (overlapping working intervals). */
function dedupeInPlace(starts: number[], locations: (string | undefined)[]): void {
  const order = starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
  const s = order.map((i) => starts[i]);
  const l = order.map((i) => locations[i]);
  starts.length = 0;
  locations.length = 0;
  for (let k = 0; k < s.length; k++) {
    if (k > 0 && s[k] === s[k - 1]) continue;
    starts.push(s[k]);
    locations.push(l[k]);
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toSlots(results: ProviderSlots[]): ComputedSlot[] {
  const slot = (p: ProviderSlots, k: number): ComputedSlot => {
    const start = p.starts[k];
    const location = p.locations[k];
    const startText = toInstantString(start);
    const endText = toInstantString(start + p.durationMs);
    return location === undefined
      ? {providerId: p.providerId, start: startText, end: endText}
      : {providerId: p.providerId, start: startText, end: endText, locationId: location};
  };

  if (results.length === 1) {
    const p = results[0];
    const {providerId, starts, locations, durationMs} = p;
    const out: ComputedSlot[] = [];
    let previousEnd = Number.NaN;
    let previousEndText = '';
    for (let k = 0; k < starts.length; k++) {
      // Back-to-back slots: this start is the previous end, already formatted.
      const start = starts[k] === previousEnd ? previousEndText : toInstantString(starts[k]);
      previousEnd = starts[k] + durationMs;
      const end = (previousEndText = toInstantString(previousEnd));
      const locationId = locations[k];
      out.push(locationId === undefined ? {providerId, start, end} : {providerId, start, end, locationId});
    }
    return out;
  }

  // Merge the providers' sorted lists: by start, then provider id.
  const sorted = [...results].sort((a, b) => compareIds(a.providerId, b.providerId));
  const heads = new Array<number>(sorted.length).fill(0);
  const total = sorted.reduce((sum, p) => sum + p.starts.length, 0);
  const out: ComputedSlot[] = new Array<ComputedSlot>(total);
  for (let n = 0; n < total; n++) {
    let best = -1;
    let bestStart = Infinity;
    for (let i = 0; i < sorted.length; i++) {
      const k = heads[i];
      if (k < sorted[i].starts.length && sorted[i].starts[k] < bestStart) {
        best = i;
        bestStart = sorted[i].starts[k];
      }
    }
    out[n] = slot(sorted[best], heads[best]);
    heads[best]++;
  }
  return out;
}
