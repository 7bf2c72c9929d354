/**
 * What the profile's sections that read their own data share (medical information, insurance
 * cards, the photo): reading it with "Try again" on failure, the last change's notice, the refused
 * change's summary, focus after a change, and the section's frame — heading, intro, then the load
 * error, "Loading…" or the body.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import {isAbortError, type FieldErrorCode, type PortalAdapter} from '../../adapters/adapter.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';

/** What a section gets from `<patient-profile>`. */
export interface SectionHost {
  requestUpdate(): void;
  /** Resolves once the element has rendered. */
  rendered(): Promise<unknown>;
  root(): HTMLElement | DocumentFragment;
  /** The adapter while it is ready. */
  adapter(): PortalAdapter | undefined;
  /** Aborted when the element leaves the page. */
  signal(): AbortSignal;
  announce(message: string): void;
  report(error: unknown, operation: string): void;
}

export abstract class ProfileSection {
  protected loadError?: unknown;
  /** Why the last change was refused, when it was not a field's problem. */
  protected error?: unknown;
  protected busy = false;
  /** The last change's notice ("Saved."). */
  protected done?: string;
  /** The refused change's fields and their problems. */
  protected errors: Readonly<Record<string, FieldErrorCode>> = {};

  constructor(protected readonly host: SectionHost) {}

  /** Reads the section's data (again, after "Try again"). */
  abstract load(adapter: PortalAdapter, signal: AbortSignal): Promise<void>;

  protected reset(): void {
    this.errors = {};
    this.error = undefined;
    this.busy = false;
    this.done = undefined;
  }

  /** Reads with `read` and keeps the answer; a failure is kept for "Try again" and reported as `operation`. */
  protected async read<T>(
    operation: string,
    signal: AbortSignal,
    read: () => Promise<T>,
    keep: (value: T) => void | Promise<void>,
  ): Promise<void> {
    this.loadError = undefined;
    try {
      const value = await read();
      if (signal.aborted) return;
      await keep(value);
    } catch (e) {
      if (isAbortError(e)) return;
      this.loadError = e;
      this.host.report(e, operation);
    }
    this.host.requestUpdate();
  }

  protected async focus(selector: string): Promise<void> {
    this.host.requestUpdate();
    await this.host.rendered();
    this.host.root().querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * The refused change: its message, or each field's problem (`label` names the field; `reason`
   * words the problem as the field does, the shared messages by default).
   */
  protected renderSummary(
    name: string,
    errors: Readonly<Record<string, FieldErrorCode>>,
    label: (field: string) => string,
    reason: (field: string, code: FieldErrorCode) => string = (_f, code) => fieldErrorMessage(code),
  ): TemplateResult | typeof nothing {
    const entries = Object.entries(errors);
    if (this.error !== undefined)
      return html`<div
        class="notice error"
        part="error-summary"
        data-summary=${name}
        tabindex="-1"
        role="alert"
      >
        <p>${errorMessage(this.error)}</p>
      </div>`;
    if (entries.length === 0) return nothing;
    return html`<div
      class="notice error error-summary"
      part="error-summary"
      data-summary=${name}
      tabindex="-1"
      role="alert"
    >
      <strong>${msg('Please check the following:', {id: 'medical-error-summary'})}</strong>
      <ul>
        ${entries.map(([f, code]) => html`<li>${label(f)}: ${reason(f, code)}</li>`)}
      </ul>
    </div>`;
  }

  /**
   * The section `name` (`part="section <name>"`, heading `#h-<name>`, focusable when `focusable`):
   * its intro, the last change's notice, then the load error with "Try again", `loading` while
   * `body` is undefined, or the body.
   */
  protected renderSection(
    s: {name: string; title: string; intro: string; loading: string; focusable?: boolean},
    body: (() => unknown) | undefined,
  ): TemplateResult {
    return html`<section part="section ${s.name}" aria-labelledby="h-${s.name}">
      <h3 id="h-${s.name}" tabindex=${s.focusable ? '-1' : nothing}>${s.title}</h3>
      <p class="muted">${s.intro}</p>
      ${this.done ? html`<p class="notice success" part="status">${this.done}</p>` : nothing}
      ${
        this.loadError !== undefined
          ? html`<div class="notice error">
              <p>${errorMessage(this.loadError)}</p>
              <button
                type="button"
                part="button"
                @click=${() => {
                  const a = this.host.adapter();
                  if (a) void this.load(a, this.host.signal());
                }}
              >
                ${msg('Try again', {id: 'medical-retry'})}
              </button>
            </div>`
          : body === undefined
            ? html`<p>${s.loading}</p>`
            : body()
      }
    </section>`;
  }
}
