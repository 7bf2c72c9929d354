/** Contract cases: what deposit a visit asks for (the rule in src/domain/rules/catalog.ts). */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Catalog, Clinic, Service} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {expectNotSupported} from './helpers.js';

export function depositsContract(c: ContractContext): void {
  const {it, availability, pickSlots} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;
  beforeEach(() => {
    ({a, caps, clinic, catalog} = c.state());
  });

  /** The rule: each service's own deposit, else the clinic's default, added up; none when zero. */
  function expectedDeposit(services: readonly Service[]): number {
    return services.reduce(
      (sum, s) => sum + ((s.deposit ?? clinic.deposit?.defaultDeposit)?.amountMinor ?? 0),
      0,
    );
  }

  // =========================================================================================
  describe('deposits', () => {
    it('asks each service’s own deposit, else the clinic default, added up over the visit', async (ctx) => {
      if (caps.payments === false) {
        const {services, slots} = await pickSlots(1);
        await expectNotSupported(
          a.createDepositIntent(
            slots[0],
            services.map((s) => s.id),
            'k-none',
          ),
        );
        return;
      }
      const services = catalog.services;
      // Every service alone, and every visit of two services that can be combined.
      const visits: Service[][] = [
        ...services.map((s) => [s]),
        ...services.flatMap((x, i) =>
          services
            .slice(i + 1)
            .filter((y) => x.mode === y.mode && x.providerIds.some((p) => y.providerIds.includes(p)))
            .map((y) => [x, y]),
        ),
      ];
      let checked = 0;
      let withDeposit = 0;
      let twoWithDeposit = 0;
      for (const visit of visits) {
        const [slot] = await availability(visit, 'any', 21);
        if (!slot) continue;
        const ids = visit.map((s) => s.id);
        const intent = await a.createDepositIntent(slot, ids, `deposit-rule-${ids.join('+')}`);
        const expected = expectedDeposit(visit);
        if (expected === 0) expect(intent, ids.join('+')).toBeNull();
        else {
          expect(intent?.amount, ids.join('+')).toEqual({amountMinor: expected, currency: clinic.currency});
          withDeposit++;
          if (visit.length > 1) twoWithDeposit++;
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(services.length);
      if (withDeposit === 0) ctx.skip('no service asks a deposit in this clinic');
      // A visit of two services where the deposit is the sum (or one service's) was checked too.
      expect(twoWithDeposit).toBeGreaterThan(0);
    });
  });
}
