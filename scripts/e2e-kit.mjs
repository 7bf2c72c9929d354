/**
 * What the end-to-end scripts share: PASS/FAIL lines, Debian's Chromium, the demo site as
 * `npm start` serves it, pages that record CSP violations and errors, a watchdog, and the summary.
 *
 *   await runE2E({name: 'sign-in', watchdogMs: 150_000, chromiumArgs: [...]}, async ({origin, browser, check}) => { … });
 */
import {existsSync, mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {startDemoSite} from './demo-site.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

export const SHOTS = 'screenshots';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
];

/** Chromium's own fake camera and microphone, granted without a prompt, with sound allowed. */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

let failures = 0;

/** Prints one PASS or FAIL line; returns `ok`. */
export function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

/** Records CSP violations in the page (`globalThis.__e2e.csp`); scripts add their own listeners. */
const RECORD_CSP = () => {
  const g = globalThis;
  g.__e2e = {...(g.__e2e ?? {}), csp: []};
  document.addEventListener('securitypolicyviolation', (e) =>
    g.__e2e.csp.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
};

/**
 * Opens `url` in `context` with CSP violations, page errors and console errors recorded; `init`
 * runs in the page before its scripts (after the CSP recorder).
 */
export async function openPage(context, url, init) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon\.ico/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.addInitScript(RECORD_CSP);
  if (init) await page.addInitScript(init);
  await page.goto(url, {waitUntil: 'load'});
  return {context, page, problems};
}

/** One check: no CSP violation, page error or console error on this page so far. */
export async function pageHealth(name, {page, problems}) {
  const csp = await page.evaluate(() => globalThis.__e2e.csp);
  check(
    `${name}: 0 CSP violations, 0 page or console errors`,
    csp.length + problems.length === 0,
    [...csp, ...problems].join('; '),
  );
}

/**
 * Builds the drop-in check, starts the demo site and Chromium, runs `body`, screenshots every open
 * page if it throws, and exits 1 on any failure.
 */
export async function runE2E({name, watchdogMs = 120_000, chromiumArgs = []}, body) {
  if (!existsSync('dist/patient-portal-elements.js')) {
    console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  const watchdog = setTimeout(() => {
    console.log(`FAIL  the ${name} end-to-end check took longer than ${watchdogMs / 1000} s`);
    process.exit(1);
  }, watchdogMs);
  watchdog.unref();
  const started = Date.now();
  let site;
  let browser;
  try {
    site = await startDemoSite({port: 0});
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...chromiumArgs],
    });
    mkdirSync(SHOTS, {recursive: true});
    await body({origin: site.url.replace(/\/$/, ''), browser});
  } catch (e) {
    check(`the ${name} end-to-end check ran`, false, e.stack ?? String(e));
    let n = 0;
    for (const context of browser?.contexts() ?? [])
      for (const page of context.pages())
        await page
          .screenshot({path: `${SHOTS}/e2e-${name}-failed-${++n}.png`, fullPage: true})
          .catch(() => undefined);
  } finally {
    await browser?.close().catch(() => undefined);
    await site?.close().catch(() => undefined);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${failures ? `FAIL  ${failures} check(s) failed` : `PASS  every ${name} check`} (${seconds} s)`,
  );
  process.exit(failures ? 1 : 0);
}
