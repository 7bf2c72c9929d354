/**
 * `<patient-profile>`'s "Family and shared access" section (family members, #21): the adult's own
 * invitation. She sees who may see her information (the clinic's grants and those she gave: name,
 * what they may see, since when) and removes anyone's access at once; she invites someone by email
 * — what they may see (everything, or her appointments only) and how she is related to them — and
 * withdraws an invitation still waiting. A part of the profile loaded only when the backend has
 * `capabilities.proxyInvitations` (its own chunk and catalog piece), shown on her own profile only
 * (never while acting for a family member). Who may invite is the domain's rule
 * (`rules/proxy-invitation.ts`: an adult by the clinic's age of majority), checked again by the
 * backend, as are the fields.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type FieldErrorCode,
  type PortalAdapter,
  type ProxyAccess,
  type ProxyScope,
  type Relationship,
} from '../../adapters/adapter.js';
import {mayInviteProxy} from '../../domain/rules/proxy-invitation.js';
import {RELATIONSHIPS} from '../../domain/rules/proxy.js';
import {instantToPlainDate} from '../../domain/time.js';
import type {Clinic, PlainDate} from '../../domain/types.js';
import messages from '../../localization/generated/pieces/family-section.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {formatDate} from '../../localization/format.js';
import {catalogPiece, currentLocale} from '../../localization/localization.js';
import {ProfileSection} from './profile-section.js';

catalogPiece('family-section', messages);

export class FamilySection extends ProfileSection {
  access?: ProxyAccess;
  private inviting = false;

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.access = undefined;
    this.loadError = undefined;
    this.inviting = false;
    this.reset();
  }

  async load(adapter: PortalAdapter, signal: AbortSignal): Promise<void> {
    const list = adapter.listProxyAccess?.bind(adapter);
    if (list)
      await this.read(
        'listProxyAccess',
        signal,
        () => list({signal}),
        (access) => {
          this.access = access;
        },
      );
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private open() {
    this.inviting = true;
    this.reset();
    void this.focus('#family-email');
  }

  private close() {
    this.inviting = false;
    this.reset();
    void this.focus('[data-family-invite]');
  }

  /** Runs one change, then reads the list again; a refusal shows in the summary. */
  private async change(
    operation: string,
    run: (a: PortalAdapter, signal: AbortSignal) => Promise<void> | undefined,
    done: string,
    focus: string,
  ) {
    const adapter = this.host.adapter();
    if (!adapter || this.busy) return;
    this.reset();
    this.busy = true;
    this.host.requestUpdate();
    const signal = this.host.signal();
    try {
      await run(adapter, signal);
      const access = await adapter.listProxyAccess?.({signal});
      if (access) this.access = access;
      this.busy = false;
      this.inviting = false;
      this.done = done;
      this.host.announce(done);
      void this.focus(focus);
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError) this.errors = err.fields;
      else this.error = err;
      this.host.report(err, operation);
      void this.focus('[data-summary=family]');
    }
  }

  private send(e: Event) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const request = {
      email,
      scope: String(data.get('scope') ?? '') as ProxyScope,
      relationship: String(data.get('relationship') ?? '') as Relationship,
    };
    void this.change(
      'inviteProxy',
      (a, signal) => a.inviteProxy?.(request, {signal}),
      msg(str`Invitation sent to ${email}. The link in it works for 7 days.`, {id: 'family-sent'}),
      '#h-family',
    );
  }

  // ------------------------------------------------------------------------------------------
  // Text

  private fieldLabel(field: string): string {
    switch (field) {
      case 'email':
        return msg('Their email address', {id: 'family-email'});
      case 'scope':
        return msg('What they can see', {id: 'family-scope'});
      case 'relationship':
        return msg('Your relationship to them', {id: 'family-relationship'});
      default:
        return msg('Invitation', {id: 'family-invitation'});
    }
  }

  /** A field's problem, in words for this form (her own address, someone already invited). */
  private problem(field: string, code: FieldErrorCode): string {
    if (field === 'email' && code === 'invalid')
      return msg('Enter the email address of the person you want to invite, not your own.', {
        id: 'family-email-own',
      });
    if (field === 'email' && code === 'duplicate')
      return msg('This person can already see your information or has an invitation waiting.', {
        id: 'family-email-duplicate',
      });
    if (field === 'email' && code === 'too-many')
      return msg('You have too many invitations waiting. Withdraw one first.', {id: 'family-too-many'});
    return fieldErrorMessage(code);
  }

  private scopeText(scope: ProxyScope): string {
    return scope === 'full'
      ? msg('All your information', {id: 'family-scope-full'})
      : msg('Your appointments only', {id: 'family-scope-appointments'});
  }

  /** How she is related to them ("I am their daughter"), as she chose it. */
  private relationshipText(r: Relationship): string {
    switch (r) {
      case 'daughter':
        return msg('I am their daughter', {id: 'family-rel-daughter'});
      case 'son':
        return msg('I am their son', {id: 'family-rel-son'});
      case 'child':
        return msg('I am their child', {id: 'family-rel-child'});
      case 'mother':
        return msg('I am their mother', {id: 'family-rel-mother'});
      case 'father':
        return msg('I am their father', {id: 'family-rel-father'});
      case 'partner':
        return msg('I am their partner', {id: 'family-rel-partner'});
      default:
        return msg('Another relationship', {id: 'family-rel-other'});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private fieldError(field: string) {
    const code = this.errors[field];
    return code
      ? html`<p class="field-error" id=${`family-${field}-error`}>${this.problem(field, code)}</p>`
      : nothing;
  }

  private renderForm() {
    const invalid = (f: string) => (this.errors[f] ? 'true' : 'false');
    const describedBy = (f: string, hint?: string) =>
      [hint ?? '', this.errors[f] ? `family-${f}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<form id="family-form" @submit=${(e: Event) => this.send(e)} novalidate>
      <div class="field">
        <label for="family-email">${this.fieldLabel('email')}</label>
        <p class="hint" id="family-email-hint">
          ${msg('They sign in with the portal account for this address to accept.', {id: 'family-email-hint'})}
        </p>
        <input
          id="family-email"
          name="email"
          type="email"
          autocomplete="off"
          spellcheck="false"
          required
          aria-invalid=${invalid('email')}
          aria-describedby=${describedBy('email', 'family-email-hint')}
        />
        ${this.fieldError('email')}
      </div>
      <fieldset class="field" aria-describedby=${describedBy('scope')}>
        <legend>${this.fieldLabel('scope')}</legend>
        <label class="choice"
          ><input type="radio" name="scope" value="full" checked /> ${msg(
            'All your information: appointments, forms, documents, bills and messages',
            {
              id: 'family-scope-full-long',
            },
          )}</label
        >
        <label class="choice"
          ><input type="radio" name="scope" value="appointments" /> ${this.scopeText('appointments')}</label
        >
        ${this.fieldError('scope')}
      </fieldset>
      <div class="field">
        <label for="family-relationship">${this.fieldLabel('relationship')}</label>
        <select
          id="family-relationship"
          name="relationship"
          aria-invalid=${invalid('relationship')}
          aria-describedby=${describedBy('relationship')}
        >
          ${RELATIONSHIPS.map((r) => html`<option value=${r}>${this.relationshipText(r)}</option>`)}
        </select>
        ${this.fieldError('relationship')}
      </div>
      ${this.renderSummary('family', this.errors, (f) => this.fieldLabel(f))}
      <div class="actions">
        <button class="primary" part="button invite-button" ?disabled=${this.busy}>
          ${this.busy ? msg('Sending…', {id: 'family-sending'}) : msg('Send invitation', {id: 'family-send'})}
        </button>
        <button type="button" part="button" @click=${() => this.close()}>
          ${msg('Cancel', {id: 'medical-cancel'})}
        </button>
      </div>
    </form>`;
  }

  private renderAccess(access: ProxyAccess, clinic: Clinic, adult: boolean) {
    const locale = currentLocale();
    const date = (i: string) => formatDate(i, locale, clinic.timeZone, 'long');
    return html`<h4 id="family-people">
        ${msg('People who can see your information', {id: 'family-people'})}
      </h4>
      ${
        access.grants.length === 0
          ? html`<p class="muted">${msg('Nobody but you.', {id: 'family-nobody'})}</p>`
          : html`<ul class="sessions" aria-labelledby="family-people">
              ${access.grants.map(
                (g) =>
                  html`<li>
                    <strong id=${`family-g-${g.id}`}>${g.givenName} ${g.familyName}</strong><br />
                    <span>${this.scopeText(g.scope)}</span> ·
                    <span>${msg(str`Since ${date(g.since)}`, {id: 'family-since'})}</span>
                    <div class="actions">
                      <button
                        type="button"
                        part="button revoke-button"
                        data-family-revoke=${g.id}
                        aria-describedby=${`family-g-${g.id}`}
                        ?disabled=${this.busy}
                        @click=${() =>
                          void this.change(
                            'revokeProxyAccess',
                            (a, signal) => a.revokeProxyAccess?.(g.id, {signal}),
                            msg(str`${g.givenName} ${g.familyName} can no longer see your information.`, {
                              id: 'family-revoked',
                            }),
                            '#h-family',
                          )}
                      >
                        ${msg('Remove access', {id: 'family-revoke'})}
                      </button>
                    </div>
                  </li>`,
              )}
            </ul>`
      }
      ${
        access.invitations.length === 0
          ? nothing
          : html`<h4 id="family-waiting">${msg('Invitations waiting', {id: 'family-waiting'})}</h4>
              <ul class="sessions" aria-labelledby="family-waiting">
                ${access.invitations.map(
                  (i) =>
                    html`<li>
                      <strong id=${`family-i-${i.id}`}>${i.email}</strong><br />
                      <span>${this.scopeText(i.scope)}</span> ·
                      <span>${msg(str`Expires ${date(i.expiresAt)}`, {id: 'family-expires'})}</span>
                      <div class="actions">
                        <button
                          type="button"
                          part="button"
                          data-family-withdraw=${i.id}
                          aria-describedby=${`family-i-${i.id}`}
                          ?disabled=${this.busy}
                          @click=${() =>
                            void this.change(
                              'revokeProxyAccess',
                              (a, signal) => a.revokeProxyAccess?.(i.id, {signal}),
                              msg(str`The invitation to ${i.email} was withdrawn.`, {id: 'family-withdrawn'}),
                              '#h-family',
                            )}
                        >
                          ${msg('Withdraw invitation', {id: 'family-withdraw'})}
                        </button>
                      </div>
                    </li>`,
                )}
              </ul>`
      }
      ${
        !adult
          ? html`<p class="muted">
              ${msg('You can invite someone once you are of age. Until then, ask the clinic.', {
                id: 'family-minor',
              })}
            </p>`
          : this.inviting
            ? this.renderForm()
            : html`${
                  this.error !== undefined
                    ? this.renderSummary('family', this.errors, (f) => this.fieldLabel(f))
                    : nothing
                }
                <button type="button" part="button" data-family-invite @click=${() => this.open()}>
                  ${msg('Invite someone', {id: 'family-invite'})}
                </button>`
      }`;
  }

  /** The section, for the patient born on `dateOfBirth` at `clinic`. */
  render(clinic: Clinic, dateOfBirth: PlainDate, now: number): TemplateResult {
    const access = this.access;
    const adult = mayInviteProxy(clinic, dateOfBirth, instantToPlainDate(now, clinic.timeZone));
    return this.renderSection(
      {
        name: 'family',
        title: msg('Family and shared access', {id: 'family-title'}),
        intro: msg(
          'People you let see your information in this portal, such as a relative who helps with your care. You can remove anyone’s access at any time.',
          {id: 'family-intro'},
        ),
        loading: msg('Loading who can see your information…', {id: 'family-loading'}),
        focusable: true,
      },
      access && (() => this.renderAccess(access, clinic, adult)),
    );
  }
}
