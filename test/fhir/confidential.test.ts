/**
 * A teenager's confidential care on the FHIR backend (family members, #21), against the FHIR test
 * server as a real process: the clinic marks the dermatology `HealthcareService` confidential
 * (extension `confidential`) and sets `familyAccess` in its settings; Sofía is 14 (her
 * `Patient.birthDate` set so). Ana, acting for her, books her a dermatology and a general visit:
 * with `confidentialFromAge: 13` the dermatology visit is not found (list, read, quote, cancel,
 * forms), the general one is, and her conversations and documents are not found (`listPeople` marks
 * her `confidential`); with `null` both visits and all of it are shown; Sofía signed in herself
 * sees both visits. The
 * same rule and scenario as `test/server/proxy-confidential.test.ts` (memory and REST).
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT, type Resource} from '../../src/adapters/fhir/profile.js';
import type {PortalAdapter, Slot} from '../../src/adapters/adapter.js';
import {createDemoClinicData} from '../../src/adapters/memory/index.js';
import {isPortalError} from '../../src/domain/errors.js';
import type {FamilyAccessRules} from '../../src/domain/types.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});

async function admin(method: string, path: string, body?: Resource): Promise<Resource> {
  const res = await fetch(`${server.base}/${path}`, {
    method,
    headers: {Authorization: 'Bearer admin', 'Content-Type': 'application/fhir+json'},
    ...(body ? {body: JSON.stringify(body)} : {}),
  });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return (await res.json()) as Resource;
}

/** The clinic's side: dermatology confidential, its family-access rules, Sofía 14 today. */
async function configure(familyAccess: FamilyAccessRules): Promise<void> {
  const derm = await admin('GET', 'HealthcareService/svc-derm');
  await admin('PUT', 'HealthcareService/svc-derm', {
    ...derm,
    extension: [...(derm.extension ?? []), {url: EXT.confidential, valueBoolean: true}],
  });
  const clinicId = createDemoClinicData().clinic.id;
  const org = await admin('GET', `Organization/${clinicId}`);
  const extension = (org.extension ?? []).map((e) =>
    e.url === EXT.settings
      ? {...e, valueString: JSON.stringify({...JSON.parse(e.valueString ?? '{}'), familyAccess})}
      : e,
  );
  await admin('PUT', `Organization/${clinicId}`, {...org, extension});
  const sofia = await admin('GET', 'Patient/pat-sofia');
  const born = new Date();
  born.setUTCFullYear(born.getUTCFullYear() - 14, born.getUTCMonth(), born.getUTCDate() - 10);
  await admin('PUT', 'Patient/pat-sofia', {...sofia, birthDate: born.toISOString().slice(0, 10)});
}

/** A device signed in by SMART as `patient` (the test server approves at once). */
async function device(patient = 'pat-ana'): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const res = await fetch(`${begun.url}&login_hint=${encodeURIComponent(`Patient/${patient}`)}`, {
    redirect: 'manual',
  });
  await begun.complete(res.headers.get('location') ?? '');
  return adapter;
}

async function notFound(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (e) {
    return isPortalError(e) && e.code === 'not-found';
  }
}

async function book(a: PortalAdapter, serviceId: string) {
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString() as Slot['start'];
  const {slots} = await a.getAvailability({serviceIds: [serviceId], providerId: 'any', from, to});
  const slot = slots[Math.floor(Math.random() * slots.length)]!;
  return a.book({
    slot,
    serviceIds: [serviceId],
    idempotencyKey: `k-${serviceId}-${Math.random().toString(36).slice(2)}`,
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
  });
}

/** Ana books Sofía a dermatology and a general visit acting for her; what she sees of each then. */
async function scenario() {
  const ana = await device();
  expect((await ana.getCatalog()).services.find((s) => s.id === 'svc-derm')?.confidential).toBe(true);
  const sofiaPerson = (await ana.listPeople()).find((p) => p.relationship === 'daughter')!;
  const asSofia = ana.actingFor(sofiaPerson.id);
  const derm = await book(asSofia, 'svc-derm');
  const general = await book(asSofia, 'svc-general');
  const listed = (await asSofia.listAppointments({when: 'all', limit: 100})).items.map((x) => x.id);
  const forms = (await asSofia.listForms()).map((t) => t.appointmentId);
  return {
    derm: derm.id,
    general: general.id,
    listed,
    formsOfDerm: forms.includes(derm.id),
    formsOfGeneral: forms.includes(general.id),
    readDerm: !(await notFound(asSofia.getAppointment(derm.id))),
    quoteDerm: !(await notFound(asSofia.getCancellationQuote(derm.id))),
    cancelDerm: () => asSofia.cancelAppointment({appointmentId: derm.id, reasonId: 'other', note: 'x'}),
    // Her conversations and documents, not tied to a visit: kept whole while they are her own.
    flagged: sofiaPerson.confidential === true,
    messages: !(await notFound(asSofia.listConversations!())),
    documents: !(await notFound(asSofia.listDocuments!())),
  };
}

describe('FHIR: a teenager’s confidential care is kept from a parent acting for her', () => {
  it('hides her confidential visit (list, read, quote, cancel, forms) from 13; she sees it herself', async () => {
    await configure({confidentialFromAge: 13});
    const r = await scenario();
    expect(r.listed).toContain(r.general);
    expect(r.listed).not.toContain(r.derm);
    expect(r.readDerm).toBe(false);
    expect(r.quoteDerm).toBe(false);
    expect(await notFound(r.cancelDerm())).toBe(true);
    expect(r.formsOfDerm).toBe(false);
    expect(r.formsOfGeneral).toBe(true);
    expect(r.flagged, 'listPeople marks her confidential').toBe(true);
    expect(r.messages, 'her conversations not found').toBe(false);
    expect(r.documents, 'her documents not found').toBe(false);
    // Still booked (not cancelled by the refused call), and Sofía's own view shows it.
    const sofia = await device('pat-sofia');
    const own = await sofia.getAppointment(r.derm);
    expect(own.status).not.toBe('cancelled');
    expect((await sofia.listAppointments({when: 'all', limit: 100})).items.map((x) => x.id)).toEqual(
      expect.arrayContaining([r.derm, r.general]),
    );
  });

  it('shows both where the clinic turns the rule off (null), or she is under its age', async () => {
    await configure({confidentialFromAge: null});
    const off = await scenario();
    expect(off.listed).toEqual(expect.arrayContaining([off.derm, off.general]));
    expect(off.readDerm).toBe(true);
    expect(off.formsOfDerm).toBe(true);
    expect(off.flagged).toBe(false);
    expect(off.messages).toBe(true);
    expect(off.documents).toBe(true);
    await server.reset();
    await configure({confidentialFromAge: 15});
    const younger = await scenario();
    expect(younger.listed).toEqual(expect.arrayContaining([younger.derm, younger.general]));
    expect(younger.quoteDerm).toBe(true);
  });
});
