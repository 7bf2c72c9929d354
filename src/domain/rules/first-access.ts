/**
 * First access as the clinic configures it (#17 item 6, seed 002's "Validación primer acceso"):
 * the invitation's first sign-in asks, besides the password, for her mobile number (verified by an
 * SMS code: `Clinic.firstAccessMobile`, where the backend sends SMS codes) and her security
 * question and answer (`Clinic.securityQuestion: 'required'`). The same for every backend: the
 * element asks what `firstAccessAsks` says, and the backend refuses an acceptance without it.
 */
import type {FieldErrorCode} from '../errors.js';
import type {Clinic} from '../types.js';
import {securityAnswerProblems} from './security-answer.js';
import {E164_RE} from './validation.js';

/** What first access asks for besides the password. */
export interface FirstAccessAsks {
  readonly mobile: boolean;
  readonly securityQuestion: boolean;
}

/** What she gives at first access besides the password (`acceptInvitation`'s options). */
export interface FirstAccessDetails {
  /** Her mobile number (E.164), with the proof from `verifyPhoneCode` for that number. */
  readonly phone?: string;
  readonly phoneVerificationToken?: string;
  readonly securityQuestion?: string;
  readonly securityAnswer?: string;
}

/** What the clinic asks at first access; the mobile only where the backend sends SMS codes. */
export const firstAccessAsks = (
  clinic: Pick<Clinic, 'firstAccessMobile' | 'securityQuestion'>,
  smsCodes: boolean,
): FirstAccessAsks => ({
  mobile: clinic.firstAccessMobile === true && smsCodes,
  securityQuestion: clinic.securityQuestion === 'required',
});

/**
 * Each missing or wrong field of what first access asks (the phone's proof is the backend's to
 * check against its codes): `phone`, `phoneVerificationToken`, `securityQuestion`, `securityAnswer`.
 */
export function firstAccessProblems(asks: FirstAccessAsks, details: unknown): Record<string, FieldErrorCode> {
  const d = (details ?? {}) as Partial<Record<keyof FirstAccessDetails, unknown>>;
  const fields: Record<string, FieldErrorCode> = {};
  if (asks.mobile) {
    const phone = typeof d.phone === 'string' ? d.phone.trim() : '';
    if (!phone) fields.phone = 'required';
    else if (!E164_RE.test(phone)) fields.phone = 'invalid-phone';
    else if (typeof d.phoneVerificationToken !== 'string' || !d.phoneVerificationToken)
      fields.phoneVerificationToken = 'required';
  }
  if (asks.securityQuestion) {
    const qa = securityAnswerProblems({question: d.securityQuestion, answer: d.securityAnswer});
    if (qa.question) fields.securityQuestion = qa.question;
    if (qa.answer) fields.securityAnswer = qa.answer;
  }
  return fields;
}
