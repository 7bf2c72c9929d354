/**
 * The development tools (`server/dev-tools.ts`): off unless asked for by name; when on, the
 * development outbox lists what the server wrote to its outbox table (after a sequence number), the
 * reminder switch runs the reminder pass now (CSRF header required, once per reminder), and the
 * demo patient's published sign-in works against the API.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {createDevTools, DEV_TOOLS_PATH, type DevOutboxMessage} from '../../server/dev-tools.js';
import {serverOptionsFromEnv} from '../../server/env.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 30_000});

const T0 = Date.parse('2026-03-10T16:00:00Z');
const HOUR = 3_600_000;
const LINK_BASE = 'http://127.0.0.1:9/demo/';

interface OutboxPage {
  messages: DevOutboxMessage[];
  last: number;
}

describe('off by default', () => {
  it('`npm run server` turns them on only for PORTAL_DEV_OUTBOX=1', () => {
    expect(serverOptionsFromEnv({}).devTools).toBe(false);
    expect(serverOptionsFromEnv({PORTAL_DEV_OUTBOX: 'true'}).devTools).toBe(false);
    expect(serverOptionsFromEnv({PORTAL_DEV_OUTBOX: '0'}).devTools).toBe(false);
    expect(serverOptionsFromEnv({PORTAL_DEV_OUTBOX: '1'}).devTools).toBe(true);
  });

  describe('a server started without the option', () => {
    const database = testDatabase('devtools_off');
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({clock: () => T0, basePath: '/portal-api', ...database.options});
    }, 120_000);
    afterAll(async () => {
      if (server) await database.drop(server.db);
      await server?.close();
    });

    it('has no development outbox, reminder switch or demo sign-in', async () => {
      const origin = new URL(server.url).origin;
      // The seed wrote messages: there would be something to show.
      expect((await server.portal.outbox()).length).toBeGreaterThan(0);
      for (const path of ['/outbox?after=0', '/demo-patient']) {
        const response = await fetch(`${origin}${DEV_TOOLS_PATH}${path}`);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain('@');
      }
      const before = (await server.portal.outbox()).length;
      server.portal.clock = () => T0 + 30 * 24 * HOUR;
      const run = await fetch(`${origin}${DEV_TOOLS_PATH}/reminders`, {
        method: 'POST',
        headers: {'X-CSRF-Token': 'x'},
      });
      server.portal.clock = () => T0;
      expect(run.status).toBe(404);
      expect((await server.portal.outbox()).length).toBe(before);
    });
  });
});

describe('on (the demo)', () => {
  const database = testDatabase('devtools_on');
  let server: RunningServer;
  let now = T0;
  let origin = '';
  const outbox = async (after: number | string): Promise<OutboxPage> => {
    const response = await fetch(`${origin}${DEV_TOOLS_PATH}/outbox?after=${after}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    return (await response.json()) as OutboxPage;
  };
  const runReminders = (headers: Record<string, string> = {'X-CSRF-Token': 'demo'}) =>
    fetch(`${origin}${DEV_TOOLS_PATH}/reminders`, {method: 'POST', headers});

  beforeAll(async () => {
    server = await startServer({
      clock: () => now,
      basePath: '/portal-api',
      linkBase: LINK_BASE,
      devTools: true,
      ...database.options,
    });
    origin = new URL(server.url).origin;
  }, 120_000);
  afterAll(async () => {
    if (server) await database.drop(server.db);
    await server?.close();
  });
  beforeEach(async () => {
    now = T0;
    await server.reset();
  });

  it('lists every message of the outbox table, oldest first, with links to the page', async () => {
    const all = await outbox(0);
    const table = await server.portal.outbox();
    expect(all.messages.map((m) => m.id)).toEqual(table.map((m) => m.id));
    const seqs = all.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.last).toBe(seqs.at(-1));
    const invitation = all.messages.find((m) => m.kind === 'invitation');
    expect(invitation?.channel).toBe('email');
    expect(invitation?.to).toBe('luis@demo.clinic');
    expect(invitation?.subject).toMatch(/portal/);
    expect(invitation?.links['create-account']).toMatch(
      /^http:\/\/127\.0\.0\.1:9\/demo\/#portal-invitation=[\w-]+&lang=(es|en)$/,
    );
    expect(invitation?.text).toContain(invitation?.links['create-account']);
    expect(invitation?.delivered).toBe(false);

    // Only what came after the sequence number asked for.
    const none = await outbox(all.last);
    expect(none).toEqual({messages: [], last: all.last});
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    await adapter.sendPhoneCode({phone: '+525512349876', language: 'en'});
    const next = await outbox(all.last);
    expect(next.messages).toHaveLength(1);
    expect(next.messages[0]).toMatchObject({channel: 'sms', to: '+525512349876', kind: 'phone-code'});
    expect(next.messages[0].text).toContain(next.messages[0].code);
    expect(next.last).toBeGreaterThan(all.last);
  });

  it('refuses a malformed sequence number', async () => {
    for (const after of ['abc', '-1', '1e3', '']) {
      const response = await fetch(`${origin}${DEV_TOOLS_PATH}/outbox?after=${after}`);
      expect(response.status).toBe(422);
    }
  });

  it('runs the reminder pass now: CSRF header required, each reminder once', async () => {
    const {last} = await outbox(0);
    // Two days on, the seeded visits of the next 72 hours are due for reminders.
    now = T0 + 48 * HOUR;
    const refused = await runReminders({});
    expect(refused.status).toBe(403);
    expect((await outbox(last)).messages).toEqual([]);

    const ran = await runReminders();
    expect(ran.status).toBe(200);
    const {sent} = (await ran.json()) as {sent: number};
    expect(sent).toBeGreaterThan(0);
    const fresh = (await outbox(last)).messages;
    const emails = fresh.filter((m) => m.kind === 'reminder' && m.channel === 'email');
    expect(emails).toHaveLength(sent);
    for (const m of emails) {
      expect(m.links.cancel).toMatch(/^http:\/\/127\.0\.0\.1:9\/demo\/#portal-reminder=[\w-]+&lang=(es|en)$/);
      expect(m.text).toContain(m.links.cancel);
    }
    const again = await runReminders();
    expect(((await again.json()) as {sent: number}).sent).toBe(0);
  });

  it("tells the demo patient's published sign-in, which signs in through the API", async () => {
    const response = await fetch(`${origin}${DEV_TOOLS_PATH}/demo-patient`);
    const info = (await response.json()) as {patientEmail: string; patientPassword: string};
    expect(info).toEqual({
      patientEmail: 'ana@demo.clinic',
      patientPassword: 'demo-portal-2026',
      patientDateOfBirth: '1990-05-01',
    });
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checkedFetch(server.url).fetch});
    const result = await adapter.signIn({email: info.patientEmail, password: info.patientPassword});
    expect(result.status).toBe('signed-in');
  });

  it('sets, moves and releases the server clock, which the API follows (CSRF header and a valid body required)', async () => {
    const clock = (body: unknown, headers: Record<string, string> = {'X-CSRF-Token': 'x'}) =>
      fetch(`${origin}${DEV_TOOLS_PATH}/clock`, {
        method: 'POST',
        headers: {...headers, 'Content-Type': 'application/json'},
        body: JSON.stringify(body),
      });
    const apiNow = async () =>
      Date.parse(((await (await fetch(`${server.url}/time`)).json()) as {now: string}).now);
    const later = T0 + 5 * 24 * HOUR;
    expect(((await (await clock({now: later})).json()) as {now: number}).now).toBe(later);
    expect(await apiNow()).toBe(later);
    expect(((await (await clock({advanceBy: HOUR})).json()) as {now: number}).now).toBe(later + HOUR);
    expect(await apiNow()).toBe(later + HOUR);
    expect((await clock({now: later}, {})).status).toBe(403);
    for (const bad of [{now: -1}, {now: 'tomorrow'}, {}, {advanceBy: 1.5}])
      expect((await clock(bad)).status).toBe(422);
    expect(await apiNow()).toBe(later + HOUR);
    // Released: back to the clock the server was started with.
    expect(((await (await clock({now: null})).json()) as {now: number}).now).toBe(now);
    expect(await apiNow()).toBe(now);
  });

  it('resets the data to the seed (CSRF header required)', async () => {
    const adapter = new RestAdapter({baseUrl: server.url});
    await adapter.sendPhoneCode({phone: '+525598765432', language: 'es'});
    const withCode = (await outbox(0)).messages.length;
    const reset = (headers: Record<string, string>) =>
      fetch(`${origin}${DEV_TOOLS_PATH}/reset`, {method: 'POST', headers});
    expect((await reset({})).status).toBe(403);
    expect((await outbox(0)).messages.length).toBe(withCode);
    expect((await reset({'X-CSRF-Token': 'x'})).status).toBe(204);
    const after = (await outbox(0)).messages;
    expect(after.length).toBe(withCode - 1);
    expect(after.some((m) => m.kind === 'phone-code')).toBe(false);
  });

  it('answers 403 to a caller that is not on the loopback interface (the outbox holds tokens)', async () => {
    // Called without a socket, as behind a handler that does not say who is calling.
    const tools = createDevTools({portal: server.portal, dispatcher: server.dispatcher, reset: server.reset});
    const response = await tools.fetch(new Request(`http://127.0.0.1${DEV_TOOLS_PATH}/outbox?after=0`));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('@');
  });

  it('is not part of the API: the contract path has no such route', async () => {
    const response = await fetch(`${server.url}/dev/outbox?after=0`);
    expect(response.status).toBe(404);
    const unknown = await fetch(`${origin}${DEV_TOOLS_PATH}/nothing`);
    expect(unknown.status).toBe(404);
  });
});
