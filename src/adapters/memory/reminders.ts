/**
 * The memory adapter's reminders: each patient's reminder preferences, the "send me a test
 * reminder" action, the 72/24/1 h reminders themselves, and the messages the adapter sent when it
 * was built (the seeded invitations and reminders). Loaded on first use, in its own chunk.
 */
import {NotSupportedError, RateLimitedError, ValidationError, type FieldErrorCode} from '../adapter.js';
import type {
  CountryCode,
  E164,
  ReminderChannel,
  ReminderPhone,
  ReminderPreferences,
} from '../../domain/types.js';
import {ACTIVE, E164_RE, emailKey} from '../../domain/rules/index.js';
import {DAY, HOUR, type AppointmentRecord, type PatientRecord} from './internals.js';
import {FRAGMENT_INVITATION, FRAGMENT_REMINDER} from './constants.js';
import {deriveToken} from './crypto.js';
import type {MemoryState} from './state.js';
import {appointmentVars, send} from './messages.js';

const INVITATION_TTL = 30 * DAY;
const TEST_REMINDER_INTERVAL = 30_000;

/** Countries of the calling codes the demo's patients use (display only). */
function countryOfPhone(phone: string, fallback: CountryCode): CountryCode {
  if (phone.startsWith('+52')) return 'MX';
  if (phone.startsWith('+34')) return 'ES';
  if (phone.startsWith('+1')) return fallback === 'CA' ? 'CA' : 'US';
  return fallback;
}

/** A patient's reminder preferences: the saved ones, or the clinic's default. */
function prefsOf(memory: MemoryState, patient: PatientRecord): ReminderPreferences {
  if (patient.prefs && emailKey(patient.prefs.email) === emailKey(patient.email)) return patient.prefs;
  const rules = memory.data.clinic.reminders;
  const phones: ReminderPhone[] = patient.phone
    ? [
        {
          number: patient.phone,
          country: countryOfPhone(patient.phone, memory.data.clinic.country),
          sms: memory.channelOn('sms'),
          voice: false,
        },
      ]
    : [];
  return {email: patient.email, phones, hours: [...rules.offeredHours]};
}

function sendReminder(
  memory: MemoryState,
  apt: AppointmentRecord,
  patient: PatientRecord,
  prefs: ReminderPreferences,
): number {
  const lang = patient.language;
  const vars = appointmentVars(memory, apt, lang);
  const links: Record<string, string> = {};
  if (memory.caps.reminderLinks && memory.caps.confirm && apt.status !== 'confirmed') {
    links.confirm = memory.link(FRAGMENT_REMINDER, apt.confirmToken);
  }
  if (memory.caps.reminderLinks && memory.caps.cancel)
    links.cancel = memory.link(FRAGMENT_REMINDER, apt.cancelToken);
  send(memory, lang, {channel: 'email', to: patient.email, kind: 'reminder', vars, links});
  let sent = 1;
  for (const p of prefs.phones) {
    if (p.sms && memory.channelOn('sms')) {
      send(memory, lang, {channel: 'sms', to: p.number, kind: 'reminder', vars});
      sent++;
    }
    if (p.voice && memory.channelOn('voice')) {
      send(memory, lang, {channel: 'voice', to: p.number, kind: 'reminder', vars});
      sent++;
    }
  }
  return sent;
}

/**
 * Sends the reminders that are due now (72/24/1 h before, as each patient chose), once each:
 * an email with confirm and cancel links, and SMS or voice messages without them. When several
 * are due at once only the nearest goes out. Returns how many messages were sent.
 */
export function sendDueReminders(memory: MemoryState): number {
  const now = memory.clock();
  let sent = 0;
  const sorted = [...memory.appointments.values()].sort((a, b) => a.start - b.start);
  for (const apt of sorted) {
    if (!ACTIVE.has(apt.status) || apt.start <= now) continue;
    const patient = memory.patients.get(apt.patientId);
    if (!patient) continue;
    const prefs = prefsOf(memory, patient);
    const hours = memory.data.clinic.reminders.patientChoosesTimes
      ? prefs.hours
      : memory.data.clinic.reminders.offeredHours;
    const due = hours.filter((h) => now >= apt.start - h * HOUR && !apt.remindersSent.has(h));
    if (due.length === 0) continue;
    for (const h of due) apt.remindersSent.add(h);
    sent += sendReminder(memory, apt, patient, prefs);
  }
  return sent;
}

/**
 * What the adapter sent when it was built, in that order: the seeded patients' invitations, then
 * the reminders due. The adapter calls it once, with its clock and link base as they were then.
 */
export function sendSeededMessages(
  memory: MemoryState,
  invited: readonly {readonly key: string; readonly patient: PatientRecord}[],
): void {
  const now = memory.clock();
  for (const {key, patient} of invited) {
    const token = deriveToken(memory.seed, 'invitation', key);
    memory.links.set(token, {
      purpose: 'invitation',
      patientId: patient.id,
      expires: now + INVITATION_TTL,
      used: false,
    });
    send(memory, patient.language, {
      channel: 'email',
      to: patient.email,
      kind: 'invitation',
      vars: {name: patient.givenName},
      links: {'create-account': memory.link(FRAGMENT_INVITATION, token)},
    });
  }
  sendDueReminders(memory);
}

// ---------------------------------------------------------------------------------------------
// Operations

export function getReminderPreferences(memory: MemoryState): ReminderPreferences {
  return structuredClone(prefsOf(memory, memory.requirePatient()));
}

export function saveReminderPreferences(
  memory: MemoryState,
  preferences: ReminderPreferences,
): ReminderPreferences {
  const patient = memory.requirePatient();
  const rules = memory.data.clinic.reminders;
  const fields: Record<string, FieldErrorCode> = {};
  if (emailKey(preferences.email ?? '') !== emailKey(patient.email)) fields.email = 'invalid';
  const phones = Array.isArray(preferences.phones) ? preferences.phones : [];
  if (phones.length > rules.maxPhones) fields.phones = 'too-many';
  const seen = new Set<string>();
  phones.forEach((p, i) => {
    const number = typeof p?.number === 'string' ? p.number.trim() : '';
    if (!E164_RE.test(number)) fields[`phones.${i}`] = number === '' ? 'required' : 'invalid-phone';
    else if (seen.has(number)) fields[`phones.${i}`] = 'duplicate';
    else if ((p.sms && !memory.channelOn('sms')) || (p.voice && !memory.channelOn('voice'))) {
      fields[`phones.${i}`] = 'invalid';
    }
    seen.add(number);
  });
  const hours = Array.isArray(preferences.hours) ? preferences.hours : [];
  if (!hours.every((h) => rules.offeredHours.includes(h)) || new Set(hours).size !== hours.length) {
    fields.hours = 'invalid';
  } else if (!rules.patientChoosesTimes && hours.length !== rules.offeredHours.length) {
    fields.hours = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const saved: ReminderPreferences = {
    email: patient.email,
    phones: phones.map((p) => ({
      number: p.number.trim() as E164,
      country: /^[A-Z]{2}$/.test(p.country ?? '')
        ? p.country
        : countryOfPhone(p.number, memory.data.clinic.country),
      sms: p.sms === true,
      voice: p.voice === true,
    })),
    hours: [...hours].sort((a, b) => b - a),
  };
  patient.prefs = saved;
  return structuredClone(saved);
}

export function sendTestReminder(memory: MemoryState, channel: ReminderChannel): void {
  memory.need(memory.caps.testReminder, 'testReminder');
  if (channel !== 'email' && !memory.channelOn(channel)) {
    throw new NotSupportedError(`reminderChannels.${channel}`);
  }
  const patient = memory.requirePatient();
  const now = memory.clock();
  const last = memory.testReminderAt.get(`${patient.id}:${channel}`);
  if (last !== undefined && now - last < TEST_REMINDER_INTERVAL) {
    throw new RateLimitedError(Math.ceil((last + TEST_REMINDER_INTERVAL - now) / 1000));
  }
  const prefs = prefsOf(memory, patient);
  const targets =
    channel === 'email'
      ? [patient.email]
      : prefs.phones.filter((p) => (channel === 'sms' ? p.sms : p.voice)).map((p) => p.number);
  if (targets.length === 0) throw new ValidationError({phones: 'required'});
  memory.testReminderAt.set(`${patient.id}:${channel}`, now);
  for (const to of targets) {
    send(memory, patient.language, {channel, to, kind: 'test-reminder', vars: {name: patient.givenName}});
  }
}
