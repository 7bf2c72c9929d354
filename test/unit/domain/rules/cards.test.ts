import {describe, expect, it} from 'vitest';
import {
  MAX_CARDS,
  cardExpired,
  checkCanAddCard,
  demoCardChoiceOf,
  demoCardSetupOutcome,
  isCardId,
  newCardIsDefault,
  nextDefaultAfterRemoval,
  orderCards,
  type CardRecord,
  type SavedCard,
} from '../../../../src/domain/rules/cards.js';
import {ValidationError} from '../../../../src/domain/errors.js';

const card = (id: string, isDefault = false): SavedCard => ({
  id,
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2030,
  isDefault,
});
const rec = (id: string, addedMs: number, seq: number, isDefault = false): CardRecord => ({
  card: card(id, isDefault),
  addedMs,
  seq,
});

describe('cards on file rules', () => {
  it('saves the demo test cards as brand, last four and an expiry three years on; never the number', () => {
    const now = Date.UTC(2026, 11, 6);
    const saved = demoCardSetupOutcome('4242 4242 4242 4242', now);
    expect(saved).toEqual({
      kind: 'saved',
      card: {brand: 'visa', last4: '4242', expMonth: 12, expYear: 2029},
      declinesCharges: false,
    });
    expect(JSON.stringify(saved)).not.toContain('42424242');
    expect(demoCardSetupOutcome('5555-5555-5555-4444', now)).toMatchObject({
      card: {brand: 'mastercard', last4: '4444'},
    });
    expect(demoCardSetupOutcome('4000000000000341', now)).toMatchObject({declinesCharges: true});
    expect(demoCardSetupOutcome('4000000000000002', now)).toEqual({kind: 'declined'});
    expect(() => demoCardSetupOutcome('4111111111111111', now)).toThrow(ValidationError);
    expect(() => demoCardSetupOutcome(42, now)).toThrow(ValidationError);
    expect(demoCardChoiceOf('4000 0000 0000 0341')).toBe('charge-declines');
    expect(demoCardChoiceOf('1234')).toBeNull();
  });

  it('makes the first card the default, the newest left after removing the default, and lists the default first', () => {
    expect(newCardIsDefault([])).toBe(true);
    expect(newCardIsDefault([card('card_a', true)])).toBe(false);
    const left = [rec('card_a', 100, 1), rec('card_b', 100, 2), rec('card_c', 50, 3)];
    expect(nextDefaultAfterRemoval(left)).toBe('card_b');
    expect(nextDefaultAfterRemoval([])).toBeUndefined();
    expect(
      orderCards([rec('card_a', 100, 1), rec('card_b', 100, 2), rec('card_c', 50, 3, true)]).map((c) => c.id),
    ).toEqual(['card_c', 'card_b', 'card_a']);
  });

  it('bounds the cards per patient, checks id shapes, and knows an expired card', () => {
    const many = Array.from({length: MAX_CARDS}, (_, i) => card(`card_${i}`));
    expect(() => checkCanAddCard(many.slice(1))).not.toThrow();
    expect(() => checkCanAddCard(many)).toThrow(ValidationError);
    expect(isCardId('card_abc-1')).toBe(true);
    expect(isCardId('../../etc/passwd')).toBe(false);
    expect(isCardId(7)).toBe(false);
    expect(cardExpired({expMonth: 12, expYear: 2026}, Date.UTC(2026, 11, 31, 23))).toBe(false);
    expect(cardExpired({expMonth: 12, expYear: 2026}, Date.UTC(2027, 0, 1))).toBe(true);
  });
});
