import {describe, expect, it} from 'vitest';
import type {CancellationPolicy} from '../../../src/domain/types.js';
import {formatMoney} from '../../../src/localization/format.js';
import {policyText} from '../../../src/localization/policy-text.js';

const policy = (
  en: string,
  es = en,
  fee: CancellationPolicy['lateFee'] = {amountMinor: 30000, currency: 'MXN'},
) => ({windowHours: 24, lateFee: fee, text: {en, es}, acceptanceRequired: true}) as CancellationPolicy;

describe('policyText: the late fee stated once, formatted by Intl for the patient (issue #23 item 8)', () => {
  it('rewrites the amount the clinic wrote in its own format, in the patient’s locale', () => {
    const p = policy(
      'Cancelling less than 24 hours before costs a MXN 300 fee.',
      'Si cancela con menos de 24 horas de anticipación, se cobra una tarifa de MXN 300.',
    );
    expect(policyText(p, 'en-US')).toEqual({
      text: 'Cancelling less than 24 hours before costs a MX$300.00 fee.',
      statesFee: true,
    });
    expect(policyText(p, 'es-MX')).toEqual({
      text: 'Si cancela con menos de 24 horas de anticipación, se cobra una tarifa de $300.00.',
      statesFee: true,
    });
  });

  it('recognises symbols, decimals, grouping and an amount written after the number', () => {
    const eur = {amountMinor: 150000, currency: 'EUR'};
    // es-ES: no grouping below 10 000, a no-break space before the euro sign (Intl's own format).
    expect(policyText(policy('A fee of 1.500,00 € applies.', '', eur), 'es-ES').text).toBe(
      `A fee of ${formatMoney(eur, 'es-ES')} applies.`,
    );
    expect(formatMoney(eur, 'es-ES')).toBe('1500,00\u00a0€');
    expect(
      policyText(policy('A $1,500 fee.', '', {amountMinor: 150000, currency: 'USD'}), 'en-US').text,
    ).toBe('A $1,500.00 fee.');
  });

  it('leaves other numbers alone and says when the text does not state the fee', () => {
    const p = policy('Cancel 24 hours before, or call 300 1234.');
    expect(policyText(p, 'en-US')).toEqual({
      text: 'Cancel 24 hours before, or call 300 1234.',
      statesFee: false,
    });
    expect(policyText({...p, lateFee: undefined}, 'en-US').statesFee).toBe(false);
  });
});
