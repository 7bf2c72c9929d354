/**
 * The `appointments` table: SQL only. Every function takes the queryable (the database or the
 * transaction it runs in) first. Changes are versioned: an update names the version it read.
 */
import type {AppointmentFacts, CardAuthorization, FeeCharge} from '../../src/domain/rules/index.js';
import type {
  Appointment,
  AppointmentStatus,
  CancellationInfo,
  Service,
  VisitItem,
} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';

export interface AppointmentRow {
  id: string;
  /** The video room's name (video visits). */
  room?: string;
  patient_id: string;
  status: AppointmentStatus;
  start_ms: number;
  end_ms: number;
  service_ids: string[];
  provider_id: string;
  mode: Service['mode'];
  location_id: string | null;
  items: VisitItem[];
  cancellation: CancellationInfo | null;
  deposit_paid: Appointment['depositPaid'] | null;
  /** Made by the account's owner, or confirmed from the emailed link (`ownedByAccount`). */
  owner_verified: boolean;
  /** The patient's own IANA zone when it differed from the clinic's at booking (messages). */
  patient_time_zone?: string | null;
  /** The card authorized at booking when the policy needed one (#20 item 4). */
  card_authorization?: CardAuthorization | null;
  /** A late-cancellation or no-show fee charged under it. */
  fee_charge?: FeeCharge | null;
  version: number;
}

/** A row as the domain's appointment rules read it. */
export function appointmentFacts(a: AppointmentRow): AppointmentFacts {
  return {
    id: a.id,
    status: a.status,
    start: Number(a.start_ms),
    end: Number(a.end_ms),
    serviceIds: a.service_ids,
    providerId: a.provider_id,
    mode: a.mode,
    ...(a.location_id ? {locationId: a.location_id} : {}),
    items: a.items,
    ...(a.cancellation ? {cancellation: a.cancellation} : {}),
    ...(a.deposit_paid ? {depositPaid: a.deposit_paid} : {}),
    ownerVerified: a.owner_verified,
    ...(a.card_authorization ? {cardAuthorization: a.card_authorization} : {}),
    ...(a.fee_charge ? {feeCharge: a.fee_charge} : {}),
  };
}

export async function findAppointment(q: Queryable, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await q.query<AppointmentRow>('SELECT * FROM appointments WHERE id = $1', [id]);
  return row;
}

/** The appointment if it is in this patient's account (theirs, and owner-verified). */
export async function findPatientAppointment(
  q: Queryable,
  id: string,
  patientId: string,
): Promise<AppointmentRow | undefined> {
  const [row] = await q.query<AppointmentRow>(
    'SELECT * FROM appointments WHERE id = $1 AND patient_id = $2 AND owner_verified',
    [id, patientId],
  );
  return row;
}

/** The appointments in this patient's account (owner-verified ones). */
export function listPatientAppointments(q: Queryable, patientId: string): Promise<AppointmentRow[]> {
  return q.query<AppointmentRow>('SELECT * FROM appointments WHERE patient_id = $1 AND owner_verified', [
    patientId,
  ]);
}

/** Active appointments starting in (after, until], earliest first (the reminder pass). */
/**
 * Active appointments starting in (`after`, `until`], in (start, id) order: at most `limit`, those
 * after the keyset `from` (the last row of the previous step).
 */
export function activeStartingBetween(
  q: Queryable,
  after: number,
  until: number,
  limit: number,
  from?: {readonly start: number; readonly id: string},
): Promise<AppointmentRow[]> {
  return q.query<AppointmentRow>(
    `SELECT * FROM appointments WHERE status IN ('pending', 'booked', 'confirmed') AND start_ms > $1
      AND start_ms <= $2 ${from ? 'AND (start_ms, id) > ($4, $5)' : ''} ORDER BY start_ms, id LIMIT $3`,
    from ? [after, until, limit, from.start, from.id] : [after, until, limit],
  );
}

export async function insertAppointment(q: Queryable, row: AppointmentRow & {room: string}): Promise<void> {
  await q.query(
    `INSERT INTO appointments (id, patient_id, status, start_ms, end_ms, service_ids, provider_id, mode, location_id,
       items, cancellation, room, deposit_paid, owner_verified, patient_time_zone, card_authorization)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      row.id,
      row.patient_id,
      row.status,
      row.start_ms,
      row.end_ms,
      JSON.stringify(row.service_ids),
      row.provider_id,
      row.mode,
      row.location_id,
      JSON.stringify(row.items),
      row.cancellation ? JSON.stringify(row.cancellation) : null,
      row.room,
      row.deposit_paid ? JSON.stringify(row.deposit_paid) : null,
      row.owner_verified,
      row.patient_time_zone ?? null,
      row.card_authorization ? JSON.stringify(row.card_authorization) : null,
    ],
  );
}

/** Sets the status and/or cancellation if the version is still `version`; the row after, or none. */
export async function updateAppointmentStatus(
  q: Queryable,
  id: string,
  version: number,
  set: {
    status?: AppointmentStatus;
    cancellation?: CancellationInfo;
    ownerVerified?: true;
    feeCharge?: FeeCharge;
  },
): Promise<AppointmentRow | undefined> {
  const [updated] = await q.query<AppointmentRow>(
    `UPDATE appointments SET status = COALESCE($3, status), cancellation = COALESCE($4, cancellation),
       owner_verified = owner_verified OR $5, fee_charge = COALESCE(fee_charge, $6), version = version + 1
      WHERE id = $1 AND version = $2 RETURNING *`,
    [
      id,
      version,
      set.status ?? null,
      set.cancellation ? JSON.stringify(set.cancellation) : null,
      set.ownerVerified === true,
      set.feeCharge ? JSON.stringify(set.feeCharge) : null,
    ],
  );
  return updated;
}

/** Moves it (booked again) if the version is still `version`; the row after, or none. */
export async function moveAppointment(
  q: Queryable,
  id: string,
  version: number,
  to: {start: number; end: number; providerId: string; locationId: string | null},
): Promise<AppointmentRow | undefined> {
  const [updated] = await q.query<AppointmentRow>(
    `UPDATE appointments SET start_ms = $3, end_ms = $4, provider_id = $5, location_id = $6, status = 'booked',
       version = version + 1
      WHERE id = $1 AND version = $2 RETURNING *`,
    [id, version, to.start, to.end, to.providerId, to.locationId],
  );
  return updated;
}
