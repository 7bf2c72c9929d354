import {css, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  isPortalError,
  ValidationError,
  type FieldErrorCode,
  type PartOfDay,
  type WaitlistEntry,
  type WaitlistOffer,
} from '../../adapters/adapter.js';
import type {Appointment, Catalog, Clinic, PlainDate} from '../../domain/types.js';
import {summarizeAppointment} from '../../domain/types.js';
import {PortalAppointmentEvent} from '../../events.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {
  formatDateTime,
  formatPlainDate,
  pickText,
  timeZoneLabel,
  toPlainDate,
} from '../../localization/format.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {parseInstant} from '../../domain/time.js';

const PARTS: readonly PartOfDay[] = ['morning', 'afternoon', 'evening'];

/**
 * Tells the page's other waitlist pieces that a backend's waitlist changed (joined in the booking
 * widget, booked from an offer, left), so the appointment list's "Your waitlist" shows it without a
 * reload. In memory only: the adapter, never patient data, and no DOM event.
 */
const changes = new EventTarget();
class WaitlistChanged extends Event {
  constructor(readonly adapter: unknown) {
    super('change');
  }
}

function partLabel(p: PartOfDay): string {
  return p === 'morning'
    ? msg('Morning (before 12:00)', {id: 'wl-morning'})
    : p === 'afternoon'
      ? msg('Afternoon (12:00–17:00)', {id: 'wl-afternoon'})
      : msg('Evening (from 17:00)', {id: 'wl-evening'});
}

/**
 * The waitlist (#21) in one lazily loaded piece, for `<appointment-list>` and `<booking-widget>`:
 * `mode="entries"` lists the patient's waitlist entries with "Leave the waitlist" (nothing when she
 * has none); `mode="offer"` opens an offer's link (`token`: "Book this time", or "this time is
 * gone"); `mode="join"` is "Tell me if an earlier time opens" for a visit (`serviceIds`,
 * `providerId`): a range of dates and parts of the day.
 *
 * @summary The patient's waitlist: join, list, leave, and an offer's link (internal).
 * @csspart button - Every button.
 * @fires {PortalAppointmentEvent} portal-booked - After an offer's time was booked from its link (ids, time, service, status).
 * @fires {PortalErrorEvent} portal-error - When a waitlist call fails (error code and operation).
 * @tagname portal-waitlist
 */
export class WaitlistPanel extends PortalElement {
  static override styles = [
    tokens,
    elementStyles,
    css`
      :host {
        display: block;
      }
      /* Under the booking widget's Back and Continue: apart from them. */
      :host([mode='join']) section {
        margin-top: 1rem;
      }
      section {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.75rem 1rem;
        margin: 0 0 1rem;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 1.0625rem;
      }
      h3:focus {
        outline: none;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li + li {
        border-top: 1px solid var(--_border);
      }
      li {
        padding: 0.5rem 0;
      }
      p {
        margin: 0.25rem 0;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.75rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.25rem;
      }
      label.choice {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 2.75rem;
      }
      label.choice input {
        /* Its size kept when the label wraps (320 px, Spanish). */
        flex: none;
        width: 1.25rem;
        height: 1.25rem;
        margin: 0;
      }
      .dates {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 0.75rem;
      }
      .dates label {
        display: grid;
        align-content: start;
        gap: 0.25rem;
      }
      input[type='date'] {
        min-height: 2.75rem;
        font: inherit;
      }
      .error {
        color: var(--_danger);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.5rem;
      }
    `,
  ];

  @state() private entries?: readonly WaitlistEntry[];
  @state() private catalog?: Catalog;
  @state() private offer?: WaitlistOffer;
  @state() private booked?: Appointment;
  @state() private error?: unknown;
  /**
   * Why booking the offer needs her card (the clinic keeps one on file for its fees): none saved, or
   * her default declined. Nothing was booked; the time stays held for her.
   */
  @state() private cardProblem?: 'none' | 'declined';
  @state() private fields: Record<string, FieldErrorCode> = {};
  @state() private busy = false;
  @state() private status = '';
  @state() private parts = new Set<PartOfDay>(PARTS);
  @state() private joined = false;
  /** The join form is open (it starts as one button under the times). */
  @state() private open = false;
  /** The backend's clock minus this device's (ms): "today" is the clinic's, not the device's. */
  @state() private serverOffset = 0;

  /** What the panel shows. */
  @property() mode: 'entries' | 'offer' | 'join' = 'entries';
  /** An offer link's token (`mode="offer"`). */
  @property({attribute: false}) token = '';
  /** The clinic (its time zone names times). */
  @property({attribute: false}) clinic?: Clinic;
  /** The visit to wait for (`mode="join"`). */
  @property({attribute: false}) serviceIds: readonly string[] = [];
  /** One provider, or undefined for anyone (`mode="join"`). */
  @property({attribute: false}) providerId?: string;

  private loadedFor?: unknown;

  private readonly onChanged = (e: Event) => {
    const a = this.resolvedAdapter;
    if (this.mode !== 'entries' || !a || (e as WaitlistChanged).adapter !== a || !this.entries) return;
    a.listWaitlist!().then(
      (entries) => (this.entries = entries),
      (err: unknown) => {
        if (!isAbortError(err)) this.reportError(err, 'listWaitlist');
      },
    );
  };

  override connectedCallback(): void {
    super.connectedCallback();
    changes.addEventListener('change', this.onChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    changes.removeEventListener('change', this.onChanged);
  }

  private changed(a: unknown) {
    changes.dispatchEvent(new WaitlistChanged(a));
  }

  protected override updated(changed: PropertyValues<this>) {
    super.updated?.(changed);
    // Once its backend is resolved (the base element does that before the first render).
    const a = this.resolvedAdapter;
    if (a && this.loadedFor !== a) {
      this.loadedFor = a;
      void this.load();
    }
  }

  private get zone(): string {
    return this.clinic?.timeZone ?? 'UTC';
  }

  /** The clinic's date today by the backend's clock: the first a range may start on. */
  private get today(): PlainDate {
    return toPlainDate(new Date(Date.now() + this.serverOffset), this.zone);
  }

  private async load() {
    const a = this.resolvedAdapter;
    if (!a) return;
    this.error = undefined;
    try {
      // The clinic's time zone names the times (the list passes its clinic; alone, ask).
      this.clinic ??= await a.getClinic();
      if (this.mode === 'offer') {
        this.offer = await a.resolveWaitlistOffer!(this.token);
        // The provider's name (the clinic's public catalog), as the offer's email gives it.
        this.catalog ??= await a.getCatalog();
      } else {
        if (this.mode === 'join') {
          const asked = Date.now();
          const {now} = await a.getServerTime();
          this.serverOffset = parseInstant(now) - (asked + Date.now()) / 2;
        }
        this.catalog ??= await a.getCatalog();
        if (this.mode === 'entries') this.entries = await a.listWaitlist!();
      }
    } catch (e) {
      if (isAbortError(e)) return;
      this.error = e;
      this.reportError(e, this.mode === 'offer' ? 'resolveWaitlistOffer' : 'listWaitlist');
    }
  }

  private focusHeading() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h3')?.focus());
  }

  private async leave(e: WaitlistEntry) {
    const a = this.resolvedAdapter;
    if (!a) return;
    this.busy = true;
    try {
      await a.leaveWaitlist!(e.id);
      this.entries = (this.entries ?? []).filter((x) => x.id !== e.id);
      this.status = msg('You left the waitlist.', {id: 'wl-left'});
      this.changed(a);
    } catch (err) {
      this.error = err;
      this.reportError(err, 'leaveWaitlist');
    }
    this.busy = false;
    this.focusHeading();
  }

  private async accept() {
    const a = this.resolvedAdapter;
    if (!a) return;
    this.busy = true;
    this.error = undefined;
    this.cardProblem = undefined;
    try {
      this.booked = await a.acceptWaitlistOffer!(this.token);
      this.dispatchEvent(new PortalAppointmentEvent('portal-booked', summarizeAppointment(this.booked)));
      // Booked from the offer: its waitlist entry has ended.
      this.changed(a);
    } catch (e) {
      this.error = e;
      this.reportError(e, 'acceptWaitlistOffer');
      // Gone (someone else was first) or expired: show the offer as it is now.
      await this.load().catch(() => undefined);
      this.error = e;
      this.cardProblem =
        e instanceof ValidationError && e.fields.cardId
          ? 'none'
          : isPortalError(e) && e.code === 'payment-failed'
            ? 'declined'
            : undefined;
    }
    this.busy = false;
    this.focusHeading();
  }

  private async join(ev: SubmitEvent) {
    ev.preventDefault();
    const a = this.resolvedAdapter;
    const form = ev.target as HTMLFormElement;
    if (!a) return;
    const data = new FormData(form);
    this.busy = true;
    this.error = undefined;
    this.fields = {};
    try {
      await a.joinWaitlist!({
        serviceIds: this.serviceIds,
        ...(this.providerId ? {providerId: this.providerId} : {}),
        from: String(data.get('from') ?? '') as PlainDate,
        to: String(data.get('to') ?? '') as PlainDate,
        partsOfDay: PARTS.filter((p) => this.parts.has(p)),
      });
      this.joined = true;
      this.changed(a);
    } catch (e) {
      if (e instanceof ValidationError) this.fields = {...e.fields};
      else this.error = e;
      this.reportError(e, 'joinWaitlist');
    }
    this.busy = false;
    this.focusHeading();
  }

  private togglePart(p: PartOfDay, on: boolean) {
    const next = new Set(this.parts);
    if (on) next.add(p);
    else next.delete(p);
    this.parts = next;
  }

  private names(serviceIds: readonly string[]): string {
    return serviceIds
      .map((id) => {
        const s = this.catalog?.services.find((x) => x.id === id);
        return s ? pickText(s.name, this.locale) : id;
      })
      .join(' + ');
  }

  private providerName(id?: string): string {
    return id
      ? (this.catalog?.providers.find((p) => p.id === id)?.name ?? id)
      : msg('Any provider', {id: 'wl-any-provider'});
  }

  private renderError() {
    return this.error !== undefined
      ? html`<p class="error" role="alert">${errorMessage(this.error)}</p>`
      : nothing;
  }

  private renderEntries() {
    const list = this.entries;
    if (!list || (list.length === 0 && !this.status && this.error === undefined)) return nothing;
    return html`<section aria-labelledby="wl-title">
      <h3 id="wl-title" tabindex="-1">${msg('Your waitlist', {id: 'wl-title'})}</h3>
      <p role="status">${this.status}</p>
      ${this.renderError()}
      <ul>
        ${list.map(
          (e) =>
            html`<li>
              <p><strong>${this.names(e.serviceIds)}</strong> · ${this.providerName(e.providerId)}</p>
              <p>
                ${msg(
                  str`Between ${formatPlainDate(e.from, this.locale, 'medium')} and ${formatPlainDate(e.to, this.locale, 'medium')}`,
                  {id: 'wl-range'},
                )}
                · ${e.partsOfDay.map((p) => partLabel(p)).join(', ')}
              </p>
              <div class="actions">
                <button type="button" part="button" ?disabled=${this.busy} @click=${() => void this.leave(e)}>
                  ${msg('Leave the waitlist', {id: 'wl-leave'})}
                </button>
              </div>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private renderOffer() {
    const o = this.offer;
    if (this.booked) {
      const b = this.booked;
      return html`<section aria-labelledby="wl-title">
        <h3 id="wl-title" tabindex="-1">${msg('Booked — see you then.', {id: 'wl-booked'})}</h3>
        <p>
          ${formatDateTime(b.start, this.locale, this.zone)}
          (${timeZoneLabel(this.zone, this.locale, b.start)})
        </p>
        <p>${b.providerName}</p>
      </section>`;
    }
    if (!o) {
      return html`<section aria-labelledby="wl-title">
        <h3 id="wl-title" tabindex="-1">${msg('An earlier time', {id: 'wl-offer-title'})}</h3>
        ${this.error !== undefined ? this.renderError() : html`<p role="status">${msg('Loading…', {id: 'apt-loading'})}</p>`}
      </section>`;
    }
    const open = o.state === 'open';
    return html`<section aria-labelledby="wl-title">
      <h3 id="wl-title" tabindex="-1">
        ${
          open
            ? msg('An earlier time opened for you', {id: 'wl-offer-open'})
            : o.state === 'booked'
              ? msg('You booked this time.', {id: 'wl-offer-booked'})
              : msg('Sorry, this time is gone', {id: 'wl-offer-gone'})
        }
      </h3>
      <p>
        ${formatDateTime(o.start, this.locale, this.zone)} (${timeZoneLabel(this.zone, this.locale, o.start)})
      </p>
      ${this.catalog ? html`<p>${this.providerName(o.providerId)}</p>` : nothing}
      ${
        o.state === 'gone'
          ? html`<p>
              ${msg(
                'Another patient on the waitlist booked it first, or the time we held it for ran out. You stay on the waitlist.',
                {id: 'wl-offer-gone-detail'},
              )}
            </p>`
          : nothing
      }
      ${open && this.cardProblem ? this.renderCardProblem() : this.renderError()}
      ${
        open
          ? html`<p>
                ${msg(
                  str`It is held until ${formatDateTime(o.expiresAt, this.locale, this.zone, 'short')}; the first patient to confirm books it.`,
                  {id: 'wl-offer-held'},
                )}
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  part="button"
                  ?disabled=${this.busy}
                  @click=${() => void this.accept()}
                >
                  ${this.busy ? msg('Booking…', {id: 'wl-booking'}) : msg('Book this time', {id: 'wl-book'})}
                </button>
              </div>`
          : nothing
      }
    </section>`;
  }

  /** Booking the offer needs a card on file: where to add one (or another), and that it is held. */
  private renderCardProblem() {
    return html`<p class="error" role="alert">
      ${
        this.cardProblem === 'none'
          ? msg(
              'The clinic keeps a card on file for late cancellations and missed visits, and you have none saved. Nothing was booked. Add a card in Billing, then come back to this link while the time is held for you.',
              {id: 'wl-offer-card-needed'},
            )
          : msg(
              'Your saved card was declined, so nothing was booked. Make another card your default in Billing, then come back to this link while the time is held for you.',
              {id: 'wl-offer-card-declined'},
            )
      }
    </p>`;
  }

  private renderJoin() {
    if (this.joined) {
      return html`<section aria-labelledby="wl-title">
        <h3 id="wl-title" tabindex="-1">${msg('You’re on the waitlist', {id: 'wl-joined'})}</h3>
        <p>
          ${msg('We’ll email you if a time you asked for opens. Your entries are in your appointments.', {
            id: 'wl-joined-detail',
          })}
        </p>
      </section>`;
    }
    if (!this.open) {
      return html`<div class="actions">
        <button
          type="button"
          part="button"
          aria-expanded="false"
          @click=${() => {
            this.open = true;
            this.focusHeading();
          }}
        >
          ${msg('No time that suits you? Tell me if an earlier time opens', {id: 'wl-open'})}
        </button>
      </div>`;
    }
    const f = this.fields;
    const err = (name: string) =>
      f[name]
        ? html`<span class="error" id="wl-${name}-error">${fieldErrorMessage(f[name])}</span>`
        : nothing;
    return html`<section aria-labelledby="wl-title">
      <h3 id="wl-title" tabindex="-1">${msg('Tell me if an earlier time opens', {id: 'wl-join-title'})}</h3>
      <p>${msg('We’ll email you when a time in these days opens up.', {id: 'wl-join-intro'})}</p>
      ${
        this.catalog && this.serviceIds.length
          ? html`<p>
              <strong>${this.names(this.serviceIds)}</strong> · ${this.providerName(this.providerId)}
            </p>`
          : nothing
      }
      ${this.renderError()}
      ${
        f.waitlist
          ? html`<p class="error" role="alert">
              ${msg('You already have 3 entries on the waitlist: leave one first.', {id: 'wl-too-many'})}
            </p>`
          : nothing
      }
      ${f.serviceIds ? html`<p class="error" role="alert">${fieldErrorMessage(f.serviceIds)}</p>` : nothing}
      <form @submit=${(e: SubmitEvent) => void this.join(e)} novalidate>
        <div class="dates">
          <label>
            ${msg('From', {id: 'wl-from'})}
            <input
              type="date"
              name="from"
              required
              .value=${this.today}
              min=${this.today}
              aria-invalid=${f.from ? 'true' : 'false'}
              aria-describedby=${f.from ? 'wl-from-error' : nothing}
            />
            ${err('from')}
          </label>
          <label>
            ${msg('To', {id: 'wl-to'})}
            <input
              type="date"
              name="to"
              required
              min=${this.today}
              aria-invalid=${f.to ? 'true' : 'false'}
              aria-describedby=${f.to ? 'wl-to-error' : nothing}
            />
            ${err('to')}
          </label>
        </div>
        <fieldset aria-describedby=${f.partsOfDay ? 'wl-partsOfDay-error' : nothing}>
          <legend>${msg('Parts of the day', {id: 'wl-parts'})}</legend>
          ${PARTS.map(
            (p) =>
              html`<label class="choice">
                <input
                  type="checkbox"
                  .checked=${this.parts.has(p)}
                  @change=${(e: Event) => this.togglePart(p, (e.target as HTMLInputElement).checked)}
                />
                ${partLabel(p)}
              </label>`,
          )}
          ${err('partsOfDay')}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" part="button" ?disabled=${this.busy}>
            ${msg('Join the waitlist', {id: 'wl-join'})}
          </button>
        </div>
      </form>
    </section>`;
  }

  override render() {
    return this.mode === 'offer'
      ? this.renderOffer()
      : this.mode === 'join'
        ? this.renderJoin()
        : this.renderEntries();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-waitlist': WaitlistPanel;
  }
}
