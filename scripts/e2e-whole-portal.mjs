#!/usr/bin/env node
/**
 * `npm run e2e` (part): the whole portal on the demo site (`/portal.html`, `<patient-portal>` with
 * nothing inside, on the reference server under the strict CSP), as issue #17 walks it:
 *
 *   1. English. The demo patient signs in with the portal's own sign-in form, then moves through
 *      every section by keyboard only (Tab to the section's link, Enter): each time the URL fragment
 *      names it, focus is on its heading, and axe finds no violation. Back and Forward move between
 *      sections.
 *   2. Profile: she changes her password (current + new twice), signs out, and signs in with the
 *      new one.
 *   3. She changes her mobile number: the SMS code from the server's outbox confirms it. Her email:
 *      the link sent to the new address, opened on the portal page, completes it. A photo: chosen,
 *      cropped as offered, saved.
 *   4. She sets her language to Spanish: the portal switches (the navigation reads "Perfil"); in
 *      Spanish she adds an allergy, which shows "reported by you" (Spanish), and axe finds no
 *      violation in the profile.
 * Every page: 0 CSP violations, 0 page or console errors. One line per check; exit 1 on a failure.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {check, openPage, runE2E, SHOTS} from './e2e-kit.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const NEW_PASSWORD = 'un paseo largo por el bosque';
const NEW_PHONE = '+525512345699';
const NEW_EMAIL = 'ana.nueva@example.com';
/** A real PNG to upload as her photo (one of the visual test's baselines). */
const PHOTO = 'test/visual/baselines/elements-patient-portal-whole-portal--home.es-MX.light.1280.png';

/** axe on the whole page (open shadow roots included): the violations' ids and counts. */
async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

/** The element that has focus, through shadow roots: its id and text. */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return {id: a?.id ?? '', href: a?.getAttribute?.('href') ?? '', text: (a?.textContent ?? '').trim()};
  });
}

/** Presses Tab until the link to `href` has focus (at most `max` presses). */
async function tabToLink(page, href, max = 80) {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)).href === href) return true;
    await page.keyboard.press('Tab');
  }
  return false;
}

async function signIn(page, password) {
  const login = page.locator('patient-portal patient-login');
  await login.locator('input[autocomplete=username]').fill('ana@demo.clinic');
  await login.locator('input[autocomplete=current-password]').fill(password);
  await login.locator('input[autocomplete=current-password]').press('Enter');
  await page.locator('patient-portal [part~="nav"]').waitFor();
}

/** The newest SMS to `to` in the server's development outbox: its six-digit code. */
async function smsCode(origin, to) {
  const r = await fetch(`${origin}/portal-dev/outbox`);
  const {messages} = await r.json();
  const sms = messages.filter((m) => m.channel === 'sms' && m.to === to).at(-1);
  return /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1];
}

/**
 * One check: no CSP violation, page error or console error on the page so far. (A photo not
 * there yet is a 204 from the server, not a 404 the browser would log as an error.)
 */
async function health(name, tab) {
  const csp = await tab.page.evaluate(() => globalThis.__e2e.csp);
  check(
    `${name}: 0 CSP violations, 0 page or console errors`,
    csp.length + tab.problems.length === 0,
    [...csp, ...tab.problems].join('; '),
  );
}

/** The newest link in an email to `to` in the server's development outbox. */
async function newestLink(origin, to) {
  const {messages} = await (await fetch(`${origin}/portal-dev/outbox`)).json();
  const mail = messages.filter((m) => m.channel === 'email' && m.to === to).at(-1);
  return Object.values(mail?.links ?? {})[0];
}

runE2E({name: 'whole-portal', watchdogMs: 240_000}, async ({origin, browser}) => {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
  context.setDefaultTimeout(15_000);
  const tab = await openPage(context, `${origin}/portal.html`);
  const {page} = tab;
  await page.getByRole('button', {name: 'English', exact: true}).click();
  const portal = page.locator('patient-portal');
  await signIn(page, 'demo-portal-2026');
  check(
    'signed in with the portal’s own form: the home',
    true,
    (await portal.locator('h2').first().innerText()).trim(),
  );

  // 1. Every section by keyboard; axe on each.
  const hrefs = await portal
    .locator('nav[part~="nav"] a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await portal.locator('nav[part~="nav"] a').first().focus();
  const problems = [];
  for (const href of [...hrefs.slice(1), hrefs[0]]) {
    if (!(await tabToLink(page, href))) {
      problems.push(`Tab never reached ${href}`);
      continue;
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (h) => location.hash === h || (h === '#portal/home' && location.hash === ''),
      href,
    );
    await page.waitForFunction(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.id === 'portal-section-title';
    });
    await page.waitForTimeout(400);
    const violations = await axe(page);
    if (violations.length) problems.push(`${href}: axe ${violations.join(', ')}`);
    // Back into the navigation for the next link.
    await portal.locator(`nav[part~="nav"] a[href="${href}"]`).focus();
  }
  check(
    `every section by keyboard (${hrefs.length}): the fragment, focus on the heading, 0 axe violations`,
    problems.length === 0,
    problems.join('; ') || hrefs.join(' '),
  );

  // Back and Forward.
  await page.goBack();
  const back = await page.evaluate(() => location.hash);
  await page.goForward();
  const forward = await page.evaluate(() => location.hash);
  check(
    'Back and Forward move between sections',
    back !== forward && back.startsWith('#portal/'),
    `${back} ⇄ ${forward}`,
  );

  // 2. Password, then signed in again with it.
  await portal.locator('nav[part~="nav"] a[href="#portal/profile"]').click();
  const profile = portal.locator('patient-profile');
  const pw = profile.locator('form:has(input[name=newPassword])');
  await pw.locator('input[name=currentPassword]').fill('demo-portal-2026');
  await pw.locator('input[name=newPassword]').fill(NEW_PASSWORD);
  await pw.locator('input[name=newPasswordAgain]').fill(NEW_PASSWORD);
  await pw.locator('input[name=newPasswordAgain]').press('Enter');
  await profile.getByText('Your password is changed', {exact: false}).waitFor();
  await portal.getByRole('button', {name: 'Sign out'}).first().click();
  await signIn(page, NEW_PASSWORD);
  check('password changed in the profile; signed in again with the new one', true);

  // 3. The mobile number, with the SMS code from the outbox.
  await portal.locator('nav[part~="nav"] a[href="#portal/profile"]').click();
  await profile.getByRole('button', {name: 'Change mobile number'}).click();
  const phoneField = profile.locator('portal-phone-input input[type=tel]').first();
  await phoneField.fill('55 1234 5699');
  await profile.getByRole('button', {name: 'Send a code'}).click();
  await profile.locator('input[name=code]').waitFor();
  const code = await smsCode(origin, NEW_PHONE);
  await profile.locator('input[name=code]').fill(code ?? '');
  await profile.getByRole('button', {name: 'Confirm the new number'}).click();
  await profile.getByText('+52 55 1234 5699').first().waitFor();
  check(
    'mobile number changed with the code from the outbox’s SMS',
    Boolean(code),
    `code ${code ? 'found' : 'missing'}`,
  );

  // 3b. Her email: a link to the new address, opened (on this portal page), completes it.
  await profile.getByRole('button', {name: 'Change email address'}).click();
  const mailForm = profile.locator('form:has(input[name=newEmail])');
  await mailForm.locator('input[name=newEmail]').fill(NEW_EMAIL);
  await mailForm.locator('input[name=currentPassword]').fill(NEW_PASSWORD);
  await mailForm.locator('input[name=newEmail]').press('Enter');
  await profile.getByText('Waiting for confirmation', {exact: false}).first().waitFor();
  const link = await newestLink(origin, NEW_EMAIL);
  const onPortal = link && new URL(link);
  if (onPortal) onPortal.pathname = '/portal.html';
  // The link opened as a mail client opens it: a new tab (same browser, so still signed in).
  const linkTab = await openPage(context, onPortal ? onPortal.href : `${origin}/portal.html`);
  await linkTab.page.getByRole('button', {name: 'English', exact: true}).click();
  const changed = await linkTab.page
    .locator('patient-portal patient-profile')
    .getByText('Your email address is changed', {exact: false})
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  const linkUrl = linkTab.page.url();
  await health('the email link’s tab', linkTab);
  await linkTab.page.close();
  check(
    'email changed through the link sent to the new address',
    changed && !linkUrl.includes('email-change'),
    linkUrl,
  );

  // 3c. A photo: chosen, the square kept as offered, saved.
  await profile.locator('input[type=file]').first().setInputFiles(PHOTO);
  await profile.getByRole('button', {name: 'Save photo'}).click();
  const saved = await profile
    .getByText('Your new photo is saved', {exact: false})
    .first()
    .waitFor()
    .then(() => true)
    .catch(() => false);
  check('a new photo chosen, cropped and saved', saved);

  // 3d. A preferred name (the home greets her by it) and a postal address in Mexico's form.
  await profile.locator('input[name=preferredName]').fill('Anita');
  await profile.getByRole('button', {name: 'Save details'}).click();
  await profile.getByText('Your details are saved', {exact: false}).first().waitFor();
  const address = profile.locator('section[aria-labelledby="h-address"]');
  await address.locator('input[name=line1]').fill('Av. Álvaro Obregón 120');
  await address.locator('input[name=neighborhood]').fill('Roma Norte');
  await address.locator('input[name=postalCode]').fill('06700');
  await address.locator('input[name=city]').fill('Cuauhtémoc');
  await address.locator('select[name=region]').selectOption('Ciudad de México');
  await address.getByRole('button', {name: 'Save address'}).click();
  const addressSaved = await address
    .getByText('Your address is saved', {exact: false})
    .waitFor()
    .then(() => true)
    .catch(() => false);
  await portal.locator('nav[part~="nav"] a[href="#portal/home"]').click();
  const hello = portal.locator('#portal-section-title');
  const greeted = await hello
    .filter({hasText: 'Hello, Anita'})
    .waitFor()
    .then(() => true)
    .catch(() => false);
  check(
    'a preferred name and a Mexican postal address saved; the home greets her by the name',
    addressSaved && greeted,
    (await hello.innerText()).trim(),
  );
  await portal.locator('nav[part~="nav"] a[href="#portal/profile"]').click();
  await profile.locator('select[name=language]').waitFor();

  // 4. Spanish: the portal follows her language; an allergy added in Spanish.
  // Her language on file is Spanish (the page was switched to English): English first, then Spanish.
  await profile.locator('select[name=language]').selectOption('en');
  await profile.getByRole('button', {name: 'Save details'}).click();
  await profile.getByText('Your details are saved', {exact: false}).first().waitFor();
  await profile.locator('select[name=language]').selectOption('es');
  await profile.getByRole('button', {name: 'Save details'}).click();
  await portal.locator('nav[part~="nav"] a', {hasText: 'Perfil'}).waitFor();
  const navText = (await portal.locator('nav[part~="nav"]').innerText()).replace(/\s+/g, ' ');
  check(
    'language set to Spanish: the portal switches (its lang and its navigation)',
    Boolean((await portal.getAttribute('lang'))?.startsWith('es')) && /Citas/.test(navText),
    navText,
  );
  await profile.getByRole('button', {name: 'Agregar una alergia'}).click();
  await profile.locator('#medical-form input[name=substance]').fill('Ibuprofeno');
  await profile.locator('#medical-form input[name=reaction]').fill('Hinchazón de labios');
  await profile.locator('#medical-form').getByRole('button', {name: 'Guardar'}).click();
  const entry = profile.locator('li', {hasText: 'Ibuprofeno'});
  await entry.waitFor();
  const status = (await entry.locator('[part~="medical-status"]').innerText()).trim();
  const reported = /Informado por usted/.test(status) ? 1 : 0;
  check('an allergy added in Spanish shows “reported by you” (Spanish)', reported === 1, status);
  await page.waitForTimeout(300);
  const profileAxe = await axe(page);
  check('the Spanish profile: 0 axe violations', profileAxe.length === 0, profileAxe.join(', '));
  await page.screenshot({path: `${SHOTS}/e2e-whole-portal-profile-es.png`, fullPage: true});
  await health('whole portal', tab);
  await context.close();
});
