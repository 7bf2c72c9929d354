// Shared helpers of the benchmark sections (see scripts/bench.mjs).
import {build} from 'esbuild';
import {mkdirSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where benchmark builds and inputs go (gitignored). */
export const BENCH_DIR = join(ROOT, '.bench');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-quantile (0…1) of `values`, interpolated between the two nearest ranks. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
}

/**
 * Bundles an ES module whose source is `contents` (resolved from the repository root) into
 * `.bench/<name>.mjs` with the installed esbuild, and returns the output path.
 */
export async function bundle(name, contents) {
  mkdirSync(BENCH_DIR, {recursive: true});
  const outfile = join(BENCH_DIR, `${name}.mjs`);
  await build({
    stdin: {contents, resolveDir: ROOT, sourcefile: `${name}-entry.ts`, loader: 'ts'},
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run measures the same input. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
