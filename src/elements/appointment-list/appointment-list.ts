import {html, nothing, type TemplateResult} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';
import {msg, str} from '@lit/localize';
import {isAbortError} from '../../adapters/adapter.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationReason,
  PlainDate,
  ReminderTokenInfo,
  VideoJoin,
  VisitItem,
} from '../../domain/types.js';
import {summarizeAppointment} from '../../domain/types.js';
import {addDays, parseInstant, toInstantString, wallTimeToInstant} from '../../domain/time.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {ClinicSetupController} from '../base/portal-element.js';
import {OnlineController} from '../base/portal-element.js';
import {PortalAppointmentEvent} from '../../events.js';
import {errorMessage} from '../../localization/error-messages.js';
import {
  formatDateTime,
  formatMoney,
  formatTime,
  parsePlainDate,
  pickText,
} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import type {AppointmentDialog, AppointmentDialogMode} from './appointment-dialog.js';
import {
  appointmentDate,
  appointmentSummary,
  appointmentTime,
  itemKindLabel,
  itemStateLabel,
  placeText,
  serviceNames,
  statusBadge,
  statusLabel,
} from './appointment-parts.js';
import {styles} from './appointment-list.styles.js';
import {safeJoinUrl} from '../../telehealth/join-links.js';
import {dropFragmentParam, fragmentParam} from '../../localization/link-fragment.js';

/** The reminder email's link: `#portal-reminder=<token>` (a fragment never reaches any server). */
export const REMINDER_FRAGMENT_KEY = 'portal-reminder';

/** Above this many appointments on screen the list is virtualized (the virtualizer loads then). */
const VIRTUALIZE_ABOVE = 60;

type View = 'upcoming' | 'past';

const UPCOMING_STATUSES: readonly AppointmentStatus[] = ['pending', 'booked', 'confirmed'];
const ALL_STATUSES: readonly AppointmentStatus[] = [
  'pending',
  'booked',
  'confirmed',
  'fulfilled',
  'cancelled',
  'no-show',
];

interface Filters {
  readonly status: AppointmentStatus | '';
  readonly from: PlainDate | '';
  readonly to: PlainDate | '';
}

const NO_FILTERS: Filters = {status: '', from: '', to: ''};

/** A reminder link being completed. */
type LinkState =
  | {readonly kind: 'loading'; readonly token: string}
  | {readonly kind: 'ready'; readonly token: string; readonly info: ReminderTokenInfo}
  | {readonly kind: 'working'; readonly token: string; readonly info: ReminderTokenInfo}
  | {readonly kind: 'done'; readonly action: 'confirm' | 'cancel'}
  | {
      readonly kind: 'failed';
      readonly token: string;
      readonly error: unknown;
      readonly info?: ReminderTokenInfo;
    };

type VirtualizeFn = (config: {
  items: readonly Appointment[];
  renderItem: (a: Appointment) => TemplateResult;
  keyFunction: (a: Appointment) => string;
}) => unknown;

/** Which connected list took each reminder token (two lists on a page never act on one link). */
const claimedTokens = new Map<string, object>();

/**
 * The signed-in patient's appointments: upcoming and past, each with its service, provider, date
 * and time in the clinic's time zone (named), place or "video visit", and status in words and
 * icon. Patients confirm attendance, cancel (Continue / Keep appointment → reason → Cancel
 * appointment, with the late-cancellation fee shown first), reschedule to another real time with
 * the booking widget's slot picker (the backend moves it in one step), add upcoming visits to
 * their calendar and join video visits. Questionnaires, consents and instructions attached to a
 * visit are listed with their state. Only the actions the backend allows are offered.
 *
 * **Reminder links.** A reminder email's "Confirm attendance" / "Cancel the appointment" link opens
 * the clinic's page with `#portal-reminder=<token>`. The element reads the token from the fragment
 * (it never reaches a server, analytics or a Referer), shows that appointment, asks the patient to
 * confirm the one action — without signing in where the backend allows it for the token — and then
 * removes the token from the address bar. A host that routes differently sets `reminderToken`.
 *
 * **Long histories.** Filters by status and date range go to the backend; pages load on "Show
 * more"; beyond 60 appointments on screen the list is virtualized, so 10,000 stay fast.
 *
 * Signed out, it asks the patient to sign in (and fires `portal-sign-in-requested`, which
 * `<patient-login>` on the same page answers).
 *
 * @summary The patient's upcoming and past appointments, with confirm, cancel, reschedule, calendar and join.
 * @csspart header - The title bar.
 * @csspart tabs - The Upcoming / Past tabs.
 * @csspart filters - The status and date filters (shown by the "Filters" button).
 * @csspart filters-button - The "Filters" button that shows them.
 * @csspart list - The list of appointments.
 * @csspart appointment - One appointment.
 * @csspart status - An appointment's status badge (also `status-confirmed`, `status-cancelled`…).
 * @csspart confirm-button - "Confirm attendance".
 * @csspart cancel-button - "Cancel the appointment".
 * @csspart reschedule-button - "Reschedule".
 * @csspart join-link - "Join video visit" (or "Check your devices and join", with `join-href`).
 * @csspart more-button - "Show more".
 * @csspart link-panel - The reminder-link panel.
 * @csspart notice - The confirmation shown after a cancellation.
 * @csspart tab - The Upcoming and Past tabs (each).
 * @csspart clear-filters - "Clear filters".
 * @csspart sign-in-prompt - The signed-out prompt.
 * @csspart sign-in-button - Its "Sign in" link or button.
 * @csspart dialog - The cancel / reschedule dialog box.
 * @csspart summary - The appointment summary in the dialog and the link panel.
 * @csspart late-fee - The late-cancellation notice.
 * @csspart dialog-button - Every button in the dialog (also `dialog-continue-button`, `dialog-keep-button`, `dialog-cancel-button`, `dialog-confirm-button`, `dialog-back-button`).
 * @csspart dialog-error - An error in the dialog.
 * @csspart calendar - An appointment's "Add to calendar" group (also `calendar-button`, `ics-button`, `google-link`).
 * @csspart button - Every button.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons, tabs and booked appointments.
 * @cssprop --portal-color-success - Confirmed and completed appointments.
 * @cssprop --portal-color-danger - Cancelled and missed appointments.
 * @cssprop --portal-color-surface - Background.
 * @fires {PortalAppointmentEvent} portal-confirmed - The backend confirmed attendance (appointment summary: ids, times, status).
 * @fires {PortalBeforeEvent} portal-before-cancel - Cancelable, before a cancellation is sent (`appointmentId`).
 * @fires {PortalAppointmentEvent} portal-cancelled - The backend cancelled the appointment (appointment summary).
 * @fires {PortalBeforeEvent} portal-before-reschedule - Cancelable, before a new time is sent (`appointmentId`, `start`).
 * @fires {PortalSlotSelectedEvent} portal-slot-selected - The patient picked a new time while rescheduling (`slot`).
 * @fires {PortalAppointmentEvent} portal-rescheduled - The backend moved the appointment (appointment summary).
 * @fires {PortalCalendarAddedEvent} portal-calendar-added - The patient added a visit to a calendar (`appointmentId`, `kind`).
 * @fires {PortalSignInRequestedEvent} portal-sign-in-requested - Signed out, the patient chose "Sign in" (cancelable).
 * @fires {PortalErrorEvent} portal-error - An operation failed (error code and operation).
 * @tagname appointment-list
 */
export class AppointmentList extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  /** A waitlist offer's link token (`#portal-offer=<token>`, #21), opened by `<portal-waitlist>`. */
  @state() private offerToken = '';
  private listController?: AbortController;
  private linkController?: AbortController;
  private loadSeq = 0;
  private virtualizerLoad?: Promise<void>;
  /** Where focus goes back when the dialog closes. */
  private returnFocus?: {id: string; part: string};
  private readonly clinicSetup = new ClinicSetupController(this, {
    adapter: () => this.readyAdapter,
    onReady: ({caps}) => {
      // Only for labelling past cancellations; the list works without them.
      if (caps.cancel)
        this.readyAdapter?.getCancellationReasons({signal: this.connectedSignal}).then(
          (r) => (this.reasons = r),
          () => undefined,
        );
    },
    onError: (e) => this.fail(e, 'getClinic'),
  });
  private readonly network = new OnlineController(this, (online, was) => {
    if (!was && online && this.sessionState.status === 'signed-in') void this.loadList();
  });
  private readonly onHashChange = () => this.readFragment();
  private readonly onBooked = () => {
    if (this.sessionState.status === 'signed-in') void this.loadList();
  };

  @query('appointment-dialog, portal-appointment-dialog') private dialogElement!: AppointmentDialog | null;

  @state() private reasons: readonly CancellationReason[] = [];
  @state() private items: readonly Appointment[] = [];
  @state() private loaded = false;
  @state() private loading = false;
  @state() private loadingMore = false;
  @state() private listError?: unknown;
  @state() private nextCursor?: string;
  @state() private total?: number;
  @state() private filters: Filters = NO_FILTERS;
  @state() private filtersOpen = false;
  @state() private busyId?: string;
  @state() private actionError?: {readonly id: string; readonly error: unknown};
  @state() private notice?: string;
  @state() private joins: ReadonlyMap<string, VideoJoin> = new Map();
  @state() private dialog?: {
    readonly mode: AppointmentDialogMode;
    readonly appointment: Appointment;
    readonly token?: string;
  };
  @state() private link?: LinkState;
  @state() private virtualize?: VirtualizeFn;

  /** Which tab shows first: `upcoming` (default) or `past`. */
  @property({reflect: true}) view: View = 'upcoming';

  /** How many appointments each page asks the backend for. */
  @property({attribute: 'page-size', type: Number}) pageSize = 20;

  /** Where "Book an appointment" leads when the list is empty (the clinic's booking page). */
  @property({attribute: 'book-href'}) bookHref?: string;

  /**
   * The page (or `#anchor`) with the clinic's `<telehealth-join>`: upcoming video visits then link
   * there ("Check your devices and join") instead of opening the call directly.
   */
  @property({attribute: 'join-href'}) joinHref?: string;

  /** The clinic's sign-in page, linked from the signed-out prompt (without it, a `<patient-login>` on the page is used). */
  @property({attribute: 'sign-in-href'}) signInHref?: string;

  /**
   * A reminder link's token, for hosts that route without the `#portal-reminder=` fragment. When
   * unset, the element reads the fragment.
   */
  @property({attribute: false}) reminderToken?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    document.addEventListener('portal-booked', this.onBooked);
    this.readFragment();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    document.removeEventListener('portal-booked', this.onBooked);
    for (const [token, owner] of claimedTokens) if (owner === this) claimedTokens.delete(token);
    this.listController?.abort();
    this.linkController?.abort();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    // Signed in (now, or already when the element met its backend), the clinic known, and
    // nothing loaded yet.
    if (
      this.setup &&
      this.sessionState.status === 'signed-in' &&
      !this.loaded &&
      !this.loading &&
      this.listError === undefined
    )
      void this.loadList();
    if (changed.has('reminderToken') && this.reminderToken) this.startLink(this.reminderToken);
    if ((changed.has('view') || changed.has('pageSize')) && this.hasUpdated) {
      this.filters =
        this.view === 'upcoming' ? {...this.filters, status: this.upcomingStatus()} : this.filters;
      this.reload();
    }
  }

  protected override backendChanged(): void {
    this.clearPatientData();
    if (this.backendState.status !== 'ready') return;
    if (this.link && this.link.kind !== 'done') this.startLink(this.linkToken ?? '');
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    const now = this.sessionState.status;
    if (now !== 'signed-in') {
      // Sign-out or expiry: nothing about the patient stays in the DOM (QUALITY 12).
      if (previous.status === 'signed-in') {
        this.clearPatientData();
        this.dialogElement?.close();
      }
      return;
    }
    // Signed in: willUpdate loads the list.
  }

  // ------------------------------------------------------------------------------------------
  // Loading

  private clearPatientData() {
    this.listController?.abort();
    this.items = [];
    this.loaded = false;
    this.loading = false;
    this.listError = undefined;
    this.nextCursor = undefined;
    this.total = undefined;
    this.notice = undefined;
    this.joins = new Map();
    this.busyId = undefined;
    this.actionError = undefined;
    this.dialog = undefined;
    if (this.link?.kind === 'done') this.link = undefined;
  }

  private get setup() {
    return this.clinicSetup.value;
  }

  private get offline(): boolean {
    return !this.network.online;
  }

  private get serverNow(): number {
    return this.clinicSetup.serverNow;
  }

  private upcomingStatus(): AppointmentStatus | '' {
    return UPCOMING_STATUSES.includes(this.filters.status as AppointmentStatus) ? this.filters.status : '';
  }

  /** The backend query for the view and filters (dates as the clinic's days). */
  private query(cursor?: string) {
    const zone = this.setup?.clinic.timeZone ?? 'UTC';
    const dayStart = (d: PlainDate) => {
      const ms = wallTimeToInstant(d, '00:00' as never, zone) ?? parseInstant(`${d}T00:00:00Z`);
      return toInstantString(ms);
    };
    const {status, from, to} = this.filters;
    return {
      when: this.view,
      limit: this.pageSize > 0 ? Math.floor(this.pageSize) : 20,
      ...(status ? {statuses: [status]} : {}),
      ...(from ? {from: dayStart(from)} : {}),
      ...(to ? {to: dayStart(addDays(to, 1))} : {}),
      ...(cursor ? {cursor} : {}),
    } as const;
  }

  private async loadList(): Promise<void> {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.sessionState.status !== 'signed-in') return;
    this.listController?.abort();
    const controller = new AbortController();
    this.listController = controller;
    const signal = controller.signal;
    const seq = ++this.loadSeq;
    this.loading = true;
    this.loadingMore = false;
    this.listError = undefined;
    try {
      if (!this.setup) return;
      // A page that may need the virtualizer fetches it alongside the appointments.
      const virtualizer = this.pageSize > VIRTUALIZE_ABOVE ? this.loadVirtualizer() : undefined;
      const page = await adapter.listAppointments(this.query(), {signal});
      if (page.items.length > VIRTUALIZE_ABOVE) await (virtualizer ?? this.loadVirtualizer());
      if (seq !== this.loadSeq) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.total = page.total;
      this.loaded = true;
      this.afterItems(page.items);
    } catch (e) {
      if (isAbortError(e) || seq !== this.loadSeq) return;
      this.listError = e;
      this.fail(e, 'listAppointments');
    } finally {
      if (seq === this.loadSeq) this.loading = false;
    }
  }

  private async loadMore(): Promise<void> {
    const adapter = this.resolvedAdapter;
    const cursor = this.nextCursor;
    if (!adapter || !cursor || this.loadingMore) return;
    const controller = new AbortController();
    this.listController = controller;
    const seq = this.loadSeq;
    this.loadingMore = true;
    this.listError = undefined;
    try {
      const page = await adapter.listAppointments(this.query(cursor), {signal: controller.signal});
      if (seq !== this.loadSeq) return;
      const known = new Set(this.items.map((a) => a.id));
      const fresh = page.items.filter((a) => !known.has(a.id));
      if (this.items.length + fresh.length > VIRTUALIZE_ABOVE) await this.loadVirtualizer();
      if (seq !== this.loadSeq) return;
      this.items = [...this.items, ...fresh];
      this.nextCursor = page.nextCursor;
      this.total = page.total ?? this.total;
      this.afterItems(fresh);
      this.announce(msg(str`${fresh.length} more appointments shown.`, {id: 'apts-more-shown'}));
    } catch (e) {
      if (isAbortError(e) || seq !== this.loadSeq) return;
      this.listError = e;
      this.fail(e, 'listAppointments', true);
    } finally {
      if (seq === this.loadSeq) this.loadingMore = false;
    }
  }

  /**
   * Loads the virtualizer and its flow layout together (one round trip, not two), once per element;
   * a failure leaves the plain list, which then shows its first rows only.
   */
  private loadVirtualizer(): Promise<void> {
    return (this.virtualizerLoad ??= Promise.all([
      import('@lit-labs/virtualizer/virtualize.js'),
      import('@lit-labs/virtualizer/layouts/flow.js'),
    ]).then(
      ([v, f]) => {
        const layout = f.flow();
        const virtualize = v.virtualize as unknown as (c: object) => unknown;
        this.virtualize = (config) => virtualize({...config, layout});
      },
      () => {
        this.virtualizerLoad = undefined;
      },
    ));
  }

  /** Loads the parts the new rows need: calendar buttons and join links. */
  private afterItems(fresh: readonly Appointment[]) {
    if (fresh.some((a) => a.actions.addToCalendar)) void import('../../define/portal-add-to-calendar.js');
    const adapter = this.resolvedAdapter;
    if (!adapter || !this.setup?.caps.telehealth) return;
    for (const a of fresh) {
      if (a.mode !== 'video' || !a.actions.join) continue;
      adapter.getVideoJoin(a.id, {signal: this.connectedSignal}).then(
        (j) => (this.joins = new Map(this.joins).set(a.id, j)),
        () => undefined,
      );
    }
  }

  private fail(e: unknown, operation: string, announce = false) {
    this.reportError(e, operation, announce);
  }

  // ------------------------------------------------------------------------------------------
  // Tabs and filters

  private selectView(view: View, focus = false) {
    if (this.view === view) return;
    this.view = view;
    this.notice = undefined;
    if (focus) void this.updateComplete.then(() => this.tab(view)?.focus());
  }

  private tab(view: View): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#tab-${view}`);
  }

  private onTabKey(e: KeyboardEvent) {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) {
      e.preventDefault();
      const next: View =
        e.key === 'Home'
          ? 'upcoming'
          : e.key === 'End'
            ? 'past'
            : this.view === 'upcoming'
              ? 'past'
              : 'upcoming';
      this.selectView(next, true);
    }
  }

  /** Loads the list afresh for a new tab or filters: the old rows go, "Loading…" shows meanwhile. */
  private reload() {
    this.items = [];
    this.loaded = false;
    this.nextCursor = undefined;
    this.total = undefined;
    void this.loadList();
  }

  private setFilter(patch: Partial<Filters>) {
    this.filters = {...this.filters, ...patch};
    this.filtersOpen = true;
    this.reload();
  }

  private clearFilters() {
    this.filters = NO_FILTERS;
    this.reload();
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('#filter-status')?.focus(),
    );
  }

  private get filtered(): boolean {
    const f = this.filters;
    return f.status !== '' || f.from !== '' || f.to !== '';
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  /** Whether an appointment belongs under Upcoming (the backend's rule: active and not over). */
  private isUpcoming(a: Appointment): boolean {
    return UPCOMING_STATUSES.includes(a.status) && parseInstant(a.end) > this.serverNow;
  }

  /** Puts a changed appointment in its place: updated and re-sorted, or gone to the other tab. */
  private replace(updated: Appointment) {
    const list = this.items.map((a) => (a.id === updated.id ? updated : a));
    if ((this.view === 'upcoming') !== this.isUpcoming(updated)) {
      this.items = list.filter((a) => a.id !== updated.id);
      if (this.total !== undefined) this.total = Math.max(0, this.total - 1);
      return;
    }
    const dir = this.view === 'past' ? -1 : 1;
    this.items = [...list].sort((a, b) => dir * (parseInstant(a.start) - parseInstant(b.start)));
  }

  private async confirmAttendance(a: Appointment) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.busyId) return;
    this.busyId = a.id;
    this.actionError = undefined;
    try {
      const done = await adapter.confirmAppointment(a.id, {signal: this.connectedSignal});
      this.replace(done);
      this.dispatchEvent(new PortalAppointmentEvent('portal-confirmed', summarizeAppointment(done)));
      this.announce(
        msg(str`Attendance confirmed for ${formatDateTime(done.start, this.locale, this.zone)}`, {
          id: 'apts-confirmed-announce',
        }),
      );
      this.focusCard(done.id);
    } catch (e) {
      this.actionError = {id: a.id, error: e};
      this.fail(e, 'confirmAppointment', true);
    } finally {
      this.busyId = undefined;
    }
  }

  private async openDialog(mode: AppointmentDialogMode, appointment: Appointment, token?: string) {
    await import('../../define/portal-appointment-dialog.js');
    this.returnFocus = {id: appointment.id, part: `${mode}-button`};
    this.dialog = {mode, appointment, ...(token !== undefined ? {token} : {})};
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('portal-appointment-dialog') as AppointmentDialog | null;
    await dialog?.updateComplete;
    await dialog?.open();
  }

  private onChanged(e: Event) {
    const {appointment, change} = e as Event & {
      appointment: Appointment;
      change: 'cancelled' | 'rescheduled';
    };
    const when = formatDateTime(appointment.start, this.locale, this.zone);
    if (this.link && this.link.kind !== 'done' && this.dialog?.token !== undefined) {
      this.finishLink('cancel');
      return;
    }
    this.replace(appointment);
    if (change === 'cancelled') {
      this.notice =
        this.view === 'upcoming'
          ? msg(str`Your appointment on ${when} was cancelled. You’ll find it under “Past”.`, {
              id: 'apts-cancelled-notice',
            })
          : msg(str`Your appointment on ${when} was cancelled.`, {id: 'apts-cancelled-notice-past'});
      this.returnFocus = {id: '', part: 'notice'};
    } else {
      this.announce(msg(str`Your appointment was moved to ${when}`, {id: 'apts-rescheduled-announce'}));
      this.returnFocus = {id: appointment.id, part: 'heading'};
    }
  }

  private onDialogClosed() {
    const target = this.returnFocus;
    this.dialog = undefined;
    this.returnFocus = undefined;
    void this.updateComplete.then(() => {
      if (!target) return;
      if (target.part === 'notice') {
        this.renderRoot.querySelector<HTMLElement>('.change-notice')?.focus();
      } else if (target.part === 'link') {
        this.renderRoot.querySelector<HTMLElement>('.link-panel h3')?.focus();
      } else if (target.part === 'heading') {
        this.focusCard(target.id);
      } else {
        const button = this.cardElement(target.id)?.querySelector<HTMLElement>(
          `[data-action="${target.part}"]`,
        );
        if (button) button.focus();
        else this.focusCard(target.id);
      }
    });
  }

  private cardElement(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"]`);
  }

  private focusCard(id: string) {
    void this.updateComplete.then(() => {
      const card = this.cardElement(id);
      card?.querySelector<HTMLElement>('h3')?.focus();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Reminder links

  private get linkToken(): string | undefined {
    const l = this.link;
    return l && l.kind !== 'done' ? l.token : undefined;
  }

  private readFragment() {
    this.offerToken = fragmentParam('portal-offer') ?? this.offerToken;
    if (this.reminderToken) return;
    const token = fragmentParam(REMINDER_FRAGMENT_KEY);
    if (token) this.startLink(token);
  }

  private startLink(token: string) {
    if (!token) return;
    if (this.linkToken !== token) {
      const owner = claimedTokens.get(token);
      if (owner && owner !== this) return;
      claimedTokens.set(token, this);
    }
    this.link = {kind: 'loading', token};
    if (this.backendState.status !== 'ready') return;
    void this.resolveLink(token);
  }

  private async resolveLink(token: string) {
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    this.linkController?.abort();
    const controller = new AbortController();
    this.linkController = controller;
    try {
      const info = await adapter.resolveReminderToken(token, {signal: controller.signal});
      this.link = {kind: 'ready', token, info};
      if (info.action === 'cancel') void import('../../define/portal-appointment-dialog.js');
    } catch (e) {
      if (isAbortError(e)) return;
      this.link = {kind: 'failed', token, error: e};
      this.fail(e, 'resolveReminderToken');
      // An unusable token has no reason to stay in the address bar.
      this.removeTokenFromAddress();
    }
    void this.updateComplete.then(() => {
      const heading = this.renderRoot.querySelector<HTMLElement>('.link-panel h3');
      heading?.scrollIntoView({block: 'nearest'});
      heading?.focus();
    });
  }

  private async confirmByLink() {
    const adapter = this.resolvedAdapter;
    const l = this.link;
    if (!adapter || l?.kind !== 'ready') return;
    this.link = {kind: 'working', token: l.token, info: l.info};
    try {
      const done = await adapter.applyReminderAction({token: l.token}, {signal: this.connectedSignal});
      this.dispatchEvent(new PortalAppointmentEvent('portal-confirmed', summarizeAppointment(done)));
      this.finishLink('confirm');
    } catch (e) {
      this.link = {kind: 'failed', token: l.token, error: e, info: l.info};
      this.fail(e, 'applyReminderAction', true);
    }
  }

  private finishLink(action: 'confirm' | 'cancel') {
    this.link = {kind: 'done', action};
    this.removeTokenFromAddress();
    this.returnFocus = {id: '', part: 'link'};
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('.link-panel h3')?.focus(),
    );
    if (this.sessionState.status === 'signed-in') void this.loadList();
  }

  private dismissLink() {
    this.link = undefined;
    this.removeTokenFromAddress();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  }

  /** Takes `#portal-reminder=…` out of the address bar (the rest of the URL stays). */
  private removeTokenFromAddress() {
    dropFragmentParam(REMINDER_FRAGMENT_KEY);
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private get zone(): string {
    return this.setup?.clinic.timeZone ?? 'UTC';
  }

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2 tabindex="-1">${msg('Your appointments', {id: 'apts-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private renderLinkPanel() {
    const l = this.link;
    if (!l) return nothing;
    const clinic = this.setup?.clinic;
    if (l.kind === 'loading') {
      return html`<section class="link-panel" part="link-panel" aria-labelledby="link-title">
        <h3 id="link-title" tabindex="-1">${msg('Your reminder', {id: 'apts-link-title'})}</h3>
        <p role="status">${msg('Opening your reminder link…', {id: 'apts-link-loading'})}</p>
      </section>`;
    }
    if (l.kind === 'done') {
      return html`<section class="link-panel" part="link-panel" aria-labelledby="link-title">
        <h3 id="link-title" tabindex="-1">
          ${
            l.action === 'confirm'
              ? msg('Thank you — your attendance is confirmed.', {id: 'apts-link-confirmed'})
              : msg('Your appointment has been cancelled.', {id: 'apts-link-cancelled'})
          }
        </h3>
        <p>${msg('The clinic has been told. You can close this page.', {id: 'apts-link-done-detail'})}</p>
        <div class="actions">
          <button type="button" part="button" @click=${() => (this.link = undefined)}>
            ${msg('Close', {id: 'apts-link-close'})}
          </button>
        </div>
      </section>`;
    }
    const info = 'info' in l ? l.info : undefined;
    if (l.kind === 'failed' && !info) {
      return html`<section class="link-panel" part="link-panel" aria-labelledby="link-title">
        <h3 id="link-title" tabindex="-1">
          ${msg('This link can’t be used', {id: 'apts-link-invalid-title'})}
        </h3>
        <p>${errorMessage(l.error)}</p>
        ${
          this.sessionState.status !== 'signed-in'
            ? html`<p>
                ${msg('Sign in to see and manage your appointments.', {id: 'apts-link-sign-in-instead'})}
              </p>`
            : nothing
        }
        <div class="actions">
          <button type="button" part="button" @click=${() => this.dismissLink()}>
            ${msg('Close', {id: 'apts-link-close'})}
          </button>
        </div>
      </section>`;
    }
    if (!info) return nothing;
    const a = info.appointment;
    const working = l.kind === 'working';
    const signInFirst = !info.withoutSignIn && this.sessionState.status !== 'signed-in';
    const confirm = info.action === 'confirm';
    return html`<section class="link-panel" part="link-panel" aria-labelledby="link-title">
      <h3 id="link-title" tabindex="-1">
        ${
          confirm
            ? msg('Confirm your attendance', {id: 'apts-link-confirm-title'})
            : msg('Cancel the appointment', {id: 'apts-link-cancel-title'})
        }
      </h3>
      ${appointmentSummary(a, this.locale, this.zone, clinic)}
      ${
        l.kind === 'failed'
          ? html`<div class="notice error" role="alert"><p>${errorMessage(l.error)}</p></div>`
          : nothing
      }
      ${
        signInFirst
          ? html`<p>${msg('Please sign in to continue.', {id: 'error-not-signed-in'})}</p>`
          : nothing
      }
      <div class="actions">
        ${
          confirm
            ? html`<button
                type="button"
                class="primary"
                part="button confirm-button"
                ?disabled=${working || signInFirst || this.offline}
                @click=${() => void this.confirmByLink()}
              >
                ${
                  working
                    ? msg('Confirming…', {id: 'apts-confirming'})
                    : msg('Confirm attendance', {id: 'apts-confirm'})
                }
              </button>`
            : html`<button
                type="button"
                class="primary"
                part="button cancel-button"
                ?disabled=${signInFirst || this.offline || !this.setup}
                @click=${() => void this.openDialog('cancel', a, l.token)}
              >
                ${msg('Cancel the appointment', {id: 'apts-cancel'})}
              </button>`
        }
        <button type="button" part="button" ?disabled=${working} @click=${() => this.dismissLink()}>
          ${confirm ? msg('Not now', {id: 'apts-link-not-now'}) : msg('Keep appointment', {id: 'apt-keep'})}
        </button>
      </div>
    </section>`;
  }

  private renderTabs() {
    const tab = (view: View, label: string) =>
      html`<button
        type="button"
        role="tab"
        id="tab-${view}"
        aria-selected=${this.view === view ? 'true' : 'false'}
        aria-controls="panel"
        tabindex=${this.view === view ? 0 : -1}
        part="button tab"
        @click=${() => this.selectView(view)}
        @keydown=${(e: KeyboardEvent) => this.onTabKey(e)}
      >
        ${label}
      </button>`;
    return html`<div
      class="tabs"
      role="tablist"
      part="tabs"
      aria-label=${msg('Appointments', {id: 'apts-tabs'})}
    >
      ${tab('upcoming', msg('Upcoming', {id: 'apts-upcoming'}))}
      ${tab('past', msg('Past', {id: 'apts-past'}))}
    </div>`;
  }

  /** "Filters": a disclosure, so the status and date fields are built only when asked for. */
  private renderFilters() {
    const open = this.filtersOpen || this.filtered;
    return html`<div class="filter-bar">
        <button
          type="button"
          part="button filters-button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls="filters"
          ?disabled=${this.filtered}
          @click=${() => {
            this.filtersOpen = !this.filtersOpen;
            if (this.filtersOpen)
              void this.updateComplete.then(() =>
                this.renderRoot.querySelector<HTMLElement>('#filter-status')?.focus(),
              );
          }}
        >
          ${msg('Filters', {id: 'apts-filters'})}
        </button>
      </div>
      ${open ? this.renderFilterFields() : nothing}`;
  }

  private renderFilterFields() {
    const statuses = this.view === 'upcoming' ? UPCOMING_STATUSES : ALL_STATUSES;
    const f = this.filters;
    // Our own date entry (the locale's order and format, "any date" and empty allowed), in its own chunk.
    void import('../../define/portal-date-input.js');
    const date = (e: Event) => parsePlainDate((e.target as HTMLInputElement).value) ?? '';
    return html`<div
      class="filters"
      id="filters"
      part="filters"
      role="group"
      aria-label=${msg('Filters', {id: 'apts-filters'})}
    >
      <label for="filter-status"
        >${msg('Status', {id: 'apts-filter-status'})}
        <select
          id="filter-status"
          @change=${(e: Event) =>
            this.setFilter({status: (e.target as HTMLSelectElement).value as AppointmentStatus | ''})}
        >
          <option value="" ?selected=${f.status === ''}>${msg('All', {id: 'apts-filter-all'})}</option>
          ${statuses.map((s) => html`<option value=${s} ?selected=${f.status === s}>${statusLabel(s)}</option>`)}
        </select></label
      >
      <portal-date-input
        id="filter-from"
        any-date
        label=${msg('From', {id: 'apts-filter-from'})}
        .value=${f.from}
        @change=${(e: Event) => this.setFilter({from: date(e)})}
      ></portal-date-input>
      <portal-date-input
        id="filter-to"
        any-date
        label=${msg('To', {id: 'apts-filter-to'})}
        .value=${f.to}
        @change=${(e: Event) => this.setFilter({to: date(e)})}
      ></portal-date-input>
      ${
        this.filtered
          ? html`<button type="button" part="button clear-filters" @click=${() => this.clearFilters()}>
              ${msg('Clear filters', {id: 'apts-clear-filters'})}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderItems(a: Appointment) {
    const before = a.items.filter((i) => i.phase === 'before');
    const after = a.items.filter((i) => i.phase === 'after');
    const clinic = this.setup?.clinic;
    const list = (items: readonly VisitItem[]) =>
      html`<ul>
        ${items.map(
          (i) =>
            html`<li>
              <span>${itemKindLabel(i)}: ${pickText(i.title, this.locale, clinic?.languages)}</span> —
              <span class="item-state ${i.state}">${itemStateLabel(i)}</span>
              ${
                i.body
                  ? html`<p class="item-body">${pickText(i.body, this.locale, clinic?.languages)}</p>`
                  : nothing
              }
            </li>`,
        )}
      </ul>`;
    return html`${
      before.length > 0
        ? html`<div class="items">
            <h4>${msg('Before your visit', {id: 'apts-before-visit'})}</h4>
            ${list(before)}
          </div>`
        : nothing
    }
    ${
      after.length > 0
        ? html`<div class="items">
            <h4>${msg('After your visit', {id: 'apts-after-visit'})}</h4>
            ${list(after)}
          </div>`
        : nothing
    }`;
  }

  private renderCancellation(a: Appointment) {
    const c = a.cancellation;
    if (!c) return nothing;
    const reason = this.reasons.find((r) => r.id === c.reasonId);
    const at = formatDateTime(c.at, this.locale, this.zone, 'long');
    return html`<p class="cancellation">
      <span
        >${
          c.by === 'clinic'
            ? msg(str`Cancelled by the clinic on ${at}`, {id: 'apts-cancelled-by-clinic'})
            : msg(str`You cancelled it on ${at}`, {id: 'apts-cancelled-by-you'})
        }</span
      >
      ${
        reason
          ? html`<span
              >${msg(str`Reason: ${pickText(reason.label, this.locale, this.setup?.clinic.languages)}`, {
                id: 'apts-cancel-reason',
              })}</span
            >`
          : nothing
      }
      ${
        c.fee
          ? html`<span
              >${msg(str`Late-cancellation fee: ${formatMoney(c.fee, this.locale)}`, {id: 'apts-cancel-fee'})}</span
            >`
          : nothing
      }
    </p>`;
  }

  private renderJoin(a: Appointment) {
    if (a.mode !== 'video' || !this.setup?.caps.telehealth) return nothing;
    if (this.joinHref && a.video && ['booked', 'confirmed', 'pending'].includes(a.status)) {
      return html`<a
        class="button ${a.actions.join ? 'primary' : ''}"
        part="button join-link"
        href=${this.joinHref}
        >${msg('Check your devices and join', {id: 'apts-join-prepare'})}</a
      >`;
    }
    const join = this.joins.get(a.id);
    // Only https links on the clinic's allow-listed hosts are ever opened (QUALITY 19).
    const url = safeJoinUrl(join?.webUrl ?? join?.appUrl, this.setup.clinic.telehealth);
    if (a.actions.join && join && (join.webUrl ?? join.appUrl) && !url) {
      return html`<p class="notice error" part="join-refused">
        ${msg('This video link can’t be opened safely. Please call the clinic.', {id: 'apts-join-refused'})}
      </p>`;
    }
    if (a.actions.join && url) {
      return html`<a
        class="button primary"
        part="button join-link"
        href=${url}
        target="_blank"
        rel="noopener noreferrer"
        >${msg('Join video visit', {id: 'apts-join'})}</a
      >`;
    }
    if (!a.actions.join && a.video && ['booked', 'confirmed', 'pending'].includes(a.status)) {
      const opens = a.video.opensAt;
      if (parseInstant(opens) > this.serverNow) {
        return html`<p class="join-later">
          ${msg(str`The video room opens at ${formatTime(opens, this.locale, this.zone)}`, {
            id: 'apts-join-later',
          })}
        </p>`;
      }
    }
    return nothing;
  }

  private renderActions(a: Appointment) {
    const caps = this.setup?.caps;
    const busy = this.busyId === a.id;
    const off = this.offline || this.busyId !== undefined;
    const error = this.actionError?.id === a.id ? this.actionError.error : undefined;
    const buttons: TemplateResult[] = [];
    if (a.actions.confirm && caps?.confirm !== false) {
      buttons.push(
        html`<button
          type="button"
          class="primary"
          data-action="confirm-button"
          part="button confirm-button"
          ?disabled=${off}
          @click=${() => void this.confirmAttendance(a)}
        >
          ${busy ? msg('Confirming…', {id: 'apts-confirming'}) : msg('Confirm attendance', {id: 'apts-confirm'})}
        </button>`,
      );
    }
    if (a.actions.reschedule && caps?.reschedule !== false) {
      buttons.push(
        html`<button
          type="button"
          data-action="reschedule-button"
          part="button reschedule-button"
          ?disabled=${off}
          @click=${() => void this.openDialog('reschedule', a)}
        >
          ${msg('Reschedule', {id: 'apts-reschedule'})}
        </button>`,
      );
    }
    if (a.actions.cancel && caps?.cancel !== false) {
      buttons.push(
        html`<button
          type="button"
          data-action="cancel-button"
          part="button cancel-button"
          ?disabled=${off}
          @click=${() => void this.openDialog('cancel', a)}
        >
          ${msg('Cancel the appointment', {id: 'apts-cancel'})}
        </button>`,
      );
    }
    const join = this.renderJoin(a);
    const calendar = a.actions.addToCalendar
      ? html`<portal-add-to-calendar
          color-scheme=${this.colorScheme ?? nothing}
          exportparts="base: calendar, button: calendar-button, ics-button, google-link"
          .adapter=${this.resolvedAdapter}
          .appointment=${a}
          .clinic=${this.setup?.clinic}
        ></portal-add-to-calendar>`
      : nothing;
    if (buttons.length === 0 && join === nothing && calendar === nothing && !error) return nothing;
    return html`${error ? html`<p class="notice error">${errorMessage(error)}</p>` : nothing}
      <div class="card-actions">${join} ${buttons} ${calendar}</div>`;
  }

  private renderCard(a: Appointment) {
    const clinic = this.setup?.clinic;
    const place = placeText(a, this.locale, clinic);
    const headingId = `apt-${a.id}`;
    return html`<article
      class="status-${a.status}"
      part="appointment"
      data-id=${a.id}
      aria-labelledby=${headingId}
    >
      <div class="card-head">
        <div class="when">
          <h3 id=${headingId} tabindex="-1">${appointmentDate(a, this.locale, this.zone)}</h3>
          <p>${appointmentTime(a, this.locale, this.zone)}</p>
        </div>
        ${statusBadge(a.status)}
      </div>
      <dl class="facts">
        <dt>${msg('Service', {id: 'apts-service'})}</dt>
        <dd>${serviceNames(a, this.locale, clinic)}</dd>
        <dt>${msg('Provider', {id: 'apts-provider'})}</dt>
        <dd>${a.providerName}</dd>
        ${
          place
            ? html`<dt>${msg('Where', {id: 'apts-where'})}</dt>
                <dd>${place}</dd>`
            : nothing
        }
      </dl>
      ${this.renderCancellation(a)} ${this.renderItems(a)} ${this.renderActions(a)}
    </article>`;
  }

  private renderList() {
    if (!this.loaded && this.listError === undefined) {
      return html`<p class="notice" role="status">
        ${msg('Loading your appointments…', {id: 'apts-loading'})}
      </p>`;
    }
    if (this.listError !== undefined && !this.loaded) {
      return html`<div class="notice error" role="alert">
        <p>${errorMessage(this.listError)}</p>
        <div class="actions">
          <button type="button" part="button" @click=${() => void this.loadList()}>
            ${msg('Try again', {id: 'apts-retry'})}
          </button>
        </div>
      </div>`;
    }
    if (this.items.length === 0) {
      if (this.filtered) {
        return html`<p class="notice">
          ${msg('No appointments match these filters.', {id: 'apts-empty-filtered'})}
        </p>`;
      }
      return html`<div class="notice">
        <p>
          ${
            this.view === 'upcoming'
              ? msg('You have no upcoming appointments.', {id: 'apts-empty-upcoming'})
              : msg('You have no past appointments yet.', {id: 'apts-empty-past'})
          }
        </p>
        ${
          this.view === 'upcoming' && this.bookHref
            ? html`<p><a href=${this.bookHref}>${msg('Book an appointment', {id: 'apts-book'})}</a></p>`
            : nothing
        }
      </div>`;
    }
    const key = (a: Appointment) => a.id;
    const item = (a: Appointment) => html`<li>${this.renderCard(a)}</li>`;
    const virtual = this.virtualize && this.items.length > VIRTUALIZE_ABOVE;
    const list = virtual
      ? html`<ul class="list virtual" part="list">
          ${this.virtualize!({items: this.items, renderItem: item, keyFunction: key})}
        </ul>`
      : html`<ul class="list plain" part="list">
          ${repeat(
            // Without the virtualizer (its chunk failed to load), a long list shows its first rows only.
            this.items.length > VIRTUALIZE_ABOVE ? this.items.slice(0, VIRTUALIZE_ABOVE) : this.items,
            key,
            item,
          )}
        </ul>`;
    const shown = this.items.length;
    const total = this.total!;
    const one = (n: number) => new Intl.PluralRules(this.locale).select(n) === 'one';
    return html`${list}
      <div class="more">
        ${
          this.total !== undefined
            ? html`<p class="count">
                ${
                  // Plural rules by Intl: the verb follows the number shown, the noun the total (es).
                  one(total)
                    ? msg(str`Showing ${shown} of ${total} appointment.`, {id: 'apts-count-one'})
                    : one(shown)
                      ? msg(str`Showing ${shown} of ${total} appointments.`, {id: 'apts-count-shown-one'})
                      : msg(str`Showing ${shown} of ${total} appointments.`, {id: 'apts-count'})
                }
              </p>`
            : nothing
        }
        ${
          this.nextCursor
            ? html`<button
                type="button"
                part="button more-button"
                ?disabled=${this.loadingMore}
                @click=${() => void this.loadMore()}
              >
                ${
                  this.loadingMore
                    ? msg('Loading…', {id: 'apt-loading'})
                    : msg('Show more', {id: 'apts-more'})
                }
              </button>`
            : nothing
        }
        ${
          this.listError !== undefined && this.loaded
            ? html`<p class="notice error">${errorMessage(this.listError)}</p>`
            : nothing
        }
      </div>`;
  }

  private renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    return html`<portal-appointment-dialog
      color-scheme=${this.colorScheme ?? nothing}
      exportparts="dialog, summary, late-fee, button: dialog-button, continue-button: dialog-continue-button, keep-button: dialog-keep-button, cancel-button: dialog-cancel-button, confirm-button: dialog-confirm-button, back-button: dialog-back-button, error: dialog-error"
      .adapter=${this.resolvedAdapter}
      .appointment=${d.appointment}
      .clinic=${this.setup?.clinic}
      .mode=${d.mode}
      .token=${d.token}
      .serverNow=${this.serverNow}
      @appointment-changed=${(e: Event) => this.onChanged(e)}
      @appointment-dialog-closed=${() => this.onDialogClosed()}
    ></portal-appointment-dialog>`;
  }

  private renderSignInPrompt() {
    return this.renderSignInRequest(
      msg('Please sign in to see your appointments.', {id: 'apts-sign-in'}),
      this.signInHref,
    );
  }

  private renderSignedIn() {
    return html`${this.renderSessionWarning()}
      ${
        this.offline
          ? html`<p class="notice warning" role="status">
              ${msg(
                'You’re offline. Your appointments are shown as last loaded; changes wait until you’re back online.',
                {
                  id: 'apts-offline',
                },
              )}
            </p>`
          : nothing
      }
      ${
        this.notice
          ? html`<p class="notice success change-notice" tabindex="-1" part="notice">${this.notice}</p>`
          : nothing
      }
      ${this.renderTabs()}
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.view}">
        ${this.renderFilters()} ${this.renderList()}
      </div>`;
  }

  override render() {
    const backend = this.backendState.status;
    if (backend === 'unavailable') return html`${this.renderHeader()}${this.renderUnavailable()}`;
    if (backend === 'none') {
      return html`${this.renderHeader()}
        <p class="notice">${msg('Appointments aren’t set up on this page.', {id: 'apts-no-backend'})}</p>`;
    }
    const session = this.sessionState.status;
    let body: unknown;
    if (backend === 'loading' || session === 'unknown') {
      body = html`<p class="notice" role="status">${msg('Loading…', {id: 'apt-loading'})}</p>`;
    } else if (this.clinicSetup.error !== undefined) {
      body = html`<div class="notice error" role="alert">
        <p>${errorMessage(this.clinicSetup.error)}</p>
        <div class="actions">
          <button type="button" part="button" @click=${() => this.clinicSetup.retry()}>
            ${msg('Try again', {id: 'apts-retry'})}
          </button>
        </div>
      </div>`;
    } else if (session !== 'signed-in') {
      body = this.renderSignInPrompt();
    } else {
      body = this.renderSignedIn();
    }
    // The waitlist's piece (its entries, an offer's link): loaded when it has something to show.
    const waitlist = this.setup?.caps.waitlist && (this.offerToken || session === 'signed-in');
    if (waitlist) void import('../../define/portal-waitlist.js');
    return html`${this.renderHeader()} ${this.renderLinkPanel()}
    ${
      waitlist && this.offerToken
        ? html`<portal-waitlist
            mode="offer"
            exportparts="button"
            .adapter=${this.resolvedAdapter}
            .clinic=${this.setup?.clinic}
            .token=${this.offerToken}
          ></portal-waitlist>`
        : nothing
    }
    ${body}
    ${
      waitlist && session === 'signed-in'
        ? html`<portal-waitlist
            exportparts="button"
            .adapter=${this.resolvedAdapter}
            .clinic=${this.setup?.clinic}
          ></portal-waitlist>`
        : nothing
    }
    ${this.renderDialog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'appointment-list': AppointmentList;
  }
}
