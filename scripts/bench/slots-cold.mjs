// One cold measurement of the slot computation, run in a fresh `node --expose-gc` process by
// slots.mjs: loads the bundle and the input (not timed), collects the garbage that loading left
// (so that a collection it would have triggered anyway does not land inside the timed call), then
// times the very first call.
//
//   node --expose-gc scripts/bench/slots-cold.mjs <bundle.mjs> <input.json> <intl-ready|intl-cold>
//
// `intl-ready` first formats one date with Intl in an unrelated zone (UTC), as any page or server
// that has shown a date has done: that initialises the ICU runtime (~15–25 ms, once per process),
// which is not the slot computation's cost. `intl-cold` includes that one-off initialisation.
import {readFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';

const [bundlePath, inputPath, mode] = process.argv.slice(2);
const {computeAvailability} = await import(pathToFileURL(bundlePath).href);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
if (mode === 'intl-ready') {
  new Intl.DateTimeFormat('en-US', {timeZone: 'UTC', dateStyle: 'full', timeStyle: 'full'}).format(0);
}
globalThis.gc?.();
const c0 = process.cpuUsage();
const t0 = performance.now();
const slots = computeAvailability(input);
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ms, cpuMs: (c.user + c.system) / 1000, count: slots.length}));
