/**
 * The shared contract against a server with a second sign-in factor (a code by email): every
 * sign-in in the suite goes through the code read from the outbox.
 */
import {afterAll, beforeAll, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {describeAdapterContract} from '../contract/index.js';
import {checkedFetch, expectCleanTraffic, serverSide, testDatabase} from './helpers.js';

const database = testDatabase('second_factor');
vi.setConfig({testTimeout: 30_000});

const T0 = Date.parse('2026-03-10T16:00:00Z');
let server: RunningServer;
let now = T0;
const clock = {get: () => now, set: (ms: number) => void (now = ms)};

beforeAll(async () => {
  server = await startServer({clock: () => now, secondFactor: 'email', ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

describeAdapterContract(
  `RestAdapter + reference server (${database.label}, second factor by email)`,
  async () => {
    now = T0;
    await server.reset();
    const checked = checkedFetch(server.url);
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 20});
    return {
      adapter,
      ...serverSide(server, adapter, clock),
      close: async () => expectCleanTraffic(checked),
    };
  },
  // The second factor changes signing in: the accounts, first access, the security question, and
  // booking as a new patient (who signs in at the end). The rest starts from a signed-in session
  // and runs in rest-contract.test.ts.
  {only: ['clinic', 'accounts', 'first-access', 'security-question', 'booking', 'proxy']},
);
