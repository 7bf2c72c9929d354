/**
 * The REST adapter's profile operations (`/profile…`: details, email change, password, sessions),
 * loaded with the medical-information chunk (`medical.ts` re-exports them; `<patient-profile>`
 * shows both), so a page that never opens the profile (the booking widget's) does not load them:
 * `RestAdapter` installs these on its prototype from `PROFILE_OPERATIONS`. Each runs as a method of
 * the adapter (`this`), through its one transport (`this.call`).
 */
import type {
  ActiveSession,
  EmailChangeRequest,
  PasswordChangeRequest,
  Profile,
  ProfileUpdate,
  RequestOptions,
} from '../adapter.js';
import type {Transport} from './wire.js';

export function getProfile(this: Transport, options?: RequestOptions): Promise<Profile> {
  return this.call<'getProfile', Profile>({method: 'GET', path: '/profile'}, options);
}

export function updateProfile(
  this: Transport,
  update: ProfileUpdate,
  options?: RequestOptions,
): Promise<Profile> {
  return this.call<'updateProfile', Profile>({method: 'PUT', path: '/profile', body: update}, options);
}

export async function requestEmailChange(
  this: Transport,
  request: EmailChangeRequest,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'requestEmailChange'>(
    {
      method: 'POST',
      path: '/profile/email-change',
      body: {newEmail: request.newEmail, currentPassword: request.currentPassword},
    },
    options,
  );
}

export async function confirmEmailChange(
  this: Transport,
  token: string,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'confirmEmailChange'>(
    {method: 'POST', path: '/profile/email-change/confirm', body: {token}},
    options,
  );
}

export async function changePassword(
  this: Transport,
  request: PasswordChangeRequest,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'changePassword'>(
    {
      method: 'POST',
      path: '/profile/password',
      body: {currentPassword: request.currentPassword, newPassword: request.newPassword},
    },
    options,
  );
}

export async function listSessions(
  this: Transport,
  options?: RequestOptions,
): Promise<readonly ActiveSession[]> {
  const answer = await this.call<'listSessions', {sessions: ActiveSession[]}>(
    {method: 'GET', path: '/profile/sessions'},
    options,
  );
  return answer.sessions;
}

export async function signOutOtherSessions(this: Transport, options?: RequestOptions): Promise<number> {
  const answer = await this.call<'signOutOtherSessions'>(
    {method: 'POST', path: '/profile/sessions/sign-out-others'},
    options,
  );
  return answer.ended;
}
