import '../src/define/portal-payment-step.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import type {PaymentIntent} from '../src/domain/types.js';
import type {PaymentStep} from '../src/elements/payment-step/payment-step.js';

const meta: Meta = {
  title: 'Elements/portal-payment-step',
  component: 'portal-payment-step',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The deposit step of a booking. The payment provider’s own field (the demo clinic’s test cards, or Stripe’s Payment Element) sits in a light-DOM container the element slots in; card data never touches the element. The Stripe stories use a local fake of Stripe.js (no network).',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

let keySeq = 0;

/** A deposit due at the demo clinic (the chemical peel), as the booking widget would get it. */
async function demoDeposit(adapter: MemoryAdapter): Promise<PaymentIntent | null> {
  const signIn = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (signIn.status !== 'signed-in') return null;
  const service = (await adapter.getCatalog()).services.find((s) => s.deposit);
  if (!service) return null;
  const now = adapter.now();
  const {slots} = await adapter.getAvailability({
    serviceIds: [service.id],
    providerId: 'any',
    from: new Date(now).toISOString(),
    to: new Date(now + 21 * 86_400_000).toISOString(),
  });
  const slot = slots[0];
  return slot ? adapter.createDepositIntent(slot, [service.id], `story-deposit-${++keySeq}`) : null;
}

function payButton(el: PaymentStep): HTMLButtonElement | null {
  return el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="pay-button"]') ?? null;
}

/** Waits until the field is ready, then does what a patient would. */
async function whenReady(el: PaymentStep, act: (el: PaymentStep) => void) {
  for (let i = 0; i < 100; i++) {
    if (payButton(el)?.getAttribute('aria-disabled') === 'false') return act(el);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function chooseDemoCard(el: PaymentStep, index: 0 | 1) {
  const host = el.querySelector<HTMLElement>('.portal-demo-payment');
  host?.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="radio"]')[index]?.click();
}

function demoStep(setup?: (el: PaymentStep, adapter: MemoryAdapter) => void): PaymentStep {
  const el = document.createElement('portal-payment-step') as PaymentStep;
  const adapter = createDemoAdapter();
  el.adapter = adapter;
  void demoDeposit(adapter).then((intent) => {
    if (!intent) return;
    el.intent = intent;
    setup?.(el, adapter);
  });
  return el;
}

export const DemoDeposit: Story = {
  name: 'Demo deposit (test cards)',
  render: () => demoStep(),
};

export const DemoDeclined: Story = {
  name: 'Demo: card declined',
  render: () =>
    demoStep((el) =>
      whenReady(el, () => {
        chooseDemoCard(el, 1);
        payButton(el)?.click();
      }),
    ),
};

export const DemoSucceeded: Story = {
  name: 'Demo: deposit paid',
  render: () => demoStep((el) => whenReady(el, () => payButton(el)?.click())),
};

export const DemoBusy: Story = {
  name: 'Demo: confirming the payment (busy)',
  render: () =>
    demoStep((el, adapter) =>
      whenReady(el, () => {
        adapter.latencyMs = 1_000_000;
        payButton(el)?.click();
      }),
    ),
};

export const NotAvailable: Story = {
  name: 'Field not available (demo intent without the demo backend)',
  render: () => {
    const el = document.createElement('portal-payment-step') as PaymentStep;
    void demoDeposit(createDemoAdapter()).then((intent) => {
      if (intent) el.intent = intent;
    });
    return el;
  },
};

export const Dark: Story = {
  name: 'Demo deposit, dark',
  render: () => {
    const el = demoStep();
    return el;
  },
  globals: {scheme: 'dark'},
};

// ---------------------------------------------------------------------------------------------
// Stripe, with a local fake of Stripe.js: @stripe/stripe-js uses `window.Stripe` when it is
// already defined, so nothing is fetched from js.stripe.com.

const stripeAnswer: {next: unknown} = {next: {paymentIntent: {status: 'succeeded'}}};

/** A stand-in for Stripe's hosted field: an iframe, as Stripe draws it (its inputs live inside). */
const fakeFieldDocument = `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body{margin:0;font:16px system-ui,sans-serif;color:#1b1f24}
label{display:block;margin:.25rem 0 .5rem;font-size:.875rem}
span{display:block;margin-bottom:.25rem}
.box{border:1px solid #7b8794;border-radius:.5rem;padding:.6rem .75rem;color:#4f5965}
.row{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
p{margin:.25rem 0 0;font-size:.75rem;color:#4f5965}
</style></head><body>
<label><span>Card number</span><div class="box">1234 1234 1234 1234</div></label>
<div class="row"><label><span>Expiration</span><div class="box">MM / YY</div></label>
<label><span>CVC</span><div class="box">CVC</div></label></div>
<p>Stand-in for Stripe’s Payment Element (story only).</p></body></html>`;

function installFakeStripe() {
  const w = window as unknown as {Stripe?: unknown};
  if (w.Stripe) return;
  const FakeStripe = () => ({
    elements: () => ({
      update: () => Promise.resolve(),
      create: () => {
        let frame: HTMLIFrameElement | undefined;
        return {
          mount(container: HTMLElement) {
            frame = document.createElement('iframe');
            frame.title = 'Secure payment input frame';
            frame.setAttribute('width', '100%');
            frame.setAttribute('height', '190');
            frame.setAttribute('frameborder', '0');
            frame.srcdoc = fakeFieldDocument;
            container.append(frame);
          },
          destroy() {
            frame?.remove();
          },
          on() {},
        };
      },
    }),
    confirmPayment: async () => {
      await new Promise((r) => setTimeout(r, 400));
      return stripeAnswer.next;
    },
    confirmSetup: async () => {
      await new Promise((r) => setTimeout(r, 400));
      return stripeAnswer.next;
    },
  });
  FakeStripe.version = 'endive';
  w.Stripe = FakeStripe;
}

const stripeIntent: PaymentIntent = {
  id: 'pi_story_1',
  amount: {amountMinor: 75000, currency: 'MXN'},
  provider: 'stripe',
  clientSecret: 'pi_story_1_secret_fake',
  publishableKey: 'pk_test_story',
};

function stripeStep(answer: unknown, act?: (el: PaymentStep) => void): PaymentStep {
  installFakeStripe();
  stripeAnswer.next = answer;
  const el = document.createElement('portal-payment-step') as PaymentStep;
  el.intent = stripeIntent;
  if (act) void whenReady(el, act);
  return el;
}

export const StripeFake: Story = {
  name: 'Stripe Payment Element (fake)',
  render: () => stripeStep({paymentIntent: {status: 'succeeded'}}),
};

export const StripeDeclined: Story = {
  name: 'Stripe: card declined (fake)',
  render: () =>
    stripeStep({error: {type: 'card_error', code: 'card_declined'}}, (el) => payButton(el)?.click()),
};

export const StripeSaveCard: Story = {
  name: 'Stripe: saving a card with a SetupIntent (fake)',
  render: () => {
    const el = stripeStep({setupIntent: {status: 'succeeded'}});
    el.intent = {
      id: 'seti_stripe_story',
      amount: {amountMinor: 0, currency: 'MXN'},
      provider: 'stripe',
      mode: 'setup',
      clientSecret: 'seti_story_secret_fake',
      publishableKey: 'pk_test_story',
    };
    // The step's own card-setup texts (setup-texts.ts): nothing to give it.
    return el;
  },
};
