/**
 * Holding a slot while the patient types their details (when holds are on): validate the services
 * and the slot (domain rules) → lock the provider's calendar → check the slot is still free →
 * write the hold → bump the calendar.
 */
import {NotSupportedError, RateLimitedError, ValidationError} from '../../src/domain/errors.js';
import {ABUSE_LIMITS, decodeSlot, holdProofProblem} from '../../src/domain/rules/index.js';
import {resolveServices} from '../../src/domain/rules/index.js';
import {parseInstant} from '../../src/domain/time.js';
import type {Hold} from '../../src/adapters/adapter.js';
import type {Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {lockCalendar} from '../repositories/calendars.js';
import {deleteHoldOf, insertHold, liveHoldsOf} from '../repositories/holds.js';
import {findPhoneToken} from '../repositories/phone-codes.js';
import {sha, token} from '../tokens.js';
import {slotStillFree} from './availability.js';
import {instant, num, type CallContext, type PortalContext} from './context.js';
import {liveSession} from './session.js';

/**
 * Who may hold and release (and create, pay and book with a deposit intent): the signed-in patient
 * (`patient:<id>`), else the caller's address (`address:<address>`). Both, when a patient signed in
 * after holding anonymously. The first is the one a new hold or intent is recorded under.
 */
export async function holdersOf(s: PortalContext, call: CallContext): Promise<string[]> {
  const live = await liveSession(s, call);
  const address = `address:${call.address ?? 'unknown'}`;
  return live ? [`patient:${live.patient.id}`, address] : [address];
}

/**
 * Holds a slot for its holder (issue #14 item 7: slot squatting): at most
 * `ABUSE_LIMITS.liveHoldsPerHolder` live holds each (429 until the soonest ends), and a few
 * holds an hour (releasing and holding again does not get round it).
 */
export async function holdSlot(
  s: PortalContext,
  slot: Slot,
  serviceIds: readonly string[],
  call: CallContext = {},
  phoneVerificationToken?: string,
): Promise<Hold> {
  if (!s.holds) throw new NotSupportedError('holds');
  const now = s.clock();
  // A signed-in patient, or a guest with a verified phone (item 7): no anonymous holds.
  const signedIn = (await liveSession(s, call)) !== null;
  const proofRow =
    !signedIn && typeof phoneVerificationToken === 'string' && phoneVerificationToken !== ''
      ? await findPhoneToken(s.db, sha(phoneVerificationToken))
      : undefined;
  const proof = proofRow && {used: proofRow.used, expires: num(proofRow.expires_ms)};
  const problem = holdProofProblem(signedIn, phoneVerificationToken, proof, now);
  if (problem) throw new ValidationError({phoneVerificationToken: problem});
  const services = resolveServices(s.data, serviceIds, 'serviceIds');
  const {providerId, start} = decodeSlot(s.data, slot, services);
  const [holder] = await holdersOf(s, call);
  const live = await liveHoldsOf(s.db, holder, now);
  if (live.length >= ABUSE_LIMITS.liveHoldsPerHolder)
    throw new RateLimitedError(Math.max(1, Math.ceil((live[0] - now) / 1000)));
  await s.limits.take(`holds:${holder}`, ABUSE_LIMITS.holdsPerHolderHour);
  // A guest's verified phone is a holder too: new addresses with one proof get no more holds.
  if (proofRow) await s.limits.take(`holds:phone:${proofRow.phone}`, ABUSE_LIMITS.holdsPerHolderHour);
  const id = `hold_${token(18)}`;
  const expires = now + s.data.clinic.booking.holdMinutes * 60_000;
  const free = await s.db.transaction(async (q: Queryable) => {
    await lockCalendar(q, providerId);
    const found = await slotStillFree(s, q, services, {providerId, start, slotId: slot.id}, {});
    await insertHold(q, {
      id,
      providerId,
      start: parseInstant(found.start),
      end: parseInstant(found.end),
      slot: found,
      expires,
      holder,
    });
    return found;
  });
  return {id, slot: free, expiresAt: instant(s, expires)};
}

/** Releases a hold of the caller's; anyone else's stays (the answer is the same: nothing to learn). */
export async function releaseHold(s: PortalContext, holdId: string, call: CallContext = {}): Promise<void> {
  if (!s.holds) throw new NotSupportedError('holds');
  await deleteHoldOf(s.db, holdId, await holdersOf(s, call));
}
