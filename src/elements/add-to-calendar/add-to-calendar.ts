import {css, html, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg} from '@lit/localize';
import {Task} from '@lit/task';
import {NetworkError, isPortalError} from '../../adapters/adapter.js';
import type {Appointment, Clinic} from '../../domain/types.js';
import {
  createIcsFile,
  googleCalendarUrl,
  icsFileName,
  type CalendarKind,
} from '../../calendar/calendar-links.js';
import {errorMessage} from '../../localization/error-messages.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';

/** How long the object URL of a downloaded file stays valid (Safari needs it a moment after the click). */
const REVOKE_AFTER_MS = 1000;

/**
 * The patient added an appointment to a calendar: downloaded the .ics file, or opened Google
 * Calendar's "add event" page. Carries the appointment id and which kind — never patient data.
 */
export class PortalCalendarAddedEvent extends Event {
  static readonly type = 'portal-calendar-added';
  constructor(
    readonly appointmentId: string,
    readonly kind: CalendarKind,
  ) {
    super(PortalCalendarAddedEvent.type, {bubbles: true, composed: true});
  }
}

/**
 * "Add to calendar" for one appointment: a calendar file (.ics) for Apple Calendar, Outlook and
 * any other calendar app, and a Google Calendar link.
 *
 * The file is made on the patient's device when they ask for it (the iCalendar generator loads
 * only then) and holds the visit's services, provider, place or "video visit", and the clinic's
 * phone — never the patient's name, email, phone or date of birth. Times are written in UTC, so
 * every calendar shows the right moment in any zone.
 *
 * Give it an `appointment` and, ideally, the `clinic` (otherwise it asks its backend for it).
 *
 * @summary Add an appointment to the patient's calendar (.ics file or Google Calendar).
 * @csspart base - The group holding the title and the actions.
 * @csspart title - The "Add to calendar" label.
 * @csspart actions - The row of actions.
 * @csspart button - Both actions (the download button and the Google link).
 * @csspart ics-button - The "Download calendar file (.ics)" button.
 * @csspart google-link - The "Google Calendar" link (opens a new tab).
 * @csspart error - The message shown when the file could not be made.
 * @cssprop --portal-color-accent - Colour of the actions.
 * @fires {PortalCalendarAddedEvent} portal-calendar-added - The patient downloaded the file or opened Google Calendar (`appointmentId`, `kind`: `ics` | `google`).
 * @tagname portal-add-to-calendar
 */
export class AddToCalendar extends PortalElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      .title {
        margin: 0 0 0.5rem;
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .actions > * {
        flex: 0 1 auto;
      }
      .button[aria-busy='true'] {
        cursor: progress;
      }
      svg {
        width: 1em;
        height: 1em;
        flex: none;
      }
      .notice {
        margin: 0.75rem 0 0;
      }
      @media (max-width: 30rem) {
        .actions > * {
          flex: 1 1 100%;
        }
      }
    `,
  ];

  @state() private busy = false;
  /** What went wrong making the file (its message is worked out at render, in the current language). */
  @state() private error?: unknown;

  /** The appointment to add. */
  @property({attribute: false}) appointment?: Appointment;

  /** The clinic (name, phone, time zone). When absent, it is read from the backend. */
  @property({attribute: false}) clinic?: Clinic;

  private readonly clinicTask = new Task(this, {
    task: async ([clinic, adapter], {signal}) =>
      clinic ?? (adapter ? adapter.getClinic({signal}) : undefined),
    args: () => [this.clinic, this.resolvedAdapter] as const,
  });

  private get currentClinic(): Clinic | undefined {
    return this.clinic ?? this.clinicTask.value;
  }

  private async downloadIcs() {
    const appointment = this.appointment;
    const clinic = this.currentClinic;
    if (this.busy || !appointment || !clinic) return;
    this.busy = true;
    this.error = undefined;
    try {
      const blob = await createIcsFile(appointment, clinic, this.locale);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = icsFileName(appointment);
      link.hidden = true;
      this.renderRoot.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
      this.announce(
        msg('Calendar file downloaded. Open it to add the visit to your calendar.', {
          id: 'calendar-downloaded',
        }),
      );
      const event = new PortalCalendarAddedEvent(appointment.id, 'ics'); // see PortalElement.reportError
      this.dispatchEvent(event);
    } catch (e) {
      // The generator is a chunk: failing to load it is a connection problem for the patient.
      this.error = isPortalError(e) ? e : new NetworkError('network', undefined, {cause: e});
      this.announce(errorMessage(this.error), 'assertive');
    } finally {
      this.busy = false;
    }
  }

  private onGoogleClick() {
    const a = this.appointment;
    const event = a && new PortalCalendarAddedEvent(a.id, 'google'); // see PortalElement.reportError
    if (event) this.dispatchEvent(event);
  }

  override render() {
    const appointment = this.appointment;
    const clinic = this.currentClinic;
    if (!appointment || !clinic) return nothing;
    return html`<div class="base" part="base" role="group" aria-labelledby="title">
      <p class="title" id="title" part="title">${msg('Add to calendar', {id: 'calendar-title'})}</p>
      <div class="actions" part="actions">
        <button
          type="button"
          class="button"
          part="button ics-button"
          aria-busy=${this.busy ? 'true' : 'false'}
          @click=${() => void this.downloadIcs()}
        >
          ${downloadIcon}${msg('Download calendar file (.ics)', {id: 'calendar-download-ics'})}
        </button>
        <a
          class="button"
          part="button google-link"
          href=${googleCalendarUrl(appointment, clinic, this.locale)}
          target="_blank"
          rel="noopener noreferrer"
          @click=${this.onGoogleClick}
        >
          ${msg('Google Calendar', {id: 'calendar-google'})}
          <span class="visually-hidden">${msg('(opens in a new tab)', {id: 'calendar-new-tab'})}</span>
          ${externalIcon}
        </a>
      </div>
      ${
        this.error !== undefined
          ? html`<p class="notice error" part="error">${errorMessage(this.error)}</p>`
          : nothing
      }
    </div>`;
  }
}

const downloadIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M11 3h2v9.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3V3zM5 18h14v2H5z" />
</svg>`;

const externalIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14V3zM5 5h6v2H7v10h10v-4h2v6H5V5z" />
</svg>`;

declare global {
  interface HTMLElementTagNameMap {
    'portal-add-to-calendar': AddToCalendar;
  }
  interface HTMLElementEventMap {
    'portal-calendar-added': PortalCalendarAddedEvent;
  }
}
