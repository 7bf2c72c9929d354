/**
 * The parts of `<patient-login>` a patient reaches only after a choice — self-registration and
 * first-time onboarding — in a chunk of their own, loaded when first needed, so a page that only
 * shows the sign-in form doesn't pay for them.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {
  Capabilities,
  FirstAccessAsks,
  FirstAccessDetails,
  PortalAdapter,
} from '../../adapters/adapter.js';
import messages from '../../localization/generated/pieces/login-flows.js';
import {catalogPiece, currentLanguage} from '../../localization/localization.js';
import type {Clinic, Patient} from '../../domain/types.js';
import {deviceKind, installLink, videoProvider} from '../../telehealth/join-links.js';

// These flows' own messages: a catalog piece loaded with this chunk (not the core catalog every
// page in the language loads); the element's renders wait for it (no English flash).
catalogPiece('login-flows', messages);

export type OnboardingStep = 'welcome' | 'reminders' | 'devices' | 'app' | 'app-install' | 'done';

/** What the flows need from the element. */
export interface FlowContext {
  readonly setup?: {readonly clinic: Clinic; readonly caps: Capabilities};
  readonly patient?: Patient;
  readonly adapter?: PortalAdapter;
  readonly busy: boolean;
  readonly partsReady: boolean;
  readonly errors: Readonly<Record<string, string>>;
  fid(name: string): string;
  value(name: string): string;
  set(name: string, value: string): void;
  go(view: {kind: 'sign-in'} | {kind: 'onboarding'; step: OnboardingStep}): void;
  heading(text: string): TemplateResult;
  summary(): TemplateResult | typeof nothing;
  input(
    name: string,
    label: string,
    attrs: {type?: string; autocomplete: string; inputmode?: string; maxlength?: number; hint?: string},
  ): TemplateResult;
  password(name: string, label: string, autocomplete: string, hint?: string): TemplateResult;
  submit(label: string): TemplateResult;
  dateOfBirth(): TemplateResult;
  newPasswordHint(): string;
  submitRegister(e: Event): void;
  finishOnboarding(): void;
  stopDeviceCheck(then: () => void): void;
  /** Runs one request as the element's forms do (busy, errors at the fields by `fieldMap`). */
  attempt(operation: string, work: (signal: AbortSignal) => Promise<unknown>): Promise<boolean>;
}

/**
 * The answer to her security question (seed 002) on a reset link's form, when she set one: her
 * question is the field's hint.
 */
export function securityAnswer(
  ctx: FlowContext,
  link: {readonly kind: string; readonly securityQuestion?: string; readonly info?: {asks?: FirstAccessAsks}},
): TemplateResult | typeof nothing {
  if (link.kind === 'invitation') return firstAccess(ctx, link.info?.asks);
  const question = link.securityQuestion;
  return question
    ? ctx.input('securityAnswer', msg('Answer to your security question', {id: 'login-security-answer'}), {
        autocomplete: 'off',
        maxlength: 100,
        hint: question,
      })
    : nothing;
}

export function renderRegister(ctx: FlowContext): TemplateResult {
  const clinic = ctx.setup?.clinic;
  const consentError = ctx.errors['consent'];
  const notice = clinic?.privacy.noticeUrl;
  return html`${ctx.heading(msg('Create an account', {id: 'login-create'}))} ${ctx.summary()}
    <form method="post" action="" novalidate @submit=${(e: Event) => ctx.submitRegister(e)}>
      ${ctx.input('given', msg('First name', {id: 'login-given'}), {autocomplete: 'given-name', maxlength: 100})}
      ${ctx.input('family', msg('Last name', {id: 'login-family'}), {autocomplete: 'family-name', maxlength: 100})}
      ${ctx.input('email', msg('Email', {id: 'login-email'}), {
        type: 'email',
        autocomplete: 'username',
        inputmode: 'email',
      })}
      ${
        ctx.partsReady
          ? html`<div class="ppl-field">
                <portal-phone-input
                  id=${ctx.fid('phone')}
                  .label=${msg('Mobile phone', {id: 'booking-phone'})}
                  .defaultCountry=${clinic?.country ?? 'MX'}
                  .value=${ctx.value('phone')}
                  required
                  @change=${(e: Event) => ctx.set('phone', (e.target as HTMLElement & {value: string}).value)}
                  @input=${(e: Event) => ctx.set('phone', (e.target as HTMLElement & {value: string}).value)}
                ></portal-phone-input>
                ${ctx.errors['phone'] ? html`<span class="ppl-error">${ctx.errors['phone']}</span>` : nothing}
              </div>
              ${ctx.dateOfBirth()}`
          : nothing
      }
      ${ctx.password('new-password', msg('Password', {id: 'login-password'}), 'new-password', ctx.newPasswordHint())}
      <div class="ppl-field">
        <div class="ppl-check">
          <input
            id=${ctx.fid('consent')}
            type="checkbox"
            name="consent"
            aria-invalid=${consentError ? 'true' : 'false'}
            aria-describedby=${consentError ? ctx.fid('consent-error') : nothing}
            .checked=${ctx.value('consent') === 'yes'}
            @change=${(e: Event) => ctx.set('consent', (e.target as HTMLInputElement).checked ? 'yes' : '')}
          />
          <label for=${ctx.fid('consent')}
            >${msg('I have read the clinic’s privacy notice and agree to the use of my data it describes.', {
              id: 'login-consent',
            })}</label
          >
        </div>
        ${
          notice?.startsWith('https://')
            ? html`<a href=${notice} target="_blank" rel="noopener noreferrer"
                >${msg('Privacy notice', {id: 'booking-privacy'})}</a
              >`
            : nothing
        }
        ${
          consentError
            ? html`<span class="ppl-error" id=${ctx.fid('consent-error')}>${consentError}</span>`
            : nothing
        }
      </div>
      ${ctx.submit(msg('Create my account', {id: 'login-create-submit'}))}
    </form>
    <button type="button" class="ppl-link" @click=${() => ctx.go({kind: 'sign-in'})}>
      ${msg('I already have an account', {id: 'login-have-account'})}
    </button>`;
}

export function renderOnboarding(ctx: FlowContext, step: OnboardingStep): TemplateResult {
  const clinic = ctx.setup?.clinic;
  const tele = clinic?.telehealth && ctx.setup?.caps.telehealth ? clinic.telehealth : undefined;
  const steps: OnboardingStep[] = [
    'welcome',
    'reminders',
    ...(tele ? (['devices', 'app'] as const) : []),
    'done',
  ];
  const index = Math.max(0, steps.indexOf(step === 'app-install' ? 'app' : step));
  const next = () => ctx.go({kind: 'onboarding', step: steps[index + 1] ?? 'done'});
  const counter = html`<p class="ppl-steps">
    ${msg(str`Step ${index + 1} of ${steps.length}`, {id: 'login-step-of'})}
  </p>`;
  const skip = html`<button type="button" class="ppl-link" @click=${next}>
    ${msg('Skip this step', {id: 'login-skip'})}
  </button>`;
  const patient = ctx.patient;
  const provider = tele ? videoProvider(tele.provider) : undefined;
  const appName = provider?.name ?? msg('the video app', {id: 'login-video-app'});
  switch (step) {
    case 'welcome':
      return html`${counter}
        ${ctx.heading(msg(str`Welcome, ${patient?.givenName ?? ''}`, {id: 'login-welcome-name'}))}
        <p>
          ${
            tele
              ? msg(
                  str`Your account with ${clinic?.name ?? ''} is ready. A few quick steps set up your reminders and check your device for video visits.`,
                  {id: 'login-welcome-intro-video'},
                )
              : msg(
                  str`Your account with ${clinic?.name ?? ''} is ready. A few quick steps set up your reminders.`,
                  {
                    id: 'login-welcome-intro',
                  },
                )
          }
        </p>
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${next}>
            ${msg('Next step', {id: 'login-next'})}
          </button>
          <button type="button" class="ppl-link" @click=${() => ctx.finishOnboarding()}>
            ${msg('Skip the set-up', {id: 'login-skip-all'})}
          </button>
        </div>`;
    case 'reminders':
      return html`${counter} ${ctx.heading(msg('Your reminders', {id: 'login-step-reminders'}))}
        <reminder-prefs .adapter=${ctx.adapter}></reminder-prefs>
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${next}>
            ${msg('Next step', {id: 'login-next'})}
          </button>
          ${skip}
        </div>`;
    case 'devices':
      return html`${counter} ${ctx.heading(msg('Your device', {id: 'login-step-devices'}))}
        <device-check .adapter=${ctx.adapter} heading-level="4"></device-check>
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${() => ctx.stopDeviceCheck(next)}>
            ${msg('Next step', {id: 'login-next'})}
          </button>
          <button type="button" class="ppl-link" @click=${() => ctx.stopDeviceCheck(next)}>
            ${msg('Skip this step', {id: 'login-skip'})}
          </button>
        </div>`;
    case 'app':
      return html`${counter}
        ${ctx.heading(msg(str`Do you have ${appName} on this device?`, {id: 'login-app-question'}))}
        <p>${msg('Video visits open in it. You can also join from the browser.', {id: 'login-app-why'})}</p>
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${next}>${msg('Yes', {id: 'login-yes'})}</button>
          <button type="button" @click=${() => ctx.go({kind: 'onboarding', step: 'app-install'})}>
            ${msg('No, or I’m not sure', {id: 'login-app-no'})}
          </button>
        </div>`;
    case 'app-install': {
      const link = tele ? installLink(tele.provider, deviceKind()) : undefined;
      return html`${counter} ${ctx.heading(msg(str`Get ${appName}`, {id: 'th-help-install-link'}))}
        <p>
          ${
            link
              ? msg(str`Install ${appName} for this device, then come back and choose “I’ve installed it”.`, {
                  id: 'login-app-install',
                })
              : msg(
                  str`On this device you don’t need to install ${appName}: you will join from the browser.`,
                  {
                    id: 'login-app-not-needed',
                  },
                )
          }
        </p>
        ${
          link
            ? html`<p>
                <a class="ppl-button" href=${link} target="_blank" rel="noopener noreferrer"
                  >${msg(str`Get ${appName}`, {id: 'th-help-install-link'})}</a
                >
              </p>`
            : nothing
        }
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${next}>
            ${link ? msg('I’ve installed it', {id: 'login-app-installed'}) : msg('Next step', {id: 'login-next'})}
          </button>
          ${link ? skip : nothing}
        </div>`;
    }
    case 'done':
      return html`${counter} ${ctx.heading(msg('All done', {id: 'login-all-done'}))}
        <p>
          ${msg('Your account is set up. You can change your reminders at any time.', {id: 'login-all-done-text'})}
        </p>
        ${ctx.summary()}
        <div class="ppl-actions">
          <button
            type="button"
            class="ppl-primary"
            ?disabled=${ctx.busy}
            @click=${() => ctx.finishOnboarding()}
          >
            ${msg('All done', {id: 'login-all-done'})}
          </button>
        </div>`;
  }
}

/** Where first access's errors show (`acceptInvitation`'s and `verifyPhoneCode`'s fields). */
export const FIRST_ACCESS_FIELDS: Record<string, string> = {
  password: 'new-password',
  phone: 'fa-phone',
  phoneVerificationToken: 'fa-code',
  code: 'fa-code',
  securityQuestion: 'fa-question',
  securityAnswer: 'fa-answer',
};

/**
 * What first access asks besides the password, as the clinic configures it (seed 002: "configurar
 * la contraseña, número móvil y una respuesta de seguridad"): her mobile number, with a code sent
 * to it by text message, and her own security question and its answer. The backend checks them
 * all again (`rules/first-access.ts`).
 */
export function firstAccess(
  ctx: FlowContext,
  asks: FirstAccessAsks | undefined,
): TemplateResult | typeof nothing {
  if (!asks || (!asks.mobile && !asks.securityQuestion)) return nothing;
  const phoneError = ctx.errors['fa-phone'];
  return html`${
    asks.mobile && ctx.partsReady
      ? html`<div class="ppl-field">
            <portal-phone-input
              id=${ctx.fid('fa-phone')}
              .label=${msg('Mobile phone', {id: 'booking-phone'})}
              .defaultCountry=${ctx.setup?.clinic.country ?? 'MX'}
              .value=${ctx.value('fa-phone')}
              required
              @change=${(e: Event) => setPhone(ctx, e)}
              @input=${(e: Event) => setPhone(ctx, e)}
            ></portal-phone-input>
            ${phoneError ? html`<span class="ppl-error">${phoneError}</span>` : nothing}
          </div>
          <div class="ppl-actions">
            <button type="button" ?disabled=${ctx.busy} @click=${() => void sendCode(ctx)}>
              ${msg('Send me a code by text message', {id: 'login-first-code-send'})}
            </button>
          </div>
          ${ctx.input('fa-code', msg('Code from the text message', {id: 'login-first-code'}), {
            autocomplete: 'one-time-code',
            inputmode: 'numeric',
            maxlength: 7,
            hint: ctx.value('fa-challenge')
              ? msg('We sent a 6-digit code to this number.', {id: 'login-first-code-sent'})
              : undefined,
          })}`
      : nothing
  }
  ${
    asks.securityQuestion
      ? html`${ctx.input('fa-question', msg('Your security question', {id: 'login-first-question'}), {
          autocomplete: 'off',
          maxlength: 200,
          hint: msg(
            'You will be asked it if you forget your password. Capitals, accents and spaces in the answer do not matter.',
            {id: 'login-first-question-hint'},
          ),
        })}
        ${ctx.input('fa-answer', msg('Its answer', {id: 'login-first-answer'}), {
          autocomplete: 'off',
          maxlength: 100,
        })}`
      : nothing
  }`;
}

function setPhone(ctx: FlowContext, e: Event) {
  const phone = (e.target as HTMLElement & {value: string}).value;
  if (phone === ctx.value('fa-phone')) return;
  // A code or proof was for the number before.
  ctx.set('fa-phone', phone);
  ctx.set('fa-challenge', '');
  ctx.set('fa-proof', '');
}

async function sendCode(ctx: FlowContext) {
  const phone = ctx.value('fa-phone');
  const adapter = ctx.adapter;
  if (!adapter) return;
  await ctx.attempt('sendPhoneCode', async (signal) => {
    const challenge = await adapter.sendPhoneCode({phone, language: currentLanguage()}, {signal});
    ctx.set('fa-challenge', challenge.id);
    ctx.set('fa-proof', '');
  });
}

/**
 * Her first-access details for `acceptInvitation`: the code checked here once (its proof kept for
 * another try, e.g. after a refused password), the question and answer as she wrote them.
 */
export async function firstAccessDetails(
  ctx: FlowContext,
  asks: FirstAccessAsks | undefined,
  signal: AbortSignal,
): Promise<FirstAccessDetails> {
  if (!asks) return {};
  let proof: string | undefined;
  if (asks.mobile) {
    const id = ctx.value('fa-challenge');
    const code = ctx.value('fa-code').replace(/\s/g, '');
    proof = ctx.value('fa-proof') || undefined;
    if (!proof && id && code) {
      proof = await ctx.adapter!.verifyPhoneCode(id, code, {signal});
      ctx.set('fa-proof', proof);
    }
  }
  return {
    ...(asks.mobile ? {phone: ctx.value('fa-phone'), phoneVerificationToken: proof} : {}),
    ...(asks.securityQuestion
      ? {securityQuestion: ctx.value('fa-question'), securityAnswer: ctx.value('fa-answer')}
      : {}),
  };
}
