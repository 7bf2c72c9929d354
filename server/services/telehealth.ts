/**
 * Video visits: the state of the patient's video visit now and, only while its room is open (from
 * the clinic's `opensMinutesBefore` to its end), the room's links — the domain's `videoJoin` rule
 * over the stored appointment, with the read audited.
 */
import {NotFoundError, NotSupportedError} from '../../src/domain/errors.js';
import {videoJoin} from '../../src/domain/rules/index.js';
import type {VideoJoin} from '../../src/domain/types.js';
import {ownAppointment} from './appointments.js';
import {num, type CallContext, type PortalContext} from './context.js';
import {audit} from './notify.js';

export async function getVideoJoin(
  s: PortalContext,
  call: CallContext,
  appointmentId: string,
): Promise<VideoJoin> {
  if (!s.data.clinic.telehealth) throw new NotSupportedError('telehealth');
  const {live, row} = await ownAppointment(s, call, appointmentId);
  if (row.mode !== 'video') throw new NotFoundError();
  await audit(s, s.db, live.patient.id, 'appointment.video', live.patient.id, row.id);
  const times = {status: row.status, start: num(row.start_ms), end: num(row.end_ms)};
  return videoJoin(times, s.data, row.room ?? row.id, s.clock());
}
