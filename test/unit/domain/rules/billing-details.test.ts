import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  billToOf,
  billingDetailsFields,
  checkBillingDetails,
} from '../../../../src/domain/rules/billing-details.js';

function fieldsOf(f: () => unknown): Record<string, string> {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return {...e.fields};
    throw e;
  }
  throw new Error('accepted');
}

describe('billing details (rules/billing-details.ts)', () => {
  it('asks Mexico for RFC, postal code and régimen; Spain for the NIF; others the name only', () => {
    expect(billingDetailsFields('MX')).toEqual(['legalName', 'taxId', 'postalCode', 'taxRegime']);
    expect(billingDetailsFields('ES')).toEqual(['legalName', 'taxId']);
    expect(billingDetailsFields('US')).toEqual(['legalName']);
    expect(billingDetailsFields('CA')).toEqual(['legalName']);
  });

  it('Mexico: a person’s RFC with postal code and a person’s régimen, normalized', () => {
    expect(
      checkBillingDetails('MX', {
        legalName: '  Ana   García López ',
        taxId: 'gale-850312 ab1',
        postalCode: '06700',
        taxRegime: '605',
      }),
    ).toEqual({legalName: 'Ana García López', taxId: 'GALE850312AB1', postalCode: '06700', taxRegime: '605'});
    // No RFC: the name only (no factura wanted).
    expect(checkBillingDetails('MX', {legalName: 'Ana', taxId: ''})).toEqual({legalName: 'Ana'});
  });

  it('Mexico: refuses a bad RFC, a missing postal code or régimen, a régimen the RFC’s kind cannot have', () => {
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'Ana', taxId: 'GALE851332AB1'}))).toEqual({
      taxId: 'invalid',
    });
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'Ana', taxId: 'GALE850312AB1'}))).toEqual({
      postalCode: 'required',
      taxRegime: 'required',
    });
    // 601 is a company's régimen; the 13-character RFC is a person's.
    expect(
      fieldsOf(() =>
        checkBillingDetails('MX', {
          legalName: 'Ana',
          taxId: 'GALE850312AB1',
          postalCode: '6700',
          taxRegime: '601',
        }),
      ),
    ).toEqual({postalCode: 'invalid', taxRegime: 'invalid'});
    // A company's RFC (12) with a company's régimen is fine; with a person's (605) it is not.
    expect(
      checkBillingDetails('MX', {
        legalName: 'Demo SA de CV',
        taxId: 'DEM150101AB1',
        postalCode: '06700',
        taxRegime: '601',
      }).taxRegime,
    ).toBe('601');
    expect(
      fieldsOf(() =>
        checkBillingDetails('MX', {
          legalName: 'Demo',
          taxId: 'DEM150101AB1',
          postalCode: '06700',
          taxRegime: '605',
        }),
      ),
    ).toEqual({taxRegime: 'invalid'});
    // The generic RFC: only 616.
    expect(
      fieldsOf(() =>
        checkBillingDetails('MX', {
          legalName: 'Ana',
          taxId: 'XAXX010101000',
          postalCode: '06700',
          taxRegime: '605',
        }),
      ),
    ).toEqual({taxRegime: 'invalid'});
    // A postal code without an RFC.
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'Ana', postalCode: '06700'}))).toEqual({
      taxId: 'required',
    });
  });

  it('Spain: the NIF checked by its letter; no postal code or régimen', () => {
    expect(checkBillingDetails('ES', {legalName: 'Lucía Pérez', taxId: '12345678-z'})).toEqual({
      legalName: 'Lucía Pérez',
      taxId: '12345678Z',
    });
    expect(fieldsOf(() => checkBillingDetails('ES', {legalName: 'Lucía', taxId: '12345678A'}))).toEqual({
      taxId: 'invalid',
    });
    expect(fieldsOf(() => checkBillingDetails('ES', {legalName: 'Lucía', postalCode: '28001'}))).toEqual({
      postalCode: 'invalid',
    });
  });

  it('US and Canada: the name only; a tax id is refused', () => {
    expect(checkBillingDetails('US', {legalName: 'John Smith'})).toEqual({legalName: 'John Smith'});
    expect(fieldsOf(() => checkBillingDetails('CA', {legalName: 'Jean', taxId: '123456789'}))).toEqual({
      taxId: 'invalid',
    });
  });

  it('the name: required, at most 200 characters, no control characters; unknown fields and non-strings refused', () => {
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: '   '}))).toEqual({legalName: 'required'});
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'x'.repeat(201)}))).toEqual({
      legalName: 'too-long',
    });
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'Ana\u0000'}))).toEqual({
      legalName: 'invalid',
    });
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 'Ana', email: 'a@b.c'}))).toEqual({
      email: 'invalid',
    });
    expect(fieldsOf(() => checkBillingDetails('MX', {legalName: 42}))).toEqual({legalName: 'invalid'});
    expect(fieldsOf(() => checkBillingDetails('MX', null))).toEqual({details: 'invalid'});
    expect(fieldsOf(() => checkBillingDetails('MX', ['Ana']))).toEqual({details: 'invalid'});
  });

  it('bill to: her details, only the fields the country asks for; else her name', () => {
    expect(billToOf(null, 'MX', 'Ana García')).toEqual({name: 'Ana García'});
    const mx = {legalName: 'Ana G', taxId: 'GALE850312AB1', postalCode: '06700', taxRegime: '605'} as const;
    expect(billToOf(mx, 'MX', 'Ana')).toEqual({
      name: 'Ana G',
      taxId: 'GALE850312AB1',
      postalCode: '06700',
      taxRegime: '605',
    });
    expect(billToOf(mx, 'ES', 'Ana')).toEqual({name: 'Ana G', taxId: 'GALE850312AB1'});
    expect(billToOf(mx, 'US', 'Ana')).toEqual({name: 'Ana G'});
  });
});
