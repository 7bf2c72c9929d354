#!/usr/bin/env node
/**
 * `node scripts/e2e-fhir.mjs` (after `npm run build`): the drop-in file on a clinic page whose
 * `<booking-widget backend="fhir:…">` books against the FHIR test server (scripts/fhir-server.ts as
 * a real process on 127.0.0.1, seeded with the demo clinic), in Chromium, under the strict CSP the
 * other end-to-end checks use — in English and in Spanish. The page's own server forwards `/fhir/R4`
 * to the FHIR process, as a clinic whose site fronts its FHIR endpoint would (the strict CSP allows
 * `connect-src 'self'` only). After each booking the FHIR server itself is asked: one booked
 * Appointment for that patient, its Slot busy.
 */
import {mkdirSync} from 'node:fs';
import {chromium} from 'playwright-core';
import {CHROMIUM_ARGS, SHOTS, check as kitCheck, openPage} from './e2e-kit.mjs';
import {startFhirSite} from './fhir-site.mjs';

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
  policy: /^(I accept the cancellation policy\.|Acepto la política de cancelación\.)$/,
  confirm: /^(Confirm booking|Confirmar la reserva)$/,
  booked: /^(You’re booked|Su cita está reservada)$/,
};

const watchdog = setTimeout(() => {
  console.log('FAIL  the FHIR end-to-end check took longer than 240 s');
  process.exit(1);
}, 240_000);
watchdog.unref();

const page = (lang, origin) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>FHIR clinic</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<script type="module" src="/dist/patient-portal-elements.js"></script></head>` +
  `<body><main><booking-widget backend="fhir:${origin}/fhir/R4"></booking-widget></main></body></html>`;

let failures = 0;
const check = (...args) => kitCheck(...args) || (failures++, false);
/** Sign-in, the patient's appointments and booking on one page (one shared FHIR session). */
const portalPage = (origin) =>
  `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>FHIR portal</title>` +
  `<script type="module" src="/dist/patient-portal-elements.js"></script></head><body><main>` +
  `<patient-login backend="fhir:${origin}/fhir/R4"></patient-login>` +
  `<appointment-list backend="fhir:${origin}/fhir/R4"></appointment-list>` +
  `</main></body></html>`;

const started = Date.now();
let site;
let browser;
try {
  site = await startFhirSite({
    admin: true,
    pages: (origin) => ({
      '/en.html': page('en-US', origin),
      '/es.html': page('es-MX', origin),
      '/portal.html': portalPage(origin),
    }),
  });
  const {origin, upstreamBase: base} = site;

  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  mkdirSync(SHOTS, {recursive: true});

  for (const lang of ['en', 'es']) {
    const who = {
      givenName: lang === 'en' ? 'Fhir' : 'Fhirá',
      familyName: `Tester${lang.toUpperCase()}`,
      email: `fhir-${lang}@example.com`,
    };
    const context = await browser.newContext({locale: lang === 'en' ? 'en-US' : 'es-MX'});
    const opened = await openPage(context, `${origin}/${lang}.html`);
    const widget = opened.page.locator('booking-widget');
    const steps = [];
    const log = (s) => steps.push(s);
    try {
      log('service');
      await widget.getByRole('button', {name: NAME.bookNow}).first().click({timeout: 30_000});
      await widget.getByRole('button', {name: NAME.continue}).click();
      log('provider');
      const radios = widget.getByRole('radio');
      await radios.first().waitFor();
      await radios.nth(Math.min(1, (await radios.count()) - 1)).check();
      await widget.getByRole('button', {name: NAME.continue}).click();
      log('day and time');
      const picker = widget.locator('portal-slot-picker');
      const times = picker.locator('button[part~="time"]:not([disabled])');
      const days = picker.locator('[part~="day-available"]');
      await times.or(days).first().waitFor({timeout: 30_000});
      if ((await times.count()) === 0) await days.first().click();
      await times.first().click();
      await picker.locator('[part~="time-selected"]').first().waitFor();
      await widget.getByRole('button', {name: NAME.continue}).click();
      log('details');
      await widget.getByRole('textbox', {name: NAME.givenName}).fill(who.givenName);
      await widget.getByRole('textbox', {name: NAME.familyName}).fill(who.familyName);
      await widget.getByRole('textbox', {name: NAME.email}).fill(who.email);
      const tel = widget.locator('portal-phone-input').locator('input[type="tel"]');
      await tel.fill('55 1234 5678');
      await tel.blur();
      const dob = widget.locator('portal-date-input');
      await dob.getByRole('textbox', {name: NAME.day}).fill('1');
      await dob.getByRole('textbox', {name: NAME.month}).fill('5');
      await dob.getByRole('textbox', {name: NAME.year}).fill('1990');
      await dob.getByRole('textbox', {name: NAME.year}).blur();
      await widget.getByRole('checkbox', {name: NAME.consent}).check();
      await widget.getByRole('button', {name: NAME.continue}).click();
      log('policy');
      await widget.getByRole('checkbox', {name: NAME.policy}).check();
      await widget.getByRole('button', {name: NAME.continue}).click();
      log('review');
      await widget.getByRole('button', {name: NAME.confirm}).click();
      log('confirmation');
      await widget.getByRole('heading', {name: NAME.booked}).waitFor({timeout: 30_000});
      check(`${lang}: booked through the FHIR adapter (${steps.join(' → ')})`, true);
    } catch (e) {
      check(`${lang}: booked through the FHIR adapter`, false, `stopped at ${steps.at(-1)}: ${e.message}`);
      await opened.page.screenshot({path: `${SHOTS}/e2e-fhir-${lang}-failed.png`, fullPage: true});
    }
    await opened.page.screenshot({path: `${SHOTS}/e2e-fhir-${lang}.png`, fullPage: true});
    const csp = await opened.page.evaluate(() => globalThis.__e2e.csp);
    check(
      `${lang}: 0 CSP violations, 0 page or console errors (strict CSP)`,
      csp.length + opened.problems.length === 0,
      [...csp, ...opened.problems].join('; '),
    );

    // What the FHIR server holds now (asked directly, not through the adapter).
    // (`--admin`: the bearer token `admin` reads everything, for this check alone.)
    const get = async (path) =>
      (await fetch(`${base}/${path}`, {headers: {Authorization: 'Bearer admin'}})).json();
    const patients = await get(`Patient?family=${encodeURIComponent(who.familyName)}`);
    const patient = patients.entry?.[0]?.resource;
    const appts = patient ? await get(`Appointment?patient=Patient/${patient.id}`) : {};
    const booked = (appts.entry ?? []).map((e) => e.resource).filter((a) => a.status === 'booked');
    check(
      `${lang}: the FHIR server holds one booked Appointment for the new Patient`,
      patients.entry?.length === 1 && booked.length === 1,
      `patients ${patients.entry?.length ?? 0}, booked appointments ${booked.length}`,
    );
    const slotRefs = booked[0]?.slot?.map((s) => s.reference) ?? [];
    const slots = await Promise.all(slotRefs.map((r) => get(r)));
    check(
      `${lang}: its Slot${slots.length > 1 ? 's are' : ' is'} busy`,
      slots.length > 0 && slots.every((s) => s.status === 'busy'),
      slots.map((s) => `${s.id} ${s.status}`).join(', '),
    );
    await context.close();
  }

  // SMART sign-in: "Sign in with …" opens the authorization server in a popup, which returns to
  // this origin; the page reads the code from it, closes it, exchanges the code (PKCE) and the
  // appointment list shows the signed-in patient's appointments.
  {
    const context = await browser.newContext({locale: 'en-US'});
    const opened = await openPage(context, `${origin}/portal.html`);
    const {page} = opened;
    const steps = [];
    try {
      steps.push('sign-in button');
      const button = page.locator('patient-login').getByRole('button', {name: /^Sign in with /});
      await button.waitFor({timeout: 30_000});
      const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
      steps.push('popup');
      await popup.waitForEvent('close', {timeout: 30_000});
      steps.push('popup closed');
      const list = page.locator('appointment-list');
      await list
        .getByText(/You have no upcoming appointments\.|Upcoming/)
        .first()
        .waitFor({timeout: 30_000});
      const signedOutText = await list.getByText(/Sign in to see your appointments/).count();
      check(
        `SMART sign-in in a popup (code + PKCE): the appointment list shows the signed-in patient's (${steps.join(' → ')})`,
        signedOutText === 0,
      );
      const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
      check(
        'nothing of the sign-in in Web Storage or cookies',
        stored[0] === 0 && stored[1] === 0 && stored[2] === '',
        JSON.stringify(stored),
      );
    } catch (e) {
      check('SMART sign-in in a popup', false, `stopped at ${steps.at(-1)}: ${e.message}`);
    }
    await page.screenshot({path: `${SHOTS}/e2e-fhir-signed-in.png`, fullPage: true});
    const csp = await page.evaluate(() => globalThis.__e2e.csp);
    check(
      'sign-in page: 0 CSP violations, 0 page or console errors (strict CSP)',
      csp.length + opened.problems.length === 0,
      [...csp, ...opened.problems].join('; '),
    );
    await context.close();
  }
} catch (e) {
  check('the FHIR end-to-end check ran', false, e.stack ?? String(e));
} finally {
  await browser?.close().catch(() => undefined);
  await site?.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every FHIR check'} (${seconds} s)`);
process.exit(failures ? 1 : 0);
