/**
 * The memory adapter's billing (#20): the signed-in patient's invoices, derived by the domain's
 * rules (`domain/rules/billing.ts`) from what the adapter already records — a visit that took place
 * bills its services, a late cancellation its recorded fee, a deposit is a payment — and the PDF
 * from the one writer every backend uses (`domain/invoice-pdf.ts`). Loaded on first use, in its
 * own chunk.
 */
import {
  NetworkError,
  NotFoundError,
  ValidationError,
  type InvoiceList,
  type InvoicePdfFormat,
} from '../adapter.js';
import type {PaymentIntent} from '../../domain/types.js';
import {invoicePdf, receiptPdf} from '../../domain/invoice-pdf.js';
import {
  balanceDue,
  balancePaymentAmount,
  checkPdfFormat,
  invoiceDateOf,
  invoiceNumber,
  invoiceOfRecord,
  newestFirst,
  paymentHistory,
  receiptFor,
  type BillingProfile,
  type Invoice,
  type PaymentEntry,
} from '../../domain/rules/billing.js';
import {ownedByAccount} from '../../domain/rules/appointments.js';
import {
  billToOf,
  billingDetailsRemoved,
  billingDetailsView,
  checkBillingDetails,
  type BillingDetails,
  type BillingDetailsView,
} from '../../domain/rules/billing-details.js';
import type {Money} from '../../domain/types.js';
import type {AppointmentRecord} from './internals.js';
import type {MemoryState} from './state.js';
import {ready as cardsReady} from './cards.js';

// Cards on file (#20) are installed with the billing operations and load with them.
export {confirmDemoCardSetup, listCards, removeCard, setDefaultCard, startCardSetup} from './cards.js';

interface BillingState {
  readonly profile: BillingProfile;
  /** Seeded appointment ids paid in full at the visit's end. */
  readonly paidAtVisit: ReadonlySet<string>;
  /** Invoice number per appointment id, given once, in the order visits are first billed. */
  readonly numbers: Map<string, string>;
  /** The patients' billing details (whom their invoices are made out to), by patient id. */
  readonly details: Map<string, BillingDetails>;
}

const records = new WeakMap<MemoryState, BillingState>();

/** Loads the clinic's billing profile (once) before the first billing call. */
export async function ready(memory: MemoryState): Promise<void> {
  await cardsReady(memory);
  if (records.has(memory)) return;
  let loaded;
  try {
    loaded = await memory.data.loadBilling?.();
  } catch (cause) {
    throw new NetworkError('network', undefined, {cause});
  }
  if (records.has(memory)) return;
  const clinic = memory.data.clinic;
  records.set(memory, {
    profile: memory.data.billing ??
      loaded?.profile ?? {
        legalName: clinic.name,
        address: clinic.locations[0]?.address ?? '',
        country: clinic.country,
        taxes: [],
        numberPrefix: 'F-',
      },
    paidAtVisit: new Set((loaded?.paidAtVisit ?? []).map((k) => memory.seededAppointmentId(k))),
    numbers: new Map(),
    details: new Map(),
  });
}

function stateOf(memory: MemoryState): BillingState {
  const b = records.get(memory);
  if (!b) throw new NotFoundError();
  return b;
}

function invoiceOf(memory: MemoryState, b: BillingState, a: AppointmentRecord): Invoice | null {
  const clinic = memory.data.clinic;
  const patient = memory.patients.get(a.patientId);
  const date = invoiceDateOf(a, memory.clock(), clinic.timeZone);
  const number = b.numbers.get(a.id) ?? invoiceNumber(b.profile.numberPrefix, date, b.numbers.size + 1);
  const invoice = invoiceOfRecord(
    b.profile,
    clinic,
    memory.data.catalog.services,
    a,
    (ms) => memory.instant(ms),
    {
      ...(b.paidAtVisit.has(a.id) ? {inFullAtMs: a.end} : {}),
      payments: balancePaymentsOf(memory, a.id),
      depositCard: [...memory.intents.values()].find((r) => r.usedBy === a.id)?.card,
    },
    {number, date},
    billToOf(
      b.details.get(a.patientId),
      b.profile.country,
      patient ? `${patient.givenName} ${patient.familyName}` : '',
    ),
  );
  if (invoice) b.numbers.set(a.id, number);
  return invoice;
}

/** The balance payments made online for this appointment's invoice, oldest first. */
function balancePaymentsOf(memory: MemoryState, appointmentId: string) {
  return [...memory.intents.values()]
    .filter((r) => r.invoiceFor === appointmentId && r.state === 'succeeded' && r.paidAt !== undefined)
    .map((r) => ({id: r.intent.id, amount: r.intent.amount, atMs: r.paidAt as number, card: r.card}));
}

function patientInvoices(memory: MemoryState): Invoice[] {
  const patient = memory.requirePatient();
  const b = stateOf(memory);
  // Every appointment in start order, so numbers follow the visits' order clinic-wide.
  const all = [...memory.appointments.values()].sort((x, y) => x.start - y.start);
  const out: Invoice[] = [];
  for (const a of all) {
    const invoice = invoiceOf(memory, b, a);
    if (invoice && a.patientId === patient.id && ownedByAccount(a) && !memory.keptFromProxy?.(a))
      out.push(invoice);
  }
  return newestFirst(out);
}

export function listInvoices(memory: MemoryState): InvoiceList {
  const invoices = patientInvoices(memory);
  const balance: Money = balanceDue(invoices, memory.data.clinic.currency);
  return structuredClone({invoices, balanceDue: balance});
}

export function getInvoice(memory: MemoryState, id: string): Invoice {
  const invoice = typeof id === 'string' ? patientInvoices(memory).find((i) => i.id === id) : undefined;
  if (!invoice) throw new NotFoundError();
  return structuredClone(invoice);
}

export function getInvoicePdf(memory: MemoryState, id: string, format: InvoicePdfFormat): Blob {
  const {language, locale} = checkPdfFormat(format?.language, format?.locale);
  const invoice = getInvoice(memory, id);
  const bytes = invoicePdf(invoice, memory.data.clinic.name, stateOf(memory).profile, {
    language,
    locale,
    timeZone: memory.data.clinic.timeZone,
  });
  return new Blob([bytes], {type: 'application/pdf'});
}

/** The receipt of one entry of her payment history as a PDF (the same writer as the invoice's). */
export function getReceiptPdf(memory: MemoryState, paymentId: string, format: InvoicePdfFormat): Blob {
  const {language, locale} = checkPdfFormat(format?.language, format?.locale);
  const receipt = receiptFor(patientInvoices(memory), paymentId);
  if (!receipt) throw new NotFoundError();
  const bytes = receiptPdf(receipt, memory.data.clinic.name, stateOf(memory).profile, {
    language,
    locale,
    timeZone: memory.data.clinic.timeZone,
  });
  return new Blob([bytes], {type: 'application/pdf'});
}

export function listPayments(memory: MemoryState): PaymentEntry[] {
  return paymentHistory(patientInvoices(memory));
}

/**
 * A payment intent for the invoice's balance due (the demo provider's), or null when nothing is
 * due. The same key gives the same intent; while one is unpaid, every request for this invoice gets
 * that one (so two tabs never pay twice); paid, the balance is 0 and the next request gets null.
 */
export function createInvoicePaymentIntent(
  memory: MemoryState,
  id: string,
  idempotencyKey: string,
): PaymentIntent | null {
  memory.need(memory.caps.payments !== false, 'payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  const invoice = getInvoice(memory, id);
  const appointmentId = invoice.visit?.appointmentId ?? '';
  const known = memory.intentKeys.get(idempotencyKey);
  if (known) {
    const record = memory.intents.get(known);
    if (!record || record.invoiceFor !== appointmentId)
      throw new ValidationError({idempotencyKey: 'invalid'});
    return record.state === 'succeeded' ? null : structuredClone(record.intent);
  }
  const amount = balancePaymentAmount(invoice);
  if (!amount) return null;
  const open = [...memory.intents.values()].find(
    (r) => r.invoiceFor === appointmentId && r.state !== 'succeeded',
  );
  if (open) {
    memory.intentKeys.set(idempotencyKey, open.intent.id);
    return structuredClone(open.intent);
  }
  const intentId = `pi_demo_${memory.nextToken('intent').slice(0, 24)}`;
  const intent: PaymentIntent = {
    id: intentId,
    amount,
    provider: 'demo',
    clientSecret: `${intentId}_secret_${memory.nextToken('secret').slice(0, 16)}`,
  };
  memory.intents.set(intentId, {
    intent,
    fingerprint: `invoice:${invoice.id}`,
    state: 'requires-payment',
    invoiceFor: appointmentId,
  });
  memory.intentKeys.set(idempotencyKey, intentId);
  return structuredClone(intent);
}

/** Removes her billing details (`rules/billing-details.ts`): her invoices name her again. */
export function removeBillingDetails(memory: MemoryState): BillingDetailsView {
  const patient = memory.requirePatient();
  const b = stateOf(memory);
  b.details.delete(patient.id);
  return structuredClone(billingDetailsRemoved(b.profile.country));
}

/** The signed-in patient's billing details and which fields the clinic's country asks for. */
export function getBillingDetails(memory: MemoryState): BillingDetailsView {
  const patient = memory.requirePatient();
  const b = stateOf(memory);
  return structuredClone(billingDetailsView(b.profile.country, b.details.get(patient.id) ?? null));
}

/**
 * Saves her billing details (`rules/billing-details.ts`: `ValidationError` per field otherwise,
 * nothing kept); her invoices are made out to them from now on.
 */
export function saveBillingDetails(memory: MemoryState, input: unknown): BillingDetailsView {
  const patient = memory.requirePatient();
  const b = stateOf(memory);
  b.details.set(patient.id, checkBillingDetails(b.profile.country, input));
  return getBillingDetails(memory);
}
