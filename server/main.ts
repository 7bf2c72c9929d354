/**
 * `npm run server`: the reference server with the demo clinic.
 *
 * Environment: `DATABASE_URL` (postgres://… for PostgreSQL), `PORTAL_DATA_DIR` (PGlite's data
 * folder, default `.data/pglite`; `memory` for none), `PORT` (default 8787), `HOST` (default
 * 127.0.0.1), `PORTAL_BASE_PATH` (default `/portal-api`), `PORTAL_ALLOWED_ORIGINS` (comma-separated,
 * for pages on another origin), `PORTAL_LINK_BASE` (the clinic's portal page, for links in
 * messages), `SMTP_URL` (smtp://… for email; without it email stays in the outbox table),
 * `MAIL_FROM`, `PORTAL_TRUST_PROXY=1` (client address from X-Forwarded-For), `PORTAL_SECURE_COOKIES=1`
 * (behind a TLS-terminating proxy), `PORTAL_COOKIE_SAMESITE` (`None` for a page on another site).
 */
import {mkdirSync} from 'node:fs';
import {startServer} from './index.js';

const env = process.env;
const dataDir = env.PORTAL_DATA_DIR ?? '.data/pglite';
if (!env.DATABASE_URL && dataDir !== 'memory') mkdirSync(dataDir, {recursive: true});
const server = await startServer({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.DATABASE_URL || dataDir === 'memory' ? undefined : dataDir,
  host: env.HOST ?? '127.0.0.1',
  port: Number(env.PORT ?? 8787),
  basePath: env.PORTAL_BASE_PATH ?? '/portal-api',
  allowedOrigins: env.PORTAL_ALLOWED_ORIGINS?.split(',').filter(Boolean),
  linkBase: env.PORTAL_LINK_BASE,
  secondFactor:
    env.PORTAL_SECOND_FACTOR === 'email' || env.PORTAL_SECOND_FACTOR === 'sms'
      ? env.PORTAL_SECOND_FACTOR
      : false,
  trustProxy: env.PORTAL_TRUST_PROXY === '1',
  ...(env.PORTAL_SECURE_COOKIES ? {secureCookies: env.PORTAL_SECURE_COOKIES === '1'} : {}),
  ...(env.PORTAL_COOKIE_SAMESITE === 'None' || env.PORTAL_COOKIE_SAMESITE === 'Strict'
    ? {sameSite: env.PORTAL_COOKIE_SAMESITE}
    : {}),
  delivery: {smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM},
});
console.log(`Patient portal reference server on ${server.url} (${server.db.kind})`);
// The reminder scheduler: every minute, the reminders due go out once each (to the development
// outbox until the mailer lands). Each reminder is claimed in the database, so restarts and
// several servers never send one twice.
const reminders = setInterval(() => {
  server.portal
    .sendDueReminders()
    .then(() => server.dispatcher.deliver())
    .catch(() => console.error('reminder or delivery run failed'));
}, 60_000);
// Messages written by requests (codes, confirmations) go out within seconds.
const delivery = setInterval(() => {
  server.dispatcher.deliver().catch(() => console.error('delivery run failed'));
}, 5_000);
const stop = () => {
  clearInterval(reminders);
  clearInterval(delivery);
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
