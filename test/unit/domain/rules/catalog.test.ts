import {describe, expect, it} from 'vitest';
import {createDemoClinicData} from '../../../../src/adapters/memory/demo-data.js';
import {
  depositFor,
  durationWith,
  eligibleProviders,
  findService,
  longestVisitMinutes,
  resolveServices,
  servicesIn,
  visitItems,
  visitTerms,
} from '../../../../src/domain/rules/index.js';
import {SERVICES, clinicData, clinicWithDefaultDeposit, fieldsOf, mxn} from './fixture.js';

const {a, b, v, c, x} = SERVICES;

describe('findService / servicesIn', () => {
  it('finds services by id, keeps the order asked for and leaves unknown ids out', () => {
    const data = clinicData();
    expect(findService(data, 'b')).toBe(data.catalog.services[1]);
    expect(findService(data, 'nope')).toBeUndefined();
    expect(servicesIn(data, ['c', 'nope', 'a']).map((s) => s.id)).toEqual(['c', 'a']);
  });
});

describe('visitTerms / durationWith', () => {
  it("uses the services' defaults when no provider is chosen", () => {
    expect(visitTerms([a, b], undefined, 'USD')).toEqual({minutes: 45, price: mxn(700)});
  });

  it("uses a provider's own duration and price where they have terms, the defaults elsewhere", () => {
    expect(visitTerms([a], 'p2', 'MXN')).toEqual({minutes: 45, price: mxn(700)});
    expect(visitTerms([a, b], 'p2', 'MXN')).toEqual({minutes: 60, price: mxn(900)});
    expect(visitTerms([a, b], 'p1', 'MXN')).toEqual({minutes: 45, price: mxn(700)});
    expect(durationWith([a, b], 'p2')).toBe(60);
    expect(durationWith([a, b], 'p1')).toBe(45);
  });

  it('has no price when any service has none (a partial total would mislead)', () => {
    expect(visitTerms([a, v], 'p1', 'MXN')).toEqual({minutes: 50});
    expect(visitTerms([v], undefined, 'MXN')).toEqual({minutes: 20});
  });

  it('adds up no services to zero minutes at zero in the fallback currency', () => {
    expect(visitTerms([], 'p1', 'EUR')).toEqual({minutes: 0, price: {amountMinor: 0, currency: 'EUR'}});
  });

  it("reads the demo clinic's per-provider terms (general visit: Ramírez 30 min/600, Ortega 40 min/750)", () => {
    const demo = createDemoClinicData();
    const general = servicesIn(demo, ['svc-general']);
    expect(visitTerms(general, 'prov-ramirez', 'MXN')).toEqual({minutes: 30, price: mxn(600)});
    expect(visitTerms(general, 'prov-ortega', 'MXN')).toEqual({minutes: 40, price: mxn(750)});
  });
});

describe('eligibleProviders', () => {
  it('lists, in catalog order, the providers who perform every service and have a schedule', () => {
    const data = clinicData();
    expect(eligibleProviders(data, [a])).toEqual(['p2', 'p1']);
    expect(eligibleProviders(data, [a, c])).toEqual(['p2']);
    expect(eligibleProviders(data, [x])).toEqual([]);
  });

  it('drops a provider whose schedule is missing', () => {
    const data = clinicData();
    expect(eligibleProviders({...data, schedules: data.schedules.slice(0, 1)}, [a])).toEqual(['p1']);
  });
});

describe('resolveServices', () => {
  const data = clinicData();

  it('returns the services in the order asked for', () => {
    expect(resolveServices(data, ['b', 'a'], 'serviceIds').map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('requires at least one service', () => {
    expect(fieldsOf(() => resolveServices(data, [], 'serviceIds'))).toEqual({serviceIds: 'required'});
    expect(fieldsOf(() => resolveServices(data, undefined, 'serviceIds'))).toEqual({serviceIds: 'required'});
    expect(fieldsOf(() => resolveServices(data, 'a' as unknown as string[], 'serviceIds'))).toEqual({
      serviceIds: 'required',
    });
  });

  it('refuses unknown, non-string and repeated ids', () => {
    expect(fieldsOf(() => resolveServices(data, ['a', 'nope'], 'serviceIds'))).toEqual({
      serviceIds: 'invalid',
    });
    expect(fieldsOf(() => resolveServices(data, [7 as unknown as string], 'serviceIds'))).toEqual({
      serviceIds: 'invalid',
    });
    expect(fieldsOf(() => resolveServices(data, ['a', 'a'], 'serviceIds'))).toEqual({serviceIds: 'invalid'});
  });

  it('refuses a visit mixing in-person and video services', () => {
    expect(fieldsOf(() => resolveServices(data, ['a', 'v'], 'serviceIds'))).toEqual({serviceIds: 'invalid'});
  });

  it('refuses services no one performs together, or no one with a schedule performs', () => {
    expect(fieldsOf(() => resolveServices(data, ['c', 'x'], 'serviceIds'))).toEqual({serviceIds: 'invalid'});
    expect(fieldsOf(() => resolveServices(data, ['x'], 'serviceIds'))).toEqual({serviceIds: 'invalid'});
  });

  it('names the field it was given', () => {
    expect(fieldsOf(() => resolveServices(data, ['a', 'a'], 'slot.serviceIds'))).toEqual({
      'slot.serviceIds': 'invalid',
    });
  });

  it("refuses the demo clinic's impossible visits (video with in-person; dermatology with nutrition)", () => {
    const demo = createDemoClinicData();
    expect(fieldsOf(() => resolveServices(demo, ['svc-general', 'svc-video'], 'serviceIds'))).toEqual({
      serviceIds: 'invalid',
    });
    expect(fieldsOf(() => resolveServices(demo, ['svc-derm', 'svc-nutrition-first'], 'serviceIds'))).toEqual({
      serviceIds: 'invalid',
    });
    expect(resolveServices(demo, ['svc-derm', 'svc-peel'], 'serviceIds').map((s) => s.id)).toEqual([
      'svc-derm',
      'svc-peel',
    ]);
  });
});

describe('depositFor', () => {
  it('is null when the backend takes no payments, whatever the services ask', () => {
    expect(depositFor(clinicData(), [b], false)).toBeNull();
  });

  it("adds up each service's own deposit, in the clinic's currency", () => {
    expect(depositFor(clinicData(), [b], true)).toEqual(mxn(100));
    expect(depositFor(clinicData(), [a, b], true)).toEqual(mxn(100));
  });

  it("fills in the clinic's default for services without their own, one per service", () => {
    const data = clinicWithDefaultDeposit(mxn(50));
    expect(depositFor(data, [a], true)).toEqual(mxn(50));
    expect(depositFor(data, [a, b], true)).toEqual(mxn(150));
    expect(depositFor(data, [a, c], true)).toEqual(mxn(100));
  });

  it('is null when nothing is due (no deposits, or a zero default)', () => {
    expect(depositFor(clinicData(), [a, c], true)).toBeNull();
    expect(depositFor(clinicWithDefaultDeposit(mxn(0)), [a], true)).toBeNull();
  });
});

describe('visitItems', () => {
  it("lists each service's forms and instructions, ids derived from the appointment", () => {
    const items = visitItems(clinicData(), 'apt-1', [a]);
    expect(items.map((i) => [i.id, i.kind, i.phase, i.state])).toEqual([
      ['apt-1-a-q', 'questionnaire', 'before', 'to-do'],
      ['apt-1-a-c', 'consent', 'before', 'to-do'],
      ['apt-1-a-pre', 'instructions', 'before', 'info'],
      ['apt-1-a-post', 'instructions', 'after', 'info'],
    ]);
    expect(items[3].body).toEqual(a.postVisitInstructions);
    expect(items[3].title).toEqual(a.name);
  });

  it('gives the forms the state asked for', () => {
    const items = visitItems(clinicData(), 'apt-1', [a], {questionnaire: 'done'});
    expect(items.find((i) => i.kind === 'questionnaire')?.state).toBe('done');
    expect(items.find((i) => i.kind === 'consent')?.state).toBe('to-do');
  });

  it('gives nothing for a service without forms or instructions', () => {
    expect(visitItems(clinicData(), 'apt-1', [b, c])).toEqual([]);
    expect(visitItems({}, 'apt-1', [b])).toEqual([]);
  });
});

describe('longestVisitMinutes', () => {
  it('bounds every visit the clinic offers: each service once, at its longest with any provider', () => {
    const data = clinicData();
    const bound = longestVisitMinutes(data);
    const {services, providers} = data.catalog;
    for (const p of providers) expect(durationWith(services, p.id)).toBeLessThanOrEqual(bound);
    // A provider's own longer duration raises the bound by exactly the difference.
    const [first, ...rest] = services;
    const oldLongest = Math.max(...providers.map((p) => durationWith([first], p.id)), first.durationMinutes);
    const longer = {...first, providerTerms: {[providers[0].id]: {durationMinutes: oldLongest + 25}}};
    expect(longestVisitMinutes({catalog: {...data.catalog, services: [longer, ...rest]}})).toBe(bound + 25);
    // The demo clinic's longest visit is still well under a day.
    expect(longestVisitMinutes(createDemoClinicData())).toBeLessThan(24 * 60);
  });
});
