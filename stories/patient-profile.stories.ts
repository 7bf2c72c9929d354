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
    setup?: (a: MemoryAdapter) => void;
  } = {},
) {
  const adapter = createDemoAdapter({
    clock: () => NOW,
    latencyMs: options.latencyMs,
    capabilities: {profile: options.profileOn ?? true, medical: options.medicalOn ?? true},
  });
  options.setup?.(adapter);
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
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
