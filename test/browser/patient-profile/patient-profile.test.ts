import {expect, fixture, html, nextFrame, oneEvent} from '@open-wc/testing';
import '../../../src/define/patient-profile.js';
import type {
  PatientProfile,
  PortalProfileSavedEvent,
} from '../../../src/elements/patient-profile/patient-profile.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {buttonIn, deepActive, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const demo = (): MemoryAdapter => createDemoAdapter({clock: () => NOW});

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => squash(root(el).textContent);
const button = (el: Element, name: string | RegExp) => {
  const b = buttonIn(root(el), name);
  if (!b) throw new Error(`no button ${String(name)}`);
  return b;
};
const input = (el: Element, name: string) => root(el).querySelector<HTMLInputElement>(`input[name=${name}]`)!;
const formOf = (el: Element, name: string) => input(el, name).form!;

async function loaded(adapter: MemoryAdapter): Promise<PatientProfile> {
  const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
  await until(() => root(el).querySelector('input[name=givenName]'), 'profile loaded');
  return el;
}

async function spanish(el: PatientProfile) {
  await setPageLocale('es-MX');
  await localeReady();
  await el.updateComplete;
}

async function submit(el: PatientProfile, field: string) {
  formOf(el, field).requestSubmit();
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

describe('<patient-profile>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('signed out: a prompt to sign in, no patient data; accessible in English and Spanish', async () => {
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${demo()}></patient-profile>`);
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    expect(text(el)).to.not.contain(DEMO_PATIENT_EMAIL);
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Inicie sesión');
    await expectAccessible(el, 'signed out es');
  });

  it("signed in: the patient's details, email, phone, password and sessions; accessible in both languages", async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    expect(input(el, 'givenName').value).to.equal('Ana');
    expect(text(el)).to.contain(DEMO_PATIENT_EMAIL);
    // The number on file grouped as people write it, not as stored (+525555550134).
    expect(text(el)).to.contain('+52 55 1234 5678');
    expect(text(el)).to.contain('This device');
    expect(input(el, 'currentPassword').autocomplete).to.equal('current-password');
    expect(input(el, 'newPassword').autocomplete).to.equal('new-password');
    await expectAccessible(el, 'loaded en');
    await spanish(el);
    expect(text(el)).to.contain('Sus datos');
    expect(text(el)).to.contain('Contraseña');
    await expectAccessible(el, 'loaded es');
  });

  it('saves a change and tells the host which fields changed, never their values', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    input(el, 'familyName').value = "Ñúñez-O'Connor";
    const saved = oneEvent(el, 'portal-profile-saved');
    await submit(el, 'familyName');
    const event = (await saved) as unknown as PortalProfileSavedEvent;
    expect(event.fields).to.deep.equal(['familyName']);
    expect(JSON.stringify(event)).to.not.contain('Connor');
    expect((await adapter.getProfile()).familyName).to.equal("Ñúñez-O'Connor");
    await until(() => /details are saved/.test(text(el)), 'saved message');
  });

  it('an empty name: the reason at the field and in a summary that takes focus; nothing saved', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    input(el, 'givenName').value = '   ';
    await submit(el, 'givenName');
    await until(() => root(el).querySelector('[data-summary=details]'), 'summary');
    expect(input(el, 'givenName').getAttribute('aria-invalid')).to.equal('true');
    expect(deepActive()?.getAttribute('data-summary')).to.equal('details');
    expect((await adapter.getProfile()).givenName).to.equal('Ana');
    expect(input(el, 'givenName').value, 'what was typed is kept').to.equal('   ');
    await expectAccessible(el, 'details error');
  });

  it('email change: the password is asked for, a link goes to the new address, which completes it', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    button(el, 'Change email address').click();
    await until(() => input(el, 'newEmail'), 'email form');
    expect(deepActive()).to.equal(input(el, 'newEmail'));
    input(el, 'newEmail').value = 'ana.nueva@example.com';
    input(el, 'currentPassword').value = 'not my password';
    await submit(el, 'newEmail');
    await until(() => /not your current password/.test(text(el)), 'wrong password message');
    expect(input(el, 'newEmail').value).to.equal('ana.nueva@example.com');
    await expectAccessible(el, 'email wrong password');
    input(el, 'currentPassword').value = DEMO_PATIENT_PASSWORD;
    await submit(el, 'newEmail');
    await until(() => /sent a link to the new address/.test(text(el)), 'sent message');
    await until(() => /Waiting for confirmation from a•••@example.com/.test(text(el)), 'pending');
    expect(text(el), 'nothing changes until the link is opened').to.contain(DEMO_PATIENT_EMAIL);
    const mail = adapter.outbox.messages.find((m) => m.to === 'ana.nueva@example.com');
    const link = Object.values(mail?.links ?? {})[0];
    expect(link).to.match(/#portal-email-change=/);
    // The link opened (here, the same page): another profile element completes it.
    const before = location.href;
    history.replaceState(null, '', new URL(link).hash);
    const other = await fixture<PatientProfile>(
      html`<patient-profile .adapter=${adapter}></patient-profile>`,
    );
    await until(() => /email address is changed/.test(text(other)), 'changed');
    expect(location.hash, 'the token leaves the address bar').to.equal('');
    history.replaceState(null, '', before);
    expect((await adapter.getProfile()).email).to.equal('ana.nueva@example.com');
  });

  it('password change: mismatch refused before sending; the rules’ reason in Spanish; then changed', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    await spanish(el);
    const form = formOf(el, 'newPassword');
    const pw = (name: string) => form.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
    pw('currentPassword').value = DEMO_PATIENT_PASSWORD;
    pw('newPassword').value = 'un paseo por el bosque';
    pw('newPasswordAgain').value = 'un paseo por el mar';
    await submit(el, 'newPassword');
    await until(() => root(el).querySelector('[data-summary=password]'), 'summary');
    expect(pw('newPasswordAgain').getAttribute('aria-invalid')).to.equal('true');
    pw('newPassword').value = 'corta';
    pw('newPasswordAgain').value = 'corta';
    await submit(el, 'newPassword');
    await until(
      () => /8/.test(squash(root(el).querySelector('[data-summary=password]')?.textContent)),
      'reason',
    );
    await expectAccessible(el, 'password error es');
    pw('newPassword').value = 'un paseo por el bosque 🌲';
    pw('newPasswordAgain').value = 'un paseo por el bosque 🌲';
    await submit(el, 'newPassword');
    await until(() => /Se cambió su contraseña/.test(text(el)), 'changed');
    expect(pw('newPassword').value, 'cleared after success').to.equal('');
    await adapter.signOut();
    const again = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: 'un paseo por el bosque 🌲'});
    expect(again.status).to.equal('signed-in');
  });

  it('sign-out removes every detail of the patient from the DOM', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    await sessionFor(adapter).signOut('user');
    await until(() => /sign in/i.test(text(el)), 'signed out');
    expect(text(el)).to.not.contain(DEMO_PATIENT_EMAIL);
    expect(text(el)).to.not.contain('Ana');
    expect(root(el).querySelector('input')).to.be.null;
  });

  it('a backend without the profile says so instead of showing dead forms', async () => {
    const adapter = createDemoAdapter({clock: () => NOW, capabilities: {profile: false}});
    await signIn(adapter);
    const el = await fixture<PatientProfile>(html`<patient-profile .adapter=${adapter}></patient-profile>`);
    await until(() => /does not offer profile changes/.test(text(el)), 'unsupported');
    expect(root(el).querySelector('form')).to.be.null;
    await expectAccessible(el, 'unsupported');
  });
});
