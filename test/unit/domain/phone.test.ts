import {beforeAll, describe, expect, it} from 'vitest';

import {
  countryOfE164,
  formatOnFile,
  knownCallingCode,
  loadPhoneTools,
  looksLikeE164,
  MAX_PHONE_INPUT_LENGTH,
  OTHER_COUNTRY,
  phoneCountries,
  phoneToolsIfLoaded,
  type PhoneNormalizeResult,
  type PhoneTools,
} from '../../../src/domain/phone.js';

let tools: PhoneTools;
beforeAll(async () => {
  tools = await loadPhoneTools();
});

function e164Of(result: PhoneNormalizeResult): string | undefined {
  return result.ok ? result.e164 : undefined;
}

describe('loadPhoneTools', () => {
  it('loads the library once and then also hands the tools out synchronously', async () => {
    expect(await loadPhoneTools()).toBe(tools);
    expect(phoneToolsIfLoaded()).toBe(tools);
  });
});

describe('normalize: Mexico (+52, 10 digits; QUALITY 30)', () => {
  const mx = '+525512345678';
  it.each([
    ['55 1234 5678'],
    ['5512345678'],
    ['55-1234-5678'],
    ['55.1234.5678'],
    ['(55) 1234 5678'],
    ['+52 55 1234 5678'],
    ['+52 (55) 1234-5678'],
    ['0052 55 1234 5678'],
    ['52 55 1234 5678'],
  ])('%s → +525512345678', (input) => {
    expect(e164Of(tools.normalize(input, 'MX'))).toBe(mx);
  });

  it.each([
    ['044 55 1234 5678', 'old local-mobile prefix 044'],
    ['045 55 1234 5678', 'old long-distance-mobile prefix 045'],
    ['01 55 1234 5678', 'old long-distance prefix 01'],
    ['+52 1 55 1234 5678', 'old mobile 1 after +52'],
    ['+52 044 55 1234 5678', '044 after +52'],
    ['52 1 55 1234 5678', 'country code and mobile 1 without +'],
    ['1 55 1234 5678', 'mobile 1 without the country code'],
  ])('%s (%s) is normalised to +525512345678', (input) => {
    expect(e164Of(tools.normalize(input, 'MX'))).toBe(mx);
  });

  it('normalises a Monterrey mobile with 045 the same way', () => {
    expect(e164Of(tools.normalize('045 81 1234 5678', 'MX'))).toBe('+528112345678');
  });

  it('reports the number as dialled in Mexico', () => {
    const r = tools.normalize('044 55 1234 5678', 'MX');
    expect(r).toEqual({ok: true, e164: mx, country: 'MX', national: '55 1234 5678'});
  });

  it.each([['55 1234 567'], ['55 1234 5678 9'], ['044 55 1234 567'], ['0 55 1234 5678'], ['123']])(
    'refuses %s (wrong length)',
    (input) => {
      expect(tools.normalize(input, 'MX')).toEqual({ok: false, reason: 'invalid-phone'});
    },
  );
});

describe('normalize: US and Canada (+1, NANP)', () => {
  it.each([
    ['(212) 555-0123', 'US', '+12125550123', 'US'],
    ['212-555-0123', 'US', '+12125550123', 'US'],
    ['1 212 555 0123', 'US', '+12125550123', 'US'],
    ['+1 212 555 0123', 'MX', '+12125550123', 'US'],
    ['011 52 55 1234 5678', 'US', '+525512345678', 'MX'],
    ['416 555 0123', 'CA', '+14165550123', 'CA'],
    ['604.555.0123', 'CA', '+16045550123', 'CA'],
    ['+1 416 555 0123', 'US', '+14165550123', 'CA'],
  ])('%s with %s → %s (%s)', (input, country, e164, numberCountry) => {
    const r = tools.normalize(input, country);
    expect(r.ok && r.e164).toBe(e164);
    expect(r.ok && r.country).toBe(numberCountry);
  });

  it.each([['555 0123'], ['112 555 0123'], ['212 555 01234'], ['(800) 555-0123']])(
    'refuses %s (too short, bad area code, too long, toll-free)',
    (input) => {
      expect(tools.normalize(input, 'US')).toEqual({ok: false, reason: 'invalid-phone'});
    },
  );
});

describe('normalize: Spain (+34, 9 digits)', () => {
  it.each([
    ['612 345 678', '+34612345678'],
    ['612345678', '+34612345678'],
    ['+34 612 34 56 78', '+34612345678'],
    ['0034 612 345 678', '+34612345678'],
    ['34 612 345 678', '+34612345678'],
    ['712 345 678', '+34712345678'],
  ])('%s → %s', (input, e164) => {
    expect(e164Of(tools.normalize(input, 'ES'))).toBe(e164);
  });

  it.each([['61234567'], ['6123456789'], ['012 345 678']])(
    'refuses %s (not 9 digits / bad prefix)',
    (input) => {
      expect(tools.normalize(input, 'ES')).toEqual({ok: false, reason: 'invalid-phone'});
    },
  );

  it('refuses a landline or a toll-free number for SMS, accepts the landline when allowed', () => {
    expect(tools.normalize('912 345 678', 'ES')).toEqual({ok: false, reason: 'invalid-phone'});
    expect(tools.normalize('900 123 456', 'ES')).toEqual({ok: false, reason: 'invalid-phone'});
    expect(e164Of(tools.normalize('912 345 678', 'ES', {allowLandline: true}))).toBe('+34912345678');
    expect(tools.normalize('900 123 456', 'ES', {allowLandline: true}).ok).toBe(false);
  });
});

describe('normalize: other country (+ and the country code)', () => {
  it('needs a country code and accepts + or 00', () => {
    expect(e164Of(tools.normalize('+44 7911 123456', OTHER_COUNTRY))).toBe('+447911123456');
    expect(e164Of(tools.normalize('0044 7911 123456', OTHER_COUNTRY))).toBe('+447911123456');
    expect(tools.normalize('7911 123456', OTHER_COUNTRY)).toEqual({ok: false, reason: 'invalid-phone'});
  });
});

describe('normalize: what is not a phone number', () => {
  it('empty or blank input is "required"', () => {
    expect(tools.normalize('', 'MX')).toEqual({ok: false, reason: 'required'});
    expect(tools.normalize('   ', 'MX')).toEqual({ok: false, reason: 'required'});
  });

  it.each([
    ['55 1234 5678 ext. 12'],
    ['55 1234 5678 x12'],
    ['55 12 34 56 7a'],
    ['55+1234 5678'],
    ['<img src=x onerror=alert(1)>'],
    ['#55 1234 5678'],
  ])('refuses %s', (input) => {
    expect(tools.normalize(input, 'MX')).toEqual({ok: false, reason: 'invalid-phone'});
  });

  it(`caps input at ${MAX_PHONE_INPUT_LENGTH} characters`, () => {
    const longest = '+52 55 1234 5678'.padEnd(MAX_PHONE_INPUT_LENGTH, ' ');
    expect(tools.normalize(longest, 'MX').ok).toBe(true);
    expect(tools.normalize(`${longest} `, 'MX')).toEqual({ok: false, reason: 'too-long'});
  });

  it('refuses a 10,000-character paste as too long, quickly (QUALITY 33)', () => {
    for (const paste of ['5'.repeat(10_000), '55 1234 5678 '.repeat(800), 'x'.repeat(10_000)]) {
      const started = performance.now();
      for (let i = 0; i < 100; i++) tools.normalize(paste, 'MX');
      const perCall = (performance.now() - started) / 100;
      expect(tools.normalize(paste, 'MX')).toEqual({ok: false, reason: 'too-long'});
      expect(perCall).toBeLessThan(1);
    }
  });

  it('accepts full-width digits and no-break spaces (mobile keyboards, pasted text)', () => {
    expect(e164Of(tools.normalize('５５\u00a0１２３４\u00a0５６７８', 'MX'))).toBe('+525512345678');
  });
});

describe('isDuplicate (after normalisation)', () => {
  it('finds the same number written with old Mexican prefixes', () => {
    const a = tools.normalize('044 55 1234 5678', 'MX');
    const b = tools.normalize('+52 1 55 1234 5678', 'MX');
    const c = tools.normalize('55 1234 5678', 'MX');
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid numbers');
    expect(tools.isDuplicate(a.e164, [b.e164])).toBe(true);
    expect(tools.isDuplicate(c.e164, ['+12125550123', a.e164])).toBe(true);
  });

  it('treats a stored legacy +521 number as the same', () => {
    expect(tools.isDuplicate('+525512345678', ['+5215512345678'])).toBe(true);
  });

  it('different numbers are not duplicates; +1 US and CA numbers differ by area code', () => {
    expect(tools.isDuplicate('+525512345678', ['+525512345679', '+34612345678'])).toBe(false);
    expect(tools.isDuplicate('+12125550123', ['+14165550123'])).toBe(false);
    expect(tools.isDuplicate('+12125550123', [])).toBe(false);
  });
});

describe('format', () => {
  it.each([
    ['+525512345678', '55 1234 5678', '+52 55 1234 5678'],
    ['+12125550123', '(212) 555-0123', '+1 212 555 0123'],
    ['+14165550123', '(416) 555-0123', '+1 416 555 0123'],
    ['+34612345678', '612 34 56 78', '+34 612 34 56 78'],
  ])('%s → "%s" / "%s"', (e164, national, international) => {
    expect(tools.format(e164, 'national')).toBe(national);
    expect(tools.format(e164, 'international')).toBe(international);
  });

  it('formats a legacy +521 number as the 10-digit one, and leaves junk as it is', () => {
    expect(tools.format('+5215512345678', 'international')).toBe('+52 55 1234 5678');
    expect(tools.format('not a number', 'national')).toBe('not a number');
  });
});

describe('library-free helpers', () => {
  it('looksLikeE164', () => {
    expect(looksLikeE164('+525512345678')).toBe(true);
    expect(looksLikeE164('+12125550123')).toBe(true);
    expect(looksLikeE164('525512345678')).toBe(false);
    expect(looksLikeE164('+0525512345678')).toBe(false);
    expect(looksLikeE164('+52 55 1234 5678')).toBe(false);
    expect(looksLikeE164('+1234567890123456')).toBe(false);
    expect(looksLikeE164('+'.padEnd(10_000, '1'))).toBe(false);
  });

  it('phoneCountries puts the clinic country first, then MX, US, CA, ES, without repeats', () => {
    expect(phoneCountries('ES')).toEqual(['ES', 'MX', 'US', 'CA']);
    expect(phoneCountries('mx')).toEqual(['MX', 'US', 'CA', 'ES']);
    expect(phoneCountries('GB')).toEqual(['GB', 'MX', 'US', 'CA', 'ES']);
    expect(phoneCountries()).toEqual(['MX', 'US', 'CA', 'ES']);
    expect(phoneCountries('not a country')).toEqual(['MX', 'US', 'CA', 'ES']);
  });

  it('formatOnFile writes numbers of the offered countries as the library does, others as they are', () => {
    for (const e164 of ['+525512345678', '+522221234567', '+12125550123', '+14165550123', '+34612345678'])
      for (const style of ['national', 'international'] as const)
        expect(formatOnFile(e164, style), `${e164} ${style}`).toBe(tools.format(e164, style));
    expect(formatOnFile('+447911123456', 'international')).toBe('+447911123456');
  });

  it('knownCallingCode and countryOfE164 agree with the library for the offered countries', () => {
    for (const c of ['MX', 'US', 'CA', 'ES']) expect(knownCallingCode(c)).toBe(tools.callingCode(c));
    expect(tools.callingCode('GB')).toBe('44');
    expect(tools.callingCode(OTHER_COUNTRY)).toBeUndefined();
    expect(countryOfE164('+525512345678')).toBe('MX');
    expect(countryOfE164('+34612345678')).toBe('ES');
    expect(countryOfE164('+14165550123', 'CA')).toBe('CA');
    expect(countryOfE164('+14165550123', 'MX')).toBe('US');
    expect(countryOfE164('+447911123456')).toBeUndefined();
  });
});
