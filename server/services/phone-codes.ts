/**
 * Verifying a phone by SMS code before booking: a code (one per 30 s per phone, 10 minutes, 5
 * tries, stored keyed-hashed), and for the right code a single-use proof the booking presents.
 */
import {RateLimitedError, ValidationError} from '../../src/domain/errors.js';
import {ACCOUNT_LIMITS} from '../../src/domain/rules/index.js';
import {E164_RE} from '../../src/domain/rules/index.js';
import type {PhoneChallenge} from '../../src/domain/types.js';
import type {PhoneCodeRequest} from '../../src/adapters/adapter.js';
import {
  countPhoneChallengeTry,
  endPhoneChallenge,
  insertPhoneToken,
  lockOpenPhoneChallenges,
  lockPhoneChallenge,
  replacePhoneChallenge,
} from '../repositories/phone-codes.js';
import {codeHash, safeEqual, sha, sixDigits, token} from '../tokens.js';
import {instant, num, type PortalContext} from './context.js';
import {send} from './notify.js';

export async function sendPhoneCode(s: PortalContext, request: PhoneCodeRequest): Promise<PhoneChallenge> {
  const phone = typeof request.phone === 'string' ? request.phone.trim() : '';
  if (!E164_RE.test(phone)) throw new ValidationError({phone: phone === '' ? 'required' : 'invalid-phone'});
  const now = s.clock();
  const code = sixDigits();
  const id = `chl_${token(18)}`;
  const {codeTtlMs, codeResendMs} = ACCOUNT_LIMITS;
  await s.db.transaction(async (q) => {
    const waiting = (await lockOpenPhoneChallenges(q, phone)).find((c) => num(c.resend_ms) > now);
    if (waiting) throw new RateLimitedError(Math.ceil((num(waiting.resend_ms) - now) / 1000));
    await replacePhoneChallenge(q, {
      id,
      phone,
      codeHash: codeHash(s.secret, id, code),
      expires: now + codeTtlMs,
      resend: now + codeResendMs,
    });
    const language = request.language === 'en' ? 'en' : 'es';
    await send(s, q, {language, channel: 'sms', to: phone, kind: 'phone-code', vars: {code}, code});
  });
  return {id, length: 6, expiresAt: instant(s, now + codeTtlMs), resendAt: instant(s, now + codeResendMs)};
}

/** The proof for the right code; a wrong one counts a try (the 5th ends the challenge). */
export async function verifyPhoneCode(s: PortalContext, challengeId: string, code: string): Promise<string> {
  const now = s.clock();
  const verified = await s.db.transaction(async (q) => {
    const c = await lockPhoneChallenge(q, typeof challengeId === 'string' ? challengeId : '');
    if (!c || c.dead || num(c.expires_ms) <= now) return {error: 'code-expired' as const, token: ''};
    const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
    if (!safeEqual(codeHash(s.secret, challengeId, typed), c.code_hash)) {
      await countPhoneChallengeTry(q, challengeId, ACCOUNT_LIMITS.codeMaxTries);
      return {error: 'code-invalid' as const, token: ''};
    }
    await endPhoneChallenge(q, challengeId);
    const t = token();
    await insertPhoneToken(q, sha(t), c.phone, now + ACCOUNT_LIMITS.phoneTokenTtlMs);
    return {error: undefined, token: t};
  });
  if (verified.error !== undefined) throw new ValidationError({code: verified.error});
  return verified.token;
}
