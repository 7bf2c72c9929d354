/**
 * The message kinds a clinic's configuration file may give its own texts for (`messages`, see
 * `server/clinic-config.schema.yaml`), in the order the file documents them. The texts themselves,
 * their placeholders and how a message is composed are every backend's: `src/domain/message-texts.ts`.
 *
 * Clinic texts name values with placeholders, `{{name}}`: each kind has its own list
 * (`MESSAGE_PLACEHOLDERS`). Values go in as plain text, in one pass — a value that looks like a
 * placeholder stays as it is, nothing in it is interpreted, and control characters (line breaks in
 * a subject) become spaces. The links of a message (confirm/cancel, create account, verify, reset,
 * portal) are always added after a clinic's text, in the built-in words.
 */
import type {MessageKind} from '../src/domain/message-texts.js';

export {
  MESSAGE_PLACEHOLDERS,
  fillTemplate,
  unknownPlaceholders,
  type ClinicMessages,
  type MessageKind,
  type MessageTemplate,
} from '../src/domain/message-texts.js';

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
  'message-reply',
  'document-new',
  'waitlist-offer',
  'fee-charged',
];
