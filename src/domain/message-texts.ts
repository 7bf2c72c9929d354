/**
 * What every backend sends, as text: each message kind's subject and body in the patient's
 * language, the placeholders a clinic's own texts may use, and how an appointment's details become
 * a message's values. The reference server (`server/services/notify.ts`) and the memory backend
 * (`src/adapters/memory/messages.ts`, in its own lazily loaded chunk) both compose through
 * {@link composeMessage}, so a patient reads the same words from the demo and from a real server.
 * Server-side texts, not the elements' catalog: nothing here is loaded by an element.
 */
import {cardText, type FeeCharge} from './rules/card-fees.js';
import {linkInLanguage, messagePhone, messageTimes} from './messages.js';
import type {PhoneTools} from './phone.js';
import {findService} from './rules/catalog.js';
import type {ClinicData} from './rules/clinic-data.js';
import type {Language, LocalizedText, Money, OutboxMessage, Service} from './types.js';

export type MessageKind = OutboxMessage['kind'];
export type MessageChannel = OutboxMessage['channel'];
export type MessageVars = Readonly<Record<string, string>>;

/** A message's text: its kind's, or a variant (`account-exists` is an `account-notice`). */
export type TemplateName = MessageKind | 'account-exists';

/** A clinic's own text for one kind in one language (`server/clinic-config.schema.yaml`). */
export interface MessageTemplate {
  /** The email's subject (default: the built-in one). */
  readonly subject?: string;
  /** The text (email, and SMS and voice unless `sms` is given). */
  readonly text: string;
  /** A shorter text for SMS and voice messages (default: `text`). */
  readonly sms?: string;
}

/** A clinic's message texts: kind → language → text. Absent kinds and languages: the built-in ones. */
export type ClinicMessages = Partial<Record<MessageKind, Partial<Record<Language, MessageTemplate>>>>;

const APPOINTMENT = [
  'clinic',
  'phone',
  'name',
  'services',
  'provider',
  'when',
  'zone',
  'yourTime',
  'where',
  'fee',
  'deposit',
] as const;
const ACCOUNT = ['clinic', 'phone', 'name'] as const;
const CODE = ['clinic', 'phone', 'code'] as const;

/**
 * The placeholders each kind's text may use: `clinic` (its name), `phone` (its phone), `name` (the
 * name she is greeted by, `nameToGreet`), `services`, `provider`, `when` (date and time, in the patient's language),
 * `zone` (the clinic's time zone as messages name it), `yourTime` (the same time in the patient's
 * own zone with its name, when they booked from another zone; empty otherwise — a clinic text that
 * does not use it gets it as a line of its own), `where` (the place, or how a video visit is
 * joined), `fee` (a late cancellation's fee; empty otherwise), `deposit` (the deposit paid when
 * booking; empty otherwise), `code` (the 6-digit code); for `fee-charged`, `charge` (what the fee
 * is for: "Late cancellation fee", "No-show fee") and `card` (the card charged, "Visa ending 4242";
 * empty when no card took it and the fee is due on the invoice).
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
  'message-reply': ACCOUNT,
  // Never the document's name, folder or content: only that one is waiting in the portal.
  'document-new': ACCOUNT,
  'fee-charged': [...APPOINTMENT, 'charge', 'card'],
  'phone-code': CODE,
  'sign-in-code': CODE,
  // No services: a waitlist offer names only the time and the provider (no clinical details).
  'waitlist-offer': ['clinic', 'phone', 'name', 'provider', 'when', 'zone', 'minutes'],
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
/** Control characters (runs of them): a subject is one line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;
/** Control characters except line feed and tab: a text keeps its lines. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

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
export function fillTemplate(template: string, vars: MessageVars, singleLine = false): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (typeof value !== 'string') return whole;
    return singleLine ? value.replace(CONTROL, ' ') : value.replace(CONTROL_BUT_LINES, '');
  });
}

/** An amount of money for a message, in the patient's language. */
export function moneyText(m: Money, lang: Language): string {
  const fmt = new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', {
    style: 'currency',
    currency: m.currency,
  });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(m.amountMinor / 10 ** digits);
}

const textIn = (text: LocalizedText | undefined, lang: Language): string =>
  text ? (text[lang] ?? text[Object.keys(text)[0]] ?? '') : '';

/** What a message needs to know of an appointment. */
export interface MessageAppointment {
  readonly startMs: number;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  readonly mode: Service['mode'];
  readonly locationId?: string | null;
  /** The patient's own IANA zone, when they booked from another one. */
  readonly patientTimeZone?: string | null;
  /** What cancelling it cost (a late cancellation's fee). */
  readonly fee?: Money | null;
  /** The deposit paid when booking it. */
  readonly depositPaid?: Money | null;
}

/** An appointment's placeholders ({@link MESSAGE_PLACEHOLDERS}), in the patient's language. */
export function appointmentMessageVars(
  data: ClinicData,
  a: MessageAppointment,
  lang: Language,
  givenName: string,
): Record<string, string> {
  const clinic = data.clinic;
  const {when, yourTime} = messageTimes(a.startMs, lang, clinic.timeZone, a.patientTimeZone);
  const zone =
    data.timeZoneLabel?.[lang] ?? (clinic.timeZone.split('/').pop() ?? clinic.timeZone).replace(/_/g, ' ');
  const services = a.serviceIds.map((id) => textIn(findService(data, id)?.name, lang) || id).join(' + ');
  const provider = data.catalog.providers.find((p) => p.id === a.providerId)?.name ?? '';
  const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
  const opens = clinic.telehealth?.opensMinutesBefore ?? 0;
  const where =
    a.mode === 'video'
      ? lang === 'es'
        ? `Consulta por video: el enlace aparece en el portal ${opens} minutos antes.`
        : `Video visit: the link appears in the portal ${opens} minutes before.`
      : location
        ? `${textIn(location.name, lang)}, ${location.address}`
        : '';
  const fee = a.fee ? moneyText(a.fee, lang) : '';
  const deposit = a.depositPaid ? moneyText(a.depositPaid, lang) : '';
  return {name: givenName, services, provider, when, zone, yourTime, where, fee, deposit};
}

/** A fee charge's placeholders (`fee-charged`): the amount, what it is for, the card that took it. */
export function feeChargeVars(charge: FeeCharge, lang: Language): Record<string, string> {
  const es = lang === 'es';
  return {
    fee: moneyText(charge.amount, lang),
    charge:
      charge.kind === 'no-show'
        ? es
          ? 'Cargo por inasistencia'
          : 'No-show fee'
        : es
          ? 'Cargo por cancelación tardía'
          : 'Late cancellation fee',
    card: charge.card ? cardText(charge.card, lang) : '',
  };
}

/** What the clinic adds to every message: its name and phone, its own texts, its voice note. */
export interface MessageClinic {
  readonly name: string;
  readonly phone: string;
  /** The clinic's own texts (the server's configuration file). */
  readonly messages?: ClinicMessages;
  /** Said at the end of voice reminders (e.g. how to reach the clinic). */
  readonly voiceNote?: LocalizedText;
  /** `loadPhoneTools()`'s tools, to write the phone out (#23 item 6); without them it stays as stored. */
  readonly phoneTools?: PhoneTools;
}

export interface OutgoingMessage {
  readonly kind: MessageKind;
  /** The text to use, when not the kind's own (`account-exists`). */
  readonly template?: TemplateName;
  readonly channel: MessageChannel;
  readonly language: Language;
  readonly vars: MessageVars;
  readonly links?: Readonly<Record<string, string>>;
}

/**
 * A message's subject, text and links, in the patient's language: the clinic's own text for its
 * kind when it has one, the built-in one otherwise. Links carry the language in their fragment
 * (the page they open speaks it), and every link is in the text.
 */
export function composeMessage(
  clinic: MessageClinic,
  m: OutgoingMessage,
): {language: Language; subject: string; text: string; links: Record<string, string>} {
  const lang: Language = m.language === 'en' ? 'en' : 'es';
  const links = Object.fromEntries(
    Object.entries(m.links ?? {}).map(([k, link]) => [k, linkInLanguage(link, lang)]),
  );
  // The clinic's phone written out ("+52 55 5555 0134") with the phone tools, as stored without them.
  const phone = messagePhone(clinic.phone, clinic.phoneTools);
  const vars: MessageVars = {clinic: clinic.name, phone, ...m.vars};
  const own = clinic.messages?.[m.kind]?.[lang];
  const [subject, body] = own
    ? clinicText(own, m.kind, m.channel, lang, vars)
    : builtIn(m.template ?? m.kind, m.channel, lang, vars, links, clinic.voiceNote);
  // A link the text does not show yet goes at the end, each on its own line.
  const rest = actionLines(links, lang).filter(
    (line) => !body.includes(line.slice(line.lastIndexOf(' ') + 1)),
  );
  const text = rest.length > 0 ? `${body}\n\n${rest.join('\n')}` : body;
  return {language: lang, subject, text, links};
}

/** Each link as a line of text: the confirm and cancel links named, the others bare. */
function actionLines(links: Readonly<Record<string, string>>, lang: Language): string[] {
  const es = lang === 'es';
  const lines: string[] = [];
  if (links.confirm) lines.push(`${es ? 'Confirmar asistencia' : 'Confirm attendance'}: ${links.confirm}`);
  if (links.cancel) lines.push(`${es ? 'Cancelar la cita' : 'Cancel the appointment'}: ${links.cancel}`);
  for (const [key, link] of Object.entries(links))
    if (key !== 'confirm' && key !== 'cancel') lines.push(link);
  return lines;
}

function clinicText(
  own: MessageTemplate,
  kind: MessageKind,
  channel: MessageChannel,
  lang: Language,
  vars: MessageVars,
): [string, string] {
  const short = channel === 'sms' || channel === 'voice';
  const subject =
    own.subject !== undefined
      ? fillTemplate(own.subject, vars, true).replace(CONTROL, ' ')
      : builtIn(kind, channel, lang, vars, {}, undefined)[0];
  const text = short && own.sms !== undefined ? own.sms : own.text;
  // A clinic text that does not say the patient's own time gets it on a line of its own.
  const ownTime =
    vars.yourTime && !/\{\{\s*yourTime\s*\}\}/.test(text)
      ? `\n${lang === 'en' ? 'Your time' : 'Su hora'}: ${fillTemplate('{{yourTime}}', vars)}`
      : '';
  return [subject, fillTemplate(text, vars) + ownTime];
}

/** The built-in texts. */
function builtIn(
  template: TemplateName,
  channel: MessageChannel,
  lang: Language,
  v: MessageVars,
  links: Readonly<Record<string, string>>,
  voiceNote: LocalizedText | undefined,
): [string, string] {
  const es = lang === 'es';
  const hello = v.name ? (es ? `Hola, ${v.name}:` : `Hello ${v.name},`) : es ? 'Hola:' : 'Hello,';
  const bye = es ? `Atentamente,\n${v.clinic}\n${v.phone}` : `Kind regards,\n${v.clinic}\n${v.phone}`;
  const body = (...lines: string[]) => [hello, '', ...lines, '', bye].join('\n');
  const when = v.zone ? `${v.when} (${v.zone})` : v.when;
  const detail = () =>
    [
      `${es ? 'Fecha y hora' : 'Date and time'}: ${when}`,
      v.yourTime ? `${es ? 'Su hora' : 'Your time'}: ${v.yourTime}` : '',
      `${es ? 'Servicio' : 'Service'}: ${v.services}`,
      `${es ? 'Profesional' : 'Provider'}: ${v.provider}`,
      v.where ? `${es ? 'Lugar' : 'Where'}: ${v.where}` : '',
    ].filter(Boolean);
  // The emailed confirm and cancel links (a reminder's; a guest booking's, which only they make the account's).
  const confirmCancel = () =>
    actionLines(
      {...(links.confirm ? {confirm: links.confirm} : {}), ...(links.cancel ? {cancel: links.cancel} : {})},
      lang,
    );
  const portal = (label: string) => (links.portal ? [`${label}: ${links.portal}`] : []);
  const short = `${v.services}, ${when}${v.yourTime ? `; ${es ? 'su hora' : 'your time'}: ${v.yourTime}` : ''}`;
  const voice = channel === 'voice' && voiceNote ? ` ${textIn(voiceNote, lang)}` : '';
  switch (template) {
    case 'invitation':
      return [
        es
          ? `${v.clinic}: cree su cuenta del portal del paciente`
          : `${v.clinic}: create your patient portal account`,
        body(
          es
            ? `${v.clinic} le invita a su portal del paciente: sus citas, recordatorios y consultas por video en un solo lugar.`
            : `${v.clinic} invites you to its patient portal: your appointments, reminders and video visits in one place.`,
          '',
          `${es ? 'Crear mi cuenta' : 'Create my account'}: ${links['create-account'] ?? ''}`,
          '',
          es
            ? 'El enlace sirve una sola vez y vence en 30 días.'
            : 'The link works once and expires in 30 days.',
        ),
      ];
    case 'verification':
      return [
        es ? `${v.clinic}: confirme su correo electrónico` : `${v.clinic}: confirm your email address`,
        body(
          es
            ? 'Para activar su cuenta del portal, confirme su correo:'
            : 'To activate your portal account, confirm your email:',
          links.verify ?? '',
          '',
          es
            ? 'Si usted no creó una cuenta, puede ignorar este mensaje.'
            : 'If you did not create an account, you can ignore this message.',
        ),
      ];
    case 'account-notice':
    case 'account-exists':
      return [
        es ? `${v.clinic}: ya tiene una cuenta` : `${v.clinic}: you already have an account`,
        body(
          es
            ? 'Alguien intentó crear una cuenta del portal con este correo, pero usted ya tiene una.'
            : 'Someone tried to create a portal account with this email address, but you already have one.',
          ...(links['sign-in'] ? [`${es ? 'Iniciar sesión' : 'Sign in'}: ${links['sign-in']}`] : []),
          es
            ? '¿Olvidó su contraseña? Use «Ayuda, no puedo iniciar sesión» en la misma página.'
            : 'Forgot your password? Use "Help, I can\'t sign in" on the same page.',
          '',
          es
            ? 'Si no fue usted, puede ignorar este mensaje.'
            : 'If this was not you, you can ignore this message.',
        ),
      ];
    case 'password-reset':
      return [
        es ? `${v.clinic}: restablezca su contraseña` : `${v.clinic}: reset your password`,
        body(
          es
            ? 'Recibimos una solicitud para restablecer su contraseña.'
            : 'We received a request to reset your password.',
          `${es ? 'Crear una nueva contraseña' : 'Create a new password'}: ${links.reset ?? ''}`,
          '',
          es
            ? 'El enlace sirve una sola vez y vence en 60 minutos. Si usted no lo solicitó, ignore este mensaje.'
            : 'The link works once and expires in 60 minutes. If you did not ask for it, ignore this message.',
        ),
      ];
    case 'phone-code':
    case 'sign-in-code': {
      const text = es
        ? `${v.code} es su código de ${v.clinic}. Vence en 10 minutos. No lo comparta con nadie.`
        : `${v.code} is your ${v.clinic} code. It expires in 10 minutes. Do not share it with anyone.`;
      return [es ? `Su código de ${v.clinic}` : `Your ${v.clinic} code`, text];
    }
    case 'booking-confirmation':
      if (channel !== 'email') {
        return [
          es ? 'Cita reservada' : 'Appointment booked',
          es
            ? `${v.clinic}: su cita quedó reservada: ${short}.`
            : `${v.clinic}: your appointment is booked: ${short}.`,
        ];
      }
      return [
        es ? `${v.clinic}: su cita quedó reservada` : `${v.clinic}: your appointment is booked`,
        body(
          es ? 'Su cita quedó reservada:' : 'Your appointment is booked:',
          ...detail(),
          // Everything relevant in the confirmation: the deposit paid (#23 item 7).
          ...(v.deposit ? [`${es ? 'Anticipo pagado' : 'Deposit paid'}: ${v.deposit}`] : []),
          '',
          ...confirmCancel(),
          ...portal(es ? 'Ver o cambiar su cita en el portal' : 'See or change it in the portal'),
        ),
      ];
    case 'cancellation':
      return [
        es ? `${v.clinic}: su cita fue cancelada` : `${v.clinic}: your appointment was cancelled`,
        body(
          es ? 'Su cita quedó cancelada:' : 'Your appointment is cancelled:',
          ...detail(),
          ...(v.fee
            ? ['', es ? `Cargo por cancelación tardía: ${v.fee}` : `Late cancellation fee: ${v.fee}`]
            : []),
          ...(links.portal ? [''] : []),
          ...portal(es ? 'Reservar otra cita' : 'Book another appointment'),
        ),
      ];
    case 'reschedule':
      return [
        es ? `${v.clinic}: su cita cambió de horario` : `${v.clinic}: your appointment was rescheduled`,
        body(es ? 'Su cita ahora es:' : 'Your appointment is now:', ...detail()),
      ];
    case 'reminder': {
      if (channel === 'email') {
        return [
          es ? `${v.clinic}: recordatorio de su cita` : `${v.clinic}: appointment reminder`,
          body(
            es ? 'Le recordamos su cita:' : 'This is a reminder of your appointment:',
            ...detail(),
            '',
            ...confirmCancel(),
          ),
        ];
      }
      const noActions = es
        ? 'Este mensaje no permite confirmar ni cancelar: use el enlace del correo o el portal.'
        : 'This message cannot confirm or cancel: use the link in the email or the portal.';
      return [
        es ? 'Recordatorio de cita' : 'Appointment reminder',
        `${v.clinic}: ${es ? 'recordatorio de su cita' : 'reminder of your appointment'}: ${short}. ${noActions}${voice}`,
      ];
    }
    case 'waitlist-offer': {
      // Only the time and the provider, never the visit's services (no clinical details).
      const held = es
        ? `La guardamos ${v.minutes} minutos para los pacientes de la lista de espera: la primera persona en confirmarla la reserva.`
        : `It is held for ${v.minutes} minutes for the patients on the waitlist: the first to confirm books it.`;
      if (channel === 'email')
        return [
          es ? `${v.clinic}: se liberó un horario antes` : `${v.clinic}: an earlier time opened`,
          body(
            es
              ? 'Se liberó un horario de los que pidió en la lista de espera:'
              : 'A time you asked for on the waitlist has opened:',
            `${es ? 'Fecha y hora' : 'Date and time'}: ${when}`,
            `${es ? 'Profesional' : 'Provider'}: ${v.provider}`,
            '',
            held,
            ...(links.offer
              ? ['', `${es ? 'Reservar este horario' : 'Book this time'}: ${links.offer}`]
              : []),
          ),
        ];
      return [
        es ? 'Horario disponible' : 'Time available',
        es
          ? `${v.clinic}: se liberó un horario el ${when}. Resérvelo con el enlace de su correo en los próximos ${v.minutes} minutos.`
          : `${v.clinic}: a time opened on ${when}. Book it with the link in your email within ${v.minutes} minutes.`,
      ];
    }
    case 'fee-charged':
      // What was charged, to which card, for which visit: nothing clinical beyond the other
      // appointment emails (service, provider, time).
      return [
        `${v.clinic}: ${v.charge}`,
        body(
          v.card
            ? es
              ? `Cargamos ${v.fee} a su ${v.card} (${v.charge}), según la política de cancelación que aceptó al reservar.`
              : `We charged ${v.fee} to your ${v.card} (${v.charge}), under the cancellation policy you accepted when booking.`
            : es
              ? `No pudimos cargar ${v.fee} (${v.charge}) a su tarjeta: queda pendiente en su factura del portal.`
              : `We could not charge ${v.fee} (${v.charge}) to your card: it is due on your invoice in the portal.`,
          '',
          ...detail(),
          ...(links.portal ? [''] : []),
          ...portal(es ? 'Ver la factura en el portal' : 'See the invoice in the portal'),
        ),
      ];
    case 'message-reply':
      // Never the message's words: a mailbox is not a safe place for them (issue #21).
      return [
        es ? `${v.clinic}: tiene un mensaje nuevo` : `${v.clinic}: you have a new message`,
        body(
          es
            ? 'La clínica respondió a su mensaje. Por su privacidad, la respuesta solo se puede leer en el portal.'
            : 'The clinic answered your message. For your privacy, the answer can only be read in the portal.',
          ...(links.portal ? ['', `${es ? 'Leer el mensaje' : 'Read the message'}: ${links.portal}`] : []),
        ),
      ];
    case 'document-new':
      // Never the document's name, kind or content: a mailbox is not a safe place for them (#19).
      return [
        es
          ? `${v.clinic}: tiene un documento nuevo en el portal`
          : `${v.clinic}: a new document is available in your portal`,
        body(
          es
            ? 'La clínica añadió un documento nuevo a su portal del paciente. Por su privacidad, solo se puede ver en el portal, después de iniciar sesión.'
            : 'The clinic added a new document to your patient portal. For your privacy, it can only be seen in the portal, after signing in.',
          ...(links.portal
            ? ['', `${es ? 'Ver sus documentos' : 'See your documents'}: ${links.portal}`]
            : []),
        ),
      ];
    case 'test-reminder': {
      const text = es
        ? `Este es un recordatorio de prueba de ${v.clinic}. Así recibirá sus recordatorios de citas.`
        : `This is a test reminder from ${v.clinic}. This is how your appointment reminders will arrive.`;
      return [
        es ? 'Recordatorio de prueba' : 'Test reminder',
        channel === 'email' ? body(text) : `${text}${voice}`,
      ];
    }
  }
}
