/**
 * The backend contract: what every element asks of a clinic's backend.
 *
 * One interface, {@link PortalAdapter}, implemented by the in-memory demo clinic
 * (`adapters/memory`) and the REST adapter (`adapters/rest`); a FHIR adapter is planned (until it
 * exists, `backend="fhir:…"` resolves to the "not available" adapter in `adapters/unavailable.ts`).
 * Elements speak only the domain types (`domain/types.ts`) and the typed errors (`domain/errors.ts`,
 * re-exported here); the clinic's rules are `domain/rules/`, which every backend applies, and the
 * shared contract suite (`test/contract/`) runs against every adapter so they cannot drift.
 *
 * Rules every implementation keeps:
 * - Every operation takes {@link RequestOptions}; an aborted signal rejects with the signal's
 *   reason (a `DOMException` named `AbortError` by default) and leaves no half-done write.
 * - Failures are {@link PortalError}s: never a raw `Response`, never a wire-format error.
 * - A backend that lacks something says so in {@link Capabilities}; calling it anyway rejects with
 *   {@link NotSupportedError}, so an element can always tell "cannot" from "failed".
 * - Writes that create something take an idempotency key: the same key twice yields one result.
 * - Sign-in, registration and reset never reveal whether an email is known.
 */
import type {
  ConsentForm,
  ConsentSignRequest,
  ConsentSignature,
  FormRef,
  FormTask,
  QuestionnaireForm,
  QuestionnaireResponse,
} from '../domain/forms.js';
import type {Invoice, PaymentEntry} from '../domain/rules/billing.js';
import type {
  ChatMessage,
  Conversation,
  ConversationList,
  MessageReply,
  NewConversation,
} from '../domain/rules/messages.js';
import type {SavedCard} from '../domain/rules/cards.js';
import type {BillingDetailsView} from '../domain/rules/billing-details.js';
import type {MedicalEntry, MedicalFields, MedicalInfo, MedicalList} from '../domain/rules/medical.js';
import type {InsuranceCard, InsuranceCardFields, InsuranceCardSide} from '../domain/rules/insurance.js';
import type {CheckedPhoto, ProfilePhoto} from '../domain/rules/profile-image.js';
import type {SecurityAnswerRemoval, SecurityAnswerRequest} from '../domain/rules/security-answer.js';
import type {FirstAccessAsks, FirstAccessDetails} from '../domain/rules/first-access.js';
import type {WaitlistEntry, WaitlistOffer, WaitlistRequest} from '../domain/rules/waitlist.js';
import type {PortalPerson} from '../domain/rules/proxy.js';
import type {PostalAddress} from '../domain/rules/address.js';
import type {IdentityField} from '../domain/rules/profile.js';
import type {
  ProxyAccess,
  ProxyInvitation,
  ProxyInvitationAnswer,
  ProxyInvitationRequest,
} from '../domain/rules/proxy-invitation.js';
export type {PartOfDay, WaitlistEntry, WaitlistOffer, WaitlistRequest} from '../domain/rules/waitlist.js';
import type {
  DocumentContent,
  DocumentList,
  DocumentQuery,
  DocumentUpload,
  PatientDocument,
  RefillRequest,
} from '../domain/documents.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationQuote,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Instant,
  Language,
  Money,
  Page,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  PlainDate,
  ReminderChannel,
  ReminderPreferences,
  ReminderTokenInfo,
  Session,
  Slot,
  VideoJoin,
} from '../domain/types.js';

export type * from '../domain/types.js';
export type * from '../domain/forms.js';
export type * from '../domain/documents.js';
export type {
  Invoice,
  InvoiceLine,
  InvoiceStatus,
  InvoiceTax,
  PaymentEntry,
  PaymentKind,
} from '../domain/rules/billing.js';
export type {
  ChatMessage,
  Conversation,
  ConversationList,
  ConversationSummary,
  MessageRole,
  MessageTopic,
  MessagingSettings,
  NewConversation,
  MessageAttachment,
  MessageReply,
  AttachmentUpload,
} from '../domain/rules/messages.js';
export type {CardBrand, SavedCard} from '../domain/rules/cards.js';
export type {BillingDetails, BillingDetailsView, TaxRegime} from '../domain/rules/billing-details.js';

/** What the patient sends as her billing details: the fields as typed (checked by the backend). */
export interface BillingDetailsInput {
  readonly legalName: string;
  readonly taxId?: string;
  readonly postalCode?: string;
  readonly taxRegime?: string;
}
export type {
  Allergy,
  AllergyFields,
  AllergySeverity,
  Condition,
  ConditionFields,
  EmergencyContact,
  EmergencyContactFields,
  MedicalEntry,
  MedicalEntryMeta,
  MedicalFields,
  MedicalInfo,
  MedicalList,
  Medication,
  MedicationFields,
} from '../domain/rules/medical.js';
export type {InsuranceCard, InsuranceCardFields, InsuranceCardSide} from '../domain/rules/insurance.js';
export type {CheckedPhoto, PhotoContentType, ProfilePhoto} from '../domain/rules/profile-image.js';
export type {SecurityAnswerRemoval, SecurityAnswerRequest} from '../domain/rules/security-answer.js';
export type {FirstAccessAsks, FirstAccessDetails} from '../domain/rules/first-access.js';
export type {PortalPerson, ProxyScope, Relationship} from '../domain/rules/proxy.js';
export type {
  PendingProxyInvitation,
  ProxyAccess,
  ProxyAccessGrant,
  ProxyInvitation,
  ProxyInvitationAnswer,
  ProxyInvitationRequest,
} from '../domain/rules/proxy-invitation.js';

// ---------------------------------------------------------------------------------------------
// Typed errors (defined in the domain, part of the contract)

export * from '../domain/errors.js';

// ---------------------------------------------------------------------------------------------
// Capabilities

/** What this backend can do. Elements hide what is not there rather than show a dead button. */
export interface Capabilities {
  /** How patients sign in: our form (`password`), or elsewhere (SMART on FHIR) with a name to show. */
  readonly signIn: {readonly kind: 'password'} | {readonly kind: 'external'; readonly name: string};
  readonly selfRegistration: boolean;
  readonly invitations: boolean;
  readonly passwordReset: boolean;
  /** A second factor after the password, by code. */
  readonly secondFactor: false | 'sms' | 'email';
  /** SMS codes to verify a phone while booking. */
  readonly smsCodes: boolean;
  /** Deposits: which payment step collects them (false: none). */
  readonly payments: false | 'demo' | 'stripe';
  /** Holds a slot while the patient finishes. */
  readonly holds: boolean;
  readonly confirm: boolean;
  readonly cancel: boolean;
  readonly reschedule: boolean;
  readonly telehealth: boolean;
  /**
   * The backend emails the patient itself (booking confirmations, reminders): absent or true. False
   * for a backend that leaves messages to another system (a FHIR server's EHR): elements then promise
   * no email.
   */
  readonly emails?: boolean;
  /** Reminder channels besides email, and the "send me a test reminder" action. */
  readonly reminderChannels: readonly ReminderChannel[];
  readonly testReminder: boolean;
  /** Reminder links: confirm/cancel with the emailed token alone. */
  readonly reminderLinks: boolean;
  /**
   * The patient's own profile: {@link PortalAdapter.getProfile} and the operations beside it (edit
   * details, change email by link, change phone by SMS code, change password, sessions). Absent or
   * false: none of them.
   */
  readonly profile?: boolean;
  /**
   * Questionnaires, drafts and consents (`<patient-forms>`): list, answer, save a draft, submit,
   * sign. Absent or false: the forms operations reject with `NotSupportedError`.
   */
  readonly forms?: boolean;
  /**
   * The patient's documents (`<patient-documents>`): list, open/download, upload. Absent or false:
   * the documents operations reject with `NotSupportedError`.
   */
  readonly documents?: boolean;
  /**
   * "Request a refill" of a prescription (#19): {@link PortalAdapter.requestRefill} sends the clinic
   * a message in the patient's conversations (`<patient-messages>`), so it needs `messages` too.
   * Absent or false: no refill requests (the element shows none), `requestRefill` rejects with
   * `NotSupportedError`.
   */
  readonly refills?: boolean;
  /**
   * Invoices, their PDF and the payment history (`<patient-billing>`). Absent or false: the
   * optional billing operations are absent or reject with `NotSupportedError`.
   */
  readonly billing?: boolean;
  /**
   * Conversations with the clinic (`<patient-messages>`): list with unread counts, read a thread,
   * start one, reply, mark read. Absent or false: the optional message operations are absent or
   * reject with `NotSupportedError`.
   */
  readonly messages?: boolean;
  /**
   * Cards on file (#20): save a card through the payment step without a charge, list, make one the
   * default, remove. Absent or false: the card operations are absent or reject with `NotSupportedError`.
   */
  readonly cards?: boolean;
  /**
   * Medical information the patient keeps up to date (#17): allergies, current medications,
   * conditions, emergency contacts — add, correct, remove; what she writes is "reported by you"
   * until the clinic reviews it. Absent or false: the medical operations are absent or reject with
   * `NotSupportedError`.
   */
  readonly medical?: boolean;
  /**
   * The patient's insurance cards (#17): insurer, plan, member number; several, exactly one
   * primary — add, correct, make primary, remove. Absent or false: the insurance operations are
   * absent or reject with `NotSupportedError`.
   */
  readonly insurance?: boolean;
  /**
   * The patient's profile photo (#17 item 3): the backend keeps her photo's bytes (JPEG, PNG or
   * WebP by its first bytes, `rules/profile-image.ts`) and gives them only to her. Absent or
   * false: the photo operations are absent or reject with `NotSupportedError`.
   */
  readonly photo?: boolean;
  /**
   * The waitlist (#21): "tell me if an earlier time opens" — join with a range of dates and parts
   * of the day, list, leave; a freed matching time is offered by an emailed link that holds it, the
   * first to confirm books it (`rules/waitlist.ts`). Absent or false: the waitlist operations are
   * absent or reject with `NotSupportedError`, and elements offer no waitlist.
   */
  readonly waitlist?: boolean;
  /**
   * Family members (#21): the signed-in holder lists the people she may act for
   * ({@link PortalAdapter.listPeople}) and acts for one ({@link PortalAdapter.actingFor}); each
   * grant's scope decides what she may do (`rules/proxy.ts`). Absent or false: no person switcher.
   */
  readonly proxy?: boolean;
  /**
   * The adult's own invitation (family members, #21, `rules/proxy-invitation.ts`): an adult patient
   * invites someone by email to act for her ({@link PortalAdapter.inviteProxy}), sees who may see
   * her information and revokes any of them ({@link PortalAdapter.listProxyAccess},
   * {@link PortalAdapter.revokeProxyAccess}); the invited account accepts or declines the link
   * ({@link PortalAdapter.getProxyInvitation}, {@link PortalAdapter.answerProxyInvitation}).
   * Absent or false: those operations are absent or reject with `NotSupportedError`.
   */
  readonly proxyInvitations?: boolean;
}

/**
 * The forms operations of {@link PortalAdapter}, in order. The memory and "unavailable" adapters
 * install them from this list (one function each), which keeps the chunks every page loads small.
 */
export const FORM_OPERATIONS = [
  'listForms',
  'getQuestionnaireForm',
  'saveQuestionnaireDraft',
  'submitQuestionnaire',
  'getConsentForm',
  'signConsent',
  'getConsentPdf',
  'withdrawConsent',
] as const;
export type FormOperation = (typeof FORM_OPERATIONS)[number];

/** The documents operations of {@link PortalAdapter} (installed from this list, like the forms ones). */
export const DOCUMENT_OPERATIONS = [
  'listDocuments',
  'downloadDocument',
  'uploadDocument',
  'deleteDocument',
  'requestRefill',
] as const;
export type DocumentOperation = (typeof DOCUMENT_OPERATIONS)[number];

/**
 * The billing operations of {@link PortalAdapter} (optional: present on a backend that has
 * `capabilities.billing`), then the cards-on-file ones (`capabilities.cards`). The memory and REST
 * adapters install them from this list.
 */
export const BILLING_OPERATIONS = [
  'listInvoices',
  'getInvoice',
  'getInvoicePdf',
  'listPayments',
  'createInvoicePaymentIntent',
  'getBillingDetails',
  'saveBillingDetails',
  'removeBillingDetails',
  'getReceiptPdf',
  'listCards',
  'startCardSetup',
  'confirmDemoCardSetup',
  'setDefaultCard',
  'removeCard',
] as const;
export type BillingOperation = (typeof BILLING_OPERATIONS)[number];

/**
 * The message operations of {@link PortalAdapter} (optional: present on a backend that has
 * `capabilities.messages`). The memory and REST adapters install them from this list (the memory
 * adapter says how many arguments each takes).
 */
export const MESSAGE_OPERATIONS = [
  'listConversations',
  'getConversation',
  'startConversation',
  'replyToConversation',
  'markConversationRead',
  'downloadAttachment',
] as const;
export type MessageOperation = (typeof MESSAGE_OPERATIONS)[number];

/**
 * The medical-information operations of {@link PortalAdapter} (optional: present on a backend
 * that has `capabilities.medical`), and the insurance-card ones (`capabilities.insurance`). The
 * memory and REST adapters install them from this list, from one chunk each (a list of names, as
 * the forms' and billing's: the memory adapter says how many arguments each takes, so pages with
 * the REST adapter do not carry the counts).
 */
export const MEDICAL_OPERATIONS = [
  'getMedicalInfo',
  'addMedicalEntry',
  'updateMedicalEntry',
  'removeMedicalEntry',
  'listInsuranceCards',
  'addInsuranceCard',
  'updateInsuranceCard',
  'setPrimaryInsuranceCard',
  'removeInsuranceCard',
  // The profile photo (`capabilities.photo`), in the same chunk.
  'getProfilePhoto',
  'uploadProfilePhoto',
  'removeProfilePhoto',
  // An insurance card's front and back photos (`capabilities.insurance`), in the same chunk.
  'getInsuranceCardPhoto',
  'uploadInsuranceCardPhoto',
  'removeInsuranceCardPhoto',
  // The security question (`Clinic.securityQuestion`, with `capabilities.profile`), in the same chunk.
  'setSecurityAnswer',
  'removeSecurityAnswer',
] as const;
export type MedicalOperation = (typeof MEDICAL_OPERATIONS)[number];

/**
 * The waitlist operations of {@link PortalAdapter} (optional: present on a backend that has
 * `capabilities.waitlist`). The memory and REST adapters install them from this list.
 */
export const WAITLIST_OPERATIONS = [
  'listWaitlist',
  'joinWaitlist',
  'leaveWaitlist',
  'resolveWaitlistOffer',
  'acceptWaitlistOffer',
] as const;
export type WaitlistOperation = (typeof WAITLIST_OPERATIONS)[number];

/** The adult's own invitation's operations (family members, `Capabilities.proxyInvitations`), in order. */
export const PROXY_INVITATION_OPERATIONS = [
  'inviteProxy',
  'listProxyAccess',
  'revokeProxyAccess',
  'getProxyInvitation',
  'answerProxyInvitation',
] as const;

// ---------------------------------------------------------------------------------------------
// Requests

export interface RequestOptions {
  /** Aborting cancels the request; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** `uploadDocument`'s options: how much of the file has been sent (when the backend can tell). */
export interface UploadOptions extends RequestOptions {
  readonly onProgress?: (sent: number, total: number) => void;
}

/** `holdSlot`'s options: a guest's proof of a verified phone (a signed-in patient needs none). */
export interface HoldOptions extends RequestOptions {
  readonly phoneVerificationToken?: string;
}

export interface SignInRequest {
  readonly email: string;
  /**
   * Sent exactly as typed: no trimming, no normalisation. Password rules everywhere: at least 8
   * characters (code points), at most 1024 (`too-long`), not on a common-password list.
   */
  readonly password: string;
}

export type SignInResult =
  | {readonly status: 'signed-in'; readonly session: Session}
  | {readonly status: 'second-factor'; readonly challengeId: string; readonly channel: 'sms' | 'email'};

export interface RegistrationRequest {
  readonly patient: PatientDetails;
  readonly password: string;
  /** The patient ticked the privacy consent (required where the clinic's law asks for it). */
  readonly privacyConsent: boolean;
}

export interface InvitationInfo {
  /** The invited patient's given name, to greet them ("Welcome, Ana"). */
  readonly givenName: string;
  /** The address the invitation went to, masked (`a•••@example.com`). */
  readonly maskedEmail: string;
  /**
   * What first access asks besides the password, as the clinic configures it
   * (`rules/first-access.ts`): her mobile number with an SMS code, her security question. Absent:
   * nothing more.
   */
  readonly asks?: FirstAccessAsks;
}

/** Options of {@link PortalAdapter.acceptInvitation}: what first access asks besides the password. */
export interface AcceptInvitationOptions extends RequestOptions, FirstAccessDetails {}

export interface PasswordResetRequest {
  readonly email: string;
  readonly dateOfBirth: PlainDate;
  /** Language of the email. */
  readonly language: Language;
}

export interface PhoneCodeRequest {
  readonly phone: string;
  readonly language: Language;
}

export interface AvailabilityQuery {
  /** Services in one visit (same provider does them all, back to back). */
  readonly serviceIds: readonly string[];
  /** A provider's id, or `any` for "first available". */
  readonly providerId: string | 'any';
  /**
   * Only slots at this clinic location (an in-person visit offered there, a provider who works
   * there); absent: every location.
   */
  readonly locationId?: string;
  /** Range to search, inclusive start, exclusive end. */
  readonly from: Instant;
  readonly to: Instant;
}

export interface Availability {
  readonly slots: readonly Slot[];
  /** The clinic's zone the slots are meant to be shown in. */
  readonly timeZone: string;
}

export interface Hold {
  readonly id: string;
  readonly slot: Slot;
  readonly expiresAt: Instant;
}

export interface BookingRequest {
  readonly slot: Slot;
  readonly serviceIds: readonly string[];
  /** One key per booking intent: the same key again returns the same appointment. */
  readonly idempotencyKey: string;
  readonly holdId?: string;
  /** Absent when a patient is signed in (the session's patient books). */
  readonly patient?: PatientDetails;
  /** Proof that the phone was verified (from {@link PortalAdapter.verifyPhoneCode}). */
  readonly phoneVerificationToken?: string;
  readonly privacyConsent: boolean;
  readonly policyAccepted: boolean;
  /** The deposit's payment intent, once the payment step succeeded. */
  readonly paymentIntentId?: string;
  /**
   * The saved card to keep on file for the clinic's late-cancellation and no-show fees, where the
   * policy needs one (`cardOnFileNeeded` in the clinic's rules); absent: the default card.
   */
  readonly cardId?: string;
  readonly language: Language;
  /**
   * The patient's own IANA zone, when the widget showed times in it because it differs from the
   * clinic's: the emails then state the time in it too. Never required; an unknown zone is refused.
   */
  readonly patientTimeZone?: string;
}

export interface AppointmentQuery {
  readonly when: 'upcoming' | 'past' | 'all';
  readonly statuses?: readonly AppointmentStatus[];
  readonly from?: Instant;
  readonly to?: Instant;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface CancelRequest {
  readonly appointmentId: string;
  readonly reasonId: string;
  /** The patient's own words (required for a reason with `needsText`). */
  readonly note?: string;
}

export interface RescheduleRequest {
  readonly appointmentId: string;
  readonly slot: Slot;
  readonly idempotencyKey: string;
}

export interface ReminderActionRequest {
  readonly token: string;
  /** For a cancel action. */
  readonly reasonId?: string;
  readonly note?: string;
}

/** The signed-in patient's own details, as the profile shows them. */
export interface Profile {
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone?: E164;
  readonly dateOfBirth: PlainDate;
  readonly language: Language;
  /** A new email address waiting for its confirmation link to be opened (masked: `a•••@example.com`). */
  readonly pendingEmail?: string;
  /** Her own security question, when she set one (`Clinic.securityQuestion`); its answer is never returned. */
  readonly securityQuestion?: string;
  /** The name she likes to be called by ("Anita"), when she gave one: the portal greets her with it. */
  readonly preferredName?: string;
  /** Her postal address, when she gave one: her country's fields (`rules/address.ts`). */
  readonly address?: PostalAddress;
  /** The details she can't change online at this clinic (`Clinic.identityReadOnly`): changed at the front desk. */
  readonly readOnly?: readonly IdentityField[];
}

/** A good reset link: her security question, when she set one ({@link PortalAdapter.resetPassword} then needs its answer). */
export interface PasswordResetCheck {
  readonly securityQuestion?: string;
}

/** Options of {@link PortalAdapter.resetPassword}: the answer to her security question, when she set one. */
export interface ResetPasswordOptions extends RequestOptions {
  readonly securityAnswer?: string;
}

/**
 * A change to the profile: only the fields given change. A new phone needs the proof from
 * {@link PortalAdapter.verifyPhoneCode} for that number (`phoneVerificationToken`); the email
 * changes only through {@link PortalAdapter.requestEmailChange}.
 */
export interface ProfileUpdate {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly dateOfBirth?: PlainDate;
  readonly language?: Language;
  /** Her preferred name; `''` or `null` removes it. */
  readonly preferredName?: string | null;
  /** Her postal address, checked by her country's rule (reasons as `address.<field>`); `null` removes it. */
  readonly address?: PostalAddress | null;
  readonly phone?: E164;
  readonly phoneVerificationToken?: string;
}

export interface EmailChangeRequest {
  readonly newEmail: string;
  /** Proof that whoever holds the session knows the password. */
  readonly currentPassword: string;
}

export interface PasswordChangeRequest {
  readonly currentPassword: string;
  /** Sent exactly as typed; the same rules as registration. */
  readonly newPassword: string;
}

/** One of the patient's sessions (no token, no address, no device details). */
export interface ActiveSession {
  readonly id: string;
  readonly method: Session['method'];
  readonly lastUsedAt: Instant;
  /** The session making this request. */
  readonly current: boolean;
}

export interface ServerTime {
  /** The backend's clock now. */
  readonly now: Instant;
}

// ---------------------------------------------------------------------------------------------
// The contract

export interface PortalAdapter {
  /** Which kind of backend this is (for diagnostics and the demo marker). */
  readonly kind: 'memory' | 'rest' | 'fhir' | (string & {});
  /** True for the built-in demo clinic: elements show a visible "demo" marker. */
  readonly demo: boolean;

  // -- clinic and time
  getCapabilities(options?: RequestOptions): Promise<Capabilities>;
  getClinic(options?: RequestOptions): Promise<Clinic>;
  /** The server's current time: countdowns and "already started" follow it, not the device clock. */
  getServerTime(options?: RequestOptions): Promise<ServerTime>;

  // -- session
  /** The current session, if the backend still has one (e.g. an httpOnly cookie after a page load). */
  getSession(options?: RequestOptions): Promise<Session | null>;
  /** Fails with one generic `ValidationError({credentials: 'invalid'})` for any wrong email or password. */
  signIn(request: SignInRequest, options?: RequestOptions): Promise<SignInResult>;
  verifySignInCode(challengeId: string, code: string, options?: RequestOptions): Promise<Session>;
  /** Keeps the session alive (the patient chose "Stay signed in"). */
  extendSession(options?: RequestOptions): Promise<Session>;
  signOut(options?: RequestOptions): Promise<void>;

  // -- accounts
  /** What an invitation link stands for; `InvalidLinkError` if unknown, used or expired. */
  getInvitation(token: string, options?: RequestOptions): Promise<InvitationInfo>;
  /**
   * Sets the password from an invitation's link. Where the clinic asks more at first access
   * (`InvitationInfo.asks`), its details are needed in `options` (`rules/first-access.ts`): the
   * mobile number with the proof from {@link verifyPhoneCode} for it (stored as hers, the proof
   * used), her security question and answer (kept as {@link setSecurityAnswer} keeps them); each
   * missing or wrong one `ValidationError` by field, nothing stored, the link still usable.
   */
  acceptInvitation(token: string, password: string, options?: AcceptInvitationOptions): Promise<Session>;
  /** Always resolves the same way whether or not the email is known; a verification email follows. */
  register(request: RegistrationRequest, options?: RequestOptions): Promise<void>;
  /**
   * Finishes a registration with the emailed link's token and the password chosen when registering
   * (so a stranger who registered the patient's address cannot have the owner's click activate
   * it). A wrong password: `ValidationError` `{password: 'invalid'}`, counted like a failed sign-in.
   */
  verifyEmail(token: string, password: string, options?: RequestOptions): Promise<Session>;
  /** Always resolves; an email with a single-use link goes out only if email and date of birth match. */
  requestPasswordReset(request: PasswordResetRequest, options?: RequestOptions): Promise<void>;
  /**
   * Checks a reset link before asking for the new password; resolves to her security question when
   * she set one (a backend written before it may resolve to nothing).
   */
  checkPasswordReset(token: string, options?: RequestOptions): Promise<PasswordResetCheck | void>;
  /**
   * Sets the new password from a reset link. When she set a security question, its answer
   * (`options.securityAnswer`, compared normalized: `rules/security-answer.ts`) is needed:
   * `ValidationError({securityAnswer: 'required' | 'invalid'})`, a wrong one counted like a failed
   * sign-in; the link stays usable.
   */
  resetPassword(token: string, password: string, options?: ResetPasswordOptions): Promise<Session>;
  completeOnboarding(options?: RequestOptions): Promise<void>;

  // -- phone codes
  /** `RateLimitedError` when asked again before the challenge's `resendAt`. */
  sendPhoneCode(request: PhoneCodeRequest, options?: RequestOptions): Promise<PhoneChallenge>;
  /**
   * Resolves to a verification token to pass to {@link book}. A wrong code rejects with
   * `ValidationError({code: 'code-invalid'})`; an unknown, expired or exhausted challenge with
   * `ValidationError({code: 'code-expired'})`.
   */
  verifyPhoneCode(challengeId: string, code: string, options?: RequestOptions): Promise<string>;

  // -- catalog and availability
  getCatalog(options?: RequestOptions): Promise<Catalog>;
  getCancellationReasons(options?: RequestOptions): Promise<readonly CancellationReason[]>;
  getAvailability(query: AvailabilityQuery, options?: RequestOptions): Promise<Availability>;

  // -- booking
  /**
   * Holds a slot while the patient types: for a signed-in patient, or a guest with a verified
   * phone (`phoneVerificationToken` from `verifyPhoneCode`, not used up by holding); anyone else
   * gets `ValidationError` on `phoneVerificationToken`.
   */
  holdSlot(slot: Slot, serviceIds: readonly string[], options?: HoldOptions): Promise<Hold>;
  releaseHold(holdId: string, options?: RequestOptions): Promise<void>;
  /** The deposit due for this booking (null when none). Same key → same intent. */
  createDepositIntent(
    slot: Slot,
    serviceIds: readonly string[],
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<PaymentIntent | null>;
  /** `SlotTakenError` if someone else has it; the same idempotency key twice gives one appointment. */
  book(request: BookingRequest, options?: RequestOptions): Promise<Appointment>;

  // -- appointments
  listAppointments(query: AppointmentQuery, options?: RequestOptions): Promise<Page<Appointment>>;
  getAppointment(id: string, options?: RequestOptions): Promise<Appointment>;
  confirmAppointment(id: string, options?: RequestOptions): Promise<Appointment>;
  getCancellationQuote(id: string, options?: RequestOptions): Promise<CancellationQuote>;
  cancelAppointment(request: CancelRequest, options?: RequestOptions): Promise<Appointment>;
  /** Moves the appointment in one step: the patient never ends with two or none. */
  rescheduleAppointment(request: RescheduleRequest, options?: RequestOptions): Promise<Appointment>;

  // -- reminder links (opaque tokens from a reminder email's fragment)
  resolveReminderToken(token: string, options?: RequestOptions): Promise<ReminderTokenInfo>;
  applyReminderAction(request: ReminderActionRequest, options?: RequestOptions): Promise<Appointment>;

  // -- reminder preferences
  getReminderPreferences(options?: RequestOptions): Promise<ReminderPreferences>;
  saveReminderPreferences(
    preferences: ReminderPreferences,
    options?: RequestOptions,
  ): Promise<ReminderPreferences>;
  sendTestReminder(channel: ReminderChannel, options?: RequestOptions): Promise<void>;

  // -- telehealth
  /** The video visit's state; join links only while the room is open. `NotFoundError` for an in-person visit. */
  getVideoJoin(appointmentId: string, options?: RequestOptions): Promise<VideoJoin>;
  /** Round trip to the backend for the connection check; resolves to the measured milliseconds. */
  checkConnection(options?: RequestOptions): Promise<number>;

  // -- the patient's profile (Capabilities.profile; optional members, so a backend written before
  //    them still implements the contract: an element checks the capability and the method)
  getProfile?(options?: RequestOptions): Promise<Profile>;
  /** Field-level `ValidationError` with the booking/registration rules; nothing changes when one field is wrong. */
  updateProfile?(update: ProfileUpdate, options?: RequestOptions): Promise<Profile>;
  /**
   * Sends a confirmation link to the new address (and tells the old one); the email changes only
   * when that link is opened ({@link confirmEmailChange}). Wrong password:
   * `ValidationError({currentPassword: 'invalid'})`, counted like a failed sign-in. Resolves the
   * same way whether or not another account uses the new address.
   */
  requestEmailChange?(request: EmailChangeRequest, options?: RequestOptions): Promise<void>;
  /** The link from the new address: makes the change (no session needed); `InvalidLinkError` if unknown, used or expired. */
  confirmEmailChange?(token: string, options?: RequestOptions): Promise<void>;
  /** Checks the current password, applies the registration rules, ends every other session. */
  changePassword?(request: PasswordChangeRequest, options?: RequestOptions): Promise<void>;
  /**
   * Sets her own security question and its answer where the clinic asks for one
   * (`Clinic.securityQuestion`; otherwise `NotSupportedError`): the current password is checked like
   * {@link changePassword}'s (`{currentPassword: 'invalid'}`), the question and answer by
   * `rules/security-answer.ts` (nothing stored on a problem). The answer is kept only as a hash of
   * its normalized form, never returned. Resolves to the profile.
   */
  setSecurityAnswer?(request: SecurityAnswerRequest, options?: RequestOptions): Promise<Profile>;
  /**
   * Removes her security question where the clinic's setting is `optional`; where it is `required`,
   * refused with `ValidationError({question: 'required'})` before the password is looked at
   * (`rules/security-answer.ts`). The current password is checked like {@link changePassword}'s.
   * With none set, the same answer. Resolves to the profile.
   */
  removeSecurityAnswer?(request: SecurityAnswerRemoval, options?: RequestOptions): Promise<Profile>;
  listSessions?(options?: RequestOptions): Promise<readonly ActiveSession[]>;
  /** Ends every session of the patient but this one; resolves to how many ended. */
  signOutOtherSessions?(options?: RequestOptions): Promise<number>;
  // -- forms (Capabilities.forms): the signed-in patient's own visit items only
  /** Every questionnaire, consent and instructions of the patient's visits (not cancelled ones). */
  listForms(options?: RequestOptions): Promise<readonly FormTask[]>;
  /** The questionnaire of a visit item, with the saved draft or the submitted answers. */
  getQuestionnaireForm(ref: FormRef, options?: RequestOptions): Promise<QuestionnaireForm>;
  /**
   * Keeps unfinished answers on the backend (never in Web Storage): each answer is checked by its
   * type, `required` is not. Returns the draft as stored.
   */
  saveQuestionnaireDraft(
    ref: FormRef,
    response: QuestionnaireResponse,
    options?: RequestOptions,
  ): Promise<QuestionnaireResponse>;
  /**
   * Submits the answers: checked in full (types, options, required, enableWhen) by the backend;
   * `ValidationError` with `item.<linkId>` fields and nothing stored otherwise. The item is done.
   */
  submitQuestionnaire(
    ref: FormRef,
    response: QuestionnaireResponse,
    options?: RequestOptions,
  ): Promise<QuestionnaireResponse>;
  /** The consent document (current version) of a visit item, with its signature once signed. */
  getConsentForm(ref: FormRef, options?: RequestOptions): Promise<ConsentForm>;
  /** Signs the version read with the typed name; the backend records version, name and time. */
  signConsent(ref: FormRef, request: ConsentSignRequest, options?: RequestOptions): Promise<ConsentSignature>;
  /**
   * The signed consent as a PDF made by the backend (`application/pdf`: the text, version, time and
   * typed name), labels in `format.language`; `NotFoundError` while it is not signed.
   */
  getConsentPdf?(ref: FormRef, format: InvoicePdfFormat, options?: RequestOptions): Promise<Blob>;
  /**
   * Withdraws the patient's signature where the clinic's document allows it now
   * (`ConsentForm.withdrawable`, `rules/forms.ts`): kept as withdrawn with the time, the item to do
   * again. Otherwise `ValidationError({item: 'unavailable'})`. Answers the consent as it is now.
   */
  withdrawConsent?(ref: FormRef, options?: RequestOptions): Promise<ConsentForm>;
  // -- documents (Capabilities.documents): the signed-in patient's own documents only
  /** The patient's documents, newest first (optionally one folder), and the clinic's upload limit. */
  listDocuments(query?: DocumentQuery, options?: RequestOptions): Promise<DocumentList>;
  /**
   * A document's bytes with its cleaned name and type; the document is no longer new. Another
   * patient's (or an unknown) id: `NotFoundError`.
   */
  downloadDocument(id: string, options?: RequestOptions): Promise<DocumentContent>;
  /**
   * Uploads one file to "Uploaded by you": the backend checks its bytes (PDF, JPEG or PNG by their
   * first bytes), size, category and note (`rules/documents.ts`); `ValidationError` with `file`,
   * `fileName`, `category` or `note` and nothing stored otherwise.
   */
  uploadDocument(upload: DocumentUpload, options?: UploadOptions): Promise<PatientDocument>;
  /** Deletes one of the patient's own uploads; anything else (a clinic document, another patient's, unknown) → `NotFoundError`. */
  deleteDocument(id: string, options?: RequestOptions): Promise<void>;
  /**
   * Asks the clinic to refill one of the patient's prescriptions (`capabilities.refills`): a new
   * conversation (topic `general`) in her messages, with the medication, dose, date and file and
   * her optional note. Allowed by `refillStatus` (`rules/document-details.ts`): otherwise
   * `ValidationError` `{refill: 'unavailable'}` and nothing sent; a bad note `{note: …}`. While an
   * earlier request waits for the clinic's answer, the same request comes back with
   * `alreadyRequested: true` (nothing new is sent). One of her documents that is not a prescription
   * with details: `{refill: 'unavailable'}` too. Another patient's or an unknown id: `NotFoundError`.
   */
  requestRefill?(documentId: string, note?: string, options?: RequestOptions): Promise<RefillRequest>;
  // -- billing (Capabilities.billing): the signed-in patient's own invoices only
  /** The patient's invoices, newest first, and the balance due across them (clinic's currency). */
  listInvoices?(options?: RequestOptions): Promise<InvoiceList>;
  /** One of the patient's invoices; `NotFoundError` for another patient's or an unknown id. */
  getInvoice?(id: string, options?: RequestOptions): Promise<Invoice>;
  /** The invoice as a PDF (`application/pdf`), labels in `language`, numbers as `locale` writes them. */
  getInvoicePdf?(id: string, format: InvoicePdfFormat, options?: RequestOptions): Promise<Blob>;
  /**
   * Her billing details (whom invoices are made out to: legal name; RFC with postal code and
   * régimen in Mexico, NIF in Spain; the name only elsewhere) and the clinic's country that decides
   * which fields apply (`rules/billing-details.ts`). `details` null: none given (her name is used).
   */
  getBillingDetails?(options?: RequestOptions): Promise<BillingDetailsView>;
  /**
   * Saves her billing details; `ValidationError` with a code per field (nothing stored) otherwise.
   * Every invoice is made out to them from then on (its screen and its PDF).
   */
  saveBillingDetails?(details: BillingDetailsInput, options?: RequestOptions): Promise<BillingDetailsView>;
  /**
   * Removes her billing details (`billingDetailsRemoved`): none kept, her invoices made out to her
   * name again; with none, the same answer. The view with `details: null`.
   */
  removeBillingDetails?(options?: RequestOptions): Promise<BillingDetailsView>;
  /**
   * The receipt of one entry of her payment history (a deposit, payment, refund or fee; `id` from
   * {@link listPayments}) as a PDF: the clinic, her billing name and tax id, the amount, the method,
   * the date in the clinic's zone, what it paid. `NotFoundError` for another patient's or an unknown id.
   */
  getReceiptPdf?(paymentId: string, format: InvoicePdfFormat, options?: RequestOptions): Promise<Blob>;
  /** Deposits, payments, refunds and fees of every invoice, newest first. */
  listPayments?(options?: RequestOptions): Promise<readonly PaymentEntry[]>;
  /**
   * A payment intent for the invoice's balance due, paid through the clinic's payment step (as a
   * deposit is), or null when nothing is due. The same key gives the same intent; while one is
   * unpaid every request for the invoice gets it, so the balance is never paid twice. Once the
   * provider confirms, the invoice lists the payment. Needs `capabilities.payments`.
   */
  createInvoicePaymentIntent?(
    id: string,
    idempotencyKey: string,
    options?: RequestOptions,
  ): Promise<PaymentIntent | null>;

  // -- messages (Capabilities.messages): the signed-in patient's own conversations only
  /** The patient's conversations, latest activity first, the unread total and the clinic's settings. */
  listConversations?(options?: RequestOptions): Promise<ConversationList>;
  /** A conversation with its messages, oldest first (reading it does not mark it read); another patient's: `NotFoundError`. */
  getConversation?(id: string, options?: RequestOptions): Promise<Conversation>;
  /**
   * Starts a conversation on a topic the clinic offers with a first message (`rules/messages.ts`),
   * with files when `settings.maxAttachments` allows (`checkAttachments`: the documents' upload
   * rule; `ValidationError` on `attachments…` and nothing stored otherwise).
   */
  startConversation?(request: NewConversation, options?: RequestOptions): Promise<Conversation>;
  /** The patient's reply in one of her conversations: its text, or its text and files (as `startConversation`). */
  replyToConversation?(
    id: string,
    reply: string | MessageReply,
    options?: RequestOptions,
  ): Promise<ChatMessage>;
  /** Marks every message of the conversation read (the unread counts drop). */
  markConversationRead?(id: string, options?: RequestOptions): Promise<void>;
  /**
   * The bytes of a file sent with a message of one of her conversations (hers or the clinic's),
   * with its cleaned name and type. Another patient's (or an unknown) id: `NotFoundError`.
   */
  downloadAttachment?(id: string, options?: RequestOptions): Promise<DocumentContent>;

  // -- cards on file (Capabilities.cards): the signed-in patient's own cards only
  /** The patient's saved cards: the default first, then the newest. Never a card number. */
  listCards?(options?: RequestOptions): Promise<readonly SavedCard[]>;
  /**
   * A card setup (`mode: 'setup'`, amount 0: nothing is charged) for the clinic's payment step;
   * once the provider confirms it, the card is in {@link listCards} (the first one is the default).
   * The same key gives the same setup.
   */
  startCardSetup?(idempotencyKey: string, options?: RequestOptions): Promise<PaymentIntent>;
  /**
   * The demo provider's confirmation of a setup with a test card (`payments: 'demo'`): saves it, or
   * rejects with `PaymentFailedError` for the declined test card (nothing saved).
   */
  confirmDemoCardSetup?(setupId: string, cardNumber: string, options?: RequestOptions): Promise<void>;
  /** Makes one of the patient's cards the default; `NotFoundError` for another patient's or an unknown id. */
  setDefaultCard?(id: string, options?: RequestOptions): Promise<readonly SavedCard[]>;
  /** Removes one of the patient's cards (the newest left becomes the default if it was). */
  removeCard?(id: string, options?: RequestOptions): Promise<readonly SavedCard[]>;

  // -- medical information (Capabilities.medical): the signed-in patient's own lists only
  /** The patient's allergies, medications, conditions and emergency contacts, each oldest first. */
  getMedicalInfo?(options?: RequestOptions): Promise<MedicalInfo>;
  /**
   * Adds an entry to one list, "reported by you" and not reviewed (`rules/medical.ts`):
   * `ValidationError` with field codes (`too-long` past 200 characters, `required`,
   * `invalid-phone`…) or `{<list>: 'too-many'}` past 50 entries, and nothing stored otherwise.
   */
  addMedicalEntry?<L extends MedicalList>(
    list: L,
    entry: MedicalFields[L],
    options?: RequestOptions,
  ): Promise<MedicalEntry<L>>;
  /**
   * Corrects one of the patient's entries: it becomes "reported by you" and not reviewed, even if
   * the clinic wrote it. Another patient's or an unknown id (or one in another list): `NotFoundError`.
   */
  updateMedicalEntry?<L extends MedicalList>(
    list: L,
    id: string,
    entry: MedicalFields[L],
    options?: RequestOptions,
  ): Promise<MedicalEntry<L>>;
  /** Removes one of the patient's entries; another patient's or an unknown id: `NotFoundError`. */
  removeMedicalEntry?(list: MedicalList, id: string, options?: RequestOptions): Promise<void>;

  // -- insurance cards (Capabilities.insurance): the signed-in patient's own cards only
  /** The patient's insurance cards: the primary first, then the others oldest first. */
  listInsuranceCards?(options?: RequestOptions): Promise<readonly InsuranceCard[]>;
  /**
   * Adds a card (`rules/insurance.ts`; her first card is primary): `ValidationError` with field
   * codes (`required`, `too-long`, `invalid` member number) or `{cards: 'too-many'}` past 5 cards,
   * and nothing stored otherwise.
   */
  addInsuranceCard?(card: InsuranceCardFields, options?: RequestOptions): Promise<InsuranceCard>;
  /** Corrects one of her cards; another patient's or an unknown id: `NotFoundError`. */
  updateInsuranceCard?(
    id: string,
    card: InsuranceCardFields,
    options?: RequestOptions,
  ): Promise<InsuranceCard>;
  /** Makes one of her cards the primary one (the others not); answers her cards. */
  setPrimaryInsuranceCard?(id: string, options?: RequestOptions): Promise<readonly InsuranceCard[]>;
  /** Removes one of her cards (the oldest left becomes primary if it was); answers her cards. */
  removeInsuranceCard?(id: string, options?: RequestOptions): Promise<readonly InsuranceCard[]>;
  /**
   * The photo of one side (`front`, `back`) of one of her cards, or `undefined` when it has none;
   * another patient's card, an unknown one or another side: `undefined` or `NotFoundError` (over
   * HTTP both are a 404) — never anyone else's photo.
   */
  getInsuranceCardPhoto?(
    id: string,
    side: InsuranceCardSide,
    options?: RequestOptions,
  ): Promise<ProfilePhoto | undefined>;
  /**
   * Stores the photo of one side of her card in place of any earlier one, checked by the profile
   * photo's rule (`rules/profile-image.ts`, the same `ValidationError`s as
   * {@link uploadProfilePhoto}, nothing stored); another's card: `NotFoundError`.
   */
  uploadInsuranceCardPhoto?(
    id: string,
    side: InsuranceCardSide,
    content: Uint8Array,
    options?: RequestOptions,
  ): Promise<CheckedPhoto>;
  /** Removes the photo of one side of her card (none: nothing to do). A removed card's go with it. */
  removeInsuranceCardPhoto?(id: string, side: InsuranceCardSide, options?: RequestOptions): Promise<void>;

  // -- the profile photo (Capabilities.photo): the signed-in patient's own photo only
  /** Her photo's bytes and their type, or `undefined` when she has none. */
  getProfilePhoto?(options?: RequestOptions): Promise<ProfilePhoto | undefined>;
  /**
   * Stores her photo in place of any earlier one (the element sends a square it cropped, but any
   * accepted photo is kept as sent). `rules/profile-image.ts` decides: `ValidationError` with
   * `{photo: 'file-empty' | 'file-too-large' | 'file-heic' | 'file-type' | 'invalid'}` (a PDF or an
   * SVG renamed `.jpg`, more than 5 MB, too small or too big to decode) and nothing stored.
   * Answers what was stored: the type by its bytes, its width and height.
   */
  uploadProfilePhoto?(content: Uint8Array, options?: RequestOptions): Promise<CheckedPhoto>;
  /** Removes her photo (none: nothing to do). */
  removeProfilePhoto?(options?: RequestOptions): Promise<void>;
  // -- waitlist (Capabilities.waitlist, `rules/waitlist.ts`): the signed-in patient's own entries;
  //    an offer's link works with its token alone, like a reminder link
  /** The patient's waiting entries, first joined first (ended ones — booked, range passed — are not listed). */
  listWaitlist?(options?: RequestOptions): Promise<readonly WaitlistEntry[]>;
  /**
   * Joins the waitlist: `ValidationError` per field (`checkWaitlistRequest`), `{waitlist:
   * 'too-many'}` past the limit of waiting entries, nothing stored otherwise.
   */
  joinWaitlist?(request: WaitlistRequest, options?: RequestOptions): Promise<WaitlistEntry>;
  /** Leaves one of the patient's entries; another patient's or an unknown id: `NotFoundError`. */
  leaveWaitlist?(id: string, options?: RequestOptions): Promise<void>;
  /**
   * What an offer's link (the token from its fragment) stands for: the slot, and whether it can
   * still be booked (`gone` once someone else booked it or the hold ran out). Unknown token:
   * `InvalidLinkError`.
   */
  resolveWaitlistOffer?(token: string, options?: RequestOptions): Promise<WaitlistOffer>;
  /**
   * Books the offered slot for the patient the offer went to (no sign-in needed: the link was
   * sent to her). The first to accept books it; the others get `SlotTakenError`. Accepting again
   * answers the same appointment.
   */
  acceptWaitlistOffer?(token: string, options?: RequestOptions): Promise<Appointment>;

  // -- family members (Capabilities.proxy, `rules/proxy.ts`)
  /** The signed-in holder herself first, then the dependents she holds a live grant for. */
  listPeople?(options?: RequestOptions): Promise<readonly PortalPerson[]>;
  /**
   * The same backend acting for one of her dependents (an id from {@link listPeople}): every call
   * of the adapter answered carries that person, and the backend checks the grant on each one —
   * revoked, unknown, or an operation the grant's scope does not allow: `NotFoundError`. The
   * session stays the holder's (signing out is done with this adapter, not the one answered).
   */
  actingFor?(personId: string): PortalAdapter;

  // -- the adult's own invitation (Capabilities.proxyInvitations, `rules/proxy-invitation.ts`);
  //    never while acting for someone (not found)
  /**
   * The signed-in adult invites someone to act for her: an email with a single-use link goes to
   * `request.email`, whether or not it has an account (the answer does not say). A minor:
   * `ForbiddenError`. `ValidationError` per field (`proxyInvitationProblems`: her own address
   * `{email: 'invalid'}`, someone who already has access or an invitation waiting `{email:
   * 'duplicate'}`, a bad scope or relationship); more than the day's invitations:
   * `RateLimitedError`. Nothing is sent or stored then.
   */
  inviteProxy?(request: ProxyInvitationRequest, options?: RequestOptions): Promise<void>;
  /** Who may see her information (live grants for her, the clinic's and by invitation) and her invitations waiting. */
  listProxyAccess?(options?: RequestOptions): Promise<ProxyAccess>;
  /**
   * Ends a grant for her (by its id from {@link listProxyAccess}: the holder's very next call for her
   * is not found) or withdraws an invitation waiting (its link stops working). Another's or unknown: `NotFoundError`.
   */
  revokeProxyAccess?(id: string, options?: RequestOptions): Promise<void>;
  /**
   * What an invitation's link (the token from its fragment) offers, to the signed-in account it was
   * sent to: who invites, the relationship and scope. Not signed in: `NotSignedInError`; signed in
   * with another address's account: `ForbiddenError`; unknown, used, withdrawn or expired:
   * `InvalidLinkError`.
   */
  getProxyInvitation?(token: string, options?: RequestOptions): Promise<ProxyInvitation>;
  /**
   * Accepts (the grant is recorded for the signed-in account — an adult, else `ForbiddenError` —, who then lists the inviter among
   * her people; the inviter is emailed) or declines an invitation; the link is used up either way.
   * Errors as {@link getProxyInvitation}.
   */
  answerProxyInvitation?(
    token: string,
    answer: ProxyInvitationAnswer,
    options?: RequestOptions,
  ): Promise<void>;
}

/** What {@link PortalAdapter.listInvoices} answers. */
export interface InvoiceList {
  readonly invoices: readonly Invoice[];
  readonly balanceDue: Money;
}

/** The PDF's language and number locale. */
export interface InvoicePdfFormat {
  readonly language: Language;
  readonly locale: string;
}

/**
 * Optional, beside {@link PortalAdapter}: a backend whose deposits are the demo's
 * (`Capabilities.payments === 'demo'`) "charges" one of the documented test cards, so the deposit
 * flow can be tried without a payment company and without a card number typed into our DOM. The
 * in-memory demo clinic and the REST adapter (to a server with demo payments) both offer it; the
 * demo payment step finds it by a structural check (`payments/demo-provider.ts`).
 */
export interface DemoPaymentBackend {
  /** Pays the demo intent `intentId` with a test card; the declined card rejects with `PaymentFailedError`. */
  confirmDemoPayment(intentId: string, cardNumber: string, options?: RequestOptions): Promise<void>;
  /** The test cards this demo clinic documents, when it names its own. */
  readonly demoInfo?: {readonly cardSuccess: string; readonly cardDeclined: string};
}

/**
 * Events an adapter emits to whoever shares it. The adapter registry creates the adapters it
 * shares with these, and signs out that backend's session store on `onSessionLost`.
 */
export interface AdapterEvents {
  /** The backend reported the session gone (401 on any call). */
  readonly onSessionLost?: (reason: 'not-signed-in' | 'session-expired') => void;
}
