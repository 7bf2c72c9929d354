/**
 * The waitlist's rules (#21, `src/domain/rules/waitlist.ts`): parts of the day in the clinic's
 * zone (a DST day included), request checks and limits, an entry's end, matching a freed time,
 * first joined first, one offer per patient, the canceller not offered her own time.
 */
import {describe, expect, it} from 'vitest';
import {createDemoClinicData} from '../../../../src/adapters/memory/demo-data.js';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  WAITLIST_LIMITS,
  checkWaitlistRequest,
  partOfDay,
  waitlistCandidates,
  waitlistEntryEnded,
  waitlistMatches,
  type WaitlistEntryFacts,
  type WaitlistRequest,
} from '../../../../src/domain/rules/waitlist.js';
import type {PlainDate} from '../../../../src/domain/types.js';

const data = createDemoClinicData();
// Tuesday 10 March 2026, 10:00 in Mexico City (UTC-6).
const NOW = Date.parse('2026-03-10T16:00:00Z');
const fieldsOf = (f: () => unknown): Record<string, string> => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return {...e.fields};
    throw e;
  }
  return {};
};
const general = data.catalog.services.find((s) => s.id === 'svc-general')!;
const provider = general.providerIds[0]!;
const request: WaitlistRequest = {
  serviceIds: ['svc-general'],
  from: '2026-03-10',
  to: '2026-03-20',
  partsOfDay: ['evening', 'morning'],
};
const entry = (over: Partial<WaitlistEntryFacts & {patientId: string}> = {}) => ({
  id: 'wl_a',
  seq: 1,
  joined: NOW - 1000,
  patientId: 'pat_a',
  ...request,
  partsOfDay: ['morning', 'afternoon', 'evening'] as const,
  ...over,
});

describe('waitlist rules', () => {
  it('names the part of the day in the clinic’s zone, on a DST day too', () => {
    const tz = 'America/Mexico_City';
    expect(partOfDay(Date.parse('2026-03-10T17:59:00Z'), tz)).toBe('morning'); // 11:59
    expect(partOfDay(Date.parse('2026-03-10T18:00:00Z'), tz)).toBe('afternoon'); // 12:00
    expect(partOfDay(Date.parse('2026-03-10T22:59:00Z'), tz)).toBe('afternoon'); // 16:59
    expect(partOfDay(Date.parse('2026-03-10T23:00:00Z'), tz)).toBe('evening'); // 17:00
    // New York springs forward on 8 March 2026: 11:30 EDT is 15:30Z, a day earlier 11:30 EST is 16:30Z.
    expect(partOfDay(Date.parse('2026-03-08T15:30:00Z'), 'America/New_York')).toBe('morning');
    expect(partOfDay(Date.parse('2026-03-07T16:30:00Z'), 'America/New_York')).toBe('morning');
    expect(partOfDay(Date.parse('2026-03-08T16:30:00Z'), 'America/New_York')).toBe('afternoon');
  });

  it('checks a request field by field, normalizes it and limits waiting entries', () => {
    expect(checkWaitlistRequest(data, request, NOW, 0)).toEqual({
      ...request,
      partsOfDay: ['morning', 'evening'],
    });
    expect(fieldsOf(() => checkWaitlistRequest(data, {...request, from: '2026-03-09'}, NOW, 0))).toEqual({
      from: 'invalid',
    });
    expect(fieldsOf(() => checkWaitlistRequest(data, {...request, to: '2026-03-09'}, NOW, 0))).toEqual({
      to: 'invalid',
    });
    expect(
      fieldsOf(() => checkWaitlistRequest(data, {...request, to: '2026-02-30' as PlainDate}, NOW, 0)),
    ).toEqual({
      to: 'invalid-date',
    });
    // 90 days, both ends included: 10 March to 7 June is the longest.
    expect(() => checkWaitlistRequest(data, {...request, to: '2026-06-07'}, NOW, 0)).not.toThrow();
    expect(fieldsOf(() => checkWaitlistRequest(data, {...request, to: '2026-06-08'}, NOW, 0))).toEqual({
      to: 'too-long',
    });
    expect(
      fieldsOf(() => checkWaitlistRequest(data, {...request, serviceIds: ['svc-peel']}, NOW, 0)),
    ).toEqual({
      serviceIds: 'unavailable',
    });
    expect(fieldsOf(() => checkWaitlistRequest(data, {...request, providerId: 'nobody'}, NOW, 0))).toEqual({
      providerId: 'invalid',
    });
    expect(fieldsOf(() => checkWaitlistRequest(data, {...request, partsOfDay: []}, NOW, 0))).toEqual({
      partsOfDay: 'required',
    });
    const limit = WAITLIST_LIMITS.activeEntries;
    expect(() => checkWaitlistRequest(data, request, NOW, limit - 1)).not.toThrow();
    expect(fieldsOf(() => checkWaitlistRequest(data, request, NOW, limit))).toEqual({waitlist: 'too-many'});
  });

  it('ends an entry once its last date has passed in the clinic’s zone', () => {
    const tz = data.clinic.timeZone;
    // 20 March ends at midnight Mexico City time (06:00Z on the 21st).
    expect(waitlistEntryEnded({to: '2026-03-20'}, Date.parse('2026-03-21T05:59:00Z'), tz)).toBe(false);
    expect(waitlistEntryEnded({to: '2026-03-20'}, Date.parse('2026-03-21T06:00:00Z'), tz)).toBe(true);
  });

  it('matches a freed time by provider, range and part of the day', () => {
    const at = (iso: string) => ({providerId: provider, start: Date.parse(iso)});
    expect(waitlistMatches(data, entry(), at('2026-03-12T16:00:00Z'), NOW)).toBe(true);
    expect(waitlistMatches(data, entry({partsOfDay: ['afternoon']}), at('2026-03-12T16:00:00Z'), NOW)).toBe(
      false,
    );
    expect(waitlistMatches(data, entry({providerId: 'someone-else'}), at('2026-03-12T16:00:00Z'), NOW)).toBe(
      false,
    );
    // 21 March at 10:00 is past the range; 20 March at 23:30 local (21 March 05:30Z) is in it.
    expect(waitlistMatches(data, entry(), at('2026-03-21T16:00:00Z'), NOW)).toBe(false);
    expect(waitlistMatches(data, entry(), at('2026-03-21T05:30:00Z'), NOW)).toBe(true);
    // A time already past is never offered.
    expect(waitlistMatches(data, entry(), at('2026-03-10T15:00:00Z'), NOW)).toBe(false);
  });

  it('offers first joined first, once per patient, never to the patient who cancelled, at most the limit', () => {
    const freed = {providerId: provider, start: Date.parse('2026-03-12T16:00:00Z'), patientId: 'pat_x'};
    const entries = [
      entry({id: 'wl_late', joined: NOW - 10, seq: 5, patientId: 'pat_b'}),
      entry({id: 'wl_early', joined: NOW - 500, seq: 9, patientId: 'pat_a'}),
      entry({id: 'wl_same_ms_2', joined: NOW - 100, seq: 4, patientId: 'pat_d'}),
      entry({id: 'wl_same_ms_1', joined: NOW - 100, seq: 3, patientId: 'pat_c'}),
      entry({id: 'wl_a_again', joined: NOW - 5, seq: 6, patientId: 'pat_a'}),
      entry({id: 'wl_canceller', joined: NOW - 900, seq: 1, patientId: 'pat_x'}),
    ];
    const ids = waitlistCandidates(data, entries, freed, NOW, () => true).map((e) => e.id);
    expect(ids).toEqual(['wl_early', 'wl_same_ms_1', 'wl_same_ms_2', 'wl_late']);
    expect(
      waitlistCandidates(data, entries, freed, NOW, (e) => e.id !== 'wl_early').map((e) => e.id),
    ).toEqual(['wl_same_ms_1', 'wl_same_ms_2', 'wl_late', 'wl_a_again']);
    const many = Array.from({length: 9}, (_, i) => entry({id: `wl_${i}`, seq: i, patientId: `pat_${i}`}));
    expect(waitlistCandidates(data, many, freed, NOW, () => true)).toHaveLength(
      WAITLIST_LIMITS.offersPerSlot,
    );
  });
});
