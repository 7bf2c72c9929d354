/**
 * How the clinic lives in FHIR R4 for this adapter: the extension URLs and code systems it reads and
 * writes, the few FHIR shapes it touches, and localized text through the standard `translation`
 * extension. The README's "FHIR backend" section documents the same mapping as a table; the test
 * server's seed (`scripts/fhir-seed.ts`) writes the demo clinic with these very constants.
 */
import type {LocalizedText} from '../../domain/types.js';

/** Base of this project's extensions and code systems. */
export const PPE = 'https://patient-portal-elements.example/fhir';

export const EXT = {
  /** On Organization: JSON (valueString) with the clinic settings FHIR has no element for. */
  settings: `${PPE}/StructureDefinition/portal-clinic-settings`,
  /** On HealthcareService: `in-person` | `video` (valueCode). */
  visitMode: `${PPE}/StructureDefinition/visit-mode`,
  /** On HealthcareService and in `provider-terms`: valueDuration in minutes. */
  duration: `${PPE}/StructureDefinition/duration`,
  /** valueMoney (major units, ISO 4217). */
  price: `${PPE}/StructureDefinition/price`,
  deposit: `${PPE}/StructureDefinition/deposit`,
  preVisit: `${PPE}/StructureDefinition/pre-visit-instructions`,
  postVisit: `${PPE}/StructureDefinition/post-visit-instructions`,
  /** On HealthcareService: the visit item's title (translated valueString). */
  questionnaireTitle: `${PPE}/StructureDefinition/questionnaire-title`,
  /** On HealthcareService: the Questionnaire the patient answers before the visit (valueCanonical, its `url`). */
  questionnaire: `${PPE}/StructureDefinition/questionnaire`,
  /**
   * On HealthcareService: confidential care (valueBoolean `true`; e.g. sexual or mental health) —
   * a teenager's visits for it are kept from a family member acting for her (`rules/proxy.ts`).
   */
  confidential: `${PPE}/StructureDefinition/confidential`,
  /** On HealthcareService: the visit item's title (translated valueString). */
  consentTitle: `${PPE}/StructureDefinition/consent-title`,
  /** On HealthcareService: the consent document the patient signs (valueReference, a DocumentReference). */
  consent: `${PPE}/StructureDefinition/consent`,
  /** On a consent DocumentReference, and on the Consent that signs it: the document's version (valueString). */
  consentVersion: `${PPE}/StructureDefinition/consent-version`,
  /**
   * On a consent DocumentReference: whether the patient may withdraw her signature in the portal
   * (valueCode `before-visit` or `any-time`; absent: no).
   */
  consentWithdrawal: `${PPE}/StructureDefinition/consent-withdrawal`,
  /** On Consent: the patient's full name as she typed it to sign (valueString). */
  typedName: `${PPE}/StructureDefinition/typed-name`,
  /** On Consent: the signature she drew, if any (valueAttachment, image/png). */
  drawnSignature: `${PPE}/StructureDefinition/drawn-signature`,
  /** On DocumentReference: when the patient first opened a clinic document (valueDateTime). */
  firstOpened: `${PPE}/StructureDefinition/first-opened`,
  /** On PractitionerRole: one per service whose terms differ with this provider (complex). */
  providerTerms: `${PPE}/StructureDefinition/provider-terms`,
  /** On Practitioner: a short biography (valueString, translated). */
  bio: `${PPE}/StructureDefinition/bio`,
  /** On a ValueSet concept: the patient must write the reason (valueBoolean). */
  needsText: `${PPE}/StructureDefinition/needs-text`,
  /** On a busy Slot: the booking intent (idempotency key) that took it (valueString). */
  bookingKey: `${PPE}/StructureDefinition/booking-key`,
  /**
   * On a `busy-tentative` Slot: the pending Appointment (`Appointment/<id>`, valueString) whose
   * `$hold` keeps it; written by a server that offers `$hold` (the test server does).
   */
  heldBy: `${PPE}/StructureDefinition/held-by`,
  /** On a pending (held) Appointment: when the server lets the hold go (valueInstant). */
  holdExpires: `${PPE}/StructureDefinition/hold-expires`,
  /** On Appointment: what makes a retried booking the same booking (valueString). */
  bookingFingerprint: `${PPE}/StructureDefinition/booking-fingerprint`,
  /**
   * On Appointment, one per reschedule (complex): `key` (valueString, the request's idempotency
   * key, which now tags the visit's busy Slots) and `fingerprint` (valueString, what makes a
   * retried request the same move). The last one's key is the visit's current slot key.
   */
  reschedule: `${PPE}/StructureDefinition/reschedule`,
  /** On Appointment: the video room this adapter gave a video visit at booking (valueString). */
  videoRoom: `${PPE}/StructureDefinition/video-room`,
  /** On Appointment: the patient's cancellation note, verbatim (valueString). */
  cancellationNote: `${PPE}/StructureDefinition/cancellation-note`,
  /** On Appointment: the late-cancellation fee charged (valueMoney). */
  cancellationFee: `${PPE}/StructureDefinition/cancellation-fee`,
  /** On Appointment: when it was cancelled (valueInstant). */
  cancelledAt: `${PPE}/StructureDefinition/cancelled-at`,
  /**
   * Before 2026-12: on Patient, the reminder preferences (`hour`; `phone`: number, country, sms,
   * voice). Read when no reminder CommunicationRequest exists yet, and removed on the next save.
   */
  reminderPreferences: `${PPE}/StructureDefinition/reminder-preferences`,
  /** On a reminder CommunicationRequest: a reminder time, hours before the visit (valueInteger, one each). */
  reminderHour: `${PPE}/StructureDefinition/reminder-hour`,
  /**
   * On a reminder CommunicationRequest of a phone channel: a phone it goes to (complex: `number`
   * valueString E.164, `country` valueCode, `order` valueInteger — the patient's order of her phones).
   */
  reminderPhone: `${PPE}/StructureDefinition/reminder-phone`,
  /** On RelatedPerson: what the grant lets the holder do for the patient (valueCode `full` | `appointments`). */
  proxyScope: `${PPE}/StructureDefinition/proxy-scope`,
  /** The standard translation extension on a primitive. */
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
} as const;

export const SYSTEM = {
  /** Appointment.identifier: one per booking intent (the idempotency key). */
  bookingKey: `${PPE}/booking-key`,
  /** HealthcareService.category: the clinic's service categories. */
  category: `${PPE}/CodeSystem/service-category`,
  /** Appointment.serviceType and Schedule.serviceType: a HealthcareService's id. */
  service: `${PPE}/CodeSystem/service`,
  /** The clinic's cancellation reasons (the ValueSet's concepts). */
  cancelReason: `${PPE}/CodeSystem/cancellation-reason`,
  /** Patient.identifier of a patient created by a booking without sign-in (one per booking intent). */
  guest: `${PPE}/guest-booking`,
  /**
   * QuestionnaireResponse.identifier: the visit item answered (`<appointment id>-<service id>-q`),
   * so each visit's questionnaire has one response, its draft and then its answers.
   */
  visitItem: `${PPE}/visit-item`,
  /** DocumentReference.identifier of a consent document the clinic publishes (value: its id). */
  consentDocument: `${PPE}/consent-document`,
  /** DocumentReference.category: the folder (`results`, `prescriptions`, `reports`, `images`, `uploads`). */
  documentFolder: `${PPE}/CodeSystem/document-folder`,
  /** DocumentReference.category of the patient's uploads: what she said it is. */
  uploadCategory: `${PPE}/CodeSystem/upload-category`,
  /** CommunicationRequest.medium of a standing reminder preference: `email`, `sms` or `voice`. */
  reminderChannel: `${PPE}/CodeSystem/reminder-channel`,
  /** The standard appointment cancellation reasons. */
  hl7CancelReason: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
} as const;

/** The ValueSet holding the clinic's cancellation reasons. */
export const REASONS_VALUESET = `${PPE}/ValueSet/cancellation-reasons`;

// ---------------------------------------------------------------------------------------------
// The FHIR shapes the adapter touches (only the elements it reads or writes).

export interface Extension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueInstant?: string;
  valueDuration?: {value: number; unit?: string; system?: string; code?: string};
  valueMoney?: {value: number; currency: string};
  valueReference?: Reference;
  valueCanonical?: string;
  valueAttachment?: {contentType?: string; data?: string};
  extension?: Extension[];
}

export interface Element {
  extension?: Extension[];
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
  _display?: Element;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
  _text?: Element;
}

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  [element: string]: unknown;
}

export interface Bundle<T extends Resource = Resource> extends Resource {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  link?: {relation: string; url: string}[];
  entry?: {resource?: T; fullUrl?: string}[];
}

export interface OperationOutcome extends Resource {
  resourceType: 'OperationOutcome';
  issue?: {severity?: string; code?: string; details?: {text?: string}; expression?: string[]}[];
}

// ---------------------------------------------------------------------------------------------
// Localized text: the primitive in the clinic's first language, the others as translations.

/** `value` + `_value` (translations) for a LocalizedText; `first` is the clinic's main language. */
export function toPrimitive(text: LocalizedText, first: string): {value: string; element?: Element} {
  const lang = text[first] !== undefined ? first : Object.keys(text)[0];
  const others = Object.entries(text).filter(([l]) => l !== lang);
  return {
    value: text[lang] ?? '',
    ...(others.length > 0
      ? {
          element: {
            extension: others.map(([l, content]) => ({
              url: EXT.translation,
              extension: [
                {url: 'lang', valueCode: l},
                {url: 'content', valueString: content},
              ],
            })),
          },
        }
      : {}),
  };
}

/** A primitive and its `_element` back to LocalizedText (`lang`: the language of the primitive). */
export function fromPrimitive(
  value: string | undefined,
  element: Element | undefined,
  lang: string,
): LocalizedText {
  const text: Record<string, string> = {};
  if (typeof value === 'string') text[lang] = value;
  for (const ext of element?.extension ?? []) {
    if (ext.url !== EXT.translation) continue;
    const l = ext.extension?.find((e) => e.url === 'lang')?.valueCode;
    const content = ext.extension?.find((e) => e.url === 'content')?.valueString;
    if (l && typeof content === 'string') text[l] = content;
  }
  return text;
}

export function ext(resource: {extension?: Extension[]} | undefined, url: string): Extension | undefined {
  return resource?.extension?.find((e) => e.url === url);
}

/** Money in FHIR (major units, decimal) ↔ the domain's minor units, for 2-decimal currencies. */
export const moneyToFhir = (m: {amountMinor: number; currency: string}) => ({
  value: m.amountMinor / 100,
  currency: m.currency,
});
export const moneyFromFhir = (m: {value: number; currency: string}) => ({
  amountMinor: Math.round(m.value * 100),
  currency: m.currency,
});

export const minutes = (n: number) => ({
  value: n,
  unit: 'min',
  system: 'http://unitsofmeasure.org',
  code: 'min',
});
