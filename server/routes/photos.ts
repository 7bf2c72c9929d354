/**
 * Routes: the patient's profile photo (`/profile/photo`). HTTP only; the services check who may
 * and what is accepted. The photo answers its bytes with the type sniffed when they were stored,
 * `Cache-Control: private, no-store` and `nosniff`; no photo yet: 204 (nothing to show is not an
 * error — a 404 would be logged as one in every host page's console).
 */
import {getProfilePhoto, removeProfilePhoto, uploadProfilePhoto} from '../services/photos.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {ResponseBody} from '../../src/adapters/rest/wire.js';

export function photoRoutes(app: App, {services: s}: RouteKit): void {
  app.get('/profile/photo', async (c) => {
    const photo = await getProfilePhoto(s, caller(c));
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
  app.put('/profile/photo', async (c) =>
    c.json(
      (await uploadProfilePhoto(s, caller(c), json<unknown>(c))) satisfies ResponseBody<'uploadProfilePhoto'>,
    ),
  );
  app.delete('/profile/photo', async (c) => {
    await removeProfilePhoto(s, caller(c));
    return c.body(null, 204);
  });
}
