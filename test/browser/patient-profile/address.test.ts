/**
 * `<patient-profile>`'s preferred name, postal address and the clinic's read-only name (#17 item
 * 1), through what a patient sees: the address form in the clinic's country's fields (Mexico's
 * colonia and municipio o alcaldía, a state list), another country's fields when she picks it (a US
 * ZIP code and the states by name) with what she typed in the shared fields kept; a bad postal
 * code refused at the field and in a summary that takes focus, nothing sent; saved and removed; a
 * preferred name saved and carried by the session (the portal greets her with it); where the
 * clinic keeps her name and date of birth as on her ID, shown without fields and with the clinic's
 * phone; axe in English and Spanish; at 320 px nothing scrolls sideways.
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
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {buttonIn, deepActive, fitsTheWindow, squash, until} from '../helpers/dom.js';
import {profileSection, root, settle} from './sections.js';

const {section, text} = profileSection('section[aria-labelledby="h-address"]');
const NOW = Date.UTC(2026, 2, 2, 16, 0);

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const field = <T extends HTMLElement = HTMLInputElement>(el: Element, name: string) =>
  section(el)!.querySelector<T>(`[name=${name}]`);
const labels = (el: Element) =>
  [...section(el)!.querySelectorAll('label')].map((l) => squash(l.textContent ?? ''));

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => root(el).querySelector('section[aria-labelledby="h-address"]'), 'address shown');
  return el;
}

function type(el: Element, name: string, value: string) {
  const f = field(el, name)!;
  (f as HTMLInputElement).value = value;
  f.dispatchEvent(new Event('input', {bubbles: true}));
}

function choose(el: Element, name: string, value: string) {
  const s = field<HTMLSelectElement>(el, name)!;
  s.value = value;
  s.dispatchEvent(new Event('change', {bubbles: true}));
}

describe('<patient-profile>: preferred name and postal address', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('offers the clinic’s country’s fields, then another country’s, keeping what was typed; accessible in both languages at 320 px', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    await setViewport({width: 320, height: 640});
    const el = await loaded(adapter);
    // The demo clinic is in Mexico: a Mexican address's fields, in its forms' order.
    expect(field<HTMLSelectElement>(el, 'country')!.value).to.equal('MX');
    expect(labels(el)).to.deep.equal([
      'Country',
      'Street and number',
      'Interior number (optional)',
      'Neighborhood (colonia)',
      'Postal code',
      'Municipality or borough',
      'State',
    ]);
    expect(field(el, 'postalCode')!.inputMode).to.equal('numeric');
    expect(field(el, 'line1')!.autocomplete).to.equal('address-line1');
    const states = [...field<HTMLSelectElement>(el, 'region')!.options].map((o) => o.value);
    expect(states).to.include('Ciudad de México');
    fitsTheWindow(el, 'address en 320');
    await expectAccessible(el, 'address en');

    type(el, 'line1', '100 Main St');
    choose(el, 'country', 'US');
    await settle(el);
    expect(labels(el)).to.deep.equal([
      'Country',
      'Street address',
      'Apartment, suite or unit (optional)',
      'City',
      'State',
      'ZIP code',
    ]);
    expect(field(el, 'line1')!.value, 'typed text kept across the country change').to.equal('100 Main St');
    const tx = [...field<HTMLSelectElement>(el, 'region')!.options].find((o) => o.value === 'TX');
    expect(tx?.textContent?.trim()).to.equal('Texas');
    expect(field(el, 'neighborhood')).to.equal(null);

    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    choose(el, 'country', 'MX');
    await settle(el);
    expect(text(el)).to.contain('Dirección postal');
    expect(labels(el)).to.include.members(['Colonia', 'Código postal', 'Municipio o alcaldía', 'Estado']);
    // Countries are named in her language.
    const names = [...field<HTMLSelectElement>(el, 'country')!.options].map((o) => o.textContent?.trim());
    expect(names).to.include.members(['México', 'Estados Unidos', 'España', 'Canadá']);
    fitsTheWindow(el, 'address es 320');
    await expectAccessible(el, 'address es');
  });

  it('refuses a bad postal code at the field and in a summary that takes focus, nothing sent; then saves and removes', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    const el = await loaded(adapter);
    let calls = 0;
    const update = adapter.updateProfile.bind(adapter);
    adapter.updateProfile = (u, o) => {
      calls++;
      return update(u, o);
    };
    type(el, 'line1', 'Av. Álvaro Obregón 120');
    type(el, 'neighborhood', 'Roma Norte');
    type(el, 'postalCode', '0670');
    type(el, 'city', 'Cuauhtémoc');
    choose(el, 'region', 'Ciudad de México');
    field(el, 'line1')!.form!.requestSubmit();
    await settle(el);
    await until(() => root(el).querySelector('[data-summary=address]'), 'summary');
    expect(deepActive()?.getAttribute('data-summary')).to.equal('address');
    expect(field(el, 'postalCode')!.getAttribute('aria-invalid')).to.equal('true');
    expect(text(el)).to.contain('Enter the 5-digit postal code.');
    expect(calls, 'refused before sending').to.equal(0);
    await expectAccessible(el, 'address error');

    type(el, 'postalCode', '06700');
    field(el, 'line1')!.form!.requestSubmit();
    await until(() => /address is saved/.test(text(el)), 'saved');
    expect(calls).to.equal(1);
    expect((await adapter.getProfile()).address).to.deep.equal({
      country: 'MX',
      line1: 'Av. Álvaro Obregón 120',
      neighborhood: 'Roma Norte',
      postalCode: '06700',
      city: 'Cuauhtémoc',
      region: 'Ciudad de México',
    });
    expect(field(el, 'postalCode')!.value).to.equal('06700');

    buttonIn(section(el), 'Remove address')!.click();
    await until(() => /address is removed/.test(text(el)), 'removed');
    expect((await adapter.getProfile()).address).to.equal(undefined);
    expect(buttonIn(section(el), 'Remove address')).to.equal(undefined);
  });

  it('saves a preferred name, which the session (the portal’s greeting) carries', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    const el = await loaded(adapter);
    const preferred = root(el).querySelector<HTMLInputElement>('input[name=preferredName]')!;
    expect(preferred.getAttribute('autocomplete')).to.equal('nickname');
    expect(
      squash(root(el).getElementById(preferred.getAttribute('aria-describedby')!)!.textContent),
    ).to.contain('the name you like to be called by');
    preferred.value = 'Anita';
    preferred.form!.requestSubmit();
    await until(() => /details are saved/.test(squash(root(el).textContent)), 'saved');
    expect((await adapter.getProfile()).preferredName).to.equal('Anita');
    expect(sessionFor(adapter).session?.patient.preferredName).to.equal('Anita');
    expect(sessionFor(adapter).session?.patient.givenName).to.equal('Ana');
  });

  it('shows her name and date of birth without fields where the clinic keeps them as on her ID', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await adapter.ready;
    const data = adapter.state.data;
    adapter.state.data = {...data, clinic: {...data.clinic, identityReadOnly: true}};
    await signIn(adapter);
    const el = await loaded(adapter);
    const all = squash(root(el).textContent);
    expect(root(el).querySelector('input[name=givenName]')).to.equal(null);
    expect(root(el).querySelector('input[name=familyName]')).to.equal(null);
    expect(root(el).querySelector('portal-date-input')).to.equal(null);
    expect(all).to.match(/Given name\s*Ana/);
    expect(all).to.contain('as on your ID');
    expect(all).to.contain('55 5555 0134');
    // What stays hers: the preferred name and the language.
    const preferred = root(el).querySelector<HTMLInputElement>('input[name=preferredName]')!;
    preferred.value = 'Anita';
    preferred.form!.requestSubmit();
    await until(() => /details are saved/.test(squash(root(el).textContent)), 'saved');
    expect((await adapter.getProfile()).preferredName).to.equal('Anita');
    await expectAccessible(el, 'identity read-only en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(squash(root(el).textContent)).to.contain('como en su identificación');
    await expectAccessible(el, 'identity read-only es');
  });
});
