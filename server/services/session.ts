/**
 * Sessions: who is calling (a live, sliding session from the cookie or bearer token), signing in
 * (rate limited per email, the same password work whether or not the email is known, an optional
 * second factor by code), starting and ending sessions, and finishing onboarding.
 */
import {
  NotFoundError,
  NotSignedInError,
  NotSupportedError,
  ValidationError,
  type FieldErrorCode,
} from '../../src/domain/errors.js';
import {
  ABUSE_LIMITS,
  ACCOUNT_LIMITS,
  emailKey,
  sessionEndsAt,
  sessionLive,
} from '../../src/domain/rules/index.js';
import type {Session} from '../../src/domain/types.js';
import type {SignInRequest, SignInResult} from '../../src/adapters/adapter.js';
import type {Queryable} from '../db.js';
import {
  findPatient,
  findPatientByEmail,
  setOnboardingDone,
  toPatient,
  type PatientRow,
} from '../repositories/patients.js';
import {
  deletePatientSessions,
  deleteSession,
  findSession,
  insertSession,
  makeBearer,
  rotateSessionToken,
  touchSession,
  type SessionRow,
} from '../repositories/sessions.js';
import {
  challengeOwner,
  countChallengeTry,
  endChallenge,
  lockChallenge,
  replaceChallenge,
} from '../repositories/sign-in.js';
import {accountSignInPrefixes, secondFactorBucket, signInBuckets, takeSmsBudget} from '../limits.js';
import {verifyPassword} from '../passwords.js';
import {findLiveGrant, type ProxyGrantRow} from '../repositories/proxy-grants.js';
import {codeHash, safeEqual, sha, sixDigits, token} from '../tokens.js';
import {instant, languageOf, num, type CallContext, type PortalContext} from './context.js';
import {auditCall} from './audit.js';
import {audit, send} from './notify.js';

export interface LiveSession {
  readonly row: SessionRow;
  /** The patient the request is for: the signed-in one, or the dependent she acts for. */
  readonly patient: PatientRow;
  /** Acting for a dependent (`CallContext.actingFor`): the signed-in holder and her live grant. */
  readonly proxy?: {readonly holder: PatientRow; readonly grant: ProxyGrantRow};
}

/** A session just started: the token (cookie value or bearer token), its CSRF token, the session. */
export interface StartedSession {
  readonly cookie: string;
  readonly csrf: string;
  readonly session: Session;
}

/** How a session is started: as a bearer session, and ending the caller's current one. */
export interface StartOptions {
  /** The new session's token travels as a bearer token (never as the cookie). */
  readonly bearer?: boolean;
  /** The session the caller had (it ends once the new one starts); its address is the caller's. */
  readonly replacing?: CallContext;
}

/**
 * The calls that are one HTTP request each (`oneRequest`): a request asks for its session several
 * times (the CSRF check, the service, holds, the CSRF answer header), and the database is read once
 * per request; a session ended during the request is forgotten (`signOut`). Other callers (the CLI,
 * tests holding one call across clock moves) read it every time.
 */
const requests = new WeakMap<CallContext, Promise<LiveSession | null> | null>();
const touched = new WeakSet<LiveSession>();

/** Marks `call` as one request's (see `requests`). */
export function oneRequest<C extends CallContext>(call: C): C {
  requests.set(call, null);
  return call;
}

/** The live session for a token (sliding it when `touch`), or null. */
export async function liveSession(
  s: PortalContext,
  call: CallContext,
  touch = false,
): Promise<LiveSession | null> {
  if (!call.sessionToken) return null;
  let found = requests.get(call);
  if (found === undefined) found = readLiveSession(s, call);
  else if (found === null) {
    found = readLiveSession(s, call);
    requests.set(call, found);
    // A failed read (the database away) is not remembered.
    found.catch(() => requests.set(call, null));
  }
  const live = await found;
  if (live && touch && !touched.has(live)) {
    const now = s.clock();
    await touchSession(s.db, live.row.token_hash, now);
    live.row.last_used = now;
    touched.add(live);
  }
  return live;
}

async function readLiveSession(s: PortalContext, call: CallContext): Promise<LiveSession | null> {
  const row = await findSession(s.db, sha(call.sessionToken as string));
  if (!row) return null;
  // A cookie's value is not a bearer token, and a bearer token is not a cookie.
  if (Boolean(row.bearer) !== Boolean(call.bearer)) return null;
  // Idle too long, or older than the absolute lifetime (`SESSION_LIMITS`) however much it was used.
  if (!sessionLive(ageOf(row), s.idleMs, s.clock())) {
    await deleteSession(s.db, row.token_hash);
    return null;
  }
  const patient = await findPatient(s.db, row.patient_id);
  if (!patient) return null;
  if (call.actingFor === undefined) return {row, patient};
  // Acting for someone: her live grant, read now (never remembered across requests), or not found.
  const grant = await findLiveGrant(s.db, patient.id, call.actingFor);
  const dependent = grant && (await findPatient(s.db, grant.dependent_id));
  if (!grant || !dependent) throw new NotFoundError();
  return {row, patient: dependent, proxy: {holder: patient, grant}};
}

/** Forgets a request's session (it ended, or its account's sessions did). */
function forgetSession(call: CallContext): void {
  if (requests.has(call)) requests.set(call, null);
}

const ageOf = (row: SessionRow) => ({startedAt: num(row.started_at), lastUsed: num(row.last_used)});

/** The signed-in patient, or 401 (`session-expired` when a token came with no live session). */
export async function requirePatient(s: PortalContext, call: CallContext): Promise<LiveSession> {
  const live = await liveSession(s, call, true);
  if (!live) throw new NotSignedInError(call.sessionToken ? 'session-expired' : 'not-signed-in');
  return live;
}

export function toSession(s: PortalContext, live: LiveSession): Session {
  return {
    id: live.row.id,
    // The session is the holder's, whoever she acts for.
    patient: toPatient(live.proxy?.holder ?? live.patient),
    expiresAt: instant(s, sessionEndsAt(ageOf(live.row), s.idleMs)),
    method: live.row.method,
  };
}

/** The caller's session now (slid), or null; `GET /session`. */
export async function currentSession(
  s: PortalContext,
  call: CallContext,
): Promise<{session: Session; csrf: string} | null> {
  const live = await liveSession(s, call, true);
  return live ? {session: toSession(s, live), csrf: live.row.csrf_token} : null;
}

/**
 * Slides the caller's session (401 when there is none; never past its absolute lifetime); `POST
 * /session/extend`. A bearer session gets a new token (`accessToken`): the one it was called with
 * is dead from then on, so a token copied from an earlier answer stops working at the next extend.
 */
export async function extendSession(
  s: PortalContext,
  call: CallContext,
): Promise<{session: Session; accessToken?: string}> {
  const live = await requirePatient(s, call);
  if (!call.bearer) return {session: toSession(s, live)};
  const fresh = token();
  const now = s.clock();
  // A concurrent extend with the same token rotated it first: this caller's token is dead.
  if (!(await rotateSessionToken(s.db, live.row.token_hash, sha(fresh), now)))
    throw new NotSignedInError('session-expired');
  live.row.token_hash = sha(fresh);
  live.row.last_used = now;
  return {session: toSession(s, live), accessToken: fresh};
}

/**
 * Starts a session: a token (only its hash is stored) and the session's CSRF token; ends the
 * session it replaces.
 */
export async function startSession(
  s: PortalContext,
  patient: PatientRow,
  method: Session['method'],
  options: StartOptions = {},
): Promise<StartedSession> {
  const cookie = token();
  const row: SessionRow = {
    token_hash: sha(cookie),
    id: `ses_${token(12)}`,
    csrf_token: token(24),
    patient_id: patient.id,
    method,
    last_used: s.clock(),
    started_at: s.clock(),
  };
  await insertSession(s.db, row);
  await audit(s, s.db, patient.id, 'session.start', patient.id);
  const started = {cookie, csrf: row.csrf_token, session: toSession(s, {row, patient})};
  if (options.replacing) await signOut(s, options.replacing);
  if (options.bearer) await makeBearer(s.db, row.token_hash);
  return started;
}

/**
 * Before a password of an account is checked (sign-in, the profile's current password, a
 * registration's verification): each check costs a memory-hard hash, so a few a second per address
 * at most; failures lock this account from this address (the owner elsewhere still gets in) and the
 * address for every account (spraying); with `account`, many failures from everywhere lock the
 * account too.
 */
export async function beforePasswordCheck(
  s: PortalContext,
  buckets: ReturnType<typeof signInBuckets>,
  {account}: {account: boolean},
): Promise<void> {
  const L = ABUSE_LIMITS;
  await s.limits.take(buckets.addressAttempts, L.signInAttemptsPerAddress);
  await s.limits.check(buckets.accountAndAddress, L.signInFailuresPerAccountAndAddress);
  await s.limits.check(buckets.addressFailures, L.signInFailuresPerAddress);
  if (account) await s.limits.check(buckets.account, L.signInFailuresPerAccount);
}

/** A wrong password of an account, counted in every sign-in failure bucket. */
export async function countPasswordFailure(
  s: PortalContext,
  buckets: ReturnType<typeof signInBuckets>,
): Promise<void> {
  const L = ABUSE_LIMITS;
  await s.limits.add(buckets.accountAndAddress, L.signInFailuresPerAccountAndAddress);
  await s.limits.add(buckets.addressFailures, L.signInFailuresPerAddress);
  await s.limits.add(buckets.account, L.signInFailuresPerAccount);
}

/** Signs in with email and password: a session, or a second-factor challenge when one is on. */
export async function signIn(
  s: PortalContext,
  request: SignInRequest,
  options: StartOptions = {},
): Promise<{result: SignInResult; started?: StartedSession}> {
  const fields: Record<string, FieldErrorCode> = {};
  if (typeof request.email !== 'string' || request.email.trim() === '') fields.email = 'required';
  if (typeof request.password !== 'string' || request.password === '') fields.password = 'required';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const key = emailKey(request.email);
  const now = s.clock();
  const buckets = signInBuckets(key, options.replacing?.address ?? 'unknown');
  // After many failures from everywhere, the account waits for its owner's emailed reset link.
  await beforePasswordCheck(s, buckets, {account: true});
  const patient = await findPatientByEmail(s.db, key);
  // The same memory-hard work whether or not the email is known.
  const ok = await verifyPassword(request.password, patient?.password_hash ?? null);
  if (!patient || !patient.email_verified || !ok) {
    await countPasswordFailure(s, buckets);
    await auditCall(s, s.db, options.replacing, {
      actor: 'anonymous',
      action: 'session.sign-in-failed',
      patientId: patient?.id,
    });
    throw new ValidationError({credentials: 'invalid'});
  }
  for (const prefix of accountSignInPrefixes(key)) await s.limits.clear(prefix, {prefix: true});
  if (s.secondFactor) {
    // Past the cap of wrong codes no new code is sent: the emailed reset link is the way in.
    await s.limits.check(secondFactorBucket(patient.id), ABUSE_LIMITS.secondFactorFailuresPerAccount);
    const channel = s.secondFactor === 'sms' && patient.phone ? 'sms' : 'email';
    if (channel === 'sms')
      await takeSmsBudget(
        s.limits,
        s.smsHourlyBudget,
        ABUSE_LIMITS.smsPerHour.windowMs,
        ABUSE_LIMITS.smsPerHour.max,
      );
    const code = sixDigits();
    const id = `chl_${token(18)}`;
    await s.db.transaction(async (q: Queryable) => {
      await replaceChallenge(q, {
        id,
        patientId: patient.id,
        codeHash: codeHash(s.secret, id, code),
        expires: now + ACCOUNT_LIMITS.codeTtlMs,
      });
      const to = channel === 'sms' ? (patient.phone as string) : patient.email;
      await send(s, q, {
        language: languageOf(patient),
        channel,
        to,
        kind: 'sign-in-code',
        vars: {code},
        code,
      });
    });
    return {result: {status: 'second-factor', challengeId: id, channel}};
  }
  const started = await startSession(s, patient, 'password', options);
  return {result: {status: 'signed-in', session: started.session}, started};
}

/** The second factor's code: a wrong one counts a try (the 5th kills it), the right one signs in. */
export async function verifySignInCode(
  s: PortalContext,
  challengeId: string,
  code: string,
  options: StartOptions = {},
): Promise<StartedSession> {
  if (!s.secondFactor) throw new NotSupportedError('secondFactor');
  const now = s.clock();
  const id = typeof challengeId === 'string' ? challengeId : '';
  const capped = ABUSE_LIMITS.secondFactorFailuresPerAccount;
  // Wrong codes count per account across its challenges (each sign-in opens a new one): past the
  // cap even the right code is refused until the window ends or the emailed reset link is used.
  // (Counted outside the transaction: the limits are rows of their own.)
  const owner = await challengeOwner(s.db, id);
  if (owner) {
    try {
      await s.limits.check(secondFactorBucket(owner), capped);
    } catch (e) {
      await endChallenge(s.db, id);
      throw e;
    }
  }
  const result = await s.db.transaction(async (q): Promise<PatientRow | 'code-expired' | 'code-invalid'> => {
    const c = await lockChallenge(q, id);
    if (!c || c.dead || num(c.expires_ms) <= now) return 'code-expired';
    const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
    if (!safeEqual(codeHash(s.secret, id, typed), c.code_hash)) {
      await countChallengeTry(q, id, ACCOUNT_LIMITS.codeMaxTries);
      return 'code-invalid';
    }
    await endChallenge(q, id);
    return (await findPatient(q, c.patient_id)) ?? 'code-expired';
  });
  if (result === 'code-invalid' && owner) await s.limits.add(secondFactorBucket(owner), capped);
  if (typeof result === 'string') throw new ValidationError({code: result});
  return startSession(s, result, 'password', options);
}

export async function signOut(s: PortalContext, call: CallContext): Promise<void> {
  if (!call.sessionToken) return;
  forgetSession(call);
  const row = await findSession(s.db, sha(call.sessionToken));
  await deleteSession(s.db, sha(call.sessionToken));
  if (row)
    await auditCall(s, s.db, call, {
      actor: row.patient_id,
      action: 'session.end',
      patientId: row.patient_id,
      sessionId: row.id,
    });
}

/**
 * Signs out everywhere: ends every session of the caller's account (this one, other browsers,
 * bearer tokens); `DELETE /session?everywhere=true`. Without a live session: nothing to end.
 */
export async function signOutEverywhere(s: PortalContext, call: CallContext): Promise<void> {
  const live = await liveSession(s, call);
  if (!live) return signOut(s, call);
  await deletePatientSessions(s.db, live.patient.id);
  forgetSession(call);
  await auditCall(s, s.db, call, {
    actor: live.patient.id,
    action: 'session.end-everywhere',
    patientId: live.patient.id,
    sessionId: live.row.id,
  });
}

export async function completeOnboarding(s: PortalContext, call: CallContext): Promise<void> {
  const {patient} = await requirePatient(s, call);
  await setOnboardingDone(s.db, patient.id);
  await audit(s, s.db, patient.id, 'patient.onboarding', patient.id);
}
