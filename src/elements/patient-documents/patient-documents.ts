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
import type {PortalFileInput} from './portal-file-input.js';
import {
  NOTE_MAX_LENGTH,
  fileProblem,
  filterDocuments,
  isBackwardsRange,
  isDeletable,
} from '../../domain/rules/documents.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDate, parsePlainDate} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PatientSection} from '../records/patient-section.js';
import {styles} from './patient-documents.styles.js';
import {recordFieldStyles} from '../records/record-fields.styles.js';
import {loadVirtualizer, type VirtualizeFn} from '../records/virtualizer.js';
import {DocumentDetails} from './document-details.js';

/** One file of an "Upload": waiting, being sent (with progress), or its outcome. */
interface UploadRow {
  readonly file: File;
  status: 'waiting' | 'sending' | 'done' | 'refused' | 'failed' | 'cancelled';
  /** Bytes sent and the total, when the backend reports progress. */
  progress?: readonly [number, number];
  message?: string;
  /** Cancels this file's upload (while waiting or sending). */
  cancel?: AbortController;
}

/** How long a blob URL handed to a new tab lives before it is revoked. */
const BLOB_URL_MS = 60_000;
/** How long typing must pause before the number of matches is announced. */
const ANNOUNCE_MS = 700;
/** Above this many documents listed, only the rows in view are rendered (the virtualizer loads then). */
const VIRTUALIZE_ABOVE = 60;

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
 * A lab result whose values the clinic gives structured has "Show values": a table (caption, column
 * and row headers) with each value's flag in words and with a mark ("High" ▲, "Low" ▼), never
 * colour alone, scrolling in its own labelled region on a narrow screen. A prescription with details
 * shows the medication, dose, instructions, prescriber, date and refills left, and "Request a
 * refill" where the backend takes refill requests and the rule allows (`refillStatus`): it asks
 * first (with an optional note), then sends the clinic a message in the patient's conversations.
 *
 * @summary The patient's documents from the clinic and their own uploads.
 * @csspart header - The title bar.
 * @csspart values-table - A lab result's table of values.
 * @csspart refill-button - "Request a refill" on a prescription.
 * @csspart button - Every button.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons and the "New" badge.
 * @cssprop --portal-color-danger - Colour of errors.
 * @fires {PortalErrorEvent} portal-error - When loading, opening or uploading fails (detail: error code and operation).
 * @tagname patient-documents
 */
export class PatientDocuments extends PatientSection {
  static override styles = [tokens, elementStyles, panelStyles, recordFieldStyles, styles];

  /** A lab result's values and a prescription's details with "Request a refill" (#19 item 4). */
  private readonly details = new DocumentDetails({
    requestUpdate: () => this.requestUpdate(),
    rendered: () => this.updateComplete,
    root: () => this.renderRoot,
    adapter: () => this.readyAdapter,
    signal: () => this.connectedSignal,
    announce: (m, politeness) => this.announce(m, politeness),
    report: (e, op) => void this.reportError(e, op),
    locale: () => this.locale,
    timeZone: () => this.clinic?.timeZone ?? 'UTC',
    refills: () => this.refills,
    now: () => Date.now() + this.serverOffset,
    updated: (doc) => (this.documents = this.documents?.map((d) => (d.id === doc.id ? doc : d))),
  });

  @state() private documents?: readonly PatientDocument[];
  @state() private virtualize?: VirtualizeFn<PatientDocument>;
  @state() private maxBytes = 0;
  @state() private clinic?: Clinic;
  /** The backend takes refill requests (`capabilities.refills`). */
  @state() private refills = false;
  /** The backend's clock minus this device's (a prescription expires by the clinic's date). */
  private serverOffset = 0;
  @state() private folder: DocumentFolder | 'all' = 'all';
  @state() private actionError?: unknown;
  @state() private busy = false;
  @state() private category: UploadCategory | '' = '';
  @state() private note = '';
  @state() private errors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private uploads: readonly UploadRow[] = [];
  /** The category and note the current upload was sent with (a retry sends them again). */
  private sentWith?: {category: UploadCategory; note: string};
  /** The upload the patient asked to delete, waiting for "Delete" or "Keep". */
  @state() private confirming?: string;
  @state() private search = '';
  @state() private from = '';
  @state() private to = '';
  private announceTimer?: ReturnType<typeof setTimeout>;

  /** Sign-out, expiry or another backend: nothing about the patient stays (QUALITY 12). */
  protected forget(): void {
    this.documents = undefined;
    this.actionError = undefined;
    for (const row of this.uploads) row.cancel?.abort();
    this.uploads = [];
    this.errors = {};
    this.note = '';
    this.category = '';
    this.search = this.from = this.to = '';
    this.maxBytes = 0;
    this.confirming = undefined;
    this.details.clear();
    clearTimeout(this.announceTimer);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.announceTimer);
  }

  protected get loaded(): boolean {
    return this.documents !== undefined;
  }

  protected get recordsOperation(): string {
    return 'listDocuments';
  }

  /** The upload form stays while a folder loads (files chosen in it are kept). */
  protected async fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void> {
    const folder = this.folder === 'all' ? undefined : this.folder;
    const [clinic, list, caps, time] = await Promise.all([
      this.clinic ?? adapter.getClinic({signal}),
      adapter.listDocuments(folder ? {folder} : {}, {signal}),
      adapter.getCapabilities({signal}),
      adapter.getServerTime({signal}),
    ]);
    const offset = Date.parse(time.now) - Date.now();
    return () => {
      this.clinic = clinic;
      this.serverOffset = Number.isFinite(offset) ? offset : 0;
      this.refills = caps.refills === true && typeof adapter.requestRefill === 'function';
      this.documents = list.documents;
      this.maxBytes = list.maxUploadBytes;
    };
  }

  private choose(folder: DocumentFolder | 'all') {
    if (folder === this.folder) return;
    this.folder = folder;
    this.documents = undefined;
    void this.load().then(() => {
      if (this.filtering) this.announceMatches();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Search and date range (on the listed folder; the rule is domain/rules/documents.ts)

  private get filtering(): boolean {
    return !!(this.search.trim() || this.from || this.to);
  }

  /** The listed documents the search and the date range keep (all of them when not filtering). */
  private filtered(): readonly PatientDocument[] | undefined {
    const docs = this.documents;
    return docs && this.filtering
      ? filterDocuments(docs, {text: this.search, from: this.from, to: this.to})
      : docs;
  }

  private filter(part: 'search' | 'from' | 'to', value: string) {
    this[part] = value;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announceMatches(), ANNOUNCE_MS);
  }

  /** Says, politely, how many documents the filters keep (or that none match). */
  private announceMatches() {
    const n = this.filtered()?.length;
    if (n === undefined) return;
    this.announce(
      n === 0
        ? msg('No documents match.', {id: 'documents-no-match'})
        : n === 1
          ? msg('1 document matches.', {id: 'documents-match-one'})
          : msg(str`${n} documents match.`, {id: 'documents-match-many'}),
    );
  }

  private clearFilters() {
    clearTimeout(this.announceTimer);
    this.search = this.from = this.to = '';
    this.choose('all');
    this.announce(msg('Filters cleared.', {id: 'documents-filters-cleared'}));
    this.renderRoot.querySelector<HTMLInputElement>('#search')?.focus();
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
  // Deleting the patient's own upload (the rule: isDeletable; the backend checks again)

  private askDelete(doc: PatientDocument) {
    this.confirming = doc.id;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('.confirm button.keep')?.focus(),
    );
  }

  private keep(doc: PatientDocument) {
    this.confirming = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`button.delete[data-id="${CSS.escape(doc.id)}"]`)?.focus(),
    );
  }

  private async deleteUpload(doc: PatientDocument) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busy) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      await adapter.deleteDocument(doc.id, {signal: this.connectedSignal});
      this.confirming = undefined;
      this.documents = this.documents?.filter((d) => d.id !== doc.id);
      this.announce(msg(str`${doc.fileName} deleted.`, {id: 'documents-deleted'}));
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      if (!isAbortError(e)) {
        this.actionError = e;
        this.reportError(e, 'deleteDocument', true);
      }
    } finally {
      this.busy = false;
    }
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

  /**
   * What went wrong, in the patient's words: a document the clinic's system cannot read back (503
   * `document-unreadable`: asking again will not help) has its own; the rest as every element says them.
   */
  private actionMessage(error: unknown): string {
    return (error as {problem?: string} | undefined)?.problem === 'document-unreadable'
      ? msg(
          'This document can’t be opened: the clinic’s copy is damaged. The clinic has been told; please ask them for it again.',
          {id: 'documents-unreadable'},
        )
      : errorMessage(error);
  }

  /** A file size as people read it: KB under a megabyte, MB above. */
  private megabytes(bytes: number): string {
    const mb = bytes / (1024 * 1024);
    const n = (v: number, digits: number) =>
      new Intl.NumberFormat(this.locale, {maximumFractionDigits: digits}).format(v);
    return mb < 1 ? `${n(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB` : `${n(mb, mb < 10 ? 1 : 0)} MB`;
  }

  /** The up-front check of a chosen file (`<portal-file-input>`): its size, then its first bytes. */
  private readonly checkFile = async (file: File): Promise<string | undefined> => {
    const early: FieldErrorCode | undefined =
      file.size === 0 ? 'file-empty' : file.size > this.maxBytes ? 'file-too-large' : undefined;
    // The type is in the first bytes: a large file is not read whole to be refused.
    const problem =
      early ?? fileProblem(new Uint8Array(await file.slice(0, 64).arrayBuffer()), this.maxBytes);
    return problem ? this.fileMessage(problem) : undefined;
  };

  private get fileInput(): PortalFileInput | null {
    return this.renderRoot.querySelector('portal-file-input');
  }

  private async upload(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    const input = this.fileInput;
    if (!adapter || !input || this.busy) return;
    const files = [...input.value];
    const errors: Record<string, FieldErrorCode> = {};
    if (files.length === 0) errors.files = 'required';
    if (!this.category) errors.category = 'required';
    if ([...this.note].length > NOTE_MAX_LENGTH) errors.note = 'too-long';
    this.errors = errors;
    if (Object.keys(errors).length > 0) {
      (errors.files
        ? input
        : this.renderRoot.querySelector<HTMLElement>(errors.category ? '#category' : '#note')
      )?.focus();
      return;
    }
    this.sentWith = {category: this.category as UploadCategory, note: this.note};
    const rows: UploadRow[] = files.map((file) => ({file, status: 'waiting', cancel: new AbortController()}));
    this.uploads = rows;
    input.clear();
    this.busy = true;
    for (const row of rows) await this.send(row);
    this.busy = false;
    if (!this.isConnected) return;
    const stored = rows.filter((r) => r.status === 'done').length;
    this.announce(msg(str`${stored} of ${files.length} files uploaded.`, {id: 'documents-upload-summary'}));
    if (stored > 0) {
      this.note = '';
      this.documents = undefined;
      void this.load();
    }
  }

  /** Sends one file; its row says how it went (a network failure can be retried). */
  private async send(row: UploadRow) {
    const adapter = this.resolvedAdapter;
    const cancel = row.cancel;
    const sent = this.sentWith;
    if (!adapter || !cancel || !sent || cancel.signal.aborted) return;
    const signal = cancel.signal;
    const gone = () => cancel.abort();
    this.connectedSignal.addEventListener('abort', gone, {once: true});
    const update = (changes: Partial<UploadRow>) => {
      Object.assign(row, changes);
      this.requestUpdate();
    };
    update({status: 'sending', progress: undefined, message: undefined});
    try {
      const content = new Uint8Array(await row.file.arrayBuffer());
      await adapter.uploadDocument(
        {
          fileName: row.file.name,
          category: sent.category,
          ...(sent.note.trim() ? {note: sent.note} : {}),
          content,
        },
        {signal, onProgress: (done, total) => update({progress: [done, total]})},
      );
      update({status: 'done', message: msg('Uploaded.', {id: 'documents-uploaded'}), cancel: undefined});
    } catch (err) {
      if (isAbortError(err) || signal.aborted) {
        update({
          status: 'cancelled',
          message: msg('Cancelled.', {id: 'documents-cancelled'}),
          cancel: undefined,
        });
        return;
      }
      if (err instanceof ValidationError) {
        const code = err.fields.file ?? Object.values(err.fields)[0];
        update({
          status: 'refused',
          message: code ? this.fileMessage(code) : errorMessage(err),
          cancel: undefined,
        });
      } else {
        // A network failure (or the server briefly unavailable): the file can be sent again.
        update({status: 'failed', message: errorMessage(err)});
        this.reportError(err, 'uploadDocument');
      }
    } finally {
      this.connectedSignal.removeEventListener('abort', gone);
    }
  }

  private cancelUpload(row: UploadRow) {
    row.cancel?.abort();
    if (row.status === 'waiting') {
      row.status = 'cancelled';
      row.message = msg('Cancelled.', {id: 'documents-cancelled'});
      row.cancel = undefined;
      this.requestUpdate();
    }
  }

  private async retry(row: UploadRow) {
    if (this.busy) return;
    row.cancel = new AbortController();
    this.busy = true;
    await this.send(row);
    this.busy = false;
    if (row.status === 'done') {
      this.announce(msg(str`${row.file.name} uploaded.`, {id: 'documents-retry-uploaded'}));
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
        ${
          isDeletable(d)
            ? html`<button
                type="button"
                part="button"
                class="delete"
                data-id=${d.id}
                ?disabled=${this.busy}
                aria-label=${msg(str`Delete ${d.fileName}`, {id: 'documents-delete-name'})}
                aria-expanded=${this.confirming === d.id ? 'true' : 'false'}
                @click=${() => this.askDelete(d)}
              >
                ${msg('Delete', {id: 'documents-delete'})}
              </button>`
            : nothing
        }
      </div>
      ${
        d.results && d.results.values.length > 0
          ? this.details.renderResults(d)
          : d.prescription
            ? this.details.renderPrescription(d)
            : nothing
      }
      ${
        this.confirming === d.id
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-text">
              <p id="confirm-text">
                ${msg(str`Delete ${d.fileName}? The clinic will no longer see it. This can’t be undone.`, {
                  id: 'documents-delete-confirm',
                })}
              </p>
              <button
                type="button"
                part="button"
                class="danger"
                ?disabled=${this.busy}
                @click=${() => void this.deleteUpload(d)}
              >
                ${msg('Delete', {id: 'documents-delete'})}
              </button>
              <button
                type="button"
                part="button"
                class="keep"
                ?disabled=${this.busy}
                @click=${() => this.keep(d)}
              >
                ${msg('Keep it', {id: 'documents-keep'})}
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  private renderFilters() {
    const backwards = isBackwardsRange({from: this.from, to: this.to});
    const active = this.filtering || this.folder !== 'all';
    // Our own date entry (the page's locale's order and format, "DD/MM/AAAA" in Spanish, where a
    // browser date input shows the browser's own), empty meaning any date; in its own chunk.
    void import('../../define/portal-date-input.js');
    const date = (e: Event) => parsePlainDate((e.target as HTMLInputElement).value) ?? '';
    return html`<div
      class="filters"
      role="search"
      aria-label=${msg('Find documents', {id: 'documents-find'})}
    >
      <div class="field search">
        <label for="search">${msg('Search by name', {id: 'documents-search'})}</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          .value=${this.search}
          @input=${(e: Event) => this.filter('search', (e.target as HTMLInputElement).value)}
        />
      </div>
      <portal-date-input
        id="from"
        class="date"
        any-date
        label=${msg('From', {id: 'documents-from'})}
        .value=${this.from}
        @change=${(e: Event) => this.filter('from', date(e))}
      ></portal-date-input>
      <portal-date-input
        id="to"
        class="date"
        any-date
        label=${msg('To', {id: 'documents-to'})}
        .value=${this.to}
        @change=${(e: Event) => this.filter('to', date(e))}
      ></portal-date-input>
      ${
        active
          ? html`<button type="button" part="button" class="clear" @click=${() => this.clearFilters()}>
              ${msg('Clear filters', {id: 'documents-clear-filters'})}
            </button>`
          : nothing
      }
      ${
        backwards
          ? html`<p class="field-error" id="range-error" role="alert">
              ${msg('The “To” date is before the “From” date.', {id: 'documents-range-backwards'})}
            </p>`
          : nothing
      }
    </div>`;
  }

  private renderList() {
    const docs = this.filtered();
    if (!docs)
      return html`<p class="notice" role="status">
        ${msg('Loading your documents…', {id: 'documents-loading'})}
      </p>`;
    if (docs.length === 0 && this.filtering)
      return html`<p class="notice no-match">
        ${msg('No documents match your search.', {id: 'documents-no-match-search'})}
      </p>`;
    if (docs.length === 0)
      return html`<p class="notice">${msg('No documents here yet.', {id: 'documents-empty'})}</p>`;
    const long = docs.length > VIRTUALIZE_ABOVE;
    if (long && !this.virtualize)
      void loadVirtualizer<PatientDocument>().then(
        (v) => (this.virtualize = v),
        () => undefined,
      );
    const virtual = long && this.virtualize;
    return html`${
        this.filtering
          ? html`<p class="count">
              ${msg(str`Showing ${docs.length} of ${this.documents?.length ?? 0}.`, {id: 'documents-showing'})}
            </p>`
          : nothing
      }
      <ul class=${virtual ? 'docs virtual' : 'docs'} aria-label=${this.folderName(this.folder)}>
        ${
          virtual
            ? this.virtualize!({
                items: docs,
                renderItem: (d) => this.renderDocument(d),
                keyFunction: (d) => d.id,
              })
            : // Without the virtualizer (still loading, or its chunk failed), a long list shows its first rows.
              (long ? docs.slice(0, VIRTUALIZE_ABOVE) : docs).map((d) => this.renderDocument(d))
        }
      </ul>`;
  }

  private fieldError(name: string) {
    const code = this.errors[name];
    return code ? html`<p class="field-error" id=${`${name}-error`}>${fieldErrorMessage(code)}</p>` : nothing;
  }

  private renderUploads() {
    return html`<ul class="results" aria-label=${msg('Uploads', {id: 'documents-uploads'})}>
      ${this.uploads.map((r) => {
        const name = r.file.name;
        const [sent, total] = r.progress ?? [0, 0];
        return html`<li class=${r.status}>
          <span class="line">
            <span class="file">${name}</span>:
            ${
              r.status === 'waiting'
                ? msg('Waiting…', {id: 'documents-waiting'})
                : r.status === 'sending'
                  ? msg('Sending…', {id: 'documents-sending'})
                  : r.message
            }
          </span>
          ${
            r.status === 'sending'
              ? html`<progress
                  aria-label=${msg(str`Sending ${name}`, {id: 'documents-progress-name'})}
                  max=${total || nothing}
                  value=${total ? sent : nothing}
                ></progress>`
              : nothing
          }
          ${
            r.status === 'waiting' || r.status === 'sending'
              ? html`<button
                  type="button"
                  part="button"
                  aria-label=${msg(str`Cancel ${name}`, {id: 'documents-cancel-name'})}
                  @click=${() => this.cancelUpload(r)}
                >
                  ${msg('Cancel', {id: 'documents-cancel'})}
                </button>`
              : r.status === 'failed'
                ? html`<button
                    type="button"
                    part="button"
                    ?disabled=${this.busy}
                    aria-label=${msg(str`Try again: ${name}`, {id: 'documents-retry-name'})}
                    @click=${() => void this.retry(r)}
                  >
                    ${msg('Try again', {id: 'documents-retry'})}
                  </button>`
                : nothing
          }
        </li>`;
      })}
    </ul>`;
  }

  private renderUpload() {
    // <portal-file-input> is loaded with the upload form (its own chunk), not with the list.
    void import('../../define/portal-file-input.js');
    const limit = this.megabytes(this.maxBytes);
    return html`<section class="upload" aria-labelledby="upload-title">
      <h3 id="upload-title">${msg('Upload a document', {id: 'documents-upload-title'})}</h3>
      <form novalidate @submit=${(e: Event) => void this.upload(e)}>
        <div class="field">
          <label for="files">${msg('Files', {id: 'documents-files'})}</label>
          <portal-file-input
            id="files"
            name="files"
            multiple
            accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
            .hint=${msg(str`PDF, JPEG or PNG, up to ${limit} each. You can choose several.`, {id: 'documents-files-help'})}
            .error=${this.errors.files ? fieldErrorMessage(this.errors.files) : ''}
            .check=${this.checkFile}
            ?disabled=${this.busy}
            @change=${() => {
              if (!this.errors.files) return;
              const {files: _gone, ...rest} = this.errors;
              this.errors = rest;
            }}
          ></portal-file-input>
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
      ${this.uploads.length > 0 ? this.renderUploads() : nothing}
    </section>`;
  }

  override render() {
    const gate = this.renderGate({
      noBackend: msg('Documents aren’t set up on this page.', {id: 'documents-no-backend'}),
      signIn: msg('Please sign in to see your documents.', {id: 'documents-sign-in'}),
    });
    if (gate) return html`${this.renderHeader()}${gate}`;
    return html`${this.renderHeader()} ${this.renderSessionWarning()} ${this.renderFolders()}
    ${this.renderFilters()}
    ${
      this.actionError !== undefined
        ? html`<p class="notice error" role="alert">${this.actionMessage(this.actionError)}</p>`
        : nothing
    }
    ${this.renderList()} ${this.maxBytes ? this.renderUpload() : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-documents': PatientDocuments;
  }
}
