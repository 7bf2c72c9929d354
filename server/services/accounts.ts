/**
 * Accounts: invitations (the clinic's command), self-registration with email verification, and
 * password reset. Every link is single-use and stored by its token's hash; registration and reset
 * answer the same whether or not the email has an account (the owner of one is told by email).
 * Password rules and link lifetimes are the domain's (`checkPassword`, `ACCOUNT_LIMITS`).
 */
import {InvalidLinkError, ValidationError} from '../../src/domain/errors.js';
import {
  ACCOUNT_LIMITS,
  checkPassword,
  emailKey,
  maskEmail,
  passwordProblem,
  resetRequestProblems,
  storedDetails,
} from '../../src/domain/rules/index.js';
import type {E164, Language, PatientDetails} from '../../src/domain/types.js';
import {personalWords, type PasswordContext} from '../../src/domain/rules/passwords.js';
import {loadPasswordScorer} from '../../src/domain/rules/password-strength.js';
import type {
  InvitationInfo,
  PasswordResetCheck,
  PasswordResetRequest,
  RegistrationRequest,
} from '../../src/adapters/adapter.js';
import {normalizeSecurityAnswer, storedSecurityQuestion} from '../../src/domain/rules/security-answer.js';
import {
  firstAccessAsks,
  firstAccessProblems,
  type FirstAccessDetails,
} from '../../src/domain/rules/first-access.js';
import {findPhoneToken, usePhoneToken} from '../repositories/phone-codes.js';
import {setSecurityAnswer, updatePatientDetails} from '../repositories/profile.js';
import type {Queryable} from '../db.js';
import {hashPassword, verifyPassword} from '../passwords.js';
import {
  findLink,
  insertLink,
  retireLinks,
  useLink as markLinkUsed,
  type LinkPurpose,
} from '../repositories/links.js';
import {
  findPatient,
  findPatientByEmail,
  greetingName,
  insertPatient,
  setPasswordVerified,
  type PatientRow,
} from '../repositories/patients.js';
import {deletePatientSessions} from '../repositories/sessions.js';
import {auditCall} from './audit.js';
import {accountSignInPrefixes, secondFactorBucket, signInBuckets} from '../limits.js';
import {sha, token} from '../tokens.js';
import {capabilities, detailsProblems} from './clinic.js';
import {languageOf, num, type CallContext, type PortalContext} from './context.js';
import {audit, send} from './notify.js';
import {
  beforePasswordCheck,
  countPasswordFailure,
  startSession,
  type StartedSession,
  type StartOptions,
} from './session.js';

/** The patient's names and email, as the password rules read them. */
export const patientNames = (p: PatientRow) => ({
  givenName: p.given_name,
  familyName: p.family_name,
  email: p.email,
});

/**
 * What a new password is checked against (issue 14 item 10): the patient's and the clinic's words and
 * the scorer (loaded on first use). Callers check the cheap rules first, so a short or listed
 * password never costs the scorer's time.
 */
export async function passwordContext(
  s: PortalContext,
  patient: {readonly givenName?: string; readonly familyName?: string; readonly email?: string},
): Promise<PasswordContext> {
  return {words: personalWords(patient, s.data.clinic.name), scorer: await loadPasswordScorer()};
}

/** The patient a valid (known, unused, unexpired) link of this purpose stands for. */
async function linkPatient(
  s: PortalContext,
  q: Queryable,
  tokenValue: string,
  purpose: LinkPurpose,
  lock = false,
): Promise<{patient: PatientRow; hash: string; passwordHash: string | null}> {
  const hash = sha(typeof tokenValue === 'string' ? tokenValue : '');
  const link = await findLink(q, hash, lock);
  const patient = link ? await findPatient(q, link.patient_id) : undefined;
  if (!link || !patient || link.purpose !== purpose || link.used || num(link.expires_ms) <= s.clock())
    throw new InvalidLinkError();
  return {patient, hash, passwordHash: link.password_hash};
}

/** Uses a link up and sets the patient's password (verifying the email); the patient as changed. */
async function useLink(
  s: PortalContext,
  purpose: LinkPurpose,
  tokenValue: string,
  password: string | undefined,
  /** More to store with the link's use, in the same transaction (first access's details). */
  also?: (q: Queryable, patient: PatientRow) => Promise<void>,
): Promise<PatientRow> {
  if (password !== undefined) {
    checkPassword(password);
    // The link's patient, read first (an unknown link fails here as in the transaction).
    const {patient} = await linkPatient(s, s.db, tokenValue, purpose);
    checkPassword(password, await passwordContext(s, patientNames(patient)));
  }
  const newHash = password !== undefined ? await hashPassword(password) : undefined;
  const changed = await s.db.transaction(async (q) => {
    const {patient, hash, passwordHash} = await linkPatient(s, q, tokenValue, purpose, true);
    await markLinkUsed(q, hash);
    await also?.(q, patient);
    // Every other registration's link goes too: an earlier registrant's password (issue 14 item 4)
    // never replaces the one set now.
    await retireLinks(q, patient.id, 'verify');
    const updated = await setPasswordVerified(q, patient.id, newHash ?? passwordHash);
    await audit(s, q, patient.id, `account.${purpose}`, patient.id);
    return updated;
  });
  // The owner proved themselves by the emailed link: the account's sign-in lockouts end.
  for (const prefix of accountSignInPrefixes(emailKey(changed.email)))
    await s.limits.clear(prefix, {prefix: true});
  await s.limits.clear(secondFactorBucket(changed.id));
  return changed;
}

/** A new single-use link for the patient; its token (only the hash is stored). */
async function newLink(
  q: Queryable,
  purpose: LinkPurpose,
  patientId: string,
  expires: number,
  passwordHash?: string,
): Promise<string> {
  const t = token();
  await insertLink(q, {tokenHash: sha(t), purpose, patientId, expires, passwordHash});
  return t;
}

/**
 * Invites a patient (the clinic's invitation command): creates the patient if needed and sends
 * the invitation email with a single-use link (30 days). Refused for an address that already
 * has an account. Resolves to the patient's id.
 */
export async function invite(
  s: PortalContext,
  details: Omit<PatientDetails, 'phone'> & {phone?: E164},
): Promise<string> {
  const fields = detailsProblems(s, {...details, phone: details.phone ?? ('+10000000000' as E164)}, '');
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return s.db.transaction(async (q) => {
    const key = emailKey(details.email);
    let patient = await findPatientByEmail(q, key, true);
    if (patient?.password_hash) throw new ValidationError({email: 'duplicate'});
    patient ??= await insertPatient(q, {
      id: `pat_${token(12)}`,
      emailKey: key,
      details: {
        ...details,
        email: details.email.trim(),
        givenName: details.givenName.trim(),
        familyName: details.familyName.trim(),
        phone: details.phone ?? null,
      },
    });
    await retireLinks(q, patient.id, 'invitation');
    const t = await newLink(q, 'invitation', patient.id, s.clock() + ACCOUNT_LIMITS.invitationTtlMs);
    await send(s, q, {
      language: details.language === 'en' ? 'en' : 'es',
      channel: 'email',
      to: patient.email,
      kind: 'invitation',
      vars: {name: greetingName(patient)},
      links: {'create-account': `${s.linkBase}#portal-invitation=${t}`},
    });
    await audit(s, q, 'clinic', 'patient.invite', patient.id);
    return patient.id;
  });
}

/** Sends a seeded patient's invitation (inside the seed's transaction). */
export async function seedInvitation(
  s: PortalContext,
  q: Queryable,
  inv: {id: string; email: string; givenName: string; language: Language},
  now: number,
): Promise<void> {
  const t = await newLink(q, 'invitation', inv.id, now + ACCOUNT_LIMITS.invitationTtlMs);
  await send(s, q, {
    language: inv.language,
    channel: 'email',
    to: inv.email,
    kind: 'invitation',
    vars: {name: inv.givenName},
    links: {'create-account': `${s.linkBase}#portal-invitation=${t}`},
  });
}

/** What first access asks here (`rules/first-access.ts`): the clinic's settings, SMS codes on. */
const asksOf = (s: PortalContext) => firstAccessAsks(s.data.clinic, capabilities(s).smsCodes);

export async function getInvitation(s: PortalContext, tokenValue: string): Promise<InvitationInfo> {
  const {patient} = await linkPatient(s, s.db, tokenValue, 'invitation');
  const asks = asksOf(s);
  return {
    givenName: patient.given_name,
    maskedEmail: maskEmail(patient.email),
    ...(asks.mobile || asks.securityQuestion ? {asks} : {}),
  };
}

/**
 * Sets the password from an invitation's link; where the clinic asks more at first access, its
 * details by the domain's rule (`rules/first-access.ts`) — the phone's proof one of this server's
 * for that number, unused and in time — all checked before anything is stored, then stored with
 * the link's use in one transaction (the proof used, the number hers, the answer as a scrypt hash).
 */
export async function acceptInvitation(
  s: PortalContext,
  tokenValue: string,
  password: string,
  options: StartOptions = {},
  details?: FirstAccessDetails,
): Promise<StartedSession> {
  const link = await linkPatient(s, s.db, tokenValue, 'invitation');
  const asks = asksOf(s);
  checkPassword(password);
  checkPassword(password, await passwordContext(s, patientNames(link.patient)));
  const fields = firstAccessProblems(asks, details);
  const phone = details?.phone?.trim();
  const proofHash =
    asks.mobile && details?.phoneVerificationToken ? sha(details.phoneVerificationToken) : undefined;
  if (proofHash && !fields.phone && !fields.phoneVerificationToken) {
    const t = await findPhoneToken(s.db, proofHash);
    if (!t || t.used || num(t.expires_ms) <= s.clock() || t.phone !== phone)
      fields.phoneVerificationToken = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const answerHash = asks.securityQuestion
    ? await hashPassword(normalizeSecurityAnswer(details!.securityAnswer!))
    : undefined;
  const patient = await useLink(s, 'invitation', tokenValue, password, async (q, p) => {
    if (proofHash) {
      if (!(await usePhoneToken(q, proofHash)))
        throw new ValidationError({phoneVerificationToken: 'invalid'});
      await updatePatientDetails(q, p.id, {phone});
    }
    if (answerHash)
      await setSecurityAnswer(q, p.id, storedSecurityQuestion(details!.securityQuestion!), answerHash);
  });
  return startSession(s, patient, 'invitation', options);
}

/** Answers the same whether or not the email has an account; the owner of one is told instead. */
export async function register(s: PortalContext, request: RegistrationRequest): Promise<void> {
  const fields = detailsProblems(s, request.patient, 'patient.');
  const pw =
    passwordProblem(request.password) ??
    passwordProblem(request.password, await passwordContext(s, request.patient ?? {}));
  if (pw) fields.password = pw;
  if (s.data.clinic.privacy.explicitConsent && request.privacyConsent !== true)
    fields.privacyConsent = 'consent-required';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const d = request.patient;
  const passwordHash = await hashPassword(request.password);
  await s.db.transaction(async (q) => {
    const existing = await findPatientByEmail(q, emailKey(d.email), true);
    if (existing && existing.password_hash !== null) {
      await send(s, q, {
        language: languageOf(existing),
        channel: 'email',
        to: existing.email,
        kind: 'account-notice',
        vars: {name: greetingName(existing)},
        links: {'sign-in': s.linkBase, 'forgot-password': s.linkBase},
      });
      return;
    }
    const patient =
      existing ??
      (await insertPatient(q, {
        id: `pat_${token(12)}`,
        emailKey: emailKey(d.email),
        details: storedDetails(d),
      }));
    const t = await newLink(
      q,
      'verify',
      patient.id,
      s.clock() + ACCOUNT_LIMITS.verifyLinkTtlMs,
      passwordHash,
    );
    await send(s, q, {
      language: d.language === 'en' ? 'en' : 'es',
      channel: 'email',
      to: patient.email,
      kind: 'verification',
      vars: {name: greetingName(patient)},
      links: {verify: `${s.linkBase}#portal-verify=${t}`},
    });
  });
}

/**
 * Finishes a registration: the link's token and the password chosen when registering (issue 14
 * item 4: whoever registered someone else's address never has the owner's click activate the
 * password they chose). A wrong password counts like a failed sign-in of the account from this
 * address; the link stays usable until it expires or another registration is verified.
 */
export async function verifyEmail(
  s: PortalContext,
  tokenValue: string,
  password: unknown,
  options: StartOptions = {},
): Promise<StartedSession> {
  const {patient, passwordHash} = await linkPatient(s, s.db, tokenValue, 'verify');
  if (typeof password !== 'string' || password === '') throw new ValidationError({password: 'required'});
  const buckets = signInBuckets(emailKey(patient.email), options.replacing?.address ?? 'unknown');
  await beforePasswordCheck(s, buckets, {account: false});
  if (!(await verifyPassword(password, passwordHash))) {
    await countPasswordFailure(s, buckets);
    await auditCall(s, s.db, options.replacing, {
      actor: 'anonymous',
      action: 'account.verify-failed',
      patientId: patient.id,
    });
    throw new ValidationError({password: 'invalid'});
  }
  const verified = await useLink(s, 'verify', tokenValue, undefined);
  return startSession(s, verified, 'verification', options);
}

/** Answers the same whatever the email and date of birth; a link goes out only when both match. */
export async function requestPasswordReset(
  s: PortalContext,
  request: PasswordResetRequest,
  call?: CallContext,
): Promise<void> {
  const fields = resetRequestProblems(request);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  await s.db.transaction(async (q) => {
    const patient = await findPatientByEmail(q, emailKey(request.email));
    // Audited whether or not it matched (the caller learns nothing either way).
    await auditCall(s, q, call, {
      actor: 'anonymous',
      action:
        patient && patient.date_of_birth === request.dateOfBirth
          ? 'account.reset-requested'
          : 'account.reset-request-unmatched',
      patientId: patient?.id,
    });
    if (!patient || patient.date_of_birth !== request.dateOfBirth) return;
    // A new link replaces any earlier one.
    await retireLinks(q, patient.id, 'reset');
    const t = await newLink(q, 'reset', patient.id, s.clock() + ACCOUNT_LIMITS.resetLinkTtlMs);
    await send(s, q, {
      language:
        request.language === 'en' || request.language === 'es' ? request.language : languageOf(patient),
      channel: 'email',
      to: patient.email,
      kind: 'password-reset',
      vars: {name: greetingName(patient)},
      links: {reset: `${s.linkBase}#portal-reset=${t}`},
    });
  });
}

/** A good reset link: her security question when she set one (`resetPassword` then needs its answer). */
export async function checkPasswordReset(s: PortalContext, tokenValue: string): Promise<PasswordResetCheck> {
  const {patient} = await linkPatient(s, s.db, tokenValue, 'reset');
  return patient.security_question ? {securityQuestion: patient.security_question} : {};
}

/**
 * The answer to her security question, when she set one (`rules/security-answer.ts`: compared
 * normalized, against its scrypt hash): missing → 422 `required`; wrong → 422 `invalid`, counted
 * like a failed sign-in of the account from this address (so the link is no way round those
 * limits); the link stays usable.
 */
async function checkSecurityAnswer(
  s: PortalContext,
  patient: PatientRow,
  answer: unknown,
  options: StartOptions,
): Promise<void> {
  if (!patient.security_answer_hash) return;
  if (typeof answer !== 'string' || !answer.trim()) throw new ValidationError({securityAnswer: 'required'});
  const buckets = signInBuckets(emailKey(patient.email), options.replacing?.address ?? 'unknown');
  await beforePasswordCheck(s, buckets, {account: false});
  if (!(await verifyPassword(normalizeSecurityAnswer(answer), patient.security_answer_hash))) {
    await countPasswordFailure(s, buckets);
    await auditCall(s, s.db, options.replacing, {
      actor: 'anonymous',
      action: 'account.reset-answer-failed',
      patientId: patient.id,
    });
    throw new ValidationError({securityAnswer: 'invalid'});
  }
}

/** Sets the new password, ends the patient's other sessions, and starts one. */
export async function resetPassword(
  s: PortalContext,
  tokenValue: string,
  password: string,
  options: StartOptions = {},
  securityAnswer?: unknown,
): Promise<StartedSession> {
  const link = await linkPatient(s, s.db, tokenValue, 'reset');
  // The new password's rules first (nothing counted for a weak one), then her answer.
  checkPassword(password);
  checkPassword(password, await passwordContext(s, patientNames(link.patient)));
  await checkSecurityAnswer(s, link.patient, securityAnswer, options);
  const patient = await useLink(s, 'reset', tokenValue, password);
  await deletePatientSessions(s.db, patient.id);
  return startSession(s, patient, 'reset', options);
}
