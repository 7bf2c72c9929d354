/**
 * <portal-phone-input> and <portal-date-input> in real Chromium: labels and descriptions, messages on
 * leaving a field, keyboard-only use, the date order per locale, form association (FormData, reset,
 * required, disabled fieldset), libphonenumber loaded only on first use, injection payloads shown
 * verbatim, 10,000-character pastes — and axe in every state, in English and Spanish.
 */
import {expect, fixture, html, nextFrame, waitUntil} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../src/define/portal-phone-input.js';
import '../../src/define/portal-date-input.js';
import type {PhoneInput} from '../../src/elements/inputs/phone-input.js';
import type {DateInput} from '../../src/elements/inputs/date-input.js';
import {phoneToolsIfLoaded} from '../../src/domain/phone.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {itIn} from './helpers/engine.js';

// Many modules load in a dev-server page: keep every resource entry for the lazy-loading check.
performance.setResourceTimingBufferSize(100_000);

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=1">',
  "javascript:window.__xss=1//'",
  '<script>window.__xss=1</script>',
];

function sr(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

function tel(el: PhoneInput): HTMLInputElement {
  return sr(el).querySelector<HTMLInputElement>('input[type=tel]')!;
}

function countrySelect(el: PhoneInput): HTMLSelectElement {
  return sr(el).querySelector<HTMLSelectElement>('select')!;
}

function field(el: DateInput, name: 'day' | 'month' | 'year'): HTMLInputElement {
  return sr(el).querySelector<HTMLInputElement>(`input[autocomplete="bday-${name}"]`)!;
}

/** What a browser does when someone types or pastes into a field (value, then `input`). */
function typeInto(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
}

function commit(input: HTMLInputElement | HTMLSelectElement) {
  input.dispatchEvent(new Event('change', {bubbles: true}));
}

/** Focus leaves the element for the page (a real focus move, so focusout carries relatedTarget). */
async function leave(el: Element) {
  const outside = document.createElement('button');
  outside.textContent = 'outside';
  el.after(outside);
  outside.focus();
  await settle(el);
  outside.remove();
}

async function settle(el: Element) {
  for (let i = 0; i < 3; i++) {
    await nextFrame();
    await (el as PhoneInput).updateComplete;
  }
}

function errorText(el: Element): string {
  const error = sr(el).querySelector<HTMLElement>('[part="error"]')!;
  return error.hidden ? '' : (error.textContent ?? '').trim();
}

function describedByIds(input: Element): string[] {
  return (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
}

function libphonenumberRequested(): boolean {
  return performance.getEntriesByType('resource').some((e) => e.name.includes('libphonenumber'));
}

async function useLocale(tag: string) {
  document.documentElement.lang = tag;
  await setPageLocale(tag);
  await localeReady();
}

async function phone(template = html`<portal-phone-input label="Mobile phone"></portal-phone-input>`) {
  const el = await fixture<PhoneInput>(template);
  await settle(el);
  return el;
}

async function date(
  template = html`<portal-date-input label="Date of birth" today="2026-03-01"></portal-date-input>`,
) {
  const el = await fixture<DateInput>(template);
  await settle(el);
  return el;
}

/** Types a number and waits until the (lazily loaded) phone tools have read it. */
async function enterPhone(el: PhoneInput, text: string) {
  tel(el).focus();
  typeInto(tel(el), text);
  await waitUntil(() => phoneToolsIfLoaded(), 'phone tools loaded', {timeout: 5000});
  await settle(el);
}

afterEach(async () => {
  await useLocale('en');
});

describe('libphonenumber is loaded on first use only', () => {
  it('rendering, a locale change and a preset value do not load it; focusing the field does', async () => {
    expect(phoneToolsIfLoaded(), 'not loaded before the test').to.be.undefined;
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <portal-phone-input id="preset" label="Mobile phone" value="+34612345678"></portal-phone-input>
        <portal-phone-input id="typed" label="Other mobile"></portal-phone-input>
      </div>`,
    );
    const preset = wrapper.querySelector<PhoneInput>('#preset')!;
    const typed = wrapper.querySelector<PhoneInput>('#typed')!;
    await useLocale('es-MX');
    await settle(preset);
    expect(preset.value, 'a preset E.164 value needs no library').to.equal('+34612345678');
    expect(countrySelect(preset).value).to.equal('ES');
    expect(preset.checkValidity()).to.be.true;
    expect(libphonenumberRequested(), 'no libphonenumber request before use').to.be.false;
    expect(phoneToolsIfLoaded()).to.be.undefined;

    // Typed (and left) before the library has arrived: read as soon as it has, with events.
    const seen: string[] = [];
    wrapper.addEventListener('input', (e) => seen.push(`input:${(e.target as PhoneInput).value}`));
    wrapper.addEventListener('change', (e) => seen.push(`change:${(e.target as PhoneInput).value}`));
    tel(typed).focus();
    typeInto(tel(typed), '55 1234 5678');
    commit(tel(typed));
    expect(typed.value, 'not read before the library loads').to.equal('');
    expect(typed.checkValidity(), 'not valid until read').to.be.false;
    expect(seen, 'no change with an unread value').to.deep.equal(['input:']);
    await waitUntil(() => phoneToolsIfLoaded(), 'loaded after focus', {timeout: 5000});
    expect(libphonenumberRequested(), 'libphonenumber requested after focus').to.be.true;
    await waitUntil(() => typed.value === '+525512345678', 'read once loaded', {timeout: 5000});
    expect(seen).to.deep.equal(['input:', 'input:+525512345678', 'change:+525512345678']);
    expect(typed.checkValidity()).to.be.true;

    tel(preset).focus();
    await settle(preset);
    expect(tel(preset).value, 'the preset number is shown as dialled in Spain once loaded').to.equal(
      '612 34 56 78',
    );
    expect(preset.value).to.equal('+34612345678');
  });
});

describe('<portal-phone-input>', () => {
  it('renders a labelled country list and number field, with the hint as description', async () => {
    const el = await phone(
      html`<portal-phone-input
        label="Mobile for reminders"
        hint="We text reminders here."
        default-country="ES"
      ></portal-phone-input>`,
    );
    const input = tel(el);
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Mobile for reminders');
    expect(input.getAttribute('autocomplete')).to.equal('tel-national');
    expect(input.getAttribute('inputmode')).to.equal('tel');
    const select = countrySelect(el);
    expect(select.labels?.[0]?.textContent?.trim()).to.equal('Country');
    expect([...select.options].map((o) => o.value)).to.deep.equal(['ES', 'MX', 'US', 'CA', 'ZZ']);
    expect(select.value, 'the clinic country is chosen').to.equal('ES');
    expect(select.options[0]!.textContent?.trim()).to.match(/^Spain \(\+34\)$/);
    const ids = describedByIds(input);
    expect(ids).to.include('hint');
    expect(sr(el).getElementById('hint')?.textContent).to.equal('We text reminders here.');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    await expectAccessible(el, 'phone empty');
  });

  it('reads Mexican numbers with old prefixes into E.164 and tidies them on leaving', async () => {
    const el = await phone();
    await enterPhone(el, '044 55 1234 5678');
    expect(el.value).to.equal('+525512345678');
    await leave(el);
    expect(tel(el).value, 'shown as dialled today').to.equal('55 1234 5678');
    expect(errorText(el)).to.equal('');
  });

  it('a number with another country code switches the country list to it', async () => {
    const el = await phone();
    await enterPhone(el, '+1 416 555 0123');
    expect(el.value).to.equal('+14165550123');
    await leave(el);
    expect(countrySelect(el).value).to.equal('CA');
    expect(tel(el).value).to.equal('(416) 555-0123');
  });

  it('shows the localized message on leaving an invalid number, and wires it to the field', async () => {
    const el = await phone();
    await enterPhone(el, '55 1234');
    expect(errorText(el), 'no message while typing').to.equal('');
    expect(el.value).to.equal('');
    await leave(el);
    const input = tel(el);
    expect(errorText(el)).to.equal('Enter a valid mobile number for the country chosen.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(describedByIds(input)).to.include('error');
    expect(el.validity.typeMismatch).to.be.true;
    await expectAccessible(el, 'phone error en');

    typeInto(input, '55 1234 5678');
    await settle(el);
    expect(errorText(el), 'the message goes as soon as the number is right').to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    await expectAccessible(el, 'phone filled en');
  });

  it('a Spanish landline is refused for SMS; the country list changes how digits are read', async () => {
    const el = await phone(
      html`<portal-phone-input label="Móvil" default-country="MX"></portal-phone-input>`,
    );
    await enterPhone(el, '612 345 678');
    expect(el.value, 'nine digits are no Mexican number').to.equal('');
    const select = countrySelect(el);
    select.value = 'ES';
    commit(select);
    await settle(el);
    expect(el.value).to.equal('+34612345678');
    typeInto(tel(el), '912 345 678');
    await leave(el);
    expect(el.value).to.equal('');
    expect(errorText(el)).to.equal('Enter a valid mobile number for the country chosen.');
  });

  it('"Other country" asks for + and the country code, and fills with autocomplete="tel"', async () => {
    const el = await phone();
    const select = countrySelect(el);
    select.value = 'ZZ';
    commit(select);
    await settle(el);
    expect(describedByIds(tel(el))).to.include('other-hint');
    expect(tel(el).getAttribute('autocomplete')).to.equal('tel');
    await enterPhone(el, '+44 7911 123456');
    expect(el.value).to.equal('+447911123456');
    await expectAccessible(el, 'phone other country');
  });

  it('refuses a 10,000-character paste at once, with a message, without freezing', async () => {
    const el = await phone();
    tel(el).focus();
    const started = performance.now();
    typeInto(tel(el), '5'.repeat(10_000));
    await el.updateComplete;
    expect(performance.now() - started).to.be.below(200);
    expect(errorText(el)).to.equal('This is too long. Please shorten it.');
    expect(el.value).to.equal('');
    expect(el.validity.tooLong).to.be.true;
  });

  it('fires composed input and change events from the element, with the new value', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><portal-phone-input label="Mobile phone"></portal-phone-input></div>`,
    );
    const el = wrapper.querySelector('portal-phone-input')!;
    await settle(el);
    const seen: string[] = [];
    wrapper.addEventListener('input', (e) => seen.push(`input:${(e.target as PhoneInput).value}`));
    wrapper.addEventListener('change', (e) => seen.push(`change:${(e.target as PhoneInput).value}`));
    await enterPhone(el, '55 1234 5678');
    commit(tel(el));
    expect(seen).to.include('change:+525512345678');
    expect(seen.filter((s) => s.startsWith('input:')).at(-1)).to.equal('input:+525512345678');
    expect(seen.every((s) => !s.includes('undefined'))).to.be.true;
  });

  it('setting value to what it already is leaves a half-typed number alone', async () => {
    const el = await phone();
    await enterPhone(el, '55 12');
    el.value = '';
    await settle(el);
    expect(tel(el).value).to.equal('55 12');
    el.clear();
    await settle(el);
    expect(tel(el).value).to.equal('');
  });

  it('can be used with the keyboard alone', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <button>before</button>
        <portal-phone-input label="Mobile phone"></portal-phone-input>
        <button>after</button>
      </div>`,
    );
    const el = wrapper.querySelector('portal-phone-input')!;
    await settle(el);
    wrapper.querySelector('button')!.focus();
    await sendKeys({press: 'Tab'});
    expect(sr(el).activeElement, 'Tab reaches the country list').to.equal(countrySelect(el));
    await sendKeys({press: 'ArrowDown'});
    await settle(el);
    expect(countrySelect(el).value, 'arrow keys change the country').to.equal('US');
    await sendKeys({press: 'Tab'});
    expect(sr(el).activeElement, 'then the number').to.equal(tel(el));
    await sendKeys({type: '212 555 0123'});
    await waitUntil(() => el.value === '+12125550123', 'typed number read', {timeout: 5000});
    await sendKeys({press: 'Tab'});
    expect(document.activeElement?.textContent).to.equal('after');
    await settle(el);
    expect(tel(el).value).to.equal('(212) 555-0123');

    await sendKeys({down: 'Shift'});
    await sendKeys({press: 'Tab'});
    await sendKeys({up: 'Shift'});
    expect(sr(el).activeElement).to.equal(tel(el));
    await sendKeys({down: 'Control'});
    await sendKeys({press: 'KeyA'});
    await sendKeys({up: 'Control'});
    await sendKeys({type: '212'});
    await sendKeys({press: 'Tab'});
    await settle(el);
    expect(errorText(el)).to.equal('Enter a valid mobile number for the country chosen.');
  });

  for (const payload of PAYLOADS) {
    it(`shows ${JSON.stringify(payload)} verbatim and never runs it`, async () => {
      const el = await phone(
        html`<portal-phone-input .label=${payload} .hint=${payload}></portal-phone-input>`,
      );
      await enterPhone(el, payload);
      await leave(el);
      expect(tel(el).value).to.equal(payload);
      expect(sr(el).querySelector('label[for="number"]')?.textContent).to.equal(payload);
      expect(sr(el).getElementById('hint')?.textContent).to.equal(payload);
      expect(sr(el).querySelector('img, svg, script')).to.be.null;
      expect(el.value).to.equal('');
      await new Promise((r) => setTimeout(r, 50));
      expect((window as {__xss?: number}).__xss).to.be.undefined;
    });
  }

  it('passes axe empty, filled and with an error, in Spanish', async () => {
    await useLocale('es-MX');
    const el = await phone(html`<portal-phone-input label="Celular" required></portal-phone-input>`);
    expect(countrySelect(el).options[0]!.textContent?.trim()).to.equal('México (+52)');
    await expectAccessible(el, 'phone empty es');
    await enterPhone(el, '55 1234 5678');
    await leave(el);
    await expectAccessible(el, 'phone filled es');
    typeInto(tel(el), '55');
    await leave(el);
    expect(errorText(el)).to.equal('Escriba un número de celular válido para el país elegido.');
    await expectAccessible(el, 'phone error es');
    el.clear();
    el.reportValidity();
    await settle(el);
    expect(errorText(el)).to.equal('Este campo es obligatorio.');
    await expectAccessible(el, 'phone required es');
  });
});

describe('<portal-date-input>', () => {
  it('renders a labelled group of three numeric fields with the format as description', async () => {
    const el = await date(
      html`<portal-date-input
        label="Date of birth"
        hint="As on your ID."
        today="2026-03-01"
      ></portal-date-input>`,
    );
    const group = sr(el).querySelector('fieldset')!;
    expect(group.querySelector('legend')?.textContent?.trim()).to.equal('Date of birth');
    for (const [name, label, max] of [
      ['day', 'Day', '2'],
      ['month', 'Month', '2'],
      ['year', 'Year', '4'],
    ] as const) {
      const input = field(el, name);
      expect(input.labels?.[0]?.textContent?.trim()).to.equal(label);
      expect(input.getAttribute('inputmode')).to.equal('numeric');
      expect(input.getAttribute('maxlength')).to.equal(max);
      expect(describedByIds(input)).to.deep.equal(['format', 'hint']);
    }
    expect(sr(el).getElementById('format')?.textContent?.trim()).to.equal('Format: MM/DD/YYYY');
    await expectAccessible(el, 'date empty en');
  });

  for (const [tag, order, format] of [
    ['en-US', ['month', 'day', 'year'], 'Format: MM/DD/YYYY'],
    ['es-MX', ['day', 'month', 'year'], 'DD/MM/AAAA'],
    ['en-CA', ['year', 'month', 'day'], 'Format: YYYY-MM-DD'],
  ] as const) {
    (tag === 'en-CA'
      ? itIn(
          ['chromium', 'firefox'],
          "WebKitGTK formats with Debian's ICU 72, whose en-CA short date is M/d/y (the element follows Intl)",
        )
      : it)(`puts the fields in ${tag}'s order (${order.join('/')}) and shows the format`, async () => {
      await useLocale(tag);
      const el = await date();
      const ids = [...sr(el).querySelectorAll('input')].map((i) => i.id);
      expect(ids).to.deep.equal(order);
      expect(sr(el).getElementById('format')?.textContent).to.contain(format);
    });
  }

  it('re-renders in the new order when the page language changes, keeping what was typed', async () => {
    await useLocale('en-US');
    const el = await date();
    typeInto(field(el, 'month'), '05');
    typeInto(field(el, 'day'), '01');
    typeInto(field(el, 'year'), '1990');
    await useLocale('es-MX');
    await settle(el);
    expect([...sr(el).querySelectorAll('input')].map((i) => i.value)).to.deep.equal(['01', '05', '1990']);
    expect(el.value).to.equal('1990-05-01');
  });

  it('1990-05-01 round-trips: set, shown in the fields, typed back, whatever the zone', async () => {
    const el = await date();
    el.value = '1990-05-01';
    await settle(el);
    expect([field(el, 'day').value, field(el, 'month').value, field(el, 'year').value]).to.deep.equal([
      '01',
      '05',
      '1990',
    ]);
    expect(el.value).to.equal('1990-05-01');
    el.clear();
    typeInto(field(el, 'day'), '1');
    typeInto(field(el, 'month'), '5');
    typeInto(field(el, 'year'), '1990');
    await settle(el);
    expect(el.value).to.equal('1990-05-01');
  });

  for (const [what, [d, m, y], message] of [
    ['31/02', ['31', '02', '1990'], 'This date doesn’t exist. Please check the day and month.'],
    ['a future date', ['02', '03', '2026'], 'This date is in the future.'],
    [
      'more than 130 years ago',
      ['01', '01', '1890'],
      'Please check the year: that is more than 130 years ago.',
    ],
    ['an incomplete date', ['01', '', '1990'], 'This field is required.'],
  ] as const) {
    it(`refuses ${what} with its message when the patient leaves the group`, async () => {
      const el = await date();
      field(el, 'day').focus();
      typeInto(field(el, 'day'), d);
      field(el, 'month').focus();
      typeInto(field(el, 'month'), m);
      field(el, 'year').focus();
      typeInto(field(el, 'year'), y);
      await settle(el);
      expect(errorText(el), 'no message while moving between the fields').to.equal('');
      await leave(el);
      expect(errorText(el)).to.equal(message);
      expect(el.value).to.equal('');
      const invalid = [...sr(el).querySelectorAll('input[aria-invalid="true"]')];
      expect(invalid.length).to.be.greaterThan(0);
      for (const input of invalid) expect(describedByIds(input)).to.include('error');
      await expectAccessible(el, `date error ${what}`);
    });
  }

  it('accepts the day before today, and refuses nothing typed when not required', async () => {
    const el = await date();
    expect(el.checkValidity(), 'empty and optional').to.be.true;
    typeInto(field(el, 'day'), '29');
    typeInto(field(el, 'month'), '02');
    typeInto(field(el, 'year'), '2026');
    await settle(el);
    expect(el.value, '2026 is not a leap year').to.equal('');
    typeInto(field(el, 'day'), '28');
    await settle(el);
    expect(el.value).to.equal('2026-02-28');
    await expectAccessible(el, 'date filled en');
  });

  itIn(
    ['chromium', 'webkit'],
    'Firefox gives a scripted ClipboardEvent no clipboard data (only real pastes carry it)',
  )('spreads a whole pasted date over the fields and refuses a 10,000-character paste', async () => {
    await useLocale('es-MX');
    const el = await date();
    const paste = (input: HTMLInputElement, text: string) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
      input.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(paste(field(el, 'day'), '01/05/1990')).to.be.true;
    await settle(el);
    expect(el.value).to.equal('1990-05-01');
    el.clear();
    await settle(el);
    const started = performance.now();
    expect(paste(field(el, 'year'), '1'.repeat(10_000)), 'the paste is refused').to.be.true;
    await settle(el);
    expect(performance.now() - started).to.be.below(500);
    expect(errorText(el)).to.equal('Es demasiado largo. Acórtelo, por favor.');
    expect(field(el, 'year').value).to.equal('');
    await expectAccessible(el, 'date too long es');
  });

  it('can be used with the keyboard alone', async () => {
    await useLocale('en-US');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <button>before</button>
        <portal-date-input label="Date of birth" today="2026-03-01"></portal-date-input>
        <button>after</button>
      </div>`,
    );
    const el = wrapper.querySelector('portal-date-input')!;
    await settle(el);
    wrapper.querySelector('button')!.focus();
    await sendKeys({press: 'Tab'});
    expect(sr(el).activeElement?.id).to.equal('month');
    await sendKeys({type: '05'});
    await sendKeys({press: 'Tab'});
    expect(sr(el).activeElement?.id).to.equal('day');
    await sendKeys({type: '01'});
    await sendKeys({press: 'Tab'});
    await sendKeys({type: '19900'});
    expect(field(el, 'year').value, 'maxlength caps typing').to.equal('1990');
    await sendKeys({press: 'Tab'});
    expect(document.activeElement?.textContent).to.equal('after');
    expect(el.value).to.equal('1990-05-01');
  });

  for (const payload of PAYLOADS) {
    it(`shows ${JSON.stringify(payload)} verbatim as label and hint, and refuses it as a date`, async () => {
      const el = await date(
        html`<portal-date-input .label=${payload} .hint=${payload} today="2026-03-01"></portal-date-input>`,
      );
      expect(sr(el).querySelector('legend')?.textContent).to.equal(payload);
      expect(sr(el).getElementById('hint')?.textContent).to.equal(payload);
      field(el, 'day').focus();
      typeInto(field(el, 'day'), payload);
      typeInto(field(el, 'month'), '05');
      typeInto(field(el, 'year'), '1990');
      await leave(el);
      expect(field(el, 'day').value, 'capped at the field length, as text').to.equal(payload.slice(0, 2));
      expect(errorText(el)).to.equal('This date doesn’t exist. Please check the day and month.');
      expect(sr(el).querySelector('img, svg, script')).to.be.null;
      await new Promise((r) => setTimeout(r, 50));
      expect((window as {__xss?: number}).__xss).to.be.undefined;
    });
  }

  it('passes axe empty, filled and with an error, in Spanish', async () => {
    await useLocale('es-ES');
    const el = await date(
      html`<portal-date-input label="Fecha de nacimiento" required today="2026-03-01"></portal-date-input>`,
    );
    await expectAccessible(el, 'date empty es');
    el.reportValidity();
    await settle(el);
    expect(errorText(el)).to.equal('Este campo es obligatorio.');
    await expectAccessible(el, 'date required es');
    el.value = '1990-05-01';
    await settle(el);
    await expectAccessible(el, 'date filled es');
    typeInto(field(el, 'day'), '31');
    typeInto(field(el, 'month'), '04');
    await leave(el);
    expect(errorText(el)).to.equal('Esta fecha no existe. Revise el día y el mes.');
    await expectAccessible(el, 'date error es');
  });
});

describe('form association (inside a host page’s own <form>)', () => {
  async function form() {
    const f = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset>
          <legend>Your details</legend>
          <portal-phone-input name="phone" label="Mobile phone" required></portal-phone-input>
          <portal-date-input name="dob" label="Date of birth" today="2026-03-01" required></portal-date-input>
        </fieldset>
        <button>Send</button>
      </form>`,
    );
    const p = f.querySelector('portal-phone-input')!;
    const d = f.querySelector('portal-date-input')!;
    await settle(p);
    await settle(d);
    let submitted = 0;
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted++;
    });
    return {f, p, d, submitted: () => submitted};
  }

  it('required fields block the submit and show their messages', async () => {
    const {f, p, d, submitted} = await form();
    expect(p.form).to.equal(f);
    expect(f.checkValidity()).to.be.false;
    f.requestSubmit();
    await settle(p);
    expect(submitted()).to.equal(0);
    expect(errorText(p)).to.equal('This field is required.');
    expect(errorText(d)).to.equal('This field is required.');
    expect(p.reportValidity()).to.be.false;
    expect(d.validity.valueMissing).to.be.true;
    await expectAccessible(f, 'form with errors');
  });

  it('submits the E.164 number and the plain date; reset clears both', async () => {
    const {f, p, d, submitted} = await form();
    await enterPhone(p, '045 55 1234 5678');
    d.value = '1990-05-01';
    await settle(d);
    expect(f.checkValidity()).to.be.true;
    const data = new FormData(f);
    expect(data.get('phone')).to.equal('+525512345678');
    expect(data.get('dob')).to.equal('1990-05-01');
    f.requestSubmit();
    expect(submitted()).to.equal(1);
    await expectAccessible(f, 'form filled');

    f.reset();
    await settle(p);
    expect(p.value).to.equal('');
    expect(d.value).to.equal('');
    expect(tel(p).value).to.equal('');
    expect(field(d, 'year').value).to.equal('');
    expect(new FormData(f).get('phone')).to.equal('');
    expect(errorText(p), 'reset shows no message').to.equal('');
  });

  it('an invalid number blocks the submit even when not required', async () => {
    const f = await fixture<HTMLFormElement>(
      html`<form><portal-phone-input name="phone" label="Mobile phone"></portal-phone-input></form>`,
    );
    const p = f.querySelector('portal-phone-input')!;
    await settle(p);
    expect(f.checkValidity(), 'empty and optional').to.be.true;
    await enterPhone(p, '55 1234');
    expect(f.checkValidity()).to.be.false;
    expect(p.validationMessage).to.equal('Enter a valid mobile number for the country chosen.');
  });

  it('a disabled fieldset disables the inner fields and leaves them out of the form', async () => {
    const {f, p, d} = await form();
    f.querySelector('fieldset')!.disabled = true;
    await settle(p);
    await settle(d);
    expect(tel(p).disabled).to.be.true;
    expect(countrySelect(p).disabled).to.be.true;
    expect(field(d, 'day').disabled).to.be.true;
    expect(p.willValidate).to.be.false;
    expect(f.checkValidity(), 'disabled fields are not validated').to.be.true;
    await expectAccessible(f, 'form disabled');
  });
});
