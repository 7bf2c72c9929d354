/**
 * The demo clinic as the reference server seeds it (what `npm start` serves): whatever the day and
 * hour it starts, a reminder email with "Confirm attendance" for one of the demo patient's booked
 * visits is in the outbox — on Thursdays and Friday mornings too, when her dermatology visit two
 * weekdays ahead would be more than 72 hours away — and its link confirms that visit.
 */
import {afterAll, beforeAll, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL, FRAGMENT_REMINDER} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

const database = testDatabase('demo_seed');
let server: RunningServer;
let now = Date.parse('2026-03-12T06:00:00Z');

beforeAll(async () => {
  server = await startServer({clock: () => now, ...database.options});
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
});

// Clinic time (Mexico City, UTC−6): Thursday 00:00 and 12:00, Friday 00:00, 09:00 and 10:59,
// Saturday 08:00, Sunday 23:00, Monday 07:30.
const STARTS = [
  '2026-03-12T06:00:00Z',
  '2026-03-12T18:00:00Z',
  '2026-03-13T06:00:00Z',
  '2026-03-13T15:00:00Z',
  '2026-03-13T16:59:00Z',
  '2026-03-14T14:00:00Z',
  '2026-03-16T05:00:00Z',
  '2026-03-16T13:30:00Z',
];

it('seeds a reminder with "Confirm attendance" whatever the day and hour, and its link confirms', async () => {
  for (const start of STARTS) {
    now = Date.parse(start);
    await server.reset();
    const reminders = (await server.portal.outbox()).filter(
      (m) => m.kind === 'reminder' && m.channel === 'email' && m.to === DEMO_PATIENT_EMAIL && m.links.confirm,
    );
    expect(reminders.length, `a confirm link when the demo starts at ${start}`).toBe(1);
    const token = new URLSearchParams(new URL(reminders[0].links.confirm).hash.slice(1)).get(
      FRAGMENT_REMINDER,
    );
    expect(token).toBeTruthy();
    const checked = checkedFetch(server.url);
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    const info = await adapter.resolveReminderToken(token as string);
    expect(info.action).toBe('confirm');
    const ahead = Date.parse(info.appointment.start) - now;
    expect(ahead, `visit ahead at ${start}`).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(72 * 3_600_000);
    const confirmed = await adapter.applyReminderAction({token: token as string});
    expect(confirmed.status).toBe('confirmed');
    expect(checked.violations).toEqual([]);
  }
});
