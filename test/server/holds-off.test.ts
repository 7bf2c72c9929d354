/**
 * A server with holds turned off (`holds: false`, `PORTAL_HOLDS=off`): the capability says so,
 * holding answers 501, and two patients who chose the same time learn who got it at booking —
 * exactly one 201, the other 409 `slot-taken` — which is how `scripts/e2e-race.mjs` races two
 * browsers to the "Confirm booking" button.
 */
import {afterAll, beforeAll, expect, it, vi} from 'vitest';
import {NotSupportedError, SlotTakenError, isPortalError} from '../../src/adapters/adapter.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {holdsFromEnv} from '../../server/env.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 30_000});

const database = testDatabase('holds_off');
const T0 = Date.parse('2026-03-10T16:00:00Z');
const DAY = 86_400_000;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({clock: () => T0, holds: false, writesPerMinute: 0, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

it('reads PORTAL_HOLDS (on by default, "off" turns holds off, anything else is refused)', () => {
  expect(holdsFromEnv({})).toBe(true);
  expect(holdsFromEnv({PORTAL_HOLDS: 'on'})).toBe(true);
  expect(holdsFromEnv({PORTAL_HOLDS: 'off'})).toBe(false);
  expect(() => holdsFromEnv({PORTAL_HOLDS: 'maybe'})).toThrow(/PORTAL_HOLDS/);
});

it('says holds: false, answers 501 to holding, and books one of two rivals for one slot', async () => {
  const patients = [1, 2].map((n) => {
    const checked = checkedFetch(server.url);
    return {
      checked,
      adapter: new RestAdapter({baseUrl: server.url, fetch: checked.fetch, retryBaseMs: 10}),
      n,
    };
  });
  const [a] = patients;
  expect((await a.adapter.getCapabilities()).holds).toBe(false);
  const {slots} = await a.adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'prov-ramirez',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + 8 * DAY).toISOString(),
  });
  const slot = slots[0];
  const refused = await a.adapter.holdSlot(slot, ['svc-general']).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(NotSupportedError);
  expect((refused as NotSupportedError).capability).toBe('holds');
  expect(await a.adapter.releaseHold('hold_x').catch((e: unknown) => e)).toBeInstanceOf(NotSupportedError);

  const requests = await Promise.all(
    patients.map(async ({adapter, n}) => {
      const phone = `+5255700000${n}0`;
      const challenge = await adapter.sendPhoneCode({phone, language: 'es'});
      const code = (await server.portal.outbox()).filter((m) => m.to === phone).pop()?.code ?? '';
      return {
        adapter,
        request: {
          slot,
          serviceIds: ['svc-general'],
          idempotencyKey: `holds-off-${n}`,
          patient: {
            givenName: 'Rival',
            familyName: `Número ${n}`,
            email: `rival.${n}@example.com`,
            phone: phone as `+${string}`,
            dateOfBirth: '1990-01-01' as const,
            language: 'es' as const,
          },
          phoneVerificationToken: await adapter.verifyPhoneCode(challenge.id, code),
          privacyConsent: true,
          policyAccepted: true,
          language: 'es',
        } as const,
      };
    }),
  );
  const results = await Promise.allSettled(requests.map(({adapter, request}) => adapter.book(request)));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const lost = results.find((r) => r.status === 'rejected');
  expect(isPortalError(lost?.reason)).toBe(true);
  expect(lost?.reason).toBeInstanceOf(SlotTakenError);
  const after = await a.adapter.getAvailability({
    serviceIds: ['svc-general'],
    providerId: 'prov-ramirez',
    from: new Date(T0 + DAY).toISOString(),
    to: new Date(T0 + 8 * DAY).toISOString(),
  });
  expect(after.slots.some((s) => s.start === slot.start)).toBe(false);
  for (const p of patients) expect(p.checked.violations).toEqual([]);
});
