/**
 * `<patient-documents>`'s detail of a lab result and of a prescription (#19 item 4). A result
 * whose values the clinic's system gives structured shows "Show values": a real table (caption,
 * column and row headers) of each value, its unit, its reference range and its flag — "High",
 * "Low", "Abnormal" in words with an arrow or mark, never colour alone — in a scrolling region of
 * its own at narrow widths (focusable and labelled, so a keyboard can scroll it). A prescription
 * shows the medication, dose, instructions, prescriber, date and refills left, and "Request a
 * refill" where the rule (`refillStatus`, `domain/rules/document-details.ts`) allows: it asks
 * first (with an optional note for the clinic), then sends the request, which reaches the clinic
 * as a message in the patient's conversations; the outcome is announced and stays in the entry.
 * A controller of the element (like the profile's medical section): it holds which results are
 * open and the refill in progress, and renders; the element keeps the list.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {isAbortError, ValidationError, type PortalAdapter} from '../../adapters/adapter.js';
import type {LabFlag, LabValue, PatientDocument, ReferenceRange} from '../../domain/documents.js';
import {
  REFILL_NOTE_MAX_LENGTH,
  isFlagged,
  labFlag,
  refillStatus,
} from '../../domain/rules/document-details.js';
import type {PlainDate, TimeZoneName} from '../../domain/types.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDateTime, formatPlainDate, toPlainDate} from '../../localization/format.js';

/** What the details need from the element that holds them. */
export interface DocumentDetailsHost {
  requestUpdate(): void;
  rendered(): Promise<unknown>;
  root(): HTMLElement | DocumentFragment;
  adapter(): PortalAdapter | undefined;
  signal(): AbortSignal;
  announce(message: string, politeness?: 'polite' | 'assertive'): void;
  report(error: unknown, operation: string): void;
  locale(): string;
  timeZone(): TimeZoneName;
  /** The backend takes refill requests (`capabilities.refills`). */
  refills(): boolean;
  /** The backend's clock now (epoch ms). */
  now(): number;
  /** A document changed (a refill now waiting): the element's list takes it. */
  updated(doc: PatientDocument): void;
}

export class DocumentDetails {
  /** The results whose values are shown. */
  private readonly open = new Set<string>();
  /** The prescription whose refill the patient is confirming. */
  private confirming?: string;
  private note = '';
  private busy = false;
  /** The last refill outcome, per document: sent / already waiting, or what went wrong. */
  private outcome = new Map<string, {readonly ok: boolean; readonly text: string}>();

  constructor(private readonly host: DocumentDetailsHost) {}

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.open.clear();
    this.confirming = undefined;
    this.note = '';
    this.busy = false;
    this.outcome.clear();
  }

  private focus(selector: string) {
    void this.host.rendered().then(() => this.host.root().querySelector<HTMLElement>(selector)?.focus());
  }

  // ------------------------------------------------------------------------------------------
  // Lab results

  private number(n: number): string {
    return new Intl.NumberFormat(this.host.locale(), {maximumFractionDigits: 3}).format(n);
  }

  private range(r: ReferenceRange | undefined): string {
    if (!r) return '—';
    const {low, high, text} = r;
    if (typeof low === 'number' && typeof high === 'number') {
      const [a, b] = [this.number(low), this.number(high)];
      return msg(str`${a} to ${b}`, {id: 'documents-range-between'});
    }
    if (typeof high === 'number') {
      const b = this.number(high);
      return msg(str`up to ${b}`, {id: 'documents-range-up-to'});
    }
    if (typeof low === 'number') {
      const a = this.number(low);
      return msg(str`${a} or more`, {id: 'documents-range-at-least'});
    }
    return text ?? '—';
  }

  private flagName(flag: LabFlag): string {
    switch (flag) {
      case 'high':
        return msg('High', {id: 'documents-flag-high'});
      case 'low':
        return msg('Low', {id: 'documents-flag-low'});
      case 'abnormal':
        return msg('Abnormal', {id: 'documents-flag-abnormal'});
      case 'normal':
        return msg('Normal', {id: 'documents-flag-normal'});
    }
  }

  private renderFlag(flag: LabFlag | undefined) {
    if (!flag) return html`<span aria-hidden="true">—</span>`;
    // A mark beside the word (never colour alone): ▲ high, ▼ low, ! abnormal.
    const mark = flag === 'high' ? '▲' : flag === 'low' ? '▼' : flag === 'abnormal' ? '!' : '';
    return html`<span class=${`flag ${flag}`}
      >${mark ? html`<span class="mark" aria-hidden="true">${mark}</span>` : nothing}${this.flagName(flag)}</span
    >`;
  }

  private renderValue(v: LabValue) {
    const flag = labFlag(v);
    return html`<tr class=${isFlagged(flag) ? 'flagged' : ''}>
      <th scope="row">${v.name}</th>
      <td class="num">${typeof v.value === 'number' ? this.number(v.value) : v.value}</td>
      <td>${this.renderFlag(flag)}</td>
      <td>${v.unit ?? ''}</td>
      <td>${this.range(v.referenceRange)}</td>
    </tr>`;
  }

  /** "1 value out of range" under the result's name, so the flag is found before opening it. */
  private renderSummary(doc: PatientDocument) {
    const n = doc.results!.values.filter((v) => isFlagged(labFlag(v))).length;
    if (n === 0) return nothing;
    return html`<p class="flag-summary">
      <span class="mark" aria-hidden="true">!</span>${
        n === 1
          ? msg('1 value out of range', {id: 'documents-flagged-one'})
          : msg(str`${n} values out of range`, {id: 'documents-flagged-many'})
      }
    </p>`;
  }

  private toggle(doc: PatientDocument) {
    if (this.open.has(doc.id)) this.open.delete(doc.id);
    else this.open.add(doc.id);
    this.host.requestUpdate();
  }

  /** The flag comes right after the value: on a narrow screen it is in view without scrolling. */
  renderResults(doc: PatientDocument): TemplateResult {
    const values = doc.results!.values;
    const shown = this.open.has(doc.id);
    const id = `values-${doc.id}`;
    const count = values.length;
    return html`<div class="detail">
      ${this.renderSummary(doc)}
      <button
        type="button"
        part="button"
        class="show-values"
        aria-expanded=${shown ? 'true' : 'false'}
        aria-controls=${id}
        @click=${() => this.toggle(doc)}
      >
        ${
          shown
            ? msg('Hide values', {id: 'documents-hide-values'})
            : msg(str`Show values (${count})`, {id: 'documents-show-values'})
        }
      </button>
      <div
        id=${id}
        class="values"
        role="region"
        tabindex="0"
        aria-labelledby=${`${id}-caption`}
        ?hidden=${!shown}
      >
        ${
          shown
            ? html`<table part="values-table">
                <caption id=${`${id}-caption`}>
                  ${msg(str`Values of ${doc.fileName}`, {id: 'documents-values-caption'})}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${msg('Test', {id: 'documents-col-test'})}</th>
                    <th scope="col">${msg('Result', {id: 'documents-col-result'})}</th>
                    <th scope="col">${msg('Flag', {id: 'documents-col-flag'})}</th>
                    <th scope="col">${msg('Unit', {id: 'documents-col-unit'})}</th>
                    <th scope="col">${msg('Reference range', {id: 'documents-col-range'})}</th>
                  </tr>
                </thead>
                <tbody>
                  ${values.map((v) => this.renderValue(v))}
                </tbody>
              </table>`
            : nothing
        }
      </div>
    </div>`;
  }

  // ------------------------------------------------------------------------------------------
  // Prescriptions

  private today(): PlainDate {
    return toPlainDate(new Date(this.host.now()), this.host.timeZone());
  }

  private ask(doc: PatientDocument) {
    this.confirming = doc.id;
    this.note = '';
    this.outcome.delete(doc.id);
    this.host.requestUpdate();
    this.focus('.refill-confirm textarea');
  }

  private cancel(doc: PatientDocument) {
    this.confirming = undefined;
    this.host.requestUpdate();
    this.focus(`button.refill[data-id="${CSS.escape(doc.id)}"]`);
  }

  private async send(doc: PatientDocument) {
    const adapter = this.host.adapter();
    if (!adapter?.requestRefill || this.busy) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const note = this.note.trim();
      const got = await adapter.requestRefill(doc.id, note || undefined, {signal: this.host.signal()});
      const when = formatDateTime(got.requestedAt, this.host.locale(), this.host.timeZone());
      const text = got.alreadyRequested
        ? msg(str`You already asked for this refill on ${when}. The clinic will answer in your messages.`, {
            id: 'documents-refill-already',
          })
        : msg('Refill requested. The clinic will answer in your messages.', {id: 'documents-refill-sent'});
      this.confirming = undefined;
      this.note = '';
      this.outcome.set(doc.id, {ok: true, text});
      this.host.updated({
        ...doc,
        prescription: {
          ...doc.prescription!,
          pendingRefill: {requestedAt: got.requestedAt, conversationId: got.conversationId},
        },
      });
      this.host.announce(text);
      this.focus(`#refill-outcome-${CSS.escape(doc.id)}`);
    } catch (e) {
      if (isAbortError(e)) return;
      const fields = e instanceof ValidationError ? e.fields : undefined;
      const text = fields?.refill
        ? msg('This prescription can’t be refilled now. Please contact the clinic.', {
            id: 'documents-refill-unavailable',
          })
        : fields?.note
          ? fieldErrorMessage(fields.note)
          : errorMessage(e);
      this.outcome.set(doc.id, {ok: false, text});
      this.host.report(e, 'requestRefill');
      this.host.announce(text, 'assertive');
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private renderRefill(doc: PatientDocument) {
    const rx = doc.prescription!;
    const status = refillStatus(rx, this.host.refills(), this.today());
    const outcome = this.outcome.get(doc.id);
    const name = rx.medication;
    const line = (() => {
      switch (status) {
        case 'pending': {
          const when = formatDateTime(
            rx.pendingRefill!.requestedAt,
            this.host.locale(),
            this.host.timeZone(),
          );
          return msg(str`Refill requested on ${when}. The clinic will answer in your messages.`, {
            id: 'documents-refill-pending',
          });
        }
        case 'none-left':
          return msg('No refills left. Please contact the clinic for a new prescription.', {
            id: 'documents-refill-none-left',
          });
        case 'expired':
          return msg('This prescription has expired and can’t be refilled.', {
            id: 'documents-refill-expired',
          });
        default:
          return undefined;
      }
    })();
    const confirming = this.confirming === doc.id;
    return html`${
      outcome
        ? html`<p
            id=${`refill-outcome-${doc.id}`}
            tabindex="-1"
            class=${outcome.ok ? 'refill-outcome ok' : 'refill-outcome field-error'}
          >
            ${outcome.text}
          </p>`
        : line && status !== 'available'
          ? html`<p class="refill-status">${line}</p>`
          : nothing
    }
    ${
      status === 'available' && !confirming
        ? html`<button
            type="button"
            part="button refill-button"
            class="refill"
            data-id=${doc.id}
            aria-label=${msg(str`Request a refill of ${name}`, {id: 'documents-refill-name'})}
            @click=${() => this.ask(doc)}
          >
            ${msg('Request a refill', {id: 'documents-refill'})}
          </button>`
        : nothing
    }
    ${
      confirming
        ? html`<div class="refill-confirm" role="group" aria-labelledby=${`refill-q-${doc.id}`}>
            <p id=${`refill-q-${doc.id}`}>
              ${msg(str`Ask the clinic to refill ${name}? They will answer in your messages.`, {
                id: 'documents-refill-confirm',
              })}
            </p>
            <div class="field">
              <label for=${`refill-note-${doc.id}`}
                >${msg('Note for the clinic (optional)', {id: 'documents-note'})}</label
              >
              <textarea
                id=${`refill-note-${doc.id}`}
                rows="2"
                maxlength=${REFILL_NOTE_MAX_LENGTH}
                ?disabled=${this.busy}
                .value=${this.note}
                @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
              ></textarea>
            </div>
            <button
              type="button"
              part="button"
              class="primary"
              ?disabled=${this.busy}
              @click=${() => void this.send(doc)}
            >
              ${
                this.busy
                  ? msg('Sending…', {id: 'documents-sending'})
                  : msg('Send request', {id: 'documents-refill-send'})
              }
            </button>
            <button type="button" part="button" ?disabled=${this.busy} @click=${() => this.cancel(doc)}>
              ${msg('Cancel', {id: 'documents-cancel'})}
            </button>
          </div>`
        : nothing
    }`;
  }

  renderPrescription(doc: PatientDocument): TemplateResult {
    const rx = doc.prescription!;
    const date = formatPlainDate(rx.date, this.host.locale(), 'long');
    const left = this.number(rx.refillsLeft);
    return html`<div class="detail rx">
      <dl>
        <div>
          <dt>${msg('Medication', {id: 'documents-rx-medication'})}</dt>
          <dd>${rx.medication}</dd>
        </div>
        <div>
          <dt>${msg('Dose', {id: 'documents-rx-dose'})}</dt>
          <dd>${rx.dose}</dd>
        </div>
        <div>
          <dt>${msg('Instructions', {id: 'documents-rx-instructions'})}</dt>
          <dd>${rx.instructions}</dd>
        </div>
        <div>
          <dt>${msg('Prescribed by', {id: 'documents-rx-prescriber'})}</dt>
          <dd>${rx.prescriber}</dd>
        </div>
        <div>
          <dt>${msg('Date', {id: 'documents-rx-date'})}</dt>
          <dd>${date}</dd>
        </div>
        ${
          rx.refillsAllowed
            ? html`<div>
                <dt>${msg('Refills left', {id: 'documents-rx-refills-left'})}</dt>
                <dd>${left}</dd>
              </div>`
            : nothing
        }
      </dl>
      ${this.renderRefill(doc)}
    </div>`;
  }
}
