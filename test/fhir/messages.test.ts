/**
 * Messages with the clinic on the FHIR backend (#21), read back from the FHIR test server itself
 * (admin token): the demo clinic's seeded question and answer; a new conversation is a thread
 * header (`category` the topic, no payload, no `partOf`) and one Communication per message
 * (`partOf` the header, `inResponseTo` the message before, `sender` her Patient, the text verbatim
 * in `payload[0].contentString`, a file as `contentAttachment` → `Binary`); marking read writes
 * `received` on the clinic's messages, seen from another device; the EHR's other Communications
 * are not conversations; another patient's conversation and files are not found; a family member
 * with a full grant sees the dependent's conversations, one with an appointments grant none. The
 * shared contract covers the rest (`test/fhir/contract.test.ts`).
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {
  MESSAGE_TOPIC_SYSTEM,
  messageOf,
  threadHeader,
  type CommunicationResource,
} from '../../src/adapters/fhir/messages.js';
import {EXT, type Resource} from '../../src/adapters/fhir/profile.js';
import {createDemoClinicData} from '../../src/adapters/memory/index.js';
import {isPortalError} from '../../src/domain/errors.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});

const CLINIC = createDemoClinicData().clinic.id;
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

async function admin<T extends Resource = Resource>(
  method: string,
  path: string,
  body?: Resource,
): Promise<T> {
  const res = await fetch(`${server.base}/${path}`, {
    method,
    headers: {Authorization: 'Bearer admin', 'Content-Type': 'application/fhir+json'},
    ...(body ? {body: JSON.stringify(body)} : {}),
  });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

const search = async (query: string) =>
  ((await admin<Resource & {entry?: {resource: CommunicationResource}[]}>('GET', query)).entry ?? []).map(
    (e) => e.resource,
  );

async function device(): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const res = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(res.headers.get('location') ?? '');
  return adapter;
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isPortalError(e) ? e.code : String(e);
  }
}

/** A conversation of Sofía's with a file from the clinic, written as the EHR would (admin). */
async function sofiasThread(): Promise<{id: string; binary: string}> {
  const header = await admin<CommunicationResource>(
    'POST',
    'Communication',
    threadHeader('pat-sofia', CLINIC, 'general', new Date().toISOString()),
  );
  const binary = await admin('POST', 'Binary', {
    resourceType: 'Binary',
    contentType: 'application/pdf',
    securityContext: {reference: 'Patient/pat-sofia'},
    data: Buffer.from(PDF).toString('base64'),
  });
  const doctor = {reference: 'Practitioner/prov-x', display: 'Recepción'};
  await admin(
    'POST',
    'Communication',
    messageOf(header, doctor, 'Resultados de Sofía', new Date().toISOString(), [
      {binaryId: binary.id!, fileName: 'sofia.pdf', contentType: 'application/pdf', size: PDF.length},
    ]),
  );
  return {id: header.id!, binary: binary.id!};
}

describe('FHIR messages: Communication threads', () => {
  it("shows the demo clinic's seeded question and its unread answer, with the doctor's name and title", async () => {
    const a = await device();
    expect((await a.getCapabilities()).messages).toBe(true);
    const list = await a.listConversations();
    expect(list.unread).toBe(1);
    expect(list.conversations).toEqual([
      expect.objectContaining({id: 'cnv-ana-fasting', topic: 'results', unread: 1, lastRole: 'clinic'}),
    ]);
    expect(list.settings).toMatchObject({emergencyNumber: '911', maxAttachments: 3});
    const thread = await a.getConversation('cnv-ana-fasting');
    expect(thread.messages.map((m) => [m.own, m.author.role, m.author.name])).toEqual([
      [true, 'patient', 'Ana García López'],
      [false, 'clinic', 'Dra. Sofía Ramírez Luna'],
    ]);
    expect(thread.messages[1]!.author.title).toBe('Médica general');
    expect(thread.messages[1]!.body).toMatch(/^Hola, Ana: sí, por favor venga con 8 horas de ayuno\./);
  });

  it('stores a conversation as a thread header and a Communication per message, files as Binary', async () => {
    const a = await device();
    const body = '  <b>¿Ayuno?</b> & "comillas"\nsegunda línea ';
    const started = await a.startConversation({
      topic: 'appointments',
      body,
      attachments: [{fileName: 'C:\\tmp\\orden.pdf', content: PDF}],
    });
    const reply = await a.replyToConversation(started.id, 'Gracias.');
    const header = await admin<CommunicationResource>('GET', `Communication/${started.id}`);
    expect(header).toMatchObject({
      status: 'in-progress',
      subject: {reference: 'Patient/pat-ana'},
      category: [{coding: [{system: MESSAGE_TOPIC_SYSTEM, code: 'appointments'}]}],
    });
    expect(header.payload).toBeUndefined();
    expect(header.partOf).toBeUndefined();
    expect(header.recipient).toEqual([{reference: 'Patient/pat-ana'}, {reference: `Organization/${CLINIC}`}]);
    const messages = await search(`Communication?part-of=Communication/${started.id}`);
    const first = messages.find((m) => m.id === started.messages[0]!.id)!;
    const second = messages.find((m) => m.id === reply.id)!;
    expect(first).toMatchObject({
      status: 'completed',
      sender: {reference: 'Patient/pat-ana', display: 'Ana García López'},
      recipient: [{reference: `Organization/${CLINIC}`}],
      subject: {reference: 'Patient/pat-ana'},
    });
    expect(first.payload![0]).toEqual({contentString: body.trim()});
    const file = first.payload![1]!.contentAttachment!;
    expect(file).toMatchObject({contentType: 'application/pdf', size: PDF.length, title: 'orden.pdf'});
    const binary = await admin<Resource & {data?: string; securityContext?: unknown}>('GET', file.url!);
    expect(Buffer.from(binary.data ?? '', 'base64')).toEqual(Buffer.from(PDF));
    expect(binary.securityContext).toEqual({reference: 'Patient/pat-ana'});
    expect(second.inResponseTo).toEqual([{reference: `Communication/${first.id}`}]);
    expect(second.payload).toEqual([{contentString: 'Gracias.'}]);
    // The file comes back by its Binary id, with its cleaned name.
    const got = await a.downloadAttachment(started.messages[0]!.attachments![0]!.id);
    expect(got).toMatchObject({fileName: 'orden.pdf', contentType: 'application/pdf'});
    expect(got.content).toEqual(PDF);
  });

  it("marks the clinic's messages read with `received`; another device sees it", async () => {
    const a = await device();
    await a.markConversationRead('cnv-ana-fasting');
    const answer = await admin<CommunicationResource>('GET', 'Communication/msg-ana-fasting-2');
    expect(answer.status).toBe('completed');
    expect(Date.parse(answer.received ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // Her own message is untouched.
    expect(
      (await admin<CommunicationResource>('GET', 'Communication/msg-ana-fasting-1')).received,
    ).toBeUndefined();
    const other = await device();
    expect((await other.listConversations()).unread).toBe(0);
  });

  it("lists only the portal's threads: the EHR's other Communications are not conversations", async () => {
    await admin('POST', 'Communication', {
      resourceType: 'Communication',
      status: 'completed',
      subject: {reference: 'Patient/pat-ana'},
      category: [
        {
          coding: [
            {system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'reminder'},
          ],
        },
      ],
      sent: new Date().toISOString(),
      payload: [{contentString: 'Recordatorio de su cita'}],
    });
    const a = await device();
    expect((await a.listConversations()).conversations.map((c) => c.id)).toEqual(['cnv-ana-fasting']);
  });

  it("keeps another patient's conversation and files from her: not found", async () => {
    const sofia = await sofiasThread();
    const a = await device();
    expect((await a.listConversations()).conversations.map((c) => c.id)).not.toContain(sofia.id);
    expect(await code(a.getConversation(sofia.id))).toBe('not-found');
    expect(await code(a.replyToConversation(sofia.id, 'intrusa'))).toBe('not-found');
    expect(await code(a.markConversationRead(sofia.id))).toBe('not-found');
    expect(await code(a.downloadAttachment(sofia.binary))).toBe('not-found');
    expect(await search(`Communication?part-of=Communication/${sofia.id}`)).toHaveLength(1);
  });

  it("a family member with a full grant reads and answers the dependent's conversations; an appointments grant none", async () => {
    const sofia = await sofiasThread();
    const a = await device();
    const asSofia = a.actingFor('pat-sofia');
    const list = await asSofia.listConversations!();
    expect(list.conversations.map((c) => [c.id, c.unread])).toEqual([[sofia.id, 1]]);
    expect((await asSofia.downloadAttachment!(sofia.binary)).content).toEqual(PDF);
    const reply = await asSofia.replyToConversation!(sofia.id, 'La revisamos, gracias.');
    expect(reply).toMatchObject({own: true, author: {role: 'patient', name: 'Sofía García López'}});
    // Her own list is unchanged.
    expect((await a.listConversations()).conversations.map((c) => c.id)).toEqual(['cnv-ana-fasting']);
    const rp = await admin('GET', 'RelatedPerson/rp-ana-sofia');
    await admin('PUT', 'RelatedPerson/rp-ana-sofia', {
      ...rp,
      extension: [{url: EXT.proxyScope, valueCode: 'appointments'}],
    });
    expect(await code(asSofia.listConversations!())).toBe('not-found');
    expect(await code(asSofia.getConversation!(sofia.id))).toBe('not-found');
  });
});
