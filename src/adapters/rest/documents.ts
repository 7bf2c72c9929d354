/**
 * The REST adapter's documents operations, in a chunk of their own: `RestAdapter` installs them on
 * its prototype from `DOCUMENT_OPERATIONS` and loads this module on the first documents call, so
 * pages that never show a document (the booking widget) do not carry it. Each runs as a method of
 * the adapter (`this`), through its one transport (`this.call`, typed by operationId like the rest).
 */
import type {
  DocumentContent,
  DocumentList,
  DocumentQuery,
  DocumentUpload,
  PatientDocument,
  RefillRequest,
} from '../../domain/documents.js';
import type {RequestOptions, UploadOptions} from '../adapter.js';
import type {Transport} from './wire.js';
import {fileFromResponse, toBase64} from './base64.js';

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
  return fileFromResponse(response, id);
}

/**
 * `fetch` as far as the transport needs it, over `XMLHttpRequest`: its `upload` events say how much
 * of the body has gone (`fetch` cannot tell, in any engine), reported as that share of the file's
 * `size` bytes. Aborting `init.signal` aborts the request (the server gets a cut body and stores
 * nothing); a network failure rejects with a `TypeError`, as `fetch` does.
 */
function sendWithProgress(size: number, onProgress: (sent: number, total: number) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const signal = init.signal;
      const fail = () => reject(signal?.aborted ? signal.reason : new TypeError('Network request failed'));
      xhr.open(init.method ?? 'GET', String(input));
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
        xhr.setRequestHeader(k, v);
      xhr.withCredentials = init.credentials === 'include';
      xhr.responseType = 'arraybuffer';
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.round((size * e.loaded) / e.total), size);
      };
      xhr.onerror = xhr.onabort = xhr.ontimeout = fail;
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
        }
        const empty = [101, 204, 205, 304].includes(xhr.status);
        resolve(new Response(empty ? null : (xhr.response as ArrayBuffer), {status: xhr.status, headers}));
      };
      if (signal?.aborted) return fail();
      signal?.addEventListener('abort', () => xhr.abort(), {once: true});
      xhr.send(init.body as string);
    });
}

/**
 * One upload as JSON (the file base64). With `onProgress`, in a browser, it goes over
 * `XMLHttpRequest` so the patient sees how much has been sent (the adapter's own `fetch` option is
 * then not used for it); the signal cancels it mid-way either way.
 */
export function uploadDocument(
  this: Transport,
  upload: DocumentUpload,
  options?: UploadOptions,
): Promise<PatientDocument> {
  const onProgress = options?.onProgress;
  const size = upload.content?.length ?? 0;
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
      ...(onProgress && typeof XMLHttpRequest === 'function'
        ? {send: sendWithProgress(size, onProgress)}
        : {}),
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
