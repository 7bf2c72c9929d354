/**
 * The memory adapter's side of the adult's own invitation (family members, #21), in the family
 * part's chunk: she invites someone by email, the invited account accepts (the same grant the
 * clinic records, `proxy.ts`) or declines, and she lists and revokes who may see her information.
 * The rules and the messages' texts are `rules/proxy-invitation.ts`.
 */
import {
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../domain/errors.js';
import {emailKey} from '../../domain/rules/accounts.js';
import {
  invitationIsFor,
  isProxyInvitationAnswer,
  mayInviteProxy,
  PROXY_INVITATION_FRAGMENT,
  PROXY_INVITATION_TTL_MS,
  PROXY_INVITATIONS_PENDING,
  proxyInvitationMessage,
  proxyInvitationProblems,
  proxyInvitationWait,
  type ProxyAccess,
  type ProxyInvitation,
  type ProxyInvitationAnswer,
  type ProxyInvitationMessageKind,
  type ProxyInvitationRequest,
} from '../../domain/rules/proxy-invitation.js';
import {instantToPlainDate} from '../../domain/time.js';
import type {Language} from '../../domain/types.js';
import type {PatientRecord} from './internals.js';
import {grantsOf, liveGrant} from './proxy.js';
import type {MemoryState} from './state.js';

interface InvitationRecord {
  readonly id: string;
  readonly inviterId: string;
  readonly email: string;
  readonly relationship: ProxyInvitationRequest['relationship'];
  readonly scope: ProxyInvitationRequest['scope'];
  readonly sentAt: number;
  readonly expires: number;
  state: 'pending' | 'accepted' | 'declined' | 'withdrawn';
}

/** Invitations by their link's token, per adapter state. */
const stores = new WeakMap<MemoryState, Map<string, InvitationRecord>>();
function invitationsOf(memory: MemoryState): Map<string, InvitationRecord> {
  let m = stores.get(memory);
  if (!m) stores.set(memory, (m = new Map()));
  return m;
}

const need = (memory: MemoryState) => memory.need(memory.caps.proxyInvitations === true, 'proxyInvitations');

function notify(
  memory: MemoryState,
  to: string,
  language: Language,
  kind: ProxyInvitationMessageKind,
  vars: Record<string, string>,
  links: Record<string, string> = {},
): void {
  const clinic = memory.data.clinic;
  const lang: Language = language === 'en' ? 'en' : 'es';
  const {subject, text} = proxyInvitationMessage(kind, lang, {
    clinic: clinic.name,
    phone: clinic.phone,
    ...vars,
  });
  memory.outbox.push({
    id: `msg_${(++memory.messageSeq).toString().padStart(4, '0')}`,
    channel: 'email',
    to,
    at: memory.instant(memory.clock()),
    language: lang,
    kind: 'account-notice',
    subject,
    text,
    links,
  });
}

const waiting = (memory: MemoryState, i: InvitationRecord) =>
  i.state === 'pending' && i.expires > memory.clock();

/** The live grants for her (whoever granted them). */
const grantsFor = (memory: MemoryState, patientId: string) =>
  grantsOf(memory).filter((g) => g.dependentId === patientId && g.revokedAt === undefined);

export function inviteProxy(memory: MemoryState, request: ProxyInvitationRequest): void {
  need(memory);
  const patient = memory.requirePatient();
  const clinic = memory.data.clinic;
  const now = memory.clock();
  const today = instantToPlainDate(now, clinic.timeZone);
  if (!mayInviteProxy(clinic, patient.dateOfBirth, today)) throw new ForbiddenError();
  const mine = [...invitationsOf(memory).values()].filter((i) => i.inviterId === patient.id);
  const pending = mine.filter((i) => waiting(memory, i));
  const taken = [
    ...pending.map((i) => emailKey(i.email)),
    ...grantsFor(memory, patient.id).map((g) => emailKey(memory.patients.get(g.holderId)?.email ?? '')),
  ];
  const fields = proxyInvitationProblems(request, patient.email, taken);
  if (Object.keys(fields).length === 0 && pending.length >= PROXY_INVITATIONS_PENDING)
    fields.email = 'too-many';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const wait = proxyInvitationWait(
    mine.map((i) => i.sentAt),
    now,
  );
  if (wait > 0) throw new RateLimitedError(wait);
  const email = request.email.trim();
  const token = memory.nextToken('proxy-invitation');
  invitationsOf(memory).set(token, {
    id: `pinv_${memory.nextToken('proxy-invitation-id').slice(0, 15)}`,
    inviterId: patient.id,
    email,
    relationship: request.relationship,
    scope: request.scope,
    sentAt: now,
    expires: now + PROXY_INVITATION_TTL_MS,
    state: 'pending',
  });
  // In the invited account's language where it has one, else in hers.
  const account = memory.patientByEmail(email);
  notify(
    memory,
    email,
    account?.language ?? patient.language,
    'proxy-invitation',
    {inviter: `${patient.givenName} ${patient.familyName}`, scope: request.scope},
    {'accept-invitation': memory.link(PROXY_INVITATION_FRAGMENT, token)},
  );
}

export function listProxyAccess(memory: MemoryState): ProxyAccess {
  need(memory);
  const patient = memory.requirePatient();
  return {
    grants: grantsFor(memory, patient.id).flatMap((g) => {
      const holder = memory.patients.get(g.holderId);
      return holder
        ? [
            {
              id: g.id,
              givenName: holder.givenName,
              familyName: holder.familyName,
              relationship: g.relationship,
              scope: g.scope,
              since: memory.instant(g.grantedAt),
            },
          ]
        : [];
    }),
    invitations: [...invitationsOf(memory).values()]
      .filter((i) => i.inviterId === patient.id && waiting(memory, i))
      .map((i) => ({
        id: i.id,
        email: i.email,
        relationship: i.relationship,
        scope: i.scope,
        expiresAt: memory.instant(i.expires),
      })),
  };
}

export function revokeProxyAccess(memory: MemoryState, id: string): void {
  need(memory);
  const patient = memory.requirePatient();
  const grant = grantsFor(memory, patient.id).find((g) => g.id === id);
  if (grant) {
    grant.revokedAt = memory.clock();
    return;
  }
  const invitation = [...invitationsOf(memory).values()].find(
    (i) => i.id === id && i.inviterId === patient.id && waiting(memory, i),
  );
  if (!invitation) throw new NotFoundError();
  invitation.state = 'withdrawn';
}

/** The invitation of a link, for the signed-in account it was sent to. */
function invitationFor(
  memory: MemoryState,
  token: string,
): {i: InvitationRecord; account: PatientRecord; inviter: PatientRecord} {
  need(memory);
  const account = memory.requirePatient();
  const i = typeof token === 'string' ? invitationsOf(memory).get(token) : undefined;
  const inviter = i && memory.patients.get(i.inviterId);
  if (!i || !inviter || !waiting(memory, i)) throw new InvalidLinkError();
  if (!invitationIsFor(i, account)) throw new ForbiddenError();
  return {i, account, inviter};
}

export function getProxyInvitation(memory: MemoryState, token: string): ProxyInvitation {
  const {i, inviter} = invitationFor(memory, token);
  return {
    inviterGivenName: inviter.givenName,
    inviterFamilyName: inviter.familyName,
    relationship: i.relationship,
    scope: i.scope,
    expiresAt: memory.instant(i.expires),
  };
}

export function answerProxyInvitation(
  memory: MemoryState,
  token: string,
  answer: ProxyInvitationAnswer,
): void {
  need(memory);
  memory.requirePatient();
  if (!isProxyInvitationAnswer(answer)) throw new ValidationError({answer: 'invalid'});
  const {i, account, inviter} = invitationFor(memory, token);
  const today = instantToPlainDate(memory.clock(), memory.data.clinic.timeZone);
  if (answer === 'accept' && !mayInviteProxy(memory.data.clinic, account.dateOfBirth, today))
    throw new ForbiddenError();
  if (answer === 'decline') {
    i.state = 'declined';
    return;
  }
  i.state = 'accepted';
  const live = liveGrant(memory, account.id, inviter.id);
  if (live) live.scope = i.scope;
  else
    grantsOf(memory).push({
      id: `grt_${memory.nextToken('grant').slice(0, 15)}`,
      grantedAt: memory.clock(),
      holderId: account.id,
      dependentId: inviter.id,
      relationship: i.relationship,
      scope: i.scope,
    });
  notify(memory, inviter.email, inviter.language, 'proxy-invitation-accepted', {
    name: inviter.givenName,
    holder: `${account.givenName} ${account.familyName}`,
    scope: i.scope,
  });
}
