/**
 * The patient's own profile, the same for every backend: which changes to their details are valid
 * (the booking and registration rules, field by field), what an email change asks for, how long
 * its link lives, and the texts of the messages a profile change sends (in the patient's
 * language). The memory adapter and the reference server both import these; neither has its own.
 */
import type {FieldErrorCode} from '../errors.js';
import {HOUR_MS} from '../time.js';
import type {Language, PatientDetails, PlainDate} from '../types.js';
import {emailKey} from './accounts.js';
import {EMAIL_RE, patientDetailsProblems} from './validation.js';

/** The details a patient may change on their profile without proof (phone and email need it). */
export const PROFILE_EDITABLE = ['givenName', 'familyName', 'dateOfBirth', 'language'] as const;
export type ProfileEditableField = (typeof PROFILE_EDITABLE)[number];

/** How long a "confirm your new email address" link works. */
export const EMAIL_CHANGE_TTL_MS = 24 * HOUR_MS;
/**
 * One email change request per patient per minute: each sends two emails. The minute counts from
 * the last request whatever happened to it, so a taken address (which gets no link) is limited alike.
 */
export const EMAIL_CHANGE_INTERVAL_MS = 60_000;

/** Seconds to wait before another email change request, given when the last one was made (epoch ms). */
export function emailChangeWait(lastRequestAt: number | undefined, now: number): number {
  if (lastRequestAt === undefined) return 0;
  const left = lastRequestAt + EMAIL_CHANGE_INTERVAL_MS - now;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/**
 * What is wrong with a profile update: the same rules as booking and registration
 * (`patientDetailsProblems`), for the fields the update sets. Unknown fields are `invalid`.
 */
export function profileUpdateProblems(
  update: Readonly<Record<string, unknown>>,
  current: Omit<PatientDetails, 'phone'>,
  today: PlainDate,
): Record<string, FieldErrorCode> {
  const fields: Record<string, FieldErrorCode> = {};
  if (!update || typeof update !== 'object' || Array.isArray(update)) return {update: 'invalid'};
  const keys = Object.keys(update);
  for (const k of keys) if (!(PROFILE_EDITABLE as readonly string[]).includes(k)) fields[k] = 'invalid';
  const merged = {...current, phone: '+525555555555', ...update} as PatientDetails;
  const problems = patientDetailsProblems(merged, '', today);
  for (const k of keys) if (problems[k]) fields[k] = problems[k];
  return fields;
}

/** What is wrong with a requested new email address (`newEmail`), given the current one. */
export function emailChangeProblems(newEmail: unknown, currentEmail: string): Record<string, FieldErrorCode> {
  if (typeof newEmail !== 'string' || newEmail.trim() === '') return {newEmail: 'required'};
  const email = newEmail.trim();
  if (email.length > 254 || !EMAIL_RE.test(email)) return {newEmail: 'invalid-email'};
  if (emailKey(email) === emailKey(currentEmail)) return {newEmail: 'duplicate'};
  return {};
}

/** A message a profile change sends: its subject and text, in the patient's language. */
export interface ProfileMessage {
  readonly subject: string;
  readonly text: string;
}

export type ProfileMessageKind =
  /** To the new address: the link that makes the change. */
  | 'email-change-confirm'
  /** To the new address when another account already uses it: nothing changes, nothing revealed to the requester. */
  | 'email-change-taken'
  /** To the old address, when the change is asked for and when it is made. */
  | 'email-change-requested'
  | 'email-changed'
  /** To the address on file after the password changed. */
  | 'password-changed';

/**
 * The text of a profile message. `vars`: `clinic`, `phone` (the clinic's), `name` (the patient's
 * given name), `email` (the new address, masked, for the old address's notices).
 */
export function profileMessage(
  kind: ProfileMessageKind,
  language: Language,
  vars: Readonly<Record<string, string>>,
): ProfileMessage {
  const v = (k: string) => vars[k] ?? '';
  const es = language !== 'en';
  const sign = es
    ? `\n\nSi usted no lo pidió, llame a ${v('clinic')} al ${v('phone')}.`
    : `\n\nIf this wasn't you, call ${v('clinic')} at ${v('phone')}.`;
  switch (kind) {
    case 'email-change-confirm':
      return es
        ? {
            subject: `Confirme su nuevo correo en ${v('clinic')}`,
            text: `Hola, ${v('name')}: para usar esta dirección en su cuenta del portal, abra el enlace de abajo. Hasta entonces seguimos usando la anterior. El enlace vence en 24 horas.`,
          }
        : {
            subject: `Confirm your new email address at ${v('clinic')}`,
            text: `Hello ${v('name')}, to use this address for your portal account, open the link below. Until then we keep using your previous one. The link expires in 24 hours.`,
          };
    case 'email-change-taken':
      return es
        ? {
            subject: `Cambio de correo en ${v('clinic')}`,
            text: `Alguien pidió usar esta dirección para otra cuenta del portal de ${v('clinic')}. Ya tiene una cuenta con esta dirección, así que no cambiamos nada.${sign}`,
          }
        : {
            subject: `Email change at ${v('clinic')}`,
            text: `Someone asked to use this address for another portal account at ${v('clinic')}. You already have an account with this address, so nothing changed.${sign}`,
          };
    case 'email-change-requested':
      return es
        ? {
            subject: `Pidió cambiar su correo en ${v('clinic')}`,
            text: `Hola, ${v('name')}: se pidió cambiar el correo de su cuenta a ${v('email')}. El cambio se hace solo cuando se confirme desde esa dirección.${sign}`,
          }
        : {
            subject: `You asked to change your email at ${v('clinic')}`,
            text: `Hello ${v('name')}, someone asked to change your account's email to ${v('email')}. It changes only once that address confirms it.${sign}`,
          };
    case 'email-changed':
      return es
        ? {
            subject: `Su correo cambió en ${v('clinic')}`,
            text: `Hola, ${v('name')}: el correo de su cuenta del portal ahora es ${v('email')}. Ya no enviaremos mensajes a esta dirección.${sign}`,
          }
        : {
            subject: `Your email changed at ${v('clinic')}`,
            text: `Hello ${v('name')}, your portal account's email is now ${v('email')}. We won't send messages to this address any more.${sign}`,
          };
    case 'password-changed':
      return es
        ? {
            subject: `Su contraseña cambió en ${v('clinic')}`,
            text: `Hola, ${v('name')}: la contraseña de su cuenta del portal cambió y cerramos sus otras sesiones.${sign}`,
          }
        : {
            subject: `Your password changed at ${v('clinic')}`,
            text: `Hello ${v('name')}, your portal account's password changed and your other sessions were signed out.${sign}`,
          };
  }
}

/** Fragment key of the "confirm your new email address" link: `…#portal-email-change=TOKEN`. */
export const EMAIL_CHANGE_FRAGMENT = 'portal-email-change';
