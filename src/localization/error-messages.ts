/**
 * Typed errors → what the patient reads, in their language. Every element shows failures through
 * these, so the same problem reads the same everywhere.
 */
import {msg, str} from '@lit/localize';
import {
  isAbortError,
  isPortalError,
  NetworkError,
  NotSignedInError,
  RateLimitedError,
  type FieldErrorCode,
} from '../adapters/adapter.js';

/** Minutes and seconds for a wait, e.g. "2 min 5 s" / "45 s". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m === 0) return msg(str`${rest} s`, {id: 'wait-seconds'});
  if (rest === 0) return msg(str`${m} min`, {id: 'wait-minutes'});
  return msg(str`${m} min ${rest} s`, {id: 'wait-minutes-seconds'});
}

/** The message for any failure (a `PortalError`, an offline browser, or something unexpected). */
export function errorMessage(error: unknown): string {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    return msg('You appear to be offline. Check your connection; nothing you typed has been lost.', {
      id: 'error-offline',
    });
  }
  if (isAbortError(error)) return '';
  if (!isPortalError(error)) {
    return msg('Something went wrong on our side. Please try again in a moment.', {id: 'error-unknown'});
  }
  switch (error.code) {
    case 'slot-taken':
      return msg('Sorry, someone has just booked that time. Here are the times still free.', {
        id: 'error-slot-taken',
      });
    case 'validation':
      return msg('Please check the highlighted fields.', {id: 'error-validation'});
    case 'not-signed-in':
      return msg('Please sign in to continue.', {id: 'error-not-signed-in'});
    case 'session-expired':
      return msg('Your session has ended. Please sign in again.', {id: 'error-session-expired'});
    case 'forbidden':
      return msg('You can’t do that with this account.', {id: 'error-forbidden'});
    case 'rate-limited': {
      const wait = formatWait((error as RateLimitedError).retryAfterSeconds);
      return msg(str`Too many attempts. Please wait ${wait} and try again.`, {id: 'error-rate-limited'});
    }
    case 'network':
      return msg('We couldn’t reach the clinic. Check your connection and try again.', {id: 'error-network'});
    case 'timeout':
      return msg('The clinic is taking too long to answer. Please try again.', {id: 'error-timeout'});
    case 'server': {
      const after = (error as NetworkError).retryAfterSeconds;
      return after
        ? msg(str`The clinic’s system is busy. Please try again in ${formatWait(after)}.`, {
            id: 'error-server-wait',
          })
        : msg('The clinic’s system had a problem. Please try again in a moment.', {id: 'error-server'});
    }
    case 'not-supported':
      return msg('This clinic doesn’t offer this online.', {id: 'error-not-supported'});
    case 'not-found':
      return msg('We couldn’t find that. It may have been changed or removed.', {id: 'error-not-found'});
    case 'invalid-link':
      return msg('This link has expired or was already used. Please ask for a new one.', {
        id: 'error-invalid-link',
      });
    case 'payment-failed':
      return msg('The payment didn’t go through. No charge was made; please try another card.', {
        id: 'error-payment-failed',
      });
    case 'hold-expired':
      return msg('We held that time for you, but the hold has ended. Please choose a time again.', {
        id: 'error-hold-expired',
      });
  }
}

/** Whether an error means the patient must sign in (again). */
export function needsSignIn(error: unknown): boolean {
  return error instanceof NotSignedInError;
}

/** The message shown next to a field, for a validation code. */
export function fieldErrorMessage(code: FieldErrorCode): string {
  switch (code) {
    case 'required':
      return msg('This field is required.', {id: 'field-required'});
    case 'invalid':
    case 'read-only':
    case 'file-empty':
    case 'file-too-large':
    case 'file-type':
    case 'file-heic':
      return msg('This doesn’t look right. Please check it.', {id: 'field-invalid'});
    case 'invalid-email':
      return msg('Enter an email address like name@example.com.', {id: 'field-invalid-email'});
    case 'invalid-phone':
      return msg('Enter a valid mobile number for the country chosen.', {id: 'field-invalid-phone'});
    case 'invalid-date':
      return msg('This date doesn’t exist. Please check the day and month.', {id: 'field-invalid-date'});
    case 'date-in-future':
      return msg('This date is in the future.', {id: 'field-date-in-future'});
    case 'date-too-old':
      return msg('Please check the year: that is more than 130 years ago.', {id: 'field-date-too-old'});
    case 'too-long':
      return msg('This is too long. Please shorten it.', {id: 'field-too-long'});
    case 'too-short':
      return msg('This is too short.', {id: 'field-too-short'});
    case 'password-too-short':
      return msg('Use at least 8 characters. A few words with spaces work well.', {
        id: 'field-password-too-short',
      });
    case 'password-too-common':
      return msg('This password is too common and easy to guess. Please choose another.', {
        id: 'field-password-too-common',
      });
    case 'password-personal':
      return msg(
        'Don’t build your password on your name, your email or the clinic’s name. Please choose another.',
        {
          id: 'field-password-personal',
        },
      );
    case 'password-mismatch':
      return msg('The two passwords don’t match.', {id: 'field-password-mismatch'});
    case 'duplicate':
      return msg('This is already on the list.', {id: 'field-duplicate'});
    case 'too-many':
      return msg('You’ve reached the maximum number allowed.', {id: 'field-too-many'});
    case 'consent-required':
      return msg('Please accept the privacy notice to continue.', {id: 'field-consent-required'});
    case 'policy-required':
      return msg('Please accept the cancellation policy to continue.', {id: 'field-policy-required'});
    case 'code-invalid':
      return msg('That code isn’t right. Check the text message and try again.', {id: 'field-code-invalid'});
    case 'code-expired':
      return msg('That code has expired. Ask for a new one.', {id: 'field-code-expired'});
    case 'unavailable':
      return msg('This is no longer available.', {id: 'field-unavailable'});
  }
}
