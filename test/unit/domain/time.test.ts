import {describe, it, expect} from 'vitest';
import {tzOffset} from '@date-fns/tz/tzOffset';
import {
  addDays,
  epochDayToPlainDate,
  formatOffset,
  instantToPlainDate,
  instantToZoned,
  isoWeekday,
  offsetMinutesAt,
  parseInstant,
  plainDateToEpochDay,
  plainDatesBetween,
  toInstantString,
  toZonedInstantString,
  wallTimeToInstant,
  wallTimeToInstants,
  wallTimeToMinutes,
  zoneClock,
  ZoneClock,
} from '../../../src/domain/time.js';
import type {PlainDate, WallTime} from '../../../src/domain/types.js';

const HOUR = 3_600_000;

/** UTC ms of a wall time at a known offset (minutes east), computed without any zone data. */
function at(date: string, time: string, offsetMinutes: number): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - offsetMinutes * 60_000;
}

describe('calendar dates (PlainDate)', () => {
  it('adds days across months, leap days and years, both ways', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-08', 0)).toBe('2026-03-08');
    expect(addDays('2026-03-01', 90)).toBe('2026-05-30');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('1900-03-01', -1)).toBe('1900-02-28');
  });

  it('keeps a date of birth exactly as written (QUALITY 27)', () => {
    expect(addDays('1990-05-01', 0)).toBe('1990-05-01');
    expect(epochDayToPlainDate(plainDateToEpochDay('1990-05-01'))).toBe('1990-05-01');
    expect(isoWeekday('1990-05-01')).toBe(2);
  });

  it('gives ISO weekdays, Monday = 1 … Sunday = 7', () => {
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2025-10-26')).toBe(7);
    expect(isoWeekday('1969-12-31')).toBe(3);
    expect(isoWeekday('2026-02-20')).toBe(5);
  });

  it('rejects impossible or malformed dates and times', () => {
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-3-8',
      '20260308',
      '2026-03-08T00:00',
    ]) {
      expect(() => plainDateToEpochDay(bad as PlainDate), bad).toThrow(RangeError);
    }
    expect(wallTimeToMinutes('00:00')).toBe(0);
    expect(wallTimeToMinutes('09:30')).toBe(570);
    expect(wallTimeToMinutes('24:00')).toBe(1440);
    for (const bad of ['9:00', '24:30', '25:00', '1a:00', '-1:00', '12:60', '12-00', '']) {
      expect(() => wallTimeToMinutes(bad as WallTime), bad).toThrow(RangeError);
    }
    expect(() => addDays('2026-03-08', 1.5)).toThrow(RangeError);
  });
});

describe('RFC 3339 instants', () => {
  it('formats in UTC with Z, milliseconds only when present', () => {
    expect(toInstantString(at('2026-03-08', '09:00', -240))).toBe('2026-03-08T13:00:00Z');
    expect(toInstantString(Date.UTC(2026, 0, 1, 0, 0, 0, 250))).toBe('2026-01-01T00:00:00.250Z');
    expect(toInstantString(0)).toBe('1970-01-01T00:00:00Z');
    expect(toInstantString(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(toInstantString(Date.UTC(2026, 2, 8, 13, 5, 7))).toBe('2026-03-08T13:05:07Z');
    expect(() => toInstantString(Number.NaN)).toThrow(RangeError);
    expect(() => toInstantString(0.5)).toThrow(RangeError);
    expect(() => toInstantString(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });

  it('parses Z and numeric offsets, including half-hour ones', () => {
    const ms = Date.UTC(2026, 2, 8, 13, 0);
    expect(parseInstant('2026-03-08T13:00:00Z')).toBe(ms);
    expect(parseInstant('2026-03-08T09:00:00-04:00')).toBe(ms);
    expect(parseInstant('2026-03-08T10:30:00-02:30')).toBe(ms);
    expect(parseInstant('2026-03-08T18:30:00+05:30')).toBe(ms);
    expect(parseInstant('2026-03-08t13:00:00z')).toBe(ms);
    expect(parseInstant('2026-03-08T13:00:00.5Z')).toBe(ms + 500);
    expect(parseInstant('2026-03-08T13:00:00.123456789Z')).toBe(ms + 123);
    expect(parseInstant('2026-03-08T13:00:00-00:00')).toBe(ms);
    expect(parseInstant('2026-03-08T14:00:00.12+01:00')).toBe(ms + 120);
    expect(parseInstant('2026-03-08T14:00:00.1234+01:00')).toBe(ms + 123);
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseInstant('2026-01-31T23:59:59+14:00')).toBe(Date.UTC(2026, 0, 31, 9, 59, 59));
    expect(parseInstant('0001-01-01T00:00:00Z')).toBe(Date.UTC(2001, 0, 1) - 2000 * 365.2425 * 86_400_000);
  });

  it('rejects timestamps without an offset or with impossible fields', () => {
    for (const bad of [
      '2026-03-08T13:00:00',
      '2026-03-08 13:00:00Z',
      '2026-03-08T13:00Z',
      '2026-02-30T13:00:00Z',
      '2026-02-29T13:00:00Z',
      '2026-04-31T13:00:00Z',
      '2026-13-01T13:00:00Z',
      '2026-00-01T13:00:00Z',
      '2026-03-00T13:00:00Z',
      '2026-03-32T13:00:00Z',
      '2026-03-08T25:00:00Z',
      '2026-03-08T24:00:01Z',
      '2026-03-08T13:60:00Z',
      '2026-03-08T13:00:00+24:00',
      '2026-03-08T13:00:00.Z',
      '2026-03-08T24:00:00Z',
      '2026-03-08T23:59:60Z',
      '2026-03-08T13:00:00+5:30',
      '1772974800000',
      '',
    ]) {
      expect(() => parseInstant(bad), bad).toThrow(RangeError);
    }
  });

  it('round-trips exactly: string → ms → string and ms → string → ms', () => {
    for (const s of [
      '2026-03-08T07:00:00Z',
      '2026-11-01T05:30:00Z',
      '1999-12-31T23:59:59.999Z',
      '2026-03-29T01:00:00Z',
    ]) {
      expect(toInstantString(parseInstant(s))).toBe(s);
    }
    for (let ms = Date.UTC(2026, 9, 24); ms < Date.UTC(2026, 10, 3); ms += 17 * 60_000 + 7) {
      expect(parseInstant(toInstantString(ms))).toBe(ms);
      for (const zone of ['America/St_Johns', 'Europe/Madrid', 'America/New_York', 'Atlantic/Canary']) {
        expect(parseInstant(toZonedInstantString(ms, zone))).toBe(ms);
      }
    }
  });

  it('labels the two occurrences of a repeated hour with their own offsets', () => {
    const [first, second] = wallTimeToInstants('2026-11-01', '01:30', 'America/New_York');
    expect(toZonedInstantString(first, 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(toZonedInstantString(second, 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
    expect(toZonedInstantString(at('2026-03-08', '03:00', -150), 'America/St_Johns')).toBe(
      '2026-03-08T03:00:00-02:30',
    );
    expect(toZonedInstantString(at('2026-01-08', '03:00', 0), 'UTC')).toBe('2026-01-08T03:00:00+00:00');
    expect(formatOffset(-210)).toBe('-03:30');
    expect(formatOffset(330)).toBe('+05:30');
  });
});

describe('wall time ↔ instant', () => {
  it('converts ordinary wall times with the offset of that day', () => {
    expect(wallTimeToInstant('2026-03-07', '09:00', 'America/New_York')).toBe(
      at('2026-03-07', '09:00', -300),
    );
    expect(wallTimeToInstant('2026-03-09', '09:00', 'America/New_York')).toBe(
      at('2026-03-09', '09:00', -240),
    );
    expect(wallTimeToInstant('2026-07-01', '09:00', 'America/Mexico_City')).toBe(
      at('2026-07-01', '09:00', -360),
    );
    expect(wallTimeToInstant('2026-07-01', '09:00', 'America/Cancun')).toBe(at('2026-07-01', '09:00', -300));
    expect(wallTimeToInstant('2026-07-01', '09:00', 'America/St_Johns')).toBe(
      at('2026-07-01', '09:00', -150),
    );
    expect(wallTimeToInstant('2026-01-15', '09:00', 'Europe/Madrid')).toBe(at('2026-01-15', '09:00', 60));
    expect(wallTimeToInstant('2026-01-15', '09:00', 'UTC')).toBe(at('2026-01-15', '09:00', 0));
    expect(wallTimeToInstant('2026-01-15', '24:00', 'UTC')).toBe(at('2026-01-16', '00:00', 0));
  });

  it('gives null / no instant for a skipped wall time (spring forward)', () => {
    const cases: [PlainDate, WallTime, string][] = [
      ['2026-03-08', '02:00', 'America/New_York'],
      ['2026-03-08', '02:30', 'America/Los_Angeles'],
      ['2025-03-09', '02:59', 'America/Tijuana'],
      ['2026-03-08', '02:15', 'America/Toronto'],
      ['2026-03-08', '02:30', 'America/St_Johns'],
      ['2026-03-29', '02:30', 'Europe/Madrid'],
      ['2025-03-30', '01:30', 'Atlantic/Canary'],
    ];
    for (const [date, time, zone] of cases) {
      expect(wallTimeToInstant(date, time, zone), `${zone} ${date} ${time}`).toBeNull();
      expect(wallTimeToInstants(date, time, zone)).toEqual([]);
    }
    // The minutes around the gap exist.
    expect(wallTimeToInstant('2026-03-08', '01:59', 'America/New_York')).toBe(
      at('2026-03-08', '01:59', -300),
    );
    expect(wallTimeToInstant('2026-03-08', '03:00', 'America/New_York')).toBe(
      at('2026-03-08', '03:00', -240),
    );
  });

  it('gives both instants of a repeated wall time (fall back), the earlier first', () => {
    const cases: [PlainDate, WallTime, string, number, number][] = [
      ['2026-11-01', '01:30', 'America/New_York', -240, -300],
      ['2025-11-02', '01:00', 'America/Los_Angeles', -420, -480],
      ['2026-11-01', '01:59', 'America/Tijuana', -420, -480],
      ['2025-11-02', '01:30', 'America/Toronto', -240, -300],
      ['2026-11-01', '01:30', 'America/St_Johns', -150, -210],
      ['2026-10-25', '02:30', 'Europe/Madrid', 120, 60],
      ['2025-10-26', '01:00', 'Atlantic/Canary', 60, 0],
    ];
    for (const [date, time, zone, first, second] of cases) {
      expect(wallTimeToInstants(date, time, zone), `${zone} ${date} ${time}`).toEqual([
        at(date, time, first),
        at(date, time, second),
      ]);
      expect(wallTimeToInstant(date, time, zone)).toBe(at(date, time, first));
    }
  });

  it('reads the date, wall time and offset of an instant', () => {
    expect(instantToZoned(parseInstant('2026-11-01T05:30:00Z'), 'America/New_York')).toEqual({
      date: '2026-11-01',
      time: '01:30',
      second: 0,
      millisecond: 0,
      offsetMinutes: -240,
    });
    expect(instantToZoned(parseInstant('2026-11-01T06:30:00Z'), 'America/New_York').offsetMinutes).toBe(-300);
    expect(instantToZoned(parseInstant('2026-11-01T06:30:00Z'), 'America/New_York').time).toBe('01:30');
    expect(offsetMinutesAt(parseInstant('2026-03-08T05:29:59Z'), 'America/St_Johns')).toBe(-210);
    expect(offsetMinutesAt(parseInstant('2026-03-08T05:30:00Z'), 'America/St_Johns')).toBe(-150);
  });

  it('finds the clinic-zone date of instants near midnight', () => {
    const ms = parseInstant('2026-03-08T04:30:00Z');
    expect(instantToPlainDate(ms, 'America/New_York')).toBe('2026-03-07');
    expect(instantToPlainDate(ms, 'America/St_Johns')).toBe('2026-03-08');
    expect(instantToPlainDate(ms, 'UTC')).toBe('2026-03-08');
    expect(instantToPlainDate(ms, 'Pacific/Kiritimati')).toBe('2026-03-08');
    expect(instantToPlainDate(parseInstant('2026-03-08T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-09');
    expect(instantToPlainDate(parseInstant('2026-12-31T23:30:00Z'), 'Europe/Madrid')).toBe('2027-01-01');
  });

  it('lists the clinic dates overlapping a range, including 23 h and 25 h days', () => {
    const zone = 'America/New_York';
    const from = wallTimeToInstant('2026-03-07', '00:00', zone) as number;
    const to = wallTimeToInstant('2026-03-10', '00:00', zone) as number;
    expect(plainDatesBetween(from, to, zone)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(plainDatesBetween(from, to + 1, zone)).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(plainDatesBetween(from, from, zone)).toEqual([]);
    const fall = wallTimeToInstant('2026-11-01', '00:00', zone) as number;
    expect(plainDatesBetween(fall, fall + 25 * HOUR, zone)).toEqual(['2026-11-01']);
    expect(plainDatesBetween(fall, fall + 25 * HOUR + 1, zone)).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('rejects an unknown time zone', () => {
    expect(() => zoneClock('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => wallTimeToInstant('2026-03-08', '09:00', 'Not/AZone')).toThrow(RangeError);
  });

  it('gives the same answers whatever the process time zone is', () => {
    const compute = (): unknown[] => [
      addDays('2026-03-08', 1),
      isoWeekday('2026-03-08'),
      wallTimeToInstants('2026-11-01', '01:30', 'America/New_York'),
      wallTimeToInstants('2026-10-25', '02:30', 'Europe/Madrid'),
      wallTimeToInstant('2026-03-29', '02:30', 'Europe/Madrid'),
      instantToPlainDate(parseInstant('2026-03-08T04:30:00Z'), 'America/St_Johns'),
      toZonedInstantString(parseInstant('2026-03-08T04:30:00Z'), 'America/St_Johns'),
      plainDatesBetween(parseInstant('2026-03-08T00:00:00Z'), parseInstant('2026-03-10T00:00:00Z'), 'UTC'),
      // Fresh instances: nothing cached from before the zone switch.
      new ZoneClock('Europe/Madrid').wallInstants(Date.UTC(2026, 9, 25, 2, 30)),
      new ZoneClock('America/New_York').resolveWall(Date.UTC(2026, 2, 8, 2, 30), 'earlier'),
      new ZoneClock('Atlantic/Canary').offsetAt(Date.UTC(2026, 2, 29, 1, 0)),
    ];
    const expected = compute();
    const original = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/St_Johns', 'Europe/Madrid', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        expect(compute(), tz).toEqual(expected);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('ZoneClock agrees with the zone data', () => {
  // Tricky zones besides the clinic ones: half-hour DST (Lord Howe), +12:45 (Chatham), a 2-hour
  // change (Troll), Ramadan suspensions (Casablanca), yearly-decided changes (Gaza), +14 (Kiritimati).
  const zones = [
    'America/New_York',
    'America/Los_Angeles',
    'America/Mexico_City',
    'America/Tijuana',
    'America/Cancun',
    'America/Toronto',
    'America/St_Johns',
    'Europe/Madrid',
    'Atlantic/Canary',
    'UTC',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Antarctica/Troll',
    'Africa/Casablanca',
    'Asia/Gaza',
    'America/Santiago',
    'Pacific/Kiritimati',
  ];
  const from = Date.UTC(2025, 0, 1);
  const to = Date.UTC(2027, 0, 1);
  const raw = (zone: string, ms: number): number => tzOffset(zone, new Date(ms));

  it.each(zones)('%s: offsets every 3 h and at each change, to the second', (zone) => {
    const clock = new ZoneClock(zone);
    const wrong: string[] = [];
    const check = (ms: number, expected: number): void => {
      const actual = clock.offsetAt(ms);
      if (actual !== expected) wrong.push(`${toInstantString(ms)}: ${actual} instead of ${expected}`);
    };
    let previous = raw(zone, from);
    let changes = 0;
    for (let ms = from; ms < to; ms += 3 * HOUR) {
      const offset = raw(zone, ms);
      check(ms, offset);
      if (offset !== previous) {
        // Find the change to the second and check both sides of it.
        let lo = ms - 3 * HOUR;
        let hi = ms;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (raw(zone, mid) === previous) lo = mid;
          else hi = mid;
        }
        check(hi - 1000, previous);
        check(hi - 1, previous);
        check(hi, offset);
        changes++;
        previous = offset;
      }
    }
    expect(wrong).toEqual([]);
    if (zone === 'America/New_York' || zone === 'Europe/Madrid') expect(changes).toBe(4);
    if (zone === 'America/Mexico_City' || zone === 'UTC') expect(changes).toBe(0);
  });

  it.each(zones)('%s: a day said to have one offset has it all day long', (zone) => {
    const clock = new ZoneClock(zone);
    const wrong: string[] = [];
    let mixedDays = 0;
    for (let day = from / 86_400_000; day < to / 86_400_000; day++) {
      const offset = clock.uniformOffset(day);
      if (Number.isNaN(offset)) {
        mixedDays++;
        continue;
      }
      const start = day * 86_400_000 - offset * 60_000;
      for (const ms of [
        start,
        start + 6 * HOUR,
        start + 12 * HOUR,
        start + 18 * HOUR,
        start + 24 * HOUR - 1,
      ]) {
        if (raw(zone, ms) !== offset)
          wrong.push(`${epochDayToPlainDate(day)}: not ${offset} at ${toInstantString(ms)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Only the days around a change are left to the slow path.
    expect(mixedDays).toBeLessThanOrEqual(4 * 4 * 3);
  });
});
