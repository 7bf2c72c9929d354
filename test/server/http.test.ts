/**
 * The reference server at the HTTP level: the OpenAPI document covers the adapter contract, CSRF
 * and cookie rules, problem documents for bad input (never a 500), Retry-After, and an audit trail
 * that names ids only.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {portalContract} from '../../server/openapi.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  scryptCost,
  setScryptCost,
  verifyPassword,
} from '../../server/passwords.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('http');
const T0 = Date.parse('2026-03-10T16:00:00Z');
vi.setConfig({testTimeout: 30_000});

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, basePath: '/portal-api', ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

const post = (path: string, body: string | undefined, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', ...headers},
    ...(body !== undefined ? {body} : {}),
  });

async function signIn(): Promise<{cookie: string; csrf: string}> {
  const response = await post(
    '/session',
    JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
    {
      'X-CSRF-Token': 'no-session',
    },
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie()[0] ?? '';
  return {cookie: cookie.split(';')[0], csrf: response.headers.get('X-CSRF-Token') ?? ''};
}

describe('the OpenAPI document', () => {
  it('has one operation for every PortalAdapter operation (checkConnection measures GET /time)', () => {
    const methods = Object.getOwnPropertyNames(RestAdapter.prototype).filter(
      (m) =>
        m !== 'constructor' &&
        // `actingFor` makes a local adapter whose calls carry Portal-Acting-For: no operation of its own.
        !['url', 'call', 'attempt', 'error', 'refreshCsrf', 'session', 'bearer', 'actingFor'].includes(m),
    );
    // The operator's /health and /ready (tag `operations`) and Stripe's webhook (tag `webhooks`) are
    // no adapter's operation.
    const ids = portalContract().operationIds.filter(
      (id) => id !== 'getHealth' && id !== 'getReadiness' && id !== 'receiveStripeEvent',
    );
    expect(methods.length).toBe(ids.length + 1);
    expect([...ids].sort()).toEqual(methods.filter((m) => m !== 'checkConnection').sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('catches responses that do not match it (the checks are not vacuous)', () => {
    const contract = portalContract();
    const clinic = contract.match('GET', '/clinic');
    const ok = {get: (h: string) => (h.toLowerCase() === 'content-type' ? 'application/json' : null)};
    expect(
      contract.validateResponse(clinic!.operation, {status: 200, headers: ok, body: {id: 'x'}}).length,
    ).toBeGreaterThan(0);
    expect(contract.validateResponse(clinic!.operation, {status: 418, headers: ok, body: {}})[0].where).toBe(
      'status',
    );
    const book = contract.match('POST', '/appointments')!;
    const issues = contract.validateRequest(book, {
      query: new URLSearchParams(),
      headers: new Headers(),
      body: {slot: {}, serviceIds: 'x'},
    });
    // X-CSRF-Token is not among them: bearer requests go without it, so the document cannot require
    // it of every request; the server requires it of every unsafe request that may carry the cookie.
    expect(issues.map((i) => i.where)).toEqual(
      expect.arrayContaining(['header:Idempotency-Key', 'serviceIds', 'slot.id']),
    );
  });
});

describe('HTTP rules of the reference server', () => {
  it('refuses a write without the CSRF header, and with a session, a wrong one (QUALITY 17)', async () => {
    const none = await post('/phone-codes', JSON.stringify({phone: '+525511112222', language: 'es'}));
    expect(none.status).toBe(403);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(((await none.json()) as {code: string}).code).toBe('csrf');
    const {cookie, csrf} = await signIn();
    expect(csrf.length).toBeGreaterThan(10);
    const wrong = await post('/onboarding/complete', undefined, {Cookie: cookie, 'X-CSRF-Token': 'guess'});
    expect(wrong.status).toBe(403);
    const right = await post('/onboarding/complete', undefined, {Cookie: cookie, 'X-CSRF-Token': csrf});
    expect(right.status).toBe(204);
  });

  it('keeps the session in an httpOnly, SameSite cookie and ends it on sign-out', async () => {
    const response = await post(
      '/session',
      JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
      {
        'X-CSRF-Token': 'no-session',
      },
    );
    const set = response.headers.getSetCookie()[0] ?? '';
    expect(set).toMatch(/^portal_session=[A-Za-z0-9_-]{40,};/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//i);
    const body = JSON.stringify(await response.json());
    expect(body).not.toContain(set.split(';')[0].split('=')[1]);
    const cookie = set.split(';')[0];
    const csrf = response.headers.get('X-CSRF-Token') ?? '';
    const out = await fetch(`${server.url}/session`, {
      method: 'DELETE',
      headers: {Cookie: cookie, 'X-CSRF-Token': csrf},
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/i);
    const after = await fetch(`${server.url}/session`, {headers: {Cookie: cookie}});
    expect(await after.json()).toEqual({session: null});
  });

  it('answers bad input with a 422 problem naming the field, never a 500', async () => {
    const h = {'X-CSRF-Token': 'no-session', 'Idempotency-Key': 'k1'};
    const malformed = await post('/appointments', '{"slot": ', h);
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toMatchObject({
      code: 'validation',
      status: 422,
      errors: {body: 'invalid'},
    });
    const extra = await post(
      '/phone-codes',
      JSON.stringify({phone: '+525511112222', language: 'es', admin: true}),
      h,
    );
    expect(await extra.json()).toMatchObject({errors: {admin: 'invalid'}});
    const noKey = await post('/appointments', JSON.stringify({}), {'X-CSRF-Token': 'x'});
    expect(await noKey.json()).toMatchObject({errors: {idempotencyKey: 'required', slot: 'required'}});
    const garbage = [
      'null',
      '[]',
      '"text"',
      '42',
      JSON.stringify({
        slot: {id: 'a~b~c', start: 'x', end: 'y', providerId: 1, serviceIds: [{}], mode: 'video'},
      }),
      JSON.stringify({email: ['a'], password: {}}),
      JSON.stringify({token: 'x'.repeat(5000)}),
      JSON.stringify({phone: '\u0000', language: 'es'}),
      JSON.stringify({challengeId: '', code: ''}),
      JSON.stringify({reasonId: 'other', note: 'x'.repeat(20000)}),
    ];
    const contract = portalContract();
    const paths = (
      Object.entries(contract.document.paths as Record<string, Record<string, unknown>>) as [
        string,
        Record<string, unknown>,
      ][]
    )
      .flatMap(([path, item]) =>
        Object.keys(item).map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')] as const),
      )
      .filter(([m]) => m !== 'GET');
    for (const [method, path] of paths) {
      for (const body of garbage) {
        const r = await fetch(`${server.url}${path}`, {
          method,
          headers: {'Content-Type': 'application/json', ...h},
          body,
        });
        expect(
          r.status < 500 || r.status === 501,
          `${method} ${path} ${body.slice(0, 40)} → ${r.status}`,
        ).toBe(true);
        expect(r.headers.get('content-type') ?? '', `${method} ${path}`).toMatch(/json|^$/);
      }
    }
    const badQuery = await fetch(
      `${server.url}/availability?serviceId=svc-general&providerId=any&from=yesterday&to=2026-03-20T00:00:00Z`,
    );
    expect(await badQuery.json()).toMatchObject({status: 422, errors: {from: 'invalid'}});
    const unknown = await fetch(`${server.url}/admin`);
    expect(unknown.status).toBe(404);
    const badEscape = await fetch(`${server.url}/appointments/%E0%A4%A`);
    expect(badEscape.status).toBe(404);
    const huge = await post('/phone-codes', JSON.stringify({phone: 'x'.repeat(300_000), language: 'es'}), h);
    expect(huge.status).toBe(422);
    expect(await huge.json()).toMatchObject({errors: {body: 'too-long'}});
  });

  it('a too-large body sent slowly still gets its 422, not a reset connection', async () => {
    // 2 MiB (over the 256 KiB limit) in 64 KiB pieces over about 1.6 s, its length announced: the
    // answer is refused at once, and the client still reads it.
    // Through fetch (undici), as the REST adapter sends: its body's length is known.
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        await new Promise((r) => setTimeout(r, 50));
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const r = await fetch(`${server.url}/phone-codes`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 * 1024)},
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = {status: r.status, body: await r.text()};
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toMatchObject({errors: {body: 'too-long'}});
  });

  it('rate-limits sign-in with Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await post(
        '/session',
        JSON.stringify({email: 'someone@example.com', password: `wrong-${i}-xx`}),
        {
          'X-CSRF-Token': 'no-session',
        },
      );
      expect(r.status).toBe(422);
    }
    const limited = await post(
      '/session',
      JSON.stringify({email: 'someone@example.com', password: 'wrong-again'}),
      {
        'X-CSRF-Token': 'no-session',
      },
    );
    expect(limited.status).toBe(429);
    const after = Number(limited.headers.get('Retry-After'));
    expect(after).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({code: 'rate-limited', retryAfter: after});
  });

  it('limits writes per client address, and a forged X-Forwarded-For does not get around it', async () => {
    const {app} = createApp(server.portal, {writesPerMinute: 3});
    const write = (forwarded: string) =>
      app.request('/phone-codes', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': 'no-session',
          'X-Forwarded-For': forwarded,
        },
        body: JSON.stringify({phone: '+52', language: 'es'}),
      });
    for (let i = 0; i < 3; i++) expect((await write(`10.0.0.${i}`)).status).toBe(422);
    const limited = await write('10.0.0.99');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await app.request('/time')).status).toBe(200);
  });

  it('keeps an audit trail of who read or changed which patient’s records, with ids only', async () => {
    const {cookie} = await signIn();
    await fetch(`${server.url}/appointments?when=all`, {headers: {Cookie: cookie}});
    const rows = await server.db.query<Record<string, unknown>>('SELECT * FROM audit_log ORDER BY seq');
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['session.start', 'appointment.list']));
    const text = JSON.stringify(rows);
    expect(text).not.toContain(DEMO_PATIENT_EMAIL);
    expect(text).not.toContain('Ana');
  });

  it('stores password hashes made with scrypt, never the password', async () => {
    const [row] = await server.db.query<{password_hash: string}>(
      'SELECT password_hash FROM patients WHERE email_key = $1',
      [DEMO_PATIENT_EMAIL],
    );
    // The suites hash at a lower cost (test/server/setup.ts); the hash records the cost it was made with.
    expect(row.password_hash).toMatch(new RegExp(`^scrypt\\$${scryptCost().N}\\$8\\$1\\$`));
    expect(row.password_hash).not.toContain(DEMO_PATIENT_PASSWORD);
    expect(await verifyPassword(DEMO_PATIENT_PASSWORD, row.password_hash)).toBe(true);
    // What the server makes when nobody changed the cost: N = 2^15, r = 8, p = 1.
    const suite = scryptCost();
    setScryptCost(DEFAULT_SCRYPT_COST);
    try {
      const hash = await hashPassword(DEMO_PATIENT_PASSWORD);
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(await verifyPassword(DEMO_PATIENT_PASSWORD, hash)).toBe(true);
      expect(await verifyPassword(`${DEMO_PATIENT_PASSWORD}x`, hash)).toBe(false);
    } finally {
      setScryptCost(suite);
    }
  });
});
