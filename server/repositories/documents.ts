/**
 * The `documents` table: SQL only. Every read and write names the patient: a document is found
 * only with its own patient's id.
 */
import type {DocumentContentType, DocumentFolder, UploadCategory} from '../../src/domain/documents.js';
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
}

const COLUMNS =
  'id, patient_id, folder, category, file_name, content_type, size, author, note, created_ms::float8 AS created_ms, opened_ms::float8 AS opened_ms';

/** The patient's documents (metadata), newest first; one folder when given. */
export async function listPatientDocuments(
  q: Queryable,
  patientId: string,
  folder: DocumentFolder | undefined,
): Promise<DocumentRow[]> {
  return folder === undefined
    ? q.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents WHERE patient_id = $1 ORDER BY created_ms DESC, id`,
        [patientId],
      )
    : q.query<DocumentRow>(
        `SELECT ${COLUMNS} FROM documents WHERE patient_id = $1 AND folder = $2 ORDER BY created_ms DESC, id`,
        [patientId, folder],
      );
}

/** The document's bytes and metadata, marked opened (the first time): only the patient's own. */
export async function openPatientDocument(
  q: Queryable,
  id: string,
  patientId: string,
  now: number,
): Promise<(DocumentRow & {content: Uint8Array}) | undefined> {
  const [row] = await q.query<DocumentRow & {content: Uint8Array}>(
    `UPDATE documents SET opened_ms = COALESCE(opened_ms, $3)
     WHERE id = $1 AND patient_id = $2
     RETURNING ${COLUMNS}, content`,
    [id, patientId, now],
  );
  return row;
}

export async function insertDocument(q: Queryable, row: DocumentRow & {content: Uint8Array}): Promise<void> {
  await q.query(
    `INSERT INTO documents (id, patient_id, folder, category, file_name, content_type, size, author, note,
       created_ms, opened_ms, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
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

/** Deletes the patient's document `id` (the service has checked it may). */
export async function deletePatientDocument(q: Queryable, id: string, patientId: string): Promise<void> {
  await q.query(`DELETE FROM documents WHERE id = $1 AND patient_id = $2`, [id, patientId]);
}
