/**
 * The FHIR adapter picks its booking path from the server's CapabilityStatement: with
 * `Appointment/$book` offered it books through the operation (no Slot writes of its own), without it
 * through Slot `PUT` + `If-Match` and a conditional Appointment create; `$hold` turns holds on. Each
 * checked against the FHIR test server as a real process, with the requests the adapter sent
 * recorded and the stored resources read back with the admin token. (The shared contract runs on
 * both paths: contract.test.ts and contract-operations.test.ts.)
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT} from '../../src/adapters/fhir/profile.js';
import type {Slot} from '../../src/adapters/adapter.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

const admin = {headers: {Authorization: 'Bearer admin'}};
type Stored = {status?: string; extension?: {url: string; valueString?: string}[]};

async function signedIn(server: FhirServerProcess, sent: string[]): Promise<FhirAdapter> {
  const recording: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    sent.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/fhir\/R4\//, '')}`);
    return fetch(input, init);
  };
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20, fetch: recording});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  return adapter;
}

async function firstSlots(adapter: FhirAdapter): Promise<{serviceIds: string[]; slots: readonly Slot[]}> {
  const catalog = await adapter.getCatalog();
  const service = catalog.services.find((s) => s.mode === 'in-person')!;
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 12 * 86_400_000).toISOString() as Slot['start'];
  const {slots} = await adapter.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
  return {serviceIds: [service.id], slots};
}

const request = (slot: Slot, serviceIds: string[], key: string, holdId?: string) => ({
  slot,
  serviceIds,
  idempotencyKey: key,
  privacyConsent: true,
  policyAccepted: true,
  language: 'en' as const,
  ...(holdId ? {holdId} : {}),
});

async function slotsOf(server: FhirServerProcess, appointmentId: string): Promise<Stored[]> {
  const a = (await (await fetch(`${server.base}/Appointment/${appointmentId}`, admin)).json()) as {
    status: string;
    slot: {reference: string}[];
  };
  expect(a.status).toBe('booked');
  return Promise.all(
    a.slot.map(async (s) => (await (await fetch(`${server.base}/${s.reference}`, admin)).json()) as Stored),
  );
}

describe('a server offering $hold and $book', () => {
  let server: FhirServerProcess;
  beforeAll(async () => {
    server = await startFhirServerProcess(['--operations', 'find,hold,book']);
    await server.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('holds through $hold and books the held slot through $book, writing no Slot itself', async () => {
    const sent: string[] = [];
    const adapter = await signedIn(server, sent);
    expect((await adapter.getCapabilities()).holds).toBe(true);
    const {serviceIds, slots} = await firstSlots(adapter);
    // Availability came from $find, not from Slot searches.
    expect(sent).toContain('GET Appointment/$find');
    expect(sent.filter((r) => r.startsWith('GET Slot'))).toEqual([]);
    const hold = await adapter.holdSlot(slots[0]!, serviceIds);
    const held = (await (await fetch(`${server.base}/Appointment/${hold.id}`, admin)).json()) as Stored;
    expect(held.status).toBe('pending');
    const booked = await adapter.book(request(slots[0]!, serviceIds, `ops-${Date.now()}`, hold.id));
    // The hold became the appointment; its slots are busy and tagged with the booking.
    expect(booked.id).toBe(hold.id);
    const stored = await slotsOf(server, booked.id);
    expect(stored.length).toBeGreaterThan(0);
    for (const s of stored) {
      expect(s.status).toBe('busy');
      expect(s.extension?.some((e) => e.url === EXT.heldBy)).toBe(false);
    }
    expect(sent).toContain('POST Appointment/$hold');
    expect(sent).toContain('POST Appointment/$book');
    expect(sent.filter((r) => r.startsWith('PUT Slot/') || r === 'POST Appointment')).toEqual([]);
  });

  it('a slot held by one patient is taken for anyone else until the hold is let go', async () => {
    const sent: string[] = [];
    const adapter = await signedIn(server, sent);
    const {serviceIds, slots} = await firstSlots(adapter);
    const slot = slots[0]!;
    const hold = await adapter.holdSlot(slot, serviceIds);
    // A guest books the same slot through $book: the server says conflict → slot taken.
    const guest = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
    const guestRequest = {
      ...request(slot, serviceIds, `guest-${Date.now()}`),
      patient: {
        givenName: 'Lucía',
        familyName: 'Pérez',
        email: `lucia.${Date.now()}@example.com`,
        phone: '+525512345678' as const,
        dateOfBirth: '1990-02-03' as const,
        language: 'es' as const,
      },
    };
    await expect(guest.book(guestRequest)).rejects.toMatchObject({code: 'slot-taken'});
    await adapter.releaseHold(hold.id);
    const booked = await guest.book({...guestRequest, idempotencyKey: `${guestRequest.idempotencyKey}-2`});
    expect(booked.start).toBe(slot.start);
  });
});

describe('a server without scheduling operations', () => {
  let server: FhirServerProcess;
  beforeAll(async () => {
    server = await startFhirServerProcess();
    await server.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('books with Slot PUT + If-Match and a conditional create, and offers no holds', async () => {
    const sent: string[] = [];
    const adapter = await signedIn(server, sent);
    expect((await adapter.getCapabilities()).holds).toBe(false);
    const {serviceIds, slots} = await firstSlots(adapter);
    const booked = await adapter.book(request(slots[0]!, serviceIds, `plain-${Date.now()}`));
    for (const s of await slotsOf(server, booked.id)) expect(s.status).toBe('busy');
    expect(sent.some((r) => r.startsWith('PUT Slot/'))).toBe(true);
    expect(sent).toContain('POST Appointment');
    expect(sent.some((r) => r.includes('$'))).toBe(false);
  });
});

describe('$find and Slot searches', () => {
  let plain: FhirServerProcess;
  let ops: FhirServerProcess;
  beforeAll(async () => {
    [plain, ops] = await Promise.all([
      startFhirServerProcess(),
      startFhirServerProcess(['--operations', 'find']),
    ]);
    await Promise.all([plain.reset(), ops.reset()]);
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), ops?.stop()]);
  });

  it('offer the patient the same times: every service alone and together, each provider and any', async () => {
    const a = new FhirAdapter({baseUrl: plain.base, retryBaseMs: 20});
    const b = new FhirAdapter({baseUrl: ops.base, retryBaseMs: 20});
    const catalog = await a.getCatalog();
    const from = new Date(Date.now() + 86_400_000).toISOString() as Slot['start'];
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString() as Slot['start'];
    const inPerson = catalog.services.filter((s) => s.mode === 'in-person');
    const offers = (providerId: string, serviceId: string) =>
      catalog.services.find((s) => s.id === serviceId)?.providerIds.includes(providerId) ?? false;
    const pairs = inPerson
      .flatMap((x, i) => inPerson.slice(i + 1).map((y) => [x.id, y.id]))
      .filter(([x, y]) => catalog.providers.some((p) => offers(p.id, x!) && offers(p.id, y!)))
      .slice(0, 2);
    const asks = [...catalog.services.map((s) => [s.id]), ...pairs];
    let compared = 0;
    for (const serviceIds of asks) {
      const providers = catalog.providers.filter((p) => serviceIds.every((id) => offers(p.id, id)));
      for (const providerId of ['any', ...providers.map((p) => p.id)]) {
        for (const firstAvailable of [false, true]) {
          const q = {serviceIds, providerId, from, to, firstAvailable};
          const [x, y] = await Promise.all([a.getAvailability(q), b.getAvailability(q)]);
          const key = (s: Slot) => `${s.providerId} ${s.start} ${s.end}`;
          expect(y.slots.map(key), JSON.stringify(q)).toEqual(x.slots.map(key));
          compared += x.slots.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
