/**
 * Graceful shutdown (issue 14, item 11): `npm run server`'s process, on SIGTERM, stops accepting,
 * lets the request in flight finish, stops the schedulers, closes the database, logs it and exits 0.
 * Runs the real entry (`server/main.ts`) on PGlite in memory.
 */
import {spawn} from 'node:child_process';
import {freePort} from './helpers.js';
import {describe, expect, it} from 'vitest';
import {DEMO_PATIENT_EMAIL} from '../../src/adapters/memory/index.js';

const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;

describe.runIf(onPglite)('npm run server on SIGTERM', () => {
  it('finishes the request in flight, logs its shutdown and exits 0', {timeout: 120_000}, async () => {
    const port = await freePort();
    // Node itself with tsx's loader (not `npx tsx`, whose wrappers are other processes): the
    // process that gets SIGTERM is the server's own.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {...process.env, PORT: String(port), PORTAL_DATA_DIR: 'memory', HOST: '127.0.0.1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const started = Date.now();
      while (!out.includes('Patient portal reference server on')) {
        if (Date.now() - started > 90_000 || child.exitCode !== null)
          throw new Error(`the server did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // A sign-in hashes a password (scrypt): slow enough to be in flight when SIGTERM comes.
      const inFlight = fetch(`http://127.0.0.1:${port}/portal-api/session`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': 'no-session'},
        body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: 'not-the-password-1'}),
      }).then(
        (r) => r.status,
        (e: unknown) => `failed: ${String(e)}`,
      );
      await new Promise((r) => setTimeout(r, 15));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
      ]);
      expect(code, out).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(15_000);
      // The wrong password's answer (a 422), not a cut connection.
      expect(await inFlight).toBe(422);
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as {msg?: string; signal?: string});
      expect(
        lines.some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM'),
        out,
      ).toBe(true);
      expect(
        lines.some((l) => l.msg === 'stopped'),
        out,
      ).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
