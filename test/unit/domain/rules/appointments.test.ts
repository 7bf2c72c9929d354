import {describe, expect, it} from 'vitest';
import {
  ACTIVE,
  NOTE_MAX,
  canChange,
  cancellationQuote,
  checkCancelReason,
  isUpcoming,
  ownedByAccount,
  patientCancellation,
  toAppointment,
  videoOpensAt,
  type AppointmentCapabilities,
  type AppointmentFacts,
} from '../../../../src/domain/rules/appointments.js';
import {visitItems} from '../../../../src/domain/rules/catalog.js';
import type {AppointmentStatus} from '../../../../src/domain/types.js';
import {HOUR, MINUTE, SERVICES, clinicData, fieldsOf, monday, mxn} from './fixture.js';

const data = clinicData();
const ALL: AppointmentCapabilities = {confirm: true, cancel: true, reschedule: true, telehealth: true};
const START = monday('10:00');
const END = monday('10:30');

function facts(overrides: Partial<AppointmentFacts> = {}): AppointmentFacts {
  return {
    id: 'apt-1',
    status: 'booked',
    start: START,
    end: END,
    serviceIds: ['a'],
    providerId: 'p1',
    mode: 'in-person',
    locationId: 'loc-1',
    items: visitItems(data, 'apt-1', [SERVICES.a]),
    ...overrides,
  };
}
const at = (now: number, f: Partial<AppointmentFacts> = {}, caps = ALL) =>
  toAppointment(facts(f), {data, caps, now});

describe('canChange / isUpcoming', () => {
  it('lets an active appointment change until it starts, and counts it upcoming until it ends', () => {
    for (const status of ['pending', 'booked', 'confirmed'] as const) {
      expect(canChange({status, start: START}, START - 1)).toBe(true);
      expect(canChange({status, start: START}, START)).toBe(false);
      expect(isUpcoming({status, end: END}, END - 1)).toBe(true);
      expect(isUpcoming({status, end: END}, END)).toBe(false);
    }
  });

  it('never for a cancelled, fulfilled or missed appointment', () => {
    for (const status of ['cancelled', 'fulfilled', 'no-show'] as const) {
      expect(ACTIVE.has(status)).toBe(false);
      expect(canChange({status, start: START}, START - HOUR)).toBe(false);
      expect(isUpcoming({status, end: END}, START - HOUR)).toBe(false);
    }
  });
});

describe('videoOpensAt', () => {
  it("opens the room the clinic's minutes before the start, or at the start without telehealth settings", () => {
    expect(videoOpensAt(data.clinic, START)).toBe(START - 15 * MINUTE);
    const {telehealth: _none, ...noVideo} = data.clinic;
    expect(videoOpensAt(noVideo, START)).toBe(START);
  });
});

describe('toAppointment: actions over time', () => {
  it('before the start: confirm, cancel, reschedule and add to calendar', () => {
    expect(at(START - 1).actions).toEqual({
      confirm: true,
      cancel: true,
      reschedule: true,
      join: false,
      addToCalendar: true,
    });
  });

  it('does not offer to confirm an appointment already confirmed', () => {
    expect(at(START - HOUR, {status: 'confirmed'}).actions.confirm).toBe(false);
  });

  it('from the start: no more changes, still on the calendar until the end', () => {
    expect(at(START).actions).toEqual({
      confirm: false,
      cancel: false,
      reschedule: false,
      join: false,
      addToCalendar: true,
    });
    expect(at(END - 1).actions.addToCalendar).toBe(true);
  });

  it('from the end: nothing', () => {
    expect(at(END).actions).toEqual({
      confirm: false,
      cancel: false,
      reschedule: false,
      join: false,
      addToCalendar: false,
    });
  });

  it('offers nothing for a cancelled appointment, even before its time', () => {
    expect(Object.values(at(START - HOUR, {status: 'cancelled'}).actions).every((x) => x === false)).toBe(
      true,
    );
  });

  it("offers only what the backend's capabilities allow", () => {
    const none = {confirm: false, cancel: false, reschedule: false, telehealth: false};
    expect(at(START - HOUR, {}, none).actions).toEqual({
      confirm: false,
      cancel: false,
      reschedule: false,
      join: false,
      addToCalendar: true,
    });
  });

  it('lets the patient join a video visit from when the room opens until the end', () => {
    const video = {mode: 'video' as const, locationId: undefined};
    const opens = START - 15 * MINUTE;
    expect(at(opens - 1, video).actions.join).toBe(false);
    expect(at(opens, video).actions.join).toBe(true);
    expect(at(START, video).actions.join).toBe(true);
    expect(at(END - 1, video).actions.join).toBe(true);
    expect(at(END, video).actions.join).toBe(false);
    expect(at(START, {...video, status: 'cancelled'}).actions.join).toBe(false);
    expect(at(START, video, {...ALL, telehealth: false}).actions.join).toBe(false);
    // Never for an in-person visit.
    expect(at(START).actions.join).toBe(false);
  });
});

describe('toAppointment: what the patient sees', () => {
  const afterItems = (now: number, status: AppointmentStatus = 'booked') =>
    at(now, {status}).items.filter((i) => i.phase === 'after');

  it('shows after-visit items only once the visit has started', () => {
    expect(afterItems(START - 1)).toEqual([]);
    expect(afterItems(START).map((i) => i.id)).toEqual(['apt-1-a-post']);
    expect(afterItems(END + HOUR).map((i) => i.id)).toEqual(['apt-1-a-post']);
    expect(afterItems(END + HOUR, 'fulfilled').length).toBe(1);
    // A cancelled or missed visit did not happen: no after-visit instructions.
    expect(afterItems(END + HOUR, 'cancelled')).toEqual([]);
    expect(afterItems(END + HOUR, 'no-show')).toEqual([]);
    // Before-visit items are always there.
    expect(at(START - HOUR).items.filter((i) => i.phase === 'before').length).toBe(3);
  });

  it('writes times in the clinic zone and names services, provider and location', () => {
    const shown = at(START - HOUR);
    expect(shown.start).toBe('2026-03-02T10:00:00-06:00');
    expect(shown.end).toBe('2026-03-02T10:30:00-06:00');
    expect(shown.services).toEqual([{id: 'a', name: SERVICES.a.name}]);
    expect(shown.providerName).toBe('Dr. p1');
    expect(shown.location?.id).toBe('loc-1');
    expect(shown.video).toBeUndefined();
  });

  it('describes the video room of a video visit', () => {
    const shown = at(START - HOUR, {mode: 'video', locationId: undefined});
    expect(shown.video).toEqual({provider: 'jitsi', opensAt: '2026-03-02T09:45:00-06:00'});
    expect(shown.location).toBeUndefined();
  });

  it('carries the cancellation and the deposit paid, as copies', () => {
    const cancellation = {reasonId: 'better', at: '2026-03-01T10:00:00-06:00', by: 'patient' as const};
    const f = facts({status: 'cancelled', cancellation, depositPaid: mxn(100)});
    const shown = toAppointment(f, {data, caps: ALL, now: START - HOUR});
    expect(shown.cancellation).toEqual(cancellation);
    expect(shown.depositPaid).toEqual(mxn(100));
    expect(shown.cancellation).not.toBe(cancellation);
    const booked = facts({});
    const items = toAppointment(booked, {data, caps: ALL, now: START - HOUR}).items;
    (items[0] as {title: unknown}).title = 'changed';
    expect(booked.items[0].title).not.toBe('changed');
  });

  it('keeps an unknown provider or service from breaking the answer', () => {
    const shown = at(START - HOUR, {providerId: 'gone', serviceIds: ['a', 'gone']});
    expect(shown.providerName).toBe('');
    expect(shown.services.map((s) => s.id)).toEqual(['a']);
  });
});

describe('cancellationQuote', () => {
  const windowStart = START - 24 * HOUR;

  it('is free until the window opens, late (with the fee) from its first millisecond', () => {
    expect(cancellationQuote(data.clinic, START, windowStart - 1)).toEqual({
      late: false,
      windowStart: '2026-03-01T10:00:00-06:00',
    });
    expect(cancellationQuote(data.clinic, START, windowStart)).toEqual({
      late: true,
      fee: mxn(300),
      windowStart: '2026-03-01T10:00:00-06:00',
    });
  });

  it('is late without a fee when the clinic charges none', () => {
    const {lateFee: _none, ...policy} = data.clinic.cancellation;
    expect(cancellationQuote({...data.clinic, cancellation: policy}, START, START - HOUR)).toEqual({
      late: true,
      windowStart: '2026-03-01T10:00:00-06:00',
    });
  });

  it('with a zero-hour window, is never late before the start', () => {
    const clinic = {...data.clinic, cancellation: {...data.clinic.cancellation, windowHours: 0}};
    expect(cancellationQuote(clinic, START, START - 1).late).toBe(false);
  });
});

describe('checkCancelReason', () => {
  const reasons = data.cancellationReasons;

  it('requires a reason, and a known one', () => {
    expect(fieldsOf(() => checkCancelReason(reasons, undefined, undefined))).toEqual({reasonId: 'required'});
    expect(fieldsOf(() => checkCancelReason(reasons, '', undefined))).toEqual({reasonId: 'required'});
    expect(fieldsOf(() => checkCancelReason(reasons, 'nope', undefined))).toEqual({reasonId: 'invalid'});
  });

  it('requires a note for a reason that needs text (spaces are no note)', () => {
    expect(fieldsOf(() => checkCancelReason(reasons, 'other', undefined))).toEqual({note: 'required'});
    expect(fieldsOf(() => checkCancelReason(reasons, 'other', ' \n '))).toEqual({note: 'required'});
    expect(checkCancelReason(reasons, 'other', 'Me mudé').id).toBe('other');
    expect(checkCancelReason(reasons, 'better', undefined).id).toBe('better');
  });

  it(`accepts a note of ${NOTE_MAX} code points (emoji count once) and refuses one more`, () => {
    const emoji = '🦊'.repeat(NOTE_MAX);
    expect(emoji.length).toBe(2 * NOTE_MAX);
    expect(checkCancelReason(reasons, 'other', emoji).id).toBe('other');
    expect(fieldsOf(() => checkCancelReason(reasons, 'better', `${emoji}x`))).toEqual({note: 'too-long'});
  });
});

describe('patientCancellation', () => {
  it('records reason, time, the note and no fee when in time', () => {
    expect(patientCancellation(data.clinic, {start: START}, START - 25 * HOUR, 'other', 'Me mudé')).toEqual({
      reasonId: 'other',
      at: '2026-03-01T09:00:00-06:00',
      by: 'patient',
      note: 'Me mudé',
    });
  });

  it('records the late fee when late, and leaves out an empty note', () => {
    expect(patientCancellation(data.clinic, {start: START}, START - HOUR, 'better', '  ')).toEqual({
      reasonId: 'better',
      at: '2026-03-02T09:00:00-06:00',
      by: 'patient',
      fee: mxn(300),
    });
  });

  it('charges no late fee for a guest booking the account’s owner never confirmed (QUALITY 34)', () => {
    const guest = {start: START, ownerVerified: false};
    expect(ownedByAccount(guest)).toBe(false);
    expect(patientCancellation(data.clinic, guest, START - HOUR, 'better', undefined).fee).toBeUndefined();
    expect(ownedByAccount({ownerVerified: true})).toBe(true);
    expect(
      patientCancellation(data.clinic, {...guest, ownerVerified: true}, START - HOUR, 'better', undefined)
        .fee,
    ).toEqual(mxn(300));
  });
});
