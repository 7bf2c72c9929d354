/**
 * The memory adapter's messages with the clinic (#21): each patient's conversations (seeded from
 * `loadConversations`), checked by the domain's rules (`domain/rules/messages.ts`), and the
 * clinic's side ({@link replyAsClinic}: the demo's and tests' staff) which emails the patient that
 * an answer is waiting, never the answer itself. Loaded on first use, in its own chunk.
 */
import {NetworkError, NotFoundError} from '../adapter.js';
import type {DocumentContent} from '../../domain/documents.js';
import {maxUploadBytes} from '../../domain/rules/documents.js';
import {
  byLatestActivity,
  checkAttachments,
  checkMessageBody,
  checkNewConversation,
  messagingSettings,
  unreadCount,
  type ChatMessage,
  type Conversation,
  type ConversationList,
  type ConversationSummary,
  type CheckedAttachment,
  type MessageAttachment,
  type MessageRole,
  type MessageTopic,
} from '../../domain/rules/messages.js';
import {deriveToken} from './crypto.js';
import {send} from './messages.js';
import type {MemoryState} from './state.js';
import {nameToGreet} from '../../domain/rules/profile.js';

interface MessageRecord {
  readonly id: string;
  readonly role: MessageRole;
  readonly author: string;
  readonly title?: string;
  readonly body: string;
  readonly sentMs: number;
  readonly attachments?: readonly AttachmentRecord[];
}

interface AttachmentRecord extends MessageAttachment {
  readonly content: Uint8Array;
}

interface ConversationRecord {
  readonly id: string;
  readonly patientId: string;
  readonly topic: MessageTopic;
  readonly startedMs: number;
  readonly messages: MessageRecord[];
  readMs?: number;
}

/** Each adapter's conversations, kept here so the adapter's first chunk does not carry them. */
const records = new WeakMap<MemoryState, Map<string, ConversationRecord>>();

const MINUTE = 60_000;

/** Seeds the clinic's conversations (once, as of the clock now) before the first messages call. */
export async function ready(memory: MemoryState): Promise<void> {
  if (records.has(memory)) return;
  let seeds: Awaited<ReturnType<NonNullable<typeof memory.data.loadConversations>>> | undefined;
  try {
    seeds = await memory.data.loadConversations?.();
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  if (records.has(memory)) return;
  const all = new Map<string, ConversationRecord>();
  const now = memory.clock();
  for (const c of seeds ?? []) {
    const email = memory.data.patients?.find((p) => p.key === c.patientKey)?.email;
    const patient = email === undefined ? undefined : memory.patientByEmail(email);
    if (!patient || c.messages.length === 0) continue;
    const id = `cnv_${deriveToken(memory.seed, 'conversation', `seed:${c.key}`).slice(0, 20)}`;
    const messages = c.messages.map((m, i) => ({
      id: `msg_${deriveToken(memory.seed, 'conversation-message', `seed:${c.key}:${i}`).slice(0, 20)}`,
      role: m.role,
      author: m.role === 'patient' ? `${patient.givenName} ${patient.familyName}` : (m.author ?? ''),
      ...(m.title ? {title: m.title} : {}),
      body: m.body,
      sentMs: now - m.minutesAgo * MINUTE,
    }));
    all.set(id, {
      id,
      patientId: patient.id,
      topic: c.topic,
      startedMs: messages[0]!.sentMs,
      messages,
      ...(c.read ? {readMs: now} : {}),
    });
  }
  records.set(memory, all);
}

/** Attachments with the documents' upload limit, where the clinic keeps documents. */
const settingsOf = (memory: MemoryState) =>
  messagingSettings(
    memory.data.messaging,
    memory.data.clinic.country,
    memory.caps.documents ? maxUploadBytes(memory.data.maxUploadBytes) : undefined,
  );

/** Checked files as kept (each with a fresh id, its own copy of the bytes). */
function attachmentRecords(memory: MemoryState, files: readonly CheckedAttachment[]) {
  return files.length === 0
    ? {}
    : {
        attachments: files.map((f) => ({
          id: `att_${memory.nextToken('message-attachment').slice(0, 20)}`,
          fileName: f.fileName,
          contentType: f.contentType,
          size: f.size,
          content: f.content.slice(),
        })),
      };
}

function own(memory: MemoryState) {
  memory.need(memory.caps.messages === true, 'messages');
  const all = records.get(memory);
  if (!all) throw new NotFoundError();
  return {patient: memory.requirePatient(), all};
}

function message(memory: MemoryState, m: MessageRecord): ChatMessage {
  return {
    id: m.id,
    body: m.body,
    sentAt: memory.instant(m.sentMs),
    author: {name: m.author, role: m.role, ...(m.title ? {title: m.title} : {})},
    own: m.role === 'patient',
    ...(m.attachments
      ? {
          attachments: m.attachments.map((a) => ({
            id: a.id,
            fileName: a.fileName,
            contentType: a.contentType,
            size: a.size,
          })),
        }
      : {}),
  };
}

function summary(memory: MemoryState, c: ConversationRecord): ConversationSummary {
  const last = c.messages[c.messages.length - 1]!;
  return {
    id: c.id,
    topic: c.topic,
    startedAt: memory.instant(c.startedMs),
    lastMessageAt: memory.instant(last.sentMs),
    lastRole: last.role,
    unread: unreadCount(c.messages, c.readMs),
  };
}

function mine(memory: MemoryState, id: string): {conversation: ConversationRecord; author: string} {
  const {patient, all} = own(memory);
  const conversation = all.get(String(id));
  if (!conversation || conversation.patientId !== patient.id) throw new NotFoundError();
  return {conversation, author: `${patient.givenName} ${patient.familyName}`};
}

export function listConversations(memory: MemoryState): ConversationList {
  const {patient, all} = own(memory);
  const conversations = byLatestActivity(
    [...all.values()].filter((c) => c.patientId === patient.id).map((c) => summary(memory, c)),
  );
  return {
    conversations,
    unread: conversations.reduce((n, c) => n + c.unread, 0),
    settings: settingsOf(memory),
  };
}

export function getConversation(memory: MemoryState, id: string): Conversation {
  const {conversation} = mine(memory, id);
  return {...summary(memory, conversation), messages: conversation.messages.map((m) => message(memory, m))};
}

export function startConversation(memory: MemoryState, request: unknown): Conversation {
  const settings = settingsOf(memory);
  const checked = checkNewConversation(request, settings);
  const files = checkAttachments((request as {attachments?: unknown} | undefined)?.attachments, settings);
  return postNew(memory, checked.topic, checked.body, files);
}

/**
 * A new conversation from the signed-in patient on `topic` with a first message already checked
 * (`startConversation`, and a prescription refill request from the documents).
 */
export function postNew(
  memory: MemoryState,
  topic: MessageTopic,
  body: string,
  files: readonly CheckedAttachment[] = [],
): Conversation {
  const {patient, all} = own(memory);
  const checked = {topic, body};
  const now = memory.clock();
  const id = `cnv_${memory.nextToken('conversation').slice(0, 20)}`;
  const record: ConversationRecord = {
    id,
    patientId: patient.id,
    topic: checked.topic,
    startedMs: now,
    messages: [
      {
        id: `msg_${memory.nextToken('conversation-message').slice(0, 20)}`,
        role: 'patient',
        author: `${patient.givenName} ${patient.familyName}`,
        body: checked.body,
        sentMs: now,
        ...attachmentRecords(memory, files),
      },
    ],
  };
  all.set(id, record);
  return getConversation(memory, id);
}

export function replyToConversation(memory: MemoryState, id: string, reply: unknown): ChatMessage {
  const {conversation, author} = mine(memory, id);
  const withFiles = reply !== null && typeof reply === 'object';
  const text = checkMessageBody(withFiles ? (reply as {body?: unknown}).body : reply);
  const files = withFiles
    ? checkAttachments((reply as {attachments?: unknown}).attachments, settingsOf(memory))
    : [];
  const m: MessageRecord = {
    id: `msg_${memory.nextToken('conversation-message').slice(0, 20)}`,
    role: 'patient',
    author,
    body: text,
    sentMs: memory.clock(),
    ...attachmentRecords(memory, files),
  };
  conversation.messages.push(m);
  return message(memory, m);
}

export function markConversationRead(memory: MemoryState, id: string): void {
  const {conversation} = mine(memory, id);
  conversation.readMs = Math.max(memory.clock(), ...conversation.messages.map((m) => m.sentMs));
}

/**
 * A file of a message in one of the signed-in patient's conversations (hers or the clinic's);
 * anything else `NotFoundError`.
 */
export function downloadAttachment(memory: MemoryState, id: string): DocumentContent {
  const {patient, all} = own(memory);
  for (const c of all.values()) {
    if (c.patientId !== patient.id) continue;
    for (const m of c.messages) {
      const a = m.attachments?.find((x) => x.id === String(id));
      if (a) return {fileName: a.fileName, contentType: a.contentType, content: a.content.slice()};
    }
  }
  throw new NotFoundError();
}

/**
 * The clinic's answer in a conversation (the demo's and tests' staff: no sign-in), as
 * `staff` with an optional job title; emails the patient, in her language, that an answer is
 * waiting in the portal (never the answer). `NotFoundError` for an unknown conversation.
 */
export function replyAsClinic(
  memory: MemoryState,
  id: string,
  body: unknown,
  staff: {name: string; title?: string; attachments?: unknown} = {name: 'Clínica'},
): ChatMessage {
  const all = records.get(memory);
  const conversation = all?.get(String(id));
  if (!conversation) throw new NotFoundError();
  const text = checkMessageBody(body);
  const files = checkAttachments(staff.attachments, settingsOf(memory));
  const m: MessageRecord = {
    id: `msg_${memory.nextToken('conversation-message').slice(0, 20)}`,
    role: 'clinic',
    author: staff.name,
    ...(staff.title ? {title: staff.title} : {}),
    body: text,
    sentMs: memory.clock(),
    ...attachmentRecords(memory, files),
  };
  conversation.messages.push(m);
  const patient = memory.patients.get(conversation.patientId);
  if (patient)
    send(memory, patient.language, {
      channel: 'email',
      to: patient.email,
      kind: 'message-reply',
      vars: {name: nameToGreet(patient)},
      links: {portal: memory.linkBase()},
    });
  return {...message(memory, m), own: false};
}

/** Whether the clinic has written in the conversation at or after `sinceMs` (a missing one: no). */
export function clinicAnsweredSince(memory: MemoryState, id: string, sinceMs: number): boolean {
  return !!records
    .get(memory)
    ?.get(id)
    ?.messages.some((m) => m.role === 'clinic' && m.sentMs >= sinceMs);
}
