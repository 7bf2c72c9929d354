#!/usr/bin/env node
/**
 * `npm run e2e` (part): the waitlist (#21) end to end on the demo site as `npm start` serves it
 * (the reference server on PGlite, the demo clinic seeded afresh, the built drop-in file under the
 * strict CSP), in Debian's Chromium through playwright-core — issue #21's "she joins the waitlist
 * for a full day, another patient cancels, she gets the offer in the outbox and books it from the
 * link, while a second waitlisted patient is told it's gone":
 *
 *   0. Carmen, a new patient (registered through the API, her email's link, a demo test card saved),
 *      books every dermatology time of day D (Dra. Chen's short day, a Tuesday or Thursday at least
 *      four days ahead, so no cancellation there is late): D is full.
 *   1. Ana (the demo patient, English, 1280 px) signs in, opens Book, Dermatology visit, Dra. Chen:
 *      D shows "no times" in the calendar; "No time that suits you? Tell me if an earlier time
 *      opens": from today to D, mornings and afternoons; the booking widget says she's on the
 *      waitlist and her Appointments show it under "Your waitlist" (without a reload). axe: 0.
 *   2. Beatriz, a second new patient (Spanish, 320 px), joins the same waitlist the same way.
 *   3. Carmen, in her own browser, cancels her morning visit on D from her Appointments (Cancel
 *      the appointment → Continue → reason → Cancel appointment).
 *   4. The server's development outbox has the offer email for Ana and for Beatriz (first joined
 *      first, both offered), each with a link to the demo page, the token in the fragment only;
 *      Ana's page shows it in its Outbox panel. Ana opens her link: "An earlier time opened for
 *      you" → "Book this time" → "Booked — see you then."; the visit is in her Appointments and her
 *      waitlist entry has ended.
 *   5. Beatriz opens her link: "Lo sentimos, este horario ya no está disponible" (the time is gone)
 *      and she stays on the waitlist (her entry is still listed). axe: 0.
 * Screenshots of each step in `/tmp/e2e-waitlist/` (`E2E_WAITLIST_SHOTS` to change it). Every page: 0 CSP violations, 0
 * page or console errors. One line per check, PASS or FAIL; exit 1 on any failure.
 */
import {mkdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {check, openPage, pageHealth, runE2E} from './e2e-kit.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const TZ = 'America/Mexico_City';
const SERVICE = 'svc-derm';
const PROVIDER = 'prov-chen';
const PASSWORD = 'Un paseo por Chapultepec 2026';
const ANA = 'ana@demo.clinic';
const STEP_TIMEOUT = 10_000;
/** Each step's screenshot (`E2E_WAITLIST_SHOTS` to change it). */
const SHOTS = process.env.E2E_WAITLIST_SHOTS ?? join(tmpdir(), 'e2e-waitlist');
mkdirSync(SHOTS, {recursive: true});

/** axe on the whole page (open shadow roots included): the violations' ids and counts. */
async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

/** The clinic's date (YYYY-MM-DD) of an instant. */
const clinicDate = (ms) => new Intl.DateTimeFormat('en-CA', {timeZone: TZ}).format(new Date(ms));
const isoWeekday = (date) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date, n) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The server's development outbox (every message, oldest first). */
async function outbox(origin) {
  const r = await fetch(`${origin}/portal-dev/outbox`);
  return (await r.json()).messages;
}

/** Waits (at most `ms`) for the messages `pick` finds in the outbox. */
async function waitForMessages(origin, pick, ms = STEP_TIMEOUT) {
  const until = Date.now() + ms;
  for (;;) {
    const found = pick(await outbox(origin));
    if (found.length > 0 || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The fragment's parameter `key` of a link. */
const fragment = (link, key) => new URLSearchParams(new URL(link).hash.slice(1)).get(key) ?? '';

/**
 * A new patient with her own browser context, registered through the API and signed in by her
 * email's verify link (the session cookie is the context's, so her pages are signed in), with the
 * demo test card that succeeds saved when `card` (the clinic keeps a card on file for its fees).
 */
async function newPatient(browser, origin, who, {card = false} = {}) {
  const context = await browser.newContext({viewport: who.viewport, locale: who.locale});
  context.setDefaultTimeout(STEP_TIMEOUT);
  const api = context.request;
  const base = `${origin}/portal-api`;
  // Before a session, unsafe requests carry the REST adapter's placeholder CSRF header.
  const anonymous = {headers: {'X-CSRF-Token': 'no-session'}};
  const registered = await api.post(`${base}/registrations`, {
    ...anonymous,
    data: {patient: who.details, password: PASSWORD, privacyConsent: true},
  });
  if (registered.status() !== 202) throw new Error(`registering ${who.name}: ${registered.status()}`);
  const [mail] = await waitForMessages(origin, (all) =>
    all.filter((m) => m.to === who.details.email && m.kind === 'verification'),
  );
  const token = fragment(Object.values(mail?.links ?? {})[0] ?? `${origin}/`, 'portal-verify');
  const verified = await api.post(`${base}/email-verifications`, {
    ...anonymous,
    data: {token, password: PASSWORD},
  });
  if (!verified.ok()) throw new Error(`verifying ${who.name}: ${verified.status()}`);
  const csrf = verified.headers()['x-csrf-token'];
  const write = async (path, data, key) => {
    const r = await api.post(`${base}${path}`, {
      data,
      headers: {'X-CSRF-Token': csrf, ...(key ? {'Idempotency-Key': key} : {})},
    });
    if (!r.ok()) throw new Error(`${who.name}: POST ${path} → ${r.status()} ${await r.text()}`);
    return r.status() === 204 ? undefined : r.json();
  };
  if (card) {
    const setup = await write('/card-setups', {}, `card-${who.details.email}`);
    await write(`/card-setups/${setup.id}/demo-confirmation`, {card: 'succeeds'});
  }
  const get = async (path) => {
    const r = await api.get(`${base}${path}`);
    if (!r.ok()) throw new Error(`${who.name}: GET ${path} → ${r.status()}`);
    return r.json();
  };
  return {...who, context, write, get};
}

/**
 * The candidates for day D: Dra. Chen's short days (Tuesday or Thursday, 10:00–15:00) four or more
 * days ahead, for three weeks (a clinic holiday has no times and is skipped).
 */
function shortDays(nowMs) {
  const days = [];
  for (let d = addDays(clinicDate(nowMs), 4); days.length < 6; d = addDays(d, 1))
    if ([2, 4].includes(isoWeekday(d))) days.push(d);
  return days;
}

/** Carmen books every dermatology time of `day` with Dra. Chen until none is left; her bookings. */
async function fillDay(carmen, day) {
  const booked = [];
  // Mexico City keeps UTC−6 all year (no daylight saving time since 2022).
  const from = new Date(`${day}T00:00:00-06:00`).toISOString();
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  for (let i = 0; i < 20; i++) {
    const query = new URLSearchParams({serviceId: SERVICE, providerId: PROVIDER, from, to});
    const {slots} = await carmen.get(`/availability?${query}`);
    const slot = slots.find((s) => clinicDate(Date.parse(s.start)) === day);
    if (!slot) return booked;
    booked.push(
      await carmen.write(
        '/appointments',
        {slot, serviceIds: [SERVICE], privacyConsent: true, policyAccepted: true, language: 'en'},
        `fill-${day}-${i}`,
      ),
    );
  }
  throw new Error(`day ${day} never filled up`);
}

const HOUR_MIN = new Intl.DateTimeFormat('en-GB', {timeZone: TZ, hour: '2-digit', minute: '2-digit'});

/**
 * In the page's first booking widget: the dermatology visit with Dra. Chen, then the calendar at
 * `day`. Returns the widget and the day's cell.
 */
async function openDayInBooking(page, day, t) {
  const widget = page.locator('#book booking-widget');
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole('button', {name: t.category, exact: true}).click();
  await widget.getByRole('button', {name: t.bookDerm}).click();
  await widget.getByRole('button', {name: t.continue, exact: true}).click();
  await widget.getByRole('radio', {name: /Chen/}).check();
  await widget.getByRole('button', {name: t.continue, exact: true}).click();
  const picker = widget.locator('portal-slot-picker');
  await picker.locator('[part~="grid"][aria-busy="false"]').waitFor();
  const cell = picker.locator(`td[data-day="${day}"]`);
  if ((await cell.count()) === 0) {
    await picker.locator('[part~="next-month"]').click();
    await cell.waitFor();
  }
  await picker.locator('[part~="grid"][aria-busy="false"]').waitFor();
  return {widget, cell};
}

/** "Tell me if an earlier time opens" under the times: from today to `day`, no evenings. */
async function joinWaitlist(widget, day, t) {
  await widget.getByRole('button', {name: t.open}).click();
  const panel = widget.locator('portal-waitlist');
  await panel.getByRole('heading', {name: t.joinTitle}).waitFor();
  await panel.getByLabel(t.to, {exact: true}).fill(day);
  await panel.getByRole('checkbox', {name: t.evening}).uncheck();
  return panel;
}

const EN = {
  category: 'Dermatology',
  bookDerm: 'Book now: Dermatology visit',
  continue: 'Continue',
  open: 'No time that suits you? Tell me if an earlier time opens',
  joinTitle: 'Tell me if an earlier time opens',
  to: 'To',
  evening: 'Evening (from 17:00)',
  join: 'Join the waitlist',
  joined: 'You’re on the waitlist',
  waitlist: 'Your waitlist',
};
const ES = {
  category: 'Dermatología',
  bookDerm: 'Reservar ahora: Consulta dermatológica',
  continue: 'Continuar',
  open: '¿Ningún horario le conviene? Avíseme si se libera uno antes',
  joinTitle: 'Avíseme si se libera un horario antes',
  to: 'Hasta',
  evening: 'Noche (desde las 17:00)',
  join: 'Entrar en la lista de espera',
  joined: 'Está en la lista de espera',
  waitlist: 'Su lista de espera',
  gone: 'Lo sentimos, este horario ya no está disponible',
};

async function chooseLanguage(page, name) {
  await page.getByRole('button', {name, exact: true}).click();
}

runE2E({name: 'waitlist', watchdogMs: 150_000}, async ({origin, browser}) => {
  const serverNow = Date.parse((await (await fetch(`${origin}/portal-api/time`)).json()).now);

  // 0. Carmen fills day D with Dra. Chen's dermatology visits.
  const carmen = await newPatient(
    browser,
    origin,
    {
      name: 'Carmen',
      viewport: {width: 1280, height: 900},
      locale: 'en-US',
      details: {
        givenName: 'Carmen',
        familyName: 'Díaz Ortega',
        email: `carmen.${serverNow}@example.com`,
        phone: '+525555510001',
        dateOfBirth: '1979-08-30',
        language: 'en',
      },
    },
    {card: true},
  );
  let day;
  let fill = [];
  for (day of shortDays(serverNow)) if ((fill = await fillDay(carmen, day)).length > 0) break;
  const morning = fill.find((a) => Number(HOUR_MIN.format(new Date(a.start)).slice(0, 2)) < 12);
  check(
    `day ${day} is full: Carmen holds every dermatology time with Dra. Chen`,
    fill.length >= 5 && Boolean(morning),
    fill.map((a) => HOUR_MIN.format(new Date(a.start))).join(' '),
  );

  // 1. Ana: Book → the full day → the waitlist; then her Appointments.
  const anaContext = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
  anaContext.setDefaultTimeout(STEP_TIMEOUT);
  const anaTab = await openPage(anaContext, `${origin}/`);
  const ana = anaTab.page;
  await chooseLanguage(ana, 'English');
  await ana.locator('#demo-sign-in').click();
  const anaList = ana.locator('appointment-list');
  await anaList.locator('article').first().waitFor();
  const {widget: anaWidget, cell} = await openDayInBooking(ana, day, EN);
  const label = (await cell.getAttribute('aria-label')) ?? '';
  check(
    'Ana, Book: the full day shows no times in the calendar',
    /no times$/.test(label) && !/day-available/.test((await cell.getAttribute('part')) ?? ''),
    label,
  );
  await anaWidget.screenshot({path: `${SHOTS}/e2e-waitlist-1-full-day-en.png`});
  const anaJoin = await joinWaitlist(anaWidget, day, EN);
  await anaWidget.screenshot({path: `${SHOTS}/e2e-waitlist-1-join-form-en.png`});
  await anaJoin.getByRole('button', {name: EN.join}).click();
  await anaJoin.getByRole('heading', {name: EN.joined}).waitFor();
  await ana.waitForTimeout(300);
  const joinAxe = await axe(ana);
  check(
    'Ana joined the waitlist ("You’re on the waitlist"); axe: 0 violations',
    joinAxe.length === 0,
    joinAxe.join(', '),
  );
  await anaWidget.screenshot({path: `${SHOTS}/e2e-waitlist-1-joined-en.png`});
  const entries = anaList
    .locator('portal-waitlist')
    .filter({has: ana.getByRole('heading', {name: EN.waitlist})});
  const shown = await entries
    .locator('li')
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  const entryText = shown ? (await entries.locator('li').first().innerText()).replace(/\s+/g, ' ') : '';
  check(
    'Ana’s Appointments show the entry under "Your waitlist" (no reload)',
    shown && /Dermatology visit/.test(entryText) && /Chen/.test(entryText) && !/Evening/.test(entryText),
    entryText,
  );
  if (shown) await entries.screenshot({path: `${SHOTS}/e2e-waitlist-1-your-waitlist-en.png`});

  // 2. Beatriz, Spanish, 320 px: the same waitlist.
  const bea = await newPatient(browser, origin, {
    name: 'Beatriz',
    viewport: {width: 320, height: 800},
    locale: 'es-MX',
    details: {
      givenName: 'Beatriz',
      familyName: 'Ruiz Campos',
      email: `beatriz.${serverNow}@example.com`,
      phone: '+525555510002',
      dateOfBirth: '1992-03-17',
      language: 'es',
    },
  });
  const beaTab = await openPage(bea.context, `${origin}/`);
  const beaPage = beaTab.page;
  await chooseLanguage(beaPage, 'Español');
  const {widget: beaWidget} = await openDayInBooking(beaPage, day, ES);
  const beaJoin = await joinWaitlist(beaWidget, day, ES);
  await beaJoin.screenshot({path: `${SHOTS}/e2e-waitlist-2-join-form-es-320.png`});
  await beaJoin.getByRole('button', {name: ES.join}).click();
  await beaJoin.getByRole('heading', {name: ES.joined}).waitFor();
  const beaEntries = await bea.get('/waitlist');
  check(
    'Beatriz (Spanish, 320 px) joined the same waitlist',
    beaEntries.length === 1,
    JSON.stringify(beaEntries[0] ?? {}).slice(0, 120),
  );
  await beaJoin.screenshot({path: `${SHOTS}/e2e-waitlist-2-joined-es-320.png`});

  // 3. Carmen cancels her morning visit on D, in her own browser.
  const sentBefore = (await outbox(origin)).length;
  const carmenTab = await openPage(carmen.context, `${origin}/`);
  const carmenPage = carmenTab.page;
  await chooseLanguage(carmenPage, 'English');
  const carmenList = carmenPage.locator('appointment-list');
  const when = await carmenPage.evaluate(
    ([start, tz]) =>
      new Intl.DateTimeFormat('en-US', {timeZone: tz, hour: 'numeric', minute: '2-digit'}).format(
        new Date(start),
      ),
    [morning.start, TZ],
  );
  const visit = carmenList.locator(`article[data-id="${morning.id}"]`);
  await visit.waitFor();
  await visit.getByRole('button', {name: 'Cancel the appointment'}).click();
  const dialog = carmenList.locator('portal-appointment-dialog dialog[open]');
  await dialog.getByRole('button', {name: 'Continue'}).click();
  await dialog.getByRole('radio').first().check();
  await dialog.getByRole('button', {name: 'Cancel appointment'}).click();
  await dialog.waitFor({state: 'detached'});
  check('Carmen cancelled her morning visit on the full day from her Appointments', true, when);

  // 4. The offers in the outbox; Ana books hers from the link.
  const offers = await waitForMessages(origin, (all) =>
    all.slice(sentBefore).filter((m) => m.kind === 'waitlist-offer' && m.channel === 'email'),
  );
  const anaOffer = offers.find((m) => m.to === ANA);
  const beaOffer = offers.find((m) => m.to === bea.details.email);
  const links = offers.map((m) => Object.values(m.links ?? {})[0] ?? '');
  check(
    'the outbox has the offer email for Ana and for Beatriz, each a link to the demo page with the token in the fragment only',
    Boolean(anaOffer && beaOffer) &&
      links.every((l) => l.startsWith(`${origin}/#portal-offer=`) && !/@|ana|beatriz|carmen/i.test(l)),
    `${offers.length} offer(s) to ${offers.map((m) => m.to).join(', ')}`,
  );
  const panelOffer = ana.locator('#outbox li').filter({has: ana.locator(`a[href*="#portal-offer="]`)});
  await panelOffer.first().waitFor();
  await panelOffer.first().screenshot({path: `${SHOTS}/e2e-waitlist-4-outbox-en.png`});
  check('Ana’s demo page shows the offer in its Outbox panel', true);

  const anaLinkTab = await openPage(anaContext, Object.values(anaOffer.links)[0]);
  const anaLink = anaLinkTab.page;
  await chooseLanguage(anaLink, 'English');
  const offerPanel = anaLink.locator('appointment-list portal-waitlist[mode="offer"]');
  await offerPanel.getByRole('heading', {name: 'An earlier time opened for you'}).waitFor();
  await anaLink.waitForTimeout(300);
  const offerAxe = await axe(anaLink);
  check(
    'Ana’s link: "An earlier time opened for you"; axe: 0 violations',
    offerAxe.length === 0,
    offerAxe.join(', '),
  );
  await offerPanel.screenshot({path: `${SHOTS}/e2e-waitlist-4-offer-en.png`});
  await offerPanel.getByRole('button', {name: 'Book this time'}).click();
  await offerPanel.getByRole('heading', {name: 'Booked — see you then.'}).waitFor();
  const dayHeading = new Intl.DateTimeFormat('en-US', {
    timeZone: TZ,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(morning.start));
  const listed = anaLink
    .locator('appointment-list article')
    .filter({hasText: 'Dermatology visit'})
    .filter({hasText: dayHeading})
    .filter({hasText: when.replace(/ [AP]M$/, '')});
  const inList = await listed
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  const anaLeft = await anaContext.request.get(`${origin}/portal-api/waitlist`).then((r) => r.json());
  // Her "Your waitlist" on that page follows without a reload: the entry leaves it.
  const staleEntry = await anaLink
    .locator('appointment-list portal-waitlist:not([mode="offer"]) li')
    .first()
    .waitFor({state: 'detached'})
    .then(() => 0)
    .catch(() => 1);
  check(
    'Ana booked it from the link: "Booked — see you then.", the visit in her Appointments, her entry ended (and gone from the page)',
    inList && anaLeft.length === 0 && staleEntry === 0,
    `${dayHeading} ${when}; ${anaLeft.length} entries left, ${staleEntry} shown`,
  );
  await anaLink.locator('appointment-list').screenshot({path: `${SHOTS}/e2e-waitlist-4-booked-en.png`});

  // 5. Beatriz's link: the time is gone, and she stays on the waitlist.
  const beaLinkTab = await openPage(bea.context, Object.values(beaOffer.links)[0]);
  const beaLink = beaLinkTab.page;
  await chooseLanguage(beaLink, 'Español');
  const gonePanel = beaLink.locator('appointment-list portal-waitlist[mode="offer"]');
  const gone = await gonePanel
    .getByRole('heading', {name: ES.gone})
    .waitFor()
    .then(() => true)
    .catch(() => false);
  await beaLink.waitForTimeout(300);
  const goneAxe = await axe(beaLink);
  const stillWaiting = await bea.get('/waitlist');
  check(
    'Beatriz’s link then says the time is gone (Spanish), and she stays on the waitlist; axe: 0 violations',
    gone && stillWaiting.length === 1 && goneAxe.length === 0,
    `${stillWaiting.length} entry; ${goneAxe.join(', ')}`,
  );
  await gonePanel.screenshot({path: `${SHOTS}/e2e-waitlist-5-gone-es-320.png`});
  await beaLink.screenshot({path: `${SHOTS}/e2e-waitlist-5-gone-es-320-page.png`});
  const beaMail = (await outbox(origin)).filter(
    (m) => m.to === bea.details.email && m.kind !== 'verification',
  );
  console.log(
    `      (what the server sent Beatriz after her verification: ${beaMail.map((m) => `${m.channel}:${m.kind}`).join(', ')})`,
  );

  for (const [name, tab] of [
    ['Ana’s page', anaTab],
    ['Ana’s offer link', anaLinkTab],
    ['Beatriz’s page', beaTab],
    ['Beatriz’s offer link', beaLinkTab],
    ['Carmen’s page', carmenTab],
  ])
    await pageHealth(name, tab);
});
