/**
 * The REST adapter's waitlist (#21), in a chunk of its own: `RestAdapter` installs these on its
 * prototype from `WAITLIST_OPERATIONS` and loads this module on the first call. Each runs as a
 * method of the adapter (`this`), through its one transport (`this.call`). An offer's token travels
 * in the request body, never in the URL.
 */
import type {Appointment} from '../../domain/types.js';
import type {RequestOptions, WaitlistEntry, WaitlistOffer, WaitlistRequest} from '../adapter.js';
import type {Transport} from './wire.js';

// The document types dates and parts of the day as strings: the server answers the domain's own
// entries (`rules/waitlist.ts`), and the contract suite checks they come back as sent.

export function listWaitlist(this: Transport, options?: RequestOptions): Promise<readonly WaitlistEntry[]> {
  return this.call<'listWaitlist'>({method: 'GET', path: '/waitlist'}, options) as Promise<
    readonly WaitlistEntry[]
  >;
}

export function joinWaitlist(
  this: Transport,
  request: WaitlistRequest,
  options?: RequestOptions,
): Promise<WaitlistEntry> {
  return this.call<'joinWaitlist'>(
    {
      method: 'POST',
      path: '/waitlist',
      body: {
        serviceIds: [...request.serviceIds],
        ...(request.providerId !== undefined ? {providerId: request.providerId} : {}),
        from: request.from,
        to: request.to,
        partsOfDay: [...request.partsOfDay],
      },
    },
    options,
  ) as Promise<WaitlistEntry>;
}

export async function leaveWaitlist(this: Transport, id: string, options?: RequestOptions): Promise<void> {
  await this.call<'leaveWaitlist'>({method: 'DELETE', path: `/waitlist/${encodeURIComponent(id)}`}, options);
}

export function resolveWaitlistOffer(
  this: Transport,
  token: string,
  options?: RequestOptions,
): Promise<WaitlistOffer> {
  return this.call<'resolveWaitlistOffer'>(
    {method: 'POST', path: '/waitlist-offers/resolve', body: {token}},
    options,
  ) as Promise<WaitlistOffer>;
}

export function acceptWaitlistOffer(
  this: Transport,
  token: string,
  options?: RequestOptions,
): Promise<Appointment> {
  return this.call<'acceptWaitlistOffer', Appointment>(
    {method: 'POST', path: '/waitlist-offers/accept', body: {token}},
    options,
  );
}
