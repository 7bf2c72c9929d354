/**
 * Routes: the patient's insurance cards (`/insurance-cards`, `/insurance-cards/{cardId}`,
 * `/insurance-cards/{cardId}/primary`). HTTP only; the services check who may and what is accepted.
 */
import {
  addInsuranceCard,
  listInsuranceCards,
  removeInsuranceCard,
  setPrimaryInsuranceCard,
  updateInsuranceCard,
} from '../services/insurance.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function insuranceRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/insurance-cards', async (c) =>
    c.json((await listInsuranceCards(s, caller(c))) satisfies ResponseBody<'listInsuranceCards'>),
  );
  app.post('/insurance-cards', async (c) => {
    const body = json<RequestBody<'addInsuranceCard'>>(c);
    const card = await addInsuranceCard(s, caller(c), body);
    return c.json(card satisfies ResponseBody<'addInsuranceCard'>, 201);
  });
  app.put('/insurance-cards/:cardId', async (c) => {
    const body = json<RequestBody<'updateInsuranceCard'>>(c);
    const card = await updateInsuranceCard(s, caller(c), c.req.param('cardId'), body);
    return c.json(card satisfies ResponseBody<'updateInsuranceCard'>);
  });
  app.post('/insurance-cards/:cardId/primary', async (c) =>
    c.json(
      (await setPrimaryInsuranceCard(
        s,
        caller(c),
        c.req.param('cardId'),
      )) satisfies ResponseBody<'setPrimaryInsuranceCard'>,
    ),
  );
  app.delete('/insurance-cards/:cardId', async (c) =>
    c.json(
      (await removeInsuranceCard(
        s,
        caller(c),
        c.req.param('cardId'),
      )) satisfies ResponseBody<'removeInsuranceCard'>,
    ),
  );
}
