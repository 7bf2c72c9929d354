/**
 * Family members (proxy access, #21): an account holder acts for a dependent — a child under the
 * clinic's age of majority, or an adult who granted access — by a grant the clinic records. These
 * are the rules, once, for the memory adapter and the reference server alike: which operations
 * (by the contract's names, which are the OpenAPI `operationId`s) each grant's scope allows, the
 * age of majority, and the people a holder is shown. Anything a scope does not allow — and every
 * account operation (passwords, sessions, email) whatever the scope — is refused as not found, so
 * a proxy never learns what exists outside the grant.
 */
import {plainDateToEpochDay} from '../time.js';
import type {Clinic, PlainDate, Service} from '../types.js';

/** What a grant lets the holder do: everything a patient does but the account, or appointments only. */
export const PROXY_SCOPES = ['full', 'appointments'] as const;
export type ProxyScope = (typeof PROXY_SCOPES)[number];

/** How the dependent is related to the holder (shown beside the name: "Sofía (daughter)"). */
export const RELATIONSHIPS = ['daughter', 'son', 'child', 'mother', 'father', 'partner', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** The header (REST) that names the person every request acts for. */
export const ACTING_FOR_HEADER = 'Portal-Acting-For';

/** One person the signed-in holder may view: herself first, then her dependents. */
export interface PortalPerson {
  /** The patient's id: the value to pass to `actingFor` (the holder's own for herself). */
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: PlainDate;
  /** `self` for the holder; otherwise how the dependent is related to her. */
  readonly relationship: Relationship | 'self';
  /** What she may do for this person (`full` for herself). */
  readonly scope: ProxyScope;
  /**
   * A minor old enough that her confidential care is her own (`keepsConfidential`): her
   * confidential visits, her messages with the care team and her documents are kept from the
   * holder whatever the grant, so the portal leaves those sections out while acting for her.
   */
  readonly confidential?: boolean;
}

/** Operations that read nothing of a patient's record: allowed while acting for anyone. */
const OPEN = new Set([
  'getCapabilities',
  'getClinic',
  'getServerTime',
  'getCatalog',
  'getCancellationReasons',
  'getAvailability',
  'getSession',
  'checkConnection',
]);

/** Visits: what an `appointments` grant allows (and a `full` one). */
const APPOINTMENTS = new Set([
  'listAppointments',
  'getAppointment',
  'confirmAppointment',
  'getCancellationQuote',
  'cancelAppointment',
  'rescheduleAppointment',
  'getVideoJoin',
  'holdSlot',
  'releaseHold',
  'createDepositIntent',
  'confirmDemoPayment',
  'book',
  'getReminderPreferences',
  'saveReminderPreferences',
  'listWaitlist',
  'joinWaitlist',
  'leaveWaitlist',
]);

/** The rest of the record: forms, documents, billing, messages, cards, medical, insurance, profile. */
const FULL = new Set([
  'getProfile',
  'updateProfile',
  'getProfilePhoto',
  'uploadProfilePhoto',
  'removeProfilePhoto',
  'listForms',
  'getQuestionnaireForm',
  'saveQuestionnaireDraft',
  'submitQuestionnaire',
  'getConsentForm',
  'getConsentPdf',
  'signConsent',
  'withdrawConsent',
  'listDocuments',
  'downloadDocument',
  'uploadDocument',
  'deleteDocument',
  'requestRefill',
  'listInvoices',
  'getInvoice',
  'getInvoicePdf',
  'getReceiptPdf',
  'getBillingDetails',
  'saveBillingDetails',
  'listPayments',
  'createInvoicePaymentIntent',
  'listConversations',
  'getConversation',
  'startConversation',
  'replyToConversation',
  'markConversationRead',
  'downloadAttachment',
  'listCards',
  'startCardSetup',
  'confirmDemoCardSetup',
  'setDefaultCard',
  'removeCard',
  'getMedicalInfo',
  'addMedicalEntry',
  'updateMedicalEntry',
  'removeMedicalEntry',
  'listInsuranceCards',
  'addInsuranceCard',
  'updateInsuranceCard',
  'setPrimaryInsuranceCard',
  'removeInsuranceCard',
]);

/**
 * What stays a teenager's own once `keepsConfidential` holds for her, even under a `full` grant:
 * her conversations with the care team and her documents (results, prescriptions, what she
 * uploaded) — what she writes or is told there is not tied to a visit the clinic can mark, so all
 * of it is kept, as MyChart-style teen proxy access does. Her non-confidential visits, reminders,
 * forms, billing, medical lists and profile stay with the grant.
 */
const OWN_WHEN_CONFIDENTIAL = new Set([
  'listConversations',
  'getConversation',
  'startConversation',
  'replyToConversation',
  'markConversationRead',
  'downloadAttachment',
  'listDocuments',
  'downloadDocument',
  'uploadDocument',
  'deleteDocument',
  'requestRefill',
]);

/**
 * Whether a holder acting for a dependent under `scope` may call `operation` (the contract's name);
 * `confidential`: `keepsConfidential` holds for the dependent (then her messages and documents
 * are refused too). Sign-in, sign-out, passwords, email, sessions, invitations and the list of
 * people are the holder's own and never done "as" someone else.
 */
export function proxyAllows(scope: ProxyScope, operation: string, confidential = false): boolean {
  if (confidential && OWN_WHEN_CONFIDENTIAL.has(operation)) return false;
  if (OPEN.has(operation) || APPOINTMENTS.has(operation)) return true;
  return scope === 'full' && FULL.has(operation);
}

/** Whether calling `operation` for a dependent depends on her age (`keepsConfidential`). */
export const confidentialityMatters = (operation: string): boolean => OWN_WHEN_CONFIDENTIAL.has(operation);

/** The age of majority where the clinic's rules say nothing else. */
export const DEFAULT_AGE_OF_MAJORITY = 18;

/** Full years of age on `today` of someone born on `dateOfBirth` (both plain dates). */
export function ageOn(dateOfBirth: PlainDate, today: PlainDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Whether someone born on `dateOfBirth` is a minor on `today` (under `ageOfMajority`). */
export function isMinor(
  dateOfBirth: PlainDate,
  today: PlainDate,
  ageOfMajority = DEFAULT_AGE_OF_MAJORITY,
): boolean {
  return ageOn(dateOfBirth, today) < ageOfMajority;
}

/**
 * From what age a minor's confidential care is kept from a family member acting for her, by the
 * clinic's country, where the clinic sets nothing (`FamilyAccessRules.confidentialFromAge`): in
 * Spain patients of 16 and over consent to their own care (Ley 41/2002, art. 9.4). Elsewhere the
 * age depends on the state or province and the kind of care, so the clinic sets it.
 */
export const CONFIDENTIAL_FROM_AGE: Readonly<Partial<Record<string, number>>> = {ES: 16};

/**
 * Whether a family member acting for someone born on `dateOfBirth` is kept, on `today`, from her
 * confidential care: she is at least the clinic's confidentiality age and still a minor.
 */
export function keepsConfidential(
  clinic: Pick<Clinic, 'country' | 'familyAccess'>,
  dateOfBirth: PlainDate,
  today: PlainDate,
): boolean {
  const rules = clinic.familyAccess;
  const from =
    rules?.confidentialFromAge === undefined
      ? CONFIDENTIAL_FROM_AGE[clinic.country]
      : rules.confidentialFromAge;
  if (from === undefined || from === null) return false;
  const age = ageOn(dateOfBirth, today);
  return age >= from && age < (rules?.ageOfMajority ?? DEFAULT_AGE_OF_MAJORITY);
}

/**
 * Whether a visit is hidden from a family member acting for its patient (as not found: nothing
 * about it is revealed): one of its services is confidential and `keepsConfidential` holds.
 */
export function hiddenFromProxy(
  visit: {readonly serviceIds: readonly string[]},
  services: readonly Pick<Service, 'id' | 'confidential'>[],
  keep: boolean,
): boolean {
  return keep && visit.serviceIds.some((id) => services.find((s) => s.id === id)?.confidential === true);
}

/** The holder first, then her dependents by date of birth (oldest first), then name. */
export function orderPeople(people: readonly PortalPerson[]): PortalPerson[] {
  return [...people].sort((a, b) =>
    a.relationship === 'self'
      ? -1
      : b.relationship === 'self'
        ? 1
        : plainDateToEpochDay(a.dateOfBirth) - plainDateToEpochDay(b.dateOfBirth) ||
          a.givenName.localeCompare(b.givenName),
  );
}

/** A grant's scope or a relationship from outside (a CLI argument, a request): checked. */
export const isProxyScope = (v: unknown): v is ProxyScope =>
  typeof v === 'string' && (PROXY_SCOPES as readonly string[]).includes(v);
export const isRelationship = (v: unknown): v is Relationship =>
  typeof v === 'string' && (RELATIONSHIPS as readonly string[]).includes(v);
