/**
 * What the reference server sends, in the patient's language (server-side texts, not the
 * elements' catalog). Delivery (SMTP, SMS and voice providers) comes with the reminders slice; for
 * now every message lands in the development outbox table.
 */
import type {Language} from '../src/domain/types.js';

export type MessageKind = 'phone-code' | 'booking-confirmation' | 'cancellation' | 'reschedule' | 'reminder';

type Vars = Readonly<Record<string, string>>;

const templates: Record<MessageKind, Record<Language, (v: Vars) => [string, string]>> = {
  'phone-code': {
    es: (v) => [
      `${v.clinic}: código`,
      `${v.clinic}: tu código de verificación es ${v.code}. Vence en 10 minutos.`,
    ],
    en: (v) => [
      `${v.clinic}: code`,
      `${v.clinic}: your verification code is ${v.code}. It expires in 10 minutes.`,
    ],
  },
  'booking-confirmation': {
    es: (v) => [
      `Tu cita en ${v.clinic} está reservada`,
      `Reservamos tu cita: ${v.services} con ${v.provider}, ${v.when} (${v.zone}). Para cambiarla o cancelarla, entra a tu portal. ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} is booked`,
      `Your appointment is booked: ${v.services} with ${v.provider}, ${v.when} (${v.zone}). To change or cancel it, use your portal. ${v.clinic} · ${v.phone}`,
    ],
  },
  cancellation: {
    es: (v) => [
      `Cancelamos tu cita en ${v.clinic}`,
      `Cancelamos tu cita: ${v.services}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} is cancelled`,
      `We cancelled your appointment: ${v.services}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
  },
  reminder: {
    es: (v) => [
      `Recordatorio: tu cita en ${v.clinic}`,
      `Te esperamos: ${v.services} con ${v.provider}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Reminder: your appointment at ${v.clinic}`,
      `We look forward to seeing you: ${v.services} with ${v.provider}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
  },
  reschedule: {
    es: (v) => [
      `Cambiamos tu cita en ${v.clinic}`,
      `Tu cita ahora es: ${v.services} con ${v.provider}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} has moved`,
      `Your appointment is now: ${v.services} with ${v.provider}, ${v.when} (${v.zone}). ${v.clinic} · ${v.phone}`,
    ],
  },
};

export function composeMessage(
  kind: MessageKind,
  language: Language,
  vars: Vars,
  links: Readonly<Record<string, string>>,
): {subject: string; text: string} {
  const [subject, body] = templates[kind][language === 'en' ? 'en' : 'es'](vars);
  const lines: string[] = [];
  const label =
    language === 'en'
      ? {confirm: 'Confirm attendance', cancel: 'Cancel the appointment'}
      : {confirm: 'Confirmar asistencia', cancel: 'Cancelar la cita'};
  if (links.confirm) lines.push(`${label.confirm}: ${links.confirm}`);
  if (links.cancel) lines.push(`${label.cancel}: ${links.cancel}`);
  if (links.portal) lines.push(links.portal);
  return {subject, text: lines.length > 0 ? `${body}\n\n${lines.join('\n')}` : body};
}
