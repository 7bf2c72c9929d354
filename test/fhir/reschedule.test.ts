/**
 * Rescheduling on the FHIR backend, read back from the FHIR test server itself (admin token): the
 * same Appointment moves (If-Match), the Slots it takes become busy under the request's key, the
 * ones it leaves become free, a move that overlaps the visit's own time works, a retry of an older
 * request never moves the visit back, and cancelling a moved visit frees every Slot it holds. The
 * shared contract ("reschedules in one step…") covers the patient's view; this covers the records.
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {FhirAdapter} from '../../src/adapters/fhir/index.js';
import type {Slot} from '../../src/adapters/adapter.js';
import {startFhirServerProcess, type FhirServerProcess} from './server-process.js';

let server: FhirServerProcess;
beforeAll(async () => {
  server = await startFhirServerProcess();
  await server.reset();
});
afterAll(async () => {
  await server?.stop();
});

const admin = {headers: {Authorization: 'Bearer admin'}};

interface StoredSlot {
  status: string;
  start: string;
}
interface StoredAppointment {
  status: string;
  start: string;
  slot?: {reference: string}[];
}

async function read<T>(path: string): Promise<T> {
  const res = await fetch(`${server.base}/${path}`, admin);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const slotIds = (a: StoredAppointment) => (a.slot ?? []).map((x) => x.reference.replace(/^Slot\//, ''));

it('moves the same Appointment, frees what it leaves, keeps what it overlaps, and never moves back on an old retry', async () => {
  const adapter = new FhirAdapter({baseUrl: server.base, retryBaseMs: 20});
  const begun = await adapter.beginSignIn('http://127.0.0.1/signed-in');
  const redirect = await fetch(begun.url, {redirect: 'manual'});
  await begun.complete(redirect.headers.get('location') ?? '');

  const catalog = await adapter.getCatalog();
  // A visit longer than one FHIR Slot, so that a move by one Slot overlaps the visit's own time.
  const service =
    catalog.services.find((s) => s.mode !== 'video' && s.durationMinutes > 15) ?? catalog.services[0]!;
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString() as Slot['start'];
  const to = new Date(Date.now() + 20 * 86_400_000).toISOString() as Slot['start'];
  const {slots} = await adapter.getAvailability({serviceIds: [service.id], providerId: 'any', from, to});
  // The first start that has a later start of the same provider inside its visit (the day's last
  // start has none: which one comes first depends on today's date), and one far from it.
  const inside = (a: Slot, b: Slot) =>
    b.providerId === a.providerId &&
    Date.parse(b.start) > Date.parse(a.start) &&
    Date.parse(b.start) < Date.parse(a.end);
  const first = slots.find((a) => slots.some((b) => inside(a, b))) ?? slots[0]!;
  const overlapping = slots.find((b) => inside(first, b));
  expect(overlapping, 'a start inside the first visit (a visit of more than one FHIR Slot)').toBeTruthy();
  const far = slots.find((s) => Date.parse(s.start) >= Date.parse(first.end) + 86_400_000);
  expect(far, 'a slot a day later').toBeTruthy();

  const booked = await adapter.book({
    slot: first,
    serviceIds: [service.id],
    idempotencyKey: `book-${Math.random().toString(36).slice(2)}`,
    privacyConsent: true,
    policyAccepted: true,
    language: 'es',
  });
  const before = await read<StoredAppointment>(`Appointment/${booked.id}`);
  const beforeSlots = slotIds(before);
  expect(beforeSlots.length).toBeGreaterThan(0);

  let current = before;
  {
    // Moving onto part of its own time: allowed (those Slots are the visit's), not "slot taken".
    const moved = await adapter.rescheduleAppointment({
      appointmentId: booked.id,
      slot: overlapping!,
      idempotencyKey: 'move-overlap',
    });
    expect(moved.id).toBe(booked.id);
    expect(Date.parse(moved.start)).toBe(Date.parse(overlapping!.start));
    current = await read<StoredAppointment>(`Appointment/${booked.id}`);
    for (const id of slotIds(current)) expect((await read<StoredSlot>(`Slot/${id}`)).status).toBe('busy');
    for (const id of beforeSlots.filter((x) => !slotIds(current).includes(x)))
      expect((await read<StoredSlot>(`Slot/${id}`)).status, `left Slot ${id}`).toBe('free');
  }

  const movedFar = await adapter.rescheduleAppointment({
    appointmentId: booked.id,
    slot: far!,
    idempotencyKey: 'move-far',
  });
  expect(Date.parse(movedFar.start)).toBe(Date.parse(far!.start));
  const afterFar = await read<StoredAppointment>(`Appointment/${booked.id}`);
  expect(afterFar.status).toBe('booked');
  for (const id of slotIds(afterFar)) expect((await read<StoredSlot>(`Slot/${id}`)).status).toBe('busy');
  for (const id of [...beforeSlots, ...slotIds(current)])
    expect((await read<StoredSlot>(`Slot/${id}`)).status, `Slot ${id} freed`).toBe('free');

  // A late retry of the first move answers without moving the visit back.
  {
    const retried = await adapter.rescheduleAppointment({
      appointmentId: booked.id,
      slot: overlapping!,
      idempotencyKey: 'move-overlap',
    });
    expect(Date.parse(retried.start)).toBe(Date.parse(far!.start));
  }

  // Cancelling the moved visit frees every Slot it holds (they carry the last move's key).
  const reasons = await adapter.getCancellationReasons();
  const reason = reasons.find((r) => !r.needsText) ?? reasons[0]!;
  await adapter.cancelAppointment({appointmentId: booked.id, reasonId: reason.id, note: 'prueba'});
  for (const id of slotIds(afterFar))
    expect((await read<StoredSlot>(`Slot/${id}`)).status, `Slot ${id} after cancel`).toBe('free');
});
