import '../src/define/patient-portal.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {sessionFor} from '../src/adapters/registry.js';
import {setProxyGrant} from '../src/adapters/memory/proxy.js';
import type {PatientPortal} from '../src/elements/patient-portal/patient-portal.js';

const meta: Meta = {
  title: 'Elements/patient-portal (whole portal)',
  component: 'patient-portal',
};
export default meta;
type Story = StoryObj;

function portal(options: {signedIn?: boolean; sections?: string} = {}) {
  const adapter = createDemoAdapter();
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-portal
    .adapter=${adapter}
    routing="none"
    sections=${options.sections ?? ''}
  ></patient-portal>`;
}

export const Home: Story = {render: () => portal()};
export const SignedOut: Story = {render: () => portal({signedIn: false})};
export const ChosenSections: Story = {render: () => portal({sections: 'book profile'})};

/**
 * Family members (#21): Ana signed in, viewing her daughter Sofía's information (the switcher's
 * second button pressed, the banner above the section); `scope` narrows Sofía's grant.
 */
function viewingSofia(scope: 'full' | 'appointments' = 'full') {
  const adapter = createDemoAdapter();
  const el = document.createElement('patient-portal') as PatientPortal;
  el.adapter = adapter;
  el.routing = 'none';
  void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then(async (r) => {
    if (r.status !== 'signed-in') return;
    const sofia = (await adapter.listPeople()).find((p) => p.relationship === 'daughter')!;
    if (scope !== 'full')
      setProxyGrant(adapter.state, r.session.patient.id, sofia.id, {scope, relationship: 'daughter'});
    sessionFor(adapter).signedIn(r.session);
    el.person = (await adapter.listPeople()).find((p) => p.id === sofia.id);
  });
  return el;
}

export const ViewingAFamilyMember: Story = {render: () => viewingSofia()};
export const FamilyMemberAppointmentsOnly: Story = {render: () => viewingSofia('appointments')};
