/**
 * `Appointment/$hold` and `Appointment/$book` for the FHIR test server (`scripts/fhir-server.ts
 * --operations hold,book`): a stub of the scheduling operations IHE ITI Scheduling and Argonaut
 * Scheduling define, so the FHIR adapter's operation path is tested against a real process as its
 * transaction path is. What it does, one call at a time (the server runs writes serially):
 *
 * - `$hold` (`appointment-resource`: a proposed Appointment naming its Slots): every Slot free → each
 *   `busy-tentative` with the `held-by` extension, and the Appointment stored `pending` with
 *   `hold-expires` (now + the server's hold minutes). Otherwise 409 (OperationOutcome `conflict`).
 *   Argonaut's form; IHE's `appointment-reference` to a `$find` result is not offered (no `$find`).
 * - `$book` (`appointment-resource`, status pending; its `id` a live hold of these Slots, or none):
 *   the Slots free or held by that hold → each `busy` (tagged with the booking's key, the adapter's
 *   documented `booking-key` extension, as a server records which booking took a slot), and the
 *   Appointment stored `booked`. A second `$book` with the same booking identifier returns the first
 *   Appointment. A Slot taken by anyone else → 409.
 * - `$find` (GET; `start`, `end`, `service-type` one or more `<system>|<HealthcareService id>`,
 *   optional `practitioner`): a `proposed` Appointment for every start where consecutive free
 *   Slots of one Schedule (one practitioner at one location) cover the visit — its length the
 *   longest of the services' (the practitioner's own `provider-terms` duration, else the service's
 *   `duration`), only for practitioners whose PractitionerRole offers every service.
 * - `sweep()` before every other request: a hold that expired or ended lets its Slots go `free` and
 *   its Appointment becomes `cancelled`.
 *
 * Both answer with a `searchset` Bundle holding the Appointment, as IHE's operations do.
 */
import {parseSearchRequest} from '@medplum/core';
import type {MemoryRepository} from '@medplum/fhir-router';
import type {
  Appointment,
  Bundle,
  HealthcareService,
  OperationOutcome,
  Parameters,
  PractitionerRole,
  Resource,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import {EXT, SYSTEM} from '../src/adapters/fhir/profile.js';

export type SchedulingOperation = 'find' | 'hold' | 'book';
type Answer = [number, Resource];

const problem = (status: number, code: string, text: string): Answer => [
  status,
  {resourceType: 'OperationOutcome', issue: [{severity: 'error', code, details: {text}}]} as OperationOutcome,
];

const bundleOf = (...appointments: Appointment[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: appointments.length,
  entry: appointments.map((resource) => ({resource, search: {mode: 'match'}})),
});

/** Minutes of a valueDuration (`min`, `h`). */
const minutesOf = (d: {value?: number; code?: string; unit?: string} | undefined): number | undefined =>
  d?.value === undefined ? undefined : (d.code ?? d.unit) === 'h' ? d.value * 60 : d.value;

const extValue = (
  r: {extension?: {url: string; valueString?: string; valueInstant?: string}[]},
  url: string,
) => r.extension?.find((e) => e.url === url);

const withoutExt = <T extends {extension?: {url: string}[]}>(r: T, ...urls: string[]): T => {
  const {extension: all, ...rest} = r;
  const extension = (all ?? []).filter((e) => !urls.includes(e.url));
  return (extension.length > 0 ? {...rest, extension} : rest) as T;
};

export class SchedulingOperations {
  constructor(
    private readonly repo: () => MemoryRepository,
    private readonly now: () => number,
    private readonly holdMinutes: number,
  ) {}

  private appointmentParameter(body: unknown): Appointment | undefined {
    const p = body as Parameters | undefined;
    if (p?.resourceType !== 'Parameters') return undefined;
    const r = p.parameter?.find((x) => x.name === 'appointment-resource')?.resource;
    return r?.resourceType === 'Appointment' ? r : undefined;
  }

  private async slotsOf(a: Appointment): Promise<Slot[] | undefined> {
    const ids = (a.slot ?? []).map((s) => /^Slot\/([A-Za-z0-9\-.]{1,64})$/.exec(s.reference ?? '')?.[1]);
    if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
    const slots: Slot[] = [];
    for (const id of ids) {
      try {
        slots.push(await this.repo().readResource<Slot>('Slot', id as string));
      } catch {
        return undefined;
      }
    }
    return slots;
  }

  private async appointment(id: string | undefined): Promise<Appointment | undefined> {
    if (!id) return undefined;
    try {
      return await this.repo().readResource<Appointment>('Appointment', id);
    } catch {
      return undefined;
    }
  }

  private liveHold(a: Appointment | undefined): boolean {
    const until = extValue(a ?? {}, EXT.holdExpires)?.valueInstant;
    return a?.status === 'pending' && until !== undefined && Date.parse(until) > this.now();
  }

  async find(query: URLSearchParams): Promise<Answer> {
    const start = Date.parse(query.get('start') ?? '');
    const end = Date.parse(query.get('end') ?? '');
    if (!Number.isFinite(start) || !Number.isFinite(end) || !(end > start))
      return problem(400, 'required', 'start and end (dateTime) are required');
    const serviceIds = query
      .getAll('service-type')
      .flatMap((v) => v.split(','))
      .map((v) => v.slice(v.lastIndexOf('|') + 1))
      .filter(Boolean);
    if (serviceIds.length === 0) return problem(400, 'required', 'service-type is required');
    const practitioner = query.get('practitioner')?.replace(/^Practitioner\//, '');
    const repo = this.repo();
    const services: HealthcareService[] = [];
    for (const id of serviceIds) {
      try {
        services.push(await repo.readResource<HealthcareService>('HealthcareService', id));
      } catch {
        return problem(400, 'invalid', 'unknown service-type');
      }
    }
    const roles = await repo.searchResources<PractitionerRole>(
      parseSearchRequest('PractitionerRole', {_count: '1000'}),
    );
    const schedules = await repo.searchResources<Schedule>(parseSearchRequest('Schedule', {_count: '1000'}));
    const found: Appointment[] = [];
    for (const schedule of schedules) {
      if (schedule.active === false) continue;
      const refs = (schedule.actor ?? []).map((a) => a.reference ?? '');
      const providerId = refs.find((r) => r.startsWith('Practitioner/'))?.slice('Practitioner/'.length);
      const location = refs.find((r) => r.startsWith('Location/'));
      if (!providerId || (practitioner && practitioner !== providerId)) continue;
      const role = roles.find(
        (r) => r.practitioner?.reference === `Practitioner/${providerId}` && r.active !== false,
      );
      const offered = new Set((role?.healthcareService ?? []).map((h) => h.reference));
      if (!services.every((sv) => offered.has(`HealthcareService/${sv.id}`))) continue;
      const minutes = Math.max(
        ...services.map((sv) => {
          const terms = (role?.extension ?? []).find(
            (e) =>
              e.url === EXT.providerTerms &&
              e.extension?.some(
                (x) => x.url === 'service' && x.valueReference?.reference === `HealthcareService/${sv.id}`,
              ),
          );
          const own = minutesOf(terms?.extension?.find((x) => x.url === 'duration')?.valueDuration);
          return own ?? minutesOf(sv.extension?.find((e) => e.url === EXT.duration)?.valueDuration) ?? 15;
        }),
      );
      const length = minutes * 60_000;
      const free = (
        await repo.searchResources<Slot>(
          parseSearchRequest('Slot', {
            schedule: `Schedule/${schedule.id}`,
            status: 'free',
            start: [`ge${new Date(start).toISOString()}`, `lt${new Date(end + length).toISOString()}`],
            _count: '5000',
          }),
        )
      )
        .filter((x) => x.status === 'free')
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
      for (let i = 0; i < free.length; i++) {
        const first = Date.parse(free[i]!.start);
        if (first >= end) break;
        const used: Slot[] = [free[i]!];
        let reach = Date.parse(free[i]!.end);
        for (
          let j = i + 1;
          reach < first + length && j < free.length && Date.parse(free[j]!.start) === reach;
          j++
        ) {
          used.push(free[j]!);
          reach = Date.parse(free[j]!.end);
        }
        if (reach < first + length) continue;
        found.push({
          resourceType: 'Appointment',
          status: 'proposed',
          start: new Date(first).toISOString(),
          end: new Date(first + length).toISOString(),
          minutesDuration: minutes,
          serviceType: services.map((sv) => ({coding: [{system: SYSTEM.service, code: sv.id}]})),
          slot: used.map((u) => ({reference: `Slot/${u.id}`})),
          participant: [
            {actor: {reference: `Practitioner/${providerId}`}, required: 'required', status: 'needs-action'},
            ...(location
              ? [
                  {
                    actor: {reference: location},
                    required: 'required' as const,
                    status: 'needs-action' as const,
                  },
                ]
              : []),
          ],
        });
      }
    }
    return [200, bundleOf(...found)];
  }

  /** Ends holds that expired or whose Appointment is no longer pending; frees their Slots. */
  async sweep(): Promise<void> {
    const held = await this.repo().searchResources<Slot>(
      parseSearchRequest('Slot', {status: 'busy-tentative', _count: '1000'}),
    );
    for (const slot of held) {
      const ref = extValue(slot, EXT.heldBy)?.valueString;
      if (!ref) continue;
      const hold = await this.appointment(ref.replace(/^Appointment\//, ''));
      if (this.liveHold(hold)) continue;
      if (hold?.status === 'pending') await this.repo().updateResource({...hold, status: 'cancelled'});
      await this.repo().updateResource({...withoutExt(slot, EXT.heldBy), status: 'free'});
    }
  }

  async hold(body: unknown): Promise<Answer> {
    const a = this.appointmentParameter(body);
    if (!a) return problem(400, 'required', 'the appointment-resource parameter is required');
    const slots = await this.slotsOf(a);
    if (!slots) return problem(400, 'invalid', 'the appointment must name existing slots');
    if (slots.some((s) => s.status !== 'free')) return problem(409, 'conflict', 'a slot is not free');
    const expires = new Date(this.now() + this.holdMinutes * 60_000).toISOString();
    const {id: _ignored, meta: _meta, ...fields} = a;
    const held = await this.repo().createResource<Appointment>({
      ...withoutExt(fields, EXT.holdExpires),
      status: 'pending',
      extension: [
        ...(withoutExt(fields, EXT.holdExpires).extension ?? []),
        {url: EXT.holdExpires, valueInstant: expires},
      ],
    });
    for (const s of slots)
      await this.repo().updateResource<Slot>({
        ...withoutExt(s, EXT.heldBy),
        status: 'busy-tentative',
        extension: [
          ...(withoutExt(s, EXT.heldBy).extension ?? []),
          {url: EXT.heldBy, valueString: `Appointment/${held.id}`},
        ],
      });
    return [200, bundleOf(held)];
  }

  async book(body: unknown): Promise<Answer> {
    const a = this.appointmentParameter(body);
    if (!a) return problem(400, 'required', 'the appointment-resource parameter is required');
    const key = a.identifier?.find((i) => i.system === SYSTEM.bookingKey)?.value;
    if (key) {
      const earlier = await this.repo().searchResources<Appointment>(
        parseSearchRequest('Appointment', {identifier: `${SYSTEM.bookingKey}|${key}`}),
      );
      const booked = earlier.find((e) => e.status !== 'pending' && e.status !== 'cancelled');
      if (booked) return [200, bundleOf(booked)];
    }
    const slots = await this.slotsOf(a);
    if (!slots) return problem(400, 'invalid', 'the appointment must name existing slots');
    const hold = await this.appointment(a.id);
    const held = hold !== undefined && this.liveHold(hold) ? hold : undefined;
    const ours = (s: Slot) =>
      s.status === 'free' ||
      (held !== undefined &&
        s.status === 'busy-tentative' &&
        extValue(s, EXT.heldBy)?.valueString === `Appointment/${held.id}`);
    if (!slots.every(ours)) return problem(409, 'conflict', 'a slot is not free');
    const {id: _ignored, meta: _meta, ...fields} = withoutExt(a, EXT.holdExpires);
    const booked = held
      ? await this.repo().updateResource<Appointment>({...fields, id: held.id, status: 'booked'})
      : await this.repo().createResource<Appointment>({...fields, status: 'booked'});
    for (const s of slots) {
      const rest = withoutExt(s, EXT.heldBy, EXT.bookingKey);
      await this.repo().updateResource<Slot>({
        ...rest,
        status: 'busy',
        ...(key ? {extension: [...(rest.extension ?? []), {url: EXT.bookingKey, valueString: key}]} : {}),
      });
    }
    return [200, bundleOf(booked)];
  }
}
