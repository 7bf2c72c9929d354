/**
 * The reminder pass in steps (issue #22: batched, bounded memory, no read per appointment): with a
 * step of 3 appointments, 8 patients due are each reminded once, in their language, whatever step
 * they fall in; the next pass sends nothing; two passes at the same moment send each reminder once
 * (each claimed in the database); and a pass reads the same small number of times per step.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startServer, type RunningServer} from '../../server/index.js';
import {sendDueReminders} from '../../server/services/reminders.js';
import type {Queryable} from '../../server/db.js';
import {testDatabase} from './helpers.js';

const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('reminder_pass');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, rateLimits: false, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

/** `n` patients (ids `pat_<tag>_<i>`), each with a visit starting within 23 h: their 24 h reminder is due. */
async function due(tag: string, n: number): Promise<void> {
  await server.db.query(
    `INSERT INTO patients (id, email_key, email, given_name, family_name, date_of_birth, language, onboarding_done, email_verified)
     SELECT 'pat_${tag}_' || g, '${tag}' || g || '@test.example', '${tag}' || g || '@test.example', 'P', 'Q' || g,
       '1980-01-01', CASE g % 2 WHEN 0 THEN 'es' ELSE 'en' END, true, true
     FROM generate_series(1, $1::int) g`,
    [n],
  );
  await server.db.query(
    `INSERT INTO appointments (id, patient_id, status, start_ms, end_ms, service_ids, provider_id, mode, items, room, owner_verified)
     SELECT 'apt_${tag}_' || g, 'pat_${tag}_' || g, 'booked', $2::bigint + 7200000 + g * 60000::bigint,
       $2::bigint + 9000000 + g * 60000::bigint, '["svc-general"]', 'prov-ortega', 'in-person', '[]', 'room-${tag}-' || g, true
     FROM generate_series(1, $1::int) g`,
    [n, T0 + 3_600_000 * (tag === 'b' ? 2 : 0)],
  );
  // Their 72 h reminders count as sent when they booked.
  await server.db.query(
    `INSERT INTO reminders_sent (appointment_id, hours, at_ms, skipped)
     SELECT 'apt_${tag}_' || g, 72, $2::bigint, true FROM generate_series(1, $1::int) g`,
    [n, T0],
  );
}

const remindersTo = (tag: string) =>
  server.db.query<{recipient: string; language: string; n: string}>(
    `SELECT recipient, language, count(*) AS n FROM outbox WHERE kind = 'reminder' AND recipient LIKE $1
     GROUP BY recipient, language ORDER BY recipient`,
    [`${tag}%@test.example`],
  );

describe('the reminder pass', () => {
  it('reminds every patient due once, in steps, and reads a fixed number of times per step', async () => {
    await sendDueReminders(server.portal.context); // (the demo seed's own, out of the way)
    await due('a', 8);
    let reads = 0;
    const db = server.portal.context.db;
    const counted = {
      ...db,
      kind: db.kind,
      query: ((sql: string, params?: readonly unknown[]) => {
        reads++;
        return db.query(sql, params);
      }) as Queryable['query'],
      transaction: db.transaction.bind(db),
    } as typeof db;
    const sent = await sendDueReminders({...server.portal.context, db: counted}, 3);
    expect(sent).toBe(8);
    const rows = await remindersTo('a');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect(rows.filter((r) => r.language === 'es')).toHaveLength(4);
    // Steps of 3 over every active visit within the 72 h (these 8 and the demo seed's): three reads
    // a step (appointments, patients, claims) whatever the number of patients in it, and one more
    // read when the last step is full; the writes happen in each step's transaction.
    const [{n}] = await server.db.query<{n: string}>(
      `SELECT count(*) AS n FROM appointments WHERE status IN ('pending', 'booked', 'confirmed')
         AND start_ms > $1 AND start_ms <= $2`,
      [T0, T0 + 72 * 3_600_000],
    );
    const steps = Math.ceil(Number(n) / 3);
    expect(Number(n)).toBeGreaterThan(8);
    expect(reads).toBe(3 * steps + (Number(n) % 3 === 0 ? 1 : 0));
    // Nothing new: nothing sent, nothing written.
    expect(await sendDueReminders(server.portal.context, 3)).toBe(0);
    expect((await remindersTo('a')).every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('sends each reminder once when two passes run at the same moment', async () => {
    await due('b', 7);
    const [one, two] = await Promise.all([
      sendDueReminders(server.portal.context, 2),
      sendDueReminders(server.portal.context, 3),
    ]);
    expect(one + two).toBe(7);
    const rows = await remindersTo('b');
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
