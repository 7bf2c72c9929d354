/**
 * `<patient-portal>`'s person switcher (family members, #21): the demo patient Ana switches to her
 * daughter Sofía, every section follows (the home, the appointments, the booking widget, the
 * profile), she books Sofía a visit that shows in Sofía's view only, and an appointments-only grant
 * shows visits and reminders only. Sign-out forgets whom she was viewing. English and Spanish, axe.
 */
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import '../../../src/define/patient-portal.js';
import type {PatientPortal} from '../../../src/elements/patient-portal/patient-portal.js';
import type {BookingWidget} from '../../../src/elements/booking-widget/booking-widget.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../../src/adapters/memory/index.js';
import {DEMO_CARD_CHOICES} from '../../../src/domain/rules/cards.js';
import {resetBackends, sessionFor} from '../../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../../src/localization/localization.js';
import {expectAccessible} from '../helpers/a11y.js';
import {deepActive, squash, until} from '../helpers/dom.js';

// Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const root = (el: Element) => el.shadowRoot!;
const text = (el: Element) => squash(root(el).textContent);
const people = (el: Element) => [...root(el).querySelectorAll<HTMLButtonElement>('[part~="person"]')];
const person = (el: Element, name: RegExp) => people(el).find((b) => name.test(b.textContent ?? ''))!;
const links = (el: Element) => [...root(el).querySelectorAll<HTMLAnchorElement>('nav[part~="nav"] a')];

async function signedInDemo(): Promise<MemoryAdapter> {
  const adapter = createDemoAdapter({clock: () => NOW});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

async function sofiaOf(adapter: MemoryAdapter): Promise<string> {
  const p = (await adapter.listPeople()).find((x) => x.givenName === 'Sofía');
  if (!p) throw new Error('the demo has no Sofía');
  return p.id;
}

function buttonNamed(scope: ParentNode, name: string | RegExp) {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof name === 'string' ? b.textContent?.trim() === name : name.test(b.textContent ?? ''),
  );
}

async function click(el: Element, name: string | RegExp) {
  await until(() => {
    const b = buttonNamed(root(el), name);
    return b && !b.disabled;
  }, String(name));
  buttonNamed(root(el), name)!.click();
  await nextFrame();
}

/** The booking widget, signed in, from its first service to the review. */
async function toReview(el: BookingWidget, labels: {book: RegExp; next: string}) {
  await until(() => root(el).querySelector('.card'), 'service cards');
  await click(el, labels.book);
  await click(el, labels.next);
  await until(() => root(el).querySelector('input[type=radio]'), 'provider radios');
  root(el).querySelector<HTMLInputElement>('input[type=radio]')!.click();
  await click(el, labels.next);
  await until(() => root(el).querySelector('portal-slot-picker')?.shadowRoot, 'slot picker');
  const picker = root(el).querySelector('portal-slot-picker')!;
  const times = () =>
    [...picker.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="time"]')].filter((b) => !b.disabled);
  const day = () => picker.shadowRoot!.querySelector<HTMLElement>('[part~="day-available"]');
  await until(() => times().length > 0 || day(), 'a day or times');
  if (!times().length) day()!.click();
  await until(() => times().length > 0, 'times');
  times()[0]!.click();
  await click(el, labels.next);
  await until(() => !root(el).querySelector('portal-slot-picker'), 'left the time step');
  await click(el, labels.next);
  await until(() => root(el).querySelector('#f-policy'), 'policy step');
  root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
  await click(el, labels.next);
  await until(() => root(el).querySelector('dl.review'), 'review');
}

describe('<patient-portal> with family members', () => {
  afterEach(async () => {
    resetBackends();
    history.replaceState(null, '', location.pathname);
    await setPageLocale('en');
  });

  it('switches to her daughter: every section follows, she books Sofía a visit that shows in Sofía’s view only', async () => {
    const adapter = await signedInDemo();
    const sofia = await sofiaOf(adapter);
    // Sofía has a card on file of her own for the clinic's late-cancellation policy.
    const forSofia = adapter.actingFor(sofia);
    const setup = await forSofia.startCardSetup('sofia');
    await forSofia.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES.mastercard);
    const anaBefore = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items.length;

    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => people(el).length === 2, 'the person switcher');
    expect(people(el).map((b) => squash(b.textContent))).to.deep.equal(['Ana (you)', 'Sofía (daughter)']);
    expect(person(el, /Ana/).getAttribute('aria-pressed')).to.equal('true');
    expect(person(el, /Sofía/).getAttribute('aria-pressed')).to.equal('false');
    const group = root(el).querySelector('[part~="person-switcher"]')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(squash(root(el).getElementById(group.getAttribute('aria-labelledby')!)?.textContent)).to.equal(
      'Viewing:',
    );
    await until(() => root(el).querySelector('[part~="next-appointment"] .when'), 'Ana’s next appointment');
    expect(root(el).querySelector('[part~="acting-banner"]')).to.be.null;
    await expectAccessible(el, 'switcher, Ana');

    // Sofía: her (empty) home, the banner, focus on the heading, every section still there (full grant).
    person(el, /Sofía/).click();
    await until(() => root(el).querySelector('[part~="acting-banner"]'), 'the banner');
    expect(person(el, /Sofía/).getAttribute('aria-pressed')).to.equal('true');
    expect(squash(root(el).querySelector('[part~="acting-banner"]')!.textContent)).to.equal(
      'You are viewing Sofía’s information. What you do here is for Sofía.',
    );
    await until(() => text(el).includes('Sofía has no upcoming appointments.'), 'Sofía’s home');
    await until(() => deepActive()?.id === 'portal-section-title', 'focus on the heading');
    expect(links(el).map((a) => squash(a.textContent))).to.include.members(['Forms', 'Profile', 'Reminders']);
    await expectAccessible(el, 'switcher, Sofía');

    // Book for Sofía: the review names her, her date of birth, and Ana as the one booking.
    location.hash = '#portal/book';
    const widget = await until(() => root(el).querySelector('booking-widget'), 'booking section');
    await until(() => widget.shadowRoot?.querySelector('.card'), 'services');
    await toReview(widget, {book: /Book now/, next: 'Continue'});
    const review = squash(root(widget).querySelector('dl.review')!.textContent);
    expect(review).to.contain('Sofía García López');
    expect(review).to.match(/Born \w+ \d+, \d{4}/);
    expect(review).to.contain('Booked by');
    expect(review).to.contain('Ana');
    expect(review).to.contain('Mastercard ending 4444');
    await expectAccessible(widget, 'review for Sofía');
    await click(widget, 'Confirm booking');
    await until(() => root(widget).querySelector('[part="confirmation"]'), 'confirmation');

    const sofias = (await forSofia.listAppointments({when: 'upcoming', limit: 100})).items;
    expect(sofias, 'Sofía has the visit').to.have.length(1);
    expect(
      (await adapter.listAppointments({when: 'upcoming', limit: 100})).items,
      'Ana’s list unchanged',
    ).to.have.length(anaBefore);

    // Sofía's appointments section lists it; back to Ana, her list doesn't.
    location.hash = '#portal/appointments';
    const list = await until(() => root(el).querySelector('appointment-list'), 'appointments section');
    const cards = () =>
      [...(list.shadowRoot?.querySelectorAll('[part~="appointment"]') ?? [])].map((c) =>
        squash(c.textContent),
      );
    await until(() => cards().length === 1, 'Sofía’s one appointment');
    const sofiasCard = cards()[0]!;
    person(el, /Ana/).click();
    await until(() => !root(el).querySelector('[part~="acting-banner"]'), 'the banner goes');
    await until(
      () => cards().length > 0 && !cards().includes(sofiasCard),
      'Ana’s appointments, without Sofía’s',
    );
    expect(root(el).querySelector('appointment-list'), 'the same section element, reloaded').to.equal(list);
  });

  it('in Spanish; at 320 px the switcher wraps inside the portal; sign-out forgets whom she viewed', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const adapter = await signedInDemo();
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => people(el).length === 2, 'the person switcher');
    expect(people(el).map((b) => squash(b.textContent))).to.deep.equal(['Ana (usted)', 'Sofía (hija)']);
    person(el, /Sofía/).click();
    await until(() => root(el).querySelector('[part~="acting-banner"]'), 'the banner');
    expect(squash(root(el).querySelector('[part~="acting-banner"]')!.textContent)).to.contain(
      'Está viendo la información de Sofía.',
    );
    // Her profile: her details and medical information, none of Ana's sign-in parts.
    location.hash = '#portal/profile';
    const profile = await until(() => root(el).querySelector('patient-profile'), 'profile section');
    await until(() => profile.shadowRoot?.querySelector('form'), 'Sofía’s profile');
    const profileText = squash(root(profile).textContent);
    expect(profileText).to.contain('Perfil de Sofía');
    for (const id of ['h-email', 'h-password', 'h-sessions'])
      expect(root(profile).getElementById(id), `no ${id} for Sofía`).to.be.null;
    await expectAccessible(el, 'Sofía’s profile es');
    await setViewport({width: 320, height: 740});
    try {
      await nextFrame();
      const right = el.getBoundingClientRect().right;
      for (const b of people(el)) expect(b.getBoundingClientRect().right).to.be.at.most(right + 0.5);
    } finally {
      await setViewport({width: 800, height: 600});
    }
    // Back to Ana: her own profile again, with her sign-in parts.
    person(el, /Ana/).click();
    await until(() => root(profile).getElementById('h-password'), 'Ana’s password section');
    expect(squash(root(profile).textContent)).to.contain('Su perfil');
    el.signOut();
    await until(() => el.querySelector('patient-login[data-portal-shell]'), 'signed out');
    expect(el.person).to.equal(undefined);
    expect(text(el)).to.not.contain('Sofía');
  });

  it('an appointments-only grant shows visits and reminders only, and says so', async () => {
    const adapter = await signedInDemo();
    const sofia = await sofiaOf(adapter);
    const holder = (await adapter.listPeople())[0]!.id;
    (await import('../../../src/adapters/memory/proxy.js')).setProxyGrant(adapter.state, holder, sofia, {
      scope: 'appointments',
      relationship: 'daughter',
    });
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => people(el).length === 2, 'the person switcher');
    person(el, /Sofía/).click();
    await until(() => root(el).querySelector('[part~="acting-banner"]'), 'the banner');
    expect(squash(root(el).querySelector('[part~="acting-banner"]')!.textContent)).to.contain(
      'Your access covers appointments and reminders only.',
    );
    await until(() => !links(el).some((a) => squash(a.textContent) === 'Forms'), 'sections narrowed');
    expect(links(el).map((a) => squash(a.textContent))).to.deep.equal([
      'Home',
      'Appointments',
      'Book',
      'Video visit',
      'Reminders',
    ]);
    // A section the grant doesn't cover falls back to the home.
    location.hash = '#portal/billing';
    await nextFrame();
    await until(() => text(el).includes('Sofía has no upcoming appointments.'), 'the home');
    expect(root(el).querySelector('patient-billing')).to.be.null;
  });

  it('a teenager whose messages and documents are her own: those sections left out, and the banner says why', async () => {
    const adapter = await signedInDemo();
    // The clinic keeps confidential care from a parent from 8 (Sofía is 8 on the test's clock).
    const {data} = adapter.state;
    adapter.state.data = {...data, clinic: {...data.clinic, familyAccess: {confidentialFromAge: 8}}};
    const el = await fixture<PatientPortal>(html`<patient-portal .adapter=${adapter}></patient-portal>`);
    await until(() => people(el).length === 2, 'the person switcher');
    await until(() => links(el).some((a) => squash(a.textContent).startsWith('Messages')), 'Ana’s messages');
    person(el, /Sofía/).click();
    await until(() => root(el).querySelector('[part~="acting-banner"]'), 'the banner');
    expect(squash(root(el).querySelector('[part~="acting-banner"]')!.textContent)).to.contain(
      'At this age, Sofía’s messages with the clinic, documents and confidential visits stay private.',
    );
    await until(
      () => !links(el).some((a) => squash(a.textContent).startsWith('Messages')),
      'sections narrowed',
    );
    const shown = links(el).map((a) => squash(a.textContent));
    expect(shown).to.not.include('Documents');
    expect(shown).to.include.members(['Appointments', 'Book', 'Forms', 'Billing', 'Profile']);
    // Her messages by URL fall back to the home.
    location.hash = '#portal/messages';
    await nextFrame();
    await until(() => text(el).includes('Sofía has no upcoming appointments.'), 'the home');
    expect(root(el).querySelector('patient-messages')).to.be.null;
    await expectAccessible(el);
    // In Spanish.
    await setPageLocale('es-MX');
    await localeReady();
    await until(
      () =>
        squash(root(el).querySelector('[part~="acting-banner"]')?.textContent).includes(
          'A esta edad, los mensajes de Sofía con la clínica, sus documentos y sus consultas confidenciales son privados.',
        ),
      'the Spanish banner',
    );
    await setPageLocale('en');
    // Back to Ana: her messages again.
    person(el, /Ana/).click();
    // (Her unread count may follow the name.)
    await until(
      () => links(el).some((a) => squash(a.textContent).startsWith('Messages')),
      'Ana’s messages again',
    );
  });
});
