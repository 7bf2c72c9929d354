/**
 * Files on the wire, for the REST adapter's lazy parts (documents, message attachments, photos):
 * bytes sent as base64, and a downloaded file's bytes and name read from the raw answer.
 */
import {NetworkError} from '../../domain/errors.js';
import type {DocumentContent, DocumentContentType} from '../../domain/documents.js';

/** Bytes as base64 (RFC 4648), in slices so a large file does not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A downloaded file from the server's raw answer: its bytes, its type, and the name from
 * `Content-Disposition` (`filename*=UTF-8''…`), else `fallbackName`. A body cut off on the way is a
 * network error.
 */
export async function fileFromResponse(response: Response, fallbackName: string): Promise<DocumentContent> {
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  let content: Uint8Array;
  try {
    content = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  return {
    fileName: name ? decodeURIComponent(name) : fallbackName,
    contentType: (response.headers.get('content-type') ?? '') as DocumentContentType,
    content,
  };
}
