/**
 * A clinic site on the FHIR backend, for `npm run start:fhir` and scripts/e2e-fhir.mjs: the FHIR
 * test server (scripts/fhir-server.ts, seeded with the demo clinic, with its SMART authorization
 * server) as a child process, and one origin on 127.0.0.1 serving the drop-in file (`/dist/`), the
 * pages, and forwarding `/fhir/…` and `/auth/…` to the FHIR process — as a clinic whose site fronts
 * its FHIR endpoint would, so the strict CSP (`connect-src 'self'`) holds. The Host header is passed
 * on, so SMART discovery names this origin.
 *
 *   const site = await startFhirSite({port: 0, distDir: 'dist', pages: (origin) => ({'/': html})});
 *   site.url; site.fhirBase; await site.close();
 */
import {spawn} from 'node:child_process';
import {createServer, request} from 'node:http';
import {fileURLToPath} from 'node:url';
import {staticHandler} from './serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The FHIR test server as a child process; resolves to its base URL once it says it is ready. */
function startFhirProcess(args) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/fhir-server.ts', '--port', '0', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise((ok, ko) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /FHIR server ready at (http:\/\/127\.0\.0\.1:\d+\/fhir\/R4)/.exec(out);
      if (m) ok(m[1]);
    });
    child.once('exit', (code) => ko(new Error(`the FHIR server exited (${code}): ${err}`)));
  });
  return {child, ready};
}

/**
 * @param {{port?: number, distDir?: string, admin?: boolean, pages: (origin: string) => Record<string, string>}} options
 */
export async function startFhirSite({port = 0, distDir = `${ROOT}dist`, admin = false, pages}) {
  const fhir = startFhirProcess(admin ? ['--admin'] : []);
  let site;
  try {
    const upstreamBase = new URL(await fhir.ready);
    const served = {};
    const files = staticHandler({routes: {'/dist/': distDir, '/': `${ROOT}demo`}, pages: served});
    site = createServer((req, res) => {
      if (!/^\/(fhir|auth)\//.test(req.url ?? '')) return void files(req, res);
      const upstream = request(
        {
          host: upstreamBase.hostname,
          port: upstreamBase.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise((ok, ko) => {
      site.once('error', ko);
      site.listen(port, '127.0.0.1', ok);
    });
    const origin = `http://127.0.0.1:${site.address().port}`;
    Object.assign(served, pages(origin));
    return {
      url: `${origin}/`,
      origin,
      fhirBase: `${origin}/fhir/R4`,
      /** The FHIR process's own base (tests read what was stored there directly). */
      upstreamBase: upstreamBase.toString().replace(/\/$/, ''),
      close: () =>
        new Promise((ok) => {
          site.close(() => ok());
          site.closeAllConnections();
          fhir.child.kill('SIGTERM');
        }),
    };
  } catch (e) {
    site?.close();
    fhir.child.kill('SIGTERM');
    throw e;
  }
}
