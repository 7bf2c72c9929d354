/**
 * The FHIR adapter's questionnaires and consents, loaded on the first forms call in a chunk of their own: a
 * visit's questionnaire is the `Questionnaire` its HealthcareService names (extension
 * `questionnaire`, the canonical `url`); the patient's draft and then their answers are one
 * `QuestionnaireResponse` per visit item (its `identifier` in the `visit-item` system, `subject`
 * and `author` the patient), `in-progress` then `completed` — what an EHR's own tools read. Every
 * rule (what is listed, what may still be answered, what an answer may be) is the domain's
 * (`domain/rules/forms.ts`); this file only maps FHIR.
 *
 * A draft is written over with `If-Match` on the version read (a submitted response is never
 * turned back into a draft by a stale tab); the first save creates it conditionally on its
 * identifier, so two tabs saving at once make one response.
 */
// (Only modules the adapter's chunk does not use itself, or the two would share a third chunk that
// every FHIR page loads: the rest comes through the host.)
import {
  NotFoundError,
  ValidationError,
  type FormRef,
  type InvoicePdfFormat,
  type RequestOptions,
} from '../adapter.js';
import {consentPdf} from '../../domain/consent-pdf.js';
import type {
  ConsentDocument,
  ConsentForm,
  ConsentSignature,
  FormTask,
  Questionnaire,
  QuestionnaireForm,
  QuestionnaireResponse,
} from '../../domain/forms.js';
import {checkPdfFormat} from '../../domain/rules/billing.js';
import {
  WITHDRAWALS_SHOWN,
  checkConsentWithdrawal,
  checkItemOpen,
  checkQuestionnaireResponse,
  consentWithdrawable,
  formItemOf,
  formTasks,
} from '../../domain/rules/forms.js';
import {checkConsentSigning} from '../../domain/rules/signature-image.js';
import type {Appointment, Clinic, Instant} from '../../domain/types.js';
import type {FhirHttp} from './http.js';
import type {Resource} from './profile.js';

/** What the adapter lends its forms. */
export interface FormsHost {
  readonly http: FhirHttp;
  /** `SYSTEM.visitItem` (profile.ts). */
  readonly visitItemSystem: string;
  /** The extension URLs of consents (profile.ts `EXT`). */
  readonly ext: {
    readonly consentVersion: string;
    readonly consentWithdrawal: string;
    readonly typedName: string;
    readonly drawnSignature: string;
  };
  clinic(signal?: AbortSignal): Promise<Clinic>;
  /** The server's time now, RFC 3339. */
  nowInstant(): Instant;
  /** The signed-in patient's Patient id (`NotSignedInError` otherwise). */
  patientId(): string;
  /** The patient's appointments, their questionnaires' states from the responses stored. */
  appointments(signal?: AbortSignal): Promise<Appointment[]>;
  /** One of the patient's own appointments (another's: `NotFoundError`). */
  appointment(id: string, signal?: AbortSignal): Promise<Appointment>;
  /** A visit item now answered for good. */
  answered(itemId: string): void;
  /** A visit item to do again (its consent withdrawn). */
  reopened(itemId: string): void;
  now(): number;
}

/** Each adapter's questionnaires by canonical URL (published questionnaires change rarely). */
const questionnaires = new WeakMap<FormsHost, Map<string, Promise<Questionnaire>>>();

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function questionnaireOf(host: FormsHost, canonical: string, signal?: AbortSignal): Promise<Questionnaire> {
  let cache = questionnaires.get(host);
  if (!cache) questionnaires.set(host, (cache = new Map()));
  let found = cache.get(canonical);
  if (!found) {
    const [url, version] = canonical.split('|');
    found = host.http.searchAll('Questionnaire', {url}, signal).then((list) => {
      const q = list.find(
        (r) => r.url === url && r.status !== 'retired' && (version === undefined || r.version === version),
      );
      if (!q) throw new NotFoundError();
      return q as unknown as Questionnaire;
    });
    cache.set(canonical, found);
    found.catch(() => cache.delete(canonical));
  }
  return found;
}

/** The visit item `ref` names, of this kind, on one of the patient's own appointments. */
async function taskOf(
  host: FormsHost,
  ref: FormRef,
  kind: 'questionnaire' | 'consent',
  signal?: AbortSignal,
) {
  if (typeof ref?.appointmentId !== 'string' || !ID.test(ref.appointmentId) || typeof ref.itemId !== 'string')
    throw new NotFoundError();
  const appointment = await host.appointment(ref.appointmentId, signal);
  const item = formItemOf(appointment, ref.itemId, kind);
  const task = formTasks([appointment], host.now()).find((t) => t.item.id === ref.itemId);
  if (!item || !task) throw new NotFoundError();
  return {appointment, item, task};
}

interface StoredResponse extends Resource {
  identifier?: {system?: string; value?: string};
  subject?: {reference?: string};
  status?: string;
  authored?: string;
  questionnaire?: string;
  item?: QuestionnaireResponse['item'];
  meta?: {versionId?: string};
}

/** The patient's response to this visit item, if any. */
async function storedResponse(
  host: FormsHost,
  patientId: string,
  itemId: string,
  signal?: AbortSignal,
): Promise<StoredResponse | undefined> {
  const found = await host.http.searchAll<StoredResponse>(
    'QuestionnaireResponse',
    {subject: `Patient/${patientId}`, identifier: `${host.visitItemSystem}|${itemId}`},
    signal,
  );
  // (Checked here too: a server that ignores a search parameter must not hand over another's.)
  return found.find(
    (r) =>
      r.identifier?.system === host.visitItemSystem &&
      r.identifier.value === itemId &&
      r.subject?.reference === `Patient/${patientId}`,
  );
}

function responseOf(r: StoredResponse): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    ...(r.questionnaire ? {questionnaire: r.questionnaire} : {}),
    status: r.status === 'completed' ? 'completed' : 'in-progress',
    ...(r.authored ? {authored: r.authored} : {}),
    ...(r.item ? {item: r.item} : {}),
  };
}

export async function listForms(host: FormsHost, options: RequestOptions = {}): Promise<FormTask[]> {
  return formTasks(await host.appointments(options.signal), host.now());
}

export async function getQuestionnaireForm(
  host: FormsHost,
  ref: FormRef,
  options: RequestOptions = {},
): Promise<QuestionnaireForm> {
  const {item, task} = await taskOf(host, ref, 'questionnaire', options.signal);
  const [questionnaire, saved] = await Promise.all([
    questionnaireOf(host, item.formId, options.signal),
    storedResponse(host, host.patientId(), item.id, options.signal),
  ]);
  return structuredClone({task, questionnaire, ...(saved ? {response: responseOf(saved)} : {})});
}

/** Saves a draft (`final` false) or the answers (`final` true), checked by the domain's rules first. */
export async function answer(
  host: FormsHost,
  ref: FormRef,
  response: unknown,
  final: boolean,
  options: RequestOptions = {},
): Promise<QuestionnaireResponse> {
  const signal = options.signal;
  const {appointment, item} = await taskOf(host, ref, 'questionnaire', signal);
  checkItemOpen(appointment, item);
  const questionnaire = await questionnaireOf(host, item.formId, signal);
  const checked = checkQuestionnaireResponse(questionnaire, response, {
    final,
    authored: host.nowInstant(),
  });
  const patient = `Patient/${host.patientId()}`;
  const body = (id?: string): StoredResponse => ({
    resourceType: 'QuestionnaireResponse',
    ...(id ? {id} : {}),
    identifier: {system: host.visitItemSystem, value: item.id},
    questionnaire: questionnaire.url
      ? `${questionnaire.url}${questionnaire.version ? `|${questionnaire.version}` : ''}`
      : item.formId,
    status: checked.status,
    subject: {reference: patient},
    author: {reference: patient},
    source: {reference: patient},
    ...(checked.authored ? {authored: checked.authored} : {}),
    ...(checked.item?.length ? {item: checked.item} : {}),
  });
  // Twice at most: a write that lost to another tab's reads the response again and tries once more.
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await storedResponse(host, host.patientId(), item.id, signal);
    if (existing?.status === 'completed') throw new ValidationError({item: 'unavailable'});
    const res = existing?.id
      ? await host.http.request('PUT', `QuestionnaireResponse/${existing.id}`, {
          body: body(existing.id),
          headers: existing.meta?.versionId ? {'If-Match': `W/"${existing.meta.versionId}"`} : {},
          allowConflict: true,
          signal,
        })
      : await host.http.request('POST', 'QuestionnaireResponse', {
          body: body(),
          headers: {'If-None-Exist': `identifier=${host.visitItemSystem}|${encodeURIComponent(item.id)}`},
          allowConflict: true,
          signal,
        });
    if (res.status === 409 || res.status === 412) continue;
    // A conditional create that found one already (200): written over on the next turn.
    if (!existing && res.status === 200) continue;
    if (final) host.answered(item.id);
    return structuredClone(checked);
  }
  throw new ValidationError({item: 'unavailable'});
}

// -------------------------------------------------------------------------------------------------
// Consents: the clinic's document is a DocumentReference (`consent-document` identifier, its text
// per language as plain-text attachments, extension `consent-version`); the patient's signature is a
// `Consent` (`active`, scope treatment, category LOINC 59284-0, `sourceReference` the document,
// `identifier` the visit item, extensions `consent-version`, `typed-name`, `drawn-signature`). A
// withdrawn signature is the same Consent made `inactive`, `provision.period.end` the time it was
// withdrawn, its identifier moved to the `…/visit-item-withdrawn` system (written with If-Match: two
// withdrawals at once, one succeeds). So the conditional create that signs needs the identifier
// alone (no status, which some servers ignore), and signing again creates a new active Consent.

interface Attachment {
  contentType?: string;
  language?: string;
  title?: string;
  data?: string;
}

interface ConsentDocumentResource extends Resource {
  status?: string;
  description?: string;
  extension?: {url: string; valueString?: string; valueCode?: string}[];
  content?: {attachment?: Attachment}[];
}

interface ConsentResource extends Resource {
  identifier?: {system?: string; value?: string}[];
  patient?: {reference?: string};
  status?: string;
  dateTime?: string;
  sourceReference?: {reference?: string};
  provision?: {period?: {start?: string; end?: string}};
  meta?: {versionId?: string};
  extension?: {url: string; valueString?: string; valueAttachment?: Attachment}[];
}

const utf8 = (base64: string): string =>
  new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

/** The clinic's consent document `id` (a DocumentReference id), as the patient reads it. */
async function consentDocument(host: FormsHost, id: string, signal?: AbortSignal): Promise<ConsentDocument> {
  if (!ID.test(id)) throw new NotFoundError();
  const r = (await host.http.request<ConsentDocumentResource>('GET', `DocumentReference/${id}`, {signal}))
    .body;
  const version = r.extension?.find((e) => e.url === host.ext.consentVersion)?.valueString;
  const withdrawal = r.extension?.find((e) => e.url === host.ext.consentWithdrawal)?.valueCode;
  if (r.status !== 'current' || !version) throw new NotFoundError();
  const title: Record<string, string> = {};
  const body: Record<string, string> = {};
  for (const c of r.content ?? []) {
    const a = c.attachment;
    if (!a?.data || !a.language || !/^text\/plain\b/.test(a.contentType ?? '')) continue;
    body[a.language] = utf8(a.data);
    title[a.language] = a.title ?? r.description ?? '';
  }
  if (Object.keys(body).length === 0) throw new NotFoundError();
  return {
    id,
    version,
    title,
    body,
    ...(withdrawal === 'before-visit' || withdrawal === 'any-time' ? {withdrawal} : {}),
  };
}

const withdrawnSystem = (host: FormsHost) => `${host.visitItemSystem}-withdrawn`;

/** Whether this Consent is the patient's, for the visit item under `system`, in `status`. */
const isConsent = (r: ConsentResource, patient: string, system: string, itemId: string, status: string) =>
  r.status === status &&
  r.patient?.reference === patient &&
  (r.identifier ?? []).some((i) => i.system === system && i.value === itemId);

/** The patient's signatures of this visit item: the one in force (`active`) and those withdrawn. */
async function storedConsents(
  host: FormsHost,
  itemId: string,
  signal?: AbortSignal,
): Promise<{signed?: ConsentResource; withdrawn: ConsentResource[]}> {
  const patient = `Patient/${host.patientId()}`;
  const found = await host.http.searchAll<ConsentResource>(
    'Consent',
    {patient, identifier: `${host.visitItemSystem}|${itemId},${withdrawnSystem(host)}|${itemId}`},
    signal,
  );
  return {
    signed: found.find((r) => isConsent(r, patient, host.visitItemSystem, itemId, 'active')),
    withdrawn: found.filter((r) => isConsent(r, patient, withdrawnSystem(host), itemId, 'inactive')),
  };
}

/** The patient's signature in force of this visit item, if any. */
async function storedConsent(
  host: FormsHost,
  itemId: string,
  signal?: AbortSignal,
): Promise<ConsentResource | undefined> {
  return (await storedConsents(host, itemId, signal)).signed;
}

function signatureOf(host: FormsHost, r: ConsentResource, consentId: string): ConsentSignature {
  const ext = (url: string) => r.extension?.find((e) => e.url === url);
  const image = ext(host.ext.drawnSignature)?.valueAttachment?.data;
  return {
    consentId,
    version: ext(host.ext.consentVersion)?.valueString ?? '',
    typedName: ext(host.ext.typedName)?.valueString ?? '',
    signedAt: (r.dateTime ?? '') as Instant,
    ...(image ? {signatureImage: image} : {}),
  };
}

export async function getConsentForm(
  host: FormsHost,
  ref: FormRef,
  options: RequestOptions = {},
): Promise<ConsentForm> {
  const {appointment, item, task} = await taskOf(host, ref, 'consent', options.signal);
  const [document, {signed, withdrawn: past}] = await Promise.all([
    consentDocument(host, item.formId, options.signal),
    storedConsents(host, item.id, options.signal),
  ]);
  const withdrawn = past
    .filter((r) => r.provision?.period?.end)
    .map((r) => ({...signatureOf(host, r, item.formId), withdrawnAt: r.provision!.period!.end as Instant}))
    .sort((a, b) => Date.parse(b.withdrawnAt) - Date.parse(a.withdrawnAt))
    .slice(0, WITHDRAWALS_SHOWN);
  return structuredClone({
    task,
    document,
    ...(signed ? {signature: signatureOf(host, signed, item.formId)} : {}),
    ...(document.withdrawal
      ? {withdrawable: consentWithdrawable(document, appointment, item, host.now())}
      : {}),
    ...(withdrawn.length > 0 ? {withdrawn} : {}),
  });
}

/**
 * Withdraws the signature where the clinic's document allows it now: its Consent becomes
 * `inactive`, `provision.period.end` the time, written with If-Match on the version read (a second
 * withdrawal at the same time gets 412: `item: unavailable`). Answers the consent as it is now.
 */
export async function withdrawConsent(
  host: FormsHost,
  ref: FormRef,
  options: RequestOptions = {},
): Promise<ConsentForm> {
  const signal = options.signal;
  const {appointment, item} = await taskOf(host, ref, 'consent', signal);
  const [document, signed] = await Promise.all([
    consentDocument(host, item.formId, signal),
    storedConsent(host, item.id, signal),
  ]);
  checkConsentWithdrawal(document, appointment, item, host.now());
  if (!signed?.id || !signed.meta?.versionId) throw new ValidationError({item: 'unavailable'});
  const {meta: _, ...rest} = signed;
  const res = await host.http.request<ConsentResource>('PUT', `Consent/${signed.id}`, {
    body: {
      ...rest,
      status: 'inactive',
      identifier: [{system: withdrawnSystem(host), value: item.id}],
      provision: {...signed.provision, period: {...signed.provision?.period, end: host.nowInstant()}},
    },
    headers: {'If-Match': `W/"${signed.meta.versionId}"`},
    allowConflict: true,
    signal,
  });
  if (res.status === 409 || res.status === 412) throw new ValidationError({item: 'unavailable'});
  host.reopened(item.id);
  return getConsentForm(host, ref, options);
}

export async function signConsent(
  host: FormsHost,
  ref: FormRef,
  request: unknown,
  options: RequestOptions = {},
): Promise<ConsentSignature> {
  const signal = options.signal;
  const {appointment, item} = await taskOf(host, ref, 'consent', signal);
  checkItemOpen(appointment, item);
  const document = await consentDocument(host, item.formId, signal);
  const checked = await checkConsentSigning(document, request);
  const patient = `Patient/${host.patientId()}`;
  const signedAt = host.nowInstant();
  const body: ConsentResource = {
    resourceType: 'Consent',
    status: 'active',
    identifier: [{system: host.visitItemSystem, value: item.id}],
    scope: {coding: [{system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment'}]},
    category: [{coding: [{system: 'http://loinc.org', code: '59284-0', display: 'Consent Document'}]}],
    patient: {reference: patient},
    dateTime: signedAt,
    performer: [{reference: patient}],
    policyRule: {coding: [{system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN'}]},
    sourceReference: {reference: `DocumentReference/${document.id}`},
    extension: [
      {url: host.ext.consentVersion, valueString: checked.version},
      {url: host.ext.typedName, valueString: checked.typedName},
      ...(checked.signatureImage !== undefined
        ? [
            {
              url: host.ext.drawnSignature,
              valueAttachment: {contentType: 'image/png', data: checked.signatureImage},
            },
          ]
        : []),
    ],
  };
  // One signature per visit item, even from two devices at once (conditional create).
  const res = await host.http.request<ConsentResource>('POST', 'Consent', {
    body,
    // (A withdrawn signature is kept under another identifier system: she may sign again.)
    headers: {'If-None-Exist': `identifier=${host.visitItemSystem}|${encodeURIComponent(item.id)}`},
    signal,
  });
  if (res.status === 200) throw new ValidationError({item: 'unavailable'});
  host.answered(item.id);
  return signatureOf(host, body, document.id);
}

/** The signed consent as a PDF: the same document every backend makes (`domain/consent-pdf.ts`). */
export async function getConsentPdf(
  host: FormsHost,
  ref: FormRef,
  format: InvoicePdfFormat,
  options: RequestOptions = {},
): Promise<Blob> {
  const {language, locale} = checkPdfFormat(format?.language, format?.locale);
  const {item} = await taskOf(host, ref, 'consent', options.signal);
  const [document, signed, clinic] = await Promise.all([
    consentDocument(host, item.formId, options.signal),
    storedConsent(host, item.id, options.signal),
    host.clinic(options.signal),
  ]);
  if (!signed) throw new NotFoundError();
  const bytes = await consentPdf(document, signatureOf(host, signed, item.formId), clinic.name, {
    language,
    locale,
    timeZone: clinic.timeZone,
  });
  return new Blob([bytes], {type: 'application/pdf'});
}
