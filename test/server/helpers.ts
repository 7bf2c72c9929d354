/**
 * Test helpers for the REST adapter against the real reference server on 127.0.0.1: a cookie jar
 * (Node's fetch keeps none, a browser would) and a fetch that checks every request the adapter
 * sends and every response the server gives against `server/openapi.yaml`.
 */
import {createServer as createNetServer} from 'node:net';
import {expect, inject} from 'vitest';
import './global-setup.js';
import type {RunningServer} from '../../server/index.js';
import {portalContract, type ValidationIssue} from '../../server/openapi.js';
import {
  DEMO_CARD_SUCCESS,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {AdapterHarness} from '../contract/index.js';

export interface Violation {
  readonly operation: string;
  readonly side: 'request' | 'response';
  readonly status?: number;
  readonly issues: readonly ValidationIssue[];
}

export interface CheckedFetch {
  readonly fetch: typeof fetch;
  /** Everything that did not match the OpenAPI document so far. */
  readonly violations: Violation[];
  /** Operation ids seen, with how often (for coverage notes). */
  readonly seen: Map<string, number>;
  /** Requests whose URL or headers carried something they must not (patient data in URLs). */
  readonly urls: string[];
}

/**
 * A fetch for one browser-like client of the API at `base`: keeps cookies like a browser would for
 * that origin, and validates both directions against the contract.
 */
export function checkedFetch(base: string): CheckedFetch {
  const contract = portalContract();
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const jar = new Map<string, string>();
  const violations: Violation[] = [];
  const seen = new Map<string, number>();
  const urls: string[] = [];
  const wrapped = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    urls.push(url.href);
    const headers = new Headers(init.headers);
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice(basePath.length) || '/';
    const matched = contract.match(method, path);
    let operation = `${method} ${path}`;
    if (!matched)
      violations.push({
        operation,
        side: 'request',
        issues: [{where: 'route', message: 'not in the contract', missing: false}],
      });
    else {
      operation = matched.operation.operationId;
      seen.set(operation, (seen.get(operation) ?? 0) + 1);
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const issues = contract.validateRequest(matched, {query: url.searchParams, headers, body});
      if (issues.length > 0) violations.push({operation, side: 'request', issues});
    }
    if (jar.size > 0) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, {...init, headers});
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    if (matched) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      const issues = contract.validateResponse(matched.operation, {
        status: response.status,
        headers: response.headers,
        body,
      });
      if (issues.length > 0) violations.push({operation, side: 'response', status: response.status, issues});
    }
    return response;
  };
  return {fetch: wrapped as typeof fetch, violations, seen, urls};
}

/**
 * Where the server suites keep their data: a fresh in-memory PGlite per suite, or — when
 * `PORTAL_TEST_DATABASE_URL` is set (postgres://…) — a fresh schema of that PostgreSQL database,
 * dropped when the suite ends.
 */
export function testDatabase(suite: string): {
  readonly label: string;
  readonly options: {databaseUrl?: string; schema?: string; pgliteTemplate?: string};
  drop(db: {query(sql: string): Promise<unknown>}): Promise<void>;
} {
  const url = process.env.PORTAL_TEST_DATABASE_URL;
  if (!url) {
    // The migrated data folder made by global-setup.ts (absent under another configuration).
    const pgliteTemplate = inject('pgliteTemplate');
    return {label: 'PGlite', options: pgliteTemplate ? {pgliteTemplate} : {}, drop: async () => undefined};
  }
  // A schema name is an identifier: the suite's name lower-cased with anything else as `_`.
  const name = suite.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const schema = `test_${name}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  return {
    label: 'PostgreSQL',
    options: {databaseUrl: url, schema},
    drop: async (db) => {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** A TCP port free on 127.0.0.1 now (for tests that start a real server process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address() as {port: number};
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A guest's proof of a verified phone, the way the booking widget gets one: `POST /phone-codes`,
 * the code read from the development outbox, `POST /phone-codes/verify` (from address `from`, as
 * `X-Forwarded-For` for an app made with `trustProxy`). A guest needs it to hold a slot.
 */
export async function verifiedPhoneToken(
  app: {request(path: string, init: RequestInit): Response | Promise<Response>},
  outbox: () => Promise<readonly {to: string; kind: string; code?: string}[]>,
  phone: string,
  from = '127.0.0.1',
): Promise<string> {
  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none', 'X-Forwarded-For': from},
      body: JSON.stringify(body),
    });
  const sent = await post('/phone-codes', {phone, language: 'es'});
  if (sent.status !== 201 && sent.status !== 200) throw new Error(`phone code not sent: ${sent.status}`);
  const {id} = (await sent.json()) as {id: string};
  const code = (await outbox()).filter((m) => m.to === phone && m.kind === 'phone-code').at(-1)?.code;
  const verified = await post('/phone-codes/verify', {challengeId: id, code});
  if (verified.status !== 200) throw new Error(`phone not verified: ${verified.status}`);
  return ((await verified.json()) as {token: string}).token;
}

/**
 * The demo patient's session by a raw sign-in (`POST /session`): the cookie and the CSRF token a
 * test sends with its own requests. Fails the test when the sign-in does not answer 200.
 */
export async function demoSession(base: string): Promise<{cookie: string; csrf: string}> {
  const r = await fetch(`${base}/session`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
    body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
  });
  if (r.status !== 200) throw new Error(`the demo patient's sign-in answered ${r.status}`);
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: r.headers.get('X-CSRF-Token') ?? '',
  };
}

/** A REST adapter signed in as the demo patient, whose requests and answers are checked against the contract. */
export async function demoSignedIn(
  base: string,
): Promise<{adapter: RestAdapter; violations: () => Violation[]}> {
  const checked = checkedFetch(base);
  const adapter = new RestAdapter({baseUrl: base, fetch: checked.fetch});
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return {adapter, violations: () => checked.violations};
}

/**
 * What each REST contract suite (cookie, bearer, second factor) gives the shared contract besides
 * its adapter and checks: the server's outbox and clock (the suite's `clock`), the reminder pass,
 * the demo payment step over HTTP, the clinic's own side (a reply, a document, a no-show, a family
 * grant) and the demo patient.
 */
export function serverSide(
  server: RunningServer,
  adapter: RestAdapter,
  clock: {get(): number; set(ms: number): void},
): Omit<AdapterHarness, 'adapter' | 'close'> {
  return {
    outbox: () => server.portal.outbox(),
    setNow: (ms) => clock.set(ms),
    advance: (ms) => clock.set(clock.get() + ms),
    runReminders: async () => {
      await server.portal.sendDueReminders();
    },
    // The demo payment step as the page's test card "that succeeds" pays: over HTTP.
    payDeposit: (intent) => adapter.confirmDemoPayment(intent.id, DEMO_CARD_SUCCESS),
    replyAsClinic: async (id, body, attachments) =>
      void (await server.portal.replyAsClinic(id, body, {name: 'Recepción', attachments})),
    addClinicDocument: (patientId, doc) => server.portal.addClinicDocument(patientId, doc),
    markNoShow: (id) => server.portal.markNoShow(id),
    setProxyGrant: (holder, dependent, grant) => server.portal.setProxyGrant(holder, dependent, grant),
    knownPatient: {
      email: DEMO_PATIENT_EMAIL,
      password: DEMO_PATIENT_PASSWORD,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
    },
  };
}

/** What each REST contract suite checks as a test closes: the OpenAPI contract, no e-mail in URLs. */
export function expectCleanTraffic(checked: CheckedFetch): void {
  expect(checked.violations, 'requests and responses match server/openapi.yaml').toEqual([]);
  for (const url of checked.urls) {
    expect(url).not.toContain('%40');
    expect(url).not.toContain('@');
  }
}
