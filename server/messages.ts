/**
 * What the reference server sends, in the patient's language (server-side texts, not the
 * elements' catalog): the clinic's own texts where its configuration file has them (`messages`,
 * see `server/clinic-config.schema.yaml`), the server's below otherwise. Every message is written
 * to the `outbox` table; the dispatcher (`delivery.ts`) sends it.
 *
 * Clinic texts name values with placeholders, `{{name}}`: each kind has its own list
 * ({@link MESSAGE_PLACEHOLDERS}). Values go in as plain text, in one pass — a value that looks like
 * a placeholder stays as it is, nothing in it is interpreted, and control characters (line breaks
 * in a subject) become spaces. The links of a message (confirm/cancel, create account, verify,
 * reset, portal) are always added after its text by the server, in its own words.
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

/** Every message kind, in the order the configuration file documents them. */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  'reminder',
  'booking-confirmation',
  'cancellation',
  'reschedule',
  'invitation',
  'verification',
  'password-reset',
  'account-notice',
  'phone-code',
  'sign-in-code',
  'test-reminder',
];

const APPOINTMENT = ['clinic', 'phone', 'name', 'services', 'provider', 'when', 'zone', 'yourTime'] as const;
const ACCOUNT = ['clinic', 'phone', 'name'] as const;
const CODE = ['clinic', 'phone', 'code'] as const;

/**
 * The placeholders each kind's text may use: `clinic` (its name), `phone` (its phone), `name` (the
 * patient's given name), `services`, `provider`, `when` (date and time, in the patient's language),
 * `zone` (the clinic's time zone as messages name it), `yourTime` (the same time in the patient's
 * own zone with its name, when they booked from another zone; empty otherwise — a clinic text that
 * does not use it gets it as a line of its own), `code` (the 6-digit code).
 */
export const MESSAGE_PLACEHOLDERS: Readonly<Record<MessageKind, readonly string[]>> = {
  reminder: APPOINTMENT,
  'booking-confirmation': APPOINTMENT,
  cancellation: APPOINTMENT,
  reschedule: APPOINTMENT,
  invitation: ACCOUNT,
  verification: ACCOUNT,
  'password-reset': ACCOUNT,
  'account-notice': ACCOUNT,
  'test-reminder': ACCOUNT,
  'phone-code': CODE,
  'sign-in-code': CODE,
};

/** A clinic's text for one kind in one language. */
export interface MessageTemplate {
  /** The email's subject (default: the server's). */
  readonly subject?: string;
  /** The text (email, and SMS and voice unless `sms` is given). */
  readonly text: string;
  /** A shorter text for SMS and voice messages (default: `text`). */
  readonly sms?: string;
}

/** A clinic's message texts: kind → language → text. Absent kinds and languages: the server's. */
export type ClinicMessages = Partial<Record<MessageKind, Partial<Record<Language, MessageTemplate>>>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholders `template` names that `kind` does not offer. */
export function unknownPlaceholders(kind: MessageKind, template: string): string[] {
  const allowed = MESSAGE_PLACEHOLDERS[kind];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !allowed.includes(name));
}

/**
 * `template` with its placeholders replaced by `vars`, in one pass, as plain text: a value is never
 * read as a template. `singleLine` turns control characters in values into spaces (subjects);
 * otherwise only line breaks and tabs are kept. A placeholder without a value stays as written.
 */
export function fillTemplate(template: string, vars: Vars, singleLine = false): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (typeof value !== 'string') return whole;
    return singleLine ? value.replace(CONTROL, ' ') : value.replace(CONTROL_BUT_LINES, '');
  });
}

/** Control characters (runs of them): a subject is one line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;
/** Control characters except line feed and tab: a text keeps its lines. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** "; your time: …" after the clinic's time, when the patient booked from another zone (#23). */
function yours(v: Vars, lang: Language): string {
  if (!v.yourTime) return '';
  return lang === 'en' ? `; your time: ${v.yourTime}` : `; su hora: ${v.yourTime}`;
}

const templates: Record<MessageKind, Record<Language, (v: Vars) => [string, string]>> = {
  'phone-code': {
    es: (v) => [
      `${v.clinic}: código`,
      `${v.clinic}: su código de verificación es ${v.code}. Vence en 10 minutos.`,
    ],
    en: (v) => [
      `${v.clinic}: code`,
      `${v.clinic}: your verification code is ${v.code}. It expires in 10 minutes.`,
    ],
  },
  'booking-confirmation': {
    es: (v) => [
      `Su cita en ${v.clinic} quedó reservada`,
      `Su cita quedó reservada: ${v.services} con ${v.provider}, ${v.when} (${v.zone})${yours(v, 'es')}. Para cambiarla o cancelarla, entre a su portal. ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} is booked`,
      `Your appointment is booked: ${v.services} with ${v.provider}, ${v.when} (${v.zone})${yours(v, 'en')}. To change or cancel it, use your portal. ${v.clinic} · ${v.phone}`,
    ],
  },
  cancellation: {
    es: (v) => [
      `Su cita en ${v.clinic} quedó cancelada`,
      `Su cita quedó cancelada: ${v.services}, ${v.when} (${v.zone})${yours(v, 'es')}. ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} is cancelled`,
      `Your appointment is cancelled: ${v.services}, ${v.when} (${v.zone})${yours(v, 'en')}. ${v.clinic} · ${v.phone}`,
    ],
  },
  invitation: {
    es: (v) => [
      `${v.clinic}: cree su cuenta del portal`,
      `Hola, ${v.name}. ${v.clinic} le invita a su portal de pacientes: cree su contraseña con este enlace (vence en 30 días).`,
    ],
    en: (v) => [
      `${v.clinic}: create your portal account`,
      `Hello ${v.name}. ${v.clinic} invites you to its patient portal: choose your password with this link (it expires in 30 days).`,
    ],
  },
  verification: {
    es: (v) => [
      `${v.clinic}: confirme su correo`,
      `Hola, ${v.name}. Confirme su correo con este enlace para activar su cuenta.`,
    ],
    en: (v) => [
      `${v.clinic}: confirm your email`,
      `Hello ${v.name}. Confirm your email with this link to activate your account.`,
    ],
  },
  'account-notice': {
    es: (v) => [
      `${v.clinic}: ya tiene una cuenta`,
      `Hola, ${v.name}. Alguien intentó registrarse con su correo, que ya tiene una cuenta. Si fue usted, inicie sesión o restablezca su contraseña. Si no, ignore este mensaje.`,
    ],
    en: (v) => [
      `${v.clinic}: you already have an account`,
      `Hello ${v.name}. Someone tried to register with your email, which already has an account. If it was you, sign in or reset your password. If not, ignore this message.`,
    ],
  },
  'password-reset': {
    es: (v) => [
      `${v.clinic}: restablezca su contraseña`,
      `Hola, ${v.name}. Elija una contraseña nueva con este enlace. Vence en 60 minutos y sirve una sola vez.`,
    ],
    en: (v) => [
      `${v.clinic}: reset your password`,
      `Hello ${v.name}. Choose a new password with this link. It expires in 60 minutes and works once.`,
    ],
  },
  'sign-in-code': {
    es: (v) => [
      `${v.clinic}: código para entrar`,
      `${v.clinic}: su código para entrar es ${v.code}. Vence en 10 minutos.`,
    ],
    en: (v) => [
      `${v.clinic}: sign-in code`,
      `${v.clinic}: your sign-in code is ${v.code}. It expires in 10 minutes.`,
    ],
  },
  'test-reminder': {
    es: (v) => [
      `${v.clinic}: recordatorio de prueba`,
      `Hola, ${v.name}. Este es un recordatorio de prueba de ${v.clinic}: así le llegarán los recordatorios de sus citas.`,
    ],
    en: (v) => [
      `${v.clinic}: test reminder`,
      `Hello ${v.name}. This is a test reminder from ${v.clinic}: this is how your appointment reminders will reach you.`,
    ],
  },
  reminder: {
    es: (v) => [
      `Recordatorio: su cita en ${v.clinic}`,
      `Le esperamos: ${v.services} con ${v.provider}, ${v.when} (${v.zone})${yours(v, 'es')}. ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Reminder: your appointment at ${v.clinic}`,
      `We look forward to seeing you: ${v.services} with ${v.provider}, ${v.when} (${v.zone})${yours(v, 'en')}. ${v.clinic} · ${v.phone}`,
    ],
  },
  reschedule: {
    es: (v) => [
      `Su cita en ${v.clinic} cambió de horario`,
      `Su cita ahora es: ${v.services} con ${v.provider}, ${v.when} (${v.zone})${yours(v, 'es')}. ${v.clinic} · ${v.phone}`,
    ],
    en: (v) => [
      `Your appointment at ${v.clinic} has moved`,
      `Your appointment is now: ${v.services} with ${v.provider}, ${v.when} (${v.zone})${yours(v, 'en')}. ${v.clinic} · ${v.phone}`,
    ],
  },
};

export interface ComposeOptions {
  /** Which channel the message goes out on (SMS and voice use a clinic text's `sms`). */
  readonly channel?: 'email' | 'sms' | 'voice';
  /** The clinic's own texts, from its configuration file. */
  readonly templates?: ClinicMessages;
}

export function composeMessage(
  kind: MessageKind,
  language: Language,
  vars: Vars,
  links: Readonly<Record<string, string>>,
  options: ComposeOptions = {},
): {subject: string; text: string} {
  const lang: Language = language === 'en' ? 'en' : 'es';
  const [ownSubject, ownBody] = templates[kind][lang](vars);
  const clinic = options.templates?.[kind]?.[lang];
  const short = options.channel === 'sms' || options.channel === 'voice';
  const subject =
    clinic?.subject !== undefined
      ? fillTemplate(clinic.subject, vars, true).replace(CONTROL, ' ')
      : ownSubject;
  const clinicText = clinic ? (short && clinic.sms !== undefined ? clinic.sms : clinic.text) : '';
  // A clinic text that does not say the patient's own time gets it on a line of its own.
  const ownTime =
    clinic && vars.yourTime && !/\{\{\s*yourTime\s*\}\}/.test(clinicText)
      ? `\n${lang === 'en' ? 'Your time' : 'Su hora'}: ${fillTemplate('{{yourTime}}', vars)}`
      : '';
  const body = clinic ? fillTemplate(clinicText, vars) + ownTime : ownBody;
  const lines: string[] = [];
  const label =
    lang === 'en'
      ? {confirm: 'Confirm attendance', cancel: 'Cancel the appointment'}
      : {confirm: 'Confirmar asistencia', cancel: 'Cancelar la cita'};
  if (links.confirm) lines.push(`${label.confirm}: ${links.confirm}`);
  if (links.cancel) lines.push(`${label.cancel}: ${links.cancel}`);
  for (const key of ['create-account', 'verify', 'reset', 'sign-in']) if (links[key]) lines.push(links[key]);
  if (links.portal) lines.push(links.portal);
  return {subject, text: lines.length > 0 ? `${body}\n\n${lines.join('\n')}` : body};
}
