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
  invoiceForVisit,
  newestFirst,
  type BillingProfile,
  type Invoice,
  type PaymentEntry,
} from '../../domain/rules/billing.js';
import {ownedByAccount} from '../../domain/rules/appointments.js';
import {instantToPlainDate} from '../../domain/time.js';
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
    profile: loaded?.profile ?? {
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
  const services = a.serviceIds.map((id) => {
    const s = memory.service(id);
    const price = s?.providerTerms?.[a.providerId]?.price ?? s?.price;
    return {name: s?.name ?? {en: id}, ...(price ? {price} : {})};
  });
  const cancelledAt = a.cancellation ? Date.parse(a.cancellation.at) : undefined;
  const day = instantToPlainDate(Math.min(cancelledAt ?? a.start, memory.clock()), clinic.timeZone);
  const id = `inv_${a.id.slice(4)}`;
  let number = b.numbers.get(a.id);
  if (!number) {
    number = `${b.profile.numberPrefix}${day.slice(0, 4)}-${String(b.numbers.size + 1).padStart(4, '0')}`;
  }
  const invoice = invoiceForVisit(
    b.profile,
    clinic.currency,
    {
      appointmentId: a.id,
      status: a.status,
      start: memory.instant(a.start),
      services,
      ...(a.depositPaid ? {depositPaid: a.depositPaid} : {}),
      ...(b.paidAtVisit.has(a.id) ? {paidInFullAt: memory.instant(a.end)} : {}),
      ...(a.cancellation?.fee && a.cancellation.by === 'patient'
        ? {cancellationFee: a.cancellation.fee, cancelledAt: a.cancellation.at}
        : {}),
    },
    {id, number, date: day},
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
  const invoice = getInvoice(memory, id);
  const language = format?.language === 'en' ? 'en' : 'es';
  let locale = typeof format?.locale === 'string' ? format.locale : language;
  try {
    locale = Intl.getCanonicalLocales(locale)[0] ?? language;
  } catch {
    locale = language;
  }
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
