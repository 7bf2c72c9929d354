/**
 * The FHIR adapter on servers that behave differently from the test server's defaults, each a real
 * process or a real HTTP server on 127.0.0.1:
 * - a server that caps every search page (here 100 whatever `_count` asks) and ignores the `status`,
 *   `start` and `_sort` search parameters (as FHIR allows a server to): the adapter pages through
 *   every `Bundle.link[next]` (over a thousand Slots) and filters by itself, so the patient is
 *   offered exactly what she is offered by a server that supports them;
 * - fields the adapter doesn't know on an Appointment (another system's extension, `comment`,
 *   `priority`) are kept when it confirms and cancels;
 * - an OperationOutcome or a failure status becomes one of the typed errors the elements explain
 *   in the patient's language; the server's own English text never reaches the patient.
 */
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import type {Slot} from '../../src/adapters/adapter.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

const admin = {headers: {Authorization: 'Bearer admin', 'Content-Type': 'application/fhir+json'}};

async function signIn(base: string, fetcher?: typeof fetch): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: base, retryBaseMs: 20, ...(fetcher ? {fetch: fetcher} : {})});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  return adapter;
}

describe('a server that caps pages and ignores search parameters', () => {
  let plain: FhirServerProcess;
  let odd: FhirServerProcess;
  beforeAll(async () => {
    [plain, odd] = await Promise.all([
      startFhirServerProcess(),
      startFhirServerProcess(['--max-page', '100', '--ignore-params', 'status,start,_sort']),
    ]);
    await Promise.all([plain.reset(), odd.reset()]);
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), odd?.stop()]);
  });

  it('offers the same times, after the same booking, paging through every Slot', async () => {
    const pages: string[] = [];
    const a = await signIn(plain.base);
    const b = await signIn(odd.base, (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (/\/Slot\?/.test(url)) pages.push(url);
      return fetch(input, init);
    });
    // The odd server holds more than a thousand Slots and never answers more than 100 at once.
    const all = (await (await fetch(`${odd.base}/Slot?_count=5000`, admin)).json()) as {
      entry?: unknown[];
      link?: {relation: string}[];
    };
    expect(all.entry?.length).toBe(100);
    expect(all.link?.some((l) => l.relation === 'next')).toBe(true);

    const catalog = await a.getCatalog();
    const service = catalog.services.find((s) => s.mode === 'in-person')!;
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString() as Slot['start'];
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString() as Slot['start'];
    const query = {serviceIds: [service.id], providerId: 'any' as const, from, to};
    const before = await a.getAvailability(query);
    expect(before.slots.length).toBeGreaterThan(20);
    // The same visit booked on both servers: neither offers it afterwards.
    const pick = before.slots[7]!;
    // "Any provider" offers each time once: another provider free at the same time still offers
    // it after the booking, so the drop is counted on the booked provider's own times.
    const own = {...query, providerId: pick.providerId};
    const ownBefore = await a.getAvailability(own);
    for (const adapter of [a, b])
      await adapter.book({
        slot: pick,
        serviceIds: [service.id],
        idempotencyKey: `robust-${Date.now()}`,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es',
      });
    pages.length = 0;
    const [onPlain, onOdd] = await Promise.all([a.getAvailability(query), b.getAvailability(query)]);
    const starts = (x: typeof onPlain) => x.slots.map((s) => `${s.providerId} ${s.start} ${s.end}`);
    expect(starts(onOdd)).toEqual(starts(onPlain));
    expect(starts(onPlain)).not.toContain(`${pick.providerId} ${pick.start} ${pick.end}`);
    expect(onPlain.slots.length).toBeLessThanOrEqual(before.slots.length);
    // (Every start whose visit would overlap the booked one goes.)
    expect((await a.getAvailability(own)).slots.length).toBeLessThan(ownBefore.slots.length);
    // Every Slot of the schedules went through the adapter, page after page (> 1,000 Slots).
    expect(pages.length).toBeGreaterThan(10);
  });

  it("keeps what it doesn't know on an Appointment when it confirms and cancels", async () => {
    const a = await signIn(plain.base);
    const catalog = await a.getCatalog();
    const service = catalog.services.find((s) => s.mode === 'in-person')!;
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
    const to = new Date(Date.now() + 10 * 86_400_000).toISOString() as Slot['start'];
    const {slots} = await a.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
    const booked = await a.book({
      slot: slots[3]!,
      serviceIds: [service.id],
      idempotencyKey: `unknown-fields-${Date.now()}`,
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    // The EHR adds its own things to the visit.
    const url = `${plain.base}/Appointment/${booked.id}`;
    const stored = (await (await fetch(url, admin)).json()) as Record<string, unknown> & {
      extension?: unknown[];
    };
    const theirs = {url: 'https://ehr.example/fhir/StructureDefinition/room-number', valueString: '12B'};
    const put = await fetch(url, {
      ...admin,
      method: 'PUT',
      body: JSON.stringify({
        ...stored,
        comment: 'Bring previous results',
        priority: 5,
        extension: [...(stored.extension ?? []), theirs],
      }),
    });
    expect(put.status).toBe(200);
    const kept = async () => {
      const now = (await (await fetch(url, admin)).json()) as Record<string, unknown> & {
        extension?: {url: string}[];
      };
      expect(now.comment).toBe('Bring previous results');
      expect(now.priority).toBe(5);
      expect(now.extension).toContainEqual(theirs);
      return now;
    };
    await a.confirmAppointment(booked.id);
    await kept();
    const reasons = await a.getCancellationReasons();
    const reason = reasons.find((r) => !r.needsText) ?? reasons[0]!;
    await a.cancelAppointment({appointmentId: booked.id, reasonId: reason.id, note: 'viaje'});
    expect((await kept()).status).toBe('cancelled');
  });
});

describe("a server's refusals", () => {
  let server: Server;
  let base = '';
  // What each request to the stand-in answers: [status, body, headers].
  let answer: [number, unknown, Record<string, string>] = [200, {}, {}];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      const [status, body, headers] = answer;
      res.writeHead(status, {'Content-Type': 'application/fhir+json', ...headers});
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as {port: number}).port}/fhir/R4`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const outcome = (code: string) => ({
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code,
        diagnostics: 'Internal detail: table appt_lock',
        details: {text: 'Rejected by rule 42'},
      },
    ],
  });

  it('become typed errors, never the server text', async () => {
    const cases: [[number, unknown, Record<string, string>], Record<string, unknown>][] = [
      [[400, outcome('conflict'), {}], {name: 'SlotTakenError', code: 'slot-taken'}],
      [[409, outcome('duplicate'), {}], {name: 'SlotTakenError'}],
      [[422, outcome('invariant'), {}], {name: 'ValidationError', code: 'validation'}],
      [[403, outcome('forbidden'), {}], {name: 'ForbiddenError'}],
      [[429, outcome('throttled'), {'Retry-After': '7'}], {name: 'RateLimitedError'}],
      [[503, outcome('transient'), {'Retry-After': '1'}], {name: 'NetworkError', code: 'server'}],
      [[200, 'not json', {}], {name: 'NetworkError'}],
    ];
    for (const [reply, expected] of cases) {
      answer = reply;
      // A fresh adapter: the clinic read (the first request) meets the refusal.
      const fresh = new FhirAdapter({baseUrl: base, retryBaseMs: 5});
      const error = await fresh.getClinic().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error, JSON.stringify(reply[0])).toMatchObject(expected);
      expect(String(error?.message)).not.toMatch(/Internal detail|Rejected by rule/);
    }
  });
});
