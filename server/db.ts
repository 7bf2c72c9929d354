/**
 * The database: PGlite (PostgreSQL in WebAssembly) by default — in memory, or on disk in a data
 * folder — and PostgreSQL when a connection URL is given. One SQL dialect, one set of migrations
 * (`server/migrations/*.sql`, applied in name order, each once).
 */
import {closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {log} from './log.js';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `body` in one transaction (READ COMMITTED); rolls back if it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  /** PGlite only: the whole data folder as a tar file (what `pgliteTemplate` starts from). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…` selects PostgreSQL; otherwise PGlite. */
  readonly url?: string;
  /** PGlite's data folder (absent: in memory). */
  readonly dataDir?: string;
  /** PostgreSQL only: a schema of its own (created if missing), e.g. one per test suite. */
  readonly schema?: string;
  /**
   * PGlite in memory only: a data folder saved with PGlite's `dumpDataDir` (a tar file) to start
   * from instead of a new cluster — under a second instead of three or more. The test suites make
   * one, migrated, before they start (see `test/server/global-setup.ts`); migrations still run
   * after, so an older file only costs the missing ones.
   */
  readonly pgliteTemplate?: string;
}

/** PostgreSQL's code for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as {code?: unknown}).code === UNIQUE_VIOLATION;
}

/** How long a caller is told to wait while the database cannot be reached (seconds). */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * The database cannot be reached (refused, cut, shutting down, timed out): the request is answered
 * 503 with `Retry-After`, and the next one tries again (the pool opens new connections).
 */
export class DatabaseUnavailableError extends Error {
  readonly retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_S;
  constructor(readonly reason: string) {
    super(`database unavailable (${reason})`);
    this.name = 'DatabaseUnavailableError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** Why this error means the database is unreachable (a code to log), or undefined when it does not. */
export function unavailableReason(e: unknown): string | undefined {
  if (e instanceof DatabaseUnavailableError) return e.reason;
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as {code?: unknown}).code;
  // Class 08: connection exceptions.
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return code;
  const message = (e as {message?: unknown}).message;
  if (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i.test(
      message,
    )
  )
    return 'connection-lost';
  return undefined;
}

/** The error to throw for `e`: a {@link DatabaseUnavailableError} when the database is unreachable. */
function classified(e: unknown): unknown {
  const reason = unavailableReason(e);
  return reason && !(e instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(reason) : e;
}

/** `host:port` of a connection URL: for messages (never the user or the password). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}

export async function openDb(options: DbOptions = {}): Promise<Db> {
  const db =
    options.url && /^postgres(ql)?:/.test(options.url)
      ? await openPostgres(options.url, options.schema)
      : await openPglite(options.dataDir, options.pgliteTemplate);
  await migrate(db);
  return db;
}

/** The lock file in a PGlite data folder: the process that has it open (its pid). */
export const PGLITE_LOCK = 'portal-server.lock';

/** A PGlite folder opened by another live process (issue 14 item 3: two openers lose writes). */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The PGlite data folder ${dataDir} is in use by process ${pid} (a running server?): stop the server first. ` +
        'Several processes need PostgreSQL (DATABASE_URL).',
    );
    this.name = 'DataFolderInUseError';
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as {code?: string}).code === 'EPERM';
  }
};

/**
 * Takes the folder's lock (a file holding this process's pid, created exclusively); a lock left
 * by a process that is gone (killed) is taken over. Returns the function that releases it.
 */
function lockFolder(dataDir: string): () => void {
  mkdirSync(dataDir, {recursive: true});
  const file = join(dataDir, PGLITE_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, {force: true});
    } catch (e) {
      if ((e as {code?: string}).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DataFolderInUseError(dataDir, pid);
      rmSync(file, {force: true});
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

async function openPglite(dataDir: string | undefined, template: string | undefined): Promise<Db> {
  const {PGlite} = await import('@electric-sql/pglite');
  const unlock = dataDir ? lockFolder(dataDir) : () => undefined;
  let pg: InstanceType<typeof PGlite>;
  try {
    pg = dataDir
      ? new PGlite(dataDir)
      : template
        ? new PGlite({loadDataDir: new Blob([readFileSync(template)])})
        : new PGlite();
    await pg.waitReady;
  } catch (e) {
    unlock();
    throw e;
  }
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await pg.query<T>(sql, [...params])).rows;
    },
    transaction<T>(body: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) =>
        body({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<R>(sql, [...params])).rows;
          },
        }),
      ) as Promise<T>;
    },
    dumpDataDir: async () => (await pg.dumpDataDir('none')) as Blob,
    async close() {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  const {default: pg} = await import('pg');
  // bigint columns hold epoch milliseconds: safe as JS numbers.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  if (schema) {
    const setup = new pg.Client({connectionString: url});
    await setup.connect();
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await setup.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // An unreachable host fails the request (503) instead of hanging it.
    connectionTimeoutMillis: 5_000,
    ...(schema ? {options: `-c search_path=${schema}`} : {}),
  });
  const target = describeTarget(url);
  // A connection the server cut while idle in the pool (a restart, a failover): without a
  // listener the process would exit. The pool drops it and opens a new one when needed.
  const lost = (e: unknown) =>
    log('warn', 'database connection lost', {db: target, reason: unavailableReason(e) ?? 'error'});
  pool.on('error', lost);
  const query = async <T>(
    client: {query(sql: string, params: unknown[]): Promise<{rows: unknown[]}>},
    sql: string,
    params: readonly unknown[] = [],
  ) => {
    try {
      return (await client.query(sql, [...params])).rows as T[];
    } catch (e) {
      throw classified(e);
    }
  };
  return {
    kind: 'postgres',
    query: (sql, params) => query(pool, sql, params),
    async transaction<T>(body: (tx: Queryable) => Promise<T>) {
      let client: import('pg').PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw classified(e);
      }
      // Cut while checked out (between two statements): handled, the statement after fails.
      client.on('error', lost);
      let broken: unknown;
      try {
        await query(client, 'BEGIN');
        const result = await body({query: (sql, params) => query(client, sql, params)});
        await query(client, 'COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((r: unknown) => {
          broken = r;
        });
        throw e;
      } finally {
        client.off('error', lost);
        // A connection that could not roll back is not given back to the pool.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Writes collected and sent as one statement: a transaction's last writes (the ones nothing reads
 * back: an appointment, its skipped reminders, the confirmation messages, the audit line) cost one
 * round trip instead of one each, while the transaction holds its locks. Only `INSERT`, `UPDATE` and
 * `DELETE` without `RETURNING` (their answer is empty); `run` sends them, as data-modifying `WITH`
 * parts of one statement (each runs exactly once; foreign keys are checked at the statement's end).
 */
export class WriteBatch implements Queryable {
  private readonly parts: {sql: string; params: readonly unknown[]}[] = [];

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (!/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql) || /\bRETURNING\b/i.test(sql))
      throw new Error('a write batch holds writes whose answer nobody reads');
    this.parts.push({sql, params});
    return [];
  }

  /** Sends the writes collected (in one statement) through `q`. */
  async run(q: Queryable): Promise<void> {
    const parts = this.parts.splice(0);
    if (parts.length === 0) return;
    if (parts.length === 1) {
      await q.query(parts[0].sql, parts[0].params);
      return;
    }
    let offset = 0;
    const steps = parts.map((p, i) => {
      const shift = offset;
      offset += p.params.length;
      return `w${i} AS (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`)})`;
    });
    await q.query(
      `WITH ${steps.join(',\n')} SELECT 1`,
      parts.flatMap((p) => p.params),
    );
  }
}

const MIGRATIONS = new URL('./migrations/', import.meta.url);

const migrationNames = (): string[] =>
  readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();

/** The migrations not applied to this database (readiness: none). Throws when it cannot be reached. */
export async function pendingMigrations(db: Queryable): Promise<string[]> {
  const done = new Set(
    (await db.query<{name: string}>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  return migrationNames().filter((n) => !done.has(n));
}

export async function migrate(db: Db): Promise<string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await db.query<{name: string}>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of migrationNames()) {
    if (done.has(name)) continue;
    const sql = readFileSync(new URL(name, MIGRATIONS), 'utf8');
    await db.transaction(async (tx) => {
      // The migration lock: two servers starting at once apply each migration once.
      await tx.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (again.length > 0) return;
      for (const statement of splitSql(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
    });
    applied.push(name);
  }
  return applied;
}

/** Statements of a migration file (no semicolons inside literals in our migrations). */
function splitSql(sql: string): string[] {
  const text = sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n');
  // Statements end at `;`, except inside a `$$ … $$` body (a function's).
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('$$', i)) {
      quoted = !quoted;
      i++;
    } else if (text[i] === ';' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
