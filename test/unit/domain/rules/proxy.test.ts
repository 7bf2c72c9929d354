import {describe, expect, it} from 'vitest';
import {
  ageOn,
  isMinor,
  orderPeople,
  proxyAllows,
  type PortalPerson,
} from '../../../../src/domain/rules/proxy.js';

describe('family members (rules/proxy.ts)', () => {
  it('lets an appointments grant book and manage visits, and nothing else of the record', () => {
    for (const op of ['listAppointments', 'book', 'holdSlot', 'cancelAppointment', 'getCatalog'])
      expect(proxyAllows('appointments', op), op).toBe(true);
    for (const op of ['listDocuments', 'downloadDocument', 'listInvoices', 'listConversations', 'listForms'])
      expect(proxyAllows('appointments', op), op).toBe(false);
  });

  it('lets a full grant read the record, but never the holder’s own account operations', () => {
    for (const op of ['listDocuments', 'listInvoices', 'listConversations', 'signConsent', 'getProfile'])
      expect(proxyAllows('full', op), op).toBe(true);
    for (const op of [
      'signOut',
      'signIn',
      'changePassword',
      'requestEmailChange',
      'listSessions',
      'listPeople',
    ])
      expect(proxyAllows('full', op), op).toBe(false);
    expect(proxyAllows('full', 'noSuchOperation')).toBe(false);
  });

  it('counts full years of age, the birthday included', () => {
    expect(ageOn('2017-09-12', '2026-09-11')).toBe(8);
    expect(ageOn('2017-09-12', '2026-09-12')).toBe(9);
    expect(isMinor('2008-03-10', '2026-03-09')).toBe(true);
    expect(isMinor('2008-03-10', '2026-03-10')).toBe(false);
    expect(isMinor('2010-01-01', '2026-03-10', 16)).toBe(false);
  });

  it('orders the holder first, then dependents oldest first', () => {
    const p = (givenName: string, dateOfBirth: string, relationship: PortalPerson['relationship']) =>
      ({id: givenName, givenName, familyName: 'G', dateOfBirth, relationship, scope: 'full'}) as PortalPerson;
    const ordered = orderPeople([
      p('Sofía', '2017-09-12', 'daughter'),
      p('Pablo', '2012-01-01', 'son'),
      p('Ana', '1990-05-01', 'self'),
    ]);
    expect(ordered.map((x) => x.givenName)).toEqual(['Ana', 'Pablo', 'Sofía']);
  });
});
