/**
 * The per-test state of the contract suite (harness, adapter, capabilities, clinic, catalog) and
 * the helpers every area uses, as closures over that state.
 */
import {expect, type TestContext} from 'vitest';
import type {
  AppointmentQuery,
  BookingRequest,
  Capabilities,
  PortalAdapter,
  SignInRequest,
} from '../../src/adapters/adapter.js';
import type {
  Appointment,
  Catalog,
  Clinic,
  OutboxMessage,
  PatientDetails,
  PlainDate,
  Service,
  Session,
  Slot,
} from '../../src/domain/types.js';
import type {AdapterHarness} from './harness.js';
import {DAY, ms, newDetails, nextUnique, slotKey} from './helpers.js';

/** `it`, as the suite registers tests (honouring its skip list). */
export type ContractIt = (title: string, body: (ctx: TestContext) => unknown) => void;

export interface ContractState {
  readonly h: AdapterHarness;
  readonly a: PortalAdapter;
  readonly caps: Capabilities;
  readonly clinic: Clinic;
  readonly catalog: Catalog;
}

export type ContractContext = ReturnType<typeof contractContext>;

export function contractContext(it: ContractIt) {
  let h: AdapterHarness;
  let a: PortalAdapter;
  let caps: Capabilities;
  let clinic: Clinic;
  let catalog: Catalog;

  /** Starts a test: a fresh harness from the backend, and what the adapter says about itself. */
  async function start(makeHarness: () => Promise<AdapterHarness>): Promise<void> {
    h = await makeHarness();
    a = h.adapter;
    caps = await a.getCapabilities();
    clinic = await a.getClinic();
    catalog = await a.getCatalog();
  }

  async function stop(): Promise<void> {
    await h.close();
  }

  const state = (): ContractState => ({h, a, caps, clinic, catalog});

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

  /**
   * Sets the backend's clock to `t` exactly when the harness can (`setNow`), else moves it forward
   * to about `t`; for tests at a rule's boundary.
   */
  async function clockAt(t: number): Promise<void> {
    if (h.setNow) await h.setNow(t);
    else await advanceTo(t);
  }

  /** The clinic's calendar date now (YYYY-MM-DD in its zone, by the backend's clock). */
  async function clinicToday(): Promise<PlainDate> {
    const parts = new Intl.DateTimeFormat('en', {
      timeZone: clinic.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(await serverNow());
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}` as PlainDate;
  }

  /** Whether the harness can read what the backend sends (else checks of messages are skipped). */
  const hasOutbox = () => h.outbox !== undefined;

  async function outboxSince(count: number): Promise<OutboxMessage[]> {
    return ((await h.outbox?.()) ?? []).slice(count);
  }

  async function outboxSize(): Promise<number> {
    return ((await h.outbox?.()) ?? []).length;
  }

  async function signIn(request: SignInRequest = h.knownPatient): Promise<Session> {
    if (caps.signIn.kind === 'external') {
      expect(h.signInExternal, 'the harness signs in through the external sign-in').toBeTruthy();
      return (h.signInExternal as () => Promise<Session>)();
    }
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
    const message = ((await h.outbox?.()) ?? [])
      .filter((m) => m.kind === 'phone-code' && m.to === phone)
      .pop();
    expect(message?.code).toMatch(/^\d{6}$/);
    return a.verifyPhoneCode(challenge.id, message?.code ?? '');
  }

  const needsPhoneToken = () => clinic.booking.phoneVerification && caps.smsCodes;

  function depositDue(services: readonly Service[]): boolean {
    if (caps.payments === false) return false;
    return services.some((s) => (s.deposit ?? clinic.deposit?.defaultDeposit)?.amountMinor);
  }

  async function availability(services: readonly Service[], providerId = 'any', days = 21): Promise<Slot[]> {
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
          (c) => c.providerId === slot.providerId && ms(c.start) < ms(slot.end) && ms(slot.start) < ms(c.end),
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
      idempotencyKey: options.key ?? `key-${Math.random().toString(36).slice(2)}-${nextUnique()}`,
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

  return {
    it,
    start,
    stop,
    state,
    hasClock,
    hasOutbox,
    needClock,
    serverNow,
    advance,
    advanceTo,
    clockAt,
    clinicToday,
    outboxSince,
    outboxSize,
    signIn,
    verifyPhone,
    needsPhoneToken,
    depositDue,
    availability,
    firstProvider,
    pickSlots,
    bookingRequest,
    listAll,
    stillFree,
    bookedAppointment,
  };
}
