// The realistic input of the slot-computation benchmark (QUALITY "Performance budgets"):
// a New York clinic searched for 90 days from 2026-02-20, so the 8 March DST change is crossed;
// Mon–Fri 09:00–13:00 and 14:00–18:00, 30-minute step, 400 bookings per provider spread over the
// range in the mixed forms adapters send (UTC `Z` and local offsets, unsorted, some 60 minutes long).
import {seededRandom} from './util.mjs';

export const ZONE = 'America/New_York';
export const FIRST_DATE = '2026-02-20';
export const DAYS = 90;
export const BOOKINGS_PER_PROVIDER = 400;

const WEEKDAY_HOURS = [
  {start: '09:00', end: '13:00'},
  {start: '14:00', end: '18:00'},
];
/** Variants for a many-provider clinic: different hours, a Saturday, a second location. */
const VARIANTS = [
  {1: WEEKDAY_HOURS, 2: WEEKDAY_HOURS, 3: WEEKDAY_HOURS, 4: WEEKDAY_HOURS, 5: WEEKDAY_HOURS},
  {
    1: [
      {start: '08:00', end: '12:00'},
      {start: '13:00', end: '17:00', locationId: 'annex'},
    ],
    3: [
      {start: '08:00', end: '12:00'},
      {start: '13:00', end: '17:00', locationId: 'annex'},
    ],
    5: [
      {start: '08:00', end: '12:00'},
      {start: '13:00', end: '17:00', locationId: 'annex'},
    ],
    6: [{start: '09:00', end: '14:00'}],
  },
  {
    2: WEEKDAY_HOURS,
    3: WEEKDAY_HOURS,
    4: WEEKDAY_HOURS,
    5: WEEKDAY_HOURS,
    6: [{start: '10:00', end: '14:00'}],
  },
];

function minutes(time) {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function hhmm(total) {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * `lib` is the bundled domain module (for `addDays`, `isoWeekday`, `wallTimeToInstant`,
 * `toInstantString`, `toZonedInstantString`); `providers` is 1 for the single-provider budget.
 */
export function makeSlotInput(lib, providers) {
  const random = seededRandom(20260220);
  const from = lib.wallTimeToInstant(FIRST_DATE, '00:00', ZONE);
  const to = lib.wallTimeToInstant(lib.addDays(FIRST_DATE, DAYS), '00:00', ZONE);
  const list = [];
  const busy = [];
  for (let p = 0; p < providers; p++) {
    const providerId = `dr-${String(p).padStart(2, '0')}`;
    const weekly = providers === 1 ? VARIANTS[0] : VARIANTS[p % VARIANTS.length];
    const exceptions =
      p % 4 === 1 ? {'2026-03-13': [], '2026-04-03': [{start: '09:00', end: '12:00'}]} : undefined;
    list.push({
      schedule: {providerId, weekly, ...(exceptions ? {exceptions} : {})},
      durationMinutes: [30, 30, 45, 60][p % 4],
    });

    // Every half-hour a provider works in the range; 400 of them become bookings.
    const starts = [];
    for (let d = 0; d < DAYS; d++) {
      const date = lib.addDays(FIRST_DATE, d);
      for (const iv of weekly[lib.isoWeekday(date)] ?? []) {
        for (let m = minutes(iv.start); m + 30 <= minutes(iv.end); m += 30) starts.push([date, hhmm(m)]);
      }
    }
    for (let i = starts.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [starts[i], starts[j]] = [starts[j], starts[i]];
    }
    for (const [date, time] of starts.slice(0, BOOKINGS_PER_PROVIDER)) {
      const start = lib.wallTimeToInstant(date, time, ZONE);
      const end = start + (random() < 0.25 ? 60 : 30) * 60_000;
      const text =
        random() < 0.5 ? (ms) => lib.toInstantString(ms) : (ms) => lib.toZonedInstantString(ms, ZONE);
      busy.push({providerId, start: text(start), end: text(end)});
    }
  }
  return {
    timeZone: ZONE,
    from: lib.toInstantString(from),
    to: lib.toInstantString(to),
    now: lib.toInstantString(from - 6 * 3_600_000),
    minNoticeMinutes: 120,
    horizonDays: 120,
    stepMinutes: 30,
    bufferMinutes: 0,
    closures: ['2026-04-03'],
    providers: list,
    busy,
    serviceIds: ['consult'],
    mode: 'in-person',
  };
}
