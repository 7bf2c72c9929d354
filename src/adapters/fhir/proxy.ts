/**
 * Family members (proxy access, #21) on FHIR, in a chunk of its own (loaded when a holder lists
 * her people or acts for one). As SMART on FHIR and R4 model it: the signed-in patient's own
 * `Patient.link` (type `seealso`, managed by the clinic) names the `RelatedPerson` resources that
 * are her, one per person she may act for; each `RelatedPerson.patient` is that dependent, its
 * `relationship` (v3 RoleCode: what she is to the dependent — `MTH`, `PRN`, `SPS`, …) gives the
 * dependent's relationship to her, and the extension `proxy-scope` (`full` | `appointments`;
 * absent: `appointments`) the grant's scope. A grant is live while the RelatedPerson is `active`
 * and inside its `period`. Read again before every call made for a dependent, so a grant the
 * clinic ends stops the very next call. Which operations a scope allows is the shared rule
 * (`rules/proxy.ts`).
 */
import {NotFoundError} from '../adapter.js';
import type {ClinicData} from '../../domain/rules/index.js';
import {
  confidentialityMatters,
  hiddenFromProxy,
  keepsConfidential,
  orderPeople,
  proxyAllows,
  type PortalPerson,
  type ProxyScope,
  type Relationship,
} from '../../domain/rules/proxy.js';
import {instantToPlainDate} from '../../domain/time.js';
import type {Clinic, PlainDate, Session} from '../../domain/types.js';
import type {FhirHttp} from './http.js';
import type {CodeableConcept, Resource} from './profile.js';

export interface ProxyHost {
  readonly http: FhirHttp;
  /** The signed-in holder's Patient id (`NotSignedInError` without a live session). */
  holderId(): string;
  now(): number;
  /** The clinic's data (its family-access rules and which services are confidential). */
  clinic(signal?: AbortSignal): Promise<ClinicData>;
  /** `EXT.proxyScope` (the FHIR test server's `grantOf` is given it too). */
  readonly scopeUrl: string;
}

/** A live grant read from a RelatedPerson. */
export interface FhirGrant {
  readonly dependentId: string;
  readonly scope: ProxyScope;
  readonly relatedPerson: Resource;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const idIn = (reference: unknown, type: string): string | undefined => {
  const id = new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(String(reference ?? ''))?.[1];
  return id && ID.test(id) ? id : undefined;
};

/** The RelatedPerson ids a holder's Patient links to (`Patient.link.other`). */
export const linkedRelatedPersons = (patient: Resource): string[] =>
  ((patient.link as {other?: {reference?: string}}[] | undefined) ?? [])
    .map((l) => idIn(l?.other?.reference, 'RelatedPerson'))
    .filter((x): x is string => x !== undefined);

/**
 * The grant a RelatedPerson gives its holder (`holderId`) at `now`, if live: active, inside its
 * period, naming a patient other than the holder. The FHIR test server checks access with this
 * same function.
 */
export function grantOf(
  rp: Resource | undefined,
  holderId: string,
  now: number,
  scopeUrl: string,
): FhirGrant | undefined {
  if (rp?.resourceType !== 'RelatedPerson' || rp.active === false) return undefined;
  const period = rp.period as {start?: string; end?: string} | undefined;
  if (period?.start && !(Date.parse(period.start) <= now)) return undefined;
  if (period?.end && !(Date.parse(period.end) > now)) return undefined;
  const dependentId = idIn((rp.patient as {reference?: string} | undefined)?.reference, 'Patient');
  if (!dependentId || dependentId === holderId) return undefined;
  const scope = rp.extension?.find((e) => e.url === scopeUrl)?.valueCode === 'full' ? 'full' : 'appointments';
  return {dependentId, scope, relatedPerson: rp};
}

/** The holder's live grants, read now (her Patient's links, then each RelatedPerson). */
export async function grantsOf(host: ProxyHost, signal?: AbortSignal): Promise<FhirGrant[]> {
  const holderId = host.holderId();
  const patient = (await host.http.request('GET', `Patient/${holderId}`, {signal})).body;
  const read = await Promise.all(
    linkedRelatedPersons(patient).map((id) =>
      host.http.request('GET', `RelatedPerson/${id}`, {signal, allow404: true}),
    ),
  );
  const now = host.now();
  const grants: FhirGrant[] = [];
  for (const res of read) {
    const grant = res.status === 404 ? undefined : grantOf(res.body, holderId, now, host.scopeUrl);
    if (grant && !grants.some((g) => g.dependentId === grant.dependentId)) grants.push(grant);
  }
  return grants;
}

/**
 * Before a call made for `personId`: her live grant for that person, and an operation its scope
 * allows; otherwise `NotFoundError` (nothing revealed). Answers the grant's scope and which visits
 * are kept from her — a teenager's confidential care, by the shared rule (`keepsConfidential`,
 * `hiddenFromProxy` of `rules/proxy.ts`) — and refuses her messages and documents once they are
 * her own (`proxyAllows`). The dependent's `Patient.birthDate` is read only when the clinic marks a
 * service confidential or the operation is one of those; a record without a birth date keeps them
 * hidden.
 */
export async function checkActing(
  host: ProxyHost,
  personId: string,
  operation: string,
  signal?: AbortSignal,
): Promise<[ProxyScope, (serviceIds: readonly string[]) => boolean]> {
  const grant = (await grantsOf(host, signal)).find((g) => g.dependentId === personId);
  // Refused by the scope alone: nothing more to read.
  if (!grant || !proxyAllows(grant.scope, operation)) throw new NotFoundError();
  const {clinic, catalog} = await host.clinic(signal);
  const confidential = catalog.services.filter((s) => s.confidential);
  let keep = false;
  if (confidential.length > 0 || confidentialityMatters(operation)) {
    const born = (await host.http.request('GET', `Patient/${personId}`, {signal})).body.birthDate;
    keep = keptOwn(clinic, born, host.now());
  }
  // Her messages and documents are her own once she is old enough (`proxyAllows` with `keep`).
  if (!proxyAllows(grant.scope, operation, keep)) throw new NotFoundError();
  return [grant.scope, (serviceIds) => hiddenFromProxy({serviceIds}, confidential, keep)];
}

const V3_ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
/** She is the dependent's parent (mother, father, parent; natural, step, adoptive). */
const PARENT = /^(?:N|STP|ADOPT)?(?:MTH|FTH|PRN)$|^ADOPTP$/;
/** She is the dependent's child. */
const CHILD = /^(?:N|STP)?(?:CHILD|CHLD|DAU|SON)$|^(?:CHLD|DAU|SON)ADOPT$/;
const PARTNER = /^(?:SPS|HUSB|WIFE|DOMPART|SIGOTHR)$/;

/** The dependent's relationship to the holder, from hers to the dependent and the dependent's gender. */
export function relationshipOf(rp: Resource, gender: unknown): Relationship {
  const codes = ((rp.relationship as CodeableConcept[] | undefined) ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === V3_ROLE)
    .map((c) => c.code ?? '');
  const is = (re: RegExp) => codes.some((c) => re.test(c));
  if (is(PARENT)) return gender === 'female' ? 'daughter' : gender === 'male' ? 'son' : 'child';
  if (is(CHILD)) return gender === 'female' ? 'mother' : gender === 'male' ? 'father' : 'other';
  return is(PARTNER) ? 'partner' : 'other';
}

/**
 * Whether `keepsConfidential` holds for a dependent born `born` (`Patient.birthDate`) at `now`; a
 * record without a usable birth date keeps her confidential care, messages and documents hidden.
 */
function keptOwn(clinic: Clinic, born: unknown, now: number): boolean {
  return (
    typeof born !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(born) ||
    keepsConfidential(clinic, born as PlainDate, instantToPlainDate(now, clinic.timeZone))
  );
}

/** The signed-in holder (`self`), then the dependents of her live grants with their Patient's details. */
export async function listPeople(
  host: ProxyHost,
  holder: Session['patient'],
  signal?: AbortSignal,
): Promise<PortalPerson[]> {
  const grants = await grantsOf(host, signal);
  const {clinic} = await host.clinic(signal);
  const people = await Promise.all(
    grants.map(async (g): Promise<PortalPerson | undefined> => {
      const res = await host.http.request('GET', `Patient/${g.dependentId}`, {signal, allow404: true});
      if (res.status === 404) return undefined;
      const p = res.body;
      const name = (p.name as {given?: string[]; family?: string}[] | undefined)?.[0];
      return {
        id: g.dependentId,
        givenName: (name?.given ?? []).join(' '),
        familyName: name?.family ?? '',
        dateOfBirth: (p.birthDate ?? '1900-01-01') as PortalPerson['dateOfBirth'],
        relationship: relationshipOf(g.relatedPerson, p.gender),
        scope: g.scope,
        ...(keptOwn(clinic, p.birthDate, host.now()) ? {confidential: true} : {}),
      };
    }),
  );
  return orderPeople([
    {
      id: holder.id,
      givenName: holder.givenName,
      familyName: holder.familyName,
      dateOfBirth: holder.dateOfBirth,
      relationship: 'self',
      scope: 'full',
    },
    ...people.filter((p): p is PortalPerson => p !== undefined),
  ]);
}
