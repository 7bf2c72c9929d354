/**
 * What a patient may choose for one visit: which services combine (one mode, someone performs them
 * all), which providers are eligible, and the deposit the visit needs.
 */
import {ValidationError} from '../errors.js';
import type {Money, Service} from '../types.js';
import {findService} from './catalog.js';
import type {ClinicData} from './clinic-data.js';

/** Providers (catalog order) who perform every one of the services and have a schedule. */
export function eligibleProviders(
  data: Pick<ClinicData, 'catalog' | 'schedules'>,
  services: readonly Service[],
): string[] {
  return data.catalog.providers
    .map((p) => p.id)
    .filter(
      (id) =>
        services.every((s) => s.providerIds.includes(id)) && data.schedules.some((s) => s.providerId === id),
    );
}

/**
 * The services one visit asks for, checked: at least one, none unknown or repeated, all of one mode
 * (in person or video), and someone performs them all. Otherwise `ValidationError({[field]: …})`.
 */
export function resolveServices(
  data: Pick<ClinicData, 'catalog' | 'schedules'>,
  ids: readonly string[] | undefined,
  field: string,
): Service[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new ValidationError({[field]: 'required'});
  const services = ids.map((id) => (typeof id === 'string' ? findService(data, id) : undefined));
  if (services.some((s) => !s) || new Set(ids).size !== ids.length)
    throw new ValidationError({[field]: 'invalid'});
  const list = services as Service[];
  if (list.some((s) => s.mode !== list[0].mode)) throw new ValidationError({[field]: 'invalid'});
  if (eligibleProviders(data, list).length === 0) throw new ValidationError({[field]: 'invalid'});
  return list;
}

/**
 * The deposit these services need: each service's own, else the clinic's default, added up; `null`
 * when none is due or the backend takes no payments.
 */
export function depositFor(
  data: Pick<ClinicData, 'clinic'>,
  services: readonly Service[],
  paymentsOn: boolean,
): Money | null {
  if (!paymentsOn) return null;
  const fallback = data.clinic.deposit?.defaultDeposit;
  let total = 0;
  for (const s of services) total += (s.deposit ?? fallback)?.amountMinor ?? 0;
  return total > 0 ? {amountMinor: total, currency: data.clinic.currency} : null;
}
