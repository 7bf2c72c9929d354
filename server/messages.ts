/**
 * What the reference server sends, in the patient's language (server-side texts, not the
 * elements' catalog). Delivery (SMTP, SMS and voice providers) comes with the reminders slice; for
 * now every message lands in the development outbox table.
 */
import type {Language} from '../src/domain/types.js';

export type MessageKind =
  | 'phone-code'
  | 'booking-confirmation'
  | 'cancellation'
  | 'reschedule'
  | 'reminder'
  | 'invitation'
  | 'verification'
  | 'account-notice'
  | 'password-reset'
  | 'test-reminder'
  | 'sign-in-code';

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
  invitation: {
    es: (v) => [
      `${v.clinic}: crea tu cuenta del portal`,
      `Hola, ${v.name}. ${v.clinic} te invita a su portal de pacientes: crea tu contraseña con este enlace (vence en 30 días).`,
    ],
    en: (v) => [
      `${v.clinic}: create your portal account`,
      `Hello ${v.name}. ${v.clinic} invites you to its patient portal: choose your password with this link (it expires in 30 days).`,
    ],
  },
  verification: {
    es: (v) => [
      `${v.clinic}: confirma tu correo`,
      `Hola, ${v.name}. Confirma tu correo con este enlace para activar tu cuenta.`,
    ],
    en: (v) => [
      `${v.clinic}: confirm your email`,
      `Hello ${v.name}. Confirm your email with this link to activate your account.`,
    ],
  },
  'account-notice': {
    es: (v) => [
      `${v.clinic}: ya tienes una cuenta`,
      `Hola, ${v.name}. Alguien intentó registrarse con tu correo, que ya tiene una cuenta. Si fuiste tú, inicia sesión o restablece tu contraseña. Si no, ignora este mensaje.`,
    ],
    en: (v) => [
      `${v.clinic}: you already have an account`,
      `Hello ${v.name}. Someone tried to register with your email, which already has an account. If it was you, sign in or reset your password. If not, ignore this message.`,
    ],
  },
  'password-reset': {
    es: (v) => [
      `${v.clinic}: restablece tu contraseña`,
      `Hola, ${v.name}. Elige una contraseña nueva con este enlace. Vence en 60 minutos y sirve una sola vez.`,
    ],
    en: (v) => [
      `${v.clinic}: reset your password`,
      `Hello ${v.name}. Choose a new password with this link. It expires in 60 minutes and works once.`,
    ],
  },
  'sign-in-code': {
    es: (v) => [
      `${v.clinic}: código para entrar`,
      `${v.clinic}: tu código para entrar es ${v.code}. Vence en 10 minutos.`,
    ],
    en: (v) => [
      `${v.clinic}: sign-in code`,
      `${v.clinic}: your sign-in code is ${v.code}. It expires in 10 minutes.`,
    ],
  },
  'test-reminder': {
    es: (v) => [
      `${v.clinic}: recordatorio de prueba`,
      `Hola, ${v.name}. Este es un recordatorio de prueba de ${v.clinic}: así te llegarán los recordatorios de tus citas.`,
    ],
    en: (v) => [
      `${v.clinic}: test reminder`,
      `Hello ${v.name}. This is a test reminder from ${v.clinic}: this is how your appointment reminders will reach you.`,
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
  for (const key of ['create-account', 'verify', 'reset', 'sign-in']) if (links[key]) lines.push(links[key]);
  if (links.portal) lines.push(links.portal);
  return {subject, text: lines.length > 0 ? `${body}\n\n${lines.join('\n')}` : body};
}
