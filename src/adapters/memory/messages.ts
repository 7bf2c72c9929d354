/**
 * What the memory backend sends, as text: every message's subject and body, in the patient's
 * language (server-side data, not the elements' catalog). Loaded on first use, in its own chunk:
 * a booking page does not need it until the patient books or asks for a code.
 */
import {linkInLanguage, messageTimes} from '../../domain/messages.js';
import type {Language, LocalizedText, Money} from '../../domain/types.js';
import type {AppointmentRecord} from './internals.js';
import type {OutboxChannel, OutboxKind} from './outbox.js';
import type {MemoryState} from './state.js';

/** Composes a message in the patient's language and puts it in the outbox. */
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
  const lang: Language = language === 'en' ? 'en' : 'es';
  const template = m.template ?? m.kind;
  const vars = {clinic: memory.data.clinic.name, phone: memory.data.clinic.phone, ...m.vars};
  // Links carry the message's language, so the page they open speaks it.
  const links = Object.fromEntries(
    Object.entries(m.links ?? {}).map(([k, link]) => [k, linkInLanguage(link, lang)]),
  );
  const [subject, text] = compose(
    template,
    m.channel,
    lang,
    vars,
    links,
    memory.data.clinic.reminders.voiceCallerNote,
  );
  memory.outbox.push({
    id: `msg_${(++memory.messageSeq).toString().padStart(4, '0')}`,
    channel: m.channel,
    to: m.to,
    at: memory.instant(memory.clock()),
    language: lang,
    kind: m.kind,
    subject,
    text,
    links,
    ...(m.code !== undefined ? {code: m.code} : {}),
  });
}

/** The appointment's details as message variables, in the patient's language. */
export function appointmentVars(
  memory: MemoryState,
  a: AppointmentRecord,
  lang: Language,
): Record<string, string> {
  const clinic = memory.data.clinic;
  const {when, yourTime} = messageTimes(a.start, lang, clinic.timeZone, a.patientTimeZone);
  const zone =
    memory.data.timeZoneLabel?.[lang] ??
    (clinic.timeZone.split('/').pop() ?? clinic.timeZone).replace(/_/g, ' ');
  const services = a.serviceIds
    .map((id) => {
      const name = memory.service(id)?.name;
      return name?.[lang] ?? name?.[Object.keys(name)[0]] ?? id;
    })
    .join(' + ');
  const provider = memory.data.catalog.providers.find((p) => p.id === a.providerId)?.name ?? '';
  const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
  const where =
    a.mode === 'video'
      ? lang === 'es'
        ? 'Consulta por video: el enlace aparece en el portal 15 minutos antes.'
        : 'Video visit: the link appears in the portal 15 minutes before.'
      : location
        ? `${location.name[lang] ?? location.name[Object.keys(location.name)[0]]}, ${location.address}`
        : '';
  const name = memory.patients.get(a.patientId)?.givenName ?? '';
  return {name, when: `${when} (${zone})`, yourTime, services, provider, where};
}

/** An amount of money for a message, in the patient's language. */
export function money(m: Money, lang: Language): string {
  const fmt = new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', {
    style: 'currency',
    currency: m.currency,
  });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(m.amountMinor / 10 ** digits);
}

// ---------------------------------------------------------------------------------------------
// Message texts

/** A message's text: its kind's, or a variant (`account-exists` is an `account-notice`). */
export type TemplateName = OutboxKind | 'account-exists';

function compose(
  template: TemplateName,
  channel: OutboxChannel,
  lang: Language,
  v: Readonly<Record<string, string>>,
  links: Readonly<Record<string, string>>,
  voiceNote: LocalizedText | undefined,
): [string, string] {
  const es = lang === 'es';
  const hello = v.name ? (es ? `Hola, ${v.name}:` : `Hello ${v.name},`) : es ? 'Hola:' : 'Hello,';
  const bye = es ? `Atentamente,\n${v.clinic}\n${v.phone}` : `Kind regards,\n${v.clinic}\n${v.phone}`;
  const body = (...lines: string[]) => [hello, '', ...lines, '', bye].join('\n');
  const detail = () =>
    [
      `${es ? 'Fecha y hora' : 'Date and time'}: ${v.when}`,
      v.yourTime ? `${es ? 'Su hora' : 'Your time'}: ${v.yourTime}` : '',
      `${es ? 'Servicio' : 'Service'}: ${v.services}`,
      `${es ? 'Profesional' : 'Provider'}: ${v.provider}`,
      v.where ? `${es ? 'Lugar' : 'Where'}: ${v.where}` : '',
    ].filter(Boolean);
  // The emailed confirm and cancel links (a reminder's; a guest booking's, which only they make the account's).
  const actions = () => [
    ...(links.confirm ? [`${es ? 'Confirmar asistencia' : 'Confirm attendance'}: ${links.confirm}`] : []),
    ...(links.cancel ? [`${es ? 'Cancelar la cita' : 'Cancel the appointment'}: ${links.cancel}`] : []),
  ];
  const short = `${v.services}, ${v.when}${v.yourTime ? `; ${es ? 'su hora' : 'your time'}: ${v.yourTime}` : ''}`;
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
          `${es ? 'Crear mi cuenta' : 'Create my account'}: ${links['create-account']}`,
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
          `${es ? 'Iniciar sesión' : 'Sign in'}: ${links['sign-in']}`,
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
          `${es ? 'Crear una nueva contraseña' : 'Create a new password'}: ${links.reset}`,
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
          '',
          ...actions(),
          `${es ? 'Ver o cambiar su cita en el portal' : 'See or change it in the portal'}: ${links.portal ?? ''}`,
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
          '',
          `${es ? 'Reservar otra cita' : 'Book another appointment'}: ${links.portal ?? ''}`,
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
            ...actions(),
          ),
        ];
      }
      const noActions = es
        ? 'Este mensaje no permite confirmar ni cancelar: use el enlace del correo o el portal.'
        : 'This message cannot confirm or cancel: use the link in the email or the portal.';
      const note = channel === 'voice' && voiceNote ? ` ${voiceNote[lang] ?? ''}` : '';
      return [
        es ? 'Recordatorio de cita' : 'Appointment reminder',
        `${v.clinic}: ${es ? 'recordatorio de su cita' : 'reminder of your appointment'}: ${short}. ${noActions}${note}`,
      ];
    }
    case 'test-reminder': {
      const text = es
        ? `Este es un recordatorio de prueba de ${v.clinic}. Así recibirá sus recordatorios de citas.`
        : `This is a test reminder from ${v.clinic}. This is how your appointment reminders will arrive.`;
      const note = channel === 'voice' && voiceNote ? ` ${voiceNote[lang] ?? ''}` : '';
      return [
        es ? 'Recordatorio de prueba' : 'Test reminder',
        channel === 'email' ? body(text) : `${text}${note}`,
      ];
    }
  }
}
