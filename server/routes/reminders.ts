/**
 * Routes: reminder links (`/reminder-links/resolve`, `/reminder-links/apply`: tokens from the
 * reminder email's fragment) and reminder preferences (`/reminder-preferences`, `…/test`).
 */
import type {ReminderPreferences} from '../../src/domain/types.js';
import {
  getReminderPreferences,
  saveReminderPreferences,
  sendTestReminder,
} from '../services/reminder-preferences.js';
import {applyReminderAction, resolveReminderToken} from '../services/reminders.js';
import {caller, json, type App, type RouteKit} from './http.js';
import type {ReminderActionRequest} from '../../src/adapters/adapter.js';
import type {BodyAs, RequestBody, ResponseBody} from '../../src/adapters/rest/wire.js';

export function reminderRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/reminder-links/resolve', async (c) =>
    c.json(
      (await resolveReminderToken(
        s,
        json<RequestBody<'resolveReminderToken'>>(c).token,
        caller(c),
      )) satisfies ResponseBody<'resolveReminderToken'>,
    ),
  );
  app.post('/reminder-links/apply', async (c) =>
    c.json(
      (await applyReminderAction(
        s,
        json<BodyAs<'applyReminderAction', ReminderActionRequest>>(c),
      )) satisfies ResponseBody<'applyReminderAction'>,
    ),
  );
  app.get('/reminder-preferences', async (c) =>
    c.json((await getReminderPreferences(s, caller(c))) satisfies ResponseBody<'getReminderPreferences'>),
  );
  app.put('/reminder-preferences', async (c) =>
    c.json(
      (await saveReminderPreferences(
        s,
        caller(c),
        json<BodyAs<'saveReminderPreferences', ReminderPreferences>>(c),
      )) satisfies ResponseBody<'saveReminderPreferences'>,
    ),
  );
  app.post('/reminder-preferences/test', async (c) => {
    await sendTestReminder(s, caller(c), json<RequestBody<'sendTestReminder'>>(c).channel);
    return c.body(null, 202);
  });
}
