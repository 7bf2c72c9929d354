/**
 * Issue #14 item 13 (the rest), over HTTP on the reference server: a session ends 12 hours after
 * sign-in however much it is used; "sign out everywhere" ends every session of the account; a
 * bearer session gets a new token on extend and the old one is dead; request bodies are JSON only
 * (a form or text body gets 415, in cookie and bearer modes); a deposit intent is paid and booked
 * with only by whoever created it, and a hold counts for a booking only when it is the booker's.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {SESSION_LIMITS} from '../../src/domain/rules/index.js';
import type {Slot} from '../../src/domain/types.js';
import {createApp} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase, verifiedPhoneToken} from './helpers.js';

vi.setConfig({testTimeout: 90_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const CREDENTIALS = JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
const database = testDatabase('session_hardening');
let server: RunningServer;
let now = T0;
let cookieApp: ReturnType<typeof createApp>['app'];
let bearerApp: ReturnType<typeof createApp>['app'];

beforeAll(async () => {
  server = await startServer({clock: () => now, ...database.options});
  cookieApp = createApp(server.portal, {trustProxy: 1}).app;
  bearerApp = createApp(server.portal, {trustProxy: 1, auth: 'bearer'}).app;
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  now = T0;
  await server.reset();
});

interface CookieSession {
  readonly cookie: string;
  readonly csrf: string;
  readonly expiresAt: string;
}

async function signInCookie(from: string): Promise<CookieSession> {
  const r = await cookieApp.request('/session', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none', 'X-Forwarded-For': from},
    body: CREDENTIALS,
  });
  expect(r.status).toBe(200);
  const body = (await r.json()) as {session: {expiresAt: string}};
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    csrf: r.headers.get('x-csrf-token') ?? '',
    expiresAt: body.session.expiresAt,
  };
}

async function signInBearer(): Promise<string> {
  const r = await bearerApp.request('/session', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-Forwarded-For': '198.51.100.9'},
    body: CREDENTIALS,
  });
  expect(r.status).toBe(200);
  const token = ((await r.json()) as {session: {accessToken?: string}}).session.accessToken;
  expect(token).toBeTruthy();
  return token as string;
}

const sessionOf = async (s: CookieSession) => {
  const r = await cookieApp.request('/session', {
    headers: {Cookie: s.cookie, 'X-Forwarded-For': '198.51.100.1'},
  });
  return ((await r.json()) as {session: {expiresAt: string} | null}).session;
};

describe('session lifetime and sign-out everywhere', () => {
  it('ends a session 12 hours after sign-in even while it is used every few minutes', async () => {
    expect(SESSION_LIMITS.absoluteMs).toBe(12 * 60 * MINUTE);
    const s = await signInCookie('198.51.100.1');
    const end = T0 + SESSION_LIMITS.absoluteMs;
    // Used every 14 minutes (inside the 15-minute idle timeout) for 12 hours.
    while (now + 14 * MINUTE < end) {
      now += 14 * MINUTE;
      const extend = await cookieApp.request('/session/extend', {
        method: 'POST',
        headers: {Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'X-Forwarded-For': '198.51.100.1'},
      });
      expect(extend.status).toBe(200);
      const {expiresAt} = (await extend.json()) as {expiresAt: string};
      // Never promised past the absolute end.
      expect(Date.parse(expiresAt)).toBeLessThanOrEqual(end);
    }
    expect(Date.parse((await sessionOf(s))?.expiresAt ?? '')).toBe(end);
    now = end;
    expect(await sessionOf(s)).toBeNull();
    const after = await cookieApp.request('/reminder-preferences', {
      headers: {Cookie: s.cookie, 'X-Forwarded-For': '198.51.100.1'},
    });
    expect(after.status).toBe(401);
  });

  it('signs out every session of the account with ?everywhere=true, only this one without', async () => {
    const a = await signInCookie('198.51.100.2');
    const b = await signInCookie('198.51.100.3');
    const c = await signInCookie('198.51.100.4');
    const bearer = await signInBearer();
    // Plain sign-out: only a's session ends.
    const out = await cookieApp.request('/session', {
      method: 'DELETE',
      headers: {Cookie: a.cookie, 'X-CSRF-Token': a.csrf, 'X-Forwarded-For': '198.51.100.2'},
    });
    expect(out.status).toBe(204);
    expect(await sessionOf(a)).toBeNull();
    expect(await sessionOf(b)).not.toBeNull();
    // Everywhere, from b: c and the bearer token end too.
    const everywhere = await cookieApp.request('/session?everywhere=true', {
      method: 'DELETE',
      headers: {Cookie: b.cookie, 'X-CSRF-Token': b.csrf, 'X-Forwarded-For': '198.51.100.3'},
    });
    expect(everywhere.status).toBe(204);
    expect(await sessionOf(b)).toBeNull();
    expect(await sessionOf(c)).toBeNull();
    const bearerAfter = await bearerApp.request('/reminder-preferences', {
      headers: {Authorization: `Bearer ${bearer}`},
    });
    expect(bearerAfter.status).toBe(401);
    const [{n}] = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM sessions');
    expect(n).toBe(0);
    const audited = await server.db.query<{action: string}>(
      "SELECT action FROM audit_log WHERE action = 'session.end-everywhere'",
    );
    expect(audited).toHaveLength(1);
  });

  it('gives a bearer session a new token on extend; the old token is dead', async () => {
    const old = await signInBearer();
    now += 5 * MINUTE;
    const extend = await bearerApp.request('/session/extend', {
      method: 'POST',
      headers: {Authorization: `Bearer ${old}`},
    });
    expect(extend.status).toBe(200);
    const fresh = ((await extend.json()) as {accessToken?: string}).accessToken;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    const withOld = await bearerApp.request('/reminder-preferences', {
      headers: {Authorization: `Bearer ${old}`},
    });
    expect(withOld.status).toBe(401);
    const withNew = await bearerApp.request('/reminder-preferences', {
      headers: {Authorization: `Bearer ${fresh}`},
    });
    expect(withNew.status).toBe(200);
    // Extending with the old token again gives nothing.
    const again = await bearerApp.request('/session/extend', {
      method: 'POST',
      headers: {Authorization: `Bearer ${old}`},
    });
    expect(again.status).toBe(401);
  });
});

describe('JSON bodies only', () => {
  const bodies: [string, string][] = [
    ['application/x-www-form-urlencoded', `email=${encodeURIComponent(DEMO_PATIENT_EMAIL)}&password=x`],
    ['text/plain', CREDENTIALS],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'],
  ];
  for (const [type, body] of bodies) {
    it(`answers 415 to a ${type.split(';')[0]} body in cookie and bearer modes, storing nothing`, async () => {
      for (const app of [cookieApp, bearerApp]) {
        const r = await app.request('/session', {
          method: 'POST',
          headers: {'Content-Type': type, 'X-CSRF-Token': 'none', 'X-Forwarded-For': '198.51.100.20'},
          body,
        });
        expect(r.status).toBe(415);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(await r.json()).toMatchObject({
          status: 415,
          code: 'validation',
          errors: {'Content-Type': 'invalid'},
        });
      }
      // No body without a type either.
      const untyped = await bearerApp.request('/session', {
        method: 'POST',
        headers: {'X-Forwarded-For': '198.51.100.20'},
        body: new TextEncoder().encode(CREDENTIALS),
      });
      expect(untyped.status).toBe(415);
      const [{n}] = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM sessions');
      expect(n).toBe(0);
    });
  }

  it('still takes JSON with a charset parameter', async () => {
    const r = await cookieApp.request('/session', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'X-CSRF-Token': 'none',
        'X-Forwarded-For': '198.51.100.21',
      },
      body: CREDENTIALS,
    });
    expect(r.status).toBe(200);
  });
});

describe('deposit intents and holds belong to whoever made them', () => {
  const PEEL = ['svc-peel'];
  async function peelSlots(count: number): Promise<Slot[]> {
    const {slots} = await server.portal.availability({
      serviceIds: PEEL,
      providerId: 'prov-chen',
      from: new Date(T0 + 3 * DAY).toISOString(),
      to: new Date(T0 + 20 * DAY).toISOString(),
    });
    const picked: Slot[] = [];
    for (const s of slots)
      if (picked.every((p) => Math.abs(Date.parse(p.start) - Date.parse(s.start)) >= 3 * 3_600_000)) {
        picked.push(s);
        if (picked.length === count) break;
      }
    expect(picked).toHaveLength(count);
    return picked;
  }
  const write = (path: string, from: string, body: unknown, extra: Record<string, string> = {}) =>
    cookieApp.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': 'none',
        'X-Forwarded-For': from,
        ...extra,
      },
      body: JSON.stringify(body),
    });
  const booking = (slot: Slot, paymentIntentId: string, holdId?: string) => ({
    slot,
    serviceIds: PEEL,
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
    paymentIntentId,
    ...(holdId ? {holdId} : {}),
  });
  const book = (from: string, s: CookieSession, body: unknown) =>
    write('/appointments', from, body, {
      Cookie: s.cookie,
      'X-CSRF-Token': s.csrf,
      'Idempotency-Key': `k-${Math.random().toString(36).slice(2)}`,
    });

  it('lets only the intent’s creator pay it, replay its key and book with it', async () => {
    const [slot] = await peelSlots(1);
    const created = await write(
      '/deposit-intents',
      '203.0.113.60',
      {slot, serviceIds: PEEL},
      {'Idempotency-Key': 'dep-1'},
    );
    expect(created.status).toBe(200);
    const intent = ((await created.json()) as {intent: {id: string}}).intent;
    // Another address: the same key replays nothing, paying it is "not found".
    const replay = await write(
      '/deposit-intents',
      '198.51.100.61',
      {slot, serviceIds: PEEL},
      {'Idempotency-Key': 'dep-1'},
    );
    expect(replay.status).toBe(422);
    expect(((await replay.json()) as {errors: object}).errors).toEqual({idempotencyKey: 'invalid'});
    const paidByOther = await write(`/deposit-intents/${intent.id}/demo-payment`, '198.51.100.61', {
      card: 'succeeds',
    });
    expect(paidByOther.status).toBe(404);
    const [unpaid] = await server.db.query<{state: string}>(
      'SELECT state FROM payment_intents WHERE id = $1',
      [intent.id],
    );
    expect(unpaid.state).toBe('requires-payment');
    // The creator pays it.
    expect(
      (await write(`/deposit-intents/${intent.id}/demo-payment`, '203.0.113.60', {card: 'succeeds'})).status,
    ).toBe(204);
    // A patient signed in elsewhere cannot book with it…
    const other = await signInCookie('198.51.100.62');
    const stolen = await book('198.51.100.62', other, booking(slot, intent.id));
    expect(stolen.status).toBe(422);
    expect(((await stolen.json()) as {errors: object}).errors).toEqual({paymentIntentId: 'invalid'});
    // …the same patient from the creator's address can (it signed in after paying there).
    const there = await signInCookie('203.0.113.60');
    const booked = await book('203.0.113.60', there, booking(slot, intent.id));
    expect(booked.status).toBe(201);
  });

  it('does not let a booking use someone else’s hold on the slot', async () => {
    const [slot] = await peelSlots(1);
    const phoneVerificationToken = await verifiedPhoneToken(
      cookieApp,
      () => server.portal.outbox(),
      '+525512340070',
      '203.0.113.70',
    );
    const held = await write('/holds', '203.0.113.70', {slot, serviceIds: PEEL, phoneVerificationToken});
    expect(held.status).toBe(201);
    const {id: holdId} = (await held.json()) as {id: string};
    const patient = await signInCookie('198.51.100.71');
    const created = await write(
      '/deposit-intents',
      '198.51.100.71',
      {slot, serviceIds: PEEL},
      {
        'Idempotency-Key': 'dep-2',
        Cookie: patient.cookie,
        'X-CSRF-Token': patient.csrf,
      },
    );
    const intent = ((await created.json()) as {intent: {id: string}}).intent;
    expect(
      (
        await write(
          `/deposit-intents/${intent.id}/demo-payment`,
          '198.51.100.71',
          {card: 'succeeds'},
          {
            Cookie: patient.cookie,
            'X-CSRF-Token': patient.csrf,
          },
        )
      ).status,
    ).toBe(204);
    const r = await book('198.51.100.71', patient, booking(slot, intent.id, holdId));
    // The hold is someone else's: the slot is taken (held), not booked past the hold.
    expect(r.status).toBe(409);
    const [{n}] = await server.db.query<{n: number}>('SELECT count(*)::int AS n FROM holds WHERE id = $1', [
      holdId,
    ]);
    expect(n).toBe(1);
  });
});
