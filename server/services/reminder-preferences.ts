/**
 * The patient's reminder preferences (the email on file always; SMS and voice per phone as the
 * clinic offers; which of the clinic's reminder times) and test reminders (one per channel every
 * 30 s).
 */
import {NotSupportedError, RateLimitedError} from '../../src/domain/errors.js';
import {
  TEST_REMINDER_INTERVAL_MS,
  checkReminderPreferences,
  reminderPreferencesOf,
  testReminderTargets,
} from '../../src/domain/rules/index.js';
import type {ReminderPreferences} from '../../src/domain/types.js';
import {greetingName, setPreferences, type PatientRow} from '../repositories/patients.js';
import {lockLastTestReminder, recordTestReminder} from '../repositories/reminders.js';
import {channelOn} from './clinic.js';
import {languageOf, type CallContext, type PortalContext} from './context.js';
import {audit, send} from './notify.js';
import {requirePatient} from './session.js';

/** The saved preferences (with only the channels this server offers), or the clinic's default. */
export function prefsOf(s: PortalContext, p: PatientRow): ReminderPreferences {
  return reminderPreferencesOf(s.data.clinic, (channel) => channelOn(s, channel), p);
}

export async function getReminderPreferences(
  s: PortalContext,
  call: CallContext,
): Promise<ReminderPreferences> {
  const {patient} = await requirePatient(s, call);
  await audit(s, s.db, patient.id, 'preferences.read', patient.id);
  return prefsOf(s, patient);
}

export async function saveReminderPreferences(
  s: PortalContext,
  call: CallContext,
  preferences: ReminderPreferences,
): Promise<ReminderPreferences> {
  const {patient} = await requirePatient(s, call);
  const saved = checkReminderPreferences(
    s.data.clinic,
    (channel) => channelOn(s, channel),
    patient.email,
    preferences,
  );
  await setPreferences(s.db, patient.id, saved);
  await audit(s, s.db, patient.id, 'preferences.write', patient.id);
  return saved;
}

/** A test reminder on one channel, to the address or the phones that have it (one every 30 s). */
export async function sendTestReminder(
  s: PortalContext,
  call: CallContext,
  channel: 'email' | 'sms' | 'voice',
): Promise<void> {
  if (channel !== 'email' && !channelOn(s, channel))
    throw new NotSupportedError(`reminderChannels.${channel}`);
  const {patient} = await requirePatient(s, call);
  const targets = testReminderTargets(channel, patient.email, prefsOf(s, patient));
  const now = s.clock();
  await s.db.transaction(async (q) => {
    const last = await lockLastTestReminder(q, patient.id, channel);
    if (last !== undefined && now - last < TEST_REMINDER_INTERVAL_MS)
      throw new RateLimitedError(Math.ceil((last + TEST_REMINDER_INTERVAL_MS - now) / 1000));
    await recordTestReminder(q, patient.id, channel, now);
    const language = languageOf(patient);
    for (const to of targets)
      await send(s, q, {language, channel, to, kind: 'test-reminder', vars: {name: greetingName(patient)}});
    await audit(s, q, patient.id, 'preferences.test', patient.id);
  });
}
