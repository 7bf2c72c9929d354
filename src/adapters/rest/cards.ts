/**
 * The REST adapter's cards-on-file operations (#20), in a chunk of their own: `RestAdapter`
 * installs them (from `BILLING_OPERATIONS`) with the billing ones and loads this module on their first call.
 * The demo step's confirmation sends which test card was chosen, never a number.
 */
import {ValidationError} from '../../domain/errors.js';
import {demoCardChoiceOf, type SavedCard} from '../../domain/rules/cards.js';
import type {PaymentIntent} from '../../domain/types.js';
import type {RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';

export function listCards(this: Transport, options?: RequestOptions): Promise<SavedCard[]> {
  return this.call<'listCards', SavedCard[]>({method: 'GET', path: '/cards'}, options);
}

export function startCardSetup(
  this: Transport,
  idempotencyKey: string,
  options?: RequestOptions,
): Promise<PaymentIntent> {
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    return Promise.reject(new ValidationError({idempotencyKey: 'required'}));
  return this.call<'startCardSetup', PaymentIntent>(
    {method: 'POST', path: '/card-setups', body: {}, idempotencyKey},
    options,
  );
}

export async function confirmDemoCardSetup(
  this: Transport,
  setupId: string,
  cardNumber: string,
  options?: RequestOptions,
): Promise<void> {
  const card = demoCardChoiceOf(cardNumber);
  if (card === null) throw new ValidationError({cardNumber: 'invalid'});
  await this.call<'confirmDemoCardSetup'>(
    {
      method: 'POST',
      path: `/card-setups/${encodeURIComponent(setupId)}/demo-confirmation`,
      body: {card},
    },
    options,
  );
}

export function setDefaultCard(this: Transport, id: string, options?: RequestOptions): Promise<SavedCard[]> {
  return this.call<'setDefaultCard', SavedCard[]>(
    {method: 'POST', path: `/cards/${encodeURIComponent(id)}/default`, body: {}},
    options,
  );
}

export function removeCard(this: Transport, id: string, options?: RequestOptions): Promise<SavedCard[]> {
  return this.call<'removeCard', SavedCard[]>(
    {method: 'DELETE', path: `/cards/${encodeURIComponent(id)}`},
    options,
  );
}
