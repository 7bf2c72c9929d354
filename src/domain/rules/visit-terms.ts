/**
 * A visit's length and price with one provider: the booking widget shows them, every backend books
 * by the same durations (`durationWith` in catalog.ts is its minutes alone). A module of its own so
 * the booking widget's chunk carries it without the rest of the catalog rules.
 */
import type {Money, Service} from '../types.js';

/**
 * A visit's length and price with one provider (`undefined`: not chosen yet, the services'
 * defaults): each service's own terms with that provider, else its defaults. The price is
 * `undefined` when any service has none.
 */
export function visitTerms(
  services: readonly Service[],
  providerId: string | undefined,
  fallbackCurrency: string,
): {minutes: number; price?: Money} {
  let minutes = 0;
  let price = 0;
  let currency = fallbackCurrency;
  let priced = true;
  for (const s of services) {
    const terms = providerId ? s.providerTerms?.[providerId] : undefined;
    minutes += terms?.durationMinutes ?? s.durationMinutes;
    const p = terms?.price ?? s.price;
    if (p) {
      price += p.amountMinor;
      currency = p.currency;
    } else priced = false;
  }
  return priced ? {minutes, price: {amountMinor: price, currency}} : {minutes};
}
