/**
 * The patient's bills (#20): invoices derived from the appointments in the patient's own account by
 * the domain's rules (`rules/billing.ts`: services at the provider's price with the clinic's taxes,
 * the deposit, a late-cancellation fee), numbered once from the clinic's sequence (`invoices`
 * table), the PDF from the one writer every backend uses (`domain/invoice-pdf.ts`), and the payment
 * history. Only the signed-in patient's own: another patient's invoice id is 404, like an unknown one.
 * On when the clinic's configuration has a `billing` profile.
 */
import {NotFoundError, NotSupportedError, ValidationError} from '../../src/domain/errors.js';
import {fingerprint} from '../../src/domain/rules/index.js';
import type {Money, PaymentIntent} from '../../src/domain/types.js';
import {isUniqueViolation} from '../db.js';
import {findIdempotencyKey, insertIdempotencyKey} from '../repositories/idempotency-keys.js';
import {
  depositCards,
  findPaymentIntent,
  insertInvoiceIntent,
  markPaidOnce,
  openInvoiceIntent,
  openProviderInvoiceIntents,
  paidInvoicePayments,
  type PaymentIntentRow,
} from '../repositories/payment-intents.js';
import {PaymentProviderError, providerIdempotencyKey} from '../payment-provider.js';
import {token} from '../tokens.js';
import {paymentIntentOf} from './deposits.js';
import {holdersOf} from './holds.js';
import {invoicePdf, receiptPdf} from '../../src/domain/invoice-pdf.js';
import {
  appointmentIdOfInvoice,
  balanceDue,
  balancePaymentAmount,
  invoiceDateOf,
  invoiceNumber,
  invoiceOfRecord,
  newestFirst,
  paymentHistory,
  receiptFor,
  type BillingProfile,
  type Invoice,
  type PaymentEntry,
} from '../../src/domain/rules/billing.js';
import type {InvoiceList, InvoicePdfFormat} from '../../src/adapters/adapter.js';
import type {Queryable} from '../db.js';
import {
  appointmentFacts,
  listPatientAppointments,
  type AppointmentRow,
} from '../repositories/appointments.js';
import {invoiceRows, numberInvoice, type InvoiceRow} from '../repositories/invoices.js';
import {
  deleteBillingDetails,
  patientBillingDetails,
  upsertBillingDetails,
} from '../repositories/billing-details.js';
import {
  billToOf,
  billingDetailsRemoved,
  billingDetailsView,
  checkBillingDetails,
  type BillingDetailsView,
} from '../../src/domain/rules/billing-details.js';
import type {BillTo, PaidCard} from '../../src/domain/rules/billing.js';
import {auditCall} from './audit.js';
import {capabilities, payments} from './clinic.js';
import {instant, type CallContext, type PortalContext} from './context.js';
import {requirePatient, type LiveSession} from './session.js';
import {proxyHides} from './appointments.js';

function profileOf(s: PortalContext): BillingProfile {
  const profile = s.data.billing;
  if (!profile || capabilities(s).billing !== true) throw new NotSupportedError('billing');
  return profile;
}

/** The invoice of one appointment with its stored number (given now if it has none), or null. */
async function invoiceOf(
  s: PortalContext,
  q: Queryable,
  profile: BillingProfile,
  a: AppointmentRow,
  stored: InvoiceRow | undefined,
  paidFor: ReadonlyMap<string, readonly {id: string; amount: Money; atMs: number; card: PaidCard | null}[]>,
  depositCard: PaidCard | undefined,
  billTo: BillTo,
): Promise<Invoice | null> {
  const facts = appointmentFacts(a);
  const date = invoiceDateOf(facts, s.clock(), s.data.clinic.timeZone);
  const build = (row: InvoiceRow | undefined, number: string) =>
    invoiceOfRecord(
      profile,
      s.data.clinic,
      s.data.catalog.services,
      facts,
      (ms) => instant(s, ms),
      {
        ...(row?.paid_in_full_ms != null ? {inFullAtMs: row.paid_in_full_ms} : {}),
        payments: paidFor.get(a.id) ?? [],
        depositCard,
      },
      {number, date},
      billTo,
    );
  if (stored) return build(stored, stored.number);
  // Nothing to bill yet: no number drawn.
  if (!build(undefined, invoiceNumber(profile.numberPrefix, date, 0))) return null;
  const row = await numberInvoice(q, a.id, `${profile.numberPrefix}${date.slice(0, 4)}-`);
  return build(row, row.number);
}

/** How long after its creation an unpaid Stripe intent is asked about when the bills are read. */
const ASK_PROVIDER_MS = 60 * 60_000;

/**
 * A balance paid in Stripe's field whose webhook has not come yet (it usually takes seconds): the
 * bills read right after the payment ask Stripe about the invoices' recent open intents, and record
 * one paid when Stripe says so with the amount asked for. Stripe not answering changes nothing (the
 * webhook will say).
 */
async function settleFromProvider(s: PortalContext, appointmentIds: readonly string[]): Promise<void> {
  const provider = s.paymentProvider;
  if (provider?.id !== 'stripe') return;
  const open = await openProviderInvoiceIntents(s.db, appointmentIds, 'stripe', s.clock() - ASK_PROVIDER_MS);
  for (const row of open) {
    let paid: boolean;
    try {
      paid = await provider.succeeded(row.provider_ref ?? null, row.amount);
    } catch (e) {
      if (e instanceof PaymentProviderError) continue;
      throw e;
    }
    if (paid) await markPaidOnce(s.db, row.id, s.clock());
  }
}

async function patientInvoices(
  s: PortalContext,
  profile: BillingProfile,
  live: LiveSession,
): Promise<Invoice[]> {
  const {patient} = live;
  // Acting for a dependent: the invoices of visits kept from the holder are hers alone (rules/proxy.ts).
  const hides = proxyHides(s, live);
  const appointments = (await listPatientAppointments(s.db, patient.id)).filter((a) => !hides(a));
  const ids = appointments.map((a) => a.id);
  await settleFromProvider(s, ids);
  const stored = new Map((await invoiceRows(s.db, ids)).map((r) => [r.appointment_id, r]));
  const paidFor = new Map<string, {id: string; amount: Money; atMs: number; card: PaidCard | null}[]>();
  for (const p of await paidInvoicePayments(s.db, ids))
    paidFor.set(p.invoice_for, [
      ...(paidFor.get(p.invoice_for) ?? []),
      {id: p.id, amount: p.amount, atMs: p.paid_ms, card: p.card},
    ]);
  const cards = await depositCards(s.db, ids);
  // Made out to her billing details when she gave them (rules/billing-details.ts), else her name.
  const billTo = billToOf(
    await patientBillingDetails(s.db, patient.id),
    profile.country,
    `${patient.given_name} ${patient.family_name}`,
  );
  const out: Invoice[] = [];
  // In start order, so visits first billed together are numbered in the order they took place.
  for (const a of [...appointments].sort((x, y) => x.start_ms - y.start_ms)) {
    const invoice = await invoiceOf(s, s.db, profile, a, stored.get(a.id), paidFor, cards.get(a.id), billTo);
    if (invoice) out.push(invoice);
  }
  return newestFirst(out);
}

export async function listInvoices(s: PortalContext, call: CallContext): Promise<InvoiceList> {
  const profile = profileOf(s);
  const invoices = await patientInvoices(s, profile, await requirePatient(s, call));
  return {invoices, balanceDue: balanceDue(invoices, s.data.clinic.currency)};
}

async function ownInvoice(
  s: PortalContext,
  profile: BillingProfile,
  live: LiveSession,
  id: unknown,
): Promise<Invoice | undefined> {
  const appointmentId = appointmentIdOfInvoice(id);
  if (!appointmentId) return undefined;
  return (await patientInvoices(s, profile, live)).find((i) => i.visit?.appointmentId === appointmentId);
}

export async function getInvoice(s: PortalContext, call: CallContext, id: string): Promise<Invoice> {
  const profile = profileOf(s);
  const invoice = await ownInvoice(s, profile, await requirePatient(s, call), id);
  if (!invoice) throw new NotFoundError();
  return invoice;
}

export async function getInvoicePdf(
  s: PortalContext,
  call: CallContext,
  id: string,
  format: InvoicePdfFormat,
): Promise<{readonly number: string; readonly content: Uint8Array}> {
  const profile = profileOf(s);
  const live = await requirePatient(s, call);
  const invoice = await ownInvoice(s, profile, live, id);
  await auditCall(s, s.db, call, {
    actor: live.patient.id,
    action: invoice ? 'billing.pdf' : 'billing.denied',
    patientId: live.patient.id,
    invoiceId: String(id).slice(0, 100),
    sessionId: live.row.id,
  });
  if (!invoice) throw new NotFoundError();
  const content = invoicePdf(invoice, s.data.clinic.name, profile, {
    ...format,
    timeZone: s.data.clinic.timeZone,
  });
  return {number: invoice.number, content};
}

/**
 * The receipt of one entry of her payment history as a PDF (the invoice's writer): only her own —
 * another patient's or an unknown id is 404; audited `billing.receipt` with the receipt's invoice
 * id, or `billing.denied` with the id asked for (ids only).
 */
export async function getReceiptPdf(
  s: PortalContext,
  call: CallContext,
  paymentId: string,
  format: InvoicePdfFormat,
): Promise<{readonly number: string; readonly content: Uint8Array}> {
  const profile = profileOf(s);
  const live = await requirePatient(s, call);
  const receipt = receiptFor(await patientInvoices(s, profile, live), paymentId);
  await auditCall(s, s.db, call, {
    actor: live.patient.id,
    action: receipt ? 'billing.receipt' : 'billing.denied',
    patientId: live.patient.id,
    invoiceId: receipt ? (receipt.payment.invoiceId ?? '') : String(paymentId).slice(0, 100),
    sessionId: live.row.id,
  });
  if (!receipt) throw new NotFoundError();
  const content = receiptPdf(receipt, s.data.clinic.name, profile, {
    ...format,
    timeZone: s.data.clinic.timeZone,
  });
  return {number: receipt.number, content};
}

export async function listPayments(s: PortalContext, call: CallContext): Promise<PaymentEntry[]> {
  const profile = profileOf(s);
  return paymentHistory(await patientInvoices(s, profile, await requirePatient(s, call)));
}

/** Seeding: the seeded visits paid in full at the visit get their invoice with that payment. */
export async function seedPaidAtVisit(
  s: PortalContext,
  q: Queryable,
  rows: readonly AppointmentRow[],
): Promise<void> {
  const profile = s.data.billing;
  if (!profile) return;
  for (const a of [...rows].sort((x, y) => x.start_ms - y.start_ms)) {
    const date = invoiceDateOf(appointmentFacts(a), s.clock(), s.data.clinic.timeZone);
    await numberInvoice(q, a.id, `${profile.numberPrefix}${date.slice(0, 4)}-`, a.end_ms);
  }
}

/**
 * A payment intent of the clinic's provider for the invoice's balance due, or null when nothing is
 * due. The same `Idempotency-Key` gives the same intent (another invoice's key: 422); while one is
 * unpaid, every request for this invoice gets it (one open intent per invoice, enforced by the
 * database across servers), so the balance is never paid twice. Paid with the demo provider's step
 * (`POST /deposit-intents/{id}/demo-payment`), the invoice then lists the payment.
 */
export async function createInvoicePaymentIntent(
  s: PortalContext,
  call: CallContext,
  id: string,
  idempotencyKey: string,
): Promise<PaymentIntent | null> {
  const profile = profileOf(s);
  const provider = payments(s);
  const gateway = s.paymentProvider;
  if (provider === false || !gateway) throw new NotSupportedError('payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  const live = await requirePatient(s, call);
  const invoice = await ownInvoice(s, profile, live, id);
  if (!invoice?.visit) throw new NotFoundError();
  const appointmentId = invoice.visit.appointmentId;
  const print = fingerprint({invoice: invoice.id});
  const replay = async (): Promise<PaymentIntent | null> => {
    const known = await findIdempotencyKey(s.db, 'invoice-payment', idempotencyKey);
    if (!known || known.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    const row = await findPaymentIntent(s.db, known.result_id);
    if (!row) throw new ValidationError({idempotencyKey: 'invalid'});
    return row.state === 'succeeded' ? null : paymentIntentOf(gateway, row);
  };
  if (await findIdempotencyKey(s.db, 'invoice-payment', idempotencyKey)) return replay();
  const amount = balancePaymentAmount(invoice);
  if (!amount) return null;
  const [holder] = await holdersOf(s, call);
  // One open intent per invoice: an open one is given again (no second payment at the provider).
  const open = await openInvoiceIntent(s.db, appointmentId);
  // Else the provider first (Stripe's PaymentIntent): if it fails, nothing is stored.
  const started =
    open && open.provider === provider
      ? undefined
      : await gateway.start(
          amount,
          {kind: 'invoice', invoiceId: invoice.id},
          providerIdempotencyKey('invoice-payment', fingerprint({print, amount}), idempotencyKey),
        );
  let stored: {row: PaymentIntentRow; inserted: boolean};
  try {
    stored = await s.db.transaction(async (q) => {
      const inserted = started
        ? await insertInvoiceIntent(q, {
            id: `pi_${provider}_${token(18)}`,
            provider,
            fingerprint: print,
            amount,
            created: s.clock(),
            holder: holder as string,
            invoiceFor: appointmentId,
            ...(started.ref ? {providerRef: started.ref} : {}),
          })
        : undefined;
      const row = inserted ?? (await openInvoiceIntent(q, appointmentId));
      if (!row) throw new ValidationError({idempotencyKey: 'invalid'});
      await insertIdempotencyKey(q, {
        scope: 'invoice-payment',
        key: idempotencyKey,
        fingerprint: print,
        resultId: row.id,
      });
      return {row, inserted: inserted !== undefined};
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const kept = await replay();
    // A twin under the same key got Stripe's same PaymentIntent; any other is not needed.
    if (started?.ref && (await findPaymentIntent(s.db, kept?.id ?? ''))?.provider_ref !== started.ref)
      await gateway.abandon(started.ref);
    return kept;
  }
  // Another request's intent was kept: this one's provider payment is not needed.
  if (started?.ref && started.ref !== stored.row.provider_ref) await gateway.abandon(started.ref);
  // Outside the transaction: the browser's Stripe secrets, from this start or asked of Stripe again.
  if (!stored.inserted || !started?.clientSecret || !started.publishableKey)
    return paymentIntentOf(gateway, stored.row);
  return {
    ...toIntent(stored.row),
    clientSecret: started.clientSecret,
    publishableKey: started.publishableKey,
  };
}

const toIntent = (row: PaymentIntentRow): PaymentIntent => ({
  id: row.id,
  amount: row.amount,
  provider: row.provider,
});

/**
 * Removes her billing details (the domain's `billingDetailsRemoved`): one `DELETE`, audited
 * `billing.details-removed` when there were some; with none, the same answer.
 */
export async function removeBillingDetails(s: PortalContext, call: CallContext): Promise<BillingDetailsView> {
  const profile = profileOf(s);
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  await s.db.transaction(async (q) => {
    if (await deleteBillingDetails(q, patientId))
      await auditCall(s, q, call, {
        actor: patientId,
        action: 'billing.details-removed',
        patientId,
        sessionId: live.row.id,
      });
  });
  return billingDetailsRemoved(profile.country);
}

/** Her billing details and the clinic's country (which fields apply). */
export async function getBillingDetails(s: PortalContext, call: CallContext): Promise<BillingDetailsView> {
  const profile = profileOf(s);
  const {patient} = await requirePatient(s, call);
  return billingDetailsView(profile.country, await patientBillingDetails(s.db, patient.id));
}

/**
 * Saves her billing details: checked by the domain's rule (422 per field, nothing stored),
 * replaced in one statement, audited `billing.details` without the values.
 */
export async function saveBillingDetails(
  s: PortalContext,
  call: CallContext,
  input: unknown,
): Promise<BillingDetailsView> {
  const profile = profileOf(s);
  const live = await requirePatient(s, call);
  const details = checkBillingDetails(profile.country, input);
  const patientId = live.patient.id;
  await s.db.transaction(async (q) => {
    await upsertBillingDetails(q, patientId, details, s.clock());
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'billing.details',
      patientId,
      sessionId: live.row.id,
    });
  });
  return billingDetailsView(profile.country, details);
}
