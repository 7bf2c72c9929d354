/**
 * `<patient-profile>`'s "Insurance" (#17, item 5), through what a patient sees: the demo patient's
 * card marked "Primary"; adding a second card; a member number with a script tag refused at the
 * field and in a summary that takes focus, nothing stored; making the new card primary; removing
 * the primary asks first and the other becomes primary; hidden without `capabilities.insurance`;
 * axe in English and Spanish; at 320 px nothing scrolls sideways; nothing in events or storage.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-profile.js';
import type {PatientProfile} from '../../../src/elements/patient-profile/patient-profile.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import type {Capabilities} from '../../../src/adapters/adapter.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {buttonIn, deepActive, fitsTheWindow, squash, until} from '../helpers/dom.js';
import {profileSection, root, settle} from './sections.js';

const {section, text, button} = profileSection('section[part~=insurance]');
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const demo = (capabilities?: Partial<Capabilities>): MemoryAdapter =>
  createDemoAdapter({clock: () => NOW, capabilities});

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const field = (el: Element, name: string) =>
  section(el)!.querySelector<HTMLInputElement>(`#insurance-form [name=${name}]`)!;

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => /Seguros Monterrey/.test(text(el)), 'insurance loaded');
  return el;
}

describe('<patient-profile>: insurance', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('shows the demo patient’s primary card; accessible in English and Spanish, fits 320 px', async () => {
    const adapter = demo();
    await signIn(adapter);
    await setViewport({width: 320, height: 640});
    const el = await loaded(adapter);
    expect(text(el)).to.match(
      /Insurance.*Seguros Monterrey — Gastos Médicos Mayores Primary Member number: GMM-4471-0923/,
    );
    expect(buttonIn(section(el)!, 'Make primary')).to.equal(undefined);
    fitsTheWindow(el, 'insurance en 320');
    await expectAccessible(el, 'insurance en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(text(el)).to.match(/Seguro médico.*Principal Número de afiliado: GMM-4471-0923/);
    button(el, 'Agregar una tarjeta de seguro').click();
    await settle(el);
    expect(text(el)).to.contain('Aseguradora');
    fitsTheWindow(el, 'insurance es 320');
    await expectAccessible(el, 'insurance es form');
  });

  it('adds a card; a bad member number is refused at the field and in a summary that takes focus', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));
    button(el, 'Add an insurance card').click();
    await settle(el);
    expect(deepActive()).to.equal(field(el, 'insurer'));
    field(el, 'insurer').value = 'GNP Seguros';
    field(el, 'memberNumber').value = '<script>alert(1)</script>';
    field(el, 'insurer').form!.requestSubmit();
    await settle(el);
    const summary = section(el)!.querySelector('[data-summary=insurance]')!;
    expect(deepActive()).to.equal(summary);
    expect(squash(summary.textContent)).to.match(/Member number: .+/);
    expect(field(el, 'memberNumber').getAttribute('aria-invalid')).to.equal('true');
    expect(await adapter.listInsuranceCards()).to.have.length(1);
    await expectAccessible(el, 'insurance error en');

    field(el, 'memberNumber').value = 'GNP 0099-12';
    field(el, 'plan').value = 'Plata';
    field(el, 'insurer').form!.requestSubmit();
    await until(
      () => /GNP Seguros/.test(text(el)) && !section(el)!.querySelector('#insurance-form'),
      'saved',
    );
    expect(text(el)).to.match(/GNP Seguros — Plata Member number: GNP 0099-12 Edit Make primary Remove/);
    expect(text(el)).to.contain('Saved.');
    expect((await adapter.listInsuranceCards()).map((c) => [c.memberNumber, c.primary])).to.deep.equal([
      ['GMM-4471-0923', true],
      ['GNP 0099-12', false],
    ]);
    // Nothing about it left the element: no event, nothing in Web Storage, nothing in the URL.
    expect(events).to.deep.equal([]);
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(/GNP|4471/);
  });

  it('makes another card primary; removing the primary asks first and the other becomes primary', async () => {
    const adapter = demo();
    await signIn(adapter);
    const second = await adapter.addInsuranceCard({insurer: 'AXA', memberNumber: 'AXA-1'});
    const el = await loaded(adapter);
    await until(() => /AXA/.test(text(el)), 'second card');
    button(el, 'Make primary').click();
    await until(() => /“AXA” is now your primary card\./.test(text(el)), 'made primary');
    expect(text(el)).to.match(/AXA Primary Member number: AXA-1.*Seguros Monterrey/);
    expect(deepActive()).to.equal(section(el)!.querySelector(`[data-ins-edit='${second.id}']`));

    section(el)!.querySelector<HTMLButtonElement>(`[data-ins-remove='${second.id}']`)!.click();
    await settle(el);
    expect(text(el)).to.contain('Remove “AXA”? Your oldest other card becomes the primary one.');
    const confirm = section(el)!.querySelector<HTMLButtonElement>('[data-ins-confirm-remove]')!;
    expect(deepActive()).to.equal(confirm);
    await expectAccessible(el, 'insurance remove confirmation');
    button(el, 'Keep it').click();
    await settle(el);
    expect(text(el)).to.contain('AXA');
    section(el)!.querySelector<HTMLButtonElement>(`[data-ins-remove='${second.id}']`)!.click();
    await settle(el);
    section(el)!.querySelector<HTMLButtonElement>('[data-ins-confirm-remove]')!.click();
    await until(() => !/AXA/.test(text(el)), 'removed');
    expect(text(el)).to.match(/Seguros Monterrey — Gastos Médicos Mayores Primary/);
    expect(deepActive()).to.equal(root(el).querySelector('#h-insurance'));
    expect((await adapter.listInsuranceCards()).map((c) => c.primary)).to.deep.equal([true]);
  });

  it('is not shown where the backend has no insurance cards, and leaves the DOM on sign-out', async () => {
    const without = demo({insurance: false});
    await signIn(without);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${without}></patient-profile>`);
    await until(() => root(el).querySelector('input[name=givenName]'), 'profile loaded');
    await settle(el);
    expect(section(el)).to.equal(null);
    expect(squash(root(el).textContent)).to.not.contain('Insurance');

    const adapter = demo();
    await signIn(adapter);
    const shown = await loaded(adapter);
    await sessionFor(adapter).signOut('user');
    await until(() => !/Monterrey|GMM-4471/.test(squash(root(shown).textContent)), 'cleared');
  });
});
