/**
 * RestAdapter's transport rules with a scripted fetch (no server): retries only where safe, with
 * Retry-After; timeouts; aborts; HTTP problems → typed errors; the CSRF header on every write.
 * Every request it sends is checked against `server/openapi.yaml`.
 */
import {describe, expect, it} from 'vitest';
import {
  ForbiddenError,
  HoldExpiredError,
  NetworkError,
  NotSignedInError,
  NotSupportedError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
  isAbortError,
  type BookingRequest,
} from '../../../src/adapters/adapter.js';
import {RestAdapter, createRestAdapter} from '../../../src/adapters/rest/index.js';
import {backendKind} from '../../../src/adapters/registry.js';
import {portalContract} from '../../../server/openapi.js';

const BASE = 'http://127.0.0.1:9/portal-api';

interface Sent {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
  readonly credentials?: RequestCredentials;
}

type Reply = Response | Error | 'hang';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: {'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers},
  });

const problem = (status: number, code: string, extra: Record<string, unknown> = {}, headers = {}) =>
  json(status, {type: `urn:portal:problem:${code}`, title: code, status, code, ...extra}, headers);

function scripted(replies: Reply[]) {
  const sent: Sent[] = [];
  const contract = portalContract();
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const method = init.method ?? 'GET';
    sent.push({method, url, headers, body, credentials: init.credentials});
    const matched = contract.match(method, url.pathname.replace('/portal-api', ''));
    expect(matched, `${method} ${url.pathname} is in the contract`).toBeTruthy();
    if (matched)
      expect(contract.validateRequest(matched, {query: url.searchParams, headers, body})).toEqual([]);
    const reply = replies.shift() ?? new Error('no more replies');
    if (reply === 'hang')
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
      });
    if (reply instanceof Error) throw reply;
    return reply;
  }) as typeof globalThis.fetch;
  return {fetch, sent};
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const SLOT = {
  id: 'prov-a~1773158400000~svc-a',
  start: '2026-03-10T10:00:00-06:00',
  end: '2026-03-10T10:30:00-06:00',
  providerId: 'prov-a',
  serviceIds: ['svc-a'],
  mode: 'in-person' as const,
};

const BOOKING: BookingRequest = {
  slot: SLOT,
  serviceIds: ['svc-a'],
  idempotencyKey: 'key-1',
  privacyConsent: true,
  policyAccepted: true,
  language: 'es',
};

const adapter = (replies: Reply[], extra: Partial<ConstructorParameters<typeof RestAdapter>[0]> = {}) => {
  const s = scripted(replies);
  return {...s, rest: new RestAdapter({baseUrl: BASE, fetch: s.fetch, retryBaseMs: 1, ...extra})};
};

describe('RestAdapter', () => {
  it('resolves the base URL and sends reads without a CSRF header, writes with one', async () => {
    const {rest, sent} = adapter([
      json(200, {now: '2026-03-10T10:00:00-06:00'}),
      new Response(null, {status: 204}),
    ]);
    expect(rest.kind).toBe('rest');
    expect(rest.demo).toBe(false);
    await rest.getServerTime();
    await rest.releaseHold('hold/1');
    expect(sent[0].url.href).toBe(`${BASE}/time`);
    expect(sent[0].headers.get('X-CSRF-Token')).toBeNull();
    expect(sent[1].method).toBe('DELETE');
    expect(sent[1].url.pathname).toBe('/portal-api/holds/hold%2F1');
    expect(sent[1].headers.get('X-CSRF-Token')).toBeTruthy();
  });

  it('remembers the CSRF token the server gives and sends it on writes (QUALITY 17)', async () => {
    const session = {
      id: 's1',
      method: 'password',
      patient: {
        id: 'p',
        givenName: 'A',
        familyName: 'B',
        email: 'a@b.c',
        dateOfBirth: '1990-05-01',
        language: 'es',
        onboardingDone: true,
      },
    };
    const {rest, sent} = adapter([
      json(200, {status: 'signed-in', session}, {'X-CSRF-Token': 'tok-123'}),
      new Response(null, {status: 204}),
    ]);
    await rest.signIn({email: 'a@b.c', password: '  spaces kept  '});
    expect(sent[0].body).toEqual({email: 'a@b.c', password: '  spaces kept  '});
    await rest.completeOnboarding();
    expect(sent[1].headers.get('X-CSRF-Token')).toBe('tok-123');
  });

  it('refreshes a rejected CSRF token once from GET /session, then retries the write', async () => {
    const {rest, sent} = adapter([
      problem(403, 'csrf'),
      json(200, {session: null}, {'X-CSRF-Token': 'fresh'}),
      new Response(null, {status: 204}),
    ]);
    await rest.completeOnboarding();
    expect(sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'POST /portal-api/onboarding/complete',
      'GET /portal-api/session',
      'POST /portal-api/onboarding/complete',
    ]);
    expect(sent[2].headers.get('X-CSRF-Token')).toBe('fresh');
    const again = adapter([problem(403, 'csrf'), json(200, {session: null}), problem(403, 'csrf')]);
    expect(await rejection(again.rest.completeOnboarding())).toBeInstanceOf(ForbiddenError);
  });

  it('sends the idempotency key as a header and the rest of the booking as the body', async () => {
    const {rest, sent} = adapter([problem(409, 'slot-taken', {slotId: SLOT.id})]);
    const e = await rejection(rest.book(BOOKING));
    expect(e).toBeInstanceOf(SlotTakenError);
    expect((e as SlotTakenError).retryable).toBe(false);
    expect(sent.length).toBe(1);
    expect(sent[0].headers.get('Idempotency-Key')).toBe('key-1');
    expect(sent[0].body).not.toHaveProperty('idempotencyKey');
  });

  it('maps problem documents to the typed errors', async () => {
    const cases: [Response, (e: unknown) => void][] = [
      [problem(409, 'hold-expired'), (e) => expect(e).toBeInstanceOf(HoldExpiredError)],
      [
        problem(422, 'validation', {errors: {'patient.email': 'invalid-email'}}),
        (e) => expect((e as ValidationError).fields).toEqual({'patient.email': 'invalid-email'}),
      ],
      [
        problem(401, 'session-expired'),
        (e) => expect((e as NotSignedInError).reason).toBe('session-expired'),
      ],
      [problem(403, 'forbidden'), (e) => expect(e).toBeInstanceOf(ForbiddenError)],
      [
        problem(501, 'not-supported', {capability: 'payments'}),
        (e) => expect((e as NotSupportedError).capability).toBe('payments'),
      ],
      [problem(410, 'invalid-link'), (e) => expect((e as {code: string}).code).toBe('invalid-link')],
      [problem(404, 'not-found'), (e) => expect((e as {code: string}).code).toBe('not-found')],
      [problem(402, 'payment-failed'), (e) => expect((e as {code: string}).code).toBe('payment-failed')],
    ];
    for (const [reply, check] of cases) {
      const {rest} = adapter([reply]);
      check(await rejection(rest.cancelAppointment({appointmentId: 'a1', reasonId: 'other', note: 'x'})));
    }
  });

  it('tells its owner when the session is gone', async () => {
    const lost: string[] = [];
    const {rest} = adapter([problem(401, 'not-signed-in')], {events: {onSessionLost: (r) => lost.push(r)}});
    expect(await rejection(rest.getReminderPreferences())).toBeInstanceOf(NotSignedInError);
    expect(lost).toEqual(['not-signed-in']);
  });

  it('retries a read on 503 honouring Retry-After, then succeeds', async () => {
    const {rest, sent} = adapter([
      problem(503, 'server', {}, {'Retry-After': '1'}),
      new Error('ECONNRESET'),
      json(200, {reasons: []}),
    ]);
    const started = Date.now();
    expect(await rest.getCancellationReasons()).toEqual([]);
    expect(sent.length).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a document whose stored file the server cannot read (503 document-unreadable)', async () => {
    const {rest, sent} = adapter([problem(503, 'document-unreadable'), json(200, {})]);
    const e = await rejection(rest.downloadDocument('doc_1'));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('server');
    expect((e as NetworkError).retryable).toBe(false);
    // Named, so the element can say so in its own words (<patient-documents>, a message's file).
    expect((e as NetworkError).problem).toBe('document-unreadable');
    expect(sent.length).toBe(1);
    // A message's file: the same.
    const files = adapter([problem(503, 'document-unreadable'), json(200, {})]);
    const f = await rejection(files.rest.downloadAttachment('att_1'));
    expect((f as NetworkError).problem).toBe('document-unreadable');
    expect(files.sent.length).toBe(1);
    // Another 503 is not that.
    const other = adapter([
      problem(503, 'server'),
      problem(503, 'server'),
      problem(503, 'server'),
      problem(503, 'server'),
    ]);
    expect(((await rejection(other.rest.getCatalog())) as NetworkError).problem).toBeUndefined();
  });

  it('gives up after 3 retries (4 attempts) with a retryable error', async () => {
    const {rest, sent} = adapter([
      problem(500, 'server'),
      problem(502, 'server'),
      problem(503, 'server'),
      problem(500, 'server'),
      json(200, {}),
    ]);
    const e = await rejection(rest.getCatalog());
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('server');
    expect(sent.length).toBe(4);
  });

  it('retries a keyed write (booking) with the same key, but never an unkeyed one', async () => {
    const booked = adapter([new Error('socket hang up'), problem(502, 'server'), problem(409, 'slot-taken')]);
    expect(await rejection(booked.rest.book(BOOKING))).toBeInstanceOf(SlotTakenError);
    expect(booked.sent.map((s) => s.headers.get('Idempotency-Key'))).toEqual(['key-1', 'key-1', 'key-1']);
    const cancel = adapter([problem(500, 'server'), json(200, {})]);
    expect(
      await rejection(cancel.rest.cancelAppointment({appointmentId: 'a', reasonId: 'r'})),
    ).toBeInstanceOf(NetworkError);
    expect(cancel.sent.length).toBe(1);
    const signIn = adapter([new Error('offline'), json(200, {})]);
    expect(
      ((await rejection(signIn.rest.signIn({email: 'a@b.c', password: 'x'}))) as NetworkError).code,
    ).toBe('network');
    expect(signIn.sent.length).toBe(1);
  });

  it('does not wait for a long Retry-After: the element shows the wait (QUALITY 16)', async () => {
    const {rest, sent} = adapter([problem(429, 'rate-limited', {retryAfter: 600}, {'Retry-After': '600'})]);
    const e = await rejection(
      rest.getAvailability({serviceIds: ['a'], providerId: 'any', from: SLOT.start, to: SLOT.end}),
    );
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterSeconds).toBe(600);
    expect(sent.length).toBe(1);
  });

  it('times out a hung request and retries reads, then reports a timeout', async () => {
    const {rest, sent} = adapter(['hang', 'hang'], {timeoutMs: 50, retries: 1});
    const e = await rejection(rest.getClinic());
    expect((e as NetworkError).code).toBe('timeout');
    expect(sent.length).toBe(2);
  });

  it('reports malformed JSON as a server error, never as success', async () => {
    const {rest} = adapter(
      [
        new Response('{"slots": [', {status: 200, headers: {'Content-Type': 'application/json'}}),
        new Response('<html>', {status: 200}),
      ],
      {retries: 1},
    );
    expect(((await rejection(rest.getCatalog())) as NetworkError).code).toBe('server');
  });

  it('cancels with the AbortSignal: before sending, while waiting, and during a backoff', async () => {
    const pre = adapter([json(200, {})]);
    const c1 = new AbortController();
    c1.abort();
    expect(isAbortError(await rejection(pre.rest.book(BOOKING, {signal: c1.signal})))).toBe(true);
    expect(pre.sent.length).toBe(0);

    const mid = adapter(['hang']);
    const c2 = new AbortController();
    const reason = new Error('navigated away');
    const p = mid.rest.getCatalog({signal: c2.signal});
    setTimeout(() => c2.abort(reason), 20);
    expect(await rejection(p)).toBe(reason);

    const backoff = adapter([problem(503, 'server', {}, {'Retry-After': '5'}), json(200, {})]);
    const c3 = new AbortController();
    const q = backoff.rest.getCatalog({signal: c3.signal});
    setTimeout(() => c3.abort(), 50);
    expect(isAbortError(await rejection(q))).toBe(true);
    expect(backoff.sent.length).toBe(1);
  });

  it('puts availability and list filters in the query, and no patient data in any URL', async () => {
    const {rest, sent} = adapter([
      json(200, {slots: [], timeZone: 'America/Mexico_City'}),
      json(200, {items: []}),
      json(201, {id: 'c', length: 6, expiresAt: SLOT.end, resendAt: SLOT.start}),
    ]);
    await rest.getAvailability({serviceIds: ['a', 'b'], providerId: 'any', from: SLOT.start, to: SLOT.end});
    expect(sent[0].url.searchParams.getAll('serviceId')).toEqual(['a', 'b']);
    await rest.listAppointments({when: 'past', statuses: ['cancelled', 'no-show'], limit: 5});
    expect(sent[1].url.searchParams.getAll('status')).toEqual(['cancelled', 'no-show']);
    await rest.sendPhoneCode({phone: '+525512345678', language: 'es'});
    for (const s of sent) expect(s.url.href).not.toContain('5512345678');
  });
});

describe('RestAdapter in bearer mode', () => {
  const PATIENT = {
    id: 'p',
    givenName: 'A',
    familyName: 'B',
    email: 'a@b.c',
    dateOfBirth: '1990-05-01',
    language: 'es',
    onboardingDone: true,
  };
  const TOKEN = 'secret-access-token-0123456789';
  const signedIn = () =>
    json(200, {
      status: 'signed-in',
      session: {id: 's1', method: 'password', patient: PATIENT, accessToken: TOKEN},
    });

  it('keeps the access token to itself and sends it as Authorization, without cookies or CSRF', async () => {
    const {rest, sent} = adapter(
      [signedIn(), new Response(null, {status: 204}), json(200, {session: null})],
      {auth: 'bearer'},
    );
    const result = await rest.signIn({email: 'a@b.c', password: 'pw'});
    expect(result.status).toBe('signed-in');
    // The session handed to the elements has no token in it.
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(sent[0].headers.get('Authorization')).toBeNull();
    await rest.completeOnboarding();
    await rest.getSession();
    for (const s of sent) {
      expect(s.credentials).toBe('omit');
      expect(s.headers.get('X-CSRF-Token')).toBeNull();
    }
    expect(sent[1].headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    expect(sent[2].headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    // No CSRF fetch: exactly the three calls made.
    expect(sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'POST /portal-api/session',
      'POST /portal-api/onboarding/complete',
      'GET /portal-api/session',
    ]);
    // Nothing public or enumerable holds it.
    expect(JSON.stringify(rest)).not.toContain(TOKEN);
    expect(Object.values(rest).some((v) => v === TOKEN)).toBe(false);
    expect('accessToken' in rest).toBe(false);
    for (const u of sent) expect(u.url.href).not.toContain(TOKEN);
  });

  it('drops the token on a 401 and on sign-out', async () => {
    const lost: string[] = [];
    const {rest, sent} = adapter(
      [
        signedIn(),
        problem(401, 'session-expired'),
        json(200, {session: null}),
        signedIn(),
        new Response(null, {status: 204}),
        json(200, {session: null}),
      ],
      {auth: 'bearer', events: {onSessionLost: (reason) => lost.push(reason)}},
    );
    await rest.signIn({email: 'a@b.c', password: 'pw'});
    expect(await rejection(rest.completeOnboarding())).toBeInstanceOf(NotSignedInError);
    expect(lost).toEqual(['session-expired']);
    await rest.getSession();
    expect(sent[2].headers.get('Authorization')).toBeNull();
    await rest.signIn({email: 'a@b.c', password: 'pw'});
    await rest.signOut();
    expect(sent[4].headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    await rest.getSession();
    expect(sent[5].headers.get('Authorization')).toBeNull();
  });

  it('is chosen by a backend value prefixed bearer:', () => {
    expect(createRestAdapter('bearer:https://api.example.com/portal-api').auth).toBe('bearer');
    expect(createRestAdapter('bearer:https://api.example.com/portal-api').baseUrl).toBe(
      'https://api.example.com/portal-api',
    );
    expect(createRestAdapter('https://api.example.com/portal-api').auth).toBe('cookie');
    expect(backendKind('bearer:https://api.example.com/portal-api')).toBe('rest');
    expect(backendKind('bearer:http://evil.example.com/api')).toBe('invalid');
  });
});
