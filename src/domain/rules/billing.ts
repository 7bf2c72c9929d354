/**
 * Billing rules, once (issue #20): invoices, their taxes and totals, payment history, and the
 * country tax ids an invoice carries. Every backend (memory adapter, reference server) builds its
 * invoices with these functions, so totals, rounding and status never differ between them.
 *
 * Money is always an integer amount in the currency's minor unit (see {@link Money}); no floating
 * point amount is ever stored or added. Prices on invoice lines are before tax; each tax is
 * computed once per rate on the sum of the lines it applies to and rounded half away from zero to
 * the minor unit (so three lines of EUR 33.33 at 21 % give 21.00 of tax, not 3 × 7.00).
 */
import {ValidationError} from '../errors.js';
import {instantToPlainDate} from '../time.js';
import {lateFrom} from './cancellation-window.js';
import type {CardBrand, FeeCharge} from './cards.js';
import type {
  AppointmentStatus,
  CancellationInfo,
  Clinic,
  Instant,
  LocalizedText,
  Money,
  PlainDate,
  Service,
  TimeZoneName,
} from '../types.js';

/** A tax as the clinic applies it, e.g. Mexico's IVA at 16 % = 1600 basis points. */
export interface TaxRate {
  readonly id: string;
  /** As printed on the invoice, e.g. "IVA 16 %". */
  readonly label: string;
  /** Hundredths of a percent: 1600 = 16 %, 2100 = 21 %. Integer 0…10000. */
  readonly basisPoints: number;
}

/** What the clinic prints at the top of its invoices. */
export interface BillingProfile {
  /** Legal name (razón social). */
  readonly legalName: string;
  /** Postal address, one line or several separated by "\n". */
  readonly address: string;
  /** ISO 3166-1 alpha-2: decides which tax id is required and how it is checked. */
  readonly country: string;
  /** The clinic's tax id (RFC, NIF, EIN…); checked with {@link checkTaxId} where the country has a rule. */
  readonly taxId?: string;
  /** Taxes the clinic charges on its services (none for a US clinic). */
  readonly taxes: readonly TaxRate[];
  /** Invoice numbers start with this, e.g. "F-2026-". */
  readonly numberPrefix: string;
}

/** Whom the invoice is made out to: the patient's billing name and, where the country needs it, tax id. */
export interface BillTo {
  readonly name: string;
  readonly taxId?: string;
  /** Mexico (CFDI 4.0), with an RFC: the postal code of the patient's fiscal address. */
  readonly postalCode?: string;
  /** Mexico (CFDI 4.0), with an RFC: the patient's régimen fiscal (SAT code, e.g. "605"). */
  readonly taxRegime?: string;
}

export interface InvoiceLine {
  readonly description: LocalizedText;
  /** Whole units, 1…999. */
  readonly quantity: number;
  /** Price of one unit before tax, in minor units. */
  readonly unitPriceMinor: number;
  /** Which of the clinic's taxes apply (ids of {@link TaxRate}); absent or empty: none. */
  readonly taxIds?: readonly string[];
  /** `fee` for a late-cancellation or no-show fee, `service` for a visit's service. */
  readonly kind: 'service' | 'fee';
  /** quantity × unitPriceMinor, filled in by {@link buildInvoice}. */
  readonly amountMinor: number;
}

export interface InvoiceTax {
  readonly id: string;
  readonly label: string;
  readonly basisPoints: number;
  /** The sum of the lines this tax applies to. */
  readonly baseMinor: number;
  readonly amountMinor: number;
}

export type PaymentKind = 'deposit' | 'payment' | 'refund' | 'fee';

/** One entry of the patient's payment history. A refund's amount is positive: it is money returned. */
export interface PaymentEntry {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly amount: Money;
  readonly at: Instant;
  /** The invoice it counts against. */
  readonly invoiceId?: string;
  readonly appointmentId?: string;
  /**
   * The card that paid it, where the backend recorded one (never its number): a fee charged to a
   * card on file (such a fee counts as paid), a deposit or balance payment made in the payment
   * step. Its receipt names it ({@link receiptFor}).
   */
  readonly card?: PaidCard;
}

/** A card as receipts name it: brand and last four, nothing else. */
export interface PaidCard {
  readonly brand: CardBrand;
  readonly last4: string;
}

export type InvoiceStatus = 'paid' | 'unpaid' | 'partially-paid' | 'refunded';

export interface Invoice {
  readonly id: string;
  /** As printed, e.g. "F-2026-0007". */
  readonly number: string;
  readonly date: PlainDate;
  readonly currency: string;
  /** The visit it bills, when it bills one. */
  readonly visit?: {
    readonly appointmentId: string;
    readonly start: Instant;
    readonly services: readonly LocalizedText[];
  };
  readonly billTo: BillTo;
  readonly lines: readonly InvoiceLine[];
  readonly taxes: readonly InvoiceTax[];
  readonly subtotalMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  /** Payments (deposits included) less refunds. */
  readonly paidMinor: number;
  /** What is still owed: total − paid, never below zero. */
  readonly balanceDueMinor: number;
  readonly status: InvoiceStatus;
  /** The payments, deposits, refunds and fees that count against it, oldest first. */
  readonly payments: readonly PaymentEntry[];
}

const MAX_QUANTITY = 999;

/** Whether `n` is an amount in minor units we accept: a safe integer ≥ 0. */
function isAmount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Adds amounts in minor units; a sum that would lose precision is refused, never rounded. */
export function addMinor(...amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new RangeError('amount must be an integer in minor units');
    total += a;
    if (!Number.isSafeInteger(total)) throw new RangeError('amount too large');
  }
  return total;
}

/** quantity × unit price, refused if not exact in a safe integer. */
export function lineAmount(quantity: number, unitPriceMinor: number): number {
  const v = quantity * unitPriceMinor;
  if (!Number.isSafeInteger(v)) throw new RangeError('amount too large');
  return v;
}

/**
 * Tax on `baseMinor` at `basisPoints` (1600 = 16 %), rounded half away from zero to the minor
 * unit, in integer arithmetic only: base × bp / 10000.
 */
export function taxOn(baseMinor: number, basisPoints: number): number {
  if (!Number.isSafeInteger(baseMinor) || !Number.isSafeInteger(basisPoints))
    throw new RangeError('integers only');
  const sign = baseMinor < 0 ? -1n : 1n;
  const num = BigInt(Math.abs(baseMinor)) * BigInt(basisPoints);
  const q = num / 10000n;
  const r = num % 10000n;
  const rounded = r * 2n >= 10000n ? q + 1n : q;
  const out = Number(sign * rounded);
  if (!Number.isSafeInteger(out)) throw new RangeError('amount too large');
  return out;
}

/** Digits of the currency's minor unit as Intl knows it (MXN, EUR, USD: 2; JPY: 0). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', {style: 'currency', currency}).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** What a line needs before {@link buildInvoice} fills in its amount. */
export type InvoiceLineInput = Omit<InvoiceLine, 'amountMinor'>;

export interface InvoiceInput {
  readonly id: string;
  readonly number: string;
  readonly date: PlainDate;
  readonly currency: string;
  readonly visit?: Invoice['visit'];
  readonly billTo: BillTo;
  readonly lines: readonly InvoiceLineInput[];
  readonly payments: readonly PaymentEntry[];
}

/**
 * An invoice with its amounts, taxes, totals, paid amount, balance and status worked out from its
 * lines and payments. Refuses (ValidationError) a line with a bad quantity or price, a tax id the
 * clinic does not have, or a payment in another currency.
 */
export function buildInvoice(profile: BillingProfile, input: InvoiceInput): Invoice {
  const fields: Record<string, 'invalid' | 'required'> = {};
  if (!/^[A-Z]{3}$/.test(input.currency)) fields.currency = 'invalid';
  if (input.lines.length === 0) fields.lines = 'required';
  const lines: InvoiceLine[] = [];
  input.lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY)
      fields[`lines.${i}.quantity`] = 'invalid';
    if (!isAmount(l.unitPriceMinor)) fields[`lines.${i}.unitPriceMinor`] = 'invalid';
    for (const t of l.taxIds ?? [])
      if (!profile.taxes.some((x) => x.id === t)) fields[`lines.${i}.taxIds`] = 'invalid';
    if (!fields[`lines.${i}.quantity`] && !fields[`lines.${i}.unitPriceMinor`]) {
      lines.push({...l, amountMinor: lineAmount(l.quantity, l.unitPriceMinor)});
    }
  });
  input.payments.forEach((p, i) => {
    if (p.amount.currency !== input.currency || !isAmount(p.amount.amountMinor))
      fields[`payments.${i}`] = 'invalid';
  });
  if (Object.keys(fields).length) throw new ValidationError(fields);

  const subtotalMinor = addMinor(...lines.map((l) => l.amountMinor));
  const taxes: InvoiceTax[] = [];
  for (const rate of profile.taxes) {
    const applies = lines.filter((l) => l.taxIds?.includes(rate.id));
    if (!applies.length) continue;
    const baseMinor = addMinor(...applies.map((l) => l.amountMinor));
    taxes.push({
      id: rate.id,
      label: rate.label,
      basisPoints: rate.basisPoints,
      baseMinor,
      amountMinor: taxOn(baseMinor, rate.basisPoints),
    });
  }
  const taxMinor = addMinor(...taxes.map((t) => t.amountMinor));
  const totalMinor = addMinor(subtotalMinor, taxMinor);
  const payments = [...input.payments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const {paidMinor, status} = settle(totalMinor, payments);
  return {
    id: input.id,
    number: input.number,
    date: input.date,
    currency: input.currency,
    ...(input.visit ? {visit: input.visit} : {}),
    billTo: input.billTo,
    lines,
    taxes,
    subtotalMinor,
    taxMinor,
    totalMinor,
    paidMinor,
    balanceDueMinor: Math.max(0, totalMinor - paidMinor),
    status,
    payments,
  };
}

/**
 * Paid amount and status from the payments against a total: deposits and payments count, refunds
 * take back; a `fee` entry is a charge recorded (not money received) and does not count as paid,
 * unless it was charged to a card on file (`card`: the money was taken).
 * Refunded = money was received and all of it returned.
 */
export function settle(
  totalMinor: number,
  payments: readonly PaymentEntry[],
): {paidMinor: number; status: InvoiceStatus} {
  let received = 0;
  let refunded = 0;
  for (const p of payments) {
    if (p.kind === 'deposit' || p.kind === 'payment' || (p.kind === 'fee' && p.card))
      received = addMinor(received, p.amount.amountMinor);
    else if (p.kind === 'refund') refunded = addMinor(refunded, p.amount.amountMinor);
  }
  const paidMinor = Math.max(0, received - refunded);
  let status: InvoiceStatus;
  if (received > 0 && refunded >= received) status = 'refunded';
  else if (paidMinor >= totalMinor) status = 'paid';
  else if (paidMinor > 0) status = 'partially-paid';
  else status = 'unpaid';
  return {paidMinor, status};
}

/** What the patient owes across invoices (same currency: the clinic's). */
export function balanceDue(
  invoices: readonly Pick<Invoice, 'balanceDueMinor' | 'currency'>[],
  currency: string,
): Money {
  return {
    amountMinor: addMinor(...invoices.filter((i) => i.currency === currency).map((i) => i.balanceDueMinor)),
    currency,
  };
}

/** Invoices newest first (date, then number), as `<patient-billing>` and `GET /invoices` list them. */
export function newestFirst<T extends Pick<Invoice, 'date' | 'number'>>(invoices: readonly T[]): T[] {
  return [...invoices].sort((a, b) =>
    a.date === b.date ? b.number.localeCompare(a.number) : a.date < b.date ? 1 : -1,
  );
}

/** A visit as billing sees it: the facts every backend already stores. */
export interface BilledVisit {
  readonly appointmentId: string;
  readonly status: AppointmentStatus;
  readonly start: Instant;
  /** Each service's name and price (absent price: not billed). */
  readonly services: readonly {readonly name: LocalizedText; readonly price?: Money}[];
  /** The deposit paid when booking, and when (the booking time). */
  readonly depositPaid?: Money;
  readonly bookedAt?: Instant;
  /** A late-cancellation fee recorded when it was cancelled, and when. */
  readonly cancellationFee?: Money;
  readonly cancelledAt?: Instant;
  /**
   * A fee charged under a card authorization (late cancellation or no-show, `rules/card-fees.ts`):
   * billed instead of `cancellationFee`, paid when a card took it.
   */
  readonly feeCharge?: FeeCharge;
  /** A deposit refunded (cancelled in time, refundable policy), and when. */
  readonly depositRefundedAt?: Instant;
  /** The rest was paid in full at this time (a seeded visit paid at the desk). */
  readonly paidInFullAt?: Instant;
  /** Payments of the balance made since (the patient paying online), each with its id. */
  readonly balancePayments?: readonly {
    readonly id: string;
    readonly amount: Money;
    readonly at: Instant;
    readonly card?: PaidCard;
  }[];
  /** The card the deposit was paid with, where the backend recorded it. */
  readonly depositCard?: PaidCard;
}

const FEE_TEXT: LocalizedText = {en: 'Late cancellation fee', es: 'Cargo por cancelación tardía'};
const NO_SHOW_TEXT: LocalizedText = {en: 'No-show fee', es: 'Cargo por inasistencia'};

/**
 * The invoice line of a fee (late cancellation or no-show): one unit at the fee as quoted, with no
 * tax added, so what the patient was told is what is billed and charged, in every currency.
 */
export function feeLine(kind: FeeCharge['kind'], amount: Money): InvoiceLineInput {
  return {
    description: kind === 'no-show' ? NO_SHOW_TEXT : FEE_TEXT,
    quantity: 1,
    unitPriceMinor: amount.amountMinor,
    kind: 'fee',
  };
}

/**
 * The invoice for one visit, from what the backends already record: a visit that took place bills
 * its services (with the clinic's taxes); a visit cancelled late bills only the late-cancellation
 * fee (no tax on it); the deposit paid at booking is a `deposit` payment against it, a refunded
 * deposit a `refund`. Returns null when there is nothing to bill (a visit still ahead, or cancelled
 * in time with no deposit kept).
 */
export function invoiceForVisit(
  profile: BillingProfile,
  currency: string,
  visit: BilledVisit,
  ids: {readonly id: string; readonly number: string; readonly date: PlainDate},
  billTo: BillTo,
): Invoice | null {
  const lines: InvoiceLineInput[] = [];
  const payments: PaymentEntry[] = [];
  const taxIds = profile.taxes.map((t) => t.id);
  if (visit.status === 'fulfilled') {
    for (const s of visit.services) {
      if (s.price && s.price.currency === currency)
        lines.push({
          description: s.name,
          quantity: 1,
          unitPriceMinor: s.price.amountMinor,
          taxIds,
          kind: 'service',
        });
    }
  } else if (visit.feeCharge && visit.feeCharge.amount.amountMinor > 0) {
    const f = visit.feeCharge;
    lines.push(feeLine(f.kind, f.amount));
    payments.push({
      id: `${ids.id}-fee`,
      kind: 'fee',
      amount: {...f.amount},
      at: f.at,
      invoiceId: ids.id,
      appointmentId: visit.appointmentId,
      ...(f.card ? {card: {brand: f.card.brand, last4: f.card.last4}} : {}),
    });
  } else if (visit.status === 'cancelled' && visit.cancellationFee && visit.cancellationFee.amountMinor > 0) {
    lines.push(feeLine('late-cancellation', visit.cancellationFee));
    payments.push({
      id: `${ids.id}-fee`,
      kind: 'fee',
      amount: {...visit.cancellationFee},
      at: visit.cancelledAt ?? visit.start,
      invoiceId: ids.id,
      appointmentId: visit.appointmentId,
    });
  }
  if (visit.depositPaid && visit.depositPaid.amountMinor > 0) {
    // Without the booking's time (no backend records it yet) the deposit is dated the visit, or
    // its refund when that came first, so the history never shows the refund before the deposit.
    const refundFirst =
      visit.depositRefundedAt !== undefined && Date.parse(visit.depositRefundedAt) < Date.parse(visit.start);
    const at = visit.bookedAt ?? (refundFirst ? visit.depositRefundedAt! : visit.start);
    payments.push({
      id: `${ids.id}-deposit`,
      kind: 'deposit',
      amount: {...visit.depositPaid},
      at,
      invoiceId: ids.id,
      appointmentId: visit.appointmentId,
      ...(visit.depositCard ? {card: {brand: visit.depositCard.brand, last4: visit.depositCard.last4}} : {}),
    });
    if (visit.depositRefundedAt)
      payments.push({
        id: `${ids.id}-refund`,
        kind: 'refund',
        amount: {...visit.depositPaid},
        at: visit.depositRefundedAt,
        invoiceId: ids.id,
        appointmentId: visit.appointmentId,
      });
    // A deposit kept for a visit billing nothing else is billed as what it is.
    if (!lines.length && !visit.depositRefundedAt) {
      lines.push({
        description: {en: 'Deposit', es: 'Anticipo'},
        quantity: 1,
        unitPriceMinor: visit.depositPaid.amountMinor,
        kind: 'service',
      });
    }
  }
  if (!lines.length && !payments.some((p) => p.kind === 'refund')) return null;
  if (!lines.length)
    lines.push({
      description: {en: 'Deposit', es: 'Anticipo'},
      quantity: 1,
      unitPriceMinor: 0,
      kind: 'service',
    });
  for (const p of visit.balancePayments ?? [])
    payments.push({
      id: p.id,
      kind: 'payment',
      amount: {...p.amount},
      at: p.at,
      invoiceId: ids.id,
      appointmentId: visit.appointmentId,
      ...(p.card ? {card: {brand: p.card.brand, last4: p.card.last4}} : {}),
    });
  const input: InvoiceInput = {
    ...ids,
    currency,
    visit: {
      appointmentId: visit.appointmentId,
      start: visit.start,
      services: visit.services.map((s) => s.name),
    },
    billTo,
    lines,
    payments,
  };
  const invoice = buildInvoice(profile, input);
  if (!visit.paidInFullAt || invoice.balanceDueMinor === 0) return invoice;
  const rest: PaymentEntry = {
    id: `${ids.id}-payment`,
    kind: 'payment',
    amount: {amountMinor: invoice.balanceDueMinor, currency},
    at: visit.paidInFullAt,
    invoiceId: ids.id,
    appointmentId: visit.appointmentId,
  };
  return buildInvoice(profile, {...input, payments: [...payments, rest]});
}

// ---------------------------------------------------------------------------------------------
// A recorded appointment's invoice: what every backend bills from the appointments it keeps

/**
 * What billing reads of a recorded appointment: the part of the appointment facts every backend
 * keeps (`AppointmentFacts` in rules/appointments.ts, a memory record, a server row).
 */
export interface BillableRecord {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly start: number;
  readonly serviceIds: readonly string[];
  readonly providerId: string;
  readonly cancellation?: CancellationInfo;
  readonly depositPaid?: Money;
  /** A fee charged under the booking's card authorization (`rules/card-fees.ts`). */
  readonly feeCharge?: FeeCharge | null;
}

/** An appointment's invoice id: `inv_` and the appointment id's own part (stable, one per visit). */
export function invoiceIdOf(appointmentId: string): string {
  return `inv_${appointmentId.replace(/^apt_/, '')}`;
}

/** The appointment an invoice id names, or undefined for anything that is not one. */
export function appointmentIdOfInvoice(invoiceId: unknown): string | undefined {
  return typeof invoiceId === 'string' && /^inv_[A-Za-z0-9_-]{1,100}$/.test(invoiceId)
    ? `apt_${invoiceId.slice(4)}`
    : undefined;
}

/** The invoice number: the clinic's prefix, the invoice's year, a clinic-wide sequence (4 digits at least). */
export function invoiceNumber(prefix: string, date: PlainDate, sequence: number): string {
  return `${prefix}${date.slice(0, 4)}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The invoice's date: the visit's day, or the day it was cancelled (a late-cancellation fee); never
 * a day still ahead — in the clinic's zone.
 */
export function invoiceDateOf(
  a: Pick<BillableRecord, 'start' | 'cancellation'>,
  nowMs: number,
  timeZone: TimeZoneName,
): PlainDate {
  const cancelledAt = a.cancellation ? Date.parse(a.cancellation.at) : undefined;
  return instantToPlainDate(Math.min(cancelledAt ?? a.start, nowMs), timeZone);
}

/**
 * Whether a visit's paid deposit is refunded: it was cancelled by the clinic, or by the patient
 * before the late window where the clinic's deposit policy refunds it. The invoice shows the refund
 * (`billedVisitOf`), and a server taking deposits through Stripe makes it there.
 */
export function depositRefunded(
  a: Pick<BillableRecord, 'status' | 'start' | 'cancellation' | 'depositPaid'>,
  clinic: Pick<Clinic, 'cancellation' | 'deposit'>,
): boolean {
  const c = a.status === 'cancelled' ? a.cancellation : undefined;
  return (
    c !== undefined &&
    (a.depositPaid?.amountMinor ?? 0) > 0 &&
    (c.by === 'clinic' ||
      (clinic.deposit?.refundableOutsideWindow === true &&
        Date.parse(c.at) < lateFrom(clinic.cancellation, a.start)))
  );
}

/**
 * What is billed for a recorded appointment (a memory record, a server row): its services at the
 * price its provider charges, the deposit, a late-cancellation fee the patient was charged when they
 * cancelled (a clinic's cancellation bills nothing), a payment in full at the visit if one was
 * recorded, and the deposit refunded when the visit was cancelled by the clinic, or by the patient
 * before the late window where the clinic's deposit policy refunds it. `instant` writes a time as
 * the backend does (the clinic's zone).
 */
export function billedVisitOf(
  a: BillableRecord,
  clinic: Pick<Clinic, 'cancellation' | 'deposit'>,
  services: readonly Service[],
  instant: (ms: number) => Instant,
  paid: {
    /** A payment in full recorded at the visit (the demo's seed). */
    readonly inFullAtMs?: number;
    /** The balance payments the backend recorded for this visit's invoice (with the card, where recorded). */
    readonly payments?: readonly {
      readonly id: string;
      readonly amount: Money;
      readonly atMs: number;
      readonly card?: PaidCard | null;
    }[];
    /** The card the deposit was paid with, where the backend recorded it. */
    readonly depositCard?: PaidCard | null;
  } = {},
): BilledVisit {
  const c = a.status === 'cancelled' ? a.cancellation : undefined;
  const refunded = c !== undefined && depositRefunded(a, clinic);
  return {
    appointmentId: a.id,
    status: a.status,
    start: instant(a.start),
    services: a.serviceIds.map((id) => {
      const s = services.find((x) => x.id === id);
      const price = s?.providerTerms?.[a.providerId]?.price ?? s?.price;
      return {name: s?.name ?? {en: id}, ...(price ? {price} : {})};
    }),
    ...(a.depositPaid ? {depositPaid: a.depositPaid} : {}),
    ...(paid.inFullAtMs !== undefined ? {paidInFullAt: instant(paid.inFullAtMs)} : {}),
    ...(paid.payments?.length
      ? {
          balancePayments: paid.payments.map((p) => ({
            id: p.id,
            amount: p.amount,
            at: instant(p.atMs),
            ...(p.card ? {card: p.card} : {}),
          })),
        }
      : {}),
    ...(a.depositPaid && paid.depositCard ? {depositCard: paid.depositCard} : {}),
    ...(refunded ? {depositRefundedAt: c.at} : {}),
    ...(a.feeCharge ? {feeCharge: a.feeCharge} : {}),
    ...(a.cancellation?.fee && a.cancellation.by === 'patient'
      ? {cancellationFee: a.cancellation.fee, cancelledAt: a.cancellation.at}
      : {}),
  };
}

/**
 * A recorded appointment's invoice, as every backend makes it: what is billed for it
 * ({@link billedVisitOf}), its id ({@link invoiceIdOf}), the number and date the backend gives it,
 * and whom it is made out to; null while there is nothing to bill.
 */
export function invoiceOfRecord(
  profile: BillingProfile,
  clinic: Pick<Clinic, 'cancellation' | 'deposit' | 'currency'>,
  services: readonly Service[],
  a: BillableRecord,
  instant: (ms: number) => Instant,
  paid: Parameters<typeof billedVisitOf>[4],
  numbered: {readonly number: string; readonly date: PlainDate},
  billTo: BillTo,
): Invoice | null {
  return invoiceForVisit(
    profile,
    clinic.currency,
    billedVisitOf(a, clinic, services, instant, paid),
    {id: invoiceIdOf(a.id), ...numbered},
    billTo,
  );
}

/**
 * An invoice PDF's language (`es` or `en`) and the locale its numbers are written in (a well-formed
 * BCP 47 tag, canonicalized; absent: the language). `ValidationError` (`language`, `locale`) otherwise.
 */
export function checkPdfFormat(
  language: unknown,
  locale: unknown,
): {readonly language: 'es' | 'en'; readonly locale: string} {
  const errors: Record<string, 'invalid'> = {};
  if (language !== 'es' && language !== 'en') errors.language = 'invalid';
  let canonical: string | undefined;
  if (typeof locale === 'string' && locale.length <= 35) {
    try {
      canonical = Intl.getCanonicalLocales(locale)[0];
    } catch {
      canonical = undefined;
    }
  }
  if (locale !== undefined && !canonical) errors.locale = 'invalid';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {language: language as 'es' | 'en', locale: canonical ?? (language as string)};
}

/** The payment history: every entry of these invoices (deposits, payments, refunds, fees), newest first. */
export function paymentHistory(invoices: readonly Pick<Invoice, 'payments'>[]): PaymentEntry[] {
  return invoices.flatMap((i) => i.payments).sort((x, y) => Date.parse(y.at) - Date.parse(x.at));
}

/**
 * What paying an invoice's balance online costs now: its balance due, or null when nothing is due
 * (the backend then makes no payment intent). Only in the invoice's own currency.
 */
export function balancePaymentAmount(invoice: Pick<Invoice, 'balanceDueMinor' | 'currency'>): Money | null {
  return invoice.balanceDueMinor > 0
    ? {amountMinor: invoice.balanceDueMinor, currency: invoice.currency}
    : null;
}

// ---------------------------------------------------------------------------------------------
// Tax ids

/** Countries whose invoices carry the patient's tax id when the patient gives one. */
export const TAX_ID_COUNTRIES: readonly string[] = ['MX', 'ES'];

const RFC = /^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{2}[A\d])$/;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF = /^([ABCDEFGHJKLMNPQRSUVW])(\d{7})([\dA-J])$/;

/**
 * A tax id normalized (upper case, no spaces, dots or dashes) and checked by the country's rule:
 * Mexico's RFC (12 characters for a company, 13 for a person; the date in it must be a real date;
 * the generic XAXX010101000 / XEXX010101000 accepted), Spain's NIF (DNI 8 digits + check letter,
 * NIE X/Y/Z + 7 digits + check letter, CIF letter + 7 digits + check digit or letter). Other
 * countries: any 1–30 letters/digits. Throws ValidationError `{[field]: 'invalid'}` otherwise.
 * The RFC's homoclave check digit is not verified (structure and date only).
 */
export function checkTaxId(country: string, value: string, field = 'taxId'): string {
  const v = value
    .normalize('NFC')
    .toUpperCase()
    .replace(/[\s.-]/g, '');
  const ok = country === 'MX' ? validRfc(v) : country === 'ES' ? validNif(v) : /^[A-Z\d]{1,30}$/.test(v);
  if (!ok) throw new ValidationError({[field]: 'invalid'});
  return v;
}

function validRfc(v: string): boolean {
  const m = RFC.exec(v);
  if (!m) return false;
  const [, , yy, mm, dd] = m;
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1) return false;
  // Leap years: a two-digit year is read as 19xx/20xx; 00 is a leap year either way (2000).
  const leap = Number(yy) % 4 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function validNif(v: string): boolean {
  let m = /^(\d{8})([A-Z])$/.exec(v);
  if (m) return DNI_LETTERS[Number(m[1]) % 23] === m[2];
  m = /^([XYZ])(\d{7})([A-Z])$/.exec(v);
  if (m) return DNI_LETTERS[Number(`${'XYZ'.indexOf(m[1]!)}${m[2]}`) % 23] === m[3];
  m = CIF.exec(v);
  if (!m) return false;
  const digits = m[2]!;
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(digits[i]);
    if (i % 2 === 0) {
      const x = d * 2;
      sum += Math.floor(x / 10) + (x % 10);
    } else sum += d;
  }
  const control = (10 - (sum % 10)) % 10;
  const c = m[3]!;
  const letter = 'JABCDEFGHI'[control];
  const first = m[1]!;
  // Some entity types always use the letter, some always the digit; accept the form each allows.
  if ('KPQRSNW'.includes(first)) return c === letter;
  if ('ABEH'.includes(first)) return c === String(control);
  return c === letter || c === String(control);
}

// ---------------------------------------------------------------------------------------------
// Receipts

/** How a payment was made, as far as the backend recorded it. */
export type PaymentMethod =
  /** A card the backend recorded (a fee charged to a card on file, a deposit or balance paid in the payment step): brand and last four. */
  | {readonly kind: 'card'; readonly brand: CardBrand; readonly last4: string}
  /** Paid online through the clinic's payment step, the card not recorded (e.g. before it was, or Stripe's field). */
  | {readonly kind: 'online'}
  /** Paid at the clinic (recorded at the visit). */
  | {readonly kind: 'at-clinic'}
  /** Returned to the way it was paid (a refund). */
  | {readonly kind: 'refund'}
  /** A fee recorded and still due (no card took it). */
  | {readonly kind: 'due'};

/** One receipt: a payment history entry with what it paid and whom it was for. */
export interface Receipt {
  /** As printed: the invoice's number and the entry's place on it, e.g. "F-2026-0004-R2". */
  readonly number: string;
  readonly payment: PaymentEntry;
  readonly method: PaymentMethod;
  readonly invoiceNumber: string;
  readonly billTo: BillTo;
  /** What it paid: the invoice's lines' descriptions, and the visit. */
  readonly items: readonly LocalizedText[];
  readonly visit?: Invoice['visit'];
}

/**
 * The receipt of one entry of the patient's payment history (`paymentId`), from her invoices, or
 * undefined when none of them has it (another patient's or an unknown id). Numbered by the entry's
 * place on its invoice (oldest first), so a receipt's number never changes.
 */
export function receiptFor(invoices: readonly Invoice[], paymentId: unknown): Receipt | undefined {
  if (typeof paymentId !== 'string') return undefined;
  for (const invoice of invoices) {
    const at = invoice.payments.findIndex((p) => p.id === paymentId);
    if (at < 0) continue;
    const payment = invoice.payments[at]!;
    const method: PaymentMethod = payment.card
      ? {kind: 'card', brand: payment.card.brand, last4: payment.card.last4}
      : payment.kind === 'refund'
        ? {kind: 'refund'}
        : payment.kind === 'fee'
          ? {kind: 'due'}
          : payment.id === `${invoice.id}-payment`
            ? {kind: 'at-clinic'}
            : {kind: 'online'};
    return {
      number: `${invoice.number}-R${at + 1}`,
      payment,
      method,
      invoiceNumber: invoice.number,
      billTo: invoice.billTo,
      items: invoice.lines.map((l) => l.description),
      ...(invoice.visit ? {visit: invoice.visit} : {}),
    };
  }
  return undefined;
}
