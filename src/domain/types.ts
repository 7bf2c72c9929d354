/**
 * The domain types: what every element speaks, whatever backend is behind it.
 *
 * Adapters map their wire formats (REST JSON, FHIR resources) to these types inside their own
 * folders; elements never see a wire type. Conventions used throughout:
 *
 * - An {@link Instant} is an RFC 3339 timestamp with an offset (`2026-03-08T15:00:00Z` or
 *   `2026-03-08T09:00:00-06:00`). Instants are what travel; they are shown in the clinic's IANA
 *   time zone ({@link Clinic.timeZone}) unless the patient switches to their own.
 * - A {@link PlainDate} is a calendar date (`1990-05-01`) with no time and no zone: a date of birth
 *   is never a `Date` at midnight.
 * - Money is an integer amount in the currency's minor unit (cents, centavos).
 * - Text a clinic writes is a {@link LocalizedText}: one entry per language tag it was written in.
 */

/** RFC 3339 timestamp with an offset, e.g. `2026-03-08T09:00:00-06:00` or `…Z`. */
export type Instant = string;

/** A calendar date `YYYY-MM-DD`, never tied to a time or zone (ISO 8601 extended). */
export type PlainDate = `${number}-${number}-${number}`;

/** A wall-clock time `HH:mm` (24 h) in the clinic's zone. */
export type WallTime = `${number}:${number}`;

/** An IANA time zone name such as `America/Mexico_City`. */
export type TimeZoneName = string;

/** A language tag such as `es` or `es-MX` → text. At least one entry; elements pick the closest. */
export type LocalizedText = Readonly<Record<string, string>>;

/** ISO 3166-1 alpha-2 country code. */
export type CountryCode = string;

/** A phone number in E.164, e.g. `+525512345678`. */
export type E164 = `+${string}`;

export interface Money {
  /** Integer amount in the currency's minor unit (e.g. 50000 = MXN 500.00). */
  readonly amountMinor: number;
  /** ISO 4217 code, e.g. `MXN`, `USD`, `CAD`, `EUR`. */
  readonly currency: string;
}

export type Language = 'en' | 'es';

// ---------------------------------------------------------------------------------------------
// The clinic

export interface ClinicLocation {
  readonly id: string;
  readonly name: LocalizedText;
  /** One line a patient can read or paste into a maps app. */
  readonly address: string;
  readonly phone?: E164;
}

export interface CancellationPolicy {
  /** Cancelling less than this many hours before the start is "late". */
  readonly windowHours: number;
  /** Fee charged for a late cancellation (absent: no fee). */
  readonly lateFee?: Money;
  /**
   * Fee charged when the patient misses the visit (absent: no fee). With a late fee or this and no
   * deposit, a signed-in booking authorizes a card on file (`rules/card-fees.ts`).
   */
  readonly noShowFee?: Money;
  /** The policy in the clinic's words. */
  readonly text: LocalizedText;
  /** Whether the patient must accept the policy to book. */
  readonly acceptanceRequired: boolean;
}

export interface DepositPolicy {
  /** Deposit charged when a service has none of its own (absent: only services with a deposit). */
  readonly defaultDeposit?: Money;
  /** Whether the deposit is refunded when the patient cancels in time. */
  readonly refundableOutsideWindow: boolean;
  readonly text: LocalizedText;
}

/** How many hours before the start a reminder goes out. */
export type ReminderOffsetHours = number;

export type ReminderChannel = 'email' | 'sms' | 'voice';

export interface ReminderRules {
  /** Reminder times the clinic sends, e.g. [72, 24, 1]. */
  readonly offeredHours: readonly ReminderOffsetHours[];
  /** Whether the patient may choose which reminders (otherwise all offered ones go out). */
  readonly patientChoosesTimes: boolean;
  /** Channels offered besides email (email is always on). */
  readonly channels: readonly ReminderChannel[];
  /** Most mobile numbers a patient may register. */
  readonly maxPhones: number;
  /** A note the clinic sets, e.g. "voice calls come from a number in Canada". */
  readonly voiceCallerNote?: LocalizedText;
}

export type TelehealthProviderKind = 'zoom' | 'jitsi' | 'url';

export interface TelehealthSettings {
  readonly provider: TelehealthProviderKind;
  /** Hosts a join link may point to; anything else is refused (QUALITY 19). */
  readonly allowedHosts: readonly string[];
  /** The room opens this many minutes before the start. */
  readonly opensMinutesBefore: number;
}

export type PrivacyLaw = 'LFPDPPP' | 'GDPR' | 'PIPEDA' | 'HIPAA';

export interface PrivacySettings {
  readonly law: PrivacyLaw;
  /** The clinic's privacy notice (aviso de privacidad). https only. */
  readonly noticeUrl: string;
  /** The consent sentence shown next to the checkbox, in the clinic's words. */
  readonly consentText: LocalizedText;
  /** Whether an explicit checkbox is required (GDPR, LFPDPPP for sensitive data) or notice suffices. */
  readonly explicitConsent: boolean;
}

export interface BookingRules {
  /** A slot must start at least this many minutes after "now" (server time). */
  readonly minNoticeMinutes: number;
  /** How far ahead patients may book. */
  readonly horizonDays: number;
  /** Whether "first available" is offered instead of choosing a provider. */
  readonly allowAnyProvider: boolean;
  /** Whether new patients must verify their phone with an SMS code. */
  readonly phoneVerification: boolean;
  /** How long a hold keeps a slot for the patient. */
  readonly holdMinutes: number;
}

export interface Clinic {
  readonly id: string;
  readonly name: string;
  /** The clinic's IANA time zone: every time is shown in it by default. */
  readonly timeZone: TimeZoneName;
  readonly country: CountryCode;
  readonly currency: string;
  readonly phone: E164;
  readonly email?: string;
  readonly website?: string;
  /**
   * An https URL of the clinic's logo, shown beside its name in the whole portal's header (so it
   * is decorative: no text of its own). Anything but https is not shown.
   */
  readonly logoUrl?: string;
  /** Language tags the clinic's texts exist in, e.g. ['es', 'en']. */
  readonly languages: readonly string[];
  readonly locations: readonly ClinicLocation[];
  readonly cancellation: CancellationPolicy;
  readonly deposit?: DepositPolicy;
  readonly reminders: ReminderRules;
  readonly telehealth?: TelehealthSettings;
  readonly privacy: PrivacySettings;
  readonly booking: BookingRules;
  /**
   * Whether the clinic asks patients for a security question and answer (seed 002): absent, not
   * asked; `optional`, her profile offers one; `required`, first access asks for one too. The answer
   * is asked when she resets a forgotten password (`rules/security-answer.ts`).
   */
  readonly securityQuestion?: 'optional' | 'required';
  /** Family members (proxy access): the age of majority and teenagers' confidential care (`rules/proxy.ts`). */
  readonly familyAccess?: FamilyAccessRules;
  /**
   * Whether first access (the invitation's link) asks for her mobile number too, verified by an
   * SMS code (seed 002; `rules/first-access.ts`).
   */
  readonly firstAccessMobile?: boolean;
  /**
   * Whether the patient's legal name and date of birth are kept as the clinic holds them (as on
   * her ID): the profile shows them read-only, and a change is made at the front desk
   * (`rules/profile.ts`). Her preferred name, address, language and contact details stay hers to change.
   */
  readonly identityReadOnly?: boolean;
}

/** A clinic's rules for family members acting for a minor (`rules/proxy.ts`). */
export interface FamilyAccessRules {
  /** Under this age a patient is a minor (default 18). */
  readonly ageOfMajority?: number;
  /**
   * From this age until majority, a minor's confidential care (services marked `confidential`)
   * is never shown to a family member acting for her; `null`: never hidden. Absent: the clinic's
   * country's default (`CONFIDENTIAL_FROM_AGE`).
   */
  readonly confidentialFromAge?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Catalog

export interface ServiceCategory {
  readonly id: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
}

export type VisitMode = 'in-person' | 'video';

/** What differs when a given provider performs a service. */
export interface ProviderTerms {
  readonly durationMinutes: number;
  readonly price?: Money;
}

export interface Service {
  readonly id: string;
  readonly categoryId: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly mode: VisitMode;
  /** Default duration and price; {@link providerTerms} may override them per provider. */
  readonly durationMinutes: number;
  readonly price?: Money;
  /** Provider id → that provider's own duration and price. */
  readonly providerTerms?: Readonly<Record<string, ProviderTerms>>;
  /** Providers who perform this service. */
  readonly providerIds: readonly string[];
  /** Deposit due at booking (absent: none). */
  readonly deposit?: Money;
  readonly preVisitInstructions?: LocalizedText;
  readonly postVisitInstructions?: LocalizedText;
  /** Locations where it is offered (in-person services). */
  readonly locationIds: readonly string[];
  /**
   * Confidential care (e.g. sexual or mental health): a teenager's visits for it are not shown to
   * a parent acting for her, where the clinic's rules say so (`FamilyAccessRules`).
   */
  readonly confidential?: boolean;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  /** e.g. "Dermatologist" / "Dermatóloga". */
  readonly title: LocalizedText;
  /** Languages spoken, as BCP 47 tags. */
  readonly languages: readonly string[];
  /** https URL of a photo (optional). */
  readonly photoUrl?: string;
  readonly bio?: LocalizedText;
  readonly locationIds: readonly string[];
}

export interface Catalog {
  readonly categories: readonly ServiceCategory[];
  readonly services: readonly Service[];
  readonly providers: readonly Provider[];
}

// ---------------------------------------------------------------------------------------------
// Availability and appointments

export interface Slot {
  /** Opaque id the backend understands when holding or booking. */
  readonly id: string;
  readonly start: Instant;
  readonly end: Instant;
  readonly providerId: string;
  readonly serviceIds: readonly string[];
  readonly locationId?: string;
  readonly mode: VisitMode;
}

export type AppointmentStatus = 'pending' | 'booked' | 'confirmed' | 'cancelled' | 'fulfilled' | 'no-show';

/** What the patient may do with an appointment now (the backend decides). */
export interface AppointmentActions {
  readonly confirm: boolean;
  readonly cancel: boolean;
  readonly reschedule: boolean;
  readonly join: boolean;
  readonly addToCalendar: boolean;
}

export type VisitItemKind = 'questionnaire' | 'consent' | 'instructions';
export type VisitItemState = 'to-do' | 'done' | 'info';

/** A questionnaire, consent or instructions attached to an appointment, before or after it. */
export interface VisitItem {
  readonly id: string;
  readonly kind: VisitItemKind;
  readonly phase: 'before' | 'after';
  readonly title: LocalizedText;
  readonly state: VisitItemState;
  /** Instructions' text, when short enough to show inline. */
  readonly body?: LocalizedText;
  /** The questionnaire's or consent document's id (`<patient-forms>` opens it). */
  readonly formId?: string;
}

export interface VideoVisitInfo {
  readonly provider: TelehealthProviderKind;
  /** When the clinic opens the room (server time). */
  readonly opensAt: Instant;
}

export interface CancellationInfo {
  readonly reasonId: string;
  readonly note?: string;
  readonly at: Instant;
  readonly fee?: Money;
  readonly by: 'patient' | 'clinic';
}

export interface AppointmentServiceSummary {
  readonly id: string;
  readonly name: LocalizedText;
}

export interface Appointment {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: Instant;
  readonly end: Instant;
  readonly services: readonly AppointmentServiceSummary[];
  readonly providerId: string;
  readonly providerName: string;
  readonly mode: VisitMode;
  readonly location?: ClinicLocation;
  readonly video?: VideoVisitInfo;
  readonly actions: AppointmentActions;
  readonly items: readonly VisitItem[];
  readonly cancellation?: CancellationInfo;
  /** Deposit paid for it, if any. */
  readonly depositPaid?: Money;
  /**
   * The card kept on file for the clinic's late-cancellation and no-show fees, when the booking
   * authorized one (never its number).
   */
  readonly cardOnFile?: {readonly brand: 'visa' | 'mastercard' | 'amex' | 'other'; readonly last4: string};
  /** A late-cancellation or no-show fee charged for it, and the card that took it (absent: due). */
  readonly feeCharged?: {
    readonly kind: 'late-cancellation' | 'no-show';
    readonly amount: Money;
    readonly card?: {readonly brand: 'visa' | 'mastercard' | 'amex' | 'other'; readonly last4: string};
  };
}

/** What an element tells the host page about an appointment: no patient identity fields. */
export interface AppointmentSummary {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: Instant;
  readonly end: Instant;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  readonly mode: VisitMode;
}

export function summarizeAppointment(a: Appointment): AppointmentSummary {
  return {
    id: a.id,
    status: a.status,
    start: a.start,
    end: a.end,
    serviceIds: a.services.map((s) => s.id),
    providerId: a.providerId,
    mode: a.mode,
  };
}

export interface CancellationReason {
  readonly id: string;
  readonly label: LocalizedText;
  /** "Other": the patient writes the reason. */
  readonly needsText: boolean;
}

/** What cancelling now would cost, shown before the patient confirms. */
export interface CancellationQuote {
  readonly late: boolean;
  readonly fee?: Money;
  /** When the late window started. */
  readonly windowStart: Instant;
}

// ---------------------------------------------------------------------------------------------
// Patients and sessions

export interface Patient {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone?: E164;
  readonly dateOfBirth: PlainDate;
  readonly language: Language;
  /** The name she likes to be called by, when she gave one (her profile): the portal greets her with it. */
  readonly preferredName?: string;
  /** Whether first-time onboarding (welcome → reminders → device check → app → done) is done. */
  readonly onboardingDone: boolean;
}

/** Details a new (or not signed-in) patient types while booking or registering. */
export interface PatientDetails {
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone: E164;
  readonly dateOfBirth: PlainDate;
  readonly language: Language;
}

export interface Session {
  /** Opaque id of this session (not a credential). */
  readonly id: string;
  readonly patient: Patient;
  /** When the backend ends the session unless it is used (server time). */
  readonly expiresAt?: Instant;
  /** How the patient signed in. */
  readonly method: 'password' | 'invitation' | 'verification' | 'reset' | 'external' | 'reminder-link';
}

export interface ReminderPhone {
  readonly number: E164;
  /** Country chosen when it was entered (for display and editing). */
  readonly country: CountryCode;
  readonly sms: boolean;
  readonly voice: boolean;
}

export interface ReminderPreferences {
  /** The address on file: always on, shown, not removable. */
  readonly email: string;
  readonly phones: readonly ReminderPhone[];
  /** Which reminder times the patient wants (a subset of the clinic's offered hours). */
  readonly hours: readonly ReminderOffsetHours[];
}

/** The 6-digit code challenge sent to a phone. */
export interface PhoneChallenge {
  readonly id: string;
  /** Digits expected (6). */
  readonly length: number;
  /** Server time after which the code no longer works. */
  readonly expiresAt: Instant;
  /** Server time before which no new code may be requested. */
  readonly resendAt: Instant;
}

export type VideoVisitState = 'not-open' | 'open' | 'in-progress' | 'ended' | 'cancelled';

export interface VideoJoin {
  readonly state: VideoVisitState;
  readonly provider: TelehealthProviderKind;
  readonly opensAt: Instant;
  readonly endsAt: Instant;
  /** Only present while the room is open: the provider's app link (https or its own scheme). */
  readonly appUrl?: string;
  /** Only present while the room is open: the web ("simplified") view, https. */
  readonly webUrl?: string;
}

/** A payment the booking needs before it is confirmed (deposit). */
export interface PaymentIntent {
  readonly id: string;
  readonly amount: Money;
  /** Which payment step collects it: the demo clinic's test provider or Stripe. */
  readonly provider: 'demo' | 'stripe';
  /** Given to the provider's own hosted field (Stripe's client secret). Never shown or logged. */
  readonly clientSecret?: string;
  /** Stripe publishable key, when provider is stripe. */
  readonly publishableKey?: string;
  /** `setup`: saves a card for later, nothing charged (amount 0); absent: a payment. */
  readonly mode?: 'setup';
}

/** A page of results from a list operation. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page (absent: last page). */
  readonly nextCursor?: string;
  /** Total matching items, when the backend knows it. */
  readonly total?: number;
}

/** What a reminder's opaque link token stands for. */
export interface ReminderTokenInfo {
  readonly action: 'confirm' | 'cancel';
  readonly appointment: Appointment;
  /** Whether the action can be taken with the token alone (no sign-in). */
  readonly withoutSignIn: boolean;
}

/** A message the backend "sent" (demo outbox, test harnesses). */
export interface OutboxMessage {
  readonly id: string;
  readonly channel: 'email' | 'sms' | 'voice';
  readonly to: string;
  readonly at: Instant;
  readonly language: Language;
  readonly kind:
    | 'invitation'
    | 'verification'
    /** Sent instead of a verification email when someone registers an address that has an account. */
    | 'account-notice'
    | 'password-reset'
    | 'phone-code'
    | 'sign-in-code'
    | 'booking-confirmation'
    | 'cancellation'
    | 'reschedule'
    | 'reminder'
    | 'test-reminder'
    /** The clinic answered one of the patient's conversations (never the message itself). */
    | 'message-reply'
    /** A time a waitlist entry asked for opened: the link holds it (#21, `rules/waitlist.ts`). */
    | 'waitlist-offer'
    /** A late-cancellation or no-show fee charged to the card on file (or, declined, due). */
    | 'fee-charged'
    /** The clinic added a document for the patient (never its name or content; #19). */
    | 'document-new';
  readonly subject: string;
  readonly text: string;
  /** Links in the message, by purpose (e.g. `confirm`, `cancel`, `create-account`). */
  readonly links: Readonly<Record<string, string>>;
  /** A code in the message (SMS code), when there is one. */
  readonly code?: string;
}
