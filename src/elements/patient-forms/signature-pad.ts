import {css, html, LitElement} from 'lit';
import {query, state} from 'lit/decorators.js';
import {msg} from '@lit/localize';
import SignaturePad from 'signature_pad';
import {announce} from '../../controllers/announcer.js';
import {followDocumentLang, onLocaleChange} from '../../localization/localization.js';
import {SIGNATURE_IMAGE_MAX_BYTES, toBase64} from '../../domain/rules/signature-image.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

/** What "Done" gives: the PNG, and its base64 (what the backend takes). Not an event's detail. */
export interface DrawnSignature {
  readonly png: Uint8Array;
  readonly base64: string;
}

/** Ink: dark on the pad's white paper in every theme, as on the printed PDF. */
const INK = '#14213d';
/** The pad's backing store at most this many device pixels per CSS pixel (keeps the PNG small). */
const MAX_RATIO = 2;

function canvasPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject) : reject()),
      'image/png',
    ),
  );
}

/**
 * The optional drawn signature of `<patient-forms>`'s consent form (issue #18), in a chunk of its
 * own with `signature_pad`: loaded only when the patient chooses "Draw a signature". A white pad
 * drawn on with a mouse, a finger or a pen (pointer events), **Clear**, **Done** and **Cancel**
 * (Esc too). The typed name stays enough to sign: nothing here is needed by keyboard users.
 *
 * "Done" makes a PNG (at most 100 KB, `rules/signature-image.ts`; a larger drawing is made again at
 * one pixel per CSS pixel, else refused with a message) and hands it to `onDone`; it is never put
 * in an event's detail (events can reach a host page's analytics), nor stored in the browser.
 *
 * @summary A pad to draw a signature on (internal to `<patient-forms>`).
 * @tagname portal-signature-pad
 */
export class PortalSignaturePad extends LitElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      :host {
        display: block;
        border: 1px solid var(--_border);
        padding: 0.75rem;
      }
      h4 {
        margin: 0 0 0.25rem;
        font-size: 1rem;
      }
      p {
        margin: 0 0 0.5rem;
      }
      .help {
        color: var(--_muted);
      }
      canvas {
        display: block;
        width: 100%;
        height: 10rem;
        background: #ffffff;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        touch-action: none;
        user-select: none;
        cursor: crosshair;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .field-error {
        color: var(--_danger);
        margin: 0.5rem 0 0;
      }
    `,
  ];

  /** Called with the drawing after "Done". */
  onDone?: (signature: DrawnSignature) => void;
  /** Called after "Cancel" or Esc. */
  onCancel?: () => void;

  private pad?: SignaturePad;
  private resizer?: ResizeObserver;
  private unsubscribeLocale?: () => void;
  private width = 0;

  @query('canvas') private canvas!: HTMLCanvasElement;
  @state() private problem = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    followDocumentLang();
    this.unsubscribeLocale = onLocaleChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeLocale?.();
    this.resizer?.disconnect();
    this.pad?.off();
  }

  protected override firstUpdated(): void {
    this.pad = new SignaturePad(this.canvas, {penColor: INK, minWidth: 0.8, maxWidth: 2.6});
    this.pad.addEventListener('beginStroke', () => (this.problem = ''));
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(this.canvas);
    this.fit();
  }

  /** The backing store follows the pad's size; what was drawn is drawn again at the new size. */
  private fit() {
    const canvas = this.canvas;
    const pad = this.pad;
    if (!pad || canvas.offsetWidth === 0 || canvas.offsetWidth === this.width) return;
    this.width = canvas.offsetWidth;
    const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), MAX_RATIO);
    const strokes = pad.toData();
    canvas.width = Math.round(canvas.offsetWidth * ratio);
    canvas.height = Math.round(canvas.offsetHeight * ratio);
    canvas.getContext('2d')?.scale(ratio, ratio);
    pad.clear();
    pad.fromData(strokes);
  }

  /** Focuses the pad's heading (for its owner, after opening it). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('h4')?.focus();
  }

  private clear() {
    this.pad?.clear();
    this.problem = '';
  }

  private cancel() {
    this.pad?.clear();
    this.onCancel?.();
  }

  private async done() {
    const pad = this.pad;
    if (!pad || this.busy) return;
    if (pad.isEmpty())
      return this.refuse(
        msg('Draw your signature in the box first, or choose Cancel.', {id: 'signature-pad-empty'}),
      );
    this.busy = true;
    try {
      let png = await canvasPng(this.canvas);
      if (png.length > SIGNATURE_IMAGE_MAX_BYTES) {
        // Drawn again at one pixel per CSS pixel: a quarter of the pixels on a high-density screen.
        const small = document.createElement('canvas');
        small.width = this.canvas.offsetWidth;
        small.height = this.canvas.offsetHeight;
        small.getContext('2d')?.drawImage(this.canvas, 0, 0, small.width, small.height);
        png = await canvasPng(small);
      }
      if (png.length > SIGNATURE_IMAGE_MAX_BYTES)
        return this.refuse(
          msg('This drawing is too detailed to send. Please clear it and draw again.', {
            id: 'signature-pad-too-large',
          }),
        );
      this.onDone?.({png, base64: toBase64(png)});
    } catch {
      this.refuse(msg('The drawing could not be saved. Please try again.', {id: 'signature-pad-failed'}));
    } finally {
      this.busy = false;
    }
  }

  private refuse(message: string) {
    this.problem = message;
    announce(message);
  }

  private onKeydown(e: KeyboardEvent) {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.cancel();
  }

  override render() {
    return html`<div role="group" aria-labelledby="title" @keydown=${this.onKeydown}>
      <h4 id="title" tabindex="-1">${msg('Draw your signature', {id: 'signature-pad-title'})}</h4>
      <p class="help" id="help">
        ${msg('Draw in the white box with your mouse, finger or pen.', {id: 'signature-pad-help'})}
      </p>
      <canvas
        role="img"
        part="canvas"
        aria-label=${msg('Signature drawing area', {id: 'signature-pad-area'})}
        aria-describedby="help"
      ></canvas>
      <p class="field-error" ?hidden=${!this.problem}>${this.problem}</p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button"
          ?disabled=${this.busy}
          @click=${() => void this.done()}
        >
          ${msg('Done', {id: 'signature-pad-done'})}
        </button>
        <button type="button" part="button" @click=${() => this.clear()}>
          ${msg('Clear', {id: 'signature-pad-clear'})}
        </button>
        <button type="button" part="button" @click=${() => this.cancel()}>
          ${msg('Cancel', {id: 'signature-pad-cancel'})}
        </button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-signature-pad': PortalSignaturePad;
  }
}
