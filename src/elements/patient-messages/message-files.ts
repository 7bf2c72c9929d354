/**
 * Files with messages (#21), `<patient-messages>`' part loaded only when the clinic offers them or
 * a thread carries one (its own chunk and catalog piece, so the element's first chunk stays small):
 * the file field of a new message or a reply (`<portal-file-input>`, itself loaded with it), the
 * up-front check of each chosen file with the documents' upload rule (`fileProblem`, the same the
 * backends apply), and a message's files — name, type and size — opened or saved the way documents
 * are: the bytes fetched with the patient's session into a `blob:` URL that lives a minute, never
 * a link that works without her session.
 */
import {html} from 'lit';
import {msg, str} from '@lit/localize';
import type {FieldErrorCode, PortalAdapter} from '../../adapters/adapter.js';
import type {DocumentContentType} from '../../domain/documents.js';
import {fileProblem} from '../../domain/rules/documents.js';
import type {AttachmentUpload, MessageAttachment, MessagingSettings} from '../../domain/rules/messages.js';
import messages from '../../localization/generated/pieces/message-files.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {catalogPiece} from '../../localization/localization.js';
import type {PortalFileInput} from '../patient-documents/portal-file-input.js';

catalogPiece('message-files', messages);

/** How long an opened file's `blob:` URL lives (the new tab has loaded it by then). */
const BLOB_URL_MS = 60_000;

/** A size as people read it: KB under a megabyte, MB above. */
export function sizeText(bytes: number, locale: string): string {
  const mb = bytes / (1024 * 1024);
  const n = (v: number, digits: number) =>
    new Intl.NumberFormat(locale, {maximumFractionDigits: digits}).format(v);
  return mb < 1 ? `${n(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB` : `${n(mb, mb < 10 ? 1 : 0)} MB`;
}

const KIND: Readonly<Record<DocumentContentType, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

/** Why a file (or the files) cannot be sent, in the patient's words. */
export function fileMessage(code: FieldErrorCode, settings: MessagingSettings, locale: string): string {
  switch (code) {
    case 'file-empty':
      return msg('This file is empty.', {id: 'messages-file-empty'});
    case 'file-too-large': {
      const limit = sizeText(settings.maxAttachmentBytes, locale);
      return msg(str`This file is larger than ${limit}. Please send a smaller one.`, {
        id: 'messages-file-too-large',
      });
    }
    case 'file-heic':
      return msg('HEIC photos can’t be sent. Please send it as JPEG or take a screenshot of it.', {
        id: 'messages-file-heic',
      });
    case 'file-type':
      return msg('Only PDF, JPEG and PNG files can be sent.', {id: 'messages-file-type'});
    case 'too-many': {
      const n = settings.maxAttachments;
      return msg(str`You can send up to ${n} files with one message.`, {id: 'messages-files-too-many'});
    }
    default:
      return fieldErrorMessage(code);
  }
}

/** The up-front check of a chosen file: its size, then its first bytes (the documents' rule). */
export function fileCheck(settings: MessagingSettings, locale: string) {
  return async (file: File): Promise<string | undefined> => {
    const max = settings.maxAttachmentBytes;
    const early: FieldErrorCode | undefined =
      file.size === 0 ? 'file-empty' : file.size > max ? 'file-too-large' : undefined;
    const problem = early ?? fileProblem(new Uint8Array(await file.slice(0, 64).arrayBuffer()), max);
    return problem ? fileMessage(problem, settings, locale) : undefined;
  };
}

/** The file field of a message (`id="files"`, labelled "Attach files (optional)"). */
export function renderPicker(
  settings: MessagingSettings,
  locale: string,
  check: (file: File) => Promise<string | undefined>,
  error: string,
  disabled: boolean,
  onChange: () => void,
) {
  void import('../../define/portal-file-input.js');
  const limit = sizeText(settings.maxAttachmentBytes, locale);
  const n = settings.maxAttachments;
  return html`<div class="field">
    <label for="files">${msg('Attach files (optional)', {id: 'messages-files'})}</label>
    <portal-file-input
      id="files"
      name="files"
      multiple
      accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
      .hint=${msg(str`PDF, JPEG or PNG, up to ${limit} each; at most ${n} files.`, {id: 'messages-files-help'})}
      .error=${error}
      .check=${check}
      ?disabled=${disabled}
      @change=${onChange}
    ></portal-file-input>
  </div>`;
}

/** The files chosen in the field (none without one), read whole. */
export async function readFiles(input: PortalFileInput | null): Promise<AttachmentUpload[]> {
  const files = input ? [...input.value] : [];
  return Promise.all(
    files.map(async (f) => ({fileName: f.name, content: new Uint8Array(await f.arrayBuffer())})),
  );
}

/** A message's files: each with its name, type and size, and Open / Download buttons naming it. */
export function renderAttachments(
  files: readonly MessageAttachment[],
  locale: string,
  busy: boolean,
  act: (file: MessageAttachment, open: boolean) => void,
) {
  return html`<ul class="files" aria-label=${msg('Attached files', {id: 'messages-attached'})}>
    ${files.map((f) => {
      const name = f.fileName;
      return html`<li>
        <span class="file-name">${name}</span>
        <span class="meta">${KIND[f.contentType] ?? ''}, ${sizeText(f.size, locale)}</span>
        <span class="file-actions">
          <button
            type="button"
            part="button"
            ?disabled=${busy}
            aria-label=${msg(str`Open ${name}`, {id: 'messages-file-open-name'})}
            @click=${() => act(f, true)}
          >
            ${msg('Open', {id: 'messages-file-open'})}
          </button>
          <button
            type="button"
            part="button"
            ?disabled=${busy}
            aria-label=${msg(str`Download ${name}`, {id: 'messages-file-save-name'})}
            @click=${() => act(f, false)}
          >
            ${msg('Download', {id: 'messages-file-save'})}
          </button>
        </span>
      </li>`;
    })}
  </ul>`;
}

/**
 * Opens a message's file in a new tab or saves it under its name: its bytes fetched with the
 * patient's session (`downloadAttachment`) into a `blob:` URL revoked a minute later. `host` holds
 * the hidden link that saves it.
 */
export async function openFile(
  adapter: PortalAdapter,
  file: MessageAttachment,
  open: boolean,
  host: ParentNode,
  signal: AbortSignal,
): Promise<void> {
  const got = await adapter.downloadAttachment!(file.id, {signal});
  const url = URL.createObjectURL(
    new Blob([got.content as Uint8Array<ArrayBuffer>], {type: got.contentType}),
  );
  if (open) window.open(url, '_blank', 'noopener');
  else {
    const a = document.createElement('a');
    a.href = url;
    a.download = got.fileName;
    a.hidden = true;
    host.appendChild(a);
    a.click();
    a.remove();
  }
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_MS);
}

/** A file the clinic's system cannot read back (503 `document-unreadable`): its own words. */
export function unreadableMessage(): string {
  return msg(
    'This file can’t be opened: the clinic’s copy is damaged. The clinic has been told; please ask them to send it again.',
    {
      id: 'messages-file-unreadable',
    },
  );
}
