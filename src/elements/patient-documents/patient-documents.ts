import {html, nothing} from 'lit';
import {state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import {
  DOCUMENT_FOLDERS,
  UPLOAD_CATEGORIES,
  type DocumentFolder,
  type PatientDocument,
  type UploadCategory,
} from '../../domain/documents.js';
import type {Clinic} from '../../domain/types.js';
import {NOTE_MAX_LENGTH, fileProblem} from '../../domain/rules/documents.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDate} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PatientSection} from '../records/patient-section.js';
import {styles} from './patient-documents.styles.js';

/** One chosen file's outcome after "Upload". */
interface UploadResult {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** How long a blob URL handed to a new tab lives before it is revoked. */
const BLOB_URL_MS = 60_000;

/**
 * The signed-in patient's documents: what the clinic gave them (lab results, prescriptions,
 * reports, images), newest first, with the date, who wrote it and a "New" badge until it is first
 * opened; and their own uploads ("Uploaded by you"). Folders filter the list. "Open" shows the file
 * in the browser's own viewer in a new tab (from a blob URL made of the bytes just fetched with the
 * session: no link that works without it); "Download" saves it with its original name.
 *
 * Uploading uses a native file input (several files at once), a category and an optional note;
 * each file gets its own result. Files are checked here first with the backend's rule
 * (`domain/rules/documents.ts`: PDF, JPEG or PNG by their first bytes, the clinic's size limit;
 * HEIC photos refused with how to send a JPEG instead), and again by the backend.
 *
 * @summary The patient's documents from the clinic and their own uploads.
 * @csspart header - The title bar.
 * @csspart button - Every button.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons and the "New" badge.
 * @cssprop --portal-color-danger - Colour of errors.
 * @fires {PortalErrorEvent} portal-error - When loading, opening or uploading fails (detail: error code and operation).
 * @tagname patient-documents
 */
export class PatientDocuments extends PatientSection {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  @state() private documents?: readonly PatientDocument[];
  @state() private maxBytes = 0;
  @state() private clinic?: Clinic;
  @state() private folder: DocumentFolder | 'all' = 'all';
  @state() private actionError?: unknown;
  @state() private busy = false;
  @state() private category: UploadCategory | '' = '';
  @state() private note = '';
  @state() private errors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private results: readonly UploadResult[] = [];

  /** Sign-out, expiry or another backend: nothing about the patient stays (QUALITY 12). */
  protected forget(): void {
    this.documents = undefined;
    this.actionError = undefined;
    this.results = [];
    this.errors = {};
    this.note = '';
    this.category = '';
  }

  protected get loaded(): boolean {
    return this.documents !== undefined;
  }

  protected get recordsOperation(): string {
    return 'listDocuments';
  }

  protected async fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void> {
    const folder = this.folder === 'all' ? undefined : this.folder;
    const [clinic, list] = await Promise.all([
      this.clinic ?? adapter.getClinic({signal}),
      adapter.listDocuments(folder ? {folder} : {}, {signal}),
    ]);
    return () => {
      this.clinic = clinic;
      this.documents = list.documents;
      this.maxBytes = list.maxUploadBytes;
    };
  }

  private choose(folder: DocumentFolder | 'all') {
    if (folder === this.folder) return;
    this.folder = folder;
    this.documents = undefined;
    void this.load();
  }

  // ------------------------------------------------------------------------------------------
  // Opening and saving

  private async fetchBlob(doc: PatientDocument): Promise<{url: string; name: string} | undefined> {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busy) return undefined;
    this.busy = true;
    this.actionError = undefined;
    try {
      const got = await adapter.downloadDocument(doc.id, {signal: this.connectedSignal});
      const blob = new Blob([got.content as Uint8Array<ArrayBuffer>], {type: got.contentType});
      if (doc.isNew) {
        this.documents = this.documents?.map((d) => (d.id === doc.id ? {...d, isNew: false} : d));
      }
      return {url: URL.createObjectURL(blob), name: got.fileName};
    } catch (e) {
      if (!isAbortError(e)) {
        this.actionError = e;
        this.reportError(e, 'downloadDocument', true);
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async open(doc: PatientDocument) {
    const got = await this.fetchBlob(doc);
    if (!got) return;
    window.open(got.url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(got.url), BLOB_URL_MS);
  }

  private async save(doc: PatientDocument) {
    const got = await this.fetchBlob(doc);
    if (!got) return;
    const a = document.createElement('a');
    a.href = got.url;
    a.download = got.name;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(got.url), BLOB_URL_MS);
  }

  // ------------------------------------------------------------------------------------------
  // Uploading

  private fileMessage(code: FieldErrorCode): string {
    switch (code) {
      case 'file-empty':
        return msg('This file is empty.', {id: 'documents-file-empty'});
      case 'file-too-large': {
        const limit = this.megabytes(this.maxBytes);
        return msg(str`This file is larger than ${limit}. Please send a smaller one.`, {
          id: 'documents-file-too-large',
        });
      }
      case 'file-heic':
        return msg(
          'HEIC photos can’t be uploaded. Please send it as JPEG (on an iPhone: Settings, Camera, Formats, Most Compatible) or take a screenshot of it.',
          {id: 'documents-file-heic'},
        );
      case 'file-type':
        return msg('Only PDF, JPEG and PNG files can be uploaded.', {id: 'documents-file-type'});
      default:
        return fieldErrorMessage(code);
    }
  }

  /** A file size as people read it: KB under a megabyte, MB above. */
  private megabytes(bytes: number): string {
    const mb = bytes / (1024 * 1024);
    const n = (v: number, digits: number) =>
      new Intl.NumberFormat(this.locale, {maximumFractionDigits: digits}).format(v);
    return mb < 1 ? `${n(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB` : `${n(mb, mb < 10 ? 1 : 0)} MB`;
  }

  private async upload(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#files');
    if (!adapter || !input || this.busy) return;
    const files = [...(input.files ?? [])];
    const errors: Record<string, FieldErrorCode> = {};
    if (files.length === 0) errors.files = 'required';
    if (!this.category) errors.category = 'required';
    if ([...this.note].length > NOTE_MAX_LENGTH) errors.note = 'too-long';
    this.errors = errors;
    this.results = [];
    if (Object.keys(errors).length > 0) {
      this.renderRoot
        .querySelector<HTMLElement>(errors.files ? '#files' : errors.category ? '#category' : '#note')
        ?.focus();
      return;
    }
    this.busy = true;
    const results: UploadResult[] = [];
    let stored = 0;
    for (const file of files) {
      const name = file.name;
      try {
        // The size first: a file over the limit is never read.
        const early: FieldErrorCode | undefined =
          file.size === 0 ? 'file-empty' : file.size > this.maxBytes ? 'file-too-large' : undefined;
        const content = early ? undefined : new Uint8Array(await file.arrayBuffer());
        const problem = early ?? fileProblem(content as Uint8Array, this.maxBytes);
        if (problem) {
          results.push({name, ok: false, message: this.fileMessage(problem)});
          continue;
        }
        await adapter.uploadDocument(
          {
            fileName: name,
            category: this.category as UploadCategory,
            ...(this.note.trim() ? {note: this.note} : {}),
            content: content as Uint8Array,
          },
          {signal: this.connectedSignal},
        );
        stored++;
        results.push({name, ok: true, message: msg('Uploaded.', {id: 'documents-uploaded'})});
      } catch (err) {
        if (isAbortError(err)) return;
        const code =
          err instanceof ValidationError ? (err.fields.file ?? Object.values(err.fields)[0]) : undefined;
        results.push({name, ok: false, message: code ? this.fileMessage(code) : errorMessage(err)});
        if (!(err instanceof ValidationError)) this.reportError(err, 'uploadDocument');
      }
    }
    this.busy = false;
    this.results = results;
    this.announce(msg(str`${stored} of ${files.length} files uploaded.`, {id: 'documents-upload-summary'}));
    if (stored > 0) {
      input.value = '';
      this.note = '';
      this.documents = undefined;
      void this.load();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private folderName(f: DocumentFolder | 'all'): string {
    switch (f) {
      case 'all':
        return msg('All', {id: 'documents-folder-all'});
      case 'results':
        return msg('Results', {id: 'documents-folder-results'});
      case 'prescriptions':
        return msg('Prescriptions', {id: 'documents-folder-prescriptions'});
      case 'reports':
        return msg('Reports', {id: 'documents-folder-reports'});
      case 'images':
        return msg('Images', {id: 'documents-folder-images'});
      case 'uploads':
        return msg('Uploaded by you', {id: 'documents-folder-uploads'});
    }
  }

  private categoryName(c: UploadCategory): string {
    return c === 'other' ? msg('Other', {id: 'documents-category-other'}) : this.folderName(c);
  }

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2 tabindex="-1">${msg('Documents', {id: 'documents-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private renderFolders() {
    return html`<div class="folders" role="group" aria-label=${msg('Folders', {id: 'documents-folders'})}>
      ${(['all', ...DOCUMENT_FOLDERS] as const).map(
        (f) =>
          html`<button
            type="button"
            part="button"
            aria-pressed=${this.folder === f ? 'true' : 'false'}
            @click=${() => this.choose(f)}
          >
            ${this.folderName(f)}
          </button>`,
      )}
    </div>`;
  }

  private renderDocument(d: PatientDocument) {
    const when = formatDate(d.createdAt, this.locale, this.clinic?.timeZone ?? 'UTC', 'long');
    const kind = d.contentType === 'application/pdf' ? 'PDF' : d.contentType === 'image/png' ? 'PNG' : 'JPEG';
    // Clinic documents: folder · date · author. The patient's own: "Uploaded by you" · category · date.
    const parts =
      d.folder === 'uploads'
        ? [this.folderName('uploads'), ...(d.category ? [this.categoryName(d.category)] : []), when]
        : [this.folderName(d.folder), when, ...(d.author ? [d.author] : [])];
    return html`<li>
      <div class="doc">
        <p class="name">
          ${
            d.isNew
              ? html`<span class="badge">${msg('New', {id: 'documents-new'})}</span
                  ><span class="sr-only">:</span>`
              : nothing
          }
          <span>${d.fileName}</span>
        </p>
        <p class="meta">${parts.join(' · ')} · ${kind}, ${this.megabytes(d.size)}</p>
        ${d.note ? html`<p class="note">${d.note}</p>` : nothing}
      </div>
      <div class="actions">
        <button
          type="button"
          part="button"
          ?disabled=${this.busy}
          aria-label=${msg(str`Open ${d.fileName}`, {id: 'documents-open-name'})}
          @click=${() => void this.open(d)}
        >
          ${msg('Open', {id: 'documents-open'})}
        </button>
        <button
          type="button"
          part="button"
          ?disabled=${this.busy}
          aria-label=${msg(str`Download ${d.fileName}`, {id: 'documents-download-name'})}
          @click=${() => void this.save(d)}
        >
          ${msg('Download', {id: 'documents-download'})}
        </button>
      </div>
    </li>`;
  }

  private renderList() {
    const docs = this.documents;
    if (!docs)
      return html`<p class="notice" role="status">
        ${msg('Loading your documents…', {id: 'documents-loading'})}
      </p>`;
    if (docs.length === 0)
      return html`<p class="notice">${msg('No documents here yet.', {id: 'documents-empty'})}</p>`;
    return html`<ul class="docs" aria-label=${this.folderName(this.folder)}>
      ${docs.map((d) => this.renderDocument(d))}
    </ul>`;
  }

  private fieldError(name: string) {
    const code = this.errors[name];
    return code ? html`<p class="field-error" id=${`${name}-error`}>${fieldErrorMessage(code)}</p>` : nothing;
  }

  private renderUpload() {
    const limit = this.megabytes(this.maxBytes);
    return html`<section class="upload" aria-labelledby="upload-title">
      <h3 id="upload-title">${msg('Upload a document', {id: 'documents-upload-title'})}</h3>
      <form novalidate @submit=${(e: Event) => void this.upload(e)}>
        <div class="field">
          <label for="files">${msg('Files', {id: 'documents-files'})}</label>
          <p class="help" id="files-help">
            ${msg(str`PDF, JPEG or PNG, up to ${limit} each. You can choose several.`, {id: 'documents-files-help'})}
          </p>
          <input
            id="files"
            type="file"
            multiple
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            aria-describedby=${this.errors.files ? 'files-help files-error' : 'files-help'}
            aria-invalid=${this.errors.files ? 'true' : 'false'}
            ?disabled=${this.busy}
          />
          ${this.fieldError('files')}
        </div>
        <div class="field">
          <label for="category">${msg('What is it?', {id: 'documents-category'})}</label>
          <select
            id="category"
            aria-describedby=${this.errors.category ? 'category-error' : nothing}
            aria-invalid=${this.errors.category ? 'true' : 'false'}
            ?disabled=${this.busy}
            @change=${(e: Event) => (this.category = (e.target as HTMLSelectElement).value as UploadCategory)}
          >
            <option value="" ?selected=${this.category === ''}>
              ${msg('Choose…', {id: 'documents-choose'})}
            </option>
            ${UPLOAD_CATEGORIES.map(
              (c) =>
                html`<option value=${c} ?selected=${this.category === c}>${this.categoryName(c)}</option>`,
            )}
          </select>
          ${this.fieldError('category')}
        </div>
        <div class="field">
          <label for="note">${msg('Note for the clinic (optional)', {id: 'documents-note'})}</label>
          <textarea
            id="note"
            rows="2"
            maxlength=${NOTE_MAX_LENGTH}
            aria-describedby=${this.errors.note ? 'note-error' : nothing}
            aria-invalid=${this.errors.note ? 'true' : 'false'}
            ?disabled=${this.busy}
            .value=${this.note}
            @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${this.fieldError('note')}
        </div>
        <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
          ${this.busy ? msg('Uploading…', {id: 'documents-uploading'}) : msg('Upload', {id: 'documents-upload'})}
        </button>
      </form>
      ${
        this.results.length > 0
          ? html`<ul class="results">
              ${this.results.map(
                (r) =>
                  html`<li class=${r.ok ? 'ok' : 'refused'}>
                    <span class="file">${r.name}</span>: ${r.message}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const gate = this.renderGate({
      noBackend: msg('Documents aren’t set up on this page.', {id: 'documents-no-backend'}),
      signIn: msg('Please sign in to see your documents.', {id: 'documents-sign-in'}),
    });
    if (gate) return html`${this.renderHeader()}${gate}`;
    return html`${this.renderHeader()} ${this.renderSessionWarning()} ${this.renderFolders()}
    ${
      this.actionError !== undefined
        ? html`<p class="notice error" role="alert">${errorMessage(this.actionError)}</p>`
        : nothing
    }
    ${this.renderList()} ${this.documents ? this.renderUpload() : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-documents': PatientDocuments;
  }
}
