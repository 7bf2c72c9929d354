/**
 * Money moved through Stripe without the patient: fees and deposit refunds.
 *
 * Fees charged through Stripe (#20 item 4 with `PORTAL_PAYMENTS=stripe`): the late-cancellation or
 * no-show fee the domain charges to a card (`chargeFee`: the card authorized at booking, else the
 * default) is charged at Stripe off-session — a PaymentIntent on the patient's Customer with the
 * card's PaymentMethod, `off_session=true`, `confirm=true` — under an idempotency key per fee and
 * card, so the same fee is never charged twice (two concurrent cancellations wait on the
 * appointment's row; a retry after a failure gets Stripe's same answer). A card Stripe refuses
 * (declined, or its bank asking for the patient: `authentication_required`) is recorded
 * (`stripe_fee_charges`) and the domain's choice is made again without it: the default card, or no
 * card — the fee is then due on the invoice and the patient's email says so, as the demo provider's
 * declining card does. Stripe failing or not answering: 502 and nothing stored (the cancellation or
 * the no-show mark can be made again; the same key then gives Stripe's same charge).
 *
 * Deposit refunds through Stripe: where the domain's rule refunds a paid deposit (`depositRefunded`:
 * cancelled by the clinic, or by the patient before the late window under a refundable policy), a
 * deposit paid through Stripe is refunded there in the cancellation's transaction — `POST
 * /v1/refunds` with its PaymentIntent, under an idempotency key per deposit (never refunded twice) —
 * and the refund kept (`stripe_refunds`); Stripe's signed `charge.refunded` confirms it.
 */
import {PortalError} from '../../src/domain/errors.js';
import {chargeFee, type CardAuthorization, type FeeCharge} from '../../src/domain/rules/index.js';
import {depositRefunded} from '../../src/domain/rules/billing.js';
import {appointmentFacts, type AppointmentRow} from '../repositories/appointments.js';
import {paidDepositIntent} from '../repositories/payment-intents.js';
import type {Queryable} from '../db.js';
import {log} from '../log.js';
import {providerIdempotencyKey} from '../payment-provider.js';
import {findStripeCustomer, type StoredCard} from '../repositories/cards.js';
import {lockAppointmentVersion, recordFeeCharge, recordRefund} from '../repositories/stripe-charges.js';
import {providerFailed, stripeOf} from './cards.js';
import type {PortalContext} from './context.js';

/**
 * `charge` (the domain's, for the appointment `row` at version `version`) as Stripe took it: with
 * the card that paid it, or without a card when every card the domain would use was refused.
 * Without Stripe, or a fee no card takes, `charge` as it is.
 */
export async function chargeFeeThroughProvider(
  s: PortalContext,
  q: Queryable,
  row: {readonly id: string; readonly version: number; readonly patient_id: string},
  charge: FeeCharge,
  authorization: CardAuthorization,
  cards: readonly StoredCard[],
  nowMs: number,
): Promise<FeeCharge> {
  const stripe = stripeOf(s);
  if (!stripe || !charge.card) return charge;
  // One transaction charges: the appointment's row locked, and still the version the change was
  // made from (a concurrent cancellation that won has charged it; this one charges nothing).
  if ((await lockAppointmentVersion(q, row.id)) !== Number(row.version))
    throw new PortalError('server', 'changed concurrently');
  const customer = await findStripeCustomer(q, row.patient_id);
  const refused = new Set<string>();
  let current = charge;
  while (current.card && !refused.has(current.card.cardId)) {
    const cardId = current.card.cardId;
    const stored = cards.find((c) => c.card.id === cardId);
    if (stored?.provider === 'stripe' && stored.providerRef && customer) {
      const result = await stripe.client
        .chargeOffSession(
          charge.amount,
          customer,
          stored.providerRef,
          {portal_kind: 'fee', portal_fee: charge.kind, portal_appointment: row.id},
          providerIdempotencyKey('fee', `${row.id}\u0000${charge.kind}`, cardId),
        )
        .catch(providerFailed);
      await recordFeeCharge(q, {
        appointmentId: row.id,
        kind: charge.kind,
        patientId: row.patient_id,
        cardId,
        amount: charge.amount,
        paymentIntent: result.id ?? null,
        outcome: result.status,
        declineCode: result.status === 'succeeded' ? null : (result.code ?? null),
        at: nowMs,
      });
      log(result.status === 'succeeded' ? 'info' : 'warn', 'stripe fee', {
        appointment: row.id,
        kind: charge.kind,
        outcome: result.status,
        ...(result.status !== 'succeeded' && result.code ? {code: result.code} : {}),
      });
      if (result.status === 'succeeded') return current;
    }
    // That card did not take it: the domain's choice again, with it declining.
    refused.add(cardId);
    current = chargeFee(
      charge.kind,
      charge.amount,
      authorization,
      cards.map((c) => ({card: c.card, declinesCharges: c.declinesCharges || refused.has(c.card.id)})),
      nowMs,
      charge.at,
    );
  }
  return current.card ? {kind: charge.kind, amount: charge.amount, at: charge.at} : current;
}

/**
 * Refunds the deposit of the appointment just cancelled (`row`, as written) at Stripe when the
 * domain says it is refunded and it was paid through Stripe; otherwise nothing.
 */
export async function refundDepositThroughProvider(
  s: PortalContext,
  q: Queryable,
  row: AppointmentRow,
): Promise<void> {
  const stripe = stripeOf(s);
  if (!stripe || !depositRefunded(appointmentFacts(row), s.data.clinic)) return;
  const intent = await paidDepositIntent(q, row.id, 'stripe');
  if (!intent?.provider_ref) return;
  const refund = await stripe.client
    .createRefund(
      intent.provider_ref,
      {portal_kind: 'deposit-refund', portal_appointment: row.id},
      providerIdempotencyKey('refund', intent.id, 'deposit'),
    )
    .catch(providerFailed);
  await recordRefund(q, {intentId: intent.id, refundId: refund.id, amount: intent.amount, at: s.clock()});
  log('info', 'stripe refund', {appointment: row.id, status: refund.status});
}
