import type {Meta, StoryObj} from '@storybook/web-components-vite';
import {html, nothing} from 'lit';
import '../src/define.js';
import {
  createDemoAdapter,
  DEMO_INVITATION_TOKEN,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  type MemoryAdapter,
} from '../src/adapters/memory/index.js';
import type {Capabilities} from '../src/adapters/adapter.js';
import {sessionFor} from '../src/adapters/registry.js';
import {until} from './support/drive.js';

// Each story gets a fresh demo clinic. Links from the clinic's emails (invitation, verification,
// reset) are put in the story's address as the patient's email client would: `#portal-reset=…`.

const meta: Meta = {
  title: 'Elements/patient-login',
  component: 'patient-login',
  tags: ['autodocs'],
};
export default meta;
type Story = StoryObj;

interface Options {
  capabilities?: Partial<Capabilities>;
  signedIn?: boolean;
  /** A fresh patient who has not been through onboarding signs in through the element. */
  onboarding?: boolean;
  /** Puts a link's fragment in the address before the element appears. */
  fragment?: (adapter: MemoryAdapter) => Promise<string> | string;
  dark?: boolean;
  play?: (el: HTMLElement, adapter: MemoryAdapter) => Promise<void>;
}

function login(options: Options = {}): Story {
  return {
    loaders: [
      async () => {
        // The demo seed: the invitation token in the demo clinic's emails is derived from it.
        const adapter = createDemoAdapter({capabilities: options.capabilities});
        // The device check's connection result, fixed (a real measurement varies run to run).
        adapter.checkConnection = async () => 35;
        await adapter.getClinic();
        if (options.signedIn) {
          const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
          if (r.status === 'signed-in') sessionFor(adapter).signedIn(r.session);
        }
        const fragment = options.fragment ? await options.fragment(adapter) : '';
        history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
        return {adapter};
      },
    ],
    render: (_args, {loaded}) =>
      html`<patient-login
        .adapter=${loaded['adapter'] as MemoryAdapter}
        color-scheme=${options.dark ? 'dark' : nothing}
        ?data-keep-scheme=${options.dark}
      ></patient-login>`,
    play: options.play
      ? async ({canvasElement, loaded}) => {
          const el = await until(() => canvasElement.querySelector('patient-login'));
          await until(() => el.querySelector('.ppl form, .ppl button'));
          await options.play!(el, loaded['adapter'] as MemoryAdapter);
        }
      : undefined,
  };
}

/** Types into a field once it is there (the view after a button press renders asynchronously). */
async function type(el: HTMLElement, name: string, value: string) {
  const input = await until(() => el.querySelector<HTMLInputElement>(`.ppl input[name="${name}"]`));
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true}));
}

async function press(el: HTMLElement, text: RegExp) {
  const button = await until(() =>
    [...el.querySelectorAll<HTMLButtonElement>('.ppl button')].find((b) =>
      text.test(b.textContent?.trim() ?? ''),
    ),
  );
  button.click();
  await new Promise((r) => setTimeout(r, 50));
}

async function linkFrom(adapter: MemoryAdapter, kind: 'password-reset' | 'verification', key: string) {
  const message = adapter.outbox.list({kind}).at(-1)!;
  return new URL(message.links[key]!).hash;
}

/** The sign-in form. */
export const SignIn: Story = login();

/** A wrong password: one message for any wrong email or password. */
export const WrongPassword: Story = login({
  play: async (el) => {
    await type(el, 'email', DEMO_PATIENT_EMAIL);
    await type(el, 'password', 'not the password');
    await press(el, /^(Sign in|Iniciar sesión)$/);
    await until(() => el.querySelector('[data-ppl-summary]'));
  },
});

/** Too many attempts: the wait, with submit disabled. */
export const RateLimited: Story = login({
  play: async (el) => {
    for (let i = 0; i < 6; i++) {
      await type(el, 'email', DEMO_PATIENT_EMAIL);
      await type(el, 'password', `wrong password ${i}`);
      await press(el, /^(Sign in|Iniciar sesión)$/);
      await until(() => el.querySelector('[data-ppl-summary]'));
    }
  },
});

/** A backend that asks for a second factor: the code. */
export const SecondFactor: Story = login({
  capabilities: {secondFactor: 'email'},
  play: async (el) => {
    await type(el, 'email', DEMO_PATIENT_EMAIL);
    await type(el, 'password', DEMO_PATIENT_PASSWORD);
    await press(el, /^(Sign in|Iniciar sesión)$/);
    await until(() => el.querySelector('input[autocomplete="one-time-code"]'));
  },
});

/** "Help, I can't sign in": email and date of birth. */
export const Help: Story = login({play: async (el) => press(el, /Help|Ayuda/)});

/** After asking for a reset link. */
export const HelpSent: Story = login({
  play: async (el) => {
    await press(el, /Help|Ayuda/);
    await type(el, 'email', DEMO_PATIENT_EMAIL);
    const dob = await until(() => el.querySelector<HTMLElement & {value: string}>('portal-date-input'));
    dob.value = DEMO_PATIENT_DATE_OF_BIRTH;
    dob.dispatchEvent(new Event('change', {bubbles: true}));
    await press(el, /Email me a link|Enviarme un enlace/);
    await until(() => el.querySelector('[role="status"]'));
  },
});

/** The reset email's link: choose a new password, twice. */
export const ResetLink: Story = login({
  fragment: async (adapter) => {
    await adapter.requestPasswordReset({
      email: DEMO_PATIENT_EMAIL,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
      language: 'en',
    });
    return linkFrom(adapter, 'password-reset', 'reset');
  },
});

/** The reset link of a patient who set a security question (seed 002): its answer is asked too. */
export const ResetLinkSecurityQuestion: Story = login({
  fragment: async (adapter) => {
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    await adapter.setSecurityAnswer({
      currentPassword: DEMO_PATIENT_PASSWORD,
      question: '¿Nombre de mi primera mascota?',
      answer: 'Canela',
    });
    await adapter.signOut();
    await adapter.requestPasswordReset({
      email: DEMO_PATIENT_EMAIL,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
      language: 'en',
    });
    return linkFrom(adapter, 'password-reset', 'reset');
  },
  play: async (el) => void (await until(() => el.querySelector('input[name="securityAnswer"]'))),
});

/** The invitation email's "Create my account" link. */
export const Invitation: Story = login({fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`});

/** Where the clinic asks more at first access (seed 002): the demo's data as its settings would give it. */
async function firstAccessInvitation(adapter: MemoryAdapter) {
  await adapter.ready;
  const data = adapter.state.data;
  adapter.state.data = {
    ...data,
    clinic: {...data.clinic, firstAccessMobile: true, securityQuestion: 'required'},
  };
  return `#portal-invitation=${DEMO_INVITATION_TOKEN}`;
}

/** The invitation where the clinic asks her mobile (with an SMS code) and security question too. */
export const InvitationFirstAccess: Story = login({
  fragment: firstAccessInvitation,
  play: async (el) => void (await until(() => el.querySelector('portal-phone-input'))),
});

/** First access: the code sent to her mobile, the form not filled in, Get started refused by field. */
export const InvitationFirstAccessRefused: Story = login({
  fragment: firstAccessInvitation,
  play: async (el) => {
    const phone = await until(() => el.querySelector<HTMLElement & {value: string}>('portal-phone-input'));
    phone.value = '+525587654321';
    phone.dispatchEvent(new Event('change', {bubbles: true}));
    await press(el, /^(Send me a code by text message|Enviarme un código por SMS)$/);
    await until(() => el.querySelector('[id$="fa-code-hint"]'));
    await type(el, 'new-password', 'una frase larga y fácil');
    await type(el, 'new-password-2', 'una frase larga y fácil');
    await press(el, /^(Get started|Comenzar|Empezar)$/);
    await until(() => el.querySelector('[data-ppl-summary]'));
  },
});

/** A link that expired or was used. */
export const InvalidLink: Story = login({fragment: () => '#portal-reset=no-such-token'});

/** Self-registration. */
export const Register: Story = login({play: async (el) => press(el, /Create an account|Crear una cuenta/)});

/** Registered: check your email (the same words whether or not the clinic knew the address). */
export const RegisterSent: Story = login({
  play: async (el) => {
    await press(el, /Create an account|Crear una cuenta/);
    await type(el, 'given', 'María José');
    await type(el, 'family', 'Ñúñez-O’Connor');
    await type(el, 'email', 'maria.jose@example.com');
    await until(() => el.querySelector('portal-phone-input'));
    const phone = el.querySelector<HTMLElement & {value: string}>('portal-phone-input')!;
    phone.value = '+525512345678';
    phone.dispatchEvent(new Event('change', {bubbles: true}));
    const dob = el.querySelector<HTMLElement & {value: string}>('portal-date-input')!;
    dob.value = '1990-05-01';
    dob.dispatchEvent(new Event('change', {bubbles: true}));
    await type(el, 'new-password', 'correct horse battery staple');
    const consent = el.querySelector<HTMLInputElement>('input[name="consent"]')!;
    consent.click();
    await press(el, /Create my account|Crear mi cuenta/);
    await until(() => el.querySelector('[role="status"]'));
  },
});

/** Signed in: who, and "Sign out". */
export const SignedIn: Story = login({signedIn: true});

/** First-time onboarding after accepting the invitation: welcome → reminders → device → app → done. */
export const Onboarding: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: async (el) => {
    await until(() => el.querySelector('input[name="new-password"]'));
    await type(el, 'new-password', 'correct horse battery staple');
    await type(el, 'new-password-2', 'correct horse battery staple');
    await press(el, /Get started|Comenzar/);
    await until(() => /Step 1|Paso 1/.test(el.textContent ?? ''));
  },
});

async function onboardTo(el: HTMLElement, clicks: RegExp[]) {
  await until(() => el.querySelector('input[name="new-password"]'));
  await type(el, 'new-password', 'correct horse battery staple');
  await type(el, 'new-password-2', 'correct horse battery staple');
  await press(el, /Get started|Comenzar/);
  for (const label of clicks) await press(el, label);
}

const NEXT = /^(Next step|Siguiente paso)$/;

/** Onboarding, step 2: reminder preferences. */
export const OnboardingReminders: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: (el) => onboardTo(el, [NEXT]),
});

/** Onboarding, step 3: the device and system check. */
export const OnboardingDevices: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: (el) => onboardTo(el, [NEXT, NEXT]),
});

/** Onboarding, step 4: "Do you have Jitsi Meet on this device?". */
export const OnboardingApp: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: (el) => onboardTo(el, [NEXT, NEXT, NEXT]),
});

/** Onboarding: no app yet → where to get it for this device. */
export const OnboardingAppInstall: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: (el) => onboardTo(el, [NEXT, NEXT, NEXT, /I’m not sure|no lo sé/]),
});

/** Onboarding, last step: all done. */
export const OnboardingDone: Story = login({
  fragment: () => `#portal-invitation=${DEMO_INVITATION_TOKEN}`,
  play: (el) => onboardTo(el, [NEXT, NEXT, NEXT, /^(Yes|Sí)$/]),
});

/** A backend that signs patients in elsewhere (SMART on FHIR). */
export const External: Story = login({capabilities: {signIn: {kind: 'external', name: 'MyChart'}}});

/** Dark. */
export const Dark: Story = login({dark: true});

/** Spanish (Mexico). */
export const Spanish: Story = {...login(), globals: {locale: 'es-MX'}};
