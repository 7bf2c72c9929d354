#!/usr/bin/env node
/**
 * QUALITY 21 end to end: two patients, two Chromium browser contexts (Debian's Chromium through
 * playwright-core), booking the SAME slot on the demo site served by the real reference server
 * (scripts/demo-site.mjs: the built drop-in file, the strict CSP, PGlite, the API on the page's
 * origin). Needs `npm run build` first.
 *
 * One site for every run. Each run takes the earliest free time of the general medicine visit with
 * Dra. Ramírez (fresh: the previous run booked the one before), and in each context fills a fresh
 * <booking-widget> (the page is loaded once per context; each later run replaces the page's first
 * widget by a new instance with the same attributes, as a host page would render a new one):
 * service → provider → that time → details (a new patient of its own each run) → the SMS code
 * (read from the server's outbox, as the patient reads the SMS) → policy → review. Then both press
 * "Confirm booking":
 *   runs 1–10   at the same moment (both clicks scheduled for one instant);
 *   runs 11–20  1–2 s apart (a random gap; the first alternates between the two contexts).
 * Context "es" uses the page in Spanish, "en" in English with the browser in Los Angeles.
 *
 * Checks per run: exactly one booked (one 201, one 409 from POST /portal-api/appointments, one
 * active appointment at that time in the server's database, one "booked" heading); the other sees
 * the conflict message in its own language, a slot list fetched after the 409 without that time,
 * and — choosing another time — every detail it typed still there (name, email, phone, date of
 * birth, consent), its phone still verified (no second code) and the policy still accepted. Also 0
 * page errors and 0 CSP violations in both contexts. Prints the counts; exit 1 on any failure.
 *
 * The server runs with holds turned off (`PORTAL_HOLDS=off`): with holds on (as `npm start` serves
 * the demo), the slot is held when a patient leaves the time step, so two patients can never both
 * reach "Confirm booking" with one time — the rival is told at the time step instead, before typing
 * any details. `--holds` runs the same races with holds on: both press "Continue" after choosing
 * the time (same moment, 1–2 s apart); the one who gets the hold goes on to book, the other sees
 * the conflict and fresh times at once (the details checks then do not apply).
 */
import {existsSync, mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startDemoSite} from './demo-site.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const HOLDS = process.argv.includes('--holds');
const RUNS = Number(process.env.RACE_RUNS ?? 20);
const STEP_TIMEOUT = 10_000;
const WATCHDOG_MS = 240_000;
const SHOTS = 'screenshots';
const SERVICE = 'svc-general';
const PROVIDER = 'prov-ramirez';

const NAME = {
  bookNow: /^(Book now|Reservar ahora)\b/,
  continue: /^(Continue|Continuar)$/,
  provider: /Ramírez/,
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
  confirm: /^(Confirm booking|Confirmar la reserva)$/,
  booked: /^(You’re booked|Su cita está reservada)$/,
};
const HEADINGS = {
  time: /Choose a day and time|Elija día y hora/,
  details: /Your details|Sus datos/,
  verify: /Confirm your phone|Confirme su teléfono/,
  policy: /Cancellation policy|Política de cancelación/,
  review: /Review and book|Revise y reserve/,
};
/** The slot-taken message of the catalog (src/localization/error-messages.ts, xliff/es.xlf). */
const CONFLICT = {
  en: 'Sorry, someone has just booked that time. Here are the times still free.',
  es: 'Lo sentimos, alguien acaba de reservar ese horario. Estos son los horarios que siguen libres.',
};

// ------------------------------------------------------------------------------------------------
// Reporting

let failures = 0;
const counts = {
  runs: 0,
  exactlyOneBooked: 0,
  oneCreatedOneConflict: 0,
  oneInDatabase: 0,
  conflictShownLocalized: 0,
  freshListWithoutSlot: 0,
  detailsKept: 0,
  earlierWon: 0,
  staggeredRuns: 0,
  phoneAskedAgain: 0,
  usedCodeShown: 0,
  policyKept: 0,
  verifyTried: 0,
};
const spreads = [];
const requestSpreads = [];
const runTimes = [];

function check(name, ok, detail = '') {
  if (!ok) failures++;
  if (!ok || process.env.RACE_VERBOSE)
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function until(what, fn, ms = STEP_TIMEOUT) {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// ------------------------------------------------------------------------------------------------
// A context: one patient's browser

async function openContext(browser, who) {
  const context = await browser.newContext({
    viewport: {width: 1280, height: 900},
    locale: who.lang === 'en' ? 'en-US' : 'es-MX',
    timezoneId: who.timeZone,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const c = {
    who,
    context,
    page,
    /** This run's API answers, with the time each arrived. */
    responses: [],
    pageErrors: [],
    csp: [],
    widget: () => page.locator('booking-widget').first(),
    site: null,
    loaded: false,
    /** When this run's contested request left the page (Playwright's request event). */
    contestedSentAt: [],
  };
  page.on('pageerror', (e) => c.pageErrors.push(String(e)));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'POST' && url.pathname === (HOLDS ? '/portal-api/holds' : '/portal-api/appointments'))
      c.contestedSentAt.push(Date.now());
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/portal-api/'))
      c.responses.push({
        method: r.request().method(),
        path: url.pathname,
        status: r.status(),
        at: Date.now(),
      });
  });
  await page.exposeFunction('__raceCsp', (v) => c.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      globalThis.__raceCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return c;
}

async function waitHeading(widget, re, what) {
  await widget
    .locator('[data-step-heading]')
    .filter({hasText: re})
    .waitFor()
    .catch(() => {
      throw new Error(`the ${what} step never showed`);
    });
}

/** The newest SMS code sent to `phone`, from the server's outbox (as the patient reads the SMS). */
async function smsCode(site, phone) {
  return until(`the SMS code to ${phone}`, async () => {
    const sms = (await site.portal.outbox()).filter((m) => m.channel === 'sms' && m.to === phone && m.code);
    return sms.at(-1)?.code;
  });
}

/** Clicks the time button of `slot` in the widget's slot picker (opening its day if needed). */
async function chooseSlot(widget, slot) {
  const picker = widget.locator('portal-slot-picker');
  const button = picker.locator(`button[data-slot="${slot.id}"]`);
  await picker.locator('button[part~="time"], [part~="day-available"]').first().waitFor();
  if ((await button.count()) === 0) {
    const day = picker.locator(`td[data-day="${slot.day}"]`);
    if ((await day.count()) === 0) await picker.locator('[part~="next-available-button"]').click();
    await picker.locator(`td[data-day="${slot.day}"]`).click();
  }
  await button.click();
  await picker.locator('[part~="time-selected"]').first().waitFor();
}

/** From a fresh page to the step where the race is run (review; with --holds: the time step). */
async function prepare(site, origin, c, slot, details) {
  const {page, who} = c;
  c.responses = [];
  c.contestedSentAt = [];
  if (!c.loaded) {
    await page.goto(origin, {waitUntil: 'load'});
    await page.getByRole('button', {name: who.lang === 'en' ? 'English' : 'Español', exact: true}).click();
    await page.locator(`html[lang="${who.lang === 'en' ? 'en-US' : 'es-MX'}"]`).waitFor({state: 'attached'});
    c.loaded = true;
  } else {
    // A new patient at the same page: a fresh <booking-widget> with the page's attributes in place
    // of the last one (as a host page renders a new one), nothing carried over from the last run.
    await page.evaluate(() => {
      const old = document.querySelector('booking-widget');
      old.replaceWith(old.cloneNode(false));
    });
  }
  const widget = c.widget();
  await widget.getByRole('button', {name: NAME.bookNow}).first().click();
  await widget.getByRole('button', {name: NAME.continue}).click();
  await widget.getByRole('radio', {name: NAME.provider}).check();
  await widget.getByRole('button', {name: NAME.continue}).click();
  await waitHeading(widget, HEADINGS.time, 'time');
  await chooseSlot(widget, slot);
  if (HOLDS) return;
  await widget.getByRole('button', {name: NAME.continue}).click();
  await fillDetails(site, widget, details);
  await waitHeading(widget, HEADINGS.policy, 'policy');
  await widget.getByRole('checkbox', {name: NAME.policy}).check();
  await widget.getByRole('button', {name: NAME.continue}).click();
  await waitHeading(widget, HEADINGS.review, 'review');
}

async function fillDetails(site, widget, d) {
  await waitHeading(widget, HEADINGS.details, 'details');
  await widget.getByRole('textbox', {name: NAME.givenName}).fill(d.givenName);
  await widget.getByRole('textbox', {name: NAME.familyName}).fill(d.familyName);
  await widget.getByRole('textbox', {name: NAME.email}).fill(d.email);
  const phone = widget.locator('portal-phone-input');
  const tel = phone.locator('input[type="tel"]');
  await tel.fill(d.phone);
  await tel.blur();
  await until('the phone to be read as E.164', () =>
    phone.evaluate((el, want) => el.value === want, d.phoneE164),
  );
  const dob = widget.locator('portal-date-input');
  await dob.getByRole('textbox', {name: NAME.day}).fill(d.dob.day);
  await dob.getByRole('textbox', {name: NAME.month}).fill(d.dob.month);
  await dob.getByRole('textbox', {name: NAME.year}).fill(d.dob.year);
  await dob.getByRole('textbox', {name: NAME.year}).blur();
  await until('the date of birth', () => dob.evaluate((el, want) => el.value === want, d.dobIso));
  await widget.getByRole('checkbox', {name: NAME.consent}).check();
  await widget.getByRole('button', {name: NAME.continue}).click();
  await waitHeading(widget, HEADINGS.verify, 'phone check');
  const verify = widget.getByRole('button', {name: NAME.verify});
  await until('the code to be sent', () => verify.isEnabled());
  await widget.getByRole('textbox', {name: NAME.code}).fill(await smsCode(site, d.phoneE164));
  await verify.click();
}

/** The contested button: "Confirm booking" (or, with --holds, the time step's "Continue"). */
const contested = (c) => c.widget().getByRole('button', {name: HOLDS ? NAME.continue : NAME.confirm});

/** Presses the contested button at `at` (epoch ms); resolves to when the click was sent. */
async function pressAt(c, at) {
  const button = contested(c);
  await button.waitFor();
  await sleep(at - Date.now());
  const sent = Date.now();
  await button.click();
  return sent;
}

/** After the press: `booked`, `conflict`, or what the widget shows instead. */
async function outcome(site, c, details) {
  const widget = c.widget();
  const conflict = widget.locator('.notice.warning');
  if (HOLDS) {
    // The hold's winner goes on to book with its details.
    const first = await until('the details step or the conflict', async () => {
      if (await conflict.count()) return 'conflict';
      if (await widget.locator('[data-step-heading]').filter({hasText: HEADINGS.details}).count())
        return 'details';
      return undefined;
    });
    if (first === 'conflict') return 'conflict';
    await fillDetails(site, widget, details);
    await waitHeading(widget, HEADINGS.policy, 'policy');
    await widget.getByRole('checkbox', {name: NAME.policy}).check();
    await widget.getByRole('button', {name: NAME.continue}).click();
    await waitHeading(widget, HEADINGS.review, 'review');
    await widget.getByRole('button', {name: NAME.confirm}).click();
  }
  return until('the booked heading or the conflict message', async () => {
    if (await widget.getByRole('heading', {name: NAME.booked}).count()) return 'booked';
    if (await conflict.count()) return 'conflict';
    return undefined;
  });
}

/** The loser's screen after the conflict: message, fresh slots without the taken one, details kept. */
async function checkLoser(c, slot, details, tag) {
  const widget = c.widget();
  const lang = c.who.lang;
  const notice = (await widget.locator('.notice.warning').innerText()).trim();
  if (check(`${tag}: the conflict message in ${lang}`, notice === CONFLICT[lang], notice))
    counts.conflictShownLocalized++;

  const conflictAt = c.responses.find((r) => r.status === 409)?.at ?? Infinity;
  const picker = widget.locator('portal-slot-picker');
  await until('a slot list fetched after the conflict', () =>
    c.responses.some((r) => r.path === '/portal-api/availability' && r.status === 200 && r.at >= conflictAt),
  );
  const times = picker.locator('button[part~="time"]:not([disabled])');
  await until('free times in the picker', async () => (await times.count()) > 0);
  const taken = await picker.locator(`button[data-slot="${slot.id}"]`).count();
  const shown = await times.count();
  if (
    check(
      `${tag}: a slot list fetched after the 409, ${shown} free times shown, the taken time not among them`,
      taken === 0 && shown > 0 && Number.isFinite(conflictAt),
      `taken shown ${taken} times`,
    )
  )
    counts.freshListWithoutSlot++;
  if (HOLDS) return;

  // Another time, and on: everything typed is still there, the phone still verified.
  await times.first().click();
  await picker.locator('[part~="time-selected"]').first().waitFor();
  await widget.getByRole('button', {name: NAME.continue}).click();
  await waitHeading(widget, HEADINGS.details, 'details (after the conflict)');
  const kept = {
    givenName: await widget.getByRole('textbox', {name: NAME.givenName}).inputValue(),
    familyName: await widget.getByRole('textbox', {name: NAME.familyName}).inputValue(),
    email: await widget.getByRole('textbox', {name: NAME.email}).inputValue(),
    phone: await widget.locator('portal-phone-input').evaluate((el) => el.value),
    dob: await widget.locator('portal-date-input').evaluate((el) => el.value),
    consent: await widget.getByRole('checkbox', {name: NAME.consent}).isChecked(),
  };
  const want = {
    givenName: details.givenName,
    familyName: details.familyName,
    email: details.email,
    phone: details.phoneE164,
    dob: details.dobIso,
    consent: true,
  };
  if (
    check(
      `${tag}: every detail typed still there (name, email, phone, date of birth, consent)`,
      JSON.stringify(kept) === JSON.stringify(want),
      `kept ${JSON.stringify(kept)}`,
    )
  )
    counts.detailsKept++;

  // What comes next: the policy, still accepted (the phone stays verified: no second SMS code).
  await widget.getByRole('button', {name: NAME.continue}).click();
  const next = await until('the step after the details', async () => {
    for (const [name, re] of Object.entries(HEADINGS))
      if (await widget.locator('[data-step-heading]').filter({hasText: re}).count()) return name;
    return undefined;
  }).catch(() => 'none');
  if (next === 'verify') {
    counts.phoneAskedAgain++;
    check(
      `${tag}: going on with another time, the phone already verified is not asked for a new code`,
      false,
    );
    const code = await widget.locator('#f-code').inputValue();
    if (code !== '' && code === (await smsCode(c.site, details.phoneE164).catch(() => '')))
      counts.usedCodeShown++;
    if (counts.verifyTried === 0) {
      // Once: what "Verify" does with that code.
      counts.verifyTried++;
      const before = c.responses.length;
      await widget.getByRole('button', {name: NAME.verify}).click();
      const answer = await until('the answer to Verify', () =>
        c.responses.slice(before).find((r) => r.path === '/portal-api/phone-codes/verify'),
      ).catch(() => undefined);
      const said = await widget
        .locator('.field-error')
        .first()
        .innerText()
        .catch(() => '');
      check(
        `${tag}: what "Verify" did with the used code`,
        false,
        `POST /portal-api/phone-codes/verify → ${answer?.status ?? 'nothing'}, the widget says "${said.trim()}"`,
      );
    }
  } else if (next === 'policy') {
    if (await widget.getByRole('checkbox', {name: NAME.policy}).isChecked()) counts.policyKept++;
  } else check(`${tag}: the step after the details`, false, next);
}

// ------------------------------------------------------------------------------------------------
// Main

if (!existsSync('dist/patient-portal-elements.js') || !existsSync('dist/chunks')) {
  console.error('dist/patient-portal-elements.js or dist/chunks is missing: run `npm run build` first.');
  process.exit(1);
}
const watchdog = setTimeout(() => {
  console.log(`FAIL  the race check took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const started = Date.now();
let site;
let browser;
try {
  // Each patient of each run comes from an address of its own (X-Forwarded-For behind a trusted
  // proxy): from one address, forty SMS codes in a few minutes pass the per-address cap (10 an
  // hour, QUALITY's abuse limits) and the later runs could not get a code.
  site = await startDemoSite({
    port: 0,
    trustProxy: 1,
    env: {...process.env, PORTAL_HOLDS: HOLDS ? 'on' : 'off'},
  });
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
  const opened = await Promise.all([
    openContext(browser, {name: 'es', lang: 'es', timeZone: 'America/Mexico_City', n: 1}),
    openContext(browser, {name: 'en', lang: 'en', timeZone: 'America/Los_Angeles', n: 2}),
  ]);
  const contexts = opened.map((c) => Object.assign(c, {site}));
  const tz = site.portal.clinic.timeZone;
  const dayOf = (instant) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(instant));

  for (let run = 1; run <= RUNS; run++) {
    const runStarted = Date.now();
    const simultaneous = run <= RUNS / 2;
    const tag = `run ${run} (${simultaneous ? 'same moment' : '1–2 s apart'})`;
    counts.runs++;
    try {
      await Promise.all(
        contexts.map((c) =>
          c.context.setExtraHTTPHeaders({'X-Forwarded-For': `198.51.100.${c.who.n * 50 + run}`}),
        ),
      );
      // The earliest free time now: a fresh one each run (the previous run booked the one before).
      const now = Date.now();
      const {slots} = await site.portal.availability({
        serviceIds: [SERVICE],
        providerId: PROVIDER,
        from: new Date(now).toISOString(),
        to: new Date(now + 30 * 86_400_000).toISOString(),
      });
      if (slots.length === 0) throw new Error('no free time left for the race');
      const slot = {...slots[0], day: dayOf(slots[0].start)};
      const details = contexts.map((c) => {
        const digits = `${c.who.n}${String(run).padStart(2, '0')}`;
        return {
          givenName: c.who.lang === 'en' ? 'Zoë Ann' : 'María José',
          familyName: c.who.lang === 'en' ? "O'Brien-Núñez" : "Ñúñez-O'Connor",
          email: `race.${c.who.name}.${run}.${started % 100_000}@example.test`,
          phone: `55 1234 8${digits}`,
          phoneE164: `+525512348${digits}`,
          dob: {day: '1', month: '5', year: '1990'},
          dobIso: '1990-05-01',
        };
      });
      await Promise.all(contexts.map((c, i) => prepare(site, site.url, c, slot, details[i])));

      // The press: one instant for both, or the first then the other 1–2 s later.
      const first = run % 2;
      const gap = simultaneous ? 0 : 1000 + Math.round(Math.random() * 1000);
      const at = Date.now() + 300;
      const sentAt = await Promise.all(contexts.map((c, i) => pressAt(c, at + (i === first ? 0 : gap))));
      const results = await Promise.all(contexts.map((c, i) => outcome(site, c, details[i])));

      const booked = results.filter((r) => r === 'booked').length;
      const conflicts = results.filter((r) => r === 'conflict').length;
      if (
        check(
          `${tag}: exactly one booked, the other told of the conflict`,
          booked === 1 && conflicts === 1,
          results.join(', '),
        )
      )
        counts.exactlyOneBooked++;
      const posts = contexts.flatMap((c) =>
        c.responses.filter(
          (r) => r.method === 'POST' && r.path === (HOLDS ? '/portal-api/holds' : '/portal-api/appointments'),
        ),
      );
      const statuses = posts.map((r) => r.status).sort();
      if (
        check(
          `${tag}: the server answered one 201 and one 409`,
          JSON.stringify(statuses) === '[201,409]',
          statuses.join(', '),
        )
      )
        counts.oneCreatedOneConflict++;
      const [{n}] = await site.db.query(
        "SELECT count(*)::int AS n FROM appointments WHERE provider_id = $1 AND start_ms = $2 AND status IN ('pending', 'booked', 'confirmed')",
        [PROVIDER, Date.parse(slot.start)],
      );
      if (check(`${tag}: one active appointment at that time in the database`, Number(n) === 1, `${n}`))
        counts.oneInDatabase++;
      if (simultaneous) {
        spreads.push(Math.abs(sentAt[0] - sentAt[1]));
        const [ra, rb] = contexts.map((c) => c.contestedSentAt[0]);
        if (ra !== undefined && rb !== undefined) requestSpreads.push(Math.abs(ra - rb));
      } else {
        counts.staggeredRuns++;
        if (
          check(
            `${tag}: the earlier press won`,
            results[first] === 'booked',
            `first: ${contexts[first].who.name}`,
          )
        )
          counts.earlierWon++;
      }
      const loser = results.indexOf('conflict');
      if (loser >= 0)
        await checkLoser(contexts[loser], slot, details[loser], `${tag}, ${contexts[loser].who.name}`);
    } catch (e) {
      check(`${tag}: the run completed`, false, e.message.split('\n')[0]);
      mkdirSync(SHOTS, {recursive: true});
      for (const c of contexts)
        await c.page
          .screenshot({path: `${SHOTS}/e2e-race-${run}-${c.who.name}-failure.png`, fullPage: true})
          .catch(() => undefined);
      console.log(`      screenshots: ${SHOTS}/e2e-race-${run}-*-failure.png`);
    }
    runTimes.push(Date.now() - runStarted);
  }
  for (const c of contexts) {
    check(`${c.who.name}: 0 page errors`, c.pageErrors.length === 0, c.pageErrors.slice(0, 3).join('; '));
    check(
      `${c.who.name}: 0 CSP violations under the strict policy`,
      c.csp.length === 0,
      c.csp.slice(0, 3).join('; '),
    );
  }
} catch (e) {
  check('the race check ran', false, e.stack ?? String(e));
} finally {
  await browser?.close().catch(() => undefined);
  await site?.close().catch(() => undefined);
}

const range = (xs) => (xs.length ? `${Math.min(...xs)}–${Math.max(...xs)} ms` : 'n/a');
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
console.log(
  [
    `Races on one slot (${HOLDS ? 'holds on: pressing Continue after choosing the time' : 'holds off: pressing Confirm booking'}), ${counts.runs} runs:`,
    `  exactly one booked:                     ${counts.exactlyOneBooked}/${counts.runs}`,
    `  server answered one 201 + one 409:      ${counts.oneCreatedOneConflict}/${counts.runs}`,
    `  one active appointment in the database: ${counts.oneInDatabase}/${counts.runs}`,
    `  conflict message in the loser's language: ${counts.conflictShownLocalized}/${counts.runs}`,
    `  fresh slot list without the taken time: ${counts.freshListWithoutSlot}/${counts.runs}`,
    HOLDS ? null : `  every typed detail kept:                ${counts.detailsKept}/${counts.runs}`,
    HOLDS || counts.policyKept === 0
      ? null
      : `  phone still verified, policy still accepted: ${counts.policyKept}/${counts.runs}`,
    `  1–2 s apart, the earlier press won:     ${counts.earlierWon}/${counts.staggeredRuns}`,
    `  same-moment presses: clicks sent ${range(spreads)} apart, the two requests issued by the pages ${range(requestSpreads)} apart`,
    `  per run: median ${(median(runTimes) / 1000).toFixed(1)} s`,
  ]
    .filter(Boolean)
    .join('\n'),
);
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every check'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures ? 1 : 0);
