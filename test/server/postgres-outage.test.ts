/**
 * Issue 14 item 2 (QUALITY 36): PostgreSQL restarting or unreachable. A throwaway cluster of its
 * own (Debian's postgresql-15 binaries, on a port of its own: the shared test cluster is never
 * stopped) is stopped and started under a running server: while it is down every request that
 * needs the database gets 503 problem+json with `Retry-After`, `/health` stays 200 and `/ready`
 * says 503; once it is back the same server process serves again. A server started against an
 * unreachable database exits non-zero with one line naming host and port, without a stack or the
 * password. Skipped (saying so) without the binaries, except under CI.
 */
import {spawn, spawnSync} from 'node:child_process';
import {chownSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startServer, type RunningServer} from '../../server/index.js';
import {captureLog} from '../../server/log.js';
import {testDatabase} from './helpers.js';
import {portalContract} from '../../server/openapi.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const HAVE_PG = existsSync(join(BIN, 'initdb'));
if (!HAVE_PG && process.env.CI) throw new Error(`PostgreSQL binaries not found in ${BIN}`);
const PORT = 56000 + (process.pid % 1000);

function asPostgres(command: string): void {
  const root = process.getuid?.() === 0;
  const r = root
    ? spawnSync('su', ['postgres', '-c', command], {encoding: 'utf8', timeout: 60_000})
    : spawnSync('sh', ['-c', command], {encoding: 'utf8', timeout: 60_000});
  if (r.status !== 0) throw new Error(`${command}\n${r.stdout}\n${r.stderr}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `done` says yes or `ms` pass; the last answer. */
async function until(ask: () => Promise<Response>, done: (r: Response) => boolean, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await ask();
    if (done(r) || Date.now() > end) return r;
    await r.body?.cancel();
    await sleep(200);
  }
}

describe.skipIf(!HAVE_PG)('PostgreSQL stopped and started under a running server (QUALITY 36)', () => {
  let dir = '';
  let server: RunningServer;
  const start = () =>
    asPostgres(
      `${BIN}/pg_ctl -D ${dir}/data -l ${dir}/log -o '-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off' -w start >/dev/null`,
    );
  const stop = () => asPostgres(`${BIN}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-pg-outage-'));
    if (process.getuid?.() === 0)
      chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).stdout.trim()), 0);
    asPostgres(`${BIN}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`);
    start();
    server = await startServer({databaseUrl: `postgres://postgres@127.0.0.1:${PORT}/postgres`});
  }, 120_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    try {
      stop();
    } catch {
      // already stopped
    }
    rmSync(dir, {recursive: true, force: true});
  }, 60_000);

  const availability = () => {
    const q = new URLSearchParams({
      serviceId: 'svc-general',
      providerId: 'any',
      from: new Date().toISOString(),
      to: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    return fetch(`${server.url}/availability?${q}`);
  };

  it('answers 503 with Retry-After while it is down and serves again when it is back, without a restart', async () => {
    const contract = portalContract();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    const before = await availability();
    expect(before.status).toBe(200);
    await before.body?.cancel();

    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    stop();
    // The pool's idle connections were cut: the process is still here, and says why it cannot serve.
    const down = await until(availability, (r) => r.status === 503, 10_000);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await down.json()) as {status: number; code: string; retryAfter?: number};
    expect(body).toMatchObject({status: 503, code: 'server'});
    expect(body.retryAfter).toBeGreaterThan(0);
    const op = contract.match('GET', '/availability')!.operation;
    expect(
      contract.validateResponse(op, {status: 503, headers: down.headers, body}),
      'the 503 matches the contract',
    ).toEqual([]);
    // A write too: 503, nothing half-done.
    const hold = await fetch(`${server.url}/holds`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'x'},
      body: JSON.stringify({slot: {id: 'x', start: new Date().toISOString()}, serviceIds: ['svc-general']}),
    });
    expect([503, 422]).toContain(hold.status);
    await hold.body?.cancel();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const notReady = await fetch(`${server.url}/ready`);
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('retry-after')).toBeTruthy();
    await notReady.body?.cancel();

    restore();
    // Each cut connection is logged as one JSON line, without the connection URL.
    const lost = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lost.some((l) => l.msg === 'database connection lost' && l.db === `127.0.0.1:${PORT}`)).toBe(true);
    expect(lines.join('\n')).not.toContain('postgres://');

    start();
    const back = await until(availability, (r) => r.status === 200, 15_000);
    expect(back.status).toBe(200);
    await back.body?.cancel();
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  }, 90_000);
});

describe('a server started against an unreachable PostgreSQL', () => {
  it('exits non-zero with one line naming host and port, no stack, no password', async () => {
    const secret = 'S3cretPassw0rd';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `postgres://portal:${secret}@127.0.0.1:1/portal`,
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = out.trim().split('\n');
    expect(lines.length, out).toBe(1);
    expect(lines[0]).toContain('127.0.0.1:1');
    expect(out).not.toContain(secret);
    expect(out).not.toMatch(/\n\s+at /);
  }, 40_000);
});

describe('health and readiness on the suite’s database', () => {
  const database = testDatabase('health');
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(database.options);
  }, 120_000);
  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  it(`answers /health and /ready (${database.label})`, async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({status: 'ok'});
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({status: 'ready'});
    // Not ready while a migration is missing (as when a newer server starts on an older database).
    await server.db.query(`DELETE FROM schema_migrations WHERE name = '009_guest_bookings.sql'`);
    const pending = await fetch(`${server.url}/ready`);
    expect(pending.status).toBe(503);
    expect(pending.headers.get('retry-after')).toBeTruthy();
    await pending.body?.cancel();
  });
});
