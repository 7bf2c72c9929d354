/**
 * The memory adapter's waitlist (#21): each patient's waiting entries, checked and matched by the
 * domain's rules (`domain/rules/waitlist.ts`), and the offers a cancellation sends — an emailed
 * link (`#portal-offer=<token>`) that holds the freed time for the waiting patients; the first to
 * accept books it, the others are told it's gone. Its records live beside the adapter's state
 * (keyed by it), so the chunk every page loads stays as it was. Loaded with the appointment
 * operations (a cancellation offers the time it frees) and on the first waitlist call.
 */
import {InvalidLinkError, NotFoundError, SlotTakenError} from '../../domain/errors.js';
import {slotId} from '../../domain/rules/availability-query.js';
import {servicesIn} from '../../domain/rules/catalog.js';
import {reminderPhoneMessages, reminderPreferencesOf} from '../../domain/rules/reminders.js';
import {
  checkWaitlistRequest,
  waitlistCandidates,
  waitlistEntryEnded,
  waitlistOrder,
  WAITLIST_LIMITS,
  type WaitlistEntry,
  type WaitlistEntryFacts,
  type WaitlistOffer,
  type WaitlistRequest,
} from '../../domain/rules/waitlist.js';
import {
  authorizationFor,
  cardAuthorizationAmount,
  cardToAuthorize,
  type CardAuthorization,
} from '../../domain/rules/card-fees.js';
import {depositFor} from '../../domain/rules/visit-choice.js';
import {parseInstant} from '../../domain/time.js';
import type {Appointment, Slot} from '../../domain/types.js';
import {checkSlot, toAppointment} from './booking.js';
import {MINUTE, type AppointmentRecord, type PatientRecord} from './internals.js';
import {appointmentMessageVars} from '../../domain/message-texts.js';
import {appointmentVars, send} from './messages.js';
import type {MemoryState} from './state.js';

/** The fragment key of an offer's link. */
export const FRAGMENT_OFFER = 'portal-offer';

interface EntryRecord extends WaitlistEntryFacts {
  readonly patientId: string;
  ended?: 'booked' | 'left';
}

interface OfferRecord {
  readonly entryId: string;
  readonly patientId: string;
  /** The hold every offer of one freed time shares. */
  readonly holdId: string;
  readonly slot: Slot;
  readonly expires: number;
  appointmentId?: string;
}

interface Store {
  readonly entries: Map<string, EntryRecord>;
  /** By token. */
  readonly offers: Map<string, OfferRecord>;
}

const stores = new WeakMap<MemoryState, Store>();
function store(memory: MemoryState): Store {
  let s = stores.get(memory);
  if (!s) stores.set(memory, (s = {entries: new Map(), offers: new Map()}));
  return s;
}

/** Accepting an offer may keep a card on file (#20 item 4): with cards on, their part is loaded. */
export async function ready(memory: MemoryState): Promise<void> {
  if (memory.caps.cards && !memory.cardsOf) await (await import('./cards.js')).ready(memory);
}

const need = (memory: MemoryState) => memory.need(memory.caps.waitlist === true, 'waitlist');

function active(memory: MemoryState, patientId: string): EntryRecord[] {
  const tz = memory.data.clinic.timeZone;
  return waitlistOrder(
    [...store(memory).entries.values()].filter(
      (e) => e.patientId === patientId && !e.ended && !waitlistEntryEnded(e, memory.clock(), tz),
    ),
  );
}

function toEntry(memory: MemoryState, e: EntryRecord): WaitlistEntry {
  return {
    id: e.id,
    serviceIds: [...e.serviceIds],
    ...(e.providerId !== undefined ? {providerId: e.providerId} : {}),
    from: e.from,
    to: e.to,
    partsOfDay: [...e.partsOfDay],
    joinedAt: memory.instant(e.joined),
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

export function listWaitlist(memory: MemoryState): WaitlistEntry[] {
  need(memory);
  const patient = memory.requirePatient();
  return active(memory, patient.id).map((e) => toEntry(memory, e));
}

export function joinWaitlist(memory: MemoryState, request: WaitlistRequest): WaitlistEntry {
  need(memory);
  const patient = memory.requirePatient();
  const now = memory.clock();
  const checked = checkWaitlistRequest(memory.data, request, now, active(memory, patient.id).length);
  const record: EntryRecord = {
    ...checked,
    id: `wl_${memory.nextToken('waitlist').slice(0, 20)}`,
    patientId: patient.id,
    joined: now,
    seq: ++memory.seq,
  };
  store(memory).entries.set(record.id, record);
  return toEntry(memory, record);
}

export function leaveWaitlist(memory: MemoryState, id: string): void {
  need(memory);
  const patient = memory.requirePatient();
  const e = store(memory).entries.get(id);
  if (!e || e.patientId !== patient.id || e.ended) throw new NotFoundError();
  e.ended = 'left';
}

function offerFor(memory: MemoryState, token: string): OfferRecord {
  need(memory);
  const offer = typeof token === 'string' ? store(memory).offers.get(token) : undefined;
  if (!offer) throw new InvalidLinkError();
  return offer;
}

/** Whether the offer can still be booked: not expired, no one booked this freed time, still free. */
function offerState(memory: MemoryState, offer: OfferRecord): WaitlistOffer['state'] {
  if (offer.appointmentId) return 'booked';
  if (offer.expires <= memory.clock()) return 'gone';
  for (const o of store(memory).offers.values())
    if (o.holdId === offer.holdId && o.appointmentId) return 'gone';
  try {
    checkSlot(memory, offer.slot, servicesIn(memory.data, offer.slot.serviceIds), {holdId: offer.holdId});
    return 'open';
  } catch {
    return 'gone';
  }
}

export function resolveWaitlistOffer(memory: MemoryState, token: string): WaitlistOffer {
  const offer = offerFor(memory, token);
  const {slot} = offer;
  return {
    state: offerState(memory, offer),
    start: slot.start,
    end: slot.end,
    providerId: slot.providerId,
    serviceIds: [...slot.serviceIds],
    ...(slot.locationId ? {locationId: slot.locationId} : {}),
    expiresAt: memory.instant(offer.expires),
  };
}

export function acceptWaitlistOffer(memory: MemoryState, token: string): Appointment {
  const offer = offerFor(memory, token);
  if (offer.appointmentId)
    return toAppointment(memory, memory.appointments.get(offer.appointmentId) as AppointmentRecord);
  if (offerState(memory, offer) !== 'open') throw new SlotTakenError(offer.slot.id);
  const services = servicesIn(memory.data, offer.slot.serviceIds);
  const free = checkSlot(memory, offer.slot, services, {holdId: offer.holdId});
  const patient = memory.patients.get(offer.patientId) as PatientRecord;
  // The link went to the account's own address: she books as when signed in, so where the policy
  // keeps a card on file her default card is authorized first (none: `cardId` required; declined:
  // payment failed) — nothing stored, the offer still held for her.
  const now = memory.clock();
  const toAuthorize =
    memory.caps.cards && memory.cardsOf
      ? cardAuthorizationAmount(
          memory.data.clinic,
          depositFor(memory.data, services, memory.caps.payments !== false),
          true,
        )
      : null;
  let authorization: CardAuthorization | undefined;
  if (toAuthorize) {
    const card = cardToAuthorize(memory.cardsOf!(patient.id), undefined, now);
    authorization = authorizationFor(card, toAuthorize, 'demo', memory.instant(now));
  }
  const apt = memory.createAppointment({
    key: `n${++memory.seq}`,
    patientId: patient.id,
    serviceIds: offer.slot.serviceIds,
    providerId: free.providerId,
    start: parseInstant(free.start),
    status: 'booked',
    locationId: free.locationId,
    cardAuthorization: authorization,
    // The link went to the account's own address.
    ownerVerified: true,
  });
  offer.appointmentId = apt.id;
  memory.holds.delete(offer.holdId);
  const entry = store(memory).entries.get(offer.entryId);
  if (entry) entry.ended = 'booked';
  send(memory, patient.language, {
    channel: 'email',
    to: patient.email,
    kind: 'booking-confirmation',
    vars: appointmentVars(memory, apt, patient.language),
    links: {portal: memory.linkBase()},
  });
  return toAppointment(memory, apt);
}

/**
 * A cancelled appointment's time, offered to the waiting patients it matches (the domain's order
 * and limit), each by an email with a link (and an SMS pointing to it, on the numbers her reminder
 * preferences send SMS to); one hold keeps the time for them for `offerMinutes`.
 */
export function offerFreedTime(memory: MemoryState, freed: AppointmentRecord): void {
  if (memory.caps.waitlist !== true) return;
  const s = store(memory);
  const now = memory.clock();
  const slots = new Map<string, Slot>();
  const waiting = [...s.entries.values()].filter((e) => !e.ended);
  const chosen = waitlistCandidates(
    memory.data,
    waiting,
    {providerId: freed.providerId, start: freed.start, patientId: freed.patientId},
    now,
    (e) => {
      const id = slotId(freed.providerId, freed.start, e.serviceIds);
      const probe = {id, start: memory.instant(freed.start), providerId: freed.providerId} as Slot;
      try {
        slots.set(e.id, checkSlot(memory, probe, servicesIn(memory.data, e.serviceIds), {}));
        return true;
      } catch {
        return false;
      }
    },
  );
  if (chosen.length === 0) return;
  const expires = now + WAITLIST_LIMITS.offerMinutes * MINUTE;
  const holdId = `hold_${memory.nextToken('waitlist-hold').slice(0, 20)}`;
  const first = slots.get(chosen[0].id) as Slot;
  memory.holds.set(holdId, {
    id: holdId,
    slot: first,
    providerId: freed.providerId,
    start: freed.start,
    end: Math.max(freed.end, ...chosen.map((e) => parseInstant((slots.get(e.id) as Slot).end))),
    expires,
  });
  for (const e of chosen) {
    const slot = slots.get(e.id) as Slot;
    const token = memory.nextToken('waitlist-offer');
    s.offers.set(token, {entryId: e.id, patientId: e.patientId, holdId, slot, expires});
    const patient = memory.patients.get(e.patientId);
    if (!patient) continue;
    const lang = patient.language;
    const vars = {
      ...appointmentMessageVars(
        memory.data,
        {startMs: freed.start, serviceIds: [], providerId: freed.providerId, mode: slot.mode},
        lang,
        patient.givenName,
      ),
      minutes: String(WAITLIST_LIMITS.offerMinutes),
    };
    send(memory, lang, {
      channel: 'email',
      to: patient.email,
      kind: 'waitlist-offer',
      vars,
      links: {offer: memory.link(FRAGMENT_OFFER, token)},
    });
    const prefs = reminderPreferencesOf(memory.data.clinic, (c) => memory.channelOn(c), patient);
    for (const {channel, to} of reminderPhoneMessages(prefs, (c) => c === 'sms' && memory.channelOn(c)))
      send(memory, lang, {channel, to, kind: 'waitlist-offer', vars});
  }
}
