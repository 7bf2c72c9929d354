/** Contract cases: video visits (the join window and the connection check). */
import {beforeEach, describe, expect} from 'vitest';
import type {Capabilities, PortalAdapter} from '../../src/adapters/adapter.js';
import type {Catalog, Clinic} from '../../src/domain/types.js';
import type {ContractContext} from './context.js';
import {MINUTE, HOUR, ms, expectCode, expectNotSupported} from './helpers.js';

export function telehealthContract(c: ContractContext): void {
  const {it, needClock, serverNow, advanceTo, clockAt, signIn, bookedAppointment} = c;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;
  beforeEach(() => {
    ({a, caps, clinic, catalog} = c.state());
  });

  // =========================================================================================
  describe('telehealth', () => {
    it('gives join links only while the room is open', async (ctx) => {
      if (!caps.telehealth) {
        await signIn();
        await expectNotSupported(a.getVideoJoin('any'));
        return;
      }
      if (!catalog.services.some((s) => s.mode === 'video')) ctx.skip('no video service');
      const {appointment} = await bookedAppointment({mode: 'video', after: (await serverNow()) + 3 * HOUR});
      expect(appointment.mode).toBe('video');
      expect(appointment.video).toBeTruthy();
      const closed = await a.getVideoJoin(appointment.id);
      expect(closed.state).toBe('not-open');
      expect(closed.appUrl).toBeUndefined();
      expect(closed.webUrl).toBeUndefined();
      const opensAt = ms(closed.opensAt);
      const opensBefore = clinic.telehealth?.opensMinutesBefore ?? 0;
      expect(opensAt).toBe(ms(appointment.start) - opensBefore * MINUTE);
      expect(ms(closed.endsAt)).toBe(ms(appointment.end));
      expect(appointment.actions.join).toBe(false);
      needClock(ctx);
      const allowed = clinic.telehealth?.allowedHosts ?? [];
      const check = (url: string | undefined, schemes: string[]) => {
        expect(url).toBeTruthy();
        const u = new URL(url as string);
        expect(schemes).toContain(u.protocol);
        if (u.protocol === 'https:') expect(allowed).toContain(u.hostname);
      };
      await advanceTo(opensAt + MINUTE);
      await signIn();
      const open = await a.getVideoJoin(appointment.id);
      expect(open.state).toBe('open');
      check(open.webUrl, ['https:']);
      check(open.appUrl, ['https:', 'zoommtg:', 'zoomus:', 'org.jitsi.meet:']);
      expect((await a.getAppointment(appointment.id)).actions.join).toBe(true);
      await advanceTo(ms(appointment.start) + MINUTE);
      await signIn();
      expect((await a.getVideoJoin(appointment.id)).state).toBe('in-progress');
      await advanceTo(ms(appointment.end) + MINUTE);
      await signIn();
      const ended = await a.getVideoJoin(appointment.id);
      expect(ended.state).toBe('ended');
      expect(ended.appUrl).toBeUndefined();
      expect(ended.webUrl).toBeUndefined();
    });

    it('says a cancelled video visit is cancelled', async (ctx) => {
      if (!caps.telehealth || !caps.cancel) return;
      if (!catalog.services.some((s) => s.mode === 'video')) ctx.skip('no video service');
      const {appointment} = await bookedAppointment({mode: 'video'});
      const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
      await a.cancelAppointment({
        appointmentId: appointment.id,
        reasonId: reason?.id ?? 'other',
        note: 'x',
      });
      const join = await a.getVideoJoin(appointment.id);
      expect(join.state).toBe('cancelled');
      expect(join.appUrl).toBeUndefined();
    });

    it('has no video room for an in-person visit', async () => {
      if (!caps.telehealth) return;
      const {appointment} = await bookedAppointment({mode: 'in-person'});
      await expectCode(a.getVideoJoin(appointment.id), 'not-found', 'validation');
    });

    it('measures the connection', async () => {
      const latency = await a.checkConnection();
      expect(typeof latency).toBe('number');
      expect(latency).toBeGreaterThanOrEqual(0);
    });
    it('offers to join in the actions only while the room is open', async (ctx) => {
      if (!caps.telehealth) return;
      if (!catalog.services.some((s) => s.mode === 'video')) return ctx.skip('no video service');
      needClock(ctx);
      const {appointment} = await bookedAppointment({mode: 'video', after: (await serverNow()) + 3 * HOUR});
      const opensAt = ms(appointment.start) - (clinic.telehealth?.opensMinutesBefore ?? 0) * MINUTE;
      const end = ms(appointment.end);
      const joinAt = async (t: number) => {
        await clockAt(t);
        await signIn();
        return (await a.getAppointment(appointment.id)).actions.join;
      };
      expect(await joinAt(opensAt - 1000), 'a second before the room opens').toBe(false);
      expect(await joinAt(opensAt), 'as the room opens').toBe(true);
      expect(await joinAt(end - 1000), 'in the visit’s last second').toBe(true);
      expect(await joinAt(end), 'once it has ended').toBe(false);
    });
  });
}
