import {expect, fixture, html} from '@open-wc/testing';
import '../../../src/define/patient-billing.js';
import type {PatientBilling} from '../../../src/elements/patient-billing/patient-billing.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 11, 5, 18, 0);

const signedIn = (): Promise<MemoryAdapter> => signedInDemo(NOW);

async function listed(adapter: MemoryAdapter): Promise<PatientBilling> {
  const el = await fixture<PatientBilling>(html`<patient-billing .adapter=${adapter}></patient-billing>`);
  await until(() => /Payment history/.test(text(el)), 'bills listed');
  return el;
}

describe('<patient-billing>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('signed out: a prompt to sign in, no bills; accessible in English and Spanish', async () => {
    const el = await fixture<PatientBilling>(
      html`<patient-billing .adapter=${createDemoAdapter({clock: () => NOW})}></patient-billing>`,
    );
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    expect(text(el)).to.not.contain('Invoice');
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Inicie sesión para ver sus facturas');
    await expectAccessible(el, 'signed out es');
  });

  it('balance due first, invoices newest first with status, payment history; money in the locale', async () => {
    const adapter = await signedIn();
    const {invoices, balanceDue} = await adapter.listInvoices();
    const el = await listed(adapter);
    const balance = root(el).querySelector('[part~="balance"]')!;
    const due = new Intl.NumberFormat('en', {style: 'currency', currency: 'MXN'}).format(
      balanceDue.amountMinor / 100,
    );
    expect(balance.textContent).to.contain('Balance due');
    expect(balance.textContent).to.contain(due);
    const headings = [...root(el).querySelectorAll('li.invoice h3')].map((h) => h.textContent?.trim());
    expect(headings).to.deep.equal(invoices.map((i) => `Invoice ${i.number}`));
    const statuses = [...root(el).querySelectorAll('li.invoice .status')].map((s) => s.textContent?.trim());
    expect(statuses).to.deep.equal(['Unpaid', 'Paid', 'Paid', 'Paid']);
    expect(root(el).querySelectorAll('ul.payments li')).to.have.length(4);
    expect(text(el)).to.contain('Deposit');
    for (const d of root(el).querySelectorAll('details')) d.open = true;
    await expectAccessible(el, 'list en');
    await spanish(el);
    expect(text(el)).to.contain('Saldo pendiente');
    expect(text(el)).to.contain('Pendiente de pago');
    expect(text(el)).to.contain('Historial de pagos');
    expect(text(el)).to.contain('Anticipo');
    const dueEs = new Intl.NumberFormat('es-MX', {style: 'currency', currency: 'MXN'}).format(
      balanceDue.amountMinor / 100,
    );
    expect(root(el).querySelector('[part~="balance"]')!.textContent).to.contain(dueEs);
    await expectAccessible(el, 'list es');
  });

  it('downloads the PDF through a blob: URL (no credential or id in a link); its total matches the screen', async () => {
    const el = await listed(await signedIn());
    const clicked: {href: string; download: string}[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({href: this.href, download: this.download});
    };
    try {
      const button = [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
        /^Download PDF, invoice/.test(b.getAttribute('aria-label') ?? ''),
      )!;
      button.click();
      await until(() => clicked.length > 0, 'download');
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    const [{href, download}] = clicked as [{href: string; download: string}];
    expect(href.startsWith('blob:')).to.be.true;
    expect(download).to.match(/^F-\d{4}-\d{4}\.pdf$/);
    const bytes = new Uint8Array(await (await fetch(href)).arrayBuffer());
    const pdf = String.fromCharCode(...bytes);
    expect(pdf.startsWith('%PDF-1.4')).to.be.true;
    // The first invoice's total as shown, in the PDF (WinAnsi hex strings).
    const shown = root(el).querySelector('li.invoice .amounts strong')!.textContent!.trim();
    const hex = [...shown].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    expect(pdf).to.contain(hex);
  });

  it('a backend without billing: says so, nothing listed', async () => {
    const adapter = createDemoAdapter({clock: () => NOW, capabilities: {billing: false}});
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
    const el = await fixture<PatientBilling>(html`<patient-billing .adapter=${adapter}></patient-billing>`);
    await until(() => /doesn’t show bills online/.test(text(el)), 'unsupported notice');
    await expectAccessible(el, 'unsupported');
  });
  it('pays the balance with the demo card: a declined card first, then paid; five clicks start one payment', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    const unpaid = () =>
      [...root(el).querySelectorAll<HTMLElement>('li.invoice')].find((li) =>
        li.querySelector('.status.unpaid'),
      );
    const payButton = await until(
      () => unpaid()?.querySelector<HTMLButtonElement>('[part~="pay-button"]'),
      'Pay balance on the unpaid invoice',
    );
    expect(payButton.getAttribute('aria-label')).to.match(/^Pay balance, invoice F-\d{4}-\d{4}$/);
    const intents: string[] = [];
    const create = adapter.createInvoicePaymentIntent.bind(adapter);
    adapter.createInvoicePaymentIntent = async (...args) => {
      const intent = await create(...args);
      intents.push(intent?.id ?? 'null');
      return intent;
    };
    for (let i = 0; i < 5; i++) payButton.click();
    const step = await until(() => unpaid()?.querySelector('portal-payment-step'), 'the payment step');
    const stepRoot = step.shadowRoot!;
    const pay = await until(
      () => stepRoot.querySelector<HTMLButtonElement>('[part~="pay-button"][aria-disabled="false"]'),
      'the step is ready',
    );
    expect(new Set(intents).size, 'one intent for every click').to.equal(1);
    expect(squash(stepRoot.querySelector('[part="amount"]')?.textContent)).to.equal(
      'The balance due on this invoice is MX$1,276.00.',
    );
    expect(squash(pay.textContent)).to.equal('Pay balance');
    await expectAccessible(el, 'paying en');
    // The declined test card first: an error, nothing paid.
    const radios = () => [
      ...(step
        .querySelector<HTMLElement>('.portal-demo-payment')
        ?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? []),
    ];
    radios()[1]!.click();
    pay.click();
    await until(() => stepRoot.querySelector('[part="error"]'), 'declined');
    expect((await adapter.listInvoices()).balanceDue.amountMinor).to.equal(127600);
    radios()[0]!.click();
    pay.click();
    await until(() => !unpaid(), 'no unpaid invoice left');
    await until(() => /Nothing to pay/.test(text(el)), 'nothing to pay');
    expect(text(el)).to.contain('Payment · ');
    const {invoices, balanceDue} = await adapter.listInvoices();
    expect(balanceDue.amountMinor).to.equal(0);
    expect(invoices.every((i) => i.status === 'paid')).to.equal(true);
    expect(root(el).querySelector('[part~="pay-button"]'), 'nothing left to pay').to.be.null;
    await spanish(el);
    await expectAccessible(el, 'paid es');
  });

  it('cards on file: adds a second card through the payment step (declined explained), makes it default, removes the other after confirming', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    const cardsList = () => [...root(el).querySelectorAll<HTMLElement>('ul.cards li.card')];
    await until(() => cardsList().length === 1, 'the seeded card listed');
    expect(squash(cardsList()[0].textContent)).to.match(
      /^Visa ••••\s?ending in 4242 Default Expires 12\/\d{4}/,
    );
    await expectAccessible(el, 'cards en');
    const button = (label: RegExp) =>
      [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) =>
        label.test(b.getAttribute('aria-label') ?? squash(b.textContent)),
      );
    button(/^Add a card$/)!.click();
    const step = await until(
      () => root(el).querySelector('.add-card portal-payment-step'),
      'the payment step',
    );
    const stepRoot = step.shadowRoot!;
    const save = await until(
      () => stepRoot.querySelector<HTMLButtonElement>('[part~="pay-button"][aria-disabled="false"]'),
      'the step is ready',
    );
    expect(squash(stepRoot.querySelector('[part="amount"]')?.textContent)).to.equal(
      'Save a card with the clinic. Nothing is charged now.',
    );
    expect(squash(save.textContent)).to.equal('Save card');
    const radios = () => [
      ...(step
        .querySelector<HTMLElement>('.portal-demo-payment')
        ?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? []),
    ];
    expect(radios()).to.have.length(4);
    await expectAccessible(el, 'adding a card en');
    // The declined test card: explained, nothing saved.
    radios()[3]!.click();
    save.click();
    const error = await until(() => stepRoot.querySelector('[part="error"]'), 'declined');
    expect(squash(error.textContent)).to.match(/didn’t go through.*try another card/);
    expect(await adapter.listCards()).to.have.length(1);
    // The test Mastercard: saved, listed after the default.
    radios()[1]!.click();
    save.click();
    await until(() => cardsList().length === 2, 'two cards');
    expect(root(el).querySelector('.add-card'), 'the step is closed').to.be.null;
    expect(squash(cardsList()[1].textContent)).to.match(/Mastercard ••••\s?ending in 4444/);
    button(/^Make default: Mastercard ending in 4444$/)!.click();
    await until(() => /Mastercard/.test(cardsList()[0].textContent ?? ''), 'Mastercard first');
    expect(squash(cardsList()[0].textContent)).to.contain('Default');
    expect((await adapter.listCards()).find((c) => c.isDefault)?.last4).to.equal('4444');
    // Remove the Visa: a confirmation first; "Keep it" keeps it.
    button(/^Remove Visa ending in 4242$/)!.click();
    await until(() => root(el).querySelector('.confirm'), 'the confirmation');
    expect(squash(root(el).querySelector('.confirm')!.textContent)).to.contain(
      'Remove Visa ending in 4242? The clinic will no longer be able to charge it.',
    );
    await expectAccessible(el, 'confirm remove en');
    button(/^Keep it$/)!.click();
    await until(() => !root(el).querySelector('.confirm'), 'kept');
    expect(cardsList()).to.have.length(2);
    button(/^Remove Visa ending in 4242$/)!.click();
    (await until(() => button(/^Remove card$/), 'Remove card')).click();
    await until(() => cardsList().length === 1, 'one card left');
    expect(squash(cardsList()[0].textContent)).to.match(/^Mastercard ••••\s?ending in 4444 Default/);
    await spanish(el);
    expect(text(el)).to.contain('Tarjetas guardadas');
    expect(text(el)).to.contain('Predeterminada');
    expect(text(el)).to.contain('Agregar una tarjeta');
    await expectAccessible(el, 'cards es');
  });
});
