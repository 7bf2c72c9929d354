/**
 * Reminder rules every backend applies alike: a patient's preferences (saved, else the clinic's
 * default), what a patient may save, which reminders are due for an appointment now, and where a
 * reminder or a test reminder goes.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {countryOfE164} from '../phone.js';
import type {Clinic, E164, ReminderChannel, ReminderPreferences} from '../types.js';
import {emailKey} from './accounts.js';
import {E164_RE} from './validation.js';

const HOUR = 3_600_000;

/** One test reminder per patient and channel in this time. */
export const TEST_REMINDER_INTERVAL_MS = 30_000;

/** Whether a reminder channel besides email is on (the clinic offers it and the backend can send it). */
export type ChannelOn = (channel: 'sms' | 'voice') => boolean;

/** The patient as the reminder rules need them. */
export interface ReminderPatient {
  readonly email: string;
  readonly phone?: string | null;
  readonly prefs?: ReminderPreferences | null;
}

/**
 * A patient's reminder preferences: the saved ones (while they name the email on file), with only
 * the channels on now; else the clinic's default — email, SMS to the phone on file when SMS is on,
 * every reminder time the clinic offers.
 */
export function reminderPreferencesOf(
  clinic: Clinic,
  channelOn: ChannelOn,
  p: ReminderPatient,
): ReminderPreferences {
  if (p.prefs && emailKey(p.prefs.email) === emailKey(p.email)) {
    return {
      ...p.prefs,
      phones: p.prefs.phones.map((ph) => ({
        ...ph,
        sms: ph.sms && channelOn('sms'),
        voice: ph.voice && channelOn('voice'),
      })),
    };
  }
  const phones = p.phone
    ? [
        {
          number: p.phone as E164,
          country: countryOfE164(p.phone, clinic.country) ?? clinic.country,
          sms: channelOn('sms'),
          voice: false,
        },
      ]
    : [];
  return {email: p.email, phones, hours: [...clinic.reminders.offeredHours]};
}

/**
 * Preferences as a patient saves them, checked: the email on file, at most the clinic's number of
 * phones, each a distinct E.164 number with only channels that are on, reminder times the clinic
 * offers (all of them when the patient may not choose). Returns them as stored; else
 * `ValidationError` naming each field.
 */
export function checkReminderPreferences(
  clinic: Clinic,
  channelOn: ChannelOn,
  emailOnFile: string,
  preferences: ReminderPreferences,
): ReminderPreferences {
  const rules = clinic.reminders;
  const fields: Record<string, FieldErrorCode> = {};
  if (emailKey(preferences?.email ?? '') !== emailKey(emailOnFile)) fields.email = 'invalid';
  const phones = Array.isArray(preferences?.phones) ? preferences.phones : [];
  if (phones.length > rules.maxPhones) fields.phones = 'too-many';
  const seen = new Set<string>();
  phones.forEach((p, i) => {
    const number = typeof p?.number === 'string' ? p.number.trim() : '';
    if (!E164_RE.test(number)) fields[`phones.${i}`] = number === '' ? 'required' : 'invalid-phone';
    else if (seen.has(number)) fields[`phones.${i}`] = 'duplicate';
    else if ((p.sms && !channelOn('sms')) || (p.voice && !channelOn('voice')))
      fields[`phones.${i}`] = 'invalid';
    seen.add(number);
  });
  const hours = Array.isArray(preferences?.hours) ? preferences.hours : [];
  if (!hours.every((h) => rules.offeredHours.includes(h)) || new Set(hours).size !== hours.length)
    fields.hours = 'invalid';
  else if (!rules.patientChoosesTimes && hours.length !== rules.offeredHours.length) fields.hours = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    email: emailOnFile,
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
}

/**
 * The reminder times (hours before) due for an appointment starting at `start`: those the patient
 * chose (or all the clinic offers, when patients may not choose) whose moment has come. A backend
 * sends one reminder for all of them and records each as sent.
 */
export function dueReminderHours(
  clinic: Clinic,
  prefs: ReminderPreferences,
  start: number,
  now: number,
): number[] {
  const hours = clinic.reminders.patientChoosesTimes ? prefs.hours : clinic.reminders.offeredHours;
  return start > now ? hours.filter((h) => now >= start - h * HOUR) : [];
}

/** The SMS and voice messages a reminder sends besides its email (they carry no links). */
export function reminderPhoneMessages(
  prefs: ReminderPreferences,
  channelOn: ChannelOn,
): {readonly channel: 'sms' | 'voice'; readonly to: E164}[] {
  const out: {channel: 'sms' | 'voice'; to: E164}[] = [];
  for (const p of prefs.phones) {
    if (p.sms && channelOn('sms')) out.push({channel: 'sms', to: p.number});
    if (p.voice && channelOn('voice')) out.push({channel: 'voice', to: p.number});
  }
  return out;
}

/** Where a test reminder on this channel goes; `ValidationError({phones})` when nowhere. */
export function testReminderTargets(
  channel: ReminderChannel,
  emailOnFile: string,
  prefs: ReminderPreferences,
): string[] {
  const targets =
    channel === 'email'
      ? [emailOnFile]
      : prefs.phones.filter((p) => (channel === 'sms' ? p.sms : p.voice)).map((p) => p.number);
  if (targets.length === 0) throw new ValidationError({phones: 'required'});
  return targets;
}
