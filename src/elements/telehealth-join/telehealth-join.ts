import {html, nothing, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {isAbortError, NotFoundError} from '../../adapters/adapter.js';
import type {Appointment, Clinic, VideoJoin} from '../../domain/types.js';
import {parseInstant} from '../../domain/time.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {ClinicSetupController} from '../base/portal-element.js';
import {OnlineController} from '../base/portal-element.js';
import {PortalVideoJoinEvent} from '../../events.js';
import {errorMessage, needsSignIn} from '../../localization/error-messages.js';
import {formatDateTime, formatRelativeCountdown, formatTime, toPlainDate} from '../../localization/format.js';
import {loadPhoneTools, phoneToolsIfLoaded} from '../../domain/phone.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {appointmentDate, appointmentTime, serviceNames} from '../appointment-list/appointment-parts.js';
import {
  deviceKind,
  installLink,
  safeJoinUrl,
  videoProvider,
  withMediaChoices,
  type DeviceKind,
} from '../../telehealth/join-links.js';
import type {DeviceCheck} from '../device-check/device-check.js';
import {styles} from './telehealth-join.styles.js';

type VisitState =
  | {readonly kind: 'loading'}
  | {readonly kind: 'none'}
  | {readonly kind: 'not-video'}
  | {readonly kind: 'not-found'}
  | {readonly kind: 'error'; readonly error: unknown}
  | {readonly kind: 'ready'; readonly appointment: Appointment; readonly join: VideoJoin};

/** Re-asks the backend at least this often while a visit can still change (the clinic may open early). */
const POLL_MS = 60_000;

/**
 * From "my video visit is today" to being in the call. For one video visit — `appointment-id`, or
 * by default the patient's next one — it shows when and with whom, and the room's state by the
 * backend's clock: not open yet (with a countdown to when the clinic opens it), open, in progress,
 * ended or cancelled. While the room is open, **Join now** opens the video provider's app and
 * **Join in the browser (simplified view)** its web view; the links come from the backend only
 * then, and only `https:` links on the clinic's allow-listed hosts (or the provider's own app
 * scheme) are ever opened. Before joining, the patient can check camera, microphone, speakers and
 * connection (`<device-check>`, loaded when asked for); the camera and microphone choices
 * go to the provider where its links accept them, and the chosen devices are named otherwise.
 * "Having trouble?" holds the clinic's troubleshooting: rejoin in the simplified view and turn
 * audio and video on, how to install the app on this device, and the clinic's phone number.
 *
 * @summary Check devices and join a video visit.
 * @csspart header - The title bar.
 * @csspart visit - The visit's date, time, service and provider.
 * @csspart state - The room's state and countdown.
 * @csspart join - The join buttons.
 * @csspart join-app - "Join now" (the provider's app).
 * @csspart join-browser - "Join in the browser (simplified view)".
 * @csspart check-button - "Check your camera, microphone and connection".
 * @csspart device-check - The device check.
 * @csspart help - "Having trouble?".
 * @csspart button - Every button and button-like link.
 * @csspart sign-in-prompt - The signed-out prompt (and `sign-in-button`).
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Buttons and links.
 * @cssprop --portal-color-success - The open room.
 * @fires {PortalVideoJoinEvent} portal-video-join - The patient chose to join (`appointmentId`, `view`: `app` or `browser`); cancelable.
 * @fires {PortalDeviceCheckEvent} portal-device-check - A device check finished (from the check inside).
 * @fires {PortalDeviceChoicesEvent} portal-device-choices - Camera or microphone turned on or off in the check inside (`audio`, `video`).
 * @fires {PortalSignInRequestedEvent} portal-sign-in-requested - Signed out, the patient chose "Sign in" (cancelable).
 * @fires {PortalErrorEvent} portal-error - Loading failed (error code and operation).
 * @tagname telehealth-join
 */
export class TelehealthJoin extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  /** The video visit; without it, the patient's next video visit. */
  @property({attribute: 'appointment-id'}) appointmentId?: string;

  /** Where "Sign in" goes when signed out; without it, `portal-sign-in-requested` is fired. */
  @property({attribute: 'sign-in-href'}) signInHref?: string;

  /** Where "Book a video visit" goes when the patient has none. */
  @property({attribute: 'book-href'}) bookHref?: string;

  @state() private visit: VisitState = {kind: 'loading'};
  @state() private checkOpen = false;
  @state() private checkLoaded = false;
  @state() private checkFailed = false;
  @state() private tick = 0;
  @state() private phoneShown?: string;

  private controller?: AbortController;
  private refreshTimer?: unknown;
  private tickTimer?: unknown;
  private loadSeq = 0;
  private device: DeviceKind = typeof navigator !== 'undefined' ? deviceKind() : 'desktop';
  private readonly clinicSetup = new ClinicSetupController(this, {
    adapter: () => this.readyAdapter,
    onReady: () => {
      if (this.sessionState.status === 'signed-in') void this.loadVisit();
    },
    onError: (e) => this.reportError(e, 'getClinic'),
  });
  private readonly network = new OnlineController(this, (online, was) => {
    if (was || !online) return;
    if (this.visit.kind === 'ready') void this.refresh();
    else void this.loadVisit();
  });
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible' && this.visit.kind === 'ready') void this.refresh();
  };
  private readonly onAppointmentChanged = () => {
    if (this.sessionState.status === 'signed-in') void this.loadVisit();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
    for (const type of ['portal-booked', 'portal-cancelled', 'portal-rescheduled'])
      document.addEventListener(type, this.onAppointmentChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
    for (const type of ['portal-booked', 'portal-cancelled', 'portal-rescheduled'])
      document.removeEventListener(type, this.onAppointmentChanged);
    this.controller?.abort();
    this.clearTimers();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    if (changed.has('appointmentId') && changed.get('appointmentId') !== undefined && this.setup) {
      void this.loadVisit();
    }
  }

  protected override backendChanged(): void {
    this.dropVisit();
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    const now = this.sessionState.status;
    if (now === 'signed-in' && previous.status !== 'signed-in') void this.loadVisit();
    if (now !== 'signed-in' && previous.status === 'signed-in') this.dropVisit();
  }

  private dropVisit() {
    this.controller?.abort();
    this.clearTimers();
    this.visit = {kind: 'loading'};
    this.checkOpen = false;
    this.deviceCheck?.stop();
  }

  private clearTimers() {
    this.clock.clearTimeout(this.refreshTimer);
    this.clock.clearTimeout(this.tickTimer);
    this.refreshTimer = undefined;
    this.tickTimer = undefined;
  }

  private get setup() {
    return this.clinicSetup.value;
  }

  private get offline(): boolean {
    return !this.network.online;
  }

  private get serverNow(): number {
    return this.clinicSetup.serverNow;
  }

  private get deviceCheck(): DeviceCheck | null {
    return this.renderRoot?.querySelector?.('device-check') ?? null;
  }

  /** Finds the visit (the given one, or the next video visit) and its room's state. */
  private async loadVisit() {
    const adapter = this.resolvedAdapter;
    const setup = this.setup;
    if (!adapter || !setup || this.sessionState.status !== 'signed-in') return;
    if (!setup.caps.telehealth) return;
    const seq = ++this.loadSeq;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    this.clearTimers();
    if (this.visit.kind !== 'ready') this.visit = {kind: 'loading'};
    try {
      let appointment: Appointment | undefined;
      if (this.appointmentId) {
        appointment = await adapter.getAppointment(this.appointmentId, {signal});
        if (appointment.mode !== 'video') {
          if (seq === this.loadSeq) this.visit = {kind: 'not-video'};
          return;
        }
      } else {
        const page = await adapter.listAppointments({when: 'upcoming', limit: 50}, {signal});
        appointment = [...page.items]
          .filter((a) => a.mode === 'video')
          .sort((a, b) => parseInstant(a.start) - parseInstant(b.start))[0];
        if (!appointment) {
          if (seq === this.loadSeq) this.visit = {kind: 'none'};
          return;
        }
      }
      const join = await adapter.getVideoJoin(appointment.id, {signal});
      if (seq !== this.loadSeq) return;
      this.setVisit(appointment, join);
    } catch (error) {
      if (isAbortError(error) || seq !== this.loadSeq) return;
      if (!needsSignIn(error))
        this.visit = error instanceof NotFoundError ? {kind: 'not-found'} : {kind: 'error', error};
      this.reportError(error, 'getVideoJoin');
    }
  }

  /** Asks for the room's state again (a boundary passed, the tab came back, the network returned). */
  private async refresh() {
    const adapter = this.resolvedAdapter;
    const v = this.visit;
    if (!adapter || v.kind !== 'ready') return;
    const seq = ++this.loadSeq;
    try {
      const join = await adapter.getVideoJoin(v.appointment.id, {signal: this.connectedSignal});
      if (seq === this.loadSeq) this.setVisit(v.appointment, join);
    } catch (error) {
      if (seq !== this.loadSeq || isAbortError(error)) return;
      // Signed out elsewhere or expired: the shared session hears it (and this element drops the visit).
      if (needsSignIn(error)) return void this.reportError(error, 'getVideoJoin');
      // Keep what is shown; try again at the next poll.
      this.scheduleRefresh(POLL_MS);
    }
  }

  private setVisit(appointment: Appointment, join: VideoJoin) {
    const before = this.visit.kind === 'ready' ? this.visit.join.state : undefined;
    this.visit = {kind: 'ready', appointment, join};
    if (before && before !== join.state) this.announceState(join);
    if (join.state === 'ended' || join.state === 'cancelled') {
      this.clearTimers();
      this.deviceCheck?.stop();
      return;
    }
    // Next boundary by the server's clock: the room opening, the start, the end.
    const now = this.serverNow;
    const boundaries = [join.opensAt, appointment.start, join.endsAt]
      .map(parseInstant)
      .filter((t) => t > now);
    const next = boundaries.length > 0 ? Math.min(...boundaries) - now + 250 : POLL_MS;
    this.scheduleRefresh(Math.min(next, POLL_MS));
    this.scheduleTick();
  }

  private scheduleRefresh(ms: number) {
    this.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = this.clock.setTimeout(() => void this.refresh(), ms);
  }

  /** The countdown ticks every second in its last two hours, every minute before. */
  private scheduleTick() {
    this.clock.clearTimeout(this.tickTimer);
    const v = this.visit;
    if (v.kind !== 'ready' || v.join.state !== 'not-open') return;
    const left = parseInstant(v.join.opensAt) - this.serverNow;
    this.tickTimer = this.clock.setTimeout(
      () => {
        this.tick++;
        this.scheduleTick();
      },
      left < 2 * 3_600_000 ? 1000 : 60_000,
    );
  }

  private announceState(join: VideoJoin) {
    switch (join.state) {
      case 'open':
        this.announce(msg('The video room is open. You can join now.', {id: 'th-announce-open'}));
        break;
      case 'in-progress':
        this.announce(msg('Your video visit has started. You can join now.', {id: 'th-announce-started'}));
        break;
      case 'ended':
        this.announce(msg('This video visit has ended.', {id: 'th-state-ended'}));
        break;
      case 'cancelled':
        this.announce(msg('This video visit was cancelled.', {id: 'th-state-cancelled'}));
        break;
      default:
        break;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Device check and joining

  private async openCheck() {
    this.checkOpen = true;
    this.checkFailed = false;
    try {
      await import('../../define/device-check.js');
      this.checkLoaded = true;
      await this.updateComplete;
      this.deviceCheck?.updateComplete.then(() =>
        this.deviceCheck?.shadowRoot?.querySelector<HTMLElement>('[role="heading"]')?.focus(),
      );
    } catch {
      this.checkFailed = true;
    }
  }

  private closeCheck() {
    this.deviceCheck?.stop();
    this.checkOpen = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[part~="check-button"]')?.focus(),
    );
  }

  private onJoinClick(e: Event, view: 'app' | 'browser') {
    const v = this.visit;
    if (v.kind !== 'ready') return;
    const event = new PortalVideoJoinEvent(v.appointment.id, view);
    if (!this.dispatchEvent(event)) {
      e.preventDefault();
      return;
    }
    // The call needs the camera and microphone: the preview lets go of them first.
    this.deviceCheck?.stop();
  }

  private async showPhone() {
    const phone = this.setup?.clinic.phone;
    if (!phone) return;
    try {
      const tools = phoneToolsIfLoaded() ?? (await loadPhoneTools());
      this.phoneShown = tools.format(phone, 'international');
    } catch {
      this.phoneShown = phone;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderVisit(a: Appointment, clinic: Clinic) {
    return html`<div class="visit" part="visit">
      <p class="when">
        <strong
          >${
            toPlainDate(a.start, clinic.timeZone) === toPlainDate(new Date(this.serverNow), clinic.timeZone)
              ? msg(str`Today, ${appointmentDate(a, this.locale, clinic.timeZone)}`, {id: 'th-today'})
              : appointmentDate(a, this.locale, clinic.timeZone)
          }</strong
        >
        <span>${appointmentTime(a, this.locale, clinic.timeZone)}</span>
      </p>
      <p>
        ${msg(str`${serviceNames(a, this.locale, clinic)} with ${a.providerName}`, {id: 'th-visit-with'})}
      </p>
    </div>`;
  }

  private renderState(a: Appointment, join: VideoJoin, clinic: Clinic): TemplateResult {
    void this.tick;
    const tz = clinic.timeZone;
    const now = this.serverNow;
    const opens = parseInstant(join.opensAt);
    const zone = tz;
    switch (join.state) {
      case 'not-open': {
        const sameDay = toPlainDate(join.opensAt, zone) === toPlainDate(new Date(now), zone);
        const at = sameDay
          ? formatTime(join.opensAt, this.locale, zone)
          : formatDateTime(join.opensAt, this.locale, zone);
        const left = formatRelativeCountdown(Math.max(0, opens - now), this.locale);
        return html`<div class="state waiting" part="state">
          <p class="state-title">
            ${
              sameDay
                ? msg(str`The video room opens at ${at}`, {id: 'th-opens-at'})
                : msg(str`The video room opens on ${at}`, {id: 'th-opens-on'})
            }
          </p>
          <p role="timer" aria-live="off" class="countdown">
            ${msg(str`Opens ${left}`, {id: 'th-opens-in'})}
          </p>
          <p>
            ${msg('Use the time to check your camera, microphone and connection.', {id: 'th-use-the-time'})}
          </p>
        </div>`;
      }
      case 'open':
        return html`<div class="state open" part="state">
          <p class="state-title">${msg('The video room is open', {id: 'th-state-open'})}</p>
          <p>
            ${msg(
              str`Join when you’re ready. Your visit starts at ${formatTime(a.start, this.locale, tz)}.`,
              {
                id: 'th-open-detail',
              },
            )}
          </p>
        </div>`;
      case 'in-progress':
        return html`<div class="state open" part="state">
          <p class="state-title">${msg('Your video visit has started', {id: 'th-state-started'})}</p>
          <p>
            ${msg(str`It started at ${formatTime(a.start, this.locale, tz)}. Join now.`, {
              id: 'th-started-detail',
            })}
          </p>
        </div>`;
      case 'ended':
        return html`<div class="state closed" part="state">
          <p class="state-title">${msg('This video visit has ended.', {id: 'th-state-ended'})}</p>
          <p>${msg('If you couldn’t join, please call the clinic.', {id: 'th-ended-detail'})}</p>
        </div>`;
      case 'cancelled':
        return html`<div class="state closed" part="state">
          <p class="state-title">${msg('This video visit was cancelled.', {id: 'th-state-cancelled'})}</p>
          ${
            this.bookHref
              ? html`<p>
                  <a href=${this.bookHref}>${msg('Book another visit', {id: 'th-book-another'})}</a>
                </p>`
              : nothing
          }
        </div>`;
    }
  }

  private joinLinks(join: VideoJoin, clinic: Clinic) {
    const settings = clinic.telehealth;
    const app = safeJoinUrl(join.appUrl, settings, {app: true});
    let web = safeJoinUrl(join.webUrl, settings);
    const check = this.deviceCheck;
    if (web && check && this.checkOpen) {
      const choices = check.choices;
      // The provider may take the choices in its link; a link rewritten so is checked again.
      web = safeJoinUrl(withMediaChoices(web, join.provider, choices), settings) ?? web;
    }
    const refused = (join.appUrl !== undefined && !app) || (join.webUrl !== undefined && !web);
    return {app: app !== web ? app : undefined, web, refused};
  }

  private renderJoin(a: Appointment, join: VideoJoin, clinic: Clinic) {
    if (join.state !== 'open' && join.state !== 'in-progress') return nothing;
    if (this.offline) {
      return html`<p class="notice warning" part="offline">
        ${msg('You’re offline. Reconnect to the internet to join your visit.', {id: 'th-offline'})}
      </p>`;
    }
    const {app, web, refused} = this.joinLinks(join, clinic);
    if (!app && !web) {
      return html`<p class="notice error" role="alert" part="join-refused">
        ${
          refused
            ? msg('This video link can’t be opened safely. Please call the clinic.', {
                id: 'apts-join-refused',
              })
            : msg('The video link isn’t ready yet. Please try again in a moment.', {id: 'th-link-missing'})
        }
      </p>`;
    }
    const target = (url: string) => (url.startsWith('https:') ? '_blank' : nothing);
    return html`<div class="join" part="join">
        ${
          app
            ? html`<a
                class="button primary"
                part="button join-app"
                href=${app}
                target=${target(app)}
                rel="noopener noreferrer"
                @click=${(e: Event) => this.onJoinClick(e, 'app')}
                >${msg('Join now', {id: 'th-join-now'})}</a
              >`
            : nothing
        }
        ${
          web
            ? html`<a
                class="button ${app ? '' : 'primary'}"
                part="button join-browser"
                href=${web}
                target="_blank"
                rel="noopener noreferrer"
                @click=${(e: Event) => this.onJoinClick(e, 'browser')}
                >${msg('Join in the browser (simplified view)', {id: 'th-join-browser'})}</a
              >`
            : nothing
        }
      </div>
      <p class="hint">
        ${
          app && web
            ? msg('“Join now” opens the video app if you have it. The browser view needs no app.', {
                id: 'th-join-hint',
              })
            : msg('The call opens in a new tab.', {id: 'th-join-hint-tab'})
        }
      </p>
      ${this.renderDeviceNames()}`;
  }

  /** After a check: the devices to pick again in the call, for providers that can't be told. */
  private renderDeviceNames() {
    const check = this.checkOpen ? this.deviceCheck : null;
    if (!check) return nothing;
    const c = check.choices;
    const items: [string, string][] = [];
    if (c.camera) items.push([msg('Camera', {id: 'dc-camera'}), c.camera]);
    if (c.microphone) items.push([msg('Microphone', {id: 'dc-microphone'}), c.microphone]);
    if (c.speakers) items.push([msg('Speakers', {id: 'dc-speakers'}), c.speakers]);
    if (items.length === 0) return nothing;
    return html`<div class="devices" part="devices">
      <p>${msg('In the call, choose the same devices you checked:', {id: 'th-same-devices'})}</p>
      <dl>
        ${items.map(
          ([k, v]) =>
            html`<div>
              <dt>${k}</dt>
              <dd>${v}</dd>
            </div>`,
        )}
      </dl>
    </div>`;
  }

  private renderCheck(join: VideoJoin) {
    if (join.state === 'ended' || join.state === 'cancelled') return nothing;
    if (!this.checkOpen) {
      return html`<p class="check-open">
        <button part="button check-button" @click=${() => void this.openCheck()}>
          ${msg('Check your camera, microphone and connection', {id: 'dc-title'})}
        </button>
      </p>`;
    }
    if (this.checkFailed) {
      return html`<p class="notice error" role="alert">
        ${msg('The device check couldn’t be loaded. Check your connection and try again.', {
          id: 'th-check-load-failed',
        })}
        <button part="button" @click=${() => void this.openCheck()}>
          ${msg('Try again', {id: 'dc-try-again'})}
        </button>
      </p>`;
    }
    if (!this.checkLoaded) return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
    return html`<div class="check-box">
      <device-check
        part="device-check"
        exportparts="button, result, preview, meter, select, summary"
        heading-level="3"
        .adapter=${this.resolvedAdapter}
        color-scheme=${this.colorScheme ?? nothing}
        @portal-device-check=${() => this.requestUpdate()}
        @portal-device-choices=${() => this.requestUpdate()}
      ></device-check>
      <button part="button" @click=${() => this.closeCheck()}>
        ${msg('Close the check', {id: 'th-check-close'})}
      </button>
    </div>`;
  }

  private renderHelp(join: VideoJoin, clinic: Clinic) {
    const provider = videoProvider(join.provider);
    const name = provider?.name;
    const install = installLink(join.provider, this.device);
    const phone = clinic.phone;
    return html`<details
      class="help"
      part="help"
      @toggle=${(e: Event) => {
        if ((e.target as HTMLDetailsElement).open && !this.phoneShown) void this.showPhone();
      }}
    >
      <summary>${msg('Having trouble joining?', {id: 'th-help'})}</summary>
      <div class="help-body">
        <h3>${msg('Video problems in the app', {id: 'th-help-app-title'})}</h3>
        <ol>
          <li>${msg('Leave the call.', {id: 'th-help-leave'})}</li>
          <li>
            ${msg('Come back here and choose “Join in the browser (simplified view)”.', {
              id: 'th-help-rejoin',
            })}
          </li>
          <li>
            ${msg(
              'When you are in, select the microphone and camera buttons to turn your audio and video on.',
              {
                id: 'th-help-turn-on',
              },
            )}
          </li>
        </ol>
        ${
          name
            ? html`<h3>${msg(str`Installing ${name}`, {id: 'th-help-install-title'})}</h3>
                <p>
                  ${
                    install
                      ? html`${
                            this.device === 'desktop'
                              ? msg(
                                  str`Download ${name} for your computer, open the installer and follow its steps. Then come back and choose “Join now”.`,
                                  {id: 'th-help-install-desktop'},
                                )
                              : msg(
                                  str`Install ${name} from your phone’s app store, then come back and choose “Join now”.`,
                                  {id: 'th-help-install-phone'},
                                )
                          }
                          <a href=${install} target="_blank" rel="noopener noreferrer"
                            >${msg(str`Get ${name}`, {id: 'th-help-install-link'})}</a
                          >`
                      : msg(
                          str`On a computer you don’t need to install ${name}: choose “Join in the browser”.`,
                          {
                            id: 'th-help-no-install',
                          },
                        )
                  }
                </p>`
            : nothing
        }
        <h3>${msg('Still can’t join?', {id: 'th-help-call-title'})}</h3>
        <p>
          ${msg('Call the clinic and they will help you, or see you by phone:', {id: 'th-help-call'})}
          <a href="tel:${phone}">${this.phoneShown ?? phone}</a>
        </p>
      </div>
    </details>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const s = this.backendState;
    if (s.status === 'none')
      return html`<p class="notice">
        ${msg('Video visits aren’t set up on this page.', {id: 'th-no-backend'})}
      </p>`;
    if (s.status === 'unavailable') return this.renderUnavailable();
    if (this.clinicSetup.error)
      return html`<div class="notice error" role="alert">
        <p>${errorMessage(this.clinicSetup.error)}</p>
        <button part="button" @click=${() => this.clinicSetup.retry()}>
          ${msg('Try again', {id: 'dc-try-again'})}
        </button>
      </div>`;
    const setup = this.setup;
    if (s.status === 'loading' || !setup)
      return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
    if (!setup.caps.telehealth)
      return html`<p class="notice">
        ${msg('This clinic doesn’t offer video visits online. Please contact the clinic.', {id: 'th-not-offered'})}
      </p>`;
    if (this.sessionState.status !== 'signed-in') {
      if (this.sessionState.status === 'unknown')
        return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
      return this.renderSignInRequest(
        msg('Please sign in to join your video visit.', {id: 'th-sign-in'}),
        this.signInHref,
      );
    }
    const v = this.visit;
    switch (v.kind) {
      case 'loading':
        return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
      case 'none':
        return html`<div class="notice">
          <p>${msg('You have no upcoming video visits.', {id: 'th-none'})}</p>
          ${
            this.bookHref
              ? html`<p><a href=${this.bookHref}>${msg('Book a video visit', {id: 'th-book'})}</a></p>`
              : nothing
          }
        </div>`;
      case 'not-video':
        return html`<p class="notice">
          ${msg('This appointment is an in-person visit.', {id: 'th-not-video'})}
        </p>`;
      case 'not-found':
        return html`<p class="notice error" role="alert">
          ${msg('This video visit wasn’t found. It may have been moved or cancelled.', {id: 'th-not-found'})}
        </p>`;
      case 'error':
        return html`<div class="notice error" role="alert">
          <p>${errorMessage(v.error)}</p>
          <button part="button" @click=${() => void this.loadVisit()}>
            ${msg('Try again', {id: 'dc-try-again'})}
          </button>
        </div>`;
      case 'ready': {
        const {appointment, join} = v;
        return html`${this.renderVisit(appointment, setup.clinic)}
        ${this.renderState(appointment, join, setup.clinic)}
        ${this.renderJoin(appointment, join, setup.clinic)} ${this.renderCheck(join)}
        ${this.renderHelp(join, setup.clinic)}`;
      }
    }
  }

  override render() {
    // A region named "Video visit" on a page of its own; inside a <patient-portal> the portal's
    // section of that name is the region already (two of one name would confuse landmark lists).
    return html`<section aria-labelledby=${this.portal ? nothing : 'title'}>
      <div class="header" part="header">
        <h2 id="title">${msg('Video visit', {id: 'th-title'})}</h2>
        ${this.renderDemoMarker()}
      </div>
      ${this.renderSessionWarning()}
      ${
        this.offline && this.visit.kind !== 'ready'
          ? html`<p class="notice warning">
              ${msg('You’re offline. Reconnect to the internet to join your visit.', {id: 'th-offline'})}
            </p>`
          : nothing
      }
      ${this.renderBody()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'telehealth-join': TelehealthJoin;
  }
}
