/**
 * The memory adapter's accounts: sign-in (with its rate limit and second factor), invitations,
 * registration with email verification, and password reset. Loaded on first use, in its own chunk.
 * Each function is an operation's body: the adapter runs it after its latency and abort checks.
 */
import {
  InvalidLinkError,
  RateLimitedError,
  ValidationError,
  type FieldErrorCode,
  type InvitationInfo,
  type PasswordResetCheck,
  type PasswordResetRequest,
  type ResetPasswordOptions,
  type RegistrationRequest,
  type SignInRequest,
  type SignInResult,
} from '../adapter.js';
import type {Session} from '../../domain/types.js';
import {checkCode, newChallenge, validateDetails} from './booking.js';
import {
  ACCOUNT_LIMITS,
  checkPassword,
  emailKey,
  maskEmail,
  passwordProblem,
  resetRequestProblems,
} from '../../domain/rules/index.js';
import type {LinkPurpose, LinkRecord, PatientRecord} from './internals.js';
import {FRAGMENT_RESET, FRAGMENT_VERIFY} from './constants.js';
import {personalWords, type PasswordScorer} from '../../domain/rules/passwords.js';
import {normalizeSecurityAnswer, storedSecurityQuestion} from '../../domain/rules/security-answer.js';
import {
  firstAccessAsks,
  firstAccessProblems,
  type FirstAccessDetails,
} from '../../domain/rules/first-access.js';
export {loadPasswordScorer} from '../../domain/rules/password-strength.js';
import {deriveToken} from './crypto.js';
import type {MemoryState} from './state.js';
import {send} from './messages.js';
import {nameToGreet} from '../../domain/rules/profile.js';

const SIGN_IN_WINDOW = ACCOUNT_LIMITS.signInWindowMs;
const SIGN_IN_MAX_FAILURES = ACCOUNT_LIMITS.signInMaxFailures;
const RESET_LINK_TTL = ACCOUNT_LIMITS.resetLinkTtlMs;
const VERIFY_LINK_TTL = ACCOUNT_LIMITS.verifyLinkTtlMs;

/** The patient a valid (known, unused, unexpired) link of this purpose stands for. */
function linkPatient(memory: MemoryState, token: string, purpose: LinkPurpose): PatientRecord {
  const link = typeof token === 'string' ? memory.links.get(token) : undefined;
  const patient = link && memory.patients.get(link.patientId);
  if (!link || !patient || link.purpose !== purpose || link.used || link.expires <= memory.clock()) {
    throw new InvalidLinkError();
  }
  return patient;
}

// ---------------------------------------------------------------------------------------------
// Operations

/**
 * The account's recent failed sign-ins (wrong passwords on the sign-in form or on a verification
 * link), to push the next one to; `RateLimitedError` once there are too many in the window.
 */
function signInFailures(memory: MemoryState, key: string): number[] {
  const now = memory.clock();
  const recent = (memory.signInFailures.get(key) ?? []).filter((t) => t > now - SIGN_IN_WINDOW);
  memory.signInFailures.set(key, recent);
  if (recent.length >= SIGN_IN_MAX_FAILURES) {
    throw new RateLimitedError(Math.max(1, Math.ceil((recent[0] + SIGN_IN_WINDOW - now) / 1000)));
  }
  return recent;
}

export function signIn(memory: MemoryState, request: SignInRequest): SignInResult {
  const fields: Record<string, FieldErrorCode> = {};
  if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
  if (typeof request.password !== 'string' || request.password === '') fields.password = 'required';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const key = emailKey(request.email);
  const recent = signInFailures(memory, key);
  const patient = memory.patientByEmail(request.email);
  // The hash is computed whether or not the email is known: the same work either way.
  const hash = memory.hashPassword(patient?.salt ?? deriveToken(memory.seed, 'salt', key), request.password);
  if (
    !patient ||
    !patient.emailVerified ||
    patient.passwordHash === undefined ||
    patient.passwordHash !== hash
  ) {
    recent.push(memory.clock());
    throw new ValidationError({credentials: 'invalid'});
  }
  memory.signInFailures.delete(key);
  const second = memory.caps.secondFactor;
  if (second) {
    const channel = second === 'sms' && patient.phone ? 'sms' : 'email';
    const challenge = newChallenge(memory, patient.id);
    memory.signInChallenges.set(challenge.id, {...challenge, patientId: patient.id});
    send(memory, patient.language, {
      channel,
      to: channel === 'sms' && patient.phone ? patient.phone : patient.email,
      kind: 'sign-in-code',
      vars: {code: challenge.code},
      code: challenge.code,
    });
    return {status: 'second-factor', challengeId: challenge.id, channel};
  }
  return {status: 'signed-in', session: memory.startSession(patient, 'password')};
}

export function verifySignInCode(memory: MemoryState, challengeId: string, code: string): Session {
  memory.need(memory.caps.secondFactor !== false, 'secondFactor');
  const challenge = memory.signInChallenges.get(challengeId);
  checkCode(memory, challenge, code);
  const patient = challenge && memory.patients.get(challenge.patientId);
  if (!patient) throw new ValidationError({code: 'code-expired'});
  return memory.startSession(patient, 'password');
}

/** What first access asks here (`rules/first-access.ts`): the clinic's settings, SMS codes on. */
const asksOf = (memory: MemoryState) => firstAccessAsks(memory.data.clinic, memory.caps.smsCodes);

export function getInvitation(memory: MemoryState, token: string): InvitationInfo {
  memory.need(memory.caps.invitations, 'invitations');
  const patient = linkPatient(memory, token, 'invitation');
  const asks = asksOf(memory);
  return {
    givenName: patient.givenName,
    maskedEmail: maskEmail(patient.email),
    ...(asks.mobile || asks.securityQuestion ? {asks} : {}),
  };
}

/** The password rules with the patient's and clinic's words and the scorer (issue 14 item 10). */
function checkNewPassword(
  memory: MemoryState,
  patient: PatientRecord,
  password: string,
  scorer?: PasswordScorer,
) {
  checkPassword(password);
  checkPassword(password, {words: personalWords(patient, memory.data.clinic.name), scorer});
}

export function acceptInvitation(
  memory: MemoryState,
  token: string,
  password: string,
  scorer?: PasswordScorer,
  details?: FirstAccessDetails,
): Session {
  memory.need(memory.caps.invitations, 'invitations');
  const patient = linkPatient(memory, token, 'invitation');
  checkNewPassword(memory, patient, password, scorer);
  // What the clinic asks at first access besides the password (the same rule as the server's);
  // the phone's proof must be one of this adapter's for that number, unused and in time.
  const asks = asksOf(memory);
  const fields = firstAccessProblems(asks, details);
  const phone = details?.phone?.trim();
  const proofToken = details?.phoneVerificationToken;
  const proof = asks.mobile && proofToken ? memory.phoneTokens.get(proofToken) : undefined;
  if (asks.mobile && !fields.phone && !fields.phoneVerificationToken)
    if (!proof || proof.used || proof.expires <= memory.clock() || proof.phone !== phone)
      fields.phoneVerificationToken = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  if (proof) {
    proof.used = true;
    patient.phone = proof.phone as PatientRecord['phone'];
  }
  if (asks.securityQuestion) {
    patient.securityQuestion = storedSecurityQuestion(details!.securityQuestion!);
    patient.securityAnswerHash = memory.hashPassword(
      `${patient.salt}/answer`,
      normalizeSecurityAnswer(details!.securityAnswer!),
    );
  }
  (memory.links.get(token) as LinkRecord).used = true;
  retireRegistrations(memory, patient.id);
  patient.passwordHash = memory.hashPassword(patient.salt, password);
  patient.emailVerified = true;
  memory.signInFailures.delete(emailKey(patient.email));
  return memory.startSession(patient, 'invitation');
}

export function register(memory: MemoryState, request: RegistrationRequest, scorer?: PasswordScorer): void {
  memory.need(memory.caps.selfRegistration, 'selfRegistration');
  const fields = validateDetails(memory, request.patient, 'patient.');
  const pw =
    passwordProblem(request.password) ??
    passwordProblem(request.password, {
      words: personalWords(request.patient ?? {}, memory.data.clinic.name),
      scorer,
    });
  if (pw) fields.password = pw;
  if (memory.data.clinic.privacy.explicitConsent && request.privacyConsent !== true) {
    fields.privacyConsent = 'consent-required';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const existing = memory.patientByEmail(request.patient.email);
  if (existing && existing.passwordHash !== undefined) {
    // Someone (perhaps the patient) tried to register an address that has an account: tell
    // the owner, reveal nothing to the caller.
    send(memory, existing.language, {
      channel: 'email',
      to: existing.email,
      kind: 'account-notice',
      template: 'account-exists',
      vars: {name: nameToGreet(existing)},
      links: {'sign-in': memory.linkBase(), 'forgot-password': memory.linkBase()},
    });
    return;
  }
  const patient = existing ?? memory.createPatient(request.patient);
  const token = memory.nextToken('verify');
  memory.links.set(token, {
    purpose: 'verify',
    patientId: patient.id,
    expires: memory.clock() + VERIFY_LINK_TTL,
    used: false,
    passwordHash: memory.hashPassword(patient.salt, request.password),
  });
  send(memory, request.patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'verification',
    vars: {name: nameToGreet(patient)},
    links: {verify: memory.link(FRAGMENT_VERIFY, token)},
  });
}

/**
 * Once a password is set (verification, invitation, reset), every other registration's link for
 * the patient is used up: an earlier registrant's password never replaces the owner's.
 */
function retireRegistrations(memory: MemoryState, patientId: string): void {
  for (const link of memory.links.values())
    if (link.purpose === 'verify' && link.patientId === patientId) link.used = true;
}

/**
 * Finishes a registration: the link's token and the password chosen when registering (issue 14
 * item 4: whoever registered someone else's address never has the owner's click activate it). A
 * wrong password counts like a failed sign-in of the account; the link stays usable.
 */
export function verifyEmail(memory: MemoryState, token: string, password: string): Session {
  memory.need(memory.caps.selfRegistration, 'selfRegistration');
  const patient = linkPatient(memory, token, 'verify');
  const link = memory.links.get(token) as LinkRecord;
  if (typeof password !== 'string' || password === '') throw new ValidationError({password: 'required'});
  const recent = signInFailures(memory, emailKey(patient.email));
  if (memory.hashPassword(patient.salt, password) !== link.passwordHash) {
    recent.push(memory.clock());
    throw new ValidationError({password: 'invalid'});
  }
  memory.signInFailures.delete(emailKey(patient.email));
  link.used = true;
  retireRegistrations(memory, patient.id);
  patient.passwordHash = link.passwordHash;
  patient.emailVerified = true;
  return memory.startSession(patient, 'verification');
}

export function requestPasswordReset(memory: MemoryState, request: PasswordResetRequest): void {
  memory.need(memory.caps.passwordReset, 'passwordReset');
  const fields = resetRequestProblems(request);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const patient = memory.patientByEmail(request.email);
  if (!patient || patient.dateOfBirth !== request.dateOfBirth) return;
  // A new link replaces any earlier one.
  for (const link of memory.links.values()) {
    if (link.purpose === 'reset' && link.patientId === patient.id) link.used = true;
  }
  const token = memory.nextToken('reset');
  memory.links.set(token, {
    purpose: 'reset',
    patientId: patient.id,
    expires: memory.clock() + RESET_LINK_TTL,
    used: false,
  });
  send(memory, request.language === 'en' || request.language === 'es' ? request.language : patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'password-reset',
    vars: {name: nameToGreet(patient)},
    links: {reset: memory.link(FRAGMENT_RESET, token)},
  });
}

export function checkPasswordReset(memory: MemoryState, token: string): PasswordResetCheck {
  memory.need(memory.caps.passwordReset, 'passwordReset');
  const q = linkPatient(memory, token, 'reset').securityQuestion;
  return q ? {securityQuestion: q} : {};
}

export function resetPassword(
  memory: MemoryState,
  token: string,
  password: string,
  scorer?: PasswordScorer,
  options?: ResetPasswordOptions,
): Session {
  memory.need(memory.caps.passwordReset, 'passwordReset');
  const patient = linkPatient(memory, token, 'reset');
  checkNewPassword(memory, patient, password, scorer);
  const securityAnswer = options?.securityAnswer;
  if (patient.securityAnswerHash !== undefined) {
    // Her security question (`rules/security-answer.ts`): a wrong answer counts like a failed
    // sign-in; the link stays usable.
    if (typeof securityAnswer !== 'string' || !securityAnswer.trim())
      throw new ValidationError({securityAnswer: 'required'});
    const recent = signInFailures(memory, emailKey(patient.email));
    const hash = memory.hashPassword(`${patient.salt}/answer`, normalizeSecurityAnswer(securityAnswer));
    if (hash !== patient.securityAnswerHash) {
      recent.push(memory.clock());
      throw new ValidationError({securityAnswer: 'invalid'});
    }
  }
  (memory.links.get(token) as LinkRecord).used = true;
  retireRegistrations(memory, patient.id);
  patient.passwordHash = memory.hashPassword(patient.salt, password);
  patient.emailVerified = true;
  memory.signInFailures.delete(emailKey(patient.email));
  return memory.startSession(patient, 'reset');
}
