import {html, css, adoptStyles, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {provide} from '@lit/context';
import {msg} from '@lit/localize';
import {PortalElement} from '../base/portal-element.js';
import {portalContext, type PortalContextValue} from '../../controllers/portal-context.js';
import {catalogPiece, setPortalLang} from '../../localization/localization.js';
import shellMessages from '../../localization/generated/pieces/portal-shell.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import type {PortalAdapter, PortalPerson} from '../../adapters/adapter.js';
import type {Language} from '../../domain/types.js';
import type {PortalShell} from './portal-shell.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

/**
 * The whole patient portal in one tag, and the provider of backend, session, locale and theme for
 * any portal elements placed inside it.
 *
 * **Empty, it is the whole portal** (its shell, a chunk loaded only then): signed out,
 * `<patient-login>`; signed in, a home (next appointment, what needs doing, shortcuts) and a
 * navigation to the sections — Appointments, Book, Video visit, Forms, Profile, Reminders — that exist and
 * that the backend's capabilities and `sections` allow; each section's element loads when first
 * opened. The section is in the URL fragment (`#portal/profile`), so Back and Forward work, unless
 * `routing="none"` (then set `section` and listen to the cancelable `portal-navigate`).
 *
 * **With elements inside, it only provides**: elements inside a `<patient-portal>` that set
 * neither `backend` nor `adapter` use the portal's backend and share its session. A `lang` on the portal sets the language **for the whole page**
 * (the message catalog is page-wide); without it, elements follow `<html lang>`.
 *
 * @summary The patient portal, and the provider for the elements inside it.
 * @slot - Portal elements (and anything else) to show inside the portal.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @csspart unavailable - The message shown when the backend cannot be used.
 * @csspart session-warning - The idle-session warning with "Stay signed in".
 * @cssprop --portal-color-accent - Accent colour of buttons and links.
 * @cssprop --portal-color-surface - Background of the elements.
 * @cssprop --portal-color-text - Text colour.
 * @cssprop --portal-font-family - Font of every element.
 * @cssprop --portal-radius - Corner radius of boxes and buttons.
 * @csspart shell-header - The whole portal's header: clinic logo, name and phone, Sign out.
 * @csspart logo - The clinic's logo in the whole portal's header (its `logoUrl`, https only).
 * @csspart nav - The whole portal's navigation; `nav-link` each link.
 * @csspart nav-link - A link of the navigation (the current one has `aria-current="page"`).
 * @csspart section - The current section.
 * @csspart next-appointment - The home's "Next appointment".
 * @csspart action-required - The home's "Action required".
 * @csspart person-switcher - The whole portal's "Viewing:" group (family members); `person` each person's toggle button.
 * @csspart person - A person's button in the switcher (the one shown has `aria-pressed="true"`).
 * @csspart proxy-invitation - An emailed invitation to see someone's information, with Accept and Decline (family members).
 * @csspart acting-banner - "You are viewing Sofía's information", above every section while acting for a family member.
 * @csspart button - Buttons of the shell.
 * @fires {PortalNavigateEvent} portal-navigate - Before the whole portal changes section (cancelable; detail: `section`).
 * @fires {PortalSignedOutEvent} portal-signed-out - After the patient is signed out (by choice or after inactivity).
 * @tagname patient-portal
 */
export class PatientPortal extends PortalElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      :host {
        padding: var(--portal-portal-padding, 0);
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: flex-end;
      }
      .bar:empty {
        display: none;
      }
      .session-warning {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-block-end: var(--_space);
      }
      .session-warning p {
        margin: 0;
        flex: 1 1 16rem;
      }
      .session-warning .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @provide({context: portalContext})
  protected provided: PortalContextValue = {loading: false};

  /** The language of every portal element on the page (e.g. `es-MX`); without it, `<html lang>` decides. */
  @property({reflect: true}) override lang = '';

  /** The whole portal's sections to offer, space-separated (e.g. `appointments book profile`); all by default. */
  @property() sections = '';

  /** `hash` (default): the section is in the URL fragment; `none`: the host routes (the `section` property). */
  @property() routing: 'hash' | 'none' = 'hash';

  /** The whole portal's current section (`home`, `appointments`, `book`, `video`, `forms`, `documents`, `profile`, `reminders`). */
  @property({reflect: true}) section = 'home';

  /**
   * The family member whose record the portal's elements show (family members: one from
   * {@link listPeople}); unset (or the patient herself) for her own. Every element inside follows
   * it; it is unset again on sign-out.
   */
  @property({attribute: false}) person?: PortalPerson;

  /** The backend acting for `person`, kept while the same patient views the same person. */
  private acting?: {readonly key: string; readonly base: PortalAdapter; readonly adapter: PortalAdapter};

  /** The shell, once loaded (only for an empty portal). */
  @state() private shell?: PortalShell;
  private shellWanted = false;

  /** @internal For the shell. */
  get shellAdapter() {
    return this.readyAdapter;
  }

  /** @internal For the shell: the backend acting for the person shown (the patient's own, or a family member's). */
  get shellPersonAdapter() {
    return this.readyAdapter && this.provided.adapter;
  }

  /**
   * The signed-in patient and the family members she may act for (herself first; set one as
   * {@link person}); empty where the backend has no family members. Rejects as the backend does
   * (e.g. signed out).
   */
  async listPeople(): Promise<readonly PortalPerson[]> {
    const adapter = this.readyAdapter;
    return adapter?.listPeople && (await adapter.getCapabilities()).proxy ? adapter.listPeople() : [];
  }

  /** @internal For the shell. */
  get shellSession(): SessionSnapshot {
    return this.sessionState;
  }

  /** @internal Signs the patient out (the shell's Sign out). */
  signOut(): void {
    void this.sessionStore?.signOut('user');
  }

  /** @internal The patient chose another language in their profile: the portal (and page) follow. */
  setLanguage(language: Language): void {
    this.lang = language;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A portal with elements inside is their provider and never loads the shell. Decided once the
    // document is parsed and after the current task (the parser, or a script that creates the
    // portal and then appends its elements, adds the children after the portal connects).
    const decide = () => {
      if (this.isConnected && !this.shellWanted && this.ownChildren().length === 0) this.wantShell(true);
    };
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => setTimeout(decide), {once: true});
    else setTimeout(decide);
  }

  /** The page's elements inside the portal (not the shell's own `<patient-login>`). */
  private ownChildren(): Element[] {
    return [...this.children].filter((c) => !c.hasAttribute('data-portal-shell'));
  }

  private onSlotChange() {
    this.wantShell(this.ownChildren().length === 0);
  }

  /** Loads the shell (an empty portal) or drops it (elements were placed inside). */
  private wantShell(on: boolean) {
    if (on === this.shellWanted) return;
    this.shellWanted = on;
    if (!on) {
      for (const c of this.querySelectorAll(':scope > [data-portal-shell]')) c.remove();
      if (this.shell) this.removeController(this.shell);
      this.shell = undefined;
      return;
    }
    catalogPiece('portal-shell', shellMessages);
    void import('./portal-shell.js').then(({PortalShell, shellStyles}) => {
      if (!this.shellWanted || this.shell) return;
      const base = (this.constructor as typeof PatientPortal).elementStyles;
      if (this.shadowRoot) adoptStyles(this.shadowRoot, [...base, shellStyles]);
      this.shell = new PortalShell(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.lang) setPortalLang(undefined);
  }

  protected override backendChanged(): void {
    this.person = undefined;
  }

  protected override sessionChanged(): void {
    // Signed out: nobody's information is shown for her any more.
    if (this.sessionState.status !== 'signed-in') this.person = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('lang') && (this.lang || changed.get('lang'))) setPortalLang(this.lang || undefined);
    const s = this.backendState;
    const own = s.status === 'ready' || s.status === 'unavailable' ? s.adapter : undefined;
    const who = this.person;
    const holder = this.sessionState.session?.patient.id;
    let adapter = own;
    if (s.status === 'ready' && own?.actingFor && who && holder && who.id !== holder) {
      const key = `${holder} ${who.id}`;
      if (this.acting?.key !== key || this.acting.base !== own)
        this.acting = {key, base: own, adapter: own.actingFor(who.id)};
      adapter = this.acting.adapter;
    }
    const next: PortalContextValue = {
      adapter,
      session: s.status === 'ready' ? s.session : undefined,
      person: adapter !== own ? this.person : undefined,
      colorScheme: this.colorScheme,
      loading: s.status === 'loading',
    };
    const p = this.provided;
    if (
      p.adapter !== next.adapter ||
      p.session !== next.session ||
      p.person !== next.person ||
      p.colorScheme !== next.colorScheme ||
      p.loading !== next.loading
    ) {
      this.provided = next;
    }
  }

  override render() {
    const unavailable = this.backendState.status === 'unavailable';
    return html`
      <div class="bar">${this.renderDemoMarker()}</div>
      ${this.renderSessionWarning()} ${unavailable ? this.renderUnavailable() : ''}
      <div
        class="content"
        part="content"
        aria-label=${this.shellWanted ? nothing : msg('Patient portal', {id: 'portal-label'})}
        role=${this.shellWanted ? nothing : 'region'}
      >
        ${unavailable ? '' : (this.shell?.render() ?? '')}
        <slot @slotchange=${this.onSlotChange}></slot>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-portal': PatientPortal;
  }
}
