/**
 * Receipts over HTTP (issue #20, item 1: "payment history … with receipts"): every entry of the
 * demo patient's payment history has a receipt PDF served with no-store, nosniff and the receipt's
 * number as its file name; it names her billing details (name and RFC once given), the amount, the
 * method, the date and time in the clinic's zone and the invoice it paid; audited with ids only;
 * another id is 404 (audited as denied); signed out 401; a bad language 422.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {drawnText} from '../contract/billing.js';
import {checkedFetch, testDatabase, demoSession} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('receipts');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

describe('receipts over HTTP', () => {
  it('serves a receipt for each history entry, with her billing details, in the clinic’s zone; audited with ids only', async () => {
    await server.reset();
    const checked = checkedFetch(server.url);
    const a = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    await a.saveBillingDetails({
      legalName: 'Ana García López',
      taxId: 'GALE850312AB1',
      postalCode: '06700',
      taxRegime: '605',
    });
    const payments = await a.listPayments();
    const {invoices} = await a.listInvoices();
    expect(payments.length).toBeGreaterThan(0);
    const {cookie} = await demoSession(server.url);
    for (const p of payments) {
      const invoice = invoices.find((i) => i.id === p.invoiceId)!;
      const r = await fetch(
        `${server.url}/payments/${encodeURIComponent(p.id)}/receipt?language=es&locale=es-MX`,
        {headers: {Cookie: cookie}},
      );
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const place = invoice.payments.findIndex((x) => x.id === p.id) + 1;
      expect(r.headers.get('content-disposition')).toBe(
        `attachment; filename="${invoice.number}-R${place}.pdf"`,
      );
      const text = drawnText(new Uint8Array(await r.arrayBuffer()));
      const when = new Intl.DateTimeFormat('es-MX', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'America/Mexico_City',
      }).format(new Date(p.at));
      expect(text).toEqual(
        expect.arrayContaining([
          'Recibo',
          `Número: ${invoice.number}-R${place}`,
          `Fecha: ${when}`,
          'Ana García López',
          'RFC: GALE850312AB1',
          `De la factura ${invoice.number}`,
        ]),
      );
      expect(text.some((t) => t.startsWith('Forma de pago: '))).toBe(true);
    }
    const denied = await fetch(`${server.url}/payments/pay_not_hers/receipt?language=es`, {
      headers: {Cookie: cookie},
    });
    expect(denied.status).toBe(404);
    const rows = await server.db.query<{action: string; invoice_id: string}>(
      "SELECT action, invoice_id FROM audit_log WHERE action IN ('billing.receipt', 'billing.denied') ORDER BY seq",
    );
    expect(rows).toEqual([
      ...payments.map((p) => ({action: 'billing.receipt', invoice_id: p.invoiceId})),
      {action: 'billing.denied', invoice_id: 'pay_not_hers'},
    ]);
    expect(checked.violations).toEqual([]);
  });

  it('refuses a bad language (422), signed out (401), and never answers 500 for odd ids', async () => {
    await server.reset();
    const {cookie} = await demoSession(server.url);
    const [first] = (await (await fetch(`${server.url}/payments`, {headers: {Cookie: cookie}})).json()) as {
      id: string;
    }[];
    const get = (path: string, headers: Record<string, string> = {Cookie: cookie}) =>
      fetch(`${server.url}${path}`, {headers});
    expect((await get(`/payments/${first!.id}/receipt?language=fr`)).status).toBe(422);
    expect((await get(`/payments/${first!.id}/receipt`)).status).toBe(422);
    expect((await get(`/payments/${first!.id}/receipt?language=es`, {})).status).toBe(401);
    expect((await get(`/payments/${'x'.repeat(300)}/receipt?language=es`)).status).toBe(422);
    expect((await get(`/payments/%00/receipt?language=es`)).status).toBeLessThan(500);
    expect((await get(`/payments/..%2F..%2Fetc/receipt?language=es`)).status).toBeLessThan(500);
  });
});
