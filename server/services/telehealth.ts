/**
 * Video visits: the state of the patient's video visit now and, only while its room is open (from
 * the clinic's `opensMinutesBefore` to its end), the room's links.
 */
import {NotFoundError, NotSupportedError} from '../../src/domain/errors.js';
import {ACTIVE, videoOpensAt} from '../../src/domain/rules/appointments.js';
import type {VideoJoin, VideoVisitState} from '../../src/domain/types.js';
import {ownAppointment} from './appointments.js';
import {instant, num, type CallContext, type PortalContext} from './context.js';
import {audit} from './notify.js';

export async function getVideoJoin(
  s: PortalContext,
  call: CallContext,
  appointmentId: string,
): Promise<VideoJoin> {
  const clinic = s.data.clinic;
  const tele = clinic.telehealth;
  if (!tele) throw new NotSupportedError('telehealth');
  const {live, row} = await ownAppointment(s, call, appointmentId);
  if (row.mode !== 'video') throw new NotFoundError();
  const now = s.clock();
  const start = num(row.start_ms);
  const end = num(row.end_ms);
  const opens = videoOpensAt(clinic, start);
  const state: VideoVisitState =
    row.status === 'cancelled'
      ? 'cancelled'
      : now < opens
        ? 'not-open'
        : now < start
          ? 'open'
          : now < end && ACTIVE.has(row.status)
            ? 'in-progress'
            : 'ended';
  const join: VideoJoin = {
    state,
    provider: tele.provider,
    opensAt: instant(s, opens),
    endsAt: instant(s, end),
  };
  await audit(s, s.db, live.patient.id, 'appointment.video', live.patient.id, row.id);
  if (state !== 'open' && state !== 'in-progress') return join;
  const base = s.data.videoRoomBase ?? 'https://meet.jit.si/';
  const room = `${base.endsWith('/') ? base : `${base}/`}${row.room ?? row.id}`;
  return {...join, appUrl: room, webUrl: `${room}#config.disableDeepLinking=true`};
}
