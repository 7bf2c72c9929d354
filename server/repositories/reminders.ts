/**
 * Reminders: which were sent or skipped (`reminders_sent`), the single-use confirm/cancel links in
 * them (`reminder_tokens`), and when a patient last asked for a test reminder (`test_reminders`).
 * SQL only.
 */
import type {Queryable} from '../db.js';

/** Marks a reminder as never to be sent (its time passed before the appointment was made or moved). */
export async function skipReminder(
  q: Queryable,
  appointmentId: string,
  hours: number,
  at: number,
): Promise<void> {
  await q.query(
    'INSERT INTO reminders_sent (appointment_id, hours, at_ms, skipped) VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING',
    [appointmentId, hours, at],
  );
}

/** Claims a reminder for sending; false when it was already sent (or skipped). */
/**
 * Claims these reminders (appointment, hours before) at `at`, in one statement; the appointments
 * for which at least one was claimed now (the others were claimed before, by any server).
 */
export async function claimReminders(
  q: Queryable,
  reminders: readonly {readonly appointmentId: string; readonly hours: number}[],
  at: number,
): Promise<Set<string>> {
  if (reminders.length === 0) return new Set();
  const rows = await q.query<{appointment_id: string}>(
    `INSERT INTO reminders_sent (appointment_id, hours, at_ms)
       SELECT a, h, $3 FROM unnest($1::text[], $2::int[]) AS r(a, h)
     ON CONFLICT DO NOTHING RETURNING appointment_id`,
    [reminders.map((r) => r.appointmentId), reminders.map((r) => r.hours), at],
  );
  return new Set(rows.map((r) => r.appointment_id));
}

/** The reminders already claimed for these appointments: hours before, by appointment. */
export async function claimedReminders(
  q: Queryable,
  appointmentIds: readonly string[],
): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>();
  if (appointmentIds.length === 0) return out;
  const rows = await q.query<{appointment_id: string; hours: number}>(
    'SELECT appointment_id, hours FROM reminders_sent WHERE appointment_id = ANY($1)',
    [appointmentIds],
  );
  for (const r of rows) {
    let set = out.get(r.appointment_id);
    if (!set) out.set(r.appointment_id, (set = new Set()));
    set.add(Number(r.hours));
  }
  return out;
}

export async function forgetReminders(q: Queryable, appointmentId: string): Promise<void> {
  await q.query('DELETE FROM reminders_sent WHERE appointment_id = $1', [appointmentId]);
}

export type ReminderAction = 'confirm' | 'cancel';

export async function insertReminderToken(
  q: Queryable,
  tokenHash: string,
  appointmentId: string,
  action: ReminderAction,
): Promise<void> {
  await q.query('INSERT INTO reminder_tokens (token_hash, appointment_id, action) VALUES ($1, $2, $3)', [
    tokenHash,
    appointmentId,
    action,
  ]);
}

export async function findReminderToken(
  q: Queryable,
  tokenHash: string,
): Promise<{appointment_id: string; action: ReminderAction; used: boolean} | undefined> {
  const [row] = await q.query<{appointment_id: string; action: ReminderAction; used: boolean}>(
    'SELECT * FROM reminder_tokens WHERE token_hash = $1',
    [tokenHash],
  );
  return row;
}

/** Uses the token up; false when it was already used (of two concurrent uses, one wins). */
export async function claimReminderToken(q: Queryable, tokenHash: string): Promise<boolean> {
  const claimed = await q.query(
    'UPDATE reminder_tokens SET used = true WHERE token_hash = $1 AND NOT used RETURNING token_hash',
    [tokenHash],
  );
  return claimed.length === 1;
}

/** When this patient last had a test reminder on this channel (locked for the transaction). */
export async function lockLastTestReminder(
  q: Queryable,
  patientId: string,
  channel: string,
): Promise<number | undefined> {
  const [last] = await q.query<{at_ms: number}>(
    'SELECT at_ms FROM test_reminders WHERE patient_id = $1 AND channel = $2 FOR UPDATE',
    [patientId, channel],
  );
  return last ? Number(last.at_ms) : undefined;
}

export async function recordTestReminder(
  q: Queryable,
  patientId: string,
  channel: string,
  at: number,
): Promise<void> {
  await q.query(
    `INSERT INTO test_reminders (patient_id, channel, at_ms) VALUES ($1, $2, $3)
     ON CONFLICT (patient_id, channel) DO UPDATE SET at_ms = EXCLUDED.at_ms`,
    [patientId, channel, at],
  );
}
