/**
 * Video visits on the FHIR backend, read back from the FHIR test server (admin token): a video
 * visit booked through the adapter carries a room nobody can guess (extension `video-room`, 128
 * random bits, a different one per visit), and an in-person visit carries none. The shared
 * contract's telehealth cases cover what the patient sees (links only while the room is open).
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT} from '../../src/adapters/fhir/profile.js';
import type {Slot} from '../../src/adapters/adapter.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

const admin = {headers: {Authorization: 'Bearer admin'}};

it('gives each video visit its own unguessable room, and an in-person visit none', async () => {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  const catalog = await adapter.getCatalog();
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 20 * 86_400_000).toISOString() as Slot['start'];
  const roomOf = async (mode: 'video' | 'in-person', nth: number) => {
    const service = catalog.services.find((s) => s.mode === mode)!;
    const {slots} = await adapter.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
    const booked = await adapter.book({
      slot: slots[nth * 8]!,
      serviceIds: [service.id],
      idempotencyKey: `video-${mode}-${nth}-${Math.random().toString(36).slice(2)}`,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const stored = (await (await fetch(`${server.base}/Appointment/${booked.id}`, admin)).json()) as {
      extension?: {url: string; valueString?: string}[];
    };
    return stored.extension?.find((e) => e.url === EXT.videoRoom)?.valueString;
  };
  const first = await roomOf('video', 0);
  const second = await roomOf('video', 1);
  expect(first).toMatch(/^portal-[0-9a-f]{32}$/);
  expect(second).toMatch(/^portal-[0-9a-f]{32}$/);
  expect(second).not.toBe(first);
  expect(await roomOf('in-person', 2)).toBeUndefined();
});
