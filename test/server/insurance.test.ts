/**
 * Insurance cards over HTTP (issue #17, item 5), beyond the contract suite: the demo patient's
 * card is the demo clinic's in memory; the audit rows carry ids only (never what a card says);
 * bad input — a 10,000-character insurer, a member number with a script tag, NUL bytes, an unknown
 * field, a body over the limit, no CSRF token — is a clear 4xx with nothing stored; the 5-card
 * limit and the single primary hold under concurrent requests; signed out is 401; another
 * patient's card id is 404.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  createDemoAdapter,
} from '../../src/adapters/memory/index.js';
import {MAX_INSURANCE_CARDS} from '../../src/domain/rules/insurance.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {testDatabase, demoSession, demoSignedIn} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('insurance');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

const strip = (cards: object) =>
  JSON.parse(
    JSON.stringify(cards, (k, v: unknown) => (k === 'id' || k === 'updatedAt' ? undefined : v)),
  ) as unknown;

describe('insurance cards over HTTP', () => {
  it('seeds the demo patient as the demo clinic in memory does, and audits changes with ids only', async () => {
    await server.reset();
    const {adapter: a, violations} = await demoSignedIn(server.url);
    const seeded = await a.listInsuranceCards();
    const memory = createDemoAdapter({clock: () => T0});
    await memory.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    expect(strip(seeded)).toEqual(strip(await memory.listInsuranceCards()));
    expect(seeded).toMatchObject([{insurer: 'Seguros Monterrey', primary: true}]);

    const added = await a.addInsuranceCard({insurer: 'GNP Seguros', memberNumber: 'GNP-77'});
    expect(added.primary).toBe(false);
    const fixed = await a.updateInsuranceCard(added.id, {insurer: 'GNP Seguros', memberNumber: 'GNP-78'});
    await a.setPrimaryInsuranceCard(added.id);
    const left = await a.removeInsuranceCard(added.id);
    expect(left).toMatchObject([{id: seeded[0]!.id, primary: true}]);
    await expect(a.removeInsuranceCard('ins_not_hers')).rejects.toMatchObject({code: 'not-found'});
    const rows = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action LIKE 'insurance.%' ORDER BY seq",
    );
    expect(rows.map((r) => [r.action, r.insurance_card_id])).toEqual([
      ['insurance.add', added.id],
      ['insurance.update', fixed.id],
      ['insurance.primary', added.id],
      ['insurance.remove', added.id],
      ['insurance.denied', 'ins_not_hers'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/GNP|Monterrey|4471/);
    expect(violations()).toEqual([]);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    await server.reset();
    const {cookie, csrf} = await demoSession(server.url);
    const before = await server.db.query('SELECT * FROM insurance_cards ORDER BY seq');
    const audited = await server.db.query("SELECT * FROM audit_log WHERE action LIKE 'insurance.%'");
    const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const problem = async (r: Response) => ({status: r.status, body: (await r.json()) as unknown});
    expect(
      await problem(await send('POST', '/insurance-cards', {insurer: 'x'.repeat(10_000), memberNumber: '1'})),
    ).toMatchObject({status: 422, body: {errors: {insurer: 'too-long'}}});
    expect(
      await problem(
        await send('POST', '/insurance-cards', {insurer: 'GNP', memberNumber: '<script>1</script>'}),
      ),
    ).toMatchObject({status: 422, body: {errors: {memberNumber: 'invalid'}}});
    expect(
      await problem(await send('POST', '/insurance-cards', {insurer: 'G\u0000NP', memberNumber: '1'})),
    ).toMatchObject({status: 422, body: {errors: {insurer: 'invalid'}}});
    expect(
      await problem(
        await send('POST', '/insurance-cards', {insurer: 'GNP', memberNumber: '1', primary: true}),
      ),
    ).toMatchObject({status: 422});
    expect((await send('POST', '/insurance-cards', '[1,2]')).status).toBe(422);
    expect((await send('POST', '/insurance-cards', '{not json')).status).toBe(422);
    expect(
      (
        await send(
          'POST',
          '/insurance-cards',
          {insurer: 'GNP', memberNumber: '1'},
          {'Content-Type': 'text/plain'},
        )
      ).status,
    ).toBe(415);
    expect(
      await problem(
        await send('POST', '/insurance-cards', {insurer: 'y'.repeat(300_000), memberNumber: '1'}),
      ),
    ).toMatchObject({status: 422, body: {errors: {body: 'too-long'}}});
    expect(
      (await send('POST', '/insurance-cards', {insurer: 'GNP', memberNumber: '1'}, {'X-CSRF-Token': 'wrong'}))
        .status,
    ).toBe(403);
    expect(
      (await send('PUT', `/insurance-cards/${'x'.repeat(300)}`, {insurer: 'GNP', memberNumber: '1'})).status,
    ).toBe(422);
    expect((await send('PUT', '/insurance-cards/ins_nope', {insurer: 'GNP', memberNumber: '1'})).status).toBe(
      404,
    );
    expect((await send('POST', '/insurance-cards/ins_nope/primary', {})).status).toBe(404);
    expect((await send('DELETE', '/insurance-cards/ins_nope', undefined)).status).toBe(404);
    expect(await server.db.query('SELECT * FROM insurance_cards ORDER BY seq')).toEqual(before);
    expect((await fetch(`${server.url}/insurance-cards`)).status).toBe(401);
    // Only the three 404s were audited (as denied); nothing else was written.
    const now = await server.db.query<{action: string}>(
      "SELECT action FROM audit_log WHERE action LIKE 'insurance.%'",
    );
    expect(now.length - audited.length).toBe(3);
  });

  it('keeps at most 5 cards and one primary under concurrent requests, and a second server sees the same cards', async () => {
    await server.reset();
    const {adapter: a} = await demoSignedIn(server.url);
    const have = (await a.listInsuranceCards()).length;
    const results = await Promise.allSettled(
      Array.from({length: MAX_INSURANCE_CARDS - have + 4}, (_, i) =>
        a.addInsuranceCard({insurer: 'GNP', memberNumber: `C${i}`}),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_INSURANCE_CARDS - have);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'validation',
        fields: {cards: 'too-many'},
      });
    const cards = await a.listInsuranceCards();
    // Every card made primary at once: one primary at the end.
    await Promise.all(cards.map((c) => a.setPrimaryInsuranceCard(c.id)));
    const after = await a.listInsuranceCards();
    expect(after.filter((c) => c.primary)).toHaveLength(1);
    const [{count}] = await server.db.query<{count: string | number}>(
      'SELECT count(*) AS count FROM insurance_cards WHERE is_primary',
    );
    expect(Number(count)).toBe(1);
    // Removing them all at once: one primary while any is left, none after.
    await Promise.all(after.slice(1).map((c) => a.removeInsuranceCard(c.id)));
    expect(await a.listInsuranceCards()).toMatchObject([{id: after[0]!.id, primary: true}]);
    const second = await startServer({clock: () => T0, db: server.db});
    try {
      const {adapter: b} = await demoSignedIn(second.url);
      expect(await b.listInsuranceCards()).toEqual(await a.listInsuranceCards());
    } finally {
      await second.close();
    }
  });
});
