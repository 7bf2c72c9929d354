/**
 * The patient's forms: the visit items of their own appointments, questionnaires (drafts kept
 * here, answers checked by the domain's rules, never trusted from the client) and consent
 * signatures (version, typed name, time). One business operation each; a write runs in one
 * transaction with the appointment's row locked, so two tabs submitting at once store one answer.
 */
import {NotFoundError, NotSupportedError, ValidationError} from '../../src/domain/errors.js';
import type {
  ConsentDocument,
  ConsentForm,
  ConsentSignature,
  FormRef,
  WithdrawnConsent,
  FormTask,
  Questionnaire,
  QuestionnaireForm,
  QuestionnaireResponse,
} from '../../src/domain/forms.js';
import {
  checkConsentWithdrawal,
  checkItemOpen,
  checkQuestionnaireResponse,
  consentWithdrawable,
  doneItem,
  formItemOf,
  formTasks,
  reopenedItem,
  WITHDRAWALS_SHOWN,
} from '../../src/domain/rules/index.js';
import {toZonedInstantString} from '../../src/domain/time.js';
import {consentPdf} from '../../src/domain/consent-pdf.js';
import {checkConsentSigning, checkSignatureImage, toBase64} from '../../src/domain/rules/signature-image.js';
import {listPatientAppointments, type AppointmentRow} from '../repositories/appointments.js';
import {
  findConsentSignature,
  findFormResponse,
  insertConsentSignature,
  listConsentWithdrawals,
  lockAppointmentItems,
  saveFormResponse,
  setAppointmentItems,
  withdrawConsentSignature,
  type ConsentSignatureRow,
  type ConsentWithdrawalRow,
} from '../repositories/forms.js';
import {view} from './appointment-records.js';
import {ownAppointment, proxyHides} from './appointments.js';
import {capabilities} from './clinic.js';
import type {CallContext, PortalContext} from './context.js';
import {audit} from './notify.js';
import {requirePatient} from './session.js';

function needForms(s: PortalContext): void {
  if (capabilities(s).forms !== true) throw new NotSupportedError('forms');
}

function questionnaireOf(s: PortalContext, id: string): Questionnaire {
  const q = s.data.questionnaires?.[id];
  if (!q) throw new NotFoundError();
  return q;
}

function consentOf(s: PortalContext, id: string): ConsentDocument {
  const c = s.data.consents?.[id];
  if (!c) throw new NotFoundError();
  return c;
}

/** The signed-in patient's visit item of this kind (404 when the appointment or item is not theirs). */
async function ownItem(s: PortalContext, call: CallContext, ref: FormRef, kind: 'questionnaire' | 'consent') {
  needForms(s);
  const {live, row} = await ownAppointment(s, call, ref.appointmentId);
  const appointment = view(s, row);
  const item = formItemOf(appointment, ref.itemId, kind);
  const task = formTasks([appointment], s.clock()).find((t) => t.item.id === ref.itemId);
  if (!item || !task) throw new NotFoundError();
  return {patientId: live.patient.id, row, appointment, item, task};
}

export async function listForms(s: PortalContext, call: CallContext): Promise<FormTask[]> {
  needForms(s);
  const live = await requirePatient(s, call);
  const {patient} = live;
  const hides = proxyHides(s, live);
  const rows = await listPatientAppointments(s.db, patient.id);
  await audit(s, s.db, patient.id, 'forms.list', patient.id);
  return formTasks(
    rows.filter((r) => !hides(r)).map((r) => view(s, r)),
    s.clock(),
  );
}

export async function getQuestionnaireForm(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
): Promise<QuestionnaireForm> {
  const {patientId, row, item, task} = await ownItem(s, call, ref, 'questionnaire');
  const questionnaire = questionnaireOf(s, item.formId);
  const saved = await findFormResponse(s.db, item.id, patientId);
  await audit(s, s.db, patientId, 'forms.questionnaire.read', patientId, row.id);
  return {task, questionnaire, ...(saved ? {response: saved.response} : {})};
}

async function answer(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
  response: unknown,
  final: boolean,
): Promise<QuestionnaireResponse> {
  const {patientId, row, appointment, item} = await ownItem(s, call, ref, 'questionnaire');
  checkItemOpen(appointment, item);
  const questionnaire = questionnaireOf(s, item.formId);
  const now = s.clock();
  const checked = checkQuestionnaireResponse(questionnaire, response, {
    final,
    authored: toZonedInstantString(now, s.data.clinic.timeZone),
  });
  await s.db.transaction(async (q) => {
    const items = await lockAppointmentItems(q, row.id);
    const current = items?.find((i) => i.id === item.id);
    if (!items || !current || current.state !== 'to-do') throw new ValidationError({item: 'unavailable'});
    const stored = await saveFormResponse(q, {
      item_id: item.id,
      appointment_id: row.id,
      patient_id: patientId,
      questionnaire_id: item.formId,
      status: checked.status,
      response: checked,
      updated_ms: now,
    });
    if (!stored) throw new ValidationError({item: 'unavailable'});
    if (final) await setAppointmentItems(q, row.id, markDone(items, item.id));
    await audit(
      s,
      q,
      patientId,
      final ? 'forms.questionnaire.submit' : 'forms.questionnaire.draft',
      patientId,
      row.id,
    );
  });
  return checked;
}

function markDone(items: AppointmentRow['items'], itemId: string): AppointmentRow['items'] {
  return items.map((i) => (i.id === itemId ? doneItem(i) : i));
}

export function saveQuestionnaireDraft(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
  response: unknown,
): Promise<QuestionnaireResponse> {
  return answer(s, call, ref, response, false);
}

export function submitQuestionnaire(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
  response: unknown,
): Promise<QuestionnaireResponse> {
  return answer(s, call, ref, response, true);
}

function signatureOf(s: PortalContext, row: ConsentSignatureRow): ConsentSignature {
  return {
    consentId: row.consent_id,
    version: row.version,
    typedName: row.typed_name,
    signedAt: toZonedInstantString(Number(row.signed_ms), s.data.clinic.timeZone),
    ...(row.signature_png ? {signatureImage: toBase64(new Uint8Array(row.signature_png))} : {}),
  };
}

function withdrawnOf(s: PortalContext, row: ConsentWithdrawalRow): WithdrawnConsent {
  return {
    ...signatureOf(s, row),
    withdrawnAt: toZonedInstantString(Number(row.withdrawn_ms), s.data.clinic.timeZone),
  };
}

/** The consent as the patient sees it: the signature in force, whether it can be withdrawn now, and past ones. */
async function consentForm(
  s: PortalContext,
  found: Awaited<ReturnType<typeof ownItem>>,
): Promise<ConsentForm> {
  const {patientId, appointment, item, task} = found;
  const document = consentOf(s, item.formId);
  const signed = await findConsentSignature(s.db, item.id, patientId);
  const withdrawn = await listConsentWithdrawals(s.db, item.id, patientId, WITHDRAWALS_SHOWN);
  return {
    task,
    document,
    ...(signed ? {signature: signatureOf(s, signed)} : {}),
    ...(document.withdrawal
      ? {withdrawable: consentWithdrawable(document, appointment, item, s.clock())}
      : {}),
    ...(withdrawn.length > 0 ? {withdrawn: withdrawn.map((w) => withdrawnOf(s, w))} : {}),
  };
}

export async function getConsentForm(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
): Promise<ConsentForm> {
  const found = await ownItem(s, call, ref, 'consent');
  await audit(s, s.db, found.patientId, 'forms.consent.read', found.patientId, found.row.id);
  return consentForm(s, found);
}

/**
 * Withdraws the patient's signature where the clinic's document allows it now: under the
 * appointment's row lock, the rule is checked again on the locked items, the signature moves to
 * `consent_withdrawals` and the item is to do again. Two withdrawals at once: one moves it, the
 * other is refused (422 `item: unavailable`). Audited (`forms.consent.withdraw`, ids only).
 */
export async function withdrawConsent(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
): Promise<ConsentForm> {
  const found = await ownItem(s, call, ref, 'consent');
  const {patientId, row, appointment, item} = found;
  const document = consentOf(s, item.formId);
  checkConsentWithdrawal(document, appointment, item, s.clock());
  await s.db.transaction(async (q) => {
    const items = await lockAppointmentItems(q, row.id);
    const current = items?.find((i) => i.id === item.id);
    if (!items || !current) throw new ValidationError({item: 'unavailable'});
    checkConsentWithdrawal(document, appointment, current, s.clock());
    if (!(await withdrawConsentSignature(q, item.id, patientId, s.clock())))
      throw new ValidationError({item: 'unavailable'});
    await setAppointmentItems(
      q,
      row.id,
      items.map((i) => (i.id === item.id ? reopenedItem(i) : i)),
    );
    await audit(s, q, patientId, 'forms.consent.withdraw', patientId, row.id);
  });
  return consentForm(s, await ownItem(s, call, ref, 'consent'));
}

/** The signed consent as a PDF (`consent-pdf.ts`, the memory adapter's bytes); audited by ids. */
export async function getConsentPdf(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
  format: {readonly language: 'en' | 'es'; readonly locale: string},
): Promise<Uint8Array> {
  const {patientId, row, item} = await ownItem(s, call, ref, 'consent');
  const document = consentOf(s, item.formId);
  const signed = await findConsentSignature(s.db, item.id, patientId);
  if (!signed) throw new NotFoundError();
  await audit(s, s.db, patientId, 'forms.consent.pdf', patientId, row.id);
  return await consentPdf(document, signatureOf(s, signed), s.data.clinic.name, {
    ...format,
    timeZone: s.data.clinic.timeZone,
  });
}

export async function signConsent(
  s: PortalContext,
  call: CallContext,
  ref: FormRef,
  request: unknown,
): Promise<ConsentSignature> {
  const {patientId, row, appointment, item} = await ownItem(s, call, ref, 'consent');
  const document = consentOf(s, item.formId);
  checkItemOpen(appointment, item);
  const checked = await checkConsentSigning(document, request);
  const record: ConsentSignatureRow = {
    item_id: item.id,
    appointment_id: row.id,
    patient_id: patientId,
    consent_id: document.id,
    version: checked.version,
    typed_name: checked.typedName,
    signed_ms: s.clock(),
    signature_png:
      checked.signatureImage !== undefined ? checkSignatureImage(checked.signatureImage).bytes : null,
  };
  await s.db.transaction(async (q) => {
    const items = await lockAppointmentItems(q, row.id);
    if (!items || !(await insertConsentSignature(q, record)))
      throw new ValidationError({item: 'unavailable'});
    await setAppointmentItems(q, row.id, markDone(items, item.id));
    await audit(s, q, patientId, 'forms.consent.sign', patientId, row.id);
  });
  return signatureOf(s, record);
}
