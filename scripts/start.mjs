#!/usr/bin/env node
/**
 * `npm start`: builds the drop-in file and serves the demo clinic's website on
 * http://127.0.0.1:8080 (PORT to change it), under the strict CSP. No set-up: the demo clinic
 * lives in the page's memory.
 */
import {execFileSync} from 'node:child_process';
import {serve} from './serve.mjs';

const run = (args) => execFileSync('npx', args, {stdio: ['ignore', 'ignore', 'inherit']});
console.log('Building the drop-in file…');
run(['lit-localize', 'build']);
run(['vite', 'build', '--mode', 'drop-in', '--logLevel', 'error']);
const port = Number(process.env.PORT ?? 8080);
const server = await serve({routes: {'/dist/': 'dist', '/': 'demo'}, port});
console.log(`The demo clinic is open at http://127.0.0.1:${server.address().port}/  (Ctrl+C to stop)`);
