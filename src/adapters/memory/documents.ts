/**
 * The memory adapter's documents: the clinic's documents for each patient (seeded from
 * `loadDocuments`) and the patient's uploads, checked by the domain's rules
 * (`domain/rules/documents.ts`). Loaded on first use, in its own chunk.
 */
import {NetworkError, NotFoundError, ValidationError, type UploadOptions} from '../adapter.js';
import type {
  DocumentContent,
  DocumentContentType,
  DocumentFolder,
  DocumentList,
  DocumentQuery,
  DocumentUpload,
  LabResults,
  PatientDocument,
  RefillRequest,
  UploadCategory,
} from '../../domain/documents.js';
import {
  checkRefillNote,
  refillMessage,
  refillStatus,
  seededPrescription,
  type StoredPrescription,
} from '../../domain/rules/document-details.js';
import {instantToPlainDate} from '../../domain/time.js';
import * as conversations from './conversations.js';
import {portalSectionLink} from '../../domain/messages.js';
import {
  checkClinicDocument,
  checkUpload,
  isDeletable,
  isDocumentFolder,
  maxUploadBytes,
  sniffContentType,
  sortDocuments,
} from '../../domain/rules/documents.js';
import {deriveToken} from './crypto.js';
import {send} from './messages.js';
import type {MemoryState} from './state.js';
import {actingAgain} from './proxy.js';
import {nameToGreet} from '../../domain/rules/profile.js';

const DAY = 24 * 60 * 60 * 1000;

interface DocumentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly folder: DocumentFolder;
  readonly category?: UploadCategory;
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly createdMs: number;
  readonly author?: string;
  readonly note?: string;
  openedMs?: number;
  readonly content: Uint8Array;
  readonly results?: LabResults;
  readonly prescription?: StoredPrescription;
  /** The patient's latest refill request: its conversation and when (pending until the clinic answers). */
  refill?: {readonly conversationId: string; readonly requestedMs: number};
}

/** Each adapter's documents, kept here so the adapter's first chunk does not carry them. */
const records = new WeakMap<MemoryState, Map<string, DocumentRecord>>();

const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** Seeds the clinic's documents (once, as of the clock now) before the first documents call. */
export async function ready(memory: MemoryState): Promise<void> {
  if (records.has(memory)) return;
  let seeds: Awaited<ReturnType<NonNullable<typeof memory.data.loadDocuments>>> | undefined;
  try {
    seeds = await memory.data.loadDocuments?.();
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  if (records.has(memory)) return;
  const docs = new Map<string, DocumentRecord>();
  const now = memory.clock();
  for (const d of seeds ?? []) {
    const email = memory.data.patients?.find((p) => p.key === d.patientKey)?.email;
    const patient = email === undefined ? undefined : memory.patientByEmail(email);
    const content = fromBase64(d.content);
    const contentType = sniffContentType(content);
    if (!patient || contentType === undefined || contentType === 'heic') continue;
    const id = `doc_${deriveToken(memory.seed, 'document', `seed:${d.key}`).slice(0, 20)}`;
    const createdMs = now - d.daysAgo * DAY;
    const prescription = seededPrescription(d, createdMs, memory.data.clinic.timeZone);
    docs.set(id, {
      id,
      patientId: patient.id,
      folder: d.folder,
      fileName: d.fileName,
      contentType,
      createdMs,
      author: d.author,
      ...(d.note ? {note: d.note} : {}),
      content,
      ...(d.results ? {results: d.results} : {}),
      ...(prescription ? {prescription} : {}),
    });
  }
  records.set(memory, docs);
}

function view(memory: MemoryState, r: DocumentRecord): PatientDocument {
  return {
    id: r.id,
    folder: r.folder,
    ...(r.category ? {category: r.category} : {}),
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.content.length,
    createdAt: memory.instant(r.createdMs),
    ...(r.author ? {author: r.author} : {}),
    ...(r.note ? {note: r.note} : {}),
    isNew: r.folder !== 'uploads' && r.openedMs === undefined,
    ...(r.results ? {results: r.results} : {}),
    ...(r.prescription
      ? {
          prescription: {
            ...r.prescription,
            ...(pending(memory, r) ? {pendingRefill: pending(memory, r)} : {}),
          },
        }
      : {}),
  };
}

/** The patient's refill request the clinic has not answered yet (in her conversations). */
function pending(memory: MemoryState, r: DocumentRecord): PendingRefill | undefined {
  const refill = r.refill;
  if (!refill || conversations.clinicAnsweredSince(memory, refill.conversationId, refill.requestedMs))
    return undefined;
  return {requestedAt: memory.instant(refill.requestedMs), conversationId: refill.conversationId};
}
type PendingRefill = NonNullable<PatientDocument['prescription']>['pendingRefill'];

function own(memory: MemoryState) {
  memory.need(memory.caps.documents === true, 'documents');
  const docs = records.get(memory);
  if (!docs) throw new NotFoundError();
  return {patient: memory.requirePatient(), docs};
}

export function listDocuments(memory: MemoryState, query: DocumentQuery | undefined): DocumentList {
  const {patient, docs} = own(memory);
  const folder = query?.folder;
  if (folder !== undefined && !isDocumentFolder(folder)) throw new ValidationError({folder: 'invalid'});
  const mine = [...docs.values()]
    .filter((d) => d.patientId === patient.id && (folder === undefined || d.folder === folder))
    .map((d) => view(memory, d));
  return {documents: sortDocuments(mine), maxUploadBytes: maxUploadBytes(memory.data.maxUploadBytes)};
}

export function downloadDocument(memory: MemoryState, id: string): DocumentContent {
  const {patient, docs} = own(memory);
  const doc = docs.get(id);
  if (!doc || doc.patientId !== patient.id) throw new NotFoundError();
  doc.openedMs ??= memory.clock();
  return {fileName: doc.fileName, contentType: doc.contentType, content: doc.content.slice()};
}

/** An upload's progress is reported in this many steps (the memory backend has no wire). */
const PROGRESS_STEPS = 4;

const aborted = (signal: AbortSignal | undefined) =>
  signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');

/** One step of a pretend transfer: `ms` long (the adapter's latency split in steps), abortable. */
function step(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal));
    if (ms <= 0) return resolve();
    const onAbort = () => (clearTimeout(timer), reject(aborted(signal)));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

/**
 * Stores the patient's upload once the rules accept it (refused before any progress). Progress is
 * reported in {@link PROGRESS_STEPS} steps spread over `latencyMs`; aborting before the last step
 * stores nothing.
 */
export async function uploadDocument(
  memory: MemoryState,
  upload: DocumentUpload,
  options?: UploadOptions,
  latencyMs = 0,
): Promise<PatientDocument> {
  const {patient, docs} = own(memory);
  const content = upload?.content instanceof Uint8Array ? upload.content.slice() : undefined;
  const checked = checkUpload(upload, content, maxUploadBytes(memory.data.maxUploadBytes));
  const total = (content as Uint8Array).length;
  for (let i = 1; i <= PROGRESS_STEPS; i++) {
    await step(latencyMs / PROGRESS_STEPS, options?.signal);
    options?.onProgress?.(Math.round((total * i) / PROGRESS_STEPS), total);
  }
  if (options?.signal?.aborted) throw aborted(options.signal);
  const id = `doc_${memory.nextToken('document').slice(0, 20)}`;
  const record: DocumentRecord = {
    id,
    patientId: patient.id,
    folder: 'uploads',
    category: checked.category,
    fileName: checked.fileName,
    contentType: checked.contentType,
    createdMs: memory.clock(),
    ...(checked.note ? {note: checked.note} : {}),
    content: content as Uint8Array,
  };
  docs.set(id, record);
  return view(memory, record);
}

/**
 * The clinic adds a document for a patient (the demo's and tests' staff side; no session needed):
 * checked by `checkClinicDocument`, stored "New" in its folder, and the patient emailed in her
 * language that a document is waiting, linking to the portal's documents — never its name or content.
 */
export function addClinicDocument(
  memory: MemoryState,
  patientId: string,
  doc: {folder?: unknown; fileName?: unknown; author?: unknown; content?: Uint8Array},
): PatientDocument {
  memory.need(memory.caps.documents === true, 'documents');
  const docs = records.get(memory);
  const content = doc?.content instanceof Uint8Array ? doc.content.slice() : undefined;
  const checked = checkClinicDocument(doc ?? {}, content);
  const patient = memory.patients.get(String(patientId));
  if (!docs || !patient) throw new NotFoundError();
  const record: DocumentRecord = {
    id: `doc_${memory.nextToken('document').slice(0, 20)}`,
    patientId: patient.id,
    folder: checked.folder,
    fileName: checked.fileName,
    contentType: checked.contentType,
    createdMs: memory.clock(),
    ...(checked.author ? {author: checked.author} : {}),
    content: content as Uint8Array,
  };
  docs.set(record.id, record);
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'document-new',
    vars: {name: nameToGreet(patient)},
    links: {portal: portalSectionLink(memory.linkBase(), 'documents')},
  });
  return view(memory, record);
}

/** Deletes one of the patient's own uploads (`isDeletable`); anything else is not found. */
export function deleteDocument(memory: MemoryState, id: string): void {
  const {patient, docs} = own(memory);
  const doc = docs.get(id);
  if (!doc || doc.patientId !== patient.id || !isDeletable(doc)) throw new NotFoundError();
  docs.delete(id);
}

/**
 * Asks the clinic to refill one of the patient's prescriptions (`refillStatus`): a new
 * conversation in her messages (topic `general`) with the prescription and her note. While one is
 * waiting for the clinic, that one comes back (`alreadyRequested`), nothing new is sent.
 */
export async function requestRefill(memory: MemoryState, id: string, note: unknown): Promise<RefillRequest> {
  const {patient, docs} = own(memory);
  memory.need(memory.caps.refills === true && memory.caps.messages === true, 'refills');
  const doc = docs.get(String(id));
  if (!doc || doc.patientId !== patient.id) throw new NotFoundError();
  const text = checkRefillNote(note);
  const acting = memory.acting;
  await conversations.ready(memory);
  const waiting = pending(memory, doc);
  if (waiting) return {documentId: doc.id, ...waiting, alreadyRequested: true};
  const today = instantToPlainDate(memory.clock(), memory.data.clinic.timeZone);
  if (!doc.prescription || refillStatus(doc.prescription, true, today) !== 'available')
    throw new ValidationError({refill: 'unavailable'});
  const body = refillMessage(doc.prescription, doc.fileName, text, patient.language);
  const requestedMs = memory.clock();
  // In the conversations of the person the call was made for (a holder may act for a dependent).
  const conversation = actingAgain(memory, acting, () => conversations.postNew(memory, 'general', body));
  doc.refill = {conversationId: conversation.id, requestedMs};
  return {
    documentId: doc.id,
    conversationId: conversation.id,
    requestedAt: conversation.startedAt,
    alreadyRequested: false,
  };
}
