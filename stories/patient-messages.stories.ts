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

const bytes = (text: string) => new TextEncoder().encode(text);
const PDF = bytes('%PDF-1.4\n%%EOF\n');

function messages(options: {signedIn?: boolean; failList?: boolean; withFiles?: boolean} = {}) {
  const adapter = createDemoAdapter({clock: () => NOW});
  if (options.failList)
    adapter.failures.failNext(new NetworkError('network'), {operation: 'listConversations'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then(async (r) => {
      if (r.status !== 'signed-in') return;
      if (options.withFiles) {
        // Her question with two files, and the clinic's answer with one (before the element lists).
        const started = await adapter.startConversation({
          topic: 'general',
          body: 'Le envío los análisis y la receta anterior.',
          attachments: [
            {
              fileName: 'análisis de sangre.pdf',
              content: bytes(`%PDF-1.4\n${'%'.repeat(48 * 1024)}\n%%EOF\n`),
            },
            {fileName: 'receta anterior.pdf', content: PDF},
          ],
        });
        await adapter.replyAsClinic(started.id, 'Gracias. Le dejamos la orden para el laboratorio.', {
          name: 'Recepción',
          attachments: [{fileName: 'orden-laboratorio.pdf', content: PDF}],
        });
      }
      sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-messages .adapter=${adapter}></patient-messages>`;
}

/** Chooses files in the message's <portal-file-input> as the picker would. */
async function chooseFiles(canvas: HTMLElement, files: File[]) {
  const field = await until(() => root(canvas).querySelector('portal-file-input')?.shadowRoot);
  const input = field.querySelector<HTMLInputElement>('input[type=file]')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
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

/** A thread with files: hers (two PDFs) and the clinic's answer (one), each with name, type, size, Open and Download. */
export const ThreadWithFiles: Story = {
  render: () => messages({withFiles: true}),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelectorAll('.conversations li').length === 2);
    await click(() => root(canvasElement).querySelector('.conversations')!, /general/i);
    await until(() => root(canvasElement).querySelectorAll('.thread ul.files li').length === 3);
  },
};

/** Files refused as they are chosen: an empty one and a program renamed as a PDF; a good one kept. */
export const FilesRefused: Story = {
  render: () => messages(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.conversations li'));
    await click(() => root(canvasElement).querySelector('.conversations')!, /Results|Resultados/);
    await chooseFiles(canvasElement, [
      new File([], 'vacío.pdf'),
      new File([bytes('MZ\x90\x00 programa')], 'factura.pdf'),
      new File([PDF], 'estudio.pdf'),
    ]);
    await until(
      () =>
        root(canvasElement).querySelector('portal-file-input')!.shadowRoot!.querySelectorAll('li').length ===
        3,
    );
  },
};
