/**
 * The patient's insurance cards (#17, item 5): insurer, plan, member number; several, exactly one
 * primary whenever she has any. What is accepted (field by field, at most 5 cards) and which card
 * is primary are the domain's (`rules/insurance.ts`), as in the memory adapter. Only the signed-in
 * owner: another patient's card is 404, like an unknown one (audited `insurance.denied`). Every
 * change is audited with the card's id only (never what it says); bad input stores nothing. Every
 * change runs with her `patients` row locked, so two at once cannot pass the limit or leave two
 * primaries (the partial unique index would refuse it anyway).
 */
import {NotFoundError} from '../../src/domain/errors.js';
import {
  checkCanAddInsuranceCard,
  checkInsuranceCard,
  insuranceCard,
  insuranceCardsOf,
  isFirstCardPrimary,
  isInsuranceCardId,
  primaryAfterRemoval,
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
import {token} from '../tokens.js';
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
