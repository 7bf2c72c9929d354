/**
 * Upkeep of where documents' bytes are (#19), for the clinic's commands (`server/cli.ts`), safe
 * to run while servers run on the same database and folder, to interrupt, and to run again:
 *
 * - {@link rotateDocumentKey}: every document's file re-sealed under the current key
 *   (`PORTAL_DOCUMENTS_KEY`), each in place while its row is locked (a patient deleting it waits,
 *   then its file goes as always); files already under it are left alone. When every file opened,
 *   the folder's `key-check` moves to the current key: from then on a server needs it, and the old
 *   keys can go.
 * - {@link moveDocumentsToFiles}: every document whose bytes are still in its row (from before the
 *   folder was configured) gets a file: the file is written and read back first, then one statement
 *   points the row at it and clears its bytes. A crash before that statement leaves the row as it
 *   was (and a file nothing names); after it, the document is in its file.
 *
 * Both cover messages' files (`message_attachments`, #21) as well as documents: they are kept the
 * same way.
 *
 * Neither prints nor logs anything about a patient or a document: counts, and unreadable files by
 * their random ids (the server's log line).
 */
import type {Db} from './db.js';
import {DocumentFileError, type DocumentFiles} from './document-files.js';
import {
  documentBytes,
  documentIdsStored,
  lockDocumentBytes,
  moveDocumentBytesToFile,
  type StoredBytesTable,
} from './repositories/documents.js';

const TABLES: readonly StoredBytesTable[] = ['documents', 'message_attachments'];

const BATCH = 100;

export interface RotationSummary {
  /** Files re-sealed under the current key. */
  readonly rotated: number;
  /** Files already under it. */
  readonly current: number;
  /** Files no configured key opens, or missing (each logged with its random id): left as they are. */
  readonly unreadable: number;
  /** Whether the `key-check` moved to the current key (only when nothing was unreadable). */
  readonly keyCheckSealed: boolean;
}

/** Each document's (then each message file's) id in batches, in id order, for rows whose bytes are `where`. */
async function* idsStored(db: Db, where: 'file' | 'row'): AsyncGenerator<[StoredBytesTable, string]> {
  for (const table of TABLES) {
    let after = '';
    for (;;) {
      const ids = await documentIdsStored(db, where, after, BATCH, table);
      for (const id of ids) yield [table, id];
      if (ids.length < BATCH) break;
      after = ids[ids.length - 1]!;
    }
  }
}

export async function rotateDocumentKey(db: Db, files: DocumentFiles): Promise<RotationSummary> {
  let rotated = 0;
  let current = 0;
  let unreadable = 0;
  for await (const [table, id] of idsStored(db, 'file')) {
    try {
      const outcome = await db.transaction(async (q) => {
        const row = await lockDocumentBytes(q, id, table);
        // Deleted (or moved) since it was listed: nothing to do.
        return row?.stored_file ? files.rotate(row.stored_file) : undefined;
      });
      if (outcome === 'rotated') rotated++;
      else if (outcome === 'current') current++;
    } catch (e) {
      if (!(e instanceof DocumentFileError)) throw e;
      unreadable++;
    }
  }
  const keyCheckSealed = unreadable === 0;
  if (keyCheckSealed) await files.sealKeyCheck();
  return {rotated, current, unreadable, keyCheckSealed};
}

export interface MoveSummary {
  /** Rows whose bytes are now a file. */
  readonly moved: number;
  /** Rows that changed while being moved (deleted by the patient, or moved by another run): their file removed. */
  readonly skipped: number;
}

export async function moveDocumentsToFiles(db: Db, files: DocumentFiles): Promise<MoveSummary> {
  let moved = 0;
  let skipped = 0;
  for await (const [table, id] of idsStored(db, 'row')) {
    const row = await documentBytes(db, id, table);
    if (!row?.content) {
      skipped++;
      continue;
    }
    const bytes = new Uint8Array(row.content);
    const file = await files.put(bytes);
    let switched = false;
    try {
      // Read back whole before the row lets go of its bytes.
      const back = await files.get(file);
      if (Buffer.compare(Buffer.from(back), Buffer.from(bytes)) !== 0) throw new DocumentFileError();
      switched = await db.transaction((q) => moveDocumentBytesToFile(q, id, file, table));
    } finally {
      if (!switched) await files.remove(file).catch(() => undefined);
    }
    if (switched) moved++;
    else skipped++;
  }
  return {moved, skipped};
}
