/**
 * The `conversations`, `conversation_messages` and `message_attachments` tables: SQL only. Every
 * patient read and write names the patient: a conversation (or a message's file) is found only
 * with its own patient's id.
 */
import type {DocumentContentType} from '../../src/domain/documents.js';
import type {MessageRole, MessageTopic} from '../../src/domain/rules/messages.js';
import type {Queryable} from '../db.js';
import type {DocumentBytes} from './documents.js';

export interface ConversationRow {
  id: string;
  patient_id: string;
  topic: MessageTopic;
  started_ms: number;
  last_ms: number;
  read_ms: number | null;
  /** The role of the last message. */
  last_role: MessageRole;
  unread: number;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  role: MessageRole;
  author: string;
  title: string | null;
  body: string;
  sent_ms: number;
}

const SUMMARY = `c.id, c.patient_id, c.topic, c.started_ms::float8 AS started_ms, c.last_ms::float8 AS last_ms,
  c.read_ms::float8 AS read_ms,
  (SELECT m.role FROM conversation_messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1) AS last_role,
  (SELECT count(*)::int FROM conversation_messages m
     WHERE m.conversation_id = c.id AND m.role = 'clinic' AND m.sent_ms > COALESCE(c.read_ms, -1)) AS unread`;

/** The patient's conversations with their unread counts, latest activity first (one query). */
export async function listPatientConversations(q: Queryable, patientId: string): Promise<ConversationRow[]> {
  return q.query<ConversationRow>(
    `SELECT ${SUMMARY} FROM conversations c WHERE c.patient_id = $1 ORDER BY c.last_ms DESC, c.id`,
    [patientId],
  );
}

/** One conversation: the patient's own when `patientId` is given, any (the clinic's side) when null. */
export async function findConversation(
  q: Queryable,
  id: string,
  patientId: string | null,
): Promise<ConversationRow | undefined> {
  const [row] = await q.query<ConversationRow>(
    `SELECT ${SUMMARY} FROM conversations c WHERE c.id = $1 AND ($2::text IS NULL OR c.patient_id = $2)`,
    [id, patientId],
  );
  return row;
}

export async function conversationMessages(q: Queryable, conversationId: string): Promise<MessageRow[]> {
  return q.query<MessageRow>(
    `SELECT id, conversation_id, role, author, title, body, sent_ms::float8 AS sent_ms
     FROM conversation_messages WHERE conversation_id = $1 ORDER BY seq`,
    [conversationId],
  );
}

export async function insertConversation(
  q: Queryable,
  row: {id: string; patient_id: string; topic: MessageTopic; started_ms: number; read_ms?: number | null},
): Promise<void> {
  await q.query(
    `INSERT INTO conversations (id, patient_id, topic, started_ms, last_ms, read_ms) VALUES ($1, $2, $3, $4, $4, $5)`,
    [row.id, row.patient_id, row.topic, row.started_ms, row.read_ms ?? null],
  );
}

/** Adds a message and moves the conversation's last activity. */
export async function insertMessage(q: Queryable, m: MessageRow): Promise<void> {
  await q.query(
    `INSERT INTO conversation_messages (id, conversation_id, role, author, title, body, sent_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m.id, m.conversation_id, m.role, m.author, m.title, m.body, m.sent_ms],
  );
  await q.query('UPDATE conversations SET last_ms = GREATEST(last_ms, $2) WHERE id = $1', [
    m.conversation_id,
    m.sent_ms,
  ]);
}

/** Marks the patient's conversation read up to its last message (or now); false when not hers. */
export async function markRead(q: Queryable, id: string, patientId: string, now: number): Promise<boolean> {
  const rows = await q.query<{id: string}>(
    `UPDATE conversations SET read_ms = GREATEST(COALESCE(read_ms, 0), last_ms, $3)
     WHERE id = $1 AND patient_id = $2 RETURNING id`,
    [id, patientId, now],
  );
  return rows.length > 0;
}

/** A file of a message (metadata; its bytes only with {@link patientAttachmentBytes}). */
export interface AttachmentRow {
  id: string;
  message_id: string;
  position: number;
  file_name: string;
  content_type: DocumentContentType;
  size: number;
}

/** Keeps a message's file (its bytes in the row or a file: `DocumentBytes`). */
export async function insertAttachment(q: Queryable, row: AttachmentRow & DocumentBytes): Promise<void> {
  await q.query(
    `INSERT INTO message_attachments (id, message_id, position, file_name, content_type, size, content, stored_file)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      row.id,
      row.message_id,
      row.position,
      row.file_name,
      row.content_type,
      row.size,
      row.content,
      row.stored_file ?? null,
    ],
  );
}

/** The files of a conversation's messages (metadata), in each message's order. */
export async function conversationAttachments(
  q: Queryable,
  conversationId: string,
): Promise<AttachmentRow[]> {
  return q.query<AttachmentRow>(
    `SELECT a.id, a.message_id, a.position, a.file_name, a.content_type, a.size
     FROM message_attachments a JOIN conversation_messages m ON m.id = a.message_id
     WHERE m.conversation_id = $1 ORDER BY a.message_id, a.position`,
    [conversationId],
  );
}

/** A file of a message in one of the patient's own conversations, with its bytes (or file) and conversation. */
export async function patientAttachmentBytes(
  q: Queryable,
  id: string,
  patientId: string,
): Promise<(AttachmentRow & DocumentBytes & {conversation_id: string}) | undefined> {
  const [row] = await q.query<AttachmentRow & DocumentBytes & {conversation_id: string}>(
    `SELECT a.id, a.message_id, a.position, a.file_name, a.content_type, a.size, a.content, a.stored_file,
       m.conversation_id
     FROM message_attachments a
     JOIN conversation_messages m ON m.id = a.message_id
     JOIN conversations c ON c.id = m.conversation_id
     WHERE a.id = $1 AND c.patient_id = $2`,
    [id, patientId],
  );
  return row;
}
