/**
 * The memory adapter's internal records, shared by its core (`memory-adapter.ts`) and the parts it
 * loads on first use (`booking.ts`, `accounts.ts`, `appointments.ts`, `reminders.ts`,
 * `messages.ts`). Not exported from the package.
 */
import type {PostalAddress} from '../../domain/rules/address.js';
import type {CardAuthorization, FeeCharge} from '../../domain/rules/card-fees.js';
import type {PaidCard} from '../../domain/rules/billing.js';
import type {
  AppointmentStatus,
  CancellationInfo,
  E164,
  Language,
  Money,
  PatientDetails,
  PaymentIntent,
  PlainDate,
  ReminderPreferences,
  Service,
  Session,
  Slot,
  VisitItem,
} from '../../domain/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Records

export interface PatientRecord {
  readonly id: string;
  givenName: string;
  familyName: string;
  email: string;
  phone?: E164;
  dateOfBirth: PlainDate;
  language: Language;
  onboardingDone: boolean;
  salt: string;
  passwordHash?: string;
  /** Her own security question and its answer's hash (normalized: `rules/security-answer.ts`). */
  securityQuestion?: string;
  securityAnswerHash?: string;
  /** The name she likes to be called by, and her postal address (checked: `rules/profile.ts`). */
  preferredName?: string;
  address?: PostalAddress;
  emailVerified: boolean;
  prefs?: ReminderPreferences;
}

export interface SessionRecord {
  readonly id: string;
  readonly patientId: string;
  readonly method: Session['method'];
  /** When it started: it ends `SESSION_LIMITS.absoluteMs` later however much it is used. */
  readonly startedAt: number;
  lastUsed: number;
}

export type LinkPurpose = 'invitation' | 'verify' | 'reset';

export interface LinkRecord {
  readonly purpose: LinkPurpose;
  readonly patientId: string;
  readonly expires: number;
  used: boolean;
  /** For a verification link: the password chosen at registration. */
  readonly passwordHash?: string;
}

export interface AppointmentRecord {
  readonly id: string;
  readonly patientId: string;
  status: AppointmentStatus;
  start: number;
  end: number;
  readonly serviceIds: readonly string[];
  providerId: string;
  readonly mode: Service['mode'];
  locationId?: string;
  readonly items: VisitItem[];
  cancellation?: CancellationInfo;
  depositPaid?: Money;
  readonly confirmToken: string;
  readonly cancelToken: string;
  readonly room: string;
  /** Reminder offsets (hours) already sent or skipped. */
  readonly remindersSent: Set<number>;
  /** The account's owner made it signed in or confirmed it from the emailed link (`ownedByAccount`). */
  ownerVerified: boolean;
  /** The patient's own zone when it differed from the clinic's at booking (messages). */
  readonly patientTimeZone?: string;
  /** The card authorized at booking for the policy's fees (#20 item 4). */
  cardAuthorization?: CardAuthorization;
  /** A late-cancellation or no-show fee charged under it, once. */
  feeCharge?: FeeCharge;
}

export interface HoldRecord {
  readonly id: string;
  readonly slot: Slot;
  readonly providerId: string;
  readonly start: number;
  readonly end: number;
  readonly expires: number;
}

export interface ChallengeRecord {
  readonly id: string;
  /** The phone (SMS code) or the patient (sign-in code). */
  readonly target: string;
  readonly code: string;
  readonly expires: number;
  readonly resendAt: number;
  tries: number;
  dead: boolean;
}

export interface IntentRecord {
  readonly intent: PaymentIntent;
  readonly fingerprint: string;
  state: 'requires-payment' | 'succeeded' | 'failed';
  usedBy?: string;
  /** When it was paid (the adapter's clock). */
  paidAt?: number;
  /** The card that paid it (brand and last four, for its receipt). */
  card?: PaidCard;
  /** The appointment whose invoice's balance it pays (an invoice payment, not a deposit). */
  readonly invoiceFor?: string;
}

export interface ReminderTokenRecord {
  readonly appointmentId: string;
  readonly action: 'confirm' | 'cancel';
  used: boolean;
}

export type NewPatient = Omit<PatientDetails, 'phone'> & {readonly phone?: E164};
