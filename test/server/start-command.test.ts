/**
 * `npm start` as a process manager or a test harness stops it (issue #23, item 14): SIGTERM goes
 * to npm, whose shell does not pass it on; the demo process must still stop and free its port
 * instead of lingering. Runs the real command (it builds the drop-in file first), once, on PGlite.
 */
import {spawn} from 'node:child_process';
import {connect} from 'node:net';
import {freePort} from './helpers.js';
import {describe, expect, it} from 'vitest';

const onPglite = !process.env.PORTAL_TEST_DATABASE_URL;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.runIf(onPglite)('npm start', () => {
  it('stops and frees its port when npm gets SIGTERM', {timeout: 180_000}, async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], {
      env: {...process.env, PORT: String(port)},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const started = Date.now();
      while (!out.includes('The demo clinic is open at')) {
        if (Date.now() - started > 150_000 || npm.exitCode !== null)
          throw new Error(`npm start did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await listening(port)).toBe(true);
      npm.kill('SIGTERM');
      const stopped = Date.now();
      while ((await listening(port)) && Date.now() - stopped < 10_000)
        await new Promise((r) => setTimeout(r, 200));
      expect(await listening(port), 'the port is still held 10 s after SIGTERM').toBe(false);
    } finally {
      npm.kill('SIGKILL');
    }
  });
});
