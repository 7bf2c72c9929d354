import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import '../../../src/define/patient-forms.js';
import type {PatientForms, PortalFormDoneEvent} from '../../../src/elements/patient-forms/patient-forms.js';
import {createDemoAdapter, type MemoryAdapter} from '../../../src/adapters/memory/index.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const signedIn = (): Promise<MemoryAdapter> => signedInDemo(NOW);

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
    await expectAccessible(el, 'list en');
    await spanish(el);
    expect(text(el)).to.contain('Pendiente de hacer');
    expect(text(el)).to.match(/Antes de su cita del/);
    await expectAccessible(el, 'list es');
  });

  it('answers the medical history: enableWhen shows and hides, a draft survives a new element, errors summarised, then sent', async () => {
    const adapter = await signedIn();
    let el = await listed(adapter);
    labelled(el, /^Answer: Medical history/)!.click();
    await until(() => root(el).querySelector('form'), 'questionnaire');
    expect(text(el)).to.not.contain('Which medications');
    radio(el, /^Yes$/).click(); // the first yes/no on the page is "take any medication?" (pregnancy hidden until sex is answered)
    await el.updateComplete;
    expect(text(el)).to.not.contain('Are you pregnant');
    radio(el, /^Female$/).click();
    await el.updateComplete;
    expect(text(el)).to.contain('Are you pregnant');
    // "Which medications" appears after a yes to medication.
    const medsYes = [...root(el).querySelectorAll('fieldset')].find((f) =>
      /Do you currently take any medication/.test(f.textContent ?? ''),
    )!;
    medsYes.querySelector<HTMLInputElement>('input[type=radio]')!.click();
    await el.updateComplete;
    expect(text(el)).to.contain('Which medications');
    await expectAccessible(el, 'questionnaire en');

    // Save a draft, then a fresh element (a reload) finds the answers again.
    buttonIn(root(el), 'Save draft')!.click();
    await until(() => /Draft saved/.test(text(el)), 'draft saved');
    el.remove();
    el = await listed(adapter);
    labelled(el, /^Answer: Medical history/)!.click();
    await until(() => root(el).querySelector('form'), 'questionnaire again');
    expect(radio(el, /^Female$/).checked).to.equal(true);
    expect(text(el)).to.contain('Which medications');

    // Send with required answers missing: the summary takes focus and names each question.
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'error summary');
    await nextFrame();
    expect(deepActive()?.classList.contains('error-summary')).to.equal(true);
    expect(text(el)).to.contain('Which medications, and what doses?');
    await expectAccessible(el, 'questionnaire errors en');
    await spanish(el);
    expect(text(el)).to.contain('Revise estas respuestas');
    await expectAccessible(el, 'questionnaire errors es');
    await setPageLocale('en');
    await localeReady();
    await el.updateComplete;

    // Answer them and send.
    const fieldsetFor = (q: RegExp) =>
      [...root(el).querySelectorAll('fieldset')].find((f) =>
        q.test(f.querySelector('legend')?.textContent ?? ''),
      )!;
    fieldsetFor(/pregnant/)
      .querySelectorAll<HTMLInputElement>('input[type=radio]')[1]
      .click();
    fieldsetFor(/isotretinoin/)
      .querySelectorAll<HTMLInputElement>('input[type=radio]')[1]
      .click();
    await el.updateComplete;
    const meds = root(el).querySelector<HTMLTextAreaElement>('textarea')!;
    meds.value = '<img src=x onerror=alert(1)> Ibuprofen 400 mg';
    meds.dispatchEvent(new Event('change'));
    await el.updateComplete;
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
