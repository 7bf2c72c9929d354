/**
 * The patient's reminder preferences (the email on file always; SMS and voice per phone as the
 * clinic offers; which of the clinic's reminder times) and test reminders (one per channel every
 * 30 s).
 */
import {
  NotSupportedError,
  RateLimitedError,
  ValidationError,
  type FieldErrorCode,
} from '../../src/domain/errors.js';
import {countryOfE164} from '../../src/domain/phone.js';
import {emailKey} from '../../src/domain/rules/accounts.js';
import {E164_RE} from '../../src/domain/rules/validation.js';
import type {E164, ReminderPreferences} from '../../src/domain/types.js';
import {setPreferences, type PatientRow} from '../repositories/patients.js';
import {lockLastTestReminder, recordTestReminder} from '../repositories/reminders.js';
import {channelOn} from './clinic.js';
import {languageOf, type CallContext, type PortalContext} from './context.js';
import {audit, send} from './notify.js';
import {requirePatient} from './session.js';

const TEST_REMINDER_INTERVAL = 30_000;

/** The saved preferences (with only the channels this server offers), or the clinic's default. */
export function prefsOf(s: PortalContext, p: PatientRow): ReminderPreferences {
  const clinic = s.data.clinic;
  if (p.prefs && emailKey(p.prefs.email) === emailKey(p.email)) {
    return {
      ...p.prefs,
      phones: p.prefs.phones.map((ph) => ({
        ...ph,
        sms: ph.sms && channelOn(s, 'sms'),
        voice: ph.voice && channelOn(s, 'voice'),
      })),
    };
  }
  const phones = p.phone
    ? [
        {
          number: p.phone as E164,
          country: countryOfE164(p.phone, clinic.country) ?? clinic.country,
          sms: channelOn(s, 'sms'),
          voice: false,
        },
      ]
    : [];
  return {email: p.email, phones, hours: [...clinic.reminders.offeredHours]};
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
  const clinic = s.data.clinic;
  const rules = clinic.reminders;
  const fields: Record<string, FieldErrorCode> = {};
  if (emailKey(preferences.email ?? '') !== emailKey(patient.email)) fields.email = 'invalid';
  const phones = Array.isArray(preferences.phones) ? preferences.phones : [];
  if (phones.length > rules.maxPhones) fields.phones = 'too-many';
  const seen = new Set<string>();
  phones.forEach((p, i) => {
    const number = typeof p?.number === 'string' ? p.number.trim() : '';
    if (!E164_RE.test(number)) fields[`phones.${i}`] = number === '' ? 'required' : 'invalid-phone';
    else if (seen.has(number)) fields[`phones.${i}`] = 'duplicate';
    else if ((p.sms && !channelOn(s, 'sms')) || (p.voice && !channelOn(s, 'voice')))
      fields[`phones.${i}`] = 'invalid';
    seen.add(number);
  });
  const hours = Array.isArray(preferences.hours) ? preferences.hours : [];
  if (!hours.every((h) => rules.offeredHours.includes(h)) || new Set(hours).size !== hours.length)
    fields.hours = 'invalid';
  else if (!rules.patientChoosesTimes && hours.length !== rules.offeredHours.length) fields.hours = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const saved: ReminderPreferences = {
    email: patient.email,
    phones: phones.map((p) => ({
      number: p.number.trim() as E164,
      country: /^[A-Z]{2}$/.test(p.country ?? '')
        ? p.country
        : (countryOfE164(p.number, clinic.country) ?? clinic.country),
      sms: p.sms === true,
      voice: p.voice === true,
    })),
    hours: [...hours].sort((a, b) => b - a),
  };
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
  const prefs = prefsOf(s, patient);
  const targets =
    channel === 'email'
      ? [patient.email]
      : prefs.phones.filter((p) => (channel === 'sms' ? p.sms : p.voice)).map((p) => p.number);
  if (targets.length === 0) throw new ValidationError({phones: 'required'});
  const now = s.clock();
  await s.db.transaction(async (q) => {
    const last = await lockLastTestReminder(q, patient.id, channel);
    if (last !== undefined && now - last < TEST_REMINDER_INTERVAL)
      throw new RateLimitedError(Math.ceil((last + TEST_REMINDER_INTERVAL - now) / 1000));
    await recordTestReminder(q, patient.id, channel, now);
    const language = languageOf(patient);
    for (const to of targets)
      await send(s, q, {language, channel, to, kind: 'test-reminder', vars: {name: patient.given_name}});
    await audit(s, q, patient.id, 'preferences.test', patient.id);
  });
}
