/**
 * Routes: Stripe's webhook (`POST /webhooks/stripe`). No session and no CSRF header: the
 * `Stripe-Signature` over the raw body says who sent it (the service checks it). The body is read
 * here as bytes, never parsed before the signature is checked (`app.ts` leaves this route's body alone).
 */
import {handleStripeWebhook} from '../services/stripe-webhook.js';
import type {App, RouteKit} from './http.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export function webhookRoutes(app: App, {services: s}: RouteKit): void {
  app.post(STRIPE_WEBHOOK_PATH, async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    await handleStripeWebhook(s, raw, c.req.header('Stripe-Signature'));
    return c.json({received: true});
  });
}
