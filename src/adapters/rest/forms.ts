/**
 * The REST adapter's forms operations (#18: questionnaires, consents, the signed consent's PDF), in
 * a chunk of their own: `RestAdapter` installs them on its prototype from `FORM_OPERATIONS` and
 * loads this module on the first forms call, so pages without `<patient-forms>` don't carry them.
 * Each runs as a method of the adapter (`this`), through its one transport (`this.call`).
 */
import {NetworkError} from '../../domain/errors.js';
import type {
  ConsentForm,
  ConsentSignRequest,
  ConsentSignature,
  FormRef,
  FormTask,
  QuestionnaireForm,
  QuestionnaireResponse,
} from '../../domain/forms.js';
import type {InvoicePdfFormat, RequestOptions} from '../adapter.js';
import type {Transport} from './wire.js';

export function listForms(this: Transport, options?: RequestOptions): Promise<readonly FormTask[]> {
  return this.call<'listForms', readonly FormTask[]>({method: 'GET', path: '/forms'}, options);
}

export function getQuestionnaireForm(
  this: Transport,
  ref: FormRef,
  options?: RequestOptions,
): Promise<QuestionnaireForm> {
  return this.call<'getQuestionnaireForm', QuestionnaireForm>(
    {
      method: 'GET',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/questionnaire`,
    },
    options,
  );
}

export function saveQuestionnaireDraft(
  this: Transport,
  ref: FormRef,
  response: QuestionnaireResponse,
  options?: RequestOptions,
): Promise<QuestionnaireResponse> {
  return this.call<'saveQuestionnaireDraft', QuestionnaireResponse>(
    {
      method: 'PUT',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/draft`,
      body: response,
    },
    options,
  );
}

export function submitQuestionnaire(
  this: Transport,
  ref: FormRef,
  response: QuestionnaireResponse,
  options?: RequestOptions,
): Promise<QuestionnaireResponse> {
  return this.call<'submitQuestionnaire', QuestionnaireResponse>(
    {
      method: 'POST',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/response`,
      body: response,
    },
    options,
  );
}

export function getConsentForm(
  this: Transport,
  ref: FormRef,
  options?: RequestOptions,
): Promise<ConsentForm> {
  return this.call<'getConsentForm', ConsentForm>(
    {
      method: 'GET',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/consent`,
    },
    options,
  );
}

export function signConsent(
  this: Transport,
  ref: FormRef,
  request: ConsentSignRequest,
  options?: RequestOptions,
): Promise<ConsentSignature> {
  return this.call<'signConsent', ConsentSignature>(
    {
      method: 'POST',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/signature`,
      body: {
        version: request.version,
        typedName: request.typedName,
        agreed: request.agreed,
        ...(request.signatureImage !== undefined ? {signatureImage: request.signatureImage} : {}),
      },
    },
    options,
  );
}

export function withdrawConsent(
  this: Transport,
  ref: FormRef,
  options?: RequestOptions,
): Promise<ConsentForm> {
  return this.call<'withdrawConsent', ConsentForm>(
    {
      method: 'DELETE',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/signature`,
    },
    options,
  );
}

export async function getConsentPdf(
  this: Transport,
  ref: FormRef,
  format: InvoicePdfFormat,
  options?: RequestOptions,
): Promise<Blob> {
  const response = (await this.call<'getConsentPdf', undefined>(
    {
      method: 'GET',
      path: `/appointments/${encodeURIComponent(ref.appointmentId)}/forms/${encodeURIComponent(ref.itemId)}/consent/pdf`,
      query: [
        ['language', format.language],
        ['locale', format.locale],
      ],
      raw: true,
    },
    options,
  )) as unknown as Response;
  try {
    return new Blob([await response.arrayBuffer()], {type: 'application/pdf'});
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
}
