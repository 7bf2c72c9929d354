/**
 * A phone number on file is shown formatted at once, not raw until the phone library loads on the
 * first touch (issue #23 item 6). This file loads nothing else that would load the library first.
 */
import {expect, fixture, html} from '@open-wc/testing';
import '../../src/define/portal-phone-input.js';
import type {PhoneInput} from '../../src/elements/inputs/phone-input.js';
import {loadPhoneTools, phoneToolsIfLoaded} from '../../src/domain/phone.js';
import {setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';

const shown = (el: PhoneInput) => el.shadowRoot!.querySelector<HTMLInputElement>('input[type=tel]')!.value;

describe('<portal-phone-input>: numbers on file', () => {
  after(() => setPageLocale('en-US'));

  it('shows Mexican, US, Canadian and Spanish numbers in their national format before the library loads', async () => {
    const cases = [
      ['+525512345678', '55 1234 5678'],
      ['+522221234567', '222 123 4567'],
      ['+12125551234', '(212) 555-1234'],
      ['+14165551234', '(416) 555-1234'],
      ['+34612345678', '612 34 56 78'],
    ] as const;
    for (const [e164, national] of cases) {
      const el = await fixture<PhoneInput>(
        html`<portal-phone-input label="Mobile" .value=${e164}></portal-phone-input>`,
      );
      expect(phoneToolsIfLoaded(), 'the phone library has not loaded').to.equal(undefined);
      expect(shown(el), e164).to.equal(national);
      expect(el.value, 'the value stays E.164').to.equal(e164);
    }
  });

  it('shows it the same way on a Spanish page, accessible', async () => {
    await setPageLocale('es-MX');
    const el = await fixture<PhoneInput>(
      html`<portal-phone-input label="Celular" .value=${'+525512345678'}></portal-phone-input>`,
    );
    expect(shown(el)).to.equal('55 1234 5678');
    await expectAccessible(el, 'number on file, es');
  });
});

describe('<portal-phone-input>: left before the phone library loaded', () => {
  it('a number typed and left at once is tidied when the library arrives, as leaving would have', async () => {
    const el = await fixture<PhoneInput>(
      html`<portal-phone-input label="Mobile" default-country="MX"></portal-phone-input>`,
    );
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=tel]')!;
    input.focus();
    input.value = '+1 312 555 0142';
    input.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
    input.blur();
    expect(phoneToolsIfLoaded(), 'left before the library loaded').to.equal(undefined);
    await loadPhoneTools();
    await el.updateComplete;
    expect(shown(el), 'national format').to.equal('(312) 555-0142');
    expect(el.shadowRoot!.querySelector('select')!.value, 'its country chosen').to.equal('US');
    expect(el.value).to.equal('+13125550142');
  });
});
