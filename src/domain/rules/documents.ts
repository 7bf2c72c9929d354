/**
 * The upload rules of `<patient-documents>`, once: which files a backend stores (recognised by their
 * first bytes, never by name or declared type), the size limit, how a file name is cleaned, the
 * category and the note. The memory adapter and the reference server both call {@link checkUpload};
 * the element calls {@link fileProblem} before it sends anything, with the same rule.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {
  DOCUMENT_FOLDERS,
  UPLOAD_CATEGORIES,
  type DocumentContentType,
  type DocumentFolder,
  type PatientDocument,
  type UploadCategory,
} from '../documents.js';

/** The largest upload when the clinic sets none: 20 MB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** A clinic may not set more than this (the server keeps the bytes in its database by default). */
export const MAX_UPLOAD_BYTES_CAP = 50 * 1024 * 1024;
/** The optional note's length (characters). */
export const NOTE_MAX_LENGTH = 500;
/** A cleaned file name's length (characters, extension included). */
export const FILE_NAME_MAX_LENGTH = 120;

const EXTENSION: Readonly<Record<DocumentContentType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};
const SAME_EXTENSIONS: Readonly<Record<DocumentContentType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** The clinic's upload limit in bytes: its setting when sane, else the default. */
export function maxUploadBytes(setting: number | undefined): number {
  return setting !== undefined && Number.isInteger(setting) && setting > 0 && setting <= MAX_UPLOAD_BYTES_CAP
    ? setting
    : DEFAULT_MAX_UPLOAD_BYTES;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

/** HEIF/HEIC brands (ISO/IEC 23008-12) found in an `ftyp` box at byte 4. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif']);

/**
 * What the first bytes say the file is: PDF (`%PDF-`), JPEG (`FF D8 FF`), PNG (its 8-byte
 * signature), `heic` for an HEIF/HEIC photo (refused with its own reason), else `undefined`.
 */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | 'heic' | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (HEIF_BRANDS.has(brand)) return 'heic';
  }
  return undefined;
}

/**
 * Why this file cannot be uploaded (the element asks before sending, the backend again on the
 * bytes it got): `file-empty`, `file-too-large`, `file-heic`, `file-type`; `undefined` when fine.
 */
export function fileProblem(bytes: Uint8Array, maxBytes: number): FieldErrorCode | undefined {
  if (bytes.length === 0) return 'file-empty';
  if (bytes.length > maxBytes) return 'file-too-large';
  const type = sniffContentType(bytes);
  if (type === 'heic') return 'file-heic';
  if (type === undefined) return 'file-type';
  return undefined;
}

/**
 * A file name safe to show and to hand back in `Content-Disposition`: the last path segment only
 * (no `/` or `\`), no control, format (bidi) or reserved characters (`<>:"|?*`), spaces collapsed,
 * no leading dots, at most {@link FILE_NAME_MAX_LENGTH} characters, and ending in the extension of
 * the type its bytes are (`scan.exe` holding a PDF becomes `scan.exe.pdf`).
 */
export function sanitizeFileName(name: string, type: DocumentContentType): string {
  const last = String(name).split(/[/\\]/).pop() ?? '';
  const clean = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  const keep = SAME_EXTENSIONS[type].includes(ext);
  const suffix = `.${keep ? ext : EXTENSION[type]}`;
  const stem = [...(keep ? clean.slice(0, dot) : clean)]
    .slice(0, FILE_NAME_MAX_LENGTH - suffix.length)
    .join('')
    .trimEnd();
  return `${stem || 'document'}${suffix}`;
}

/** What a backend stores for an accepted upload (the bytes stay the caller's). */
export interface CheckedUpload {
  readonly fileName: string;
  readonly category: UploadCategory;
  readonly note?: string;
  readonly contentType: DocumentContentType;
  readonly size: number;
}

const CONTROL = /[\p{Cc}\p{Cs}]/u;

/**
 * Checks an upload from an untrusted caller: the bytes by {@link fileProblem}, a category from
 * {@link UPLOAD_CATEGORIES} (`required`), a file name (`required`), an optional note (text, at most
 * {@link NOTE_MAX_LENGTH} characters, no control characters but line breaks). Throws
 * `ValidationError` with every field's reason (`file`, `fileName`, `category`, `note`), so nothing
 * is stored; returns what to store otherwise.
 */
export function checkUpload(
  request: unknown,
  bytes: Uint8Array | undefined,
  maxBytes: number,
): CheckedUpload {
  const r = (request && typeof request === 'object' ? request : {}) as Record<string, unknown>;
  const errors: Record<string, FieldErrorCode> = {};
  const fileError = bytes === undefined ? 'required' : fileProblem(bytes, maxBytes);
  if (fileError) errors.file = fileError;
  const category = r.category;
  if (category === undefined || category === null || category === '') errors.category = 'required';
  else if (!(UPLOAD_CATEGORIES as readonly unknown[]).includes(category)) errors.category = 'invalid';
  const name = r.fileName;
  if (typeof name !== 'string' || name.trim() === '') errors.fileName = 'required';
  else if (name.length > 1000) errors.fileName = 'too-long';
  let note: string | undefined;
  if (r.note !== undefined && r.note !== null) {
    if (typeof r.note !== 'string' || CONTROL.test(r.note.replace(/\r?\n/g, ''))) errors.note = 'invalid';
    else if ([...r.note].length > NOTE_MAX_LENGTH) errors.note = 'too-long';
    else note = r.note.trim() || undefined;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const contentType = sniffContentType(bytes as Uint8Array) as DocumentContentType;
  return {
    fileName: sanitizeFileName(name as string, contentType),
    category: category as UploadCategory,
    ...(note ? {note} : {}),
    contentType,
    size: (bytes as Uint8Array).length,
  };
}

/** What a backend stores for a document the clinic adds (the bytes stay the caller's). */
export interface CheckedClinicDocument {
  readonly folder: Exclude<DocumentFolder, 'uploads'>;
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly size: number;
  readonly author?: string;
}

/**
 * Checks a document the clinic adds for a patient (its staff side: a command, the demo): a clinic
 * folder (`results`, `prescriptions`, `reports`, `images`; never `uploads`), a file name, the bytes
 * by {@link fileProblem} under {@link MAX_UPLOAD_BYTES_CAP}, an optional author (200 characters,
 * no control characters). Throws `ValidationError` (`folder`, `fileName`, `file`, `author`).
 */
export function checkClinicDocument(
  request: {folder?: unknown; fileName?: unknown; author?: unknown},
  bytes: Uint8Array | undefined,
): CheckedClinicDocument {
  const errors: Record<string, FieldErrorCode> = {};
  const fileError = bytes === undefined ? 'required' : fileProblem(bytes, MAX_UPLOAD_BYTES_CAP);
  if (fileError) errors.file = fileError;
  const folder = request.folder;
  if (!isDocumentFolder(folder) || folder === 'uploads') errors.folder = folder ? 'invalid' : 'required';
  const name = request.fileName;
  if (typeof name !== 'string' || name.trim() === '') errors.fileName = 'required';
  else if (name.length > 1000) errors.fileName = 'too-long';
  const author = request.author;
  if (author !== undefined && author !== null && author !== '') {
    if (typeof author !== 'string' || CONTROL.test(author)) errors.author = 'invalid';
    else if ([...author].length > 200) errors.author = 'too-long';
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const contentType = sniffContentType(bytes as Uint8Array) as DocumentContentType;
  return {
    folder: folder as CheckedClinicDocument['folder'],
    fileName: sanitizeFileName(name as string, contentType),
    contentType,
    size: (bytes as Uint8Array).length,
    ...(typeof author === 'string' && author.trim() ? {author: author.trim()} : {}),
  };
}

/** Whether `value` names a folder (a list filter from a query string). */
export function isDocumentFolder(value: unknown): value is DocumentFolder {
  return (DOCUMENT_FOLDERS as readonly unknown[]).includes(value);
}

/** Newest first; the same instant by id, so every backend lists in the same order. */
export function sortDocuments<D extends Pick<PatientDocument, 'createdAt' | 'id'>>(docs: readonly D[]): D[] {
  return [...docs].sort((a, b) => {
    const t = Date.parse(b.createdAt) - Date.parse(a.createdAt);
    return t !== 0 ? t : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * `Content-Disposition` for a document: `inline` (open in the browser's viewer) or `attachment`
 * (save), with the cleaned name as an ASCII fallback and as RFC 5987 UTF-8.
 */
export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** What the patient narrows the list to: words of the name and a date range (clinic dates). */
export interface DocumentFilter {
  /** Words that must all appear in the file name (case and accents ignored). */
  readonly text?: string;
  /** First day, `YYYY-MM-DD` in the clinic's calendar, inclusive. */
  readonly from?: string;
  /** Last day, `YYYY-MM-DD` in the clinic's calendar, inclusive. */
  readonly to?: string;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Lower case, no accents, `-`, `_` and `.` as spaces: "Receta-Ácido" reads as "receta acido". */
function searchable(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-_.]+/g, ' ');
}

/** Whether the range is backwards (`to` before `from`): nothing can match, the element says so. */
export function isBackwardsRange(filter: DocumentFilter): boolean {
  const {from, to} = filter;
  return !!from && !!to && DAY_RE.test(from) && DAY_RE.test(to) && to < from;
}

/**
 * The documents matching `filter`, in their order. A document's day is the date of its `createdAt`,
 * which backends write with the clinic's offset, so the day is the clinic's (not the browser's).
 * Empty or malformed parts of the filter are ignored.
 */
export function filterDocuments<D extends Pick<PatientDocument, 'fileName' | 'createdAt'>>(
  docs: readonly D[],
  filter: DocumentFilter,
): D[] {
  const words = searchable(filter.text ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const from = filter.from && DAY_RE.test(filter.from) ? filter.from : undefined;
  const to = filter.to && DAY_RE.test(filter.to) ? filter.to : undefined;
  return docs.filter((d) => {
    const day = d.createdAt.slice(0, 10);
    if (from && day < from) return false;
    if (to && day > to) return false;
    if (words.length === 0) return true;
    const name = searchable(d.fileName);
    return words.every((w) => name.includes(w));
  });
}

/**
 * Whether the patient may delete this document: only their own uploads ("Uploaded by you"); what
 * the clinic gave them stays. Backends answer "not found" for anything else (another patient's id,
 * an unknown id, a clinic document), so a refusal says nothing about other patients.
 */
export function isDeletable(doc: Pick<PatientDocument, 'folder'>): boolean {
  return doc.folder === 'uploads';
}
