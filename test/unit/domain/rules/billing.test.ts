import {describe, expect, it} from 'vitest';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  addMinor,
  appointmentIdOfInvoice,
  balanceDue,
  billedVisitOf,
  depositRefunded,
  buildInvoice,
  checkPdfFormat,
  checkTaxId,
  invoiceDateOf,
  invoiceIdOf,
  invoiceNumber,
  invoiceForVisit,
  minorDigits,
  newestFirst,
  settle,
  taxOn,
  type BillingProfile,
  type InvoiceInput,
  type PaymentEntry,
} from '../../../../src/domain/rules/billing.js';

const MX: BillingProfile = {
  legalName: 'Clínica Demo SA de CV',
  address: 'Av. Reforma 1, CDMX',
  country: 'MX',
  taxId: 'CDE010101AB1',
  taxes: [{id: 'iva', label: 'IVA 16 %', basisPoints: 1600}],
  numberPrefix: 'F-',
};
const ES: BillingProfile = {
  ...MX,
  country: 'ES',
  taxId: 'B12345674',
  taxes: [{id: 'iva', label: 'IVA 21 %', basisPoints: 2100}],
};
const US: BillingProfile = {...MX, country: 'US', taxId: undefined, taxes: []};

function input(over: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    id: 'inv1',
    number: 'F-0001',
    date: '2026-11-20',
    currency: 'MXN',
    billTo: {name: 'Ana Núñez'},
    lines: [
      {
        description: {en: 'Consultation'},
        quantity: 1,
        unitPriceMinor: 100000,
        taxIds: ['iva'],
        kind: 'service',
      },
    ],
    payments: [],
    ...over,
  };
}

const pay = (
  kind: PaymentEntry['kind'],
  amountMinor: number,
  at: string,
  currency = 'MXN',
): PaymentEntry => ({
  id: `${kind}-${at}`,
  kind,
  amount: {amountMinor, currency},
  at,
});

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return {...e.fields};
    throw e;
  }
  throw new Error('did not throw');
}

describe('money in minor units', () => {
  it('adds exactly and refuses what would lose precision or is not an integer', () => {
    expect(addMinor(1, 2, 3)).toBe(6);
    expect(() => addMinor(0.5)).toThrow(RangeError);
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });

  it('rounds tax half away from zero, in integers', () => {
    expect(taxOn(100000, 1600)).toBe(16000); // MXN 1,000.00 at 16 % = 160.00
    expect(taxOn(9999, 2100)).toBe(2100); // 99.99 × 21 % = 20.9979 → 21.00
    expect(taxOn(50, 1000)).toBe(5);
    expect(taxOn(25, 1000)).toBe(3); // 2.5 → 3
    expect(taxOn(24, 1000)).toBe(2); // 2.4 → 2
    expect(taxOn(-25, 1000)).toBe(-3);
    expect(taxOn(12345, 0)).toBe(0);
  });

  it('knows each currency’s minor digits from Intl', () => {
    expect(minorDigits('MXN')).toBe(2);
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });
});

describe('buildInvoice', () => {
  it('MXN with 16 % IVA: 1,000.00 + 160.00 = 1,160.00, unpaid', () => {
    const inv = buildInvoice(MX, input());
    expect(inv).toMatchObject({
      subtotalMinor: 100000,
      taxMinor: 16000,
      totalMinor: 116000,
      paidMinor: 0,
      balanceDueMinor: 116000,
      status: 'unpaid',
    });
    expect(inv.taxes).toEqual([
      {id: 'iva', label: 'IVA 16 %', basisPoints: 1600, baseMinor: 100000, amountMinor: 16000},
    ]);
  });

  it('EUR with 21 % IVA: tax once on the sum of the lines, not per line', () => {
    const inv = buildInvoice(
      ES,
      input({
        currency: 'EUR',
        lines: [
          {description: {es: 'Sesión'}, quantity: 3, unitPriceMinor: 3333, taxIds: ['iva'], kind: 'service'},
        ],
      }),
    );
    expect(inv.lines[0]!.amountMinor).toBe(9999);
    expect(inv.taxMinor).toBe(2100); // per line it would be 3 × 700 = 2100 too; next case differs
    const two = buildInvoice(
      ES,
      input({
        currency: 'EUR',
        lines: [
          {description: {es: 'A'}, quantity: 1, unitPriceMinor: 250, taxIds: ['iva'], kind: 'service'},
          {description: {es: 'B'}, quantity: 1, unitPriceMinor: 250, taxIds: ['iva'], kind: 'service'},
        ],
      }),
    );
    // 2.50 × 21 % = 0.525 → 0.53 each would be 1.06; on the sum 5.00 × 21 % = 1.05
    expect(two.taxMinor).toBe(105);
    expect(two.totalMinor).toBe(605);
  });

  it('USD with no tax', () => {
    const inv = buildInvoice(
      US,
      input({
        currency: 'USD',
        lines: [{description: {en: 'Visit'}, quantity: 2, unitPriceMinor: 7550, kind: 'service'}],
      }),
    );
    expect(inv).toMatchObject({subtotalMinor: 15100, taxMinor: 0, totalMinor: 15100, taxes: []});
  });

  it('status from payments: partially paid, paid, refunded; a fee entry is not money received', () => {
    const deposit = pay('deposit', 50000, '2026-11-01T10:00:00Z');
    expect(buildInvoice(MX, input({payments: [deposit]}))).toMatchObject({
      status: 'partially-paid',
      paidMinor: 50000,
      balanceDueMinor: 66000,
    });
    const paid = buildInvoice(
      MX,
      input({payments: [pay('payment', 66000, '2026-11-20T10:00:00Z'), deposit]}),
    );
    expect(paid).toMatchObject({status: 'paid', balanceDueMinor: 0});
    expect(paid.payments.map((p) => p.kind)).toEqual(['deposit', 'payment']); // oldest first
    expect(settle(1000, [pay('deposit', 1000, 'a'), pay('refund', 1000, 'b')])).toEqual({
      paidMinor: 0,
      status: 'refunded',
    });
    expect(settle(1000, [pay('fee', 1000, 'a')])).toEqual({paidMinor: 0, status: 'unpaid'});
    // Overpaid: balance never below zero.
    expect(buildInvoice(MX, input({payments: [pay('payment', 200000, 'x')]})).balanceDueMinor).toBe(0);
  });

  it('refuses bad lines and payments with field errors', () => {
    expect(fieldsOf(() => buildInvoice(MX, input({lines: []})))).toEqual({lines: 'required'});
    expect(
      fieldsOf(() =>
        buildInvoice(
          MX,
          input({
            currency: 'mxn',
            lines: [
              {description: {en: 'x'}, quantity: 0, unitPriceMinor: 1.5, taxIds: ['vat'], kind: 'service'},
            ],
            payments: [pay('payment', 10, 'x', 'USD')],
          }),
        ),
      ),
    ).toEqual({
      currency: 'invalid',
      'lines.0.quantity': 'invalid',
      'lines.0.unitPriceMinor': 'invalid',
      'lines.0.taxIds': 'invalid',
      'payments.0': 'invalid',
    });
  });
});

describe('invoices from what backends record', () => {
  const ids = {id: 'i', number: 'F-0002', date: '2026-11-20' as const};
  const service = {
    name: {en: 'Chemical peel', es: 'Peeling químico'},
    price: {amountMinor: 150000, currency: 'MXN'},
  };

  it('a visit that took place bills its services with tax; the deposit is a payment against it', () => {
    const inv = invoiceForVisit(
      MX,
      'MXN',
      {
        appointmentId: 'a1',
        status: 'fulfilled',
        start: '2026-11-20T16:00:00Z',
        services: [service],
        depositPaid: {amountMinor: 50000, currency: 'MXN'},
        bookedAt: '2026-11-10T12:00:00Z',
      },
      ids,
      {name: 'Ana'},
    )!;
    expect(inv).toMatchObject({
      totalMinor: 174000,
      paidMinor: 50000,
      balanceDueMinor: 124000,
      status: 'partially-paid',
    });
    expect(inv.payments).toMatchObject([
      {kind: 'deposit', at: '2026-11-10T12:00:00Z', invoiceId: 'i', appointmentId: 'a1'},
    ]);
  });

  it('paid in full at the visit: the balance after the deposit is one payment, the invoice paid', () => {
    const inv = invoiceForVisit(
      MX,
      'MXN',
      {
        appointmentId: 'a1',
        status: 'fulfilled',
        start: '2026-11-20T16:00:00Z',
        services: [service],
        depositPaid: {amountMinor: 50000, currency: 'MXN'},
        paidInFullAt: '2026-11-20T17:00:00Z',
      },
      ids,
      {name: 'Ana'},
    )!;
    expect(inv).toMatchObject({status: 'paid', paidMinor: 174000, balanceDueMinor: 0});
    expect(inv.payments.map((p) => [p.kind, p.amount.amountMinor])).toEqual([
      ['deposit', 50000],
      ['payment', 124000],
    ]);
  });

  it('a late cancellation bills the recorded fee (no tax) and records a fee entry', () => {
    const inv = invoiceForVisit(
      MX,
      'MXN',
      {
        appointmentId: 'a2',
        status: 'cancelled',
        start: '2026-11-20T16:00:00Z',
        services: [service],
        cancellationFee: {amountMinor: 30000, currency: 'MXN'},
        cancelledAt: '2026-11-20T10:00:00Z',
      },
      ids,
      {name: 'Ana'},
    )!;
    expect(inv.lines).toMatchObject([
      {kind: 'fee', amountMinor: 30000, description: {es: 'Cargo por cancelación tardía'}},
    ]);
    expect(inv).toMatchObject({taxMinor: 0, totalMinor: 30000, balanceDueMinor: 30000, status: 'unpaid'});
    expect(inv.payments.map((p) => p.kind)).toEqual(['fee']);
  });

  it('a deposit refunded after a cancellation in time is a refunded invoice; nothing to bill is null', () => {
    const refunded = invoiceForVisit(
      MX,
      'MXN',
      {
        appointmentId: 'a3',
        status: 'cancelled',
        start: '2026-11-20T16:00:00Z',
        services: [service],
        depositPaid: {amountMinor: 50000, currency: 'MXN'},
        bookedAt: '2026-11-01T00:00:00Z',
        depositRefundedAt: '2026-11-05T00:00:00Z',
      },
      ids,
      {name: 'Ana'},
    )!;
    expect(refunded).toMatchObject({status: 'refunded', paidMinor: 0, balanceDueMinor: 0});
    expect(refunded.payments.map((p) => p.kind)).toEqual(['deposit', 'refund']);
    expect(
      invoiceForVisit(
        MX,
        'MXN',
        {appointmentId: 'a4', status: 'booked', start: '2026-12-20T16:00:00Z', services: [service]},
        ids,
        {name: 'Ana'},
      ),
    ).toBeNull();
    expect(
      invoiceForVisit(
        MX,
        'MXN',
        {appointmentId: 'a5', status: 'cancelled', start: '2026-12-20T16:00:00Z', services: [service]},
        ids,
        {name: 'Ana'},
      ),
    ).toBeNull();
  });

  it('balance due across invoices and newest first', () => {
    const a = {balanceDueMinor: 100, currency: 'MXN', date: '2026-10-01' as const, number: 'F-1'};
    const b = {balanceDueMinor: 50, currency: 'MXN', date: '2026-11-01' as const, number: 'F-2'};
    const c = {balanceDueMinor: 7, currency: 'MXN', date: '2026-11-01' as const, number: 'F-3'};
    expect(balanceDue([a, b, c], 'MXN')).toEqual({amountMinor: 157, currency: 'MXN'});
    expect(newestFirst([a, b, c]).map((i) => i.number)).toEqual(['F-3', 'F-2', 'F-1']);
  });
});

describe('checkTaxId', () => {
  it('Mexico RFC: person (13) and company (12), real date, generic RFCs; normalized', () => {
    expect(checkTaxId('MX', 'gode561231gr8')).toBe('GODE561231GR8');
    expect(checkTaxId('MX', 'ABC 680524 P76')).toBe('ABC680524P76');
    expect(checkTaxId('MX', 'XAXX010101000')).toBe('XAXX010101000');
    expect(checkTaxId('MX', 'ÑAÑ000229AB1')).toBe('ÑAÑ000229AB1'); // 29 Feb 2000
    for (const bad of [
      'GODE561331GR8',
      'GODE560230GR8',
      'GOD1561231GR8',
      'GODE561231GR',
      '',
      'GODE561231GR8X',
    ])
      expect(fieldsOf(() => checkTaxId('MX', bad))).toEqual({taxId: 'invalid'});
  });

  it('Spain NIF: DNI, NIE and CIF with their check characters', () => {
    expect(checkTaxId('ES', '12345678-z')).toBe('12345678Z');
    expect(checkTaxId('ES', 'X1234567L')).toBe('X1234567L');
    expect(checkTaxId('ES', 'B12345674')).toBe('B12345674');
    expect(checkTaxId('ES', 'Q1234567D')).toBe('Q1234567D');
    for (const bad of ['12345678A', 'X1234567A', 'B12345675', 'Q12345674', '1234567Z', 'hola'])
      expect(fieldsOf(() => checkTaxId('ES', bad, 'billTo.taxId'))).toEqual({'billTo.taxId': 'invalid'});
  });

  it('other countries: letters and digits only', () => {
    expect(checkTaxId('US', '12-3456789')).toBe('123456789');
    expect(fieldsOf(() => checkTaxId('US', '<script>'))).toEqual({taxId: 'invalid'});
  });
});

describe('a recorded appointment, billed the same way by every backend', () => {
  const services = [
    {
      id: 'svc-a',
      name: {es: 'Consulta', en: 'Visit'},
      price: {amountMinor: 100000, currency: 'MXN'},
      providerTerms: {'prov-2': {price: {amountMinor: 150000, currency: 'MXN'}}},
    },
  ] as unknown as Parameters<typeof billedVisitOf>[2];
  const instant = (ms: number) => new Date(ms).toISOString();
  const CLINIC = {
    cancellation: {windowHours: 24, text: {en: ''}, acceptanceRequired: false},
    deposit: {refundableOutsideWindow: true, text: {en: ''}},
  };
  const record = {
    id: 'apt_abc',
    status: 'fulfilled' as const,
    start: Date.parse('2026-03-02T16:00:00Z'),
    serviceIds: ['svc-a', 'svc-gone'],
    providerId: 'prov-2',
  };

  it('bills the provider’s own price, keeps a service no longer offered by its id, records the payment at the visit', () => {
    const visit = billedVisitOf(record, CLINIC, services, instant, {
      inFullAtMs: Date.parse('2026-03-02T17:00:00Z'),
    });
    expect(visit.services).toEqual([
      {name: {es: 'Consulta', en: 'Visit'}, price: {amountMinor: 150000, currency: 'MXN'}},
      {name: {en: 'svc-gone'}},
    ]);
    expect(visit.paidInFullAt).toBe('2026-03-02T17:00:00.000Z');
    expect(visit.cancellationFee).toBeUndefined();
  });

  it('bills a fee only for the patient’s own late cancellation, dated the day it was cancelled', () => {
    const fee = {amountMinor: 30000, currency: 'MXN'};
    const at = '2026-03-01T20:00:00-06:00';
    const byPatient = {
      ...record,
      status: 'cancelled' as const,
      cancellation: {reasonId: 'r', at, fee, by: 'patient' as const},
    };
    expect(billedVisitOf(byPatient, CLINIC, services, instant)).toMatchObject({
      cancellationFee: fee,
      cancelledAt: at,
    });
    const byClinic = {...byPatient, cancellation: {...byPatient.cancellation, by: 'clinic' as const}};
    expect(billedVisitOf(byClinic, CLINIC, services, instant).cancellationFee).toBeUndefined();
    expect(invoiceDateOf(byPatient, Date.parse('2026-04-01T00:00:00Z'), 'America/Mexico_City')).toBe(
      '2026-03-01',
    );
    // Never a day still ahead: a visit later today is dated today.
    expect(invoiceDateOf(record, Date.parse('2026-02-28T12:00:00Z'), 'America/Mexico_City')).toBe(
      '2026-02-28',
    );
  });

  it('refunds a deposit when the clinic cancels, or the patient cancels before the window where the policy says so', () => {
    const deposit = {amountMinor: 50000, currency: 'MXN'};
    const start = Date.parse('2026-03-10T16:00:00Z');
    const cancelled = (at: number, by: 'patient' | 'clinic') => ({
      ...record,
      start,
      status: 'cancelled' as const,
      depositPaid: deposit,
      cancellation: {reasonId: 'r', at: new Date(at).toISOString(), by},
    });
    const early = cancelled(start - 25 * 3_600_000, 'patient');
    const late = cancelled(start - 24 * 3_600_000, 'patient');
    expect(billedVisitOf(early, CLINIC, services, instant).depositRefundedAt).toBe(early.cancellation.at);
    expect(billedVisitOf(late, CLINIC, services, instant).depositRefundedAt, 'late: kept').toBeUndefined();
    const byClinic = cancelled(start - 3_600_000, 'clinic');
    expect(billedVisitOf(byClinic, CLINIC, services, instant).depositRefundedAt).toBe(
      byClinic.cancellation.at,
    );
    const keeps = {...CLINIC, deposit: {...CLINIC.deposit, refundableOutsideWindow: false}};
    expect(
      billedVisitOf(early, keeps, services, instant).depositRefundedAt,
      'never refundable',
    ).toBeUndefined();
    // The invoice: the deposit in, the same out, marked refunded.
    const invoice = invoiceForVisit(
      MX,
      'MXN',
      billedVisitOf(early, CLINIC, services, instant),
      {id: 'inv_abc', number: 'F-2026-0001', date: '2026-03-09'},
      {name: 'Ana'},
    );
    expect(invoice?.status).toBe('refunded');
    expect(invoice?.payments.map((p) => p.kind)).toEqual(['deposit', 'refund']);
    expect(invoice?.balanceDueMinor).toBe(0);
  });

  it('names invoices after their appointment, and reads back only what it gave', () => {
    expect(invoiceIdOf('apt_abc')).toBe('inv_abc');
    expect(appointmentIdOfInvoice('inv_abc')).toBe('apt_abc');
    for (const bad of ['apt_abc', 'inv_', 'inv_../x', 'inv_a b', `inv_${'x'.repeat(101)}`, 7, undefined])
      expect(appointmentIdOfInvoice(bad), String(bad)).toBeUndefined();
    expect(invoiceNumber('F-', '2026-03-02', 7)).toBe('F-2026-0007');
    expect(invoiceNumber('', '2027-01-01', 12345)).toBe('2027-12345');
  });

  it('writes the PDF in Spanish or English with a well-formed locale, and refuses anything else', () => {
    expect(checkPdfFormat('es', 'es-mx')).toEqual({language: 'es', locale: 'es-MX'});
    expect(checkPdfFormat('en', undefined)).toEqual({language: 'en', locale: 'en'});
    expect(fieldsOf(() => checkPdfFormat('fr', 'fr-FR'))).toEqual({language: 'invalid'});
    expect(fieldsOf(() => checkPdfFormat('es', 'not a locale!'))).toEqual({locale: 'invalid'});
    expect(fieldsOf(() => checkPdfFormat(undefined, 'x'.repeat(40)))).toEqual({
      language: 'invalid',
      locale: 'invalid',
    });
  });
});

describe('depositRefunded (the invoice shows it; a Stripe server refunds it there)', () => {
  const start = Date.parse('2026-03-20T16:00:00Z');
  const clinic = {
    cancellation: {windowHours: 24, lateFee: {amountMinor: 30000, currency: 'MXN'}},
    deposit: {refundableOutsideWindow: true},
  } as unknown as Parameters<typeof depositRefunded>[1];
  const visit = (by: 'patient' | 'clinic', atMs: number, deposit = 50000) => ({
    status: 'cancelled' as const,
    start,
    depositPaid: {amountMinor: deposit, currency: 'MXN'},
    cancellation: {by, at: new Date(atMs).toISOString(), reasonId: 'r'} as never,
  });
  it('refunds before the late window under a refundable policy, or whenever the clinic cancels', () => {
    expect(depositRefunded(visit('patient', start - 25 * 3_600_000), clinic)).toBe(true);
    expect(depositRefunded(visit('patient', start - 23 * 3_600_000), clinic)).toBe(false);
    expect(depositRefunded(visit('clinic', start - 1 * 3_600_000), clinic)).toBe(true);
    expect(depositRefunded(visit('patient', start - 25 * 3_600_000, 0), clinic)).toBe(false);
    const keeps = {...clinic, deposit: {refundableOutsideWindow: false}} as typeof clinic;
    expect(depositRefunded(visit('patient', start - 25 * 3_600_000), keeps)).toBe(false);
    expect(depositRefunded({...visit('clinic', start), status: 'booked'}, clinic)).toBe(false);
  });
});
