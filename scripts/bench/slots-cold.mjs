// One cold measurement of the slot computation, run in a fresh `node --expose-gc` process by
// slots.mjs: loads the bundle and the input (not timed), prepares the process as described below,
// then times the very first call of one function.
//
//   node --expose-gc scripts/bench/slots-cold.mjs <bundle.mjs> <input.json> <intl-ready|intl-cold> <product|plain>
//
// `product` times `computeAvailability` (src/domain/availability.ts); `plain` times the baseline
// written the obvious way (slots-plain.mjs). Both processes load both, so they differ only in the
// call that is timed.
//
// Before the call:
// - `intl-ready` formats one date with Intl in an unrelated zone (UTC), as any page or server that
//   has shown a date has done: that initialises the ICU runtime (~15–25 ms, once per process), which
//   is not the slot computation's cost. `intl-cold` includes that one-off initialisation.
// - The process allocates and drops 200,000 small objects, as any page or server that has run some
//   code has done. A brand-new process has never touched its young-generation pages: without this,
//   the call took ~170 page faults for them (~20 with it), each costing what the virtual machine's
//   host makes it cost at that moment. That is the process's start-up, not the computation.
// - The heap is collected, so a collection that loading would have triggered anyway does not land
//   inside the timed call.
import {readFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
import {plainAvailability} from './slots-plain.mjs';

const [bundlePath, inputPath, mode, which] = process.argv.slice(2);
const {computeAvailability} = await import(pathToFileURL(bundlePath).href);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
if (mode === 'intl-ready') {
  new Intl.DateTimeFormat('en-US', {timeZone: 'UTC', dateStyle: 'full', timeStyle: 'full'}).format(0);
}
let last;
for (let i = 0; i < 200_000; i++) last = {i, text: `x${i}`};
globalThis.__benchLast = last;
globalThis.gc?.();
const fn = which === 'plain' ? plainAvailability : computeAvailability;
const faults0 = process.resourceUsage().minorPageFault;
const c0 = process.cpuUsage();
const t0 = performance.now();
const slots = fn(input);
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
const faults = process.resourceUsage().minorPageFault - faults0;
process.stdout.write(JSON.stringify({ms, cpuMs: (c.user + c.system) / 1000, faults, count: slots.length}));
