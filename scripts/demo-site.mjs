/**
 * The demo clinic's website on ONE origin, as `npm start` serves it (and the end-to-end checks):
 *
 *   /                the demo page (demo/), strict CSP on every answer (QUALITY 10)
 *   /dist/           the built drop-in file and its chunks
 *   /portal-api/     the reference server (server/): PGlite, the demo clinic seeded, its schedulers
 *   /portal-dev/     the server's development tools: the outbox the page shows, "send the
 *                    reminders due now" (server/dev-tools.ts; on here, never by default)
 *   /portal-api/docs the API reference (server/openapi.yaml rendered by Redoc, as `npm run
 *                    docs:api` builds it), built on the first request; development only, like
 *                    the tools, and under a CSP of its own (scripts/openapi.mjs `apiDocsCsp`):
 *                    Redoc needs inline scripts, allowed by hash, and inline styles
 *
 * The page's elements say `backend="/portal-api"`, so the session cookie and the CSRF header work
 * same-origin, and the server's emailed links point at this page (`linkBase` = the page's URL, the
 * token in the fragment). Data is fresh on every start (PGlite in memory, the demo clinic's
 * appointments placed around "now") unless `dataDir` names a folder to keep it in.
 *
 * `backend: 'memory'` serves the same page with `backend="demo"` instead: the in-memory demo clinic
 * in the browser, no server (what Storybook and the browser tests use).
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {apiDocsCsp, buildApiDocs} from './openapi.mjs';
import {STRICT_CSP, staticHandler} from './serve.mjs';

export {STRICT_CSP};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The API's base path: the page's elements name it in `demo/index.html`. */
export const API_PATH = '/portal-api';
/** The development tools' path (server/dev-tools.ts `DEV_TOOLS_PATH`). */
export const DEV_PATH = '/portal-dev';
/** The rendered API reference's path (development only). */
const API_DOCS_PATH = `${API_PATH}/docs`;

/** The API reference page and its CSP, built once (a second or two) into a temporary folder. */
async function renderApiDocs() {
  const dir = mkdtempSync(join(tmpdir(), 'portal-api-docs-'));
  try {
    const html = readFileSync(await buildApiDocs(join(dir, 'index.html')), 'utf8');
    return {html, csp: apiDocsCsp(html)};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/**
 * The whole-portal page (`/portal.html`): the demo page with its website part (between
 * `website:start` and `website:end`) replaced by `demo/portal-main.html`, one `<patient-portal>`
 * with nothing inside; the demo tools and outbox stay.
 */
export function portalPage(page = readFileSync(`${ROOT}demo/index.html`, 'utf8')) {
  const main = readFileSync(`${ROOT}demo/portal-main.html`, 'utf8').replace(/^<!--.*?-->\n/, '');
  return page
    .replace(/<!-- website:start[^]*?<!-- website:end -->\n/, main)
    .replace(
      '<title>Clínica Demo Roma Norte</title>',
      '<title>Portal de paciente · Clínica Demo Roma Norte</title>',
    );
}

/** The demo page (or `page`) with every `backend="/portal-api"` turned into `backend="demo"`. */
export function memoryPage(page = readFileSync(`${ROOT}demo/index.html`, 'utf8')) {
  return page.replaceAll(`backend="${API_PATH}"`, 'backend="demo"');
}

/** The TypeScript server, loaded through tsx (plain `node` runs this file). */
async function loadServer() {
  const {register} = await import('tsx/esm/api');
  register();
  const [server, env] = await Promise.all([import('../server/index.ts'), import('../server/env.ts')]);
  return {...server, paymentsFromEnv: env.paymentsFromEnv, holdsFromEnv: env.holdsFromEnv};
}

/**
 * Starts the site. Resolves once the page and the API both answer, to `{url, backend, portal?,
 * close()}`; `url` is the page's, e.g. `http://127.0.0.1:8080/`.
 *
 * `distDir` is the folder served as `/dist/` (default `dist/`; `npm start` and `npm run
 * start:memory` each build into their own, so one never rebuilds under the other).
 *
 * `trustProxy` (tests that play several patients from one machine): the API takes the client's
 * address from `X-Forwarded-For` as behind that many proxies, like `PORTAL_TRUST_PROXY`.
 *
 * @param {{port?: number, backend?: 'server' | 'memory', dataDir?: string, distDir?: string, env?: Record<string, string | undefined>, trustProxy?: number}} options
 */
export async function startDemoSite({
  port = 0,
  backend = 'server',
  dataDir,
  distDir,
  env = process.env,
  trustProxy,
} = {}) {
  const routes = {'/dist/': distDir ?? `${ROOT}dist`, '/': `${ROOT}demo`};
  const memory = backend === 'memory';
  const page = memory ? memoryPage() : undefined;
  const pages = page
    ? {'/': page, '/index.html': page, '/portal.html': memoryPage(portalPage())}
    : {'/portal.html': portalPage()};
  const files = staticHandler({routes, pages});

  let api;
  let ready;
  /** The API reference, served with the development tools: with the server, not in memory mode. */
  let apiDocs;
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!memory && (path === API_DOCS_PATH || path === `${API_DOCS_PATH}/`)) {
      apiDocs ??= renderApiDocs();
      apiDocs.then(
        ({html, csp}) => {
          res.writeHead(200, {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Security-Policy': csp,
            'Cache-Control': 'no-store',
            'Referrer-Policy': 'no-referrer',
          });
          res.end(req.method === 'HEAD' ? undefined : html);
        },
        (e) => {
          apiDocs = undefined;
          res.writeHead(500, {'Content-Type': 'text/plain', 'Content-Security-Policy': STRICT_CSP});
          res.end(`The API reference could not be built: ${e?.message ?? e}`);
        },
      );
      return;
    }
    const toApi = path === API_PATH || path.startsWith(`${API_PATH}/`) || path.startsWith(`${DEV_PATH}/`);
    if (memory || !toApi) {
      void files(req, res);
      return;
    }
    res.setHeader('Content-Security-Policy', STRICT_CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    ready.then(
      () => api(req, res),
      () => {
        res.writeHead(503, {'Content-Type': 'text/plain'});
        res.end('The demo server did not start');
      },
    );
  });
  await new Promise((ok, ko) => {
    http.once('error', ko);
    http.listen(port, '127.0.0.1', () => ok());
  });
  const url = `http://127.0.0.1:${http.address().port}/`;
  const closeHttp = () =>
    new Promise((ok) => {
      http.close(() => ok());
      http.closeAllConnections();
    });
  if (memory) return {url, backend, close: closeHttp};

  let core;
  let stopSchedulers = () => {};
  ready = (async () => {
    const [{createPortalServer, startSchedulers, paymentsFromEnv, holdsFromEnv}, {getRequestListener}] =
      await Promise.all([loadServer(), import('@hono/node-server')]);
    if (dataDir) mkdirSync(dataDir, {recursive: true});
    core = await createPortalServer({
      dataDir,
      basePath: API_PATH,
      // Emailed links (reminders, invitation, verification, reset) open this page.
      linkBase: url,
      devTools: true,
      delivery: {smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM},
      // Deposits with the demo payment provider's test cards (`PORTAL_PAYMENTS=off`: none).
      payments: paymentsFromEnv(env),
      // Slots held while the patient types (`PORTAL_HOLDS=off`: none; scripts/e2e-race.mjs).
      holds: holdsFromEnv(env),
      ...(trustProxy ? {trustProxy} : {}),
    });
    api = getRequestListener(core.fetch);
    stopSchedulers = startSchedulers(core);
  })();
  try {
    await ready;
  } catch (e) {
    await closeHttp();
    throw e;
  }
  return {
    url,
    backend,
    portal: core.portal,
    db: core.db,
    async close() {
      stopSchedulers();
      await closeHttp();
      await core.close();
    },
  };
}
