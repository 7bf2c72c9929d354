/**
 * Every story of the built Storybook (storybook-static/) in Debian's Chromium, as a test:
 *
 *  1. the story renders and its play function passes (Storybook's own preview runs it; we listen
 *     for its `storyFinished` event), with the a11y addon's axe check on (a violation fails);
 *  2. a screenshot compared with the committed baseline in test/visual/baselines/ (pixelmatch;
 *     a small tolerance); on a change the actual image and a diff image (changed pixels in red)
 *     go to test/visual/output/;
 *  3. every element's docs page shows the manifest's tables, and every tag in
 *     custom-elements.json has a docs page.
 *
 * Each story is shot once, in one of 8 combinations (English/Spanish × light/dark × 375/1280 px)
 * chosen by a hash of its id, so the set covers every story once and every combination about
 * evenly, and adding a story changes no other baseline. `--all` shoots all 8 for every story
 * (compared against the same baselines when present; not part of `npm test`).
 *
 *   npm run test:visual                 # compare (run `npm run storybook:build` first)
 *   npm run test:visual -- --update     # accept the current screenshots as baselines
 *   npm run test:visual -- --filter booking,login   # only stories whose id contains one of them
 */
import {mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import pixelmatch from 'pixelmatch';
import {PNG} from 'pngjs';
import {serveStatic} from './storybook-static-server.mjs';
import {startDemoSite} from './demo-site.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const staticDir = process.env.STORYBOOK_STATIC ?? join(root, 'storybook-static');
const baselineDir = join(root, 'test/visual/baselines');
const outputDir = join(root, 'test/visual/output');

const args = process.argv.slice(2);
const update = args.includes('--update');
const all = args.includes('--all');
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;
/** `--filter a,b`: stories whose id contains any of them. */
const matches = (id) => !filter || filter.split(',').some((part) => id.includes(part));
const workers = Number(process.env.VISUAL_WORKERS ?? 3);
const debug = Boolean(process.env.VISUAL_DEBUG);

/** Differences allowed: pixelmatch's per-pixel colour threshold, then this share of the pixels. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_RATIO = 0.0001; // 0.01 % — a one-pixel border around a button is ~300 px of 1 M
const MIN_DIFF_PIXELS = 10;

/**
 * Stories whose screenshots differed between two runs of the same build on a loaded machine: shot
 * and play/axe-checked, but not compared until made deterministic. Listed in the output. None
 * now: the device-check stories on fake media and the two booking steps with a hold countdown were
 * made deterministic (a still picture, a tone waited for, a fixed connection time, a stopped
 * clock), and the two that open the device check on the browser's own camera get a browser that
 * has never been asked (`askedNothing`).
 */
const UNSTABLE = [];
const unstable = (id) => UNSTABLE.some((prefix) => id.startsWith(prefix));
const notCompared = [];

/** The page's clock for every story: Monday 2 March 2026, 09:30 in Mexico City (the demo clinic). */
const FIXED_TIME = Date.UTC(2026, 2, 2, 15, 30);

const COMBOS = [];
for (const locale of ['en-US', 'es-MX'])
  for (const scheme of ['light', 'dark'])
    for (const width of [375, 1280]) COMBOS.push({locale, scheme, width});

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}
const comboName = (c) => `${c.locale}.${c.scheme}.${c.width}`;

// -------------------------------------------------------------------------------------------------

const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(join(staticDir, 'index.json'))) {
  console.error('storybook-static/index.json is missing: run `npm run storybook:build` first.');
  process.exit(1);
}

/** What the baselines were made with: a different font set or Chromium is named when they differ. */
function environment() {
  const fc = (q) => {
    try {
      return execFileSync('fc-match', [q], {encoding: 'utf8'}).trim();
    } catch {
      return 'fc-match unavailable';
    }
  };
  return `sans-serif: ${fc('sans-serif')}\nserif: ${fc('serif')}\nmonospace: ${fc('monospace')}\nsystem-ui: ${fc('system-ui')}\n`;
}

const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8'));
const entries = Object.values(index.entries);
const stories = entries
  .filter((e) => e.type === 'story' && matches(e.id))
  .sort((a, b) => a.id.localeCompare(b.id));
const docs = entries.filter((e) => e.type === 'docs' && matches(e.id));

const jobs = stories.flatMap((story) =>
  (all ? COMBOS : [COMBOS[hash(story.id) % COMBOS.length]]).map((combo) => ({story, combo})),
);

const started = performance.now();
const server = await serveStatic(staticDir);
const browser = await chromium.launch({
  executablePath: chromePath,
  args: [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-gpu',
    '--font-render-hinting=none',
    '--force-color-profile=srgb',
    '--hide-scrollbars',
    // The device-check stories' fake microphone is an AudioContext tone: let it play without a
    // click by a person (the stories' clicks are synthetic), as a designer's own click allows.
    '--autoplay-policy=no-user-gesture-required',
    '--disable-lcd-text',
    // No story may reach the internet (CI has none, and a lookup's timing would decide what is
    // shown): every host name but the local server fails at once.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
const chromeVersion = browser.version();
await mkdir(baselineDir, {recursive: true});
await rm(outputDir, {recursive: true, force: true});

const envFile = join(baselineDir, 'ENVIRONMENT.txt');
const env = `chromium: ${chromeVersion.split('.')[0]}\n${environment()}`;
const recordedEnv = existsSync(envFile) ? await readFile(envFile, 'utf8') : undefined;
if (update && !filter) await writeFile(envFile, env);
else if (recordedEnv !== undefined && recordedEnv !== env) {
  console.warn(
    `Note: the baselines were made with\n${recordedEnv}and this machine has\n${env}— differences may come from that.`,
  );
}

/** Hooks Storybook's channel before the preview creates it, and records how the story ended. */
function hookChannel() {
  const state = {finished: null, errors: []};
  Object.defineProperty(window, '__visualTest', {value: state});
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      value.on('storyFinished', (e) => (state.finished = e));
      value.on('storyErrored', (e) =>
        state.errors.push(`story errored: ${e?.title ?? ''} ${e?.description ?? ''}`),
      );
      value.on('storyThrewException', (e) => state.errors.push(`story threw: ${e?.message ?? e}`));
      value.on('playFunctionThrewException', (e) =>
        state.errors.push(`play function threw: ${e?.message ?? e}`),
      );
      value.on('storyMissing', (id) => state.errors.push(`story missing: ${id}`));
      value.on('unhandledErrorsWhilePlaying', (list) =>
        state.errors.push(...list.map((e) => `unhandled error while playing: ${e?.message ?? e}`)),
      );
    },
  });
}

function decode(buffer) {
  return PNG.sync.read(buffer);
}

/**
 * Parts of some stories painted over in their screenshots (a plain box the element's size), each
 * with why: what they show is live and differs run to run, though the rest of the story doesn't.
 */
const MASKS = [
  // The microphone level meter on a fake tone: the bar's end moves by a pixel or two with frame
  // timing (the element redraws only on a 2 % change). Its label and "We can hear you" are compared.
  {prefix: 'elements-telehealth-join--check-', selector: 'meter'},
  // An upload before its first progress report: an indeterminate <progress>, which Chromium animates
  // by itself (neither reduced motion nor disabled animations stop it). "Sending…" is compared.
  {prefix: 'elements-patient-documents--uploading', selector: 'progress'},
];

const shoot = (page, storyId) =>
  page.screenshot({
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: MASKS.filter((m) => storyId.startsWith(m.prefix)).map((m) => page.locator(m.selector)),
    maskColor: '#808080',
  });

/** Screenshots until two in a row are identical (late chunks, fonts, layout), at most 6. */
async function stableShot(page, storyId, first) {
  let previous = first ?? (await shoot(page, storyId));
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(200);
    const next = await shoot(page, storyId);
    if (next.equals(previous)) return next;
    previous = next;
  }
  return previous;
}

const failures = [];
const warnings = [];
const results = {passed: 0, updated: 0, created: 0};
const usedBaselines = new Set();

/**
 * The page's clock starts at FIXED_TIME on every load and then runs normally (the stories'
 * demo data and "today" depend on it; timers are left alone).
 */
function fixDate(fixed) {
  const RealDate = Date;
  let shift = fixed - RealDate.now();
  // A reused page (see runJob) sets its clock back before each story.
  Object.defineProperty(window, '__resetVisualClock', {value: () => (shift = fixed - RealDate.now())});
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  window.Date = FixedDate;
}

/**
 * Camera and microphone permissions read as a browser that has never asked this page: 'prompt'.
 * Headless Chromium answers 'denied' or 'prompt' from run to run, which decides whether the
 * device check opens on "Allow camera and microphone" or on "blocked".
 */
function askedNothing() {
  const query = navigator.permissions?.query?.bind(navigator.permissions);
  if (!query) return;
  navigator.permissions.query = (descriptor) =>
    descriptor?.name === 'camera' || descriptor?.name === 'microphone'
      ? Promise.resolve(
          Object.assign(new EventTarget(), {name: descriptor.name, state: 'prompt', onchange: null}),
        )
      : query(descriptor);
}

/** One browser context per worker and combination (locale, scheme, viewport), reused. */
async function contextFor(contexts, combo) {
  const key = comboName(combo);
  if (!contexts.has(key)) {
    const context = await browser.newContext({
      viewport: {width: combo.width, height: combo.width < 600 ? 740 : 800},
      deviceScaleFactor: 1,
      locale: combo.locale,
      timezoneId: 'America/Mexico_City',
      colorScheme: combo.scheme,
      reducedMotion: 'reduce',
      // The theme playground's "Copy CSS" writes to the clipboard.
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await context.addInitScript(fixDate, FIXED_TIME);
    await context.addInitScript(askedNothing);
    await context.addInitScript(hookChannel);
    contexts.set(key, context);
  }
  return contexts.get(key);
}

/**
 * Loading Storybook's preview costs more than most stories, so each worker keeps one page per
 * combination and moves it from story to story the way Storybook's own sidebar does (the
 * `setCurrentStory` event), with the page's clock set back to FIXED_TIME first. The baselines are
 * what a freshly loaded page shows: a screenshot that differs on a reused page is taken again on
 * a fresh one, and only that one counts (`VISUAL_FRESH=1` loads every story fresh).
 */
const reusePages = !process.env.VISUAL_FRESH && !update;
const reused = {stories: 0, retriedFresh: 0};

async function openStory(page, story, combo, fresh) {
  if (fresh) {
    const globals = `locale:${combo.locale};scheme:${combo.scheme}`;
    await page.goto(`${server.url}/iframe.html?id=${story.id}&viewMode=story&globals=${globals}`, {
      waitUntil: 'domcontentloaded',
      timeout: 90_000,
    });
  } else {
    await page.evaluate((storyId) => {
      const state = window.__visualTest;
      state.finished = null;
      state.errors.length = 0;
      window.__resetVisualClock?.();
      window.scrollTo(0, 0);
      window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', {storyId, viewMode: 'story'});
    }, story.id);
  }
  return page
    .waitForFunction(
      (storyId) => {
        const s = window.__visualTest;
        return s && ((s.finished && s.finished.storyId === storyId) || s.errors.length) ? s : null;
      },
      story.id,
      {timeout: 90_000},
    )
    .then((h) => h.jsonValue())
    .catch(() => null);
}

/** The worker's page for this combination, if it has one that is still usable. */
async function pageFor(pages, contexts, combo) {
  const key = comboName(combo);
  const existing = pages.get(key);
  if (existing && !existing.isClosed()) return {page: existing, fresh: false};
  const context = await contextFor(contexts, combo);
  const page = await context.newPage();
  page.on('pageerror', (e) => page.__errors?.push(e.message));
  if (reusePages) pages.set(key, page);
  return {page, fresh: true};
}

async function runJob(job, contexts, pages, forceFresh = false) {
  const {story, combo} = job;
  const name = `${story.id}.${comboName(combo)}.png`;
  usedBaselines.add(name);
  const {page, fresh} = forceFresh
    ? {page: await (await contextFor(contexts, combo)).newPage(), fresh: true}
    : await pageFor(pages, contexts, combo);
  const pageErrors = [];
  if (forceFresh || !reusePages) page.on('pageerror', (e) => pageErrors.push(e.message));
  else page.__errors = pageErrors;
  const keep = reusePages && !forceFresh;
  const label = `${story.id} [${comboName(combo)}]`;
  const t0 = performance.now();
  const phase = (what) => debug && console.log(`${label} ${what} ${Math.round(performance.now() - t0)} ms`);
  let retry = false;
  try {
    if (!fresh) reused.stories++;
    const state = await openStory(page, story, combo, fresh);
    phase(fresh ? 'finished (fresh page)' : 'finished');
    const problems = [];
    if (!state) problems.push('did not finish rendering within 90 s');
    else {
      problems.push(...state.errors);
      for (const report of state.finished?.reporters ?? []) {
        if (report.type === 'a11y' && report.status === 'warning') {
          const ids = (report.result?.violations ?? []).map((v) => v.id).join(', ');
          warnings.push(`${label}: a11y (test: 'todo' in the story): ${ids}`);
        }
        if (report.type === 'a11y' && report.status === 'failed') {
          const violations = report.result?.violations ?? [];
          problems.push(
            violations.length
              ? `a11y: ${violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('; ')}`
              : `a11y check failed: ${JSON.stringify(report.result).slice(0, 300)}`,
          );
        }
      }
      if (state.finished?.status === 'error' && !problems.length)
        problems.push(`story failed${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
    }
    if (problems.length) {
      if (!fresh) retry = true;
      else failures.push(`${label}: ${problems.join(' | ')}`);
      return;
    }
    await page.evaluate(() => document.fonts.ready);
    const baselinePath = join(baselineDir, name);
    const baseline = existsSync(baselinePath) ? await readFile(baselinePath) : undefined;
    // The common case costs one screenshot: identical to the baseline. Otherwise wait until the
    // page stops changing and compare that.
    const first = await shoot(page, story.id);
    const shot = baseline && first.equals(baseline) ? first : await stableShot(page, story.id, first);
    phase('shot');
    if (!baseline) {
      if (update) {
        await writeFile(baselinePath, shot);
        results.created++;
      } else failures.push(`${label}: no baseline (run \`npm run test:visual -- --update\`)`);
      return;
    }
    if (unstable(story.id) && !update) {
      notCompared.push(label);
      results.passed++;
      return;
    }
    const expected = decode(baseline);
    const actual = decode(shot);
    let message;
    if (expected.width !== actual.width || expected.height !== actual.height) {
      message = `size changed from ${expected.width}×${expected.height} to ${actual.width}×${actual.height}`;
      if (!update) {
        // The diff image all the same: both on a canvas of the larger size (the rest transparent).
        const width = Math.max(expected.width, actual.width);
        const height = Math.max(expected.height, actual.height);
        const [a, b] = [expected, actual].map((img) => {
          const out = new PNG({width, height});
          PNG.bitblt(img, out, 0, 0, img.width, img.height, 0, 0);
          return out;
        });
        const diff = new PNG({width, height});
        pixelmatch(a.data, b.data, diff.data, width, height, {threshold: PIXEL_THRESHOLD});
        await mkdir(outputDir, {recursive: true});
        await writeFile(join(outputDir, name.replace(/\.png$/, '.diff.png')), PNG.sync.write(diff));
      }
    } else {
      const diff = new PNG({width: actual.width, height: actual.height});
      const changed = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
        threshold: PIXEL_THRESHOLD,
      });
      const allowed = Math.max(MIN_DIFF_PIXELS, Math.round(actual.width * actual.height * MAX_DIFF_RATIO));
      if (changed > allowed) {
        message = `${changed} pixels changed (allowed ${allowed})`;
        if (!update) {
          await mkdir(outputDir, {recursive: true});
          await writeFile(join(outputDir, name.replace(/\.png$/, '.diff.png')), PNG.sync.write(diff));
        }
      }
    }
    if (!message) results.passed++;
    else if (!fresh) retry = true;
    else if (update) {
      await writeFile(baselinePath, shot);
      results.updated++;
      console.log(`updated ${name}: ${message}`);
    } else {
      await mkdir(outputDir, {recursive: true});
      await writeFile(join(outputDir, name.replace(/\.png$/, '.actual.png')), shot);
      failures.push(
        `${label}: screenshot differs — ${message}\n    baseline test/visual/baselines/${name}\n    actual   test/visual/output/${name.replace(/\.png$/, '.actual.png')}\n    diff     test/visual/output/${name.replace(/\.png$/, '.diff.png')}`,
      );
    }
  } catch (error) {
    if (!fresh) retry = true;
    else failures.push(`${label}: ${error.message.split('\n')[0]}`);
  } finally {
    if (!keep || retry) {
      await page.close().catch(() => {});
      if (pages.get(comboName(combo)) === page) pages.delete(comboName(combo));
    }
  }
  if (retry) {
    reused.retriedFresh++;
    if (debug) console.log(`${label}: differed on a reused page, shooting it on a fresh one`);
    await runJob(job, contexts, pages, true);
  }
}

async function checkDocs() {
  const manifest = JSON.parse(await readFile(join(root, 'custom-elements.json'), 'utf8'));
  const tags = manifest.modules.flatMap((m) =>
    (m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName),
  );
  const documented = new Map();
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  // Only the docs page itself: the live stories in it (one frame each) are tested above.
  await context.route(
    (url) => url.pathname.endsWith('/iframe.html') && url.searchParams.get('viewMode') === 'story',
    (route) => route.abort(),
  );
  const page = await context.newPage();
  for (const entry of docs) {
    try {
      await page.goto(`${server.url}/iframe.html?id=${entry.id}&viewMode=docs`, {
        waitUntil: 'domcontentloaded',
      });
      await page.waitForSelector('#storybook-docs h1', {timeout: 90_000});
      if (entry.id.startsWith('elements-') || entry.id.startsWith('internal-')) {
        await page.waitForSelector('[data-manifest-element]', {timeout: 90_000});
        const found = await page.$$eval('[data-manifest-element]', (sections) =>
          sections.map((s) => ({
            tag: s.getAttribute('data-manifest-element'),
            tables: [...s.querySelectorAll('[data-manifest-table]')].map((t) =>
              t.getAttribute('data-manifest-table'),
            ),
          })),
        );
        for (const {tag, tables} of found) {
          if (!tables.length) failures.push(`docs ${entry.id}: <${tag}> has no manifest table`);
          documented.set(tag, entry.id);
        }
      }
    } catch (error) {
      failures.push(`docs ${entry.id}: ${error.message.split('\n')[0]}`);
    }
  }
  await context.close();
  if (!filter) {
    for (const tag of tags) if (!documented.has(tag)) failures.push(`<${tag}> has no docs page`);
  }
  return documented;
}

/** What the theme check compares: the booking widget's primary button and card, computed. */
function themedLook() {
  const widget = document.querySelector('booking-widget');
  const button = widget?.shadowRoot?.querySelector('[part~="primary-button"], button.primary');
  const card = widget?.shadowRoot?.querySelector('[part~="service-card"]');
  if (!widget || !button || !card) return null;
  const b = getComputedStyle(button);
  const c = getComputedStyle(card);
  const w = getComputedStyle(widget);
  return {
    buttonBackground: b.backgroundColor,
    buttonColor: b.color,
    buttonRadius: b.borderTopLeftRadius,
    cardBorder: c.borderTopColor,
    cardRadius: c.borderTopLeftRadius,
    text: w.color,
    surface: w.backgroundColor,
    font: w.fontFamily,
  };
}

/**
 * The playground's "Copy CSS" block, pasted into the demo clinic's own stylesheet (demo.css, under
 * its strict CSP), gives the booking widget the same colours, radius and font as in the playground.
 */
async function checkThemeCss() {
  const presets = stories.filter(
    (s) => s.id.startsWith('theme-playground--') && !s.id.endsWith('--contrast-warning'),
  );
  if (!presets.length) return 0;
  if (!existsSync(join(root, 'dist/patient-portal-elements.js'))) {
    console.log('theme CSS in the demo page: skipped (no dist/ — `npm run build` first)');
    return 0;
  }
  const site = await startDemoSite({port: 0, backend: 'memory'});
  const context = await browser.newContext({viewport: {width: 1280, height: 800}, colorScheme: 'light'});
  try {
    for (const preset of presets) {
      const label = `theme CSS of ${preset.id} in the demo page`;
      const sb = await context.newPage();
      await sb.goto(`${server.url}/iframe.html?id=${preset.id}&viewMode=story`, {
        waitUntil: 'domcontentloaded',
      });
      await sb.waitForFunction(themedLook, null, {timeout: 90_000});
      const css = await sb.$eval('.pg-css pre', (el) => el.textContent ?? '');
      const dark = css.includes('color-scheme="dark"');
      const expected = await sb.evaluate(themedLook);
      await sb.close();
      const demo = await context.newPage();
      await demo.route('**/demo.css', async (route) => {
        const response = await route.fetch();
        await route.fulfill({response, body: `${await response.text()}\n${css}`});
      });
      await demo.goto(site.url, {waitUntil: 'domcontentloaded'});
      if (dark) {
        await demo.waitForSelector('patient-portal');
        await demo.$eval('patient-portal', (el) => el.setAttribute('color-scheme', 'dark'));
      }
      await demo.waitForFunction(themedLook, null, {timeout: 90_000});
      const actual = await demo.evaluate(themedLook);
      await demo.close();
      const differences = Object.keys(expected).filter((k) => expected[k] !== actual[k]);
      if (differences.length)
        failures.push(
          `${label}: ${differences.map((k) => `${k} ${actual[k]} (playground ${expected[k]})`).join(', ')}`,
        );
    }
  } finally {
    await context.close();
    await site.close();
  }
  return presets.length;
}

const queue = [...jobs];
let done = 0;
await Promise.all(
  Array.from({length: workers}, async () => {
    const contexts = new Map();
    const pages = new Map();
    for (let job = queue.shift(); job; job = queue.shift()) {
      await runJob(job, contexts, pages);
      done++;
      if (process.stdout.isTTY) process.stdout.write(`\r${done}/${jobs.length}`);
    }
    for (const context of contexts.values()) await context.close();
  }),
);
if (process.stdout.isTTY) process.stdout.write('\n');
const documented = await checkDocs();
const themeChecks = await checkThemeCss();

// Baselines of stories that no longer exist.
if (!filter && !all) {
  for (const file of await readdir(baselineDir)) {
    if (!file.endsWith('.png') || usedBaselines.has(file)) continue;
    if (update) {
      await rm(join(baselineDir, file));
      console.log(`removed stale baseline ${file}`);
    } else failures.push(`stale baseline ${file} (no such story/combination; \`--update\` removes it)`);
  }
}

await browser.close();
await server.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(
  `Storybook: ${stories.length} stories (${jobs.length} screenshots), ${docs.length} docs pages (${documented.size} elements documented), ${themeChecks} theme presets checked in the demo page, ${seconds} s`,
);
console.log(
  `screenshots: ${results.passed} matched${update ? `, ${results.updated} updated, ${results.created} created` : ''}; ${reused.stories} shown on a reused page, ${reused.retriedFresh} of them taken again on a fresh one`,
);
if (notCompared.length)
  console.warn(
    `\nScreenshots not compared (unstable, see UNSTABLE): ${notCompared.length}: ${notCompared.join(', ')}`,
  );
if (warnings.length) console.warn(`\nWarnings (not failing):\n- ${warnings.join('\n- ')}`);
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  if (existsSync(outputDir)) console.error(`\nActual and diff images: test/visual/output/`);
}
const failed = failures.length;
console.log(`${Math.max(0, jobs.length + docs.length + themeChecks - failed)} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
