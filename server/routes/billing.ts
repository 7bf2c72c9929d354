/**
 * Routes: the signed-in patient's bills (`/invoices`, `/invoices/{id}`, `/invoices/{id}/pdf`,
 * `/payments`, `/payments/{id}/receipt`, `/billing-details`). HTTP only; the services check who may. The PDF is answered with `no-store`,
 * `nosniff` and a file name of the invoice's number (no patient data).
 */
import {checkPdfFormat} from '../../src/domain/rules/billing.js';
import {
  createInvoicePaymentIntent,
  getBillingDetails,
  getInvoice,
  getReceiptPdf,
  getInvoicePdf,
  listInvoices,
  listPayments,
  removeBillingDetails,
  saveBillingDetails,
} from '../services/billing.js';
import type {Context} from 'hono';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function billingRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/invoices', async (c) =>
    c.json((await listInvoices(s, caller(c))) satisfies ResponseBody<'listInvoices'>),
  );
  app.get('/invoices/:invoiceId', async (c) =>
    c.json((await getInvoice(s, caller(c), c.req.param('invoiceId'))) satisfies ResponseBody<'getInvoice'>),
  );
  app.get('/invoices/:invoiceId/pdf', async (c) => {
    const format = checkPdfFormat(c.req.query('language'), c.req.query('locale'));
    return pdfResponse(c, await getInvoicePdf(s, caller(c), c.req.param('invoiceId'), format));
  });
  app.get('/payments/:paymentId/receipt', async (c) => {
    const format = checkPdfFormat(c.req.query('language'), c.req.query('locale'));
    return pdfResponse(c, await getReceiptPdf(s, caller(c), c.req.param('paymentId'), format));
  });
  /** A PDF answer: no-store, nosniff, named after the invoice's or receipt's number. */
  function pdfResponse(c: Context, pdf: {readonly number: string; readonly content: Uint8Array}) {
    const body = pdf.content.buffer.slice(
      pdf.content.byteOffset,
      pdf.content.byteOffset + pdf.content.byteLength,
    ) as ArrayBuffer;
    const name = `${pdf.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
    return c.body(body, 200, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.content.byteLength),
      'Content-Disposition': `${c.req.query('disposition') === 'inline' ? 'inline' : 'attachment'}; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  }
  app.post('/invoices/:invoiceId/payment-intents', async (c) => {
    const intent = await createInvoicePaymentIntent(
      s,
      caller(c),
      c.req.param('invoiceId'),
      idempotencyKey(c),
    );
    return c.json({intent} satisfies ResponseBody<'createInvoicePaymentIntent'>);
  });
  app.get('/billing-details', async (c) =>
    c.json((await getBillingDetails(s, caller(c))) satisfies ResponseBody<'getBillingDetails'>),
  );
  app.put('/billing-details', async (c) => {
    const body = json<RequestBody<'saveBillingDetails'>>(c);
    return c.json(
      (await saveBillingDetails(s, caller(c), body)) satisfies ResponseBody<'saveBillingDetails'>,
    );
  });
  app.delete('/billing-details', async (c) =>
    c.json((await removeBillingDetails(s, caller(c))) satisfies ResponseBody<'removeBillingDetails'>),
  );
  app.get('/payments', async (c) =>
    c.json((await listPayments(s, caller(c))) satisfies ResponseBody<'listPayments'>),
  );
}
