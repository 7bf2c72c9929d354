import {html, nothing, render, type TemplateResult} from 'lit';
import {property, state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  InvalidLinkError,
  RateLimitedError,
  ValidationError,
  isAbortError,
  type FieldErrorCode,
  type InvitationInfo,
  type PasswordResetCheck,
} from '../../adapters/adapter.js';
import type {PlainDate, Session} from '../../domain/types.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {ClinicSetupController} from '../base/portal-element.js';
import {PortalSignedInEvent} from '../../events.js';
import {errorMessage, fieldErrorMessage, formatWait} from '../../localization/error-messages.js';
import {currentLanguage} from '../../localization/localization.js';
import {toPlainDate} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {lightCss, styles} from './patient-login.styles.js';
import type {FlowContext, OnboardingStep} from './login-flows.js';

type Flows = typeof import('./login-flows.js');

/** Fragment keys of the emailed links this element completes: `…#portal-reset=<token>`. */
export const LOGIN_FRAGMENTS = {
  invitation: 'portal-invitation',
  verify: 'portal-verify',
  reset: 'portal-reset',
} as const;

/** Password rules every backend applies (QUALITY 15): length only, counted in characters. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

type View =
  | {readonly kind: 'sign-in'}
  | {readonly kind: 'code'; readonly challengeId: string; readonly channel: 'sms' | 'email'}
  | {readonly kind: 'help'}
  | {readonly kind: 'help-sent'}
  | {
      readonly kind: 'reset';
      readonly token: string;
      readonly status: 'checking' | 'ready' | 'invalid';
      /** Her security question, when she set one: its answer is asked with the new password. */
      readonly securityQuestion?: string;
    }
  | {
      readonly kind: 'invitation';
      readonly token: string;
      readonly status: 'checking' | 'ready' | 'invalid';
      readonly info?: InvitationInfo;
    }
  | {readonly kind: 'register'}
  | {readonly kind: 'register-sent'}
  | {readonly kind: 'verify'; readonly token: string; readonly status: 'ready' | 'invalid'}
  | {readonly kind: 'onboarding'; readonly step: OnboardingStep}
  | {readonly kind: 'signed-in'};

type Fields = Record<string, string>;

/** Asks the page's host to sign the patient in elsewhere (SMART on FHIR); cancelable. */
export class PortalExternalSignInEvent extends Event {
  static readonly type = 'portal-external-sign-in';
  constructor() {
    super(PortalExternalSignInEvent.type, {bubbles: true, composed: true, cancelable: true});
  }
}

let lightSheet: CSSStyleSheet | undefined;
/** Adds the light-DOM form styles to the document once (a constructed sheet: CSP-safe). */
function adoptLightStyles(doc: Document) {
  if (!lightSheet) {
    lightSheet = new CSSStyleSheet();
    lightSheet.replaceSync(lightCss);
  }
  if (!doc.adoptedStyleSheets.includes(lightSheet))
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, lightSheet];
}

let instances = 0;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const codePoints = (s: string) => [...s].length;

/**
 * The portal's front door: sign in, create an account (from the clinic's invitation, or on one's
 * own with email verification), get back in after forgetting the password, first-time onboarding,
 * and the page's session. The invitation's first access asks what the clinic configures besides
 * the password (her mobile number with an SMS code, her security question: `InvitationInfo.asks`).
 *
 * **Autofill and password managers.** The forms are rendered into the element's own light DOM (a
 * `div.ppl` child), not into its shadow root, so browsers' autofill and password managers see the
 * credential fields as part of the page: real `<form>`s with a submit button and the standard
 * `autocomplete` tokens (`username`, `current-password`, `new-password`, `one-time-code`). Their
 * styles are added to the document once, scoped to `patient-login`.
 *
 * **Emailed links** open the clinic's page with a token in the fragment — `#portal-invitation=`,
 * `#portal-verify=`, `#portal-reset=` — which never reaches a server; the element reads the token,
 * removes it from the address bar at once and completes the step.
 *
 * **The session** is shared with every element on the page using the same backend: tokens stay in
 * memory or the backend's httpOnly cookie, never Web Storage; idle sign-out warns first (QUALITY
 * 13); on sign-out every element drops the patient's data. Other elements' "Sign in" buttons
 * (`portal-sign-in-requested`) bring this element into view and focus its first field.
 *
 * @summary Sign in, create an account, get back in, onboarding and the page's session.
 * @csspart header - The title bar.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @fires {PortalSignedInEvent} portal-signed-in - The patient signed in (`method`: password, invitation, verification, reset, external).
 * @fires {PortalSignedOutEvent} portal-signed-out - The patient signed out or was signed out (`reason`).
 * @fires {PortalExternalSignInEvent} portal-external-sign-in - A backend that signs patients in elsewhere: the patient chose "Sign in with …" (cancelable).
 * @fires {PortalRemindersSavedEvent} portal-reminders-saved - Onboarding: the reminder preferences were saved (`channels`, `hours`).
 * @fires {PortalDeviceCheckEvent} portal-device-check - Onboarding: a device check finished (`results`).
 * @fires {PortalErrorEvent} portal-error - An operation failed (error code and operation).
 * @tagname patient-login
 */
export class PatientLogin extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  /** `off`: no first-time onboarding after the first sign-in. */
  @property() onboarding: 'on' | 'off' = 'on';

  /** Where "Create an account" leads instead of the built-in registration (the clinic's own page). */
  @property({attribute: 'register-href'}) registerHref?: string;

  @state() private view: View = {kind: 'sign-in'};
  @state() private fields: Fields = {};
  @state() private errors: Readonly<Record<string, string>> = {};
  @state() private formError?: string;
  @state() private busy = false;
  @state() private waitUntil?: number;
  @state() private showPassword = false;
  @state() private tick = 0;
  @state() private partsReady = false;
  @state() private flows?: Flows;

  private readonly uid = ++instances;
  private container?: HTMLDivElement;
  private controller?: AbortController;
  private tickTimer?: unknown;
  /** The session this element obtained (onboarding follows only those). */
  private justSignedIn = false;
  private readonly onHashChange = () => this.readFragment();
  private readonly onSignInRequested = (e: Event) => {
    if (e.defaultPrevented || this.sessionState.status === 'signed-in') return;
    if (this.view.kind !== 'sign-in') this.go({kind: 'sign-in'});
    void this.updateComplete.then(() => this.focusFirst());
  };

  private fid(name: string): string {
    return `ppl${this.uid}-${name}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightStyles(this.ownerDocument);
    if (!this.container) {
      this.container = this.ownerDocument.createElement('div');
      this.container.className = 'ppl';
    }
    this.append(this.container);
    window.addEventListener('hashchange', this.onHashChange);
    this.ownerDocument.addEventListener('portal-sign-in-requested', this.onSignInRequested);
    this.readFragment();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.ownerDocument.removeEventListener('portal-sign-in-requested', this.onSignInRequested);
    this.controller?.abort();
    this.clock.clearTimeout(this.tickTimer);
  }

  /** Focus goes to the first field of the form shown (another element's "Sign in" asks for it). */
  override focus(options?: FocusOptions): void {
    this.focusFirst(options);
  }

  private readonly clinicSetup = new ClinicSetupController(this, {
    adapter: () => this.readyAdapter,
    serverTime: false,
    onReady: () => this.continueFragmentFlow(),
    onError: (e) => this.fail(e, 'getClinic'),
  });

  private get setup() {
    return this.clinicSetup.value;
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    const now = this.sessionState;
    if (now.status === 'signed-in' && previous.status !== 'signed-in') {
      const patient = now.session?.patient;
      const onboard = this.justSignedIn && this.onboarding !== 'off' && patient && !patient.onboardingDone;
      this.justSignedIn = false;
      this.go(onboard ? {kind: 'onboarding', step: 'welcome'} : {kind: 'signed-in'});
    }
    if (now.status === 'signed-out' && previous.status === 'signed-in') {
      // Everything typed or shown about the patient leaves the page.
      this.fields = {};
      this.errors = {};
      this.formError = undefined;
      this.go({kind: 'sign-in'}, {focus: false});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Emailed links

  private readFragment() {
    const hash = location.hash.replace(/^#/, '');
    if (!hash) return;
    const params = new URLSearchParams(hash);
    const found = (Object.keys(LOGIN_FRAGMENTS) as (keyof typeof LOGIN_FRAGMENTS)[]).find((k) =>
      params.get(LOGIN_FRAGMENTS[k]),
    );
    if (!found) return;
    const token = params.get(LOGIN_FRAGMENTS[found])!;
    // The token leaves the address bar (and so history and any later Referer) at once.
    params.delete(LOGIN_FRAGMENTS[found]);
    const rest = params.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
    );
    if (token.length > 512) return;
    this.view =
      found === 'reset'
        ? {kind: 'reset', token, status: 'checking'}
        : found === 'invitation'
          ? {kind: 'invitation', token, status: 'checking'}
          : {kind: 'verify', token, status: 'ready'};
    this.continueFragmentFlow();
  }

  /** Checks a link's token with the backend once the element has one. */
  private continueFragmentFlow() {
    const adapter = this.resolvedAdapter;
    const v = this.view;
    if (!adapter || !this.setup) return;
    if (v.kind === 'reset' && v.status === 'checking') {
      adapter.checkPasswordReset(v.token, {signal: this.connectedSignal}).then(
        (r) => this.sameView(v) && this.go({...(r as PasswordResetCheck), ...v, status: 'ready'}),
        (e: unknown) => !isAbortError(e) && this.sameView(v) && this.linkFailed(v, e),
      );
    } else if (v.kind === 'invitation' && v.status === 'checking') {
      adapter.getInvitation(v.token, {signal: this.connectedSignal}).then(
        (info) => this.sameView(v) && this.go({...v, status: 'ready', info}),
        (e: unknown) => !isAbortError(e) && this.sameView(v) && this.linkFailed(v, e),
      );
    }
  }

  private sameView(v: View): boolean {
    return this.view === v;
  }

  private linkFailed(v: Extract<View, {token: string}>, error: unknown) {
    if (error instanceof InvalidLinkError || error instanceof ValidationError) {
      this.go({...v, status: 'invalid'} as View);
    } else {
      this.formError = errorMessage(error);
      this.go({kind: 'sign-in'});
    }
  }

  // ------------------------------------------------------------------------------------------
  // Navigation, fields and errors

  private go(view: View, options: {focus?: boolean} = {}) {
    this.view = view;
    this.errors = {};
    // Once a request has gone, what the patient typed for it leaves the page.
    if (view.kind === 'help-sent' || view.kind === 'register-sent') this.fields = {};
    if (view.kind !== 'sign-in') this.formError = undefined;
    this.showPassword = false;
    // (An invitation may ask her mobile at first access: `firstAccess` in the flows.)
    const invite = view.kind === 'invitation';
    if ((view.kind === 'help' || view.kind === 'register' || invite) && !this.partsReady) {
      void Promise.all([
        import('../../define/portal-date-input.js'),
        view.kind !== 'help' ? import('../../define/portal-phone-input.js') : undefined,
      ]).then(() => (this.partsReady = true));
    }
    // (A reset link's form may ask her security question's answer: `securityAnswer` in the flows.)
    if (
      (view.kind === 'register' || view.kind === 'onboarding' || view.kind === 'reset' || invite) &&
      !this.flows
    ) {
      void import('./login-flows.js').then((m) => (this.flows = m));
    }
    if (view.kind === 'onboarding' && view.step === 'reminders')
      void import('../../define/reminder-prefs.js');
    if (view.kind === 'onboarding' && view.step === 'devices') void import('../../define/device-check.js');
    if (options.focus !== false) void this.updateComplete.then(() => this.focusHeading());
  }

  private focusHeading() {
    const target = this.container?.querySelector<HTMLElement>('[data-ppl-focus]');
    target?.focus();
  }

  private focusFirst(options?: FocusOptions) {
    const first = this.container?.querySelector<HTMLElement>('input, button, a[href]');
    first?.focus(options);
  }

  private set(name: string, value: string) {
    this.fields = {...this.fields, [name]: value};
    if (this.errors[name]) {
      const {[name]: _gone, ...rest} = this.errors;
      this.errors = rest;
    }
  }

  private value(name: string): string {
    return this.fields[name] ?? '';
  }

  /** Shows field errors, the summary on top, and moves focus to it (QUALITY 2). */
  private showErrors(errors: Record<string, string>, summary?: string) {
    this.errors = errors;
    this.formError = summary ?? msg('Please check the highlighted fields.', {id: 'error-validation'});
    void this.updateComplete.then(() =>
      this.container?.querySelector<HTMLElement>('[data-ppl-summary]')?.focus(),
    );
  }

  private passwordErrors(name: string, confirm?: string): Record<string, string> {
    const errors: Record<string, string> = {};
    const password = this.value(name);
    const n = codePoints(password);
    if (n === 0) errors[name] = fieldErrorMessage('required');
    else if (n < PASSWORD_MIN) errors[name] = fieldErrorMessage('password-too-short');
    else if (n > PASSWORD_MAX) errors[name] = fieldErrorMessage('too-long');
    if (confirm && !errors[name] && this.value(confirm) !== password)
      errors[confirm] = fieldErrorMessage('password-mismatch');
    return errors;
  }

  private emailErrors(name: string): Record<string, string> {
    const email = this.value(name).trim();
    if (!email) return {[name]: fieldErrorMessage('required')};
    if (!EMAIL.test(email) || email.length > 254) return {[name]: fieldErrorMessage('invalid-email')};
    return {};
  }

  /** A backend's answer to a form: field errors, a wait, or a message. */
  private handleFailure(error: unknown, operation: string, fieldMap: Record<string, string> = {}) {
    if (isAbortError(error)) return;
    this.fail(error, operation);
    if (error instanceof RateLimitedError) {
      this.waitUntil = this.clock.now() + error.retryAfterSeconds * 1000;
      this.scheduleTick();
      this.formError = undefined;
      this.errors = {};
      void this.updateComplete.then(() =>
        this.container?.querySelector<HTMLElement>('[data-ppl-summary]')?.focus(),
      );
      return;
    }
    if (error instanceof ValidationError) {
      const errors: Record<string, string> = {};
      for (const [path, code] of Object.entries(error.fields)) {
        const field = fieldMap[path] ?? fieldMap[path.split('.').pop() ?? ''] ?? path.split('.').pop()!;
        errors[field] = fieldErrorMessage(code as FieldErrorCode);
      }
      this.showErrors(errors);
      return;
    }
    this.showErrors({}, errorMessage(error));
  }

  private fail(error: unknown, operation: string) {
    this.reportError(error, operation);
  }

  private scheduleTick() {
    this.clock.clearTimeout(this.tickTimer);
    if (this.waitUntil === undefined) return;
    if (this.clock.now() >= this.waitUntil) {
      this.waitUntil = undefined;
      return;
    }
    this.tickTimer = this.clock.setTimeout(() => {
      this.tick++;
      this.scheduleTick();
    }, 1000);
  }

  private get waiting(): number {
    void this.tick;
    return this.waitUntil === undefined
      ? 0
      : Math.max(0, Math.ceil((this.waitUntil - this.clock.now()) / 1000));
  }

  private signedIn(session: Session, method: PortalSignedInEvent['method']) {
    this.justSignedIn = true;
    this.fields = {};
    this.sessionStore?.signedIn(session);
    const event = new PortalSignedInEvent(method); // not inline: see PortalElement.reportError
    this.dispatchEvent(event);
  }

  // ------------------------------------------------------------------------------------------
  // Submissions

  private async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    if (this.busy || this.waiting > 0) return undefined;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.busy = true;
    this.formError = undefined;
    try {
      return await work(controller.signal);
    } finally {
      if (this.controller === controller) this.busy = false;
    }
  }

  private async submitSignIn(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const email = this.value('email').trim();
    const errors: Record<string, string> = {};
    if (!email) errors['email'] = fieldErrorMessage('required');
    if (!this.value('password')) errors['password'] = fieldErrorMessage('required');
    if (Object.keys(errors).length) return this.showErrors(errors);
    try {
      const result = await this.run((signal) =>
        adapter.signIn({email, password: this.value('password')}, {signal}),
      );
      if (!result) return;
      if (result.status === 'signed-in') this.signedIn(result.session, 'password');
      else this.go({kind: 'code', challengeId: result.challengeId, channel: result.channel});
    } catch (error) {
      if (error instanceof ValidationError && 'credentials' in error.fields) {
        this.fail(error, 'signIn');
        // One message for any wrong email or password: never whether the email exists (QUALITY 14).
        this.showErrors(
          {},
          msg(
            'The email or password isn’t right. Check them and try again, or choose “Help, I can’t sign in”.',
            {
              id: 'login-failed',
            },
          ),
        );
        return;
      }
      this.handleFailure(error, 'signIn');
    }
  }

  private async submitCode(e: Event, v: Extract<View, {kind: 'code'}>) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    const code = this.value('code').replace(/\s/g, '');
    if (!adapter) return;
    if (!/^\d{6}$/.test(code)) return this.showErrors({code: fieldErrorMessage('code-invalid')});
    try {
      const session = await this.run((signal) => adapter.verifySignInCode(v.challengeId, code, {signal}));
      if (session) this.signedIn(session, 'password');
    } catch (error) {
      this.handleFailure(error, 'verifySignInCode', {code: 'code'});
    }
  }

  private async submitHelp(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const errors = {...this.emailErrors('email')};
    if (!this.value('dob')) errors['dob'] = fieldErrorMessage('required');
    if (Object.keys(errors).length) return this.showErrors(errors);
    try {
      const done = await this.run(async (signal) => {
        await adapter.requestPasswordReset(
          {
            email: this.value('email').trim(),
            dateOfBirth: this.value('dob') as PlainDate,
            language: currentLanguage(),
          },
          {signal},
        );
        return true;
      });
      if (done) this.go({kind: 'help-sent'});
    } catch (error) {
      this.handleFailure(error, 'requestPasswordReset', {dateOfBirth: 'dob'});
    }
  }

  private async submitNewPassword(e: Event, v: Extract<View, {kind: 'reset'} | {kind: 'invitation'}>) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const errors = this.passwordErrors('new-password', 'new-password-2');
    if (Object.keys(errors).length) return this.showErrors(errors);
    const password = this.value('new-password');
    try {
      const session = await this.run((signal) =>
        v.kind === 'reset'
          ? // Her security question's answer, when asked (none typed: the backend's `required`).
            adapter.resetPassword(v.token, password, {signal, securityAnswer: this.fields['securityAnswer']})
          : // What first access asks besides the password (seed 002), from the flows.
            (
              this.flows?.firstAccessDetails(this.flowContext, v.info?.asks, signal) ?? Promise.resolve({})
            ).then((d) => adapter.acceptInvitation(v.token, password, {signal, ...d})),
      );
      if (session) this.signedIn(session, v.kind === 'reset' ? 'reset' : 'invitation');
    } catch (error) {
      if (error instanceof InvalidLinkError) return this.go({...v, status: 'invalid'} as View);
      this.handleFailure(
        error,
        v.kind === 'reset' ? 'resetPassword' : 'acceptInvitation',
        v.kind === 'reset' ? {password: 'new-password'} : this.flows?.FIRST_ACCESS_FIELDS,
      );
    }
  }

  /**
   * A registration's link finishes only with the password chosen when registering: whoever
   * registered someone else's address never has the owner's click activate it (issue 14 item 4).
   */
  private async submitVerify(e: Event, v: Extract<View, {kind: 'verify'}>) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const password = this.value('verify-password');
    if (!password) return this.showErrors({'verify-password': fieldErrorMessage('required')});
    try {
      const session = await this.run((signal) => adapter.verifyEmail(v.token, password, {signal}));
      if (session) this.signedIn(session, 'verification');
    } catch (error) {
      if (error instanceof InvalidLinkError) return this.go({...v, status: 'invalid'});
      if (error instanceof ValidationError && error.fields['password'] === 'invalid') {
        this.fail(error, 'verifyEmail');
        this.set('verify-password', '');
        return this.showErrors({
          'verify-password': msg(
            'That isn’t the password chosen when this account was registered. Please try again.',
            {id: 'login-verify-wrong'},
          ),
        });
      }
      this.handleFailure(error, 'verifyEmail', {password: 'verify-password'});
    }
  }

  private async submitRegister(e: Event) {
    e.preventDefault();
    const adapter = this.resolvedAdapter;
    const setup = this.setup;
    if (!adapter || !setup) return;
    const errors: Record<string, string> = {};
    for (const name of ['given', 'family'])
      if (!this.value(name).trim()) errors[name] = fieldErrorMessage('required');
    Object.assign(errors, this.emailErrors('email'));
    if (!this.value('phone')) errors['phone'] = fieldErrorMessage('required');
    if (!this.value('dob')) errors['dob'] = fieldErrorMessage('required');
    Object.assign(errors, this.passwordErrors('new-password'));
    if (this.value('consent') !== 'yes') errors['consent'] = fieldErrorMessage('consent-required');
    if (Object.keys(errors).length) return this.showErrors(errors);
    try {
      const done = await this.run(async (signal) => {
        await adapter.register(
          {
            patient: {
              givenName: this.value('given').trim(),
              familyName: this.value('family').trim(),
              email: this.value('email').trim(),
              phone: this.value('phone') as never,
              dateOfBirth: this.value('dob') as PlainDate,
              language: currentLanguage(),
            },
            password: this.value('new-password'),
            privacyConsent: true,
          },
          {signal},
        );
        return true;
      });
      // The same answer whether or not the clinic already knows this email.
      if (done) this.go({kind: 'register-sent'});
    } catch (error) {
      this.handleFailure(error, 'register', {
        givenName: 'given',
        familyName: 'family',
        dateOfBirth: 'dob',
        password: 'new-password',
        privacyConsent: 'consent',
      });
    }
  }

  private externalSignIn() {
    const event = new PortalExternalSignInEvent(); // not inline: see PortalElement.reportError
    if (!this.dispatchEvent(event)) return;
    // The FHIR adapter's SMART sign-in (a popup) resolves with the session, or null if closed.
    const adapter = this.resolvedAdapter as
      {startExternalSignIn?: () => Promise<Session | null | void>} | undefined;
    void adapter
      ?.startExternalSignIn?.()
      .then((session) => session && this.signedIn(session, 'external'))
      .catch((error: unknown) => this.handleFailure(error, 'externalSignIn'));
  }

  private async finishOnboarding() {
    const adapter = this.resolvedAdapter;
    const session = this.sessionState.session;
    if (!adapter || !session) return;
    try {
      await this.run((signal) => adapter.completeOnboarding({signal}));
      this.sessionStore?.update({...session, patient: {...session.patient, onboardingDone: true}});
      this.go({kind: 'signed-in'});
    } catch (error) {
      this.handleFailure(error, 'completeOnboarding');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Light-DOM templates

  private heading(text: string): TemplateResult {
    return html`<h3 tabindex="-1" data-ppl-focus>${text}</h3>`;
  }

  private summary(): TemplateResult | typeof nothing {
    const wait = this.waiting;
    if (wait > 0) {
      return html`<div class="ppl-notice ppl-bad" role="alert" tabindex="-1" data-ppl-summary>
        ${msg(str`Too many attempts. Please wait ${formatWait(wait)} and try again.`, {id: 'error-rate-limited'})}
      </div>`;
    }
    if (!this.formError) return nothing;
    const listed = Object.entries(this.errors);
    return html`<div class="ppl-notice ppl-bad ppl-summary" role="alert" tabindex="-1" data-ppl-summary>
      <p>${this.formError}</p>
      ${
        listed.length > 1
          ? html`<ul>
              ${listed.map(([name, text]) => html`<li><a href="#${this.fid(name)}">${text}</a></li>`)}
            </ul>`
          : nothing
      }
    </div>`;
  }

  private input(
    name: string,
    label: string,
    attrs: {
      type?: string;
      autocomplete: string;
      inputmode?: string;
      maxlength?: number;
      hint?: string;
    },
  ): TemplateResult {
    const error = this.errors[name];
    const hint = attrs.hint;
    const describedBy = [hint ? this.fid(`${name}-hint`) : '', error ? this.fid(`${name}-error`) : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="ppl-field">
      <label for=${this.fid(name)}>${label}</label>
      ${hint ? html`<span class="ppl-hint" id=${this.fid(`${name}-hint`)}>${hint}</span>` : nothing}
      <input
        id=${this.fid(name)}
        name=${name}
        type=${attrs.type ?? 'text'}
        autocomplete=${attrs.autocomplete}
        inputmode=${attrs.inputmode ?? nothing}
        maxlength=${attrs.maxlength ?? 254}
        spellcheck="false"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        .value=${this.value(name)}
        @input=${(e: Event) => this.set(name, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<span class="ppl-error" id=${this.fid(`${name}-error`)}>${error}</span>` : nothing}
    </div>`;
  }

  private password(name: string, label: string, autocomplete: string, hint?: string): TemplateResult {
    const error = this.errors[name];
    const describedBy = [hint ? this.fid(`${name}-hint`) : '', error ? this.fid(`${name}-error`) : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="ppl-field">
      <label for=${this.fid(name)}>${label}</label>
      ${hint ? html`<span class="ppl-hint" id=${this.fid(`${name}-hint`)}>${hint}</span>` : nothing}
      <div class="ppl-password">
        <input
          id=${this.fid(name)}
          name=${name}
          type=${this.showPassword ? 'text' : 'password'}
          autocomplete=${autocomplete}
          maxlength="4096"
          spellcheck="false"
          autocapitalize="off"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .value=${this.value(name)}
          @input=${(e: Event) => this.set(name, (e.target as HTMLInputElement).value)}
        />
        <button
          type="button"
          aria-pressed=${this.showPassword ? 'true' : 'false'}
          aria-controls=${this.fid(name)}
          @click=${() => (this.showPassword = !this.showPassword)}
        >
          ${msg('Show password', {id: 'login-show-password'})}
        </button>
      </div>
      ${error ? html`<span class="ppl-error" id=${this.fid(`${name}-error`)}>${error}</span>` : nothing}
    </div>`;
  }

  private submit(label: string): TemplateResult {
    const blocked = this.busy || this.waiting > 0;
    return html`<div class="ppl-actions">
      <button
        type="submit"
        class="ppl-primary"
        ?disabled=${blocked}
        aria-disabled=${blocked ? 'true' : 'false'}
      >
        ${this.busy ? msg('Please wait…', {id: 'login-busy'}) : label}
      </button>
    </div>`;
  }

  private newPasswordHint(): string {
    return msg(
      str`At least ${PASSWORD_MIN} characters. A few words together are easy to remember and hard to guess.`,
      {id: 'login-password-hint'},
    );
  }

  private dateOfBirth(): TemplateResult {
    const error = this.errors['dob'];
    const today = toPlainDate(new Date(this.clock.now()), this.setup?.clinic.timeZone ?? 'UTC');
    return html`<div class="ppl-field">
      <portal-date-input
        id=${this.fid('dob')}
        .label=${msg('Date of birth', {id: 'booking-dob'})}
        .today=${today}
        .value=${this.value('dob')}
        required
        @change=${(e: Event) => this.set('dob', (e.target as HTMLElement & {value: string}).value)}
        @input=${(e: Event) => this.set('dob', (e.target as HTMLElement & {value: string}).value)}
      ></portal-date-input>
      ${error ? html`<span class="ppl-error">${error}</span>` : nothing}
    </div>`;
  }

  private renderSignIn(): TemplateResult {
    const caps = this.setup?.caps;
    if (caps?.signIn.kind === 'external') {
      return html`${this.heading(msg('Sign in', {id: 'apts-sign-in-button'}))} ${this.summary()}
        <div class="ppl-actions">
          <button type="button" class="ppl-primary" @click=${() => this.externalSignIn()}>
            ${msg(str`Sign in with ${caps.signIn.name}`, {id: 'login-external'})}
          </button>
        </div>`;
    }
    const last = this.sessionState.lastSignOut;
    return html`${this.heading(msg('Sign in', {id: 'apts-sign-in-button'}))}
      ${
        last === 'idle'
          ? html`<p class="ppl-notice">
              ${msg('You were signed out after a period of inactivity.', {id: 'session-idle-signed-out'})}
            </p>`
          : last === 'expired'
            ? html`<p class="ppl-notice">
                ${msg('Your session has ended. Please sign in again.', {id: 'error-session-expired'})}
              </p>`
            : nothing
      }
      ${this.summary()}
      <form method="post" action="" novalidate @submit=${(e: Event) => void this.submitSignIn(e)}>
        ${this.input('email', msg('Email', {id: 'login-email'}), {
          type: 'email',
          autocomplete: 'username',
          inputmode: 'email',
        })}
        ${this.password('password', msg('Password', {id: 'login-password'}), 'current-password')}
        ${this.submit(msg('Sign in', {id: 'apts-sign-in-button'}))}
      </form>
      <div class="ppl-actions">
        ${
          caps?.passwordReset !== false
            ? html`<button type="button" class="ppl-link" @click=${() => this.go({kind: 'help'})}>
                ${msg('Help, I can’t sign in', {id: 'login-help'})}
              </button>`
            : nothing
        }
        ${caps?.selfRegistration ? this.createAccount() : nothing}
      </div>`;
  }

  /** "Create an account": the host's registration page when it gives one, else the form here. */
  private createAccount(): TemplateResult {
    return this.registerHref
      ? html`<a href=${this.registerHref}>${msg('Create an account', {id: 'login-create'})}</a>`
      : html`<button type="button" class="ppl-link" @click=${() => this.go({kind: 'register'})}>
          ${msg('Create an account', {id: 'login-create'})}
        </button>`;
  }

  private renderCode(v: Extract<View, {kind: 'code'}>): TemplateResult {
    return html`${this.heading(msg('Enter your code', {id: 'login-code-title'}))}
      <p>
        ${
          v.channel === 'sms'
            ? msg('We sent a 6-digit code to your mobile phone.', {id: 'login-code-sms'})
            : msg('We sent a 6-digit code to your email.', {id: 'login-code-email'})
        }
      </p>
      ${this.summary()}
      <form method="post" action="" novalidate @submit=${(e: Event) => void this.submitCode(e, v)}>
        ${this.input('code', msg('Code', {id: 'login-code'}), {
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          maxlength: 12,
        })}
        ${this.submit(msg('Continue', {id: 'login-continue'}))}
      </form>
      <button type="button" class="ppl-link" @click=${() => this.go({kind: 'sign-in'})}>
        ${msg('Back to sign in', {id: 'login-back'})}
      </button>`;
  }

  private renderHelp(): TemplateResult {
    return html`${this.heading(msg('Help, I can’t sign in', {id: 'login-help'}))}
      <p>
        ${msg(
          'Enter the email address the clinic has for you and your date of birth. If they match, we will email you a link to choose a new password.',
          {id: 'login-help-intro'},
        )}
      </p>
      ${this.summary()}
      <form method="post" action="" novalidate @submit=${(e: Event) => void this.submitHelp(e)}>
        ${this.input('email', msg('Email', {id: 'login-email'}), {
          type: 'email',
          autocomplete: 'username',
          inputmode: 'email',
        })}
        ${this.partsReady ? this.dateOfBirth() : nothing}
        ${this.submit(msg('Email me a link', {id: 'login-help-send'}))}
      </form>
      <button type="button" class="ppl-link" @click=${() => this.go({kind: 'sign-in'})}>
        ${msg('Back to sign in', {id: 'login-back'})}
      </button>`;
  }

  private renderSent(title: string, text: string): TemplateResult {
    return html`${this.heading(title)}
      <p class="ppl-notice ppl-good" role="status">${text}</p>
      <button type="button" class="ppl-link" @click=${() => this.go({kind: 'sign-in'})}>
        ${msg('Back to sign in', {id: 'login-back'})}
      </button>`;
  }

  private renderInvalidLink(): TemplateResult {
    return html`${this.heading(msg('This link can’t be used', {id: 'login-link-invalid-title'}))}
      <p class="ppl-notice ppl-bad" role="alert">
        ${msg('This link has expired or was already used. Please ask for a new one.', {id: 'error-invalid-link'})}
      </p>
      <div class="ppl-actions">
        <button type="button" class="ppl-link" @click=${() => this.go({kind: 'help'})}>
          ${msg('Help, I can’t sign in', {id: 'login-help'})}
        </button>
        <button type="button" class="ppl-link" @click=${() => this.go({kind: 'sign-in'})}>
          ${msg('Back to sign in', {id: 'login-back'})}
        </button>
      </div>`;
  }

  private renderVerify(v: Extract<View, {kind: 'verify'}>): TemplateResult {
    return html`${this.heading(msg('Confirm your email', {id: 'login-verify-title'}))}
      <p>
        ${msg('To finish creating your account, enter the password you chose when you registered.', {
          id: 'login-verify-intro',
        })}
      </p>
      ${this.summary()}
      <form method="post" action="" novalidate @submit=${(e: Event) => void this.submitVerify(e, v)}>
        ${this.password('verify-password', msg('Password', {id: 'login-password'}), 'current-password')}
        ${this.submit(msg('Confirm and sign in', {id: 'login-verify-submit'}))}
      </form>
      <p class="ppl-hint">
        ${msg(
          'Didn’t create this account? Nothing happens without its password: you can close this page, or register with a password of your own.',
          {id: 'login-verify-not-me'},
        )}
      </p>
      <div class="ppl-actions">${this.createAccount()}</div>`;
  }

  private renderNewPassword(v: Extract<View, {kind: 'reset'} | {kind: 'invitation'}>): TemplateResult {
    if (v.status === 'checking')
      return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
    if (v.status === 'invalid') return this.renderInvalidLink();
    const invitation = v.kind === 'invitation';
    const info = invitation ? v.info : undefined;
    return html`${this.heading(
        invitation
          ? msg(str`Welcome, ${info?.givenName ?? ''}`, {id: 'login-welcome-name'})
          : msg('Choose a new password', {id: 'login-reset-title'}),
      )}
      ${
        invitation
          ? html`<p>
              ${msg(str`Create a password for your account (${info?.maskedEmail ?? ''}).`, {id: 'login-invite-intro'})}
            </p>`
          : nothing
      }
      ${this.summary()}
      <form method="post" action="" novalidate @submit=${(e: Event) => void this.submitNewPassword(e, v)}>
        ${this.password('new-password', msg('New password', {id: 'login-new-password'}), 'new-password', this.newPasswordHint())}
        ${this.password('new-password-2', msg('New password, again', {id: 'login-new-password-2'}), 'new-password')}
        ${this.flows?.securityAnswer(this.flowContext, v)}
        ${this.submit(
          invitation
            ? msg('Get started', {id: 'login-get-started'})
            : msg('Save and sign in', {id: 'login-reset-save'}),
        )}
      </form>`;
  }

  private renderSignedIn(): TemplateResult {
    const patient = this.sessionState.session?.patient;
    return html`${this.heading(
        msg(str`Signed in as ${patient ? `${patient.givenName} ${patient.familyName}` : ''}`, {
          id: 'login-signed-in-as',
        }),
      )}
      <div class="ppl-actions">
        <button type="button" @click=${() => void this.sessionStore?.signOut('user')}>
          ${msg('Sign out', {id: 'session-sign-out'})}
        </button>
      </div>`;
  }

  private get flowContext(): FlowContext {
    return {
      setup: this.setup,
      patient: this.sessionState.session?.patient,
      adapter: this.resolvedAdapter,
      busy: this.busy,
      partsReady: this.partsReady,
      errors: this.errors,
      fid: (n) => this.fid(n),
      value: (n) => this.value(n),
      set: (n, v) => this.set(n, v),
      go: (v) => this.go(v),
      heading: (t) => this.heading(t),
      summary: () => this.summary(),
      input: (n, l, a) => this.input(n, l, a),
      password: (n, l, a, h) => this.password(n, l, a, h),
      submit: (l) => this.submit(l),
      dateOfBirth: () => this.dateOfBirth(),
      newPasswordHint: () => this.newPasswordHint(),
      submitRegister: (e) => void this.submitRegister(e),
      finishOnboarding: () => void this.finishOnboarding(),
      stopDeviceCheck: (then) => this.stopDeviceCheck(then),
      attempt: async (op, work) => {
        try {
          return (await this.run(work), true);
        } catch (error) {
          this.handleFailure(error, op, this.flows?.FIRST_ACCESS_FIELDS);
          return false;
        }
      },
    };
  }

  private loading(): TemplateResult {
    return html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
  }

  private stopDeviceCheck(then: () => void) {
    (this.container?.querySelector('device-check') as {stop?: () => void} | null)?.stop?.();
    then();
  }

  private renderForms(): TemplateResult | typeof nothing {
    const s = this.backendState;
    if (s.status !== 'ready' || !this.setup) return nothing;
    if (this.sessionState.status === 'unknown') return nothing;
    const v = this.view;
    if (this.sessionState.status === 'signed-in') {
      if (v.kind !== 'onboarding') return this.renderSignedIn();
      return this.flows ? this.flows.renderOnboarding(this.flowContext, v.step) : this.loading();
    }
    switch (v.kind) {
      case 'sign-in':
      case 'signed-in':
      case 'onboarding':
        return this.renderSignIn();
      case 'code':
        return this.renderCode(v);
      case 'help':
        return this.renderHelp();
      case 'help-sent':
        return this.renderSent(
          msg('Check your email', {id: 'login-check-email'}),
          msg(
            'If the details match, you will receive an email in a few minutes with a link to choose a new password.',
            {
              id: 'login-help-sent',
            },
          ),
        );
      case 'register':
        return this.flows ? this.flows.renderRegister(this.flowContext) : this.loading();
      case 'register-sent':
        return this.renderSent(
          msg('Check your email', {id: 'login-check-email'}),
          msg(
            'We sent you an email with a link to confirm your address. Open it to finish creating your account.',
            {
              id: 'login-register-sent',
            },
          ),
        );
      case 'reset':
      case 'invitation':
        return this.renderNewPassword(v);
      case 'verify':
        return v.status === 'invalid' ? this.renderInvalidLink() : this.renderVerify(v);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Shadow frame

  protected override updated(): void {
    if (this.container) render(this.renderForms(), this.container, {host: this});
  }

  override render() {
    const s = this.backendState;
    const title =
      this.sessionState.status === 'signed-in'
        ? msg('Your account', {id: 'login-title-account'})
        : msg('Patient portal', {id: 'login-title'});
    return html`<section aria-labelledby="title">
      <div class="header" part="header">
        <h2 id="title">${title}</h2>
        ${this.renderDemoMarker()}
      </div>
      ${this.renderSessionWarning()}
      ${
        s.status === 'none'
          ? html`<p class="notice">${msg('Sign-in isn’t set up on this page.', {id: 'login-no-backend'})}</p>`
          : s.status === 'unavailable'
            ? this.renderUnavailable()
            : this.clinicSetup.error
              ? html`<div class="notice error" role="alert">
                  <p>${errorMessage(this.clinicSetup.error)}</p>
                  <button part="button" @click=${() => this.clinicSetup.retry()}>
                    ${msg('Try again', {id: 'dc-try-again'})}
                  </button>
                </div>`
              : !this.setup || this.sessionState.status === 'unknown'
                ? html`<p role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`
                : nothing
      }
      <slot></slot>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-login': PatientLogin;
  }
  interface HTMLElementEventMap {
    'portal-external-sign-in': PortalExternalSignInEvent;
  }
}
