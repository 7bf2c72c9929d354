/**
 * Documents: the domain types of `<patient-documents>` — what the clinic gives the patient (lab
 * results, prescriptions, reports, images) and what the patient uploads. The rules (which files are
 * accepted, how names are cleaned, the size limit) are in `rules/documents.ts`.
 */
import type {Instant, PlainDate} from './types.js';

/** The folders the portal shows, in this order; `uploads` is "Uploaded by you". */
export const DOCUMENT_FOLDERS = ['results', 'prescriptions', 'reports', 'images', 'uploads'] as const;
export type DocumentFolder = (typeof DOCUMENT_FOLDERS)[number];

/** What a patient says an upload is (required): the clinic's folders, or something else. */
export const UPLOAD_CATEGORIES = ['results', 'prescriptions', 'reports', 'images', 'other'] as const;
export type UploadCategory = (typeof UPLOAD_CATEGORIES)[number];

/** The only types a backend stores, recognised by their first bytes (never by name or by header). */
export type DocumentContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** One document of the signed-in patient (metadata only; the bytes come with `downloadDocument`). */
export interface PatientDocument {
  readonly id: string;
  readonly folder: DocumentFolder;
  /** The patient's category of an upload (uploads only). */
  readonly category?: UploadCategory;
  /** The original file name, cleaned (`sanitizeFileName`). */
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  /** Bytes. */
  readonly size: number;
  /** When the clinic added it or the patient uploaded it (RFC 3339, clinic zone offset). */
  readonly createdAt: Instant;
  /** Who wrote it (a provider or the clinic); absent for the patient's own uploads. */
  readonly author?: string;
  readonly note?: string;
  /** Not yet opened or downloaded by the patient (clinic documents only). */
  readonly isNew: boolean;
  /** A lab result's values, when the clinic's system gives them structured (results only). */
  readonly results?: LabResults;
  /** A prescription's details, when the clinic's system gives them (prescriptions only). */
  readonly prescription?: PrescriptionDetails;
}

/**
 * How a value compares with its reference range: `high` / `low` / `normal`, or `abnormal` (a text
 * result outside what is expected, e.g. "Positive"), as {@link labFlag} in the rules decides.
 */
export const LAB_FLAGS = ['high', 'low', 'normal', 'abnormal'] as const;
export type LabFlag = (typeof LAB_FLAGS)[number];

/** A reference range: numeric bounds (either may be open), or the clinic's text ("Negative"). */
export interface ReferenceRange {
  readonly low?: number;
  readonly high?: number;
  readonly text?: string;
}

/** One measured value of a lab result, as the clinic's system gives it. */
export interface LabValue {
  /** What was measured ("Hemoglobina", "Leucocitos"), in the clinic's words. */
  readonly name: string;
  /** A number, or a text result ("Negativo"). */
  readonly value: number | string;
  /** "g/dL", "x10^3/µL"; absent for a text result. */
  readonly unit?: string;
  readonly referenceRange?: ReferenceRange;
  /** The clinic's own interpretation; when given it wins over the range (`labFlag`). */
  readonly interpretation?: LabFlag;
}

/** A lab result's structured values, in the clinic's order. */
export interface LabResults {
  readonly values: readonly LabValue[];
  /** When the sample was taken (RFC 3339, clinic zone offset), when known. */
  readonly collectedAt?: Instant;
}

/** A prescription as the clinic wrote it, and whether it can be refilled. */
export interface PrescriptionDetails {
  /** "Ácido fólico 5 mg tabletas". */
  readonly medication: string;
  /** "1 tableta". */
  readonly dose: string;
  /** "Una vez al día, por la mañana, durante 30 días". */
  readonly instructions: string;
  /** Who prescribed it ("Dra. Sofía Ramírez Luna"). */
  readonly prescriber: string;
  /** The day it was prescribed (the clinic's calendar). */
  readonly date: PlainDate;
  /** The prescriber allows refills of this prescription. */
  readonly refillsAllowed: boolean;
  /** Refills left (0 when none). */
  readonly refillsLeft: number;
  /** The last day it can be refilled (the clinic's calendar), when it has one. */
  readonly expiresOn?: PlainDate;
  /** A refill the patient asked for that the clinic has not answered yet. */
  readonly pendingRefill?: {readonly requestedAt: Instant; readonly conversationId: string};
}

/**
 * What `requestRefill` answers: the request and the conversation (in `<patient-messages>`) it went
 * to. `alreadyRequested`: a request was still waiting for the clinic's answer, so this is that one
 * (nothing new was sent).
 */
export interface RefillRequest {
  readonly documentId: string;
  readonly conversationId: string;
  readonly requestedAt: Instant;
  readonly alreadyRequested: boolean;
}

/** The patient's documents, newest first, and the largest file this clinic accepts. */
export interface DocumentList {
  readonly documents: readonly PatientDocument[];
  /** Bytes (the clinic's setting; default {@link DEFAULT_MAX_UPLOAD_BYTES} in the rules). */
  readonly maxUploadBytes: number;
}

export interface DocumentQuery {
  readonly folder?: DocumentFolder;
}

/** A file the patient uploads: its bytes as read from the file input, a category, a note. */
export interface DocumentUpload {
  readonly fileName: string;
  readonly category: UploadCategory;
  readonly note?: string;
  readonly content: Uint8Array;
}

/** A document's bytes, with its cleaned name and type (open in a new tab or save). */
export interface DocumentContent {
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly content: Uint8Array;
}
