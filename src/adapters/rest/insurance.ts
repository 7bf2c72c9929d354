/**
 * The REST adapter's insurance cards (#17, item 5), loaded with the medical-information chunk
 * (`medical.ts` re-exports them): `RestAdapter` installs these on its prototype from
 * `MEDICAL_OPERATIONS`. Each runs as a method of the adapter (`this`), through its one transport
 * (`this.call`). What the card says travels in the request body, never in the URL (only its id does).
 */
import type {InsuranceCard, InsuranceCardFields} from '../../domain/rules/insurance.js';
import type {RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';

export function listInsuranceCards(
  this: Transport,
  options?: RequestOptions,
): Promise<readonly InsuranceCard[]> {
  return this.call<'listInsuranceCards'>({method: 'GET', path: '/insurance-cards'}, options);
}

export function addInsuranceCard(
  this: Transport,
  card: InsuranceCardFields,
  options?: RequestOptions,
): Promise<InsuranceCard> {
  return this.call<'addInsuranceCard'>({method: 'POST', path: '/insurance-cards', body: card}, options);
}

export function updateInsuranceCard(
  this: Transport,
  id: string,
  card: InsuranceCardFields,
  options?: RequestOptions,
): Promise<InsuranceCard> {
  return this.call<'updateInsuranceCard'>(
    {method: 'PUT', path: `/insurance-cards/${encodeURIComponent(id)}`, body: card},
    options,
  );
}

export function setPrimaryInsuranceCard(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<readonly InsuranceCard[]> {
  return this.call<'setPrimaryInsuranceCard'>(
    {method: 'POST', path: `/insurance-cards/${encodeURIComponent(id)}/primary`, body: {}},
    options,
  );
}

export function removeInsuranceCard(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<readonly InsuranceCard[]> {
  return this.call<'removeInsuranceCard'>(
    {method: 'DELETE', path: `/insurance-cards/${encodeURIComponent(id)}`},
    options,
  );
}
