/**
 * Cards on file (issue #20, item 3), once: what a saved card is (never its number), what the demo
 * payment provider's test cards save as, which card is the default after an add or a removal, and
 * the order a patient sees them in. The memory adapter and the reference server both use these, so
 * the two never disagree on which card is the default.
 *
 * A card is saved through a *card setup* (the demo provider's equivalent of a Stripe SetupIntent):
 * the provider's field collects the card, nothing is charged, and the backend keeps only the brand,
 * the last four digits and the expiry the provider reports.
 */
import {ValidationError} from '../errors.js';
import type {Clinic, Instant, Money} from '../types.js';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'other';

/** A card the patient saved with the clinic's payment provider. Never holds the number. */
export interface SavedCard {
  readonly id: string;
  readonly brand: CardBrand;
  /** The last four digits, as the provider reports them. */
  readonly last4: string;
  /** 1…12. */
  readonly expMonth: number;
  /** Four digits. */
  readonly expYear: number;
  /** The card fees are charged to when no other card was authorized for the visit. */
  readonly isDefault: boolean;
}

/** At most this many cards per patient: bounds the list and what one account can store. */
export const MAX_CARDS = 10;

/**
 * What the demo provider's test cards save as (Stripe's documented test numbers): the brand, the
 * last four, and whether a later charge to it is declined (`4000 0000 0000 0341` saves, then
 * declines charges, as Stripe's does). The declined card (`4000 0000 0000 0002`) saves nothing.
 */
export const DEMO_SETUP_CARDS: Readonly<
  Record<string, {readonly brand: CardBrand; readonly last4: string; readonly declinesCharges: boolean}>
> = {
  '4242424242424242': {brand: 'visa', last4: '4242', declinesCharges: false},
  '5555555555554444': {brand: 'mastercard', last4: '4444', declinesCharges: false},
  '4000000000000341': {brand: 'visa', last4: '0341', declinesCharges: true},
};

/** The demo's card that every payment step declines (a setup saves nothing). */
export const DEMO_DECLINED_CARD = '4000000000000002';

/**
 * The card a payment made with the demo provider's test number `cardNumber` was paid with, as its
 * receipt names it (brand and last four), or undefined for a number that pays nothing.
 */
export function demoPaidCard(
  cardNumber: string,
): {readonly brand: CardBrand; readonly last4: string} | undefined {
  const c = DEMO_SETUP_CARDS[cardNumber.replace(/[\s-]/g, '')];
  return c && {brand: c.brand, last4: c.last4};
}

/** The choices the demo step sends over the wire (REST), never a number. */
export const DEMO_CARD_CHOICES = {
  succeeds: '4242424242424242',
  mastercard: '5555555555554444',
  'charge-declines': '4000000000000341',
  declined: DEMO_DECLINED_CARD,
} as const;
export type DemoCardChoiceName = keyof typeof DEMO_CARD_CHOICES;

/**
 * What saving `cardNumber` through the demo provider gives at `nowMs`: the card's facts (expiry:
 * December, three years on), `declined` for the declined test card, and `ValidationError` on
 * `cardNumber` for anything else (the demo takes only its documented test cards).
 */
export function demoCardSetupOutcome(
  cardNumber: unknown,
  nowMs: number,
):
  | {
      readonly kind: 'saved';
      readonly card: Omit<SavedCard, 'id' | 'isDefault'>;
      readonly declinesCharges: boolean;
    }
  | {readonly kind: 'declined'} {
  const digits = typeof cardNumber === 'string' ? cardNumber.replace(/[\s-]/g, '') : '';
  if (digits === DEMO_DECLINED_CARD) return {kind: 'declined'};
  const known = DEMO_SETUP_CARDS[digits];
  if (!known) throw new ValidationError({cardNumber: 'invalid'});
  return {
    kind: 'saved',
    card: {
      brand: known.brand,
      last4: known.last4,
      expMonth: 12,
      expYear: new Date(nowMs).getUTCFullYear() + 3,
    },
    declinesCharges: known.declinesCharges,
  };
}

/** The demo wire choice (`succeeds`, `mastercard`, …) for a test number, or null for any other. */
export function demoCardChoiceOf(cardNumber: unknown): DemoCardChoiceName | null {
  const digits = typeof cardNumber === 'string' ? cardNumber.replace(/[\s-]/g, '') : '';
  for (const [choice, number] of Object.entries(DEMO_CARD_CHOICES))
    if (number === digits) return choice as DemoCardChoiceName;
  return null;
}

/** A payment provider's brand word (Stripe's `visa`, `mastercard`, `amex`, …) as a {@link CardBrand}. */
export function cardBrandOf(word: unknown): CardBrand {
  return word === 'visa' || word === 'mastercard' || word === 'amex' ? word : 'other';
}

/** A stored card as the backends keep it: the public facts, when it was added and in which order. */
export interface CardRecord {
  readonly card: SavedCard;
  readonly addedMs: number;
  /** Increases with every card saved (ties of `addedMs` under one clock tick). */
  readonly seq: number;
}

const newestFirst = (x: CardRecord, y: CardRecord) => y.addedMs - x.addedMs || y.seq - x.seq;

/** Whether a new card is the default: the first card a patient saves is. */
export function newCardIsDefault(existing: readonly SavedCard[]): boolean {
  return !existing.some((c) => c.isDefault);
}

/** Refuses one more card over {@link MAX_CARDS}. */
export function checkCanAddCard(existing: readonly SavedCard[]): void {
  if (existing.length >= MAX_CARDS) throw new ValidationError({cards: 'too-many'});
}

/**
 * The card that becomes the default when the default one is removed: the most recently added of
 * those left (so a patient with cards always has a default), or none.
 */
export function nextDefaultAfterRemoval(left: readonly CardRecord[]): string | undefined {
  return [...left].sort(newestFirst)[0]?.card.id;
}

/** The order a patient sees her cards in: the default first, then the newest first. */
export function orderCards(records: readonly CardRecord[]): SavedCard[] {
  return [...records]
    .sort((x, y) => Number(y.card.isDefault) - Number(x.card.isDefault) || newestFirst(x, y))
    .map((r) => r.card);
}

const CARD_ID_RE = /^card_[A-Za-z0-9_-]{1,60}$/;
const SETUP_ID_RE = /^seti_[A-Za-z0-9_-]{1,60}$/;

/** Whether `id` has the shape of a saved card's id (anything else is simply not found). */
export function isCardId(id: unknown): id is string {
  return typeof id === 'string' && CARD_ID_RE.test(id);
}

/** Whether `id` has the shape of a card setup's id. */
export function isCardSetupId(id: unknown): id is string {
  return typeof id === 'string' && SETUP_ID_RE.test(id);
}

/** Whether the card has expired at `nowMs` (it works through the last day of its expiry month, UTC). */
export function cardExpired(card: Pick<SavedCard, 'expMonth' | 'expYear'>, nowMs: number): boolean {
  return nowMs >= Date.UTC(card.expYear, card.expMonth, 1);
}

// ---------------------------------------------------------------------------------------------
// A card kept on file for the clinic's fees (the rules are in card-fees.ts)

export type FeeKind = 'late-cancellation' | 'no-show';

/** The card the patient let the clinic charge a fee to, recorded with the booking. */
export interface CardAuthorization {
  readonly cardId: string;
  readonly brand: CardBrand;
  readonly last4: string;
  /** The most a fee under the policy can be (the larger of the two fees). */
  readonly amount: Money;
  /** The provider that authorized it (`demo` or `stripe`). */
  readonly provider: string;
  readonly at: Instant;
}

/** A fee charged (or, when the card declined, only recorded as due) for a visit. */
export interface FeeCharge {
  readonly kind: FeeKind;
  readonly amount: Money;
  readonly at: Instant;
  /** The card it was charged to; absent when no card took it (the fee is then due on the invoice). */
  readonly card?: {readonly cardId: string; readonly brand: CardBrand; readonly last4: string};
}

/**
 * What a booking must authorize on a card at `clinic`: the larger of the late-cancellation and the
 * no-show fee, or null when the clinic charges neither, when the visit takes a deposit (the deposit
 * covers it), or for a guest booking (no cards without an account; a guest booking is never
 * charged a fee).
 */
export function cardAuthorizationAmount(
  clinic: Pick<Clinic, 'cancellation'>,
  deposit: Money | null | undefined,
  signedIn: boolean,
): Money | null {
  const positive = (m: Money | null | undefined): m is Money => !!m && m.amountMinor > 0;
  if (!signedIn || positive(deposit)) return null;
  const fees = [clinic.cancellation.lateFee, clinic.cancellation.noShowFee].filter(positive);
  if (!fees.length) return null;
  return {...fees.reduce((a, b) => (b.amountMinor > a.amountMinor ? b : a))};
}
