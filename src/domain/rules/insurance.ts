/**
 * The patient's insurance cards (issue #17, item 5; seed 003 "Gestionar seguro médico"), once: what
 * a card holds (insurer, plan, member number), what is accepted (the insurer at most
 * {@link INSURANCE_TEXT_MAX} characters, the plan optional and as long, the member number
 * {@link MEMBER_NUMBER_MAX} letters, digits, spaces, hyphens, dots or slashes), at most
 * {@link MAX_INSURANCE_CARDS} cards, and which card is primary: exactly one whenever she has any —
 * her first card, the one she makes primary, and after the primary is removed the oldest one left.
 * The memory adapter and the reference server both call these, so they never disagree.
 */
import {ValidationError, type FieldErrorCode} from '../errors.js';
import {toInstantString} from '../time.js';
import type {Instant} from '../types.js';

/** The longest insurer or plan name, in characters (code points). */
export const INSURANCE_TEXT_MAX = 100;
/** The longest member number, in characters. */
export const MEMBER_NUMBER_MAX = 40;
/** At most this many cards: bounds what one account can store. */
export const MAX_INSURANCE_CARDS = 5;

/** What the patient writes for a card. */
export interface InsuranceCardFields {
  /** The insurance company ("Seguros Monterrey"). */
  readonly insurer: string;
  /** The plan or policy's name ("Gastos Médicos Mayores"). */
  readonly plan?: string;
  /** The number on the card, as printed (letters, digits, spaces, `-`, `.`, `/`). */
  readonly memberNumber: string;
}

/**
 * A card's photos (#17 item 5, seed 003): one of its front and one of its back, each checked by
 * the profile photo's rule (`rules/profile-image.ts`: JPEG, PNG or WebP by its bytes, at most
 * 5 MB, SVG refused) and kept like it, only for its owner.
 */
export type InsuranceCardSide = 'front' | 'back';
export const isInsuranceCardSide = (side: unknown): side is InsuranceCardSide =>
  side === 'front' || side === 'back';

/** A stored card: what it says, whether it is the primary one, when it last changed. */
export interface InsuranceCard extends InsuranceCardFields {
  readonly id: string;
  readonly primary: boolean;
  readonly updatedAt: Instant;
}

const FIELDS: Readonly<Record<keyof InsuranceCardFields, boolean>> = {
  insurer: true,
  plan: false,
  memberNumber: true,
};

/** Control characters (NUL included) and lone surrogates are refused in every text. */
const BAD_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A member number: starts with a letter or digit; then letters, digits, spaces, `-`, `.`, `/`. */
const MEMBER_NUMBER_RE = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;

function textProblem(value: string, max: number): FieldErrorCode | undefined {
  // Measured without scanning a long paste in full: too many UTF-16 units already says it.
  if (value.length > max * 2 || [...value].length > max) return 'too-long';
  if (BAD_TEXT.test(value)) return 'invalid';
  return undefined;
}

/**
 * What is wrong with a card as the patient sent it: field → code (`required`, `too-long`,
 * `invalid`; a member number with other characters is `invalid`). Unknown fields are `invalid`.
 * Empty: nothing wrong.
 */
export function insuranceCardProblems(input: unknown): Record<string, FieldErrorCode> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {card: 'invalid'};
  const fields: Record<string, FieldErrorCode> = {};
  const given = input as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(given)) if (!Object.hasOwn(FIELDS, k)) fields[k] = 'invalid';
  for (const [k, required] of Object.entries(FIELDS)) {
    const v = given[k];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) fields[k] = 'required';
      continue;
    }
    if (typeof v !== 'string') {
      fields[k] = 'invalid';
      continue;
    }
    const text = v.trim();
    const problem = textProblem(text, k === 'memberNumber' ? MEMBER_NUMBER_MAX : INSURANCE_TEXT_MAX);
    if (problem) fields[k] = problem;
    else if (k === 'memberNumber' && !MEMBER_NUMBER_RE.test(text)) fields[k] = 'invalid';
  }
  return fields;
}

/**
 * The card's fields as stored: checked ({@link insuranceCardProblems}; `ValidationError` with the
 * field codes otherwise, so nothing is stored), trimmed (runs of spaces in the member number made
 * one), an empty plan left out.
 */
export function checkInsuranceCard(input: unknown): InsuranceCardFields {
  const problems = insuranceCardProblems(input);
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  const given = input as Record<string, string | undefined>;
  const plan = given.plan?.trim();
  return {
    insurer: given.insurer!.trim(),
    ...(plan ? {plan} : {}),
    memberNumber: given.memberNumber!.trim().replace(/ {2,}/g, ' '),
  };
}

/** Refuses one more card when the patient already has {@link MAX_INSURANCE_CARDS}. */
export function checkCanAddInsuranceCard(count: number): void {
  if (count >= MAX_INSURANCE_CARDS) throw new ValidationError({cards: 'too-many'});
}

/** A stored card with the order it was added in (`seq`), as both backends keep it. */
export interface InsuranceRecord {
  readonly card: InsuranceCard;
  readonly seq: number;
}

/** A card as written now: what it says, primary or not. */
export function insuranceCard(
  id: string,
  fields: InsuranceCardFields,
  primary: boolean,
  nowMs: number,
): InsuranceCard {
  return {id, ...fields, primary, updatedAt: toInstantString(nowMs)};
}

/** Whether a new card is primary: only when it is her first (she makes another primary herself). */
export function isFirstCardPrimary(existing: number): boolean {
  return existing === 0;
}

/**
 * Which card is primary once `removedId` is gone: the same one when another was removed; the
 * oldest card left when the primary was removed; none when no card is left.
 */
export function primaryAfterRemoval(
  records: readonly InsuranceRecord[],
  removedId: string,
): string | undefined {
  const left = [...records].filter((r) => r.card.id !== removedId).sort((x, y) => x.seq - y.seq);
  return (left.find((r) => r.card.primary) ?? left[0])?.card.id;
}

/**
 * The patient's cards as she sees them: the primary first, then the others oldest first; exactly
 * one primary whenever there is any card (the oldest, should the store hold none).
 */
export function insuranceCardsOf(records: readonly InsuranceRecord[]): InsuranceCard[] {
  const sorted = [...records].sort((x, y) => x.seq - y.seq);
  const primary = sorted.find((r) => r.card.primary) ?? sorted[0];
  return sorted
    .map((r) => ({...r.card, primary: r === primary}))
    .sort((x, y) => Number(y.primary) - Number(x.primary));
}

const CARD_ID_RE = /^ins_[A-Za-z0-9_-]{1,60}$/;

/** Whether `id` has the shape of a card's id (anything else is simply not found). */
export function isInsuranceCardId(id: unknown): id is string {
  return typeof id === 'string' && CARD_ID_RE.test(id);
}

/** A seeded patient's insurance cards (by the seed's patient key), the first one primary. */
export interface SeedInsurance {
  readonly patientKey: string;
  readonly cards: readonly InsuranceCardFields[];
}
