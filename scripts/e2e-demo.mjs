#!/usr/bin/env node
/**
 * `npm run e2e`: the demo clinic's website end to end, exactly as `npm start` serves it — the
 * built drop-in file (dist/patient-portal-elements.js + dist/chunks) and demo/ under the strict CSP
 * of QUALITY 10, on the reference server (scripts/demo-site.mjs: PGlite, the demo clinic seeded
 * afresh, the API and the development outbox on the page's origin) — in Debian's Chromium through
 * playwright-core. Needs `npm run build` first; starts everything else itself.
 *
 * Three browser contexts side by side, each booking as a NEW patient (a sentinel of its own: one
 * server, one outbox), the SMS code read from the page's outbox as the patient would from the SMS:
 *   es    server: the first <booking-widget>, after "Español": service → provider (Ramírez) →
 *         day and time → details → SMS code → policy (no deposit step: the visit needs none) →
 *         review → "Su cita está reservada".
 *   en    server: the same after "English" with another provider (Ortega), the browser in Los
 *         Angeles; the SMS code, policy and review steps by keyboard alone.
 *   peel  server: the single-service compact widget (chemical peel), page language, narrow
 *         viewport; the MXN 500 deposit paid with the server's demo payment provider (the test
 *         card that succeeds: POST /portal-api/deposit-intents/…/demo-payment), on the
 *         confirmation and on the server's appointment.
 * Then, per context: 0 CSP violations, 0 page errors, 0 console errors, no failed requests, the
 * outbox shows the confirmation email to the sentinel address, and the sentinel patient (name,
 * email, phone, date of birth) appears in none of: request URLs and Referer, the page URL,
 * Web Storage, IndexedDB, Cache Storage, readable cookies, console output, details of the events
 * fired to the host (QUALITY 11). Full-page screenshots of each confirmation go to
 * screenshots/e2e-*.png.
 *
 * One line per check, PASS or FAIL; exit 1 on any failure.
 */
import {existsSync, mkdirSync, rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startDemoSite} from './demo-site.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const STEP_TIMEOUT = 10_000;
const WATCHDOG_MS = 180_000;
const SHOTS = 'screenshots';

/** The sentinel patient; each context books with its own email and phone (`sentinelFor`). */
const SENTINEL = {
  givenName: 'María José',
  familyName: "Ñúñez-O'Connor",
  dob: {day: '1', month: '5', year: '1990'},
  dobIso: '1990-05-01',
};

/** Context `n`'s sentinel: email sentinel.e2e.<name>@example.test, phone 55 1234 987<n>. */
function sentinelFor(name, n) {
  return {
    ...SENTINEL,
    email: `sentinel.e2e.${name}@example.test`,
    phone: `55 1234 987${n}`,
    phoneE164: `+52551234987${n}`,
  };
}

/** Forms of the sentinel that must not leak, compared without accents and case (see `fold`). */
const NEEDLES = [
  'maria jose',
  'nunez',
  'connor',
  'sentinel.e2e',
  'example.test',
  '551234987',
  '1234 987',
  '1234-987',
  '1990-05-01',
  '19900501',
  '01/05/1990',
  '1/5/1990',
  '05/01/1990',
];

/** Bilingual accessible names: the selectors work whichever language the page is in. */
const NAME = {
  bookNow: /^(Book now|Reservar ahora)\b/,
  continue: /^(Continue|Continuar)$/,
  givenName: /^(First name|Nombre)$/,
  familyName: /^(Last name|Apellidos)$/,
  email: /^(Email|Correo electrónico)$/,
  day: /^(Day|Día)$/,
  month: /^(Month|Mes)$/,
  year: /^(Year|Año)$/,
  consent: /Privacy Notice and consent|Aviso de Privacidad y consiento/i,
  code: /^(Code|Código)$/,
  verify: /^(Verify|Verificar)$/,
  policy: /^(I accept the cancellation policy\.|Acepto la política de cancelación\.)$/,
  cardSucceeds: /^(Test card that succeeds|Tarjeta de prueba que se aprueba)/,
  payDeposit: /^(Pay deposit|Pagar anticipo)$/,
  paid: /has been paid|quedó pagado/,
  confirm: /^(Confirm booking|Confirmar la reserva)$/,
  booked: /^(You’re booked|Su cita está reservada)$/,
  depositPaid: /Deposit paid|Anticipo pagado/,
  bookedEmail: /is booked|quedó reservada|está reservada/i,
};

const HEADINGS = {
  details: /Your details|Sus datos/,
  verify: /Confirm your phone|Confirme su teléfono/,
  policy: /Cancellation policy|Política de cancelación/,
  review: /Review and book|Revise y reserve/,
};

// ------------------------------------------------------------------------------------------------
// Reporting

let failures = 0;
/** A check's line; `out` collects a context's lines so parallel contexts print in order. */
function check(name, ok, detail = '', out = null) {
  if (!ok) failures++;
  const line = `${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`;
  if (out) out.push(line);
  else console.log(line);
  return ok;
}

const fold = (s) => String(s).normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase();

function safeDecode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The sentinel forms found in `texts` (each also checked URL-decoded). */
function leaksIn(texts) {
  const found = new Set();
  for (const t of texts) {
    const hay = fold(`${t}\n${safeDecode(String(t))}`);
    for (const n of NEEDLES) if (hay.includes(n)) found.add(n);
  }
  return [...found];
}

const short = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

// ------------------------------------------------------------------------------------------------
// Driving the widget

async function until(what, fn, ms = STEP_TIMEOUT) {
  const start = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The element that really has focus, through shadow roots (and what it looks like). */
function deepActive(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    return {
      tag: a.localName,
      id: a.id,
      type: a.getAttribute('type') ?? '',
      text: (a.textContent ?? '').replace(/\s+/g, ' ').trim(),
      checked: 'checked' in a ? a.checked : undefined,
    };
  });
}

/** Presses Tab until `matches(focused)`, at most `max` times. */
async function tabTo(page, matches, what, max = 40) {
  for (let i = 0; i < max; i++) {
    const a = await deepActive(page);
    if (a && matches(a)) return a;
    await page.keyboard.press('Tab');
  }
  const a = await deepActive(page);
  throw new Error(`Tab never reached ${what}; focus is on <${a?.tag}> "${short(a?.text ?? '', 60)}"`);
}

const isButton = (name) => (a) => a.tag === 'button' && name.test(a.text);

async function waitHeading(widget, re, what) {
  await widget
    .locator('[data-step-heading]')
    .filter({hasText: re})
    .waitFor()
    .catch(() => {
      throw new Error(`the ${what} step never showed`);
    });
}

/**
 * What sticks out sideways inside `widget` (shadow roots and its light-DOM children included):
 * boxes past the widget's right edge or the viewport's, and boxes whose content overflows them.
 */
function overflowIn(widget) {
  return widget.evaluate((host) => {
    const edge = Math.min(host.getBoundingClientRect().right, window.innerWidth) + 1;
    const found = [];
    const describe = (el) =>
      `<${el.localName}${el.id ? `#${el.id}` : ''}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''}> "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const shown = box.width > 1 && box.height > 1 && style.visibility !== 'hidden';
        if (shown && box.right > edge) found.push(`${describe(el)} ends at ${Math.round(box.right)} px`);
        else if (
          shown &&
          style.overflowX === 'visible' &&
          el.scrollWidth > el.clientWidth + 1 &&
          el.clientWidth > 0
        )
          found.push(`${describe(el)} content is ${el.scrollWidth} px in ${el.clientWidth} px`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(host.shadowRoot);
    walk(host);
    return found;
  });
}

async function chooseProvider(widget, log, index = 1) {
  log('provider');
  const radios = widget.getByRole('radio');
  await radios.first().waitFor();
  // A named provider rather than "first available" when there is a choice.
  const n = await radios.count();
  await radios.nth(Math.min(index, n - 1)).check();
  await widget.getByRole('button', {name: NAME.continue}).click();
}

async function chooseTime(widget, log) {
  log('day and time');
  const picker = widget.locator('portal-slot-picker');
  const times = picker.locator('button[part~="time"]:not([disabled])');
  const days = picker.locator('[part~="day-available"]');
  const shown = () =>
    times
      .or(days)
      .first()
      .waitFor({timeout: 4000})
      .then(
        () => true,
        () => false,
      );
  // Late in a month the rest of it may be full: "Next available day" opens the next one.
  if (!(await shown())) {
    await picker.locator('[part~="next-available-button"]').click();
    if (!(await shown())) throw new Error('the slot picker shows no free day or time');
  }
  if ((await times.count()) === 0) await days.first().click();
  await times.first().click();
  await picker.locator('[part~="time-selected"]').first().waitFor();
  await widget.getByRole('button', {name: NAME.continue}).click();
}

async function fillDetails(widget, log, who, onFilled) {
  log('details');
  await waitHeading(widget, HEADINGS.details, 'details');
  await widget.getByRole('textbox', {name: NAME.givenName}).fill(who.givenName);
  await widget.getByRole('textbox', {name: NAME.familyName}).fill(who.familyName);
  await widget.getByRole('textbox', {name: NAME.email}).fill(who.email);
  const phone = widget.locator('portal-phone-input');
  const tel = phone.locator('input[type="tel"]');
  await tel.fill(who.phone);
  await tel.blur();
  await until('the phone to be read as E.164', () =>
    phone.evaluate((el, want) => el.value === want, who.phoneE164),
  );
  const dob = widget.locator('portal-date-input');
  await dob.getByRole('textbox', {name: NAME.day}).fill(who.dob.day);
  await dob.getByRole('textbox', {name: NAME.month}).fill(who.dob.month);
  await dob.getByRole('textbox', {name: NAME.year}).fill(who.dob.year);
  await dob.getByRole('textbox', {name: NAME.year}).blur();
  await until('the date of birth to be 1990-05-01', () =>
    dob.evaluate((el, want) => el.value === want, who.dobIso),
  );
  await widget.getByRole('checkbox', {name: NAME.consent}).check();
  await onFilled?.();
  await widget.getByRole('button', {name: NAME.continue}).click();
}

/**
 * The SMS code as the patient reads it: the newest SMS to `phoneE164` in the page's outbox (the
 * server's development outbox).
 */
async function smsCode(page, phoneE164, log) {
  log('SMS code in the outbox');
  const sms = page
    .locator('#outbox li')
    .filter({hasText: `SMS → ${phoneE164}`})
    .first();
  await sms.waitFor();
  const code = /\b(\d{6})\b/.exec(await sms.locator('pre').innerText())?.[1];
  if (!code) throw new Error('the SMS in the outbox has no 6-digit code');
  return code;
}

async function verifyPhone(page, widget, log, who) {
  log('SMS code');
  await waitHeading(widget, HEADINGS.verify, 'phone check');
  const code = await smsCode(page, who.phoneE164, log);
  log('SMS code');
  await widget.getByRole('textbox', {name: NAME.code}).fill(code);
  await widget.getByRole('button', {name: NAME.verify}).click();
}

async function acceptPolicy(widget, log) {
  log('policy');
  await waitHeading(widget, HEADINGS.policy, 'policy');
  await widget.getByRole('checkbox', {name: NAME.policy}).check();
  await widget.getByRole('button', {name: NAME.continue}).click();
}

async function confirmBooking(widget, log, who) {
  log('review');
  await waitHeading(widget, HEADINGS.review, 'review');
  const review = await widget.locator('dl.review').innerText();
  if (!review.includes(`${who.givenName} ${who.familyName}`))
    throw new Error(`the review does not show the name verbatim: ${short(review.replace(/\s+/g, ' '))}`);
  await widget.getByRole('button', {name: NAME.confirm}).click();
}

async function waitBooked(widget, log) {
  log('confirmation');
  await widget.getByRole('heading', {name: NAME.booked}).waitFor();
}

/** The SMS code, policy and review steps with the keyboard alone (QUALITY 2). */
async function keyboardSteps(page, widget, log, who) {
  log('SMS code (keyboard)');
  await waitHeading(widget, HEADINGS.verify, 'phone check');
  const verify = widget.getByRole('button', {name: NAME.verify});
  await until('the Verify button to be enabled (code sent)', () => verify.isEnabled());
  const code = await smsCode(page, who.phoneE164, log);
  log('SMS code (keyboard)');
  await tabTo(page, (a) => a.id === 'f-code', 'the code field');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');

  log('policy (keyboard)');
  await waitHeading(widget, HEADINGS.policy, 'policy');
  await until('focus on the policy step heading', async () =>
    /Cancellation policy|Política de cancelación/.test((await deepActive(page))?.text ?? ''),
  );
  await tabTo(page, (a) => a.id === 'f-policy', 'the policy checkbox');
  await page.keyboard.press('Space');
  const box = await deepActive(page);
  if (!box?.checked) throw new Error('Space did not tick the policy checkbox');
  await tabTo(page, isButton(NAME.continue), 'Continue');
  await page.keyboard.press('Enter');

  log('review (keyboard)');
  await waitHeading(widget, HEADINGS.review, 'review');
  await tabTo(page, isButton(NAME.confirm), 'Confirm booking');
  await page.keyboard.press('Enter');
  await waitBooked(widget, log);
  const focused = await deepActive(page);
  if (!NAME.booked.test(focused?.text ?? ''))
    throw new Error(`focus did not move to the confirmation heading (it is on <${focused?.tag}>)`);
}

async function payDeposit(widget, log) {
  log('deposit');
  const step = widget.locator('portal-payment-step');
  await step.waitFor();
  const card = widget.getByRole('radio', {name: NAME.cardSucceeds});
  await card.check();
  await step.getByRole('button', {name: NAME.payDeposit}).click();
  await step.getByText(NAME.paid).waitFor();
}

// ------------------------------------------------------------------------------------------------
// One context

const INIT = () => {
  const g = globalThis;
  g.__e2e = {csp: [], events: []};
  document.addEventListener('securitypolicyviolation', (e) => {
    g.__e2e.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`);
  });
  const types = [
    'portal-before-book',
    'portal-booked',
    'portal-error',
    'portal-slot-selected',
    'portal-payment-succeeded',
    'portal-payment-failed',
    'portal-calendar-added',
    'portal-signed-in',
    'portal-signed-out',
  ];
  for (const type of types) {
    window.addEventListener(
      type,
      (e) => {
        let json;
        try {
          json = JSON.stringify({type, ...e, detail: e.detail ?? null});
        } catch {
          json = `${type} (not serialisable)`;
        }
        g.__e2e.events.push(json);
      },
      true,
    );
  }
};

async function dumpStorage(page) {
  return page.evaluate(async () => {
    const web = (s) =>
      Object.fromEntries(Array.from({length: s.length}, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    const idb = {};
    try {
      for (const {name} of await indexedDB.databases()) {
        if (!name) continue;
        const db = await new Promise((ok, ko) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        for (const store of db.objectStoreNames) {
          idb[`${name}/${store}`] = await new Promise((ok) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => ok('(unreadable)');
          });
        }
        db.close();
      }
    } catch (e) {
      idb['(error)'] = String(e);
    }
    const cacheNames = typeof caches === 'undefined' ? [] : await caches.keys();
    return {
      localStorage: web(localStorage),
      sessionStorage: web(sessionStorage),
      cookie: document.cookie,
      indexedDB: idb,
      cacheNames,
      href: location.href,
    };
  });
}

async function scenario(browser, origins, s) {
  const out = [];
  const line = (name, ok, detail = '') => check(name, ok, detail, out);
  try {
    await run(browser, origins, s, line, out);
  } catch (e) {
    line(`${s.name}: the context ran`, false, e.stack ?? String(e));
  }
  return out;
}

async function run(browser, {origin, db}, s, check, out) {
  const own = origin;
  const t0 = Date.now();
  rmSync(`${SHOTS}/e2e-${s.name}-failure.png`, {force: true});
  const context = await browser.newContext({
    viewport: s.viewport,
    locale: s.lang === 'en' ? 'en-US' : 'es-MX',
    timezoneId: s.timeZone ?? 'America/Mexico_City',
    extraHTTPHeaders: {'X-Forwarded-For': s.address},
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const consoleAll = [];
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const badResponses = [];
  page.on('console', (m) => {
    consoleAll.push(`${m.type()}: ${m.text()}`);
    if (m.type() !== 'error') return;
    const where = m.location()?.url ?? '';
    if (/favicon\.ico/.test(where) || /favicon\.ico/.test(m.text())) return;
    consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => {
    requests.push({url: r.url(), referer: r.headers()['referer'] ?? ''});
  });
  page.on('requestfailed', (r) => badResponses.push(`${r.url()} ${r.failure()?.errorText ?? 'failed'}`));
  const bookings = [];
  const deposits = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.request().method() === 'POST' && path === '/portal-api/appointments') bookings.push(r.status());
    if (r.request().method() === 'POST' && path.startsWith('/portal-api/deposit-intents'))
      deposits.push(`${path.endsWith('/demo-payment') ? 'demo-payment' : 'intent'} ${r.status()}`);
    if (r.status() >= 400 && !/\/favicon\.ico$/.test(new URL(r.url()).pathname))
      badResponses.push(`${r.status()} ${r.url()}`);
  });
  await page.addInitScript(INIT);

  let step = 'loading the page';
  const log = (what) => (step = what);
  const tag = s.name;
  const who = s.who;
  let booked = false;
  let paymentSteps = 0;
  const layout = [];
  try {
    await page.goto(origin, {waitUntil: 'load'});
    if (s.switchTo) {
      log(`the page's "${s.switchTo}" button`);
      await page.getByRole('button', {name: s.switchTo, exact: true}).click();
      await page.locator(`html[lang="${s.lang === 'en' ? 'en-US' : 'es-MX'}"]`).waitFor({state: 'attached'});
    }
    const widget = s.widget(page);
    log('services');
    if (!s.singleService) {
      await widget.getByRole('button', {name: NAME.bookNow}).first().click();
      await widget.getByRole('button', {name: NAME.continue}).click();
    }
    await chooseProvider(widget, log, s.provider);
    await chooseTime(widget, log);
    await fillDetails(widget, log, who, async () =>
      layout.push(...(await overflowIn(widget)).map((o) => `details: ${o}`)),
    );
    if (s.keyboard) {
      await keyboardSteps(page, widget, log, who);
    } else {
      await verifyPhone(page, widget, log, who);
      if (s.deposit) {
        log('policy');
        await waitHeading(widget, HEADINGS.policy, 'policy');
        await widget.getByRole('checkbox', {name: NAME.policy}).check();
        await payDeposit(widget, log);
        await widget.getByRole('button', {name: NAME.continue}).click();
        log('review');
        await waitHeading(widget, HEADINGS.review, 'review');
        const review = await widget.locator('dl.review').innerText();
        if (!/pagado|paid/.test(review) || /not paid|sin pagar|no pagado/i.test(review))
          throw new Error(
            `the review does not show the deposit as paid: ${short(review.replace(/\s+/g, ' '))}`,
          );
      } else {
        if (s.noDeposit) {
          await waitHeading(widget, HEADINGS.policy, 'policy');
          paymentSteps = await widget.locator('portal-payment-step').count();
        }
        await acceptPolicy(widget, log);
      }
      await confirmBooking(widget, log, who);
      await waitBooked(widget, log);
    }
    booked = true;
    check(
      `${tag}: booked through the reference server (POST /portal-api/appointments → 201)`,
      bookings.length === 1 && bookings[0] === 201,
      bookings.join(', '),
    );
    const text = (await widget.locator('[part~="confirmation"]').innerText()).replace(/\s+/g, ' ');
    check(`${tag}: booked as a new patient (${s.what})`, true, `${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (s.keyboard) check(`${tag}: SMS code, policy and review steps done by keyboard alone`, true);
    if (s.deposit) {
      check(`${tag}: the confirmation says the deposit is paid`, NAME.depositPaid.test(text), short(text));
      check(
        `${tag}: the deposit went through the reference server (intent, then the demo payment step)`,
        deposits.includes('intent 200') && deposits.includes('demo-payment 204'),
        deposits.join(', '),
      );
      const rows = await db.query(
        `SELECT a.deposit_paid, i.state FROM appointments a JOIN patients p ON p.id = a.patient_id
           LEFT JOIN payment_intents i ON i.appointment_id = a.id WHERE p.email_key = $1`,
        [who.email.toLowerCase()],
      );
      check(
        `${tag}: the server's appointment records the deposit paid (MXN 500) and uses the paid intent`,
        rows.length === 1 &&
          rows[0].deposit_paid?.amountMinor === 50_000 &&
          rows[0].deposit_paid?.currency === 'MXN' &&
          rows[0].state === 'succeeded',
        JSON.stringify(rows.map((r) => ({depositPaid: r.deposit_paid, intent: r.state}))),
      );
    }
    // A patient whose zone is not the clinic's also reads the time in their own (issue #23 item 2);
    // one in the clinic's zone gets no second line.
    check(
      s.timeZone
        ? `${tag}: the confirmation also gives the time in the patient's own zone (${s.timeZone})`
        : `${tag}: the confirmation gives the clinic's time only (the patient is in the clinic's zone)`,
      /\((yours|la suya)\)/.test(text) === Boolean(s.timeZone),
      short(text),
    );
    if (s.noDeposit)
      check(
        `${tag}: no deposit step and no "deposit paid" (the visit needs no deposit)`,
        paymentSteps === 0 && !NAME.depositPaid.test(text),
        short(text),
      );
    // Let the lazy "add to calendar" settle before the picture.
    await widget
      .locator('portal-add-to-calendar')
      .waitFor()
      .catch(() => undefined);
    await page.waitForTimeout(300);
    layout.push(...(await overflowIn(widget)).map((o) => `confirmation: ${o}`));
    check(
      `${tag}: the widget fits ${s.viewport.width} px wide, nothing sticks out sideways (details, confirmation)`,
      layout.length === 0,
      short(layout.join('; '), 400),
    );
    const page2way = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (page2way[0] > page2way[1] + 1)
      out.push(
        `WARN  ${tag}: the demo page itself scrolls sideways: ${page2way[0]} px of content in a ${page2way[1]} px viewport (demo page, not the elements)`,
      );
    mkdirSync(SHOTS, {recursive: true});
    await page.screenshot({path: `${SHOTS}/e2e-${tag}-booked.png`, fullPage: true});
    await widget.screenshot({path: `${SHOTS}/e2e-${tag}-booked-widget.png`});
  } catch (e) {
    check(
      `${tag}: booked as a new patient (${s.what})`,
      false,
      `stuck at "${step}": ${e.message.split('\n')[0]}`,
    );
    if (s.keyboard && !booked)
      check(
        `${tag}: SMS code, policy and review steps done by keyboard alone`,
        false,
        'the flow did not get there',
      );
    mkdirSync(SHOTS, {recursive: true});
    await page.screenshot({path: `${SHOTS}/e2e-${tag}-failure.png`, fullPage: true}).catch(() => undefined);
    out.push(`      screenshot of the failure: ${SHOTS}/e2e-${tag}-failure.png`);
  }

  // The outbox: the booking confirmation to the sentinel address.
  if (booked) {
    const mail = page
      .locator('#outbox li')
      .filter({hasText: `EMAIL → ${who.email}`})
      .filter({hasText: NAME.bookedEmail});
    const ok = await mail
      .first()
      .waitFor({timeout: 5000})
      .then(() => true)
      .catch(() => false);
    const subjects = await page.locator('#outbox li strong').allInnerTexts();
    check(
      `${tag}: the outbox shows the booking confirmation email to ${who.email}`,
      ok,
      ok ? '' : `outbox: ${short(subjects.join(' | '))}`,
    );
  } else {
    check(`${tag}: the outbox shows the booking confirmation email to ${who.email}`, false, 'not booked');
  }

  // Security and privacy.
  const probe = await page
    .evaluate(() => globalThis.__e2e ?? {csp: [], events: []})
    .catch(() => ({csp: ['(page gone)'], events: []}));
  check(`${tag}: 0 CSP violations under the strict policy`, probe.csp.length === 0, probe.csp.join('; '));
  check(`${tag}: 0 page errors`, pageErrors.length === 0, short(pageErrors.join('; '), 400));
  check(`${tag}: 0 console errors`, consoleErrors.length === 0, short(consoleErrors.join('; '), 400));
  check(
    `${tag}: no failed requests or error responses`,
    badResponses.length === 0,
    short(badResponses.join('; '), 400),
  );
  const foreign = requests.filter((r) => !r.url.startsWith(own) && !r.url.startsWith('data:'));
  check(
    `${tag}: every request stays on the page's origin`,
    foreign.length === 0,
    short(foreign.map((r) => r.url).join(' ')),
  );

  const urlLeaks = leaksIn(requests.flatMap((r) => [r.url, r.referer]));
  check(
    `${tag}: no sentinel in request URLs or Referer (${requests.length} requests)`,
    urlLeaks.length === 0,
    urlLeaks.join(', '),
  );
  const storage = await dumpStorage(page).catch((e) => ({error: String(e)}));
  for (const [what, value] of [
    ['localStorage', storage.localStorage],
    ['sessionStorage', storage.sessionStorage],
    ['document.cookie', storage.cookie],
    ['IndexedDB', storage.indexedDB],
    ['Cache Storage', storage.cacheNames],
    ['the page URL (history)', storage.href],
  ]) {
    const text = value === undefined ? `(unreadable: ${storage.error})` : JSON.stringify(value);
    const leaks = value === undefined ? ['unreadable'] : leaksIn([text]);
    check(
      `${tag}: no sentinel in ${what}`,
      leaks.length === 0,
      leaks.length ? `${leaks.join(', ')} in ${short(text)}` : '',
    );
  }
  const consoleLeaks = leaksIn(consoleAll);
  check(
    `${tag}: no sentinel in console output (${consoleAll.length} messages)`,
    consoleLeaks.length === 0,
    consoleLeaks.join(', '),
  );
  const eventLeaks = leaksIn(probe.events);
  const bookedEvents = probe.events.filter((e) => e.includes('"portal-booked"')).length;
  check(
    `${tag}: events to the host carry no sentinel (${probe.events.length} events, ${bookedEvents} portal-booked)`,
    eventLeaks.length === 0 && (!booked || bookedEvents === 1),
    eventLeaks.length
      ? eventLeaks.join(', ')
      : bookedEvents !== 1 && booked
        ? `${bookedEvents} portal-booked events`
        : '',
  );
  await context.close();
}

/**
 * The demo page keeps the visitor's language choice across a reload, and a link carrying
 * `?lang=` (an emailed link in the patient's language) opens in that language (issue #23 item 16).
 */
async function languageMemory(browser, origin) {
  const context = await browser.newContext({locale: 'es-MX'});
  const page = await context.newPage();
  const lang = () => page.evaluate(() => document.documentElement.lang);
  try {
    await page.goto(origin, {waitUntil: 'load'});
    await page.getByRole('button', {name: 'English', exact: true}).click();
    await page.reload({waitUntil: 'load'});
    await page.locator('html[lang="en-US"]').waitFor({state: 'attached', timeout: STEP_TIMEOUT});
    check("language: the page keeps the visitor's English choice after a reload", (await lang()) === 'en-US');
    check(
      'language: the page title follows it',
      /Patient portal/.test(await page.title()),
      await page.title(),
    );
    await page.goto(`${origin}?lang=es`, {waitUntil: 'load'});
    await page.locator('html[lang="es-MX"]').waitFor({state: 'attached', timeout: STEP_TIMEOUT});
    check(
      'language: a link with ?lang=es opens in Spanish over the saved choice',
      (await lang()) === 'es-MX',
    );
  } catch (e) {
    check('language: remembered and carried by links', false, e.stack ?? String(e));
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------------
// Main

if (!existsSync('dist/patient-portal-elements.js') || !existsSync('dist/chunks')) {
  console.error('dist/patient-portal-elements.js or dist/chunks is missing: run `npm run build` first.');
  process.exit(1);
}

const watchdog = setTimeout(() => {
  console.log(`FAIL  the end-to-end check took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const started = Date.now();
let site;
let browser;
try {
  // As `npm start` serves it.
  // Three patients book side by side from this one machine: as behind a clinic's proxy, each
  // has an address of its own (X-Forwarded-For), so the per-address hold and rate limits apply
  // to each as they would in the field rather than to all three together.
  site = await startDemoSite({port: 0, trustProxy: 1});
  const origins = {origin: site.url, db: site.db};
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const first = (page) => page.locator('booking-widget').first();
  const peel = (page) => page.locator('booking-widget[single-service]');
  const scenarios = [
    {
      name: 'es',
      what: 'server, first <booking-widget>, Spanish, general medicine visit with Ramírez',
      lang: 'es',
      switchTo: 'Español',
      viewport: {width: 1280, height: 900},
      widget: first,
      provider: 1,
      noDeposit: true,
    },
    {
      name: 'en',
      what: 'server, first <booking-widget>, English, general medicine visit with Ortega, browser in Los Angeles',
      lang: 'en',
      timeZone: 'America/Los_Angeles',
      switchTo: 'English',
      viewport: {width: 1280, height: 900},
      widget: first,
      provider: 2,
      keyboard: true,
    },
    {
      name: 'peel',
      what: 'server, single-service compact chemical peel, page language (es-MX), 390 px wide, deposit paid',
      lang: 'es',
      viewport: {width: 390, height: 844},
      widget: peel,
      singleService: true,
      deposit: true,
    },
  ].map((s, i) => ({...s, who: sentinelFor(s.name, i + 1), address: `203.0.113.${i + 1}`}));
  // The contexts run side by side (one server: each books with its own provider, sentinel and
  // phone); their lines print in order.
  const outputs = await Promise.all(scenarios.map((s) => scenario(browser, origins, s)));
  for (const lines of outputs) console.log(lines.join('\n'));
  await languageMemory(browser, site.url);
} catch (e) {
  check('the end-to-end check ran', false, e.stack ?? String(e));
} finally {
  await browser?.close().catch(() => undefined);
  await site?.close().catch(() => undefined);
}
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every check'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures ? 1 : 0);
