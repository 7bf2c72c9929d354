/**
 * Messages with the clinic on FHIR (#21), in a chunk of its own (loaded on the first messages
 * call): each conversation is a thread of `Communication`s as Medplum documents its messaging data
 * model — a **thread header** (no `payload`, no `partOf`; `status` `in-progress`, `category` the
 * topic in this project's `message-topic` code system, `subject` the Patient, `recipient` the
 * Patient and the clinic's Organization, `sent` when it began) and one **message** per
 * `Communication` whose `partOf` is the header (`inResponseTo` the message before it, `sender`
 * the Patient or the clinic's Practitioner, `recipient` the other side, `sent`, `payload[0]
 * .contentString` the text exactly as written, then one `payload.contentAttachment` per file:
 * `title`, `contentType`, `size`, `url` `Binary/<id>`). A clinic message is unread until the
 * patient marks the conversation read: then its `received` is set (and `status` `completed`,
 * Medplum's 1:1 read-receipt model) with `If-Match`. Every request is checked by the same shared
 * rules as every backend's (`rules/messages.ts`: topic, text, files by the documents' upload rule)
 * before anything is written; one search of her Communications (`subject`) answers every read.
 */
import {NotFoundError, type RequestOptions} from '../adapter.js';
import type {DocumentContent, DocumentContentType} from '../../domain/documents.js';
import type {ClinicData} from '../../domain/rules/index.js';
import {maxUploadBytes, sniffContentType} from '../../domain/rules/documents.js';
import {
  MESSAGE_TOPICS,
  byLatestActivity,
  checkAttachments,
  checkMessageBody,
  checkNewConversation,
  messagingSettings,
  unreadCount,
  type ChatMessage,
  type CheckedAttachment,
  type Conversation,
  type ConversationList,
  type ConversationSummary,
  type MessageAttachment,
  type MessageTopic,
} from '../../domain/rules/messages.js';
import {toInstantString} from '../../domain/time.js';
import {fromBase64, toBase64} from './binary.js';
import type {FhirHttp} from './http.js';
import {PPE, type CodeableConcept, type Reference, type Resource} from './profile.js';

/**
 * `Communication.category` of a conversation with the clinic (its thread header and each message):
 * its topic (`appointments`, `billing`, `results`, `general`). Kept here, not in `profile.ts`, so
 * the adapter's first chunk does not carry it.
 */
export const MESSAGE_TOPIC_SYSTEM = `${PPE}/CodeSystem/message-topic`;

/** What the adapter lends its messages. */
export interface MessagesHost {
  readonly http: FhirHttp;
  /** The Patient the calls read and write: the dependent while acting (`NotSignedInError` without a session). */
  patientId(): string;
  clinic(signal?: AbortSignal): Promise<ClinicData>;
  /** The server's time now (epoch ms). */
  now(): number;
}

interface Attachment {
  contentType?: string;
  url?: string;
  size?: number;
  title?: string;
}

export interface CommunicationResource extends Resource {
  status?: string;
  partOf?: Reference[];
  inResponseTo?: Reference[];
  category?: CodeableConcept[];
  subject?: Reference;
  sender?: Reference;
  recipient?: Reference[];
  sent?: string;
  received?: string;
  payload?: {contentString?: string; contentAttachment?: Attachment}[];
}

/** A file kept as a Binary, as a message names it. */
export interface StoredFile {
  readonly binaryId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
}

/** A new conversation's thread header (no payload, no `partOf`). */
export function threadHeader(
  patientId: string,
  clinicId: string,
  topic: MessageTopic,
  sent: string,
): CommunicationResource {
  const patient = {reference: `Patient/${patientId}`};
  return {
    resourceType: 'Communication',
    status: 'in-progress',
    category: [{coding: [{system: MESSAGE_TOPIC_SYSTEM, code: topic}]}],
    subject: patient,
    sender: patient,
    recipient: [patient, {reference: `Organization/${clinicId}`}],
    sent,
  };
}

/**
 * A message in the conversation `header` (stored, with its id) from `sender` — the patient's
 * Patient, or someone at the clinic (a Practitioner) — answering `previous` (a message id).
 */
export function messageOf(
  header: CommunicationResource,
  sender: Reference,
  body: string,
  sent: string,
  files: readonly StoredFile[] = [],
  previous?: string,
): CommunicationResource {
  const patient = header.subject as Reference;
  const fromPatient = sender.reference === patient.reference;
  return {
    resourceType: 'Communication',
    // The clinic's message stays `in-progress` until the patient reads it.
    status: fromPatient ? 'completed' : 'in-progress',
    partOf: [{reference: `Communication/${header.id}`}],
    ...(previous ? {inResponseTo: [{reference: `Communication/${previous}`}]} : {}),
    ...(header.category ? {category: header.category} : {}),
    subject: patient,
    sender,
    recipient: fromPatient
      ? (header.recipient ?? []).filter((r) => r.reference !== patient.reference)
      : [patient],
    sent,
    payload: [
      {contentString: body},
      ...files.map((f) => ({
        contentAttachment: {
          contentType: f.contentType,
          url: `Binary/${f.binaryId}`,
          size: f.size,
          title: f.fileName,
        },
      })),
    ],
  };
}

interface Thread {
  readonly header: CommunicationResource;
  readonly topic: MessageTopic;
  readonly messages: CommunicationResource[];
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const idIn = (ref: Reference | undefined, type: string) =>
  new RegExp(`^${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(ref?.reference ?? '')?.[1];
const textOf = (c: CommunicationResource) =>
  c.payload?.find((p) => typeof p.contentString === 'string')?.contentString;
const ms = (c: CommunicationResource) => Date.parse(c.sent ?? '');
const updated = (c: CommunicationResource) => Date.parse(c.meta?.lastUpdated ?? '') || 0;

/** Her conversations (threads with at least one message), read with one search. */
async function threads(host: MessagesHost, signal?: AbortSignal): Promise<Map<string, Thread>> {
  const patient = `Patient/${host.patientId()}`;
  const all = await host.http.searchAll<CommunicationResource>('Communication', {subject: patient}, signal);
  const found = new Map<string, Thread>();
  for (const c of all) {
    const topic = c.category?.flatMap((x) => x.coding ?? []).find((x) => x.system === MESSAGE_TOPIC_SYSTEM)
      ?.code as MessageTopic | undefined;
    if (c.id && !c.partOf?.length && c.subject?.reference === patient && MESSAGE_TOPICS.includes(topic!))
      found.set(c.id, {header: c, topic: topic!, messages: []});
  }
  for (const c of all) {
    const thread = found.get(idIn(c.partOf?.[0], 'Communication') ?? '');
    if (thread && c.id && c.status !== 'entered-in-error' && textOf(c) !== undefined && ms(c) > 0)
      thread.messages.push(c);
  }
  for (const [id, t] of found) {
    if (t.messages.length === 0) found.delete(id);
    // Oldest first; messages sent in the same instant in the order the server stored them.
    t.messages.sort((a, b) => ms(a) - ms(b) || updated(a) - updated(b) || (a.id! < b.id! ? -1 : 1));
  }
  return found;
}

const fromPatient = (c: CommunicationResource, patient: string) => c.sender?.reference === patient;

function attachmentsOf(c: CommunicationResource): MessageAttachment[] {
  return (c.payload ?? []).flatMap(({contentAttachment: a}) => {
    const id = idIn({reference: a?.url}, 'Binary');
    const type = a?.contentType?.split(';')[0]?.trim() ?? '';
    return id && a?.title && TYPES.includes(type)
      ? [{id, fileName: a.title, contentType: type as DocumentContentType, size: a.size ?? 0}]
      : [];
  });
}

function chat(data: ClinicData, patient: string, c: CommunicationResource): ChatMessage {
  const own = fromPatient(c, patient);
  const provider = own
    ? undefined
    : data.catalog.providers.find((p) => p.id === idIn(c.sender, 'Practitioner'));
  const title = provider?.title[data.clinic.languages[0] ?? 'es'];
  const files = attachmentsOf(c);
  return {
    id: c.id!,
    body: textOf(c)!,
    sentAt: toInstantString(ms(c)),
    author: {
      name: provider?.name ?? c.sender?.display ?? data.clinic.name,
      role: own ? 'patient' : 'clinic',
      ...(title ? {title} : {}),
    },
    own,
    ...(files.length > 0 ? {attachments: files} : {}),
  };
}

/** Clinic messages she has not read: those without `received` (the shared count). */
const unread = (t: Thread, patient: string) =>
  unreadCount(
    t.messages
      .filter((m) => !m.received)
      .map((m) => ({
        role: fromPatient(m, patient) ? ('patient' as const) : ('clinic' as const),
        sentMs: ms(m),
      })),
    undefined,
  );

function summary(t: Thread, patient: string): ConversationSummary {
  const last = t.messages.at(-1)!;
  return {
    id: t.header.id!,
    topic: t.topic,
    startedAt: toInstantString(ms(t.messages[0]!)),
    lastMessageAt: toInstantString(ms(last)),
    lastRole: fromPatient(last, patient) ? 'patient' : 'clinic',
    unread: unread(t, patient),
  };
}

/** Files as the documents keep them (`maxUploadBytes` of the documents' rule). */
const settingsOf = (data: ClinicData) =>
  messagingSettings(data.messaging, data.clinic.country, maxUploadBytes(undefined));

/** One of her conversations (anything else, another patient's included: not found). */
async function mine(host: MessagesHost, id: string, signal?: AbortSignal) {
  const patient = `Patient/${host.patientId()}`;
  const [all, data] = await Promise.all([threads(host, signal), host.clinic(signal)]);
  const thread = typeof id === 'string' && ID.test(id) ? all.get(id) : undefined;
  if (!thread) throw new NotFoundError();
  return {thread, data, patient};
}

export async function listConversations(
  host: MessagesHost,
  options: RequestOptions = {},
): Promise<ConversationList> {
  const patient = `Patient/${host.patientId()}`;
  const [all, data] = await Promise.all([threads(host, options.signal), host.clinic(options.signal)]);
  const conversations = byLatestActivity([...all.values()].map((t) => summary(t, patient)));
  return {
    conversations,
    unread: conversations.reduce((n, c) => n + c.unread, 0),
    settings: settingsOf(data),
  };
}

export async function getConversation(
  host: MessagesHost,
  id: string,
  options: RequestOptions = {},
): Promise<Conversation> {
  const {thread, data, patient} = await mine(host, id, options.signal);
  return {...summary(thread, patient), messages: thread.messages.map((m) => chat(data, patient, m))};
}

/** Her Patient as a message's sender, with her name as it is on her record. */
async function sender(host: MessagesHost, signal?: AbortSignal): Promise<Reference> {
  const id = host.patientId();
  const p = (await host.http.request('GET', `Patient/${id}`, {signal})).body;
  const name = (p.name as {given?: string[]; family?: string}[] | undefined)?.[0];
  return {reference: `Patient/${id}`, display: [...(name?.given ?? []), name?.family ?? ''].join(' ').trim()};
}

/** Checked files as Binaries (her Patient their security context). */
async function store(
  host: MessagesHost,
  files: readonly CheckedAttachment[],
  signal?: AbortSignal,
): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  for (const f of files) {
    const binary = await host.http.request('POST', 'Binary', {
      body: {
        resourceType: 'Binary',
        contentType: f.contentType,
        securityContext: {reference: `Patient/${host.patientId()}`},
        data: toBase64(f.content),
      },
      signal,
    });
    stored.push({
      binaryId: binary.body.id as string,
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.size,
    });
  }
  return stored;
}

/** Writes a message (its files first); what was written is removed again if it fails. */
async function post(
  host: MessagesHost,
  header: CommunicationResource,
  body: string,
  files: readonly CheckedAttachment[],
  previous: string | undefined,
  signal?: AbortSignal,
): Promise<CommunicationResource> {
  const from = await sender(host, signal);
  const stored = await store(host, files, signal);
  try {
    const message = messageOf(header, from, body, toInstantString(host.now()), stored, previous);
    return (await host.http.request<CommunicationResource>('POST', 'Communication', {body: message, signal}))
      .body;
  } catch (e) {
    for (const f of stored) await host.http.request('DELETE', `Binary/${f.binaryId}`).catch(() => undefined);
    throw e;
  }
}

export async function startConversation(
  host: MessagesHost,
  request: unknown,
  options: RequestOptions = {},
): Promise<Conversation> {
  const patientId = host.patientId();
  const data = await host.clinic(options.signal);
  const settings = settingsOf(data);
  const checked = checkNewConversation(request, settings);
  const files = checkAttachments((request as {attachments?: unknown} | undefined)?.attachments, settings);
  const header = (
    await host.http.request<CommunicationResource>('POST', 'Communication', {
      body: threadHeader(patientId, data.clinic.id, checked.topic, toInstantString(host.now())),
      signal: options.signal,
    })
  ).body;
  try {
    await post(host, header, checked.body, files, undefined, options.signal);
  } catch (e) {
    await host.http.request('DELETE', `Communication/${header.id}`).catch(() => undefined);
    throw e;
  }
  return getConversation(host, header.id!, options);
}

export async function replyToConversation(
  host: MessagesHost,
  id: string,
  reply: unknown,
  options: RequestOptions = {},
): Promise<ChatMessage> {
  const {thread, data, patient} = await mine(host, id, options.signal);
  const withFiles = reply !== null && typeof reply === 'object';
  const body = checkMessageBody(withFiles ? (reply as {body?: unknown}).body : reply);
  const files = withFiles
    ? checkAttachments((reply as {attachments?: unknown}).attachments, settingsOf(data))
    : [];
  const created = await post(host, thread.header, body, files, thread.messages.at(-1)?.id, options.signal);
  return chat(data, patient, created);
}

/** Every clinic message of the conversation she has not read gets `received` (If-Match; read again on 412). */
export async function markConversationRead(
  host: MessagesHost,
  id: string,
  options: RequestOptions = {},
): Promise<void> {
  const {thread, patient} = await mine(host, id, options.signal);
  const received = toInstantString(host.now());
  await Promise.all(
    thread.messages
      .filter((m) => !fromPatient(m, patient) && !m.received)
      .map(async (m) => {
        let current = m;
        for (let attempt = 0; attempt < 3 && !current.received; attempt++) {
          const res = await host.http.request('PUT', `Communication/${m.id}`, {
            body: {...current, received, status: 'completed'},
            headers: current.meta?.versionId ? {'If-Match': `W/"${current.meta.versionId}"`} : {},
            allowConflict: true,
            signal: options.signal,
          });
          if (res.status < 300) return;
          current = (
            await host.http.request<CommunicationResource>('GET', `Communication/${m.id}`, {
              signal: options.signal,
            })
          ).body;
        }
      }),
  );
}

/** A file of a message in one of her conversations (hers or the clinic's); anything else not found. */
export async function downloadAttachment(
  host: MessagesHost,
  id: string,
  options: RequestOptions = {},
): Promise<DocumentContent> {
  const all = await threads(host, options.signal);
  const file = [...all.values()]
    .flatMap((t) => t.messages.flatMap(attachmentsOf))
    .find((a) => typeof id === 'string' && a.id === id);
  if (!file) throw new NotFoundError();
  const binary = (
    await host.http.request<Resource & {data?: string}>('GET', `Binary/${file.id}`, {signal: options.signal})
  ).body;
  const content = fromBase64(binary.data);
  // The bytes say what it is; anything but what the message names is not served.
  if (sniffContentType(content) !== file.contentType) throw new NotFoundError();
  return {fileName: file.fileName, contentType: file.contentType, content};
}
