/**
 * The shared contract suite: every PortalAdapter (memory, REST, FHIR) runs it, so they cannot drift.
 *
 * A backend that lacks a capability is tested for `NotSupportedError` on that operation, never
 * skipped silently. Only tests that need a harness feature the backend cannot offer (clock
 * control, running reminders, paying a deposit) are skipped, at run time, with a note.
 */
import {afterEach, beforeEach, describe, expect, it as vitestIt, type TestContext} from 'vitest';
import {
  isAbortError,
  isPortalError,
  type AppointmentQuery,
  type BookingRequest,
  type Capabilities,
  type FieldErrorCode,
  type PortalAdapter,
  type PortalError,
  type PortalErrorCode,
  type SignInRequest,
} from '../../../src/adapters/adapter.js';
import type {
  Appointment,
  Catalog,
  Clinic,
  OutboxMessage,
  PatientDetails,
  PaymentIntent,
  PlainDate,
  ReminderPhone,
  Service,
  Session,
  Slot,
} from '../../../src/domain/types.js';

export interface AdapterHarness {
  readonly adapter: PortalAdapter;
  /** Everything the backend "sent" so far, oldest first. */
  outbox(): Promise<OutboxMessage[]>;
  /** Sets the backend's clock (epoch ms). */
  setNow?(ms: number): void | Promise<void>;
  /** Moves the backend's clock forward. */
  advance?(ms: number): void | Promise<void>;
  /** Sends the reminders due at the backend's current time. */
  runReminders?(): void | Promise<void>;
  /** Completes the payment step of a deposit intent with a card that succeeds. */
  payDeposit?(intent: PaymentIntent): void | Promise<void>;
  /** A patient with an account. */
  readonly knownPatient: {readonly email: string; readonly password: string; readonly dateOfBirth: PlainDate};
  /** A pending invitation's token (otherwise one is looked for in the outbox). */
  readonly invitationToken?: string;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STRONG = 'Un paseo por Chapultepec 2026';
const LONG_PASSWORD = '  Mi contraseña es larga: ñandú 🦊🐢 con espacios, acentos y emoji — ¿verdad? ¡Sí!  ';

// ---------------------------------------------------------------------------------------------
// Helpers

const ms = (instant: string): number => {
  const t = Date.parse(instant);
  expect(Number.isNaN(t), `not an instant: ${instant}`).toBe(false);
  expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return t;
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject, but it resolved');
}

async function expectCode(promise: Promise<unknown>, ...codes: PortalErrorCode[]): Promise<PortalError> {
  const e = await rejection(promise);
  expect(isPortalError(e), `expected a PortalError, got ${String(e)}`).toBe(true);
  expect(codes).toContain((e as PortalError).code);
  return e as PortalError;
}

async function expectFields(
  promise: Promise<unknown>,
  fields: Readonly<Record<string, FieldErrorCode | readonly FieldErrorCode[] | true>>,
): Promise<Readonly<Record<string, FieldErrorCode>>> {
  const e = (await expectCode(promise, 'validation')) as PortalError & {
    fields: Record<string, FieldErrorCode>;
  };
  for (const [name, expected] of Object.entries(fields)) {
    expect(Object.keys(e.fields), `field ${name}`).toContain(name);
    if (expected === true) continue;
    if (typeof expected === 'string') expect(e.fields[name]).toBe(expected);
    else expect(expected).toContain(e.fields[name]);
  }
  return e.fields;
}

const expectNotSignedIn = (p: Promise<unknown>) => expectCode(p, 'not-signed-in', 'session-expired');
const expectNotSupported = (p: Promise<unknown>) => expectCode(p, 'not-supported');

/** The token in a link's fragment (`#key=TOKEN`), checking it is not in the query. */
function tokenOf(link: string): string {
  const url = new URL(link);
  const params = new URLSearchParams(url.hash.slice(1));
  const token = [...params.values()][0];
  expect(token, `no token in the fragment of ${link}`).toBeTruthy();
  expect(url.search).not.toContain(token);
  return token;
}

function linkWithToken(m: OutboxMessage): string | undefined {
  return Object.values(m.links).find((l) => {
    try {
      return new URL(l).hash.includes('=');
    } catch {
      return false;
    }
  });
}

let unique = 0;
function newDetails(overrides: Partial<PatientDetails> = {}): PatientDetails {
  unique++;
  const n = `${Date.now() % 1e6}${unique}`.slice(-8).padStart(8, '0');
  return {
    givenName: 'María José',
    familyName: "Ñúñez-O'Connor",
    email: `contract.${n}@example.com`,
    phone: `+5255${n}`,
    dateOfBirth: '1988-02-14',
    language: 'es',
    ...overrides,
  };
}

const slotKey = (s: {providerId: string; start: string}): string => `${s.providerId}|${Date.parse(s.start)}`;

function durationOf(services: readonly Service[], providerId: string): number {
  return services.reduce(
    (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
    0,
  );
}

// ---------------------------------------------------------------------------------------------

export interface ContractOptions {
  /**
   * Tests this adapter cannot pass yet, by title, each with the reason (e.g. the backend's slice
   * that will bring it). They are reported as skipped, never as passed; keep the list short and
   * honest.
   */
  readonly skip?: Readonly<Record<string, string>>;
}

export function describeAdapterContract(
  name: string,
  makeHarness: () => Promise<AdapterHarness>,
  contractOptions: ContractOptions = {},
): void {
  const skip = contractOptions.skip ?? {};
  const known = new Set<string>();
  /** `it`, except for the titles in `skip`, which are registered as skipped with their reason. */
  const it = (title: string, body: (ctx: TestContext) => unknown): void => {
    known.add(title);
    if (title in skip) vitestIt.skip(`${title} [skipped: ${skip[title]}]`, () => undefined);
    else vitestIt(title, body);
  };
  describe(`PortalAdapter contract: ${name}`, () => {
    let h: AdapterHarness;
    let a: PortalAdapter;
    let caps: Capabilities;
    let clinic: Clinic;
    let catalog: Catalog;

    beforeEach(async () => {
      h = await makeHarness();
      a = h.adapter;
      caps = await a.getCapabilities();
      clinic = await a.getClinic();
      catalog = await a.getCatalog();
    });

    afterEach(async () => {
      await h.close();
    });

    // -- harness helpers (closures over the current harness)

    const hasClock = () => h.advance !== undefined || h.setNow !== undefined;
    const needClock = (ctx: TestContext) => {
      if (!hasClock()) ctx.skip('the harness has no clock control');
    };

    async function serverNow(): Promise<number> {
      return ms((await a.getServerTime()).now);
    }

    async function advance(by: number): Promise<void> {
      if (h.advance) await h.advance(by);
      else if (h.setNow) await h.setNow((await serverNow()) + by);
      else throw new Error('no clock control');
    }

    async function advanceTo(t: number): Promise<void> {
      const now = await serverNow();
      if (t > now) await advance(t - now);
    }

    async function outboxSince(count: number): Promise<OutboxMessage[]> {
      return (await h.outbox()).slice(count);
    }

    async function outboxSize(): Promise<number> {
      return (await h.outbox()).length;
    }

    async function signIn(request: SignInRequest = h.knownPatient): Promise<Session> {
      const before = await outboxSize();
      const result = await a.signIn(request);
      if (result.status === 'signed-in') return result.session;
      const message = (await outboxSince(before)).find((m) => m.kind === 'sign-in-code');
      expect(message?.code).toBeTruthy();
      return a.verifySignInCode(result.challengeId, message?.code ?? '');
    }

    /** Sends a code to the phone, reads it from the outbox, returns the verification token. */
    async function verifyPhone(phone: string): Promise<string> {
      const challenge = await a.sendPhoneCode({phone, language: 'es'});
      const message = (await h.outbox()).filter((m) => m.kind === 'phone-code' && m.to === phone).pop();
      expect(message?.code).toMatch(/^\d{6}$/);
      return a.verifyPhoneCode(challenge.id, message?.code ?? '');
    }

    const needsPhoneToken = () => clinic.booking.phoneVerification && caps.smsCodes;

    function depositDue(services: readonly Service[]): boolean {
      if (caps.payments === false) return false;
      return services.some((s) => (s.deposit ?? clinic.deposit?.defaultDeposit)?.amountMinor);
    }

    async function availability(
      services: readonly Service[],
      providerId = 'any',
      days = 21,
    ): Promise<Slot[]> {
      const now = await serverNow();
      const provider =
        providerId === 'any' && !clinic.booking.allowAnyProvider ? firstProvider(services) : providerId;
      const result = await a.getAvailability({
        serviceIds: services.map((s) => s.id),
        providerId: provider,
        from: new Date(now).toISOString(),
        to: new Date(now + days * DAY).toISOString(),
      });
      return [...result.slots];
    }

    function firstProvider(services: readonly Service[]): string {
      const p = catalog.providers.find((pr) => services.every((s) => s.providerIds.includes(pr.id)));
      expect(p, 'a provider who performs every service').toBeTruthy();
      return p?.id ?? '';
    }

    /** `count` slots that do not overlap one another, for a service without a deposit. */
    async function pickSlots(
      count: number,
      options: {mode?: 'in-person' | 'video'; deposit?: boolean; after?: number} = {},
    ): Promise<{services: Service[]; slots: Slot[]}> {
      const candidates = catalog.services.filter(
        (s) =>
          (options.mode === undefined || s.mode === options.mode) &&
          depositDue([s]) === (options.deposit ?? false) &&
          s.providerIds.length > 0,
      );
      for (const service of candidates) {
        const all = await availability([service]);
        const chosen: Slot[] = [];
        for (const slot of all) {
          if (options.after !== undefined && ms(slot.start) < options.after) continue;
          const clash = chosen.some(
            (c) =>
              c.providerId === slot.providerId && ms(c.start) < ms(slot.end) && ms(slot.start) < ms(c.end),
          );
          if (!clash) chosen.push(slot);
          if (chosen.length === count) return {services: [service], slots: chosen};
        }
      }
      throw new Error(`no service with ${count} free slots (mode ${options.mode ?? 'any'})`);
    }

    async function bookingRequest(
      slot: Slot,
      services: readonly Service[],
      options: {signedIn?: boolean; patient?: PatientDetails; key?: string} = {},
    ): Promise<BookingRequest> {
      const base = {
        slot,
        serviceIds: services.map((s) => s.id),
        idempotencyKey: options.key ?? `key-${Math.random().toString(36).slice(2)}-${++unique}`,
        privacyConsent: true,
        policyAccepted: true,
        language: 'es' as const,
      };
      if (options.signedIn) return base;
      const patient = options.patient ?? newDetails();
      const token = needsPhoneToken() ? await verifyPhone(patient.phone) : undefined;
      return token ? {...base, patient, phoneVerificationToken: token} : {...base, patient};
    }

    async function listAll(query: Omit<AppointmentQuery, 'cursor' | 'limit'>): Promise<Appointment[]> {
      const items: Appointment[] = [];
      let cursor: string | undefined;
      do {
        const page = await a.listAppointments({...query, limit: 100, ...(cursor ? {cursor} : {})});
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    }

    async function stillFree(services: readonly Service[], slot: Slot): Promise<boolean> {
      const slots = await availability(services, slot.providerId);
      return slots.some((s) => slotKey(s) === slotKey(slot));
    }

    /** Signed in as the known patient, one booked appointment on a slot without a deposit. */
    async function bookedAppointment(options: {mode?: 'in-person' | 'video'; after?: number} = {}) {
      await signIn();
      const {services, slots} = await pickSlots(1, options);
      const appointment = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
      return {services, slot: slots[0], appointment};
    }

    // =========================================================================================
    describe('clinic, capabilities and time', () => {
      it('describes its capabilities', () => {
        expect(['password', 'external']).toContain(caps.signIn.kind);
        if (caps.signIn.kind === 'external') expect(caps.signIn.name).toBeTruthy();
        for (const key of [
          'selfRegistration',
          'invitations',
          'passwordReset',
          'smsCodes',
          'holds',
          'confirm',
          'cancel',
          'reschedule',
          'telehealth',
          'testReminder',
          'reminderLinks',
        ] as const) {
          expect(typeof caps[key], key).toBe('boolean');
        }
        expect([false, 'sms', 'email']).toContain(caps.secondFactor);
        expect([false, 'demo', 'stripe']).toContain(caps.payments);
        expect(Array.isArray(caps.reminderChannels)).toBe(true);
        for (const c of caps.reminderChannels) expect(['sms', 'voice']).toContain(c);
      });

      it('describes the clinic', () => {
        expect(clinic.id).toBeTruthy();
        expect(clinic.name).toBeTruthy();
        expect(() => new Intl.DateTimeFormat('en', {timeZone: clinic.timeZone})).not.toThrow();
        expect(clinic.currency).toMatch(/^[A-Z]{3}$/);
        expect(clinic.phone).toMatch(/^\+[1-9]\d{7,14}$/);
        expect(clinic.languages.length).toBeGreaterThan(0);
        expect(new URL(clinic.privacy.noticeUrl).protocol).toBe('https:');
        expect(clinic.booking.minNoticeMinutes).toBeGreaterThanOrEqual(0);
        expect(clinic.booking.horizonDays).toBeGreaterThan(0);
        expect(clinic.cancellation.windowHours).toBeGreaterThanOrEqual(0);
        expect(clinic.reminders.maxPhones).toBeGreaterThan(0);
        for (const hrs of clinic.reminders.offeredHours) expect(hrs).toBeGreaterThan(0);
        if (clinic.telehealth) {
          for (const host of clinic.telehealth.allowedHosts) expect(host).not.toContain('/');
        }
      });

      it('tells the server time as RFC 3339 with an offset', async (ctx) => {
        const now = await serverNow();
        if (!hasClock()) {
          expect(Math.abs(now - Date.now())).toBeLessThan(DAY);
          ctx.skip('no clock control to compare with');
        }
        await advance(HOUR);
        expect(Math.abs((await serverNow()) - (now + HOUR))).toBeLessThan(2000);
      });

      it('serves a consistent catalog', () => {
        expect(catalog.categories.length).toBeGreaterThan(0);
        expect(catalog.services.length).toBeGreaterThan(0);
        const categories = new Set(catalog.categories.map((c) => c.id));
        const providers = new Set(catalog.providers.map((p) => p.id));
        expect(new Set(catalog.services.map((s) => s.id)).size).toBe(catalog.services.length);
        for (const s of catalog.services) {
          expect(categories.has(s.categoryId), s.id).toBe(true);
          expect(['in-person', 'video']).toContain(s.mode);
          expect(s.durationMinutes).toBeGreaterThan(0);
          for (const p of s.providerIds) expect(providers.has(p), `${s.id} → ${p}`).toBe(true);
          for (const [p, terms] of Object.entries(s.providerTerms ?? {})) {
            expect(providers.has(p)).toBe(true);
            expect(terms.durationMinutes).toBeGreaterThan(0);
          }
          expect(Object.keys(s.name).length).toBeGreaterThan(0);
        }
      });

      it('lists cancellation reasons', async () => {
        const reasons = await a.getCancellationReasons();
        expect(reasons.length).toBeGreaterThan(0);
        expect(new Set(reasons.map((r) => r.id)).size).toBe(reasons.length);
        for (const r of reasons) {
          expect(Object.keys(r.label).length).toBeGreaterThan(0);
          expect(typeof r.needsText).toBe('boolean');
        }
      });

      it('returns copies: changing an answer does not change the backend', async () => {
        const first = await a.getCatalog();
        (first.services as Service[]).length = 0;
        (first.categories[0] as {name: Record<string, string>}).name.es = 'cambiado';
        const again = await a.getCatalog();
        expect(again).toEqual(catalog);
      });
    });

    // =========================================================================================
    describe('sign-in and session', () => {
      it('has no session before signing in', async () => {
        expect(await a.getSession()).toBeNull();
      });

      it('signs in, keeps, extends and ends the session', async () => {
        const session = await signIn();
        expect(session.patient.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        expect(session.patient.dateOfBirth).toBe(h.knownPatient.dateOfBirth);
        expect(session.method).toBe('password');
        const now = await serverNow();
        if (session.expiresAt) expect(ms(session.expiresAt)).toBeGreaterThan(now);
        const again = await a.getSession();
        expect(again?.id).toBe(session.id);
        expect(again?.patient.id).toBe(session.patient.id);
        const extended = await a.extendSession();
        expect(extended.patient.id).toBe(session.patient.id);
        if (session.expiresAt && extended.expiresAt) {
          expect(ms(extended.expiresAt)).toBeGreaterThanOrEqual(ms(session.expiresAt));
        }
        await a.signOut();
        expect(await a.getSession()).toBeNull();
        await expectNotSignedIn(a.listAppointments({when: 'upcoming'}));
        await expectNotSignedIn(a.getReminderPreferences());
        await expectNotSignedIn(a.extendSession());
      });

      it('treats a wrong password and an unknown email identically', async () => {
        const before = await outboxSize();
        const wrong = await expectFields(
          a.signIn({email: h.knownPatient.email, password: `${h.knownPatient.password}x`}),
          {
            credentials: 'invalid',
          },
        );
        const afterWrong = await outboxSize();
        const unknown = await expectFields(
          a.signIn({email: 'nobody.here@example.com', password: 'whatever-it-is-1'}),
          {
            credentials: 'invalid',
          },
        );
        expect(unknown).toEqual(wrong);
        expect(afterWrong).toBe(before);
        expect(await outboxSize()).toBe(before);
        const e1 = await rejection(a.signIn({email: h.knownPatient.email, password: 'wrong-password-2'}));
        const e2 = await rejection(
          a.signIn({email: 'other.nobody@example.com', password: 'wrong-password-2'}),
        );
        expect((e1 as Error).name).toBe((e2 as Error).name);
        expect((e1 as Error).message).toBe((e2 as Error).message);
        expect(await a.getSession()).toBeNull();
      });

      it('compares the password exactly as typed (no trimming)', async () => {
        await expectFields(
          a.signIn({email: h.knownPatient.email, password: ` ${h.knownPatient.password} `}),
          {
            credentials: 'invalid',
          },
        );
      });

      it('rate-limits repeated failures for one email, known or not', async () => {
        for (const email of [h.knownPatient.email, 'rate.limit.nobody@example.com']) {
          for (let i = 0; i < 5; i++) {
            await expectFields(a.signIn({email, password: `wrong-password-${i}`}), {credentials: 'invalid'});
          }
          const e = (await expectCode(
            a.signIn({email, password: `wrong-password-6`}),
            'rate-limited',
          )) as PortalError & {
            retryAfterSeconds: number;
          };
          expect(e.retryAfterSeconds).toBeGreaterThan(0);
          expect(e.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
          expect(e.retryable).toBe(true);
        }
        // Even the right password waits.
        await expectCode(a.signIn(h.knownPatient), 'rate-limited');
      });

      it('lets the patient in again once the rate limit has passed', async (ctx) => {
        needClock(ctx);
        for (let i = 0; i < 5; i++)
          await rejection(a.signIn({email: h.knownPatient.email, password: `nope-nope-${i}`}));
        const e = (await expectCode(a.signIn(h.knownPatient), 'rate-limited')) as PortalError & {
          retryAfterSeconds: number;
        };
        await advance(e.retryAfterSeconds * 1000 + 1000);
        expect((await signIn()).patient.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
      });

      it('ends the session after 15 idle minutes, sliding with use', async (ctx) => {
        needClock(ctx);
        await signIn();
        await advance(10 * MINUTE);
        await a.listAppointments({when: 'upcoming'});
        await advance(10 * MINUTE);
        expect(await a.getSession()).not.toBeNull();
        await a.listAppointments({when: 'upcoming'});
        await advance(15 * MINUTE + 1000);
        expect(await a.getSession()).toBeNull();
        await expectNotSignedIn(a.listAppointments({when: 'upcoming'}));
      });

      it('needs a signed-in patient for every patient operation', async () => {
        await expectNotSignedIn(a.listAppointments({when: 'all'}));
        await expectNotSignedIn(a.getAppointment('anything'));
        await expectNotSignedIn(a.getReminderPreferences());
        await expectNotSignedIn(a.completeOnboarding());
        await expectNotSignedIn(
          a.saveReminderPreferences({email: h.knownPatient.email, phones: [], hours: []}),
        );
        if (caps.confirm) await expectNotSignedIn(a.confirmAppointment('anything'));
        if (caps.cancel) {
          await expectNotSignedIn(a.getCancellationQuote('anything'));
          await expectNotSignedIn(
            a.cancelAppointment({appointmentId: 'anything', reasonId: 'other', note: 'x'}),
          );
        }
        if (caps.testReminder) await expectNotSignedIn(a.sendTestReminder('email'));
        if (caps.telehealth) await expectNotSignedIn(a.getVideoJoin('anything'));
      });

      it('supports a second factor only when it says so', async () => {
        if (caps.secondFactor === false) {
          await expectNotSupported(a.verifySignInCode('any-challenge', '123456'));
          const result = await a.signIn(h.knownPatient);
          expect(result.status).toBe('signed-in');
          return;
        }
        const result = await a.signIn(h.knownPatient);
        expect(result.status).toBe('second-factor');
        if (result.status !== 'second-factor') return;
        await expectCode(a.verifySignInCode(result.challengeId, '000000'), 'validation');
      });

      it('records that onboarding is done', async () => {
        await signIn();
        await a.completeOnboarding();
        expect((await a.getSession())?.patient.onboardingDone).toBe(true);
      });
    });

    // =========================================================================================
    describe('invitations', () => {
      /** The pending invitation, read from the invitation email's link (or the harness's token). */
      async function invitation(): Promise<{token: string; email?: string}> {
        const sent = (await h.outbox()).filter((x) => x.kind === 'invitation' && linkWithToken(x));
        const known = h.invitationToken;
        const m = known
          ? sent.find((x) => Object.values(x.links).some((l) => l.includes(known)))
          : sent.pop();
        if (m) {
          const token = tokenOf(linkWithToken(m) ?? '');
          if (known) expect(token).toBe(known);
          return {token, email: m.to};
        }
        return {token: known ?? ''};
      }

      it('accepts an invitation read from the outbox link, once', async (ctx) => {
        if (!caps.invitations) {
          await expectNotSupported(a.getInvitation('any-token'));
          await expectNotSupported(a.acceptInvitation('any-token', STRONG));
          return;
        }
        const {token, email} = await invitation();
        if (!token) ctx.skip('no pending invitation in this harness');
        const info = await a.getInvitation(token);
        expect(info.givenName).toBeTruthy();
        expect(info.maskedEmail).toContain('@');
        if (email) expect(info.maskedEmail).not.toBe(email);
        await expectFields(a.acceptInvitation(token, 'short'), {password: 'password-too-short'});
        await expectFields(a.acceptInvitation(token, 'password'), {password: 'password-too-common'});
        // A refused password does not use the link up.
        await a.getInvitation(token);
        const session = await a.acceptInvitation(token, STRONG);
        expect(session.method).toBe('invitation');
        expect(session.patient.givenName).toBe(info.givenName);
        await expectCode(a.getInvitation(token), 'invalid-link');
        await expectCode(a.acceptInvitation(token, STRONG), 'invalid-link');
        if (email) {
          await a.signOut();
          expect((await signIn({email, password: STRONG})).patient.id).toBe(session.patient.id);
        }
      });

      it('refuses an unknown invitation token', async () => {
        if (!caps.invitations) return void (await expectNotSupported(a.getInvitation('nope')));
        await expectCode(a.getInvitation('not-a-real-token-0000000000000000'), 'invalid-link');
        await expectCode(a.acceptInvitation('not-a-real-token-0000000000000000', STRONG), 'invalid-link');
      });
    });

    // =========================================================================================
    describe('self-registration', () => {
      it('registers, verifies by the emailed link, then signs in', async () => {
        const details = newDetails();
        const request = {patient: details, password: STRONG, privacyConsent: true};
        if (!caps.selfRegistration) {
          await expectNotSupported(a.register(request));
          await expectNotSupported(a.verifyEmail('any-token'));
          return;
        }
        const before = await outboxSize();
        expect(await a.register(request)).toBeUndefined();
        const mail = (await outboxSince(before)).filter(
          (m) => m.to.toLowerCase() === details.email.toLowerCase(),
        );
        expect(mail.length).toBe(1);
        expect(mail[0].channel).toBe('email');
        expect(mail[0].language).toBe('es');
        const link = linkWithToken(mail[0]);
        expect(link).toBeTruthy();
        // Not verified yet: the generic sign-in failure.
        await expectFields(a.signIn({email: details.email, password: STRONG}), {credentials: 'invalid'});
        const session = await a.verifyEmail(tokenOf(link ?? ''));
        expect(session.method).toBe('verification');
        expect(session.patient.email.toLowerCase()).toBe(details.email.toLowerCase());
        expect(session.patient.givenName).toBe(details.givenName);
        expect(session.patient.familyName).toBe(details.familyName);
        expect(session.patient.dateOfBirth).toBe(details.dateOfBirth);
        await expectCode(a.verifyEmail(tokenOf(link ?? '')), 'invalid-link');
        await a.signOut();
        expect((await signIn({email: details.email, password: STRONG})).patient.id).toBe(session.patient.id);
      });

      it('answers a registration for an existing email exactly like a new one', async () => {
        if (!caps.selfRegistration) return;
        const fresh = await a.register({patient: newDetails(), password: STRONG, privacyConsent: true});
        const before = await outboxSize();
        const existing = await a.register({
          patient: newDetails({email: h.knownPatient.email}),
          password: STRONG,
          privacyConsent: true,
        });
        expect(existing).toEqual(fresh);
        // The owner may be told, but no account changed: the old password still works, the new one does not.
        for (const m of await outboxSince(before))
          expect(m.to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        await expectFields(a.signIn({email: h.knownPatient.email, password: STRONG}), {
          credentials: 'invalid',
        });
        expect((await signIn()).patient.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
      });

      it('validates the details with field names', async () => {
        if (!caps.selfRegistration) return;
        const fields = await expectFields(
          a.register({
            patient: newDetails({
              email: 'not-an-email',
              phone: '5512345678' as `+${string}`,
              dateOfBirth: '2999-01-01',
            }),
            password: STRONG,
            privacyConsent: !clinic.privacy.explicitConsent,
          }),
          {
            'patient.email': 'invalid-email',
            'patient.phone': 'invalid-phone',
            'patient.dateOfBirth': 'date-in-future',
          },
        );
        if (clinic.privacy.explicitConsent) expect(fields.privacyConsent).toBe('consent-required');
        await expectFields(
          a.register({
            patient: newDetails({dateOfBirth: '1990-02-31'}),
            password: STRONG,
            privacyConsent: true,
          }),
          {
            'patient.dateOfBirth': 'invalid-date',
          },
        );
        await expectFields(
          a.register({patient: newDetails({givenName: '  '}), password: STRONG, privacyConsent: true}),
          {
            'patient.givenName': 'required',
          },
        );
      });

      it('applies the password rules (QUALITY 15)', async () => {
        if (!caps.selfRegistration) return;
        const reg = (password: string) => a.register({patient: newDetails(), password, privacyConsent: true});
        await expectFields(reg('short'), {password: 'password-too-short'});
        // Seven emoji are 14 UTF-16 code units but 7 characters: too short.
        await expectFields(reg('😀😀😀😀😀😀😀'), {password: 'password-too-short'});
        await expectFields(reg('password'), {password: 'password-too-common'});
        await expectFields(reg('12345678'), {password: 'password-too-common'});
        await expectFields(reg('contraseña'), {password: 'password-too-common'});
        await expectFields(reg('x'.repeat(1025)), {password: true});
      });

      it('accepts a long password with spaces, emoji and ñ, unmodified (QUALITY 15)', async () => {
        expect([...LONG_PASSWORD].length).toBeGreaterThanOrEqual(64);
        const details = newDetails();
        if (caps.selfRegistration) {
          const before = await outboxSize();
          await a.register({patient: details, password: LONG_PASSWORD, privacyConsent: true});
          const m = (await outboxSince(before)).find(
            (x) => x.to.toLowerCase() === details.email.toLowerCase(),
          );
          await a.verifyEmail(tokenOf(linkWithToken(m as OutboxMessage) ?? ''));
          await a.signOut();
          await signIn({email: details.email, password: LONG_PASSWORD});
          await a.signOut();
          await expectFields(a.signIn({email: details.email, password: LONG_PASSWORD.trim()}), {
            credentials: 'invalid',
          });
        } else if (caps.passwordReset) {
          const before = await outboxSize();
          await a.requestPasswordReset({
            email: h.knownPatient.email,
            dateOfBirth: h.knownPatient.dateOfBirth,
            language: 'es',
          });
          const m = (await outboxSince(before)).find((x) => x.kind === 'password-reset');
          await a.resetPassword(tokenOf(linkWithToken(m as OutboxMessage) ?? ''), LONG_PASSWORD);
          await a.signOut();
          await signIn({email: h.knownPatient.email, password: LONG_PASSWORD});
        }
      });
    });

    // =========================================================================================
    describe('password reset', () => {
      const request = () => ({
        email: h.knownPatient.email,
        dateOfBirth: h.knownPatient.dateOfBirth,
        language: 'en' as const,
      });

      it('sends nothing for a wrong date of birth or an unknown email, and answers the same', async () => {
        if (!caps.passwordReset) {
          await expectNotSupported(a.requestPasswordReset(request()));
          await expectNotSupported(a.checkPasswordReset('any'));
          await expectNotSupported(a.resetPassword('any', STRONG));
          return;
        }
        const before = await outboxSize();
        const wrongDob = await a.requestPasswordReset({...request(), dateOfBirth: '1901-01-01'});
        const unknown = await a.requestPasswordReset({...request(), email: 'nobody.reset@example.com'});
        expect(await outboxSize()).toBe(before);
        const right = await a.requestPasswordReset(request());
        expect(right).toEqual(wrongDob);
        expect(right).toEqual(unknown);
        const mail = await outboxSince(before);
        expect(mail.length).toBe(1);
        expect(mail[0].kind).toBe('password-reset');
        expect(mail[0].language).toBe('en');
        expect(mail[0].to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
      });

      it('resets the password through the single-use emailed link', async () => {
        if (!caps.passwordReset) return;
        const before = await outboxSize();
        await a.requestPasswordReset(request());
        const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
        const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
        await a.checkPasswordReset(token);
        await expectFields(a.resetPassword(token, 'qwerty123'), {password: 'password-too-common'});
        await a.checkPasswordReset(token);
        const session = await a.resetPassword(token, STRONG);
        expect(session.method).toBe('reset');
        expect(session.patient.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        await expectCode(a.resetPassword(token, `${STRONG}!`), 'invalid-link');
        await expectCode(a.checkPasswordReset(token), 'invalid-link');
        await a.signOut();
        await expectFields(a.signIn(h.knownPatient), {credentials: 'invalid'});
        await signIn({email: h.knownPatient.email, password: STRONG});
      });

      it('refuses an unknown reset token', async () => {
        if (!caps.passwordReset) return;
        await expectCode(a.checkPasswordReset('not-a-real-token-000000000000000'), 'invalid-link');
        await expectCode(a.resetPassword('not-a-real-token-000000000000000', STRONG), 'invalid-link');
      });

      it('expires the link after 60 minutes', async (ctx) => {
        if (!caps.passwordReset) return;
        needClock(ctx);
        const before = await outboxSize();
        await a.requestPasswordReset(request());
        const mail = (await outboxSince(before)).find((m) => m.kind === 'password-reset');
        const token = tokenOf(linkWithToken(mail as OutboxMessage) ?? '');
        await advance(61 * MINUTE);
        await expectCode(a.checkPasswordReset(token), 'invalid-link');
      });
    });

    // =========================================================================================
    describe('phone codes', () => {
      const phone = '+525598765432';

      it('sends a 6-digit code and verifies it', async () => {
        if (!caps.smsCodes) {
          await expectNotSupported(a.sendPhoneCode({phone, language: 'es'}));
          await expectNotSupported(a.verifyPhoneCode('any', '123456'));
          return;
        }
        await expectFields(a.sendPhoneCode({phone: '5598765432', language: 'es'}), {phone: true});
        const now = await serverNow();
        const challenge = await a.sendPhoneCode({phone, language: 'es'});
        expect(challenge.length).toBe(6);
        expect(ms(challenge.expiresAt)).toBeGreaterThan(now);
        expect(ms(challenge.resendAt)).toBeGreaterThan(now);
        expect(ms(challenge.expiresAt)).toBeGreaterThan(ms(challenge.resendAt));
        const sms = (await h.outbox()).filter((m) => m.to === phone && m.kind === 'phone-code').pop();
        expect(sms?.channel).toBe('sms');
        expect(sms?.code).toMatch(/^\d{6}$/);
        expect(sms?.text).toContain(sms?.code ?? '-');
        const wrong = sms?.code === '000000' ? '111111' : '000000';
        await expectFields(a.verifyPhoneCode(challenge.id, wrong), {code: 'code-invalid'});
        const token = await a.verifyPhoneCode(challenge.id, sms?.code ?? '');
        expect(typeof token).toBe('string');
        expect(token.length).toBeGreaterThan(0);
        // A code works once.
        await expectFields(a.verifyPhoneCode(challenge.id, sms?.code ?? ''), {code: true});
      });

      it('rate-limits resending and counts down from the server', async () => {
        if (!caps.smsCodes) return;
        await a.sendPhoneCode({phone, language: 'en'});
        const e = (await expectCode(
          a.sendPhoneCode({phone, language: 'en'}),
          'rate-limited',
        )) as PortalError & {
          retryAfterSeconds: number;
        };
        expect(e.retryAfterSeconds).toBeGreaterThan(0);
        expect(e.retryAfterSeconds).toBeLessThanOrEqual(60);
      });

      it('invalidates the code after 5 wrong tries', async () => {
        if (!caps.smsCodes) return;
        const challenge = await a.sendPhoneCode({phone, language: 'es'});
        const code = (await h.outbox()).filter((m) => m.to === phone).pop()?.code ?? '';
        const wrong = code === '000000' ? '111111' : '000000';
        for (let i = 0; i < 5; i++) await expectFields(a.verifyPhoneCode(challenge.id, wrong), {code: true});
        await expectFields(a.verifyPhoneCode(challenge.id, code), {code: true});
      });

      it('allows a new code after the resend time and expires the old one', async (ctx) => {
        if (!caps.smsCodes) return;
        needClock(ctx);
        const first = await a.sendPhoneCode({phone, language: 'es'});
        const firstCode = (await h.outbox()).filter((m) => m.to === phone).pop()?.code ?? '';
        await advanceTo(ms(first.resendAt) + 1000);
        const second = await a.sendPhoneCode({phone, language: 'es'});
        expect(second.id).not.toBe(first.id);
        await advanceTo(ms(first.expiresAt) + 1000);
        await expectFields(a.verifyPhoneCode(first.id, firstCode), {code: true});
      });
    });

    // =========================================================================================
    describe('availability', () => {
      it('offers future slots inside the range, sorted, in the clinic zone', async () => {
        const service = catalog.services[0];
        const now = await serverNow();
        const from = now + 1 * DAY;
        const to = now + 15 * DAY;
        const result = await a.getAvailability({
          serviceIds: [service.id],
          providerId: clinic.booking.allowAnyProvider ? 'any' : firstProvider([service]),
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        });
        expect(result.timeZone).toBe(clinic.timeZone);
        expect(result.slots.length).toBeGreaterThan(0);
        let last = -Infinity;
        for (const s of result.slots) {
          const start = ms(s.start);
          expect(start).toBeGreaterThanOrEqual(from);
          expect(start).toBeLessThan(to);
          expect(start).toBeGreaterThanOrEqual(now + clinic.booking.minNoticeMinutes * MINUTE);
          expect(start).toBeGreaterThanOrEqual(last);
          last = start;
          expect(ms(s.end) - start).toBe(durationOf([service], s.providerId) * MINUTE);
          expect(service.providerIds).toContain(s.providerId);
          expect([...s.serviceIds]).toEqual([service.id]);
          expect(s.mode).toBe(service.mode);
          expect(s.id).toBeTruthy();
        }
      });

      it('never offers a slot that starts within the minimum notice', async () => {
        const service = catalog.services[0];
        const slots = await availability([service], 'any', 2);
        const now = await serverNow();
        for (const s of slots)
          expect(ms(s.start)).toBeGreaterThanOrEqual(now + clinic.booking.minNoticeMinutes * MINUTE);
      });

      it('gives one provider’s slots when asked, and "any" covers every provider offering the services', async () => {
        const service = catalog.services.find((s) => s.providerIds.length > 1) ?? catalog.services[0];
        for (const providerId of service.providerIds) {
          const slots = await availability([service], providerId, 14);
          for (const s of slots) expect(s.providerId).toBe(providerId);
        }
        if (!clinic.booking.allowAnyProvider) return;
        const any = await availability([service], 'any', 14);
        expect(any.length).toBeGreaterThan(0);
        for (const s of any) expect(service.providerIds).toContain(s.providerId);
      });

      it('offers a multi-service visit as one slot as long as the services together', async (ctx) => {
        const pair = catalog.services
          .flatMap((x) => catalog.services.map((y) => [x, y] as const))
          .find(
            ([x, y]) =>
              x.id < y.id && x.mode === y.mode && x.providerIds.some((p) => y.providerIds.includes(p)),
          );
        if (!pair) ctx.skip('no two services share a provider');
        const services = [...(pair as readonly [Service, Service])];
        const slots = await availability(services, 'any', 14);
        expect(slots.length).toBeGreaterThan(0);
        for (const s of slots) {
          expect(ms(s.end) - ms(s.start)).toBe(durationOf(services, s.providerId) * MINUTE);
          for (const sv of services) expect(sv.providerIds).toContain(s.providerId);
          expect([...s.serviceIds]).toEqual(services.map((x) => x.id));
        }
      });

      it('refuses unknown services and a provider who does not offer them', async () => {
        const now = await serverNow();
        const range = {from: new Date(now).toISOString(), to: new Date(now + 7 * DAY).toISOString()};
        await expectCode(
          a.getAvailability({serviceIds: ['no-such-service'], providerId: 'any', ...range}),
          'validation',
        );
        const service = catalog.services.find((s) => s.providerIds.length < catalog.providers.length);
        const outsider = catalog.providers.find((p) => service && !service.providerIds.includes(p.id));
        if (service && outsider) {
          await expectCode(
            a.getAvailability({serviceIds: [service.id], providerId: outsider.id, ...range}),
            'validation',
          );
        }
      });
    });

    // =========================================================================================
    describe('holds', () => {
      it('holds a slot so no one else sees it, until released', async () => {
        const {services, slots} = await pickSlots(1);
        if (!caps.holds) {
          await expectNotSupported(
            a.holdSlot(
              slots[0],
              services.map((s) => s.id),
            ),
          );
          await expectNotSupported(a.releaseHold('any'));
          return;
        }
        const now = await serverNow();
        const hold = await a.holdSlot(
          slots[0],
          services.map((s) => s.id),
        );
        expect(hold.id).toBeTruthy();
        expect(slotKey(hold.slot)).toBe(slotKey(slots[0]));
        const expires = ms(hold.expiresAt);
        expect(expires).toBeGreaterThan(now);
        expect(Math.abs(expires - (now + clinic.booking.holdMinutes * MINUTE))).toBeLessThan(5000);
        expect(await stillFree(services, slots[0])).toBe(false);
        await a.releaseHold(hold.id);
        expect(await stillFree(services, slots[0])).toBe(true);
      });

      it('books a held slot with the hold, and refuses it to anyone else', async () => {
        if (!caps.holds) return;
        const {services, slots} = await pickSlots(1);
        const hold = await a.holdSlot(
          slots[0],
          services.map((s) => s.id),
        );
        await expectCode(a.book(await bookingRequest(slots[0], services)), 'slot-taken');
        const appointment = await a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id});
        expect(slotKey(appointment)).toBe(slotKey(slots[0]));
      });

      it('frees the slot when the hold expires, and still books with the expired hold if no one took it', async (ctx) => {
        if (!caps.holds) return;
        needClock(ctx);
        const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
        const hold = await a.holdSlot(
          slots[0],
          services.map((s) => s.id),
        );
        await advance((clinic.booking.holdMinutes + 1) * MINUTE);
        expect(await stillFree(services, slots[0])).toBe(true);
        const appointment = await a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id});
        expect(slotKey(appointment)).toBe(slotKey(slots[0]));
      });

      it('reports an expired hold whose slot was taken meanwhile', async (ctx) => {
        if (!caps.holds) return;
        needClock(ctx);
        const {services, slots} = await pickSlots(1, {after: (await serverNow()) + DAY});
        const hold = await a.holdSlot(
          slots[0],
          services.map((s) => s.id),
        );
        await advance((clinic.booking.holdMinutes + 1) * MINUTE);
        await a.book(await bookingRequest(slots[0], services));
        await expectCode(
          a.book({...(await bookingRequest(slots[0], services)), holdId: hold.id}),
          'hold-expired',
          'slot-taken',
        );
      });
    });

    // =========================================================================================
    describe('booking', () => {
      it('books a new patient and sends a confirmation', async () => {
        const {services, slots} = await pickSlots(1);
        const request = await bookingRequest(slots[0], services);
        const before = await outboxSize();
        const appointment = await a.book(request);
        expect(appointment.id).toBeTruthy();
        expect(['booked', 'pending', 'confirmed']).toContain(appointment.status);
        expect(ms(appointment.start)).toBe(ms(slots[0].start));
        expect(ms(appointment.end)).toBe(ms(slots[0].end));
        expect(appointment.providerId).toBe(slots[0].providerId);
        expect(appointment.providerName).toBeTruthy();
        expect(appointment.services.map((s) => s.id)).toEqual(services.map((s) => s.id));
        expect(appointment.mode).toBe(services[0].mode);
        expect(appointment.actions.addToCalendar).toBe(true);
        expect(JSON.stringify(appointment)).not.toContain(request.patient?.email ?? '@@');
        expect(JSON.stringify(appointment)).not.toContain(request.patient?.phone ?? '@@');
        const mail = (await outboxSince(before)).filter(
          (m) =>
            m.kind === 'booking-confirmation' && m.to.toLowerCase() === request.patient?.email.toLowerCase(),
        );
        expect(mail.length).toBe(1);
        expect(await stillFree(services, slots[0])).toBe(false);
      });

      it('books a known email without revealing it: same response shape', async () => {
        const {services, slots} = await pickSlots(2);
        const fresh = await a.book(await bookingRequest(slots[0], services));
        const known = await a.book(
          await bookingRequest(slots[1], services, {
            patient: newDetails({email: h.knownPatient.email, dateOfBirth: h.knownPatient.dateOfBirth}),
          }),
        );
        expect(Object.keys(known).sort()).toEqual(Object.keys(fresh).sort());
        expect(known.status).toBe(fresh.status);
        await signIn();
        const mine = await listAll({when: 'upcoming'});
        expect(mine.map((x) => x.id)).toContain(known.id);
        expect(mine.map((x) => x.id)).not.toContain(fresh.id);
      });

      it('returns the same appointment for the same idempotency key', async () => {
        const {services, slots} = await pickSlots(1);
        await signIn();
        const request = await bookingRequest(slots[0], services, {signedIn: true});
        const first = await a.book(request);
        const second = await a.book(request);
        expect(second.id).toBe(first.id);
        const list = await listAll({when: 'upcoming'});
        expect(list.filter((x) => x.id === first.id).length).toBe(1);
        expect(
          list.filter((x) => ms(x.start) === ms(slots[0].start) && x.providerId === slots[0].providerId)
            .length,
        ).toBe(1);
      });

      it('books once for five parallel calls with one key (QUALITY 20)', async () => {
        const {services, slots} = await pickSlots(1);
        await signIn();
        const request = await bookingRequest(slots[0], services, {signedIn: true});
        const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => a.book(request)));
        const ids = new Set(
          results.map((r) => (r.status === 'fulfilled' ? r.value.id : `rejected:${String(r.reason)}`)),
        );
        expect(ids.size).toBe(1);
        expect([...ids][0]).not.toMatch(/^rejected/);
        const list = await listAll({when: 'upcoming'});
        expect(list.filter((x) => slotKey(x) === slotKey(slots[0])).length).toBe(1);
      });

      it('lets exactly one of two racing bookings have the slot (QUALITY 21)', async () => {
        const {services, slots} = await pickSlots(1);
        const [r1, r2] = [await bookingRequest(slots[0], services), await bookingRequest(slots[0], services)];
        const results = await Promise.allSettled([a.book(r1), a.book(r2)]);
        expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
        const failed = results.find((r) => r.status === 'rejected');
        expect(isPortalError(failed?.reason)).toBe(true);
        expect((failed?.reason as PortalError).code).toBe('slot-taken');
        expect((failed?.reason as PortalError).retryable).toBe(false);
      });

      it('refuses the same key with a different request', async () => {
        const {services, slots} = await pickSlots(2);
        await signIn();
        const request = await bookingRequest(slots[0], services, {signedIn: true});
        await a.book(request);
        await expectFields(a.book({...request, slot: slots[1]}), {idempotencyKey: 'invalid'});
      });

      it('validates patient details, consent and policy with field names', async () => {
        const {services, slots} = await pickSlots(1);
        const request = await bookingRequest(slots[0], services);
        const fields = await expectFields(
          a.book({
            ...request,
            patient: {
              ...(request.patient as PatientDetails),
              email: 'ana@',
              phone: '+52 55' as `+${string}`,
              dateOfBirth: '2999-12-31',
              givenName: '',
            },
            privacyConsent: false,
            policyAccepted: false,
          }),
          {
            'patient.email': 'invalid-email',
            'patient.phone': 'invalid-phone',
            'patient.dateOfBirth': 'date-in-future',
            'patient.givenName': 'required',
          },
        );
        if (clinic.privacy.explicitConsent) expect(fields.privacyConsent).toBe('consent-required');
        if (clinic.cancellation.acceptanceRequired) expect(fields.policyAccepted).toBe('policy-required');
        const {patient: _omit, ...noPatient} = request;
        await expectCode(a.book(noPatient), 'validation', 'not-signed-in');
        expect(await stillFree(services, slots[0])).toBe(true);
      });

      it('requires a verified phone from a patient who is not signed in, when the clinic does', async () => {
        const {services, slots} = await pickSlots(1);
        const request = await bookingRequest(slots[0], services);
        const {phoneVerificationToken: token, ...without} = request;
        if (!needsPhoneToken()) {
          expect(token).toBeUndefined();
          return;
        }
        await expectFields(a.book(without), {phoneVerificationToken: true});
        await expectFields(a.book({...without, phoneVerificationToken: 'forged-token-0000000000'}), {
          phoneVerificationToken: true,
        });
        // A token for another phone does not count.
        await expectFields(
          a.book({...request, patient: {...(request.patient as PatientDetails), phone: '+525500000001'}}),
          {phoneVerificationToken: true},
        );
        expect((await a.book(request)).id).toBeTruthy();
      });

      it('creates a deposit intent when one is due, and requires it to book', async (ctx) => {
        const {services, slots} = await pickSlots(1);
        if (caps.payments === false) {
          await expectNotSupported(
            a.createDepositIntent(
              slots[0],
              services.map((s) => s.id),
              'k1',
            ),
          );
          return;
        }
        expect(
          await a.createDepositIntent(
            slots[0],
            services.map((s) => s.id),
            'no-deposit-key',
          ),
        ).toBeNull();
        let withDeposit: {services: Service[]; slots: Slot[]};
        try {
          withDeposit = await pickSlots(1, {deposit: true});
        } catch {
          return ctx.skip('no service with a deposit');
        }
        const ids = withDeposit.services.map((s) => s.id);
        const intent = await a.createDepositIntent(withDeposit.slots[0], ids, 'deposit-key');
        expect(intent).not.toBeNull();
        expect(intent?.amount.amountMinor).toBeGreaterThan(0);
        expect(intent?.amount.currency).toBe(clinic.currency);
        expect(intent?.provider).toBe(caps.payments);
        expect((await a.createDepositIntent(withDeposit.slots[0], ids, 'deposit-key'))?.id).toBe(intent?.id);
        const request = await bookingRequest(withDeposit.slots[0], withDeposit.services);
        await expectFields(a.book(request), {paymentIntentId: 'required'});
        if (!h.payDeposit) return ctx.skip('the harness cannot pay a deposit');
        await expectCode(a.book({...request, paymentIntentId: intent?.id}), 'payment-failed');
        await h.payDeposit(intent as PaymentIntent);
        const appointment = await a.book({...request, paymentIntentId: intent?.id});
        expect(appointment.depositPaid).toEqual(intent?.amount);
      });

      it('books as the signed-in patient without details', async () => {
        const {services, slots} = await pickSlots(1);
        const session = await signIn();
        const appointment = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
        expect((await a.getAppointment(appointment.id)).id).toBe(appointment.id);
        expect((await a.getSession())?.patient.id).toBe(session.patient.id);
      });
    });

    // =========================================================================================
    describe('appointments', () => {
      it('pages through upcoming (ascending) and past (descending) appointments', async () => {
        const {services, slots} = await pickSlots(3);
        await signIn();
        for (const slot of slots) await a.book(await bookingRequest(slot, services, {signedIn: true}));
        const all = await listAll({when: 'upcoming'});
        expect(all.length).toBeGreaterThanOrEqual(3);
        const paged: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await a.listAppointments({when: 'upcoming', limit: 2, ...(cursor ? {cursor} : {})});
          expect(page.items.length).toBeLessThanOrEqual(2);
          if (page.total !== undefined) expect(page.total).toBe(all.length);
          paged.push(...page.items.map((x) => x.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 100);
        expect(paged).toEqual(all.map((x) => x.id));
        const now = await serverNow();
        for (let i = 1; i < all.length; i++)
          expect(ms(all[i].start)).toBeGreaterThanOrEqual(ms(all[i - 1].start));
        for (const x of all) {
          expect(['pending', 'booked', 'confirmed']).toContain(x.status);
          expect(ms(x.end)).toBeGreaterThan(now);
        }
        const past = await listAll({when: 'past'});
        for (let i = 1; i < past.length; i++)
          expect(ms(past[i].start)).toBeLessThanOrEqual(ms(past[i - 1].start));
        for (const x of past) {
          expect(x.actions.confirm).toBe(false);
          expect(x.actions.cancel).toBe(false);
          expect(x.actions.reschedule).toBe(false);
        }
        const everything = await listAll({when: 'all'});
        expect(everything.length).toBe(all.length + past.length);
      });

      it('filters by status and time range, and caps the page size', async () => {
        const {appointment} = await bookedAppointment();
        const booked = await listAll({when: 'all', statuses: [appointment.status]});
        for (const x of booked) expect(x.status).toBe(appointment.status);
        expect(booked.map((x) => x.id)).toContain(appointment.id);
        const start = ms(appointment.start);
        const ranged = await listAll({
          when: 'all',
          from: new Date(start).toISOString(),
          to: new Date(start + 1000).toISOString(),
        });
        expect(ranged.map((x) => x.id)).toContain(appointment.id);
        for (const x of ranged) expect(ms(x.start)).toBe(start);
        const big = await a.listAppointments({when: 'all', limit: 1000});
        expect(big.items.length).toBeLessThanOrEqual(100);
      });

      it('shows an appointment only to its patient', async () => {
        const {services, slots} = await pickSlots(1);
        const other = await a.book(await bookingRequest(slots[0], services));
        await signIn();
        await expectCode(a.getAppointment(other.id), 'not-found', 'forbidden');
        await expectCode(a.getAppointment('no-such-appointment'), 'not-found');
        expect((await listAll({when: 'all'})).map((x) => x.id)).not.toContain(other.id);
      });

      it('confirms a booked appointment', async () => {
        const {appointment} = await bookedAppointment();
        if (!caps.confirm) {
          expect(appointment.actions.confirm).toBe(false);
          await expectNotSupported(a.confirmAppointment(appointment.id));
          return;
        }
        expect(appointment.status).toBe('booked');
        expect(appointment.actions.confirm).toBe(true);
        const confirmed = await a.confirmAppointment(appointment.id);
        expect(confirmed.status).toBe('confirmed');
        expect(confirmed.actions.confirm).toBe(false);
        expect((await a.getAppointment(appointment.id)).status).toBe('confirmed');
      });

      it('quotes a cancellation: free outside the window, the late fee inside it', async (ctx) => {
        const {appointment} = await bookedAppointment({
          after: (await serverNow()) + (clinic.cancellation.windowHours + 2) * HOUR,
        });
        if (!caps.cancel) {
          await expectNotSupported(a.getCancellationQuote(appointment.id));
          return;
        }
        const windowStart = ms(appointment.start) - clinic.cancellation.windowHours * HOUR;
        const early = await a.getCancellationQuote(appointment.id);
        expect(early.late).toBe(false);
        expect(early.fee).toBeUndefined();
        expect(ms(early.windowStart)).toBe(windowStart);
        needClock(ctx);
        await advanceTo(windowStart + MINUTE);
        await signIn();
        const late = await a.getCancellationQuote(appointment.id);
        expect(late.late).toBe(true);
        expect(late.fee).toEqual(clinic.cancellation.lateFee);
        const cancelled = await a.cancelAppointment({
          appointmentId: appointment.id,
          reasonId: (await a.getCancellationReasons())[0].id,
          note: 'x',
        });
        expect(cancelled.cancellation?.fee).toEqual(clinic.cancellation.lateFee);
      });

      it('cancels with a reason: the appointment moves to past and frees the slot', async () => {
        const {appointment, services, slot} = await bookedAppointment();
        if (!caps.cancel) {
          expect(appointment.actions.cancel).toBe(false);
          await expectNotSupported(
            a.cancelAppointment({appointmentId: appointment.id, reasonId: 'other', note: 'x'}),
          );
          return;
        }
        expect(appointment.actions.cancel).toBe(true);
        const reasons = await a.getCancellationReasons();
        const withText = reasons.find((r) => r.needsText);
        const plain = reasons.find((r) => !r.needsText) ?? reasons[0];
        await expectFields(a.cancelAppointment({appointmentId: appointment.id, reasonId: 'no-such-reason'}), {
          reasonId: true,
        });
        if (withText) {
          await expectFields(a.cancelAppointment({appointmentId: appointment.id, reasonId: withText.id}), {
            note: 'required',
          });
          await expectFields(
            a.cancelAppointment({appointmentId: appointment.id, reasonId: withText.id, note: '   '}),
            {
              note: 'required',
            },
          );
        }
        expect((await a.getAppointment(appointment.id)).status).toBe(appointment.status);
        const before = await outboxSize();
        const cancelled = await a.cancelAppointment({appointmentId: appointment.id, reasonId: plain.id});
        expect(cancelled.status).toBe('cancelled');
        expect(cancelled.cancellation?.reasonId).toBe(plain.id);
        expect(cancelled.cancellation?.by).toBe('patient');
        expect(cancelled.actions).toMatchObject({
          confirm: false,
          cancel: false,
          reschedule: false,
          join: false,
        });
        expect((await listAll({when: 'upcoming'})).map((x) => x.id)).not.toContain(appointment.id);
        expect((await listAll({when: 'past'})).map((x) => x.id)).toContain(appointment.id);
        expect(await stillFree(services, slot)).toBe(true);
        expect((await outboxSince(before)).some((m) => m.kind === 'cancellation')).toBe(true);
        if (withText) {
          const second = await bookedAppointment();
          const other = await a.cancelAppointment({
            appointmentId: second.appointment.id,
            reasonId: withText.id,
            note: 'Me cambié de ciudad',
          });
          expect(other.cancellation?.note).toBe('Me cambié de ciudad');
        }
      });

      it('reschedules in one step, and leaves the appointment untouched when the new slot is taken', async () => {
        const {services, slots} = await pickSlots(3);
        await signIn();
        const appointment = await a.book(await bookingRequest(slots[0], services, {signedIn: true}));
        if (!caps.reschedule) {
          expect(appointment.actions.reschedule).toBe(false);
          await expectNotSupported(
            a.rescheduleAppointment({appointmentId: appointment.id, slot: slots[1], idempotencyKey: 'r1'}),
          );
          return;
        }
        expect(appointment.actions.reschedule).toBe(true);
        const moved = await a.rescheduleAppointment({
          appointmentId: appointment.id,
          slot: slots[1],
          idempotencyKey: 'r1',
        });
        expect(ms(moved.start)).toBe(ms(slots[1].start));
        expect(moved.providerId).toBe(slots[1].providerId);
        expect(['booked', 'pending', 'confirmed']).toContain(moved.status);
        // Same key again: same result, no second move.
        expect(
          (
            await a.rescheduleAppointment({
              appointmentId: appointment.id,
              slot: slots[1],
              idempotencyKey: 'r1',
            })
          ).id,
        ).toBe(moved.id);
        const upcoming = await listAll({when: 'upcoming'});
        expect(upcoming.filter((x) => slotKey(x) === slotKey(slots[0])).length).toBe(0);
        expect(upcoming.filter((x) => slotKey(x) === slotKey(slots[1])).length).toBe(1);
        expect(await stillFree(services, slots[0])).toBe(true);
        expect(await stillFree(services, slots[1])).toBe(false);
        // Someone takes slots[2]; moving there fails and changes nothing.
        await a.signOut();
        await a.book(await bookingRequest(slots[2], services));
        await signIn();
        await expectCode(
          a.rescheduleAppointment({appointmentId: moved.id, slot: slots[2], idempotencyKey: 'r2'}),
          'slot-taken',
        );
        const unchanged = await a.getAppointment(moved.id);
        expect(ms(unchanged.start)).toBe(ms(slots[1].start));
        expect(unchanged.status).toBe(moved.status);
        expect(await stillFree(services, slots[1])).toBe(false);
      });
    });

    // =========================================================================================
    describe('reminder links', () => {
      /** A fresh appointment, the clock just past its nearest reminder, reminders sent: the email's tokens. */
      async function reminderTokens(ctx: TestContext) {
        needClock(ctx);
        if (!h.runReminders) ctx.skip('the harness cannot run reminders');
        const {appointment} = await bookedAppointment({after: (await serverNow()) + 4 * HOUR});
        const prefs = await a.getReminderPreferences();
        await a.saveReminderPreferences({...prefs, hours: [...clinic.reminders.offeredHours]});
        const nearest = Math.min(...clinic.reminders.offeredHours);
        await advanceTo(ms(appointment.start) - nearest * HOUR + MINUTE);
        const before = await outboxSize();
        await h.runReminders?.();
        const mails = (await outboxSince(before)).filter(
          (m) =>
            m.kind === 'reminder' &&
            m.channel === 'email' &&
            m.to.toLowerCase() === h.knownPatient.email.toLowerCase(),
        );
        expect(mails.length).toBe(1);
        await h.runReminders?.();
        expect(
          (await outboxSince(before)).filter((m) => m.kind === 'reminder' && m.channel === 'email').length,
        ).toBe(1);
        const links = mails[0].links;
        return {
          appointment,
          confirm: links.confirm ? tokenOf(links.confirm) : undefined,
          cancel: links.cancel ? tokenOf(links.cancel) : undefined,
        };
      }

      it('refuses unknown tokens', async () => {
        if (!caps.reminderLinks) {
          await expectNotSupported(a.resolveReminderToken('any'));
          await expectNotSupported(a.applyReminderAction({token: 'any'}));
          return;
        }
        await expectCode(a.resolveReminderToken('not-a-real-token-000000000000'), 'invalid-link');
        await expectCode(a.applyReminderAction({token: 'not-a-real-token-000000000000'}), 'invalid-link');
      });

      it('confirms from the reminder email without signing in, once', async (ctx) => {
        if (!caps.reminderLinks) return;
        const {appointment, confirm} = await reminderTokens(ctx);
        if (!caps.confirm) return void expect(confirm).toBeUndefined();
        expect(confirm).toBeTruthy();
        await a.signOut();
        const info = await a.resolveReminderToken(confirm as string);
        expect(info.action).toBe('confirm');
        expect(info.appointment.id).toBe(appointment.id);
        expect(info.withoutSignIn).toBe(true);
        const confirmed = await a.applyReminderAction({token: confirm as string});
        expect(confirmed.status).toBe('confirmed');
        await expectCode(a.applyReminderAction({token: confirm as string}), 'invalid-link');
        await expectCode(a.resolveReminderToken(confirm as string), 'invalid-link');
      });

      it('cancels from the reminder email with a reason, once', async (ctx) => {
        if (!caps.reminderLinks) return;
        const {appointment, cancel} = await reminderTokens(ctx);
        if (!caps.cancel) return void expect(cancel).toBeUndefined();
        expect(cancel).toBeTruthy();
        await a.signOut();
        const info = await a.resolveReminderToken(cancel as string);
        expect(info.action).toBe('cancel');
        expect(info.appointment.id).toBe(appointment.id);
        await expectFields(a.applyReminderAction({token: cancel as string}), {reasonId: 'required'});
        const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
        const cancelled = await a.applyReminderAction({
          token: cancel as string,
          reasonId: reason?.id ?? 'other',
          note: 'x',
        });
        expect(cancelled.status).toBe('cancelled');
        await expectCode(
          a.applyReminderAction({token: cancel as string, reasonId: reason?.id}),
          'invalid-link',
        );
      });
    });

    // =========================================================================================
    describe('reminder preferences', () => {
      const phone = (n: number, extra: Partial<ReminderPhone> = {}): ReminderPhone => ({
        number: `+52551000${String(n).padStart(4, '0')}` as `+${string}`,
        country: 'MX',
        sms: caps.reminderChannels.includes('sms'),
        voice: false,
        ...extra,
      });

      it('keeps the email on file and the offered hours', async () => {
        await signIn();
        const prefs = await a.getReminderPreferences();
        expect(prefs.email.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        expect(prefs.phones.length).toBeLessThanOrEqual(clinic.reminders.maxPhones);
        for (const hr of prefs.hours) expect(clinic.reminders.offeredHours).toContain(hr);
      });

      it('saves valid preferences', async () => {
        await signIn();
        const prefs = await a.getReminderPreferences();
        const hours = clinic.reminders.offeredHours.slice(0, 1);
        const saved = await a.saveReminderPreferences({
          email: prefs.email,
          phones: [phone(1), phone(2)],
          hours,
        });
        expect(saved.email).toBe(prefs.email);
        expect(saved.phones.map((p) => p.number)).toEqual([phone(1).number, phone(2).number]);
        expect([...saved.hours]).toEqual(hours);
        expect(await a.getReminderPreferences()).toEqual(saved);
      });

      it('refuses one phone too many, duplicates, bad numbers, another email and hours not offered', async () => {
        await signIn();
        const prefs = await a.getReminderPreferences();
        const many = Array.from({length: clinic.reminders.maxPhones + 1}, (_, i) => phone(i));
        await expectFields(a.saveReminderPreferences({...prefs, phones: many}), {phones: 'too-many'});
        await expectFields(a.saveReminderPreferences({...prefs, phones: [phone(1), phone(1)]}), {
          'phones.1': 'duplicate',
        });
        await expectFields(
          a.saveReminderPreferences({...prefs, phones: [{...phone(1), number: '+12' as `+${string}`}]}),
          {
            'phones.0': 'invalid-phone',
          },
        );
        await expectFields(a.saveReminderPreferences({...prefs, email: 'someone.else@example.com'}), {
          email: true,
        });
        await expectFields(a.saveReminderPreferences({...prefs, hours: [5]}), {hours: true});
        expect(await a.getReminderPreferences()).toEqual(prefs);
      });

      it('sends a test reminder to the outbox', async () => {
        await signIn();
        if (!caps.testReminder) {
          await expectNotSupported(a.sendTestReminder('email'));
          return;
        }
        const before = await outboxSize();
        await a.sendTestReminder('email');
        const mail = await outboxSince(before);
        expect(mail.length).toBe(1);
        expect(mail[0].kind).toBe('test-reminder');
        expect(mail[0].to.toLowerCase()).toBe(h.knownPatient.email.toLowerCase());
        for (const channel of ['sms', 'voice'] as const) {
          if (!caps.reminderChannels.includes(channel)) {
            await expectNotSupported(a.sendTestReminder(channel));
            continue;
          }
          const prefs = await a.getReminderPreferences();
          await a.saveReminderPreferences({
            ...prefs,
            phones: [phone(7, {sms: channel === 'sms', voice: channel === 'voice'})],
          });
          const n = await outboxSize();
          await a.sendTestReminder(channel);
          const sent = await outboxSince(n);
          expect(sent.length).toBe(1);
          expect(sent[0].channel).toBe(channel);
          expect(sent[0].to).toBe(phone(7).number);
        }
      });
    });

    // =========================================================================================
    describe('telehealth', () => {
      it('gives join links only while the room is open', async (ctx) => {
        if (!caps.telehealth) {
          await signIn();
          await expectNotSupported(a.getVideoJoin('any'));
          return;
        }
        if (!catalog.services.some((s) => s.mode === 'video')) ctx.skip('no video service');
        const {appointment} = await bookedAppointment({mode: 'video', after: (await serverNow()) + 3 * HOUR});
        expect(appointment.mode).toBe('video');
        expect(appointment.video).toBeTruthy();
        const closed = await a.getVideoJoin(appointment.id);
        expect(closed.state).toBe('not-open');
        expect(closed.appUrl).toBeUndefined();
        expect(closed.webUrl).toBeUndefined();
        const opensAt = ms(closed.opensAt);
        const opensBefore = clinic.telehealth?.opensMinutesBefore ?? 0;
        expect(opensAt).toBe(ms(appointment.start) - opensBefore * MINUTE);
        expect(ms(closed.endsAt)).toBe(ms(appointment.end));
        expect(appointment.actions.join).toBe(false);
        needClock(ctx);
        const allowed = clinic.telehealth?.allowedHosts ?? [];
        const check = (url: string | undefined, schemes: string[]) => {
          expect(url).toBeTruthy();
          const u = new URL(url as string);
          expect(schemes).toContain(u.protocol);
          if (u.protocol === 'https:') expect(allowed).toContain(u.hostname);
        };
        await advanceTo(opensAt + MINUTE);
        await signIn();
        const open = await a.getVideoJoin(appointment.id);
        expect(open.state).toBe('open');
        check(open.webUrl, ['https:']);
        check(open.appUrl, ['https:', 'zoommtg:', 'zoomus:', 'org.jitsi.meet:']);
        expect((await a.getAppointment(appointment.id)).actions.join).toBe(true);
        await advanceTo(ms(appointment.start) + MINUTE);
        await signIn();
        expect((await a.getVideoJoin(appointment.id)).state).toBe('in-progress');
        await advanceTo(ms(appointment.end) + MINUTE);
        await signIn();
        const ended = await a.getVideoJoin(appointment.id);
        expect(ended.state).toBe('ended');
        expect(ended.appUrl).toBeUndefined();
        expect(ended.webUrl).toBeUndefined();
      });

      it('says a cancelled video visit is cancelled', async (ctx) => {
        if (!caps.telehealth || !caps.cancel) return;
        if (!catalog.services.some((s) => s.mode === 'video')) ctx.skip('no video service');
        const {appointment} = await bookedAppointment({mode: 'video'});
        const reason = (await a.getCancellationReasons()).find((r) => !r.needsText);
        await a.cancelAppointment({
          appointmentId: appointment.id,
          reasonId: reason?.id ?? 'other',
          note: 'x',
        });
        const join = await a.getVideoJoin(appointment.id);
        expect(join.state).toBe('cancelled');
        expect(join.appUrl).toBeUndefined();
      });

      it('has no video room for an in-person visit', async () => {
        if (!caps.telehealth) return;
        const {appointment} = await bookedAppointment({mode: 'in-person'});
        await expectCode(a.getVideoJoin(appointment.id), 'not-found', 'validation');
      });

      it('measures the connection', async () => {
        const latency = await a.checkConnection();
        expect(typeof latency).toBe('number');
        expect(latency).toBeGreaterThanOrEqual(0);
      });
    });

    // =========================================================================================
    describe('abort', () => {
      const aborted = (reason?: unknown) => {
        const c = new AbortController();
        c.abort(reason);
        return c.signal;
      };

      it('rejects a read with AbortError when the signal is already aborted', async () => {
        const e = await rejection(a.getCatalog({signal: aborted()}));
        expect(isAbortError(e)).toBe(true);
        expect(isAbortError(await rejection(a.getServerTime({signal: aborted()})))).toBe(true);
      });

      it('rejects with the signal’s own reason', async () => {
        const reason = new Error('navigated away');
        expect(await rejection(a.getClinic({signal: aborted(reason)}))).toBe(reason);
      });

      it('applies no write after an abort', async () => {
        const {services, slots} = await pickSlots(1);
        await signIn();
        const request = await bookingRequest(slots[0], services, {signedIn: true});
        expect(isAbortError(await rejection(a.book(request, {signal: aborted()})))).toBe(true);
        expect(await stillFree(services, slots[0])).toBe(true);
        expect(
          (await listAll({when: 'upcoming'})).filter((x) => slotKey(x) === slotKey(slots[0])).length,
        ).toBe(0);
        // The same key afterwards books normally (nothing was recorded under it).
        expect(ms((await a.book(request)).start)).toBe(ms(slots[0].start));
        await a.signOut();
        expect(isAbortError(await rejection(a.signIn(h.knownPatient, {signal: aborted()})))).toBe(true);
        expect(await a.getSession()).toBeNull();
      });
    });
  });
  const unknown = Object.keys(skip).filter((t) => !known.has(t));
  if (unknown.length > 0) throw new Error(`skip list names tests that do not exist: ${unknown.join('; ')}`);
}
