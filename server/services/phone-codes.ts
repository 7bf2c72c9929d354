/**
 * Verifying a phone by SMS code before booking: a code (one per 30 s per phone, 10 minutes, 5
 * tries, stored keyed-hashed), and for the right code a single-use proof the booking presents.
 */
import {RateLimitedError, ValidationError} from '../../src/domain/errors.js';
import {ABUSE_LIMITS, ACCOUNT_LIMITS} from '../../src/domain/rules/index.js';
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
import {takeSmsBudget} from '../limits.js';
import {phoneCountry, smsCountries} from '../sms-countries.js';
import {instant, num, type CallContext, type PortalContext} from './context.js';
import {send} from './notify.js';

/**
 * The limits of one SMS code (issue #14 item 6): only to the allowed countries; per number one
 * per resend wait and a few an hour and a day (counted apart from the challenges, so wrong tries,
 * which end a challenge, reset nothing); per asking address an hour's and a day's worth; and the
 * server's hourly SMS budget.
 */
async function limitSms(s: PortalContext, phone: string, call: CallContext | undefined): Promise<void> {
  const country = phoneCountry(phone);
  if (!country || !smsCountries(s.data.clinic.country, s.smsCountries).has(country))
    throw new ValidationError({phone: 'invalid-phone'});
  const L = ABUSE_LIMITS;
  const address = call?.address ?? 'unknown';
  const checks = [
    [`sms:number-resend:${phone}`, L.smsPerNumberResend],
    [`sms:number-hour:${phone}`, L.smsPerNumberHour],
    [`sms:number-day:${phone}`, L.smsPerNumberDay],
    [`sms:address-hour:${address}`, L.smsPerAddressHour],
    [`sms:address-day:${address}`, L.smsPerAddressDay],
  ] as const;
  for (const [bucket, rule] of checks) await s.limits.check(bucket, rule);
  // Counted atomically: of two racing requests past a check, the later one is refused here.
  for (const [bucket, rule] of checks) await s.limits.take(bucket, rule);
  await takeSmsBudget(s.limits, s.smsHourlyBudget, L.smsPerHour.windowMs, L.smsPerHour.max);
}

export async function sendPhoneCode(
  s: PortalContext,
  request: PhoneCodeRequest,
  call?: CallContext,
): Promise<PhoneChallenge> {
  const phone = typeof request.phone === 'string' ? request.phone.trim() : '';
  if (!E164_RE.test(phone)) throw new ValidationError({phone: phone === '' ? 'required' : 'invalid-phone'});
  await limitSms(s, phone, call);
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
    if (!c || c.dead || num(c.expires_ms) <= now)
      return {error: 'code-expired' as const, token: '', phone: ''};
    const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
    if (!safeEqual(codeHash(s.secret, challengeId, typed), c.code_hash)) {
      await countPhoneChallengeTry(q, challengeId, ACCOUNT_LIMITS.codeMaxTries);
      return {error: 'code-invalid' as const, token: '', phone: ''};
    }
    await endPhoneChallenge(q, challengeId);
    const t = token();
    await insertPhoneToken(q, sha(t), c.phone, now + ACCOUNT_LIMITS.phoneTokenTtlMs);
    return {error: undefined, token: t, phone: c.phone};
  });
  if (verified.error !== undefined) throw new ValidationError({code: verified.error});
  // The right code ends the resend wait (a wrong one never does); the hourly and daily caps stay.
  await s.limits.clear(`sms:number-resend:${verified.phone}`);
  return verified.token;
}
