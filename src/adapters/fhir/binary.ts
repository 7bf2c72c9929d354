/**
 * A file's bytes as a FHIR `Binary` (`data` is base64), for the lazy parts that keep files: the
 * patient's documents (`documents.ts`) and the files sent with messages (`messages.ts`).
 */

/** Bytes as base64, in slices so a large file does not overflow the call stack. */
export const toBase64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/** A `Binary.data` back to bytes. */
export const fromBase64 = (data: string | undefined): Uint8Array =>
  Uint8Array.from(atob(data ?? ''), (c) => c.charCodeAt(0));
