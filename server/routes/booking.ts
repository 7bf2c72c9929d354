/** Routes: booking (`/availability`, `/holds`, `POST /appointments`). */
import type {BookingRequest} from '../../src/adapters/adapter.js';
import {availability} from '../services/availability.js';
import {book} from '../services/booking.js';
import {holdSlot, releaseHold} from '../services/holds.js';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function bookingRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/availability', async (c) => {
    const q = new URL(c.req.url).searchParams;
    return c.json(
      (await availability(
        s,
        {
          serviceIds: q.getAll('serviceId'),
          providerId: q.get('providerId') ?? '',
          from: q.get('from') ?? '',
          to: q.get('to') ?? '',
        },
        caller(c),
      )) satisfies ResponseBody<'getAvailability'>,
    );
  });
  app.post('/holds', async (c) => {
    const {slot, serviceIds} = json<RequestBody<'holdSlot'>>(c);
    return c.json((await holdSlot(s, slot, serviceIds, caller(c))) satisfies ResponseBody<'holdSlot'>, 201);
  });
  app.delete('/holds/:holdId', async (c) => {
    await releaseHold(s, c.req.param('holdId'), caller(c));
    return c.body(null, 204);
  });
  app.post('/appointments', async (c) => {
    const request = {...json<Omit<BookingRequest, 'idempotencyKey'>>(c), idempotencyKey: idempotencyKey(c)};
    const {appointment, replayed} = await book(s, caller(c), request);
    return c.json(appointment satisfies ResponseBody<'book'>, replayed ? 200 : 201);
  });
}
