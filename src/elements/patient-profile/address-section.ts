/**
 * `<patient-profile>`'s "Postal address" section (#17, item 1: "address (country-aware fields)"):
 * the country first, then that country's fields in the order its forms show them — Mexico's calle
 * y número, interior, colonia, código postal, municipio o alcaldía and estado; a US street, city,
 * state and ZIP code; a Canadian province and A1A 1A1; a Spanish piso y puerta, código postal,
 * municipio and provincia; a plain form elsewhere. Which fields a country has, which are required
 * and what a postal code looks like are the domain's (`domain/rules/address.ts`): the form checks
 * with the same rule before sending, and the backend checks again. Changing the country keeps
 * what she typed in the fields both forms have. A controller of the profile element, like the
 * other sections; it saves through `updateProfile({address})` and hands the saved profile back.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import {repeat} from 'lit/directives/repeat.js';
import {isAbortError, ValidationError, type FieldErrorCode, type Profile} from '../../adapters/adapter.js';
import {
  addressFormat,
  checkAddress,
  type AddressField,
  type PostalAddress,
} from '../../domain/rules/address.js';
import {fieldErrorMessage as fieldErrorText} from '../../localization/error-messages.js';
import {ProfileSection, type SectionHost} from './profile-section.js';

/**
 * The countries a patient may live in (ISO 3166-1 alpha-2, inhabited): named in her language by
 * `Intl.DisplayNames`, so no list of names ships.
 */
const COUNTRIES = (
  'AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT ' +
  'BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ' +
  'ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ' +
  'ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS ' +
  'LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG ' +
  'NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD ' +
  'SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** US states and territories, and Canada's provinces and territories: their names by postal code. */
const REGION_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    'AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|' +
    'DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|' +
    'KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|' +
    'MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|' +
    'NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|' +
    'PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|' +
    'VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|AS American Samoa|' +
    'GU Guam|MP Northern Mariana Islands|PR Puerto Rico|VI U.S. Virgin Islands'
  )
    .split('|')
    .map((x) => [x.slice(0, 2), x.slice(3)]),
);
const CA_REGION_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    'AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|' +
    'NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|' +
    'SK Saskatchewan|YT Yukon'
  )
    .split('|')
    .map((x) => [x.slice(0, 2), x.slice(3)]),
);

const AUTOCOMPLETE: Readonly<Record<AddressField, string>> = {
  country: 'country',
  line1: 'address-line1',
  line2: 'address-line2',
  neighborhood: 'address-level3',
  city: 'address-level2',
  region: 'address-level1',
  postalCode: 'postal-code',
};

/** The profile element's side of the section. */
export interface AddressHost extends SectionHost {
  /** Her profile as last read or saved. */
  profile(): Profile | undefined;
  /** The clinic's country: a new address starts there. */
  clinicCountry(): string;
  /** The page's language, for the countries' names. */
  locale(): string;
  /** A change was saved: the profile after it. */
  saved(profile: Profile): void;
}

export class AddressSection extends ProfileSection {
  /** The country chosen in the form, when she changed it (else her address's, else the clinic's). */
  private country?: string;

  constructor(protected override readonly host: AddressHost) {
    super(host);
  }

  /** Forgets everything about the patient (sign-out). */
  clear(): void {
    this.country = undefined;
    this.reset();
  }

  /** The address is part of the profile: nothing of its own to read. */
  async load(): Promise<void> {}

  private get chosen(): string {
    return this.country ?? this.host.profile()?.address?.country ?? this.host.clinicCountry();
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private async change(address: PostalAddress | null, done: string) {
    const adapter = this.host.adapter();
    if (!adapter?.updateProfile || this.busy) return;
    this.reset();
    this.busy = true;
    this.host.requestUpdate();
    try {
      const profile = await adapter.updateProfile({address}, {signal: this.host.signal()});
      this.busy = false;
      this.country = undefined;
      this.done = done;
      this.host.saved(profile);
      this.host.announce(done);
      this.host.requestUpdate();
    } catch (err) {
      if (isAbortError(err)) return;
      this.busy = false;
      if (err instanceof ValidationError) this.errors = unprefixed(err.fields);
      else this.error = err;
      this.host.report(err, 'updateProfile');
      void this.focus('[data-summary=address]');
    }
  }

  private save(e: Event) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const typed: Record<string, string> = {};
    for (const [k, v] of data) typed[k] = String(v);
    // The domain's own check first: the same reasons the backend would answer, no round trip.
    const checked = checkAddress(typed);
    if (!checked.ok) {
      this.reset();
      this.errors = checked.fields;
      this.host.requestUpdate();
      return void this.focus('[data-summary=address]');
    }
    void this.change(checked.address, msg('Your address is saved.', {id: 'address-saved'}));
  }

  private remove() {
    void this.change(null, msg('Your address is removed.', {id: 'address-removed'}));
  }

  private readonly pick = (e: Event) => {
    this.country = (e.target as HTMLSelectElement).value;
    this.errors = {};
    this.host.requestUpdate();
  };

  // ------------------------------------------------------------------------------------------
  // Text

  /** A field's label in the chosen country's words. */
  private label(field: string, country = this.chosen): string {
    switch (field) {
      case 'country':
        return msg('Country', {id: 'address-country'});
      case 'line1':
        return country === 'MX' || country === 'ES'
          ? msg('Street and number', {id: 'address-street-number'})
          : msg('Street address', {id: 'address-street'});
      case 'line2':
        return country === 'MX'
          ? msg('Interior number', {id: 'address-interior'})
          : country === 'ES'
            ? msg('Floor and door', {id: 'address-floor-door'})
            : msg('Apartment, suite or unit', {id: 'address-unit'});
      case 'neighborhood':
        return msg('Neighborhood (colonia)', {id: 'address-colonia'});
      case 'city':
        return country === 'MX'
          ? msg('Municipality or borough', {id: 'address-municipio-alcaldia'})
          : country === 'ES'
            ? msg('Town or city', {id: 'address-municipio'})
            : msg('City', {id: 'address-city'});
      case 'region':
        return country === 'MX' || country === 'US'
          ? msg('State', {id: 'address-state'})
          : country === 'CA'
            ? msg('Province or territory', {id: 'address-province-territory'})
            : country === 'ES'
              ? msg('Province', {id: 'address-province'})
              : msg('State, province or region', {id: 'address-region'});
      case 'postalCode':
        return country === 'US'
          ? msg('ZIP code', {id: 'address-zip'})
          : msg('Postal code', {id: 'address-postal-code'});
      default:
        return msg('Address', {id: 'address-other'});
    }
  }

  private errorText(field: string, code: FieldErrorCode): string {
    if (code === 'invalid' && field === 'postalCode') {
      switch (this.chosen) {
        case 'MX':
        case 'ES':
          return msg('Enter the 5-digit postal code.', {id: 'address-postal-5'});
        case 'US':
          return msg('Enter a 5-digit ZIP code (or ZIP+4, like 78701-1234).', {id: 'address-zip-invalid'});
        case 'CA':
          return msg('Enter a postal code like K1A 0B1.', {id: 'address-postal-ca'});
      }
    }
    return fieldErrorText(code);
  }

  private countryName = (code: string): string => {
    try {
      return new Intl.DisplayNames([this.host.locale()], {type: 'region'}).of(code) ?? code;
    } catch {
      return code;
    }
  };

  // ------------------------------------------------------------------------------------------
  // Rendering

  private renderField(field: AddressField, value: string, required: boolean): TemplateResult {
    const country = this.chosen;
    const id = `address-${field}`;
    const code = this.errors[field];
    const label = html`<label for=${id}
      >${this.label(field)}
      ${required ? nothing : html`<span class="muted">${msg('(optional)', {id: 'address-optional'})}</span>`}</label
    >`;
    const aria = {
      invalid: code ? 'true' : 'false',
      describedby: code ? `${id}-error` : nothing,
    };
    const error = code
      ? html`<p class="field-error" id=${`${id}-error`}>${this.errorText(field, code)}</p>`
      : nothing;
    const regions = field === 'region' ? addressFormat(country).regions : undefined;
    if (regions) {
      const names = country === 'CA' ? CA_REGION_NAMES : country === 'US' ? REGION_NAMES : undefined;
      return html`<div class="field">
        ${label}
        <select
          id=${id}
          name=${field}
          autocomplete=${AUTOCOMPLETE[field]}
          ?required=${required}
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedby}
        >
          <option value="" ?selected=${value === ''}>${msg('Choose…', {id: 'address-choose'})}</option>
          ${regions.map((r) => html`<option value=${r} ?selected=${r === value}>${names?.[r] ?? r}</option>`)}
        </select>
        ${error}
      </div>`;
    }
    const numeric = field === 'postalCode' && (country === 'MX' || country === 'ES' || country === 'US');
    return html`<div class="field">
      ${label}
      <input
        id=${id}
        name=${field}
        .defaultValue=${value}
        autocomplete=${AUTOCOMPLETE[field]}
        inputmode=${numeric ? 'numeric' : nothing}
        maxlength=${field === 'postalCode' ? 12 : 200}
        ?required=${required}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.describedby}
      />
      ${error}
    </div>`;
  }

  render(): TemplateResult {
    const profile = this.host.profile();
    const saved = profile?.address;
    const country = this.chosen;
    const format = addressFormat(country);
    // A country not in the list (an old record): still offered, so the form shows what is kept.
    const codes = COUNTRIES.includes(country) ? COUNTRIES : [...COUNTRIES, country];
    const collator = new Intl.Collator([this.host.locale()]);
    const countries = codes
      .map((c) => ({c, name: this.countryName(c)}))
      .sort((x, y) => collator.compare(x.name, y.name));
    return this.renderSection(
      {
        name: 'address',
        title: msg('Postal address', {id: 'address-title'}),
        intro: msg('Where the clinic can send you letters and receipts.', {id: 'address-intro'}),
        loading: '',
      },
      () =>
        html`<form @submit=${(e: Event) => this.save(e)} novalidate>
          <div class="field">
            <label for="address-country">${this.label('country')}</label>
            <select id="address-country" name="country" autocomplete="country" @change=${this.pick}>
              ${countries.map((x) => html`<option value=${x.c} ?selected=${x.c === country}>${x.name}</option>`)}
            </select>
          </div>
          ${repeat(
            format.fields.filter((f) => f !== 'country'),
            (f) => f,
            (f) =>
              this.renderField(
                f,
                saved && saved.country === country ? (saved[f] ?? '') : '',
                format.required.has(f),
              ),
          )}
          ${this.renderSummary(
            'address',
            this.errors,
            (f) => this.label(f),
            (f, code) => this.errorText(f, code),
          )}
          <div class="actions">
            <button class="primary" part="button save-button" ?disabled=${this.busy}>
              ${this.busy ? msg('Saving…', {id: 'address-saving'}) : msg('Save address', {id: 'address-save'})}
            </button>
            ${
              saved
                ? html`<button
                    type="button"
                    part="button"
                    ?disabled=${this.busy}
                    @click=${() => this.remove()}
                  >
                    ${msg('Remove address', {id: 'address-remove'})}
                  </button>`
                : nothing
            }
          </div>
        </form>`,
    );
  }
}

/** The backend's reasons are `address.<field>`: the form's fields are the field names alone. */
function unprefixed(fields: Readonly<Record<string, FieldErrorCode>>): Record<string, FieldErrorCode> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^address\./, ''), v]));
}
