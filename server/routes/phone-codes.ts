/** Routes: phone verification (`/phone-codes`, `/phone-codes/verify`). */
import {sendPhoneCode, verifyPhoneCode} from '../services/phone-codes.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function phoneCodeRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/phone-codes', async (c) =>
    c.json((await sendPhoneCode(s, json(c), caller(c))) satisfies ResponseBody<'sendPhoneCode'>, 201),
  );
  app.post('/phone-codes/verify', async (c) => {
    const {challengeId, code} = json<RequestBody<'verifyPhoneCode'>>(c);
    return c.json({
      token: await verifyPhoneCode(s, challengeId, code),
    } satisfies ResponseBody<'verifyPhoneCode'>);
  });
}
