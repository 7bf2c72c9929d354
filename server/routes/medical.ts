/**
 * Routes: medical information the patient keeps up to date (`/medical`, `/medical/{list}`,
 * `/medical/{list}/{entryId}`). HTTP only; the services check who may and what is accepted.
 */
import {
  addMedicalEntry,
  getMedicalInfo,
  removeMedicalEntry,
  updateMedicalEntry,
} from '../services/medical.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function medicalRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/medical', async (c) =>
    c.json((await getMedicalInfo(s, caller(c))) satisfies ResponseBody<'getMedicalInfo'>),
  );
  app.post('/medical/:list', async (c) => {
    const body = json<RequestBody<'addMedicalEntry'>>(c);
    const entry = await addMedicalEntry(s, caller(c), c.req.param('list'), body);
    return c.json(entry satisfies ResponseBody<'addMedicalEntry'>, 201);
  });
  app.put('/medical/:list/:entryId', async (c) => {
    const body = json<RequestBody<'updateMedicalEntry'>>(c);
    const entry = await updateMedicalEntry(s, caller(c), c.req.param('list'), c.req.param('entryId'), body);
    return c.json(entry satisfies ResponseBody<'updateMedicalEntry'>);
  });
  app.delete('/medical/:list/:entryId', async (c) => {
    await removeMedicalEntry(s, caller(c), c.req.param('list'), c.req.param('entryId'));
    return c.body(null, 204);
  });
}
