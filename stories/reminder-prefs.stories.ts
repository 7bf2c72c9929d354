import '../src/define/reminder-prefs.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {click, typeInto, until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/reminder-prefs',
  component: 'reminder-prefs',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function prefs(options: {signedIn?: boolean; latencyMs?: number; setup?: (a: MemoryAdapter) => void} = {}) {
  const adapter = createDemoAdapter({clock: () => NOW, latencyMs: options.latencyMs});
  options.setup?.(adapter);
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<reminder-prefs .adapter=${adapter}></reminder-prefs>`;
}

const host = (canvas: HTMLElement) => canvas.querySelector('reminder-prefs')!;
const root = (canvas: HTMLElement) => () => host(canvas).shadowRoot!;
const ADD = /Add a mobile number|Agregar un número celular/;
const SAVE = /^\s*(Save|Guardar)\s*$/;

async function ready(canvas: HTMLElement) {
  await until(() => root(canvas)().querySelector('[part~="save-button"]'));
}

/** Types into the number field of row `i` (0-based) once it exists. */
async function typeRow(canvas: HTMLElement, i: number, value: string) {
  const input = await until(() => {
    const field = root(canvas)().querySelectorAll('portal-phone-input').item(i);
    return field?.shadowRoot?.querySelector<HTMLInputElement>('#number') ?? null;
  });
  input.focus();
  typeInto(input, value);
  await new Promise((r) => setTimeout(r, 300));
  input.blur();
  await new Promise((r) => setTimeout(r, 50));
}

function tickAll(canvas: HTMLElement) {
  for (const box of root(canvas)().querySelectorAll<HTMLInputElement>(
    '[part~="phone-row"] input[type=checkbox]',
  ))
    if (!box.checked) box.click();
}

async function twoNumbers(canvas: HTMLElement) {
  await ready(canvas);
  await click(root(canvas), ADD);
  await typeRow(canvas, 1, '+1 312 555 0142');
  tickAll(canvas);
}

export const SignedOut: Story = {name: 'Signed out', render: () => prefs({signedIn: false})};

export const Loading: Story = {render: () => prefs({latencyMs: 600_000})};

export const Loaded: Story = {render: () => prefs()};

export const TwoNumbers: Story = {
  name: 'Two numbers, SMS and voice',
  render: () => prefs(),
  play: async ({canvasElement}) => twoNumbers(canvasElement),
};

export const Errors: Story = {
  name: 'Errors at the rows (invalid, duplicate)',
  render: () => prefs(),
  play: async ({canvasElement}) => {
    await ready(canvasElement);
    await click(root(canvasElement), ADD);
    await typeRow(canvasElement, 1, '55 1234');
    await click(root(canvasElement), ADD);
    await typeRow(canvasElement, 2, '+52 1 55 1234 5678');
    await click(root(canvasElement), SAVE);
  },
};

export const Saving: Story = {
  render: () => prefs(),
  play: async ({canvasElement}) => {
    await ready(canvasElement);
    // From now on the backend answers very slowly: Save stays busy.
    const adapter = host(canvasElement).adapter as MemoryAdapter;
    adapter.latencyMs = 600_000;
    await click(root(canvasElement), SAVE);
  },
};

export const Saved: Story = {
  render: () => prefs(),
  play: async ({canvasElement}) => {
    await twoNumbers(canvasElement);
    await click(root(canvasElement), SAVE);
    await until(() => root(canvasElement)().querySelector('[part="status"]'));
  },
};

export const SaveFailed: Story = {
  name: 'Save failed (503), changes kept',
  render: () =>
    prefs({
      setup: (a) => a.failures.failNext(new NetworkError('server'), {operation: 'saveReminderPreferences'}),
    }),
  play: async ({canvasElement}) => {
    await twoNumbers(canvasElement);
    await click(root(canvasElement), SAVE);
  },
};

export const MaxNumbers: Story = {
  name: 'Most numbers allowed (10)',
  render: () => prefs(),
  play: async ({canvasElement}) => {
    await ready(canvasElement);
    for (let i = 0; i < 9; i++) await click(root(canvasElement), ADD);
  },
};

export const LoadFailed: Story = {
  name: 'Loading failed',
  render: () =>
    prefs({
      setup: (a) => a.failures.failNext(new NetworkError('network'), {operation: 'getReminderPreferences'}),
    }),
};
