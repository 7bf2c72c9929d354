/**
 * `<patient-login>`'s first access as the clinic configures it (#17 item 6, seed 002): where the
 * clinic asks, the invitation's form also asks for her mobile number — a code sent to it by text
 * message, read here from the outbox as a patient reads her SMS — and her security question and
 * answer. Empty: each refused at its field by the backend, the summary focused, the link still
 * good; a wrong code refused at the code field; then she is signed in with the number and the
 * question stored. Where the clinic asks nothing more, the form has only the password. Axe in
 * English and Spanish; at 320 px nothing scrolls sideways.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import '../../src/define/patient-login.js';
import type {PatientLogin} from '../../src/elements/patient-login/patient-login.js';
import {
  createDemoAdapter,
  DEMO_INVITATION_TOKEN,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {ManualClock} from '../../src/controllers/clock.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {deepActive, fitsTheWindow, squash, until} from './helpers/dom.js';

const text = (el: Element) => squash(`${el.shadowRoot!.textContent} ${el.textContent}`);
const input = (el: Element, name: string) => el.querySelector<HTMLInputElement>(`.ppl input[name="${name}"]`);
const button = (el: Element, name: string) =>
  [...el.querySelectorAll<HTMLButtonElement>('.ppl button')].find((b) => squash(b.textContent) === name);

function type(el: Element, name: string, value: string) {
  const field = input(el, name)!;
  field.value = value;
  field.dispatchEvent(new Event('input', {bubbles: true}));
}

/** The clinic's configuration (as its settings would give it): the demo's data, after its seed. */
async function demoAsking(asks: {firstAccessMobile: boolean; securityQuestion: 'optional' | 'required'}) {
  const adapter = createDemoAdapter();
  await adapter.ready;
  const data = adapter.state.data;
  adapter.state.data = {...data, clinic: {...data.clinic, ...asks}};
  return adapter;
}

async function invited(adapter: MemoryAdapter): Promise<PatientLogin> {
  history.replaceState(null, '', `${location.pathname}#portal-invitation=${DEMO_INVITATION_TOKEN}`);
  const el = await fixture<PatientLogin>(
    html`<patient-login
      .adapter=${adapter}
      .clock=${new ManualClock(Date.now())}
      onboarding="off"
    ></patient-login>`,
  );
  await until(() => input(el, 'new-password-2'), 'the invitation form');
  return el;
}

const PHONE = '+525587654321';

describe('<patient-login>: first access as the clinic configures it', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('asks her mobile with an SMS code and her security question; the backend refuses without them', async () => {
    const adapter = await demoAsking({firstAccessMobile: true, securityQuestion: 'required'});
    const el = await invited(adapter);
    await until(() => el.querySelector('portal-phone-input'), 'mobile field');
    for (const name of ['fa-code', 'fa-question', 'fa-answer'])
      expect(el.querySelector(`label[for="${input(el, name)!.id}"]`), name).to.exist;
    expect(text(el)).to.contain('Your security question');
    await expectAccessible(el, 'first access');
    type(el, 'new-password', 'una frase larga y fácil');
    type(el, 'new-password-2', 'una frase larga y fácil');
    // Nothing more given: refused at each field by the backend, the summary focused.
    button(el, 'Get started')!.click();
    await until(() => el.querySelector('[data-ppl-summary]'), 'refused');
    expect(deepActive()).to.equal(el.querySelector('[data-ppl-summary]'));
    for (const name of ['fa-question', 'fa-answer'])
      expect(input(el, name)!.getAttribute('aria-invalid'), name).to.equal('true');
    expect(sessionFor(adapter).session ?? null).to.equal(null);
    await expectAccessible(el, 'first access refused');

    // Her mobile: a code sent by SMS (read from the outbox), a wrong one refused at the code field.
    const phone = el.querySelector<HTMLElement & {value: string}>('portal-phone-input')!;
    phone.value = PHONE;
    phone.dispatchEvent(new Event('change', {bubbles: true}));
    button(el, 'Send me a code by text message')!.click();
    await until(() => /We sent a 6-digit code to this number/.test(text(el)), 'code sent');
    const sms = adapter.outbox.messages.filter((m) => m.to === PHONE && m.kind === 'phone-code').pop();
    expect(sms?.code).to.match(/^\d{6}$/);
    type(el, 'fa-question', 'Ciudad natal');
    type(el, 'fa-answer', 'Oaxaca');
    type(el, 'fa-code', sms!.code === '000000' ? '111111' : '000000');
    button(el, 'Get started')!.click();
    await until(() => input(el, 'fa-code')?.getAttribute('aria-invalid') === 'true', 'wrong code');
    expect(sessionFor(adapter).session ?? null).to.equal(null);
    type(el, 'fa-code', sms!.code!);
    button(el, 'Get started')!.click();
    await until(() => sessionFor(adapter).session, 'signed in');
    const profile = await adapter.getProfile();
    expect(profile.phone).to.equal(PHONE);
    expect(profile.securityQuestion).to.equal('Ciudad natal');
    expect(JSON.stringify({...localStorage, ...sessionStorage}) + location.href).to.not.match(
      /oaxaca|5587654321/i,
    );
  });

  it('in Spanish, accessible, fits 320 px', async () => {
    const adapter = await demoAsking({firstAccessMobile: true, securityQuestion: 'required'});
    await setPageLocale('es');
    await localeReady();
    const el = await invited(adapter);
    await until(() => el.querySelector('portal-phone-input'), 'mobile field');
    expect(text(el)).to.contain('Enviarme un código por SMS');
    expect(text(el)).to.contain('Su pregunta de seguridad');
    await expectAccessible(el, 'first access es');
    await setViewport({width: 320, height: 640});
    fitsTheWindow(el, 'first access es 320');
  });

  it('asks only the password where the clinic asks nothing more', async () => {
    const adapter = await demoAsking({firstAccessMobile: false, securityQuestion: 'optional'});
    const el = await invited(adapter);
    await new Promise((r) => setTimeout(r, 100));
    expect(el.querySelector('portal-phone-input')).to.equal(null);
    expect(input(el, 'fa-question')).to.equal(null);
    type(el, 'new-password', 'una frase larga y fácil');
    type(el, 'new-password-2', 'una frase larga y fácil');
    button(el, 'Get started')!.click();
    await until(() => sessionFor(adapter).session, 'signed in');
  });
});
