/**
 * Family members (#21): a teenager's confidential care is never shown to a parent acting for her
 * where the clinic's rules say so (`rules/proxy.ts`, `FamilyAccessRules`). The same scenario on
 * the demo clinic in memory and on the reference server over HTTP (PGlite; PostgreSQL through
 * `npm run test:server:pg`), each with the same clinic: the dermatology visit marked confidential,
 * Sofía 13 on the test's clock. Ana books her a dermatology and a general visit acting for her;
 * with `confidentialFromAge: 13` the dermatology visit is not found (list, read, cancel, forms,
 * invoices), and so are her conversations and documents (a new conversation as her too), while
 * `listPeople` marks her `confidential`; with `null` all of it is shown.
 */
import {afterAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  MemoryAdapter,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import type {PortalAdapter} from '../../src/adapters/adapter.js';
import {isPortalError} from '../../src/domain/errors.js';
import type {FamilyAccessRules} from '../../src/domain/types.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {demoForms} from '../../src/adapters/memory/demo-forms.js';
import {demoBilling} from '../../src/adapters/memory/demo-billing.js';
import {demoSignedIn, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
// Sofía (born 2017-09-12) is 13.
const T0 = Date.parse('2031-03-10T16:00:00Z');

function clinicData(familyAccess: FamilyAccessRules) {
  const data = createDemoClinicData();
  return {
    ...data,
    clinic: {...data.clinic, familyAccess},
    catalog: {
      ...data.catalog,
      services: data.catalog.services.map((s) => (s.id === 'svc-derm' ? {...s, confidential: true} : s)),
    },
  };
}

async function notFound(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (e) {
    return isPortalError(e) && e.code === 'not-found';
  }
}

/**
 * Ana books Sofía a dermatology (confidential) and a general visit, acting for her; then the clinic
 * marks both done (`fulfil`, its staff side), so each has an invoice.
 */
async function scenario(a: PortalAdapter, fulfil: (id: string) => Promise<void>) {
  const sofia = (await a.listPeople!()).find((p) => p.relationship === 'daughter')!;
  const asSofia = a.actingFor!(sofia.id);
  const book = async (serviceId: string) => {
    const {slots} = await asSofia.getAvailability({
      serviceIds: [serviceId],
      providerId: 'any',
      from: new Date(T0 + 2 * 86_400_000).toISOString(),
      to: new Date(T0 + 30 * 86_400_000).toISOString(),
    });
    const slot = slots[0]!;
    return asSofia.book({
      slot,
      serviceIds: [serviceId],
      idempotencyKey: `k-${serviceId}-${Math.random().toString(36).slice(2)}`,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
  };
  const derm = await book('svc-derm');
  const general = await book('svc-general');
  const listed = (await asSofia.listAppointments({when: 'all', limit: 100})).items.map((x) => x.id);
  const forms = (await asSofia.listForms()).map((t) => t.appointmentId);
  await fulfil(derm.id);
  await fulfil(general.id);
  const invoiced = (await asSofia.listInvoices!()).invoices.map((i) => i.visit?.appointmentId);
  return {
    invoiceOfDerm: invoiced.includes(derm.id),
    invoiceOfGeneral: invoiced.includes(general.id),
    listed,
    derm: derm.id,
    general: general.id,
    formsOfDerm: forms.includes(derm.id),
    readDerm: !(await notFound(asSofia.getAppointment(derm.id))),
    quoteDerm: !(await notFound(asSofia.getCancellationQuote(derm.id))),
    // Her messages and documents (not tied to a visit): kept whole while she is of that age.
    flagged: sofia.confidential === true,
    messages: !(await notFound(asSofia.listConversations!())),
    startsConversation: !(await notFound(
      asSofia.startConversation!({topic: 'general', body: 'Pregunta de su madre'}),
    )),
    documents: !(await notFound(asSofia.listDocuments!())),
    // The holder's own stay hers.
    ownMessages: !(await notFound(a.listConversations!())),
  };
}

async function inMemory(familyAccess: FamilyAccessRules) {
  const memory = new MemoryAdapter({data: clinicData(familyAccess), clock: () => T0, seed: 'confidential'});
  const r = await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  expect(r.status).toBe('signed-in');
  return scenario(memory, async (id) => {
    memory.state.appointments.get(id)!.status = 'fulfilled';
  });
}

const servers: RunningServer[] = [];
const database = testDatabase('proxy_confidential');
async function overHttp(familyAccess: FamilyAccessRules) {
  const first = servers[0];
  const server = await startServer({
    clock: () => T0,
    // The demo clinic as the server serves it, with its billing.
    data: {...clinicData(familyAccess), ...demoForms(), billing: demoBilling().profile},
    ...(first ? {db: first.db} : database.options),
  });
  servers.push(server);
  await server.reset();
  const {adapter, violations} = await demoSignedIn(server.url);
  const result = await scenario(adapter, async (id) => {
    await server.db.query(`UPDATE appointments SET status = 'fulfilled' WHERE id = $1`, [id]);
  });
  expect(violations()).toEqual([]);
  return result;
}

afterAll(async () => {
  for (const s of servers.slice(1)) await s.close();
  if (servers[0]) {
    await database.drop(servers[0].db);
    await servers[0].close();
  }
});

describe('a teenager’s confidential care, kept from a parent acting for her', () => {
  for (const [backend, run] of [
    ['memory', inMemory],
    ['reference server over HTTP', overHttp],
  ] as const) {
    it(`${backend}: from 13, her dermatology visit is not found; her general visit is shown`, async () => {
      const r = await run({confidentialFromAge: 13});
      expect(r.listed).toContain(r.general);
      expect(r.listed, 'not listed').not.toContain(r.derm);
      expect(r.readDerm, 'not read').toBe(false);
      expect(r.quoteDerm, 'not cancelled').toBe(false);
      expect(r.formsOfDerm, 'no forms of it').toBe(false);
      expect(r.invoiceOfDerm, 'no invoice of it').toBe(false);
      expect(r.invoiceOfGeneral, 'the general visit’s invoice').toBe(true);
      expect(r.flagged, 'listPeople marks her confidential').toBe(true);
      expect(r.messages, 'her conversations not found').toBe(false);
      expect(r.startsConversation, 'no conversation started as her').toBe(false);
      expect(r.documents, 'her documents not found').toBe(false);
      expect(r.ownMessages, 'the holder’s own conversations').toBe(true);
    });

    it(`${backend}: with confidentialFromAge null, both visits are shown`, async () => {
      const r = await run({confidentialFromAge: null});
      expect(r.listed).toEqual(expect.arrayContaining([r.derm, r.general]));
      expect(r.readDerm).toBe(true);
      expect(r.invoiceOfDerm).toBe(true);
      expect(r.flagged).toBe(false);
      expect(r.messages).toBe(true);
      expect(r.documents).toBe(true);
    });
  }
});
