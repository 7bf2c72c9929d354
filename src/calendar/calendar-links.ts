/**
 * "Add to calendar": a Google Calendar link and an iCalendar (.ics) file for an appointment.
 *
 * What goes in (and what never does): the services, the clinic, the provider, the place (address or
 * "video visit") and the clinic's phone. Never the patient's identity — no name, email, phone or date
 * of birth — because a calendar URL ends up in browser history, in Google's logs and in synced
 * calendars, and an .ics file is often forwarded. The {@link Appointment} type carries no identity
 * fields, and these functions read nothing else.
 *
 * Times: every instant is written in UTC (`20260308T150000Z`), computed from the appointment's
 * RFC 3339 instants with their own offsets, so the device's zone never shifts them. The clinic's
 * zone goes along as Google's `ctz` (how Google shows the event) — the instant stays the same.
 *
 * The .ics generator (`ts-ics`) is a lazy chunk: it loads only when a patient asks for the file.
 */
import {msg, str} from '@lit/localize';
import type {Appointment, Clinic} from '../domain/types.js';
import {pickText, toDate} from '../localization/format.js';

/** Which "add to calendar" action the patient took. */
export type CalendarKind = 'ics' | 'google';

export const ICS_MIME_TYPE = 'text/calendar;charset=utf-8';

const GOOGLE_CALENDAR_BASE = 'https://calendar.google.com/calendar/render';
const PRODUCT_ID = '-//Patient Portal Elements//Appointment//EN';
/** RFC 5545 §3.1: content lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

/** An instant in iCalendar's UTC "basic" form: `20260308T150000Z`. */
export function utcBasic(instant: string | Date): string {
  const d = toDate(instant);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  );
}

function listOf(items: readonly string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, {type: 'conjunction', style: 'long'}).format(items);
  } catch {
    return items.join(', ');
  }
}

/** The event's title: "Chemical peel at Clínica Demo Roma Norte". */
export function calendarTitle(appointment: Appointment, clinic: Clinic, locale: string): string {
  const services = listOf(
    appointment.services.map((s) => pickText(s.name, locale, clinic.languages)).filter((s) => s !== ''),
    locale,
  );
  const clinicName = clinic.name;
  if (!services) return clinicName;
  return msg(str`${services} at ${clinicName}`, {
    id: 'calendar-event-title',
    desc: 'Title of a calendar event: the services booked, then the clinic. Spanish: "${services} en ${clinicName}".',
  });
}

/** Where: the address for an in-person visit, "Video visit" for a video visit (absent if unknown). */
export function calendarLocation(appointment: Appointment): string | undefined {
  if (appointment.mode === 'video') return msg('Video visit', {id: 'calendar-video-visit'});
  return appointment.location?.address || undefined;
}

/** The event's description: provider, video visit or address, the clinic's phone. One item a line. */
export function calendarDetails(appointment: Appointment, clinic: Clinic): string {
  const provider = appointment.providerName;
  const lines: string[] = [];
  if (provider) lines.push(msg(str`With ${provider}`, {id: 'calendar-with-provider'}));
  if (appointment.mode === 'video') {
    lines.push(
      msg('Video visit: join it from your appointments on the clinic’s website.', {
        id: 'calendar-video-details',
      }),
    );
  } else if (appointment.location?.address) {
    const address = appointment.location.address;
    lines.push(msg(str`Address: ${address}`, {id: 'calendar-address'}));
  }
  const phone = appointment.location?.phone ?? clinic.phone;
  if (phone) lines.push(msg(str`Clinic phone: ${phone}`, {id: 'calendar-clinic-phone'}));
  return lines.join('\n');
}

/**
 * A "add to Google Calendar" link (Google's documented `render?action=TEMPLATE` form): title,
 * UTC start/end, details, location and the clinic's zone. No patient identity in it.
 */
export function googleCalendarUrl(appointment: Appointment, clinic: Clinic, locale: string): string {
  const params: [string, string | undefined][] = [
    ['action', 'TEMPLATE'],
    ['text', calendarTitle(appointment, clinic, locale)],
    ['dates', `${utcBasic(appointment.start)}/${utcBasic(appointment.end)}`],
    ['details', calendarDetails(appointment, clinic)],
    ['location', calendarLocation(appointment)],
    ['ctz', clinic.timeZone],
  ];
  const query = params
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${GOOGLE_CALENDAR_BASE}?${query}`;
}

/** A UID that stays the same for the same appointment at the same clinic (re-importing updates it). */
export function calendarUid(appointment: Appointment, clinic: Clinic): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(appointment.id)}@${safe(clinic.id)}.patient-portal-elements`;
}

/**
 * The file name offered for the download: `appointment-2026-03-08.ics` / `cita-2026-03-08.ics` —
 * the visit's date as the backend wrote it (the clinic's calendar day), nothing about the patient.
 */
export function icsFileName(appointment: Appointment): string {
  const prefix =
    msg('appointment', {
      id: 'calendar-file-name',
      desc: 'Start of the downloaded calendar file name (lower case, no spaces). Spanish: "cita".',
    })
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'appointment';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(appointment.start)?.[0];
  return day ? `${prefix}-${day}.ics` : `${prefix}.ics`;
}

/**
 * Folds content lines at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character.
 * `ts-ics` folds at 75 UTF-16 code units, which overruns the limit with accents ("Peeling químico")
 * and could split an emoji's surrogate pair, so its output is unfolded and folded again here.
 */
export function foldIcsLines(text: string): string {
  const encoder = new TextEncoder();
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const out: string[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    if (line === '') continue;
    let current = '';
    let octets = 0;
    let limit = MAX_LINE_OCTETS;
    for (const ch of line) {
      const size = encoder.encode(ch).length;
      if (octets + size > limit) {
        out.push(current);
        current = ' ';
        octets = 1;
        limit = MAX_LINE_OCTETS;
      }
      current += ch;
      octets += size;
    }
    out.push(current);
  }
  return `${out.join('\r\n')}\r\n`;
}

/** The iCalendar text for an appointment (VCALENDAR with one VEVENT and a 1-hour VALARM). */
export async function createIcsText(
  appointment: Appointment,
  clinic: Clinic,
  locale: string,
  options: {now?: Date} = {},
): Promise<string> {
  const {generateIcsCalendar} = await import('./ics-generator.js');
  const title = calendarTitle(appointment, clinic, locale);
  const location = calendarLocation(appointment);
  const text = generateIcsCalendar({
    version: '2.0',
    prodId: PRODUCT_ID,
    method: 'PUBLISH',
    events: [
      {
        uid: calendarUid(appointment, clinic),
        stamp: {date: options.now ?? new Date()},
        start: {date: toDate(appointment.start)},
        end: {date: toDate(appointment.end)},
        summary: title,
        ...(location ? {location} : {}),
        description: calendarDetails(appointment, clinic),
        status: appointment.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        ...(clinic.website && /^https:\/\//.test(clinic.website) ? {url: clinic.website} : {}),
        alarms: [
          {
            action: 'DISPLAY',
            description: title,
            trigger: {type: 'relative', value: {before: true, hours: 1}},
          },
        ],
      },
    ],
  });
  return foldIcsLines(text);
}

/** The .ics file as a Blob (`text/calendar;charset=utf-8`). Loads `ts-ics` on first use. */
export async function createIcsFile(
  appointment: Appointment,
  clinic: Clinic,
  locale: string,
  options: {now?: Date} = {},
): Promise<Blob> {
  const text = await createIcsText(appointment, clinic, locale, options);
  return new Blob([text], {type: ICS_MIME_TYPE});
}
