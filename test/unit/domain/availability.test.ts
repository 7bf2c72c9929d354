import {describe, it, expect, vi, afterEach} from 'vitest';
import {computeAvailability} from '../../../src/domain/availability.js';
import type {
  AvailabilityInput,
  BusyInterval,
  ComputedSlot,
  ProviderSchedule,
  WorkingInterval,
} from '../../../src/domain/schedule.js';
import {
  addDays,
  instantToZoned,
  parseInstant,
  toInstantString,
  toZonedInstantString,
  wallTimeToInstant,
  wallTimeToInstants,
} from '../../../src/domain/time.js';
import type {PlainDate, WallTime} from '../../../src/domain/types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const everyDay = (intervals: WorkingInterval[]): ProviderSchedule['weekly'] => ({
  1: intervals,
  2: intervals,
  3: intervals,
  4: intervals,
  5: intervals,
  6: intervals,
  7: intervals,
});

function provider(
  providerId: string,
  weekly: ProviderSchedule['weekly'],
  durationMinutes = 30,
  exceptions?: ProviderSchedule['exceptions'],
): AvailabilityInput['providers'][number] {
  return {schedule: {providerId, weekly, ...(exceptions ? {exceptions} : {})}, durationMinutes};
}

/** Monday 2 March 2026 in Mexico City (UTC-6 all year), dr-a works 09:00–12:00. */
function baseInput(overrides: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    timeZone: 'America/Mexico_City',
    from: '2026-03-02T00:00:00-06:00',
    to: '2026-03-03T00:00:00-06:00',
    now: '2026-03-01T00:00:00-06:00',
    minNoticeMinutes: 0,
    horizonDays: 60,
    stepMinutes: 30,
    bufferMinutes: 0,
    providers: [provider('dr-a', {1: [{start: '09:00', end: '12:00'}]})],
    busy: [],
    serviceIds: ['consult'],
    mode: 'in-person',
    ...overrides,
  };
}

/** Wall times (and dates, when `withDate`) of slot starts in a zone. */
function walls(slots: readonly ComputedSlot[], zone = 'America/Mexico_City', withDate = false): string[] {
  return slots.map((s) => {
    const z = instantToZoned(parseInstant(s.start), zone);
    return withDate ? `${z.date} ${z.time}` : z.time;
  });
}

function busy(providerId: string, start: string, end: string): BusyInterval {
  return {providerId, start, end};
}

afterEach(() => {
  vi.useRealTimers();
});

describe('computeAvailability: basics', () => {
  it('steps through a working interval and gives RFC 3339 UTC start and end', () => {
    const slots = computeAvailability(baseInput());
    expect(walls(slots)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(slots[0]).toEqual({
      providerId: 'dr-a',
      start: '2026-03-02T15:00:00Z',
      end: '2026-03-02T15:30:00Z',
    });
    for (const s of slots) {
      expect(parseInstant(s.end) - parseInstant(s.start)).toBe(30 * MINUTE);
      expect(toInstantString(parseInstant(s.start))).toBe(s.start);
    }
  });

  it('keeps only slots that end by the end of the interval', () => {
    const slots = computeAvailability(
      baseInput({providers: [provider('dr-a', {1: [{start: '09:00', end: '10:45'}]}, 45)], stepMinutes: 15}),
    );
    expect(walls(slots)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
  });

  it('accepts 24:00 as the end of the day', () => {
    const slots = computeAvailability(
      baseInput({providers: [provider('dr-a', {1: [{start: '22:00', end: '24:00'}]})]}),
    );
    expect(walls(slots)).toEqual(['22:00', '22:30', '23:00', '23:30']);
    expect(slots[3].end).toBe('2026-03-03T06:00:00Z');
  });

  it('carries the working interval location and merges overlapping intervals without duplicates', () => {
    const slots = computeAvailability(
      baseInput({
        providers: [
          provider('dr-a', {
            1: [
              {start: '14:00', end: '15:00', locationId: 'north'},
              {start: '09:00', end: '10:00', locationId: 'south'},
              {start: '09:30', end: '11:00', locationId: 'south'},
            ],
          }),
        ],
      }),
    );
    expect(walls(slots)).toEqual(['09:00', '09:30', '10:00', '10:30', '14:00', '14:30']);
    expect(slots.map((s) => s.locationId)).toEqual(['south', 'south', 'south', 'south', 'north', 'north']);
  });

  it('returns nothing for an empty or inverted range, or no providers', () => {
    expect(computeAvailability(baseInput({to: '2026-03-02T00:00:00-06:00'}))).toEqual([]);
    expect(computeAvailability(baseInput({to: '2026-03-01T00:00:00-06:00'}))).toEqual([]);
    expect(computeAvailability(baseInput({providers: []}))).toEqual([]);
  });

  it('rejects malformed input with a RangeError', () => {
    expect(() => computeAvailability(baseInput({stepMinutes: 0}))).toThrow(RangeError);
    expect(() => computeAvailability(baseInput({stepMinutes: Number.NaN}))).toThrow(RangeError);
    expect(() => computeAvailability(baseInput({bufferMinutes: -5}))).toThrow(RangeError);
    expect(() => computeAvailability(baseInput({timeZone: 'Mexico/Nowhere'}))).toThrow(RangeError);
    expect(() => computeAvailability(baseInput({from: '2026-03-02T00:00:00'}))).toThrow(RangeError);
    expect(() =>
      computeAvailability(
        baseInput({providers: [provider('dr-a', {1: [{start: '09:00', end: '12:00'}]}, 0)]}),
      ),
    ).toThrow(RangeError);
    expect(() =>
      computeAvailability(baseInput({providers: [provider('dr-a', {1: [{start: '12:00', end: '09:00'}]})]})),
    ).toThrow(RangeError);
    expect(() =>
      computeAvailability(
        baseInput({providers: [provider('dr-a', {1: [{start: '9:00' as WallTime, end: '12:00'}]})]}),
      ),
    ).toThrow(RangeError);
    expect(() =>
      computeAvailability(baseInput({busy: [busy('dr-a', '2026-03-02 10:00', '2026-03-02T11:00:00Z')]})),
    ).toThrow(RangeError);
  });
});

describe('computeAvailability: busy intervals and buffers', () => {
  it('removes slots that overlap a busy interval of the same provider only', () => {
    const slots = computeAvailability(
      baseInput({
        busy: [
          busy('dr-a', '2026-03-02T10:00:00-06:00', '2026-03-02T10:30:00-06:00'),
          busy('dr-b', '2026-03-02T09:00:00-06:00', '2026-03-02T12:00:00-06:00'),
        ],
      }),
    );
    // Back-to-back is fine: 09:30–10:00 ends as the booking starts, 10:30 starts as it ends.
    expect(walls(slots)).toEqual(['09:00', '09:30', '10:30', '11:00', '11:30']);
  });

  it('keeps the buffer after each busy interval and after each slot', () => {
    const slots = computeAvailability(
      baseInput({
        bufferMinutes: 10,
        busy: [busy('dr-a', '2026-03-02T16:00:00Z', '2026-03-02T16:30:00Z')], // 10:00–10:30 local
      }),
    );
    // 09:30 would end at 10:00 + 10 min buffer > 10:00; 10:30 starts before 10:30 + 10 min.
    expect(walls(slots)).toEqual(['09:00', '11:00', '11:30']);
  });

  it('handles exact buffer boundaries', () => {
    const slots = computeAvailability(
      baseInput({
        bufferMinutes: 15,
        busy: [busy('dr-a', '2026-03-02T10:15:00-06:00', '2026-03-02T10:45:00-06:00')],
      }),
    );
    // 09:30 ends 10:00 (+15 = 10:15 ≤ busy start): kept. 11:00 = 10:45 + 15: kept.
    expect(walls(slots)).toEqual(['09:00', '09:30', '11:00', '11:30']);
  });

  it('handles unsorted, overlapping and multi-day busy intervals given in any offset', () => {
    const slots = computeAvailability(
      baseInput({
        from: '2026-03-02T00:00:00-06:00',
        to: '2026-03-05T00:00:00-06:00',
        providers: [provider('dr-a', everyDay([{start: '09:00', end: '12:00'}]))],
        busy: [
          busy('dr-a', '2026-03-03T11:00:00-05:00', '2026-03-04T15:30:00Z'), // 10:00 Tue – 09:30 Wed local
          busy('dr-a', '2026-03-02T11:00:00-06:00', '2026-03-02T11:30:00-06:00'),
          busy('dr-a', '2026-03-02T10:45:00-06:00', '2026-03-02T11:15:00-06:00'),
          busy('dr-a', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z'), // zero length at 09:00
        ],
      }),
    );
    expect(walls(slots, 'America/Mexico_City', true)).toEqual([
      '2026-03-02 09:00',
      '2026-03-02 09:30',
      '2026-03-02 10:00',
      '2026-03-02 11:30',
      '2026-03-03 09:00',
      '2026-03-03 09:30',
      '2026-03-04 09:30',
      '2026-03-04 10:00',
      '2026-03-04 10:30',
      '2026-03-04 11:00',
      '2026-03-04 11:30',
    ]);
  });

  it('applies the provider’s own duration against busy time', () => {
    const slots = computeAvailability(
      baseInput({
        providers: [provider('dr-a', {1: [{start: '09:00', end: '12:00'}]}, 60)],
        busy: [busy('dr-a', '2026-03-02T10:30:00-06:00', '2026-03-02T11:00:00-06:00')],
      }),
    );
    expect(walls(slots)).toEqual(['09:00', '09:30', '11:00']);
  });
});

describe('computeAvailability: now, notice and horizon (server time, QUALITY 28)', () => {
  const week = (overrides: Partial<AvailabilityInput>): AvailabilityInput =>
    baseInput({
      from: '2026-03-01T00:00:00-06:00',
      to: '2026-03-10T00:00:00-06:00',
      providers: [provider('dr-a', everyDay([{start: '09:00', end: '12:00'}]))],
      ...overrides,
    });

  it('never offers a slot that has already started by `now`', () => {
    const slots = computeAvailability(week({now: '2026-03-02T09:10:00-06:00'}));
    expect(walls(slots, 'America/Mexico_City', true).slice(0, 2)).toEqual([
      '2026-03-02 09:30',
      '2026-03-02 10:00',
    ]);
    const start = parseInstant('2026-03-02T08:00:00-06:00');
    for (let now = start; now < start + 5 * HOUR; now += 7 * MINUTE) {
      const offered = computeAvailability(week({now: toInstantString(now)}));
      expect(offered.length).toBeGreaterThan(0);
      for (const s of offered) expect(parseInstant(s.start)).toBeGreaterThanOrEqual(now);
    }
  });

  it('offers a slot starting exactly at now + notice, and none before', () => {
    expect(walls(computeAvailability(week({now: '2026-03-02T10:00:00-06:00'})), undefined, true)[0]).toBe(
      '2026-03-02 10:00',
    );
    const slots = computeAvailability(week({now: '2026-03-02T09:10:00-06:00', minNoticeMinutes: 60}));
    expect(walls(slots, undefined, true)[0]).toBe('2026-03-02 10:30');
    const dayAhead = computeAvailability(week({now: '2026-03-02T09:10:00-06:00', minNoticeMinutes: 24 * 60}));
    expect(walls(dayAhead, undefined, true)[0]).toBe('2026-03-03 09:30');
  });

  it('stops before now + horizon', () => {
    const slots = computeAvailability(week({now: '2026-03-02T10:00:00-06:00', horizonDays: 1}));
    expect(walls(slots, undefined, true)).toEqual([
      '2026-03-02 10:00',
      '2026-03-02 10:30',
      '2026-03-02 11:00',
      '2026-03-02 11:30',
      '2026-03-03 09:00',
      '2026-03-03 09:30',
    ]);
  });

  it('does not read the device clock: a clock off by ±2 h changes nothing', () => {
    const input = week({now: '2026-03-02T09:10:00-06:00', minNoticeMinutes: 30});
    const expected = computeAvailability(input);
    vi.useFakeTimers();
    for (const skew of [-2 * HOUR, 2 * HOUR]) {
      vi.setSystemTime(parseInstant(input.now) + skew);
      expect(computeAvailability(input)).toEqual(expected);
    }
    expect(walls(expected, undefined, true)[0]).toBe('2026-03-02 10:00');
  });

  it('respects from (inclusive) and to (exclusive)', () => {
    const slots = computeAvailability(
      baseInput({from: '2026-03-02T09:30:00-06:00', to: '2026-03-02T11:00:00-06:00'}),
    );
    expect(walls(slots)).toEqual(['09:30', '10:00', '10:30']);
    // A from between two steps keeps the interval's own grid.
    const offGrid = computeAvailability(baseInput({from: '2026-03-02T09:40:00-06:00'}));
    expect(walls(offGrid)[0]).toBe('10:00');
  });
});

describe('computeAvailability: exceptions and closures', () => {
  const input = (exceptions: ProviderSchedule['exceptions'], closures?: PlainDate[]): AvailabilityInput =>
    baseInput({
      from: '2026-03-02T00:00:00-06:00',
      to: '2026-03-09T00:00:00-06:00',
      providers: [
        provider(
          'dr-a',
          {1: [{start: '09:00', end: '10:00'}], 3: [{start: '09:00', end: '10:00'}]},
          30,
          exceptions,
        ),
      ],
      ...(closures ? {closures} : {}),
    });

  it('uses the weekly hours when there is no exception', () => {
    expect(walls(computeAvailability(input(undefined)), undefined, true)).toEqual([
      '2026-03-02 09:00',
      '2026-03-02 09:30',
      '2026-03-04 09:00',
      '2026-03-04 09:30',
    ]);
  });

  it('replaces a day’s hours with its exception, and an empty exception is a day off', () => {
    const slots = computeAvailability(
      input({
        '2026-03-02': [{start: '16:00', end: '17:00', locationId: 'annex'}],
        '2026-03-04': [],
        '2026-03-07': [{start: '10:00', end: '10:30'}], // a Saturday, normally off
      }),
    );
    expect(walls(slots, undefined, true)).toEqual([
      '2026-03-02 16:00',
      '2026-03-02 16:30',
      '2026-03-07 10:00',
    ]);
    expect(slots[0].locationId).toBe('annex');
    expect(slots[2].locationId).toBeUndefined();
  });

  it('offers nothing on a clinic closure, even with an exception that day', () => {
    const slots = computeAvailability(
      input({'2026-03-02': [{start: '16:00', end: '17:00'}]}, ['2026-03-02']),
    );
    expect(walls(slots, undefined, true)).toEqual(['2026-03-04 09:00', '2026-03-04 09:30']);
  });
});

describe('computeAvailability: several providers', () => {
  it('sorts by start, then provider id (code-unit order), whatever the input order', () => {
    const hours = {1: [{start: '09:00', end: '10:00'}] as WorkingInterval[]};
    const slots = computeAvailability(
      baseInput({providers: [provider('dr-b', hours), provider('Zed', hours), provider('dr-a', hours)]}),
    );
    expect(slots.map((s) => `${walls([s])[0]} ${s.providerId}`)).toEqual([
      '09:00 Zed',
      '09:00 dr-a',
      '09:00 dr-b',
      '09:30 Zed',
      '09:30 dr-a',
      '09:30 dr-b',
    ]);
  });

  it('uses each provider’s duration and busy time', () => {
    const slots = computeAvailability(
      baseInput({
        providers: [
          provider('dr-a', {1: [{start: '09:00', end: '11:00'}]}, 30),
          provider('dr-b', {1: [{start: '09:00', end: '11:00'}]}, 60),
          provider('dr-c', {1: [{start: '10:15', end: '11:00'}]}, 45),
        ],
        busy: [busy('dr-a', '2026-03-02T09:30:00-06:00', '2026-03-02T10:00:00-06:00')],
      }),
    );
    expect(
      slots.map(
        (s) => `${walls([s])[0]} ${s.providerId} ${(parseInstant(s.end) - parseInstant(s.start)) / MINUTE}`,
      ),
    ).toEqual([
      '09:00 dr-a 30',
      '09:00 dr-b 60',
      '09:30 dr-b 60',
      '10:00 dr-a 30',
      '10:00 dr-b 60',
      '10:15 dr-c 45',
      '10:30 dr-a 30',
    ]);
  });
});

describe('computeAvailability: boundaries on DST nights', () => {
  const nyDay = (date: PlainDate, intervals: WorkingInterval[]): ComputedSlot[] =>
    computeAvailability(
      baseInput({
        timeZone: 'America/New_York',
        from: `${addDays(date, -1)}T00:00:00Z`,
        to: `${addDays(date, 2)}T00:00:00Z`,
        now: '2026-01-01T00:00:00Z',
        horizonDays: 400,
        providers: [provider('dr-a', {}, 30, {[date]: intervals})],
      }),
    );
  const labels = (slots: ComputedSlot[]): string[] =>
    slots.map((s) => toZonedInstantString(parseInstant(s.start), 'America/New_York').slice(11));

  it('starts an interval that begins in the skipped hour when the clock jumps over it', () => {
    expect(labels(nyDay('2026-03-08', [{start: '02:30', end: '04:00'}]))).toEqual([
      '03:00:00-04:00',
      '03:30:00-04:00',
    ]);
    expect(labels(nyDay('2026-03-08', [{start: '00:30', end: '02:30'}]))).toEqual([
      '00:30:00-05:00',
      '01:00:00-05:00',
      '01:30:00-05:00',
    ]);
  });

  it('starts a repeated wall time at its first occurrence and ends at its last', () => {
    expect(labels(nyDay('2026-11-01', [{start: '01:30', end: '02:00'}]))).toEqual([
      '01:30:00-04:00',
      '01:00:00-05:00',
      '01:30:00-05:00',
    ]);
    expect(labels(nyDay('2026-11-01', [{start: '00:00', end: '01:30'}]))).toEqual([
      '00:00:00-04:00',
      '00:30:00-04:00',
      '01:00:00-04:00',
      '01:30:00-04:00',
      '01:00:00-05:00',
    ]);
  });

  it('blocks only the occurrence of the repeated hour that is busy', () => {
    const slots = computeAvailability(
      baseInput({
        timeZone: 'America/New_York',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00Z',
        now: '2026-10-01T00:00:00Z',
        providers: [provider('dr-a', {}, 30, {'2026-11-01': [{start: '00:00', end: '03:00'}]})],
        busy: [busy('dr-a', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00')],
      }),
    );
    expect(labels(slots)).toEqual([
      '00:00:00-04:00',
      '00:30:00-04:00',
      '01:00:00-04:00',
      '01:30:00-04:00',
      '02:00:00-05:00',
      '02:30:00-05:00',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// QUALITY 26: the zone × DST-date matrix. Offsets are tzdb facts written out by hand, so the
// expectations do not come from the code under test.

interface Change {
  readonly date: PlainDate;
  readonly kind: 'spring' | 'fall';
  /** The skipped (spring) or repeated (fall) wall hour: [from, to). */
  readonly from: WallTime;
  readonly to: WallTime;
}

interface ZoneCase {
  readonly zone: string;
  /** Offsets (minutes east) in winter and summer; equal when the zone has no DST. */
  readonly standard: number;
  readonly daylight: number;
  readonly changes: readonly Change[];
  /** Dates to check a DST-free zone on (other zones' change dates). */
  readonly quietDates?: readonly PlainDate[];
}

const us = (from: WallTime, to: WallTime): Change[] => [
  {date: '2025-03-09', kind: 'spring', from: '02:00', to: '03:00'},
  {date: '2025-11-02', kind: 'fall', from, to},
  {date: '2026-03-08', kind: 'spring', from: '02:00', to: '03:00'},
  {date: '2026-11-01', kind: 'fall', from, to},
];
const eu = (spring: [WallTime, WallTime], fall: [WallTime, WallTime]): Change[] => [
  {date: '2025-03-30', kind: 'spring', from: spring[0], to: spring[1]},
  {date: '2025-10-26', kind: 'fall', from: fall[0], to: fall[1]},
  {date: '2026-03-29', kind: 'spring', from: spring[0], to: spring[1]},
  {date: '2026-10-25', kind: 'fall', from: fall[0], to: fall[1]},
];
const quiet: PlainDate[] = [
  '2025-03-09',
  '2025-03-30',
  '2025-04-06', // Mexico's old first-Sunday-of-April change, abolished in 2022
  '2025-10-26',
  '2025-11-02',
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-10-25',
  '2026-11-01',
];

const MATRIX: readonly ZoneCase[] = [
  {zone: 'America/New_York', standard: -300, daylight: -240, changes: us('01:00', '02:00')},
  {zone: 'America/Los_Angeles', standard: -480, daylight: -420, changes: us('01:00', '02:00')},
  {zone: 'America/Mexico_City', standard: -360, daylight: -360, changes: [], quietDates: quiet},
  {zone: 'America/Tijuana', standard: -480, daylight: -420, changes: us('01:00', '02:00')},
  {zone: 'America/Cancun', standard: -300, daylight: -300, changes: [], quietDates: quiet},
  {zone: 'America/Toronto', standard: -300, daylight: -240, changes: us('01:00', '02:00')},
  {zone: 'America/St_Johns', standard: -210, daylight: -150, changes: us('01:00', '02:00')},
  {zone: 'Europe/Madrid', standard: 60, daylight: 120, changes: eu(['02:00', '03:00'], ['02:00', '03:00'])},
  {zone: 'Atlantic/Canary', standard: 0, daylight: 60, changes: eu(['01:00', '02:00'], ['01:00', '02:00'])},
  {zone: 'UTC', standard: 0, daylight: 0, changes: [], quietDates: quiet},
];

/** UTC ms of a wall time at a known offset, computed without zone data. */
function atOffset(date: PlainDate, time: string, offsetMinutes: number): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - offsetMinutes * MINUTE;
}

function dstInput(
  zone: string,
  date: PlainDate,
  weekly: ProviderSchedule['weekly'],
  exceptions?: ProviderSchedule['exceptions'],
): AvailabilityInput {
  return baseInput({
    timeZone: zone,
    from: toInstantString(wallTimeToInstant(addDays(date, -1), '00:00', zone) as number),
    to: toInstantString(wallTimeToInstant(addDays(date, 2), '00:00', zone) as number),
    now: '2024-12-01T00:00:00Z',
    horizonDays: 800,
    providers: [provider('dr-a', weekly, 30, exceptions)],
  });
}

const halfHours = (fromHour: number, toHour: number): string[] => {
  const out: string[] = [];
  for (let m = fromHour * 60; m < toHour * 60; m += 30) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
};

function expectRoundTrips(slots: readonly ComputedSlot[], zone: string): void {
  for (const s of slots) {
    for (const text of [s.start, s.end]) {
      const ms = parseInstant(text);
      expect(toInstantString(ms)).toBe(text);
      expect(parseInstant(toZonedInstantString(ms, zone))).toBe(ms);
    }
  }
}

describe.each(MATRIX)('DST matrix: $zone', ({zone, standard, daylight, changes, quietDates}) => {
  const days = [
    ...changes.map((c) => ({date: c.date, kind: c.kind as string, change: c as Change | undefined})),
    ...(quietDates ?? []).map((date) => ({date, kind: 'quiet', change: undefined})),
  ];

  it.each(days)('09:00 availability shows as 09:00 around $date ($kind)', ({date, change}) => {
    const slots = computeAvailability(dstInput(zone, date, everyDay([{start: '09:00', end: '12:00'}])));
    expectRoundTrips(slots, zone);
    const byDate = new Map<string, ComputedSlot[]>();
    for (const s of slots) {
      const d = instantToZoned(parseInstant(s.start), zone).date;
      byDate.set(d, [...(byDate.get(d) ?? []), s]);
    }
    expect([...byDate.keys()]).toEqual([addDays(date, -1), date, addDays(date, 1)]);
    for (const [d, list] of byDate) {
      // Changes happen at night: the day before keeps the old offset, the day of and after the new.
      const offset = !change
        ? standard
        : (d === addDays(date, -1)) === (change.kind === 'spring')
          ? standard
          : daylight;
      expect(list).toHaveLength(6);
      expect(instantToZoned(parseInstant(list[0].start), zone).time).toBe('09:00');
      expect(parseInstant(list[0].start), `${zone} ${d}`).toBe(atOffset(d as PlainDate, '09:00', offset));
      expect(walls(list, zone)).toEqual(halfHours(9, 12));
    }
  });

  const springs = changes.filter((c) => c.kind === 'spring');
  if (springs.length > 0) {
    it.each(springs)('offers no slot in the skipped hour on $date', ({date, from, to}) => {
      const slots = computeAvailability(dstInput(zone, date, {}, {[date]: [{start: '00:00', end: '06:00'}]}));
      expectRoundTrips(slots, zone);
      const times = walls(slots, zone);
      const expected = halfHours(0, 6).filter((t) => t < from || t >= to);
      expect(times).toEqual(expected);
      expect(slots).toHaveLength(10);
      // Absolute steps: consecutive slots 30 minutes apart, the clock jumping over the gap.
      for (let i = 1; i < slots.length; i++) {
        expect(parseInstant(slots[i].start) - parseInstant(slots[i - 1].start)).toBe(30 * MINUTE);
      }
      const before = slots[times.filter((t) => t < from).length - 1];
      const after = slots[times.indexOf(to)];
      expect(toZonedInstantString(parseInstant(before.start), zone).slice(19)).toBe(formatMinutes(standard));
      expect(toZonedInstantString(parseInstant(after.start), zone).slice(19)).toBe(formatMinutes(daylight));
    });
  }

  const falls = changes.filter((c) => c.kind === 'fall');
  if (falls.length > 0) {
    it.each(falls)('offers both occurrences of the repeated hour on $date', ({date, from}) => {
      const slots = computeAvailability(dstInput(zone, date, {}, {[date]: [{start: '00:00', end: '05:00'}]}));
      expectRoundTrips(slots, zone);
      expect(slots).toHaveLength(12); // 5 wall hours = 6 real hours
      const repeated = slots.filter((s) => instantToZoned(parseInstant(s.start), zone).time === from);
      expect(repeated).toHaveLength(2);
      const [first, second] = repeated.map((s) => parseInstant(s.start));
      expect(first).toBe(atOffset(date, from, daylight));
      expect(second).toBe(atOffset(date, from, standard));
      expect(second - first).toBe(HOUR);
      const labelsOf = repeated.map((s) => toZonedInstantString(parseInstant(s.start), zone));
      expect(labelsOf).toEqual([
        `${date}T${from}:00${formatMinutes(daylight)}`,
        `${date}T${from}:00${formatMinutes(standard)}`,
      ]);
      for (let i = 1; i < slots.length; i++) {
        expect(parseInstant(slots[i].start) - parseInstant(slots[i - 1].start)).toBe(30 * MINUTE);
      }
    });
  }

  if (standard === daylight) {
    it.each(quietDates ?? [])('has no skipped or repeated hour on %s', (date) => {
      const slots = computeAvailability(dstInput(zone, date, {}, {[date]: [{start: '00:00', end: '06:00'}]}));
      expect(walls(slots, zone)).toEqual(halfHours(0, 6));
      for (const s of slots) expect(instantToZoned(parseInstant(s.start), zone).offsetMinutes).toBe(standard);
    });
  }
});

function formatMinutes(offset: number): string {
  if (offset === 0) return '+00:00';
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The fast sweep against a straightforward implementation (every candidate checked against every
// busy interval), on random schedules around DST changes.

function reference(input: AvailabilityInput): ComputedSlot[] {
  const now = parseInstant(input.now);
  const lo = Math.max(parseInstant(input.from), now + input.minNoticeMinutes * MINUTE);
  const hi = Math.min(parseInstant(input.to), now + input.horizonDays * 24 * HOUR);
  if (!(hi > lo)) return [];
  const out: {providerId: string; start: number; end: number; locationId?: string}[] = [];
  const dates: PlainDate[] = [];
  for (let d = instantToZoned(lo, input.timeZone).date; ; d = addDays(d, 1)) {
    dates.push(d);
    if (d === instantToZoned(hi - 1, input.timeZone).date) break;
  }
  for (const {schedule, durationMinutes} of input.providers) {
    const duration = durationMinutes * MINUTE;
    const buffer = input.bufferMinutes * MINUTE;
    const busyOfProvider = input.busy
      .filter((b) => b.providerId === schedule.providerId)
      .map((b) => [parseInstant(b.start), parseInstant(b.end)]);
    const seen = new Set<number>();
    for (const date of dates) {
      if (input.closures?.includes(date)) continue;
      const [y, m, d] = date.split('-').map(Number);
      const weekday = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
      const intervals =
        schedule.exceptions?.[date] ?? schedule.weekly[weekday as keyof ProviderSchedule['weekly']] ?? [];
      for (const iv of [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
        const starts = wallTimeToInstants(date, iv.start, input.timeZone);
        const ends = wallTimeToInstants(date, iv.end, input.timeZone);
        const s = starts[0];
        const e = ends[ends.length - 1];
        for (let c = s; c + duration <= e; c += input.stepMinutes * MINUTE) {
          if (c < lo || c >= hi || seen.has(c)) continue;
          if (busyOfProvider.some(([bs, be]) => c < be + buffer && c + duration + buffer > bs)) continue;
          seen.add(c);
          out.push({
            providerId: schedule.providerId,
            start: c,
            end: c + duration,
            ...(iv.locationId ? {locationId: iv.locationId} : {}),
          });
        }
      }
    }
  }
  out.sort(
    (a, b) => a.start - b.start || (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0),
  );
  return out.map((s) => ({...s, start: toInstantString(s.start), end: toInstantString(s.end)}));
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('computeAvailability agrees with a straightforward implementation', () => {
  const zones = MATRIX.map((z) => z.zone);
  // Wall times on the half hour, avoiding 01:00–03:00 (where the matrix zones change offset) so
  // the reference needs no rule for boundaries inside a gap.
  const wallChoices: WallTime[] = [
    '00:00',
    '00:30',
    '03:00',
    '03:30',
    '06:00',
    '08:00',
    '09:00',
    '09:30',
    '12:00',
    '13:00',
    '17:00',
    '18:30',
    '22:00',
    '24:00',
  ];
  const dates: PlainDate[] = [
    '2025-03-08',
    '2025-10-25',
    '2025-11-01',
    '2026-03-07',
    '2026-03-28',
    '2026-10-31',
    '2026-06-10',
  ];

  it.each(Array.from({length: 60}, (_, i) => i + 1))('random case %i', (seed) => {
    const rnd = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const zone = pick(zones);
    const firstDate = pick(dates);
    const intervals = (): WorkingInterval[] => {
      const list: WorkingInterval[] = [];
      for (let n = Math.floor(rnd() * 3); n >= 0; n--) {
        const a = pick(wallChoices);
        const b = pick(wallChoices);
        if (a === b) continue;
        const [start, end] = a < b ? [a, b] : [b, a];
        list.push({start, end, ...(rnd() < 0.3 ? {locationId: pick(['north', 'south'])} : {})});
      }
      return list;
    };
    const providers: AvailabilityInput['providers'][number][] = [];
    for (let p = 0; p < 1 + Math.floor(rnd() * 3); p++) {
      const weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, WorkingInterval[]>> = {};
      for (const wd of [1, 2, 3, 4, 5, 6, 7] as const) if (rnd() < 0.7) weekly[wd] = intervals();
      const exceptions: Record<PlainDate, WorkingInterval[]> = {};
      if (rnd() < 0.5) exceptions[addDays(firstDate, Math.floor(rnd() * 3))] = rnd() < 0.3 ? [] : intervals();
      providers.push(
        provider(pick(['dr-a', 'dr-b', 'Dr-C', 'dr-d']) + p, weekly, pick([15, 30, 45, 60, 90]), exceptions),
      );
    }
    const from = (wallTimeToInstant(firstDate, '00:00', zone) as number) + Math.floor(rnd() * 12) * HOUR;
    const to = from + (1 + Math.floor(rnd() * 4)) * 24 * HOUR + Math.floor(rnd() * 4) * 15 * MINUTE;
    const busy: BusyInterval[] = [];
    for (let n = Math.floor(rnd() * 25); n > 0; n--) {
      const start = from - 12 * HOUR + Math.floor(rnd() * 5 * 24 * 4) * 15 * MINUTE;
      const end = start + pick([0, 15, 30, 45, 60, 120, 600]) * MINUTE;
      const text = rnd() < 0.5 ? toInstantString : (ms: number) => toZonedInstantString(ms, zone);
      busy.push({providerId: pick(providers).schedule.providerId, start: text(start), end: text(end)});
    }
    const input = baseInput({
      timeZone: zone,
      from: toInstantString(from),
      to: toInstantString(to),
      now: toInstantString(from + Math.floor(rnd() * 48 - 24) * HOUR + Math.floor(rnd() * 60) * MINUTE),
      minNoticeMinutes: pick([0, 0, 30, 120, 1440]),
      horizonDays: pick([1, 2, 30]),
      stepMinutes: pick([15, 30, 45, 60]),
      bufferMinutes: pick([0, 0, 5, 10, 30]),
      closures: rnd() < 0.3 ? [addDays(firstDate, 1)] : [],
      providers,
      busy,
    });
    expect(computeAvailability(input)).toEqual(reference(input));
  });
});
