import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import '../src/define.js';
import {ManualClock} from '../src/controllers/clock.js';
import {sessionFor} from '../src/adapters/registry.js';
import {UnavailableAdapter} from '../src/adapters/unavailable.js';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import type {PatientPortal} from '../src/elements/patient-portal/patient-portal.js';

const meta: Meta = {
  title: 'Elements/patient-portal',
  component: 'patient-portal',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The provider of backend, session, locale and theme for the elements inside it. Its full portal (tabs) comes with the later elements.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

export const DemoClinic: Story = {
  name: 'Demo clinic (with the demo marker)',
  render: () => html`<patient-portal backend="demo"><p>Portal elements go here.</p></patient-portal>`,
};

export const Dark: Story = {
  render: () =>
    html`<patient-portal backend="demo" color-scheme="dark" data-keep-scheme
      ><p>Portal elements go here.</p></patient-portal
    >`,
};

/** The backend's code could not be loaded (offline, or a deploy replaced its chunk). */
export const BackendNotAvailable: Story = {
  name: 'Backend not available (its code failed to load)',
  render: () =>
    html`<patient-portal .adapter=${new UnavailableAdapter('fhir', 'load-failed')}></patient-portal>`,
};

export const InvalidBackend: Story = {
  name: 'Backend refused (not https)',
  render: () => html`<patient-portal backend="http://clinic.example/api"></patient-portal>`,
};

/** A signed-in demo patient 13 minutes idle: the warning with "Stay signed in". */
export const SessionWarning: Story = {
  name: 'Idle-session warning',
  render: () => {
    const adapter = createDemoAdapter();
    const clock = new ManualClock(Date.now());
    const store = sessionFor(adapter, {clock});
    const portal = document.createElement('patient-portal') as PatientPortal;
    portal.clock = clock;
    portal.adapter = adapter;
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((result) => {
      if (result.status !== 'signed-in') return;
      store.signedIn(result.session);
      clock.advance(13 * 60_000 + 1000);
    });
    return portal;
  },
};
