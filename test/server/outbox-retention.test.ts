/**
 * Issue 14 item 11: the outbox keeps no token, code or patient data longer than it must. Without the
 * development outbox a message's recipient, subject, text, links and code are wiped once it is
 * delivered; with it, delivered messages stay readable there; either way nothing is kept past 7 days
 * (a message never delivered included). The seeded demo clinic's invitations and reminders are the
 * messages: SMS reminders go through a recording provider, emails have no transport here.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {DEMO_PATIENT_EMAIL} from '../../src/adapters/memory/index.js';
import {OUTBOX_RETENTION_MS, RecordingProvider} from '../../server/delivery.js';
import {createPortalServer, type PortalServer} from '../../server/index.js';
import {testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

interface Row {
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  links: Record<string, string>;
  code: string | null;
  wiped: boolean;
  delivered_at: string | number | null;
}

const rows = (server: PortalServer) =>
  server.db.query<Row>(
    'SELECT channel, recipient, subject, body, links, code, wiped, delivered_at FROM outbox ORDER BY seq',
  );
const empty = (r: Row) =>
  r.recipient === '' &&
  r.subject === '' &&
  r.body === '' &&
  Object.keys(r.links).length === 0 &&
  r.code === null;

for (const devTools of [false, true]) {
  describe(devTools ? 'with the development outbox' : 'in production mode', () => {
    const database = testDatabase(`outbox_${devTools ? 'dev' : 'prod'}`);
    let now = Date.parse('2026-03-10T16:00:00Z');
    let server: PortalServer;
    const sms = new RecordingProvider();

    beforeAll(async () => {
      server = await createPortalServer({
        clock: () => now,
        devTools,
        linkBase: 'https://clinic.example/portal',
        delivery: {sms},
        ...database.options,
      });
    }, 120_000);

    afterAll(async () => {
      if (server) await database.drop(server.db);
      await server?.close();
    });

    it(
      devTools
        ? 'keeps delivered messages readable for the development outbox, then wipes everything after 7 days'
        : 'wipes a message once delivered, and an undelivered one after 7 days',
      async () => {
        const before = await rows(server);
        expect(before.some((r) => r.channel === 'sms')).toBe(true);
        expect(before.some((r) => r.channel === 'email' && r.recipient === DEMO_PATIENT_EMAIL)).toBe(true);
        expect(before.every((r) => !r.wiped && !empty(r))).toBe(true);

        const sent = await server.dispatcher.deliver(now);
        expect(sent).toBe(before.filter((r) => r.channel === 'sms').length);
        expect(sms.sent.every((m) => m.to.startsWith('+') && m.text.length > 0)).toBe(true);
        const after = await rows(server);
        for (const r of after.filter((x) => x.channel === 'sms')) {
          expect(r.delivered_at).not.toBeNull();
          expect(r.wiped).toBe(!devTools);
          expect(empty(r)).toBe(!devTools);
        }
        // Emails have no transport here: undelivered, kept (the clinic may still configure SMTP).
        for (const r of after.filter((x) => x.channel === 'email')) {
          expect(r.delivered_at).toBeNull();
          expect(empty(r)).toBe(false);
        }
        if (!devTools) {
          const stored = JSON.stringify(after.filter((r) => r.channel === 'sms'));
          for (const m of sms.sent) {
            expect(stored).not.toContain(m.to);
            expect(stored).not.toContain(m.text.slice(0, 20));
          }
        }

        // One minute short of 7 days nothing more goes; 7 days on, every message's contents go.
        now += OUTBOX_RETENTION_MS - 60_000;
        expect(await server.dispatcher.sweep(now)).toBe(0);
        now += 2 * 60_000;
        expect(await server.dispatcher.sweep(now)).toBe(devTools ? after.length : after.length - sent);
        // The delivery run sweeps too (nothing left to wipe now).
        await server.dispatcher.deliver(now);
        const old = await rows(server);
        expect(old.length).toBe(after.length);
        expect(old.every((r) => r.wiped && empty(r))).toBe(true);
        expect(JSON.stringify(old)).not.toContain(DEMO_PATIENT_EMAIL);
        expect(JSON.stringify(old)).not.toContain('#portal-');
      },
    );
  });
}
