/**
 * The REST adapter's profile photo (#17, item 3), loaded with the medical-information chunk
 * (`medical.ts` re-exports it): `RestAdapter` installs these on its prototype from
 * `MEDICAL_OPERATIONS`. The photo's bytes travel in the request body (base64) and come back as
 * bytes from `/profile/photo`, only with her session; never in a URL. The security question's
 * operation is here too (the same chunk, the profile's).
 */
import {NetworkError, NotFoundError} from '../../domain/errors.js';
import type {CheckedPhoto, PhotoContentType, ProfilePhoto} from '../../domain/rules/profile-image.js';
import type {
  InsuranceCardSide,
  Profile,
  RequestOptions,
  SecurityAnswerRemoval,
  SecurityAnswerRequest,
} from '../adapter.js';
import {toBase64} from './base64.js';
import type {Transport} from './wire.js';

/** A photo on a slow line takes longer than the adapter's seconds. */
const UPLOAD_TIMEOUT_MS = 120_000;

export function getProfilePhoto(
  this: Transport,
  options?: RequestOptions,
): Promise<ProfilePhoto | undefined> {
  return photoOf(
    this.call<'getProfilePhoto', undefined>({method: 'GET', path: '/profile/photo', raw: true}, options),
  );
}

/**
 * A photo's bytes from a raw answer (asked only with her session), or `undefined` when there is
 * none (204; a server of the earlier contract answered 404). Each call is written out where it is
 * made, so the API coverage test sees it.
 */
async function photoOf(answer: Promise<unknown>): Promise<ProfilePhoto | undefined> {
  let response: Response;
  try {
    response = (await answer) as Response;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined; // she has none
    throw e;
  }
  if (response.status === 204) return undefined; // she has none
  try {
    return {
      contentType: (response.headers.get('content-type') ?? '') as PhotoContentType,
      content: new Uint8Array(await response.arrayBuffer()),
    };
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
}

export function uploadProfilePhoto(
  this: Transport,
  content: Uint8Array,
  options?: RequestOptions,
): Promise<CheckedPhoto> {
  return this.call<'uploadProfilePhoto', CheckedPhoto>(
    {method: 'PUT', path: '/profile/photo', timeoutMs: UPLOAD_TIMEOUT_MS, body: {content: toBase64(content)}},
    options,
  );
}

export async function removeProfilePhoto(this: Transport, options?: RequestOptions): Promise<void> {
  await this.call<'removeProfilePhoto'>({method: 'DELETE', path: '/profile/photo'}, options);
}

/** Her security question and answer (#17 item 2): the answer travels in the body only. */
export function setSecurityAnswer(
  this: Transport,
  request: SecurityAnswerRequest,
  options?: RequestOptions,
): Promise<Profile> {
  return this.call<'setSecurityAnswer', Profile>(
    {method: 'PUT', path: '/profile/security-question', body: request},
    options,
  );
}

/** Removes her security question (where the clinic's setting is `optional`), with her current password. */
export function removeSecurityAnswer(
  this: Transport,
  request: SecurityAnswerRemoval,
  options?: RequestOptions,
): Promise<Profile> {
  return this.call<'removeSecurityAnswer', Profile>(
    {method: 'POST', path: '/profile/security-question/removal', body: request},
    options,
  );
}

/** An insurance card's photos (#17 item 5): the card's id and side in the path, the bytes in the body. */

export function getInsuranceCardPhoto(
  this: Transport,
  id: string,
  side: InsuranceCardSide,
  options?: RequestOptions,
): Promise<ProfilePhoto | undefined> {
  return photoOf(
    this.call<'getInsuranceCardPhoto', undefined>(
      {
        method: 'GET',
        path: `/insurance-cards/${encodeURIComponent(id)}/photos/${encodeURIComponent(side)}`,
        raw: true,
      },
      options,
    ),
  );
}

export function uploadInsuranceCardPhoto(
  this: Transport,
  id: string,
  side: InsuranceCardSide,
  content: Uint8Array,
  options?: RequestOptions,
): Promise<CheckedPhoto> {
  return this.call<'uploadInsuranceCardPhoto', CheckedPhoto>(
    {
      method: 'PUT',
      path: `/insurance-cards/${encodeURIComponent(id)}/photos/${encodeURIComponent(side)}`,
      timeoutMs: UPLOAD_TIMEOUT_MS,
      body: {content: toBase64(content)},
    },
    options,
  );
}

export async function removeInsuranceCardPhoto(
  this: Transport,
  id: string,
  side: InsuranceCardSide,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'removeInsuranceCardPhoto'>(
    {method: 'DELETE', path: `/insurance-cards/${encodeURIComponent(id)}/photos/${encodeURIComponent(side)}`},
    options,
  );
}
