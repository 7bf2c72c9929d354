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
import {checkAddress, type PostalAddress} from './address.js';
import {EMAIL_RE, NAME_MAX, codePoints, patientDetailsProblems} from './validation.js';

/** The details a patient may change on their profile without proof (phone and email need it). */
export const PROFILE_EDITABLE = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'language',
  'preferredName',
  'address',
] as const;
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

/** The details a clinic may keep as it holds them (`Clinic.identityReadOnly`): her legal name and date of birth. */
export const IDENTITY_FIELDS = ['givenName', 'familyName', 'dateOfBirth'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Which of her details the patient can't change online at this clinic. */
export function profileReadOnly(clinic: {readonly identityReadOnly?: boolean}): readonly IdentityField[] {
  return clinic.identityReadOnly ? IDENTITY_FIELDS : [];
}

/** The longest preferred name ("Anita", "Lupita", "Chema"), in characters: as long as a name may be. */
export const PREFERRED_NAME_MAX = NAME_MAX;

/**
 * The name the clinic greets a patient by — in the portal ("Hello, Anita") and in every message
 * it sends her ("Hola, Anita: …"): her preferred name when she gave one, else her given name.
 */
export function nameToGreet(p: {givenName: string; preferredName?: string | null}): string {
  return p.preferredName?.trim() || p.givenName;
}

/** A profile update once checked: each field to store, normalized; `null` clears a preferred name or an address. */
export interface ProfileChanges {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: PlainDate;
  language?: Language;
  preferredName?: string | null;
  address?: PostalAddress | null;
}

/**
 * Checks a profile update from outside (a form, a request body) against the booking and
 * registration rules (`patientDetailsProblems`) for the fields it sets, the address rule
 * (`checkAddress`, its reasons as `address.<field>`), a preferred name's length, and the clinic's
 * read-only details (`read-only` for a change to one; the same value again is fine). Unknown
 * fields are `invalid`. An empty preferred name, or a `null` address, clears it.
 */
export function checkProfileUpdate(
  update: unknown,
  current: Omit<PatientDetails, 'phone'>,
  today: PlainDate,
  readOnly: readonly IdentityField[] = [],
):
  | {readonly ok: true; readonly changes: ProfileChanges}
  | {readonly ok: false; readonly fields: Readonly<Record<string, FieldErrorCode>>} {
  if (!update || typeof update !== 'object' || Array.isArray(update))
    return {ok: false, fields: {update: 'invalid'}};
  const u = update as Record<string, unknown>;
  const fields: Record<string, FieldErrorCode> = {};
  const keys = Object.keys(u);
  for (const k of keys) if (!(PROFILE_EDITABLE as readonly string[]).includes(k)) fields[k] = 'invalid';
  const changes: ProfileChanges = {};
  const details = keys.filter((k) => (IDENTITY_FIELDS as readonly string[]).includes(k) || k === 'language');
  if (details.length > 0) {
    const merged = {...current, phone: '+525555555555'} as Record<string, unknown>;
    for (const k of details) merged[k] = u[k];
    const problems = patientDetailsProblems(merged as unknown as PatientDetails, '', today);
    for (const k of details) {
      const value = typeof u[k] === 'string' ? (u[k] as string).trim() : u[k];
      if (problems[k]) fields[k] = problems[k];
      else if ((readOnly as readonly string[]).includes(k) && value !== current[k as IdentityField])
        fields[k] = 'read-only';
      else (changes as Record<string, unknown>)[k] = value;
    }
  }
  if ('preferredName' in u) {
    const v = u.preferredName;
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))
      changes.preferredName = null;
    else if (typeof v !== 'string') fields.preferredName = 'invalid';
    else {
      const name = v.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (codePoints(name) > PREFERRED_NAME_MAX) fields.preferredName = 'too-long';
      else changes.preferredName = name;
    }
  }
  if ('address' in u) {
    if (u.address === null) changes.address = null;
    else {
      const checked = checkAddress(u.address);
      if (checked.ok) changes.address = checked.address;
      else for (const [k, code] of Object.entries(checked.fields)) fields[`address.${k}`] = code;
    }
  }
  return Object.keys(fields).length > 0 ? {ok: false, fields} : {ok: true, changes};
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
 * The text of a profile message. `vars`: `clinic`, `phone` (the clinic's), `name` (the name she
 * is greeted by, `nameToGreet`), `email` (the new address, masked, for the old address's notices).
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
