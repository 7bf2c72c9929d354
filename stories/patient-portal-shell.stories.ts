import '../src/define/patient-portal.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {sessionFor} from '../src/adapters/registry.js';

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
