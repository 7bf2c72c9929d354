/**
 * `<booking-widget>` with a card on file (#20 item 4): where the clinic charges a late-cancellation
 * fee and the visit takes no deposit, the review names the card kept on file and why, lets the
 * patient pick another saved card (keyboard), books with it and says so on the confirmation; with
 * no card saved it says so and books nothing, and a card added in the review is the one kept on
 * file. English and Spanish, axe.
 */
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import '../../src/define.js';
import type {BookingWidget} from '../../src/elements/booking-widget/booking-widget.js';
import type {AppointmentList} from '../../src/elements/appointment-list/appointment-list.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import {resetBackends, sessionFor} from '../../src/adapters/registry.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {expectAccessible} from './helpers/a11y.js';
import {squash, until} from './helpers/dom.js';

// Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);
const root = (el: Element) => el.shadowRoot!;

function buttonNamed(scope: ParentNode, text: string | RegExp): HTMLButtonElement | undefined {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? ''),
  );
}

async function click(el: BookingWidget, text: string | RegExp, what = String(text)) {
  await until(() => {
    const b = buttonNamed(root(el), text);
    return b && !b.disabled;
  }, what);
  buttonNamed(root(el), text)!.click();
  await nextFrame();
}

async function signedInDemo(): Promise<MemoryAdapter> {
  const adapter = createDemoAdapter({clock: () => NOW});
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
  return adapter;
}

/** From the first service (no deposit) to the review, signed in, in the page's language. */
async function toReview(el: BookingWidget, labels: {book: RegExp; next: string}) {
  await until(() => root(el).querySelector('.card'), 'service cards');
  await click(el, labels.book, 'Book now');
  await click(el, labels.next, 'Continue (services)');
  await until(() => root(el).querySelector('input[type=radio]'), 'provider radios');
  root(el).querySelector<HTMLInputElement>('input[type=radio]')!.click();
  await click(el, labels.next, 'Continue (provider)');
  await until(() => root(el).querySelector('portal-slot-picker')?.shadowRoot, 'slot picker');
  const picker = root(el).querySelector('portal-slot-picker')!;
  const times = () =>
    [...picker.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="time"]')].filter((b) => !b.disabled);
  const day = () => picker.shadowRoot!.querySelector<HTMLElement>('[part~="day-available"]');
  await until(() => times().length > 0 || day(), 'a day or times');
  if (!times().length) day()!.click();
  await until(() => times().length > 0, 'times');
  times()[0]!.click();
  await click(el, labels.next, 'Continue (time)');
  await until(() => !root(el).querySelector('portal-slot-picker'), 'left the time step');
  await click(el, labels.next, 'Continue (details)');
  await until(() => root(el).querySelector('#f-policy'), 'policy step');
  root(el).querySelector<HTMLInputElement>('#f-policy')!.click();
  await click(el, labels.next, 'Continue (policy)');
  await until(() => root(el).querySelector('.card-on-file'), 'the card on file in the review');
}

describe('<booking-widget> with a card on file', () => {
  afterEach(async () => {
    resetBackends();
    await setPageLocale('en');
  });

  it('names the default card and why; another saved card is chosen by keyboard and kept on file', async () => {
    const adapter = await signedInDemo();
    const setup = await adapter.startCardSetup('second');
    await adapter.confirmDemoCardSetup(setup.id, DEMO_CARD_CHOICES.mastercard);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await toReview(el, {book: /Book now/, next: 'Continue'});
    const why = squash(root(el).querySelector('.card-on-file')!.textContent);
    expect(why).to.contain(
      'We’ll keep your Visa ending 4242 on file. You are only charged if you cancel less than 24 hours before or miss the visit: MX$300.00.',
    );
    const select = root(el).querySelector<HTMLSelectElement>('#f-card')!;
    expect(select.labels?.[0]?.textContent?.trim()).to.equal('Card to keep on file');
    expect(select.getAttribute('aria-describedby')).to.equal('card-why');
    await expectAccessible(el, 'review with a card on file');
    // The keyboard way: focus the select, pick the next option (the change a key press makes).
    select.focus();
    select.selectedIndex = [...select.options].findIndex((o) => o.textContent?.includes('4444'));
    select.dispatchEvent(new Event('change', {bubbles: true}));
    await el.updateComplete;
    expect(squash(root(el).querySelector('#card-why')!.textContent)).to.contain('Mastercard ending 4444');
    await click(el, 'Confirm booking');
    const done = await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    expect(squash(done.textContent)).to.contain(
      'Your Mastercard ending 4444 is on file for the cancellation policy; nothing was charged.',
    );
    const upcoming = (await adapter.listAppointments({when: 'upcoming', limit: 100})).items;
    expect(upcoming.some((a) => a.cardOnFile?.last4 === '4444')).to.be.true;
    await expectAccessible(el, 'done with a card on file');
  });

  it('says it in Spanish, and with no card saved asks for one and books nothing', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const adapter = await signedInDemo();
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await toReview(el, {book: /Reservar/, next: 'Continuar'});
    expect(squash(root(el).querySelector('.card-on-file')!.textContent)).to.contain(
      'Registraremos su Visa terminada en 4242.',
    );
    expect(root(el).querySelector('#f-card')).to.not.exist; // one card: nothing to choose
    await expectAccessible(el, 'review es');
    // At 320 px the card's row wraps inside the widget: nothing wider than the page.
    await setViewport({width: 320, height: 740});
    try {
      await nextFrame();
      const row = root(el).querySelector<HTMLElement>('.card-on-file')!;
      const widget = el.getBoundingClientRect().right;
      expect(row.getBoundingClientRect().right, `the card row inside the widget (${widget})`).to.be.at.most(
        widget + 0.5,
      );
    } finally {
      await setViewport({width: 800, height: 600});
    }

    // Without a saved card.
    for (const c of await adapter.listCards()) await adapter.removeCard(c.id);
    const el2 = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await toReview(el2, {book: /Reservar/, next: 'Continuar'});
    expect(squash(root(el2).querySelector('.card-on-file')!.textContent)).to.contain(
      'Agregue una tarjeta para reservar; no se le cobra nada ahora.',
    );
    const before = (await adapter.listAppointments({when: 'upcoming', limit: 100})).total;
    await click(el2, 'Confirmar la reserva');
    await until(() => root(el2).querySelector('[role="alert"], .error-summary'), 'the error');
    expect(root(el2).querySelector('[part="confirmation"]')).to.not.exist;
    expect((await adapter.listAppointments({when: 'upcoming', limit: 100})).total).to.equal(before);
  });

  it('with no card saved, a card is added in the review (nothing charged) and kept on file for the booking', async () => {
    const adapter = await signedInDemo();
    for (const c of await adapter.listCards()) await adapter.removeCard(c.id);
    const el = await fixture<BookingWidget>(html`<booking-widget .adapter=${adapter}></booking-widget>`);
    await toReview(el, {book: /Book now/, next: 'Continue'});
    expect(squash(root(el).querySelector('#card-why')!.textContent)).to.equal(
      'The clinic keeps a card on file for late cancellations and missed visits. Add a card to book; nothing is charged now.',
    );
    await click(el, 'Add a card');
    const step = await until(
      () => root(el).querySelector('.add-card portal-payment-step'),
      'the payment step',
    );
    const stepRoot = step.shadowRoot!;
    const save = await until(
      () => stepRoot.querySelector<HTMLButtonElement>('[part~="pay-button"][aria-disabled="false"]'),
      'the step is ready',
    );
    expect(squash(stepRoot.querySelector('[part="amount"]')?.textContent)).to.equal(
      'Save a card with the clinic. Nothing is charged now.',
    );
    await expectAccessible(el, 'adding a card in the review');
    const radios = () => [
      ...(step
        .querySelector<HTMLElement>('.portal-demo-payment')
        ?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? []),
    ];
    await until(() => radios().length === 4, 'the test cards');
    radios()[1]!.click(); // the test Mastercard
    save.click();
    await until(() => !root(el).querySelector('.add-card'), 'the step closes once saved');
    expect(squash(root(el).querySelector('#card-why')!.textContent)).to.contain(
      'We’ll keep your Mastercard ending 4444 on file.',
    );
    expect(buttonNamed(root(el), 'Use a new card'), 'another card can still be added').to.exist;
    const cards = await adapter.listCards();
    expect(cards.map((c) => c.last4)).to.deep.equal(['4444']);
    await click(el, 'Confirm booking');
    const done = await until(() => root(el).querySelector('[part="confirmation"]'), 'confirmation');
    expect(squash(done.textContent)).to.contain(
      'Your Mastercard ending 4444 is on file for the cancellation policy; nothing was charged.',
    );
  });

  it('the cancel dialog says the late fee is charged to the card on file ending 4242, in both languages', async () => {
    let now = NOW;
    const adapter = createDemoAdapter({clock: () => now});
    const signIn = async () => {
      const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
      if (result.status === 'signed-in') sessionFor(adapter).signedIn(result.session);
    };
    await signIn();
    const services = (await adapter.getCatalog()).services.filter((x) => !x.deposit && x.providerIds.length);
    const {slots} = await adapter.getAvailability({
      serviceIds: [services[0]!.id],
      providerId: services[0]!.providerIds[0]!,
      from: new Date(NOW + 2 * 86_400_000).toISOString(),
      to: new Date(NOW + 9 * 86_400_000).toISOString(),
    });
    const booked = await adapter.book({
      slot: slots[0]!,
      serviceIds: [services[0]!.id],
      idempotencyKey: 'card-on-file-dialog',
      privacyConsent: true,
      policyAccepted: true,
      language: 'en',
    });
    expect(booked.cardOnFile?.last4).to.equal('4242');
    now = Date.parse(booked.start) - 2 * 3_600_000;
    await signIn();
    const el = await fixture<AppointmentList>(
      html`<appointment-list .adapter=${adapter} view="upcoming"></appointment-list>`,
    );
    const card = await until(
      () => root(el).querySelector<HTMLElement>(`article[data-id="${booked.id}"]`),
      'the booked visit',
    );
    [...card.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => /Cancel the appointment/.test(b.textContent ?? ''))!
      .click();
    const dialog = () => root(el).querySelector('portal-appointment-dialog')?.shadowRoot ?? null;
    await until(() => /Late cancellation/.test(squash(dialog()?.textContent)), 'the late fee notice');
    expect(squash(dialog()!.textContent)).to.contain(
      'The fee will be charged to your card on file ending 4242.',
    );
    await expectAccessible(el, 'cancel dialog with a card on file');
    await setPageLocale('es-MX');
    await localeReady();
    await until(
      () =>
        /El cargo se hará a su tarjeta registrada terminada en 4242\./.test(squash(dialog()?.textContent)),
      'Spanish card line',
    );
  });
});
