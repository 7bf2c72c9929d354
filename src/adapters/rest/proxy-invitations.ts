/**
 * The REST adapter's side of the adult's own invitation (family members, #21), in a chunk of its
 * own: `RestAdapter` installs these on its prototype from `PROXY_INVITATION_OPERATIONS` and loads
 * this module on the first call. The link's token travels in request bodies, never in the URL.
 */
import type {
  ProxyAccess,
  ProxyInvitation,
  ProxyInvitationAnswer,
  ProxyInvitationRequest,
  RequestOptions,
} from '../adapter.js';
import type {Transport} from './wire.js';

export async function inviteProxy(
  this: Transport,
  request: ProxyInvitationRequest,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'inviteProxy'>(
    {
      method: 'POST',
      path: '/proxy-invitations',
      body: {email: request.email, scope: request.scope, relationship: request.relationship},
    },
    options,
  );
}

export function listProxyAccess(this: Transport, options?: RequestOptions): Promise<ProxyAccess> {
  return this.call<'listProxyAccess'>(
    {method: 'GET', path: '/proxy-access'},
    options,
  ) as Promise<ProxyAccess>;
}

export async function revokeProxyAccess(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'revokeProxyAccess'>(
    {method: 'DELETE', path: `/proxy-access/${encodeURIComponent(id)}`},
    options,
  );
}

export function getProxyInvitation(
  this: Transport,
  token: string,
  options?: RequestOptions,
): Promise<ProxyInvitation> {
  return this.call<'getProxyInvitation'>(
    {method: 'POST', path: '/proxy-invitations/lookup', body: {token}},
    options,
  ) as Promise<ProxyInvitation>;
}

export async function answerProxyInvitation(
  this: Transport,
  token: string,
  answer: ProxyInvitationAnswer,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'answerProxyInvitation'>(
    {method: 'POST', path: '/proxy-invitations/answer', body: {token, answer}},
    options,
  );
}
