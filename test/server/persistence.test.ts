/**
 * PGlite on disk (the default for `npm run server`): data survive a restart, the seed runs once,
 * and a reminder already sent is not sent again by the restarted server.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL} from '../../src/adapters/memory/index.js';
import {startServer} from '../../server/index.js';

vi.setConfig({testTimeout: 120_000});

const dir = mkdtempSync(join(tmpdir(), 'portal-pglite-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('PGlite in a data folder', () => {
  it('keeps patients, appointments and sent reminders across a restart', async () => {
    let now = Date.parse('2026-03-10T16:00:00Z');
    const first = await startServer({dataDir: dir, clock: () => now});
    const patients = await first.db.query<{n: number}>('SELECT count(*)::int AS n FROM patients');
    const appointments = await first.db.query<{id: string}>('SELECT id FROM appointments ORDER BY id');
    const reminders = (await first.portal.outbox()).filter((m) => m.kind === 'reminder');
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.filter((m) => m.channel === 'email').every((m) => m.to === DEMO_PATIENT_EMAIL)).toBe(
      true,
    );
    expect(reminders.some((m) => m.channel === 'sms')).toBe(true);
    await first.close();

    now += 60_000;
    const second = await startServer({dataDir: dir, clock: () => now});
    expect(await second.db.query('SELECT count(*)::int AS n FROM patients')).toEqual(patients);
    expect(await second.db.query('SELECT id FROM appointments ORDER BY id')).toEqual(appointments);
    expect(await second.portal.sendDueReminders()).toBe(0);
    expect((await second.portal.outbox()).filter((m) => m.kind === 'reminder').length).toBe(reminders.length);
    await second.close();
  });
});
