import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import '../../src/define/telehealth-join.js';
import type {TelehealthJoin} from '../../src/elements/telehealth-join/telehealth-join.js';
import type {DeviceCheck} from '../../src/elements/device-check/device-check.js';
import {
  createDemoAdapter,
  DEMO_APPOINTMENT_KEYS,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import type {PortalAdapter} from '../../src/adapters/adapter.js';
import type {Appointment, Page, VideoJoin} from '../../src/domain/types.js';
import {ManualClock} from '../../src/controllers/clock.js';
import type {PortalVideoJoinEvent} from '../../src/events.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {buttonIn, deepActive, squash, until} from './helpers/dom.js';
import {INJECTED_SELECTOR, XSS_PAYLOADS, pwned} from './helpers/xss-payloads.js';
import {itIn, MINIBROWSER_MIN_WIDTH, NO_WEBRTC_IN_WEBKITGTK} from './helpers/engine.js';

// The demo data is built at Monday 2 March 2026, 10:00 in Mexico City: the demo patient's video
// visit is then at 10:10–10:40 (a 30-minute visit), its room open from 9:55.
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const MINUTE = 60_000;

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => squash(root(el).textContent);
const link = (el: Element, part: string) => root(el).querySelector<HTMLAnchorElement>(`a[part~="${part}"]`);
const stateText = (el: Element) => squash(root(el).querySelector('[part~="state"]')?.textContent);

/** The demo clinic built at NOW; then the server's clock reads `at` (mutable through `set`). */
async function demo(options: {at?: number; signedIn?: boolean} = {}) {
  let now = NOW;
  const adapter = createDemoAdapter({clock: () => now});
  await adapter.getClinic();
  now = options.at ?? NOW;
  if (options.signedIn !== false) {
    const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  }
  return {adapter, set: (t: number) => (now = t)};
}

const videoId = (a: MemoryAdapter) => a.seededAppointmentId(DEMO_APPOINTMENT_KEYS.videoToday);

function bend(adapter: MemoryAdapter, change: Partial<PortalAdapter>): PortalAdapter {
  return Object.assign(Object.create(adapter) as PortalAdapter, change);
}

async function joinFor(adapter: PortalAdapter, attrs: {id?: string; clock?: ManualClock} = {}) {
  const el = await fixture<TelehealthJoin>(
    html`<telehealth-join
      .adapter=${adapter}
      .clock=${attrs.clock ?? new ManualClock(NOW)}
      appointment-id=${attrs.id ?? ''}
      book-href="/book"
    ></telehealth-join>`,
  );
  if (!attrs.id) el.removeAttribute('appointment-id');
  return el;
}

/** Keeps clicks on join links from leaving the test page (after the element has seen them). */
function stayOnPage() {
  const stop = (e: Event) => {
    if ((e.target as Element | null)?.closest?.('telehealth-join')) e.preventDefault();
  };
  window.addEventListener('click', stop);
  return () => window.removeEventListener('click', stop);
}

describe('<telehealth-join>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en-US');
  });

  it('asks a signed-out patient to sign in, and loads no visit', async () => {
    const {adapter} = await demo({signedIn: false});
    const calls: string[] = [];
    const spy = bend(adapter, {
      listAppointments: (...a: Parameters<PortalAdapter['listAppointments']>) => {
        calls.push('listAppointments');
        return adapter.listAppointments(...a);
      },
      getVideoJoin: (...a: Parameters<PortalAdapter['getVideoJoin']>) => {
        calls.push('getVideoJoin');
        return adapter.getVideoJoin(...a);
      },
    });
    const el = await joinFor(spy);
    await until(() => /Please sign in to join your video visit/.test(text(el)), 'sign-in prompt');
    expect(calls).to.deep.equal([]);
    await expectAccessible(el, 'signed out');
  });

  it('finds the next video visit; with the room open offers "Join now" and the browser view', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    await until(() => link(el, 'join-browser'), 'join links');
    expect(text(el)).to.contain('Today, Monday, March 2, 2026');
    expect(text(el)).to.contain('10:10 – 10:40 AM, Mexico City time');
    expect(text(el)).to.contain('Video visit with Dra. Sofía Ramírez Luna');
    expect(stateText(el)).to.contain('The video room is open');
    const app = link(el, 'join-app')!;
    const web = link(el, 'join-browser')!;
    expect(squash(app.textContent)).to.equal('Join now');
    expect(squash(web.textContent)).to.equal('Join in the browser (simplified view)');
    for (const a of [app, web]) {
      const url = new URL(a.href);
      expect(url.protocol).to.equal('https:');
      expect(url.hostname).to.equal('meet.jit.si');
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.contain('noopener');
      expect(a.rel).to.contain('noreferrer');
    }
    expect(web.href).to.contain('config.disableDeepLinking=true');
    await expectAccessible(el, 'room open');
  });

  it('tells the host which way the patient joined (nothing about the patient), and the host may take over', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    await until(() => link(el, 'join-browser'), 'join links');
    const events: PortalVideoJoinEvent[] = [];
    const release = stayOnPage();
    try {
      el.addEventListener('portal-video-join', (e) => events.push(e));
      link(el, 'join-browser')!.click();
      link(el, 'join-app')!.click();
      expect(events.map((e) => [e.appointmentId, e.view])).to.deep.equal([
        [videoId(adapter), 'browser'],
        [videoId(adapter), 'app'],
      ]);
      expect(Object.keys(events[0]!)).to.not.include.members(['email', 'name', 'phone']);
      // A host that opens the call its own way cancels the event: the link is not followed.
      el.addEventListener('portal-video-join', (e) => e.preventDefault(), {once: true});
      const click = new MouseEvent('click', {bubbles: true, composed: true, cancelable: true});
      link(el, 'join-app')!.dispatchEvent(click);
      expect(click.defaultPrevented).to.equal(true);
    } finally {
      release();
    }
  });

  it('counts down to the room by the server’s clock, then opens it and says so', async () => {
    // The server reads 9:50; this device's clock is 5 hours off. The room opens at 9:55.
    const {adapter, set} = await demo({at: NOW - 10 * MINUTE});
    const clock = new ManualClock(NOW - 10 * MINUTE + 5 * 3_600_000);
    const el = await joinFor(adapter, {clock});
    await until(() => /opens at 9:55 AM/.test(stateText(el)), 'not open yet');
    expect(stateText(el)).to.contain('Opens in 5 minutes');
    expect(link(el, 'join-app')).to.equal(null);
    expect(link(el, 'join-browser')).to.equal(null);
    expect(root(el).querySelector('[role="timer"]')).to.exist;
    await expectAccessible(el, 'not open');
    clock.advance(3 * MINUTE);
    await el.updateComplete;
    expect(stateText(el)).to.contain('Opens in 2 minutes');
    clock.advance(MINUTE + 30_000);
    await el.updateComplete;
    expect(stateText(el)).to.contain('Opens in 30 seconds');
    // 9:55 and a bit: the refresh scheduled for the opening asks the backend again.
    set(NOW - 5 * MINUTE + 1000);
    clock.advance(31_000);
    // A refresh may still be on its way from the minute before; let time move on until it lands.
    await until(() => (clock.advance(1000), link(el, 'join-browser')), 'the room open');
    expect(stateText(el)).to.contain('The video room is open');
    const polite = document.querySelector('[data-portal-announcer="polite"]');
    await until(
      () => polite?.textContent?.includes('The video room is open. You can join now.'),
      'announced',
    );
  });

  it('shows the day when the room opens on another day', async () => {
    // This device's clock is 2 hours behind the server's (QUALITY 28).
    const {adapter} = await demo({at: NOW - 24 * 60 * MINUTE});
    const el = await joinFor(adapter, {clock: new ManualClock(NOW - 24 * 60 * MINUTE - 2 * 3_600_000)});
    await until(() => /opens on/.test(stateText(el)), 'another day');
    expect(stateText(el)).to.contain('Monday, March 2');
    expect(stateText(el)).to.contain('9:55 AM');
    expect(text(el)).to.not.contain('Today,');
  });

  it('in progress, ended and cancelled', async () => {
    const started = await demo({at: NOW + 15 * MINUTE});
    const a = await joinFor(started.adapter, {clock: new ManualClock(NOW + 15 * MINUTE)});
    await until(() => /has started/.test(stateText(a)), 'in progress');
    expect(stateText(a)).to.contain('It started at 10:10 AM');
    expect(link(a, 'join-browser')).to.exist;

    const over = await demo({at: NOW + 45 * MINUTE});
    const b = await joinFor(over.adapter, {
      id: videoId(over.adapter),
      clock: new ManualClock(NOW + 45 * MINUTE),
    });
    await until(() => /has ended/.test(stateText(b)), 'ended');
    expect(link(b, 'join-browser')).to.equal(null);
    expect(root(b).querySelector('[part~="check-button"]')).to.equal(null);
    await expectAccessible(b, 'ended');

    const cancelled = await demo();
    const [reason] = await cancelled.adapter.getCancellationReasons();
    await cancelled.adapter.cancelAppointment({
      appointmentId: videoId(cancelled.adapter),
      reasonId: reason!.id,
      note: 'x',
    });
    const c = await joinFor(cancelled.adapter, {id: videoId(cancelled.adapter)});
    await until(() => /was cancelled/.test(stateText(c)), 'cancelled');
    expect(link(c, 'join-browser')).to.equal(null);
    expect(root(c).querySelector('a[href="/book"]')).to.exist;

    // With no video visit left, the patient is told so and offered booking.
    const none = await joinFor(cancelled.adapter);
    await until(() => /no upcoming video visits/.test(text(none)), 'none');
    expect(squash(root(none).querySelector('a[href="/book"]')?.textContent)).to.equal('Book a video visit');
    await expectAccessible(none, 'no visit');
  });

  it('an in-person appointment is not joinable', async () => {
    const {adapter} = await demo();
    const list = await adapter.listAppointments({when: 'upcoming'});
    const inPerson = list.items.find((x) => x.mode === 'in-person')!;
    const el = await joinFor(adapter, {id: inPerson.id});
    await until(() => /in-person visit/.test(text(el)), 'in person');
  });

  it('never opens a link that is not https on the clinic’s hosts or the provider’s app (QUALITY 19)', async () => {
    const bad = [
      'javascript:window.__pwned=1',
      'JAVASCRIPT:window.__pwned=1',
      'data:text/html,<script>window.__pwned=1</script>',
      'http://meet.jit.si/r',
      'https://meet.jit.si.evil.example/r',
      'https://user:pw@meet.jit.si/r',
      'zoommtg://zoom.us/join?confno=1',
      'vbscript:msgbox(1)',
    ];
    for (const url of bad) {
      const {adapter} = await demo();
      const el = await joinFor(
        bend(adapter, {
          getVideoJoin: async (id: string) => ({
            ...(await adapter.getVideoJoin(id)),
            appUrl: url,
            webUrl: url,
          }),
        }),
      );
      await until(() => /can’t be opened safely/.test(text(el)), `refusal of ${url}`);
      expect(root(el).querySelector('a[part~="join-app"], a[part~="join-browser"]'), url).to.equal(null);
      expect(
        [...root(el).querySelectorAll('a')].some((a) => a.getAttribute('href') === url),
        url,
      ).to.equal(false);
    }
    expect(pwned()).to.equal(false);
  });

  it('opens a Zoom clinic’s app link (zoommtg:) in place and its web link in a new tab', async () => {
    const {adapter} = await demo();
    const zoom = bend(adapter, {
      getClinic: async () => ({
        ...(await adapter.getClinic()),
        telehealth: {provider: 'zoom', allowedHosts: ['zoom.us', '*.zoom.us'], opensMinutesBefore: 15},
      }),
      getVideoJoin: async (id: string): Promise<VideoJoin> => ({
        ...(await adapter.getVideoJoin(id)),
        provider: 'zoom',
        appUrl: 'zoommtg://zoom.us/join?confno=81234567890&pwd=x',
        webUrl: 'https://us02web.zoom.us/wc/join/81234567890?pwd=x',
      }),
    });
    const el = await joinFor(zoom);
    const app = await until(() => link(el, 'join-app'), 'app link');
    expect(app.getAttribute('href')).to.equal('zoommtg://zoom.us/join?confno=81234567890&pwd=x');
    expect(app.hasAttribute('target')).to.equal(false);
    expect(link(el, 'join-browser')!.target).to.equal('_blank');
    root(el).querySelector('details')!.open = true;
    await until(() => /Installing Zoom/.test(text(el)), 'install help');
    const get = [...root(el).querySelectorAll('a')].find((a) => squash(a.textContent) === 'Get Zoom')!;
    expect(get.href).to.equal('https://zoom.us/download');
  });

  it('shows every text from the backend verbatim and runs none of it (QUALITY 8)', async () => {
    const {adapter} = await demo();
    const payload = XSS_PAYLOADS.join(' ');
    const dress = (a: Appointment): Appointment => ({
      ...a,
      providerName: payload,
      services: a.services.map((s) => ({...s, name: {en: payload, es: payload}})),
    });
    const el = await joinFor(
      bend(adapter, {
        listAppointments: async (q): Promise<Page<Appointment>> => {
          const page = await adapter.listAppointments(q);
          return {...page, items: page.items.map(dress)};
        },
      }),
    );
    await until(() => link(el, 'join-browser'), 'join links');
    expect(squash(root(el).querySelector('[part~="visit"]')?.textContent)).to.contain(
      squash(XSS_PAYLOADS[0]),
    );
    for (const part of ['visit', 'state', 'join'])
      expect(
        root(el).querySelector(`[part~="${part}"]`)?.querySelector(INJECTED_SELECTOR)?.localName,
      ).to.equal(undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(pwned()).to.equal(false);
  });

  itIn(['chromium', 'firefox'], NO_WEBRTC_IN_WEBKITGTK)(
    'checks devices on request, hands the choices to the provider, and frees the camera on join',
    async () => {
      const {adapter} = await demo();
      const el = await joinFor(adapter);
      const open = await until(
        () => buttonIn(root(el), 'Check your camera, microphone and connection'),
        'check',
      );
      open.click();
      const check = await until(() => root(el).querySelector<DeviceCheck>('device-check'), 'device check');
      await until(() => deepActive()?.getAttribute('role') === 'heading', 'focus on the check');
      buttonIn(check.shadowRoot, 'Allow camera and microphone')!.click();
      const video = await until(() => check.shadowRoot!.querySelector('video'), 'preview');
      const stream = video.srcObject as MediaStream;
      await until(() => check.results.camera === 'pass', 'camera');
      // Jitsi takes the camera and microphone choice in its link; the devices are named for the call.
      check.shadowRoot!.querySelector<HTMLButtonElement>('[part~="microphone-toggle"]')!.click();
      await until(
        () => /config\.startWithAudioMuted=true/.test(link(el, 'join-browser')?.href ?? ''),
        'muted link',
      );
      expect(link(el, 'join-browser')!.href).to.contain('config.startWithVideoMuted=false');
      expect(link(el, 'join-browser')!.href).to.contain('config.disableDeepLinking=true');
      expect(new URL(link(el, 'join-browser')!.href).hostname).to.equal('meet.jit.si');
      const devices = squash(root(el).querySelector('[part~="devices"]')?.textContent);
      expect(devices).to.contain('In the call, choose the same devices you checked');
      expect(devices).to.contain(stream.getVideoTracks()[0]!.label);
      await expectAccessible(el, 'with the check');
      const release = stayOnPage();
      try {
        link(el, 'join-browser')!.click();
      } finally {
        release();
      }
      expect(
        stream.getTracks().every((t) => t.readyState === 'ended'),
        'camera released for the call',
      ).to.equal(true);
      buttonIn(root(el), 'Close the check')!.click();
      await until(() => deepActive()?.getAttribute('part')?.includes('check-button'), 'focus back');
    },
  );

  it('has the clinic’s troubleshooting: rejoin in the simplified view, installing, the phone number', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    const details = await until(() => root(el).querySelector('details'), 'help');
    details.querySelector('summary')!.click();
    await until(() => details.open, 'open');
    const help = squash(details.textContent);
    expect(help).to.contain('Leave the call.');
    expect(help).to.contain('choose “Join in the browser (simplified view)”');
    expect(help).to.contain('turn your audio and video on');
    // Jitsi needs no app on a computer (this test browser is one).
    expect(help).to.contain('On a computer you don’t need to install Jitsi Meet');
    const tel = details.querySelector<HTMLAnchorElement>('a[href^="tel:"]')!;
    expect(tel.getAttribute('href')).to.equal('tel:+525555550134');
    await until(() => /\+52 55 5555 0134/.test(squash(tel.textContent)), 'formatted number');
    await expectAccessible(el, 'help open');
  });

  it('offline: says so and hides the links; back online it asks again', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    await until(() => link(el, 'join-browser'), 'join links');
    window.dispatchEvent(new Event('offline'));
    await el.updateComplete;
    expect(text(el)).to.contain('You’re offline');
    expect(link(el, 'join-browser')).to.equal(null);
    window.dispatchEvent(new Event('online'));
    await until(() => link(el, 'join-browser'), 'links back');
  });

  it('drops the visit from the page on sign-out', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    await until(() => link(el, 'join-browser'), 'join links');
    await sessionFor(adapter).signOut('user');
    await until(() => /Please sign in/.test(text(el)), 'signed out');
    expect(text(el)).to.not.contain('Ramírez');
    expect(link(el, 'join-browser')).to.equal(null);
  });

  it('by keyboard: Join now, the browser view, the check and the help, in that order', async () => {
    const {adapter} = await demo();
    const el = await joinFor(adapter);
    await until(() => link(el, 'join-browser'), 'join links');
    link(el, 'join-app')!.focus();
    const order: string[] = [squash(deepActive()?.textContent)];
    for (let i = 0; i < 3; i++) {
      await sendKeys({press: 'Tab'});
      order.push(squash(deepActive()?.textContent));
    }
    expect(order).to.deep.equal([
      'Join now',
      'Join in the browser (simplified view)',
      'Check your camera, microphone and connection',
      'Having trouble joining?',
    ]);
    await sendKeys({press: 'Enter'});
    await until(() => root(el).querySelector('details')?.open, 'help opened by Enter');
  });

  itIn(['chromium', 'firefox'], MINIBROWSER_MIN_WIDTH)(
    'fits 320 px with the device check open: no sideways scrolling',
    async () => {
      await setViewport({width: 320, height: 640});
      try {
        const {adapter} = await demo();
        const el = await joinFor(adapter);
        await until(() => link(el, 'join-browser'), 'join links');
        buttonIn(root(el), 'Check your camera, microphone and connection')!.click();
        const check = await until(() => root(el).querySelector<DeviceCheck>('device-check'), 'check');
        buttonIn(check.shadowRoot, 'Allow camera and microphone')!.click();
        await until(() => check.shadowRoot!.querySelector('video')?.videoWidth, 'preview');
        root(el).querySelector('details')!.open = true;
        await el.updateComplete;
        expect(document.documentElement.scrollWidth).to.be.at.most(320);
        expect(el.scrollWidth).to.be.at.most(el.clientWidth + 1);
        await expectAccessible(el, '320 px');
      } finally {
        await setViewport({width: 800, height: 600});
      }
    },
  );

  it('in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const early = await demo({at: NOW - 20 * MINUTE});
    const el = await joinFor(early.adapter, {clock: new ManualClock(NOW - 20 * MINUTE)});
    await until(() => /La sala de video se abre a las 9:55/.test(stateText(el)), 'no abierta');
    expect(stateText(el)).to.contain('Se abre dentro de 15 minutos');
    expect(text(el)).to.contain('Hoy, lunes, 2 de marzo de 2026');
    await expectAccessible(el, 'not open, es');
    const {adapter} = await demo();
    const open = await joinFor(adapter);
    await until(() => link(open, 'join-browser'), 'enlaces');
    expect(squash(link(open, 'join-app')!.textContent)).to.equal('Unirse ahora');
    expect(squash(link(open, 'join-browser')!.textContent)).to.equal(
      'Unirse en el navegador (vista simplificada)',
    );
    root(open).querySelector('details')!.open = true;
    await expectAccessible(open, 'open, es');
  });
});
