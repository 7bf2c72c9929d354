/** Routes: the clinic and its time (`/capabilities`, `/clinic`, `/time`, `/catalog`, `/cancellation-reasons`). */
import {capabilities} from '../services/clinic.js';
import {instant} from '../services/context.js';
import type {App, RouteKit} from './http.js';

export function clinicRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/capabilities', (c) => c.json(capabilities(s)));
  app.get('/clinic', (c) => c.json(s.data.clinic));
  app.get('/time', (c) => c.json({now: instant(s, s.clock())}));
  app.get('/catalog', (c) => c.json(s.data.catalog));
  app.get('/cancellation-reasons', (c) => c.json({reasons: s.data.cancellationReasons}));
}
