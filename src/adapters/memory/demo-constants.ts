/**
 * The demo clinic's documented constants (credentials, codes, seeded keys) and the small helpers
 * its clinic and seed modules share: no data of their own, so every demo module may import them.
 */
import type {LocalizedText, Money} from '../../domain/types.js';
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

export const TZ = 'America/Mexico_City';
export const mxn = (pesos: number): Money => ({amountMinor: pesos * 100, currency: 'MXN'});
export const t = (es: string, en: string): LocalizedText => ({es, en});

/** The demo clinic's providers. */
export const RAMIREZ = 'prov-ramirez';
export const ORTEGA = 'prov-ortega';
export const CHEN = 'prov-chen';
export const MORALES = 'prov-morales';
