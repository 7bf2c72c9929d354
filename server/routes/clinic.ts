/** Routes: the clinic and its time (`/capabilities`, `/clinic`, `/time`, `/catalog`, `/cancellation-reasons`). */
import {capabilities} from '../services/clinic.js';
import {instant} from '../services/context.js';
import type {App, RouteKit} from './http.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

export function clinicRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/capabilities', (c) => c.json(capabilities(s)));
  app.get('/clinic', (c) => c.json(s.data.clinic satisfies ResponseBody<'getClinic'>));
  app.get('/time', (c) => c.json({now: instant(s, s.clock())} satisfies ResponseBody<'getServerTime'>));
  app.get('/catalog', (c) => c.json(s.data.catalog satisfies ResponseBody<'getCatalog'>));
  app.get('/cancellation-reasons', (c) =>
    c.json({reasons: s.data.cancellationReasons} satisfies ResponseBody<'getCancellationReasons'>),
  );
}
