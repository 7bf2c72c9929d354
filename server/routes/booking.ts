/** Routes: booking (`/availability`, `/holds`, `POST /appointments`). */
import type {BookingRequest} from '../../src/adapters/adapter.js';
import {RateLimitedError} from '../../src/domain/errors.js';
import {availabilityAnswer, type AnswerEncoding} from '../services/availability.js';
import {book} from '../services/booking.js';
import {holdSlot, releaseHold} from '../services/holds.js';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

/** Whether an `If-None-Match` header names this entity tag (or `*`); weak tags compare equal. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * The encoding to answer in for an `Accept-Encoding` header (RFC 9110 12.5.3): the acceptable one
 * of highest `q`, ties going to the smaller (br, then gzip, then none). No header: none. A coding
 * not named takes `*`'s weight; `identity` not named is acceptable (unless `*;q=0`) but the last
 * choice; refused, and nothing else acceptable, the plain bytes go out anyway.
 */
export function answerEncoding(header: string | undefined): AnswerEncoding | 'identity' {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const item of header.split(',')) {
    const [name, ...params] = item.split(';').map((x) => x.trim().toLowerCase());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q=([01](?:\.\d{0,3})?)$/.exec(p);
      if (m) q = Math.min(1, Number(m[1]));
    }
    // The first mention of a coding counts (a repeated one is a client's mistake).
    if (!weights.has(name)) weights.set(name, q);
  }
  const star = weights.get('*');
  // Plain bytes not named: acceptable (unless `*;q=0`) but the last choice.
  const weight = (name: string) =>
    weights.get(name) ?? (name === 'identity' ? (star ?? 0.0001) : (star ?? 0));
  let best: AnswerEncoding | 'identity' = 'identity';
  let bestWeight = weight('identity');
  for (const name of ['br', 'gzip'] as const) {
    const w = weight(name);
    if (w > 0 && (w > bestWeight || (w === bestWeight && best === 'identity'))) {
      best = name;
      bestWeight = w;
    }
  }
  return best;
}

/**
 * How long a refused availability read waits before its 429 goes out (at most its `Retry-After`).
 * A client that asks again at once, ignoring `Retry-After` — a flood — then gets at most one answer
 * per connection per pause, instead of as many refusals as the server can make: thousands a second
 * on the event loop everyone else's requests share. A waiting answer is a timer, no work.
 */
export const REFUSAL_PAUSE_MS = 1000;
/** Refusals waiting at once per address; past it, an address's refusals go out at once. */
const MAX_PAUSED_PER_ADDRESS = 200;

export function bookingRoutes(app: App, {services: s}: RouteKit): void {
  const paused = new Map<string, number>();
  const pauseRefusal = async (address: string, e: RateLimitedError): Promise<void> => {
    const waiting = paused.get(address) ?? 0;
    if (waiting >= MAX_PAUSED_PER_ADDRESS) return;
    paused.set(address, waiting + 1);
    try {
      await new Promise((r) => setTimeout(r, Math.min(REFUSAL_PAUSE_MS, e.retryAfterSeconds * 1000)));
    } finally {
      const left = (paused.get(address) ?? 1) - 1;
      if (left > 0) paused.set(address, left);
      else paused.delete(address);
    }
  };
  app.get('/availability', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const call = caller(c);
    let answer;
    try {
      answer = await availabilityAnswer(
        s,
        {
          serviceIds: q.getAll('serviceId'),
          providerId: q.get('providerId') ?? '',
          ...(q.has('locationId') ? {locationId: q.get('locationId')!} : {}),
          from: q.get('from') ?? '',
          to: q.get('to') ?? '',
        },
        call,
      );
    } catch (e) {
      if (e instanceof RateLimitedError) await pauseRefusal(call.address ?? 'unknown', e);
      throw e;
    }
    // The clinic's free times, no patient's data: the browser may keep them and ask again with the
    // entity tag; an unchanged answer costs a 304 and no body. Compressed when the client accepts it
    // (the answer's compressed bytes are made once and kept with it); each encoding its own tag.
    let encoding = answerEncoding(c.req.header('accept-encoding'));
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Accept-Encoding');
    if (ifNoneMatch(c.req.header('if-none-match'), answer.etagOf(encoding))) {
      c.header('ETag', answer.etagOf(encoding));
      return c.body(null, 304);
    }
    let body: Uint8Array = answer.bytes;
    if (encoding !== 'identity') {
      try {
        body = await answer.encoded(encoding);
      } catch {
        encoding = 'identity';
      }
    }
    c.header('ETag', answer.etagOf(encoding));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/json',
      ...(encoding === 'identity' ? {} : {'Content-Encoding': encoding}),
    });
  });
  app.post('/holds', async (c) => {
    const {slot, serviceIds, phoneVerificationToken} = json<RequestBody<'holdSlot'>>(c);
    const hold = await holdSlot(s, slot, serviceIds, caller(c), phoneVerificationToken);
    return c.json(hold satisfies ResponseBody<'holdSlot'>, 201);
  });
  app.delete('/holds/:holdId', async (c) => {
    await releaseHold(s, c.req.param('holdId'), caller(c));
    return c.body(null, 204);
  });
  app.post('/appointments', async (c) => {
    const request = {...json<Omit<BookingRequest, 'idempotencyKey'>>(c), idempotencyKey: idempotencyKey(c)};
    const {appointment, replayed} = await book(s, caller(c), request);
    return c.json(appointment satisfies ResponseBody<'book'>, replayed ? 200 : 201);
  });
}
