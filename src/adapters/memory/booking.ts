/**
 * The memory adapter's booking: availability, holds, deposits and the demo payment step, phone
 * codes, and the booking itself. Loaded on first use, in its own chunk: a booking page needs none
 * of it until the patient has chosen a service. Each `export function` named like an operation is
 * that operation's body: the adapter runs it after its latency and abort checks.
 */
import {
  HoldExpiredError,
  NotFoundError,
  NotSignedInError,
  PaymentFailedError,
  RateLimitedError,
  SlotTakenError,
  ValidationError,
  type Availability,
  type AvailabilityQuery,
  type BookingRequest,
  type FieldErrorCode,
  type Hold,
  type PhoneCodeRequest,
} from '../adapter.js';
import {computeAvailability} from '../../domain/availability.js';
import type {BusyInterval} from '../../domain/schedule.js';
import {instantToPlainDate, parseInstant} from '../../domain/time.js';
import type {
  Appointment,
  AppointmentActions,
  Money,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  Service,
  Slot,
} from '../../domain/types.js';
import {ACTIVE, E164_RE, fingerprint, patientDetailsProblems} from './checks.js';
import {
  MINUTE,
  type AppointmentRecord,
  type ChallengeRecord,
  type IntentRecord,
  type PatientRecord,
} from './internals.js';
import {DEMO_CARD_DECLINED, DEMO_CARD_SUCCESS, hmacSha256, type MemoryAdapter} from './memory-adapter.js';
import {appointmentVars, send} from './messages.js';

const CODE_TTL = 10 * MINUTE;
const CODE_RESEND = 30_000;
const CODE_MAX_TRIES = 5;
const PHONE_TOKEN_TTL = 30 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Checks and views, shared with the other parts

/** A patient's details as sent to book or register: field (`prefix` + name) → what is wrong. */
export function validateDetails(
  memory: MemoryAdapter,
  details: PatientDetails | undefined,
  prefix: string,
): Record<string, FieldErrorCode> {
  return patientDetailsProblems(
    details,
    prefix,
    instantToPlainDate(memory.clock(), memory.data.clinic.timeZone),
  );
}

/** A new code, for a phone (SMS code) or a patient (sign-in code). */
export function newChallenge(memory: MemoryAdapter, target: string): ChallengeRecord {
  const id = `chl_${memory.nextToken('challenge').slice(0, 24)}`;
  const derived = hmacSha256(memory.seed, `code\u0000${memory.seq}`);
  const code =
    memory.fixedCode ?? String(new DataView(derived.buffer).getUint32(0) % 1_000_000).padStart(6, '0');
  const now = memory.clock();
  return {id, target, code, expires: now + CODE_TTL, resendAt: now + CODE_RESEND, tries: 0, dead: false};
}

/** Checks a typed code: a wrong one counts a try (the 5th kills it), the right one is used up. */
export function checkCode(memory: MemoryAdapter, challenge: ChallengeRecord | undefined, code: string): void {
  if (!challenge || challenge.dead || challenge.expires <= memory.clock()) {
    throw new ValidationError({code: 'code-expired'});
  }
  const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
  if (typed !== challenge.code) {
    challenge.tries++;
    if (challenge.tries >= CODE_MAX_TRIES) challenge.dead = true;
    throw new ValidationError({code: 'code-invalid'});
  }
  challenge.dead = true;
}

/** What the patient sees of an appointment: its actions as of now, the visit items so far. */
export function toAppointment(memory: MemoryAdapter, a: AppointmentRecord): Appointment {
  const now = memory.clock();
  const clinic = memory.data.clinic;
  const services = a.serviceIds.map((id) => memory.service(id)).filter((s): s is Service => s !== undefined);
  const provider = memory.data.catalog.providers.find((p) => p.id === a.providerId);
  const active = ACTIVE.has(a.status);
  const before = active && now < a.start;
  const tele = clinic.telehealth;
  const opensAt = tele ? a.start - tele.opensMinutesBefore * MINUTE : a.start;
  const actions: AppointmentActions = {
    confirm: memory.caps.confirm && before && a.status !== 'confirmed',
    cancel: memory.caps.cancel && before,
    reschedule: memory.caps.reschedule && before,
    join: memory.caps.telehealth && a.mode === 'video' && active && now >= opensAt && now < a.end,
    addToCalendar: active && now < a.end,
  };
  const started = now >= a.start && (a.status === 'fulfilled' || active);
  const location = a.locationId ? clinic.locations.find((l) => l.id === a.locationId) : undefined;
  const appointment: Appointment = {
    id: a.id,
    status: a.status,
    start: memory.instant(a.start),
    end: memory.instant(a.end),
    services: services.map((s) => ({id: s.id, name: structuredClone(s.name)})),
    providerId: a.providerId,
    providerName: provider?.name ?? '',
    mode: a.mode,
    actions,
    items: structuredClone(a.items.filter((i) => i.phase === 'before' || started)),
    ...(location ? {location: structuredClone(location)} : {}),
    ...(a.mode === 'video' && tele
      ? {video: {provider: tele.provider, opensAt: memory.instant(opensAt)}}
      : {}),
    ...(a.cancellation ? {cancellation: structuredClone(a.cancellation)} : {}),
    ...(a.depositPaid ? {depositPaid: {...a.depositPaid}} : {}),
  };
  return appointment;
}

// ---------------------------------------------------------------------------------------------
// Availability

function resolveServices(
  memory: MemoryAdapter,
  ids: readonly string[] | undefined,
  field: string,
): Service[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new ValidationError({[field]: 'required'});
  const services = ids.map((id) => memory.service(id));
  if (services.some((s) => !s) || new Set(ids).size !== ids.length)
    throw new ValidationError({[field]: 'invalid'});
  const list = services as Service[];
  if (list.some((s) => s.mode !== list[0].mode)) throw new ValidationError({[field]: 'invalid'});
  if (eligibleProviders(memory, list).length === 0) throw new ValidationError({[field]: 'invalid'});
  return list;
}

/** Providers (catalog order) who perform every one of the services and have a schedule. */
function eligibleProviders(memory: MemoryAdapter, services: readonly Service[]): string[] {
  return memory.data.catalog.providers
    .map((p) => p.id)
    .filter(
      (id) =>
        services.every((s) => s.providerIds.includes(id)) &&
        memory.data.schedules.some((s) => s.providerId === id),
    );
}

function depositFor(memory: MemoryAdapter, services: readonly Service[]): Money | null {
  if (memory.caps.payments === false) return null;
  const fallback = memory.data.clinic.deposit?.defaultDeposit;
  let total = 0;
  for (const s of services) total += (s.deposit ?? fallback)?.amountMinor ?? 0;
  return total > 0 ? {amountMinor: total, currency: memory.data.clinic.currency} : null;
}

/** What keeps a provider busy: active appointments and unexpired holds (expired ones go). */
function busyIntervals(
  memory: MemoryAdapter,
  exclude: {holdId?: string; appointmentId?: string},
): BusyInterval[] {
  const now = memory.clock();
  const busy: BusyInterval[] = [];
  for (const a of memory.appointments.values()) {
    if (ACTIVE.has(a.status) && a.id !== exclude.appointmentId) {
      busy.push({providerId: a.providerId, start: memory.instant(a.start), end: memory.instant(a.end)});
    }
  }
  for (const h of memory.holds.values()) {
    if (h.expires <= now) memory.holds.delete(h.id);
    else if (h.id !== exclude.holdId)
      busy.push({providerId: h.providerId, start: memory.instant(h.start), end: memory.instant(h.end)});
  }
  return busy;
}

function computeSlots(
  memory: MemoryAdapter,
  services: readonly Service[],
  providerIds: readonly string[],
  from: number,
  to: number,
  exclude: {holdId?: string; appointmentId?: string; ignoreBusy?: boolean},
): Slot[] {
  const clinic = memory.data.clinic;
  const mode = services[0].mode;
  const providers = providerIds.flatMap((id) => {
    const schedule = memory.data.schedules.find((s) => s.providerId === id);
    return schedule ? [{schedule, durationMinutes: memory.durationWith(services, id)}] : [];
  });
  const computed = computeAvailability({
    timeZone: clinic.timeZone,
    from: memory.instant(from),
    to: memory.instant(to),
    now: memory.instant(memory.clock()),
    minNoticeMinutes: clinic.booking.minNoticeMinutes,
    horizonDays: clinic.booking.horizonDays,
    stepMinutes: memory.data.stepMinutes,
    bufferMinutes: memory.data.bufferMinutes ?? 0,
    closures: memory.data.closures,
    providers,
    busy: exclude.ignoreBusy ? [] : busyIntervals(memory, exclude),
    serviceIds: services.map((s) => s.id),
    mode,
  });
  const serviceIds = services.map((s) => s.id);
  const slots: Slot[] = [];
  for (const c of computed) {
    if (
      mode === 'in-person' &&
      c.locationId !== undefined &&
      !services.every((s) => s.locationIds.includes(c.locationId as string))
    ) {
      continue;
    }
    const start = parseInstant(c.start);
    const slot: Slot = {
      id: `${c.providerId}~${start}~${serviceIds.join('+')}`,
      start: memory.instant(start),
      end: memory.instant(parseInstant(c.end)),
      providerId: c.providerId,
      serviceIds: [...serviceIds],
      mode,
    };
    slots.push(
      mode === 'in-person' && c.locationId !== undefined ? {...slot, locationId: c.locationId} : slot,
    );
  }
  return slots;
}

/** Reads the provider and start out of a slot id, checking it matches the slot and services. */
function decodeSlot(
  memory: MemoryAdapter,
  slot: Slot,
  services: readonly Service[],
): {providerId: string; start: number} {
  const parts = typeof slot?.id === 'string' ? slot.id.split('~') : [];
  const start = Number(parts[1]);
  let sameStart = false;
  try {
    sameStart = parseInstant(slot.start) === start;
  } catch {
    sameStart = false;
  }
  if (
    parts.length !== 3 ||
    !Number.isSafeInteger(start) ||
    parts[0] !== slot.providerId ||
    !sameStart ||
    parts[2] !== services.map((s) => s.id).join('+') ||
    !eligibleProviders(memory, services).includes(parts[0])
  ) {
    throw new ValidationError({slot: 'invalid'});
  }
  return {providerId: parts[0], start};
}

/** The slot as free now, or SlotTakenError (someone has it) / ValidationError (not offered). */
export function checkSlot(
  memory: MemoryAdapter,
  slot: Slot,
  services: readonly Service[],
  exclude: {holdId?: string; appointmentId?: string},
): Slot {
  const {providerId, start} = decodeSlot(memory, slot, services);
  const free = computeSlots(memory, services, [providerId], start, start + 1, exclude);
  if (free.length > 0) return free[0];
  const ignoring = computeSlots(memory, services, [providerId], start, start + 1, {
    ...exclude,
    ignoreBusy: true,
  });
  if (ignoring.length > 0) throw new SlotTakenError(slot.id);
  throw new ValidationError({slot: 'unavailable'});
}

// ---------------------------------------------------------------------------------------------
// Operations

export function getAvailability(memory: MemoryAdapter, query: AvailabilityQuery): Availability {
  const services = resolveServices(memory, query.serviceIds, 'serviceIds');
  const fields: Record<string, FieldErrorCode> = {};
  let from = NaN;
  let to = NaN;
  try {
    from = parseInstant(query.from);
  } catch {
    fields.from = 'invalid';
  }
  try {
    to = parseInstant(query.to);
  } catch {
    fields.to = 'invalid';
  }
  if (!fields.from && !fields.to && !(to > from)) fields.to = 'invalid';
  const eligible = eligibleProviders(memory, services);
  if (query.providerId === 'any') {
    if (!memory.data.clinic.booking.allowAnyProvider) fields.providerId = 'invalid';
  } else if (!eligible.includes(query.providerId)) {
    fields.providerId = 'invalid';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const providers = query.providerId === 'any' ? eligible : [query.providerId];
  let slots = computeSlots(memory, services, providers, from, to, {});
  if (query.providerId === 'any') {
    // First available: one slot per start time, from the first provider (catalog order) free then.
    const order = new Map(eligible.map((id, i) => [id, i]));
    const byStart = new Map<string, Slot>();
    for (const s of slots) {
      const seen = byStart.get(s.start);
      if (!seen || (order.get(s.providerId) ?? 0) < (order.get(seen.providerId) ?? 0))
        byStart.set(s.start, s);
    }
    slots = [...byStart.values()].sort((a, b) => parseInstant(a.start) - parseInstant(b.start));
  }
  return {slots, timeZone: memory.data.clinic.timeZone};
}

export function holdSlot(memory: MemoryAdapter, slot: Slot, serviceIds: readonly string[]): Hold {
  memory.need(memory.caps.holds, 'holds');
  const services = resolveServices(memory, serviceIds, 'serviceIds');
  const free = checkSlot(memory, slot, services, {});
  const id = `hold_${memory.nextToken('hold').slice(0, 24)}`;
  const expires = memory.clock() + memory.data.clinic.booking.holdMinutes * MINUTE;
  memory.holds.set(id, {
    id,
    slot: free,
    providerId: free.providerId,
    start: parseInstant(free.start),
    end: parseInstant(free.end),
    expires,
  });
  return {id, slot: structuredClone(free), expiresAt: memory.instant(expires)};
}

export function releaseHold(memory: MemoryAdapter, holdId: string): void {
  memory.need(memory.caps.holds, 'holds');
  memory.holds.delete(holdId);
}

export function createDepositIntent(
  memory: MemoryAdapter,
  slot: Slot,
  serviceIds: readonly string[],
  idempotencyKey: string,
): PaymentIntent | null {
  memory.need(memory.caps.payments !== false, 'payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '') {
    throw new ValidationError({idempotencyKey: 'required'});
  }
  const services = resolveServices(memory, serviceIds, 'serviceIds');
  decodeSlot(memory, slot, services);
  const amount = depositFor(memory, services);
  if (!amount) return null;
  const print = fingerprint({slot: slot.id, serviceIds});
  const known = memory.intentKeys.get(idempotencyKey);
  if (known) {
    const record = memory.intents.get(known) as IntentRecord;
    if (record.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return structuredClone(record.intent);
  }
  const id = `pi_demo_${memory.nextToken('intent').slice(0, 24)}`;
  const intent: PaymentIntent = {
    id,
    amount,
    provider: 'demo',
    clientSecret: `${id}_secret_${memory.nextToken('secret').slice(0, 16)}`,
  };
  memory.intents.set(id, {intent, fingerprint: print, state: 'requires-payment'});
  memory.intentKeys.set(idempotencyKey, id);
  return structuredClone(intent);
}

export function confirmDemoPayment(memory: MemoryAdapter, intentId: string, cardNumber: string): void {
  memory.need(memory.caps.payments !== false, 'payments');
  const record = memory.intents.get(intentId);
  if (!record) throw new NotFoundError();
  if (record.state === 'succeeded') return;
  const digits = cardNumber.replace(/[\s-]/g, '');
  if (digits === DEMO_CARD_SUCCESS) {
    record.state = 'succeeded';
    return;
  }
  if (digits === DEMO_CARD_DECLINED) {
    record.state = 'failed';
    throw new PaymentFailedError();
  }
  throw new ValidationError({cardNumber: 'invalid'});
}

export function sendPhoneCode(memory: MemoryAdapter, request: PhoneCodeRequest): PhoneChallenge {
  memory.need(memory.caps.smsCodes, 'smsCodes');
  const phone = typeof request.phone === 'string' ? request.phone.trim() : '';
  if (!E164_RE.test(phone)) throw new ValidationError({phone: phone === '' ? 'required' : 'invalid-phone'});
  const now = memory.clock();
  for (const c of memory.phoneChallenges.values()) {
    if (c.target !== phone || c.dead) continue;
    if (c.resendAt > now) throw new RateLimitedError(Math.ceil((c.resendAt - now) / 1000));
    c.dead = true;
  }
  const challenge = newChallenge(memory, phone);
  memory.phoneChallenges.set(challenge.id, challenge);
  send(memory, request.language === 'en' ? 'en' : 'es', {
    channel: 'sms',
    to: phone,
    kind: 'phone-code',
    vars: {code: challenge.code},
    code: challenge.code,
  });
  return {
    id: challenge.id,
    length: challenge.code.length,
    expiresAt: memory.instant(challenge.expires),
    resendAt: memory.instant(challenge.resendAt),
  };
}

export function verifyPhoneCode(memory: MemoryAdapter, challengeId: string, code: string): string {
  memory.need(memory.caps.smsCodes, 'smsCodes');
  const challenge = memory.phoneChallenges.get(challengeId);
  checkCode(memory, challenge, code);
  const token = memory.nextToken('phone-verified');
  memory.phoneTokens.set(token, {
    phone: (challenge as ChallengeRecord).target,
    expires: memory.clock() + PHONE_TOKEN_TTL,
    used: false,
  });
  return token;
}

export function book(memory: MemoryAdapter, request: BookingRequest): Appointment {
  const clinic = memory.data.clinic;
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '') {
    throw new ValidationError({idempotencyKey: 'required'});
  }
  const hadSession = memory.session !== null;
  const session = memory.liveSession();
  if (!session && hadSession) {
    memory.events?.onSessionLost?.('session-expired');
    throw new NotSignedInError('session-expired');
  }
  if (session) session.lastUsed = memory.clock();
  const signedIn = session ? (memory.patients.get(session.patientId) as PatientRecord) : undefined;
  const details = signedIn ? undefined : request.patient;
  if (!signedIn && !details) throw new ValidationError({patient: 'required'});

  const print = fingerprint({
    slot: request.slot?.id,
    serviceIds: request.serviceIds,
    patient: signedIn ? signedIn.id : details,
  });
  const earlier = memory.bookings.get(request.idempotencyKey);
  if (earlier) {
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return toAppointment(memory, memory.appointments.get(earlier.appointmentId) as AppointmentRecord);
  }

  const fields: Record<string, FieldErrorCode> = details ? validateDetails(memory, details, 'patient.') : {};
  if (details && clinic.privacy.explicitConsent && request.privacyConsent !== true) {
    fields.privacyConsent = 'consent-required';
  }
  if (clinic.cancellation.acceptanceRequired && request.policyAccepted !== true) {
    fields.policyAccepted = 'policy-required';
  }
  let phoneToken: {phone: string; expires: number; used: boolean} | undefined;
  if (details && clinic.booking.phoneVerification && memory.caps.smsCodes) {
    phoneToken = request.phoneVerificationToken
      ? memory.phoneTokens.get(request.phoneVerificationToken)
      : undefined;
    if (!request.phoneVerificationToken) fields.phoneVerificationToken = 'required';
    else if (
      !phoneToken ||
      phoneToken.used ||
      phoneToken.expires <= memory.clock() ||
      phoneToken.phone !== details.phone?.trim()
    ) {
      fields.phoneVerificationToken = 'invalid';
    }
  }
  let services: Service[] = [];
  try {
    services = resolveServices(memory, request.serviceIds, 'serviceIds');
    decodeSlot(memory, request.slot, services);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(fields, e.fields);
  }
  const deposit = services.length > 0 ? depositFor(memory, services) : null;
  let intent: IntentRecord | undefined;
  if (deposit) {
    intent = request.paymentIntentId ? memory.intents.get(request.paymentIntentId) : undefined;
    if (!request.paymentIntentId) fields.paymentIntentId = 'required';
    else if (
      !intent ||
      intent.usedBy !== undefined ||
      intent.intent.amount.amountMinor !== deposit.amountMinor
    ) {
      fields.paymentIntentId = 'invalid';
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  if (intent && intent.state !== 'succeeded') throw new PaymentFailedError();

  const hold = request.holdId ? memory.holds.get(request.holdId) : undefined;
  const ownHold =
    hold && hold.expires > memory.clock() && hold.slot.id === request.slot.id ? hold : undefined;
  let free: Slot;
  try {
    free = checkSlot(memory, request.slot, services, {holdId: ownHold?.id});
  } catch (e) {
    if (e instanceof SlotTakenError && request.holdId && !ownHold) throw new HoldExpiredError();
    throw e;
  }

  // Commit.
  const patient =
    signedIn ??
    memory.patientByEmail((details as PatientDetails).email) ??
    memory.createPatient(details as PatientDetails);
  if (ownHold) memory.holds.delete(ownHold.id);
  if (phoneToken) phoneToken.used = true;
  const apt = memory.createAppointment({
    key: `n${++memory.seq}`,
    patientId: patient.id,
    serviceIds: services.map((s) => s.id),
    providerId: free.providerId,
    start: parseInstant(free.start),
    status: 'booked',
    locationId: free.locationId,
    depositPaid: intent ? intent.intent.amount : undefined,
  });
  if (intent) intent.usedBy = apt.id;
  memory.bookings.set(request.idempotencyKey, {fingerprint: print, appointmentId: apt.id});
  const language =
    request.language === 'en' || request.language === 'es' ? request.language : patient.language;
  send(memory, language, {
    channel: 'email',
    to: patient.email,
    kind: 'booking-confirmation',
    vars: appointmentVars(memory, apt, language),
    links: {portal: memory.linkBase()},
  });
  const phone = details?.phone ?? patient.phone;
  if (phone && E164_RE.test(phone) && memory.channelOn('sms')) {
    send(memory, language, {
      channel: 'sms',
      to: phone,
      kind: 'booking-confirmation',
      vars: appointmentVars(memory, apt, language),
    });
  }
  return toAppointment(memory, apt);
}
