/**
 * The REST adapter's messages with the clinic (#21), in a chunk of their own: `RestAdapter`
 * installs them on its prototype from `MESSAGE_OPERATIONS` and loads this module on the first
 * call. Each runs as a method of the adapter (`this`), through its one transport (`this.call`).
 */
import {ValidationError, type FieldErrorCode} from '../../domain/errors.js';
import type {
  ChatMessage,
  Conversation,
  ConversationList,
  NewConversation,
} from '../../domain/rules/messages.js';
import type {RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';

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
  return this.call<'startConversation', Conversation>(
    {method: 'POST', path: '/conversations', body: {topic: request?.topic, body: request?.body}},
    options,
  );
}

export async function replyToConversation(
  this: Transport,
  id: string,
  body: string,
  options?: RequestOptions,
): Promise<ChatMessage> {
  refuseShapes({body});
  return this.call<'replyToConversation', ChatMessage>(
    {method: 'POST', path: `/conversations/${encodeURIComponent(id)}/messages`, body: {body}},
    options,
  );
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
