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
import type {CancellationReason, Catalog, Clinic, PlainDate, Service, WallTime} from '../../domain/types.js';
import {MemoryAdapter, type MemoryAdapterOptions, type MemoryClinicData} from './memory-adapter.js';
import {DEMO_CARD_DECLINED, DEMO_CARD_SUCCESS} from './constants.js';
import {
  CHEN,
  DEMO_INVITATION_TOKEN,
  DEMO_INVITED_EMAIL,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  DEMO_SMS_CODE,
  MORALES,
  ORTEGA,
  RAMIREZ,
  TZ,
  mxn,
  t,
} from './demo-constants.js';

export {
  DEMO_APPOINTMENT_KEYS,
  DEMO_DEPENDENT_DATE_OF_BIRTH,
  DEMO_INVITATION_TOKEN,
  DEMO_INVITED_EMAIL,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  DEMO_SMS_CODE,
} from './demo-constants.js';

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
  // Seed 002: a security question offered in the profile, asked when a password is reset.
  securityQuestion: 'optional',
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
// Putting it together

/**
 * The demo clinic without its seed: what a booking page needs first. Its patients, appointments
 * and visit forms come from `demo-seed.ts`, loaded when first read.
 */
export function demoClinic(): MemoryClinicData {
  return {
    clinic: structuredClone(clinic),
    catalog: structuredClone(catalog),
    schedules: structuredClone(schedules),
    closures: [...closures],
    stepMinutes: 15,
    bufferMinutes: 0,
    cancellationReasons: structuredClone(cancellationReasons),
    timeZoneLabel: t('hora de la Ciudad de México', 'Mexico City time'),
    videoRoomBase: 'https://meet.jit.si/',
    loadForms: () => import('./demo-forms.js').then((m) => m.demoForms()),
    loadDocuments: () => import('./demo-documents.js').then((m) => m.demoDocuments()),
    loadBilling: () => import('./demo-billing.js').then((m) => m.demoBilling()),
    loadConversations: () => import('./demo-conversations.js').then((m) => m.demoConversations()),
  };
}

export type DemoAdapterOptions = Partial<Omit<MemoryAdapterOptions, 'data'>>;

/** The demo clinic in memory: `demo: true`, seed `demo`, SMS code {@link DEMO_SMS_CODE}. */
export function createDemoAdapter(options: DemoAdapterOptions = {}): MemoryAdapter {
  return new MemoryAdapter({
    seed: DEMO_SEED,
    fixedCode: DEMO_SMS_CODE,
    ...options,
    data: {...demoClinic(), loadSeed: () => import('./demo-seed.js').then((m) => m.demoSeed())},
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
