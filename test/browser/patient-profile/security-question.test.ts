/**
 * `<patient-profile>`'s "Security question" (#17 item 2, seed 002), through what a patient sees:
 * shown where the clinic asks for one (the demo clinic: optional), "You have not set a security
 * question."; empty fields and a wrong current password refused at the fields and in a summary
 * that takes focus, nothing stored; then saved: her question shown, the answer nowhere in the
 * page, the form emptied, `portal-profile-saved` with the field's name only; not shown where the
 * backend lacks the operation; axe in English and Spanish; at 320 px nothing scrolls sideways.
 */
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-profile.js';
import type {PatientProfile} from '../../../src/elements/patient-profile/patient-profile.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import type {PortalProfileSavedEvent} from '../../../src/elements/patient-profile/patient-profile.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {buttonIn, deepActive, fitsTheWindow, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const root = (el: Element) => el.shadowRoot!;
const section = (el: Element) => root(el).querySelector<HTMLElement>('section[aria-labelledby="h-security"]');
const text = (el: Element) => squash(section(el)?.textContent ?? '');
const field = (el: Element, name: string) => section(el)!.querySelector<HTMLInputElement>(`[name=${name}]`)!;
const save = (el: Element) => buttonIn(section(el)!, /security question/)!;

async function settle(el: PatientProfile) {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => section(el), 'security question shown');
  return el;
}

describe('<patient-profile>: security question', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('is offered where the clinic asks; accessible in English and Spanish, fits 320 px', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    const el = await loaded(adapter);
    expect(text(el)).to.contain('You have not set a security question.');
    expect(squash(save(el).textContent)).to.equal('Save security question');
    for (const name of ['question', 'answer', 'currentPassword'])
      expect(root(el).querySelector(`label[for="${field(el, name).id}"]`), name).to.exist;
    expect(field(el, 'currentPassword').type).to.equal('password');
    await expectAccessible(el, 'security en');
    await setPageLocale('es');
    await localeReady();
    await settle(el);
    expect(text(el)).to.contain('No ha elegido una pregunta de seguridad.');
    expect(text(el)).to.contain('Pregunta de seguridad');
    await expectAccessible(el, 'security es');
    await setViewport({width: 320, height: 640});
    await settle(el);
    fitsTheWindow(el, 'security es 320');
  });

  it('refuses empty fields and a wrong password with nothing stored, then saves; the answer never shown', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    const el = await loaded(adapter);
    const saved: PortalProfileSavedEvent[] = [];
    el.addEventListener('portal-profile-saved', (e) => saved.push(e));
    save(el).click();
    await settle(el);
    const summary = () => section(el)!.querySelector('[data-summary=security]')!;
    expect(deepActive()).to.equal(summary());
    for (const name of ['question', 'answer', 'currentPassword'])
      expect(field(el, name).getAttribute('aria-invalid'), name).to.equal('true');

    field(el, 'question').value = '¿Nombre de mi primera mascota?';
    field(el, 'answer').value = 'Canela';
    field(el, 'currentPassword').value = 'not my password';
    save(el).click();
    await until(() => /That is not your current password/.test(text(el)), 'wrong password');
    expect(deepActive()).to.equal(summary());
    expect((await adapter.getProfile()).securityQuestion).to.equal(undefined);
    await expectAccessible(el, 'security errors');

    field(el, 'currentPassword').value = DEMO_PATIENT_PASSWORD;
    save(el).click();
    await until(() => /Your security question is saved/.test(text(el)), 'saved');
    expect(text(el)).to.contain('Your question: ¿Nombre de mi primera mascota?');
    expect(squash(save(el).textContent)).to.equal('Change security question');
    // The form is emptied: the answer is nowhere in the page, nor in storage or the URL.
    for (const name of ['question', 'answer', 'currentPassword'])
      expect(field(el, name).value, name).to.equal('');
    expect(squash(root(el).textContent)).to.not.contain('Canela');
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(
      /canela|mascota/i,
    );
    expect(saved.map((e) => [...e.fields])).to.deep.equal([['securityQuestion']]);
    expect((await adapter.getProfile()).securityQuestion).to.equal('¿Nombre de mi primera mascota?');
  });

  it('is not shown where the backend has no such operation', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    Object.defineProperty(adapter, 'setSecurityAnswer', {value: undefined});
    await signIn(adapter);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
    await until(() => root(el).querySelector('#h-password'), 'loaded');
    expect(section(el)).to.equal(null);
  });
});
