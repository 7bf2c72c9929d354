/**
 * The photos of the front and the back of each insurance card (#17, item 5; seed 003), a part of
 * `<patient-profile>`'s "Insurance" section: each side's photo drawn, a photo chosen from the
 * device (the browser's own file field, as the profile photo's), replaced, or removed after a
 * confirmation. Shown only when the backend has the card photo operations.
 *
 * The chosen file is checked before anything is sent with the profile photo's rule
 * (`domain/rules/profile-image.ts`: JPEG, PNG or WebP by its first bytes, 5 MB, a size it can
 * decode), its refusal said at that side's field with the profile photo's words
 * ({@link photoProblemText}); the backend checks again. Photos are decoded and drawn into a canvas
 * by the profile photo's canvas chunk (`photo-crop.ts`): no URL of any kind, nothing for the page's
 * CSP to allow. The whole photo is sent, not a crop (the clinic reads the card).
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type InsuranceCard,
  type InsuranceCardSide,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import {photoProblem} from '../../domain/rules/profile-image.js';
import {errorMessage} from '../../localization/error-messages.js';
import {cropModule, photoProblemText} from './photo-section.js';
import type {SectionHost} from './profile-section.js';

const SIDES: readonly InsuranceCardSide[] = ['front', 'back'];
/** The canvas's width in pixels; its height follows the photo's shape. */
const WIDTH = 320;

/** One side of one card. */
interface Side {
  /** Its photo decoded: `undefined` while loading, `null` when it has none. */
  image?: ImageBitmap | null;
  /** Why the chosen file was refused (the rule's code), or why reading or a change failed. */
  problem?: FieldErrorCode;
  error?: unknown;
  removing?: boolean;
  /** The last change's notice. */
  done?: string;
}

export class CardPhotos {
  private readonly sides = new Map<string, Side>();
  private busy = false;

  constructor(private readonly host: SectionHost) {}

  /** Whether the backend keeps card photos. */
  static offered(adapter: PortalAdapter | undefined): boolean {
    return !!(
      adapter?.getInsuranceCardPhoto &&
      adapter.uploadInsuranceCardPhoto &&
      adapter.removeInsuranceCardPhoto
    );
  }

  /** Forgets every photo (sign-out). */
  clear(): void {
    for (const side of this.sides.values()) side.image?.close();
    this.sides.clear();
    this.busy = false;
  }

  /** Reads the photos of the cards not read yet, and forgets those of cards no longer hers. */
  async load(adapter: PortalAdapter, cards: readonly InsuranceCard[], signal: AbortSignal): Promise<void> {
    const keys = new Set(cards.flatMap((c) => SIDES.map((side) => `${c.id} ${side}`)));
    for (const [key, side] of this.sides)
      if (!keys.has(key)) {
        side.image?.close();
        this.sides.delete(key);
      }
    if (!CardPhotos.offered(adapter)) return;
    const reads = cards.flatMap((c) =>
      SIDES.filter((side) => !this.sides.has(`${c.id} ${side}`)).map(async (side) => {
        const state: Side = {};
        const key = `${c.id} ${side}`;
        this.sides.set(key, state);
        try {
          const photo = await adapter.getInsuranceCardPhoto!(c.id, side, {signal});
          const crop = photo && (await cropModule());
          const image =
            photo && (await crop!.decode(new Blob([photo.content as BlobPart], {type: photo.contentType})));
          if (this.sides.get(key) !== state) return image?.close();
          state.image = image ?? null;
        } catch (err) {
          if (isAbortError(err) || this.sides.get(key) !== state) return;
          state.image = null;
          state.error = err;
          this.host.report(err, 'getInsuranceCardPhoto');
        }
        this.host.requestUpdate();
      }),
    );
    await Promise.all(reads);
  }

  /** Draws each shown photo into its canvas once the element has rendered. */
  async paint(): Promise<void> {
    await this.host.rendered();
    const canvases = this.host.root().querySelectorAll<HTMLCanvasElement>('canvas[data-card-photo]');
    if (canvases.length === 0) return;
    const crop = await cropModule();
    for (const canvas of canvases) {
      const image = this.sides.get(canvas.dataset.cardPhoto!)?.image;
      if (image) crop.drawWhole(canvas, image);
    }
  }

  private async focus(selector: string) {
    this.host.requestUpdate();
    await this.host.rendered();
    this.host.root().querySelector<HTMLElement>(selector)?.focus();
  }

  private state(key: string): Side {
    const state = this.sides.get(key);
    if (state) {
      state.problem = state.error = state.done = undefined;
      state.removing = false;
    }
    return state ?? {};
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  /** A file chosen: the rule first (nothing sent if refused), then stored as it is. */
  private async choose(card: InsuranceCard, side: InsuranceCardSide, input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    const key = `${card.id} ${side}`;
    const state = this.state(key);
    const adapter = this.host.adapter();
    if (!file || !adapter || this.busy || !this.sides.has(key)) return;
    const field = `#${input.id}`;
    this.host.requestUpdate();
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Signed out meanwhile (`clear()`): nothing of hers is kept.
    if (this.sides.get(key) !== state) return;
    const checked = photoProblem(bytes);
    if ('problem' in checked) {
      state.problem = checked.problem;
      return void this.focus(field);
    }
    const crop = await cropModule();
    const image = await crop.decode(new Blob([bytes as BlobPart], {type: checked.photo.contentType}));
    if (this.sides.get(key) !== state) return image?.close();
    if (!image) {
      // The header was fine but the browser cannot decode it (a damaged file).
      state.problem = 'invalid';
      return void this.focus(field);
    }
    this.busy = true;
    this.host.requestUpdate();
    try {
      await adapter.uploadInsuranceCardPhoto!(card.id, side, bytes, {signal: this.host.signal()});
      this.busy = false;
      if (this.sides.get(key) !== state) return image.close();
      state.image?.close();
      state.image = image;
      state.done = msg('Photo saved.', {id: 'insurance-photo-saved'});
      this.host.announce(state.done);
    } catch (err) {
      image.close();
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError && err.fields.photo) state.problem = err.fields.photo;
      else state.error = err;
      this.host.report(err, 'uploadInsuranceCardPhoto');
    }
    void this.focus(field);
  }

  private async remove(card: InsuranceCard, side: InsuranceCardSide) {
    const key = `${card.id} ${side}`;
    const state = this.state(key);
    const adapter = this.host.adapter();
    if (!adapter || this.busy) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      await adapter.removeInsuranceCardPhoto!(card.id, side, {signal: this.host.signal()});
      this.busy = false;
      state.image?.close();
      state.image = null;
      state.done = msg('Photo removed.', {id: 'insurance-photo-removed'});
      this.host.announce(state.done);
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      state.error = err;
      this.host.report(err, 'removeInsuranceCardPhoto');
    }
    void this.focus(`#${fileId(card, side)}`);
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private sideName(side: InsuranceCardSide): string {
    return side === 'front'
      ? msg('Front of the card', {id: 'insurance-photo-front'})
      : msg('Back of the card', {id: 'insurance-photo-back'});
  }

  private renderSide(card: InsuranceCard, side: InsuranceCardSide) {
    const key = `${card.id} ${side}`;
    const state = this.sides.get(key) ?? {};
    const {image} = state;
    const id = fileId(card, side);
    const problem =
      state.problem !== undefined
        ? photoProblemText(state.problem)
        : state.error !== undefined
          ? errorMessage(state.error)
          : undefined;
    const described = [`${id}-title`, `ins-${card.id}`, problem ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    const name = this.sideName(side);
    return html`<div class="card-side" role="group" aria-labelledby=${`${id}-title ins-${card.id}`}>
      <p class="label" id=${`${id}-title`}>${name}</p>
      ${
        image
          ? html`<canvas
              class="card-photo"
              data-card-photo=${key}
              width=${WIDTH}
              height=${Math.max(1, Math.round((WIDTH * image.height) / image.width))}
              role="img"
              aria-label=${msg(str`${name}: “${card.insurer}”`, {id: 'insurance-photo-alt'})}
            ></canvas>`
          : image === null
            ? html`<p class="muted">${msg('No photo yet.', {id: 'insurance-photo-none'})}</p>`
            : html`<p>${msg('Loading the photo…', {id: 'insurance-photo-loading'})}</p>`
      }
      ${state.done ? html`<p class="notice success" part="status">${state.done}</p>` : nothing}
      <div class="photo-choose">
        <input
          id=${id}
          class="visually-hidden card-photo-file"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${described}
          ?disabled=${this.busy || image === undefined}
          @change=${(e: Event) => void this.choose(card, side, e.currentTarget as HTMLInputElement)}
        />
        <label for=${id} class="button" part="button"
          >${
            side === 'front'
              ? image
                ? msg('Replace the front photo', {id: 'insurance-photo-replace-front'})
                : msg('Add a photo of the front', {id: 'insurance-photo-add-front'})
              : image
                ? msg('Replace the back photo', {id: 'insurance-photo-replace-back'})
                : msg('Add a photo of the back', {id: 'insurance-photo-add-back'})
          }</label
        >
        ${
          image && !state.removing
            ? html`<button
                type="button"
                part="button"
                data-card-photo-remove=${key}
                aria-describedby=${`${id}-title ins-${card.id}`}
                @click=${() => {
                  this.state(key).removing = true;
                  void this.focus(`[data-card-photo-confirm='${key}']`);
                }}
              >
                ${msg('Remove photo', {id: 'photo-remove'})}
              </button>`
            : nothing
        }
        ${
          problem
            ? html`<p class="notice error" part="error-summary" id=${`${id}-error`} role="alert">
                ${problem}
              </p>`
            : nothing
        }
      </div>
      ${
        image && state.removing
          ? html`<div class="notice" role="group" aria-labelledby=${`${id}-remove`}>
              <p id=${`${id}-remove`}>
                ${
                  side === 'front'
                    ? msg(str`Remove the photo of the front of “${card.insurer}”?`, {
                        id: 'insurance-photo-remove-front',
                      })
                    : msg(str`Remove the photo of the back of “${card.insurer}”?`, {
                        id: 'insurance-photo-remove-back',
                      })
                }
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  part="button"
                  data-card-photo-confirm=${key}
                  ?disabled=${this.busy}
                  @click=${() => void this.remove(card, side)}
                >
                  ${msg('Remove', {id: 'medical-remove-yes'})}
                </button>
                <button
                  type="button"
                  part="button"
                  @click=${() => {
                    this.state(key);
                    void this.focus(`[data-card-photo-remove='${key}']`);
                  }}
                >
                  ${msg('Keep it', {id: 'medical-remove-no'})}
                </button>
              </div>
            </div>`
          : nothing
      }
    </div>`;
  }

  /** The photos of one card, when the backend keeps them. */
  render(card: InsuranceCard): TemplateResult | typeof nothing {
    if (!CardPhotos.offered(this.host.adapter())) return nothing;
    return html`<div class="card-photos">
      <p class="hint">${msg('JPEG, PNG or WebP, up to 5 MB.', {id: 'insurance-photo-hint'})}</p>
      ${SIDES.map((side) => this.renderSide(card, side))}
    </div>`;
  }
}

const fileId = (card: InsuranceCard, side: InsuranceCardSide) => `ins-photo-${card.id}-${side}`;
