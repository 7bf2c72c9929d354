/**
 * The billing routes over HTTP (issue #20), beyond the contract suite: the demo patient's bills are
 * the same through the in-memory demo clinic and through the reference server (one rule, two
 * backends); the PDF's headers (attachment named after the number, no-store, nosniff) and its audit
 * row (ids only); invoice numbers are given once and kept — listed again, from a second server on
 * the same database, under concurrent calls; a clinic without an invoice profile has no billing.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {InvoiceList, PortalAdapter} from '../../src/adapters/adapter.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import type {Invoice, PaymentEntry} from '../../src/domain/rules/billing.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, demoSession} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('billing');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

/** A REST client of `base` keeping its cookies like a browser, its calls checked against the contract. */
function client(base: string): {adapter: RestAdapter; violations: () => unknown[]} {
  const checked = checkedFetch(base);
  return {
    adapter: new RestAdapter({baseUrl: base, fetch: checked.fetch}),
    violations: () => checked.violations,
  };
}

async function signedIn(adapter: PortalAdapter): Promise<PortalAdapter> {
  await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return adapter;
}

/** What both backends must agree on: everything but the ids and numbers each gives. */
function comparable(list: InvoiceList) {
  const payment = ({id: _i, invoiceId: _v, appointmentId: _a, ...rest}: PaymentEntry) => rest;
  return {
    balanceDue: list.balanceDue,
    invoices: list.invoices.map(({id: _i, number: _n, visit, payments, ...rest}: Invoice) => ({
      ...rest,
      visit: visit && {start: visit.start, services: visit.services},
      payments: payments.map(payment),
    })),
  };
}

const sessionCookie = async (base: string): Promise<string> => (await demoSession(base)).cookie;

describe('billing over HTTP', () => {
  it('the demo patient’s bills are the same from the demo clinic and from the reference server', async () => {
    await server.reset();
    const memory = await signedIn(createDemoAdapter({clock: () => T0}));
    const http = client(server.url);
    const rest = await signedIn(http.adapter);
    const there = await rest.listInvoices!();
    const here = await memory.listInvoices!();
    expect(there.invoices.map((i) => i.status).sort()).toEqual(['paid', 'paid', 'paid', 'unpaid']);
    expect(there.balanceDue).toEqual({amountMinor: 127600, currency: 'MXN'});
    expect(comparable(there)).toEqual(comparable(here));
    const strip = (p: PaymentEntry) => ({kind: p.kind, amount: p.amount, at: p.at});
    expect((await rest.listPayments!()).map(strip)).toEqual((await memory.listPayments!()).map(strip));
    // The server's numbers: the clinic's prefix, the year, a sequence; one each.
    expect(there.invoices.every((i) => /^F-\d{4}-\d{4,}$/.test(i.number))).toBe(true);
    expect(new Set(there.invoices.map((i) => i.number)).size).toBe(4);
    expect(http.violations()).toEqual([]);
  });

  it('serves the PDF as an attachment named after its number, never cached, and audits it by id', async () => {
    await server.reset();
    const cookie = await sessionCookie(server.url);
    const list = (await (
      await fetch(`${server.url}/invoices`, {headers: {Cookie: cookie}})
    ).json()) as InvoiceList;
    const invoice = list.invoices[0];
    const r = await fetch(`${server.url}/invoices/${invoice.id}/pdf?language=en&locale=en-US`, {
      headers: {Cookie: cookie},
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const inline = await fetch(`${server.url}/invoices/${invoice.id}/pdf?language=es&disposition=inline`, {
      headers: {Cookie: cookie},
    });
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; /);
    // Bad input: a clear 4xx, never a 500.
    const bad = await fetch(`${server.url}/invoices/${invoice.id}/pdf?language=de`, {
      headers: {Cookie: cookie},
    });
    expect(bad.status).toBe(422);
    const other = await fetch(`${server.url}/invoices/inv_someone_else/pdf?language=es`, {
      headers: {Cookie: cookie},
    });
    expect(other.status).toBe(404);
    expect((await fetch(`${server.url}/invoices`)).status).toBe(401);
    const audit = await server.db.query<Record<string, unknown>>(
      "SELECT action, invoice_id, patient_id, document_id FROM audit_log WHERE action LIKE 'billing.%' ORDER BY seq",
    );
    expect(audit.map((a) => [a.action, a.invoice_id])).toEqual([
      ['billing.pdf', invoice.id],
      ['billing.pdf', invoice.id],
      ['billing.denied', 'inv_someone_else'],
    ]);
    expect(String(audit[0].patient_id)).toMatch(/^pat_/);
  });

  it('gives each invoice its number once and one open payment intent: the same from a second server, under concurrent calls', async () => {
    await server.reset();
    const second = await startServer({clock: () => T0, db: server.db});
    try {
      const one = await signedIn(client(server.url).adapter);
      const two = await signedIn(client(second.url).adapter);
      const lists = await Promise.all([
        one.listInvoices!(),
        two.listInvoices!(),
        one.listInvoices!(),
        two.listInvoices!(),
      ]);
      const numbers = (l: InvoiceList) => l.invoices.map((i) => `${i.id} ${i.number}`);
      for (const l of lists) expect(numbers(l)).toEqual(numbers(lists[0]));
      expect(numbers(await two.listInvoices!())).toEqual(numbers(lists[0]));
      const rows = await server.db.query<{n: number; distinct_numbers: number}>(
        'SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct_numbers FROM invoices',
      );
      expect(rows[0]).toEqual({n: 4, distinct_numbers: 4});
      // Paying the unpaid one from both servers at once, under different keys: one open intent.
      const unpaid = lists[0].invoices.find((i) => i.status === 'unpaid')!;
      const intents = await Promise.all([
        one.createInvoicePaymentIntent!(unpaid.id, 'tab-1'),
        two.createInvoicePaymentIntent!(unpaid.id, 'tab-2'),
        one.createInvoicePaymentIntent!(unpaid.id, 'tab-3'),
        two.createInvoicePaymentIntent!(unpaid.id, 'tab-4'),
      ]);
      expect(new Set(intents.map((i) => i?.id)).size).toBe(1);
      expect(intents[0]?.amount).toEqual({amountMinor: unpaid.balanceDueMinor, currency: 'MXN'});
    } finally {
      await second.close();
    }
  });

  it('a clinic whose configuration has no invoice profile has no billing (501)', async () => {
    const db = testDatabase('nobill');
    const plain = await startServer({clock: () => T0, data: createDemoClinicData(), ...db.options});
    try {
      const adapter = client(plain.url).adapter;
      expect((await adapter.getCapabilities()).billing).toBe(false);
      const cookie = await sessionCookie(plain.url);
      const r = await fetch(`${plain.url}/invoices`, {headers: {Cookie: cookie}});
      expect(r.status).toBe(501);
      expect(((await r.json()) as {code: string}).code).toBe('not-supported');
    } finally {
      await db.drop(plain.db);
      await plain.close();
    }
  });
});
