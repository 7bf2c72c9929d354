import '../src/define/patient-documents.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {click, until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-documents',
  component: 'patient-documents',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function documents(options: {signedIn?: boolean; failList?: boolean} = {}) {
  const adapter = createDemoAdapter({clock: () => NOW});
  if (options.failList) adapter.failures.failNext(new NetworkError('network'), {operation: 'listDocuments'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-documents .adapter=${adapter}></patient-documents>`;
}

const root = (canvas: HTMLElement) => canvas.querySelector('patient-documents')!.shadowRoot!;

export const SignedOut: Story = {render: () => documents({signedIn: false})};

/** The demo patient's documents, newest first, "New" until opened; the upload form below. */
export const AllDocuments: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
  },
};

/** One folder: the lab results. */
export const Results: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await click(() => root(canvasElement).querySelector('.folders')!, /^(Results|Resultados)$/);
    await until(() => root(canvasElement).querySelectorAll('.docs li').length === 1);
  },
};

export const LoadError: Story = {render: () => documents({failList: true})};
