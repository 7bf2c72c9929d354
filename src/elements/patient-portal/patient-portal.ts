import {html, css, type PropertyValues} from 'lit';
import {property} from 'lit/decorators.js';
import {provide} from '@lit/context';
import {msg} from '@lit/localize';
import {PortalElement} from '../base/portal-element.js';
import {portalContext, type PortalContextValue} from '../../controllers/portal-context.js';
import {setPortalLang} from '../../localization/localization.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

/**
 * The whole patient portal in one tag, and the provider of backend, session, locale and theme for
 * any portal elements placed inside it.
 *
 * Elements inside a `<patient-portal>` that set neither `backend` nor `adapter` use the portal's
 * backend and share its session. A `lang` on the portal sets the language **for the whole page**
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.lang) setPortalLang(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('lang') && (this.lang || changed.get('lang'))) setPortalLang(this.lang || undefined);
    const s = this.backendState;
    const next: PortalContextValue = {
      adapter: s.status === 'ready' || s.status === 'unavailable' ? s.adapter : undefined,
      session: s.status === 'ready' ? s.session : undefined,
      colorScheme: this.colorScheme,
      loading: s.status === 'loading',
    };
    const p = this.provided;
    if (
      p.adapter !== next.adapter ||
      p.session !== next.session ||
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
        aria-label=${msg('Patient portal', {id: 'portal-label'})}
        role="region"
      >
        <slot></slot>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-portal': PatientPortal;
  }
}
