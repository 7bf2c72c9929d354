/**
 * A bucket over its limit is refused by the process that saw it go over without asking the
 * database again until its window ends (issue #22, fairness: a flood of refused requests costs no
 * round trip each); clearing it here forgets it here.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {RateLimitedError} from '../../src/domain/errors.js';
import {openDb, migrate, type Db, type Queryable} from '../../server/db.js';
import {databaseLimits} from '../../server/limits.js';
import {testDatabase} from './helpers.js';

const database = testDatabase('limits_memo');
let db: Db;

beforeAll(async () => {
  db = await openDb({url: database.options.databaseUrl, schema: database.options.schema});
  await migrate(db);
}, 120_000);

afterAll(async () => {
  if (db) await database.drop(db);
  await db?.close();
});

describe('databaseLimits', () => {
  it('refuses an over bucket locally until its window ends, then asks the database again', async () => {
    let now = Date.parse('2026-03-10T16:00:10Z');
    let queries = 0;
    const counted: Queryable = {
      query: (sql, params) => {
        queries++;
        return db.query(sql, params);
      },
    };
    const limits = databaseLimits(counted, () => now);
    const rule = {max: 3, windowMs: 60_000};
    for (let i = 0; i < 3; i++) await limits.take('flood:a', rule);
    await expect(limits.take('flood:a', rule)).rejects.toBeInstanceOf(RateLimitedError);
    const afterOver = queries;
    // 100 more: refused, with the seconds left in the window, and not one query.
    for (let i = 0; i < 100; i++) {
      const e = await limits.take('flood:a', rule).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RateLimitedError);
      expect((e as RateLimitedError).retryAfterSeconds).toBe(50);
    }
    expect(queries).toBe(afterOver);
    // Another bucket still goes to the database.
    await limits.take('flood:b', rule);
    expect(queries).toBeGreaterThan(afterOver);
    // The next window: allowed again (counted in the database).
    now += 50_000;
    const before = queries;
    await limits.take('flood:a', rule);
    expect(queries).toBeGreaterThan(before);
    // Over again, then cleared here: the next take asks the database and is allowed.
    for (let i = 0; i < 3; i++) await limits.take('flood:a', rule).catch(() => undefined);
    await expect(limits.take('flood:a', rule)).rejects.toBeInstanceOf(RateLimitedError);
    await limits.clear('flood:', {prefix: true});
    await limits.take('flood:a', rule);
  });
});
