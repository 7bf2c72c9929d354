/**
 * The rules of questionnaires, consents and visit instructions, once: which of a patient's visit
 * items are due before which visit, when a questionnaire item is shown (`enableWhen`), whether an
 * answer fits its item (type, options, length, `repeats`, `required`), and what signing a consent
 * records (the exact version, the typed name, the time). The memory adapter, the reference server
 * and the element all use these; a backend never trusts the client's answers.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import type {
  AnswerOption,
  AnswerValue,
  Coding,
  ConsentDocument,
  ContainedValueSet,
  ConsentSignRequest,
  EnableWhen,
  FhirElement,
  FormTask,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseAnswer,
  ResponseItem,
  ValueSetConcept,
} from '../forms.js';
import type {Appointment, VisitItem} from '../types.js';

/** Longest text answer accepted when the item sets no `maxLength` (QUALITY 33). */
export const ANSWER_MAX_LENGTH = 4000;
/** Most answers one repeating item takes. */
export const ANSWERS_PER_ITEM_MAX = 50;
/** Longest typed name on a consent. */
export const TYPED_NAME_MAX = 200;

export const TRANSLATION_URL = 'http://hl7.org/fhir/StructureDefinition/translation';
const ITEM_CONTROL_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';

const ANSWER_KEYS = [
  'valueBoolean',
  'valueDecimal',
  'valueInteger',
  'valueDate',
  'valueDateTime',
  'valueTime',
  'valueString',
  'valueCoding',
] as const;
type AnswerKey = (typeof ANSWER_KEYS)[number];

const ACTIVE_STATUSES = new Set(['pending', 'booked', 'confirmed']);

// ---------------------------------------------------------------------------------------------
// What is due

/**
 * The patient's visit items as `<patient-forms>` lists them, earliest visit first: every item of
 * every appointment not cancelled; a questionnaire or consent still to do for a visit still ahead
 * is "action required", due before the visit starts.
 */
export function formTasks(appointments: readonly Appointment[], now: number): FormTask[] {
  const tasks: FormTask[] = [];
  const sorted = appointments
    .filter((a) => a.status !== 'cancelled')
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1));
  for (const a of sorted) {
    const ahead = ACTIVE_STATUSES.has(a.status) && Date.parse(a.start) > now;
    for (const item of a.items) {
      const actionRequired = ahead && item.kind !== 'instructions' && item.state === 'to-do';
      tasks.push({
        appointmentId: a.id,
        appointmentStart: a.start,
        appointmentStatus: a.status,
        services: a.services,
        item,
        actionRequired,
        ...(actionRequired && item.phase === 'before' ? {dueBy: a.start} : {}),
      });
    }
  }
  return tasks;
}

/**
 * The item `itemId` of this kind in the appointment, and the form it stands for; `undefined` when
 * there is none (the backend answers "not found").
 */
export function formItemOf(
  appointment: Appointment,
  itemId: string,
  kind: 'questionnaire' | 'consent',
): (VisitItem & {readonly formId: string}) | undefined {
  const item = appointment.items.find((i) => i.id === itemId && i.kind === kind);
  return item?.formId !== undefined ? (item as VisitItem & {formId: string}) : undefined;
}

/**
 * Whether the patient may still answer or sign this item: not for a cancelled visit, not once it
 * is done. Refuses with a field error on `item` (`unavailable`).
 */
export function checkItemOpen(appointment: Appointment, item: VisitItem): void {
  if (appointment.status === 'cancelled' || item.state !== 'to-do')
    throw new ValidationError({item: 'unavailable'});
}

/** What `seededSignature` gives: a consent signature with its time in epoch milliseconds. */
export interface SeededSignature {
  readonly consentId: string;
  readonly version: string;
  readonly typedName: string;
  readonly signedMs: number;
}

/**
 * The signature a consent marked "done" in seeded history carries (the demo clinic's past and
 * already-signed visits), so that on every backend, opened, it says who signed which version when
 * and its PDF downloads — rather than showing the signing form for an item listed as done. The
 * patient's full name, the consent's current version, one day before the visit. Nothing for any
 * other item, or for a consent the clinic no longer publishes.
 */
export function seededSignature(
  item: VisitItem,
  consents: Readonly<Record<string, ConsentDocument>> | undefined,
  patient: {readonly givenName: string; readonly familyName: string},
  visitStart: number,
): SeededSignature | undefined {
  if (item.kind !== 'consent' || item.state !== 'done' || !item.formId) return undefined;
  const document = consents?.[item.formId];
  if (!document) return undefined;
  return {
    consentId: document.id,
    version: document.version,
    typedName: `${patient.givenName} ${patient.familyName}`.trim(),
    signedMs: visitStart - 24 * 60 * 60 * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Text

/** Text in `lang` from a FHIR primitive and its translation extensions (the text itself otherwise). */
export function translated(text: string | undefined, element: FhirElement | undefined, lang: string): string {
  const base = lang.split('-')[0];
  for (const ext of element?.extension ?? []) {
    if (ext.url !== TRANSLATION_URL) continue;
    const code = ext.extension?.find((e) => e.url === 'lang')?.valueCode;
    const content = ext.extension?.find((e) => e.url === 'content')?.valueString;
    if (content !== undefined && (code === lang || code === base)) return content;
  }
  return text ?? '';
}

/** An item's help text: its child `display` items with item control `help`. */
export function helpItemsOf(item: QuestionnaireItem): QuestionnaireItem[] {
  return (item.item ?? []).filter((c) => c.type === 'display' && isHelp(c));
}

function isHelp(item: QuestionnaireItem): boolean {
  return (item.extension ?? []).some(
    (e) =>
      e.url === ITEM_CONTROL_URL && (e.valueCodeableConcept?.coding ?? []).some((c) => c.code === 'help'),
  );
}

/** An item's children that are shown as items of their own (help texts are not). */
export function childItemsOf(item: QuestionnaireItem): QuestionnaireItem[] {
  return (item.item ?? []).filter((c) => !(c.type === 'display' && isHelp(c)));
}

export const QUESTION_TYPES = new Set([
  'boolean',
  'decimal',
  'integer',
  'date',
  'dateTime',
  'time',
  'string',
  'text',
  'choice',
  'open-choice',
]);

// ---------------------------------------------------------------------------------------------
// enableWhen

/** A contained value set's codes as answer options (expansion first, else the compose's concepts). */
function valueSetOptions(vs: ContainedValueSet): AnswerOption[] {
  const coding = (c: ValueSetConcept, system: string | undefined): AnswerOption => {
    const translations = (c.designation ?? []).flatMap((d) =>
      d.language && typeof d.value === 'string'
        ? [
            {
              url: TRANSLATION_URL,
              extension: [
                {url: 'lang', valueCode: d.language},
                {url: 'content', valueString: d.value},
              ],
            },
          ]
        : [],
    );
    return {
      valueCoding: {
        ...(system !== undefined ? {system} : {}),
        ...(c.code !== undefined ? {code: c.code} : {}),
        ...(c.display !== undefined ? {display: c.display} : {}),
        ...(translations.length ? {_display: {extension: translations}} : {}),
      },
    };
  };
  const flat = (list: readonly ValueSetConcept[] | undefined): AnswerOption[] =>
    (list ?? []).flatMap((c) => [...(c.code ? [coding(c, c.system)] : []), ...flat(c.contains)]);
  if (vs.expansion?.contains?.length) return flat(vs.expansion.contains);
  return (vs.compose?.include ?? []).flatMap((inc) => (inc.concept ?? []).map((c) => coding(c, inc.system)));
}

const withOptions = new WeakMap<Questionnaire, Questionnaire>();

/**
 * The questionnaire with each `answerValueSet: '#id'` naming a contained ValueSet turned into the
 * item's `answerOption` codings (items listing their own options unchanged), so rendering and
 * checking read one list. Other value sets (not contained) are not resolved: their items have no
 * options and no answer passes. The resource is otherwise unchanged (same keys kept).
 */
export function resolveAnswerOptions(questionnaire: Questionnaire): Questionnaire {
  const known = withOptions.get(questionnaire);
  if (known) return known;
  const sets = new Map<string, ContainedValueSet>();
  for (const r of questionnaire.contained ?? [])
    if (r.resourceType === 'ValueSet' && r.id) sets.set(`#${r.id}`, r as ContainedValueSet);
  const fix = (items: readonly QuestionnaireItem[] | undefined): QuestionnaireItem[] | undefined =>
    items?.map((i) => {
      const vs = !i.answerOption && i.answerValueSet ? sets.get(i.answerValueSet) : undefined;
      const item = fix(i.item);
      return {...i, ...(vs ? {answerOption: valueSetOptions(vs)} : {}), ...(item ? {item} : {})};
    });
  const out = sets.size
    ? {...questionnaire, ...(questionnaire.item ? {item: fix(questionnaire.item)} : {})}
    : questionnaire;
  withOptions.set(questionnaire, out);
  return out;
}

export type AnswerMap = ReadonlyMap<string, readonly AnswerValue[]>;

/** The answer's single value key, or undefined when it has none or several. */
export function answerKey(a: AnswerValue): AnswerKey | undefined {
  const keys = ANSWER_KEYS.filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  return keys.length === 1 ? keys[0] : undefined;
}

function sameCoding(a: Coding | undefined, b: Coding | undefined): boolean {
  return !!a && !!b && a.code === b.code && (a.system ?? '') === (b.system ?? '');
}

function compare(answer: AnswerValue, cond: EnableWhen): number | undefined {
  const pairs: [unknown, unknown][] = [
    [answer.valueBoolean, cond.answerBoolean],
    [answer.valueDecimal ?? answer.valueInteger, cond.answerDecimal ?? cond.answerInteger],
    [answer.valueDate, cond.answerDate],
    [answer.valueDateTime, cond.answerDateTime],
    [answer.valueTime, cond.answerTime],
    [answer.valueString, cond.answerString],
  ];
  for (const [a, c] of pairs) {
    if (a === undefined || c === undefined) continue;
    if (typeof a === 'number' && typeof c === 'number') return a - c;
    if (typeof a === 'boolean') return a === c ? 0 : NaN;
    const [sa, sc] = [String(a), String(c)];
    return sa === sc ? 0 : sa < sc ? -1 : 1;
  }
  if (cond.answerCoding) return sameCoding(answer.valueCoding, cond.answerCoding) ? 0 : NaN;
  return undefined;
}

function conditionHolds(cond: EnableWhen, answers: readonly AnswerValue[]): boolean {
  if (cond.operator === 'exists') return answers.length > 0 === (cond.answerBoolean ?? true);
  if (cond.operator === '!=') return answers.every((a) => compare(a, cond) !== 0);
  return answers.some((a) => {
    const d = compare(a, cond);
    if (d === undefined || Number.isNaN(d)) return false;
    switch (cond.operator) {
      case '=':
        return d === 0;
      case '>':
        return d > 0;
      case '<':
        return d < 0;
      case '>=':
        return d >= 0;
      case '<=':
        return d <= 0;
      default:
        return false;
    }
  });
}

/**
 * Which items are enabled, by linkId, given the answers (`enableWhen` with `enableBehavior`; an
 * item inside a disabled group is disabled; answers to a disabled question count as none).
 */
export function enabledItems(questionnaire: Questionnaire, answers: AnswerMap): ReadonlySet<string> {
  const byId = new Map<string, {item: QuestionnaireItem; parent?: string}>();
  const index = (items: readonly QuestionnaireItem[] | undefined, parent?: string) => {
    for (const item of items ?? []) {
      byId.set(item.linkId, {item, parent});
      index(item.item, item.linkId);
    }
  };
  index(questionnaire.item);
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();
  const enabled = (linkId: string): boolean => {
    const known = memo.get(linkId);
    if (known !== undefined) return known;
    const entry = byId.get(linkId);
    if (!entry || visiting.has(linkId)) return false;
    visiting.add(linkId);
    let on = entry.parent === undefined || enabled(entry.parent);
    const conds = entry.item.enableWhen ?? [];
    if (on && conds.length > 0) {
      const results = conds.map((c) =>
        conditionHolds(c, enabled(c.question) ? (answers.get(c.question) ?? []) : []),
      );
      on = entry.item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
    }
    visiting.delete(linkId);
    memo.set(linkId, on);
    return on;
  };
  const out = new Set<string>();
  for (const id of byId.keys()) if (enabled(id)) out.add(id);
  return out;
}

/** Every answer in a response, by linkId (nested items included). */
export function answersOf(
  response: Pick<QuestionnaireResponse, 'item'> | undefined,
): Map<string, AnswerValue[]> {
  const out = new Map<string, AnswerValue[]>();
  const walk = (items: readonly ResponseItem[] | undefined) => {
    for (const it of items ?? []) {
      if (it.answer?.length) out.set(it.linkId, it.answer.map(valueOnly));
      walk(it.item);
      for (const a of it.answer ?? []) walk(a.item);
    }
  };
  walk(response?.item);
  return out;
}

function valueOnly(a: ResponseAnswer): AnswerValue {
  const key = answerKey(a);
  return key ? ({[key]: a[key]} as AnswerValue) : {};
}

// ---------------------------------------------------------------------------------------------
// Checking answers

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function realDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function badText(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}

/** Why this answer does not fit the item, or undefined when it does. */
export function answerProblem(item: QuestionnaireItem, a: AnswerValue): FieldErrorCode | undefined {
  const key = answerKey(a);
  if (!key) return 'invalid';
  const v = a[key];
  const textLimit = Math.min(item.maxLength ?? ANSWER_MAX_LENGTH, ANSWER_MAX_LENGTH);
  const options = item.answerOption ?? [];
  switch (item.type) {
    case 'boolean':
      return key === 'valueBoolean' && typeof v === 'boolean' ? undefined : 'invalid';
    case 'decimal':
      return key === 'valueDecimal' && typeof v === 'number' && Number.isFinite(v) ? undefined : 'invalid';
    case 'integer':
      return key === 'valueInteger' && Number.isSafeInteger(v) ? undefined : 'invalid';
    case 'date':
      return key === 'valueDate' && typeof v === 'string' && realDate(v) ? undefined : 'invalid-date';
    case 'dateTime':
      return key === 'valueDateTime' &&
        typeof v === 'string' &&
        DATE_TIME.test(v) &&
        realDate(v.slice(0, 10)) &&
        !Number.isNaN(Date.parse(v))
        ? undefined
        : 'invalid-date';
    case 'time':
      return key === 'valueTime' && typeof v === 'string' && TIME.test(v) ? undefined : 'invalid';
    case 'string':
    case 'text':
      if (key !== 'valueString' || typeof v !== 'string' || badText(v)) return 'invalid';
      if (v.trim() === '') return 'required';
      return [...v].length > textLimit ? 'too-long' : undefined;
    case 'choice':
    case 'open-choice': {
      const listed = options.some((o) => {
        const ok = answerKey(o);
        if (ok !== key) return false;
        return key === 'valueCoding' ? sameCoding(o.valueCoding, a.valueCoding) : o[ok] === v;
      });
      if (listed) return undefined;
      if (item.type === 'open-choice' && key === 'valueString' && typeof v === 'string') {
        if (badText(v)) return 'invalid';
        if (v.trim() === '') return 'required';
        return [...v].length > textLimit ? 'too-long' : undefined;
      }
      return 'invalid';
    }
    default:
      return 'invalid';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads answers from an untrusted response; refuses anything not shaped like one. */
function readAnswers(response: unknown, known: ReadonlySet<string>): Map<string, AnswerValue[]> {
  if (!isObject(response) || response.resourceType !== 'QuestionnaireResponse')
    throw new ValidationError({response: 'invalid'});
  const out = new Map<string, AnswerValue[]>();
  let count = 0;
  const walk = (items: unknown, depth: number) => {
    if (items === undefined) return;
    if (!Array.isArray(items) || depth > 10) throw new ValidationError({response: 'invalid'});
    for (const it of items) {
      if (!isObject(it) || typeof it.linkId !== 'string' || !known.has(it.linkId))
        throw new ValidationError({response: 'invalid'});
      if (it.answer !== undefined) {
        if (!Array.isArray(it.answer) || out.has(it.linkId)) throw new ValidationError({response: 'invalid'});
        if (it.answer.length > ANSWERS_PER_ITEM_MAX)
          throw new ValidationError({[`item.${it.linkId}`]: 'too-many'});
        const values: AnswerValue[] = [];
        for (const a of it.answer) {
          if (!isObject(a)) throw new ValidationError({response: 'invalid'});
          if (++count > 2000) throw new ValidationError({response: 'too-many'});
          const key = answerKey(a as AnswerValue);
          values.push(key ? ({[key]: a[key]} as AnswerValue) : ({} as AnswerValue));
          walk(a.item, depth + 1);
        }
        out.set(it.linkId, values);
      }
      walk(it.item, depth + 1);
    }
  };
  walk(response.item, 0);
  return out;
}

function allItems(items: readonly QuestionnaireItem[] | undefined, out: QuestionnaireItem[] = []) {
  for (const i of items ?? []) {
    out.push(i);
    allItems(i.item, out);
  }
  return out;
}

/**
 * Checks a patient's answers against the questionnaire and returns the response to store, built
 * from the questionnaire's own structure: answers of disabled items dropped, read-only items
 * keeping their initial value, every answer checked by its item's type, options, length and
 * `repeats`; when `final`, every enabled required question answered. Refuses with
 * `ValidationError`, one field per problem, keyed `item.<linkId>`.
 */
export function checkQuestionnaireResponse(
  questionnaire: Questionnaire,
  response: unknown,
  options: {readonly final: boolean; readonly authored: string},
): QuestionnaireResponse {
  questionnaire = resolveAnswerOptions(questionnaire);
  const items = allItems(questionnaire.item);
  const given = readAnswers(response, new Set(items.map((i) => i.linkId)));
  const answers = new Map<string, AnswerValue[]>();
  for (const item of items) {
    if (!QUESTION_TYPES.has(item.type)) continue;
    const a = item.readOnly ? [...(item.initial ?? [])] : (given.get(item.linkId) ?? []);
    if (a.length > 0) answers.set(item.linkId, a);
  }
  const enabled = enabledItems(questionnaire, answers);
  const fields: Record<string, FieldErrorCode> = {};
  for (const item of items) {
    if (!QUESTION_TYPES.has(item.type)) continue;
    const field = `item.${item.linkId}`;
    const a = answers.get(item.linkId) ?? [];
    if (!enabled.has(item.linkId)) {
      answers.delete(item.linkId);
      continue;
    }
    if (a.length > 1 && !item.repeats) fields[field] = 'too-many';
    const problem = a.map((x) => answerProblem(item, x)).find((p) => p !== undefined);
    if (problem) fields[field] ??= problem;
    if (options.final && item.required && a.length === 0) fields[field] = 'required';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const build = (qItems: readonly QuestionnaireItem[] | undefined): ResponseItem[] => {
    const out: ResponseItem[] = [];
    for (const item of qItems ?? []) {
      if (!enabled.has(item.linkId)) continue;
      const text = item.text !== undefined ? {text: item.text} : {};
      if (item.type === 'group') {
        const children = build(item.item);
        if (children.length > 0) out.push({linkId: item.linkId, ...text, item: children});
      } else if (QUESTION_TYPES.has(item.type)) {
        const a = answers.get(item.linkId);
        if (a?.length) out.push({linkId: item.linkId, ...text, answer: a.map((x) => ({...x}))});
      }
    }
    return out;
  };
  const canonical = questionnaire.url
    ? {
        questionnaire: questionnaire.version
          ? `${questionnaire.url}|${questionnaire.version}`
          : questionnaire.url,
      }
    : {};
  return {
    resourceType: 'QuestionnaireResponse',
    ...canonical,
    status: options.final ? 'completed' : 'in-progress',
    authored: options.authored,
    item: build(questionnaire.item),
  };
}

// ---------------------------------------------------------------------------------------------
// Consents

/**
 * Checks a consent signature: the version read is the current one (`version: invalid` when the
 * clinic published another meanwhile), the box ticked (`agreed: consent-required`), a full name
 * typed (`typedName: required | too-long | invalid`). Returns the name as it will be recorded
 * (trimmed, otherwise exactly as typed). A drawn signature is checked by `checkConsentSigning`
 * (`rules/signature-image.ts`), what the backends call.
 */
export function checkConsentSignature(document: ConsentDocument, request: unknown): ConsentSignRequest {
  const r = isObject(request) ? request : {};
  const fields: Record<string, FieldErrorCode> = {};
  if (r.version !== document.version) fields.version = 'invalid';
  if (r.agreed !== true) fields.agreed = 'consent-required';
  const name = typeof r.typedName === 'string' ? r.typedName.trim() : '';
  if (typeof r.typedName !== 'string' && r.typedName !== undefined) fields.typedName = 'invalid';
  else if (name === '') fields.typedName = 'required';
  else if ([...name].length > TYPED_NAME_MAX) fields.typedName = 'too-long';
  else if (badText(name)) fields.typedName = 'invalid';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {version: document.version, typedName: name, agreed: true};
}

/** The visit item once done (a submitted questionnaire, a signed consent). */
export function doneItem(item: VisitItem): VisitItem {
  return {...item, state: 'done'};
}

/** How many withdrawn signatures of one item a backend shows the patient (latest first). */
export const WITHDRAWALS_SHOWN = 20;

/** The visit item to do again (a consent withdrawn: the visit needs it signed again). */
export function reopenedItem(item: VisitItem): VisitItem {
  return {...item, state: 'to-do'};
}

/**
 * Whether the patient may withdraw the signature on this consent now: only where the clinic's
 * document allows it (`withdrawal`), only a consent signed (the item done), never on a cancelled
 * visit; `before-visit` only while the visit is still ahead (pending, booked or confirmed, not yet
 * started by `now`), `any-time` also after it.
 */
export function consentWithdrawable(
  document: ConsentDocument,
  appointment: Appointment,
  item: VisitItem,
  now: number,
): boolean {
  if (!document.withdrawal || item.state !== 'done' || appointment.status === 'cancelled') return false;
  if (document.withdrawal === 'any-time') return true;
  return ACTIVE_STATUSES.has(appointment.status) && Date.parse(appointment.start) > now;
}

/** Refuses a withdrawal `consentWithdrawable` does not allow (a field error on `item`: `unavailable`). */
export function checkConsentWithdrawal(
  document: ConsentDocument,
  appointment: Appointment,
  item: VisitItem,
  now: number,
): void {
  if (!consentWithdrawable(document, appointment, item, now))
    throw new ValidationError({item: 'unavailable'});
}
