/**
 * The waitlist (#21): the signed-in patient joins, lists and leaves her entries (the domain's
 * `checkWaitlistRequest`, at most three waiting under a lock of her row); a cancellation offers
 * the time it frees to the waiting patients the domain's `waitlistCandidates` picks (first joined
 * first), each by an email with a single-use link (`#portal-offer=<token>`, only its hash stored)
 * and an SMS pointing to it on the numbers her reminder preferences send SMS to; one hold keeps
 * the time for them. Accepting books it under the provider's calendar lock, as `book` does: of
 * several offered patients accepting at once exactly one books it, the others are told it's gone.
 */
import {InvalidLinkError, NotFoundError, SlotTakenError} from '../../src/domain/errors.js';
import {appointmentMessageVars} from '../../src/domain/message-texts.js';
import {slotId} from '../../src/domain/rules/availability-query.js';
import {servicesIn} from '../../src/domain/rules/catalog.js';
import {reminderPhoneMessages} from '../../src/domain/rules/reminders.js';
import {
  checkWaitlistRequest,
  waitlistCandidates,
  waitlistEntryEnded,
  WAITLIST_LIMITS,
  type WaitlistEntry,
  type WaitlistOffer,
  type WaitlistRequest,
} from '../../src/domain/rules/waitlist.js';
import {
  authorizationFor,
  cardAuthorizationAmount,
  cardToAuthorize,
  type CardAuthorization,
} from '../../src/domain/rules/card-fees.js';
import {depositFor} from '../../src/domain/rules/visit-choice.js';
import {instantToZoned, parseInstant} from '../../src/domain/time.js';
import type {Appointment, Slot} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {findAppointment, type AppointmentRow} from '../repositories/appointments.js';
import {lockCalendar} from '../repositories/calendars.js';
import {patientCards} from '../repositories/cards.js';
import {deleteHold, insertHold} from '../repositories/holds.js';
import {findPatient, greetingName} from '../repositories/patients.js';
import {
  endWaitlistEntry,
  findWaitlistOffer,
  holdBooked,
  insertWaitlistEntry,
  insertWaitlistOffer,
  lockPatientWaitlist,
  offerBooked,
  waitingEntriesOf,
  waitingEntriesUntil,
  type WaitlistEntryRecord,
  type WaitlistOfferRow,
} from '../repositories/waitlist.js';
import {sha, token} from '../tokens.js';
import {createAppointment, view} from './appointment-records.js';
import {auditCall} from './audit.js';
import {slotStillFree} from './availability.js';
import {cardProvider, cardsOn} from './cards.js';
import {channelOn, payments} from './clinic.js';
import {instant, languageOf, num, type CallContext, type PortalContext} from './context.js';
import {appointmentVars, audit, send} from './notify.js';
import {prefsOf} from './reminder-preferences.js';
import {requirePatient} from './session.js';

/** The fragment key of an offer's link. */
export const OFFER_FRAGMENT = 'portal-offer';

const toEntry = (s: PortalContext, e: WaitlistEntryRecord): WaitlistEntry => ({
  id: e.id,
  serviceIds: e.serviceIds,
  ...(e.providerId !== undefined ? {providerId: e.providerId} : {}),
  from: e.from,
  to: e.to,
  partsOfDay: e.partsOfDay,
  joinedAt: instant(s, e.joined),
});

async function waiting(s: PortalContext, q: Queryable, patientId: string): Promise<WaitlistEntryRecord[]> {
  const now = s.clock();
  return (await waitingEntriesOf(q, patientId)).filter(
    (e) => !waitlistEntryEnded(e, now, s.data.clinic.timeZone),
  );
}

export async function listWaitlist(s: PortalContext, call: CallContext): Promise<WaitlistEntry[]> {
  const {patient} = await requirePatient(s, call);
  return (await waiting(s, s.db, patient.id)).map((e) => toEntry(s, e));
}

export async function joinWaitlist(
  s: PortalContext,
  call: CallContext,
  request: WaitlistRequest,
): Promise<WaitlistEntry> {
  const {patient} = await requirePatient(s, call);
  const entry = await s.db.transaction(async (q) => {
    // Joins of one patient wait for each other: the count below sees every committed entry.
    await lockPatientWaitlist(q, patient.id);
    const now = s.clock();
    const checked = checkWaitlistRequest(s.data, request, now, (await waiting(s, q, patient.id)).length);
    const row = await insertWaitlistEntry(q, {
      ...checked,
      id: `wl_${token(15)}`,
      patientId: patient.id,
      joined: now,
    });
    await audit(s, q, patient.id, 'waitlist.join', patient.id);
    return row;
  });
  return toEntry(s, entry);
}

export async function leaveWaitlist(s: PortalContext, call: CallContext, id: string): Promise<void> {
  const live = await requirePatient(s, call);
  const patient = live.patient;
  if (!(await endWaitlistEntry(s.db, id, 'left', patient.id))) {
    // Another patient's id (or none): denied, audited, as not found.
    await auditCall(s, s.db, call, {actor: patient.id, action: 'waitlist.denied', sessionId: live.row.id});
    throw new NotFoundError();
  }
  await audit(s, s.db, patient.id, 'waitlist.leave', patient.id);
}

/**
 * Offers the time a cancelled appointment frees to the waiting patients (inside the cancelling
 * transaction, under the provider's calendar lock): the domain picks whom and in which order; each
 * gets an email with her link (an SMS pointing to it on her SMS reminder numbers); one hold keeps
 * the time for {@link WAITLIST_LIMITS.offerMinutes} minutes.
 */
export async function offerFreedTime(s: PortalContext, q: Queryable, freed: AppointmentRow): Promise<void> {
  const now = s.clock();
  const start = num(freed.start_ms);
  if (start <= now) return;
  await lockCalendar(q, freed.provider_id);
  const entries = await waitingEntriesUntil(q, instantToZoned(start, s.data.clinic.timeZone).date);
  const slots = new Map<string, Slot>();
  const candidates: WaitlistEntryRecord[] = [];
  // The availability check is async; the domain's choice is run over the entries that fit.
  for (const e of entries) {
    try {
      const services = servicesIn(s.data, e.serviceIds);
      const id = slotId(freed.provider_id, start, e.serviceIds);
      slots.set(
        e.id,
        await slotStillFree(s, q, services, {providerId: freed.provider_id, start, slotId: id}, {}),
      );
      candidates.push(e);
    } catch {
      // Not free for this visit (too long, another booking): not offered.
    }
  }
  const chosen = waitlistCandidates(
    s.data,
    candidates,
    {providerId: freed.provider_id, start, patientId: freed.patient_id},
    now,
    (e) => slots.has(e.id),
  );
  if (chosen.length === 0) return;
  const expires = now + WAITLIST_LIMITS.offerMinutes * 60_000;
  const holdId = `hold_${token(15)}`;
  const first = slots.get(chosen[0].id) as Slot;
  await insertHold(q, {
    id: holdId,
    providerId: freed.provider_id,
    start,
    end: Math.max(num(freed.end_ms), ...chosen.map((e) => parseInstant((slots.get(e.id) as Slot).end))),
    slot: first,
    expires,
    holder: `waitlist:${holdId}`,
  });
  for (const e of chosen) {
    const slot = slots.get(e.id) as Slot;
    const t = token();
    await insertWaitlistOffer(q, {
      tokenHash: sha(t),
      entryId: e.id,
      patientId: e.patientId,
      holdId,
      slot,
      expires,
    });
    const patient = await findPatient(q, e.patientId);
    if (!patient) continue;
    const language = languageOf(patient);
    const vars = {
      ...appointmentMessageVars(
        s.data,
        {startMs: start, serviceIds: [], providerId: freed.provider_id, mode: slot.mode},
        language,
        greetingName(patient),
      ),
      minutes: String(WAITLIST_LIMITS.offerMinutes),
    };
    await send(s, q, {
      language,
      channel: 'email',
      to: patient.email,
      kind: 'waitlist-offer',
      vars,
      links: {offer: `${s.linkBase}#${OFFER_FRAGMENT}=${t}`},
    });
    for (const {channel, to} of reminderPhoneMessages(
      prefsOf(s, patient),
      (c) => c === 'sms' && channelOn(s, c),
    ))
      await send(s, q, {language, channel, to, kind: 'waitlist-offer', vars});
    await audit(s, q, 'waitlist', 'waitlist.offer', e.patientId, freed.id);
  }
}

async function offerOf(s: PortalContext, q: Queryable, tokenValue: unknown): Promise<WaitlistOfferRow> {
  const offer =
    typeof tokenValue === 'string' && tokenValue !== ''
      ? await findWaitlistOffer(q, sha(tokenValue))
      : undefined;
  if (!offer) throw new InvalidLinkError();
  return offer;
}

/** Whether the offer can still be booked: not expired, no offer of its time booked it, still free. */
async function stateOf(
  s: PortalContext,
  q: Queryable,
  offer: WaitlistOfferRow,
): Promise<WaitlistOffer['state']> {
  if (offer.appointment_id) return 'booked';
  if (num(offer.expires_ms) <= s.clock() || (await holdBooked(q, offer.hold_id))) return 'gone';
  try {
    await slotStillFree(
      s,
      q,
      servicesIn(s.data, offer.slot.serviceIds),
      {providerId: offer.slot.providerId, start: parseInstant(offer.slot.start), slotId: offer.slot.id},
      {holdId: offer.hold_id},
    );
    return 'open';
  } catch {
    return 'gone';
  }
}

export async function resolveWaitlistOffer(
  s: PortalContext,
  tokenValue: string,
  call?: CallContext,
): Promise<WaitlistOffer> {
  const offer = await offerOf(s, s.db, tokenValue);
  await auditCall(s, s.db, call, {
    actor: 'waitlist-link',
    action: 'waitlist.resolve',
    patientId: offer.patient_id,
  });
  const {slot} = offer;
  return {
    state: await stateOf(s, s.db, offer),
    start: instant(s, parseInstant(slot.start)),
    end: instant(s, parseInstant(slot.end)),
    providerId: slot.providerId,
    serviceIds: slot.serviceIds,
    ...(slot.locationId ? {locationId: slot.locationId} : {}),
    expiresAt: instant(s, num(offer.expires_ms)),
  };
}

/**
 * Books the offered time for the offer's patient: under the provider's calendar lock (as `book`),
 * checked again there (not expired, no other offer of the time booked it, free but for its hold),
 * then — where the clinic's policy keeps a card on file (#20 item 4), as `book` does — her default
 * card authorized (none saved: `ValidationError({cardId: 'required'})`; declined:
 * `PaymentFailedError`; either way nothing is written and the offer stays held for her), then the
 * appointment, the offer marked, the hold gone, the entry ended, the confirmation sent.
 */
export async function acceptWaitlistOffer(s: PortalContext, tokenValue: string): Promise<Appointment> {
  const first = await offerOf(s, s.db, tokenValue);
  if (first.appointment_id) {
    const done = await findAppointment(s.db, first.appointment_id);
    if (done) return view(s, done);
  }
  const row = await s.db.transaction(async (q) => {
    await lockCalendar(q, first.slot.providerId);
    const offer = await offerOf(s, q, tokenValue);
    if (offer.appointment_id) return (await findAppointment(q, offer.appointment_id)) as AppointmentRow;
    if (num(offer.expires_ms) <= s.clock() || (await holdBooked(q, offer.hold_id)))
      throw new SlotTakenError(offer.slot.id);
    const services = servicesIn(s.data, offer.slot.serviceIds);
    const free = await slotStillFree(
      s,
      q,
      services,
      {providerId: offer.slot.providerId, start: parseInstant(offer.slot.start), slotId: offer.slot.id},
      {holdId: offer.hold_id},
    );
    const patient = await findPatient(q, offer.patient_id);
    if (!patient) throw new InvalidLinkError();
    // The link went to the account's own address: she books as when signed in, card and all.
    const now = s.clock();
    const toAuthorize = cardsOn(s)
      ? cardAuthorizationAmount(s.data.clinic, depositFor(s.data, services, payments(s) !== false), true)
      : null;
    let authorization: CardAuthorization | undefined;
    if (toAuthorize) {
      const card = cardToAuthorize(await patientCards(q, patient.id), undefined, now);
      authorization = authorizationFor(card, toAuthorize, cardProvider(s), instant(s, now));
    }
    const apt = await createAppointment(s, q, {
      patientId: patient.id,
      services,
      providerId: free.providerId,
      start: parseInstant(free.start),
      status: 'booked',
      locationId: free.locationId,
      cardAuthorization: authorization,
      // The link went to the account's own address.
      ownerVerified: true,
    });
    if (!(await offerBooked(q, offer.token_hash, apt.id))) throw new SlotTakenError(offer.slot.id);
    await deleteHold(q, offer.hold_id);
    await endWaitlistEntry(q, offer.entry_id, 'booked');
    const language = languageOf(patient);
    await send(s, q, {
      language,
      channel: 'email',
      to: patient.email,
      kind: 'booking-confirmation',
      vars: appointmentVars(s, apt, language, patient),
      links: {portal: s.linkBase},
    });
    await audit(s, q, 'waitlist-link', 'waitlist.accept', patient.id, apt.id);
    return apt;
  });
  return view(s, row);
}
