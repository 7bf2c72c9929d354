/**
 * When a patient may withdraw a signed consent (#18 item 3, `consentWithdrawable` and
 * `checkConsentWithdrawal` in `src/domain/rules/forms.ts`): only where the clinic's document says
 * so, only once signed, never for a cancelled visit; `before-visit` until the visit starts (not
 * for a visit fulfilled or missed), `any-time` after it too.
 */
import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import type {ConsentDocument} from '../../../../src/domain/forms.js';
import {
  checkConsentWithdrawal,
  consentWithdrawable,
  reopenedItem,
} from '../../../../src/domain/rules/forms.js';
import type {Appointment, AppointmentStatus, VisitItem} from '../../../../src/domain/types.js';

const NOW = Date.parse('2026-03-10T16:00:00Z');
const HOUR = 3_600_000;
const doc = (withdrawal?: ConsentDocument['withdrawal']): ConsentDocument => ({
  id: 'c',
  version: '1',
  title: {en: 'Consent'},
  body: {en: 'Text'},
  ...(withdrawal ? {withdrawal} : {}),
});
const signed: VisitItem = {
  id: 'i',
  kind: 'consent',
  phase: 'before',
  title: {en: 'Consent'},
  state: 'done',
  formId: 'c',
};
const visit = (status: AppointmentStatus, startsIn: number) =>
  ({status, start: new Date(NOW + startsIn).toISOString()}) as unknown as Appointment;

describe('consentWithdrawable', () => {
  it('is never offered where the clinic does not allow it, or before signing', () => {
    expect(consentWithdrawable(doc(), visit('booked', 48 * HOUR), signed, NOW)).toBe(false);
    expect(consentWithdrawable(doc('any-time'), visit('booked', 48 * HOUR), reopenedItem(signed), NOW)).toBe(
      false,
    );
  });

  it('before-visit: while the visit is ahead and active, up to its start', () => {
    const d = doc('before-visit');
    for (const status of ['pending', 'booked', 'confirmed'] as const)
      expect(consentWithdrawable(d, visit(status, 1), signed, NOW)).toBe(true);
    expect(consentWithdrawable(d, visit('booked', 0), signed, NOW)).toBe(false);
    expect(consentWithdrawable(d, visit('booked', -HOUR), signed, NOW)).toBe(false);
    expect(consentWithdrawable(d, visit('fulfilled', -HOUR), signed, NOW)).toBe(false);
    expect(consentWithdrawable(d, visit('no-show', -HOUR), signed, NOW)).toBe(false);
    expect(consentWithdrawable(d, visit('cancelled', 48 * HOUR), signed, NOW)).toBe(false);
  });

  it('any-time: also after the visit, but not for a cancelled one', () => {
    const d = doc('any-time');
    expect(consentWithdrawable(d, visit('booked', 48 * HOUR), signed, NOW)).toBe(true);
    expect(consentWithdrawable(d, visit('fulfilled', -30 * 24 * HOUR), signed, NOW)).toBe(true);
    expect(consentWithdrawable(d, visit('cancelled', -HOUR), signed, NOW)).toBe(false);
  });

  it('checkConsentWithdrawal refuses with item: unavailable where it is not allowed', () => {
    expect(() =>
      checkConsentWithdrawal(doc('before-visit'), visit('booked', HOUR), signed, NOW),
    ).not.toThrow();
    try {
      checkConsentWithdrawal(doc('before-visit'), visit('booked', -HOUR), signed, NOW);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields).toEqual({item: 'unavailable'});
    }
  });
});
