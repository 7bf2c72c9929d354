/**
 * Documents' bytes outside the database (#19), when the server is given a folder
 * (`PORTAL_DOCUMENTS_DIR`) and a key (`PORTAL_DOCUMENTS_KEY`, 32 bytes): each file encrypted with
 * AES-256-GCM under the key, a fresh random 96-bit IV per file, named by a random id (never by
 * anything about the patient or the document), the id bound to the ciphertext as additional data
 * (a file renamed or swapped for another does not open). A read checks the authentication tag: a
 * changed, cut or swapped file — or another key — is a {@link DocumentFileError}, logged with the
 * file's random id only. The folder holds a `key-check` file sealed under the key when the folder
 * is first used: a server started with another key refuses to start.
 *
 * File layout: `PPD1` (4 bytes), IV (12), tag (16), ciphertext.
 */
import {createCipheriv, createDecipheriv, randomBytes} from 'node:crypto';
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {log} from './log.js';

const MAGIC = Buffer.from('PPD1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = MAGIC.length + IV_BYTES + TAG_BYTES;
const ID = /^[A-Za-z0-9_-]{24}$/;
const KEY_CHECK = 'key-check';
const KEY_CHECK_TEXT = Buffer.from('patient-portal documents key check v1');

/** A stored document's file could not be read back as it was written (changed, missing, another key). */
export class DocumentFileError extends Error {
  /** A log-safe code (`server/app.ts` logs it with the request): never the file or the patient. */
  readonly code = 'DOCUMENT_FILE_UNREADABLE';
  constructor() {
    super('A stored document could not be read back');
    this.name = 'DocumentFileError';
  }
}

export interface DocumentFilesOptions {
  /** The folder (created if missing, mode 700). */
  readonly dir: string;
  /** 32 bytes: 64 hexadecimal digits, or base64. */
  readonly key: string;
}

export interface DocumentFiles {
  /** Encrypts and writes `bytes` to a new file; resolves to its random id. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of file `id`, its tag checked; {@link DocumentFileError} otherwise. */
  get(id: string): Promise<Uint8Array>;
  /** Removes file `id` (gone already: fine). */
  remove(id: string): Promise<void>;
}

/** The key from its text: 64 hex digits or base64 of 32 bytes; throws a message naming the variable. */
export function parseDocumentsKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t)
    ? Buffer.from(t, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(t)
      ? Buffer.from(t, 'base64')
      : undefined;
  if (!key || key.length !== 32)
    throw new Error(
      'PORTAL_DOCUMENTS_KEY must be 32 random bytes: 64 hexadecimal digits or base64 (e.g. `openssl rand -hex 32`)',
    );
  return key;
}

function seal(key: Buffer, id: string, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** The plain bytes, or undefined when the file is not one sealed under `key` for `id`. */
function open(key: Buffer, id: string, sealed: Buffer): Buffer | undefined {
  if (sealed.length < HEADER || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      key,
      sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES),
    );
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(MAGIC.length + IV_BYTES, HEADER));
    return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const missing = (e: unknown) => (e as {code?: unknown})?.code === 'ENOENT';

/**
 * Opens the folder with the key: creates both the folder and its `key-check` when new; refuses
 * (throws, the server does not start) when the folder's `key-check` does not open with this key.
 */
export async function openDocumentFiles(options: DocumentFilesOptions): Promise<DocumentFiles> {
  const key = parseDocumentsKey(options.key);
  const dir = options.dir;
  await mkdir(dir, {recursive: true, mode: 0o700});
  const checkPath = join(dir, KEY_CHECK);
  let check: Buffer | undefined;
  try {
    check = await readFile(checkPath);
  } catch (e) {
    if (!missing(e)) throw e;
  }
  if (check === undefined) await writeFile(checkPath, seal(key, KEY_CHECK, KEY_CHECK_TEXT), {mode: 0o600});
  else if (!open(key, KEY_CHECK, check)?.equals(KEY_CHECK_TEXT))
    throw new Error(
      'PORTAL_DOCUMENTS_KEY does not open the documents in PORTAL_DOCUMENTS_DIR (another key?): not starting',
    );

  const path = (id: string) => join(dir, id);
  const unreadable = (id: string, reason: string): never => {
    // The file's random id and why: nothing about the patient or the document.
    log('error', 'document file unreadable', {file: ID.test(id) ? id : 'invalid-id', reason});
    throw new DocumentFileError();
  };
  return {
    async put(bytes) {
      const id = randomBytes(18).toString('base64url');
      const tmp = `${path(id)}.tmp`;
      await writeFile(tmp, seal(key, id, bytes), {mode: 0o600, flag: 'wx'});
      await rename(tmp, path(id));
      return id;
    },
    async get(id) {
      if (!ID.test(id)) return unreadable(id, 'id');
      let sealed: Buffer;
      try {
        sealed = await readFile(path(id));
      } catch (e) {
        return unreadable(id, missing(e) ? 'missing' : 'read');
      }
      const plain = open(key, id, sealed);
      return plain ? new Uint8Array(plain) : unreadable(id, 'integrity');
    },
    async remove(id) {
      if (ID.test(id)) await rm(path(id), {force: true});
    },
  };
}
