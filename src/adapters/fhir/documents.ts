/**
 * The FHIR adapter's documents (#19), loaded on the first documents call in a chunk of its own: a
 * patient's document is a `DocumentReference` (`subject` the Patient, `status` current, `category`
 * its folder in this project's `document-folder` code system, `date`, `author[0].display` (or the
 * Patient for her own uploads), `description` her note, one `content.attachment` with the file's
 * `title`, `contentType`, `size` and `url` `Binary/<id>`), its bytes a `Binary`. A clinic document
 * stays "new" until the extension `first-opened` (valueDateTime) is written on its first download.
 * The patient's upload is checked by the same rule as every backend (`rules/documents.ts`), then
 * stored as a Binary and a DocumentReference; deleting it deletes both. A lab result's values come
 * from the `DiagnosticReport` its `context.related` names (its `result` Observations: `code.text`,
 * `valueQuantity` or `valueString`, `referenceRange`, `interpretation` H/L/N/A), a prescription's
 * details from the `MedicationRequest` it names (medication text, dose quantity, instructions,
 * requester, `authoredOn`, repeats allowed, validity end); one search of each per list, none when
 * no document names one. Refill requests are not offered on FHIR.
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
import type {
  DocumentContentType,
  LabFlag,
  LabResults,
  LabValue,
  PrescriptionDetails,
  UploadCategory,
} from '../../domain/documents.js';
import {
  checkUpload,
  isDeletable,
  isDocumentFolder,
  maxUploadBytes,
  sniffContentType,
  sortDocuments,
} from '../../domain/rules/documents.js';
import {UPLOAD_CATEGORIES} from '../../domain/documents.js';
import type {Instant, PlainDate} from '../../domain/types.js';
import {fromBase64, toBase64} from './binary.js';
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
  context?: {related?: {reference?: string}[]};
  meta?: {versionId?: string};
}

interface Quantity {
  value?: number;
  unit?: string;
}

interface ObservationResource extends Resource {
  code?: {text?: string; coding?: {display?: string}[]};
  valueQuantity?: Quantity;
  valueString?: string;
  referenceRange?: {low?: Quantity; high?: Quantity; text?: string}[];
  interpretation?: {coding?: {code?: string}[]}[];
}

interface DiagnosticReportResource extends Resource {
  effectiveDateTime?: string;
  result?: {reference?: string}[];
}

interface MedicationRequestResource extends Resource {
  medicationCodeableConcept?: {text?: string};
  authoredOn?: string;
  requester?: {display?: string};
  dosageInstruction?: {text?: string; doseAndRate?: {doseQuantity?: Quantity}[]}[];
  dispenseRequest?: {numberOfRepeatsAllowed?: number; validityPeriod?: {end?: string}};
}

/** v3 ObservationInterpretation codes → the domain's flags. */
const FLAGS: Readonly<Record<string, LabFlag>> = {
  H: 'high',
  HH: 'high',
  L: 'low',
  LL: 'low',
  N: 'normal',
  A: 'abnormal',
  AA: 'abnormal',
};

function labValue(o: ObservationResource): LabValue | undefined {
  const name = o.code?.text ?? o.code?.coding?.[0]?.display;
  const value = typeof o.valueQuantity?.value === 'number' ? o.valueQuantity.value : o.valueString;
  if (!name || value === undefined) return undefined;
  const r = o.referenceRange?.[0];
  const range = r
    ? {
        ...(typeof r.low?.value === 'number' ? {low: r.low.value} : {}),
        ...(typeof r.high?.value === 'number' ? {high: r.high.value} : {}),
        ...(r.text ? {text: r.text} : {}),
      }
    : undefined;
  const flag = FLAGS[o.interpretation?.[0]?.coding?.[0]?.code ?? ''];
  return {
    name,
    value,
    ...(o.valueQuantity?.unit ? {unit: o.valueQuantity.unit} : {}),
    ...(range && Object.keys(range).length > 0 ? {referenceRange: range} : {}),
    ...(flag ? {interpretation: flag} : {}),
  };
}

function labResults(
  report: DiagnosticReportResource,
  observations: Map<string, ObservationResource>,
): LabResults | undefined {
  const values = (report.result ?? [])
    .map((ref) => observations.get(ref.reference ?? ''))
    .map((o) => (o ? labValue(o) : undefined))
    .filter((v): v is LabValue => v !== undefined);
  if (values.length === 0) return undefined;
  return {values, ...(report.effectiveDateTime ? {collectedAt: report.effectiveDateTime as Instant} : {})};
}

function prescription(m: MedicationRequestResource): PrescriptionDetails | undefined {
  const medication = m.medicationCodeableConcept?.text;
  const date = m.authoredOn?.slice(0, 10);
  if (!medication || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const dosage = m.dosageInstruction?.[0];
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity;
  const repeats = Math.max(0, Math.floor(m.dispenseRequest?.numberOfRepeatsAllowed ?? 0));
  const end = m.dispenseRequest?.validityPeriod?.end?.slice(0, 10);
  return {
    medication,
    dose: dose?.value !== undefined ? `${dose.value}${dose.unit ? ` ${dose.unit}` : ''}` : '',
    instructions: dosage?.text ?? '',
    prescriber: m.requester?.display ?? '',
    date: date as PlainDate,
    refillsAllowed: repeats > 0,
    refillsLeft: repeats,
    ...(end ? {expiresOn: end as PlainDate} : {}),
  };
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
  const signal = options.signal;
  // Each resource read once: her documents (in the folder asked for) beside the resource each came from.
  const found = (await mine(host, signal))
    .map((r) => ({r, d: view(host, r, patient)}))
    .filter(
      (x): x is {r: DocumentReferenceResource; d: PatientDocument} =>
        x.d !== undefined && (!query.folder || x.d.folder === query.folder),
    );
  const related = (r: DocumentReferenceResource, type: string) =>
    r.context?.related?.map((x) => x.reference ?? '').find((ref) => ref.startsWith(`${type}/`));
  // The details the documents name: one search of each kind, only when some document names one.
  const search = <T>(type: string, wanted: boolean) =>
    wanted ? host.http.searchAll<T & Resource>(type, {subject: patient}, signal) : Promise.resolve([]);
  const reportsWanted = found.some(({r}) => related(r, 'DiagnosticReport'));
  const [reports, observations, requests] = await Promise.all([
    search<DiagnosticReportResource>('DiagnosticReport', reportsWanted),
    search<ObservationResource>('Observation', reportsWanted),
    search<MedicationRequestResource>(
      'MedicationRequest',
      found.some(({r}) => related(r, 'MedicationRequest')),
    ),
  ]);
  const byRef = <T extends Resource>(list: readonly T[]) =>
    new Map<string, T>(list.map((x) => [`${x.resourceType}/${x.id}`, x]));
  const [reportOf, observationOf, requestOf] = [byRef(reports), byRef(observations), byRef(requests)];
  const docs = found.map(({r, d}) => {
    const report = d.folder === 'results' ? reportOf.get(related(r, 'DiagnosticReport') ?? '') : undefined;
    const results = report ? labResults(report, observationOf) : undefined;
    const request =
      d.folder === 'prescriptions' ? requestOf.get(related(r, 'MedicationRequest') ?? '') : undefined;
    const rx = request ? prescription(request) : undefined;
    return {...d, ...(results ? {results} : {}), ...(rx ? {prescription: rx} : {})};
  });
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
  const content = fromBase64(binary.data);
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
      data: toBase64(bytes),
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
