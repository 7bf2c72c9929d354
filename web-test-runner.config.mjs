import {readFile} from 'node:fs/promises';
import {readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {chromeLauncher} from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import {
  enginesWanted,
  FIREFOX_PATH,
  firefoxPrefs,
  patchFirefoxPage,
  webkitLauncher,
} from './scripts/e2e-driver.mjs';

const require = createRequire(import.meta.url);
const mswWorkerPath = require.resolve('msw/mockServiceWorker.js');

const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Sound for the device check's test tone and level meter without a real click.
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * The camera and microphone each test group sees (Chromium's own fakes, toolchain-notes): a fake
 * camera and microphone granted without a prompt (the default); permission denied; a microphone
 * but no camera; no devices at all.
 */
const MEDIA = {
  default: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  denied: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  'no-camera': ['--use-fake-device-for-media-stream=device-count=0', '--use-fake-ui-for-media-stream'],
  'no-devices': ['--use-fake-ui-for-media-stream'],
};

const testFiles = readdirSync('test/browser', {recursive: true}).map(String);
const hasTests = (suffix) => testFiles.some((f) => f.endsWith(suffix));

/** A Chromium whose own time zone is `tz` (the patient's zone, QUALITY 26–27), with `media` devices. */
function chromium(tz, media = 'default') {
  return chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...chromiumArgs, ...MEDIA[media]],
      env: {...process.env, ...(tz ? {TZ: tz} : {})},
    },
  });
}

/**
 * Gives every test file a new tab, the only one, with the focus. A test that tabs past the page's
 * last control leaves Firefox's focus in the browser's own toolbar, and web-test-runner reuses one
 * tab for every file: each file after it then ran in a document without focus
 * (`document.hasFocus()` false), where Enter on a focused button or <summary> does nothing — the
 * "late in long runs" keyboard failures of issue #25 (two small files reproduce it: one tabbing
 * out, the next pressing Enter; neither activating the tab nor `window.focus()` gives the focus
 * back, a new tab does). Tabs a test opened (a link with target=_blank, `window.open` for a PDF)
 * are closed with the old one. Chromium's headless mode keeps the focus in the page.
 */
function newTabPerFile(launcher) {
  const stopSession = launcher.stopSession.bind(launcher);
  launcher.stopSession = async (sessionId) => {
    const result = await stopSession(sessionId);
    const {browser, context} = await launcher.getOrStartBrowser();
    // Opened before the others close, so the window stays.
    const fresh = await launcher.createNewPage(browser, context);
    for (const page of await browser.pages()) {
      if (page !== fresh.puppeteerPage) await page.close().catch(() => undefined);
    }
    launcher.inactivePages = [fresh];
    await fresh.puppeteerPage.bringToFront().catch(() => undefined);
    return result;
  };
  return launcher;
}

/** Firefox ESR over WebDriver BiDi (scripts/e2e-driver.mjs), with fake media devices by pref. */
function firefox(tz, media = 'fake') {
  return newTabPerFile(
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: FIREFOX_PATH,
        headless: true,
        extraPrefsFirefox: firefoxPrefs(media),
        env: {...process.env, ...(tz ? {TZ: tz} : {})},
      },
      createPage: async ({context}) => patchFirefoxPage(await context.newPage()),
    }),
  );
}

/**
 * WebKitGTK's MiniBrowser under Xvfb over WebDriver (scripts/e2e-driver.mjs), with WebKit's mock
 * camera and microphone.
 */
const webkit = (tz) =>
  webkitLauncher({
    tz,
    args: ['--enable-media-stream=true', '--enable-mock-capture-devices=true'],
  });

/** The engines this run uses: every one installed, or those named in ENGINES=chromium,firefox,webkit. */
const ENGINES = enginesWanted();
const inEngines = (tz) => [
  ...(ENGINES.includes('chromium') ? [chromium(tz)] : []),
  ...(ENGINES.includes('firefox') ? [firefox(tz)] : []),
  ...(ENGINES.includes('webkit') ? [webkit(tz)] : []),
];

const PATIENT_TZ = process.env.PATIENT_TZ ?? 'America/Mexico_City';

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/**/*.tz.test.ts', '!test/browser/**/*.media-*.test.ts'],
  nodeResolve: {exportConditions: ['browser', 'development']},
  rootDir: '.',
  concurrency: 1,
  concurrentBrowsers: 1,
  // Firefox and MiniBrowser take longer than Chromium to start on a busy 2-core machine.
  browserStartTimeout: 120_000,
  // 30 s, not 10: WebKit (MiniBrowser over WebDriver, axe in every state) runs the longest
  // appointment-list tests in 10–20 s on a busy 2-core machine.
  testFramework: {config: {timeout: 30000}},
  plugins: [esbuildPlugin({ts: true, tsconfig: './tsconfig.json', target: 'es2022'})],
  middleware: [
    async function mswWorker(ctx, next) {
      if (ctx.path === '/mockServiceWorker.js') {
        ctx.type = 'application/javascript';
        ctx.body = await readFile(mswWorkerPath, 'utf8');
        return;
      }
      return next();
    },
  ],
  browsers: inEngines(PATIENT_TZ),
  // Tests named *.tz.test.ts run once per patient time zone: one far from the clinic's, one with a DST
  // change the clinic's zone lacks, one with a half-hour offset, one at UTC+14.
  // Tests named *.media-<kind>.test.ts run in a Chromium whose camera and microphone are <kind>.
  groups: [
    ...(hasTests('.tz.test.ts')
      ? ['Asia/Tokyo', 'America/New_York', 'America/St_Johns', 'Pacific/Kiritimati'].map((tz) => ({
          name: `tz-${tz.replace('/', '-')}`,
          files: 'test/browser/**/*.tz.test.ts',
          browsers: [chromium(tz)],
        }))
      : []),
    ...['denied', 'no-camera', 'no-devices']
      .filter((kind) => hasTests(`.media-${kind}.test.ts`))
      .map((kind) => ({
        name: `media-${kind}`,
        files: `test/browser/**/*.media-${kind}.test.ts`,
        browsers: [chromium(PATIENT_TZ, kind)],
      })),
  ],
};
