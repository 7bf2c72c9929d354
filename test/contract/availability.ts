/** Contract cases: availability queries and holds. */
import {beforeEach, describe, expect} from 'vitest';
import type {BookingRequest, Capabilities, HoldOptions, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Catalog, Clinic, Service, Slot} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {
  MINUTE,
  DAY,
  ms,
  expectCode,
  expectFields,
  expectNotSupported,
  slotKey,
  durationOf,
  newDetails,
} from './helpers.js';

export function availabilityContract(c: ContractContext): void {
  const {
    it,
    needClock,
    serverNow,
    advance,
    availability,
    firstProvider,
    signIn,
    pickSlots,
    bookingRequest,
    stillFree,
    verifyPhone,
    needsPhoneToken,
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

    it('narrows to one location: only slots there, with providers who work there (locationId)', async (ctx) => {
      const service = catalog.services.find((s) => s.mode === 'in-person' && s.locationIds.length > 1);
      if (!service || clinic.locations.length < 2) ctx.skip('no service offered at two locations');
      const svc = service as Service;
      const now = await serverNow();
      const range = {from: new Date(now).toISOString(), to: new Date(now + 14 * DAY).toISOString()};
      const providerId = clinic.booking.allowAnyProvider ? 'any' : firstProvider([svc]);
      const all = (await a.getAvailability({serviceIds: [svc.id], providerId, ...range})).slots;
      // The unnarrowed answer has slots at more than one location, or the case would prove nothing.
      expect(new Set(all.map((s) => s.locationId)).size).toBeGreaterThan(1);
      let total = 0;
      for (const locationId of svc.locationIds) {
        const {slots} = await a.getAvailability({serviceIds: [svc.id], providerId, locationId, ...range});
        total += slots.length;
        for (const s of slots) {
          expect(s.locationId).toBe(locationId);
          const provider = catalog.providers.find((p) => p.id === s.providerId)!;
          expect(provider.locationIds).toContain(locationId);
        }
        // Exactly the unnarrowed answer's slots there (first available may pick other providers).
        const there = all.filter((s) => s.locationId === locationId).map((s) => s.start);
        if (providerId !== 'any') expect(slots.map((s) => s.start)).toEqual(there);
        else for (const start of there) expect(slots.map((s) => s.start)).toContain(start);
      }
      expect(total).toBeGreaterThan(0);
    });

    it('refuses an unknown location, one a service is not offered at, a video visit with a location, and a provider who does not work there', async (ctx) => {
      if (clinic.locations.length < 2) ctx.skip('one location');
      const now = await serverNow();
      const range = {from: new Date(now).toISOString(), to: new Date(now + 7 * DAY).toISOString()};
      const inPerson = catalog.services.find((s) => s.mode === 'in-person')!;
      await expectFields(
        a.getAvailability({
          serviceIds: [inPerson.id],
          providerId: 'any',
          locationId: 'no-such-place',
          ...range,
        }),
        {locationId: 'invalid'},
      );
      const notOffered = catalog.services.find(
        (s) => s.mode === 'in-person' && clinic.locations.some((l) => !s.locationIds.includes(l.id)),
      );
      if (notOffered) {
        const elsewhere = clinic.locations.find((l) => !notOffered.locationIds.includes(l.id))!;
        await expectFields(
          a.getAvailability({
            serviceIds: [notOffered.id],
            providerId: 'any',
            locationId: elsewhere.id,
            ...range,
          }),
          {locationId: 'invalid'},
        );
      }
      const video = catalog.services.find((s) => s.mode === 'video');
      if (video)
        await expectFields(
          a.getAvailability({
            serviceIds: [video.id],
            providerId: 'any',
            locationId: clinic.locations[0].id,
            ...range,
          }),
          {locationId: 'invalid'},
        );
      // A provider of the service who does not work at one of its locations.
      for (const s of catalog.services.filter((x) => x.mode === 'in-person'))
        for (const locationId of s.locationIds) {
          const away = catalog.providers.find(
            (p) => s.providerIds.includes(p.id) && !p.locationIds.includes(locationId),
          );
          if (away) {
            await expectFields(
              a.getAvailability({serviceIds: [s.id], providerId: away.id, locationId, ...range}),
              {providerId: 'invalid'},
            );
            return;
          }
        }
    });

    // -- rules both backends take from src/domain/rules (catalog.ts, availability-query.ts)

    it('makes each provider’s slots as long as that provider’s own terms', async (ctx) => {
      const service = catalog.services.find((s) => {
        const lengths = new Set(s.providerIds.map((p) => durationOf([s], p)));
        return lengths.size > 1;
      });
      if (!service) return ctx.skip('no service whose length differs between providers');
      const lengths = new Map<string, number>();
      for (const providerId of service.providerIds) {
        const slots = await availability([service], providerId, 14);
        expect(slots.length, providerId).toBeGreaterThan(0);
        for (const s of slots) {
          expect(ms(s.end) - ms(s.start), `${providerId} ${s.start}`).toBe(
            durationOf([service], providerId) * MINUTE,
          );
        }
        lengths.set(providerId, ms(slots[0].end) - ms(slots[0].start));
      }
      expect(new Set(lengths.values()).size, 'providers’ own lengths, not one default').toBeGreaterThan(1);
      if (!clinic.booking.allowAnyProvider) return;
      for (const s of await availability([service], 'any', 14))
        expect(ms(s.end) - ms(s.start)).toBe(lengths.get(s.providerId));
    });

    it('for first available, offers one slot per start, from the first provider in catalog order', async (ctx) => {
      if (!clinic.booking.allowAnyProvider) return ctx.skip('the clinic does not offer first available');
      const service = catalog.services.find((s) => s.providerIds.length > 1);
      if (!service) return ctx.skip('no service with two providers');
      const byStart = new Map<number, string[]>();
      for (const providerId of service.providerIds) {
        for (const s of await availability([service], providerId, 14)) {
          byStart.set(ms(s.start), [...(byStart.get(ms(s.start)) ?? []), s.providerId]);
        }
      }
      const order = catalog.providers.map((p) => p.id);
      const any = await availability([service], 'any', 14);
      const starts = any.map((s) => ms(s.start));
      expect(new Set(starts).size, 'one slot per start').toBe(starts.length);
      expect([...starts].sort((x, y) => x - y)).toEqual([...byStart.keys()].sort((x, y) => x - y));
      let shared = 0;
      for (const s of any) {
        const free = byStart.get(ms(s.start)) ?? [];
        if (free.length > 1) shared++;
        const first = [...free].sort((x, y) => order.indexOf(x) - order.indexOf(y))[0];
        expect(s.providerId, s.start).toBe(first);
        expect(ms(s.end) - ms(s.start)).toBe(durationOf([service], s.providerId) * MINUTE);
      }
      expect(shared, 'some starts several providers could take').toBeGreaterThan(0);
    });

    it('refuses services of mixed mode, with no provider in common, or repeated (serviceIds)', async () => {
      const combos: {why: string; ids: string[]}[] = [];
      const services = catalog.services;
      const video = services.find((s) => s.mode === 'video');
      const inPerson = services.find((s) => s.mode === 'in-person');
      if (video && inPerson) combos.push({why: 'mixed mode', ids: [inPerson.id, video.id]});
      const apart = services
        .flatMap((x) => services.map((y) => [x, y] as const))
        .find(([x, y]) => x.mode === y.mode && !x.providerIds.some((p) => y.providerIds.includes(p)));
      if (apart) combos.push({why: 'no provider in common', ids: [apart[0].id, apart[1].id]});
      combos.push({why: 'repeated', ids: [services[0].id, services[0].id]});
      expect(combos.length, 'the catalog has services one visit cannot combine').toBeGreaterThan(1);
      const now = await serverNow();
      const range = {from: new Date(now).toISOString(), to: new Date(now + 7 * DAY).toISOString()};
      const {services: valid, slots} = await pickSlots(1);
      await signIn();
      for (const {why, ids} of combos) {
        const providerId = clinic.booking.allowAnyProvider ? 'any' : slots[0].providerId;
        await expectFields(a.getAvailability({serviceIds: ids, providerId, ...range}), {
          serviceIds: 'invalid',
        });
        if (caps.holds) await expectFields(a.holdSlot(slots[0], ids), {serviceIds: 'invalid'});
        if (caps.payments !== false)
          await expectFields(a.createDepositIntent(slots[0], ids, `combo-${ids.join('-')}`), {
            serviceIds: 'invalid',
          });
        const request = await bookingRequest(slots[0], valid, {signedIn: true});
        await expectFields(a.book({...request, serviceIds: ids}), {serviceIds: 'invalid'});
        expect(await stillFree(valid, slots[0]), why).toBe(true);
      }
    });

    it('accepts a range of up to 120 days and refuses a longer one (to)', async () => {
      const service = catalog.services[0];
      const providerId = clinic.booking.allowAnyProvider ? 'any' : firstProvider([service]);
      const now = await serverNow();
      const query = (to: number) =>
        a.getAvailability({
          serviceIds: [service.id],
          providerId,
          from: new Date(now).toISOString(),
          to: new Date(to).toISOString(),
        });
      const longest = await query(now + 120 * DAY);
      expect(longest.slots.length).toBeGreaterThan(0);
      await expectFields(query(now + 120 * DAY + MINUTE), {to: 'invalid'});
      await expectFields(query(now + 365 * DAY), {to: 'invalid'});
    });

    it('refuses a range that ends where or before it starts (to)', async () => {
      const service = catalog.services[0];
      const providerId = clinic.booking.allowAnyProvider ? 'any' : firstProvider([service]);
      const now = await serverNow();
      for (const to of [now, now - DAY]) {
        await expectFields(
          a.getAvailability({
            serviceIds: [service.id],
            providerId,
            from: new Date(now).toISOString(),
            to: new Date(to).toISOString(),
          }),
          {to: 'invalid'},
        );
      }
    });
  });

  // =========================================================================================
  describe('holds', () => {
    /**
     * Who holds in these cases (issue #14 item 7): a guest with a verified phone where the backend
     * verifies phones, else the signed-in patient; and their booking of the held slot.
     */
    async function holder(): Promise<{
      options: HoldOptions;
      request: (slot: Slot, services: readonly Service[]) => Promise<BookingRequest>;
    }> {
      if (!needsPhoneToken()) {
        await signIn();
        return {options: {}, request: (slot, services) => bookingRequest(slot, services, {signedIn: true})};
      }
      const patient = newDetails();
      const token = await verifyPhone(patient.phone);
      return {
        options: {phoneVerificationToken: token},
        request: async (slot, services) => ({
          ...(await bookingRequest(slot, services, {signedIn: true})),
          patient,
          phoneVerificationToken: token,
        }),
      };
    }

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
      const {options} = await holder();
      const now = await serverNow();
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
        options,
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

    it('holds only for a signed-in patient or a guest with a verified phone', async () => {
      if (!caps.holds) return;
      const {services, slots} = await pickSlots(1);
      const ids = services.map((s) => s.id);
      // A guest without a proof, or with a made-up one: no hold, the slot stays free.
      await expectFields(a.holdSlot(slots[0], ids), {phoneVerificationToken: 'required'});
      await expectFields(a.holdSlot(slots[0], ids, {phoneVerificationToken: 'ptk_made-up'}), {
        phoneVerificationToken: 'invalid',
      });
      expect(await stillFree(services, slots[0])).toBe(true);
      if (needsPhoneToken()) {
        const token = await verifyPhone(newDetails().phone);
        const hold = await a.holdSlot(slots[0], ids, {phoneVerificationToken: token});
        expect(slotKey(hold.slot)).toBe(slotKey(slots[0]));
        await a.releaseHold(hold.id);
      }
      await signIn();
      const hold = await a.holdSlot(slots[0], ids);
      expect(slotKey(hold.slot)).toBe(slotKey(slots[0]));
      await a.releaseHold(hold.id);
    });

    it('books a held slot with the hold, and refuses it to anyone else', async () => {
      if (!caps.holds) return;
      const {services, slots} = await pickSlots(1);
      const who = await holder();
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
        who.options,
      );
      await expectCode(a.book(await bookingRequest(slots[0], services)), 'slot-taken');
      const appointment = await a.book({...(await who.request(slots[0], services)), holdId: hold.id});
      expect(slotKey(appointment)).toBe(slotKey(slots[0]));
    });

    it('frees the slot when the hold expires, and still books with the expired hold if no one took it', async (ctx) => {
      if (!caps.holds) return;
      needClock(ctx);
      const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
      const who = await holder();
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
        who.options,
      );
      await advance((clinic.booking.holdMinutes + 1) * MINUTE);
      expect(await stillFree(services, slots[0])).toBe(true);
      const appointment = await a.book({...(await who.request(slots[0], services)), holdId: hold.id});
      expect(slotKey(appointment)).toBe(slotKey(slots[0]));
    });

    it('reports an expired hold whose slot was taken meanwhile', async (ctx) => {
      if (!caps.holds) return;
      needClock(ctx);
      const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
      const who = await holder();
      const hold = await a.holdSlot(
        slots[0],
        services.map((s) => s.id),
        who.options,
      );
      await advance((clinic.booking.holdMinutes + 1) * MINUTE);
      await a.book(await bookingRequest(slots[0], services));
      await expectCode(
        a.book({...(await who.request(slots[0], services)), holdId: hold.id}),
        'hold-expired',
        'slot-taken',
      );
    });
  });
}
