/**
 * Messages leave the server for real: email over SMTP to a catcher on 127.0.0.1 (smtp-server +
 * mailparser), SMS through a recording provider. The reminder email's "Confirm attendance" link,
 * followed with the RestAdapter, confirms the appointment end to end; each message goes out once.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {simpleParser, type ParsedMail} from 'mailparser';
import {SMTPServer} from 'smtp-server';
import type {AddressInfo} from 'node:net';
import {DEMO_PATIENT_EMAIL, DEMO_PATIENT_PASSWORD} from '../../src/adapters/memory/index.js';
import {RestAdapter} from '../../src/adapters/rest/index.js';
import {RecordingProvider} from '../../server/delivery.js';
import {startServer, type RunningServer} from '../../server/index.js';
import {checkedFetch, testDatabase} from './helpers.js';

vi.setConfig({testTimeout: 60_000});

const database = testDatabase('mail');
const HOUR = 3_600_000;
let now = Date.parse('2026-03-10T16:00:00Z');
let server: RunningServer;
let smtp: SMTPServer;
const mails: ParsedMail[] = [];
const sms = new RecordingProvider();

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const {port} = smtp.server.address() as AddressInfo;
  server = await startServer({
    clock: () => now,
    linkBase: 'https://clinic.example/portal',
    delivery: {smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: '"Clínica Demo" <citas@clinic.example>', sms},
    ...database.options,
  });
}, 120_000);

afterAll(async () => {
  if (server) await database.drop(server.db);
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const to = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';

describe('delivery over SMTP and providers', () => {
  it('delivers the seeded invitation and reminders once each', async () => {
    const emails = (await server.portal.outbox()).filter((m) => m.channel === 'email').length;
    const first = await server.dispatcher.deliver(now);
    expect(emails).toBeGreaterThan(0);
    expect(mails.length).toBe(emails);
    expect(sms.sent.length).toBe(first - emails);
    expect(sms.sent.some((m) => m.kind === 'reminder' && Object.keys(m.links).length === 0)).toBe(true);
    const invitation = mails.find(
      (m) => m.subject?.includes('cree su cuenta') || m.subject?.includes('create your patient portal'),
    );
    expect(invitation).toBeTruthy();
    expect(invitation?.text).toMatch(/https:\/\/clinic\.example\/portal#portal-invitation=[A-Za-z0-9_-]{43}/);
    expect(await server.dispatcher.deliver(now)).toBe(0);
    expect(mails.length).toBe(emails);
  });

  it('follows the reminder email’s confirm link: the appointment is confirmed', async () => {
    const checked = checkedFetch(server.url);
    const adapter = new RestAdapter({baseUrl: server.url, fetch: checked.fetch});
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const {slots} = await adapter.getAvailability({
      serviceIds: ['svc-general'],
      providerId: 'any',
      from: new Date(now + 5 * HOUR).toISOString(),
      to: new Date(now + 3 * 24 * HOUR).toISOString(),
    });
    const appointment = await adapter.book({
      slot: slots[0],
      serviceIds: ['svc-general'],
      idempotencyKey: 'mail-e2e',
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    await server.dispatcher.deliver(now);
    const confirmation = mails.filter(
      (m) => to(m) === DEMO_PATIENT_EMAIL && m.subject?.includes('reservada'),
    );
    expect(confirmation.length).toBe(1);
    expect(confirmation[0].headers.get('content-language')).toBe('es');

    // Just after the nearest reminder's time: the scheduler sends it, the dispatcher delivers it.
    now = Date.parse(appointment.start) - 1 * HOUR + 60_000;
    const before = mails.length;
    await server.portal.sendDueReminders();
    await server.dispatcher.deliver(now);
    await server.portal.sendDueReminders();
    await server.dispatcher.deliver(now);
    const reminders = mails.slice(before).filter((m) => to(m) === DEMO_PATIENT_EMAIL);
    expect(reminders.length).toBe(1);
    expect(reminders[0].subject).toContain('recordatorio de su cita');
    const text = reminders[0].text ?? '';
    expect(text).toContain('hora de la Ciudad de México');
    const confirmLink = /Confirmar asistencia: (\S+)/.exec(text)?.[1] ?? '';
    const url = new URL(confirmLink);
    expect(url.origin + url.pathname).toBe('https://clinic.example/portal');
    expect(url.search).toBe('');
    const token = new URLSearchParams(url.hash.slice(1)).get('portal-reminder') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The patient follows the link without being signed in (the page passes the token on).
    await adapter.signOut();
    const info = await adapter.resolveReminderToken(token);
    expect(info).toMatchObject({action: 'confirm', withoutSignIn: true});
    expect(info.appointment.id).toBe(appointment.id);
    expect((await adapter.applyReminderAction({token})).status).toBe('confirmed');
    await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    expect((await adapter.getAppointment(appointment.id)).status).toBe('confirmed');
    expect(checked.violations).toEqual([]);
  });

  it('sends SMS codes through the SMS provider', async () => {
    const adapter = new RestAdapter({baseUrl: server.url});
    await adapter.sendPhoneCode({phone: '+525512340000', language: 'en'});
    await server.dispatcher.deliver(now);
    const code = sms.sent.find((m) => m.to === '+525512340000');
    expect(code?.kind).toBe('phone-code');
    expect(code?.text).toContain(code?.code ?? '-');
    expect(code?.language).toBe('en');
  });
});
