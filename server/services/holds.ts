/**
 * Holding a slot while the patient types their details (when holds are on): validate the services
 * and the slot (domain rules) → lock the provider's calendar → check the slot is still free →
 * write the hold → bump the calendar.
 */
import {NotSupportedError} from '../../src/domain/errors.js';
import {decodeSlot} from '../../src/domain/rules/index.js';
import {resolveServices} from '../../src/domain/rules/index.js';
import {parseInstant} from '../../src/domain/time.js';
import type {Hold} from '../../src/adapters/adapter.js';
import type {Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {lockCalendar} from '../repositories/calendars.js';
import {deleteHold, insertHold} from '../repositories/holds.js';
import {token} from '../tokens.js';
import {recordCalendarChange, slotStillFree} from './availability.js';
import {instant, type PortalContext} from './context.js';

export async function holdSlot(s: PortalContext, slot: Slot, serviceIds: readonly string[]): Promise<Hold> {
  if (!s.holds) throw new NotSupportedError('holds');
  const services = resolveServices(s.data, serviceIds, 'serviceIds');
  const {providerId, start} = decodeSlot(s.data, slot, services);
  const id = `hold_${token(18)}`;
  const expires = s.clock() + s.data.clinic.booking.holdMinutes * 60_000;
  const free = await s.db.transaction(async (q: Queryable) => {
    const version = await lockCalendar(q, providerId);
    const found = await slotStillFree(s, q, services, {providerId, start, slotId: slot.id}, {});
    await insertHold(q, {
      id,
      providerId,
      start: parseInstant(found.start),
      end: parseInstant(found.end),
      slot: found,
      expires,
    });
    await recordCalendarChange(q, providerId, version);
    return found;
  });
  return {id, slot: free, expiresAt: instant(s, expires)};
}

export async function releaseHold(s: PortalContext, holdId: string): Promise<void> {
  if (!s.holds) throw new NotSupportedError('holds');
  await deleteHold(s.db, holdId);
}
