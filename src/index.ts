/**
 * Patient Portal Elements: classes, types and adapters. Importing this module registers nothing;
 * import `patient-portal-elements/define.js` (or one `define/<tag>.js`) to register tags.
 */
export * from './adapters/adapter.js';
export * from './domain/types.js';
export type * from './domain/schedule.js';
export {
  backendKind,
  registerBackendLoader,
  adapterForBackend,
  sessionFor,
  configureSessions,
  resetBackends,
} from './adapters/registry.js';
export {UnavailableAdapter, isUnavailable} from './adapters/unavailable.js';
export {
  SessionStore,
  type SessionSnapshot,
  type SessionStatus,
  type SignOutReason,
} from './controllers/session-store.js';
export {systemClock, ManualClock, type Clock} from './controllers/clock.js';
export {portalContext, type PortalContextValue} from './controllers/portal-context.js';
export {announce} from './controllers/announcer.js';
export * from './events.js';
export {setPageLocale, currentLocale, currentLanguage, localeReady} from './localization/localization.js';
export {errorMessage, fieldErrorMessage} from './localization/error-messages.js';
export {PortalElement} from './elements/base/portal-element.js';
export {PatientPortal} from './elements/patient-portal/patient-portal.js';
export {BookingWidget} from './elements/booking-widget/booking-widget.js';
export {AppointmentList} from './elements/appointment-list/appointment-list.js';
export {AppointmentDialog} from './elements/appointment-list/appointment-dialog.js';
export {ReminderPrefs, PortalRemindersSavedEvent} from './elements/reminder-prefs/reminder-prefs.js';
export {PatientProfile, PortalProfileSavedEvent} from './elements/patient-profile/patient-profile.js';
export {SlotPicker, PortalSlotSelectedEvent} from './elements/slot-picker/slot-picker.js';
export {PhoneInput} from './elements/inputs/phone-input.js';
export {DateInput} from './elements/inputs/date-input.js';
export {PaymentStep} from './elements/payment-step/payment-step.js';
export {AddToCalendar} from './elements/add-to-calendar/add-to-calendar.js';
export {TelehealthJoin} from './elements/telehealth-join/telehealth-join.js';
export {
  PatientLogin,
  PortalExternalSignInEvent,
  LOGIN_FRAGMENTS,
  PASSWORD_MIN,
  PASSWORD_MAX,
} from './elements/patient-login/patient-login.js';
export {
  DeviceCheck,
  PortalDeviceCheckEvent,
  PortalDeviceChoicesEvent,
  type CheckResult,
  type DeviceCheckResults,
  type DeviceChoices,
} from './elements/device-check/device-check.js';
export type {PaymentProvider} from './payments/payment-provider.js';
export {registerPaymentProvider} from './payments/payment-provider.js';
export {tokens, elementStyles} from './styles/tokens.js';
export {
  registerVideoProvider,
  safeJoinUrl,
  videoProvider,
  withMediaChoices,
  type MediaChoices,
  type VideoProvider,
} from './telehealth/join-links.js';
export {browserEnvironment, type MediaEnvironment} from './telehealth/media-check.js';
