import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../src/define/device-check.js';
import type {DeviceCheck, PortalDeviceCheckEvent} from '../../src/elements/device-check/device-check.js';
import {createDemoAdapter} from '../../src/adapters/memory/index.js';
import {NetworkError, type PortalAdapter} from '../../src/adapters/adapter.js';
import {resetBackends} from '../../src/adapters/registry.js';
import {browserEnvironment} from '../../src/telehealth/media-check.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {buttonIn, deepActive, squash, until} from './helpers/dom.js';
import {describeIn, itIn, NO_WEBRTC_IN_WEBKITGTK} from './helpers/engine.js';

const NO_AUDIO_IN_HEADLESS_FIREFOX =
  'headless Firefox on a machine without a sound card never starts an AudioContext (test tone, level ' +
  'meter); its fake camera is tested by the other tests here';

// This file runs in Chromium with its fake camera (a test pattern) and fake microphone (a beep),
// granted without a prompt. Denied permission, no camera and no devices have files of their own
// (device-check.media-*.test.ts), each in a Chromium set up that way.

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => squash(root(el).textContent);
const row = (el: Element, id: string) => root(el).querySelector<HTMLElement>(`[part~="check-${id}"]`)!;
const rowResult = (el: Element, id: string) =>
  squash(row(el, id).querySelector('[part~="result"]')?.textContent);

async function checkWith(adapter?: PortalAdapter) {
  const el = await fixture<DeviceCheck>(html`<device-check .adapter=${adapter}></device-check>`);
  await el.updateComplete;
  return el;
}

async function allow(el: DeviceCheck) {
  buttonIn(root(el), 'Allow camera and microphone')!.click();
  await until(() => root(el).querySelector('video'), 'the preview');
}

describeIn(['chromium', 'firefox'], NO_WEBRTC_IN_WEBKITGTK)(
  '<device-check> with a camera and microphone (Chromium fake devices, Firefox fake streams)',
  () => {
    afterEach(async () => {
      resetBackends();
      await setPageLocale('en-US');
    });

    it('asks nothing until the patient chooses to, and says nothing is recorded', async () => {
      const el = await checkWith(createDemoAdapter());
      expect(rowResult(el, 'browser')).to.equal('Ready');
      expect(rowResult(el, 'media')).to.equal('Not checked yet');
      expect(text(el)).to.contain('nothing is recorded or sent');
      expect(root(el).querySelector('video')).to.equal(null);
      await until(() => rowResult(el, 'connection') === 'Ready', 'connection check');
      expect(text(el)).to.match(/Your connection to the clinic is good \(\d+ ms\)/);
      await expectAccessible(el, 'device check start');
    });

    itIn(['chromium'], NO_AUDIO_IN_HEADLESS_FIREFOX)(
      'shows a live preview and the microphone level, and passes camera and microphone',
      async () => {
        const el = await checkWith(createDemoAdapter());
        await allow(el);
        const video = root(el).querySelector('video')!;
        expect(video.muted, 'the preview never plays the patient back to themselves').to.equal(true);
        await until(() => video.videoWidth > 0, 'camera frames');
        // Chromium's fake microphone beeps: the meter moves and the check hears it.
        const meter = root(el).querySelector<HTMLMeterElement>('meter')!;
        let loudest = 0;
        await until(() => {
          loudest = Math.max(loudest, meter.value);
          return text(el).includes('We can hear you');
        }, 'the microphone heard');
        expect(loudest).to.be.greaterThan(30);
        await until(() => rowResult(el, 'media') === 'Ready', 'media ready');
        expect(el.results.camera).to.equal('pass');
        expect(el.results.microphone).to.equal('pass');
        await expectAccessible(el, 'device check live');
      },
    );

    itIn(['chromium'], NO_AUDIO_IN_HEADLESS_FIREFOX)(
      'keeps the preview playing for several seconds while the meter moves (the stream is set once)',
      async () => {
        const el = await checkWith();
        await allow(el);
        const video = root(el).querySelector('video')!;
        await until(() => !video.paused && video.currentTime > 0, 'the preview playing');
        const stream = video.srcObject as MediaStream;
        // Each assignment of srcObject restarts the media element: it empties and loads again.
        const restarts: string[] = [];
        for (const type of ['emptied', 'loadstart', 'abort', 'pause'])
          video.addEventListener(type, () => restarts.push(type));
        const meter = root(el).querySelector<HTMLMeterElement>('meter')!;
        const meterValues = new Set<number>();
        let last = video.currentTime;
        const start = performance.now();
        while (performance.now() - start < 3500) {
          await new Promise((r) => setTimeout(r, 100));
          meterValues.add(meter.value);
          expect(video.paused, 'the preview never pauses').to.equal(false);
          expect(video.currentTime, 'the preview never starts over').to.be.at.least(last);
          last = video.currentTime;
        }
        expect(meterValues.size, 'the meter moved (so the element re-rendered meanwhile)').to.be.greaterThan(
          2,
        );
        expect(restarts, 'no reload of the preview while it plays').to.deep.equal([]);
        expect(video.srcObject, 'the same stream throughout').to.equal(stream);
        expect(video.currentTime).to.be.greaterThan(3);
      },
    );

    it('turns the camera and microphone off and on (the tracks, not just the picture)', async () => {
      const el = await checkWith();
      await allow(el);
      const video = root(el).querySelector('video')!;
      const stream = video.srcObject as MediaStream;
      const camera = root(el).querySelector<HTMLButtonElement>('[part~="camera-toggle"]')!;
      const mic = root(el).querySelector<HTMLButtonElement>('[part~="microphone-toggle"]')!;
      expect(camera.getAttribute('aria-pressed')).to.equal('true');
      camera.click();
      mic.click();
      await el.updateComplete;
      expect(camera.getAttribute('aria-pressed')).to.equal('false');
      expect(mic.getAttribute('aria-pressed')).to.equal('false');
      expect(stream.getVideoTracks()[0]!.enabled).to.equal(false);
      expect(stream.getAudioTracks()[0]!.enabled).to.equal(false);
      expect(text(el)).to.contain('Camera off');
      expect(text(el)).to.contain('Your microphone is off');
      expect(el.choices).to.include({audio: false, video: false});
      camera.click();
      await el.updateComplete;
      expect(stream.getVideoTracks()[0]!.enabled).to.equal(true);
      expect(el.choices.video).to.equal(true);
    });

    itIn(['chromium'], "Firefox's fake streams offer one microphone, so there is no other to switch to")(
      'lists the microphones and switches to the one chosen, naming it for the call',
      async () => {
        const el = await checkWith();
        await allow(el);
        const select = await until(
          () => root(el).querySelector<HTMLSelectElement>('#mic-select'),
          'microphone choice (Chromium fakes three)',
        );
        expect(select.options.length).to.be.greaterThan(1);
        const other = [...select.options].find((o) => !o.selected)!;
        select.value = other.value;
        select.dispatchEvent(new Event('change'));
        await until(
          () => el.choices.microphone === other.textContent?.trim(),
          'the chosen microphone in use',
        );
        expect(el.choices.camera).to.be.a('string').and.not.equal('');
      },
    );

    itIn(['chromium'], NO_AUDIO_IN_HEADLESS_FIREFOX)(
      'plays a test sound and asks whether the patient heard it',
      async () => {
        const el = await checkWith();
        const events: PortalDeviceCheckEvent[] = [];
        el.addEventListener('portal-device-check', (e) => events.push(e));
        buttonIn(root(el), 'Play a test sound')!.click();
        await until(() => buttonIn(root(el), 'Yes, I heard it'), 'the question', 5000);
        expect(deepActive()?.id).to.equal('heard-question');
        await expectAccessible(el, 'speaker question');
        buttonIn(root(el), 'No')!.click();
        await el.updateComplete;
        expect(rowResult(el, 'speakers')).to.equal('Needs attention');
        expect(text(el)).to.contain('Turn up the volume');
        expect(events.at(-1)?.results.speakers).to.equal('warn');
        buttonIn(root(el), 'Play it again')!.click();
        await until(() => buttonIn(root(el), 'Yes, I heard it'), 'the question again', 5000);
        buttonIn(root(el), 'Yes, I heard it')!.click();
        await el.updateComplete;
        expect(rowResult(el, 'speakers')).to.equal('Ready');
        // Results only: no device names, nothing about the patient.
        expect(Object.keys(events.at(-1)!.results).sort()).to.deep.equal([
          'browser',
          'camera',
          'connection',
          'microphone',
          'speakers',
        ]);
      },
    );

    itIn(['chromium'], NO_AUDIO_IN_HEADLESS_FIREFOX)(
      'says "All checks passed" only when every check passed',
      async () => {
        const el = await checkWith(createDemoAdapter());
        await allow(el);
        await until(() => el.results.microphone === 'pass' && el.results.camera === 'pass', 'media pass');
        await until(() => el.results.connection === 'pass', 'connection pass');
        expect(text(el)).to.contain('Finish the checks above');
        buttonIn(root(el), 'Play a test sound')!.click();
        await until(() => buttonIn(root(el), 'Yes, I heard it'), 'the question', 5000);
        buttonIn(root(el), 'Yes, I heard it')!.click();
        await until(() => text(el).includes('All checks passed'), 'all passed');
      },
    );

    it('reports a connection that fails, and checks again', async () => {
      const adapter = createDemoAdapter();
      let fail = true;
      const flaky: PortalAdapter = Object.assign(Object.create(adapter) as PortalAdapter, {
        checkConnection: (...args: Parameters<PortalAdapter['checkConnection']>) =>
          fail ? Promise.reject(new NetworkError()) : adapter.checkConnection(...args),
      });
      const el = await checkWith(flaky);
      await until(() => rowResult(el, 'connection') === 'Not working', 'connection failed');
      expect(text(el)).to.contain('We couldn’t reach the clinic');
      fail = false;
      buttonIn(row(el, 'connection'), 'Check again')!.click();
      await until(() => rowResult(el, 'connection') === 'Ready', 'connection ok');
    });

    it('releases the camera and microphone on stop() and when it leaves the page', async () => {
      const el = await checkWith();
      await allow(el);
      const stream = root(el).querySelector('video')!.srcObject as MediaStream;
      el.stop();
      expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
      await el.updateComplete;
      expect(root(el).querySelector('video')).to.equal(null);
      await allow(el);
      const second = root(el).querySelector('video')!.srcObject as MediaStream;
      el.remove();
      expect(second.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    });

    it('explains an unsupported browser (no WebRTC, no camera access)', async () => {
      const el = await fixture<DeviceCheck>(
        html`<device-check .environment=${{...browserEnvironment(), webrtc: false}}></device-check>`,
      );
      expect(rowResult(el, 'browser')).to.equal('Not working');
      expect(text(el)).to.contain('This browser can’t make video calls');
      expect(buttonIn(root(el), 'Allow camera and microphone')).to.equal(undefined);
      await expectAccessible(el, 'unsupported');
      const insecure = await fixture<DeviceCheck>(
        html`<device-check .environment=${{...browserEnvironment(), secureContext: false}}></device-check>`,
      );
      expect(text(insecure)).to.contain('This page isn’t secure');
    });

    itIn(['chromium'], NO_AUDIO_IN_HEADLESS_FIREFOX)('works by keyboard and in Spanish', async () => {
      await setPageLocale('es-MX');
      await localeReady();
      const el = await checkWith(createDemoAdapter());
      const allowButton = await until(() => buttonIn(root(el), 'Permitir cámara y micrófono'), 'Spanish');
      allowButton.focus();
      await sendKeys({press: 'Enter'});
      await until(() => root(el).querySelector('video'), 'the preview');
      await until(() => text(el).includes('Le escuchamos'), 'heard, in Spanish');
      const camera = root(el).querySelector<HTMLButtonElement>('[part~="camera-toggle"]')!;
      camera.focus();
      await sendKeys({press: 'Space'});
      await el.updateComplete;
      expect(camera.getAttribute('aria-pressed')).to.equal('false');
      expect(text(el)).to.contain('Cámara apagada');
      await expectAccessible(el, 'device check, es');
    });
  },
);
