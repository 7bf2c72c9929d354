/**
 * Server errors are logged (issue 14, item 11): every 5xx is one JSON line on stderr with a request
 * id (also in the `X-Request-Id` header and the problem document's `requestId`), the method, the
 * route pattern, the status and the error's class — and nothing the patient sent. A database that
 * throws an unexpected error forces the 500; sentinel values in the body must appear nowhere.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {openDb, type Db, type Queryable} from '../../server/db.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {captureLog} from '../../server/log.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('errorlog');
vi.setConfig({testTimeout: 30_000});

class SentinelFailure extends Error {}

let failing = false;
let real: Db;
let server: RunningServer;

/** The real database, except that every query throws while `failing` is set. */
function failingDb(db: Db): Db {
  const guard = (q: Queryable): Queryable => ({
    query: ((sql: string, params?: readonly unknown[]) => {
      if (failing) throw new SentinelFailure('the database exploded');
      return q.query(sql, params);
    }) as Queryable['query'],
  });
  return {
    kind: db.kind,
    ...guard(db),
    transaction: (body) => {
      if (failing) throw new SentinelFailure('the database exploded');
      return db.transaction((tx) => body(guard(tx)));
    },
    close: () => db.close(),
  };
}

beforeAll(async () => {
  real = await openDb({url: database.options.databaseUrl, schema: database.options.schema});
  server = await startServer({basePath: '/portal-api', db: failingDb(real)});
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (real) {
    await database.drop(real);
    await real.close();
  }
});

const SENTINELS = {
  email: 'sentinel.zq7@example.com',
  password: 'Sentinel-Pw-7781',
  givenName: 'Zyxsentinelgiven',
  phone: '+15557770199',
  dateOfBirth: '1911-11-11',
  code: '918273',
  token: 'tok-sentinel-4455',
};

describe('server errors', () => {
  it('are logged as one JSON line with a request id, the route and the status, and no patient data', async () => {
    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    failing = true;
    let response: Response;
    try {
      response = await fetch(`${server.url}/session`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': SENTINELS.token},
        body: JSON.stringify({email: SENTINELS.email, password: SENTINELS.password}),
      });
    } finally {
      failing = false;
      restore();
    }
    expect(response.status).toBe(500);
    const requestId = response.headers.get('X-Request-Id') ?? '';
    expect(requestId).toMatch(/^[\w-]{8,}$/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({status: 500, code: 'server', requestId});
    expect(JSON.stringify(problem)).not.toContain('exploded');

    const errors = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId,
      method: 'POST',
      route: '/session',
      status: 500,
      error: 'SentinelFailure',
    });
    const all = lines.join('\n');
    for (const value of Object.values(SENTINELS)) expect(all).not.toContain(value);
  });

  it('report the route pattern, never the raw URL with its ids', async () => {
    const lines: string[] = [];
    const restore = captureLog((line) => lines.push(line));
    failing = true;
    try {
      const response = await fetch(`${server.url}/appointments/appt-sentinel-991/cancellation-quote`, {
        headers: {Cookie: `portal_session=${SENTINELS.token}`},
      });
      expect(response.status).toBeGreaterThanOrEqual(500);
    } finally {
      failing = false;
      restore();
    }
    const error = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 'error');
    expect(error?.route).toMatch(/^\/appointments\/\{[a-zA-Z]+\}\/cancellation-quote$/);
    expect(lines.join('\n')).not.toContain('appt-sentinel-991');
  });

  it('give every answer its own request id, and accept none from the client', async () => {
    const a = await fetch(`${server.url}/time`, {headers: {'X-Request-Id': 'client-chosen-id'}});
    const b = await fetch(`${server.url}/time`);
    const idA = a.headers.get('X-Request-Id');
    const idB = b.headers.get('X-Request-Id');
    expect(idA).toBeTruthy();
    expect(idA).not.toBe('client-chosen-id');
    expect(idA).not.toBe(idB);
  });
});
