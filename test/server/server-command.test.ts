/**
 * `npm run server` as an operator starts it (issue #14 item 12): without `--demo` it serves no demo
 * accounts — the demo patient's published password signs nobody in; with `--demo` (or
 * `PORTAL_DEMO=1`) the demo accounts are there. Runs the real entry point (server/main.ts) with
 * PGlite in memory on a free port, once each.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {freePort} from './helpers.js';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';

const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{url: string; out: () => string}> {
  const port = await freePort();
  let out = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    env: {...process.env, PORT: String(port), PORTAL_DATA_DIR: 'memory', DATABASE_URL: '', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!out.includes('reference server on')) {
    if (Date.now() - started > 60_000 || child.exitCode !== null)
      throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {url: `http://127.0.0.1:${port}/portal-api`, out: () => out};
}

const signIn = (url: string) =>
  fetch(`${url}/session`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'no-session'},
    body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
  });

describe.runIf(onPglite)('npm run server', () => {
  it(
    'serves no demo accounts by default: the published password signs nobody in',
    {timeout: 90_000},
    async () => {
      const {url, out} = await start([]);
      const r = await signIn(url);
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({code: 'validation'});
      expect((await fetch(`${url}/catalog`)).status).toBe(200);
      expect(out()).not.toContain('Demo accounts ON');
    },
  );

  it('serves them with --demo, and says so', {timeout: 90_000}, async () => {
    const {url, out} = await start(['--demo']);
    expect((await signIn(url)).status).toBe(200);
    expect(out()).toContain('Demo accounts ON');
  });

  it('serves them with PORTAL_DEMO=1', {timeout: 90_000}, async () => {
    const {url} = await start([], {PORTAL_DEMO: '1'});
    expect((await signIn(url)).status).toBe(200);
  });
});
