/** Routes: deposits (`/deposit-intents`, the demo provider's `/deposit-intents/{id}/demo-payment`). */
import type {BookingRequest} from '../../src/adapters/adapter.js';
import {confirmDemoPayment, createDepositIntent, type DemoTestCard} from '../services/deposits.js';
import {idempotencyKey, json, type App, type RouteKit} from './http.js';

export function depositRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/deposit-intents', async (c) => {
    const {slot, serviceIds} = json<{slot: BookingRequest['slot']; serviceIds: string[]}>(c);
    return c.json({intent: await createDepositIntent(s, slot, serviceIds, idempotencyKey(c))});
  });
  app.post('/deposit-intents/:intentId/demo-payment', async (c) => {
    await confirmDemoPayment(s, c.req.param('intentId'), json<{card: DemoTestCard}>(c).card);
    return c.body(null, 204);
  });
}
