#!/usr/bin/env node
/**
 * `npm run e2e` (second part): the patient's side of the demo clinic's website end to end, as a
 * clinic serves it — the built drop-in file and demo/ under the strict CSP of QUALITY 10, in
 * Debian's Chromium through playwright-core. Needs `npm run build` first.
 *
 *   1. English, signed in with the demo page's button: <appointment-list> shows the upcoming
 *      visits; "Confirm attendance" confirms the dermatology visit; "Reschedule" moves it to the
 *      first free time from the slot picker in one step (portal-rescheduled once).
 *   2. The demo clinic sends the reminders due now; the reminder email's "Cancel the appointment"
 *      link is opened in a fresh tab, NOT signed in: the list shows that visit, the patient
 *      cancels it through Continue → reason → Cancel appointment, the token leaves the address
 *      bar, and (after signing in) the visit is under Past, cancelled.
 *   3. A "Confirm attendance" link from the outbox, when one was sent, confirms in another tab.
 * Every page: 0 CSP violations, 0 page errors, 0 console errors. One line per check, PASS or FAIL;
 * exit 1 on any failure.
 */
import {existsSync, mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {serve} from './serve.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const STEP_TIMEOUT = 10_000;
const WATCHDOG_MS = 120_000;
const SHOTS = 'screenshots';

let failures = 0;
function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

const INIT = () => {
  const g = globalThis;
  g.__e2e = {csp: [], events: []};
  document.addEventListener('securitypolicyviolation', (e) => {
    g.__e2e.csp.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  for (const type of ['portal-confirmed', 'portal-cancelled', 'portal-rescheduled', 'portal-error']) {
    window.addEventListener(type, (e) => g.__e2e.events.push({type, detail: e.appointment ?? e.code}), true);
  }
};

/** A page with its problems recorded. */
async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon\.ico/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.addInitScript(INIT);
  await page.goto(url, {waitUntil: 'load'});
  return {page, problems};
}

async function pageHealth(name, {page, problems}) {
  const csp = await page.evaluate(() => globalThis.__e2e.csp);
  check(
    `${name}: 0 CSP violations, 0 page or console errors`,
    csp.length + problems.length === 0,
    [...csp, ...problems].join('; '),
  );
}

const card = (list, words) => list.locator('article').filter({hasText: words});

async function signIn(page) {
  await page.locator('#demo-sign-in').click();
  await page.locator('appointment-list article').first().waitFor();
}

async function pickFirstTime(dialog) {
  const picker = dialog.locator('portal-slot-picker');
  const times = picker.locator('[part~="time"]:not([disabled])');
  const day = picker.locator('[part~="day-available"]').first();
  await Promise.race([times.first().waitFor(), day.waitFor()]);
  if ((await times.count()) === 0) await day.click();
  await times.first().click();
}

async function main(origin, browser) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
  context.setDefaultTimeout(STEP_TIMEOUT);

  // 1. Signed in: confirm and reschedule.
  const first = await openPage(context, `${origin}/`);
  const {page} = first;
  await page.getByRole('button', {name: 'English', exact: true}).click();
  await page.locator('html[lang="en-US"]').waitFor({state: 'attached'});
  const list = page.locator('appointment-list');
  await signIn(page);
  const derm = card(list, 'Dermatology visit');
  await derm.getByRole('button', {name: 'Confirm attendance'}).click();
  await derm.locator('[part~="status-confirmed"]').waitFor();
  check('signed in: "Confirm attendance" shows the visit as Confirmed', true);

  const before = (await derm.locator('.when').innerText()).replace(/\s+/g, ' ');
  await derm.getByRole('button', {name: 'Reschedule'}).click();
  const dialog = list.locator('portal-appointment-dialog dialog[open]');
  await dialog.waitFor();
  await pickFirstTime(dialog);
  await dialog.getByRole('button', {name: 'Confirm new time'}).click();
  await dialog.waitFor({state: 'detached'});
  const after = (await card(list, 'Dermatology visit').locator('.when').innerText()).replace(/\s+/g, ' ');
  const events = await page.evaluate(() => globalThis.__e2e.events);
  check(
    'signed in: "Reschedule" moves the visit to a new time in one step',
    before !== after &&
      (await card(list, 'Dermatology visit').count()) === 1 &&
      events.filter((e) => e.type === 'portal-rescheduled').length === 1,
    `${before} → ${after}`,
  );
  mkdirSync(SHOTS, {recursive: true});
  await list.screenshot({path: `${SHOTS}/e2e-portal-list.png`});

  // 2. The reminder email's cancel link, in a fresh tab without signing in.
  await page.locator('#demo-send-reminders').click();
  const cancelLink = page.locator('#outbox li a', {hasText: 'Cancel the appointment'}).first();
  await cancelLink.waitFor();
  const confirmLinks = await page.locator('#outbox li a', {hasText: 'Confirm attendance'}).count();
  const confirmHref =
    confirmLinks > 0
      ? await page.locator('#outbox li a', {hasText: 'Confirm attendance'}).first().getAttribute('href')
      : null;
  const cancelHref = await cancelLink.getAttribute('href');
  check(
    'the reminder email carries its token in the fragment only',
    /^[^?]*#portal-reminder=[\w-]+$/.test(cancelHref ?? ''),
    cancelHref ?? '',
  );
  await pageHealth('signed-in page', first);

  const second = await openPage(context, `${origin}${cancelHref}`);
  const p2 = second.page;
  await p2.getByRole('button', {name: 'English', exact: true}).click();
  const list2 = p2.locator('appointment-list');
  const panel = list2.locator('.link-panel');
  await panel.getByRole('heading', {name: 'Cancel the appointment'}).waitFor();
  const service = (await panel.locator('.summary-service').innerText()).trim();
  await panel.getByRole('button', {name: 'Cancel the appointment'}).click();
  const d2 = list2.locator('portal-appointment-dialog dialog[open]');
  await d2.getByRole('button', {name: 'Continue'}).click();
  await d2.getByRole('radio').first().check();
  await d2.getByRole('button', {name: 'Cancel appointment'}).click();
  await panel.getByRole('heading', {name: 'Your appointment has been cancelled.'}).waitFor();
  check(
    'reminder link, not signed in: Continue → reason → Cancel appointment cancels the visit',
    true,
    service,
  );
  check('reminder link: the token left the address bar', !p2.url().includes('portal-reminder'), p2.url());
  await list2.screenshot({path: `${SHOTS}/e2e-portal-link-cancelled.png`});
  await signIn(p2);
  await list2.getByRole('tab', {name: 'Past'}).click();
  const cancelled = card(list2, service).filter({has: p2.locator('[part~="status-cancelled"]')});
  const found = await cancelled
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  check('after signing in, the visit is under Past as Cancelled', found, service);
  if (!found) await list2.screenshot({path: `${SHOTS}/e2e-portal-failure-past.png`});
  await pageHealth('reminder-link page', second);

  // 3. A confirm link, when the reminders carried one.
  if (confirmHref) {
    const third = await openPage(context, `${origin}${confirmHref}`);
    const p3 = third.page;
    await p3.getByRole('button', {name: 'English', exact: true}).click();
    const panel3 = p3.locator('appointment-list .link-panel');
    const confirmButton = panel3.getByRole('button', {name: 'Confirm attendance'});
    const shown = await confirmButton
      .waitFor()
      .then(() => true)
      .catch(() => false);
    if (!shown) {
      await p3.locator('appointment-list').screenshot({path: `${SHOTS}/e2e-portal-failure-confirm.png`});
      throw new Error(`no "Confirm attendance" in the link panel for ${confirmHref}`);
    }
    await confirmButton.click();
    await panel3.getByRole('heading', {name: 'Thank you — your attendance is confirmed.'}).waitFor();
    check(
      'reminder link, not signed in: "Confirm attendance" confirms',
      !p3.url().includes('portal-reminder'),
    );
    await pageHealth('confirm-link page', third);
  } else {
    console.log('NOTE  no reminder due now carried a confirm link (every due visit is already confirmed)');
  }
  await context.close();
}

if (!existsSync('dist/patient-portal-elements.js')) {
  console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  process.exit(1);
}
const watchdog = setTimeout(() => {
  console.log(`FAIL  the portal end-to-end check took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const started = Date.now();
let server;
let browser;
try {
  server = await serve({routes: {'/dist/': 'dist', '/': 'demo'}, port: 0});
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  await main(`http://127.0.0.1:${server.address().port}`, browser);
} catch (e) {
  check('the portal end-to-end check ran', false, e.stack ?? String(e));
} finally {
  await browser?.close().catch(() => undefined);
  server?.closeAllConnections?.();
  await new Promise((ok) => (server ? server.close(() => ok()) : ok()));
}
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every portal check'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures ? 1 : 0);
