#!/usr/bin/env node
/**
 * `npm run build`: the library build (dist/lib + dist/types) and the drop-in build
 * (dist/patient-portal-elements.js + dist/chunks/), then a size report of every file (gzip -9).
 * It first makes what the build needs and a fresh clone lacks: the locale modules from `xliff/`
 * (`lit-localize build`) and the elements' manifest `custom-elements.json` (`cem analyze`), so it
 * works right after `npm ci` — and `npm pack` (whose `prepack` runs it) always ships both. Last, the
 * framework integration generated from the manifest (scripts/generate-frameworks.mjs: dist/react,
 * dist/frameworks).
 */
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';

const run = (cmd, args) => execFileSync(cmd, args, {stdio: 'inherit'});
run('npx', ['lit-localize', 'build']);
// Per-chunk catalogs: each lazily loaded element's messages in its own module.
run(process.execPath, ['scripts/i18n-split.mjs']);
run('npx', ['cem', 'analyze']);
rmSync('dist', {recursive: true, force: true});
run('npx', ['vite', 'build', '--mode', 'lib', '--logLevel', 'warn']);
// The FHIR adapter's chunk first (its own pass, see vite.config.ts), then the drop-in file, which
// imports that chunk by the name the first pass gave it.
run('npx', ['vite', 'build', '--mode', 'drop-in-fhir', '--logLevel', 'warn']);
const fhirChunk = readdirSync('dist/chunks').find((f) => /^fhir-.*\.js$/.test(f));
if (!fhirChunk) throw new Error('the FHIR adapter chunk was not built');
process.env.FHIR_CHUNK = fhirChunk;
run('npx', ['vite', 'build', '--mode', 'drop-in', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// Framework integration from custom-elements.json: React wrappers, JSX/Vue/Svelte types, editor data.
run(process.execPath, ['scripts/generate-frameworks.mjs']);

const files = [];
const walk = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.js')) files.push(p);
  }
};
walk('dist/chunks');
const rows = ['dist/patient-portal-elements.js', ...files.sort()].map((f) => {
  const buf = readFileSync(f);
  return {file: f, min: buf.length, gzip: gzipSync(buf, {level: 9}).length};
});
const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
console.log('\nDrop-in build (what a page may load; chunks load on first use):');
for (const r of rows)
  console.log(`  ${r.file.padEnd(56)} ${kib(r.min).padStart(11)} min  ${kib(r.gzip).padStart(10)} gzip`);
