/**
 * Behind trusted reverse proxies (issue #14 item 8): the client's address is the one the outermost
 * trusted proxy appended to X-Forwarded-For, counted from the right. A client that writes its own
 * X-Forwarded-For entries (rotating them on every request) no longer escapes the write limit.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createApp, forwardedClient} from '../../server/app.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('proxy');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(database.options);
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

describe('X-Forwarded-For behind trusted proxies', () => {
  it('takes the hops-th entry from the right, never what the client wrote to its left', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9', 2)).toBeUndefined();
    expect(forwardedClient(undefined, 1)).toBeUndefined();
    expect(forwardedClient(' , ', 1)).toBeUndefined();
  });

  it('limits a client that rotates its own X-Forwarded-For entries (one trusted proxy)', async () => {
    const {app} = createApp(server.portal, {writesPerMinute: 3, trustProxy: 1});
    const write = (i: number) =>
      app.request('/phone-codes', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': 'no-session',
          // What the client wrote, then what our proxy appended (the client's real address).
          'X-Forwarded-For': `198.51.100.${i}, 203.0.113.9`,
        },
        body: JSON.stringify({phone: '+52', language: 'es'}),
      });
    for (let i = 0; i < 3; i++) expect((await write(i)).status).toBe(422);
    expect((await write(99)).status).toBe(429);
  });

  it('keeps two clients behind the same proxy apart', async () => {
    const {app} = createApp(server.portal, {writesPerMinute: 2, trustProxy: 1});
    const write = (client: string) =>
      app.request('/phone-codes', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': 'no-session',
          'X-Forwarded-For': client,
        },
        body: JSON.stringify({phone: '+52', language: 'es'}),
      });
    for (let i = 0; i < 2; i++) expect((await write('203.0.113.1')).status).toBe(422);
    expect((await write('203.0.113.1')).status).toBe(429);
    expect((await write('203.0.113.2')).status).toBe(422);
  });
});
