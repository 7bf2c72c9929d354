/**
 * The static server behind the demo site and the size check (scripts/serve.mjs): never serves a
 * file from beside its folder (issue #14 item 13: `/..%2fdemo-private/…` used to read a sibling
 * folder whose name starts like the served one), and sends its security headers on every answer,
 * the demo page's refusal to be framed included.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type {Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {serve} from '../../scripts/serve.mjs';

let base: string;
let server: Server;
let url: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'static-'));
  mkdirSync(join(base, 'demo'));
  mkdirSync(join(base, 'demo-private'));
  writeFileSync(join(base, 'demo', 'index.html'), '<p>public</p>');
  writeFileSync(join(base, 'demo-private', 'secret.txt'), 'SENTINEL-SECRET');
  server = await serve({routes: {'/': join(base, 'demo')}});
  url = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
});

afterAll(() => {
  server?.close();
  rmSync(base, {recursive: true, force: true});
});

describe('the static server', () => {
  it('serves its folder', async () => {
    const r = await fetch(`${url}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('public');
  });

  it.each([
    '/..%2fdemo-private/secret.txt',
    '/%2e%2e%2fdemo-private/secret.txt',
    '/..%5cdemo-private/secret.txt',
  ])('never serves a sibling folder: %s', async (path) => {
    const r = await fetch(`${url}${path}`);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('SENTINEL-SECRET');
  });

  it('sends the strict CSP (framing refused), nosniff and no referrer on every answer', async () => {
    for (const path of ['/', '/missing']) {
      const r = await fetch(`${url}${path}`);
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
