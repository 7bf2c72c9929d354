/**
 * Contract cases: the patient's bills (issue #20). Invoices are derived from what every backend
 * records (the domain's `rules/billing.ts`): a late cancellation bills its fee, unpaid until paid
 * when no card on file took it (`card-fees.ts` has the charged case);
 * the list is the patient's own, newest first, with the balance due the sum of theirs; each invoice
 * reads back by id and as a PDF; the payment history is the invoices' entries; another patient's
 * invoice is not found, as an unknown one; a backend without billing says so.
 */
import {beforeEach, describe, expect} from 'vitest';
import type {
  Capabilities,
  DemoPaymentBackend,
  FieldErrorCode,
  PortalAdapter,
} from '../../src/adapters/adapter.js';
import {DEMO_CARD_DECLINED, DEMO_CARD_SUCCESS} from '../../src/adapters/memory/index.js';
import type {AdapterHarness} from './harness.js';
import type {Clinic, PaymentIntent, Service, Slot} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {
  HOUR,
  MINUTE,
  STRONG,
  expectCode,
  expectFields,
  expectNotSupported,
  linkWithToken,
  ms,
  newDetails,
  tokenOf,
} from './helpers.js';

const PDF_FORMAT = {language: 'es', locale: 'es-MX'} as const;

/** The text lines a PDF of our writer draws (`<hex> Tj`, WinAnsi bytes, Latin-1 as is). */
export function drawnText(bytes: Uint8Array): string[] {
  const pdf = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  return [...pdf.matchAll(/<([0-9a-f]*)> Tj/g)].map((m) =>
    (m[1]!.match(/../g) ?? []).map((h) => String.fromCharCode(parseInt(h, 16))).join(''),
  );
}

export function billingContract(c: ContractContext): void {
  const {
    it,
    needClock,
    serverNow,
    advanceTo,
    signIn,
    bookedAppointment,
    pickSlots,
    bookingRequest,
    hasOutbox,
    outboxSince,
    outboxSize,
  } = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  beforeEach(() => {
    ({h, a, caps, clinic} = c.state());
  });

  /** The billing operations, which a backend without billing may leave out. */
  const billing = () => ({
    listInvoices: a.listInvoices!.bind(a),
    getInvoice: a.getInvoice!.bind(a),
    getInvoicePdf: a.getInvoicePdf!.bind(a),
    listPayments: a.listPayments!.bind(a),
  });

  describe('billing', () => {
    it('says whether it has bills, and refuses them when it has not', async () => {
      if (caps.billing) {
        for (const op of ['listInvoices', 'getInvoice', 'getInvoicePdf', 'listPayments'] as const)
          expect(typeof a[op], op).toBe('function');
        return;
      }
      // Absent, or present and refusing.
      if (a.listInvoices) await expectNotSupported(a.listInvoices());
      if (a.getInvoice) await expectNotSupported(a.getInvoice('inv_x'));
      if (a.getInvoicePdf) await expectNotSupported(a.getInvoicePdf('inv_x', PDF_FORMAT));
      if (a.listPayments) await expectNotSupported(a.listPayments());
    });

    it('bills a late cancellation its fee: listed unpaid, the balance due, by id, as a PDF, in the history', async (ctx) => {
      if (!caps.billing) ctx.skip('no billing');
      if (!caps.cancel || !clinic.cancellation.lateFee) ctx.skip('no late cancellation fee');
      const b = billing();
      await expectCode(b.listInvoices(), 'not-signed-in');
      const {appointment} = await bookedAppointment({
        after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
      });
      needClock(ctx);
      await advanceTo(ms(appointment.start) - clinic.cancellation.windowHours * HOUR + MINUTE);
      await signIn();
      // With no card on file left to take it (#20 item 4), the fee is due on the invoice.
      if (caps.cards) for (const card of await a.listCards!()) await a.removeCard!(card.id);
      const before = await b.listInvoices();
      expect(before.invoices.some((i) => i.visit?.appointmentId === appointment.id)).toBe(false);
      await a.cancelAppointment({
        appointmentId: appointment.id,
        reasonId: (await a.getCancellationReasons())[0].id,
      });
      const fee = clinic.cancellation.lateFee!;
      const {invoices, balanceDue} = await b.listInvoices();
      const invoice = invoices.find((i) => i.visit?.appointmentId === appointment.id);
      expect(invoice, 'the cancelled visit is billed').toBeDefined();
      expect(invoice!).toMatchObject({
        currency: fee.currency,
        totalMinor: fee.amountMinor,
        balanceDueMinor: fee.amountMinor,
        status: 'unpaid',
      });
      expect(invoice!.lines).toEqual([expect.objectContaining({kind: 'fee', amountMinor: fee.amountMinor})]);
      expect(invoice!.number).toMatch(/\d{4}-\d{4,}$/);
      expect(invoice!.payments.map((p) => p.kind)).toEqual(['fee']);
      // The balance: the sum of what the patient's invoices still owe; one more fee than before.
      expect(balanceDue).toEqual({
        currency: clinic.currency,
        amountMinor: invoices.reduce((sum, i) => sum + i.balanceDueMinor, 0),
      });
      expect(balanceDue.amountMinor - before.balanceDue.amountMinor).toBe(fee.amountMinor);
      // Newest first; each reads back by id; the numbers are the invoices' own and stay.
      const dates = invoices.map((i) => i.date);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(new Set(invoices.map((i) => i.number)).size).toBe(invoices.length);
      expect(await b.getInvoice(invoice!.id)).toEqual(invoice);
      expect((await b.listInvoices()).invoices).toEqual(invoices);
      // The PDF.
      const pdf = await b.getInvoicePdf(invoice!.id, PDF_FORMAT);
      expect(pdf.type).toBe('application/pdf');
      const head = new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).subarray(0, 8));
      expect(head).toMatch(/^%PDF-1\.\d/);
      // The history: every invoice's entries, newest first.
      const payments = await b.listPayments();
      expect(payments.map((p) => p.id).sort()).toEqual(
        invoices.flatMap((i) => i.payments.map((p) => p.id)).sort(),
      );
      const at = payments.map((p) => Date.parse(p.at));
      expect(at).toEqual([...at].sort((x, y) => y - x));
      expect(payments.find((p) => p.invoiceId === invoice!.id)).toMatchObject({kind: 'fee', amount: fee});
    });

    it('refunds the deposit of a visit cancelled before the late window, where the clinic’s policy says so', async (ctx) => {
      if (!caps.billing) ctx.skip('no billing');
      if (!caps.cancel || !clinic.deposit?.refundableOutsideWindow) ctx.skip('no refundable deposits');
      if (!h.payDeposit) ctx.skip('the harness cannot pay a deposit');
      const b = billing();
      await signIn();
      let picked: {services: Service[]; slots: Slot[]};
      try {
        picked = await pickSlots(1, {
          deposit: true,
          after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
        });
      } catch {
        return ctx.skip('no service with a deposit');
      }
      const {services, slots} = picked;
      const intent = (await a.createDepositIntent(
        slots[0],
        services.map((s) => s.id),
        `refund-${slots[0].start}`,
      )) as PaymentIntent;
      await h.payDeposit!(intent);
      const booked = await a.book({
        ...(await bookingRequest(slots[0], services, {signedIn: true})),
        paymentIntentId: intent.id,
      });
      expect(booked.depositPaid).toEqual(intent.amount);
      await a.cancelAppointment({
        appointmentId: booked.id,
        reasonId: (await a.getCancellationReasons())[0].id,
      });
      const invoice = (await b.listInvoices()).invoices.find((i) => i.visit?.appointmentId === booked.id);
      expect(invoice, 'the cancelled visit with its deposit is on an invoice').toBeDefined();
      expect(invoice!.status).toBe('refunded');
      expect(invoice!.balanceDueMinor).toBe(0);
      expect(invoice!.payments.map((p) => [p.kind, p.amount])).toEqual([
        ['deposit', intent.amount],
        ['refund', intent.amount],
      ]);
      // Paid with the demo's test card: the deposit names it (brand and last four), and so does its receipt.
      if (caps.payments === 'demo') {
        expect(invoice!.payments[0]!.card).toEqual({brand: 'visa', last4: '4242'});
        expect(invoice!.payments[1]!.card).toBeUndefined();
        if (a.getReceiptPdf) {
          const text = drawnText(
            new Uint8Array(await (await a.getReceiptPdf(invoice!.payments[0]!.id, PDF_FORMAT)).arrayBuffer()),
          );
          expect(text).toContain('Forma de pago: Visa terminada en 4242');
        }
      }
    });

    it('pays a balance through the payment step: a declined card changes nothing, five requests make one payment', async (ctx) => {
      if (!caps.billing || !a.createInvoicePaymentIntent) ctx.skip('no billing');
      if (caps.payments !== 'demo') ctx.skip('no demo payment step');
      if (!caps.cancel || !clinic.cancellation.lateFee) ctx.skip('no late fee to pay');
      const b = billing();
      const pay = a as PortalAdapter & DemoPaymentBackend;
      const {appointment} = await bookedAppointment({
        after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
      });
      needClock(ctx);
      await advanceTo(ms(appointment.start) - clinic.cancellation.windowHours * HOUR + MINUTE);
      await signIn();
      // With no card on file left to take it (#20 item 4), the fee is due on the invoice.
      if (caps.cards) for (const card of await a.listCards!()) await a.removeCard!(card.id);
      await a.cancelAppointment({
        appointmentId: appointment.id,
        reasonId: (await a.getCancellationReasons())[0].id,
      });
      const fee = clinic.cancellation.lateFee!;
      const owed = (await b.listInvoices()).invoices.find((i) => i.visit?.appointmentId === appointment.id)!;
      expect(owed.status).toBe('unpaid');
      await expectFields(a.createInvoicePaymentIntent!(owed.id, ''), {idempotencyKey: 'required'});
      await expectCode(a.createInvoicePaymentIntent!('inv_no_such_invoice', 'k-none'), 'not-found');
      // Five clicks on "Pay", from two tabs (two keys): one intent for the balance.
      const intents = await Promise.all([
        ...[1, 2, 3].map(() => a.createInvoicePaymentIntent!(owed.id, `pay-${owed.id}-a`)),
        ...[1, 2].map(() => a.createInvoicePaymentIntent!(owed.id, `pay-${owed.id}-b`)),
      ]);
      const intent = intents[0]!;
      expect(intent.amount).toEqual(fee);
      expect(intent.provider).toBe('demo');
      expect(new Set(intents.map((i) => i?.id))).toEqual(new Set([intent.id]));
      // Declined: nothing paid, the same intent may be paid again.
      await expectCode(pay.confirmDemoPayment(intent.id, DEMO_CARD_DECLINED), 'payment-failed');
      expect((await b.getInvoice(owed.id)).status).toBe('unpaid');
      await pay.confirmDemoPayment(intent.id, DEMO_CARD_SUCCESS);
      await pay.confirmDemoPayment(intent.id, DEMO_CARD_SUCCESS);
      const paid = await b.getInvoice(owed.id);
      expect(paid).toMatchObject({status: 'paid', balanceDueMinor: 0, paidMinor: fee.amountMinor});
      expect(paid.payments.filter((p) => p.kind === 'payment').map((p) => p.amount)).toEqual([fee]);
      // The card that paid it (the demo's 4242; never the number): on the entry and its receipt.
      const balance = paid.payments.find((p) => p.kind === 'payment')!;
      expect(balance.card).toEqual({brand: 'visa', last4: '4242'});
      expect(paid.payments.find((p) => p.kind === 'fee')!.card).toBeUndefined();
      if (a.getReceiptPdf) {
        const text = drawnText(
          new Uint8Array(await (await a.getReceiptPdf(balance.id, PDF_FORMAT)).arrayBuffer()),
        );
        expect(text).toContain('Forma de pago: Visa terminada en 4242');
        expect(text.join(' ')).not.toContain('4242424242424242');
      }
      expect(
        (await b.listPayments())
          .filter((p) => p.invoiceId === owed.id)
          .map((p) => p.kind)
          .sort(),
      ).toEqual(['fee', 'payment']);
      // Nothing left to pay: no new intent, the old key says so too; the balance due is lower.
      expect(await a.createInvoicePaymentIntent!(owed.id, `pay-${owed.id}-c`)).toBeNull();
      expect(await a.createInvoicePaymentIntent!(owed.id, `pay-${owed.id}-a`)).toBeNull();
      // A key is one invoice's: another invoice with it is refused.
      const other = (await b.listInvoices()).invoices.find((i) => i.id !== owed.id);
      if (other)
        await expectFields(a.createInvoicePaymentIntent!(other.id, `pay-${owed.id}-a`), {
          idempotencyKey: 'invalid',
        });
    });

    it('keeps her billing details (the country’s fields, checked once): bad input stores nothing; invoices and their PDF are made out to them', async (ctx) => {
      if (!caps.billing || !a.getBillingDetails || !a.saveBillingDetails) ctx.skip('no billing details');
      const get = a.getBillingDetails!.bind(a);
      const save = a.saveBillingDetails!.bind(a);
      await expectCode(get(), 'not-signed-in');
      await expectCode(save({legalName: 'X'}), 'not-signed-in');
      await signIn();
      const {country, details: before} = await get();
      expect(country).toMatch(/^[A-Z]{2}$/);
      // Per country: what is refused (field codes) and what is kept.
      const cases: Record<
        string,
        {bad: [object, Record<string, FieldErrorCode>][]; good: object; kept: object}
      > = {
        MX: {
          bad: [
            [
              {legalName: 'Ana', taxId: 'GALE851332AB1', postalCode: '06700', taxRegime: '605'},
              {taxId: 'invalid'},
            ],
            [
              {legalName: 'Ana', taxId: 'GALE850312AB1'},
              {postalCode: 'required', taxRegime: 'required'},
            ],
            [
              {legalName: 'Ana', taxId: 'GALE850312AB1', postalCode: '6700', taxRegime: '601'},
              {postalCode: 'invalid', taxRegime: 'invalid'},
            ],
            [
              {legalName: ' ', postalCode: '06700'},
              {legalName: 'required', taxId: 'required'},
            ],
          ],
          good: {
            legalName: ' Ana  García López ',
            taxId: 'gale-850312-ab1',
            postalCode: '06700',
            taxRegime: '605',
          },
          kept: {
            legalName: 'Ana García López',
            taxId: 'GALE850312AB1',
            postalCode: '06700',
            taxRegime: '605',
          },
        },
        ES: {
          bad: [
            [{legalName: 'Ana', taxId: '12345678A'}, {taxId: 'invalid'}],
            [{legalName: 'Ana', postalCode: '28001'}, {postalCode: 'invalid'}],
          ],
          good: {legalName: 'Ana García López', taxId: '12345678z'},
          kept: {legalName: 'Ana García López', taxId: '12345678Z'},
        },
      };
      const other = {
        bad: [[{legalName: 'Ana', taxId: '123456789'}, {taxId: 'invalid'}]] as [
          object,
          Record<string, FieldErrorCode>,
        ][],
        good: {legalName: 'Ana García López'},
        kept: {legalName: 'Ana García López'},
      };
      const {bad, good, kept} = cases[country] ?? other;
      for (const [input, fields] of bad) await expectFields(save(input as never), fields);
      await expectFields(save({legalName: 'x'.repeat(201)}), {legalName: 'too-long'});
      // Nothing stored by any of them.
      expect((await get()).details).toEqual(before);
      const view = {
        country,
        fields:
          country === 'MX'
            ? ['legalName', 'taxId', 'postalCode', 'taxRegime']
            : country === 'ES'
              ? ['legalName', 'taxId']
              : ['legalName'],
        ...(country === 'MX' ? {taxRegimes: ['605', '606', '612', '616', '621', '626', '601', '603']} : {}),
        details: kept,
      };
      expect(await save(good as never)).toEqual(view);
      expect(await get()).toEqual(view);
      // Her invoices (screen and PDF) are made out to them.
      const {invoices} = await a.listInvoices!();
      const {legalName, ...rest} = kept as {legalName: string} & Record<string, string>;
      for (const i of invoices) expect(i.billTo).toEqual({name: legalName, ...rest});
      if (invoices[0]) {
        const pdf = await a.getInvoicePdf!(invoices[0].id, PDF_FORMAT);
        const text = drawnText(new Uint8Array(await pdf.arrayBuffer()));
        expect(text).toContain(legalName);
        for (const v of Object.values(rest))
          expect(
            text.some((t) => t.endsWith(`: ${v}`)),
            v,
          ).toBe(true);
      }
      // Another patient's details are not hers: signed out, nothing is read.
      await a.signOut();
      await expectCode(get(), 'not-signed-in');
    });

    it('removes her billing details: none kept, her invoices (screen and PDF) name her again; twice is the same answer', async (ctx) => {
      if (!caps.billing || !a.removeBillingDetails || !a.saveBillingDetails) ctx.skip('no billing details');
      const remove = a.removeBillingDetails!.bind(a);
      await expectCode(remove(), 'not-signed-in');
      await signIn();
      const none = await remove();
      expect(none.details).toBeNull();
      const plain = (await a.listInvoices!()).invoices.map((i) => i.billTo);
      await a.saveBillingDetails!({legalName: 'Empresa Ejemplo SA'});
      const named = (await a.listInvoices!()).invoices;
      for (const i of named) expect(i.billTo.name).toBe('Empresa Ejemplo SA');
      const removed = await remove();
      expect(removed).toEqual(none);
      expect(await a.getBillingDetails!()).toEqual(removed);
      const after = (await a.listInvoices!()).invoices;
      expect(after.map((i) => i.billTo)).toEqual(plain);
      for (const i of after) expect(i.billTo.name).not.toBe('Empresa Ejemplo SA');
      if (after[0]) {
        const text = drawnText(
          new Uint8Array(await (await a.getInvoicePdf!(after[0].id, PDF_FORMAT)).arrayBuffer()),
        );
        expect(text.join(' ')).not.toContain('Empresa Ejemplo SA');
        expect(text).toContain(after[0].billTo.name);
      }
      // Again, with none left: the same answer, nothing refused.
      expect(await remove()).toEqual(removed);
    });

    it('gives a receipt PDF for every entry of her payment history: the clinic, her billing name, amount, method, what it paid; no other patient’s', async (ctx) => {
      if (!caps.billing || !a.getReceiptPdf) ctx.skip('no receipts');
      const receiptPdf = a.getReceiptPdf!.bind(a);
      await expectCode(receiptPdf('inv_x-deposit', PDF_FORMAT), 'not-signed-in');
      await signIn();
      const payments = await a.listPayments!();
      const {invoices} = await a.listInvoices!();
      if (payments.length === 0) ctx.skip('no payments to give a receipt for');
      const money = (m: {amountMinor: number; currency: string}) =>
        new Intl.NumberFormat('es-MX', {style: 'currency', currency: m.currency}).format(m.amountMinor / 100);
      for (const p of payments) {
        const invoice = invoices.find((i) => i.id === p.invoiceId)!;
        const blob = await receiptPdf(p.id, PDF_FORMAT);
        expect(blob.type).toBe('application/pdf');
        const bytes = new Uint8Array(await blob.arrayBuffer());
        expect(new TextDecoder().decode(bytes.subarray(0, 8))).toMatch(/^%PDF-1\.\d/);
        const text = drawnText(bytes);
        expect(text).toContain('Recibo');
        expect(text).toContain(invoice.billTo.name);
        expect(text).toContain(`De la factura ${invoice.number}`);
        const amount = money(p.amount).replace(/\u00a0/g, ' ');
        expect(
          text.some((t) => t.replace(/\u00a0/g, ' ') === (p.kind === 'refund' ? `-${amount}` : amount)),
          `${p.kind} ${amount}`,
        ).toBe(true);
        expect(text.some((t) => t.startsWith('Forma de pago: '))).toBe(true);
      }
      await expectFields(receiptPdf(payments[0]!.id, {language: 'fr' as 'es', locale: 'fr-FR'}), {
        language: 'invalid',
      });
      await expectCode(receiptPdf('pay_no_such_payment', PDF_FORMAT), 'not-found');
      await expectCode(receiptPdf('../../etc/passwd', PDF_FORMAT), 'not-found');
      if (!caps.selfRegistration || !hasOutbox()) return;
      // A second patient: none of the first one's receipts.
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      await expectCode(receiptPdf(payments[0]!.id, PDF_FORMAT), 'not-found');
    });

    it('refuses a PDF in a language it does not write, and reads no other patient’s invoice', async (ctx) => {
      if (!caps.billing) ctx.skip('no billing');
      const b = billing();
      await signIn();
      const mine = (await b.listInvoices()).invoices[0];
      await expectFields(b.getInvoicePdf(mine?.id ?? 'inv_x', {language: 'fr' as 'es', locale: 'fr-FR'}), {
        language: 'invalid',
      });
      await expectFields(b.getInvoicePdf(mine?.id ?? 'inv_x', {language: 'es', locale: 'not a locale!'}), {
        locale: 'invalid',
      });
      await expectCode(b.getInvoice('inv_no_such_invoice'), 'not-found');
      await expectCode(b.getInvoice('../../etc/passwd'), 'not-found');
      await expectCode(b.getInvoicePdf('inv_no_such_invoice', PDF_FORMAT), 'not-found');
      if (!mine) return;
      await a.signOut();
      await expectCode(b.getInvoice(mine.id), 'not-signed-in');
      if (!caps.selfRegistration || !hasOutbox()) return;
      // A second patient: none of the first one's invoices, by list, id or PDF.
      const details = newDetails();
      const sent = await outboxSize();
      await a.register({patient: details, password: STRONG, privacyConsent: true});
      const mail = (await outboxSince(sent)).find((m) => m.to.toLowerCase() === details.email.toLowerCase());
      await a.verifyEmail(tokenOf(linkWithToken(mail!) ?? ''), STRONG);
      const theirs = await b.listInvoices();
      expect(theirs.invoices).toEqual([]);
      expect(theirs.balanceDue.amountMinor).toBe(0);
      await expectCode(b.getInvoice(mine.id), 'not-found');
      await expectCode(b.getInvoicePdf(mine.id, PDF_FORMAT), 'not-found');
      expect(await b.listPayments()).toEqual([]);
    });
  });
}
