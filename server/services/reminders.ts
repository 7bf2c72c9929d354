/**
 * Reminders: the pass that sends the ones due (72/24/1 h before, as each patient chose; each
 * claimed in the database so restarts and several servers never send one twice), and the
 * confirm/cancel links in them (single-use tokens, usable without signing in).
 */
import {auditCall} from './audit.js';
import {InvalidLinkError} from '../../src/domain/errors.js';
import {checkCancelReason, dueReminderHours, reminderPhoneMessages} from '../../src/domain/rules/index.js';
import type {Appointment, ReminderPreferences, ReminderTokenInfo} from '../../src/domain/types.js';
import type {ReminderActionRequest} from '../../src/adapters/adapter.js';
import {WriteBatch, type Queryable} from '../db.js';
import {activeStartingBetween, findAppointment, type AppointmentRow} from '../repositories/appointments.js';
import {findPatient, findPatients, type PatientRow} from '../repositories/patients.js';
import {
  claimReminders,
  claimedReminders,
  claimReminderToken,
  findReminderToken,
  insertReminderToken,
  type ReminderAction,
} from '../repositories/reminders.js';
import {sha, token} from '../tokens.js';
import {view} from './appointment-records.js';
import {cancelIn, changeable, updateAppointment} from './appointments.js';
import {channelOn, SERVER_CAPABILITIES} from './clinic.js';
import {languageOf, num, type CallContext, type PortalContext} from './context.js';
import {appointmentVars, audit, send} from './notify.js';
import {prefsOf} from './reminder-preferences.js';

const HOUR = 3_600_000;

/** Appointments read per step of the reminder pass (three reads a step, whatever the count due). */
export const REMINDER_BATCH = 500;

/**
 * Reminders whose writes (two link tokens, the email, any SMS or voice message) go to the database
 * as one statement (`WriteBatch`): one round trip per 100 reminders, not three or more per reminder
 * — on PostgreSQL over a network each round trip is what a reminder cost.
 */
const REMINDERS_PER_STATEMENT = 100;

/**
 * Sends the reminders due now (72/24/1 h before, as each patient chose), once each: an email
 * with confirm and cancel links (single-use tokens in the URL fragment). When several are due at
 * once only one goes out. Resolves to how many were sent.
 *
 * In steps of {@link REMINDER_BATCH} appointments (keyset order: start, id), each step three reads
 * — the appointments, their patients, the reminders already claimed — and one transaction that
 * claims the step's due reminders and writes their messages (and link tokens), 100 reminders'
 * writes to a statement: memory stays bounded by the step
 * whatever the number due, no read per appointment, and a pass with nothing new to send writes
 * nothing. Each reminder is claimed in the database (`reminders_sent`), so restarts and several
 * servers never send one twice.
 */
export async function sendDueReminders(s: PortalContext, batch = REMINDER_BATCH): Promise<number> {
  const now = s.clock();
  const until = now + Math.max(...s.data.clinic.reminders.offeredHours) * HOUR;
  let sent = 0;
  let after: {start: number; id: string} | undefined;
  for (;;) {
    const rows = await activeStartingBetween(s.db, now, until, batch, after);
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!;
    after = {start: num(last.start_ms), id: last.id};
    const ids = rows.map((r) => r.id);
    const [patients, claimed] = await Promise.all([
      findPatients(s.db, [...new Set(rows.map((r) => r.patient_id))]),
      claimedReminders(s.db, ids),
    ]);
    const due: {apt: AppointmentRow; patient: PatientRow; prefs: ReminderPreferences; hours: number[]}[] = [];
    for (const apt of rows) {
      const patient = patients.get(apt.patient_id);
      if (!patient) continue;
      const prefs = prefsOf(s, patient);
      const hours = dueReminderHours(s.data.clinic, prefs, num(apt.start_ms), now).filter(
        (h) => !claimed.get(apt.id)?.has(h),
      );
      if (hours.length > 0) due.push({apt, patient, prefs, hours});
    }
    if (due.length > 0)
      sent += await s.db.transaction(async (q) => {
        // Claimed here, by this transaction: another server's pass may have claimed some meanwhile.
        const won = await claimReminders(
          q,
          due.flatMap((d) => d.hours.map((h) => ({appointmentId: d.apt.id, hours: h}))),
          now,
        );
        const writes = new WriteBatch();
        let n = 0;
        for (const d of due)
          if (won.has(d.apt.id)) {
            await sendReminder(s, writes, d.apt, d.patient, d.prefs);
            if (++n % REMINDERS_PER_STATEMENT === 0) await writes.run(q);
          }
        await writes.run(q);
        return n;
      });
    if (rows.length < batch) break;
  }
  return sent;
}

/** One reminder: the email with its links, and the SMS and voice reminders (which carry none). */
async function sendReminder(
  s: PortalContext,
  q: Queryable,
  apt: AppointmentRow,
  patient: PatientRow,
  prefs: ReminderPreferences,
): Promise<void> {
  const links = await actionLinks(s, q, apt);
  const language = languageOf(patient);
  const vars = appointmentVars(s, apt, language, patient);
  await send(s, q, {language, channel: 'email', to: patient.email, kind: 'reminder', vars, links});
  // SMS and voice reminders carry no links: they cannot confirm or cancel.
  for (const {channel, to} of reminderPhoneMessages(prefs, (c) => channelOn(s, c)))
    await send(s, q, {language, channel, to, kind: 'reminder', vars});
}

/**
 * Single-use confirm and cancel links for an appointment (usable without signing in): in its
 * reminders, and in a guest booking's confirmation, where the confirm link is what makes it the
 * account's (`ownedByAccount`).
 */
export async function actionLinks(
  s: PortalContext,
  q: Queryable,
  apt: Pick<AppointmentRow, 'id' | 'status'>,
): Promise<Record<string, string>> {
  const links: Record<string, string> = {};
  for (const action of ['confirm', 'cancel'] as const) {
    if (action === 'confirm' && (!SERVER_CAPABILITIES.confirm || apt.status === 'confirmed')) continue;
    if (action === 'cancel' && !SERVER_CAPABILITIES.cancel) continue;
    const t = token();
    await insertReminderToken(q, sha(t), apt.id, action);
    links[action] = `${s.linkBase}#portal-reminder=${t}`;
  }
  return links;
}

/** What a reminder link stands for, while it is unused and its appointment may still change. */
async function reminderTarget(
  s: PortalContext,
  q: Queryable,
  tokenValue: string,
): Promise<{action: ReminderAction; hash: string; row: AppointmentRow; patient: PatientRow}> {
  const hash = sha(typeof tokenValue === 'string' ? tokenValue : '');
  const record = await findReminderToken(q, hash);
  const row = record ? await findAppointment(q, record.appointment_id) : undefined;
  if (!record || !row || record.used || !changeable(s, row)) throw new InvalidLinkError();
  const patient = await findPatient(q, row.patient_id);
  if (!patient) throw new InvalidLinkError();
  return {action: record.action, hash, row, patient};
}

export async function resolveReminderToken(
  s: PortalContext,
  tokenValue: string,
  call?: CallContext,
): Promise<ReminderTokenInfo> {
  const {action, row, patient} = await reminderTarget(s, s.db, tokenValue);
  await auditCall(s, s.db, call, {
    actor: 'reminder-link',
    action: `reminder-link.resolve-${action}`,
    patientId: patient.id,
    appointmentId: row.id,
  });
  return {action, appointment: view(s, row), withoutSignIn: true};
}

export async function applyReminderAction(
  s: PortalContext,
  request: ReminderActionRequest,
): Promise<Appointment> {
  const updated = await s.db.transaction(async (q) => {
    const {action, hash, row, patient} = await reminderTarget(s, q, request.token);
    if (action === 'cancel') checkCancelReason(s.data.cancellationReasons, request.reasonId, request.note);
    // Claim the token first: of two concurrent uses, one wins.
    if (!(await claimReminderToken(q, hash))) throw new InvalidLinkError();
    if (action === 'confirm') {
      // Following a link emailed to the account's address proves owning it: the appointment
      // becomes the account's (`ownedByAccount`).
      const u =
        row.status === 'confirmed' && row.owner_verified
          ? row
          : await updateAppointment(q, row, {status: 'confirmed', ownerVerified: true});
      await audit(s, q, 'reminder-link', 'appointment.confirm', patient.id, row.id);
      return u;
    }
    return cancelIn(s, q, row, patient, request.reasonId as string, request.note, 'reminder-link');
  });
  return view(s, updated);
}
