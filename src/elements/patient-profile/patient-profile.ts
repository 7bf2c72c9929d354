import {html, nothing, type TemplateResult} from 'lit';
import {state} from 'lit/decorators.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  RateLimitedError,
  ValidationError,
  type ActiveSession,
  type Capabilities,
  type FieldErrorCode,
  type PortalAdapter,
  type Profile,
  type ProfileUpdate,
} from '../../adapters/adapter.js';
import type {Clinic, E164, Language, PhoneChallenge, PlainDate} from '../../domain/types.js';
import {EMAIL_CHANGE_FRAGMENT} from '../../domain/rules/profile.js';
import {securityAnswerMissing} from '../../domain/rules/security-answer.js';
import {formatOnFile} from '../../domain/phone.js';
import {formatPlainDate} from '../../localization/format.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {errorMessage, fieldErrorMessage, formatWait} from '../../localization/error-messages.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {styles} from './patient-profile.styles.js';
import {MedicalSection, type MedicalSectionHost} from './medical-section.js';
import {InsuranceSection} from './insurance-section.js';
import {PhotoSection} from './photo-section.js';
import {AddressSection} from './address-section.js';
import type {FamilySection} from './family-section.js';

type ProfileAdapter = PortalAdapter &
  Required<
    Pick<
      PortalAdapter,
      | 'getProfile'
      | 'updateProfile'
      | 'requestEmailChange'
      | 'confirmEmailChange'
      | 'changePassword'
      | 'listSessions'
      | 'signOutOtherSessions'
    >
  >;

/** The profile's forms; each has its own errors, status and error summary. */
type FormKey = 'details' | 'email' | 'phone' | 'password' | 'security' | 'securityRemove' | 'sessions';

interface FormState {
  readonly errors: Readonly<Record<string, FieldErrorCode>>;
  readonly error?: unknown;
  readonly busy: boolean;
  /** A success message to show (already localized). */
  readonly done?: string;
}

const IDLE: FormState = {errors: {}, busy: false};

interface Loaded {
  readonly profile: Profile;
  readonly caps: Capabilities;
  readonly clinic: Clinic;
  readonly sessions: readonly ActiveSession[];
}

/**
 * What the host learns when the patient changed their profile: which fields (names only, never
 * values) and, when they chose another language, that language (a host or `<patient-portal>` may
 * switch the page to it).
 */
export class PortalProfileSavedEvent extends Event {
  static readonly type = 'portal-profile-saved';
  constructor(
    /** `givenName`, `familyName`, `dateOfBirth`, `preferredName`, `language`, `address`, `phone`, `email` (confirmed) or `password`. */
    readonly fields: readonly string[],
    /** The patient's new language, when it changed. */
    readonly language?: Language,
  ) {
    super(PortalProfileSavedEvent.type, {bubbles: true, composed: true});
  }
}

const hasProfile = (a: PortalAdapter | undefined, caps: Capabilities | undefined): a is ProfileAdapter =>
  !!a && caps?.profile === true && typeof a.getProfile === 'function';

/**
 * The signed-in patient's own details and security: names, date of birth and preferred language
 * (checked with the same rules as booking and registration, every problem at its field and in a
 * summary that takes focus); the email address, changed only when the new address opens the link
 * sent to it (the current password is asked for; the old address is told); the mobile number,
 * changed with a code sent by SMS to the new one; the password (current, new, new again, with the
 * registration rules' reasons); where the clinic asks for one (`Clinic.securityQuestion`, seed
 * 002), her own security question and its answer (set or changed with her current password; the
 * answer never shown; asked when she resets a forgotten password; removed, after asking, where the
 * clinic leaves it optional; where the clinic requires one and she has none, "Action required"
 * first thing); the patient's sessions with "Sign out everywhere else"; and,
 * where the backend has `Capabilities.medical`, her medical information (allergies, current
 * medications, conditions, emergency contacts: add, edit, remove after a confirmation; what she
 * writes is "Reported by you — the clinic will review it" until the clinic reviews it); and where
 * it has `Capabilities.insurance`, her insurance cards (insurer, plan, member number; add, edit,
 * make primary, remove after a confirmation; exactly one primary; each card's front and back
 * photos: choose, replace, remove after a confirmation); and where it has
 * `Capabilities.photo`, her photo (choose one, crop it to a square with sliders, save; remove after
 * a confirmation), drawn from the backend's bytes into a canvas.
 *
 * A link from the new address (`…#portal-email-change=TOKEN`) is completed by this element when it
 * is on the page — signed in or not — and the fragment removed from the address bar.
 *
 * Shown only when the backend offers the profile (`Capabilities.profile`); otherwise a message
 * says it is not available here. Everything about the patient is removed from the DOM on sign-out.
 *
 * @summary The patient's profile: contact details, photo, language, password, sessions, medical information and insurance.
 * @csspart header - The title bar.
 * @csspart section - Each section (details, photo, email, phone, password, sessions, medical, insurance).
 * @csspart photo - The photo section.
 * @csspart medical - The medical information section.
 * @csspart insurance - The insurance section.
 * @csspart family - The "Family and shared access" section (who may see her information, invitations; `capabilities.proxyInvitations`).
 * @csspart insurance-primary - The "Primary" mark on the primary insurance card.
 * @csspart medical-status - "Reported by you — the clinic will review it" or "Reviewed by the clinic".
 * @csspart button - Every button.
 * @csspart save-button - Each form's submit button.
 * @csspart error-summary - The list of problems after a failed submit.
 * @csspart status - A success message.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons.
 * @cssprop --portal-color-danger - Colour of errors.
 * @cssprop --portal-color-surface - Background.
 * @cssprop --portal-color-text - Text colour.
 * @fires {PortalProfileSavedEvent} portal-profile-saved - After a change is saved (detail: field names, and the new language; never values).
 * @fires {PortalErrorEvent} portal-error - When loading or saving fails (detail: error code and operation).
 * @tagname patient-profile
 */
export class PatientProfile extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];

  /** The email-change token from the page's fragment, until it is used. */
  private linkToken?: string;
  /** "Medical information" (`capabilities.medical`): its lists, forms and rendering. */
  private readonly sectionHost: MedicalSectionHost = {
    requestUpdate: () => this.requestUpdate(),
    rendered: () => this.updateComplete,
    root: () => this.renderRoot,
    adapter: () => this.readyAdapter,
    signal: () => this.connectedSignal,
    announce: (m) => this.announce(m),
    report: (e, op) => void this.reportError(e, op),
  };
  private readonly medical = new MedicalSection(this.sectionHost);
  /** "Insurance" (`capabilities.insurance`): her cards, the form and rendering. */
  private readonly insurance = new InsuranceSection(this.sectionHost);
  /** "Photo" (`capabilities.photo`): her photo, the crop editor and rendering. */
  private readonly photo = new PhotoSection(this.sectionHost);
  /** "Postal address": her country's fields (`domain/rules/address.ts`), saved with `updateProfile`. */
  private readonly address = new AddressSection({
    ...this.sectionHost,
    profile: () => this.loaded?.profile,
    clinicCountry: () => this.loaded?.clinic.country ?? 'MX',
    locale: () => this.locale,
    saved: (profile) => {
      if (this.loaded) this.loaded = {...this.loaded, profile};
      this.fire(['address']);
    },
  });
  /** "Family and shared access" (`capabilities.proxyInvitations`, #21): a part loaded when first shown. */
  @state() private family?: FamilySection;

  @state() private loaded?: Loaded;
  @state() private loadError?: unknown;
  @state() private unsupported = false;
  @state() private forms: Readonly<Record<FormKey, FormState>> = {
    details: IDLE,
    email: IDLE,
    phone: IDLE,
    password: IDLE,
    security: IDLE,
    securityRemove: IDLE,
    sessions: IDLE,
  };
  @state() private emailOpen = false;
  /** Whether "Remove security question" is asking first (with her current password). */
  @state() private securityRemoveOpen = false;
  @state() private phoneOpen = false;
  @state() private challenge?: {readonly id: string; readonly phone: E164; readonly info: PhoneChallenge};
  @state() private linkResult?: {readonly ok: boolean; readonly error?: unknown};

  override connectedCallback(): void {
    super.connectedCallback();
    this.readLinkToken();
  }

  protected override backendChanged(): void {
    this.clear();
    this.maybeLoad();
    void this.useLinkToken();
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    if (this.sessionState.status !== 'signed-in') {
      // Sign-out or expiry: nothing about the patient stays in the DOM (QUALITY 12).
      if (previous.status === 'signed-in' || this.loaded) this.clear();
      return;
    }
    if (previous.status !== 'signed-in') this.maybeLoad();
  }

  // ------------------------------------------------------------------------------------------
  // Loading

  private clear() {
    this.stopLoad();
    this.loaded = undefined;
    this.loadError = undefined;
    this.unsupported = false;
    this.forms = {
      details: IDLE,
      email: IDLE,
      phone: IDLE,
      password: IDLE,
      security: IDLE,
      securityRemove: IDLE,
      sessions: IDLE,
    };
    this.securityRemoveOpen = false;
    this.medical.clear();
    this.insurance.clear();
    this.photo.clear();
    this.address.clear();
    this.family?.clear();
    this.emailOpen = false;
    this.phoneOpen = false;
    this.challenge = undefined;
  }

  private maybeLoad() {
    if (this.backendState.status !== 'ready' || this.sessionState.status !== 'signed-in' || this.loaded)
      return;
    void this.load();
  }

  private async load(): Promise<void> {
    const adapter = this.readyAdapter;
    if (!adapter) return;
    const signal = this.startLoad();
    this.loadError = undefined;
    try {
      const [caps, clinic] = await Promise.all([
        adapter.getCapabilities({signal}),
        adapter.getClinic({signal}),
      ]);
      if (!hasProfile(adapter, caps)) {
        this.unsupported = true;
        return;
      }
      // A family member's profile (acting for her, #21) has no account of hers here: no sessions.
      const [profile, sessions] = await Promise.all([
        adapter.getProfile({signal}),
        this.portal?.person ? [] : adapter.listSessions({signal}),
      ]);
      if (signal.aborted) return;
      this.loaded = {profile, caps, clinic, sessions};
      if (caps.medical) void this.medical.load(adapter, signal);
      if (caps.insurance) void this.insurance.load(adapter, signal);
      if (caps.photo) void this.photo.load(adapter, signal);
      if (caps.proxyInvitations && !this.portal?.person)
        void import('./family-section.js').then(({FamilySection}) => {
          this.family ??= new FamilySection(this.sectionHost);
          return this.family.load(adapter, signal);
        });
    } catch (e) {
      if (isAbortError(e)) return;
      this.loadError = e;
      this.reportError(e, 'getProfile', true);
    }
  }

  /** Reads `#portal-email-change=TOKEN` once, and takes it out of the address bar. */
  private readLinkToken() {
    if (typeof location === 'undefined' || this.linkToken) return;
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get(EMAIL_CHANGE_FRAGMENT);
    if (!token) return;
    this.linkToken = token;
    params.delete(EMAIL_CHANGE_FRAGMENT);
    const rest = params.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
    );
  }

  private async useLinkToken(): Promise<void> {
    const token = this.linkToken;
    const adapter = this.readyAdapter;
    if (!token || !adapter) return;
    this.linkToken = undefined;
    try {
      const caps = await adapter.getCapabilities({signal: this.connectedSignal});
      if (!hasProfile(adapter, caps)) return;
      await adapter.confirmEmailChange(token, {signal: this.connectedSignal});
      this.linkResult = {ok: true};
      this.announce(this.linkMessage());
      this.fire(['email']);
      if (this.loaded) void this.reload();
    } catch (e) {
      if (isAbortError(e)) return;
      this.linkResult = {ok: false, error: e};
      this.reportError(e, 'confirmEmailChange', true);
    }
  }

  private async reload(): Promise<void> {
    const adapter = this.readyAdapter;
    const loaded = this.loaded;
    if (!hasProfile(adapter, loaded?.caps) || !loaded) return;
    try {
      const [profile, sessions] = await Promise.all([
        adapter.getProfile({signal: this.connectedSignal}),
        adapter.listSessions({signal: this.connectedSignal}),
      ]);
      if (this.loaded === loaded) this.loaded = {...loaded, profile, sessions};
    } catch (e) {
      this.reportError(e, 'getProfile');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Submitting

  private setForm(key: FormKey, next: Partial<FormState>) {
    this.forms = {...this.forms, [key]: {...this.forms[key], ...next}};
  }

  /**
   * Runs one form's operation: one at a time per form; field problems shown at their fields and
   * in the summary (which takes focus); other errors announced and kept until the next try.
   */
  private async submit(
    key: FormKey,
    operation: string,
    local: Record<string, FieldErrorCode>,
    body: (adapter: ProfileAdapter, signal: AbortSignal) => Promise<string | void>,
  ): Promise<boolean> {
    const adapter = this.readyAdapter;
    if (!hasProfile(adapter, this.loaded?.caps) || this.forms[key].busy) return false;
    if (Object.keys(local).length > 0) {
      this.setForm(key, {errors: local, error: undefined, done: undefined});
      await this.focusSummary(key);
      return false;
    }
    this.setForm(key, {busy: true, errors: {}, error: undefined, done: undefined});
    try {
      const done = await body(adapter, this.connectedSignal);
      this.setForm(key, {busy: false, done: done || undefined});
      if (done) this.announce(done);
      return true;
    } catch (e) {
      if (isAbortError(e)) return false;
      const fields = e instanceof ValidationError ? e.fields : {};
      this.setForm(key, {busy: false, errors: fields, error: e instanceof ValidationError ? undefined : e});
      this.reportError(e, operation, !(e instanceof ValidationError));
      await this.focusSummary(key);
      return false;
    }
  }

  private async focusSummary(key: FormKey) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-summary='${key}']`)?.focus();
  }

  private fire(fields: string[], language?: Language) {
    const event = new PortalProfileSavedEvent(fields, language); // see PortalElement.reportError
    this.dispatchEvent(event);
  }

  private readForm(e: Event): FormData {
    e.preventDefault();
    return new FormData(e.currentTarget as HTMLFormElement);
  }

  private async saveDetails(e: Event) {
    const data = this.readForm(e);
    const loaded = this.loaded;
    if (!loaded) return;
    const p = loaded.profile;
    const update: Record<string, string> = {};
    // Only the fields the form shows: her name and date of birth are not there where the clinic
    // keeps them read-only.
    for (const name of ['givenName', 'familyName', 'dateOfBirth', 'language', 'preferredName'] as const) {
      if (!data.has(name)) continue;
      const value = String(data.get(name) ?? '');
      if (value.trim() !== (p[name] ?? '')) update[name] = value;
    }
    const local: Record<string, FieldErrorCode> = {};
    const dob = this.renderRoot.querySelector<HTMLElement & {checkValidity(): boolean}>('portal-date-input');
    if (dob && !dob.checkValidity()) local.dateOfBirth = 'invalid-date';
    if (Object.keys(update).length === 0 && Object.keys(local).length === 0) {
      this.setForm('details', {
        errors: {},
        error: undefined,
        done: msg('Nothing changed.', {id: 'profile-no-change'}),
      });
      return;
    }
    await this.submit('details', 'updateProfile', local, async (adapter, signal) => {
      const profile = await adapter.updateProfile(update as ProfileUpdate, {signal});
      if (this.loaded === loaded) this.loaded = {...loaded, profile};
      this.renewSession(profile);
      this.fire(Object.keys(update), update.language ? profile.language : undefined);
      return msg('Your details are saved.', {id: 'profile-details-saved'});
    });
  }

  /** Her own names changed: the session's patient (the portal's greeting) follows. */
  private renewSession(profile: Profile) {
    const store = this.sessionStore;
    const session = store?.session;
    if (!store || !session || this.portal?.person) return;
    const {preferredName: _old, ...patient} = session.patient;
    store.update({
      ...session,
      patient: {
        ...patient,
        givenName: profile.givenName,
        familyName: profile.familyName,
        ...(profile.preferredName ? {preferredName: profile.preferredName} : {}),
      },
    });
  }

  private async requestEmail(e: Event) {
    const data = this.readForm(e);
    const form = e.currentTarget as HTMLFormElement;
    const newEmail = String(data.get('newEmail') ?? '');
    const currentPassword = String(data.get('currentPassword') ?? '');
    const local: Record<string, FieldErrorCode> = {};
    if (!newEmail.trim()) local.newEmail = 'required';
    if (!currentPassword) local.currentPassword = 'required';
    const ok = await this.submit('email', 'requestEmailChange', local, async (adapter, signal) => {
      await adapter.requestEmailChange({newEmail, currentPassword}, {signal});
      return msg(
        'We sent a link to the new address. Your email changes when you open it (within 24 hours); until then we keep using this one.',
        {id: 'profile-email-sent'},
      );
    });
    if (ok) {
      form.reset();
      this.emailOpen = false;
      void this.reload();
    }
  }

  private async sendPhoneCode(e: Event) {
    const data = this.readForm(e);
    const phone = String(data.get('phone') ?? '') as E164;
    const field = this.renderRoot.querySelector<HTMLElement & {checkValidity(): boolean}>(
      'portal-phone-input',
    );
    const local: Record<string, FieldErrorCode> = {};
    if (!phone) local.phone = 'required';
    else if (field && !field.checkValidity()) local.phone = 'invalid-phone';
    else if (phone === this.loaded?.profile.phone) local.phone = 'duplicate';
    await this.submit('phone', 'sendPhoneCode', local, async (adapter, signal) => {
      const info = await adapter.sendPhoneCode({phone, language: this.pageLanguage}, {signal});
      this.challenge = {id: info.id, phone, info};
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input[name=code]')?.focus();
      return msg('We sent a 6-digit code by text message to the new number.', {
        id: 'profile-phone-code-sent',
      });
    });
  }

  private async confirmPhone(e: Event) {
    const data = this.readForm(e);
    const challenge = this.challenge;
    const loaded = this.loaded;
    if (!challenge || !loaded) return;
    const code = String(data.get('code') ?? '').replace(/\s/g, '');
    const local: Record<string, FieldErrorCode> = {};
    if (!/^\d{6}$/.test(code)) local.code = code ? 'code-invalid' : 'required';
    const ok = await this.submit('phone', 'updateProfile', local, async (adapter, signal) => {
      const proof = await adapter.verifyPhoneCode(challenge.id, code, {signal});
      const profile = await adapter.updateProfile(
        {phone: challenge.phone, phoneVerificationToken: proof},
        {signal},
      );
      if (this.loaded === loaded) this.loaded = {...loaded, profile};
      this.fire(['phone']);
      return msg('Your mobile number is changed.', {id: 'profile-phone-saved'});
    });
    if (ok) {
      this.challenge = undefined;
      this.phoneOpen = false;
    }
  }

  private async changePassword(e: Event) {
    const data = this.readForm(e);
    const form = e.currentTarget as HTMLFormElement;
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const again = String(data.get('newPasswordAgain') ?? '');
    const local: Record<string, FieldErrorCode> = {};
    if (!currentPassword) local.currentPassword = 'required';
    if (!newPassword) local.newPassword = 'required';
    if (!again) local.newPasswordAgain = 'required';
    else if (newPassword && again !== newPassword) local.newPasswordAgain = 'password-mismatch';
    const ok = await this.submit('password', 'changePassword', local, async (adapter, signal) => {
      await adapter.changePassword({currentPassword, newPassword}, {signal});
      this.fire(['password']);
      return msg('Your password is changed. You were signed out on every other device.', {
        id: 'profile-password-saved',
      });
    });
    if (ok) {
      form.reset();
      void this.reload();
    }
  }

  /** Her own security question and answer (seed 002), with her current password. */
  private async saveSecurityAnswer(e: Event) {
    const data = this.readForm(e);
    const form = e.currentTarget as HTMLFormElement;
    const request = {
      currentPassword: String(data.get('currentPassword') ?? ''),
      question: String(data.get('question') ?? ''),
      answer: String(data.get('answer') ?? ''),
    };
    const local: Record<string, FieldErrorCode> = {};
    for (const [k, v] of Object.entries(request)) if (!v.trim()) local[k] = 'required';
    const ok = await this.submit('security', 'setSecurityAnswer', local, async (adapter, signal) => {
      const profile = await adapter.setSecurityAnswer!(request, {signal});
      if (this.loaded) this.loaded = {...this.loaded, profile};
      this.fire(['securityQuestion']);
      return msg('Your security question is saved.', {id: 'profile-security-saved'});
    });
    if (ok) form.reset();
  }

  /**
   * Removes her security question (where the clinic leaves it optional), with her current
   * password; focus then goes to the question field to set one again. Where the clinic requires
   * one the backend refuses (`rules/security-answer.ts`): said in the summary, nothing removed.
   */
  private async removeSecurityAnswer(e: Event) {
    const currentPassword = String(this.readForm(e).get('currentPassword') ?? '');
    const local: Record<string, FieldErrorCode> = currentPassword ? {} : {currentPassword: 'required'};
    const ok = await this.submit('securityRemove', 'removeSecurityAnswer', local, async (adapter, signal) => {
      try {
        const profile = await adapter.removeSecurityAnswer!({currentPassword}, {signal});
        if (this.loaded) this.loaded = {...this.loaded, profile};
      } catch (e) {
        if (e instanceof ValidationError && e.fields.question === 'required')
          throw new ValidationError({securityRequired: 'required'});
        throw e;
      }
      this.fire(['securityQuestion']);
    });
    if (!ok) return;
    this.securityRemoveOpen = false;
    const done = msg('Your security question is removed.', {id: 'profile-security-removed'});
    this.setForm('security', {errors: {}, error: undefined, done});
    this.announce(done);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#security-question')?.focus();
  }

  private async toggleSecurityRemove(open: boolean) {
    this.securityRemoveOpen = open;
    this.setForm('securityRemove', IDLE);
    await this.updateComplete;
    const target = open ? '#securityRemove-currentPassword' : '[data-open=security-remove]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /** From the notice at the top: to the question field of "Security question". */
  private async goToSecurity() {
    const field = this.renderRoot.querySelector<HTMLElement>('#security-question');
    field?.scrollIntoView({block: 'center'});
    field?.focus();
  }

  private async signOutOthers() {
    await this.submit('sessions', 'signOutOtherSessions', {}, async (adapter, signal) => {
      const n = await adapter.signOutOtherSessions({signal});
      await this.reload();
      return n === 0
        ? msg('You were not signed in anywhere else.', {id: 'profile-sessions-none-ended'})
        : msg(str`Other sessions signed out: ${n}.`, {id: 'profile-sessions-ended'});
    });
  }

  // ------------------------------------------------------------------------------------------
  // Text

  private get pageLanguage(): Language {
    return this.locale.startsWith('en') ? 'en' : 'es';
  }

  private fieldLabel(field: string): string {
    switch (field) {
      case 'givenName':
        return msg('Given name', {id: 'profile-given-name'});
      case 'familyName':
        return msg('Family name', {id: 'profile-family-name'});
      case 'dateOfBirth':
        return msg('Date of birth', {id: 'profile-dob'});
      case 'language':
        return msg('Preferred language', {id: 'profile-language'});
      case 'preferredName':
        return msg('Preferred name', {id: 'profile-preferred-name'});
      case 'newEmail':
        return msg('New email address', {id: 'profile-new-email'});
      case 'currentPassword':
        return msg('Current password', {id: 'profile-current-password'});
      case 'newPassword':
        return msg('New password', {id: 'profile-new-password'});
      case 'newPasswordAgain':
        return msg('New password again', {id: 'profile-new-password-again'});
      case 'phone':
        return msg('New mobile number', {id: 'profile-new-phone'});
      case 'code':
      case 'phoneVerificationToken':
        return msg('Code', {id: 'profile-code'});
      case 'question':
        return msg('Your security question', {id: 'profile-security-question'});
      case 'answer':
        return msg('Its answer', {id: 'profile-security-answer'});
      case 'securityRequired':
        return msg('Security question', {id: 'profile-security'});
      default:
        return msg('Profile', {id: 'profile-field-other'});
    }
  }

  private errorText(field: string, code: FieldErrorCode): string {
    if (field === 'currentPassword' && code === 'invalid')
      return msg('That is not your current password.', {id: 'profile-wrong-password'});
    if (field === 'newEmail' && code === 'duplicate')
      return msg('That is already your email address.', {id: 'profile-same-email'});
    if (field === 'phone' && code === 'duplicate')
      return msg('That is already your mobile number.', {id: 'profile-same-phone'});
    if (field === 'securityRequired')
      return msg('Your clinic requires a security question: you can change it, but not remove it.', {
        id: 'profile-security-required-refused',
      });
    if (code === 'read-only')
      return msg('Your clinic keeps this as on your ID: ask the clinic to change it.', {
        id: 'profile-read-only-refused',
      });
    if (field === 'phoneVerificationToken')
      return msg('The code could not be used. Ask for a new one.', {id: 'profile-proof-invalid'});
    return fieldErrorMessage(code);
  }

  private methodLabel(method: ActiveSession['method']): string {
    switch (method) {
      case 'password':
        return msg('Signed in with your password', {id: 'profile-method-password'});
      case 'reset':
        return msg('Signed in after a password reset', {id: 'profile-method-reset'});
      case 'invitation':
      case 'verification':
        return msg('Signed in when the account was created', {id: 'profile-method-new'});
      default:
        return msg('Signed in', {id: 'profile-method-other'});
    }
  }

  private linkMessage(): string {
    return msg('Your email address is changed. Use the new one to sign in.', {id: 'profile-email-changed'});
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderSummary(key: FormKey) {
    const f = this.forms[key];
    const entries = Object.entries(f.errors);
    if (f.error !== undefined) {
      const wait = f.error instanceof RateLimitedError ? formatWait(f.error.retryAfterSeconds) : '';
      return html`<div
        class="notice error"
        part="error-summary"
        data-summary=${key}
        tabindex="-1"
        role="alert"
      >
        <p>${errorMessage(f.error)}</p>
        ${wait ? html`<p>${msg(str`You can try again in ${wait}.`, {id: 'profile-try-again-in'})}</p>` : nothing}
      </div>`;
    }
    if (entries.length === 0) {
      return f.done ? html`<p class="notice success" part="status" role="status">${f.done}</p>` : nothing;
    }
    return html`<div
      class="notice error error-summary"
      part="error-summary"
      data-summary=${key}
      tabindex="-1"
      role="alert"
    >
      <strong>${msg('Please check the following:', {id: 'profile-error-summary'})}</strong>
      <ul>
        ${entries.map(([field, code]) => html`<li>${this.fieldLabel(field)}: ${this.errorText(field, code)}</li>`)}
      </ul>
    </div>`;
  }

  /** A labelled input with its error under it. */
  private field(
    key: FormKey,
    name: string,
    options: {
      type?: string;
      value?: string;
      autocomplete: string;
      inputmode?: 'numeric' | 'email';
      maxlength?: number;
      /** A line under the label saying what the field is for. */
      hint?: string;
    },
  ): TemplateResult {
    const code = this.forms[key].errors[name];
    const id = `${key}-${name}`;
    const described = [options.hint ? `${id}-hint` : '', code ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${this.fieldLabel(name)}</label>
      <input
        id=${id}
        name=${name}
        type=${options.type ?? 'text'}
        .defaultValue=${options.value ?? ''}
        autocomplete=${options.autocomplete}
        inputmode=${options.inputmode ?? nothing}
        maxlength=${options.maxlength ?? 1024}
        aria-invalid=${code ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${options.hint ? html`<p class="muted" id=${`${id}-hint`}>${options.hint}</p>` : nothing}
      ${code ? html`<p class="field-error" id=${`${id}-error`}>${this.errorText(name, code)}</p>` : nothing}
    </div>`;
  }

  /** Her legal name and date of birth, where the clinic keeps them as it holds them: shown, not edited. */
  private renderIdentity(p: Profile, clinic: Clinic) {
    return html`<dl class="identity" part="identity">
        <div>
          <dt>${this.fieldLabel('givenName')}</dt>
          <dd>${p.givenName}</dd>
        </div>
        <div>
          <dt>${this.fieldLabel('familyName')}</dt>
          <dd>${p.familyName}</dd>
        </div>
        <div>
          <dt>${this.fieldLabel('dateOfBirth')}</dt>
          <dd>${formatPlainDate(p.dateOfBirth as PlainDate, this.locale)}</dd>
        </div>
      </dl>
      <p class="muted">
        ${msg(
          str`Your clinic keeps your name and date of birth as on your ID. To correct them, call ${formatOnFile(clinic.phone, 'national')} or ask at the front desk.`,
          {id: 'profile-identity-read-only'},
        )}
      </p>`;
  }

  private renderDetails(p: Profile, clinic: Clinic) {
    const busy = this.forms.details.busy;
    const dobError = this.forms.details.errors.dateOfBirth;
    const langError = this.forms.details.errors.language;
    const locked = (p.readOnly ?? []).length > 0;
    return html`<section part="section" aria-labelledby="h-details">
      <h3 id="h-details">${msg('Your details', {id: 'profile-details'})}</h3>
      <form @submit=${this.saveDetails} novalidate>
        ${
          locked
            ? this.renderIdentity(p, clinic)
            : html`<div class="grid">
                  ${this.field('details', 'givenName', {value: p.givenName, autocomplete: 'given-name', maxlength: 100})}
                  ${this.field('details', 'familyName', {value: p.familyName, autocomplete: 'family-name', maxlength: 100})}
                </div>
                <portal-date-input
                  name="dateOfBirth"
                  required
                  .label=${this.fieldLabel('dateOfBirth')}
                  .value=${p.dateOfBirth as PlainDate}
                ></portal-date-input>
                ${dobError ? html`<p class="field-error">${this.errorText('dateOfBirth', dobError)}</p>` : nothing}`
        }
        ${this.field('details', 'preferredName', {
          value: p.preferredName ?? '',
          autocomplete: 'nickname',
          maxlength: 100,
          hint: msg('Optional: the name you like to be called by. The portal greets you with it.', {
            id: 'profile-preferred-name-hint',
          }),
        })}
        <div class="field">
          <label for="details-language">${this.fieldLabel('language')}</label>
          <select id="details-language" name="language" aria-describedby="language-hint">
            <option value="es" ?selected=${p.language === 'es'}>
              ${msg('Spanish (Español)', {id: 'profile-lang-es'})}
            </option>
            <option value="en" ?selected=${p.language === 'en'}>
              ${msg('English', {id: 'profile-lang-en'})}
            </option>
          </select>
          <p class="muted" id="language-hint">
            ${msg('The clinic writes to you in this language.', {id: 'profile-language-hint'})}
          </p>
          ${langError ? html`<p class="field-error">${this.errorText('language', langError)}</p>` : nothing}
        </div>
        ${this.renderSummary('details')}
        <div class="actions">
          <button class="primary" part="button save-button" ?disabled=${busy}>
            ${busy ? msg('Saving…', {id: 'profile-saving'}) : msg('Save details', {id: 'profile-save-details'})}
          </button>
        </div>
      </form>
    </section>`;
  }

  private renderEmail(p: Profile) {
    const busy = this.forms.email.busy;
    return html`<section part="section" aria-labelledby="h-email">
      <h3 id="h-email">${msg('Email address', {id: 'profile-email'})}</h3>
      <p><strong>${p.email}</strong></p>
      ${
        p.pendingEmail
          ? html`<p class="muted">
              ${msg(str`Waiting for confirmation from ${p.pendingEmail}.`, {id: 'profile-email-pending'})}
            </p>`
          : nothing
      }
      ${
        this.emailOpen
          ? html`<form @submit=${this.requestEmail} novalidate>
              ${this.field('email', 'newEmail', {type: 'email', autocomplete: 'email', inputmode: 'email', maxlength: 254})}
              ${this.field('email', 'currentPassword', {type: 'password', autocomplete: 'current-password'})}
              ${this.renderSummary('email')}
              <div class="actions">
                <button class="primary" part="button save-button" ?disabled=${busy}>
                  ${msg('Send confirmation link', {id: 'profile-email-send'})}
                </button>
                <button type="button" part="button" @click=${() => this.toggleEmail(false)}>
                  ${msg('Cancel', {id: 'profile-cancel'})}
                </button>
              </div>
            </form>`
          : html`${this.renderSummary('email')}
              <button type="button" part="button" data-open="email" @click=${() => this.toggleEmail(true)}>
                ${msg('Change email address', {id: 'profile-email-change'})}
              </button>`
      }
    </section>`;
  }

  private async toggleEmail(open: boolean) {
    this.emailOpen = open;
    if (!open) this.setForm('email', IDLE);
    await this.updateComplete;
    const target = open ? 'input[name=newEmail]' : '[data-open=email]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  private async togglePhone(open: boolean) {
    this.phoneOpen = open;
    this.challenge = undefined;
    if (!open) this.setForm('phone', IDLE);
    await this.updateComplete;
    const target = open ? 'portal-phone-input' : '[data-open=phone]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  private renderPhone(p: Profile, clinic: Clinic, caps: Capabilities) {
    const busy = this.forms.phone.busy;
    const canChange = caps.smsCodes;
    return html`<section part="section" aria-labelledby="h-phone">
      <h3 id="h-phone">${msg('Mobile number', {id: 'profile-phone'})}</h3>
      <p>
        ${p.phone ? html`<strong>${formatOnFile(p.phone, 'international')}</strong>` : msg('None on file.', {id: 'profile-phone-none'})}
      </p>
      ${
        !canChange
          ? html`<p class="muted">${msg('To change it, call the clinic.', {id: 'profile-phone-call'})}</p>`
          : !this.phoneOpen
            ? html`${this.renderSummary('phone')}
                <button type="button" part="button" data-open="phone" @click=${() => this.togglePhone(true)}>
                  ${
                    p.phone
                      ? msg('Change mobile number', {id: 'profile-phone-change'})
                      : msg('Add a mobile number', {id: 'profile-phone-add'})
                  }
                </button>`
            : this.challenge
              ? html`<form @submit=${this.confirmPhone} novalidate>
                  <p>
                    ${msg(str`Type the code we sent to ${formatOnFile(this.challenge.phone, 'international')}.`, {id: 'profile-phone-type-code'})}
                  </p>
                  ${this.field('phone', 'code', {autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 12})}
                  ${this.renderSummary('phone')}
                  <div class="actions">
                    <button class="primary" part="button save-button" ?disabled=${busy}>
                      ${msg('Confirm the new number', {id: 'profile-phone-confirm'})}
                    </button>
                    <button type="button" part="button" @click=${() => this.togglePhone(false)}>
                      ${msg('Cancel', {id: 'profile-cancel'})}
                    </button>
                  </div>
                </form>`
              : html`<form @submit=${this.sendPhoneCode} novalidate>
                  <portal-phone-input
                    name="phone"
                    required
                    .label=${this.fieldLabel('phone')}
                    .defaultCountry=${clinic.country}
                  ></portal-phone-input>
                  ${
                    this.forms.phone.errors.phone && this.forms.phone.errors.phone !== 'invalid-phone'
                      ? html`<p class="field-error">
                          ${this.errorText('phone', this.forms.phone.errors.phone)}
                        </p>`
                      : nothing
                  }
                  ${this.renderSummary('phone')}
                  <div class="actions">
                    <button class="primary" part="button save-button" ?disabled=${busy}>
                      ${msg('Send a code', {id: 'profile-phone-send'})}
                    </button>
                    <button type="button" part="button" @click=${() => this.togglePhone(false)}>
                      ${msg('Cancel', {id: 'profile-cancel'})}
                    </button>
                  </div>
                </form>`
      }
    </section>`;
  }

  private renderPassword() {
    const busy = this.forms.password.busy;
    return html`<section part="section" aria-labelledby="h-password">
      <h3 id="h-password">${msg('Password', {id: 'profile-password'})}</h3>
      <form @submit=${this.changePassword} novalidate>
        ${this.field('password', 'currentPassword', {type: 'password', autocomplete: 'current-password'})}
        ${this.field('password', 'newPassword', {type: 'password', autocomplete: 'new-password'})}
        ${this.field('password', 'newPasswordAgain', {type: 'password', autocomplete: 'new-password'})}
        <p class="muted">
          ${msg(
            'At least 8 characters. Spaces, accents and emoji are fine; a short sentence is easy to remember.',
            {
              id: 'profile-password-hint',
            },
          )}
        </p>
        ${this.renderSummary('password')}
        <div class="actions">
          <button class="primary" part="button save-button" ?disabled=${busy}>
            ${msg('Change password', {id: 'profile-password-change'})}
          </button>
        </div>
      </form>
    </section>`;
  }

  /**
   * Her security question (where the clinic asks for one): the question she set, and a form to set
   * or change it with her current password. The answer is never shown, not even hers.
   */
  private renderSecurity(profile: Profile, clinic: Clinic) {
    const busy = this.forms.security.busy;
    const current = profile.securityQuestion;
    const removable =
      current && clinic.securityQuestion === 'optional' && this.readyAdapter?.removeSecurityAnswer;
    return html`<section part="section" aria-labelledby="h-security">
      <h3 id="h-security">${msg('Security question', {id: 'profile-security'})}</h3>
      <p class="muted">
        ${msg(
          'If you forget your password, you will be asked this question after opening the link we email you. Capitals, accents and spaces in the answer do not matter.',
          {id: 'profile-security-intro'},
        )}
      </p>
      <p>
        ${
          current
            ? html`${msg('Your question:', {id: 'profile-security-current'})} <strong>${current}</strong>`
            : msg('You have not set a security question.', {id: 'profile-security-none'})
        }
      </p>
      <form @submit=${this.saveSecurityAnswer} novalidate>
        ${this.field('security', 'question', {autocomplete: 'off', maxlength: 200})}
        ${this.field('security', 'answer', {autocomplete: 'off', maxlength: 100})}
        ${this.field('security', 'currentPassword', {type: 'password', autocomplete: 'current-password'})}
        ${this.renderSummary('security')}
        <div class="actions">
          <button class="primary" part="button save-button" ?disabled=${busy}>
            ${
              current
                ? msg('Change security question', {id: 'profile-security-change'})
                : msg('Save security question', {id: 'profile-security-save'})
            }
          </button>
        </div>
      </form>
      ${
        current && clinic.securityQuestion === 'required'
          ? html`<p class="muted">
              ${msg('Your clinic requires a security question: you can change it, but not remove it.', {
                id: 'profile-security-required-refused',
              })}
            </p>`
          : nothing
      }
      ${removable ? this.renderSecurityRemove() : nothing}
    </section>`;
  }

  /** "Remove security question": asks first, with her current password. */
  private renderSecurityRemove() {
    if (!this.securityRemoveOpen)
      return html`<button
        type="button"
        part="button"
        data-open="security-remove"
        @click=${() => this.toggleSecurityRemove(true)}
      >
        ${msg('Remove security question', {id: 'profile-security-remove'})}
      </button>`;
    return html`<form
      class="notice"
      @submit=${this.removeSecurityAnswer}
      novalidate
      aria-labelledby="security-remove-title"
    >
      <p id="security-remove-title">
        <strong>${msg('Remove your security question?', {id: 'profile-security-remove-ask'})}</strong>
        ${msg('Without it, the link we email you is enough to set a new password.', {
          id: 'profile-security-remove-why',
        })}
      </p>
      ${this.field('securityRemove', 'currentPassword', {type: 'password', autocomplete: 'current-password'})}
      ${this.renderSummary('securityRemove')}
      <div class="actions">
        <button class="primary" part="button" ?disabled=${this.forms.securityRemove.busy}>
          ${msg('Remove', {id: 'medical-remove-yes'})}
        </button>
        <button type="button" part="button" @click=${() => this.toggleSecurityRemove(false)}>
          ${msg('Keep it', {id: 'medical-remove-no'})}
        </button>
      </div>
    </form>`;
  }

  /** Where the clinic requires a security question and she has none: said first, with a way there. */
  private renderSecurityMissing(l: Loaded) {
    if (!this.readyAdapter?.setSecurityAnswer) return nothing;
    if (!securityAnswerMissing(l.clinic.securityQuestion, l.profile.securityQuestion)) return nothing;
    return html`<div class="notice" part="notice security-notice">
      <p>
        <strong>${msg('Action required', {id: 'profile-action-required'})}:</strong>
        ${msg('Your clinic asks you to set a security question. It is asked if you forget your password.', {
          id: 'profile-security-missing',
        })}
      </p>
      <button type="button" part="button" @click=${() => void this.goToSecurity()}>
        ${msg('Set your security question', {id: 'profile-security-missing-go'})}
      </button>
    </div>`;
  }

  private renderSessions(sessions: readonly ActiveSession[]) {
    const fmt = new Intl.DateTimeFormat(this.locale, {dateStyle: 'medium', timeStyle: 'short'});
    const others = sessions.filter((s) => !s.current).length;
    return html`<section part="section" aria-labelledby="h-sessions">
      <h3 id="h-sessions">${msg('Where you are signed in', {id: 'profile-sessions'})}</h3>
      <ul class="sessions">
        ${sessions.map(
          (s) =>
            html`<li>
              <strong
                >${s.current ? msg('This device', {id: 'profile-this-device'}) : this.methodLabel(s.method)}</strong
              >
              <br />
              <span class="muted"
                >${msg(str`Last active ${fmt.format(Date.parse(s.lastUsedAt))}`, {id: 'profile-last-active'})}</span
              >
            </li>`,
        )}
      </ul>
      ${this.renderSummary('sessions')}
      <button
        type="button"
        part="button"
        ?disabled=${this.forms.sessions.busy || others === 0}
        @click=${() => void this.signOutOthers()}
      >
        ${msg('Sign out everywhere else', {id: 'profile-sign-out-others'})}
      </button>
    </section>`;
  }

  private renderLinkResult() {
    const r = this.linkResult;
    if (!r) return nothing;
    return r.ok
      ? html`<p class="notice success" part="status">${this.linkMessage()}</p>`
      : html`<div class="notice error" part="error-summary">
          <p>${errorMessage(r.error)}</p>
          <p>${msg('Ask for a new link from your profile.', {id: 'profile-email-link-again'})}</p>
        </div>`;
  }

  private renderBody() {
    if (this.backendState.status === 'unavailable') return this.renderUnavailable();
    if (this.sessionState.status === 'signed-out')
      return this.renderSignInRequest(
        msg('Sign in to see and change your details.', {id: 'profile-sign-in'}),
      );
    if (this.unsupported)
      return html`<p class="notice">
        ${msg('This clinic does not offer profile changes online. Please call the clinic.', {
          id: 'profile-unsupported',
        })}
      </p>`;
    if (this.loadError !== undefined)
      return html`<div class="notice error" role="alert">
        <p>${errorMessage(this.loadError)}</p>
        <button type="button" part="button" @click=${() => void this.load()}>
          ${msg('Try again', {id: 'profile-retry'})}
        </button>
      </div>`;
    const l = this.loaded;
    if (!l) return html`<p role="status">${msg('Loading your profile…', {id: 'profile-loading'})}</p>`;
    // Acting for a family member: her details, photo, medical and insurance; the sign-in parts
    // (email, phone, password, security question, sessions) are the account holder's own.
    const account = !this.portal?.person;
    return html`${account ? this.renderSecurityMissing(l) : nothing}
    ${this.renderDetails(l.profile, l.clinic)} ${this.address.render()}
    ${l.caps.photo ? this.photo.render() : nothing} ${account ? this.renderEmail(l.profile) : nothing}
    ${account ? this.renderPhone(l.profile, l.clinic, l.caps) : nothing}
    ${account ? this.renderPassword() : nothing}
    ${account && l.clinic.securityQuestion && this.readyAdapter?.setSecurityAnswer ? this.renderSecurity(l.profile, l.clinic) : nothing}
    ${account ? this.renderSessions(l.sessions) : nothing}
    ${l.caps.medical ? this.medical.render(l.clinic.country) : nothing}
    ${l.caps.insurance ? this.insurance.render() : nothing}
    ${account && this.family ? this.family.render(l.clinic, l.profile.dateOfBirth, Date.now()) : nothing}`;
  }

  override render() {
    return html`<div class="header" part="header">
        <h2 tabindex="-1">
          ${
            this.portal?.person
              ? msg(str`${this.portal.person.givenName}’s profile`, {id: 'profile-title-person'})
              : msg('Your profile', {id: 'profile-title'})
          }
        </h2>
        ${this.renderDemoMarker()}
      </div>
      ${this.renderSessionWarning()} ${this.renderLinkResult()} ${this.renderBody()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'patient-profile': PatientProfile;
  }
  interface HTMLElementEventMap {
    'portal-profile-saved': PortalProfileSavedEvent;
  }
}
