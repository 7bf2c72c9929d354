/**
 * The memory adapter's booking: availability, holds, deposits and the demo payment step, phone
 * codes, and the booking itself. Loaded on first use, in its own chunk: a booking page needs none
 * of it until the patient has chosen a service. Each `export function` named like an operation is
 * that operation's body: the adapter runs it after its latency and abort checks.
 */
import {
  authorizationFor,
  cardAuthorizationAmount,
  cardToAuthorize,
  type CardAuthorization,
} from '../../domain/rules/card-fees.js';
import {demoPaidCard} from '../../domain/rules/cards.js';
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
import {
  ACCOUNT_LIMITS,
  ACTIVE,
  E164_RE,
  decodeSlot,
  depositFor as depositForRule,
  fingerprint,
  freeSlot,
  patientDetailsProblems,
  readAvailabilityQuery,
  resolveServices,
  slotsFor,
  toAppointment as toAppointmentRule,
  bookingFingerprint,
  bookedByOwner,
  bookingTermsProblems,
  holdProofProblem,
  phoneProofLive,
} from '../../domain/rules/index.js';
import type {BusyInterval} from '../../domain/schedule.js';
import {instantToPlainDate, parseInstant} from '../../domain/time.js';
import type {
  Appointment,
  Money,
  PatientDetails,
  PaymentIntent,
  PhoneChallenge,
  Service,
  Slot,
} from '../../domain/types.js';
import {MINUTE, type AppointmentRecord, type ChallengeRecord, type IntentRecord} from './internals.js';
import {DEMO_CARD_DECLINED, DEMO_CARD_SUCCESS, FRAGMENT_REMINDER} from './constants.js';
import {hmacSha256} from './crypto.js';
import type {MemoryState} from './state.js';
import {appointmentVars, send} from './messages.js';

// ---------------------------------------------------------------------------------------------
// Checks and views, shared with the other parts

/** A patient's details as sent to book or register: field (`prefix` + name) → what is wrong. */
export function validateDetails(
  memory: MemoryState,
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
export function newChallenge(memory: MemoryState, target: string): ChallengeRecord {
  const id = `chl_${memory.nextToken('challenge').slice(0, 24)}`;
  const derived = hmacSha256(memory.seed, `code\u0000${memory.seq}`);
  const code =
    memory.fixedCode ?? String(new DataView(derived.buffer).getUint32(0) % 1_000_000).padStart(6, '0');
  const now = memory.clock();
  return {
    id,
    target,
    code,
    expires: now + ACCOUNT_LIMITS.codeTtlMs,
    resendAt: now + ACCOUNT_LIMITS.codeResendMs,
    tries: 0,
    dead: false,
  };
}

/** Checks a typed code: a wrong one counts a try (the 5th kills it), the right one is used up. */
export function checkCode(memory: MemoryState, challenge: ChallengeRecord | undefined, code: string): void {
  if (!challenge || challenge.dead || challenge.expires <= memory.clock()) {
    throw new ValidationError({code: 'code-expired'});
  }
  const typed = typeof code === 'string' ? code.replace(/\s/g, '') : '';
  if (typed !== challenge.code) {
    challenge.tries++;
    if (challenge.tries >= ACCOUNT_LIMITS.codeMaxTries) challenge.dead = true;
    throw new ValidationError({code: 'code-invalid'});
  }
  challenge.dead = true;
}

/** What the patient sees of an appointment now (the domain's rule). */
export function toAppointment(memory: MemoryState, a: AppointmentRecord): Appointment {
  return toAppointmentRule(a, {data: memory.data, caps: memory.caps, now: memory.clock()});
}

// ---------------------------------------------------------------------------------------------
// Availability

function depositFor(memory: MemoryState, services: readonly Service[]): Money | null {
  return depositForRule(memory.data, services, memory.caps.payments !== false);
}

/** What keeps providers busy: active appointments and unexpired holds (expired ones go). */
function busyIntervals(
  memory: MemoryState,
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

/** The slot as free now, or SlotTakenError (someone has it) / ValidationError (not offered). */
export function checkSlot(
  memory: MemoryState,
  slot: Slot,
  services: readonly Service[],
  exclude: {holdId?: string; appointmentId?: string},
): Slot {
  const {providerId, start} = decodeSlot(memory.data, slot, services);
  return freeSlot(
    memory.data,
    services,
    {providerId, start, slotId: slot.id},
    memory.clock(),
    busyIntervals(memory, exclude),
  );
}

// ---------------------------------------------------------------------------------------------
// Operations

export function getAvailability(memory: MemoryState, query: AvailabilityQuery): Availability {
  const q = readAvailabilityQuery(memory.data, query);
  const slots = slotsFor(memory.data, {...q, now: memory.clock(), busy: busyIntervals(memory, {})});
  return {slots, timeZone: memory.data.clinic.timeZone};
}

export function holdSlot(
  memory: MemoryState,
  slot: Slot,
  serviceIds: readonly string[],
  phoneVerificationToken?: string,
): Hold {
  memory.need(memory.caps.holds, 'holds');
  // A signed-in patient, or a guest with a verified phone (issue #14 item 7).
  const proof = phoneVerificationToken ? memory.phoneTokens.get(phoneVerificationToken) : undefined;
  const problem = holdProofProblem(
    memory.liveSession() !== null,
    phoneVerificationToken,
    proof,
    memory.clock(),
  );
  if (problem) throw new ValidationError({phoneVerificationToken: problem});
  const services = resolveServices(memory.data, serviceIds, 'serviceIds');
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

export function releaseHold(memory: MemoryState, holdId: string): void {
  memory.need(memory.caps.holds, 'holds');
  memory.holds.delete(holdId);
}

export function createDepositIntent(
  memory: MemoryState,
  slot: Slot,
  serviceIds: readonly string[],
  idempotencyKey: string,
): PaymentIntent | null {
  memory.need(memory.caps.payments !== false, 'payments');
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '') {
    throw new ValidationError({idempotencyKey: 'required'});
  }
  const services = resolveServices(memory.data, serviceIds, 'serviceIds');
  decodeSlot(memory.data, slot, services);
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

export function confirmDemoPayment(memory: MemoryState, intentId: string, cardNumber: string): void {
  memory.need(memory.caps.payments !== false, 'payments');
  const record = memory.intents.get(intentId);
  if (!record) throw new NotFoundError();
  if (record.state === 'succeeded') return;
  const digits = cardNumber.replace(/[\s-]/g, '');
  if (digits === DEMO_CARD_SUCCESS) {
    record.state = 'succeeded';
    record.paidAt = memory.clock();
    const card = demoPaidCard(digits);
    if (card) record.card = card;
    return;
  }
  if (digits === DEMO_CARD_DECLINED) {
    record.state = 'failed';
    throw new PaymentFailedError();
  }
  throw new ValidationError({cardNumber: 'invalid'});
}

export function sendPhoneCode(memory: MemoryState, request: PhoneCodeRequest): PhoneChallenge {
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

export function verifyPhoneCode(memory: MemoryState, challengeId: string, code: string): string {
  memory.need(memory.caps.smsCodes, 'smsCodes');
  const challenge = memory.phoneChallenges.get(challengeId);
  checkCode(memory, challenge, code);
  const token = memory.nextToken('phone-verified');
  memory.phoneTokens.set(token, {
    phone: (challenge as ChallengeRecord).target,
    expires: memory.clock() + ACCOUNT_LIMITS.phoneTokenTtlMs,
    used: false,
  });
  return token;
}

export function book(memory: MemoryState, request: BookingRequest): Appointment {
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
  // Her own, or the dependent's she acts for (`memory.acting`, its grant checked before this call).
  const signedIn = session ? memory.requirePatient() : undefined;
  const details = signedIn ? undefined : request.patient;
  if (!signedIn && !details) throw new ValidationError({patient: 'required'});

  const print = bookingFingerprint(request, signedIn ? signedIn.id : details);
  const earlier = memory.bookings.get(request.idempotencyKey);
  if (earlier) {
    if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
    return toAppointment(memory, memory.appointments.get(earlier.appointmentId) as AppointmentRecord);
  }

  const fields: Record<string, FieldErrorCode> = {
    ...(details ? validateDetails(memory, details, 'patient.') : {}),
    ...bookingTermsProblems(clinic, request, details !== undefined),
  };
  let phoneToken: {phone: string; expires: number; used: boolean} | undefined;
  if (details && clinic.booking.phoneVerification && memory.caps.smsCodes) {
    phoneToken = request.phoneVerificationToken
      ? memory.phoneTokens.get(request.phoneVerificationToken)
      : undefined;
    if (!request.phoneVerificationToken) fields.phoneVerificationToken = 'required';
    else if (!phoneProofLive(phoneToken, memory.clock()) || phoneToken.phone !== details.phone?.trim()) {
      fields.phoneVerificationToken = 'invalid';
    }
  }
  let services: Service[] = [];
  try {
    services = resolveServices(memory.data, request.serviceIds, 'serviceIds');
    decodeSlot(memory.data, request.slot, services);
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
  // A card on file where the policy charges fees and the visit takes no deposit (#20 item 4): the
  // request's card or the default, authorized before anything is stored.
  let authorization: CardAuthorization | undefined;
  const toAuthorize =
    services.length > 0 && memory.caps.cards && memory.cardsOf
      ? cardAuthorizationAmount(clinic, deposit, signedIn !== undefined)
      : null;
  if (toAuthorize && signedIn) {
    try {
      const card = cardToAuthorize(memory.cardsOf!(signedIn.id), request.cardId, memory.clock());
      authorization = authorizationFor(card, toAuthorize, 'demo', memory.instant(memory.clock()));
    } catch (e) {
      if (!(e instanceof ValidationError) || Object.keys(fields).length === 0) throw e;
      Object.assign(fields, e.fields);
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
    ownerVerified: bookedByOwner(signedIn !== undefined),
    patientTimeZone: request.patientTimeZone,
    cardAuthorization: authorization,
  });
  if (intent) intent.usedBy = apt.id;
  memory.bookings.set(request.idempotencyKey, {fingerprint: print, appointmentId: apt.id});
  const language =
    request.language === 'en' || request.language === 'es' ? request.language : patient.language;
  // A guest booking joins the account only through its confirm link (`ownedByAccount`); the
  // address's owner can also cancel it from here.
  const links: Record<string, string> = {};
  if (!apt.ownerVerified && memory.caps.reminderLinks) {
    if (memory.caps.confirm) links.confirm = memory.link(FRAGMENT_REMINDER, apt.confirmToken);
    if (memory.caps.cancel) links.cancel = memory.link(FRAGMENT_REMINDER, apt.cancelToken);
  }
  send(memory, language, {
    channel: 'email',
    to: patient.email,
    kind: 'booking-confirmation',
    vars: appointmentVars(memory, apt, language),
    links: {...links, portal: memory.linkBase()},
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
