/**
 * Cards on file over HTTP (issue #20, item 3), beyond the contract suite: the audit rows carry ids
 * only (no brand, last four or number); bad input is a clear 4xx with nothing stored; five
 * concurrent setups with one key make one setup; concurrent "make default" calls leave exactly one
 * default (the database's partial unique index); a second server on the same database sees the
 * same cards; a server without demo payments has none.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {DEMO_CARD_CHOICES} from '../../src/domain/rules/cards.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase, demoSession} from './helpers.js';

vi.setConfig({testTimeout: 60_000});
const T0 = Date.parse('2026-03-10T16:00:00Z');
const database = testDatabase('cards');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

function client(base: string): {adapter: RestAdapter; violations: () => unknown[]} {
  const checked = checkedFetch(base);
  return {
    adapter: new RestAdapter({baseUrl: base, fetch: checked.fetch}),
    violations: () => checked.violations,
  };
}

async function signedIn(base: string) {
  const c = client(base);
  await c.adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  return c;
}

describe('cards on file over HTTP', () => {
  it('audits every change with ids only, and one key makes one setup under concurrent calls', async () => {
    await server.reset();
    const {adapter: a, violations} = await signedIn(server.url);
    // The demo patient's seeded Visa, as in the demo clinic in memory.
    const seeded = await a.listCards();
    expect(seeded.map((c) => [c.brand, c.last4, c.isDefault])).toEqual([['visa', '4242', true]]);
    await a.removeCard(seeded[0].id);
    const setups = await Promise.all([1, 2, 3, 4, 5].map(() => a.startCardSetup('five-clicks')));
    expect(new Set(setups.map((x) => x.id)).size).toBe(1);
    await a.confirmDemoCardSetup(setups[0].id, DEMO_CARD_CHOICES.succeeds);
    const second = await a.startCardSetup('second');
    await a.confirmDemoCardSetup(second.id, DEMO_CARD_CHOICES.mastercard);
    const [visa, master] = await a.listCards();
    await a.setDefaultCard(master.id);
    await a.removeCard(visa.id);
    await expect(a.removeCard('card_not_hers')).rejects.toMatchObject({code: 'not-found'});
    const rows = await server.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_log WHERE action LIKE 'cards.%' ORDER BY seq",
    );
    expect(rows.map((r) => [r.action, r.card_id])).toEqual([
      ['cards.remove', seeded[0].id],
      ['cards.add', visa.id],
      ['cards.add', master.id],
      ['cards.default', master.id],
      ['cards.remove', visa.id],
      ['cards.denied', 'card_not_hers'],
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['4242', '4444', 'visa', 'mastercard']) expect(text).not.toContain(secret);
    const stored = JSON.stringify(await server.db.query('SELECT * FROM saved_cards'));
    expect(stored).not.toMatch(/4242424242424242|5555555555554444/);
    expect(violations()).toEqual([]);
    await a.removeCard(master.id);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    await server.reset();
    const {cookie, csrf} = await demoSession(server.url);
    const before = await server.db.query('SELECT * FROM saved_cards');
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, cookie, ...headers},
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    expect((await post('/card-setups', {})).status).toBe(422); // no Idempotency-Key
    expect((await post('/card-setups', {amount: 5}, {'Idempotency-Key': 'k'})).status).toBe(422);
    expect((await post('/card-setups', '{not json', {'Idempotency-Key': 'k'})).status).toBe(422);
    const setup = await (await post('/card-setups', {}, {'Idempotency-Key': 'k'})).json();
    expect(setup).toMatchObject({mode: 'setup', amount: {amountMinor: 0}});
    const confirm = (card: unknown) => post(`/card-setups/${setup.id}/demo-confirmation`, {card});
    expect((await confirm('4242424242424242')).status).toBe(422); // a number is never accepted
    expect((await confirm('declined')).status).toBe(402);
    expect((await post('/card-setups/seti_unknown/demo-confirmation', {card: 'succeeds'})).status).toBe(404);
    expect((await post('/cards/card_unknown/default', {})).status).toBe(404);
    const del = await fetch(`${server.url}/cards/${'x'.repeat(300)}`, {
      method: 'DELETE',
      headers: {'X-CSRF-Token': csrf, cookie},
    });
    expect(del.status).toBeGreaterThanOrEqual(400);
    expect(del.status).toBeLessThan(500);
    expect(await server.db.query('SELECT * FROM saved_cards')).toEqual(before);
    // Signed out: 401, nothing listed.
    expect((await fetch(`${server.url}/cards`)).status).toBe(401);
  });

  it('keeps one default under concurrent changes, and a second server on the database sees the same cards', async () => {
    await server.reset();
    const {adapter: a} = await signedIn(server.url);
    for (const [key, card] of [
      ['c1', DEMO_CARD_CHOICES.succeeds],
      ['c2', DEMO_CARD_CHOICES.mastercard],
      ['c3', DEMO_CARD_CHOICES['charge-declines']],
    ] as const)
      await a.confirmDemoCardSetup((await a.startCardSetup(key)).id, card);
    const cards = await a.listCards();
    await Promise.all(cards.flatMap((c) => [a.setDefaultCard(c.id), a.setDefaultCard(c.id)]));
    const after = await a.listCards();
    expect(after.filter((c) => c.isDefault)).toHaveLength(1);
    const other = await startServer({clock: () => T0, db: server.db});
    try {
      const {adapter: b} = await signedIn(other.url);
      expect(await b.listCards()).toEqual(after);
    } finally {
      await other.close();
    }
  });
});
