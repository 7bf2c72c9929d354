/**
 * Deposits: the payment intent a booking's deposit needs (once per idempotency key), and the demo
 * payment provider's confirmation step. The amount is the domain's `depositFor`.
 */
import {
  NotFoundError,
  NotSupportedError,
  PaymentFailedError,
  ValidationError,
} from '../../src/domain/errors.js';
import {decodeSlot} from '../../src/domain/rules/index.js';
import {depositFor, resolveServices} from '../../src/domain/rules/index.js';
import {fingerprint} from '../../src/domain/rules/index.js';
import {DEMO_CARD_CHOICES, demoPaidCard} from '../../src/domain/rules/cards.js';
import type {PaymentIntent, Slot} from '../../src/domain/types.js';
import {isUniqueViolation} from '../db.js';
import {findIdempotencyKey, insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {
  findPaymentIntent,
  insertPaymentIntent,
  markPaymentFailed,
  markPaymentSucceeded,
  type PaymentIntentRow,
} from '../repositories/payment-intents.js';
import {providerIdempotencyKey, type ServerPaymentProvider} from '../payment-provider.js';
import {token} from '../tokens.js';
import {payments} from './clinic.js';
import type {CallContext, PortalContext} from './context.js';
import {holdersOf} from './holds.js';

/**
 * The demo payment provider's test cards, as the wire names them (`POST
 * /deposit-intents/{id}/demo-payment`): the one that succeeds (4242 4242 4242 4242) and the one
 * that is declined (4000 0000 0000 0002). No card number travels, not even a test one.
 */
export type DemoTestCard = 'succeeds' | 'declined';

/**
 * A stored intent as the browser's payment step needs it: for Stripe with the client secret (asked of
 * Stripe again: it is never stored) and the publishable key.
 */
export async function paymentIntentOf(
  provider: ServerPaymentProvider | undefined,
  row: PaymentIntentRow,
): Promise<PaymentIntent> {
  const intent: PaymentIntent = {id: row.id, amount: row.amount, provider: row.provider};
  if (row.provider !== 'stripe' || provider?.id !== 'stripe') return intent;
  const {clientSecret, publishableKey} = await provider.resume(row.provider_ref ?? null);
  return {...intent, clientSecret, publishableKey};
}

/**
 * The deposit's payment intent for this slot and these services, or null when none is due. The
 * same key and slot give the same intent; the same key for another slot or services gives 422
 * `idempotencyKey: invalid`.
 */
export async function createDepositIntent(
  s: PortalContext,
  slot: Slot,
  serviceIds: readonly string[],
  idempotencyKey: string,
  call: CallContext = {},
): Promise<PaymentIntent | null> {
  const provider = payments(s);
  const gateway = s.paymentProvider;
  if (provider === false || !gateway) throw new NotSupportedError('payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  const services = resolveServices(s.data, serviceIds, 'serviceIds');
  decodeSlot(s.data, slot, services);
  const amount = depositFor(s.data, services, true);
  if (!amount) return null;
  const print = fingerprint({slot: slot.id, serviceIds});
  const id = `pi_${provider}_${token(18)}`;
  // Bound to its creator (issue #14 item 13): someone else's key replays nothing of theirs.
  const holders = await holdersOf(s, call);
  const earlier = async (): Promise<PaymentIntent> => {
    const known = await findIdempotencyKey(s.db, 'deposit', idempotencyKey);
    if (!known || known.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    const row = await findPaymentIntent(s.db, known.result_id);
    if (!row || !holders.includes(row.holder)) throw new ValidationError({idempotencyKey: 'invalid'});
    return paymentIntentOf(gateway, row);
  };
  if (await findIdempotencyKey(s.db, 'deposit', idempotencyKey)) return earlier();
  // The provider first (Stripe's PaymentIntent, under a key made from ours): if it fails, nothing is
  // stored and the client may send the same key again.
  const started = await gateway.start(
    amount,
    {kind: 'deposit'},
    providerIdempotencyKey('deposit', print, idempotencyKey),
  );
  try {
    return await s.db.transaction(async (q) => {
      // The key first: a concurrent twin with the same key waits here, then fails on the primary key.
      await insertIdempotencyKey(q, {
        scope: 'deposit',
        key: idempotencyKey,
        fingerprint: print,
        resultId: id,
      });
      const row = await insertPaymentIntent(q, {
        id,
        provider,
        fingerprint: print,
        amount,
        created: s.clock(),
        holder: holders[0],
        ...(started.ref ? {providerRef: started.ref} : {}),
      });
      return {
        id: row.id,
        amount: row.amount,
        provider: row.provider,
        ...(started.clientSecret ? {clientSecret: started.clientSecret} : {}),
        ...(started.publishableKey ? {publishableKey: started.publishableKey} : {}),
      } satisfies PaymentIntent;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return earlier();
    throw e;
  }
}

/**
 * The demo payment provider's confirmation step: "pays" a deposit intent with one of its two
 * test cards. `succeeds` pays it (again: nothing changes); `declined` leaves it unpaid and
 * answers 402 `payment-failed` (the patient may try again). Only when payments are `demo`, and only
 * by the intent's creator (anyone else: 404, as for an unknown id).
 */
export async function confirmDemoPayment(
  s: PortalContext,
  intentId: string,
  card: DemoTestCard,
  call: CallContext = {},
): Promise<void> {
  if (payments(s) !== 'demo') throw new NotSupportedError('payments');
  if (card !== 'succeeds' && card !== 'declined') throw new ValidationError({card: 'invalid'});
  const holders = await holdersOf(s, call);
  const outcome = await s.db.transaction(async (q) => {
    const row = await findPaymentIntent(q, typeof intentId === 'string' ? intentId : '', true);
    if (!row || row.provider !== 'demo' || !holders.includes(row.holder)) return 'not-found' as const;
    if (row.state === 'succeeded') return 'paid' as const;
    if (card === 'declined') {
      await markPaymentFailed(q, row.id);
      return 'declined' as const;
    }
    await markPaymentSucceeded(q, row.id, s.clock(), demoPaidCard(DEMO_CARD_CHOICES.succeeds));
    return 'paid' as const;
  });
  if (outcome === 'not-found') throw new NotFoundError();
  if (outcome === 'declined') throw new PaymentFailedError();
}
