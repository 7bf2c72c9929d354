/**
 * The events elements fire to the host page: bubbling, composed, prefixed `portal-`, typed in
 * `HTMLElementEventMap`. Their details carry ids, times, statuses and codes — never the patient's
 * name, email, phone or date of birth (clinic pages often run analytics that read every event).
 * "Before" events are cancelable: `preventDefault()` vetoes the action.
 */
import type {AppointmentSummary} from './domain/types.js';
import type {PortalErrorCode} from './adapters/adapter.js';
import type {SignOutReason} from './controllers/session-store.js';

export class PortalSignedInEvent extends Event {
  static readonly type = 'portal-signed-in';
  constructor(readonly method: string) {
    super(PortalSignedInEvent.type, {bubbles: true, composed: true});
  }
}

export class PortalSignedOutEvent extends Event {
  static readonly type = 'portal-signed-out';
  constructor(readonly reason: SignOutReason) {
    super(PortalSignedOutEvent.type, {bubbles: true, composed: true});
  }
}

/** An operation failed in a way the patient was told about (the code only; never patient data). */
export class PortalErrorEvent extends Event {
  static readonly type = 'portal-error';
  constructor(
    readonly code: PortalErrorCode | 'unknown',
    readonly operation: string,
  ) {
    super(PortalErrorEvent.type, {bubbles: true, composed: true});
  }
}

/** Fired with an appointment summary (no identity fields): booked, cancelled, confirmed, rescheduled. */
export class PortalAppointmentEvent extends Event {
  constructor(
    type: 'portal-booked' | 'portal-cancelled' | 'portal-confirmed' | 'portal-rescheduled',
    readonly appointment: AppointmentSummary,
  ) {
    super(type, {bubbles: true, composed: true});
  }
}

/** A cancelable event fired before an action; `preventDefault()` stops it. */
export class PortalBeforeEvent extends Event {
  constructor(
    type: 'portal-before-book' | 'portal-before-cancel' | 'portal-before-reschedule',
    readonly detailSummary: Readonly<Record<string, unknown>>,
  ) {
    super(type, {bubbles: true, composed: true, cancelable: true});
  }
}

/** Asks the page to show its sign-in form (`<patient-login>` listens for it). Cancelable. */
export class PortalSignInRequestedEvent extends Event {
  static readonly type = 'portal-sign-in-requested';
  constructor() {
    super(PortalSignInRequestedEvent.type, {bubbles: true, composed: true, cancelable: true});
  }
}

/**
 * The patient chose to join a video visit (`view`: the provider's app or the browser view).
 * Cancelable: a host that opens the call its own way calls `preventDefault()`.
 */
export class PortalVideoJoinEvent extends Event {
  static readonly type = 'portal-video-join';
  constructor(
    readonly appointmentId: string,
    readonly view: 'app' | 'browser',
  ) {
    super(PortalVideoJoinEvent.type, {bubbles: true, composed: true, cancelable: true});
  }
}

declare global {
  interface HTMLElementEventMap {
    'portal-sign-in-requested': PortalSignInRequestedEvent;
    'portal-video-join': PortalVideoJoinEvent;
    'portal-signed-in': PortalSignedInEvent;
    'portal-signed-out': PortalSignedOutEvent;
    'portal-error': PortalErrorEvent;
    'portal-booked': PortalAppointmentEvent;
    'portal-before-book': PortalBeforeEvent;
    'portal-before-cancel': PortalBeforeEvent;
    'portal-before-reschedule': PortalBeforeEvent;
  }
}
