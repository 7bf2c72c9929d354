#!/usr/bin/env node
/**
 * `npm run e2e:upload`: an upload's progress and its cancellation over REST (#19), in real
 * browsers against the real reference server — the demo site as `npm start` serves it (built
 * drop-in file, PGlite, strict CSP), behind a small proxy that reads upload bodies at about 4 MB/s
 * (a patient's line, not loopback's: otherwise the whole body is in the socket's buffers before
 * the first progress event). In each engine (ENGINES=chromium,firefox,webkit, default all three),
 * in the page, the built library's own REST adapter (`adapterForBackend('/portal-api')`):
 *
 *   1. signs the demo patient in and uploads a 12 MB PNG with `onProgress`: several progress
 *      reports, never going back, the last one the whole file, then the document is listed;
 *   2. uploads another and aborts its signal mid-way (after the first report, before the end):
 *      the call rejects with AbortError, and the server stored nothing (her list, and the
 *      database's count of her uploads, has one upload only).
 *
 * Needs `npm run build` first. One PASS/FAIL line per check, prefixed with the engine; exit 1 on
 * any failure.
 */
import {existsSync} from 'node:fs';
import {createServer, request} from 'node:http';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';
import {startDemoSite} from './demo-site.mjs';
import {CHROMIUM_PATH, enginesWanted, launchFirefox, patchFirefoxPage, WebKitDriver} from './e2e-driver.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const WATCHDOG_MS = 300_000;
const EMAIL = 'ana@demo.clinic';
const PASSWORD = 'demo-portal-2026';
const FILE_BYTES = 12 * 1024 * 1024;
/** Bytes of a request body passed on per tick (64 KiB every 16 ms: about 4 MB/s). */
const CHUNK = 64 * 1024;
const TICK_MS = 16;

let failures = 0;
function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

/** Forwards everything to `target`; a request body goes on at about 4 MB/s, as on a real line. */
async function slowUploadProxy(target) {
  const t = new URL(target);
  const server = createServer((req, res) => {
    const up = request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: {...req.headers, host: t.host},
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    // The browser gave up (a cancelled upload): the server sees its request cut too.
    req.on('aborted', () => up.destroy());
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    let pending = Buffer.alloc(0);
    let ended = false;
    const pump = () => {
      if (up.destroyed) return;
      if (pending.length > 0) {
        up.write(pending.subarray(0, CHUNK));
        pending = pending.subarray(CHUNK);
      }
      if (pending.length === 0 && ended) up.end();
      else if (pending.length === 0) req.resume();
      else setTimeout(pump, TICK_MS);
    };
    req.on('data', (d) => {
      pending = Buffer.concat([pending, d]);
      req.pause();
      setTimeout(pump, TICK_MS);
    });
    req.on('end', () => {
      ended = true;
      if (pending.length === 0) up.end();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => (server.close(ok), server.closeAllConnections())),
  };
}

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
      const page = await browser.newPage();
      if (name === 'firefox') patchFirefoxPage(page);
      return page;
    },
    close: () => browser.close(),
  };
}

/** In the page: the two uploads through the library's REST adapter; what happened, as JSON. */
async function inPage(email, password, bytes) {
  const lib = await import('/dist/patient-portal-elements.js');
  const a = await lib.adapterForBackend('/portal-api');
  const signed = await a.signIn({email, password});
  if (signed.status !== 'signed-in') return {error: `sign-in: ${signed.status}`};
  const file = new Uint8Array(bytes);
  file.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < file.length; i += 4096) file[i] = i % 251;
  const before = (await a.listDocuments({folder: 'uploads'})).documents.length;
  const reports = [];
  const done = await a.uploadDocument(
    {fileName: 'foto-1.png', category: 'images', content: file},
    {onProgress: (sent, total) => reports.push([sent, total])},
  );
  const controller = new AbortController();
  const cut = [];
  let outcome;
  try {
    await a.uploadDocument(
      {fileName: 'foto-2.png', category: 'images', content: file},
      {
        signal: controller.signal,
        onProgress: (sent, total) => {
          cut.push([sent, total]);
          if (sent < total) controller.abort();
        },
      },
    );
    outcome = 'stored';
  } catch (e) {
    outcome = e?.name ?? String(e);
  }
  // Time for a cut request to reach the server, were it to store anything.
  await new Promise((r) => setTimeout(r, 1500));
  const after = (await a.listDocuments({folder: 'uploads'})).documents.map((d) => d.fileName);
  return {before, reports, doneName: done.fileName, cut, outcome, after};
}

async function engineRun(name, origin, site) {
  const tag = name;
  const engine = await openEngine(name);
  try {
    const page = await engine.newPage();
    await page.goto(`${origin}/?lang=en`);
    const r = await page.evaluate(inPage, EMAIL, PASSWORD, FILE_BYTES);
    if (!check(`${tag}: signed in and uploaded`, !r.error, r.error)) return;
    const sent = r.reports.map(([s]) => s);
    check(
      `${tag}: the upload reported its progress as it went`,
      sent.filter((s) => s > 0 && s < FILE_BYTES).length >= 2,
      `${sent.length} reports: ${sent.slice(0, 8).join(', ')}${sent.length > 8 ? ', …' : ''}`,
    );
    check(
      `${tag}: progress never goes back, of the file's size, ending at the whole file`,
      sent.every((s, i) => i === 0 || s >= sent[i - 1]) &&
        r.reports.every(([, t]) => t === FILE_BYTES) &&
        sent.at(-1) === FILE_BYTES,
      `last ${sent.at(-1)} of ${FILE_BYTES}`,
    );
    check(
      `${tag}: the uploaded file is listed`,
      r.after.includes('foto-1.png') && r.doneName === 'foto-1.png',
    );
    check(
      `${tag}: cancelling mid-upload rejects with AbortError`,
      r.outcome === 'AbortError' && r.cut.length >= 1 && r.cut[0][0] < FILE_BYTES,
      `${r.outcome}, cut at ${r.cut[0]?.[0]} of ${FILE_BYTES}`,
    );
    const [{n}] = await site.portal.db.query(
      `SELECT count(*)::int AS n FROM documents d JOIN patients p ON p.id = d.patient_id
       WHERE p.email_key = $1 AND d.folder = 'uploads'`,
      [EMAIL],
    );
    check(
      `${tag}: the cancelled upload stored nothing (listed and in the database)`,
      !r.after.includes('foto-2.png') && r.after.length === r.before + 1 && n === r.before + 1,
      `listed ${r.after.length} (before ${r.before}), database ${n}`,
    );
    await page.close().catch(() => undefined);
  } catch (e) {
    check(`${tag}: the upload flows ran`, false, e.stack ?? String(e));
  } finally {
    await engine.close().catch(() => undefined);
  }
}

if (!existsSync('dist/patient-portal-elements.js')) {
  console.error('dist/patient-portal-elements.js is missing: run `npm run build` first.');
  process.exit(1);
}
const engines = enginesWanted();
const watchdog = setTimeout(() => {
  console.log(`FAIL  the upload check took longer than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();
for (const name of engines) {
  // Each engine on a freshly seeded clinic (the counts start from the seed's).
  const site = await startDemoSite({port: 0});
  const proxy = await slowUploadProxy(site.url);
  try {
    await engineRun(name, proxy.origin, site);
  } finally {
    await proxy.close();
    await site.close();
  }
}
console.log(
  `\n${failures ? `FAIL  ${failures} check(s) failed` : `PASS  every upload check (${engines.join(', ')})`}`,
);
process.exit(failures ? 1 : 0);
