/**
 * The REST adapter's messages with the clinic (#21), in a chunk of their own: `RestAdapter`
 * installs them on its prototype from `MESSAGE_OPERATIONS` and loads this module on the first
 * call. Each runs as a method of the adapter (`this`), through its one transport (`this.call`).
 */
import {ValidationError, type FieldErrorCode} from '../../domain/errors.js';
import type {DocumentContent} from '../../domain/documents.js';
import type {
  AttachmentUpload,
  ChatMessage,
  Conversation,
  ConversationList,
  MessageReply,
  NewConversation,
} from '../../domain/rules/messages.js';
import type {RequestOptions} from '../adapter.js';
import {fileFromResponse, toBase64} from './base64.js';
import type {Transport} from './wire.js';

/** A message with files on a slow line takes minutes, not the adapter's seconds (as an upload). */
const ATTACHMENT_TIMEOUT_MS = 300_000;

/**
 * The files as JSON (each name and its bytes in base64), and the longer timeout, when there are
 * any; bytes that are not bytes are left out for the server to refuse (`required`).
 */
function withFiles(attachments: readonly AttachmentUpload[] | undefined) {
  if (attachments === undefined) return {body: {}};
  // Not a list: refused here, as the server would, without a request.
  if (!Array.isArray(attachments)) throw new ValidationError({attachments: 'invalid'});
  return {
    body: {
      attachments: attachments.map((a: Partial<AttachmentUpload> | undefined) => ({
        fileName: a?.fileName as string,
        ...(a?.content instanceof Uint8Array ? {content: toBase64(a.content)} : {}),
      })),
    },
    timeoutMs: ATTACHMENT_TIMEOUT_MS,
  };
}

export function listConversations(this: Transport, options?: RequestOptions): Promise<ConversationList> {
  return this.call<'listConversations', ConversationList>({method: 'GET', path: '/conversations'}, options);
}

export function getConversation(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<Conversation> {
  return this.call<'getConversation', Conversation>(
    {method: 'GET', path: `/conversations/${encodeURIComponent(id)}`},
    options,
  );
}

/**
 * What JSON cannot carry as the document says (a topic or text that is not a string) is refused
 * here, as the server would, without a request; the rest is the server's to check.
 */
function refuseShapes(fields: Record<string, unknown>): void {
  const errors: Record<string, FieldErrorCode> = {};
  for (const [name, value] of Object.entries(fields))
    if (typeof value !== 'string') errors[name] = value == null ? 'required' : 'invalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

export async function startConversation(
  this: Transport,
  request: NewConversation,
  options?: RequestOptions,
): Promise<Conversation> {
  refuseShapes({topic: request?.topic, body: request?.body});
  const files = withFiles(request?.attachments);
  return this.call<'startConversation', Conversation>(
    {
      method: 'POST',
      path: '/conversations',
      ...files,
      body: {topic: request?.topic, body: request?.body, ...files.body},
    },
    options,
  );
}

export async function replyToConversation(
  this: Transport,
  id: string,
  reply: string | MessageReply,
  options?: RequestOptions,
): Promise<ChatMessage> {
  const full = reply !== null && typeof reply === 'object';
  const body = full ? reply.body : reply;
  refuseShapes({body});
  const files = withFiles(full ? reply.attachments : undefined);
  return this.call<'replyToConversation', ChatMessage>(
    {
      method: 'POST',
      path: `/conversations/${encodeURIComponent(id)}/messages`,
      ...files,
      body: {body, ...files.body},
    },
    options,
  );
}

/** A message's file: its bytes, its cleaned name (from `Content-Disposition`) and type. */
export async function downloadAttachment(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<DocumentContent> {
  const response = (await this.call<'downloadAttachment', undefined>(
    {method: 'GET', path: `/message-attachments/${encodeURIComponent(id)}/content`, raw: true},
    options,
  )) as unknown as Response;
  return fileFromResponse(response, id);
}

export async function markConversationRead(
  this: Transport,
  id: string,
  options?: RequestOptions,
): Promise<void> {
  await this.call<'markConversationRead', undefined>(
    {method: 'POST', path: `/conversations/${encodeURIComponent(id)}/read`},
    options,
  );
}
