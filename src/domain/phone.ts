/**
 * Phone numbers for SMS and voice reminders, verification codes and patient details (QUALITY 30).
 *
 * Numbers are stored and sent as E.164 (`+525512345678`). Parsing and formatting use
 * libphonenumber-js with its smallest ("min") metadata, which is **loaded on demand**: a page pays
 * for it only once a patient starts typing a phone number ({@link loadPhoneTools}). Everything else
 * in this module is tiny and synchronous. The chunk is about 28 KiB gzip when built by Rolldown
 * (Vite), which tree-shakes the destructured dynamic import; esbuild keeps the whole module (43 KiB).
 *
 * What `normalize` accepts:
 * - digits with spaces, dashes, dots and parentheses, and an optional leading `+` (or the country's
 *   international prefix, `00` / `011`); anything else (letters, `#`, an extension) is refused;
 * - Mexico's pre-2019 dialling forms, rewritten to the 10-digit number: `044` / `045` (mobile) and
 *   `01` (long distance) before the 10 digits, and the old mobile `1` after +52 (`+52 1 55 …`);
 * - the country code typed without `+` (`52 55 1234 5678` with Mexico chosen);
 * - input of at most {@link MAX_PHONE_INPUT_LENGTH} characters: a 10,000-character paste is
 *   refused at once as `too-long`, without being scanned.
 *
 * Mobile only (for SMS), as far as the metadata can tell: the min metadata carries number types only
 * for countries that share a calling code (US/Canada, UK and its islands…), where it can say
 * toll-free or fixed line. For Mexico it cannot tell — and since 2019 Mexico dials landlines and
 * mobiles alike — and for the US/Canada fixed and mobile numbers share ranges, so valid numbers are
 * accepted there. For Spain the national plan is simple and stable (mobiles start with 6 or 7), so a
 * landline such as 912 345 678 is refused unless `allowLandline` is set (voice reminders).
 */
import type {CountryCode, E164} from './types.js';

type LibModule = typeof import('libphonenumber-js/min');
/** Only what we call: destructuring the dynamic import lets Rollup/Rolldown tree-shake the chunk. */
type Lib = Pick<LibModule, 'parsePhoneNumberFromString' | 'isSupportedCountry' | 'getCountryCallingCode'>;
type LibNumber = import('libphonenumber-js/min').PhoneNumber;
type LibCountry = import('libphonenumber-js/min').CountryCode;

/** Longest text a phone field accepts (formatted numbers with a country code fit easily). */
export const MAX_PHONE_INPUT_LENGTH = 32;

/** The "other country" choice: the patient types `+` and the country code (ZZ: unknown region). */
export const OTHER_COUNTRY: CountryCode = 'ZZ';

/** Countries offered by name, after the clinic's own. */
export const PHONE_COUNTRIES: readonly CountryCode[] = ['MX', 'US', 'CA', 'ES'];

/** Calling codes of the countries offered, known without loading the library. */
const CALLING_CODES: Readonly<Record<string, string>> = {MX: '52', US: '1', CA: '1', ES: '34'};

export type PhoneErrorReason = 'required' | 'invalid-phone' | 'too-long';

export type PhoneNormalizeResult =
  | {
      readonly ok: true;
      readonly e164: E164;
      /** The number's country (may differ from the one chosen, e.g. `+34 …` typed with Mexico chosen). */
      readonly country: CountryCode;
      /** The number as it is dialled in its country, e.g. `55 1234 5678`. */
      readonly national: string;
    }
  | {readonly ok: false; readonly reason: PhoneErrorReason};

export type PhoneFormatStyle = 'national' | 'international';

export interface PhoneNormalizeOptions {
  /** Accept landlines where they can be told apart (voice-only use). Default: mobiles only. */
  readonly allowLandline?: boolean;
}

export interface PhoneTools {
  /** Reads what a patient typed, with the country chosen ({@link OTHER_COUNTRY}: `+` code required). */
  normalize(input: string, country: CountryCode, options?: PhoneNormalizeOptions): PhoneNormalizeResult;
  /** `+525512345678` → `55 1234 5678` (national) or `+52 55 1234 5678` (international). */
  format(e164: string, style: PhoneFormatStyle): string;
  /** Whether `e164` is already in `list`, comparing normalised numbers (`+52 1 55…` equals `+52 55…`). */
  isDuplicate(e164: string, list: readonly string[]): boolean;
  /** The calling code of a country (`MX` → `52`), or undefined for an unknown one. */
  callingCode(country: CountryCode): string | undefined;
}

/**
 * A number on file in its country's grouping (as libphonenumber writes it) for Mexico, the US and
 * Canada, and Spain, without the library (so it can be shown at once); others as they are.
 * `55 1234 5678` (national) or `+52 55 1234 5678` (international).
 */
const GROUPING: readonly (readonly [RegExp, string, string])[] = [
  [/^\+52(55|33|81|\d{3})(\d{3,4})(\d{4})$/, '$1 $2 $3', '+52 $1 $2 $3'],
  [/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3', '+1 $1 $2 $3'],
  [/^\+34(\d{3})(\d\d)(\d\d)(\d\d)$/, '$1 $2 $3 $4', '+34 $1 $2 $3 $4'],
];
export function formatOnFile(e164: string, style: PhoneFormatStyle): string {
  const hit = GROUPING.find(([re]) => re.test(e164));
  return hit ? e164.replace(hit[0], style === 'national' ? hit[1] : hit[2]) : e164;
}

/** A quick, library-free check that `s` is written as E.164: `+`, then 7 to 15 digits, no leading 0. */
export function looksLikeE164(s: string): s is E164 {
  return s.length <= 16 && /^\+[1-9]\d{6,14}$/.test(s);
}

/** The countries to offer, in order: the clinic's country first, then Mexico, the US, Canada, Spain. */
export function phoneCountries(clinicCountry?: CountryCode): CountryCode[] {
  const own = clinicCountry?.trim().toUpperCase();
  const list = own && /^[A-Z]{2}$/.test(own) && own !== OTHER_COUNTRY ? [own] : [];
  for (const c of PHONE_COUNTRIES) if (!list.includes(c)) list.push(c);
  return list;
}

/** The calling code of an offered country without loading the library (`ES` → `34`). */
export function knownCallingCode(country: CountryCode): string | undefined {
  return CALLING_CODES[country.toUpperCase()];
}

/**
 * The offered country an E.164 number belongs to, without the library, when the calling code says
 * it unambiguously (+52 Mexico, +34 Spain); `+1` is the US or Canada, so `preferred` decides if it is
 * one of them. Undefined: another country.
 */
export function countryOfE164(e164: string, preferred?: CountryCode): CountryCode | undefined {
  if (e164.startsWith('+52')) return 'MX';
  if (e164.startsWith('+34')) return 'ES';
  if (e164.startsWith('+1')) return preferred === 'CA' || preferred === 'US' ? preferred : 'US';
  return undefined;
}

let loading: Promise<PhoneTools> | undefined;
let loaded: PhoneTools | undefined;

/**
 * Loads libphonenumber-js (min metadata) once, as its own chunk, and returns the phone tools.
 * A failed load (offline) is retried on the next call.
 */
export function loadPhoneTools(): Promise<PhoneTools> {
  loading ??= import('libphonenumber-js/min').then(
    ({parsePhoneNumberFromString, isSupportedCountry, getCountryCallingCode}) =>
      (loaded = createPhoneTools({parsePhoneNumberFromString, isSupportedCountry, getCountryCallingCode})),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The phone tools if they are already loaded (synchronous use after {@link loadPhoneTools}). */
export function phoneToolsIfLoaded(): PhoneTools | undefined {
  return loaded;
}

// ---------------------------------------------------------------------------------------------

/** Separators people type inside numbers: spaces (incl. no-break and thin), dashes, dots, brackets. */
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212\u30fc.()[\]-]/g;

/** Number types that never receive SMS or are not a person's own line. */
const NEVER_PERSONAL = new Set(['TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL', 'PAGER']);

/** Spain's national plan: mobiles are 6xx and 7[1-48]x; geographic landlines 8x/9x (not 80x/90x). */
const SPAIN_MOBILE = /^(?:6|7[1-48])/;
const SPAIN_LANDLINE = /^[89][1-9]/;

/**
 * Mexico before August 2019: `044`/`045` + 10 digits (mobile, local/long distance), `01` + 10 digits
 * (long distance), and `1` + 10 digits after +52 (international to a mobile). Returns the 10 digits.
 */
function mexicanTenDigits(nationalDigits: string): string | undefined {
  return /^(?:04[45]|01|1)(\d{10})$/.exec(nationalDigits)?.[1];
}

function createPhoneTools(lib: Lib): PhoneTools {
  const supported = (country: CountryCode): country is LibCountry =>
    country !== OTHER_COUNTRY && lib.isSupportedCountry(country);

  const parse = (text: string, country?: LibCountry): LibNumber | undefined => {
    const n = lib.parsePhoneNumberFromString(text, country);
    if (!n || n.isValid()) return n;
    if (n.countryCallingCode === '52') {
      const ten = mexicanTenDigits(n.nationalNumber);
      if (ten) return lib.parsePhoneNumberFromString(`+52${ten}`) ?? n;
    }
    return n;
  };

  /** The valid number `input` stands for, or undefined (no type checks). */
  const read = (input: string, country: CountryCode): LibNumber | undefined => {
    const compact = input.normalize('NFKC').replace(SEPARATORS, '');
    if (!/^\+?\d{1,17}$/.test(compact)) return undefined;
    const plus = compact.startsWith('+');
    const digits = plus ? compact.slice(1) : compact;
    if (!supported(country)) {
      // No country chosen: the number must carry its country code (+ or 00).
      const international = plus ? digits : digits.startsWith('00') ? digits.slice(2) : undefined;
      if (international === undefined) return undefined;
      const n = parse(`+${international}`);
      return n?.isValid() ? n : undefined;
    }
    const first = parse(plus ? `+${digits}` : digits, country);
    if (first?.isValid()) return first;
    // The country code typed without "+": "52 55 1234 5678", "34 612 345 678".
    const code = lib.getCountryCallingCode(country);
    if (!plus && digits.startsWith(code) && digits.length > code.length + 6) {
      const second = parse(`+${digits}`);
      if (second?.isValid()) return second;
    }
    return undefined;
  };

  const canonical = (s: string): string => read(s, OTHER_COUNTRY)?.number ?? s;

  return {
    normalize(input, country, options = {}) {
      if (input.length > MAX_PHONE_INPUT_LENGTH) return {ok: false, reason: 'too-long'};
      if (input.trim() === '') return {ok: false, reason: 'required'};
      const n = read(input, country.toUpperCase());
      if (!n?.country) return {ok: false, reason: 'invalid-phone'};
      const type = n.getType();
      if (type && NEVER_PERSONAL.has(type)) return {ok: false, reason: 'invalid-phone'};
      if (!options.allowLandline && type === 'FIXED_LINE') return {ok: false, reason: 'invalid-phone'};
      if (n.country === 'ES') {
        const nsn = n.nationalNumber;
        const personal =
          SPAIN_MOBILE.test(nsn) || (options.allowLandline === true && SPAIN_LANDLINE.test(nsn));
        if (!personal) return {ok: false, reason: 'invalid-phone'};
      }
      return {ok: true, e164: n.number as E164, country: n.country, national: n.formatNational()};
    },

    format(e164, style) {
      const n = read(e164, OTHER_COUNTRY);
      if (!n) return e164;
      return style === 'national' ? n.formatNational() : n.formatInternational();
    },

    isDuplicate(e164, list) {
      const key = canonical(e164);
      return list.some((other) => canonical(other) === key);
    },

    callingCode(country) {
      const c = country.toUpperCase();
      return supported(c) ? lib.getCountryCallingCode(c) : undefined;
    },
  };
}
