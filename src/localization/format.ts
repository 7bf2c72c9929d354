/**
 * Locale- and zone-aware formatting and date-entry helpers used by every element.
 *
 * Everything here is a plain function over `Intl`, so a bundle keeps only what it calls. Rules:
 *
 * - Instants are shown in an explicit IANA zone (the clinic's, or the patient's on request); the
 *   device's zone is never used implicitly.
 * - A {@link PlainDate} (a date of birth) is formatted at noon UTC with `timeZone: 'UTC'`, so it
 *   shows the same calendar day in every browser zone (QUALITY 27).
 * - Regional conventions come from the full locale tag through `Intl` (es-MX and en-US 12-hour,
 *   es-ES 24-hour, en-CA year-month-day numeric dates); words we compose go through `msg()`.
 * - Zone names are never a bare abbreviation such as "CST" (see {@link timeZoneLabel}).
 *
 * `Intl` objects are slow to create, so they are cached by locale and options.
 */
import {msg, str} from '@lit/localize';

import type {Instant, PlainDate, TimeZoneName} from '../domain/types.js';
import {loc} from './format-basic.js';

// The helpers the first screen of most elements needs (money, durations, the clinic's texts) live
// in format-basic.ts, so a page loads the rest of this module only with the elements that use it.
export {formatDuration, formatMoney, pickText} from './format-basic.js';

/** An instant as the backend sends it (RFC 3339 with offset), or a `Date` (e.g. "now"). */
export type InstantInput = Instant | Date;

/**
 * How much of a date to show:
 * - `full`: "Tuesday, March 3, 2026" / "martes, 3 de marzo de 2026"
 * - `long`: "March 3, 2026" / "3 de marzo de 2026"
 * - `medium`: "Mar 3, 2026" / "3 mar 2026"
 * - `short`: numeric with a four-digit year in the locale's order, "03/03/2026" / "2026-03-03" (en-CA)
 * - `day`: weekday and day without the year, "Tuesday, March 3" / "martes, 3 de marzo"
 */
export type DateStyle = 'full' | 'long' | 'medium' | 'short' | 'day';

export type DateField = 'day' | 'month' | 'year';

export interface DateParts {
  readonly day: string | number | null | undefined;
  readonly month: string | number | null | undefined;
  readonly year: string | number | null | undefined;
}

export type DateOfBirthError = 'required' | 'invalid-date' | 'date-in-future' | 'date-too-old';

export type DateOfBirthResult =
  {readonly ok: true; readonly date: PlainDate} | {readonly ok: false; readonly reason: DateOfBirthError};

/** Oldest age accepted for a date of birth (QUALITY 32). */
export const MAX_AGE_YEARS = 130;

// ---------------------------------------------------------------------------------------------
// Caches

const dtfCache = new Map<string, Intl.DateTimeFormat>();
const otherCache = new Map<string, Intl.RelativeTimeFormat>();

function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(loc(locale), options);
    dtfCache.set(key, f);
  }
  return f;
}

function relativeFormat(locale: string, numeric: 'auto' | 'always'): Intl.RelativeTimeFormat {
  const key = `relative|${numeric}|${locale}`;
  let f = otherCache.get(key);
  if (!(f instanceof Intl.RelativeTimeFormat)) {
    f = new Intl.RelativeTimeFormat(loc(locale), {numeric});
    otherCache.set(key, f);
  }
  return f;
}

/** The language subtag, lower case ("es-MX" → "es"). */
function languageOf(locale: string): string {
  return loc(locale).split('-')[0]!.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Instants

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp with an offset (or passes a `Date` through).
 * @throws RangeError for anything else, including a timestamp without an offset.
 */
export function toDate(instant: InstantInput): Date {
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
    return instant;
  }
  const m = RFC3339.exec(instant);
  if (!m) throw new RangeError(`Not an RFC 3339 instant with offset: ${instant}`);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not an RFC 3339 instant with offset: ${instant}`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) {
    throw new RangeError(`Not an RFC 3339 instant with offset: ${instant}`);
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return new Date(date.getTime() - offset * 60_000);
}

/** Whether `timeZone` is an IANA zone this browser knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    dtf('en', {timeZone});
    return true;
  } catch {
    return false;
  }
}

/** The browser's own zone (for "show in my time zone"); "UTC" when it cannot tell. */
export function patientTimeZone(): TimeZoneName {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone's offset from UTC at that instant, in minutes (e.g. -300 for GMT−5). */
export function zoneOffsetMinutes(instant: InstantInput, timeZone: TimeZoneName): number {
  const date = toDate(instant);
  const t = date.getTime();
  const wholeSecond = t - (((t % 1000) + 1000) % 1000);
  const f = dtf('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of f.formatToParts(date)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1);
  wall.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0);
  const minutes = Math.round((wall.getTime() - wholeSecond) / 60_000);
  return minutes === 0 ? 0 : minutes; // never -0
}

/** The calendar date of an instant in a zone (e.g. "today" in the clinic's zone). */
export function toPlainDate(instant: InstantInput, timeZone: TimeZoneName): PlainDate {
  const f = dtf('en-US', {timeZone, year: 'numeric', month: 'numeric', day: 'numeric'});
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of f.formatToParts(toDate(instant))) p[part.type] = part.value;
  return plainDateOf(Number(p.year), Number(p.month), Number(p.day));
}

const DATE_OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  full: {weekday: 'long', year: 'numeric', month: 'long', day: 'numeric'},
  long: {year: 'numeric', month: 'long', day: 'numeric'},
  medium: {year: 'numeric', month: 'short', day: 'numeric'},
  short: {year: 'numeric', month: '2-digit', day: '2-digit'},
  day: {weekday: 'long', month: 'long', day: 'numeric'},
};

const TIME_OPTIONS: Intl.DateTimeFormatOptions = {hour: 'numeric', minute: '2-digit'};

/** The date of an instant in `timeZone`: "martes, 3 de marzo de 2026". */
export function formatDate(
  instant: InstantInput,
  locale: string,
  timeZone: TimeZoneName,
  style: DateStyle = 'full',
): string {
  return dtf(locale, {...DATE_OPTIONS[style], timeZone}).format(toDate(instant));
}

/** The time of an instant in `timeZone`, on the locale's clock: "9:30 AM", "9:30 a.m.", "9:30". */
export function formatTime(instant: InstantInput, locale: string, timeZone: TimeZoneName): string {
  return dtf(locale, {...TIME_OPTIONS, timeZone}).format(toDate(instant));
}

/** Date and time joined the locale's way: "Tuesday, March 3, 2026 at 9:30 AM". */
export function formatDateTime(
  instant: InstantInput,
  locale: string,
  timeZone: TimeZoneName,
  style: DateStyle = 'full',
): string {
  return dtf(locale, {...DATE_OPTIONS[style], ...TIME_OPTIONS, timeZone}).format(toDate(instant));
}

/** "9:30 – 10:30 AM" / "9:30–10:30". A range crossing midnight shows both dates. */
export function formatTimeRange(
  start: InstantInput,
  end: InstantInput,
  locale: string,
  timeZone: TimeZoneName,
): string {
  return dtf(locale, {...TIME_OPTIONS, timeZone}).formatRange(toDate(start), toDate(end));
}

// ---------------------------------------------------------------------------------------------
// Time zone names

/**
 * How each zone our clinics use is named. `city`: "Mexico City time" / "hora de la Ciudad de México";
 * `generic`: ICU's long generic name ("Eastern Time" / "hora oriental").
 *
 * Why: ICU's generic names are US-centric and shared across countries whose clocks differ.
 * America/Mexico_City is "Central Standard Time" and America/Chicago "Central Time" (one hour apart
 * in summer); Mexico's own "Zona Pacífico" is UTC−7 all year while CLDR's "hora del Pacífico" is
 * Los Angeles; Cancún is "Eastern Standard Time". So every Mexican zone, and the US/Canadian zones
 * whose generic name a Mexican patient would read as their own (Central, Pacific), are named by
 * city; so is Phoenix (Mountain Standard all year, unlike Denver) and the Canary Islands (known as
 * "hora de Canarias"). Zones whose generic name means one clock only keep it.
 */
const ZONES: Readonly<Record<string, readonly [style: 'city' | 'generic', en: string, es: string]>> = {
  'America/Mexico_City': ['city', 'Mexico City', 'la Ciudad de México'],
  'America/Monterrey': ['city', 'Monterrey', 'Monterrey'],
  'America/Merida': ['city', 'Mérida', 'Mérida'],
  'America/Bahia_Banderas': ['city', 'Bahía de Banderas', 'Bahía de Banderas'],
  'America/Matamoros': ['city', 'Matamoros', 'Matamoros'],
  'America/Chihuahua': ['city', 'Chihuahua', 'Chihuahua'],
  'America/Ojinaga': ['city', 'Ojinaga', 'Ojinaga'],
  'America/Ciudad_Juarez': ['city', 'Ciudad Juárez', 'Ciudad Juárez'],
  'America/Cancun': ['city', 'Cancún', 'Cancún'],
  'America/Tijuana': ['city', 'Tijuana', 'Tijuana'],
  'America/Mazatlan': ['city', 'Mazatlán', 'Mazatlán'],
  'America/Hermosillo': ['city', 'Hermosillo', 'Hermosillo'],
  'America/Chicago': ['city', 'Chicago', 'Chicago'],
  'America/Winnipeg': ['city', 'Winnipeg', 'Winnipeg'],
  'America/Regina': ['city', 'Regina', 'Regina'],
  'America/Los_Angeles': ['city', 'Los Angeles', 'Los Ángeles'],
  'America/Vancouver': ['city', 'Vancouver', 'Vancouver'],
  'America/Phoenix': ['city', 'Phoenix', 'Phoenix'],
  'America/Denver': ['generic', 'Denver', 'Denver'],
  'America/Edmonton': ['generic', 'Edmonton', 'Edmonton'],
  'America/New_York': ['generic', 'New York', 'Nueva York'],
  'America/Toronto': ['generic', 'Toronto', 'Toronto'],
  'America/Halifax': ['generic', 'Halifax', 'Halifax'],
  'America/St_Johns': ['generic', 'St. John’s', 'San Juan de Terranova'],
  'Europe/Madrid': ['generic', 'Madrid', 'Madrid'],
  'Africa/Ceuta': ['generic', 'Ceuta', 'Ceuta'],
  'Atlantic/Canary': ['city', 'Canary Islands', 'Canarias'],
};

const UTC_ZONES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'Etc/Universal',
  'Etc/Zulu',
  'Etc/GMT',
  'GMT',
  'UCT',
  'Zulu',
]);

function canonicalZone(timeZone: string): string {
  return dtf('en', {timeZone}).resolvedOptions().timeZone;
}

/**
 * The patient's own zone when its clock differs from the clinic's zone (issue #23: a patient in
 * Tokyo who chose "2:00 AM, yours" must not find only "11:00 AM, Mexico City time" on the review
 * and the confirmation), else `undefined`.
 */
export function ownZoneIfDifferent(
  clinicZone: TimeZoneName,
  own: TimeZoneName = patientTimeZone(),
): string | undefined {
  return canonicalZone(own) === canonicalZone(clinicZone) ? undefined : own;
}

function zoneName(
  locale: string,
  timeZone: string,
  style: Intl.DateTimeFormatOptions['timeZoneName'],
  at: Date,
) {
  const parts = dtf(locale, {timeZone, timeZoneName: style}).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** A name is usable on its own when it is words, not an offset ("GMT+00:00") or an abbreviation ("CST"). */
function isWordyName(name: string): boolean {
  return name !== '' && !/\d/.test(name) && !/^[A-Z]{1,6}$/.test(name);
}

/** The zone's city (or region) in the locale's language: from our table, else from the IANA id. */
export function timeZoneCity(timeZone: TimeZoneName, locale: string): string {
  const entry = ZONES[timeZone] ?? ZONES[canonicalZone(timeZone)];
  if (entry) return languageOf(locale) === 'es' ? entry[2] : entry[1];
  const last = timeZone.split('/').pop() ?? timeZone;
  return last.replace(/_/g, ' ');
}

function cityTime(city: string): string {
  return msg(str`${city} time`, {
    id: 'tz-city-time',
    desc: 'Name of a time zone by its city, e.g. "Mexico City time". Spanish: "hora de ${city}".',
  });
}

/**
 * A zone name a patient cannot misread: "Mexico City time" / "hora de la Ciudad de México",
 * "Eastern Time" / "hora oriental", "Coordinated Universal Time" — never only an abbreviation.
 * `atInstant` matters only for zones named by ICU (default: now).
 */
export function timeZoneLabel(timeZone: TimeZoneName, locale: string, atInstant?: InstantInput): string {
  const canonical = canonicalZone(timeZone);
  const entry = ZONES[timeZone] ?? ZONES[canonical];
  if (entry?.[0] === 'city') return cityTime(timeZoneCity(timeZone, locale));
  const at = atInstant === undefined ? new Date() : toDate(atInstant);
  if (UTC_ZONES.has(timeZone) || UTC_ZONES.has(canonical)) {
    const name = zoneName(locale, canonical, 'long', at);
    if (isWordyName(name)) return name;
  }
  for (const style of ['longGeneric', 'long'] as const) {
    const name = zoneName(locale, canonical, style, at);
    if (isWordyName(name)) return name;
  }
  // Fixed-offset zones (Etc/GMT+5) have no city: the offset itself is unambiguous.
  if (canonical.startsWith('Etc/')) return offsetLabel(at, canonical, locale);
  return cityTime(timeZoneCity(timeZone, locale));
}

/**
 * The zone's offset at that instant, "GMT−5" / "GMT−3:30" (with a true minus sign), to tell apart
 * the two occurrences of a repeated hour on a fall-back day.
 */
export function offsetLabel(instant: InstantInput, timeZone: TimeZoneName, locale: string): string {
  return zoneName(locale, timeZone, 'shortOffset', toDate(instant)).replace(/-(?=\d)/g, '\u2212');
}

/** Whether the wall-clock time of `instant` in `timeZone` occurs twice that day (a fall-back hour). */
export function isAmbiguousWallTime(instant: InstantInput, timeZone: TimeZoneName): boolean {
  const t = toDate(instant).getTime();
  const own = zoneOffsetMinutes(new Date(t), timeZone);
  const wall = t + own * 60_000;
  const window = 6 * 3_600_000;
  for (const probe of [t - window, t + window]) {
    const other = zoneOffsetMinutes(new Date(probe), timeZone);
    if (other === own) continue;
    const twin = wall - other * 60_000;
    if (twin !== t && zoneOffsetMinutes(new Date(twin), timeZone) === other) return true;
  }
  return false;
}

/**
 * A slot button's accessible name: date, time and zone, "Tuesday, March 3 at 9:30 AM, Mexico City
 * time" / "martes, 3 de marzo, 9:30 a.m., hora de la Ciudad de México" (QUALITY 3).
 */
export function slotAccessibleName(start: InstantInput, locale: string, timeZone: TimeZoneName): string {
  const dateTime = formatDateTime(start, locale, timeZone, 'day');
  const zone = timeZoneLabel(timeZone, locale, start);
  return msg(str`${dateTime}, ${zone}`, {
    id: 'slot-accessible-name',
    desc: 'Accessible name of a time slot: date and time, then the time zone name.',
  });
}

// ---------------------------------------------------------------------------------------------
// Numbers, money, durations

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A countdown from a difference in milliseconds (positive: future): "in 5 minutes" / "dentro de
 * 5 minutos", "2 hours ago". Rounds so a future time is never announced as sooner than it is.
 */
export function formatRelativeCountdown(ms: number, locale: string): string {
  if (!Number.isFinite(ms)) throw new RangeError('ms must be finite');
  const abs = Math.abs(ms);
  const [unit, size]: [Intl.RelativeTimeFormatUnit, number] =
    abs < MINUTE
      ? ['second', SECOND]
      : abs < 2 * HOUR
        ? ['minute', MINUTE]
        : abs < 2 * DAY
          ? ['hour', HOUR]
          : ['day', DAY];
  const value = ms >= 0 ? Math.ceil(ms / size) : -Math.floor(abs / size);
  // 0 reads "now" / "ahora"; otherwise always a number ("in 1 day", never "tomorrow").
  return relativeFormat(locale, value === 0 ? 'auto' : 'always').format(value, unit);
}

// ---------------------------------------------------------------------------------------------
// Plain dates (dates of birth)

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function plainDateOf(y: number, m: number, d: number): PlainDate {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}` as PlainDate;
}

function splitPlainDate(s: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

/** Strict `YYYY-MM-DD`; null for anything else, including impossible dates like 2026-02-31. */
export function parsePlainDate(s: string): PlainDate | null {
  return splitPlainDate(s) ? (s as PlainDate) : null;
}

/** A date at noon UTC: formatted with `timeZone: 'UTC'` it is that day everywhere. */
function plainDateToUtcNoon(d: PlainDate): Date {
  const parts = splitPlainDate(d);
  if (!parts) throw new RangeError(`Not a plain date: ${d}`);
  const date = new Date(0);
  date.setUTCFullYear(parts[0], parts[1] - 1, parts[2]);
  date.setUTCHours(12, 0, 0, 0);
  return date;
}

/** "May 1, 1990" / "1 de mayo de 1990" — never shifted by the device's zone. */
export function formatPlainDate(d: PlainDate, locale: string, style: DateStyle = 'long'): string {
  return dtf(locale, {...DATE_OPTIONS[style], timeZone: 'UTC'}).format(plainDateToUtcNoon(d));
}

/** The locale's order of a numeric date's fields: en-US month/day/year, es day/month/year, en-CA year/month/day. */
export function dateFieldOrder(locale: string): DateField[] {
  return numericDateParts(locale)
    .map((p) => p.type)
    .filter((t): t is DateField => t === 'day' || t === 'month' || t === 'year');
}

function numericDateParts(locale: string): Intl.DateTimeFormatPart[] {
  return dtf(locale, {...DATE_OPTIONS.short, timeZone: 'UTC'}).formatToParts(Date.UTC(2026, 10, 23, 12));
}

/** The format to type a date in: "MM/DD/YYYY" (en-US), "DD/MM/AAAA" (es), "YYYY-MM-DD" (en-CA). */
export function dateFormatHint(locale: string): string {
  return numericDateParts(locale)
    .map((p) => {
      switch (p.type) {
        case 'day':
          return msg('DD', {
            id: 'date-hint-day',
            desc: 'Placeholder letters for the day in a date format hint.',
          });
        case 'month':
          return msg('MM', {
            id: 'date-hint-month',
            desc: 'Placeholder letters for the month in a date format hint.',
          });
        case 'year':
          return msg('YYYY', {
            id: 'date-hint-year',
            desc: 'Placeholder letters for the year in a date format hint.',
          });
        default:
          return p.value;
      }
    })
    .join('');
}

function partNumber(v: string | number | null | undefined): number | 'missing' | 'invalid' {
  if (v === null || v === undefined) return 'missing';
  if (typeof v === 'number') return Number.isInteger(v) ? v : 'invalid';
  const s = v.trim();
  if (s === '') return 'missing';
  return /^\d{1,4}$/.test(s) ? Number(s) : 'invalid';
}

/**
 * Checks a date of birth typed as day, month and year: every field required, a real calendar date
 * (no 31/02), not after `today`, and not more than {@link MAX_AGE_YEARS} years ago. With `anyDate`
 * (a list's date filter), only the real calendar date is checked.
 */
export function validateDateOfBirth(parts: DateParts, today: PlainDate, anyDate = false): DateOfBirthResult {
  const day = partNumber(parts.day);
  const month = partNumber(parts.month);
  const year = partNumber(parts.year);
  if (day === 'missing' || month === 'missing' || year === 'missing') return {ok: false, reason: 'required'};
  if (day === 'invalid' || month === 'invalid' || year === 'invalid')
    return {ok: false, reason: 'invalid-date'};
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return {ok: false, reason: 'invalid-date'};
  }
  const now = splitPlainDate(today);
  if (!now) throw new RangeError(`Not a plain date: ${today}`);
  const date = plainDateOf(year, month, day);
  if (anyDate) return {ok: true, date};
  if (date > today) return {ok: false, reason: 'date-in-future'};
  const [ty, tm, td] = now;
  const age = ty - year - (tm < month || (tm === month && td < day) ? 1 : 0);
  if (age > MAX_AGE_YEARS) return {ok: false, reason: 'date-too-old'};
  return {ok: true, date};
}
