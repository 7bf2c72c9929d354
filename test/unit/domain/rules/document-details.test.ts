import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  REFILL_NOTE_MAX_LENGTH,
  canRequestRefill,
  checkRefillNote,
  isFlagged,
  labFlag,
  refillMessage,
  refillStatus,
} from '../../../../src/domain/rules/document-details.js';

describe('labFlag: a value against its reference range', () => {
  const range = {low: 4.5, high: 11};
  it('is high above the range and low below it', () => {
    expect(labFlag({value: 11.9, referenceRange: range})).toBe('high');
    expect(labFlag({value: 3.2, referenceRange: range})).toBe('low');
  });
  it('is normal within the range, bounds included', () => {
    expect(labFlag({value: 4.5, referenceRange: range})).toBe('normal');
    expect(labFlag({value: 11, referenceRange: range})).toBe('normal');
    expect(labFlag({value: 7, referenceRange: range})).toBe('normal');
  });
  it('works with an open bound ("< 200", "> 40")', () => {
    expect(labFlag({value: 230, referenceRange: {high: 200}})).toBe('high');
    expect(labFlag({value: 150, referenceRange: {high: 200}})).toBe('normal');
    expect(labFlag({value: 35, referenceRange: {low: 40}})).toBe('low');
  });
  it('takes the clinic’s interpretation over the range', () => {
    expect(labFlag({value: 11.9, referenceRange: range, interpretation: 'normal'})).toBe('normal');
    expect(labFlag({value: 'Positivo', referenceRange: {text: 'Negativo'}, interpretation: 'abnormal'})).toBe(
      'abnormal',
    );
  });
  it('says nothing when it cannot tell (text value, no numeric range, not a number)', () => {
    expect(labFlag({value: 'Negativo', referenceRange: {text: 'Negativo'}})).toBeUndefined();
    expect(labFlag({value: 5})).toBeUndefined();
    expect(labFlag({value: Number.NaN, referenceRange: range})).toBeUndefined();
  });
  it('counts high, low and abnormal as flagged, normal and unknown as not', () => {
    expect(['high', 'low', 'abnormal', 'normal', undefined].map((f) => isFlagged(f as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('refillStatus / canRequestRefill', () => {
  const rx = {refillsAllowed: true, refillsLeft: 2, expiresOn: '2026-12-31'} as const;
  it('is available when the clinic allows it, refills are left and it has not expired', () => {
    expect(refillStatus(rx, true, '2026-12-06')).toBe('available');
    expect(canRequestRefill(rx, true, '2026-12-31')).toBe(true);
  });
  it('is not offered when the clinic or the prescriber does not allow refills', () => {
    expect(refillStatus(rx, false, '2026-12-06')).toBe('not-offered');
    expect(refillStatus({...rx, refillsAllowed: false}, true, '2026-12-06')).toBe('not-offered');
    expect(canRequestRefill(rx, false, '2026-12-06')).toBe(false);
  });
  it('is none-left at 0 refills and expired the day after expiresOn', () => {
    expect(refillStatus({...rx, refillsLeft: 0}, true, '2026-12-06')).toBe('none-left');
    expect(refillStatus(rx, true, '2027-01-01')).toBe('expired');
    expect(canRequestRefill(rx, true, '2027-01-01')).toBe(false);
  });
  it('is pending while a request waits for the clinic (canRequestRefill ignores that: the rule alone)', () => {
    const pending = {...rx, pendingRefill: {requestedAt: '2026-12-06T10:00:00-06:00', conversationId: 'c'}};
    expect(refillStatus(pending, true, '2026-12-06')).toBe('pending');
    expect(canRequestRefill(pending, true, '2026-12-06')).toBe(true);
  });
  it('has no expiry when expiresOn is absent', () => {
    expect(refillStatus({refillsAllowed: true, refillsLeft: 1}, true, '2099-01-01')).toBe('available');
  });
});

describe('checkRefillNote', () => {
  it('accepts none, trims, and keeps line breaks', () => {
    expect(checkRefillNote(undefined)).toBeUndefined();
    expect(checkRefillNote('   ')).toBeUndefined();
    expect(checkRefillNote('  Farmacia del Ahorro\r\nRoma  ')).toBe('Farmacia del Ahorro\nRoma');
  });
  it('refuses a non-string, control characters and a note too long', () => {
    for (const [note, code] of [
      [42, 'invalid'],
      ['a\u0000b', 'invalid'],
      ['x'.repeat(REFILL_NOTE_MAX_LENGTH + 1), 'too-long'],
    ] as const) {
      try {
        checkRefillNote(note);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fields).toEqual({note: code});
      }
    }
  });
});

describe('refillMessage', () => {
  it('names the medication, dose, date and file in the patient’s language, then her note', () => {
    const p = {medication: 'Ácido fólico 5 mg', dose: '1 tableta', date: '2026-12-04'} as const;
    expect(refillMessage(p, 'receta.pdf', 'Gracias', 'es')).toBe(
      'Solicitud de resurtido de receta\nÁcido fólico 5 mg — 1 tableta\nReceta del 2026-12-04 (receta.pdf)\n\nNota: Gracias',
    );
    expect(refillMessage(p, 'receta.pdf', undefined, 'en').split('\n')[0]).toBe(
      'Prescription refill request',
    );
  });
});
