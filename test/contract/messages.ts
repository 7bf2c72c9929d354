/**
 * Contract cases: messages with the clinic (issue #21). A conversation on a topic the clinic offers
 * with a first message; the list (latest activity first, unread counts and total, the clinic's
 * settings: topics, reply time, emergency number); replies; the clinic's answer is unread until the
 * conversation is marked read, and emails the patient without its words; a message's text comes
 * back exactly as written (markup included); bad input is refused with field errors and nothing is
 * stored; another patient's conversation is not found, as an unknown one. Attachments: files with
 * a new conversation, a reply and the clinic's answer, listed with name, type and size, their bytes
 * back for the owner only; refused (nothing stored) by the documents' upload rule — empty, a
 * renamed executable, too large, one too many — with names cleaned of paths and markup.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {ContractContext} from './context.js';
import type {AdapterHarness} from './harness.js';
import {
  STRONG,
  expectCode,
  expectFields,
  expectNotSupported,
  linkWithToken,
  newDetails,
  tokenOf,
} from './helpers.js';

const SCRIPT = '<script>alert("x")</script> & <b>¿ayuno?</b>';
const text = (s: string) => new TextEncoder().encode(s);
const PDF = text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const EXE = text('MZ\x90\x00\x03 This program cannot be run in DOS mode.');

export function messagesContract(c: ContractContext): void {
  const {it, signIn, hasOutbox, outboxSince, outboxSize} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({h, a, caps} = c.state());
  });

  /** The message operations, which a backend without messages may leave out. */
  const m = () => ({
    list: a.listConversations!.bind(a),
    get: a.getConversation!.bind(a),
    start: a.startConversation!.bind(a),
    reply: a.replyToConversation!.bind(a),
    markRead: a.markConversationRead!.bind(a),
    download: a.downloadAttachment!.bind(a),
  });

  describe('messages', () => {
    it('says whether it has messages, and refuses them when it has not', async () => {
      if (caps.messages) {
        for (const op of [
          'listConversations',
          'getConversation',
          'startConversation',
          'replyToConversation',
          'markConversationRead',
          'downloadAttachment',
        ] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      if (a.listConversations) await expectNotSupported(a.listConversations());
      if (a.getConversation) await expectNotSupported(a.getConversation('cnv_x'));
      if (a.startConversation) await expectNotSupported(a.startConversation({topic: 'general', body: 'x'}));
      if (a.replyToConversation) await expectNotSupported(a.replyToConversation('cnv_x', 'x'));
      if (a.markConversationRead) await expectNotSupported(a.markConversationRead('cnv_x'));
      if (a.downloadAttachment) await expectNotSupported(a.downloadAttachment('att_x'));
    });

    it('starts a conversation, lists it first, replies, and shows the text exactly as written', async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      const x = m();
      await expectCode(x.list(), 'not-signed-in');
      await expectCode(x.start({topic: 'general', body: 'hola'}), 'not-signed-in');
      await signIn();
      const before = await x.list();
      expect(before.settings.topics.length).toBeGreaterThan(0);
      expect(before.settings.replyWorkingDays).toBeGreaterThanOrEqual(1);
      expect(['911', '112']).toContain(before.settings.emergencyNumber);
      expect(before.settings.maxLength).toBe(2000);
      const topic = before.settings.topics[0]!;
      const started = await x.start({topic, body: `  ${SCRIPT}\nsegunda línea  `});
      expect(started).toMatchObject({topic, unread: 0, lastRole: 'patient'});
      expect(started.messages).toHaveLength(1);
      expect(started.messages[0]).toMatchObject({
        body: `${SCRIPT}\nsegunda línea`,
        own: true,
        author: {role: 'patient'},
      });
      expect(started.messages[0]!.author.name).toBeTruthy();
      const reply = await x.reply(started.id, SCRIPT);
      expect(reply).toMatchObject({body: SCRIPT, own: true, author: {role: 'patient'}});
      const after = await x.list();
      expect(after.conversations.length).toBe(before.conversations.length + 1);
      expect(after.conversations[0]).toMatchObject({id: started.id, topic, unread: 0});
      const times = after.conversations.map((s) => Date.parse(s.lastMessageAt));
      expect(times).toEqual([...times].sort((p, q) => q - p));
      const thread = await x.get(started.id);
      expect(thread.messages.map((msg) => msg.body)).toEqual([`${SCRIPT}\nsegunda línea`, SCRIPT]);
      expect(thread.messages.map((msg) => msg.id)).toEqual([started.messages[0]!.id, reply.id]);
    });

    it("counts the clinic's answer unread until marked read, and emails that it came without its words", async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      if (!h.replyAsClinic) ctx.skip('no staff side in this harness');
      const x = m();
      await signIn();
      const started = await x.start({topic: 'general', body: '¿Puedo cambiar de médico?'});
      const unreadBefore = (await x.list()).unread;
      const mails = await outboxSize();
      const answer = 'Sí, CLAVE-SECRETA-7 puede elegir a otra profesional al reservar.';
      await h.replyAsClinic!(started.id, answer);
      const list = await x.list();
      expect(list.unread).toBe(unreadBefore + 1);
      expect(list.conversations[0]).toMatchObject({id: started.id, unread: 1, lastRole: 'clinic'});
      const thread = await x.get(started.id);
      expect(thread.messages[1]).toMatchObject({body: answer, own: false, author: {role: 'clinic'}});
      expect(thread.messages[1]!.author.name).toBeTruthy();
      // Reading the thread does not mark it read; marking does.
      expect((await x.list()).unread).toBe(unreadBefore + 1);
      await x.markRead(started.id);
      const read = await x.list();
      expect(read.unread).toBe(unreadBefore);
      expect(read.conversations.find((s) => s.id === started.id)?.unread).toBe(0);
      if (hasOutbox()) {
        const sent = (await outboxSince(mails)).filter((msg) => msg.kind === 'message-reply');
        expect(sent).toHaveLength(1);
        expect(sent[0]!.channel).toBe('email');
        expect(sent[0]!.to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        expect(sent[0]!.text).not.toContain('CLAVE-SECRETA-7');
        expect(sent[0]!.subject).not.toContain('CLAVE-SECRETA-7');
      }
    });

    it('refuses bad input with field errors and stores nothing', async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      const x = m();
      await signIn();
      const {conversations} = await x.list();
      const started = await x.start({topic: 'general', body: 'primera'});
      const count = conversations.length + 1;
      const bad = [
        [{topic: 'general', body: ''}, {body: 'required'}],
        [{topic: 'general', body: '   \n '}, {body: 'required'}],
        [{topic: 'general', body: 'x'.repeat(2001)}, {body: 'too-long'}],
        [{topic: 'general', body: 'nul \u0000 byte'}, {body: 'invalid'}],
        [{topic: 'general', body: 42}, {body: 'invalid'}],
        [{topic: 'lawsuits', body: 'hola'}, {topic: 'invalid'}],
        [{body: 'hola'}, {topic: 'required'}],
      ] as const;
      for (const [request, fields] of bad) await expectFields(x.start(request as never), fields);
      await expectFields(x.reply(started.id, ''), {body: 'required'});
      await expectFields(x.reply(started.id, 'y'.repeat(2001)), {body: 'too-long'});
      const after = await x.list();
      expect(after.conversations.length).toBe(count);
      expect((await x.get(started.id)).messages).toHaveLength(1);
      // 2000 characters (emoji count as one each) is allowed.
      await x.reply(started.id, '😀'.repeat(2000));
    });

    it("keeps conversations to their patient: another patient's id is not found", async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      if (!caps.selfRegistration) ctx.skip('no second patient without self-registration');
      const x = m();
      await signIn();
      const files = (await x.list()).settings.maxAttachments > 0;
      const mine = await x.start({
        topic: 'general',
        body: 'solo mía',
        ...(files ? {attachments: [{fileName: 'mía.pdf', content: PDF}]} : {}),
      });
      const file = mine.messages[0]!.attachments?.[0]?.id;
      if (files) expect(file).toBeTruthy();
      await expectCode(x.get('cnv_no_such_conversation'), 'not-found');
      await a.signOut();
      await expectCode(x.get(mine.id), 'not-signed-in');
      if (file) await expectCode(x.download(file), 'not-signed-in');
      const details = newDetails();
      const before = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(before)).find(
        (msg) => msg.to.toLowerCase() === details.email.toLowerCase(),
      );
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      await expectCode(x.get(mine.id), 'not-found');
      if (file) await expectCode(x.download(file), 'not-found');
      await expectCode(x.reply(mine.id, 'intruso'), 'not-found');
      await expectCode(x.markRead(mine.id), 'not-found');
      expect((await x.list()).conversations.map((s) => s.id)).not.toContain(mine.id);
      await a.signOut();
      await signIn();
      expect((await x.get(mine.id)).messages).toHaveLength(1);
      if (file) expect((await x.download(file)).content).toEqual(PDF);
    });
  });

  describe('messages: attachments', () => {
    it('sends files with a new conversation, a reply and the clinic’s answer; the owner gets their bytes back', async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      const x = m();
      await signIn();
      const {settings} = await x.list();
      if (settings.maxAttachments === 0) ctx.skip('no attachments offered');
      expect(settings.maxAttachments).toBe(3);
      expect(settings.maxAttachmentBytes).toBeGreaterThan(0);
      if (caps.documents) expect(settings.maxAttachmentBytes).toBe((await a.listDocuments()).maxUploadBytes);
      const started = await x.start({
        topic: 'general',
        body: 'Le envío los análisis.',
        attachments: [
          {fileName: 'C:\\Users\\ana\\<script>alert(1)</script>análisis.pdf', content: PDF},
          {fileName: '../../etc/foto', content: PNG},
        ],
      });
      const sent = started.messages[0]!.attachments!;
      expect(sent.map((f) => [f.contentType, f.size])).toEqual([
        ['application/pdf', PDF.length],
        ['image/png', PNG.length],
      ]);
      for (const f of sent) expect(f.fileName).not.toMatch(/[\\/<>]/);
      expect(sent[0]!.fileName).toMatch(/análisis\.pdf$/);
      expect(sent[1]!.fileName).toBe('foto.png');
      // The same in the thread, and the bytes come back as sent.
      const thread = await x.get(started.id);
      expect(thread.messages[0]!.attachments).toEqual(sent);
      const got = await x.download(sent[1]!.id);
      expect(got).toMatchObject({fileName: 'foto.png', contentType: 'image/png'});
      expect(got.content).toEqual(PNG);
      // A reply with a file; a reply as plain text has none.
      const reply = await x.reply(started.id, {
        body: 'Y la receta.',
        attachments: [{fileName: 'receta.pdf', content: PDF}],
      });
      expect(reply.attachments).toEqual([
        {id: expect.any(String), fileName: 'receta.pdf', contentType: 'application/pdf', size: PDF.length},
      ]);
      expect((await x.reply(started.id, 'Gracias.')).attachments).toBeUndefined();
      expect((await x.download(reply.attachments![0]!.id)).content).toEqual(PDF);
      // The clinic's answer may carry a file too (its staff side).
      if (h.replyAsClinic) {
        await h.replyAsClinic(started.id, 'Aquí su informe.', [{fileName: 'informe.pdf', content: PDF}]);
        const answer = (await x.get(started.id)).messages.at(-1)!;
        expect(answer).toMatchObject({own: false, attachments: [{fileName: 'informe.pdf'}]});
        expect((await x.download(answer.attachments![0]!.id)).content).toEqual(PDF);
      }
      await expectCode(x.download('att_no_such_file'), 'not-found');
    });

    it('refuses bad files by the documents’ rule and stores nothing', async (ctx) => {
      if (!caps.messages) ctx.skip('no messages');
      const x = m();
      await signIn();
      const {settings, conversations} = await x.list();
      if (settings.maxAttachments === 0) ctx.skip('no attachments offered');
      const started = await x.start({topic: 'general', body: 'primera'});
      const one = (fileName: string, content: Uint8Array) => [{fileName, content}];
      const bad = [
        [one('vacío.pdf', new Uint8Array()), {'attachments.0': 'file-empty'}],
        [one('factura.pdf', EXE), {'attachments.0': 'file-type'}],
        [one('nota.txt', text('hola')), {'attachments.0': 'file-type'}],
        [one('', PDF), {'attachments.0.fileName': 'required'}],
        [
          Array.from({length: settings.maxAttachments + 1}, (_, i) => ({fileName: `${i}.pdf`, content: PDF})),
          {attachments: 'too-many'},
        ],
        // One good file and one bad: the message is refused whole.
        [[...one('bien.pdf', PDF), ...one('mal.pdf', EXE)], {'attachments.1': 'file-type'}],
      ] as const;
      for (const [attachments, fields] of bad) {
        await expectFields(x.start({topic: 'general', body: 'con archivo', attachments} as never), fields);
        await expectFields(x.reply(started.id, {body: 'con archivo', attachments} as never), fields);
      }
      await expectFields(x.start({topic: 'general', body: 'x', attachments: 'no' as never}), {
        attachments: 'invalid',
      });
      // One byte over the clinic's limit (once: a body this large is tens of megabytes on the wire).
      const large = one('grande.pdf', new Uint8Array(settings.maxAttachmentBytes + 1).fill(0x25));
      await expectFields(x.reply(started.id, {body: 'grande', attachments: large}), {
        'attachments.0': 'file-too-large',
      });
      expect((await x.list()).conversations.length).toBe(conversations.length + 1);
      expect((await x.get(started.id)).messages).toHaveLength(1);
      // Exactly the most a message may carry is fine.
      const full = await x.reply(started.id, {
        body: 'tres',
        attachments: Array.from({length: settings.maxAttachments}, (_, i) => ({
          fileName: `${i}.pdf`,
          content: PDF,
        })),
      });
      expect(full.attachments).toHaveLength(settings.maxAttachments);
    });
  });
}
