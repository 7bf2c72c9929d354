/**
 * The REST adapter's documents operations, in a chunk of their own: `RestAdapter` installs them on
 * its prototype from `DOCUMENT_OPERATIONS` and loads this module on the first documents call, so
 * pages that never show a document (the booking widget) do not carry it. Each runs as a method of
 * the adapter (`this`), through its one transport (`this.call`, typed by operationId like the rest).
 */
import {NetworkError} from '../../domain/errors.js';
import type {
  DocumentContent,
  DocumentContentType,
  DocumentList,
  DocumentQuery,
  DocumentUpload,
  PatientDocument,
  RefillRequest,
} from '../../domain/documents.js';
import type {RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';
import {toBase64} from './base64.js';

/** An upload on a slow line takes minutes, not the adapter's seconds. */
const UPLOAD_TIMEOUT_MS = 300_000;

export function listDocuments(
  this: Transport,
  query?: DocumentQuery,
  options?: RequestOptions,
): Promise<DocumentList> {
  return this.call<'listDocuments', DocumentList>(
    {method: 'GET', path: '/documents', query: query?.folder ? [['folder', query.folder]] : []},
    options,
  );
}

export async function downloadDocument(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<DocumentContent> {
  const response = (await this.call<'downloadDocument', undefined>(
    {method: 'GET', path: `/documents/${encodeURIComponent(id)}/content`, raw: true},
    options,
  )) as unknown as Response;
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  let content: Uint8Array;
  try {
    content = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  return {
    fileName: name ? decodeURIComponent(name) : id,
    contentType: (response.headers.get('content-type') ?? '') as DocumentContentType,
    content,
  };
}

export function uploadDocument(
  this: Transport,
  upload: DocumentUpload,
  options?: RequestOptions,
): Promise<PatientDocument> {
  return this.call<'uploadDocument', PatientDocument>(
    {
      method: 'POST',
      path: '/documents',
      timeoutMs: UPLOAD_TIMEOUT_MS,
      body: {
        fileName: upload.fileName,
        category: upload.category,
        ...(upload.note !== undefined ? {note: upload.note} : {}),
        content: toBase64(upload.content),
      },
    },
    options,
  );
}

export async function deleteDocument(this: Transport, id: string, options?: RequestOptions): Promise<void> {
  await this.call<'deleteDocument'>(
    {method: 'DELETE', path: `/documents/${encodeURIComponent(id)}`},
    options,
  );
}

export function requestRefill(
  this: Transport,
  id: string,
  note?: string,
  options?: RequestOptions,
): Promise<RefillRequest> {
  return this.call<'requestRefill', RefillRequest>(
    {
      method: 'POST',
      path: `/documents/${encodeURIComponent(id)}/refill-requests`,
      body: note !== undefined ? {note} : {},
    },
    options,
  );
}
