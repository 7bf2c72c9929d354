import {css, html, nothing, type PropertyValues} from 'lit';
import {property, query, state} from 'lit/decorators.js';
import {live} from 'lit/directives/live.js';
import {msg, str} from '@lit/localize';
import {
  countryOfE164,
  formatOnFile,
  knownCallingCode,
  loadPhoneTools,
  looksLikeE164,
  MAX_PHONE_INPUT_LENGTH,
  OTHER_COUNTRY,
  phoneCountries,
  phoneToolsIfLoaded,
  type PhoneErrorReason,
  type PhoneTools,
} from '../../domain/phone.js';
import type {CountryCode} from '../../domain/types.js';
import {announce} from '../../controllers/announcer.js';
import {FormField} from './form-field.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {currentLocale} from '../../localization/localization.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

/** Why the number is not valid now; `pending`: typed before the phone tools finished loading. */
type Reason = PhoneErrorReason | 'pending' | '';

const national = (e164: string) => formatOnFile(e164, 'national');

const regionNames = new Map<string, Intl.DisplayNames>();

/** The country's name in the page's language ("Mexico", "México"), or its code if unknown. */
function regionName(country: CountryCode, locale: string): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale, 'en'], {type: 'region', fallback: 'code'});
    regionNames.set(locale, names);
  }
  return names.of(country) ?? country;
}

/**
 * A mobile phone number: a country list and a number field, stored as E.164 (`+525512345678`).
 *
 * The country list offers the clinic's country first (`default-country`), then Mexico, the US,
 * Canada and Spain, and "Other country", where the patient types `+` and the country code. What
 * the patient types is read with libphonenumber-js, loaded on first focus or input (not when the
 * page renders): spaces, dashes, dots and brackets are fine, Mexico's old 044/045/01 and `+52 1`
 * prefixes are normalised, and landlines are refused where they can be told apart (see
 * `domain/phone.ts`). The field is checked when the patient leaves it and on
 * `checkValidity()`/`reportValidity()`; the localized message appears under the field.
 *
 * Form-associated: inside a `<form>` it submits its E.164 value under its `name`, blocks submission
 * while invalid (with `required`, also while empty), follows `form.reset()` and a disabled
 * `<fieldset>`. Like a native control it fires `input` and `change`, composed, from the element.
 * A host that binds `.value` back from those events does not disturb what the patient is typing:
 * setting `value` to the value it already has does nothing; `clear()` empties the field.
 *
 * @summary A labelled mobile phone field with a country list, E.164 value and validation.
 * @csspart field - The wrapper of everything.
 * @csspart country-label - The visible "Country" label.
 * @csspart country - The country `<select>`.
 * @csspart label - The visible label of the number field.
 * @csspart input - The number `<input type="tel">`.
 * @csspart hint - The hint under the field (the `hint` property, or how to type another country).
 * @csspart error - The validation message under the field.
 * @cssprop --portal-color-border - Border of the select and the field.
 * @cssprop --portal-color-danger - Colour of the message and the border of an invalid field.
 * @cssprop --portal-color-text-muted - Colour of the hint.
 * @fires {Event} input - When the number or the country changes (composed, like a native control's).
 * @fires {Event} change - When the patient commits a change (leaves the field, picks a country).
 * @tagname portal-phone-input
 */
export class PhoneInput extends FormField {
  static override styles = [
    tokens,
    elementStyles,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: flex-end;
      }
      .country,
      .number {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        min-width: 0;
      }
      .country {
        flex: 0 1 13rem;
      }
      .number {
        flex: 1 1 12rem;
        max-width: 22rem;
      }
      label {
        font-weight: 600;
      }
      select,
      input {
        font: inherit;
        color: var(--_text);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        min-height: 2.75rem;
        padding: 0.5rem 0.75rem;
        width: 100%;
        max-width: 100%;
      }
      input[aria-invalid='true'] {
        border: 2px solid var(--_danger);
      }
      select:disabled,
      input:disabled {
        opacity: 0.6;
        cursor: not-allowed;
      }
      .hint {
        margin: 0.375rem 0 0;
        color: var(--_muted);
      }
    `,
  ];

  private tools?: PhoneTools = phoneToolsIfLoaded();
  /** A `change` is owed to the host once the pending number has been read. */
  private changeOwed = false;
  private loadingTools = false;

  @query('#number') private numberInput?: HTMLInputElement;

  @state() private text = '';
  /** The country chosen; empty: the default country. */
  @state() private chosenCountry: CountryCode = '';
  @state() private reason: Reason = '';

  /** The country selected at first: the clinic's (ISO 3166-1 alpha-2). */
  @property({attribute: 'default-country'}) defaultCountry: CountryCode = 'MX';

  /** Longest text accepted (at most 32); longer text is refused with a message. */
  @property({type: Number}) maxlength = MAX_PHONE_INPUT_LENGTH;

  /** Accept landlines where they can be told from mobiles (for voice-only use). */
  @property({type: Boolean, attribute: 'allow-landline'}) allowLandline = false;

  /** The number field's `autocomplete` token (`tel-national`; `tel` when "Other country" is chosen). */
  @property() autocomplete = 'tel-national';

  /**
   * The number in E.164 (`+525512345678`), or `''` while the field is empty or not a valid number.
   * Set it to show a number; the `value` attribute is also what `form.reset()` returns to.
   */
  @property()
  get value(): string {
    return this.currentValue;
  }
  set value(next: string) {
    const v = typeof next === 'string' ? next.trim() : '';
    if (v === this.currentValue) return;
    this.dirty = false;
    this.showError = false;
    this.show(v);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const rules =
      changed.has('required') ||
      changed.has('allowLandline') ||
      changed.has('maxlength') ||
      changed.has('defaultCountry');
    // A number set from outside is kept as it is until the tools can read it.
    if (rules && (this.text.trim() === '' || this.dirty || this.tools)) this.evaluate();
  }

  private onFocusIn() {
    this.ensureTools();
  }

  /** Focus left the element (not just moved between the country list and the number). */
  private onFocusOut(e: FocusEvent) {
    const to = e.relatedTarget;
    if (to instanceof Node && this.renderRoot.contains(to)) return;
    this.leave();
  }

  private onNumberInput(e: Event) {
    e.stopPropagation();
    const input = e.target as HTMLInputElement;
    this.text = input.value;
    this.dirty = true;
    this.ensureTools();
    const wasValid = this.reason === '';
    this.evaluate();
    if (this.reason === 'too-long') this.reveal();
    else if (this.reason === '' && !wasValid) this.showError = false;
    this.emit('input');
  }

  private onNumberChange(e: Event) {
    e.stopPropagation();
    if (this.reason === 'pending') this.changeOwed = true;
    else this.emit('change');
  }

  private onCountryChange(e: Event) {
    e.stopPropagation();
    this.chosenCountry = (e.target as HTMLSelectElement).value;
    this.ensureTools();
    this.evaluate();
    if (this.reason === '') this.showError = false;
    this.emit('input');
    if (this.reason === 'pending') this.changeOwed = true;
    else this.emit('change');
  }

  private stop(e: Event) {
    e.stopPropagation();
  }

  private get country(): CountryCode {
    if (this.chosenCountry) return this.chosenCountry;
    return this.countries[0] ?? 'MX';
  }

  private get countries(): CountryCode[] {
    return phoneCountries(this.defaultCountry);
  }

  private get cap(): number {
    const n = Math.floor(this.maxlength);
    return n > 0 ? Math.min(n, MAX_PHONE_INPUT_LENGTH) : MAX_PHONE_INPUT_LENGTH;
  }

  private get disabledNow(): boolean {
    return this.disabled || this.formDisabled;
  }

  private emit(type: 'input' | 'change') {
    if (type === 'input') this.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
    else this.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
  }

  /** Loads libphonenumber on first use; re-reads what was typed meanwhile. */
  private ensureTools() {
    if (this.tools || this.loadingTools) return;
    this.loadingTools = true;
    void loadPhoneTools().then(
      (tools) => {
        this.loadingTools = false;
        this.tools ??= tools;
        const before = this.currentValue;
        const wasPending = this.reason === 'pending';
        if (wasPending) {
          this.evaluate();
          // The patient left the field before it could be read: tidy it now, as leaving would have.
          if (this.showError && !this.matches(':focus-within')) this.tidy();
        } else if (!this.dirty && before && this.text === before) this.show(before);
        else this.requestUpdate();
        if (this.currentValue !== before) this.emit('input');
        if (this.changeOwed) {
          this.changeOwed = false;
          if (this.currentValue !== before) this.emit('change');
        }
        // The patient left the field before it could be checked: the message appears now.
        const message = this.message;
        if (wasPending && message) announce(message);
      },
      () => {
        // Offline: the number stays unchecked (and invalid) until the next focus retries.
        this.loadingTools = false;
      },
    );
  }

  /** Shows a number set from outside (or the reset value). */
  /** `form.reset()`: the country returns to the default too. */
  override formResetCallback(): void {
    this.chosenCountry = '';
    super.formResetCallback();
  }

  protected show(v: string) {
    const old = this.currentValue;
    this.changeOwed = false;
    this.apply(v);
    if (this.currentValue !== old) this.requestUpdate('value', old);
  }

  private apply(v: string) {
    this.tools ??= phoneToolsIfLoaded();
    if (v === '') {
      this.text = '';
      this.currentValue = '';
      this.reason = this.required ? 'required' : '';
      return;
    }
    if (looksLikeE164(v)) {
      const tools = this.tools;
      const offered = this.countries;
      const known = countryOfE164(v, this.country);
      const country = known && offered.includes(known) ? known : OTHER_COUNTRY;
      const check = tools?.normalize(v, OTHER_COUNTRY, {allowLandline: this.allowLandline});
      if (!check || check.ok) {
        this.chosenCountry = check?.ok && offered.includes(check.country) ? check.country : country;
        this.currentValue = check?.ok ? check.e164 : v;
        const other = this.chosenCountry === OTHER_COUNTRY;
        this.text =
          tools && check?.ok
            ? tools.format(check.e164, other ? 'international' : 'national')
            : other
              ? v
              : national(v);
        this.reason = '';
        return;
      }
    }
    // Not E.164: read it like typed text.
    this.text = v.slice(0, MAX_PHONE_INPUT_LENGTH + 1);
    this.ensureTools();
    this.evaluate();
  }

  /** Reads the text with the country chosen and updates value and reason (no message shown). */
  private evaluate() {
    this.tools ??= phoneToolsIfLoaded();
    const text = this.text;
    let value = '';
    let reason: Reason;
    if (text.length > this.cap) reason = 'too-long';
    else if (text.trim() === '') reason = this.required ? 'required' : '';
    else if (!this.tools) reason = 'pending';
    else {
      const result = this.tools.normalize(text, this.country, {allowLandline: this.allowLandline});
      if (result.ok) {
        value = result.e164;
        reason = '';
      } else {
        reason = result.reason === 'required' && !this.required ? '' : result.reason;
      }
    }
    this.reason = reason;
    if (value !== this.currentValue) {
      const old = this.currentValue;
      this.currentValue = value;
      this.requestUpdate('value', old);
    }
  }

  /** The patient left the field: tidy a valid number, show a message for an invalid one. */
  private leave() {
    if (!this.dirty) return;
    this.tidy();
    this.reveal();
  }

  /** A valid number shown in its country's format, with that country chosen. */
  private tidy() {
    if (this.reason !== '' || !this.currentValue || !this.tools) return;
    const result = this.tools.normalize(this.text, this.country, {allowLandline: this.allowLandline});
    if (!result.ok) return;
    const offered = this.countries.includes(result.country);
    this.chosenCountry = offered ? result.country : OTHER_COUNTRY;
    this.text = offered ? result.national : this.tools.format(result.e164, 'international');
  }

  /** Shows the current message, announcing it once when it appears. */
  private reveal() {
    const wasShown = this.showError;
    this.showError = true;
    const message = this.message;
    if (message && !wasShown) announce(message);
  }

  private get message(): string {
    const r = this.reason;
    return !this.showError || r === '' || r === 'pending' ? '' : fieldErrorMessage(r);
  }

  protected syncInternals() {
    const r = this.reason;
    this.internals.setFormValue(this.currentValue, this.currentValue);
    if (r === '') {
      this.internals.setValidity({});
      return;
    }
    const code = r === 'pending' ? 'invalid-phone' : r;
    const flags: ValidityStateFlags =
      r === 'required' ? {valueMissing: true} : r === 'too-long' ? {tooLong: true} : {typeMismatch: true};
    this.internals.setValidity(flags, fieldErrorMessage(code), this.numberInput);
  }

  /** Empties the field (the country returns to the default). */
  clear(): void {
    this.chosenCountry = '';
    this.dirty = false;
    this.showError = false;
    this.show('');
  }

  /** Focuses the number field. */
  override focus(options?: FocusOptions): void {
    if (this.numberInput) this.numberInput.focus(options);
    else super.focus(options);
  }

  private countryLabel(country: CountryCode, locale: string): string {
    const name = regionName(country, locale);
    const code = knownCallingCode(country) ?? this.tools?.callingCode(country);
    return code
      ? msg(str`${name} (+${code})`, {
          id: 'phone-country-option',
          desc: 'A country in the phone country list, with its calling code: "Mexico (+52)".',
        })
      : name;
  }

  override render() {
    const locale = currentLocale();
    const country = this.country;
    const countries = this.countries;
    const other = country === OTHER_COUNTRY;
    const message = this.message;
    const describedBy = [this.hint ? 'hint' : '', other ? 'other-hint' : '', message ? 'error' : '']
      .filter(Boolean)
      .join(' ');
    const autocomplete = other && this.autocomplete === 'tel-national' ? 'tel' : this.autocomplete;
    return html`<div class="field" part="field" @focusin=${this.onFocusIn} @focusout=${this.onFocusOut}>
      <div class="row">
        <div class="country">
          <label for="country" part="country-label">${msg('Country', {id: 'phone-country-label'})}</label>
          <select
            id="country"
            part="country"
            .value=${live(country)}
            ?disabled=${this.disabledNow}
            @input=${this.stop}
            @change=${this.onCountryChange}
          >
            ${countries.map(
              (c) =>
                html`<option value=${c} .selected=${live(c === country)}>
                  ${this.countryLabel(c, locale)}
                </option>`,
            )}
            <option value=${OTHER_COUNTRY} .selected=${live(other)}>
              ${msg('Other country', {id: 'phone-country-other'})}
            </option>
          </select>
        </div>
        <div class="number">
          <label for="number" part="label">${this.label || msg('Mobile phone', {id: 'phone-label'})}</label>
          <input
            id="number"
            part="input"
            type="tel"
            inputmode="tel"
            spellcheck="false"
            autocomplete=${autocomplete}
            .value=${live(this.text)}
            ?required=${this.required}
            ?disabled=${this.disabledNow}
            aria-invalid=${message ? 'true' : 'false'}
            aria-describedby=${describedBy || nothing}
            @input=${this.onNumberInput}
            @change=${this.onNumberChange}
          />
        </div>
      </div>
      ${this.hint ? html`<p id="hint" class="hint" part="hint">${this.hint}</p>` : nothing}
      ${
        other
          ? html`<p id="other-hint" class="hint" part="hint">
              ${msg('Start with + and the country code, for example +44 7911 123456.', {
                id: 'phone-other-hint',
              })}
            </p>`
          : nothing
      }
      <p id="error" class="field-error" part="error" ?hidden=${!message}>${message}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-phone-input': PhoneInput;
  }
}
