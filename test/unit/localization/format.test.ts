import {afterEach, describe, expect, it} from 'vitest';

import {
  dateFieldOrder,
  dateFormatHint,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatPlainDate,
  formatRelativeCountdown,
  formatTime,
  formatTimeRange,
  isAmbiguousWallTime,
  isValidTimeZone,
  offsetLabel,
  parsePlainDate,
  patientTimeZone,
  pickText,
  slotAccessibleName,
  timeZoneCity,
  timeZoneLabel,
  toDate,
  toPlainDate,
  validateDateOfBirth,
  zoneOffsetMinutes,
  ownZoneIfDifferent,
} from '../../../src/localization/format.js';
import type {PlainDate} from '../../../src/domain/types.js';

/** ICU separates "9:30 AM" and ranges with narrow / thin no-break spaces: compare with plain ones. */
const plain = (s: string): string => s.replace(/\s+/g, ' ');

const LOCALES = ['en-US', 'en-CA', 'es-MX', 'es-ES'] as const;

/** QUALITY 26 zones, plus Chicago (the zone Mexico City's name collides with). */
const ZONES = [
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
  'America/Chicago',
] as const;

/** Process zones the suite must not depend on: far east, far west, half-hour offset, DST-less. */
const PROCESS_ZONES = [
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Asia/Kathmandu',
  'UTC',
];

const originalTz = process.env.TZ;
function setProcessTz(tz: string | undefined): void {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
}
afterEach(() => setProcessTz(originalTz));

/** Runs `check` with the process's zone set to each of `zones` in turn (and once as it was). */
function underEachProcessZone(check: () => void, zones: readonly string[] = PROCESS_ZONES): void {
  check();
  for (const tz of zones) {
    setProcessTz(tz);
    // The switch took effect: the process's local offset is now that zone's.
    const probe = new Date(Date.UTC(2026, 0, 15, 12));
    expect(0 - probe.getTimezoneOffset(), tz).toBe(zoneOffsetMinutes(probe, tz));
    check();
  }
  setProcessTz(originalTz);
}

describe('instants', () => {
  it('parses RFC 3339 with an offset exactly', () => {
    expect(toDate('2026-03-08T09:00:00-06:00').getTime()).toBe(Date.UTC(2026, 2, 8, 15));
    expect(toDate('2026-03-08T15:00:00Z').getTime()).toBe(Date.UTC(2026, 2, 8, 15));
    expect(toDate('2026-11-01T01:30:00-03:30').getTime()).toBe(Date.UTC(2026, 10, 1, 5, 0));
    expect(toDate('2026-03-08T15:00:00.123456Z').getTime()).toBe(Date.UTC(2026, 2, 8, 15, 0, 0, 123));
  });

  it('refuses a timestamp without an offset or an impossible one', () => {
    expect(() => toDate('2026-03-08T09:00:00')).toThrow(RangeError);
    expect(() => toDate('2026-02-30T09:00:00Z')).toThrow(RangeError);
    expect(() => toDate('2026-03-08')).toThrow(RangeError);
  });

  it('knows valid zones and the patient zone', () => {
    expect(isValidTimeZone('America/Mexico_City')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(patientTimeZone()).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('clock and date per locale', () => {
  // 2026-03-03 09:30 and 15:30 in Mexico City (UTC−6 all year since 2022).
  const morning = '2026-03-03T15:30:00Z';
  const afternoon = '2026-03-03T21:30:00Z';
  const zone = 'America/Mexico_City';

  it('en-US uses a 12-hour clock', () => {
    expect(plain(formatTime(morning, 'en-US', zone))).toBe('9:30 AM');
    expect(plain(formatTime(afternoon, 'en-US', zone))).toBe('3:30 PM');
  });

  it('es-MX uses a 12-hour clock', () => {
    expect(plain(formatTime(morning, 'es-MX', zone))).toMatch(/^9:30 ?a\. ?m\.$/);
    expect(plain(formatTime(afternoon, 'es-MX', zone))).toMatch(/^3:30 ?p\. ?m\.$/);
  });

  it('es-ES uses a 24-hour clock', () => {
    expect(formatTime(morning, 'es-ES', zone)).toBe('9:30');
    expect(formatTime(afternoon, 'es-ES', zone)).toBe('15:30');
  });

  it('en-CA follows its own conventions (12-hour clock with a.m./p.m.)', () => {
    expect(plain(formatTime(afternoon, 'en-CA', zone))).toMatch(/^3:30 ?p\.m\.$/);
  });

  it('formats dates, date-times and ranges in the given zone', () => {
    expect(formatDate(morning, 'es-MX', zone)).toBe('martes, 3 de marzo de 2026');
    expect(formatDate(morning, 'en-US', zone)).toBe('Tuesday, March 3, 2026');
    expect(formatDate(morning, 'en-US', zone, 'day')).toBe('Tuesday, March 3');
    expect(formatDate(morning, 'es-ES', zone, 'day')).toBe('martes, 3 de marzo');
    // 00:30 UTC on the 4th is still the 3rd in Mexico City.
    expect(formatDate('2026-03-04T00:30:00Z', 'en-US', zone, 'long')).toBe('March 3, 2026');
    expect(plain(formatDateTime(morning, 'en-US', zone))).toBe('Tuesday, March 3, 2026 at 9:30 AM');
    expect(plain(formatTimeRange(morning, '2026-03-03T16:30:00Z', 'en-US', zone))).toBe('9:30 – 10:30 AM');
    expect(plain(formatTimeRange(morning, '2026-03-03T16:30:00Z', 'es-ES', zone))).toBe('9:30–10:30');
  });

  it('accepts a malformed locale tag without throwing', () => {
    expect(formatTime(morning, 'es_ES', zone)).toBe('9:30');
    expect(plain(formatTime(morning, '', zone))).toBe('9:30 AM');
  });
});

describe('time zone names', () => {
  const winter = '2026-01-15T17:00:00Z';
  const summer = '2026-07-15T17:00:00Z';
  const ABBREVIATION = /\b(?:[A-Z]{2,5})\b/;

  it('never gives a bare abbreviation such as CST', () => {
    for (const locale of LOCALES) {
      for (const zone of ZONES) {
        for (const at of [winter, summer]) {
          const label = timeZoneLabel(zone, locale, at);
          expect(label, `${zone} ${locale}`).not.toMatch(ABBREVIATION);
          expect(label, `${zone} ${locale}`).toMatch(/\p{L}{4,}/u);
        }
      }
    }
  });

  it('names Mexico City and Chicago differently, in every locale and season', () => {
    for (const locale of LOCALES) {
      for (const at of [winter, summer]) {
        expect(timeZoneLabel('America/Mexico_City', locale, at)).not.toBe(
          timeZoneLabel('America/Chicago', locale, at),
        );
      }
    }
    expect(timeZoneLabel('America/Mexico_City', 'en-US')).toBe('Mexico City time');
    expect(timeZoneLabel('America/Chicago', 'en-US')).toBe('Chicago time');
    expect(timeZoneCity('America/Mexico_City', 'es-MX')).toBe('la Ciudad de México');
  });

  it('gives zones on different clocks different names', () => {
    for (const locale of LOCALES) {
      for (const a of ZONES) {
        for (const b of ZONES) {
          if (a >= b) continue;
          const sameClock = [winter, summer].every(
            (t) => zoneOffsetMinutes(t, a) === zoneOffsetMinutes(t, b),
          );
          if (sameClock) continue;
          expect(timeZoneLabel(a, locale, winter), `${a} vs ${b} in ${locale}`).not.toBe(
            timeZoneLabel(b, locale, winter),
          );
        }
      }
    }
  });

  it('uses the generic name where it means one clock only', () => {
    expect(timeZoneLabel('America/New_York', 'en-US', summer)).toBe('Eastern Time');
    expect(timeZoneLabel('America/Toronto', 'en-CA', winter)).toBe('Eastern Time');
    expect(timeZoneLabel('America/St_Johns', 'en-CA', winter)).toBe('Newfoundland Time');
    expect(timeZoneLabel('America/New_York', 'es-MX', summer)).toBe('hora oriental');
    expect(timeZoneLabel('Europe/Madrid', 'es-ES', summer)).toBe('hora de Europa central');
    expect(timeZoneLabel('UTC', 'en-US')).toBe('Coordinated Universal Time');
  });

  it('resolves aliases and falls back to the IANA city', () => {
    expect(timeZoneLabel('US/Central', 'en-US')).toBe('Chicago time');
    expect(timeZoneCity('America/Argentina/Buenos_Aires', 'en-US')).toBe('Buenos Aires');
    expect(timeZoneLabel('Etc/GMT+5', 'en-US')).toBe('GMT\u22125');
  });

  it('slot buttons say date, time and zone', () => {
    const start = '2026-03-03T15:30:00Z';
    expect(plain(slotAccessibleName(start, 'en-US', 'America/Mexico_City'))).toBe(
      'Tuesday, March 3 at 9:30 AM, Mexico City time',
    );
    // The date and time come from Intl; the words around the zone come from the catalog.
    expect(plain(slotAccessibleName(start, 'es-MX', 'America/Mexico_City'))).toMatch(
      /^martes, 3 de marzo, 9:30 ?a\. ?m\., la Ciudad de México/,
    );
    expect(slotAccessibleName(start, 'es-ES', 'America/Mexico_City')).toMatch(
      /^martes, 3 de marzo, 9:30, la Ciudad de México/,
    );
  });
});

describe('clinic time across DST changes, whatever the process zone (QUALITY 26)', () => {
  // Zone → [standard, daylight] offsets in minutes and the DST rules it follows.
  const RULES: Record<(typeof ZONES)[number], [number, number, 'us' | 'eu' | 'none']> = {
    'America/New_York': [-300, -240, 'us'],
    'America/Los_Angeles': [-480, -420, 'us'],
    'America/Mexico_City': [-360, -360, 'none'],
    'America/Tijuana': [-480, -420, 'us'],
    'America/Cancun': [-300, -300, 'none'],
    'America/Toronto': [-300, -240, 'us'],
    'America/St_Johns': [-210, -150, 'us'],
    'Europe/Madrid': [60, 120, 'eu'],
    'Atlantic/Canary': [0, 60, 'eu'],
    UTC: [0, 0, 'none'],
    'America/Chicago': [-360, -300, 'us'],
  };
  // Daylight time runs from the first date (inclusive) to the second (exclusive), at 09:00.
  const DST: Record<'us' | 'eu', Record<number, [string, string]>> = {
    us: {2025: ['2025-03-09', '2025-11-02'], 2026: ['2026-03-08', '2026-11-01']},
    eu: {2025: ['2025-03-30', '2025-10-26'], 2026: ['2026-03-29', '2026-10-25']},
  };
  const DATES = [...Object.values(DST.us), ...Object.values(DST.eu)].flat();

  function nineAm(date: string, zone: (typeof ZONES)[number]): {instant: string; offset: number} {
    const [std, dst, rules] = RULES[zone];
    const year = Number(date.slice(0, 4));
    const inDst = rules !== 'none' && date >= DST[rules][year]![0] && date < DST[rules][year]![1];
    const offset = inDst ? dst : std;
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const instant = new Date(Date.UTC(y, m - 1, d, 9, 0) - offset * 60_000)
      .toISOString()
      .replace('.000Z', 'Z');
    return {instant, offset};
  }

  it('shows 09:00 clinic availability as 9:00 on every change date', () => {
    underEachProcessZone(() => {
      for (const zone of ZONES) {
        for (const date of DATES) {
          const {instant, offset} = nineAm(date, zone);
          const where = `${zone} ${date} TZ=${process.env.TZ ?? ''}`;
          expect(formatTime(instant, 'es-ES', zone), where).toBe('9:00');
          expect(plain(formatTime(instant, 'en-US', zone)), where).toBe('9:00 AM');
          expect(zoneOffsetMinutes(instant, zone), where).toBe(offset);
          expect(toPlainDate(instant, zone), where).toBe(date);
          expect(isAmbiguousWallTime(instant, zone), where).toBe(false);
        }
      }
    });
  });

  it('round-trips an instant with its offset exactly', () => {
    const instant = '2026-11-01T01:30:00-02:30';
    const t = toDate(instant).getTime();
    expect(zoneOffsetMinutes(instant, 'America/St_Johns')).toBe(-150);
    expect(toDate(new Date(t)).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  // The repeated hour: [zone, first occurrence (UTC), second occurrence (UTC), wall time, offsets].
  const FALL_BACK: [string, string, string, string, string, string][] = [
    ['America/New_York', '2025-11-02T05:30:00Z', '2025-11-02T06:30:00Z', '1:30', 'GMT\u22124', 'GMT\u22125'],
    ['America/Toronto', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '1:30', 'GMT\u22124', 'GMT\u22125'],
    [
      'America/Los_Angeles',
      '2026-11-01T08:30:00Z',
      '2026-11-01T09:30:00Z',
      '1:30',
      'GMT\u22127',
      'GMT\u22128',
    ],
    ['America/Tijuana', '2025-11-02T08:30:00Z', '2025-11-02T09:30:00Z', '1:30', 'GMT\u22127', 'GMT\u22128'],
    [
      'America/St_Johns',
      '2025-11-02T04:00:00Z',
      '2025-11-02T05:00:00Z',
      '1:30',
      'GMT\u22122:30',
      'GMT\u22123:30',
    ],
    ['Europe/Madrid', '2025-10-26T00:30:00Z', '2025-10-26T01:30:00Z', '2:30', 'GMT+2', 'GMT+1'],
    ['Atlantic/Canary', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '1:30', 'GMT+1', 'GMT+0'],
  ];

  it('labels the two occurrences of a repeated hour with distinct offsets', () => {
    underEachProcessZone(() => {
      for (const [zone, first, second, wall, off1, off2] of FALL_BACK) {
        expect(formatTime(first, 'es-ES', zone), zone).toBe(wall);
        expect(formatTime(second, 'es-ES', zone), zone).toBe(wall);
        expect(isAmbiguousWallTime(first, zone), zone).toBe(true);
        expect(isAmbiguousWallTime(second, zone), zone).toBe(true);
        expect(offsetLabel(first, zone, 'en-US'), zone).toBe(off1);
        expect(offsetLabel(second, zone, 'es-MX'), zone).toBe(off2);
        // An hour before the first and after the second are unambiguous.
        const hour = 3_600_000;
        expect(isAmbiguousWallTime(new Date(toDate(first).getTime() - hour), zone), zone).toBe(false);
        expect(isAmbiguousWallTime(new Date(toDate(second).getTime() + hour), zone), zone).toBe(false);
      }
    });
  });

  it('finds no repeated hour where there is none', () => {
    // Mexico City left DST in 2022: 2025-10-26 (its old change date) is an ordinary day.
    expect(isAmbiguousWallTime('2025-10-26T07:30:00Z', 'America/Mexico_City')).toBe(false);
    // Spring forward in New York: 01:30 EST and 03:30 EDT each happen once.
    expect(isAmbiguousWallTime('2026-03-08T06:30:00Z', 'America/New_York')).toBe(false);
    expect(isAmbiguousWallTime('2026-03-08T07:30:00Z', 'America/New_York')).toBe(false);
    expect(isAmbiguousWallTime('2026-06-01T12:00:00Z', 'UTC')).toBe(false);
  });
});

describe('plain dates (QUALITY 27)', () => {
  it('1990-05-01 stays 1990-05-01 and reads May 1 / 1 de mayo in any process zone', () => {
    underEachProcessZone(() => {
      const d = parsePlainDate('1990-05-01');
      expect(d).toBe('1990-05-01');
      const date = d as PlainDate;
      expect(formatPlainDate(date, 'en-US')).toBe('May 1, 1990');
      expect(formatPlainDate(date, 'es-MX')).toBe('1 de mayo de 1990');
      expect(formatPlainDate(date, 'es-ES')).toBe('1 de mayo de 1990');
      expect(formatPlainDate(date, 'en-US', 'full')).toBe('Tuesday, May 1, 1990');
      expect(formatPlainDate(date, 'en-US', 'short')).toBe('05/01/1990');
      expect(formatPlainDate(date, 'es-MX', 'short')).toBe('01/05/1990');
      expect(formatPlainDate(date, 'en-CA', 'short')).toBe('1990-05-01');
      expect(validateDateOfBirth({day: '1', month: '5', year: '1990'}, '2026-03-03')).toEqual({
        ok: true,
        date: '1990-05-01',
      });
      // The first and last days of the year do not slip either.
      expect(formatPlainDate('2000-01-01', 'en-US', 'short')).toBe('01/01/2000');
      expect(formatPlainDate('1999-12-31', 'en-US', 'short')).toBe('12/31/1999');
    }, ['America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu']);
  });

  it('parses only strict, real YYYY-MM-DD dates', () => {
    expect(parsePlainDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of [
      '2026-02-31',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-2-3',
      '1990-05-01T00:00',
      '',
    ]) {
      expect(parsePlainDate(bad), bad).toBeNull();
    }
    expect(() => formatPlainDate('2026-02-31', 'en-US')).toThrow(RangeError);
  });

  it('orders date fields the locale’s way and shows the format', () => {
    expect(dateFieldOrder('en-US')).toEqual(['month', 'day', 'year']);
    expect(dateFieldOrder('es-MX')).toEqual(['day', 'month', 'year']);
    expect(dateFieldOrder('es-ES')).toEqual(['day', 'month', 'year']);
    // ICU's en-CA numeric date is ISO-like: 2026-03-03.
    expect(dateFieldOrder('en-CA')).toEqual(['year', 'month', 'day']);
    expect(dateFormatHint('en-US')).toBe('MM/DD/YYYY');
    expect(dateFormatHint('en-CA')).toBe('YYYY-MM-DD');
    // In node msg() returns the English letters; the Spanish catalog turns YYYY into AAAA.
    expect(dateFormatHint('es-MX')).toBe('DD/MM/YYYY');
  });

  it('gives the date in a zone for "today"', () => {
    // 10:00 UTC on March 3 is already March 4 in Kiritimati (UTC+14).
    expect(toPlainDate('2026-03-03T10:00:00Z', 'Pacific/Kiritimati')).toBe('2026-03-04');
    expect(toPlainDate('2026-03-03T10:00:00Z', 'America/Los_Angeles')).toBe('2026-03-03');
  });
});

describe('date of birth validation (QUALITY 32)', () => {
  const today: PlainDate = '2026-03-03';
  const check = (day: string | number, month: string | number, year: string | number) =>
    validateDateOfBirth({day, month, year}, today);

  it('in "any date" mode (a list’s date filter) checks only that the date is real', () => {
    expect(validateDateOfBirth({day: '1', month: '1', year: '2030'}, '2026-03-03', true)).toEqual({
      ok: true,
      date: '2030-01-01',
    });
    expect(validateDateOfBirth({day: '1', month: '1', year: '1800'}, '2026-03-03', true).ok).toBe(true);
    expect(validateDateOfBirth({day: '31', month: '2', year: '2030'}, '2026-03-03', true)).toEqual({
      ok: false,
      reason: 'invalid-date',
    });
  });

  it('accepts real past dates', () => {
    expect(check(29, 2, 2024)).toEqual({ok: true, date: '2024-02-29'});
    expect(check('01', '05', '1990')).toEqual({ok: true, date: '1990-05-01'});
    expect(check(3, 3, 2026)).toEqual({ok: true, date: '2026-03-03'});
  });

  it('refuses impossible dates', () => {
    expect(check(31, 2, 2000)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(29, 2, 2025)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(31, 4, 1990)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(1, 13, 1990)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(0, 1, 1990)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check('1a', 1, 1990)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(1, 5, 90)).toEqual({ok: false, reason: 'invalid-date'});
    expect(check(1.5, 5, 1990)).toEqual({ok: false, reason: 'invalid-date'});
  });

  it('requires every field', () => {
    expect(check('', 5, 1990)).toEqual({ok: false, reason: 'required'});
    expect(check(1, ' ', 1990)).toEqual({ok: false, reason: 'required'});
    expect(validateDateOfBirth({day: 1, month: 5, year: undefined}, today)).toEqual({
      ok: false,
      reason: 'required',
    });
  });

  it('refuses the future', () => {
    expect(check(4, 3, 2026)).toEqual({ok: false, reason: 'date-in-future'});
    expect(check(1, 1, 2030)).toEqual({ok: false, reason: 'date-in-future'});
  });

  it('refuses ages over 130', () => {
    expect(check(3, 3, 1896)).toEqual({ok: true, date: '1896-03-03'});
    expect(check(4, 3, 1895)).toEqual({ok: true, date: '1895-03-04'});
    expect(check(3, 3, 1895)).toEqual({ok: false, reason: 'date-too-old'});
    expect(check(1, 1, 1800)).toEqual({ok: false, reason: 'date-too-old'});
  });
});

describe('money, durations, countdowns', () => {
  it('formats MXN and EUR from minor units per locale', () => {
    const mxn = {amountMinor: 50000, currency: 'MXN'};
    const eur = {amountMinor: 123456, currency: 'EUR'};
    expect(plain(formatMoney(mxn, 'es-MX'))).toBe('$500.00');
    expect(plain(formatMoney(mxn, 'en-US'))).toBe('MX$500.00');
    expect(plain(formatMoney(mxn, 'es-ES'))).toBe('500,00 MXN');
    expect(plain(formatMoney(eur, 'es-ES'))).toBe('1234,56 €');
    expect(plain(formatMoney(eur, 'en-US'))).toBe('€1,234.56');
    expect(plain(formatMoney({amountMinor: 2599, currency: 'CAD'}, 'en-CA'))).toBe('$25.99');
    expect(plain(formatMoney({amountMinor: 2599, currency: 'USD'}, 'en-US'))).toBe('$25.99');
    expect(plain(formatMoney({amountMinor: 500, currency: 'JPY'}, 'en-US'))).toBe('¥500');
    expect(() => formatMoney({amountMinor: 1.5, currency: 'MXN'}, 'es-MX')).toThrow(RangeError);
  });

  it('formats durations', () => {
    expect(plain(formatDuration(90, 'es-MX'))).toBe('1 h 30 min');
    expect(plain(formatDuration(90, 'en-US'))).toBe('1 hr 30 min');
    expect(plain(formatDuration(45, 'es-ES'))).toBe('45 min');
    expect(plain(formatDuration(120, 'es-ES'))).toBe('2 h');
  });

  it('formats countdowns, never sooner than they are', () => {
    expect(formatRelativeCountdown(5 * 60_000, 'en-US')).toBe('in 5 minutes');
    expect(formatRelativeCountdown(4 * 60_000 + 10_000, 'en-US')).toBe('in 5 minutes');
    expect(formatRelativeCountdown(5 * 60_000, 'es-MX')).toBe('dentro de 5 minutos');
    expect(formatRelativeCountdown(30 * 1000, 'en-US')).toBe('in 30 seconds');
    expect(formatRelativeCountdown(30 * 3_600_000, 'en-US')).toBe('in 30 hours');
    expect(formatRelativeCountdown(3 * 86_400_000, 'es-ES')).toBe('dentro de 3 días');
    expect(formatRelativeCountdown(-3 * 3_600_000, 'en-US')).toBe('3 hours ago');
    expect(formatRelativeCountdown(0, 'es-MX')).toBe('ahora');
  });
});

describe('clinic texts', () => {
  it('picks the closest language', () => {
    expect(pickText({'es-MX': 'mx', es: 'es', en: 'en'}, 'es-MX')).toBe('mx');
    expect(pickText({es: 'Hola', en: 'Hi'}, 'es-MX')).toBe('Hola');
    expect(pickText({'es-ES': 'Hola', en: 'Hi'}, 'es-MX')).toBe('Hola');
    expect(pickText({en: 'Hi', es: 'Hola'}, 'en-CA')).toBe('Hi');
    expect(pickText({fr: 'Bonjour', en: 'Hi'}, 'es-MX', ['en', 'fr'])).toBe('Hi');
    expect(pickText({fr: 'Bonjour', en: 'Hi'}, 'es-MX')).toBe('Bonjour');
    expect(pickText({es: '', en: 'Hi'}, 'es')).toBe('Hi');
    expect(pickText({}, 'es')).toBe('');
  });
});

describe('ownZoneIfDifferent', () => {
  it('names the patient’s zone only when its clock is not the clinic’s', () => {
    expect(ownZoneIfDifferent('America/Mexico_City', 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(ownZoneIfDifferent('America/Mexico_City', 'America/Mexico_City')).toBeUndefined();
    // An alias of the same zone is the same clock.
    expect(ownZoneIfDifferent('America/Mexico_City', 'Mexico/General')).toBeUndefined();
  });
});
