#!/usr/bin/env node
/**
 * `npm start`: builds the drop-in file and serves the demo clinic's website on
 * http://127.0.0.1:8080 (PORT to change it), under the strict CSP, on the reference server: the
 * page, `dist/`, the API (`/portal-api`) and the development outbox (`/portal-dev`) on one origin,
 * in this process (scripts/demo-site.mjs). No set-up: PGlite in memory, the demo clinic seeded
 * afresh on every start (its appointments are placed around "now"). `DEMO_DATA_DIR=.data/demo`
 * keeps the data in that folder across starts instead.
 *
 * `npm run start:memory` (`--memory`): the same page with `backend="demo"`, the in-memory demo
 * clinic in the browser and no server.
 *
 * Each builds its drop-in file into its own folder (`.demo-build/server`, `.demo-build/memory`),
 * so starting one never rebuilds the files under the other while it runs (`npm run build` and
 * the e2e scripts use `dist/`). Stopped by Ctrl+C, SIGTERM or SIGHUP — or when the process that
 * started it goes away: `npm start` runs this file through a shell that does not pass SIGTERM on,
 * so a process manager stopping npm would otherwise leave this process holding the port.
 */
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startDemoSite} from './demo-site.mjs';
import {stopOnSignals} from './stop-on-signals.mjs';

const memory = process.argv.includes('--memory');
const run = (args) => execFileSync('npx', args, {stdio: ['ignore', 'ignore', 'inherit']});
console.log('Building the drop-in file…');
run(['lit-localize', 'build']);
const distDir = fileURLToPath(new URL(`../.demo-build/${memory ? 'memory' : 'server'}/`, import.meta.url));
run(['vite', 'build', '--mode', 'drop-in', '--logLevel', 'error', '--outDir', distDir, '--emptyOutDir']);
if (!memory) console.log('Starting the reference server (PGlite, the demo clinic seeded)…');
const port = Number(process.env.PORT ?? 8080);
const site = await startDemoSite({
  port,
  backend: memory ? 'memory' : 'server',
  dataDir: process.env.DEMO_DATA_DIR || undefined,
  distDir,
}).catch((e) => {
  console.error(
    e?.code === 'EADDRINUSE'
      ? `Port ${port} is in use: stop what runs there, or choose another with PORT=8081 npm start`
      : `The demo did not start: ${e?.stack ?? e}`,
  );
  process.exit(1);
});
if (memory) {
  console.log(`The demo clinic (in the browser's memory) is open at ${site.url}  (Ctrl+C to stop)`);
} else {
  console.log(
    `The demo clinic is open at ${site.url}  (Ctrl+C to stop)\n` +
      `  API ${site.url}portal-api · development outbox on the page (and ${site.url}portal-dev/outbox)\n` +
      `  Data: ${process.env.DEMO_DATA_DIR ? `kept in ${process.env.DEMO_DATA_DIR}` : 'fresh on every start (in memory)'}` +
      ` · sign in as ana@demo.clinic / demo-portal-2026`,
  );
}
stopOnSignals(() => site.close());
