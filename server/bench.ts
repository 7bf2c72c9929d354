/**
 * `npm run bench:server`: what the reference server sustains on loopback.
 *
 * 1. Bookings per second: C concurrent clients (each signed in with its own cookie) book N
 *    distinct free slots through RestAdapter, over HTTP on 127.0.0.1.
 * 2. Availability latency for a 20-provider clinic over 90 days ("first available"), with 400
 *    bookings in the calendar: median and p95 of repeated GET /availability.
 *
 * PGlite in memory by default; `DATABASE_URL=postgres://…` for PostgreSQL (a scratch schema).
 * Prints one line per measure; numbers depend on the machine.
 */
import type {ProviderSchedule} from '../src/domain/schedule.js';
import type {Slot} from '../src/domain/types.js';
import {
  createDemoClinicData,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../src/adapters/memory/demo-clinic.js';
import {RestAdapter} from '../src/adapters/rest/index.js';
import {startServer} from './index.js';

const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 200);
const url = process.env.DATABASE_URL;
const schema = url ? `bench_${process.pid}` : undefined;

/** A client with its own cookie jar, like one browser. */
function client(base: string): RestAdapter {
  const jar = new Map<string, string>();
  const f: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const r = await fetch(input, {...init, headers});
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return r;
  };
  return new RestAdapter({baseUrl: base, fetch: f});
}

/** Free slots that do not overlap one another, across every provider of the service. */
async function freeSlots(a: RestAdapter, serviceId: string, providerIds: readonly string[], days: number) {
  const out: Slot[] = [];
  for (const providerId of providerIds) {
    const {slots} = await a.getAvailability({
      serviceIds: [serviceId],
      providerId,
      from: new Date(T0).toISOString(),
      to: new Date(T0 + days * DAY).toISOString(),
    });
    let end = 0;
    for (const s of slots) {
      if (Date.parse(s.start) >= end) {
        out.push(s);
        end = Date.parse(s.end);
      }
    }
  }
  return out;
}

async function bookingsPerSecond(): Promise<void> {
  const server = await startServer({
    clock: () => T0,
    writesPerMinute: 0,
    rateLimits: false,
    databaseUrl: url,
    schema,
  });
  try {
    const clients = await Promise.all(
      Array.from({length: CLIENTS}, async () => {
        const c = client(server.url);
        await c.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
        return c;
      }),
    );
    const slots = (await freeSlots(clients[0], 'svc-general', ['prov-ramirez', 'prov-ortega'], 90)).slice(
      0,
      BOOKINGS,
    );
    let next = 0;
    let ok = 0;
    let conflicts = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = next++; k < slots.length; k = next++) {
          try {
            await c.book({
              slot: slots[k],
              serviceIds: ['svc-general'],
              idempotencyKey: `bench-${i}-${k}`,
              privacyConsent: true,
              policyAccepted: true,
              language: 'es',
            });
            ok++;
          } catch {
            conflicts++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `bookings (${server.db.kind}, ${CLIENTS} clients, loopback): ${ok} booked, ${conflicts} refused in ${seconds.toFixed(2)} s = ${(ok / seconds).toFixed(1)} bookings/s`,
    );
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await server.close();
  }
}

async function availabilityLatency(): Promise<void> {
  const data = createDemoClinicData();
  const base = data.schedules.find((s) => s.providerId === 'prov-ramirez') as ProviderSchedule;
  const template = data.catalog.providers.find((p) => p.id === 'prov-ramirez');
  const ids = Array.from({length: 20}, (_, i) => `prov-bench-${i + 1}`);
  const clinic20 = {
    ...data,
    patients: data.patients,
    appointments: undefined,
    catalog: {
      ...data.catalog,
      providers: [
        ...data.catalog.providers,
        ...ids.map((id, i) => ({...template!, id, name: `Dra. Prueba ${i + 1}`})),
      ],
      services: data.catalog.services.map((s) =>
        s.id === 'svc-general' ? {...s, providerIds: ids, providerTerms: undefined} : s,
      ),
    },
    schedules: [...data.schedules, ...ids.map((providerId) => ({...base, providerId}))],
  };
  const server = await startServer({
    clock: () => T0,
    writesPerMinute: 0,
    rateLimits: false,
    data: clinic20,
    databaseUrl: url,
    schema: schema && `${schema}_a`,
  });
  try {
    const c = client(server.url);
    await c.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const slots = await freeSlots(c, 'svc-general', ids, 90);
    // 400 bookings spread over the providers and the 90 days.
    const step = Math.max(1, Math.floor(slots.length / 400));
    let booked = 0;
    for (let i = 0; i < slots.length && booked < 400; i += step) {
      await c.book({
        slot: slots[i],
        serviceIds: ['svc-general'],
        idempotencyKey: `seed-${i}`,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es',
      });
      booked++;
    }
    const query = {
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 90 * DAY).toISOString(),
    };
    await c.getAvailability(query);
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      count = (await c.getAvailability(query)).slots.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `availability (${server.db.kind}, 20 providers, 90 days, ${booked} bookings, "first available"): ${count} slots, median ${times[7].toFixed(0)} ms, p95 ${times[14].toFixed(0)} ms per request`,
    );
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema}_a CASCADE`);
    await server.close();
  }
}

await bookingsPerSecond();
await availabilityLatency();
