/**
 * `<patient-profile>`'s "Photo" section (#17, item 3; seed 002's "foto"): her current photo, a
 * photo chosen from the device (the browser's own file field: keyboard, screen readers and the
 * camera on phones), cropped to a square with three sliders (zoom, left–right, up–down: keyboard
 * first) over a live preview, saved as a 512 px JPEG made in the browser, and removed after a
 * confirmation. A controller of the profile element, as the insurance section is; shown only with
 * `capabilities.photo`; it fires no event of its own (a failure's `portal-error` carries only its
 * code and operation).
 *
 * The chosen file is checked before anything is sent with the domain's rule
 * (`domain/rules/profile-image.ts`: JPEG, PNG or WebP by its first bytes, 5 MB, a size it can
 * decode): a PDF or an SVG renamed `.jpg`, a 20 MB photo, an HEIC each get their own message and
 * nothing is sent. The photo is drawn from its bytes into a canvas (no URL of any kind: nothing for
 * the page's CSP to allow, no inline style); the canvas code is a chunk of its own (`photo-crop.ts`).
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type PortalAdapter,
  type ProfilePhoto,
} from '../../adapters/adapter.js';
import {photoProblem} from '../../domain/rules/profile-image.js';
import {errorMessage} from '../../localization/error-messages.js';
import {ProfileSection} from './profile-section.js';
import type {Crop} from './photo-crop.js';

type CropModule = typeof import('./photo-crop.js');
/** The canvas code, a chunk of its own (the insurance cards' photos load it too). */
export const cropModule = (): Promise<CropModule> => import('./photo-crop.js');

/**
 * What a refused photo's code means, and what to do: the profile photo's and the insurance cards'
 * (`insurance-photos.ts`) alike, as both are checked by the same rule.
 */
export function photoProblemText(code: FieldErrorCode): string {
  switch (code) {
    case 'file-type':
      return msg('This file isn’t a photo we can use. Please choose a JPEG, PNG or WebP photo.', {
        id: 'photo-file-type',
      });
    case 'file-too-large':
      return msg('This photo is larger than 5 MB. Please choose a smaller one.', {
        id: 'photo-file-too-large',
      });
    case 'file-heic':
      return msg(
        'HEIC photos can’t be used. Please choose a JPEG (on an iPhone: Settings, Camera, Formats, Most Compatible) or a screenshot of the photo.',
        {id: 'photo-file-heic'},
      );
    case 'file-empty':
      return msg('This file is empty. Please choose another photo.', {id: 'photo-file-empty'});
    default:
      return msg(
        'We couldn’t read this photo, or it is too small (at least 32 by 32 pixels). Please choose another.',
        {id: 'photo-invalid'},
      );
  }
}

/** What the editor holds: the chosen photo, decoded, and where the square is. */
interface Editing {
  readonly image: ImageBitmap;
  crop: Crop;
}

export class PhotoSection extends ProfileSection {
  /** Her photo: `undefined` while loading, `null` when she has none. */
  private photo?: ProfilePhoto | null;
  private image?: ImageBitmap;
  private editing?: Editing;
  private removing = false;
  /** Why the chosen file or the save was refused: a rule's code, or another error. */
  private problem?: FieldErrorCode;

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.photo = undefined;
    this.image?.close();
    this.image = undefined;
    this.loadError = undefined;
    this.editing?.image.close();
    this.editing = undefined;
    this.removing = false;
    this.reset();
  }

  protected override reset(): void {
    this.problem = undefined;
    super.reset();
  }

  async load(adapter: PortalAdapter, signal: AbortSignal): Promise<void> {
    const get = adapter.getProfilePhoto?.bind(adapter);
    if (get)
      await this.read(
        'getProfilePhoto',
        signal,
        () => get({signal}),
        (photo) => this.show(photo ?? null),
      );
  }

  /** Keeps her photo, decoded for the canvas. */
  private async show(photo: ProfilePhoto | null) {
    this.image?.close();
    this.image = undefined;
    this.photo = photo;
    if (photo) {
      const crop = await cropModule();
      this.image = await crop.decode(new Blob([photo.content as BlobPart], {type: photo.contentType}));
    }
    void this.paint();
  }

  /** Draws her photo and the preview once they are in the DOM. */
  private async paint() {
    this.host.requestUpdate();
    await this.host.rendered();
    const root = this.host.root();
    const crop = this.image || this.editing ? await cropModule() : undefined;
    const current = root.querySelector<HTMLCanvasElement>('#photo-current');
    if (current && this.image) crop?.draw(current, this.image);
    const preview = root.querySelector<HTMLCanvasElement>('#photo-preview');
    if (preview && this.editing) crop?.draw(preview, this.editing.image, this.editing.crop);
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  /** A file chosen: the rule first (nothing sent if refused), then the editor. */
  private async choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.reset();
    this.removing = false;
    this.editing?.image.close();
    this.editing = undefined;
    this.host.requestUpdate();
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Signed out meanwhile (`clear()`): nothing of hers is kept.
    if (this.photo === undefined) return;
    const checked = photoProblem(bytes);
    if ('problem' in checked) {
      this.problem = checked.problem;
      return void this.focus('#photo-file');
    }
    const crop = await cropModule();
    const image = await crop.decode(new Blob([bytes as BlobPart], {type: checked.photo.contentType}));
    if (this.photo === undefined) return image?.close();
    if (!image) {
      // The header was fine but the browser cannot decode it (a damaged file).
      this.problem = 'invalid';
      return void this.focus('#photo-file');
    }
    this.editing = {image, crop: crop.CENTRED};
    await this.paint();
    void this.focus('#photo-zoom');
  }

  private move(key: keyof Crop, input: HTMLInputElement) {
    if (!this.editing) return;
    this.editing.crop = {...this.editing.crop, [key]: Number(input.value) / (key === 'zoom' ? 100 : 1)};
    void this.paint();
  }

  private cancel() {
    this.editing?.image.close();
    this.editing = undefined;
    this.reset();
    void this.focus('#photo-file');
  }

  /** Runs one change; a refusal shows at the field, the editor stays open. */
  private async change(
    operation: 'uploadProfilePhoto' | 'removeProfilePhoto',
    run: (a: PortalAdapter, signal: AbortSignal) => Promise<ProfilePhoto | null>,
    done: string,
  ) {
    const adapter = this.host.adapter();
    if (!adapter || this.busy) return;
    this.reset();
    this.busy = true;
    this.host.requestUpdate();
    try {
      const photo = await run(adapter, this.host.signal());
      this.busy = false;
      this.editing?.image.close();
      this.editing = undefined;
      this.removing = false;
      await this.show(photo);
      this.done = done;
      this.host.announce(done);
      void this.focus('#h-photo');
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError && err.fields.photo) this.problem = err.fields.photo;
      else this.error = err;
      this.host.report(err, operation);
      void this.focus('[data-summary=photo]');
    }
  }

  private save() {
    const editing = this.editing;
    if (!editing) return;
    void this.change(
      'uploadProfilePhoto',
      async (a, signal) => {
        const crop = await cropModule();
        const content = await crop.squareJpeg(editing.image, editing.crop);
        const stored = await a.uploadProfilePhoto!(content, {signal});
        return {contentType: stored.contentType, content};
      },
      msg('Your new photo is saved.', {id: 'photo-saved'}),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderProblem() {
    const text =
      this.problem !== undefined
        ? photoProblemText(this.problem)
        : this.error !== undefined
          ? errorMessage(this.error)
          : undefined;
    return text === undefined
      ? nothing
      : html`<p
          class="notice error"
          part="error-summary"
          id="photo-error"
          data-summary="photo"
          tabindex="-1"
          role="alert"
        >
          ${text}
        </p>`;
  }

  private slider(key: keyof Crop, label: string, min: number, max: number, value: number) {
    const id = `photo-${key}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type="range"
        min=${min}
        max=${max}
        step="1"
        .value=${String(value)}
        aria-valuetext=${key === 'zoom' ? `${value} %` : nothing}
        @input=${(e: Event) => this.move(key, e.currentTarget as HTMLInputElement)}
      />
    </div>`;
  }

  private renderEditor(editing: Editing) {
    const {zoom, x, y} = editing.crop;
    return html`<div class="photo-editor" role="group" aria-labelledby="photo-editor-title">
      <p id="photo-editor-title" class="label">
        ${msg('Choose the square that shows', {id: 'photo-crop-title'})}
      </p>
      <canvas
        id="photo-preview"
        class="photo-preview"
        width="256"
        height="256"
        role="img"
        aria-label=${msg('Preview of your new photo', {id: 'photo-preview'})}
      ></canvas>
      <div class="grid">
        ${this.slider('zoom', msg('Zoom', {id: 'photo-zoom'}), 100, 400, Math.round(zoom * 100))}
        ${this.slider('x', msg('Left – right', {id: 'photo-x'}), 0, 100, Math.round(x))}
        ${this.slider('y', msg('Up – down', {id: 'photo-y'}), 0, 100, Math.round(y))}
      </div>
      ${this.renderProblem()}
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button save-button"
          ?disabled=${this.busy}
          @click=${() => this.save()}
        >
          ${this.busy ? msg('Saving…', {id: 'medical-saving'}) : msg('Save photo', {id: 'photo-save'})}
        </button>
        <button type="button" part="button" @click=${() => this.cancel()}>
          ${msg('Cancel', {id: 'medical-cancel'})}
        </button>
      </div>
    </div>`;
  }

  private renderRemove() {
    if (!this.photo || this.editing) return nothing;
    if (!this.removing)
      return html`<button
        type="button"
        part="button"
        data-photo-remove
        @click=${() => {
          this.removing = true;
          this.reset();
          void this.focus('[data-photo-confirm-remove]');
        }}
      >
        ${msg('Remove photo', {id: 'photo-remove'})}
      </button>`;
    return html`<div class="notice" role="group" aria-labelledby="photo-remove-question">
      <p id="photo-remove-question">
        ${msg('Remove your photo? The clinic will no longer see it.', {id: 'photo-remove-confirm'})}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button"
          data-photo-confirm-remove
          ?disabled=${this.busy}
          @click=${() =>
            void this.change(
              'removeProfilePhoto',
              async (a, signal) => (await a.removeProfilePhoto!({signal}), null),
              msg('Your photo is removed.', {id: 'photo-removed'}),
            )}
        >
          ${msg('Remove', {id: 'medical-remove-yes'})}
        </button>
        <button
          type="button"
          part="button"
          @click=${() => {
            this.removing = false;
            this.reset();
            void this.focus('[data-photo-remove]');
          }}
        >
          ${msg('Keep it', {id: 'medical-remove-no'})}
        </button>
      </div>
    </div>`;
  }

  private renderPhoto(photo: ProfilePhoto | null) {
    const refused = !this.editing && (this.problem !== undefined || this.error !== undefined);
    return html`${
        photo
          ? html`<canvas
              id="photo-current"
              class="photo"
              width="192"
              height="192"
              role="img"
              aria-label=${msg('Your photo', {id: 'photo-current'})}
            ></canvas>`
          : html`<p class="muted">${msg('You have no photo yet.', {id: 'photo-none'})}</p>`
      }
      <p class="hint" id="photo-hint">
        ${msg('JPEG, PNG or WebP, up to 5 MB. You then choose the square that shows.', {id: 'photo-hint'})}
      </p>
      <div class="photo-choose">
        <!-- The browser's own file field (keyboard, screen readers, the camera on phones), its
             button drawn by the label so that it speaks the page's language. -->
        <input
          id="photo-file"
          class="visually-hidden"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          aria-invalid=${refused ? 'true' : 'false'}
          aria-describedby=${refused ? 'photo-hint photo-error' : 'photo-hint'}
          ?disabled=${this.busy}
          @change=${(e: Event) => void this.choose(e.currentTarget as HTMLInputElement)}
        />
        <label for="photo-file" class="button" part="button"
          >${
            photo
              ? msg('Choose a new photo', {id: 'photo-choose-new'})
              : msg('Choose a photo', {id: 'photo-choose'})
          }</label
        >
        ${this.renderRemove()}
      </div>
      ${refused ? this.renderProblem() : nothing} ${this.editing ? this.renderEditor(this.editing) : nothing}`;
  }

  render(): TemplateResult {
    const photo = this.photo;
    return this.renderSection(
      {
        name: 'photo',
        title: msg('Photo', {id: 'photo-title'}),
        intro: msg('Your photo helps the clinic’s staff recognise you. Only you and the clinic see it.', {
          id: 'photo-intro',
        }),
        loading: msg('Loading your photo…', {id: 'photo-loading'}),
        focusable: true,
      },
      photo !== undefined ? () => this.renderPhoto(photo) : undefined,
    );
  }
}
