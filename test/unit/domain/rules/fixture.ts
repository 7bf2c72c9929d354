/**
 * A small clinic built by hand for the rules' unit tests (the demo clinic's policies, a catalog and
 * schedules of our own), so each test reads against a few services whose terms are known.
 *
 * Zone: America/Mexico_City (UTC−6 all year since 2022), so wall times are easy to check.
 */
import {createDemoClinicData} from '../../../../src/adapters/memory/demo-data.js';
import type {ClinicData} from '../../../../src/domain/rules/clinic-data.js';
import type {WorkingInterval} from '../../../../src/domain/schedule.js';
import type {Money, Service} from '../../../../src/domain/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const mxn = (pesos: number): Money => ({amountMinor: pesos * 100, currency: 'MXN'});
const t = (es: string, en: string) => ({es, en});

/** Monday 2 March 2026, 07:00 in Mexico City (13:00 UTC). */
export const MONDAY_7AM = Date.parse('2026-03-02T13:00:00Z');
/** Mexico City wall time on Monday 2 March 2026 → epoch ms. */
export const monday = (hhmm: string): number => Date.parse(`2026-03-02T${hhmm}:00-06:00`);

function service(id: string, overrides: Partial<Service>): Service {
  return {
    id,
    categoryId: 'cat',
    name: t(`Servicio ${id}`, `Service ${id}`),
    mode: 'in-person',
    durationMinutes: 30,
    providerIds: ['p1', 'p2'],
    locationIds: ['loc-1', 'loc-2'],
    ...overrides,
  };
}

/**
 * - `a`: 30 min, MXN 500 by default; with p2 45 min, MXN 700; post-visit instructions.
 * - `b`: 15 min, MXN 200, a MXN 100 deposit, only at loc-1 (where p1 works).
 * - `v`: a video visit, 20 min, no price.
 * - `c`: only p2 performs it. `x`: only p3, who has no schedule.
 */
export const SERVICES = {
  a: service('a', {
    price: mxn(500),
    providerTerms: {p2: {durationMinutes: 45, price: mxn(700)}},
    preVisitInstructions: t('Traiga su identificación', 'Bring your ID'),
    postVisitInstructions: t('Descanse', 'Rest'),
  }),
  b: service('b', {durationMinutes: 15, price: mxn(200), deposit: mxn(100), locationIds: ['loc-1']}),
  v: service('v', {mode: 'video', durationMinutes: 20, locationIds: []}),
  c: service('c', {providerIds: ['p2'], price: mxn(300)}),
  x: service('x', {providerIds: ['p3'], price: mxn(300)}),
} as const;

const weekdays = (intervals: WorkingInterval[]) => ({
  1: intervals,
  2: intervals,
  3: intervals,
  4: intervals,
  5: intervals,
});

/** The clinic: p1 works 09:00–12:00 at loc-1, p2 09:00–12:00 at loc-2, weekdays; p3 has no schedule. */
export function clinicData(overrides: Partial<ClinicData> = {}): ClinicData {
  const demo = createDemoClinicData();
  return {
    clinic: {
      ...demo.clinic,
      timeZone: 'America/Mexico_City',
      locations: [
        {id: 'loc-1', name: t('Uno', 'One'), address: 'Calle 1'},
        {id: 'loc-2', name: t('Dos', 'Two'), address: 'Calle 2'},
      ],
      currency: 'MXN',
      booking: {...demo.clinic.booking, minNoticeMinutes: 60, horizonDays: 30, allowAnyProvider: true},
      cancellation: {...demo.clinic.cancellation, windowHours: 24, lateFee: mxn(300)},
      deposit: {refundableOutsideWindow: true, text: t('Anticipo', 'Deposit')},
      telehealth: {provider: 'jitsi', allowedHosts: ['meet.jit.si'], opensMinutesBefore: 15},
    },
    catalog: {
      categories: [{id: 'cat', name: t('Categoría', 'Category')}],
      services: Object.values(SERVICES),
      // Catalog order: p2 before p1, so "first available" prefers p2.
      providers: ['p2', 'p1', 'p3'].map((id) => ({
        id,
        name: `Dr. ${id}`,
        title: t('Médico', 'Doctor'),
        languages: ['es'],
        locationIds: [],
      })),
    },
    schedules: [
      {providerId: 'p1', weekly: weekdays([{start: '09:00', end: '12:00', locationId: 'loc-1'}])},
      {providerId: 'p2', weekly: weekdays([{start: '09:00', end: '12:00', locationId: 'loc-2'}])},
    ],
    stepMinutes: 15,
    bufferMinutes: 0,
    cancellationReasons: [
      {id: 'better', label: t('Ya me siento mejor', 'I feel better'), needsText: false},
      {id: 'other', label: t('Otro motivo', 'Another reason'), needsText: true},
    ],
    visitForms: {
      a: {questionnaire: t('Cuestionario', 'Questionnaire'), consent: t('Consentimiento', 'Consent')},
    },
    ...overrides,
  };
}

/** The same clinic with a clinic-wide default deposit. */
export function clinicWithDefaultDeposit(amount: Money): ClinicData {
  const data = clinicData();
  return {
    ...data,
    clinic: {
      ...data.clinic,
      deposit: {refundableOutsideWindow: true, text: t('Anticipo', 'Deposit'), defaultDeposit: amount},
    },
  };
}

/** Asserts `fn` throws a ValidationError and returns its fields. */
export function fieldsOf(fn: () => unknown): Readonly<Record<string, string>> {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && e.name === 'ValidationError')
      return (e as Error & {fields: Record<string, string>}).fields;
    throw e;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
