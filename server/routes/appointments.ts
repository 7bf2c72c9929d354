/**
 * Routes: the signed-in patient's appointments (`GET /appointments`, `/appointments/{id}` and its
 * `confirm`, `cancellation-quote`, `cancel`, `reschedule`, `video`).
 */
import type {AppointmentQuery} from '../../src/adapters/adapter.js';
import type {AppointmentStatus} from '../../src/domain/types.js';
import {
  cancelAppointment,
  cancellationQuote,
  confirmAppointment,
  getAppointment,
  listAppointments,
  rescheduleAppointment,
} from '../services/appointments.js';
import {getVideoJoin} from '../services/telehealth.js';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function appointmentRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/appointments', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const statuses = q.getAll('status') as AppointmentStatus[];
    const limit = q.get('limit');
    const query: AppointmentQuery = {
      when: q.get('when') as AppointmentQuery['when'],
      ...(statuses.length > 0 ? {statuses} : {}),
      ...(q.get('from') ? {from: q.get('from') as string} : {}),
      ...(q.get('to') ? {to: q.get('to') as string} : {}),
      ...(q.get('cursor') ? {cursor: q.get('cursor') as string} : {}),
      ...(limit ? {limit: Number(limit)} : {}),
    };
    return c.json((await listAppointments(s, caller(c), query)) satisfies ResponseBody<'listAppointments'>);
  });
  app.get('/appointments/:id', async (c) =>
    c.json((await getAppointment(s, caller(c), c.req.param('id'))) satisfies ResponseBody<'getAppointment'>),
  );
  app.post('/appointments/:id/confirm', async (c) =>
    c.json(
      (await confirmAppointment(
        s,
        caller(c),
        c.req.param('id'),
      )) satisfies ResponseBody<'confirmAppointment'>,
    ),
  );
  app.get('/appointments/:id/cancellation-quote', async (c) =>
    c.json(
      (await cancellationQuote(
        s,
        caller(c),
        c.req.param('id'),
      )) satisfies ResponseBody<'getCancellationQuote'>,
    ),
  );
  app.post('/appointments/:id/cancel', async (c) => {
    const {reasonId, note} = json<RequestBody<'cancelAppointment'>>(c);
    const request = {appointmentId: c.req.param('id'), reasonId, ...(note !== undefined ? {note} : {})};
    return c.json(
      (await cancelAppointment(s, caller(c), request)) satisfies ResponseBody<'cancelAppointment'>,
    );
  });
  app.post('/appointments/:id/reschedule', async (c) => {
    const {slot} = json<RequestBody<'rescheduleAppointment'>>(c);
    const request = {appointmentId: c.req.param('id'), slot, idempotencyKey: idempotencyKey(c)};
    return c.json(
      (await rescheduleAppointment(s, caller(c), request)) satisfies ResponseBody<'rescheduleAppointment'>,
    );
  });
  app.get('/appointments/:id/video', async (c) =>
    c.json((await getVideoJoin(s, caller(c), c.req.param('id'))) satisfies ResponseBody<'getVideoJoin'>),
  );
}
