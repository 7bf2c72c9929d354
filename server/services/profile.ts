/**
 * The patient's profile: their own details (read, edit with the booking/registration rules), an
 * email change that takes effect only when the new address opens its link, a phone change proven
 * by an SMS code, a password change (the current one checked under the sign-in limit; every other
 * session ended), and the patient's sessions. Rules and message texts: `domain/rules/profile.ts`.
 *
 * Who may call: the signed-in patient, for their own record only (the session decides whose); the
 * email-change confirmation is the one call without a session (the link's token is the proof).
 * Cost: reads are one or two indexed queries; a password check is one scrypt verification (and a
 * hash for a new password), bounded by the per-account sign-in limit for wrong ones and the
 * server's write limit per client; an email change sends two emails, at most once a minute per
 * patient. Logs: the audit log records `profile.*` actions with ids only, never the details.
 */
import {
  type FieldErrorCode,
  InvalidLinkError,
  NotSupportedError,
  RateLimitedError,
  ValidationError,
} from '../../src/domain/errors.js';
import type {
  ActiveSession,
  EmailChangeRequest,
  PasswordChangeRequest,
  Profile,
  ProfileUpdate,
} from '../../src/adapters/adapter.js';
import {emailKey, maskEmail, passwordProblem} from '../../src/domain/rules/index.js';
import {
  EMAIL_CHANGE_FRAGMENT,
  EMAIL_CHANGE_TTL_MS,
  emailChangeProblems,
  emailChangeWait,
  profileMessage,
  checkProfileUpdate,
  profileReadOnly,
  type ProfileMessageKind,
} from '../../src/domain/rules/profile.js';
import {E164_RE} from '../../src/domain/rules/validation.js';
import {
  normalizeSecurityAnswer,
  securityAnswerProblems,
  securityAnswerRemovalProblem,
  storedSecurityQuestion,
  type SecurityAnswerRemoval,
  type SecurityAnswerRequest,
} from '../../src/domain/rules/security-answer.js';
import {instantToPlainDate} from '../../src/domain/time.js';
import type {Language, PlainDate} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {signInBuckets} from '../limits.js';
import {hashPassword, verifyPassword} from '../passwords.js';
import {retireLinks} from '../repositories/links.js';
import {insertMessage} from '../repositories/outbox.js';
import {findPatient, findPatientByEmail, greetingName, type PatientRow} from '../repositories/patients.js';
import {findPhoneToken, usePhoneToken} from '../repositories/phone-codes.js';
import {
  deleteOtherSessions,
  pendingEmailChange,
  patientSessions,
  replaceEmailChange,
  retireEmailChanges,
  setPasswordHash,
  setPatientEmail,
  setSecurityAnswer as storeSecurityAnswer,
  clearSecurityAnswer,
  takeEmailChange,
  updatePatientDetails,
} from '../repositories/profile.js';
import {sha, token} from '../tokens.js';
import {instant, languageOf, num, type CallContext, type PortalContext} from './context.js';
import {audit} from './notify.js';
import {beforePasswordCheck, countPasswordFailure, requirePatient, type LiveSession} from './session.js';
import {passwordContext, patientNames} from './accounts.js';

async function notify(
  s: PortalContext,
  q: Queryable,
  to: string,
  language: Language,
  kind: ProfileMessageKind,
  vars: Record<string, string>,
  links: Record<string, string> = {},
): Promise<void> {
  const clinic = s.data.clinic;
  const {subject, text} = profileMessage(kind, language, {clinic: clinic.name, phone: clinic.phone, ...vars});
  await insertMessage(q, {
    id: `msg_${token(12)}`,
    channel: 'email',
    to,
    at: instant(s, s.clock()),
    language,
    kind: kind === 'email-change-confirm' ? 'verification' : 'account-notice',
    subject,
    text,
    links,
  });
}

async function toProfile(s: PortalContext, q: Queryable, p: PatientRow): Promise<Profile> {
  const pending = await pendingEmailChange(q, p.id, s.clock());
  const readOnly = profileReadOnly(s.data.clinic);
  return {
    givenName: p.given_name,
    familyName: p.family_name,
    email: p.email,
    ...(p.phone ? {phone: p.phone as Profile['phone'] & string} : {}),
    dateOfBirth: p.date_of_birth as PlainDate,
    language: languageOf(p),
    ...(pending ? {pendingEmail: maskEmail(pending.new_email)} : {}),
    ...(p.security_question ? {securityQuestion: p.security_question} : {}),
    ...(p.preferred_name ? {preferredName: p.preferred_name} : {}),
    ...(p.address ? {address: p.address} : {}),
    ...(readOnly.length > 0 ? {readOnly} : {}),
  };
}

/**
 * The current password, checked under the sign-in limits of the account (the buckets of
 * `signInBuckets`: a wrong one counts like a failed sign-in from this address, so the profile is
 * not a way round them). A right one forgets nothing: only a real sign-in does.
 */
async function checkCurrentPassword(
  s: PortalContext,
  call: CallContext,
  p: PatientRow,
  password: unknown,
): Promise<void> {
  const buckets = signInBuckets(emailKey(p.email), call.address ?? 'unknown');
  await beforePasswordCheck(s, buckets, {account: false});
  if (typeof password !== 'string' || password === '')
    throw new ValidationError({currentPassword: 'required'});
  if (!(await verifyPassword(password, p.password_hash))) {
    await countPasswordFailure(s, buckets);
    throw new ValidationError({currentPassword: 'invalid'});
  }
}

const need = (s: PortalContext): void => {
  if (!profileOn(s)) throw new NotSupportedError('profile');
};

/** Whether this server offers the profile (always, for now: a switch for clinics that manage it elsewhere would go here). */
export const profileOn = (_s: PortalContext): boolean => true;

// ---------------------------------------------------------------------------------------------

export async function getProfile(s: PortalContext, call: CallContext): Promise<Profile> {
  need(s);
  const {patient} = await requirePatient(s, call);
  await audit(s, s.db, patient.id, 'profile.read', patient.id);
  return toProfile(s, s.db, patient);
}

export async function updateProfile(
  s: PortalContext,
  call: CallContext,
  update: ProfileUpdate,
): Promise<Profile> {
  need(s);
  const {patient} = await requirePatient(s, call);
  const {phone, phoneVerificationToken, ...details} = update ?? {};
  const today = instantToPlainDate(s.clock(), s.data.clinic.timeZone);
  const current = {
    givenName: patient.given_name,
    familyName: patient.family_name,
    email: patient.email,
    dateOfBirth: patient.date_of_birth as PlainDate,
    language: languageOf(patient),
  };
  const checked = checkProfileUpdate(details, current, today, profileReadOnly(s.data.clinic));
  const fields: Record<string, FieldErrorCode> = checked.ok ? {} : {...checked.fields};
  let proofHash: string | undefined;
  let number: string | undefined;
  if (phone !== undefined) {
    number = typeof phone === 'string' ? phone.trim() : '';
    if (!E164_RE.test(number)) fields.phone = 'invalid-phone';
    else if (number !== patient.phone) {
      if (!phoneVerificationToken) fields.phoneVerificationToken = 'required';
      else {
        proofHash = sha(phoneVerificationToken);
        const t = await findPhoneToken(s.db, proofHash);
        if (!t || t.used || num(t.expires_ms) <= s.clock() || t.phone !== number)
          fields.phoneVerificationToken = 'invalid';
      }
    } else number = undefined;
  }
  if (!checked.ok || Object.keys(fields).length > 0) throw new ValidationError(fields);
  const c = checked.changes;
  const row = await s.db.transaction(async (q) => {
    if (proofHash && !(await usePhoneToken(q, proofHash)))
      throw new ValidationError({phoneVerificationToken: 'invalid'});
    const after = await updatePatientDetails(q, patient.id, {
      givenName: c.givenName,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth,
      language: c.language,
      phone: proofHash ? number : undefined,
      preferredName: c.preferredName,
      address: c.address,
    });
    await audit(s, q, patient.id, 'profile.write', patient.id);
    return after;
  });
  return toProfile(s, s.db, row);
}

export async function requestEmailChange(
  s: PortalContext,
  call: CallContext,
  request: EmailChangeRequest,
): Promise<void> {
  need(s);
  const {patient} = await requirePatient(s, call);
  const fields = emailChangeProblems(request?.newEmail, patient.email);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const now = s.clock();
  const last = await pendingEmailChange(s.db, patient.id, 0);
  const wait = emailChangeWait(last ? num(last.expires_ms) - EMAIL_CHANGE_TTL_MS : undefined, now);
  if (wait > 0) throw new RateLimitedError(wait);
  await checkCurrentPassword(s, call, patient, request.currentPassword);
  const newEmail = request.newEmail.trim();
  const lang = languageOf(patient);
  const vars = {name: greetingName(patient), email: maskEmail(newEmail)};
  await s.db.transaction(async (q) => {
    // Recorded either way, so the requester sees the same thing; the link goes out only when the
    // address is free — otherwise its owner is told, and the token is sent to no one.
    const t = token();
    await replaceEmailChange(q, {
      tokenHash: sha(t),
      patientId: patient.id,
      newEmail,
      expires: now + EMAIL_CHANGE_TTL_MS,
    });
    const owner = await findPatientByEmail(q, emailKey(newEmail));
    if (owner)
      await notify(s, q, owner.email, languageOf(owner), 'email-change-taken', {name: greetingName(owner)});
    else
      await notify(s, q, newEmail, lang, 'email-change-confirm', vars, {
        'confirm-email': `${s.linkBase}#${EMAIL_CHANGE_FRAGMENT}=${t}`,
      });
    await notify(s, q, patient.email, lang, 'email-change-requested', vars);
    await audit(s, q, patient.id, 'profile.email-change.request', patient.id);
  });
}

export async function confirmEmailChange(s: PortalContext, linkToken: string): Promise<void> {
  need(s);
  const done = await s.db.transaction(async (q) => {
    const change = await takeEmailChange(q, sha(typeof linkToken === 'string' ? linkToken : ''));
    if (!change || num(change.expires_ms) <= s.clock()) return false;
    const before = await findPatient(q, change.patient_id);
    if (!before) return false;
    const after = await setPatientEmail(q, before.id, change.new_email, emailKey(change.new_email));
    // Taken meanwhile by another account: the link is no good any more (its use still counts).
    if (!after) return true;
    await notify(s, q, before.email, languageOf(before), 'email-changed', {
      name: greetingName(before),
      email: maskEmail(change.new_email),
    });
    await audit(s, q, before.id, 'profile.email-change.confirm', before.id);
    return 'changed' as const;
  });
  if (done !== 'changed') throw new InvalidLinkError();
}

export async function changePassword(
  s: PortalContext,
  call: CallContext,
  request: PasswordChangeRequest,
): Promise<void> {
  need(s);
  const live: LiveSession = await requirePatient(s, call);
  const {patient} = live;
  const problem =
    passwordProblem(request?.newPassword) ??
    passwordProblem(request?.newPassword, await passwordContext(s, patientNames(patient)));
  await checkCurrentPassword(s, call, patient, request?.currentPassword);
  if (problem) throw new ValidationError({newPassword: problem});
  const hash = await hashPassword(request.newPassword);
  await s.db.transaction(async (q) => {
    await setPasswordHash(q, patient.id, hash);
    await deleteOtherSessions(q, patient.id, live.row.token_hash);
    // Asked for under the old password: retired with it.
    await retireEmailChanges(q, patient.id);
    await retireLinks(q, patient.id, 'reset');
    await notify(s, q, patient.email, languageOf(patient), 'password-changed', {name: greetingName(patient)});
    await audit(s, q, patient.id, 'profile.password-change', patient.id);
  });
}

/**
 * Her own security question and answer, where the clinic asks for one (otherwise not supported):
 * the current password first (counted like sign-ins), then the domain's rule; the answer stored as
 * a scrypt hash of its normalized form, never returned or logged (the audit names the action only).
 */
export async function setSecurityAnswer(
  s: PortalContext,
  call: CallContext,
  request: SecurityAnswerRequest,
): Promise<Profile> {
  need(s);
  if (!s.data.clinic.securityQuestion) throw new NotSupportedError('securityQuestion');
  const {patient} = await requirePatient(s, call);
  const fields = securityAnswerProblems(request);
  await checkCurrentPassword(s, call, patient, request?.currentPassword);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const question = storedSecurityQuestion(request.question);
  const hash = await hashPassword(normalizeSecurityAnswer(request.answer));
  return s.db.transaction(async (q) => {
    await storeSecurityAnswer(q, patient.id, question, hash);
    await audit(s, q, patient.id, 'profile.security-question', patient.id);
    return toProfile(s, q, {...patient, security_question: question});
  });
}

/**
 * Removes her security question, where the clinic's setting is `optional` (the domain's rule
 * refuses it where the clinic requires one, before the password is looked at); the current
 * password checked like sign-ins. With none set, the same answer (nothing audited).
 */
export async function removeSecurityAnswer(
  s: PortalContext,
  call: CallContext,
  request: SecurityAnswerRemoval,
): Promise<Profile> {
  need(s);
  const setting = s.data.clinic.securityQuestion;
  if (!setting) throw new NotSupportedError('securityQuestion');
  const {patient} = await requirePatient(s, call);
  const refused = securityAnswerRemovalProblem(setting);
  if (Object.keys(refused).length > 0) throw new ValidationError(refused);
  await checkCurrentPassword(s, call, patient, request?.currentPassword);
  if (!patient.security_question) return toProfile(s, s.db, patient);
  return s.db.transaction(async (q) => {
    await clearSecurityAnswer(q, patient.id);
    await audit(s, q, patient.id, 'profile.security-question-removed', patient.id);
    return toProfile(s, q, {...patient, security_question: null, security_answer_hash: null});
  });
}

export async function listSessions(s: PortalContext, call: CallContext): Promise<ActiveSession[]> {
  need(s);
  const live = await requirePatient(s, call);
  const now = s.clock();
  return (await patientSessions(s.db, live.patient.id))
    .filter((r) => now - num(r.last_used) < s.idleMs)
    .map((r) => ({
      id: r.id,
      method: r.method,
      lastUsedAt: instant(s, num(r.last_used)),
      current: r.token_hash === live.row.token_hash,
    }));
}

export async function signOutOtherSessions(s: PortalContext, call: CallContext): Promise<number> {
  need(s);
  const live = await requirePatient(s, call);
  const n = await deleteOtherSessions(s.db, live.patient.id, live.row.token_hash);
  await audit(s, s.db, live.patient.id, 'profile.sign-out-others', live.patient.id);
  return n;
}
