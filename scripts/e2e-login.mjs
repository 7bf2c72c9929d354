#!/usr/bin/env node
/**
 * `npm run e2e` (fourth part): the portal's front door on the demo clinic's page as `npm start`
 * serves it (the built drop-in file, the reference server on the same origin), under the strict
 * CSP of QUALITY 10, in Debian's Chromium through playwright-core. Needs `npm run build` first.
 *
 *   1. English, keyboard: sign in with <patient-login> (typed, Enter submits the real form); the
 *      appointments load for the same session; "Sign out" empties the page of her data.
 *   2. Luis's invitation from the outbox, in a fresh browser: "Welcome, Luis" → password twice →
 *      "Get started" → onboarding (skipped to the end) → "All done" → signed in.
 *   3. Spanish: "Ayuda, no puedo iniciar sesión" → email + date of birth → the reset email's link
 *      in a fresh browser → new password twice → signed in; the token left the address bar.
 *   4. Self-registration (María José Ñúñez-O'Connor) → "Check your email" → the verification link
 *      (asks for the password chosen when registering; a wrong one is refused)
 *      in a fresh browser → onboarding by keyboard, every step → signed in, the name exact.
 * Every page: 0 CSP violations, 0 page errors, 0 console errors. One line per check, PASS or FAIL;
 * exit 1 on any failure.
 */
import {check, openPage, pageHealth, runE2E} from './e2e-kit.mjs';

const STEP_TIMEOUT = 15_000;
const EMAIL = 'ana@demo.clinic';
const PASSWORD = 'demo-portal-2026';

const INIT = () => {
  const g = globalThis;
  g.__e2e.signedIn = [];
  window.addEventListener('portal-signed-in', (e) => g.__e2e.signedIn.push(e.method), true);
};

async function open(browser, url, locale = 'en-US') {
  const context = await browser.newContext({viewport: {width: 1024, height: 900}, locale});
  context.setDefaultTimeout(STEP_TIMEOUT);
  return openPage(context, url, INIT);
}

async function language(page, name) {
  await page.getByRole('button', {name, exact: true}).click();
  await page.locator(`html[lang^="${name === 'English' ? 'en' : 'es'}"]`).waitFor({state: 'attached'});
}

/** The newest outbox link with this label (the demo page lists the server's outbox). */
async function outboxLink(page, label) {
  const link = page.locator('#outbox li a', {hasText: label}).first();
  await link.waitFor();
  return link.getAttribute('href');
}

async function signInByKeyboard(origin, browser) {
  const opened = await open(browser, origin);
  const {page} = opened;
  await language(page, 'English');
  const login = page.locator('patient-login');
  await login.getByLabel('Email').focus();
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await login.getByText('Signed in as Ana').waitFor();
  await page.locator('appointment-list article').first().waitFor();
  check('English, keyboard: sign in with <patient-login>; the appointments load for the session', true);
  check(
    'portal-signed-in once, method password',
    JSON.stringify(await page.evaluate(() => globalThis.__e2e.signedIn)) === '["password"]',
  );
  await login.getByRole('button', {name: 'Sign out'}).click();
  await login.getByRole('button', {name: 'Sign in', exact: true}).waitFor();
  const left = await page.evaluate(() => {
    const texts = [];
    const walk = (root) => {
      texts.push(root.textContent ?? '');
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document.querySelector('patient-portal'));
    return texts.join(' ');
  });
  check(
    'after "Sign out" no patient data is left in the portal (QUALITY 12)',
    !/Ana García|Dermatolog/.test(left),
  );
  await pageHealth('sign in', opened);
  return opened;
}

async function invitation(origin, browser, href) {
  const opened = await open(browser, new URL(href, origin).href);
  const {page} = opened;
  await language(page, 'English');
  const login = page.locator('patient-login');
  await login.getByText('Welcome, Luis').waitFor();
  check(
    'the invitation link opens "Welcome, Luis"; its token left the address bar',
    !page.url().includes('portal-invitation'),
    page.url(),
  );
  await login.getByLabel('New password', {exact: true}).fill('una frase larga y fácil de recordar');
  await login.getByLabel('New password, again').fill('una frase larga y fácil de recordar');
  await login.getByRole('button', {name: 'Get started'}).click();
  await login.getByText('Step 1 of').waitFor();
  await login.getByRole('button', {name: 'Skip the set-up'}).click();
  await login.getByText('Signed in as Luis').waitFor();
  check('"Get started" → onboarding → signed in as Luis', true);
  await pageHealth('invitation', opened);
  await opened.context.close();
}

async function registerAndVerify(origin, browser) {
  const opened = await open(browser, origin);
  const {page} = opened;
  await language(page, 'English');
  const login = page.locator('patient-login');
  await login.getByRole('button', {name: 'Create an account'}).click();
  await login.getByLabel('First name').fill('María José');
  await login.getByLabel('Last name').fill('Ñúñez-O’Connor');
  await login.getByLabel('Email').fill('maria.jose@example.com');
  await login.locator('portal-phone-input').getByLabel('Mobile phone').fill('55 1234 5678');
  const dob = login.locator('portal-date-input');
  await dob.getByLabel('Month').fill('5');
  await dob.getByLabel('Day').fill('1');
  await dob.getByLabel('Year').fill('1990');
  await login.getByLabel('Password', {exact: true}).fill('correct horse battery staple');
  await login.getByRole('checkbox').check();
  await login.getByRole('button', {name: 'Create my account'}).click();
  await login.getByText('We sent you an email with a link to confirm your address').waitFor();
  check('registration: "Check your email"', true);
  const href = await outboxLink(page, 'Verify my email');
  const fresh = await open(browser, new URL(href, origin).href);
  await language(fresh.page, 'English');
  const second = fresh.page.locator('patient-login');
  // The link alone signs nobody in: it asks for the password chosen when registering.
  await second.getByRole('heading', {name: 'Confirm your email'}).waitFor();
  await second.getByLabel('Password', {exact: true}).fill('not the one she chose');
  await second.getByRole('button', {name: 'Confirm and sign in'}).click();
  await second.getByText('That isn’t the password chosen when this account was registered').first().waitFor();
  // Chromium logs the refused request (422) as a console error: that one, and only it, is expected.
  const refused = fresh.problems.findIndex((p) => /status of 422/.test(p));
  check('a wrong password on the verification link is refused (422), said next to the field', refused >= 0);
  if (refused >= 0) fresh.problems.splice(refused, 1);
  await second.getByLabel('Password', {exact: true}).fill('correct horse battery staple');
  await second.getByRole('button', {name: 'Confirm and sign in'}).click();
  await second.getByText('Welcome, María José').waitFor();
  check(
    'the verification link with her password signs her in and starts onboarding',
    !fresh.page.url().includes('portal-verify'),
  );
  // Onboarding, by keyboard: each step's main button is focused and pressed.
  const pressButton = async (name) => {
    await second.getByRole('button', {name, exact: true}).focus();
    await fresh.page.keyboard.press('Enter');
  };
  await pressButton('Next step');
  await second.locator('reminder-prefs').waitFor();
  await pressButton('Next step');
  await second.locator('device-check').waitFor();
  await pressButton('Skip this step');
  await second.getByText('Do you have Jitsi Meet on this device?').waitFor();
  await pressButton('Yes');
  await second.getByText('Step 5 of 5').waitFor();
  await pressButton('All done');
  await second.getByText('Signed in as María José Ñúñez-O’Connor').waitFor();
  check('onboarding by keyboard: welcome → reminders → device → app → all done; the name kept exactly', true);
  await pageHealth('registration', opened);
  await pageHealth('verification and onboarding', fresh);
  await opened.context.close();
  await fresh.context.close();
}

async function resetInSpanish(origin, browser) {
  const opened = await open(browser, origin, 'es-MX');
  const {page} = opened;
  await language(page, 'Español');
  const login = page.locator('patient-login');
  await login.getByRole('button', {name: 'Ayuda, no puedo iniciar sesión'}).click();
  await login.getByLabel('Correo electrónico').fill(EMAIL);
  const dob = login.locator('portal-date-input');
  await dob.getByLabel('Día').fill('1');
  await dob.getByLabel('Mes').fill('5');
  await dob.getByLabel('Año').fill('1990');
  await login.getByRole('button', {name: 'Enviarme un enlace'}).click();
  await login.getByText('Si los datos coinciden').waitFor();
  check('Spanish: "Ayuda, no puedo iniciar sesión" → "Si los datos coinciden…"', true);
  const href = await outboxLink(page, 'Restablecer mi contraseña');
  const fresh = await open(browser, new URL(href, origin).href, 'es-MX');
  await language(fresh.page, 'Español');
  const second = fresh.page.locator('patient-login');
  await second.getByText('Elija una contraseña nueva').waitFor();
  await second.getByLabel('Contraseña nueva', {exact: true}).fill('mi nueva frase secreta 2026');
  await second.getByLabel('Contraseña nueva, otra vez').fill('mi nueva frase secreta 2026');
  await second.getByRole('button', {name: 'Guardar e iniciar sesión'}).click();
  await second.getByText('Sesión iniciada como Ana').waitFor();
  check(
    'Spanish: the reset link → new password twice → signed in; the token left the address bar',
    !fresh.page.url().includes('portal-reset'),
  );
  await pageHealth('reset, es', opened);
  await pageHealth('reset link, es', fresh);
  await opened.context.close();
  await fresh.context.close();
}

await runE2E({name: 'sign-in', watchdogMs: 150_000}, async ({origin, browser}) => {
  const first = await signInByKeyboard(origin, browser);
  const invite = await outboxLink(first.page, 'Create my account');
  await first.context.close();
  await invitation(origin, browser, invite);
  await resetInSpanish(origin, browser);
  await registerAndVerify(origin, browser);
});
