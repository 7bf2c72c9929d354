/**
 * An invoice as a PDF, made in one place for every backend (issue #20): the reference server serves
 * it at `GET /invoices/{id}/pdf`, the memory adapter returns the same bytes for the demo.
 *
 * A small PDF 1.4 writer of our own, text only: the standard Helvetica and Helvetica-Bold fonts
 * (every PDF reader has them, nothing embedded) with WinAnsiEncoding, so Spanish text prints
 * (á é í ó ú ü ñ ¿ ¡ €); a character outside WinAnsi prints as "?". Uncompressed content streams,
 * a classic cross-reference table with exact byte offsets. A4 pages; long invoices continue on
 * further pages.
 */
import type {
  Invoice,
  InvoiceStatus,
  PaymentKind,
  BillingProfile,
  PaymentMethod,
  Receipt,
} from './rules/billing.js';
import type {LocalizedText} from './types.js';

export interface InvoicePdfOptions {
  /** Labels' language. */
  readonly language: 'en' | 'es';
  /** Numbers, money and dates as this locale writes them, e.g. `es-MX`, `en-US`. */
  readonly locale: string;
  /** The clinic's IANA time zone, for the visit's date. */
  readonly timeZone: string;
}

const LABELS = {
  en: {
    invoice: 'Invoice',
    number: 'Number',
    date: 'Date',
    status: 'Status',
    taxId: 'Tax id',
    billTo: 'Bill to',
    postalCode: 'Tax address postal code',
    taxRegime: 'Tax regime',
    visit: 'Visit',
    description: 'Description',
    qty: 'Qty',
    unit: 'Unit price',
    amount: 'Amount',
    subtotal: 'Subtotal',
    on: 'on',
    total: 'Total',
    paid: 'Paid',
    balance: 'Balance due',
    payments: 'Payments',
    page: 'Page',
    of: 'of',
    statuses: {paid: 'Paid', unpaid: 'Unpaid', 'partially-paid': 'Partially paid', refunded: 'Refunded'},
    kinds: {deposit: 'Deposit', payment: 'Payment', refund: 'Refund', fee: 'Fee charged'},
    receipt: 'Receipt',
    received: 'Received from',
    forInvoice: 'For invoice',
    paidFor: 'What it paid',
    method: 'Method',
    amountLabel: 'Amount',
    refunded: 'Amount refunded',
    feeDue: 'Fee (still due)',
    ending: 'ending',
    card: 'Card',
    methods: {
      online: 'Card, online through the clinic\u2019s payment provider',
      'at-clinic': 'Paid at the clinic',
      refund: 'Returned to the original payment method',
      due: 'Not charged yet: due on the invoice',
    },
  },
  es: {
    invoice: 'Factura',
    number: 'Número',
    date: 'Fecha',
    status: 'Estado',
    taxId: 'Id. fiscal',
    billTo: 'Facturar a',
    postalCode: 'C.P. del domicilio fiscal',
    taxRegime: 'Régimen fiscal',
    visit: 'Cita',
    description: 'Concepto',
    qty: 'Cant.',
    unit: 'Precio unitario',
    amount: 'Importe',
    subtotal: 'Subtotal',
    on: 'sobre',
    total: 'Total',
    paid: 'Pagado',
    balance: 'Saldo pendiente',
    payments: 'Pagos',
    page: 'Página',
    of: 'de',
    statuses: {
      paid: 'Pagada',
      unpaid: 'Pendiente de pago',
      'partially-paid': 'Pagada en parte',
      refunded: 'Reembolsada',
    },
    kinds: {deposit: 'Anticipo', payment: 'Pago', refund: 'Reembolso', fee: 'Cargo'},
    receipt: 'Recibo',
    received: 'Recibido de',
    forInvoice: 'De la factura',
    paidFor: 'Concepto',
    method: 'Forma de pago',
    amountLabel: 'Importe',
    refunded: 'Importe reembolsado',
    feeDue: 'Cargo (pendiente de pago)',
    ending: 'terminada en',
    card: 'Tarjeta',
    methods: {
      online: 'Tarjeta, en línea con el proveedor de pagos de la clínica',
      'at-clinic': 'Pagado en la clínica',
      refund: 'Devuelto a la forma de pago original',
      due: 'Aún sin cobrar: pendiente en la factura',
    },
  },
} satisfies Record<
  'en' | 'es',
  {
    statuses: Record<InvoiceStatus, string>;
    kinds: Record<PaymentKind, string>;
    methods: Record<Exclude<PaymentMethod['kind'], 'card'>, string>;
  } & Record<string, unknown>
>;

/** The tax id's name where the country has one. */
const TAX_ID_LABEL: Readonly<Record<string, string>> = {MX: 'RFC', ES: 'NIF'};

// ---------------------------------------------------------------------------------------------
// WinAnsiEncoding and Helvetica's widths

/** WinAnsi codes 0x80–0x9F (the rest of 0xA0–0xFF is Latin-1 as is). */
const WIN_ANSI_HIGH: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** One character → its WinAnsi byte; spaces Intl uses (narrow no-break, thin) → no-break space; else "?". */
export function winAnsiByte(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c <= 0x7e) return c;
  if (c >= 0xa0 && c <= 0xff) return c;
  const high = WIN_ANSI_HIGH[ch];
  if (high) return high;
  if (c === 0x202f || c === 0x2009 || c === 0x2007) return 0xa0;
  if (c === 0x2212) return 0x2d; // minus sign
  return 0x3f;
}

/** Helvetica advance widths (1/1000 em) for ASCII 32–126, from the standard font's metrics. */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const OTHER_WIDTHS: Readonly<Record<string, number>> = {
  '¿': 611,
  '¡': 333,
  '€': 556,
  '\u00a0': 278,
  '«': 556,
  '»': 556,
  '°': 400,
  '×': 584,
  '–': 556,
  '—': 1000,
  '‘': 222,
  '’': 222,
  '“': 333,
  '”': 333,
  '•': 350,
  ß: 611,
  æ: 889,
  Æ: 1000,
  ø: 611,
  Ø: 778,
};

/** Width of a text in points at `size` (Helvetica; bold counted ~8 % wider). */
export function textWidth(text: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const byte = winAnsiByte(ch);
    const base = byte >= 0x20 && byte <= 0x7e ? byte : (ch.normalize('NFD').codePointAt(0) ?? 0x3f);
    w += OTHER_WIDTHS[ch] ?? (base >= 0x20 && base <= 0x7e ? ASCII_WIDTHS[base - 0x20]! : 556);
  }
  return (w * size * (bold ? 1.08 : 1)) / 1000;
}

/** A text as a PDF hex string in WinAnsi: nothing to escape, any byte safe. */
export function hexString(text: string): string {
  let out = '<';
  for (const ch of text) out += winAnsiByte(ch).toString(16).padStart(2, '0');
  return `${out}>`;
}

// ---------------------------------------------------------------------------------------------
// Layout

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 50;
const BOTTOM = 60;

class Pages {
  readonly pages: string[][] = [[]];
  y = PAGE_H - MARGIN;

  private get ops(): string[] {
    return this.pages[this.pages.length - 1]!;
  }

  /** Starts a new page when fewer than `needed` points are left. */
  room(needed: number): void {
    if (this.y - needed < BOTTOM) {
      this.pages.push([]);
      this.y = PAGE_H - MARGIN;
    }
  }

  text(x: number, y: number, text: string, size = 10, bold = false): void {
    this.ops.push(
      `BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td ${hexString(text)} Tj ET`,
    );
  }

  right(xRight: number, y: number, text: string, size = 10, bold = false): void {
    this.text(xRight - textWidth(text, size, bold), y, text, size, bold);
  }

  rule(y: number, x1 = MARGIN, x2 = PAGE_W - MARGIN): void {
    this.ops.push(`0.6 G 0.5 w ${x1} ${y.toFixed(2)} m ${x2} ${y.toFixed(2)} l S 0 G`);
  }
}

/** Words of `text` in lines no wider than `width` points (a longer word is cut). */
export function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (textWidth(w, size) > width) {
      let cut = w.length - 1;
      while (cut > 1 && textWidth(w.slice(0, cut), size) > width) cut--;
      if (line) lines.push(line);
      lines.push(w.slice(0, cut));
      line = '';
      w = w.slice(cut);
    }
    const next = line ? `${line} ${w}` : w;
    if (textWidth(next, size) <= width) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

function pick(text: LocalizedText, language: string): string {
  return (
    text[language] ??
    text[Object.keys(text).find((k) => k.startsWith(language)) ?? ''] ??
    Object.values(text)[0] ??
    ''
  );
}

/** The invoice as PDF bytes. */
export function invoicePdf(
  invoice: Invoice,
  clinicName: string,
  profile: BillingProfile,
  opts: InvoicePdfOptions,
): Uint8Array<ArrayBuffer> {
  const L = LABELS[opts.language];
  const money = new Intl.NumberFormat(opts.locale, {style: 'currency', currency: invoice.currency});
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const fmt = (minor: number): string => money.format(minor / 10 ** digits);
  const day = (iso: string, timeZone = 'UTC'): string =>
    new Intl.DateTimeFormat(opts.locale, {dateStyle: 'long', timeZone}).format(new Date(iso));
  const p = new Pages();
  const right = PAGE_W - MARGIN;
  const taxIdLabel = TAX_ID_LABEL[profile.country] ?? L.taxId;

  // Clinic (left) and the invoice's number, date and status (right).
  let y = p.y;
  p.text(MARGIN, y, profile.legalName || clinicName, 15, true);
  p.right(right, y, L.invoice, 18, true);
  y -= 18;
  if (profile.legalName && profile.legalName !== clinicName) {
    p.text(MARGIN, y, clinicName, 10);
    y -= 13;
  }
  let ry = p.y - 22;
  for (const [label, value] of [
    [L.number, invoice.number],
    [L.date, day(`${invoice.date}T12:00:00Z`)],
    [L.status, L.statuses[invoice.status]],
  ] as const) {
    p.right(right, ry, `${label}: ${value}`, 10, label === L.status);
    ry -= 13;
  }
  for (const line of profile.address.split('\n')) {
    for (const l of wrap(line, 300, 10)) {
      p.text(MARGIN, y, l, 10);
      y -= 13;
    }
  }
  if (profile.taxId) {
    p.text(MARGIN, y, `${taxIdLabel}: ${profile.taxId}`, 10);
    y -= 13;
  }
  y = Math.min(y, ry) - 14;

  // Bill to and the visit.
  p.text(MARGIN, y, L.billTo, 9, true);
  if (invoice.visit) p.text(320, y, L.visit, 9, true);
  y -= 13;
  const billLines = [...wrap(invoice.billTo.name, 250, 10)];
  if (invoice.billTo.taxId) billLines.push(`${taxIdLabel}: ${invoice.billTo.taxId}`);
  // Mexico (CFDI 4.0): the receiver's fiscal postal code and régimen, as SAT codes.
  if (invoice.billTo.postalCode) billLines.push(`${L.postalCode}: ${invoice.billTo.postalCode}`);
  if (invoice.billTo.taxRegime) billLines.push(`${L.taxRegime}: ${invoice.billTo.taxRegime}`);
  const visitLines = invoice.visit
    ? [
        day(invoice.visit.start, opts.timeZone),
        ...wrap(invoice.visit.services.map((s) => pick(s, opts.language)).join(', '), 225, 10),
      ]
    : [];
  for (let i = 0; i < Math.max(billLines.length, visitLines.length); i++) {
    if (billLines[i]) p.text(MARGIN, y, billLines[i]!, 10);
    if (visitLines[i]) p.text(320, y, visitLines[i]!, 10);
    y -= 13;
  }
  y -= 12;

  // Items.
  const colQty = 330;
  const colUnit = 430;
  const header = (): void => {
    p.text(MARGIN, y, L.description, 9, true);
    p.right(colQty, y, L.qty, 9, true);
    p.right(colUnit, y, L.unit, 9, true);
    p.right(right, y, L.amount, 9, true);
    y -= 6;
    p.rule(y);
    y -= 14;
  };
  p.y = y;
  header();
  for (const line of invoice.lines) {
    const desc = wrap(pick(line.description, opts.language), colQty - MARGIN - 40, 10);
    p.y = y;
    p.room(desc.length * 13 + 4);
    if (p.y !== y) {
      y = p.y;
      header();
    }
    p.right(colQty, y, String(line.quantity), 10);
    p.right(colUnit, y, fmt(line.unitPriceMinor), 10);
    p.right(right, y, fmt(line.amountMinor), 10);
    for (const d of desc) {
      p.text(MARGIN, y, d, 10);
      y -= 13;
    }
    y -= 3;
  }
  p.rule(y + 8);
  y -= 8;

  // Totals.
  const totals: [string, number, boolean][] = [[L.subtotal, invoice.subtotalMinor, false]];
  for (const t of invoice.taxes)
    totals.push([`${t.label} ${L.on} ${fmt(t.baseMinor)}`, t.amountMinor, false]);
  totals.push(
    [L.total, invoice.totalMinor, true],
    [L.paid, invoice.paidMinor, false],
    [L.balance, invoice.balanceDueMinor, true],
  );
  p.y = y;
  p.room(totals.length * 15);
  y = p.y;
  for (const [label, amount, bold] of totals) {
    p.right(colUnit, y, label, 10, bold);
    p.right(right, y, fmt(amount), 10, bold);
    y -= 15;
  }

  // Payment history.
  if (invoice.payments.length) {
    y -= 10;
    p.y = y;
    p.room(30);
    y = p.y;
    p.text(MARGIN, y, L.payments, 11, true);
    y -= 16;
    for (const pay of invoice.payments) {
      p.y = y;
      p.room(14);
      y = p.y;
      p.text(MARGIN, y, day(pay.at, opts.timeZone), 10);
      p.text(220, y, L.kinds[pay.kind], 10);
      p.right(
        right,
        y,
        pay.kind === 'refund' ? `-${fmt(pay.amount.amountMinor)}` : fmt(pay.amount.amountMinor),
        10,
      );
      y -= 14;
    }
  }

  // Page numbers once the count is known.
  const n = p.pages.length;
  p.pages.forEach((ops, i) => {
    ops.push(
      `BT /F1 8 Tf ${MARGIN} 30 Td ${hexString(`${invoice.number} · ${L.page} ${i + 1} ${L.of} ${n}`)} Tj ET`,
    );
  });
  return writePdf(p.pages, `${L.invoice} ${invoice.number}`);
}

const BRANDS: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
};

/**
 * A receipt for one entry of the payment history as a PDF (the same writer and header as the
 * invoice): the clinic, whom it was received from (her billing name and tax id), the amount, the
 * method ("Visa terminada en 4242" where the card is known), the date and time in the clinic's
 * zone, and what it paid (the invoice's number, visit and items).
 */
export function receiptPdf(
  receipt: Receipt,
  clinicName: string,
  profile: BillingProfile,
  opts: InvoicePdfOptions,
): Uint8Array<ArrayBuffer> {
  const L = LABELS[opts.language];
  const pay = receipt.payment;
  const money = new Intl.NumberFormat(opts.locale, {style: 'currency', currency: pay.amount.currency});
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const when = (iso: string, time: boolean): string =>
    new Intl.DateTimeFormat(opts.locale, {
      dateStyle: 'long',
      ...(time ? {timeStyle: 'short'} : {}),
      timeZone: opts.timeZone,
    }).format(new Date(iso));
  const p = new Pages();
  const right = PAGE_W - MARGIN;
  const taxIdLabel = TAX_ID_LABEL[profile.country] ?? L.taxId;
  let y = p.y;
  p.text(MARGIN, y, profile.legalName || clinicName, 15, true);
  p.right(right, y, L.receipt, 18, true);
  y -= 18;
  const head: string[] = [];
  if (profile.legalName && profile.legalName !== clinicName) head.push(clinicName);
  for (const line of profile.address.split('\n')) head.push(...wrap(line, 300, 10));
  if (profile.taxId) head.push(`${taxIdLabel}: ${profile.taxId}`);
  let ry = p.y - 22;
  for (const line of [`${L.number}: ${receipt.number}`, `${L.date}: ${when(pay.at, true)}`]) {
    p.right(right, ry, line, 10);
    ry -= 13;
  }
  for (const line of head) {
    p.text(MARGIN, y, line, 10);
    y -= 13;
  }
  y = Math.min(y, ry) - 14;
  // Received from (refund: paid back to) — her billing name and tax id.
  p.text(MARGIN, y, L.received, 9, true);
  y -= 13;
  const to = [...wrap(receipt.billTo.name, 400, 10)];
  if (receipt.billTo.taxId) to.push(`${taxIdLabel}: ${receipt.billTo.taxId}`);
  for (const line of to) {
    p.text(MARGIN, y, line, 10);
    y -= 13;
  }
  y -= 12;
  // The amount, what kind of entry, the method.
  const amount = money.format(pay.amount.amountMinor / 10 ** digits);
  const label =
    pay.kind === 'refund' ? L.refunded : pay.kind === 'fee' && !pay.card ? L.feeDue : L.amountLabel;
  p.text(MARGIN, y, `${L.kinds[pay.kind]} · ${label}`, 11, true);
  p.right(right, y, pay.kind === 'refund' ? `-${amount}` : amount, 14, true);
  y -= 20;
  const m = receipt.method;
  const method =
    m.kind === 'card' ? `${BRANDS[m.brand] ?? L.card} ${L.ending} ${m.last4}` : L.methods[m.kind];
  for (const line of wrap(`${L.method}: ${method}`, right - MARGIN, 10)) {
    p.text(MARGIN, y, line, 10);
    y -= 13;
  }
  y -= 8;
  p.rule(y + 6);
  y -= 10;
  // What it paid.
  p.text(MARGIN, y, L.paidFor, 9, true);
  y -= 13;
  const what = [
    `${L.forInvoice} ${receipt.invoiceNumber}`,
    ...(receipt.visit ? [`${L.visit}: ${when(receipt.visit.start, false)}`] : []),
    ...receipt.items.flatMap((i) => wrap(pick(i, opts.language), right - MARGIN, 10)),
  ];
  for (const line of what) {
    p.y = y;
    p.room(14);
    y = p.y;
    p.text(MARGIN, y, line, 10);
    y -= 13;
  }
  p.pages.forEach((ops) => {
    ops.push(`BT /F1 8 Tf ${MARGIN} 30 Td ${hexString(`${L.receipt} ${receipt.number}`)} Tj ET`);
  });
  return writePdf(p.pages, `${L.receipt} ${receipt.number}`);
}

/** Serializes pages of content operators into a PDF file with an exact cross-reference table. */
/** An image on a page: drawn by the page's content as `/<name> Do`; its stream's bytes as given. */
export interface PdfImage {
  /** Index of the page that draws it. */
  readonly page: number;
  /** The resource name, e.g. `Im1`. */
  readonly name: string;
  /** The stream dictionary's entries, without `/Length` (e.g. `/Type /XObject /Subtype /Image …`). */
  readonly dict: string;
  readonly data: Uint8Array;
}

export function writePdf(
  pages: readonly (readonly string[])[],
  title: string,
  images: readonly PdfImage[] = [],
): Uint8Array<ArrayBuffer> {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  const imageIds = images.map((_, i) => 6 + pages.length * 2 + i);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${hexString(title)} /Producer (patient-portal-elements) >>`;
  pages.forEach((ops, i) => {
    const content = `${ops.join('\n')}\n`; // ASCII only: hex strings carry every non-ASCII byte
    const xobjects = images
      .map((im, k) => (im.page === i ? `/${im.name} ${imageIds[k]} 0 R` : ''))
      .filter(Boolean)
      .join(' ');
    objects[pageIds[i]!] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] ` +
      `/Resources << /Font << /F1 3 0 R /F2 4 0 R >>${xobjects ? ` /XObject << ${xobjects} >>` : ''} >> ` +
      `/Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${content.length} >>\nstream\n${content}endstream`;
  });
  images.forEach((im, k) => {
    // Binary data as one character per byte (below 0x100, written back as that byte below).
    let data = '';
    for (let i = 0; i < im.data.length; i += 0x8000)
      data += String.fromCharCode(...im.data.subarray(i, i + 0x8000));
    objects[imageIds[k]!] = `<< ${im.dict} /Length ${im.data.length} >>\nstream\n${data}\nendstream`;
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is below 0x100 (the binary comment's four bytes included): one byte each.
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i);
  return bytes;
}
