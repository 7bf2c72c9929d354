/** Routes: liveness (`/health`: the process answers) and readiness (`/ready`: the database too). */
import {readiness} from '../services/health.js';
import type {App, RouteKit} from './http.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

export function healthRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/health', (c) => c.json({status: 'ok'} satisfies ResponseBody<'getHealth'>));
  app.get('/ready', async (c) => c.json((await readiness(s)) satisfies ResponseBody<'getReadiness'>));
}
