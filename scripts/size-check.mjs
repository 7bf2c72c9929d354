#!/usr/bin/env node
/**
 * `npm run size`: what a clinic page actually loads, measured in Chromium (QUALITY budgets).
 * Serves dist/ under the strict CSP, opens each scenario page, waits until the elements are idle,
 * and sums every JavaScript response gzipped (-9): the entry plus each chunk it pulled in.
 * Fails (exit 1) when a page exceeds its budget. Needs `npm run build` first.
 */
import {readFileSync, existsSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {chromium} from 'playwright-core';
import {serve} from './serve.mjs';

const KiB = 1024;
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const publicTags = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName && !d.tagName.startsWith('portal-'))
  .map((d) => d.tagName);
const has = (tag) => publicTags.includes(tag);
// The budget's page holds the brief's six elements (those built so far). Public parts an element
// loads only when the patient asks — `<device-check>` inside `<telehealth-join>` — are reported by
// the build on their own, as QUALITY's "heavy optional parts".
const SIX = [
  'patient-login',
  'booking-widget',
  'appointment-list',
  'reminder-prefs',
  'telehealth-join',
  'patient-portal',
];
const uniqueTags = SIX.filter(has);

const page = (lang, body) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>size</title>` +
  `<script type="module" src="/dist/patient-portal-elements.js"></script></head><body>${body}</body></html>`;

const bookingTag = has('booking-widget') ? 'booking-widget' : 'patient-portal';
const scenarios = [
  {
    key: 'booking',
    name: `one element: <${bookingTag} backend="demo">, English`,
    path: '/booking.html',
    html: page('en-US', `<${bookingTag} backend="demo"></${bookingTag}>`),
    budget: 45 * KiB,
    goal: 40 * KiB,
    note: bookingTag === 'booking-widget' ? '' : '(booking-widget not built yet: the portal stands in)',
  },
  {
    key: 'all',
    name: `all elements (${uniqueTags.length}: ${uniqueTags.join(', ')}), Spanish`,
    path: '/all.html',
    html: page('es-MX', uniqueTags.map((t) => `<${t} backend="demo"></${t}>`).join('\n')),
    budget: 90 * KiB,
  },
];

if (!existsSync('dist/patient-portal-elements.js')) {
  console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  process.exit(1);
}
const server = await serve({
  routes: {'/dist/': 'dist'},
  pages: Object.fromEntries(scenarios.map((s) => [s.path, s.html])),
});
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
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
let failed = false;
/** Scenario key → the files its page loaded, for `node scripts/analyze-bundle.mjs --page <key>`. */
const report = {};
try {
  for (const s of scenarios) {
    const context = await browser.newContext();
    const p = await context.newPage();
    const cspViolations = [];
    const errors = [];
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(String(e)));
    const loaded = [];
    p.on('response', async (r) => {
      const type = r.headers()['content-type'] ?? '';
      if (!type.includes('javascript')) return;
      loaded.push(
        r.body().then((b) => ({url: new URL(r.url()).pathname, gzip: gzipSync(b, {level: 9}).length})),
      );
    });
    await p.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (globalThis.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await p.goto(origin + s.path, {waitUntil: 'networkidle'});
    // Idle: every element rendered and no request for 500 ms.
    await p.evaluate(async () => {
      const els = [...document.body.querySelectorAll('*')].filter((e) => e.localName.includes('-'));
      await Promise.all(els.map((e) => customElements.whenDefined(e.localName)));
      await Promise.all(els.map((e) => e.updateComplete));
    });
    await p.waitForLoadState('networkidle');
    await p.waitForTimeout(500);
    cspViolations.push(...(await p.evaluate(() => globalThis.__csp ?? [])));
    const files = await Promise.all(loaded);
    report[s.key] = files.map((f) => f.url);
    const total = files.reduce((n, f) => n + f.gzip, 0);
    const ok = total <= s.budget;
    failed ||= !ok;
    console.log(`\n${ok ? 'PASS' : 'FAIL'}  ${s.name} ${s.note ?? ''}`);
    for (const f of files)
      console.log(`      ${f.url.padEnd(60)} ${(f.gzip / KiB).toFixed(2).padStart(7)} KiB gzip`);
    console.log(
      `      total ${(total / KiB).toFixed(2)} KiB gzip; budget ${(s.budget / KiB).toFixed(0)} KiB` +
        (s.goal ? ` (goal ${(s.goal / KiB).toFixed(0)} KiB)` : ''),
    );
    if (cspViolations.length) {
      failed = true;
      console.log(`FAIL  CSP violations under the strict policy: ${cspViolations.join('; ')}`);
    }
    if (errors.length) {
      failed = true;
      console.log(`FAIL  errors on the page: ${errors.join('; ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
writeFileSync('dist/size-report.json', `${JSON.stringify(report, null, 1)}\n`);
process.exit(failed ? 1 : 0);
