/**
 * The patient's bills (#20): invoices derived from the appointments in the patient's own account by
 * the domain's rules (`rules/billing.ts`: services at the provider's price with the clinic's taxes,
 * the deposit, a late-cancellation fee), numbered once from the clinic's sequence (`invoices`
 * table), the PDF from the one writer every backend uses (`domain/invoice-pdf.ts`), and the payment
 * history. Only the signed-in patient's own: another patient's invoice id is 404, like an unknown one.
 * On when the clinic's configuration has a `billing` profile.
 */
import {NotFoundError, NotSupportedError} from '../../src/domain/errors.js';
import {invoicePdf} from '../../src/domain/invoice-pdf.js';
import {
  appointmentIdOfInvoice,
  balanceDue,
  billedVisitOf,
  invoiceDateOf,
  invoiceForVisit,
  invoiceIdOf,
  invoiceNumber,
  newestFirst,
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
import type {PatientRow} from '../repositories/patients.js';
import {auditCall} from './audit.js';
import {capabilities} from './clinic.js';
import {instant, type CallContext, type PortalContext} from './context.js';
import {requirePatient} from './session.js';

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
  patient: PatientRow,
  a: AppointmentRow,
  stored: InvoiceRow | undefined,
): Promise<Invoice | null> {
  const facts = appointmentFacts(a);
  const date = invoiceDateOf(facts, s.clock(), s.data.clinic.timeZone);
  const build = (row: InvoiceRow | undefined, number: string) =>
    invoiceForVisit(
      profile,
      s.data.clinic.currency,
      billedVisitOf(
        facts,
        s.data.clinic,
        s.data.catalog.services,
        (ms) => instant(s, ms),
        row?.paid_in_full_ms ?? undefined,
      ),
      {id: invoiceIdOf(a.id), number, date},
      {name: `${patient.given_name} ${patient.family_name}`},
    );
  if (stored) return build(stored, stored.number);
  // Nothing to bill yet: no number drawn.
  if (!build(undefined, invoiceNumber(profile.numberPrefix, date, 0))) return null;
  const row = await numberInvoice(q, a.id, `${profile.numberPrefix}${date.slice(0, 4)}-`);
  return build(row, row.number);
}

async function patientInvoices(
  s: PortalContext,
  profile: BillingProfile,
  patient: PatientRow,
): Promise<Invoice[]> {
  const appointments = await listPatientAppointments(s.db, patient.id);
  const stored = new Map(
    (
      await invoiceRows(
        s.db,
        appointments.map((a) => a.id),
      )
    ).map((r) => [r.appointment_id, r]),
  );
  const out: Invoice[] = [];
  // In start order, so visits first billed together are numbered in the order they took place.
  for (const a of [...appointments].sort((x, y) => x.start_ms - y.start_ms)) {
    const invoice = await invoiceOf(s, s.db, profile, patient, a, stored.get(a.id));
    if (invoice) out.push(invoice);
  }
  return newestFirst(out);
}

export async function listInvoices(s: PortalContext, call: CallContext): Promise<InvoiceList> {
  const profile = profileOf(s);
  const {patient} = await requirePatient(s, call);
  const invoices = await patientInvoices(s, profile, patient);
  return {invoices, balanceDue: balanceDue(invoices, s.data.clinic.currency)};
}

async function ownInvoice(
  s: PortalContext,
  profile: BillingProfile,
  patient: PatientRow,
  id: unknown,
): Promise<Invoice | undefined> {
  const appointmentId = appointmentIdOfInvoice(id);
  if (!appointmentId) return undefined;
  return (await patientInvoices(s, profile, patient)).find((i) => i.visit?.appointmentId === appointmentId);
}

export async function getInvoice(s: PortalContext, call: CallContext, id: string): Promise<Invoice> {
  const profile = profileOf(s);
  const {patient} = await requirePatient(s, call);
  const invoice = await ownInvoice(s, profile, patient, id);
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
  const invoice = await ownInvoice(s, profile, live.patient, id);
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

export async function listPayments(s: PortalContext, call: CallContext): Promise<PaymentEntry[]> {
  const profile = profileOf(s);
  const {patient} = await requirePatient(s, call);
  return (await patientInvoices(s, profile, patient))
    .flatMap((i) => i.payments)
    .sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
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
