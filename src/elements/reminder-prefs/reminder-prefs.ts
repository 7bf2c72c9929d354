import {html, nothing} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {repeat} from 'lit/directives/repeat.js';
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  ValidationError,
  type Capabilities,
  type FieldErrorCode,
} from '../../adapters/adapter.js';
import type {
  Clinic,
  CountryCode,
  E164,
  ReminderChannel,
  ReminderPhone,
  ReminderPreferences,
} from '../../domain/types.js';
import {countryOfE164, OTHER_COUNTRY} from '../../domain/phone.js';
import type {SessionSnapshot} from '../../controllers/session-store.js';
import {errorMessage, fieldErrorMessage} from '../../localization/error-messages.js';
import {pickText} from '../../localization/format.js';
import {elementStyles, panelStyles, tokens} from '../../styles/tokens.js';
import {PortalElement} from '../base/portal-element.js';
import {styles} from './reminder-prefs.styles.js';

/** What `<portal-phone-input>` offers this element (its class lives in its own define module). */
interface PhoneField extends HTMLElement {
  value: string;
  readonly validity: ValidityState;
  checkValidity(): boolean;
  updateComplete: Promise<boolean>;
}

/** Why a row or a section is refused: the backend's codes, plus a number with no channel ticked. */
type RowError = FieldErrorCode | 'no-channel';

interface Row {
  /** Stable key for the row's DOM (never sent anywhere). */
  readonly key: number;
  /** E.164, or '' while empty or not a valid number. */
  number: string;
  country: CountryCode;
  sms: boolean;
  voice: boolean;
  /** The phone field reports a valid number. */
  valid: boolean;
  /** The phone field is empty. */
  empty: boolean;
}

interface Loaded {
  readonly clinic: Clinic;
  readonly caps: Capabilities;
  readonly prefs: ReminderPreferences;
}

type Status = 'idle' | 'saving' | 'saved';

/** What the host learns when preferences are saved: channels and times only, never numbers or email. */
export class PortalRemindersSavedEvent extends Event {
  static readonly type = 'portal-reminders-saved';
  constructor(
    /** Channels that will be used: always `email`, then `sms` and `voice` when some number has them. */
    readonly channels: readonly ReminderChannel[],
    /** Hours before the appointment at which reminders go out, e.g. `[72, 24, 1]`. */
    readonly hours: readonly number[],
  ) {
    super(PortalRemindersSavedEvent.type, {bubbles: true, composed: true});
  }
}

let nextKey = 1;

/**
 * How and when the signed-in patient is reminded of appointments. Email to the address on file is
 * always on (shown, not removable). Where the clinic and the backend offer them, the patient adds
 * up to the clinic's `maxPhones` mobile numbers (each a `<portal-phone-input>`, stored as E.164)
 * and marks each for text messages, voice calls or both; where the clinic lets them choose, they
 * pick which reminders (e.g. 3 days, 1 day and 1 hour before). Text and voice reminders cannot
 * confirm or cancel, and the element says so. "Send me a test reminder" appears per channel when
 * the backend supports it (for numbers already saved).
 *
 * Every problem is explained at the row where it was typed (invalid number, duplicate after
 * normalisation, no channel ticked); a failed save also shows an error summary that takes focus.
 * A failed save keeps every change; Save sends one request at a time.
 *
 * **In a host's own form** (optional): the element is form-associated. With a `name`, the form
 * submits the preferences as JSON (`{"phones":[{"number","country","sms","voice"}],"hours":[…]}`,
 * without the email); the form cannot be submitted while a row is invalid (`validity`,
 * `checkValidity()`, `reportValidity()`), and `form.reset()` restores the preferences as loaded or
 * last saved. The element's own Save button still saves through the adapter.
 *
 * @summary The patient's appointment reminder channels, phone numbers and times.
 * @csspart header - The title bar.
 * @csspart email - The always-on email address.
 * @csspart phone-row - One mobile number with its channels and Remove button.
 * @csspart add-button - "Add a mobile number".
 * @csspart remove-button - A row's Remove button.
 * @csspart save-button - The Save button.
 * @csspart test-button - A "send me a test" button.
 * @csspart button - Every button.
 * @csspart error-summary - The list of problems after a failed save.
 * @csspart status - The saved confirmation.
 * @csspart demo-marker - The "demo clinic" marker shown with the demo backend.
 * @cssprop --portal-color-accent - Accent of buttons and checkboxes.
 * @cssprop --portal-color-danger - Colour of errors and invalid rows.
 * @cssprop --portal-color-surface - Background.
 * @cssprop --portal-color-text - Text colour.
 * @fires {PortalRemindersSavedEvent} portal-reminders-saved - After the backend saves the preferences (detail: `channels` and `hours`; never numbers or email).
 * @fires {PortalErrorEvent} portal-error - When loading, saving or a test reminder fails (detail: error code and operation).
 * @tagname reminder-prefs
 */
export class ReminderPrefs extends PortalElement {
  static override styles = [tokens, elementStyles, panelStyles, styles];
  static formAssociated = true;

  private readonly internals: ElementInternals = this.attachInternals();
  private saving = false;

  @query('.error-summary') private errorSummary!: HTMLElement | null;
  @query('[data-add]') private addButton!: HTMLButtonElement | null;

  @state() private loaded?: Loaded;
  @state() private loadError?: unknown;
  @state() private rows: Row[] = [];
  @state() private hours: number[] = [];
  /** Problems shown at rows (`phones.2`) and sections (`phones`, `hours`) after a save or a change. */
  @state() private errors: Readonly<Record<string, RowError>> = {};
  /** The summary is shown after a failed save. */
  @state() private showSummary = false;
  @state() private saveError?: unknown;
  @state() private status: Status = 'idle';
  @state() private testBusy?: ReminderChannel;
  @state() private testResult?: {readonly channel: ReminderChannel; readonly error?: unknown};

  /** The name the preferences are submitted under in a host's form. */
  @property({reflect: true}) name = '';

  protected override backendChanged(): void {
    this.clear();
    this.maybeLoad();
  }

  protected override sessionChanged(previous: SessionSnapshot): void {
    const now = this.sessionState.status;
    if (now !== 'signed-in') {
      // Sign-out or expiry: nothing about the patient stays in the DOM (QUALITY 12).
      if (previous.status === 'signed-in' || this.loaded) this.clear();
      return;
    }
    if (previous.status !== 'signed-in') this.maybeLoad();
  }

  protected override updated(): void {
    this.syncInternals();
  }

  // ------------------------------------------------------------------------------------------
  // Form association

  /** The preferences as the form submits them: JSON without the email. */
  get value(): string {
    return JSON.stringify({phones: this.phonesOut(), hours: [...this.hours]});
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    this.syncInternals();
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    this.syncInternals();
    const ok = this.internals.reportValidity();
    if (!ok) this.errors = {...this.localErrors(), ...this.errors};
    return ok;
  }

  /** Called by the browser on `form.reset()`: back to the preferences as loaded or last saved. */
  formResetCallback(): void {
    if (this.loaded) this.fill(this.loaded.prefs);
  }

  private syncInternals() {
    if (!this.loaded) {
      this.internals.setFormValue(null);
      this.internals.setValidity({});
      return;
    }
    this.internals.setFormValue(this.value);
    const problems = this.localErrors();
    const first = Object.values(problems)[0];
    if (first) {
      this.internals.setValidity({customError: true}, this.errorText(first), this.addButton ?? undefined);
    } else this.internals.setValidity({});
  }

  // ------------------------------------------------------------------------------------------
  // Loading

  private clear() {
    this.stopLoad();
    this.loaded = undefined;
    this.loadError = undefined;
    this.rows = [];
    this.hours = [];
    this.errors = {};
    this.showSummary = false;
    this.saveError = undefined;
    this.status = 'idle';
    this.testResult = undefined;
    this.testBusy = undefined;
  }

  private maybeLoad() {
    if (this.backendState.status !== 'ready' || this.sessionState.status !== 'signed-in') return;
    if (this.loaded) return;
    void this.load();
  }

  private async load(): Promise<void> {
    const adapter = this.resolvedAdapter;
    if (!adapter) return;
    const signal = this.startLoad();
    this.loadError = undefined;
    try {
      const [clinic, caps, prefs] = await Promise.all([
        adapter.getClinic({signal}),
        adapter.getCapabilities({signal}),
        adapter.getReminderPreferences({signal}),
        // Each number is a <portal-phone-input>, shown only once the preferences are here: its
        // chunk loads with them, not with the signed-out page.
        import('../../define/portal-phone-input.js'),
      ]);
      if (signal.aborted) return;
      this.loaded = {clinic, caps, prefs};
      this.fill(prefs);
    } catch (e) {
      if (isAbortError(e)) return;
      this.loadError = e;
      this.fail(e, 'getReminderPreferences');
    }
  }

  /** Shows preferences (as loaded, saved or reset), dropping unsaved changes and messages. */
  private fill(prefs: ReminderPreferences) {
    this.rows = prefs.phones.map((p) => ({
      key: nextKey++,
      number: p.number,
      country: p.country,
      sms: p.sms,
      voice: p.voice,
      valid: true,
      empty: false,
    }));
    this.hours = [...prefs.hours];
    this.errors = {};
    this.showSummary = false;
    this.saveError = undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Derived

  /** Channels besides email that both the clinic and the backend offer. */
  private get channels(): ReminderChannel[] {
    const l = this.loaded;
    if (!l) return [];
    return (['sms', 'voice'] as const).filter(
      (c) => l.clinic.reminders.channels.includes(c) && l.caps.reminderChannels.includes(c),
    );
  }

  private get maxPhones(): number {
    return Math.max(0, this.loaded?.clinic.reminders.maxPhones ?? 0);
  }

  private phonesOut(): ReminderPhone[] {
    const channels = this.channels;
    return this.rows.map((r) => ({
      number: r.number as E164,
      country: r.country,
      sms: r.sms && channels.includes('sms'),
      voice: r.voice && channels.includes('voice'),
    }));
  }

  /** Problems the element can tell without the backend. */
  private localErrors(): Record<string, RowError> {
    const errors: Record<string, RowError> = {};
    const seen = new Set<string>();
    const channels = this.channels;
    this.rows.forEach((r, i) => {
      const key = `phones.${i}`;
      if (!r.valid || !r.number) errors[key] = r.empty ? 'required' : 'invalid-phone';
      else if (seen.has(r.number)) errors[key] = 'duplicate';
      else if (!channels.some((c) => (c === 'sms' ? r.sms : r.voice))) errors[key] = 'no-channel';
      if (r.number) seen.add(r.number);
    });
    if (this.rows.length > this.maxPhones) errors['phones'] = 'too-many';
    if (this.loaded?.clinic.reminders.patientChoosesTimes && this.hours.length === 0)
      errors['hours'] = 'required';
    return errors;
  }

  private errorText(code: RowError, field = ''): string {
    if (code === 'no-channel')
      return msg('Choose text messages, voice calls or both for this number.', {id: 'reminders-no-channel'});
    if (field === 'hours' && code === 'required')
      return msg('Choose at least one reminder.', {id: 'reminders-hours-required'});
    if (code === 'required' && field.startsWith('phones.'))
      return msg('Type a number, or remove this row.', {id: 'reminders-phone-required'});
    return fieldErrorMessage(code);
  }

  private fieldLabel(field: string): string {
    const m = /^phones\.(\d+)/.exec(field);
    if (m) return msg(str`Number ${Number(m[1]) + 1}`, {id: 'reminders-number-n'});
    if (field === 'hours') return msg('When to remind you', {id: 'reminders-when'});
    if (field === 'phones') return msg('Mobile numbers', {id: 'reminders-phones'});
    return msg('Reminders', {id: 'reminders-field-other'});
  }

  private hourLabel(h: number): string {
    if (h === 1) return msg('1 hour before', {id: 'reminders-1-hour'});
    if (h === 24) return msg('1 day before', {id: 'reminders-1-day'});
    if (h % 24 === 0) return msg(str`${h / 24} days before`, {id: 'reminders-n-days'});
    return msg(str`${h} hours before`, {id: 'reminders-n-hours'});
  }

  private channelLabel(c: ReminderChannel): string {
    if (c === 'sms') return msg('Text messages (SMS)', {id: 'reminders-sms'});
    if (c === 'voice') return msg('Voice calls', {id: 'reminders-voice'});
    return msg('Email', {id: 'reminders-email'});
  }

  // ------------------------------------------------------------------------------------------
  // Handlers

  private changed() {
    if (this.status === 'saved') this.status = 'idle';
    this.saveError = undefined;
  }

  /** Drops a shown error once the patient fixed it; keeps the others. */
  private refreshErrors(key: string) {
    const now = this.localErrors();
    const next: Record<string, RowError> = {...this.errors};
    if (now[key]) {
      if (next[key]) next[key] = now[key];
    } else delete next[key];
    // Removing or fixing one row can end another's duplicate.
    for (const k of Object.keys(next)) if (next[k] === 'duplicate' && now[k] !== 'duplicate') delete next[k];
    if (!now['phones']) delete next['phones'];
    this.errors = next;
    if (Object.keys(next).length === 0) this.showSummary = false;
  }

  private async onPhoneInput(row: Row, e: Event, commit: boolean) {
    const field = e.currentTarget as PhoneField;
    row.number = field.value;
    if (field.value) row.country = countryOfE164(field.value, row.country) ?? OTHER_COUNTRY;
    this.changed();
    await field.updateComplete;
    row.valid = field.validity.valid;
    row.empty = field.validity.valueMissing;
    const i = this.rows.indexOf(row);
    if (i < 0) return;
    const key = `phones.${i}`;
    const now = this.localErrors()[key];
    if (commit && now === 'duplicate' && this.errors[key] !== 'duplicate') {
      // Refused at the row as soon as the patient leaves it (QUALITY 30).
      this.errors = {...this.errors, [key]: 'duplicate'};
      this.announce(fieldErrorMessage('duplicate'));
    } else this.refreshErrors(key);
    this.rows = [...this.rows];
  }

  private toggleChannel(row: Row, channel: ReminderChannel, on: boolean) {
    if (channel === 'sms') row.sms = on;
    else if (channel === 'voice') row.voice = on;
    this.changed();
    const i = this.rows.indexOf(row);
    this.rows = [...this.rows];
    this.refreshErrors(`phones.${i}`);
  }

  private toggleHour(h: number, on: boolean) {
    const offered = this.loaded?.clinic.reminders.offeredHours ?? [];
    const set = new Set(this.hours);
    if (on) set.add(h);
    else set.delete(h);
    this.hours = offered.filter((x) => set.has(x));
    this.changed();
    this.refreshErrors('hours');
  }

  private async addRow() {
    if (this.rows.length >= this.maxPhones) {
      this.announce(fieldErrorMessage('too-many'));
      return;
    }
    const channels = this.channels;
    this.rows = [
      ...this.rows,
      {
        key: nextKey++,
        number: '',
        country: this.loaded?.clinic.country ?? 'MX',
        sms: channels.includes('sms'),
        voice: false,
        valid: false,
        empty: true,
      },
    ];
    this.changed();
    await this.updateComplete;
    const fields = this.renderRoot.querySelectorAll<PhoneField>('portal-phone-input');
    fields[fields.length - 1]?.focus();
  }

  private async removeRow(row: Row) {
    const i = this.rows.indexOf(row);
    if (i < 0) return;
    this.rows = this.rows.filter((r) => r !== row);
    // Row errors follow their rows.
    const next: Record<string, RowError> = {};
    for (const [k, v] of Object.entries(this.errors)) {
      const m = /^phones\.(\d+)$/.exec(k);
      if (!m) next[k] = v;
      else if (Number(m[1]) < i) next[k] = v;
      else if (Number(m[1]) > i) next[`phones.${Number(m[1]) - 1}`] = v;
    }
    this.errors = next;
    this.refreshErrors('phones');
    this.changed();
    this.announce(msg('Number removed.', {id: 'reminders-removed'}));
    await this.updateComplete;
    this.addButton?.focus();
  }

  private async save(e?: Event) {
    e?.preventDefault();
    const adapter = this.resolvedAdapter;
    const loaded = this.loaded;
    // One save at a time: a double click saves once (QUALITY 20).
    if (!adapter || !loaded || this.saving) return;
    this.saving = true;
    this.status = 'saving';
    this.saveError = undefined;
    try {
      const fields = [...this.renderRoot.querySelectorAll<PhoneField>('portal-phone-input')];
      // Shows each field's own message under the number.
      fields.forEach((f, i) => {
        const row = this.rows[i];
        if (!row) return;
        row.valid = f.checkValidity();
        row.empty = f.validity.valueMissing;
      });
      const local = this.localErrors();
      if (Object.keys(local).length > 0) {
        this.errors = local;
        this.showSummary = true;
        this.status = 'idle';
        await this.updateComplete;
        this.errorSummary?.focus();
        return;
      }
      const saved = await adapter.saveReminderPreferences(
        {
          email: loaded.prefs.email,
          phones: this.phonesOut(),
          hours: loaded.clinic.reminders.patientChoosesTimes
            ? [...this.hours]
            : [...loaded.clinic.reminders.offeredHours],
        },
        {signal: this.connectedSignal},
      );
      if (this.loaded !== loaded) return;
      this.loaded = {...loaded, prefs: saved};
      this.fill(saved);
      this.status = 'saved';
      const channels: ReminderChannel[] = ['email'];
      if (saved.phones.some((p) => p.sms)) channels.push('sms');
      if (saved.phones.some((p) => p.voice)) channels.push('voice');
      const event = new PortalRemindersSavedEvent(channels, [...saved.hours]); // see PortalElement.reportError
      this.dispatchEvent(event);
      this.announce(msg('Your reminder preferences are saved.', {id: 'reminders-saved'}));
    } catch (err) {
      this.status = 'idle';
      if (isAbortError(err)) return;
      if (err instanceof ValidationError) {
        this.errors = {...err.fields};
        this.showSummary = true;
      } else this.saveError = err;
      this.fail(err, 'saveReminderPreferences');
      await this.updateComplete;
      this.errorSummary?.focus();
    } finally {
      this.saving = false;
    }
  }

  private async sendTest(channel: ReminderChannel) {
    const adapter = this.resolvedAdapter;
    if (!adapter || this.testBusy) return;
    this.testBusy = channel;
    this.testResult = undefined;
    try {
      await adapter.sendTestReminder(channel, {signal: this.connectedSignal});
      this.testResult = {channel};
      this.announce(this.testMessage(this.testResult));
    } catch (e) {
      if (isAbortError(e)) return;
      this.testResult = {channel, error: e};
      this.fail(e, 'sendTestReminder');
    } finally {
      this.testBusy = undefined;
    }
  }

  private testMessage(r: {readonly channel: ReminderChannel; readonly error?: unknown}): string {
    if (r.error !== undefined) {
      if (r.error instanceof ValidationError)
        return msg('Save a number for this channel first.', {id: 'reminders-test-no-number'});
      return errorMessage(r.error);
    }
    if (r.channel === 'email')
      return msg('We sent a test reminder to your email.', {id: 'reminders-test-sent-email'});
    if (r.channel === 'sms')
      return msg('We sent a test text message to your numbers.', {id: 'reminders-test-sent-sms'});
    return msg('We are calling your numbers with a test reminder.', {id: 'reminders-test-sent-voice'});
  }

  private fail(e: unknown, operation: string) {
    // Field problems are shown at the fields and in the summary, not announced as one message.
    this.reportError(e, operation, !(e instanceof ValidationError));
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderHeader() {
    return html`<div class="header" part="header">
      <h2>${msg('Appointment reminders', {id: 'reminders-title'})}</h2>
      ${this.renderDemoMarker()}
    </div>`;
  }

  private renderSummary() {
    const entries = Object.entries(this.errors);
    if (this.saveError !== undefined) {
      return html`<div class="notice error error-summary" part="error-summary" tabindex="-1" role="alert">
        <p>${errorMessage(this.saveError)}</p>
        <p>${msg('Your changes are still here. Try saving again.', {id: 'reminders-kept'})}</p>
      </div>`;
    }
    if (!this.showSummary || entries.length === 0) return nothing;
    return html`<div class="notice error error-summary" part="error-summary" tabindex="-1" role="alert">
      <strong>${msg('Please check the following:', {id: 'reminders-error-summary'})}</strong>
      <ul>
        ${entries.map(([f, code]) => html`<li>${this.fieldLabel(f)}: ${this.errorText(code, f)}</li>`)}
      </ul>
    </div>`;
  }

  private renderRow(row: Row, i: number) {
    const channels = this.channels;
    const code = this.errors[`phones.${i}`];
    // The phone field explains an invalid number itself; the row adds what it cannot know.
    const rowMessage =
      code && code !== 'invalid-phone' && !(code === 'required' && row.empty)
        ? this.errorText(code, `phones.${i}`)
        : '';
    const errorId = `row-error-${row.key}`;
    return html`<fieldset
      part="phone-row"
      class=${rowMessage ? 'invalid' : ''}
      aria-describedby=${rowMessage ? errorId : nothing}
    >
      <legend>${this.fieldLabel(`phones.${i}`)}</legend>
      <portal-phone-input
        required
        .defaultCountry=${this.loaded?.clinic.country ?? 'MX'}
        .value=${row.number}
        @input=${(e: Event) => void this.onPhoneInput(row, e, false)}
        @change=${(e: Event) => void this.onPhoneInput(row, e, true)}
      ></portal-phone-input>
      ${rowMessage ? html`<p class="field-error" id=${errorId}>${rowMessage}</p>` : nothing}
      <div class="row-actions">
        <div class="channels">
          ${channels.map(
            (c) =>
              html`<label class="check">
                <input
                  type="checkbox"
                  .checked=${c === 'sms' ? row.sms : row.voice}
                  @change=${(e: Event) => this.toggleChannel(row, c, (e.target as HTMLInputElement).checked)}
                />
                ${this.channelLabel(c)}
              </label>`,
          )}
        </div>
        <button type="button" part="button remove-button" @click=${() => void this.removeRow(row)}>
          ${msg('Remove', {id: 'reminders-remove'})}<span class="visually-hidden">
            ${this.fieldLabel(`phones.${i}`)}</span
          >
        </button>
      </div>
    </fieldset>`;
  }

  private renderPhones() {
    const l = this.loaded!;
    const channels = this.channels;
    if (channels.length === 0) return nothing;
    const max = this.maxPhones;
    const atMax = this.rows.length >= max;
    const sectionError = this.errors['phones'];
    const callerNote =
      channels.includes('voice') && l.clinic.reminders.voiceCallerNote
        ? pickText(l.clinic.reminders.voiceCallerNote, this.locale, l.clinic.languages)
        : '';
    return html`<section aria-labelledby="phones-title">
      <h3 id="phones-title">${msg('Text messages and calls', {id: 'reminders-phones-title'})}</h3>
      <p>
        ${msg(
          'Text message and voice reminders can’t confirm or cancel an appointment. Use the link in the email, or contact the clinic.',
          {id: 'reminders-sms-voice-note'},
        )}
      </p>
      ${callerNote ? html`<p class="muted">${callerNote}</p>` : nothing}
      ${
        this.rows.length === 0
          ? html`<p class="muted">${msg('No mobile numbers yet.', {id: 'reminders-no-phones'})}</p>`
          : nothing
      }
      ${repeat(
        this.rows,
        (r) => r.key,
        (r, i) => this.renderRow(r, i),
      )}
      ${sectionError ? html`<p class="field-error">${this.errorText(sectionError, 'phones')}</p>` : nothing}
      <button
        type="button"
        part="button add-button"
        data-add
        ?disabled=${atMax}
        aria-describedby=${atMax ? 'max-note' : nothing}
        @click=${() => void this.addRow()}
      >
        ${msg('Add a mobile number', {id: 'reminders-add'})}
      </button>
      <p id="max-note" class="muted">
        ${
          atMax
            ? msg(str`You’ve added the most numbers allowed (${max}). Remove one to add another.`, {
                id: 'reminders-max-reached',
              })
            : msg(str`You can add up to ${max} mobile numbers.`, {id: 'reminders-max'})
        }
      </p>
    </section>`;
  }

  private renderHours() {
    const rules = this.loaded!.clinic.reminders;
    if (rules.offeredHours.length === 0) return nothing;
    if (!rules.patientChoosesTimes) {
      const list = new Intl.ListFormat(this.locale, {type: 'conjunction'}).format(
        rules.offeredHours.map((h) => this.hourLabel(h)),
      );
      return html`<h3>${msg('When to remind you', {id: 'reminders-when'})}</h3>
        <p>
          ${msg(str`The clinic sends reminders ${list} each appointment.`, {id: 'reminders-fixed-hours'})}
        </p>`;
    }
    const error = this.errors['hours'];
    return html`<fieldset class=${error ? 'invalid' : ''} aria-describedby=${error ? 'hours-error' : nothing}>
      <legend>${msg('When to remind you', {id: 'reminders-when'})}</legend>
      <div class="hours">
        ${rules.offeredHours.map(
          (h) =>
            html`<label class="check">
              <input
                type="checkbox"
                .checked=${this.hours.includes(h)}
                @change=${(e: Event) => this.toggleHour(h, (e.target as HTMLInputElement).checked)}
              />
              ${this.hourLabel(h)}
            </label>`,
        )}
      </div>
      ${error ? html`<p class="field-error" id="hours-error">${this.errorText(error, 'hours')}</p>` : nothing}
    </fieldset>`;
  }

  private renderTests() {
    const l = this.loaded!;
    if (!l.caps.testReminder) return nothing;
    const saved = l.prefs.phones;
    const offered: ReminderChannel[] = ['email'];
    for (const c of this.channels) if (saved.some((p) => (c === 'sms' ? p.sms : p.voice))) offered.push(c);
    const result = this.testResult;
    return html`<section aria-labelledby="tests-title">
      <h3 id="tests-title">${msg('Try it', {id: 'reminders-test-title'})}</h3>
      <div class="tests">
        ${offered.map(
          (c) =>
            html`<button
              type="button"
              part="button test-button"
              ?disabled=${this.testBusy !== undefined}
              @click=${() => void this.sendTest(c)}
            >
              ${
                c === 'email'
                  ? msg('Send me a test email', {id: 'reminders-test-email'})
                  : c === 'sms'
                    ? msg('Send me a test text message', {id: 'reminders-test-sms'})
                    : msg('Call me with a test reminder', {id: 'reminders-test-voice'})
              }
            </button>`,
        )}
      </div>
      ${
        result
          ? html`<p class="notice ${result.error !== undefined ? 'error' : 'success'}">
              ${this.testMessage(result)}
            </p>`
          : nothing
      }
    </section>`;
  }

  private renderLoaded() {
    const l = this.loaded!;
    const saving = this.status === 'saving';
    return html`
      ${this.renderSummary()}
      <form novalidate @submit=${(e: Event) => void this.save(e)}>
        <h3>${msg('Email', {id: 'reminders-email'})}</h3>
        <p>
          ${msg('Reminders always go to your email on file:', {id: 'reminders-email-always'})}
          <span class="email" part="email">${l.prefs.email}</span>
        </p>
        ${this.renderHours()} ${this.renderPhones()}
        <div class="actions">
          <button
            type="submit"
            class="primary"
            part="button save-button"
            aria-disabled=${saving ? 'true' : 'false'}
          >
            ${saving ? msg('Saving…', {id: 'reminders-saving'}) : msg('Save', {id: 'reminders-save'})}
          </button>
          ${
            this.status === 'saved'
              ? html`<p class="notice success" part="status">
                  ${msg('Your reminder preferences are saved.', {id: 'reminders-saved'})}
                </p>`
              : nothing
          }
        </div>
      </form>
      ${this.renderTests()}
    `;
  }

  override render() {
    const backend = this.backendState.status;
    if (backend === 'unavailable') return html`${this.renderHeader()}${this.renderUnavailable()}`;
    if (backend === 'none') {
      return html`${this.renderHeader()}
        <p class="notice">
          ${msg('Reminder settings aren’t set up on this page.', {id: 'reminders-no-backend'})}
        </p>`;
    }
    const session = this.sessionState.status;
    if (backend === 'loading' || session === 'unknown') {
      return html`${this.renderHeader()}
        <p class="notice" role="status">${msg('Loading…', {id: 'reminders-loading'})}</p>`;
    }
    if (session !== 'signed-in') {
      return html`${this.renderHeader()}
        <p class="notice">
          ${msg('Please sign in to choose how the clinic reminds you of your appointments.', {
            id: 'reminders-sign-in',
          })}
        </p>`;
    }
    if (this.loadError !== undefined) {
      return html`${this.renderHeader()}
        <div class="notice error" role="alert">
          <p>${errorMessage(this.loadError)}</p>
          <button type="button" part="button" @click=${() => void this.load()}>
            ${msg('Try again', {id: 'reminders-retry'})}
          </button>
        </div>`;
    }
    if (!this.loaded) {
      return html`${this.renderHeader()}
        <p class="notice" role="status">
          ${msg('Loading your reminder preferences…', {id: 'reminders-loading-prefs'})}
        </p>`;
    }
    return html`${this.renderHeader()} ${this.renderSessionWarning()} ${this.renderLoaded()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reminder-prefs': ReminderPrefs;
  }
  interface HTMLElementEventMap {
    'portal-reminders-saved': PortalRemindersSavedEvent;
  }
}
