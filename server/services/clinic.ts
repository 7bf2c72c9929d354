/**
 * The clinic as this server offers it: what it can do (capabilities, from the server's options and
 * the clinic's settings), whether deposits are taken, which reminder channels are on, and patient
 * details checked against the clinic's today.
 */
import type {FieldErrorCode} from '../../src/domain/errors.js';
import {patientDetailsProblems} from '../../src/domain/rules/index.js';
import {instantToPlainDate} from '../../src/domain/time.js';
import type {Capabilities} from '../../src/adapters/adapter.js';
import type {PatientDetails} from '../../src/domain/types.js';
import type {PortalContext} from './context.js';

/** What this server offers. What it lacks answers 501 `not-supported`. */
export const SERVER_CAPABILITIES: Capabilities = {
  signIn: {kind: 'password'},
  selfRegistration: true,
  invitations: true,
  passwordReset: true,
  secondFactor: false,
  smsCodes: true,
  /** `demo` when the clinic has a deposit policy and payments are not turned off (see {@link capabilities}). */
  payments: false,
  holds: true,
  confirm: true,
  cancel: true,
  reschedule: true,
  /** True when the clinic has telehealth settings (see {@link capabilities}). */
  telehealth: true,
  reminderChannels: ['sms', 'voice'],
  testReminder: true,
  reminderLinks: true,
};

export function capabilities(s: PortalContext): Capabilities {
  const clinic = s.data.clinic;
  return {
    ...structuredClone(SERVER_CAPABILITIES),
    payments: payments(s),
    holds: s.holds,
    telehealth: clinic.telehealth !== undefined,
    secondFactor: s.secondFactor,
    reminderChannels: SERVER_CAPABILITIES.reminderChannels.filter((c) =>
      clinic.reminders.channels.includes(c),
    ),
  };
}

/**
 * Which payment step takes deposits: the demo provider's when the clinic has a deposit policy
 * (the clinic's `deposit` settings or a service with a deposit), unless payments are turned off.
 */
export function payments(s: PortalContext): false | 'demo' {
  if (s.paymentsOption === false) return false;
  const policy =
    s.data.clinic.deposit !== undefined || s.data.catalog.services.some((x) => x.deposit !== undefined);
  return policy ? s.paymentsOption : false;
}

/** Whether reminders and confirmations go out on this channel (this server and the clinic offer it). */
export function channelOn(s: PortalContext, channel: 'sms' | 'voice'): boolean {
  return (
    SERVER_CAPABILITIES.reminderChannels.includes(channel) &&
    s.data.clinic.reminders.channels.includes(channel)
  );
}

/** What is wrong with a patient's details, the clinic's today deciding the date-of-birth limits. */
export function detailsProblems(
  s: PortalContext,
  details: PatientDetails | undefined,
  prefix: string,
): Record<string, FieldErrorCode> {
  return patientDetailsProblems(details, prefix, instantToPlainDate(s.clock(), s.data.clinic.timeZone));
}
