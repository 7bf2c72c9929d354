/**
 * `<patient-profile>`'s "Insurance" section (#17, item 5; seed 003): the patient's insurance cards —
 * insurer, plan, member number — several, one of them primary. She adds, corrects, makes another
 * primary and removes (removal asks first). A controller of the profile element, as the medical
 * section is: it holds the cards and the open form, and renders the section; the element shows it
 * only when the backend has `capabilities.insurance`. It fires no event. Field problems show at
 * their fields and in a summary that takes focus; the rules (100 characters, a member number of
 * letters, digits, spaces, `-`, `.`, `/`, at most 5 cards, which card is primary) are the domain's
 * (`domain/rules/insurance.ts`), checked again by the backend. Each card's front and back photos
 * are `insurance-photos.ts`'s.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type InsuranceCard,
  type InsuranceCardFields,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import {insuranceCardProblems, MAX_INSURANCE_CARDS} from '../../domain/rules/insurance.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {CardPhotos} from './insurance-photos.js';
import {ProfileSection} from './profile-section.js';

const FIELDS = ['insurer', 'plan', 'memberNumber'] as const;

export class InsuranceSection extends ProfileSection {
  cards?: readonly InsuranceCard[];
  /** The form open: `''` adding a card, an id correcting it. */
  private editing?: string;
  private removing?: string;
  /** Each card's front and back photos (`insurance-photos.ts`). */
  private readonly photos = new CardPhotos(this.host);

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.cards = undefined;
    this.loadError = undefined;
    this.editing = this.removing = undefined;
    this.photos.clear();
    this.reset();
  }

  async load(adapter: PortalAdapter, signal: AbortSignal): Promise<void> {
    const list = adapter.listInsuranceCards?.bind(adapter);
    if (list)
      await this.read(
        'listInsuranceCards',
        signal,
        () => list({signal}),
        (cards) => {
          this.cards = cards;
          void this.photos.load(adapter, cards, signal);
        },
      );
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private open(id: string) {
    this.editing = id;
    this.removing = undefined;
    this.reset();
    void this.focus('#insurance-form input');
  }

  private close() {
    const was = this.editing;
    this.editing = undefined;
    this.reset();
    void this.focus(was ? `[data-ins-edit='${was}']` : '[data-ins-add]');
  }

  /** Runs one change; its answer replaces the cards; a refusal shows in the summary. */
  private async change(
    operation: string,
    run: (a: PortalAdapter, signal: AbortSignal) => Promise<readonly InsuranceCard[] | undefined> | undefined,
    done: string,
    focus: (cards: readonly InsuranceCard[]) => string,
  ) {
    const adapter = this.host.adapter();
    if (!adapter || this.busy) return;
    this.reset();
    this.busy = true;
    this.host.requestUpdate();
    try {
      const cards = await run(adapter, this.host.signal());
      if (!cards) return;
      this.cards = cards;
      void this.photos.load(adapter, cards, this.host.signal());
      this.busy = false;
      this.editing = this.removing = undefined;
      this.done = done;
      this.host.announce(done);
      void this.focus(focus(cards));
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError) this.errors = err.fields;
      else this.error = err;
      this.host.report(err, operation);
      void this.focus('[data-summary=insurance]');
    }
  }

  private save(e: Event) {
    e.preventDefault();
    const id = this.editing;
    if (id === undefined) return;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const card: Record<string, string> = {};
    for (const name of FIELDS) {
      const value = String(data.get(name) ?? '').trim();
      if (value) card[name] = value;
    }
    // The domain's own check first: the same codes the backend would answer, no round trip.
    const local = insuranceCardProblems(card);
    if (Object.keys(local).length > 0) {
      this.reset();
      this.errors = local;
      return void this.focus('[data-summary=insurance]');
    }
    const fields = card as unknown as InsuranceCardFields;
    void this.change(
      id ? 'updateInsuranceCard' : 'addInsuranceCard',
      async (a, signal) => {
        if (!a.addInsuranceCard || !a.updateInsuranceCard) return undefined;
        const saved = id
          ? await a.updateInsuranceCard(id, fields, {signal})
          : await a.addInsuranceCard(fields, {signal});
        const now = this.cards ?? [];
        return id ? now.map((c) => (c.id === id ? saved : c)) : [...now, saved];
      },
      msg('Saved.', {id: 'insurance-saved'}),
      () => '[data-ins-add], #h-insurance',
    );
  }

  // ------------------------------------------------------------------------------------------
  // Text

  private fieldLabel(field: string): string {
    switch (field) {
      case 'insurer':
        return msg('Insurance company', {id: 'insurance-insurer'});
      case 'plan':
        return msg('Plan (optional)', {id: 'insurance-plan'});
      case 'memberNumber':
        return msg('Member number', {id: 'insurance-member-number'});
      default:
        return msg('Insurance', {id: 'insurance-title'});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private input(name: (typeof FIELDS)[number], value: string | undefined) {
    const code = this.errors[name];
    const id = `insurance-${name}`;
    const hint =
      name === 'memberNumber'
        ? html`<p class="hint" id=${`${id}-hint`}>
            ${msg('As printed on the card: letters, digits, spaces, - . /', {id: 'insurance-member-hint'})}
          </p>`
        : nothing;
    const described = [name === 'memberNumber' ? `${id}-hint` : '', code ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for=${id}>${this.fieldLabel(name)}</label>
      ${hint}
      <input
        id=${id}
        name=${name}
        type="text"
        .defaultValue=${value ?? ''}
        autocomplete="off"
        spellcheck="false"
        ?required=${name !== 'plan'}
        aria-invalid=${code ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${code ? html`<p class="field-error" id=${`${id}-error`}>${fieldErrorMessage(code)}</p>` : nothing}
    </div>`;
  }

  private renderForm(card: InsuranceCard | undefined) {
    return html`<form id="insurance-form" @submit=${(e: Event) => this.save(e)} novalidate>
      <div class="grid">${FIELDS.map((name) => this.input(name, card?.[name]))}</div>
      ${this.renderSummary('insurance', this.errors, (f) => this.fieldLabel(f))}
      <div class="actions">
        <button class="primary" part="button save-button" ?disabled=${this.busy}>
          ${this.busy ? msg('Saving…', {id: 'medical-saving'}) : msg('Save', {id: 'medical-save'})}
        </button>
        <button type="button" part="button" @click=${() => this.close()}>
          ${msg('Cancel', {id: 'medical-cancel'})}
        </button>
      </div>
    </form>`;
  }

  private renderCard(c: InsuranceCard) {
    if (this.editing === c.id) return html`<li>${this.renderForm(c)}</li>`;
    const title = c.plan ? `${c.insurer} — ${c.plan}` : c.insurer;
    return html`<li>
      <strong id=${`ins-${c.id}`}>${title}</strong>
      ${
        c.primary
          ? html` <span class="badge" part="insurance-primary"
              >${msg('Primary', {id: 'insurance-primary'})}</span
            >`
          : nothing
      }
      <br />
      <span>${msg(str`Member number: ${c.memberNumber}`, {id: 'insurance-member-value'})}</span>
      ${
        this.removing === c.id
          ? html`<div class="notice" role="group" aria-labelledby=${`ins-remove-${c.id}`}>
              <p id=${`ins-remove-${c.id}`}>
                ${
                  c.primary && (this.cards?.length ?? 0) > 1
                    ? msg(str`Remove “${c.insurer}”? Your oldest other card becomes the primary one.`, {
                        id: 'insurance-remove-primary-confirm',
                      })
                    : msg(str`Remove “${c.insurer}”?`, {id: 'insurance-remove-confirm'})
                }
              </p>
              ${this.renderSummary('insurance', this.errors, (f) => this.fieldLabel(f))}
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  part="button"
                  data-ins-confirm-remove
                  ?disabled=${this.busy}
                  @click=${() =>
                    void this.change(
                      'removeInsuranceCard',
                      (a, signal) => a.removeInsuranceCard?.(c.id, {signal}),
                      msg('Removed.', {id: 'medical-removed'}),
                      () => '#h-insurance',
                    )}
                >
                  ${msg('Remove', {id: 'medical-remove-yes'})}
                </button>
                <button
                  type="button"
                  part="button"
                  @click=${() => {
                    this.removing = undefined;
                    this.reset();
                    void this.focus(`[data-ins-remove='${c.id}']`);
                  }}
                >
                  ${msg('Keep it', {id: 'medical-remove-no'})}
                </button>
              </div>
            </div>`
          : html`<div class="actions">
              <button
                type="button"
                part="button"
                data-ins-edit=${c.id}
                aria-describedby=${`ins-${c.id}`}
                @click=${() => this.open(c.id)}
              >
                ${msg('Edit', {id: 'medical-edit'})}
              </button>
              ${
                c.primary
                  ? nothing
                  : html`<button
                      type="button"
                      part="button"
                      data-ins-primary=${c.id}
                      aria-describedby=${`ins-${c.id}`}
                      ?disabled=${this.busy}
                      @click=${() =>
                        void this.change(
                          'setPrimaryInsuranceCard',
                          (a, signal) => a.setPrimaryInsuranceCard?.(c.id, {signal}),
                          msg(str`“${c.insurer}” is now your primary card.`, {id: 'insurance-now-primary'}),
                          () => `[data-ins-edit='${c.id}']`,
                        )}
                    >
                      ${msg('Make primary', {id: 'insurance-make-primary'})}
                    </button>`
              }
              <button
                type="button"
                part="button"
                data-ins-remove=${c.id}
                aria-describedby=${`ins-${c.id}`}
                @click=${() => {
                  this.removing = c.id;
                  this.editing = undefined;
                  this.reset();
                  void this.focus('[data-ins-confirm-remove]');
                }}
              >
                ${msg('Remove', {id: 'medical-remove'})}
              </button>
            </div>`
      }
      ${this.photos.render(c)}
    </li>`;
  }

  private renderCards(cards: readonly InsuranceCard[]) {
    return html`${
      cards.length === 0
        ? html`<p class="muted">${msg('No insurance cards yet.', {id: 'insurance-none'})}</p>`
        : html`<ul class="sessions" aria-labelledby="h-insurance">
            ${cards.map((c) => this.renderCard(c))}
          </ul>`
    }
    ${
      this.editing === ''
        ? this.renderForm(undefined)
        : cards.length >= MAX_INSURANCE_CARDS
          ? html`<p class="muted">
              ${msg(str`You can keep up to ${MAX_INSURANCE_CARDS} cards. Remove one to add another.`, {
                id: 'insurance-max',
              })}
            </p>`
          : html`<button type="button" part="button" data-ins-add @click=${() => this.open('')}>
              ${msg('Add an insurance card', {id: 'insurance-add'})}
            </button>`
    }`;
  }

  render(): TemplateResult {
    const cards = this.cards;
    void this.photos.paint();
    return this.renderSection(
      {
        name: 'insurance',
        title: msg('Insurance', {id: 'insurance-title'}),
        intro: msg('Your insurance cards. The primary one is the one the clinic bills first.', {
          id: 'insurance-intro',
        }),
        loading: msg('Loading your insurance cards…', {id: 'insurance-loading'}),
        focusable: true,
      },
      cards && (() => this.renderCards(cards)),
    );
  }
}
