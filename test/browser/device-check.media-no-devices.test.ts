import {expect, fixture, html} from '@open-wc/testing';
import '../../src/define/device-check.js';
import type {DeviceCheck} from '../../src/elements/device-check/device-check.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {squash, until} from './helpers/dom.js';

// Runs in a Chromium with no camera and no microphone at all (no fake devices; CI machines have none).

const text = (el: Element) => squash(el.shadowRoot!.textContent);
const button = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => squash(b.textContent) === name);

describe('<device-check> on a device without camera or microphone', () => {
  afterEach(() => setPageLocale('en-US'));

  it('says none was found, what to connect, and that the clinic can see the patient by phone', async () => {
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Allow camera and microphone')!.click();
    await until(() => /No camera or microphone was found/.test(text(el)), 'no devices');
    expect(text(el)).to.contain('headphones with a microphone');
    expect(text(el)).to.contain('call the clinic');
    expect(el.results.camera).to.equal('fail');
    expect(el.results.microphone).to.equal('fail');
    expect(button(el, 'Try again')).to.exist;
    await expectAccessible(el, 'no devices, en');
  });

  it('in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Permitir cámara y micrófono')!.click();
    await until(() => /No se encontró ninguna cámara ni micrófono/.test(text(el)), 'sin dispositivos');
    await expectAccessible(el, 'no devices, es');
  });
});
