import '../src/define/patient-forms.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {
  createDemoAdapter,
  createDemoClinicData,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  MemoryAdapter,
  type MemoryVisitForms,
} from '../src/adapters/memory/index.js';
import {demoForms} from '../src/adapters/memory/demo-forms.js';
import type {Questionnaire as FhirQuestionnaire} from '../src/domain/forms.js';
import phq9 from '../test/fixtures/phq-9.questionnaire.json';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {until} from './support/drive.js';
import type {PortalSignaturePad} from '../src/elements/patient-forms/signature-pad.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-forms',
  component: 'patient-forms',
  tags: ['autodocs'],
  // Its signature pad, <portal-signature-pad>, is documented on this page too (no stories alone).
  parameters: {elements: ['patient-forms', 'portal-signature-pad']},
};
export default meta;
type Story = StoryObj;

/** Every item type `<patient-forms>` renders, and its states (help, required, read-only, unsupported). */
const ALL_TYPES: FhirQuestionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'Every item type',
  item: [
    {
      linkId: 'g',
      type: 'group',
      text: 'A group',
      item: [
        {linkId: 'display', type: 'display', text: 'Display text: read this first.'},
        {linkId: 'string', type: 'string', text: 'String', required: true, maxLength: 40},
        {linkId: 'text', type: 'text', text: 'Text (long answer)'},
        {linkId: 'boolean', type: 'boolean', text: 'Boolean', required: true},
        {
          linkId: 'choice',
          type: 'choice',
          text: 'Choice (radio buttons)',
          answerOption: ['One', 'Two', 'Three'].map((d, i) => ({valueCoding: {code: `c${i}`, display: d}})),
        },
        {
          linkId: 'many',
          type: 'choice',
          repeats: true,
          text: 'Choice with repeats (check boxes)',
          answerOption: ['Red', 'Green', 'Blue'].map((d) => ({valueCoding: {code: d, display: d}})),
        },
        {
          linkId: 'long',
          type: 'choice',
          text: 'Choice with a long list (dropdown)',
          answerOption: [...'ABCDEFGHIJ'].map((d) => ({valueCoding: {code: d, display: `Option ${d}`}})),
        },
        {
          linkId: 'open',
          type: 'open-choice',
          repeats: true,
          text: 'Open choice (or write another)',
          answerOption: [{valueString: 'Cats'}, {valueString: 'Dogs'}],
        },
        {linkId: 'integer', type: 'integer', text: 'Integer'},
        {
          linkId: 'decimal',
          type: 'decimal',
          text: 'Decimal, with help',
          item: [
            {
              linkId: 'decimal-help',
              type: 'display',
              text: 'Use a point for decimals.',
              extension: [
                {
                  url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
                  valueCodeableConcept: {coding: [{code: 'help'}]},
                },
              ],
            },
          ],
        },
        {linkId: 'date', type: 'date', text: 'Date'},
        {linkId: 'dateTime', type: 'dateTime', text: 'Date and time'},
        {linkId: 'time', type: 'time', text: 'Time'},
        {
          linkId: 'readonly',
          type: 'string',
          text: 'Read-only',
          readOnly: true,
          initial: [{valueString: 'Given'}],
        },
        {linkId: 'attachment', type: 'attachment', text: 'An attachment (not supported)'},
      ],
    },
  ],
};

/** The demo clinic with the questionnaire (and, optionally, the peel consent) on the upcoming visit. */
function custom(questionnaire?: FhirQuestionnaire, consent = false) {
  const data = createDemoClinicData();
  const loaded = demoForms();
  const change = (f: MemoryVisitForms): MemoryVisitForms => ({
    ...f,
    ...(questionnaire
      ? {
          questionnaire: {en: questionnaire.title ?? '', es: questionnaire.title ?? ''},
          questionnaireId: 'custom',
        }
      : {}),
    ...(consent
      ? {
          consent: {
            en: 'Informed consent for a chemical peel',
            es: 'Consentimiento informado para peeling químico',
          },
          consentId: 'chemical-peel',
        }
      : {}),
  });
  return new MemoryAdapter({
    seed: DEMO_SEED,
    clock: () => NOW,
    data: {
      ...data,
      visitForms: Object.fromEntries(
        Object.entries(data.visitForms ?? {}).map(([id, f]) => [id, f.questionnaireId ? change(f) : f]),
      ),
      loadForms: () =>
        Promise.resolve({
          ...loaded,
          questionnaires: {...loaded.questionnaires, ...(questionnaire ? {custom: questionnaire} : {})},
        }),
    },
  });
}

function forms(
  options: {
    signedIn?: boolean;
    failList?: boolean;
    questionnaire?: FhirQuestionnaire;
    consent?: boolean;
  } = {},
) {
  const adapter =
    options.questionnaire || options.consent
      ? custom(options.questionnaire, options.consent)
      : createDemoAdapter({clock: () => NOW});
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

/** Step 1 of the medical history: "Next" with the required sex question unanswered. */
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

/** Clicks the option whose label matches, then "Next" (the form's submit button). */
async function answerAndNext(canvas: HTMLElement, labels: readonly RegExp[]) {
  for (const label of labels) {
    const input = await until(() =>
      [...root(canvas).querySelectorAll('label')]
        .find((l) => label.test(l.textContent?.trim() ?? ''))
        ?.querySelector('input'),
    );
    input.click();
  }
  const next = await until(() => root(canvas).querySelector<HTMLButtonElement>('button[type=submit]'));
  next.click();
}

/** Step 2 of 3 of the medical history, after "Male" on step 1 (so no pregnancy question). */
export const QuestionnaireStep2: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await answerAndNext(canvasElement, [/^(Male|Masculino)$/]);
    await until(() => /2/.test(root(canvasElement).querySelector('h4.step')?.textContent ?? ''));
  },
};

/** The review page: every answer by step, "Change" per step, then "Send answers". */
export const QuestionnaireReview: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await answerAndNext(canvasElement, [/^(Male|Masculino)$/]);
    await until(() => /2/.test(root(canvasElement).querySelector('h4.step')?.textContent ?? ''));
    const fieldsets = [...root(canvasElement).querySelectorAll('fieldset')];
    for (const f of fieldsets.slice(0, 2))
      f.querySelectorAll<HTMLInputElement>('input[type=radio]')[1]?.click();
    root(canvasElement).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => root(canvasElement).querySelector('section.review'));
  },
};

/** Every item type on one page (one group: no steps). */
export const EveryItemType: Story = {
  render: () => forms({questionnaire: ALL_TYPES}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await until(() => root(canvasElement).querySelector('form'));
  },
};

/** Every item type, sent empty: the required ones in the error summary and at the question. */
export const EveryItemTypeErrors: Story = {
  render: () => forms({questionnaire: ALL_TYPES}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    const send = await until(() =>
      root(canvasElement).querySelector<HTMLButtonElement>('button[type=submit]'),
    );
    send.click();
    await until(() => root(canvasElement).querySelector('.error-summary'));
  },
};

/** The standard FHIR PHQ-9 (answers from its contained ValueSet), as a clinic would load it. */
export const Phq9: Story = {
  render: () => forms({questionnaire: phq9 as unknown as FhirQuestionnaire}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await until(() => root(canvasElement).querySelector('form'));
  },
};

/** A consent to sign: the full text, the box to tick and the typed name. */
export const ConsentToSign: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Read and sign|Leer y firmar): /);
    await until(() => root(canvasElement).querySelector('#q-typedName'));
  },
};

/** Opens the peel consent, signs it with a typed name and waits for "Withdraw consent" (the clinic allows it before the visit). */
async function signConsent(canvasElement: HTMLElement) {
  await open(canvasElement, /^(Read and sign|Leer y firmar): /);
  const name = await until(() => root(canvasElement).querySelector<HTMLInputElement>('#q-typedName'));
  root(canvasElement).querySelector<HTMLInputElement>('#q-agreed')!.click();
  name.value = 'Ana García López';
  name.dispatchEvent(new Event('input'));
  await new Promise((r) => setTimeout(r));
  root(canvasElement).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
  await until(() => root(canvasElement).querySelector('.notice[role=status]'));
  return until(() => root(canvasElement).querySelector<HTMLButtonElement>('#withdraw'));
}

/** The consent signed: who, when, which version, the signed PDF to download, and "Withdraw consent". */
export const ConsentSigned: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    await signConsent(canvasElement);
  },
};

/** "Withdraw your consent?": what it means for the visit, "Yes, withdraw" or "Keep my consent". */
export const ConsentWithdrawConfirm: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    (await signConsent(canvasElement)).click();
    await until(() => root(canvasElement).querySelector('#withdraw-confirm'));
  },
};

/** Withdrawn: when, and what was signed, above the form to sign it again. */
export const ConsentWithdrawn: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    (await signConsent(canvasElement)).click();
    (await until(() => root(canvasElement).querySelector<HTMLButtonElement>('#withdraw-confirm'))).click();
    await until(() => root(canvasElement).querySelector('#withdrawn-note'));
  },
};

export const Instructions: Story = {
  render: () => forms(),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Read|Leer): /);
    await until(() => root(canvasElement).querySelector('.document'));
  },
};

/** Opens the consent, ticks the box, types the name and opens the signature pad. */
async function openPad(canvas: HTMLElement): Promise<PortalSignaturePad> {
  await open(canvas, /^(Read and sign|Leer y firmar): /);
  const name = await until(() => root(canvas).querySelector<HTMLInputElement>('#q-typedName'));
  root(canvas).querySelector<HTMLInputElement>('#q-agreed')!.click();
  name.value = 'Ana García López';
  name.dispatchEvent(new Event('input'));
  const draw = await until(() => root(canvas).querySelector<HTMLButtonElement>('#draw-signature'));
  draw.click();
  const pad = await until(() => root(canvas).querySelector('portal-signature-pad'));
  await until(() => pad.shadowRoot?.querySelector('canvas')?.width);
  return pad;
}

/**
 * A signature drawn on the pad from fixed strokes (each point with its time, so the line widths are
 * the same on every run; a person draws with the mouse, a finger or a pen).
 */
function drawSignature(pad: PortalSignaturePad) {
  const points = (f: (t: number) => [number, number], n: number, t0: number) =>
    Array.from({length: n}, (_, i) => {
      const [x, y] = f(i / (n - 1));
      return {x, y, pressure: 0.5, time: t0 + i * 16};
    });
  const group = {penColor: '#14213d', dotSize: 0, minWidth: 0.8, maxWidth: 2.6, velocityFilterWeight: 0.7};
  const strokes = [
    // "A" with a loop, then a long underline flourish.
    points((t) => [20 + t * 40, 110 - Math.sin(t * Math.PI) * 80], 24, 0),
    points((t) => [40 + t * 150, 80 + Math.sin(t * Math.PI * 3) * 22], 40, 1000),
    points((t) => [30 + t * 210, 130 - t * 12 + Math.sin(t * Math.PI) * 8], 30, 2000),
  ];
  (pad as unknown as {pad: {fromData(d: unknown[]): void}}).pad.fromData(
    strokes.map((p) => ({...group, compositeOperation: 'source-over', points: p})),
  );
}

/** The consent with the signature pad open, a signature drawn on it (Done / Clear / Cancel). */
export const ConsentSignaturePad: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    drawSignature(await openPad(canvasElement));
  },
};

/** After "Done": the drawn signature's preview with "Remove", ready to sign with the typed name. */
export const ConsentDrawnSignature: Story = {
  render: () => forms({consent: true}),
  play: async ({canvasElement}) => {
    const pad = await openPad(canvasElement);
    drawSignature(pad);
    [...pad.shadowRoot!.querySelectorAll('button')][0]!.click();
    const preview = await until(() =>
      root(canvasElement).querySelector<HTMLCanvasElement>('canvas.signature'),
    );
    await until(() => preview.height !== 150); // painted: the PNG's size, not a blank canvas's 300 × 150
  },
};

/** Date questions: day, month and year in the page's locale's order, the format shown. */
const DATES: FhirQuestionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'Your symptoms',
  item: [
    {
      linkId: 'first-symptom',
      type: 'date',
      required: true,
      text: 'When did it start?',
      item: [
        {
          linkId: 'first-symptom-help',
          type: 'display',
          text: 'An approximate date is fine.',
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
              valueCodeableConcept: {coding: [{code: 'help'}]},
            },
          ],
        },
      ],
    },
    {linkId: 'last-visit', type: 'date', text: 'Your last visit to a doctor'},
  ],
};

export const DateQuestion: Story = {
  render: () => forms({questionnaire: DATES}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    await until(() =>
      root(canvasElement).querySelector('portal-date-input')?.shadowRoot?.querySelector('input'),
    );
  },
};

/** Sent with a date that does not exist (31 February) and the optional one empty. */
export const DateQuestionErrors: Story = {
  render: () => forms({questionnaire: DATES}),
  play: async ({canvasElement}) => {
    await open(canvasElement, /^(Answer|Responder): /);
    const date = await until(() => root(canvasElement).querySelector('portal-date-input'));
    const fields = await until(() => date.shadowRoot?.querySelectorAll<HTMLInputElement>('input'));
    const parts: Record<string, string> = {day: '31', month: '02', year: '2026'};
    for (const f of fields) {
      f.value = parts[f.id] ?? '';
      f.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    }
    root(canvasElement).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await until(() => root(canvasElement).querySelector('.error-summary'));
  },
};
