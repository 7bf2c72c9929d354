/**
 * The demo clinic's seed — its two patients (Ana, who signs in; Luis, who is invited), Ana's
 * appointments generated from the backend's clock and the forms each service's visits carry —
 * apart from the clinic itself (`demo-clinic.ts`): a booking page's first
 * step needs the clinic and its catalog, not the patients. `backend="demo"` loads this chunk on
 * the first operation that reads them (`SeededClinicData.loadSeed`); `createDemoClinicData()`
 * gives both at once (the reference server's seed, tests).
 */
import {
  addDays,
  instantToPlainDate,
  instantToZoned,
  isoWeekday,
  wallTimeToInstant,
  type ZonedWallTime,
} from '../../domain/time.js';
import type {PlainDate, WallTime} from '../../domain/types.js';
import type {
  MemoryClinicData,
  MemorySeedAppointment,
  MemorySeedPatient,
  MemoryVisitForms,
} from './memory-adapter.js';
import {
  CHEN,
  DEMO_APPOINTMENT_KEYS,
  DEMO_DEPENDENT_DATE_OF_BIRTH,
  DEMO_INVITED_EMAIL,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MORALES,
  RAMIREZ,
  TZ,
  mxn,
  t,
} from './demo-constants.js';

const questionnaire = t('Cuestionario de salud', 'Health questionnaire');
const history = {questionnaireId: 'medical-history'};
const visitForms: Record<string, MemoryVisitForms> = {
  'svc-general': {questionnaire, ...history},
  'svc-checkup': {
    questionnaire,
    ...history,
    consent: t('Consentimiento para toma de muestras', 'Consent for blood samples'),
    consentId: 'blood-samples',
  },
  'svc-video': {
    consent: t('Consentimiento para telemedicina', 'Telehealth consent'),
    consentId: 'telehealth',
  },
  'svc-vaccine': {
    consent: t('Consentimiento de vacunación', 'Vaccination consent'),
    consentId: 'vaccination',
  },
  'svc-derm': {questionnaire: t('Historia clínica', 'Medical history'), ...history},
  'svc-peel': {
    questionnaire: t('Historia clínica', 'Medical history'),
    ...history,
    consent: t('Consentimiento informado para peeling químico', 'Informed consent for a chemical peel'),
    consentId: 'chemical-peel',
  },
  'svc-nutrition-first': {
    questionnaire: t('Cuestionario de hábitos alimentarios', 'Eating habits questionnaire'),
  },
};

// ---------------------------------------------------------------------------------------------
// The demo patient's appointments, relative to the clock

const MINUTE = 60_000;

function hhmm(minutes: number): WallTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` as WallTime;
}

function minutesOf(z: ZonedWallTime): number {
  const [h, m] = z.time.split(':').map(Number);
  return h * 60 + m;
}

function at(date: PlainDate, time: WallTime): number {
  const ms = wallTimeToInstant(date, time, TZ);
  if (ms !== null) return ms;
  // A wall time skipped by a DST change (none in Mexico City since 2022): an hour later.
  const [h, m] = time.split(':').map(Number);
  return at(date, hhmm(Math.min(h * 60 + m + 60, 23 * 60 + 59)));
}

/** The first date `n` or more days from `today` (negative: before) on one of `weekdays`. */
function dayOn(today: PlainDate, n: number, weekdays: readonly number[]): PlainDate {
  const step = n < 0 ? -1 : 1;
  let d = addDays(today, n);
  while (!weekdays.includes(isoWeekday(d))) d = addDays(d, step);
  return d;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const ROMA_DAYS_CHEN = [1, 3, 5];
const MORALES_DAYS = [2, 3, 4];

/**
 * The video visit today: at the next five-minute mark at least 10 minutes from now (clinic time),
 * so its room (open from 15 minutes before) is open as the demo starts and a demo patient can check
 * their devices and join straight away; late at night, when no such time is left today, the visit
 * is the one in progress now.
 */
function videoVisitStart(now: number): number {
  const today = instantToPlainDate(now, TZ);
  const soon = instantToZoned(now + 10 * MINUTE, TZ);
  const exact = soon.second === 0 && soon.millisecond === 0;
  const next = Math.ceil((minutesOf(soon) + (exact ? 0 : 1)) / 5) * 5;
  if (soon.date === today && next + 30 <= 24 * 60) return at(today, hhmm(next));
  return at(today, hhmm(Math.floor(minutesOf(instantToZoned(now, TZ)) / 30) * 30));
}

/** The demo patient's first reminder, in hours before a visit (her preferences: 72, 24 and 1). */
const FIRST_REMINDER_HOURS = 72;

/**
 * The demo patient's booked, not yet confirmed dermatology visit: two weekdays ahead at 11:00; when
 * that is further away than her first reminder (on Thursdays and Friday mornings), the next weekday
 * at 11:00; on a Friday morning, when that is Monday and still too far, the same day at 16:00 (the
 * dermatologist works until 18:00 on Fridays). So at any hour of any day its reminder — the one with
 * "Confirm attendance" — is due as the demo starts, and goes out with the seeded messages.
 */
function dermVisitDay(now: number, today: PlainDate): {day: PlainDate; time: WallTime} {
  for (const n of [2, 1]) {
    const day = dayOn(today, n, WEEKDAYS);
    if (at(day, '11:00') - now <= FIRST_REMINDER_HOURS * 60 * MINUTE) return {day, time: '11:00'};
  }
  return {day: today, time: '16:00'};
}

function demoAppointments(now: number): MemorySeedAppointment[] {
  const today = instantToPlainDate(now, TZ);
  const {day: dermSoon, time: dermTime} = dermVisitDay(now, today);
  const dermPast = dayOn(today, -14, WEEKDAYS);
  const chenLocation = (d: PlainDate) =>
    ROMA_DAYS_CHEN.includes(isoWeekday(d)) ? 'loc-roma' : 'loc-condesa';
  const cancelledDay = dayOn(today, -21, WEEKDAYS);
  const done = {questionnaire: 'done', consent: 'done'} as const;
  return [
    {
      key: DEMO_APPOINTMENT_KEYS.videoToday,
      patientKey: 'ana',
      serviceIds: ['svc-video'],
      providerId: RAMIREZ,
      start: videoVisitStart(now),
      status: 'confirmed',
      forms: {consent: 'done'},
    },
    {
      key: DEMO_APPOINTMENT_KEYS.upcomingBooked,
      patientKey: 'ana',
      serviceIds: ['svc-derm'],
      providerId: CHEN,
      start: at(dermSoon, dermTime),
      locationId: chenLocation(dermSoon),
      status: 'booked',
      forms: {questionnaire: 'to-do'},
    },
    {
      key: DEMO_APPOINTMENT_KEYS.upcomingConfirmed,
      patientKey: 'ana',
      serviceIds: ['svc-nutrition-follow'],
      providerId: MORALES,
      start: at(dayOn(today, 9, MORALES_DAYS), '09:00'),
      locationId: 'loc-condesa',
      status: 'confirmed',
    },
    {
      key: DEMO_APPOINTMENT_KEYS.pastFulfilled,
      patientKey: 'ana',
      serviceIds: ['svc-derm'],
      providerId: CHEN,
      start: at(dermPast, '12:00'),
      locationId: chenLocation(dermPast),
      status: 'fulfilled',
      forms: done,
    },
    {
      key: DEMO_APPOINTMENT_KEYS.pastCancelled,
      patientKey: 'ana',
      serviceIds: ['svc-general'],
      providerId: RAMIREZ,
      start: at(cancelledDay, '10:30'),
      locationId: 'loc-roma',
      status: 'cancelled',
      cancellation: {
        reasonId: 'schedule-conflict',
        at: at(addDays(cancelledDay, -3), '18:10'),
        by: 'patient',
      },
    },
    {
      key: 'ana-nutrition-first-past',
      patientKey: 'ana',
      serviceIds: ['svc-nutrition-first'],
      providerId: MORALES,
      start: at(dayOn(today, -30, MORALES_DAYS), '10:00'),
      locationId: 'loc-condesa',
      status: 'fulfilled',
      forms: done,
    },
    {
      key: DEMO_APPOINTMENT_KEYS.pastNoShow,
      patientKey: 'ana',
      serviceIds: ['svc-nutrition-follow'],
      providerId: MORALES,
      start: at(dayOn(today, -45, MORALES_DAYS), '08:30'),
      locationId: 'loc-condesa',
      status: 'no-show',
    },
    {
      key: 'ana-checkup-past',
      patientKey: 'ana',
      serviceIds: ['svc-checkup'],
      providerId: RAMIREZ,
      start: at(dayOn(today, -60, WEEKDAYS), '09:00'),
      locationId: 'loc-roma',
      status: 'fulfilled',
      forms: done,
    },
    {
      key: 'ana-peel-past',
      patientKey: 'ana',
      serviceIds: ['svc-peel'],
      providerId: CHEN,
      start: at(dayOn(today, -90, ROMA_DAYS_CHEN), '13:00'),
      locationId: 'loc-roma',
      status: 'fulfilled',
      forms: done,
      depositPaid: mxn(500),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Putting it together

const patients: MemorySeedPatient[] = [
  {
    key: 'ana',
    givenName: 'Ana',
    familyName: 'García López',
    email: DEMO_PATIENT_EMAIL,
    phone: '+525512345678',
    dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
    language: 'es',
    onboardingDone: true,
    password: DEMO_PATIENT_PASSWORD,
    reminderPreferences: {
      phones: [{number: '+525512345678', country: 'MX', sms: true, voice: false}],
      hours: [72, 24, 1],
    },
  },
  {
    key: 'luis',
    givenName: 'Luis',
    familyName: 'Hernández Soto',
    email: DEMO_INVITED_EMAIL,
    phone: '+13125550142',
    dateOfBirth: '1985-11-23',
    language: 'en',
    invite: true,
  },
  {
    // Ana's daughter (family members, #21): no account of her own; Ana acts for her by a full
    // grant, and the clinic reaches her through Ana's email.
    key: 'sofia',
    givenName: 'Sofía',
    familyName: 'García López',
    email: DEMO_PATIENT_EMAIL,
    dateOfBirth: DEMO_DEPENDENT_DATE_OF_BIRTH,
    language: 'es',
    dependentOf: {holderKey: 'ana', relationship: 'daughter', scope: 'full'},
  },
];

/** What the demo clinic seeds (a fresh object each time). */
export type DemoSeed = Required<Pick<MemoryClinicData, 'patients' | 'appointments' | 'visitForms'>>;

export function demoSeed(): DemoSeed {
  return {
    patients: structuredClone(patients),
    appointments: demoAppointments,
    visitForms: structuredClone(visitForms),
  };
}
