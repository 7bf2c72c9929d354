/**
 * Medical information over HTTP (issue #17, item 4), beyond the contract suite: the demo patient's
 * seed is the demo clinic's in memory; the audit rows carry ids only (never what an entry says);
 * bad input — a 10,000-character allergy, NUL bytes, a field of another list, an unknown list, a
 * body over the limit — is a clear 4xx with nothing stored; the 50-entry limit holds under
 * concurrent adds; signed out is 401; a second server on the same database sees the same lists.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../src/adapters/memory/index.js';
import {MAX_MEDICAL_ENTRIES} from '../../src/domain/rules/medical.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase, demoSession, demoSignedIn} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('medical');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const strip = (info: object) =>
  JSON.parse(
    JSON.stringify(info, (k, v: unknown) => (k === 'id' || k === 'updatedAt' ? undefined : v)),
  ) as unknown;

describe('medical information over HTTP', () => {
  it('seeds the demo patient as the demo clinic in memory does, and audits changes with ids only', async () => {
    await server.reset();
    const {adapter: a, violations} = await demoSignedIn(server.url);
    const seeded = await a.getMedicalInfo();
    const memory = createDemoAdapter({clock: () => T0});
    await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    expect(strip(seeded)).toEqual(strip(await memory.getMedicalInfo()));
    expect(seeded.allergies).toMatchObject([{substance: 'Penicilina', reportedBy: 'clinic', reviewed: true}]);

    const added = await a.addMedicalEntry('conditions', {name: 'Hipotiroidismo', since: '2018'});
    const fixed = await a.updateMedicalEntry('allergies', seeded.allergies[0]!.id, {
      substance: 'Penicilina',
      reaction: 'Urticaria y fiebre',
    });
    expect(fixed).toMatchObject({reportedBy: 'patient', reviewed: false, reaction: 'Urticaria y fiebre'});
    await a.removeMedicalEntry('conditions', added.id);
    await expect(a.removeMedicalEntry('conditions', 'med_not_hers')).rejects.toMatchObject({
      code: 'not-found',
    });
    const rows = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action LIKE 'medical.%' ORDER BY seq",
    );
    expect(rows.map((r) => [r.action, r.medical_entry_id])).toEqual([
      ['medical.add', added.id],
      ['medical.update', fixed.id],
      ['medical.remove', added.id],
      ['medical.denied', 'med_not_hers'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Hipotiroidismo|Penicilina|Urticaria/);
    expect(violations()).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    await server.reset();
    const {cookie, csrf} = await demoSession(server.url);
    const before = await server.db.query('SELECT * FROM medical_entries ORDER BY seq');
    const send = (method: string, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const problem = async (r: Response) => ({status: r.status, body: (await r.json()) as {fields?: unknown}});
    expect(
      await problem(await send('POST', '/medical/allergies', {substance: 'x'.repeat(10_000)})),
    ).toMatchObject({
      status: 422,
      body: {errors: {substance: 'too-long'}},
    });
    expect(await problem(await send('POST', '/medical/allergies', {substance: 'a\u0000b'}))).toMatchObject({
      status: 422,
    });
    expect(await problem(await send('POST', '/medical/allergies', {name: 'Asma'}))).toMatchObject({
      status: 422,
      body: {errors: {name: 'invalid', substance: 'required'}},
    });
    expect(await problem(await send('POST', '/medical/surgeries', {name: 'x'}))).toMatchObject({
      status: 422,
      body: {errors: {list: 'invalid'}},
    });
    // Over the body limit (256 KiB): refused before it is read in full.
    expect(
      await problem(await send('POST', '/medical/allergies', {substance: 'y'.repeat(300_000)})),
    ).toMatchObject({
      status: 422,
      body: {errors: {body: 'too-long'}},
    });
    expect((await send('PUT', `/medical/allergies/${'x'.repeat(300)}`, {substance: 'Polen'})).status).toBe(
      422,
    );
    expect((await send('PUT', '/medical/allergies/med_nope', {substance: 'Polen'})).status).toBe(404);
    expect(await server.db.query('SELECT * FROM medical_entries ORDER BY seq')).toEqual(before);
    expect((await fetch(`${server.url}/medical`)).status).toBe(401);
  });

  it('keeps at most 50 entries a list under concurrent adds, and a second server sees the same lists', async () => {
    await server.reset();
    const {adapter: a} = await demoSignedIn(server.url);
    const have = (await a.getMedicalInfo()).medications.length;
    const results = await Promise.allSettled(
      Array.from({length: MAX_MEDICAL_ENTRIES - have + 5}, (_, i) =>
        a.addMedicalEntry('medications', {name: `M${i}`}),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_MEDICAL_ENTRIES - have);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'validation',
        fields: {medications: 'too-many'},
      });
    const second = await startServer({clock: () => T0, db: server.db});
    try {
      const {adapter: b} = await demoSignedIn(second.url);
      expect(await b.getMedicalInfo()).toEqual(await a.getMedicalInfo());
      expect((await b.getMedicalInfo()).medications).toHaveLength(MAX_MEDICAL_ENTRIES);
    } finally {
      await second.close();
    }
  });
});
