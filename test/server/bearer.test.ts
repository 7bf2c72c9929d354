/**
 * Bearer sessions over HTTP against the real reference server: `auth: 'bearer'` (PORTAL_AUTH=bearer)
 * and `auth: 'both'`. A request without the token is refused, bearer writes need no CSRF header
 * while cookie writes still do, sign-out revokes the token, and the token is neither on the adapter
 * nor in what the server prints.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {NotSignedInError} from '../../src/adapters/adapter.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

const T0 = Date.parse('2026-03-10T16:00:00Z');
const ORIGIN = 'https://clinic.example.org';
vi.setConfig({testTimeout: 30_000});

const CREDENTIALS = JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
const JSON_TYPE = {'Content-Type': 'application/json'};

/** A fetch for the adapter that also lets the test see what was sent (and checks the contract). */
function watched(base: string) {
  const checked = checkedFetch(base);
  const sent: {method: string; headers: Headers; credentials?: RequestCredentials}[] = [];
  const fetch: typeof globalThis.fetch = (input, init = {}) => {
    sent.push({
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      credentials: init.credentials,
    });
    return checked.fetch(input, init);
  };
  return {fetch, sent, violations: checked.violations};
}

const tokenOf = (sent: {headers: Headers}[]): string | undefined =>
  sent
    .map((s) => s.headers.get('Authorization'))
    .reverse()
    .find((h): h is string => h !== null)
    ?.replace(/^Bearer /, '');

describe('bearer mode (PORTAL_AUTH=bearer)', () => {
  const database = testDatabase('bearer');
  let server: RunningServer;
  let now = T0;

  beforeAll(async () => {
    server = await startServer({
      clock: () => now,
      auth: 'bearer',
      allowedOrigins: [ORIGIN],
      ...database.options,
    });
  }, 120_000);

  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  beforeEach(async () => {
    now = T0;
    await server.reset();
  });

  it('answers 401 to a request without a token, or with an unknown one', async () => {
    const none = await fetch(`${server.url}/reminder-preferences`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as {code: string}).code).toBe('not-signed-in');
    const unknown = await fetch(`${server.url}/reminder-preferences`, {
      headers: {Authorization: 'Bearer not-a-token-the-server-gave'},
    });
    expect(unknown.status).toBe(401);
  });

  it('starts a session with a token in the body and no cookie; writes need no CSRF header', async () => {
    const signIn = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: CREDENTIALS,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.getSetCookie()).toEqual([]);
    expect(signIn.headers.get('X-CSRF-Token')).toBeNull();
    const body = (await signIn.json()) as {status: string; session: {accessToken?: string}};
    const token = body.session.accessToken ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    // Only its hash is stored.
    const rows = await server.db.query<{token_hash: string; bearer: boolean}>('SELECT * FROM sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toBe(token);
    expect(rows[0].bearer).toBe(true);
    const write = await fetch(`${server.url}/onboarding/complete`, {
      method: 'POST',
      headers: {Authorization: `Bearer ${token}`},
    });
    expect(write.status).toBe(204);
    // Extending gives a new token (the old one is dead: session-hardening.test.ts), and the idle
    // rule applies as to cookies.
    const extend = await fetch(`${server.url}/session/extend`, {
      method: 'POST',
      headers: {Authorization: `Bearer ${token}`},
    });
    const fresh = ((await extend.json()) as {accessToken?: string}).accessToken;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(token);
    now += 16 * 60_000;
    const idle = await fetch(`${server.url}/reminder-preferences`, {
      headers: {Authorization: `Bearer ${fresh}`},
    });
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as {code: string}).code).toBe('session-expired');
  });

  it('does not take the token as a cookie, nor a cookie at all', async () => {
    const signIn = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: CREDENTIALS,
    });
    const token = ((await signIn.json()) as {session: {accessToken: string}}).session.accessToken;
    const asCookie = await fetch(`${server.url}/session`, {headers: {Cookie: `portal_session=${token}`}});
    expect(await asCookie.json()).toEqual({session: null});
  });

  it('signs the adapter in and out: the token is revoked, and never on the adapter or in the logs', async () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
    try {
      const w = watched(server.url);
      const adapter = new RestAdapter({baseUrl: server.url, fetch: w.fetch, retryBaseMs: 20, auth: 'bearer'});
      const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
      expect(result.status).toBe('signed-in');
      expect(JSON.stringify(result)).not.toContain('accessToken');
      await adapter.saveReminderPreferences(await adapter.getReminderPreferences());
      const token = tokenOf(w.sent);
      expect(token).toBeTruthy();
      // The adapter exposes no token: not as a property, not when serialised.
      expect('accessToken' in adapter).toBe(false);
      expect(Object.values(adapter)).not.toContain(token);
      expect(JSON.stringify(adapter)).not.toContain(token as string);
      for (const s of w.sent) {
        expect(s.credentials).toBe('omit');
        expect(s.headers.get('X-CSRF-Token')).toBeNull();
      }
      await adapter.signOut();
      expect(w.sent.at(-1)?.headers.get('Authorization')).toBe(`Bearer ${token}`);
      // Revoked on the server: the same token now gets 401.
      const after = await fetch(`${server.url}/reminder-preferences`, {
        headers: {Authorization: `Bearer ${token}`},
      });
      expect(after.status).toBe(401);
      expect(await server.db.query('SELECT * FROM sessions')).toEqual([]);
      // And forgotten by the adapter: the next call goes without it and is refused.
      expect(await adapter.getReminderPreferences().catch((e: unknown) => e)).toBeInstanceOf(
        NotSignedInError,
      );
      expect(w.sent.at(-1)?.headers.get('Authorization')).toBeNull();
      expect(w.violations).toEqual([]);
      for (const line of printed) expect(line).not.toContain(token as string);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('lets the allowed origins send Authorization (CORS preflight), without credentials', async () => {
    const preflight = await fetch(`${server.url}/reminder-preferences`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(preflight.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    const other = await fetch(`${server.url}/reminder-preferences`, {
      method: 'OPTIONS',
      headers: {Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'PUT'},
    });
    expect(other.headers.get('Access-Control-Allow-Origin')).not.toBe('https://elsewhere.example');
  });
});

describe('both modes (PORTAL_AUTH=both)', () => {
  const database = testDatabase('bearer_both');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({clock: () => T0, auth: 'both', ...database.options});
  }, 120_000);

  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  beforeEach(async () => {
    await server.reset();
  });

  it('still needs the CSRF header on a cookie write; a cookie-less bearer write needs none', async () => {
    const cookieSignIn = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: {...JSON_TYPE, 'X-CSRF-Token': 'no-session'},
      body: CREDENTIALS,
    });
    const cookie = (cookieSignIn.headers.getSetCookie()[0] ?? '').split(';')[0];
    const csrf = cookieSignIn.headers.get('X-CSRF-Token') ?? '';
    expect(cookie).toMatch(/^portal_session=/);
    expect(csrf).not.toBe('');
    expect(JSON.stringify(await cookieSignIn.json())).not.toContain('accessToken');
    const noCsrf = await fetch(`${server.url}/onboarding/complete`, {
      method: 'POST',
      headers: {Cookie: cookie},
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as {code: string}).code).toBe('csrf');
    const withCsrf = await fetch(`${server.url}/onboarding/complete`, {
      method: 'POST',
      headers: {Cookie: cookie, 'X-CSRF-Token': csrf},
    });
    expect(withCsrf.status).toBe(204);
    // The cookie's value is not a bearer token.
    const cookieAsBearer = await fetch(`${server.url}/reminder-preferences`, {
      headers: {Authorization: `Bearer ${cookie.split('=')[1]}`},
    });
    expect(cookieAsBearer.status).toBe(401);

    // A bearer client of the same server: no cookie, no CSRF header.
    const w = watched(server.url);
    const adapter = new RestAdapter({baseUrl: server.url, fetch: w.fetch, retryBaseMs: 20, auth: 'bearer'});
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    await adapter.completeOnboarding();
    expect(tokenOf(w.sent)).toBeTruthy();
    await adapter.signOut();
    expect(w.violations).toEqual([]);
  });
});

describe('cookie mode (the default)', () => {
  const database = testDatabase('bearer_cookie');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({clock: () => T0, ...database.options});
  }, 120_000);

  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });

  it('gives no access token, takes no bearer token, and needs the CSRF header on every write', async () => {
    const noCsrf = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: CREDENTIALS,
    });
    expect(noCsrf.status).toBe(403);
    const signIn = await fetch(`${server.url}/session`, {
      method: 'POST',
      headers: {...JSON_TYPE, 'X-CSRF-Token': 'no-session'},
      body: CREDENTIALS,
    });
    expect(JSON.stringify(await signIn.json())).not.toContain('accessToken');
    const cookie = (signIn.headers.getSetCookie()[0] ?? '').split(';')[0];
    const asBearer = await fetch(`${server.url}/reminder-preferences`, {
      headers: {Authorization: `Bearer ${cookie.split('=')[1]}`},
    });
    expect(asBearer.status).toBe(401);
  });
});
