/**
 * Two servers, one PostgreSQL (issue #14): two real `server/main.ts` processes on one database.
 * A session made on one is valid on the other; sign-in lockouts and holds are shared; a race for
 * one slot across both ends in one booking (20 runs); a reminder due is sent once when both run
 * the pass at the same moment; a booking on one is gone from the other's kept availability answer
 * (#22). PostgreSQL only (`npm run test:server:pg`): PGlite is one process's.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {SlotTakenError} from '../../src/domain/errors.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/index.js';
import type {Slot} from '../../src/domain/types.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {freePort} from './helpers.js';

const baseUrl = process.env.PORTAL_TEST_DATABASE_URL;
vi.setConfig({testTimeout: 180_000});

const DB_NAME = `two_servers_${process.pid}`;
const children: ChildProcess[] = [];
let a = '';
let b = '';

async function admin<T>(body: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const {default: pg} = await import('pg');
  const client = new pg.Client({connectionString: baseUrl});
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

let sharedUrl = '';
/** A query on the database both servers use. */
async function shared<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const {default: pg} = await import('pg');
  const client = new pg.Client({connectionString: sharedUrl});
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Starts `server/main.ts` on the shared database; resolves to its API's base URL once it listens. */
async function startProcess(databaseUrl: string): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTAL_DEMO: '1',
      PORTAL_DEV_OUTBOX: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!out.includes('Patient portal reference server on')) {
    if (Date.now() - started > 120_000 || child.exitCode !== null) throw new Error(`did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return `http://127.0.0.1:${port}/portal-api`;
}

beforeAll(async () => {
  if (!baseUrl) return;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${DB_NAME}`;
  sharedUrl = url.href;
  // One after the other: the first migrates and seeds, the second finds it done.
  a = await startProcess(url.href);
  b = await startProcess(url.href);
}, 300_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  if (baseUrl) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME}`));
});

/** A signed-in patient's cookie, made on `on`. */
async function signIn(on: string): Promise<string> {
  const r = await fetch(`${on}/session`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
    body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
  });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

/** The REST adapter on `on`, sending `cookie` (the browser's, shared by both servers' origin). */
function adapterWith(on: string, cookie: string): RestAdapter {
  return new RestAdapter({
    baseUrl: on,
    fetch: (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Cookie', cookie);
      return fetch(input, {...init, headers});
    },
  });
}

async function freeSlots(n: number, fromDays: number): Promise<Slot[]> {
  const anon = new RestAdapter({baseUrl: a});
  const now = Date.now();
  const {slots} = await anon.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'prov-ramirez',
    from: new Date(now + fromDays * 86_400_000).toISOString(),
    to: new Date(now + (fromDays + 40) * 86_400_000).toISOString(),
  });
  return slots.filter((_, i) => i % 4 === 0).slice(0, n);
}

describe.runIf(baseUrl)('two server processes on one PostgreSQL', () => {
  it('accepts a session made on one on the other', async () => {
    const cookie = await signIn(a);
    const r = await fetch(`${b}/session`, {headers: {Cookie: cookie}});
    const body = (await r.json()) as {session: {patient: {email: string}} | null};
    expect(body.session?.patient.email).toBe(DEMO_PATIENT_EMAIL);
  });

  it('shares sign-in lockouts', async () => {
    const email = 'nobody-here@example.org';
    const max = ABUSE_LIMITS.signInFailuresPerAccountAndAddress.max;
    for (let i = 0; i < max; i++) {
      const r = await fetch(`${i % 2 ? a : b}/session`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
        body: JSON.stringify({email, password: `wrong-${i}`}),
      });
      expect(r.status).toBe(422);
    }
    for (const on of [a, b]) {
      const r = await fetch(`${on}/session`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'none'},
        body: JSON.stringify({email, password: 'wrong-again'}),
      });
      expect(r.status).toBe(429);
    }
  });

  it('drops a slot booked on one from the kept availability answer of the other (#22)', async () => {
    const from = new Date(Date.now() + 50 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 57 * 86_400_000).toISOString();
    const url = (on: string) =>
      `${on}/availability?${new URLSearchParams({serviceId: 'svc-general', providerId: 'prov-ramirez', from, to})}`;
    const first = await fetch(url(b));
    const etag = first.headers.get('etag') as string;
    const {slots} = (await first.json()) as {slots: Slot[]};
    // B keeps it: the same tag, a 304.
    expect((await fetch(url(b), {headers: {'If-None-Match': etag}})).status).toBe(304);
    const cookie = await signIn(a);
    const onA = adapterWith(a, cookie);
    await onA.getSession();
    const slot = slots[2];
    await onA.book({
      slot,
      serviceIds: slot.serviceIds,
      idempotencyKey: 'two-cache-1',
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const after = await fetch(url(b), {headers: {'If-None-Match': etag}});
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as {slots: Slot[]}).slots.map((s) => s.start)).not.toContain(slot.start);
  });

  it('shares holds: a slot held on one cannot be held on the other', async () => {
    const [slot] = await freeSlots(1, 20);
    // Holds need a session or a verified phone (issue #14 item 7): the signed-in patient holds.
    const cookie = await signIn(a);
    const onA = adapterWith(a, cookie);
    const onB = adapterWith(b, cookie);
    await onA.getSession();
    await onB.getSession();
    const first = await onA.holdSlot(slot, ['svc-general']);
    await expect(onB.holdSlot(slot, ['svc-general'])).rejects.toBeInstanceOf(SlotTakenError);
    await onA.releaseHold(first.id);
  });

  it('one slot raced from both servers ends in one booking, 20 runs', async () => {
    const cookie = await signIn(a);
    const onA = adapterWith(a, cookie);
    const onB = adapterWith(b, cookie);
    await onA.getSession();
    await onB.getSession();
    const slots = await freeSlots(20, 3);
    expect(slots).toHaveLength(20);
    let run = 0;
    for (const slot of slots) {
      run++;
      const request = (key: string) => ({
        slot,
        serviceIds: slot.serviceIds,
        idempotencyKey: key,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es' as const,
      });
      const results = await Promise.allSettled([
        onA.book(request(`two-a-${run}`)),
        onB.book(request(`two-b-${run}`)),
      ]);
      const booked = results.filter((r) => r.status === 'fulfilled');
      const lost = results.find((r) => r.status === 'rejected');
      expect(booked, `run ${run}`).toHaveLength(1);
      expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(SlotTakenError);
      const [{n}] = await shared<{n: number}>(
        `SELECT count(*)::int AS n FROM appointments
          WHERE provider_id = $1 AND start_ms = $2 AND status IN ('pending', 'booked', 'confirmed')`,
        [slot.providerId, Date.parse(slot.start)],
      );
      expect(n, `run ${run}`).toBe(1);
    }
  });

  it('sends a reminder due once when both servers run the pass at the same moment', async () => {
    const pass = (on: string) =>
      fetch(`${new URL(on).origin}/portal-dev/reminders`, {
        method: 'POST',
        headers: {'X-CSRF-Token': '1'},
      }).then(async (r) => ((await r.json()) as {sent: number}).sent);
    // An appointment due for a reminder: the demo patient's, in the next days.
    const cookie = await signIn(b);
    const onB = adapterWith(b, cookie);
    await onB.getSession();
    const [soon] = await freeSlots(1, 0.2);
    const booked = await onB.book({
      slot: soon,
      serviceIds: soon.serviceIds,
      idempotencyKey: 'two-reminder',
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    // Booked within its reminder times, those were marked skipped; as if it had been booked days
    // ago, they are due now.
    await shared('DELETE FROM reminders_sent WHERE appointment_id = $1', [booked.id]);
    const [x, y] = await Promise.all([pass(a), pass(b)]);
    expect(x + y).toBeGreaterThan(0);
    const claimed = await shared(
      'SELECT hours FROM reminders_sent WHERE appointment_id = $1 AND NOT skipped',
      [booked.id],
    );
    expect(claimed.length).toBeGreaterThan(0);
    // Each reminder went out once, from whichever server claimed it; a second pass finds none due.
    const twice = await shared(
      `SELECT recipient, body, count(*) FROM outbox WHERE kind = 'reminder' GROUP BY recipient, body HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    const [x2, y2] = await Promise.all([pass(a), pass(b)]);
    expect(x2 + y2).toBe(0);
  });
});

describe.runIf(!baseUrl)('two server processes on one PostgreSQL', () => {
  it.skip('runs only on PostgreSQL (npm run test:server:pg): a PGlite folder belongs to one process', () => {});
});
