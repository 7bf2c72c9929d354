import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/define/reminder-prefs.js';
import type {
  PortalRemindersSavedEvent,
  ReminderPrefs,
} from '../../src/elements/reminder-prefs/reminder-prefs.js';
import type {PhoneInput} from '../../src/elements/inputs/phone-input.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {NetworkError} from '../../src/adapters/adapter.js';
import {expectAccessible} from './helpers/a11y.js';
import {buttonIn, until} from './helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

function demo(options: {latencyMs?: number} = {}): MemoryAdapter {
  return createDemoAdapter({clock: () => NOW, ...options});
}

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => (root(el).textContent ?? '').replace(/\s+/g, ' ');

const buttonNamed = (el: Element, name: string | RegExp) => buttonIn(root(el), name);

const rows = (el: Element) => [...root(el).querySelectorAll<HTMLFieldSetElement>('[part~="phone-row"]')];
const phoneIn = (row: Element) => row.querySelector<PhoneInput>('portal-phone-input')!;
const numberField = (row: Element) => phoneIn(row).shadowRoot!.querySelector<HTMLInputElement>('#number')!;

function checkbox(scope: ParentNode, label: string | RegExp): HTMLInputElement {
  const l = [...scope.querySelectorAll('label')].find((x) =>
    typeof label === 'string' ? x.textContent?.trim() === label : label.test(x.textContent ?? ''),
  );
  if (!l) throw new Error(`no checkbox labelled ${String(label)}`);
  return l.querySelector('input')!;
}

/** Types into a row's number field the way a paste does, then leaves the field. */
async function typeNumber(row: Element, value: string) {
  const input = numberField(row);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  await until(() => phoneIn(row).value !== '' || value.replace(/\D/g, '').length < 7, 'phone tools');
  await nextFrame();
  input.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
  input.blur();
  await nextFrame();
  await nextFrame();
}

async function loaded(adapter: MemoryAdapter): Promise<ReminderPrefs> {
  const el = await fixture<ReminderPrefs>(html`<reminder-prefs .adapter=${adapter}></reminder-prefs>`);
  await until(() => root(el).querySelector('[part~="save-button"]'), 'preferences loaded');
  return el;
}

async function spanish(el: Element) {
  await setPageLocale('es-MX');
  await localeReady();
  await (el as ReminderPrefs).updateComplete;
}

describe('<reminder-prefs>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('signed out: a prompt to sign in and no patient data; accessible in English and Spanish', async () => {
    const el = await fixture<ReminderPrefs>(html`<reminder-prefs .adapter=${demo()}></reminder-prefs>`);
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    expect(text(el)).to.not.contain(DEMO_PATIENT_EMAIL);
    expect(root(el).querySelector('portal-phone-input')).to.not.exist;
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Clínica de demostración');
    await expectAccessible(el, 'signed out es');
  });

  it('loading, then the email on file, channels, times and notes; accessible en and es', async () => {
    const adapter = demo({latencyMs: 300});
    await signIn(adapter);
    const el = await fixture<ReminderPrefs>(html`<reminder-prefs .adapter=${adapter}></reminder-prefs>`);
    await until(() => root(el).querySelector('[role="status"]'), 'loading state');
    await expectAccessible(el, 'loading');
    await until(() => root(el).querySelector('[part~="save-button"]'), 'loaded', 6000);
    expect(root(el).querySelector('[part="email"]')!.textContent).to.equal(DEMO_PATIENT_EMAIL);
    expect(text(el)).to.contain('can’t confirm or cancel');
    expect(text(el)).to.contain('Voice calls may come from a number in Canada.');
    for (const h of ['3 days before', '1 day before', '1 hour before'])
      expect(checkbox(root(el), h).checked, h).to.be.true;
    expect(rows(el)).to.have.length(1);
    expect(phoneIn(rows(el)[0]!).value).to.equal('+525512345678');
    await expectAccessible(el, 'loaded en');
    await spanish(el);
    expect(text(el)).to.contain('Las llamadas de voz pueden venir de un número de Canadá.');
    expect(phoneIn(rows(el)[0]!).shadowRoot!.textContent).to.contain('Teléfono celular');
    await expectAccessible(el, 'loaded es');
  });

  it('a demo patient turns on SMS and voice for two numbers and saves; the event carries no numbers', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const events: PortalRemindersSavedEvent[] = [];
    el.addEventListener('portal-reminders-saved', (e) => events.push(e));
    buttonNamed(el, 'Add a mobile number')!.click();
    await until(() => rows(el).length === 2, 'second row');
    await typeNumber(rows(el)[1]!, '+1 312 555 0142');
    for (const r of rows(el)) {
      for (const label of ['Text messages (SMS)', 'Voice calls']) {
        const box = checkbox(r, label);
        if (!box.checked) box.click();
      }
    }
    await el.updateComplete;
    const save = buttonNamed(el, 'Save')!;
    save.click();
    save.click();
    await until(() => root(el).querySelector('[part="status"]'), 'saved confirmation');
    expect(text(el)).to.contain('Your reminder preferences are saved.');
    const prefs = await adapter.getReminderPreferences();
    expect(prefs.phones.map((p) => [p.number, p.sms, p.voice])).to.deep.equal([
      ['+525512345678', true, true],
      ['+13125550142', true, true],
    ]);
    expect(events).to.have.length(1);
    expect([...events[0]!.channels]).to.deep.equal(['email', 'sms', 'voice']);
    expect([...events[0]!.hours]).to.deep.equal([72, 24, 1]);
    const detail = JSON.stringify({...events[0], channels: events[0]!.channels, hours: events[0]!.hours});
    expect(detail).to.not.contain('+52');
    expect(detail).to.not.contain('5512345678');
    expect(detail).to.not.contain('3125550142');
    expect(detail).to.not.contain(DEMO_PATIENT_EMAIL);
    await expectAccessible(el, 'saved en');
    await spanish(el);
    await expectAccessible(el, 'saved es');
  });

  it('an 11th number can’t be added, with a message', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const add = buttonNamed(el, 'Add a mobile number')!;
    for (let i = 0; i < 12; i++) {
      add.click();
      await el.updateComplete;
    }
    expect(rows(el)).to.have.length(10);
    expect(add.disabled).to.be.true;
    expect(text(el)).to.contain('You’ve added the most numbers allowed (10)');
    await expectAccessible(el, 'max numbers');
  });

  it('a duplicate typed differently is refused at its row', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    // The number on file is +52 55 1234 5678; type it again the pre-2019 mobile way.
    buttonNamed(el, 'Add a mobile number')!.click();
    await until(() => rows(el).length === 2, 'second row');
    await typeNumber(rows(el)[1]!, '+52 1 55 1234 5678');
    expect(phoneIn(rows(el)[1]!).value).to.equal('+525512345678');
    await until(() => rows(el)[1]!.querySelector('.field-error'), 'duplicate message at the row');
    const row = rows(el)[1]!;
    expect(row.querySelector('.field-error')!.textContent).to.contain('This is already on the list.');
    expect(row.getAttribute('aria-describedby')).to.equal(row.querySelector('.field-error')!.id);
    expect(rows(el)[0]!.querySelector('.field-error')).to.not.exist;
    // Saving is refused, with the summary focused; nothing reaches the backend.
    buttonNamed(el, 'Save')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'error summary');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.error-summary'));
    expect(text(el)).to.contain('Number 2: This is already on the list.');
    expect((await adapter.getReminderPreferences()).phones).to.have.length(1);
    await expectAccessible(el, 'duplicate en');
    await spanish(el);
    expect(row.querySelector('.field-error')!.textContent).to.contain('Esto ya está en la lista.');
    await expectAccessible(el, 'duplicate es');
  });

  it('an invalid number is explained at the row; as form control the element is invalid', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    expect(el.checkValidity()).to.be.true;
    buttonNamed(el, 'Add a mobile number')!.click();
    await until(() => rows(el).length === 2, 'second row');
    await typeNumber(rows(el)[1]!, '55 1234');
    const field = phoneIn(rows(el)[1]!);
    await until(() => /valid mobile number/.test(field.shadowRoot!.textContent ?? ''), 'phone message');
    expect(numberField(rows(el)[1]!).getAttribute('aria-invalid')).to.equal('true');
    await el.updateComplete;
    expect(el.checkValidity()).to.be.false;
    buttonNamed(el, 'Save')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'error summary');
    expect(text(el)).to.contain('Number 2: Enter a valid mobile number for the country chosen.');
    await expectAccessible(el, 'invalid en');
    await spanish(el);
    expect(field.shadowRoot!.textContent).to.contain('Escriba un número de celular válido');
    await expectAccessible(el, 'invalid es');
  });

  it('a failed save (503) keeps every change and says so; the retry saves once', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const events: Event[] = [];
    el.addEventListener('portal-reminders-saved', (e) => events.push(e));
    checkbox(rows(el)[0]!, 'Voice calls').click();
    checkbox(root(el), '1 hour before').click();
    adapter.failures.failNext(new NetworkError('server'), {operation: 'saveReminderPreferences'});
    buttonNamed(el, 'Save')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'error');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.error-summary'));
    expect(text(el)).to.contain('The clinic’s system had a problem');
    expect(checkbox(rows(el)[0]!, 'Voice calls').checked).to.be.true;
    expect(checkbox(root(el), '1 hour before').checked).to.be.false;
    expect(events).to.have.length(0);
    expect((await adapter.getReminderPreferences()).phones[0]!.voice).to.be.false;
    await expectAccessible(el, 'save failed en');
    await spanish(el);
    expect(text(el)).to.contain('El sistema de la clínica tuvo un problema');
    await expectAccessible(el, 'save failed es');
    await setPageLocale('en');
    await localeReady();
    const save = buttonNamed(el, /^(Save|Guardar)$/)!;
    save.click();
    save.click();
    await until(() => root(el).querySelector('[part="status"]'), 'saved');
    expect(events).to.have.length(1);
    const prefs = await adapter.getReminderPreferences();
    expect(prefs.phones[0]!.voice).to.be.true;
    expect(prefs.hours).to.deep.equal([72, 24]);
  });

  it('keyboard only: add a number, type it, tick SMS, save', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const add = buttonNamed(el, 'Add a mobile number')!;
    add.focus();
    await sendKeys({press: 'Enter'});
    await until(() => rows(el).length === 2, 'second row');
    await until(
      () => phoneIn(rows(el)[1]!).shadowRoot!.activeElement === numberField(rows(el)[1]!),
      'focus on the new number',
    );
    await sendKeys({type: '33 1234 5678'});
    await until(() => phoneIn(rows(el)[1]!).value === '+523312345678', 'number read');
    // Tab to the SMS checkbox of the new row (ticked by default for a new number): untick and tick it.
    await sendKeys({press: 'Tab'});
    const sms = checkbox(rows(el)[1]!, 'Text messages (SMS)');
    expect(root(el).activeElement).to.equal(sms);
    await sendKeys({press: 'Space'});
    expect(sms.checked).to.be.false;
    await sendKeys({press: 'Space'});
    expect(sms.checked).to.be.true;
    buttonNamed(el, 'Save')!.focus();
    await sendKeys({press: 'Enter'});
    await until(() => root(el).querySelector('[part="status"]'), 'saved');
    const prefs = await adapter.getReminderPreferences();
    expect(prefs.phones[1]).to.deep.include({number: '+523312345678', sms: true, voice: false});
  });

  it('“Send me a test” lands in the outbox and the result is shown', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    const before = adapter.outbox.list({kind: 'test-reminder'}).length;
    buttonNamed(el, 'Send me a test text message')!.click();
    await until(() => /We sent a test text message/.test(text(el)), 'test result');
    const sent = adapter.outbox.list({kind: 'test-reminder'});
    expect(sent.length - before).to.equal(1);
    expect(sent.at(-1)).to.deep.include({channel: 'sms', to: '+525512345678'});
    await expectAccessible(el, 'test sent');
  });

  it('sign-out clears every number and the email from the DOM', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await loaded(adapter);
    await sessionFor(adapter).signOut('user');
    await until(() => !root(el).querySelector('portal-phone-input'), 'rows gone');
    expect(text(el)).to.not.contain(DEMO_PATIENT_EMAIL);
    expect(text(el)).to.match(/sign in/i);
  });

  it('form-associated: value without email, reset restores the loaded preferences', async () => {
    const adapter = demo();
    await signIn(adapter);
    const form = await fixture<HTMLFormElement>(
      html`<form><reminder-prefs name="reminders" .adapter=${adapter}></reminder-prefs></form>`,
    );
    const el = form.querySelector('reminder-prefs')!;
    await until(() => root(el).querySelector('[part~="save-button"]'), 'loaded');
    await el.updateComplete;
    const value = JSON.parse(String(new FormData(form).get('reminders'))) as {phones: unknown[]};
    expect(value.phones).to.have.length(1);
    expect(String(new FormData(form).get('reminders'))).to.not.contain(DEMO_PATIENT_EMAIL);
    buttonNamed(el, 'Add a mobile number')!.click();
    await until(() => rows(el).length === 2, 'second row');
    await el.updateComplete;
    expect(el.checkValidity()).to.be.false;
    form.reset();
    await el.updateComplete;
    expect(rows(el)).to.have.length(1);
    expect(el.checkValidity()).to.be.true;
  });
});
