/**
 * What both backends' messages (the reference server's and the memory adapter's) share: how an
 * appointment's time is stated, and how an emailed link carries the patient's language (the
 * elements read it in `src/localization/link-fragment.ts`). Plain functions over `Intl`; nothing
 * here reads the process's own time zone.
 */
import type {PhoneTools} from './phone.js';
import {isTimeZoneName} from './time.js';
import type {Language, TimeZoneName} from './types.js';

/** The fragment parameter of an emailed link that names the patient's language (`#…&lang=es`). */
export const LINK_LANGUAGE_KEY = 'lang';

const localeOf = (lang: Language) => (lang === 'en' ? 'en-US' : 'es-MX');

/** Date and time as messages state them ("Tuesday, December 15, 2026 at 11:00 AM"). */
function formatWhen(ms: number, lang: Language, timeZone: TimeZoneName): string {
  return new Intl.DateTimeFormat(localeOf(lang), {dateStyle: 'full', timeStyle: 'short', timeZone}).format(
    ms,
  );
}

/**
 * A zone's long name at `ms` in `lang` ("Japan Standard Time", "hora estándar de Japón"), or its
 * offset ("GMT-05:00") for a zone without one: never a bare abbreviation.
 */
function zoneWords(ms: number, lang: Language, timeZone: TimeZoneName): string {
  const name = new Intl.DateTimeFormat(localeOf(lang), {timeZone, timeZoneName: 'long'})
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name || timeZone;
}

export interface MessageTimes {
  /** The date and time in the clinic's zone. */
  readonly when: string;
  /**
   * The same instant in the patient's own zone, with the zone's name ("Wednesday, December 16,
   * 2026 at 2:00 AM, Japan Standard Time"), or `''` when their zone is unknown or shows the same
   * date and time as the clinic's (issue #23).
   */
  readonly yourTime: string;
}

/**
 * An appointment's time for a message in `lang`: in the clinic's zone, and in the patient's own
 * zone (stored with the booking when the patient's browser was in another zone) when it differs.
 */
export function messageTimes(
  startMs: number,
  lang: Language,
  clinicZone: TimeZoneName,
  patientZone?: TimeZoneName | null,
): MessageTimes {
  const when = formatWhen(startMs, lang, clinicZone);
  if (!patientZone || !isTimeZoneName(patientZone)) return {when, yourTime: ''};
  const own = formatWhen(startMs, lang, patientZone);
  return {when, yourTime: own === when ? '' : `${own}, ${zoneWords(startMs, lang, patientZone)}`};
}

/**
 * `link` with the patient's language in its fragment (`#portal-reminder=…&lang=en`,
 * `#portal/documents&lang=en`, or `#lang=en` for a link without one), so the page it opens shows
 * the message's language. The fragment's other parts stay as written (a portal section such as
 * `portal/documents` is not a `key=value` pair). Only the language goes in: never patient data.
 */
export function linkInLanguage(link: string, lang: Language): string {
  const hash = link.indexOf('#');
  if (hash < 0) return `${link}#${LINK_LANGUAGE_KEY}=${lang}`;
  const parts = link
    .slice(hash + 1)
    .split('&')
    .filter((p) => p !== '' && p !== LINK_LANGUAGE_KEY && !p.startsWith(`${LINK_LANGUAGE_KEY}=`));
  return `${link.slice(0, hash)}#${[...parts, `${LINK_LANGUAGE_KEY}=${lang}`].join('&')}`;
}

/** The link to one section of `<patient-portal>` (`#portal/documents`): the section's name only. */
export function portalSectionLink(linkBase: string, section: 'documents'): string {
  return `${linkBase.split('#')[0]}#portal/${section}`;
}

/**
 * The clinic's phone as messages state it: written out internationally ("+52 55 5555 0134"), not as
 * stored ("+525555550134") — when the phone tools (`loadPhoneTools()`) are at hand; as stored otherwise,
 * or when the tools can't read it.
 */
export function messagePhone(e164: string, tools: PhoneTools | undefined): string {
  if (!tools) return e164;
  try {
    return tools.format(e164, 'international') || e164;
  } catch {
    return e164;
  }
}
