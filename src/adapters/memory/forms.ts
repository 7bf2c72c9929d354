/**
 * The memory adapter's forms: the patient's questionnaires (drafts kept here, never in Web
 * Storage), consent signatures and instructions, by the domain's rules (`domain/rules/forms.ts`).
 * Loaded on first use, in its own chunk.
 */
import {
  NetworkError,
  NotFoundError,
  ValidationError,
  type FormRef,
  type InvoicePdfFormat,
} from '../adapter.js';
import {consentPdf} from '../../domain/consent-pdf.js';
import {checkConsentSigning} from '../../domain/rules/signature-image.js';
import {checkPdfFormat} from '../../domain/rules/billing.js';
import type {
  ConsentForm,
  ConsentSignature,
  FormTask,
  WithdrawnConsent,
  QuestionnaireForm,
  QuestionnaireResponse,
} from '../../domain/forms.js';
import type {Appointment} from '../../domain/types.js';
import type {ClinicData} from '../../domain/rules/clinic-data.js';
import {
  seededSignature,
  checkConsentWithdrawal,
  checkItemOpen,
  consentWithdrawable,
  checkQuestionnaireResponse,
  doneItem,
  formItemOf,
  formTasks,
  ownedByAccount,
  reopenedItem,
  WITHDRAWALS_SHOWN,
} from '../../domain/rules/index.js';
import {toAppointment} from './booking.js';
import type {MemoryState} from './state.js';
import {actingAgain} from './proxy.js';

interface FormsState {
  /** The clinic's questionnaires and consent documents. */
  readonly data: Required<Pick<ClinicData, 'questionnaires' | 'consents'>>;
  /** Questionnaire answers (drafts and submitted) by visit item id. */
  readonly responses: Map<string, {readonly patientId: string; response: QuestionnaireResponse}>;
  /** Consent signatures in force by visit item id. */
  readonly signatures: Map<string, ConsentSignature & {readonly patientId: string}>;
  /** Signatures withdrawn, by visit item id, latest first. */
  readonly withdrawn: Map<string, WithdrawnConsent[]>;
}

/** Each adapter's forms records, kept here so the adapter's first chunk does not carry them. */
const records = new WeakMap<MemoryState, FormsState>();

function formsOf(memory: MemoryState): FormsState {
  const f = records.get(memory);
  if (!f) throw new NotFoundError();
  return f;
}

/** Loads the clinic's questionnaires and consent documents (once) before the first forms call. */
export async function ready(memory: MemoryState): Promise<void> {
  if (records.has(memory)) return;
  const data = memory.data;
  let loaded: Awaited<ReturnType<NonNullable<typeof data.loadForms>>> | undefined;
  try {
    loaded = await data.loadForms?.();
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  if (records.has(memory)) return;
  const consents = {...data.consents, ...loaded?.consents};
  const signatures: FormsState['signatures'] = new Map();
  // Consents already "done" now come from the seed (signing needs this state first): their signatures.
  for (const apt of memory.appointments.values()) {
    const patient = memory.patients.get(apt.patientId);
    for (const item of patient ? apt.items : []) {
      const seeded = seededSignature(item, consents, patient!, apt.start);
      if (seeded)
        signatures.set(item.id, {
          consentId: seeded.consentId,
          version: seeded.version,
          typedName: seeded.typedName,
          signedAt: memory.instant(seeded.signedMs),
          patientId: patient!.id,
        });
    }
  }
  records.set(memory, {
    data: {questionnaires: {...data.questionnaires, ...loaded?.questionnaires}, consents},
    responses: new Map(),
    signatures,
    withdrawn: new Map(),
  });
}

function questionnaireOf(memory: MemoryState, id: string) {
  const q = formsOf(memory).data.questionnaires[id];
  if (!q) throw new NotFoundError();
  return q;
}

function consentOf(memory: MemoryState, id: string) {
  const c = formsOf(memory).data.consents[id];
  if (!c) throw new NotFoundError();
  return c;
}

function ownAppointments(memory: MemoryState): Appointment[] {
  const patient = memory.requirePatient();
  return [...memory.appointments.values()]
    .filter((a) => a.patientId === patient.id && ownedByAccount(a) && !memory.keptFromProxy?.(a))
    .map((a) => toAppointment(memory, a));
}

function taskOf(memory: MemoryState, ref: FormRef, kind: 'questionnaire' | 'consent') {
  memory.need(memory.caps.forms === true, 'forms');
  const patient = memory.requirePatient();
  const record = memory.appointments.get(ref.appointmentId);
  if (!record || record.patientId !== patient.id || !ownedByAccount(record) || memory.keptFromProxy?.(record))
    throw new NotFoundError();
  const appointment = toAppointment(memory, record);
  const item = formItemOf(appointment, ref.itemId, kind);
  const task = formTasks([appointment], memory.clock()).find((t) => t.item.id === ref.itemId);
  if (!item || !task) throw new NotFoundError();
  return {record, appointment, item, task, patient};
}

export function listForms(memory: MemoryState): FormTask[] {
  memory.need(memory.caps.forms === true, 'forms');
  return structuredClone(formTasks(ownAppointments(memory), memory.clock()));
}

export function getQuestionnaireForm(memory: MemoryState, ref: FormRef): QuestionnaireForm {
  const {item, task} = taskOf(memory, ref, 'questionnaire');
  const questionnaire = questionnaireOf(memory, item.formId);
  const saved = formsOf(memory).responses.get(item.id);
  return structuredClone({task, questionnaire, ...(saved ? {response: saved.response} : {})});
}

function answer(memory: MemoryState, ref: FormRef, response: unknown, final: boolean): QuestionnaireResponse {
  const {record, appointment, item, patient} = taskOf(memory, ref, 'questionnaire');
  checkItemOpen(appointment, item);
  const questionnaire = questionnaireOf(memory, item.formId);
  const checked = checkQuestionnaireResponse(questionnaire, response, {
    final,
    authored: memory.instant(memory.clock()),
  });
  formsOf(memory).responses.set(item.id, {patientId: patient.id, response: checked});
  if (final) {
    const i = record.items.findIndex((x) => x.id === item.id);
    if (i >= 0) record.items[i] = doneItem(record.items[i]);
  }
  return structuredClone(checked);
}

export function saveQuestionnaireDraft(
  memory: MemoryState,
  ref: FormRef,
  response: unknown,
): QuestionnaireResponse {
  return answer(memory, ref, response, false);
}

export function submitQuestionnaire(
  memory: MemoryState,
  ref: FormRef,
  response: unknown,
): QuestionnaireResponse {
  return answer(memory, ref, response, true);
}

export function getConsentForm(memory: MemoryState, ref: FormRef): ConsentForm {
  const {appointment, item, task} = taskOf(memory, ref, 'consent');
  const document = consentOf(memory, item.formId);
  const signed = formsOf(memory).signatures.get(item.id);
  const signature = signed ? withoutPatient(signed) : undefined;
  const withdrawn = formsOf(memory).withdrawn.get(item.id) ?? [];
  return structuredClone({
    task,
    document,
    ...(signature ? {signature} : {}),
    ...(document.withdrawal
      ? {withdrawable: consentWithdrawable(document, appointment, item, memory.clock())}
      : {}),
    ...(withdrawn.length > 0 ? {withdrawn} : {}),
  });
}

/**
 * Withdraws the patient's signature where the clinic's document allows it now: the signature is
 * kept as withdrawn (with the time), the visit item is to do again. Answers the consent as it is now.
 */
export function withdrawConsent(memory: MemoryState, ref: FormRef): ConsentForm {
  const {record, appointment, item} = taskOf(memory, ref, 'consent');
  const document = consentOf(memory, item.formId);
  checkConsentWithdrawal(document, appointment, item, memory.clock());
  const forms = formsOf(memory);
  const signed = forms.signatures.get(item.id);
  if (!signed) throw new ValidationError({item: 'unavailable'});
  forms.signatures.delete(item.id);
  forms.withdrawn.set(item.id, [
    {...withoutPatient(signed), withdrawnAt: memory.instant(memory.clock())},
    ...(forms.withdrawn.get(item.id) ?? []).slice(0, WITHDRAWALS_SHOWN - 1),
  ]);
  const i = record.items.findIndex((x) => x.id === item.id);
  if (i >= 0) record.items[i] = reopenedItem(record.items[i]);
  return getConsentForm(memory, ref);
}

function withoutPatient(s: ConsentSignature & {patientId: string}): ConsentSignature {
  return {
    consentId: s.consentId,
    version: s.version,
    typedName: s.typedName,
    signedAt: s.signedAt,
    ...(s.signatureImage !== undefined ? {signatureImage: s.signatureImage} : {}),
  };
}

/** The signed consent as a PDF (the same bytes as the reference server's). */
export async function getConsentPdf(
  memory: MemoryState,
  ref: FormRef,
  format: InvoicePdfFormat,
): Promise<Blob> {
  const {language, locale} = checkPdfFormat(format?.language, format?.locale);
  const {item} = taskOf(memory, ref, 'consent');
  const signed = formsOf(memory).signatures.get(item.id);
  if (!signed) throw new NotFoundError();
  const bytes = await consentPdf(
    consentOf(memory, item.formId),
    withoutPatient(signed),
    memory.data.clinic.name,
    {
      language,
      locale,
      timeZone: memory.data.clinic.timeZone,
    },
  );
  return new Blob([bytes], {type: 'application/pdf'});
}

export async function signConsent(
  memory: MemoryState,
  ref: FormRef,
  request: unknown,
): Promise<ConsentSignature> {
  const {appointment, item} = taskOf(memory, ref, 'consent');
  const document = consentOf(memory, item.formId);
  checkItemOpen(appointment, item);
  const acting = memory.acting;
  const checked = await checkConsentSigning(document, request);
  // Looked up again after the image was decoded (another call may have signed meanwhile), for the
  // same person (a holder acting for a dependent, `rules/proxy.ts`).
  const now = actingAgain(memory, acting, () => taskOf(memory, ref, 'consent'));
  const {record, patient} = now;
  checkItemOpen(now.appointment, now.item);
  const signature: ConsentSignature = {
    consentId: document.id,
    version: checked.version,
    typedName: checked.typedName,
    signedAt: memory.instant(memory.clock()),
    ...(checked.signatureImage !== undefined ? {signatureImage: checked.signatureImage} : {}),
  };
  formsOf(memory).signatures.set(item.id, {...signature, patientId: patient.id});
  const i = record.items.findIndex((x) => x.id === item.id);
  if (i >= 0) record.items[i] = doneItem(record.items[i]);
  return structuredClone(signature);
}
