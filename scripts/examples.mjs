#!/usr/bin/env node
/**
 * `npm run examples` (issue #15 item 4): the package as a developer gets it, in the host apps of
 * examples/ — plain Vite + TypeScript, React 19 (the generated `@lit/react` wrappers, and the tags
 * themselves in JSX), Vue 3, and an Angular component (typechecked only). Needs `npm run build`
 * first. In order:
 *
 *   1. packs the tarball (`npm pack`, as published) to examples/patient-portal-elements.tgz;
 *   2. installs examples/ ONCE (`npm ci`: one node_modules serves every app; the tarball is a
 *      `file:` dependency, its lock entry kept without an integrity hash so a new build is installed
 *      rather than npm's cached copy of the previous one);
 *   3. typechecks each app strictly (tsc; vue-tsc with strictTemplates) — it must pass;
 *   4. typechecks each folder of examples/fixtures — it must FAIL exactly on the lines marked
 *      `type-error-expected` (or the opening tag just above one) — misspelt properties, wrong event
 *      handler types — and nowhere else;
 *   5. builds each app with Vite, and reports each page's JavaScript (gzip);
 *   6. opens each page in Chromium (playwright-core, Debian's chromium): signs in as the demo
 *      patient (ana@demo.clinic), books the first service with a named provider at the first free
 *      time, and checks the confirmation and that the HOST's handler received `portal-booked` (and
 *      `portal-signed-in`), with no page or console errors.
 *
 * Prints the time of each step. One line per check, PASS or FAIL; exit 1 on any failure.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {extname, join, normalize, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {chromium} from 'playwright-core';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const EXAMPLES = resolve('examples');
const TARBALL = join(EXAMPLES, 'patient-portal-elements.tgz');
const BIN = join(EXAMPLES, 'node_modules', '.bin');
const STEP_TIMEOUT = 15_000;
const WATCHDOG_MS = 600_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
];

/** The apps and the pages each one builds; `check` is how its typecheck runs. */
const APPS = [
  {name: 'vanilla', title: 'plain Vite + TypeScript', check: 'tsc', pages: ['index.html']},
  {name: 'react', title: 'React 19', check: 'tsc', pages: ['index.html', 'jsx.html']},
  {name: 'vue', title: 'Vue 3', check: 'vue-tsc', pages: ['index.html']},
  // Typechecked only: Angular 22's CLI needs Node 22 and Angular 20's compiler predates TypeScript 6.
  {name: 'angular', title: 'Angular component', check: 'tsc', pages: [], build: false},
];
const FIXTURES = [
  {name: 'vanilla', check: 'tsc'},
  {name: 'react', check: 'tsc'},
  {name: 'preact', check: 'tsc'},
  {name: 'svelte', check: 'tsc'},
  {name: 'vue', check: 'vue-tsc'},
];

let failures = 0;
function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
function timed(fn) {
  const start = Date.now();
  const result = fn();
  return {result, ms: Date.now() - start};
}

const watchdog = setTimeout(() => {
  console.log(`FAIL  the examples took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();
const started = Date.now();

if (!existsSync('dist/patient-portal-elements.js') || !existsSync('dist/react/index.js')) {
  console.error(
    'Run `npm run build` first (it makes dist/, custom-elements.json and the framework integration).',
  );
  process.exit(1);
}

// 1. Pack ------------------------------------------------------------------------------------------
{
  const scratch = mkdtempSync(join(tmpdir(), 'examples-pack-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  copyFileSync(join(scratch, packed.filename), TARBALL);
  rmSync(scratch, {recursive: true, force: true});
  console.log(`Packed ${packed.filename}: ${kib(packed.size)} (${packed.files.length} files)`);
}

// 2. One install -----------------------------------------------------------------------------------
function dropTarballIntegrity() {
  const lockPath = join(EXAMPLES, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const entry = lock.packages?.['node_modules/patient-portal-elements'];
  if (entry?.integrity) {
    delete entry.integrity;
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  }
}
{
  dropTarballIntegrity();
  const npm = (args) =>
    spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: EXAMPLES,
      encoding: 'utf8',
    });
  const {result: ci, ms} = timed(() => npm(['ci']));
  let ok = ci.status === 0;
  let how = 'npm ci';
  if (!ok && /package-lock\.json.*in sync|Missing: .* from lock file|Invalid: lock file/s.test(ci.stderr)) {
    // The library's dependencies changed since examples/package-lock.json was written.
    const again = npm(['install']);
    ok = again.status === 0;
    how = 'npm install (examples/package-lock.json was out of date: commit the updated file)';
    dropTarballIntegrity();
    if (!ok) console.log(again.stderr);
  } else if (!ok) console.log(ci.stderr);
  check(`examples/ installed once from the packed tarball (${how})`, ok, seconds(ms));
  if (!ok) process.exit(1);
  const installed = JSON.parse(
    readFileSync(join(EXAMPLES, 'node_modules/patient-portal-elements/package.json'), 'utf8'),
  );
  const dist = readFileSync(join(EXAMPLES, 'node_modules/patient-portal-elements/dist/react/index.js'));
  check(
    'the installed package is this build (not a cached copy)',
    installed.version === JSON.parse(readFileSync('package.json', 'utf8')).version &&
      dist.equals(readFileSync('dist/react/index.js')) &&
      readFileSync(join(EXAMPLES, 'node_modules/patient-portal-elements/custom-elements.json')).equals(
        readFileSync('custom-elements.json'),
      ),
  );
}

// 3 and 4. Typecheck ---------------------------------------------------------------------------------
function typecheck(dir, tool) {
  const r = spawnSync(join(BIN, tool), ['-p', '.', '--pretty', 'false'], {cwd: dir, encoding: 'utf8'});
  const out = `${r.stdout}${r.stderr}`;
  const errors = [...out.matchAll(/^(\S[^(\n]*)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
    code: m[3],
  }));
  return {status: r.status, out, errors};
}

for (const app of APPS) {
  const {result, ms} = timed(() => typecheck(join(EXAMPLES, app.name), app.check));
  check(
    `${app.title}: strict ${app.check} passes`,
    result.status === 0,
    result.status === 0 ? seconds(ms) : result.out.trim(),
  );
}

for (const fx of FIXTURES) {
  const dir = join(EXAMPLES, 'fixtures', fx.name);
  const expected = new Set();
  for (const f of readdirSync(dir).filter((n) => /\.(ts|tsx|vue)$/.test(n) && !n.endsWith('.d.ts')))
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((text, i) => text.includes('type-error-expected') && expected.add(`${f}:${i + 1}`));
  const {result} = timed(() => typecheck(dir, fx.check));
  // TypeScript reports a JSX attribute's error on the attribute or on its element's opening tag:
  // a marked line accepts an error on itself or on the line before it.
  const got = new Set(result.errors.map((e) => `${e.file}:${e.line}`));
  const near = (file, line) => got.has(`${file}:${line}`) || got.has(`${file}:${line - 1}`);
  const missing = [...expected].filter((k) => !near(...k.split(':').map((x, i) => (i ? Number(x) : x))));
  const unexpected = result.errors.filter(
    (e) => !expected.has(`${e.file}:${e.line}`) && !expected.has(`${e.file}:${e.line + 1}`),
  );
  check(
    `fixtures/${fx.name}: ${fx.check} fails on each of the ${expected.size} marked lines, and only there`,
    result.status !== 0 && expected.size > 0 && missing.length === 0 && unexpected.length === 0,
    [
      missing.length ? `no error on ${missing.join(', ')}` : '',
      unexpected.length
        ? `unexpected: ${unexpected.map((e) => `${e.file}:${e.line} ${e.code}`).join(', ')}`
        : '',
      !missing.length && !unexpected.length
        ? [...new Set(result.errors.map((e) => e.code))].join(' ')
        : result.out.slice(0, 2000),
    ]
      .filter(Boolean)
      .join('; '),
  );
}

// 5. Build -----------------------------------------------------------------------------------------
/** A page's JavaScript as built: its entry and the chunks it imports statically (module preloads). */
function pageScripts(distDir, page) {
  const html = readFileSync(join(distDir, page), 'utf8');
  const srcs = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\.\//, ''));
  return [...new Set(srcs)];
}
const gz = (buf) => gzipSync(buf, {level: 9}).length;
const sizes = [];
for (const app of APPS.filter((a) => a.build !== false)) {
  const {result, ms} = timed(() =>
    spawnSync(join(BIN, 'vite'), ['build', '--config', join(app.name, 'vite.config.ts')], {
      cwd: EXAMPLES,
      encoding: 'utf8',
    }),
  );
  app.buildMs = ms;
  check(
    `${app.title}: vite build`,
    result.status === 0,
    result.status === 0 ? seconds(ms) : `${result.stdout}${result.stderr}`,
  );
  const dist = join(EXAMPLES, app.name, 'dist');
  for (const page of app.pages) {
    const files = pageScripts(dist, page);
    const initial = files.reduce((n, f) => n + gz(readFileSync(join(dist, f))), 0);
    sizes.push({app, page, initial, files: files.length});
  }
}

// 6. In Chromium -------------------------------------------------------------------------------------
const MIME = {'.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json'};
function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://host').pathname)).replace(
      /^[/\\]+/,
      '',
    );
    if (path.startsWith('..')) return res.writeHead(403).end();
    if (path === 'favicon.ico') return res.writeHead(204).end();
    const file = !path || path === '.' || path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      const body = readFileSync(join(root, file));
      res.writeHead(200, {'content-type': MIME[extname(file)] ?? 'application/octet-stream'}).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({server, url: `http://127.0.0.1:${server.address().port}/`})),
  );
}

/** Signs in as the demo patient and books; returns what the host page showed. */
async function book(page) {
  const login = page.locator('patient-login');
  await login.getByLabel('Email').fill('ana@demo.clinic');
  await login.getByLabel('Password', {exact: true}).fill('demo-portal-2026');
  await login.getByRole('button', {name: 'Sign in', exact: true}).click();
  await login.getByText('Signed in as Ana').waitFor();
  const signedIn = await page.locator('#host-status').innerText();

  const w = page.locator('booking-widget');
  const heading = async () => (await w.locator('[data-step-heading]').allInnerTexts()).join(' ');
  const next = () => w.getByRole('button', {name: 'Continue'}).click();
  await w
    .getByRole('button', {name: /^Book now/})
    .first()
    .click();
  await next();
  const radios = w.getByRole('radio');
  await radios.first().waitFor();
  await radios.nth(Math.min(1, (await radios.count()) - 1)).check(); // a named provider
  await next();
  const picker = w.locator('portal-slot-picker');
  const times = picker.locator('button[part~="time"]:not([disabled])');
  const days = picker.locator('[part~="day-available"]');
  await times.or(days).first().waitFor();
  if ((await times.count()) === 0) await days.first().click();
  await times.first().click();
  await next();
  // Details (prefilled for the signed-in patient) → [phone code] → policy → review → booked.
  for (let i = 0; i < 8; i++) {
    const h = await heading();
    if (/You’re booked/.test(h)) break;
    if (/Your details/.test(h)) {
      const boxes = w.getByRole('checkbox');
      for (let k = 0; k < (await boxes.count()); k++) await boxes.nth(k).check();
      await next();
    } else if (/Confirm your phone/.test(h)) {
      await w.getByRole('textbox', {name: 'Code'}).fill('123456'); // the in-memory demo's fixed code
      await w.getByRole('button', {name: 'Verify'}).click();
    } else if (/Cancellation policy/.test(h)) {
      await w.getByRole('checkbox').first().check();
      await next();
    } else if (/Review and book/.test(h)) {
      await w.getByRole('button', {name: 'Confirm booking'}).click();
    }
    await page.waitForFunction(
      ([el, before]) => {
        const hs = [...(el.shadowRoot?.querySelectorAll('[data-step-heading]') ?? [])];
        return hs.map((x) => x.textContent).join(' ') !== before;
      },
      [await w.elementHandle(), h],
      {timeout: STEP_TIMEOUT},
    );
  }
  await w.getByRole('heading', {name: 'You’re booked'}).waitFor();
  const status = page.locator('#host-status');
  await page.waitForFunction((el) => /^booked /.test(el.textContent ?? ''), await status.elementHandle(), {
    timeout: STEP_TIMEOUT,
  });
  return {signedIn, booked: await status.innerText()};
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  for (const app of APPS) {
    const {server, url} = await serve(join(EXAMPLES, app.name, 'dist'));
    try {
      for (const pageName of app.pages) {
        const label = `${app.title} (${pageName})`;
        const context = await browser.newContext({viewport: {width: 1100, height: 1000}, locale: 'en-US'});
        context.setDefaultTimeout(STEP_TIMEOUT);
        const page = await context.newPage();
        const problems = [];
        const scripts = [];
        page.on('pageerror', (e) => problems.push(`page error: ${e}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('response', (r) => {
          if (r.url().endsWith('.js')) scripts.push(r.body().then(gz, () => 0));
        });
        const start = Date.now();
        try {
          await page.goto(new URL(pageName, url).href);
          const {signedIn, booked} = await book(page);
          check(
            `${label}: the host's handler received portal-signed-in`,
            signedIn === 'signed in (password)',
            signedIn,
          );
          check(
            `${label}: the demo patient booked; the host's handler received portal-booked`,
            /^booked apt_\S+ at \d{4}-\d\d-\d\dT/.test(booked),
            `${booked} (${seconds(Date.now() - start)})`,
          );
        } catch (e) {
          check(`${label}: sign in and book`, false, e.message.split('\n')[0]);
          await page
            .screenshot({path: `screenshots/examples-${app.name}-${pageName}-failed.png`, fullPage: true})
            .catch(() => {});
        }
        check(`${label}: 0 page or console errors`, problems.length === 0, problems.join('; '));
        const size = sizes.find((s) => s.app === app && s.page === pageName);
        if (size) size.loaded = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
        await context.close();
      }
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
}

console.log(
  '\nJavaScript per page (gzip -9): initial = entry + static imports; loaded = every script fetched while signing in and booking',
);
for (const s of sizes)
  console.log(
    `  ${`${s.app.title} ${s.page}`.padEnd(36)} initial ${kib(s.initial).padStart(9)} (${s.files} files)   loaded ${kib(s.loaded ?? 0).padStart(9)}   build ${seconds(s.app.buildMs)}`,
  );
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : 'PASS  every example check'} (${seconds(Date.now() - started)})`,
);
process.exit(failures ? 1 : 0);
