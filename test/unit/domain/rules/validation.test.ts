import {describe, expect, it} from 'vitest';
import {
  E164_RE,
  EMAIL_RE,
  NAME_MAX,
  codePoints,
  fingerprint,
  patientDetailsProblems,
  readAppointmentQuery,
  validPlainDate,
} from '../../../../src/domain/rules/validation.js';
import type {PatientDetails, PlainDate} from '../../../../src/domain/types.js';

const TODAY: PlainDate = '2026-03-10';
const details = (overrides: Partial<PatientDetails> = {}): PatientDetails => ({
  givenName: 'María José',
  familyName: "Ñúñez-O'Connor",
  email: 'maria.jose@example.com',
  phone: '+525512345678',
  dateOfBirth: '1988-02-14',
  language: 'es',
  ...overrides,
});
const problems = (overrides: Partial<PatientDetails>, prefix = 'patient.') =>
  patientDetailsProblems(details(overrides), prefix, TODAY);

describe('patientDetailsProblems', () => {
  it('finds nothing wrong with good details in any script (QUALITY 31)', () => {
    expect(problems({})).toEqual({});
    expect(problems({givenName: 'Ö', familyName: '李'})).toEqual({});
  });

  it('names each field with the prefix, or no prefix', () => {
    expect(problems({email: 'x'}, '')).toEqual({email: 'invalid-email'});
    expect(problems({email: 'x'})).toEqual({'patient.email': 'invalid-email'});
  });

  it('requires the details themselves', () => {
    expect(patientDetailsProblems(undefined, 'patient.', TODAY)).toEqual({patient: 'required'});
  });

  it('requires names that are not blank, and caps them at 100 code points', () => {
    expect(problems({givenName: '   ', familyName: ''})).toEqual({
      'patient.givenName': 'required',
      'patient.familyName': 'required',
    });
    const longest = 'ñ'.repeat(NAME_MAX);
    expect(NAME_MAX).toBe(100);
    expect(problems({givenName: longest})).toEqual({});
    // Emoji are two UTF-16 units but one code point each: 100 of them are still fine.
    expect(problems({familyName: '🦊'.repeat(NAME_MAX)})).toEqual({});
    expect(problems({givenName: `${longest}a`})).toEqual({'patient.givenName': 'too-long'});
  });

  it('requires an email with a dotted domain, at most 254 characters (spaces around are ignored)', () => {
    expect(problems({email: ''})).toEqual({'patient.email': 'required'});
    for (const bad of ['ana@', 'ana@example', 'ana example@x.com', '@example.com', 'ana@@example.com'])
      expect(problems({email: bad}), bad).toEqual({'patient.email': 'invalid-email'});
    expect(problems({email: '  ana@example.com  '})).toEqual({});
    const local = 'a'.repeat(254 - '@example.com'.length);
    expect(problems({email: `${local}@example.com`})).toEqual({});
    expect(problems({email: `${local}a@example.com`})).toEqual({'patient.email': 'invalid-email'});
  });

  it('requires a phone in E.164', () => {
    expect(problems({phone: '' as `+${string}`})).toEqual({'patient.phone': 'required'});
    for (const bad of ['5512345678', '+52 55 1234 5678', '+05512345678', '+1234567', '+1234567890123456'])
      expect(problems({phone: bad as `+${string}`}), bad).toEqual({'patient.phone': 'invalid-phone'});
  });

  it('refuses impossible dates of birth, in the future or over 130 years ago (QUALITY 32)', () => {
    expect(problems({dateOfBirth: '' as PlainDate})).toEqual({'patient.dateOfBirth': 'required'});
    expect(problems({dateOfBirth: '1990-02-31'})).toEqual({'patient.dateOfBirth': 'invalid-date'});
    expect(problems({dateOfBirth: '01/05/1990' as PlainDate})).toEqual({
      'patient.dateOfBirth': 'invalid-date',
    });
    expect(problems({dateOfBirth: TODAY})).toEqual({});
    expect(problems({dateOfBirth: '2026-03-11'})).toEqual({'patient.dateOfBirth': 'date-in-future'});
    expect(problems({dateOfBirth: '1896-03-10'})).toEqual({});
    expect(problems({dateOfBirth: '1896-03-09'})).toEqual({'patient.dateOfBirth': 'date-too-old'});
    expect(problems({dateOfBirth: '2024-02-29'})).toEqual({});
  });

  it('requires a language the portal speaks', () => {
    expect(problems({language: 'fr' as 'es'})).toEqual({'patient.language': 'invalid'});
  });
});

describe('EMAIL_RE / E164_RE / codePoints / validPlainDate', () => {
  it('match what the field checks use', () => {
    expect(EMAIL_RE.test('a@b.co')).toBe(true);
    expect(EMAIL_RE.test('a@b.')).toBe(false);
    expect(E164_RE.test('+12025550123')).toBe(true);
    expect(E164_RE.test('+1-202-555-0123')).toBe(false);
    expect(codePoints('ñ🦊a')).toBe(3);
    expect(validPlainDate('2026-02-28')).toBe(true);
    expect(validPlainDate('2026-02-29')).toBe(false);
    expect(validPlainDate('2026-2-28')).toBe(false);
  });
});

describe('fingerprint', () => {
  it('ignores the order of object keys at every depth, but not of array items', () => {
    expect(fingerprint({a: 1, b: {c: 2, d: 3}})).toBe(fingerprint({b: {d: 3, c: 2}, a: 1}));
    expect(fingerprint({ids: ['a', 'b']})).not.toBe(fingerprint({ids: ['b', 'a']}));
    expect(fingerprint({a: 1})).not.toBe(fingerprint({a: '1'}));
  });
});

describe('readAppointmentQuery', () => {
  it('reads the defaults: everything, 20 a page', () => {
    expect(readAppointmentQuery({when: 'all'})).toEqual({
      fields: {},
      from: -Infinity,
      to: Infinity,
      limit: 20,
    });
  });

  it('caps the page at 100 and refuses a page size that is not a positive integer', () => {
    expect(readAppointmentQuery({when: 'upcoming', limit: 1000}).limit).toBe(100);
    expect(readAppointmentQuery({when: 'upcoming', limit: 1}).fields).toEqual({});
    for (const limit of [0, -1, 1.5, Number.NaN])
      expect(readAppointmentQuery({when: 'upcoming', limit}).fields, String(limit)).toEqual({
        limit: 'invalid',
      });
  });

  it('refuses an unknown filter, unknown statuses and instants it cannot read', () => {
    expect(
      readAppointmentQuery({
        when: 'soon',
        statuses: ['booked', 'lost' as 'booked'],
        from: 'yesterday',
        to: '2026-13-01T00:00:00Z',
      }).fields,
    ).toEqual({when: 'invalid', statuses: 'invalid', from: 'invalid', to: 'invalid'});
  });

  it('reads the range as epoch ms', () => {
    const q = readAppointmentQuery({
      when: 'past',
      from: '2026-03-10T10:00:00-06:00',
      to: '2026-03-11T00:00:00Z',
    });
    expect(q.from).toBe(Date.parse('2026-03-10T16:00:00Z'));
    expect(q.to).toBe(Date.parse('2026-03-11T00:00:00Z'));
  });
});
