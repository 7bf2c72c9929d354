/**
 * `<patient-profile>`'s "Medical information" (#17, item 4), through what a patient sees: the demo
 * patient's lists with "Reviewed by the clinic" / "Reported by you"; adding an allergy; a
 * 10,000-character allergy refused with a message at the field and in a summary that takes focus,
 * nothing stored; editing the clinic's entry makes it hers; removing asks first; hidden without
 * `capabilities.medical`; axe in English and Spanish; nothing in events or storage.
 */
import {expect, fixture, html} from '@open-wc/testing';
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
import {deepActive, squash, until} from '../helpers/dom.js';
import {profileSection, root, settle} from './sections.js';

const {section, text, button} = profileSection('section[part~=medical]');
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const demo = (capabilities?: Partial<Capabilities>): MemoryAdapter =>
  createDemoAdapter({clock: () => NOW, capabilities});

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const confirm = () =>
  document
    .querySelector('patient-profile')!
    .shadowRoot!.querySelector<HTMLButtonElement>('[data-confirm-remove]')!;
const field = (el: Element, name: string) =>
  section(el)!.querySelector<HTMLInputElement>(`#medical-form [name=${name}]`)!;

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => /Penicilina/.test(text(el)), 'medical information loaded');
  return el;
}

describe('<patient-profile>: medical information', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('shows each list with who reported it; accessible in English and Spanish', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const t = text(el);
    for (const heading of ['Allergies', 'Current medications', 'Conditions', 'Emergency contacts'])
      expect(t).to.contain(heading);
    expect(t).to.match(/Penicilina.*Urticaria · Moderate.*Reviewed by the clinic/);
    expect(t).to.match(/Levotiroxina.*Reported by you — the clinic will review it/);
    expect(t).to.match(/María López Ruiz.*Madre · \+52 55 8765 4321/);
    expect(t).to.contain('None recorded.');
    await expectAccessible(el, 'medical en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(el);
    expect(text(el)).to.contain('Información médica');
    expect(text(el)).to.contain('Revisado por la clínica');
    expect(text(el)).to.contain('Informado por usted — la clínica lo revisará');
    await expectAccessible(el, 'medical es');
  });

  it('adds an allergy; a 10,000-character one is refused at the field and in a summary that takes focus', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const events: Event[] = [];
    for (const type of ['portal-profile-saved', 'portal-error'])
      el.addEventListener(type, (e) => events.push(e));
    button(el, 'Add an allergy').click();
    await settle(el);
    expect(deepActive()).to.equal(field(el, 'substance'));
    field(el, 'substance').value = 'x'.repeat(10_000);
    field(el, 'substance').form!.requestSubmit();
    await settle(el);
    const summary = section(el)!.querySelector('[data-summary=medical]')!;
    expect(deepActive()).to.equal(summary);
    expect(squash(summary.textContent)).to.match(/What you are allergic to: .+/);
    expect(field(el, 'substance').getAttribute('aria-invalid')).to.equal('true');
    expect((await adapter.getMedicalInfo()).allergies).to.have.length(1);
    await expectAccessible(el, 'medical error en');

    field(el, 'substance').value = 'Látex';
    field(el, 'reaction').value = 'Ronchas';
    (section(el)!.querySelector('#medical-form select[name=severity]') as HTMLSelectElement).value = 'severe';
    field(el, 'substance').form!.requestSubmit();
    await until(() => /Látex/.test(text(el)) && !section(el)!.querySelector('#medical-form'), 'saved');
    expect(text(el)).to.match(/Látex.*Ronchas · Severe.*Reported by you/);
    expect(text(el)).to.contain('Saved. The clinic will review it.');
    const stored = (await adapter.getMedicalInfo()).allergies.at(-1)!;
    expect(stored).to.include({
      substance: 'Látex',
      severity: 'severe',
      reportedBy: 'patient',
      reviewed: false,
    });
    // Nothing about it left the element: no event, nothing in Web Storage, nothing in the URL.
    expect(events).to.deep.equal([]);
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(
      /Látex|Ronchas/,
    );
  });

  it('editing the clinic’s entry makes it the patient’s, to review; removing asks first', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const penicillin = section(el)!.querySelector<HTMLButtonElement>('[data-edit]')!;
    penicillin.click();
    await settle(el);
    expect(field(el, 'substance').value).to.equal('Penicilina');
    field(el, 'reaction').value = 'Urticaria y fiebre';
    field(el, 'substance').form!.requestSubmit();
    await until(() => /Urticaria y fiebre/.test(text(el)), 'edited');
    expect(text(el)).to.match(
      /Penicilina.*Urticaria y fiebre · Moderate.*Reported by you — the clinic will review it/,
    );
    expect(text(el)).to.not.contain('Reviewed by the clinic');

    const remove = section(el)!.querySelectorAll<HTMLButtonElement>('[data-remove]')[1]!; // Levotiroxina
    remove.click();
    await settle(el);
    expect(text(el)).to.contain('Remove “Levotiroxina” from your list?');
    expect(deepActive()).to.equal(confirm());
    await expectAccessible(el, 'medical remove confirmation');
    button(el, 'Keep it').click();
    await settle(el);
    expect(text(el)).to.contain('Levotiroxina');
    remove.click();
    await settle(el);
    confirm().click();
    await until(() => !/Levotiroxina/.test(text(el)), 'removed');
    expect((await adapter.getMedicalInfo()).medications).to.deep.equal([]);
  });

  it('is not shown where the backend has no medical information, and leaves the DOM on sign-out', async () => {
    const without = demo({medical: false});
    await signIn(without);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${without}></patient-profile>`);
    await until(() => root(el).querySelector('input[name=givenName]'), 'profile loaded');
    expect(section(el)).to.equal(null);
    expect(squash(root(el).textContent)).to.not.contain('Medical information');

    const adapter = demo();
    await signIn(adapter);
    const shown = await loaded(adapter);
    await sessionFor(adapter).signOut('user');
    await until(() => !/Penicilina|Levotiroxina|María/.test(squash(root(shown).textContent)), 'cleared');
  });
});
