/**
 * Questionnaires on the FHIR backend, read back from the FHIR test server itself (admin token): a
 * visit's draft and then its answers are one QuestionnaireResponse (identifier in the visit-item
 * system, subject and author the patient, the Questionnaire's canonical URL), two devices saving
 * at once make one, a device with a stale draft never turns sent answers back into a draft,
 * another device sees the item done, and the responses need the patient's token. The shared
 * contract ("keeps a draft…", "keeps forms to their patient") covers the patient's view.
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import type {
  AnswerValue,
  FormTask,
  QuestionnaireItem,
  QuestionnaireResponse,
} from '../../src/domain/forms.js';
import {enabledItems} from '../../src/domain/rules/forms.js';
import type {Slot} from '../../src/adapters/adapter.js';
import {SYSTEM} from '../../src/adapters/fhir/profile.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

const admin = {headers: {Authorization: 'Bearer admin'}};

interface Stored {
  id: string;
  status: string;
  identifier?: {system?: string; value?: string};
  subject?: {reference?: string};
  author?: {reference?: string};
  questionnaire?: string;
  item?: QuestionnaireResponse['item'];
}

async function responsesFor(itemId: string): Promise<Stored[]> {
  const res = await fetch(
    `${server.base}/QuestionnaireResponse?identifier=${encodeURIComponent(`${SYSTEM.visitItem}|${itemId}`)}`,
    admin,
  );
  expect(res.status).toBe(200);
  const bundle = (await res.json()) as {entry?: {resource: Stored}[]};
  return (bundle.entry ?? []).map((e) => e.resource);
}

/** A device the demo patient signs in on (SMART, approved at once by the test server). */
async function device(): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  return adapter;
}

/** A questionnaire to answer: a new in-person visit of a service that has one. */
async function newQuestionnaire(adapter: FhirAdapter): Promise<FormTask> {
  const before = new Set((await adapter.listForms()).map((t) => t.item.id));
  const catalog = await adapter.getCatalog();
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString() as Slot['start'];
  for (const service of catalog.services.filter((s) => s.mode === 'in-person')) {
    const {slots} = await adapter.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
    const slot = slots[Math.floor(Math.random() * slots.length)];
    if (!slot) continue;
    const booked = await adapter.book({
      slot,
      serviceIds: [service.id],
      idempotencyKey: `book-${Math.random().toString(36).slice(2)}`,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const task = (await adapter.listForms()).find(
      (t) => t.appointmentId === booked.id && t.item.kind === 'questionnaire' && !before.has(t.item.id),
    );
    if (task) return task;
  }
  throw new Error('no service with a questionnaire has a free slot');
}

const ref = (t: FormTask) => ({appointmentId: t.appointmentId, itemId: t.item.id});

it('keeps one QuestionnaireResponse per visit item, the patient its subject and author, in-progress then completed', async () => {
  const adapter = await device();
  const task = await newQuestionnaire(adapter);
  expect(task.actionRequired).toBe(true);
  const form = await adapter.getQuestionnaireForm(ref(task));
  expect(form.questionnaire.url).toMatch(/^https:\/\/.+\/Questionnaire\//);
  expect(form.response).toBeUndefined();
  const text = form.questionnaire.item
    ?.flatMap((i) => [i, ...(i.item ?? [])])
    .find((i) => (i.type === 'string' || i.type === 'text') && !i.enableWhen && !i.readOnly);
  expect(text, 'a free-text question').toBeTruthy();
  const answers = (s: string): QuestionnaireResponse => ({
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    item: [{linkId: text!.linkId, answer: [{valueString: s}]}],
  });

  await adapter.saveQuestionnaireDraft(ref(task), answers('first draft'));
  await adapter.saveQuestionnaireDraft(ref(task), answers('second draft'));
  let stored = await responsesFor(task.item.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    status: 'in-progress',
    identifier: {system: SYSTEM.visitItem, value: task.item.id},
    subject: {reference: 'Patient/pat-ana'},
    author: {reference: 'Patient/pat-ana'},
  });
  expect(stored[0]!.questionnaire).toContain(form.questionnaire.url);
  expect(JSON.stringify(stored[0]!.item)).toContain('second draft');

  // Another device reads the draft, and sees it still to do.
  const other = await device();
  expect((await other.getQuestionnaireForm(ref(task))).response?.item).toEqual(stored[0]!.item);

  // Sent with every required question shown answered (no, the first option, or text).
  const flat = (items: typeof form.questionnaire.item): QuestionnaireItem[] =>
    (items ?? []).flatMap((i) => [i, ...flat(i.item)]);
  const given = new Map<string, AnswerValue[]>([[text!.linkId, [{valueString: 'sent'}]]]);
  for (let round = 0; round < 5; round++) {
    const shown = enabledItems(form.questionnaire, given);
    for (const i of flat(form.questionnaire.item))
      if (i.required && shown.has(i.linkId) && !given.has(i.linkId))
        given.set(i.linkId, [
          i.type === 'boolean'
            ? {valueBoolean: false}
            : i.answerOption?.[0]?.valueCoding
              ? {valueCoding: i.answerOption[0].valueCoding}
              : {valueString: 'x'},
        ]);
  }
  const shown = enabledItems(form.questionnaire, given);
  await adapter.submitQuestionnaire(ref(task), {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [...given].filter(([id]) => shown.has(id)).map(([linkId, answer]) => ({linkId, answer})),
  });
  stored = await responsesFor(task.item.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.status).toBe('completed');

  // The other device, with the form still open, saves its stale draft: refused, answers kept.
  await expect(other.saveQuestionnaireDraft(ref(task), answers('stale'))).rejects.toMatchObject({
    code: 'validation',
  });
  stored = await responsesFor(task.item.id);
  expect(stored[0]!.status).toBe('completed');
  expect(JSON.stringify(stored[0]!.item)).toContain('sent');
  // ...and lists the item done, in its forms and on its appointment.
  const listed = (await other.listForms()).find((t) => t.item.id === task.item.id)!;
  expect(listed.item.state).toBe('done');
  expect(listed.actionRequired).toBe(false);
  const apt = await other.getAppointment(task.appointmentId);
  expect(apt.items.find((i) => i.id === task.item.id)?.state).toBe('done');
});

it('makes one response when two devices save the first draft at once', async () => {
  const [one, two] = [await device(), await device()];
  const task = await newQuestionnaire(one);
  const form = await one.getQuestionnaireForm(ref(task));
  const text = (form.questionnaire.item ?? [])
    .flatMap((i) => [i, ...(i.item ?? [])])
    .find((i) => (i.type === 'string' || i.type === 'text') && !i.enableWhen && !i.readOnly)!;
  const draft = (s: string): QuestionnaireResponse => ({
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    item: [{linkId: text.linkId, answer: [{valueString: s}]}],
  });
  await Promise.all([
    one.saveQuestionnaireDraft(ref(task), draft('one')),
    two.saveQuestionnaireDraft(ref(task), draft('two')),
  ]);
  expect(await responsesFor(task.item.id)).toHaveLength(1);
});

it('serves responses only with the patient’s token', async () => {
  const adapter = await device();
  const task = await newQuestionnaire(adapter);
  const search = `${server.base}/QuestionnaireResponse?identifier=${encodeURIComponent(`${SYSTEM.visitItem}|${task.item.id}`)}`;
  expect((await fetch(search)).status).toBe(401);
  expect((await fetch(`${search}&subject=Patient/pat-ana`)).status).toBe(401);
  const create = await fetch(`${server.base}/QuestionnaireResponse`, {
    method: 'POST',
    headers: {'Content-Type': 'application/fhir+json'},
    body: JSON.stringify({resourceType: 'QuestionnaireResponse', status: 'completed'}),
  });
  expect(create.status).toBe(401);
});

interface StoredConsent {
  id: string;
  status: string;
  patient?: {reference?: string};
  sourceReference?: {reference?: string};
  scope?: {coding?: {code?: string}[]};
  category?: {coding?: {system?: string; code?: string}[]}[];
  extension?: {url: string; valueString?: string}[];
}

async function consentsFor(itemId: string, system: string = SYSTEM.visitItem): Promise<StoredConsent[]> {
  const res = await fetch(
    `${server.base}/Consent?identifier=${encodeURIComponent(`${system}|${itemId}`)}`,
    admin,
  );
  expect(res.status).toBe(200);
  return (((await res.json()) as {entry?: {resource: StoredConsent}[]}).entry ?? []).map((e) => e.resource);
}

/** A consent to sign: a new visit of a service that has one (of this mode, when given). */
async function newConsent(adapter: FhirAdapter, mode?: 'video' | 'in-person'): Promise<FormTask> {
  const catalog = await adapter.getCatalog();
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString() as Slot['start'];
  for (const service of catalog.services.filter((s) => mode === undefined || s.mode === mode)) {
    const {slots} = await adapter.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
    const slot = slots[Math.floor(Math.random() * slots.length)];
    if (!slot) continue;
    const booked = await adapter.book({
      slot,
      serviceIds: [service.id],
      idempotencyKey: `book-${Math.random().toString(36).slice(2)}`,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const task = (await adapter.listForms()).find(
      (t) => t.appointmentId === booked.id && t.item.kind === 'consent',
    );
    if (task) return task;
  }
  throw new Error('no service with a consent has a free slot');
}

it('signs a consent as one Consent (the document, its version and the typed name), once from two devices at once', async () => {
  const [one, two] = [await device(), await device()];
  const task = await newConsent(one);
  const form = await one.getConsentForm(ref(task));
  expect(form.document.body.es ?? form.document.body.en).toBeTruthy();
  const sign = {version: form.document.version, typedName: 'Ana García López', agreed: true};
  const results = await Promise.allSettled([
    one.signConsent(ref(task), sign),
    two.signConsent(ref(task), sign),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  const stored = await consentsFor(task.item.id);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    status: 'active',
    patient: {reference: 'Patient/pat-ana'},
    sourceReference: {reference: `DocumentReference/${form.document.id}`},
    scope: {coding: [{code: 'treatment'}]},
    category: [{coding: [{system: 'http://loinc.org', code: '59284-0'}]}],
  });
  const ext = Object.fromEntries(
    (stored[0]!.extension ?? []).map((e) => [e.url.replace(/.*\//, ''), e.valueString]),
  );
  expect(ext).toMatchObject({'consent-version': form.document.version, 'typed-name': 'Ana García López'});
  // Done on every device; signing again is refused.
  expect((await two.getConsentForm(ref(task))).signature?.typedName).toBe('Ana García López');
  expect((await two.listForms()).find((t) => t.item.id === task.item.id)?.item.state).toBe('done');
  await expect(two.signConsent(ref(task), sign)).rejects.toMatchObject({code: 'validation'});
  expect(await consentsFor(task.item.id)).toHaveLength(1);
  // Consents need the patient's token.
  const search = `${server.base}/Consent?identifier=${encodeURIComponent(`${SYSTEM.visitItem}|${task.item.id}`)}`;
  expect((await fetch(search)).status).toBe(401);
});

it('withdraws a consent by making its Consent inactive (If-Match: once from two devices), and signs again as a new one', async () => {
  const [one, two] = [await device(), await device()];
  // (A video visit: its telehealth consent may be withdrawn before the visit.)
  const task = await newConsent(one, 'video');
  const form = await one.getConsentForm(ref(task));
  if (form.document.withdrawal !== 'before-visit')
    throw new Error('the seed’s consents are withdrawable before the visit');
  const sign = {version: form.document.version, typedName: 'Ana García López', agreed: true};
  await one.signConsent(ref(task), sign);
  const [signed] = await consentsFor(task.item.id);
  // Two devices at once: one withdraws, the other is told it can no longer change it.
  const results = await Promise.allSettled([one.withdrawConsent(ref(task)), two.withdrawConsent(ref(task))]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason).toMatchObject({code: 'validation', fields: {item: 'unavailable'}});
  // The same Consent, now inactive, under the withdrawn system, its period ended.
  expect(await consentsFor(task.item.id)).toHaveLength(0);
  const withdrawn = await consentsFor(task.item.id, `${SYSTEM.visitItem}-withdrawn`);
  expect(withdrawn).toHaveLength(1);
  expect(withdrawn[0]).toMatchObject({id: signed!.id, status: 'inactive'});
  const end = (withdrawn[0] as unknown as {provision?: {period?: {end?: string}}}).provision?.period?.end;
  expect(Date.parse(end ?? '')).toBeGreaterThan(0);
  // Every device sees it to do again, with the withdrawal.
  const seen = await two.getConsentForm(ref(task));
  expect(seen.signature).toBeUndefined();
  expect(seen.withdrawn?.[0]).toMatchObject({typedName: 'Ana García López', withdrawnAt: end});
  expect((await two.listForms()).find((t) => t.item.id === task.item.id)?.item.state).toBe('to-do');
  // Signing again makes a new active Consent; the withdrawn one stays.
  await two.signConsent(ref(task), {...sign, typedName: 'Ana María García'});
  const again = await consentsFor(task.item.id);
  expect(again).toHaveLength(1);
  expect(again[0]!.id).not.toBe(signed!.id);
  expect(await consentsFor(task.item.id, `${SYSTEM.visitItem}-withdrawn`)).toHaveLength(1);
  expect((await one.getConsentForm(ref(task))).signature?.typedName).toBe('Ana María García');
});
