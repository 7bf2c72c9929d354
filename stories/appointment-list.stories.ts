import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../src/define.js';
// The waitlist's piece, loaded lazily by the list and the booking widget; here on its own too.
import '../src/define/portal-waitlist.js';
import {
  createDemoAdapter,
  DEMO_APPOINTMENT_KEYS,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import {NetworkError, type AppointmentQuery, type WaitlistRequest} from '../src/adapters/adapter.js';
import type {Appointment, Page} from '../src/domain/types.js';
import {DEMO_CARD_CHOICES} from '../src/domain/rules/cards.js';
import {click, pickFirstTime, until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City. The demo patient then
// has a video visit at 10:10 today (its room open), a booked dermatology visit on Wednesday 4 March at 11:00 (with a
// questionnaire to do) and a confirmed nutrition follow-up on Wednesday 11 March at 9:00.
const NOW = Date.UTC(2026, 2, 2, 16, 0);
/** Tuesday 3 March 2026, 15:00 in Mexico City: the dermatology visit is 20 hours away (late fee). */
const DAY_BEFORE_DERMATOLOGY = Date.UTC(2026, 2, 3, 21, 0);
const DAY = 86_400_000;

const meta: Meta = {
  title: 'Elements/appointment-list',
  component: 'appointment-list',
  tags: ['autodocs'],
  // The dialog is internal to the list; documented on its page.
  parameters: {elements: ['appointment-list', 'portal-appointment-dialog', 'portal-waitlist']},
};
export default meta;
type Story = StoryObj;

interface Options {
  /** Default true: the demo patient is signed in (the element restores her session on load). */
  signedIn?: boolean;
  /** The server's clock once the demo data is built (the data is generated from NOW). */
  clock?: number;
  /** Runs after sign-in, before the element appears: change the data, slow or break the backend. */
  prepare?: (adapter: MemoryAdapter) => void | Promise<void>;
  view?: 'upcoming' | 'past';
  pageSize?: number;
  dark?: boolean;
  /** A reminder link's token, as the host would set it (`.reminderToken`). */
  reminder?: (adapter: MemoryAdapter) => string;
}

// A fresh seed (and so fresh link tokens) on every render: the element never acts twice on a link
// token in one page, and Storybook keeps one page while you move between stories.
let renders = 0;

async function demo(options: Options): Promise<MemoryAdapter> {
  let now = NOW;
  const adapter = createDemoAdapter({clock: () => now, seed: `story-${++renders}`});
  now = options.clock ?? NOW;
  if (options.signedIn !== false) {
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  }
  await options.prepare?.(adapter);
  return adapter;
}

/** A story's loader and render: the adapter is ready (and signed in) before the element appears. */
function list(options: Options = {}): Pick<Story, 'loaders' | 'render'> {
  return {
    loaders: [async () => ({adapter: await demo(options)})],
    render: (_args, {loaded}) => {
      const adapter = loaded['adapter'] as MemoryAdapter;
      return html`<appointment-list
        .adapter=${adapter}
        view=${options.view ?? 'upcoming'}
        page-size=${options.pageSize ?? nothing}
        book-href="#book"
        sign-in-href="#sign-in"
        color-scheme=${options.dark ? 'dark' : nothing}
        ?data-keep-scheme=${options.dark}
        .reminderToken=${options.reminder?.(adapter)}
      ></appointment-list>`;
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Backends for the edge states

/** Answers the list only after 10 minutes (the rest of the backend is fast). */
function slowList(adapter: MemoryAdapter) {
  const listAppointments = adapter.listAppointments.bind(adapter);
  adapter.listAppointments = (query, options) =>
    new Promise<Page<Appointment>>((resolve, reject) => {
      const timer = setTimeout(() => resolve(listAppointments(query, options)), 600_000);
      options?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal!.reason);
      });
    });
}

/** Cancels every upcoming appointment of the signed-in patient. */
async function cancelAll(adapter: MemoryAdapter) {
  const {items} = await adapter.listAppointments({when: 'upcoming', limit: 100});
  for (const a of items) {
    await adapter.cancelAppointment({appointmentId: a.id, reasonId: 'schedule-conflict'});
  }
}

/**
 * Years of past visits: the demo patient's past appointments repeated every two weeks back, served
 * in pages (cursor = offset) with the status and date filters applied, as a real backend would.
 */
async function longHistory(adapter: MemoryAdapter, total: number) {
  const samples = (await adapter.listAppointments({when: 'past', limit: 100})).items;
  if (samples.length === 0) return;
  const shift = (instant: string, ms: number) => new Date(Date.parse(instant) - ms).toISOString();
  const history: Appointment[] = [];
  for (let round = 0; history.length < total; round++) {
    for (const a of samples.slice(0, total - history.length)) {
      const back = round * 14 * DAY;
      history.push({
        ...a,
        id: `${a.id}-${round}`,
        start: shift(a.start, back),
        end: shift(a.end, back),
        ...(a.cancellation ? {cancellation: {...a.cancellation, at: shift(a.cancellation.at, back)}} : {}),
      });
    }
  }
  history.sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const listAppointments = adapter.listAppointments.bind(adapter);
  adapter.listAppointments = async (query: AppointmentQuery, options) => {
    if (query.when !== 'past') return listAppointments(query, options);
    const from = query.from ? Date.parse(query.from) : -Infinity;
    const to = query.to ? Date.parse(query.to) : Infinity;
    const matching = history.filter(
      (a) =>
        (!query.statuses || query.statuses.includes(a.status)) &&
        Date.parse(a.start) >= from &&
        Date.parse(a.start) < to,
    );
    const offset = query.cursor ? Number(query.cursor) : 0;
    const next = offset + (query.limit ?? 20);
    return {
      items: matching.slice(offset, next),
      total: matching.length,
      ...(next < matching.length ? {nextCursor: String(next)} : {}),
    };
  };
}

// ------------------------------------------------------------------------------------------------
// Driving the element (button texts in either language: the toolbar switches it)

const CANCEL = /^(Cancel the appointment|Cancelar la cita)$/;
const CONTINUE = /^(Continue|Continuar)$/;
const CANCEL_SUBMIT = /^(Cancel appointment|Cancelar cita)$/;
const RESCHEDULE = /^(Reschedule|Reprogramar)$/;
const CONFIRM = /^(Confirm attendance|Confirmar asistencia)$/;

const host = (canvas: HTMLElement) => canvas.querySelector('appointment-list')!;
const nowhere = () => document.createDocumentFragment();
const root = (canvas: HTMLElement) => () => host(canvas).shadowRoot ?? nowhere();
const dialogHost = (canvas: HTMLElement) => root(canvas)().querySelector('portal-appointment-dialog');
const dialog = (canvas: HTMLElement) => () => dialogHost(canvas)?.shadowRoot ?? nowhere();
const linkPanel = (canvas: HTMLElement) => () =>
  root(canvas)().querySelector('[part~="link-panel"]') ?? nowhere();

/** One of the demo patient's appointments, by its key in DEMO_APPOINTMENT_KEYS. */
const card = (canvas: HTMLElement, key: string) => () => {
  const id = (host(canvas).adapter as MemoryAdapter).seededAppointmentId(key);
  return root(canvas)().querySelector(`article[data-id="${id}"]`) ?? nowhere();
};
const dermatology = (canvas: HTMLElement) => card(canvas, DEMO_APPOINTMENT_KEYS.upcomingBooked);

async function openCancel(canvas: HTMLElement) {
  await click(dermatology(canvas), CANCEL);
  // Continue is enabled once the reasons and the fee are in.
  await until(() => dialog(canvas)().querySelector('[part~="continue-button"]:not([disabled])'));
}

async function toReasons(canvas: HTMLElement) {
  await openCancel(canvas);
  await click(dialog(canvas), CONTINUE);
  await until(() => dialog(canvas)().querySelector('input[name="reason"]'));
}

async function chooseFirstReason(canvas: HTMLElement) {
  const reason = await until(() => dialog(canvas)().querySelector<HTMLInputElement>('input[name="reason"]'));
  reason.click();
  await new Promise((r) => requestAnimationFrame(r));
}

async function openReschedule(canvas: HTMLElement) {
  await click(dermatology(canvas), RESCHEDULE);
  await until(() =>
    dialogHost(canvas)
      ?.shadowRoot?.querySelector('portal-slot-picker')
      ?.shadowRoot?.querySelector('[part~="time"], [part~="day-available"]'),
  );
}

// ------------------------------------------------------------------------------------------------
// The list

export const Upcoming: Story = {name: 'Upcoming (signed in)', ...list()};

export const Past: Story = {
  name: 'Past (completed, cancelled with reason, missed)',
  ...list({view: 'past'}),
};

export const SignedOut: Story = {name: 'Signed out', ...list({signedIn: false})};

export const Loading: Story = {name: 'Loading (slow backend)', ...list({prepare: slowList})};

export const Empty: Story = {
  name: 'Empty (no upcoming appointments, booking link)',
  ...list({prepare: cancelAll}),
};

export const NoMatch: Story = {
  name: 'No appointment matches the filters',
  ...list(),
  play: async ({canvasElement}) => {
    // The filters are a disclosure now: open it first, as a patient would.
    const toggle = await until(() =>
      root(canvasElement)().querySelector<HTMLButtonElement>('[part~="filters-button"]'),
    );
    toggle.click();
    const status = await until(() =>
      root(canvasElement)().querySelector<HTMLSelectElement>('#filter-status'),
    );
    await until(() => root(canvasElement)().querySelector('article'));
    status.value = 'pending';
    status.dispatchEvent(new Event('change', {bubbles: true}));
  },
};

export const LoadError: Story = {
  name: 'Error loading the list (Try again recovers)',
  ...list({
    prepare: (a) => a.failures.failNext(new NetworkError('network'), {operation: 'listAppointments'}),
  }),
};

export const LongHistory: Story = {
  name: 'Long history (600 past visits, pages of 100, virtualized)',
  ...list({view: 'past', pageSize: 100, prepare: (a) => longHistory(a, 600)}),
};

export const Dark: Story = {name: 'Dark color scheme', ...list({dark: true})};

export const DarkDialog: Story = {
  name: 'Dark color scheme: cancel dialog',
  ...list({dark: true}),
  play: async ({canvasElement}) => openCancel(canvasElement),
};

// ------------------------------------------------------------------------------------------------
// Cancel and reschedule

export const CancelLateFee: Story = {
  name: 'Cancel, step 1: late-cancellation fee (visit 20 hours away)',
  ...list({clock: DAY_BEFORE_DERMATOLOGY}),
  play: async ({canvasElement}) => {
    await openCancel(canvasElement);
    await until(() => dialog(canvasElement)().querySelector('[part~="late-fee"]'));
  },
};

export const CancelReason: Story = {
  name: 'Cancel, step 2: reason',
  ...list(),
  play: async ({canvasElement}) => toReasons(canvasElement),
};

export const CancelReasonMissing: Story = {
  name: 'Cancel, step 2: no reason chosen',
  ...list(),
  play: async ({canvasElement}) => {
    await toReasons(canvasElement);
    await click(dialog(canvasElement), CANCEL_SUBMIT);
  },
};

export const Cancelled: Story = {
  name: 'Cancelled (notice, moved to Past)',
  ...list(),
  play: async ({canvasElement}) => {
    await toReasons(canvasElement);
    await chooseFirstReason(canvasElement);
    await click(dialog(canvasElement), CANCEL_SUBMIT);
    await until(() => root(canvasElement)().querySelector('[part~="notice"]'));
  },
};

export const ReschedulePicker: Story = {
  name: 'Reschedule: choose a new time',
  ...list(),
  play: async ({canvasElement}) => openReschedule(canvasElement),
};

export const RescheduleReview: Story = {
  name: 'Reschedule: confirm the new time',
  ...list(),
  play: async ({canvasElement}) => {
    await openReschedule(canvasElement);
    await pickFirstTime(dialogHost(canvasElement)!);
    await until(() => dialog(canvasElement)().querySelector('[part~="confirm-button"]'));
  },
};

// ------------------------------------------------------------------------------------------------
// Reminder links (opened from the email, signed out)

const confirmLink = (a: MemoryAdapter) =>
  a.seededReminderToken(DEMO_APPOINTMENT_KEYS.upcomingBooked, 'confirm');
const cancelLink = (a: MemoryAdapter) =>
  a.seededReminderToken(DEMO_APPOINTMENT_KEYS.upcomingBooked, 'cancel');

export const ReminderConfirm: Story = {
  name: 'Reminder link: confirm attendance',
  ...list({signedIn: false, reminder: confirmLink}),
};

export const ReminderConfirmed: Story = {
  name: 'Reminder link: attendance confirmed',
  ...list({signedIn: false, reminder: confirmLink}),
  play: async ({canvasElement}) => {
    await click(linkPanel(canvasElement), CONFIRM);
    await until(() => root(canvasElement)().querySelector('[part~="link-panel"]:not(:has(button.primary))'));
  },
};

export const ReminderCancel: Story = {
  name: 'Reminder link: cancel the appointment',
  ...list({signedIn: false, reminder: cancelLink}),
};

export const ReminderCancelled: Story = {
  name: 'Reminder link: cancelled',
  ...list({signedIn: false, reminder: cancelLink}),
  play: async ({canvasElement}) => {
    await click(linkPanel(canvasElement), CANCEL);
    await click(dialog(canvasElement), CONTINUE);
    await chooseFirstReason(canvasElement);
    await click(dialog(canvasElement), CANCEL_SUBMIT);
    await until(() => root(canvasElement)().querySelector('[part~="link-panel"]:not(:has(button.primary))'));
  },
};

export const ReminderInvalid: Story = {
  name: 'Reminder link: already used',
  ...list({
    signedIn: false,
    // The patient confirmed from the email once; this is the second click.
    prepare: async (a) => {
      await a.applyReminderAction({token: confirmLink(a)});
    },
    reminder: confirmLink,
  }),
};

// ---------------------------------------------------------------------------------------------
// The waitlist (#21): the patient's entries in the list, and `<portal-waitlist>` (its lazily
// loaded piece) on its own for an offer's link and the booking widget's join form.

const WAIT: WaitlistRequest = {
  serviceIds: ['svc-general'],
  from: '2026-03-02',
  to: '2026-03-13',
  partsOfDay: ['morning', 'afternoon', 'evening'],
};

export const WaitlistEntries: Story = {
  name: 'Waitlist entries',
  ...list({
    prepare: async (adapter) => {
      await adapter.joinWaitlist!(WAIT);
      await adapter.joinWaitlist!({
        ...WAIT,
        serviceIds: ['svc-derm'],
        from: '2026-03-05',
        partsOfDay: ['morning'],
      });
    },
  }),
  play: async ({canvasElement}) => {
    await until(() =>
      /Your waitlist|Su lista de espera/.test(
        canvasElement.querySelector('appointment-list')?.shadowRoot?.querySelector('portal-waitlist')
          ?.shadowRoot?.textContent ?? '',
      ),
    );
  },
};

/**
 * A demo clinic where the demo patient waits for a general medicine visit and another patient
 * cancels one: the offer's token from the outbox; `expired` moves the clock past its hold. With
 * `card` (cards on file on: the clinic keeps one for its fees), the demo patient has no card saved
 * (`none`) or only one that declines (`declined`), and the other patient saves a good one to book.
 */
async function offered(
  expired: boolean,
  card?: 'none' | 'declined',
): Promise<{adapter: MemoryAdapter; token: string}> {
  let now = NOW;
  // (Without `card`, cards on file off: the other patient books without saving a card first.)
  const adapter = createDemoAdapter({
    clock: () => now,
    seed: `story-${++renders}`,
    capabilities: {cards: card !== undefined},
  });
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  await adapter.joinWaitlist!(WAIT);
  if (card) {
    for (const c of await adapter.listCards!()) await adapter.removeCard!(c.id);
    if (card === 'declined') {
      const setup = await adapter.startCardSetup!(`story-declines-${renders}`);
      await adapter.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES['charge-declines']);
    }
  }
  await adapter.signOut();
  const other = {
    givenName: 'Lucía',
    familyName: 'Ramos',
    email: 'lucia.ramos@example.com',
    phone: '+525555550199' as const,
    dateOfBirth: '1990-05-04' as const,
    language: 'es' as const,
  };
  const password = 'Un paseo por Chapultepec 2026';
  await adapter.register({patient: other, password, privacyConsent: true});
  const verify = adapter.outbox.messages.find((m) => m.to === other.email)!;
  const link = Object.values(verify.links).find((l) => l.includes('#'))!;
  await adapter.verifyEmail([...new URLSearchParams(new URL(link).hash.slice(1)).values()][0]!, password);
  if (card) {
    const setup = await adapter.startCardSetup!(`story-other-${renders}`);
    await adapter.confirmDemoCardSetup!(setup.id, DEMO_CARD_CHOICES.succeeds);
  }
  const {slots} = await adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'any',
    from: new Date(NOW + DAY).toISOString(),
    to: new Date(NOW + 4 * DAY).toISOString(),
  });
  const booked = await adapter.book({
    slot: slots[0]!,
    serviceIds: ['svc-general'],
    idempotencyKey: `story-${renders}`,
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
  });
  const reasons = await adapter.getCancellationReasons();
  const plain = reasons.find((r) => !r.needsText) ?? reasons[0]!;
  await adapter.cancelAppointment({appointmentId: booked.id, reasonId: plain.id, note: 'Otra cita'});
  await adapter.signOut();
  const offer = adapter.outbox.messages.find(
    (m) => m.kind === 'waitlist-offer' && m.to === DEMO_PATIENT_EMAIL,
  )!;
  if (expired) now += 20 * 60_000;
  return {
    adapter,
    token: new URLSearchParams(new URL(offer.links.offer!).hash.slice(1)).get('portal-offer')!,
  };
}

function waitlistPanel(
  mode: 'offer' | 'join',
  load: () => Promise<{adapter: MemoryAdapter; token?: string}>,
): Pick<Story, 'loaders' | 'render'> {
  return {
    loaders: [async () => load()],
    render: (_args, {loaded}) =>
      html`<portal-waitlist
        mode=${mode}
        .adapter=${loaded['adapter'] as MemoryAdapter}
        .token=${(loaded['token'] as string | undefined) ?? ''}
        .serviceIds=${['svc-general']}
      ></portal-waitlist>`,
  };
}

const panelText = (canvasElement: HTMLElement) =>
  canvasElement.querySelector('portal-waitlist')?.shadowRoot?.textContent ?? '';

export const WaitlistOffer: Story = {
  name: 'Waitlist offer (from its link)',
  ...waitlistPanel('offer', () => offered(false)),
  play: async ({canvasElement}) => {
    await until(() => /Book this time|Reservar este horario/.test(panelText(canvasElement)));
  },
};

export const WaitlistOfferGone: Story = {
  name: 'Waitlist offer gone',
  ...waitlistPanel('offer', () => offered(true)),
  play: async ({canvasElement}) => {
    await until(() => /this time is gone|ya no está disponible/.test(panelText(canvasElement)));
  },
};

/** The offer's "Book this time" pressed where the clinic keeps a card on file and hers is missing. */
export const WaitlistOfferCardNeeded: Story = {
  name: 'Waitlist offer: card needed',
  ...waitlistPanel('offer', () => offered(false, 'none')),
  play: async ({canvasElement}) => {
    const root = () => canvasElement.querySelector('portal-waitlist')!.shadowRoot!;
    await click(root, /Book this time|Reservar este horario/);
    await until(() => /Add a card in Billing|Agregue una tarjeta/.test(panelText(canvasElement)));
  },
};

/** The same with her only card declining. */
export const WaitlistOfferCardDeclined: Story = {
  name: 'Waitlist offer: card declined',
  ...waitlistPanel('offer', () => offered(false, 'declined')),
  play: async ({canvasElement}) => {
    const root = () => canvasElement.querySelector('portal-waitlist')!.shadowRoot!;
    await click(root, /Book this time|Reservar este horario/);
    await until(() => /card was declined|tarjeta guardada fue rechazada/.test(panelText(canvasElement)));
  },
};

export const WaitlistJoin: Story = {
  name: 'Waitlist join form (under the booking times)',
  ...waitlistPanel('join', async () => ({adapter: await demo({})})),
  play: async ({canvasElement}) => {
    const root = () => canvasElement.querySelector('portal-waitlist')!.shadowRoot!;
    await click(root, /Tell me if an earlier time opens|Avíseme si se libera/);
    await until(() => root().querySelector('form'));
  },
};

export const WaitlistJoinErrors: Story = {
  name: 'Waitlist join form errors',
  ...waitlistPanel('join', async () => ({adapter: await demo({})})),
  play: async ({canvasElement}) => {
    const root = () => canvasElement.querySelector('portal-waitlist')!.shadowRoot!;
    await click(root, /Tell me if an earlier time opens|Avíseme si se libera/);
    const to = await until(() => root().querySelector<HTMLInputElement>('input[name=to]'));
    to.value = '2026-01-01';
    root().querySelector('form')!.requestSubmit();
    await until(() => to.getAttribute('aria-invalid') === 'true');
  },
};

export const WaitlistJoined: Story = {
  name: 'Waitlist joined',
  ...waitlistPanel('join', async () => ({adapter: await demo({})})),
  play: async ({canvasElement}) => {
    const root = () => canvasElement.querySelector('portal-waitlist')!.shadowRoot!;
    await click(root, /Tell me if an earlier time opens|Avíseme si se libera/);
    const to = await until(() => root().querySelector<HTMLInputElement>('input[name=to]'));
    to.value = '2026-03-13';
    root().querySelector('form')!.requestSubmit();
    await until(() => /on the waitlist|en la lista de espera/.test(root().textContent ?? ''));
  },
};
