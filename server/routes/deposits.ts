/** Routes: deposits (`/deposit-intents`, the demo provider's `/deposit-intents/{id}/demo-payment`). */
import {confirmDemoPayment, createDepositIntent} from '../services/deposits.js';
import {idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function depositRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/deposit-intents', async (c) => {
    const {slot, serviceIds} = json<RequestBody<'createDepositIntent'>>(c);
    const intent = await createDepositIntent(s, slot, serviceIds, idempotencyKey(c));
    return c.json({intent} satisfies ResponseBody<'createDepositIntent'>);
  });
  app.post('/deposit-intents/:intentId/demo-payment', async (c) => {
    await confirmDemoPayment(s, c.req.param('intentId'), json<RequestBody<'confirmDemoPayment'>>(c).card);
    return c.body(null, 204);
  });
}
