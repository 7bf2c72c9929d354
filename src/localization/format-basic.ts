/**
 * The formatting helpers that the first screen of most elements needs — money, durations, the
 * clinic's own texts in the closest language — split from format.ts (which re-exports them, so
 * importers need not care) so that a page loads the larger rest of it only with the parts that use
 * it (slot picker, appointment list, date entry…). Same rules as format.ts.
 */
import type {LocalizedText, Money} from '../domain/types.js';

const localeCache = new Map<string, string>();
const nfCache = new Map<string, Intl.NumberFormat>();
const listCache = new Map<string, Intl.ListFormat>();

/** A valid BCP 47 tag for `Intl` ("es_MX" → "es-MX"; unusable input → "en"). */
export function loc(locale: string): string {
  let tag = localeCache.get(locale);
  if (tag === undefined) {
    try {
      tag = Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'))[0] ?? 'en';
    } catch {
      tag = 'en';
    }
    localeCache.set(locale, tag);
  }
  return tag;
}

function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = nfCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(loc(locale), options);
    nfCache.set(key, f);
  }
  return f;
}

function listFormat(locale: string): Intl.ListFormat {
  const key = `list|${locale}`;
  let f = listCache.get(key);
  if (!f) {
    f = new Intl.ListFormat(loc(locale), {type: 'unit', style: 'narrow'});
    listCache.set(key, f);
  }
  return f;
}

/** Money in minor units as the locale writes it: 50000 MXN → "$500.00" (es-MX), "MX$500.00" (en-US). */
export function formatMoney(money: Money, locale: string): string {
  if (!Number.isSafeInteger(money.amountMinor)) throw new RangeError('amountMinor must be an integer');
  const f = nf(locale, {style: 'currency', currency: money.currency});
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.amountMinor / 10 ** digits);
}

/** A length of time: "1 hr 30 min" (en), "1 h 30 min" (es), "45 min". */
export function formatDuration(minutes: number, locale: string): string {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative number');
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(nf(locale, {style: 'unit', unit: 'hour', unitDisplay: 'short'}).format(h));
  if (m > 0 || h === 0)
    parts.push(nf(locale, {style: 'unit', unit: 'minute', unitDisplay: 'short'}).format(m));
  return listFormat(locale).format(parts);
}

/**
 * The clinic's text in the closest language: the exact tag (es-MX), then its parents (es), then
 * another region of the same language (es-ES), then the clinic's languages in order, then the
 * text's first entry. Empty entries count as missing.
 */
export function pickText(
  text: LocalizedText,
  locale: string,
  clinicLanguages: readonly string[] = [],
): string {
  const entries = Object.entries(text)
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => [k.toLowerCase().replace(/_/g, '-'), v] as const);
  if (entries.length === 0) return '';
  const byTag = new Map(entries);
  const find = (tag: string): string | undefined => {
    const subtags = tag.toLowerCase().replace(/_/g, '-').split('-');
    for (let i = subtags.length; i > 0; i--) {
      const hit = byTag.get(subtags.slice(0, i).join('-'));
      if (hit !== undefined) return hit;
    }
    return entries.find(([k]) => k.split('-')[0] === subtags[0])?.[1];
  };
  for (const tag of [locale, ...clinicLanguages]) {
    const hit = find(tag);
    if (hit !== undefined) return hit;
  }
  return entries[0]![1];
}
