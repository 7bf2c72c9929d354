import '../src/define/patient-documents.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {
  createDemoAdapter,
  createDemoClinicData,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MemoryAdapter,
} from '../src/adapters/memory/index.js';
import {demoDocuments} from '../src/adapters/memory/demo-documents.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {click, until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-documents',
  component: 'patient-documents',
  tags: ['autodocs'],
  // Its upload field, <portal-file-input>, is documented on this page too (it has no stories alone).
  parameters: {elements: ['patient-documents', 'portal-file-input']},
};
export default meta;
type Story = StoryObj;

function documents(
  options: {
    signedIn?: boolean;
    failList?: boolean;
    failUpload?: boolean;
    failRefill?: boolean;
    unreadable?: boolean;
  } = {},
) {
  const adapter = createDemoAdapter({clock: () => NOW});
  // What the REST adapter makes of the server's 503 `document-unreadable`.
  if (options.unreadable)
    adapter.failures.failNext(new NetworkError('server', undefined, {problem: 'document-unreadable'}), {
      operation: 'downloadDocument',
    });
  if (options.failRefill)
    adapter.failures.failNext(new NetworkError('network'), {operation: 'requestRefill'});
  if (options.failUpload)
    adapter.failures.failNext(new NetworkError('network'), {operation: 'uploadDocument'});
  if (options.failList) adapter.failures.failNext(new NetworkError('network'), {operation: 'listDocuments'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-documents .adapter=${adapter}></patient-documents>`;
}

const PDF = () => new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'analisis-marzo.pdf');
const HEIC = () =>
  new File(
    [new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0])],
    'IMG_0001.HEIC',
  );

/** Chooses files in the upload form's <portal-file-input> as the picker would. */
async function chooseFiles(canvas: HTMLElement, files: File[]) {
  const field = await until(() => root(canvas).querySelector('portal-file-input')?.shadowRoot);
  const input = field.querySelector<HTMLInputElement>('input[type=file]')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
  await until(() => field.querySelector('li'));
}

async function send(canvas: HTMLElement) {
  const select = root(canvas).querySelector<HTMLSelectElement>('#category')!;
  select.value = 'results';
  select.dispatchEvent(new Event('change'));
  root(canvas).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
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

/** A lab result with values: the table (one value flagged "High" in words and with ▲). */
export const ResultWithValues: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await click(() => root(canvasElement).querySelector('.folders')!, /^(Results|Resultados)$/);
    await until(() => root(canvasElement).querySelectorAll('.docs li').length === 1);
    root(canvasElement).querySelector<HTMLButtonElement>('button.show-values')!.click();
    await until(() => root(canvasElement).querySelector('.values table'));
  },
};

/** Opens the prescriptions folder: the medication, dose, instructions, prescriber, date, refills. */
async function prescriptions(canvas: HTMLElement) {
  await until(() => root(canvas).querySelector('.docs li'));
  await click(() => root(canvas).querySelector('.folders')!, /^(Prescriptions|Recetas)$/);
  await until(() => root(canvas).querySelector('.docs li .rx'));
}

/** Asks for a refill and waits for the confirmation (the note field and "Send request"). */
async function askRefill(canvas: HTMLElement) {
  await prescriptions(canvas);
  root(canvas).querySelector<HTMLButtonElement>('button.refill')!.click();
  await until(() => root(canvas).querySelector('.refill-confirm'));
}

/** A prescription's details with "Request a refill" (two refills left). */
export const Prescription: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => prescriptions(canvasElement),
};

/** "Request a refill" asks first, with an optional note for the clinic. */
export const RefillConfirmation: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => askRefill(canvasElement),
};

/** The refill request sent: a message to the clinic; the prescription says it is waiting. */
export const RefillRequested: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await askRefill(canvasElement);
    root(canvasElement).querySelector<HTMLButtonElement>('.refill-confirm button.primary')!.click();
    await until(() => root(canvasElement).querySelector('.refill-outcome.ok'));
  },
};

/** The refill request failed (the network): said in words, the button back to try again. */
export const RefillFailed: Story = {
  render: () => documents({failRefill: true}),
  play: async ({canvasElement}) => {
    await askRefill(canvasElement);
    root(canvasElement).querySelector<HTMLButtonElement>('.refill-confirm button.primary')!.click();
    await until(() => root(canvasElement).querySelector('.refill-outcome.field-error'));
  },
};

/** A prescription with no refills left: it says so, and offers no button. */
export const RefillNoneLeft: Story = {
  render: () => {
    const adapter = new MemoryAdapter({
      clock: () => NOW,
      seed: 'story-no-refills',
      data: {
        ...createDemoClinicData(),
        loadDocuments: async () =>
          demoDocuments().map((d) =>
            d.prescription ? {...d, prescription: {...d.prescription, refillsLeft: 0}} : d,
          ),
      },
    });
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
    return html`<patient-documents .adapter=${adapter}></patient-documents>`;
  },
  play: async ({canvasElement}) => {
    await prescriptions(canvasElement);
    await until(() => root(canvasElement).querySelector('.refill-status'));
  },
};

/** Types into the search field, or sets one of the `<portal-date-input>`s as the patient would. */
async function type(canvas: HTMLElement, id: string, value: string) {
  if (id !== 'search') await customElements.whenDefined('portal-date-input');
  const input = root(canvas).querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  input.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
}

/** Search by name and a date range: the count of matches and "Clear filters". */
export const Searched: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await type(canvasElement, 'search', 'pdf');
    await type(canvasElement, 'from', '2026-02-01');
    await until(() => root(canvasElement).querySelectorAll('.docs li').length === 2);
  },
};

/** Nothing matches the search: the "no documents match" state. */
export const NoMatch: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await type(canvasElement, 'search', 'radiografía');
    await until(() => root(canvasElement).querySelector('.no-match'));
  },
};

/** A "To" date before the "From" date: said under the fields, nothing listed. */
export const BackwardsRange: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await type(canvasElement, 'from', '2026-03-01');
    await type(canvasElement, 'to', '2026-02-01');
    await until(() => root(canvasElement).querySelector('#range-error'));
  },
};

/** Files chosen: one accepted (with "Remove"), a HEIC photo refused up front with the reason. */
export const FilesChosen: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await chooseFiles(canvasElement, [PDF(), HEIC()]);
  },
};

/** Uploading on a slow line: progress per file with "Cancel". */
export const Uploading: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    // The line slows down once the list is shown (a timer could also slow the list on a busy machine).
    (canvasElement.querySelector('patient-documents')!.adapter as MemoryAdapter).latencyMs = 60_000;
    await chooseFiles(canvasElement, [PDF()]);
    await send(canvasElement);
    await until(() => root(canvasElement).querySelector('ul.results progress'));
  },
};

/** A network failure: the file stays with "Try again". */
export const UploadFailed: Story = {
  render: () => documents({failUpload: true}),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await chooseFiles(canvasElement, [PDF()]);
    await send(canvasElement);
    await until(() => root(canvasElement).querySelector('ul.results li.failed'));
  },
};

/** Deleting one's own upload: the inline confirmation (Delete / Keep it). */
export const DeleteConfirmation: Story = {
  render: () => documents(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.docs li'));
    await chooseFiles(canvasElement, [PDF()]);
    await send(canvasElement);
    const del = await until(() => root(canvasElement).querySelector<HTMLButtonElement>('button.delete'));
    del.click();
    await until(() => root(canvasElement).querySelector('.confirm'));
  },
};

export const LoadError: Story = {render: () => documents({failList: true})};

/** A document whose stored copy the clinic's system cannot read back (503 `document-unreadable`): its own words. */
export const DocumentUnreadable: Story = {
  render: () => documents({unreadable: true}),
  play: async ({canvasElement}) => {
    const open = await until(() =>
      [...root(canvasElement).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
        /^(Open|Abrir) biometria-hematica\.pdf$/.test(b.getAttribute('aria-label') ?? ''),
      ),
    );
    open.click();
    await until(() => root(canvasElement).querySelector('[role=alert]'));
  },
};
