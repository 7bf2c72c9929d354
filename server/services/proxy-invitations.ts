/**
 * Family members (#21): the adult's own invitation. She invites someone by email (a single-use link,
 * its token kept hashed), sees who may see her information and revokes any of them; the invited
 * account accepts — the same grant the clinic records (`proxy_grants`, granted_by `invitation`) —
 * or declines. The rules and the messages are `src/domain/rules/proxy-invitation.ts`. Audited with
 * ids only: `proxy.invite`, `proxy.invitation.withdraw`, `proxy.invitation.accept`,
 * `proxy.invitation.decline`, `proxy.revoke` (actor: the patient).
 */
import {
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../src/domain/errors.js';
import {emailKey} from '../../src/domain/rules/accounts.js';
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
  type ProxyInvitationMessageKind,
  type ProxyInvitationRequest,
} from '../../src/domain/rules/proxy-invitation.js';
import {DAY_MS, instantToPlainDate} from '../../src/domain/time.js';
import type {Language, PlainDate} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {insertMessage} from '../repositories/outbox.js';
import {findPatient, findPatientByEmail, findPatients, type PatientRow} from '../repositories/patients.js';
import {
  findLiveGrant,
  insertGrant,
  liveGrantsFor,
  revokeGrant,
  setGrantScope,
} from '../repositories/proxy-grants.js';
import {
  endInvitation,
  findInvitationByToken,
  insertInvitation,
  invitationsSentSince,
  lockInviter,
  pendingInvitationsOf,
  type ProxyInvitationRow,
} from '../repositories/proxy-invitations.js';
import {sha, token} from '../tokens.js';
import {instant, languageOf, num, type CallContext, type PortalContext} from './context.js';
import {audit} from './notify.js';
import {requirePatient} from './session.js';

async function notify(
  s: PortalContext,
  q: Queryable,
  to: string,
  language: Language,
  kind: ProxyInvitationMessageKind,
  vars: Record<string, string>,
  links: Record<string, string> = {},
): Promise<void> {
  const clinic = s.data.clinic;
  const {subject, text} = proxyInvitationMessage(kind, language, {
    clinic: clinic.name,
    phone: clinic.phone,
    ...vars,
  });
  await insertMessage(q, {
    id: `msg_${token(12)}`,
    channel: 'email',
    to,
    at: instant(s, s.clock()),
    language,
    kind: 'account-notice',
    subject,
    text,
    links,
  });
}

const fullName = (p: PatientRow) => `${p.given_name} ${p.family_name}`;

/** `POST /proxy-invitations`: she invites someone to act for her; 202 whether or not the address has an account. */
export async function inviteProxy(
  s: PortalContext,
  call: CallContext,
  request: ProxyInvitationRequest,
): Promise<void> {
  const {patient} = await requirePatient(s, call);
  const clinic = s.data.clinic;
  const today = instantToPlainDate(s.clock(), clinic.timeZone);
  if (!mayInviteProxy(clinic, patient.date_of_birth as PlainDate, today)) throw new ForbiddenError();
  await s.db.transaction(async (q) => {
    await lockInviter(q, patient.id);
    const now = s.clock();
    const pending = await pendingInvitationsOf(q, patient.id, now);
    const grants = await liveGrantsFor(q, patient.id);
    const holders = await findPatients(
      q,
      grants.map((g) => g.holder_id),
    );
    const taken = [
      ...pending.map((i) => i.email_key),
      ...[...holders.values()].map((h) => emailKey(h.email)),
    ];
    const fields = proxyInvitationProblems(request, patient.email, taken);
    if (Object.keys(fields).length === 0 && pending.length >= PROXY_INVITATIONS_PENDING)
      fields.email = 'too-many';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    const sent = await invitationsSentSince(q, patient.id, now - DAY_MS);
    const wait = proxyInvitationWait(
      sent.map((i) => num(i.sent_ms)),
      now,
    );
    if (wait > 0) throw new RateLimitedError(wait);
    const email = request.email.trim();
    const t = token(32);
    const id = `pinv_${token(15)}`;
    await insertInvitation(q, {
      id,
      token_hash: sha(t),
      inviter_id: patient.id,
      email,
      email_key: emailKey(email),
      relationship: request.relationship,
      scope: request.scope,
      sent_ms: now,
      expires_ms: now + PROXY_INVITATION_TTL_MS,
    });
    // In the invited account's language where it has one, else in hers.
    const account = await findPatientByEmail(q, emailKey(email));
    await notify(
      s,
      q,
      email,
      languageOf(account ?? patient),
      'proxy-invitation',
      {inviter: fullName(patient), scope: request.scope},
      {'accept-invitation': `${s.linkBase}#${PROXY_INVITATION_FRAGMENT}=${t}`},
    );
    await audit(s, q, patient.id, 'proxy.invite', patient.id);
  });
}

/** `GET /proxy-access`: who may see her information, and her invitations waiting. */
export async function listProxyAccess(s: PortalContext, call: CallContext): Promise<ProxyAccess> {
  const {patient} = await requirePatient(s, call);
  const grants = await liveGrantsFor(s.db, patient.id);
  const holders = await findPatients(
    s.db,
    grants.map((g) => g.holder_id),
  );
  const invitations = await pendingInvitationsOf(s.db, patient.id, s.clock());
  return {
    grants: grants.flatMap((g) => {
      const h = holders.get(g.holder_id);
      return h
        ? [
            {
              id: g.id,
              givenName: h.given_name,
              familyName: h.family_name,
              relationship: g.relationship,
              scope: g.scope,
              since: instant(s, num(g.granted_ms)),
            },
          ]
        : [];
    }),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      relationship: i.relationship,
      scope: i.scope,
      expiresAt: instant(s, num(i.expires_ms)),
    })),
  };
}

/** `DELETE /proxy-access/{id}`: ends a grant for her (the holder's next request for her is 404) or withdraws an invitation. */
export async function revokeProxyAccess(s: PortalContext, call: CallContext, id: string): Promise<void> {
  const {patient} = await requirePatient(s, call);
  await s.db.transaction(async (q) => {
    const now = s.clock();
    const grant = (await liveGrantsFor(q, patient.id)).find((g) => g.id === id);
    if (grant) {
      await revokeGrant(q, grant.id, now);
      await audit(s, q, patient.id, 'proxy.revoke', patient.id);
      return;
    }
    const invitation = (await pendingInvitationsOf(q, patient.id, now)).find((i) => i.id === id);
    if (!invitation || !(await endInvitation(q, invitation.id, 'withdrawn', now))) throw new NotFoundError();
    await audit(s, q, patient.id, 'proxy.invitation.withdraw', patient.id);
  });
}

/**
 * A link's invitation, for the signed-in `account` it went to: 403 (another address), 410 (no
 * longer good). (The session is read before any transaction: PGlite has one connection.)
 */
async function invitationFor(
  s: PortalContext,
  account: PatientRow,
  q: Queryable,
  linkToken: unknown,
  lock = false,
): Promise<{i: ProxyInvitationRow; inviter: PatientRow}> {
  const i =
    typeof linkToken === 'string' && linkToken !== ''
      ? await findInvitationByToken(q, sha(linkToken), lock)
      : undefined;
  const inviter = i && (await findPatient(q, i.inviter_id));
  if (!i || !inviter || i.state !== 'pending' || num(i.expires_ms) <= s.clock()) throw new InvalidLinkError();
  if (!invitationIsFor({email: i.email, inviterId: i.inviter_id}, account)) throw new ForbiddenError();
  return {i, inviter};
}

/** `POST /proxy-invitations/lookup`: who invites, for the account the link went to. */
export async function getProxyInvitation(
  s: PortalContext,
  call: CallContext,
  linkToken: unknown,
): Promise<ProxyInvitation> {
  const {patient: account} = await requirePatient(s, call);
  const {i, inviter} = await invitationFor(s, account, s.db, linkToken);
  return {
    inviterGivenName: inviter.given_name,
    inviterFamilyName: inviter.family_name,
    relationship: i.relationship,
    scope: i.scope,
    expiresAt: instant(s, num(i.expires_ms)),
  };
}

/** `POST /proxy-invitations/answer`: accept (the grant is recorded, the inviter told) or decline. */
export async function answerProxyInvitation(
  s: PortalContext,
  call: CallContext,
  linkToken: unknown,
  answer: unknown,
): Promise<void> {
  const {patient: account} = await requirePatient(s, call);
  if (!isProxyInvitationAnswer(answer)) throw new ValidationError({answer: 'invalid'});
  await s.db.transaction(async (q) => {
    const {i, inviter} = await invitationFor(s, account, q, linkToken, true);
    const now = s.clock();
    // A minor does not act for someone else.
    const today = instantToPlainDate(now, s.data.clinic.timeZone);
    if (answer === 'accept' && !mayInviteProxy(s.data.clinic, account.date_of_birth as PlainDate, today))
      throw new ForbiddenError();
    await endInvitation(q, i.id, answer === 'accept' ? 'accepted' : 'declined', now);
    if (answer === 'decline') {
      await audit(s, q, account.id, 'proxy.invitation.decline', inviter.id);
      return;
    }
    const live = await findLiveGrant(q, account.id, inviter.id);
    if (live) await setGrantScope(q, live.id, i.scope);
    else
      await insertGrant(q, {
        id: `grt_${token(15)}`,
        holder_id: account.id,
        dependent_id: inviter.id,
        relationship: i.relationship,
        scope: i.scope,
        granted_by: 'invitation',
        granted_ms: now,
      });
    await audit(s, q, account.id, 'proxy.invitation.accept', inviter.id);
    await notify(s, q, inviter.email, languageOf(inviter), 'proxy-invitation-accepted', {
      name: inviter.given_name,
      holder: fullName(account),
      scope: i.scope,
    });
  });
}
