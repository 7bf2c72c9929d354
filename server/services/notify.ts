/**
 * What the services tell people and record: a message composed in the patient's language into
 * the outbox (delivered later by `server/delivery.ts`), an appointment's placeholders for it, and
 * the audit trail (ids only, never patient data).
 */
import {appointmentMessageVars, composeMessage, type MessageKind} from '../../src/domain/message-texts.js';
import {loadPhoneTools} from '../../src/domain/phone.js';
import type {Language, OutboxMessage} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import type {AppointmentRow} from '../repositories/appointments.js';
import {insertAudit} from '../repositories/audit-log.js';
import {greetingName} from '../repositories/patients.js';
import {insertMessage} from '../repositories/outbox.js';
import {token} from '../tokens.js';
import {instant, type PortalContext} from './context.js';

export interface Message {
  readonly language: Language;
  readonly channel: OutboxMessage['channel'];
  readonly to: string;
  readonly kind: MessageKind;
  readonly vars: Record<string, string>;
  readonly links?: Record<string, string>;
  /** A one-time code the message carries (the development outbox shows it). */
  readonly code?: string;
}

/**
 * Composes the message (the clinic's own texts when it has them, `src/domain/message-texts.ts`) and
 * writes it to the outbox. Its links carry the message's language, so the page opens in it.
 */
export async function send(s: PortalContext, q: Queryable, m: Message): Promise<void> {
  const clinic = s.data.clinic;
  // The clinic's phone is written out in messages with the phone tools (#23 item 6).
  const phoneTools = await loadPhoneTools().catch(() => undefined);
  const {language, subject, text, links} = composeMessage(
    {
      name: clinic.name,
      phone: clinic.phone,
      messages: s.data.messages,
      voiceNote: clinic.reminders.voiceCallerNote,
      phoneTools,
    },
    m,
  );
  await insertMessage(q, {
    id: `msg_${token(12)}`,
    channel: m.channel,
    to: m.to,
    at: instant(s, s.clock()),
    language,
    kind: m.kind,
    subject,
    text,
    links,
    ...(m.code !== undefined ? {code: m.code} : {}),
  });
}

/** An appointment's placeholders (`MESSAGE_PLACEHOLDERS`), for its patient. */
export function appointmentVars(
  s: PortalContext,
  a: AppointmentRow,
  lang: Language,
  patient: {given_name: string; preferred_name?: string | null},
): Record<string, string> {
  return appointmentMessageVars(
    s.data,
    {
      startMs: Number(a.start_ms),
      serviceIds: a.service_ids,
      providerId: a.provider_id,
      mode: a.mode,
      locationId: a.location_id,
      patientTimeZone: a.patient_time_zone,
      fee: a.cancellation?.fee,
      depositPaid: a.deposit_paid,
    },
    lang,
    greetingName(patient),
  );
}

/** Records who did what to which patient's record (ids only), at the server's clock. */
export async function audit(
  s: PortalContext,
  q: Queryable,
  actor: string,
  action: string,
  patientId?: string,
  appointmentId?: string,
): Promise<void> {
  await insertAudit(q, {at: s.clock(), actor, action, patientId, appointmentId});
}
