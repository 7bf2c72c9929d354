import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import '../../../src/define/patient-portal.js';
import type {PatientPortal} from '../../../src/elements/patient-portal/patient-portal.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {deepActive, squash, until} from '../helpers/dom.js';

const demo = (): MemoryAdapter => createDemoAdapter();

async function signIn(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => squash(root(el).textContent);
const links = (el: Element) => [...root(el).querySelectorAll<HTMLAnchorElement>('nav[part~="nav"] a')];
const link = (el: Element, name: string) => links(el).find((a) => squash(a.textContent) === name)!;
/** The Messages link (its text carries the unread count). */
const messagesLink = (el: Element) => links(el).find((a) => a.getAttribute('href') === '#portal/messages')!;

describe('<patient-portal> as the whole portal', () => {
  afterEach(async () => {
    resetBackends();
    history.replaceState(null, '', location.pathname);
    await setPageLocale('en');
  });

  it('signed out: <patient-login> in the light DOM (for password managers), no navigation', async () => {
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${demo()}></patient-portal>`);
    const login = await until(() => el.querySelector('patient-login[data-portal-shell]'), 'login');
    await until(() => login.querySelector('input[autocomplete=username]'), 'login form');
    expect(links(el)).to.have.length(0);
    expect(text(el)).to.not.contain('Ana');
    // One "demo clinic" marker for the whole portal: the portal's, not the sign-in's as well.
    expect(root(el).querySelectorAll('[part="demo-marker"]')).to.have.length(1);
    expect(login.shadowRoot?.querySelector('[part="demo-marker"]') ?? null).to.be.null;
    expect(login.querySelector('[part="demo-marker"]')).to.be.null;
  });

  it('the clinic’s logo (https only) beside its name in the header, decorative; nothing for another scheme', async () => {
    const withLogo = async (logoUrl: string) => {
      const adapter = demo();
      await adapter.ready;
      const data = adapter.state.data;
      adapter.state.data = {...data, clinic: {...data.clinic, logoUrl}};
      const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
      await until(() => root(el).querySelector('.clinic-name'), 'the clinic’s name');
      return root(el).querySelector<HTMLImageElement>('[part~="shell-header"] img');
    };
    const logo = await withLogo('https://clinic.example/logo.png');
    expect(logo?.getAttribute('src')).to.equal('https://clinic.example/logo.png');
    expect(logo?.getAttribute('alt'), 'decorative: the name is beside it').to.equal('');
    expect(logo?.getAttribute('part')).to.equal('logo');
    expect(await withLogo('http://clinic.example/logo.png'), 'not https').to.equal(null);
    expect(await withLogo('javascript:alert(1)'), 'a script URL').to.equal(null);
  });

  it('signed out: accessible (the shell’s <patient-login> landmarks have unique names)', async () => {
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${demo()}></patient-portal>`);
    const login = await until(() => el.querySelector('patient-login[data-portal-shell]'), 'login');
    await until(() => login.querySelector('input[autocomplete=username]'), 'login form');
    expect(el.querySelectorAll('patient-login').length, 'one sign-in form').to.equal(1);
    expect(root(el).querySelector('patient-login'), 'none in the shadow root').to.be.null;
    await expectAccessible(el, 'signed out');
  });

  it('signed in: a home with the next appointment, a <nav> of the sections the backend allows; en and es', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => root(el).querySelector('[part~="next-appointment"] .when'), 'next appointment');
    expect(el.querySelector('patient-login'), 'the login is gone').to.be.null;
    // The demo clinic answered Ana's question (#21): the Messages link says so in words.
    await until(() => /unread/.test(messagesLink(el)?.textContent ?? ''), 'unread count');
    expect(links(el).map((a) => squash(a.textContent))).to.deep.equal([
      'Home',
      'Appointments',
      'Book',
      'Video visit',
      'Forms',
      'Documents',
      'Billing',
      'Messages (1 unread)',
      'Profile',
      'Reminders',
    ]);
    expect(link(el, 'Home').getAttribute('aria-current')).to.equal('page');
    expect(links(el).every((a) => /^#portal\/[a-z]+$/.test(a.getAttribute('href') ?? ''))).to.equal(true);
    expect(text(el)).to.contain('Hello, Ana');
    await expectAccessible(el, 'home en');
    await setPageLocale('es-MX');
    await localeReady();
    await el.updateComplete;
    expect(text(el)).to.contain('Próxima cita');
    expect(text(el)).to.contain('Mensajes (1 sin leer)');
    await expectAccessible(el, 'home es');
  });

  it('the Messages section holds <patient-messages>; reading the answer there clears the link’s count', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => /unread/.test(messagesLink(el)?.textContent ?? ''), 'unread count');
    messagesLink(el).click();
    const messages = await until(() => root(el).querySelector('patient-messages'), 'messages section');
    await until(() => customElements.get('patient-messages'), 'messages element defined');
    const open = await until(
      () => [...(messages.shadowRoot?.querySelectorAll('ul.conversations button') ?? [])][0] as HTMLElement,
      'conversation listed',
    );
    open.click();
    await until(() => messages.shadowRoot?.querySelectorAll('ol.thread li').length === 2, 'thread');
    await until(() => squash(messagesLink(el).textContent) === 'Messages', 'count cleared');
    await expectAccessible(el, 'messages section');
  });

  it('a link opens its section: the element loads, the URL fragment changes, focus goes to the heading', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => links(el).length > 0, 'nav');
    const navigated = oneEvent(el, 'portal-navigate');
    link(el, 'Profile').click();
    expect(((await navigated) as unknown as {section: string}).section).to.equal('profile');
    await until(() => location.hash === '#portal/profile', 'fragment');
    const profile = await until(() => root(el).querySelector('patient-profile'), 'profile section');
    await until(() => customElements.get('patient-profile'), 'profile element defined');
    await until(() => profile.shadowRoot?.querySelector('input[name=givenName]'), 'profile loaded');
    expect(profile.shadowRoot!.querySelector('[part="demo-marker"]'), 'the portal shows the marker').to.be
      .null;
    expect(link(el, 'Profile').getAttribute('aria-current')).to.equal('page');
    expect(deepActive()?.id).to.equal('portal-section-title');
    await expectAccessible(el, 'profile section');
    // Back: the fragment goes back to the home.
    history.back();
    await until(() => root(el).querySelector('[part~="next-appointment"]'), 'home again');
  });

  it('the Forms section holds <patient-forms> with the portal’s backend: the visit’s questionnaire to answer', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => links(el).length > 0, 'nav');
    link(el, 'Forms').click();
    await until(() => location.hash === '#portal/forms', 'fragment');
    const forms = await until(() => root(el).querySelector('patient-forms'), 'forms section');
    await until(() => /Action required/.test(forms.shadowRoot?.textContent ?? ''), 'forms listed');
    expect(link(el, 'Forms').getAttribute('aria-current')).to.equal('page');
    await expectAccessible(el, 'forms section');
  });

  it('the Documents section holds <patient-documents> with the portal’s backend; hidden without the capability', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => links(el).length > 0, 'nav');
    link(el, 'Documents').click();
    await until(() => location.hash === '#portal/documents', 'fragment');
    const docs = await until(() => root(el).querySelector('patient-documents'), 'documents section');
    await until(() => /biometria-hematica\.pdf/.test(docs.shadowRoot?.textContent ?? ''), 'documents listed');
    expect(link(el, 'Documents').getAttribute('aria-current')).to.equal('page');
    await expectAccessible(el, 'documents section');
    history.back();
    await until(() => root(el).querySelector('[part~="next-appointment"]'), 'home again');
    const without = createDemoAdapter({capabilities: {documents: false}});
    await signIn(without);
    const other = await fixture<PatientPortal>(html`<patient-portal .adapter=${without}></patient-portal>`);
    await until(() => links(other).length > 0, 'nav');
    expect(links(other).map((a) => squash(a.textContent))).not.to.include('Documents');
  });

  it('the Billing section (capabilities.billing) holds <patient-billing>; absent when the capability is off', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => links(el).length > 0, 'nav');
    link(el, 'Billing').click();
    await until(() => location.hash === '#portal/billing', 'fragment');
    const billing = await until(() => root(el).querySelector('patient-billing'), 'billing section');
    await until(() => /Balance due/.test(billing.shadowRoot?.textContent ?? ''), 'bills listed');
    await expectAccessible(el, 'billing section');
    const off = createDemoAdapter({capabilities: {billing: false}});
    await signIn(off);
    const el2 = await fixture<PatientPortal>(html`<patient-portal .adapter=${off}></patient-portal>`);
    await until(() => links(el2).length > 0, 'nav');
    expect(links(el2).map((x) => squash(x.textContent))).to.not.include('Billing');
  });

  it('sections="…" and the capabilities choose the sections; routing="none" leaves the URL alone', async () => {
    const adapter = createDemoAdapter({capabilities: {telehealth: false}});
    await signIn(adapter);
    const el = await fixture<PatientPortal>(
      html`<patient-portal
        .adapter=${adapter}
        sections="book video profile"
        routing="none"
      ></patient-portal>`,
    );
    await until(() => links(el).length > 0, 'nav');
    expect(links(el).map((a) => squash(a.textContent))).to.deep.equal(['Home', 'Book', 'Profile']);
    link(el, 'Book').click();
    await until(() => el.section === 'book', 'section property');
    expect(location.hash).to.equal('');
    await until(() => root(el).querySelector('booking-widget'), 'booking section');
  });

  it('a backend that cannot be used: the "not available" notice alone, no endless "Loading…" under it', async () => {
    const el = await fixture<PatientPortal>(
      html`<patient-portal backend="http://clinic.example/api"></patient-portal>`,
    );
    await until(() => root(el).querySelector('[part~="unavailable"]'), 'the notice');
    // The shell's chunk has loaded (the same module the portal imports) and the portal re-rendered.
    await import('../../../src/elements/patient-portal/portal-shell.js');
    await new Promise((r) => setTimeout(r, 200));
    await el.updateComplete;
    expect(root(el).querySelector('[role="status"]'), 'no loading status').to.be.null;
    expect(text(el)).to.not.contain('Loading');
    await expectAccessible(el, 'backend not available');
  });

  it('with elements inside it stays a provider and shows no shell', async () => {
    const el = await fixture<PatientPortal>(
      html`<patient-portal .adapter=${demo()}><p>Clinic content</p></patient-portal>`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(el.querySelector('patient-login')).to.be.null;
    expect(root(el).querySelector('[part~="shell-header"]')).to.be.null;
  });
});
