/**
 * The demo clinic with one questionnaire of a test's own on the upcoming visit (its title "Your
 * symptoms" / "Sus síntomas"), the demo patient signed in; and `<patient-forms>` opened on it.
 * Shared by the date and date-and-time question tests. And the peel consent to sign, for the
 * signature and withdrawal tests.
 */
import {fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../../src/define/patient-forms.js';
import type {PatientForms} from '../../../src/elements/patient-forms/patient-forms.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  MemoryAdapter,
  createDemoClinicData,
} from '../../../src/adapters/memory/index.js';
import {demoForms} from '../../../src/adapters/memory/demo-forms.js';
import {sessionFor} from '../../../src/adapters/registry.js';
import type {ConsentSignRequest, FormTask, Questionnaire} from '../../../src/domain/forms.js';
import type {Clinic} from '../../../src/domain/types.js';
import {root, text} from '../helpers/records.js';
import {until} from '../helpers/dom.js';

export async function signedInWith(
  id: string,
  questionnaire: Questionnaire,
  now: number,
  clinic: Partial<Clinic> = {},
): Promise<MemoryAdapter> {
  const data = createDemoClinicData();
  const forms = demoForms();
  const adapter = new MemoryAdapter({
    seed: DEMO_SEED,
    clock: () => now,
    data: {
      ...data,
      clinic: {...data.clinic, ...clinic},
      visitForms: Object.fromEntries(
        Object.entries(data.visitForms ?? {}).map(([v, f]) => [
          v,
          f.questionnaireId
            ? {...f, questionnaire: {en: 'Your symptoms', es: 'Sus síntomas'}, questionnaireId: id}
            : f,
        ]),
      ),
      loadForms: () =>
        Promise.resolve({...forms, questionnaires: {...forms.questionnaires, [id]: questionnaire}}),
    },
  });
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

/** `<patient-forms>` with the questionnaire "Your symptoms" opened (its date fields drawn). */
export async function openedForm(adapter: MemoryAdapter): Promise<PatientForms> {
  const el = await fixture<PatientForms>(html`<patient-forms .adapter=${adapter}></patient-forms>`);
  const answer = () =>
    [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
      /: (Your symptoms|Sus síntomas)$/.test(b.getAttribute('aria-label') ?? ''),
    );
  (await until(answer, 'forms listed')).click();
  await until(() => root(el).querySelector('portal-date-input')?.shadowRoot?.querySelector('input'), 'dates');
  return el;
}

/** The date fields of question `linkId` (`<portal-date-input id="q-item.<linkId>">`). */
export const dateInputOf = (el: Element, linkId: string) =>
  root(el).querySelector<HTMLElement & {value: string}>(`portal-date-input[id="q-item.${linkId}"]`)!;

/** Types a date by keyboard into question `linkId`'s three fields, in their order on screen (Tab between them). */
export async function typeDateIn(el: Element, linkId: string, parts: Record<string, string>): Promise<void> {
  const input = dateInputOf(el, linkId);
  input.focus();
  const order = [...input.shadowRoot!.querySelectorAll<HTMLInputElement>('input')].map((i) => i.id);
  for (const [i, f] of order.entries()) {
    await sendKeys({type: parts[f]});
    if (i < order.length - 1) await sendKeys({press: 'Tab'});
  }
}

/** The questionnaire `formId`'s open task (its ids for reading the draft back). */
export async function openTaskOf(adapter: MemoryAdapter, formId: string): Promise<FormTask> {
  return (await adapter.listForms()).find((t) => t.item.formId === formId && t.actionRequired)!;
}

/**
 * The demo clinic with the chemical-peel consent (withdrawable before the visit) to sign before each
 * questionnaire-bearing visit, the demo patient signed in at `now`; what is sent to sign is kept.
 * `withdrawable: false`: the clinic's document without `withdrawal`.
 */
export async function withPeelConsent(
  now: number,
  {withdrawable = true}: {withdrawable?: boolean} = {},
): Promise<{adapter: MemoryAdapter; sent: ConsentSignRequest[]}> {
  const data = createDemoClinicData();
  const demo = demoForms();
  const {withdrawal: _, ...fixed} = demo.consents['chemical-peel'];
  const forms = withdrawable ? demo : {...demo, consents: {...demo.consents, 'chemical-peel': fixed}};
  const adapter = new MemoryAdapter({
    seed: DEMO_SEED,
    clock: () => now,
    data: {
      ...data,
      visitForms: Object.fromEntries(
        Object.entries(data.visitForms ?? {}).map(([id, f]) => [
          id,
          f.questionnaireId
            ? {
                ...f,
                consent: {
                  en: 'Informed consent for a chemical peel',
                  es: 'Consentimiento informado para peeling químico',
                },
                consentId: 'chemical-peel',
              }
            : f,
        ]),
      ),
      loadForms: () => Promise.resolve(forms),
    },
  });
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  const sent: ConsentSignRequest[] = [];
  const sign = adapter.signConsent.bind(adapter);
  adapter.signConsent = (ref, request, options) => (sent.push(request), sign(ref, request, options));
  return {adapter, sent};
}

/** `<patient-forms>` with the peel consent opened (its signing form drawn). */
export async function consentOpen(adapter: MemoryAdapter): Promise<PatientForms> {
  const el = await fixture<PatientForms>(html`<patient-forms .adapter=${adapter}></patient-forms>`);
  await until(() => /Action required/.test(text(el)), 'forms listed');
  const open = [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
    /^Read and sign: Informed consent/.test(b.getAttribute('aria-label') ?? ''),
  )!;
  open.click();
  await until(() => root(el).querySelector('#q-typedName'), 'consent form');
  return el;
}
