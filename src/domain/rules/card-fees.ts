/**
 * Booking with a card on file (issue #20, item 4), once: when a booking needs a card (the clinic
 * charges a late-cancellation or a no-show fee and the visit takes no deposit), how much is
 * authorized, which saved card is authorized or later charged, when a fee is charged at all, and
 * the invoice line a fee is billed as. The memory adapter and the reference server both use these.
 *
 * A fee is charged only to a card the patient authorized when *she* booked, signed in: a guest
 * booking (not yet the account's, `ownedByAccount`), an appointment the clinic made (seeded or
 * entered by staff: no authorization) or a cancellation by the clinic is never charged.
 */
import {PaymentFailedError, ValidationError} from '../errors.js';
import type {CancellationInfo, Clinic, Instant, Money} from '../types.js';
import {
  cardExpired,
  isCardId,
  type CardAuthorization,
  type CardBrand,
  type FeeCharge,
  type FeeKind,
  type SavedCard,
} from './cards.js';
import {ownedByAccount} from './appointments.js';

export type {CardAuthorization, FeeCharge, FeeKind} from './cards.js';
export {cardAuthorizationAmount} from './cards.js';

const positive = (m: Money | undefined): m is Money => m !== undefined && m.amountMinor > 0;

/** A saved card as the backends keep it, with whether the provider declines charges to it. */
export interface ChargeableCard {
  readonly card: SavedCard;
  readonly declinesCharges: boolean;
}

/**
 * The card a booking authorizes: `cardId` when given (one of the patient's, else
 * `ValidationError({cardId: 'invalid'})`), otherwise the default; none saved is
 * `ValidationError({cardId: 'required'})`. A card the provider declines (or expired) is
 * `PaymentFailedError`: the booking is refused and nothing is stored.
 */
export function cardToAuthorize(cards: readonly ChargeableCard[], cardId: unknown, nowMs: number): SavedCard {
  let chosen: ChargeableCard | undefined;
  if (cardId !== undefined) {
    chosen = isCardId(cardId) ? cards.find((c) => c.card.id === cardId) : undefined;
    if (!chosen) throw new ValidationError({cardId: 'invalid'});
  } else {
    chosen = cards.find((c) => c.card.isDefault) ?? cards[0];
    if (!chosen) throw new ValidationError({cardId: 'required'});
  }
  if (chosen.declinesCharges || cardExpired(chosen.card, nowMs)) throw new PaymentFailedError();
  return chosen.card;
}

/** The authorization a booking records for `card`. */
export function authorizationFor(
  card: SavedCard,
  amount: Money,
  provider: string,
  at: Instant,
): CardAuthorization {
  return {cardId: card.id, brand: card.brand, last4: card.last4, amount: {...amount}, provider, at};
}

/** What a fee-charging rule needs of an appointment. */
export interface FeeFacts {
  readonly status: string;
  readonly start: number;
  readonly ownerVerified?: boolean;
  readonly cardAuthorization?: CardAuthorization | null;
  readonly feeCharge?: FeeCharge | null;
}

/** Whether a fee may be charged for this visit at all: the patient booked it herself, with a card. */
export function feeChargeable(a: FeeFacts): boolean {
  return ownedByAccount(a) && !!a.cardAuthorization && !a.feeCharge;
}

/**
 * The late-cancellation fee to charge for a cancellation just recorded: the fee the cancellation
 * record carries (the domain's quote, `patientCancellation`), only for the patient's own
 * cancellation of a visit she booked with a card; else null.
 */
export function lateCancellationFee(a: FeeFacts, cancellation: CancellationInfo): Money | null {
  if (!feeChargeable(a) || cancellation.by !== 'patient' || !positive(cancellation.fee)) return null;
  return {...cancellation.fee};
}

/**
 * The no-show fee for marking this visit a no-show at `nowMs`: the clinic's, for an active visit
 * that has started and that the patient booked herself with a card; else null. A visit that is not
 * active or not started yet cannot be marked (`ValidationError({appointment: 'invalid'})`).
 */
export function noShowFee(clinic: Pick<Clinic, 'cancellation'>, a: FeeFacts, nowMs: number): Money | null {
  if (!['pending', 'booked', 'confirmed'].includes(a.status) || nowMs < a.start)
    throw new ValidationError({appointment: 'invalid'});
  const fee = clinic.cancellation.noShowFee;
  return feeChargeable(a) && positive(fee) ? {...fee} : null;
}

/**
 * Charging `amount` to the authorized card: that card if still saved and the provider takes the
 * charge, else the patient's default card if it does; when none does, the fee is recorded without
 * a card (due on the invoice).
 */
export function chargeFee(
  kind: FeeKind,
  amount: Money,
  authorization: CardAuthorization,
  cards: readonly ChargeableCard[],
  nowMs: number,
  at: Instant,
): FeeCharge {
  const takes = (c: ChargeableCard | undefined): c is ChargeableCard =>
    !!c && !c.declinesCharges && !cardExpired(c.card, nowMs);
  const authorized = cards.find((c) => c.card.id === authorization.cardId);
  const fallback = cards.find((c) => c.card.isDefault);
  const card = takes(authorized) ? authorized : takes(fallback) ? fallback : undefined;
  return {
    kind,
    amount: {...amount},
    at,
    ...(card ? {card: {cardId: card.card.id, brand: card.card.brand, last4: card.card.last4}} : {}),
  };
}

const BRAND: Readonly<Record<CardBrand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  other: '',
};

/** A card as a message names it: "Visa ending 4242" / "Visa terminada en 4242". */
export function cardText(
  card: {readonly brand: CardBrand; readonly last4: string},
  lang: 'en' | 'es',
): string {
  const brand = BRAND[card.brand] || (lang === 'es' ? 'Tarjeta' : 'Card');
  return lang === 'es' ? `${brand} terminada en ${card.last4}` : `${brand} ending ${card.last4}`;
}
