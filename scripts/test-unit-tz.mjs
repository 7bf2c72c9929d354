// Runs the unit tests once per process time zone (QUALITY 26/27): results must not depend on the
// zone of the machine or browser running them. The time matrix (domain rules, time arithmetic,
// formatting, calendar files, the booking flow's time logic, messages) runs in every zone of
// QUALITY 26 and Pacific/Kiritimati (+14, QUALITY 27); the whole unit suite (the memory backend's
// contract cases too) runs again in the zones furthest from the machine's: +14, a half-hour offset,
// and a DST the clinic's zone lacks. (`npm run test:unit` is the whole suite in the machine's zone.)
//
//   node scripts/test-unit-tz.mjs                   # as above
//   node scripts/test-unit-tz.mjs --all             # whole unit suite, every zone
//   node scripts/test-unit-tz.mjs test/unit/domain  # a narrower path, every zone
//
// Prints one line per zone, shows vitest's output for the zones that failed, and exits non-zero if
// any failed.
import {spawn} from 'node:child_process';

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Mexico_City',
  'America/Tijuana',
  'America/Cancun',
  'America/Toronto',
  'America/St_Johns',
  'Europe/Madrid',
  'Atlantic/Canary',
  'UTC',
  'Pacific/Kiritimati',
];

const TIME_PATHS = [
  'test/unit/domain',
  'test/unit/localization',
  'test/unit/calendar',
  'test/unit/elements/booking-flow.test.ts',
  'test/unit/messages-voice.test.ts',
];
const WHOLE_SUITE_ZONES = new Set(['Pacific/Kiritimati', 'America/St_Johns', 'America/Los_Angeles']);

const all = process.argv.includes('--all');
const paths = process.argv.slice(2).filter((a) => a !== '--all');
const pathsFor = (tz) =>
  paths.length > 0 ? paths : all || WHOLE_SUITE_ZONES.has(tz) ? ['test/unit'] : TIME_PATHS;

function run(tz) {
  const args = ['--no-install', 'vitest', 'run', ...pathsFor(tz), '--reporter=dot'];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('npx', args, {
      env: {...process.env, TZ: tz, FORCE_COLOR: '0', NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({code: 1, output: String(error), seconds: 0}));
    child.on('close', (code) =>
      resolve({code: code ?? 1, output, seconds: (performance.now() - started) / 1000}),
    );
  });
}

const failed = [];
for (const tz of ZONES) {
  const {code, output, seconds} = await run(tz);
  const tests = /Tests\s+(.+?)\s*$/m.exec(output)?.[1] ?? '';
  const what = pathsFor(tz) === TIME_PATHS ? 'time matrix' : pathsFor(tz).join(' ');
  const line = `${code === 0 ? 'PASS' : 'FAIL'}  TZ=${tz.padEnd(20)} ${what.padEnd(12)} ${tests.padEnd(30)} ${seconds.toFixed(1)} s`;
  console.log(line);
  if (code !== 0) failed.push({tz, output});
}

for (const {tz, output} of failed) {
  console.log(`\n----- TZ=${tz} -----\n${output.trim()}`);
}
if (failed.length > 0) {
  console.log(`\n${failed.length} of ${ZONES.length} zones failed: ${failed.map((f) => f.tz).join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nAll ${ZONES.length} zones passed.`);
}
