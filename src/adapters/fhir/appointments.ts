/**
 * The patient's appointments on FHIR, in a chunk of its own (loaded on the first appointments
 * call, or with booking): an Appointment read as the rules see it (status and the patient's
 * participant status both ways, services, provider, location, visit items, cancellation), listed,
 * confirmed (her participant status `accepted`), cancelled (`cancelationReason`, slots freed) and
 * its video room's state. Booking, holds and rescheduling (`booking.ts`) build on it.
 *
 * The adapter's session and its Slot search come in through {@link AppointmentsHost}; the shared
 * rules and `profile.ts` are imported as usual (the FHIR build pass lets this chunk import what the
 * adapter's chunk already has from it, so no shared chunk splits off, and the rules only these
 * parts apply leave the adapter's chunk — see vite.config.ts).
 */
import {
  ForbiddenError,
  NotFoundError,
  NotSupportedError,
  ValidationError,
  type AppointmentQuery,
  type CancelRequest,
  type Capabilities,
  type RequestOptions,
} from '../adapter.js';
import {
  canChange,
  cancellationQuote,
  checkCancelReason,
  isUpcoming,
  patientCancellation,
  readAppointmentQuery,
  servicesIn,
  toAppointment,
  videoJoin,
  visitItems,
  type AppointmentFacts,
  type ClinicData,
} from '../../domain/rules/index.js';
import type {ProxyScope} from '../../domain/rules/proxy.js';
import {toInstantString} from '../../domain/time.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  CancellationQuote,
  Clinic,
  Page,
  VideoJoin,
} from '../../domain/types.js';
import type {FhirClinic} from './clinic.js';
import type {FhirHttp} from './http.js';
import {
  EXT,
  SYSTEM,
  ext,
  moneyFromFhir,
  moneyToFhir,
  type Extension,
  type Reference,
  type Resource,
} from './profile.js';
import type {FhirSlot} from './slots.js';

/** The adapter's session, as these parts use it (opaque but for its idle clock). */
export interface LiveSession {
  lastUsed: number;
}

export interface AppointmentsHost {
  readonly http: FhirHttp;
  now(): number;
  clinic(signal?: AbortSignal): Promise<FhirClinic>;
  /** The live session, used now; else `NotSignedInError`. */
  need(): LiveSession;
  /** The live session or `null` (an expired one is lost). */
  live(): LiveSession | null;
  /** Whether there was a session before {@link live} looked (an expired one: `session-expired`). */
  hadSession(): boolean;
  /** The Patient the calls read and write: the dependent while acting, else the session's. */
  patientOf(s: LiveSession): string;
  caps(clinic: Clinic): Capabilities;
  /** The visit items the patient has answered for good. */
  answered(): ReadonlySet<string>;
  /** Keeps `done` as the answered items if `s` is still the session. */
  setAnswered(s: LiveSession, done: Set<string>): void;
  /** The scope of the grant checked for the call running now (while acting for a dependent). */
  actingScope(): ProxyScope | undefined;
  /**
   * While acting for a dependent: whether a visit of these services is kept from the holder (a
   * teenager's confidential care, `rules/proxy.ts`) — then it is not found, like another patient's.
   */
  hides(serviceIds: readonly string[]): boolean;
  /** The providers' Slots with `start` in [from, to) (free ones only unless `anyStatus`). */
  slots(
    clinic: FhirClinic,
    providerIds: readonly string[],
    from: number,
    to: number,
    anyStatus: boolean,
    signal?: AbortSignal,
  ): Promise<FhirSlot[]>;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The services an Appointment is for (`serviceType` codings in the service system). */
const serviceIdsOf = (r: Resource): string[] =>
  ((r.serviceType as {coding?: {system?: string; code?: string}[]}[] | undefined) ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === SYSTEM.service && c.code)
    .map((c) => c.code as string);

/** An Appointment as the rules see it. */
export function facts(h: AppointmentsHost, r: Resource, data: ClinicData): AppointmentFacts {
  const participants = (r.participant as {actor?: Reference; status?: string}[] | undefined) ?? [];
  const ref = (type: string) =>
    participants
      .map((p) => /(?:^|\/)([A-Za-z]+)\/([^/]+)$/.exec(p.actor?.reference ?? ''))
      .find((m) => m?.[1] === type)?.[2];
  const patient = participants.find((p) => /(?:^|\/)Patient\//.test(p.actor?.reference ?? ''));
  const serviceIds = serviceIdsOf(r);
  const services = servicesIn(data, serviceIds);
  const start = Date.parse(String(r.start));
  const end = Date.parse(String(r.end));
  const status = statusOf(String(r.status), patient?.status);
  const id = r.id as string;
  const locationId = ref('Location');
  return {
    id,
    status,
    start,
    end,
    serviceIds,
    providerId: ref('Practitioner') ?? '',
    mode: services[0]?.mode ?? 'in-person',
    ...(locationId ? {locationId} : {}),
    items: visitItems(data, id, services, {done: h.answered()}),
    ...(status === 'cancelled' ? {cancellation: cancellationOf(h, r)} : {}),
  };
}

export function view(h: AppointmentsHost, r: Resource, data: ClinicData): Appointment {
  return toAppointment(facts(h, r, data), {data, caps: h.caps(data.clinic), now: h.now()});
}

/**
 * Reads which questionnaires the patient has sent and which consents she has signed (a search
 * each, none for what the clinic does not ask).
 */
async function refreshAnswered(
  h: AppointmentsHost,
  s: LiveSession,
  data: ClinicData,
  signal?: AbortSignal,
): Promise<void> {
  // An appointments-only grant does not reach the dependent's forms (their items show as to do).
  if (h.actingScope() === 'appointments') return;
  const forms = Object.values(data.visitForms ?? {});
  type Done = Resource & {
    identifier?: {system?: string; value?: string} | {system?: string; value?: string}[];
  };
  const search = (type: string, params: Record<string, string>, wanted: boolean): Promise<Done[]> =>
    wanted ? h.http.searchAll<Done>(type, params, signal) : Promise.resolve([]);
  const [responses, consents] = await Promise.all([
    search(
      'QuestionnaireResponse',
      {subject: `Patient/${h.patientOf(s)}`, status: 'completed'},
      forms.some((f) => f.questionnaireId),
    ),
    search(
      'Consent',
      {patient: `Patient/${h.patientOf(s)}`, status: 'active'},
      forms.some((f) => f.consentId),
    ),
  ]);
  const done = new Set<string>();
  for (const r of [...responses, ...consents])
    for (const i of [r.identifier ?? []].flat())
      if (
        i.system === SYSTEM.visitItem &&
        typeof i.value === 'string' &&
        (r.status === 'completed' || r.status === 'active')
      )
        done.add(i.value);
  h.setAnswered(s, done);
}

/** The patient's Appointments (but those kept from a family member acting for her). */
async function appointmentsOf(
  h: AppointmentsHost,
  s: LiveSession,
  signal?: AbortSignal,
): Promise<Resource[]> {
  return (await h.http.searchAll('Appointment', {patient: `Patient/${h.patientOf(s)}`}, signal)).filter(
    (r) => !h.hides(serviceIdsOf(r)),
  );
}

/** The session patient's own appointment (another's is "not found"). */
export async function own(
  h: AppointmentsHost,
  id: string,
  signal?: AbortSignal,
): Promise<{r: Resource; version?: string; s: LiveSession}> {
  const s = h.need();
  if (typeof id !== 'string' || !ID.test(id)) throw new NotFoundError();
  const res = await h.http.request('GET', `Appointment/${id}`, {signal});
  const mine = ((res.body.participant as {actor?: Reference}[] | undefined) ?? []).some(
    (p) => p.actor?.reference === `Patient/${h.patientOf(s)}`,
  );
  if (!mine || h.hides(serviceIdsOf(res.body))) throw new NotFoundError();
  return {r: res.body, ...(res.version ? {version: res.version} : {}), s};
}

/** Every appointment of the patient's (but those entered in error), for the forms part. */
export async function allViews(h: AppointmentsHost, signal?: AbortSignal): Promise<Appointment[]> {
  const s = h.need();
  const data = (await h.clinic(signal)).data;
  const [list] = await Promise.all([appointmentsOf(h, s, signal), refreshAnswered(h, s, data, signal)]);
  return list.filter((r) => r.status !== 'entered-in-error').map((r) => view(h, r, data));
}

export async function getAppointment(
  h: AppointmentsHost,
  id: string,
  options: RequestOptions = {},
): Promise<Appointment> {
  const data = (await h.clinic(options.signal)).data;
  const {r, s} = await own(h, id, options.signal);
  await refreshAnswered(h, s, data, options.signal);
  return view(h, r, data);
}

export async function listAppointments(
  h: AppointmentsHost,
  query: AppointmentQuery,
  options: RequestOptions = {},
): Promise<Page<Appointment>> {
  const s = h.need();
  const data = (await h.clinic(options.signal)).data;
  const {fields, from, to, limit} = readAppointmentQuery(query);
  let offset = 0;
  if (query.cursor !== undefined) {
    const m = /^o([0-9]{1,6})$/.exec(query.cursor);
    if (m) offset = Number(m[1]);
    else fields.cursor = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const now = h.now();
  const statuses = query.statuses ? new Set(query.statuses) : undefined;
  const [found] = await Promise.all([
    appointmentsOf(h, s, options.signal),
    refreshAnswered(h, s, data, options.signal),
  ]);
  const all = found
    .filter((r) => r.status !== 'entered-in-error')
    .map((r) => facts(h, r, data))
    .filter((a) => {
      const upcoming = isUpcoming(a, now);
      if (query.when === 'upcoming' && !upcoming) return false;
      if (query.when === 'past' && upcoming) return false;
      if (statuses && !statuses.has(a.status)) return false;
      return a.start >= from && a.start < to;
    });
  const dir = query.when === 'past' ? -1 : 1;
  all.sort((a, b) => dir * (a.start - b.start) || (a.id < b.id ? -1 : 1));
  const caps = h.caps(data.clinic);
  const items = all.slice(offset, offset + limit).map((a) => toAppointment(a, {data, caps, now}));
  const next = offset + limit;
  return next < all.length ? {items, total: all.length, nextCursor: `o${next}`} : {items, total: all.length};
}

export async function confirmAppointment(
  h: AppointmentsHost,
  id: string,
  options: RequestOptions = {},
): Promise<Appointment> {
  const data = (await h.clinic(options.signal)).data;
  const {r, version, s} = await own(h, id, options.signal);
  const f = facts(h, r, data);
  if (!canChange(f, h.now())) throw new ForbiddenError();
  if (f.status === 'confirmed') return view(h, r, data);
  options.signal?.throwIfAborted();
  const participant = ((r.participant as {actor?: Reference; status?: string}[]) ?? []).map((p) =>
    p.actor?.reference === `Patient/${h.patientOf(s)}` ? {...p, status: 'accepted'} : p,
  );
  const res = await h.http.request('PUT', `Appointment/${id}`, {
    body: {...r, participant},
    headers: version ? {'If-Match': `W/"${version}"`} : {},
  });
  return view(h, res.body, data);
}

export async function getCancellationQuote(
  h: AppointmentsHost,
  id: string,
  options: RequestOptions = {},
): Promise<CancellationQuote> {
  const data = (await h.clinic(options.signal)).data;
  const {r} = await own(h, id, options.signal);
  const f = facts(h, r, data);
  const now = h.now();
  if (!canChange(f, now)) throw new ForbiddenError();
  return cancellationQuote(data.clinic, f.start, now);
}

export async function cancelAppointment(
  h: AppointmentsHost,
  request: CancelRequest,
  options: RequestOptions = {},
): Promise<Appointment> {
  const data = (await h.clinic(options.signal)).data;
  const {r, version} = await own(h, request?.appointmentId, options.signal);
  const f = facts(h, r, data);
  const now = h.now();
  if (!canChange(f, now)) throw new ForbiddenError();
  checkCancelReason(data.cancellationReasons, request.reasonId, request.note);
  const info = patientCancellation(data.clinic, f, now, request.reasonId, request.note);
  options.signal?.throwIfAborted();
  const reason = data.cancellationReasons.find((x) => x.id === info.reasonId);
  const extension: Extension[] = [
    ...(r.extension ?? []).filter(
      (e) => e.url !== EXT.cancellationNote && e.url !== EXT.cancellationFee && e.url !== EXT.cancelledAt,
    ),
    {url: EXT.cancelledAt, valueInstant: toInstantString(now)},
    ...(info.note !== undefined ? [{url: EXT.cancellationNote, valueString: info.note}] : []),
    ...(info.fee ? [{url: EXT.cancellationFee, valueMoney: moneyToFhir(info.fee)}] : []),
  ];
  const res = await h.http.request('PUT', `Appointment/${r.id}`, {
    body: {
      ...r,
      status: 'cancelled',
      cancelationReason: {
        coding: [
          {
            system: SYSTEM.hl7CancelReason,
            code: 'pat-cpp',
            display: 'Patient: Canceled via Patient Portal',
          },
          {
            system: SYSTEM.cancelReason,
            code: info.reasonId,
            ...(reason ? {display: reason.label[data.clinic.languages[0] ?? 'es']} : {}),
          },
        ],
      },
      extension,
    },
    headers: version ? {'If-Match': `W/"${version}"`} : {},
  });
  await release(
    h,
    slotIdsOf(r).map((id) => ({id})),
    slotKeyOf(h, r),
  );
  return view(h, res.body, data);
}

/**
 * The video visit's state now and, while its room is open, the room's links: the domain's
 * `videoJoin` rule over the Appointment, with the room this adapter gave it at booking. Another
 * patient's visit, an in-person one, or one without a room of ours: not found.
 */
export async function getVideoJoin(
  h: AppointmentsHost,
  appointmentId: string,
  options: RequestOptions = {},
): Promise<VideoJoin> {
  const data = (await h.clinic(options.signal)).data;
  if (!data.clinic.telehealth) throw new NotSupportedError('telehealth');
  const {r} = await own(h, appointmentId, options.signal);
  const f = facts(h, r, data);
  const room = ext(r, EXT.videoRoom)?.valueString;
  if (f.mode !== 'video' || !room) throw new NotFoundError();
  return videoJoin(f, data, room, h.now());
}

/** Frees the slots this booking intent holds (after a failed booking or a cancellation). */
export async function release(
  h: AppointmentsHost,
  slots: readonly {id: string}[],
  key: string | undefined,
): Promise<void> {
  for (const {id} of slots) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await h.http.request('GET', `Slot/${id}`, {allow404: true});
      if (current.status === 404 || current.body.status !== 'busy') break;
      if (key !== undefined && ext(current.body, EXT.bookingKey)?.valueString !== key) break;
      const body = {
        ...current.body,
        status: 'free',
        extension: (current.body.extension ?? []).filter((e) => e.url !== EXT.bookingKey),
      };
      if (body.extension.length === 0) delete (body as Partial<Resource>).extension;
      const res = await h.http.request('PUT', `Slot/${id}`, {
        body,
        headers: current.version ? {'If-Match': `W/"${current.version}"`} : {},
        allowConflict: true,
      });
      if (res.status < 300) break;
    }
  }
}

/** FHIR Appointment.status (+ the patient's participant status) → the domain's status. */
function statusOf(status: string, patientStatus: string | undefined): AppointmentStatus {
  switch (status) {
    case 'proposed':
    case 'pending':
    case 'waitlist':
      return 'pending';
    case 'booked':
      return patientStatus === 'accepted' ? 'confirmed' : 'booked';
    case 'arrived':
    case 'checked-in':
      return 'confirmed';
    case 'fulfilled':
      return 'fulfilled';
    case 'noshow':
      return 'no-show';
    default:
      return 'cancelled';
  }
}

function cancellationOf(h: AppointmentsHost, r: Resource): CancellationInfo {
  const coding =
    (r.cancelationReason as {coding?: {system?: string; code?: string}[]} | undefined)?.coding ?? [];
  const reasonId = coding.find((c) => c.system === SYSTEM.cancelReason)?.code ?? 'other';
  const byPatient = coding.some((c) => c.system === SYSTEM.hl7CancelReason && c.code?.startsWith('pat'));
  const note = ext(r, EXT.cancellationNote)?.valueString;
  const fee = ext(r, EXT.cancellationFee)?.valueMoney;
  const at =
    ext(r, EXT.cancelledAt)?.valueInstant ?? (r.meta?.lastUpdated as string | undefined) ?? String(r.start);
  return {
    reasonId,
    at: toInstantString(Date.parse(at)),
    by: byPatient ? 'patient' : 'clinic',
    ...(note !== undefined ? {note} : {}),
    ...(fee ? {fee: moneyFromFhir(fee)} : {}),
  };
}

/** The Slot ids an Appointment references. */
export function slotIdsOf(r: Resource): string[] {
  return ((r.slot as Reference[] | undefined) ?? [])
    .map((x) => /(?:^|\/)Slot\/([^/]+)$/.exec(x.reference ?? '')?.[1])
    .filter((x): x is string => !!x);
}

/** The reschedules an Appointment went through, oldest first (see `EXT.reschedule`). */
export function reschedulesOf(h: AppointmentsHost, r: Resource): {key: string; fingerprint: string}[] {
  return (r.extension ?? [])
    .filter((e) => e.url === EXT.reschedule)
    .map((e) => ({
      key: e.extension?.find((x) => x.url === 'key')?.valueString ?? '',
      fingerprint: e.extension?.find((x) => x.url === 'fingerprint')?.valueString ?? '',
    }));
}

/** The key the visit's busy Slots carry: the last reschedule's, else the booking's. */
export function slotKeyOf(h: AppointmentsHost, r: Resource): string | undefined {
  return (
    reschedulesOf(h, r).at(-1)?.key ??
    (r.identifier as {system?: string; value?: string}[] | undefined)?.find(
      (i) => i.system === SYSTEM.bookingKey,
    )?.value
  );
}
