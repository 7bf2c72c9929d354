import '../src/define/portal-phone-input.js';
import '../src/define/portal-date-input.js';
import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html} from 'lit';
import type {PhoneInput} from '../src/elements/inputs/phone-input.js';
import type {DateInput} from '../src/elements/inputs/date-input.js';

/**
 * The reusable inputs of `<booking-widget>`, `<reminder-prefs>` and `<patient-login>`: a mobile
 * number (country list + number, E.164 value) and a date of birth (day, month, year in the
 * locale's order). Switch the language in the toolbar to see the field order and messages change.
 */
const meta: Meta = {
  title: 'Elements/Form inputs',
  component: 'portal-phone-input',
  tags: ['autodocs'],
  parameters: {
    elements: ['portal-phone-input', 'portal-date-input'],
    docs: {
      description: {
        component:
          '`<portal-phone-input>` and `<portal-date-input>`: labelled, form-associated inputs with localized validation. libphonenumber loads only when the phone field is first used.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

/** What a patient does: type into an inner field, then leave it. */
async function typeInto(host: Element | null, selector: string, text: string) {
  await customElements.whenDefined(host?.localName ?? 'portal-phone-input');
  await (host as PhoneInput | DateInput | null)?.updateComplete;
  const input = host?.shadowRoot?.querySelector<HTMLInputElement>(selector);
  if (!input) return;
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
}

async function leave(host: Element | null) {
  const input = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
  input?.blur();
  await (host as PhoneInput | DateInput | null)?.updateComplete;
}

const TODAY = '2026-03-01';

// ------------------------------------------------------------------------------------------------
// Phone

export const PhoneEmpty: Story = {
  name: 'Phone — empty',
  render: () => html`<portal-phone-input label="Mobile phone" default-country="MX"></portal-phone-input>`,
};

export const PhoneWithHint: Story = {
  name: 'Phone — required, with hint',
  render: () =>
    html`<portal-phone-input
      label="Mobile phone"
      hint="We’ll text you a code to confirm it."
      default-country="MX"
      required
    ></portal-phone-input>`,
};

export const PhoneFilled: Story = {
  name: 'Phone — filled (value set)',
  render: () =>
    html`<portal-phone-input
      label="Mobile phone"
      value="+525512345678"
      default-country="MX"
    ></portal-phone-input>`,
};

export const PhoneNormalised: Story = {
  name: 'Phone — old 044 prefix, normalised on leaving',
  render: () =>
    html`<portal-phone-input id="p" label="Mobile phone" default-country="MX"></portal-phone-input>`,
  play: async ({canvasElement}) => {
    const el = canvasElement.querySelector('portal-phone-input');
    await typeInto(el, 'input[type=tel]', '044 55 1234 5678');
    await new Promise((r) => setTimeout(r, 300));
    await leave(el);
  },
};

export const PhoneSpainClinic: Story = {
  name: 'Phone — clinic in Spain',
  render: () =>
    html`<portal-phone-input
      label="Mobile phone"
      default-country="ES"
      value="+34612345678"
    ></portal-phone-input>`,
};

export const PhoneOtherCountry: Story = {
  name: 'Phone — other country',
  render: () => html`<portal-phone-input label="Mobile phone" value="+447911123456"></portal-phone-input>`,
};

export const PhoneInvalid: Story = {
  name: 'Phone — invalid number',
  render: () =>
    html`<portal-phone-input
      label="Mobile phone"
      hint="We’ll text you a code to confirm it."
      default-country="MX"
    ></portal-phone-input>`,
  play: async ({canvasElement}) => {
    const el = canvasElement.querySelector('portal-phone-input');
    await typeInto(el, 'input[type=tel]', '55 1234');
    await leave(el);
  },
};

export const PhoneRequired: Story = {
  name: 'Phone — required, left empty',
  render: () => html`<portal-phone-input label="Mobile phone" required></portal-phone-input>`,
  play: async ({canvasElement}) => {
    const el = canvasElement.querySelector<PhoneInput>('portal-phone-input');
    await el?.updateComplete;
    el?.checkValidity();
  },
};

export const PhoneTooLong: Story = {
  name: 'Phone — 10,000-character paste',
  render: () => html`<portal-phone-input label="Mobile phone"></portal-phone-input>`,
  play: async ({canvasElement}) => {
    const el = canvasElement.querySelector('portal-phone-input');
    await typeInto(el, 'input[type=tel]', '5'.repeat(10_000));
    await leave(el);
  },
};

export const PhoneDisabled: Story = {
  name: 'Phone — disabled',
  render: () =>
    html`<portal-phone-input label="Mobile phone" value="+525512345678" disabled></portal-phone-input>`,
};

// ------------------------------------------------------------------------------------------------
// Date of birth

export const DateEmpty: Story = {
  name: 'Date of birth — empty',
  render: () => html`<portal-date-input label="Date of birth" today=${TODAY}></portal-date-input>`,
};

export const DateFilled: Story = {
  name: 'Date of birth — 1990-05-01',
  render: () =>
    html`<portal-date-input
      label="Date of birth"
      hint="As on your ID."
      value="1990-05-01"
      today=${TODAY}
    ></portal-date-input>`,
};

function dateError(day: string, month: string, year: string) {
  return async ({canvasElement}: {canvasElement: HTMLElement}) => {
    const el = canvasElement.querySelector('portal-date-input');
    await typeInto(el, '#day', day);
    await typeInto(el, '#month', month);
    await typeInto(el, '#year', year);
    await leave(el);
  };
}

export const DateDoesNotExist: Story = {
  name: 'Date of birth — 31/02 refused',
  render: () => html`<portal-date-input label="Date of birth" today=${TODAY}></portal-date-input>`,
  play: dateError('31', '02', '1990'),
};

export const DateInFuture: Story = {
  name: 'Date of birth — future date refused',
  render: () => html`<portal-date-input label="Date of birth" today=${TODAY}></portal-date-input>`,
  play: dateError('15', '06', '2026'),
};

export const DateTooOld: Story = {
  name: 'Date of birth — more than 130 years ago',
  render: () => html`<portal-date-input label="Date of birth" today=${TODAY}></portal-date-input>`,
  play: dateError('01', '01', '1880'),
};

export const DateRequired: Story = {
  name: 'Date of birth — required, left empty',
  render: () => html`<portal-date-input label="Date of birth" required today=${TODAY}></portal-date-input>`,
  play: async ({canvasElement}) => {
    const el = canvasElement.querySelector<DateInput>('portal-date-input');
    await el?.updateComplete;
    el?.checkValidity();
  },
};

export const DateDisabled: Story = {
  name: 'Date of birth — disabled',
  render: () =>
    html`<portal-date-input
      label="Date of birth"
      value="1990-05-01"
      today=${TODAY}
      disabled
    ></portal-date-input>`,
};

// ------------------------------------------------------------------------------------------------
// Both in a host page's own form

export const InAForm: Story = {
  name: 'Both in a host page’s <form>',
  render: () => {
    const onSubmit = (e: SubmitEvent) => {
      e.preventDefault();
      const out = (e.target as HTMLFormElement).querySelector('output');
      const data = new FormData(e.target as HTMLFormElement);
      if (out) out.value = `phone=${String(data.get('phone'))} dob=${String(data.get('dob'))}`;
    };
    // The host page's own styles (a story may use a <style> element; elements never do).
    return html`<style>
        .story-form {
          display: grid;
          gap: 1.25rem;
          max-width: 36rem;
        }
        .story-form button {
          min-height: 2.75rem;
          padding: 0.5rem 1rem;
          font: inherit;
        }
      </style>
      <form class="story-form" @submit=${onSubmit}>
        <portal-phone-input name="phone" label="Mobile phone" required></portal-phone-input>
        <portal-date-input name="dob" label="Date of birth" today=${TODAY} required></portal-date-input>
        <div><button>Send</button> <button type="reset">Reset</button></div>
        <output></output>
      </form>`;
  },
};
