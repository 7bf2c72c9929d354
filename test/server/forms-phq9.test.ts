/**
 * A clinic's questionnaire from a standard FHIR example (issue #18 "done when"): the PHQ-9
 * (LOINC 44249-1, `test/fixtures/phq-9.questionnaire.json`: nine questions answered from a
 * contained ValueSet by `answerValueSet: '#LL358-3'`, a read-only total with an SDC
 * calculatedExpression, the difficulty question with its own `answerOption`s) is served unchanged
 * and answered the same way by the memory adapter and the reference server (REST, every call
 * checked against the OpenAPI document): a code outside the value set refused with nothing stored,
 * the full set submitted with its LOINC codings, the total left to the clinic (no FHIRPath).
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {ValidationError, type PortalAdapter} from '../../src/adapters/adapter.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  MemoryAdapter,
  createDemoClinicData,
  type MemoryClinicData,
} from '../../src/adapters/memory/index.js';
import {demoForms} from '../../src/adapters/memory/demo-forms.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {FormTask, Questionnaire, QuestionnaireResponse} from '../../src/domain/forms.js';
import {startServer, type RunningServer} from '../../server/index.js';
import phq9Json from '../fixtures/phq-9.questionnaire.json';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-02T16:00:00Z');
const PHQ9 = phq9Json as unknown as Questionnaire;
const LOINC = 'http://loinc.org';

/** The demo clinic with the PHQ-9 where the medical history was (every service asking for one). */
function clinicWithPhq9(): MemoryClinicData {
  const data = createDemoClinicData();
  const visitForms = Object.fromEntries(
    Object.entries(data.visitForms ?? {}).map(([id, f]) => [
      id,
      f.questionnaireId ? {...f, questionnaire: {en: 'PHQ-9', es: 'PHQ-9'}, questionnaireId: 'phq-9'} : f,
    ]),
  );
  const forms = demoForms();
  const withPhq9 = {...forms, questionnaires: {...forms.questionnaires, 'phq-9': structuredClone(PHQ9)}};
  return {...data, visitForms, loadForms: () => Promise.resolve(withPhq9)};
}

const database = testDatabase('forms-phq9');
let server: RunningServer;
let violations: () => unknown[];

beforeAll(async () => {
  const {loadForms, ...rest} = clinicWithPhq9();
  server = await startServer({
    clock: () => T0,
    data: {...rest, ...(await loadForms!())},
    ...database.options,
  });
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

async function backends(): Promise<Record<'memory' | 'rest', PortalAdapter>> {
  await server.reset();
  const checked = checkedFetch(server.url);
  violations = () => checked.violations;
  const memory = new MemoryAdapter({seed: DEMO_SEED, clock: () => T0, data: clinicWithPhq9()});
  const rest = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
  for (const a of [memory, rest])
    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return {memory, rest};
}

const ref = (t: FormTask) => ({appointmentId: t.appointmentId, itemId: t.item.id});
const coding = (code: string) => ({valueCoding: {system: LOINC, code}});
const NINE = [
  '44250-9',
  '44255-8',
  '44259-0',
  '44254-1',
  '44251-7',
  '44258-2',
  '44252-5',
  '44253-3',
  '44260-8',
];
const FREQUENCIES = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];

/** The patient's answers: question n gets frequency n mod 4, the difficulty "Somewhat difficult". */
function answers(): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: '/44249-1',
        item: [
          ...NINE.map((q, n) => ({linkId: `/${q}`, answer: [coding(FREQUENCIES[n % 4])]})),
          {linkId: '/69722-7', answer: [coding('LA6573-5')]},
        ],
      },
    ],
  };
}

describe('the PHQ-9 (a standard FHIR Questionnaire) on memory and REST', () => {
  it('is served unchanged, refuses a code outside its value set, and takes the full answers the same way', async () => {
    const both = await backends();
    const results: Record<string, unknown> = {};
    for (const [name, a] of Object.entries(both)) {
      const task = (await a.listForms()).find((t) => t.item.kind === 'questionnaire' && t.actionRequired);
      expect(task, name).toBeDefined();
      const form = await a.getQuestionnaireForm(ref(task!));
      expect(form.questionnaire, name).toEqual(PHQ9);

      // "Not at all" from another code system, and a code the value set does not hold: refused.
      const bad = answers();
      const group = bad.item![0].item!;
      const wrong: QuestionnaireResponse = {
        ...bad,
        item: [
          {
            linkId: '/44249-1',
            item: [
              {
                linkId: '/44250-9',
                answer: [{valueCoding: {system: 'http://snomed.info/sct', code: 'LA6568-5'}}],
              },
              {linkId: '/44255-8', answer: [coding('LA9999-9')]},
              ...group.slice(2),
            ],
          },
        ],
      };
      const refused = await a.submitQuestionnaire(ref(task!), wrong).catch((e: unknown) => e);
      expect(refused, name).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields, name).toEqual({
        'item./44250-9': 'invalid',
        'item./44255-8': 'invalid',
      });
      expect((await a.getQuestionnaireForm(ref(task!))).response, name).toBeUndefined();

      // The total is read-only: a value sent for it is not stored (no FHIRPath here; the clinic works it out).
      const withTotal: QuestionnaireResponse = {
        ...bad,
        item: [{linkId: '/44249-1', item: [...group, {linkId: '/44261-6', answer: [{valueDecimal: 99}]}]}],
      };
      const saved = await a.submitQuestionnaire(ref(task!), withTotal);
      expect(saved.status, name).toBe('completed');
      expect(saved.questionnaire, name).toBe('http://loinc.org/q/44249-1');
      const stored = saved.item![0].item!;
      expect(
        stored.map((i) => [i.linkId, i.answer?.[0].valueCoding?.code]),
        name,
      ).toEqual([...NINE.map((q, n) => [`/${q}`, FREQUENCIES[n % 4]]), ['/69722-7', 'LA6573-5']]);
      expect(stored.find((i) => i.linkId === '/44250-9')!.text, name).toBe(
        'Little interest or pleasure in doing things',
      );
      const again = await a.getQuestionnaireForm(ref(task!));
      expect(again.response?.status, name).toBe('completed');
      expect((await a.listForms()).find((t) => t.item.id === task!.item.id)?.item.state, name).toBe('done');
      const {authored: _authored, ...comparable} = again.response!;
      results[name] = comparable;
    }
    expect(results.rest).toEqual(results.memory);
    expect(violations()).toEqual([]);
  });
});
