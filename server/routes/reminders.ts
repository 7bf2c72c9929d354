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

export function reminderRoutes(app: App, {services: s}: RouteKit): void {
  app.post('/reminder-links/resolve', async (c) =>
    c.json(await resolveReminderToken(s, json<{token: string}>(c).token, caller(c))),
  );
  app.post('/reminder-links/apply', async (c) => c.json(await applyReminderAction(s, json(c))));
  app.get('/reminder-preferences', async (c) => c.json(await getReminderPreferences(s, caller(c))));
  app.put('/reminder-preferences', async (c) =>
    c.json(await saveReminderPreferences(s, caller(c), json<ReminderPreferences>(c))),
  );
  app.post('/reminder-preferences/test', async (c) => {
    await sendTestReminder(s, caller(c), json<{channel: 'email' | 'sms' | 'voice'}>(c).channel);
    return c.body(null, 202);
  });
}
