/**
 * The `documents` table: SQL only. Every read and write names the patient: a document is found
 * only with its own patient's id — but the storage upkeep at the end, which the clinic's commands
 * run over every row (no patient's session; bytes only, never shown).
 */
import type {
  DocumentContentType,
  DocumentFolder,
  LabResults,
  UploadCategory,
} from '../../src/domain/documents.js';
import type {StoredPrescription} from '../../src/domain/rules/document-details.js';
import type {Queryable} from '../db.js';

export interface DocumentRow {
  id: string;
  patient_id: string;
  folder: DocumentFolder;
  category: UploadCategory | null;
  file_name: string;
  content_type: DocumentContentType;
  size: number;
  author: string | null;
  note: string | null;
  created_ms: number;
  opened_ms: number | null;
  results?: LabResults | null;
  prescription?: StoredPrescription | null;
  /** The latest refill request the clinic has not answered (its conversation and time), if any. */
  pending_conversation_id?: string | null;
  pending_ms?: number | null;
}

/**
 * The metadata, and the latest refill request of a prescription while the clinic has not written
 * in its conversation since (pending).
 */
const COLUMNS = `d.id, d.patient_id, d.folder, d.category, d.file_name, d.content_type, d.size, d.author, d.note,
  d.created_ms::float8 AS created_ms, d.opened_ms::float8 AS opened_ms, d.results, d.prescription,
  p.conversation_id AS pending_conversation_id, p.requested_ms::float8 AS pending_ms`;
const FROM = `documents d LEFT JOIN LATERAL (
    SELECT r.conversation_id, r.requested_ms FROM refill_requests r
    WHERE r.document_id = d.id
      AND NOT EXISTS (SELECT 1 FROM conversation_messages m
        WHERE m.conversation_id = r.conversation_id AND m.role = 'clinic' AND m.sent_ms >= r.requested_ms)
    ORDER BY r.requested_ms DESC LIMIT 1
  ) p ON true`;

/** The patient's documents (metadata), newest first; one folder when given. */
export async function listPatientDocuments(
  q: Queryable,
  patientId: string,
  folder: DocumentFolder | undefined,
): Promise<DocumentRow[]> {
  return folder === undefined
    ? q.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM ${FROM} WHERE d.patient_id = $1 ORDER BY d.created_ms DESC, d.id`,
        [patientId],
      )
    : q.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM ${FROM} WHERE d.patient_id = $1 AND d.folder = $2 ORDER BY d.created_ms DESC, d.id`,
        [patientId, folder],
      );
}

/** Where a document's bytes are: in the row (`content`), or in a file of the server's folder (`stored_file`). */
export interface DocumentBytes {
  content: Uint8Array | null;
  stored_file?: string | null;
}

/** The document's bytes (or its file's id) and metadata, marked opened (the first time): only the patient's own. */
export async function openPatientDocument(
  q: Queryable,
  id: string,
  patientId: string,
  now: number,
): Promise<(DocumentRow & DocumentBytes) | undefined> {
  const [row] = await q.query<DocumentRow & DocumentBytes>(
    `UPDATE documents SET opened_ms = COALESCE(opened_ms, $3)
     WHERE id = $1 AND patient_id = $2
     RETURNING id, patient_id, folder, category, file_name, content_type, size, author, note,
       created_ms::float8 AS created_ms, opened_ms::float8 AS opened_ms, content, stored_file`,
    [id, patientId, now],
  );
  return row;
}

export async function insertDocument(q: Queryable, row: DocumentRow & DocumentBytes): Promise<void> {
  await q.query(
    `INSERT INTO documents (id, patient_id, folder, category, file_name, content_type, size, author, note,
       created_ms, opened_ms, content, results, prescription, stored_file)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      row.id,
      row.patient_id,
      row.folder,
      row.category,
      row.file_name,
      row.content_type,
      row.size,
      row.author,
      row.note,
      row.created_ms,
      row.opened_ms,
      row.content,
      row.results ? JSON.stringify(row.results) : null,
      row.prescription ? JSON.stringify(row.prescription) : null,
      row.stored_file ?? null,
    ],
  );
}

/** The folder of the patient's own document `id` (locked for the transaction), or undefined. */
export async function patientDocumentFolder(
  q: Queryable,
  id: string,
  patientId: string,
): Promise<DocumentFolder | undefined> {
  const [row] = await q.query<{folder: DocumentFolder}>(
    `SELECT folder FROM documents WHERE id = $1 AND patient_id = $2 FOR UPDATE`,
    [id, patientId],
  );
  return row?.folder;
}

/** Deletes the patient's document `id` (the service has checked it may); its file's id, if it has one. */
export async function deletePatientDocument(
  q: Queryable,
  id: string,
  patientId: string,
): Promise<string | null | undefined> {
  const [row] = await q.query<{stored_file: string | null}>(
    `DELETE FROM documents WHERE id = $1 AND patient_id = $2 RETURNING stored_file`,
    [id, patientId],
  );
  return row?.stored_file;
}

/** The patient's own document `id` with its detail and pending refill (locked for the transaction with `lock`). */
export async function lockPatientDocument(
  q: Queryable,
  id: string,
  patientId: string,
  lock: boolean,
): Promise<DocumentRow | undefined> {
  if (lock)
    await q.query(`SELECT id FROM documents WHERE id = $1 AND patient_id = $2 FOR UPDATE`, [id, patientId]);
  const [row] = await q.query<DocumentRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1 AND d.patient_id = $2`,
    [id, patientId],
  );
  return row;
}

export async function insertRefillRequest(
  q: Queryable,
  row: {id: string; document_id: string; patient_id: string; conversation_id: string; requested_ms: number},
): Promise<void> {
  await q.query(
    `INSERT INTO refill_requests (id, document_id, patient_id, conversation_id, requested_ms)
     VALUES ($1, $2, $3, $4, $5)`,
    [row.id, row.document_id, row.patient_id, row.conversation_id, row.requested_ms],
  );
}

// -------------------------------------------------------------------------------------------
// Storage upkeep (`server/document-storage.ts`: the key's rotation, rows' bytes moved into files)

/** The tables whose rows keep stored bytes: documents, and messages' files (`message_attachments`). */
export type StoredBytesTable = 'documents' | 'message_attachments';

/** Up to `limit` ids of documents after `after` (in id order) whose bytes are a file, or in the row. */
export async function documentIdsStored(
  q: Queryable,
  where: 'file' | 'row',
  after: string,
  limit: number,
  table: StoredBytesTable = 'documents',
): Promise<string[]> {
  const rows = await q.query<{id: string}>(
    `SELECT id FROM ${table} WHERE ${where === 'file' ? 'stored_file' : 'content'} IS NOT NULL AND id > $1
     ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows.map((r) => r.id);
}

/** Document `id`'s bytes or file; undefined when gone. */
export async function documentBytes(
  q: Queryable,
  id: string,
  table: StoredBytesTable = 'documents',
): Promise<DocumentBytes | undefined> {
  const [row] = await q.query<DocumentBytes>(`SELECT content, stored_file FROM ${table} WHERE id = $1`, [id]);
  return row;
}

/** Document `id`'s bytes or file, its row locked for the transaction (a deletion waits); undefined when gone. */
export async function lockDocumentBytes(
  q: Queryable,
  id: string,
  table: StoredBytesTable = 'documents',
): Promise<DocumentBytes | undefined> {
  const [row] = await q.query<DocumentBytes>(
    `SELECT content, stored_file FROM ${table} WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/** Points document `id` at file `file` and clears its bytes, in one statement (a row has its bytes in one place). */
export async function moveDocumentBytesToFile(
  q: Queryable,
  id: string,
  file: string,
  table: StoredBytesTable = 'documents',
): Promise<boolean> {
  const rows = await q.query<{id: string}>(
    `UPDATE ${table} SET stored_file = $2, content = NULL
     WHERE id = $1 AND content IS NOT NULL AND stored_file IS NULL RETURNING id`,
    [id, file],
  );
  return rows.length === 1;
}
