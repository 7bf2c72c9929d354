import type {Appointment, CancellationPolicy, CancellationQuote} from '../domain/types.js';
import {HOUR_MS, parseInstant, toInstantString} from '../domain/time.js';
import {formatMoney, pickText} from './format.js';

/**
 * The clinic's cancellation policy in its own words, for the patient's locale, with the late fee
 * the text states ("MXN 300", "$300.00", "300 €") written as `Intl` formats the policy's fee for
 * that locale — so the fee is stated once, in one format (issue #23 item 8). `statesFee` says the
 * text states it, so the element adds no sentence of its own about the amount.
 */
export function policyText(
  policy: CancellationPolicy,
  locale: string,
  languages?: readonly string[],
): {text: string; statesFee: boolean} {
  const text = pickText(policy.text, locale, languages);
  const fee = policy.lateFee;
  if (!fee) return {text, statesFee: false};
  const digits =
    new Intl.NumberFormat('en', {style: 'currency', currency: fee.currency}).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const major = fee.amountMinor / 10 ** digits;
  // 1500 → 1[,. ]?500; a whole amount may be written with or without ".00".
  const whole = String(Math.trunc(major)).replace(/\B(?=(\d{3})+$)/g, '[,.\\s]?');
  const cents = Number.isInteger(major) ? '(?:[.,]0+)?' : `[.,]${String(fee.amountMinor).slice(-digits)}`;
  const amount = `(?<![\\d.,])${whole}${cents}(?!\\d)`;
  const currency = `(?:${fee.currency}|[A-Z]{0,2}\\$|€|£)`;
  let statesFee = false;
  const replaced = text.replace(new RegExp(`${currency}\\s?${amount}|${amount}\\s?${currency}`, 'i'), () => {
    statesFee = true;
    return formatMoney(fee, locale);
  });
  return {text: replaced, statesFee};
}

/**
 * What cancelling now costs, from the clinic's policy and the server's clock — for a reminder link,
 * where the patient may not be signed in to ask the backend for a quote. The backend still decides.
 */
export function quoteFromPolicy(
  a: Appointment,
  policy: CancellationPolicy,
  serverNow: number,
): CancellationQuote {
  const windowStart = parseInstant(a.start) - policy.windowHours * HOUR_MS;
  const late = serverNow >= windowStart;
  return late && policy.lateFee
    ? {late, fee: policy.lateFee, windowStart: toInstantString(windowStart)}
    : {late, windowStart: toInstantString(windowStart)};
}
