/**
 * Routes: the waitlist (`/waitlist`, `/waitlist/{entryId}`) and the offers' links
 * (`/waitlist-offers/resolve`, `/waitlist-offers/accept`: tokens from the email's fragment). HTTP
 * only; the services check who may and what is accepted.
 */
import type {WaitlistRequest} from '../../src/adapters/adapter.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';
import {
  acceptWaitlistOffer,
  joinWaitlist,
  leaveWaitlist,
  listWaitlist,
  resolveWaitlistOffer,
} from '../services/waitlist.js';
import {caller, json, type App, type RouteKit} from './http.js';

export function waitlistRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/waitlist', async (c) =>
    c.json((await listWaitlist(s, caller(c))) satisfies ResponseBody<'listWaitlist'>),
  );
  app.post('/waitlist', async (c) => {
    // The wire's dates and parts of the day are plain strings: the domain's rule checks them.
    const entry = await joinWaitlist(s, caller(c), json<RequestBody<'joinWaitlist'>>(c) as WaitlistRequest);
    return c.json(entry satisfies ResponseBody<'joinWaitlist'>, 201);
  });
  app.delete('/waitlist/:entryId', async (c) => {
    await leaveWaitlist(s, caller(c), c.req.param('entryId'));
    return c.body(null, 204);
  });
  app.post('/waitlist-offers/resolve', async (c) =>
    c.json(
      (await resolveWaitlistOffer(
        s,
        json<RequestBody<'resolveWaitlistOffer'>>(c).token,
        caller(c),
      )) satisfies ResponseBody<'resolveWaitlistOffer'>,
    ),
  );
  app.post('/waitlist-offers/accept', async (c) =>
    c.json(
      (await acceptWaitlistOffer(
        s,
        json<RequestBody<'acceptWaitlistOffer'>>(c).token,
      )) satisfies ResponseBody<'acceptWaitlistOffer'>,
    ),
  );
}
