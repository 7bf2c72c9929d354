/**
 * The memory adapter's profile: the patient's own details (view, edit), an email change confirmed
 * from the new address, a phone change proven by SMS code, a password change, and the sessions
 * (this backend keeps one per adapter, so "the other sessions" are always none). The rules and the
 * messages' texts are the domain's (`domain/rules/profile.ts`). Loaded on first use, in its own chunk.
 */
import {
  InvalidLinkError,
  RateLimitedError,
  ValidationError,
  type ActiveSession,
  type EmailChangeRequest,
  type PasswordChangeRequest,
  type Profile,
  type ProfileUpdate,
} from '../adapter.js';
import type {FieldErrorCode} from '../../domain/errors.js';
import {ACCOUNT_LIMITS, emailKey, maskEmail, passwordProblem} from '../../domain/rules/index.js';
import {personalWords, type PasswordScorer} from '../../domain/rules/passwords.js';
export {loadPasswordScorer} from '../../domain/rules/password-strength.js';
// Medical information (#17, `medical.ts`) is installed from MEDICAL_OPERATIONS with this part and
// loads with it (the profile shows it), as the cards load with billing.
export {
  addMedicalEntry,
  getMedicalInfo,
  ready,
  removeMedicalEntry,
  reviewMedicalEntries,
  updateMedicalEntry,
} from './medical.js';
// Insurance cards (#17, `insurance.ts`) too, from MEDICAL_OPERATIONS.
export {
  addInsuranceCard,
  getInsuranceCardPhoto,
  listInsuranceCards,
  removeInsuranceCardPhoto,
  uploadInsuranceCardPhoto,
  removeInsuranceCard,
  setPrimaryInsuranceCard,
  updateInsuranceCard,
} from './insurance.js';
// The profile photo (#17, `photo.ts`) too, from MEDICAL_OPERATIONS.
export {getProfilePhoto, removeProfilePhoto, uploadProfilePhoto} from './photo.js';
import {
  EMAIL_CHANGE_FRAGMENT,
  EMAIL_CHANGE_TTL_MS,
  emailChangeProblems,
  emailChangeWait,
  profileMessage,
  checkProfileUpdate,
  profileReadOnly,
  type ProfileMessageKind,
} from '../../domain/rules/profile.js';
import {E164_RE} from '../../domain/rules/validation.js';
import {
  normalizeSecurityAnswer,
  securityAnswerProblems,
  securityAnswerRemovalProblem,
  storedSecurityQuestion,
  type SecurityAnswerRemoval,
  type SecurityAnswerRequest,
} from '../../domain/rules/security-answer.js';
import {instantToPlainDate} from '../../domain/time.js';
import type {Language} from '../../domain/types.js';
import type {PatientRecord, SessionRecord} from './internals.js';
import type {MemoryState} from './state.js';
import {nameToGreet} from '../../domain/rules/profile.js';

interface EmailChangeRecord {
  readonly patientId: string;
  readonly at: number;
  readonly newEmail: string;
  readonly expires: number;
  used: boolean;
}

/** Pending email changes, per adapter state (token → change). */
const emailChanges = new WeakMap<MemoryState, Map<string, EmailChangeRecord>>();
const changesOf = (memory: MemoryState): Map<string, EmailChangeRecord> => {
  let m = emailChanges.get(memory);
  if (!m) emailChanges.set(memory, (m = new Map()));
  return m;
};

function need(memory: MemoryState): void {
  memory.need(memory.caps.profile === true, 'profile');
}

function notify(
  memory: MemoryState,
  to: string,
  language: Language,
  kind: ProfileMessageKind,
  vars: Record<string, string>,
  links: Record<string, string> = {},
): void {
  const clinic = memory.data.clinic;
  const lang: Language = language === 'en' ? 'en' : 'es';
  const {subject, text} = profileMessage(kind, lang, {clinic: clinic.name, phone: clinic.phone, ...vars});
  memory.outbox.push({
    id: `msg_${(++memory.messageSeq).toString().padStart(4, '0')}`,
    channel: 'email',
    to,
    at: memory.instant(memory.clock()),
    language: lang,
    kind: kind === 'email-change-confirm' ? 'verification' : 'account-notice',
    subject,
    text,
    links,
  });
}

function pendingFor(memory: MemoryState, patient: PatientRecord): EmailChangeRecord | undefined {
  const now = memory.clock();
  let found: EmailChangeRecord | undefined;
  for (const c of changesOf(memory).values())
    if (c.patientId === patient.id && !c.used && c.expires > now) found = c;
  return found;
}

function toProfile(memory: MemoryState, p: PatientRecord): Profile {
  const pending = pendingFor(memory, p);
  const readOnly = profileReadOnly(memory.data.clinic);
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    email: p.email,
    ...(p.phone ? {phone: p.phone} : {}),
    dateOfBirth: p.dateOfBirth,
    language: p.language,
    ...(pending ? {pendingEmail: maskEmail(pending.newEmail)} : {}),
    ...(p.securityQuestion ? {securityQuestion: p.securityQuestion} : {}),
    ...(p.preferredName ? {preferredName: p.preferredName} : {}),
    ...(p.address ? {address: p.address} : {}),
    ...(readOnly.length > 0 ? {readOnly} : {}),
  };
}

/** The current password, checked under the sign-in limit for this account (5 wrong in 15 min). */
function checkCurrentPassword(memory: MemoryState, patient: PatientRecord, password: unknown): void {
  const key = emailKey(patient.email);
  const now = memory.clock();
  const window = ACCOUNT_LIMITS.signInWindowMs;
  const recent = (memory.signInFailures.get(key) ?? []).filter((t) => t > now - window);
  memory.signInFailures.set(key, recent);
  if (recent.length >= ACCOUNT_LIMITS.signInMaxFailures) {
    throw new RateLimitedError(Math.max(1, Math.ceil((recent[0] + window - now) / 1000)));
  }
  if (typeof password !== 'string' || password === '')
    throw new ValidationError({currentPassword: 'required'});
  if (
    patient.passwordHash === undefined ||
    memory.hashPassword(patient.salt, password) !== patient.passwordHash
  ) {
    recent.push(now);
    throw new ValidationError({currentPassword: 'invalid'});
  }
}

// ---------------------------------------------------------------------------------------------
// Operations

export function getProfile(memory: MemoryState): Profile {
  need(memory);
  return toProfile(memory, memory.requirePatient());
}

export function updateProfile(memory: MemoryState, update: ProfileUpdate): Profile {
  need(memory);
  const patient = memory.requirePatient();
  const {phone, phoneVerificationToken, ...details} = (update ?? {}) as ProfileUpdate;
  const today = instantToPlainDate(memory.clock(), memory.data.clinic.timeZone);
  const checked = checkProfileUpdate(details, patient, today, profileReadOnly(memory.data.clinic));
  const fields: Record<string, FieldErrorCode> = checked.ok ? {} : {...checked.fields};
  let proof: {phone: string; expires: number; used: boolean} | undefined;
  if (phone !== undefined) {
    const number = typeof phone === 'string' ? phone.trim() : '';
    if (!E164_RE.test(number)) fields.phone = 'invalid-phone';
    else if (number !== patient.phone) {
      proof =
        typeof phoneVerificationToken === 'string'
          ? memory.phoneTokens.get(phoneVerificationToken)
          : undefined;
      if (!phoneVerificationToken) fields.phoneVerificationToken = 'required';
      else if (!proof || proof.used || proof.expires <= memory.clock() || proof.phone !== number)
        fields.phoneVerificationToken = 'invalid';
    }
  }
  if (!checked.ok || Object.keys(fields).length > 0) throw new ValidationError(fields);
  const c = checked.changes;
  if (c.givenName !== undefined) patient.givenName = c.givenName;
  if (c.familyName !== undefined) patient.familyName = c.familyName;
  if (c.dateOfBirth !== undefined) patient.dateOfBirth = c.dateOfBirth;
  if (c.language !== undefined) patient.language = c.language;
  if (c.preferredName !== undefined) patient.preferredName = c.preferredName ?? undefined;
  if (c.address !== undefined) patient.address = c.address ?? undefined;
  if (proof) {
    proof.used = true;
    patient.phone = proof.phone as PatientRecord['phone'];
  }
  return toProfile(memory, patient);
}

export function requestEmailChange(memory: MemoryState, request: EmailChangeRequest): void {
  need(memory);
  const patient = memory.requirePatient();
  const fields = emailChangeProblems(request?.newEmail, patient.email);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const now = memory.clock();
  const changes = changesOf(memory);
  const last = Math.max(
    -Infinity,
    ...[...changes.values()].filter((c) => c.patientId === patient.id).map((c) => c.at),
  );
  const wait = emailChangeWait(Number.isFinite(last) ? last : undefined, now);
  if (wait > 0) throw new RateLimitedError(wait);
  checkCurrentPassword(memory, patient, request.currentPassword);
  memory.signInFailures.delete(emailKey(patient.email));
  const newEmail = request.newEmail.trim();
  // A new request replaces any earlier one.
  for (const c of changes.values()) if (c.patientId === patient.id) c.used = true;
  const vars = {name: nameToGreet(patient), email: maskEmail(newEmail)};
  const owner = memory.patientByEmail(newEmail);
  // Recorded either way (the requester sees the same pending change); the link goes out only when
  // the address is free — otherwise its owner is told, and the token is never sent to anyone.
  const token = memory.nextToken('email-change');
  changes.set(token, {
    patientId: patient.id,
    at: now,
    newEmail,
    expires: now + EMAIL_CHANGE_TTL_MS,
    used: false,
  });
  if (owner) {
    notify(memory, owner.email, owner.language, 'email-change-taken', {name: nameToGreet(owner)});
  } else {
    notify(memory, newEmail, patient.language, 'email-change-confirm', vars, {
      'confirm-email': memory.link(EMAIL_CHANGE_FRAGMENT, token),
    });
  }
  notify(memory, patient.email, patient.language, 'email-change-requested', vars);
}

export function confirmEmailChange(memory: MemoryState, token: string): void {
  need(memory);
  const change = typeof token === 'string' ? changesOf(memory).get(token) : undefined;
  const patient = change && memory.patients.get(change.patientId);
  if (!change || !patient || change.used || change.expires <= memory.clock()) throw new InvalidLinkError();
  change.used = true;
  // Taken meanwhile by another account: the link is no good any more.
  const owner = memory.patientByEmail(change.newEmail);
  if (owner && owner.id !== patient.id) throw new InvalidLinkError();
  const oldEmail = patient.email;
  memory.changeEmail(patient, change.newEmail);
  patient.emailVerified = true;
  notify(memory, oldEmail, patient.language, 'email-changed', {
    name: nameToGreet(patient),
    email: maskEmail(change.newEmail),
  });
}

export function changePassword(
  memory: MemoryState,
  request: PasswordChangeRequest,
  scorer?: PasswordScorer,
): void {
  need(memory);
  const patient = memory.requirePatient();
  const problem =
    passwordProblem(request?.newPassword) ??
    passwordProblem(request?.newPassword, {words: personalWords(patient, memory.data.clinic.name), scorer});
  checkCurrentPassword(memory, patient, request?.currentPassword);
  if (problem) throw new ValidationError({newPassword: problem});
  memory.signInFailures.delete(emailKey(patient.email));
  patient.passwordHash = memory.hashPassword(patient.salt, request.newPassword);
  // A pending email change and any reset link were asked for under the old password: retired.
  for (const c of changesOf(memory).values()) if (c.patientId === patient.id) c.used = true;
  for (const l of memory.links.values())
    if (l.patientId === patient.id && l.purpose === 'reset') l.used = true;
  // One session per adapter: the current one stays, there is no other to end.
  notify(memory, patient.email, patient.language, 'password-changed', {name: nameToGreet(patient)});
}

/**
 * Her own security question and answer, where the clinic asks for one: the current password
 * first (counted like sign-ins), then the domain's rule; the answer kept as a hash of its
 * normalized form (the same hashing as passwords, under its own salt).
 */
export function setSecurityAnswer(memory: MemoryState, request: SecurityAnswerRequest): Profile {
  need(memory);
  memory.need(!!memory.data.clinic.securityQuestion, 'securityQuestion');
  const patient = memory.requirePatient();
  const fields = securityAnswerProblems(request);
  checkCurrentPassword(memory, patient, request?.currentPassword);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  memory.signInFailures.delete(emailKey(patient.email));
  patient.securityQuestion = storedSecurityQuestion(request.question);
  patient.securityAnswerHash = memory.hashPassword(
    `${patient.salt}/answer`,
    normalizeSecurityAnswer(request.answer),
  );
  return toProfile(memory, patient);
}

/**
 * Removes her question and its answer, where the clinic's setting is `optional` (the domain's
 * rule refuses it where the clinic requires one, before the password is checked); the current
 * password first (counted like sign-ins). With none set, the same answer.
 */
export function removeSecurityAnswer(memory: MemoryState, request: SecurityAnswerRemoval): Profile {
  need(memory);
  const setting = memory.data.clinic.securityQuestion;
  memory.need(!!setting, 'securityQuestion');
  const patient = memory.requirePatient();
  const refused = securityAnswerRemovalProblem(setting);
  if (Object.keys(refused).length > 0) throw new ValidationError(refused);
  checkCurrentPassword(memory, patient, request?.currentPassword);
  memory.signInFailures.delete(emailKey(patient.email));
  patient.securityQuestion = undefined;
  patient.securityAnswerHash = undefined;
  return toProfile(memory, patient);
}

export function listSessions(memory: MemoryState): ActiveSession[] {
  need(memory);
  memory.requirePatient();
  const s = memory.session as SessionRecord;
  return [{id: s.id, method: s.method, lastUsedAt: memory.instant(s.lastUsed), current: true}];
}

export function signOutOtherSessions(memory: MemoryState): number {
  need(memory);
  memory.requirePatient();
  return 0;
}
