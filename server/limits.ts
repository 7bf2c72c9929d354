/**
 * Rate limits and lockouts, kept in the database (`rate_limits`) so that every server process on
 * one database applies them together, and a restart forgets none. Fixed windows: one row per
 * bucket and window, raised by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`),
 * so two processes racing never both slip under a limit. Which limits exist and their numbers are
 * the domain's (`ABUSE_LIMITS` in `src/domain/rules/limits.ts`); the services name the buckets.
 */
import {RateLimitedError} from '../src/domain/errors.js';
import type {RateRule} from '../src/domain/rules/index.js';
import type {Queryable} from './db.js';
import {log} from './log.js';

export interface Limits {
  /**
   * Counts `cost` events in `bucket`; when that takes it over the rule, throws `RateLimitedError`
   * with the seconds left in the window (the events still count: hammering does not help).
   */
  take(bucket: string, rule: RateRule, cost?: number): Promise<void>;
  /** Throws `RateLimitedError` when `bucket` is already at or over the rule; counts nothing. */
  check(bucket: string, rule: RateRule): Promise<void>;
  /** Counts `cost` events without checking (a failure that the next `check` will see). */
  add(bucket: string, rule: RateRule, cost?: number): Promise<number>;
  /** Forgets a bucket — or, with `prefix`, every bucket starting with it (e.g. an account's failures once its owner signed in). */
  clear(bucket: string, options?: {prefix?: boolean}): Promise<void>;
}

/** Seconds from `now` to the end of the window that started at `start`, at least 1. */
const secondsLeft = (start: number, rule: RateRule, now: number): number =>
  Math.max(1, Math.ceil((start + rule.windowMs - now) / 1000));

/** How many buckets over their limit one process remembers (the oldest forgotten first). */
const MAX_KNOWN_OVER = 10_000;

/** How often (in counted events, per process) windows that are over are deleted. */
const SWEEP_EVERY = 200;

/** The limits in the database `q`, by the server's clock. */
export function databaseLimits(q: Queryable, clock: () => number): Limits {
  let sinceSweep = 0;
  const sweep = async (now: number) => {
    if (++sinceSweep < SWEEP_EVERY) return;
    sinceSweep = 0;
    await q.query('DELETE FROM rate_limits WHERE expires_ms <= $1', [now]);
  };
  const add = async (bucket: string, rule: RateRule, cost = 1): Promise<number> => {
    const now = clock();
    const start = now - (now % rule.windowMs);
    const [row] = await q.query<{hits: number}>(
      `INSERT INTO rate_limits (bucket, window_start, hits, expires_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + EXCLUDED.hits
       RETURNING hits`,
      [bucket, start, cost, start + rule.windowMs],
    );
    await sweep(now);
    return Number(row.hits);
  };
  // Buckets this process saw go over, with the end of that window: a fixed window over its limit
  // stays over until it ends, so a flood's further requests are refused here without a round trip
  // each (the flood would otherwise cost the database and everyone else's requests as much as
  // before). A bucket cleared here is forgotten here; cleared by another process, it stays refused
  // here until its window ends — only a resend limit is ever cleared early, after a verification.
  const over = new Map<string, number>();
  return {
    add,
    async take(bucket, rule, cost = 1) {
      const now = clock();
      const end = over.get(bucket);
      if (end !== undefined) {
        if (now >= end - rule.windowMs && now < end)
          throw new RateLimitedError(Math.max(1, Math.ceil((end - now) / 1000)));
        over.delete(bucket);
      }
      const hits = await add(bucket, rule, cost);
      if (hits > rule.max) {
        const start = now - (now % rule.windowMs);
        if (over.size >= MAX_KNOWN_OVER) over.delete(over.keys().next().value as string);
        over.set(bucket, start + rule.windowMs);
        throw new RateLimitedError(secondsLeft(start, rule, now));
      }
    },
    async check(bucket, rule) {
      const now = clock();
      const start = now - (now % rule.windowMs);
      const [row] = await q.query<{hits: number}>(
        'SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2',
        [bucket, start],
      );
      if (row && Number(row.hits) >= rule.max) throw new RateLimitedError(secondsLeft(start, rule, now));
    },
    async clear(bucket, options = {}) {
      for (const known of [...over.keys()])
        if (options.prefix ? known.startsWith(bucket) : known === bucket) over.delete(known);
      await q.query(
        options.prefix
          ? 'DELETE FROM rate_limits WHERE starts_with(bucket, $1)'
          : 'DELETE FROM rate_limits WHERE bucket = $1',
        [bucket],
      );
    },
  };
}

/** No limits at all (benchmarks, and tests that flood on purpose). */
export const noLimits: Limits = {
  take: async () => undefined,
  check: async () => undefined,
  add: async () => 0,
  clear: async () => undefined,
};

/**
 * The buckets of sign-in: failures per account and address, per account, per address; attempts
 * per address. An address is whatever the server took as the client's (see `trustProxy`).
 */
export const signInBuckets = (emailKey: string, address: string) => ({
  accountAndAddress: `signin-fail:account-address:${emailKey}|${address}`,
  account: `signin-fail:account:${emailKey}|`,
  addressFailures: `signin-fail:address:${address}`,
  addressAttempts: `signin-attempt:address:${address}`,
});

/** Every sign-in failure bucket of an account (its owner proved themselves: all are forgotten). */
export const accountSignInPrefixes = (emailKey: string): string[] => [
  `signin-fail:account-address:${emailKey}|`,
  `signin-fail:account:${emailKey}|`,
];

/** Wrong second-factor codes of one account (patient id), across its challenges. */
export const secondFactorBucket = (patientId: string): string => `2fa-fail:account:${patientId}|`;

/**
 * Takes one SMS from the server's hourly budget (every number together); past it the SMS is
 * refused (429) and one error line is logged per hour, so an operator sees pumping or a flood.
 */
export async function takeSmsBudget(
  limits: Limits,
  budget: number | undefined,
  windowMs: number,
  defaultMax: number,
): Promise<void> {
  const rule = {max: budget ?? defaultMax, windowMs};
  const hits = await limits.add('sms:all', rule);
  if (hits > rule.max) {
    if (hits === rule.max + 1)
      log('error', 'hourly SMS budget used up: SMS refused until the hour ends', {budget: rule.max});
    await limits.check('sms:all', rule);
  }
}
