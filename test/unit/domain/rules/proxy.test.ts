import {describe, expect, it} from 'vitest';
import {
  ageOn,
  confidentialityMatters,
  hiddenFromProxy,
  keepsConfidential,
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

  it('keeps a teenager’s messages and documents from a full grant once they are her own, and nothing else', () => {
    const own = [
      'listConversations',
      'getConversation',
      'startConversation',
      'replyToConversation',
      'markConversationRead',
      'downloadAttachment',
      'listDocuments',
      'downloadDocument',
      'uploadDocument',
      'deleteDocument',
      'requestRefill',
    ];
    for (const op of own) {
      expect(proxyAllows('full', op, true), op).toBe(false);
      expect(proxyAllows('full', op, false), op).toBe(true);
      expect(confidentialityMatters(op), op).toBe(true);
    }
    for (const op of [
      'listAppointments',
      'book',
      'listInvoices',
      'listForms',
      'getMedicalInfo',
      'getProfile',
    ]) {
      expect(proxyAllows('full', op, true), op).toBe(true);
      expect(confidentialityMatters(op), op).toBe(false);
    }
    // The scope still applies: an appointments grant gets no more for a younger child.
    expect(proxyAllows('appointments', 'listInvoices', false)).toBe(false);
    expect(proxyAllows('appointments', 'listAppointments', true)).toBe(true);
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

  it('keeps a teenager’s confidential care from a parent: the country’s default, the clinic’s age, null, majority', () => {
    const born = '2010-06-15';
    // Spain by default: from 16 (Ley 41/2002) until 18.
    expect(keepsConfidential({country: 'ES'}, born, '2026-06-14')).toBe(false);
    expect(keepsConfidential({country: 'ES'}, born, '2026-06-15')).toBe(true);
    expect(keepsConfidential({country: 'ES'}, born, '2028-06-15'), 'an adult: no proxy rule here').toBe(
      false,
    );
    // Elsewhere nothing by default; the clinic sets the age, or null for never.
    expect(keepsConfidential({country: 'MX'}, born, '2026-06-15')).toBe(false);
    expect(
      keepsConfidential({country: 'US', familyAccess: {confidentialFromAge: 13}}, born, '2023-06-15'),
    ).toBe(true);
    expect(
      keepsConfidential({country: 'US', familyAccess: {confidentialFromAge: 13}}, born, '2023-06-14'),
    ).toBe(false);
    expect(
      keepsConfidential({country: 'ES', familyAccess: {confidentialFromAge: null}}, born, '2027-01-01'),
    ).toBe(false);
    // The clinic's own age of majority ends it.
    const at19 = {country: 'CA', familyAccess: {confidentialFromAge: 12, ageOfMajority: 19}};
    expect(keepsConfidential(at19, born, '2028-06-15')).toBe(true);
    expect(keepsConfidential(at19, born, '2029-06-15')).toBe(false);
  });

  it('hides a visit only when one of its services is confidential and the rule keeps it', () => {
    const services = [{id: 'a', confidential: true}, {id: 'b'}];
    expect(hiddenFromProxy({serviceIds: ['b', 'a']}, services, true)).toBe(true);
    expect(hiddenFromProxy({serviceIds: ['b']}, services, true)).toBe(false);
    expect(hiddenFromProxy({serviceIds: ['a']}, services, false)).toBe(false);
    expect(hiddenFromProxy({serviceIds: ['gone']}, services, true)).toBe(false);
  });
});
