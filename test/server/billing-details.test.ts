/**
 * The patient's billing details over HTTP (issue #20, item 1), beyond the contract suite: saved
 * details are audited without their values; invoices and the invoice PDF served by the server are
 * made out to them; bad input — a bad RFC, a régimen the RFC cannot have, NUL bytes, an unknown
 * field, an array, no CSRF token, text/plain — is a clear 4xx with nothing stored; signed out is
 * 401. Which fields apply follows the clinic's country: a Spanish clinic keeps a NIF and refuses a
 * Mexican RFC; a US clinic keeps the name only and refuses any tax id.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createDemoClinicData} from '../../src/adapters/memory/demo-data.js';
import {demoBilling} from '../../src/adapters/memory/demo-billing.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {drawnText} from '../contract/billing.js';
import {testDatabase, demoSession, demoSignedIn} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('billdetails');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const MX = {legalName: 'Ana García López', taxId: 'GALE850312AB1', postalCode: '06700', taxRegime: '605'};

describe('billing details over HTTP', () => {
  it('keeps them, makes the invoices and the served PDF out to them, and audits without the values', async () => {
    await server.reset();
    const {adapter: a, violations} = await demoSignedIn(server.url);
    expect(await a.getBillingDetails()).toMatchObject({country: 'MX', details: null});
    expect(await a.saveBillingDetails({...MX, taxId: 'gale 850312 ab1'})).toMatchObject({
      country: 'MX',
      details: MX,
    });
    // Replaced, not added: a second save is what is kept.
    await a.saveBillingDetails({...MX, taxRegime: '612'});
    expect((await a.getBillingDetails()).details).toEqual({...MX, taxRegime: '612'});
    expect(await server.db.query('SELECT count(*)::int AS n FROM billing_details')).toEqual([{n: 1}]);
    const {invoices} = await a.listInvoices();
    expect(invoices.length).toBeGreaterThan(0);
    for (const i of invoices)
      expect(i.billTo).toEqual({
        name: MX.legalName,
        taxId: MX.taxId,
        postalCode: MX.postalCode,
        taxRegime: '612',
      });
    // The PDF the server serves.
    const pdf = await a.getInvoicePdf(invoices[0]!.id, {language: 'es', locale: 'es-MX'});
    const text = drawnText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toEqual(
      expect.arrayContaining([
        MX.legalName,
        `RFC: ${MX.taxId}`,
        'C.P. del domicilio fiscal: 06700',
        'Régimen fiscal: 612',
      ]),
    );
    const rows = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action = 'billing.details' ORDER BY seq",
    );
    expect(rows.map((r) => r.action)).toEqual(['billing.details', 'billing.details']);
    expect(rows.every((r) => typeof r.patient_id === 'string' && r.session_id)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/Garc|GALE|06700/);
    expect(violations()).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    await server.reset();
    const {cookie, csrf} = await demoSession(server.url);
    const send = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/billing-details`, {
        method: 'PUT',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const problem = async (r: Response) => ({status: r.status, body: (await r.json()) as unknown});
    expect(await problem(await send({...MX, taxId: 'GALE851332AB1'}))).toMatchObject({
      status: 422,
      body: {errors: {taxId: 'invalid'}},
    });
    expect(await problem(await send({...MX, taxRegime: '601'}))).toMatchObject({
      status: 422,
      body: {errors: {taxRegime: 'invalid'}},
    });
    expect(await problem(await send({legalName: 'Ana', taxId: MX.taxId}))).toMatchObject({
      status: 422,
      body: {errors: {postalCode: 'required', taxRegime: 'required'}},
    });
    expect(await problem(await send({...MX, legalName: 'A\u0000na'}))).toMatchObject({
      status: 422,
      body: {errors: {legalName: 'invalid'}},
    });
    expect(await problem(await send({...MX, legalName: 'x'.repeat(201)}))).toMatchObject({
      status: 422,
      body: {errors: {legalName: 'too-long'}},
    });
    expect((await send({...MX, email: 'a@b.c'})).status).toBe(422);
    expect((await send('[1,2]')).status).toBe(422);
    expect((await send('{not json')).status).toBe(422);
    expect((await send(MX, {'Content-Type': 'text/plain'})).status).toBe(415);
    expect((await send(MX, {'X-CSRF-Token': 'wrong'})).status).toBe(403);
    expect(
      (
        await fetch(`${server.url}/billing-details`, {
          method: 'PUT',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify(MX),
        })
      ).status,
    ).toBeGreaterThanOrEqual(401);
    expect((await fetch(`${server.url}/billing-details`)).status).toBe(401);
    expect(await server.db.query('SELECT * FROM billing_details')).toEqual([]);
    expect(await server.db.query("SELECT * FROM audit_log WHERE action = 'billing.details'")).toEqual([]);
  });

  it('follows the clinic’s country: Spain keeps a NIF and refuses an RFC; the United States the name only', async () => {
    for (const [country, good, bad] of [
      ['ES', {legalName: 'Ana García', taxId: '12345678Z'}, {legalName: 'Ana', taxId: MX.taxId}],
      ['US', {legalName: 'Ana Garcia'}, {legalName: 'Ana', taxId: '123456789'}],
    ] as const) {
      const db = testDatabase(`billdetails${country.toLowerCase()}`);
      const data = createDemoClinicData();
      const other = await startServer({
        clock: () => T0,
        data: {...data, billing: {...demoBilling().profile, country, taxId: undefined, taxes: []}},
        ...db.options,
      });
      try {
        const {adapter: a} = await demoSignedIn(other.url);
        expect(await a.getBillingDetails()).toMatchObject({country, details: null});
        await expect(a.saveBillingDetails(bad)).rejects.toMatchObject({fields: {taxId: 'invalid'}});
        await expect(a.saveBillingDetails({...good, postalCode: '06700'})).rejects.toMatchObject({
          fields: {postalCode: 'invalid'},
        });
        expect(await a.getBillingDetails()).toMatchObject({country, details: null});
        expect(await a.saveBillingDetails(good)).toEqual({
          country,
          fields: country === 'ES' ? ['legalName', 'taxId'] : ['legalName'],
          details: good,
        });
        for (const i of (await a.listInvoices()).invoices)
          expect(i.billTo).toEqual({name: good.legalName, ...('taxId' in good ? {taxId: good.taxId} : {})});
      } finally {
        await db.drop(other.db);
        await other.close();
      }
    }
  });
});
