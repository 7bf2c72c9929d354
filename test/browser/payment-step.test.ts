import {expect, fixture, html, nextFrame, waitUntil} from '@open-wc/testing';
import '../../src/define/portal-payment-step.js';
import type {PaymentStep, PortalPaymentEvent} from '../../src/elements/payment-step/payment-step.js';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../../src/adapters/memory/index.js';
import type {PaymentIntent} from '../../src/domain/types.js';
import {localeReady, setPageLocale} from '../../src/localization/localization.js';
import {registerPaymentProvider} from '../../src/payments/payment-provider.js';
import {STRIPE_JS_URL} from '../../src/payments/stripe-provider.js';
import {expectAccessible} from './helpers/a11y.js';

// ---------------------------------------------------------------------------------------------
// A local fake of Stripe.js, installed before any Stripe deposit loads.
//
// @stripe/stripe-js's loader (src/shared.ts, `loadScript`) resolves with `window.Stripe` when it
// is already defined, without adding a <script>; it then calls `window.Stripe(publishableKey)`
// (`initStripe`) and caches that constructor for the page. So one stable fake function is put on
// `window.Stripe` here, and each test swaps what it answers through `fake`.

interface FakeElements {
  update(options: unknown): Promise<void>;
}
const fake = {
  keys: [] as string[],
  elementsOptions: [] as Record<string, unknown>[],
  created: [] as string[],
  mountedIn: [] as HTMLElement[],
  confirmCalls: [] as {elements: unknown; redirect: unknown}[],
  /** Which of Stripe.js's confirmations was called, in order (`payment`, `setup`). */
  confirmKinds: [] as string[],
  lastElements: undefined as FakeElements | undefined,
  destroyed: 0,
  answer: {paymentIntent: {status: 'succeeded'}} as unknown,
  reset() {
    this.keys = [];
    this.elementsOptions = [];
    this.created = [];
    this.mountedIn = [];
    this.confirmCalls = [];
    this.confirmKinds = [];
    this.lastElements = undefined;
    this.destroyed = 0;
    this.answer = {paymentIntent: {status: 'succeeded'}};
  },
};

function FakeStripe(publishableKey: string) {
  fake.keys.push(publishableKey);
  return {
    elements(options: Record<string, unknown>) {
      fake.elementsOptions.push(options);
      const elements: FakeElements & {create(type: string): unknown} = {
        update: () => Promise.resolve(),
        create(type: string) {
          fake.created.push(type);
          let frame: HTMLIFrameElement | undefined;
          return {
            mount(container: HTMLElement) {
              // What Stripe does: its own iframe in our container; the card inputs live inside it.
              frame = document.createElement('iframe');
              frame.title = 'Secure payment input frame';
              container.append(frame);
              fake.mountedIn.push(container);
            },
            destroy() {
              frame?.remove();
              fake.destroyed++;
            },
            on() {},
          };
        },
      };
      fake.lastElements = elements;
      return elements;
    },
    async confirmPayment(options: {elements: unknown; redirect: unknown}) {
      fake.confirmCalls.push(options);
      fake.confirmKinds.push('payment');
      await new Promise((r) => setTimeout(r, 30));
      return fake.answer;
    },
    async confirmSetup(options: {elements: unknown; redirect: unknown}) {
      fake.confirmCalls.push(options);
      fake.confirmKinds.push('setup');
      await new Promise((r) => setTimeout(r, 30));
      return fake.answer;
    },
  };
}
FakeStripe.version = 'endive';
(window as unknown as {Stripe: unknown}).Stripe = FakeStripe;

// ---------------------------------------------------------------------------------------------

/** Tuesday 3 March 2026, 09:00 in Mexico City. */
const NOW = Date.UTC(2026, 2, 3, 15, 0);
let keySeq = 0;

async function demoDeposit(): Promise<{adapter: MemoryAdapter; intent: PaymentIntent}> {
  const adapter = createDemoAdapter({clock: () => NOW});
  const signIn = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(signIn.status).to.equal('signed-in');
  const service = (await adapter.getCatalog()).services.find((s) => s.deposit);
  expect(service, 'the demo clinic has a service with a deposit').to.exist;
  const {slots} = await adapter.getAvailability({
    serviceIds: [service!.id],
    providerId: 'any',
    from: new Date(NOW).toISOString(),
    to: new Date(NOW + 14 * 86_400_000).toISOString(),
  });
  const intent = await adapter.createDepositIntent(slots[0]!, [service!.id], `deposit-test-${++keySeq}`);
  expect(intent?.provider).to.equal('demo');
  return {adapter, intent: intent!};
}

const stripeIntent: PaymentIntent = {
  id: 'pi_test_123',
  amount: {amountMinor: 50000, currency: 'MXN'},
  provider: 'stripe',
  clientSecret: 'pi_test_123_secret_abc',
  publishableKey: 'pk_test_fake',
};

async function settle(el: PaymentStep) {
  for (let i = 0; i < 4; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

function payButton(el: PaymentStep) {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pay-button"]');
}

async function ready(el: PaymentStep) {
  await waitUntil(
    () => payButton(el)?.getAttribute('aria-disabled') === 'false',
    'the payment field is ready',
    {timeout: 3000},
  );
}

function demoRadios(el: PaymentStep) {
  const host = el.querySelector<HTMLElement>('[slot="payment-field"] .portal-demo-payment');
  return [...(host?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? [])];
}

function announced(politeness: 'polite' | 'assertive'): string {
  return document.querySelector(`[data-portal-announcer="${politeness}"]`)?.textContent ?? '';
}

function eventsOf(el: PaymentStep) {
  const events: {type: string; intentId: string; keys: string[]}[] = [];
  const record = (e: PortalPaymentEvent) =>
    events.push({type: e.type, intentId: e.intentId, keys: Object.keys(e).filter((k) => k !== 'isTrusted')});
  el.addEventListener('portal-payment-succeeded', record);
  el.addEventListener('portal-payment-failed', record);
  return events;
}

/** QUALITY 18: no input that could hold card data in our element's light DOM or shadow root. */
function expectNoCardInputs(el: PaymentStep) {
  const inputs = [...el.querySelectorAll('input'), ...el.shadowRoot!.querySelectorAll('input')];
  const host = el.querySelector<HTMLElement>('.portal-demo-payment');
  inputs.push(...(host?.shadowRoot?.querySelectorAll('input') ?? []));
  for (const input of inputs)
    expect(input.type, 'only the demo’s radio choices are inputs').to.equal('radio');
}

describe('<portal-payment-step> with the demo clinic', () => {
  afterEach(async () => {
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('shows the amount, the two test cards (no card field) and pays with the card that succeeds', async () => {
    const {adapter, intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    const events = eventsOf(el);
    await ready(el);
    const amount = el.shadowRoot!.querySelector('[part="amount"]')!.textContent!.trim();
    expect(amount).to.equal('A deposit of MX$500.00 is due to book this visit.');
    expect(el.shadowRoot!.querySelector('[part="demo-marker"]')).to.exist;
    const radios = demoRadios(el);
    expect(radios.map((r) => r.closest('label')!.textContent!.trim())).to.deep.equal([
      'Test card that succeeds (4242\u00a0…\u00a04242)',
      'Test card that is declined (4000\u00a0…\u00a00002)',
    ]);
    expect(radios[0]!.checked).to.be.true;
    expectNoCardInputs(el);
    expect(payButton(el)!.textContent!.trim()).to.equal('Pay deposit');
    await expectAccessible(el, 'demo ready en');

    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'the deposit is paid');
    expect(el.shadowRoot!.querySelector('[part="success"]')!.textContent!.trim()).to.equal(
      'Your deposit of MX$500.00 has been paid.',
    );
    expect(payButton(el), 'nothing left to pay').to.be.null;
    expect(demoRadios(el), 'the field is removed').to.have.length(0);
    expect(events).to.deep.equal([
      {type: 'portal-payment-succeeded', intentId: intent.id, keys: ['intentId']},
    ]);
    await waitUntil(() => announced('polite') === 'Your deposit of MX$500.00 has been paid.', 'announced');
    await expectAccessible(el, 'demo succeeded en');
  });

  it('a declined card shows the localized failure once, keeps the field, and another card then pays', async () => {
    const {adapter, intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    const events = eventsOf(el);
    await ready(el);
    demoRadios(el)[1]!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'the failure is shown');
    const failure = 'The payment didn’t go through. No charge was made; please try another card.';
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim()).to.equal(failure);
    await waitUntil(() => announced('assertive') === failure, 'the failure is announced');
    expect(payButton(el)!.getAttribute('aria-disabled')).to.equal('false');
    expect(demoRadios(el)).to.have.length(2);
    expect(events).to.deep.equal([{type: 'portal-payment-failed', intentId: intent.id, keys: ['intentId']}]);
    await expectAccessible(el, 'demo declined en');

    demoRadios(el)[0]!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'the second card pays');
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.be.null;
    expect(events.map((e) => e.type)).to.deep.equal(['portal-payment-failed', 'portal-payment-succeeded']);
  });

  it('five clicks and Enter confirm once; the button is aria-disabled (and keeps focus) while busy', async () => {
    const {adapter, intent} = await demoDeposit();
    let calls = 0;
    const original = adapter.confirmDemoPayment.bind(adapter);
    adapter.confirmDemoPayment = (...args) => {
      calls++;
      return original(...args);
    };
    adapter.latencyMs = 150;
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    await ready(el);
    const button = payButton(el)!;
    button.focus();
    for (let i = 0; i < 5; i++) button.click();
    button.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent!.trim()).to.equal('Processing payment…');
    expect(el.shadowRoot!.activeElement, 'focus stays on the busy button').to.equal(button);
    await expectAccessible(el, 'demo busy en');
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'paid', {timeout: 3000});
    expect(calls).to.equal(1);
    // The button that had focus is gone: focus moves to the message (which says it, once).
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[part="success"]'));
  });

  it('passes axe in Spanish in every state', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const {adapter, intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    await ready(el);
    expect(el.shadowRoot!.querySelector('[part="amount"]')!.textContent).to.contain('$500.00');
    await expectAccessible(el, 'demo ready es');
    demoRadios(el)[1]!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'declined');
    await expectAccessible(el, 'demo declined es');
    demoRadios(el)[0]!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'paid');
    await expectAccessible(el, 'demo succeeded es');
  });

  it('a backend that cannot take demo payments shows a clear state, not a dead button', async () => {
    const {intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${intent}></portal-payment-step>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'the field cannot be set up');
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain(
      'doesn’t offer this online',
    );
    expect(payButton(el)).to.be.null;
    expect(el.shadowRoot!.querySelector('[part~="retry-button"]'), 'no retry for what cannot pass').to.be
      .null;
    await expectAccessible(el, 'unavailable en');
  });

  it('a provider that fails to load (connection) offers "Try again", which loads it (pluggable registry)', async () => {
    const {adapter, intent} = await demoDeposit();
    let attempts = 0;
    registerPaymentProvider('flaky-test', async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      const {DemoPaymentProvider} = await import('../../src/payments/demo-provider.js');
      return new DemoPaymentProvider();
    });
    const flaky = {...intent, provider: 'flaky-test'} as unknown as PaymentIntent;
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${flaky}></portal-payment-step>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="retry-button"]'), 'the retry is offered');
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain(
      'couldn’t reach the clinic',
    );
    await expectAccessible(el, 'load failed en');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await ready(el);
    expect(attempts).to.equal(2);
    expect(demoRadios(el)).to.have.length(2);
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.be.null;
  });

  it('sets the field up again after being moved in the page', async () => {
    const {adapter, intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    await ready(el);
    const parent = el.parentElement!;
    el.remove();
    expect(demoRadios(el), 'removed with the element').to.have.length(0);
    parent.append(el);
    await waitUntil(() => demoRadios(el).length === 2, 'the field is back');
    await ready(el);
  });

  it('a paid deposit stays paid when the element is moved', async () => {
    const {adapter, intent} = await demoDeposit();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .adapter=${adapter} .intent=${intent}></portal-payment-step>`,
    );
    await ready(el);
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'paid');
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="success"]')).to.exist;
    expect(payButton(el)).to.be.null;
    expect(demoRadios(el)).to.have.length(0);
  });

  it('renders nothing to pay without an intent, and always keeps its slot', async () => {
    const el = await fixture<PaymentStep>(html`<portal-payment-step></portal-payment-step>`);
    await settle(el);
    expect(payButton(el)).to.be.null;
    expect(el.shadowRoot!.querySelector('slot[name="payment-field"]')).to.exist;
    expect(el.querySelector(':scope > div[slot="payment-field"]'), 'its light-DOM container').to.exist;
  });
});

describe('<portal-payment-step> with Stripe (local fake of Stripe.js)', () => {
  beforeEach(() => fake.reset());
  afterEach(async () => {
    document.documentElement.lang = 'en';
    await setPageLocale('en');
  });

  it('mounts the Payment Element in the light-DOM container with the client secret and locale', async () => {
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${stripeIntent}></portal-payment-step>`,
    );
    await ready(el);
    expect(fake.keys).to.deep.equal(['pk_test_fake']);
    expect(fake.elementsOptions).to.have.length(1);
    expect(fake.elementsOptions[0]!['clientSecret']).to.equal('pi_test_123_secret_abc');
    expect(fake.elementsOptions[0]!['locale']).to.equal('en');
    expect(fake.created).to.deep.equal(['payment']);
    const container = fake.mountedIn[0]!;
    expect(container.parentElement).to.equal(el);
    expect(container.getAttribute('slot')).to.equal('payment-field');
    expect(container.getRootNode()).to.equal(document);
    expect(container.querySelector('iframe')).to.exist;
    expect(el.querySelectorAll('input').length + el.shadowRoot!.querySelectorAll('input').length).to.equal(0);
    expect(document.querySelector('script[src^="https://js.stripe.com"]'), 'Stripe.js was already there').to
      .be.null;
    await expectAccessible(el, 'stripe ready en');
  });

  it('confirms with redirect "if_required" once, and shows success', async () => {
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${stripeIntent}></portal-payment-step>`,
    );
    const events = eventsOf(el);
    await ready(el);
    payButton(el)!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'paid');
    expect(fake.confirmCalls).to.have.length(1);
    expect(fake.confirmCalls[0]!.redirect).to.equal('if_required');
    expect(fake.confirmCalls[0]!.elements).to.equal(fake.lastElements);
    expect(fake.destroyed, 'the field is removed after paying').to.equal(1);
    expect(events).to.deep.equal([
      {type: 'portal-payment-succeeded', intentId: 'pi_test_123', keys: ['intentId']},
    ]);
  });

  it('saves a card with a SetupIntent: confirmSetup (not confirmPayment), redirect "if_required", once', async () => {
    fake.answer = {setupIntent: {status: 'succeeded'}};
    const setupIntent: PaymentIntent = {
      id: 'seti_stripe_123',
      amount: {amountMinor: 0, currency: 'MXN'},
      provider: 'stripe',
      mode: 'setup',
      clientSecret: 'seti_test_123_secret_abc',
      publishableKey: 'pk_test_fake',
    };
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${setupIntent}></portal-payment-step>`,
    );
    const events = eventsOf(el);
    await ready(el);
    expect(fake.elementsOptions[0]!['clientSecret']).to.equal('seti_test_123_secret_abc');
    payButton(el)!.click();
    payButton(el)!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="success"]'), 'saved');
    expect(fake.confirmKinds).to.deep.equal(['setup']);
    expect(fake.confirmCalls[0]!.redirect).to.equal('if_required');
    expect(events.map((e) => e.type)).to.deep.equal(['portal-payment-succeeded']);

    // A card Stripe refuses to set up: the failure, nothing saved.
    fake.reset();
    fake.answer = {error: {type: 'card_error', code: 'card_declined'}};
    const again = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${{...setupIntent, id: 'seti_stripe_456'}}></portal-payment-step>`,
    );
    await ready(again);
    payButton(again)!.click();
    await waitUntil(() => again.shadowRoot!.querySelector('[part="error"]'), 'refused');
    expect(fake.confirmKinds).to.deep.equal(['setup']);
    await expectAccessible(again, 'stripe setup failed');
  });

  for (const [label, answer] of [
    [
      'a card error',
      {error: {type: 'card_error', code: 'card_declined', message: 'Your card was declined.'}},
    ],
    ['an intent still needing a payment method', {paymentIntent: {status: 'requires_payment_method'}}],
  ] as const) {
    it(`shows ${label} as the localized failure, in English and Spanish`, async () => {
      fake.answer = answer;
      const el = await fixture<PaymentStep>(
        html`<portal-payment-step .intent=${stripeIntent}></portal-payment-step>`,
      );
      const events = eventsOf(el);
      await ready(el);
      payButton(el)!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'the failure is shown');
      const text = el.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim();
      expect(text).to.equal('The payment didn’t go through. No charge was made; please try another card.');
      expect(text, 'Stripe’s own message is not repeated').to.not.contain('Your card was declined');
      expect(events.map((e) => e.type)).to.deep.equal(['portal-payment-failed']);
      expect(el.querySelectorAll('input').length + el.shadowRoot!.querySelectorAll('input').length).to.equal(
        0,
      );
      await expectAccessible(el, 'stripe failed en');

      await setPageLocale('es-MX');
      await localeReady();
      await settle(el);
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim()).to.equal(
        'El pago no se realizó. No se hizo ningún cargo; pruebe con otra tarjeta.',
      );
      await expectAccessible(el, 'stripe failed es');
    });
  }

  it('gives Stripe Latin American Spanish for es-MX and passes axe in Spanish', async () => {
    await setPageLocale('es-MX');
    await localeReady();
    const el = await fixture<PaymentStep>(
      html`<portal-payment-step .intent=${stripeIntent}></portal-payment-step>`,
    );
    await ready(el);
    expect(fake.elementsOptions[0]!['locale']).to.equal('es-419');
    await expectAccessible(el, 'stripe ready es');
  });

  it('refuses to mount inside a shadow root (Stripe cannot) with a clear state', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = wrapper.attachShadow({mode: 'open'});
    const el = document.createElement('portal-payment-step');
    el.intent = stripeIntent;
    root.append(el);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'not mounted');
    expect(fake.mountedIn).to.have.length(0);
    expect(payButton(el)).to.be.null;
  });

  it('follows a forwarded slot to the host’s light-DOM node, so it works inside another shadow root', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><div slot="payment-field" id="outer"></div></div>`,
    );
    const root = wrapper.attachShadow({mode: 'open'});
    const el = document.createElement('portal-payment-step');
    const forward = document.createElement('slot');
    forward.name = 'payment-field';
    forward.slot = 'payment-field';
    el.append(forward);
    el.intent = stripeIntent;
    root.append(el);
    await ready(el);
    expect(fake.mountedIn[0]).to.equal(wrapper.querySelector('#outer'));
    expect(wrapper.querySelector('#outer iframe')).to.exist;
  });

  it('uses the Stripe.js URL of the pinned @stripe/stripe-js release train', async () => {
    const source = await (await fetch('/node_modules/@stripe/stripe-js/dist/pure.mjs')).text();
    const train = /RELEASE_TRAIN = '([a-z0-9]+)'/.exec(source)?.[1];
    expect(STRIPE_JS_URL).to.equal(`https://js.stripe.com/${train}/stripe.js`);
  });
});
