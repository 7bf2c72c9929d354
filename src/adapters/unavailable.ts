/**
 * What an element gets when its backend cannot be used: a `backend` value that is not allowed
 * (`invalid`), a kind of backend this build does not include (`not-implemented`), or one that failed to load (`load-failed`). Every operation rejects
 * with {@link NotSupportedError}; elements show a clear "not available" state instead of crashing.
 */
import {
  DOCUMENT_OPERATIONS,
  FORM_OPERATIONS,
  NotSupportedError,
  type Capabilities,
  type PortalAdapter,
  type Session,
} from './adapter.js';

export type UnavailableReason = 'invalid' | 'not-implemented' | 'load-failed';

const fail = (): Promise<never> => Promise.reject(new NotSupportedError('backend'));

const none: Capabilities = {
  signIn: {kind: 'password'},
  selfRegistration: false,
  invitations: false,
  passwordReset: false,
  secondFactor: false,
  smsCodes: false,
  payments: false,
  holds: false,
  confirm: false,
  cancel: false,
  reschedule: false,
  telehealth: false,
  reminderChannels: [],
  testReminder: false,
  reminderLinks: false,
};

export class UnavailableAdapter implements PortalAdapter {
  readonly demo = false;
  readonly unavailable: UnavailableReason;
  readonly kind: string;
  constructor(kind: string, reason: UnavailableReason) {
    this.kind = kind;
    this.unavailable = reason;
  }
  getCapabilities(): Promise<Capabilities> {
    return Promise.resolve(none);
  }
  getSession(): Promise<Session | null> {
    return Promise.resolve(null);
  }
  readonly getServerTime = fail;
  readonly getClinic = fail;
  readonly signIn = fail;
  readonly verifySignInCode = fail;
  readonly extendSession = fail;
  readonly signOut = fail;
  readonly getInvitation = fail;
  readonly acceptInvitation = fail;
  readonly register = fail;
  readonly verifyEmail = fail;
  readonly requestPasswordReset = fail;
  readonly checkPasswordReset = fail;
  readonly resetPassword = fail;
  readonly completeOnboarding = fail;
  readonly sendPhoneCode = fail;
  readonly verifyPhoneCode = fail;
  readonly getCatalog = fail;
  readonly getCancellationReasons = fail;
  readonly getAvailability = fail;
  readonly holdSlot = fail;
  readonly releaseHold = fail;
  readonly createDepositIntent = fail;
  readonly book = fail;
  readonly listAppointments = fail;
  readonly getAppointment = fail;
  readonly confirmAppointment = fail;
  readonly getCancellationQuote = fail;
  readonly cancelAppointment = fail;
  readonly rescheduleAppointment = fail;
  readonly resolveReminderToken = fail;
  readonly applyReminderAction = fail;
  readonly getReminderPreferences = fail;
  readonly saveReminderPreferences = fail;
  readonly sendTestReminder = fail;
  readonly getVideoJoin = fail;
  readonly checkConnection = fail;
  declare readonly listForms: PortalAdapter['listForms'];
  declare readonly getQuestionnaireForm: PortalAdapter['getQuestionnaireForm'];
  declare readonly saveQuestionnaireDraft: PortalAdapter['saveQuestionnaireDraft'];
  declare readonly submitQuestionnaire: PortalAdapter['submitQuestionnaire'];
  declare readonly getConsentForm: PortalAdapter['getConsentForm'];
  declare readonly signConsent: PortalAdapter['signConsent'];
  declare readonly getConsentPdf: NonNullable<PortalAdapter['getConsentPdf']>;
  declare readonly withdrawConsent: NonNullable<PortalAdapter['withdrawConsent']>;
  declare readonly listDocuments: PortalAdapter['listDocuments'];
  declare readonly downloadDocument: PortalAdapter['downloadDocument'];
  declare readonly uploadDocument: PortalAdapter['uploadDocument'];
  declare readonly deleteDocument: PortalAdapter['deleteDocument'];
  declare readonly requestRefill: NonNullable<PortalAdapter['requestRefill']>;
  static {
    for (const op of [...FORM_OPERATIONS, ...DOCUMENT_OPERATIONS])
      (this.prototype as unknown as Record<string, unknown>)[op] = fail;
  }
}

export function isUnavailable(adapter: PortalAdapter): adapter is UnavailableAdapter {
  return adapter instanceof UnavailableAdapter;
}
