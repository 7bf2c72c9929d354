/**
 * The built-in demo clinic: "Clínica Demo Roma Norte" in Mexico City, bilingual (Spanish first),
 * served by {@link MemoryAdapter} when an element says `backend="demo"`.
 *
 * Documented demo data:
 * - Demo patient: {@link DEMO_PATIENT_EMAIL} / {@link DEMO_PATIENT_PASSWORD} (Ana García López,
 *   born 1990-05-01, Spanish). Her appointments are generated from the clock when the adapter is
 *   built: past ones (fulfilled, cancelled, no-show) and upcoming ones, including a video visit
 *   today and a booked dermatology visit within 72 hours, whose reminder (with "Confirm
 *   attendance" and "Cancel") is among the seeded messages whatever the day and hour.
 * - SMS codes are always {@link DEMO_SMS_CODE}.
 * - A pending invitation for Luis Hernández ({@link DEMO_INVITED_EMAIL}):
 *   `#portal-invitation=` + {@link DEMO_INVITATION_TOKEN} (also in the outbox from the start: see
 *   `MemoryAdapter.ready`).
 * - Deposit test cards: `4242 4242 4242 4242` pays, `4000 0000 0000 0002` is declined.
 *
 * Every token derives from the seed `demo`, so links keep working after a page reload.
 */
import type {ProviderSchedule, WorkingInterval} from '../../domain/schedule.js';
import {
  addDays,
  instantToPlainDate,
  instantToZoned,
  isoWeekday,
  wallTimeToInstant,
  type ZonedWallTime,
} from '../../domain/time.js';
import type {
  CancellationReason,
  Catalog,
  Clinic,
  LocalizedText,
  Money,
  PlainDate,
  Service,
  WallTime,
} from '../../domain/types.js';
import {
  MemoryAdapter,
  type MemoryAdapterOptions,
  type MemoryClinicData,
  type MemorySeedAppointment,
  type MemoryVisitForms,
} from './memory-adapter.js';
import {DEMO_CARD_DECLINED, DEMO_CARD_SUCCESS} from './constants.js';
import {deriveToken} from './crypto.js';

export const DEMO_SEED = 'demo';
export const DEMO_PATIENT_EMAIL = 'ana@demo.clinic';
export const DEMO_PATIENT_PASSWORD = 'demo-portal-2026';
export const DEMO_PATIENT_DATE_OF_BIRTH = '1990-05-01';
/** The demo patient's daughter Sofía's date of birth (a child: Ana acts for her, #21). */
export const DEMO_DEPENDENT_DATE_OF_BIRTH = '2017-09-12';
/** The demo clinic's SMS (and sign-in) code: always this. */
export const DEMO_SMS_CODE = '123456';
export const DEMO_INVITED_EMAIL = 'luis@demo.clinic';
/** Luis Hernández's invitation: `…#portal-invitation=DEMO_INVITATION_TOKEN`. */
export const DEMO_INVITATION_TOKEN = deriveToken(DEMO_SEED, 'invitation', 'luis');
/** Keys of the demo patient's seeded appointments (see `MemoryAdapter.seededReminderToken`). */
export const DEMO_APPOINTMENT_KEYS = {
  videoToday: 'ana-video-today',
  upcomingBooked: 'ana-derm-soon',
  upcomingConfirmed: 'ana-nutrition-next',
  pastFulfilled: 'ana-derm-past',
  pastCancelled: 'ana-general-cancelled',
  pastNoShow: 'ana-nutrition-no-show',
} as const;

const TZ = 'America/Mexico_City';
const mxn = (pesos: number): Money => ({amountMinor: pesos * 100, currency: 'MXN'});
const t = (es: string, en: string): LocalizedText => ({es, en});

// ---------------------------------------------------------------------------------------------
// The clinic

const clinic: Clinic = {
  id: 'clinica-demo-roma-norte',
  name: 'Clínica Demo Roma Norte',
  timeZone: TZ,
  country: 'MX',
  currency: 'MXN',
  phone: '+525555550134',
  email: 'hola@demo.clinic.example',
  website: 'https://demo.clinic.example/',
  languages: ['es', 'en'],
  locations: [
    {
      id: 'loc-roma',
      name: t('Roma Norte', 'Roma Norte'),
      address: 'Calle Córdoba 123, Roma Norte, Cuauhtémoc, 06700 Ciudad de México, CDMX',
      phone: '+525555550134',
    },
    {
      id: 'loc-condesa',
      name: t('Condesa', 'Condesa'),
      address: 'Av. Tamaulipas 45, Condesa, Cuauhtémoc, 06140 Ciudad de México, CDMX',
      phone: '+525555550135',
    },
  ],
  cancellation: {
    windowHours: 24,
    lateFee: mxn(300),
    noShowFee: mxn(300),
    acceptanceRequired: true,
    text: t(
      'Puede cancelar o cambiar su cita sin costo hasta 24 horas antes. Si cancela con menos de 24 horas de anticipación, se cobra una tarifa de MXN 300.',
      'You can cancel or reschedule free of charge up to 24 hours before your appointment. Cancelling less than 24 hours before costs a MXN 300 fee.',
    ),
  },
  deposit: {
    refundableOutsideWindow: true,
    text: t(
      'Algunos tratamientos requieren un anticipo al reservar. Se descuenta del total de su cita y se reembolsa si cancela con más de 24 horas de anticipación.',
      'Some treatments need a deposit when you book. It is deducted from your bill and refunded if you cancel more than 24 hours before.',
    ),
  },
  reminders: {
    offeredHours: [72, 24, 1],
    patientChoosesTimes: true,
    channels: ['sms', 'voice'],
    maxPhones: 10,
    voiceCallerNote: t(
      'Las llamadas de voz pueden venir de un número de Canadá.',
      'Voice calls may come from a number in Canada.',
    ),
  },
  telehealth: {provider: 'jitsi', allowedHosts: ['meet.jit.si'], opensMinutesBefore: 15},
  privacy: {
    law: 'LFPDPPP',
    noticeUrl: 'https://demo.clinic.example/aviso-de-privacidad',
    consentText: t(
      'He leído el Aviso de Privacidad y consiento el tratamiento de mis datos personales y de salud para mi atención médica, conforme a la LFPDPPP.',
      'I have read the Privacy Notice and consent to the processing of my personal and health data for my care, under Mexico’s LFPDPPP.',
    ),
    explicitConsent: true,
  },
  booking: {
    minNoticeMinutes: 120,
    horizonDays: 90,
    allowAnyProvider: true,
    phoneVerification: true,
    holdMinutes: 10,
  },
};

// ---------------------------------------------------------------------------------------------
// Catalog

const RAMIREZ = 'prov-ramirez';
const ORTEGA = 'prov-ortega';
const CHEN = 'prov-chen';
const MORALES = 'prov-morales';

const services: Service[] = [
  {
    id: 'svc-general',
    categoryId: 'cat-general',
    name: t('Consulta de medicina general', 'General medicine visit'),
    description: t(
      'Valoración de síntomas, padecimientos comunes y seguimiento de enfermedades crónicas.',
      'Symptoms, common conditions and follow-up of chronic illnesses.',
    ),
    mode: 'in-person',
    durationMinutes: 30,
    price: mxn(600),
    providerTerms: {
      [RAMIREZ]: {durationMinutes: 30, price: mxn(600)},
      [ORTEGA]: {durationMinutes: 40, price: mxn(750)},
    },
    providerIds: [RAMIREZ, ORTEGA],
    preVisitInstructions: t(
      'Traiga una identificación oficial y la lista de los medicamentos que toma.',
      'Bring an official ID and the list of medicines you take.',
    ),
    locationIds: ['loc-roma', 'loc-condesa'],
  },
  {
    id: 'svc-checkup',
    categoryId: 'cat-general',
    name: t('Chequeo preventivo anual', 'Annual check-up'),
    description: t(
      'Exploración completa, toma de muestras y plan preventivo.',
      'Full examination, blood tests and a prevention plan.',
    ),
    mode: 'in-person',
    durationMinutes: 60,
    price: mxn(1400),
    providerTerms: {
      [RAMIREZ]: {durationMinutes: 60, price: mxn(1400)},
      [ORTEGA]: {durationMinutes: 60, price: mxn(1600)},
    },
    providerIds: [RAMIREZ, ORTEGA],
    preVisitInstructions: t(
      'Venga en ayunas de 8 horas (puede tomar agua) y traiga sus estudios anteriores.',
      'Fast for 8 hours before (water is fine) and bring your previous test results.',
    ),
    postVisitInstructions: t(
      'Sus resultados estarán listos en 3 días hábiles; le avisaremos por correo.',
      'Your results will be ready in 3 business days; we will let you know by email.',
    ),
    locationIds: ['loc-roma', 'loc-condesa'],
  },
  {
    id: 'svc-video',
    categoryId: 'cat-general',
    name: t('Consulta por video', 'Video visit'),
    description: t(
      'Consulta médica desde su casa, por videollamada segura.',
      'A medical visit from home over a secure video call.',
    ),
    mode: 'video',
    durationMinutes: 30,
    price: mxn(500),
    providerTerms: {
      [RAMIREZ]: {durationMinutes: 30, price: mxn(500)},
      [ORTEGA]: {durationMinutes: 20, price: mxn(450)},
    },
    providerIds: [RAMIREZ, ORTEGA],
    preVisitInstructions: t(
      'Conéctese desde un lugar tranquilo y con buena señal. La sala se abre 15 minutos antes; revise su cámara y micrófono antes de entrar.',
      'Join from a quiet place with a good connection. The room opens 15 minutes before; check your camera and microphone first.',
    ),
    locationIds: [],
  },
  {
    id: 'svc-vaccine',
    categoryId: 'cat-general',
    name: t('Aplicación de vacuna', 'Vaccination'),
    mode: 'in-person',
    durationMinutes: 15,
    price: mxn(350),
    providerIds: [RAMIREZ, ORTEGA],
    postVisitInstructions: t(
      'Es normal sentir molestia en el brazo uno o dos días. Si tiene fiebre alta o dificultad para respirar, llámenos.',
      'A sore arm for a day or two is normal. If you have a high fever or trouble breathing, call us.',
    ),
    locationIds: ['loc-roma', 'loc-condesa'],
  },
  {
    id: 'svc-derm',
    categoryId: 'cat-derm',
    name: t('Consulta dermatológica', 'Dermatology visit'),
    description: t('Piel, cabello y uñas; revisión de lunares.', 'Skin, hair and nails; mole check.'),
    mode: 'in-person',
    durationMinutes: 45,
    price: mxn(1100),
    providerIds: [CHEN],
    preVisitInstructions: t(
      'Venga sin maquillaje ni esmalte de uñas si la consulta es por la piel o las uñas.',
      'Come without make-up or nail polish if the visit is about your skin or nails.',
    ),
    locationIds: ['loc-roma', 'loc-condesa'],
  },
  {
    id: 'svc-peel',
    categoryId: 'cat-derm',
    name: t('Peeling químico', 'Chemical peel'),
    mode: 'in-person',
    durationMinutes: 60,
    price: mxn(2500),
    providerIds: [CHEN],
    deposit: mxn(500),
    preVisitInstructions: t(
      'Suspenda los retinoides y exfoliantes 5 días antes. No se exponga al sol 48 horas antes.',
      'Stop retinoids and exfoliants 5 days before. Avoid the sun for 48 hours before.',
    ),
    postVisitInstructions: t(
      'Use protector solar FPS 50 cada 3 horas y no se maquille durante 48 horas.',
      'Use SPF 50 sunscreen every 3 hours and no make-up for 48 hours.',
    ),
    locationIds: ['loc-roma'],
  },
  {
    id: 'svc-nutrition-first',
    categoryId: 'cat-nutrition',
    name: t('Primera consulta de nutrición', 'First nutrition visit'),
    description: t(
      'Evaluación, medidas corporales y plan de alimentación personalizado.',
      'Assessment, body measurements and a personal meal plan.',
    ),
    mode: 'in-person',
    durationMinutes: 60,
    price: mxn(900),
    providerIds: [MORALES],
    preVisitInstructions: t(
      'Traiga un registro de lo que comió durante 3 días y venga con ropa cómoda.',
      'Bring a 3-day food diary and wear comfortable clothes.',
    ),
    locationIds: ['loc-condesa'],
  },
  {
    id: 'svc-nutrition-follow',
    categoryId: 'cat-nutrition',
    name: t('Consulta de seguimiento de nutrición', 'Nutrition follow-up'),
    mode: 'in-person',
    durationMinutes: 30,
    price: mxn(600),
    providerIds: [MORALES],
    locationIds: ['loc-condesa'],
  },
];

const catalog: Catalog = {
  categories: [
    {
      id: 'cat-general',
      name: t('Medicina general', 'General medicine'),
      description: t(
        'Consultas, chequeos, vacunas y consultas por video.',
        'Visits, check-ups, vaccines and video visits.',
      ),
    },
    {
      id: 'cat-derm',
      name: t('Dermatología', 'Dermatology'),
      description: t('Piel, cabello y uñas.', 'Skin, hair and nails.'),
    },
    {
      id: 'cat-nutrition',
      name: t('Nutrición', 'Nutrition'),
      description: t('Planes de alimentación y seguimiento.', 'Meal plans and follow-up.'),
    },
  ],
  services,
  providers: [
    {
      id: RAMIREZ,
      name: 'Dra. Sofía Ramírez Luna',
      title: t('Médica general', 'General practitioner'),
      languages: ['es', 'en'],
      bio: t(
        'Médica cirujana por la UNAM, con 12 años de experiencia en atención primaria.',
        'MD from UNAM with 12 years of experience in primary care.',
      ),
      locationIds: ['loc-roma'],
    },
    {
      id: ORTEGA,
      name: 'Dr. Javier Ortega Ruiz',
      title: t('Médico familiar', 'Family physician'),
      languages: ['es'],
      locationIds: ['loc-condesa', 'loc-roma'],
    },
    {
      id: CHEN,
      name: 'Dra. Mariana Chen Ortiz',
      title: t('Dermatóloga', 'Dermatologist'),
      languages: ['es', 'en', 'zh'],
      locationIds: ['loc-roma', 'loc-condesa'],
    },
    {
      id: MORALES,
      name: 'Lic. Valeria Morales Pérez',
      title: t('Nutrióloga', 'Nutritionist'),
      languages: ['es', 'en'],
      locationIds: ['loc-condesa'],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Schedules, closures, forms, reasons

const iv = (start: WallTime, end: WallTime, locationId: string): WorkingInterval => ({
  start,
  end,
  locationId,
});

const schedules: ProviderSchedule[] = [
  {
    providerId: RAMIREZ,
    weekly: {
      1: [iv('09:00', '14:00', 'loc-roma'), iv('16:00', '19:00', 'loc-roma')],
      2: [iv('09:00', '14:00', 'loc-roma')],
      3: [iv('09:00', '14:00', 'loc-roma'), iv('16:00', '19:00', 'loc-roma')],
      4: [iv('09:00', '14:00', 'loc-roma')],
      5: [iv('09:00', '14:00', 'loc-roma')],
    },
  },
  {
    providerId: ORTEGA,
    weekly: {
      1: [iv('11:00', '19:00', 'loc-condesa')],
      2: [iv('11:00', '19:00', 'loc-condesa')],
      3: [iv('11:00', '19:00', 'loc-condesa')],
      4: [iv('11:00', '19:00', 'loc-condesa')],
      5: [iv('11:00', '17:00', 'loc-condesa')],
      6: [iv('09:00', '13:00', 'loc-roma')],
    },
  },
  {
    providerId: CHEN,
    weekly: {
      1: [iv('10:00', '18:00', 'loc-roma')],
      2: [iv('10:00', '15:00', 'loc-condesa')],
      3: [iv('10:00', '18:00', 'loc-roma')],
      4: [iv('10:00', '15:00', 'loc-condesa')],
      5: [iv('10:00', '18:00', 'loc-roma')],
    },
  },
  {
    providerId: MORALES,
    weekly: {
      2: [iv('08:00', '14:00', 'loc-condesa')],
      3: [iv('08:00', '14:00', 'loc-condesa')],
      4: [iv('08:00', '14:00', 'loc-condesa')],
    },
  },
];

/** Mexican federal holidays the clinic closes on. */
const closures: PlainDate[] = [
  '2026-01-01',
  '2026-02-02',
  '2026-03-16',
  '2026-05-01',
  '2026-09-16',
  '2026-11-16',
  '2026-12-25',
  '2027-01-01',
  '2027-02-01',
  '2027-03-15',
];

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

const cancellationReasons: CancellationReason[] = [
  {id: 'feeling-better', label: t('Ya me siento mejor', 'I’m feeling better'), needsText: false},
  {
    id: 'schedule-conflict',
    label: t('Tengo otro compromiso', 'I have a schedule conflict'),
    needsText: false,
  },
  {id: 'transport', label: t('Problemas de transporte', 'Transportation problems'), needsText: false},
  {id: 'cost', label: t('Por el costo', 'Because of the cost'), needsText: false},
  {id: 'other', label: t('Otro motivo', 'Another reason'), needsText: true},
];

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

/** The demo clinic's data (a fresh object each time). */
export function createDemoClinicData(): MemoryClinicData {
  return {
    clinic: structuredClone(clinic),
    catalog: structuredClone(catalog),
    schedules: structuredClone(schedules),
    closures: [...closures],
    stepMinutes: 15,
    bufferMinutes: 0,
    cancellationReasons: structuredClone(cancellationReasons),
    visitForms: structuredClone(visitForms),
    timeZoneLabel: t('hora de la Ciudad de México', 'Mexico City time'),
    videoRoomBase: 'https://meet.jit.si/',
    loadForms: () => import('./demo-forms.js').then((m) => m.demoForms()),
    loadDocuments: () => import('./demo-documents.js').then((m) => m.demoDocuments()),
    loadBilling: () => import('./demo-billing.js').then((m) => m.demoBilling()),
    loadConversations: () => import('./demo-conversations.js').then((m) => m.demoConversations()),
    patients: [
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
    ],
    appointments: demoAppointments,
  };
}

export type DemoAdapterOptions = Partial<Omit<MemoryAdapterOptions, 'data'>>;

/** The demo clinic in memory: `demo: true`, seed `demo`, SMS code {@link DEMO_SMS_CODE}. */
export function createDemoAdapter(options: DemoAdapterOptions = {}): MemoryAdapter {
  return new MemoryAdapter({
    seed: DEMO_SEED,
    fixedCode: DEMO_SMS_CODE,
    ...options,
    data: createDemoClinicData(),
    demo: true,
    demoInfo: {
      patientEmail: DEMO_PATIENT_EMAIL,
      patientPassword: DEMO_PATIENT_PASSWORD,
      patientDateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
      smsCode: DEMO_SMS_CODE,
      invitedEmail: DEMO_INVITED_EMAIL,
      invitationToken: DEMO_INVITATION_TOKEN,
      cardSuccess: DEMO_CARD_SUCCESS,
      cardDeclined: DEMO_CARD_DECLINED,
    },
  });
}
