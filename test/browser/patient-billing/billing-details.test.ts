/**
 * `<patient-billing>`'s "Billing details" (#20 item 1): whom her invoices are made out to. The demo
 * clinic is in Mexico: legal name, RFC, postal code and régimen fiscal (CFDI 4.0); a bad RFC is
 * refused field by field with a summary that takes focus, and nothing is stored; saved, the
 * invoices name her with her RFC. A clinic in the United States asks the name only and says no tax
 * id is needed. "Remove billing details" asks first (focus on "Remove them"; "Keep them" keeps
 * them and returns focus); removed, none are kept, the invoices name her as the clinic has her
 * and focus is on "Add billing details". Axe in English and Spanish.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../../src/define/patient-billing.js';
import type {PatientBilling} from '../../../src/elements/patient-billing/patient-billing.js';
import {
  createDemoClinicData,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {demoBilling} from '../../../src/adapters/memory/demo-billing.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 11, 5, 18, 0);

async function listed(adapter: MemoryAdapter): Promise<PatientBilling> {
  const el = await fixture<PatientBilling>(html`<patient-billing .adapter=${adapter}></patient-billing>`);
  await until(() => root(el).querySelector('[part~="billing-details"]'), 'billing details shown');
  return el;
}

const section = (el: PatientBilling) => root(el).querySelector<HTMLElement>('[part~="billing-details"]')!;
const field = (el: PatientBilling, name: string) =>
  root(el).querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;

async function fill(el: PatientBilling, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const f = field(el, name);
    f.value = value;
    f.dispatchEvent(new Event('input', {bubbles: true}));
  }
  buttonIn(section(el), 'Save')!.click();
}

describe('<patient-billing> billing details', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('Mexico: a bad RFC is refused at its field with a focused summary, nothing stored; saved, the invoices name her with her RFC', async () => {
    const adapter = await signedInDemo(NOW);
    const el = await listed(adapter);
    expect(text(el)).to.contain('None given: your invoices show your name as the clinic has it.');
    buttonIn(section(el), 'Add billing details')!.click();
    await until(() => deepActive()?.id === 'bd-legalName', 'the name field focused');
    expect([...section(el).querySelectorAll('label')].map((l) => l.textContent?.trim())).to.deep.equal([
      'Legal name',
      'RFC',
      'Postal code of your tax address',
      'Tax regime (régimen fiscal)',
    ]);
    await expectAccessible(el, 'form en');

    await fill(el, {legalName: 'Ana García López', taxId: 'GALE851332AB1'});
    const summary = await until(
      () => section(el).querySelector<HTMLElement>('[data-summary="bd"]'),
      'the error summary',
    );
    await until(() => deepActive() === summary, 'the summary focused');
    expect(field(el, 'taxId').getAttribute('aria-invalid')).to.equal('true');
    expect(section(el).querySelector('#bd-taxId-error')?.textContent).to.contain('doesn’t look right');
    expect((await adapter.getBillingDetails()).details).to.equal(null);
    await expectAccessible(el, 'errors en');

    await fill(el, {taxId: 'GALE850312AB1', postalCode: '06700', taxRegime: '605'});
    await until(() => buttonIn(section(el), 'Edit billing details'), 'saved');
    expect((await adapter.getBillingDetails()).details).to.deep.equal({
      legalName: 'Ana García López',
      taxId: 'GALE850312AB1',
      postalCode: '06700',
      taxRegime: '605',
    });
    expect(section(el).textContent).to.contain('RFC: GALE850312AB1');
    expect(section(el).textContent).to.contain('605 · Wages and salaries');
    // Every invoice on the screen is made out to her with her RFC.
    await until(() => /Billed to: Ana García López/.test(text(el)), 'the invoices reloaded');
    const billed = [...root(el).querySelectorAll('li.invoice .bill-to')].map((p) => p.textContent ?? '');
    expect(billed.length).to.be.greaterThan(0);
    for (const b of billed) expect(b.replace(/\s+/g, ' ')).to.contain('RFC: GALE850312AB1');
    for (const d of root(el).querySelectorAll('details')) d.open = true;
    await expectAccessible(el, 'saved en');

    await spanish(el);
    expect(section(el).textContent).to.contain('Datos de facturación');
    expect(section(el).textContent).to.contain('Sueldos y Salarios');
    expect(text(el)).to.contain('Facturado a');
    buttonIn(section(el), 'Editar datos de facturación')!.click();
    await until(() => field(el, 'taxRegime'), 'the form again');
    expect((field(el, 'taxId') as HTMLInputElement).value).to.equal('GALE850312AB1');
    expect(section(el).textContent).to.contain('Régimen fiscal');
    await expectAccessible(el, 'form es');
  });

  it('removes her billing details after asking: kept on "Keep them", gone on "Remove them", the invoices name her again', async () => {
    const adapter = await signedInDemo(NOW);
    await adapter.saveBillingDetails({legalName: 'Empresa Ejemplo SA'});
    const el = await listed(adapter);
    await until(() => /Billed to: Empresa Ejemplo SA/.test(text(el)), 'the invoices name the company');
    const ask = () => section(el).querySelector<HTMLButtonElement>('[data-bd-remove]');
    expect(ask()?.textContent?.trim()).to.equal('Remove billing details');
    ask()!.click();
    const yes = await until(
      () => section(el).querySelector<HTMLButtonElement>('[data-bd-remove-yes]'),
      'the confirmation',
    );
    await until(() => deepActive() === yes, '"Remove them" focused');
    const group = section(el).querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-labelledby')).to.equal('bd-remove-q');
    expect(group.textContent).to.contain('Your invoices will show your name as the clinic has it.');
    await expectAccessible(el, 'confirm en');
    // "Keep them": nothing removed, focus back on the button that asked.
    buttonIn(section(el), 'Keep them')!.click();
    await until(() => ask() && deepActive() === ask(), 'focus back on "Remove billing details"');
    expect((await adapter.getBillingDetails()).details).to.deep.equal({legalName: 'Empresa Ejemplo SA'});

    await spanish(el);
    buttonIn(section(el), 'Eliminar datos de facturación')!.click();
    await until(() => buttonIn(section(el), 'Eliminarlos'), 'the confirmation in Spanish');
    expect(section(el).textContent).to.contain('¿Eliminar sus datos de facturación?');
    await expectAccessible(el, 'confirm es');
    await setPageLocale('en');
    await until(() => buttonIn(section(el), 'Remove them'), 'English again');
    buttonIn(section(el), 'Remove them')!.click();
    const add = await until(() => buttonIn(section(el), 'Add billing details'), 'removed');
    await until(() => deepActive() === add, '"Add billing details" focused');
    expect((await adapter.getBillingDetails()).details).to.equal(null);
    expect(section(el).textContent).to.contain(
      'None given: your invoices show your name as the clinic has it.',
    );
    expect(ask()).to.equal(null);
    await until(() => !/Empresa Ejemplo SA/.test(text(el)), 'the invoices reloaded');
    expect(text(el)).to.match(/Billed to: \S/);
    await expectAccessible(el, 'removed en');
  });

  it('the United States: the name only, and it says no tax id is needed', async () => {
    const data = createDemoClinicData();
    const adapter = new MemoryAdapter({
      data: {...data, billing: {...demoBilling().profile, country: 'US', taxId: undefined, taxes: []}},
      clock: () => NOW,
      seed: 'us-billing',
    });
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
    const el = await listed(adapter);
    expect(section(el).textContent).to.contain('Invoices from this clinic don’t need a tax ID.');
    buttonIn(section(el), 'Add billing details')!.click();
    await until(() => field(el, 'legalName'), 'the form');
    expect(section(el).querySelectorAll('input, select')).to.have.length(1);
    await fill(el, {legalName: 'Ana Garcia'});
    await until(() => buttonIn(section(el), 'Edit billing details'), 'saved');
    expect((await adapter.getBillingDetails()).details).to.deep.equal({legalName: 'Ana Garcia'});
    await expectAccessible(el, 'us en');
    await spanish(el);
    expect(section(el).textContent).to.contain('no necesitan identificación fiscal');
    await expectAccessible(el, 'us es');
  });
});
