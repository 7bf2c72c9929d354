/**
 * Documents on the FHIR backend (#19, #16), read back from the FHIR test server itself (admin
 * token): the demo patient's clinic documents (DocumentReference + Binary, the folder a category),
 * the first download marks a clinic document opened once even from two devices at once, her upload
 * is a Binary (its securityContext her Patient) and a DocumentReference (author and subject her),
 * deleting it deletes both, and another patient gets "not found" for her ids while the server
 * refuses a search of her documents without her token. The shared contract covers the rest.
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT, SYSTEM} from '../../src/adapters/fhir/profile.js';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SEED,
  MemoryAdapter,
  createDemoClinicData,
} from '../../src/adapters/memory/index.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

const admin = {headers: {Authorization: 'Bearer admin'}};
const read = async (path: string) => {
  const res = await fetch(`${server.base}/${path}`, admin);
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined,
  };
};

/** A device a patient signs in on (SMART, approved at once by the test server; `pat-ana` by default). */
async function device(patient?: string): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const url = patient ? `${begun.url}&login_hint=${encodeURIComponent(`Patient/${patient}`)}` : begun.url;
  const redirect = await fetch(url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  return adapter;
}

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3,
]);

it('lists the clinic’s documents in their folders and marks one opened once, from two devices at once', async () => {
  const [one, two] = [await device(), await device()];
  const {documents, maxUploadBytes} = await one.listDocuments();
  expect(maxUploadBytes).toBe(20 * 1024 * 1024);
  expect(new Set(documents.map((d) => d.folder))).toEqual(
    new Set(['results', 'prescriptions', 'reports', 'images']),
  );
  const dates = documents.map((d) => Date.parse(d.createdAt));
  expect([...dates].sort((x, y) => y - x)).toEqual(dates);
  const blood = documents.find((d) => d.folder === 'results')!;
  expect(blood).toMatchObject({contentType: 'application/pdf', isNew: true});
  expect(blood.author).toBeTruthy();
  const [a, b] = await Promise.all([one.downloadDocument(blood.id), two.downloadDocument(blood.id)]);
  expect(new TextDecoder().decode(a.content.slice(0, 5))).toBe('%PDF-');
  expect(a.content.length).toBe(blood.size);
  expect(b.fileName).toBe(blood.fileName);
  const stored = (await read(`DocumentReference/${blood.id}`)).body as {extension?: {url: string}[]};
  expect(stored.extension?.filter((e) => e.url === EXT.firstOpened)).toHaveLength(1);
  expect((await two.listDocuments({folder: 'results'})).documents.find((d) => d.id === blood.id)?.isNew).toBe(
    false,
  );
});

it('stores her upload as a Binary and a DocumentReference; deleting it deletes both', async () => {
  const ana = await device();
  const doc = await ana.uploadDocument({
    fileName: '../foto <b>.png',
    category: 'images',
    note: 'Mancha',
    content: PNG,
  });
  expect(doc).toMatchObject({
    folder: 'uploads',
    category: 'images',
    contentType: 'image/png',
    note: 'Mancha',
    isNew: false,
  });
  expect(doc.fileName).not.toContain('/');
  const ref = (await read(`DocumentReference/${doc.id}`)).body as {
    subject?: {reference?: string};
    author?: {reference?: string}[];
    category?: {coding?: {system?: string; code?: string}[]}[];
    content?: {attachment?: {url?: string; size?: number}}[];
  };
  expect(ref.subject?.reference).toBe('Patient/pat-ana');
  expect(ref.author?.[0]?.reference).toBe('Patient/pat-ana');
  const codes = ref.category?.flatMap((c) => c.coding ?? []);
  expect(codes).toEqual(
    expect.arrayContaining([
      {system: SYSTEM.documentFolder, code: 'uploads'},
      {system: SYSTEM.uploadCategory, code: 'images'},
    ]),
  );
  const binaryPath = ref.content?.[0]?.attachment?.url ?? '';
  expect(binaryPath).toMatch(/^Binary\//);
  const binary = (await read(binaryPath)).body as {securityContext?: {reference?: string}; data?: string};
  expect(binary.securityContext?.reference).toBe('Patient/pat-ana');
  expect(Buffer.from(binary.data ?? '', 'base64')).toEqual(Buffer.from(PNG));
  expect((await ana.downloadDocument(doc.id)).content).toEqual(PNG);

  await ana.deleteDocument(doc.id);
  expect([404, 410]).toContain((await read(`DocumentReference/${doc.id}`)).status);
  expect([404, 410]).toContain((await read(binaryPath)).status);
});

it('keeps documents to their patient', async () => {
  const ana = await device();
  const mine = await ana.uploadDocument({
    fileName: 'receta.pdf',
    category: 'prescriptions',
    content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
  });
  const clinicDoc = (await ana.listDocuments()).documents.find((d) => d.folder !== 'uploads')!;
  // Another patient of the clinic (made here with the admin token), signed in on her own device.
  const created = await fetch(`${server.base}/Patient/pat-other`, {
    method: 'PUT',
    headers: {...admin.headers, 'Content-Type': 'application/fhir+json'},
    body: JSON.stringify({
      resourceType: 'Patient',
      id: 'pat-other',
      active: true,
      name: [{given: ['Berta'], family: 'Ruiz'}],
    }),
  });
  expect([200, 201]).toContain(created.status);
  const other = await device('pat-other');
  expect((await other.listDocuments()).documents.map((d) => d.id)).not.toContain(mine.id);
  await expect(other.downloadDocument(mine.id)).rejects.toMatchObject({code: 'not-found'});
  await expect(other.downloadDocument(clinicDoc.id)).rejects.toMatchObject({code: 'not-found'});
  await expect(other.deleteDocument(mine.id)).rejects.toMatchObject({code: 'not-found'});
  // A clinic document is not hers to delete either.
  await expect(ana.deleteDocument(clinicDoc.id)).rejects.toMatchObject({code: 'not-found'});
  expect((await read(`DocumentReference/${mine.id}`)).status).toBe(200);
  // The server: a search of her documents needs her token.
  const search = `${server.base}/DocumentReference?subject=${encodeURIComponent('Patient/pat-ana')}`;
  expect((await fetch(search)).status).toBe(401);
  expect((await fetch(`${server.base}/Binary`, {method: 'POST', body: '{}'})).status).toBe(401);
});

it('gives the same lab values and prescription details as the demo clinic in memory (DiagnosticReport, MedicationRequest)', async () => {
  const ana = await device();
  const fhir = (await ana.listDocuments()).documents;
  const memory = new MemoryAdapter({seed: DEMO_SEED, data: createDemoClinicData()});
  await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  const demo = (await memory.listDocuments()).documents;
  const blood = (list: typeof fhir) => list.find((d) => d.folder === 'results')!;
  const rx = (list: typeof fhir) => list.find((d) => d.folder === 'prescriptions')!;
  expect(blood(fhir).results?.values).toEqual(blood(demo).results?.values);
  const {date: _a, expiresOn: _b, pendingRefill: _c, ...fhirRx} = rx(fhir).prescription!;
  const {date: _d, expiresOn: _e, pendingRefill: _f, ...demoRx} = rx(demo).prescription!;
  expect(fhirRx).toEqual(demoRx);
  // Dated by the clinic's calendar, valid 180 days.
  const p = rx(fhir).prescription!;
  expect(p.date).toBe(rx(fhir).createdAt.slice(0, 10));
  expect((Date.parse(p.expiresOn!) - Date.parse(p.date)) / 86_400_000).toBe(180);
  // The server: her results need her token.
  const observations = `${server.base}/Observation?subject=${encodeURIComponent('Patient/pat-ana')}`;
  expect((await fetch(observations)).status).toBe(401);
  expect((await fetch(`${server.base}/MedicationRequest?subject=Patient%2Fpat-ana`)).status).toBe(401);
});
