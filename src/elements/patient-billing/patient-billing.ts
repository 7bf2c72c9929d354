import {html, nothing} from 'lit';
import {state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {isAbortError, type InvoiceList, type PortalAdapter} from '../../adapters/adapter.js';
import type {Invoice, InvoiceStatus, PaymentEntry, PaymentKind} from '../../domain/rules/billing.js';
import type {SavedCard} from '../../domain/rules/cards.js';
import type {Money, PaymentIntent} from '../../domain/types.js';
import {errorMessage} from '../../localization/error-messages.js';
import {formatDate, formatPlainDate} from '../../localization/format.js';
import {formatMoney, pickText} from '../../localization/format-basic.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PatientSection} from '../records/patient-section.js';
import {styles} from './patient-billing.styles.js';
import {BillingDetailsSection} from './billing-details.js';

/**
 * The signed-in patient's bills: the balance due at the top, invoices newest first with their
 * status, each one's items, taxes and totals, its PDF (made by the backend) to open or download,
 * and the payment history (deposits, payments, refunds, fees), each entry's receipt as a PDF (made
 * by the backend with the invoice's writer). Amounts in the clinic's currency as
 * the page's locale writes them.
 *
 * The PDF is fetched by the adapter with the session and handed over as a `blob:` URL: no link
 * ever carries a credential or an invoice id the patient could share.
 *
 * Billing details (where the backend keeps them): whom her invoices are made out to — legal name,
 * and the tax id the clinic's country needs (Mexico: RFC, postal code and régimen fiscal for CFDI
 * 4.0; Spain: NIF; elsewhere none, and it says so); each invoice shows whom it is made out to.
 *
 * Cards on file (where the backend has `capabilities.cards`): the patient's saved cards (brand,
 * last four, expiry; the default marked), "Add a card" through the clinic's payment step in its
 * setup mode (nothing charged; card data only in the provider's field), "Make default", and
 * "Remove" after a confirmation.
 *
 * @summary The patient's invoices (PDF), payment history and cards on file.
 * @csspart header - The title bar.
 * @csspart button - Every button.
 * @csspart balance - The balance due box.
 * @csspart receipt-button - "Receipt (PDF)" on each payment history entry.
 * @csspart pay-button - "Pay balance" on an invoice with a balance due (when the backend takes payments).
 * @csspart cards - The list of cards on file.
 * @csspart billing-details - The "Billing details" section.
 * @csspart error-summary - The billing details form's list of problems.
 * @slot payment-field - Where a payment provider's hosted card field goes (Stripe's must be in the page's light DOM).
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons.
 * @fires {PortalErrorEvent} portal-error - When loading the bills, a PDF or starting a payment fails (detail: error code and operation).
 * @tagname patient-billing
 */
export class PatientBilling extends PatientSection {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  @state() private list?: InvoiceList;
  @state() private payments?: readonly PaymentEntry[];
  @state() private pdfError?: unknown;
  @state() private busy = '';
  @state() private unsupported = false;
  @state() private zone = 'UTC';
  /** Whether the backend gives receipts (a "Receipt (PDF)" button per payment history entry). */
  @state() private receipts = false;
  /** Whether the backend takes payments (the "Pay balance" button). */
  @state() private canPay = false;
  /** The invoice being paid and its payment intent (the payment step under it). */
  @state() private paying?: {readonly invoiceId: string; readonly intent: PaymentIntent};
  /** One idempotency key per invoice while this element lives: every "Pay" for it is the same request. */
  private readonly payKeys = new Map<string, string>();
  /** The saved cards (undefined: the backend keeps none). */
  @state() private cards?: readonly SavedCard[];
  /** The card setup being confirmed in the payment step ("Add a card"). */
  @state() private addingCard?: PaymentIntent;
  /** The card whose removal waits for "Remove card" / "Keep it". */
  @state() private removing?: string;
  @state() private cardError?: unknown;
  /** One key per "Add a card" until it is saved: clicks while it starts are the same setup. */
  private cardKey?: string;
  /** "Billing details": whom her invoices are made out to (where the backend keeps them). */
  private readonly details = new BillingDetailsSection({
    adapter: () => this.resolvedAdapter,
    signal: () => this.connectedSignal,
    requestUpdate: () => this.requestUpdate(),
    rendered: () => this.updateComplete,
    root: () => this.renderRoot,
    announce: (text) => this.announce(text),
    report: (e, op) => this.reportError(e, op, true),
    saved: () => this.load(),
  });

  /** Sign-out, expiry or another backend: nothing about the patient stays (QUALITY 12). */
  protected forget(): void {
    this.list = undefined;
    this.payments = undefined;
    this.pdfError = undefined;
    this.unsupported = false;
    this.paying = undefined;
    this.payKeys.clear();
    this.cards = undefined;
    this.addingCard = undefined;
    this.removing = undefined;
    this.cardError = undefined;
    this.cardKey = undefined;
    this.details.clear();
  }

  protected get loaded(): boolean {
    return this.list !== undefined;
  }

  protected get recordsOperation(): string {
    return 'listInvoices';
  }

  protected async fetchRecords(adapter: PortalAdapter, signal: AbortSignal): Promise<() => void> {
    const caps = await adapter.getCapabilities({signal});
    if (caps.billing !== true || !adapter.listInvoices || !adapter.listPayments)
      return () => {
        this.unsupported = true;
      };
    const [clinic, list, payments, cards, details] = await Promise.all([
      adapter.getClinic({signal}),
      adapter.listInvoices({signal}),
      adapter.listPayments({signal}),
      caps.cards === true && adapter.listCards ? adapter.listCards({signal}) : undefined,
      adapter.getBillingDetails?.({signal}),
    ]);
    return () => {
      this.cards = cards;
      this.details.view = details;
      this.zone = clinic.timeZone;
      this.receipts = typeof adapter.getReceiptPdf === 'function';
      this.canPay = caps.payments !== false && typeof adapter.createInvoicePaymentIntent === 'function';
      this.list = list;
      this.payments = payments;
    };
  }

  /**
   * Fetches the PDF of an invoice (or, `receipt`, of a payment history entry: `id` the entry's)
   * and opens it in a new tab (`view`) or saves it (`download`) as `name`.
   */
  private async pdf(id: string, name: string, how: 'view' | 'download', receipt = false) {
    const adapter = this.resolvedAdapter;
    const op = receipt ? 'getReceiptPdf' : 'getInvoicePdf';
    const get = adapter?.[op];
    if (!adapter || !get) return;
    this.busy = id;
    this.pdfError = undefined;
    try {
      const lang = this.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
      const blob = await get.call(
        adapter,
        id,
        {language: lang, locale: this.locale},
        {signal: this.connectedSignal},
      );
      const url = URL.createObjectURL(blob);
      if (how === 'view') window.open(url, '_blank');
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `${name}.pdf`;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      if (isAbortError(e)) return;
      this.pdfError = e;
      this.reportError(e, op, true);
    } finally {
      this.busy = '';
    }
  }

  /**
   * "Pay balance": the backend's payment intent for the balance (the same one for every click), then
   * the clinic's payment step under the invoice; paid, the bills are loaded again.
   */
  private async startPayment(invoice: Invoice) {
    const adapter = this.resolvedAdapter;
    if (!adapter?.createInvoicePaymentIntent) return;
    this.addingCard = undefined; // one payment step at a time (one forwarded field slot)
    this.busy = invoice.id;
    this.pdfError = undefined;
    let key = this.payKeys.get(invoice.id);
    if (!key) this.payKeys.set(invoice.id, (key = crypto.randomUUID()));
    try {
      const [intent] = await Promise.all([
        adapter.createInvoicePaymentIntent(invoice.id, key, {signal: this.connectedSignal}),
        import('../../define/portal-payment-step.js'),
      ]);
      if (intent) this.paying = {invoiceId: invoice.id, intent};
      else await this.load();
    } catch (e) {
      if (isAbortError(e)) return;
      this.pdfError = e;
      this.reportError(e, 'createInvoicePaymentIntent', true);
    } finally {
      this.busy = '';
    }
  }

  private async paid() {
    this.payKeys.delete(this.paying?.invoiceId ?? '');
    await this.load();
    this.paying = undefined;
    this.announce(msg('Payment received. Your bills are up to date.', {id: 'billing-paid-announce'}));
  }

  // ------------------------------------------------------------------------------------------
  // Cards on file

  /** "Add a card": a card setup (the same one for every click until saved), then the payment step. */
  private async addCard() {
    const adapter = this.resolvedAdapter;
    if (!adapter?.startCardSetup || this.busy) return;
    this.busy = 'cards';
    this.cardError = undefined;
    this.removing = undefined;
    this.paying = undefined;
    this.cardKey ??= crypto.randomUUID();
    try {
      const [setup] = await Promise.all([
        adapter.startCardSetup(this.cardKey, {signal: this.connectedSignal}),
        import('../../define/portal-payment-step.js'),
      ]);
      this.addingCard = setup;
    } catch (e) {
      if (isAbortError(e)) return;
      this.cardError = e;
      this.reportError(e, 'startCardSetup', true);
    } finally {
      this.busy = '';
    }
  }

  private async cardSaved() {
    this.cardKey = undefined;
    await this.reloadCards();
    this.addingCard = undefined;
    this.announce(msg('Card saved.', {id: 'billing-card-added'}));
  }

  private async reloadCards() {
    const adapter = this.resolvedAdapter;
    if (!adapter?.listCards) return;
    try {
      this.cards = await adapter.listCards({signal: this.connectedSignal});
    } catch (e) {
      if (isAbortError(e)) return;
      this.cardError = e;
      this.reportError(e, 'listCards', true);
    }
  }

  /** "Make default" or the confirmed "Remove card". */
  private async changeCard(card: SavedCard, action: 'setDefaultCard' | 'removeCard') {
    const adapter = this.resolvedAdapter;
    const run = adapter?.[action];
    if (!adapter || !run || this.busy) return;
    this.busy = card.id;
    this.cardError = undefined;
    try {
      this.cards = await run.call(adapter, card.id, {signal: this.connectedSignal});
      this.removing = undefined;
      this.announce(
        action === 'removeCard'
          ? msg('Card removed.', {id: 'billing-card-removed'})
          : msg(str`${this.cardName(card)} is now your default card.`, {id: 'billing-card-default-set'}),
      );
    } catch (e) {
      if (isAbortError(e)) return;
      this.cardError = e;
      this.reportError(e, action, true);
      await this.reloadCards();
    } finally {
      this.busy = '';
    }
  }

  private brand(card: SavedCard): string {
    if (card.brand === 'visa') return 'Visa';
    if (card.brand === 'mastercard') return 'Mastercard';
    if (card.brand === 'amex') return 'American Express';
    return msg('Card', {id: 'billing-card-other'});
  }

  /** "Visa ending in 4242": how buttons and messages name a card. */
  private cardName(card: SavedCard): string {
    return msg(str`${this.brand(card)} ending in ${card.last4}`, {id: 'billing-card-name'});
  }

  private money(amountMinor: number, currency: string): string {
    return formatMoney({amountMinor, currency}, this.locale);
  }

  private statusLabel(s: InvoiceStatus): string {
    if (s === 'paid') return msg('Paid', {id: 'billing-status-paid'});
    if (s === 'unpaid') return msg('Unpaid', {id: 'billing-status-unpaid'});
    if (s === 'partially-paid') return msg('Partially paid', {id: 'billing-status-partial'});
    return msg('Refunded', {id: 'billing-status-refunded'});
  }

  private kindLabel(k: PaymentKind): string {
    if (k === 'deposit') return msg('Deposit', {id: 'billing-kind-deposit'});
    if (k === 'payment') return msg('Payment', {id: 'billing-kind-payment'});
    if (k === 'refund') return msg('Refund', {id: 'billing-kind-refund'});
    return msg('Fee charged', {id: 'billing-kind-fee'});
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2 tabindex="-1">${msg('Billing', {id: 'billing-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private renderBalance(balance: Money) {
    return html`<div class="balance" part="balance" role="status">
      ${
        balance.amountMinor > 0
          ? html`<span>${msg('Balance due', {id: 'billing-balance'})}</span>
              <strong>${formatMoney(balance, this.locale)}</strong>`
          : html`<span>${msg('Nothing to pay: you’re all settled.', {id: 'billing-settled'})}</span>`
      }
    </div>`;
  }

  private renderInvoice(i: Invoice) {
    const m = (n: number) => this.money(n, i.currency);
    const services = i.visit?.services.map((s) => pickText(s, this.locale)).join(', ');
    const busy = this.busy === i.id;
    return html`<li class="invoice">
      <div class="row">
        <h3>${msg(str`Invoice ${i.number}`, {id: 'billing-invoice'})}</h3>
        <span class="status ${i.status}">${this.statusLabel(i.status)}</span>
      </div>
      <p class="meta">${formatPlainDate(i.date, this.locale)}${services ? html` · ${services}` : nothing}</p>
      <p class="amounts">
        <span>${msg('Total', {id: 'billing-total'})}: <strong>${m(i.totalMinor)}</strong></span>
        ${
          i.balanceDueMinor > 0
            ? html`<span
                >${msg('Balance due', {id: 'billing-balance'})}:
                <strong>${m(i.balanceDueMinor)}</strong></span
              >`
            : nothing
        }
      </p>
      <details>
        <summary>${msg('Items and taxes', {id: 'billing-details'})}</summary>
        ${this.renderBillTo(i)}
        <table>
          <caption class="visually-hidden">
            ${msg(str`Invoice ${i.number}`, {id: 'billing-invoice'})}
          </caption>
          <thead>
            <tr>
              <th scope="col">${msg('Item', {id: 'billing-item'})}</th>
              <th scope="col" class="num">${msg('Amount', {id: 'billing-amount'})}</th>
            </tr>
          </thead>
          <tbody>
            ${i.lines.map(
              (l) =>
                html`<tr>
                  <td>
                    ${pickText(l.description, this.locale)}
                    ${l.quantity > 1 ? html`<br /><small>${l.quantity} × ${m(l.unitPriceMinor)}</small>` : nothing}
                  </td>
                  <td class="num">${m(l.amountMinor)}</td>
                </tr>`,
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${msg('Subtotal', {id: 'billing-subtotal'})}</th>
              <td class="num">${m(i.subtotalMinor)}</td>
            </tr>
            ${i.taxes.map(
              (t) =>
                html`<tr>
                  <th scope="row">${t.label}</th>
                  <td class="num">${m(t.amountMinor)}</td>
                </tr>`,
            )}
            <tr>
              <th scope="row">${msg('Total', {id: 'billing-total'})}</th>
              <td class="num">${m(i.totalMinor)}</td>
            </tr>
            <tr>
              <th scope="row">${msg('Paid', {id: 'billing-paid'})}</th>
              <td class="num">${m(i.paidMinor)}</td>
            </tr>
          </tfoot>
        </table>
      </details>
      ${
        this.paying?.invoiceId === i.id && i.balanceDueMinor > 0
          ? html`<portal-payment-step
              purpose="balance"
              .adapter=${this.resolvedAdapter}
              .intent=${this.paying.intent}
              @portal-payment-succeeded=${() => void this.paid()}
              ><slot name="payment-field" slot="payment-field"></slot
            ></portal-payment-step>`
          : nothing
      }
      <div class="actions">
        ${
          this.canPay && i.balanceDueMinor > 0 && this.paying?.invoiceId !== i.id
            ? html`<button
                type="button"
                part="button pay-button"
                class="primary"
                ?disabled=${busy}
                aria-label=${msg(str`Pay balance, invoice ${i.number}`, {id: 'billing-pay-label'})}
                @click=${() => void this.startPayment(i)}
              >
                ${msg('Pay balance', {id: 'payment-pay-balance'})}
              </button>`
            : nothing
        }
        <button
          type="button"
          part="button"
          class=${this.canPay && i.balanceDueMinor > 0 ? '' : 'primary'}
          ?disabled=${busy}
          aria-label=${msg(str`Open PDF, invoice ${i.number}`, {id: 'billing-view-label'})}
          @click=${() => void this.pdf(i.id, i.number, 'view')}
        >
          ${msg('Open PDF', {id: 'billing-view'})}
        </button>
        <button
          type="button"
          part="button"
          ?disabled=${busy}
          aria-label=${msg(str`Download PDF, invoice ${i.number}`, {id: 'billing-download-label'})}
          @click=${() => void this.pdf(i.id, i.number, 'download')}
        >
          ${msg('Download PDF', {id: 'billing-download'})}
        </button>
      </div>
    </li>`;
  }

  /** Whom the invoice is made out to: her billing details (tax id, and in Mexico CFDI's postal code and régimen). */
  private renderBillTo(i: Invoice) {
    const b = i.billTo;
    const taxId = this.details.taxIdName(this.details.view?.country ?? '');
    return html`<p class="bill-to">
      ${msg('Billed to', {id: 'billing-billed-to'})}: <strong>${b.name}</strong>${
        b.taxId ? html` · <span class="nowrap">${taxId}: ${b.taxId}</span>` : nothing
      }${
        b.postalCode
          ? html` ·
              <span class="nowrap"
                >${msg(str`Tax address postal code: ${b.postalCode}`, {id: 'billing-details-postal-value'})}</span
              >`
          : nothing
      }${
        b.taxRegime
          ? html` ·
              <span class="nowrap"
                >${msg('Tax regime', {id: 'billing-details-regime-short'})}: ${b.taxRegime}</span
              >`
          : nothing
      }
    </p>`;
  }

  private renderCard(card: SavedCard) {
    const name = this.cardName(card);
    const busy = this.busy === card.id;
    const expiry = `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
    return html`<li class="card">
      <div class="row">
        <span class="card-name"
          >${this.brand(card)} <span aria-hidden="true">••••</span
          ><span class="visually-hidden">${msg('ending in', {id: 'billing-card-ending'})}</span>
          ${card.last4}</span
        >
        ${card.isDefault ? html`<span class="status">${msg('Default', {id: 'billing-card-default'})}</span>` : nothing}
      </div>
      <p class="muted">${msg(str`Expires ${expiry}`, {id: 'billing-card-expires'})}</p>
      ${
        this.removing === card.id
          ? html`<div class="confirm" role="group" aria-labelledby="remove-${card.id}">
              <p id="remove-${card.id}">
                ${msg(str`Remove ${name}? The clinic will no longer be able to charge it.`, {id: 'billing-card-remove-confirm'})}
              </p>
              <div class="actions">
                <button
                  type="button"
                  part="button"
                  class="danger"
                  ?disabled=${busy}
                  @click=${() => void this.changeCard(card, 'removeCard')}
                >
                  ${msg('Remove card', {id: 'billing-card-remove-yes'})}
                </button>
                <button
                  type="button"
                  part="button"
                  ?disabled=${busy}
                  @click=${() => (this.removing = undefined)}
                >
                  ${msg('Keep it', {id: 'billing-card-remove-no'})}
                </button>
              </div>
            </div>`
          : html`<div class="actions">
              ${
                card.isDefault
                  ? nothing
                  : html`<button
                      type="button"
                      part="button"
                      ?disabled=${busy}
                      aria-label=${msg(str`Make default: ${name}`, {id: 'billing-card-make-default-label'})}
                      @click=${() => void this.changeCard(card, 'setDefaultCard')}
                    >
                      ${msg('Make default', {id: 'billing-card-make-default'})}
                    </button>`
              }
              <button
                type="button"
                part="button"
                ?disabled=${busy}
                aria-label=${msg(str`Remove ${name}`, {id: 'billing-card-remove-label'})}
                @click=${() => {
                  this.removing = card.id;
                  this.cardError = undefined;
                }}
              >
                ${msg('Remove', {id: 'billing-card-remove'})}
              </button>
            </div>`
      }
    </li>`;
  }

  private renderCards(cards: readonly SavedCard[]) {
    return html`<h3>${msg('Cards on file', {id: 'billing-cards'})}</h3>
      <p class="muted">
        ${msg('Your cards are kept by the clinic’s payment provider; the clinic never sees the full number.', {id: 'billing-cards-hint'})}
      </p>
      ${
        cards.length === 0
          ? html`<p>${msg('No cards saved.', {id: 'billing-cards-none'})}</p>`
          : html`<ul class="cards" part="cards">
              ${cards.map((c) => this.renderCard(c))}
            </ul>`
      }
      ${
        this.cardError !== undefined
          ? html`<p class="notice error" role="alert">${errorMessage(this.cardError)}</p>`
          : nothing
      }
      ${
        this.addingCard
          ? html`<div class="add-card">
              <portal-payment-step
                .adapter=${this.resolvedAdapter}
                .intent=${this.addingCard}
                @portal-payment-succeeded=${() => void this.cardSaved()}
                ><slot name="payment-field" slot="payment-field"></slot
              ></portal-payment-step>
              <div class="actions">
                <button type="button" part="button" @click=${() => (this.addingCard = undefined)}>
                  ${msg('Cancel', {id: 'billing-card-add-cancel'})}
                </button>
              </div>
            </div>`
          : html`<div class="actions">
              <button
                type="button"
                part="button"
                ?disabled=${this.busy === 'cards'}
                @click=${() => void this.addCard()}
              >
                ${msg('Add a card', {id: 'billing-card-add'})}
              </button>
            </div>`
      }`;
  }

  private renderPayments(payments: readonly PaymentEntry[], invoices: readonly Invoice[]) {
    return html`<h3>${msg('Payment history', {id: 'billing-history'})}</h3>
      ${
        payments.length === 0
          ? html`<p>${msg('No payments yet.', {id: 'billing-no-payments'})}</p>`
          : html`<ul class="payments">
              ${payments.map((p) => {
                const number = invoices.find((i) => i.id === p.invoiceId)?.number;
                const amount = formatMoney(p.amount, this.locale);
                const date = formatDate(p.at, this.locale, this.zone, 'long');
                const kind = this.kindLabel(p.kind);
                return html`<li>
                  <span>${date}</span>
                  <span>${kind}${number ? html` · <span class="nowrap">${number}</span>` : nothing}</span>
                  <strong class="num">${p.kind === 'refund' ? `−${amount}` : amount}</strong>
                  ${
                    this.receipts
                      ? html`<button
                          type="button"
                          part="button receipt-button"
                          class="receipt"
                          ?disabled=${this.busy === p.id}
                          aria-label=${msg(str`Download receipt: ${kind}, ${date}, ${amount}`, {id: 'billing-receipt-label'})}
                          @click=${() => void this.pdf(p.id, `${number ?? ''}-${p.kind}`, 'download', true)}
                        >
                          ${msg('Receipt (PDF)', {id: 'billing-receipt'})}
                        </button>`
                      : nothing
                  }
                </li>`;
              })}
            </ul>`
      }`;
  }

  override render() {
    const gate = this.renderGate({
      noBackend: msg('Billing isn’t set up on this page.', {id: 'billing-no-backend'}),
      signIn: msg('Please sign in to see your bills.', {id: 'billing-sign-in'}),
    });
    if (gate) return html`${this.renderHeader()}${gate}`;
    if (this.unsupported)
      return html`${this.renderHeader()}
        <p class="notice">${msg('This clinic doesn’t show bills online.', {id: 'billing-unsupported'})}</p>`;
    const list = this.list;
    if (!list)
      return html`${this.renderHeader()}
        <p class="notice" role="status">${msg('Loading your bills…', {id: 'billing-loading'})}</p>`;
    return html`${this.renderHeader()} ${this.renderSessionWarning()} ${this.renderBalance(list.balanceDue)}
      ${
        this.pdfError !== undefined
          ? html`<p class="notice error" role="alert">${errorMessage(this.pdfError)}</p>`
          : nothing
      }
      <h3>${msg('Invoices', {id: 'billing-invoices'})}</h3>
      ${
        list.invoices.length === 0
          ? html`<p>${msg('No invoices yet.', {id: 'billing-no-invoices'})}</p>`
          : html`<ul class="invoices">
              ${list.invoices.map((i) => this.renderInvoice(i))}
            </ul>`
      }
      ${this.renderPayments(this.payments ?? [], list.invoices)} ${this.details.render()}
      ${this.cards ? this.renderCards(this.cards) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-billing': PatientBilling;
  }
}
