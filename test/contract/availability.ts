/** Contract cases: availability queries and holds. */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Catalog, Clinic, Service} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {MINUTE, DAY, ms, expectCode, expectNotSupported, slotKey, durationOf} from './helpers.js';

export function availabilityContract(c: ContractContext): void {
  const {
    it,
    needClock,
    serverNow,
    advance,
    availability,
    firstProvider,
    pickSlots,
    bookingRequest,
    stillFree,
  } = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;
  beforeEach(() => {
    ({a, caps, clinic, catalog} = c.state());
  });

  // =========================================================================================
  describe('availability', () => {
    it('offers future slots inside the range, sorted, in the clinic zone', async () => {
      const service = catalog.services[0];
      const now = await serverNow();
      const from = now + 1 * DAY;
      const to = now + 15 * DAY;
      const result = await a.getAvailability({
        serviceIds: [service.id],
        providerId: clinic.booking.allowAnyProvider ? 'any' : firstProvider([service]),
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      expect(result.timeZone).toBe(clinic.timeZone);
      expect(result.slots.length).toBeGreaterThan(0);
      let last = -Infinity;
      for (const s of result.slots) {
        const start = ms(s.start);
        expect(start).toBeGreaterThanOrEqual(from);
        expect(start).toBeLessThan(to);
        expect(start).toBeGreaterThanOrEqual(now + clinic.booking.minNoticeMinutes * MINUTE);
        expect(start).toBeGreaterThanOrEqual(last);
        last = start;
        expect(ms(s.end) - start).toBe(durationOf([service], s.providerId) * MINUTE);
        expect(service.providerIds).toContain(s.providerId);
        expect([...s.serviceIds]).toEqual([service.id]);
        expect(s.mode).toBe(service.mode);
        expect(s.id).toBeTruthy();
      }
    });

    it('never offers a slot that starts within the minimum notice', async () => {
      const service = catalog.services[0];
      const slots = await availability([service], 'any', 2);
      const now = await serverNow();
      for (const s of slots)
        expect(ms(s.start)).toBeGreaterThanOrEqual(now + clinic.booking.minNoticeMinutes * MINUTE);
    });

    it('gives one provider’s slots when asked, and "any" covers every provider offering the services', async () => {
      const service = catalog.services.find((s) => s.providerIds.length > 1) ?? catalog.services[0];
      for (const providerId of service.providerIds) {
        const slots = await availability([service], providerId, 14);
        for (const s of slots) expect(s.providerId).toBe(providerId);
      }
      if (!clinic.booking.allowAnyProvider) return;
      const any = await availability([service], 'any', 14);
      expect(any.length).toBeGreaterThan(0);
      for (const s of any) expect(service.providerIds).toContain(s.providerId);
    });

    it('offers a multi-service visit as one slot as long as the services together', async (ctx) => {
      const pair = catalog.services
        .flatMap((x) => catalog.services.map((y) => [x, y] as const))
        .find(
          ([x, y]) =>
            x.id < y.id && x.mode === y.mode && x.providerIds.some((p) => y.providerIds.includes(p)),
        );
      if (!pair) ctx.skip('no two services share a provider');
      const services = [...(pair as readonly [Service, Service])];
      const slots = await availability(services, 'any', 14);
      expect(slots.length).toBeGreaterThan(0);
      for (const s of slots) {
        expect(ms(s.end) - ms(s.start)).toBe(durationOf(services, s.providerId) * MINUTE);
        for (const sv of services) expect(sv.providerIds).toContain(s.providerId);
        expect([...s.serviceIds]).toEqual(services.map((x) => x.id));
      }
    });

    it('refuses unknown services and a provider who does not offer them', async () => {
      const now = await serverNow();
      const range = {from: new Date(now).toISOString(), to: new Date(now + 7 * DAY).toISOString()};
      await expectCode(
        a.getAvailability({serviceIds: ['no-such-service'], providerId: 'any', ...range}),
        'validation',
      );
      const service = catalog.services.find((s) => s.providerIds.length < catalog.providers.length);
      const outsider = catalog.providers.find((p) => service && !service.providerIds.includes(p.id));
      if (service && outsider) {
        await expectCode(
          a.getAvailability({serviceIds: [service.id], providerId: outsider.id, ...range}),
          'validation',
        );
      }
    });
  });

  // =========================================================================================
  describe('holds', () => {
    it('holds a slot so no one else sees it, until released', async () => {
      const {services, slots} = await pickSlots(1);
      if (!caps.holds) {
        await expectNotSupported(
          a.holdSlot(
            slots[0],
            services.map((s) => s.id),
          ),
        );
        await expectNotSupported(a.releaseHold('any'));
        return;
      }
      const now = await serverNow();
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
      );
      expect(hold.id).toBeTruthy();
      expect(slotKey(hold.slot)).toBe(slotKey(slots[0]));
      const expires = ms(hold.expiresAt);
      expect(expires).toBeGreaterThan(now);
      expect(Math.abs(expires - (now + clinic.booking.holdMinutes * MINUTE))).toBeLessThan(5000);
      expect(await stillFree(services, slots[0])).toBe(false);
      await a.releaseHold(hold.id);
      expect(await stillFree(services, slots[0])).toBe(true);
    });

    it('books a held slot with the hold, and refuses it to anyone else', async () => {
      if (!caps.holds) return;
      const {services, slots} = await pickSlots(1);
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
      );
      await expectCode(a.book(await bookingRequest(slots[0], services)), 'slot-taken');
      const appointment = await a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id});
      expect(slotKey(appointment)).toBe(slotKey(slots[0]));
    });

    it('frees the slot when the hold expires, and still books with the expired hold if no one took it', async (ctx) => {
      if (!caps.holds) return;
      needClock(ctx);
      const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
      );
      await advance((clinic.booking.holdMinutes + 1) * MINUTE);
      expect(await stillFree(services, slots[0])).toBe(true);
      const appointment = await a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id});
      expect(slotKey(appointment)).toBe(slotKey(slots[0]));
    });

    it('reports an expired hold whose slot was taken meanwhile', async (ctx) => {
      if (!caps.holds) return;
      needClock(ctx);
      const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
      );
      await advance((clinic.booking.holdMinutes + 1) * MINUTE);
      await a.book(await bookingRequest(slots[0], services));
      await expectCode(
        a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id}),
        'hold-expired',
        'slot-taken',
      );
    });
  });
}
