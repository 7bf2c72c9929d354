/**
 * Where SMS codes may go (issue #14 item 6, against SMS pumping to premium foreign numbers): the
 * countries an operator allows (`PORTAL_SMS_COUNTRIES=MX,US`), by default the clinic's country and
 * its land neighbours. A number's country is read with libphonenumber-js (already a dependency).
 */
import {parsePhoneNumberFromString} from 'libphonenumber-js/min';

/** Land neighbours of the countries clinics are likeliest in (others: the country alone). */
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  MX: ['US', 'GT', 'BZ'],
  US: ['CA', 'MX'],
  CA: ['US'],
  GT: ['MX', 'BZ', 'SV', 'HN'],
  SV: ['GT', 'HN'],
  HN: ['GT', 'SV', 'NI'],
  NI: ['HN', 'CR'],
  CR: ['NI', 'PA'],
  PA: ['CR', 'CO'],
  CO: ['PA', 'VE', 'EC', 'PE', 'BR'],
  VE: ['CO', 'BR', 'GY'],
  EC: ['CO', 'PE'],
  PE: ['EC', 'CO', 'BR', 'BO', 'CL'],
  BO: ['PE', 'BR', 'PY', 'AR', 'CL'],
  CL: ['PE', 'BO', 'AR'],
  AR: ['CL', 'BO', 'PY', 'BR', 'UY'],
  UY: ['AR', 'BR'],
  PY: ['AR', 'BO', 'BR'],
  BR: ['AR', 'BO', 'CO', 'GY', 'PE', 'PY', 'SR', 'UY', 'VE'],
  ES: ['PT', 'FR', 'AD', 'GI'],
  PT: ['ES'],
  FR: ['ES', 'BE', 'LU', 'DE', 'CH', 'IT', 'MC', 'AD'],
  GB: ['IE'],
  IE: ['GB'],
  DE: ['DK', 'PL', 'CZ', 'AT', 'CH', 'FR', 'LU', 'BE', 'NL'],
};

/** The countries SMS may go to: the configured list, else the clinic's country and its neighbours. */
export function smsCountries(clinicCountry: string, configured?: readonly string[]): ReadonlySet<string> {
  if (configured && configured.length > 0) return new Set(configured.map((c) => c.trim().toUpperCase()));
  return new Set([clinicCountry, ...(NEIGHBOURS[clinicCountry] ?? [])]);
}

/** The country (ISO 3166-1 alpha-2) of an E.164 number, if libphonenumber-js knows it. */
export function phoneCountry(phone: string): string | undefined {
  return parsePhoneNumberFromString(phone)?.country;
}
