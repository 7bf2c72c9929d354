import {describe, expect, it} from 'vitest';
import {firstAccessAsks, firstAccessProblems} from '../../../../src/domain/rules/first-access.js';

describe('first access rule (#17 item 6)', () => {
  it('asks what the clinic configures; the mobile only with SMS codes', () => {
    expect(firstAccessAsks({}, true)).toEqual({mobile: false, securityQuestion: false});
    expect(firstAccessAsks({securityQuestion: 'optional', firstAccessMobile: true}, true)).toEqual({
      mobile: true,
      securityQuestion: false,
    });
    expect(firstAccessAsks({securityQuestion: 'required', firstAccessMobile: true}, false)).toEqual({
      mobile: false,
      securityQuestion: true,
    });
  });

  it('names each missing or wrong field of what it asks, nothing else', () => {
    const all = {mobile: true, securityQuestion: true};
    expect(firstAccessProblems({mobile: false, securityQuestion: false}, undefined)).toEqual({});
    expect(firstAccessProblems(all, {})).toEqual({
      phone: 'required',
      securityQuestion: 'required',
      securityAnswer: 'required',
    });
    expect(firstAccessProblems(all, {phone: '55 1234', securityQuestion: 'Q', securityAnswer: 'a'})).toEqual({
      phone: 'invalid-phone',
      securityAnswer: 'too-short',
    });
    expect(
      firstAccessProblems(all, {phone: '+525512345678', securityQuestion: 'Q', securityAnswer: 'Oaxaca'}),
    ).toEqual({phoneVerificationToken: 'required'});
    expect(
      firstAccessProblems(all, {
        phone: '+525512345678',
        phoneVerificationToken: 'proof',
        securityQuestion: 'Q',
        securityAnswer: 'Oaxaca',
      }),
    ).toEqual({});
  });
});
