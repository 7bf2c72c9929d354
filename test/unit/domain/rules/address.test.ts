import {describe, expect, it} from 'vitest';
import {ADDRESS_TEXT_MAX, addressFormat, checkAddress} from '../../../../src/domain/rules/address.js';

describe('postal addresses (rules/address.ts)', () => {
  it('shows each country’s fields in its own order', () => {
    expect(addressFormat('MX').fields).toEqual([
      'country',
      'line1',
      'line2',
      'neighborhood',
      'postalCode',
      'city',
      'region',
    ]);
    expect(addressFormat('us').fields).toEqual(['country', 'line1', 'line2', 'city', 'region', 'postalCode']);
    expect(addressFormat('ES').regions, 'Spain: the province as written').toBeUndefined();
    expect(addressFormat('FR').required).toEqual(new Set(['line1', 'city']));
  });

  it('accepts a Mexican address and keeps its fields only, normalized; a name that is no address field is refused', () => {
    const r = checkAddress({
      country: 'mx',
      line1: '  Calle Córdoba   123 ',
      neighborhood: 'Roma Norte',
      postalCode: '06700',
      city: 'Cuauhtémoc',
      region: 'Ciudad de México',
      // Another country's field (a form that changed country may send it): dropped.
      line2: '',
      state: undefined,
    });
    expect(r).toEqual({
      ok: true,
      address: {
        country: 'MX',
        line1: 'Calle Córdoba 123',
        neighborhood: 'Roma Norte',
        postalCode: '06700',
        city: 'Cuauhtémoc',
        region: 'Ciudad de México',
      },
    });
    expect(
      checkAddress({
        country: 'US',
        line1: '1 Main St',
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
        neighborhood: 'x',
      }),
    ).toMatchObject({ok: true, address: {region: 'TX'}});
    expect(checkAddress({country: 'MX', zip: '06700'})).toMatchObject({ok: false, fields: {zip: 'invalid'}});
  });

  it('refuses by field: required, a postal code or region of the wrong shape, too long', () => {
    expect(
      checkAddress({country: 'MX', line1: 'Calle 1', postalCode: '0670', city: 'X', region: 'CDMX'}),
    ).toEqual({
      ok: false,
      fields: {neighborhood: 'required', postalCode: 'invalid', region: 'invalid'},
    });
    expect(
      checkAddress({country: 'US', line1: '1 Main St', city: 'Austin', region: 'tx', postalCode: '7870'}),
    ).toEqual({
      ok: false,
      fields: {postalCode: 'invalid'},
    });
    expect(
      checkAddress({
        country: 'ES',
        line1: 'x'.repeat(ADDRESS_TEXT_MAX + 1),
        postalCode: '53001',
        city: 'Madrid',
      }),
    ).toEqual({
      ok: false,
      fields: {line1: 'too-long', postalCode: 'invalid'},
    });
    expect(checkAddress({line1: 'x'})).toEqual({ok: false, fields: {country: 'required'}});
    expect(checkAddress({country: 'Mexico'})).toEqual({ok: false, fields: {country: 'invalid'}});
    expect(checkAddress(null)).toEqual({ok: false, fields: {country: 'required'}});
  });

  it('writes US and Canadian regions as their codes, a Canadian postal code as A1A 1A1, ZIP+4 kept', () => {
    expect(
      checkAddress({
        country: 'US',
        line1: '1 Main St',
        city: 'Austin',
        region: 'tx',
        postalCode: '78701-1234',
      }),
    ).toMatchObject({ok: true, address: {region: 'TX', postalCode: '78701-1234'}});
    expect(
      checkAddress({country: 'CA', line1: '1 Rue X', city: 'Montréal', region: 'qc', postalCode: 'h2x1y4'}),
    ).toMatchObject({ok: true, address: {region: 'QC', postalCode: 'H2X 1Y4'}});
    // Letters Canada Post does not use (D, F, I, O, Q, U; W and Z first) are refused.
    expect(
      checkAddress({country: 'CA', line1: '1', city: 'X', region: 'ON', postalCode: 'D2X 1Y4'}),
    ).toMatchObject({
      ok: false,
      fields: {postalCode: 'invalid'},
    });
    expect(
      checkAddress({country: 'CA', line1: '1', city: 'X', region: 'XX', postalCode: 'K1A 0B1'}),
    ).toMatchObject({
      ok: false,
      fields: {region: 'invalid'},
    });
  });

  it('takes Spanish postal codes 01000–52999 only, and anywhere else a plain form', () => {
    expect(
      checkAddress({country: 'ES', line1: 'Gran Vía 1', postalCode: '28013', city: 'Madrid'}),
    ).toMatchObject({
      ok: true,
    });
    expect(
      checkAddress({country: 'ES', line1: 'Gran Vía 1', postalCode: '00100', city: 'Madrid'}),
    ).toMatchObject({
      ok: false,
      fields: {postalCode: 'invalid'},
    });
    expect(checkAddress({country: 'FR', line1: '1 rue X', city: 'Paris', postalCode: '75001'})).toMatchObject(
      {
        ok: true,
        address: {country: 'FR', postalCode: '75001'},
      },
    );
  });
});
