/**
 * The patient's billing details (issue #20, item 1): whom her invoices are made out to — a legal
 * name and, where the clinic's country needs one, a tax id — checked once here for every backend.
 *
 * Which fields apply follows the country of the clinic's billing profile (the invoice is the
 * clinic's, issued under its country's rules):
 * - **Mexico** (CFDI 4.0 asks the receiver for name, RFC, postal code of the fiscal address and
 *   régimen fiscal): legal name; RFC optional (a patient who wants no factura gives none), and
 *   with an RFC the 5-digit postal code and a régimen from {@link TAX_REGIMES} are required; the
 *   régimen must be one the SAT allows for that kind of RFC (13 characters: a person; 12: a company;
 *   the generic XAXX010101000 / XEXX010101000: 616 "Sin obligaciones fiscales" only). The RFC is
 *   checked by `checkTaxId` (rules/billing.ts), as the clinic's own is. The CFDI's "uso" is not
 *   asked (the clinic decides it per invoice).
 * - **Spain**: legal name; NIF optional, checked by `checkTaxId` (DNI, NIE or CIF with its check
 *   letter or digit). No postal code or régimen.
 * - **Everywhere else** (the United States, Canada…): the legal name only; invoices there need no
 *   tax id of the patient, and one sent is refused.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {checkTaxId, TAX_ID_COUNTRIES, type BillTo} from './billing.js';

/** The SAT's régimen fiscal codes a patient may choose (c_RegimenFiscal, CFDI 4.0): a short list. */
export const TAX_REGIMES = ['605', '606', '612', '616', '621', '626', '601', '603'] as const;
export type TaxRegime = (typeof TAX_REGIMES)[number];

/** Régimenes for a person's RFC (13 characters) and for a company's (12). 626 (RESICO) is both. */
const PERSON_REGIMES: readonly string[] = ['605', '606', '612', '616', '621', '626'];
const COMPANY_REGIMES: readonly string[] = ['601', '603', '626'];

/** The longest legal name, in characters (CFDI's Nombre allows 254; 200 is plenty). */
export const LEGAL_NAME_MAX = 200;

/** What the patient keeps as her billing details, as stored (normalized). */
export interface BillingDetails {
  /** Her name or her company's, as the invoice must show it. */
  readonly legalName: string;
  /** RFC (Mexico) or NIF (Spain), upper case without spaces or dashes. */
  readonly taxId?: string;
  /** Mexico, with an RFC: the postal code of her fiscal address (5 digits). */
  readonly postalCode?: string;
  /** Mexico, with an RFC: her régimen fiscal (SAT code). */
  readonly taxRegime?: TaxRegime;
}

export type BillingDetailsField = keyof BillingDetails;

/** What `getBillingDetails` / `saveBillingDetails` answer: which fields apply, and hers (null: none yet). */
export interface BillingDetailsView {
  /** The clinic's country (ISO 3166-1 alpha-2): `MX` asks RFC, postal code and régimen; `ES` the NIF; others no tax id. */
  readonly country: string;
  /** The fields the form asks for ({@link billingDetailsFields}): the element shows these. */
  readonly fields: readonly BillingDetailsField[];
  /** The régimenes to choose from where `taxRegime` is asked ({@link TAX_REGIMES}). */
  readonly taxRegimes?: readonly TaxRegime[];
  readonly details: BillingDetails | null;
}

/** The view of `details` for a clinic in `country`. */
export function billingDetailsView(country: string, details: BillingDetails | null): BillingDetailsView {
  const fields = billingDetailsFields(country);
  return {country, fields, ...(fields.includes('taxRegime') ? {taxRegimes: TAX_REGIMES} : {}), details};
}

/**
 * What removing her billing details leaves (she no longer wants invoices in her tax details): none
 * kept — not an empty record —, so every invoice, its screen and its PDF, is made out to her name
 * as the portal knows it again ({@link billToOf} with none), and the same fields are offered to add
 * them back. Removing when there are none is the same answer (nothing to refuse).
 */
export function billingDetailsRemoved(country: string): BillingDetailsView {
  return billingDetailsView(country, null);
}

/** The fields the patient fills in for a clinic in `country`. */
export function billingDetailsFields(country: string): readonly BillingDetailsField[] {
  if (country === 'MX') return ['legalName', 'taxId', 'postalCode', 'taxRegime'];
  if (TAX_ID_COUNTRIES.includes(country)) return ['legalName', 'taxId'];
  return ['legalName'];
}

/** Control characters and lone surrogates are refused in the name. */
const BAD_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const GENERIC_RFC = /^X[AE]XX010101000$/;

/**
 * The billing details as stored, or `ValidationError` with a code per field (`required`,
 * `invalid`, `too-long`; a field the country does not ask for is `invalid`), so nothing is stored.
 */
export function checkBillingDetails(country: string, input: unknown): BillingDetails {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new ValidationError({details: 'invalid'});
  const given = input as Readonly<Record<string, unknown>>;
  const allowed = billingDetailsFields(country);
  const errors: Record<string, FieldErrorCode> = {};
  const text: Partial<Record<BillingDetailsField, string>> = {};
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
    if (!(allowed as readonly string[]).includes(k) || typeof v !== 'string' || v.length > 1000)
      errors[k] = 'invalid';
    else text[k as BillingDetailsField] = v.trim().normalize('NFC');
  }
  const name = text.legalName?.replace(/\s+/g, ' ');
  if (!name) errors.legalName ??= 'required';
  else if ([...name].length > LEGAL_NAME_MAX) errors.legalName = 'too-long';
  else if (BAD_TEXT.test(name)) errors.legalName = 'invalid';
  let taxId: string | undefined;
  if (text.taxId !== undefined) {
    try {
      taxId = checkTaxId(country, text.taxId);
    } catch {
      errors.taxId = 'invalid';
    }
  }
  if (country === 'MX' && !errors.taxId) {
    if (taxId === undefined) {
      // A postal code or régimen belongs to an RFC: without one they are not kept.
      if (text.postalCode !== undefined || text.taxRegime !== undefined) errors.taxId = 'required';
    } else {
      if (text.postalCode === undefined) errors.postalCode ??= 'required';
      else if (!/^\d{5}$/.test(text.postalCode)) errors.postalCode = 'invalid';
      const fits = GENERIC_RFC.test(taxId) ? ['616'] : taxId.length === 12 ? COMPANY_REGIMES : PERSON_REGIMES;
      if (text.taxRegime === undefined) errors.taxRegime ??= 'required';
      else if (!fits.includes(text.taxRegime)) errors.taxRegime = 'invalid';
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    legalName: name!,
    ...(taxId ? {taxId} : {}),
    ...(taxId && text.postalCode ? {postalCode: text.postalCode} : {}),
    ...(taxId && text.taxRegime ? {taxRegime: text.taxRegime as TaxRegime} : {}),
  };
}

/**
 * Whom an invoice is made out to: her billing details when she gave them (only the fields the
 * clinic's country asks for: details kept before a country change keep no stray tax id), else her
 * name as the portal knows it.
 */
export function billToOf(details: BillingDetails | null | undefined, country: string, name: string): BillTo {
  if (!details) return {name};
  const fields = billingDetailsFields(country);
  return {
    name: details.legalName,
    ...(details.taxId && fields.includes('taxId') ? {taxId: details.taxId} : {}),
    ...(details.postalCode && fields.includes('postalCode') ? {postalCode: details.postalCode} : {}),
    ...(details.taxRegime && fields.includes('taxRegime') ? {taxRegime: details.taxRegime} : {}),
  };
}
