import '../src/define/patient-profile.js';
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
import {until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-profile',
  component: 'patient-profile',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function profile(
  options: {
    signedIn?: boolean;
    latencyMs?: number;
    profileOn?: boolean;
    medicalOn?: boolean;
    /** Off unless asked: the stories before insurance (#17 item 5) keep their baselines. */
    insuranceOn?: boolean;
    setup?: (a: MemoryAdapter) => void | Promise<unknown>;
  } = {},
) {
  const adapter = createDemoAdapter({
    clock: () => NOW,
    latencyMs: options.latencyMs,
    capabilities: {
      profile: options.profileOn ?? true,
      medical: options.medicalOn ?? true,
      insurance: options.insuranceOn ?? false,
    },
  });
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then(async (r) => {
      await options.setup?.(adapter);
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  } else void options.setup?.(adapter);
  return html`<patient-profile .adapter=${adapter}></patient-profile>`;
}

export const SignedIn: Story = {render: () => profile()};
export const SignedOut: Story = {render: () => profile({signedIn: false})};
export const Loading: Story = {render: () => profile({latencyMs: 600_000})};
export const LoadError: Story = {
  render: () =>
    profile({
      setup: (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'getProfile', times: Infinity}),
    }),
};
export const NotOffered: Story = {render: () => profile({profileOn: false})};

// Medical information (#17): the demo patient's lists (at the end of SignedIn), the section's load
// error (the rest of the profile works), and a backend without it (no section at all).
export const MedicalLoadError: Story = {
  render: () =>
    profile({
      setup: (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'getMedicalInfo', times: Infinity}),
    }),
};
export const WithoutMedicalInformation: Story = {render: () => profile({medicalOn: false})};

// Insurance (#17 item 5): the section alone (medical information off, so it is in view), each
// state a patient meets: the demo patient's primary card, several cards, none, the limit reached,
// the add form, a refused member number, removing the primary, and the section's load error.
const insurance = (setup?: (a: MemoryAdapter) => Promise<unknown>) =>
  profile({insuranceOn: true, medicalOn: false, setup});
/** The insurance section once loaded (its cards, its add button or its error shown). */
const section = (canvas: HTMLElement) =>
  until(() => {
    const s = canvas
      .querySelector('patient-profile')
      ?.shadowRoot?.querySelector<HTMLElement>('section[part~=insurance]');
    return s?.querySelector('ul, [data-ins-add], .notice') ? s : undefined;
  });
const addCard = (a: MemoryAdapter, insurer: string, memberNumber: string, plan?: string) =>
  a.addInsuranceCard({insurer, memberNumber, ...(plan ? {plan} : {})});

/** The demo patient's card, marked "Primary". */
export const InsuranceCard: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => void (await section(canvasElement)),
};
/** Two cards: the primary first; the other has "Make primary". */
export const InsuranceSeveralCards: Story = {
  render: () => insurance((a) => addCard(a, 'GNP Seguros', 'GNP 0099-12', 'Plata')),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelector('[data-ins-primary]'));
  },
};
/** No card yet: "Add an insurance card". */
export const InsuranceNone: Story = {
  render: () =>
    insurance(async (a) => {
      for (const c of await a.listInsuranceCards()) await a.removeInsuranceCard(c.id);
    }),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelector('[data-ins-add]'));
  },
};
/** Five cards: no add button, the limit said in words. */
export const InsuranceLimitReached: Story = {
  render: () =>
    insurance(async (a) => {
      for (const [i, name] of ['AXA', 'GNP Seguros', 'MetLife', 'Allianz'].entries())
        await addCard(a, name, `M-${i + 1}`);
    }),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    await until(() => s.querySelectorAll('li').length === 5);
  },
};
/** The add form, its first field focused. */
export const InsuranceAddForm: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-add]'))).click();
    await until(() => s.querySelector('#insurance-form'));
  },
};
/** A member number with other characters and no insurer: at each field and in the summary. */
export const InsuranceFieldErrors: Story = {
  render: () => insurance(),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-add]'))).click();
    const form = await until(() => s.querySelector<HTMLFormElement>('#insurance-form'));
    form.querySelector<HTMLInputElement>('[name=memberNumber]')!.value = '<script>alert(1)</script>';
    form.requestSubmit();
    await until(() => s.querySelector('[data-summary=insurance]'));
  },
};
/** Removing the primary asks first and says which card becomes primary. */
export const InsuranceRemovePrimary: Story = {
  render: () => insurance((a) => addCard(a, 'GNP Seguros', 'GNP 0099-12')),
  play: async ({canvasElement}) => {
    const s = await section(canvasElement);
    (await until(() => s.querySelector<HTMLButtonElement>('[data-ins-remove]'))).click();
    await until(() => s.querySelector('[data-ins-confirm-remove]'));
  },
};
/** The cards could not be loaded: the rest of the profile works; "Try again". */
export const InsuranceLoadError: Story = {
  render: () =>
    profile({
      insuranceOn: true,
      medicalOn: false,
      setup: async (a) =>
        a.failures.failNext(new NetworkError('server'), {operation: 'listInsuranceCards', times: Infinity}),
    }),
  play: async ({canvasElement}) => void (await section(canvasElement)),
};
