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
 * Key rotation: each file names the key it is sealed under by the key's id (8 bytes of an HMAC of
 * a fixed label under the key: not the key, and nothing a reader can turn back into it). Older keys
 * (`PORTAL_DOCUMENTS_OLD_KEYS`) still open their files; {@link DocumentFiles.rotate} re-seals one
 * file under the current key in place (a new file beside it, renamed over it), and
 * {@link DocumentFiles.sealKeyCheck} moves the `key-check` to the current key once every file is.
 *
 * File layout: `PPD2` (4 bytes), key id (8), IV (12), tag (16), ciphertext; the file's id and the
 * key id are the additional data. Files from before rotation existed (`PPD1`: IV, tag, ciphertext,
 * the file's id as additional data) are read with each configured key in turn.
 */
import {createCipheriv, createDecipheriv, createHmac, randomBytes} from 'node:crypto';
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {log} from './log.js';

const MAGIC_V1 = Buffer.from('PPD1');
const MAGIC = Buffer.from('PPD2');
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_V1 = MAGIC_V1.length + IV_BYTES + TAG_BYTES;
const HEADER = MAGIC.length + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;
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
  /** The current key, new files are sealed under it: 32 bytes, 64 hexadecimal digits or base64. */
  readonly key: string;
  /** Earlier keys (`PORTAL_DOCUMENTS_OLD_KEYS`), still opening the files sealed under them. */
  readonly oldKeys?: readonly string[];
}

export interface DocumentFiles {
  /** Encrypts and writes `bytes` to a new file; resolves to its random id. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of file `id`, its tag checked; {@link DocumentFileError} otherwise. */
  get(id: string): Promise<Uint8Array>;
  /** Removes file `id` (gone already: fine). */
  remove(id: string): Promise<void>;
  /**
   * Re-seals file `id` under the current key, in place: `current` when it already is (nothing
   * written), `rotated` when it was; {@link DocumentFileError} when no configured key opens it.
   * Readers see the old file or the new one, never a part (written beside it, then renamed).
   */
  rotate(id: string): Promise<'current' | 'rotated'>;
  /** Seals the folder's `key-check` under the current key (once every file is: older keys no longer open the folder). */
  sealKeyCheck(): Promise<void>;
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

/** A key with its id: what a file names it by. */
interface Key {
  readonly bytes: Buffer;
  readonly id: Buffer;
}

/** A key's id: 8 bytes of HMAC-SHA-256 under the key of a fixed label (not the key). */
export function documentsKeyId(key: Buffer): Buffer {
  return createHmac('sha256', key)
    .update('patient-portal documents key id')
    .digest()
    .subarray(0, KEY_ID_BYTES);
}

const keyOf = (text: string): Key => {
  const bytes = parseDocumentsKey(text);
  return {bytes, id: documentsKeyId(bytes)};
};

function seal(key: Key, id: string, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.concat([Buffer.from(id), key.id]));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, key.id, iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, aad: Buffer, iv: Buffer, tag: Buffer, body: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * The plain bytes and the key that opened them, or undefined when the file is not one sealed for
 * `id` under one of `keys`.
 */
function open(keys: readonly Key[], id: string, sealed: Buffer): {plain: Buffer; key: Key} | undefined {
  const magic = sealed.subarray(0, MAGIC.length);
  if (magic.equals(MAGIC) && sealed.length >= HEADER) {
    const keyId = sealed.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES);
    const key = keys.find((k) => k.id.equals(keyId));
    const at = MAGIC.length + KEY_ID_BYTES;
    const plain =
      key &&
      decrypt(
        key.bytes,
        Buffer.concat([Buffer.from(id), keyId]),
        sealed.subarray(at, at + IV_BYTES),
        sealed.subarray(at + IV_BYTES, HEADER),
        sealed.subarray(HEADER),
      );
    return key && plain ? {plain, key} : undefined;
  }
  if (magic.equals(MAGIC_V1) && sealed.length >= HEADER_V1) {
    // Before key ids: whichever configured key opens it.
    for (const key of keys) {
      const plain = decrypt(
        key.bytes,
        Buffer.from(id),
        sealed.subarray(MAGIC_V1.length, MAGIC_V1.length + IV_BYTES),
        sealed.subarray(MAGIC_V1.length + IV_BYTES, HEADER_V1),
        sealed.subarray(HEADER_V1),
      );
      if (plain) return {plain, key};
    }
  }
  return undefined;
}

/** Whether `sealed` is already a current-layout file under `key` (its header says so; the tag is checked when read). */
const sealedUnder = (key: Key, sealed: Buffer): boolean =>
  sealed.length >= HEADER &&
  sealed.subarray(0, MAGIC.length).equals(MAGIC) &&
  sealed.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).equals(key.id);

const missing = (e: unknown) => (e as {code?: unknown})?.code === 'ENOENT';

/**
 * Opens the folder with the key: creates both the folder and its `key-check` when new; refuses
 * (throws, the server does not start) when the folder's `key-check` does not open with this key.
 */
export async function openDocumentFiles(options: DocumentFilesOptions): Promise<DocumentFiles> {
  const key = keyOf(options.key);
  const keys = [key, ...(options.oldKeys ?? []).map(keyOf)];
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
  else if (!open(keys, KEY_CHECK, check)?.plain.equals(KEY_CHECK_TEXT))
    throw new Error(
      'PORTAL_DOCUMENTS_KEY does not open the documents in PORTAL_DOCUMENTS_DIR (another key? while rotating, the earlier one goes in PORTAL_DOCUMENTS_OLD_KEYS): not starting',
    );

  const path = (id: string) => join(dir, id);
  const unreadable = (id: string, reason: string): never => {
    // The file's random id and why: nothing about the patient or the document.
    log('error', 'document file unreadable', {file: ID.test(id) ? id : 'invalid-id', reason});
    throw new DocumentFileError();
  };
  const read = async (id: string): Promise<Buffer> => {
    if (!ID.test(id)) return unreadable(id, 'id');
    try {
      return await readFile(path(id));
    } catch (e) {
      return unreadable(id, missing(e) ? 'missing' : 'read');
    }
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
      const opened = open(keys, id, await read(id));
      return opened ? new Uint8Array(opened.plain) : unreadable(id, 'integrity');
    },
    async remove(id) {
      if (ID.test(id)) await rm(path(id), {force: true});
    },
    async rotate(id) {
      const sealed = await read(id);
      const opened = open(keys, id, sealed);
      if (!opened) return unreadable(id, 'integrity');
      if (opened.key === key && sealedUnder(key, sealed)) return 'current';
      // Beside it, then renamed over it: a crash leaves the old file (still opening) or the new one.
      const tmp = `${path(id)}.rotate.tmp`;
      await writeFile(tmp, seal(key, id, opened.plain), {mode: 0o600});
      await rename(tmp, path(id));
      return 'rotated';
    },
    async sealKeyCheck() {
      const tmp = `${checkPath}.tmp`;
      await writeFile(tmp, seal(key, KEY_CHECK, KEY_CHECK_TEXT), {mode: 0o600});
      await rename(tmp, checkPath);
    },
  };
}
