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
  RefillRequest,
} from '../../src/domain/documents.js';
import {checkRefillNote, refillMessage, refillStatus} from '../../src/domain/rules/document-details.js';
import {instantToPlainDate} from '../../src/domain/time.js';
import type {Language} from '../../src/domain/types.js';
import {portalSectionLink} from '../../src/domain/messages.js';
import {
  checkClinicDocument,
  checkUpload,
  isDeletable,
  isDocumentFolder,
  maxUploadBytes,
} from '../../src/domain/rules/documents.js';
import {
  deletePatientDocument,
  insertDocument,
  insertRefillRequest,
  lockPatientDocument,
  listPatientDocuments,
  openPatientDocument,
  patientDocumentFolder,
  type DocumentBytes,
  type DocumentRow,
} from '../repositories/documents.js';
import {bytesOf, fromBase64, withStoredBytes} from './stored-bytes.js';
import {findPatient, greetingName} from '../repositories/patients.js';
import {token} from '../tokens.js';
import {capabilities} from './clinic.js';
import {instant, type CallContext, type PortalContext} from './context.js';
import {auditCall} from './audit.js';
import {requirePatient} from './session.js';
import {postNew, takePost} from './conversations.js';
import {send} from './notify.js';

// Where documents' bytes are kept (shared with messages' files): `stored-bytes.ts`.
export {fromBase64, withStoredBytes};

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
    ...(r.results ? {results: r.results} : {}),
    ...(r.prescription
      ? {
          prescription: {
            ...r.prescription,
            ...(r.pending_conversation_id && r.pending_ms !== null && r.pending_ms !== undefined
              ? {
                  pendingRefill: {
                    requestedAt: instant(s, r.pending_ms),
                    conversationId: r.pending_conversation_id,
                  },
                }
              : {}),
          },
        }
      : {}),
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
  let content: Uint8Array | undefined;
  let unreadable: unknown;
  if (row) content = await bytesOf(s, row).catch((e: unknown) => ((unreadable = e), undefined));
  // Every download, every id that is not the patient's (another patient's or none) and every file
  // that could not be read back, with the id.
  await auditCall(s, s.db, call, {
    actor: patientId,
    action: !row ? 'documents.denied' : content ? 'documents.download' : 'documents.unreadable',
    patientId,
    documentId: id.slice(0, 100),
    sessionId: live.row.id,
  });
  if (!row) throw new NotFoundError();
  if (!content) throw unreadable;
  return {fileName: row.file_name, contentType: row.content_type, content};
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
  const row: DocumentRow = {
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
  };
  await withStoredBytes(s, bytes as Uint8Array, (where) =>
    s.db.transaction(async (q) => {
      await insertDocument(q, {...row, ...where});
      await auditCall(s, q, call, {
        actor: patient.id,
        action: 'documents.upload',
        patientId: patient.id,
        documentId: row.id,
        sessionId: live.row.id,
      });
    }),
  );
  return view(s, row);
}

/**
 * The clinic adds a document for a patient (its staff side: `npm run server:add-document`; no
 * patient session): checked by the domain's `checkClinicDocument` (nothing stored when refused),
 * stored "New" in its folder, audited `documents.clinic-add` (ids only), and the patient emailed in
 * her language that a new document is waiting, with a link to the portal's documents section — never
 * the document's name, folder or content. `NotFoundError` for an unknown patient. Resolves to the id.
 */
export async function addClinicDocument(
  s: PortalContext,
  patientId: string,
  doc: {folder?: unknown; fileName?: unknown; author?: unknown; content?: Uint8Array},
): Promise<string> {
  needDocuments(s);
  const bytes = doc.content instanceof Uint8Array ? doc.content : undefined;
  const checked = checkClinicDocument(doc, bytes);
  return withStoredBytes(s, bytes as Uint8Array, (where) =>
    s.db.transaction(async (q) => {
      const patient = await findPatient(q, patientId);
      if (!patient) throw new NotFoundError();
      const row: DocumentRow & DocumentBytes = {
        id: `doc_${token(15)}`,
        patient_id: patient.id,
        folder: checked.folder,
        category: null,
        file_name: checked.fileName,
        content_type: checked.contentType,
        size: checked.size,
        author: checked.author ?? null,
        note: null,
        created_ms: s.clock(),
        opened_ms: null,
        ...where,
      };
      await insertDocument(q, row);
      await auditCall(s, q, undefined, {
        actor: 'clinic',
        action: 'documents.clinic-add',
        patientId: patient.id,
        documentId: row.id,
      });
      await send(s, q, {
        language: patient.language as Language,
        channel: 'email',
        to: patient.email,
        kind: 'document-new',
        vars: {name: greetingName(patient)},
        links: {portal: portalSectionLink(s.linkBase, 'documents')},
      });
      return row.id;
    }),
  );
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
  let file: string | null | undefined;
  const deleted = await s.db.transaction(async (q) => {
    const folder = await patientDocumentFolder(q, id, patientId);
    const gone = folder !== undefined && isDeletable({folder});
    if (gone) file = await deletePatientDocument(q, id, patientId);
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
  // Its encrypted file goes once the row is gone (a file left by a failure here opens for no one).
  if (file) await s.documentFiles?.remove(file).catch(() => undefined);
}

/** Whether this clinic takes refill requests (they travel as messages, so messages too). */
export const refillsOn = (s: PortalContext): boolean =>
  s.data.refills !== false && capabilities(s).messages === true;

/**
 * Asks the clinic to refill one of the patient's prescriptions: the rule (`refillStatus`) on the
 * locked row, then a new conversation in her messages with the prescription and her note, and the
 * request tying them, in one transaction. A request still waiting for the clinic comes back
 * (`alreadyRequested`), nothing new sent. Audited: `documents.refill`, or `documents.denied` for
 * an id that is not hers (then 404).
 */
export async function requestRefill(
  s: PortalContext,
  call: CallContext,
  id: string,
  body: unknown,
): Promise<RefillRequest> {
  needDocuments(s);
  if (!refillsOn(s)) throw new NotSupportedError('refills');
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const note = checkRefillNote((body as {note?: unknown} | undefined)?.note);
  const pendingOf = (row: DocumentRow): RefillRequest | undefined =>
    row.pending_conversation_id && row.pending_ms !== null && row.pending_ms !== undefined
      ? {
          documentId: row.id,
          conversationId: row.pending_conversation_id,
          requestedAt: instant(s, row.pending_ms),
          alreadyRequested: true,
        }
      : undefined;
  /** The rule on the row as it is now: the pending request, or refused, or go. */
  const check = (row: DocumentRow, now: number): RefillRequest | undefined => {
    const waiting = pendingOf(row);
    if (waiting) return waiting;
    const today = instantToPlainDate(now, s.data.clinic.timeZone);
    if (!row.prescription || refillStatus(row.prescription, true, today) !== 'available')
      throw new ValidationError({refill: 'unavailable'});
    return undefined;
  };
  const first = await lockPatientDocument(s.db, id, patientId, false);
  if (!first) {
    await auditCall(s, s.db, call, {
      actor: patientId,
      action: 'documents.denied',
      patientId,
      documentId: id.slice(0, 100),
      sessionId: live.row.id,
    });
    throw new NotFoundError();
  }
  const early = check(first, s.clock());
  if (early) return early;
  // Counted like any message the patient posts (outside the transaction: the limits have their own).
  await takePost(s, patientId);
  return s.db.transaction(async (q): Promise<RefillRequest> => {
    const now = s.clock();
    const row = await lockPatientDocument(q, id, patientId, true);
    // A request sent meanwhile (a double click on two tabs) is the one that counts.
    if (!row) throw new NotFoundError();
    const raced = check(row, now);
    if (raced) return raced;
    const text = refillMessage(row.prescription!, row.file_name, note, live.patient.language as Language);
    const conversationId = await postNew(s, q, call, live, 'general', text, now);
    await insertRefillRequest(q, {
      id: `rfl_${token(15)}`,
      document_id: row.id,
      patient_id: patientId,
      conversation_id: conversationId,
      requested_ms: now,
    });
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'documents.refill',
      patientId,
      documentId: row.id,
      conversationId,
      sessionId: live.row.id,
    });
    return {documentId: row.id, conversationId, requestedAt: instant(s, now), alreadyRequested: false};
  });
}
