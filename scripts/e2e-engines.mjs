#!/usr/bin/env node
/**
 * `npm run e2e` (last part): the key patient flows of the e2e scripts, in Firefox (ESR, over
 * WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser over WebDriver) — the other scripts run them
 * in Chromium. The demo clinic's page as `npm start` serves it (built drop-in file, reference
 * server, strict CSP), through scripts/e2e-driver.mjs's page interface; the DOM is read with
 * scripts run in the page, every key press is a real one. Needs `npm run build` first.
 *
 *   1. Spanish, keyboard only: a signed-in patient books a visit in <booking-widget> (Tab, arrows,
 *      Space, Enter) and reaches "Su cita está reservada", focus on it.
 *   2. English, keyboard: sign in with <patient-login> (typed, Enter submits); the appointments
 *      load; "Sign out" (Enter) empties the page of her data.
 *   3. The reminder email's "Confirm attendance" link, opened signed out, confirms; its "Cancel the
 *      appointment" link, signed out: Continue → a reason → Cancel appointment cancels.
 *   4. Every page: 0 CSP violations (reported by the browser itself to a `report-uri` a small proxy
 *      in front of the demo site adds to the strict policy), every element defined and rendered.
 *
 * ENGINES=firefox,webkit,chromium picks engines (default: Firefox and WebKit). One PASS/FAIL line per
 * check, prefixed with the engine; exit 1 on any failure.
 */
import {existsSync, mkdirSync} from 'node:fs';
import {createServer, request} from 'node:http';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';
import {startDemoSite} from './demo-site.mjs';
import {CHROMIUM_PATH, enginesWanted, launchFirefox, patchFirefoxPage, WebKitDriver} from './e2e-driver.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const STEP_MS = 15_000;
const WATCHDOG_MS = 420_000;
const SHOTS = 'screenshots';
const EMAIL = 'ana@demo.clinic';
const PASSWORD = 'demo-portal-2026';

let failures = 0;
function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

// ------------------------------------------------------------------------------------------------
// The demo site behind a proxy that asks the browser to report CSP violations

/**
 * Forwards everything to `target`, appending `report-uri /__csp-report` to every
 * Content-Security-Policy; the reports (any engine sends them) are collected in `reports`.
 */
async function cspReportingProxy(target) {
  const reports = [];
  const t = new URL(target);
  const server = createServer((req, res) => {
    if (req.url === '/__csp-report') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        try {
          const r = JSON.parse(body)['csp-report'] ?? JSON.parse(body);
          reports.push(`${r['violated-directive'] ?? r['effective-directive']} ${r['blocked-uri'] ?? ''}`);
        } catch {
          reports.push(body);
        }
        res.writeHead(204).end();
      });
      return;
    }
    const up = request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: {...req.headers, host: t.host},
      },
      (r) => {
        const headers = {...r.headers};
        if (headers['content-security-policy'])
          headers['content-security-policy'] += '; report-uri /__csp-report';
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    reports,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// ------------------------------------------------------------------------------------------------
// Engines: `newPage()` gives a page with its own cookies and storage (signed out)

async function openEngine(name) {
  if (name === 'webkit') {
    const driver = await WebKitDriver.start();
    return {newPage: () => driver.newPage(), close: () => driver.close()};
  }
  const browser =
    name === 'firefox'
      ? await launchFirefox({media: 'none'})
      : await puppeteer.launch({
          executablePath: CHROMIUM_PATH,
          headless: true,
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
        });
  return {
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      if (name === 'firefox') patchFirefoxPage(page);
      await page.setViewport({width: 1024, height: 900});
      const close = page.close.bind(page);
      page.close = async () => {
        await close().catch(() => undefined);
        await context.close().catch(() => undefined);
      };
      return page;
    },
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------------------------------------
// In-page helpers: one expression, self-contained (the page's CSP forbids eval, not these scripts)

/** Defines `H` (shadow-DOM-aware queries) in the page and calls `fn(H, ...args)` there. */
function run(page, fn, ...args) {
  const helpers = () => {
    const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
    const all = (root = document) => {
      const out = [];
      const walk = (r) => {
        for (const el of r.querySelectorAll('*')) {
          out.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      if (root.shadowRoot) walk(root.shadowRoot);
      walk(root);
      return out;
    };
    const active = () => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a;
    };
    const text = (el) => squash(el?.shadowRoot ? el.shadowRoot.textContent : el?.textContent);
    const deepText = (el) => {
      let out = '';
      const walk = (n) => {
        if (n.nodeType === 3) out += `${n.data} `;
        if (n.shadowRoot) walk(n.shadowRoot);
        for (const c of n.childNodes) walk(c);
      };
      if (el) walk(el);
      return squash(out);
    };
    const button = (scope, re) =>
      all(scope).find((b) => b.localName === 'button' && new RegExp(re).test(squash(b.textContent)));
    return {squash, all, active, text, deepText, button};
  };
  const expr = `(async () => { const H = (${helpers})(); return (${fn})(H, ...${JSON.stringify(args)}); })()`;
  return page.evaluate(expr);
}

async function until(what, fn, ms = STEP_MS) {
  const start = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The focused element (through shadow roots): tag, id, type, text, checked. */
const focused = (page) =>
  run(page, (H) => {
    const a = H.active();
    return (
      a && {
        tag: a.localName,
        id: a.id,
        type: a.getAttribute('type') ?? '',
        text: H.squash(a.textContent),
        part: a.getAttribute('part') ?? '',
        role: a.getAttribute('role') ?? '',
        checked: a.checked,
      }
    );
  });

/** Presses Tab (or Shift+Tab) until the focused element matches. */
async function tabTo(page, matches, what, max = 60) {
  for (let i = 0; i < max; i++) {
    const a = await focused(page);
    if (a && matches(a)) return a;
    await page.keyboard.press('Tab');
  }
  const a = await focused(page);
  throw new Error(`Tab never reached ${what}; focus is on <${a?.tag}> "${a?.text?.slice(0, 60)}"`);
}

const isButton = (re) => (a) => a.tag === 'button' && re.test(a.text);

/** Every portal element on the page is defined and rendered its shadow root. */
async function elementsRendered(page) {
  return run(page, (H) =>
    H.all()
      .filter((e) =>
        /^(patient-login|booking-widget|appointment-list|telehealth-join|reminder-prefs|patient-portal)$/.test(
          e.localName,
        ),
      )
      .filter((e) => !customElements.get(e.localName) || (!e.shadowRoot && e.localName !== 'patient-portal'))
      .map((e) => e.localName),
  );
}

async function health(tag, name, page, csp, seenBefore) {
  const missing = await elementsRendered(page);
  const fresh = csp.reports.slice(seenBefore);
  check(
    `${tag}: ${name}: 0 CSP violations, every element rendered`,
    fresh.length === 0 && missing.length === 0,
    [...fresh, ...missing].join('; '),
  );
}

// ------------------------------------------------------------------------------------------------
// Flows

async function signInByKeyboard(page, tag) {
  await run(page, (H) =>
    H.all()
      .find((e) => e.localName === 'patient-login')
      ?.scrollIntoView(),
  );
  await until('the sign-in form', () =>
    run(page, (H) => {
      const login = H.all().find((e) => e.localName === 'patient-login');
      const email = login && H.all(login).find((e) => e.localName === 'input' && e.type === 'email');
      email?.focus();
      return H.active() === email && !!email;
    }),
  );
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await until('"Signed in as Ana" and her appointments', () =>
    run(page, (H) => {
      const login = H.all().find((e) => e.localName === 'patient-login');
      const list = H.all().find((e) => e.localName === 'appointment-list');
      return (
        /Signed in as Ana/.test(H.deepText(login)) &&
        H.all(list.shadowRoot ?? list).some((e) => e.localName === 'article')
      );
    }),
  );
  check(`${tag}: English, keyboard: sign in with <patient-login>; her appointments load`, true);
}

async function signOutByKeyboard(page, tag) {
  await run(page, (H) =>
    H.button(
      H.all().find((e) => e.localName === 'patient-login'),
      '^Sign out$',
    ).focus(),
  );
  await page.keyboard.press('Enter');
  await until('the page empty of her data', () =>
    run(page, (H) => {
      const list = H.all().find((e) => e.localName === 'appointment-list');
      const login = H.all().find((e) => e.localName === 'patient-login');
      return (
        !H.all(list.shadowRoot ?? list).some((e) => e.localName === 'article') &&
        !/Ana|Dermatology/.test(H.deepText(list)) &&
        H.all(login).some((e) => e.localName === 'input' && e.type === 'email')
      );
    }),
  );
  check(`${tag}: "Sign out" by keyboard: the list and the greeting are gone, the form is back`, true);
}

async function reminderLinks(page) {
  await run(page, () => document.querySelector('#demo-send-reminders').click());
  return until('a reminder email with both links in the outbox', () =>
    run(page, () => {
      const li = [...document.querySelectorAll('#outbox li')].find((l) => {
        const t = [...l.querySelectorAll('a')].map((a) => a.textContent.trim());
        return t.includes('Confirm attendance') && t.includes('Cancel the appointment');
      });
      if (!li) return null;
      const href = (name) =>
        [...li.querySelectorAll('a')].find((a) => a.textContent.trim() === name).getAttribute('href');
      return {confirm: href('Confirm attendance'), cancel: href('Cancel the appointment')};
    }),
  );
}

/**
 * The emailed link (to the demo site itself) opened through the reporting proxy, in English: the
 * link's own `lang=` (the patient's language, in its fragment since #23) is switched to English.
 */
function viaProxy(origin, href) {
  const u = new URL(href, origin);
  return `${origin}${u.pathname}?lang=en${u.hash.replace(/([#&])lang=[^&]*/, '$1lang=en')}`;
}

/** The link panel's button, pressed with Enter after focusing it. */
async function pressInList(page, re) {
  await until(`"${re}" in the list`, () =>
    run(
      page,
      (H, src) => {
        const list = H.all().find((e) => e.localName === 'appointment-list');
        const b = H.button(list.shadowRoot ?? list, src);
        b?.focus();
        return !!b && H.active() === b;
      },
      re,
    ),
  );
  await page.keyboard.press('Enter');
}

async function confirmLinkSignedOut(page, origin, href, tag) {
  await page.goto(viaProxy(origin, href));
  await pressInList(page, '^Confirm attendance$');
  await until('"your attendance is confirmed"', () =>
    run(page, (H) =>
      /your attendance is confirmed/.test(
        H.deepText(H.all().find((e) => e.localName === 'appointment-list')),
      ),
    ),
  );
  const url = await run(page, () => location.href);
  check(
    `${tag}: reminder link, signed out: "Confirm attendance" confirms; the token left the address bar`,
    !url.includes('portal-reminder'),
    url,
  );
}

async function cancelLinkSignedOut(page, origin, href, tag) {
  await page.goto(viaProxy(origin, href));
  await pressInList(page, '^Cancel the appointment$');
  // The dialog: Continue, then a reason by keyboard (Tab to the first radio, Space), then Cancel.
  await until('the cancel dialog', () =>
    run(page, (H) => {
      const b = H.all().find(
        (e) =>
          e.localName === 'button' && H.squash(e.textContent) === 'Continue' && e.closest('dialog[open]'),
      );
      b?.focus();
      return !!b && H.active() === b;
    }),
  );
  await page.keyboard.press('Enter');
  await until('the reason step', () =>
    run(page, (H) =>
      H.all().some((e) => e.localName === 'input' && e.type === 'radio' && e.closest('dialog[open]')),
    ),
  );
  await tabTo(page, (a) => a.tag === 'input' && a.type === 'radio', 'a reason');
  await page.keyboard.press('Space');
  const reason = await focused(page);
  if (!reason?.checked) throw new Error('Space did not choose the reason');
  await tabTo(page, isButton(/^Cancel appointment$/), 'Cancel appointment');
  await page.keyboard.press('Enter');
  await until('"Your appointment has been cancelled."', () =>
    run(page, (H) =>
      /Your appointment has been cancelled\./.test(
        H.deepText(H.all().find((e) => e.localName === 'appointment-list')),
      ),
    ),
  );
  const url = await run(page, () => location.href);
  check(
    `${tag}: reminder link, signed out: Continue → reason (Space) → Cancel appointment cancels; token gone`,
    !url.includes('portal-reminder'),
    url,
  );
}

/** Spanish, keyboard only: the demo patient (signed in by the page's button) books in the first widget. */
async function bookInSpanishByKeyboard(page, tag) {
  // The button is enabled once the page knows the demo patient (WebDriver returns from navigation
  // before that: a click then did nothing, the WebKit failure of issue #25).
  await until('the demo sign-in button', () =>
    run(page, () => !document.querySelector('#demo-sign-in').disabled),
  );
  await run(page, () => document.querySelector('#demo-sign-in').click());
  await until('signed in', () =>
    run(page, (H) =>
      H.all(H.all().find((e) => e.localName === 'appointment-list')).some((e) => e.localName === 'article'),
    ),
  );
  const widget = () => run(page, (H) => H.all().find((e) => e.localName === 'booking-widget') && true);
  await until('the booking widget', widget);
  await run(page, (H) => {
    const w = H.all().find((e) => e.localName === 'booking-widget');
    w.scrollIntoView();
    const first = H.all(w.shadowRoot).find(
      (e) => e.matches('button, input, select, [tabindex="0"]') && !e.disabled,
    );
    first?.focus();
  });
  const heading = () =>
    run(page, (H) => {
      const w = H.all().find((e) => e.localName === 'booking-widget');
      const h = H.all(w.shadowRoot).find((e) => e.hasAttribute('data-step-heading'));
      return h ? H.squash(h.textContent) : '';
    });
  // Step by step: whatever the step, choose with Space/Enter and go on with "Continuar".
  const seen = [];
  for (let step = 0; step < 12; step++) {
    const h = await heading();
    seen.push(h);
    if (/Su cita está reservada/.test(h)) break;
    const state = await run(page, (H) => {
      const w = H.all().find((e) => e.localName === 'booking-widget');
      const inW = H.all(w.shadowRoot);
      return {
        radios: inW.filter((e) => e.localName === 'input' && e.type === 'radio').length,
        time: inW.some((e) => e.localName === 'portal-slot-picker'),
        policy: inW.some((e) => e.id === 'f-policy'),
        confirm: !!H.button(w.shadowRoot, '^Confirmar la reserva$'),
      };
    });
    if (state.confirm) {
      await tabTo(page, isButton(/^Confirmar la reserva$/), 'Confirmar la reserva');
      await page.keyboard.press('Enter');
    } else if (state.time) {
      // The slot picker: Tab to a free time (a day first if none is shown), Enter.
      const isTime = (a) => a.tag === 'button' && /^\d{1,2}:\d\d/.test(a.text);
      // Only the picker's month grid: date fields elsewhere on the page have a "day" part too.
      const isDay = (a) => a.role === 'gridcell' && a.tag === 'td';
      // The grid's days come with the availability: tabbing before they are drawn goes past them.
      await until("the month grid's days", () =>
        run(page, (H) => {
          const w = H.all().find((e) => e.localName === 'booking-widget');
          const picker = H.all(w.shadowRoot).find((e) => e.localName === 'portal-slot-picker');
          return H.all(picker?.shadowRoot).some(
            (e) =>
              e.localName === 'td' &&
              e.getAttribute('tabindex') === '0' &&
              e.hasAttribute('aria-disabled') === false,
          );
        }),
      );
      const at = await tabTo(page, (a) => isTime(a) || isDay(a), 'a day or a time', 120);
      if (!isTime(at)) {
        // The month grid (one tab stop, arrows inside): Enter opens the focused day's times. They
        // arrive from the backend: tabbing on at once went past them, out of the widget (WebKit, CI).
        await page.keyboard.press('Enter');
        await until("the day's times", () =>
          run(page, (H) => {
            const w = H.all().find((e) => e.localName === 'booking-widget');
            const picker = H.all(w.shadowRoot).find((e) => e.localName === 'portal-slot-picker');
            return H.all(picker?.shadowRoot).some(
              (e) => e.localName === 'button' && !e.disabled && /^\d{1,2}:\d\d/.test(H.squash(e.textContent)),
            );
          }),
        );
        await tabTo(page, isTime, 'a time', 60);
      }
      await page.keyboard.press('Enter');
      await tabTo(page, isButton(/^Continuar$/), 'Continuar');
      await page.keyboard.press('Enter');
    } else if (state.policy) {
      await tabTo(page, (a) => a.id === 'f-policy', 'the policy checkbox');
      await page.keyboard.press('Space');
      if (!(await focused(page))?.checked) throw new Error('Space did not tick the policy');
      await tabTo(page, isButton(/^Continuar$/), 'Continuar');
      await page.keyboard.press('Enter');
    } else if (state.radios) {
      await tabTo(page, (a) => a.tag === 'input' && a.type === 'radio', 'a choice');
      await page.keyboard.press('Space');
      await tabTo(page, isButton(/^Continuar$/), 'Continuar');
      await page.keyboard.press('Enter');
    } else {
      // The service step: "Reservar ahora" adds the service (a visit may hold several), then
      // "Continuar" goes on.
      await tabTo(page, isButton(/^(Continuar|Reservar ahora)/), 'Reservar ahora');
      await page.keyboard.press('Enter');
      await new Promise((r) => setTimeout(r, 500));
      if ((await heading()) === h) {
        await tabTo(page, isButton(/^Continuar$/), 'Continuar', 120);
        await page.keyboard.press('Enter');
      }
    }
    await until(`the step after "${h}"`, async () => (await heading()) !== h, STEP_MS);
  }
  const last = seen.at(-1) ?? '';
  const a = await focused(page);
  check(
    `${tag}: Spanish, keyboard only: a signed-in patient books ("Su cita está reservada"), focus on it`,
    /Su cita está reservada/.test(last) && /Su cita está reservada/.test(a?.text ?? ''),
    seen.join(' → '),
  );
}

// ------------------------------------------------------------------------------------------------

async function engineRun(name, origin, csp) {
  const tag = name === 'webkit' ? 'WebKit' : name === 'firefox' ? 'Firefox' : 'Chromium';
  const started = Date.now();
  const engine = await openEngine(name);
  const pages = [];
  const newPage = async () => {
    const p = await engine.newPage();
    pages.push(p);
    return p;
  };
  try {
    let seen = csp.reports.length;
    const p1 = await newPage();
    await p1.goto(`${origin}/?lang=es`);
    await bookInSpanishByKeyboard(p1, tag);
    await health(tag, 'booking page', p1, csp, seen);
    await p1.close();

    seen = csp.reports.length;
    const p2 = await newPage();
    await p2.goto(`${origin}/?lang=en`);
    await signInByKeyboard(p2, tag);
    const links = await reminderLinks(p2);
    await signOutByKeyboard(p2, tag);
    await health(tag, 'sign-in page', p2, csp, seen);
    await p2.close();

    seen = csp.reports.length;
    const p3 = await newPage();
    await confirmLinkSignedOut(p3, origin, links.confirm, tag);
    await health(tag, 'confirm-link page', p3, csp, seen);
    await p3.close();

    seen = csp.reports.length;
    const p4 = await newPage();
    await cancelLinkSignedOut(p4, origin, links.cancel, tag);
    await health(tag, 'cancel-link page', p4, csp, seen);
    await p4.close();
  } catch (e) {
    check(`${tag}: the flows ran`, false, e.stack ?? String(e));
    mkdirSync(SHOTS, {recursive: true});
    let n = 0;
    for (const p of pages)
      await p.screenshot({path: `${SHOTS}/e2e-engines-${name}-failed-${++n}.png`}).catch(() => undefined);
  } finally {
    for (const p of pages) await p.close().catch(() => undefined);
    await engine.close().catch(() => undefined);
  }
  console.log(`      ${tag}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!existsSync('dist/patient-portal-elements.js')) {
  console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  process.exit(1);
}
// By default Firefox and WebKit (Chromium runs the full e2e-*.mjs scripts); ENGINES= narrows.
const engines = process.env.ENGINES
  ? enginesWanted()
  : enginesWanted().filter((e) => e === 'firefox' || e === 'webkit');
if (engines.length === 0) {
  console.log('SKIP  no Firefox or WebKit installed (.ci/run installs them): nothing to run');
  process.exit(0);
}
const watchdog = setTimeout(() => {
  console.log(`FAIL  the engines end-to-end check took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();
const started = Date.now();
// One demo site per engine: each starts from the seeded clinic (the flows book and cancel).
for (const name of engines) {
  const site = await startDemoSite({port: 0});
  const csp = await cspReportingProxy(site.url);
  try {
    await engineRun(name, csp.origin, csp);
  } finally {
    await csp.close();
    await site.close();
  }
}
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : `PASS  every engine check (${engines.join(', ')})`} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(failures ? 1 : 0);
