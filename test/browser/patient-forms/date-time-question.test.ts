/**
 * <patient-forms>: questionnaire items of type `dateTime` entered as the library's day/month/year
 * fields plus a time field, read as the clinic's clock (its zone named under the question): the
 * answer is a FHIR `valueDateTime` with the clinic's offset that day, shown again as the same wall
 * time. Half an answer (a date without a time, a time without a date) and a time the clocks skip
 * (spring forward in New York) are refused with their own message; `time` answers are shown in the
 * page's locale's style.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {MemoryAdapter} from '../../../src/adapters/memory/index.js';
import {dateInputOf, openTaskOf, openedForm, signedInWith, typeDateIn} from './forms-fixture.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import type {Questionnaire} from '../../../src/domain/forms.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {timeZoneLabel} from '../../../src/localization/format.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, spanish, text} from '../helpers/records.js';
import {buttonIn, squash, until} from '../helpers/dom.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const TIMES: Questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'Your symptoms',
  item: [
    {
      linkId: 'pain-start',
      type: 'dateTime',
      required: true,
      text: 'When did the pain start?',
      _text: {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/translation',
            extension: [
              {url: 'lang', valueCode: 'es'},
              {url: 'content', valueString: '¿Cuándo empezó el dolor?'},
            ],
          },
        ],
      },
    },
    {linkId: 'wake', type: 'time', text: 'When do you usually wake up?'},
  ],
};

// A clinic whose clocks change (New York springs forward on 8 March 2026 at 02:00).
const signedIn = () => signedInWith('times', TIMES, NOW, {timeZone: 'America/New_York'});
const opened = openedForm;

const ID = 'q-item.pain-start';
const dateInput = (el: Element) => dateInputOf(el, 'pain-start');
const timeInput = (el: Element) => root(el).querySelector<HTMLInputElement>(`input[id="${ID}-time"]`)!;
const summary = (el: Element) => squash(root(el).querySelector('.error-summary')?.textContent ?? '');
const messageAt = (el: Element) =>
  squash(root(el).querySelector('[id="err-item.pain-start"]')?.textContent ?? '');

/** Types the date by keyboard, then leaves the fields (Tab). */
async function typeDate(el: Element, parts: Record<string, string>) {
  await typeDateIn(el, 'pain-start', parts);
  await sendKeys({press: 'Tab'});
}

/** A time chosen in the browser's own time field (its segments differ by engine; the value does not). */
function setTime(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
}

const taskOf = (adapter: MemoryAdapter) => openTaskOf(adapter, 'times');

describe('<patient-forms> date-and-time questions', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('asks a date and a time on the clinic’s clock, refuses half an answer and a skipped hour, sends the clinic’s offset', async () => {
    const adapter = await signedIn();
    const el = await opened(adapter);
    const done: {appointmentId: string; itemId: string}[] = [];
    el.addEventListener('portal-form-done', (e) =>
      done.push({appointmentId: e.appointmentId, itemId: e.itemId}),
    );
    expect(root(el).querySelector('input[type="datetime-local"]'), 'no browser date-time input').to.equal(
      null,
    );
    const group = dateInput(el).closest('fieldset')!;
    expect(squash(group.querySelector('legend')!.textContent)).to.equal(
      'When did the pain start? (required)',
    );
    // (The zone's name as the library words it everywhere, e.g. "Eastern Time".)
    const zone = timeZoneLabel('America/New_York', 'en');
    expect(squash(group.textContent)).to.contain(`Clinic time: ${zone}`);
    expect(squash(root(el).querySelector(`label[for="${ID}-time"]`)!.textContent)).to.equal('Time');
    await expectAccessible(el, 'date-time question en');

    // Nothing: required.
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => summary(el), 'summary');
    expect(summary(el)).to.contain('When did the pain start?: This field is required.');
    expect(messageAt(el)).to.equal('This field is required.');

    // A date without a time.
    await typeDate(el, {month: '03', day: '08', year: '2026'});
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /time too/.test(summary(el)), 'time missing');
    expect(summary(el)).to.contain('When did the pain start?: Enter the time too, for example 09:30.');
    expect(messageAt(el)).to.equal('Enter the time too, for example 09:30.');
    expect(timeInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(timeInput(el).getAttribute('aria-describedby')).to.contain('err-item.pain-start');
    await expectAccessible(el, 'time missing en');

    // 02:30 on the night New York's clocks go from 02:00 to 03:00.
    setTime(timeInput(el), '02:30');
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /clocks change/.test(summary(el)), 'skipped hour');
    expect(messageAt(el)).to.equal(
      'The clocks change at that time on that day, so it doesn’t exist. Please choose another time.',
    );

    // 09:30: sent with the clinic's offset that day (EDT), whatever the device's zone.
    setTime(timeInput(el), '09:30');
    setTime(
      root(el).querySelector<HTMLInputElement>('input[id="q-item.wake-time"], input[id="q-item.wake"]')!,
      '06:45',
    );
    await until(() => !messageAt(el), 'message gone');
    buttonIn(root(el), 'Send answers')!.click();
    await until(() => /Your answers were sent/.test(text(el)), 'sent');
    const form = await adapter.getQuestionnaireForm(done[0]);
    expect(form.response?.item).to.deep.equal([
      {
        linkId: 'pain-start',
        text: 'When did the pain start?',
        answer: [{valueDateTime: '2026-03-08T09:30:00-04:00'}],
      },
      {linkId: 'wake', text: 'When do you usually wake up?', answer: [{valueTime: '06:45:00'}]},
    ]);
    // Shown again as the clinic's wall time with its zone, and the time of day in the page's style.
    expect(text(el)).to.match(/When did the pain start\? Sunday, March 8, 2026.{1,6}9:30\sAM, /);
    expect(text(el)).to.match(new RegExp(`9:30\\sAM, ${zone}When`));
    expect(text(el)).to.match(/When do you usually wake up\? 6:45\sAM/);
  });

  it('in Spanish: a draft keeps the date and time, shown again in a new element', async () => {
    const adapter = await signedIn();
    await setPageLocale('es-MX');
    let el = await opened(adapter);
    await spanish(el);
    const group = dateInput(el).closest('fieldset')!;
    expect(squash(group.querySelector('legend')!.textContent)).to.equal(
      '¿Cuándo empezó el dolor? (obligatoria)',
    );
    expect(squash(group.textContent)).to.contain(
      `Hora de la clínica: ${timeZoneLabel('America/New_York', 'es-MX')}`,
    );
    expect(squash(root(el).querySelector(`label[for="${ID}-time"]`)!.textContent)).to.equal('Hora');
    // A time without a date.
    setTime(timeInput(el), '18:05');
    buttonIn(root(el), 'Enviar respuestas')!.click();
    await until(() => /Escriba también la fecha/.test(summary(el)), 'date missing');
    await expectAccessible(el, 'date missing es');
    await typeDate(el, {day: '1', month: '3', year: '2026'});
    await until(() => /Guardado/.test(text(el)), 'autosaved');
    const task = await taskOf(adapter);
    const draft = await adapter.getQuestionnaireForm({
      appointmentId: task.appointmentId,
      itemId: task.item.id,
    });
    expect(draft.response?.item).to.deep.equal([
      {
        linkId: 'pain-start',
        text: 'When did the pain start?',
        answer: [{valueDateTime: '2026-03-01T18:05:00-05:00'}],
      },
    ]);
    el.remove();
    el = await opened(adapter);
    await spanish(el);
    await until(() => dateInput(el).value === '2026-03-01', 'draft date shown');
    expect(timeInput(el).value).to.equal('18:05');
  });
});
