/**
 * `<patient-billing>`'s "Billing details" (#20, item 1): whom her invoices are made out to — her
 * legal name and, where the clinic's country needs them, her tax id (Mexico: RFC with the postal
 * code of her fiscal address and her régimen fiscal, as CFDI 4.0 asks; Spain: NIF). Elsewhere the
 * section says no tax id is needed. Which fields are asked comes from the backend (the rule's
 * `billingDetailsFields`, in the view), not from a copy here. A controller of the element (as the profile's insurance
 * section is): it holds the details and the open form and renders them. What is accepted is the
 * domain's rule (`rules/billing-details.ts`), checked by the backend: its field codes show at the
 * fields and in a summary that takes focus. Saved, the invoices are loaded again (they name her).
 * **Remove billing details** asks first ("Remove them" / "Keep them"); removed, her invoices name
 * her as the clinic has her again, and focus goes to **Add billing details**.
 */
import {html, nothing} from 'lit';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type BillingDetailsInput,
  type BillingDetailsView,
  type FieldErrorCode,
  type PortalAdapter,
} from '../../adapters/adapter.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';

/** What the controller needs of the element. */
export interface DetailsHost {
  adapter(): PortalAdapter | undefined;
  signal(): AbortSignal;
  requestUpdate(): void;
  rendered(): Promise<unknown>;
  root(): ParentNode;
  announce(text: string): void;
  report(error: unknown, operation: string): void;
  /** The details changed: the invoices name her anew. */
  saved(): Promise<void>;
}

type Field = 'legalName' | 'taxId' | 'postalCode' | 'taxRegime';

export class BillingDetailsSection {
  view?: BillingDetailsView;
  private editing = false;
  /** "Remove billing details" asked: the confirmation shows. */
  private removing = false;
  private busy = false;
  private errors: Readonly<Record<string, FieldErrorCode>> = {};
  private error?: unknown;

  constructor(private readonly host: DetailsHost) {}

  clear(): void {
    this.view = undefined;
    this.editing = this.busy = this.removing = false;
    this.errors = {};
    this.error = undefined;
  }

  private async focus(selector: string) {
    this.host.requestUpdate();
    await this.host.rendered();
    this.host.root().querySelector<HTMLElement>(selector)?.focus();
  }

  private open(editing: boolean) {
    this.editing = editing;
    this.removing = false;
    this.errors = {};
    this.error = undefined;
    void this.focus(editing ? '#bd-legalName' : '[data-bd-edit]');
  }

  private async save(e: Event) {
    e.preventDefault();
    const adapter = this.host.adapter();
    if (!adapter?.saveBillingDetails || this.busy) return;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const details: Record<string, string> = {};
    for (const [k, v] of data) if (typeof v === 'string' && v.trim()) details[k] = v.trim();
    this.busy = true;
    this.errors = {};
    this.error = undefined;
    this.host.requestUpdate();
    try {
      this.view = await adapter.saveBillingDetails(details as unknown as BillingDetailsInput, {
        signal: this.host.signal(),
      });
      this.busy = this.editing = false;
      this.host.announce(
        msg('Billing details saved. Your invoices are made out to them.', {id: 'billing-details-saved'}),
      );
      void this.focus('[data-bd-edit]');
      await this.host.saved();
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError) this.errors = err.fields;
      else this.error = err;
      this.host.report(err, 'saveBillingDetails');
      void this.focus('[data-summary=bd]');
    }
  }

  private ask(removing: boolean) {
    this.removing = removing;
    this.error = undefined;
    void this.focus(removing ? '[data-bd-remove-yes]' : '[data-bd-remove]');
  }

  private async remove() {
    const adapter = this.host.adapter();
    if (!adapter?.removeBillingDetails || this.busy) return;
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      this.view = await adapter.removeBillingDetails({signal: this.host.signal()});
      this.busy = this.removing = false;
      this.host.announce(
        msg('Billing details removed. Your invoices show your name as the clinic has it.', {
          id: 'billing-details-removed',
        }),
      );
      void this.focus('[data-bd-edit]');
      await this.host.saved();
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      this.error = err;
      this.host.report(err, 'removeBillingDetails');
      void this.focus('[data-summary=bd]');
    }
  }

  /** RFC, NIF, or "Tax ID" where the country has no name for it. */
  taxIdName(country: string): string {
    return country === 'MX'
      ? 'RFC'
      : country === 'ES'
        ? 'NIF'
        : msg('Tax ID', {id: 'billing-details-tax-id'});
  }

  private label(f: string, country: string): string {
    if (f === 'legalName') return msg('Legal name', {id: 'billing-details-name'});
    if (f === 'taxId') return this.taxIdName(country);
    if (f === 'postalCode') return msg('Postal code of your tax address', {id: 'billing-details-postal'});
    return msg('Tax regime (régimen fiscal)', {id: 'billing-details-regime'});
  }

  private regimeName(code: string): string {
    const names: Record<string, string> = {
      '605': msg('Wages and salaries', {id: 'regime-605'}),
      '606': msg('Rental income', {id: 'regime-606'}),
      '612': msg('Business and professional activities', {id: 'regime-612'}),
      '616': msg('No tax obligations', {id: 'regime-616'}),
      '621': msg('Tax incorporation (RIF)', {id: 'regime-621'}),
      '626': msg('Simplified trust regime (RESICO)', {id: 'regime-626'}),
      '601': msg('Companies: general regime', {id: 'regime-601'}),
      '603': msg('Non-profit organizations', {id: 'regime-603'}),
    };
    return `${code} · ${names[code] ?? ''}`;
  }

  private hint(f: Field, country: string) {
    if (f === 'legalName')
      return msg('As it must appear on your invoices: your full name or your company’s.', {
        id: 'billing-details-name-hint',
      });
    if (f === 'taxId')
      return country === 'MX'
        ? msg('Only if you need a CFDI invoice: 13 characters (12 for a company), e.g. GALE850312AB1.', {
            id: 'billing-details-rfc-hint',
          })
        : msg('Only if you need it on your invoices: DNI or NIE with its letter, or a company’s CIF.', {
            id: 'billing-details-nif-hint',
          });
    if (f === 'postalCode')
      return msg('5 digits, as on your tax status certificate. Needed with an RFC.', {
        id: 'billing-details-postal-hint',
      });
    return msg('As on your tax status certificate. Needed with an RFC.', {id: 'billing-details-regime-hint'});
  }

  private input(f: Field, view: BillingDetailsView, value: string | undefined) {
    const country = view.country;
    const code = this.errors[f];
    const id = `bd-${f}`;
    const described = `${id}-hint${code ? ` ${id}-error` : ''}`;
    const control =
      f === 'taxRegime'
        ? html`<select
            id=${id}
            name=${f}
            aria-invalid=${code ? 'true' : 'false'}
            aria-describedby=${described}
          >
            <option value="">${msg('Choose…', {id: 'billing-details-choose'})}</option>
            ${(view.taxRegimes ?? []).map((r) => html`<option value=${r} ?selected=${value === r}>${this.regimeName(r)}</option>`)}
          </select>`
        : html`<input
            id=${id}
            name=${f}
            type="text"
            .defaultValue=${value ?? ''}
            autocomplete=${f === 'legalName' ? 'name' : f === 'postalCode' ? 'postal-code' : 'off'}
            inputmode=${f === 'postalCode' ? 'numeric' : nothing}
            spellcheck="false"
            ?required=${f === 'legalName'}
            aria-invalid=${code ? 'true' : 'false'}
            aria-describedby=${described}
          />`;
    return html`<div class="field">
      <label for=${id}>${this.label(f, country)}</label>
      <p class="hint" id=${`${id}-hint`}>${this.hint(f, country)}</p>
      ${control}
      ${code ? html`<p class="field-error" id=${`${id}-error`}>${fieldErrorMessage(code)}</p>` : nothing}
    </div>`;
  }

  private renderSummary(country: string) {
    const entries = Object.entries(this.errors);
    if (this.error === undefined && !entries.length) return nothing;
    return html`<div class="notice error" part="error-summary" data-summary="bd" tabindex="-1" role="alert">
      ${
        this.error !== undefined
          ? html`<p>${errorMessage(this.error)}</p>`
          : html`<strong>${msg('Please check the following:', {id: 'billing-details-check'})}</strong>
              <ul>
                ${entries.map(([f, c]) => html`<li>${this.label(f, country)}: ${fieldErrorMessage(c)}</li>`)}
              </ul>`
      }
    </div>`;
  }

  render() {
    const view = this.view;
    if (!view) return nothing;
    const {country, details, fields} = view;
    return html`<section part="billing-details" aria-labelledby="h-bd">
      <h3 id="h-bd">${msg('Billing details', {id: 'billing-details-title'})}</h3>
      <p class="muted">
        ${
          fields.length > 1
            ? msg('Whom your invoices are made out to.', {id: 'billing-details-intro'})
            : msg('Whom your invoices are made out to. Invoices from this clinic don’t need a tax ID.', {
                id: 'billing-details-intro-no-tax-id',
              })
        }
      </p>
      ${
        this.editing
          ? html`<form class="details-form" novalidate @submit=${(e: Event) => void this.save(e)}>
              ${fields.map((f) => this.input(f, view, details?.[f]))} ${this.renderSummary(country)}
              <div class="actions">
                <button class="primary" part="button" ?disabled=${this.busy}>
                  ${this.busy ? msg('Saving…', {id: 'billing-details-saving'}) : msg('Save', {id: 'billing-details-save'})}
                </button>
                <button type="button" part="button" @click=${() => this.open(false)}>
                  ${msg('Cancel', {id: 'billing-details-cancel'})}
                </button>
              </div>
            </form>`
          : html`${
              details
                ? html`<p class="bill-to">
                    <strong>${details.legalName}</strong>
                    ${details.taxId ? html`<br />${this.taxIdName(country)}: ${details.taxId}` : nothing}
                    ${
                      details.postalCode
                        ? html`<br />${msg(str`Tax address postal code: ${details.postalCode}`, {id: 'billing-details-postal-value'})}`
                        : nothing
                    }
                    ${
                      details.taxRegime
                        ? html`<br />${msg('Tax regime', {id: 'billing-details-regime-short'})}:
                            ${this.regimeName(details.taxRegime)}`
                        : nothing
                    }
                  </p>`
                : html`<p>
                    ${msg('None given: your invoices show your name as the clinic has it.', {id: 'billing-details-none'})}
                  </p>`
            }
            ${this.renderSummary(country)}
            ${
              details && this.removing
                ? html`<div class="confirm" role="group" aria-labelledby="bd-remove-q">
                    <p id="bd-remove-q">
                      ${msg('Remove your billing details? Your invoices will show your name as the clinic has it.', {id: 'billing-details-remove-confirm'})}
                    </p>
                    <div class="actions">
                      <button
                        type="button"
                        part="button"
                        class="danger"
                        data-bd-remove-yes
                        ?disabled=${this.busy}
                        @click=${() => void this.remove()}
                      >
                        ${msg('Remove them', {id: 'billing-details-remove-yes'})}
                      </button>
                      <button
                        type="button"
                        part="button"
                        ?disabled=${this.busy}
                        @click=${() => this.ask(false)}
                      >
                        ${msg('Keep them', {id: 'billing-details-remove-no'})}
                      </button>
                    </div>
                  </div>`
                : html`<div class="actions">
                    <button type="button" part="button" data-bd-edit @click=${() => this.open(true)}>
                      ${
                        details
                          ? msg('Edit billing details', {id: 'billing-details-edit'})
                          : msg('Add billing details', {id: 'billing-details-add'})
                      }
                    </button>
                    ${
                      details && this.host.adapter()?.removeBillingDetails
                        ? html`<button
                            type="button"
                            part="button"
                            data-bd-remove
                            @click=${() => this.ask(true)}
                          >
                            ${msg('Remove billing details', {id: 'billing-details-remove'})}
                          </button>`
                        : nothing
                    }
                  </div>`
            }`
      }
    </section>`;
  }
}
