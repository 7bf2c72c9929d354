/**
 * `<patient-documents>`: a lab result's values (a real table, flags in words and with a mark, not
 * colour alone; numbers per locale; a labelled, focusable scrolling region at 320 px) and a
 * prescription's details with "Request a refill" (asked first, sent by keyboard, the outcome
 * announced), in English and Spanish, axe in every state.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-documents.js';
import type {PatientDocuments} from '../../../src/elements/patient-documents/patient-documents.js';
import {NetworkError} from '../../../src/adapters/adapter.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MemoryAdapter,
  createDemoClinicData,
} from '../../../src/adapters/memory/index.js';
import {demoDocuments} from '../../../src/adapters/memory/demo-documents.js';
import {sessionFor} from '../../../src/adapters/registry.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, squash, until} from '../helpers/dom.js';
import {INJECTED_SELECTOR, XSS_PAYLOADS, pwned} from '../helpers/xss-payloads.js';
import type {DocumentList} from '../../../src/domain/documents.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const items = (el: Element) => [...root(el).querySelectorAll('ul.docs > li')];
const polite = () => document.querySelector('[data-portal-announcer="polite"]')?.textContent ?? '';
const assertive = () => document.querySelector('[data-portal-announcer="assertive"]')?.textContent ?? '';

async function listed(adapter: MemoryAdapter): Promise<PatientDocuments> {
  const el = await fixture<PatientDocuments>(
    html`<patient-documents .adapter=${adapter}></patient-documents>`,
  );
  await until(() => items(el).length > 0, 'documents listed');
  return el;
}

/** The entry of the named document. */
const entry = (el: Element, name: string) =>
  items(el).find((li) => li.querySelector('.name')?.textContent?.includes(name));

/** The blood test's values, shown (its "Show values" pressed). */
async function values(el: PatientDocuments): Promise<HTMLTableElement> {
  const li = await until(() => entry(el, 'biometria-hematica.pdf'), 'the blood test');
  li.querySelector<HTMLButtonElement>('button.show-values')!.click();
  return until(() => li.querySelector('table'), 'its table');
}

const cells = (row: Element) => [...row.children].map((c) => squash(c.textContent));

describe('<patient-documents>: results and prescriptions', () => {
  afterEach(async () => {
    resetBackends();
    await setViewport({width: 800, height: 600});
    await setPageLocale('en');
  });

  it('shows a result’s values as a table with a caption and headers; the flagged value says "High" with a mark', async () => {
    const el = await listed(await signedInDemo(NOW));
    const li = entry(el, 'biometria-hematica.pdf')!;
    // Found before opening: how many values are out of range.
    expect(squash(li.querySelector('.flag-summary')?.textContent)).to.equal('!1 value out of range');
    const show = li.querySelector<HTMLButtonElement>('button.show-values')!;
    expect(squash(show.textContent)).to.equal('Show values (4)');
    expect(show.getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(el, 'values hidden en');
    const table = await values(el);
    expect(show.getAttribute('aria-expanded')).to.equal('true');
    expect(squash(table.caption?.textContent)).to.equal('Values of biometria-hematica.pdf');
    expect([...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).to.deep.equal(
      Array(5).fill('col'),
    );
    expect(cells(table.tHead!.rows[0]!)).to.deep.equal(['Test', 'Result', 'Flag', 'Unit', 'Reference range']);
    const rows = [...table.tBodies[0]!.rows];
    expect(rows.map((r) => r.cells[0]!.getAttribute('scope'))).to.deep.equal(Array(4).fill('row'));
    expect(rows.map((r) => r.cells[0]!.tagName)).to.deep.equal(Array(4).fill('TH'));
    // White cells 11.9 over 4.5–11: "High" in words, the ▲ mark beside it, the row marked too.
    expect(cells(rows[1]!)).to.deep.equal(['Leucocitos', '11.9', '▲High', '×10³/µL', '4.5 to 11']);
    expect(rows[1]!.classList.contains('flagged')).to.equal(true);
    expect(cells(rows[0]!)).to.deep.equal(['Hemoglobina', '13.8', 'Normal', 'g/dL', '12 to 15.5']);
    expect(rows.filter((r) => r.classList.contains('flagged'))).to.have.length(1);
    // The scrolling region: focusable and named by the caption.
    const region = table.closest<HTMLElement>('[role=region]')!;
    expect(region.tabIndex).to.equal(0);
    expect(region.getAttribute('aria-labelledby')).to.equal(table.caption!.id);
    await expectAccessible(el, 'values en');
    // Hidden again.
    show.click();
    await until(() => !li.querySelector('table'), 'table hidden');
    expect(squash(show.textContent)).to.equal('Show values (4)');
  });

  it('in Spanish: "Alto", the headers, the ranges and numbers per locale (13,8 in Spain)', async () => {
    const el = await listed(await signedInDemo(NOW));
    await spanish(el);
    const li = entry(el, 'biometria-hematica.pdf')!;
    expect(squash(li.querySelector('.flag-summary')?.textContent)).to.equal('!1 valor fuera de rango');
    const table = await values(el);
    expect(cells(table.tHead!.rows[0]!)).to.deep.equal([
      'Prueba',
      'Resultado',
      'Indicador',
      'Unidad',
      'Valores de referencia',
    ]);
    const flagged = table.querySelector('tr.flagged')!;
    expect(cells(flagged)).to.deep.equal(['Leucocitos', '11.9', '▲Alto', '×10³/µL', '4.5 a 11']);
    await expectAccessible(el, 'values es-MX');
    await setPageLocale('es-ES');
    await localeReady();
    await el.updateComplete;
    expect(cells(root(el).querySelector('tr.flagged')!)).to.deep.equal([
      'Leucocitos',
      '11,9',
      '▲Alto',
      '×10³/µL',
      '4,5 a 11',
    ]);
  });

  it('at 320 px the table scrolls inside its labelled region, never the page', async () => {
    await setViewport({width: 320, height: 640});
    // In a page with a margin, as a clinic's site would have it.
    const adapter = await signedInDemo(NOW);
    const page = await fixture<HTMLDivElement>(
      html`<div><patient-documents .adapter=${adapter}></patient-documents></div>`,
    );
    page.style.padding = '16px';
    const el = page.querySelector('patient-documents')!;
    await until(() => items(el).length > 0, 'documents listed');
    const table = await values(el);
    const region = table.closest<HTMLElement>('[role=region]')!;
    expect(region.getBoundingClientRect().right).to.be.at.most(innerWidth);
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(innerWidth);
    // The flag is in view without scrolling; the caption wraps within the region.
    const flag = table.querySelector('tr.flagged .flag')!.getBoundingClientRect();
    // Within a pixel: Firefox lays the columns out at fractions of one (271.15 in a 271 region).
    expect(flag.right, 'the flag in view').to.be.at.most(region.getBoundingClientRect().right + 1);
    expect(table.caption!.getBoundingClientRect().right).to.be.at.most(
      region.getBoundingClientRect().right + 1,
    );
    // Keyboard users can scroll it: it takes focus.
    region.focus();
    expect(deepActive()).to.equal(region);
    await expectAccessible(el, 'values 320 px');
  });

  it('shows a prescription’s details; "Request a refill" by keyboard: asks, sends, announces, and the message reaches the clinic', async () => {
    const adapter = await signedInDemo(NOW);
    const el = await listed(adapter);
    const li = entry(el, 'receta-acido-folico.pdf')!;
    const details = squash(li.querySelector('.rx dl')?.textContent);
    for (const part of [
      'Medication Ácido fólico 5 mg, tabletas',
      'Dose 1 tableta',
      'Instructions Una vez al día, por la mañana, durante 30 días.',
      'Prescribed by Dra. Sofía Ramírez Luna',
      'Date February 28, 2026',
      'Refills left 2',
    ])
      expect(details).to.contain(part);
    const ask = li.querySelector<HTMLButtonElement>('button.refill')!;
    expect(squash(ask.textContent)).to.equal('Request a refill');
    expect(ask.getAttribute('aria-label')).to.equal('Request a refill of Ácido fólico 5 mg, tabletas');
    await expectAccessible(el, 'prescription en');
    ask.focus();
    await sendKeys({press: 'Enter'});
    const confirm = await until(() => li.querySelector('.refill-confirm'), 'the confirmation');
    expect(squash(confirm.querySelector('p')?.textContent)).to.equal(
      'Ask the clinic to refill Ácido fólico 5 mg, tabletas? They will answer in your messages.',
    );
    await until(() => deepActive()?.tagName === 'TEXTAREA', 'focus on the note');
    await expectAccessible(el, 'refill confirmation en');
    await sendKeys({type: 'Farmacia Roma'});
    await sendKeys({press: 'Tab'});
    expect(squash(deepActive()?.textContent)).to.equal('Send request');
    await sendKeys({press: 'Enter'});
    const outcome = await until(() => li.querySelector('.refill-outcome.ok'), 'sent');
    expect(squash(outcome.textContent)).to.equal(
      'Refill requested. The clinic will answer in your messages.',
    );
    await until(() => polite().includes('Refill requested.'), 'announced');
    expect(deepActive()).to.equal(outcome);
    expect(li.querySelector('button.refill'), 'no second request while it waits').to.equal(null);
    await expectAccessible(el, 'refill sent en');
    // The clinic has it in the patient's messages, with her note.
    const list = await adapter.listConversations!();
    const thread = await adapter.getConversation!(list.conversations[0]!.id);
    expect(thread.messages[0]!.body).to.contain('Ácido fólico 5 mg, tabletas');
    expect(thread.messages[0]!.body).to.contain('Farmacia Roma');
    // Reloaded (another visit), the prescription says it is waiting.
    const again = await listed(adapter);
    await spanish(again);
    const waiting = squash(
      entry(again, 'receta-acido-folico.pdf')!.querySelector('.refill-status')?.textContent,
    );
    expect(waiting).to.match(/^Resurtido solicitado el .+ La clínica le responderá en sus mensajes\.$/);
    expect(text(again)).to.contain('Resurtidos restantes');
    await expectAccessible(again, 'refill waiting es');
  });

  it('a refill that fails is said in words and announced, nothing sent, the note kept to try again; Cancel returns focus', async () => {
    const adapter = await signedInDemo(NOW);
    adapter.failures.failNext(new NetworkError('network'), {operation: 'requestRefill'});
    const el = await listed(adapter);
    await spanish(el);
    const li = entry(el, 'receta-acido-folico.pdf')!;
    const ask = buttonIn(li, 'Solicitar resurtido')!;
    ask.click();
    await until(() => li.querySelector('.refill-confirm'), 'the confirmation');
    buttonIn(li.querySelector('.refill-confirm'), 'Cancelar')!.click();
    await until(() => !li.querySelector('.refill-confirm'), 'closed');
    await until(() => deepActive()?.classList.contains('refill'), 'focus back on the button');
    buttonIn(li, 'Solicitar resurtido')!.click();
    await until(() => li.querySelector('.refill-confirm'), 'the confirmation again');
    const before = (await adapter.listConversations!()).conversations.length;
    const note = li.querySelector<HTMLTextAreaElement>('.refill-confirm textarea')!;
    note.value = 'Farmacia Roma';
    note.dispatchEvent(new Event('input'));
    buttonIn(li.querySelector('.refill-confirm'), 'Enviar solicitud')!.click();
    const error = await until(() => li.querySelector('.refill-outcome.field-error'), 'the error');
    expect(squash(error.textContent)).to.not.equal('');
    await until(() => assertive().includes(squash(error.textContent)), 'announced');
    // Nothing sent; the confirmation stays with what she typed, to send again.
    expect((await adapter.listConversations!()).conversations.length).to.equal(before);
    await until(() => buttonIn(li.querySelector('.refill-confirm'), 'Enviar solicitud'), 'can try again');
    expect(li.querySelector<HTMLTextAreaElement>('.refill-confirm textarea')!.value).to.equal(
      'Farmacia Roma',
    );
    await expectAccessible(el, 'refill failed es');
  });

  it('the demo patient’s path (#19): finds her blood test, reads the flagged value, downloads the prescription PDF with its name', async () => {
    const el = await listed(await signedInDemo(NOW));
    buttonIn(root(el).querySelector('.folders'), 'Results')!.click();
    await until(() => items(el).length === 1, 'results only');
    const table = await values(el);
    const flagged = table.querySelector('tr.flagged')!;
    expect(squash(flagged.querySelector('th')?.textContent)).to.equal('Leucocitos');
    expect(squash(flagged.querySelector('.flag')?.textContent)).to.equal('▲High');
    buttonIn(root(el).querySelector('.folders'), 'Prescriptions')!.click();
    await until(() => entry(el, 'receta-acido-folico.pdf') && items(el).length === 1, 'prescriptions only');
    const saved: {href: string; download: string}[] = [];
    const realClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({href: this.href, download: this.download});
    };
    try {
      buttonIn(entry(el, 'receta-acido-folico.pdf'), 'Download')!.click();
      await until(() => saved.length === 1, 'saved');
      expect(saved[0]!.download).to.equal('receta-acido-folico.pdf');
      const bytes = new Uint8Array(await (await fetch(saved[0]!.href)).arrayBuffer());
      expect(new TextDecoder().decode(bytes.subarray(0, 5))).to.equal('%PDF-');
    } finally {
      HTMLAnchorElement.prototype.click = realClick;
    }
    await expectAccessible(el, 'prescriptions after download en');
  });

  it('shows the clinic’s texts verbatim: script payloads in values and prescriptions run nothing and inject nothing', async () => {
    const adapter = await signedInDemo(NOW);
    const real = adapter.listDocuments.bind(adapter);
    const p = XSS_PAYLOADS;
    const at = (i: number) => p[i % p.length]!;
    adapter.listDocuments = async (...args: Parameters<typeof real>): Promise<DocumentList> => {
      const list = await real(...args);
      return {
        ...list,
        documents: list.documents.map((d) => ({
          ...d,
          ...(d.results
            ? {
                results: {
                  values: p.map((x, i) => ({
                    name: x,
                    value: at(i + 1),
                    unit: at(i + 2),
                    referenceRange: {text: at(i + 3)},
                    interpretation: 'abnormal' as const,
                  })),
                },
              }
            : {}),
          ...(d.prescription
            ? {
                prescription: {
                  ...d.prescription,
                  medication: at(0),
                  dose: at(1),
                  instructions: at(2),
                  prescriber: at(3),
                },
              }
            : {}),
        })),
      };
    };
    const el = await listed(adapter);
    const table = await values(el);
    expect(table.tBodies[0]!.rows).to.have.length(p.length);
    p.forEach((x, i) => expect(table.tBodies[0]!.rows[i]!.cells[0]!.textContent).to.equal(x));
    const rx = entry(el, 'receta-acido-folico.pdf')!;
    expect(rx.querySelector('.rx dd')!.textContent).to.equal(at(0));
    buttonIn(rx, 'Request a refill')!.click();
    await until(() => rx.querySelector('.refill-confirm'), 'the confirmation');
    expect(rx.querySelector('.refill-confirm p')!.textContent).to.contain(at(0));
    const injected = [...root(el).querySelectorAll(INJECTED_SELECTOR)].filter(
      (e) => !(e.localName === 'table' && e.getAttribute('part') === 'values-table'),
    );
    expect(
      injected.map((e) => e.localName),
      'no injected element',
    ).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(pwned(), 'no payload ran').to.equal(false);
  });

  it('says why a prescription cannot be refilled (none left, expired) and offers no button; in Spanish', async () => {
    for (const [change, words] of [
      [{refillsLeft: 0}, 'No quedan resurtidos. Comuníquese con la clínica para una receta nueva.'],
      [{expiresInDays: 0}, 'Esta receta venció y no se puede resurtir.'],
    ] as const) {
      const adapter = new MemoryAdapter({
        clock: () => NOW,
        seed: 'no-refill',
        data: {
          ...createDemoClinicData(),
          loadDocuments: async () =>
            demoDocuments().map((d) =>
              d.prescription ? {...d, prescription: {...d.prescription, ...change}} : d,
            ),
        },
      });
      const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
      const el = await listed(adapter);
      await spanish(el);
      const li = entry(el, 'receta-acido-folico.pdf')!;
      expect(squash(li.querySelector('.refill-status')?.textContent)).to.equal(words);
      expect(li.querySelector('button.refill')).to.equal(null);
      await expectAccessible(el, `no refill es: ${words}`);
      resetBackends();
    }
  });
});
