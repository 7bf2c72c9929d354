/**
 * The whole portal inside `<patient-portal>` (its "shell"), loaded only when the portal shows it:
 * a page that uses `<patient-portal>` as a provider around its own elements never loads this.
 *
 * Signed out: `<patient-login>`. Signed in: a home (the next appointment with its actions, what
 * needs doing before a visit, shortcuts) and a navigation to the sections whose elements exist and
 * that the backend's capabilities and the `sections` attribute allow. Each section's element is
 * defined (its chunk loaded) the first time it is opened. Navigation is a real `<nav>` of links;
 * the current one has `aria-current="page"`; after a change focus moves to the section's heading.
 * With `routing="hash"` (the default) the section lives in the URL fragment (`#portal/profile`,
 * never patient data), so Back and Forward work; with `routing="none"` the host routes: the
 * `section` property and the cancelable `portal-navigate` event.
 */
import {css, html, nothing, type ReactiveController, type ReactiveControllerHost} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  type Capabilities,
  type PortalAdapter,
  type PortalPerson,
} from '../../adapters/adapter.js';
import type {Appointment, Clinic, Language} from '../../domain/types.js';
import {formatOnFile} from '../../domain/phone.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {errorMessage} from '../../localization/error-messages.js';
import {formatDateTime, pickText, timeZoneLabel} from '../../localization/format.js';
import {currentLocale} from '../../localization/localization.js';
import {announce} from '../../controllers/announcer.js';
import type {ProxyInvitationPrompt} from './proxy-invitation-prompt.js';

/** Every section the portal knows, in navigation order. */
export const PORTAL_SECTIONS = [
  'home',
  'appointments',
  'book',
  'video',
  'forms',
  'documents',
  'billing',
  'messages',
  'profile',
  'reminders',
] as const;
export type PortalSection = (typeof PORTAL_SECTIONS)[number];

const loaders: Readonly<Record<Exclude<PortalSection, 'home'>, () => Promise<unknown>>> = {
  appointments: () => import('../../define/appointment-list.js'),
  book: () => import('../../define/booking-widget.js'),
  video: () => import('../../define/telehealth-join.js'),
  forms: () => import('../../define/patient-forms.js'),
  documents: () => import('../../define/patient-documents.js'),
  billing: () => import('../../define/patient-billing.js'),
  messages: () => import('../../define/patient-messages.js'),
  profile: () => import('../../define/patient-profile.js'),
  reminders: () => import('../../define/reminder-prefs.js'),
};

/** What the shell needs from the portal element. */
export interface ShellHost extends ReactiveControllerHost, HTMLElement {
  /** The portal's own backend (the clinic, the capabilities). */
  readonly shellAdapter: PortalAdapter | undefined;
  /** The backend acting for the person shown: the patient's own, or a family member's. */
  readonly shellPersonAdapter: PortalAdapter | undefined;
  /** The family member shown, unset for the patient herself. */
  person?: PortalPerson;
  listPeople(): Promise<readonly PortalPerson[]>;
  readonly shellSession: SessionSnapshot;
  /** The `sections` attribute (space-separated), or ''. */
  readonly sections: string;
  /** `hash` (default) or `none`. */
  readonly routing: string;
  section: string;
  signOut(): void;
  setLanguage(language: Language): void;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Fired before the portal changes section; cancel it to route yourself (`routing="none"`). */
export class PortalNavigateEvent extends Event {
  static readonly type = 'portal-navigate';
  constructor(
    /** The section asked for (`home`, `appointments`, `book`, `video`, `forms`, `profile`, `reminders`). */
    readonly section: string,
  ) {
    super(PortalNavigateEvent.type, {bubbles: true, composed: true, cancelable: true});
  }
}

const HASH_PREFIX = '#portal/';
/** An invitation's link (`PROXY_INVITATION_FRAGMENT` of `rules/proxy-invitation.ts`, not imported: its rules stay out of this chunk). */
const INVITATION_KEY = 'portal-proxy-invitation';

/** The sections an appointments-only grant shows (`rules/proxy.ts`). */
const VISIT_SECTIONS: ReadonlySet<PortalSection> = new Set([
  'home',
  'appointments',
  'book',
  'video',
  'reminders',
]);

export class PortalShell implements ReactiveController {
  private caps?: Capabilities;
  private clinic?: Clinic;
  private next?: Appointment | null;
  private homeError?: unknown;
  /** The patient's unread messages (the "Messages" link says how many), once known. */
  private unread = 0;
  /** The patient and the family members she may act for (family members, #21), once loaded. */
  private people: readonly PortalPerson[] = [];
  private peopleFor?: string;
  private readonly onMessages = () => void this.loadUnread();
  private loadedFor?: PortalAdapter;
  private homeFor?: string;
  private defined = new Set<string>();
  private focusPending = false;
  private controller?: AbortController;
  private readonly onHash = () => this.fromHash();
  /** An invitation's link being answered (family members, #21): its part, loaded with the link. */
  private invitation?: ProxyInvitationPrompt;
  private promptFocus = false;
  private readonly onSaved = (e: Event) => {
    const language = (e as Event & {language?: Language}).language;
    // A family member's language is hers: the portal keeps the account holder's.
    if (language && !this.host.person) this.host.setLanguage(language);
  };

  constructor(private readonly host: ShellHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHash);
    this.host.addEventListener('portal-profile-saved', this.onSaved);
    this.host.addEventListener('portal-messages-changed', this.onMessages);
    this.fromHash();
  }

  hostDisconnected(): void {
    this.showLogin(false);
    window.removeEventListener('hashchange', this.onHash);
    this.host.removeEventListener('portal-profile-saved', this.onSaved);
    this.host.removeEventListener('portal-messages-changed', this.onMessages);
    this.controller?.abort();
  }

  hostUpdate(): void {
    const adapter = this.host.shellAdapter;
    if (adapter !== this.loadedFor) {
      this.loadedFor = adapter;
      this.caps = undefined;
      this.clinic = undefined;
      this.next = undefined;
      this.homeFor = undefined;
      if (adapter) void this.loadClinic(adapter);
    }
    const s = this.host.shellSession;
    if (s.status !== 'signed-in') {
      // Nothing about the patient stays after sign-out.
      this.next = undefined;
      this.homeError = undefined;
      this.homeFor = undefined;
      this.unread = 0;
      this.people = [];
      this.peopleFor = undefined;
      if (s.status === 'signed-out') this.showLogin(true);
    } else if (adapter) {
      if (this.peopleFor !== s.session?.id) {
        this.peopleFor = s.session?.id;
        void this.loadPeople();
      }
      // The home is the person's shown: hers, or (acting for her) her family member's.
      const homeKey = `${s.session?.id} ${this.host.person?.id ?? ''}`;
      const personAdapter = this.host.shellPersonAdapter;
      if (personAdapter && this.homeFor !== homeKey) {
        this.homeFor = homeKey;
        this.next = undefined;
        this.unread = 0;
        void this.loadHome(personAdapter);
        void this.loadUnread();
      }
    }
    if (s.status === 'signed-in') this.showLogin(false);
    this.invitation?.session(s.status === 'signed-in' ? s.session?.id : undefined, adapter);
    const current = this.current;
    if (current !== 'home' && s.status === 'signed-in' && !this.defined.has(current)) {
      this.defined.add(current);
      void loaders[current]().then(() => this.host.requestUpdate());
    }
  }

  /**
   * `<patient-login>` goes in the portal's light DOM (marked as the shell's), not in its shadow
   * root: its forms live in its own light DOM so that password managers see them in the document,
   * and its styles are the document's.
   */
  private showLogin(on: boolean) {
    const existing = this.host.querySelector(':scope > patient-login[data-portal-shell]');
    if (on && !existing) {
      void import('../../define/patient-login.js');
      const login = document.createElement('patient-login');
      login.setAttribute('data-portal-shell', '');
      this.host.append(login);
    } else if (!on && existing) existing.remove();
  }

  hostUpdated(): void {
    if (this.promptFocus) {
      this.promptFocus = false;
      this.host.renderRoot.querySelector<HTMLElement>('#proxy-invitation-title')?.focus();
    }
    if (!this.focusPending) return;
    this.focusPending = false;
    this.host.renderRoot.querySelector<HTMLElement>('#portal-section-title')?.focus();
  }

  // ------------------------------------------------------------------------------------------

  /** The sections this portal shows: existing elements, allowed by the backend and `sections`. */
  get available(): PortalSection[] {
    const chosen = this.host.sections.trim().split(/\s+/).filter(Boolean);
    const caps = this.caps;
    // Acting for a family member under an appointments-only grant: her visits and reminders only.
    const visitsOnly = this.host.person?.scope === 'appointments';
    // Acting for a teenager whose messages and documents are her own (`PortalPerson.confidential`).
    const ownSections = this.host.person?.confidential === true;
    return PORTAL_SECTIONS.filter((s) => {
      if (s !== 'home' && chosen.length > 0 && !chosen.includes(s)) return false;
      if (visitsOnly && !VISIT_SECTIONS.has(s)) return false;
      if (ownSections && (s === 'messages' || s === 'documents')) return false;
      if (s === 'video') return caps?.telehealth === true;
      if (s === 'profile') return caps?.profile === true;
      if (s === 'forms') return caps?.forms === true;
      if (s === 'documents') return caps?.documents === true;
      if (s === 'billing') return caps?.billing === true;
      if (s === 'messages') return caps?.messages === true;
      return true;
    });
  }

  get current(): PortalSection {
    const s = this.host.section as PortalSection;
    return this.available.includes(s) ? s : 'home';
  }

  private fromHash() {
    if (location.hash.startsWith(`#${INVITATION_KEY}=`)) this.takeInvitation();
    if (this.host.routing === 'none') return;
    const hash = location.hash;
    // An emailed link adds the language after the section (`#portal/documents&lang=es`).
    // The email-change link (`#portal-email-change=…`, to the new address) opens the profile, whose
    // element completes it and takes the token out of the address bar.
    const section = hash.startsWith(HASH_PREFIX)
      ? hash.slice(HASH_PREFIX.length).split('&')[0]!
      : hash.startsWith('#portal-email-change=')
        ? 'profile'
        : 'home';
    if (section !== this.host.section) {
      this.host.section = section;
      this.focusPending = hash.startsWith(HASH_PREFIX) || this.host.section !== 'home';
    }
  }

  /**
   * Takes an invitation's token out of the address bar (kept in memory only) and loads the part
   * that answers it once she is signed in (`proxy-invitation-prompt.ts`).
   */
  private takeInvitation() {
    const token = new URLSearchParams(location.hash.slice(1)).get(INVITATION_KEY);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    if (!token) return;
    void import('./proxy-invitation-prompt.js').then(({ProxyInvitationPrompt}) => {
      this.invitation = new ProxyInvitationPrompt(
        {
          requestUpdate: () => this.host.requestUpdate(),
          // Accepted: the person switcher offers the one who invited her.
          accepted: () => {
            this.peopleFor = undefined;
            this.host.requestUpdate();
          },
          focusPrompt: () => {
            this.promptFocus = true;
            this.host.requestUpdate();
          },
        },
        token,
      );
      this.host.requestUpdate();
    });
  }

  /** Goes to a section (from a link or a button): the event first, then the URL or the property. */
  navigate(section: PortalSection, e?: Event): void {
    const event = new PortalNavigateEvent(section);
    this.host.dispatchEvent(event);
    if (event.defaultPrevented || this.host.routing === 'none') {
      e?.preventDefault();
      if (!event.defaultPrevented) {
        this.host.section = section;
        this.focusPending = true;
      }
      return;
    }
    // The link's own href changes the fragment (a history entry); hashchange does the rest.
    if (!e) location.hash = `${HASH_PREFIX}${section}`;
    this.focusPending = true;
  }

  private async loadClinic(adapter: PortalAdapter) {
    try {
      const [caps, clinic] = await Promise.all([adapter.getCapabilities(), adapter.getClinic()]);
      if (this.loadedFor !== adapter) return;
      this.caps = caps;
      this.clinic = clinic;
    } catch {
      // The sections that need nothing from the capabilities still work; the header omits the clinic.
    }
    this.host.requestUpdate();
  }

  /** The people she may view (herself and her family members), after sign-in. */
  private async loadPeople() {
    try {
      const people = await this.host.listPeople();
      if (this.host.shellSession.status !== 'signed-in') return;
      this.people = people;
    } catch {
      // Without the list there is no switcher; her own portal works as ever.
    }
    this.host.requestUpdate();
  }

  /** Shows another person's record (or hers again): every section follows; focus to the heading. */
  private choosePerson(person: PortalPerson) {
    const self = person.relationship === 'self';
    if ((this.host.person?.id ?? this.people[0]?.id) === person.id) return;
    this.host.person = self ? undefined : person;
    announce(
      self
        ? msg('You are viewing your own information again.', {id: 'shell-person-self'})
        : msg(str`You are now viewing ${person.givenName}’s information.`, {id: 'shell-person-other'}),
    );
    this.focusPending = true;
  }

  /** The unread count for the navigation (after sign-in, and when `<patient-messages>` says it changed). */
  private async loadUnread() {
    const adapter = this.host.shellPersonAdapter;
    try {
      const caps = this.caps ?? (await adapter?.getCapabilities());
      if (!caps?.messages || !adapter?.listConversations) return;
      const unread = (await adapter.listConversations()).unread;
      if (adapter !== this.host.shellPersonAdapter || this.host.shellSession.status !== 'signed-in') return;
      this.unread = unread;
    } catch {
      // The link still works; its count waits for the next change.
    }
    this.host.requestUpdate();
  }

  private async loadHome(adapter: PortalAdapter) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.homeError = undefined;
    try {
      const page = await adapter.listAppointments({when: 'upcoming', limit: 1}, {signal: controller.signal});
      this.next = page.items[0] ?? null;
    } catch (e) {
      if (isAbortError(e)) return;
      this.homeError = e;
    }
    this.host.requestUpdate();
  }

  // ------------------------------------------------------------------------------------------
  // Text

  private label(s: PortalSection): string {
    switch (s) {
      case 'home':
        return msg('Home', {id: 'shell-home'});
      case 'appointments':
        return msg('Appointments', {id: 'shell-appointments'});
      case 'book':
        return msg('Book', {id: 'shell-book'});
      case 'video':
        return msg('Video visit', {id: 'shell-video'});
      case 'forms':
        return msg('Forms', {id: 'shell-forms'});
      case 'documents':
        return msg('Documents', {id: 'shell-documents'});
      case 'billing':
        return msg('Billing', {id: 'shell-billing'});
      case 'messages':
        return msg('Messages', {id: 'shell-messages'});
      case 'profile':
        return msg('Profile', {id: 'shell-profile'});
      case 'reminders':
        return msg('Reminders', {id: 'shell-reminders'});
    }
  }

  /** "Ana (you)", "Sofía (daughter)". */
  private personLabel(p: PortalPerson): string {
    const n = p.givenName;
    switch (p.relationship) {
      case 'self':
        return msg(str`${n} (you)`, {id: 'shell-person-you'});
      case 'daughter':
        return msg(str`${n} (daughter)`, {id: 'shell-person-daughter'});
      case 'son':
        return msg(str`${n} (son)`, {id: 'shell-person-son'});
      case 'child':
        return msg(str`${n} (child)`, {id: 'shell-person-child'});
      case 'mother':
        return msg(str`${n} (mother)`, {id: 'shell-person-mother'});
      case 'father':
        return msg(str`${n} (father)`, {id: 'shell-person-father'});
      case 'partner':
        return msg(str`${n} (partner)`, {id: 'shell-person-partner'});
      default:
        return msg(str`${n} (family member)`, {id: 'shell-person-other-relation'});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  /** The person switcher (only when she may act for someone): one toggle button per person. */
  private renderPeople() {
    if (this.people.length < 2) return nothing;
    const shown = this.host.person?.id ?? this.people[0]!.id;
    return html`<div class="people" part="person-switcher" role="group" aria-labelledby="people-label">
      <span id="people-label">${msg('Viewing:', {id: 'shell-viewing'})}</span>
      ${this.people.map(
        (p) =>
          html`<button
            type="button"
            part="button person"
            aria-pressed=${p.id === shown ? 'true' : 'false'}
            @click=${() => this.choosePerson(p)}
          >
            ${this.personLabel(p)}
          </button>`,
      )}
    </div>`;
  }

  /** While acting for a family member: whose information this is, above every section. */
  private renderActing() {
    const p = this.host.person;
    if (!p || !this.people.some((x) => x.id === p.id)) return nothing;
    return html`<p class="notice acting" part="acting-banner">
      ${msg(str`You are viewing ${p.givenName}’s information. What you do here is for ${p.givenName}.`, {
        id: 'shell-acting-banner',
      })}
      ${
        p.scope === 'appointments'
          ? msg('Your access covers appointments and reminders only.', {id: 'shell-acting-visits-only'})
          : nothing
      }
      ${
        p.confidential
          ? msg(
              str`At this age, ${p.givenName}’s messages with the clinic, documents and confidential visits stay private.`,
              {id: 'shell-acting-confidential'},
            )
          : nothing
      }
    </p>`;
  }

  private link(s: PortalSection, current: PortalSection) {
    return html`<a
      href=${`${HASH_PREFIX}${s}`}
      part="nav-link"
      aria-current=${s === current ? 'page' : nothing}
      @click=${(e: Event) => this.navigate(s, e)}
      >${this.label(s)}${
        s === 'messages' && this.unread > 0
          ? html` <span class="unread"
              >${msg(str`(${this.unread} unread)`, {id: 'shell-messages-unread'})}</span
            >`
          : nothing
      }</a
    >`;
  }

  private renderHeader(signedIn: boolean) {
    const c = this.clinic;
    return html`<div class="shell-header" part="shell-header">
      <div class="clinic">
        ${
          c?.logoUrl?.startsWith('https://')
            ? html`<img class="logo" part="logo" src=${c.logoUrl} alt="" />`
            : nothing
        }
        ${c ? html`<strong class="clinic-name">${c.name}</strong>` : nothing}
        ${c?.phone ? html`<a class="clinic-phone" href=${`tel:${c.phone}`}>${formatOnFile(c.phone, 'international')}</a>` : nothing}
      </div>
      ${
        signedIn
          ? html`<button type="button" part="button sign-out-button" @click=${() => this.host.signOut()}>
              ${msg('Sign out', {id: 'session-sign-out'})}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderNext(a: Appointment) {
    const locale = currentLocale();
    const zone = this.clinic?.timeZone;
    const services = a.services.map((s) => pickText(s.name, locale)).join(', ');
    const when = zone
      ? `${formatDateTime(a.start, locale, zone)} (${timeZoneLabel(zone, locale, a.start)})`
      : a.start;
    const toDo = a.items.filter((i) => i.state === 'to-do');
    return html`<article class="card" part="next-appointment" aria-labelledby="next-title">
        <h3 id="next-title">${msg('Next appointment', {id: 'shell-next'})}</h3>
        <p class="when">${when}</p>
        <p>${services} · ${a.providerName}</p>
        <div class="actions">
          ${
            a.mode === 'video' && this.available.includes('video')
              ? html`<a
                  class="button primary"
                  href=${`${HASH_PREFIX}video`}
                  @click=${(e: Event) => this.navigate('video', e)}
                  >${msg('Join the video visit', {id: 'shell-join'})}</a
                >`
              : nothing
          }
          <a
            class="button"
            href=${`${HASH_PREFIX}appointments`}
            @click=${(e: Event) => this.navigate('appointments', e)}
            >${msg('Confirm, change or cancel', {id: 'shell-manage'})}</a
          >
        </div>
      </article>
      ${
        toDo.length > 0
          ? html`<article class="card" part="action-required" aria-labelledby="todo-title">
              <h3 id="todo-title">${msg('Action required', {id: 'shell-action-required'})}</h3>
              <ul>
                ${toDo.map((i) => html`<li>${pickText(i.title, locale)}</li>`)}
              </ul>
              <p class="muted">
                ${msg('The clinic will help you with these at your visit.', {id: 'shell-action-note'})}
              </p>
            </article>`
          : nothing
      }`;
  }

  private renderHome() {
    const shortcuts = this.available.filter((s) => s !== 'home' && s !== 'video');
    return html`${
        this.homeError !== undefined
          ? html`<p class="notice error" role="alert">${errorMessage(this.homeError)}</p>`
          : this.next === undefined
            ? html`<p role="status">${msg('Loading…', {id: 'shell-loading'})}</p>`
            : this.next === null
              ? html`<article class="card" part="next-appointment" aria-labelledby="next-title">
                  <h3 id="next-title">${msg('Next appointment', {id: 'shell-next'})}</h3>
                  <p>
                    ${
                      this.host.person
                        ? msg(str`${this.host.person.givenName} has no upcoming appointments.`, {
                            id: 'shell-none-person',
                          })
                        : msg('You have no upcoming appointments.', {id: 'shell-none'})
                    }
                  </p>
                </article>`
              : this.renderNext(this.next)
      }
      <nav class="shortcuts" aria-labelledby="shortcuts-title">
        <h3 id="shortcuts-title">${msg('Shortcuts', {id: 'shell-shortcuts'})}</h3>
        <ul>
          ${shortcuts.map(
            (s) =>
              html`<li>
                <a class="button" href=${`${HASH_PREFIX}${s}`} @click=${(e: Event) => this.navigate(s, e)}
                  >${this.label(s)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>`;
  }

  private renderSection(s: PortalSection) {
    switch (s) {
      case 'home':
        return this.renderHome();
      case 'appointments':
        return html`<appointment-list></appointment-list>`;
      case 'book':
        return html`<booking-widget></booking-widget>`;
      case 'video':
        return html`<telehealth-join></telehealth-join>`;
      case 'forms':
        return html`<patient-forms></patient-forms>`;
      case 'documents':
        return html`<patient-documents></patient-documents>`;
      case 'billing':
        return html`<patient-billing></patient-billing>`;
      case 'messages':
        return html`<patient-messages></patient-messages>`;
      case 'profile':
        return html`<patient-profile></patient-profile>`;
      case 'reminders':
        return html`<reminder-prefs></reminder-prefs>`;
    }
  }

  render() {
    const s = this.host.shellSession;
    if (s.status === 'unknown' || !this.host.shellAdapter)
      return html`<p role="status">${msg('Loading…', {id: 'shell-loading'})}</p>`;
    // Signed out: the sign-in form is the portal's light-DOM <patient-login> (showLogin), in its slot.
    if (s.status !== 'signed-in')
      return html`${this.renderHeader(false)}
      ${this.invitation?.render(this.host.shellAdapter, false) ?? nothing}`;
    const current = this.current;
    const patient = s.session?.patient;
    // The name she likes to be called by, when she gave one on her profile.
    const name = patient ? patient.preferredName || patient.givenName : '';
    return html`${this.renderHeader(true)} ${this.invitation?.render(this.host.shellAdapter, true) ?? nothing}
      ${this.renderPeople()}
      <nav class="sections" part="nav" aria-label=${msg('Portal sections', {id: 'shell-nav'})}>
        <ul>
          ${this.available.map((x) => html`<li>${this.link(x, current)}</li>`)}
        </ul>
      </nav>
      <section class="section" part="section" aria-labelledby="portal-section-title">
        <h2 id="portal-section-title" tabindex="-1">
          ${current === 'home' ? msg(str`Hello, ${name}`, {id: 'shell-hello'}) : this.label(current)}
        </h2>
        ${this.renderActing()} ${this.renderSection(current)}
      </section>`;
  }
}

/** The shell's styles, adopted by the portal's shadow root when the shell loads. */
export const shellStyles = css`
  :host {
    padding: var(--portal-portal-padding, clamp(0.5rem, 2vw, 1rem));
  }
  .shell-header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    padding-block-end: 0.75rem;
    margin-block-end: 0.75rem;
    border-block-end: 1px solid var(--_border);
  }
  .clinic {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    align-items: baseline;
  }
  .clinic-name {
    font-size: 1.125rem;
  }
  .logo {
    align-self: center;
    max-height: 2.5rem;
    max-width: 8rem;
    object-fit: contain;
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .sections a {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    column-gap: 0.3em;
    min-height: 2.75rem;
    padding: 0.5rem 0.875rem;
    border-radius: var(--_radius);
    text-decoration: none;
    color: var(--_accent);
    font-weight: 600;
  }
  .sections a:hover {
    text-decoration: underline;
  }
  .sections .unread {
    /* On a narrow screen "(1 unread)" goes under the name as a whole, not in a column beside it. */
    white-space: nowrap;
    font-weight: normal;
  }
  .sections a[aria-current='page'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .section {
    margin-block-start: 1rem;
  }
  .people {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-block-end: 0.75rem;
  }
  .people button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  .acting {
    border-inline-start: 4px solid var(--_accent);
    padding-inline-start: 0.75rem;
  }
  .section > h2 {
    font-size: 1.5rem;
    margin: 0 0 0.75rem;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem var(--_space);
    margin-block-end: 1rem;
    background: var(--_surface-2);
  }
  .card h3,
  .shortcuts h3 {
    margin: 0 0 0.5rem;
    font-size: 1.125rem;
  }
  .card p {
    margin: 0.25rem 0;
  }
  .when {
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
  }
  .shortcuts ul {
    gap: 0.5rem;
  }
  @media (max-width: 600px) {
    .sections ul {
      display: grid;
      grid-template-columns: 1fr 1fr;
    }
    .sections a {
      width: 100%;
      padding-inline: 0.5rem;
      font-size: 0.9375rem;
      overflow-wrap: normal;
      hyphens: auto;
    }
  }
`;
