/**
 * Routes: cards on file (`/cards`, `/card-setups`, the demo provider's
 * `/card-setups/{id}/demo-confirmation`). HTTP only; the services check who may.
 */
import {
  confirmDemoCardSetup,
  listCards,
  removeCard,
  setDefaultCard,
  startCardSetup,
} from '../services/cards.js';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function cardRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/cards', async (c) => c.json((await listCards(s, caller(c))) satisfies ResponseBody<'listCards'>));
  app.post('/card-setups', async (c) =>
    c.json((await startCardSetup(s, caller(c), idempotencyKey(c))) satisfies ResponseBody<'startCardSetup'>),
  );
  app.post('/card-setups/:setupId/demo-confirmation', async (c) => {
    const {card} = json<RequestBody<'confirmDemoCardSetup'>>(c);
    await confirmDemoCardSetup(s, caller(c), c.req.param('setupId'), card);
    return c.body(null, 204);
  });
  app.post('/cards/:cardId/default', async (c) =>
    c.json(
      (await setDefaultCard(s, caller(c), c.req.param('cardId'))) satisfies ResponseBody<'setDefaultCard'>,
    ),
  );
  app.delete('/cards/:cardId', async (c) =>
    c.json((await removeCard(s, caller(c), c.req.param('cardId'))) satisfies ResponseBody<'removeCard'>),
  );
}
