/**
 * Where the server keeps a stored file's bytes — documents' and messages' attachments alike: in
 * the row (the default) or, with `PORTAL_DOCUMENTS_DIR`, in an encrypted file of that folder
 * (`server/document-files.ts`) — and the base64 they arrive in.
 */
import {DocumentFileError} from '../document-files.js';
import {log} from '../log.js';
import type {DocumentBytes} from '../repositories/documents.js';
import type {PortalContext} from './context.js';

/**
 * Keeps `bytes` where this server keeps documents — a new encrypted file (`documentFiles`), or the
 * row itself (the default) — then runs `write` with where they are; a file written for a row that
 * was not stored is removed again.
 */
export async function withStoredBytes<T>(
  s: PortalContext,
  bytes: Uint8Array,
  write: (where: DocumentBytes) => Promise<T>,
): Promise<T> {
  const files = s.documentFiles;
  const where: DocumentBytes = files
    ? {content: null, stored_file: await files.put(bytes)}
    : {content: Buffer.from(bytes), stored_file: null};
  try {
    return await write(where);
  } catch (e) {
    if (where.stored_file) await files?.remove(where.stored_file).catch(() => undefined);
    throw e;
  }
}

/** A document's bytes, from its row or its file (the tag checked); `DocumentFileError` when unreadable. */
export async function bytesOf(s: PortalContext, row: DocumentBytes): Promise<Uint8Array> {
  if (!row.stored_file) return row.content as Uint8Array;
  if (!s.documentFiles) {
    // Kept in a file, but this server was started without the folder and key.
    log('error', 'document file unreadable', {reason: 'no PORTAL_DOCUMENTS_DIR'});
    throw new DocumentFileError();
  }
  return s.documentFiles.get(row.stored_file);
}

/** Decodes strict base64 (RFC 4648, padding optional); `undefined` when it is not. */
export function fromBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1)
    return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}
