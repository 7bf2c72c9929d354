/**
 * The optional security question and answer (#17 item 2, seed 002's "pregunta de seguridad"), the
 * same for every backend: where the clinic asks for one (`Clinic.securityQuestion`), the patient
 * writes her own question and its answer in her profile (her current password needed). The answer
 * is kept only as a password-style hash of its normalized form (`normalizeSecurityAnswer`), never
 * returned or logged. It is asked when she resets a forgotten password: whoever opens the emailed
 * reset link must also answer her question (a wrong answer counts like a failed sign-in).
 */
import type {FieldErrorCode} from '../errors.js';

export const SECURITY_QUESTION_MAX = 200;
export const SECURITY_ANSWER_MAX = 100;
/** Letters or digits the answer keeps after normalizing: fewer is too easy to guess. */
export const SECURITY_ANSWER_MIN = 3;

/** What she sets: her own question, its answer, and her current password as proof. */
export interface SecurityAnswerRequest {
  readonly currentPassword: string;
  readonly question: string;
  readonly answer: string;
}

/**
 * How answers are compared: letters without accents or case, any run of spaces or punctuation
 * one space, none at the ends ("  María  José " and "maria-jose" are the same answer).
 */
export function normalizeSecurityAnswer(answer: string): string {
  return answer
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A question as stored: trimmed, inner runs of spaces one space. */
export const storedSecurityQuestion = (question: string): string => question.trim().replace(/\s+/g, ' ');

/** Each field's problem (question and answer; the password is the backend's to check). */
export function securityAnswerProblems(request: unknown): Record<string, FieldErrorCode> {
  const r = (request ?? {}) as Partial<Record<'question' | 'answer', unknown>>;
  const fields: Record<string, FieldErrorCode> = {};
  const q = typeof r.question === 'string' ? storedSecurityQuestion(r.question) : '';
  if (!q) fields.question = 'required';
  else if (q.length > SECURITY_QUESTION_MAX) fields.question = 'too-long';
  const a = typeof r.answer === 'string' ? r.answer : '';
  if (!a.trim()) fields.answer = 'required';
  else if (a.length > SECURITY_ANSWER_MAX) fields.answer = 'too-long';
  else if (normalizeSecurityAnswer(a).replace(/ /g, '').length < SECURITY_ANSWER_MIN)
    fields.answer = 'too-short';
  return fields;
}

/** What she sends to remove her question: her current password as proof. */
export interface SecurityAnswerRemoval {
  readonly currentPassword: string;
}

/**
 * Whether she may remove her question (#17): only where the clinic's setting is `optional`. Where
 * it is `required`, removing is refused with `{question: 'required'}` (she may change it instead).
 */
export function securityAnswerRemovalProblem(
  setting: 'optional' | 'required' | undefined,
): Record<string, FieldErrorCode> {
  return setting === 'required' ? {question: 'required'} : {};
}

/** Whether she is asked to set one: the clinic requires a question and she has none. */
export const securityAnswerMissing = (
  setting: 'optional' | 'required' | undefined,
  question: string | undefined,
): boolean => setting === 'required' && !question;
