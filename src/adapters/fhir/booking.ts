/**
 * Booking, holds and rescheduling on FHIR, in a chunk of its own (loaded on the first booking,
 * hold or reschedule call: a booking widget's first steps — clinic, catalog, availability — do
 * not need it). Booking takes the Slots with `If-Match` (two patients never get one slot) and
 * creates the Appointment conditionally on the booking intent's identifier (a retried request
 * yields one appointment), or goes through the server's `Appointment/$book`; holds are the
 * server's `Appointment/$hold`; a reschedule moves the same Appointment with `If-Match`, the new
 * Slots taken first, the old ones freed. The adapter's session comes in through the same host as
 * the appointments part's ({@link AppointmentsHost}).
 */
import {
  ForbiddenError,
  NetworkError,
  NotSignedInError,
  NotSupportedError,
  SlotTakenError,
  ValidationError,
  type BookingRequest,
  type FieldErrorCode,
  type Hold,
  type HoldOptions,
  type RequestOptions,
  type RescheduleRequest,
} from '../adapter.js';
import {
  bookingFingerprint,
  bookingTermsProblems,
  canChange,
  checkRescheduleSlot,
  decodeSlot,
  durationWith,
  patientDetailsProblems,
  rescheduleFingerprint,
  resolveServices,
  slotsFor,
  type ClinicData,
} from '../../domain/rules/index.js';
import {instantToPlainDate, toInstantString} from '../../domain/time.js';
import type {Appointment, PatientDetails, Slot} from '../../domain/types.js';
import {
  facts as factsOf,
  own,
  release,
  reschedulesOf,
  slotIdsOf,
  slotKeyOf,
  view,
  type AppointmentsHost,
} from './appointments.js';
import type {FhirClinic} from './clinic.js';
import {EXT, SYSTEM, ext, type Reference, type Resource} from './profile.js';
import {withFreeTime, type FhirSlot} from './slots.js';

const MINUTE = 60_000;

type Services = ReturnType<typeof resolveServices>;

async function byKey(h: AppointmentsHost, key: string, signal?: AbortSignal): Promise<Resource | undefined> {
  const found = await h.http.searchAll('Appointment', {identifier: `${SYSTEM.bookingKey}|${key}`}, signal);
  return found[0];
}

export async function book(
  h: AppointmentsHost,
  request: BookingRequest,
  options: RequestOptions = {},
): Promise<Appointment> {
  const signal = options.signal;
  signal?.throwIfAborted();
  const clinic = await h.clinic(signal);
  const data = clinic.data;
  if (typeof request?.idempotencyKey !== 'string' || request.idempotencyKey === '')
    throw new ValidationError({idempotencyKey: 'required'});
  if (request.idempotencyKey.length > 200) throw new ValidationError({idempotencyKey: 'too-long'});
  const hadSession = h.hadSession();
  const session = h.live();
  if (!session && hadSession) throw new NotSignedInError('session-expired');
  if (session) session.lastUsed = h.now();
  const details = session ? undefined : request.patient;
  if (!session && !details) throw new ValidationError({patient: 'required'});
  const key = request.idempotencyKey;
  const print = bookingFingerprint(request, session ? h.patientOf(session) : details);

  const earlier = await byKey(h, key, signal);
  if (earlier) return repeated(h, earlier, print, data, signal);

  const now = h.now();
  const fields: Record<string, FieldErrorCode> = {
    ...(details
      ? patientDetailsProblems(details, 'patient.', instantToPlainDate(now, data.clinic.timeZone))
      : {}),
    ...bookingTermsProblems(data.clinic, request, details !== undefined),
  };
  let services: Services = [];
  let at: {providerId: string; start: number} | undefined;
  try {
    services = resolveServices(data, request.serviceIds, 'serviceIds');
    at = decodeSlot(data, request.slot, services);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(fields, e.fields);
  }
  if (Object.keys(fields).length > 0 || !at) throw new ValidationError(fields);

  const end = at.start + durationWith(services, at.providerId) * MINUTE;
  const holdId = typeof request.holdId === 'string' && request.holdId !== '' ? request.holdId : undefined;
  const covering = await takeable(h, clinic, services, at, end, key, now, signal, undefined, holdId);
  // Nothing is written before this point: an aborted request leaves nothing behind.
  signal?.throwIfAborted();
  // The Appointment to store, for the patient (a guest gets a Patient of her own first).
  const visit = async () =>
    appointmentBody(h, {
      key,
      print,
      patientRef: session
        ? `Patient/${h.patientOf(session)}`
        : await guestPatient(h, details as PatientDetails, key),
      providerId: at.providerId,
      locationId: covering[0]?.locationId,
      services: services.map((s) => s.id),
      start: at.start,
      end,
      slots: covering.map((s) => s.id),
      now,
      ...(services[0]?.mode === 'video' && data.clinic.telehealth ? {room: newRoom()} : {}),
    });
  if (clinic.operations.has('book')) {
    // The server's `Appointment/$book` takes the Slots and stores the Appointment in one step.
    const booked = await operation(h, 'book', {
      ...(await visit()),
      status: 'pending',
      ...(holdId ? {id: holdId} : {}),
    });
    return view(h, booked, data);
  }
  await take(h, covering, key);
  let appointment: Resource;
  try {
    appointment = await createAppointment(h, await visit(), key);
  } catch (e) {
    await release(h, covering, key);
    throw e;
  }
  return view(h, appointment, data);
}

/** The same key again: the same appointment if it is the same booking, else a refusal. */
async function repeated(
  h: AppointmentsHost,
  earlier: Resource,
  print: string,
  data: ClinicData,
  signal?: AbortSignal,
): Promise<Appointment> {
  if (ext(earlier, EXT.bookingFingerprint)?.valueString !== print)
    throw new ValidationError({idempotencyKey: 'invalid'});
  signal?.throwIfAborted();
  return view(h, earlier, data);
}

/**
 * The FHIR Slots that make up the visit, checked against the shared rules: offered now (free,
 * or already taken by this very booking intent) → the slots; offered but someone else has a
 * slot → `SlotTakenError`; not offered at all → `ValidationError({slot: 'unavailable'})`.
 */
async function takeable(
  h: AppointmentsHost,
  clinic: FhirClinic,
  services: Services,
  at: {providerId: string; start: number},
  end: number,
  key: string,
  now: number,
  signal?: AbortSignal,
  alsoMine?: string,
  holdId?: string,
): Promise<FhirSlot[]> {
  const data = clinic.data;
  const tz = data.clinic.timeZone;
  const all = await h.slots(clinic, [at.providerId], at.start, end, true, signal);
  const offered = (slots: FhirSlot[]) =>
    slotsFor(
      withFreeTime(
        data,
        slots,
        [at.providerId],
        instantToPlainDate(at.start, tz),
        instantToPlainDate(end, tz),
      ),
      {services, providerIds: [at.providerId], from: at.start, to: at.start + 1, now, busy: []},
    ).length > 0;
  // Free, or taken by this very intent (a retry) or by the visit being moved (`alsoMine`), or
  // held by the patient's own hold (`$hold`).
  const ours = all.filter(
    (s) =>
      s.status === 'free' ||
      (s.status === 'busy' &&
        (s.bookingKey === key || (alsoMine !== undefined && s.bookingKey === alsoMine))) ||
      (s.status === 'busy-tentative' && holdId !== undefined && s.heldBy === holdId),
  );
  // One location's consecutive slots: those of the location the run starts at.
  const first = ours.find((s) => s.start === at.start);
  const covering = ours.filter((s) => s.locationId === first?.locationId);
  if (first && offered(covering)) return covering;
  const asIfFree = all.filter((s) => s.status !== 'entered-in-error').map((s) => ({...s, status: 'free'}));
  if (offered(asIfFree)) throw new SlotTakenError(undefined);
  throw new ValidationError({slot: 'unavailable'});
}

/** Marks the slots busy for this booking intent, each with `If-Match`; all or none. */
async function take(h: AppointmentsHost, slots: readonly FhirSlot[], key: string): Promise<void> {
  const taken: FhirSlot[] = [];
  for (const s of slots) {
    if (s.status === 'busy' && s.bookingKey === key) continue;
    const body = {
      ...s.resource,
      status: 'busy',
      extension: [
        ...(s.resource.extension ?? []).filter((e) => e.url !== EXT.bookingKey),
        {url: EXT.bookingKey, valueString: key},
      ],
    };
    const res = await h.http.request('PUT', `Slot/${s.id}`, {
      body,
      headers: s.version ? {'If-Match': `W/"${s.version}"`} : {},
      allowConflict: true,
    });
    if (res.status === 409 || res.status === 412) {
      // Someone changed it first: ours (a parallel call with this key) or someone else's.
      const now = (await h.http.request('GET', `Slot/${s.id}`)).body;
      if (now.status === 'busy' && ext(now, EXT.bookingKey)?.valueString === key) continue;
      await release(h, taken, key);
      throw new SlotTakenError(undefined);
    }
    taken.push({...s, version: res.version ?? res.body.meta?.versionId, resource: res.body});
  }
}

/**
 * A Patient for a booking made without signing in: one per booking intent (conditional create
 * on its identifier), never matched to an existing record by email (QUALITY 34).
 */
async function guestPatient(h: AppointmentsHost, d: PatientDetails, key: string): Promise<string> {
  const res = await h.http.request('POST', 'Patient', {
    headers: {'If-None-Exist': `identifier=${SYSTEM.guest}|${encodeURIComponent(key)}`},
    body: {
      resourceType: 'Patient',
      identifier: [{system: SYSTEM.guest, value: key}],
      name: [{given: [d.givenName.trim()], family: d.familyName.trim()}],
      telecom: [
        {system: 'email', value: d.email.trim()},
        {system: 'sms', value: d.phone.trim(), use: 'mobile', rank: 1},
      ],
      birthDate: d.dateOfBirth,
      communication: [{language: {coding: [{system: 'urn:ietf:bcp:47', code: d.language}]}, preferred: true}],
    },
  });
  return `Patient/${res.body.id}`;
}

/** Creates the Appointment once per booking key (conditional create on its identifier). */
async function createAppointment(h: AppointmentsHost, body: Resource, key: string): Promise<Resource> {
  const res = await h.http.request('POST', 'Appointment', {
    headers: {'If-None-Exist': `identifier=${SYSTEM.bookingKey}|${encodeURIComponent(key)}`},
    body,
  });
  return res.body;
}

/**
 * `Appointment/$hold` or `$book` with the Appointment as `appointment-resource`; the Appointment
 * the server answers with (in its Bundle, or alone). A conflict (409/412, or a hold the server
 * turned down as `cancelled`) is the slot taken.
 */
async function operation(
  h: AppointmentsHost,
  name: 'hold' | 'book',
  appointment: Resource,
): Promise<Resource> {
  const res = await h.http.request<Resource>('POST', `Appointment/$${name}`, {
    body: {
      resourceType: 'Parameters',
      parameter: [{name: 'appointment-resource', resource: appointment}],
    },
    allowConflict: true,
  });
  if (res.status === 409 || res.status === 412) throw new SlotTakenError(undefined);
  const body = res.body;
  const found =
    body.resourceType === 'Appointment'
      ? body
      : ((body.entry as {resource?: Resource}[] | undefined) ?? [])
          .map((e) => e.resource)
          .find((r): r is Resource => r?.resourceType === 'Appointment');
  if (!found) throw new NetworkError('server');
  if (found.status === 'cancelled') throw new SlotTakenError(undefined);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Holds: where the server offers `Appointment/$hold` (its CapabilityStatement says so).

export async function holdSlot(
  h: AppointmentsHost,
  slot: Slot,
  serviceIds: readonly string[],
  options: HoldOptions = {},
): Promise<Hold> {
  const signal = options.signal;
  signal?.throwIfAborted();
  const clinic = await h.clinic(signal);
  if (!clinic.operations.has('hold')) throw new NotSupportedError('holds');
  const data = clinic.data;
  const hadSession = h.hadSession();
  const session = h.live();
  if (!session) {
    if (hadSession) throw new NotSignedInError('session-expired');
    // Phones are not verified through FHIR: only a signed-in patient holds.
    throw new ValidationError({
      phoneVerificationToken: options.phoneVerificationToken ? 'invalid' : 'required',
    });
  }
  session.lastUsed = h.now();
  const services = resolveServices(data, serviceIds, 'serviceIds');
  const at = decodeSlot(data, slot, services);
  const end = at.start + durationWith(services, at.providerId) * MINUTE;
  const now = h.now();
  const covering = await takeable(h, clinic, services, at, end, `hold:${h.patientOf(session)}`, now, signal);
  signal?.throwIfAborted();
  const body = appointmentBody(h, {
    patientRef: `Patient/${h.patientOf(session)}`,
    providerId: at.providerId,
    locationId: covering[0]?.locationId,
    services: services.map((s) => s.id),
    start: at.start,
    end,
    slots: covering.map((s) => s.id),
    now,
  });
  const held = await operation(h, 'hold', {...body, status: 'proposed'});
  const expires = ext(held, EXT.holdExpires)?.valueInstant;
  return {
    id: held.id as string,
    slot: structuredClone(slot),
    expiresAt:
      typeof expires === 'string' ? expires : toInstantString(now + data.clinic.booking.holdMinutes * MINUTE),
  };
}

/** Lets the patient's hold go: its pending Appointment cancelled (the server frees its Slots). */
export async function releaseHold(
  h: AppointmentsHost,
  holdId: string,
  options: RequestOptions = {},
): Promise<void> {
  const signal = options.signal;
  const clinic = await h.clinic(signal);
  if (!clinic.operations.has('hold')) throw new NotSupportedError('holds');
  const session = h.need();
  if (typeof holdId !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(holdId)) return;
  const res = await h.http.request('GET', `Appointment/${holdId}`, {allow404: true, signal});
  if (res.status === 404) return;
  const held = res.body;
  const mine = ((held.participant as {actor?: Reference}[] | undefined) ?? []).some(
    (p) => p.actor?.reference === `Patient/${h.patientOf(session)}`,
  );
  if (!mine || held.status !== 'pending') return;
  await h.http.request('PUT', `Appointment/${holdId}`, {
    body: {...held, status: 'cancelled'},
    headers: res.version ? {'If-Match': `W/"${res.version}"`} : {},
    allowConflict: true,
  });
}

/**
 * Moves the visit to another slot for the same services, in place (the same Appointment, a
 * versioned update): the new Slots are taken under the request's key first (someone else's →
 * `SlotTakenError`, and the visit is left as it was), then the Appointment is updated with
 * `If-Match`, then the Slots it no longer uses are freed. The patient's participation goes back
 * to needs-action (a moved visit is confirmed again). A retry with the same key answers the same.
 */
export async function rescheduleAppointment(
  h: AppointmentsHost,
  request: RescheduleRequest,
  options: RequestOptions = {},
): Promise<Appointment> {
  const signal = options.signal;
  const key = request?.idempotencyKey;
  if (typeof key !== 'string' || key === '') throw new ValidationError({idempotencyKey: 'required'});
  if (key.length > 200) throw new ValidationError({idempotencyKey: 'too-long'});
  const clinic = await h.clinic(signal);
  const data = clinic.data;
  const {r, version, s} = await own(h, request.appointmentId, signal);
  const print = rescheduleFingerprint(r.id as string, request.slot);
  const earlier = reschedulesOf(h, r).find((x) => x.key === key);
  if (earlier) {
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return view(h, r, data);
  }
  const facts = factsOf(h, r, data);
  const now = h.now();
  if (!canChange(facts, now)) throw new ForbiddenError();
  checkRescheduleSlot(request.slot, facts.serviceIds);
  const services = resolveServices(data, facts.serviceIds, 'slot');
  const at = decodeSlot(data, request.slot, services);
  const end = at.start + durationWith(services, at.providerId) * MINUTE;
  const before = slotKeyOf(h, r);
  const covering = await takeable(h, clinic, services, at, end, key, now, signal, before);
  signal?.throwIfAborted();
  await take(h, covering, key);
  const oldSlots = slotIdsOf(r);
  const kept = new Set(covering.map((x) => x.id));
  const participant = ((r.participant as {actor?: Reference; status?: string}[] | undefined) ?? [])
    .filter((p) => !/(?:^|\/)(Practitioner|Location)\//.test(p.actor?.reference ?? ''))
    .map((p) => (p.actor?.reference === `Patient/${h.patientOf(s)}` ? {...p, status: 'needs-action'} : p));
  const locationId = covering[0]?.locationId;
  let res;
  try {
    res = await h.http.request('PUT', `Appointment/${r.id}`, {
      body: {
        ...r,
        status: 'booked',
        start: toInstantString(at.start),
        end: toInstantString(end),
        minutesDuration: Math.round((end - at.start) / MINUTE),
        slot: covering.map((x) => ({reference: `Slot/${x.id}`})),
        participant: [
          ...participant,
          {actor: {reference: `Practitioner/${at.providerId}`}, required: 'required', status: 'accepted'},
          ...(locationId
            ? [{actor: {reference: `Location/${locationId}`}, required: 'required', status: 'accepted'}]
            : []),
        ],
        extension: [
          ...(r.extension ?? []),
          {
            url: EXT.reschedule,
            extension: [
              {url: 'key', valueString: key},
              {url: 'fingerprint', valueString: print},
            ],
          },
        ],
      },
      headers: version ? {'If-Match': `W/"${version}"`} : {},
      allowConflict: true,
    });
  } catch (e) {
    // Free only what this request took; the visit's own Slots stay with it.
    await release(
      h,
      covering.filter((x) => !oldSlots.includes(x.id)),
      key,
    );
    throw e;
  }
  if (res.status === 409 || res.status === 412) {
    // Changed meanwhile (cancelled or moved elsewhere): nothing of this request stays.
    await release(
      h,
      covering.filter((x) => !oldSlots.includes(x.id)),
      key,
    );
    throw new SlotTakenError(request.slot.id);
  }
  await release(
    h,
    oldSlots.filter((id) => !kept.has(id)).map((id) => ({id})),
    before,
  );
  return view(h, res.body, data);
}

/** A video room name nobody can guess (128 random bits), given to a video visit at booking. */
function newRoom(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The Appointment a booking stores (status `booked`; `$hold`/`$book` send it `proposed`/`pending`):
 * the booking key as identifier (conditional create makes a retry one appointment), services,
 * start/end, the Slots, participants patient/practitioner/location, and our extensions.
 */
function appointmentBody(
  h: AppointmentsHost,
  a: {
    key?: string;
    print?: string;
    patientRef: string;
    providerId: string;
    locationId: string | undefined;
    services: readonly string[];
    start: number;
    end: number;
    slots: readonly string[];
    now: number;
    room?: string;
  },
): Resource {
  const iso = toInstantString;
  const extension = [
    ...(a.print ? [{url: EXT.bookingFingerprint, valueString: a.print}] : []),
    ...(a.room ? [{url: EXT.videoRoom, valueString: a.room}] : []),
  ];
  return {
    resourceType: 'Appointment',
    status: 'booked',
    ...(a.key ? {identifier: [{system: SYSTEM.bookingKey, value: a.key}]} : {}),
    serviceType: a.services.map((id) => ({coding: [{system: SYSTEM.service, code: id}]})),
    start: iso(a.start),
    end: iso(a.end),
    minutesDuration: Math.round((a.end - a.start) / MINUTE),
    slot: a.slots.map((id) => ({reference: `Slot/${id}`})),
    created: iso(a.now),
    participant: [
      {actor: {reference: a.patientRef}, required: 'required', status: 'needs-action'},
      {actor: {reference: `Practitioner/${a.providerId}`}, required: 'required', status: 'accepted'},
      ...(a.locationId
        ? [{actor: {reference: `Location/${a.locationId}`}, required: 'required', status: 'accepted'}]
        : []),
    ],
    ...(extension.length > 0 ? {extension} : {}),
  };
}
