/**
 * The patient's postal address (issue #17, item 1: "address (country-aware fields)"), once: which
 * fields a country's address has, in the order its forms show them, which are required, and what
 * a postal code or a state looks like there — Mexico, the United States, Canada and Spain, where
 * the clinics are, and a plain form for anywhere else. The profile form shows the fields of the
 * country chosen; both backends check an address with {@link checkAddress} before storing it, so
 * they never disagree on what is kept. Texts are trimmed, inner runs of spaces made one, and at
 * most {@link ADDRESS_TEXT_MAX} characters.
 */
import type {FieldErrorCode} from '../errors.js';
import type {CountryCode} from '../types.js';

/** Every field an address may have (a country uses some of them). */
export const ADDRESS_FIELDS = [
  'line1',
  'line2',
  'neighborhood',
  'city',
  'region',
  'postalCode',
  'country',
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** A postal address: each field as the patient typed it (checked and normalized by {@link checkAddress}). */
export type PostalAddress = Readonly<Partial<Record<AddressField, string>>> & {readonly country: CountryCode};

/** The longest text of any field, in characters (code points). */
export const ADDRESS_TEXT_MAX = 200;

/** How one country's address is written. */
export interface AddressFormat {
  /** Its fields in the order its forms show them (`country` is always there, chosen first). */
  readonly fields: readonly AddressField[];
  readonly required: ReadonlySet<AddressField>;
  /** What a postal code looks like (after trimming and upper-casing); absent: any short text. */
  readonly postalCode?: RegExp;
  /** The region's codes (states, provinces), when the country's forms offer a list. */
  readonly regions?: readonly string[];
}

/** United States: the states, DC and the territories, as USPS abbreviates them. */
const US_STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM ' +
  'NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'
).split(' ');

/** Canada: the provinces and territories, as Canada Post abbreviates them. */
const CA_PROVINCES = 'AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ');

/** Mexico: the 32 federal entities, as the forms write them. */
const MX_STATES = [
  'Aguascalientes',
  'Baja California',
  'Baja California Sur',
  'Campeche',
  'Chiapas',
  'Chihuahua',
  'Ciudad de México',
  'Coahuila',
  'Colima',
  'Durango',
  'Estado de México',
  'Guanajuato',
  'Guerrero',
  'Hidalgo',
  'Jalisco',
  'Michoacán',
  'Morelos',
  'Nayarit',
  'Nuevo León',
  'Oaxaca',
  'Puebla',
  'Querétaro',
  'Quintana Roo',
  'San Luis Potosí',
  'Sinaloa',
  'Sonora',
  'Tabasco',
  'Tamaulipas',
  'Tlaxcala',
  'Veracruz',
  'Yucatán',
  'Zacatecas',
];

const formats: Readonly<Partial<Record<string, AddressFormat>>> = {
  // Calle y número, colonia, código postal (5 digits), municipio o alcaldía, estado.
  MX: {
    fields: ['country', 'line1', 'line2', 'neighborhood', 'postalCode', 'city', 'region'],
    required: new Set(['line1', 'neighborhood', 'postalCode', 'city', 'region']),
    postalCode: /^\d{5}$/,
    regions: MX_STATES,
  },
  // Street, apartment, city, state, ZIP or ZIP+4.
  US: {
    fields: ['country', 'line1', 'line2', 'city', 'region', 'postalCode'],
    required: new Set(['line1', 'city', 'region', 'postalCode']),
    postalCode: /^\d{5}(-\d{4})?$/,
    regions: US_STATES,
  },
  // Street, unit, city, province, postal code A1A 1A1 (the letters Canada Post uses).
  CA: {
    fields: ['country', 'line1', 'line2', 'city', 'region', 'postalCode'],
    required: new Set(['line1', 'city', 'region', 'postalCode']),
    postalCode: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
    regions: CA_PROVINCES,
  },
  // Calle, número y piso, código postal (5 digits, the first two the province: 01–52), municipio, provincia.
  ES: {
    fields: ['country', 'line1', 'line2', 'postalCode', 'city', 'region'],
    required: new Set(['line1', 'postalCode', 'city']),
    postalCode: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
  },
};

/** Anywhere else: two lines, city, region, postal code; the first line and the city required. */
const OTHER: AddressFormat = {
  fields: ['country', 'line1', 'line2', 'city', 'region', 'postalCode'],
  required: new Set(['line1', 'city']),
};

/** How an address is written in `country` (ISO 3166-1 alpha-2). */
export function addressFormat(country: string): AddressFormat {
  return formats[country.toUpperCase()] ?? OTHER;
}

const clean = (v: unknown): string =>
  typeof v === 'string' ? v.normalize('NFC').trim().replace(/\s+/g, ' ') : '';

/**
 * Checks an address from outside (a form, a request body): the reasons by field, or the address
 * normalized — its country's fields only, trimmed, a postal code upper-cased, a US or Canadian
 * region as its code. Never throws; a field of another country's form is dropped, not refused (a
 * form that changed country may still send it); a name that is no address field is `invalid`.
 */
export function checkAddress(
  input: unknown,
):
  | {readonly ok: true; readonly address: PostalAddress}
  | {readonly ok: false; readonly fields: Readonly<Record<string, FieldErrorCode>>} {
  const raw = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const country = clean(raw.country).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    return {ok: false, fields: {country: country === '' ? 'required' : 'invalid'}};
  const format = addressFormat(country);
  const fields: Record<string, FieldErrorCode> = {};
  for (const [k, v] of Object.entries(raw))
    if (v !== undefined && !(ADDRESS_FIELDS as readonly string[]).includes(k)) fields[k] = 'invalid';
  const out: Record<string, string> = {country};
  for (const name of format.fields) {
    if (name === 'country') continue;
    let value = clean(raw[name]);
    if (name === 'postalCode' || (name === 'region' && format.regions && country !== 'MX'))
      value = value.toUpperCase();
    if (value === '') {
      if (format.required.has(name)) fields[name] = 'required';
      continue;
    }
    if ([...value].length > ADDRESS_TEXT_MAX) fields[name] = 'too-long';
    else if (name === 'postalCode' && format.postalCode && !format.postalCode.test(value))
      fields[name] = 'invalid';
    else if (name === 'region' && format.regions && !format.regions.includes(value)) fields[name] = 'invalid';
    else
      out[name] =
        name === 'postalCode' && country === 'CA' ? value.replace(/^(...) ?(...)$/, '$1 $2') : value;
  }
  return Object.keys(fields).length > 0 ? {ok: false, fields} : {ok: true, address: out as PostalAddress};
}
