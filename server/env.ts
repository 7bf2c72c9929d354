/**
 * The server's options from environment variables (`npm run server`; `npm start` reads the same
 * delivery and cookie variables). Documented in `server/README.md`.
 */
import type {AuthMode} from './app.js';
import type {ServerOptions} from './index.js';
import {stripeFromEnv} from './stripe.js';
import {twilioFromEnv} from './twilio.js';
import {parseDocumentsKey, type DocumentFilesOptions} from './document-files.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where PGlite keeps its data: a folder, or `undefined` for memory (`memory`, or with `DATABASE_URL`). */
export function dataDirFromEnv(env: Env, fallback = '.data/pglite'): string | undefined {
  const dir = env.PORTAL_DATA_DIR ?? fallback;
  return env.DATABASE_URL || dir === 'memory' ? undefined : dir;
}

/**
 * `PORTAL_PAYMENTS=off` takes no deposits; `stripe` takes them through Stripe (with the `STRIPE_*`
 * settings: `stripeFromEnv` in server/stripe.ts); otherwise (`demo`, the default) the demo
 * provider's test cards.
 */
export function paymentsFromEnv(env: Env): false | 'demo' | 'stripe' {
  const value = env.PORTAL_PAYMENTS?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'demo') return 'demo';
  if (value === 'stripe') return 'stripe';
  if (value === 'off' || value === 'false' || value === '0') return false;
  throw new Error('PORTAL_PAYMENTS must be "demo", "stripe" or "off"');
}

/** `PORTAL_HOLDS=off`: no slot is held while the patient types (a rival learns it is taken at booking). */
export function holdsFromEnv(env: Env): boolean {
  const value = env.PORTAL_HOLDS?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'on' || value === '1') return true;
  if (value === 'off' || value === 'false' || value === '0') return false;
  throw new Error('PORTAL_HOLDS must be "on" or "off"');
}

/** `PORTAL_AUTH`: `cookie` (the default), `bearer` or `both` — how sessions travel (server/app.ts). */
export function authFromEnv(env: Env): AuthMode {
  const value = env.PORTAL_AUTH?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'cookie') return 'cookie';
  if (value === 'bearer' || value === 'both') return value;
  throw new Error('PORTAL_AUTH must be "cookie", "bearer" or "both"');
}

/**
 * `PORTAL_DOCUMENTS_DIR` and `PORTAL_DOCUMENTS_KEY` (32 bytes, hex or base64): documents' bytes in
 * encrypted files in that folder. Neither: in the database. One without the other: refused.
 * `PORTAL_DOCUMENTS_OLD_KEYS` (comma- or space-separated, while rotating): earlier keys that still
 * open their files.
 */
export function documentFilesFromEnv(env: Env): DocumentFilesOptions | undefined {
  const dir = env.PORTAL_DOCUMENTS_DIR?.trim();
  const key = env.PORTAL_DOCUMENTS_KEY?.trim();
  const oldKeys = (env.PORTAL_DOCUMENTS_OLD_KEYS ?? '').split(/[\s,]+/).filter(Boolean);
  if (!dir && !key && oldKeys.length === 0) return undefined;
  if (!dir || !key)
    throw new Error(
      'PORTAL_DOCUMENTS_DIR and PORTAL_DOCUMENTS_KEY go together (the folder and its key; PORTAL_DOCUMENTS_OLD_KEYS only with them)',
    );
  parseDocumentsKey(key);
  oldKeys.forEach((k, i) => {
    try {
      parseDocumentsKey(k);
    } catch {
      throw new Error(
        `PORTAL_DOCUMENTS_OLD_KEYS: key ${i + 1} is not 32 bytes (64 hexadecimal digits or base64)`,
      );
    }
  });
  return {dir, key, ...(oldKeys.length ? {oldKeys} : {})};
}

export function serverOptionsFromEnv(env: Env): ServerOptions {
  const documentFiles = documentFilesFromEnv(env);
  return {
    ...(documentFiles ? {documentFiles} : {}),
    databaseUrl: env.DATABASE_URL,
    dataDir: dataDirFromEnv(env),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8787),
    basePath: env.PORTAL_BASE_PATH ?? '/portal-api',
    allowedOrigins: env.PORTAL_ALLOWED_ORIGINS?.split(',').filter(Boolean),
    auth: authFromEnv(env),
    linkBase: env.PORTAL_LINK_BASE,
    secondFactor:
      env.PORTAL_SECOND_FACTOR === 'email' || env.PORTAL_SECOND_FACTOR === 'sms'
        ? env.PORTAL_SECOND_FACTOR
        : false,
    trustProxy: /^[1-9]$/.test(env.PORTAL_TRUST_PROXY ?? '') ? Number(env.PORTAL_TRUST_PROXY) : false,
    payments: paymentsFromEnv(env),
    ...(paymentsFromEnv(env) === 'stripe' ? {stripe: stripeFromEnv(env)} : {}),
    holds: holdsFromEnv(env),
    ...(env.PORTAL_SECURE_COOKIES ? {secureCookies: env.PORTAL_SECURE_COOKIES === '1'} : {}),
    ...(env.PORTAL_COOKIE_SAMESITE === 'None' || env.PORTAL_COOKIE_SAMESITE === 'Strict'
      ? {sameSite: env.PORTAL_COOKIE_SAMESITE}
      : {}),
    // SMS and voice through Twilio when TWILIO_ACCOUNT_SID is set (server/twilio.ts).
    delivery: {smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM, ...twilioFromEnv(env)},
    // Development only, and only when asked for by name.
    devTools: env.PORTAL_DEV_OUTBOX === '1',
    demoAccounts: env.PORTAL_DEMO === '1',
    ...(env.PORTAL_SMS_COUNTRIES ? {smsCountries: env.PORTAL_SMS_COUNTRIES.split(',').filter(Boolean)} : {}),
    ...(/^\d+$/.test(env.PORTAL_SMS_HOURLY_BUDGET ?? '')
      ? {smsHourlyBudget: Number(env.PORTAL_SMS_HOURLY_BUDGET)}
      : {}),
  };
}
