/**
 * Family members over HTTP (issue #21), beyond the contract suite: the seeded grant (the demo
 * patient for her daughter Sofía) is the demo clinic's in memory; every request with
 * `Portal-Acting-For` reads the grant in the database on that very request (a grant revoked in
 * the database between two requests stops the second); the session stays the holder's; audit rows
 * name the holder as actor and the daughter as patient; a malformed header, a header without a
 * session, an operation outside the scope and the clinic's bad grants are clear 4xx.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../src/adapters/memory/index.js';
import {ACTING_FOR_HEADER as REST_HEADER} from '../../src/adapters/rest/rest-adapter.js';
import {ACTING_FOR_HEADER} from '../../src/domain/rules/proxy.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {demoSession, demoSignedIn, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('proxy');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

describe('family members over HTTP', () => {
  it('lists the seeded daughter as the demo clinic in memory does; the session stays the holder’s', async () => {
    await server.reset();
    const {adapter, violations} = await demoSignedIn(server.url);
    const memory = createDemoAdapter({clock: () => T0});
    await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const strip = (people: readonly {id: string}[]) => people.map(({id: _id, ...rest}) => rest);
    const people = await adapter.listPeople!();
    expect(strip(people)).toEqual(strip(await memory.listPeople()));
    expect(people.map((p) => p.relationship)).toEqual(['self', 'daughter']);
    const session = await adapter.actingFor!(people[1]!.id).getSession();
    expect(session?.patient.id, 'GET /session acting for her is still the holder’s').toBe(people[0]!.id);
    expect(REST_HEADER).toBe(ACTING_FOR_HEADER);
    expect(violations()).toEqual([]);
  });

  it('reads the grant on every request: revoked in the database between two requests, the second is 404', async () => {
    await server.reset();
    const {cookie} = await demoSession(server.url);
    const [holder] = await server.db.query<{holder_id: string; dependent_id: string}>(
      'SELECT holder_id, dependent_id FROM proxy_grants WHERE revoked_ms IS NULL',
    );
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {headers: {Cookie: cookie, ...headers}});
    const acting = {[ACTING_FOR_HEADER]: holder!.dependent_id};
    expect((await get('/appointments?when=all', acting)).status).toBe(200);
    // Audited with both ids: the holder acted, the daughter's record was read.
    const rows = await server.db.query<{actor: string; patient_id: string; proxy_holder_id: string}>(
      "SELECT actor, patient_id, proxy_holder_id FROM audit_log WHERE action = 'proxy.listAppointments'",
    );
    expect(rows).toEqual([
      {actor: holder!.holder_id, patient_id: holder!.dependent_id, proxy_holder_id: holder!.holder_id},
    ]);
    await server.db.query('UPDATE proxy_grants SET revoked_ms = $1', [T0]);
    const refused = await get('/appointments?when=all', acting);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as {code: string}).code).toBe('not-found');
    // Her own view is untouched.
    expect((await get('/appointments?when=all')).status).toBe(200);
  });

  it('refuses a malformed header or another patient as not found, and a header without a session as 401', async () => {
    await server.reset();
    const {cookie} = await demoSession(server.url);
    const withHeader = (value: string, signedIn = true) =>
      fetch(`${server.url}/appointments?when=all`, {
        headers: {...(signedIn ? {Cookie: cookie} : {}), [ACTING_FOR_HEADER]: value},
      });
    expect((await withHeader('x'.repeat(101))).status).toBe(404);
    expect((await withHeader('pat_unknown')).status).toBe(404);
    const [luis] = await server.db.query<{id: string}>(
      "SELECT id FROM patients WHERE email = 'luis@demo.clinic'",
    );
    expect((await withHeader(luis!.id)).status, 'a patient she holds no grant for').toBe(404);
    expect((await withHeader('pat_unknown', false)).status).toBe(401);
  });

  it('the clinic’s grants: a bad scope or relationship is 422, an unknown patient 404, nothing stored', async () => {
    await server.reset();
    const [ana] = await server.db.query<{id: string}>(
      "SELECT id FROM patients WHERE email_key = 'ana@demo.clinic'",
    );
    const [luis] = await server.db.query<{id: string}>(
      "SELECT id FROM patients WHERE email = 'luis@demo.clinic'",
    );
    const count = async () => (await server.db.query('SELECT * FROM proxy_grants')).length;
    const before = await count();
    await expect(
      server.portal.setProxyGrant(ana!.id, luis!.id, {scope: 'everything', relationship: 'son'} as never),
    ).rejects.toMatchObject({code: 'validation', fields: {scope: 'invalid'}});
    await expect(
      server.portal.setProxyGrant(ana!.id, luis!.id, {scope: 'full', relationship: 'cousin'} as never),
    ).rejects.toMatchObject({code: 'validation', fields: {relationship: 'invalid'}});
    await expect(
      server.portal.setProxyGrant(ana!.id, 'pat_nobody', {scope: 'full', relationship: 'son'}),
    ).rejects.toMatchObject({code: 'not-found'});
    expect(await count()).toBe(before);
    // A real grant: Luis, appointments only; then revoked (one live grant at a time).
    await server.portal.setProxyGrant(ana!.id, luis!.id, {scope: 'appointments', relationship: 'partner'});
    await server.portal.setProxyGrant(ana!.id, luis!.id, {scope: 'full', relationship: 'partner'});
    expect(await count()).toBe(before + 1);
    await server.portal.setProxyGrant(ana!.id, luis!.id, 'revoke');
    const audits = await server.db.query<{action: string}>(
      "SELECT action FROM audit_log WHERE action LIKE 'proxy.%' AND actor = 'clinic' ORDER BY seq",
    );
    expect(audits.map((a) => a.action)).toEqual(['proxy.grant', 'proxy.grant', 'proxy.revoke']);
  });
});
