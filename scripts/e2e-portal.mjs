#!/usr/bin/env node
/**
 * `npm run e2e` (second part): the patient's side of the demo clinic's website end to end, as
 * `npm start` serves it — the built drop-in file and demo/ under the strict CSP of QUALITY 10, on
 * the reference server (scripts/demo-site.mjs: PGlite, the demo clinic seeded afresh, the API and
 * the development outbox on the page's origin) — in Debian's Chromium through playwright-core.
 * Needs `npm run build` first; starts everything else itself.
 *
 *   1. English, signed in with the demo page's button (through the REST API): <appointment-list>
 *      shows the upcoming visits; "Confirm attendance" confirms the dermatology visit;
 *      "Reschedule" moves it to the first free time from the slot picker in one step
 *      (portal-rescheduled once).
 *      Then her bills (#20): the balance due is the unpaid invoice's, its PDF downloads named after
 *      its number, "Pay balance" with the declined test card fails and with the other pays (one
 *      payment intent); and her documents (#19) are listed — all through the REST API.
 *   2. "Send the reminders that are due now" runs the server's reminder pass (its answer shown);
 *      the newest reminder email with both links is taken from the page's development outbox.
 *   3. That email's "Confirm attendance" link, opened in a fresh browser — NOT signed in, no
 *      session cookie — confirms, and the token leaves the address bar. (The demo seed always has
 *      a booked visit within 72 h, whose reminder with "Confirm attendance" goes out with the seed.)
 *   4. Its "Cancel the appointment" link, in another fresh browser: the list shows that visit, the
 *      patient cancels it through Continue → reason → Cancel appointment, the token leaves the
 *      address bar, and (after signing in) the visit is under Past, cancelled.
 *   5. The whole portal (`/portal.html`), family members: Ana switches to her daughter Sofía and
 *      books her a visit, which shows in Sofía's Appointments and not in Ana's.
 * Every emailed link in the outbox points at the demo page (the token in the fragment). Every
 * page: 0 CSP violations, 0 page errors, 0 console errors. One line per check, PASS or FAIL; exit 1
 * on any failure.
 */
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startDemoSite} from './demo-site.mjs';

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

/** A browser context of its own: its own cookies, so no session of another context. */
async function freshContext(browser) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
  context.setDefaultTimeout(STEP_TIMEOUT);
  return context;
}

async function main(origin, browser) {
  const context = await freshContext(browser);

  // 1. Signed in: confirm and reschedule.
  const first = await openPage(context, `${origin}/`);
  const {page} = first;
  await page.getByRole('button', {name: 'English', exact: true}).click();
  await page.locator('html[lang="en-US"]').waitFor({state: 'attached'});
  const list = page.locator('appointment-list');
  const signInCall = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/portal-api/session',
  );
  await signIn(page);
  const signInStatus = (await signInCall).status();
  check(
    '"Sign in as the demo patient" signs in through the REST API (POST /portal-api/session → 200)',
    signInStatus === 200,
    String(signInStatus),
  );
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

  // 1b. The patient's bills and documents, through the REST API: the unpaid invoice's balance at
  // the top, its PDF downloaded (a real PDF named after the invoice's number), her documents listed.
  const billing = page.locator('patient-billing');
  await billing.locator('[part~="balance"]').filter({hasText: 'MX$1,276.00'}).waitFor();
  const unpaid = billing
    .locator('li.invoice')
    .filter({has: page.locator('.status.unpaid')})
    .first();
  const number = (await unpaid.locator('h3').innerText()).replace(/^Invoice\s+/, '').trim();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    unpaid.getByRole('button', {name: /^Download PDF/}).click(),
  ]);
  const pdf = readFileSync(await download.path());
  check(
    'billing: the balance due is the unpaid invoice’s; its PDF downloads, named after its number',
    pdf.subarray(0, 5).toString('latin1') === '%PDF-' && download.suggestedFilename() === `${number}.pdf`,
    `${download.suggestedFilename()} ${pdf.length} bytes`,
  );
  // Paying it on the page: the declined test card first (nothing paid), then the one that succeeds.
  const payClicks = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/invoices\/[^/]+\/payment-intents$/.test(new URL(r.url()).pathname))
      payClicks.push(r.url());
  });
  await unpaid.getByRole('button', {name: /^Pay balance/}).click();
  const step = unpaid.locator('portal-payment-step');
  await step.locator('[part~="pay-button"][aria-disabled="false"]').waitFor();
  await unpaid.screenshot({path: `${SHOTS}/e2e-portal-paying.png`});
  await step.getByText(/Test card that is declined/).click();
  await step.locator('[part~="pay-button"]').click();
  await step.locator('[part="error"]').waitFor();
  // Chromium logs the declined payment (402) as a console error: that one, and only it, is expected.
  const declined = first.problems.findIndex((p) => /status of 402/.test(p));
  if (declined >= 0) first.problems.splice(declined, 1);
  await step.getByText(/Test card that succeeds/).click();
  await step.locator('[part~="pay-button"]').click();
  await billing.getByText('Nothing to pay: you’re all settled.').waitFor();
  check(
    'billing: "Pay balance" — declined test card first, then paid; nothing left to pay, one payment intent',
    declined >= 0 &&
      payClicks.length === 1 &&
      (await billing.locator('li.invoice .status.unpaid').count()) === 0,
    `${payClicks.length} intent request(s)`,
  );
  await billing.screenshot({path: `${SHOTS}/e2e-portal-billing.png`});
  const documents = page.locator('patient-documents');
  await documents.getByText('biometria-hematica.pdf').waitFor();
  check('documents: the clinic’s documents are listed through the REST API', true);

  // 2. The server's reminder pass, now. (Right after the move nothing may be due: reminders whose
  // time passed before a visit was moved are skipped; the seeded visits' went out with the seed.)
  await page.locator('#demo-send-reminders').click();
  const status = page.locator('#demo-reminders-status');
  await status.filter({hasText: /Reminders sent for|No reminders are due|are off/}).waitFor();
  const statusText = await status.innerText();
  check(
    '"Send the reminders that are due now" runs the server\'s reminder pass',
    /Reminders sent for \d+ appointment|No reminders are due/.test(statusText),
    statusText,
  );
  // The newest reminder email with both links (the outbox lists the newest first): the seed always
  // sends one, for the demo patient's booked visit within 72 h.
  const withBoth = page
    .locator('#outbox li')
    .filter({has: page.locator('a', {hasText: 'Cancel the appointment'})})
    .filter({has: page.locator('a', {hasText: 'Confirm attendance'})});
  const hasConfirm = await withBoth
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  if (!hasConfirm) throw new Error('no reminder email in the outbox carries "Confirm attendance"');
  const email = withBoth.first();
  const confirmHref = await email.locator('a', {hasText: 'Confirm attendance'}).getAttribute('href');
  const cancelHref = await email.locator('a', {hasText: 'Cancel the appointment'}).getAttribute('href');
  // Links to the page's own origin are shown as the page's path and fragment: a link elsewhere
  // (the server's PORTAL_LINK_BASE not this page) would stay absolute.
  const tokenLinks = [confirmHref, cancelHref];
  check(
    'the reminder email links to this page, its tokens in the fragment only',
    tokenLinks.every((h) => /^\/#portal-reminder=[\w-]+&lang=(es|en)$/.test(h ?? '')) &&
      confirmHref !== cancelHref,
    tokenLinks.join(' '),
  );
  const samePage = /^\/#(portal-[a-z-]+=[\w-]+&)?lang=(es|en)$/;
  const hrefs = await page.locator('#outbox li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const invitation = await page.locator('#outbox li a', {hasText: 'Create my account'}).count();
  check(
    `every emailed link in the outbox opens this page (${hrefs.length} links, ${invitation} invitation)`,
    hrefs.length > 0 && invitation > 0 && hrefs.every((h) => samePage.test(h ?? '')),
    hrefs.filter((h) => !samePage.test(h ?? '')).join(' '),
  );
  await pageHealth('signed-in page', first);

  // 3. Its "Confirm attendance" link, in a fresh browser (no session cookie: not signed in).
  {
    const context2 = await freshContext(browser);
    const second = await openPage(context2, `${origin}${confirmHref}`);
    const p2 = second.page;
    await p2.getByRole('button', {name: 'English', exact: true}).click();
    const panel2 = p2.locator('appointment-list .link-panel');
    const confirmButton = panel2.getByRole('button', {name: 'Confirm attendance'});
    const shown = await confirmButton
      .waitFor()
      .then(() => true)
      .catch(() => false);
    if (!shown) {
      await p2.locator('appointment-list').screenshot({path: `${SHOTS}/e2e-portal-failure-confirm.png`});
      throw new Error(`no "Confirm attendance" in the link panel for ${confirmHref}`);
    }
    await confirmButton.click();
    await panel2.getByRole('heading', {name: 'Thank you — your attendance is confirmed.'}).waitFor();
    check(
      'reminder link, not signed in: "Confirm attendance" confirms',
      !p2.url().includes('portal-reminder'),
    );
    await pageHealth('confirm-link page', second);
    await context2.close();
  }

  // 4. The same email's "Cancel the appointment" link, in another fresh browser.
  const context3 = await freshContext(browser);
  const third = await openPage(context3, `${origin}${cancelHref}`);
  const p3 = third.page;
  await p3.getByRole('button', {name: 'English', exact: true}).click();
  const list3 = p3.locator('appointment-list');
  const panel = list3.locator('.link-panel');
  await panel.getByRole('heading', {name: 'Cancel the appointment'}).waitFor();
  const service = (await panel.locator('.summary-service').innerText()).trim();
  await panel.getByRole('button', {name: 'Cancel the appointment'}).click();
  const d3 = list3.locator('portal-appointment-dialog dialog[open]');
  await d3.getByRole('button', {name: 'Continue'}).click();
  await d3.getByRole('radio').first().check();
  await d3.getByRole('button', {name: 'Cancel appointment'}).click();
  await panel.getByRole('heading', {name: 'Your appointment has been cancelled.'}).waitFor();
  check(
    'reminder link, not signed in: Continue → reason → Cancel appointment cancels the visit',
    true,
    service,
  );
  check('reminder link: the token left the address bar', !p3.url().includes('portal-reminder'), p3.url());
  await list3.screenshot({path: `${SHOTS}/e2e-portal-link-cancelled.png`});
  await signIn(p3);
  await list3.getByRole('tab', {name: 'Past'}).click();
  const cancelled = card(list3, service).filter({has: p3.locator('[part~="status-cancelled"]')});
  const found = await cancelled
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  check('after signing in, the visit is under Past as Cancelled', found, service);
  if (!found) await list3.screenshot({path: `${SHOTS}/e2e-portal-failure-past.png`});
  await pageHealth('cancel-link page', third);
  await context3.close();
  await context.close();
}

/**
 * 5. The whole portal (`/portal.html`, `<patient-portal>` with nothing inside), family members
 * (#21): Ana signs in, switches to her daughter Sofía, books her the first free time of the first
 * service from the portal's Book section (the review names Sofía and who books), Sofía's
 * Appointments lists it, and back in Ana's own view it is not there.
 */
async function family(origin, browser) {
  const context = await freshContext(browser);
  const tab = await openPage(context, `${origin}/portal.html`);
  const page = tab.page;
  await page.getByRole('button', {name: 'English', exact: true}).click();
  await page.locator('#demo-sign-in').click();
  const portal = page.locator('patient-portal');
  await portal.getByRole('button', {name: 'Sofía (daughter)'}).click();
  const banner = portal.locator('[part~="acting-banner"]');
  await banner.waitFor();
  check('whole portal: "Sofía (daughter)" shows her information', true, (await banner.innerText()).trim());
  await portal.locator('nav[part~="nav"] a[href="#portal/book"]').click();
  const widget = portal.locator('booking-widget');
  await widget
    .getByRole('button', {name: /Book now/})
    .first()
    .click();
  const next = () => widget.getByRole('button', {name: 'Continue', exact: true}).click();
  await next();
  await widget.getByRole('radio').first().check();
  await next();
  await pickFirstTime(widget);
  await next();
  await next();
  await widget.locator('#f-policy').check();
  await next();
  const review = (await widget.locator('dl.review').innerText()).replace(/\s+/g, ' ');
  check(
    'booking for Sofía: the review names her, her date of birth and who books',
    /Sofía García López/.test(review) && /Born /.test(review) && /Booked by/.test(review),
    review.slice(0, 200),
  );
  await widget.getByRole('button', {name: 'Confirm booking'}).click();
  await widget.locator('[part="confirmation"]').waitFor();
  await portal.locator('nav[part~="nav"] a[href="#portal/appointments"]').click();
  const list = portal.locator('appointment-list');
  await list.locator('article').first().waitFor();
  const hers = (await list.locator('article').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  check('Sofía’s Appointments lists her visit', hers.length === 1, hers.join(' | '));
  await page.screenshot({path: `${SHOTS}/e2e-portal-family-sofia.png`, fullPage: true});
  await portal.getByRole('button', {name: 'Ana (you)'}).click();
  await banner.waitFor({state: 'detached'});
  await list.locator('article').first().waitFor();
  await page.waitForTimeout(300);
  const anas = (await list.locator('article').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  check(
    'back in Ana’s own view, Sofía’s visit is not in her list',
    !anas.includes(hers[0]),
    `${anas.length} of hers`,
  );
  await pageHealth('whole portal page', tab);
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
let site;
let browser;
try {
  site = await startDemoSite({port: 0});
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
  await main(site.url.replace(/\/$/, ''), browser);
  await family(site.url.replace(/\/$/, ''), browser);
} catch (e) {
  check('the portal end-to-end check ran', false, e.stack ?? String(e));
} finally {
  await browser?.close().catch(() => undefined);
  await site?.close().catch(() => undefined);
}
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every portal check'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures ? 1 : 0);
