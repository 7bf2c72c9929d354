import {describe, expect, it} from 'vitest';
import {
  MAX_RANGE_DAYS,
  bookableRange,
  busyReach,
  decodeSlot,
  freeSlot,
  readAvailabilityQuery,
  slotId,
  slotsFor,
} from '../../../../src/domain/rules/availability-query.js';
import {SlotTakenError} from '../../../../src/domain/errors.js';
import type {Service, Slot} from '../../../../src/domain/types.js';
import {DAY, MINUTE, MONDAY_7AM, SERVICES, clinicData, fieldsOf, monday} from './fixture.js';

const {a, b, v} = SERVICES;
const iso = (ms: number) => new Date(ms).toISOString();
const query = (overrides: Partial<Parameters<typeof readAvailabilityQuery>[1]> = {}) => ({
  serviceIds: ['a'],
  providerId: 'any',
  from: iso(MONDAY_7AM),
  to: iso(MONDAY_7AM + 7 * DAY),
  ...overrides,
});

describe('readAvailabilityQuery', () => {
  const data = clinicData();

  it('reads a query for one provider', () => {
    const q = readAvailabilityQuery(data, query({providerId: 'p1'}));
    expect(q.services.map((s) => s.id)).toEqual(['a']);
    expect(q.providerIds).toEqual(['p1']);
    expect(q.from).toBe(MONDAY_7AM);
    expect(q.to).toBe(MONDAY_7AM + 7 * DAY);
    expect(q.firstAvailable).toBe(false);
  });

  it('reads "any" as every eligible provider, in catalog order, first available', () => {
    const q = readAvailabilityQuery(data, query());
    expect(q.providerIds).toEqual(['p2', 'p1']);
    expect(q.firstAvailable).toBe(true);
  });

  it('refuses "any" where the clinic does not offer first available', () => {
    const strict = clinicData();
    const noAny = {
      ...strict,
      clinic: {...strict.clinic, booking: {...strict.clinic.booking, allowAnyProvider: false}},
    };
    expect(fieldsOf(() => readAvailabilityQuery(noAny, query()))).toEqual({providerId: 'invalid'});
  });

  it('refuses a provider who does not perform the services (or has no schedule)', () => {
    expect(fieldsOf(() => readAvailabilityQuery(data, query({serviceIds: ['c'], providerId: 'p1'})))).toEqual(
      {
        providerId: 'invalid',
      },
    );
    expect(fieldsOf(() => readAvailabilityQuery(data, query({providerId: 'p3'})))).toEqual({
      providerId: 'invalid',
    });
  });

  it('refuses services that cannot make one visit before looking at the rest', () => {
    expect(
      fieldsOf(() => readAvailabilityQuery(data, query({serviceIds: ['a', 'v'], from: 'nope'}))),
    ).toEqual({
      serviceIds: 'invalid',
    });
    expect(fieldsOf(() => readAvailabilityQuery(data, query({serviceIds: ['a', 'a']})))).toEqual({
      serviceIds: 'invalid',
    });
  });

  it('refuses instants it cannot read, naming each field', () => {
    expect(fieldsOf(() => readAvailabilityQuery(data, query({from: '2026-03-02', to: 'soon'})))).toEqual({
      from: 'invalid',
      to: 'invalid',
    });
    expect(fieldsOf(() => readAvailabilityQuery(data, query({from: 'x', providerId: 'p3'})))).toEqual({
      from: 'invalid',
      providerId: 'invalid',
    });
  });

  it('refuses an empty or backwards range', () => {
    expect(fieldsOf(() => readAvailabilityQuery(data, query({to: iso(MONDAY_7AM)})))).toEqual({
      to: 'invalid',
    });
    expect(fieldsOf(() => readAvailabilityQuery(data, query({to: iso(MONDAY_7AM - 1)})))).toEqual({
      to: 'invalid',
    });
  });

  it(`accepts a range of exactly ${MAX_RANGE_DAYS} days and refuses one a millisecond longer`, () => {
    expect(MAX_RANGE_DAYS).toBe(120);
    const edge = MONDAY_7AM + MAX_RANGE_DAYS * DAY;
    expect(readAvailabilityQuery(data, query({to: iso(edge)})).to).toBe(edge);
    expect(fieldsOf(() => readAvailabilityQuery(data, query({to: iso(edge + 1)})))).toEqual({to: 'invalid'});
  });

  it('reads instants with any offset as the same moment', () => {
    const q = readAvailabilityQuery(data, query({from: '2026-03-02T07:00:00-06:00'}));
    expect(q.from).toBe(MONDAY_7AM);
  });
});

describe('slotId', () => {
  it('joins provider, start and services', () => {
    expect(slotId('p1', 1234, ['a', 'b'])).toBe('p1~1234~a+b');
  });
});

describe('slotsFor', () => {
  const data = clinicData();
  const request = (services: readonly Service[], providerIds: string[], extra = {}) => ({
    services,
    providerIds,
    from: monday('00:00'),
    to: monday('23:59'),
    now: MONDAY_7AM,
    busy: [],
    ...extra,
  });

  it("makes each provider's slots as long as their own terms", () => {
    const p1 = slotsFor(data, request([a], ['p1']));
    const p2 = slotsFor(data, request([a], ['p2']));
    expect(p1.length).toBeGreaterThan(0);
    expect(p2.length).toBeGreaterThan(0);
    for (const s of p1) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(30 * MINUTE);
    for (const s of p2) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(45 * MINUTE);
    // The last start leaves room for the whole visit before 12:00.
    expect(Date.parse(p1.at(-1)?.start ?? '')).toBe(monday('11:30'));
    expect(Date.parse(p2.at(-1)?.start ?? '')).toBe(monday('11:15'));
  });

  it('writes slots in the clinic zone, with id, services, mode and location', () => {
    const [first] = slotsFor(data, request([a], ['p1']));
    expect(first).toEqual({
      id: slotId('p1', monday('09:00'), ['a']),
      start: '2026-03-02T09:00:00-06:00',
      end: '2026-03-02T09:30:00-06:00',
      providerId: 'p1',
      serviceIds: ['a'],
      mode: 'in-person',
      locationId: 'loc-1',
    });
  });

  it('offers in-person slots only where every service is offered', () => {
    // b is offered at loc-1 only: p2 works at loc-2.
    expect(slotsFor(data, request([b], ['p2']))).toEqual([]);
    expect(slotsFor(data, request([b], ['p1'])).length).toBeGreaterThan(0);
    for (const s of slotsFor(data, request([a, b], ['p2', 'p1'], {firstAvailable: true})))
      expect(s.locationId).toBe('loc-1');
  });

  it('gives video slots no location', () => {
    const slots = slotsFor(data, request([v], ['p1']));
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(s.mode).toBe('video');
      expect(s.locationId).toBeUndefined();
    }
  });

  it('for "first available", gives one slot per start, from the first provider in the order given', () => {
    const both = slotsFor(data, request([a], ['p2', 'p1'], {firstAvailable: true}));
    const starts = both.map((s) => s.start);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toEqual([...starts].sort());
    // Both work 09:00–11:15 (p2's last 45-minute start): p2 comes first. 11:30 only p1 can do.
    for (const s of both) {
      const t = Date.parse(s.start);
      expect(s.providerId, s.start).toBe(t <= monday('11:15') ? 'p2' : 'p1');
      expect(Date.parse(s.end) - t).toBe((s.providerId === 'p2' ? 45 : 30) * MINUTE);
    }
    const reversed = slotsFor(data, request([a], ['p1', 'p2'], {firstAvailable: true}));
    expect(reversed.every((s) => s.providerId === 'p1')).toBe(true);
  });

  it('without "first available", gives every provider their own slots', () => {
    const all = slotsFor(data, request([a], ['p2', 'p1']));
    const at9 = all.filter((s) => Date.parse(s.start) === monday('09:00'));
    expect(at9.map((s) => s.providerId).sort()).toEqual(['p1', 'p2']);
  });

  it('for "first available", falls back to the next provider when the first is busy', () => {
    const busy = [{providerId: 'p2', start: iso(monday('09:00')), end: iso(monday('10:00'))}];
    const slots = slotsFor(data, request([a], ['p2', 'p1'], {firstAvailable: true, busy}));
    expect(slots.find((s) => Date.parse(s.start) === monday('09:00'))?.providerId).toBe('p1');
    expect(slots.find((s) => Date.parse(s.start) === monday('10:00'))?.providerId).toBe('p2');
  });

  it("respects the clinic's minimum notice from now", () => {
    const slots = slotsFor(data, request([a], ['p1'], {now: monday('09:20')}));
    // 60 minutes' notice: 10:20 at the earliest, so the first 15-minute step is 10:30.
    expect(Date.parse(slots[0].start)).toBe(monday('10:30'));
  });

  it('gives nothing for a provider without a schedule', () => {
    expect(slotsFor(data, request([a], ['p3']))).toEqual([]);
  });
});

describe('slotsFor over parts of a range (how the reference server keeps answers)', () => {
  const data = {...clinicData(), bufferMinutes: 10};
  const now = monday('09:20');
  // Busy times of both providers over the weeks, some within a buffer of one another.
  const busy = Array.from({length: 40}, (_, i) => {
    const start = monday('09:00') + i * 0.9 * DAY + (i % 4) * 25 * MINUTE;
    return {providerId: i % 3 ? 'p1' : 'p2', start: iso(start), end: iso(start + (i % 2 ? 30 : 75) * MINUTE)};
  });
  const whole = {
    services: [a],
    providerIds: ['p2', 'p1'],
    from: monday('00:00'),
    to: monday('00:00') + 40 * DAY,
  };

  it('bookableRange is the notice and horizon slotsFor applies', () => {
    const {earliest, latest} = bookableRange(data, now);
    expect(earliest).toBe(now + 60 * MINUTE);
    expect(latest).toBe(now + 30 * DAY);
    const slots = slotsFor(data, {...whole, now, busy});
    expect(Date.parse(slots[0].start)).toBeGreaterThanOrEqual(earliest);
    expect(Date.parse(slots.at(-1)!.start)).toBeLessThan(latest);
  });

  for (const [name, partMs] of [
    ['days', DAY],
    ['7-hour parts', 7 * 60 * MINUTE],
  ] as const)
    for (const firstAvailable of [true, false])
      it(`gives the same slots in ${name}${firstAvailable ? ', first available' : ''}, each with only the busy times within reach`, () => {
        const all = slotsFor(data, {...whole, now, busy, firstAvailable});
        expect(all.length).toBeGreaterThan(100);
        const {earliest, latest} = bookableRange(data, now);
        const reach = busyReach(data);
        // The longest visit (p2's 45 minutes of a, b's 30: 75 minutes together) plus the buffer.
        expect(reach).toBeGreaterThanOrEqual((45 + 10) * MINUTE);
        const parts = [];
        for (let from = Math.max(whole.from, earliest), to; from < Math.min(whole.to, latest); from = to) {
          to = Math.min(whole.to, latest, (Math.floor(from / partMs) + 1) * partMs);
          const near = busy.filter(
            (b) => Date.parse(b.end) > from - reach && Date.parse(b.start) < to + reach,
          );
          parts.push(...slotsFor(data, {...whole, from, to, now, busy: near, firstAvailable}));
        }
        expect(parts).toEqual(all);
      });
});

describe('decodeSlot', () => {
  const data = clinicData();
  const [slot] = slotsFor(data, {
    services: [a],
    providerIds: ['p2'],
    from: monday('00:00'),
    to: monday('23:59'),
    now: MONDAY_7AM,
    busy: [],
  });

  it('reads back the provider and start of a slot it offered', () => {
    expect(decodeSlot(data, slot, [a])).toEqual({providerId: 'p2', start: monday('09:00')});
  });

  it('refuses a slot whose parts disagree', () => {
    const bad: Slot[] = [
      {...slot, id: 'garbage'},
      {...slot, id: `${slot.id}~extra`},
      {...slot, start: '2026-03-02T09:15:00-06:00'},
      {...slot, providerId: 'p1'},
      {...slot, id: slotId('p2', Number.MAX_SAFE_INTEGER + 2, ['a'])},
      {...slot, id: slotId('p3', monday('09:00'), ['a']), providerId: 'p3'},
      {...slot, start: 'not an instant'},
      undefined as unknown as Slot,
    ];
    for (const s of bad)
      expect(
        fieldsOf(() => decodeSlot(data, s, [a])),
        JSON.stringify(s),
      ).toEqual({slot: 'invalid'});
    // Same slot, other services.
    expect(fieldsOf(() => decodeSlot(data, slot, [a, b]))).toEqual({slot: 'invalid'});
  });
});

describe('freeSlot', () => {
  const data = clinicData();
  const at = {providerId: 'p1', start: monday('10:00'), slotId: slotId('p1', monday('10:00'), ['a'])};

  it('gives the slot when it is still offered and free', () => {
    const slot = freeSlot(data, [a], at, MONDAY_7AM, []);
    expect(slot.id).toBe(at.slotId);
    expect(Date.parse(slot.end)).toBe(monday('10:30'));
  });

  it('says the slot is taken when something overlaps it', () => {
    const busy = [{providerId: 'p1', start: iso(monday('10:15')), end: iso(monday('10:45'))}];
    expect(() => freeSlot(data, [a], at, MONDAY_7AM, busy)).toThrow(SlotTakenError);
    // Another provider's booking does not matter.
    const other = [{providerId: 'p2', start: iso(monday('10:00')), end: iso(monday('11:00'))}];
    expect(freeSlot(data, [a], at, MONDAY_7AM, other).id).toBe(at.slotId);
  });

  it('says a slot that is not offered at all is unavailable (past, too soon, off schedule)', () => {
    expect(fieldsOf(() => freeSlot(data, [a], at, monday('09:30'), []))).toEqual({slot: 'unavailable'});
    const offSchedule = {...at, start: monday('13:00'), slotId: slotId('p1', monday('13:00'), ['a'])};
    expect(fieldsOf(() => freeSlot(data, [a], offSchedule, MONDAY_7AM, []))).toEqual({slot: 'unavailable'});
  });
});
