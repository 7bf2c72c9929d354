// Benchmark section "month-view": first paint of the booking month view with 1,000 slots over the
// month (QUALITY "Performance budgets": ≤ 1.5× a plain Lit baseline that renders the same month and
// the same slots, measured in the same run).
//
// Every page gets the same 1,000 slots (March 2026, Mexico City, every day, 8:00–16:00 every 15
// minutes, four providers), created before the clock starts. Three pages:
//
// - plain (the QUALITY baseline, budgeted): a plain LitElement month view that renders the same
//   month and the same slots — a month table whose day cells list their times as buttons (1,000
//   buttons), times formatted with one Intl.DateTimeFormat.
// - minimal (for reference, no budget): a plain LitElement that shows exactly what the picker shows
//   and does the least it can — month title, weekday headers, the grid with the days that have
//   times marked, and the 32 times of one chosen day (10 March); it buckets slots by the date prefix
//   of their RFC 3339 string (valid only because they carry the clinic's offset) and has no
//   accessible names, keyboard model, zone names, localization or data layer. It shows what the
//   picker's own work costs.
// - picker: <portal-slot-picker> with an in-memory adapter whose answers resolve at once (no
//   latency), chosen day 10 March: @lit/task, zone arithmetic, the day index, the localized grid,
//   times with their accessible names, the zone line.
//
// Each run is a fresh page (cold Intl caches, code and Lit templates, like a real first paint),
// bundled the way the drop-in file ships (minified, Lit's production build). The clock starts inside
// a requestAnimationFrame callback; the element is created and appended and every update runs
// (microtasks only: the adapter resolves at once); "rendered" is when the time buttons are in the
// DOM, and "first paint" is the first task after that frame's style, layout and paint. Starting at
// the frame's beginning keeps vsync out of the figure. Medians of RUNS runs, the kinds interleaved.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {build} from 'esbuild';
import {BENCH_DIR, ROOT, median} from './util.mjs';

export const description =
  'month view first paint, 1,000 slots: <portal-slot-picker> vs plain Lit month views (Chromium, fresh page each run)';

const RUNS = 21;
const MAX_RATIO = 1.5;

/** Shared by both pages: the slots, made before measuring, and the measuring harness. */
const harness = `
const ZONE = 'America/Mexico_City';
export const CHOSEN = '2026-03-10';
export function makeSlots() {
  const slots = [];
  const pad = (n) => String(n).padStart(2, '0');
  for (let day = 1; day <= 31; day++) {
    const count = day <= 8 ? 33 : 32;
    for (let i = 0; i < count; i++) {
      const minutes = 8 * 60 + i * 15;
      const end = minutes + 30;
      const date = '2026-03-' + pad(day);
      const provider = 'prov-' + (i % 4);
      slots.push({
        id: provider + '~' + date + '~' + i,
        start: date + 'T' + pad(Math.floor(minutes / 60)) + ':' + pad(minutes % 60) + ':00-06:00',
        end: date + 'T' + pad(Math.floor(end / 60)) + ':' + pad(end % 60) + ':00-06:00',
        providerId: provider,
        serviceIds: ['svc-general'],
        mode: 'in-person',
      });
    }
  }
  return slots;
}
export const TIME_ZONE = ZONE;
/** Resolves, within the same frame, once \`done()\` is true; fails if that needs more than microtasks. */
export async function settle(el, done) {
  for (let i = 0; i < 50 && !done(); i++) {
    await el.updateComplete;
    await Promise.resolve();
  }
  if (!done()) throw new Error('content did not render within the frame');
}
export function measure(create, done) {
  return new Promise((resolve, reject) => {
    requestAnimationFrame(() => {
      performance.mark('month-view-start');
      const t0 = performance.now();
      const el = create();
      document.body.append(el);
      settle(el, () => done(el)).then(() => {
        const rendered = performance.now() - t0;
        setTimeout(() => {
          const paint = performance.now() - t0;
          performance.mark('month-view-painted');
          resolve({rendered, paint});
        }, 0);
      }, reject);
    });
  });
}
`;

const minimalEntry = `
import {LitElement, html, css} from 'lit';
import {CHOSEN, TIME_ZONE, makeSlots, measure} from './.bench/month-view-harness.mjs';

class MinimalMonth extends LitElement {
  static properties = {slots: {attribute: false}, month: {}, day: {}, selectedId: {}};
  static styles = css\`
    :host { display: block; font-family: system-ui, sans-serif; }
    .layout { display: grid; grid-template-columns: 22rem 1fr; gap: 1rem; }
    table { width: 100%; table-layout: fixed; }
    td { height: 2.75rem; text-align: center; }
    td.available { background: #e4edf6; font-weight: 700; }
    td.chosen { background: #0b5cad; color: #fff; }
    .times { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); gap: 0.5rem; }
    button { min-height: 2.75rem; }
    button[aria-pressed='true'] { background: #0b5cad; color: #fff; }
  \`;
  render() {
    const [y, m] = this.month.split('-').map(Number);
    const byDay = new Map();
    for (const s of this.slots) {
      const d = s.start.slice(0, 10);
      const list = byDay.get(d);
      if (list) list.push(s);
      else byDay.set(d, [s]);
    }
    const title = new Intl.DateTimeFormat('en-US', {month: 'long', year: 'numeric', timeZone: 'UTC'}).format(
      Date.UTC(y, m - 1, 15),
    );
    const weekday = new Intl.DateTimeFormat('en-US', {weekday: 'short', timeZone: 'UTC'});
    const time = new Intl.DateTimeFormat('en-US', {hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE});
    const lead = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const rows = [];
    let row = [];
    for (let i = 0; i < Math.ceil((lead + count) / 7) * 7; i++) {
      const n = i - lead + 1;
      if (n < 1 || n > count) row.push(html\`<td></td>\`);
      else {
        const date = this.month + '-' + String(n).padStart(2, '0');
        const cls = date === this.day ? 'chosen' : byDay.has(date) ? 'available' : '';
        row.push(html\`<td class=\${cls} @click=\${() => (this.day = date)}>\${n}</td>\`);
      }
      if (row.length === 7) {
        rows.push(html\`<tr>\${row}</tr>\`);
        row = [];
      }
    }
    const heads = [0, 1, 2, 3, 4, 5, 6].map((i) => html\`<th>\${weekday.format(Date.UTC(2026, 0, 4 + i))}</th>\`);
    const slots = byDay.get(this.day) ?? [];
    return html\`<div class="layout">
      <div>
        <p>\${title}</p>
        <table>
          <thead><tr>\${heads}</tr></thead>
          <tbody>\${rows}</tbody>
        </table>
      </div>
      <div class="times">
        \${slots.map(
          (s) => html\`<button class="time" aria-pressed=\${s.id === this.selectedId ? 'true' : 'false'}
            @click=\${() => (this.selectedId = s.id)}>\${time.format(new Date(s.start))}</button>\`,
        )}
      </div>
    </div>\`;
  }
}
customElements.define('minimal-month', MinimalMonth);

window.__run = () => {
  const slots = makeSlots();
  return measure(
    () => {
      const el = document.createElement('minimal-month');
      el.slots = slots;
      el.month = '2026-03';
      el.day = CHOSEN;
      return el;
    },
    (el) => (el.shadowRoot?.querySelectorAll('button.time').length ?? 0) === 32,
  );
};
`;

const plainEntry = `
import {LitElement, html, css} from 'lit';
import {TIME_ZONE, makeSlots, measure} from './.bench/month-view-harness.mjs';

class PlainMonth extends LitElement {
  static properties = {slots: {attribute: false}, month: {}, selectedId: {}};
  static styles = css\`
    :host { display: block; font-family: system-ui, sans-serif; }
    table { width: 100%; table-layout: fixed; }
    td { vertical-align: top; }
    button { display: block; width: 100%; min-height: 1.5rem; font-size: 0.75rem; }
    button[aria-pressed='true'] { background: #0b5cad; color: #fff; }
  \`;
  render() {
    const [y, m] = this.month.split('-').map(Number);
    const byDay = new Map();
    for (const s of this.slots) {
      const d = s.start.slice(0, 10);
      const list = byDay.get(d);
      if (list) list.push(s);
      else byDay.set(d, [s]);
    }
    const title = new Intl.DateTimeFormat('en-US', {month: 'long', year: 'numeric', timeZone: 'UTC'}).format(
      Date.UTC(y, m - 1, 15),
    );
    const weekday = new Intl.DateTimeFormat('en-US', {weekday: 'short', timeZone: 'UTC'});
    const time = new Intl.DateTimeFormat('en-US', {hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE});
    const lead = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const rows = [];
    let row = [];
    for (let i = 0; i < Math.ceil((lead + count) / 7) * 7; i++) {
      const n = i - lead + 1;
      if (n < 1 || n > count) row.push(html\`<td></td>\`);
      else {
        const date = this.month + '-' + String(n).padStart(2, '0');
        const slots = byDay.get(date) ?? [];
        row.push(html\`<td>
          <div>\${n}</div>
          \${slots.map(
            (s) => html\`<button class="time" aria-pressed=\${s.id === this.selectedId ? 'true' : 'false'}
              @click=\${() => (this.selectedId = s.id)}>\${time.format(new Date(s.start))}</button>\`,
          )}
        </td>\`);
      }
      if (row.length === 7) {
        rows.push(html\`<tr>\${row}</tr>\`);
        row = [];
      }
    }
    const heads = [0, 1, 2, 3, 4, 5, 6].map((i) => html\`<th>\${weekday.format(Date.UTC(2026, 0, 4 + i))}</th>\`);
    return html\`<p>\${title}</p>
      <table>
        <thead><tr>\${heads}</tr></thead>
        <tbody>\${rows}</tbody>
      </table>\`;
  }
}
customElements.define('plain-month', PlainMonth);

window.__run = () => {
  const slots = makeSlots();
  return measure(
    () => {
      const el = document.createElement('plain-month');
      el.slots = slots;
      el.month = '2026-03';
      return el;
    },
    (el) => (el.shadowRoot?.querySelectorAll('button.time').length ?? 0) === 1000,
  );
};
`;

const pickerEntry = `
import './src/define/portal-slot-picker.ts';
import {CHOSEN, TIME_ZONE, makeSlots, measure} from './.bench/month-view-harness.mjs';

window.__run = () => {
  const slots = makeSlots();
  const answer = {slots, timeZone: TIME_ZONE};
  const clinic = {timeZone: TIME_ZONE, booking: {horizonDays: 90}};
  const adapter = {
    kind: 'bench',
    demo: false,
    getClinic: () => Promise.resolve(clinic),
    getAvailability: () => Promise.resolve(answer),
    getSession: () => Promise.resolve(null),
  };
  const selected = slots.find((s) => s.start.startsWith(CHOSEN + 'T10:00'));
  return measure(
    () => {
      const el = document.createElement('portal-slot-picker');
      el.adapter = adapter;
      el.serviceIds = ['svc-general'];
      el.timeZone = TIME_ZONE;
      el.patientZone = TIME_ZONE;
      el.serverNow = Date.UTC(2026, 1, 28, 12);
      el.selected = selected;
      return el;
    },
    (el) => (el.shadowRoot?.querySelectorAll('button.time').length ?? 0) === 32,
  );
};
`;

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

/** Bundles an entry the way the drop-in file ships (minified, Lit's production build), returns its code. */
async function bundle(name, contents) {
  const result = await build({
    stdin: {contents, resolveDir: ROOT, sourcefile: `${name}-entry.ts`, loader: 'ts'},
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  writeFileSync(join(BENCH_DIR, `${name}.mjs`), code);
  return code;
}

export async function run() {
  mkdirSync(BENCH_DIR, {recursive: true});
  writeFileSync(join(BENCH_DIR, 'month-view-harness.mjs'), harness);
  const scripts = {
    plain: await bundle('month-view-plain', plainEntry),
    minimal: await bundle('month-view-minimal', minimalEntry),
    picker: await bundle('month-view-picker', pickerEntry),
  };
  const kinds = Object.keys(scripts);

  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const results = Object.fromEntries(kinds.map((k) => [k, []]));
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
    const once = async (kind) => {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent(
        '<!doctype html><html lang="en-US"><head><meta charset="utf-8"></head><body></body></html>',
      );
      await page.addScriptTag({content: scripts[kind], type: 'module'});
      await page.waitForFunction(() => typeof window.__run === 'function');
      const result = await page.evaluate(() => window.__run());
      await page.close();
      if (errors.length > 0) throw new Error(`${kind}: ${errors.join('\n')}`);
      return result;
    };
    // Warm the browser process itself (not the pages: each run is a fresh page).
    for (const kind of kinds) await once(kind);
    for (let i = 0; i < RUNS; i++) {
      // Rotate the order so no kind always runs first.
      const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]);
      for (const kind of order) results[kind].push(await once(kind));
    }
  } finally {
    await browser.close();
  }

  const med = (kind, key) => median(results[kind].map((r) => r[key]));
  const paint = Object.fromEntries(kinds.map((k) => [k, med(k, 'paint')]));
  const rendered = (k) => `rendered in ${med(k, 'rendered').toFixed(1)} ms`;
  return [
    {
      label: `plain Lit month view, 1,000 buttons (baseline)`,
      value: paint.plain,
      note: rendered('plain'),
    },
    {
      label: `minimal Lit month view, same output as the picker`,
      value: paint.minimal,
      note: `${rendered('minimal')}; reference only`,
    },
    {
      label: `<portal-slot-picker> vs plain (QUALITY budget)`,
      value: paint.picker,
      baseline: paint.plain,
      maxRatio: MAX_RATIO,
      note: `${rendered('picker')}; first paint, median of ${RUNS}`,
    },
    {
      label: `<portal-slot-picker> vs minimal (reference)`,
      value: paint.picker,
      baseline: paint.minimal,
      note: 'the cost of accessibility, localization, zones and the data layer',
    },
  ];
}
