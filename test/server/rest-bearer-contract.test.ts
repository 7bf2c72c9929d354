/**
 * The shared PortalAdapter contract once more, in bearer mode (the areas where the way a session is
 * carried matters; see `only` below): the reference server with
 * `auth: 'bearer'` (PORTAL_AUTH=bearer; a fresh database for this suite) and the RestAdapter with
 * `auth: 'bearer'`. Every request and response is checked against `server/openapi.yaml`, and every
 * request must be a bearer one: no cookie, no CSRF header, `credentials: 'omit'`.
 */
import {afterAll, beforeAll, expect, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {describeAdapterContract} from '../contract/index.js';
import {checkedFetch, expectCleanTraffic, serverSide, testDatabase} from './helpers.js';

const database = testDatabase('bearer_contract');

/** Tuesday 10 March 2026, 10:00 in Mexico City (as the cookie suite's first run). */
const T0 = Date.parse('2026-03-10T16:00:00Z');

// Every sign-in hashes with scrypt (memory-hard, on purpose): slow on a busy two-core machine.
vi.setConfig({testTimeout: 30_000});

let server: RunningServer;
let now = T0;
const clock = {get: () => now, set: (ms: number) => void (now = ms)};
/** Requests of the whole suite that carried `Authorization: Bearer` (the signed-in ones). */
let authorizedRequests = 0;

beforeAll(async () => {
  server = await startServer({clock: () => now, auth: 'bearer', ...database.options});
}, 120_000);

afterAll(async () => {
  // The signed-in tests of the contract went through with the bearer token.
  expect(authorizedRequests).toBeGreaterThan(10);
  if (server) await database.drop(server.db);
  await server?.close();
});

describeAdapterContract(
  `RestAdapter + reference server (${database.label}, bearer tokens)`,
  async () => {
    now = T0;
    await server.reset();
    const checked = checkedFetch(server.url);
    /** Anything about a request or response that a bearer client must never see or send. */
    const wrong: string[] = [];
    const recording: typeof fetch = async (input, init = {}) => {
      const headers = new Headers(init.headers);
      if (headers.has('X-CSRF-Token')) wrong.push('X-CSRF-Token sent');
      if (headers.has('Cookie')) wrong.push('Cookie sent');
      if (init.credentials !== 'omit') wrong.push(`credentials: ${String(init.credentials)}`);
      if (headers.get('Authorization')?.startsWith('Bearer ')) authorizedRequests++;
      const response = await checked.fetch(input, init);
      if (response.headers.getSetCookie().length > 0) wrong.push('Set-Cookie received');
      if (response.headers.has('X-CSRF-Token')) wrong.push('X-CSRF-Token received');
      return response;
    };
    const adapter = new RestAdapter({baseUrl: server.url, fetch: recording, retryBaseMs: 20, auth: 'bearer'});
    return {
      adapter,
      ...serverSide(server, adapter, clock),
      close: async () => {
        expectCleanTraffic(checked);
        expect(wrong, 'bearer requests only').toEqual([]);
      },
    };
  },
  {
    // What bearer mode changes is how a session is carried: signing in and out, sessions, the
    // signed-in operations that send or fetch bytes (documents, photo, attachments), acting for a
    // family member, booking as a new patient (the token comes with the account) and an aborted
    // request. The other areas go over the same signed-in request path and run in the cookie suite.
    only: ['clinic', 'accounts', 'booking', 'profile', 'documents', 'photo', 'messages', 'proxy', 'abort'],
  },
);
