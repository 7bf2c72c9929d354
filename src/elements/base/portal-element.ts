/**
 * The base of every element: adapter resolution, the shared session, the page locale, the demo
 * marker, the idle-session warning, announcements and the one error path ({@link reportError}) —
 * in one place.
 *
 * Which adapter an element uses (the brief's precedence): its own `adapter` property, else its
 * own `backend` attribute (elements naming the same value share one adapter and one session),
 * else the enclosing `<patient-portal>`'s. There is no hidden global default.
 */
import {LitElement, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {ContextRoot, consume} from '@lit/context';
import {msg, str} from '@lit/localize';
import {isAbortError, isPortalError, NotSignedInError, type PortalAdapter} from '../../adapters/adapter.js';
import {adapterForBackend, sessionFor} from '../../adapters/registry.js';
import {isUnavailable} from '../../adapters/unavailable.js';
import {announce, clearAnnouncements, ensureAnnouncer} from '../../controllers/announcer.js';
import {portalContext, type PortalContextValue} from '../../controllers/portal-context.js';
import type {SessionSnapshot, SessionStore} from '../../controllers/session-store.js';
import {systemClock, type Clock} from '../../controllers/clock.js';
import {PortalErrorEvent, PortalSignInRequestedEvent, PortalSignedOutEvent} from '../../events.js';
import {
  catalogLoading,
  currentLocale,
  followDocumentLang,
  onLocaleChange,
} from '../../localization/localization.js';
import {errorMessage, formatWait} from '../../localization/error-messages.js';

export type BackendState =
  | {readonly status: 'none'}
  | {readonly status: 'loading'}
  | {readonly status: 'ready'; readonly adapter: PortalAdapter; readonly session: SessionStore}
  | {readonly status: 'unavailable'; readonly adapter: PortalAdapter};

const signedOutSnapshot: SessionSnapshot = {
  status: 'unknown',
  session: null,
  warningUntil: null,
  lastSignOut: null,
};

// An element inside <patient-portal> may be defined before the portal is (the drop-in loads each
// tag's chunk in parallel): its request for the portal's context would be lost. A context root on
// the document keeps such requests and answers them once the portal connects.
if (typeof document !== 'undefined') new ContextRoot().attach(document.documentElement);

/** Elements that may show the idle warning for a session: the first connected one does. */
const warningOwners = new WeakMap<SessionStore, Set<PortalElement>>();

/**
 * The base of every element: adapter resolution, session, locale, the idle warning and the one
 * error path. Every element inherits the two events below in the manifest.
 * @fires {PortalErrorEvent} portal-error - An operation failed (`code` and `operation` only).
 * @fires {PortalSignedOutEvent} portal-signed-out - The session ended (`reason`: user, idle, expired…), fired once per page by the element showing the idle warning.
 */
export abstract class PortalElement extends LitElement {
  /** The clock used for countdowns (tests inject a manual one). */
  clock: Clock = systemClock;

  @consume({context: portalContext, subscribe: true})
  @state()
  protected portal?: PortalContextValue;

  @state() protected backendState: BackendState = {status: 'none'};
  @state() protected sessionState: SessionSnapshot = signedOutSnapshot;
  @state() private warningTick = 0;

  /** An adapter object to use, overriding `backend` and any enclosing portal. */
  @property({attribute: false}) adapter?: PortalAdapter;

  /** `demo`, a REST base URL (`https://…` or `/portal-api`) or `fhir:https://…`. */
  @property() backend?: string;

  /** Forces a colour scheme; by default the element follows the page's `prefers-color-scheme`. */
  @property({attribute: 'color-scheme', reflect: true}) colorScheme?: 'light' | 'dark';

  private resolveSeq = 0;
  private unsubscribeSession?: () => void;
  private unsubscribeLocale?: () => void;
  private warningTimer?: unknown;
  private lifetime?: AbortController;
  private readonly onActivity = () => this.sessionStore?.noteActivity();

  override connectedCallback(): void {
    super.connectedCallback();
    ensureAnnouncer();
    followDocumentLang();
    this.unsubscribeLocale = onLocaleChange(() => this.requestUpdate());
    this.addEventListener('keydown', this.onActivity);
    this.addEventListener('pointerdown', this.onActivity);
    this.addEventListener('input', this.onActivity);
    if (this.backendState.status === 'ready') this.attachSession(this.backendState.session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeLocale?.();
    this.removeEventListener('keydown', this.onActivity);
    this.removeEventListener('pointerdown', this.onActivity);
    this.removeEventListener('input', this.onActivity);
    this.detachSession();
    this.lifetime?.abort();
    this.lifetime = undefined;
    this.stopLoad();
  }

  private loadRun?: AbortController;

  /**
   * Starts loading what the element shows: aborts the load before it (a backend or session change
   * while one runs) and returns the new one's signal, which leaving the page also aborts.
   */
  protected startLoad(): AbortSignal {
    this.loadRun?.abort();
    this.loadRun = new AbortController();
    return this.loadRun.signal;
  }

  /** Aborts the running load, if any (sign-out: nothing may answer into the cleared element). */
  protected stopLoad(): void {
    this.loadRun?.abort();
    this.loadRun = undefined;
  }

  /**
   * Aborted when the element leaves the page: the signal of every adapter call that has no
   * narrower one (a step, a list page), so nothing answers into an element that is gone.
   */
  protected get connectedSignal(): AbortSignal {
    return (this.lifetime ??= new AbortController()).signal;
  }

  /**
   * The one error path of every element: fires `portal-error` (the code and operation only), and
   * for a missing or expired session tells the shared session store, so every element on the page
   * using this backend shows signed out. Returns the localized message for the patient ('' for an
   * abort, which is not an error), and with `announce` says it once through the live region.
   */
  protected reportError(error: unknown, operation: string, announce = false): string {
    if (isAbortError(error)) return '';
    if (error instanceof NotSignedInError) this.sessionStore?.lost(error.reason);
    // Dispatched from a variable: the manifest analyzer would name an event after the constructor's
    // first argument (the class's @fires declares it).
    const event = new PortalErrorEvent(isPortalError(error) ? error.code : 'unknown', operation);
    this.dispatchEvent(event);
    const message = errorMessage(error);
    if (announce) this.announce(message, 'assertive');
    return message;
  }

  /** While the catalog piece of a lazily loaded element is loading, renders wait for it (no English flash). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = catalogLoading();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter') || changed.has('backend') || (changed as PropertyValues).has('portal'))
      this.resolveBackend();
    if (!this.colorScheme && this.portal?.colorScheme && this.getAttribute('color-scheme') === null) {
      this.setAttribute('color-scheme', this.portal.colorScheme);
    }
  }

  /** The adapter in use, once resolved. */
  protected get resolvedAdapter(): PortalAdapter | undefined {
    const s = this.backendState;
    return s.status === 'ready' || s.status === 'unavailable' ? s.adapter : undefined;
  }

  /** The adapter in use when it is usable (not the "unavailable" stand-in). */
  protected get readyAdapter(): PortalAdapter | undefined {
    return this.backendState.status === 'ready' ? this.backendState.adapter : undefined;
  }

  /** The shared session store of this element's backend. */
  protected get sessionStore(): SessionStore | undefined {
    return this.backendState.status === 'ready' ? this.backendState.session : undefined;
  }

  /** The full locale tag for Intl (e.g. `es-MX`). */
  protected get locale(): string {
    return currentLocale();
  }

  /** Called when the backend in use changes (new adapter or session); elements reload their data. */
  protected backendChanged(): void {}

  /** Called after every session change; elements drop patient data on sign-out. */
  protected sessionChanged(_previous: SessionSnapshot): void {}

  private resolveBackend() {
    const seq = ++this.resolveSeq;
    const own = this.adapter;
    const value = this.backend?.trim();
    const portal = this.portal;
    if (own) {
      this.useAdapter(own);
    } else if (value) {
      this.setBackendState({status: 'loading'});
      void adapterForBackend(value).then((a) => {
        if (seq === this.resolveSeq) this.useAdapter(a);
      });
    } else if (portal?.adapter) {
      this.useAdapter(portal.adapter, portal.session);
    } else {
      this.setBackendState(portal?.loading ? {status: 'loading'} : {status: 'none'});
    }
  }

  private useAdapter(adapter: PortalAdapter, session?: SessionStore) {
    const current = this.backendState;
    if ((current.status === 'ready' || current.status === 'unavailable') && current.adapter === adapter)
      return;
    if (isUnavailable(adapter)) {
      this.setBackendState({status: 'unavailable', adapter});
      return;
    }
    this.setBackendState({status: 'ready', adapter, session: session ?? sessionFor(adapter)});
  }

  private setBackendState(next: BackendState) {
    this.detachSession();
    this.backendState = next;
    this.sessionState = signedOutSnapshot;
    if (next.status === 'ready' && this.isConnected) this.attachSession(next.session);
    this.backendChanged();
  }

  private attachSession(store: SessionStore) {
    this.detachSession();
    let owners = warningOwners.get(store);
    if (!owners) warningOwners.set(store, (owners = new Set()));
    owners.add(this);
    this.sessionState = store.state;
    this.unsubscribeSession = store.subscribe((snapshot) => this.onSession(snapshot));
    void store.restore();
  }

  private detachSession() {
    this.unsubscribeSession?.();
    this.unsubscribeSession = undefined;
    const store = this.sessionStore;
    if (store) warningOwners.get(store)?.delete(this);
    this.clock.clearTimeout(this.warningTimer);
  }

  private onSession(snapshot: SessionSnapshot) {
    const previous = this.sessionState;
    this.sessionState = snapshot;
    const owner = this.isWarningOwner;
    if (owner && snapshot.warningUntil !== null && previous.warningUntil === null) {
      announce(
        msg('For your security you will soon be signed out. Choose “Stay signed in” to continue.', {
          id: 'session-warning-announce',
        }),
        'assertive',
      );
      this.tickWarning();
    }
    if (previous.status === 'signed-in' && snapshot.status === 'signed-out') {
      if (owner) {
        clearAnnouncements();
        const event = new PortalSignedOutEvent(snapshot.lastSignOut ?? 'user'); // see reportError
        this.dispatchEvent(event);
        if (snapshot.lastSignOut === 'idle') {
          announce(msg('You were signed out after a period of inactivity.', {id: 'session-idle-signed-out'}));
        }
      }
    }
    this.sessionChanged(previous);
  }

  /** Whether this element shows the idle warning for its session (one element per session does). */
  protected get isWarningOwner(): boolean {
    const store = this.sessionStore;
    if (!store) return false;
    const first = warningOwners.get(store)?.values().next().value;
    return first === this;
  }

  private tickWarning() {
    this.clock.clearTimeout(this.warningTimer);
    if (this.sessionState.warningUntil === null) return;
    this.warningTick++;
    this.warningTimer = this.clock.setTimeout(() => this.tickWarning(), 1000);
  }

  /** The visible "demo" marker, so no one mistakes the demo clinic for a real one. */
  protected renderDemoMarker() {
    const adapter = this.resolvedAdapter;
    // Inside a <patient-portal> on the same backend, the portal shows it once for everything in it.
    if (!adapter?.demo || this.portal?.adapter === adapter) return nothing;
    return html`<span class="demo-marker" part="demo-marker"
      >${msg('Demo clinic — not a real clinic', {id: 'demo-marker'})}</span
    >`;
  }

  /** The state shown when the backend cannot be used (unknown kind, invalid URL, not built in). */
  protected renderUnavailable() {
    return html`<div class="notice error" role="alert" part="unavailable">
      ${msg('Online services for this clinic aren’t available here right now. Please contact the clinic.', {
        id: 'backend-unavailable',
      })}
    </div>`;
  }

  /** The idle-session warning with "Stay signed in" (rendered by one element per session). */
  protected renderSessionWarning() {
    const until = this.sessionState.warningUntil;
    if (until === null || !this.isWarningOwner) return nothing;
    void this.warningTick;
    const seconds = Math.max(0, Math.round((until - this.clock.now()) / 1000));
    return html`<div
      class="notice warning session-warning"
      part="session-warning"
      role="group"
      aria-labelledby="session-warning-text"
    >
      <p id="session-warning-text">
        ${msg(str`For your security, you will be signed out in ${formatWait(seconds)}.`, {id: 'session-warning'})}
      </p>
      <div class="actions">
        <button class="primary" part="button stay-signed-in" @click=${() => void this.sessionStore?.extend()}>
          ${msg('Stay signed in', {id: 'session-stay'})}
        </button>
        <button part="button sign-out" @click=${() => void this.sessionStore?.signOut('user')}>
          ${msg('Sign out', {id: 'session-sign-out'})}
        </button>
      </div>
    </div>`;
  }

  /**
   * The signed-out prompt: `message`, and "Sign in" — a link to `href` when the host gives one,
   * else (with a `<patient-login>` on the page) a button that fires `portal-sign-in-requested`.
   */
  protected renderSignInRequest(message: string, href?: string) {
    const hasLogin = typeof document !== 'undefined' && document.querySelector('patient-login') !== null;
    const label = msg('Sign in', {id: 'apts-sign-in-button'});
    return html`<div class="notice" part="sign-in-prompt">
      <p>${message}</p>
      ${
        href
          ? html`<p><a class="button primary" part="button sign-in-button" href=${href}>${label}</a></p>`
          : hasLogin
            ? html`<div class="actions">
                <button
                  type="button"
                  class="primary"
                  part="button sign-in-button"
                  @click=${() => this.requestSignIn()}
                >
                  ${label}
                </button>
              </div>`
            : nothing
      }
    </div>`;
  }

  /** Fires `portal-sign-in-requested`; unless the host cancels it, brings the page's `<patient-login>` into view. */
  protected requestSignIn(): void {
    const event = new PortalSignInRequestedEvent(); // see reportError; declared by the elements offering it
    if (!this.dispatchEvent(event)) return;
    const login = document.querySelector<HTMLElement>('patient-login');
    if (login) {
      login.scrollIntoView({block: 'start'});
      login.focus();
    }
  }

  /** Says something once to screen readers, through the page's one live region. */
  protected announce(message: string, politeness: 'polite' | 'assertive' = 'polite'): void {
    if (message) announce(message, politeness);
  }
}

// Controllers most elements use, re-exported from the base: elements import them from here, so each
// element chunk of the drop-in build has one import line from the base chunk instead of one per
// controller chunk (bytes on every page).
export {OnlineController} from '../../controllers/online.js';
export {ClinicSetupController} from '../../controllers/clinic-setup.js';
