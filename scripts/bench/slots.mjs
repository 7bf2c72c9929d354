// Benchmark section "slots": the availability computation (src/domain/availability.ts).
// Budgets (QUALITY "Performance budgets"): one provider, 90 days across a DST change, 400 bookings:
// ≤ 2 ms warm (median of repeated calls in one process), ≤ 5 ms cold (first call in a fresh process);
// a 20-provider clinic ≤ 50 ms.
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {BENCH_DIR, ROOT, bundle, median} from './util.mjs';
import {DAYS, FIRST_DATE, ZONE, makeSlotInput} from './slots-input.mjs';

export const description = `slot computation: ${ZONE}, ${DAYS} days from ${FIRST_DATE} (crosses DST), 400 bookings/provider`;

const WARMUP = 30;
const WARM_RUNS = 200;
const CLINIC_RUNS = 30;
const COLD_PROCESSES = 11;

function timeCalls(fn, input, runs) {
  const times = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    count = fn(input).length;
    times.push(performance.now() - t0);
  }
  return {median: median(times), count};
}

function coldRuns(bundlePath, inputPath, mode) {
  const times = [];
  let count = 0;
  for (let i = 0; i < COLD_PROCESSES; i++) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', join(ROOT, 'scripts/bench/slots-cold.mjs'), bundlePath, inputPath, mode],
      {
        encoding: 'utf8',
        env: {...process.env, NODE_OPTIONS: ''},
      },
    );
    if (child.status !== 0) throw new Error(`cold run failed:\n${child.stderr}`);
    const result = JSON.parse(child.stdout);
    times.push(result.ms);
    count = result.count;
  }
  return {median: median(times), count};
}

/** Runs the section; returns measurements for scripts/bench.mjs to print and check. */
export async function run() {
  const bundlePath = await bundle(
    'availability',
    [
      "export {computeAvailability} from './src/domain/availability.ts';",
      'export {addDays, isoWeekday, toInstantString, toZonedInstantString, wallTimeToInstant}',
      "  from './src/domain/time.ts';",
    ].join('\n'),
  );
  // The cold child gets the inputs as JSON so that building them warms nothing in its process.
  const lib = await import(`${pathToFileURL(bundlePath).href}?parent`);
  const one = makeSlotInput(lib, 1);
  const clinic = makeSlotInput(lib, 20);
  const onePath = join(BENCH_DIR, 'slots-input-1.json');
  writeFileSync(onePath, JSON.stringify(one));

  const coldReady = coldRuns(bundlePath, onePath, 'intl-ready');
  const coldIntl = coldRuns(bundlePath, onePath, 'intl-cold');

  timeCalls(lib.computeAvailability, one, WARMUP);
  const warm = timeCalls(lib.computeAvailability, one, WARM_RUNS);
  timeCalls(lib.computeAvailability, clinic, 5);
  const many = timeCalls(lib.computeAvailability, clinic, CLINIC_RUNS);

  return [
    {
      label: `1 provider, warm (median of ${WARM_RUNS} calls)`,
      value: warm.median,
      budget: 2,
      note: `${warm.count} slots, ${one.busy.length} bookings`,
    },
    {
      label: `1 provider, cold (median of ${COLD_PROCESSES} fresh processes)`,
      value: coldReady.median,
      budget: 5,
      note: 'first call only; Intl already initialised by an unrelated date format, heap collected before',
    },
    {
      label: '1 provider, cold incl. Intl/ICU start-up',
      value: coldIntl.median,
      note: 'informational: the one-off ICU initialisation of a process that never used Intl',
    },
    {
      label: `20 providers, warm (median of ${CLINIC_RUNS} calls)`,
      value: many.median,
      budget: 50,
      note: `${many.count} slots, ${clinic.busy.length} bookings`,
    },
  ];
}
