/**
 * `answerValueSet` naming a contained ValueSet (as standard questionnaires such as the PHQ-9 do):
 * its codes become the item's answer options, for the element and for the backend's check.
 */
import {describe, expect, it} from 'vitest';
import type {Questionnaire} from '../../../../src/domain/forms.js';
import {
  checkQuestionnaireResponse,
  resolveAnswerOptions,
  translated,
} from '../../../../src/domain/rules/forms.js';
import {ValidationError} from '../../../../src/domain/errors.js';

const S = 'http://example.org/cs';
const questionnaire: Questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  contained: [
    {
      resourceType: 'ValueSet',
      id: 'composed',
      compose: {
        include: [
          {
            system: S,
            concept: [
              {code: 'a', display: 'Apple', designation: [{language: 'es', value: 'Manzana'}]},
              {code: 'b', display: 'Banana'},
            ],
          },
        ],
      },
    },
    {
      resourceType: 'ValueSet',
      id: 'expanded',
      // The expansion wins over the compose; nested `contains` are flattened.
      compose: {include: [{system: S, concept: [{code: 'ignored'}]}]},
      expansion: {contains: [{system: S, code: 'x', display: 'X', contains: [{system: S, code: 'y'}]}]},
    },
    {resourceType: 'Patient', id: 'composed-too'},
  ],
  item: [
    {
      linkId: 'g',
      type: 'group',
      item: [
        {linkId: 'fruit', type: 'choice', answerValueSet: '#composed'},
        {linkId: 'letter', type: 'choice', answerValueSet: '#expanded'},
        {linkId: 'own', type: 'choice', answerValueSet: '#composed', answerOption: [{valueString: 'mine'}]},
        {linkId: 'elsewhere', type: 'choice', answerValueSet: 'http://loinc.org/vs/LL358-3'},
      ],
    },
  ],
};

const items = (q: Questionnaire) => Object.fromEntries(q.item![0].item!.map((i) => [i.linkId, i]));

describe('resolveAnswerOptions', () => {
  it('lists a contained ValueSet’s codes (compose, or its expansion first) as answer options', () => {
    const r = items(resolveAnswerOptions(questionnaire));
    expect(r.fruit.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['a', 'b']);
    expect(r.fruit.answerOption?.[0].valueCoding?.system).toBe(S);
    const apple = r.fruit.answerOption![0].valueCoding!;
    expect(translated(apple.display, apple._display, 'es')).toBe('Manzana');
    expect(translated(apple.display, apple._display, 'en')).toBe('Apple');
    expect(r.letter.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['x', 'y']);
    expect(r.own.answerOption).toEqual([{valueString: 'mine'}]);
    expect(r.elsewhere.answerOption).toBeUndefined();
    expect(r.fruit.answerValueSet).toBe('#composed');
    expect(resolveAnswerOptions(questionnaire)).toBe(resolveAnswerOptions(questionnaire));
    expect(questionnaire.item![0].item![0].answerOption).toBeUndefined(); // the resource itself unchanged
  });

  it('the backend’s check accepts the value set’s codes only', () => {
    const response = (fruit: string, letter: string) => ({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      item: [
        {linkId: 'fruit', answer: [{valueCoding: {system: S, code: fruit}}]},
        {linkId: 'letter', answer: [{valueCoding: {system: S, code: letter}}]},
      ],
    });
    const ok = checkQuestionnaireResponse(questionnaire, response('b', 'y'), {final: true, authored: 'now'});
    expect(ok.item?.[0].item?.map((i) => i.answer?.[0].valueCoding?.code)).toEqual(['b', 'y']);
    try {
      checkQuestionnaireResponse(questionnaire, response('c', 'ignored'), {final: true, authored: 'now'});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields).toEqual({'item.fruit': 'invalid', 'item.letter': 'invalid'});
    }
  });
});
