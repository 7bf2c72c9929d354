/**
 * `npm run server`: the reference server. It serves the clinic loaded with `npm run
 * server:load-clinic`, else the demo clinic's catalog and schedules — without the demo accounts
 * (their password is published) unless started with `--demo` (`npm run server -- --demo`) or
 * `PORTAL_DEMO=1`.
 *
 * Environment: `DATABASE_URL` (postgres://… for PostgreSQL), `PORTAL_DATA_DIR` (PGlite's data
 * folder, default `.data/pglite`; `memory` for none), `PORT` (default 8787), `HOST` (default
 * 127.0.0.1), `PORTAL_BASE_PATH` (default `/portal-api`), `PORTAL_ALLOWED_ORIGINS` (comma-separated,
 * for pages on another origin), `PORTAL_LINK_BASE` (the clinic's portal page, for links in
 * messages), `SMTP_URL` (smtp://… for email; without it email stays in the outbox table),
 * `MAIL_FROM`, `PORTAL_TRUST_PROXY=N` (N reverse proxies in front: the client address is the one the outermost appended to X-Forwarded-For), `PORTAL_SECURE_COOKIES=1`
 * (behind a TLS-terminating proxy), `PORTAL_COOKIE_SAMESITE` (`None` for a page on another site),
 * `PORTAL_AUTH` (`cookie`, the default; `bearer` or `both` for access tokens in `Authorization`),
 * `PORTAL_DEV_OUTBOX=1` (development only: the development outbox under /portal-dev),
 * `PORTAL_PAYMENTS=off`, `PORTAL_HOLDS=off`, `TWILIO_ACCOUNT_SID` and the other `TWILIO_*`
 * variables (SMS and voice through Twilio; server/twilio.ts).
 */
import {mkdirSync} from 'node:fs';
import {describeTarget, unavailableReason} from './db.js';
import {DEV_TOOLS_PATH} from './dev-tools.js';
import {serverOptionsFromEnv} from './env.js';
import {startSchedulers, startServer, type RunningServer} from './index.js';
import {log} from './log.js';

const fromEnv = serverOptionsFromEnv(process.env);
const options = process.argv.includes('--demo') ? {...fromEnv, demoAccounts: true} : fromEnv;
if (options.dataDir) mkdirSync(options.dataDir, {recursive: true});
let server: RunningServer;
try {
  server = await startServer(options);
} catch (e) {
  // One line, no stack, never the connection URL (it may hold a password).
  const reason = unavailableReason(e);
  const message =
    reason && options.databaseUrl
      ? `Cannot start: PostgreSQL at ${describeTarget(options.databaseUrl)} is unreachable (${reason}).`
      : `Cannot start: ${e instanceof Error ? e.message : String(e)}`.replace(/\/\/[^@\s/]*@/g, '//');
  console.error(message.split('\n')[0]);
  process.exit(1);
}
console.log(`Patient portal reference server on ${server.url} (${server.db.kind})`);
if (options.demoAccounts)
  console.log(
    'Demo accounts ON (--demo): the demo patient signs in with the published password — never in production',
  );
if (options.devTools)
  console.log(
    `Development outbox ON (PORTAL_DEV_OUTBOX=1): ${new URL(server.url).origin}${DEV_TOOLS_PATH}/outbox — never in production`,
  );
const stopSchedulers = startSchedulers(server);
/** Hard limit on a shutdown: the grace for requests in flight (10 s) and a little more. */
const SHUTDOWN_LIMIT_MS = 14_000;
let stopping = false;
/**
 * SIGTERM / SIGINT: stop accepting, finish the requests in flight (at most 10 s), stop the reminder
 * pass and the dispatcher (waiting for a run already going), close the database, exit 0.
 */
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log('info', 'shutting down', {signal});
  setTimeout(() => {
    log('error', 'shutdown took too long: exiting', {limitMs: SHUTDOWN_LIMIT_MS});
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  const scheduled = stopSchedulers();
  void server
    .close()
    .then(() => scheduled)
    .then(
      () => {
        log('info', 'stopped', {signal});
        process.exit(0);
      },
      (e: unknown) => {
        log('error', 'shutdown failed', {error: e instanceof Error ? e.constructor.name : typeof e});
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// `npm run server` runs this file through a shell that does not pass SIGTERM on: when the process
// that started it goes away (a process manager stopped npm), shut down the same way.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
