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
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/demo-clinic.js';
import {createDemoClinicData} from '../src/adapters/memory/demo-data.js';
import {Worker} from 'node:worker_threads';
import {RestAdapter} from '../src/adapters/rest/index.js';
import {emailKey, readAvailabilityQuery, slotsFor} from '../src/domain/rules/index.js';
import {toZonedInstantString} from '../src/domain/time.js';
import type {Db} from './db.js';
import {startServer} from './index.js';
import {insertAppointment} from './repositories/appointments.js';
import {insertAudit} from './repositories/audit-log.js';
import {busyBetween, busyWithVersions, lockCalendar} from './repositories/calendars.js';
import {insertIdempotencyKey} from './repositories/idempotency-keys.js';
import {insertMessage} from './repositories/outbox.js';
import {findPatientByEmail} from './repositories/patients.js';

const ratios: number[] = [];

const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
const CLIENT_COUNTS = (process.env.BENCH_CLIENTS ?? '8,50').split(',').map(Number);
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

/** Books `slots` from `clients` concurrent signed-in clients over HTTP; bookings per second. */
async function serverBookings(clients: readonly RestAdapter[], slots: readonly Slot[], tag: string) {
  let next = 0;
  let ok = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let k = next++; k < slots.length; k = next++) {
        try {
          await c.book({
            slot: slots[k],
            serviceIds: ['svc-general'],
            idempotencyKey: `bench-${tag}-${k}`,
            privacyConsent: true,
            policyAccepted: true,
            language: 'es',
          });
          ok++;
        } catch {
          refused++;
        }
      }
    }),
  );
  return {ok, refused, perSecond: ok / ((performance.now() - started) / 1000)};
}

/**
 * The baseline, like a `pgbench` script: the statements one booking needs, each its own round
 * trip, in one transaction straight on the same database (no HTTP, session, validation or message
 * rendering): the idempotency key, the provider's calendar locked (and its version moved on), the
 * overlap check, the appointment, the confirmation in the outbox, the audit line.
 */
async function baselineBookings(db: Db, patientId: string, slots: readonly Slot[], clients: number) {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({length: clients}, async () => {
      for (let k = next++; k < slots.length; k = next++) {
        const slot = slots[k];
        const start = Date.parse(slot.start);
        const end = Date.parse(slot.end);
        const id = `apt_base_${k}`;
        await db.transaction(async (q) => {
          await insertIdempotencyKey(q, {scope: 'book', key: `base-${k}`, fingerprint: 'base', resultId: id});
          await lockCalendar(q, slot.providerId);
          if (
            (await busyBetween(q, [slot.providerId], start - DAY, end + DAY, T0, {}, DAY)).some(
              (b) => Number(b.start_ms) < end && Number(b.end_ms) > start,
            )
          )
            throw new Error('baseline: slot taken');
          await insertAppointment(q, {
            id,
            patient_id: patientId,
            status: 'booked',
            start_ms: start,
            end_ms: end,
            service_ids: ['svc-general'],
            provider_id: slot.providerId,
            mode: 'in-person',
            location_id: slot.locationId ?? null,
            items: [],
            cancellation: null,
            deposit_paid: null,
            owner_verified: true,
            patient_time_zone: null,
            version: 1,
            room: `base-${k}`,
          });
          await insertMessage(q, {
            id: `msg_base_${k}`,
            channel: 'email',
            to: DEMO_PATIENT_EMAIL,
            at: new Date(T0).toISOString(),
            language: 'es',
            kind: 'booking-confirmation',
            subject: 'Su cita',
            text: 'Su cita quedó reservada.',
            links: {},
          });
          await insertAudit(q, {
            at: T0,
            actor: patientId,
            action: 'appointment.book',
            patientId,
            appointmentId: id,
          });
        });
        ok++;
      }
    }),
  );
  return ok / ((performance.now() - started) / 1000);
}

/** Undoes the baseline's rows, so the server books the same slots in the same state. */
async function dropBaseline(db: Db): Promise<void> {
  await db.query(`DELETE FROM audit_log WHERE appointment_id LIKE 'apt_base_%'`);
  await db.query(`DELETE FROM outbox WHERE id LIKE 'msg_base_%'`);
  await db.query(`DELETE FROM appointments WHERE id LIKE 'apt_base_%'`);
  await db.query(`DELETE FROM idempotency_keys WHERE key LIKE 'base-%'`);
}

/**
 * Bookings per second over HTTP and the baseline's on the same database, the same slots (the
 * baseline's rows removed before the server books them), with `BENCH_CLIENTS` clients (8 and 50 by
 * default): the ratio is what the server keeps of what PostgreSQL (or PGlite) itself can do.
 */
async function bookingsPerSecond(): Promise<void> {
  const server = await startServer({
    clock: () => T0,
    writesPerMinute: 0,
    rateLimits: false,
    databaseUrl: url,
    schema,
  });
  try {
    const patient = await findPatientByEmail(server.db, emailKey(DEMO_PATIENT_EMAIL));
    if (!patient) throw new Error('the demo patient is missing');
    const first = client(server.url);
    await first.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const all = await freeSlots(first, 'svc-general', ['prov-ramirez', 'prov-ortega'], 90);
    for (const [round, count] of CLIENT_COUNTS.entries()) {
      const clients = await Promise.all(
        Array.from({length: count}, async () => {
          const c = client(server.url);
          await c.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
          return c;
        }),
      );
      // Each round its own slots, spread over both providers.
      const slots = all.filter((_, i) => i % CLIENT_COUNTS.length === round).slice(0, BOOKINGS);
      const base = await baselineBookings(server.db, patient.id, slots, count);
      await dropBaseline(server.db);
      const http = await serverBookings(clients, slots, `c${count}`);
      const ratio = http.perSecond / base;
      ratios.push(ratio);
      console.log(
        `bookings (${server.db.kind}, ${count} clients): server over HTTP ${http.perSecond.toFixed(1)}/s (${http.ok} booked, ${http.refused} refused); baseline (the same statements straight on the database) ${base.toFixed(1)}/s; ratio ${(100 * ratio).toFixed(1)} %`,
      );
    }
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await server.close();
  }
}

/**
 * Availability for a clinic of `n` providers (copies of one schedule) over 90 days, "first
 * available", with 20 bookings per provider (400 at most) in the calendar: the pure computation,
 * and over HTTP with the calendar unchanged and changed before each read; with `readers`, also 20
 * concurrent readers while the calendar changes.
 */
async function availabilityLatency(n: number, readersToo: boolean): Promise<void> {
  const data = createDemoClinicData();
  const base = data.schedules.find((s) => s.providerId === 'prov-ramirez') as ProviderSchedule;
  const template = data.catalog.providers.find((p) => p.id === 'prov-ramirez');
  const ids = Array.from({length: n}, (_, i) => `prov-bench-${i + 1}`);
  const clinicN = {
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
    data: clinicN,
    databaseUrl: url,
    schema: schema && `${schema}_a${n}`,
  });
  try {
    const c = client(server.url);
    await c.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const slots = await freeSlots(c, 'svc-general', ids, 90);
    // Bookings spread over the providers and the 90 days.
    const bookings = Math.min(400, 20 * n);
    const step = Math.max(1, Math.floor(slots.length / bookings));
    let booked = 0;
    for (let i = 0; i < slots.length && booked < bookings; i += step) {
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
    // The pure computation: the domain's, in this process, over the same busy times.
    const checked = readAvailabilityQuery(clinicN, query);
    const read = await busyWithVersions(
      server.db,
      checked.providerIds,
      checked.from - DAY,
      checked.to + DAY,
      T0,
      DAY,
    );
    const busy = read.busy.map((r) => ({
      providerId: r.provider_id,
      start: toZonedInstantString(Number(r.start_ms), clinicN.clinic.timeZone),
      end: toZonedInstantString(Number(r.end_ms), clinicN.clinic.timeZone),
    }));
    let count = 0;
    const computePure = async () => {
      count = slotsFor(clinicN, {...checked, now: T0, busy}).length;
    };
    // Over HTTP, to the answer's last byte (a browser parses it; the server's part ends there): the
    // calendar unchanged between reads (the server's kept answer), and changed before each read (a
    // time taken, as a booking elsewhere does: its provider's version moved on, computed again).
    const availabilityUrl = `${server.url}/availability?${new URLSearchParams([
      ...query.serviceIds.map((id) => ['serviceId', id]),
      ['providerId', query.providerId],
      ['from', query.from],
      ['to', query.to],
    ])}`;
    const fetchAvailability = async () => {
      const r = await fetch(availabilityUrl);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`availability answered ${r.status}`);
    };
    // The server's answer (computed in parts of a day, kept per part) is the pure computation's.
    const served = await (await fetch(availabilityUrl)).text();
    if (
      served !==
      JSON.stringify({
        slots: slotsFor(clinicN, {...checked, now: T0, busy}),
        timeZone: clinicN.clinic.timeZone,
      })
    )
      throw new Error('the server answered other slots than the pure computation');
    // A change as a booking elsewhere makes one: a time of one provider taken (a hold, written
    // straight in the database, moves that provider's version on), each on another day.
    let taken = 0;
    const bump = () => {
      const slot = slots[(++taken * 37) % slots.length];
      return server.db.query(
        `INSERT INTO holds (id, provider_id, start_ms, end_ms, slot, expires_ms, holder)
         VALUES ($1, $2, $3, $4, $5, $6, 'bench')`,
        [
          `hold_bench_${taken}`,
          slot.providerId,
          Date.parse(slot.start),
          Date.parse(slot.end),
          JSON.stringify(slot),
          T0 + DAY,
        ],
      );
    };
    const fetchChanged = async () => {
      await bump();
      const t = performance.now();
      await fetchAvailability();
      return performance.now() - t;
    };
    // The three measures interleaved, one of each per round (21 rounds after one to warm up), so
    // the machine's load at any moment weighs on all three alike and the ratios hold.
    const rounds = {pure: [] as number[], kept: [] as number[], changed: [] as number[]};
    for (let round = -1; round < 21; round++) {
      let t = performance.now();
      await computePure();
      const pureMs = performance.now() - t;
      t = performance.now();
      await fetchAvailability();
      const keptMs = performance.now() - t;
      const changedMs = await fetchChanged();
      if (round < 0) continue;
      rounds.pure.push(pureMs);
      rounds.kept.push(keptMs);
      rounds.changed.push(changedMs);
    }
    const stats = (all: number[]) => {
      const sorted = [...all].sort((a, b) => a - b);
      return {
        median: sorted[Math.floor(sorted.length / 2)],
        p95: sorted[Math.ceil(0.95 * sorted.length) - 1],
      };
    };
    const pure = stats(rounds.pure);
    const kept = stats(rounds.kept);
    const changed = stats(rounds.changed);
    const kind = server.db.kind;
    console.log(
      `availability (${kind}, ${n} provider${n === 1 ? '' : 's'}, 90 days, ${booked} bookings, "first available", ${count} slots): pure computation median ${pure.median.toFixed(1)} ms; over HTTP, calendar unchanged median ${kept.median.toFixed(1)} ms (${(kept.median / pure.median).toFixed(2)}×), p95 ${kept.p95.toFixed(1)} ms; calendar changed before each read median ${changed.median.toFixed(1)} ms (${(changed.median / pure.median).toFixed(2)}×; goal ≤ 2×), p95 ${changed.p95.toFixed(1)} ms`,
    );
    if (!readersToo) return;
    // 20 readers at once, 10 reads each, while the calendar changes every 100 ms: the readers in
    // this process (sharing the server's event loop, as before), then in a worker thread (their
    // own event loop, as browsers elsewhere would be: only the server's part on this one).
    const writeWhile = async (reads: () => Promise<number[]>) => {
      let writing = true;
      const writer = (async () => {
        while (writing) {
          await bump();
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const times = await reads();
      writing = false;
      await writer;
      times.sort((x, y) => x - y);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
      return `p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms`;
    };
    const here = await writeWhile(async () =>
      (await Promise.all(Array.from({length: 20}, () => timed(10, fetchAvailability, false)))).flatMap(
        (x) => x.all,
      ),
    );
    const apart = await writeWhile(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const readers = new Worker(
            `const {parentPort, workerData: {url}} = require('node:worker_threads');
             Promise.all(Array.from({length: 20}, async () => {
               const times = [];
               for (let i = 0; i < 10; i++) {
                 const t = performance.now();
                 const r = await fetch(url);
                 await r.arrayBuffer();
                 if (r.status !== 200) throw new Error('availability answered ' + r.status);
                 times.push(performance.now() - t);
               }
               return times;
             })).then((all) => parentPort.postMessage(all.flat()));`,
            {eval: true, workerData: {url: availabilityUrl}},
          );
          readers.once('message', (times: number[]) => {
            resolve(times);
            void readers.terminate();
          });
          readers.once('error', reject);
        }),
    );
    console.log(
      `availability (${kind}), 20 concurrent readers × 10 reads, calendar changing every 100 ms (goal p99 ≤ 150 ms): readers in the server's process ${here}; readers in a worker thread ${apart}`,
    );
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema}_a${n} CASCADE`);
    await server.close();
  }
}

/**
 * How a booking's cost grows with the table: bookings per second (8 clients) with 1,000 and with
 * `BENCH_GROWTH_ROWS` (1,000,000) past appointments of the two providers in it (a minute apart,
 * most fulfilled, one in ten never marked and so still "booked"), and the plan of the busy-time read
 * a booking makes under the calendar lock.
 */
async function bookingsGrowth(): Promise<void> {
  const big = Number(process.env.BENCH_GROWTH_ROWS ?? 1_000_000);
  const server = await startServer({
    clock: () => T0,
    writesPerMinute: 0,
    rateLimits: false,
    databaseUrl: url,
    schema: schema && `${schema}_g`,
  });
  try {
    const patient = await findPatientByEmail(server.db, emailKey(DEMO_PATIENT_EMAIL));
    if (!patient) throw new Error('the demo patient is missing');
    const signedIn = async () => {
      const c = client(server.url);
      await c.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
      return c;
    };
    const all = await freeSlots(await signedIn(), 'svc-general', ['prov-ramirez', 'prov-ortega'], 90);
    const clients = await Promise.all(Array.from({length: 8}, signedIn));
    // History is loaded, not lived: the calendar-version trigger is off while it goes in.
    await server.db.query('ALTER TABLE appointments DISABLE TRIGGER appointments_calendar_version');
    let have = 0;
    for (const [round, rows] of [1000, big].entries()) {
      const started = performance.now();
      await server.db.query(
        `INSERT INTO appointments (id, patient_id, status, start_ms, end_ms, service_ids, provider_id, mode,
           location_id, items, cancellation, room, deposit_paid, owner_verified, patient_time_zone)
         SELECT 'apt_hist_' || g, $3, CASE g % 10 WHEN 0 THEN 'booked' WHEN 1 THEN 'cancelled' ELSE 'fulfilled' END,
           $4::bigint - 86400000 - g * 60000::bigint, $4::bigint - 86400000 - g * 60000::bigint + 1800000,
           '["svc-general"]', CASE g % 2 WHEN 0 THEN 'prov-ramirez' ELSE 'prov-ortega' END, 'in-person',
           NULL, '[]', NULL, 'hist-' || g, NULL, true, NULL
         FROM generate_series($1::int, $2::int) g`,
        [have + 1, rows, patient.id, T0],
      );
      have = rows;
      await server.db.query('ANALYZE appointments');
      // The load's writes flushed now, not during the measure.
      await server.db.query('CHECKPOINT');
      const loaded = (performance.now() - started) / 1000;
      const slots = all.filter((_, i) => i % 2 === round).slice(0, BOOKINGS);
      const http = await serverBookings(clients, slots, `g${rows}`);
      console.log(
        `bookings (${server.db.kind}, 8 clients) with ${rows.toLocaleString('en')} past appointments in the table (loaded in ${loaded.toFixed(1)} s): ${http.perSecond.toFixed(1)}/s (${http.ok} booked, ${http.refused} refused)`,
      );
    }
    await server.db.query('ALTER TABLE appointments ENABLE TRIGGER appointments_calendar_version');
    // The busy-time read exactly as the repository sends it, explained.
    let sent: {sql: string; params: readonly unknown[]} | undefined;
    const start = Date.parse(all[1].start);
    await busyBetween(
      {
        query: async (sql, params = []) => {
          sent = {sql, params};
          return [];
        },
      },
      ['prov-ramirez'],
      start - DAY,
      start + DAY,
      T0,
      {},
      DAY,
    );
    const plan = await server.db.query<Record<string, string>>(`EXPLAIN ${sent!.sql}`, sent!.params);
    console.log(
      `the busy-time read with ${big.toLocaleString('en')} rows, planned:\n  ${plan.map((r) => Object.values(r)[0]).join('\n  ')}`,
    );
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema}_g CASCADE`);
    await server.close();
  }
}

/**
 * The reminder pass with many patients due at once (issue #22: batched, bounded memory, no read
 * per appointment): N patients, each with a visit starting within the next 23 hours (their 24 h
 * reminder due now), loaded in SQL; then one pass, timed, with the process's heap sampled; then a
 * second pass that finds nothing new (what every minute's pass costs after it). Run at 10k and at N
 * to show how the cost grows.
 */
async function reminderPass(): Promise<void> {
  const most = Number(process.env.BENCH_REMINDER_PATIENTS ?? 100_000);
  for (const n of [Math.min(10_000, most), most]) {
    const server = await startServer({
      clock: () => T0,
      writesPerMinute: 0,
      rateLimits: false,
      databaseUrl: url,
      schema: schema && `${schema}_r${n}`,
    });
    try {
      const demo = await findPatientByEmail(server.db, emailKey(DEMO_PATIENT_EMAIL));
      if (!demo) throw new Error('the demo patient is missing');
      const started = performance.now();
      await server.db.query(
        `INSERT INTO patients (id, email_key, email, given_name, family_name, phone, date_of_birth, language,
           onboarding_done, password_hash, email_verified, prefs)
         SELECT 'pat_r' || g, 'r' || g || '@bench.example', 'r' || g || '@bench.example', 'Paciente', 'Prueba' || g,
           NULL, '1980-01-01', CASE g % 2 WHEN 0 THEN 'es' ELSE 'en' END, true, NULL, true, NULL
         FROM generate_series(1, $1::int) g`,
        [n],
      );
      await server.db.query('ALTER TABLE appointments DISABLE TRIGGER appointments_calendar_version');
      await server.db.query(
        `INSERT INTO appointments (id, patient_id, status, start_ms, end_ms, service_ids, provider_id, mode,
           location_id, items, cancellation, room, deposit_paid, owner_verified, patient_time_zone)
         SELECT 'apt_r' || g, 'pat_r' || g, 'booked', $2::bigint + 3600000 + g * 500::bigint,
           $2::bigint + 3600000 + g * 500::bigint + 1800000, '["svc-general"]',
           'prov-ramirez', 'in-person', NULL, '[]', NULL, 'room-r' || g, NULL, true, NULL
         FROM generate_series(1, $1::int) g`,
        [n, T0],
      );
      await server.db.query('ALTER TABLE appointments ENABLE TRIGGER appointments_calendar_version');
      // The 72 h reminder of these visits counts as already sent: only the 24 h one is due.
      await server.db.query(
        `INSERT INTO reminders_sent (appointment_id, hours, at_ms, skipped)
         SELECT 'apt_r' || g, 72, $2::bigint, true FROM generate_series(1, $1::int) g`,
        [n, T0],
      );
      await server.db.query('ANALYZE');
      await server.db.query('CHECKPOINT');
      const loaded = (performance.now() - started) / 1000;
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      const sampler = setInterval(() => {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }, 20);
      const t = performance.now();
      const sent = await server.portal.sendDueReminders();
      const seconds = (performance.now() - t) / 1000;
      clearInterval(sampler);
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      const t2 = performance.now();
      const again = await server.portal.sendDueReminders();
      const idle = (performance.now() - t2) / 1000;
      const [{count}] = await server.db.query<{count: string}>(
        `SELECT count(*) AS count FROM outbox WHERE kind = 'reminder'`,
      );
      console.log(
        `reminder pass (${server.db.kind}) with ${n.toLocaleString('en')} patients due (loaded in ${loaded.toFixed(1)} s): ${sent.toLocaleString('en')} reminded in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s), ${Number(count).toLocaleString('en')} reminder emails in the outbox; heap +${((heapPeak - heapBefore) / 2 ** 20).toFixed(0)} MiB at most during the pass; the next pass (nothing new) ${idle.toFixed(2)} s, sent ${again}`,
      );
    } finally {
      if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema}_r${n} CASCADE`);
      await server.close();
    }
  }
}

/**
 * Fairness under load (rate limits on): another patient's sign-in p95, idle and while one address
 * floods availability with 20 concurrent loops of 90-day reads that all differ (no kept answer
 * helps); the flood's own answers (200 or 429) counted.
 */
async function fairness(): Promise<void> {
  const server = await startServer({
    clock: () => T0,
    writesPerMinute: 0,
    trustProxy: 1,
    databaseUrl: url,
    schema: schema && `${schema}_f`,
  });
  try {
    let n = 0;
    const signIn = async () => {
      const t = performance.now();
      const r = await fetch(`${server.url}/session`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': 'none',
          'X-Forwarded-For': `203.0.113.${10 + (n++ % 200)}`,
        },
        body: JSON.stringify({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}),
      });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`sign-in answered ${r.status}`);
      return performance.now() - t;
    };
    const idle = await timed(20, signIn);
    // The flood runs in a worker thread (its own event loop, as another machine's would be): 20
    // concurrent loops of reads, each with another range, from one address.
    const flood = new Worker(
      `const {parentPort, workerData: {url, from}} = require('node:worker_threads');
       let flooding = true;
       const answers = {};
       let k = 0;
       parentPort.on('message', () => { flooding = false; });
       Promise.all(Array.from({length: 20}, async () => {
         while (flooding) {
           const to = new Date(Date.parse(from) + 60 * 86400000 + (k++ % 5000) * 60000).toISOString();
           const q = new URLSearchParams({serviceId: 'svc-general', providerId: 'any', from, to});
           try {
             const r = await fetch(url + '/availability?' + q, {headers: {'X-Forwarded-For': '198.51.100.7'}});
             await r.arrayBuffer();
             answers[r.status] = (answers[r.status] ?? 0) + 1;
           } catch { answers.error = (answers.error ?? 0) + 1; }
         }
       })).then(() => parentPort.postMessage(answers));`,
      {eval: true, workerData: {url: server.url, from: new Date(T0).toISOString()}},
    );
    await new Promise((r) => setTimeout(r, 500));
    const loaded = await timed(20, signIn, false);
    const answers = await new Promise<Record<string, number>>((resolve) => {
      flood.once('message', resolve);
      flood.postMessage('stop');
    });
    await flood.terminate();
    console.log(
      `fairness (${server.db.kind}): another patient's sign-in p95 idle ${idle.p95.toFixed(0)} ms, during a flood of availability reads from one address ${loaded.p95.toFixed(0)} ms (${(loaded.p95 / idle.p95).toFixed(2)}×; goal ≤ 2×); the flood got ${Object.entries(
        answers,
      )
        .map(([status, count]) => `${count} × ${status}`)
        .join(', ')}`,
    );
  } finally {
    if (schema) await server.db.query(`DROP SCHEMA IF EXISTS ${schema}_f CASCADE`);
    await server.close();
  }
}

/**
 * Runs `fn` `n` times one after another: median and p95 of its durations (or of the numbers it
 * returns, when it measures a part itself).
 */
async function timed(n: number, fn: () => Promise<unknown>, warm = true) {
  if (warm) await fn();
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const v = await fn();
    all.push(typeof v === 'number' ? v : performance.now() - t);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(n / 2)],
    p95: sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)],
    all,
  };
}

/** `BENCH_ONLY=availability,fairness` (any of bookings, availability, growth, reminders, fairness): those parts only. */
const only = process.env.BENCH_ONLY?.split(',');
const part = (name: string) => !only || only.includes(name);
if (part('bookings')) await bookingsPerSecond();
if (part('availability')) {
  await availabilityLatency(20, true);
  // How the cost grows with the clinic.
  await availabilityLatency(1, false);
  await availabilityLatency(100, false);
}
if (part('growth')) await bookingsGrowth();
if (part('reminders')) await reminderPass();
if (part('fairness')) await fairness();
