/**
 * The database: PGlite (PostgreSQL in WebAssembly) by default — in memory, or on disk in a data
 * folder — and PostgreSQL when a connection URL is given. One SQL dialect, one set of migrations
 * (`server/migrations/*.sql`, applied in name order, each once).
 */
import {readFileSync, readdirSync} from 'node:fs';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `body` in one transaction (READ COMMITTED); rolls back if it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…` selects PostgreSQL; otherwise PGlite. */
  readonly url?: string;
  /** PGlite's data folder (absent: in memory). */
  readonly dataDir?: string;
  /** PostgreSQL only: a schema of its own (created if missing), e.g. one per test suite. */
  readonly schema?: string;
}

/** PostgreSQL's code for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as {code?: unknown}).code === UNIQUE_VIOLATION;
}

export async function openDb(options: DbOptions = {}): Promise<Db> {
  const db =
    options.url && /^postgres(ql)?:/.test(options.url)
      ? await openPostgres(options.url, options.schema)
      : await openPglite(options.dataDir);
  await migrate(db);
  return db;
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  const {PGlite} = await import('@electric-sql/pglite');
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
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
    close: () => pg.close(),
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
    ...(schema ? {options: `-c search_path=${schema}`} : {}),
  });
  const query = async <T>(
    client: {query(sql: string, params: unknown[]): Promise<{rows: unknown[]}>},
    sql: string,
    params: readonly unknown[] = [],
  ) => (await client.query(sql, [...params])).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => query(pool, sql, params),
    async transaction<T>(body: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await body({query: (sql, params) => query(client, sql, params)});
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const MIGRATIONS = new URL('./migrations/', import.meta.url);

export async function migrate(db: Db): Promise<string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await db.query<{name: string}>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
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
  return sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
