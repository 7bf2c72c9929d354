/**
 * Contract cases: lab results and prescriptions (issue #19 item 4). A result's structured values
 * and a prescription's details come with the document's metadata; a value's flag is the domain's
 * rule (`labFlag`). "Request a refill" (`capabilities.refills`) sends the clinic a message in the
 * patient's conversations; while it waits for the clinic's answer, a second request gives the same
 * one back and sends nothing; once the clinic answers, a new one can be sent. What the rule does
 * not allow, a bad note and another patient's id are refused and nothing is sent.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PatientDocument, PortalAdapter} from '../../src/adapters/adapter.js';
import {isFlagged, labFlag, refillStatus} from '../../src/domain/rules/document-details.js';
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

export function documentDetailsContract(c: ContractContext): void {
  const {it, signIn, outboxSince, outboxSize} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({h, a, caps} = c.state());
  });

  /** The seeded prescription a refill can be asked for (the demo clinic's folic acid). */
  const refillable = (docs: readonly PatientDocument[]) =>
    docs.find(
      (d) =>
        d.prescription &&
        refillStatus(d.prescription, true, d.prescription.date) === 'available' &&
        !d.prescription.pendingRefill,
    );
  const conversationCount = async () => (await a.listConversations!()).conversations.length;

  describe('documents: results and prescriptions', () => {
    it('gives a lab result’s values and a prescription’s details with the document', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      await signIn();
      const docs = (await a.listDocuments()).documents;
      const result = docs.find((d) => d.results);
      const rx = docs.find((d) => d.prescription);
      if (!result && !rx) ctx.skip("no structured result or prescription in this backend's seed");
      if (result) {
        expect(result.folder).toBe('results');
        expect(result.results!.values.length).toBeGreaterThan(0);
        for (const v of result.results!.values) {
          expect(v.name).toBeTruthy();
          expect(['number', 'string']).toContain(typeof v.value);
        }
        // The demo clinic's blood test: white cells 11.9 over a range up to 11.0, flagged high.
        const flagged = result.results!.values.filter((v) => isFlagged(labFlag(v)));
        expect(flagged.length).toBeGreaterThan(0);
        expect(labFlag(flagged[0]!)).toBe('high');
        // Only results carry values.
        expect(docs.filter((d) => d.results).every((d) => d.folder === 'results')).toBe(true);
      }
      if (rx) {
        expect(rx.folder).toBe('prescriptions');
        expect(rx.prescription).toMatchObject({
          medication: expect.any(String),
          dose: expect.any(String),
          instructions: expect.any(String),
          prescriber: expect.any(String),
          refillsAllowed: expect.any(Boolean),
          refillsLeft: expect.any(Number),
        });
        expect(rx.prescription!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // The prescription is the day it was added, in the clinic's calendar.
        expect(rx.prescription!.date).toBe(rx.createdAt.slice(0, 10));
        // The folder filter keeps the detail.
        const again = (await a.listDocuments({folder: 'prescriptions'})).documents.find(
          (d) => d.id === rx.id,
        );
        expect(again?.prescription).toEqual(rx.prescription);
      }
    });

    it('says whether it takes refill requests, and refuses them when it does not', async (ctx) => {
      if (caps.refills) {
        expect(caps.messages, 'refills travel as messages').toBe(true);
        expect(typeof a.requestRefill).toBe('function');
        return;
      }
      if (!caps.documents) ctx.skip('no documents');
      await signIn();
      const rx = (await a.listDocuments()).documents.find((d) => d.prescription);
      if (a.requestRefill) await expectNotSupported(a.requestRefill(rx?.id ?? 'doc_x'));
    });

    it('requests a refill as a message to the clinic; a second one while it waits is the same one', async (ctx) => {
      if (!caps.refills) ctx.skip('no refills');
      await expectCode(a.requestRefill!('doc_x'), 'not-signed-in');
      await signIn();
      const rx = refillable((await a.listDocuments()).documents);
      if (!rx) ctx.skip("no refillable prescription in this backend's seed");
      const before = await conversationCount();
      const sent = await a.requestRefill!(rx!.id, '  Farmacia <b>Roma</b>  ');
      expect(sent).toMatchObject({documentId: rx!.id, alreadyRequested: false});
      expect(Number.isNaN(Date.parse(sent.requestedAt))).toBe(false);
      // In her messages: a new conversation naming the medication, the file and her note, verbatim.
      const list = await a.listConversations!();
      expect(list.conversations.length).toBe(before + 1);
      const thread = await a.getConversation!(sent.conversationId);
      expect(thread.topic).toBe('general');
      expect(thread.messages).toHaveLength(1);
      expect(thread.messages[0]!.own).toBe(true);
      expect(thread.messages[0]!.body).toContain(rx!.prescription!.medication);
      expect(thread.messages[0]!.body).toContain(rx!.fileName);
      expect(thread.messages[0]!.body).toContain('Farmacia <b>Roma</b>');
      // The prescription says a refill is waiting.
      const listed = (await a.listDocuments()).documents.find((d) => d.id === rx!.id)!;
      expect(listed.prescription!.pendingRefill).toEqual({
        requestedAt: sent.requestedAt,
        conversationId: sent.conversationId,
      });
      // Again while it waits: the same request, nothing new sent.
      const again = await a.requestRefill!(rx!.id);
      expect(again).toEqual({...sent, alreadyRequested: true});
      expect(await conversationCount()).toBe(before + 1);
      // Once the clinic answers, it no longer waits, and a new request is a new message.
      if (!h.replyAsClinic || !h.advance) return;
      await h.advance(60_000);
      await h.replyAsClinic(sent.conversationId, 'Lista para recoger.');
      const answered = (await a.listDocuments()).documents.find((d) => d.id === rx!.id)!;
      expect(answered.prescription!.pendingRefill).toBeUndefined();
      await h.advance(60_000);
      const next = await a.requestRefill!(rx!.id);
      expect(next.alreadyRequested).toBe(false);
      expect(next.conversationId).not.toBe(sent.conversationId);
      expect(await conversationCount()).toBe(before + 2);
    });

    it('refuses a refill the rule does not allow, a bad note and another patient’s id; nothing sent', async (ctx) => {
      if (!caps.refills) ctx.skip('no refills');
      await signIn();
      const docs = (await a.listDocuments()).documents;
      const rx = refillable(docs);
      const result = docs.find((d) => d.folder === 'results');
      if (!rx || !result) ctx.skip("no refillable prescription and result in this backend's seed");
      const before = await conversationCount();
      await expectFields(a.requestRefill!(rx!.id, 'x'.repeat(501)), {note: 'too-long'});
      await expectFields(a.requestRefill!(rx!.id, 'a\u0000b'), {note: 'invalid'});
      // Not a prescription: nothing to refill.
      await expectFields(a.requestRefill!(result!.id), {refill: 'unavailable'});
      await expectCode(a.requestRefill!('doc_no_such_document'), 'not-found');
      expect(await conversationCount()).toBe(before);
      expect(
        (await a.listDocuments()).documents.find((d) => d.id === rx!.id)!.prescription!.pendingRefill,
      ).toBe(undefined);
      if (!caps.selfRegistration) return;
      // Another patient: Ana's prescription is not found, and nothing is sent for it.
      await a.signOut();
      const details = newDetails();
      const mark = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(mark)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      await expectCode(a.requestRefill!(rx!.id), 'not-found');
      expect((await a.listConversations!()).conversations).toHaveLength(0);
    });
  });
}
