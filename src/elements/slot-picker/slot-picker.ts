import {html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {Task, TaskStatus, initialState} from '@lit/task';
import {isAbortError, type Availability, type PortalAdapter} from '../../adapters/adapter.js';
import type {Instant, PlainDate, Slot} from '../../domain/types.js';
import {
  DAY_MS,
  MINUTE_MS,
  addDays,
  epochDayToPlainDate,
  isoWeekday,
  parseInstant,
  plainDateToEpochDay,
  toInstantString,
  zoneClock,
} from '../../domain/time.js';
import {
  formatDateTime,
  formatPlainDate,
  formatTime,
  isAmbiguousWallTime,
  offsetLabel,
  patientTimeZone,
  slotAccessibleName,
  timeZoneLabel,
  toPlainDate,
} from '../../localization/format.js';
import {errorMessage} from '../../localization/error-messages.js';
import {PortalElement} from '../base/portal-element.js';
import {elementStyles, tokens} from '../../styles/tokens.js';
import {styles} from './slot-picker.styles.js';

/**
 * Fired when the patient picks a time. Carries the {@link Slot} as the backend sent it (a slot has
 * ids and times only, never patient data), so the host can hold or book it.
 */
export class PortalSlotSelectedEvent extends Event {
  static readonly type = 'portal-slot-selected';
  constructor(readonly slot: Slot) {
    super(PortalSlotSelectedEvent.type, {bubbles: true, composed: true});
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (pure). A month is `YYYY-MM`; days are PlainDates or epoch days.

type Month = `${number}-${number}`;

const monthOf = (date: PlainDate): Month => date.slice(0, 7) as Month;
const firstOf = (month: Month): PlainDate => `${month}-01` as PlainDate;

function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}` as Month;
}

function daysIn(month: Month): number {
  return plainDateToEpochDay(firstOf(addMonths(month, 1))) - plainDateToEpochDay(firstOf(month));
}

/** The same day of the month `n` months away, clamped to that month's length (31 Jan + 1 → 28 Feb). */
function shiftMonths(date: PlainDate, n: number): PlainDate {
  const month = addMonths(monthOf(date), n);
  const day = Math.min(Number(date.slice(8, 10)), daysIn(month));
  return `${month}-${String(day).padStart(2, '0')}` as PlainDate;
}

/** The instant (ms) a zone's calendar day starts (the first instant after a gap at midnight). */
function dayStartMs(epochDay: number, timeZone: string): number {
  return zoneClock(timeZone).resolveWall(epochDay * DAY_MS, 'earlier');
}

const weekStartCache = new Map<string, number>();

/**
 * The first day of the week for a locale, as an ISO weekday (1 = Monday, 7 = Sunday), from
 * `Intl.Locale#getWeekInfo()` (or the older `weekInfo` accessor); where neither exists, Sunday for
 * the regions that start weeks on Sunday in CLDR and for a bare `en`, Monday elsewhere.
 */
export function weekStartFor(locale: string): number {
  let start = weekStartCache.get(locale);
  if (start !== undefined) return start;
  try {
    const l = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => {firstDay: number};
      weekInfo?: {firstDay: number};
    };
    start = l.getWeekInfo?.().firstDay ?? l.weekInfo?.firstDay;
    if (start === undefined) {
      const region = l.maximize().region ?? '';
      start = SUNDAY_REGIONS.has(region) ? 7 : 1;
    }
  } catch {
    start = 1;
  }
  weekStartCache.set(locale, start);
  return start;
}

/** CLDR's Sunday-first regions among those our clinics and patients come from (fallback only). */
const SUNDAY_REGIONS = new Set([
  'US',
  'CA',
  'MX',
  'BR',
  'GT',
  'HN',
  'SV',
  'NI',
  'PA',
  'DO',
  'PR',
  'CO',
  'VE',
]);

// Formatters format.ts does not offer (month titles and weekday names), cached per locale.
const calendarFormats = new Map<string, Intl.DateTimeFormat>();
function calendarFormat(locale: string, kind: 'month' | 'short' | 'long'): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`;
  let f = calendarFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'month' ? {month: 'long', year: 'numeric'} : {weekday: kind};
    f = new Intl.DateTimeFormat(locale, {...options, timeZone: 'UTC'});
    calendarFormats.set(key, f);
  }
  return f;
}

const canonicalZones = new Map<string, string>();
/** The IANA zone's canonical id (`US/Eastern` → `America/New_York`); an unknown zone stays as is. */
function canonicalZone(zone: string): string {
  let id = canonicalZones.get(zone);
  if (id === undefined) {
    try {
      id = new Intl.DateTimeFormat('en', {timeZone: zone}).resolvedOptions().timeZone;
    } catch {
      id = zone;
    }
    canonicalZones.set(zone, id);
  }
  return id;
}

let browserZoneId: string | undefined;
/** The browser's zone, read once per page (each read builds an Intl.DateTimeFormat). */
function browserZone(): string {
  return (browserZoneId ??= patientTimeZone());
}

const dayNames = new Map<string, string>();
/** "Tuesday, March 3": a grid cell's name, cached (the grid renders each day on every update). */
function dayName(date: PlainDate, locale: string): string {
  const key = `${locale}|${date}`;
  let name = dayNames.get(key);
  if (name === undefined) {
    name = formatPlainDate(date, locale, 'day');
    dayNames.set(key, name);
  }
  return name;
}

const listFormats = new Map<string, Intl.ListFormat>();
function listOf(items: readonly string[], locale: string): string {
  let f = listFormats.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, {type: 'conjunction', style: 'long'});
    listFormats.set(locale, f);
  }
  return f.format(items);
}

// ---------------------------------------------------------------------------------------------
// Slots by day

interface TimedSlot {
  readonly slot: Slot;
  readonly ms: number;
}

/** The free slots of one availability answer, by calendar day in one zone (built in one pass). */
interface DayIndex {
  readonly zone: string;
  /** Epoch day → that day's slots, in time order. */
  readonly byDay: ReadonlyMap<number, readonly TimedSlot[]>;
  /** Days with slots, ascending. */
  readonly days: readonly number[];
  /** Every free slot, in time order. */
  readonly all: readonly TimedSlot[];
}

function indexSlots(
  slots: readonly Slot[],
  zone: string,
  nowMs: number,
  exclude: ReadonlySet<string>,
): DayIndex {
  const clock = zoneClock(zone);
  const byDay = new Map<number, TimedSlot[]>();
  const all: TimedSlot[] = [];
  let sorted = true;
  let last = -Infinity;
  // The zone is asked once per day, not once per slot: slots come (mostly) in time order.
  let dayStart = Infinity;
  let dayEnd = -Infinity;
  let list: TimedSlot[] = [];
  for (const slot of slots) {
    if (exclude.has(slot.id)) continue;
    const ms = parseInstant(slot.start);
    // QUALITY 28: nothing that has already started by the server's clock.
    if (ms <= nowMs) continue;
    if (ms < last) sorted = false;
    last = ms;
    const entry = {slot, ms};
    all.push(entry);
    if (!(ms >= dayStart && ms < dayEnd)) {
      const day = clock.epochDayAt(ms);
      dayStart = dayStartMs(day, zone);
      dayEnd = dayStartMs(day + 1, zone);
      const existing = byDay.get(day);
      if (existing) list = existing;
      else byDay.set(day, (list = []));
    }
    list.push(entry);
  }
  if (!sorted) {
    const byTime = (a: TimedSlot, b: TimedSlot) => a.ms - b.ms;
    all.sort(byTime);
    for (const list of byDay.values()) list.sort(byTime);
  }
  return {zone, byDay, days: [...byDay.keys()].sort((a, b) => a - b), all};
}

/** What one run of the availability task produced. */
interface MonthAvailability {
  readonly month: Month;
  readonly availability: Availability;
}

interface ClinicInfo {
  readonly timeZone: string;
  readonly horizonDays: number;
}

/** The clinic's zone and booking horizon, once per adapter (a backend's clinic does not change). */
const clinicInfos = new WeakMap<PortalAdapter, ClinicInfo>();

type Period = 'morning' | 'afternoon' | 'evening';

const eveningStarts = new Map<string, number>();
/**
 * The minute of the day evening starts, by the language's own convention (CLDR's day periods,
 * through Intl): 6 p.m. in English, 8 p.m. in Spanish ("de la tarde" runs to 20:00 in Mexico and
 * Spain). Noon to then is the afternoon.
 */
function eveningStart(locale: string): number {
  let start = eveningStarts.get(locale);
  if (start === undefined) {
    const f = new Intl.DateTimeFormat(locale, {dayPeriod: 'long', timeZone: 'UTC'});
    const at = (h: number) => f.format(Date.UTC(2000, 0, 1, h));
    let h = 14;
    while (h < 24 && at(h) === at(13)) h++;
    eveningStarts.set(locale, (start = h * 60));
  }
  return start;
}

const chevron = (direction: 'previous' | 'next') =>
  html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d=${direction === 'previous' ? 'M15 5l-7 7 7 7' : 'M9 5l7 7-7 7'}></path>
  </svg>`;

/**
 * Lets a patient choose a day and a time from a clinic's real availability: a month calendar in the
 * clinic's time zone (or, at the patient's choice, their own), then that day's free times grouped
 * into morning, afternoon and evening. Used inside `<booking-widget>` and by `<appointment-list>`
 * to reschedule; it books nothing itself — it fires `portal-slot-selected` with the chosen slot.
 *
 * The calendar is an ARIA grid (WAI-ARIA APG date-picker pattern): arrow keys move a day or a week,
 * Home/End to the start/end of the week, PageUp/PageDown a month (with Shift, a year), Enter or
 * Space chooses the day. Days without free times stay focusable with `aria-disabled="true"`, so
 * arrow keys move through the month predictably. Each month's availability is fetched once through
 * `@lit/task`; moving to another month (or changing the service or provider) aborts the request in
 * flight. "Already started" and "today" follow `serverNow`, the backend's clock, not the device's.
 *
 * @summary Choose a day and a time from real availability.
 * @csspart zone - The line naming the time zone times are shown in, with the zone switch.
 * @csspart zone-switch - The two buttons that show times in the clinic's or the patient's zone.
 * @csspart zone-button - Each of those two buttons.
 * @csspart calendar - The calendar: month bar, grid, legend and "Next available day".
 * @csspart month-title - The month and year above the grid.
 * @csspart nav-button - The previous and next month buttons (also `previous-month`, `next-month`).
 * @csspart grid - The month grid (a table with `role="grid"`).
 * @csspart day - Every day cell; available days also have `day-available`, the chosen one `day-selected`, today `day-today`.
 * @csspart next-available-button - The "Next available day" button.
 * @csspart panel - The chosen day's times, or the loading, empty and error messages.
 * @csspart status - Loading and "choose a day" messages.
 * @csspart error - The error message with its Retry button.
 * @csspart retry-button - The Retry button.
 * @csspart time - Every time button; the chosen one also has `time-selected`.
 * @csspart alternatives - The "nearest free times" box shown after a slot conflict.
 * @cssprop --portal-color-accent - Available days, the chosen day and time.
 * @cssprop --portal-color-surface - Background.
 * @cssprop --portal-color-text-muted - Weekday names, days without times, group labels.
 * @cssprop --portal-color-focus - Focus ring of days and buttons.
 * @cssprop --portal-radius - Corner radius of days and buttons.
 * @cssprop --portal-slot-picker-day-size - Height of a day cell (default 2.75rem; keep ≥ 1.5rem).
 * @cssprop --portal-slot-picker-available-surface - Background of days that have free times.
 * @fires {PortalSlotSelectedEvent} portal-slot-selected - When the patient picks a time; `event.slot` is the Slot.
 * @tagname portal-slot-picker
 */
export class SlotPicker extends PortalElement {
  static override styles = [tokens, elementStyles, styles];

  /** Results by month for the current adapter, services and provider (cleared by `refresh()`). */
  private readonly cache = new Map<string, Availability>();
  private indexMemo?: {source: Availability; key: string; index: DayIndex};
  private serverNowAt = 0;
  private loadingTimer?: ReturnType<typeof setTimeout>;
  private searchAbort?: AbortController;
  /** No `startDate` or `selected` was given: the first load moves on to the first month with times. */
  private autoAdvance = false;
  private announcedNear?: string;
  private focusAfterUpdate = false;
  /**
   * Whether the calendar may be drawn without availability. Not on the very first update: when the
   * answer arrives within the same frame (cached, or a fast backend), the grid is drawn once, with
   * its days, rather than once empty and again; otherwise it appears, loading, on the next frame.
   */
  private loadingGridAllowed = false;
  /** The clinic's zone and horizon once known (not reactive: the availability answer re-renders). */
  private clinic?: ClinicInfo;
  private todayMemo?: {key: string; day: PlainDate};

  @state() private month?: Month;
  /** The day with tabindex 0 in the grid (roving tabindex). */
  @state() private activeDay?: PlainDate;
  /** The day whose times are shown. */
  @state() private chosenDay?: PlainDate;
  @state() private searching = false;
  @state() private searchExhausted = false;
  @state() private searchError?: unknown;
  @state() private refreshCount = 0;

  /** Services of the visit (one provider does them all, back to back). */
  @property({attribute: false}) serviceIds: string[] = [];

  /** A provider's id, or `any` for the first available provider. */
  @property({attribute: 'provider-id'}) providerId = 'any';

  /** Only times at this clinic location (its id); unset: every location. */
  @property({attribute: 'location-id'}) locationId?: string;

  /** The clinic's IANA time zone (by default, the backend's). Days and times are shown in it. */
  @property({attribute: 'time-zone'}) timeZone = '';

  /**
   * The backend's clock (epoch ms) when it was read: "today" and "already started" follow it, moving
   * on with the device's clock from the moment it is set (default: the device's clock).
   */
  @property({attribute: 'server-now', type: Number}) serverNow?: number;

  /** The month to open on (`YYYY-MM-DD`; its day gets the focus). Default: the first day with times. */
  @property({attribute: 'start-date'}) startDate?: PlainDate;

  /** The chosen slot, shown pressed (setting it opens its day). */
  @property({attribute: false}) selected?: Slot;

  /** Slots not to offer (a reschedule hides the appointment's current slot). */
  @property({attribute: false}) excludeSlotIds: string[] = [];

  /**
   * After a slot-taken conflict: the taken slot's start. The picker opens its day and shows (and
   * announces) the three free times closest to it.
   */
  @property({attribute: 'highlight-near'}) highlightNear?: Instant;

  /** One column and tighter spacing, for a sidebar. */
  @property({type: Boolean, reflect: true}) compact = false;

  /**
   * The patient's own zone, offered by the zone switch. Unset: the browser's zone
   * (`patientTimeZone()`), read when first needed rather than when the element is created.
   */
  @property({attribute: 'patient-zone'}) patientZone?: string;

  /**
   * Which zone days and times are shown in: the clinic's (default) or the patient's own. The zone
   * switch sets it; a host may set it to keep the patient's choice (e.g. from booking to reschedule).
   */
  @property({attribute: 'zone-view'}) zoneView: 'clinic' | 'patient' = 'clinic';

  private readonly availability = new Task(this, {
    args: () =>
      [
        this.resolvedAdapter,
        this.serviceIds.join('\u0000'),
        this.providerId,
        this.locationId,
        this.month,
        this.timeZone,
        this.ownZone,
        this.highlightNear,
        this.refreshCount,
      ] as const,
    task: async ([adapter, services, , , month], {signal}) => {
      if (!adapter || !services || !month || this.backendState.status !== 'ready') {
        this.stopLoadingAnnouncement();
        return initialState;
      }
      // Said once per stretch of loading, and only if it lasts long enough to notice.
      this.loadingTimer ??= setTimeout(() => {
        this.announce(msg('Loading available times…', {id: 'slot-loading'}));
      }, 400);
      return {month, availability: await this.loadMonth(adapter, month, signal, this.highlightNear)};
    },
    onComplete: (result) => this.loaded(result),
    onError: (error) => {
      this.stopLoadingAnnouncement();
      if (!isAbortError(error)) this.announce(errorMessage(error), 'assertive');
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLoadingAnnouncement();
    this.searchAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('serverNow')) this.serverNowAt = this.clock.now();
    const sourceChanged =
      changed.has('adapter') ||
      changed.has('backend') ||
      (changed.has('serviceIds') && changed.get('serviceIds') !== undefined) ||
      (changed.has('providerId') && changed.get('providerId') !== undefined) ||
      (changed.has('locationId') && this.hasUpdated);
    if (sourceChanged) {
      this.cache.clear();
      this.searchAbort?.abort();
      this.searchExhausted = false;
      this.searchError = undefined;
      if (this.month !== undefined && !this.startDate && !this.selected) this.month = undefined;
    }
    if (changed.has('timeZone') || changed.has('patientZone')) this.cache.clear();
    if (changed.has('selected') && this.selected) {
      this.show(toPlainDate(this.selected.start, this.displayZone), true);
    } else if (changed.has('highlightNear') && this.highlightNear) {
      this.announcedNear = undefined;
      this.show(toPlainDate(this.highlightNear, this.displayZone), true);
    } else if (changed.has('startDate') && this.startDate) {
      this.show(this.startDate, false);
    }
    if (this.month === undefined) {
      const today = this.today;
      this.autoAdvance = true;
      this.month = monthOf(today);
      this.activeDay = today;
    }
  }

  protected override updated(): void {
    const cell = this.focusAfterUpdate ? this.activeCell() : null;
    if (cell) {
      this.focusAfterUpdate = false;
      cell.focus();
    }
    // Each list of times is one Tab stop (roving tabindex, like the month grid): the chosen time,
    // else the one last moved to, else the first.
    for (const list of this.renderRoot.querySelectorAll('[data-roving]')) {
      const times = [...list.querySelectorAll<HTMLElement>('.time')];
      const stop =
        times.find((b) => b.ariaPressed === 'true') ??
        times.find((b) => b.getAttribute('tabindex') === '0') ??
        times[0];
      for (const b of times) b.tabIndex = b === stop ? 0 : -1;
    }
  }

  protected override backendChanged(): void {
    this.cache.clear();
  }

  // -- time and zones

  /** The backend's clock now. */
  private get now(): number {
    const device = this.clock.now();
    return this.serverNow === undefined ? device : this.serverNow + (device - this.serverNowAt);
  }

  /** The patient's zone: `patientZone`, else the browser's. */
  private get ownZone(): string {
    return this.patientZone || browserZone();
  }

  private get clinicZone(): string {
    return this.timeZone || this.clinic?.timeZone || this.ownZone;
  }

  /** Whether the patient's zone differs from the clinic's (the switch is shown only then). */
  private get zonesDiffer(): boolean {
    const clinic = this.clinicZone;
    const own = this.ownZone;
    return clinic !== own && canonicalZone(clinic) !== canonicalZone(own);
  }

  /** The zone days and times are shown in. */
  private get displayZone(): string {
    return this.zoneView === 'patient' && this.zonesDiffer ? this.ownZone : this.clinicZone;
  }

  private get today(): PlainDate {
    const now = this.now;
    const zone = this.displayZone;
    const key = `${zone}|${Math.floor(now / MINUTE_MS)}`;
    if (this.todayMemo?.key !== key) this.todayMemo = {key, day: toPlainDate(new Date(now), zone)};
    return this.todayMemo.day;
  }

  /** The last day patients may book (unknown until the clinic is loaded). */
  private get lastBookableDay(): PlainDate | undefined {
    return this.clinic ? addDays(this.today, this.clinic.horizonDays) : undefined;
  }

  // -- data

  private async clinicInfo(adapter: PortalAdapter, signal: AbortSignal): Promise<ClinicInfo> {
    let info = clinicInfos.get(adapter);
    if (!info) {
      const clinic = await adapter.getClinic({signal});
      info = {timeZone: clinic.timeZone, horizonDays: clinic.booking.horizonDays};
      clinicInfos.set(adapter, info);
    }
    this.clinic = info;
    return info;
  }

  /**
   * The free slots of a month (in both the clinic's and the patient's zone, so the zone switch needs
   * no new request), plus a week either side of `near`. One request per month; cached.
   */
  private async loadMonth(
    adapter: PortalAdapter,
    month: Month,
    signal: AbortSignal,
    near?: Instant,
  ): Promise<Availability> {
    const info = await this.clinicInfo(adapter, signal);
    const key = `${month}|${near ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const zones = [this.timeZone || info.timeZone, this.ownZone];
    const first = plainDateToEpochDay(firstOf(month));
    const next = plainDateToEpochDay(firstOf(addMonths(month, 1)));
    let from = Math.min(...zones.map((z) => dayStartMs(first, z)));
    let to = Math.max(...zones.map((z) => dayStartMs(next, z)));
    if (near) {
      const nearMs = parseInstant(near);
      from = Math.min(from, nearMs - 7 * DAY_MS);
      to = Math.max(to, nearMs + 7 * DAY_MS);
    }
    from = Math.max(from, Math.floor(this.now / MINUTE_MS) * MINUTE_MS);
    let result: Availability;
    if (to <= from) {
      result = {slots: [], timeZone: info.timeZone};
    } else {
      result = await adapter.getAvailability(
        {
          serviceIds: [...this.serviceIds],
          providerId: this.providerId || 'any',
          ...(this.locationId ? {locationId: this.locationId} : {}),
          from: toInstantString(from),
          to: toInstantString(to),
        },
        {signal},
      );
    }
    this.cache.set(key, result);
    return result;
  }

  /** The slots of an answer by day in the zone shown (memoized for the last answer). */
  private indexOf(source: Availability): DayIndex {
    const exclude = this.excludeSlotIds;
    const key = `${this.displayZone}|${Math.floor(this.now / MINUTE_MS)}|${exclude.join('\u0000')}`;
    const memo = this.indexMemo;
    if (memo && memo.source === source && memo.key === key) return memo.index;
    const index = indexSlots(source.slots, this.displayZone, this.now, new Set(exclude));
    this.indexMemo = {source, key, index};
    return index;
  }

  /** The visible month's answer, when it has arrived. */
  private get current(): DayIndex | undefined {
    const value = this.availability.value;
    if (this.availability.status !== TaskStatus.COMPLETE || !value || value.month !== this.month) return;
    return this.indexOf(value.availability);
  }

  private loaded(result: MonthAvailability) {
    this.stopLoadingAnnouncement();
    if (result.month !== this.month) return;
    const index = this.indexOf(result.availability);
    const first = plainDateToEpochDay(firstOf(result.month));
    const last = first + daysIn(result.month) - 1;
    const inMonth = index.days.filter((d) => d >= first && d <= last);
    const auto = this.autoAdvance;
    this.autoAdvance = false;
    if (inMonth.length === 0) {
      if (auto) {
        void this.searchNext(addDays(firstOf(addMonths(result.month, 1)), -1), false);
      } else {
        this.announce(msg('No times this month.', {id: 'slot-empty-month'}));
      }
    } else if (
      !this.gridHasFocus &&
      this.activeDay &&
      !index.byDay.has(plainDateToEpochDay(this.activeDay))
    ) {
      // Tabbing into the grid lands on a day that has times.
      const active = plainDateToEpochDay(this.activeDay);
      this.activeDay = epochDayToPlainDate(inMonth.find((d) => d >= active) ?? inMonth[0]!);
    }
    if (this.highlightNear && this.announcedNear !== this.highlightNear) {
      this.announcedNear = this.highlightNear;
      const near = this.nearest(index);
      const names = near.map((t) => formatDateTime(t.slot.start, this.locale, this.displayZone, 'day'));
      this.announce(
        names.length > 0
          ? msg(str`Nearest free times: ${listOf(names, this.locale)}.`, {id: 'slot-nearest-announce'})
          : msg('There are no free times close to that one.', {id: 'slot-nearest-none'}),
      );
    }
  }

  /** The three free times closest to `highlightNear`, in time order. */
  private nearest(index: DayIndex): TimedSlot[] {
    if (!this.highlightNear) return [];
    const near = parseInstant(this.highlightNear);
    return [...index.all]
      .sort((a, b) => Math.abs(a.ms - near) - Math.abs(b.ms - near) || a.ms - b.ms)
      .slice(0, 3)
      .sort((a, b) => a.ms - b.ms);
  }

  private stopLoadingAnnouncement() {
    clearTimeout(this.loadingTimer);
    this.loadingTimer = undefined;
  }

  // -- navigation

  /** Opens the month of `day`, makes it the active day, and (if `choose`) shows its times. */
  private show(day: PlainDate, choose: boolean) {
    if (this.month !== monthOf(day)) this.searchAbort?.abort();
    this.month = monthOf(day);
    this.activeDay = day;
    if (choose) this.chosenDay = day;
    this.autoAdvance = false;
  }

  private get gridHasFocus(): boolean {
    const focused = this.shadowRoot?.activeElement;
    return focused instanceof HTMLElement && focused.localName === 'td';
  }

  private activeCell(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('td[tabindex="0"]');
  }

  /** Earliest and latest day the grid may move to. */
  private clampDay(day: PlainDate): PlainDate {
    const min = firstOf(monthOf(this.today));
    const lastBookable = this.lastBookableDay;
    const max = lastBookable ? addDays(firstOf(addMonths(monthOf(lastBookable), 1)), -1) : undefined;
    if (day < min) return min;
    if (max && day > max) return max;
    return day;
  }

  private moveTo(day: PlainDate) {
    this.show(this.clampDay(day), false);
    this.focusAfterUpdate = true;
  }

  private goToMonth(delta: number) {
    const from =
      this.activeDay && monthOf(this.activeDay) === this.month ? this.activeDay : firstOf(this.month!);
    this.show(this.clampDay(shiftMonths(from, delta)), false);
  }

  private chooseDay(day: PlainDate) {
    const index = this.current;
    if (!index || !index.byDay.has(plainDateToEpochDay(day))) return;
    this.chosenDay = day;
  }

  /**
   * Finds the first day with times after `after`, month by month up to the booking horizon, then
   * opens it (and, if `choose`, shows its times). Aborted by another search or a month change.
   */
  private async searchNext(after: PlainDate, choose: boolean) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.serviceIds.length === 0) return;
    this.searchAbort?.abort();
    const controller = new AbortController();
    this.searchAbort = controller;
    this.searching = true;
    this.searchExhausted = false;
    this.searchError = undefined;
    try {
      const info = await this.clinicInfo(adapter, controller.signal);
      const limit = addDays(this.today, info.horizonDays);
      const afterDay = plainDateToEpochDay(after);
      for (let month = monthOf(addDays(after, 1)); firstOf(month) <= limit; month = addMonths(month, 1)) {
        const availability = await this.loadMonth(adapter, month, controller.signal);
        if (controller.signal.aborted) return;
        const index = this.indexOf(availability);
        const end = plainDateToEpochDay(firstOf(addMonths(month, 1)));
        const day = index.days.find((d) => d > afterDay && d < end);
        if (day !== undefined) {
          const date = epochDayToPlainDate(day);
          this.searchAbort = undefined;
          this.show(date, choose);
          if (choose) {
            const name = formatPlainDate(date, this.locale, 'day');
            this.announce(msg(str`Next available day: ${name}.`, {id: 'slot-next-found'}));
          }
          return;
        }
      }
      this.searchExhausted = true;
      this.announce(this.exhaustedMessage());
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) return;
      this.searchError = error;
      this.announce(errorMessage(error), 'assertive');
    } finally {
      if (this.searchAbort === controller) this.searchAbort = undefined;
      if (!this.searchAbort) this.searching = false;
    }
  }

  private exhaustedMessage(): string {
    return msg('No more times are available to book online. Please contact the clinic.', {
      id: 'slot-none-in-horizon',
    });
  }

  // -- events

  private readonly onGridClick = (e: MouseEvent) => {
    const cell = (e.target as Element).closest<HTMLElement>('td[data-day]');
    const day = cell?.dataset['day'] as PlainDate | undefined;
    if (!day) return;
    this.activeDay = day;
    this.chooseDay(day);
  };

  private readonly onGridKeydown = (e: KeyboardEvent) => {
    const day = this.activeDay;
    if (!day || e.altKey || e.ctrlKey || e.metaKey) return;
    const weekStart = weekStartFor(this.locale);
    const column = (isoWeekday(day) - weekStart + 7) % 7;
    let next: PlainDate;
    switch (e.key) {
      case 'ArrowLeft':
        next = addDays(day, this.isRtl ? 1 : -1);
        break;
      case 'ArrowRight':
        next = addDays(day, this.isRtl ? -1 : 1);
        break;
      case 'ArrowUp':
        next = addDays(day, -7);
        break;
      case 'ArrowDown':
        next = addDays(day, 7);
        break;
      case 'Home':
        next = addDays(day, -column);
        break;
      case 'End':
        next = addDays(day, 6 - column);
        break;
      case 'PageUp':
        next = shiftMonths(day, e.shiftKey ? -12 : -1);
        break;
      case 'PageDown':
        next = shiftMonths(day, e.shiftKey ? 12 : 1);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.chooseDay(day);
        return;
      default:
        return;
    }
    e.preventDefault();
    this.moveTo(next);
  };

  /** Arrow keys, Home and End move among a list's times; Tab leaves the list. */
  private readonly onTimesKeydown = (e: KeyboardEvent) => {
    const times = [...(e.currentTarget as Element).querySelectorAll<HTMLElement>('.time')];
    const i = times.indexOf(e.target as HTMLElement);
    const back = this.isRtl ? 'ArrowRight' : 'ArrowLeft';
    const k = e.key;
    const j =
      k === 'Home'
        ? 0
        : k === 'End'
          ? times.length - 1
          : k === back || k === 'ArrowUp'
            ? i - 1
            : k.startsWith('Arrow')
              ? i + 1
              : NaN;
    if (i < 0 || Number.isNaN(j) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const next = times[Math.max(0, Math.min(j, times.length - 1))]!;
    for (const b of times) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  };

  private get isRtl(): boolean {
    return getComputedStyle(this).direction === 'rtl';
  }

  private readonly onTimeClick = (e: MouseEvent) => {
    const id = (e.currentTarget as HTMLElement).dataset['slot'];
    const value = this.availability.value;
    const slot = value?.availability.slots.find((s) => s.id === id);
    if (!slot) return;
    this.selected = slot;
    this.chosenDay = toPlainDate(slot.start, this.displayZone);
    this.dispatchEvent(new PortalSlotSelectedEvent(slot));
  };

  private onNextAvailable() {
    if (this.searching) return;
    const month = this.month!;
    const start = firstOf(month) > this.today ? firstOf(month) : this.today;
    const anchor = this.chosenDay && monthOf(this.chosenDay) === month ? this.chosenDay : addDays(start, -1);
    void this.searchNext(anchor, true);
  }

  private setZone(view: 'clinic' | 'patient') {
    if (this.zoneView === view) return;
    const before = this.displayZone;
    this.zoneView = view;
    // A chosen slot's day follows it into the new zone; otherwise the chosen date stays.
    if (this.selected && this.chosenDay === toPlainDate(this.selected.start, before)) {
      this.show(toPlainDate(this.selected.start, this.displayZone), true);
    }
  }

  // -- public

  /** Fetches availability again (e.g. after a slot conflict), dropping what was cached. */
  refresh(): void {
    this.cache.clear();
    this.indexMemo = undefined;
    this.searchAbort?.abort();
    this.searchExhausted = false;
    this.searchError = undefined;
    this.refreshCount++;
  }

  /** Moves focus into the calendar: the chosen day, else the active one. */
  override focus(options?: FocusOptions): void {
    const cell = this.activeCell();
    if (cell) cell.focus(options);
    else this.focusAfterUpdate = true;
  }

  // -- rendering

  private renderZone() {
    const locale = this.locale;
    const at = this.month ? `${firstOf(this.month)}T12:00:00Z` : undefined;
    const shown = timeZoneLabel(this.displayZone, locale, at);
    if (!this.zonesDiffer) {
      return html`<div class="zone" part="zone">
        <p class="zone-line">${msg(str`Times are in ${shown}`, {id: 'slot-zone-line'})}</p>
      </div>`;
    }
    const clinic = timeZoneLabel(this.clinicZone, locale, at);
    const own = timeZoneLabel(this.ownZone, locale, at);
    return html`<div class="zone" part="zone">
      <p class="zone-line">${msg(str`Times are in ${shown}`, {id: 'slot-zone-line'})}</p>
      <div class="zone-switch" part="zone-switch" role="group" aria-labelledby="zone-switch-label">
        <span class="zone-switch-label" id="zone-switch-label"
          >${msg('Show times in:', {id: 'slot-zone-switch-label'})}</span
        >
        <button
          type="button"
          part="zone-button"
          aria-pressed=${this.zoneView === 'patient' ? 'false' : 'true'}
          @click=${() => this.setZone('clinic')}
        >
          ${msg(str`${clinic} (clinic)`, {id: 'slot-zone-clinic'})}
        </button>
        <button
          type="button"
          part="zone-button"
          aria-pressed=${this.zoneView === 'patient' ? 'true' : 'false'}
          @click=${() => this.setZone('patient')}
        >
          ${msg(str`${own} (yours)`, {id: 'slot-zone-patient'})}
        </button>
      </div>
    </div>`;
  }

  private renderGrid(month: Month, index: DayIndex | undefined, busy: boolean) {
    const locale = this.locale;
    const weekStart = weekStartFor(locale);
    const first = plainDateToEpochDay(firstOf(month));
    const count = daysIn(month);
    const lead = (isoWeekday(firstOf(month)) - weekStart + 7) % 7;
    const today = plainDateToEpochDay(this.today);
    const chosen = this.chosenDay ? plainDateToEpochDay(this.chosenDay) : NaN;
    let active = this.activeDay ? plainDateToEpochDay(this.activeDay) : NaN;
    if (!(active >= first && active < first + count)) {
      active = Number.isNaN(chosen) || chosen < first || chosen >= first + count ? first : chosen;
    }
    const short = calendarFormat(locale, 'short');
    const long = calendarFormat(locale, 'long');
    const headers: TemplateResult[] = [];
    for (let i = 0; i < 7; i++) {
      // 2026-01-05 was a Monday (ISO weekday 1).
      const date = Date.UTC(2026, 0, 4 + ((weekStart - 1 + i) % 7) + 1, 12);
      headers.push(
        html`<th scope="col">
          <span class="weekday" aria-hidden="true">${short.format(date)}</span
          ><span class="visually-hidden">${long.format(date)}</span>
        </th>`,
      );
    }
    const rows: TemplateResult[] = [];
    const cells = Math.ceil((lead + count) / 7) * 7;
    let row: TemplateResult[] = [];
    for (let i = 0; i < cells; i++) {
      const dayNumber = i - lead + 1;
      if (dayNumber < 1 || dayNumber > count) {
        row.push(html`<td></td>`);
      } else {
        const epochDay = first + dayNumber - 1;
        const available = index !== undefined && index.byDay.has(epochDay);
        const date = epochDayToPlainDate(epochDay);
        const name = dayName(date, locale);
        const isChosen = epochDay === chosen;
        const isToday = epochDay === today;
        row.push(
          html`<td
            role="gridcell"
            data-day=${date}
            part=${`day${available ? ' day-available' : ''}${isChosen ? ' day-selected' : ''}${isToday ? ' day-today' : ''}`}
            tabindex=${epochDay === active ? '0' : '-1'}
            aria-selected=${isChosen ? 'true' : 'false'}
            aria-disabled=${available ? nothing : 'true'}
            aria-current=${isToday ? 'date' : nothing}
            aria-label=${
              index === undefined
                ? name
                : available
                  ? msg(str`${name}, times available`, {id: 'slot-day-available'})
                  : msg(str`${name}, no times`, {id: 'slot-day-unavailable'})
            }
          >
            ${dayNumber}
          </td>`,
        );
      }
      if (row.length === 7) {
        rows.push(
          html`<tr>
            ${row}
          </tr>`,
        );
        row = [];
      }
    }
    return html`<table
      role="grid"
      part="grid"
      aria-labelledby="month-title"
      aria-busy=${busy ? 'true' : 'false'}
      @click=${this.onGridClick}
      @keydown=${this.onGridKeydown}
    >
      <thead>
        <tr>
          ${headers}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
  }

  private renderCalendar(month: Month, index: DayIndex | undefined) {
    const emptyMonth = index !== undefined && this.isEmpty(month, index);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const title = calendarFormat(this.locale, 'month').format(Date.UTC(y, m - 1, 15, 12));
    const atStart = month <= monthOf(this.today);
    const lastBookable = this.lastBookableDay;
    const atEnd = lastBookable !== undefined && month >= monthOf(lastBookable);
    return html`<div class="calendar" part="calendar">
      <div class="month-bar">
        <button
          type="button"
          class="nav"
          part="nav-button previous-month"
          aria-label=${msg('Previous month', {id: 'slot-previous-month'})}
          aria-disabled=${atStart ? 'true' : 'false'}
          @click=${() => atStart || this.goToMonth(-1)}
        >
          ${chevron('previous')}
        </button>
        <p class="month-title" id="month-title" part="month-title">${title}</p>
        <button
          type="button"
          class="nav"
          part="nav-button next-month"
          aria-label=${msg('Next month', {id: 'slot-next-month'})}
          aria-disabled=${atEnd ? 'true' : 'false'}
          @click=${() => atEnd || this.goToMonth(1)}
        >
          ${chevron('next')}
        </button>
      </div>
      ${this.renderGrid(month, index, this.availability.status === TaskStatus.PENDING || this.searching)}
      <div class="legend">
        <span class="legend-item"
          ><span class="swatch available"></span>${msg('Has free times', {id: 'slot-legend-available'})}</span
        >
        <span class="legend-item"
          ><span class="swatch today"></span>${msg('Today', {id: 'slot-legend-today'})}</span
        >
      </div>
      ${
        this.searchExhausted
          ? nothing
          : html`<button
              type="button"
              class=${emptyMonth ? 'next-available primary' : 'next-available'}
              part="next-available-button"
              aria-disabled=${this.searching ? 'true' : 'false'}
              @click=${this.onNextAvailable}
            >
              ${msg('Next available day', {id: 'slot-next-available'})}
            </button>`
      }
    </div>`;
  }

  /**
   * One time. Its accessible name has the date, time and zone (QUALITY 3); in the repeated hour of a
   * fall-back day the offset follows the time, as it is shown ("1:30 AM GMT−5").
   */
  private renderTimeButton(t: TimedSlot, label: string, offset?: string) {
    const pressed = this.selected?.id === t.slot.id;
    const locale = this.locale;
    const zone = this.displayZone;
    let name: string;
    if (offset) {
      const dateTime = formatDateTime(t.slot.start, locale, zone, 'day');
      const zoneName = timeZoneLabel(zone, locale, t.slot.start);
      name = msg(str`${dateTime} ${offset}, ${zoneName}`, {
        id: 'slot-name-with-offset',
        desc: 'Accessible name of a time in the repeated hour of a fall-back day: date and time, its UTC offset, the zone.',
      });
    } else {
      name = slotAccessibleName(t.slot.start, locale, zone);
    }
    return html`<button
      type="button"
      class="time"
      part=${pressed ? 'time time-selected' : 'time'}
      data-slot=${t.slot.id}
      aria-pressed=${pressed ? 'true' : 'false'}
      aria-label=${name}
      @click=${this.onTimeClick}
    >
      ${offset ? html`<span>${label}</span> <span class="offset">${offset}</span>` : label}
    </button>`;
  }

  private renderDay(index: DayIndex, day: PlainDate) {
    const slots = index.byDay.get(plainDateToEpochDay(day)) ?? [];
    const locale = this.locale;
    const zone = this.displayZone;
    const clock = zoneClock(zone);
    // Only a day whose offset changes can have a repeated (fall-back) hour.
    const uniform = !Number.isNaN(clock.uniformOffset(plainDateToEpochDay(day)));
    let repeated = false;
    const evening = eveningStart(locale);
    const groups: Record<Period, TemplateResult[]> = {morning: [], afternoon: [], evening: []};
    for (const t of slots) {
      const minutes = Math.floor(((t.ms + clock.offsetAt(t.ms) * MINUTE_MS) % DAY_MS) / MINUTE_MS);
      const period: Period = minutes < 720 ? 'morning' : minutes < evening ? 'afternoon' : 'evening';
      const ambiguous = !uniform && isAmbiguousWallTime(t.slot.start, zone);
      if (ambiguous) repeated = true;
      groups[period].push(
        this.renderTimeButton(
          t,
          formatTime(t.slot.start, locale, zone),
          ambiguous ? offsetLabel(t.slot.start, zone, locale) : undefined,
        ),
      );
    }
    const labels: Record<Period, string> = {
      morning: msg('Morning', {id: 'slot-morning'}),
      afternoon: msg('Afternoon', {id: 'slot-afternoon'}),
      evening: msg('Evening', {id: 'slot-evening'}),
    };
    const name = formatPlainDate(day, locale, 'day');
    return html`<p class="panel-title" id="times-title">
        ${msg(str`Times on ${name}`, {id: 'slot-times-on'})}
      </p>
      ${
        repeated
          ? html`<p class="notice warning dst-note">
              ${msg(
                'The clocks go back on this day, so some times happen twice: each one shows its UTC offset.',
                {
                  id: 'slot-dst-note',
                },
              )}
            </p>`
          : nothing
      }
      ${
        slots.length === 0
          ? html`<p class="status" part="status">${msg('No times on this day.', {id: 'slot-empty-day'})}</p>`
          : html`<div
              role="toolbar"
              aria-labelledby="times-title"
              data-roving
              @keydown=${this.onTimesKeydown}
            >
              ${(['morning', 'afternoon', 'evening'] as const).map((period) =>
                groups[period].length === 0
                  ? nothing
                  : html`<div class="group" role="group" aria-labelledby=${`group-${period}`}>
                      <p class="group-label" id=${`group-${period}`}>${labels[period]}</p>
                      <div class="times">${groups[period]}</div>
                    </div>`,
              )}
            </div>`
      }`;
  }

  private renderAlternatives(index: DayIndex) {
    const near = this.nearest(index);
    const locale = this.locale;
    const zone = this.displayZone;
    return html`<div
      class="alternatives notice"
      part="alternatives"
      role="group"
      aria-labelledby="near-title"
    >
      <p class="panel-title" id="near-title">${msg('Nearest free times', {id: 'slot-nearest-title'})}</p>
      ${
        near.length === 0
          ? html`<p>${msg('There are no free times close to that one.', {id: 'slot-nearest-none'})}</p>`
          : html`<div
              class="times"
              role="toolbar"
              aria-labelledby="near-title"
              data-roving
              @keydown=${this.onTimesKeydown}
            >
              ${near.map((t) => this.renderTimeButton(t, formatDateTime(t.slot.start, locale, zone, 'day')))}
            </div>`
      }
    </div>`;
  }

  private renderPanel(month: Month, index: DayIndex | undefined) {
    const task = this.availability;
    const backend = this.backendState.status;
    let body: unknown = nothing;
    if (this.searchError !== undefined) {
      body = this.renderError(this.searchError, () => this.onNextAvailable());
    } else if (task.status === TaskStatus.ERROR && !isAbortError(task.error)) {
      body = this.renderError(task.error, () => this.refresh());
    } else if (this.searching) {
      body = html`<p class="status" part="status">
        <span class="spinner"></span>${msg('Looking for the next available day…', {id: 'slot-searching'})}
      </p>`;
    } else if (!index) {
      body =
        backend === 'loading' || task.status === TaskStatus.PENDING
          ? html`<p class="status" part="status">
              <span class="spinner"></span>${msg('Loading available times…', {id: 'slot-loading'})}
            </p>`
          : nothing;
    } else {
      const empty = this.isEmpty(month, index);
      const chosen = this.chosenDay && monthOf(this.chosenDay) === month ? this.chosenDay : undefined;
      body = html`${this.highlightNear ? this.renderAlternatives(index) : nothing}
      ${
        this.searchExhausted
          ? html`<p class="notice warning">${this.exhaustedMessage()}</p>`
          : empty
            ? html`<p class="notice">${msg('No times this month.', {id: 'slot-empty-month'})}</p>`
            : chosen
              ? this.renderDay(index, chosen)
              : html`<p class="status" part="status">
                  ${msg('Choose a day to see its times.', {id: 'slot-choose-day'})}
                </p>`
      }`;
    }
    return html`<div class="panel" part="panel">${body}</div>`;
  }

  /** Whether the month has no free time at all. */
  private isEmpty(month: Month, index: DayIndex): boolean {
    const first = plainDateToEpochDay(firstOf(month));
    const last = first + daysIn(month) - 1;
    return !index.days.some((d) => d >= first && d <= last);
  }

  private renderError(error: unknown, retry: () => void) {
    // The Retry button goes away with the error: focus moves to the calendar instead of the page.
    const onRetry = () => {
      retry();
      this.activeCell()?.focus();
    };
    return html`<div class="notice error" part="error">
      <p>${errorMessage(error)}</p>
      <button type="button" part="retry-button" @click=${onRetry}>${msg('Retry', {id: 'slot-retry'})}</button>
    </div>`;
  }

  override render() {
    if (this.backendState.status === 'unavailable') return this.renderUnavailable();
    const month = this.month!;
    const index = this.current;
    if (!index && !this.loadingGridAllowed) {
      requestAnimationFrame(() => {
        this.loadingGridAllowed = true;
        this.requestUpdate();
      });
      return nothing;
    }
    this.loadingGridAllowed = true;
    return html`<div
      class="picker"
      role="group"
      aria-label=${msg('Choose a day and time', {id: 'slot-picker-label'})}
    >
      ${this.renderZone()}
      <div class="layout">${this.renderCalendar(month, index)} ${this.renderPanel(month, index)}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-slot-picker': SlotPicker;
  }
  interface HTMLElementEventMap {
    'portal-slot-selected': PortalSlotSelectedEvent;
  }
}
