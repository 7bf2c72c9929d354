import {css, html, nothing} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {isAbortError, SlotTakenError, ValidationError, type FieldErrorCode} from '../../adapters/adapter.js';
import type {
  Appointment,
  CancellationQuote,
  CancellationReason,
  Clinic,
  Instant,
  Slot,
} from '../../domain/types.js';
import {summarizeAppointment} from '../../domain/types.js';
import {PortalAppointmentEvent, PortalBeforeEvent} from '../../events.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDateTime, formatMoney, pickText, timeZoneLabel} from '../../localization/format.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {appointmentSummary} from './appointment-parts.js';
import {policyText, quoteFromPolicy} from '../../localization/policy-text.js';

/** The longest reason text the patient may write (the backends' limit). */
const NOTE_MAX = 1000;

/** Which flow the dialog runs. */
export type AppointmentDialogMode = 'cancel' | 'reschedule';

type Step = 'confirm' | 'reason' | 'pick' | 'review';

/**
 * Internal: the dialog finished with a changed appointment (the list updates its row). Stays inside
 * the list's shadow root; the host hears the public `portal-cancelled` / `portal-rescheduled`.
 */
export class AppointmentChangedEvent extends Event {
  static readonly type = 'appointment-changed';
  constructor(
    readonly appointment: Appointment,
    readonly change: 'cancelled' | 'rescheduled',
  ) {
    super(AppointmentChangedEvent.type, {bubbles: true});
  }
}

/** Internal: the dialog closed (with or without a change), so the list can put focus back. */
export class AppointmentDialogClosedEvent extends Event {
  static readonly type = 'appointment-dialog-closed';
  constructor(readonly changed: boolean) {
    super(AppointmentDialogClosedEvent.type, {bubbles: true});
  }
}

function newKey(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

/**
 * The modal dialog of `<appointment-list>` for cancelling (Continue / Keep appointment → reason →
 * Cancel appointment, with the late fee shown first) and rescheduling (a new time from the slot
 * picker → Confirm new time). A native `<dialog>` opened with `showModal()`: the rest of the page is
 * inert, Esc closes it, and the list puts focus back where it was.
 *
 * With a reminder-link `token`, cancelling goes through the token (no sign-in needed where the
 * backend allows it).
 *
 * @summary Cancel or reschedule one appointment (internal to appointment-list).
 * @csspart dialog - The dialog box.
 * @csspart button - Every button.
 * @fires {PortalBeforeEvent} portal-before-cancel - Cancelable, before the backend is asked to cancel (appointment id).
 * @fires {PortalBeforeEvent} portal-before-reschedule - Cancelable, before the backend is asked to move it (appointment id, new start).
 * @fires {PortalAppointmentEvent} portal-cancelled - After the backend cancelled it.
 * @fires {PortalAppointmentEvent} portal-rescheduled - After the backend moved it.
 * @fires {PortalErrorEvent} portal-error - When a step fails (error code and operation).
 * @tagname portal-appointment-dialog
 */
export class AppointmentDialog extends PortalElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      :host {
        display: contents;
      }
      dialog {
        width: min(42rem, calc(100vw - 1rem));
        max-height: calc(100dvh - 1rem);
        overflow: auto;
        padding: clamp(0.75rem, 3vw, 1.5rem);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        box-shadow: 0 8px 32px rgb(0 0 0 / 0.3);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.25rem;
        line-height: 1.3;
      }
      h2:focus {
        outline: none;
      }
      .summary {
        border-left: 4px solid var(--_accent);
        padding: 0.25rem 0.75rem;
        margin: 0 0 1rem;
      }
      .summary p {
        margin: 0.125rem 0;
      }
      .notice {
        margin: 0 0 1rem;
      }
      .notice p {
        margin: 0.25rem 0;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 1rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        margin-bottom: 0.5rem;
        padding: 0;
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.75rem;
      }
      .choice input {
        width: 1.25rem;
        height: 1.25rem;
        margin: 0;
        flex: none;
        accent-color: var(--_accent);
      }
      label.field {
        display: block;
        font-weight: 600;
        margin: 0.5rem 0 0.25rem;
      }
      textarea {
        font: inherit;
        width: 100%;
        min-height: 5rem;
        padding: 0.5rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
      }
      textarea[aria-invalid='true'] {
        border: 2px solid var(--_danger);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 1rem;
      }
      button.danger {
        background: var(--_danger);
        border-color: var(--_danger);
        color: var(--_surface);
      }
      .provider-choice {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1.25rem;
      }
      portal-slot-picker {
        margin-bottom: 0.5rem;
      }
    `,
  ];

  private controller?: AbortController;
  private idempotencyKey?: string;
  private changed = false;

  @query('dialog') private dialog!: HTMLDialogElement | null;
  @query('h2') private heading!: HTMLElement | null;
  @query('.error-summary') private errorSummary!: HTMLElement | null;

  @state() private step: Step = 'confirm';
  @state() private busy = false;
  @state() private error?: unknown;
  @state() private reasons?: readonly CancellationReason[];
  @state() private quote?: CancellationQuote;
  @state() private reasonId = '';
  @state() private note = '';
  @state() private fieldErrors: Readonly<Record<string, FieldErrorCode>> = {};
  @state() private providerChoice: 'same' | 'any' = 'same';
  @state() private newSlot?: Slot;
  @state() private conflictNear?: Instant;

  /** The appointment to cancel or move. */
  @property({attribute: false}) appointment?: Appointment;
  /** The clinic (its time zone, policy and languages). */
  @property({attribute: false}) clinic?: Clinic;
  @property() mode: AppointmentDialogMode = 'cancel';
  /** A reminder link's token: cancelling goes through it. */
  @property({attribute: false}) token?: string;
  /** The backend's clock now (ms), for the late-fee notice of a reminder link and the slot picker. */
  @property({attribute: false}) serverNow?: number;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  /** Opens the dialog at its first step. */
  async open(): Promise<void> {
    this.controller?.abort();
    this.step = this.mode === 'cancel' ? 'confirm' : 'pick';
    this.busy = false;
    this.error = undefined;
    this.fieldErrors = {};
    this.reasonId = '';
    this.note = '';
    this.newSlot = undefined;
    this.conflictNear = undefined;
    this.providerChoice = 'same';
    this.idempotencyKey = undefined;
    this.changed = false;
    this.quote = undefined;
    if (this.mode === 'reschedule') void import('../../define/portal-slot-picker.js');
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
    this.focusHeading();
    if (this.mode === 'cancel') void this.loadCancelInfo();
  }

  /** Closes the dialog (as "Keep appointment" / Esc do). */
  close(): void {
    this.dialog?.close();
  }

  private focusHeading() {
    void this.updateComplete.then(() => this.heading?.focus());
  }

  private signal(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  private fail(e: unknown, operation: string) {
    this.reportError(e, operation);
  }

  private async loadCancelInfo() {
    const adapter = this.resolvedAdapter;
    const a = this.appointment;
    if (!adapter || !a) return;
    const signal = this.signal();
    this.busy = true;
    try {
      const quote =
        this.token !== undefined
          ? Promise.resolve(
              this.clinic
                ? quoteFromPolicy(a, this.clinic.cancellation, this.serverNow ?? Date.now())
                : undefined,
            )
          : adapter.getCancellationQuote(a.id, {signal});
      const [reasons, q] = await Promise.all([adapter.getCancellationReasons({signal}), quote]);
      if (signal.aborted) return;
      this.reasons = reasons;
      this.quote = q;
    } catch (e) {
      if (isAbortError(e)) return;
      this.error = e;
      this.fail(e, 'getCancellationQuote');
      this.announce(errorMessage(e), 'assertive');
    } finally {
      if (!signal.aborted) this.busy = false;
    }
  }

  private onClose() {
    this.controller?.abort();
    this.busy = false;
    const closed = new AppointmentDialogClosedEvent(this.changed); // internal: kept out of the manifest
    this.dispatchEvent(closed);
  }

  private onCancelEvent(e: Event) {
    // Esc while a request is on its way would leave its outcome unseen: wait for it.
    if (this.busy && this.step !== 'confirm') e.preventDefault();
  }

  // ------------------------------------------------------------------------------------------
  // Cancel

  private toReason() {
    this.step = 'reason';
    this.error = undefined;
    this.focusHeading();
  }

  private async submitCancel(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const adapter = this.resolvedAdapter;
    const a = this.appointment;
    const reasons = this.reasons ?? [];
    if (!adapter || !a) return;
    const reason = reasons.find((r) => r.id === this.reasonId);
    const errors: Record<string, FieldErrorCode> = {};
    if (!reason) errors.reasonId = 'required';
    else if (reason.needsText && this.note.trim() === '') errors.note = 'required';
    if ([...this.note].length > NOTE_MAX) errors.note = 'too-long';
    this.fieldErrors = errors;
    this.error = undefined;
    if (Object.keys(errors).length > 0) return this.showErrors();
    if (!this.dispatchEvent(new PortalBeforeEvent('portal-before-cancel', {appointmentId: a.id}))) return;
    const note = reason?.needsText || this.note.trim() !== '' ? this.note : undefined;
    const signal = this.signal();
    this.busy = true;
    try {
      const done =
        this.token !== undefined
          ? await adapter.applyReminderAction(
              {token: this.token, reasonId: this.reasonId, ...(note !== undefined ? {note} : {})},
              {signal},
            )
          : await adapter.cancelAppointment(
              {appointmentId: a.id, reasonId: this.reasonId, ...(note !== undefined ? {note} : {})},
              {signal},
            );
      this.changed = true;
      this.dispatchEvent(new PortalAppointmentEvent('portal-cancelled', summarizeAppointment(done)));
      const changed = new AppointmentChangedEvent(done, 'cancelled'); // internal: kept out of the manifest
      this.dispatchEvent(changed);
      this.close();
    } catch (err) {
      if (isAbortError(err)) return;
      this.fail(err, 'cancelAppointment');
      if (err instanceof ValidationError) {
        this.fieldErrors = {...err.fields};
        if (err.fields.reasonId || err.fields.note) return this.showErrors();
      }
      this.error = err;
      this.showErrors();
    } finally {
      if (!signal.aborted) this.busy = false;
    }
  }

  private showErrors() {
    const first = this.fieldErrors.reasonId
      ? msg('Please choose a reason.', {id: 'apt-cancel-reason-required'})
      : this.fieldErrors.note
        ? fieldErrorMessage(this.fieldErrors.note)
        : errorMessage(this.error);
    this.announce(first, 'assertive');
    void this.updateComplete.then(() => {
      const target =
        this.errorSummary ??
        this.renderRoot.querySelector<HTMLElement>(
          this.fieldErrors.reasonId ? 'input[name="reason"]' : 'textarea',
        );
      target?.focus();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Reschedule

  private onSlotSelected(e: Event) {
    const slot = (e as Event & {slot: Slot}).slot;
    if (!slot) return;
    if (this.newSlot?.id !== slot.id) this.idempotencyKey = undefined;
    this.newSlot = slot;
    this.error = undefined;
    this.step = 'review';
    this.focusHeading();
  }

  private backToPick() {
    this.step = 'pick';
    this.error = undefined;
    this.focusHeading();
  }

  private async submitReschedule() {
    if (this.busy) return;
    const adapter = this.resolvedAdapter;
    const a = this.appointment;
    const slot = this.newSlot;
    if (!adapter || !a || !slot) return;
    if (
      !this.dispatchEvent(
        new PortalBeforeEvent('portal-before-reschedule', {appointmentId: a.id, start: slot.start}),
      )
    )
      return;
    this.idempotencyKey ??= newKey();
    const signal = this.signal();
    this.busy = true;
    this.error = undefined;
    try {
      const moved = await adapter.rescheduleAppointment(
        {appointmentId: a.id, slot, idempotencyKey: this.idempotencyKey},
        {signal},
      );
      this.changed = true;
      this.dispatchEvent(new PortalAppointmentEvent('portal-rescheduled', summarizeAppointment(moved)));
      const changed = new AppointmentChangedEvent(moved, 'rescheduled'); // internal: kept out of the manifest
      this.dispatchEvent(changed);
      this.close();
    } catch (err) {
      if (isAbortError(err)) return;
      this.fail(err, 'rescheduleAppointment');
      if (err instanceof SlotTakenError) {
        // As in booking: back to the times, the taken one gone, the nearest free ones offered.
        this.idempotencyKey = undefined;
        this.conflictNear = slot.start;
        this.newSlot = undefined;
        this.step = 'pick';
        this.announce(errorMessage(err), 'assertive');
        await this.updateComplete;
        this.renderRoot
          .querySelector<HTMLElement & {refresh?: () => void}>('portal-slot-picker')
          ?.refresh?.();
        this.focusHeading();
        return;
      }
      this.error = err;
      this.showErrors();
    } finally {
      if (!signal.aborted) this.busy = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private get zone(): string {
    return this.clinic?.timeZone ?? 'UTC';
  }

  private renderError() {
    if (this.error === undefined) return nothing;
    return html`<div class="notice error error-summary" role="alert" tabindex="-1" part="error">
      <p>${errorMessage(this.error)}</p>
    </div>`;
  }

  /** The late-cancellation notice: the fee when cancelling, the clinic's policy when rescheduling. */
  private renderFee(
    q: CancellationQuote | undefined = this.quote,
    withFee = true,
    card?: Appointment['cardOnFile'],
  ) {
    if (!q?.late) return nothing;
    const hours = this.clinic?.cancellation.windowHours ?? 0;
    // The fee once: in the clinic's words when they state it, else in ours (issue #23 item 8).
    const terms = this.clinic && policyText(this.clinic.cancellation, this.locale, this.clinic.languages);
    return html`<div class="notice warning" part="late-fee">
      <p>
        <strong>${msg('Late cancellation', {id: 'apt-late-title'})}</strong>
      </p>
      <p>
        ${
          withFee && q.fee && !terms?.statesFee
            ? msg(
                str`Your appointment is less than ${hours} hours away. The clinic charges a late-cancellation fee of ${formatMoney(q.fee, this.locale)}.`,
                {id: 'apt-late-fee'},
              )
            : msg(str`Your appointment is less than ${hours} hours away.`, {id: 'apt-late-no-fee'})
        }
      </p>
      ${terms ? html`<p>${terms.text}</p>` : nothing}
      ${
        // Booked with a card on file (#20 item 4): the fee is charged to it.
        withFee && q.fee && card
          ? html`<p>
              ${msg(str`The fee will be charged to your card on file ending ${card.last4}.`, {
                id: 'apt-late-fee-card',
              })}
            </p>`
          : nothing
      }
    </div>`;
  }

  private renderConfirmStep(a: Appointment) {
    return html`<h2 id="dialog-title" tabindex="-1">
        ${msg('Cancel this appointment?', {id: 'apt-cancel-title'})}
      </h2>
      ${appointmentSummary(a, this.locale, this.zone, this.clinic)}
      ${this.busy && !this.quote ? html`<p role="status">${msg('Loading…', {id: 'apt-loading'})}</p>` : nothing}
      ${this.renderFee(this.quote, true, a.cardOnFile)} ${this.renderError()}
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button continue-button"
          ?disabled=${this.busy || this.reasons === undefined}
          @click=${() => this.toReason()}
        >
          ${msg('Continue', {id: 'apt-cancel-continue'})}
        </button>
        <button type="button" part="button keep-button" @click=${() => this.close()}>
          ${msg('Keep appointment', {id: 'apt-keep'})}
        </button>
      </div>`;
  }

  private renderReasonStep(a: Appointment) {
    const reasons = this.reasons ?? [];
    const chosen = reasons.find((r) => r.id === this.reasonId);
    const reasonError = this.fieldErrors.reasonId;
    const noteError = this.fieldErrors.note;
    return html`<h2 id="dialog-title" tabindex="-1">
        ${msg('Why are you cancelling?', {id: 'apt-reason-title'})}
      </h2>
      ${appointmentSummary(a, this.locale, this.zone, this.clinic)}
      ${this.renderFee(this.quote, true, a.cardOnFile)} ${this.renderError()}
      <form novalidate @submit=${(e: Event) => void this.submitCancel(e)}>
        <fieldset
          aria-describedby=${reasonError ? 'reason-error' : nothing}
          aria-invalid=${reasonError ? 'true' : nothing}
        >
          <legend>${msg('Reason', {id: 'apt-reason-legend'})}</legend>
          ${reasons.map(
            (r) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name="reason"
                  .value=${r.id}
                  .checked=${this.reasonId === r.id}
                  @change=${() => {
                    this.reasonId = r.id;
                    this.fieldErrors = {};
                  }}
                />${pickText(r.label, this.locale, this.clinic?.languages)}</label
              >`,
          )}
          ${
            reasonError
              ? html`<p class="field-error" id="reason-error">
                  ${msg('Please choose a reason.', {id: 'apt-cancel-reason-required'})}
                </p>`
              : nothing
          }
        </fieldset>
        ${
          chosen?.needsText || this.note !== ''
            ? html`<label class="field" for="note"
                  >${
                    chosen?.needsText
                      ? msg('Tell us the reason', {id: 'apt-note-required-label'})
                      : msg('Anything else the clinic should know (optional)', {id: 'apt-note-label'})
                  }</label
                ><textarea
                  id="note"
                  maxlength=${NOTE_MAX}
                  .value=${this.note}
                  aria-invalid=${noteError ? 'true' : 'false'}
                  aria-describedby=${noteError ? 'note-error' : nothing}
                  @input=${(e: Event) => {
                    this.note = (e.target as HTMLTextAreaElement).value;
                    if (this.fieldErrors.note) this.fieldErrors = {};
                  }}
                ></textarea>
                ${noteError ? html`<p class="field-error" id="note-error">${fieldErrorMessage(noteError)}</p>` : nothing}`
            : nothing
        }
        <div class="actions">
          <button type="submit" class="danger" part="button cancel-button" ?disabled=${this.busy}>
            ${
              this.busy
                ? msg('Cancelling…', {id: 'apt-cancelling'})
                : msg('Cancel appointment', {id: 'apt-cancel-submit'})
            }
          </button>
          <button type="button" part="button keep-button" @click=${() => this.close()}>
            ${msg('Keep appointment', {id: 'apt-keep'})}
          </button>
        </div>
      </form>`;
  }

  private renderPickStep(a: Appointment) {
    const ids = a.services.map((s) => s.id);
    return html`<h2 id="dialog-title" tabindex="-1">
        ${msg('Choose a new time', {id: 'apt-reschedule-title'})}
      </h2>
      <p>
        ${msg(
          str`Now: ${formatDateTime(a.start, this.locale, this.zone)}, ${timeZoneLabel(this.zone, this.locale, a.start)}`,
          {
            id: 'apt-reschedule-current',
          },
        )}
      </p>
      ${
        this.clinic
          ? this.renderFee(quoteFromPolicy(a, this.clinic.cancellation, this.serverNow ?? Date.now()), false)
          : nothing
      }
      ${
        this.conflictNear
          ? html`<p class="notice warning">${errorMessage(new SlotTakenError())}</p>`
          : nothing
      }
      <fieldset>
        <legend>${msg('Provider', {id: 'apt-reschedule-provider'})}</legend>
        <div class="provider-choice">
          <label class="choice"
            ><input
              type="radio"
              name="provider"
              .checked=${this.providerChoice === 'same'}
              @change=${() => (this.providerChoice = 'same')}
            />${msg(str`With ${a.providerName}`, {id: 'apt-with-provider'})}</label
          >
          <label class="choice"
            ><input
              type="radio"
              name="provider"
              .checked=${this.providerChoice === 'any'}
              @change=${() => (this.providerChoice = 'any')}
            />${msg('First available', {id: 'apt-reschedule-any'})}</label
          >
        </div>
      </fieldset>
      <portal-slot-picker
        compact
        color-scheme=${this.colorScheme ?? nothing}
        .adapter=${this.resolvedAdapter}
        .serviceIds=${ids}
        .providerId=${this.providerChoice === 'same' ? a.providerId : 'any'}
        .timeZone=${this.zone}
        .serverNow=${this.serverNow}
        .highlightNear=${this.conflictNear}
        @portal-slot-selected=${(e: Event) => {
          e.stopPropagation();
          this.onSlotSelected(e);
        }}
      ></portal-slot-picker>
      ${this.renderError()}
      <div class="actions">
        <button type="button" part="button keep-button" @click=${() => this.close()}>
          ${msg('Keep current time', {id: 'apt-keep-time'})}
        </button>
      </div>`;
  }

  private renderReviewStep(a: Appointment) {
    const slot = this.newSlot;
    if (!slot) return nothing;
    const zone = this.zone;
    return html`<h2 id="dialog-title" tabindex="-1">
        ${msg('Move your appointment?', {id: 'apt-review-title'})}
      </h2>
      <dl class="change">
        <dt>${msg('From', {id: 'apt-review-from'})}</dt>
        <dd>${formatDateTime(a.start, this.locale, zone)}, ${timeZoneLabel(zone, this.locale, a.start)}</dd>
        <dt>${msg('To', {id: 'apt-review-to'})}</dt>
        <dd>
          <strong>${formatDateTime(slot.start, this.locale, zone)}</strong>,
          ${timeZoneLabel(zone, this.locale, slot.start)}
        </dd>
      </dl>
      ${this.renderError()}
      <div class="actions">
        <button
          type="button"
          class="primary"
          part="button confirm-button"
          ?disabled=${this.busy}
          @click=${() => void this.submitReschedule()}
        >
          ${
            this.busy
              ? msg('Moving your appointment…', {id: 'apt-rescheduling'})
              : msg('Confirm new time', {id: 'apt-reschedule-submit'})
          }
        </button>
        <button
          type="button"
          part="button back-button"
          ?disabled=${this.busy}
          @click=${() => this.backToPick()}
        >
          ${msg('Choose another time', {id: 'apt-reschedule-back'})}
        </button>
      </div>`;
  }

  override render() {
    const a = this.appointment;
    let body: unknown = nothing;
    if (a) {
      if (this.step === 'confirm') body = this.renderConfirmStep(a);
      else if (this.step === 'reason') body = this.renderReasonStep(a);
      else if (this.step === 'pick') body = this.renderPickStep(a);
      else body = this.renderReviewStep(a);
    }
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-title"
      @close=${() => this.onClose()}
      @cancel=${(e: Event) => this.onCancelEvent(e)}
    >
      ${body}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-appointment-dialog': AppointmentDialog;
  }
}
