/**
 * The adult's own invitation's rules (`rules/proxy-invitation.ts`, family members #21): who may
 * invite (the clinic's age of majority, to the day), what is wrong with a request field by field,
 * five invitations in any 24 hours, and which account an invitation is for.
 */
import {describe, expect, it} from 'vitest';
import {
  invitationIsFor,
  mayInviteProxy,
  PROXY_INVITATIONS_PER_DAY,
  proxyInvitationMessage,
  proxyInvitationProblems,
  proxyInvitationWait,
} from '../../../../src/domain/rules/proxy-invitation.js';
import {DAY_MS} from '../../../../src/domain/time.js';

describe('who may invite', () => {
  it('an adult by the clinic’s age of majority, from her birthday on; 18 without a setting', () => {
    expect(mayInviteProxy({}, '2008-03-02', '2026-03-01')).toBe(false);
    expect(mayInviteProxy({}, '2008-03-02', '2026-03-02')).toBe(true);
    expect(mayInviteProxy({familyAccess: {ageOfMajority: 21}}, '2008-03-02', '2026-03-02')).toBe(false);
    expect(mayInviteProxy({familyAccess: {ageOfMajority: 16}}, '2010-03-02', '2026-03-02')).toBe(true);
  });
});

describe('an invitation’s fields', () => {
  const ok = {email: 'carmen@example.com', scope: 'full', relationship: 'daughter'};
  it('takes a valid request', () => {
    expect(proxyInvitationProblems(ok, 'ana@demo.clinic', [])).toEqual({});
  });
  it('refuses her own address (any case, spaces) as invalid, and one already taken as duplicate', () => {
    expect(proxyInvitationProblems({...ok, email: ' ANA@Demo.Clinic '}, 'ana@demo.clinic', [])).toEqual({
      email: 'invalid',
    });
    expect(
      proxyInvitationProblems({...ok, email: 'Carmen@Example.com'}, 'ana@demo.clinic', [
        'carmen@example.com',
      ]),
    ).toEqual({email: 'duplicate'});
  });
  it('names every bad field: missing, malformed, unknown scope and relationship; a non-object', () => {
    expect(proxyInvitationProblems({}, 'ana@demo.clinic', [])).toEqual({
      email: 'required',
      scope: 'required',
      relationship: 'required',
    });
    expect(
      proxyInvitationProblems({email: 'a@b', scope: 'all', relationship: 'aunt'}, 'ana@demo.clinic', []),
    ).toEqual({email: 'invalid-email', scope: 'invalid', relationship: 'invalid'});
    expect(proxyInvitationProblems({...ok, email: `${'a'.repeat(250)}@x.com`}, 'x@y.z', [])).toEqual({
      email: 'invalid-email',
    });
    expect(proxyInvitationProblems(null, 'ana@demo.clinic', [])).toEqual({email: 'required'});
    expect(proxyInvitationProblems([ok], 'ana@demo.clinic', [])).toEqual({email: 'required'});
  });
});

describe('invitations a day', () => {
  const now = Date.UTC(2026, 2, 2, 16);
  it('five in any 24 hours; the sixth waits until the oldest is a day old', () => {
    const four = [1, 2, 3, 4].map((h) => now - h * 3600_000);
    expect(proxyInvitationWait(four, now)).toBe(0);
    const five = [...four, now - 5 * 3600_000];
    expect(five).toHaveLength(PROXY_INVITATIONS_PER_DAY);
    expect(proxyInvitationWait(five, now)).toBe(19 * 3600);
    // Older than a day: not counted.
    expect(proxyInvitationWait([...four, now - DAY_MS - 1], now)).toBe(0);
  });
});

describe('which account an invitation is for', () => {
  const invitation = {email: 'Carmen@Example.com', inviterId: 'pat_ana'};
  it('the invited address, case-insensitively, and never the one who invited', () => {
    expect(invitationIsFor(invitation, {email: 'carmen@example.com', id: 'pat_carmen'})).toBe(true);
    expect(invitationIsFor(invitation, {email: 'luis@example.com', id: 'pat_luis'})).toBe(false);
    expect(invitationIsFor(invitation, {email: 'carmen@example.com', id: 'pat_ana'})).toBe(false);
  });
});

describe('the messages', () => {
  it('say who invites and what they could see, in the language asked, with nothing else of hers', () => {
    const vars = {
      clinic: 'Clínica Demo',
      phone: '+52 55 5555 0134',
      inviter: 'Ana García',
      scope: 'appointments',
    };
    const es = proxyInvitationMessage('proxy-invitation', 'es', vars);
    expect(es.subject).toBe('Ana García le invita a ver su información en Clínica Demo');
    expect(es.text).toContain('sus citas');
    expect(es.text).toContain('cree una con esta dirección');
    const en = proxyInvitationMessage('proxy-invitation', 'en', {...vars, scope: 'full'});
    expect(en.text).toContain('forms, documents, bills and messages');
    const told = proxyInvitationMessage('proxy-invitation-accepted', 'en', {
      ...vars,
      name: 'Ana',
      holder: 'Carmen López',
    });
    expect(told.subject).toBe('Carmen López accepted your invitation at Clínica Demo');
    expect(told.text).toContain('Family and shared access');
  });
});
