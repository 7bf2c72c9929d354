/**
 * Everything a backend needs to know about one clinic to apply its rules: the clinic and its
 * policies, the catalog, the providers' weekly schedules, closures and cancellation reasons. The
 * memory adapter serves one of these (the demo clinic is one), the reference server loads one from
 * its configuration file, and the FHIR adapter builds one from the clinic's FHIR resources.
 */
import type {DocumentFolder, LabResults, PrescriptionDetails} from '../documents.js';
import type {BillingProfile} from './billing.js';
import type {MessageTopic, MessagingConfig} from './messages.js';
import type {SeedMedical} from './medical.js';
import type {SeedInsurance} from './insurance.js';
import type {ProxyScope, Relationship} from './proxy.js';
import type {ConsentDocument, Questionnaire} from '../forms.js';
import type {ProviderSchedule} from '../schedule.js';
import type {
  AppointmentStatus,
  CancellationReason,
  Catalog,
  Clinic,
  E164,
  Language,
  LocalizedText,
  Money,
  PlainDate,
  ReminderPreferences,
  VisitItemState,
} from '../types.js';

/** Forms attached to a service's appointments (shown as visit items). */
export interface VisitForms {
  readonly questionnaire?: LocalizedText;
  readonly consent?: LocalizedText;
  /** The questionnaire the patient answers (an id in {@link ClinicData.questionnaires}). */
  readonly questionnaireId?: string;
  /** The consent document the patient signs (an id in {@link ClinicData.consents}). */
  readonly consentId?: string;
}

export interface ClinicData {
  readonly clinic: Clinic;
  readonly catalog: Catalog;
  readonly schedules: readonly ProviderSchedule[];
  /** Clinic-wide closures (holidays). */
  readonly closures?: readonly PlainDate[];
  readonly stepMinutes: number;
  readonly bufferMinutes?: number;
  readonly cancellationReasons: readonly CancellationReason[];
  /** Service id → forms attached to its appointments. */
  readonly visitForms?: Readonly<Record<string, VisitForms>>;
  /** Questionnaires (FHIR R4 shape) by id. */
  readonly questionnaires?: Readonly<Record<string, Questionnaire>>;
  /** Consent documents by id (the current version of each). */
  readonly consents?: Readonly<Record<string, ConsentDocument>>;
  /** The largest document a patient may upload, bytes (default 20 MB; `rules/documents.ts`). */
  readonly maxUploadBytes?: number;
  /**
   * What the clinic prints on its invoices (legal name, address, tax id, taxes, number prefix) —
   * billing (#20) is on where this is set (the demo clinic loads its own with `loadBilling`).
   */
  readonly billing?: BillingProfile;
  /** Messages with the clinic (#21): the topics it offers, its reply-time promise (`rules/messages.ts`). */
  readonly messaging?: MessagingConfig;
  /** The clinic takes prescription refill requests through messages (#19; default true). */
  readonly refills?: boolean;
  /** How messages name the clinic's zone, e.g. "Mexico City time" (default: the zone's city). */
  readonly timeZoneLabel?: LocalizedText;
  /** Base of video rooms, on a host in `clinic.telehealth.allowedHosts` (default Jitsi Meet). */
  readonly videoRoomBase?: string;
}

// ---------------------------------------------------------------------------------------------
// Seed data: patients and appointments a backend creates when it starts on an empty store (the
// demo clinic's; tests' own).

export interface SeedPatient {
  /** Stable key within the seed data (never shown; ids and tokens are derived from it). */
  readonly key: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly phone?: E164;
  readonly dateOfBirth: PlainDate;
  readonly language: Language;
  readonly onboardingDone?: boolean;
  /** Hashed when the adapter is built; the plain text is not kept. Absent: no account yet. */
  readonly password?: string;
  /** A pending invitation is created (token derived from the key) and its email "sent". */
  readonly invite?: boolean;
  readonly reminderPreferences?: Omit<ReminderPreferences, 'email'>;
  /**
   * A dependent (family members, #21): the seeded holder acts for her by a grant of this scope.
   * Without an account of her own (no password), her email and phone are the guardian's.
   */
  readonly dependentOf?: {
    readonly holderKey: string;
    readonly relationship: Relationship;
    readonly scope: ProxyScope;
  };
}

export interface SeedAppointment {
  /** Stable key within the seed data: the appointment's id and reminder tokens derive from it. */
  readonly key: string;
  readonly patientKey: string;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  /** Start, epoch milliseconds. The end follows from the provider's durations. */
  readonly start: number;
  readonly status: AppointmentStatus;
  readonly locationId?: string;
  readonly cancellation?: {
    readonly reasonId: string;
    readonly note?: string;
    readonly at: number;
    readonly by: 'patient' | 'clinic';
    readonly fee?: Money;
  };
  /** State of the appointment's questionnaires and consents (default: to do). */
  readonly forms?: {readonly questionnaire?: VisitItemState; readonly consent?: VisitItemState};
  readonly depositPaid?: Money;
}

/** A document the clinic gave a seeded patient (a lab result, a prescription…). */
export interface SeedDocument {
  /** Stable key within the seed data (the document's id derives from it). */
  readonly key: string;
  readonly patientKey: string;
  readonly folder: Exclude<DocumentFolder, 'uploads'>;
  readonly fileName: string;
  readonly author: string;
  readonly note?: string;
  /** Added this many days before the backend started (its clock). */
  readonly daysAgo: number;
  /** The file, base64 (its type is read from its bytes). */
  readonly content: string;
  /** A lab result's structured values (results only). */
  readonly results?: LabResults;
  /**
   * A prescription's details (prescriptions only); its date is the document's day, its last refill
   * day `expiresInDays` after it when set.
   */
  readonly prescription?: Omit<PrescriptionDetails, 'date' | 'expiresOn' | 'pendingRefill'> & {
    readonly expiresInDays?: number;
  };
}

/** What a backend seeds billing with: the clinic's invoice header and taxes, payments made. */
export interface SeedBilling {
  readonly profile: BillingProfile;
  /** Seeded appointments (keys) whose balance was paid in full at the end of the visit. */
  readonly paidAtVisit: readonly string[];
  /** Cards on file the seeded patients saved (a demo test card number each; only its facts are kept). */
  readonly cards?: readonly {readonly patientKey: string; readonly cardNumber: string}[];
}

/** A conversation a seeded patient had with the clinic (#21): her question and the clinic's answers. */
export interface SeedConversation {
  /** Stable key within the seed data (the conversation's id derives from it). */
  readonly key: string;
  readonly patientKey: string;
  readonly topic: MessageTopic;
  /** Oldest first; `minutesAgo` counts back from when the backend started (its clock). */
  readonly messages: readonly {
    readonly role: 'patient' | 'clinic';
    /** The clinic member's name and job (the patient's messages carry her own name). */
    readonly author?: string;
    readonly title?: string;
    readonly body: string;
    readonly minutesAgo: number;
  }[];
  /** The patient has read the clinic's answers (default: not yet). */
  readonly read?: boolean;
}

/** A clinic with the patients and appointments to seed it with. */
/** A seeded patient's profile photo (#17): its bytes in base64, checked like any upload. */
export interface SeedPhoto {
  readonly patientKey: string;
  readonly content: string;
}

export interface SeededClinicData extends ClinicData {
  /**
   * Questionnaires and consent documents loaded on first use (the demo clinic keeps them in a
   * chunk of their own, so pages without forms do not load them); merged over the ones above.
   */
  readonly loadForms?: () => Promise<Pick<ClinicData, 'questionnaires' | 'consents'>>;
  /**
   * Documents the clinic gave its seeded patients, loaded on first use (the demo clinic keeps them
   * in a chunk of their own: they carry their bytes).
   */
  readonly loadDocuments?: () => Promise<readonly SeedDocument[]>;
  /** The clinic's billing profile and seeded payments, loaded on first use of billing (#20). */
  readonly loadBilling?: () => Promise<SeedBilling>;
  /** Conversations of seeded patients with the clinic, loaded on first use of messages (#21). */
  readonly loadConversations?: () => Promise<readonly SeedConversation[]>;
  /**
   * Medical information of seeded patients (#17). The demo clinic in memory keeps its own in the
   * medical chunk (`adapters/memory/demo-medical.ts`), so pages without it do not load it.
   */
  readonly medical?: readonly SeedMedical[];
  /** Insurance cards of seeded patients (#17); the demo clinic's are in `demo-insurance.ts`. */
  readonly insurance?: readonly SeedInsurance[];
  /** Profile photos of seeded patients (#17); the demo clinic's is in `demo-photo.ts`. */
  readonly photos?: readonly SeedPhoto[];
  readonly patients?: readonly SeedPatient[];
  /** Seeded appointments, generated from the backend's clock when it starts. */
  readonly appointments?: (nowMs: number) => readonly SeedAppointment[];
  /**
   * The seed loaded on first use instead (the demo clinic in a browser keeps it in a chunk of its
   * own, so a booking page's first step loads only the clinic and its catalog): its fields replace
   * the ones above. The memory adapter loads it before any operation other than reading the
   * clinic, catalog, cancellation reasons, capabilities, server time and session; the seeded records are dated as if
   * created when the adapter was built.
   */
  readonly loadSeed?: () => Promise<Pick<SeededClinicData, 'patients' | 'appointments' | 'visitForms'>>;
}
