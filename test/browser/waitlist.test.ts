/**
 * The waitlist (#21) through what a patient sees, in `<appointment-list>` and the join form the
 * booking widget shows under the times (`<portal-waitlist mode="join">`): her entries with "Leave
 * the waitlist"; an offer's link (`#portal-offer=`) booked with "Book this time", and the same time
 * told as gone to a second patient; the join form's field errors and success; nothing shown
 * without `capabilities.waitlist`; axe in English and Spanish.
 */
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import '../../src/define/appointment-list.js';
import '../../src/define/portal-waitlist.js';
import type {AppointmentList} from '../../src/elements/appointment-list/appointment-list.js';
import type {WaitlistPanel} from '../../src/elements/appointment-list/waitlist-panel.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import type {Capabilities, WaitlistRequest} from '../../src/adapters/adapter.js';
import type {PatientDetails, PlainDate} from '../../src/domain/types.js';
import {DEMO_CARD_CHOICES, type DemoCardChoiceName} from '../../src/domain/rules/cards.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {buttonIn, squash, until} from './helpers/dom.js';

// Tuesday 10 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 10, 16, 0);
const STRONG = 'Un paseo por Chapultepec 2026';
const demo = (capabilities?: Partial<Capabilities>): MemoryAdapter =>
  createDemoAdapter({clock: () => NOW, capabilities});

async function signIn(adapter: MemoryAdapter, email = DEMO_PATIENT_EMAIL, password = DEMO_PATIENT_PASSWORD) {
  const result = await adapter.signIn({email, password});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
}

const signOut = (adapter: MemoryAdapter) => adapter.signOut();

let n = 0;
/** A new demo patient, registered and signed in. */
async function newPatient(adapter: MemoryAdapter): Promise<PatientDetails> {
  const details: PatientDetails = {
    givenName: 'Lucía',
    familyName: `Espera ${++n}`,
    email: `espera-${n}@example.com`,
    phone: `+52555550${String(1000 + n)}`,
    dateOfBirth: '1990-05-04',
    language: 'es',
  };
  await adapter.register({patient: details, password: STRONG, privacyConsent: true});
  const mail = adapter.outbox.messages.find((m) => m.to === details.email)!;
  const link = Object.values(mail.links).find((l) => l.includes('#'))!;
  await adapter.verifyEmail([...new URLSearchParams(new URL(link).hash.slice(1)).values()][0]!, STRONG);
  return details;
}

const panels = (el: Element) => [...el.shadowRoot!.querySelectorAll<WaitlistPanel>('portal-waitlist')];
const text = (el: Element) => squash(el.shadowRoot?.textContent ?? '');
const allText = (el: Element) => panels(el).map(text).join(' ');

async function settle(el: {updateComplete: Promise<unknown>}) {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

const request = (to: PlainDate): WaitlistRequest => ({
  serviceIds: ['svc-general'],
  from: '2026-03-10',
  to,
  partsOfDay: ['morning', 'afternoon', 'evening'],
});

/**
 * The demo patient books the first general time and cancels it (the adapter alone: the page's
 * session stays signed out): the time goes to the waiting patients.
 */
async function freeATime(adapter: MemoryAdapter) {
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  const {slots} = await adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'any',
    from: new Date(NOW + 86_400_000).toISOString(),
    to: new Date(NOW + 5 * 86_400_000).toISOString(),
  });
  const booked = await adapter.book({
    slot: slots[0]!,
    serviceIds: ['svc-general'],
    idempotencyKey: 'wl-browser',
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
  });
  await adapter
    .cancelAppointment({appointmentId: booked.id, reasonId: 'schedule', note: 'x'})
    .catch(async () => {
      const reasons = await adapter.getCancellationReasons();
      const plain = reasons.find((r) => !r.needsText) ?? reasons[0]!;
      await adapter.cancelAppointment({appointmentId: booked.id, reasonId: plain.id, note: 'Otra cita'});
    });
  await signOut(adapter);
}

/** The token of the offer emailed to `email`. */
const offerToken = (adapter: MemoryAdapter, email: string) =>
  new URLSearchParams(
    new URL(
      adapter.outbox.messages.find(
        (m) => m.kind === 'waitlist-offer' && m.channel === 'email' && m.to === email,
      )!.links.offer!,
    ).hash.slice(1),
  ).get('portal-offer')!;

/** Saves a demo test card for the signed-in patient (the clinic keeps one on file for its fees). */
async function saveCard(adapter: MemoryAdapter, card: DemoCardChoiceName) {
  const setup = await adapter.startCardSetup(`card-${++n}`);
  await adapter.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES[card]);
}

describe('the waitlist in <appointment-list> and the booking widget’s join form', () => {
  afterEach(async () => {
    resetBackends();
    history.replaceState(null, '', location.pathname);
    await setPageLocale('en');
  });

  it('lists her entries and leaves one; accessible in English and Spanish', async () => {
    const adapter = demo();
    await signIn(adapter);
    await adapter.joinWaitlist(request('2026-03-20'));
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /Your waitlist/.test(allText(el)), 'the waitlist section');
    const t = allText(el);
    expect(t).to.contain('General medicine');
    expect(t).to.contain('Any provider');
    expect(t).to.match(/Morning \(before 12:00\), Afternoon \(12:00–17:00\), Evening \(from 17:00\)/);
    await expectAccessible(el, 'waitlist en');
    await setPageLocale('es-MX');
    await localeReady();
    await settle(panels(el)[0]!);
    expect(allText(el)).to.contain('Su lista de espera');
    expect(allText(el)).to.contain('Salir de la lista de espera');
    await expectAccessible(el, 'waitlist es');
    await setPageLocale('en');
    await localeReady();
    await settle(panels(el)[0]!);
    buttonIn(panels(el)[0]!.shadowRoot!, 'Leave the waitlist')!.click();
    await until(() => /You left the waitlist/.test(allText(el)), 'left');
    expect(await adapter.listWaitlist()).to.deep.equal([]);
  });

  it('books an offered time from its link; a second offered patient is told it’s gone', async () => {
    const adapter = demo();
    // Two patients wait; a third books the first morning time and cancels it.
    const first = await newPatient(adapter);
    await adapter.joinWaitlist(request('2026-03-20'));
    await signOut(adapter);
    const second = await newPatient(adapter);
    await adapter.joinWaitlist(request('2026-03-20'));
    // The demo clinic keeps a card on file for its fees: hers books the offer.
    await saveCard(adapter, 'succeeds');
    await signOut(adapter);
    await freeATime(adapter);
    const offer = (email: string) =>
      adapter.outbox.messages.find(
        (m) => m.kind === 'waitlist-offer' && m.channel === 'email' && m.to === email,
      )!;
    const tokenOf = (email: string) =>
      new URLSearchParams(new URL(offer(email).links.offer!).hash.slice(1)).get('portal-offer')!;

    // The second patient opens her link first and books it (no sign-in needed).
    history.replaceState(null, '', `#portal-offer=${tokenOf(second.email)}`);
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /An earlier time opened for you/.test(allText(el)), 'the offer');
    expect(allText(el)).to.match(/Mexico City|Ciudad de México/);
    await expectAccessible(el, 'offer en');
    const events: Event[] = [];
    el.addEventListener('portal-booked', (e) => events.push(e));
    buttonIn(panels(el)[0]!.shadowRoot!, 'Book this time')!.click();
    await until(() => /Booked — see you then/.test(allText(el)), 'booked');
    expect(events).to.have.length(1);
    // No patient data in the event.
    expect(JSON.stringify((events[0] as Event & {appointment: unknown}).appointment)).not.to.contain('@');

    // The first patient's link: gone, in Spanish.
    el.remove();
    resetBackends();
    history.replaceState(null, '', `#portal-offer=${tokenOf(first.email)}`);
    await setPageLocale('es-MX');
    await localeReady();
    const again = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /ya no está disponible/.test(allText(again)), 'gone');
    expect(allText(again)).to.contain('Usted sigue en la lista de espera');
    expect(buttonIn(panels(again)[0]!.shadowRoot!, 'Reservar este horario')).to.not.be.ok;
    await expectAccessible(again, 'gone es');
  });

  it('an offer with no card saved, or a declined one, books nothing and says to add a card in Billing; the time stays held (en, es)', async () => {
    const adapter = demo();
    const waiting = await newPatient(adapter);
    await adapter.joinWaitlist(request('2026-03-20'));
    await signOut(adapter);
    await freeATime(adapter);
    history.replaceState(null, '', `#portal-offer=${offerToken(adapter, waiting.email)}`);
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /An earlier time opened for you/.test(allText(el)), 'the offer');
    buttonIn(panels(el)[0]!.shadowRoot!, 'Book this time')!.click();
    await until(() => /Add a card in Billing/.test(allText(el)), 'the card needed');
    const alert = panels(el)[0]!.shadowRoot!.querySelector('[role="alert"]')!;
    expect(squash(alert.textContent ?? '')).to.match(
      /you have none saved\. Nothing was booked\..*while the time is held for you/,
    );
    // Still offered: the button is there to try again, and nothing was booked.
    expect(buttonIn(panels(el)[0]!.shadowRoot!, 'Book this time')).to.be.ok;
    expect(allText(el)).to.contain('An earlier time opened for you');
    await expectAccessible(el, 'card needed en');

    // Her only card declines: in Spanish, the declined message; still held.
    await signIn(adapter, waiting.email, STRONG);
    await saveCard(adapter, 'charge-declines');
    await signOut(adapter);
    el.remove();
    resetBackends();
    await setPageLocale('es-MX');
    await localeReady();
    const again = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /Reservar este horario/.test(allText(again)), 'the offer es');
    buttonIn(panels(again)[0]!.shadowRoot!, 'Reservar este horario')!.click();
    await until(() => /Su tarjeta guardada fue rechazada/.test(allText(again)), 'declined es');
    expect(allText(again)).to.contain('Facturación');
    expect(buttonIn(panels(again)[0]!.shadowRoot!, 'Reservar este horario')).to.be.ok;
    await expectAccessible(again, 'card declined es');
    expect((await adapter.resolveWaitlistOffer(offerToken(adapter, waiting.email))).state).to.equal('open');
  });

  it('joins from the form under the times: errors at the fields, then on the waitlist', async () => {
    const adapter = demo();
    await signIn(adapter);
    const el = await fixture<WaitlistPanel>(
      html`<portal-waitlist
        mode="join"
        .adapter=${adapter}
        .serviceIds=${['svc-general']}
      ></portal-waitlist>`,
    );
    const root = el.shadowRoot!;
    const open = buttonIn(root, /Tell me if an earlier time opens/)!;
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    open.click();
    await settle(el);
    await expectAccessible(el, 'join en');
    const from = root.querySelector<HTMLInputElement>('input[name=from]')!;
    const to = root.querySelector<HTMLInputElement>('input[name=to]')!;
    // The range starts on the clinic's today by the backend's clock (10 March 2026), not the device's.
    expect(from.value).to.equal('2026-03-10');
    expect(from.min).to.equal('2026-03-10');
    from.value = '2026-03-12';
    to.value = '2026-03-11';
    root.querySelector('form')!.requestSubmit();
    await until(() => to.getAttribute('aria-invalid') === 'true', 'the range refused');
    expect(squash(root.querySelector('#wl-to-error')?.textContent)).not.to.equal('');
    expect(await adapter.listWaitlist()).to.deep.equal([]);
    await expectAccessible(el, 'join errors en');
    to.value = '2026-03-20';
    root.querySelector('form')!.requestSubmit();
    await until(() => /You’re on the waitlist/.test(text(el)), 'joined');
    expect(await adapter.listWaitlist()).to.have.length(1);
    expect(localStorage.length + sessionStorage.length).to.equal(0);
  });

  it('what she joins under the times shows at once in her list’s "Your waitlist" (no reload); the form names the visit', async () => {
    const adapter = demo();
    await signIn(adapter);
    const page = await fixture<HTMLElement>(
      html`<div>
        <portal-waitlist mode="join" .adapter=${adapter} .serviceIds=${['svc-general']}></portal-waitlist>
        <appointment-list .adapter=${adapter}></appointment-list>
      </div>`,
    );
    const join = page.querySelector<WaitlistPanel>('portal-waitlist')!;
    const list = page.querySelector<AppointmentList>('appointment-list')!;
    await until(() => /Your appointments/.test(text(list)) && panels(list).length === 1, 'the list');
    await settle(panels(list)[0]!);
    expect(allText(list)).not.to.contain('Your waitlist');
    buttonIn(join.shadowRoot!, /Tell me if an earlier time opens/)!.click();
    await until(() => /General medicine visit · Any provider/.test(text(join)), 'the visit named');
    join.shadowRoot!.querySelector<HTMLInputElement>('input[name=to]')!.value = '2026-03-20';
    join.shadowRoot!.querySelector('form')!.requestSubmit();
    await until(() => /You’re on the waitlist/.test(text(join)), 'joined');
    await until(() => /Your waitlist/.test(allText(list)), 'the list’s waitlist');
    expect(allText(list)).to.contain('General medicine visit');
    await expectAccessible(list, 'joined, listed');
  });

  it('shows no waitlist without capabilities.waitlist', async () => {
    const adapter = demo({waitlist: false});
    await signIn(adapter);
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter}></appointment-list>`,
    );
    await until(() => /Your appointments/.test(text(el)) && !/Loading/.test(text(el)), 'loaded');
    await settle(el);
    expect(panels(el)).to.have.length(0);
  });
});
