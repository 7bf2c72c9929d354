import {expect, fixture, html} from '@open-wc/testing';
import '../../src/define/device-check.js';
import type {DeviceCheck} from '../../src/elements/device-check/device-check.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {squash, until} from './helpers/dom.js';

// Runs in a Chromium that denies camera and microphone permission (--deny-permission-prompts).

const text = (el: Element) => squash(el.shadowRoot!.textContent);
const button = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => squash(b.textContent) === name);

describe('<device-check> when the browser denies the camera and microphone', () => {
  afterEach(() => setPageLocale('en-US'));

  it('explains how to allow them, and "Try again" asks again', async () => {
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Allow camera and microphone')!.click();
    await until(() => /blocking the camera and microphone/.test(text(el)), 'the explanation');
    expect(text(el)).to.contain('padlock icon');
    expect(text(el)).to.contain('Settings › Safari');
    expect(el.results.camera).to.equal('fail');
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.exist;
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    await expectAccessible(el, 'denied, en');
    button(el, 'Try again')!.click();
    await until(() => el.results.camera === 'fail' && button(el, 'Try again'), 'asked again, still denied');
  });

  it('in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const el = await fixture<DeviceCheck>(html`<device-check></device-check>`);
    button(el, 'Permitir cámara y micrófono')!.click();
    await until(() => /está bloqueando la cámara y el micrófono/.test(text(el)), 'la explicación');
    expect(text(el)).to.contain('Intentar de nuevo');
    await expectAccessible(el, 'denied, es');
  });
});
