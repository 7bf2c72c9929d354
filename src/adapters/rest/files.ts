/**
 * The REST adapter's file handling (documents), in a chunk of its own: loaded on the first
 * download or upload, so pages that never touch a document do not carry it.
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

/** A download's answer as the contract's {@link DocumentContent}: the name from `Content-Disposition`. */
export async function fileContent(response: Response, fallbackName: string): Promise<DocumentContent> {
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
