/**
 * Messages with the clinic (#21): the patient's conversations (list with unread counts, a thread,
 * start one, reply, mark read) and the clinic's answer ({@link replyAsClinic}: `npm run
 * server:reply`, the development tools), which emails the patient — in her language — that an
 * answer is waiting in the portal, never the answer. Requests are checked by the domain's rules
 * (`src/domain/rules/messages.ts`); nothing is stored when refused. Every patient operation needs
 * her own session and reads only rows with her id: another patient's conversation is 404.
 * Posting is rate limited per patient (`ABUSE_LIMITS.messagesPerPatient*`); every write and every
 * refused id is audited with the conversation's id (never a message's words).
 */
import {NotFoundError, NotSupportedError} from '../../src/domain/errors.js';
import {ABUSE_LIMITS} from '../../src/domain/rules/limits.js';
import type {DocumentContent} from '../../src/domain/documents.js';
import {maxUploadBytes} from '../../src/domain/rules/documents.js';
import {
  checkAttachments,
  checkMessageBody,
  checkNewConversation,
  messagingSettings,
  type ChatMessage,
  type Conversation,
  type ConversationList,
  type CheckedAttachment,
  type ConversationSummary,
  type MessageAttachment,
  type MessageTopic,
  type MessagingSettings,
} from '../../src/domain/rules/messages.js';
import type {Language} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {
  conversationAttachments,
  conversationMessages,
  findConversation,
  insertAttachment,
  insertConversation,
  insertMessage,
  patientAttachmentBytes,
  listPatientConversations,
  markRead,
  type ConversationRow,
  type MessageRow,
} from '../repositories/conversations.js';
import {findPatient, greetingName} from '../repositories/patients.js';
import {token} from '../tokens.js';
import {auditCall} from './audit.js';
import {capabilities} from './clinic.js';
import {instant, type CallContext, type PortalContext} from './context.js';
import {send} from './notify.js';
import {requirePatient} from './session.js';
import {bytesOf, fromBase64, withStoredBytes} from './stored-bytes.js';
import type {DocumentBytes} from '../repositories/documents.js';

function needMessages(s: PortalContext): void {
  if (capabilities(s).messages !== true) throw new NotSupportedError('messages');
}

/** Files with messages where the clinic keeps documents, up to its document upload limit. */
export const settings = (s: PortalContext): MessagingSettings =>
  messagingSettings(
    s.data.messaging,
    s.data.clinic.country,
    capabilities(s).documents === true ? maxUploadBytes(s.data.maxUploadBytes) : undefined,
  );

/**
 * The files of a request, checked by the domain's rule (`checkAttachments`: the documents' upload
 * rule), their bytes from base64 (or given, the clinic's command): `ValidationError`, nothing stored.
 */
export function checkedFiles(s: PortalContext, list: unknown): CheckedAttachment[] {
  return checkAttachments(list, settings(s), (e) =>
    e.content instanceof Uint8Array ? e.content : fromBase64(e.content),
  );
}

/**
 * Keeps each file's bytes where the server keeps documents' (`withStoredBytes`: the row, or an
 * encrypted file), then runs `write` with where each is; the files of a write that failed are removed.
 */
function withFilesStored<T>(
  s: PortalContext,
  files: readonly CheckedAttachment[],
  write: (where: readonly DocumentBytes[]) => Promise<T>,
  done: readonly DocumentBytes[] = [],
): Promise<T> {
  if (done.length === files.length) return write(done);
  return withStoredBytes(s, files[done.length]!.content, (where) =>
    withFilesStored(s, files, write, [...done, where]),
  );
}

/** Inserts a message's files (already stored by {@link withFilesStored}); their views. */
async function insertFiles(
  q: Queryable,
  messageId: string,
  files: readonly CheckedAttachment[],
  where: readonly DocumentBytes[],
): Promise<MessageAttachment[]> {
  const views: MessageAttachment[] = [];
  for (const [position, f] of files.entries()) {
    const id = `att_${token(15)}`;
    await insertAttachment(q, {
      id,
      message_id: messageId,
      position,
      file_name: f.fileName,
      content_type: f.contentType,
      size: f.size,
      ...where[position]!,
    });
    views.push({id, fileName: f.fileName, contentType: f.contentType, size: f.size});
  }
  return views;
}

function summary(s: PortalContext, r: ConversationRow): ConversationSummary {
  return {
    id: r.id,
    topic: r.topic,
    startedAt: instant(s, r.started_ms),
    lastMessageAt: instant(s, r.last_ms),
    lastRole: r.last_role,
    unread: Number(r.unread),
  };
}

function message(
  s: PortalContext,
  m: MessageRow,
  attachments: readonly MessageAttachment[] = [],
): ChatMessage {
  return {
    id: m.id,
    body: m.body,
    sentAt: instant(s, m.sent_ms),
    author: {name: m.author, role: m.role, ...(m.title ? {title: m.title} : {})},
    own: m.role === 'patient',
    ...(attachments.length > 0 ? {attachments} : {}),
  };
}

/** Ids as they may be logged: a caller's string, cut short. */
const idOf = (id: unknown) => String(id).slice(0, 100);

async function thread(s: PortalContext, q: Queryable, r: ConversationRow): Promise<Conversation> {
  const files = new Map<string, MessageAttachment[]>();
  for (const a of await conversationAttachments(q, r.id)) {
    const list = files.get(a.message_id) ?? [];
    list.push({id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size});
    files.set(a.message_id, list);
  }
  return {
    ...summary(s, r),
    messages: (await conversationMessages(q, r.id)).map((m) => message(s, m, files.get(m.id))),
  };
}

export async function listConversations(s: PortalContext, call: CallContext): Promise<ConversationList> {
  needMessages(s);
  const {patient} = await requirePatient(s, call);
  const conversations = (await listPatientConversations(s.db, patient.id)).map((r) => summary(s, r));
  return {
    conversations,
    unread: conversations.reduce((n, c) => n + c.unread, 0),
    settings: settings(s),
  };
}

/** The patient's own conversation, or an audited `NotFoundError`. */
async function own(s: PortalContext, call: CallContext, id: string) {
  const live = await requirePatient(s, call);
  const row = await findConversation(s.db, id, live.patient.id);
  if (!row) {
    await auditCall(s, s.db, call, {
      actor: live.patient.id,
      action: 'messages.denied',
      patientId: live.patient.id,
      conversationId: idOf(id),
      sessionId: live.row.id,
    });
    throw new NotFoundError();
  }
  return {live, row};
}

export async function getConversation(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<Conversation> {
  needMessages(s);
  const {row} = await own(s, call, id);
  return thread(s, s.db, row);
}

/** Counts one posted message against the patient's limits (hour and day). */
export async function takePost(s: PortalContext, patientId: string): Promise<void> {
  await s.limits.take(`messages:hour:${patientId}`, ABUSE_LIMITS.messagesPerPatientHour);
  await s.limits.take(`messages:day:${patientId}`, ABUSE_LIMITS.messagesPerPatientDay);
}

export async function startConversation(
  s: PortalContext,
  call: CallContext,
  body: unknown,
): Promise<Conversation> {
  needMessages(s);
  const live = await requirePatient(s, call);
  const patient = live.patient;
  const checked = checkNewConversation(body, settings(s));
  const files = checkedFiles(s, (body as {attachments?: unknown} | undefined)?.attachments);
  await takePost(s, patient.id);
  return withFilesStored(s, files, (where) =>
    s.db.transaction(async (q) => {
      const id = await postNew(s, q, call, live, checked.topic, checked.body, s.clock(), (messageId) =>
        insertFiles(q, messageId, files, where),
      );
      return thread(s, q, (await findConversation(q, id, patient.id))!);
    }),
  );
}

/**
 * A new conversation from the signed-in patient on `topic` with a first message already checked,
 * in the caller's transaction, audited (`messages.start`): `startConversation`, and a refill
 * request from the documents (which counts it with {@link takePost} first). Its id.
 */
export async function postNew(
  s: PortalContext,
  q: Queryable,
  call: CallContext,
  live: Awaited<ReturnType<typeof requirePatient>>,
  topic: MessageTopic,
  body: string,
  now = s.clock(),
  withMessage?: (messageId: string) => Promise<unknown>,
): Promise<string> {
  const patient = live.patient;
  const id = `cnv_${token(15)}`;
  const messageId = `msg_${token(15)}`;
  await insertConversation(q, {id, patient_id: patient.id, topic, started_ms: now});
  await insertMessage(q, {
    id: messageId,
    conversation_id: id,
    role: 'patient',
    author: `${patient.given_name} ${patient.family_name}`,
    title: null,
    body,
    sent_ms: now,
  });
  await withMessage?.(messageId);
  await auditCall(s, q, call, {
    actor: patient.id,
    action: 'messages.start',
    patientId: patient.id,
    conversationId: id,
    sessionId: live.row.id,
  });
  return id;
}

export async function replyToConversation(
  s: PortalContext,
  call: CallContext,
  id: string,
  body: unknown,
): Promise<ChatMessage> {
  needMessages(s);
  const {live, row} = await own(s, call, id);
  const text = checkMessageBody((body as {body?: unknown} | undefined)?.body);
  const files = checkedFiles(s, (body as {attachments?: unknown} | undefined)?.attachments);
  await takePost(s, live.patient.id);
  const m: MessageRow = {
    id: `msg_${token(15)}`,
    conversation_id: row.id,
    role: 'patient',
    author: `${live.patient.given_name} ${live.patient.family_name}`,
    title: null,
    body: text,
    sent_ms: s.clock(),
  };
  const attachments = await withFilesStored(s, files, (where) =>
    s.db.transaction(async (q) => {
      await insertMessage(q, m);
      const views = await insertFiles(q, m.id, files, where);
      await auditCall(s, q, call, {
        actor: live.patient.id,
        action: 'messages.reply',
        patientId: live.patient.id,
        conversationId: row.id,
        sessionId: live.row.id,
      });
      return views;
    }),
  );
  return message(s, m, attachments);
}

/**
 * A file of a message in one of the patient's own conversations (hers or the clinic's): its bytes,
 * cleaned name and type. Audited every time with the file's id (`messages.attachment-download`;
 * not hers or unknown: `messages.attachment-denied` and `NotFoundError`; a file that cannot be
 * read back: `messages.attachment-unreadable` and `DocumentFileError`, the server's 503).
 */
export async function downloadAttachment(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<DocumentContent> {
  needMessages(s);
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const row = await patientAttachmentBytes(s.db, id, patientId);
  let content: Uint8Array | undefined;
  let unreadable: unknown;
  if (row) content = await bytesOf(s, row).catch((e: unknown) => ((unreadable = e), undefined));
  await auditCall(s, s.db, call, {
    actor: patientId,
    action: !row
      ? 'messages.attachment-denied'
      : content
        ? 'messages.attachment-download'
        : 'messages.attachment-unreadable',
    patientId,
    documentId: idOf(id),
    ...(row ? {conversationId: row.conversation_id} : {}),
    sessionId: live.row.id,
  });
  if (!row) throw new NotFoundError();
  if (!content) throw unreadable;
  return {fileName: row.file_name, contentType: row.content_type, content: new Uint8Array(content)};
}

export async function markConversationRead(s: PortalContext, call: CallContext, id: string): Promise<void> {
  needMessages(s);
  const live = await requirePatient(s, call);
  if (!(await markRead(s.db, id, live.patient.id, s.clock()))) {
    await auditCall(s, s.db, call, {
      actor: live.patient.id,
      action: 'messages.denied',
      patientId: live.patient.id,
      conversationId: idOf(id),
      sessionId: live.row.id,
    });
    throw new NotFoundError();
  }
}

/**
 * The clinic's answer in a conversation, written by `staff` (a name and an optional job title):
 * the staff side (`npm run server:reply`, the development tools), no patient session. The patient
 * gets an email in her language that an answer is waiting (never its words). `NotFoundError` for
 * an unknown conversation; `ValidationError` for a text the rules refuse (nothing stored).
 */
export async function replyAsClinic(
  s: PortalContext,
  id: string,
  body: unknown,
  staff: {name: string; title?: string; attachments?: unknown},
): Promise<ChatMessage> {
  const text = checkMessageBody(body);
  const name = checkMessageBody(staff.name).slice(0, 200);
  const title = staff.title ? checkMessageBody(staff.title).slice(0, 200) : null;
  const files = checkedFiles(s, staff.attachments);
  return withFilesStored(s, files, (where) => clinicReply(s, id, text, name, title, files, where));
}

async function clinicReply(
  s: PortalContext,
  id: string,
  text: string,
  name: string,
  title: string | null,
  files: readonly CheckedAttachment[],
  where: readonly DocumentBytes[],
): Promise<ChatMessage> {
  return s.db.transaction(async (q) => {
    const row = await findConversation(q, id, null);
    if (!row) throw new NotFoundError();
    const m: MessageRow = {
      id: `msg_${token(15)}`,
      conversation_id: row.id,
      role: 'clinic',
      author: name,
      title,
      body: text,
      sent_ms: s.clock(),
    };
    await insertMessage(q, m);
    const attachments = await insertFiles(q, m.id, files, where);
    await auditCall(s, q, undefined, {
      actor: 'clinic',
      action: 'messages.clinic-reply',
      patientId: row.patient_id,
      conversationId: row.id,
    });
    const patient = await findPatient(q, row.patient_id);
    if (patient)
      await send(s, q, {
        language: patient.language as Language,
        channel: 'email',
        to: patient.email,
        kind: 'message-reply',
        vars: {name: greetingName(patient)},
        links: {portal: s.linkBase},
      });
    return message(s, m, attachments);
  });
}
