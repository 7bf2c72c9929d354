/**
 * The patient's documents: list (newest first, a folder at a time), download (marks the document
 * opened, audited) and upload (checked by the domain's rules: type by the first bytes, the clinic's
 * size limit, category, note — nothing stored when refused). Every operation needs the patient's
 * own session and reads only rows with that patient's id: another patient's document is 404.
 */
import {NotFoundError, NotSupportedError, ValidationError} from '../../src/domain/errors.js';
import type {
  DocumentContent,
  DocumentList,
  DocumentQuery,
  PatientDocument,
} from '../../src/domain/documents.js';
import {
  checkUpload,
  isDeletable,
  isDocumentFolder,
  maxUploadBytes,
} from '../../src/domain/rules/documents.js';
import {
  deletePatientDocument,
  insertDocument,
  listPatientDocuments,
  openPatientDocument,
  patientDocumentFolder,
  type DocumentRow,
} from '../repositories/documents.js';
import {token} from '../tokens.js';
import {capabilities} from './clinic.js';
import {instant, type CallContext, type PortalContext} from './context.js';
import {auditCall} from './audit.js';
import {requirePatient} from './session.js';

function needDocuments(s: PortalContext): void {
  if (capabilities(s).documents !== true) throw new NotSupportedError('documents');
}

/** The clinic's upload limit (bytes). */
export const uploadLimit = (s: PortalContext): number => maxUploadBytes(s.data.maxUploadBytes);

function view(s: PortalContext, r: DocumentRow): PatientDocument {
  return {
    id: r.id,
    folder: r.folder,
    ...(r.category ? {category: r.category} : {}),
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.size,
    createdAt: instant(s, r.created_ms),
    ...(r.author ? {author: r.author} : {}),
    ...(r.note ? {note: r.note} : {}),
    isNew: r.folder !== 'uploads' && r.opened_ms === null,
  };
}

export async function listDocuments(
  s: PortalContext,
  call: CallContext,
  query: DocumentQuery,
): Promise<DocumentList> {
  needDocuments(s);
  const {patient} = await requirePatient(s, call);
  const folder = query.folder;
  if (folder !== undefined && !isDocumentFolder(folder)) throw new ValidationError({folder: 'invalid'});
  const rows = await listPatientDocuments(s.db, patient.id, folder);
  return {documents: rows.map((r) => view(s, r)), maxUploadBytes: uploadLimit(s)};
}

export async function downloadDocument(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<DocumentContent> {
  needDocuments(s);
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const row = await openPatientDocument(s.db, id, patientId, s.clock());
  // Every download, and every id that is not the patient's (another patient's or none), with the id.
  await auditCall(s, s.db, call, {
    actor: patientId,
    action: row ? 'documents.download' : 'documents.denied',
    patientId,
    documentId: id.slice(0, 100),
    sessionId: live.row.id,
  });
  if (!row) throw new NotFoundError();
  return {fileName: row.file_name, contentType: row.content_type, content: row.content};
}

/** Decodes strict base64 (RFC 4648, padding optional); `undefined` when it is not. */
function fromBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1)
    return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export async function uploadDocument(
  s: PortalContext,
  call: CallContext,
  body: unknown,
): Promise<PatientDocument> {
  needDocuments(s);
  const live = await requirePatient(s, call);
  const patient = live.patient;
  const content = (body as {content?: unknown} | undefined)?.content;
  const bytes = fromBase64(content);
  if (bytes === undefined && content !== undefined) throw new ValidationError({content: 'invalid'});
  const checked = checkUpload(body, bytes, uploadLimit(s));
  const row: DocumentRow & {content: Uint8Array} = {
    id: `doc_${token(15)}`,
    patient_id: patient.id,
    folder: 'uploads',
    category: checked.category,
    file_name: checked.fileName,
    content_type: checked.contentType,
    size: checked.size,
    author: null,
    note: checked.note ?? null,
    created_ms: s.clock(),
    opened_ms: null,
    content: Buffer.from(bytes as Uint8Array),
  };
  await s.db.transaction(async (q) => {
    await insertDocument(q, row);
    await auditCall(s, q, call, {
      actor: patient.id,
      action: 'documents.upload',
      patientId: patient.id,
      documentId: row.id,
      sessionId: live.row.id,
    });
  });
  return view(s, row);
}

/**
 * Deletes one of the patient's own uploads (the owner's row, locked, then the domain's rule
 * `isDeletable`). Audited either way: `documents.delete` with the id, or
 * `documents.denied` for an id that is not the patient's upload (another patient's, a clinic
 * document, unknown) — then 404, nothing deleted.
 */
export async function deleteDocument(s: PortalContext, call: CallContext, id: string): Promise<void> {
  needDocuments(s);
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const deleted = await s.db.transaction(async (q) => {
    const folder = await patientDocumentFolder(q, id, patientId);
    const gone = folder !== undefined && isDeletable({folder});
    if (gone) await deletePatientDocument(q, id, patientId);
    await auditCall(s, q, call, {
      actor: patientId,
      action: gone ? 'documents.delete' : 'documents.denied',
      patientId,
      documentId: id.slice(0, 100),
      sessionId: live.row.id,
    });
    return gone;
  });
  if (!deleted) throw new NotFoundError();
}
