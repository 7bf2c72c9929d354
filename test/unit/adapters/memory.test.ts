import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {NetworkError, isAbortError, isPortalError, type PortalError} from '../../../src/adapters/adapter.js';
import {
  DEMO_APPOINTMENT_KEYS,
  DEMO_CARD_DECLINED,
  DEMO_CARD_SUCCESS,
  DEMO_INVITATION_TOKEN,
  DEMO_INVITED_EMAIL,
  DEMO_PATIENT_DATE_OF_BIRTH,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
  DEMO_SMS_CODE,
  FRAGMENT_INVITATION,
  FRAGMENT_REMINDER,
  MemoryAdapter,
  createDemoAdapter,
  createDemoClinicData,
  deriveToken,
} from '../../../src/adapters/memory/index.js';
import {hmacSha256, sha256} from '../../../src/adapters/memory/crypto.js';
import {instantToPlainDate} from '../../../src/domain/time.js';
import type {Appointment, PatientDetails, Slot} from '../../../src/domain/types.js';
import {describeAdapterContract, type AdapterHarness} from '../../contract/index.js';

/** Tuesday 10 March 2026, 10:00 in Mexico City. */
const T0 = Date.parse('2026-03-10T16:00:00Z');
const TZ = 'America/Mexico_City';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function demoHarness(start = T0): AdapterHarness & {memory: MemoryAdapter} {
  let now = start;
  const memory = createDemoAdapter({clock: () => now, linkBase: 'https://clinic.example/portal'});
  return {
    memory,
    adapter: memory,
    outbox: async () => {
      await memory.ready;
      return [...memory.outbox.messages];
    },
    setNow: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
    runReminders: async () => {
      await memory.sendDueReminders();
    },
    payDeposit: (intent) => memory.confirmDemoPayment(intent.id, DEMO_CARD_SUCCESS),
    replyAsClinic: async (id, body, attachments) =>
      void (await memory.replyAsClinic(id, body, {name: 'Recepción', ...(attachments ? {attachments} : {})})),
    addClinicDocument: async (patientId, doc) => (await memory.addClinicDocument(patientId, doc)).id,
    markNoShow: (id) => memory.markNoShow(id),
    // The clinic's side of family members: the memory adapter's family part, on its state.
    setProxyGrant: async (holder, dependent, grant) =>
      (await import('../../../src/adapters/memory/proxy.js')).setProxyGrant(
        memory.state,
        holder,
        dependent,
        grant,
      ),
    // The clinic's configuration: the demo's data, replaced as a whole (after its lazy seed).
    configureClinic: async (patch) => {
      await memory.ready;
      const data = memory.state.data;
      memory.state.data = {...data, clinic: {...data.clinic, ...patch}};
    },
    knownPatient: {
      email: DEMO_PATIENT_EMAIL,
      password: DEMO_PATIENT_PASSWORD,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
    },
    invitationToken: DEMO_INVITATION_TOKEN,
    close: () => Promise.resolve(),
  };
}

describeAdapterContract('MemoryAdapter (demo clinic, 10:00 on a Tuesday)', async () => demoHarness());
// Late at night in the clinic's zone: the seeded "video visit today" edge and next-day availability.
describeAdapterContract('MemoryAdapter (demo clinic, 23:50 clinic time)', async () =>
  demoHarness(Date.parse('2026-03-11T05:50:00Z')),
);

// A backend with little: the contract must test NotSupportedError where it used to test features,
// and skip what needs clock control; a second factor by email replaces the plain sign-in.
describeAdapterContract('MemoryAdapter (capabilities off, second factor, no clock control)', async () => {
  const memory = new MemoryAdapter({
    data: createDemoClinicData(),
    seed: 'reduced',
    capabilities: {
      selfRegistration: false,
      invitations: false,
      passwordReset: false,
      secondFactor: 'email',
      smsCodes: false,
      payments: false,
      holds: false,
      confirm: false,
      cancel: false,
      reschedule: false,
      telehealth: false,
      reminderChannels: [],
      testReminder: false,
      reminderLinks: false,
      refills: false,
    },
  });
  return {
    adapter: memory,
    outbox: async () => {
      await memory.ready;
      return [...memory.outbox.messages];
    },
    knownPatient: {
      email: DEMO_PATIENT_EMAIL,
      password: DEMO_PATIENT_PASSWORD,
      dateOfBirth: DEMO_PATIENT_DATE_OF_BIRTH,
    },
    close: () => Promise.resolve(),
  };
});

// ---------------------------------------------------------------------------------------------

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

function details(overrides: Partial<PatientDetails> = {}): PatientDetails {
  return {
    givenName: 'Carlos',
    familyName: 'Pérez',
    email: 'carlos.perez@example.com',
    phone: '+525511112222',
    dateOfBirth: '1979-07-07',
    language: 'es',
    ...overrides,
  };
}

async function firstSlot(adapter: MemoryAdapter, serviceId: string, after = 0): Promise<Slot> {
  const now = Date.parse((await adapter.getServerTime()).now);
  const {slots} = await adapter.getAvailability({
    serviceIds: [serviceId],
    providerId: 'any',
    from: new Date(now + after).toISOString(),
    to: new Date(now + after + 14 * DAY).toISOString(),
  });
  expect(slots.length).toBeGreaterThan(0);
  return slots[0];
}

async function phoneToken(adapter: MemoryAdapter, phone: string): Promise<string> {
  const challenge = await adapter.sendPhoneCode({phone, language: 'es'});
  return adapter.verifyPhoneCode(challenge.id, DEMO_SMS_CODE);
}

async function signInDemo(adapter: MemoryAdapter) {
  const result = await adapter.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
  if (result.status !== 'signed-in') throw new Error('second factor in the demo');
  return result.session;
}

describe('MemoryAdapter internals', () => {
  it('computes SHA-256 and HMAC-SHA-256 like Node’s crypto', () => {
    for (const input of [
      '',
      'abc',
      'ñandú 🦊',
      'x'.repeat(55),
      'y'.repeat(56),
      'z'.repeat(64),
      'w'.repeat(1000),
    ]) {
      const ours = Buffer.from(sha256(new TextEncoder().encode(input))).toString('hex');
      expect(ours).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
    }
    const nodeHmac = async (key: string, msg: string) => {
      const {createHmac} = await import('node:crypto');
      return createHmac('sha256', key).update(msg, 'utf8').digest('hex');
    };
    return Promise.all(
      [
        ['demo', 'invitation\u0000luis'],
        ['k'.repeat(100), 'message'],
        ['', ''],
      ].map(async ([k, m]) =>
        expect(Buffer.from(hmacSha256(k, m)).toString('hex')).toBe(await nodeHmac(k, m)),
      ),
    );
  });

  it('derives opaque url-safe tokens with no patient data', () => {
    const token = deriveToken('demo', 'invitation', 'luis');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).toBe(DEMO_INVITATION_TOKEN);
    expect(token.toLowerCase()).not.toContain('luis');
    expect(deriveToken('demo', 'invitation', 'luis2')).not.toBe(token);
    expect(deriveToken('other', 'invitation', 'luis')).not.toBe(token);
  });
});

describe('the demo clinic', () => {
  it('is deterministic: same seed and clock → same tokens, ids and appointments', async () => {
    const a = demoHarness();
    const b = demoHarness();
    await Promise.all([a.memory.ready, b.memory.ready]);
    expect(b.memory.outbox.size).toBeGreaterThan(0);
    expect(b.memory.outbox.messages).toEqual(a.memory.outbox.messages);
    await signInDemo(a.memory);
    await signInDemo(b.memory);
    const listA = await a.memory.listAppointments({when: 'all', limit: 100});
    const listB = await b.memory.listAppointments({when: 'all', limit: 100});
    expect(listB).toEqual(listA);
    for (const key of Object.values(DEMO_APPOINTMENT_KEYS)) {
      expect(b.memory.seededReminderToken(key, 'cancel')).toBe(a.memory.seededReminderToken(key, 'cancel'));
    }
    // The same operations give the same runtime tokens too.
    const sa = await a.memory.sendPhoneCode({phone: '+525500001111', language: 'es'});
    const sb = await b.memory.sendPhoneCode({phone: '+525500001111', language: 'es'});
    expect(sb.id).toBe(sa.id);
    // A different seed gives different tokens.
    const other = createDemoAdapter({clock: () => T0, seed: 'another'});
    expect(other.seededReminderToken(DEMO_APPOINTMENT_KEYS.videoToday, 'confirm')).not.toBe(
      a.memory.seededReminderToken(DEMO_APPOINTMENT_KEYS.videoToday, 'confirm'),
    );
  });

  it('keeps seeded links working in a fresh adapter (a page reload)', async () => {
    const first = demoHarness();
    await first.memory.ready;
    const link = first.memory.outbox.latest({kind: 'invitation'})?.links['create-account'] ?? '';
    expect(link).toBe(
      `https://clinic.example/portal#${FRAGMENT_INVITATION}=${DEMO_INVITATION_TOKEN}&lang=en`,
    );
    const reloaded = demoHarness(T0 + 5 * MINUTE);
    expect(await reloaded.memory.getInvitation(DEMO_INVITATION_TOKEN)).toEqual({
      givenName: 'Luis',
      maskedEmail: 'l•••@demo.clinic',
    });
    const reminder = first.memory.outbox.latest({kind: 'reminder', channel: 'email'});
    const token =
      new URLSearchParams(new URL(reminder?.links.cancel ?? 'x:').hash.slice(1)).get(FRAGMENT_REMINDER) ?? '';
    expect((await reloaded.memory.resolveReminderToken(token)).action).toBe('cancel');
  });

  it('sends the invitation in the invited patient’s language, with the token in the fragment', async () => {
    const {memory} = demoHarness();
    await memory.ready;
    const invitation = memory.outbox.latest({kind: 'invitation'});
    expect(invitation?.to).toBe(DEMO_INVITED_EMAIL);
    expect(invitation?.language).toBe('en');
    expect(invitation?.subject).toContain('Clínica Demo Roma Norte');
    const url = new URL(invitation?.links['create-account'] ?? '');
    expect(url.search).toBe('');
    // The patient's language goes with the token, so the page opens in it (#23).
    expect(url.hash).toBe(`#${FRAGMENT_INVITATION}=${DEMO_INVITATION_TOKEN}&lang=en`);
  });

  it('gives the demo patient a video visit today, past visits of every kind and upcoming ones', async () => {
    for (const start of [
      T0,
      Date.parse('2026-03-11T05:50:00Z'),
      Date.parse('2026-03-14T13:07:31Z'),
      Date.now(),
    ]) {
      const {memory} = demoHarness(start);
      await signInDemo(memory);
      const upcoming = (await memory.listAppointments({when: 'upcoming'})).items;
      const past = (await memory.listAppointments({when: 'past'})).items;
      const today = instantToPlainDate(start, TZ);
      const video = upcoming.filter((x) => x.mode === 'video');
      expect(video.length).toBe(1);
      expect(instantToPlainDate(Date.parse(video[0].start), TZ)).toBe(today);
      expect(Date.parse(video[0].end)).toBeGreaterThan(start);
      expect(video[0].id).toBe(memory.seededAppointmentId(DEMO_APPOINTMENT_KEYS.videoToday));
      expect(upcoming.map((x) => x.status).sort()).toEqual(['booked', 'confirmed', 'confirmed']);
      expect(past.map((x) => x.status).sort()).toEqual([
        'cancelled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'no-show',
      ]);
      const booked = upcoming.find((x) => x.status === 'booked') as Appointment;
      expect(booked.items.find((i) => i.kind === 'questionnaire')?.state).toBe('to-do');
      expect(booked.items.some((i) => i.kind === 'instructions' && i.phase === 'before')).toBe(true);
      expect(past.some((x) => x.items.some((i) => i.phase === 'after'))).toBe(true);
      expect(video[0].items.find((i) => i.kind === 'consent')?.state).toBe('done');
    }
  });

  it('has the room of today’s video visit open as the demo starts, then in progress, then ended', async () => {
    const {memory, advance} = demoHarness();
    await signInDemo(memory);
    const id = memory.seededAppointmentId(DEMO_APPOINTMENT_KEYS.videoToday);
    const join = await memory.getVideoJoin(id);
    // 10:00 → the visit is at 10:10; its room opened at 9:55.
    expect(join.state).toBe('open');
    expect(Date.parse(join.opensAt)).toBe(T0 - 5 * MINUTE);
    expect(new URL(join.webUrl ?? '').hostname).toBe('meet.jit.si');
    expect(join.appUrl?.startsWith('https://meet.jit.si/ClinicaDemo-')).toBe(true);
    await advance?.(11 * MINUTE);
    expect((await memory.getVideoJoin(id)).state).toBe('in-progress');
    await advance?.(30 * MINUTE);
    await signInDemo(memory); // 30 idle minutes ended the session
    const ended = await memory.getVideoJoin(id);
    expect(Date.parse(ended.endsAt)).toBe(T0 + 40 * MINUTE); // a 30-minute visit
    expect(ended.state).toBe('ended');
    expect(ended.webUrl).toBeUndefined();
    expect(ended.appUrl).toBeUndefined();
  });

  it('has put a reminder with confirm/cancel links for the demo patient in the outbox', async () => {
    const {memory} = demoHarness();
    await memory.ready;
    const reminders = memory.outbox.list({kind: 'reminder', to: DEMO_PATIENT_EMAIL});
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) {
      expect(r.language).toBe('es');
      expect(r.text).toContain('hora de la Ciudad de México');
      expect(r.links.cancel).toContain(`#${FRAGMENT_REMINDER}=`);
    }
    const sms = memory.outbox.list({kind: 'reminder', channel: 'sms'});
    expect(sms.length).toBeGreaterThan(0);
    for (const m of sms) {
      expect(m.links).toEqual({});
      expect(m.text).toContain('no permite confirmar ni cancelar');
    }
  });

  it('has a booked visit whose reminder carries "Confirm attendance" at every hour of every weekday', async () => {
    // Monday 9 March 2026, 00:00 in Mexico City, then every hour of the week, at :00 and :59.
    const monday = Date.parse('2026-03-09T06:00:00Z');
    const missing: string[] = [];
    const days = new Set<string>();
    for (let h = 0; h < 7 * 24; h++) {
      for (const offset of [0, 59 * MINUTE + 59_000]) {
        const start = monday + h * HOUR + offset;
        const {memory} = demoHarness(start);
        await memory.ready;
        const key = DEMO_APPOINTMENT_KEYS.upcomingBooked;
        const id = memory.seededAppointmentId(key);
        const withConfirm = memory.outbox
          .list({kind: 'reminder', to: DEMO_PATIENT_EMAIL})
          .filter(
            (m) =>
              m.links.confirm ===
              `${memory.link(FRAGMENT_REMINDER, memory.seededReminderToken(key, 'confirm'))}&lang=${m.language}`,
          );
        await signInDemo(memory);
        const visit = await memory.getAppointment(id);
        const ahead = Date.parse(visit.start) - start;
        days.add(new Intl.DateTimeFormat('en', {weekday: 'short', timeZone: TZ}).format(start));
        if (
          withConfirm.length !== 1 ||
          visit.status !== 'booked' ||
          !visit.actions.confirm ||
          !(ahead > 0 && ahead <= 72 * HOUR)
        )
          missing.push(
            `${new Date(start).toISOString()}: ${withConfirm.length} email(s), ${visit.status}, ${ahead / HOUR} h ahead`,
          );
      }
    }
    expect(days.size).toBe(7);
    expect(missing).toEqual([]);
    // 336 demo clinics built and signed into: a few seconds, more on a loaded machine.
  }, 60_000);

  it('lets the seeded reminder tokens confirm and cancel the demo patient’s appointments', async () => {
    const {memory} = demoHarness();
    const key = DEMO_APPOINTMENT_KEYS.upcomingBooked;
    const confirm = memory.seededReminderToken(key, 'confirm');
    const info = await memory.resolveReminderToken(confirm);
    expect(info).toMatchObject({action: 'confirm', withoutSignIn: true});
    expect((await memory.applyReminderAction({token: confirm})).status).toBe('confirmed');
    expect(isPortalError(await rejection(memory.applyReminderAction({token: confirm})))).toBe(true);
    const cancel = memory.seededReminderToken(key, 'cancel');
    const cancelled = await memory.applyReminderAction({
      token: cancel,
      reasonId: 'other',
      note: 'Viaje de trabajo',
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellation).toMatchObject({
      reasonId: 'other',
      note: 'Viaje de trabajo',
      by: 'patient',
    });
  });

  it('tells the demo page its credentials and every new outbox message', async () => {
    const {memory} = demoHarness();
    expect(memory.demo).toBe(true);
    expect(memory.demoInfo).toMatchObject({
      patientEmail: DEMO_PATIENT_EMAIL,
      patientPassword: DEMO_PATIENT_PASSWORD,
      smsCode: DEMO_SMS_CODE,
      invitationToken: DEMO_INVITATION_TOKEN,
    });
    await memory.ready;
    const heard: number[] = [];
    const unsubscribe = memory.outbox.subscribe((messages, latest) => {
      heard.push(messages.length);
      expect(messages[messages.length - 1]).toBe(latest);
    });
    await memory.sendPhoneCode({phone: '+525511112222', language: 'es'});
    unsubscribe();
    await memory.sendPhoneCode({phone: '+525511113333', language: 'es'});
    expect(heard).toEqual([memory.outbox.size - 1]);
    // Messages cannot be changed by a reader.
    const first = memory.outbox.messages[0] as {subject: string};
    expect(() => {
      first.subject = 'changed';
    }).toThrow();
  });

  it('describes a bilingual clinic in Mexico City', async () => {
    const {memory} = demoHarness();
    const clinic = await memory.getClinic();
    expect(clinic).toMatchObject({timeZone: TZ, country: 'MX', currency: 'MXN'});
    expect(clinic.privacy).toMatchObject({law: 'LFPDPPP', explicitConsent: true});
    expect(clinic.telehealth?.allowedHosts).toContain('meet.jit.si');
    expect(clinic.reminders.voiceCallerNote?.en).toContain('Canada');
    const catalog = await memory.getCatalog();
    expect(catalog.categories.length).toBe(3);
    expect(catalog.services.length).toBe(8);
    expect(catalog.providers.length).toBe(4);
    for (const text of [...catalog.categories.map((c) => c.name), ...catalog.services.map((s) => s.name)]) {
      expect(text.es).toBeTruthy();
      expect(text.en).toBeTruthy();
    }
    expect(catalog.services.filter((s) => s.mode === 'video').length).toBe(1);
    expect(catalog.services.filter((s) => s.deposit).length).toBe(1);
    const reasons = await memory.getCancellationReasons();
    expect(reasons.find((r) => r.needsText)?.id).toBe('other');
  });

  it('uses each provider’s own duration', async () => {
    const {memory} = demoHarness();
    const query = (providerId: string) =>
      memory.getAvailability({
        serviceIds: ['svc-general'],
        providerId,
        from: new Date(T0).toISOString(),
        to: new Date(T0 + 7 * DAY).toISOString(),
      });
    const [ramirez, ortega] = [await query('prov-ramirez'), await query('prov-ortega')];
    const length = (s: Slot) => (Date.parse(s.end) - Date.parse(s.start)) / MINUTE;
    expect(new Set(ramirez.slots.map(length))).toEqual(new Set([30]));
    expect(new Set(ortega.slots.map(length))).toEqual(new Set([40]));
    // The clinic closes on 16 March 2026 (a federal holiday).
    for (const s of [...ramirez.slots, ...ortega.slots])
      expect(instantToPlainDate(Date.parse(s.start), TZ)).not.toBe('2026-03-16');
  });
});

describe('MemoryAdapter: SMS codes, payments and failures', () => {
  it('always sends the documented demo SMS code', async () => {
    const {memory} = demoHarness();
    await memory.sendPhoneCode({phone: '+525511112222', language: 'en'});
    const sms = memory.outbox.latest({kind: 'phone-code'});
    expect(sms?.code).toBe(DEMO_SMS_CODE);
    expect(sms?.language).toBe('en');
    expect(sms?.text).toContain(DEMO_SMS_CODE);
  });

  it('takes a deposit with the demo test cards', async () => {
    const {memory} = demoHarness();
    const slot = await firstSlot(memory, 'svc-peel');
    const intent = await memory.createDepositIntent(slot, ['svc-peel'], 'peel-1');
    expect(intent).toMatchObject({amount: {amountMinor: 50000, currency: 'MXN'}, provider: 'demo'});
    const id = intent?.id ?? '';
    expect((await rejection(memory.confirmDemoPayment(id, DEMO_CARD_DECLINED))) as PortalError).toMatchObject(
      {
        code: 'payment-failed',
      },
    );
    expect((await rejection(memory.confirmDemoPayment(id, '1234 5678'))) as PortalError).toMatchObject({
      code: 'validation',
    });
    const patient = details();
    const request = {
      slot,
      serviceIds: ['svc-peel'],
      idempotencyKey: 'book-peel-1',
      patient,
      phoneVerificationToken: await phoneToken(memory, patient.phone),
      privacyConsent: true,
      policyAccepted: true,
      paymentIntentId: id,
      language: 'es' as const,
    };
    expect((await rejection(memory.book(request))) as PortalError).toMatchObject({code: 'payment-failed'});
    await memory.confirmDemoPayment(id, '4242 4242 4242 4242');
    const appointment = await memory.book(request);
    expect(appointment.depositPaid).toEqual({amountMinor: 50000, currency: 'MXN'});
    // An intent pays for one booking only.
    const next = await firstSlot(memory, 'svc-peel', DAY);
    expect(
      (await rejection(memory.book({...request, slot: next, idempotencyKey: 'book-peel-2'}))) as PortalError,
    ).toMatchObject({
      code: 'validation',
      fields: {paymentIntentId: 'invalid'},
    });
  });

  it('fails the next calls with an injected error, by operation and count', async () => {
    const {memory} = demoHarness();
    memory.failures.failNext(() => new NetworkError('server', 5), {operation: 'getCatalog', times: 2});
    const e = (await rejection(memory.getCatalog())) as NetworkError;
    expect(e.code).toBe('server');
    expect(e.retryAfterSeconds).toBe(5);
    expect(((await rejection(memory.getCatalog())) as PortalError).code).toBe('server');
    expect((await memory.getClinic()).id).toBeTruthy();
    expect((await memory.getCatalog()).services.length).toBe(8);
    memory.failures.failNext(new NetworkError('timeout'));
    expect(((await rejection(memory.getServerTime())) as PortalError).code).toBe('timeout');
    expect(memory.failures.pending).toBe(0);
  });

  it('can lose the response after committing: a retry with the same key gives one appointment (QUALITY 23)', async () => {
    const {memory} = demoHarness();
    await signInDemo(memory);
    const slot = await firstSlot(memory, 'svc-general');
    const request = {
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'lost-response',
      privacyConsent: true,
      policyAccepted: true,
      language: 'es' as const,
    };
    memory.failures.failNext(new NetworkError('network'), {operation: 'book', afterCommit: true});
    expect(((await rejection(memory.book(request))) as PortalError).code).toBe('network');
    const retried = await memory.book(request);
    const list = await memory.listAppointments({when: 'upcoming', limit: 100});
    expect(list.items.filter((x) => x.id === retried.id).length).toBe(1);
    expect(list.items.filter((x) => x.start === slot.start && x.providerId === slot.providerId).length).toBe(
      1,
    );
  });

  it('waits its latency, and an abort during the wait rejects without writing', async () => {
    const {memory} = demoHarness();
    memory.latencyMs = 40;
    const started = performance.now();
    await memory.getClinic();
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(await memory.checkConnection()).toBeGreaterThanOrEqual(35);

    await signInDemo(memory);
    const slot = await firstSlot(memory, 'svc-general');
    const controller = new AbortController();
    memory.latencyMs = 200;
    const pending = memory.book(
      {
        slot,
        serviceIds: ['svc-general'],
        idempotencyKey: 'abort-me',
        privacyConsent: true,
        policyAccepted: true,
        language: 'es',
      },
      {signal: controller.signal},
    );
    // Abort while the adapter is still waiting (its latency has begun, nothing is written yet).
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(isAbortError(await rejection(pending))).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // past the latency: the write must still not happen
    memory.latencyMs = 0;
    const list = await memory.listAppointments({when: 'upcoming', limit: 100});
    expect(list.items.some((x) => x.start === slot.start && x.providerId === slot.providerId)).toBe(false);
  });

  it('stores passwords hashed, never in plain text', () => {
    const {memory} = demoHarness();
    const seen = new Set<unknown>();
    const walk = (v: unknown): boolean => {
      if (typeof v === 'string') return v.includes(DEMO_PATIENT_PASSWORD);
      if (!v || typeof v !== 'object' || seen.has(v)) return false;
      seen.add(v);
      const entries = v instanceof Map ? [...v.values()] : v instanceof Set ? [...v] : Object.values(v);
      return entries.some(walk);
    };
    // The seed data and the demo page's info document the demo password on purpose; the accounts do not keep it.
    const internals = Object.fromEntries(
      [...Object.entries(memory), ...Object.entries(memory.state)].filter(
        ([k]) => k !== 'state' && k !== 'data' && k !== 'demoInfo',
      ),
    );
    expect(walk(internals)).toBe(false);
  });

  it('keeps patient data out of ids, tokens and error messages', async () => {
    const {memory} = demoHarness();
    const patient = details({
      givenName: 'Zacarías',
      familyName: 'Quintanilla',
      email: 'zacarias.q@example.com',
    });
    const slot = await firstSlot(memory, 'svc-general');
    const token = await phoneToken(memory, patient.phone);
    const badEmail = (await rejection(
      memory.book({
        slot,
        serviceIds: ['svc-general'],
        idempotencyKey: 'pii-1',
        patient: {...patient, email: 'zacarias.q@'},
        phoneVerificationToken: token,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es',
      }),
    )) as PortalError;
    expect(badEmail.message).not.toContain('zacarias');
    const appointment = await memory.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'pii-2',
      patient,
      phoneVerificationToken: token,
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const visible = JSON.stringify([appointment, slot, token]).toLowerCase();
    for (const v of ['zacar', 'quintanilla', patient.phone, '1979-07-07'])
      expect(visible).not.toContain(v.toLowerCase());
    const sent = memory.outbox.latest({kind: 'booking-confirmation', channel: 'email'});
    expect(sent?.to).toBe(patient.email);
    expect(sent?.text).toContain('Zacarías');
  });

  it('throws NotSupportedError for capabilities turned off', async () => {
    const memory = new MemoryAdapter({
      data: createDemoClinicData(),
      clock: () => T0,
      seed: 'x',
      capabilities: {holds: false, reschedule: false, smsCodes: false, payments: false},
    });
    const caps = await memory.getCapabilities();
    expect(caps).toMatchObject({holds: false, reschedule: false, smsCodes: false, payments: false});
    const slot = await firstSlot(memory, 'svc-peel');
    expect(((await rejection(memory.holdSlot(slot, ['svc-peel']))) as PortalError).code).toBe(
      'not-supported',
    );
    expect(
      ((await rejection(memory.sendPhoneCode({phone: '+525511112222', language: 'es'}))) as PortalError).code,
    ).toBe('not-supported');
    // No payments: no deposit is due, and no phone code is asked either.
    const appointment = await memory.book({
      slot,
      serviceIds: ['svc-peel'],
      idempotencyKey: 'k',
      patient: details(),
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    expect(appointment.depositPaid).toBeUndefined();
  });

  it('sends the 72/24/1 h reminders once each, with links only in the email', async () => {
    const h = demoHarness();
    const {memory} = h;
    await signInDemo(memory);
    const slot = await firstSlot(memory, 'svc-general', 4 * DAY);
    const booked = await memory.book({
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'remind-me',
      privacyConsent: true,
      policyAccepted: true,
      language: 'es',
    });
    const start = Date.parse(booked.start);
    const prefs = await memory.getReminderPreferences();
    await memory.saveReminderPreferences({
      ...prefs,
      phones: [{number: '+525512345678', country: 'MX', sms: true, voice: true}],
    });
    const before = memory.outbox.size;
    for (const hours of [72, 24, 1]) {
      await h.setNow?.(start - hours * HOUR + MINUTE);
      await memory.sendDueReminders();
      await memory.sendDueReminders();
    }
    const sent = memory.outbox.messages.slice(before).filter((m) => m.kind === 'reminder');
    expect(sent.filter((m) => m.channel === 'email').length).toBe(3);
    expect(sent.filter((m) => m.channel === 'sms').length).toBe(3);
    expect(sent.filter((m) => m.channel === 'voice').length).toBe(3);
    expect(sent.find((m) => m.channel === 'voice')?.text).toContain('Canadá');
    for (const m of sent.filter((x) => x.channel === 'email'))
      expect(Object.keys(m.links).sort()).toEqual(['cancel', 'confirm']);
  });
});

describe('MemoryAdapter: parts loaded on first use', () => {
  it('sends its seeded messages first, as of when it was built, even if the clock moved on', async () => {
    const h = demoHarness();
    const {memory} = h;
    await h.advance?.(10 * MINUTE);
    // A message sent before anyone awaited `ready` still comes after the seeded ones.
    await memory.sendPhoneCode({phone: '+525511112222', language: 'es'});
    const messages = memory.outbox.messages;
    const seeded = messages.slice(0, -1);
    expect(seeded.map((m) => m.kind)).toContain('invitation');
    expect(seeded.map((m) => m.kind)).toContain('reminder');
    expect(new Set(seeded.map((m) => Date.parse(m.at)))).toEqual(new Set([T0]));
    expect(messages.map((m) => m.id)).toEqual(
      messages.map((_, i) => `msg_${String(i + 1).padStart(4, '0')}`),
    );
    expect(messages.at(-1)).toMatchObject({kind: 'phone-code', at: expect.any(String)});
    expect(Date.parse(messages.at(-1)?.at ?? '')).toBe(T0 + 10 * MINUTE);
  });

  it('tells a listener that subscribed early about the seeded messages (the demo page)', async () => {
    const {memory} = demoHarness();
    expect(memory.outbox.messages).toEqual([]);
    const heard: string[] = [];
    memory.outbox.subscribe((_all, latest) => heard.push(latest.id));
    await memory.ready;
    expect(heard.length).toBeGreaterThan(0);
    expect(heard).toEqual(memory.outbox.messages.map((m) => m.id));
  });

  it('writes nothing when aborted while a part or the seeded messages load', async () => {
    // No phone verification and no deposit: the request books as it is.
    const make = () =>
      new MemoryAdapter({
        data: createDemoClinicData(),
        clock: () => T0,
        seed: 'abort-while-loading',
        capabilities: {smsCodes: false, payments: false},
      });
    const slot = await firstSlot(make(), 'svc-general');
    const request = {
      slot,
      serviceIds: ['svc-general'],
      idempotencyKey: 'abort-while-loading',
      patient: details(),
      privacyConsent: true,
      policyAccepted: true,
      language: 'es' as const,
    };
    expect((await make().book(request)).status).toBe('booked');

    const memory = make();
    const controller = new AbortController();
    const pending = memory.book(request, {signal: controller.signal});
    controller.abort(); // the adapter is still loading its parts and seeded messages
    expect(isAbortError(await rejection(pending))).toBe(true);
    await memory.ready;
    expect(memory.outbox.list({kind: 'booking-confirmation'})).toEqual([]);
    const {slots} = await memory.getAvailability({
      serviceIds: ['svc-general'],
      providerId: slot.providerId,
      from: slot.start,
      to: slot.end,
    });
    expect(slots.map((s) => s.id)).toContain(slot.id);
  });
});
