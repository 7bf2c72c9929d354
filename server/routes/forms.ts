/**
 * Routes: the signed-in patient's forms (`/forms`, `/appointments/{id}/forms/{itemId}/…`):
 * questionnaires with drafts, consent signatures. HTTP only; the services check who may.
 */
import type {ConsentSignRequest, QuestionnaireResponse} from '../../src/domain/forms.js';
import {
  getConsentForm,
  getConsentPdf,
  getQuestionnaireForm,
  listForms,
  saveQuestionnaireDraft,
  signConsent,
  submitQuestionnaire,
  withdrawConsent,
} from '../services/forms.js';
import {caller, json, type App, type RouteKit} from './http.js';
import {checkPdfFormat} from '../../src/domain/rules/billing.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

const BASE = '/appointments/:id/forms/:itemId';

export function formRoutes(app: App, {services: s}: RouteKit): void {
  const ref = (c: {req: {param: (name: 'id' | 'itemId') => string}}) => ({
    appointmentId: c.req.param('id'),
    itemId: c.req.param('itemId'),
  });
  app.get('/forms', async (c) => c.json((await listForms(s, caller(c))) satisfies ResponseBody<'listForms'>));
  app.get(`${BASE}/questionnaire`, async (c) =>
    c.json((await getQuestionnaireForm(s, caller(c), ref(c))) satisfies ResponseBody<'getQuestionnaireForm'>),
  );
  app.put(`${BASE}/draft`, async (c) =>
    c.json(
      (await saveQuestionnaireDraft(
        s,
        caller(c),
        ref(c),
        json<QuestionnaireResponse>(c),
      )) satisfies ResponseBody<'saveQuestionnaireDraft'>,
    ),
  );
  app.post(`${BASE}/response`, async (c) =>
    c.json(
      (await submitQuestionnaire(
        s,
        caller(c),
        ref(c),
        json<QuestionnaireResponse>(c),
      )) satisfies ResponseBody<'submitQuestionnaire'>,
    ),
  );
  app.get(`${BASE}/consent`, async (c) =>
    c.json((await getConsentForm(s, caller(c), ref(c))) satisfies ResponseBody<'getConsentForm'>),
  );
  app.get(`${BASE}/consent/pdf`, async (c) => {
    const format = checkPdfFormat(c.req.query('language'), c.req.query('locale'));
    const pdf = await getConsentPdf(s, caller(c), ref(c), format);
    const body = pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer;
    return c.body(body, 200, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.byteLength),
      'Content-Disposition': 'attachment; filename="consent.pdf"',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.post(`${BASE}/signature`, async (c) =>
    c.json(
      (await signConsent(
        s,
        caller(c),
        ref(c),
        json<ConsentSignRequest>(c),
      )) satisfies ResponseBody<'signConsent'>,
      201,
    ),
  );
  app.delete(`${BASE}/signature`, async (c) =>
    c.json((await withdrawConsent(s, caller(c), ref(c))) satisfies ResponseBody<'withdrawConsent'>),
  );
}
