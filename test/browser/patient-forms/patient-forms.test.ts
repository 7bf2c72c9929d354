import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import '../../../src/define/patient-forms.js';
import type {PatientForms, PortalFormDoneEvent} from '../../../src/elements/patient-forms/patient-forms.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  MemoryAdapter,
  createDemoAdapter,
  createDemoClinicData,
  type MemoryVisitForms,
} from '../../../src/adapters/memory/index.js';
import {demoForms} from '../../../src/adapters/memory/demo-forms.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import type {Questionnaire} from '../../../src/domain/forms.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const signedIn = (): Promise<MemoryAdapter> => signedInDemo(NOW);

/** The demo clinic with each questionnaire-bearing service's forms changed, its patient signed in. */
async function signedInWith(
  change: (f: MemoryVisitForms) => MemoryVisitForms,
  questionnaires: Record<string, Questionnaire> = {},
): Promise<MemoryAdapter> {
  const data = createDemoClinicData();
  const forms = demoForms();
  const adapter = new MemoryAdapter({
    seed: DEMO_SEED,
    clock: () => NOW,
    data: {
      ...data,
      visitForms: Object.fromEntries(
        Object.entries(data.visitForms ?? {}).map(([id, f]) => [id, f.questionnaireId ? change(f) : f]),
      ),
      loadForms: () =>
        Promise.resolve({...forms, questionnaires: {...forms.questionnaires, ...questionnaires}}),
    },
  });
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

async function listed(adapter: MemoryAdapter): Promise<PatientForms> {
  const el = await fixture<PatientForms>(html`<patient-forms .adapter=${adapter}></patient-forms>`);
  await until(() => /Action required/.test(text(el)), 'forms listed');
  return el;
}

const labelled = (el: Element, name: RegExp) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
    name.test(b.getAttribute('aria-label') ?? ''),
  );

function radio(el: Element, label: RegExp): HTMLInputElement {
  const l = [...root(el).querySelectorAll('label')].find((x) => label.test(x.textContent ?? ''));
  if (!l) throw new Error(`no option ${String(label)}`);
  return l.querySelector('input')!;
}

describe('<patient-forms>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('signed out: a prompt to sign in, accessible in English and Spanish', async () => {
    const el = await fixture<PatientForms>(
      html`<patient-forms .adapter=${createDemoAdapter({clock: () => NOW})}></patient-forms>`,
    );
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Inicie sesión para ver sus formularios');
    await expectAccessible(el, 'signed out es');
  });

  it('lists what is due by visit, with the date it is due by; accessible in both languages', async () => {
    const el = await listed(await signedIn());
    expect(text(el)).to.match(/Before your visit on \w+day/);
    expect(labelled(el, /^Answer: Medical history/)).to.exist;
    expect(text(el)).to.contain('Done and for reading');
    // Instructions have no state: their line ends with the title, not a dangling "—".
    const lines = [...root(el).querySelectorAll('ul.tasks li > span:first-child')].map((s) =>
      squash(s.textContent),
    );
    expect(lines.find((l) => l.startsWith('Before your visit: Dermatology visit'))).to.equal(
      'Before your visit: Dermatology visit',
    );
    expect(lines.filter((l) => l.endsWith('—'))).to.deep.equal([]);
    await expectAccessible(el, 'list en');
    await spanish(el);
    expect(text(el)).to.contain('Pendiente de hacer');
    expect(text(el)).to.match(/Antes de su cita del/);
    await expectAccessible(el, 'list es');
  });

  it('answers the medical history page by page: enableWhen, per-step errors, autosaved draft survives a new element, review, sent', async () => {
    const adapter = await signedIn();
    let el = await listed(adapter);
    labelled(el, /^Answer: Medical history/)!.click();
    await until(() => root(el).querySelector('form'), 'questionnaire');
    const heading = () => root(el).querySelector('h4.step')!;
    expect(squash(heading().textContent)).to.equal('Step 1 of 3 About you');
    expect(text(el)).to.not.contain('Do you currently take any medication');
    expect(text(el)).to.not.contain('Are you pregnant');
    radio(el, /^Female$/).click();
    await el.updateComplete;
    expect(text(el)).to.contain('Are you pregnant');

    // Next with the pregnancy question unanswered: this page's problem only, summary focused, its link
    // moves focus to the question.
    buttonIn(root(el), 'Next')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'step error summary');
    await nextFrame();
    expect(deepActive()?.classList.contains('error-summary')).to.equal(true);
    const links = [...root(el).querySelectorAll<HTMLAnchorElement>('.error-summary a')];
    expect(links.map((a) => squash(a.textContent))).to.deep.equal([
      'Are you pregnant, could you be, or are you breastfeeding?: This field is required.',
    ]);
    links[0].click();
    await nextFrame();
    expect(deepActive()?.id).to.equal('q-item.pregnant');
    expect(squash(heading().textContent)).to.contain('Step 1 of 3');
    await expectAccessible(el, 'step 1 errors en');

    radio(el, /^No$/).click();
    await el.updateComplete;
    buttonIn(root(el), 'Next')!.click();
    await until(() => /Step 2 of 3/.test(heading().textContent ?? ''), 'step 2');
    await nextFrame();
    expect(deepActive()).to.equal(heading());
    expect(squash(heading().textContent)).to.equal('Step 2 of 3 Your health');
    const medsYes = [...root(el).querySelectorAll('fieldset')].find((f) =>
      /Do you currently take any medication/.test(f.textContent ?? ''),
    )!;
    medsYes.querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Which medications');
    // Saved by itself a moment later (to the backend), said in the polite status line.
    await until(() => /Saved/.test(root(el).querySelector('.status')?.textContent ?? ''), 'autosaved');
    expect(root(el).querySelector('.status')!.getAttribute('role')).to.equal('status');
    await expectAccessible(el, 'step 2 en');

    // A reload: a fresh element finds the answers again.
    el.remove();
    el = await listed(adapter);
    labelled(el, /^Answer: Medical history/)!.click();
    await until(() => root(el).querySelector('form'), 'questionnaire again');
    expect(radio(el, /^Female$/).checked).to.equal(true);
    expect(radio(el, /^No$/).checked).to.equal(true);
    buttonIn(root(el), 'Next')!.click();
    await until(() => /Step 2 of 3/.test(heading().textContent ?? ''), 'step 2 again');
    expect(text(el)).to.contain('Which medications');

    // Step 2's required answers missing: summarised, in English and Spanish.
    buttonIn(root(el), 'Next')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'error summary');
    await nextFrame();
    expect(deepActive()?.classList.contains('error-summary')).to.equal(true);
    expect(text(el)).to.contain('Which medications, and what doses?');
    await expectAccessible(el, 'questionnaire errors en');
    await spanish(el);
    expect(text(el)).to.contain('Revise estas respuestas');
    expect(text(el)).to.contain('Paso 2 de 3');
    await expectAccessible(el, 'questionnaire errors es');
    await setPageLocale('en');
    await localeReady();
    await el.updateComplete;

    // Answer them, then the review page.
    const fieldsetFor = (q: RegExp) =>
      [...root(el).querySelectorAll('fieldset')].find((f) =>
        q.test(f.querySelector('legend')?.textContent ?? ''),
      )!;
    fieldsetFor(/isotretinoin/)
      .querySelectorAll<HTMLInputElement>('input[type=radio]')[1]
      .click();
    await el.updateComplete;
    const meds = root(el).querySelector<HTMLTextAreaElement>('textarea')!;
    meds.value = '<img src=x onerror=alert(1)> Ibuprofen 400 mg';
    meds.dispatchEvent(new Event('change'));
    await el.updateComplete;
    buttonIn(root(el), 'Next')!.click();
    await until(() => /Check your answers/.test(heading().textContent ?? ''), 'review');
    await nextFrame();
    expect(deepActive()).to.equal(heading());
    expect(squash(heading().textContent)).to.equal('Step 3 of 3 Check your answers');
    expect(text(el)).to.contain('<img src=x onerror=alert(1)> Ibuprofen 400 mg');
    expect(labelled(el, /^Change: Your health$/)).to.exist;
    // Booleans read Yes/No (not true/false), each answer straight after its question.
    expect(text(el)).to.contain('Do you currently take any medication? Yes');
    expect(text(el)).to.contain('Have you taken isotretinoin (Accutane) in the last 6 months? No');
    await expectAccessible(el, 'review en');
    await spanish(el);
    expect(text(el)).to.contain('Revise sus respuestas');
    await expectAccessible(el, 'review es');
    await setPageLocale('en');
    await localeReady();
    await el.updateComplete;
    // "Change" goes back to that page, its heading focused.
    labelled(el, /^Change: About you$/)!.click();
    await until(() => /Step 1 of 3/.test(heading().textContent ?? ''), 'back to step 1');
    await nextFrame();
    expect(deepActive()).to.equal(heading());
    buttonIn(root(el), 'Next')!.click();
    await until(() => /Step 2 of 3/.test(heading().textContent ?? ''), 'step 2 once more');
    buttonIn(root(el), 'Next')!.click();
    await until(() => /Check your answers/.test(heading().textContent ?? ''), 'review again');

    const done: PortalFormDoneEvent[] = [];
    el.addEventListener('portal-form-done', (e) => done.push(e));
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /Your answers were sent/.test(text(el)), 'sent');
    expect(text(el)).to.contain('<img src=x onerror=alert(1)> Ibuprofen 400 mg');
    expect(root(el).querySelector('img')).to.not.exist;
    expect(done.length).to.equal(1);
    expect(
      Object.keys(done[0])
        .filter((k) => k !== 'isTrusted')
        .sort(),
    ).to.deep.equal(['appointmentId', 'itemId', 'kind']);
    await expectAccessible(el, 'questionnaire done en');
  });

  it('renders and submits the standard PHQ-9 (answers from its contained ValueSet) unchanged', async () => {
    const phq9 = (await (await fetch('/test/fixtures/phq-9.questionnaire.json')).json()) as Questionnaire;
    const adapter = await signedInWith(
      (f) => ({...f, questionnaire: {en: 'PHQ-9', es: 'PHQ-9'}, questionnaireId: 'phq-9'}),
      {'phq-9': phq9},
    );
    const el = await listed(adapter);
    labelled(el, /^Answer: PHQ-9/)!.click();
    await until(() => root(el).querySelector('form'), 'PHQ-9');
    expect(text(el)).to.contain('PHQ-9 quick depression assessment panel');
    expect(root(el).querySelector('h4.step')).to.not.exist; // one group: one page
    const groups = [...root(el).querySelectorAll('fieldset.bare')];
    expect(groups.length).to.equal(10); // nine questions + the difficulty
    expect(squash(groups[0].querySelector('legend')!.textContent)).to.equal(
      '1. Little interest or pleasure in doing things',
    );
    expect([...groups[0].querySelectorAll('label')].map((l) => squash(l.textContent))).to.deep.equal([
      'Not at all',
      'Several days',
      'More than half the days',
      'Nearly every day',
    ]);
    const total = root(el).querySelector<HTMLInputElement>('[id="q-item./44261-6"]')!;
    expect(total.disabled).to.equal(true);
    await expectAccessible(el, 'PHQ-9 en');
    groups.forEach((g, n) => g.querySelectorAll<HTMLInputElement>('input[type=radio]')[n % 4].click());
    await el.updateComplete;
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /Your answers were sent/.test(text(el)), 'PHQ-9 sent');
    expect(text(el)).to.contain('Little interest or pleasure in doing things Not at all');
    expect(text(el)).to.contain('Feeling down, depressed, or hopeless Several days');
    await spanish(el);
    expect(text(el)).to.contain('Sus respuestas');
    await expectAccessible(el, 'PHQ-9 done es');
  });

  it('signs a consent with a typed name, then downloads the signed PDF the backend made', async () => {
    const adapter = await signedInWith((f) => ({
      ...f,
      consent: {
        en: 'Informed consent for a chemical peel',
        es: 'Consentimiento informado para peeling químico',
      },
      consentId: 'chemical-peel',
    }));
    const el = await listed(adapter);
    labelled(el, /^Read and sign: Informed consent for a chemical peel/)!.click();
    await until(() => root(el).querySelector('#q-typedName'), 'consent');
    const box = root(el).querySelector<HTMLInputElement>('#q-agreed')!;
    box.click();
    const name = root(el).querySelector<HTMLInputElement>('#q-typedName')!;
    name.value = 'Ana García López';
    name.dispatchEvent(new Event('input'));
    await el.updateComplete;
    buttonIn(root(el), 'Sign')!.click();
    await until(() => /Signed by Ana García López/.test(text(el)), 'signed');
    await expectAccessible(el, 'consent signed en');
    const made: Blob[] = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => (made.push(b as Blob), create.call(URL, b));
    try {
      buttonIn(root(el), 'Download signed PDF')!.click();
      await until(() => made.length === 1, 'PDF made');
    } finally {
      URL.createObjectURL = create;
    }
    expect(made[0].type).to.equal('application/pdf');
    expect(new TextDecoder().decode((await made[0].arrayBuffer()).slice(0, 8))).to.equal('%PDF-1.4');
    await spanish(el);
    expect(text(el)).to.contain('Descargar PDF firmado');
    await expectAccessible(el, 'consent signed es');
  });

  it('reads instructions', async () => {
    const el = await listed(await signedIn());
    const read = [...root(el).querySelectorAll('button')].find((b) =>
      /^Read: /.test(b.getAttribute('aria-label') ?? ''),
    )!;
    read.click();
    await until(() => root(el).querySelector('.document'), 'instructions');
    expect(root(el).querySelector('.document')!.textContent!.trim().length).to.be.greaterThan(10);
    await expectAccessible(el, 'instructions en');
  });
});
