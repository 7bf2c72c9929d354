/**
 * What booking, appointments, reminders and the seed share about an appointment's record: how a
 * row is shown to the patient (the domain's `toAppointment` with this server's capabilities and
 * clock), how a new one is written (its end, visit items and room from the domain's catalog rules;
 * the reminders whose time already passed marked skipped), and how a repeated idempotency key
 * finds the appointment it made.
 */
import {ValidationError} from '../../src/domain/errors.js';
import {toAppointment, type CardAuthorization} from '../../src/domain/rules/index.js';
import {durationWith, visitItems} from '../../src/domain/rules/index.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  Money,
  Service,
  VisitItemState,
} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {
  appointmentFacts,
  findAppointment,
  insertAppointment,
  type AppointmentRow,
} from '../repositories/appointments.js';
import {findIdempotencyKey} from '../repositories/idempotency-keys.js';
import {skipReminder} from '../repositories/reminders.js';
import {hexToken, token} from '../tokens.js';
import {capabilities} from './clinic.js';
import type {PortalContext} from './context.js';

const HOUR = 3_600_000;

/** The appointment as the patient sees it now. */
export function view(s: PortalContext, row: AppointmentRow): Appointment {
  return toAppointment(appointmentFacts(row), {data: s.data, caps: capabilities(s), now: s.clock()});
}

export interface NewAppointment {
  readonly id?: string;
  readonly patientId: string;
  readonly services: readonly Service[];
  readonly providerId: string;
  readonly start: number;
  readonly status: AppointmentStatus;
  readonly locationId?: string;
  readonly forms?: {questionnaire?: VisitItemState; consent?: VisitItemState};
  readonly cancellation?: CancellationInfo;
  /** The deposit paid when it was booked. */
  readonly depositPaid?: Money;
  /** The card authorized at booking for the policy's fees (#20 item 4). */
  readonly cardAuthorization?: CardAuthorization;
  /** Made by the account's owner (default); false for a guest booking (`ownedByAccount`). */
  readonly ownerVerified?: boolean;
  /** The patient's own zone, sent with the booking when it differs from the clinic's (messages). */
  readonly patientTimeZone?: string;
  /** Seeded appointments start with no reminder sent: the nearest due one goes out first. */
  readonly seeded?: boolean;
}

/** Writes a new appointment (inside the caller's transaction); its row. */
export async function createAppointment(
  s: PortalContext,
  q: Queryable,
  a: NewAppointment,
): Promise<AppointmentRow> {
  const id = a.id ?? `apt_${token(15)}`;
  const mode = a.services[0]?.mode ?? 'in-person';
  const row: AppointmentRow = {
    id,
    patient_id: a.patientId,
    status: a.status,
    start_ms: a.start,
    end_ms: a.start + durationWith(a.services, a.providerId) * 60_000,
    service_ids: a.services.map((x) => x.id),
    provider_id: a.providerId,
    mode,
    location_id: mode === 'video' ? null : (a.locationId ?? null),
    items: visitItems(s.data, id, a.services, a.forms),
    cancellation: a.cancellation ?? null,
    deposit_paid: a.depositPaid ?? null,
    card_authorization: a.cardAuthorization ?? null,
    fee_charge: null,
    owner_verified: a.ownerVerified ?? true,
    patient_time_zone: a.patientTimeZone ?? null,
    version: 1,
  };
  await insertAppointment(q, {...row, room: `portal-${hexToken(10)}`});
  if (!a.seeded) await skipPastReminders(s, q, row.id, row.start_ms);
  return row;
}

/** A reminder whose time passed before the appointment was made (or moved) is never sent. */
export async function skipPastReminders(
  s: PortalContext,
  q: Queryable,
  appointmentId: string,
  start: number,
): Promise<void> {
  const now = s.clock();
  for (const h of s.data.clinic.reminders.offeredHours) {
    if (start - h * HOUR < now) await skipReminder(q, appointmentId, h, now);
  }
}

/**
 * The appointment an idempotency key already made (`null`: the key is new); the same key for a
 * different request is `ValidationError({idempotencyKey: 'invalid'})`.
 */
export async function replayAppointment(
  s: PortalContext,
  scope: 'book' | 'reschedule',
  key: string,
  print: string,
): Promise<Appointment | null> {
  const earlier = await findIdempotencyKey(s.db, scope, key);
  if (!earlier) return null;
  if (earlier.fingerprint !== print) throw new ValidationError({idempotencyKey: 'invalid'});
  const row = await findAppointment(s.db, earlier.result_id);
  if (!row) throw new ValidationError({idempotencyKey: 'invalid'});
  return view(s, row);
}
