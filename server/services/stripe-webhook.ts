/**
 * Stripe's webhook (`POST /webhooks/stripe`): an event is believed only with a valid
 * `Stripe-Signature` over its raw body (HMAC-SHA256 with the endpoint's secret, timestamp within 5
 * minutes: `verifyStripeSignature`); otherwise 400 and nothing is read or changed.
 *
 * - `payment_intent.succeeded`: the deposit or balance payment Stripe knows by that PaymentIntent
 *   is marked paid (`paid_ms`: when the event came), once — if Stripe's amount and currency are the
 *   ones we asked for.
 * - `payment_intent.payment_failed`: recorded (`state = 'failed'`) unless it was paid; the patient
 *   may try again in the payment step.
 *
 * - `setup_intent.succeeded`: the card the patient saved in Stripe's field (a SetupIntent of a card
 *   setup of ours) is kept — its brand, last four and expiry, asked of Stripe (`GET
 *   /v1/payment_methods/{id}`: the event names the PaymentMethod by id) — once.
 * - `payment_method.detached`: a saved card detached at Stripe is removed here too.
 * - `charge.refunded`: a deposit refund made through Stripe is confirmed (`stripe_refunds`).
 *
 * Each handled event's id is remembered (`stripe_events`, migration 032) in the transaction that
 * makes its change, after locking the payment intent's row: a replay, or a twin delivered at the same
 * time, finds it and changes nothing. Other event types, and events for PaymentIntents this portal
 * did not create, are acknowledged (200) and ignored — Stripe retries an event for days unless it
 * gets a 2xx. Logged with the event's id, type and outcome only.
 */
import {NotSupportedError, ValidationError} from '../../src/domain/errors.js';
import {log} from '../log.js';
import {findSetupByRef} from '../repositories/cards.js';
import {confirmRefundOf} from '../repositories/stripe-charges.js';
import {StripePaymentProvider} from '../payment-provider.js';
import {providerFailed, removeDetachedCard, saveStripeCard} from './cards.js';
import {
  findByProviderRef,
  markPaidOnce,
  markPaymentFailed,
  rememberStripeEvent,
} from '../repositories/payment-intents.js';
import {cardOfPaymentMethod, verifyStripeSignature, type SignatureProblem} from '../stripe.js';
import type {PortalContext} from './context.js';

/** A webhook that is not Stripe's, tampered with, too old or not an event: 400, nothing changed. */
export class WebhookRejectedError extends ValidationError {
  constructor(readonly reason: SignatureProblem | 'not-an-event') {
    super({
      'Stripe-Signature':
        reason === 'not-an-event' ? 'invalid' : reason === 'missing' ? 'required' : 'invalid',
    });
  }
}

/** What the webhook did with an event (for tests and the log). */
export type WebhookOutcome =
  'paid' | 'failed' | 'duplicate' | 'ignored' | 'mismatch' | 'card-saved' | 'card-removed' | 'refunded';

interface PaymentIntentObject {
  readonly id: string;
  readonly amount?: number;
  readonly amount_received?: number;
  readonly currency?: string;
}

/** The event's object when it is a SetupIntent, a PaymentMethod or a Charge (its id checked). */
interface OtherObject {
  readonly object: 'setup_intent' | 'payment_method' | 'charge';
  readonly id: string;
  /** A SetupIntent's PaymentMethod (its id), a Charge's PaymentIntent (its id). */
  readonly payment_method?: unknown;
  readonly payment_intent?: unknown;
  readonly status?: unknown;
  readonly refunded?: unknown;
  readonly amount_refunded?: unknown;
}

const OTHER_ID: Readonly<Record<OtherObject['object'], RegExp>> = {
  setup_intent: /^seti_[A-Za-z0-9_]{1,200}$/,
  payment_method: /^pm_[A-Za-z0-9_]{1,200}$/,
  charge: /^(ch|py)_[A-Za-z0-9_]{1,200}$/,
};

/** The event's id, type and PaymentIntent, or undefined when the body is not a Stripe event. */
function eventOf(raw: Uint8Array):
  | {
      id: string;
      type: string;
      object: PaymentIntentObject | undefined;
      other: OtherObject | undefined;
      raw: unknown;
    }
  | undefined {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', {fatal: true}).decode(raw));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const {id, type, data} = body as {id?: unknown; type?: unknown; data?: {object?: unknown}};
  if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]{1,200}$/.test(id)) return undefined;
  if (typeof type !== 'string' || !/^[a-z0-9_.]{1,100}$/.test(type)) return undefined;
  const object = data?.object as {id?: unknown; object?: unknown} | undefined;
  const intent =
    object &&
    object.object === 'payment_intent' &&
    typeof object.id === 'string' &&
    /^pi_[A-Za-z0-9_]{1,200}$/.test(object.id)
      ? (object as PaymentIntentObject)
      : undefined;
  const kind = object?.object;
  const other =
    typeof kind === 'string' &&
    Object.hasOwn(OTHER_ID, kind) &&
    typeof object!.id === 'string' &&
    OTHER_ID[kind as OtherObject['object']].test(object!.id)
      ? (object as OtherObject)
      : undefined;
  return {id, type, object: intent, other, raw: object};
}

const ref = (v: unknown, re: RegExp): string | undefined =>
  typeof v === 'string' && re.test(v)
    ? v
    : typeof (v as {id?: unknown} | null)?.id === 'string' && re.test((v as {id: string}).id)
      ? (v as {id: string}).id
      : undefined;

/** The events about cards and refunds (outside the payment intents' own). */
async function handleOther(
  s: PortalContext,
  provider: StripePaymentProvider,
  event: {id: string; type: string; other: OtherObject | undefined; raw: unknown},
  now: number,
): Promise<WebhookOutcome> {
  const o = event.other;
  if (!o) return 'ignored';
  if (event.type === 'setup_intent.succeeded' && o.object === 'setup_intent') {
    const setup = await findSetupByRef(s.db, 'stripe', o.id);
    const pm = ref(o.payment_method, /^pm_[A-Za-z0-9_]{1,200}$/);
    if (!setup || !pm) return 'ignored';
    if (setup.saved) return 'duplicate';
    // The card's facts from Stripe (the event names it by id); Stripe failing: 502, Stripe retries.
    const card =
      cardOfPaymentMethod((o.payment_method as object | null) ?? undefined) ??
      (await provider.client.retrievePaymentMethod(pm).catch(providerFailed));
    return s.db.transaction(async (q) => {
      if (!(await rememberStripeEvent(q, {id: event.id, type: event.type, intentId: setup.id, at: now})))
        return 'duplicate';
      const saved = await saveStripeCard(s, setup, card, q);
      return saved === 'saved' ? 'card-saved' : saved;
    });
  }
  if (event.type === 'payment_method.detached' && o.object === 'payment_method')
    return s.db.transaction(async (q) => {
      if (!(await rememberStripeEvent(q, {id: event.id, type: event.type, intentId: null, at: now})))
        return 'duplicate';
      return (await removeDetachedCard(s, q, o.id)) ? 'card-removed' : 'ignored';
    });
  if (event.type === 'charge.refunded' && o.object === 'charge') {
    const pi = ref(o.payment_intent, /^pi_[A-Za-z0-9_]{1,200}$/);
    if (!pi) return 'ignored';
    return s.db.transaction(async (q) => {
      if (!(await rememberStripeEvent(q, {id: event.id, type: event.type, intentId: null, at: now})))
        return 'duplicate';
      return (await confirmRefundOf(q, pi, now)) ? 'refunded' : 'ignored';
    });
  }
  return 'ignored';
}

export async function handleStripeWebhook(
  s: PortalContext,
  raw: Uint8Array,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const provider = s.paymentProvider;
  if (!(provider instanceof StripePaymentProvider)) throw new NotSupportedError('payments');
  const now = s.clock();
  const problem = verifyStripeSignature(raw, signature, provider.webhookSecret, now);
  if (problem) {
    log('warn', 'stripe webhook refused', {reason: problem});
    throw new WebhookRejectedError(problem);
  }
  const event = eventOf(raw);
  if (!event) {
    log('warn', 'stripe webhook refused', {reason: 'not-an-event'});
    throw new WebhookRejectedError('not-an-event');
  }
  const handled = event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed';
  const intent = event.object;
  let outcome: WebhookOutcome = 'ignored';
  if (!handled) outcome = await handleOther(s, provider, event, now);
  else if (intent) {
    outcome = await s.db.transaction(async (q) => {
      // The row first, locked: a concurrent twin of this event waits here, then finds the event id.
      const row = await findByProviderRef(q, 'stripe', intent.id, true);
      if (!row) return 'ignored';
      if (!(await rememberStripeEvent(q, {id: event.id, type: event.type, intentId: row.id, at: now})))
        return 'duplicate';
      if (event.type === 'payment_intent.payment_failed') {
        if (row.state === 'succeeded') return 'ignored';
        await markPaymentFailed(q, row.id);
        return 'failed';
      }
      const received = intent.amount_received ?? intent.amount;
      if (received !== row.amount.amountMinor || intent.currency !== row.amount.currency.toLowerCase())
        return 'mismatch';
      return (await markPaidOnce(q, row.id, now)) ? 'paid' : 'duplicate';
    });
  }
  log(outcome === 'mismatch' ? 'error' : 'info', 'stripe webhook', {
    event: event.id,
    type: event.type,
    outcome,
  });
  return outcome;
}
