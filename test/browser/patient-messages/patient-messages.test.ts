import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-messages.js';
import type {PatientMessages} from '../../../src/elements/patient-messages/patient-messages.js';
import type {PortalFileInput} from '../../../src/elements/patient-documents/portal-file-input.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {NetworkError} from '../../../src/adapters/adapter.js';
import {setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {root, spanish, text} from '../helpers/records.js';
import {buttonIn, deepActive, fitsTheWindow, until} from '../helpers/dom.js';
import {ENGINE} from '../helpers/engine.js';

const T0 = Date.UTC(2026, 2, 2, 16, 0);
let now = T0;

/** The demo clinic with its patient signed in, on a clock the test moves. */
async function signedIn(): Promise<MemoryAdapter> {
  now = T0;
  const adapter = createDemoAdapter({clock: () => now});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

const items = (el: Element) => [...root(el).querySelectorAll('ul.conversations > li')];
const messages = (el: Element) => [...root(el).querySelectorAll('ol.thread > li')];

async function listed(adapter: MemoryAdapter, poll = 20): Promise<PatientMessages> {
  const el = await fixture<PatientMessages>(
    html`<patient-messages .adapter=${adapter} poll-interval=${poll}></patient-messages>`,
  );
  await until(() => items(el).length > 0, 'conversations listed');
  return el;
}

const pdf = (name: string) => new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], name);
const png = (name: string) =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], name);

/** The message's file field (loaded with the files part). */
async function fileField(el: Element): Promise<PortalFileInput> {
  const field = await until(
    () =>
      customElements.get('portal-file-input') && root(el).querySelector<PortalFileInput>('portal-file-input'),
    'file field',
  );
  await field.updateComplete;
  return field;
}

/** Chooses files as the browser's picker would (the field checks each one up front). */
async function choose(el: Element, files: File[]) {
  const field = await fileField(el);
  const input = field.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  const checked = new Promise((resolve) => field.addEventListener('change', resolve, {once: true}));
  input.dispatchEvent(new Event('change'));
  await checked;
  await field.updateComplete;
  return field;
}

function write(el: Element, body: string) {
  const area = root(el).querySelector<HTMLTextAreaElement>('#body')!;
  area.value = body;
  area.dispatchEvent(new Event('input'));
}

const submit = (el: Element) =>
  root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();

const labelled = (el: Element, name: RegExp) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button[aria-label]')].find((b) =>
    name.test(b.getAttribute('aria-label') ?? ''),
  );

/** Nothing scrolls sideways, at 320 px where the engine allows it. */
function fitsThePage(el: HTMLElement): void {
  fitsTheWindow(el);
  if (ENGINE !== 'webkit') expect(innerWidth).to.equal(320);
}

describe('<patient-messages>', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
    await setViewport({width: 800, height: 600});
  });

  it('signed out: a prompt to sign in, accessible in English and Spanish', async () => {
    const el = await fixture<PatientMessages>(
      html`<patient-messages .adapter=${createDemoAdapter({clock: () => T0})}></patient-messages>`,
    );
    await until(() => /sign in/i.test(text(el)), 'sign-in prompt');
    await expectAccessible(el, 'signed out en');
    await spanish(el);
    expect(text(el)).to.contain('Inicie sesión para ver sus mensajes');
    await expectAccessible(el, 'signed out es');
  });

  it('lists the seeded conversation with its unread count in words, opens the thread and marks it read', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    expect(text(el)).to.contain('Results');
    expect(text(el)).to.contain('1 unread');
    expect(text(el)).to.match(/Clinic answered/);
    await expectAccessible(el, 'list en');
    buttonIn(root(el).querySelector('ul.conversations'), /Results/)!.click();
    await until(() => messages(el).length === 2, 'thread shown');
    const [mine, theirs] = messages(el);
    expect(mine!.className).to.equal('own');
    expect(mine!.textContent).to.contain('Ana García López');
    expect(mine!.textContent).to.contain('(You)');
    expect(theirs!.textContent).to.contain('Dra. Sofía Ramírez Luna');
    expect(theirs!.textContent).to.contain('(Clinic, Medicina general)');
    expect(deepActive()?.id).to.equal('thread-title');
    expect((await adapter.listConversations()).unread).to.equal(0);
    await expectAccessible(el, 'thread en');
    await spanish(el);
    expect(text(el)).to.contain('(usted)');
    expect(text(el)).to.contain('Su respuesta');
    await expectAccessible(el, 'thread es');
  });

  it('starts a conversation with the expectations at the top, refuses an empty one, and shows the text as written', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    buttonIn(root(el), 'New message')!.click();
    await until(() => root(el).querySelector('#topic'), 'new form');
    const expect_ = root(el).querySelector('.expect')!.textContent!.replace(/\s+/g, ' ');
    expect(expect_).to.contain('We usually answer within 2 working days.');
    expect(expect_).to.contain('For an emergency, call 911.');
    expect(root(el).querySelector('.expect a')!.getAttribute('href')).to.equal('tel:911');
    await expectAccessible(el, 'new en');
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => root(el).querySelector('#topic[aria-invalid="true"]'), 'topic refused');
    expect(root(el).querySelector('#body')!.getAttribute('aria-invalid')).to.equal('true');
    expect((await adapter.listConversations()).conversations).to.have.length(1);
    await expectAccessible(el, 'refused en');
    const select = root(el).querySelector<HTMLSelectElement>('#topic')!;
    select.value = 'billing';
    select.dispatchEvent(new Event('change'));
    const body = root(el).querySelector<HTMLTextAreaElement>('#body')!;
    body.value = '<img src=x onerror=alert(1)> ¿Puedo pagar en efectivo?';
    body.dispatchEvent(new Event('input'));
    root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await until(() => messages(el).length === 1, 'thread of the new conversation');
    expect(messages(el)[0]!.querySelector('.body')!.textContent).to.equal(
      '<img src=x onerror=alert(1)> ¿Puedo pagar en efectivo?',
    );
    expect(root(el).querySelector('img')).to.equal(null);
    await spanish(el);
    buttonIn(root(el), 'Volver a los mensajes')!.click();
    await until(() => items(el).length === 2, 'two conversations');
    buttonIn(root(el), 'Nuevo mensaje')!.click();
    await until(() => root(el).querySelector('.expect'), 'new form es');
    expect(root(el).querySelector('.expect')!.textContent!.replace(/\s+/g, ' ')).to.contain(
      'En caso de emergencia, llame al 911.',
    );
    await expectAccessible(el, 'new es');
  });

  it("shows the clinic's answer without a reload, and the unread count changes", async () => {
    const adapter = await signedIn();
    const el = await listed(adapter, 2);
    const [first] = (await adapter.listConversations()).conversations;
    // Read in the element: the count drops (the portal's navigation hears of it).
    let changed = 0;
    el.addEventListener('portal-messages-changed', () => changed++);
    buttonIn(root(el).querySelector('ul.conversations'), /Results/)!.click();
    await until(() => messages(el).length === 2, 'thread read');
    expect(changed).to.equal(1);
    buttonIn(root(el), 'Back to messages')!.click();
    await until(() => items(el).length === 1 && !/unread/.test(text(el)), 'list, all read');
    changed = 0;
    now += 60_000;
    await adapter.replyAsClinic(first!.id, 'Le esperamos a las 8:00.', {name: 'Recepción'});
    await until(() => /1 unread/.test(text(el)), 'answer counted by polling', 8000);
    expect(changed).to.be.greaterThan(0);
    buttonIn(root(el).querySelector('ul.conversations'), /Results/)!.click();
    await until(() => messages(el).length === 3, 'thread with the answer');
    now += 60_000;
    await adapter.replyAsClinic(first!.id, 'Y traiga su identificación.', {name: 'Recepción'});
    await until(() => messages(el).length === 4, 'new answer in the open thread', 8000);
    expect(root(el).querySelector('[role=status].sr-only')!.textContent).to.contain(
      'New message from the clinic',
    );
    expect((await adapter.listConversations()).unread).to.equal(0);
  });

  // At 320 px in Chromium and Firefox. WebKit runs it too, at its narrowest window (MiniBrowser's
  // toolbar keeps it at 447 CSS px, engine.ts): the list measured 429 px wide there — the window,
  // not an overflow — so the check is "nothing wider than the page", not a fixed 320.
  it('works by keyboard only at 320 px: open, reply, back', async () => {
    await setViewport({width: 320, height: 640});
    const adapter = await signedIn();
    const el = await listed(adapter);
    fitsThePage(el);
    buttonIn(root(el), 'New message')!.focus();
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.textContent).to.contain('Results');
    await sendKeys({press: 'Enter'});
    await until(() => messages(el).length === 2, 'thread by keyboard');
    fitsThePage(el);
    root(el).querySelector<HTMLTextAreaElement>('#body')!.focus();
    await sendKeys({type: 'Gracias'});
    // The optional file field, then Send.
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.getAttribute('aria-label')).to.match(/Attach files \(optional\)/);
    await sendKeys({press: 'Tab'});
    expect(deepActive()?.textContent?.trim()).to.equal('Send');
    await sendKeys({press: 'Enter'});
    await until(() => messages(el).length === 3, 'reply sent');
    expect(messages(el)[2]!.textContent).to.contain('Gracias');
    await expectAccessible(el, 'replied 320');
  });

  it('attaches files to a new conversation and a reply, lists them with name and size, opens and saves them from a blob URL', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    buttonIn(root(el), 'New message')!.click();
    await until(() => root(el).querySelector('#topic'), 'new form');
    const select = root(el).querySelector<HTMLSelectElement>('#topic')!;
    select.value = 'results';
    select.dispatchEvent(new Event('change'));
    write(el, 'Le envío mis análisis.');
    const field = await choose(el, [pdf('análisis de sangre.pdf'), png('foto receta.png')]);
    expect(field.value).to.have.length(2);
    expect(field.hint).to.match(/PDF, JPEG or PNG, up to 20 MB each; at most 3 files\./);
    await expectAccessible(el, 'new with files en');
    submit(el);
    await until(() => messages(el).length === 1, 'sent with files');
    const files = [...messages(el)[0]!.querySelectorAll('ul.files > li')];
    expect(files.map((li) => li.querySelector('.file-name')!.textContent)).to.deep.equal([
      'análisis de sangre.pdf',
      'foto receta.png',
    ]);
    expect(files[0]!.textContent).to.contain('PDF, 1 KB');
    expect(files[1]!.textContent).to.contain('PNG, 1 KB');
    await expectAccessible(el, 'thread with files en');
    // Stored with the message, as sent.
    const [latest] = (await adapter.listConversations()).conversations;
    const stored = (await adapter.getConversation(latest!.id)).messages[0]!.attachments!;
    expect(stored.map((f) => f.size)).to.deep.equal([15, 12]);

    const opened: string[] = [];
    const saved: {href: string; download: string}[] = [];
    const realOpen = window.open;
    const realClick = HTMLAnchorElement.prototype.click;
    window.open = ((url?: string | URL) => (opened.push(String(url)), null)) as typeof window.open;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({href: this.href, download: this.download});
    };
    try {
      labelled(el, /^Open análisis de sangre\.pdf$/)!.click();
      await until(() => opened.length === 1, 'opened');
      expect(opened[0]).to.match(/^blob:/);
      const bytes = new Uint8Array(await (await fetch(opened[0]!)).arrayBuffer());
      expect(new TextDecoder().decode(bytes.subarray(0, 5))).to.equal('%PDF-');
      labelled(el, /^Download foto receta\.png$/)!.click();
      await until(() => saved.length === 1, 'saved');
      expect(saved[0]!.download).to.equal('foto receta.png');
      expect(saved[0]!.href).to.match(/^blob:/);
    } finally {
      window.open = realOpen;
      HTMLAnchorElement.prototype.click = realClick;
    }

    // A reply with a file; the field is empty again after sending.
    write(el, 'Y la receta.');
    await choose(el, [pdf('receta.pdf')]);
    submit(el);
    await until(() => messages(el).length === 2, 'reply with a file');
    expect(messages(el)[1]!.querySelector('.file-name')!.textContent).to.equal('receta.pdf');
    expect((await fileField(el)).value).to.have.length(0);
    await spanish(el);
    expect(text(el)).to.contain('Adjuntar archivos (opcional)');
    expect(labelled(el, /^Abrir receta\.pdf$/)).to.exist;
    expect(labelled(el, /^Descargar receta\.pdf$/)).to.exist;
    await expectAccessible(el, 'thread with files es');
  });

  it('refuses an empty file and a renamed executable as they are chosen, and too many files on sending: nothing stored', async () => {
    const adapter = await signedIn();
    const el = await listed(adapter);
    buttonIn(root(el).querySelector('ul.conversations'), /Results/)!.click();
    await until(() => messages(el).length === 2, 'thread');
    const field = await choose(el, [
      new File([], 'vacío.pdf'),
      new File([new TextEncoder().encode('MZ\x90\x00 programa')], 'factura.pdf'),
    ]);
    expect(field.value).to.have.length(0);
    const refused = field.refusedFiles.map((r) => r.message);
    expect(refused).to.deep.equal(['This file is empty.', 'Only PDF, JPEG and PNG files can be sent.']);
    await until(() => /This file is empty\./.test(field.shadowRoot!.textContent ?? ''), 'refusal shown');
    await expectAccessible(el, 'refused files en');
    write(el, 'Cuatro archivos.');
    await choose(el, [pdf('1.pdf'), pdf('2.pdf'), pdf('3.pdf'), pdf('4.pdf')]);
    submit(el);
    await until(() => field.error !== '', 'too many refused');
    expect(field.error).to.equal('You can send up to 3 files with one message.');
    expect(field.shadowRoot!.querySelector('button.choose')!.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActive()?.classList.contains('choose')).to.equal(true);
    const [first] = (await adapter.listConversations()).conversations;
    expect((await adapter.getConversation(first!.id)).messages).to.have.length(2);
    expect(messages(el)).to.have.length(2);
    await expectAccessible(el, 'too many en');
    await spanish(el);
    expect(field.error).to.equal('Puede enviar hasta 3 archivos por mensaje.');
  });

  it('says in its own words that a file the clinic cannot read back (503 document-unreadable) cannot be opened', async () => {
    const adapter = await signedIn();
    const [first] = (await adapter.listConversations()).conversations;
    await adapter.replyAsClinic(first!.id, 'Su orden.', {
      name: 'Recepción',
      attachments: [{fileName: 'orden.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n')}],
    });
    const el = await listed(adapter);
    buttonIn(root(el).querySelector('ul.conversations'), /Results/)!.click();
    await until(() => root(el).querySelector('ul.files'), 'thread with the file');
    // What the REST adapter makes of the server's 503 `document-unreadable`.
    adapter.failures.failNext(new NetworkError('server', undefined, {problem: 'document-unreadable'}), {
      operation: 'downloadAttachment',
    });
    labelled(el, /^Open orden\.pdf$/)!.click();
    const alert = await until(() => root(el).querySelector('[role=alert]'), 'error shown');
    expect(alert.textContent).to.contain('This file can’t be opened: the clinic’s copy is damaged.');
    await expectAccessible(el, 'file unreadable en');
    await spanish(el);
    expect(root(el).querySelector('[role=alert]')!.textContent).to.contain(
      'No se puede abrir este archivo: la copia de la clínica está dañada.',
    );
  });
});
