import '../src/define/patient-billing.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import {createDemoAdapter, DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../src/adapters/memory/index.js';
import {NetworkError} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {until} from './support/drive.js';

// A fixed day for stable stories: Monday 2 March 2026, 10:00 in Mexico City.
const NOW = Date.UTC(2026, 2, 2, 16, 0);

const meta: Meta = {
  title: 'Elements/patient-billing',
  component: 'patient-billing',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

function billing(options: {signedIn?: boolean; failList?: boolean; noBilling?: boolean} = {}) {
  const adapter = createDemoAdapter({
    clock: () => NOW,
    ...(options.noBilling ? {capabilities: {billing: false}} : {}),
  });
  if (options.failList) adapter.failures.failNext(new NetworkError('network'), {operation: 'listInvoices'});
  if (options.signedIn !== false) {
    void adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD}).then((r) => {
      if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
    });
  }
  return html`<patient-billing .adapter=${adapter}></patient-billing>`;
}

const root = (canvas: HTMLElement) => canvas.querySelector('patient-billing')!.shadowRoot!;

export const SignedOut: Story = {render: () => billing({signedIn: false})};

/** The demo patient: one unpaid invoice (the balance due), three paid, the payment history. */
export const Invoices: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    await until(() => root(canvasElement).querySelector('.invoice'));
  },
};

/** The unpaid invoice's items and taxes (IVA 16 %) opened. */
export const ItemsAndTaxes: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    const details = await until(() =>
      root(canvasElement).querySelector<HTMLDetailsElement>('.invoice details'),
    );
    details.open = true;
  },
};

export const LoadError: Story = {render: () => billing({failList: true})};

/** A backend without billing (the FHIR adapter today): the element says so. */
export const NotOffered: Story = {render: () => billing({noBilling: true})};

/** "Pay balance" pressed: the clinic's payment step (the demo's test cards) under the unpaid invoice. */
export const PayingTheBalance: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    const pay = await until(() =>
      root(canvasElement).querySelector<HTMLButtonElement>('[part~="pay-button"]'),
    );
    pay.click();
    const step = await until(() => root(canvasElement).querySelector('portal-payment-step'));
    await until(() => step.shadowRoot?.querySelector('[part~="pay-button"][aria-disabled="false"]'));
  },
};

const button = (canvas: HTMLElement, label: RegExp) =>
  until(() =>
    [...root(canvas).querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      label.test(b.getAttribute('aria-label') ?? b.textContent?.trim() ?? ''),
    ),
  );

/** Cards on file: the demo patient's Visa (the default), "Add a card", "Remove". */
export const CardsOnFile: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    const card = await until(() => root(canvasElement).querySelector<HTMLElement>('li.card'));
    card.scrollIntoView({block: 'center'});
  },
};

/** "Add a card": the clinic's payment step in its setup mode (the demo's test cards; nothing charged). */
export const AddingACard: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    (await button(canvasElement, /^Add a card$/)).click();
    const step = await until(() => root(canvasElement).querySelector('.add-card portal-payment-step'));
    await until(() => step.shadowRoot?.querySelector('[part~="pay-button"][aria-disabled="false"]'));
    step.scrollIntoView({block: 'center'});
  },
};

/** "Remove" pressed: the confirmation before the card is forgotten. */
export const RemovingACard: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    (await button(canvasElement, /^Remove Visa ending in 4242$/)).click();
    const confirm = await until(() => root(canvasElement).querySelector<HTMLElement>('.confirm'));
    confirm.scrollIntoView({block: 'center'});
  },
};

/** "Billing details" (#20): none given yet — her invoices show her name; "Add billing details". */
export const BillingDetailsNone: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    const s = await until(() => root(canvasElement).querySelector<HTMLElement>('[part~="billing-details"]'));
    s.scrollIntoView({block: 'center'});
  },
};

/** The form for a clinic in Mexico (CFDI 4.0): name, RFC, postal code, régimen fiscal. */
export const BillingDetailsForm: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    (await until(() => root(canvasElement).querySelector<HTMLButtonElement>('[data-bd-edit]'))).click();
    const form = await until(() => root(canvasElement).querySelector<HTMLElement>('.details-form'));
    form.scrollIntoView({block: 'center'});
  },
};

async function fillDetails(canvas: HTMLElement, values: Record<string, string>) {
  (await until(() => root(canvas).querySelector<HTMLButtonElement>('[data-bd-edit]'))).click();
  await until(() => root(canvas).querySelector('.details-form'));
  for (const [name, value] of Object.entries(values))
    root(canvas).querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!.value = value;
  root(canvas).querySelector<HTMLButtonElement>('.details-form button.primary')!.click();
}

/** An RFC that is not one (month 13) and no postal code or régimen: refused at each field, nothing saved. */
export const BillingDetailsErrors: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    await fillDetails(canvasElement, {legalName: 'Ana García López', taxId: 'GALE851332AB1'});
    const s = await until(() => root(canvasElement).querySelector<HTMLElement>('[data-summary="bd"]'));
    s.scrollIntoView({block: 'center'});
  },
};

/** "Remove billing details" asked: "Remove them" (focused) or "Keep them"; her invoices would name her again. */
export const BillingDetailsRemoveConfirm: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    await fillDetails(canvasElement, {legalName: 'Empresa Ejemplo SA'});
    (await until(() => root(canvasElement).querySelector<HTMLButtonElement>('[data-bd-remove]'))).click();
    const confirm = await until(() =>
      root(canvasElement).querySelector<HTMLElement>('[part~="billing-details"] .confirm'),
    );
    confirm.scrollIntoView({block: 'center'});
  },
};

/** Saved: her RFC, postal code and régimen; the unpaid invoice opened shows whom it is made out to. */
export const BillingDetailsSaved: Story = {
  render: () => billing(),
  play: async ({canvasElement}) => {
    await fillDetails(canvasElement, {
      legalName: 'Ana García López',
      taxId: 'GALE850312AB1',
      postalCode: '06700',
      taxRegime: '605',
    });
    await until(() =>
      [...root(canvasElement).querySelectorAll('.bill-to')].some((p) => /GALE/.test(p.textContent ?? '')),
    );
    const details = root(canvasElement).querySelector<HTMLDetailsElement>('.invoice details')!;
    details.open = true;
    details.scrollIntoView({block: 'start'});
  },
};
