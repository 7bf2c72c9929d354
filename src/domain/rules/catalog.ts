/**
 * The catalog's rules: finding services, how long a visit lasts and what it costs with a given
 * provider, and what its appointments ask of the patient. Which services one visit may combine,
 * who performs them and the deposit: `visit-choice.ts`.
 */
import type {Service, VisitItem, VisitItemState} from '../types.js';
import type {ClinicData} from './clinic-data.js';

export function findService(data: Pick<ClinicData, 'catalog'>, id: string): Service | undefined {
  return data.catalog.services.find((s) => s.id === id);
}

/** The services with these ids, in that order, unknown ids left out. */
export function servicesIn(data: Pick<ClinicData, 'catalog'>, ids: readonly string[]): Service[] {
  return ids.map((id) => findService(data, id)).filter((s): s is Service => s !== undefined);
}

/** Minutes a visit of these services takes with this provider. */
export function durationWith(services: readonly Service[], providerId: string): number {
  // The minutes of visitTerms (visit-terms.ts), without its prices: the demo adapter's first chunk
  // needs only this.
  return services.reduce(
    (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
    0,
  );
}

/**
 * The longest a visit can last at this clinic, in minutes: every service once, each at its longest
 * with any provider (a bound, not a visit anyone books). What overlaps a time started at most this
 * long before it.
 */
export function longestVisitMinutes(data: Pick<ClinicData, 'catalog'>): number {
  return data.catalog.services.reduce(
    (sum, s) =>
      sum +
      Math.max(
        s.durationMinutes,
        ...Object.values(s.providerTerms ?? {}).map((t) => t?.durationMinutes ?? 0),
      ),
    0,
  );
}

/**
 * What an appointment of these services asks of the patient: the clinic's questionnaires and
 * consents for each service (in the given state, default to do) and its pre- and post-visit
 * instructions. Item ids derive from the appointment's id.
 */
export function visitItems(
  data: Pick<ClinicData, 'visitForms'>,
  appointmentId: string,
  services: readonly Service[],
  forms: {
    readonly questionnaire?: VisitItemState;
    readonly consent?: VisitItemState;
    /** Items done whatever their kind's state (by item id: a backend that keeps each item's answers). */
    readonly done?: ReadonlySet<string>;
  } = {},
): VisitItem[] {
  const items: VisitItem[] = [];
  const attached = data.visitForms ?? {};
  for (const s of services) {
    const f = attached[s.id];
    const base = `${appointmentId}-${s.id}`;
    if (f?.questionnaire)
      items.push({
        id: `${base}-q`,
        kind: 'questionnaire',
        phase: 'before',
        title: f.questionnaire,
        state: forms.done?.has(`${base}-q`) ? 'done' : (forms.questionnaire ?? 'to-do'),
        ...(f.questionnaireId ? {formId: f.questionnaireId} : {}),
      });
    if (f?.consent)
      items.push({
        id: `${base}-c`,
        kind: 'consent',
        phase: 'before',
        title: f.consent,
        state: forms.done?.has(`${base}-c`) ? 'done' : (forms.consent ?? 'to-do'),
        ...(f.consentId ? {formId: f.consentId} : {}),
      });
    if (s.preVisitInstructions)
      items.push({
        id: `${base}-pre`,
        kind: 'instructions',
        phase: 'before',
        title: s.name,
        state: 'info',
        body: s.preVisitInstructions,
      });
    if (s.postVisitInstructions)
      items.push({
        id: `${base}-post`,
        kind: 'instructions',
        phase: 'after',
        title: s.name,
        state: 'info',
        body: s.postVisitInstructions,
      });
  }
  return items;
}
