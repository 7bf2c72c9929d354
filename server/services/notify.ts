/**
 * What the services tell people and record: a message composed in the patient's language into
 * the outbox (delivered later by `server/delivery.ts`), an appointment's placeholders for it, and
 * the audit trail (ids only, never patient data).
 */
import {linkInLanguage, messageTimes} from '../../src/domain/messages.js';
import {findService} from '../../src/domain/rules/index.js';
import type {Language, OutboxMessage} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {composeMessage, type MessageKind} from '../messages.js';
import type {AppointmentRow} from '../repositories/appointments.js';
import {insertAudit} from '../repositories/audit-log.js';
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
 * Composes the message (the clinic's own texts when it has them) and writes it to the outbox. Its
 * links carry the message's language in their fragment, so the page opens in it.
 */
export async function send(s: PortalContext, q: Queryable, m: Message): Promise<void> {
  const links = Object.fromEntries(
    Object.entries(m.links ?? {}).map(([k, link]) => [k, linkInLanguage(link, m.language)]),
  );
  const clinic = s.data.clinic;
  const {subject, text} = composeMessage(
    m.kind,
    m.language,
    {clinic: clinic.name, phone: clinic.phone, ...m.vars},
    links,
    {channel: m.channel, templates: s.data.messages},
  );
  await insertMessage(q, {
    id: `msg_${token(12)}`,
    channel: m.channel,
    to: m.to,
    at: instant(s, s.clock()),
    language: m.language,
    kind: m.kind,
    subject,
    text,
    links,
    ...(m.code !== undefined ? {code: m.code} : {}),
  });
}

/** An appointment's placeholders (`server/messages.ts` MESSAGE_PLACEHOLDERS), for its patient. */
export function appointmentVars(
  s: PortalContext,
  a: AppointmentRow,
  lang: Language,
  patient: {given_name: string},
): Record<string, string> {
  const services = a.service_ids.map((id) => findService(s.data, id)?.name[lang] ?? id).join(', ');
  const provider = s.data.catalog.providers.find((p) => p.id === a.provider_id)?.name ?? '';
  const {when, yourTime} = messageTimes(
    Number(a.start_ms),
    lang,
    s.data.clinic.timeZone,
    a.patient_time_zone,
  );
  return {
    name: patient.given_name,
    services,
    provider,
    when,
    zone: s.data.timeZoneLabel?.[lang] ?? s.data.clinic.timeZone,
    yourTime,
  };
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
