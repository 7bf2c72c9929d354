/**
 * Routes: the patient's insurance cards (`/insurance-cards`, `/insurance-cards/{cardId}`,
 * `/insurance-cards/{cardId}/primary`) and their photos (`/insurance-cards/{cardId}/photos/{side}`:
 * the bytes as the profile photo's, `private, no-store`, `nosniff`). HTTP only; the services check who may and what is accepted.
 */
import {
  addInsuranceCard,
  getInsuranceCardPhoto,
  listInsuranceCards,
  removeInsuranceCardPhoto,
  uploadInsuranceCardPhoto,
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
  const photoPath = '/insurance-cards/:cardId/photos/:side';
  app.get(photoPath, async (c) => {
    const photo = await getInsuranceCardPhoto(s, caller(c), c.req.param('cardId'), c.req.param('side'));
    if (!photo) return c.body(null, 204);
    const body = photo.content.buffer.slice(
      photo.content.byteOffset,
      photo.content.byteOffset + photo.content.byteLength,
    ) as ArrayBuffer;
    return c.body(body, 200, {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.content.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.put(photoPath, async (c) => {
    const {cardId, side} = c.req.param();
    const stored = await uploadInsuranceCardPhoto(s, caller(c), cardId, side, json<unknown>(c));
    return c.json(stored satisfies ResponseBody<'uploadInsuranceCardPhoto'>);
  });
  app.delete(photoPath, async (c) => {
    await removeInsuranceCardPhoto(s, caller(c), c.req.param('cardId'), c.req.param('side'));
    return c.body(null, 204);
  });
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
