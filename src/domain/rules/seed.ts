/**
 * How a backend offers the contract and turns a clinic's seed into records, the same everywhere:
 * the capabilities of a backend that offers everything (each backend narrows them), and a seeded
 * cancellation as the record the contract shows.
 */
import type {Capabilities} from '../../adapters/adapter.js';
import {toZonedInstantString} from '../time.js';
import type {CancellationInfo, Clinic} from '../types.js';
import type {SeedAppointment} from './clinic-data.js';

/**
 * What a backend offering every operation of the contract says it can do for this clinic: sign-in
 * with a password, invitations, self-registration and reset, SMS codes, holds, confirm, cancel and
 * reschedule, reminder links and test reminders, the reminder channels the clinic uses and video
 * visits when it has telehealth settings; no second factor and no payments until a backend turns
 * them on.
 */
export function fullCapabilities(clinic: Clinic): Capabilities {
  return {
    signIn: {kind: 'password'},
    selfRegistration: true,
    invitations: true,
    passwordReset: true,
    secondFactor: false,
    smsCodes: true,
    payments: false,
    holds: true,
    confirm: true,
    cancel: true,
    reschedule: true,
    telehealth: clinic.telehealth !== undefined,
    reminderChannels: [...clinic.reminders.channels],
    testReminder: true,
    reminderLinks: true,
    forms: true,
    documents: true,
  };
}

/** A seeded appointment's cancellation as the record the contract shows, in the clinic's zone. */
export function seededCancellation(
  c: SeedAppointment['cancellation'],
  timeZone: string,
): CancellationInfo | undefined {
  if (!c) return undefined;
  return {
    reasonId: c.reasonId,
    at: toZonedInstantString(c.at, timeZone),
    by: c.by,
    ...(c.note ? {note: c.note} : {}),
    ...(c.fee ? {fee: c.fee} : {}),
  };
}
