/**
 * The memory adapter's billing (#20): the signed-in patient's invoices, derived by the domain's
 * rules (`domain/rules/billing.ts`) from what the adapter already records — a visit that took place
 * bills its services, a late cancellation its recorded fee, a deposit is a payment — and the PDF
 * from the one writer every backend uses (`domain/invoice-pdf.ts`). Loaded on first use, in its
 * own chunk.
 */
import {NetworkError, NotFoundError, type InvoiceList, type InvoicePdfFormat} from '../adapter.js';
import {invoicePdf} from '../../domain/invoice-pdf.js';
import {
  balanceDue,
  billedVisitOf,
  checkPdfFormat,
  invoiceDateOf,
  invoiceForVisit,
  invoiceIdOf,
  invoiceNumber,
  newestFirst,
  type BillingProfile,
  type Invoice,
  type PaymentEntry,
} from '../../domain/rules/billing.js';
import {ownedByAccount} from '../../domain/rules/appointments.js';
import type {Money} from '../../domain/types.js';
import type {AppointmentRecord} from './internals.js';
import type {MemoryState} from './state.js';

interface BillingState {
  readonly profile: BillingProfile;
  /** Seeded appointment ids paid in full at the visit's end. */
  readonly paidAtVisit: ReadonlySet<string>;
  /** Invoice number per appointment id, given once, in the order visits are first billed. */
  readonly numbers: Map<string, string>;
}

const records = new WeakMap<MemoryState, BillingState>();

/** Loads the clinic's billing profile (once) before the first billing call. */
export async function ready(memory: MemoryState): Promise<void> {
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
  const invoice = invoiceForVisit(
    b.profile,
    clinic.currency,
    billedVisitOf(
      a,
      clinic,
      memory.data.catalog.services,
      (ms) => memory.instant(ms),
      b.paidAtVisit.has(a.id) ? a.end : undefined,
    ),
    {id: invoiceIdOf(a.id), number, date},
    {name: patient ? `${patient.givenName} ${patient.familyName}` : ''},
  );
  if (invoice) b.numbers.set(a.id, number);
  return invoice;
}

function patientInvoices(memory: MemoryState): Invoice[] {
  const patient = memory.requirePatient();
  const b = stateOf(memory);
  // Every appointment in start order, so numbers follow the visits' order clinic-wide.
  const all = [...memory.appointments.values()].sort((x, y) => x.start - y.start);
  const out: Invoice[] = [];
  for (const a of all) {
    const invoice = invoiceOf(memory, b, a);
    if (invoice && a.patientId === patient.id && ownedByAccount(a)) out.push(invoice);
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

export function listPayments(memory: MemoryState): PaymentEntry[] {
  return patientInvoices(memory)
    .flatMap((i) => i.payments)
    .sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
}
