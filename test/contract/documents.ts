/**
 * Contract cases: the patient's documents (issue #19): list (newest first, by folder, "new" until
 * opened), download (the bytes and the cleaned name), upload (type by the first bytes, size,
 * category, note: refused → field errors and nothing stored), another patient's documents 404.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, DocumentUpload, PortalAdapter} from '../../src/adapters/adapter.js';
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

const text = (s: string) => new TextEncoder().encode(s);
const PDF = text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const EXE = text('MZ\x90\x00\x03 This program cannot be run in DOS mode.');
const HEIC = new Uint8Array([0, 0, 0, 0x18, ...text('ftypheic'), 0, 0, 0, 0, ...text('mif1heic')]);

export function documentsContract(c: ContractContext): void {
  const {it, signIn, outboxSince, outboxSize, hasOutbox} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({h, a, caps} = c.state());
  });

  const upload = (over: Partial<DocumentUpload> = {}): DocumentUpload => ({
    fileName: 'análisis.pdf',
    category: 'results',
    content: PDF,
    ...over,
  });

  describe('documents', () => {
    it('a document the clinic adds is listed "New" and emailed as waiting, without its name, in her language', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      if (!h.addClinicDocument) ctx.skip('no staff side in this harness');
      const session = await signIn();
      const mails = await outboxSize();
      const id = await h.addClinicDocument!(session.patient.id, {
        folder: 'reports',
        fileName: 'Informe VIH-CONFIDENCIAL-9.pdf',
        content: PDF,
        author: 'Dra. Ramírez',
      });
      const list = await a.listDocuments({folder: 'reports'});
      expect(list.documents[0]).toMatchObject({
        id,
        folder: 'reports',
        fileName: 'Informe VIH-CONFIDENCIAL-9.pdf',
        author: 'Dra. Ramírez',
        isNew: true,
      });
      if (hasOutbox()) {
        const sent = (await outboxSince(mails)).filter((m) => m.kind === 'document-new');
        expect(sent).toHaveLength(1);
        const mail = sent[0]!;
        expect(mail.channel).toBe('email');
        expect(mail.to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        expect(mail.language).toBe(session.patient.language);
        for (const text of [mail.subject, mail.text, ...Object.values(mail.links)]) {
          expect(text).not.toContain('CONFIDENCIAL');
          expect(text).not.toContain('Informe');
          expect(text).not.toContain(id);
          expect(text).not.toContain(session.patient.id);
          expect(text.toLowerCase()).not.toContain(h.knownPatient.email.toLowerCase());
        }
        // The portal's documents section, in her language: no patient data in the link.
        expect(mail.links.portal).toMatch(/#portal\/documents&lang=(es|en)$/);
        expect(mail.text).toContain(mail.links.portal);
      }
      // Refused input stores nothing and sends nothing.
      const count = (await a.listDocuments()).documents.length;
      const mark = await outboxSize();
      await expectFields(
        h.addClinicDocument!(session.patient.id, {folder: 'uploads', fileName: 'x.exe', content: EXE}),
        {file: 'file-type', folder: 'invalid'},
      );
      await expectCode(
        h.addClinicDocument!('pat_no_such_patient', {folder: 'reports', fileName: 'a.pdf', content: PDF}),
        'not-found',
      );
      expect((await a.listDocuments()).documents).toHaveLength(count);
      expect((await outboxSince(mark)).filter((m) => m.kind === 'document-new')).toHaveLength(0);
    });

    it('says whether it has documents, and refuses them when it has not', async () => {
      if (caps.documents) return;
      await expectNotSupported(a.listDocuments());
      await expectNotSupported(a.downloadDocument('doc_x'));
      await expectNotSupported(a.uploadDocument(upload()));
      await expectNotSupported(a.deleteDocument('doc_x'));
    });

    it('deletes the patient’s own upload; a clinic document or an unknown id is not found and stays', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      await expectCode(a.deleteDocument('doc_x'), 'not-signed-in');
      await signIn();
      const mine = await a.uploadDocument(upload({fileName: 'borrar.pdf'}));
      const count = (await a.listDocuments()).documents.length;
      await a.deleteDocument(mine.id);
      const after = await a.listDocuments();
      expect(after.documents.length).toBe(count - 1);
      expect(after.documents.map((d) => d.id)).not.toContain(mine.id);
      await expectCode(a.downloadDocument(mine.id), 'not-found');
      // Once gone, again: not found.
      await expectCode(a.deleteDocument(mine.id), 'not-found');
      await expectCode(a.deleteDocument('doc_no_such_document'), 'not-found');
      const clinic = after.documents.find((d) => d.folder !== 'uploads');
      if (clinic) {
        await expectCode(a.deleteDocument(clinic.id), 'not-found');
        expect((await a.listDocuments()).documents.map((d) => d.id)).toContain(clinic.id);
      }
    });

    it('uploads a file, lists it newest first in "Uploaded by you" and gives its bytes back', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      await expectCode(a.listDocuments(), 'not-signed-in');
      await signIn();
      const before = await a.listDocuments();
      expect(before.maxUploadBytes).toBeGreaterThan(0);
      const pdf = await a.uploadDocument(
        upload({fileName: '../../<script>alert(1)</script>lab ñ.pdf', note: '  en ayunas <b>8 h</b> '}),
      );
      expect(pdf).toMatchObject({
        folder: 'uploads',
        category: 'results',
        fileName: 'scriptlab ñ.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        note: 'en ayunas <b>8 h</b>',
        isNew: false,
      });
      expect(pdf.author).toBeUndefined();
      const png = await a.uploadDocument(upload({fileName: 'foto', category: 'images', content: PNG}));
      expect(png).toMatchObject({fileName: 'foto.png', contentType: 'image/png', category: 'images'});
      const after = await a.listDocuments();
      expect(after.documents.length).toBe(before.documents.length + 2);
      const times = after.documents.map((d) => Date.parse(d.createdAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(after.documents.map((d) => d.id)).toEqual(expect.arrayContaining([pdf.id, png.id]));
      const uploads = await a.listDocuments({folder: 'uploads'});
      expect(uploads.documents.every((d) => d.folder === 'uploads')).toBe(true);
      expect(uploads.documents.map((d) => d.id)).toEqual(expect.arrayContaining([pdf.id, png.id]));
      expect((await a.listDocuments({folder: 'prescriptions'})).documents.map((d) => d.id)).not.toContain(
        pdf.id,
      );
      const got = await a.downloadDocument(pdf.id);
      expect(got.fileName).toBe(pdf.fileName);
      expect(got.contentType).toBe('application/pdf');
      expect([...got.content]).toEqual([...PDF]);
    });

    it('refuses what it does not accept and stores nothing', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      await signIn();
      const count = (await a.listDocuments()).documents.length;
      // A renamed executable, a HEIC photo, an empty file: by their bytes, whatever the name.
      await expectFields(a.uploadDocument(upload({fileName: 'receta.pdf', content: EXE})), {
        file: 'file-type',
      });
      await expectFields(a.uploadDocument(upload({fileName: 'foto.jpg', content: HEIC})), {
        file: 'file-heic',
      });
      await expectFields(a.uploadDocument(upload({content: new Uint8Array()})), {file: 'file-empty'});
      await expectFields(a.uploadDocument(upload({category: '' as never})), {category: 'required'});
      await expectFields(a.uploadDocument(upload({category: 'invoices' as never})), {category: 'invalid'});
      await expectFields(a.uploadDocument(upload({note: 'x'.repeat(501)})), {note: 'too-long'});
      await expectFields(a.uploadDocument(upload({fileName: ''})), {fileName: 'required'});
      expect((await a.listDocuments()).documents.length).toBe(count);
    });

    it('shows a clinic document as new until it is first opened', async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      await signIn();
      const fresh = (await a.listDocuments()).documents.find((d) => d.isNew);
      if (!fresh) ctx.skip("no new clinic document in this backend's seed");
      expect(fresh!.folder).not.toBe('uploads');
      expect(fresh!.author).toBeTruthy();
      const got = await a.downloadDocument(fresh!.id);
      expect(got.content.length).toBe(fresh!.size);
      expect(got.fileName).toBe(fresh!.fileName);
      const again = (await a.listDocuments({folder: fresh!.folder})).documents.find(
        (d) => d.id === fresh!.id,
      );
      expect(again?.isNew).toBe(false);
    });

    it("keeps documents to their patient: another patient's id is not found", async (ctx) => {
      if (!caps.documents) ctx.skip('no documents');
      if (!caps.selfRegistration) ctx.skip('no second patient without self-registration');
      await signIn();
      const mine = await a.uploadDocument(upload());
      await expectCode(a.downloadDocument('doc_no_such_document'), 'not-found');
      await a.signOut();
      await expectCode(a.downloadDocument(mine.id), 'not-signed-in');
      const details = newDetails();
      const before = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(before)).find(
        (m) => m.to.toLowerCase() === details.email.toLowerCase(),
      );
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      await expectCode(a.downloadDocument(mine.id), 'not-found');
      await expectCode(a.deleteDocument(mine.id), 'not-found');
      expect((await a.listDocuments()).documents.map((d) => d.id)).not.toContain(mine.id);
    });
  });
}
