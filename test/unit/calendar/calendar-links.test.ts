import {describe, expect, it} from 'vitest';
import {convertIcsCalendar} from 'ts-ics';
import {
  createIcsFile,
  createIcsText,
  foldIcsLines,
  googleCalendarUrl,
  icsFileName,
  ICS_MIME_TYPE,
  utcBasic,
} from '../../../src/calendar/calendar-links.js';
import type {Appointment, Clinic} from '../../../src/domain/types.js';
import {createDemoClinicData} from '../../../src/adapters/memory/index.js';

const clinic: Clinic = createDemoClinicData().clinic;

/** Sentinel identity data: none of it may reach a calendar link or file. */
const SENTINEL = {
  givenName: 'Zoraida',
  familyName: 'Sentinelez',
  email: 'zoraida.sentinel@example.test',
  phone: '+525598765432',
  dateOfBirth: '1977-07-07',
};

function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 'appt-123',
    status: 'booked',
    // 09:00 in Mexico City (UTC−6, no DST since 2022) = 15:00Z.
    start: '2026-03-08T09:00:00-06:00',
    end: '2026-03-08T10:00:00-06:00',
    services: [{id: 'svc-peel', name: {es: 'Peeling químico', en: 'Chemical peel'}}],
    providerId: 'prov-chen',
    providerName: 'Dra. Mariana Chen Ortiz',
    mode: 'in-person',
    location: clinic.locations[0],
    actions: {confirm: true, cancel: true, reschedule: true, join: false, addToCalendar: true},
    items: [],
    ...overrides,
  };
}

const video = appointment({
  id: 'appt-video',
  mode: 'video',
  location: undefined,
  services: [{id: 'svc-video', name: {es: 'Consulta por video', en: 'Video visit'}}],
  // Across the US spring-forward night, written with a different offset than the clinic's.
  start: '2026-03-08T02:30:00-05:00',
  end: '2026-03-08T03:00:00-05:00',
});

function paramsOf(url: string): URLSearchParams {
  const u = new URL(url);
  expect(u.origin + u.pathname).toBe('https://calendar.google.com/calendar/render');
  return u.searchParams;
}

function expectNoIdentity(text: string) {
  const decoded = decodeURIComponent(text);
  for (const value of Object.values(SENTINEL)) {
    expect(decoded).not.toContain(value);
    expect(text).not.toContain(encodeURIComponent(value));
  }
  // The demo patient's identity either.
  for (const value of ['Ana', 'García', 'ana@demo.clinic', '+525512345678', '1990-05-01']) {
    expect(decoded).not.toContain(value);
  }
}

describe('utcBasic', () => {
  it(`writes the instant in UTC whatever the process zone (TZ=${process.env.TZ ?? 'unset'})`, () => {
    expect(utcBasic('2026-03-08T09:00:00-06:00')).toBe('20260308T150000Z');
    expect(utcBasic('2026-11-01T01:30:00-04:00')).toBe('20261101T053000Z');
    expect(utcBasic('2026-11-01T01:30:00-05:00')).toBe('20261101T063000Z');
    expect(utcBasic('2026-03-29T01:00:00+01:00')).toBe('20260329T000000Z');
    expect(utcBasic('2025-12-31T23:30:00-03:30')).toBe('20260101T030000Z');
  });
});

describe('googleCalendarUrl', () => {
  it('fills the template fields: title, UTC dates, details, address and the clinic zone', () => {
    const p = paramsOf(googleCalendarUrl(appointment(), clinic, 'en-US'));
    expect(p.get('action')).toBe('TEMPLATE');
    expect(p.get('text')).toBe('Chemical peel at Clínica Demo Roma Norte');
    expect(p.get('dates')).toBe('20260308T150000Z/20260308T160000Z');
    expect(p.get('location')).toBe(clinic.locations[0]!.address);
    expect(p.get('ctz')).toBe('America/Mexico_City');
    const details = p.get('details')!;
    expect(details).toContain('Dra. Mariana Chen Ortiz');
    expect(details).toContain(clinic.locations[0]!.address);
    expect(details).toContain(clinic.locations[0]!.phone);
  });

  it('picks the service names in the locale’s language', () => {
    const p = paramsOf(googleCalendarUrl(appointment(), clinic, 'es-MX'));
    expect(p.get('text')).toContain('Peeling químico');
  });

  it('says "Video visit" for a video visit and keeps the exact instants across a DST night', () => {
    const p = paramsOf(googleCalendarUrl(video, clinic, 'en-US'));
    expect(p.get('location')).toBe('Video visit');
    expect(p.get('dates')).toBe('20260308T073000Z/20260308T080000Z');
    expect(p.get('details')).toContain('Video visit');
    expect(p.get('details')).toContain(clinic.phone);
  });

  it('percent-encodes every value (no raw spaces, &, # or newlines in the URL)', () => {
    const tricky = appointment({
      services: [{id: 's', name: {en: 'Peel & glow #1 / 50% off?'}}],
      providerName: 'Dr. A&B\nC',
    });
    const url = googleCalendarUrl(tricky, clinic, 'en-US');
    expect(url).not.toMatch(/[\s#]/);
    expect(
      url
        .split('?')[1]!
        .split('&')
        .every((kv) => /^[a-z]+=[^&=]*$/.test(kv)),
    ).toBe(true);
    const p = paramsOf(url);
    expect(p.get('text')).toBe('Peel & glow #1 / 50% off? at Clínica Demo Roma Norte');
    expect(p.get('details')).toContain('Dr. A&B\nC');
  });

  it('carries no patient identity, even when the appointment object has extra fields', () => {
    // A backend may send more than the domain type; the link must read only what it needs.
    const leaky = {...appointment(), patient: SENTINEL, ...SENTINEL} as unknown as Appointment;
    const url = googleCalendarUrl(leaky, clinic, 'en-US');
    expectNoIdentity(url);
  });
});

describe('createIcsFile', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('is a text/calendar Blob in UTF-8', async () => {
    const blob = await createIcsFile(appointment(), clinic, 'es-MX', {now});
    expect(blob.type).toBe(ICS_MIME_TYPE);
    const text = await blob.text();
    expect(text).toContain('Peeling químico');
  });

  it('writes a valid VCALENDAR/VEVENT with UTC times, a stable UID and a 1-hour alarm', async () => {
    const text = await createIcsText(appointment(), clinic, 'en-US', {now});
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(text).toContain('\r\nVERSION:2.0\r\n');
    expect(text).toMatch(/\r\nPRODID:[^\r]+\r\n/);
    expect(text).toContain('\r\nBEGIN:VEVENT\r\n');
    expect(text).toContain('\r\nEND:VEVENT\r\n');
    expect(text).toContain('\r\nDTSTAMP:20260301T120000Z\r\n');
    expect(text).toContain('\r\nDTSTART:20260308T150000Z\r\n');
    expect(text).toContain('\r\nDTEND:20260308T160000Z\r\n');
    expect(text).toContain(`\r\nUID:appt-123@${clinic.id}.patient-portal-elements\r\n`);
    expect(text).toContain('\r\nBEGIN:VALARM\r\n');
    expect(text).toContain('\r\nTRIGGER:-PT1H\r\n');
    // Every line break is CRLF; no bare LF.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('parses back (ts-ics parser) to the same instants, title, place and description', async () => {
    for (const appt of [appointment(), video]) {
      const text = await createIcsText(appt, clinic, 'en-US', {now});
      const cal = convertIcsCalendar(undefined, text);
      const event = cal.events?.[0];
      expect(event).toBeDefined();
      expect(event!.start.date.toISOString()).toBe(new Date(appt.start).toISOString());
      expect(event!.end!.date.toISOString()).toBe(new Date(appt.end).toISOString());
      expect(event!.summary).toBe(googleTitle(appt));
      expect(event!.location).toBe(appt.mode === 'video' ? 'Video visit' : appt.location!.address);
      expect(event!.description).toContain(appt.providerName);
      expect(event!.alarms?.length).toBe(1);
    }
  });

  it('keeps the UID stable for the same appointment and clinic, and distinct otherwise', async () => {
    const uidOf = async (a: Appointment, c: Clinic) =>
      /\r\nUID:([^\r]+)\r\n/.exec(await createIcsText(a, c, 'en-US', {now}))![1];
    const first = await uidOf(appointment(), clinic);
    expect(
      await uidOf(
        appointment({start: '2026-03-09T09:00:00-06:00', end: '2026-03-09T10:00:00-06:00'}),
        clinic,
      ),
    ).toBe(first);
    expect(await uidOf(appointment({id: 'appt-456'}), clinic)).not.toBe(first);
    expect(await uidOf(appointment(), {...clinic, id: 'other-clinic'})).not.toBe(first);
  });

  it('folds lines at 75 octets without splitting a character (accents, emoji)', async () => {
    const long = appointment({
      services: [{id: 's', name: {es: 'Peeling químico con ácido glicólico, niño ñandú 😀 '.repeat(4)}}],
    });
    const text = await createIcsText(long, clinic, 'es-MX', {now});
    const encoder = new TextEncoder();
    for (const line of text.split('\r\n')) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    const cal = convertIcsCalendar(undefined, text);
    expect(cal.events?.[0]?.summary).toContain('niño ñandú 😀');
  });

  it('carries no patient identity', async () => {
    const leaky = {...appointment(), patient: SENTINEL, ...SENTINEL} as unknown as Appointment;
    expectNoIdentity(await createIcsText(leaky, clinic, 'en-US', {now}));
  });
});

describe('foldIcsLines', () => {
  it('unfolds and refolds with CRLF + space continuation', () => {
    const folded = foldIcsLines(`A:${'é'.repeat(60)}\r\nB:x\r\n`);
    const lines = folded.split('\r\n');
    expect(lines[1]!.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`A:${'é'.repeat(60)}\r\nB:x\r\n`);
  });
});

describe('icsFileName', () => {
  it('is the visit’s date as the backend wrote it, with no patient data', () => {
    expect(icsFileName(appointment())).toBe('appointment-2026-03-08.ics');
    const leaky = {...appointment(), ...SENTINEL} as unknown as Appointment;
    expect(icsFileName(leaky)).toBe('appointment-2026-03-08.ics');
  });
});

function googleTitle(a: Appointment): string {
  return paramsOf(googleCalendarUrl(a, clinic, 'en-US')).get('text')!;
}
