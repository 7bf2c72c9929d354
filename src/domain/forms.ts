/**
 * Questionnaires, consents and visit instructions: the domain types of `<patient-forms>`.
 *
 * Questionnaires keep the shape of FHIR R4 `Questionnaire` and `QuestionnaireResponse` (the subset
 * below), so a FHIR backend can pass them straight through and a clinic can author them in standard
 * tools. Bilingual text uses the standard translation extension on `_text`
 * (`http://hl7.org/fhir/StructureDefinition/translation`, sub-extensions `lang` and `content`).
 * Not supported: FHIRPath calculations, `answerValueSet` naming a value set that is not
 * `contained` in the questionnaire (contained ones are expanded: `expansion.contains` or
 * `compose.include[].concept`), repeating groups, attachment/reference/quantity/url items.
 */
import type {
  AppointmentServiceSummary,
  AppointmentStatus,
  Instant,
  LocalizedText,
  VisitItem,
} from './types.js';

export interface FhirExtension {
  readonly url: string;
  readonly valueCode?: string;
  readonly valueString?: string;
  readonly valueCodeableConcept?: {readonly coding?: readonly Coding[]};
  readonly extension?: readonly FhirExtension[];
}

/** A primitive's extensions (e.g. `_text` carrying translations). */
export interface FhirElement {
  readonly extension?: readonly FhirExtension[];
}

export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
  readonly _display?: FhirElement;
}

/** One answer value: exactly one of these keys (FHIR's `value[x]`). */
export interface AnswerValue {
  readonly valueBoolean?: boolean;
  readonly valueDecimal?: number;
  readonly valueInteger?: number;
  readonly valueDate?: string;
  readonly valueDateTime?: string;
  readonly valueTime?: string;
  readonly valueString?: string;
  readonly valueCoding?: Coding;
}

export type QuestionnaireItemType =
  | 'group'
  | 'display'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'string'
  | 'text'
  | 'choice'
  | 'open-choice';

export type EnableWhenOperator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';

export interface EnableWhen {
  readonly question: string;
  readonly operator: EnableWhenOperator;
  readonly answerBoolean?: boolean;
  readonly answerDecimal?: number;
  readonly answerInteger?: number;
  readonly answerDate?: string;
  readonly answerDateTime?: string;
  readonly answerTime?: string;
  readonly answerString?: string;
  readonly answerCoding?: Coding;
}

export interface AnswerOption extends AnswerValue {
  readonly initialSelected?: boolean;
}

export interface QuestionnaireItem {
  readonly linkId: string;
  readonly prefix?: string;
  readonly text?: string;
  readonly _text?: FhirElement;
  /** The type as the clinic wrote it; unknown types are shown as "cannot be answered here". */
  readonly type: QuestionnaireItemType | (string & {});
  readonly required?: boolean;
  readonly repeats?: boolean;
  readonly readOnly?: boolean;
  readonly maxLength?: number;
  readonly enableWhen?: readonly EnableWhen[];
  readonly enableBehavior?: 'all' | 'any';
  readonly initial?: readonly AnswerValue[];
  readonly answerOption?: readonly AnswerOption[];
  /** A value set of the answers; `#id` names one `contained` in the questionnaire. */
  readonly answerValueSet?: string;
  readonly extension?: readonly FhirExtension[];
  readonly item?: readonly QuestionnaireItem[];
}

/** A value set's code (compose `concept` or `expansion.contains`, which may nest). */
export interface ValueSetConcept {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
  readonly designation?: readonly {readonly language?: string; readonly value?: string}[];
  readonly contains?: readonly ValueSetConcept[];
}

/** A FHIR R4 ValueSet contained in a questionnaire (the parts that list answers). */
export interface ContainedValueSet {
  readonly resourceType: 'ValueSet';
  readonly id?: string;
  readonly compose?: {
    readonly include?: readonly {readonly system?: string; readonly concept?: readonly ValueSetConcept[]}[];
  };
  readonly expansion?: {readonly contains?: readonly ValueSetConcept[]};
}

export interface Questionnaire {
  readonly resourceType: 'Questionnaire';
  /** Resources inside the questionnaire; value sets named by `answerValueSet: '#id'`. */
  readonly contained?: readonly (ContainedValueSet | {readonly resourceType: string; readonly id?: string})[];
  readonly id?: string;
  readonly url?: string;
  readonly version?: string;
  readonly language?: string;
  readonly title?: string;
  readonly _title?: FhirElement;
  readonly status: 'draft' | 'active' | 'retired' | 'unknown';
  readonly item?: readonly QuestionnaireItem[];
}

export interface ResponseAnswer extends AnswerValue {
  readonly item?: readonly ResponseItem[];
}

export interface ResponseItem {
  readonly linkId: string;
  readonly text?: string;
  readonly answer?: readonly ResponseAnswer[];
  readonly item?: readonly ResponseItem[];
}

export interface QuestionnaireResponse {
  readonly resourceType: 'QuestionnaireResponse';
  /** Canonical `url|version` of the questionnaire answered. */
  readonly questionnaire?: string;
  readonly status: 'in-progress' | 'completed';
  /** When it was last saved (drafts) or submitted. */
  readonly authored?: Instant;
  readonly item?: readonly ResponseItem[];
}

// ---------------------------------------------------------------------------------------------
// Consents

/** A consent document as the clinic publishes it: versioned; the patient signs one version. */
export interface ConsentDocument {
  readonly id: string;
  /** Changes whenever the text changes; a signature names the version signed. */
  readonly version: string;
  readonly title: LocalizedText;
  /** The full text; paragraphs separated by a blank line. */
  readonly body: LocalizedText;
  /**
   * Whether the patient may withdraw a signature from the portal (`rules/forms.ts`,
   * `consentWithdrawable`): `before-visit` while the visit is still ahead (a treatment's consent),
   * `any-time` for as long as the visit is not cancelled (e.g. using photos). Absent: the portal
   * offers no withdrawal (the patient asks the clinic).
   */
  readonly withdrawal?: 'before-visit' | 'any-time';
}

export interface ConsentSignRequest {
  /** The version the patient read (must be the current one). */
  readonly version: string;
  /** The patient's full name, as typed. */
  readonly typedName: string;
  /** "I have read and agree" ticked. */
  readonly agreed: boolean;
  /**
   * An optional drawn signature: base64 of a PNG (no `data:` prefix), at most 100 KB
   * (`rules/signature-image.ts`). The typed name alone is always enough.
   */
  readonly signatureImage?: string;
}

export interface ConsentSignature {
  readonly consentId: string;
  readonly version: string;
  readonly typedName: string;
  readonly signedAt: Instant;
  /** The drawn signature, if the patient drew one: base64 of the PNG as stored (IHDR, IDAT, IEND only). */
  readonly signatureImage?: string;
}

// ---------------------------------------------------------------------------------------------
// The patient's forms

/** Which visit item: the appointment it belongs to and the item's id. */
export interface FormRef {
  readonly appointmentId: string;
  readonly itemId: string;
}

/** One questionnaire, consent or instructions for one visit, as `<patient-forms>` lists it. */
export interface FormTask {
  readonly appointmentId: string;
  readonly appointmentStart: Instant;
  readonly appointmentStatus: AppointmentStatus;
  readonly services: readonly AppointmentServiceSummary[];
  readonly item: VisitItem;
  /** The patient still has to do it (a questionnaire or consent to do, for a visit still ahead). */
  readonly actionRequired: boolean;
  /** Due before this instant (the visit's start), for "before" items still to do. */
  readonly dueBy?: Instant;
}

export interface QuestionnaireForm {
  readonly task: FormTask;
  readonly questionnaire: Questionnaire;
  /** The saved draft (`in-progress`) or the submitted answers (`completed`), if any. */
  readonly response?: QuestionnaireResponse;
}

/** A signature the patient withdrew: what was signed, and when it stopped counting. */
export interface WithdrawnConsent extends ConsentSignature {
  readonly withdrawnAt: Instant;
}

export interface ConsentForm {
  readonly task: FormTask;
  readonly document: ConsentDocument;
  /** The signature in force, once signed (and not withdrawn since). */
  readonly signature?: ConsentSignature;
  /** Whether the patient may withdraw that signature now (the backend's clock decides). */
  readonly withdrawable?: boolean;
  /** Signatures the patient withdrew on this visit item, latest first. */
  readonly withdrawn?: readonly WithdrawnConsent[];
}
