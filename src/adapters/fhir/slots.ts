/**
 * FHIR Slots → the shared availability rules. A provider's free Slots are merged into runs of free
 * time and handed to `slotsFor` (`domain/rules/availability-query.ts`) as that provider's working
 * intervals for those dates, so the clinic's step, minimum notice, horizon, closures, locations,
 * multi-service lengths and "first available" are the same rules every backend applies: a visit is
 * offered where consecutive free Slots of one provider at one location cover it.
 */
import type {ClinicData} from '../../domain/rules/index.js';
import type {ProviderSchedule, WorkingInterval} from '../../domain/schedule.js';
import {addDays, instantToZoned, parseInstant} from '../../domain/time.js';
import type {PlainDate, WallTime} from '../../domain/types.js';
import {EXT, type Resource} from './profile.js';

/** A FHIR Slot as the adapter uses it. */
export interface FhirSlot {
  readonly id: string;
  readonly version?: string;
  readonly providerId: string;
  readonly locationId?: string;
  readonly start: number;
  readonly end: number;
  readonly status: string;
  /** The booking intent that took it (our extension), if any. */
  readonly bookingKey?: string;
  /** The pending Appointment whose `$hold` keeps it (`busy-tentative`), if any. */
  readonly heldBy?: string;
  readonly resource: Resource;
}

export function readSlot(
  r: Resource,
  scheduleOwner: ReadonlyMap<string, {providerId: string; locationId?: string}>,
): FhirSlot | undefined {
  const scheduleId = /(?:^|\/)Schedule\/([^/]+)$/.exec(
    (r.schedule as {reference?: string})?.reference ?? '',
  )?.[1];
  const owner = scheduleId ? scheduleOwner.get(scheduleId) : undefined;
  if (!owner) return undefined;
  let start: number;
  let end: number;
  try {
    start = parseInstant(r.start as string);
    end = parseInstant(r.end as string);
  } catch {
    return undefined;
  }
  const key = r.extension?.find((e) => e.url === EXT.bookingKey)?.valueString;
  const heldBy = r.extension?.find((e) => e.url === EXT.heldBy)?.valueString?.replace(/^Appointment\//, '');
  return {
    id: r.id as string,
    ...(r.meta?.versionId ? {version: r.meta.versionId} : {}),
    providerId: owner.providerId,
    ...(owner.locationId ? {locationId: owner.locationId} : {}),
    start,
    end,
    status: String(r.status),
    ...(key ? {bookingKey: key} : {}),
    ...(heldBy ? {heldBy} : {}),
    resource: r,
  };
}

/**
 * The rules' clinic data with each provider's working time replaced by their free runs: on every
 * clinic date from `fromDate` to `toDate` a provider works exactly when consecutive free slots
 * (same location) say so.
 */
export function withFreeTime(
  data: ClinicData,
  free: readonly FhirSlot[],
  providerIds: readonly string[],
  fromDate: PlainDate,
  toDate: PlainDate,
): ClinicData {
  const tz = data.clinic.timeZone;
  const byProvider = new Map<string, Record<string, WorkingInterval[]>>();
  for (const id of providerIds) {
    const days: Record<string, WorkingInterval[]> = {};
    for (let d = fromDate; d <= toDate; d = addDays(d, 1)) days[d] = [];
    byProvider.set(id, days);
  }
  const sorted = [...free].sort((a, b) =>
    a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.start - b.start,
  );
  let run: {providerId: string; locationId?: string; start: number; end: number} | undefined;
  const flush = () => {
    if (!run) return;
    const days = byProvider.get(run.providerId);
    if (days) addRun(days, run, tz);
    run = undefined;
  };
  for (const s of sorted) {
    // Touching or overlapping (a server's `$find` answers overlap): one run.
    if (run && run.providerId === s.providerId && run.locationId === s.locationId && s.start <= run.end) {
      run.end = Math.max(run.end, s.end);
      continue;
    }
    flush();
    run = {
      providerId: s.providerId,
      ...(s.locationId ? {locationId: s.locationId} : {}),
      start: s.start,
      end: s.end,
    };
  }
  flush();
  const schedules: ProviderSchedule[] = data.schedules.map((sch) => {
    const days = byProvider.get(sch.providerId);
    return days
      ? {providerId: sch.providerId, weekly: {}, exceptions: days}
      : {providerId: sch.providerId, weekly: {}};
  });
  return {...data, schedules};
}

/** A run of free time as working intervals, split at the clinic's midnights. */
function addRun(
  days: Record<string, WorkingInterval[]>,
  run: {locationId?: string; start: number; end: number},
  tz: string,
): void {
  let from = run.start;
  while (from < run.end) {
    const z = instantToZoned(from, tz);
    const endZ = instantToZoned(run.end, tz);
    const sameDay = endZ.date === z.date;
    const endTime = (sameDay ? endZ.time : '24:00') as WallTime;
    const list = days[z.date] ?? (days[z.date] = []);
    if (endTime > z.time)
      list.push({start: z.time, end: endTime, ...(run.locationId ? {locationId: run.locationId} : {})});
    if (sameDay) break;
    // Continue from the next clinic midnight.
    let next = from + 60_000;
    while (instantToZoned(next, tz).date === z.date && next < run.end) next += 15 * 60_000;
    while (instantToZoned(next - 60_000, tz).date !== z.date) next -= 60_000;
    from = next;
  }
}
