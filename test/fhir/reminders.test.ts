/**
 * Reminder preferences on the FHIR backend, read back from the FHIR test server (admin token): one
 * standing CommunicationRequest per channel (email, SMS, voice), updated in place on each save
 * (never duplicated, the EHR's own elements kept), `doNotPerform` for a channel turned off, the
 * preferences an earlier version kept on the Patient read once and removed; and the dependent's
 * own requests while her mother acts for her (family members). The shared contract's reminders
 * cases cover what the patient sees.
 */
import {afterAll, beforeAll, beforeEach, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import {EXT, SYSTEM, type Resource} from '../../src/adapters/fhir/profile.js';
import type {ReminderPreferences} from '../../src/domain/types.js';
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

const headers = {Authorization: 'Bearer admin', 'Content-Type': 'application/fhir+json'};
const get = async (path: string) =>
  (await (await fetch(`${server.base}/${path}`, {headers})).json()) as Resource;
const put = async (path: string, body: Resource) => {
  const res = await fetch(`${server.base}/${path}`, {method: 'PUT', headers, body: JSON.stringify(body)});
  expect(res.ok).toBe(true);
};
/** The patient's reminder requests, by channel. */
async function requests(patientId: string): Promise<Map<string, Resource>> {
  const bundle = await get(`CommunicationRequest?subject=Patient/${patientId}&category=reminder`);
  const list = ((bundle.entry as {resource: Resource}[] | undefined) ?? []).map((e) => e.resource);
  const byChannel = new Map<string, Resource>();
  for (const r of list) {
    const channel = (r.medium as {coding: {system: string; code: string}[]}[])[0].coding.find(
      (c) => c.system === SYSTEM.reminderChannel,
    )!.code;
    expect(byChannel.has(channel), `one ${channel} request`).toBe(false);
    byChannel.set(channel, r);
  }
  return byChannel;
}
const hours = (r: Resource | undefined) =>
  (r?.extension ?? []).filter((e) => e.url === EXT.reminderHour).map((e) => e.valueInteger);
const phones = (r: Resource | undefined) =>
  (r?.extension ?? [])
    .filter((e) => e.url === EXT.reminderPhone)
    .map((e) => e.extension?.find((x) => x.url === 'number')?.valueString);

async function signedIn(): Promise<FhirAdapter> {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');
  return adapter;
}

const A = '+525510000001' as const;
const B = '+525510000002' as const;

it('keeps one standing request per channel, updated in place, the EHR’s own elements kept', async () => {
  const adapter = await signedIn();
  const prefs = await adapter.getReminderPreferences();
  // Seeded as the demo clinic has her: SMS to her mobile, every reminder time, voice off.
  const seeded = await requests('pat-ana');
  expect([...seeded.keys()].sort()).toEqual(['email', 'sms', 'voice']);
  expect(phones(seeded.get('sms'))).toEqual(['+525512345678']);
  expect(seeded.get('voice')!.doNotPerform).toBe(true);
  expect(prefs).toEqual({
    email: 'ana@demo.clinic',
    phones: [{number: '+525512345678', country: 'MX', sms: true, voice: false}],
    hours: [72, 24, 1],
  });
  const first: ReminderPreferences = {
    email: prefs.email,
    phones: [
      {number: A, country: 'MX', sms: true, voice: false},
      {number: B, country: 'MX', sms: true, voice: true},
    ],
    hours: [24, 1],
  };
  expect(await adapter.saveReminderPreferences(first)).toEqual(first);
  let stored = await requests('pat-ana');
  expect([...stored.keys()].sort()).toEqual(['email', 'sms', 'voice']);
  for (const r of stored.values()) {
    expect(r).toMatchObject({status: 'active', subject: {reference: 'Patient/pat-ana'}});
    expect(r.category).toEqual([
      {coding: [{system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'reminder'}]},
    ]);
    expect(r.doNotPerform).not.toBe(true);
    expect(hours(r)).toEqual([24, 1]);
  }
  expect(phones(stored.get('sms'))).toEqual([A, B]);
  expect(phones(stored.get('voice'))).toEqual([B]);
  expect(phones(stored.get('email'))).toEqual([]);
  expect(await adapter.getReminderPreferences()).toEqual(first);

  // The EHR adds a note of its own to the SMS request; SMS and voice are then turned off.
  const sms = stored.get('sms')!;
  await put(`CommunicationRequest/${sms.id}`, {...sms, note: [{text: 'EHR note'}]});
  const second: ReminderPreferences = {email: prefs.email, phones: [], hours: [72]};
  expect(await adapter.saveReminderPreferences(second)).toEqual(second);
  stored = await requests('pat-ana');
  expect([...stored.keys()].sort()).toEqual(['email', 'sms', 'voice']);
  expect(stored.get('sms')!.id).toBe(sms.id);
  expect(stored.get('email')!.id).toBe(seeded.get('email')!.id);
  expect(stored.get('sms')!.note).toEqual([{text: 'EHR note'}]);
  expect(stored.get('sms')!.doNotPerform).toBe(true);
  expect(stored.get('voice')!.doNotPerform).toBe(true);
  expect(stored.get('email')!.doNotPerform).not.toBe(true);
  expect(phones(stored.get('sms'))).toEqual([]);
  expect(hours(stored.get('email'))).toEqual([72]);
  expect(await adapter.getReminderPreferences()).toEqual(second);
});

it('makes one request per channel, and one save’s preferences, when two devices save at once', async () => {
  const [one, two] = await Promise.all([signedIn(), signedIn()]);
  const prefs = await one.getReminderPreferences();
  const [a, b] = await Promise.all([
    one.saveReminderPreferences({...prefs, hours: [24]}),
    two.saveReminderPreferences({...prefs, hours: [1]}),
  ]);
  const stored = await requests('pat-ana');
  expect([...stored.keys()].sort()).toEqual(['email', 'sms', 'voice']);
  // Both answered; what stays is one of the two saves, whole (every channel the same hours).
  const kept = hours(stored.get('email'));
  expect([a.hours, b.hours]).toContainEqual(kept);
  for (const r of stored.values()) expect(hours(r)).toEqual(kept);
  expect((await one.getReminderPreferences()).hours).toEqual(kept);
});

it('reads the preferences an earlier version kept on the Patient, and removes them on the next save', async () => {
  // As an earlier version left her: no standing requests, the preferences on the Patient.
  for (const r of (await requests('pat-ana')).values()) {
    const res = await fetch(`${server.base}/CommunicationRequest/${r.id}`, {method: 'DELETE', headers});
    expect(res.ok).toBe(true);
  }
  const patient = await get('Patient/pat-ana');
  await put('Patient/pat-ana', {
    ...patient,
    extension: [
      {
        url: EXT.reminderPreferences,
        extension: [
          {url: 'hour', valueInteger: 24},
          {
            url: 'phone',
            extension: [
              {url: 'number', valueString: A},
              {url: 'country', valueCode: 'MX'},
              {url: 'sms', valueBoolean: false},
              {url: 'voice', valueBoolean: true},
            ],
          },
        ],
      },
    ],
  });
  const adapter = await signedIn();
  const prefs = await adapter.getReminderPreferences();
  expect(prefs.hours).toEqual([24]);
  expect(prefs.phones).toEqual([{number: A, country: 'MX', sms: false, voice: true}]);
  await adapter.saveReminderPreferences(prefs);
  expect((await get('Patient/pat-ana')).extension ?? []).toEqual([]);
  expect(phones((await requests('pat-ana')).get('voice'))).toEqual([A]);
  expect(await adapter.getReminderPreferences()).toEqual(prefs);
});

it('keeps the daughter’s preferences on her own Patient while her mother acts for her', async () => {
  const adapter = await signedIn();
  const daughter = (await adapter.listPeople()).find((p) => p.relationship === 'daughter')!;
  expect(daughter.id).toBe('pat-sofia');
  const asDaughter = adapter.actingFor(daughter.id);
  const prefs = await asDaughter.getReminderPreferences();
  const saved = await asDaughter.saveReminderPreferences({
    ...prefs,
    phones: [{number: B, country: 'MX', sms: true, voice: false}],
    hours: [24],
  });
  expect(await asDaughter.getReminderPreferences()).toEqual(saved);
  expect(phones((await requests('pat-sofia')).get('sms'))).toEqual([B]);
  expect(phones((await requests('pat-ana')).get('sms'))).toEqual(['+525512345678']);
  expect((await adapter.getReminderPreferences()).phones.map((p) => p.number)).not.toContain(B);
});
