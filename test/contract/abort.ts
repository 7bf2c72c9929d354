/** Contract cases: aborting with an AbortSignal: aborted reads and writes. */
import {beforeEach, describe, expect} from 'vitest';
import {isAbortError, type PortalAdapter} from '../../src/adapters/adapter.js';
import type {AdapterHarness} from './harness.js';
import type {ContractContext} from './context.js';
import {ms, rejection, slotKey} from './helpers.js';

export function abortContract(c: ContractContext): void {
  const {it, signIn, pickSlots, bookingRequest, listAll, stillFree} = c;
  let h: AdapterHarness;
  let a: PortalAdapter;
  beforeEach(() => {
    ({h, a} = c.state());
  });

  // =========================================================================================
  describe('abort', () => {
    const aborted = (reason?: unknown) => {
      const c = new AbortController();
      c.abort(reason);
      return c.signal;
    };

    it('rejects a read with AbortError when the signal is already aborted', async () => {
      const e = await rejection(a.getCatalog({signal: aborted()}));
      expect(isAbortError(e)).toBe(true);
      expect(isAbortError(await rejection(a.getServerTime({signal: aborted()})))).toBe(true);
    });

    it('rejects with the signal’s own reason', async () => {
      const reason = new Error('navigated away');
      expect(await rejection(a.getClinic({signal: aborted(reason)}))).toBe(reason);
    });

    it('applies no write after an abort', async () => {
      const {services, slots} = await pickSlots(1);
      await signIn();
      const request = await bookingRequest(slots[0], services, {signedIn: true});
      expect(isAbortError(await rejection(a.book(request, {signal: aborted()})))).toBe(true);
      expect(await stillFree(services, slots[0])).toBe(true);
      expect((await listAll({when: 'upcoming'})).filter((x) => slotKey(x) === slotKey(slots[0])).length).toBe(
        0,
      );
      // The same key afterwards books normally (nothing was recorded under it).
      expect(ms((await a.book(request)).start)).toBe(ms(slots[0].start));
      await a.signOut();
      expect(isAbortError(await rejection(a.signIn(h.knownPatient, {signal: aborted()})))).toBe(true);
      expect(await a.getSession()).toBeNull();
    });
  });
}
