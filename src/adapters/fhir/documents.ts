/**
 * The FHIR adapter's documents (#19), loaded on the first documents call in a chunk of its own: a
 * patient's document is a `DocumentReference` (`subject` the Patient, `status` current, `category`
 * its folder in this project's `document-folder` code system, `date`, `author[0].display` (or the
 * Patient for her own uploads), `description` her note, one `content.attachment` with the file's
 * `title`, `contentType`, `size` and `url` `Binary/<id>`), its bytes a `Binary`. A clinic document
 * stays "new" until the extension `first-opened` (valueDateTime) is written on its first download.
 * The patient's upload is checked by the same rule as every backend (`rules/documents.ts`), then
 * stored as a Binary and a DocumentReference; deleting it deletes both. Lab values and
 * prescription details (DiagnosticReport, MedicationRequest) are not mapped yet.
 */
import {
  NotFoundError,
  ValidationError,
  type DocumentContent,
  type DocumentList,
  type DocumentQuery,
  type DocumentUpload,
  type PatientDocument,
  type RequestOptions,
  type UploadOptions,
} from '../adapter.js';
import type {DocumentContentType, UploadCategory} from '../../domain/documents.js';
import {
  checkUpload,
  isDeletable,
  isDocumentFolder,
  maxUploadBytes,
  sniffContentType,
  sortDocuments,
} from '../../domain/rules/documents.js';
import {UPLOAD_CATEGORIES} from '../../domain/documents.js';
import type {Instant} from '../../domain/types.js';
import type {FhirHttp} from './http.js';
import type {Resource} from './profile.js';

/** What the adapter lends its documents. */
export interface DocumentsHost {
  readonly http: FhirHttp;
  /** `SYSTEM.documentFolder`, `SYSTEM.uploadCategory` and `EXT.firstOpened` (profile.ts). */
  readonly urls: {readonly folder: string; readonly category: string; readonly firstOpened: string};
  /** The signed-in patient's Patient id (`NotSignedInError` otherwise). */
  patientId(): string;
  /** The server's time now, RFC 3339. */
  nowInstant(): Instant;
}

interface Attachment {
  contentType?: string;
  url?: string;
  size?: number;
  title?: string;
}

export interface DocumentReferenceResource extends Resource {
  status?: string;
  subject?: {reference?: string};
  date?: string;
  author?: {reference?: string; display?: string}[];
  description?: string;
  category?: {coding?: {system?: string; code?: string}[]}[];
  content?: {attachment?: Attachment}[];
  extension?: {url: string; valueDateTime?: string}[];
  meta?: {versionId?: string};
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPES: readonly DocumentContentType[] = ['application/pdf', 'image/jpeg', 'image/png'];

const codeOf = (r: DocumentReferenceResource, system: string) =>
  r.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === system)?.code;

/** The Binary id a document's attachment points to (only `Binary/<id>` on this server). */
function binaryOf(r: DocumentReferenceResource): string | undefined {
  const id = /^Binary\/([A-Za-z0-9\-.]{1,64})$/.exec(r.content?.[0]?.attachment?.url ?? '')?.[1];
  return id;
}

/** The patient's view of one of her DocumentReferences; undefined for what is not hers or not a portal document. */
function view(
  host: DocumentsHost,
  r: DocumentReferenceResource,
  patient: string,
): PatientDocument | undefined {
  const folder = codeOf(r, host.urls.folder);
  const a = r.content?.[0]?.attachment;
  const type = a?.contentType?.split(';')[0]?.trim() as DocumentContentType | undefined;
  if (
    !r.id ||
    r.status !== 'current' ||
    r.subject?.reference !== patient ||
    !isDocumentFolder(folder) ||
    !a?.title ||
    !type ||
    !TYPES.includes(type) ||
    !binaryOf(r)
  )
    return undefined;
  const own = folder === 'uploads';
  const category = codeOf(r, host.urls.category);
  const author = r.author?.[0]?.display;
  return {
    id: r.id,
    folder,
    ...(own && (UPLOAD_CATEGORIES as readonly string[]).includes(category ?? '')
      ? {category: category as UploadCategory}
      : {}),
    fileName: a.title,
    contentType: type,
    size: typeof a.size === 'number' ? a.size : 0,
    createdAt: (r.date ?? '') as Instant,
    ...(!own && author ? {author} : {}),
    ...(r.description ? {note: r.description} : {}),
    isNew: !own && !r.extension?.some((e) => e.url === host.urls.firstOpened),
  };
}

async function mine(host: DocumentsHost, signal?: AbortSignal): Promise<DocumentReferenceResource[]> {
  const patient = `Patient/${host.patientId()}`;
  return host.http.searchAll<DocumentReferenceResource>(
    'DocumentReference',
    {subject: patient, status: 'current'},
    signal,
  );
}

/** One of the patient's documents by id (anything else, another patient's included: not found). */
async function one(host: DocumentsHost, id: string, signal?: AbortSignal) {
  const patient = `Patient/${host.patientId()}`;
  if (typeof id !== 'string' || !ID.test(id)) throw new NotFoundError();
  const r = (await host.http.request<DocumentReferenceResource>('GET', `DocumentReference/${id}`, {signal}))
    .body;
  const doc = view(host, r, patient);
  if (!doc) throw new NotFoundError();
  return {r, doc};
}

export async function listDocuments(
  host: DocumentsHost,
  query: DocumentQuery = {},
  options: RequestOptions = {},
): Promise<DocumentList> {
  const patient = `Patient/${host.patientId()}`;
  const docs = (await mine(host, options.signal))
    .map((r) => view(host, r, patient))
    .filter((d): d is PatientDocument => d !== undefined && (!query.folder || d.folder === query.folder));
  return {documents: sortDocuments(docs), maxUploadBytes: maxUploadBytes(undefined)};
}

export async function downloadDocument(
  host: DocumentsHost,
  id: string,
  options: RequestOptions = {},
): Promise<DocumentContent> {
  const {r, doc} = await one(host, id, options.signal);
  const binary = (
    await host.http.request<Resource & {contentType?: string; data?: string}>(
      'GET',
      `Binary/${binaryOf(r)}`,
      {
        signal: options.signal,
      },
    )
  ).body;
  const content = Uint8Array.from(atob(binary.data ?? ''), (c) => c.charCodeAt(0));
  // Never trust the stored type: the bytes say what it is, and anything else is not served.
  if (sniffContentType(content) !== doc.contentType) throw new NotFoundError();
  if (doc.isNew) {
    // First opened: written with If-Match (another device at the same time: one write, both fine).
    const {meta, ...rest} = r;
    await host.http.request('PUT', `DocumentReference/${r.id}`, {
      body: {
        ...rest,
        extension: [...(r.extension ?? []), {url: host.urls.firstOpened, valueDateTime: host.nowInstant()}],
      },
      headers: meta?.versionId ? {'If-Match': `W/"${meta.versionId}"`} : {},
      allowConflict: true,
      signal: options.signal,
    });
  }
  return {fileName: doc.fileName, contentType: doc.contentType, content};
}

const base64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export async function uploadDocument(
  host: DocumentsHost,
  upload: DocumentUpload,
  options: UploadOptions = {},
): Promise<PatientDocument> {
  const patient = `Patient/${host.patientId()}`;
  const content = upload?.content instanceof Uint8Array ? upload.content.slice() : undefined;
  const checked = checkUpload(upload, content, maxUploadBytes(undefined));
  const signal = options.signal;
  const bytes = content as Uint8Array;
  const binary = await host.http.request<Resource>('POST', 'Binary', {
    body: {
      resourceType: 'Binary',
      contentType: checked.contentType,
      securityContext: {reference: patient},
      data: base64(bytes),
    },
    signal,
  });
  if (!binary.body.id) throw new ValidationError({file: 'invalid'});
  options.onProgress?.(bytes.length, bytes.length);
  const body: DocumentReferenceResource = {
    resourceType: 'DocumentReference',
    status: 'current',
    subject: {reference: patient},
    date: host.nowInstant(),
    author: [{reference: patient}],
    category: [
      {coding: [{system: host.urls.folder, code: 'uploads'}]},
      {coding: [{system: host.urls.category, code: checked.category}]},
    ],
    ...(checked.note ? {description: checked.note} : {}),
    content: [
      {
        attachment: {
          contentType: checked.contentType,
          url: `Binary/${binary.body.id}`,
          size: checked.size,
          title: checked.fileName,
        },
      },
    ],
  };
  let created: DocumentReferenceResource;
  try {
    created = (
      await host.http.request<DocumentReferenceResource>('POST', 'DocumentReference', {body, signal})
    ).body;
  } catch (e) {
    // Nothing half-stored: the Binary goes when its DocumentReference could not be made.
    await host.http.request('DELETE', `Binary/${binary.body.id}`, {}).catch(() => undefined);
    throw e;
  }
  const doc = view(host, created, patient);
  if (!doc) throw new NotFoundError();
  return doc;
}

/** Deletes one of the patient's own uploads (its DocumentReference, then its Binary). */
export async function deleteDocument(
  host: DocumentsHost,
  id: string,
  options: RequestOptions = {},
): Promise<void> {
  const {r, doc} = await one(host, id, options.signal);
  if (!isDeletable(doc) || r.author?.[0]?.reference !== `Patient/${host.patientId()}`)
    throw new NotFoundError();
  await host.http.request('DELETE', `DocumentReference/${r.id}`, {signal: options.signal});
  await host.http.request('DELETE', `Binary/${binaryOf(r)}`, {signal: options.signal}).catch(() => undefined);
}
