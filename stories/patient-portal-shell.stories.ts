import '../src/define/patient-portal.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {sessionFor} from '../src/adapters/registry.js';
import {setProxyGrant} from '../src/adapters/memory/proxy.js';
import type {PatientPortal} from '../src/elements/patient-portal/patient-portal.js';
import {until} from './support/drive.js';
import {registerCarmen} from './support/carmen.js';

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

/**
 * A teenager whose messages and documents are her own (#21): the clinic keeps confidential care
 * from a parent from 5 (so Sofía, born 2017, is of that age on any clock these stories run on):
 * Messages and Documents are left out of the navigation and the banner says why.
 */
export const FamilyMemberConfidential: Story = {
  render: () => {
    const el = viewingSofia();
    const {state} = el.adapter as ReturnType<typeof createDemoAdapter>;
    state.data = {...state.data, clinic: {...state.data.clinic, familyAccess: {confidentialFromAge: 5}}};
    return el;
  },
  play: async ({canvasElement}) => {
    const portal = canvasElement.querySelector('patient-portal')!;
    await until(() =>
      portal.shadowRoot?.querySelector('[part~="acting-banner"]')?.textContent?.includes('Sofía'),
    );
  },
};

/** The same, in Spanish: the banner a Spanish-speaking parent reads, and the shorter navigation. */
export const FamilyMemberConfidentialSpanish: Story = {
  ...FamilyMemberConfidential,
  globals: {locale: 'es-MX'},
};

/**
 * An emailed invitation answered in the whole portal (#21, the adult's own invitation): Carmen
 * invited Ana to see her information; Ana opened the link and is signed in: "Carmen López invited
 * you…" with Accept and Decline.
 */
export const InvitationToSeeSomeonesInformation: Story = {
  render: () => {
    const adapter = createDemoAdapter();
    // The portal is made once the link's token is in the address (it reads it when it connects).
    const host = document.createElement('div');
    void (async () => {
      // Carmen registers and invites Ana; Ana signs in with the link's token in the address.
      await registerCarmen(adapter);
      await adapter.inviteProxy({email: DEMO_PATIENT_EMAIL, scope: 'full', relationship: 'mother'});
      const link = adapter.outbox.latest({to: DEMO_PATIENT_EMAIL})!.links['accept-invitation']!;
      await adapter.signOut();
      const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
      if (r.status !== 'signed-in') return;
      sessionFor(adapter).signedIn(r.session);
      history.replaceState(history.state, '', `${location.pathname}${location.search}${new URL(link).hash}`);
      const el = document.createElement('patient-portal') as PatientPortal;
      el.routing = 'none';
      el.adapter = adapter;
      host.append(el);
    })();
    return host;
  },
  play: async ({canvasElement}) => {
    await until(() =>
      canvasElement
        .querySelector('patient-portal')
        ?.shadowRoot?.querySelector('[part~="proxy-invitation"] button'),
    );
  },
};
