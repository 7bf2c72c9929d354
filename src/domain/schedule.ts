/**
 * Clinic schedules: the input of the availability computation, shared by the demo clinic and the
 * reference server. Wall-clock times are in the clinic's zone; instants are RFC 3339.
 */
import type {Instant, PlainDate, TimeZoneName, VisitMode, WallTime} from './types.js';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WorkingInterval {
  /** Start, wall time in the clinic's zone, e.g. `09:00`. */
  readonly start: WallTime;
  /** End (exclusive), wall time, e.g. `14:00`. Must be after start on the same day. */
  readonly end: WallTime;
  readonly locationId?: string;
}

export interface ProviderSchedule {
  readonly providerId: string;
  /** Weekday → working intervals. A missing weekday means no work that day. */
  readonly weekly: Readonly<Partial<Record<IsoWeekday, readonly WorkingInterval[]>>>;
  /** Per-date replacements: an empty list is a day off, a list replaces that day's intervals. */
  readonly exceptions?: Readonly<Record<PlainDate, readonly WorkingInterval[]>>;
}

/** A time a provider is not free (a booking, a hold, a block). */
export interface BusyInterval {
  readonly providerId: string;
  readonly start: Instant;
  readonly end: Instant;
}

export interface AvailabilityInput {
  readonly timeZone: TimeZoneName;
  /** Range to search: slots starting at or after `from` and before `to`. */
  readonly from: Instant;
  readonly to: Instant;
  /** Server time now: no slot starts before `now + minNoticeMinutes`, nor after `now + horizonDays`. */
  readonly now: Instant;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  /** Slot starts are this many minutes apart, counted from each working interval's start. */
  readonly stepMinutes: number;
  /** Free time kept after each busy interval and each slot (cleaning, notes). */
  readonly bufferMinutes: number;
  /** Clinic-wide closures (holidays): no slots on these dates in the clinic's zone. */
  readonly closures?: readonly PlainDate[];
  readonly providers: readonly {
    readonly schedule: ProviderSchedule;
    /** Length of the visit with this provider (sum of the services' durations with this provider). */
    readonly durationMinutes: number;
  }[];
  readonly busy: readonly BusyInterval[];
  readonly serviceIds: readonly string[];
  readonly mode: VisitMode;
}

/** One computed free slot (the adapter gives it an id). */
export interface ComputedSlot {
  readonly providerId: string;
  readonly start: Instant;
  readonly end: Instant;
  readonly locationId?: string;
}
