/**
 * The in-memory backend and the built-in demo clinic (`backend="demo"`), loaded as a lazy chunk.
 */
export {
  DEFAULT_LINK_BASE,
  DEMO_CARD_DECLINED,
  DEMO_CARD_SUCCESS,
  FRAGMENT_INVITATION,
  FRAGMENT_KEYS,
  FRAGMENT_REMINDER,
  FRAGMENT_RESET,
  FRAGMENT_VERIFY,
} from './constants.js';
export {deriveToken} from './crypto.js';
export {Outbox} from './outbox.js';
export type {OutboxChannel, OutboxFilter, OutboxKind, OutboxListener} from './outbox.js';
export {FailureInjector, MemoryAdapter} from './memory-adapter.js';
export type {
  FailureRule,
  MemoryAdapterOptions,
  MemoryClinicData,
  MemoryDemoInfo,
  MemoryOperation,
  MemorySeedAppointment,
  MemorySeedPatient,
  MemoryVisitForms,
} from './memory-adapter.js';
export type {OutboxMessage} from '../../domain/types.js';
export {
  DEMO_APPOINTMENT_KEYS,
  DEMO_INVITATION_TOKEN,
  DEMO_INVITED_EMAIL,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  DEMO_SMS_CODE,
  createDemoAdapter,
} from './demo-clinic.js';
export {createDemoClinicData} from './demo-data.js';
export type {DemoAdapterOptions} from './demo-clinic.js';
