import '../src/define/patient-messages.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {click, until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-messages',
  component: 'patient-messages',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function messages(options: {signedIn?: boolean; failList?: boolean} = {}) {
  const adapter = createDemoAdapter({clock: () => NOW});
  if (options.failList)
    adapter.failures.failNext(new NetworkError('network'), {operation: 'listConversations'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-messages .adapter=${adapter}></patient-messages>`;
}

const root = (canvas: HTMLElement) => canvas.querySelector('patient-messages')!.shadowRoot!;

export const SignedOut: Story = {render: () => messages({signedIn: false})};

/** The demo patient's conversation: the clinic answered her question (one unread, said in words). */
export const Conversations: Story = {
  render: () => messages(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.conversations li'));
  },
};

/** The thread: her question and the clinic's answer, with names, roles and times; the reply form. */
export const Thread: Story = {
  render: () => messages(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.conversations li'));
    await click(() => root(canvasElement).querySelector('.conversations')!, /Results|Resultados/);
    await until(() => root(canvasElement).querySelectorAll('.thread li').length === 2);
  },
};

/** A new conversation: the reply time and the emergency number above the topic and the message. */
export const NewConversation: Story = {
  render: () => messages(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.conversations li'));
    await click(() => root(canvasElement), /^(New message|Nuevo mensaje)$/);
    await until(() => root(canvasElement).querySelector('.expect'));
  },
};

/** Sending with no topic and no text: each field says why. */
export const Refused: Story = {
  render: () => messages(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.conversations li'));
    await click(() => root(canvasElement), /^(New message|Nuevo mensaje)$/);
    await until(() => root(canvasElement).querySelector('form'));
    await click(() => root(canvasElement).querySelector('form')!, /^(Send|Enviar)$/);
    await until(() => root(canvasElement).querySelector('.field-error'));
  },
};

export const LoadError: Story = {render: () => messages({failList: true})};
