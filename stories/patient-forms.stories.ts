import '../src/define/patient-forms.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-forms',
  component: 'patient-forms',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function forms(options: {signedIn?: boolean; failList?: boolean} = {}) {
  const adapter = createDemoAdapter({clock: () => NOW});
  if (options.failList) adapter.failures.failNext(new NetworkError('network'), {operation: 'listForms'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-forms .adapter=${adapter}></patient-forms>`;
}

const root = (canvas: HTMLElement) => canvas.querySelector('patient-forms')!.shadowRoot!;

/** Clicks the list button whose accessible name matches. */
async function open(canvas: HTMLElement, name: RegExp) {
  const button = await until(() =>
    [...root(canvas).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
      name.test(b.getAttribute('aria-label') ?? ''),
    ),
  );
  button.click();
}

export const SignedOut: Story = {render: () => forms({signedIn: false})};

export const List: Story = {render: () => forms()};

export const LoadError: Story = {render: () => forms({failList: true})};

export const Questionnaire: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await until(() => root(canvasElement).querySelector('form'));
  },
};

export const QuestionnaireErrors: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    const send = await until(() =>
      root(canvasElement).querySelector<HTMLButtonElement>('button[type=submit]'),
    );
    send.click();
    await until(() => root(canvasElement).querySelector('.error-summary'));
  },
};

export const Instructions: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Read|Leer): /);
    await until(() => root(canvasElement).querySelector('.document'));
  },
};
