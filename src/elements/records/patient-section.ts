/**
 * The base of the elements that show the signed-in patient's own records (`<patient-forms>`,
 * `<patient-documents>`, `<patient-billing>`): they load when the backend is ready and a patient
 * is signed in, forget everything on sign-out, expiry or another backend (QUALITY 12: nothing about
 * the patient stays in the DOM), and show the same states before their own — no backend on the
 * page, a backend that cannot be used, loading, signed out, a load that failed with "Try again".
 * Not in elements/base/ (the drop-in's core chunk): only pages with one of these elements load it.
 */
import {html, type TemplateResult} from 'lit';
import {state} from 'lit/decorators.js';
import {msg} from '@lit/localize';
import {isAbortError, type PortalAdapter} from '../../adapters/adapter.js';
import {errorMessage} from '../../localization/error-messages.js';
import {PortalElement} from '../base/portal-element.js';

export abstract class PatientSection extends PortalElement {
  /** The last load's failure (shown with "Try again"), cleared when a load starts. */
  @state() protected loadError?: unknown;

  /** Drops the patient's records and any half-done work from the element's state. */
  protected abstract forget(): void;
  /** Whether the records are loaded (a load then is not started again). */
  protected abstract get loaded(): boolean;
  /** The adapter operation a failed load names in its `portal-error` event. */
  protected abstract get recordsOperation(): string;
  /**
   * Fetches the records with `signal` and returns how to apply them to the element's state (run
   * only if no newer load, sign-out or departure aborted this one).
   */
  protected abstract fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void>;

  /** Loads the records (a newer load aborts an older one); a failure is shown with "Try again". */
  protected async load(): Promise<void> {
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const signal = this.startLoad();
    this.loadError = undefined;
    try {
      const apply = await this.fetchRecords(adapter, signal);
      if (!signal.aborted) apply();
    } catch (e) {
      if (isAbortError(e)) return;
      this.loadError = e;
      this.reportError(e, this.recordsOperation, true);
    }
  }

  protected override backendChanged(): void {
    this.clearSection();
    this.loadWhenReady();
  }

  protected override sessionChanged(): void {
    if (this.sessionState.status !== 'signed-in') this.clearSection();
    else this.loadWhenReady();
  }

  private clearSection(): void {
    this.stopLoad();
    this.loadError = undefined;
    this.forget();
  }

  private loadWhenReady(): void {
    if (this.backendState.status !== 'ready' || this.sessionState.status !== 'signed-in') return;
    if (!this.loaded) void this.load();
  }

  /**
   * What shows instead of the records while they cannot be shown (after the element's header):
   * `noBackend` when the page names no backend, `signIn` to a signed-out patient; undefined when
   * the element may render its own content.
   */
  protected renderGate(texts: {
    readonly noBackend: string;
    readonly signIn: string;
  }): TemplateResult | undefined {
    const backend = this.backendState.status;
    if (backend === 'unavailable') return this.renderUnavailable();
    if (backend === 'none') return html`<p class="notice">${texts.noBackend}</p>`;
    const session = this.sessionState.status;
    if (backend === 'loading' || session === 'unknown')
      return html`<p class="notice" role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
    if (session !== 'signed-in') return this.renderSignInRequest(texts.signIn);
    if (this.loadError !== undefined)
      return html`<div class="notice error" role="alert">
        <p>${errorMessage(this.loadError)}</p>
        <button type="button" part="button" @click=${() => void this.load()}>
          ${msg('Try again', {id: 'reminders-retry'})}
        </button>
      </div>`;
    return undefined;
  }
}
