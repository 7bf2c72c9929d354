/**
 * Kept availability answers, compressed and shared (issue #22): the answer is compressed once per
 * change and sent with `Content-Encoding` when the request accepts it (each encoding its own
 * `ETag`, `Vary: Accept-Encoding`, 304 per encoding); readers who come together share one read of
 * the versions and one computation — and never an answer older than their request.
 */
import {gunzipSync, brotliDecompressSync} from 'node:zlib';
import {request} from 'node:http';
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Availability} from '../../src/adapters/adapter.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {answerEncoding} from '../../server/routes/booking.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const database = testDatabase('availability_encoding');
let server: RunningServer;

const query = new URLSearchParams({
  serviceId: 'svc-general',
  providerId: 'any',
  from: new Date(T0 + DAY).toISOString(),
  to: new Date(T0 + 30 * DAY).toISOString(),
});

/** A GET with exactly these headers (Node's fetch would add and undo `Accept-Encoding` itself). */
function raw(
  headers: Record<string, string> = {},
): Promise<{status: number; headers: Record<string, string | string[] | undefined>; body: Buffer}> {
  return new Promise((resolve, reject) => {
    const r = request(`${server.url}/availability?${query}`, {headers}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}),
      );
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end();
  });
}

/** Counts the statements the server sends that read the calendars' versions, alone or with the busy times. */
function countReads() {
  const counts = {versions: 0, computations: 0};
  const query = server.db.query.bind(server.db);
  const spy = vi.spyOn(server.db, 'query').mockImplementation(((sql: string, params?: readonly unknown[]) => {
    if (/FROM provider_calendars/.test(sql)) {
      if (/UNION ALL/.test(sql)) counts.computations++;
      else {
        counts.versions++;
        // As slow as a busy database's: the readers come while it is in flight.
        return new Promise((r) => setTimeout(r, 100)).then(() => query(sql, params));
      }
    }
    return query(sql, params);
  }) as typeof server.db.query);
  return {counts, restore: () => spy.mockRestore()};
}

beforeAll(async () => {
  server = await startServer({clock: () => T0, writesPerMinute: 0, rateLimits: false, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

beforeEach(async () => {
  await server.reset();
});

describe('compressed availability answers', () => {
  it('sends gzip and br when accepted, each decoding to the plain JSON, with its own entity tag and Vary', async () => {
    const plain = await raw();
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const json = plain.body.toString('utf8');
    expect((JSON.parse(json) as Availability).slots.length).toBeGreaterThan(100);

    const gz = await raw({'Accept-Encoding': 'gzip, deflate'});
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(json);
    // Compressed once and kept: far smaller than the JSON.
    expect(gz.body.length).toBeLessThan(plain.body.length / 5);

    const br = await raw({'Accept-Encoding': 'gzip, deflate, br'});
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(json);

    const tags = [plain, gz, br].map((r) => r.headers.etag);
    expect(new Set(tags).size).toBe(3);
    // The same calendar, the same tags (the JSON's hash and the encoding).
    expect((await raw({'Accept-Encoding': 'gzip'})).headers.etag).toBe(gz.headers.etag);
  });

  it('answers 304 to the tag of the encoding it would send, and 200 with its own tag to another encoding’s', async () => {
    const gz = await raw({'Accept-Encoding': 'gzip'});
    const tag = gz.headers.etag as string;
    const again = await raw({'Accept-Encoding': 'gzip', 'If-None-Match': tag});
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(tag);
    expect(again.headers.vary).toBe('Accept-Encoding');
    // A client that now takes only plain JSON gets it, not a 304 for bytes it cannot read.
    const plain = await raw({'If-None-Match': tag});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).not.toBe(tag);
    expect((await raw({'If-None-Match': plain.headers.etag as string})).status).toBe(304);
  });

  it('is transparent to the REST adapter and Node’s fetch (which ask for gzip)', async () => {
    const r = await fetch(`${server.url}/availability?${query}`);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    const viaFetch = (await r.json()) as Availability;
    const {fetch: checked, violations} = checkedFetch(server.url);
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checked});
    const viaAdapter = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: new Date(T0 + DAY).toISOString(),
      to: new Date(T0 + 30 * DAY).toISOString(),
    });
    expect(viaAdapter).toEqual(viaFetch);
    expect(JSON.stringify(viaFetch)).toBe((await raw()).body.toString('utf8'));
    expect(violations).toEqual([]);
  });

  it('chooses the encoding by the q-values of Accept-Encoding', () => {
    expect(answerEncoding(undefined)).toBe('identity');
    expect(answerEncoding('')).toBe('identity');
    expect(answerEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(answerEncoding('gzip, deflate')).toBe('gzip');
    expect(answerEncoding('GZIP')).toBe('gzip');
    expect(answerEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(answerEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(answerEncoding('identity')).toBe('identity');
    expect(answerEncoding('gzip;q=0.5, identity')).toBe('identity');
    expect(answerEncoding('*')).toBe('br');
    expect(answerEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(answerEncoding('deflate')).toBe('identity');
  });
});

describe('readers who come together', () => {
  it('share one read of the versions while the calendar stands, and one computation after a change', async () => {
    const first = await raw({'Accept-Encoding': 'gzip'});
    const reads = countReads();
    try {
      const kept = await Promise.all(Array.from({length: 10}, () => raw({'Accept-Encoding': 'gzip'})));
      expect(kept.every((r) => r.status === 200 && r.headers.etag === first.headers.etag)).toBe(true);
      // One read in flight at a time, the next one joined by everyone who came meanwhile.
      expect(reads.counts.computations).toBe(0);
      expect(reads.counts.versions).toBeGreaterThanOrEqual(1);
      expect(reads.counts.versions).toBeLessThanOrEqual(3);

      // A change (a hold written straight in SQL, as another process would): ten readers at once
      // compute the new answer once, and all get it.
      const slot = (JSON.parse(gunzipSync(first.body).toString('utf8')) as Availability).slots[4];
      await server.db.query(
        `INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms, holder)
         VALUES ('hold_enc', $1, $2, $3, $4, $5, 'address:203.0.113.9')`,
        [slot.providerId, Date.parse(slot.start), Date.parse(slot.end), JSON.stringify(slot), T0 + DAY],
      );
      reads.counts.computations = 0;
      const changed = await Promise.all(Array.from({length: 10}, () => raw({'Accept-Encoding': 'gzip'})));
      expect(reads.counts.computations).toBe(1);
      expect(new Set(changed.map((r) => r.headers.etag)).size).toBe(1);
      expect(changed[0].headers.etag).not.toBe(first.headers.etag);
      const body = JSON.parse(gunzipSync(changed[0].body).toString('utf8')) as Availability;
      expect(body.slots.map((s) => s.id)).not.toContain(slot.id);
    } finally {
      reads.restore();
    }
  });

  it('never answers from a read sent before the request: a booking just made is gone from every answer that follows it', async () => {
    const patient = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    await patient.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const before = JSON.parse((await raw()).body.toString('utf8')) as Availability;
    for (let k = 0; k < 3; k++) {
      // Readers keep asking while the booking goes in; every request sent after it came back
      // must see it, whatever reads the readers before it had in flight.
      let reading = true;
      const readers = Promise.all(
        Array.from({length: 5}, async () => {
          while (reading) await raw({'Accept-Encoding': 'gzip'});
        }),
      );
      const slot = before.slots[10 + 7 * k];
      await patient.book({
        slot,
        serviceIds: ['svc-general'],
        idempotencyKey: `encoding-book-${k}`,
        privacyConsent: true,
        policyAccepted: true,
        language: 'en',
      });
      const after = await Promise.all(Array.from({length: 5}, () => raw({'Accept-Encoding': 'gzip'})));
      reading = false;
      await readers;
      for (const r of after)
        expect(
          (JSON.parse(gunzipSync(r.body).toString('utf8')) as Availability).slots.map((s) => s.id),
        ).not.toContain(slot.id);
    }
  });
});
