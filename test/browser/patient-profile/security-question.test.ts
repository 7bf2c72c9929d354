/**
 * `<patient-profile>`'s "Security question" (#17 item 2, seed 002), through what a patient sees:
 * shown where the clinic asks for one (the demo clinic: optional), "You have not set a security
 * question."; empty fields and a wrong current password refused at the fields and in a summary
 * that takes focus, nothing stored; then saved: her question shown, the answer nowhere in the
 * page, the form emptied, `portal-profile-saved` with the field's name only; not shown where the
 * backend lacks the operation; axe in English and Spanish; at 320 px nothing scrolls sideways.
 * Removing it where the clinic leaves it optional (asks first, with her current password; "Keep
 * it" returns focus; a wrong password refused, nothing removed); where the clinic requires one, no
 * way to remove it, and a patient without one is asked first thing ("Action required", a button to
 * the question field).
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

/** The clinic's setting changed (as its configuration would): the demo's data, after its seed. */
async function clinicSetting(adapter: MemoryAdapter, securityQuestion: 'optional' | 'required') {
  await adapter.ready;
  const data = adapter.state.data;
  adapter.state.data = {...data, clinic: {...data.clinic, securityQuestion}};
}

async function setQuestion(adapter: MemoryAdapter) {
  await adapter.setSecurityAnswer({
    currentPassword: DEMO_PATIENT_PASSWORD,
    question: 'Ciudad natal',
    answer: 'Oaxaca',
  });
}

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

  it('is removed where the clinic leaves it optional: asks first, with her current password', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    await setQuestion(adapter);
    const el = await loaded(adapter);
    const remove = () => section(el)!.querySelector<HTMLButtonElement>('[data-open=security-remove]')!;
    expect(squash(remove().textContent)).to.equal('Remove security question');
    remove().click();
    await settle(el);
    const password = () => section(el)!.querySelector<HTMLInputElement>('#securityRemove-currentPassword')!;
    expect(deepActive()).to.equal(password());
    expect(text(el)).to.contain('Remove your security question?');
    await expectAccessible(el, 'remove asks');
    // "Keep it": nothing removed, focus back on the button.
    buttonIn(section(el)!, /^Keep it$/)!.click();
    await settle(el);
    expect(deepActive()).to.equal(remove());
    remove().click();
    await settle(el);
    password().value = 'not my password';
    buttonIn(section(el)!, /^Remove$/)!.click();
    await until(() => /That is not your current password/.test(text(el)), 'wrong password');
    expect(deepActive()).to.equal(section(el)!.querySelector('[data-summary=securityRemove]'));
    expect((await adapter.getProfile()).securityQuestion).to.equal('Ciudad natal');
    const saved: PortalProfileSavedEvent[] = [];
    el.addEventListener('portal-profile-saved', (e) => saved.push(e));
    password().value = DEMO_PATIENT_PASSWORD;
    buttonIn(section(el)!, /^Remove$/)!.click();
    await until(() => /Your security question is removed/.test(text(el)), 'removed');
    expect(text(el)).to.contain('You have not set a security question.');
    expect(deepActive()).to.equal(field(el, 'question'));
    expect(section(el)!.querySelector('[data-open=security-remove]')).to.equal(null);
    expect(saved.map((e) => [...e.fields])).to.deep.equal([['securityQuestion']]);
    expect((await adapter.getProfile()).securityQuestion).to.equal(undefined);
    await expectAccessible(el, 'removed');
  });

  it('cannot be removed where the clinic requires one; without one, she is asked first thing', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    await clinicSetting(adapter, 'required');
    const el = await loaded(adapter);
    const notice = () => root(el).querySelector<HTMLElement>('[part~=security-notice]');
    expect(notice(), 'asked to set one').to.exist;
    // First thing in the profile, before her details.
    expect(root(el).querySelector('[part~=security-notice] ~ section[aria-labelledby="h-details"]')).to.exist;
    expect(squash(notice()!.textContent)).to.contain(
      'Action required: Your clinic asks you to set a security question.',
    );
    await expectAccessible(el, 'required en');
    await setPageLocale('es');
    await localeReady();
    await settle(el);
    expect(squash(notice()!.textContent)).to.contain(
      'Su clínica le pide que elija una pregunta de seguridad.',
    );
    await expectAccessible(el, 'required es');
    await setViewport({width: 320, height: 640});
    await settle(el);
    fitsTheWindow(el, 'required es 320');
    buttonIn(notice()!, /Elegir su pregunta de seguridad/)!.click();
    await settle(el);
    expect(deepActive()).to.equal(field(el, 'question'));
    await setPageLocale('en');
    await localeReady();
    // Set: the notice goes; no way to remove it, and she is told why.
    field(el, 'question').value = 'Ciudad natal';
    field(el, 'answer').value = 'Oaxaca';
    field(el, 'currentPassword').value = DEMO_PATIENT_PASSWORD;
    save(el).click();
    await until(() => /Your security question is saved/.test(text(el)), 'saved');
    expect(notice()).to.equal(null);
    expect(section(el)!.querySelector('[data-open=security-remove]')).to.equal(null);
    expect(text(el)).to.contain(
      'Your clinic requires a security question: you can change it, but not remove it.',
    );
  });

  it('says why when the clinic came to require one after the page loaded', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    await signIn(adapter);
    await setQuestion(adapter);
    const el = await loaded(adapter);
    await clinicSetting(adapter, 'required');
    section(el)!.querySelector<HTMLButtonElement>('[data-open=security-remove]')!.click();
    await settle(el);
    section(el)!.querySelector<HTMLInputElement>('#securityRemove-currentPassword')!.value =
      DEMO_PATIENT_PASSWORD;
    buttonIn(section(el)!, /^Remove$/)!.click();
    await until(() => section(el)!.querySelector('[data-summary=securityRemove]'), 'refused');
    expect(text(el)).to.contain(
      'Security question: Your clinic requires a security question: you can change it, but not remove it.',
    );
    expect(deepActive()).to.equal(section(el)!.querySelector('[data-summary=securityRemove]'));
    expect((await adapter.getProfile()).securityQuestion).to.equal('Ciudad natal');
  });
});
