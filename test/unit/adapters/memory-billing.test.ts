import {describe, expect, it} from 'vitest';
import {NotFoundError, NotSignedInError} from '../../../src/adapters/adapter.js';
import {
  DEMO_INVITATION_TOKEN,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../../src/adapters/memory/index.js';

const NOW = Date.parse('2026-12-05T18:00:00Z');

async function signedIn() {
  const adapter = createDemoAdapter({clock: () => NOW});
  const r = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(r.status).toBe('signed-in');
  return adapter;
}

describe('memory adapter: billing (#20)', () => {
  it('declares the capability and refuses signed-out calls', async () => {
    const adapter = createDemoAdapter({clock: () => NOW});
    expect((await adapter.getCapabilities()).billing).toBe(true);
    await expect(adapter.listInvoices()).rejects.toBeInstanceOf(NotSignedInError);
    await expect(adapter.listPayments()).rejects.toBeInstanceOf(NotSignedInError);
  });

  it('the demo patient’s invoices: newest first, one unpaid, the peel paid with deposit + balance', async () => {
    const adapter = await signedIn();
    const {invoices, balanceDue} = await adapter.listInvoices();
    expect(invoices.map((i) => i.status)).toEqual(['unpaid', 'paid', 'paid', 'paid']);
    const dates = invoices.map((i) => i.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    // Dermatology visit (MXN 900? whatever the catalog says) + 16 % IVA, nothing paid.
    const unpaid = invoices[0]!;
    expect(unpaid.totalMinor).toBe(unpaid.subtotalMinor + Math.round(unpaid.subtotalMinor * 0.16));
    expect(balanceDue).toEqual({amountMinor: unpaid.totalMinor, currency: 'MXN'});
    const peel = invoices.find((i) => i.payments.some((p) => p.kind === 'deposit'))!;
    expect(peel.payments.map((p) => p.kind)).toEqual(['deposit', 'payment']);
    expect(peel.payments[0]!.amount).toEqual({amountMinor: 50000, currency: 'MXN'});
    expect(peel.paidMinor).toBe(peel.totalMinor);
    expect(new Set(invoices.map((i) => i.number)).size).toBe(4);
    expect(unpaid.billTo.name).toBe('Ana García López');
    expect(await adapter.getInvoice(unpaid.id)).toEqual(unpaid);
  });

  it('payment history newest first; unknown and malformed ids are NotFound', async () => {
    const adapter = await signedIn();
    const payments = await adapter.listPayments();
    expect(payments.length).toBe(4); // three balances paid at the visit + one deposit
    const at = payments.map((p) => Date.parse(p.at));
    expect([...at].sort((a, b) => b - a)).toEqual(at);
    for (const bad of ['inv_nope', '', '../x', 'x'.repeat(5000)])
      await expect(adapter.getInvoice(bad)).rejects.toBeInstanceOf(NotFoundError);
    await expect(adapter.getInvoicePdf('inv_nope', {language: 'es', locale: 'es-MX'})).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('another patient does not see them (404, not 403), nor does a signed-out caller', async () => {
    const adapter = await signedIn();
    const {invoices} = await adapter.listInvoices();
    await adapter.signOut();
    await expect(adapter.getInvoice(invoices[0]!.id)).rejects.toBeInstanceOf(NotSignedInError);
    await adapter.acceptInvitation(DEMO_INVITATION_TOKEN, 'a long enough passphrase 4821');
    await expect(adapter.getInvoice(invoices[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      adapter.getInvoicePdf(invoices[0]!.id, {language: 'en', locale: 'en'}),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await adapter.listInvoices()).toEqual({
      invoices: [],
      balanceDue: {amountMinor: 0, currency: 'MXN'},
    });
    expect(await adapter.listPayments()).toEqual([]);
  });

  it('the PDF: application/pdf, totals as on screen', async () => {
    const adapter = await signedIn();
    const {invoices} = await adapter.listInvoices();
    const blob = await adapter.getInvoicePdf(invoices[0]!.id, {language: 'es', locale: 'es-MX'});
    expect(blob.type).toBe('application/pdf');
    const text = Buffer.from(await blob.arrayBuffer()).toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    const total = new Intl.NumberFormat('es-MX', {style: 'currency', currency: 'MXN'}).format(
      invoices[0]!.totalMinor / 100,
    );
    const hex = [...total].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    expect(text).toContain(hex);
  });
});
