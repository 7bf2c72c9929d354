import {expect, fixture, html} from '@open-wc/testing';
import '../../src/define/device-check.js';
import type {DeviceCheck} from '../../src/elements/device-check/device-check.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {squash, until} from './helpers/dom.js';

// Runs in a Chromium with a fake microphone and no camera (--use-fake-device-for-media-stream=device-count=0).

const text = (el: Element) => squash(el.shadowRoot!.textContent);
const button = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => squash(b.textContent) === name);

describe('<device-check> on a device with a microphone and no camera', () => {
  afterEach(() => setPageLocale('en-US'));

  it('goes on with sound only: the microphone is tested, the missing camera explained', async () => {
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Allow camera and microphone')!.click();
    await until(() => /No camera was found/.test(text(el)), 'no camera');
    expect(text(el)).to.contain('join with sound only');
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    expect(el.shadowRoot!.querySelector('meter')).to.exist;
    await until(() => el.results.microphone === 'pass', 'the microphone heard');
    expect(el.results.camera).to.equal('fail');
    const media = el.shadowRoot!.querySelector('[part~="check-media"] [part~="result"]');
    expect(squash(media?.textContent)).to.equal('Needs attention');
    expect(el.choices.camera).to.equal(undefined);
    await expectAccessible(el, 'no camera, en');
  });

  it('in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Permitir cámara y micrófono')!.click();
    await until(() => /No se encontró ninguna cámara/.test(text(el)), 'sin cámara');
    await expectAccessible(el, 'no camera, es');
  });
});
