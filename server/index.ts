/**
 * Starts the reference server: the database (PGlite in memory or in a data folder, or PostgreSQL
 * by URL), the migrations, the demo clinic's seed on an empty database, and the HTTP listener.
 */
import {serve, type ServerType} from '@hono/node-server';
import {createDemoClinicData} from '../src/adapters/memory/demo-clinic.js';
import type {MemoryClinicData} from '../src/adapters/memory/memory-adapter.js';
import {createApp, type AppOptions} from './app.js';
import {loadStoredClinicConfig} from './clinic-config.js';
import {openDb, type Db} from './db.js';
import {Dispatcher, type DeliveryOptions} from './delivery.js';
import {Portal} from './portal.js';

export interface ServerOptions extends AppOptions {
  /** `postgres://…` for PostgreSQL; otherwise PGlite. */
  readonly databaseUrl?: string;
  /** PGlite's data folder (absent: in memory). */
  readonly dataDir?: string;
  /** PostgreSQL only: the schema to use (created if missing). */
  readonly schema?: string;
  /** An open database to use instead (tests share one per suite). */
  readonly db?: Db;
  readonly host?: string;
  /** 0: a free port. */
  readonly port?: number;
  readonly clock?: () => number;
  readonly data?: MemoryClinicData;
  readonly linkBase?: string;
  /** A second sign-in factor by email or SMS (default: none). */
  readonly secondFactor?: false | 'email' | 'sms';
  /** How messages leave the outbox (SMTP URL, SMS and voice providers). */
  readonly delivery?: DeliveryOptions;
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
  close(): Promise<void>;
}

const DATA_TABLES = [
  'audit_log',
  'outbox',
  'sign_in_failures',
  'phone_tokens',
  'phone_challenges',
  'reminder_tokens',
  'reminders_sent',
  'links',
  'test_reminders',
  'sign_in_challenges',
  'idempotency_keys',
  'holds',
  'sessions',
  'appointments',
  'provider_calendars',
  'patients',
  'clinic_config',
];

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownDb = !options.db;
  const db =
    options.db ??
    (await openDb({url: options.databaseUrl, dataDir: options.dataDir, schema: options.schema}));
  const portal = new Portal({
    db,
    // The clinic: given, else the configuration loaded into this database, else the demo clinic.
    data: options.data ?? (await loadStoredClinicConfig(db)) ?? createDemoClinicData(),
    clock: options.clock,
    linkBase: options.linkBase,
    secondFactor: options.secondFactor,
  });
  const [{n}] = await db.query<{n: number}>('SELECT count(*)::int AS n FROM patients');
  if (Number(n) === 0) await portal.seed();
  const {app, resetLimits} = createApp(portal, options);
  const host = options.host ?? '127.0.0.1';
  const {server, port} = await new Promise<{server: ServerType; port: number}>((resolve) => {
    const s = serve({fetch: app.fetch, hostname: host, port: options.port ?? 0}, (info) =>
      resolve({server: s, port: info.port}),
    );
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${options.basePath ?? ''}`;
  const dispatcher = new Dispatcher(db, options.delivery ?? {});
  return {
    url,
    portal,
    db,
    dispatcher,
    async reset() {
      await db.query(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
      resetLimits();
      await portal.seed();
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as {closeAllConnections?: () => void}).closeAllConnections?.();
      });
      dispatcher.close();
      if (ownDb) await db.close();
    },
  };
}
