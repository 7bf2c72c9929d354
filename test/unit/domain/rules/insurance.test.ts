/** The insurance-card rule (#17, item 5): field checks, the card limit, and which card is primary. */
import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  MAX_INSURANCE_CARDS,
  checkCanAddInsuranceCard,
  checkInsuranceCard,
  insuranceCard,
  insuranceCardProblems,
  insuranceCardsOf,
  isFirstCardPrimary,
  isInsuranceCardId,
  primaryAfterRemoval,
  type InsuranceRecord,
} from '../../../../src/domain/rules/insurance.js';

const rec = (id: string, seq: number, primary = false): InsuranceRecord => ({
  seq,
  card: insuranceCard(id, {insurer: 'GNP', memberNumber: id}, primary, 0),
});

describe('insurance cards rule', () => {
  it('accepts a card, trimmed, the plan optional, runs of spaces in the number made one', () => {
    expect(checkInsuranceCard({insurer: ' GNP ', memberNumber: ' AB  12-3/4.5 ', plan: '  '})).toEqual({
      insurer: 'GNP',
      memberNumber: 'AB 12-3/4.5',
    });
    expect(checkInsuranceCard({insurer: 'Seguros Ñandú', plan: 'Oro', memberNumber: '7'})).toEqual({
      insurer: 'Seguros Ñandú',
      plan: 'Oro',
      memberNumber: '7',
    });
  });

  it('refuses field by field: required, too long, characters, unknown fields, not an object', () => {
    expect(insuranceCardProblems({})).toEqual({insurer: 'required', memberNumber: 'required'});
    expect(insuranceCardProblems({insurer: 'x'.repeat(101), memberNumber: '1'})).toEqual({
      insurer: 'too-long',
    });
    expect(insuranceCardProblems({insurer: 'é'.repeat(100), memberNumber: '1'.repeat(40)})).toEqual({});
    expect(insuranceCardProblems({insurer: 'A', memberNumber: '1'.repeat(41)})).toEqual({
      memberNumber: 'too-long',
    });
    for (const bad of ['-12', 'ñ1', '12<script>', '1\u00002', '12_3', '12\n3'])
      expect(insuranceCardProblems({insurer: 'A', memberNumber: bad}), bad).toEqual({
        memberNumber: 'invalid',
      });
    expect(insuranceCardProblems({insurer: 'A\u0000', memberNumber: '1'})).toEqual({insurer: 'invalid'});
    expect(insuranceCardProblems({insurer: 'A', memberNumber: '1', plan: 5})).toEqual({plan: 'invalid'});
    expect(insuranceCardProblems({insurer: 'A', memberNumber: '1', photo: 'x'})).toEqual({photo: 'invalid'});
    expect(insuranceCardProblems(null)).toEqual({card: 'invalid'});
    expect(insuranceCardProblems(['A'])).toEqual({card: 'invalid'});
    expect(() => checkInsuranceCard({insurer: 'A'})).toThrow(ValidationError);
  });

  it('allows at most five cards', () => {
    expect(() => checkCanAddInsuranceCard(MAX_INSURANCE_CARDS - 1)).not.toThrow();
    try {
      checkCanAddInsuranceCard(MAX_INSURANCE_CARDS);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).fields).toEqual({cards: 'too-many'});
    }
  });

  it('has exactly one primary: the first card, the oldest left after the primary is removed', () => {
    expect(isFirstCardPrimary(0)).toBe(true);
    expect(isFirstCardPrimary(1)).toBe(false);
    const cards = [rec('ins_c', 3), rec('ins_a', 1), rec('ins_b', 2, true)];
    expect(primaryAfterRemoval(cards, 'ins_b')).toBe('ins_a');
    expect(primaryAfterRemoval(cards, 'ins_a')).toBe('ins_b');
    expect(primaryAfterRemoval([rec('ins_a', 1, true)], 'ins_a')).toBeUndefined();
    expect(insuranceCardsOf(cards).map((c) => [c.id, c.primary])).toEqual([
      ['ins_b', true],
      ['ins_a', false],
      ['ins_c', false],
    ]);
    // A store without a primary still shows exactly one: the oldest.
    expect(insuranceCardsOf([rec('ins_b', 2), rec('ins_a', 1)]).map((c) => c.primary)).toEqual([true, false]);
    expect(insuranceCardsOf([])).toEqual([]);
  });

  it('knows a card id by its shape only', () => {
    expect(isInsuranceCardId('ins_abc-1')).toBe(true);
    for (const bad of ['med_abc', 'ins_', '../ins_a', 'ins_a/b', 5])
      expect(isInsuranceCardId(bad)).toBe(false);
  });
});
