import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../../../src/define/patient-documents.js';
import type {PatientDocuments} from '../../../src/elements/patient-documents/patient-documents.js';
import {createDemoAdapter, type MemoryAdapter} from '../../../src/adapters/memory/index.js';
import {resetBackends} from '../../../src/adapters/registry.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, signedInDemo, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, until} from '../helpers/dom.js';
import {itIn} from '../helpers/engine.js';

const NOW = Date.UTC(2026, 2, 2, 16, 0);

const signedIn = (): Promise<MemoryAdapter> => signedInDemo(NOW);

const items = (el: Element) => [...root(el).querySelectorAll('ul.docs > li')];

async function listed(adapter: MemoryAdapter): Promise<PatientDocuments> {
  const el = await fixture<PatientDocuments>(
    html`<patient-documents .adapter=${adapter}></patient-documents>`,
  );
  await until(() => items(el).length > 0, 'documents listed');
  return el;
}

const labelled = (el: Element, name: RegExp) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
    name.test(b.getAttribute('aria-label') ?? ''),
  );

function choose(el: Element, files: File[]) {
  const input = root(el).querySelector<HTMLInputElement>('#files')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
}

const pdf = (name: string) => new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], name);
const png = (name: string) =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], name);
const heic = (name: string) =>
  new File([new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0])], name);

describe('<patient-documents>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('signed out: a prompt to sign in, accessible in English and Spanish', async () => {
    const el = await fixture<PatientDocuments>(
      html`<patient-documents .adapter=${createDemoAdapter({clock: () => NOW})}></patient-documents>`,
    );
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Inicie sesión para ver sus documentos');
    await expectAccessible(el, 'signed out es');
  });

  it('lists the clinic documents newest first with date, author and "New"; folders filter; accessible in both languages', async () => {
    const el = await listed(await signedIn());
    const names = items(el).map((li) => li.querySelector('.name')?.textContent ?? '');
    expect(names.length).to.equal(4);
    expect(names[names.length - 1]).to.contain('foto-dermatologia.png');
    expect(text(el)).to.contain('biometria-hematica.pdf');
    expect(text(el)).to.contain('Dra. Sofía Ramírez Luna');
    expect(root(el).querySelectorAll('.badge').length).to.equal(4);
    await expectAccessible(el, 'list en');
    buttonIn(root(el).querySelector('.folders'), 'Prescriptions')!.click();
    await until(() => items(el).length === 1, 'prescriptions only');
    expect(text(el)).to.contain('receta-acido-folico.pdf');
    expect(
      buttonIn(root(el).querySelector('.folders'), 'Prescriptions')!.getAttribute('aria-pressed'),
    ).to.equal('true');
    await spanish(el);
    expect(text(el)).to.contain('Recetas');
    expect(text(el)).to.contain('Subidos por usted');
    expect(text(el)).to.contain('Nuevo');
    await expectAccessible(el, 'list es');
  });

  it('opens a document from a blob URL in a new tab and downloads it with its name; "New" goes away', async () => {
    const el = await listed(await signedIn());
    const opened: string[] = [];
    const saved: {href: string; download: string}[] = [];
    const realOpen = window.open;
    const realClick = HTMLAnchorElement.prototype.click;
    window.open = ((url?: string | URL) => (opened.push(String(url)), null)) as typeof window.open;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({href: this.href, download: this.download});
    };
    try {
      labelled(el, /^Open biometria-hematica\.pdf$/)!.click();
      await until(() => opened.length === 1, 'opened');
      expect(opened[0]).to.match(/^blob:/);
      const bytes = new Uint8Array(await (await fetch(opened[0])).arrayBuffer());
      expect(new TextDecoder().decode(bytes.subarray(0, 5))).to.equal('%PDF-');
      await until(() => root(el).querySelectorAll('.badge').length === 3, 'new badge gone');
      labelled(el, /^Download receta-acido-folico\.pdf$/)!.click();
      await until(() => saved.length === 1, 'saved');
      expect(saved[0].download).to.equal('receta-acido-folico.pdf');
      expect(saved[0].href).to.match(/^blob:/);
    } finally {
      window.open = realOpen;
      HTMLAnchorElement.prototype.click = realClick;
    }
  });

  it('uploads several files with a result per file; a HEIC photo is refused with the reason, in Spanish too', async () => {
    const el = await listed(await signedIn());
    // Nothing chosen and no category: the fields say so, focus goes to the first.
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => root(el).querySelectorAll('.field-error').length === 2, 'field errors');
    expect(deepActive()?.id).to.equal('files');
    await expectAccessible(el, 'upload errors en');
    choose(el, [pdf('../receta <b>.pdf'), heic('IMG_0001.HEIC'), png('foto.png')]);
    const select = root(el).querySelector<HTMLSelectElement>('#category')!;
    select.value = 'prescriptions';
    select.dispatchEvent(new Event('change'));
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => root(el).querySelectorAll('ul.results li').length === 3, 'results');
    const results = [...root(el).querySelectorAll('ul.results li')].map((li) =>
      li.textContent?.replace(/\s+/g, ' '),
    );
    expect(results[0]).to.contain('Uploaded.');
    expect(results[1]).to.contain('HEIC photos can’t be uploaded');
    expect(results[2]).to.contain('Uploaded.');
    await until(() => items(el).length === 6, 'list reloaded');
    expect(text(el)).to.contain('receta b.pdf');
    buttonIn(root(el).querySelector('.folders'), 'Uploaded by you')!.click();
    await until(() => items(el).length === 2, 'uploads only');
    await expectAccessible(el, 'uploaded en');
    choose(el, [heic('IMG_0002.HEIC')]);
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => root(el).querySelectorAll('ul.results li.refused').length === 1, 'refused');
    await spanish(el);
    // The result was written in English; a new try in Spanish gives the Spanish reason.
    choose(el, [heic('IMG_0003.HEIC')]);
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => /Las fotos HEIC no se pueden subir/.test(text(el)), 'Spanish reason');
    await expectAccessible(el, 'refused es');
  });

  // KNOWN FAILURE in Firefox (issue #25, open, notes B2): late in CI's long Firefox run, Enter reaches
  // the focused folder button but Firefox runs no click (the same as the help summary of
  // telehealth-join.test.ts); passes in Firefox run alone or with a few files.
  itIn(
    ['chromium', 'webkit'],
    'KNOWN FAILURE, open: in Firefox’s long runs Enter on a focused button often runs no click (issue #25 notes)',
  )('works by keyboard: folders are buttons reached with Tab and pressed with Enter', async () => {
    const el = await listed(await signedIn());
    buttonIn(root(el).querySelector('.folders'), 'All')!.focus();
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.textContent?.trim()).to.equal('Results');
    await sendKeys({press: 'Enter'});
    // Pressed at once; the list follows when the backend answers (slow in Firefox under CI's load).
    await until(
      () => buttonIn(root(el).querySelector('.folders'), 'Results')?.getAttribute('aria-pressed') === 'true',
      'Results pressed',
    );
    await until(() => items(el).length === 1, 'results only', 15_000);
    expect(text(el)).to.contain('biometria-hematica.pdf');
  });
});
