import {describe, expect, it} from 'vitest';
import {
  normalizeSecurityAnswer,
  securityAnswerMissing,
  securityAnswerProblems,
  securityAnswerRemovalProblem,
  storedSecurityQuestion,
} from '../../../../src/domain/rules/security-answer.js';

describe('security answer rule (#17 item 2)', () => {
  it('compares answers without case, accents, extra spaces or punctuation', () => {
    const one = normalizeSecurityAnswer('  María   José ');
    expect(one).toBe('maria jose');
    expect(normalizeSecurityAnswer('MARIA-JOSÉ.')).toBe(one);
    expect(normalizeSecurityAnswer('Ñandú')).toBe('nandu');
    // Composed and decomposed forms are the same answer.
    expect(normalizeSecurityAnswer('Jose\u0301')).toBe(normalizeSecurityAnswer('José'));
    // Different words stay different.
    expect(normalizeSecurityAnswer('Maria Josefa')).not.toBe(one);
    // Letters of other scripts are kept.
    expect(normalizeSecurityAnswer('東京 2')).toBe('東京 2');
  });

  it('keeps the question as typed, trimmed and with single spaces', () => {
    expect(storedSecurityQuestion('  ¿Mi  primera\tmascota? ')).toBe('¿Mi primera mascota?');
  });

  it('says what is wrong with each field', () => {
    expect(securityAnswerProblems({question: 'Ciudad', answer: 'Oaxaca'})).toEqual({});
    expect(securityAnswerProblems(undefined)).toEqual({question: 'required', answer: 'required'});
    expect(securityAnswerProblems({question: 7, answer: '   '})).toEqual({
      question: 'required',
      answer: 'required',
    });
    expect(securityAnswerProblems({question: 'q'.repeat(201), answer: 'x'.repeat(101)})).toEqual({
      question: 'too-long',
      answer: 'too-long',
    });
    // Fewer than three letters or digits once normalized.
    expect(securityAnswerProblems({question: 'Q', answer: ' a - b! '})).toEqual({answer: 'too-short'});
    expect(securityAnswerProblems({question: 'Q', answer: 'ab1'})).toEqual({});
  });

  it('lets her remove her question only where the clinic leaves it optional', () => {
    expect(securityAnswerRemovalProblem('optional')).toEqual({});
    expect(securityAnswerRemovalProblem('required')).toEqual({question: 'required'});
  });

  it('asks her to set one only where the clinic requires it and she has none', () => {
    expect(securityAnswerMissing('required', undefined)).toBe(true);
    expect(securityAnswerMissing('required', '')).toBe(true);
    expect(securityAnswerMissing('required', 'Ciudad natal')).toBe(false);
    expect(securityAnswerMissing('optional', undefined)).toBe(false);
    expect(securityAnswerMissing(undefined, undefined)).toBe(false);
  });
});
