/**
 * The memory adapter's reminders: each patient's reminder preferences, the "send me a test
 * reminder" action, the 72/24/1 h reminders themselves, and the messages the adapter sent when it
 * was built (the seeded invitations and reminders). Loaded on first use, in its own chunk.
 */
import {NotSupportedError, RateLimitedError} from '../adapter.js';
import type {ReminderChannel, ReminderPreferences} from '../../domain/types.js';
import {
  ACTIVE,
  TEST_REMINDER_INTERVAL_MS,
  checkReminderPreferences,
  dueReminderHours,
  reminderPhoneMessages,
  reminderPreferencesOf,
  testReminderTargets,
} from '../../domain/rules/index.js';
import {DAY, type AppointmentRecord, type PatientRecord} from './internals.js';
import {FRAGMENT_INVITATION, FRAGMENT_REMINDER} from './constants.js';
import {deriveToken} from './crypto.js';
import type {MemoryState} from './state.js';
import {appointmentVars, send} from './messages.js';
import {nameToGreet} from '../../domain/rules/profile.js';

const INVITATION_TTL = 30 * DAY;

const channelOn = (memory: MemoryState) => (channel: 'sms' | 'voice') => memory.channelOn(channel);

/** A patient's reminder preferences: the saved ones, or the clinic's default (the domain's rule). */
function prefsOf(memory: MemoryState, patient: PatientRecord): ReminderPreferences {
  return reminderPreferencesOf(memory.data.clinic, channelOn(memory), patient);
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
  const phones = reminderPhoneMessages(prefs, channelOn(memory));
  for (const {channel, to} of phones) send(memory, lang, {channel, to, kind: 'reminder', vars});
  return 1 + phones.length;
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
    const due = dueReminderHours(memory.data.clinic, prefs, apt.start, now).filter(
      (h) => !apt.remindersSent.has(h),
    );
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
  const saved = checkReminderPreferences(memory.data.clinic, channelOn(memory), patient.email, preferences);
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
  if (last !== undefined && now - last < TEST_REMINDER_INTERVAL_MS) {
    throw new RateLimitedError(Math.ceil((last + TEST_REMINDER_INTERVAL_MS - now) / 1000));
  }
  const targets = testReminderTargets(channel, patient.email, prefsOf(memory, patient));
  memory.testReminderAt.set(`${patient.id}:${channel}`, now);
  for (const to of targets) {
    send(memory, patient.language, {channel, to, kind: 'test-reminder', vars: {name: nameToGreet(patient)}});
  }
}
