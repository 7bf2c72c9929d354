/** Routes: deposits (`/deposit-intents`, the demo provider's `/deposit-intents/{id}/demo-payment`). */
import {confirmDemoPayment, createDepositIntent} from '../services/deposits.js';
import {caller, idempotencyKey, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function depositRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/deposit-intents', async (c) => {
    const {slot, serviceIds} = json<RequestBody<'createDepositIntent'>>(c);
    const intent = await createDepositIntent(s, slot, serviceIds, idempotencyKey(c), caller(c));
    return c.json({intent} satisfies ResponseBody<'createDepositIntent'>);
  });
  app.post('/deposit-intents/:intentId/demo-payment', async (c) => {
    const {card} = json<RequestBody<'confirmDemoPayment'>>(c);
    await confirmDemoPayment(s, c.req.param('intentId'), card, caller(c));
    return c.body(null, 204);
  });
}
