/**
 * Cards on file (#20, item 3): a card setup (the demo provider's equivalent of a Stripe
 * SetupIntent; nothing charged), confirmed by the demo payment step with a test card, saves the
 * card's brand, last four and expiry — never its number; the patient lists her cards, makes one the
 * default, removes one. Which card is the default and the order are the domain's
 * (`rules/cards.ts`), as in the memory adapter. Only the signed-in owner: another patient's card or
 * setup is 404, like an unknown one. Every change is audited with ids only. On with demo payments
 * and a `billing` profile; Stripe's real provider is not built (501 then).
 */
import {
  NotFoundError,
  NotSupportedError,
  PaymentFailedError,
  ValidationError,
} from '../../src/domain/errors.js';
import {
  DEMO_CARD_CHOICES,
  checkCanAddCard,
  demoCardSetupOutcome,
  isCardId,
  isCardSetupId,
  newCardIsDefault,
  nextDefaultAfterRemoval,
  orderCards,
  type SavedCard,
} from '../../src/domain/rules/cards.js';
import type {PaymentIntent} from '../../src/domain/types.js';
import {isUniqueViolation, type Queryable} from '../db.js';
import {findIdempotencyKey, insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {
  deleteCard,
  findSetup,
  insertCard,
  insertSetup,
  markSetupSaved,
  patientCards,
  setDefault,
} from '../repositories/cards.js';
import {token} from '../tokens.js';
import {auditCall} from './audit.js';
import type {CallContext, PortalContext} from './context.js';
import {requirePatient} from './session.js';

/** Whether this server keeps cards on file: demo payments and a billing profile. */
export function cardsOn(s: PortalContext): boolean {
  return s.data.billing !== undefined && s.paymentsOption === 'demo';
}

function need(s: PortalContext): void {
  if (!cardsOn(s)) throw new NotSupportedError('cards');
}

export async function listCards(s: PortalContext, call: CallContext): Promise<SavedCard[]> {
  need(s);
  const {patient} = await requirePatient(s, call);
  return orderCards(await patientCards(s.db, patient.id));
}

const setupOf = (id: string, currency: string): PaymentIntent => ({
  id,
  amount: {amountMinor: 0, currency},
  provider: 'demo',
  mode: 'setup',
});

/**
 * A card setup of the demo provider. The same `Idempotency-Key` (per patient) gives the same setup;
 * at most 10 cards. Two queries and an insert.
 */
export async function startCardSetup(
  s: PortalContext,
  call: CallContext,
  idempotencyKey: string,
): Promise<PaymentIntent> {
  need(s);
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  const {patient} = await requirePatient(s, call);
  const scope = `card-setup:${patient.id}`;
  const currency = s.data.clinic.currency;
  const known = await findIdempotencyKey(s.db, scope, idempotencyKey);
  if (known) return setupOf(known.result_id, currency);
  checkCanAddCard((await patientCards(s.db, patient.id)).map((c) => c.card));
  const id = `seti_demo_${token(18)}`;
  try {
    await s.db.transaction(async (q) => {
      await insertSetup(q, {id, patientId: patient.id, provider: 'demo', createdMs: s.clock()});
      await insertIdempotencyKey(q, {scope, key: idempotencyKey, fingerprint: 'card-setup', resultId: id});
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const again = await findIdempotencyKey(s.db, scope, idempotencyKey);
    if (!again) throw e;
    return setupOf(again.result_id, currency);
  }
  return setupOf(id, currency);
}

/**
 * The demo step's confirmation: the chosen test card is saved (again: nothing new), or `declined`
 * answers 402 and saves nothing. Only the setup's own patient (another's: 404).
 */
export async function confirmDemoCardSetup(
  s: PortalContext,
  call: CallContext,
  setupId: string,
  card: unknown,
): Promise<void> {
  need(s);
  const number =
    typeof card === 'string' && Object.hasOwn(DEMO_CARD_CHOICES, card)
      ? DEMO_CARD_CHOICES[card as keyof typeof DEMO_CARD_CHOICES]
      : undefined;
  if (!number) throw new ValidationError({card: 'invalid'});
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const outcome = demoCardSetupOutcome(number, s.clock());
  const result = await s.db.transaction(async (q) => {
    const setup = isCardSetupId(setupId) ? await findSetup(q, setupId, true) : undefined;
    if (!setup || setup.patient_id !== patientId) return 'not-found' as const;
    if (setup.saved) return 'saved' as const;
    if (outcome.kind === 'declined') return 'declined' as const;
    const mine = (await patientCards(q, patientId, true)).map((c) => c.card);
    checkCanAddCard(mine);
    const cardId = `card_${token(18)}`;
    await insertCard(q, {
      id: cardId,
      patientId,
      provider: 'demo',
      card: {...outcome.card, isDefault: newCardIsDefault(mine)},
      declinesCharges: outcome.declinesCharges,
      addedMs: s.clock(),
    });
    await markSetupSaved(q, setup.id, cardId);
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'cards.add',
      patientId,
      cardId,
      sessionId: live.row.id,
    });
    return 'saved' as const;
  });
  if (result === 'not-found') throw new NotFoundError();
  if (result === 'declined') throw new PaymentFailedError();
}

/** One of the patient's cards, changed in one transaction; another's or an unknown id: 404, audited. */
async function changeCard(
  s: PortalContext,
  call: CallContext,
  id: string,
  action: 'default' | 'remove',
): Promise<SavedCard[]> {
  need(s);
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  const cards = await s.db.transaction(async (q) => {
    const mine = await patientCards(q, patientId, true);
    const target = isCardId(id) ? mine.find((c) => c.card.id === id) : undefined;
    await auditCall(s, q, call, {
      actor: patientId,
      action: target ? `cards.${action}` : 'cards.denied',
      patientId,
      cardId: String(id).slice(0, 100),
      sessionId: live.row.id,
    });
    if (!target) return undefined;
    if (action === 'default') await setDefault(q, patientId, target.card.id);
    else {
      await deleteCard(q, patientId, target.card.id);
      if (target.card.isDefault)
        await setDefault(q, patientId, nextDefaultAfterRemoval(mine.filter((c) => c !== target)));
    }
    return patientCards(q, patientId);
  });
  if (!cards) throw new NotFoundError();
  return orderCards(cards);
}

export const setDefaultCard = (s: PortalContext, call: CallContext, id: string) =>
  changeCard(s, call, id, 'default');

export const removeCard = (s: PortalContext, call: CallContext, id: string) =>
  changeCard(s, call, id, 'remove');

/** Seeding: a demo test card the seeded patient saved (its facts only; the first is the default). */
export async function seedCard(
  s: PortalContext,
  q: Queryable,
  patientId: string,
  cardNumber: string,
): Promise<void> {
  const outcome = demoCardSetupOutcome(cardNumber, s.clock());
  if (outcome.kind !== 'saved') return;
  const mine = (await patientCards(q, patientId)).map((c) => c.card);
  await insertCard(q, {
    id: `card_${token(18)}`,
    patientId,
    provider: 'demo',
    card: {...outcome.card, isDefault: newCardIsDefault(mine)},
    declinesCharges: outcome.declinesCharges,
    addedMs: s.clock(),
  });
}
