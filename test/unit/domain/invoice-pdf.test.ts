import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkPdfStructure, hasGhostscript} from './pdf-checks.js';
import {invoicePdf, receiptPdf, textWidth, winAnsiByte, wrap} from '../../../src/domain/invoice-pdf.js';
import {buildInvoice, receiptFor, type BillingProfile} from '../../../src/domain/rules/billing.js';

const profile: BillingProfile = {
  legalName: 'Clínica Dermatológica Peña SA de CV',
  address: 'Av. Álvaro Obregón 120, Roma Norte\n06700 Ciudad de México',
  country: 'MX',
  taxId: 'CDP010101AB1',
  taxes: [{id: 'iva', label: 'IVA 16 %', basisPoints: 1600}],
  numberPrefix: 'F-',
};

const invoice = buildInvoice(profile, {
  id: 'inv-1',
  number: 'F-2026-0002',
  date: '2026-11-20',
  currency: 'MXN',
  visit: {
    appointmentId: 'a1',
    start: '2026-11-20T16:00:00Z',
    services: [{en: 'Chemical peel', es: 'Peeling químico'}],
  },
  billTo: {name: 'María José Núñez Ibáñez', taxId: 'NUIM900101AB1'},
  lines: [
    {
      description: {en: 'Chemical peel', es: 'Peeling químico ¿y después? ¡Protección solar!'},
      quantity: 1,
      unitPriceMinor: 150000,
      taxIds: ['iva'],
      kind: 'service',
    },
    {
      description: {en: 'Sunscreen', es: 'Protector solar'},
      quantity: 2,
      unitPriceMinor: 25050,
      taxIds: ['iva'],
      kind: 'service',
    },
  ],
  payments: [
    {id: 'p1', kind: 'deposit', amount: {amountMinor: 50000, currency: 'MXN'}, at: '2026-11-10T12:00:00Z'},
  ],
});

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** Text drawn with Tj, decoded from the hex strings (WinAnsi → Unicode for the bytes we use). */
function drawnText(pdf: string): string[] {
  const back: Record<number, string> = {0x80: '€', 0xa0: ' '};
  return [...pdf.matchAll(/<([0-9a-f]*)> Tj/g)].map((m) =>
    (m[1]!.match(/../g) ?? [])
      .map((h) => back[parseInt(h, 16)] ?? String.fromCharCode(parseInt(h, 16)))
      .join(''),
  );
}

describe('invoicePdf', () => {
  const bytes = invoicePdf(invoice, 'Clínica Peña', profile, {
    language: 'es',
    locale: 'es-MX',
    timeZone: 'America/Mexico_City',
  });
  const pdf = latin1(bytes);

  it('is a well-formed PDF: header, objects at the offsets the xref gives, trailer, startxref', () => {
    checkPdfStructure(pdf);
  });

  it('draws the clinic, its RFC, the patient, items, taxes, totals and status in Spanish with accents', () => {
    const text = drawnText(pdf).join('\n');
    for (const s of [
      'Clínica Dermatológica Peña SA de CV',
      'Av. Álvaro Obregón 120, Roma Norte',
      'RFC: CDP010101AB1',
      'María José Núñez Ibáñez',
      'RFC: NUIM900101AB1',
      'Factura',
      'Número: F-2026-0002',
      'Estado: Pagada en parte',
      'Protector solar',
      '¡Protección',
      'IVA 16 % sobre $2,001.00',
      '$320.16',
      '$2,321.16',
      'Saldo pendiente',
      '$1,821.16',
      'Anticipo',
    ])
      expect(text).toContain(s);
    expect(invoice).toMatchObject({
      subtotalMinor: 200100,
      taxMinor: 32016,
      totalMinor: 232116,
      balanceDueMinor: 182116,
    });
  });

  it('encodes € and Spanish letters in WinAnsi and measures Helvetica', () => {
    expect(['€', 'á', 'ñ', '¿', '¡', 'Ñ', '\u202f', '中'].map(winAnsiByte)).toEqual([
      0x80, 0xe1, 0xf1, 0xbf, 0xa1, 0xd1, 0xa0, 0x3f,
    ]);
    expect(textWidth('0123456789', 10)).toBeCloseTo(55.6);
    expect(textWidth('á', 10)).toBe(textWidth('a', 10));
    expect(wrap('uno dos tres cuatro', textWidth('uno dos', 10), 10)).toEqual(['uno dos', 'tres', 'cuatro']);
  });

  it('EUR in Spain prints the euro sign and NIF; English labels', () => {
    const es: BillingProfile = {
      ...profile,
      country: 'ES',
      taxId: 'B12345674',
      taxes: [{id: 'iva', label: 'IVA 21 %', basisPoints: 2100}],
    };
    const inv = buildInvoice(es, {
      id: 'e',
      number: 'F-9',
      date: '2026-11-20',
      currency: 'EUR',
      billTo: {name: 'Íñigo', taxId: '12345678Z'},
      lines: [
        {description: {en: 'Visit'}, quantity: 1, unitPriceMinor: 10000, taxIds: ['iva'], kind: 'service'},
      ],
      payments: [],
    });
    const text = drawnText(
      latin1(invoicePdf(inv, 'C', es, {language: 'en', locale: 'es-ES', timeZone: 'Europe/Madrid'})),
    ).join('\n');
    expect(text).toContain('NIF: B12345674');
    expect(text).toContain('121,00 €');
    expect(text).toContain('Status: Unpaid');
  });

  it('a long invoice continues on more pages', () => {
    const long = buildInvoice(profile, {
      ...invoice,
      payments: [],
      lines: Array.from({length: 80}, (_, i) => ({
        description: {es: `Concepto ${i + 1}`},
        quantity: 1,
        unitPriceMinor: 100,
        kind: 'service' as const,
      })),
    });
    const text = latin1(invoicePdf(long, 'C', profile, {language: 'es', locale: 'es-MX', timeZone: 'UTC'}));
    expect(/\/Count (\d+)/.exec(text)![1]).toBe('3');
    expect(drawnText(text).join('\n')).toContain('Concepto 80');
  });

  it.runIf(hasGhostscript())('Ghostscript reads it and extracts the same text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'invoice-pdf-'));
    try {
      writeFileSync(join(dir, 'i.pdf'), bytes);
      execFileSync(
        'gs',
        [
          '-q',
          '-dNOPAUSE',
          '-dBATCH',
          '-dSAFER',
          '-sDEVICE=txtwrite',
          `-sOutputFile=${join(dir, 'i.txt')}`,
          join(dir, 'i.pdf'),
        ],
        {stdio: 'pipe'},
      );
      const text = readFileSync(join(dir, 'i.txt'), 'utf8');
      expect(text).toContain('Clínica Dermatológica Peña');
      expect(text).toContain('María José Núñez Ibáñez');
      expect(text).toContain('$2,321.16');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('receiptPdf (receipts per payment, #20 item 1)', () => {
  const withCard = buildInvoice(profile, {
    id: 'inv-2',
    number: 'F-2026-0003',
    date: '2026-11-21',
    currency: 'MXN',
    billTo: {name: 'María José Núñez Ibáñez', taxId: 'NUIM900101AB1'},
    lines: [
      {
        description: {en: 'Late cancellation fee', es: 'Cargo por cancelación tardía'},
        quantity: 1,
        unitPriceMinor: 30000,
        kind: 'fee',
      },
    ],
    payments: [
      {
        id: 'inv-2-fee',
        kind: 'fee',
        amount: {amountMinor: 30000, currency: 'MXN'},
        at: '2026-11-21T02:30:00Z',
        invoiceId: 'inv-2',
        card: {brand: 'visa', last4: '4242'},
      },
    ],
  });

  it('numbers a receipt by its entry’s place on the invoice and says how it was paid; unknown ids have none', () => {
    expect(receiptFor([invoice, withCard], 'p1')).toMatchObject({
      number: 'F-2026-0002-R1',
      method: {kind: 'online'},
    });
    expect(receiptFor([invoice, withCard], 'inv-2-fee')).toMatchObject({
      number: 'F-2026-0003-R1',
      method: {kind: 'card', brand: 'visa', last4: '4242'},
      invoiceNumber: 'F-2026-0003',
    });
    expect(receiptFor([invoice, withCard], 'nope')).toBeUndefined();
    expect(receiptFor([invoice], 42)).toBeUndefined();
  });

  it('draws the clinic, whom it was received from, the amount, the card, the time in the clinic’s zone and what it paid', () => {
    const pdf = latin1(
      receiptPdf(receiptFor([withCard], 'inv-2-fee')!, 'Clínica Peña', profile, {
        language: 'es',
        locale: 'es-MX',
        timeZone: 'America/Mexico_City',
      }),
    );
    checkPdfStructure(pdf);
    const text = drawnText(pdf);
    // 02:30 UTC on the 21st is the evening of the 20th in Mexico City.
    const when = new Intl.DateTimeFormat('es-MX', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'America/Mexico_City',
    }).format(new Date('2026-11-21T02:30:00Z'));
    expect(when).toContain('20 de noviembre');
    for (const s of [
      'Clínica Dermatológica Peña SA de CV',
      'RFC: CDP010101AB1',
      'Recibo',
      'Número: F-2026-0003-R1',
      `Fecha: ${when}`,
      'María José Núñez Ibáñez',
      'RFC: NUIM900101AB1',
      'Forma de pago: Visa terminada en 4242',
      'De la factura F-2026-0003',
      'Cargo por cancelación tardía',
    ])
      expect(
        text.map((t) => t.replace(/\u00a0/g, ' ')),
        s,
      ).toContain(s.replace(/\u00a0/g, ' '));
    expect(text.some((t) => /^\$300\.00$/.test(t.replace(/\u00a0/g, ' ')))).toBe(true);
  });
});
