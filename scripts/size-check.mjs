#!/usr/bin/env node
/**
 * `npm run size`: what a clinic page actually loads, measured in Chromium (QUALITY budgets).
 * Serves dist/ under the strict CSP beside the reference server (scripts/demo-site.mjs: PGlite, the
 * demo clinic seeded, at /portal-api), opens each scenario page, waits until the elements are idle,
 * and sums every JavaScript response gzipped (-9): the entry plus each chunk it pulled in.
 * `backend="demo"` pages run the demo clinic in the browser; REST pages (what real clinics load)
 * talk to the server.
 * Fails (exit 1) when a page exceeds its budget. Needs `npm run build` first.
 */
import {readFileSync, readdirSync, existsSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {chromium} from 'playwright-core';
import {API_PATH, STRICT_CSP, startDemoSite} from './demo-site.mjs';

const KiB = 1024;
// Budgets: QUALITY's ceilings are 45 KiB (booking page) and 90 KiB (all six); the pages weigh less
// now (issue #22), and each budget below is what its page measured then plus about 0.5 KiB, so a
// change that makes a page heavier is noticed here rather than eaten by the old headroom. Raise
// one only on purpose, with the reason in the commit. `goal` is QUALITY's target for the page.
const MARGIN = 0.5 * KiB;
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
    // +0.25 (2026-12-06): 41.32 KiB measured with messages (#21) and cards on file (#20) merged —
    // the memory adapter's five message and five card operations, its demo staff reply, the
    // operation lists and the `messages`/`cards` capabilities (their code is in lazy chunks).
    // +0.23 (2026-12-07): 41.64 KiB measured with the waitlist (#21), insurance cards (#17) and
    // booking with a card on file (#20) merged, each under the old budget alone: the widget's
    // "tell me if an earlier time opens" entry and card-on-file row, the waitlist's and insurance's
    // operation names (every page's adapter chunk lists the operations it installs), the memory
    // adapter's card authorization at booking. Their screens are lazy chunks.
    // +0.15 (2026-12-07, session 16): 41.76 KiB with consent withdrawal (#18), billing details and
    // receipts (#20), the profile photo (#17) and the staff's clinic documents (#19) merged, each
    // under the old budget alone: nine more operation names the memory adapter installs (and its
    // argument counts for them), the `photo` capability. Their code is in lazy chunks.
    // -0.4 (2026-12-07, session 17): 40.93 KiB with the demo clinic's seed (its patients, their
    // appointments, the visit forms) in a chunk of its own that the first step does not load
    // (demo-seed.ts; it was 41.76), after merging the provider's bio and location choice, the
    // security question, billing-details removal and family members, each of which added a little.
    budget: 40.95 * KiB + MARGIN, // measured 2026-12-07, session 17
    goal: 38 * KiB,
    note: bookingTag === 'booking-widget' ? '' : '(booking-widget not built yet: the portal stands in)',
  },
  {
    key: 'booking-rest',
    name: `one element: <${bookingTag} backend="${API_PATH}"> (REST, what clinics load), English`,
    path: '/booking-rest.html',
    html: page('en-US', `<${bookingTag} backend="${API_PATH}"></${bookingTag}>`),
    // +0.13 (2026-12-07): 33.75 KiB with the waitlist (#21), insurance cards (#17) and booking with
    // a card on file (#20) merged (the same parts as the demo page's, without the memory adapter).
    // +0.1 (2026-12-07, session 16): 33.80 KiB with the same merges as the demo page's (the REST
    // adapter's declared operations and the upload's own transport hook).
    // Session 18: 33.75 KiB (was 33.84) with the REST adapter's profile operations moved to the
    // lazy medical-information chunk; the budget stays (it is under that measure + the margin).
    budget: 33.4 * KiB + MARGIN, // measured 2026-12-07
    goal: 38 * KiB,
  },
  {
    key: 'all',
    // The portal as what it is for on such a page: the provider around the other elements (an
    // empty <patient-portal> is the whole portal: the scenario below).
    name: `all elements (${uniqueTags.length}: ${uniqueTags.join(', ')}), Spanish`,
    path: '/all.html',
    html: page(
      'es-MX',
      has('patient-portal')
        ? `<patient-portal backend="demo">\n${uniqueTags
            .filter((t) => t !== 'patient-portal')
            .map((t) => `<${t}></${t}>`)
            .join('\n')}\n</patient-portal>`
        : uniqueTags.map((t) => `<${t} backend="demo"></${t}>`).join('\n'),
    ),
    // +0.13: main measured 84.63 KiB on 2026-12-05 (0.01 over), billing (#20) adds 0.08 (drop-in
    // loader line, the portal's Billing section, the memory adapter's four billing operations).
    // +0.20: 84.90 KiB measured with documents (#19) and billing merged: documents' own drop-in
    // line, Documents section and the memory adapter's three documents operations (its lazy part
    // and the demo files are chunks of their own). Still under QUALITY's 90 KiB ceiling.
    // +0.35 (2026-12-06): 85.15 KiB measured with messages (#21) and cards on file (#20) merged:
    // <patient-messages>' drop-in line, the portal's Messages section with its unread count, the
    // memory adapter's message and card operations (their code is in lazy chunks).
    // Re-measured 2026-12-06: 85.30 KiB with medical information (#17), drawn signatures and date
    // questions (#18), lab results and refill requests (#19) merged (0.02 over the old budget: the
    // memory adapter's refill capability and operation; the rest went to lazy chunks). The budget
    // is that measure plus the margin, as the others; the goal (80) needs #22's structural work
    // (the demo clinic's data per language, fewer shared chunks), not trims.
    // +0.2 (2026-12-07): 85.93 KiB with the waitlist (#21), insurance cards (#17) and booking with a
    // card on file (#20) merged (the widget's entry points, the cancel dialog's card line, the
    // operation names; the rest in lazy chunks).
    // +0.15 (2026-12-07, session 16): 86.05 KiB with the same merges as the booking page's, plus the
    // portal reading a section from an emailed link (`#portal/documents&lang=es`).
    // -0.25 (2026-12-07, session 17): 85.38 KiB with the demo seed in its own chunk (it was 86.05),
    // after the same merges as the booking page's.
    // -1.3 (2026-12-07, session 18): 84.1 KiB with the widget's later steps and the login's
    // registration/onboarding flows (lazy chunks) given catalog pieces of their own, loaded with
    // their chunks: their strings left the Spanish core catalog (4.01 → 2.31 KiB) that every
    // Spanish page loads (it was 85.72).
    budget: 84.1 * KiB + MARGIN, // measured 2026-12-07, session 18
    goal: 80 * KiB,
  },
  ...(has('patient-portal')
    ? [
        {
          key: 'portal-home',
          name: `the whole portal: <patient-portal backend="${API_PATH}">, signed in, home, Spanish (REST)`,
          path: '/portal.html',
          html: page('es-MX', `<patient-portal backend="${API_PATH}"></patient-portal>`),
          signIn: true,
          // Issue #17's budget for the signed-in portal home.
          budget: 60 * KiB,
        },
      ]
    : []),
];

if (!existsSync('dist/patient-portal-elements.js')) {
  console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  process.exit(1);
}
const starting = startDemoSite({backend: 'server'});
const launching = chromium.launch({
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
const [site, browser] = await Promise.all([starting, launching]);
const origin = new URL(site.url).origin;
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
    const apiFailures = [];
    p.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      // A signed-out page's session probe answers 401; anything else over 400 is a broken page.
      if (path.startsWith(API_PATH) && r.status() >= 400 && r.status() !== 401)
        apiFailures.push(`${r.status()} ${path}`);
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
    if (s.signIn) {
      // Signed in through the server first (the context's cookie), as the demo patient.
      const headers = {'X-CSRF-Token': '1'};
      const who = await (await context.request.get(`${origin}/portal-dev/demo-patient`, {headers})).json();
      const answer = await context.request.post(`${origin}${API_PATH}/session`, {
        headers,
        data: {email: who.patientEmail, password: who.patientPassword},
      });
      if (!answer.ok()) throw new Error(`signing in for ${s.key}: ${answer.status()}`);
    }
    // The scenario page itself, answered here on the site's origin with the strict CSP.
    await p.route(origin + s.path, (route) =>
      route.fulfill({
        status: 200,
        headers: {'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': STRICT_CSP},
        body: s.html,
      }),
    );
    await p.goto(origin + s.path, {waitUntil: 'networkidle'});
    // Idle: every element rendered and no request for 500 ms.
    await p.evaluate(async () => {
      const els = [...document.body.querySelectorAll('*')].filter((e) => e.localName.includes('-'));
      await Promise.all(els.map((e) => customElements.whenDefined(e.localName)));
      await Promise.all(els.map((e) => e.updateComplete));
    });
    // The whole portal: its shell and home rendered (the section links are its navigation).
    if (s.signIn)
      await p.waitForFunction(() =>
        document.querySelector('patient-portal')?.shadowRoot?.querySelector('nav a'),
      );
    await p.waitForLoadState('networkidle');
    await p.waitForTimeout(500);
    cspViolations.push(...(await p.evaluate(() => globalThis.__csp ?? [])));
    const files = await Promise.all(loaded);
    report[s.key] = files.map((f) => f.url);
    const total = files.reduce((n, f) => n + f.gzip, 0);
    const shown = await p.evaluate(() =>
      [...document.body.children]
        .filter((e) => e.localName.includes('-'))
        .map(
          (e) =>
            `${e.localName}: ${e.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 200) ?? ''}`,
        ),
    );
    const ok = total <= s.budget;
    failed ||= !ok;
    console.log(`\n${ok ? 'PASS' : 'FAIL'}  ${s.name} ${s.note ?? ''}`);
    for (const line of shown) console.log(`      shows ${line}`);
    for (const f of files)
      console.log(`      ${f.url.padEnd(60)} ${(f.gzip / KiB).toFixed(2).padStart(7)} KiB gzip`);
    console.log(
      `      total ${(total / KiB).toFixed(2)} KiB gzip; budget ${(s.budget / KiB).toFixed(2)} KiB` +
        (s.goal ? ` (goal ${(s.goal / KiB).toFixed(0)} KiB)` : ''),
    );
    if (cspViolations.length) {
      failed = true;
      console.log(`FAIL  CSP violations under the strict policy: ${cspViolations.join('; ')}`);
    }
    if (apiFailures.length) {
      failed = true;
      console.log(`FAIL  the server refused the page's requests: ${apiFailures.join('; ')}`);
    }
    if (errors.length) {
      failed = true;
      console.log(`FAIL  errors on the page: ${errors.join('; ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
// The FHIR adapter's chunk (issue #16; goal 12 KiB), which a page naming a `fhir:` backend loads
// with the drop-in file: measured as the file the build wrote (gzip -9), not on a page (that needs
// the FHIR test server). Its lazy parts — booking, appointments, SMART sign-in, forms, documents,
// family members, reminders — load on first use and are reported by the build.
// 13.75 KiB measured 2026-12-07, session 18 (it was 20.18): booking/holds/reschedule and the
// appointments' list/mapping in lazy parts of their own, and the lazy parts importing the shared
// rules themselves, so the rules only they apply left the adapter's chunk (vite.config.ts).
const FHIR_BUDGET = 13.75 * KiB + MARGIN;
const fhirChunk = readdirSync('dist/chunks').find((f) => /^fhir-.*\.js$/.test(f));
if (fhirChunk) {
  const gzip = gzipSync(readFileSync(`dist/chunks/${fhirChunk}`), {level: 9}).length;
  const ok = gzip <= FHIR_BUDGET;
  failed ||= !ok;
  console.log(`\n${ok ? 'PASS' : 'FAIL'}  the FHIR adapter's chunk (backend="fhir:…")`);
  console.log(
    `      dist/chunks/${fhirChunk.padEnd(49)} ${(gzip / KiB).toFixed(2).padStart(7)} KiB gzip; budget ` +
      `${(FHIR_BUDGET / KiB).toFixed(2)} KiB (goal 12 KiB)`,
  );
} else {
  failed = true;
  console.log('\nFAIL  the FHIR adapter chunk (dist/chunks/fhir-*.js) is missing: run `npm run build`.');
}
// The portal's section elements, each on its own line (issues #17, #22): the element's own chunk
// and its Spanish catalog piece, as the build wrote them (gzip -9). What a section also loads
// beyond them (the core, the adapter) is already on the page lines above. `<patient-messages>`
// with its lazy file part has issue #21's budget of 10 KiB.
const SECTIONS = [
  ['patient-profile'],
  ['patient-forms'],
  ['patient-documents'],
  ['patient-billing'],
  ['patient-messages', ['message-files'], 10 * KiB],
];
const chunkGzip = (name) => {
  const file = readdirSync('dist/chunks').find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  return file ? gzipSync(readFileSync(`dist/chunks/${file}`), {level: 9}).length : undefined;
};
console.log('\nSection elements (their own chunks; Spanish catalog piece apart):');
for (const [tag, parts = [], budget] of SECTIONS) {
  const own = chunkGzip(tag);
  const es = chunkGzip(`es--${tag}`);
  const extra = parts.map((x) => [x, chunkGzip(x)]);
  if (own === undefined || extra.some(([, n]) => n === undefined)) {
    failed = true;
    console.log(`FAIL  ${tag}: its chunk is missing from dist/chunks (run \`npm run build\`)`);
    continue;
  }
  const total = own + extra.reduce((n, [, b]) => n + b, 0);
  const ok = budget === undefined || total <= budget;
  failed ||= !ok;
  console.log(
    `${budget === undefined ? '     ' : ok ? 'PASS ' : 'FAIL '} <${tag}> ${(own / KiB).toFixed(2)} KiB` +
      extra.map(([x, b]) => ` + ${x} ${(b / KiB).toFixed(2)} KiB`).join('') +
      (es === undefined ? '' : `; Spanish piece ${(es / KiB).toFixed(2)} KiB`) +
      (budget === undefined ? '' : `; budget ${(budget / KiB).toFixed(2)} KiB`),
  );
}
writeFileSync('dist/size-report.json', `${JSON.stringify(report, null, 1)}\n`);
process.exit(failed ? 1 : 0);
