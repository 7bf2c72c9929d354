/** Routes: family members (`/people`, #21). HTTP only; acting for someone is checked in `app.ts`. */
import type {ResponseBody} from '../../src/adapters/rest/wire.js';
import {listPeople} from '../services/proxy.js';
import {caller, type App, type RouteKit} from './http.js';

export function peopleRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/people', async (c) =>
    c.json((await listPeople(s, caller(c))) satisfies ResponseBody<'listPeople'>),
  );
}
