/**
 * Starts the reference server: the database (PGlite in memory or in a data folder, or PostgreSQL
 * by URL), the migrations, the demo clinic's seed on an empty database, and the HTTP listener.
 * {@link createPortalServer} is the same without the listener (for a host that serves the API
 * beside other things on one origin, as `npm start` does with the demo page).
 */
import {serve, type ServerType} from '@hono/node-server';
import {createDemoClinicData} from '../src/adapters/memory/demo-data.js';
import {demoForms} from '../src/adapters/memory/demo-forms.js';
import {demoBilling} from '../src/adapters/memory/demo-billing.js';
import {demoMedical} from '../src/adapters/memory/demo-medical.js';
import {demoInsurance} from '../src/adapters/memory/demo-insurance.js';
import {demoPhotos} from '../src/adapters/memory/demo-photo.js';
import {createApp, type AppOptions} from './app.js';
import {loadStoredClinicConfig, type ServerClinicData} from './clinic-config.js';
import {openDb, type Db} from './db.js';
import {Dispatcher, type DeliveryOptions} from './delivery.js';
import {openDocumentFiles, type DocumentFilesOptions} from './document-files.js';
import {createDevTools, DEV_TOOLS_PATH} from './dev-tools.js';
import {Portal} from './portal.js';
import {log} from './log.js';
import {countPatients} from './repositories/patients.js';
import type {StripeOptions} from './stripe.js';

export interface ServerOptions extends AppOptions {
  /** `postgres://…` for PostgreSQL; otherwise PGlite. */
  readonly databaseUrl?: string;
  /** PGlite's data folder (absent: in memory). */
  readonly dataDir?: string;
  /** PostgreSQL only: the schema to use (created if missing). */
  readonly schema?: string;
  /** PGlite in memory only: start from this saved data folder (see `DbOptions.pgliteTemplate`). */
  readonly pgliteTemplate?: string;
  /** An open database to use instead (tests share one per suite). */
  readonly db?: Db;
  readonly host?: string;
  /** 0: a free port. */
  readonly port?: number;
  readonly clock?: () => number;
  /** The clinic (else the configuration loaded into the database, else the demo clinic). */
  readonly data?: ServerClinicData;
  readonly linkBase?: string;
  /** A second sign-in factor by email or SMS (default: none). */
  readonly secondFactor?: false | 'email' | 'sms';
  /**
   * Deposits and balance payments: `demo` (default) with the demo payment provider's test cards
   * when the clinic has a deposit policy; `stripe` through Stripe (with {@link stripe}); `false`:
   * none asked for.
   */
  readonly payments?: false | 'demo' | 'stripe';
  /** Stripe's keys and API base for `payments: 'stripe'` (`stripeFromEnv` in `server/stripe.ts`). */
  readonly stripe?: StripeOptions;
  /** Holds while the patient types their details (default true; `PORTAL_HOLDS=off`: none). */
  readonly holds?: boolean;
  /** Rate limits and lockouts (default on; off only for benchmarks and flooding tests). */
  readonly rateLimits?: boolean;
  /** Countries (ISO codes) SMS may go to (default: the clinic's country and its neighbours). */
  readonly smsCountries?: readonly string[];
  /** SMS per hour, all numbers together (default 500); past it SMS are refused and an error logged. */
  readonly smsHourlyBudget?: number;
  /** How messages leave the outbox (SMTP URL, SMS and voice providers). */
  readonly delivery?: DeliveryOptions;
  /**
   * Documents' bytes in this folder, encrypted with AES-256-GCM under this key
   * (`PORTAL_DOCUMENTS_DIR`, `PORTAL_DOCUMENTS_KEY`; `server/document-files.ts`). Absent: in the
   * database. A folder whose `key-check` does not open with the key: the server does not start.
   */
  readonly documentFiles?: DocumentFilesOptions;
  /**
   * Development only (`npm start`, `PORTAL_DEV_OUTBOX=1`): serves the development outbox and the
   * "send the reminders due now" switch under {@link DEV_TOOLS_PATH} (`server/dev-tools.ts`).
   * Off by default: it shows every message sent, tokens included.
   */
  readonly devTools?: boolean;
  /**
   * With no clinic given or configured, the demo clinic is served; this says whether its demo
   * accounts and appointments (with the published password) come with it. Default true (tests,
   * `npm start`); `npm run server` turns it off unless started with `--demo` or `PORTAL_DEMO=1`.
   */
  readonly demoAccounts?: boolean;
  /**
   * How long {@link RunningServer.close} lets the requests in flight finish before it cuts their
   * connections (ms; default 10 000).
   */
  readonly shutdownGraceMs?: number;
}

/** The server without its listener: a fetch handler for the API (and the dev tools when on). */
export interface PortalServer {
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  readonly portal: Portal;
  readonly db: Db;
  /** Delivers what is waiting in the outbox (the scheduler calls it; tests call it directly). */
  readonly dispatcher: Dispatcher;
  /** Empties every table and seeds the clinic again, as of the clock now (tests). */
  reset(): Promise<void>;
  /** Closes the dispatcher and (if it opened it) the database. */
  close(): Promise<void>;
}

export interface RunningServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:40123/portal-api`. */
  readonly url: string;
  readonly portal: Portal;
  readonly db: Db;
  /** Delivers what is waiting in the outbox (the scheduler calls it; tests call it directly). */
  readonly dispatcher: Dispatcher;
  /** Empties every table and seeds the clinic again, as of the clock now (tests). */
  reset(): Promise<void>;
  /**
   * Stops accepting connections, lets the requests in flight finish (at most `shutdownGraceMs`,
   * then cuts them), then closes the dispatcher and (if it opened it) the database.
   */
  close(): Promise<void>;
}

const DATA_TABLES = [
  'form_responses',
  'consent_signatures',
  'audit_log',
  'outbox',
  'rate_limits',
  'phone_tokens',
  'phone_challenges',
  'reminder_tokens',
  'reminders_sent',
  'links',
  'test_reminders',
  'sign_in_challenges',
  'idempotency_keys',
  'stripe_events',
  'stripe_fee_charges',
  'stripe_refunds',
  'stripe_customers',
  'payment_intents',
  'waitlist_offers',
  'waitlist_entries',
  'holds',
  'sessions',
  'invoices',
  'medical_entries',
  'insurance_card_photos',
  'insurance_cards',
  'billing_details',
  'profile_photos',
  'conversation_messages',
  'conversations',
  'appointments',
  'documents',
  'patients',
  'clinic_config',
];

function demoClinic(withAccounts: boolean): ServerClinicData {
  const {patients, appointments, ...rest} = createDemoClinicData();
  const clinic = {
    ...rest,
    ...demoForms(),
    billing: demoBilling().profile,
    medical: demoMedical(),
    insurance: demoInsurance(),
    photos: demoPhotos(),
  };
  return withAccounts ? {...clinic, patients, appointments} : clinic;
}

export async function createPortalServer(options: ServerOptions = {}): Promise<PortalServer> {
  const ownDb = !options.db;
  const db =
    options.db ??
    (await openDb({
      url: options.databaseUrl,
      dataDir: options.dataDir,
      schema: options.schema,
      pgliteTemplate: options.pgliteTemplate,
    }));
  // Before anything else: a wrong key stops the server here (closing a database it opened).
  let documentFiles;
  try {
    documentFiles = options.documentFiles ? await openDocumentFiles(options.documentFiles) : undefined;
  } catch (e) {
    if (ownDb) await db.close();
    throw e;
  }
  const portal = new Portal({
    db,
    documentFiles,
    // The clinic: given, else the configuration loaded into this database, else the demo clinic
    // (with its demo accounts only when asked: they have a published password).
    data: options.data ?? (await loadStoredClinicConfig(db)) ?? demoClinic(options.demoAccounts ?? true),
    clock: options.clock,
    linkBase: options.linkBase,
    secondFactor: options.secondFactor,
    payments: options.payments,
    stripe: options.stripe,
    holds: options.holds,
    rateLimits: options.rateLimits,
    smsCountries: options.smsCountries,
    smsHourlyBudget: options.smsHourlyBudget,
  });
  if ((await countPatients(db)) === 0) await portal.seed();
  const {app} = createApp(portal, options);
  // The development outbox shows delivered messages: only then are their contents kept (7 days).
  // The outbox's ages are on the portal's clock, which the development clock may move: the
  // dispatcher reads that clock, not the one the server started with.
  const dispatcher = new Dispatcher(db, {keepDelivered: options.devTools === true, ...options.delivery}, () =>
    portal.clock(),
  );
  const reset = async () => {
    await db.query(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    // TRUNCATE fires no row trigger: the calendars' versions move on here (never back), so no
    // availability answer kept by any server process on this database is given again.
    await db.query('UPDATE provider_calendars SET version = version + 1');
    // And what this process remembers of the limits goes with their rows.
    await portal.context.limits.clear('', {prefix: true});
    await portal.seed();
  };
  const dev = options.devTools ? createDevTools({portal, dispatcher, reset}) : undefined;
  return {
    fetch: (request, env) =>
      dev && new URL(request.url).pathname.startsWith(`${DEV_TOOLS_PATH}/`)
        ? dev.fetch(request, env)
        : app.fetch(request, env),
    portal,
    db,
    dispatcher,
    reset,
    async close() {
      dispatcher.close();
      if (ownDb) await db.close();
    },
  };
}

/** How long an idle kept-alive connection stays open (Node's default is 5 s). */
export const KEEP_ALIVE_MS = 65_000;

/**
 * Idle connections kept 65 s rather than Node's 5 s: a client (or a proxy in front: nginx keeps
 * its upstream connections 60 s, cloud load balancers 60 s) that sends a request on a connection
 * the server is closing at that moment gets a reset, and a POST is not retried — a patient's
 * message with a file failed as "network" when building its body took longer than 5 s. The
 * client's side closes first now. The headers' timeout stays above it, as Node requires.
 */
function keepConnectionsOpen(server: ServerType): void {
  const http = server as {keepAliveTimeout?: number; headersTimeout?: number};
  http.keepAliveTimeout = KEEP_ALIVE_MS;
  http.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const core = await createPortalServer(options);
  const host = options.host ?? '127.0.0.1';
  const {server, port} = await new Promise<{server: ServerType; port: number}>((resolve) => {
    const s = serve({fetch: core.fetch, hostname: host, port: options.port ?? 0}, (info) =>
      resolve({server: s, port: info.port}),
    );
    keepConnectionsOpen(s);
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${options.basePath ?? ''}`;
  return {
    url,
    portal: core.portal,
    db: core.db,
    dispatcher: core.dispatcher,
    reset: () => core.reset(),
    async close() {
      const http = server as {closeIdleConnections?: () => void; closeAllConnections?: () => void};
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => {
          log('warn', 'requests still in flight after the grace period: cut', {
            graceMs: options.shutdownGraceMs ?? 10_000,
          });
          http.closeAllConnections?.();
        }, options.shutdownGraceMs ?? 10_000);
        // No new connections; an idle kept-alive one is closed now, a busy one after its answer.
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        http.closeIdleConnections?.();
      });
      await core.close();
    },
  };
}

/**
 * The server's timers: every minute the reminders that are due go out (once each: each reminder
 * is claimed in the database, so restarts and several servers never send one twice), and every
 * 5 s the outbox is delivered. Returns the function that stops them.
 */
export function startSchedulers(server: Pick<PortalServer, 'portal' | 'dispatcher'>): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const track = (run: Promise<unknown>, what: string) => {
    const p = run
      .catch((e: unknown) =>
        log('error', `${what} failed`, {error: e instanceof Error ? e.constructor.name : typeof e}),
      )
      .finally(() => running.delete(p));
    running.add(p);
  };
  const reminders = setInterval(() => {
    track(
      server.portal.sendDueReminders().then(() => server.dispatcher.deliver()),
      'reminder or delivery run',
    );
  }, 60_000);
  const delivery = setInterval(() => track(server.dispatcher.deliver(), 'delivery run'), 5_000);
  // Stops both timers and waits for a run already going (so the database is not closed under it).
  return async () => {
    clearInterval(reminders);
    clearInterval(delivery);
    await Promise.allSettled([...running]);
  };
}
