import {css, html, nothing, type PropertyValues} from 'lit';
import {property, state} from 'lit/decorators.js';
import {live} from 'lit/directives/live.js';
import {msg, str} from '@lit/localize';
import type {PlainDate} from '../../domain/types.js';
import {announce} from '../../controllers/announcer.js';
import {FormField} from './form-field.js';
import {fieldErrorMessage} from '../../localization/error-messages.js';
import {
  dateFieldOrder,
  dateFormatHint,
  parsePlainDate,
  validateDateOfBirth,
  type DateField,
  type DateOfBirthError,
} from '../../localization/format.js';
import {currentLocale} from '../../localization/localization.js';
import {elementStyles, tokens} from '../../styles/tokens.js';

type Parts = Readonly<Record<DateField, string>>;
type Reason = DateOfBirthError | 'too-long' | '';

const EMPTY: Parts = {day: '', month: '', year: ''};
const MAX_LENGTH: Readonly<Record<DateField, number>> = {day: 2, month: 2, year: 4};
const FIELDS: readonly DateField[] = ['day', 'month', 'year'];

/** Today on the device as a calendar date, for when the host gives no `today` (no midnight `Date`). */
function deviceToday(): PlainDate {
  const now = new Date();
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p2(now.getMonth() + 1)}-${p2(now.getDate())}` as PlainDate;
}

/** A whole date pasted into one field: `1990-05-01`, or three numbers in the locale's order. */
function splitPastedDate(text: string, order: readonly DateField[]): Parts | undefined {
  const t = text.trim();
  if (t.length > 20) return undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return {year: iso[1]!, month: iso[2]!, day: iso[3]!};
  const groups = /^(\d{1,4})[/.\-\s]+(\d{1,4})[/.\-\s]+(\d{1,4})$/.exec(t);
  if (!groups || order.length !== 3) return undefined;
  const parts: Record<DateField, string> = {day: '', month: '', year: ''};
  order.forEach((field, i) => (parts[field] = groups[i + 1]!));
  return FIELDS.every((f) => parts[f].length <= MAX_LENGTH[f]) ? parts : undefined;
}

/**
 * A date of birth typed as day, month and year, in the order of the page's locale (es:
 * day/month/year, en-US: month/day/year, en-CA: year/month/day), with the format shown. Its value
 * is a plain date `YYYY-MM-DD` — never a `Date` at midnight, so it is the same day in every time
 * zone.
 *
 * Checked when the patient leaves the group and on `checkValidity()`/`reportValidity()`: a date
 * that does not exist (31/02), a date after `today` (the server's date) and one more than 130 years
 * ago are refused, each with its localized message under the fields. A whole date pasted into one
 * field (`1990-05-01`, or `01/05/1990` in the locale's order) is spread over the three.
 *
 * Form-associated: inside a `<form>` it submits the plain date under its `name`, blocks
 * submission while invalid (with `required`, also while empty), follows `form.reset()` and a
 * disabled `<fieldset>`. Fires `input` (composed) whenever a field changes and `change` when a
 * committed edit changes the value, like a native date control. Setting `value` to the value it
 * already has does nothing (a host binding `.value` back does not erase a half-typed date);
 * `clear()` empties the fields.
 *
 * @summary A labelled date-of-birth entry (day, month, year) with a plain-date value and validation.
 * @csspart group - The `<fieldset>` around the three fields.
 * @csspart label - The visible label (the group's legend).
 * @csspart format - The format hint ("DD/MM/YYYY").
 * @csspart hint - The optional hint (the `hint` property).
 * @csspart field-label - The "Day", "Month" and "Year" labels.
 * @csspart input - Each of the three fields.
 * @csspart day - The day field.
 * @csspart month - The month field.
 * @csspart year - The year field.
 * @csspart error - The validation message under the fields.
 * @cssprop --portal-color-border - Border of the fields.
 * @cssprop --portal-color-danger - Colour of the message and of invalid fields' borders.
 * @cssprop --portal-color-text-muted - Colour of the hints.
 * @fires {Event} input - When any of the three fields changes (composed).
 * @fires {Event} change - When a committed edit changes the value (composed).
 * @tagname portal-date-input
 */
export class DateInput extends FormField {
  static override styles = [
    tokens,
    elementStyles,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        padding: 0;
        font-weight: 600;
      }
      .hint {
        margin: 0 0 0.375rem;
        color: var(--_muted);
      }
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
      }
      .part {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      input {
        font: inherit;
        color: var(--_text);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        min-height: 2.75rem;
        padding: 0.5rem 0.75rem;
        width: 4.5rem;
        font-variant-numeric: tabular-nums;
      }
      input.year {
        width: 6.25rem;
      }
      input[aria-invalid='true'] {
        border: 2px solid var(--_danger);
      }
      input:disabled {
        opacity: 0.6;
        cursor: not-allowed;
      }
    `,
  ];

  /** The value when `change` was last fired (or set from outside). */
  private committedValue = '';

  @state() private parts: Parts = EMPTY;
  @state() private reason: Reason = '';
  /** A paste refused as too long: shown until the next edit. */
  @state() private refusedPaste = false;

  /**
   * Today's date on the server (`YYYY-MM-DD`): later dates are refused. Without it, the device's
   * date is used — pass the server's, since a device clock can be wrong.
   */
  @property() today = '';

  /** `bday` (the fields use bday-day, bday-month, bday-year) or `off`. */
  @property() autocomplete: 'bday' | 'off' = 'bday';

  /**
   * Any real date, past or future (a list's "from"/"to" filter), not a date of birth: no limits
   * but the calendar's, autofill off. Empty stays allowed unless `required`.
   */
  @property({type: Boolean, attribute: 'any-date'}) anyDate = false;

  /**
   * The date as `YYYY-MM-DD`, or `''` while the fields are empty or not a valid date of birth.
   * Set it to show a date; the `value` attribute is also what `form.reset()` returns to.
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
    if (changed.has('required') || changed.has('today') || changed.has('anyDate')) this.evaluate();
  }

  private onFieldInput(e: Event) {
    e.stopPropagation();
    const input = e.target as HTMLInputElement;
    const field = input.dataset['field'] as DateField;
    // maxlength stops typing; this also caps a value set by script.
    this.parts = {...this.parts, [field]: input.value.slice(0, MAX_LENGTH[field])};
    this.edited();
  }

  private onFieldChange(e: Event) {
    e.stopPropagation();
    this.commit();
  }

  private onPaste(e: ClipboardEvent) {
    const input = e.target as HTMLInputElement;
    const field = input.dataset['field'] as DateField;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const whole = splitPastedDate(text, dateFieldOrder(currentLocale()));
    if (whole) {
      e.preventDefault();
      this.parts = whole;
      this.edited();
      this.commit();
      return;
    }
    const selected = (input.selectionEnd ?? 0) - (input.selectionStart ?? 0);
    if (input.value.length - selected + text.length > MAX_LENGTH[field]) {
      // Refused rather than silently cut: the patient is told and nothing they typed changes.
      e.preventDefault();
      this.refusedPaste = true;
      this.evaluate();
      this.reveal();
    }
  }

  /** Focus left the group (not just moved between its fields). */
  private onFocusOut(e: FocusEvent) {
    const to = e.relatedTarget;
    if (to instanceof Node && this.renderRoot.contains(to)) return;
    if (this.dirty || this.refusedPaste) this.reveal();
  }

  private edited() {
    this.dirty = true;
    this.refusedPaste = false;
    const wasValid = this.reason === '';
    this.evaluate();
    if (this.reason === '' && !wasValid) this.showError = false;
    this.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  }

  private commit() {
    if (this.currentValue === this.committedValue) return;
    this.committedValue = this.currentValue;
    this.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
  }

  private get disabledNow(): boolean {
    return this.disabled || this.formDisabled;
  }

  private get todayDate(): PlainDate {
    return parsePlainDate(this.today) ?? deviceToday();
  }

  /** The fields are checked again before validity is asked for. */
  protected override checkNow(): void {
    this.evaluate();
  }

  protected show(v: string) {
    const date = parsePlainDate(v);
    const [year = '', month = '', day = ''] = date ? date.split('-') : [];
    this.parts = {day, month, year};
    this.refusedPaste = false;
    this.evaluate();
    // A real date that is no valid date of birth (in the future…) is shown and checked; value stays ''.
    this.committedValue = this.currentValue;
  }

  private evaluate() {
    const {day, month, year} = this.parts;
    let reason: Reason;
    let value = '';
    if (this.refusedPaste) reason = 'too-long';
    else if (!day.trim() && !month.trim() && !year.trim()) reason = this.required ? 'required' : '';
    else {
      const result = validateDateOfBirth(this.parts, this.todayDate, this.anyDate);
      if (result.ok) {
        value = result.date;
        reason = '';
      } else reason = result.reason;
    }
    this.reason = reason;
    if (value !== this.currentValue) {
      const old = this.currentValue;
      this.currentValue = value;
      this.requestUpdate('value', old);
    }
  }

  /** The fields the current problem is about (for aria-invalid and where the browser points). */
  private get invalidFields(): DateField[] {
    const {day, month, year} = this.parts;
    switch (this.reason) {
      case '':
        return [];
      case 'required': {
        const empty = FIELDS.filter((f) => !this.parts[f].trim());
        return empty.length ? empty : [...FIELDS];
      }
      case 'invalid-date': {
        const n = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s) : NaN);
        const bad: DateField[] = [];
        if (!(n(day) >= 1 && n(day) <= 31)) bad.push('day');
        if (!(n(month) >= 1 && n(month) <= 12)) bad.push('month');
        if (!(n(year) >= 1000)) bad.push('year');
        return bad.length ? bad : ['day', 'month'];
      }
      case 'date-too-old':
        return ['year'];
      default:
        return [...FIELDS];
    }
  }

  private reveal() {
    const wasShown = this.showError;
    this.showError = true;
    const message = this.message;
    if (message && !wasShown) announce(message);
  }

  private get message(): string {
    return this.showError && this.reason ? fieldErrorMessage(this.reason) : '';
  }

  protected syncInternals() {
    this.internals.setFormValue(this.currentValue, this.currentValue);
    const reason = this.reason;
    if (!reason) {
      this.internals.setValidity({});
      return;
    }
    const order = dateFieldOrder(currentLocale());
    const first = order.find((f) => this.invalidFields.includes(f)) ?? order[0] ?? 'day';
    const anchor = this.renderRoot.querySelector<HTMLInputElement>(`#${first}`) ?? undefined;
    const flags: ValidityStateFlags =
      reason === 'required'
        ? {valueMissing: true}
        : reason === 'too-long'
          ? {tooLong: true}
          : reason === 'date-in-future'
            ? {rangeOverflow: true}
            : reason === 'date-too-old'
              ? {rangeUnderflow: true}
              : {badInput: true};
    this.internals.setValidity(flags, fieldErrorMessage(reason), anchor);
  }

  /** Empties the three fields. */
  clear(): void {
    this.dirty = false;
    this.showError = false;
    this.show('');
  }

  /** Focuses the first field in the locale's order. */
  override focus(options?: FocusOptions): void {
    const first = dateFieldOrder(currentLocale())[0] ?? 'day';
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${first}`);
    if (input) input.focus(options);
    else super.focus(options);
  }

  private fieldLabel(field: DateField): string {
    switch (field) {
      case 'day':
        return msg('Day', {id: 'date-input-day'});
      case 'month':
        return msg('Month', {id: 'date-input-month'});
      case 'year':
        return msg('Year', {id: 'date-input-year'});
    }
  }

  private renderField(field: DateField, describedBy: string, invalid: readonly DateField[]) {
    const autocomplete = this.autocomplete === 'off' || this.anyDate ? 'off' : `bday-${field}`;
    return html`<div class="part">
      <label for=${field} part="field-label">${this.fieldLabel(field)}</label>
      <input
        id=${field}
        class=${field}
        part="input ${field}"
        data-field=${field}
        type="text"
        inputmode="numeric"
        maxlength=${MAX_LENGTH[field]}
        autocomplete=${autocomplete}
        spellcheck="false"
        .value=${live(this.parts[field])}
        ?required=${this.required}
        ?disabled=${this.disabledNow}
        aria-invalid=${this.message && invalid.includes(field) ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${this.onFieldInput}
        @change=${this.onFieldChange}
        @paste=${this.onPaste}
      />
    </div>`;
  }

  override render() {
    const locale = currentLocale();
    const order = dateFieldOrder(locale);
    const message = this.message;
    const invalid = this.invalidFields;
    const describedBy = ['format', this.hint ? 'hint' : '', message ? 'error' : ''].filter(Boolean).join(' ');
    const format = dateFormatHint(locale);
    return html`<fieldset part="group" @focusout=${this.onFocusOut}>
      <legend part="label">${this.label || msg('Date of birth', {id: 'date-input-label'})}</legend>
      <p id="format" class="hint" part="format">
        ${msg(str`Format: ${format}`, {
          id: 'date-input-format',
          desc: 'The order to type a date in, e.g. "Format: DD/MM/YYYY".',
        })}
      </p>
      ${this.hint ? html`<p id="hint" class="hint" part="hint">${this.hint}</p>` : nothing}
      <div class="fields">${order.map((field) => this.renderField(field, describedBy, invalid))}</div>
      <p id="error" class="field-error" part="error" ?hidden=${!message}>${message}</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-date-input': DateInput;
  }
}
