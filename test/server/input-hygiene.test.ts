/**
 * Issue 14 item 13's smaller ones (QUALITY 39): NUL bytes, lone surrogates and out-of-range dates are
 * refused with 422 (never a 500, which PostgreSQL gave for NUL in text); security headers on every
 * answer, errors and 404s included; HEAD answered like GET; an address the mailer would read
 * differently (`x<attacker@evil.example`) is refused. On PGlite and on PostgreSQL.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {EMAIL_RE} from '../../src/domain/rules/index.js';
import {KEEP_ALIVE_MS, startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('hygiene');
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

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'x'},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function expect422(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as {code: string; errors: Record<string, string>};
  expect(body.code).toBe('validation');
  return body.errors;
}

describe('text the database cannot store or a person cannot read (QUALITY 39)', () => {
  it('refuses a NUL byte in a JSON string with 422', async () => {
    const errors = await expect422(
      await post('/session', {email: `ana\u0000@demo.clinic`, password: DEMO_PATIENT_PASSWORD}),
    );
    expect(errors.email).toBe('invalid');
  });

  it('refuses lone surrogates in a JSON string with 422', async () => {
    for (const bad of ['"\\ud800x"', '"x\\udc00"']) {
      const errors = await expect422(
        await post('/session', `{"email": ${bad}, "password": "${DEMO_PATIENT_PASSWORD}"}`),
      );
      expect(errors.email).toBe('invalid');
    }
    // A surrogate pair (an emoji) is fine.
    const ok = await post('/session', {email: DEMO_PATIENT_EMAIL, password: `${DEMO_PATIENT_PASSWORD}🦊`});
    expect(ok.status).toBe(422);
    expect(((await ok.json()) as {errors: Record<string, string>}).errors).toEqual({credentials: 'invalid'});
  });

  it('refuses NUL in a query or a path with 422 or 404, never 500', async () => {
    const q = new URLSearchParams({
      serviceId: 'svc-general\u0000',
      providerId: 'any',
      from: '2026-03-10T00:00:00Z',
      to: '2026-03-12T00:00:00Z',
    });
    await expect422(await fetch(`${server.url}/availability?${q}`));
    const path = await fetch(`${server.url}/appointments/apt%00x`);
    expect([401, 404, 422]).toContain(path.status);
  });

  it('refuses from=0000-01-01 and other out-of-range dates with 422', async () => {
    for (const [from, to] of [
      ['0000-01-01T00:00:00Z', '0000-01-05T00:00:00Z'],
      ['0000-01-01', '2026-03-12'],
      ['2026-03-10T00:00:00Z', '+275760-09-13T00:00:00Z'],
      ['9999-12-30T00:00:00Z', '9999-12-31T00:00:00Z'],
    ]) {
      const q = new URLSearchParams({serviceId: 'svc-general', providerId: 'any', from, to});
      const response = await fetch(`${server.url}/availability?${q}`);
      expect(response.status, `${from} → ${to}`).toBe(422);
      await response.body?.cancel();
    }
  });
});

describe('security headers on every answer (QUALITY 39)', () => {
  it('sends nosniff, a referrer policy and no framing on successes, errors and 404s', async () => {
    const answers = [
      await fetch(`${server.url}/clinic`),
      await fetch(`${server.url}/health`),
      await fetch(`${server.url}/nothing-here`),
      await fetch(`${server.url}/session`, {method: 'POST'}),
      await post('/session', {email: 'x', password: 'y'}),
    ];
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options'), `${r.url} ${r.status}`).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      await r.body?.cancel();
    }
  });
});

describe('HEAD (QUALITY 39)', () => {
  it('answers HEAD like GET, without a body', async () => {
    const get = await fetch(`${server.url}/clinic`);
    const head = await fetch(`${server.url}/clinic`, {method: 'HEAD'});
    expect(head.status).toBe(get.status);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    await get.body?.cancel();
  });
});

describe('connections (what a client or a proxy in front sees)', () => {
  it('keeps idle connections 65 s, longer than a proxy’s 60 s, and says so', async () => {
    const r = await fetch(`${server.url}/clinic`);
    await r.body?.cancel();
    expect(r.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
  });

  it('answers a body over the limit with 422 once it is sent, on a connection that stays open', async () => {
    // 8 MB to an anonymous route whose limit is a few kilobytes: refused by its length, read and
    // dropped, and the client — still sending when the server decided — reads the answer.
    const big = JSON.stringify({email: 'a@b.c', password: 'x'.repeat(8 * 1024 * 1024)});
    const r = await post('/session', big);
    expect((await expect422(r)).body).toBe('too-long');
    expect(r.headers.get('connection')).toBe('keep-alive');
    // The same client goes on (the next request reuses the connection).
    const next = await fetch(`${server.url}/clinic`);
    expect(next.status).toBe(200);
    await next.body?.cancel();
  });
});

describe('email addresses the mailer reads as written (QUALITY 39)', () => {
  it('refuses what a mailer would parse as a display name and another address', () => {
    for (const bad of [
      'x<attacker@evil.example',
      'ana@clinic.example>',
      '"a"@b.example',
      'a,b@c.example',
      'a;b@c.example',
      'a(b)@c.example',
      'a@b.example (x)',
      'a:b@c.example',
      'a\\b@c.example',
      'a[b]@c.example',
    ])
      expect(EMAIL_RE.test(bad), bad).toBe(false);
    for (const good of [
      'ana@demo.clinic',
      'ana.maria+citas@example.com.mx',
      "o'connor@example.ie",
      'josé.núñez@correo.example',
      'a_b-c@sub-domain.example',
    ])
      expect(EMAIL_RE.test(good), good).toBe(true);
  });

  it('refuses it at registration over HTTP', async () => {
    const errors = await expect422(
      await post('/registrations', {
        patient: {
          givenName: 'Ana',
          familyName: 'Pérez',
          email: 'x<attacker@evil.example',
          phone: '+525512345678',
          dateOfBirth: '1990-05-01',
          language: 'es',
        },
        password: 'Un paseo por Chapultepec 2026',
        privacyConsent: true,
      }),
    );
    expect(errors['patient.email']).toBe('invalid-email');
  });
});
