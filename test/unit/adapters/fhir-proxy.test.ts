/**
 * The FHIR adapter's reading of family members' grants (adapters/fhir/proxy.ts): when a
 * RelatedPerson is a live grant and of what scope, and the dependent's relationship to the holder
 * from the holder's v3 RoleCode towards the dependent and the dependent's gender. The FHIR test
 * server checks access with the same `grantOf`; the contract suite runs the whole flow on FHIR.
 */
import {describe, expect, it} from 'vitest';
import {EXT} from '../../../src/adapters/fhir/profile.js';
import {grantOf, linkedRelatedPersons, relationshipOf} from '../../../src/adapters/fhir/proxy.js';
import type {Resource} from '../../../src/adapters/fhir/profile.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const rp = (extra: Partial<Resource> = {}): Resource => ({
  resourceType: 'RelatedPerson',
  id: 'rp-1',
  active: true,
  patient: {reference: 'Patient/pat-sofia'},
  extension: [{url: EXT.proxyScope, valueCode: 'full'}],
  ...extra,
});
const role = (code: string): Partial<Resource> => ({
  relationship: [{coding: [{system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code}]}],
});

describe('grantOf', () => {
  it('a live RelatedPerson names the dependent and the scope', () => {
    expect(grantOf(rp(), 'pat-ana', NOW, EXT.proxyScope)).toMatchObject({
      dependentId: 'pat-sofia',
      scope: 'full',
    });
  });

  it('without the scope extension (or an unknown scope): appointments only', () => {
    expect(grantOf(rp({extension: []}), 'pat-ana', NOW, EXT.proxyScope)?.scope).toBe('appointments');
    const odd = rp({extension: [{url: EXT.proxyScope, valueCode: 'everything'}]});
    expect(grantOf(odd, 'pat-ana', NOW, EXT.proxyScope)?.scope).toBe('appointments');
  });

  it('inactive, outside its period, naming the holder herself, or no patient: no grant', () => {
    expect(grantOf(rp({active: false}), 'pat-ana', NOW, EXT.proxyScope)).toBeUndefined();
    expect(
      grantOf(rp({period: {end: '2026-12-07T11:59:00Z'}}), 'pat-ana', NOW, EXT.proxyScope),
    ).toBeUndefined();
    expect(grantOf(rp({period: {start: '2026-12-08'}}), 'pat-ana', NOW, EXT.proxyScope)).toBeUndefined();
    expect(
      grantOf(rp({period: {start: '2026-01-01', end: '2027-01-01'}}), 'pat-ana', NOW, EXT.proxyScope),
    ).toBeDefined();
    expect(grantOf(rp(), 'pat-sofia', NOW, EXT.proxyScope)).toBeUndefined();
    expect(grantOf(rp({patient: undefined}), 'pat-ana', NOW, EXT.proxyScope)).toBeUndefined();
    expect(grantOf({...rp(), resourceType: 'Patient'}, 'pat-ana', NOW, EXT.proxyScope)).toBeUndefined();
  });
});

describe('relationshipOf', () => {
  it('the holder a parent: daughter, son or child by the dependent’s gender', () => {
    expect(relationshipOf(rp(role('MTH')), 'female')).toBe('daughter');
    expect(relationshipOf(rp(role('FTH')), 'male')).toBe('son');
    expect(relationshipOf(rp(role('PRN')), 'unknown')).toBe('child');
    expect(relationshipOf(rp(role('STPMTH')), 'female')).toBe('daughter');
  });

  it('the holder a child: mother or father; a partner; anything else: other', () => {
    expect(relationshipOf(rp(role('DAU')), 'female')).toBe('mother');
    expect(relationshipOf(rp(role('SON')), 'male')).toBe('father');
    expect(relationshipOf(rp(role('CHILD')), undefined)).toBe('other');
    expect(relationshipOf(rp(role('SPS')), 'male')).toBe('partner');
    expect(relationshipOf(rp(role('FRND')), 'female')).toBe('other');
    expect(relationshipOf(rp(), 'female')).toBe('other');
  });
});

it('linkedRelatedPersons: only Patient.link entries that name a RelatedPerson', () => {
  const patient: Resource = {
    resourceType: 'Patient',
    link: [
      {other: {reference: 'RelatedPerson/rp-1'}, type: 'seealso'},
      {other: {reference: 'Patient/pat-old'}, type: 'replaces'},
      {other: {reference: 'https://ehr.example/fhir/R4/RelatedPerson/rp-2'}, type: 'seealso'},
      {other: {reference: 'RelatedPerson/../x'}, type: 'seealso'},
    ],
  };
  expect(linkedRelatedPersons(patient)).toEqual(['rp-1', 'rp-2']);
});
