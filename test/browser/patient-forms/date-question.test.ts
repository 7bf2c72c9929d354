/**
 * <patient-forms>: questionnaire items of type `date` entered with the library's own day/month/year
 * fields (`<portal-date-input any-date>`), in the page's locale's order; a date that does not exist
 * and a required one left empty refused with a message (summary and the fields); the answer kept
 * as a FHIR `valueDate` (drafts too).
 */
import {expect, nextFrame} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {MemoryAdapter} from '../../../src/adapters/memory/index.js';
import {dateInputOf, openTaskOf, openedForm, signedInWith, typeDateIn} from './forms-fixture.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import type {Questionnaire} from '../../../src/domain/forms.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const DATES: Questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'Your symptoms',
  item: [
    {
      linkId: 'first-symptom',
      type: 'date',
      required: true,
      text: 'When did it start?',
      _text: {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/translation',
            extension: [
              {url: 'lang', valueCode: 'es'},
              {url: 'content', valueString: '¿Cuándo empezó?'},
            ],
          },
        ],
      },
    },
    {linkId: 'last-visit', type: 'date', text: 'Your last visit to a doctor'},
  ],
};

const signedIn = () => signedInWith('dates', DATES, NOW);
const opened = openedForm;

const dateInput = dateInputOf;
const fields = (el: Element, linkId: string) =>
  [...dateInput(el, linkId).shadowRoot!.querySelectorAll<HTMLInputElement>('input')].map((i) => i.id);
const shownError = (el: Element, linkId: string) => {
  const p = dateInput(el, linkId).shadowRoot!.querySelector<HTMLElement>('[part="error"]')!;
  return p.hidden ? '' : squash(p.textContent);
};

const typeDate = typeDateIn;
const taskOf = (adapter: MemoryAdapter) => openTaskOf(adapter, 'dates');

describe('<patient-forms> date questions', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('enters dates as month/day/year (en-US), refuses 02/31 and an empty required date, sends a valueDate', async () => {
    const adapter = await signedIn();
    const el = await opened(adapter);
    const done: {appointmentId: string; itemId: string}[] = [];
    el.addEventListener('portal-form-done', (e) =>
      done.push({appointmentId: e.appointmentId, itemId: e.itemId}),
    );
    expect(root(el).querySelector('input[type=date]'), 'no browser date input').to.equal(null);
    expect(fields(el, 'first-symptom')).to.deep.equal(['month', 'day', 'year']);
    const legend = dateInput(el, 'first-symptom').shadowRoot!.querySelector('legend')!;
    expect(squash(legend.textContent)).to.equal('When did it start? (required)');
    expect(squash(dateInput(el, 'first-symptom').shadowRoot!.textContent)).to.contain('Format: MM/DD/YYYY');
    await expectAccessible(el, 'date questions en');

    // Nothing entered: the required date refused, in the summary and under its fields.
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => root(el).querySelector('.error-summary'), 'summary');
    expect(squash(root(el).querySelector('.error-summary')!.textContent)).to.contain(
      'When did it start?: This field is required.',
    );
    await until(() => shownError(el, 'first-symptom'), 'required shown at the question');
    expect(shownError(el, 'first-symptom')).to.equal('This field is required.');
    expect(shownError(el, 'last-visit'), 'an optional empty date is fine').to.equal('');
    await expectAccessible(el, 'required date en');

    // A date that does not exist.
    await typeDate(el, 'first-symptom', {month: '02', day: '31', year: '2026'});
    await sendKeys({press: 'Tab'}); // leaves the group: the fields show their message
    await until(() => /doesn’t exist/.test(shownError(el, 'first-symptom')), 'invalid date shown');
    buttonIn(root(el), 'Send answers')!.click();
    await until(
      () => /doesn’t exist/.test(root(el).querySelector('.error-summary')?.textContent ?? ''),
      'in summary',
    );
    expect(squash(root(el).querySelector('.error-summary')!.textContent)).to.contain(
      'When did it start?: This date doesn’t exist. Please check the day and month.',
    );
    // One message at the question (the fields' own), not two.
    expect(root(el).querySelector('[id="err-item.first-symptom"]')).to.equal(null);
    // The summary's link takes focus to the date's first field.
    root(el).querySelector<HTMLAnchorElement>('.error-summary a')!.click();
    await nextFrame();
    expect(deepActive()?.id).to.equal('month');
    await expectAccessible(el, 'invalid date en');

    // Corrected (the day), then sent: stored as a plain FHIR valueDate.
    const day = dateInput(el, 'first-symptom').shadowRoot!.querySelector<HTMLInputElement>('#day')!;
    day.focus();
    day.select();
    await sendKeys({type: '28'});
    await sendKeys({press: 'Tab'});
    await until(() => !shownError(el, 'first-symptom'), 'message gone');
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /Your answers were sent/.test(text(el)), 'sent');
    const form = await adapter.getQuestionnaireForm(done[0]);
    expect(form.response?.item).to.deep.equal([
      {linkId: 'first-symptom', text: 'When did it start?', answer: [{valueDate: '2026-02-28'}]},
    ]);
    // Shown as a date in the patient's language.
    expect(text(el)).to.contain('When did it start? February 28, 2026');
  });

  it('in Spanish: day/month/year; a draft keeps the date, shown again in a new element', async () => {
    const adapter = await signedIn();
    await setPageLocale('es-MX');
    let el = await opened(adapter);
    await spanish(el);
    expect(fields(el, 'first-symptom')).to.deep.equal(['day', 'month', 'year']);
    expect(squash(dateInput(el, 'first-symptom').shadowRoot!.textContent)).to.contain('DD/MM/AAAA');
    expect(squash(dateInput(el, 'first-symptom').shadowRoot!.querySelector('legend')!.textContent)).to.equal(
      '¿Cuándo empezó? (obligatoria)',
    );
    await expectAccessible(el, 'date questions es');
    await typeDate(el, 'first-symptom', {day: '5', month: '1', year: '2026'});
    await sendKeys({press: 'Tab'});
    await until(() => /Guardado/.test(text(el)), 'autosaved');
    const task = await taskOf(adapter);
    const draft = await adapter.getQuestionnaireForm({
      appointmentId: task.appointmentId,
      itemId: task.item.id,
    });
    expect(draft.response?.item).to.deep.equal([
      {linkId: 'first-symptom', text: 'When did it start?', answer: [{valueDate: '2026-01-05'}]},
    ]);
    // A half-typed date elsewhere is not sent, and does not stop the draft.
    await typeDate(el, 'last-visit', {day: '3', month: '', year: ''});
    await sendKeys({press: 'Tab'});
    el.remove();
    el = await opened(adapter);
    await spanish(el);
    await until(() => dateInput(el, 'first-symptom').value === '2026-01-05', 'draft shown');
    const shown = dateInput(el, 'first-symptom').shadowRoot!.querySelectorAll<HTMLInputElement>('input');
    expect([...shown].map((i) => i.value)).to.deep.equal(['05', '01', '2026']);
    expect(dateInput(el, 'last-visit').value).to.equal('');
  });
});
