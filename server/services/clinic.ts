/**
 * The clinic as this server offers it: what it can do (capabilities, from the server's options and
 * the clinic's settings), whether deposits are taken, which reminder channels are on, and patient
 * details checked against the clinic's today.
 */
import type {FieldErrorCode} from '../../src/domain/errors.js';
import {fullCapabilities, patientDetailsProblems} from '../../src/domain/rules/index.js';
import {instantToPlainDate} from '../../src/domain/time.js';
import type {Capabilities} from '../../src/adapters/adapter.js';
import type {PatientDetails} from '../../src/domain/types.js';
import {cardsOn} from './cards.js';
import type {PortalContext} from './context.js';

/** What this server can do whatever the clinic (the clinic's own answer is {@link capabilities}). */
export const SERVER_CAPABILITIES = {
  confirm: true,
  cancel: true,
  smsCodes: true,
  reminderChannels: ['sms', 'voice'],
} as const satisfies Partial<Capabilities>;

/**
 * What this server offers: everything the contract has (the domain's `fullCapabilities`), with
 * deposits taken by the demo payment provider when the clinic has a deposit policy, holds unless
 * turned off, the second factor as configured, and SMS and voice as the clinic uses them. What it
 * lacks answers 501 `not-supported`.
 */
export function capabilities(s: PortalContext): Capabilities {
  return {
    ...fullCapabilities(s.data.clinic),
    payments: payments(s),
    holds: s.holds,
    secondFactor: s.secondFactor,
    profile: true,
    // Bills (#20) where the clinic's configuration has an invoice profile (`billing`).
    billing: s.data.billing !== undefined,
    // Messages with the clinic (#21): always (the staff answer with `npm run server:reply`).
    messages: true,
    // Cards on file (#20) with demo payments and billing (`cards.ts`).
    cards: cardsOn(s),
    // Medical information the patient keeps up to date (#17): always.
    medical: true,
    // The patient's insurance cards (#17): always.
    insurance: true,
    // The patient's profile photo (#17), its bytes in the database: always.
    photo: true,
    // The waitlist (#21): always.
    waitlist: true,
    // Family members (#21): always (the clinic grants with `npm run server:grant`).
    proxy: true,
    // The adult's own invitation (#21): always.
    proxyInvitations: true,
    // Prescription refill requests (#19), as messages: unless the clinic turns them off.
    refills: s.data.refills !== false,
  };
}

/**
 * Which payment step takes deposits: the demo provider's when the clinic has a deposit policy
 * (the clinic's `deposit` settings or a service with a deposit), unless payments are turned off.
 */
export function payments(s: PortalContext): false | 'demo' | 'stripe' {
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
