#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in the order a failure is cheapest to see, with each
 * step's time printed at the end (so a slow step shows up in CI's log).
 *
 * 1. Catalogs, manifest, lint and types, one after the other (a minute; everything needs them).
 * 2. Two lanes at once, because most of their time is waiting on I/O, a database or a browser
 *    rather than on both cores:
 *    - node: unit suite (with the reference server on PGlite), the time-zone matrix, the server
 *      on PostgreSQL, the contract by URL, then Storybook's build and every story's screenshot
 *      against its baseline (test:visual: a browser step, here to even out the lanes' times);
 *    - browser: element suites in the three engines, the build, size budgets, the packed
 *      tarball, the example apps, the end-to-end scripts, the FHIR backend against its server
 *      process.
 *    Times on a fresh 2-core CI machine (ci7, before the vitest suites ran without isolation):
 *    node 2,366 s, browser 2,345 s; see the table this script prints at the end.
 *    A lane stops at its first failure; the other lane finishes its current step, then stops too.
 * 3. The benchmarks last and alone (their ratios want a quiet machine).
 *
 * `--serial` runs the lanes one after the other (a machine with one core, or to compare times).
 * `--from <step>` skips the steps before it (each step's name is its npm script).
 */
import {spawn} from 'node:child_process';

const PRELUDE = ['localize:build', 'i18n:check', 'analyze', 'lint', 'typecheck'];
const LANES = {
  node: [
    'test:unit',
    'test:unit:tz',
    'test:server:pg',
    ['test:contract:reference', '--', '-t', 'clinic, capabilities|deposits|reminder links'],
    // Here rather than in the browser lane, which is the longer one since the vitest suites run
    // without isolation.
    'storybook:build',
    'test:visual',
  ],
  browser: ['test:browser', 'build', 'size', 'pack:check', 'examples', 'e2e', 'test:fhir'],
};
const FINALE = [['bench', '--', '--check']];
/**
 * A step that needs a step of the other lane done first: test:visual also checks the playground's
 * theme CSS on the demo page built in dist/. When the lanes run one after the other, the browser
 * lane goes first for the same reason.
 */
const NEEDS = {'test:visual': 'build'};

const args = process.argv.slice(2);
const serial = args.includes('--serial');
const fromAt = args.indexOf('--from');
const from = fromAt >= 0 ? args[fromAt + 1] : undefined;

const nameOf = (step) => (Array.isArray(step) ? step[0] : step);
const all = [...PRELUDE, ...LANES.browser, ...LANES.node, ...FINALE].map(nameOf);
if (from && !all.includes(from)) {
  console.error(`--from ${from}: no such step. Steps: ${all.join(', ')}`);
  process.exit(2);
}
let skipping = Boolean(from);
const skip = (step) => {
  if (skipping && nameOf(step) === from) skipping = false;
  return skipping;
};

const TAIL_LINES = 150;
const times = [];
/** The failed steps' last lines of output. */
const failures = [];
let failed;
const children = new Set();
/** Step name → a promise of whether it ran and passed (false if its lane stopped before it). */
const finished = new Map();
function finishedSignal(name) {
  let signal = finished.get(name);
  if (!signal) {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    signal = {promise, resolve};
    finished.set(name, signal);
  }
  return signal;
}

function run(step, lane) {
  const [script, ...rest] = Array.isArray(step) ? step : [step];
  const started = Date.now();
  const label = lane ? `[${lane}] ` : '';
  console.log(`\n::group::${label}npm run ${[script, ...rest].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script, ...rest], {stdio: ['inherit', 'pipe', 'pipe']});
    children.add(child);
    // Passed through as it comes; the last lines kept, to be shown again at the end if it fails
    // (the other lane's output would otherwise bury them).
    const tail = [];
    const keep = (chunk) => {
      tail.push(...chunk.toString('utf8').split('\n'));
      if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      keep(chunk);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      const seconds = (Date.now() - started) / 1000;
      times.push({step: nameOf(step), lane: lane ?? '', seconds, ok: code === 0});
      finishedSignal(nameOf(step)).resolve(code === 0);
      if (code !== 0) failures.push({step: nameOf(step), tail: tail.join('\n')});
      console.log(
        `::endgroup::\n${label}${script}: ${code === 0 ? 'ok' : `FAILED (${signal ?? code})`} in ${seconds.toFixed(0)} s`,
      );
      resolve(code === 0);
    });
  });
}

async function sequence(steps, lane, concurrent = false) {
  try {
    for (const step of steps) {
      if (failed) return;
      if (skip(step)) continue;
      const need = NEEDS[nameOf(step)];
      if (concurrent && need) {
        console.log(`\n[${lane}] ${nameOf(step)} waits for ${need} (the other lane)`);
        if (!(await finishedSignal(need).promise)) return;
      }
      if (!(await run(step, lane))) failed ??= nameOf(step);
    }
  } finally {
    // Steps this lane will not run: whoever waits for them stops waiting.
    for (const step of steps) finishedSignal(nameOf(step)).resolve(false);
  }
}

function stop(signal) {
  for (const c of children) c.kill(signal);
  process.exit(130);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const began = Date.now();
await sequence(PRELUDE);
if (serial || skipping) {
  // With --from inside a lane, the lanes run one after the other so the order stays exact (the
  // browser lane first: see NEEDS).
  await sequence(LANES.browser, 'browser');
  await sequence(LANES.node, 'node');
} else {
  await Promise.all([sequence(LANES.node, 'node', true), sequence(LANES.browser, 'browser', true)]);
}
await sequence(FINALE);

console.log('\nStep times:');
for (const t of times) {
  console.log(
    `  ${t.ok ? 'ok    ' : 'FAILED'} ${t.seconds.toFixed(0).padStart(5)} s  ${t.lane.padEnd(8)}${t.step}`,
  );
}
console.log(`  total ${((Date.now() - began) / 60000).toFixed(1)} min${serial ? ' (serial)' : ''}`);
if (failed) {
  for (const f of failures) {
    console.error(`\n── the last ${TAIL_LINES} lines of ${f.step} ──`);
    console.error(f.tail);
  }
  // And the lines that name what failed, last, where a short view of the log still shows them.
  const named = failures.flatMap((f) =>
    f.tail
      .split('\n')
      .filter((l) => /\bFAIL\b|×|✗|Error:|failed/.test(l))
      .slice(-20)
      .map((l) => `  ${f.step}: ${l.trim()}`),
  );
  if (named.length > 0) console.error(`\nWhat failed:\n${named.join('\n')}`);
  console.error(`\nnpm test failed at ${failed}.`);
  process.exit(1);
}
