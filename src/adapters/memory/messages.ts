/**
 * What the memory backend sends: every message composed by the shared texts
 * (`src/domain/message-texts.ts`, the reference server's too) and put in the outbox. Loaded on first
 * use, in its own chunk: a booking page does not need it until the patient books or asks for a code.
 */
import {appointmentMessageVars, composeMessage, type TemplateName} from '../../domain/message-texts.js';
import {phoneToolsIfLoaded} from '../../domain/phone.js';
import type {Language} from '../../domain/types.js';
import type {AppointmentRecord} from './internals.js';
import type {OutboxChannel, OutboxKind} from './outbox.js';
import type {MemoryState} from './state.js';
import {nameToGreet} from '../../domain/rules/profile.js';

export type {TemplateName};

/** Composes a message in the patient's language (`src/domain/message-texts.ts`) and puts it in the outbox. */
export function send(
  memory: MemoryState,
  language: Language,
  m: {
    channel: OutboxChannel;
    to: string;
    kind: OutboxKind;
    template?: TemplateName;
    vars: Readonly<Record<string, string>>;
    links?: Readonly<Record<string, string>>;
    code?: string;
  },
): void {
  const clinic = memory.data.clinic;
  const composed = composeMessage(
    // The phone tools load with the first phone field (this backend composes synchronously).
    {
      name: clinic.name,
      phone: clinic.phone,
      voiceNote: clinic.reminders.voiceCallerNote,
      phoneTools: phoneToolsIfLoaded(),
    },
    {...m, language},
  );
  memory.outbox.push({
    id: `msg_${(++memory.messageSeq).toString().padStart(4, '0')}`,
    channel: m.channel,
    to: m.to,
    at: memory.instant(memory.clock()),
    language: composed.language,
    kind: m.kind,
    subject: composed.subject,
    text: composed.text,
    links: composed.links,
    ...(m.code !== undefined ? {code: m.code} : {}),
  });
}

/** The appointment's details as message variables, in the patient's language. */
export function appointmentVars(
  memory: MemoryState,
  a: AppointmentRecord,
  lang: Language,
): Record<string, string> {
  return appointmentMessageVars(
    memory.data,
    {
      startMs: a.start,
      serviceIds: a.serviceIds,
      providerId: a.providerId,
      mode: a.mode,
      locationId: a.locationId,
      patientTimeZone: a.patientTimeZone,
      fee: a.cancellation?.fee,
      depositPaid: a.depositPaid,
    },
    lang,
    nameToGreet(memory.patients.get(a.patientId) ?? {givenName: ''}),
  );
}
