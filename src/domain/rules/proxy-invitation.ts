/**
 * Family members (#21): the adult's own invitation. An adult patient (the clinic's age of majority
 * or older) invites someone, by email, to act for her with a scope (`full` or `appointments`); the
 * email carries a single-use link (`#portal-proxy-invitation=TOKEN`, nothing else), good for
 * {@link PROXY_INVITATION_TTL_MS}; a signed-in account whose email is the invited address
 * (compared by `emailKey`) accepts it, which records the same grant the clinic records
 * (`rules/proxy.ts`), or declines it. She sees who may see her information and revokes any of them
 * at once. These are the rules, once, for the memory adapter and the reference server alike.
 */
import type {FieldErrorCode} from '../errors.js';
import {DAY_MS} from '../time.js';
import type {Clinic, Instant, Language, PlainDate} from '../types.js';
import {emailKey} from './accounts.js';
import {
  DEFAULT_AGE_OF_MAJORITY,
  isMinor,
  isProxyScope,
  isRelationship,
  type ProxyScope,
  type Relationship,
} from './proxy.js';
import {EMAIL_RE} from './validation.js';

/** Fragment key of the invitation's link: `…#portal-proxy-invitation=TOKEN`. */
export const PROXY_INVITATION_FRAGMENT = 'portal-proxy-invitation';

/** How long an invitation's link works. */
export const PROXY_INVITATION_TTL_MS = 7 * DAY_MS;

/** Invitations a patient may send in any 24 hours (each is an email to an address she typed). */
export const PROXY_INVITATIONS_PER_DAY = 5;

/** Invitations waiting for an answer that one patient may have at once. */
export const PROXY_INVITATIONS_PENDING = 10;

/** What the adult asks for: whom (her email), what they may do, and how she is related to them. */
export interface ProxyInvitationRequest {
  readonly email: string;
  readonly scope: ProxyScope;
  /** How she (the one who invites) is related to the person invited: "daughter" when she invites her mother. */
  readonly relationship: Relationship;
}

/** Someone who may see her information (a live grant for her, the clinic's or by invitation). */
export interface ProxyAccessGrant {
  /** The grant's id: the value for `revokeProxyAccess`. */
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly relationship: Relationship;
  readonly scope: ProxyScope;
  readonly since: Instant;
}

/** An invitation she sent that is still waiting for an answer. */
export interface PendingProxyInvitation {
  /** The invitation's id: the value for `revokeProxyAccess` (withdraws it). */
  readonly id: string;
  /** The address she typed. */
  readonly email: string;
  readonly relationship: Relationship;
  readonly scope: ProxyScope;
  readonly expiresAt: Instant;
}

/** "People who can see your information": the grants for her, then her invitations waiting. */
export interface ProxyAccess {
  readonly grants: readonly ProxyAccessGrant[];
  readonly invitations: readonly PendingProxyInvitation[];
}

/** What the invited person is shown before she accepts or declines. */
export interface ProxyInvitation {
  readonly inviterGivenName: string;
  readonly inviterFamilyName: string;
  readonly relationship: Relationship;
  readonly scope: ProxyScope;
  readonly expiresAt: Instant;
}

export type ProxyInvitationAnswer = 'accept' | 'decline';
export const isProxyInvitationAnswer = (v: unknown): v is ProxyInvitationAnswer =>
  v === 'accept' || v === 'decline';

/**
 * Whether a patient born on `dateOfBirth` may, on `today`, invite someone — or accept an
 * invitation to act for someone else: an adult by the clinic's age of majority
 * (`familyAccess.ageOfMajority`, default 18).
 */
export function mayInviteProxy(
  clinic: Pick<Clinic, 'familyAccess'>,
  dateOfBirth: PlainDate,
  today: PlainDate,
): boolean {
  return !isMinor(dateOfBirth, today, clinic.familyAccess?.ageOfMajority ?? DEFAULT_AGE_OF_MAJORITY);
}

/**
 * What is wrong with an invitation, field by field: the email (required, a valid address, not her
 * own — `invalid` —, not someone who already has access or an invitation waiting — `duplicate`),
 * the scope and the relationship. `taken` are the `emailKey`s of the people who already may see
 * her information and of her invitations waiting.
 */
export function proxyInvitationProblems(
  request: unknown,
  ownEmail: string,
  taken: readonly string[],
): Record<string, FieldErrorCode> {
  if (!request || typeof request !== 'object' || Array.isArray(request)) return {email: 'required'};
  const r = request as Record<string, unknown>;
  const fields: Record<string, FieldErrorCode> = {};
  const email = typeof r.email === 'string' ? r.email.trim() : '';
  if (email === '') fields.email = 'required';
  else if (email.length > 254 || !EMAIL_RE.test(email)) fields.email = 'invalid-email';
  else if (emailKey(email) === emailKey(ownEmail)) fields.email = 'invalid';
  else if (taken.includes(emailKey(email))) fields.email = 'duplicate';
  if (!isProxyScope(r.scope)) fields.scope = r.scope === undefined ? 'required' : 'invalid';
  if (!isRelationship(r.relationship))
    fields.relationship = r.relationship === undefined ? 'required' : 'invalid';
  return fields;
}

/**
 * Seconds to wait before another invitation, given when her earlier ones were sent (epoch ms):
 * {@link PROXY_INVITATIONS_PER_DAY} in any 24 hours. 0: she may send one now.
 */
export function proxyInvitationWait(sentAt: readonly number[], now: number): number {
  const recent = sentAt.filter((t) => t > now - DAY_MS).sort((a, b) => a - b);
  if (recent.length < PROXY_INVITATIONS_PER_DAY) return 0;
  const oldest = recent[recent.length - PROXY_INVITATIONS_PER_DAY]!;
  return Math.max(1, Math.ceil((oldest + DAY_MS - now) / 1000));
}

/**
 * Whether the signed-in account (`accountEmail`, `accountId`) is the one an invitation went to:
 * the invited address by `emailKey`, and not the patient who invited.
 */
export function invitationIsFor(
  invitation: {readonly email: string; readonly inviterId: string},
  account: {readonly email: string; readonly id: string},
): boolean {
  return emailKey(invitation.email) === emailKey(account.email) && invitation.inviterId !== account.id;
}

export type ProxyInvitationMessageKind =
  /** To the invited address: who invites, and the link. */
  | 'proxy-invitation'
  /** To the patient who invited, when it is accepted. */
  | 'proxy-invitation-accepted';

/**
 * The text of an invitation's message, in `language`. `vars`: `clinic`, `phone`, `inviter` (her
 * full name, which she chose to send to that address), `name` (the addressee's given name, for the
 * accepted notice), `holder` (who accepted, full name), `scope` (`full` or `appointments`).
 */
export function proxyInvitationMessage(
  kind: ProxyInvitationMessageKind,
  language: Language,
  vars: Readonly<Record<string, string>>,
): {readonly subject: string; readonly text: string} {
  const v = (k: string) => vars[k] ?? '';
  const es = language !== 'en';
  const what =
    v('scope') === 'appointments'
      ? es
        ? 'sus citas'
        : 'their appointments'
      : es
        ? 'su información en el portal (citas, formularios, documentos, facturas y mensajes)'
        : 'their information in the portal (appointments, forms, documents, bills and messages)';
  if (kind === 'proxy-invitation')
    return es
      ? {
          subject: `${v('inviter')} le invita a ver su información en ${v('clinic')}`,
          text: `${v('inviter')} le invita a ver y administrar ${what} en el portal de pacientes de ${v('clinic')}. Para aceptar, abra el enlace de abajo e inicie sesión con la cuenta de esta dirección de correo. Si aún no tiene cuenta en el portal, cree una con esta dirección (o pídala a ${v('clinic')} al ${v('phone')}) y vuelva a abrir el enlace. El enlace vence en 7 días y sirve una sola vez.\n\nSi no conoce a esta persona, ignore este mensaje.`,
        }
      : {
          subject: `${v('inviter')} invited you to see their information at ${v('clinic')}`,
          text: `${v('inviter')} invited you to see and manage ${what} in the ${v('clinic')} patient portal. To accept, open the link below and sign in with the account for this email address. If you don't have a portal account yet, create one with this address (or ask ${v('clinic')} at ${v('phone')}), then open the link again. The link expires in 7 days and works once.\n\nIf you don't know this person, ignore this message.`,
        };
  return es
    ? {
        subject: `${v('holder')} aceptó su invitación en ${v('clinic')}`,
        text: `Hola, ${v('name')}: ${v('holder')} aceptó su invitación y ahora puede ver ${v('scope') === 'appointments' ? 'sus citas' : 'su información en el portal'}. Puede quitarle el acceso cuando quiera en su perfil, en «Familia y acceso compartido».\n\nSi usted no envió esta invitación, llame a ${v('clinic')} al ${v('phone')}.`,
      }
    : {
        subject: `${v('holder')} accepted your invitation at ${v('clinic')}`,
        text: `Hello ${v('name')}, ${v('holder')} accepted your invitation and can now see ${v('scope') === 'appointments' ? 'your appointments' : 'your information in the portal'}. You can remove their access at any time in your profile, under "Family and shared access".\n\nIf you didn't send this invitation, call ${v('clinic')} at ${v('phone')}.`,
      };
}
