/**
 * Which visit items a patient sees (issue #23, item 9): a cancelled visit shows nothing pending —
 * no questionnaire or consent "to do", no instructions to follow — only what was completed.
 */
import {describe, expect, it} from 'vitest';
import {createDemoClinicData} from '../../../../src/adapters/memory/demo-data.js';
import {
  servicesIn,
  toAppointment,
  visitItems,
  type AppointmentFacts,
} from '../../../../src/domain/rules/index.js';
import type {AppointmentStatus} from '../../../../src/domain/types.js';

const data = createDemoClinicData();
const caps = {confirm: true, cancel: true, reschedule: true, telehealth: true};
const HOUR = 3_600_000;
const now = Date.parse('2026-03-10T16:00:00Z');

/** A visit of the demo clinic's chemical peel: a questionnaire, a consent, pre and post instructions. */
function visit(status: AppointmentStatus, start: number, forms = {}): AppointmentFacts {
  const services = servicesIn(data, ['svc-peel']);
  const items = visitItems(data, 'apt_1', services, forms);
  return {
    id: 'apt_1',
    status,
    start,
    end: start + HOUR,
    serviceIds: ['svc-peel'],
    providerId: services[0].providerIds[0],
    mode: 'in-person',
    items,
  };
}

describe('visit items', () => {
  it('the peel has every kind of item, so the cases below show something', () => {
    const all = visit('booked', now + 48 * HOUR).items;
    expect(all.map((i) => i.kind).sort()).toEqual([
      'consent',
      'instructions',
      'instructions',
      'questionnaire',
    ]);
  });

  it('before a booked visit: the before-visit items, pending; after-visit instructions not yet', () => {
    const shown = toAppointment(visit('booked', now + 48 * HOUR), {data, caps, now}).items;
    expect(shown.every((i) => i.phase === 'before')).toBe(true);
    expect(shown.filter((i) => i.state === 'to-do').length).toBe(2);
  });

  it('once a visit has taken place: the after-visit instructions too', () => {
    const shown = toAppointment(visit('fulfilled', now - 48 * HOUR), {data, caps, now}).items;
    expect(shown.some((i) => i.phase === 'after')).toBe(true);
  });

  it('a cancelled visit shows no form to do and no instructions, before or after its time', () => {
    for (const start of [now + 48 * HOUR, now - 48 * HOUR]) {
      const shown = toAppointment(visit('cancelled', start), {data, caps, now}).items;
      expect(shown).toEqual([]);
    }
  });

  it('a cancelled visit keeps what the patient already completed, to read again', () => {
    const shown = toAppointment(visit('cancelled', now + 48 * HOUR, {questionnaire: 'done'}), {
      data,
      caps,
      now,
    }).items;
    expect(shown.map((i) => [i.kind, i.state])).toEqual([['questionnaire', 'done']]);
  });
});
