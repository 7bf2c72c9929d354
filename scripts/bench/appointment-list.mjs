// Benchmark section "appointment-list": <appointment-list> with 10,000 appointments already loaded
// (QUALITY "Performance budgets": ≤ 2,000 DOM nodes; heap growth from rendering, data created before
// measuring, ≤ 1 MB; time at 10k ≤ 1.3× time at 1k).
//
// Each run is a fresh page that loads the element the way the drop-in file ships it (minified, Lit's
// production build, split into chunks: the virtualizer and the demo adapter's parts load on demand
// from the page's origin, served from memory). Before the clock starts the page builds everything
// the measurement is not about:
//
// - the demo adapter (createDemoAdapter, fixed clock), signed in as the demo patient, its session
//   recorded in the adapter's shared session store; the adapter calls the element makes at start-up
//   (clinic, capabilities, server time, cancellation reasons) are made once, so their chunks are in;
// - N appointments, in ONE page (no cursor), shaped like the demo patient's real past appointments
//   (one real `listAppointments` call gives the templates; every object is a deep copy with its own
//   id, start, end and status — fulfilled, cancelled with its cancellation, or no-show), most recent
//   first, as the 'past' view asks; the adapter is wrapped so `listAppointments` answers with them;
// - the element, `view="past"`, connected (it shows "Appointments aren't set up" until it has an
//   adapter).
//
// Then, inside a requestAnimationFrame callback (vsync kept out of the figure), the clock starts and
// `el.adapter` is set. "Rendered" is the first <article> in the element's shadow root (looked for
// after every task) plus two frames (painted). "Settled" is when the list is in its final form —
// virtualized when over 60 appointments, as the element promises — and unchanged (same rows, same
// first appointment, same size) for SETTLE_FRAMES frames; its time is that of the frame after the
// one that first showed that form (it has been painted). A list that never virtualizes counts as
// settled after GIVE_UP_FRAMES unchanged frames, with the same rule for its time. The time budget
// compares the settled time at 10k with that at 1k. Chunk loads are part of the time: the page's
// origin is answered from memory through Playwright's routing, so they cost a round trip each.
//
// DOM nodes: every node of the document and of every shadow root in it, recursively (Lit's comment
// markers and whitespace text included), counted once the list has settled.
//
// Heap: the page's whole heap — V8's JavaScript heap, Blink's (DOM nodes, styles, layout objects)
// and array-buffer backing stores (CDP Runtime.getHeapUsage: usedSize + embedderHeapUsedSize +
// backingStorageSize) — each time after forced full garbage collections (CDP
// HeapProfiler.collectGarbage, twice), read just before the adapter is set (data and element already
// made) and again once the list has settled. Whatever rendering leaves behind counts, the code it
// compiles on first use and the virtualizer's included. The growth at 1k is reported beside it (the
// difference is what each further appointment costs).
//
// Medians of RUNS runs of each size, the sizes interleaved, after one warm-up page.
import {mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {build} from 'esbuild';
import {BENCH_DIR, median} from './util.mjs';

export const description =
  '<appointment-list>, appointments already loaded: time at 10k vs 1k, DOM nodes and heap growth at 10k (Chromium, fresh page each run)';

const RUNS = 11;
const SMALL = 1_000;
const LARGE = 10_000;
const MAX_RATIO = 1.3;
const MAX_NODES = 2_000;
const MAX_HEAP_MB = 1;
/** The element virtualizes above this many appointments on screen (VIRTUALIZE_ABOVE). */
const VIRTUALIZE_ABOVE = 60;
/** Frames a virtualized list must stay unchanged to count as settled. */
const SETTLE_FRAMES = 5;
/** Frames after which an unchanged list counts as settled even if it never virtualized. */
const GIVE_UP_FRAMES = 120;
/** A run that has not settled after this long throws. */
const TIMEOUT_MS = 120_000;

const ORIGIN = 'http://bench.localhost';
const OUT_DIR = join(BENCH_DIR, 'appointment-list');

const entry = `
import '../src/define/appointment-list.ts';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.ts';
import {sessionFor} from '../src/adapters/registry.ts';

const NOW = Date.UTC(2026, 2, 3, 15, 0);
const DAY = 86_400_000;
const OFFSET = '-06:00';
const ZONE_MS = -6 * 3_600_000;
const HOURS = [9, 11, 14];

/** RFC 3339 in the clinic's fixed offset (Mexico City has no DST since 2022). */
function instant(ms) {
  return new Date(ms + ZONE_MS).toISOString().slice(0, 19) + OFFSET;
}

/** N appointments like the templates (real past ones), most recent first, each its own deep copy. */
function makeAppointments(templates, n) {
  const plain = templates.filter((t) => t.status !== 'cancelled');
  const cancelled = templates.find((t) => t.status === 'cancelled') ?? plain[0];
  const lastDay = Date.UTC(2026, 2, 2);
  const items = [];
  for (let i = 0; i < n; i++) {
    const status = i % 7 === 3 ? 'cancelled' : i % 11 === 5 ? 'no-show' : 'fulfilled';
    const t = status === 'cancelled' ? cancelled : plain[i % plain.length];
    const a = structuredClone(t);
    const id = 'apt_bench' + String(i).padStart(6, '0');
    const day = lastDay - Math.floor(i / HOURS.length) * DAY;
    const start = day + HOURS[HOURS.length - 1 - (i % HOURS.length)] * 3_600_000 - ZONE_MS;
    const length = Date.parse(t.end) - Date.parse(t.start);
    a.id = id;
    a.status = status;
    a.start = instant(start);
    a.end = instant(start + length);
    a.items = a.items.map((item) => ({...item, id: id + item.id.slice(t.id.length)}));
    if (status === 'cancelled') {
      a.cancellation = {...a.cancellation, at: instant(start - 3 * DAY), by: i % 2 ? 'patient' : 'clinic'};
    } else {
      delete a.cancellation;
    }
    items.push(a);
  }
  return items;
}

let bench;

window.__prepare = async (n) => {
  const demo = createDemoAdapter({clock: () => NOW});
  const result = await demo.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status !== 'signed-in') throw new Error('demo sign-in: ' + result.status);
  const templates = (await demo.listAppointments({when: 'past', limit: 100})).items;
  if (templates.length === 0) throw new Error('the demo patient has no past appointments');
  await Promise.all([
    demo.getClinic(),
    demo.getCapabilities(),
    demo.getServerTime(),
    demo.getCancellationReasons(),
  ]);
  const page = {items: makeAppointments(templates, n), total: n};
  let calls = 0;
  const listAppointments = () => {
    calls++;
    return Promise.resolve(page);
  };
  const adapter = new Proxy(demo, {
    get(target, key) {
      if (key === 'listAppointments') return listAppointments;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  sessionFor(adapter).signedIn(result.session);
  const el = document.createElement('appointment-list');
  el.setAttribute('view', 'past');
  document.body.append(el);
  await el.updateComplete;
  bench = {el, adapter, page, calls: () => calls};
  return n;
};

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
/** Yields one task (a MessageChannel message: setTimeout would be clamped to 4 ms when nested). */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const task = () =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** What the list looks like now (null until it shows appointments). */
function listState(el) {
  const ul = el.shadowRoot?.querySelector('ul.list');
  if (!ul || !ul.querySelector('article')) return null;
  const rows = ul.children.length;
  const first = ul.firstElementChild?.querySelector('article')?.dataset.id ?? '';
  return {
    virtual: ul.classList.contains('virtual'),
    key: [ul.className, rows, first, ul.getAttribute('style') ?? '', ul.getBoundingClientRect().height].join('|'),
    rows,
  };
}

/**
 * Sets the adapter and resolves once the list has settled: unchanged for \`settleFrames\` frames
 * and virtualized (when over \`virtualizeAbove\` appointments) — or unchanged for \`giveUpFrames\`,
 * for a list that never virtualizes. Times are from the adapter being set.
 */
window.__measure = ({n, virtualizeAbove, settleFrames, giveUpFrames, timeoutMs}) =>
  new Promise((resolve, reject) => {
    const {el, adapter} = bench;
    requestAnimationFrame(async () => {
      try {
        const t0 = performance.now();
        el.adapter = adapter;
        // Rendered: the first appointment in the DOM (checked after every task), then painted.
        while (!el.shadowRoot?.querySelector('article')) {
          if (performance.now() - t0 > timeoutMs) throw new Error('no appointment rendered');
          await task();
        }
        await frame();
        const rendered = (await frame()) - t0;
        let key = '';
        let since = 0;
        let stable = 0;
        let state;
        for (;;) {
          const at = await frame();
          if (at - t0 > timeoutMs) throw new Error('the list did not settle: ' + JSON.stringify(state));
          state = listState(el);
          if (!state || state.key !== key) {
            key = state?.key ?? '';
            since = 0;
            stable = 0;
            continue;
          }
          // The frame after the one that first showed this list has painted it.
          if (since === 0) since = at;
          stable++;
          const final = n <= virtualizeAbove || state.virtual;
          if ((final && stable >= settleFrames) || stable >= giveUpFrames) break;
        }
        await el.updateComplete;
        resolve({rendered, settled: since - t0, rows: state.rows, virtual: state.virtual, calls: bench.calls()});
      } catch (e) {
        reject(e);
      }
    });
  });

/** Nodes of the document and of every shadow root in it, recursively. */
window.__countNodes = () => {
  let count = 0;
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      count++;
      if (node.shadowRoot) walk(node.shadowRoot);
    }
  };
  walk(document);
  return count;
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

const PAGE =
  '<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>appointment-list bench</title></head><body><script type="module" src="/entry.js"></script></body></html>';

/** Bundles the page's code like the drop-in build (minified, production Lit, lazy chunks); returns path → code. */
async function bundlePage() {
  rmSync(OUT_DIR, {recursive: true, force: true});
  mkdirSync(OUT_DIR, {recursive: true});
  const entryFile = join(BENCH_DIR, 'appointment-list-entry.ts');
  writeFileSync(entryFile, entry);
  await build({
    entryPoints: {entry: entryFile},
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  const files = new Map([['/index.html', PAGE]]);
  const walk = (dir, prefix) => {
    for (const f of readdirSync(dir, {withFileTypes: true})) {
      if (f.isDirectory()) walk(join(dir, f.name), `${prefix}${f.name}/`);
      else files.set(`${prefix}${f.name}`, readFileSync(join(dir, f.name), 'utf8'));
    }
  };
  walk(OUT_DIR, '/');
  return files;
}

const MB = 1024 * 1024;

/**
 * The page's heap after a full garbage collection: V8's JavaScript heap, Blink's (DOM, style, layout)
 * and the backing stores of array buffers.
 */
async function heapUsage(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  if (h.embedderHeapUsedSize === undefined) throw new Error('this Chromium does not report its Blink heap');
  return {js: h.usedSize, blink: h.embedderHeapUsedSize, backing: h.backingStorageSize ?? 0};
}

/** One fresh page: data and element made, then heap, the adapter set and timed, heap, DOM nodes. */
async function once(context, n) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => typeof window.__prepare === 'function');
    await page.evaluate((count) => window.__prepare(count), n);
    const cdp = await context.newCDPSession(page);
    const before = await heapUsage(cdp);
    const options = {
      n,
      virtualizeAbove: VIRTUALIZE_ABOVE,
      settleFrames: SETTLE_FRAMES,
      giveUpFrames: GIVE_UP_FRAMES,
      timeoutMs: TIMEOUT_MS,
    };
    const timing = await page.evaluate((o) => window.__measure(o), options);
    const after = await heapUsage(cdp);
    // Counted last: walking the DOM makes a JavaScript wrapper for every node.
    const nodes = await page.evaluate(() => window.__countNodes());
    await cdp.detach();
    if (errors.length > 0) throw new Error(`${n} appointments: ${errors.join('\n')}`);
    const js = (after.js - before.js) / MB;
    const blink = (after.blink - before.blink) / MB;
    const backing = (after.backing - before.backing) / MB;
    return {...timing, nodes, js, blink, backing, heap: js + blink + backing};
  } finally {
    await page.close();
  }
}

export async function run() {
  const files = await bundlePage();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const results = {[SMALL]: [], [LARGE]: []};
  try {
    const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-US'});
    await context.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      const body = files.get(path);
      if (body === undefined) return route.fulfill({status: 404, body: 'not found'});
      const type = path.endsWith('.html') ? 'text/html' : 'text/javascript';
      return route.fulfill({status: 200, contentType: `${type}; charset=utf-8`, body});
    });
    // Warm the browser process itself (not the pages: each run is a fresh page).
    await once(context, SMALL);
    for (let i = 0; i < RUNS; i++) {
      for (const n of i % 2 ? [LARGE, SMALL] : [SMALL, LARGE]) {
        const r = await once(context, n);
        if (process.env.BENCH_VERBOSE) console.log(`    ${n}: ${JSON.stringify(r)}`);
        results[n].push(r);
      }
    }
  } finally {
    await browser.close();
  }

  const med = (n, key) => median(results[n].map((r) => r[key]));
  const shape = (n) => {
    const all = results[n];
    const virtual = all.every((r) => r.virtual)
      ? 'virtualized'
      : all.some((r) => r.virtual)
        ? 'virtualized in some runs'
        : 'NOT virtualized';
    const calls = all.every((r) => r.calls === 1)
      ? ''
      : `; listAppointments called ${all.map((r) => r.calls).join('/')} times`;
    return `${med(n, 'rows')} rows in the list, ${virtual}${calls}`;
  };
  const heapSmall = med(SMALL, 'heap');
  const heapLarge = med(LARGE, 'heap');
  const perItem = ((heapLarge - heapSmall) * MB) / (LARGE - SMALL);
  return [
    {
      label: '1,000 appointments: adapter set → list settled (baseline)',
      value: med(SMALL, 'settled'),
      note: `first appointment painted at ${med(SMALL, 'rendered').toFixed(1)} ms; ${shape(SMALL)}`,
    },
    {
      label: '10,000 appointments: adapter set → list settled',
      value: med(LARGE, 'settled'),
      baseline: med(SMALL, 'settled'),
      maxRatio: MAX_RATIO,
      note: `first appointment painted at ${med(LARGE, 'rendered').toFixed(1)} ms; ${shape(LARGE)}; medians of ${RUNS}`,
    },
    {
      label: '10,000 appointments: DOM nodes, document + shadow roots',
      value: med(LARGE, 'nodes'),
      unit: 'nodes',
      budget: MAX_NODES,
      note: `${med(SMALL, 'nodes')} at 1,000`,
    },
    {
      label: '10,000 appointments: heap growth from rendering',
      value: heapLarge,
      unit: 'MB',
      budget: MAX_HEAP_MB,
      note:
        `JS ${med(LARGE, 'js').toFixed(3)} + Blink ${med(LARGE, 'blink').toFixed(3)} + buffers ` +
        `${med(LARGE, 'backing').toFixed(3)} MB; ` +
        `${heapSmall.toFixed(3)} MB at 1,000 (${perItem.toFixed(1)} bytes per further appointment)`,
    },
  ];
}
