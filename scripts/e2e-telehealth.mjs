#!/usr/bin/env node
/**
 * `npm run e2e` (third part): a demo patient with a video visit today checks their devices and
 * joins — the demo clinic's page as `npm start` serves it (the built drop-in file, the reference
 * server on the same origin), under the strict CSP of QUALITY 10, in
 * Debian's Chromium (its fake camera and microphone, granted) through playwright-core. Needs
 * `npm run build` first.
 *
 *   1. English, by mouse: sign in with the demo page's button; <telehealth-join> shows today's video
 *      visit with its room open; "Check your camera, microphone and connection" → "Allow camera and
 *      microphone": preview, "We can hear you", test sound → "Yes, I heard it", connection good →
 *      "All checks passed"; "Join in the browser (simplified view)" opens the Jitsi room in a new
 *      tab (stubbed: no internet here) with the patient's choices in its link, and the check has
 *      released the camera.
 *   2. Spanish, by keyboard only: the same visit, the check and "Unirse ahora".
 *   3. From <appointment-list>: "Check your devices and join" leads to the element.
 * Every page: 0 CSP violations, 0 page errors, 0 console errors. One line per check, PASS or FAIL;
 * exit 1 on any failure.
 */
import {FAKE_MEDIA_ARGS, SHOTS, check, openPage, pageHealth, runE2E} from './e2e-kit.mjs';

const STEP_TIMEOUT = 10_000;

const INIT = () => {
  const g = globalThis;
  g.__e2e.joins = [];
  window.addEventListener('portal-video-join', (e) => g.__e2e.joins.push(e.view), true);
  // Keep a handle on every camera stream the page opens, to see that the check lets go of it.
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  g.__e2e.streams = [];
  navigator.mediaDevices.getUserMedia = async (c) => {
    const stream = await original(c);
    g.__e2e.streams.push(stream);
    return stream;
  };
};

async function english(origin, browser) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
  context.setDefaultTimeout(STEP_TIMEOUT);
  // The video provider's page, since this machine has no internet: record what was opened.
  await context.route('https://meet.jit.si/**', (route) =>
    route.fulfill({status: 200, contentType: 'text/html', body: '<title>Jitsi room (stub)</title>'}),
  );
  const opened = await openPage(context, `${origin}/`, INIT);
  const {page} = opened;
  await page.getByRole('button', {name: 'English', exact: true}).click();
  await page.locator('html[lang="en-US"]').waitFor({state: 'attached'});
  await page.locator('#demo-sign-in').click();
  const join = page.locator('telehealth-join');
  await join
    .locator('[part~="state"]')
    .waitFor({timeout: 20_000})
    .catch(async (e) => {
      await page.screenshot({path: 'screenshots/e2e-th-fail.png', fullPage: true});
      throw e;
    });
  check(
    'the demo patient’s video visit today, with its room open',
    /Today,/.test(await join.locator('[part~="visit"]').innerText()) &&
      /The video room is open/.test(await join.locator('[part~="state"]').innerText()),
  );

  await join.getByRole('button', {name: 'Check your camera, microphone and connection'}).click();
  const dc = join.locator('device-check');
  await dc.getByRole('button', {name: 'Allow camera and microphone'}).click();
  await dc.locator('video').waitFor();
  await dc.getByText('We can hear you. Your microphone works.').first().waitFor();
  await dc.getByText('Your camera works').waitFor();
  await dc.getByRole('button', {name: 'Play a test sound'}).click();
  await dc.getByRole('button', {name: 'Yes, I heard it'}).click({timeout: 5000});
  await dc.getByText('All checks passed. You’re ready for your video visit.').waitFor();
  check('device check: camera preview, microphone heard, speakers, connection → "All checks passed"', true);
  await join.screenshot({path: `${SHOTS}/e2e-telehealth-check.png`});

  const popup = context.waitForEvent('page');
  await join.getByRole('link', {name: 'Join in the browser (simplified view)'}).click();
  const tab = await popup;
  await tab.waitForLoadState('domcontentloaded');
  const url = new URL(tab.url());
  check(
    '"Join in the browser" opens the Jitsi room in a new tab, with the patient’s choices',
    url.hostname === 'meet.jit.si' &&
      url.hash.includes('config.disableDeepLinking=true') &&
      url.hash.includes('config.startWithAudioMuted=false') &&
      url.hash.includes('config.startWithVideoMuted=false'),
    url.href,
  );
  const released = await page.evaluate(() =>
    globalThis.__e2e.streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended')),
  );
  check('joining released the camera and microphone for the call', released);
  check(
    'the host heard portal-video-join once, for the browser view',
    JSON.stringify(await page.evaluate(() => globalThis.__e2e.joins)) === '["browser"]',
  );
  await tab.close();

  // From the list: "Check your devices and join" leads to the element on the page.
  const list = page.locator('appointment-list');
  await list.getByRole('link', {name: 'Check your devices and join'}).click();
  await page.waitForFunction(() => location.hash === '#video');
  check('<appointment-list> links a video visit to <telehealth-join> ("Check your devices and join")', true);
  await pageHealth('English', opened);
  await context.close();
}

async function spanishByKeyboard(origin, browser) {
  const context = await browser.newContext({viewport: {width: 390, height: 844}, locale: 'es-MX'});
  context.setDefaultTimeout(STEP_TIMEOUT);
  await context.route('https://meet.jit.si/**', (route) =>
    route.fulfill({status: 200, contentType: 'text/html', body: '<title>Jitsi (stub)</title>'}),
  );
  const opened = await openPage(context, `${origin}/`, INIT);
  const {page} = opened;
  await page.getByRole('button', {name: 'Español', exact: true}).click();
  await page.locator('html[lang^="es"]').waitFor({state: 'attached'});
  // Enabled once the demo page's script has attached its handler (a slow machine takes longer).
  await page.locator('#demo-sign-in:not([disabled])').waitFor();
  await page.locator('#demo-sign-in').focus();
  await page.keyboard.press('Enter');
  const join = page.locator('telehealth-join');
  await join.getByText('La sala de video está abierta').waitFor();
  await join.getByRole('button', {name: 'Compruebe su cámara, micrófono y conexión'}).focus();
  await page.keyboard.press('Enter');
  const dc = join.locator('device-check');
  await dc.getByRole('button', {name: 'Permitir cámara y micrófono'}).focus();
  await page.keyboard.press('Enter');
  await dc.getByText('Le escuchamos. Su micrófono funciona.').first().waitFor();
  await dc.getByRole('button', {name: 'Reproducir un sonido de prueba'}).focus();
  await page.keyboard.press('Enter');
  await dc.getByRole('button', {name: 'Sí, lo escuché'}).waitFor({timeout: 5000});
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await dc.getByText('Todo está en orden para su consulta por video.').waitFor();
  check('Spanish, keyboard only: the device check passes', true);
  await join.screenshot({path: `${SHOTS}/e2e-telehealth-es-390.png`});
  const popup = context.waitForEvent('page');
  await join.getByRole('link', {name: 'Unirse ahora'}).focus();
  await page.keyboard.press('Enter');
  const tab = await popup;
  check(
    'Spanish, keyboard only: "Unirse ahora" opens the video room',
    new URL(tab.url()).hostname === 'meet.jit.si',
  );
  await tab.close();
  await pageHealth('Spanish', opened);
  await context.close();
}

await runE2E({name: 'telehealth', chromiumArgs: FAKE_MEDIA_ARGS}, async ({origin, browser}) => {
  await english(origin, browser);
  await spanishByKeyboard(origin, browser);
});
