/**
 * `<patient-billing>`'s receipts (#20 item 1): each entry of the payment history has "Receipt
 * (PDF)", named for screen readers by the entry (kind, date, amount); it downloads the backend's
 * receipt through a blob: URL (no id or credential in a link) — a PDF naming the clinic, her and the
 * amount as shown. Axe in English and Spanish.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../../src/define/patient-billing.js';
import type {PatientBilling} from '../../../src/elements/patient-billing/patient-billing.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish} from '../helpers/records.js';
import {squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 11, 5, 18, 0);

/** WinAnsi hex of `s` as our PDF writer draws it (Latin-1 characters as they are). */
const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

describe('<patient-billing> receipts', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('a receipt per history entry, named by it; downloads the PDF through a blob: URL', async () => {
    const adapter = await signedInDemo(NOW);
    const el = await fixture<PatientBilling>(html`<patient-billing .adapter=${adapter}></patient-billing>`);
    const entries = await until(() => {
      const li = [...root(el).querySelectorAll<HTMLElement>('ul.payments li')];
      return li.length > 0 && li.every((l) => l.querySelector('[part~="receipt-button"]')) ? li : undefined;
    }, 'receipt buttons');
    expect(entries.length).to.equal((await adapter.listPayments()).length);
    const deposit = entries.find((li) => /Deposit/.test(li.textContent ?? ''))!;
    const button = deposit.querySelector<HTMLButtonElement>('[part~="receipt-button"]')!;
    const amount = squash(deposit.querySelector('strong')!.textContent);
    expect(squash(button.textContent)).to.equal('Receipt (PDF)');
    expect(button.getAttribute('aria-label')).to.equal(
      `Download receipt: Deposit, ${squash(deposit.querySelector('span')!.textContent)}, ${amount}`,
    );
    await expectAccessible(el, 'receipts en');

    const clicked: {href: string; download: string}[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({href: this.href, download: this.download});
    };
    try {
      button.click();
      await until(() => clicked.length > 0, 'download');
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    const [{href, download}] = clicked as [{href: string; download: string}];
    expect(href.startsWith('blob:')).to.be.true;
    expect(download).to.match(/^F-\d{4}-\d{4}-deposit\.pdf$/);
    const pdf = String.fromCharCode(...new Uint8Array(await (await fetch(href)).arrayBuffer()));
    expect(pdf.startsWith('%PDF-1.4')).to.be.true;
    for (const shown of ['Receipt', amount, 'Method: Card, online'])
      expect(pdf, shown).to.contain(hex(shown));

    await spanish(el);
    const es = root(el).querySelector<HTMLButtonElement>('[part~="receipt-button"]')!;
    expect(squash(es.textContent)).to.equal('Recibo (PDF)');
    expect(es.getAttribute('aria-label')).to.match(/^Descargar recibo: /);
    await expectAccessible(el, 'receipts es');
  });
});
