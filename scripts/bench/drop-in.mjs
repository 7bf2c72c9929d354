// Benchmark section "drop-in": main-thread script time of loading the drop-in entry into a blank
// page (QUALITY "Performance budgets": ≤ 2.5× a one-element Lit bundle measured in the same run,
// navigation itself excluded).
//
// Two files, each loaded into a blank page that is already there (so navigation, the HTML and the
// browser's own start-up are out of the figure):
//
// - drop-in: dist/patient-portal-elements.js as `npm run build` made it, with every chunk it imports
//   statically (the page has no element, so no element chunk loads);
// - lit (the baseline): one LitElement — a property, a styled template, `@customElement` — bundled
//   the way the drop-in file ships (esbuild, minified, Lit's production build) into one file.
//
// The page adds `<script type="module" src=…>` and waits for its `load` event plus two frames and
// a task (what the module queued has run). "Script time" is Chromium's own `ScriptDuration` metric
// (DevTools protocol Performance.getMetrics: JavaScript run on the page's main thread, compilation
// there included) read before and after. Files come from memory through Playwright's routing on one
// origin; every run is a fresh browser context (no cache), the two kinds interleaved; medians.
import {readFileSync, existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {build} from 'esbuild';
import {ROOT, median} from './util.mjs';

export const description =
  'drop-in entry loaded into a blank page: main-thread script time vs a one-element Lit bundle (Chromium)';

const RUNS = 15;
const MAX_RATIO = 2.5;
const ORIGIN = 'http://bench.localhost';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const LIT_ELEMENT = `
import {LitElement, html, css} from 'lit';
import {customElement, property} from 'lit/decorators.js';
@customElement('hello-card')
export class HelloCard extends LitElement {
  static styles = css\`:host { display: block; padding: 1rem; border: 1px solid #ccc; border-radius: 8px; }\`;
  @property() name = 'world';
  render() { return html\`<p>Hello, <strong>\${this.name}</strong>!</p>\`; }
}
`;

async function litBaseline() {
  const out = await build({
    stdin: {contents: LIT_ELEMENT, resolveDir: ROOT, sourcefile: 'hello-card.ts', loader: 'ts'},
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    conditions: ['production'],
    tsconfigRaw: {compilerOptions: {experimentalDecorators: true, useDefineForClassFields: false}},
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Path → body of every file a page may ask for. */
async function files() {
  const entry = join(ROOT, 'dist/patient-portal-elements.js');
  if (!existsSync(entry))
    throw new Error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  const map = new Map([
    ['/patient-portal-elements.js', readFileSync(entry, 'utf8')],
    ['/hello-card.js', await litBaseline()],
  ]);
  for (const f of readdirSync(join(ROOT, 'dist/chunks')))
    if (f.endsWith('.js')) map.set(`/chunks/${f}`, readFileSync(join(ROOT, 'dist/chunks', f), 'utf8'));
  return map;
}

const KINDS = {drop: '/patient-portal-elements.js', lit: '/hello-card.js'};

async function once(browser, kind) {
  const context = await browser.newContext({locale: 'en-US'});
  const requested = [];
  try {
    await context.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') {
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: '<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>',
        });
      }
      const body = once.files.get(path);
      requested.push(path);
      if (body === undefined) return route.fulfill({status: 404, body: 'not found'});
      return route.fulfill({status: 200, contentType: 'text/javascript; charset=utf-8', body});
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${ORIGIN}/`, {waitUntil: 'load'});
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', {timeDomain: 'threadTicks'});
    const metric = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
    const before = await metric();
    await page.evaluate(
      (src) =>
        new Promise((resolve, reject) => {
          const s = document.createElement('script');
          s.type = 'module';
          s.src = src;
          s.onload = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)));
          s.onerror = () => reject(new Error(`${src} failed to load`));
          document.head.append(s);
        }),
      KINDS[kind],
    );
    const after = await metric();
    if (errors.length > 0) throw new Error(`${kind}: ${errors.join('; ')}`);
    return {ms: (after - before) * 1000, files: requested.length};
  } finally {
    await context.close();
  }
}

/** Runs the section; returns measurements for scripts/bench.mjs to print and check. */
export async function run() {
  once.files = await files();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const results = {drop: [], lit: []};
  try {
    await once(browser, 'lit'); // warm the browser process itself
    for (let i = 0; i < RUNS; i++) {
      for (const kind of i % 2 ? ['drop', 'lit'] : ['lit', 'drop']) {
        const r = await once(browser, kind);
        if (process.env.BENCH_VERBOSE) console.log(`    ${kind}: ${JSON.stringify(r)}`);
        results[kind].push(r);
      }
    }
  } finally {
    await browser.close();
  }
  const lit = median(results.lit.map((r) => r.ms));
  const drop = median(results.drop.map((r) => r.ms));
  const dropFiles = results.drop[0].files;
  return [
    {
      label: `one-element Lit bundle (median of ${RUNS})`,
      value: lit,
      note: 'the baseline: Lit + one element, one minified file',
    },
    {
      label: `drop-in entry (median of ${RUNS})`,
      value: drop,
      baseline: lit,
      maxRatio: MAX_RATIO,
      note: `the entry and ${dropFiles - 1} chunk(s) it imports; no element on the page`,
    },
  ];
}
