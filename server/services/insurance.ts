/**
 * The patient's insurance cards (#17, item 5): insurer, plan, member number; several, exactly one
 * primary whenever she has any. What is accepted (field by field, at most 5 cards) and which card
 * is primary are the domain's (`rules/insurance.ts`), as in the memory adapter. Only the signed-in
 * owner: another patient's card is 404, like an unknown one (audited `insurance.denied`). Every
 * change is audited with the card's id only (never what it says); bad input stores nothing. Every
 * change runs with her `patients` row locked, so two at once cannot pass the limit or leave two
 * primaries (the partial unique index would refuse it anyway).
 */
import {NotFoundError, ValidationError} from '../../src/domain/errors.js';
import {checkPhoto, type CheckedPhoto, type ProfilePhoto} from '../../src/domain/rules/profile-image.js';
import {
  checkCanAddInsuranceCard,
  checkInsuranceCard,
  insuranceCard,
  insuranceCardsOf,
  isFirstCardPrimary,
  isInsuranceCardId,
  isInsuranceCardSide,
  primaryAfterRemoval,
  type InsuranceCardSide,
  type InsuranceCard,
  type InsuranceCardFields,
} from '../../src/domain/rules/insurance.js';
import type {Queryable} from '../db.js';
import {
  deleteInsuranceCard,
  insertInsuranceCard,
  lockPatientInsurance,
  patientInsuranceCards,
  setPrimaryInsuranceCardRow,
  updateInsuranceCardRow,
} from '../repositories/insurance.js';
import {cardPhoto, deleteCardPhoto, upsertCardPhoto} from '../repositories/insurance-photos.js';
import {token} from '../tokens.js';
import {fromBase64} from './documents.js';
import {auditCall} from './audit.js';
import type {CallContext, PortalContext} from './context.js';
import {requirePatient} from './session.js';

const newId = () => `ins_${token(18)}`;

export async function listInsuranceCards(s: PortalContext, call: CallContext): Promise<InsuranceCard[]> {
  const {patient} = await requirePatient(s, call);
  return insuranceCardsOf(await patientInsuranceCards(s.db, patient.id));
}

export async function addInsuranceCard(
  s: PortalContext,
  call: CallContext,
  input: unknown,
): Promise<InsuranceCard> {
  const live = await requirePatient(s, call);
  const fields = checkInsuranceCard(input);
  const patientId = live.patient.id;
  return s.db.transaction(async (q) => {
    // Locked first, counted after: two adds at once cannot pass the limit or both be first.
    await lockPatientInsurance(q, patientId);
    const count = (await patientInsuranceCards(q, patientId)).length;
    checkCanAddInsuranceCard(count);
    const now = s.clock();
    const card = insuranceCard(newId(), fields, isFirstCardPrimary(count), now);
    await insertInsuranceCard(q, {patientId, card, updatedMs: now});
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'insurance.add',
      patientId,
      insuranceCardId: card.id,
      sessionId: live.row.id,
    });
    return card;
  });
}

type Change = {kind: 'update'; fields: InsuranceCardFields} | {kind: 'primary'} | {kind: 'remove'};

/** Changes one of the patient's cards; another's or an unknown id: 404, audited. */
async function changeCard(
  s: PortalContext,
  call: CallContext,
  id: string,
  change: Change,
): Promise<{card?: InsuranceCard; cards: InsuranceCard[]}> {
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const result = await s.db.transaction(async (q) => {
    await lockPatientInsurance(q, patientId);
    const records = await patientInsuranceCards(q, patientId);
    const found = isInsuranceCardId(id) ? records.find((r) => r.card.id === id) : undefined;
    await auditCall(s, q, call, {
      actor: patientId,
      action: found ? `insurance.${change.kind}` : 'insurance.denied',
      patientId,
      insuranceCardId: String(id).slice(0, 100),
      sessionId: live.row.id,
    });
    if (!found) return 'not-found' as const;
    const now = s.clock();
    let card: InsuranceCard | undefined;
    if (change.kind === 'update') {
      card = insuranceCard(found.card.id, change.fields, found.card.primary, now);
      await updateInsuranceCardRow(q, {patientId, card, updatedMs: now});
    } else if (change.kind === 'primary') {
      await setPrimaryInsuranceCardRow(q, patientId, found.card.id);
    } else {
      const next = primaryAfterRemoval(records, found.card.id);
      await deleteInsuranceCard(q, patientId, found.card.id);
      await setPrimaryInsuranceCardRow(q, patientId, next);
    }
    return {card, cards: insuranceCardsOf(await patientInsuranceCards(q, patientId))};
  });
  if (result === 'not-found') throw new NotFoundError();
  return result;
}

export async function updateInsuranceCard(
  s: PortalContext,
  call: CallContext,
  id: string,
  input: unknown,
): Promise<InsuranceCard> {
  await requirePatient(s, call);
  const fields = checkInsuranceCard(input);
  const {card, cards} = await changeCard(s, call, id, {kind: 'update', fields});
  return cards.find((c) => c.id === card!.id) ?? card!;
}

export async function setPrimaryInsuranceCard(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<InsuranceCard[]> {
  return (await changeCard(s, call, id, {kind: 'primary'})).cards;
}

export async function removeInsuranceCard(
  s: PortalContext,
  call: CallContext,
  id: string,
): Promise<InsuranceCard[]> {
  return (await changeCard(s, call, id, {kind: 'remove'})).cards;
}

/**
 * One of her cards' photos (#17 item 5): the card must be hers and the side `front` or `back`;
 * otherwise 404 like an unknown card (audited `insurance.denied`, a change only). Reading is not
 * audited (the profile shows them), storing and removing are, with the card's id only.
 */
async function ownCardPhoto(
  s: PortalContext,
  q: Queryable,
  call: CallContext,
  id: string,
  side: unknown,
  action?: string,
): Promise<{patientId: string; side: InsuranceCardSide}> {
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const ok =
    isInsuranceCardId(id) &&
    isInsuranceCardSide(side) &&
    (await patientInsuranceCards(q, patientId)).some((r) => r.card.id === id);
  if (action)
    await auditCall(s, q, call, {
      actor: patientId,
      action: ok ? action : 'insurance.denied',
      patientId,
      insuranceCardId: String(id).slice(0, 100),
      sessionId: live.row.id,
    });
  if (!ok) throw new NotFoundError();
  return {patientId, side: side as InsuranceCardSide};
}

/** The photo of one side of her card, or `undefined` when it has none. */
export async function getInsuranceCardPhoto(
  s: PortalContext,
  call: CallContext,
  id: string,
  side: string,
): Promise<ProfilePhoto | undefined> {
  await ownCardPhoto(s, s.db, call, id, side);
  return cardPhoto(s.db, id, side as InsuranceCardSide);
}

/** Stores a photo of one side of her card: the photo rule first (a 422 stores nothing). */
export async function uploadInsuranceCardPhoto(
  s: PortalContext,
  call: CallContext,
  id: string,
  side: string,
  body: unknown,
): Promise<CheckedPhoto> {
  const {patientId} = await ownCardPhoto(s, s.db, call, id, side);
  const bytes = fromBase64((body as {content?: unknown} | undefined)?.content);
  if (!bytes) throw new ValidationError({photo: 'invalid'});
  const checked = checkPhoto(bytes);
  await s.db.transaction(async (q) => {
    await lockPatientInsurance(q, patientId);
    await ownCardPhoto(s, q, call, id, side, 'insurance.photo-upload');
    await upsertCardPhoto(q, id, side as InsuranceCardSide, checked, Buffer.from(bytes), s.clock());
  });
  return checked;
}

/** Removes the photo of one side of her card (none: nothing to do). */
export async function removeInsuranceCardPhoto(
  s: PortalContext,
  call: CallContext,
  id: string,
  side: string,
): Promise<void> {
  const live = await requirePatient(s, call);
  await s.db.transaction(async (q) => {
    await lockPatientInsurance(q, live.patient.id);
    await ownCardPhoto(s, q, call, id, side, 'insurance.photo-remove');
    await deleteCardPhoto(q, id, side as InsuranceCardSide);
  });
}

/** Seeding: a seeded patient's cards, the first one primary, as the demo clinic in memory has them. */
export async function seedInsurance(
  s: PortalContext,
  q: Queryable,
  patientId: string,
  cards: readonly InsuranceCardFields[],
): Promise<void> {
  const now = s.clock();
  for (const [i, fields] of cards.entries())
    await insertInsuranceCard(q, {
      patientId,
      card: insuranceCard(newId(), checkInsuranceCard(fields), i === 0, now),
      updatedMs: now,
    });
}
