/**
 * The form-associated base of the project's own fields (`<portal-phone-input>`,
 * `<portal-date-input>`): what makes a custom element a form control — its value submitted under
 * `name`, `required` and `disabled` (also from an enclosing `<fieldset>`), `form.reset()`, restored
 * form state, constraint validation through `ElementInternals` (`checkValidity()`,
 * `reportValidity()`, `validity`, `validationMessage`), the message shown once the browser or a
 * submit says the field is invalid — and the page's locale and live region they follow. Each field
 * says how a value is shown (`show`) and checked (`syncInternals`).
 */
import {LitElement} from 'lit';
import {property, state} from 'lit/decorators.js';
import {ensureAnnouncer} from '../../controllers/announcer.js';
import {followDocumentLang, onLocaleChange} from '../../localization/localization.js';

export abstract class FormField extends LitElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = {...LitElement.shadowRootOptions, delegatesFocus: true};

  protected readonly internals: ElementInternals = this.attachInternals();
  private unsubscribeLocale?: () => void;
  protected currentValue = '';
  /** The patient typed in this field since it was last empty or reset. */
  protected dirty = false;

  /** Whether the message is shown (after leaving the field, a submit, or reportValidity()). */
  @state() protected showError = false;
  @state() protected formDisabled = false;

  /** The visible label (each field has its own default). */
  @property() label = '';

  /** Help shown under the label. */
  @property() hint = '';

  /** The name the value is submitted under in a form. */
  @property({reflect: true}) name = '';

  /** The patient must fill it in. */
  @property({type: Boolean, reflect: true}) required = false;

  /** Disables the field (a disabled `<fieldset>` around the element does too). */
  @property({type: Boolean, reflect: true}) disabled = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // The page's one live region must exist before a message is put in it.
    ensureAnnouncer();
    followDocumentLang();
    this.unsubscribeLocale = onLocaleChange(() => this.requestUpdate());
    this.addEventListener('invalid', this.onInvalid);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeLocale?.();
    this.removeEventListener('invalid', this.onInvalid);
  }

  protected override updated(): void {
    this.syncInternals();
  }

  /** Called by the browser on `form.reset()`: back to the `value` attribute (usually empty). */
  formResetCallback(): void {
    this.dirty = false;
    this.showError = false;
    this.show(this.getAttribute('value')?.trim() ?? '');
  }

  /** Called by the browser when the element or an enclosing `<fieldset>` is disabled or enabled. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** Called by the browser when it restores a form (back/forward navigation, autofill). */
  formStateRestoreCallback(stateValue: string | File | FormData | null): void {
    if (typeof stateValue === 'string') this.value = stateValue;
  }

  private readonly onInvalid = () => {
    this.showError = true;
  };

  /** The form this field belongs to, if any. */
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

  /** Whether the value is valid (fires `invalid` and shows the message if not). */
  checkValidity(): boolean {
    this.checkNow();
    this.syncInternals();
    return this.internals.checkValidity();
  }

  /** Like `checkValidity()`, and the browser points the patient at the field to fix. */
  reportValidity(): boolean {
    this.checkNow();
    this.syncInternals();
    this.showError = true;
    return this.internals.reportValidity();
  }

  /** Shows `value` (already trimmed) in the field, as set from outside. */
  protected abstract show(value: string): void;

  /** The value submitted with the form (each field documents its format). */
  abstract value: string;

  /** Tells the form the value and its validity (`setFormValue`, `setValidity`). */
  protected abstract syncInternals(): void;

  /** Checks the value again before validity is asked for (a field that checks as it goes: nothing). */
  protected checkNow(): void {}
}
