/**
 * Cards on file (#20, item 3): a card setup (the demo provider's equivalent of a Stripe
 * SetupIntent; nothing charged), confirmed by the demo payment step with a test card, saves the
 * card's brand, last four and expiry — never its number; the patient lists her cards, makes one the
 * default, removes one. Which card is the default and the order are the domain's
 * (`rules/cards.ts`), as in the memory adapter. Only the signed-in owner: another patient's card or
 * setup is 404, like an unknown one. Every change is audited with ids only. On with a `billing`
 * profile and demo or Stripe payments.
 *
 * With Stripe (`PORTAL_PAYMENTS=stripe`) the contract is the same; underneath, each patient has a
 * Stripe Customer (made at her first card setup, our id only in its metadata), a setup is a Stripe
 * SetupIntent (`usage=off_session`) that the patient confirms in Stripe's Payment Element, and the
 * card is saved from Stripe's PaymentMethod (brand, last four, expiry; its `pm_…`) when Stripe's
 * signed `setup_intent.succeeded` comes — or, if the patient reads her cards before it does, when
 * Stripe says the SetupIntent succeeded. Removing a card detaches it at Stripe first;
 * `payment_method.detached` (a card detached in Stripe's dashboard) removes it here.
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
import {cardBrandOf} from '../../src/domain/rules/cards.js';
import type {PaymentIntent} from '../../src/domain/types.js';
import {isUniqueViolation, type Queryable} from '../db.js';
import {log} from '../log.js';
import {PaymentProviderError, StripePaymentProvider, providerIdempotencyKey} from '../payment-provider.js';
import {StripeError, type StripeCard} from '../stripe.js';
import {findIdempotencyKey, insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {
  deleteCard,
  findCardByRef,
  findSetup,
  findStripeCustomer,
  insertCard,
  insertSetup,
  insertStripeCustomer,
  markSetupSaved,
  openSetups,
  patientCards,
  setDefault,
  type SetupRow,
} from '../repositories/cards.js';
import {token} from '../tokens.js';
import {auditCall} from './audit.js';
import type {CallContext, PortalContext} from './context.js';
import {requirePatient} from './session.js';

/** Whether this server keeps cards on file: demo or Stripe payments and a billing profile. */
export function cardsOn(s: PortalContext): boolean {
  return s.data.billing !== undefined && (s.paymentsOption === 'demo' || s.paymentsOption === 'stripe');
}

/** The provider cards are kept with here (what a booking's card authorization records). */
export function cardProvider(s: PortalContext): 'demo' | 'stripe' {
  return s.paymentsOption === 'stripe' ? 'stripe' : 'demo';
}

/** The Stripe provider when the server's payments are Stripe's. */
export function stripeOf(s: PortalContext): StripePaymentProvider | undefined {
  return s.paymentProvider instanceof StripePaymentProvider ? s.paymentProvider : undefined;
}

/** A Stripe failure as the client's 502 (logged with Stripe's status, type and code only). */
export function providerFailed(e: unknown): never {
  if (e instanceof StripeError) {
    log('warn', 'payment provider failed', {
      provider: 'stripe',
      status: e.status ?? 'unreachable',
      type: e.type,
      code: e.stripeCode,
    });
    throw new PaymentProviderError({cause: e});
  }
  throw e;
}

function need(s: PortalContext): void {
  if (!cardsOn(s)) throw new NotSupportedError('cards');
}

/** How long after its creation an unsaved Stripe setup is asked about when the cards are read. */
const ASK_PROVIDER_MS = 60 * 60_000;

export async function listCards(s: PortalContext, call: CallContext): Promise<SavedCard[]> {
  need(s);
  const {patient} = await requirePatient(s, call);
  await settleSetupsFromStripe(s, patient.id);
  return orderCards(await patientCards(s.db, patient.id));
}

/**
 * A card confirmed in Stripe's field whose webhook has not come yet (it usually takes seconds): the
 * cards read right after ask Stripe about the patient's recent unsaved setups and save a card
 * Stripe says was set up. Stripe not answering changes nothing (the webhook will say).
 */
async function settleSetupsFromStripe(s: PortalContext, patientId: string): Promise<void> {
  const stripe = stripeOf(s);
  if (!stripe) return;
  for (const setup of await openSetups(s.db, patientId, 'stripe', s.clock() - ASK_PROVIDER_MS)) {
    try {
      const intent = await stripe.client.retrieveSetupIntent(setup.provider_ref!);
      if (intent.status !== 'succeeded' || !intent.paymentMethod) continue;
      const card = await stripe.client.retrievePaymentMethod(intent.paymentMethod);
      await saveStripeCard(s, setup, card);
    } catch (e) {
      if (e instanceof StripeError) continue;
      throw e;
    }
  }
}

/** What came of saving a card Stripe set up (for the webhook's log). */
export type SaveOutcome = 'saved' | 'duplicate' | 'mismatch';

/**
 * Saves the card Stripe set up for `setup` (brand, last four, expiry and its `pm_…`): once — a
 * setup already saved, or a card already kept, changes nothing. The card must be on the patient's
 * own Customer. Run in a transaction of its own, or in the caller's (`q`).
 */
export async function saveStripeCard(
  s: PortalContext,
  setup: SetupRow,
  card: StripeCard,
  q?: Queryable,
): Promise<SaveOutcome> {
  const save = async (t: Queryable): Promise<SaveOutcome> => {
    const locked = await findSetup(t, setup.id, true);
    if (!locked || locked.saved) return 'duplicate';
    const customer = await findStripeCustomer(t, locked.patient_id);
    if (!customer || card.customer !== customer) return 'mismatch';
    const mine = await patientCards(t, locked.patient_id, true);
    if (mine.some((c) => c.providerRef === card.id)) return 'duplicate';
    const cardId = `card_${token(18)}`;
    await insertCard(t, {
      id: cardId,
      patientId: locked.patient_id,
      provider: 'stripe',
      providerRef: card.id,
      card: {
        brand: cardBrandOf(card.brand),
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        isDefault: newCardIsDefault(mine.map((c) => c.card)),
      },
      declinesCharges: false,
      addedMs: s.clock(),
    });
    await markSetupSaved(t, locked.id, cardId);
    await auditCall(s, t, {}, {actor: 'stripe', action: 'cards.add', patientId: locked.patient_id, cardId});
    return 'saved';
  };
  return q ? save(q) : s.db.transaction(save);
}

const setupOf = (id: string, currency: string, more?: Partial<PaymentIntent>): PaymentIntent => ({
  id,
  amount: {amountMinor: 0, currency},
  provider: 'demo',
  mode: 'setup',
  ...more,
});

/** The patient's Stripe Customer: the one kept, or a new one (Stripe's idempotency: one per patient). */
async function stripeCustomer(s: PortalContext, stripe: StripePaymentProvider, patientId: string) {
  const known = await findStripeCustomer(s.db, patientId);
  if (known) return known;
  const made = await stripe.client
    .createCustomer(patientId, providerIdempotencyKey('customer', patientId, 'customer'))
    .catch(providerFailed);
  await insertStripeCustomer(s.db, patientId, made, s.clock());
  return (await findStripeCustomer(s.db, patientId)) ?? made;
}

/**
 * A card setup through Stripe: the patient's Customer, a SetupIntent on it (Stripe's idempotency
 * key from ours), then our setup stored with Stripe's `seti_…`. A replayed key asks Stripe for the
 * client secret again (never stored). Stripe failing: 502, nothing stored.
 */
async function startStripeSetup(
  s: PortalContext,
  stripe: StripePaymentProvider,
  patientId: string,
  idempotencyKey: string,
): Promise<PaymentIntent> {
  const scope = `card-setup:${patientId}`;
  const currency = s.data.clinic.currency;
  const answer = async (id: string): Promise<PaymentIntent> => {
    const setup = await findSetup(s.db, id);
    if (!setup?.provider_ref) throw new ValidationError({idempotencyKey: 'invalid'});
    const intent = await stripe.client.retrieveSetupIntent(setup.provider_ref).catch(providerFailed);
    return setupOf(id, currency, {
      provider: 'stripe',
      clientSecret: intent.clientSecret,
      publishableKey: stripe.client.publishableKey,
    });
  };
  const known = await findIdempotencyKey(s.db, scope, idempotencyKey);
  if (known) return answer(known.result_id);
  checkCanAddCard((await patientCards(s.db, patientId)).map((c) => c.card));
  const customer = await stripeCustomer(s, stripe, patientId);
  const id = `seti_stripe_${token(18)}`;
  const intent = await stripe.client
    .createSetupIntent(
      customer,
      // Not our setup's id: concurrent twins of one key must send Stripe the same parameters.
      {portal_kind: 'card-setup'},
      providerIdempotencyKey('card-setup', patientId, idempotencyKey),
    )
    .catch(providerFailed);
  try {
    await s.db.transaction(async (q) => {
      await insertSetup(q, {
        id,
        patientId,
        provider: 'stripe',
        createdMs: s.clock(),
        providerRef: intent.id,
      });
      await insertIdempotencyKey(q, {scope, key: idempotencyKey, fingerprint: 'card-setup', resultId: id});
    });
  } catch (e) {
    // A concurrent twin with the same key stored Stripe's same SetupIntent first: answer with its.
    if (!isUniqueViolation(e)) throw e;
    const again = await findIdempotencyKey(s.db, scope, idempotencyKey);
    if (!again) throw e;
    return answer(again.result_id);
  }
  return setupOf(id, currency, {
    provider: 'stripe',
    clientSecret: intent.clientSecret,
    publishableKey: stripe.client.publishableKey,
  });
}

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
  const stripe = stripeOf(s);
  if (stripe) return startStripeSetup(s, stripe, patient.id, idempotencyKey);
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
  // With Stripe, the patient confirms in Stripe's field; there is no demo step.
  if (s.paymentsOption !== 'demo') throw new NotSupportedError('payments');
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
  // A Stripe card is detached at Stripe first (never chargeable again); Stripe failing: 502, kept.
  if (action === 'remove' && isCardId(id)) {
    const before = (await patientCards(s.db, patientId)).find((c) => c.card.id === id);
    const stripe = stripeOf(s);
    if (before?.provider === 'stripe' && before.providerRef && stripe)
      await stripe.client.detachPaymentMethod(before.providerRef).catch((e: unknown) => {
        // Already detached (in Stripe's dashboard, say): nothing to undo there.
        if (!(e instanceof StripeError && (e.missing || e.status === 400))) providerFailed(e);
      });
  }
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

/**
 * A card detached at Stripe (`payment_method.detached`: in Stripe's dashboard, or by our own
 * removal) is removed here too, the default moving on as the domain says. False when no card of
 * ours is that PaymentMethod (already removed).
 */
export async function removeDetachedCard(s: PortalContext, q: Queryable, paymentMethod: string) {
  const row = await findCardByRef(q, 'stripe', paymentMethod);
  if (!row) return false;
  const mine = await patientCards(q, row.patient_id, true);
  const target = mine.find((c) => c.providerRef === paymentMethod);
  if (!target) return false;
  await deleteCard(q, row.patient_id, target.card.id);
  if (target.card.isDefault)
    await setDefault(q, row.patient_id, nextDefaultAfterRemoval(mine.filter((c) => c !== target)));
  await auditCall(
    s,
    q,
    {},
    {
      actor: 'stripe',
      action: 'cards.remove',
      patientId: row.patient_id,
      cardId: target.card.id,
    },
  );
  return true;
}

/**
 * Seeding: a demo test card the seeded patient saved (its facts only; the first is the default).
 * Not with Stripe: a demo card could never be charged there.
 */
export async function seedCard(
  s: PortalContext,
  q: Queryable,
  patientId: string,
  cardNumber: string,
): Promise<void> {
  if (s.paymentsOption !== 'demo') return;
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
