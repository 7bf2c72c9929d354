/**
 * Contract cases: the patient's forms (issue #18): the list of visit items with what is due, a
 * questionnaire's draft and submission (answers checked by the backend: bad input → field errors
 * and nothing stored), consent signing (version, typed name, time), another patient's items not
 * reachable.
 */
import {beforeEach, describe, expect, type TestContext} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {FormTask, QuestionnaireItem, QuestionnaireResponse} from '../../src/domain/forms.js';
import type {ContractContext} from './context.js';
import {winAnsiByte} from '../../src/domain/invoice-pdf.js';
import {HOUR, expectCode, expectFields, expectNotSupported} from './helpers.js';
import {base64, chunk, makePng, noisyPng} from '../fixtures/png.js';

const ref = (t: FormTask) => ({appointmentId: t.appointmentId, itemId: t.item.id});

function questions(items: readonly QuestionnaireItem[] | undefined, out: QuestionnaireItem[] = []) {
  for (const i of items ?? []) {
    if (i.type !== 'group' && i.type !== 'display') out.push(i);
    questions(i.item, out);
  }
  return out;
}

export function formsContract(c: ContractContext): void {
  const {it, signIn, serverNow, bookedAppointment, hasClock, advanceTo} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  beforeEach(() => {
    ({a, caps} = c.state());
  });

  /** An open item of this kind for a visit ahead (booking one of that mode when the seed has none). */
  async function openTask(ctx: TestContext, kind: 'questionnaire' | 'consent'): Promise<FormTask> {
    await signIn();
    const find = async () =>
      (await a.listForms()).find((t) => t.item.kind === kind && t.actionRequired && t.item.formId);
    let task = await find();
    if (!task) {
      await bookedAppointment({
        mode: kind === 'consent' ? 'video' : 'in-person',
        after: (await serverNow()) + 48 * HOUR,
      });
      task = await find();
    }
    if (!task) ctx.skip(`no ${kind} to do in this backend's seed or a fresh booking`);
    return task!;
  }

  describe('forms', () => {
    it('says whether it has forms, and refuses them when it has not', async () => {
      if (caps.forms) return;
      await expectNotSupported(a.listForms());
      await expectNotSupported(a.getQuestionnaireForm({appointmentId: 'x', itemId: 'y'}));
      await expectNotSupported(
        a.signConsent({appointmentId: 'x', itemId: 'y'}, {version: '1', typedName: 'A', agreed: true}),
      );
    });

    it('lists the visit items with what is due before which visit', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      await expectCode(a.listForms(), 'not-signed-in');
      await signIn();
      const tasks = await a.listForms();
      const now = await serverNow();
      for (const t of tasks) {
        expect(['questionnaire', 'consent', 'instructions']).toContain(t.item.kind);
        expect(t.appointmentStatus).not.toBe('cancelled');
        if (t.actionRequired) {
          expect(t.item.state).toBe('to-do');
          expect(Date.parse(t.appointmentStart)).toBeGreaterThan(now);
          if (t.item.phase === 'before') expect(t.dueBy).toBe(t.appointmentStart);
        } else expect(t.dueBy).toBeUndefined();
      }
      const starts = tasks.map((t) => Date.parse(t.appointmentStart));
      expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    });

    it('keeps a draft, refuses bad answers without storing them, then submits once', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'questionnaire');
      const form = await a.getQuestionnaireForm(ref(task));
      expect(form.questionnaire.resourceType).toBe('Questionnaire');
      expect(form.task.item.id).toBe(task.item.id);
      const qs = questions(form.questionnaire.item);
      const text = qs.find((q) => (q.type === 'string' || q.type === 'text') && !q.enableWhen && !q.readOnly);
      const bool = qs.find((q) => q.type === 'boolean' && !q.enableWhen && !q.readOnly);
      if (!text || !bool) ctx.skip('the questionnaire has no plain text and yes/no questions');
      const payload = "María José Ñúñez-O'Connor <script>alert(1)</script> 😀";
      const draft: QuestionnaireResponse = {
        resourceType: 'QuestionnaireResponse',
        status: 'in-progress',
        item: [{linkId: text!.linkId, answer: [{valueString: payload}]}],
      };
      const saved = await a.saveQuestionnaireDraft(ref(task), draft);
      expect(saved.status).toBe('in-progress');
      const again = await a.getQuestionnaireForm(ref(task));
      expect(again.response?.status).toBe('in-progress');
      const flat = (r: QuestionnaireResponse | undefined) => {
        const out: Record<string, unknown> = {};
        const walk = (items: QuestionnaireResponse['item']) => {
          for (const i of items ?? []) {
            if (i.answer) out[i.linkId] = i.answer;
            walk(i.item);
          }
        };
        walk(r?.item);
        return out;
      };
      expect(flat(again.response)[text!.linkId]).toEqual([{valueString: payload}]);

      // A wrong type: a field error on that item, and the draft unchanged.
      await expectFields(
        a.saveQuestionnaireDraft(ref(task), {
          resourceType: 'QuestionnaireResponse',
          status: 'in-progress',
          item: [{linkId: bool!.linkId, answer: [{valueString: 'yes'}]}],
        }),
        {[`item.${bool!.linkId}`]: 'invalid'},
      );
      await expectFields(
        a.saveQuestionnaireDraft(ref(task), {
          resourceType: 'QuestionnaireResponse',
          status: 'in-progress',
          item: [{linkId: text!.linkId, answer: [{valueString: 'x'.repeat(10_000)}]}],
        }),
        {[`item.${text!.linkId}`]: 'too-long'},
      );
      expect(flat((await a.getQuestionnaireForm(ref(task))).response)[text!.linkId]).toEqual([
        {valueString: payload},
      ]);

      // Submitting with required questions unanswered: refused, the item still to do.
      const required = qs.filter((q) => q.required && !q.enableWhen && !q.readOnly);
      if (required.length > 0) {
        await expectFields(a.submitQuestionnaire(ref(task), draft), {
          [`item.${required[0].linkId}`]: 'required',
        });
        const still = (await a.listForms()).find((t) => t.item.id === task.item.id);
        expect(still?.item.state).toBe('to-do');
      }
      // Every required question answered with a value of its type.
      const answerFor = (q: QuestionnaireItem) => {
        if (q.type === 'boolean') return {valueBoolean: false};
        if (q.type === 'integer') return {valueInteger: 1};
        if (q.type === 'decimal') return {valueDecimal: 1.5};
        if (q.type === 'date') return {valueDate: '2026-01-15'};
        if ((q.type === 'choice' || q.type === 'open-choice') && q.answerOption?.[0])
          return {...q.answerOption[0], initialSelected: undefined};
        return {valueString: 'ok'};
      };
      const full: QuestionnaireResponse = {
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        item: [
          // Required questions shown only under a condition too: the backend drops those it hides.
          ...qs
            .filter((q) => q.required && !q.readOnly)
            .map((q) => ({linkId: q.linkId, answer: [answerFor(q)]})),
          ...(required.includes(text!) ? [] : [{linkId: text!.linkId, answer: [{valueString: payload}]}]),
        ],
      };
      const submitted = await a.submitQuestionnaire(ref(task), full);
      expect(submitted.status).toBe('completed');
      expect(flat(submitted)[text!.linkId]).toEqual([{valueString: payload}]);
      const done = (await a.listForms()).find((t) => t.item.id === task.item.id);
      expect(done?.item.state).toBe('done');
      expect(done?.actionRequired).toBe(false);
      expect((await a.getQuestionnaireForm(ref(task))).response?.status).toBe('completed');
      // Once submitted: neither a draft nor a second submission.
      await expectFields(a.saveQuestionnaireDraft(ref(task), draft), {item: 'unavailable'});
      await expectFields(a.submitQuestionnaire(ref(task), full), {item: 'unavailable'});
    });

    it('drops answers to questions that enableWhen hides', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'questionnaire');
      const form = await a.getQuestionnaireForm(ref(task));
      const qs = questions(form.questionnaire.item);
      const hidden = qs.find(
        (q) =>
          q.type !== 'boolean' &&
          q.enableWhen?.length === 1 &&
          q.enableWhen[0].operator === '=' &&
          q.enableWhen[0].answerBoolean === true,
      );
      if (!hidden) ctx.skip('no question shown only after a "yes"');
      const trigger = hidden!.enableWhen![0].question;
      const saved = await a.saveQuestionnaireDraft(ref(task), {
        resourceType: 'QuestionnaireResponse',
        status: 'in-progress',
        item: [
          {linkId: trigger, answer: [{valueBoolean: false}]},
          {linkId: hidden!.linkId, answer: [{valueString: 'should be dropped'}]},
        ],
      });
      expect(JSON.stringify(saved)).not.toContain('should be dropped');
      expect(JSON.stringify(saved)).toContain(trigger);
    });

    it('signs a consent with the version read and the typed name', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'consent');
      const form = await a.getConsentForm(ref(task));
      expect(form.document.version).toBeTruthy();
      expect(form.signature).toBeUndefined();
      const fields = await expectFields(
        a.signConsent(ref(task), {version: `${form.document.version}-old`, typedName: '   ', agreed: false}),
        {version: 'invalid', typedName: 'required', agreed: 'consent-required'},
      );
      expect(Object.keys(fields).sort()).toEqual(['agreed', 'typedName', 'version']);
      await expectFields(
        a.signConsent(ref(task), {version: form.document.version, typedName: 'x'.repeat(201), agreed: true}),
        {typedName: 'too-long'},
      );
      expect((await a.getConsentForm(ref(task))).signature).toBeUndefined();
      const name = "  María José Ñúñez-O'Connor ";
      const before = await serverNow();
      const signature = await a.signConsent(ref(task), {
        version: form.document.version,
        typedName: name,
        agreed: true,
      });
      expect(signature).toMatchObject({
        consentId: form.document.id,
        version: form.document.version,
        typedName: name.trim(),
      });
      expect(Date.parse(signature.signedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect((await a.getConsentForm(ref(task))).signature).toEqual(signature);
      expect((await a.listForms()).find((t) => t.item.id === task.item.id)?.item.state).toBe('done');
      await expectFields(
        a.signConsent(ref(task), {version: form.document.version, typedName: 'Someone', agreed: true}),
        {item: 'unavailable'},
      );
    });

    it('gives the signed consent as a PDF made by the backend (text, version, typed name, time)', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'consent');
      if (!a.getConsentPdf) return ctx.skip('no consent PDF');
      const format = {language: 'es', locale: 'es-MX'} as const;
      await expectCode(a.getConsentPdf(ref(task), format), 'not-found'); // not signed yet
      const form = await a.getConsentForm(ref(task));
      const name = 'María José Ñúñez (O’Connor)';
      await a.signConsent(ref(task), {version: form.document.version, typedName: name, agreed: true});
      await expectFields(a.getConsentPdf(ref(task), {language: 'fr', locale: 'fr-FR'} as never), {
        language: 'invalid',
      });
      const pdf = await a.getConsentPdf(ref(task), format);
      expect(pdf.type).toBe('application/pdf');
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      const file = String.fromCharCode(...bytes);
      expect(file.startsWith('%PDF-1.4')).toBe(true);
      expect(file.trimEnd().endsWith('%%EOF')).toBe(true);
      // Text is written as WinAnsi hex strings: the typed name, the version and the title are there.
      const hex = (t: string) => [...t].map((ch) => winAnsiByte(ch).toString(16).padStart(2, '0')).join('');
      expect(file).toContain(hex(name));
      expect(file).toContain(hex(`Versión ${form.document.version}`));
      expect(file).toContain(hex(form.document.title.es ?? Object.values(form.document.title)[0]));
      await a.signOut();
      await expectCode(a.getConsentPdf(ref(task), format), 'not-signed-in');
    });

    it('signs with an optional drawn signature (PNG): stored, given back, printed on the PDF', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'consent');
      const form = await a.getConsentForm(ref(task));
      // A text chunk with a script in it is dropped: what is stored is IHDR, IDAT and IEND only.
      const text = chunk('tEXt', Buffer.from('Comment\0<script>alert(1)</script>', 'latin1'));
      const drawn = makePng({width: 240, height: 80, extra: [text]});
      const signature = await a.signConsent(ref(task), {
        version: form.document.version,
        typedName: 'Ana Pérez',
        agreed: true,
        signatureImage: base64(drawn),
      });
      expect(signature.signatureImage).toBe(base64(makePng({width: 240, height: 80})));
      expect(atob(signature.signatureImage!)).not.toContain('script');
      expect((await a.getConsentForm(ref(task))).signature).toEqual(signature);
      if (!a.getConsentPdf) return;
      const pdf = await a.getConsentPdf(ref(task), {language: 'en', locale: 'en-US'});
      const file = String.fromCharCode(...new Uint8Array(await pdf.arrayBuffer()));
      expect(file).toMatch(/\/Subtype \/Image \/Width 240 \/Height 80 \/ColorSpace \/DeviceRGB/);
      expect(file).toMatch(/\/Im1 Do/);
      expect(file.trimEnd().endsWith('%%EOF')).toBe(true);
    });

    it('refuses a drawn signature that is not a PNG, too large or a script, and records nothing', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'consent');
      const form = await a.getConsentForm(ref(task));
      const sign = (signatureImage: string) =>
        a.signConsent(ref(task), {
          version: form.document.version,
          typedName: 'Ana',
          agreed: true,
          signatureImage,
        });
      const jpeg = base64(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
      await expectFields(sign(jpeg), {signatureImage: 'file-type'});
      // Just over 100 KB (within the contract's maxLength: refused by the rule, not the schema).
      const big = noisyPng(160, 160);
      expect(big.length).toBeGreaterThan(100 * 1024);
      await expectFields(sign(base64(big)), {signatureImage: 'file-too-large'});
      await expectFields(sign('<script>alert(1)</script>'), {signatureImage: 'invalid'});
      await expectFields(sign(`data:image/png;base64,${base64(makePng())}`), {signatureImage: 'invalid'});
      await expectFields(sign(base64(Buffer.from('<svg onload="alert(1)"/>'))), {
        signatureImage: 'file-type',
      });
      await expectFields(sign(base64(makePng({idat: Buffer.from('not image data')}))), {
        signatureImage: 'invalid',
      });
      await expectFields(sign(base64(makePng({width: 9000}))), {signatureImage: 'invalid'});
      expect((await a.getConsentForm(ref(task))).signature).toBeUndefined();
      expect((await a.listForms()).find((t) => t.item.id === task.item.id)?.item.state).toBe('to-do');
    });

    it('shows a consent listed as done with its signature, and its PDF, for seeded history too', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const session = await signIn();
      const done = (await a.listForms()).filter((t) => t.item.kind === 'consent' && t.item.state === 'done');
      if (done.length === 0) return ctx.skip("no consent signed in this backend's seed");
      const patient = session.patient;
      for (const task of done) {
        const form = await a.getConsentForm(ref(task));
        // Listed as done, so never the signing form again: who signed, which version, when.
        expect(form.signature, `${task.item.id} done without a signature`).toBeDefined();
        expect(form.signature!.version).toBe(form.document.version);
        expect(form.signature!.typedName).toBe(`${patient.givenName} ${patient.familyName}`);
        expect(Date.parse(form.signature!.signedAt)).toBeLessThan(Date.parse(task.appointmentStart));
        await expectFields(
          a.signConsent(ref(task), {version: form.document.version, typedName: 'X', agreed: true}),
          {
            item: 'unavailable',
          },
        );
        if (a.getConsentPdf) {
          const pdf = await a.getConsentPdf(ref(task), {language: 'en', locale: 'en-US'});
          expect(pdf.type).toBe('application/pdf');
        }
      }
    });

    it('withdraws a signed consent where the clinic allows it; it can then be signed again', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'consent');
      if (!a.withdrawConsent) return ctx.skip('no consent withdrawal');
      const form = await a.getConsentForm(ref(task));
      if (form.document.withdrawal !== 'before-visit') return ctx.skip('this consent is not withdrawable');
      // Not signed yet: nothing to withdraw.
      expect(form.withdrawable).toBe(false);
      await expectFields(a.withdrawConsent(ref(task)), {item: 'unavailable'});
      const request = {version: form.document.version, typedName: 'Ana Pérez', agreed: true};
      const signed = await a.signConsent(ref(task), request);
      expect((await a.getConsentForm(ref(task))).withdrawable).toBe(true);

      const after = await a.withdrawConsent(ref(task));
      expect(after.signature).toBeUndefined();
      expect(after.withdrawable).toBe(false);
      expect(after.task.item.state).toBe('to-do');
      expect(after.task.actionRequired).toBe(true);
      expect(after.withdrawn).toHaveLength(1);
      const {withdrawnAt, ...was} = after.withdrawn![0];
      expect(was).toEqual(signed);
      expect(Date.parse(withdrawnAt)).toBeGreaterThanOrEqual(Date.parse(signed.signedAt));
      expect(await a.getConsentForm(ref(task))).toEqual(after);
      const listed = (await a.listForms()).find((t) => t.item.id === task.item.id);
      expect(listed?.item.state).toBe('to-do');
      expect(listed?.actionRequired).toBe(true);
      // Withdrawn once: a second withdrawal changes nothing, and there is no signed PDF any more.
      await expectFields(a.withdrawConsent(ref(task)), {item: 'unavailable'});
      if (a.getConsentPdf)
        await expectCode(a.getConsentPdf(ref(task), {language: 'en', locale: 'en-US'}), 'not-found');

      const again = await a.signConsent(ref(task), {...request, typedName: 'Ana María Pérez'});
      const now = await a.getConsentForm(ref(task));
      expect(now.signature).toEqual(again);
      expect(now.withdrawn).toEqual(after.withdrawn);
      expect((await a.listForms()).find((t) => t.item.id === task.item.id)?.item.state).toBe('done');
      await a.signOut();
      await expectCode(a.withdrawConsent(ref(task)), 'not-signed-in');
    });

    it('refuses a withdrawal once the visit has started, or where the clinic does not allow it', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      if (!a.withdrawConsent) return ctx.skip('no consent withdrawal');
      const session = await signIn();
      // Seeded history: a consent whose visit is over (or not withdrawable at all) stays signed.
      let refused = 0;
      for (const task of (await a.listForms()).filter(
        (t) => t.item.kind === 'consent' && t.item.state === 'done',
      )) {
        const form = await a.getConsentForm(ref(task));
        if (form.withdrawable) continue;
        await expectFields(a.withdrawConsent(ref(task)), {item: 'unavailable'});
        expect((await a.getConsentForm(ref(task))).signature).toEqual(form.signature);
        refused++;
      }
      if (refused === 0 && !hasClock()) return ctx.skip('no consent to refuse in this seed, and no clock');
      if (!hasClock()) return;
      // A consent signed for a visit ahead, then the visit starts: too late to withdraw.
      const task = await openTask(ctx, 'consent');
      const form = await a.getConsentForm(ref(task));
      if (form.document.withdrawal !== 'before-visit') return;
      const signed = await a.signConsent(ref(task), {
        version: form.document.version,
        typedName: `${session.patient.givenName} ${session.patient.familyName}`,
        agreed: true,
      });
      await advanceTo(Date.parse(task.appointmentStart) + 60_000);
      await signIn(); // the session has expired meanwhile
      const late = await a.getConsentForm(ref(task));
      expect(late.withdrawable).toBe(false);
      await expectFields(a.withdrawConsent(ref(task)), {item: 'unavailable'});
      expect((await a.getConsentForm(ref(task))).signature).toEqual(signed);
    });

    it('keeps forms to their patient', async (ctx) => {
      if (!caps.forms) ctx.skip('no forms');
      const task = await openTask(ctx, 'questionnaire');
      await expectCode(a.getQuestionnaireForm({appointmentId: 'apt-unknown', itemId: 'x'}), 'not-found');
      await expectCode(
        a.getQuestionnaireForm({appointmentId: task.appointmentId, itemId: 'no-such-item'}),
        'not-found',
      );
      await expectCode(a.getConsentForm(ref(task)), 'not-found');
      await a.signOut();
      await expectCode(a.getQuestionnaireForm(ref(task)), 'not-signed-in');
    });
  });
}
