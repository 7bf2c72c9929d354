import {css, html, LitElement, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {ensureAnnouncer, announce} from '../../controllers/announcer.js';
import {followDocumentLang, onLocaleChange} from '../../localization/localization.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

/** A chosen file the owner's check refused, with why (shown under the field, and not submitted). */
export interface RefusedFile {
  readonly file: File;
  readonly message: string;
}

/**
 * A form-associated file field: **Choose files** (the browser's file picker, by keyboard too) or
 * drag and drop onto the field, several files at once. Each file is checked as it is chosen with
 * the owner's `check` (for documents: the type allow-list by first bytes and the clinic's size
 * limit, `domain/rules/documents.ts`); a refused file is listed with its message and is not part
 * of the value. Chosen files can be removed one by one.
 *
 * A form control through `ElementInternals`: its files are submitted under `name`; `required`
 * (`validity.valueMissing`), `disabled` (also from an enclosing `<fieldset>`), `form.reset()`,
 * restored form state, `checkValidity()` / `reportValidity()`; a `<label for>` names it.
 *
 * @summary A file field with drag and drop and a per-file check.
 * @fires change - When the chosen files change (read `value`).
 * @tagname portal-file-input
 */
export class PortalFileInput extends LitElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = {...LitElement.shadowRootOptions, delegatesFocus: true};
  static override styles = [
    tokens,
    elementStyles,
    css`
      :host {
        display: block;
      }
      .zone {
        border: 2px dashed var(--_border-strong, var(--_border));
        border-radius: var(--_radius);
        padding: 0.75rem;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
      }
      .zone.over {
        border-color: var(--_accent);
        background: color-mix(in srgb, var(--_accent) 8%, transparent);
      }
      :host([aria-invalid='true']) .zone,
      .zone.invalid {
        border-color: var(--_danger);
      }
      .or {
        color: var(--_muted);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.5rem 0 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.25rem 0.75rem;
        padding-block: 0.25rem;
        overflow-wrap: anywhere;
      }
      li.refused {
        color: var(--_danger);
      }
      .name {
        font-weight: 600;
      }
      .hint {
        color: var(--_muted);
        font-size: 0.9375rem;
        margin: 0 0 0.25rem;
      }
      .error {
        color: var(--_danger);
        margin: 0.25rem 0 0;
      }
    `,
  ];

  private readonly internals: ElementInternals = this.attachInternals();
  private unsubscribeLocale?: () => void;

  /** The name the files are submitted under in a form. */
  @property({reflect: true}) name = '';
  /** What the file picker offers (as `<input type=file accept>`); the check decides. */
  @property() accept = '';
  @property({type: Boolean, reflect: true}) multiple = false;
  @property({type: Boolean, reflect: true}) required = false;
  @property({type: Boolean, reflect: true}) disabled = false;
  /** Help under the label (the types and the size limit). */
  @property() hint = '';
  /** An error the owner shows (e.g. after a submit); also sets `aria-invalid`. */
  @property() error = '';
  /** Checks a chosen file up front: a message when it is refused, else nothing. */
  @property({attribute: false}) check?: (file: File) => Promise<string | undefined> | string | undefined;

  @state() private files: readonly File[] = [];
  @state() private refused: readonly RefusedFile[] = [];
  @state() private over = false;
  @state() private formDisabled = false;

  override connectedCallback(): void {
    super.connectedCallback();
    ensureAnnouncer();
    followDocumentLang();
    this.unsubscribeLocale = onLocaleChange(() => this.requestUpdate());
    // The labels are known once connected; render again to name the button after them.
    queueMicrotask(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeLocale?.();
  }

  /** The accepted files (refused ones are not in it). */
  get value(): readonly File[] {
    return this.files;
  }

  /** The files refused by the check, with their messages. */
  get refusedFiles(): readonly RefusedFile[] {
    return this.refused;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get labels(): NodeList {
    return this.internals.labels;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Empties the field (after the files were sent). */
  clear(): void {
    this.files = [];
    this.refused = [];
  }

  formResetCallback(): void {
    this.clear();
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  formStateRestoreCallback(restored: string | File | FormData | null): void {
    const files =
      restored instanceof FormData
        ? restored.getAll(this.name).filter((f): f is File => f instanceof File)
        : restored instanceof File
          ? [restored]
          : [];
    this.files = files;
  }

  private get off(): boolean {
    return this.disabled || this.formDisabled;
  }

  protected override updated(): void {
    const data = new FormData();
    for (const f of this.files) data.append(this.name || 'files', f);
    this.internals.setFormValue(this.files.length ? data : null);
    const button = this.renderRoot.querySelector<HTMLElement>('button.choose') ?? undefined;
    if (this.required && this.files.length === 0)
      this.internals.setValidity(
        {valueMissing: true},
        msg('Choose at least one file.', {id: 'file-input-required'}),
        button,
      );
    else this.internals.setValidity({});
  }

  /** Adds files from the picker or a drop: each checked, accepted ones after those already chosen. */
  private async add(list: FileList | null | undefined) {
    const incoming = [...(list ?? [])];
    if (incoming.length === 0 || this.off) return;
    const chosen = this.multiple ? incoming : incoming.slice(0, 1);
    const ok: File[] = [];
    const refused: RefusedFile[] = [];
    for (const file of chosen) {
      const message = await this.check?.(file);
      if (message) refused.push({file, message});
      else ok.push(file);
    }
    this.files = this.multiple ? [...this.files, ...ok] : ok;
    this.refused = refused;
    announce(
      refused.length === 0
        ? msg(str`${ok.length} files chosen.`, {id: 'file-input-chosen'})
        : msg(str`${ok.length} files chosen, ${refused.length} refused.`, {id: 'file-input-chosen-refused'}),
    );
    this.dispatchEvent(new Event('change', {bubbles: true}));
  }

  private removeFile(file: File) {
    this.files = this.files.filter((f) => f !== file);
    announce(msg(str`${file.name} removed.`, {id: 'file-input-removed'}));
    this.dispatchEvent(new Event('change', {bubbles: true}));
    this.renderRoot.querySelector<HTMLElement>('button.choose')?.focus();
  }

  private onDragOver(e: DragEvent) {
    if (this.off || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.over = true;
  }

  private onDrop(e: DragEvent) {
    this.over = false;
    if (this.off) return;
    e.preventDefault();
    void this.add(e.dataTransfer?.files);
  }

  /** The text of the `<label>`s naming this field (they are outside the shadow root). */
  private labelText(): string {
    return [...this.internals.labels]
      .map((l) => l.textContent?.replace(/\s+/g, ' ').trim() ?? '')
      .filter(Boolean)
      .join(' ');
  }

  override render() {
    const label = this.labelText();
    const choose = this.multiple
      ? msg('Choose files', {id: 'file-input-choose-many'})
      : msg('Choose a file', {id: 'file-input-choose-one'});
    const described = [this.hint ? 'hint' : '', this.error ? 'error' : ''].filter(Boolean).join(' ');
    return html`${this.hint ? html`<p class="hint" id="hint">${this.hint}</p>` : nothing}
      <div
        class="zone ${this.over ? 'over' : ''} ${this.error ? 'invalid' : ''}"
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.over = false)}
        @drop=${this.onDrop}
      >
        <input
          type="file"
          hidden
          accept=${this.accept || nothing}
          ?multiple=${this.multiple}
          ?disabled=${this.off}
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            void this.add(input.files).then(() => (input.value = ''));
          }}
        />
        <button
          type="button"
          class="choose"
          part="button"
          aria-label=${label ? `${label}: ${choose}` : choose}
          aria-describedby=${described || nothing}
          aria-invalid=${this.error ? 'true' : 'false'}
          ?disabled=${this.off}
          @click=${() => this.renderRoot.querySelector('input')?.click()}
        >
          ${choose}
        </button>
        <span class="or">${msg('or drop files here', {id: 'file-input-drop'})}</span>
      </div>
      ${this.error ? html`<p class="error" id="error">${this.error}</p>` : nothing}
      ${
        this.files.length || this.refused.length
          ? html`<ul aria-label=${msg('Chosen files', {id: 'file-input-chosen-list'})}>
              ${this.files.map(
                (f) =>
                  html`<li>
                    <span class="name">${f.name}</span>
                    <button
                      type="button"
                      part="button"
                      ?disabled=${this.off}
                      aria-label=${msg(str`Remove ${f.name}`, {id: 'file-input-remove-name'})}
                      @click=${() => this.removeFile(f)}
                    >
                      ${msg('Remove', {id: 'file-input-remove'})}
                    </button>
                  </li>`,
              )}
              ${this.refused.map(
                (r) =>
                  html`<li class="refused">
                    <span><span class="name">${r.file.name}</span>: ${r.message}</span>
                  </li>`,
              )}
            </ul>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-file-input': PortalFileInput;
  }
}
