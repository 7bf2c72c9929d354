/**
 * Messages with the clinic (`<patient-messages>`, issue #21), once: the topics a clinic offers, the
 * length of a message, the clinic's reply-time promise, the emergency number of the clinic's country,
 * and what a conversation and its unread count are. The memory adapter and the reference server
 * both check requests with {@link checkNewConversation} / {@link checkMessageBody} and count unread
 * messages with {@link unreadCount}; the element reads {@link MessagingSettings} from the list.
 *
 * A message's text is stored and shown exactly as written (plain text, never markup): only
 * surrounding white space is trimmed, and control characters other than line breaks and tabs are
 * refused.
 */
import type {DocumentContentType} from '../documents.js';
import {ValidationError, type FieldErrorCode} from '../errors.js';
import type {Instant} from '../types.js';
import {fileProblem, sanitizeFileName, sniffContentType} from './documents.js';

/** Every topic a clinic may offer, in the order the element lists them. */
export const MESSAGE_TOPICS = ['appointments', 'billing', 'results', 'general'] as const;
export type MessageTopic = (typeof MESSAGE_TOPICS)[number];

/** A message's longest text (characters, after trimming). */
export const MESSAGE_MAX_LENGTH = 2000;
/** The clinic's promise when it sets none: "We usually answer within 2 working days". */
export const DEFAULT_REPLY_WORKING_DAYS = 2;

/** The most files one message carries. */
export const MESSAGE_MAX_ATTACHMENTS = 3;

/** A file sent with a message (its bytes come with `downloadAttachment`). */
export interface MessageAttachment {
  readonly id: string;
  /** The original name, cleaned as a document's (`sanitizeFileName`). */
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  /** Bytes. */
  readonly size: number;
}

/** A file the patient attaches: its name as chosen and its bytes as read from the file input. */
export interface AttachmentUpload {
  readonly fileName: string;
  readonly content: Uint8Array;
}

/** Who wrote a message: the patient or someone at the clinic. */
export type MessageRole = 'patient' | 'clinic';

export interface ChatMessage {
  readonly id: string;
  readonly body: string;
  readonly sentAt: Instant;
  readonly author: {
    readonly name: string;
    readonly role: MessageRole;
    /** The clinic member's job ("Recepción", "Dra."), as the clinic wrote it. */
    readonly title?: string;
  };
  /** Written by the signed-in patient. */
  readonly own: boolean;
  /** The files sent with it, in the order they were attached (absent: none). */
  readonly attachments?: readonly MessageAttachment[];
}

/** One conversation in the list: its topic, when it last moved, what the patient has not read. */
export interface ConversationSummary {
  readonly id: string;
  readonly topic: MessageTopic;
  readonly startedAt: Instant;
  readonly lastMessageAt: Instant;
  /** Who wrote the last message. */
  readonly lastRole: MessageRole;
  /** The clinic's messages the patient has not marked read. */
  readonly unread: number;
}

/** A conversation with every message, oldest first. */
export interface Conversation extends ConversationSummary {
  readonly messages: readonly ChatMessage[];
}

/** What the clinic tells a patient before she writes (the element shows it above a new conversation). */
export interface MessagingSettings {
  /** The topics the clinic offers, in {@link MESSAGE_TOPICS} order. */
  readonly topics: readonly MessageTopic[];
  /** "We usually answer within N working days." */
  readonly replyWorkingDays: number;
  /** The emergency number of the clinic's country ({@link emergencyNumber}). */
  readonly emergencyNumber: string;
  readonly maxLength: number;
  /** How many files a message may carry (0: attachments are not offered). */
  readonly maxAttachments: number;
  /** The largest file (bytes): the clinic's upload limit, the same as a document's. */
  readonly maxAttachmentBytes: number;
}

/** What {@link PortalAdapter.listConversations} answers: newest activity first, the unread total. */
export interface ConversationList {
  readonly conversations: readonly ConversationSummary[];
  readonly unread: number;
  readonly settings: MessagingSettings;
}

export interface NewConversation {
  readonly topic: MessageTopic;
  readonly body: string;
  /** Files sent with the first message (at most `settings.maxAttachments`). */
  readonly attachments?: readonly AttachmentUpload[];
}

/** A reply with files: `replyToConversation`'s second argument when it carries any. */
export interface MessageReply {
  readonly body: string;
  readonly attachments?: readonly AttachmentUpload[];
}

/** The clinic's messaging configuration (`ClinicData.messaging`, the server's `messaging` key). */
export interface MessagingConfig {
  readonly topics?: readonly MessageTopic[];
  readonly replyWorkingDays?: number;
}

/**
 * The emergency number to call in the clinic's country: 911 in Mexico, the United States and
 * Canada (and the other countries of the Americas that use it), 112 in Spain and the rest of the
 * European Union; 112 elsewhere (GSM phones route it to the local emergency service).
 */
export function emergencyNumber(country: string): string {
  return NINE_ONE_ONE.has(String(country).toUpperCase()) ? '911' : '112';
}
const NINE_ONE_ONE = new Set([
  'MX',
  'US',
  'CA',
  'AR',
  'CO',
  'CR',
  'EC',
  'GT',
  'HN',
  'PA',
  'PE',
  'PY',
  'SV',
  'UY',
  'PR',
]);

/**
 * The settings a backend answers, from the clinic's configuration (sane defaults for the rest);
 * `maxUploadBytes` is the clinic's document upload limit (`maxUploadBytes` of `rules/documents.ts`),
 * the largest attachment too — absent, the backend keeps no files and offers no attachments.
 */
export function messagingSettings(
  config: MessagingConfig | undefined,
  country: string,
  maxUploadBytes?: number,
): MessagingSettings {
  const topics = MESSAGE_TOPICS.filter((t) => !config?.topics || config.topics.includes(t));
  const days = config?.replyWorkingDays;
  return {
    topics: topics.length > 0 ? topics : [...MESSAGE_TOPICS],
    replyWorkingDays:
      days !== undefined && Number.isInteger(days) && days >= 1 && days <= 30
        ? days
        : DEFAULT_REPLY_WORKING_DAYS,
    emergencyNumber: emergencyNumber(country),
    maxLength: MESSAGE_MAX_LENGTH,
    maxAttachments: maxUploadBytes ? MESSAGE_MAX_ATTACHMENTS : 0,
    maxAttachmentBytes: maxUploadBytes ?? 0,
  };
}

/** What a backend stores for an accepted attachment (the bytes are the caller's `content`). */
export interface CheckedAttachment {
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly size: number;
  readonly content: Uint8Array;
}

/**
 * Checks the files of a message from an untrusted caller with the documents' upload rule (the
 * same allow-list by first bytes, size limit and name cleaning: `fileProblem`, `sanitizeFileName`):
 * at most `settings.maxAttachments` (`attachments: too-many`; none offered: `attachments:
 * invalid`), each with a name (`attachments.N.fileName`: `required` / `too-long`) and bytes
 * (`attachments.N`: `required`, `file-empty`, `file-too-large`, `file-type`, `file-heic`). Throws
 * `ValidationError` with every reason, so nothing is stored; the files to store otherwise (none
 * for an absent list). `bytesOf` reads an entry's bytes (a backend decoding base64 gives its own).
 */
export function checkAttachments(
  list: unknown,
  settings: MessagingSettings,
  bytesOf: (entry: Record<string, unknown>) => Uint8Array | undefined = (e) =>
    e.content instanceof Uint8Array ? e.content : undefined,
): CheckedAttachment[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ValidationError({attachments: 'invalid'});
  if (list.length === 0) return [];
  if (settings.maxAttachments === 0) throw new ValidationError({attachments: 'invalid'});
  if (list.length > settings.maxAttachments) throw new ValidationError({attachments: 'too-many'});
  const errors: Record<string, FieldErrorCode> = {};
  const checked: CheckedAttachment[] = [];
  list.forEach((item: unknown, i) => {
    const entry = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const name = entry.fileName;
    if (typeof name !== 'string' || name.trim() === '') errors[`attachments.${i}.fileName`] = 'required';
    else if (name.length > 1000) errors[`attachments.${i}.fileName`] = 'too-long';
    const bytes = bytesOf(entry);
    const problem = bytes === undefined ? 'required' : fileProblem(bytes, settings.maxAttachmentBytes);
    if (problem) errors[`attachments.${i}`] = problem;
    if (!problem && typeof name === 'string' && name.trim() !== '' && name.length <= 1000) {
      const contentType = sniffContentType(bytes!) as DocumentContentType;
      checked.push({
        fileName: sanitizeFileName(name, contentType),
        contentType,
        size: bytes!.length,
        content: bytes!,
      });
    }
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return checked;
}

/** Control characters but line feed, carriage return and tab; unpaired surrogates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Cs}]/u;

/** Why a message's text is refused (`required`, `invalid`, `too-long`), or `undefined`. */
export function bodyProblem(body: unknown): FieldErrorCode | undefined {
  if (typeof body !== 'string') return body === undefined || body === null ? 'required' : 'invalid';
  const text = body.trim();
  if (text === '') return 'required';
  if (CONTROL.test(text)) return 'invalid';
  if ([...text].length > MESSAGE_MAX_LENGTH) return 'too-long';
  return undefined;
}

/** The text to store (trimmed, otherwise exactly as written); `ValidationError` on `body` otherwise. */
export function checkMessageBody(body: unknown): string {
  const problem = bodyProblem(body);
  if (problem) throw new ValidationError({body: problem});
  return (body as string).trim().replace(/\r\n?/g, '\n');
}

/**
 * Checks a new conversation from an untrusted caller: a topic the clinic offers and a first
 * message. `ValidationError` with every field's reason (`topic`, `body`), so nothing is stored.
 */
export function checkNewConversation(request: unknown, settings: MessagingSettings): NewConversation {
  const r = (request && typeof request === 'object' ? request : {}) as Record<string, unknown>;
  const errors: Record<string, FieldErrorCode> = {};
  const topic = r.topic;
  if (topic === undefined || topic === null || topic === '') errors.topic = 'required';
  else if (!(settings.topics as readonly unknown[]).includes(topic)) errors.topic = 'invalid';
  const problem = bodyProblem(r.body);
  if (problem) errors.body = problem;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {topic: topic as MessageTopic, body: checkMessageBody(r.body)};
}

/** The clinic's messages written after the patient last read the conversation. */
export function unreadCount(
  messages: readonly {readonly role: MessageRole; readonly sentMs: number}[],
  readMs: number | undefined,
): number {
  return messages.filter((m) => m.role === 'clinic' && m.sentMs > (readMs ?? -Infinity)).length;
}

/** Conversations with the latest activity first (ties: the id, so every backend agrees). */
export function byLatestActivity<T extends {readonly lastMessageAt: Instant; readonly id: string}>(
  list: readonly T[],
): T[] {
  return [...list].sort(
    (x, y) =>
      Date.parse(y.lastMessageAt) - Date.parse(x.lastMessageAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
}
