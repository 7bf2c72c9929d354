import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../src/define.js';
import {
  createDemoAdapter,
  DEMO_APPOINTMENT_KEYS,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import {NetworkError, type PortalAdapter} from '../src/adapters/adapter.js';
import type {VideoJoin} from '../src/domain/types.js';
import {click, until} from './support/drive.js';
import {fakeMediaEnvironment, type FakeMedia} from './support/fake-media.js';

// A fixed day for stable stories: the demo data is built at Monday 2 March 2026, 10:00 in Mexico
// City, when the demo patient's video visit is at 10:10 (its room opens at 9:55, 15 minutes before).
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const MINUTE = 60_000;

const meta: Meta = {
  title: 'Elements/telehealth-join',
  component: 'telehealth-join',
  tags: ['autodocs'],
  // <device-check> is public on its own too (a clinic's "test your device" page).
  parameters: {elements: ['telehealth-join', 'device-check']},
};
export default meta;
type Story = StoryObj;

interface Options {
  signedIn?: boolean;
  /** The server's clock once the demo data is built. */
  clock?: number;
  prepare?: (adapter: MemoryAdapter) => void | Promise<void>;
  /** Replaces the adapter the element sees (to break or bend the backend). */
  wrap?: (adapter: MemoryAdapter) => PortalAdapter;
  /** Show this appointment instead of the next video visit. */
  appointment?: (adapter: MemoryAdapter) => string;
  dark?: boolean;
}

let renders = 0;

/** Milliseconds the stories' connection check reports (a real measurement varies run to run). */
const STORY_ROUND_TRIP_MS = 35;

async function demo(options: Options): Promise<MemoryAdapter> {
  let now = NOW;
  const adapter = createDemoAdapter({clock: () => now, seed: `tele-story-${++renders}`});
  // The connection check's result, fixed (a real measurement varies run to run).
  adapter.checkConnection = async () => STORY_ROUND_TRIP_MS;
  await adapter.getClinic(); // builds the demo data at NOW
  now = options.clock ?? NOW;
  if (options.signedIn !== false) {
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  }
  await options.prepare?.(adapter);
  return adapter;
}

function join(options: Options = {}): Pick<Story, 'loaders' | 'render'> {
  return {
    loaders: [async () => ({adapter: await demo(options)})],
    render: (_args, {loaded}) => {
      const adapter = loaded['adapter'] as MemoryAdapter;
      return html`<telehealth-join
        .adapter=${options.wrap ? options.wrap(adapter) : adapter}
        appointment-id=${options.appointment?.(adapter) ?? nothing}
        book-href="#book"
        sign-in-href="#sign-in"
        color-scheme=${options.dark ? 'dark' : nothing}
        ?data-keep-scheme=${options.dark}
      ></telehealth-join>`;
    },
  };
}

const videoId = (a: MemoryAdapter) => a.seededAppointmentId(DEMO_APPOINTMENT_KEYS.videoToday);

function withJoin(change: (j: VideoJoin) => VideoJoin) {
  return (adapter: MemoryAdapter): PortalAdapter =>
    Object.assign(Object.create(adapter) as PortalAdapter, {
      getVideoJoin: async (...args: Parameters<PortalAdapter['getVideoJoin']>) =>
        change(await adapter.getVideoJoin(...args)),
    });
}

const host = (canvas: HTMLElement) => canvas.querySelector('telehealth-join')!;
const shadow = (canvas: HTMLElement) => () => host(canvas).shadowRoot!;

/** The room is open: "Join now" (the app) and "Join in the browser (simplified view)". */
export const RoomOpen: Story = join();

/** 15 minutes before the room opens: a countdown by the server's clock. */
export const NotOpenYet: Story = join({clock: NOW - 20 * MINUTE});

/** The visit is tomorrow: the day and time the room opens. */
export const OpensAnotherDay: Story = join({clock: NOW - 24 * 60 * MINUTE});

/** The visit has started: join now. */
export const InProgress: Story = join({clock: NOW + 15 * MINUTE});

/** The visit is over. */
export const Ended: Story = join({clock: NOW + 45 * MINUTE, appointment: videoId});

/** The clinic (or the patient) cancelled it. */
export const Cancelled: Story = join({
  appointment: videoId,
  prepare: async (adapter) => {
    const [reason] = await adapter.getCancellationReasons();
    await adapter.cancelAppointment({appointmentId: videoId(adapter), reasonId: reason!.id, note: 'x'});
  },
});

/** No video visit coming up: a link to book one. */
export const NoVideoVisit: Story = join({
  prepare: async (adapter) => {
    const [reason] = await adapter.getCancellationReasons();
    await adapter.cancelAppointment({appointmentId: videoId(adapter), reasonId: reason!.id, note: 'x'});
  },
});

/** Signed out: sign in first. */
export const SignedOut: Story = join({signedIn: false});

/** The backend failed: the message and "Try again". */
export const LoadError: Story = join({
  wrap: (adapter) =>
    Object.assign(Object.create(adapter) as PortalAdapter, {
      listAppointments: () => Promise.reject(new NetworkError()),
    }),
});

/** A link that isn't https on the clinic's hosts is never opened (QUALITY 19). */
export const UnsafeLinkRefused: Story = join({
  wrap: withJoin((j) => ({
    ...j,
    appUrl: 'javascript:alert(1)',
    webUrl: 'https://meet.jit.si.evil.example/r',
  })),
});

/** A Zoom clinic: "Join now" opens the Zoom app (`zoommtg:`), the browser view zoom.us. */
export const ZoomClinic: Story = join({
  wrap: (adapter) => {
    const zoom = Object.create(adapter) as PortalAdapter;
    return Object.assign(zoom, {
      getClinic: async () => ({
        ...(await adapter.getClinic()),
        telehealth: {
          provider: 'zoom' as const,
          allowedHosts: ['zoom.us', '*.zoom.us'],
          opensMinutesBefore: 15,
        },
      }),
      getVideoJoin: async (id: string) => ({
        ...(await adapter.getVideoJoin(id)),
        provider: 'zoom' as const,
        appUrl: 'zoommtg://zoom.us/join?confno=81234567890&pwd=demo',
        webUrl: 'https://zoom.us/wc/join/81234567890?pwd=demo',
      }),
    });
  },
});

/** "Having trouble joining?" opened: rejoin in the simplified view, install the app, call the clinic. */
export const Help: Story = {
  ...join(),
  play: async ({canvasElement}) => {
    const details = await until(() => shadow(canvasElement)().querySelector('details'));
    details.open = true;
  },
};

/** The device check opened from the element (the browser asks for the camera on "Allow"). */
export const DeviceCheckOpen: Story = {
  ...join(),
  play: async ({canvasElement}) => {
    await click(shadow(canvasElement), /Check your camera|Compruebe su cámara/);
  },
};

/** Dark scheme. */
export const Dark: Story = join({dark: true});

/** Spanish (Mexico). */
export const Spanish: Story = {...join({clock: NOW - 20 * MINUTE}), globals: {locale: 'es-MX'}};

// ------------------------------------------------------------------------------------------------
// <device-check> on its own (onboarding, a clinic's "test your device" page)

function check(media: FakeMedia, options: {dark?: boolean; start?: boolean} = {}): Story {
  return {
    loaders: [async () => ({adapter: await demo({signedIn: false})})],
    render: (_args, {loaded}) =>
      html`<device-check
        .adapter=${loaded['adapter'] as MemoryAdapter}
        .environment=${fakeMediaEnvironment(media)}
        heading-level="2"
        color-scheme=${options.dark ? 'dark' : nothing}
        ?data-keep-scheme=${options.dark}
      ></device-check>`,
    play: options.start
      ? async ({canvasElement}) => {
          const root = () => canvasElement.querySelector('device-check')!.shadowRoot!;
          await click(root, /Allow camera|Permitir cámara|Try again|Intentar de nuevo/);
          // The fake microphone's tone reaches the meter after a moment: wait for it, and for the
          // connection result, so the story always ends in the same state.
          if (media === 'working' || media === 'no-camera')
            await until(() => /We can hear you|Le escuchamos/.test(root().textContent ?? ''));
          await until(() => /\b35 ms\b/.test(root().textContent ?? ''));
        }
      : undefined,
  };
}

/** Before the patient allows the camera and microphone. */
export const CheckStart: Story = {...check('working'), name: 'Device check: start'};
/** Camera preview, level meter, toggles and device choices. */
export const CheckWorking: Story = {...check('working', {start: true}), name: 'Device check: working'};
/** The browser blocks the camera and microphone: how to allow them. */
export const CheckDenied: Story = {
  ...check('denied', {start: true}),
  name: 'Device check: permission denied',
};
/** No camera: sound only. */
export const CheckNoCamera: Story = {...check('no-camera', {start: true}), name: 'Device check: no camera'};
/** No camera and no microphone. */
export const CheckNoDevices: Story = {
  ...check('no-devices', {start: true}),
  name: 'Device check: no devices',
};
/** Another app has the camera. */
export const CheckInUse: Story = {...check('in-use', {start: true}), name: 'Device check: camera in use'};
/** A browser without WebRTC or camera access. */
export const CheckUnsupported: Story = {...check('unsupported'), name: 'Device check: unsupported browser'};
/** Dark, working. */
export const CheckDark: Story = {
  ...check('working', {start: true, dark: true}),
  name: 'Device check: dark',
  // axe: color-contrast of the title and summary (#dc-title, .summary) in dark <device-check>, a
  // defect of the element, reported; a warning here until it is fixed.
  parameters: {a11y: {test: 'todo'}},
};
