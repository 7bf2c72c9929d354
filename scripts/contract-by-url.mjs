#!/usr/bin/env node
/**
 * `npm run test:contract:reference` (in `npm test`): the contract suite over real HTTP against the
 * reference server run as a separate process — `npm run server -- --demo` with the development
 * endpoints on (`PORTAL_DEV_OUTBOX=1`), PGlite in memory, on a free 127.0.0.1 port — exactly as a
 * clinic runs it against its own implementation (`PORTAL_CONTRACT_URL=… npm run test:contract`).
 * Extra arguments go to vitest (e.g. `-t booking`). The server is stopped afterwards, always.
 */
import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const port = await new Promise((resolve, reject) => {
  const probe = createServer().once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const {port: free} = probe.address();
    probe.close(() => resolve(free));
  });
});

const started = Date.now();
// Its own process group, so that stopping it stops npm's shell and the server under it.
const server = spawn(npm, ['run', '--silent', 'server', '--', '--demo'], {
  cwd: ROOT,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PORTAL_DATA_DIR: 'memory',
    PORTAL_DEV_OUTBOX: '1',
    PORTAL_BASE_PATH: '/portal-api',
    DATABASE_URL: '',
    PORTAL_AUTH: process.env.PORTAL_CONTRACT_AUTH === 'bearer' ? 'bearer' : 'cookie',
  },
});
let log = '';
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);

const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${log}`)), 120_000);
  const onData = (chunk) => {
    log += chunk;
    const match = /reference server on (http:\/\/\S+)/.exec(log);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', (chunk) => (log += chunk));
  server.once('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`the server exited (${code}) before it started:\n${log}`));
  });
}).catch((e) => {
  console.error(e.message);
  process.exit(1);
});
console.log(`contract: reference server (pid ${server.pid}) on ${url}, up in ${Date.now() - started} ms`);

const suite = spawn(npm, ['run', '--silent', 'test:contract', '--', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {...process.env, PORTAL_CONTRACT_URL: url},
});
const code = await new Promise((resolve) => suite.once('exit', (c) => resolve(c ?? 1)));
stop();
console.log(`contract: suite exited ${code}; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
process.exit(code);
