import {expect, fixture, html, nextFrame, oneEvent} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../src/define.js';
import type {BookingWidget} from '../../src/elements/booking-widget/booking-widget.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SMS_CODE,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import type {PortalAppointmentEvent, PortalBeforeEvent, PortalErrorEvent} from '../../src/events.js';
import {NetworkError} from '../../src/adapters/adapter.js';
import {accessibleName, expectAccessible} from './helpers/a11y.js';
import {deepActive, squash, until} from './helpers/dom.js';

// Monday 2 March 2026, 10:00 in Mexico City: the demo clinic is open all week.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

function demo(): MemoryAdapter {
  return createDemoAdapter({clock: () => NOW});
}

const root = (el: Element) => el.shadowRoot!;

function buttonNamed(scope: ParentNode, text: string | RegExp): HTMLButtonElement | undefined {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? ''),
  );
}

async function click(scope: () => ParentNode, text: string | RegExp, what = String(text)) {
  await until(() => {
    const b = buttonNamed(scope(), text);
    return b && !b.disabled;
  }, what);
  buttonNamed(scope(), text)!.click();
  await nextFrame();
}

/** Signs the demo patient in on `adapter`, as <patient-login> would (the widget sees her session). */
async function signInDemoPatient(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

/** Whether the step heading says `text` now (a check for until(), which needs an answer, not a promise). */
function onStep(el: BookingWidget, text: string): boolean {
  return root(el).querySelector('[data-step-heading]')?.textContent?.includes(text) ?? false;
}

async function heading(el: BookingWidget): Promise<string> {
  await el.updateComplete;
  // A later step's chunk may still be loading (a "Loading…" status shows meanwhile).
  await until(() => root(el).querySelector('[data-step-heading]'), 'a step heading');
  return root(el).querySelector('[data-step-heading]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Picks the first free time in the slot picker (first enabled day, first time). */
async function pickFirstTime(el: BookingWidget) {
  await until(() => root(el).querySelector('portal-slot-picker')?.shadowRoot, 'slot picker');
  const picker = root(el).querySelector('portal-slot-picker')!;
  const times = () =>
    [...picker.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="time"]')].filter((b) => !b.disabled);
  const day = () => picker.shadowRoot!.querySelector<HTMLElement>('[part~="day-available"]');
  await until(() => times().length > 0 || day(), 'a day or times in the picker');
  if (!times().length) day()!.click();
  await until(() => times().length > 0, 'times in the picker');
  times()[0]!.click();
  await nextFrame();
}

async function startToReview(el: BookingWidget) {
  await click(() => root(el), /Book now/, 'Book now');
  await click(() => root(el), 'Continue', 'Continue (services)');
  const radio = await (async () => {
    await until(() => root(el).querySelector('input[type=radio]'), 'provider radios');
    return root(el).querySelector<HTMLInputElement>('input[type=radio]')!;
  })();
  radio.click();
  await click(() => root(el), 'Continue', 'Continue (provider)');
  await pickFirstTime(el);
  await click(() => root(el), 'Continue', 'Continue (time)');
  // A signed-in patient's time is held on leaving the step: the next step shows once it is.
  await until(() => !root(el).querySelector('portal-slot-picker'), 'left the time step');
}

/** Types a new patient's details the way a patient would: names, email, a Mexican mobile, 1 May 1990. */
async function fillNewPatient(
  el: BookingWidget,
  who: {givenName: string; familyName: string; email: string; mobile?: string},
) {
  await until(() => root(el).querySelector('#f-givenName'), 'details form');
  const type = (selector: string, value: string) => {
    const input = root(el).querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  };
  type('#f-givenName', who.givenName);
  type('#f-familyName', who.familyName);
  type('#f-email', who.email);
  const phone = root(el).querySelector<HTMLElement & {value: string}>('portal-phone-input')!;
  const tel = phone.shadowRoot!.querySelector<HTMLInputElement>('input[type=tel]')!;
  tel.focus();
  const mobile = who.mobile ?? '5512349876';
  tel.value = `${mobile.slice(0, 2)} ${mobile.slice(2, 6)} ${mobile.slice(6)}`;
  tel.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  tel.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
  tel.blur();
  await until(() => phone.value === `+52${mobile}`, 'phone normalised to E.164');
  const dob = root(el).querySelector<HTMLElement & {value: string}>('portal-date-input')!;
  for (const [field, value] of [
    ['day', '01'],
    ['month', '05'],
    ['year', '1990'],
  ] as const) {
    const input = dob.shadowRoot!.querySelector<HTMLInputElement>(`input[autocomplete="bday-${field}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    input.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
  }
  await until(() => dob.value === '1990-05-01', 'date of birth');
}

describe('<booking-widget>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('loads the clinic’s services and passes axe in English and Spanish', async () => {
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${demo()}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    expect(await heading(el)).to.contain('Choose a service');
    expect(root(el).querySelector('[part="demo-marker"]')).to.exist;
    await expectAccessible(el, 'services en');
    await setPageLocale('es-MX');
    await localeReady();
    await el.updateComplete;
    expect(await heading(el)).to.contain('Elija un servicio');
    await expectAccessible(el, 'services es');
  });

  it('the provider step shows a provider’s bio behind “About …”, which chooses no one (keyboard, axe en/es)', async () => {
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${demo()}></booking-widget>`);
    await click(() => root(el), /Book now/, 'Book now');
    await click(() => root(el), 'Continue', 'Continue (services)');
    const bio = await until(
      () => root(el).querySelector<HTMLDetailsElement>('[part="provider-bio"]'),
      'a provider’s bio',
    );
    // Only the provider with a bio in the demo clinic has one, after her own choice.
    expect(root(el).querySelectorAll('[part="provider-bio"]').length).to.equal(1);
    expect(bio.previousElementSibling?.textContent).to.contain('Dra. Sofía Ramírez Luna');
    const summary = bio.querySelector('summary')!;
    expect(squash(summary.textContent)).to.equal('About Dra. Sofía Ramírez Luna');
    expect(bio.open).to.equal(false);
    summary.focus();
    await sendKeys({press: 'Enter'});
    await until(() => bio.open, 'the bio opened by keyboard');
    expect(squash(bio.querySelector('p')!.textContent)).to.equal(
      'MD from UNAM with 12 years of experience in primary care.',
    );
    expect(
      [...root(el).querySelectorAll<HTMLInputElement>('input[name=provider]')].some((r) => r.checked),
      'opening a bio chooses no provider',
    ).to.equal(false);
    await expectAccessible(el, 'provider step with a bio open, en');
    await setPageLocale('es-MX');
    await localeReady();
    await el.updateComplete;
    expect(squash(root(el).querySelector('[part="provider-bio"] summary')!.textContent)).to.equal(
      'Acerca de Dra. Sofía Ramírez Luna',
    );
    expect(squash(root(el).querySelector('[part="provider-bio"] p')!.textContent)).to.contain(
      'Médica cirujana por la UNAM',
    );
    await expectAccessible(el, 'provider step with a bio open, es');
  });

  it('where two locations offer the visit: choosing one leaves its providers and times only (axe en/es)', async () => {
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${demo()}></booking-widget>`);
    // General consultation: Dra. Ramírez works at Roma Norte, Dr. Ortega at both.
    await click(() => root(el), /Book now/, 'Book now');
    await click(() => root(el), 'Continue', 'Continue (services)');
    const select = await until(() => root(el).querySelector<HTMLSelectElement>('#f-location'), 'locations');
    expect(accessibleName(select)).to.equal('Location');
    expect([...select.options].map((o) => squash(o.textContent))).to.deep.equal([
      'Any location',
      'Roma Norte',
      'Condesa',
    ]);
    const names = () =>
      [...root(el).querySelectorAll('[part="provider-choice"] strong')].map((n) => squash(n.textContent));
    expect(names()).to.deep.equal(['First available', 'Dra. Sofía Ramírez Luna', 'Dr. Javier Ortega Ruiz']);
    await expectAccessible(el, 'provider step with locations, en');
    // She picks Dra. Ramírez, then Condesa, where Dra. Ramírez doesn't work: her choice goes.
    root(el).querySelectorAll<HTMLInputElement>('input[name=provider]')[1]!.click();
    await el.updateComplete;
    select.value = 'loc-condesa';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(names()).to.deep.equal(['Dr. Javier Ortega Ruiz']);
    expect(squash(root(el).querySelector('#f-location-address')!.textContent)).to.contain(
      'Av. Tamaulipas 45',
    );
    expect(select.getAttribute('aria-describedby')).to.equal('f-location-address');
    expect(buttonNamed(root(el), 'Continue')!.disabled, 'no provider chosen any more').to.equal(true);
    root(el).querySelector<HTMLInputElement>('input[name=provider]')!.click();
    await click(() => root(el), 'Continue', 'Continue (provider)');
    await until(() => root(el).querySelector('portal-slot-picker'), 'slot picker');
    expect(
      (root(el).querySelector('portal-slot-picker') as unknown as {locationId?: string}).locationId,
    ).to.equal('loc-condesa');
    await pickFirstTime(el);
    const picker = root(el).querySelector('portal-slot-picker') as unknown as {
      selected?: {locationId?: string};
    };
    await until(() => picker.selected, 'a time chosen');
    expect(picker.selected!.locationId).to.equal('loc-condesa');
    // Back: the location and provider are still chosen; in Spanish it is "Sede".
    await click(() => root(el), 'Back', 'Back (time)');
    await until(() => root(el).querySelector('#f-location'), 'locations again');
    expect(root(el).querySelector<HTMLSelectElement>('#f-location')!.value).to.equal('loc-condesa');
    await setPageLocale('es-MX');
    await localeReady();
    await el.updateComplete;
    expect(accessibleName(root(el).querySelector('#f-location')!)).to.equal('Sede');
    expect(squash(root(el).querySelector('#f-location option')!.textContent)).to.equal('Cualquier sede');
    await expectAccessible(el, 'provider step with locations, es');
  });

  it('offers no location choice for a visit offered at one location only, or by video', async () => {
    const el = await fixture<BookingWidget>(
      html`<booking-widget .adapter=${demo()} service="svc-peel" single-service></booking-widget>`,
    );
    await until(() => root(el).querySelector('input[name=provider]'), 'provider radios');
    expect(root(el).querySelector('#f-location'), 'peel: Roma Norte only').to.equal(null);
    const video = await fixture<BookingWidget>(
      html`<booking-widget .adapter=${demo()} service="svc-video" single-service></booking-widget>`,
    );
    await until(() => root(video).querySelector('input[name=provider]'), 'provider radios (video)');
    expect(root(video).querySelector('#f-location'), 'a video visit').to.equal(null);
  });

  it('a signed-in demo patient books by mouse from service to confirmation, once', async () => {
    const adapter = demo();
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    const before = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    expect(await heading(el)).to.contain('Your details');
    await expectAccessible(el, 'details (signed in)');
    await click(() => root(el), 'Continue', 'Continue (details)');
    expect(await heading(el)).to.contain('Cancellation policy');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    await click(() => root(el), 'Continue', 'Continue (policy)');
    expect(await heading(el)).to.contain('Review and book');
    await expectAccessible(el, 'review');

    const booked = oneEvent(el, 'portal-booked');
    // Five clicks within 200 ms book once (QUALITY 20).
    const confirm = buttonNamed(root(el), 'Confirm booking')!;
    for (let i = 0; i < 5; i++) confirm.click();
    const event = (await booked) as unknown as PortalAppointmentEvent;
    expect(event.appointment.status).to.be.oneOf(['booked', 'pending', 'confirmed']);
    expect(JSON.stringify(event.appointment)).to.not.contain('Ana');
    expect(JSON.stringify(event.appointment)).to.not.contain(DEMO_PATIENT_EMAIL);
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    expect(await heading(el)).to.contain('You’re booked');
    const after = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;
    expect(after - before).to.equal(1);
    expect(squash(root(el).querySelector('[part="confirmation"]')!.textContent)).to.contain(
      'We’ve sent you a confirmation by email.',
    );
    await expectAccessible(el, 'done');
  });

  it('the policy box checked and Continue pressed before the widget renders again: she goes on (CI flake of e2e-fhir, es)', async () => {
    // A render can wait (while a Spanish catalog piece loads); the handlers of the last render then
    // run with the box already checked. Both clicks here come in one task, before any render.
    const adapter = demo();
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await click(() => root(el), 'Continue', 'Continue (details)');
    expect(await heading(el)).to.contain('Cancellation policy');
    await until(
      () => buttonNamed(root(el), 'Continue') && !buttonNamed(root(el), 'Continue')!.disabled,
      'Continue',
    );
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    buttonNamed(root(el), 'Continue')!.click();
    await until(
      () => onStep(el, 'Review and book') || root(el).querySelector('.error-summary'),
      'review or an error',
    );
    expect(root(el).querySelector('.error-summary')?.textContent ?? '', 'no error summary').to.equal('');
    expect(await heading(el)).to.contain('Review and book');
  });

  it('a backend that sends no email (capabilities.emails false, as FHIR) promises none on the confirmation', async () => {
    const adapter = createDemoAdapter({clock: () => NOW, capabilities: {emails: false}});
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await click(() => root(el), 'Continue', 'Continue (details)');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    await click(() => root(el), 'Continue', 'Continue (policy)');
    buttonNamed(root(el), 'Confirm booking')!.click();
    const done = await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    expect(squash(done.textContent)).to.contain('You’re booked');
    expect(squash(done.textContent)).to.not.contain('confirmation by email');
  });

  it('a new patient books with details, SMS code and consent; the host sees no identity in events', async () => {
    const adapter = demo();
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    const seen: string[] = [];
    for (const type of ['portal-before-book', 'portal-booked', 'portal-error']) {
      el.addEventListener(type, (e) => seen.push(JSON.stringify({...(e as object), type})));
    }
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    expect(await heading(el)).to.contain('Your details');

    // A failed submit moves focus to the error summary (QUALITY 2).
    await click(() => root(el), 'Continue', 'Continue (empty details)');
    await el.updateComplete;
    expect(root(el).activeElement?.classList.contains('error-summary')).to.be.true;
    await expectAccessible(el, 'details with errors');

    // A number and a date typed but invalid: the summary says what is wrong, not "required" (#23).
    const phoneField = root(el).querySelector<HTMLElement & {value: string}>('portal-phone-input')!;
    await until(() => phoneField.shadowRoot?.querySelector('input[type=tel]'), 'phone field');
    const tel = phoneField.shadowRoot!.querySelector<HTMLInputElement>('input[type=tel]')!;
    tel.value = '55 12';
    tel.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    const dobField = root(el).querySelector<HTMLElement>('portal-date-input')!;
    for (const [field, value] of [
      ['day', '31'],
      ['month', '02'],
      ['year', '1990'],
    ] as const) {
      const input = dobField.shadowRoot!.querySelector<HTMLInputElement>(
        `input[autocomplete="bday-${field}"]`,
      )!;
      input.value = value;
      input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    }
    tel.focus();
    tel.blur();
    // The phone library arrives on first touch; the field's own message shows once it has read the number.
    await until(
      () => phoneField.shadowRoot!.textContent?.includes('Enter a valid mobile number'),
      'phone checked',
    );
    await click(() => root(el), 'Continue', 'Continue (invalid phone and date)');
    await el.updateComplete;
    const summary = root(el).querySelector('.error-summary')!.textContent!.replace(/\s+/g, ' ');
    expect(summary).to.contain('Mobile phone: Enter a valid mobile number for the country chosen.');
    expect(summary).to.contain('Date of birth: This date doesn’t exist.');
    expect(summary).to.not.match(/Mobile phone: This field is required/);
    tel.value = '';
    tel.dispatchEvent(new Event('input', {bubbles: true, composed: true}));

    await fillNewPatient(el, {
      givenName: 'María José',
      familyName: 'Ñúñez-O’Connor',
      email: 'sentinel.patient@example.test',
    });
    root(el).querySelector<HTMLInputElement>('#f-consent')!.click();
    await click(() => root(el), 'Continue', 'Continue (details filled)');

    expect(await heading(el)).to.contain('Confirm your phone');
    await until(() => root(el).querySelector('#f-code'), 'code field');
    const code = root(el).querySelector<HTMLInputElement>('#f-code')!;
    expect(
      code.getAttribute('autocomplete'),
      'Firefox reflects only autocomplete tokens it implements',
    ).to.equal('one-time-code');
    code.value = DEMO_SMS_CODE;
    code.dispatchEvent(new Event('input'));
    await click(() => root(el), 'Verify');
    expect(await heading(el)).to.contain('Cancellation policy');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    await click(() => root(el), 'Continue', 'Continue (policy)');
    expect(await heading(el)).to.contain('Review and book');
    // Names in any script round-trip exactly and are shown verbatim.
    expect(root(el).querySelector('dl.review')!.textContent).to.contain('María José Ñúñez-O’Connor');
    await click(() => root(el), 'Confirm booking');
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    for (const sentinel of ['María', 'Ñúñez', 'sentinel.patient', '1990-05-01', '5512349876']) {
      expect(seen.join('\n')).to.not.contain(sentinel);
    }
    const confirmation = adapter.outbox.latest({kind: 'booking-confirmation', channel: 'email'});
    expect(confirmation?.to).to.equal('sentinel.patient@example.test');
  });

  it('a host can veto the booking with portal-before-book', async () => {
    const adapter = demo();
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    el.addEventListener('portal-before-book', (e) => (e as PortalBeforeEvent).preventDefault());
    const before = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await click(() => root(el), 'Continue');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    await click(() => root(el), 'Continue');
    await click(() => root(el), 'Confirm booking');
    await new Promise((r) => setTimeout(r, 100));
    expect((await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length).to.equal(before);
    expect(await heading(el)).to.contain('Review and book');
  });

  it('two guests race for one slot: the hold waits for the verified phone; the other sees fresh times and keeps their details', async () => {
    const adapter = demo();
    // Two widgets on one backend stand for two patients (the demo clinic lives in this page).
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <booking-widget id="a" .adapter=${adapter}></booking-widget>
        <booking-widget id="b" .adapter=${adapter}></booking-widget>
      </div>`,
    );
    const a = page.querySelector<BookingWidget>('#a')!;
    const b = page.querySelector<BookingWidget>('#b')!;
    for (const el of [a, b]) {
      await until(() => root(el).querySelector('.card'), 'service cards');
      await click(() => root(el), /Book now/);
      await click(() => root(el), 'Continue');
      await until(() => root(el).querySelector('input[type=radio]'), 'radios');
      root(el).querySelectorAll<HTMLInputElement>('input[type=radio]')[1]!.click();
      await click(() => root(el), 'Continue');
      await pickFirstTime(el);
    }
    const pickerOf = (el: BookingWidget) => root(el).querySelector('portal-slot-picker')!.shadowRoot!;
    const takenName = pickerOf(b)
      .querySelector('[part~="time"][aria-pressed="true"]')!
      .getAttribute('aria-label');
    expect(takenName, 'both chose the same time').to.equal(
      pickerOf(a).querySelector('[part~="time"][aria-pressed="true"]')!.getAttribute('aria-label'),
    );
    // Guests hold nothing before their phone is verified (issue #14 item 7): both go on to details.
    const guests = [
      {
        el: a,
        who: {givenName: 'Ana', familyName: 'Uno', email: 'guest.a@example.test', mobile: '5512340001'},
      },
      {
        el: b,
        who: {givenName: 'Beto', familyName: 'Dos', email: 'guest.b@example.test', mobile: '5512340002'},
      },
    ];
    for (const {el, who} of guests) {
      await click(() => root(el), 'Continue', 'continue (time)');
      expect(await heading(el)).to.contain('Your details');
      expect(root(el).querySelector('[part="hold"]'), 'no hold before the phone is verified').to.be.null;
      await fillNewPatient(el, who);
      root(el).querySelector<HTMLInputElement>('#f-consent')!.click();
      await click(() => root(el), 'Continue', 'continue (details)');
      await until(() => root(el).querySelector('#f-code'), 'code field');
    }
    const verify = async (el: BookingWidget) => {
      const code = root(el).querySelector<HTMLInputElement>('#f-code')!;
      code.value = DEMO_SMS_CODE;
      code.dispatchEvent(new Event('input'));
      await click(() => root(el), 'Verify');
    };
    // A verifies first and holds the time; B's hold of the same slot is refused as taken.
    await verify(a);
    expect(await heading(a)).to.contain('Cancellation policy');
    await until(() => root(a).querySelector('[part="hold"]'), 'A’s hold notice');
    await verify(b);
    await until(() => root(b).querySelector('.notice.warning'), 'conflict message for B');
    expect(root(b).querySelector('.notice.warning')!.textContent).to.contain(
      'someone has just booked that time',
    );
    expect(await heading(b)).to.contain('Choose a day and time');
    // B sees fresh times without the taken one, and can hold another with the phone already verified.
    await until(() => pickerOf(b).querySelectorAll('[part~="time"]').length > 0, 'fresh times for B');
    const offered = [...pickerOf(b).querySelectorAll('[part~="time"]')].map((t) =>
      t.getAttribute('aria-label'),
    );
    expect(offered).to.not.include(takenName);
    await expectAccessible(b, 'slot taken');
    await pickFirstTime(b);
    await click(() => root(b), 'Continue', 'B continue (another time)');
    expect(await heading(b)).to.contain('Your details');
    await until(() => root(b).querySelector('[part="hold"]'), 'B’s hold notice');
    expect(root(b).querySelector<HTMLInputElement>('#f-email')!.value, 'B’s details kept').to.equal(
      'guest.b@example.test',
    );
  });
});

describe('<booking-widget> embedding', () => {
  afterEach(() => resetBackends());

  it('single-service starts at the provider step with that service, and offers no other', async () => {
    const el = await fixture<BookingWidget>(
      html`<booking-widget .adapter=${demo()} service="svc-peel" single-service compact></booking-widget>`,
    );
    await until(() => root(el).querySelector('[data-step-heading]'), 'first step');
    expect(await heading(el)).to.contain('Choose a provider');
    expect(root(el).querySelector('.card')).to.be.null;
    expect([...root(el).querySelectorAll('.steps li')].map((li) => li.textContent?.trim())).to.not.include(
      'Service',
    );
    await expectAccessible(el, 'single service compact');
  });

  it('script-like text from the backend is shown verbatim and never runs (QUALITY 8)', async () => {
    const adapter = demo();
    const payload = '<img src=x onerror="window.__xss=1">';
    const catalog = await adapter.getCatalog();
    const original = adapter.getCatalog.bind(adapter);
    adapter.getCatalog = async (o) => {
      const c = await original(o);
      return {
        ...c,
        services: c.services.map((s, i) => (i === 0 ? {...s, name: {en: payload, es: payload}} : s)),
      };
    };
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'cards');
    const first = catalog.services[0]!;
    expect(first.categoryId, 'the first service is in the category shown first').to.equal(
      catalog.categories[0]!.id,
    );
    expect(root(el).querySelector('.card .title')!.textContent).to.equal(payload);
    expect(root(el).querySelector('.card img')).to.be.null;
    expect((window as {__xss?: number}).__xss).to.equal(undefined);
  });
});

describe('<booking-widget> deposits', () => {
  afterEach(() => resetBackends());

  it('a service with a deposit: the demo test card pays it in a light-DOM field, then the visit books', async () => {
    const adapter = demo();
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(
      html`<booking-widget .adapter=${adapter} service="svc-peel" single-service></booking-widget>`,
    );
    await until(() => root(el).querySelector('input[type=radio]'), 'provider radios');
    root(el).querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await click(() => root(el), 'Continue');
    await pickFirstTime(el);
    await click(() => root(el), 'Continue');
    await click(() => root(el), 'Continue', 'Continue (details)');
    expect(await heading(el)).to.contain('Cancellation policy');
    await until(() => root(el).querySelector('portal-payment-step'), 'payment step');
    // The late fee once, formatted by Intl for the patient's locale (issue #23 item 8).
    const policy = squash(root(el).querySelector('form')!.textContent);
    expect(policy.match(/300/g), `the late fee stated once: ${policy}`).to.have.length(1);
    expect(policy).to.contain('costs a MX$300.00 fee.').and.not.contain('MXN');
    // The provider's field lives in light DOM (Stripe cannot mount in a shadow root).
    await until(() => el.querySelector(':scope > [slot="payment-field"]'), 'light-DOM payment field');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    const step = root(el).querySelector('portal-payment-step')!;
    await until(() => buttonNamed(step.shadowRoot!, /Pay deposit/), 'pay button');
    const pay = buttonNamed(step.shadowRoot!, /Pay deposit/)!;
    // Continuing before paying is refused, and says why at the payment field, which takes focus.
    await click(() => root(el), 'Continue', 'Continue (unpaid)');
    expect(await heading(el)).to.contain('Cancellation policy');
    await until(() => deepActive() === pay, 'focus on "Pay deposit"');
    const described = step.shadowRoot!.getElementById(pay.getAttribute('aria-describedby') ?? '');
    expect(squash(described?.textContent), 'the focused button is described by what is needed').to.equal(
      'Please pay the deposit to continue.',
    );
    expect(squash(step.shadowRoot!.querySelector('[part~="error"]')?.textContent)).to.equal(
      'Please pay the deposit to continue.',
    );
    await expectAccessible(el, 'policy with deposit, continued before paying');
    // The demo provider mounts its test-card choice into the lent field before paying is possible.
    await until(
      () => el.querySelector(':scope > [slot="payment-field"]')?.firstElementChild,
      'demo provider mounted',
    );
    pay.click();
    await until(() => /has been paid/i.test(step.shadowRoot!.textContent ?? ''), 'deposit paid').catch(
      (e) => {
        throw new Error(`${e.message}: ${step.shadowRoot!.textContent?.replace(/\s+/g, ' ')}`);
      },
    );
    await click(() => root(el), 'Continue', 'Continue (paid)');
    expect(await heading(el)).to.contain('Review and book');
    await click(() => root(el), 'Confirm booking');
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    expect(root(el).querySelector('[part="confirmation"]')!.textContent).to.contain('Deposit paid');
    expect(el.querySelector(':scope > [slot="payment-field"]'), 'the lent field is removed afterwards').to.be
      .null;
  });
});

describe('<booking-widget> field errors', () => {
  afterEach(() => resetBackends());

  it('phone, date of birth and the other fields show their errors in one style (issue #23 item 10)', async () => {
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${demo()}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await until(() => root(el).querySelector('portal-phone-input')?.shadowRoot, 'phone input');
    const phone = root(el).querySelector('portal-phone-input')!;
    const tel = phone.shadowRoot!.querySelector<HTMLInputElement>('input[type=tel]')!;
    tel.focus();
    tel.value = '123';
    tel.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    tel.blur();
    const dob = root(el).querySelector('portal-date-input')!;
    const [day, month, year] = [...dob.shadowRoot!.querySelectorAll<HTMLInputElement>('input')];
    for (const [input, value] of [
      [day!, '31'],
      [month!, '02'],
      [year!, '1990'],
    ] as const) {
      input.focus();
      input.value = value;
      input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    }
    year!.blur();
    await click(() => root(el), 'Continue', 'Continue (details with errors)');
    const own = await (async () => {
      await until(() => root(el).querySelector('#f-givenName-error'), 'the first name error');
      return root(el).querySelector<HTMLElement>('#f-givenName-error')!;
    })();
    await until(
      () => !phone.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!.hidden,
      'phone error',
    );
    await until(() => !dob.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!.hidden, 'date error');
    const look = (e: Element) => {
      const c = getComputedStyle(e);
      return [
        c.color,
        c.fontWeight,
        c.fontSize,
        c.borderInlineStartWidth,
        c.borderInlineStartColor,
        c.paddingInlineStart,
      ];
    };
    const reference = look(own);
    expect(reference[3], 'a bar, not colour alone').to.equal('4px');
    expect(look(phone.shadowRoot!.querySelector('[part~="error"]')!), 'phone').to.deep.equal(reference);
    expect(look(dob.shadowRoot!.querySelector('[part~="error"]')!), 'date of birth').to.deep.equal(reference);
    await expectAccessible(el, 'details with errors');
  });
});

describe('<booking-widget> prefill', () => {
  afterEach(() => resetBackends());

  it('the host page can prefill the details form; the patient can still change it', async () => {
    const el = await fixture<BookingWidget>(
      html`<booking-widget
        .adapter=${demo()}
        .prefill=${{givenName: 'Lucía', familyName: 'Pérez', email: 'lucia@example.test'}}
      ></booking-widget>`,
    );
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    expect(await heading(el)).to.contain('Your details');
    const given = root(el).querySelector<HTMLInputElement>('#f-givenName')!;
    expect(given.value).to.equal('Lucía');
    expect(root(el).querySelector<HTMLInputElement>('#f-email')!.value).to.equal('lucia@example.test');
    given.value = 'Lucía María';
    given.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#f-givenName')!.value).to.equal('Lucía María');
  });
});

describe('<booking-widget> by keyboard alone', () => {
  afterEach(() => resetBackends());

  async function tabTo(matches: (el: Element) => boolean, what: string) {
    for (let i = 0; i < 80; i++) {
      const a = deepActive();
      if (a && matches(a)) return a;
      await sendKeys({press: 'Tab'});
    }
    throw new Error(
      `Tab never reached ${what}; stuck on <${deepActive()?.localName}> "${deepActive()?.textContent?.trim().slice(0, 60)}"`,
    );
  }

  const isButton = (text: string | RegExp) => (el: Element) =>
    el.localName === 'button' &&
    !(el as HTMLButtonElement).disabled &&
    (typeof text === 'string' ? el.textContent?.trim() === text : text.test(el.textContent ?? ''));

  it('a signed-in patient books with Tab, arrows, Space and Enter only', async () => {
    const adapter = demo();
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    const booked = oneEvent(el, 'portal-booked');

    // The names Chromium computes: the action and the service, no space before ":", no check mark
    // spoken (issue #23 item 11).
    const buttonNames = () => [...root(el).querySelectorAll('.card button')].map(accessibleName);
    const bookNames = buttonNames().filter((n) => n.startsWith('Book now'));
    expect(bookNames.length).to.be.greaterThan(1);
    for (const n of bookNames) expect(n).to.match(/^Book now: \S/);
    await tabTo(isButton(/Book now/), 'Book now');
    await sendKeys({press: 'Enter'});
    await el.updateComplete;
    const added = buttonNames().filter((n) => n.startsWith('Added'));
    expect(added).to.have.length(1);
    expect(added[0]).to.match(/^Added: [^✓]+$/);
    await tabTo(isButton('Continue'), 'Continue (services)');
    await sendKeys({press: 'Enter'});

    await until(() => onStep(el, 'Choose a provider'), 'provider step');
    await tabTo((e) => e.localName === 'input' && (e as HTMLInputElement).type === 'radio', 'a provider');
    await sendKeys({press: 'ArrowDown'}); // a specific provider
    await tabTo(isButton('Continue'), 'Continue (provider)');
    await sendKeys({press: 'Enter'});

    await until(
      () => root(el).querySelector('portal-slot-picker')?.shadowRoot?.querySelector('[part~="day"]'),
      'grid',
    );
    await tabTo((e) => /\bday\b/.test(e.getAttribute('part') ?? ''), 'the calendar grid');
    for (let i = 0; i < 40 && !/day-available/.test(deepActive()?.getAttribute('part') ?? ''); i++) {
      await sendKeys({press: 'ArrowRight'});
    }
    expect(deepActive()?.getAttribute('part')).to.contain('day-available');
    await sendKeys({press: 'Enter'});
    await tabTo((e) => /\btime\b/.test(e.getAttribute('part') ?? ''), 'a time');
    await sendKeys({press: 'ArrowRight'}); // arrows move among the times
    await sendKeys({press: 'Enter'});
    // The time list is one Tab stop: Continue is near (it took 23 presses with a stop per time).
    let presses = 0;
    while (!isButton('Continue')(deepActive()!) && presses < 10) {
      await sendKeys({press: 'Tab'});
      presses++;
    }
    expect(presses, 'Tab presses from the chosen time to Continue').to.be.at.most(2);
    await tabTo(isButton('Continue'), 'Continue (time)');
    await sendKeys({press: 'Enter'});

    await until(() => onStep(el, 'Your details'), 'details step');
    await tabTo(isButton('Continue'), 'Continue (details)');
    await sendKeys({press: 'Enter'});

    await until(() => onStep(el, 'Cancellation policy'), 'policy step');
    await tabTo((e) => e.id === 'f-policy', 'the policy checkbox');
    await sendKeys({press: 'Space'});
    await tabTo(isButton('Continue'), 'Continue (policy)');
    await sendKeys({press: 'Enter'});

    await until(() => onStep(el, 'Review and book'), 'review step');
    await tabTo(isButton('Confirm booking'), 'Confirm booking');
    await sendKeys({press: 'Enter'});
    await booked;
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    // Focus follows the patient to the confirmation heading.
    expect(deepActive()?.textContent).to.contain('You’re booked');
  });
});

describe('<booking-widget> when things go wrong', () => {
  afterEach(() => resetBackends());

  async function signedInAtReview(adapter: MemoryAdapter) {
    await signInDemoPatient(adapter);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await click(() => root(el), 'Continue');
    root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
    await click(() => root(el), 'Continue');
    expect(await heading(el)).to.contain('Review and book');
    return el;
  }

  it('a lost response after the server committed: the retry with the same key shows one appointment (QUALITY 23, 24)', async () => {
    const adapter = demo();
    const el = await signedInAtReview(adapter);
    const before = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;
    adapter.failures.failNext(new NetworkError('timeout'), {operation: 'book', afterCommit: true});
    const errors: string[] = [];
    el.addEventListener('portal-error', (e) => errors.push((e as PortalErrorEvent).code));
    await click(() => root(el), 'Confirm booking');
    await until(() => root(el).querySelector('[role="alert"]'), 'the error');
    // Never a false "booked": the patient is told, and stays on the review with everything kept.
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('taking too long');
    expect(root(el).querySelector('[part="confirmation"]')).to.be.null;
    expect(errors).to.deep.equal(['timeout']);
    await expectAccessible(el, 'review with a timeout error');
    await click(() => root(el), 'Confirm booking', 'retry');
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation after retry');
    const after = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;
    expect(after - before, 'one appointment, not two').to.equal(1);
  });

  it('a 503 on booking is shown in words and nothing is lost; the next try books', async () => {
    const adapter = demo();
    const el = await signedInAtReview(adapter);
    adapter.failures.failNext(new NetworkError('server', 30), {operation: 'book'});
    await click(() => root(el), 'Confirm booking');
    await until(() => root(el).querySelector('[role="alert"]'), 'the error');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('busy');
    expect(root(el).querySelector('dl.review')).to.exist;
    await click(() => root(el), 'Confirm booking', 'retry');
    await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
  });

  it('offline: shown at once, booking disabled, details kept; back online refetches the slot (QUALITY 25)', async () => {
    // Without holds, the time is not ours until booked: it must be checked again on reconnect.
    const adapter = createDemoAdapter({clock: () => NOW, capabilities: {holds: false}});
    const el = await signedInAtReview(adapter);
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    try {
      Object.defineProperty(Navigator.prototype, 'onLine', {configurable: true, get: () => false});
      window.dispatchEvent(new Event('offline'));
      await el.updateComplete;
      expect(root(el).querySelector('.offline')?.textContent).to.contain('offline');
      expect(buttonNamed(root(el), 'Confirm booking')!.disabled).to.be.true;
      await expectAccessible(el, 'offline');
      expect(root(el).querySelector('dl.review'), 'the review and its details are kept').to.exist;
    } finally {
      Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    }
    let availabilityCalls = 0;
    const original = adapter.getAvailability.bind(adapter);
    adapter.getAvailability = (q, o) => {
      availabilityCalls++;
      return original(q, o);
    };
    window.dispatchEvent(new Event('online'));
    await until(() => availabilityCalls > 0, 'slots fetched again on reconnect');
    await el.updateComplete;
    expect(root(el).querySelector('.offline')).to.be.null;
    expect(buttonNamed(root(el), 'Confirm booking')!.disabled).to.be.false;
  });

  it('the SMS code can be sent again only after its countdown; a wrong code is explained at the field (QUALITY 16)', async () => {
    const adapter = demo();
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await until(() => root(el).querySelector('.card'), 'service cards');
    await startToReview(el);
    await until(() => root(el).querySelector('#f-givenName'), 'details form');
    await fillNewPatient(el, {givenName: 'Ana', familyName: 'Prueba', email: 'ana.prueba@example.test'});
    root(el).querySelector<HTMLInputElement>('#f-consent')!.click();
    await click(() => root(el), 'Continue');
    await until(() => root(el).querySelector('#f-code'), 'code field');
    const resend = () => buttonNamed(root(el), /new code/)!;
    await until(() => /Send a new code in/.test(resend()?.textContent ?? ''), 'resend countdown');
    expect([...root(el).querySelectorAll('button')].find((b) => /new code/.test(b.textContent!))!.disabled).to
      .be.true;
    const code = root(el).querySelector<HTMLInputElement>('#f-code')!;
    code.value = '000000';
    code.dispatchEvent(new Event('input'));
    await click(() => root(el), 'Verify');
    await until(() => root(el).querySelector('#f-code-error'), 'code error');
    expect(root(el).querySelector('#f-code')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).querySelector('#f-code-error')!.textContent).to.contain('isn’t right');
    await expectAccessible(el, 'wrong code');
  });
});

describe('<booking-widget> at 320 px', () => {
  afterEach(() => resetBackends());

  it('never scrolls sideways, from services to details (QUALITY 5)', async () => {
    const adapter = demo();
    const page = await fixture<HTMLDivElement>(
      html`<div class="narrow"><booking-widget .adapter=${adapter}></booking-widget></div>`,
    );
    page.style.width = '320px';
    const el = page.querySelector('booking-widget')!;
    const fits = (what: string) => {
      const all = [el, ...root(el).querySelectorAll('*')] as Element[];
      const wide = all.filter(
        (n) => n.getBoundingClientRect().right > page.getBoundingClientRect().right + 1,
      );
      expect(
        wide.map((n) => n.localName + '.' + n.className),
        `nothing sticks out at ${what}`,
      ).to.deep.equal([]);
    };
    await until(() => root(el).querySelector('.card'), 'service cards');
    fits('services');
    await click(() => root(el), /Book now/);
    await click(() => root(el), 'Continue');
    await until(() => root(el).querySelector('input[type=radio]'), 'provider radios');
    fits('provider');
    root(el).querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await click(() => root(el), 'Continue');
    await pickFirstTime(el);
    fits('day and time');
    await click(() => root(el), 'Continue');
    await until(() => root(el).querySelector('#f-givenName'), 'details');
    fits('details');
  });
});
