/**
 * Documents: the domain types of `<patient-documents>` — what the clinic gives the patient (lab
 * results, prescriptions, reports, images) and what the patient uploads. The rules (which files are
 * accepted, how names are cleaned, the size limit) are in `rules/documents.ts`.
 */
import type {Instant} from './types.js';

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
