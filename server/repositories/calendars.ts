/**
 * Provider calendars (`provider_calendars`) and what keeps a provider busy (active appointments and
 * unexpired holds): SQL only. Bookings of one provider serialise on the calendar's row (`SELECT …
 * FOR UPDATE` and the version's bump in one statement).
 */
import type {Queryable} from '../db.js';

export async function ensureCalendar(q: Queryable, providerId: string): Promise<void> {
  await q.query('INSERT INTO provider_calendars (provider_id) VALUES ($1) ON CONFLICT DO NOTHING', [
    providerId,
  ]);
}

/**
 * Locks a provider's calendar for the rest of the transaction and moves its version on, in one
 * statement (the row is created the first time); the new version. Whatever the transaction then
 * changes in the calendar is under that version, and a rollback undoes both.
 */
export async function lockCalendar(q: Queryable, providerId: string): Promise<number> {
  const bump = () =>
    q.query<{version: number}>(
      'UPDATE provider_calendars SET version = version + 1 WHERE provider_id = $1 RETURNING version',
      [providerId],
    );
  let [row] = await bump();
  if (!row) {
    await ensureCalendar(q, providerId);
    [row] = await bump();
  }
  return Number(row.version);
}

export interface BusyRow {
  provider_id: string;
  start_ms: number;
  end_ms: number;
}

/**
 * What keeps a provider busy, said once for both reads below. Parameters: $1 the providers, $2 from,
 * $3 to, $4 now, $5 the longest visit (ms).
 */
const BUSY_APPOINTMENTS = `FROM appointments
      WHERE provider_id = ANY($1) AND status IN ('pending', 'booked', 'confirmed')
        AND end_ms > $2 AND start_ms < $3 AND start_ms > $2::bigint - $5`;
const BUSY_HOLDS = `FROM holds WHERE provider_id = ANY($1) AND expires_ms > $4 AND end_ms > $2 AND start_ms < $3`;

/**
 * Active appointments and holds unexpired at `now` of these providers overlapping (from, to),
 * leaving out one hold and one appointment (the caller's own). No visit lasts longer than
 * `longestVisitMs` (the domain's `longestVisitMinutes`): said in the SQL, the provider's index
 * (provider, start) reads [from − longest, to) only, not the provider's whole history before `to`.
 */
export function busyBetween(
  q: Queryable,
  providerIds: readonly string[],
  from: number,
  to: number,
  now: number,
  exclude: {holdId?: string; appointmentId?: string},
  longestVisitMs: number,
): Promise<BusyRow[]> {
  return q.query<BusyRow>(
    `SELECT provider_id, start_ms, end_ms ${BUSY_APPOINTMENTS} AND id <> $6
     UNION ALL
     SELECT provider_id, start_ms, end_ms ${BUSY_HOLDS} AND id <> $7`,
    [[...providerIds], from, to, now, longestVisitMs, exclude.appointmentId ?? '', exclude.holdId ?? ''],
  );
}

/** What keeps providers busy, with the calendars' versions, read in one snapshot (one statement). */
export interface BusyWithVersions {
  readonly busy: BusyRow[];
  /** `provider:version,…` in provider order (a provider never changed has none). */
  readonly versions: string;
  /** The soonest a hold among `busy` expires (the answer changes then), or Infinity. */
  readonly changesAt: number;
}

export async function busyWithVersions(
  q: Queryable,
  providerIds: readonly string[],
  from: number,
  to: number,
  now: number,
  longestVisitMs: number,
): Promise<BusyWithVersions> {
  const rows = await q.query<BusyRow & {until_ms: number | null; version: number | null}>(
    `SELECT provider_id, start_ms, end_ms, NULL::bigint AS until_ms, NULL::bigint AS version ${BUSY_APPOINTMENTS}
     UNION ALL
     SELECT provider_id, start_ms, end_ms, expires_ms, NULL ${BUSY_HOLDS}
     UNION ALL
     SELECT provider_id, NULL, NULL, NULL, version FROM provider_calendars WHERE provider_id = ANY($1)`,
    [[...providerIds], from, to, now, longestVisitMs],
  );
  const busy: BusyRow[] = [];
  const versions: string[] = [];
  let changesAt = Infinity;
  for (const r of rows) {
    if (r.version !== null) versions.push(`${r.provider_id}:${r.version}`);
    else {
      busy.push(r);
      if (r.until_ms !== null) changesAt = Math.min(changesAt, Number(r.until_ms));
    }
  }
  return {busy, versions: versions.sort().join(','), changesAt};
}

/** The calendars' versions as `busyWithVersions` gives them. */
export async function calendarVersions(q: Queryable, providerIds: readonly string[]): Promise<string> {
  const rows = await q.query<{provider_id: string; version: number}>(
    'SELECT provider_id, version FROM provider_calendars WHERE provider_id = ANY($1)',
    [[...providerIds]],
  );
  return rows
    .map((r) => `${r.provider_id}:${r.version}`)
    .sort()
    .join(',');
}
