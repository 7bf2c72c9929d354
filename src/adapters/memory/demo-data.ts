/**
 * The demo clinic's whole data at once — the clinic (`demo-clinic.ts`) and its seed
 * (`demo-seed.ts`) — for the reference server's seed and tests. `backend="demo"` does not load
 * this module: its adapter reads the seed on first use.
 */
import {demoClinic} from './demo-clinic.js';
import {demoSeed} from './demo-seed.js';
import type {MemoryClinicData} from './memory-adapter.js';

/** The demo clinic's data (a fresh object each time). */
export function createDemoClinicData(): MemoryClinicData {
  return {...demoClinic(), ...demoSeed()};
}
